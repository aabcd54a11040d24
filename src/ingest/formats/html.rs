//! Pages saved from news sites (`.html`, `.htm`).
//!
//! Metadata comes from what sites publish for crawlers, in order of
//! trust: Open Graph / `article:*` meta tags, other meta names, JSON-LD
//! (`NewsArticle`), then the visible `<h1>`, `<title>` and `<time>`. The
//! text comes from `<article>` (the one with the most paragraph text when
//! there are several), else `[itemprop=articleBody]`, else the element whose
//! direct `<p>` children hold the most text. Inside it only `<p>`
//! paragraphs and `<h2>`-`<h4>` subheadings are read, skipping navigation,
//! asides, figures, scripts, forms and blocks whose class marks them as
//! related links, sharing buttons or ads. A page with no paragraph text is
//! reported rather than indexed with only a title: it is an index page, a
//! gallery or an error page, not an article.

use std::collections::HashMap;
use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use super::super::fields::{Field, Fields, host_of};
use super::super::text::{Block, clean};
use super::super::{FileRead, Problem};
use super::json::strings;

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "figure",
    "figcaption",
    "form",
    "button",
    "iframe",
    "svg",
    "template",
    "select",
    "video",
    "audio",
    "table",
];

/// Class or id fragments that mark non-article blocks.
const SKIP_CLASS_HINTS: &[&str] = &[
    "related",
    "baca-juga",
    "bacajuga",
    "share",
    "social",
    "advert",
    "iklan",
    "comment",
    "newsletter",
    "promo",
    "terkait",
];

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

fn is_skipped(e: &ElementRef) -> bool {
    let v = e.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    let hinted = |s: &str| {
        let s = s.to_ascii_lowercase();
        SKIP_CLASS_HINTS.iter().any(|h| s.contains(h))
    };
    v.classes().any(hinted) || v.id().is_some_and(hinted)
}

/// Text of an element; a `<br>` counts as a space so the words on either
/// side stay apart.
fn text_of(e: &ElementRef) -> String {
    let mut s = String::new();
    for n in e.descendants() {
        match n.value() {
            Node::Text(t) => s.push_str(t),
            Node::Element(el) if el.name() == "br" => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Meta tags by lower-cased `property`, `name` or `itemprop`; first wins.
fn meta_map(doc: &Html) -> HashMap<String, String> {
    let mut m = HashMap::new();
    let Some(s) = sel("meta") else { return m };
    for e in doc.select(&s) {
        let v = e.value();
        let Some(content) = v.attr("content") else {
            continue;
        };
        for key in ["property", "name", "itemprop"] {
            if let Some(k) = v.attr(key) {
                m.entry(k.trim().to_ascii_lowercase())
                    .or_insert_with(|| content.to_string());
            }
        }
    }
    m
}

/// The article object of the page's JSON-LD, if any.
fn json_ld(doc: &Html) -> Option<Value> {
    let s = sel(r#"script[type="application/ld+json"]"#)?;
    let mut found = None;
    for e in doc.select(&s) {
        let Ok(v) = serde_json::from_str::<Value>(&text_of(&e)) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items),
                Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    let is_article = o.get("@type").is_some_and(|t| {
                        strings(t)
                            .iter()
                            .any(|t| t.ends_with("Article") || t == "ReportageNewsArticle")
                    });
                    if is_article {
                        return Some(Value::Object(o));
                    }
                    if found.is_none()
                        && (o.contains_key("headline") || o.contains_key("datePublished"))
                    {
                        found = Some(Value::Object(o));
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// Drops a ` - Site` / ` | Site` suffix naming the site.
fn strip_site_suffix(title: &str, site_names: &[String]) -> String {
    let t = title.trim();
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: "] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            let tail_l = tail.trim().to_lowercase();
            let names_site = site_names.iter().any(|n| {
                let n = n.to_lowercase();
                !n.is_empty()
                    && (tail_l == n
                        || tail_l.contains(&n)
                        || n.contains(&tail_l)
                        || n.split('.')
                            .next()
                            .is_some_and(|stem| stem.len() > 2 && tail_l.contains(stem)))
            });
            if (names_site || is_domain_name(tail.trim())) && !head.trim().is_empty() {
                return strip_site_suffix(head, site_names);
            }
        }
    }
    t.to_string()
}

/// Whether a title segment is a bare web address (`Bisnis.com`,
/// `news.detik.com`): a headline never ends with one, while pages without
/// site metadata still append their own.
fn is_domain_name(s: &str) -> bool {
    let Some((name, tld)) = s.rsplit_once('.') else {
        return false;
    };
    (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && name
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Deepest element nesting read. The HTML parser spends time quadratic in
/// the nesting depth; real pages stay in the tens, so a page nested
/// thousands deep is a broken or hostile file and is reported, not parsed.
const MAX_NESTING: usize = 4096;

/// Elements that never hold children or close themselves implicitly, so
/// they do not deepen the tree the way a counter of open tags would think.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
];

/// An upper estimate of the nesting depth: open tags minus close tags,
/// ignoring void and implicitly closed elements.
fn nesting_estimate(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = b.get(start..).map_or(0, |r| {
            r.iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!')
                .count()
        });
        if name_len == 0 {
            continue;
        }
        let name = text
            .get(start..start + name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Reads one article from an HTML page.
pub(crate) fn read_html(path: &Path, text: &str, out: &mut FileRead) {
    if nesting_estimate(text) > MAX_NESTING {
        out.problems.push(Problem::new(
            path,
            None,
            format!("HTML nested more than {MAX_NESTING} elements deep, not read"),
            true,
        ));
        return;
    }
    let doc = Html::parse_document(text);
    let meta = meta_map(&doc);
    let ld = json_ld(&doc);
    let ld_get = |k: &str| {
        ld.as_ref()
            .and_then(|v| v.get(k))
            .map(strings)
            .unwrap_or_default()
    };
    let first = |css: &str, attr: Option<&str>| -> Option<String> {
        let s = sel(css)?;
        let e = doc.select(&s).next()?;
        match attr {
            Some(a) => e.value().attr(a).map(str::to_string),
            None => Some(text_of(&e)),
        }
    };
    let mut f = Fields::default();
    let offer_meta = |f: &mut Fields, field: Field, keys: &[&str], base: usize| {
        for (i, k) in keys.iter().enumerate() {
            if let Some(v) = meta.get(*k) {
                f.offer_field(field, base + i, k, vec![v.clone()]);
            }
        }
    };

    offer_meta(
        &mut f,
        Field::Date,
        &[
            "article:published_time",
            "og:published_time",
            "pubdate",
            "publishdate",
            "publish-date",
            "content_publisheddate",
            "date",
            "dc.date.issued",
            "datepublished",
        ],
        0,
    );
    f.offer_field(
        Field::Date,
        20,
        "JSON-LD datePublished",
        ld_get("datePublished"),
    );
    if let Some(d) = first("[itemprop=datePublished]", Some("datetime"))
        .or_else(|| first("[itemprop=datePublished]", Some("content")))
    {
        f.offer_field(Field::Date, 21, "itemprop datePublished", vec![d]);
    }
    if let Some(d) = first("time[datetime]", Some("datetime")) {
        f.offer_field(Field::Date, 22, "time datetime", vec![d]);
    }

    offer_meta(&mut f, Field::Url, &["og:url"], 1);
    if let Some(u) = first(r#"link[rel="canonical"]"#, Some("href")) {
        f.offer_field(Field::Url, 0, "canonical", vec![u]);
    }
    f.offer_field(Field::Url, 2, "JSON-LD url", ld_get("url"));

    offer_meta(
        &mut f,
        Field::Source,
        &["og:site_name", "application-name"],
        0,
    );
    if let Some(p) = ld.as_ref().and_then(|v| v.get("publisher")) {
        f.offer_field(Field::Source, 5, "JSON-LD publisher", strings(p));
    }

    let not_url = |v: &String| !v.starts_with("http");
    for (i, k) in ["author", "article:author", "content_author", "dc.creator"]
        .iter()
        .enumerate()
    {
        if let Some(v) = meta.get(*k).filter(|v| not_url(v)) {
            f.offer_field(Field::Author, i, k, vec![v.clone()]);
        }
    }
    f.offer_field(Field::Author, 10, "JSON-LD author", ld_get("author"));

    offer_meta(
        &mut f,
        Field::Category,
        &["article:section", "content_category"],
        0,
    );
    f.offer_field(
        Field::Category,
        5,
        "JSON-LD articleSection",
        ld_get("articleSection"),
    );

    // Title, with a trailing site name removed.
    let mut site_names: Vec<String> = meta.get("og:site_name").cloned().into_iter().collect();
    if let Some(p) = ld.as_ref().and_then(|v| v.get("publisher")) {
        site_names.extend(strings(p));
    }
    if let Some(h) = meta
        .get("og:url")
        .cloned()
        .or_else(|| first(r#"link[rel="canonical"]"#, Some("href")))
        .as_deref()
        .and_then(host_of)
    {
        site_names.push(h);
    }
    let title = meta
        .get("og:title")
        .cloned()
        .or_else(|| meta.get("twitter:title").cloned())
        .or_else(|| first("h1", None))
        .or_else(|| ld_get("headline").into_iter().next())
        .or_else(|| first("title", None));
    if let Some(t) = title {
        f.offer_field(
            Field::Title,
            0,
            "title",
            vec![strip_site_suffix(&t, &site_names)],
        );
    }

    f.blocks = body_blocks(&doc);
    if f.blocks.is_empty() {
        let ld_body = ld_get("articleBody");
        f.offer_field(Field::Body, 0, "JSON-LD articleBody", ld_body);
    }
    f.body_required = true;
    if f.blocks.is_empty() && !f.has_body() {
        out.problems.push(Problem::new(
            path,
            None,
            "no article text found in the page".to_string(),
            true,
        ));
        return;
    }
    if let Some(a) = f.finish(path, None, &mut out.problems) {
        out.articles.push(a);
    }
}

/// Paragraphs and subheadings of the article element, in document order.
fn body_blocks(doc: &Html) -> Vec<Block> {
    let Some(container) = container(doc) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack: Vec<ElementRef> = vec![container];
    while let Some(e) = stack.pop() {
        let name = e.value().name();
        match name {
            "p" => out.push(Block::Para(clean(&text_of(&e)))),
            "h2" | "h3" | "h4" => out.push(Block::Heading(clean(&text_of(&e)))),
            _ => {
                let kids: Vec<ElementRef> = e
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|k| !is_skipped(k))
                    .collect();
                stack.extend(kids.into_iter().rev());
            }
        }
    }
    out
}

/// Total text length of the `<p>` elements under `e` that are not inside
/// a skipped block.
fn paragraph_text_len(e: &ElementRef, p: &Selector) -> usize {
    e.select(p)
        .filter(|x| !inside_skipped(x, e))
        .map(|x| x.text().map(str::len).sum::<usize>())
        .sum()
}

fn inside_skipped(x: &ElementRef, within: &ElementRef) -> bool {
    for a in x.ancestors() {
        if a.id() == within.id() {
            return false;
        }
        if ElementRef::wrap(a).is_some_and(|a| is_skipped(&a)) {
            return true;
        }
    }
    false
}

fn container(doc: &Html) -> Option<ElementRef<'_>> {
    let p = sel("p")?;
    let best_of = |css: &str| -> Option<ElementRef<'_>> {
        let s = sel(css)?;
        doc.select(&s)
            .map(|e| (paragraph_text_len(&e, &p), e))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, e)| e)
    };
    if let Some(e) = best_of("article").or_else(|| best_of("[itemprop=articleBody]")) {
        return Some(e);
    }
    // The parent holding the most paragraph text.
    let root = doc.root_element();
    let mut by_parent: HashMap<_, (ElementRef, usize)> = HashMap::new();
    for x in doc.select(&p) {
        if inside_skipped(&x, &root) {
            continue;
        }
        let Some(parent) = x.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        let n: usize = x.text().map(str::len).sum();
        by_parent.entry(parent.id()).or_insert((parent, 0)).1 += n;
    }
    by_parent
        .into_values()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(e, _)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Putin Tak Membantah Kehadiran Pasukan Korea Utara - Tribunnews.com</title>
<meta property="og:site_name" content="Tribunnews.com">
<meta property="og:title" content="Putin Tak Membantah Kehadiran Pasukan Korea Utara | Tribunnews.com">
<meta property="article:published_time" content="2024-10-25T10:30:00+07:00">
<meta property="article:section" content="Internasional">
<meta name="author" content="Farrah Putri">
<link rel="canonical" href="https://www.tribunnews.com/internasional/2024/10/25/putin">
</head><body>
<nav><p>Beranda | Nasional | Internasional</p></nav>
<article>
<h1>Putin Tak Membantah Kehadiran Pasukan Korea Utara</h1>
<p>TRIBUNNEWS.COM, MOSKOW - Presiden Rusia Vladimir Putin tidak membantah laporan itu.</p>
<figure><img src="a.jpg"><figcaption>Foto: Putin di Kremlin</figcaption></figure>
<p><strong>Baca juga: Berita lain</strong></p>
<h2>Korea Utara Bantah Kirim Pasukan</h2>
<p>Pyongyang menyebut rumor<br>itu tidak berdasar.</p>
<div class="related-articles"><p>Artikel serupa yang tidak boleh masuk.</p></div>
<script>var x = "<p>bukan teks</p>";</script>
</article>
<footer><p>Hak cipta</p></footer>
</body></html>"#;

    #[test]
    fn reads_metadata_and_article_text() {
        let mut out = FileRead::default();
        read_html(Path::new("a.html"), PAGE, &mut out);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let a = &out.articles[0];
        assert_eq!(a.title, "Putin Tak Membantah Kehadiran Pasukan Korea Utara");
        assert_eq!(a.source.as_deref(), Some("Tribunnews.com"));
        assert_eq!(a.author.as_deref(), Some("Farrah Putri"));
        assert_eq!(a.category.as_deref(), Some("Internasional"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.tribunnews.com/internasional/2024/10/25/putin")
        );
        assert_eq!(
            a.body,
            "TRIBUNNEWS.COM, MOSKOW - Presiden Rusia Vladimir Putin tidak membantah laporan itu.\n\nPyongyang menyebut rumor itu tidak berdasar."
        );
        assert_eq!(a.subheadings, vec!["Korea Utara Bantah Kirim Pasukan"]);
        assert_eq!(a.date.map(|d| d.hour()), Some(10));
    }

    #[test]
    fn a_trailing_web_address_is_the_site_even_without_site_metadata() {
        let none: Vec<String> = Vec::new();
        assert_eq!(
            strip_site_suffix("Harga Beras Naik | Bisnis.com", &none),
            "Harga Beras Naik"
        );
        assert_eq!(
            strip_site_suffix("Banjir Surut - news.detik.com", &none),
            "Banjir Surut"
        );
        // Scores, versions and sentences are not web addresses.
        for kept in [
            "Skor Akhir 2.1 - 3.0",
            "Jokowi: Kita Siap - Semua.",
            "Laga Usai - Persib",
        ] {
            assert_eq!(strip_site_suffix(kept, &none), kept);
        }
    }

    #[test]
    fn json_ld_and_paragraph_parent_without_article_element() {
        let page = r#"<html><head><title>Gempa Cianjur | Kompas.com</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"NewsArticle","headline":"Gempa Cianjur","datePublished":"2022-11-21T13:21:00+07:00","author":[{"@type":"Person","name":"Rina"}],"publisher":{"@type":"Organization","name":"Kompas.com"}}]}</script>
</head><body><div id="menu"><a href="/">Beranda</a></div>
<div class="read__content"><p>Gempa mengguncang Cianjur siang tadi.</p><p>Warga berhamburan keluar rumah.</p></div>
<div class="sidebar"><p>Terpopuler</p></div></body></html>"#;
        let mut out = FileRead::default();
        read_html(Path::new("b.htm"), page, &mut out);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        let a = &out.articles[0];
        assert_eq!(a.title, "Gempa Cianjur");
        assert_eq!(a.author.as_deref(), Some("Rina"));
        assert_eq!(a.source.as_deref(), Some("Kompas.com"));
        assert_eq!(
            a.body,
            "Gempa mengguncang Cianjur siang tadi.\n\nWarga berhamburan keluar rumah."
        );
        assert!(a.date.is_some());
    }

    #[test]
    fn absurd_nesting_is_refused_quickly() {
        let page = format!("{}<p>teks</p>", "<div>".repeat(50_000));
        let mut out = FileRead::default();
        read_html(Path::new("d.html"), &page, &mut out);
        assert!(out.articles.is_empty());
        assert!(out.problems[0].message.contains("nested"));
        assert!(nesting_estimate(PAGE) < 10);
    }

    #[test]
    fn page_without_article_is_a_problem() {
        let mut out = FileRead::default();
        read_html(
            Path::new("c.html"),
            "<html><head><title>Indeks Berita</title></head><body><nav><p>Menu</p></nav><ul><li>a</li></ul></body></html>",
            &mut out,
        );
        assert!(out.articles.is_empty());
        assert_eq!(out.problems.len(), 1);
        assert!(out.problems[0].lost_article);
    }
}
