//! Named entities (people, places, organisations) found in each article, so
//! the archive can be searched and counted by who and where.
//!
//! Extraction runs at index time over every article, so it is built for speed
//! first: an averaged-perceptron BIO tagger ([`tagger`]) with features written
//! for Indonesian news ([`features`]) and gazetteers compiled into the binary
//! ([`gazetteer`]), then a few rules that sentence-level training data cannot
//! teach: where a name ends (days, dates, `Cs`, grammatical words; in
//! [`boundary`], applied to the tagger's own output too), titles, `-nya`,
//! Title Case lines, datelines, one type per name and canonical names within
//! an article (listed in `src/entities/extract.rs`).
//!
//! The model (`data/entities/model.bin`) is trained on public Indonesian NER
//! corpora and is rebuilt bit for bit by
//! `cargo run --release --example train_ner -- --data ../shared/data/ner --out data/entities/model.bin`.
//! It is embedded with `include_bytes!` and parsed once per process.
//!
//! Trade-offs: greedy decoding and a linear model miss entities that need
//! long context (a rare name introduced far from its cue) and confuse places
//! with organisations that are named after them (`Persija Jakarta`); all-caps
//! text other than a dateline is tagged with little evidence.
//!
//! ```
//! use newsidx::entities::{EntityKind, Extractor};
//! let ex = Extractor::new()?;
//! let text = "Presiden Rusia Vladimir Putin tiba di Jakarta. Putin bertemu pejabat PBB.";
//! let people: Vec<String> = ex
//!     .mentions(text)
//!     .into_iter()
//!     .filter(|m| m.kind == EntityKind::Person)
//!     .map(|m| m.canonical)
//!     .collect();
//! assert_eq!(people, ["Vladimir Putin", "Vladimir Putin"]);
//! # Ok::<(), newsidx::Error>(())
//! ```

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub mod boundary;
mod extract;
pub mod features;
pub mod gazetteer;
pub mod tagger;
pub mod tokenize;

pub(crate) use extract::{contains_seq, initials, is_acronym};
use gazetteer::Gazetteer;
use tagger::{Model, TAGS};

/// The bundled model, rebuilt by `examples/train_ner.rs`.
const MODEL_BYTES: &[u8] = include_bytes!("../../data/entities/model.bin");

/// The three entity types newsidx tracks (PERSON, LOCATION and
/// ORGANIZATION in the training data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A country, region, city or other place.
    Place,
    /// An institution, company, party, agency or news outlet.
    Org,
}

impl EntityKind {
    /// Every kind, in facet order.
    pub const ALL: [EntityKind; 3] = [EntityKind::Person, EntityKind::Place, EntityKind::Org];

    /// Facet root and query field name: `person`, `place`, `org`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Org => "org",
        }
    }

    /// The kind named by [`EntityKind::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entity of an article, with every mention of it resolved to one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Its type.
    pub kind: EntityKind,
    /// Canonical name, e.g. `Vladimir Putin`.
    pub name: String,
    /// Other surface forms seen in the same article (`Putin`, `PBB`).
    pub aliases: Vec<String>,
    /// How many times it is mentioned.
    pub mentions: u32,
}

/// One mention in a text: byte offsets into the text given to the extractor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Its type.
    pub kind: EntityKind,
    /// Byte offset of its first byte (on a char boundary).
    pub start: usize,
    /// Byte offset one past its last byte (on a char boundary).
    pub end: usize,
    /// The mentioned text, `text[start..end]`.
    pub text: String,
    /// The canonical name this mention resolved to.
    pub canonical: String,
}

/// Finds entities in text. Cheap to create and share between threads: the
/// model and gazetteers are loaded once per process.
#[derive(Debug, Clone, Copy)]
pub struct Extractor {
    model: &'static Model,
    gaz: &'static Gazetteer,
}

/// A number no other model or gazetteer of this process has had, so that
/// weights summed with one are never reused with another.
pub(crate) fn fresh_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The bundled model, parsed on first use.
fn bundled_model() -> Result<&'static Model, tagger::ModelError> {
    static M: OnceLock<Result<Model, tagger::ModelError>> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(MODEL_BYTES))
        .as_ref()
        .map_err(Clone::clone)
}

impl Extractor {
    /// Loads the bundled model and gazetteers (parsed once per process; later
    /// calls are free). Fails only if the embedded model file is damaged.
    pub fn new() -> crate::Result<Self> {
        let model = bundled_model().map_err(|e| crate::Error::Invalid(e.to_string()))?;
        Ok(Extractor {
            model,
            gaz: Gazetteer::bundled(),
        })
    }

    /// An extractor over a given model (for evaluation and experiments).
    pub fn with_model(model: &'static Model) -> Self {
        Extractor {
            model,
            gaz: Gazetteer::bundled(),
        }
    }

    /// Mentions in `text`, in order, with canonical names resolved within
    /// the text. Offsets are byte offsets into `text`.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let raws = extract::raw_mentions(self.model, self.gaz, text);
        extract::resolve(text, self.gaz, &raws)
    }

    /// The entities of one article (title and body together), one per
    /// canonical name, with the other names seen as aliases; sorted by
    /// mention count (descending), then name.
    pub fn article_entities(&self, title: &str, body: &str) -> Vec<Entity> {
        extract::article(self.model, self.gaz, title, body)
    }

    /// BIO tags (`B-PER`, `I-PER`, `B-LOC`, `I-LOC`, `B-ORG`, `I-ORG`, `O`)
    /// from the tagger for one pre-tokenised sentence, one per token, with
    /// the name-boundary rules of [`boundary`] applied; no article-level
    /// rules are.
    pub fn tag_tokens(&self, tokens: &[&str]) -> Vec<&'static str> {
        let mut tags = self.model.tag(tokens, self.gaz);
        finish_tags(tokens, &mut tags, self.gaz);
        tags.into_iter()
            .map(|t| TAGS.get(t as usize).copied().unwrap_or("O"))
            .collect()
    }
}

/// The rules applied to a tagged sentence on its own, after the tagger:
/// name boundaries ([`boundary::clean_tags`]), then the kinds that the word
/// before a name or a list of names gives. What `newsidx entities --conll`
/// prints; an article gets these and the article-wide rules.
pub fn finish_tags(words: &[&str], tags: &mut [u8], gaz: &Gazetteer) {
    boundary::clean_tags(words, tags, gaz);
    extract::sentence_kinds(words, gaz, tags);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ex() -> Extractor {
        Extractor::new().unwrap()
    }

    #[test]
    fn a_name_stops_before_its_bracketed_form() {
        let text = "Presiden Joko Widodo (Jokowi) meninjau banjir di Medan. \
                    Menurut Jokowi, warga harus waspada.";
        for m in ex().mentions(text) {
            assert!(!m.text.contains('(') && !m.canonical.contains('('), "{m:?}");
        }
        let people: Vec<String> = ex()
            .article_entities("Banjir Medan", text)
            .into_iter()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| e.name)
            .collect();
        assert!(people.iter().any(|n| n == "Joko Widodo"), "{people:?}");
    }

    #[test]
    fn bundled_model_loads() {
        assert!(!ex().model.is_empty());
    }

    #[test]
    fn a_common_word_opening_sentences_is_no_name() {
        let text = "Solbin dari LABOUM sempat 'dihajar' netizen setelah mengakhiri \
                    penampilannya di V-Live. Netizen semakin geram karena Solbin memanggil \
                    Jin BTS tanpa panggilan penghormatan. Prabowo hadir. Kata Jokowi, \
                    Prabowo sudah tiba.";
        let names: Vec<String> = ex().mentions(text).into_iter().map(|m| m.text).collect();
        assert!(!names.iter().any(|n| n == "Netizen"), "{names:?}");
        assert!(names.iter().any(|n| n == "Prabowo"), "{names:?}");
    }

    #[test]
    fn a_connective_opening_a_sentence_is_no_name_nor_part_of_one() {
        let text = "Tim tamu tertinggal dua gol. Alhasil Zibi gagal membawa pulang poin. \
                    Kendati Habibie sudah tiada, namanya dikenang. Alhasil, laga usai.";
        let names: Vec<String> = ex().mentions(text).into_iter().map(|m| m.text).collect();
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("Alhasil") || n.starts_with("Kendati")),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n == "Habibie"), "{names:?}");
    }

    #[test]
    fn netizens_are_no_entity() {
        let text = "Unggahan Raffi Ahmad ramai dikomentari. ,Warganet beramai-ramai membuat \
                    unggahan yang berisi penggalan dialog jenaka Nik dan Diah. ,Warganet pun \
                    menggoda Tata. Netizen lain membela. Netter menyebutnya lucu.";
        let names: Vec<String> = ex().mentions(text).into_iter().map(|m| m.text).collect();
        assert!(
            !names
                .iter()
                .any(|n| matches!(n.as_str(), "Warganet" | "Netizen" | "Netter")),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n == "Raffi Ahmad"), "{names:?}");
    }

    #[test]
    fn a_rare_dictionary_word_opening_a_sentence_is_no_name() {
        assert!(super::extract::is_rare_root("Amplitudo"));
        // Roots in everyday use are also given names.
        assert!(!super::extract::is_rare_root("Budi"));
        assert!(!super::extract::is_rare_root("Prabowo"));
    }

    #[test]
    fn a_social_medium_is_named_apart_from_its_accounts() {
        let text = "Hal itu disampaikan akun Twitter BMKG pada Senin. Ia mengunggahnya \
                    lewat Instagram Story miliknya.";
        let m = ex().mentions(text);
        let names: Vec<(EntityKind, &str)> = m.iter().map(|m| (m.kind, m.text.as_str())).collect();
        assert!(names.contains(&(EntityKind::Org, "Twitter")), "{names:?}");
        assert!(names.contains(&(EntityKind::Org, "Instagram")), "{names:?}");
        assert!(!names.iter().any(|n| n.1.contains(' ')), "{names:?}");
    }

    #[test]
    fn a_name_running_on_from_a_bracket_is_what_the_bracket_holds() {
        let text = "Ia dirawat di Rumah Sakit Pusat Angkatan Darat (RSPAD) Gatot Subroto \
                    Jakarta Pusat sejak Senin.";
        let names: Vec<String> = ex().mentions(text).into_iter().map(|m| m.text).collect();
        assert!(names.iter().all(|n| !n.contains(')')), "{names:?}");
        assert!(names.iter().any(|n| n == "RSPAD"), "{names:?}");
    }

    #[test]
    fn makes_of_products_are_no_names_and_members_belong_to_bodies() {
        let text = "Petugas mencatat 7 rumah warga yang rusak, satu mobil Avanza rusak, dan \
                    seorang warga terluka. Anggota Monsta X tampil di Seoul.";
        let m = ex().mentions(text);
        let names: Vec<(EntityKind, &str)> = m.iter().map(|m| (m.kind, m.text.as_str())).collect();
        assert!(!names.iter().any(|n| n.1 == "Avanza"), "{names:?}");
        assert!(names.contains(&(EntityKind::Org, "Monsta X")), "{names:?}");
    }

    #[test]
    fn a_dateline_may_name_the_outlet_first() {
        for text in [
            "TEMPO.CO, Jakarta - Peneliti Senior Indef menilai revisi itu berdampak.",
            "Liputan6.com, Kota Bandung - Warga menolak rencana itu.",
        ] {
            let m = ex().mentions(text);
            let kinds: Vec<(EntityKind, &str)> =
                m.iter().map(|m| (m.kind, m.text.as_str())).collect();
            let (outlet, city) = text
                .split_once(", ")
                .and_then(|(o, rest)| Some((o, rest.split_once(" - ")?.0)))
                .unwrap_or_default();
            assert!(kinds.contains(&(EntityKind::Org, outlet)), "{kinds:?}");
            assert!(kinds.contains(&(EntityKind::Place, city)), "{kinds:?}");
        }
        // An address is an outlet wherever it stands.
        let m = ex().mentions("Seperti diberitakan Tempo.Co sebelumnya, harga naik.");
        assert!(
            m.iter()
                .all(|m| m.text != "Tempo.Co" || m.kind == EntityKind::Org),
            "{m:?}"
        );
    }

    #[test]
    fn news_conventions() {
        let text = "JAKARTA, KOMPAS.com - Presiden Rusia Vladimir Putin tiba di Jakarta. \
                    Putin bertemu Sekretaris Jenderal Perserikatan Bangsa-Bangsa (PBB). \
                    Kedatangan Putinnya disambut PBB. (Tribunnews.com/Farrah Putri)";
        let m = ex().mentions(text);
        let find = |s: &str| m.iter().find(|m| m.text == s);
        let jkt = find("JAKARTA").expect("dateline city");
        assert_eq!(
            (jkt.kind, jkt.canonical.as_str()),
            (EntityKind::Place, "Jakarta")
        );
        assert_eq!(find("KOMPAS.com").map(|m| m.kind), Some(EntityKind::Org));
        assert_eq!(
            find("Tribunnews.com").map(|m| m.kind),
            Some(EntityKind::Org)
        );
        assert_eq!(
            find("Farrah Putri").map(|m| m.kind),
            Some(EntityKind::Person)
        );
        // Title excluded, short form and -nya resolve to the full name.
        let putins: Vec<&Mention> = m
            .iter()
            .filter(|m| m.canonical == "Vladimir Putin")
            .collect();
        assert_eq!(putins.len(), 3, "{m:?}");
        let nya = putins[2];
        assert_eq!(&text[nya.start..nya.end + 3], "Putinnya");
        // Long form and acronym are one organisation named by the acronym.
        let pbb: Vec<&str> = m
            .iter()
            .filter(|m| m.canonical == "PBB")
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(pbb, ["Perserikatan Bangsa-Bangsa", "PBB", "PBB"]);
    }

    #[test]
    fn article_entities_merge_title_and_body() {
        let e = ex().article_entities(
            "Putin Tiba Di Jakarta",
            "Presiden Rusia Vladimir Putin tiba di Jakarta, Senin. Putin disambut hangat.",
        );
        let putin = e
            .iter()
            .find(|e| e.name == "Vladimir Putin")
            .expect("Putin");
        assert_eq!(putin.kind, EntityKind::Person);
        assert!(putin.mentions >= 2);
        assert!(putin.aliases.contains(&"Putin".to_string()));
        assert!(e.windows(2).all(|w| w[0].mentions >= w[1].mentions));
    }

    #[test]
    fn lower_case_fragments_of_a_capitalised_text_hold_no_names() {
        // A real archive's quotes lost their marks; the fragments left are
        // lower case and the tagger's lower-case mode would read `netter`
        // (netizens) as a person.
        let text = "Syahnaz Sadiqah mengunggah foto kehamilannya di Instagram. \
                    \" , \" kata netter . \" , \" sahut lainnya .";
        let m = ex().mentions(text);
        assert!(m.iter().any(|m| m.canonical == "Syahnaz Sadiqah"), "{m:?}");
        assert!(
            m.iter().all(|m| m.text.chars().any(char::is_uppercase)),
            "{m:?}"
        );
        // Text typed wholly in lower case is still read.
        let lower =
            ex().mentions("\" , \" kata presiden joko widodo di jakarta . \" , \" sahut lainnya .");
        assert!(lower.iter().any(|m| m.text == "joko widodo"), "{lower:?}");
    }

    #[test]
    fn hashtags_and_kinds_of_things_are_no_names_gus_stays() {
        let text = "Gerakan Nasional #IndonesiaDermawan mengajak publik. Saat itulah \
                    Gus Dur menanggapi. Revisi KUHP dibahas para Aparatur Sipil Negara.";
        let names: Vec<String> = ex().mentions(text).into_iter().map(|m| m.text).collect();
        assert!(names.iter().any(|n| n == "Gus Dur"), "{names:?}");
        for junk in ["IndonesiaDermawan", "Dur", "KUHP", "Aparatur Sipil Negara"] {
            assert!(!names.iter().any(|n| n == junk), "{junk} in {names:?}");
        }
    }

    #[test]
    fn tag_tokens_gives_one_bio_tag_per_token() {
        let toks = ["Kim", "Jong", "Un", "tiba", "di", "Singapura", "."];
        let tags = ex().tag_tokens(&toks);
        assert_eq!(tags, ["B-PER", "I-PER", "I-PER", "O", "O", "B-LOC", "O"]);
        assert!(ex().tag_tokens(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_are_sound(text in "\\PC{0,200}") {
            let ex = ex();
            for m in ex.mentions(&text) {
                prop_assert!(m.start < m.end && m.end <= text.len());
                prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
            }
            let _ = ex.article_entities(&text, &text);
        }

        #[test]
        fn never_panics_on_newsy_text(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("Putin"), Just("Putinnya"), Just("PBB"), Just("("), Just(")"),
                    Just("JAKARTA"), Just(","), Just("-"), Just("Kompas.com"), Just("\n"),
                    Just("Presiden"), Just("nya"), Just("di"), Just("Bangsa-Bangsa"),
                    Just("Perserikatan"), Just("É"), Just("."), Just("/"),
                ],
                0..60,
            )
        ) {
            let text = words.join(" ");
            for m in ex().mentions(&text) {
                prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                prop_assert!(m.start < m.end && m.end <= text.len());
            }
            let toks: Vec<&str> = words.to_vec();
            prop_assert_eq!(ex().tag_tokens(&toks).len(), toks.len());
        }
    }
}
