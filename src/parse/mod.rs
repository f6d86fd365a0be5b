//! The dependency parser: a transition-based parser (arc-hybrid) whose moves, and the
//! relations of the arcs they make, two averaged perceptrons pick from hashed features of the
//! stack and the buffer. Trained with a dynamic oracle on UD treebanks; it gives each word its
//! head and UD relation (`nsubj`, `obj`, `obl`, `nsubj:pass`, `acl:relcl` …).

pub mod features;
pub mod score;
pub mod state;
pub mod train;

use crate::perceptron::{ModelError, Perceptron, argmax};
use features::Atoms;
use state::{MOVES, SHIFT, State};

/// The model kind written in its file.
pub const KIND: &str = "dep-ud";
const LABEL_KIND: &str = "dep-ud-relations";

/// A sentence's tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    /// Each word's head: 0 for the root, else the head's position from 1 (as CoNLL-U counts).
    pub heads: Vec<u32>,
    /// Each word's relation, an index into [`DepModel::relations`].
    pub rels: Vec<u16>,
}

impl Parse {
    /// The head of word `i` (from 0), or None for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads.get(i).and_then(|h| (*h as usize).checked_sub(1))
    }
}

/// A trained parser.
#[derive(Debug, Clone)]
pub struct DepModel {
    moves: Perceptron,
    labels: Perceptron,
}

impl DepModel {
    /// Reads a model file: the move model, then the relation model.
    pub fn load(bytes: &[u8]) -> Result<Self, ModelError> {
        let short = || ModelError::Format("the model file is cut short".into());
        let n = u64::from_le_bytes(bytes.get(..8).ok_or_else(short)?.try_into().map_err(|_| short())?);
        let n = usize::try_from(n).map_err(|_| short())?;
        let first = bytes.get(8..8usize.checked_add(n).ok_or_else(short)?).ok_or_else(short)?;
        let moves = Perceptron::load(first, KIND)?;
        let labels = Perceptron::load(&bytes[8 + n..], LABEL_KIND)?;
        if moves.classes != MOVES {
            return Err(ModelError::Format("the move model's classes are not the parser's moves".into()));
        }
        if labels.classes.is_empty() || labels.classes.len() > usize::from(u16::MAX) {
            return Err(ModelError::Format("the relation model has no relations".into()));
        }
        Ok(Self { moves, labels })
    }

    /// Writes the model file; the same model gives the same bytes.
    pub fn save(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let mut first = Vec::new();
        self.moves.save(&mut first)?;
        out.write_all(&(first.len() as u64).to_le_bytes())?;
        out.write_all(&first)?;
        self.labels.save(out)
    }

    /// The model without the features whose weights all stay under the given steps, of the
    /// move model and of the relation model ([`Perceptron::pruned`]).
    pub fn pruned(&self, moves: i16, relations: i16) -> Self {
        Self { moves: self.moves.pruned(moves), labels: self.labels.pruned(relations) }
    }

    /// The relation names, in index order.
    pub fn relations(&self) -> &[String] {
        &self.labels.classes
    }

    /// The number of weighted features of both models.
    pub fn features(&self) -> usize {
        self.moves.len() + self.labels.len()
    }

    /// Parses a sentence given its words and their UPOS tags (greedy: the best move each time).
    pub fn parse(&self, words: &[&str], tags: &[&str]) -> Parse {
        let n = words.len().min(tags.len());
        let atoms = Atoms::new(&words[..n], &tags[..n]);
        let mut state = State::new(n);
        let mut feats = Vec::with_capacity(96);
        let mut move_scores = [0.0f32; 3];
        let mut label_scores = vec![0.0f32; self.labels.classes.len()];
        while !state.terminal() {
            features::moves(&state, &atoms, &mut feats);
            self.moves.score(&feats, &mut move_scores);
            let mv = argmax(&move_scores, Some(&|m| state.valid(m)));
            let rel = if mv == SHIFT {
                0
            } else {
                features::labels(&state, &atoms, mv, &mut feats);
                self.labels.score(&feats, &mut label_scores);
                argmax(&label_scores, None) as u16
            };
            state.apply(mv, rel);
        }
        let heads = state.heads.iter().map(|h| if *h >= n { 0 } else { *h as u32 + 1 }).collect();
        Parse { heads, rels: state.rels }
    }

    /// The shipped model, trained on UD English EWT (`data/models/dep.bin`).
    pub fn shipped() -> Result<Self, ModelError> {
        Self::load(include_bytes!("../../data/models/dep.bin"))
    }
}

/// The tags a part-of-speech model gives the words of each tree: what the parser sees when it
/// is trained or measured, as it will see in use.
pub fn tag_trees(pos: &crate::tag::pos::PosModel, trees: &[crate::corpus::Tree]) -> Vec<Vec<String>> {
    trees
        .iter()
        .map(|t| {
            let words: Vec<&str> = t.words.iter().map(String::as_str).collect();
            pos.tag(&words).into_iter().map(|c| pos.classes()[c].clone()).collect()
        })
        .collect()
}

/// Tags for training the parser that are as wrong as they will be in use: each fifth of the
/// trees is tagged by a part-of-speech model trained on the other four (jackknifing). Tags from
/// a model that saw the sentences would be nearly all right, and the parser would learn to
/// trust them more than it should.
pub fn jackknife_tags(trees: &[crate::corpus::Tree], folds: usize, iterations: usize) -> Vec<Vec<String>> {
    use crate::corpus::Tagged;
    let folds = folds.max(2);
    let tagged: Vec<Tagged> =
        trees.iter().map(|t| Tagged { words: t.words.clone(), tags: t.tags.clone(), extra: Vec::new() }).collect();
    let mut out = vec![Vec::new(); trees.len()];
    for fold in 0..folds {
        let rest: Vec<Tagged> =
            tagged.iter().enumerate().filter(|(i, _)| i % folds != fold).map(|(_, t)| t.clone()).collect();
        let pos = crate::tag::pos::PosModel::train(&rest, iterations, &|_, _, _| {});
        let held: Vec<usize> = (0..trees.len()).filter(|i| i % folds == fold).collect();
        let held_trees: Vec<crate::corpus::Tree> = held.iter().map(|i| trees[*i].clone()).collect();
        for (i, tags) in held.into_iter().zip(tag_trees(&pos, &held_trees)) {
            out[i] = tags;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Tree;

    #[test]
    fn jackknifed_tags_come_from_taggers_that_did_not_see_the_sentence() {
        let tree = |w: &str, t: &str| Tree {
            words: w.split(' ').map(str::to_owned).collect(),
            tags: t.split(' ').map(str::to_owned).collect(),
            heads: vec![2, 0],
            rels: vec!["nsubj".into(), "root".into()],
        };
        let mut trees: Vec<Tree> = (0..8).map(|_| tree("Iran sends", "PROPN VERB")).collect();
        trees.push(tree("Iran zzyzxes", "PROPN VERB"));
        let tags = jackknife_tags(&trees, 3, 3);
        assert_eq!(tags.len(), trees.len());
        assert!(tags.iter().zip(&trees).all(|(t, tree)| t.len() == tree.words.len()));
        assert_eq!(tags[0], ["PROPN", "VERB"]);
    }

    #[test]
    fn heads_count_from_one_and_the_root_is_none() {
        let parse = Parse { heads: vec![2, 0, 2], rels: vec![0, 0, 0] };
        assert_eq!((parse.head(0), parse.head(1), parse.head(2), parse.head(5)), (Some(1), None, Some(1), None));
    }
}
