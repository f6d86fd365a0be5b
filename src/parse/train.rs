//! Training the parser: greedy passes over the treebank with a dynamic oracle (Goldberg and
//! Nivre 2012). Each move is scored; when the model's best move is not among the cheapest, the
//! weights move towards the best-scoring cheap one. After the first passes the parser follows
//! its own moves most of the time, mistakes included, so it learns to recover from them as
//! it must when parsing. Deterministic: fixed shuffling and exploration seeds.

use super::features::{self, Atoms};
use super::state::{MOVES, SHIFT, State};
use super::{DepModel, KIND, LABEL_KIND};
use crate::corpus::Tree;
use crate::perceptron::{Rng, Trainer, argmax};

/// Passes in which the parser follows the oracle's moves only; after them it follows its own.
const ORACLE_PASSES: usize = 1;

/// How often, after those passes, the parser follows its own best move (out of 100).
const EXPLORE_PERCENT: u64 = 90;

/// Features whose weights all stay under these steps (of 32,767 for the largest weight) are
/// dropped from the trained move and relation models: on EWT dev this cost 0.07 LAS and made
/// the model file half as large (31.6 to 16.8 MB) and faster to read.
const PRUNE_MOVES: i16 = 400;
const PRUNE_RELATIONS: i16 = 1500;

/// A sentence to learn from: its tree and the tags the parser will see (predicted ones, so
/// that it learns to live with the tagger's mistakes).
#[derive(Debug, Clone)]
pub struct Example<'t> {
    /// The gold tree.
    pub tree: &'t Tree,
    /// One UPOS tag per word.
    pub tags: Vec<String>,
}

/// How a pass went: the share of moves that were among the cheapest, and of arcs labelled right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassReport {
    /// The pass, from 1.
    pub pass: usize,
    /// Moves whose cost was the least.
    pub move_accuracy: f64,
    /// Gold arcs given their gold relation.
    pub label_accuracy: f64,
}

/// Trains a parser on the examples. `relations` comes from the treebank; `after_pass` is called
/// with each pass's figures and the model as it stands averaged (to measure on a dev set), or
/// with None for the model when measuring is not wanted (it costs an averaging per pass).
pub fn train(
    examples: &[Example<'_>],
    iterations: usize,
    mut after_pass: impl FnMut(PassReport, Option<&DepModel>),
    measure: bool,
) -> DepModel {
    let relations = relations(examples);
    let rel_of = |r: &str| relations.binary_search_by(|c| c.as_str().cmp(r)).unwrap_or(0) as u16;
    let mut moves = Trainer::new(KIND, MOVES.iter().map(|m| (*m).to_owned()).collect());
    let mut labels = Trainer::new(LABEL_KIND, relations.clone());
    let prepared: Vec<(Atoms, Vec<usize>, Vec<u16>)> = examples
        .iter()
        .map(|e| {
            let words: Vec<&str> = e.tree.words.iter().map(String::as_str).collect();
            let tags: Vec<&str> = e.tags.iter().map(String::as_str).collect();
            let n = words.len();
            let gold = e.tree.heads.iter().map(|h| if *h == 0 { n } else { h - 1 }).collect();
            let rels = e.tree.rels.iter().map(|r| rel_of(r)).collect();
            (Atoms::new(&words, &tags), gold, rels)
        })
        .collect();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(0xde9_5eed);
    let mut explore = Rng::new(0xe4_9107e);
    let mut feats = Vec::with_capacity(96);
    let mut move_scores = [0.0f32; 3];
    let mut label_scores = vec![0.0f32; relations.len()];
    for pass in 0..iterations {
        rng.shuffle(&mut order);
        let (mut moves_right, mut moves_total, mut labels_right, mut labels_total) = (0usize, 0usize, 0usize, 0usize);
        for &i in &order {
            let (atoms, gold, gold_rels) = &prepared[i];
            let mut state = State::new(gold.len());
            while !state.terminal() {
                features::moves(&state, atoms, &mut feats);
                moves.score(&feats, &mut move_scores);
                let guess = argmax(&move_scores, Some(&|m| state.valid(m)));
                let costs = state.costs(gold);
                let least = costs.iter().copied().min().unwrap_or(0);
                let best = argmax(&move_scores, Some(&|m| costs[m] == least));
                moves.tick();
                let right = costs[guess] == least;
                if !right {
                    moves.update(best, guess, &feats);
                }
                moves_right += usize::from(right);
                moves_total += 1;
                let follow = if pass >= ORACLE_PASSES && explore.below(100) < EXPLORE_PERCENT && state.valid(guess) {
                    guess
                } else {
                    best
                };
                let rel = if follow == SHIFT {
                    0
                } else {
                    features::labels(&state, atoms, follow, &mut feats);
                    labels.score(&feats, &mut label_scores);
                    let guessed = argmax(&label_scores, None);
                    let (head, dep) = state.arc(follow);
                    if gold[dep] == head {
                        let truth = usize::from(gold_rels[dep]);
                        labels.tick();
                        labels.update(truth, guessed, &feats);
                        labels_right += usize::from(truth == guessed);
                        labels_total += 1;
                        truth as u16
                    } else {
                        guessed as u16
                    }
                };
                state.apply(follow, rel);
            }
        }
        let report = PassReport {
            pass: pass + 1,
            move_accuracy: moves_right as f64 / moves_total.max(1) as f64,
            label_accuracy: labels_right as f64 / labels_total.max(1) as f64,
        };
        if measure {
            let model = DepModel { moves: moves.snapshot(), labels: labels.snapshot() };
            after_pass(report, Some(&model));
        } else {
            after_pass(report, None);
        }
    }
    DepModel { moves: moves.average(), labels: labels.average() }.pruned(PRUNE_MOVES, PRUNE_RELATIONS)
}

/// The relations of the treebank, sorted.
fn relations(examples: &[Example<'_>]) -> Vec<String> {
    let mut all: Vec<String> = examples.iter().flat_map(|e| e.tree.rels.iter().cloned()).collect();
    all.sort();
    all.dedup();
    if all.is_empty() {
        all.push("dep".into());
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(words: &str, tags: &str, heads: &[usize], rels: &str) -> Tree {
        let split = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        Tree { words: split(words), tags: split(tags), heads: heads.to_vec(), rels: split(rels) }
    }

    #[test]
    fn learns_subjects_and_objects_of_a_toy_treebank_and_saves_the_same_bytes() {
        let trees = [
            tree("Iran sent drones", "PROPN VERB NOUN", &[2, 0, 2], "nsubj root obj"),
            tree("Russia bought shells", "PROPN VERB NOUN", &[2, 0, 2], "nsubj root obj"),
            tree("drones were sent", "NOUN AUX VERB", &[3, 3, 0], "nsubj:pass aux:pass root"),
            tree("shells were bought", "NOUN AUX VERB", &[3, 3, 0], "nsubj:pass aux:pass root"),
        ];
        let examples: Vec<Example<'_>> = trees.iter().map(|t| Example { tree: t, tags: t.tags.clone() }).collect();
        let mut passes = 0;
        let model = train(&examples, 8, |_, _| passes += 1, false);
        assert_eq!(passes, 8);
        let parse = model.parse(&["Korea", "sent", "missiles"], &["PROPN", "VERB", "NOUN"]);
        assert_eq!(parse.heads, [2, 0, 2]);
        let names: Vec<&str> = parse.rels.iter().map(|r| model.relations()[usize::from(*r)].as_str()).collect();
        assert_eq!(names, ["nsubj", "root", "obj"]);
        let parse = model.parse(&["missiles", "were", "sent"], &["NOUN", "AUX", "VERB"]);
        assert_eq!(parse.heads, [3, 3, 0]);
        assert_eq!(model.relations()[usize::from(parse.rels[0])], "nsubj:pass");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        model.save(&mut a).expect("saves");
        DepModel::load(&a).expect("loads").save(&mut b).expect("saves");
        assert_eq!(a, b);
        let again = train(&examples, 8, |_, _| {}, false);
        let mut c = Vec::new();
        again.save(&mut c).expect("saves");
        assert_eq!(a, c, "training is deterministic");
    }

    #[test]
    fn a_file_of_another_kind_or_cut_short_is_refused() {
        assert!(DepModel::load(b"short").is_err());
        let mut bytes = Vec::new();
        let trainer = Trainer::new("pos-upos", vec!["NOUN".into()]);
        trainer.average().save(&mut bytes).expect("saves");
        let mut file = (bytes.len() as u64).to_le_bytes().to_vec();
        file.extend(&bytes);
        file.extend(&bytes);
        let error = DepModel::load(&file).expect_err("a tagger's model");
        assert!(error.to_string().contains("not a dep-ud model"), "{error}");
    }
}
