//! Tests of the query language: parser trees and errors, the printer's
//! round trip (property tests), and every operator, field and aggregation
//! run against small in-memory indexes whose right answers are known.

use proptest::prelude::*;
use tantivy::collector::TopDocs;
use tantivy::schema::{Facet, Value};
use tantivy::tokenizer::{
    Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, TokenizerManager,
};
use tantivy::{DateTime, Index, IndexWriter, Searcher, TantivyDocument};
use time::OffsetDateTime;
use time::macros::{date, datetime};

use super::*;
use crate::analysis;
use crate::entities::{Entity, EntityKind};
use crate::index::schema::fold_key;

// ---------------------------------------------------------------- parsing

fn p(s: &str) -> Node {
    Query::parse(s)
        .unwrap_or_else(|e| panic!("{s}: {}", e.render()))
        .root
}

fn w(text: &str) -> Node {
    Node::Word {
        field: TextField::Any,
        text: text.into(),
        fuzzy: None,
    }
}

fn not(n: Node) -> Node {
    Node::Not(Box::new(n))
}

fn err(s: &str) -> QueryError {
    match Query::parse(s) {
        Ok(q) => panic!("{s} parsed as {q:?}"),
        Err(e) => e,
    }
}

#[test]
fn words_are_required_by_default() {
    assert_eq!(p("a b"), Node::And(vec![w("a"), w("b")]));
    assert_eq!(p("a AND b"), p("a b"));
    assert_eq!(p("+a +b"), p("a b"));
    assert_eq!(p("a"), w("a"));
}

#[test]
fn precedence_not_and_or() {
    assert_eq!(
        p("a b OR c"),
        Node::Or(vec![Node::And(vec![w("a"), w("b")]), w("c")])
    );
    assert_eq!(
        p("a OR b c"),
        Node::Or(vec![w("a"), Node::And(vec![w("b"), w("c")])])
    );
    assert_eq!(p("NOT a b"), Node::And(vec![not(w("a")), w("b")]));
    assert_eq!(
        p("(a OR b) c"),
        Node::And(vec![Node::Or(vec![w("a"), w("b")]), w("c")])
    );
    assert_eq!(p("a -b"), Node::And(vec![w("a"), not(w("b"))]));
    assert_eq!(p("-(a OR b)"), not(Node::Or(vec![w("a"), w("b")])));
    // Grouping that does not change meaning does not change the tree.
    assert_eq!(p("(a b) c"), p("a b c"));
    assert_eq!(p("a OR (b OR c)"), p("a OR b OR c"));
    assert_eq!(p("NOT NOT a"), not(not(w("a"))));
}

#[test]
fn lone_signs_and_lower_case_keywords_are_words() {
    assert_eq!(p("a - b"), Node::And(vec![w("a"), w("-"), w("b")]));
    assert_eq!(p("a and b"), Node::And(vec![w("a"), w("and"), w("b")]));
    assert_eq!(p("anak-anak"), w("anak-anak"));
    assert_eq!(p("10:30"), w("10:30"));
}

#[test]
fn phrases_slop_exact_fuzzy() {
    assert_eq!(
        p("\"pasukan Korea Utara\""),
        Node::Phrase {
            field: TextField::Any,
            text: "pasukan Korea Utara".into(),
            slop: 0,
            exact: false
        }
    );
    assert_eq!(
        p("\"kirim pasukan\"~3"),
        Node::Phrase {
            field: TextField::Any,
            text: "kirim pasukan".into(),
            slop: 3,
            exact: false
        }
    );
    assert_eq!(
        p("=dikirimkan"),
        Node::Phrase {
            field: TextField::Any,
            text: "dikirimkan".into(),
            slop: 0,
            exact: true
        }
    );
    assert_eq!(
        p("title:=\"dikirim ke\"~1"),
        Node::Phrase {
            field: TextField::Title,
            text: "dikirim ke".into(),
            slop: 1,
            exact: true
        }
    );
    assert_eq!(
        p("Ukaina~"),
        Node::Word {
            field: TextField::Any,
            text: "Ukaina".into(),
            fuzzy: Some(1)
        }
    );
    assert_eq!(
        p("Ukaina~2"),
        Node::Word {
            field: TextField::Any,
            text: "Ukaina".into(),
            fuzzy: Some(2)
        }
    );
    assert_eq!(
        p(r#""say \"hi\" \\ now""#).to_string(),
        r#""say \"hi\" \\ now""#
    );
}

#[test]
fn fields() {
    assert_eq!(
        p("title:banjir"),
        Node::Word {
            field: TextField::Title,
            text: "banjir".into(),
            fuzzy: None
        }
    );
    assert_eq!(
        p("title:(a OR b)"),
        Node::Or(vec![
            Node::Word {
                field: TextField::Title,
                text: "a".into(),
                fuzzy: None
            },
            Node::Word {
                field: TextField::Title,
                text: "b".into(),
                fuzzy: None
            }
        ])
    );
    assert_eq!(p("title: banjir"), p("title:banjir"));
    assert_eq!(p("TITLE:banjir"), p("title:banjir"));
    for (q, field, value) in [
        ("source:kompas.com", FilterField::Source, "kompas.com"),
        ("category:Politik", FilterField::Category, "Politik"),
        (
            "author:\"Farrah Putri\"",
            FilterField::Author,
            "Farrah Putri",
        ),
        ("url:tribunnews", FilterField::Url, "tribunnews"),
        (
            "person:\"Vladimir Putin\"",
            FilterField::Entity(EntityKind::Person),
            "Vladimir Putin",
        ),
        (
            "place:Kursk",
            FilterField::Entity(EntityKind::Place),
            "Kursk",
        ),
        ("org:pbb", FilterField::Entity(EntityKind::Org), "pbb"),
    ] {
        assert_eq!(
            p(q),
            Node::Filter {
                field,
                value: value.into()
            },
            "{q}"
        );
    }
    assert_eq!(
        p("date:2024-10"),
        Node::Date(DateRange::parse("2024-10").unwrap())
    );
    assert_eq!(
        p("date:\"Oktober 2024\""),
        Node::Date(DateRange::parse("2024-10").unwrap())
    );
    assert_eq!(
        p("date:>=2024-10-22"),
        Node::Date(DateRange::parse(">=2024-10-22").unwrap())
    );
}

#[test]
fn star_and_empty_mean_everything() {
    assert!(Query::parse("*").unwrap().is_match_all());
    assert!(Query::parse("").unwrap().is_match_all());
    assert!(Query::parse("   ").unwrap().is_match_all());
    assert!(!Query::parse("a").unwrap().is_match_all());
}

#[test]
fn errors_point_at_the_problem() {
    let cases = [
        ("\"pasukan korea", 0, "expected closing quote"),
        ("a \"b", 2, "expected closing quote"),
        (
            "titel:banjir",
            0,
            "unknown field \"titel\" (expected one of title, body",
        ),
        ("a date:2024-13", 7, "bad date \"2024-13\""),
        ("(a b", 0, "unbalanced parenthesis"),
        ("a b)", 3, "unbalanced parenthesis"),
        ("a OR", 4, "expected a word, phrase or group after OR"),
        ("OR a", 0, "before OR"),
        ("a AND", 5, "after AND"),
        ("NOT", 3, "after NOT"),
        ("()", 1, "expected a word, phrase or group"),
        ("title:", 6, "expected a word, phrase or group after title:"),
        ("source:\"\"", 7, "expected a value after source:"),
        ("\"\"", 0, "expected words between the quotes"),
        ("\"a b\"~x", 6, "expected a number after ~"),
        ("word~3", 5, "fuzzy distance must be 1 or 2"),
        ("source:(a b)", 7, "not a group"),
        ("date:\"Oktobr 2024\"", 5, "not a month name"),
        ("+AND", 1, "found the operator AND"),
        ("a -OR", 3, "found the operator OR"),
    ];
    for (q, pos, msg) in cases {
        let e = err(q);
        assert_eq!(e.position, pos, "{q}: {}", e.render());
        assert!(e.message.contains(msg), "{q}: {}", e.message);
        assert_eq!(e.query, q);
    }
}

#[test]
fn render_puts_a_caret_under_the_problem() {
    let e = err("banjir date:2024-13");
    assert_eq!(
        e.render(),
        "banjir date:2024-13\n            ^\nbad date \"2024-13\" (month must be 1-12)"
    );
    // Columns count characters, not bytes.
    let e = err("é \"x");
    assert_eq!(e.render().lines().nth(1), Some("  ^"));
    // A newline in the query does not break the two-line picture.
    let e = err("a\n(b");
    assert_eq!(e.render().lines().next(), Some("a (b"));
}

#[test]
fn display_is_canonical() {
    for (input, shown) in [
        ("a  AND b", "a b"),
        ("+a", "a"),
        ("NOT a", "-a"),
        ("a OR b c", "a OR b c"),
        ("(a OR b) c", "(a OR b) c"),
        ("-(a b)", "-(a b)"),
        ("title:(a OR b)", "title:a OR title:b"),
        ("source:kompas", "source:\"kompas\""),
        ("date:2024-10-01..2024-10-31", "date:2024-10"),
        ("date:\"24 Oktober 2024\"", "date:2024-10-24"),
        ("date:2024-10..", "date:2024-10-01.."),
        ("x~1", "x~"),
        ("=\"a b\"~2", "=\"a b\"~2"),
        ("", "*"),
    ] {
        assert_eq!(p(input).to_string(), shown, "{input}");
    }
}

#[test]
fn constructors_for_cli_flags() {
    let q = Query::parse("banjir")
        .unwrap()
        .and(Query::field("source", "Kompas.com").unwrap())
        .and(Query::date(DateRange::parse("2024-10").unwrap()));
    assert_eq!(
        q,
        Query::parse("banjir source:\"Kompas.com\" date:2024-10").unwrap()
    );
    assert_eq!(
        Query::all().and(Query::parse("a").unwrap()),
        Query::parse("a").unwrap()
    );
    assert_eq!(
        Query::field("title", "jalan tol").unwrap(),
        Query::parse("title:\"jalan tol\"").unwrap()
    );
    assert_eq!(
        Query::field("date", "Oktober 2024").unwrap(),
        Query::parse("date:2024-10").unwrap()
    );
    assert!(Query::field("titel", "x").is_err());
    assert!(Query::field("date", "2024-13").is_err());
    assert!(Query::field("source", " ").is_err());
    // OR binds looser than the added filter, so it is grouped.
    let q = Query::parse("a OR b")
        .unwrap()
        .and(Query::field("source", "x").unwrap());
    assert_eq!(q.to_string(), "(a OR b) source:\"x\"");
}

#[test]
fn words_are_the_positive_ones() {
    let q = Query::parse(
        "pasukan \"Korea Utara\" -iklan title:pasukan fuzzy~ (rusia OR ukraina) source:x",
    )
    .unwrap();
    assert_eq!(q.words(), ["pasukan", "Korea", "Utara", "rusia", "ukraina"]);
}

/// Query fragments that generated queries are made of.
const PIECES: &[&str] = &[
    "pasukan",
    "korea",
    "utara",
    "Ukraina",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "-",
    "+",
    "=",
    "\"",
    "~",
    "~2",
    ":",
    "*",
    "-pasukan",
    "+korea",
    "\"korea utara\"",
    "\"kirim pasukan\"~3",
    "=dikirimkan",
    "=\"dikirim ke\"",
    "title:banjir",
    "body:\"jalan tol\"",
    "title:(a OR b)",
    "source:kompas.com",
    "person:\"Vladimir Putin\"",
    "place:kursk",
    "org:pbb",
    "author:farrah",
    "url:kompas",
    "category:politik",
    "date:2024",
    "date:2024-10",
    "date:2024-10-01..2024-10-31",
    "date:>=2024-10-22",
    "date:<2024-10-22",
    "date:\"Oktober 2024\"",
    "date:..2024-10",
    "date:..",
    "ukaina~",
    "ukaina~2",
    "-(a b)",
    "anak-anak",
    "10:30",
    "\"a \\\" b\"",
    "é",
    "titel:x",
];

fn generated_query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(PIECES), prop::bool::weighted(0.8)),
        0..10,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(piece, space)| {
                if space {
                    format!("{piece} ")
                } else {
                    piece.to_string()
                }
            })
            .collect()
    })
}

fn check_round_trip(s: &str) -> Result<(), TestCaseError> {
    if let Ok(q) = Query::parse(s) {
        let shown = q.to_string();
        let again = Query::parse(&shown)
            .map_err(|e| TestCaseError::fail(format!("{s:?} -> {shown:?}: {}", e.render())))?;
        prop_assert_eq!(again, q, "{:?} -> {:?}", s, shown);
    }
    Ok(())
}

fn lowering_context() -> (Fields, TokenizerManager) {
    let tokenizers = TokenizerManager::default();
    analysis::register(&tokenizers, &Default::default());
    (Fields::new(), tokenizers)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parser_never_panics_and_round_trips(s in "\\PC{0,40}") {
        check_round_trip(&s)?;
    }

    #[test]
    fn syntax_soup_never_panics_and_round_trips(s in "[a-z \"()~:=+\\-.<>0-9*\\\\]{0,30}") {
        check_round_trip(&s)?;
    }

    #[test]
    fn generated_queries_round_trip_and_lower(s in generated_query()) {
        check_round_trip(&s)?;
        if let Ok(q) = Query::parse(&s) {
            let (fields, tokenizers) = lowering_context();
            let ctx = LowerContext { fields: &fields, tokenizers: &tokenizers, searcher: None, entities: None };
            prop_assert!(q.to_tantivy(&ctx).is_ok());
        }
    }

    #[test]
    fn errors_are_inside_the_query(s in "\\PC{0,40}") {
        if let Err(e) = Query::parse(&s) {
            prop_assert!(e.position <= s.len());
            prop_assert!(s.is_char_boundary(e.position));
            prop_assert_eq!(e.render().lines().count() >= 3, true);
        }
    }
}

// ------------------------------------------------------------ on an index

struct Art {
    id: &'static str,
    title: &'static str,
    body: &'static str,
    subheadings: &'static [&'static str],
    date: Option<OffsetDateTime>,
    source: &'static str,
    category: &'static str,
    author: &'static str,
    url: &'static str,
    /// (kind, canonical name, aliases)
    entities: &'static [(EntityKind, &'static str, &'static [&'static str])],
}

const BLANK: Art = Art {
    id: "",
    title: "",
    body: "",
    subheadings: &[],
    date: None,
    source: "",
    category: "",
    author: "",
    url: "",
    entities: &[],
};

use EntityKind::{Org, Person, Place};

fn archive() -> Vec<Art> {
    vec![
        Art {
            id: "korea",
            title: "Korea Utara kirim pasukan ke Rusia",
            body: "Pemerintah Korea Utara dikirimkan pasukan ke Rusia untuk membantu perang di Ukraina. \
                   Kim Jong Un tidak berkomentar.",
            date: Some(datetime!(2024-10-24 10:00 +7)),
            source: "Kompas.com",
            category: "Internasional",
            author: "Farrah Putri",
            url: "https://www.kompas.com/global/read/2024/10/24/korea-utara-pasukan",
            entities: &[
                (Person, "Kim Jong Un", &[]),
                (Place, "Korea Utara", &[]),
                (Place, "Rusia", &[]),
            ],
            ..BLANK
        },
        Art {
            id: "kursk",
            title: "Pasukan Ukraina bertahan di Kursk",
            body: "Pasukan Ukraina masih bertahan di wilayah Kursk, Rusia. Bantuan dari Amerika \
                   Serikat tertunda. Zelensky meminta pasukan tambahan.",
            date: Some(datetime!(2024-08-10 08:00 +7)),
            source: "Tribunnews.com",
            category: "Internasional",
            author: "Budi Santoso",
            url: "https://www.tribunnews.com/internasional/2024/08/10/kursk",
            entities: &[
                (Person, "Volodymyr Zelensky", &["Zelensky"]),
                (Place, "Kursk", &[]),
                (Place, "Ukraina", &[]),
            ],
            ..BLANK
        },
        Art {
            id: "banjir",
            title: "Banjir melanda Jakarta",
            body: "Banjir besar melanda Jakarta Utara. Presiden Joko Widodo meninjau lokasi banjir.",
            // 23:30 WIB on 31 October is 16:30 UTC: still October in WIB.
            date: Some(datetime!(2024-10-31 23:30 +7)),
            source: "Kompas.com",
            category: "Nasional",
            author: "Budi Santoso",
            url: "https://www.kompas.com/megapolitan/read/2024/10/31/banjir",
            entities: &[
                (Person, "Joko Widodo", &["Jokowi"]),
                (Place, "Jakarta", &[]),
            ],
            ..BLANK
        },
        Art {
            id: "pbb",
            title: "Sidang PBB membahas Ukraina",
            body: "Perserikatan Bangsa-Bangsa menggelar sidang darurat tentang perang di Ukraina. \
                   Pasukan perdamaian ikut dibahas.",
            // 00:30 WIB on 1 November is 17:30 UTC on 31 October: November in WIB.
            date: Some(datetime!(2024-11-01 00:30 +7)),
            source: "Antara",
            category: "Internasional",
            entities: &[
                (Org, "Perserikatan Bangsa-Bangsa", &["PBB"]),
                (Place, "Ukraina", &[]),
            ],
            ..BLANK
        },
        Art {
            id: "catatan",
            title: "Catatan redaksi",
            body: "Tulisan ini tidak bertanggal. Terima kasih kepada pembaca setia di Ukraina.",
            source: "Antara",
            category: "Opini",
            ..BLANK
        },
        Art {
            id: "rudal",
            title: "Korea Utara uji rudal",
            body: "Korea Utara kembali menguji rudal balistik. Militer Korea Selatan siaga penuh.",
            subheadings: &["Reaksi Jepang atas uji coba"],
            date: Some(datetime!(2024-12-05 14:00 +7)),
            source: "Tribunnews.com",
            category: "Internasional",
            url: "https://www.tribunnews.com/internasional/2024/12/05/rudal",
            entities: &[(Place, "Korea Utara", &[]), (Place, "Korea Selatan", &[])],
            ..BLANK
        },
    ]
}

fn build(arts: &[Art], tweak: impl Fn(&TokenizerManager)) -> (Index, Fields) {
    let fields = Fields::new();
    let index = Index::create_in_ram(fields.schema.clone());
    analysis::register(index.tokenizers(), &Default::default());
    tweak(index.tokenizers());
    let mut writer: IndexWriter = index.writer(15_000_000).expect("writer");
    for a in arts {
        let f = &fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, a.id);
        doc.add_text(f.title, a.title);
        doc.add_text(f.title_exact, a.title);
        doc.add_text(f.body, a.body);
        doc.add_text(f.body_exact, a.body);
        for s in a.subheadings {
            doc.add_text(f.subheadings, s);
        }
        if let Some(d) = a.date {
            doc.add_date(f.date, DateTime::from_utc(d));
        }
        for (field, key_field, v) in [
            (f.source, Some(f.source_key), a.source),
            (f.category, Some(f.category_key), a.category),
            (f.author, None, a.author),
            (f.url, None, a.url),
        ] {
            if !v.is_empty() {
                doc.add_text(field, v);
                if let Some(k) = key_field {
                    doc.add_text(k, fold_key(v));
                }
            }
        }
        let entities: Vec<Entity> = a
            .entities
            .iter()
            .map(|(kind, name, aliases)| Entity {
                kind: *kind,
                name: name.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                mentions: 1,
            })
            .collect();
        f.add_entities(&mut doc, &entities);
        writer.add_document(doc).expect("add");
    }
    writer.commit().expect("commit");
    (index, fields)
}

struct Fixture {
    index: Index,
    fields: Fields,
    searcher: Searcher,
}

impl Fixture {
    fn new(arts: &[Art]) -> Fixture {
        Fixture::with(arts, |_| {})
    }

    fn with(arts: &[Art], tweak: impl Fn(&TokenizerManager)) -> Fixture {
        let (index, fields) = build(arts, tweak);
        let searcher = index.reader().expect("reader").searcher();
        Fixture {
            index,
            fields,
            searcher,
        }
    }

    fn tantivy(&self, q: &str) -> Box<dyn tantivy::query::Query> {
        let q = Query::parse(q).unwrap_or_else(|e| panic!("{}", e.render()));
        let ctx = LowerContext {
            fields: &self.fields,
            tokenizers: self.index.tokenizers(),
            searcher: Some(&self.searcher),
            entities: None,
        };
        q.to_tantivy(&ctx).expect("lower")
    }

    /// Ids of the matches in score order.
    fn ranked(&self, q: &str) -> Vec<String> {
        let tq = self.tantivy(q);
        let top = self
            .searcher
            .search(&*tq, &TopDocs::with_limit(100).order_by_score())
            .expect("search");
        top.into_iter()
            .map(|(_, addr)| {
                let doc: TantivyDocument = self.searcher.doc(addr).expect("doc");
                doc.get_first(self.fields.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }

    /// Ids of the matches, sorted.
    fn hits(&self, q: &str) -> Vec<String> {
        let mut ids = self.ranked(q);
        ids.sort();
        ids
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn boolean_operators() {
    let fx = Fixture::new(&archive());
    assert_eq!(fx.hits("korea pasukan"), ids(&["korea"]));
    assert_eq!(fx.hits("korea AND pasukan"), ids(&["korea"]));
    assert_eq!(fx.hits("korea"), ids(&["korea", "rudal"]));
    assert_eq!(fx.hits("kursk OR banjir"), ids(&["kursk", "banjir"]));
    assert_eq!(fx.hits("pasukan -korea"), ids(&["kursk", "pbb"]));
    assert_eq!(fx.hits("pasukan NOT korea"), ids(&["kursk", "pbb"]));
    assert_eq!(fx.hits("+pasukan +perdamaian"), ids(&["pbb"]));
    assert_eq!(
        fx.hits("NOT ukraina"),
        ids(&["banjir", "rudal"]),
        "a lone NOT is everything but"
    );
    assert_eq!(fx.hits("(kursk OR rudal) korea"), ids(&["rudal"]));
    assert_eq!(fx.hits("kursk OR rudal korea"), ids(&["kursk", "rudal"]));
    assert_eq!(fx.hits("*").len(), 6);
    assert_eq!(fx.hits("").len(), 6);
    assert_eq!(fx.hits("* -ukraina"), ids(&["banjir", "rudal"]));
    assert_eq!(fx.hits("Ukraina -(pasukan OR sidang)"), ids(&["catatan"]));
}

#[test]
fn title_is_boosted_over_body() {
    let arts = [
        Art {
            id: "in_title",
            title: "Harga beras naik",
            body: "Pedagang di pasar mengeluh.",
            ..BLANK
        },
        Art {
            id: "in_body",
            title: "Pasar pagi",
            body: "Harga beras naik lagi di pasar.",
            ..BLANK
        },
    ];
    let fx = Fixture::new(&arts);
    assert_eq!(fx.ranked("beras"), ["in_title", "in_body"]);
    let score = |q: &str| {
        let tq = fx.tantivy(q);
        fx.searcher
            .search(&*tq, &TopDocs::with_limit(1).order_by_score())
            .unwrap()
            .first()
            .map(|(s, _)| *s)
            .unwrap_or_default()
    };
    // Only the title matches, so the whole score is the boosted title score.
    let ratio = score("beras -body:beras") / score("title:beras -body:beras");
    assert!((ratio - 2.0).abs() < 1e-4, "{ratio}");
}

#[test]
fn phrases_and_slop() {
    let fx = Fixture::new(&archive());
    assert_eq!(fx.hits("\"korea utara\""), ids(&["korea", "rudal"]));
    assert_eq!(fx.hits("\"utara korea\""), ids(&[]));
    assert_eq!(fx.hits("\"kirim pasukan rusia\""), ids(&[]));
    assert_eq!(fx.hits("\"kirim pasukan rusia\"~1"), ids(&["korea"]));
    assert_eq!(fx.hits("\"jakarta utara\""), ids(&["banjir"]));
    // A one-word phrase is the word.
    assert_eq!(fx.hits("\"kursk\""), fx.hits("kursk"));
    // A word the analyzer splits is a phrase of its parts.
    assert_eq!(fx.hits("bangsa-bangsa"), ids(&["pbb"]));
    assert_eq!(fx.hits("perserikatan-bangsa"), ids(&["pbb"]));
    assert_eq!(fx.hits("bangsa-perserikatan"), ids(&[]));
}

#[test]
fn text_fields() {
    let fx = Fixture::new(&archive());
    assert_eq!(fx.hits("title:pasukan"), ids(&["korea", "kursk"]));
    assert_eq!(fx.hits("body:pasukan"), ids(&["korea", "kursk", "pbb"]));
    assert_eq!(
        fx.hits("title:(kursk OR banjir)"),
        ids(&["kursk", "banjir"])
    );
    assert_eq!(fx.hits("title:\"uji rudal\""), ids(&["rudal"]));
    // Subheadings are searched by default and under body:.
    assert_eq!(fx.hits("jepang"), ids(&["rudal"]));
    assert_eq!(fx.hits("body:jepang"), ids(&["rudal"]));
    assert_eq!(fx.hits("title:jepang"), ids(&[]));
}

#[test]
fn metadata_fields() {
    let fx = Fixture::new(&archive());
    assert_eq!(fx.hits("source:kompas.com"), ids(&["korea", "banjir"]));
    assert_eq!(fx.hits("source:\"KOMPAS.COM\""), ids(&["korea", "banjir"]));
    assert_eq!(
        fx.hits("source:kompas"),
        ids(&[]),
        "source is a whole value"
    );
    assert_eq!(fx.hits("category:opini"), ids(&["catatan"]));
    assert_eq!(
        fx.hits("author:\"budi santoso\""),
        ids(&["kursk", "banjir"])
    );
    assert_eq!(fx.hits("author:farrah"), ids(&["korea"]));
    assert_eq!(fx.hits("author:\"santoso budi\""), ids(&[]));
    assert_eq!(fx.hits("url:tribunnews"), ids(&["kursk", "rudal"]));
    assert_eq!(fx.hits("url:\"2024/10\""), ids(&["korea", "banjir"]));
    assert_eq!(fx.hits("pasukan source:antara"), ids(&["pbb"]));
}

#[test]
fn entity_fields_match_names_and_aliases() {
    let fx = Fixture::new(&archive());
    assert_eq!(fx.hits("person:\"Joko Widodo\""), ids(&["banjir"]));
    assert_eq!(fx.hits("person:jokowi"), ids(&["banjir"]));
    assert_eq!(fx.hits("person:\"joko  WIDODO\""), ids(&["banjir"]));
    assert_eq!(fx.hits("org:PBB"), ids(&["pbb"]));
    assert_eq!(fx.hits("org:\"Perserikatan Bangsa-Bangsa\""), ids(&["pbb"]));
    assert_eq!(fx.hits("place:\"korea utara\""), ids(&["korea", "rudal"]));
    assert_eq!(fx.hits("place:ukraina -person:zelensky"), ids(&["pbb"]));
    // A person is not a place.
    assert_eq!(fx.hits("place:jokowi"), ids(&[]));
}

#[test]
fn entity_names_match_whole_and_literally() {
    use EntityKind::{Org, Person};
    let arts = [
        Art {
            id: "a",
            body: "satu",
            entities: &[(Org, "Kompas.com", &[]), (Person, "Émile Zola", &[])],
            ..BLANK
        },
        Art {
            id: "b",
            body: "dua",
            entities: &[
                (Org, "AT&T (Asia)", &[]),
                (Person, "Joko Widodo", &["Jokowi"]),
            ],
            ..BLANK
        },
    ];
    let fx = Fixture::new(&arts);
    assert_eq!(fx.hits("org:KOMPAS.COM"), ids(&["a"]));
    // Characters of the pattern language mean themselves.
    assert_eq!(fx.hits("org:kompasxcom"), ids(&[]));
    assert_eq!(fx.hits("org:\"at&t (asia)\""), ids(&["b"]));
    assert_eq!(fx.hits("org:\".*\""), ids(&[]));
    assert_eq!(fx.hits("person:\"ÉMILE zola\""), ids(&["a"]));
    // The whole name, not a part of it.
    assert_eq!(fx.hits("person:joko"), ids(&[]));
    assert_eq!(fx.hits("person:\"joko widodo x\""), ids(&[]));
    assert_eq!(fx.hits("person:JOKOWI"), ids(&["b"]));
    assert_eq!(fx.hits("org:jokowi"), ids(&[]));
}

#[test]
fn every_date_form() {
    let fx = Fixture::new(&archive());
    let cases: &[(&str, &[&str])] = &[
        ("date:2024", &["korea", "kursk", "banjir", "pbb", "rudal"]),
        ("date:2023", &[]),
        ("date:2024-10", &["korea", "banjir"]),
        ("date:2024-11", &["pbb"]),
        ("date:2024-10-24", &["korea"]),
        ("date:2024-10-31", &["banjir"]),
        ("date:2024-11-01", &["pbb"]),
        ("date:2024-10-01..2024-10-31", &["korea", "banjir"]),
        ("date:2024-10-25..2024-11-01", &["banjir", "pbb"]),
        ("date:2024-10..", &["korea", "banjir", "pbb", "rudal"]),
        ("date:..2024-10", &["korea", "kursk", "banjir"]),
        ("date:>=2024-10-24", &["korea", "banjir", "pbb", "rudal"]),
        ("date:>2024-10-24", &["banjir", "pbb", "rudal"]),
        ("date:<2024-10-24", &["kursk"]),
        ("date:<=2024-10-24", &["kursk", "korea"]),
        ("date:\"Oktober 2024\"", &["korea", "banjir"]),
        ("date:\"October 2024\"", &["korea", "banjir"]),
        ("date:\"24 Oktober 2024\"", &["korea"]),
        (
            "date:\"Agustus 2024..Oktober 2024\"",
            &["korea", "kursk", "banjir"],
        ),
        ("date:2024-10-24T10:00:00+07:00", &["korea"]),
        ("date:..", &["korea", "kursk", "banjir", "pbb", "rudal"]),
        ("NOT date:..", &["catatan"]),
        ("pasukan date:2024-10", &["korea"]),
    ];
    for (q, want) in cases {
        assert_eq!(fx.hits(q), ids(want), "{q}");
    }
}

#[test]
fn exact_forms_against_stems() {
    // An English stemmer stands in for the Indonesian one here, so that the
    // stemmed and the exact paths really differ whatever analyzer is current.
    let arts = [
        Art {
            id: "deployed",
            title: "Troops deployed",
            body: "The troops were deployed near the border.",
            ..BLANK
        },
        Art {
            id: "deploys",
            title: "Army deploys",
            body: "The army deploys troops again.",
            ..BLANK
        },
    ];
    let fx = Fixture::with(&arts, |m| {
        m.register(
            analysis::STEMMED,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::English))
                .build(),
        );
    });
    assert_eq!(fx.hits("deploy"), ids(&["deployed", "deploys"]));
    assert_eq!(fx.hits("deploying"), ids(&["deployed", "deploys"]));
    assert_eq!(fx.hits("=deploy"), ids(&[]));
    assert_eq!(fx.hits("=deployed"), ids(&["deployed"]));
    assert_eq!(fx.hits("=\"DEPLOYS troops\""), ids(&["deploys"]));
    assert_eq!(fx.hits("\"deploying troops\""), ids(&["deploys"]));
    assert_eq!(fx.hits("=\"deploying troops\""), ids(&[]));
    assert_eq!(fx.hits("title:=deployed"), ids(&["deployed"]));
    assert_eq!(fx.hits("body:=army"), ids(&["deploys"]));
    assert_eq!(fx.hits("=\"troops deployed\"~3"), ids(&["deployed"]));
    assert_eq!(fx.hits("=\"deployed troops\"~3"), ids(&["deployed"]));
}

#[test]
fn fuzzy_words() {
    let fx = Fixture::new(&archive());
    assert_eq!(fx.hits("ukaina"), ids(&[]));
    assert_eq!(fx.hits("ukaina~"), fx.hits("ukraina"));
    assert_eq!(
        fx.hits("ukriana~"),
        fx.hits("ukraina"),
        "a transposition is one edit"
    );
    assert_eq!(fx.hits("ukrna~"), ids(&[]));
    assert_eq!(fx.hits("ukrna~2"), fx.hits("ukraina"));
    assert_eq!(fx.hits("title:kursc~"), ids(&["kursk"]));
}

#[test]
fn suggestions_come_from_the_index() {
    let fx = Fixture::new(&archive());
    let suggest_for = |q: &str| {
        suggest(
            &fx.searcher,
            &fx.fields,
            fx.index.tokenizers(),
            &Query::parse(q).unwrap(),
        )
    };
    assert_eq!(
        suggest_for("Ukaina pasukan"),
        vec![("Ukaina".to_string(), vec!["Ukraina".to_string()])],
        "suggestions come in the form the archive writes"
    );
    assert_eq!(
        suggest_for("\"Koera Utara\""),
        vec![("Koera".to_string(), vec!["Korea".to_string()])]
    );
    // Two edits only for longer words; distance-1 neighbours ranked by frequency.
    assert_eq!(
        suggest_for("pasukkna"),
        vec![("pasukkna".to_string(), vec!["pasukan".to_string()])]
    );
    assert!(suggest_for("pasukan ukraina").is_empty());
    assert!(
        suggest_for("-ukaina").is_empty(),
        "negated words are not suggested"
    );
    assert!(suggest_for("zzzzzzzz").is_empty(), "nothing close");
}

/// Articles for the name tests: names that look like affixed common
/// words (`Kediri`: ke- + diri; `Pemalang`: pe- + malang), a name that is
/// also a common root (`Serang`, `serangan`), and those common words.
fn name_archive() -> Vec<Art> {
    vec![
        Art {
            id: "kediri-1",
            title: "Banjir",
            body: "Banjir merendam rumah warga di Kediri kemarin.",
            ..BLANK
        },
        Art {
            id: "kediri-2",
            title: "Pasar",
            body: "Harga cabai di pasar Kediri naik lagi.",
            ..BLANK
        },
        Art {
            id: "kediri-3",
            title: "Jalan",
            body: "Kediri menambah jalan baru. Warga senang.",
            ..BLANK
        },
        Art {
            id: "diri-1",
            title: "Motivasi",
            body: "Percaya pada diri sendiri itu penting.",
            ..BLANK
        },
        Art {
            id: "diri-2",
            title: "Tragedi",
            body: "Seorang pria mengakhiri hidupnya dengan gantung diri.",
            ..BLANK
        },
        Art {
            id: "pemalang",
            title: "Nelayan",
            body: "Nelayan di Pemalang melaut lagi.",
            ..BLANK
        },
        Art {
            id: "malang",
            title: "Nasib",
            body: "Nasib malang menimpa pedagang itu.",
            ..BLANK
        },
        Art {
            id: "serang-kota",
            title: "Pilkada",
            body: "Pemilih di Serang datang pagi.",
            ..BLANK
        },
        Art {
            id: "serangan",
            title: "Perang",
            body: "Pasukan itu melancarkan serangan udara.",
            ..BLANK
        },
    ]
}

#[test]
fn names_are_not_conflated_with_common_words() {
    let fx = Fixture::new(&name_archive());
    let kediri = ids(&["kediri-1", "kediri-2", "kediri-3"]);
    assert_eq!(fx.hits("Kediri"), kediri);
    assert_eq!(
        fx.hits("kediri"),
        kediri,
        "the archive only writes it as a name"
    );
    assert_eq!(fx.hits("diri"), ids(&["diri-1", "diri-2"]));
    assert_eq!(fx.hits("Pemalang"), ids(&["pemalang"]));
    assert_eq!(fx.hits("pemalang"), ids(&["pemalang"]));
    assert_eq!(fx.hits("malang"), ids(&["malang"]));
    assert_eq!(fx.hits("\"di Kediri\""), ids(&["kediri-1"]));
    assert_eq!(fx.hits("\"pasar kediri\""), ids(&["kediri-2"]));
}

#[test]
fn a_capitalised_word_that_is_both_means_the_name() {
    let fx = Fixture::new(&name_archive());
    assert_eq!(fx.hits("Serang"), ids(&["serang-kota"]));
    assert_eq!(
        fx.hits("serang"),
        ids(&["serang-kota", "serangan"]),
        "lower case matches the name and the common word"
    );
}

#[test]
fn without_an_archive_to_ask_words_match_either_reading() {
    let (fields, tokenizers) = lowering_context();
    let ctx = LowerContext {
        fields: &fields,
        tokenizers: &tokenizers,
        searcher: None,
        entities: None,
    };
    let text = format!(
        "{:?}",
        Query::parse("kediri").unwrap().to_tantivy(&ctx).unwrap()
    );
    assert!(
        text.contains("^kediri") && text.contains("\"diri\""),
        "{text}"
    );
}

#[test]
fn facets_count_all_matches() {
    let fx = Fixture::new(&archive());
    let f = facets(&fx.searcher, &*fx.tantivy("*"), &fx.fields, usize::MAX).unwrap();
    let fc = |name: &str, count: u64| FacetCount {
        name: name.into(),
        aliases: Vec::new(),
        count,
    };
    assert_eq!(
        f.source,
        vec![
            fc("Antara", 2),
            fc("Kompas.com", 2),
            fc("Tribunnews.com", 2)
        ]
    );
    assert_eq!(
        f.category,
        vec![fc("Internasional", 4), fc("Nasional", 1), fc("Opini", 1)]
    );
    assert_eq!(
        f.place,
        vec![
            fc("Korea Utara", 2),
            fc("Ukraina", 2),
            fc("Jakarta", 1),
            fc("Korea Selatan", 1),
            fc("Kursk", 1),
            fc("Rusia", 1),
        ]
    );
    assert_eq!(
        f.person,
        vec![
            fc("Joko Widodo", 1),
            fc("Kim Jong Un", 1),
            fc("Volodymyr Zelensky", 1)
        ]
    );
    assert_eq!(f.org, vec![fc("Perserikatan Bangsa-Bangsa", 1)]);

    let f = facets(&fx.searcher, &*fx.tantivy("korea"), &fx.fields, 1).unwrap();
    assert_eq!(f.place, vec![fc("Korea Utara", 2)]);
    assert_eq!(f.source, vec![fc("Kompas.com", 1)]);
    assert_eq!(f.category, vec![fc("Internasional", 2)]);
    assert!(f.org.is_empty());

    let json = serde_json::to_value(&f).unwrap();
    for key in ["person", "place", "org", "source", "category"] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

#[test]
fn facets_merge_segments() {
    // Two commits make two segments; counts and names must merge.
    let fields = Fields::new();
    let index = Index::create_in_ram(fields.schema.clone());
    analysis::register(index.tokenizers(), &Default::default());
    let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
    for batch in [["Kompas.com", "Antara"], ["KOMPAS.COM", "Kompas.com"]] {
        for s in batch {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.source, s);
            doc.add_text(fields.source_key, fold_key(s));
            doc.add_text(fields.body, "berita");
            doc.add_facet(
                fields.entity,
                Facet::from_path(["person", "Prabowo Subianto"]),
            );
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
    }
    let searcher = index.reader().unwrap().searcher();
    assert_eq!(searcher.segment_readers().len(), 2);
    let f = facets(&searcher, &tantivy::query::AllQuery, &fields, 10).unwrap();
    assert_eq!(f.source.len(), 2);
    assert_eq!(f.source.first().map(|c| c.count), Some(3));
    assert_eq!(
        f.source.first().map(|c| c.name.to_lowercase()),
        Some("kompas.com".to_string())
    );
    assert_eq!(f.person.first().map(|c| c.count), Some(4));
}

#[test]
fn timeline_fills_gaps_in_wib_periods() {
    let fx = Fixture::new(&archive());
    let all = fx.tantivy("*");
    let t = timeline(&fx.searcher, &*all, &fx.fields, Interval::Month).unwrap();
    assert_eq!(t.undated, 1);
    let months: Vec<(String, u64)> = t
        .buckets
        .iter()
        .map(|b| (b.start.to_string(), b.count))
        .collect();
    assert_eq!(
        months,
        [
            ("2024-08-01", 1),
            ("2024-09-01", 0),
            ("2024-10-01", 2),
            ("2024-11-01", 1),
            ("2024-12-01", 1),
        ]
        .map(|(d, c)| (d.to_string(), c))
    );

    let t = timeline(&fx.searcher, &*all, &fx.fields, Interval::Year).unwrap();
    assert_eq!(
        t.buckets,
        vec![TimelineBucket {
            start: date!(2024 - 01 - 01),
            count: 5
        }]
    );

    let korea = fx.tantivy("korea");
    let t = timeline(&fx.searcher, &*korea, &fx.fields, Interval::Week).unwrap();
    // 24 Oct 2024 is a Thursday (week of Mon 21 Oct), 5 Dec a Thursday (week of 2 Dec).
    assert_eq!(
        t.buckets.first().map(|b| b.start),
        Some(date!(2024 - 10 - 21))
    );
    assert_eq!(
        t.buckets.last().map(|b| b.start),
        Some(date!(2024 - 12 - 02))
    );
    assert_eq!(t.buckets.len(), 7);
    assert_eq!(t.buckets.iter().map(|b| b.count).sum::<u64>(), 2);
    assert_eq!(t.undated, 0);

    let edge = fx.tantivy("banjir OR sidang");
    let t = timeline(&fx.searcher, &*edge, &fx.fields, Interval::Day).unwrap();
    let days: Vec<(String, u64)> = t
        .buckets
        .iter()
        .map(|b| (b.start.to_string(), b.count))
        .collect();
    assert_eq!(
        days,
        vec![("2024-10-31".to_string(), 1), ("2024-11-01".to_string(), 1)],
        "days are WIB days"
    );

    let none = fx.tantivy("zzz");
    let t = timeline(&fx.searcher, &*none, &fx.fields, Interval::Day).unwrap();
    assert_eq!(t, Timeline::default());

    let json = serde_json::to_value(TimelineBucket {
        start: date!(2024 - 10 - 01),
        count: 3,
    })
    .unwrap();
    assert_eq!(json, serde_json::json!({"start": "2024-10-01", "count": 3}));
}

#[test]
fn hits_facets_and_timeline_in_one_pass() {
    let fx = Fixture::new(&archive());
    let q = fx.tantivy("ukraina");
    let (count, tally, line) = fx
        .searcher
        .search(
            &*q,
            &(
                tantivy::collector::Count,
                FacetsCollector::new(&fx.fields),
                TimelineCollector::new(&fx.fields, Interval::Month),
            ),
        )
        .unwrap();
    assert_eq!(count, 4);
    let f = tally.resolve(&fx.searcher, &fx.fields, 10).unwrap();
    assert_eq!(f, facets(&fx.searcher, &*q, &fx.fields, 10).unwrap());
    assert_eq!(
        line,
        timeline(&fx.searcher, &*q, &fx.fields, Interval::Month).unwrap()
    );
    assert_eq!(line.undated, 1);
    assert_eq!(line.buckets.iter().map(|b| b.count).sum::<u64>(), 3);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for q in [
        "(".repeat(100_000),
        format!("{}a{}", "(".repeat(5_000), ")".repeat(5_000)),
        format!("{}a", "-".repeat(100_000)),
        format!("{}a", "NOT ".repeat(50_000)),
        format!("{}a", "title:(".repeat(10_000)),
    ] {
        let e = err(&q);
        assert!(e.message.contains("nests too deeply"), "{}", e.message);
    }
    // Moderate nesting is fine and round-trips.
    let q = format!("{}a b{}", "(".repeat(50), ")".repeat(50));
    assert_eq!(p(&q), p("a b"));
    let q = format!("{}a", "-".repeat(50));
    assert_eq!(p(&p(&q).to_string()), p(&q));
}

#[test]
fn words_the_analyzer_removes_are_dropped() {
    let arts = [
        Art {
            id: "gap",
            title: "Banjir di Jakarta",
            body: "Air naik.",
            ..BLANK
        },
        Art {
            id: "nogap",
            title: "Banjir Jakarta",
            body: "Air surut.",
            ..BLANK
        },
    ];
    let fx = Fixture::with(&arts, |m| {
        m.register(
            analysis::STEMMED,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(tantivy::tokenizer::StopWordFilter::remove(vec![
                    "di".to_string(),
                    "yang".to_string(),
                ]))
                .build(),
        );
    });
    assert_eq!(fx.hits("banjir yang"), fx.hits("banjir"));
    assert_eq!(fx.hits("yang"), ids(&[]), "only removed words: nothing");
    assert_eq!(fx.hits("banjir -yang"), ids(&["gap", "nogap"]));
    // Positions keep the stopword's place, so phrases still line up.
    assert_eq!(fx.hits("\"banjir di jakarta\""), ids(&["gap"]));
    assert_eq!(fx.hits("\"banjir yang jakarta\""), ids(&["gap"]));
    assert_eq!(fx.hits("\"banjir jakarta\""), ids(&["nogap"]));
    // The exact fields keep every word.
    assert_eq!(fx.hits("=\"banjir di jakarta\""), ids(&["gap"]));
}

#[test]
fn error_display_counts_characters() {
    let e = err("é titel:x");
    assert_eq!(e.position, 3);
    assert!(e.to_string().ends_with("(at column 3)"), "{e}");
}

// ------------------------------------------------------ on the real corpus

/// The shared corpus, if present: `../shared` beside the repository, or
/// `$NEWSIDX_SHARED`.
fn shared_corpus() -> Option<String> {
    let dir = std::env::var_os("NEWSIDX_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = dir.join("data/corpus/clickid.jsonl");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            println!(
                "skipping: {} not found (set NEWSIDX_SHARED)",
                path.display()
            );
            None
        }
    }
}

#[test]
fn real_corpus_answers_agree_with_the_raw_data() {
    let Some(text) = shared_corpus() else {
        return;
    };
    struct Raw {
        id: String,
        title: String,
        date: Option<String>,
        source: Option<String>,
        category: Option<String>,
    }
    let fields = Fields::new();
    let index = Index::create_in_ram(fields.schema.clone());
    analysis::register(index.tokenizers(), &Default::default());
    let mut writer: IndexWriter = index.writer(50_000_000).unwrap();
    let mut raws = Vec::new();
    for line in text.lines().take(3000) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let raw = Raw {
            id: s("id").unwrap_or_default(),
            title: s("title").unwrap_or_default(),
            date: s("date"),
            source: s("source"),
            category: s("category"),
        };
        let body = s("body").unwrap_or_default();
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.id, &raw.id);
        doc.add_text(fields.title, &raw.title);
        doc.add_text(fields.title_exact, &raw.title);
        doc.add_text(fields.body, &body);
        doc.add_text(fields.body_exact, &body);
        if let Some(start) = raw
            .date
            .as_deref()
            .and_then(|d| DateRange::parse(d).ok()?.start)
        {
            doc.add_date(fields.date, DateTime::from_utc(start));
        }
        for (f, key, v) in [
            (fields.source, fields.source_key, &raw.source),
            (fields.category, fields.category_key, &raw.category),
        ] {
            if let Some(v) = v {
                doc.add_text(f, v);
                doc.add_text(key, fold_key(v));
            }
        }
        writer.add_document(doc).unwrap();
        raws.push(raw);
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let ctx = LowerContext {
        fields: &fields,
        tokenizers: index.tokenizers(),
        searcher: Some(&searcher),
        entities: None,
    };
    let count = |q: &str| -> usize {
        let tq = Query::parse(q).unwrap().to_tantivy(&ctx).unwrap();
        searcher.search(&*tq, &tantivy::collector::Count).unwrap()
    };

    // Queries made of a title's words find that article.
    for raw in raws.iter().step_by(30) {
        let words: Vec<&str> = raw
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .take(3)
            .collect();
        if words.len() < 2 {
            continue;
        }
        for q in [
            words.join(" "),
            format!("\"{}\"", raw.title.replace('"', "")),
        ] {
            let tq = Query::parse(&q).unwrap().to_tantivy(&ctx).unwrap();
            let id = tantivy::query::TermQuery::new(
                tantivy::Term::from_field_text(fields.id, &raw.id),
                tantivy::schema::IndexRecordOption::Basic,
            );
            let both = tantivy::query::BooleanQuery::intersection(vec![tq, Box::new(id)]);
            let n = searcher.search(&both, &tantivy::collector::Count).unwrap();
            assert_eq!(n, 1, "{q} does not find {}", raw.id);
        }
    }

    // Date, source and category filters count what the raw data says.
    let month = |m: &str| {
        raws.iter()
            .filter(|r| r.date.as_deref().is_some_and(|d| d.starts_with(m)))
            .count()
    };
    assert_eq!(count("date:2019-09"), month("2019-09"));
    assert_eq!(count("date:\"September 2019\""), month("2019-09"));
    assert_eq!(
        count("date:2019-03..2019-08"),
        (3..=8)
            .map(|m| month(&format!("2019-{m:02}")))
            .sum::<usize>()
    );
    assert_eq!(
        count("NOT date:.."),
        raws.iter().filter(|r| r.date.is_none()).count()
    );
    let with = |get: &dyn Fn(&Raw) -> Option<&String>, v: &str| {
        raws.iter()
            .filter(|r| get(r).is_some_and(|s| s.eq_ignore_ascii_case(v)))
            .count()
    };
    let first_source = raws.iter().find_map(|r| r.source.clone()).unwrap();
    assert_eq!(
        count(&format!("source:\"{}\"", first_source.to_uppercase())),
        with(&|r| r.source.as_ref(), &first_source)
    );

    // Facets and timeline over everything add up to the raw counts.
    let all = Query::all().to_tantivy(&ctx).unwrap();
    let f = facets(&searcher, &*all, &fields, usize::MAX).unwrap();
    for c in &f.source {
        assert_eq!(
            c.count as usize,
            with(&|r| r.source.as_ref(), &c.name),
            "{}",
            c.name
        );
    }
    for c in &f.category {
        assert_eq!(
            c.count as usize,
            with(&|r| r.category.as_ref(), &c.name),
            "{}",
            c.name
        );
    }
    let t = timeline(&searcher, &*all, &fields, Interval::Month).unwrap();
    assert_eq!(
        t.buckets.iter().map(|b| b.count).sum::<u64>() + t.undated,
        raws.len() as u64
    );
    // Consecutive months, empty ones included.
    let month_index = |d: time::Date| d.year() * 12 + d.month() as i32;
    for pair in t.buckets.windows(2) {
        assert_eq!(month_index(pair[1].start), month_index(pair[0].start) + 1);
        assert_eq!(pair[1].start.day(), 1);
    }
    for b in &t.buckets {
        let m = format!("{:04}-{:02}", b.start.year(), b.start.month() as u8);
        assert_eq!(b.count as usize, month(&m), "{m}");
    }
}
