//! Indonesian text analysis: the tokenizer, normaliser and stemmer that both
//! indexing and querying run text through, registered with tantivy by name.
//!
//! Two analyzers exist because users need both: [`STEMMED`] (the default
//! match path: folded and stemmed, so `pengiriman` finds `kirim`) and
//! [`EXACT`] (folded but unstemmed, for literal-form searches). Both share
//! one tokenizer ([`tokenizer`]) that keeps numbers (`11.000`, `2,5`),
//! compounds (`anak-anak`, whole and parts), acronyms (`PBB`, `A.S.`), URLs,
//! e-mail addresses, hashtags and mentions whole, with byte offsets into the
//! original text; [`normalize`] folds a copy of each token (NFKC, case,
//! diacritics); [`pipeline`] reads capitalisation to protect names from the
//! stemmer and explains how queries stay consistent with documents.
//!
//! ```
//! use newsidx::analysis::{self, AnalysisConfig};
//! use tantivy::tokenizer::TokenizerManager;
//!
//! let manager = TokenizerManager::default();
//! analysis::register(&manager, &AnalysisConfig::default());
//! let mut exact = manager.get(analysis::EXACT).unwrap();
//! let mut stream = exact.token_stream("Harga Rp11.000 di Jakarta");
//! let mut terms = Vec::new();
//! while let Some(t) = stream.next() {
//!     terms.push((t.position, t.text.clone()));
//! }
//! assert_eq!(terms[0], (0, "harga".to_string()));
//! assert!(terms.contains(&(2, "11.000".to_string())));
//!
//! // Query text goes through the same code as documents.
//! let q = analysis::query_terms("banjir di Jakarta", &AnalysisConfig::default());
//! assert_eq!(q[0].0, 0);
//! ```

pub mod normalize;
pub mod pipeline;
pub mod stopwords;
pub mod tokenizer;

mod affixes;
mod batch;
pub mod lexicon;
pub mod stem;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TokenizerManager;

pub use batch::{stem_many, stem_many_into};
pub use pipeline::{IndonesianTokenizer, Pipeline, is_name_term, name_term};
pub use tokenizer::TokenKind;

/// Name of the stemmed analyzer in the index schema.
pub const STEMMED: &str = "newsidx_id";
/// Name of the folded, unstemmed analyzer in the index schema.
pub const EXACT: &str = "newsidx_exact";

/// Options that change how text is analysed. Stored with the index so that
/// queries are analysed exactly as the documents were.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisConfig {
    /// Drop Indonesian stopwords from the stemmed field (positions are kept,
    /// so phrases still line up).
    #[serde(default)]
    pub stopwords: bool,
    /// Extra roots, protected words and explicit overrides.
    #[serde(default)]
    pub user_dictionary: UserDictionary,
}

/// A user's additions to the stemmer, given at build time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserDictionary {
    /// Words to add to the root lexicon.
    #[serde(default)]
    pub roots: Vec<String>,
    /// Words never to stem.
    #[serde(default)]
    pub keep: Vec<String>,
    /// Explicit `word -> root` overrides.
    #[serde(default)]
    pub overrides: Vec<(String, String)>,
}

/// Version of the analysis rules: bump whenever a change to the
/// tokenizer, the stemmer or the name rules changes the terms of any text.
pub const RULES_VERSION: u32 = 3;

/// What analysed an index: recorded with it when it is built and compared
/// when it is opened, because query terms must be made exactly as the
/// documents' terms were. Any difference means the index must be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzerFingerprint {
    /// [`RULES_VERSION`].
    pub rules: u32,
    /// The root lexicon's fingerprint ([`lexicon::fingerprint`]).
    pub lexicon: String,
    /// The gazetteers' fingerprint: they decide which capitalised words
    /// are names wherever they stand.
    pub gazetteer: String,
    /// The stopword list's fingerprint.
    pub stopwords: String,
}

impl AnalyzerFingerprint {
    /// The fingerprint of the analyzer in this program.
    pub fn current() -> AnalyzerFingerprint {
        AnalyzerFingerprint {
            rules: RULES_VERSION,
            lexicon: lexicon::fingerprint(),
            gazetteer: crate::entities::gazetteer::fingerprint(),
            stopwords: stopwords::fingerprint(),
        }
    }
}

impl std::fmt::Display for AnalyzerFingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "rules {}, lexicon {}, gazetteer {}, stopwords {}",
            self.rules, self.lexicon, self.gazetteer, self.stopwords
        )
    }
}

/// Registers both analyzers under their names. Must run on every
/// [`tantivy::Index`] after it is opened or created.
pub fn register(manager: &TokenizerManager, config: &AnalysisConfig) {
    manager.register(STEMMED, IndonesianTokenizer::new(Pipeline::stemmed(config)));
    manager.register(EXACT, IndonesianTokenizer::new(Pipeline::exact()));
}

/// Returns the root (*kata dasar*) of one word.
///
/// A word written with a capital letter is read as a name, as the
/// analyzer reads one in the middle of a sentence, and comes back folded
/// but whole: `Kediri` is a town, not `diri`. Write a common word in lower
/// case to get its root.
///
/// ```
/// use newsidx::analysis::stem;
/// assert_eq!(stem("mengirimkan"), "kirim");
/// assert_eq!(stem("Kediri"), "kediri");
/// assert_eq!(stem("kediri"), "diri");
/// ```
pub fn stem(word: &str) -> String {
    let word = word.trim();
    let folded = normalize::fold(word, normalize::FoldMode::Word);
    if reads_as_name(word) {
        return folded;
    }
    stem::default_stemmer().stem(&folded).into_owned()
}

/// A word on its own is a name when it starts with a capital letter.
fn reads_as_name(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// [`stem()`] for many words in a row (`newsidx stem` reading a word list,
/// batch tools): the roots are the same, but its buffers are reused and
/// the words already seen are remembered (the indexing analyzer's stem
/// cache), since running text repeats its words.
///
/// ```
/// use newsidx::analysis::{stem, CachedStemmer};
/// let mut stemmer = CachedStemmer::new();
/// for w in ["mengirimkan", "Pengiriman", "dikirim", "mengirimkan"] {
///     assert_eq!(stemmer.stem(w), stem(w));
/// }
/// ```
#[derive(Debug)]
pub struct CachedStemmer {
    pipeline: Pipeline,
    cache: pipeline::StemCache,
    folded: String,
    root: String,
}

impl CachedStemmer {
    /// A stemmer with the bundled lexicon and no user dictionary.
    pub fn new() -> Self {
        CachedStemmer {
            pipeline: Pipeline::stemmed(&AnalysisConfig::default()),
            cache: pipeline::StemCache::default(),
            folded: String::new(),
            root: String::new(),
        }
    }

    /// The root of `word`, as [`stem()`] gives it.
    pub fn stem(&mut self, word: &str) -> &str {
        let word = word.trim();
        normalize::fold_into(word, normalize::FoldMode::Word, &mut self.folded);
        if reads_as_name(word) {
            self.root.clear();
            self.root.push_str(&self.folded);
        } else {
            self.pipeline
                .stem_into(&self.folded, &mut self.cache, &mut self.root);
        }
        &self.root
    }
}

impl Default for CachedStemmer {
    fn default() -> Self {
        CachedStemmer::new()
    }
}

/// One token of [`analyze`]'s output: what `newsidx analyze` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalyzedToken {
    /// The token as written (a slice of the original text).
    pub text: String,
    /// Its position; a whole compound shares its first part's position.
    pub position: usize,
    /// Byte offset of its start in the original text.
    pub offset_from: usize,
    /// Byte offset of its end in the original text.
    pub offset_to: usize,
    /// NFKC, lower case, no diacritics: what the exact field indexes.
    pub folded: String,
    /// The stem of `folded` (equal to it for numbers, URLs and the like).
    pub stem: String,
    /// What the token is.
    pub kind: TokenKind,
    /// Read as a name, so not reduced to its stem alone.
    pub protected: bool,
    /// The terms the stemmed field indexes at this position (empty for a
    /// removed stopword).
    pub terms: Vec<String>,
}

/// Analyses `text` with the stemmed analyzer and reports every token with
/// its offsets, folded form, stem and indexed terms.
///
/// ```
/// use newsidx::analysis::{analyze, AnalysisConfig, TokenKind};
/// let tokens = analyze("anak-anak di Jakarta", &AnalysisConfig::default());
/// assert_eq!(tokens[0].text, "anak-anak");
/// assert_eq!(tokens[0].kind, TokenKind::Compound);
/// assert_eq!((tokens[1].text.as_str(), tokens[1].position), ("anak", 0));
/// assert_eq!((tokens[2].text.as_str(), tokens[2].position), ("anak", 1));
/// assert!(tokens[4].protected); // Jakarta, mid-sentence
/// ```
pub fn analyze(text: &str, config: &AnalysisConfig) -> Vec<AnalyzedToken> {
    let pipeline = Pipeline::stemmed(config);
    let mut work = pipeline::Workspace::default();
    let mut out = Vec::new();
    pipeline.run(text, &mut work, &mut |t| {
        out.push(AnalyzedToken {
            text: text.get(t.seg.from..t.seg.to).unwrap_or("").to_string(),
            position: t.position,
            offset_from: t.seg.from,
            offset_to: t.seg.to,
            folded: t.folded.to_string(),
            stem: t.stem.to_string(),
            kind: t.seg.kind,
            protected: t.protected,
            terms: t.terms.iter().flatten().map(|s| s.to_string()).collect(),
        });
    });
    out
}

/// The `(position, term)` pairs the stemmed field holds for `text`, for
/// building queries: the query module turns query text into exactly the
/// terms documents were indexed with. Several terms may share a position
/// (a compound and its first part; a name and its stem).
///
/// ```
/// use newsidx::analysis::{query_terms, AnalysisConfig};
/// let config = AnalysisConfig { stopwords: true, ..Default::default() };
/// let terms = query_terms("banjir di jalan", &config);
/// assert_eq!(terms, [(0, "banjir".to_string()), (2, "jalan".to_string())]);
/// ```
pub fn query_terms(text: &str, config: &AnalysisConfig) -> Vec<(usize, String)> {
    let pipeline = Pipeline::stemmed(config);
    let mut work = pipeline::Workspace::default();
    let mut out = Vec::new();
    pipeline.run(text, &mut work, &mut |t| {
        for term in t.terms.iter().flatten() {
            out.push((t.position, (*term).to_string()));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The cached stemmer gives [`stem()`]'s roots, for repeated words
        /// too (the second time from its cache).
        #[test]
        fn cached_stemmer_gives_the_roots_of_stem(
            words in proptest::collection::vec(
                "( |[a-zA-Zé-]{1,30}|mengirimkan|Pengiriman|di-update|anak-anak)",
                0..40,
            )
        ) {
            let mut cached = CachedStemmer::new();
            for w in words.iter().chain(&words) {
                let want = stem(w);
                prop_assert_eq!(cached.stem(w), want.as_str(), "{}", w);
            }
        }
    }
}
