//! Measuring the parser on a treebank, as the CoNLL 2018 shared task did: every word counts
//! (punctuation too), UAS counts right heads, LAS right heads with the right universal
//! relation (the part before a colon: `nsubj:pass` is `nsubj`). Predictions go out as CoNLL-U.

use super::{DepModel, Parse};
use crate::corpus::Tree;
use std::io::Write;

/// Attachment scores.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Words.
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and universal relation.
    pub labelled: usize,
}

impl Scores {
    /// Unlabelled attachment score, in percent.
    pub fn uas(&self) -> f64 {
        100.0 * self.heads as f64 / self.words.max(1) as f64
    }

    /// Labelled attachment score, in percent.
    pub fn las(&self) -> f64 {
        100.0 * self.labelled as f64 / self.words.max(1) as f64
    }

    /// The figures for people.
    pub fn table(&self) -> String {
        format!("words: {}\nUAS: {:.2}%\nLAS: {:.2}%\n", self.words, self.uas(), self.las())
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Parses the gold sentences with the given tags and scores the trees.
pub fn evaluate(model: &DepModel, trees: &[Tree], tags: &[Vec<String>]) -> (Scores, Vec<Parse>) {
    let mut scores = Scores::default();
    let mut parses = Vec::with_capacity(trees.len());
    for (tree, tags) in trees.iter().zip(tags) {
        let words: Vec<&str> = tree.words.iter().map(String::as_str).collect();
        let tag_refs: Vec<&str> = tags.iter().map(String::as_str).collect();
        let parse = model.parse(&words, &tag_refs);
        for (i, (head, rel)) in tree.heads.iter().zip(&tree.rels).enumerate() {
            scores.words += 1;
            if parse.heads[i] as usize == *head {
                scores.heads += 1;
                if universal(&model.relations()[usize::from(parse.rels[i])]) == universal(rel) {
                    scores.labelled += 1;
                }
            }
        }
        parses.push(parse);
    }
    (scores, parses)
}

/// Writes the sentences as CoNLL-U with the predicted UPOS, HEAD and DEPREL (other columns `_`).
pub fn write_conllu(
    out: &mut impl Write,
    model: &DepModel,
    trees: &[Tree],
    tags: &[Vec<String>],
    parses: &[Parse],
) -> std::io::Result<()> {
    for ((tree, tags), parse) in trees.iter().zip(tags).zip(parses) {
        for (i, word) in tree.words.iter().enumerate() {
            let rel = &model.relations()[usize::from(parse.rels[i])];
            writeln!(out, "{}\t{word}\t_\t{}\t_\t_\t{}\t{rel}\t_\t_", i + 1, tags[i], parse.heads[i])?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtypes_count_as_their_universal_relation() {
        assert_eq!(universal("nsubj:pass"), "nsubj");
        assert_eq!(universal("obj"), "obj");
        let s = Scores { words: 4, heads: 3, labelled: 2 };
        assert_eq!((s.uas(), s.las()), (75.0, 50.0));
        assert_eq!(s.table(), "words: 4\nUAS: 75.00%\nLAS: 50.00%\n");
    }
}
