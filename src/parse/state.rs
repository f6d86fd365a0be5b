//! The arc-hybrid transition system: a stack, a buffer with the root at its end, three moves,
//! and what each move costs against a gold tree, which is the dynamic oracle training follows.
//!
//! Moves: SHIFT takes the buffer's first word onto the stack; LEFT makes the buffer's first
//! word the head of the stack's top and pops it; RIGHT makes the word under the top its head
//! and pops it. The root (index `n`) stays last in the buffer and takes a dependent only when
//! that word is alone on the stack, so every parse has exactly one root.

/// Push the buffer's first word.
pub const SHIFT: usize = 0;
/// The buffer's first word becomes the head of the stack's top.
pub const LEFT: usize = 1;
/// The word under the stack's top becomes its head.
pub const RIGHT: usize = 2;
/// The moves' names, in index order: the classes of the move model.
pub const MOVES: [&str; 3] = ["shift", "left", "right"];

/// No word: an empty place, or a word without a head yet.
pub const NONE: usize = usize::MAX;

/// A parser configuration.
#[derive(Debug, Clone)]
pub struct State {
    /// Words in the sentence; the root is `n`.
    pub n: usize,
    /// Word indexes, the top last.
    pub stack: Vec<usize>,
    /// The buffer's first word (`n` when only the root is left).
    pub b: usize,
    /// Each word's head so far (`n` for the root, [`NONE`] before it has one).
    pub heads: Vec<usize>,
    /// Each word's relation, as an index into the model's relations.
    pub rels: Vec<u16>,
    /// Each word's leftmost two children so far (outermost first), then [`NONE`].
    pub lefts: Vec<[usize; 2]>,
    /// Each word's rightmost two children so far (outermost first).
    pub rights: Vec<[usize; 2]>,
    /// How many children each word has on each side.
    pub valency: Vec<[u8; 2]>,
}

impl State {
    /// The start: an empty stack and every word in the buffer.
    pub fn new(n: usize) -> Self {
        Self {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NONE; n],
            rels: vec![0; n],
            lefts: vec![[NONE; 2]; n + 1],
            rights: vec![[NONE; 2]; n + 1],
            valency: vec![[0; 2]; n + 1],
        }
    }

    /// Whether the parse is done.
    pub fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    /// The stack's `i`-th word from the top, or [`NONE`].
    pub fn s(&self, i: usize) -> usize {
        if i < self.stack.len() { self.stack[self.stack.len() - 1 - i] } else { NONE }
    }

    /// The buffer's `i`-th word (the root is `n`), or [`NONE`] past it.
    pub fn buffer(&self, i: usize) -> usize {
        if self.b + i <= self.n { self.b + i } else { NONE }
    }

    /// Whether a move can be made.
    pub fn valid(&self, mv: usize) -> bool {
        match mv {
            SHIFT => self.b < self.n,
            LEFT => !self.stack.is_empty() && (self.b < self.n || self.stack.len() == 1),
            RIGHT => self.stack.len() >= 2,
            _ => false,
        }
    }

    /// The head and dependent an arc move would join.
    pub fn arc(&self, mv: usize) -> (usize, usize) {
        match mv {
            LEFT => (self.b, self.s(0)),
            _ => (self.s(1), self.s(0)),
        }
    }

    /// Makes a valid move; `rel` labels the arc of LEFT and RIGHT.
    pub fn apply(&mut self, mv: usize, rel: u16) {
        match mv {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                let (head, dep) = self.arc(mv);
                self.stack.pop();
                self.attach(head, dep, rel);
            }
        }
    }

    fn attach(&mut self, head: usize, dep: usize, rel: u16) {
        self.heads[dep] = head;
        self.rels[dep] = rel;
        let (side, outer): (usize, fn(usize, usize) -> bool) =
            if dep < head { (0, |a, b| a < b) } else { (1, |a, b| a > b) };
        self.valency[head][side] = self.valency[head][side].saturating_add(1);
        let kids = if side == 0 { &mut self.lefts[head] } else { &mut self.rights[head] };
        if kids[0] == NONE || outer(dep, kids[0]) {
            kids[1] = kids[0];
            kids[0] = dep;
        } else if kids[1] == NONE || outer(dep, kids[1]) {
            kids[1] = dep;
        }
    }

    /// What each move costs: how many arcs of the gold tree (`gold[i]` is word i's head, `n`
    /// for the root) it makes unreachable; `usize::MAX` for a move that cannot be made. At
    /// least one valid move costs the least: following it keeps the best reachable tree.
    pub fn costs(&self, gold: &[usize]) -> [usize; 3] {
        let mut costs = [usize::MAX; 3];
        let n = self.n;
        let in_buffer = |w: usize| w >= self.b && w <= n;
        let deps_in_buffer = |h: usize| (self.b..n).filter(|d| gold[*d] == h).count();
        if self.valid(SHIFT) {
            let b = self.b;
            let g = gold[b];
            let below_top = &self.stack[..self.stack.len().saturating_sub(1)];
            let mut c = usize::from(below_top.contains(&g));
            // the root's dependent must be alone on the stack when it is attached
            c += usize::from(g == n && !self.stack.is_empty());
            c += self.stack.iter().filter(|s| gold[**s] == b).count();
            costs[SHIFT] = c;
        }
        if self.valid(LEFT) {
            let s0 = self.s(0);
            let g = gold[s0];
            let lost_head = g != self.b && ((g == self.s(1) && g != NONE) || (g > self.b && g <= n));
            costs[LEFT] = usize::from(lost_head) + deps_in_buffer(s0);
        }
        if self.valid(RIGHT) {
            let s0 = self.s(0);
            costs[RIGHT] = usize::from(in_buffer(gold[s0])) + deps_in_buffer(s0);
        }
        costs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the cheapest move (the first of equals) from the start and returns the heads.
    fn follow_oracle(gold: &[usize]) -> Vec<usize> {
        let mut state = State::new(gold.len());
        while !state.terminal() {
            let costs = state.costs(gold);
            let best = (0..3).min_by_key(|m| costs[*m]).expect("a move");
            assert_ne!(costs[best], usize::MAX, "no valid move in {state:?}");
            state.apply(best, 0);
        }
        state.heads
    }

    #[test]
    fn the_oracle_rebuilds_a_projective_tree() {
        // "Iran sent drones to Russia ." : sent is the root (5 stands for it here, n = 6)
        let gold = [1, 6, 1, 4, 1, 1];
        assert_eq!(follow_oracle(&gold), gold);
    }

    #[test]
    fn the_oracle_loses_only_the_crossing_arc_of_a_non_projective_tree() {
        // 0→2 crosses 3→1: one of the two cannot be had
        let gold = [4, 3, 0, 0];
        let heads = follow_oracle(&gold);
        let wrong = heads.iter().zip(&gold).filter(|(a, b)| a != b).count();
        assert_eq!(wrong, 1, "{heads:?}");
    }

    #[test]
    fn every_parse_has_one_root_and_every_word_a_head() {
        // always shifting while possible, then whatever is valid, still ends in a tree
        let mut state = State::new(5);
        while !state.terminal() {
            let mv = [SHIFT, RIGHT, LEFT].into_iter().find(|m| state.valid(*m)).expect("a valid move");
            state.apply(mv, 0);
        }
        assert_eq!(state.heads.iter().filter(|h| **h == 5).count(), 1);
        assert!(state.heads.iter().all(|h| *h != NONE));
    }

    #[test]
    fn children_are_kept_outermost_first() {
        let mut state = State::new(4);
        // shift 0 1 2; 2 goes to 1, 1 to 0, and 0 to 3
        state.apply(SHIFT, 0);
        state.apply(SHIFT, 0);
        state.apply(SHIFT, 0);
        state.apply(RIGHT, 3);
        assert_eq!(state.heads[2], 1);
        assert_eq!(state.rights[1], [2, NONE]);
        assert_eq!(state.valency[1], [0, 1]);
        state.apply(RIGHT, 4);
        state.apply(LEFT, 5);
        assert_eq!(state.lefts[3], [0, NONE]);
        assert_eq!(state.rels[0], 5);
    }
}
