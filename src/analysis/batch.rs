//! Stemming a long list of words at once (a word list, the tokens of a
//! corpus handed over by another tool): the roots [`stem()`] gives, on every
//! core, each core with its own [`CachedStemmer`], since running text
//! repeats its words.

use rayon::prelude::*;

use super::CachedStemmer;
#[cfg(doc)]
use super::stem;

/// Below this many words one stemmer does the whole list: a stemmer's
/// cache costs a few megabytes to set up, more than stemming a short list.
const PARALLEL_FROM: usize = 16_384;

/// The root of every word, in order: `stem_many(words)[i] == stem(words[i])`.
///
/// ```
/// use newsidx::analysis::{stem, stem_many};
/// let words = ["mengirimkan", "pengiriman", "Kediri", "mengirimkan"];
/// assert_eq!(stem_many(&words), ["kirim", "kirim", "kediri", "kirim"]);
/// assert_eq!(stem_many(&words)[1], stem(words[1]));
/// ```
pub fn stem_many<S: AsRef<str> + Sync>(words: &[S]) -> Vec<String> {
    let mut roots = vec![String::new(); words.len()];
    stem_many_into(words, &mut roots);
    roots
}

/// [`stem_many`] into a slice of the same length, reusing its strings.
///
/// # Panics
///
/// When `roots` and `words` differ in length.
pub fn stem_many_into<S: AsRef<str> + Sync>(words: &[S], roots: &mut [String]) {
    assert_eq!(words.len(), roots.len(), "one root per word");
    let threads = rayon::current_num_threads().max(1);
    if words.len() < PARALLEL_FROM || threads == 1 {
        stem_run(words, roots);
        return;
    }
    // One contiguous run per thread, so that each cache sees a long stretch
    // of the text and is set up once.
    let run = words.len().div_ceil(threads);
    words
        .par_chunks(run)
        .zip(roots.par_chunks_mut(run))
        .for_each(|(words, roots)| stem_run(words, roots));
}

fn stem_run<S: AsRef<str>>(words: &[S], roots: &mut [String]) {
    let mut stemmer = CachedStemmer::new();
    for (word, root) in words.iter().zip(roots.iter_mut()) {
        root.clear();
        root.push_str(stemmer.stem(word.as_ref()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stem;

    #[test]
    fn a_long_list_gets_the_roots_stem_gives_in_order() {
        let base = [
            "mengirimkan",
            "Pengiriman",
            "dikirim",
            "menolak",
            "Bekasi",
            "anak-anak",
            "",
            "  dibacakan ",
            "11.000",
            "PBB",
        ];
        // Long enough to be split over threads; the pattern shifts so that
        // each run starts at a different word.
        let words: Vec<String> = (0..PARALLEL_FROM * 3 + 7)
            .map(|i| base[(i * 7 + i / 13) % base.len()].to_string())
            .collect();
        let roots = stem_many(&words);
        assert_eq!(roots.len(), words.len());
        for (w, r) in words.iter().zip(&roots) {
            assert_eq!(r, &stem(w), "word {w:?}");
        }
    }

    #[test]
    fn an_empty_list_gives_no_roots() {
        assert!(stem_many::<&str>(&[]).is_empty());
    }
}
