//! Completion while typing: the people, places and organisations the
//! archive names and the words it uses that begin with what has been typed
//! so far, most frequent first.
//!
//! Entity names come from the `entity` facet terms. They are few (tens of
//! thousands), so a [`Completer`] lists them once per index state with
//! their article counts and matches a prefix against the start of the
//! name or of any of its words (`put` finds `Vladimir Putin`). Words come
//! from the literal-form body terms, read by a range over the term
//! dictionary on each call, which costs little because the dictionary is
//! sorted.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::Searcher;
use tantivy::tokenizer::TokenizerManager;

use super::Index;
use super::schema::fold_key;
use crate::Result;
use crate::analysis;
use crate::entities::EntityKind;

/// What a completion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CompletionKind {
    Person,
    Place,
    Org,
    /// A word of the articles' text, as written (folded).
    Word,
}

impl From<EntityKind> for CompletionKind {
    fn from(k: EntityKind) -> Self {
        match k {
            EntityKind::Person => CompletionKind::Person,
            EntityKind::Place => CompletionKind::Place,
            EntityKind::Org => CompletionKind::Org,
        }
    }
}

/// One completion: `{"text":"Vladimir Putin","kind":"person","count":2}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub text: String,
    pub kind: CompletionKind,
    /// Articles that have it.
    pub count: u64,
}

/// Most word terms read for one prefix: bounds the cost of a one-letter
/// prefix on a very large archive.
const MAX_WORD_TERMS: usize = 200_000;

/// Longest prefix considered; longer input completes nothing.
const MAX_PREFIX_CHARS: usize = 100;

struct Name {
    folded: String,
    text: String,
    kind: EntityKind,
    count: u64,
}

/// The entity names of one index state, most frequent first.
pub struct Completer {
    names: Vec<Name>,
}

impl std::fmt::Debug for Completer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Completer")
            .field("names", &self.names.len())
            .finish()
    }
}

impl Completer {
    /// Lists the entity names of `index` with their article counts.
    pub fn new(index: &Index) -> Result<Completer> {
        let searcher = index.reader.searcher();
        let mut counts: HashMap<(EntityKind, String), u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(index.fields.entity)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| crate::Error::io(index.generation.clone(), e))?;
            while stream.advance() {
                // Facet terms are their path segments joined by NUL; the
                // one-segment terms are the kinds themselves.
                let Ok(key) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let Some((kind, name)) = key.split_once('\u{0}') else {
                    continue;
                };
                let Some(kind) = EntityKind::parse(kind) else {
                    continue;
                };
                *counts.entry((kind, name.to_string())).or_insert(0) +=
                    u64::from(stream.value().doc_freq);
            }
        }
        let mut names: Vec<Name> = counts
            .into_iter()
            .map(|((kind, text), count)| Name {
                folded: fold_key(&text),
                text,
                kind,
                count,
            })
            .collect();
        names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        Ok(Completer { names })
    }

    /// Up to `limit` completions of `prefix` from entity names and words,
    /// most frequent first (names before words at equal counts).
    pub fn complete(&self, index: &Index, prefix: &str, limit: usize) -> Vec<Completion> {
        let folded = fold_key(prefix);
        if folded.is_empty() || limit == 0 || folded.chars().count() > MAX_PREFIX_CHARS {
            return Vec::new();
        }
        let mut out: Vec<Completion> = self
            .names
            .iter()
            .filter(|n| name_matches(&n.folded, &folded))
            .take(limit)
            .map(|n| Completion {
                text: n.text.clone(),
                kind: n.kind.into(),
                count: n.count,
            })
            .collect();
        let searcher = index.reader.searcher();
        out.extend(words(
            &searcher,
            &index.search_tokenizers(),
            index.fields.body_exact,
            prefix,
            limit,
        ));
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| {
                    (a.kind == CompletionKind::Word).cmp(&(b.kind == CompletionKind::Word))
                })
                .then_with(|| a.text.cmp(&b.text))
        });
        // A word that is also a one-word name adds nothing.
        let mut seen: Vec<String> = Vec::new();
        out.retain(|c| {
            let key = fold_key(&c.text);
            if seen.contains(&key) {
                false
            } else {
                seen.push(key);
                true
            }
        });
        out.truncate(limit);
        out
    }
}

/// True when `prefix` starts the name or one of its words.
fn name_matches(name: &str, prefix: &str) -> bool {
    name.starts_with(prefix)
        || name
            .match_indices([' ', '-'])
            .any(|(i, sep)| name[i + sep.len()..].starts_with(prefix))
}

/// The most frequent literal-form words starting with `prefix`.
fn words(
    searcher: &Searcher,
    tokenizers: &TokenizerManager,
    field: tantivy::schema::Field,
    prefix: &str,
    limit: usize,
) -> Vec<Completion> {
    // The prefix goes through the same analyzer as the field, so case and
    // diacritics fold as they did at indexing. Only a one-word prefix
    // completes to words.
    let Some(mut analyzer) = tokenizers.get(analysis::EXACT) else {
        return Vec::new();
    };
    let mut tokens = Vec::new();
    analyzer
        .token_stream(prefix.trim())
        .process(&mut |t| tokens.push(t.text.clone()));
    let [form] = tokens.as_slice() else {
        return Vec::new();
    };
    let mut upper = form.as_bytes().to_vec();
    upper.push(0xFF);
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut read = 0;
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted
            .terms()
            .range()
            .ge(form.as_bytes())
            .lt(&upper)
            .into_stream()
        else {
            continue;
        };
        while read < MAX_WORD_TERMS && stream.advance() {
            read += 1;
            let Ok(word) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            // Numbers, URLs and other non-words are not worth completing.
            if word.chars().count() < 2 || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
                continue;
            }
            *counts.entry(word.to_string()).or_insert(0) += u64::from(stream.value().doc_freq);
        }
    }
    let mut ranked: Vec<Completion> = counts
        .into_iter()
        .map(|(text, count)| Completion {
            text,
            kind: CompletionKind::Word,
            count,
        })
        .collect();
    ranked.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuildOptions, NoProgress};

    fn index(dir: &std::path::Path) -> Index {
        let lines = [
            (
                "a",
                "Putin bertemu Kim",
                "Presiden Rusia Vladimir Putin bertemu Kim Jong Un di Pyongyang.",
            ),
            (
                "b",
                "Putin di Moskwa",
                "Vladimir Putin berbicara di Moskwa tentang pasukan.",
            ),
            (
                "c",
                "Pasukan dikirim",
                "Pasukan dikirim ke Kursk. Pasukan itu besar.",
            ),
        ];
        let text: Vec<String> = lines
            .iter()
            .map(|(id, t, b)| {
                serde_json::json!({"id": id, "title": t, "body": b, "date": "2024-10-24"})
                    .to_string()
            })
            .collect();
        let input = dir.join("in.jsonl");
        std::fs::write(&input, text.join("\n")).unwrap();
        Index::build(
            dir.join("ix"),
            &[input],
            &BuildOptions::default(),
            &NoProgress,
        )
        .unwrap()
        .0
    }

    #[test]
    fn names_complete_from_any_of_their_words_and_words_from_the_text() {
        let tmp = tempfile::tempdir().unwrap();
        let index = index(tmp.path());
        let c = Completer::new(&index).unwrap();
        let got = c.complete(&index, "put", 5);
        assert!(
            got.iter().any(|x| x.text == "Vladimir Putin"
                && x.kind == CompletionKind::Person
                && x.count == 2),
            "{got:?}"
        );
        let got = c.complete(&index, "Pasu", 5);
        let word = got
            .iter()
            .find(|x| x.kind == CompletionKind::Word)
            .expect("a word");
        assert_eq!((word.text.as_str(), word.count), ("pasukan", 2));
        // Most frequent first.
        assert!(got.windows(2).all(|w| w[0].count >= w[1].count), "{got:?}");
    }

    #[test]
    fn nothing_to_complete_gives_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let index = index(tmp.path());
        let c = Completer::new(&index).unwrap();
        assert!(c.complete(&index, "", 5).is_empty());
        assert!(c.complete(&index, "   ", 5).is_empty());
        assert!(c.complete(&index, "zzzz", 5).is_empty());
        assert!(c.complete(&index, "put", 0).is_empty());
        assert!(c.complete(&index, &"x".repeat(500), 5).is_empty());
        assert!(c.complete(&index, "\u{0}\u{ffff}", 5).is_empty());
    }

    #[test]
    fn prefixes_match_word_starts_only() {
        assert!(name_matches("vladimir putin", "put"));
        assert!(name_matches("vladimir putin", "vladimir p"));
        assert!(name_matches("korea-utara", "utara"));
        assert!(!name_matches("vladimir putin", "tin"));
    }
}
