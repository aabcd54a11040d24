//! The search page in a real headless Chromium, driven over WebDriver
//! (chromedriver) against the real `newsidx serve` on loopback: search,
//! facets, the timeline, the article view, export, history, completion,
//! the language switch and a phone-sized window; and an archive whose
//! articles carry markup, which must run none of it.
//!
//! Needs `chromium` and `chromium-driver` (Debian packages; `.ci/run`
//! installs them). Without them the tests say so and pass, except under
//! `CI`, where a missing browser is a failure. Screenshots of the main
//! states go to `target/screenshots/`.
#![cfg(feature = "web")]

mod serving;
mod util;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use serving::Served;
use util::TestEnv;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The browser's paths, or `None` (with a message) when they are absent
/// outside CI.
fn browser_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        if std::env::var_os("CI").is_some() {
            panic!(
                "{CHROMIUM} or {CHROMEDRIVER} is missing under CI: install chromium and chromium-driver"
            );
        }
        eprintln!(
            "skipped: browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
        );
    }
    present
}

struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    serving::within(Duration::from_secs(20), "chromedriver ready", || {
        agent.get(format!("{url}/status")).call().is_ok()
    });
    Driver { child, url }
}

async fn session(driver: &Driver, downloads: &Path) -> Client {
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=id-ID", "--no-first-run"],
            "prefs": {"download.default_directory": downloads.display().to_string(),
                      "download.prompt_for_download": false}
        }
    });
    let caps = match caps {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("WebDriver session")
}

/// Waits until the page has finished its latest render.
async fn ready(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css("body[data-state=ready]"))
        .await
        .expect("page ready");
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.expect("script")
}

async fn shot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

async fn url_param(c: &Client, key: &str) -> Vec<String> {
    let url = c.current_url().await.expect("url");
    url.query_pairs()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .collect()
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .text()
        .await
        .expect("text")
}

/// An index of the sample archive plus the hostile fixture.
fn archive() -> (TestEnv, PathBuf) {
    let env = TestEnv::new();
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    env.build(&[&util::corpus(), &hostile]);
    let index = env.index();
    (env, index)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn search_facets_timeline_article_export_in_a_browser() {
    if !browser_present() {
        return;
    }
    let (env, index) = archive();
    let served = Served::start(&index, &[]);
    let driver = start_driver();
    let api_total = |query: &str| {
        served.get_json(&format!("/api/search?{query}"))["total"]
            .as_u64()
            .unwrap()
    };
    runtime().block_on(async {
        let c = session(&driver, &env.path("downloads")).await;
        c.goto(&served.url).await.unwrap();
        ready(&c).await;
        assert_eq!(text(&c, "#go").await, "Cari", "Bahasa Indonesia by default");

        // Search.
        let q = c.find(Locator::Id("q")).await.unwrap();
        q.send_keys("korea").await.unwrap();
        q.send_keys(&Key::Enter.to_string()).await.unwrap();
        ready(&c).await;
        assert_eq!(url_param(&c, "q").await, ["korea"]);
        let total = api_total("q=korea");
        assert!(text(&c, "#total").await.starts_with(&format!("{total} ")));
        let hits = c.find_all(Locator::Css("#hits li.hit")).await.unwrap();
        assert_eq!(hits.len(), 10.min(total as usize));
        let marked = text(&c, "#hits li.hit .snippet mark").await;
        assert!(marked.eq_ignore_ascii_case("korea"), "{marked}");
        shot(&c, "search").await;

        // Click a facet: a removable chip, fewer matches.
        let facet = c
            .find(Locator::Css("#facets ul[data-facet=person] li button"))
            .await
            .unwrap();
        let name = facet.attr("data-value").await.unwrap().unwrap();
        facet.click().await.unwrap();
        ready(&c).await;
        assert_eq!(url_param(&c, "person").await, std::slice::from_ref(&name));
        let chip = text(&c, "#chips .chip").await;
        assert!(chip.contains(&name), "{chip}");
        let narrowed = api_total(&format!("q=korea&person={}", name.replace(' ', "+")));
        assert!(narrowed <= total);
        assert!(text(&c, "#total").await.starts_with(&format!("{narrowed} ")));
        shot(&c, "facet").await;

        // Back to the plain search: the chip goes.
        c.back().await.unwrap();
        ready(&c).await;
        assert!(url_param(&c, "person").await.is_empty());
        assert!(c.find_all(Locator::Css("#chips .chip")).await.unwrap().is_empty());

        // Share view of the timeline.
        c.find(Locator::Id("mode-share")).await.unwrap().click().await.unwrap();
        ready(&c).await;
        assert_eq!(url_param(&c, "mode").await, ["share"]);

        // Click the tallest bar: the dates narrow to its month.
        let bars = c.find_all(Locator::Css("#chart rect.bar")).await.unwrap();
        assert!(bars.len() >= 2, "a timeline of several months");
        let tallest = js(&c, "const b=[...document.querySelectorAll('#chart rect.bar')]; \
            let i=0; b.forEach((r,j)=>{ if (+r.getAttribute('height') > +b[i].getAttribute('height')) i=j; }); return i;").await;
        let i = tallest.as_u64().unwrap() as usize;
        let start = bars[i].attr("data-start").await.unwrap().unwrap();
        bars[i].click().await.unwrap();
        ready(&c).await;
        let month = &start[..7];
        assert_eq!(url_param(&c, "from").await, [month]);
        assert_eq!(url_param(&c, "to").await, [month]);
        assert_eq!(url_param(&c, "interval").await, ["day"], "one month is shown by day");
        let in_month = api_total(&format!("q=korea&from={month}&to={month}"));
        assert!(text(&c, "#total").await.starts_with(&format!("{in_month} ")));
        assert!(text(&c, "#chips").await.contains(month));
        shot(&c, "timeline").await;

        // Drag across the daily bars: the dates narrow to the days covered.
        let bars = c.find_all(Locator::Css("#chart rect.bar")).await.unwrap();
        if bars.len() >= 3 {
            let first = bars[0].attr("data-start").await.unwrap().unwrap();
            let third = bars[2].attr("data-start").await.unwrap().unwrap();
            let chart = c.find(Locator::Id("chart")).await.unwrap();
            let width = js(&c, "return document.getElementById('chart').getBoundingClientRect().width").await.as_f64().unwrap();
            let step = width / bars.len() as f64;
            let x0 = -width / 2.0 + step * 0.5;
            let drag = MouseActions::new("mouse".into())
                .then(PointerAction::MoveToElement { element: chart.clone(), duration: None, x: x0, y: 0.0 })
                .then(PointerAction::Down { button: fantoccini::actions::MOUSE_BUTTON_LEFT })
                .then(PointerAction::MoveToElement { element: chart.clone(), duration: Some(Duration::from_millis(100)), x: x0 + step * 2.0, y: 0.0 })
                .then(PointerAction::Up { button: fantoccini::actions::MOUSE_BUTTON_LEFT });
            c.perform_actions(drag).await.unwrap();
            ready(&c).await;
            assert_eq!(url_param(&c, "from").await, [first]);
            assert_eq!(url_param(&c, "to").await, [third]);
        }
        c.back().await.unwrap();
        ready(&c).await;

        // Open an article: its text, its entities marked, similar articles.
        let link = c.find(Locator::Css("#hits li.hit h3 a")).await.unwrap();
        let title = link.text().await.unwrap();
        let id = link.attr("data-id").await.unwrap().unwrap();
        link.click().await.unwrap();
        ready(&c).await;
        assert_eq!(url_param(&c, "article").await, std::slice::from_ref(&id));
        assert_eq!(text(&c, "#article h1").await, title);
        let marks = c.find_all(Locator::Css("#article .body mark.ent")).await.unwrap();
        assert!(!marks.is_empty(), "entities marked in the text");
        let similar = c.find_all(Locator::Css("#similar li")).await.unwrap();
        assert!(!similar.is_empty());
        shot(&c, "article").await;
        c.back().await.unwrap();
        ready(&c).await;
        assert!(url_param(&c, "article").await.is_empty());
        assert!(c.find(Locator::Id("results-view")).await.unwrap().is_displayed().await.unwrap());

        // Export: the buttons download every match of the current search.
        let href = c.find(Locator::Id("export-csv")).await.unwrap().attr("href").await.unwrap().unwrap();
        assert!(href.starts_with("/api/export.csv?"), "{href}");
        let csv = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 fetch(document.getElementById('export-csv').href).then(r => r.text()).then(done);",
                vec![],
            )
            .await
            .unwrap();
        let lines: Vec<&str> = csv.as_str().unwrap().lines().collect();
        assert_eq!(lines[0], "id,date,source,title,url");
        assert_eq!(lines.len() as u64, total + 1);
        c.find(Locator::Id("export-jsonl")).await.unwrap().click().await.unwrap();
        let saved = env.path("downloads/newsidx-export.jsonl");
        serving::within(Duration::from_secs(10), "download saved", || {
            std::fs::read_to_string(&saved).is_ok_and(|s| s.lines().count() as u64 == total)
        });

        // `/` focuses the search box; completion from /api/suggest.
        c.find(Locator::Css("body")).await.unwrap().send_keys("/").await.unwrap();
        assert_eq!(js(&c, "return document.activeElement.id").await, "q");
        let q = c.find(Locator::Id("q")).await.unwrap();
        q.clear().await.unwrap();
        q.send_keys("pasukan put").await.unwrap();
        c.wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#completions:not([hidden]) li"))
            .await
            .unwrap();
        let options = text(&c, "#completions").await;
        assert!(options.contains("Vladimir Putin"), "{options}");
        let pos = js(&c, "return [...document.querySelectorAll('#completions li')].findIndex(li => li.textContent.startsWith('Vladimir Putin'))").await;
        for _ in 0..=pos.as_u64().unwrap() {
            q.send_keys(&Key::Down.to_string()).await.unwrap();
        }
        q.send_keys(&Key::Enter.to_string()).await.unwrap();
        let value = q.prop("value").await.unwrap().unwrap();
        assert_eq!(value, "pasukan person:\"Vladimir Putin\" ");
        shot(&c, "completion").await;

        // A bad query: the message and a caret under the problem.
        q.clear().await.unwrap();
        q.send_keys("korea \"utara").await.unwrap();
        q.send_keys(&Key::Enter.to_string()).await.unwrap();
        ready(&c).await;
        let error = text(&c, "#error").await;
        assert!(error.contains('^') && error.contains("korea \"utara"), "{error}");

        // English, and a phone-sized window.
        c.goto(&format!("{}?q=korea", served.url)).await.unwrap();
        ready(&c).await;
        c.find(Locator::Id("lang")).await.unwrap().click().await.unwrap();
        ready(&c).await;
        assert_eq!(url_param(&c, "lang").await, ["en"]);
        assert_eq!(text(&c, "#go").await, "Search");
        c.set_window_size(390, 844).await.unwrap();
        c.refresh().await.unwrap();
        ready(&c).await;
        let overflow = js(&c, "return document.documentElement.scrollWidth - window.innerWidth").await;
        assert!(overflow.as_i64().unwrap() <= 0, "no sideways scrolling at phone width");
        assert!(c.find(Locator::Css("#hits li.hit")).await.unwrap().is_displayed().await.unwrap());
        shot(&c, "phone").await;
        c.close().await.unwrap();
    });
}

#[test]
fn a_hostile_archive_runs_no_markup() {
    if !browser_present() {
        return;
    }
    let (env, index) = archive();
    let served = Served::start(&index, &[]);
    let driver = start_driver();
    runtime().block_on(async {
        let c = session(&driver, &env.path("downloads")).await;
        let check = |c: Client, at: &'static str| async move {
            assert_eq!(js(&c, "return typeof window.__pwned").await, "undefined", "markup ran at {at}");
            assert!(c.get_alert_text().await.is_err(), "an alert is open at {at}");
            // Only the page's own script; no element came from article text.
            assert_eq!(js(&c, "return document.scripts.length").await, 1, "{at}");
            assert_eq!(
                js(&c, "return document.querySelectorAll('img, iframe, svg:not(#chart), b, textarea, a[href^=\"javascript\"]').length").await,
                0,
                "{at}"
            );
        };
        c.goto(&format!("{}?q=banjir&facets=true", served.url)).await.unwrap();
        ready(&c).await;
        check(c.clone(), "results").await;
        let titles = c.find_all(Locator::Css("#hits li.hit h3 a")).await.unwrap();
        let mut shown = Vec::new();
        for t in &titles {
            shown.push(t.text().await.unwrap());
        }
        assert!(shown.iter().any(|t| t.starts_with("<script>window.__pwned = 1")), "markup shown as text: {shown:?}");
        let sources = text(&c, "#hits").await;
        assert!(sources.contains("</textarea><script>window.__pwned = 4</script>Kabar"));
        // The javascript: URL is shown, not linked.
        assert!(sources.contains("javascript:window.__pwned = 5"));
        let overflow = js(&c, "return document.documentElement.scrollWidth - window.innerWidth").await;
        assert!(overflow.as_i64().unwrap() <= 0, "long unbroken article text widens the page");
        shot(&c, "hostile").await;

        // Its facet values, clicked.
        let source_facets = c.find_all(Locator::Css("#facets ul[data-facet=source] li button")).await.unwrap();
        for b in source_facets {
            if b.attr("data-value").await.unwrap().unwrap_or_default().contains("<iframe") {
                b.click().await.unwrap();
                ready(&c).await;
                check(c.clone(), "facet chip").await;
                assert!(text(&c, "#chips").await.contains("<iframe"));
                break;
            }
        }

        for id in ["x-script", "x-img", "<script>window.__pwned=11</script>"] {
            let url = format!("{}?article={}", served.url, id.replace('<', "%3C").replace('>', "%3E").replace('=', "%3D"));
            c.goto(&url).await.unwrap();
            ready(&c).await;
            check(c.clone(), "article").await;
            let h1 = text(&c, "#article h1").await;
            assert!(h1.contains("Banjir"), "{h1}");
        }
        let body = text(&c, "#article").await;
        assert!(body.contains("\"><script>window.__pwned = 12</script>"), "{body}");
        c.close().await.unwrap();
    });
}
