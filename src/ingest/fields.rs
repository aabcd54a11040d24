//! The field names archives really use, and the one place where the raw
//! values a format reader found become an [`Article`].
//!
//! JSON, YAML front matter, `Key: value` text headers and HTML meta tags all
//! feed the same [`Fields`], so an alias accepted in one format is accepted
//! in all of them and `schema/article.schema.json` documents one table.
//! When a record holds several aliases of one field, the earlier alias in
//! [`ALIASES`] wins (`title` over `judul` over `headline`).

use std::path::Path;

use time::OffsetDateTime;

use super::dates::parse_date;
use super::text::{Block, assemble, clean, first_sentence};
use super::{Article, Problem};

/// The article fields an input may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Id,
    Title,
    Body,
    Date,
    Url,
    Source,
    Author,
    Category,
}

/// Accepted input keys (matched ignoring ASCII case), in order of preference
/// within each field.
pub(crate) const ALIASES: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("guid", Field::Id),
    ("title", Field::Title),
    ("judul", Field::Title),
    ("headline", Field::Title),
    ("body", Field::Body),
    ("content", Field::Body),
    ("text", Field::Body),
    ("isi", Field::Body),
    ("article", Field::Body),
    ("articlebody", Field::Body),
    ("date", Field::Date),
    ("published", Field::Date),
    ("published_at", Field::Date),
    ("publish_date", Field::Date),
    ("datepublished", Field::Date),
    ("tanggal", Field::Date),
    ("datetime", Field::Date),
    ("url", Field::Url),
    ("link", Field::Url),
    ("source", Field::Source),
    ("media", Field::Source),
    ("publisher", Field::Source),
    ("site", Field::Source),
    ("sumber", Field::Source),
    ("author", Field::Author),
    ("penulis", Field::Author),
    ("reporter", Field::Author),
    ("category", Field::Category),
    ("kategori", Field::Category),
    ("rubrik", Field::Category),
    ("section", Field::Category),
];

/// The field and preference rank of an input key.
pub(crate) fn field_for_key(key: &str) -> Option<(Field, usize)> {
    // Trimmed once, not once per alias: every key of every record comes
    // through here.
    let key = key.trim();
    ALIASES
        .iter()
        .enumerate()
        .find(|(_, (k, _))| k.eq_ignore_ascii_case(key))
        .map(|(rank, &(_, f))| (f, rank))
}

/// Raw values of one article, before clean-up.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    id: Option<(usize, String)>,
    title: Option<(usize, String)>,
    url: Option<(usize, String)>,
    source: Option<(usize, String)>,
    author: Option<(usize, String)>,
    category: Option<(usize, String)>,
    body: Option<(usize, Vec<String>)>,
    /// `(rank, key as written, value)`; every candidate is kept so that a
    /// later alias can stand in for an unparseable earlier one.
    dates: Vec<(usize, String, String)>,
    /// Article text already split by the format reader (text, HTML).
    pub blocks: Vec<Block>,
    /// A first block that is a headline is the title (text formats).
    pub first_heading_is_title: bool,
    /// The format carries no separate title, so an article needs body text.
    pub body_required: bool,
}

impl Fields {
    /// Offers the value(s) of input key `key`. Unknown keys and blank values
    /// are ignored; a better-ranked alias replaces a worse one.
    pub fn offer(&mut self, key: &str, values: Vec<String>) {
        let Some((field, rank)) = field_for_key(key) else {
            return;
        };
        self.offer_field(field, rank, key, values);
    }

    /// Like [`Fields::offer`] for a value whose field is known from context
    /// (HTML meta tags); lower `rank` wins.
    pub fn offer_field(&mut self, field: Field, rank: usize, key: &str, values: Vec<String>) {
        if values.iter().all(|v| v.trim().is_empty()) {
            return;
        }
        let slot = match field {
            Field::Body => {
                if self.body.as_ref().is_none_or(|(r, _)| rank < *r) {
                    self.body = Some((rank, values));
                }
                return;
            }
            Field::Date => {
                if let Some(v) = values.into_iter().find(|v| !v.trim().is_empty()) {
                    self.dates.push((rank, key.to_string(), v));
                }
                return;
            }
            Field::Id => &mut self.id,
            Field::Title => &mut self.title,
            Field::Url => &mut self.url,
            Field::Source => &mut self.source,
            Field::Author => &mut self.author,
            Field::Category => &mut self.category,
        };
        if slot.as_ref().is_some_and(|(r, _)| *r <= rank) {
            return;
        }
        let value = if field == Field::Author {
            values
                .iter()
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            values
                .into_iter()
                .find(|v| !v.trim().is_empty())
                .unwrap_or_default()
        };
        *slot = Some((rank, value));
    }

    /// True when a body value was offered.
    pub fn has_body(&self) -> bool {
        self.body.is_some()
    }

    /// Turns the raw values into an article, or a problem when there is no
    /// text at all. A date that cannot be read leaves the article undated
    /// and adds a note (`lost_article = false`).
    pub fn finish(
        self,
        path: &Path,
        line: Option<usize>,
        problems: &mut Vec<Problem>,
    ) -> Option<Article> {
        let Fields {
            id,
            title,
            url,
            source,
            author,
            category,
            body,
            mut dates,
            mut blocks,
            first_heading_is_title,
            body_required,
        } = self;
        if let Some((_, pieces)) = body {
            for p in pieces {
                blocks.extend(
                    super::text::split_paragraphs(&p)
                        .into_iter()
                        .map(Block::Para),
                );
            }
        }
        let mut a = assemble(blocks);
        let mut title = title.map(|(_, t)| clean(&t)).unwrap_or_default();
        let mut title_derived = false;
        if title.is_empty() {
            title = if first_heading_is_title && a.starts_with_heading && !a.subheadings.is_empty()
            {
                a.subheadings.remove(0)
            } else if let Some(first) = a.subheadings.first() {
                title_derived = true;
                first.clone()
            } else {
                title_derived = true;
                first_sentence(&a.body, 150)
            };
        }
        if title.is_empty() {
            // A body that opens with punctuation has no first sentence.
            let para = super::text::first_paragraph(&a.body);
            title = super::text::truncate_words(para, 150);
        }
        if a.body.is_empty() && (body_required || title.is_empty()) {
            problems.push(Problem::new(
                path,
                line,
                if title.is_empty() {
                    "no article text: neither a title nor body text".to_string()
                } else {
                    "no article text: a title but no body text".to_string()
                },
                true,
            ));
            return None;
        }

        dates.sort_by_key(|d| d.0);
        let date = pick_date(&dates, path, line, problems);
        let opt = |v: Option<(usize, String)>| v.map(|(_, s)| clean(&s)).filter(|s| !s.is_empty());
        let url = opt(url);
        let source = opt(source)
            .or(a.byline_source)
            .or(a.dateline_source)
            .or_else(|| url.as_deref().and_then(host_of));
        let author = opt(author).or(a.byline_author);
        let id = opt(id)
            .or_else(|| url.clone())
            .unwrap_or_else(|| Article::fallback_id(path, line));
        Some(Article {
            id,
            title,
            title_derived,
            body: a.body,
            subheadings: a.subheadings,
            date,
            source,
            author,
            category: opt(category),
            url,
            path: path.to_path_buf(),
            line,
        })
    }
}

fn pick_date(
    dates: &[(usize, String, String)],
    path: &Path,
    line: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Option<OffsetDateTime> {
    if let Some(d) = dates.iter().find_map(|(_, _, v)| parse_date(v)) {
        return Some(d);
    }
    let (_, key, value) = dates.first()?;
    let shown = super::text::truncate_words(&clean(value), 60);
    problems.push(Problem::new(
        path,
        line,
        format!("bad date \"{shown}\" (field {key}); article kept as undated"),
        false,
    ));
    None
}

/// The outlet a URL belongs to: its host without `www.`/`m.`/`amp.`, in
/// lower case (`https://www.Tribunnews.com/x` -> `tribunnews.com`).
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.to_ascii_lowercase();
    let host = ["www.", "m.", "amp.", "mobile."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(&host)
        .to_string();
    (host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
    .then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_case_insensitive_and_ranked() {
        assert_eq!(field_for_key("Judul").map(|f| f.0), Some(Field::Title));
        assert_eq!(
            field_for_key("PUBLISHED_AT").map(|f| f.0),
            Some(Field::Date)
        );
        assert_eq!(field_for_key("views"), None);
        let mut f = Fields::default();
        f.offer("headline", vec!["Kedua".into()]);
        f.offer("title", vec!["Pertama".into()]);
        f.offer("judul", vec!["Ketiga".into()]);
        f.offer("isi", vec!["Isi berita.".into()]);
        let a = f
            .finish(Path::new("a.json"), None, &mut Vec::new())
            .unwrap();
        assert_eq!(a.title, "Pertama");
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.tribunnews.com/internasional/2024/10/25/x").as_deref(),
            Some("tribunnews.com")
        );
        assert_eq!(
            host_of("http://M.Kompas.com:80/a?b").as_deref(),
            Some("kompas.com")
        );
        assert_eq!(host_of("bukan url"), None);
    }

    #[test]
    fn bad_date_is_a_note_not_a_loss() {
        let mut f = Fields::default();
        f.offer("title", vec!["Judul".into()]);
        f.offer("tanggal", vec!["31/02/2024".into()]);
        let mut p = Vec::new();
        let a = f.finish(Path::new("x.jsonl"), Some(3), &mut p).unwrap();
        assert_eq!(a.date, None);
        assert_eq!(p.len(), 1);
        assert!(!p[0].lost_article);
        assert_eq!(p[0].line, Some(3));
        assert!(
            p[0].message
                .starts_with("bad date \"31/02/2024\" (field tanggal)")
        );
    }

    #[test]
    fn later_alias_stands_in_for_bad_date() {
        let mut f = Fields::default();
        f.offer("title", vec!["Judul".into()]);
        f.offer("date", vec!["kemarin".into()]);
        f.offer("published_at", vec!["2024-10-24".into()]);
        let mut p = Vec::new();
        let a = f.finish(Path::new("x.json"), None, &mut p).unwrap();
        assert!(a.date.is_some());
        assert!(p.is_empty());
    }

    #[test]
    fn id_falls_back_to_url_then_path_and_line() {
        let mut f = Fields::default();
        f.offer("title", vec!["Judul".into()]);
        f.offer("link", vec!["https://www.kompas.com/a".into()]);
        let a = f
            .finish(Path::new("x.jsonl"), Some(2), &mut Vec::new())
            .unwrap();
        assert_eq!(a.id, "https://www.kompas.com/a");
        assert_eq!(a.source.as_deref(), Some("kompas.com"));
        let mut f = Fields::default();
        f.offer("title", vec!["Judul".into()]);
        let a = f
            .finish(Path::new("x.jsonl"), Some(2), &mut Vec::new())
            .unwrap();
        assert_eq!(a.id, "x.jsonl:2");
    }
}

#[cfg(test)]
mod schema_tests {
    use super::*;
    use serde_json::Value;

    fn schema() -> Value {
        let text = include_str!("../../schema/article.schema.json");
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn schema_lists_exactly_the_accepted_aliases() {
        let s = schema();
        let props = s["properties"].as_object().unwrap();
        let mut in_schema: Vec<String> = props.keys().map(|k| k.to_ascii_lowercase()).collect();
        let mut in_code: Vec<String> = ALIASES.iter().map(|(k, _)| k.to_string()).collect();
        in_schema.sort();
        in_code.sort();
        assert_eq!(in_schema, in_code);
    }

    #[test]
    fn fixtures_validate_against_the_schema_and_broken_ones_do_not() {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("urn:newsidx:schema:article", schema())
            .unwrap();
        let idx = compiler
            .compile("urn:newsidx:schema:article", &mut schemas)
            .unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for f in [
            "kompas-oktober.jsonl",
            "detik-pemilu.ndjson",
            "ragam-tanggal.jsonl",
        ] {
            let text = std::fs::read_to_string(dir.join("formats").join(f)).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: Value = serde_json::from_str(line).unwrap();
                assert!(schemas.validate(&v, idx).is_ok(), "{f}: {line}");
            }
        }
        for f in ["antara-gempa.json", "tempo-ikn.json"] {
            let v: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join("formats").join(f)).unwrap(),
            )
            .unwrap();
            let items = match v {
                Value::Array(a) => a,
                other => vec![other],
            };
            for item in items {
                assert!(schemas.validate(&item, idx).is_ok(), "{f}: {item}");
            }
        }
        let no_text: Value = serde_json::json!({"id": "x", "date": "2024-10-24"});
        assert!(schemas.validate(&no_text, idx).is_err());
        let not_object: Value = serde_json::json!(["bukan", "objek"]);
        assert!(schemas.validate(&not_object, idx).is_err());
    }
}
