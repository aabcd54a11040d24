//! Analyzers that are cheap to clone, for searching.
//!
//! tantivy's `SnippetGenerator::snippet` clones its analyzer for every
//! text it highlights, and `TokenizerManager::get` (which query lowering
//! and typo suggestions use) hands out a clone too; a clone of the newsidx
//! analyzer starts with an empty stem cache of several megabytes, sized for
//! indexing. On a page of ten hits that was tens of milliseconds of
//! allocating and zeroing per search, and under concurrent searches
//! gigabytes of memory the allocator kept. Here searches get a thin
//! analyzer whose clone copies a name; it tokenizes with one real analyzer
//! per thread, kept warm between searches, and hands out the tokens from a
//! buffer.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::Query;
use tantivy::schema::{Field, FieldType};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};
use tantivy::{Score, Searcher, Term};

/// Real analyzers kept per thread (one per analyzer name and settings).
const KEPT_PER_THREAD: usize = 4;

thread_local! {
    static ANALYZERS: RefCell<Vec<(String, TextAnalyzer)>> = const { RefCell::new(Vec::new()) };
}

/// What `SnippetGenerator::create` makes, with a [`ThreadAnalyzer`].
/// `settings` identifies the index's analysis settings (two indexes with
/// equal settings share analyzers).
pub(super) fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    settings: &str,
) -> tantivy::Result<SnippetGenerator> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut terms_text: BTreeMap<String, Score> = BTreeMap::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            terms_text.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let index = searcher.index();
    let name = match index.schema().get_field_entry(field).field_type() {
        FieldType::Str(options) => options
            .get_indexing_options()
            .map(|i| i.tokenizer().to_string()),
        _ => None,
    };
    let analyzer = match name {
        Some(name) => TextAnalyzer::from(ThreadAnalyzer {
            key: format!("{name}\u{0}{settings}"),
            name,
            manager: index.tokenizers().clone(),
            tokens: Vec::new(),
        }),
        None => index.tokenizer_for_field(field)?,
    };
    Ok(SnippetGenerator::new(terms_text, analyzer, field, 150))
}

/// A tokenizer manager for searching the index with analysis `settings`:
/// the newsidx analyzers registered as [`ThreadAnalyzer`]s over those of
/// `index`, tantivy's built-in ones as they are.
pub(super) fn search_tokenizers(index: &tantivy::Index, settings: &str) -> TokenizerManager {
    let manager = TokenizerManager::default();
    for name in [crate::analysis::STEMMED, crate::analysis::EXACT] {
        manager.register(
            name,
            ThreadAnalyzer {
                key: format!("{name}\u{0}{settings}"),
                name: name.to_string(),
                manager: index.tokenizers().clone(),
                tokens: Vec::new(),
            },
        );
    }
    manager
}

/// Tokenizes with this thread's copy of the analyzer registered as `name`.
#[derive(Clone)]
struct ThreadAnalyzer {
    name: String,
    key: String,
    manager: TokenizerManager,
    tokens: Vec<Token>,
}

impl Tokenizer for ThreadAnalyzer {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        let ThreadAnalyzer {
            name,
            key,
            manager,
            tokens,
        } = self;
        tokens.clear();
        ANALYZERS.with(|cell| {
            let mut kept = cell.borrow_mut();
            let at = match kept.iter().position(|(k, _)| k == key) {
                Some(i) => i,
                None => {
                    // An unknown name tokenizes to nothing: no highlights.
                    let Some(analyzer) = manager.get(name) else {
                        return;
                    };
                    if kept.len() >= KEPT_PER_THREAD {
                        kept.remove(0);
                    }
                    kept.push((key.clone(), analyzer));
                    kept.len() - 1
                }
            };
            if let Some((_, analyzer)) = kept.get_mut(at) {
                analyzer
                    .token_stream(text)
                    .process(&mut |t| tokens.push(t.clone()));
            }
        });
        Tokens {
            tokens,
            at: 0,
            empty: Token::default(),
        }
    }
}

/// The tokens of one text, from a buffer.
struct Tokens<'a> {
    tokens: &'a mut Vec<Token>,
    /// 1-based position of the current token; 0 before the first.
    at: usize,
    empty: Token,
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        if self.at < self.tokens.len() {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .unwrap_or(&self.empty)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.at.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuildOptions, Index, NoProgress, Query as NewsQuery};

    #[test]
    fn highlights_match_the_plain_generator() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in.jsonl");
        let body = "Pengiriman pasukan Korea Utara ke Rusia dikonfirmasi. Pasukan itu dikirimkan lewat Vladivostok.";
        std::fs::write(
            &input,
            serde_json::json!({"id": "a", "title": "Pasukan", "body": body, "date": "2024-10-24"})
                .to_string(),
        )
        .unwrap();
        let opts = BuildOptions {
            entities: false,
            ..Default::default()
        };
        let (index, _) = Index::build(tmp.path().join("ix"), &[input], &opts, &NoProgress).unwrap();
        let searcher = index.reader.searcher();
        let q = index
            .lower(&searcher, &NewsQuery::parse("kirim pasukan").unwrap())
            .unwrap();
        for field in [index.fields.body, index.fields.body_exact] {
            let mut plain = SnippetGenerator::create(&searcher, &*q, field).unwrap();
            let mut ours = generator(&searcher, &*q, field, "s").unwrap();
            plain.set_max_num_chars(60);
            ours.set_max_num_chars(60);
            for _ in 0..2 {
                let (a, b) = (plain.snippet(body), ours.snippet(body));
                assert_eq!(a.fragment(), b.fragment());
                assert_eq!(a.highlighted(), b.highlighted());
            }
        }
        let ours = generator(&searcher, &*q, index.fields.body, "s").unwrap();
        assert!(!ours.snippet(body).highlighted().is_empty());
        assert!(ours.snippet("").highlighted().is_empty());
    }
}
