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

/// Hashes a string: eight bytes at a time (little-endian, so every machine agrees), with its
/// length, mixed at the end (splitmix64) so the identity-hashed tables spread well.
pub fn hash_str(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = s.as_bytes();
    let mut h = K ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut tail = [0u8; 8];
        tail[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K).rotate_left(29);
    }
    avalanche(h)
}

fn avalanche(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A feature from a template number and its parts, each already hashed ([`hash_str`], or a
/// small number such as a tag index): taggers hash a word once and combine the hash many times.
///
/// Each part costs one multiply, and the whole one final avalanche: a name-model token makes
/// about thirty features. For a fixed template and earlier parts, each step is a bijection of
/// the next part (an odd multiplier), so features differ unless 64-bit hashes collide.
pub fn mix(template: u8, parts: &[u64]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    for part in parts {
        h = (h.rotate_left(23) ^ *part).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    avalanche(h ^ parts.len() as u64)
}

/// A feature from a template number and its parts as text.
#[cfg(test)]
fn feature(template: u8, parts: &[&str]) -> u64 {
    let mut hashed = [0u64; 4];
    if parts.len() <= hashed.len() {
        for (h, p) in hashed.iter_mut().zip(parts) {
            *h = hash_str(p);
        }
        mix(template, &hashed[..parts.len()])
    } else {
        mix(template, &parts.iter().map(|p| hash_str(p)).collect::<Vec<_>>())
    }
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model of this kind, or cut short.
    #[error("{0}")]
    Format(String),
}

// 02: features hashed by `hash_str` and `mix`, so models of 01 would read as noise
// 03: weights in 16-bit steps of a scale written before them; a cheaper `mix`
const MAGIC: &[u8; 8] = b"NGPERC03";

/// Adds the weights of the features to `scores`: every feature is found (`find`: where its
/// weights are) before any weight is added (`add`), so the searches, which do not depend on
/// one another, overlap their cache misses instead of waiting for each in turn.
fn add_batched(
    features: &[u64],
    scores: &mut [f32],
    find: impl Fn(u64) -> Option<usize>,
    add: impl Fn(usize, &mut [f32]),
) {
    const BATCH: usize = 32;
    // where each feature's weights are, or usize::MAX: the array is small to set up per call
    let mut found = [usize::MAX; BATCH];
    for chunk in features.chunks(BATCH) {
        for (at, f) in found.iter_mut().zip(chunk) {
            *at = find(*f).unwrap_or(usize::MAX);
        }
        for at in &found[..chunk.len()] {
            if *at != usize::MAX {
                add(*at, scores);
            }
        }
    }
}

/// Feature hash to weights: open addressing with linear probing, at most two thirds full, each
/// slot the key and the class weights side by side, so finding a feature brings its weights
/// into the cache with it. Features are already well-mixed hashes, so their low bits pick the
/// slot; key 0 marks an empty slot (a feature hashing to 0 is read as 1).
///
/// Weights are kept as 16-bit steps of one scale per model ([`quantise`]): the tables are what
/// a tagger waits for (each token reads dozens of slots spread over megabytes), and half the
/// bytes is half the cache lines. A tagger only compares scores, so they are added up in steps
/// and never scaled back; integer sums make the order of adding irrelevant.
///
/// Most features a tagger asks about in new text (word pairs, mostly) are not in the model.
/// A bit per 8 slots' worth of features, small enough to stay in the cache, tells most of
/// them apart without touching the slots at all.
#[derive(Debug, Clone, Default)]
struct Table {
    /// Per slot: the key's four 16-bit quarters, low first, then the weights.
    slots: Vec<i16>,
    /// A bit set for each key, picked by the key's high bits.
    filter: Vec<u64>,
    /// What one step of a weight is worth.
    scale: f32,
    /// The number of slots less one (a power of two less one).
    mask: usize,
    classes: usize,
    len: usize,
}

/// A key as it is kept in a slot.
fn quarters(key: u64) -> [i16; 4] {
    [0, 16, 32, 48].map(|shift| (key >> shift) as u16 as i16)
}

/// The scale that maps the largest weight to the largest step, so no weight is clipped.
fn quantise(weights: impl Iterator<Item = f32>) -> f32 {
    let largest = weights.fold(0.0f32, |m, w| m.max(w.abs()));
    if largest > 0.0 { largest / f32::from(i16::MAX) } else { 1.0 }
}

impl Table {
    fn with_capacity(n: usize, classes: usize, scale: f32) -> Self {
        let count = (n * 3 / 2 + 1).next_power_of_two().max(2);
        let bits = (n * 8).next_power_of_two().max(64);
        Self {
            slots: vec![0; count * (classes + 4)],
            filter: vec![0; bits / 64],
            scale,
            mask: count - 1,
            classes,
            len: 0,
        }
    }

    /// The filter bit of a key: word and bit.
    fn bit(&self, key: u64) -> (usize, u64) {
        let b = (key >> 32) as usize & (self.filter.len() * 64 - 1);
        (b / 64, 1 << (b % 64))
    }

    fn stride(&self) -> usize {
        self.classes + 4
    }

    fn key(&self, base: usize) -> u64 {
        let q = &self.slots[base..base + 4];
        u64::from(q[0] as u16)
            | u64::from(q[1] as u16) << 16
            | u64::from(q[2] as u16) << 32
            | u64::from(q[3] as u16) << 48
    }

    /// Puts a feature's weights, already in steps of the table's scale.
    fn insert(&mut self, key: u64, steps: &[i16]) {
        let key = key.max(1);
        let (word, bit) = self.bit(key);
        self.filter[word] |= bit;
        let (stride, mask) = (self.stride(), self.mask);
        let mut i = key as usize & mask;
        loop {
            let base = i * stride;
            let found = self.key(base);
            if found == 0 || found == key {
                self.len += usize::from(found == 0);
                self.slots[base..base + 4].copy_from_slice(&quarters(key));
                self.slots[base + 4..base + stride].copy_from_slice(steps);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Where the weights of a feature start, if it has any.
    fn find(&self, key: u64) -> Option<usize> {
        let key = key.max(1);
        let (word, bit) = self.bit(key);
        if self.filter[word] & bit == 0 {
            return None;
        }
        let (stride, mask) = (self.stride(), self.mask);
        let mut i = key as usize & mask;
        loop {
            let base = i * stride;
            // one 8-byte read, not a slice comparison (which calls memcmp)
            let found = self.key(base);
            if found == key {
                return Some(base + 4);
            }
            if found == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the weights of the features, in steps, to `scores` ([`add_batched`]).
    fn add(&self, features: &[u64], scores: &mut [f32]) {
        let c = self.classes;
        add_batched(
            features,
            scores,
            |f| self.find(f),
            |at, scores| {
                for (s, w) in scores.iter_mut().zip(&self.slots[at..at + c]) {
                    *s += f32::from(*w);
                }
            },
        );
    }

    /// Keys and weights in steps, in slot order.
    fn iter(&self) -> impl Iterator<Item = (u64, &[i16])> + '_ {
        let stride = self.stride();
        (0..self.slots.len() / stride).filter_map(move |i| {
            let base = i * stride;
            let key = self.key(base);
            (key != 0).then(|| (key, &self.slots[base + 4..base + stride]))
        })
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
    table: Table,
    /// Tells this model's word tables from another's.
    id: u64,
}

static NEXT_MODEL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_MODEL.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A word table's group sums are cleared when they are this many: the groups are meant to take
/// few values together (the name model's meet 8,600 combinations on the whole Reuters
/// corpus), and a small table stays in the cache.
const GROUP_LIMIT: usize = 50_000;

/// A word table is cleared when it holds this many words, which bounds its memory (about 20 MB
/// for the name model's) while keeping the words of any real text.
const WORD_TABLE_LIMIT: usize = 100_000;

thread_local! {
    static WORD_TABLES: std::cell::RefCell<Vec<(u64, Box<dyn std::any::Any>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Where a word stands: a word of the text, or past either end of its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'a> {
    /// Before the first word.
    Start,
    /// After the last word.
    End,
    /// A word.
    Text(&'a str),
}

impl Word<'_> {
    /// For a place past either end of the sentence: one feature per place of the window (the
    /// taggers' templates 50 and up) and the hash the taggers use for its forms. None for a word.
    pub fn edge(self, lists: &mut [Vec<u64>]) -> Option<u64> {
        let side = match self {
            Word::Start => 0,
            Word::End => 1,
            Word::Text(_) => return None,
        };
        for (d, list) in lists.iter_mut().enumerate() {
            list.push(mix(50 + d as u8, &[side]));
        }
        Some(hash_str(if side == 0 { "<s>" } else { "</s>" }))
    }
}

/// Words of the taggers' windows: two before the tagged word, the word, two after.
pub const WINDOW: usize = 5;

/// The features a word has whatever its neighbours (its form, affixes, shape, and what it
/// says as a neighbour), summed per class once per word type: a tagger then reads one vector
/// per word of its window instead of looking up each feature. `A` is what else the tagger
/// keeps of a word (hashes of its forms) for the features that combine words.
#[derive(Debug)]
pub struct WordTable<A> {
    ids: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    aux: Vec<A>,
    vectors: Vec<f32>,
    classes: usize,
    offsets: usize,
    buffers: Vec<Vec<u64>>,
    /// Summed weights of feature groups, by the key that fixes each ([`Perceptron::add_group`]).
    groups: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    group_sums: Vec<f32>,
    group_features: Vec<u64>,
}

impl<A: Copy> WordTable<A> {
    fn new(classes: usize, offsets: usize) -> Self {
        Self {
            ids: HashMap::default(),
            aux: Vec::new(),
            vectors: Vec::new(),
            classes,
            offsets,
            buffers: vec![Vec::new(); offsets],
            groups: HashMap::default(),
            group_sums: Vec::new(),
            group_features: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.ids.clear();
        self.aux.clear();
        self.vectors.clear();
        self.groups.clear();
        self.group_sums.clear();
    }

    /// What the tagger kept of record `r`.
    pub fn aux(&self, r: u32) -> &A {
        &self.aux[r as usize]
    }

    /// The record of every word, with `offsets / 2` boundary records before and after, so
    /// position `i`'s window is `records[i..i + offsets]`. `describe` is called once per new
    /// word type: list `d` gets the features the word gives when it stands `d - offsets / 2`
    /// places from the word being tagged (list 0 of five: two places before it; list 2: the
    /// word itself), and it returns what the tagger keeps of the word.
    pub fn records(
        &mut self,
        model: &Perceptron,
        words: &[&str],
        describe: &dyn Fn(Word<'_>, &mut [Vec<u64>]) -> A,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let half = self.offsets / 2;
        let start = self.record(model, 1, Word::Start, describe);
        let end = self.record(model, 2, Word::End, describe);
        out.extend(std::iter::repeat_n(start, half));
        for w in words {
            // 0, 1 and 2 are kept for the boundaries; a word hashing there is vanishingly rare
            let key = hash_str(w).max(3);
            let r = match self.ids.get(&key) {
                Some(r) => *r,
                None => self.record(model, key, Word::Text(w), describe),
            };
            out.push(r);
        }
        out.extend(std::iter::repeat_n(end, half));
    }

    fn record(
        &mut self,
        model: &Perceptron,
        key: u64,
        word: Word<'_>,
        describe: &dyn Fn(Word<'_>, &mut [Vec<u64>]) -> A,
    ) -> u32 {
        if let Some(r) = self.ids.get(&key) {
            return *r;
        }
        for b in &mut self.buffers {
            b.clear();
        }
        let aux = describe(word, &mut self.buffers);
        let r = u32::try_from(self.aux.len()).unwrap_or(u32::MAX);
        let c = self.classes;
        let mut scores = vec![0.0f32; c];
        for b in &self.buffers {
            model.score(b, &mut scores);
            self.vectors.extend_from_slice(&scores);
        }
        self.aux.push(aux);
        self.ids.insert(key, r);
        r
    }
}

impl Perceptron {
    /// The weights of the features summed into `scores` (one slot per class).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        self.table.add(features, scores);
    }

    /// Scores position `i` of a sentence whose words were looked up in `table`
    /// ([`WordTable::records`]): the word vectors of the window around it plus the weights of
    /// its `context` features.
    pub fn score_window<A>(
        &self,
        table: &WordTable<A>,
        records: &[u32],
        i: usize,
        context: &[u64],
        scores: &mut [f32],
    ) {
        let c = scores.len();
        scores.iter_mut().for_each(|s| *s = 0.0);
        // records are padded with `table.half` boundary records on each side
        for d in 0..table.offsets {
            let r = records[i + d] as usize;
            let at = (r * table.offsets + d) * c;
            for (s, w) in scores.iter_mut().zip(&table.vectors[at..at + c]) {
                *s += *w;
            }
        }
        self.table.add(context, scores);
    }

    /// Adds to `scores` the summed weights of a group of features that `key` fixes: `features`
    /// lists them, and is called only the first time the thread meets the key. A tagger's
    /// features of tags, part-of-speech tags, gazetteer labels and shapes take few values
    /// together, so a token reads one remembered sum, which stays in the cache, in place of a
    /// look-up per feature in a table of megabytes. The key must be a function of everything
    /// the features are made of (a [`mix`] of the group's number and parts). Steps are whole
    /// numbers, so the sum is the same however it is split.
    pub fn add_group<A>(
        &self,
        table: &mut WordTable<A>,
        key: u64,
        features: impl FnOnce(&mut Vec<u64>),
        scores: &mut [f32],
    ) {
        let c = scores.len();
        let at = match table.groups.get(&key) {
            Some(r) => *r as usize * c,
            None => {
                if table.groups.len() >= GROUP_LIMIT {
                    table.groups.clear();
                    table.group_sums.clear();
                }
                table.group_features.clear();
                features(&mut table.group_features);
                let at = table.group_sums.len();
                table.group_sums.resize(at + c, 0.0);
                self.table.add(&table.group_features, &mut table.group_sums[at..]);
                table.groups.insert(key, u32::try_from(at / c).unwrap_or(u32::MAX));
                at
            }
        };
        for (s, w) in scores.iter_mut().zip(&table.group_sums[at..at + c]) {
            *s += *w;
        }
    }

    /// Runs `f` with this thread's word table for this model, made on first use. The table
    /// outlives the call, so a word is described once per thread, however many sentences use it.
    pub fn with_words<A: Copy + 'static, R>(&self, offsets: usize, f: impl FnOnce(&mut WordTable<A>) -> R) -> R {
        let found = WORD_TABLES.with(|t| {
            let mut t = t.borrow_mut();
            let at = t.iter().position(|(id, _)| *id == self.id);
            at.map(|at| t.swap_remove(at).1)
        });
        let mut table = found
            .and_then(|b| b.downcast::<WordTable<A>>().ok())
            .map_or_else(|| WordTable::new(self.classes.len(), offsets), |b| *b);
        let result = f(&mut table);
        if table.aux.len() > WORD_TABLE_LIMIT {
            table.clear();
        }
        WORD_TABLES.with(|t| {
            let mut t = t.borrow_mut();
            // models come and go in tests: keep the tables of the last few
            if t.len() >= 8 {
                t.remove(0);
            }
            t.push((self.id, Box::new(table)));
        });
        result
    }

    /// The model without the features whose every weight is under `min_steps` steps: each of
    /// them moves a score by less than that whatever it fires with, and a model of many
    /// classes pays a full row for it.
    pub fn pruned(&self, min_steps: i16) -> Self {
        let kept: Vec<(u64, &[i16])> = self
            .table
            .iter()
            .filter(|(_, steps)| steps.iter().any(|q| q.unsigned_abs() >= min_steps.unsigned_abs()))
            .collect();
        let mut table = Table::with_capacity(kept.len(), self.table.classes, self.table.scale);
        for (key, steps) in kept {
            table.insert(key, steps);
        }
        Self { kind: self.kind.clone(), classes: self.classes.clone(), extra: self.extra.clone(), table, id: next_id() }
    }

    /// The number of features with weights.
    pub fn len(&self) -> usize {
        self.table.len
    }

    /// Whether the model has no features.
    pub fn is_empty(&self) -> bool {
        self.table.len == 0
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
        let mut rows: Vec<(u64, &[i16])> = self.table.iter().collect();
        rows.sort_unstable_by_key(|r| r.0);
        out.write_all(&self.table.scale.to_le_bytes())?;
        out.write_all(&(rows.len() as u64).to_le_bytes())?;
        for (key, steps) in rows {
            out.write_all(&key.to_le_bytes())?;
            for q in steps {
                out.write_all(&q.to_le_bytes())?;
            }
        }
        out.flush()
    }

    /// Reads a model written by [`Perceptron::save`], checking its kind.
    pub fn load(bytes: &[u8], kind: &str) -> Result<Self, ModelError> {
        let (classes, extra, scale, n, mut r) = Self::header(bytes, kind)?;
        let n_classes = classes.len();
        let mut table = Table::with_capacity(n, n_classes, scale);
        let mut steps = vec![0i16; n_classes];
        for _ in 0..n {
            let key = r.u64()?;
            let raw = r.take(2 * n_classes)?;
            for (q, b) in steps.iter_mut().zip(raw.chunks_exact(2)) {
                *q = i16::from_le_bytes([b[0], b[1]]);
            }
            table.insert(key, &steps);
        }
        Ok(Self { kind: kind.into(), classes, extra, table, id: next_id() })
    }

    /// Checks that [`Perceptron::load`] would read the bytes, without building the model: a
    /// model needed only now and then is checked when its file is read and built when used.
    pub fn check(bytes: &[u8], kind: &str) -> Result<(), ModelError> {
        Self::header(bytes, kind).map(|_| ())
    }

    /// Reads up to the features, and checks that exactly their bytes follow.
    #[allow(clippy::type_complexity)]
    fn header<'b>(
        bytes: &'b [u8],
        kind: &str,
    ) -> Result<(Vec<String>, Vec<(String, String)>, f32, usize, Reader<'b>), ModelError> {
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
        let scale = f32::from_bits(r.u32()?);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ModelError::Format("the weights' scale is not a positive number".into()));
        }
        let n = usize::try_from(r.u64()?).map_err(|_| ModelError::Format("too many features".into()))?;
        let size = n.checked_mul(8 + 2 * n_classes).ok_or_else(|| ModelError::Format("too many features".into()))?;
        let left = bytes.len() - r.at;
        if left < size {
            return Err(ModelError::Format("the model file is cut short".into()));
        }
        if left > size {
            return Err(ModelError::Format("trailing bytes after the model".into()));
        }
        Ok((classes, extra, scale, n, r))
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

/// A sentence described for training: each padded position's feature lists and what the
/// tagger keeps of it, as a [`WordTable`] would hold them.
#[derive(Debug, Clone)]
pub struct Described<A> {
    lists: Vec<Vec<Vec<u64>>>,
    /// What the tagger keeps of each padded position (`offsets / 2` boundaries each side).
    pub aux: Vec<A>,
}

impl<A: Copy> Described<A> {
    /// Describes every word of a sentence, and the boundaries around it.
    pub fn new(words: &[&str], offsets: usize, describe: &dyn Fn(Word<'_>, &mut [Vec<u64>]) -> A) -> Self {
        let half = offsets / 2;
        let mut lists = Vec::with_capacity(words.len() + 2 * half);
        let mut aux = Vec::with_capacity(words.len() + 2 * half);
        let one = |w: Word<'_>, lists: &mut Vec<Vec<Vec<u64>>>, aux: &mut Vec<A>| {
            let mut l = vec![Vec::new(); offsets];
            aux.push(describe(w, &mut l));
            lists.push(l);
        };
        for _ in 0..half {
            one(Word::Start, &mut lists, &mut aux);
        }
        for w in words {
            one(Word::Text(w), &mut lists, &mut aux);
        }
        for _ in 0..half {
            one(Word::End, &mut lists, &mut aux);
        }
        Self { lists, aux }
    }

    /// Appends the word features of position `i`'s window to `out`.
    pub fn window(&self, i: usize, out: &mut Vec<u64>) {
        let offsets = self.lists.first().map_or(0, Vec::len);
        for d in 0..offsets {
            out.extend_from_slice(&self.lists[i + d][d]);
        }
    }
}

/// Learns a [`Perceptron`] by averaged updates (each weight remembers when it last changed, so
/// averaging costs nothing per step).
#[derive(Debug, Clone)]
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
        scores.iter_mut().for_each(|s| *s = 0.0);
        let c = self.classes.len();
        add_batched(
            features,
            scores,
            |f| self.index.get(&f).map(|r| *r as usize * c),
            |at, scores| {
                for (s, w) in scores.iter_mut().zip(&self.weights[at..at + c]) {
                    *s += *w;
                }
            },
        );
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

    /// The model averaged so far, leaving the trainer to go on (to measure between passes).
    pub fn snapshot(&self) -> Perceptron {
        self.clone().average()
    }

    /// The averaged model, in steps of one scale; features whose weights all round to zero
    /// steps are dropped.
    pub fn average(mut self) -> Perceptron {
        let c = self.classes.len();
        let step = self.step.max(1);
        let mut kept: Vec<(u64, Vec<f32>)> = Vec::new();
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
                kept.push((key, averaged));
            }
        }
        let scale = quantise(kept.iter().flat_map(|(_, w)| w.iter().copied()));
        let mut table = Table::with_capacity(kept.len(), c, scale);
        let mut steps = vec![0i16; c];
        for (key, weights) in kept {
            for (q, w) in steps.iter_mut().zip(&weights) {
                // |w| <= the largest weight, so the step is within i16
                *q = (w / scale).round() as i16;
            }
            if steps.iter().any(|q| *q != 0) {
                table.insert(key, &steps);
            }
        }
        Perceptron { kind: self.kind, classes: self.classes, extra: Vec::new(), table, id: next_id() }
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

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
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
    fn pruning_drops_only_features_whose_weights_are_all_small() {
        let mut trainer = Trainer::new("test", vec!["a".to_owned(), "b".to_owned()]);
        let (strong, weak) = (feature(0, &["strong"]), feature(1, &["weak"]));
        for i in 0..50 {
            trainer.tick();
            // the strong feature is pushed towards "a" every time, the weak one once
            let features = if i == 0 { vec![strong, weak] } else { vec![strong] };
            trainer.update(0, 1, &features);
        }
        let model = trainer.average();
        assert_eq!(model.len(), 2);
        let pruned = model.pruned(2_000);
        assert_eq!(pruned.len(), 1);
        let (mut a, mut b) = ([0.0f32; 2], [0.0f32; 2]);
        model.score(&[strong], &mut a);
        pruned.score(&[strong], &mut b);
        assert_eq!(a, b, "what is kept weighs the same");
        pruned.score(&[weak], &mut b);
        assert_eq!(b, [0.0, 0.0]);
    }

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

    /// A tagger's view of a word for the tests: its form, and what it is a neighbour.
    fn describe(word: Word<'_>, lists: &mut [Vec<u64>]) -> u64 {
        let w = match word {
            Word::Start => "<s>",
            Word::End => "</s>",
            Word::Text(w) => w,
        };
        for (d, list) in lists.iter_mut().enumerate() {
            list.push(feature(d as u8, &[w]));
            list.push(feature(9, &[w, if d == 1 { "self" } else { "other" }]));
        }
        hash_str(w)
    }

    #[test]
    fn word_vectors_score_as_the_features_they_sum() {
        let classes: Vec<String> = ["a", "b", "c"].iter().map(|c| (*c).to_owned()).collect();
        let sentences: [&[&str]; 3] =
            [&["Iran", "sends", "drones"], &["Russia", "uses", "the", "drones"], &["drones", "fly"]];
        let mut trainer = Trainer::new("test", classes);
        let mut scores = [0.0f32; 3];
        let mut feats = Vec::new();
        for (n, words) in sentences.iter().cycle().take(12).enumerate() {
            let described = Described::new(words, 3, &describe);
            for i in 0..words.len() {
                feats.clear();
                described.window(i, &mut feats);
                feats.push(feature(20, &[&i.to_string()]));
                trainer.score(&feats, &mut scores);
                let guess = argmax(&scores, None);
                trainer.tick();
                trainer.update((i + n) % 3, guess, &feats);
            }
        }
        let model = trainer.average();
        for words in sentences {
            let described = Described::new(words, 3, &describe);
            model.with_words(3, |table| {
                let mut records = Vec::new();
                table.records(&model, words, &describe, &mut records);
                assert_eq!(records.len(), words.len() + 2);
                for i in 0..words.len() {
                    assert_eq!(*table.aux(records[i + 1]), hash_str(words[i]));
                    let context = [feature(20, &[&i.to_string()])];
                    let mut cached = [0.0f32; 3];
                    model.score_window(table, &records, i, &context, &mut cached);
                    feats.clear();
                    described.window(i, &mut feats);
                    feats.extend(context);
                    model.score(&feats, &mut scores);
                    for (a, b) in cached.iter().zip(&scores) {
                        assert!((a - b).abs() < 1e-4, "{cached:?} against {scores:?}");
                    }
                    assert!(scores.iter().any(|s| *s != 0.0));
                }
            });
        }
    }

    const HASH_DRONES: u64 = 9_605_551_790_761_978_198;
    const MIX_7_1_2: u64 = 1_845_840_582_964_436_490;

    #[test]
    fn hashes_are_fixed_and_spread() {
        // the model files depend on these values: a change must change the file's version
        assert_eq!(hash_str("drones"), HASH_DRONES);
        assert_eq!(mix(7, &[1, 2]), MIX_7_1_2);
        assert_ne!(hash_str("drone"), hash_str("drones"));
        assert_ne!(mix(1, &[hash_str("a"), hash_str("b")]), mix(1, &[hash_str("b"), hash_str("a")]));
        assert_ne!(mix(1, &[]), mix(2, &[]));
        assert_eq!(feature(3, &["x", "y"]), mix(3, &[hash_str("x"), hash_str("y")]));
        let lows: std::collections::HashSet<u64> = (0..1000).map(|i| hash_str(&i.to_string()) & 1023).collect();
        assert!(lows.len() > 550, "{} of 1000", lows.len());
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
