//! An averaged perceptron over hashed features: the learner behind the part-of-speech and
//! name taggers. Training is deterministic (fixed shuffling seed, ordered output), the model
//! file is a compact binary, and prediction does one hash-map lookup per feature.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write};

/// Features are already hashes: the map uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type FeatureMap = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

/// Hashes a feature: a template number and its parts (FNV-1a, 64 bits, mixed at the end so the
/// identity-hashed map spreads well).
pub fn feature(template: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    h = h.wrapping_mul(0x0100_0000_01b3);
    for part in parts {
        for b in part.as_bytes() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // a final avalanche (splitmix64)
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model of this kind, or cut short.
    #[error("{0}")]
    Format(String),
}

const MAGIC: &[u8; 8] = b"NGPERC01";

/// Sums the weight rows of the features into `scores` (one slot per class, reset first), in the
/// order of the features. Every feature is looked up before any weight is read: the lookups do
/// not depend on one another, so the processor overlaps their cache misses instead of waiting
/// for each in turn, and then does the same for the weight rows.
fn add_scores(lookup: impl Fn(u64) -> Option<u32>, weights: &[f32], features: &[u64], scores: &mut [f32]) {
    const BATCH: usize = 64;
    let c = scores.len();
    scores.iter_mut().for_each(|s| *s = 0.0);
    let mut rows = [u32::MAX; BATCH];
    for chunk in features.chunks(BATCH) {
        for (row, f) in rows.iter_mut().zip(chunk) {
            *row = lookup(*f).unwrap_or(u32::MAX);
        }
        for &row in &rows[..chunk.len()] {
            if row == u32::MAX {
                continue;
            }
            let row = row as usize * c;
            for (s, w) in scores.iter_mut().zip(&weights[row..row + c]) {
                *s += *w;
            }
        }
    }
}

/// Feature hash to weight row: open addressing with linear probing, at most half full, keys and
/// rows side by side so one probe is one cache line. Features are already well-mixed hashes, so
/// their low bits pick the slot.
#[derive(Debug, Clone, Default)]
struct Table {
    slots: Vec<(u64, u32)>,
    len: usize,
}

impl Table {
    const EMPTY: u32 = u32::MAX;

    fn with_capacity(n: usize) -> Self {
        Self { slots: vec![(0, Self::EMPTY); (n * 2).next_power_of_two().max(2)], len: 0 }
    }

    fn insert(&mut self, key: u64, row: u32) {
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.1 == Self::EMPTY {
                *slot = (key, row);
                self.len += 1;
                return;
            }
            if slot.0 == key {
                slot.1 = row;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn get(&self, key: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let (k, row) = self.slots[i];
            if row == Self::EMPTY {
                return None;
            }
            if k == key {
                return Some(row);
            }
            i = (i + 1) & mask;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.slots.iter().copied().filter(|(_, row)| *row != Self::EMPTY)
    }
}

/// A trained model: classes and a weight row per feature.
#[derive(Debug, Clone)]
pub struct Perceptron {
    /// What the model is for ("pos", "ner"), checked on load.
    pub kind: String,
    /// Class names, in index order.
    pub classes: Vec<String>,
    /// Data the tagger keeps beside its weights (a tag dictionary), sorted by key.
    pub extra: Vec<(String, String)>,
    index: Table,
    weights: Vec<f32>,
}

impl Perceptron {
    /// Adds the weights of the features to `scores` (one slot per class).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        add_scores(|f| self.index.get(f), &self.weights, features, scores);
    }

    /// The number of features with weights.
    pub fn len(&self) -> usize {
        self.index.len
    }

    /// Whether the model has no features.
    pub fn is_empty(&self) -> bool {
        self.index.len == 0
    }

    /// Writes the model: magic, kind, classes, then features sorted by hash with their weights
    /// (little-endian), so the same model gives the same bytes.
    pub fn save(&self, out: impl Write) -> io::Result<()> {
        self.save_with(&self.extra, out)
    }

    /// Writes the model with the given extra data instead of its own.
    pub fn save_with(&self, extra: &[(String, String)], mut out: impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        write_str(&mut out, &self.kind)?;
        out.write_all(&u32::try_from(self.classes.len()).unwrap_or(u32::MAX).to_le_bytes())?;
        for class in &self.classes {
            write_str(&mut out, class)?;
        }
        let mut extra = extra.to_vec();
        extra.sort();
        out.write_all(&(extra.len() as u64).to_le_bytes())?;
        for (k, v) in &extra {
            write_str(&mut out, k)?;
            write_str(&mut out, v)?;
        }
        let mut rows: Vec<(u64, u32)> = self.index.iter().collect();
        rows.sort_unstable();
        out.write_all(&(rows.len() as u64).to_le_bytes())?;
        let c = self.classes.len();
        for (key, row) in rows {
            out.write_all(&key.to_le_bytes())?;
            let row = row as usize * c;
            for w in &self.weights[row..row + c] {
                out.write_all(&w.to_le_bytes())?;
            }
        }
        out.flush()
    }

    /// Reads a model written by [`Perceptron::save`], checking its kind.
    pub fn load(bytes: &[u8], kind: &str) -> Result<Self, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Format("not a newsgraph model file".into()));
        }
        let found = r.string()?;
        if found != kind {
            return Err(ModelError::Format(format!("a {found} model, not a {kind} model")));
        }
        let n_classes = r.u32()? as usize;
        let classes = (0..n_classes).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let n_extra = usize::try_from(r.u64()?).map_err(|_| ModelError::Format("too many entries".into()))?;
        let extra = (0..n_extra).map(|_| Ok((r.string()?, r.string()?))).collect::<Result<Vec<_>, ModelError>>()?;
        let n = usize::try_from(r.u64()?).map_err(|_| ModelError::Format("too many features".into()))?;
        let mut index = Table::with_capacity(n);
        let mut weights = Vec::with_capacity(n * n_classes);
        for row in 0..n {
            index.insert(r.u64()?, u32::try_from(row).map_err(|_| ModelError::Format("too many features".into()))?);
            let raw = r.take(4 * n_classes)?;
            weights.extend(raw.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
        if r.at != bytes.len() {
            return Err(ModelError::Format("trailing bytes after the model".into()));
        }
        Ok(Self { kind: kind.into(), classes, extra, index, weights })
    }
}

fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_le_bytes())?;
    out.write_all(s.as_bytes())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| ModelError::Format("the model file is cut short".into()))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| ModelError::Format("cut short".into()))?))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().map_err(|_| ModelError::Format("cut short".into()))?))
    }

    fn string(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| ModelError::Format("a name is not UTF-8".into()))
    }
}

/// Learns a [`Perceptron`] by averaged updates (each weight remembers when it last changed, so
/// averaging costs nothing per step).
#[derive(Debug)]
pub struct Trainer {
    kind: String,
    classes: Vec<String>,
    index: FeatureMap,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u64>,
    step: u64,
}

impl Trainer {
    /// A trainer for the given classes.
    pub fn new(kind: &str, classes: Vec<String>) -> Self {
        Self {
            kind: kind.into(),
            classes,
            index: FeatureMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            step: 0,
        }
    }

    /// The current (not averaged) scores.
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        add_scores(|f| self.index.get(&f).copied(), &self.weights, features, scores);
    }

    /// Counts one training instance; call once per prediction.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weight from the guessed class to the true one.
    pub fn update(&mut self, truth: usize, guess: usize, features: &[u64]) {
        if truth == guess {
            return;
        }
        let c = self.classes.len();
        for f in features {
            let row = match self.index.get(f) {
                Some(&row) => row as usize,
                None => {
                    let row = self.index.len();
                    self.index.insert(*f, u32::try_from(row).unwrap_or(u32::MAX));
                    self.weights.extend(std::iter::repeat_n(0.0, c));
                    self.totals.extend(std::iter::repeat_n(0.0, c));
                    self.stamps.extend(std::iter::repeat_n(0, c));
                    row
                }
            };
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let k = row * c + class;
                self.totals[k] += f64::from(self.weights[k]) * (self.step - self.stamps[k]) as f64;
                self.stamps[k] = self.step;
                self.weights[k] += delta;
            }
        }
    }

    /// The averaged model; features whose weights all round to zero are dropped.
    pub fn average(mut self) -> Perceptron {
        let c = self.classes.len();
        let step = self.step.max(1);
        let mut kept: Vec<u64> = Vec::new();
        let mut weights = Vec::new();
        let mut rows: Vec<(u64, usize)> = self.index.iter().map(|(k, v)| (*k, *v as usize)).collect();
        rows.sort_unstable();
        for (key, row) in rows {
            let mut averaged = Vec::with_capacity(c);
            for class in 0..c {
                let k = row * c + class;
                self.totals[k] += f64::from(self.weights[k]) * (step - self.stamps[k]) as f64;
                averaged.push((self.totals[k] / step as f64) as f32);
            }
            if averaged.iter().any(|w| w.abs() >= 1e-3) {
                kept.push(key);
                weights.extend(averaged);
            }
        }
        let mut index = Table::with_capacity(kept.len());
        for (row, key) in kept.into_iter().enumerate() {
            index.insert(key, u32::try_from(row).unwrap_or(u32::MAX));
        }
        Perceptron { kind: self.kind, classes: self.classes, extra: Vec::new(), index, weights }
    }
}

/// A small deterministic random sequence (xorshift64*) for shuffling training data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded.
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The index of the highest score among the allowed classes (all when `allowed` is None);
/// ties go to the lower index, so prediction is deterministic.
pub fn argmax(scores: &[f32], allowed: Option<&dyn Fn(usize) -> bool>) -> usize {
    let mut best = usize::MAX;
    let mut best_score = f32::NEG_INFINITY;
    for (i, s) in scores.iter().enumerate() {
        if allowed.is_some_and(|a| !a(i)) {
            continue;
        }
        if best == usize::MAX || *s > best_score {
            best = i;
            best_score = *s;
        }
    }
    if best == usize::MAX { 0 } else { best }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        let classes = vec!["low".to_owned(), "high".to_owned()];
        let mut trainer = Trainer::new("test", classes);
        let data: Vec<(Vec<u64>, usize)> = (0..40)
            .map(|i| (vec![feature(0, &[if i % 2 == 0 { "even" } else { "odd" }]), feature(1, &[])], i % 2))
            .collect();
        let mut scores = [0.0f32; 2];
        for _ in 0..5 {
            for (features, truth) in &data {
                trainer.score(features, &mut scores);
                let guess = argmax(&scores, None);
                trainer.tick();
                trainer.update(*truth, guess, features);
            }
        }
        let model = trainer.average();
        for (features, truth) in &data {
            model.score(features, &mut scores);
            assert_eq!(argmax(&scores, None), *truth);
        }
        let mut bytes = Vec::new();
        model.save(&mut bytes).expect("saves");
        let loaded = Perceptron::load(&bytes, "test").expect("loads");
        let mut again = Vec::new();
        loaded.save(&mut again).expect("saves");
        assert_eq!(bytes, again);
        assert!(Perceptron::load(&bytes, "pos").is_err());
        assert!(Perceptron::load(&bytes[..bytes.len() - 1], "test").is_err());
    }

    #[test]
    fn argmax_respects_the_allowed_classes() {
        assert_eq!(argmax(&[1.0, 5.0, 3.0], None), 1);
        assert_eq!(argmax(&[1.0, 5.0, 3.0], Some(&|i| i != 1)), 2);
    }

    #[test]
    fn shuffling_is_deterministic() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
    }
}
