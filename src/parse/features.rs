//! The parser's features: words, tags and the relations of children at the top of the stack
//! and the front of the buffer, alone and in the pairs and triples that decide attachments
//! (after Zhang and Nivre's feature set for transition parsers), each hashed with `mix`.
//! Template numbers are per model: the move model's and the relation model's never meet.

use super::state::{LEFT, NONE, State};
use crate::perceptron::{hash_str, mix};

/// What the features read of each word, hashed once per sentence. Index `n` is the root and
/// `n + 1` stands for no word.
#[derive(Debug, Clone, Default)]
pub struct Atoms {
    /// The word, lower-cased, numbers folded.
    pub word: Vec<u64>,
    /// Its UPOS tag.
    pub tag: Vec<u64>,
    /// Its last three letters, lower-cased: what an unknown word shows of its kind.
    pub suffix: Vec<u64>,
}

/// The form a word is known by: lower case, with numbers as one word.
fn norm(word: &str) -> u64 {
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return hash_str("!NUM");
    }
    if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
        hash_str(&word.to_lowercase())
    } else {
        hash_str(word)
    }
}

fn suffix3(word: &str) -> String {
    let start = word.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    word[start..].to_lowercase()
}

impl Atoms {
    /// The atoms of a sentence's words and tags.
    pub fn new(words: &[&str], tags: &[&str]) -> Self {
        let mut word: Vec<u64> = words.iter().map(|w| norm(w)).collect();
        let mut tag: Vec<u64> = tags.iter().map(|t| hash_str(t)).collect();
        let mut suffix: Vec<u64> = words.iter().map(|w| hash_str(&suffix3(w))).collect();
        for list in [&mut word, &mut tag, &mut suffix] {
            list.extend([hash_str("!ROOT"), hash_str("!NONE")]);
        }
        Self { word, tag, suffix }
    }

    fn at(&self, i: usize) -> usize {
        if i == NONE { self.word.len() - 1 } else { i }
    }

    fn w(&self, i: usize) -> u64 {
        self.word[self.at(i)]
    }

    fn t(&self, i: usize) -> u64 {
        self.tag[self.at(i)]
    }

    fn x(&self, i: usize) -> u64 {
        self.suffix[self.at(i)]
    }
}

/// A child's relation as a feature part: 0 for no child.
fn rel(state: &State, child: usize) -> u64 {
    if child == NONE { 0 } else { u64::from(state.rels[child]) + 1 }
}

/// The distance between two words as a feature part, in buckets.
fn distance(a: usize, b: usize) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64 + 1,
        5..=9 => 6,
        _ => 7,
    }
}

/// The features of a configuration, for the move model.
pub fn moves(state: &State, a: &Atoms, out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (state.s(0), state.s(1), state.s(2));
    let (b0, b1, b2) = (state.buffer(0), state.buffer(1), state.buffer(2));
    let kid = |w: usize, side: usize, k: usize| -> usize {
        if w == NONE || w > state.n {
            NONE
        } else if side == 0 {
            state.lefts[w][k]
        } else {
            state.rights[w][k]
        }
    };
    let (s0l, s0l2, s0r, s0r2) = (kid(s0, 0, 0), kid(s0, 0, 1), kid(s0, 1, 0), kid(s0, 1, 1));
    let (s1l, s1r) = (kid(s1, 0, 0), kid(s1, 1, 0));
    let (b0l, b0l2) = (kid(b0, 0, 0), kid(b0, 0, 1));
    let (s0w, s0t, s1w, s1t, b0w, b0t) = (a.w(s0), a.t(s0), a.w(s1), a.t(s1), a.w(b0), a.t(b0));
    let (b1w, b1t, s2t, b2t) = (a.w(b1), a.t(b1), a.t(s2), a.t(b2));
    let valency = |w: usize, side: usize| if w == NONE || w > state.n { 0 } else { u64::from(state.valency[w][side]) };
    let d = distance(s0, b0);
    out.extend([
        mix(0, &[]),
        // single words
        mix(1, &[s0w]),
        mix(2, &[s0t]),
        mix(3, &[s0w, s0t]),
        mix(4, &[s1w]),
        mix(5, &[s1t]),
        mix(6, &[s1w, s1t]),
        mix(7, &[b0w]),
        mix(8, &[b0t]),
        mix(9, &[b0w, b0t]),
        mix(10, &[b1w]),
        mix(11, &[b1t]),
        mix(12, &[b1w, b1t]),
        mix(13, &[b2t]),
        mix(14, &[s2t]),
        // pairs
        mix(20, &[s0w, s0t, b0w, b0t]),
        mix(21, &[s0w, s0t, b0w]),
        mix(22, &[s0w, b0w, b0t]),
        mix(23, &[s0w, s0t, b0t]),
        mix(24, &[s0t, b0w, b0t]),
        mix(25, &[s0w, b0w]),
        mix(26, &[s0t, b0t]),
        mix(27, &[b0t, b1t]),
        mix(28, &[s1w, s0w]),
        mix(29, &[s1t, s0t]),
        mix(30, &[s1w, s1t, s0t]),
        mix(31, &[s1t, s0w, s0t]),
        mix(32, &[s1w, s0t]),
        mix(33, &[s1t, b0t]),
        // triples of tags
        mix(40, &[b0t, b1t, b2t]),
        mix(41, &[s0t, b0t, b1t]),
        mix(42, &[s1t, s0t, b0t]),
        mix(43, &[s0t, a.t(s0l), b0t]),
        mix(44, &[s0t, a.t(s0r), b0t]),
        mix(45, &[s0t, b0t, a.t(b0l)]),
        mix(46, &[s1t, s0t, a.t(s0l)]),
        mix(47, &[s1t, a.t(s1r), s0t]),
        mix(48, &[s1t, s0t, a.t(s0r)]),
        mix(49, &[s2t, s1t, s0t]),
        mix(50, &[s1t, a.t(s1l), s0t]),
        // distance
        mix(60, &[s0w, d]),
        mix(61, &[s0t, d]),
        mix(62, &[b0w, d]),
        mix(63, &[b0t, d]),
        mix(64, &[s0w, b0w, d]),
        mix(65, &[s0t, b0t, d]),
        mix(66, &[s1t, s0t, distance(s1, s0)]),
        // valency
        mix(70, &[s0w, valency(s0, 1)]),
        mix(71, &[s0t, valency(s0, 1)]),
        mix(72, &[s0w, valency(s0, 0)]),
        mix(73, &[s0t, valency(s0, 0)]),
        mix(74, &[b0w, valency(b0, 0)]),
        mix(75, &[b0t, valency(b0, 0)]),
        mix(76, &[s1t, valency(s1, 1)]),
        // children
        mix(80, &[a.w(s0l)]),
        mix(81, &[a.t(s0l)]),
        mix(82, &[rel(state, s0l)]),
        mix(83, &[a.w(s0r)]),
        mix(84, &[a.t(s0r)]),
        mix(85, &[rel(state, s0r)]),
        mix(86, &[a.t(b0l)]),
        mix(87, &[rel(state, b0l)]),
        mix(88, &[a.t(s0l2)]),
        mix(89, &[rel(state, s0l2)]),
        mix(90, &[a.t(s0r2)]),
        mix(91, &[rel(state, s0r2)]),
        mix(92, &[a.t(b0l2)]),
        mix(93, &[rel(state, b0l2)]),
        mix(94, &[s0t, rel(state, s0l), rel(state, s0l2)]),
        mix(95, &[s0t, rel(state, s0r), rel(state, s0r2)]),
        mix(96, &[b0t, rel(state, b0l), rel(state, b0l2)]),
        mix(97, &[s1t, rel(state, s1r)]),
        mix(98, &[s0w, rel(state, s0l), rel(state, s0r)]),
        // letters at the end
        mix(110, &[a.x(s0), s0t]),
        mix(111, &[a.x(b0), b0t]),
        mix(112, &[a.x(s0), a.x(b0)]),
        mix(113, &[a.x(b1), b1t]),
    ]);
}

/// The features that label an arc a move makes: the head, the dependent, their tags together,
/// the direction and distance, and the children the dependent has. (Each of these weighs every
/// relation, so they make most of the model file; without the three that read word pairs and
/// children's words it was 17% smaller and 0.4 LAS worse on EWT dev.)
pub fn labels(state: &State, a: &Atoms, mv: usize, out: &mut Vec<u64>) {
    out.clear();
    let (head, dep) = state.arc(mv);
    let dir = u64::from(mv == LEFT);
    let (hw, ht, dw, dt) = (a.w(head), a.t(head), a.w(dep), a.t(dep));
    let next = if dep + 1 < state.n { dep + 1 } else { NONE };
    let prev = if dep > 0 { dep - 1 } else { NONE };
    let (dl, dr) = (state.lefts[dep][0], state.rights[dep][0]);
    out.extend([
        mix(100, &[dir]),
        mix(101, &[dir, dw]),
        mix(102, &[dir, dt]),
        mix(103, &[dir, dw, dt]),
        mix(104, &[dir, hw]),
        mix(105, &[dir, ht]),
        mix(106, &[dir, hw, ht]),
        mix(107, &[dir, ht, dt]),
        mix(108, &[dir, hw, dt]),
        mix(109, &[dir, ht, dw]),
        mix(110, &[dir, hw, dw]),
        mix(111, &[dir, ht, dt, distance(head, dep)]),
        mix(112, &[dir, dt, rel(state, dl)]),
        mix(113, &[dir, dt, rel(state, dr)]),
        mix(114, &[dir, dt, rel(state, dl), rel(state, dr)]),
        mix(115, &[dir, dt, a.w(dl)]),
        mix(116, &[dir, dt, a.w(dr)]),
        mix(117, &[dir, ht, dt, a.t(next)]),
        mix(118, &[dir, ht, dt, a.t(prev)]),
        mix(119, &[dir, ht, dt, a.t(state.lefts[head.min(state.n)][0])]),
        mix(120, &[dir, dt, a.t(dl), a.t(dr)]),
        mix(121, &[dir, ht, dt, u64::from(head == state.n)]),
    ]);
}
