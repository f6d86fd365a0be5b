//! The name model: an averaged perceptron tagging BIO names (PER, ORG, LOC, MISC) from the
//! word, its shape, affixes and neighbours, the part-of-speech tags, the gazetteers, and how
//! the same word is written elsewhere in the document. Decoding is greedy, left to right, and
//! never emits I-X except after B-X or I-X.

use crate::corpus::{Tagged, spans};
use crate::lexicon::{Lexicon, NameTarget};
use crate::perceptron::{
    Described, IdentityHasher, Perceptron, Rng, Trainer, WINDOW, Word, WordTable, argmax, hash_str, mix,
};
use crate::tag::pos::{PosModel, shape};
use crate::tag::{longest_match, title_case};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// A set of hashes, which need no hashing again.
type Hashes = HashSet<u64, BuildHasherDefault<IdentityHasher>>;

/// The model kind written in its file.
pub const KIND: &str = "ner-bio";

/// The name classes, in model order.
pub const CLASSES: [&str; 9] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];

/// A trained name tagger.
#[derive(Debug, Clone)]
pub struct NerModel {
    model: Perceptron,
    learned: LearnedNames,
}

/// What the document says about each word beyond its sentence.
#[derive(Debug, Default)]
pub struct DocumentContext {
    /// Hashes of the forms seen in lower case somewhere in the document.
    lower_seen: Hashes,
    /// Hashes of the forms seen capitalised away from the start of a sentence.
    capital_inside: Hashes,
}

impl DocumentContext {
    /// Gathers the context of a document's sentences.
    pub fn of<'w>(sentences: impl IntoIterator<Item = &'w [&'w str]>) -> Self {
        let mut c = Self::default();
        for s in sentences {
            let caps = is_caps_sentence(s);
            for (i, w) in s.iter().enumerate() {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    c.lower_seen.insert(hash_str(w));
                } else if i > 0 && !caps && w.chars().next().is_some_and(char::is_uppercase) {
                    c.capital_inside.insert(hash_str(w));
                }
            }
        }
        c
    }
}

fn is_caps_sentence(words: &[&str]) -> bool {
    // one pass that stops at the first small letter, which most sentences have early
    let mut letters = 0;
    for c in words.iter().flat_map(|w| w.chars()) {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
    }
    letters > 6
}

/// Gazetteer labels of a sentence's words: for each word, whether the longest known name
/// covering it starts there, and its kind ((true, "COUNTRY"), (false, "ORG"), (true, "DEMONYM")).
pub fn gazetteer_labels(lexicon: &Lexicon, words: &[&str]) -> Vec<Option<(bool, &'static str)>> {
    let mut out = vec![None; words.len()];
    let caps = is_caps_sentence(words);
    let mut i = 0;
    while i < words.len() {
        // names start with a capital: most words need no look-up at all
        if !words[i].chars().next().is_some_and(char::is_uppercase) {
            i += 1;
            continue;
        }
        let best = longest_match(
            i,
            words.len(),
            lexicon.max_name_words,
            |k| words[k],
            |key, _| {
                let title;
                let key = if caps {
                    title = title_case(key);
                    title.as_str()
                } else {
                    key
                };
                (lexicon.names.get(key).and_then(|t| t.first()).copied(), lexicon.name_beginnings.contains(key))
            },
        );
        match best {
            Some((end, target)) => {
                let kind = match target {
                    NameTarget::Country(_) => "COUNTRY",
                    NameTarget::Demonym(_) => "DEMONYM",
                    NameTarget::Capital(_) => "CAPITAL",
                    NameTarget::Entity(e) => lexicon.entities[e].kind.conll(),
                };
                for (k, slot) in out[i..end].iter_mut().enumerate() {
                    *slot = Some((k == 0, kind));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Names seen in training documents with their most frequent type: a gazetteer learned from
/// the annotations, looked up by exact word sequence.
#[derive(Debug, Clone, Default)]
pub struct LearnedNames {
    /// Name (words joined by spaces) and type, as the model file keeps them.
    entries: Vec<(String, String)>,
    /// Hash of each name's word sequence ([`sequence`]) to its type's hash.
    names: HashMap<u64, u64, BuildHasherDefault<IdentityHasher>>,
    /// Hashes of every proper beginning of a name, so a look-up stops where no name goes on.
    beginnings: Hashes,
    /// Each word of a name: a bit for every type and place (alone, first, inside, last) it has
    /// in some name, so "Airlines" or "Bank" say ORG in names never seen whole.
    words: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    longest: usize,
}

/// The hash of a word sequence, one word at a time.
fn sequence(before: u64, word: u64) -> u64 {
    mix(0, &[before, word])
}

impl LearnedNames {
    /// Gathers the names of the given documents.
    pub fn of<'d>(documents: impl Iterator<Item = &'d Vec<Tagged>>) -> Self {
        let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for doc in documents {
            for s in doc {
                for (start, end, kind) in spans(&s.tags) {
                    *counts.entry(s.words[start..end].join(" ")).or_default().entry(kind).or_default() += 1;
                }
            }
        }
        let majority = |kinds: HashMap<String, usize>| -> String {
            let mut v: Vec<(String, usize)> = kinds.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.swap_remove(0).0
        };
        let mut entries: Vec<(String, String)> =
            counts.into_iter().map(|(name, kinds)| (name, majority(kinds))).collect();
        entries.sort();
        Self::from_names(entries)
    }

    fn from_names(entries: Vec<(String, String)>) -> Self {
        let mut names = HashMap::default();
        let mut beginnings = Hashes::default();
        let mut places: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>> = HashMap::default();
        let mut longest = 0;
        for (name, kind) in &entries {
            let mut h = 0;
            let words: Vec<&str> = name.split(' ').collect();
            longest = longest.max(words.len());
            let kind_bit = ["PER", "ORG", "LOC", "MISC"].iter().position(|k| k == kind).unwrap_or(3) as u32;
            for (k, w) in words.iter().enumerate() {
                let word = hash_str(w);
                h = sequence(h, word);
                if k + 1 < words.len() {
                    beginnings.insert(h);
                }
                let place = match (k == 0, k + 1 == words.len()) {
                    (true, true) => 0,
                    (true, false) => 1,
                    (false, false) => 2,
                    (false, true) => 3,
                };
                *places.entry(word).or_default() |= 1 << (kind_bit * 4 + place);
            }
            names.insert(h, hash_str(kind));
        }
        Self { entries, names, beginnings, words: places, longest }
    }

    fn entries(&self) -> Vec<(String, String)> {
        self.entries.iter().map(|(k, t)| (format!("name\t{k}"), t.clone())).collect()
    }

    fn from_entries(entries: &[(String, String)]) -> Self {
        let mut names: Vec<(String, String)> =
            entries.iter().filter_map(|(k, v)| k.strip_prefix("name\t").map(|n| (n.to_owned(), v.clone()))).collect();
        names.sort();
        Self::from_names(names)
    }

    /// For each word, the types and places it has in learned names, as a feature part.
    fn places(&self, words: &[u64]) -> Vec<u64> {
        words.iter().map(|w| self.words.get(w).map_or(NONE, |bits| u64::from(*bits) + 2)).collect()
    }

    /// For each word (given by the hash of its form, in title case in a headline of capitals),
    /// the longest learned name covering it: whether it starts there, and its type's hash.
    fn labels(&self, words: &[u64]) -> Vec<Option<(bool, u64)>> {
        let mut out = vec![None; words.len()];
        let mut i = 0;
        while i < words.len() {
            let mut h = 0;
            let mut best = None;
            for (end, w) in words.iter().enumerate().skip(i).take(self.longest) {
                h = sequence(h, *w);
                if let Some(kind) = self.names.get(&h) {
                    best = Some((end + 1, *kind));
                }
                if !self.beginnings.contains(&h) {
                    break;
                }
            }
            match best {
                Some((end, kind)) => {
                    for (k, slot) in out[i..end].iter_mut().enumerate() {
                        *slot = Some((k == 0, kind));
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

const OFFSETS: usize = WINDOW;
const HALF: usize = OFFSETS / 2;

/// What the tagger keeps of a word: hashes of its forms.
#[derive(Debug, Clone, Copy)]
struct Aux {
    lower: u64,
    word: u64,
    shape: u64,
    /// The word in title case, as a headline in capitals is compared.
    title: u64,
}

/// A part for a place past the sentence's ends, and for a word with no label.
const EDGE: u64 = 0;
const NONE: u64 = 1;

/// The word-only features of a word at each place of the window.
fn describe(word: Word<'_>, lists: &mut [Vec<u64>]) -> Aux {
    let w = match word {
        Word::Text(w) => w,
        Word::Start | Word::End => {
            let edge = word.edge(lists).unwrap_or_default();
            return Aux { lower: edge, word: edge, shape: EDGE, title: edge };
        }
    };
    let h = hash_str;
    let l = w.to_lowercase();
    let (lower, word, shape) = (h(&l), h(w), h(&shape(w)));
    lists[0].push(mix(9, &[lower]));
    lists[1].extend([mix(7, &[lower]), mix(11, &[shape])]);
    lists[2].extend([mix(0, &[]), mix(1, &[lower]), mix(2, &[word]), mix(3, &[shape])]);
    for k in 1..=4u64 {
        lists[2].push(mix(4, &[k, h(affix(&l, k as usize, false))]));
        lists[2].push(mix(5, &[k, h(affix(&l, k as usize, true))]));
    }
    lists[3].extend([mix(8, &[lower]), mix(12, &[shape])]);
    lists[4].push(mix(10, &[lower]));
    let title = if w.chars().any(char::is_lowercase) { word } else { h(&title_case(w)) };
    Aux { lower, word, shape, title }
}

/// What the features of a sentence read besides its words: part-of-speech tags, gazetteer and
/// learned-name labels, job titles before each word, and the document.
#[derive(Debug)]
pub struct Prepared<'a> {
    pos: Vec<u64>,
    gaz: Vec<u64>,
    learned: Vec<u64>,
    places: Vec<u64>,
    title_before: Vec<bool>,
    /// Positions where neither the word nor a neighbour has a capital: outside names.
    quiet: Vec<bool>,
    caps: bool,
    doc: &'a DocumentContext,
}

impl<'a> Prepared<'a> {
    /// Prepares a sentence: its words, their records' `aux` (padded), their part-of-speech tags.
    fn new(
        lexicon: &Lexicon,
        learned: &LearnedNames,
        words: &[&str],
        aux: &[Aux],
        pos: &[&str],
        doc: &'a DocumentContext,
    ) -> Self {
        let caps = is_caps_sentence(words);
        let mut title_before = vec![false; words.len()];
        let mut two = String::new();
        // titles are written with capitals; a user's list may hold others
        let any_case = lexicon.titles_in_lower_case;
        for i in 1..words.len() {
            if !any_case && !words[i - 1].starts_with(char::is_uppercase) {
                continue;
            }
            title_before[i] = lexicon.titles.contains_key(words[i - 1]) || {
                i >= 2 && {
                    two.clear();
                    two.push_str(words[i - 2]);
                    two.push(' ');
                    two.push_str(words[i - 1]);
                    lexicon.titles.contains_key(&two)
                }
            };
        }
        let label = |l: Option<(bool, u64)>| l.map_or(NONE, |(begin, kind)| mix(1, &[u64::from(begin), kind]));
        let forms: Vec<u64> =
            aux[HALF..HALF + words.len()].iter().map(|a| if caps { a.title } else { a.word }).collect();
        let places = learned.places(&forms);
        let gaz: Vec<u64> =
            gazetteer_labels(lexicon, words).into_iter().map(|g| label(g.map(|(b, k)| (b, hash_str(k))))).collect();
        let quiet = quiet(words, |i| places[i] != NONE || gaz[i] != NONE);
        Prepared {
            pos: pos.iter().map(|p| hash_str(p)).collect(),
            gaz,
            learned: learned.labels(&forms).into_iter().map(label).collect(),
            places,
            title_before,
            quiet,
            caps,
            doc,
        }
    }
}

/// Whether a word has a capital letter: ASCII words, most of news, without decoding.
fn has_capital(word: &str) -> bool {
    if word.is_ascii() { word.bytes().any(|b| b.is_ascii_uppercase()) } else { word.chars().any(char::is_uppercase) }
}

/// For each word: whether the tagger may call it O without scoring it. English writes names
/// with capitals, so a word without one is scored only where it could be a name's inner word
/// ("Bank of England", "Tour de France", "Mohammed bin Salman", "Schalke 04"): beside a
/// capital, and either followed by one, or with a digit, or a word of a known name
/// (`known`: the learned names' and the gazetteers'), or a closing bracket (Reuters writes
/// "<Anixter Bros Inc>"). On CoNLL-2003 dev the words with no capital beside them are 56% of
/// all tokens and hold 6 of the 8,600 tokens in names; the rest of the rule took dev F1 from
/// 90.24 to 90.29, mostly by keeping the word after a name out of it ("Kleinwort Benson
/// spokesman").
fn quiet(words: &[&str], known: impl Fn(usize) -> bool) -> Vec<bool> {
    let capital: Vec<bool> = words.iter().map(|w| has_capital(w)).collect();
    let at = |i: usize| capital.get(i).copied().unwrap_or(false);
    (0..words.len())
        .map(|i| {
            let beside = i.checked_sub(1).is_some_and(at) || at(i + 1);
            let w = words[i];
            let inner = at(i + 1) || known(i) || w.bytes().any(|b| b.is_ascii_digit()) || matches!(w, ">" | ")" | "]");
            !(capital[i] || beside && inner)
        })
        .collect()
}

fn affix(s: &str, n: usize, from_end: bool) -> &str {
    if from_end {
        let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
        &s[start..]
    } else {
        let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
        &s[..end]
    }
}

/// The name types given so far in the document to each word form (lower case): a word keeps
/// its reading through a story ("Clinton" at the start of a sentence, after "President
/// Clinton"), which a sentence alone often cannot tell.
#[derive(Debug, Default)]
struct History {
    seen: HashMap<u64, [u16; 5], BuildHasherDefault<IdentityHasher>>,
}

impl History {
    /// The type given most often to the form so far, as a feature part (NONE if never seen).
    fn part(&self, lower: u64) -> u64 {
        self.seen.get(&lower).map_or(NONE, |counts| {
            let best = (0..counts.len()).fold(0, |b, k| if counts[k] > counts[b] { k } else { b });
            best as u64 + 2
        })
    }

    fn add(&mut self, lower: u64, class: usize) {
        // O, then PER, ORG, LOC and MISC whether B- or I-
        let kind = class.div_ceil(2);
        self.seen.entry(lower).or_default()[kind] += 1;
    }
}

/// A tag as a feature part: 0 before the sentence, then the classes.
fn tag_part(tag: Option<usize>) -> u64 {
    tag.map_or(0, |t| t as u64 + 1)
}

/// The number of feature groups ([`groups`]).
const GROUPS: usize = 5;

/// Sentence-wide part `v` (tags, labels) `k` places from word `i`; EDGE past either end.
fn near(v: &[u64], i: usize, k: isize) -> u64 {
    i.checked_add_signed(k).and_then(|j| v.get(j)).copied().unwrap_or(EDGE)
}

/// What fixes each group of features of position `i`: parts that take few values together
/// (tags, part-of-speech tags, labels, shapes, flags), so a tagger scores each combination
/// once and remembers the sum ([`Perceptron::add_group`]). [`group_features`] makes a group's
/// features from its parts alone.
fn groups(
    p: &Prepared<'_>,
    aux: &[Aux],
    i: usize,
    (prev, prev2): (Option<usize>, Option<usize>),
    history: &History,
) -> [[u64; 6]; GROUPS] {
    let w = &aux[i + HALF];
    let get = |v: &[u64], k: isize| near(v, i, k);
    let (first, caps) = (u64::from(i == 0), u64::from(p.caps));
    let seen_lower = u64::from(p.doc.lower_seen.contains(&w.lower));
    let seen_capital = u64::from(p.doc.capital_inside.contains(if p.caps { &w.title } else { &w.word }));
    let (gaz, learned) = (&p.gaz, &p.learned);
    [
        [get(&p.pos, -1), get(&p.pos, 0), get(&p.pos, 1), 0, 0, 0],
        [get(&p.pos, 0), w.shape, caps, first, seen_lower, seen_capital],
        // most words have neither label, nor their neighbours: one group for both
        [get(gaz, -1), get(gaz, 0), get(gaz, 1), get(learned, -1), get(learned, 0), get(learned, 1)],
        [history.part(w.lower), first, u64::from(p.title_before[i]), 0, 0, 0],
        [tag_part(prev2), tag_part(prev), w.shape, get(&p.gaz, 0), 0, 0],
    ]
}

/// The features of group `g` with the given parts ([`groups`]).
fn group_features(g: usize, parts: &[u64; 6], out: &mut Vec<u64>) {
    let [a, b, c, d, e, f] = *parts;
    match g {
        // part-of-speech tags before, at and after the word
        0 => out.extend([mix(13, &[b]), mix(14, &[a]), mix(15, &[c]), mix(42, &[a, b]), mix(43, &[b, c])]),
        // its tag, shape, the headline's capitals, first place, and the document's other forms
        1 => out.extend([mix(6, &[d, b, c]), mix(16, &[a, b]), mix(28, &[e, f, b]), mix(29, &[c, b, a])]),
        // gazetteer and learned-name labels before, at and after the word
        2 => {
            out.extend([mix(21, &[b]), mix(22, &[a]), mix(23, &[c]), mix(31, &[e]), mix(32, &[d, e]), mix(33, &[e, f])])
        }
        // the type the document gave the word so far, and a job title before it
        3 => {
            out.extend([mix(34, &[a]), mix(35, &[a, b])]);
            if c == 1 {
                out.push(mix(27, &[]));
            }
        }
        // the two tags before, with the word's shape and gazetteer label
        _ => out.extend([mix(17, &[b]), mix(18, &[a, b]), mix(19, &[b, c]), mix(24, &[d, b])]),
    }
}

/// The features of position `i` outside the groups: those that read the words themselves,
/// and the places the words have in learned names, which take too many values together to
/// remember (47,000 combinations on the Reuters corpus, against 8,600 for all the groups).
fn word_context(p: &Prepared<'_>, aux: &[Aux], i: usize, prev: Option<usize>, out: &mut Vec<u64>) {
    let at = |k: isize| &aux[(i + HALF).wrapping_add_signed(k)];
    let w = at(0);
    let places = |k: isize| near(&p.places, i, k);
    out.extend([
        mix(36, &[places(0)]),
        mix(37, &[places(0), w.shape]),
        mix(38, &[places(-1)]),
        mix(39, &[places(1)]),
        mix(20, &[tag_part(prev), w.lower]),
        mix(25, &[at(-1).lower, w.lower]),
        mix(26, &[w.lower, at(1).lower]),
        mix(30, &[at(-1).shape, w.shape, at(1).shape]),
        mix(40, &[at(-1).lower, w.shape]),
        mix(41, &[w.shape, at(1).lower]),
    ]);
}

/// Every feature of position `i` that combines words or reads the tags, labels and document:
/// the groups' and the rest, as training sees them.
fn context(
    p: &Prepared<'_>,
    aux: &[Aux],
    i: usize,
    prevs: (Option<usize>, Option<usize>),
    history: &History,
    out: &mut Vec<u64>,
) {
    word_context(p, aux, i, prevs.0, out);
    for (g, parts) in groups(p, aux, i, prevs, history).iter().enumerate() {
        group_features(g, parts, out);
    }
}

fn allowed(prev: usize) -> impl Fn(usize) -> bool {
    move |c: usize| {
        let class = CLASSES[c];
        match class.strip_prefix("I-") {
            Some(kind) => CLASSES[prev].len() > 2 && &CLASSES[prev][2..] == kind,
            None => true,
        }
    }
}

/// Scores position `i`: the window's word vectors, the features that read words, and the
/// remembered sums of the groups.
fn score_position(
    model: &Perceptron,
    table: &mut WordTable<Aux>,
    (records, p, aux): (&[u32], &Prepared<'_>, &[Aux]),
    i: usize,
    prevs: (Option<usize>, Option<usize>),
    history: &History,
    (feats, scores): (&mut Vec<u64>, &mut [f32]),
) {
    feats.clear();
    word_context(p, aux, i, prevs.0, feats);
    model.score_window(table, records, i, feats, scores);
    for (g, parts) in groups(p, aux, i, prevs, history).iter().enumerate() {
        let key = mix(100 + g as u8, parts);
        model.add_group(table, key, |out| group_features(g, parts, out), scores);
    }
}

fn decode(
    model: &Perceptron,
    table: &mut WordTable<Aux>,
    records: &[u32],
    p: &Prepared<'_>,
    aux: &[Aux],
    history: &mut History,
) -> Vec<usize> {
    let n = p.pos.len();
    let mut out: Vec<usize> = Vec::with_capacity(n);
    let mut feats = Vec::with_capacity(32);
    let mut scores = [0.0f32; CLASSES.len()];
    for i in 0..n {
        if p.quiet[i] {
            out.push(0);
            continue;
        }
        let prev = i.checked_sub(1).map(|j| out[j]);
        let prevs = (prev, i.checked_sub(2).map(|j| out[j]));
        score_position(model, table, (records, p, aux), i, prevs, history, (&mut feats, &mut scores));
        out.push(argmax(&scores, Some(&allowed(prev.unwrap_or(0)))));
    }
    for (i, class) in out.iter().enumerate() {
        history.add(aux[i + HALF].lower, *class);
    }
    out
}

/// Gold and predicted tags of each sentence.
pub type TagPairs = Vec<(Vec<String>, Vec<String>)>;

/// Precision, recall and F1 per type and overall, as conlleval counts exact spans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// (type, gold spans, predicted spans, correct spans), per type and "overall" last.
    pub rows: Vec<(String, usize, usize, usize)>,
}

impl Scores {
    /// Overall F1.
    pub fn f1(&self) -> f64 {
        self.rows.last().map_or(0.0, |(_, g, p, c)| f1(*g, *p, *c))
    }

    /// A table for people.
    pub fn table(&self) -> String {
        let mut s =
            format!("{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}\n", "type", "precision", "recall", "F1", "gold", "found");
        for (kind, g, p, c) in &self.rows {
            let precision = if *p > 0 { *c as f64 / *p as f64 } else { 0.0 };
            let recall = if *g > 0 { *c as f64 / *g as f64 } else { 0.0 };
            s.push_str(&format!(
                "{kind:<8} {:>8.2}% {:>8.2}% {:>8.2}% {g:>7} {p:>7}\n",
                precision * 100.0,
                recall * 100.0,
                f1(*g, *p, *c) * 100.0
            ));
        }
        s
    }
}

fn f1(g: usize, p: usize, c: usize) -> f64 {
    if g == 0 || p == 0 || c == 0 {
        return 0.0;
    }
    let (precision, recall) = (c as f64 / p as f64, c as f64 / g as f64);
    2.0 * precision * recall / (precision + recall)
}

/// Counts spans of gold against predicted BIO sequences.
pub fn score(pairs: &[(Vec<String>, Vec<String>)]) -> Scores {
    let mut counts: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for (gold, predicted) in pairs {
        let g = spans(gold);
        let p = spans(predicted);
        let gs: HashSet<&(usize, usize, String)> = g.iter().collect();
        for span in &g {
            counts.entry(span.2.clone()).or_default().0 += 1;
        }
        for span in &p {
            let e = counts.entry(span.2.clone()).or_default();
            e.1 += 1;
            if gs.contains(span) {
                e.2 += 1;
            }
        }
    }
    let mut rows: Vec<(String, usize, usize, usize)> = counts.into_iter().map(|(k, (g, p, c))| (k, g, p, c)).collect();
    rows.sort();
    let total = rows.iter().fold((0, 0, 0), |a, r| (a.0 + r.1, a.1 + r.2, a.2 + r.3));
    rows.push(("overall".into(), total.0, total.1, total.2));
    Scores { rows }
}

/// Documents are split into this many folds: each learns with the names of the other folds
/// only, as a new document would meet them.
const FOLDS: usize = 5;

/// A training sentence with everything its features read.
struct Example<'a> {
    described: Described<Aux>,
    prepared: Prepared<'a>,
    gold: Vec<usize>,
}

fn train_pass(examples: &[Vec<Example<'_>>], iterations: usize, progress: &dyn Fn(usize, f64)) -> Perceptron {
    let mut trainer = Trainer::new(KIND, CLASSES.iter().map(|c| (*c).to_owned()).collect());
    // documents in a shuffled order, each read from its start as the tagger reads it, so the
    // history features see the model's own earlier guesses
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(0x4e45);
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0.0f32; CLASSES.len()];
    for pass in 0..iterations {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &d in &order {
            let mut history = History::default();
            for e in &examples[d] {
                let mut guessed: Vec<usize> = Vec::with_capacity(e.gold.len());
                for (i, truth) in e.gold.iter().enumerate() {
                    let prev = i.checked_sub(1).map(|j| guessed[j]);
                    feats.clear();
                    e.described.window(i, &mut feats);
                    let before = (prev, i.checked_sub(2).map(|j| guessed[j]));
                    context(&e.prepared, &e.described.aux, i, before, &history, &mut feats);
                    trainer.score(&feats, &mut scores);
                    let guess = argmax(&scores, Some(&allowed(prev.unwrap_or(0))));
                    trainer.tick();
                    trainer.update(*truth, guess, &feats);
                    right += usize::from(guess == *truth);
                    total += 1;
                    guessed.push(guess);
                }
                for (i, class) in guessed.iter().enumerate() {
                    history.add(e.described.aux[i + HALF].lower, *class);
                }
            }
        }
        progress(pass + 1, right as f64 / total.max(1) as f64);
    }
    trainer.average()
}

impl NerModel {
    /// Reads a model file.
    pub fn load(bytes: &[u8]) -> Result<Self, crate::perceptron::ModelError> {
        let model = Perceptron::load(bytes, KIND)?;
        let learned = LearnedNames::from_entries(&model.extra);
        Ok(Self { model, learned })
    }

    /// Writes the model file.
    pub fn save(&self, out: impl std::io::Write) -> std::io::Result<()> {
        self.model.save(out)
    }

    /// The number of weighted features.
    pub fn features(&self) -> usize {
        self.model.len()
    }

    /// Tags the sentences of one document (words with their part-of-speech tags): BIO names.
    pub fn tag_document(&self, lexicon: &Lexicon, sentences: &[(Vec<&str>, Vec<&str>)]) -> Vec<Vec<&'static str>> {
        let doc = DocumentContext::of(sentences.iter().map(|(w, _)| w.as_slice()));
        self.model.with_words(OFFSETS, |table| {
            let mut records = Vec::new();
            let mut history = History::default();
            sentences
                .iter()
                .map(|(w, pos)| {
                    table.records(&self.model, w, &describe, &mut records);
                    let aux: Vec<Aux> = records.iter().map(|r| *table.aux(*r)).collect();
                    let prepared = Prepared::new(lexicon, &self.learned, w, &aux, pos, &doc);
                    decode(&self.model, table, &records, &prepared, &aux, &mut history)
                        .into_iter()
                        .map(|c| CLASSES[c])
                        .collect()
                })
                .collect()
        })
    }

    /// Learns from documents of gold sentences, with parts of speech from `pos`. `progress`
    /// hears the pass and its training accuracy.
    pub fn train(
        lexicon: &Lexicon,
        pos: &PosModel,
        documents: &[Vec<Tagged>],
        iterations: usize,
        progress: &dyn Fn(usize, f64),
    ) -> Self {
        let corpus = prepare_all(pos, documents);
        let learned: Vec<LearnedNames> = (0..FOLDS)
            .map(|fold| {
                LearnedNames::of(documents.iter().enumerate().filter(|(d, _)| d % FOLDS != fold).map(|(_, doc)| doc))
            })
            .collect();
        let examples: Vec<Vec<Example<'_>>> = documents
            .iter()
            .enumerate()
            .map(|(d, doc)| {
                doc.iter()
                    .enumerate()
                    .map(|(s, sentence)| {
                        let words = &corpus.words[d][s];
                        let described = Described::new(words, OFFSETS, &describe);
                        let pos: Vec<&str> = corpus.pos[d][s].iter().map(String::as_str).collect();
                        let prepared = Prepared::new(
                            lexicon,
                            &learned[d % FOLDS],
                            words,
                            &described.aux,
                            &pos,
                            &corpus.context[d],
                        );
                        let gold =
                            sentence.tags.iter().map(|t| CLASSES.iter().position(|c| c == t).unwrap_or(0)).collect();
                        Example { described, prepared, gold }
                    })
                    .collect()
            })
            .collect();
        let mut model = train_pass(&examples, iterations, progress);
        let names = LearnedNames::of(documents.iter());
        model.extra = names.entries();
        Self { model, learned: names }
    }

    /// Scores the model on gold documents; also returns each sentence's (gold, predicted) tags.
    pub fn evaluate(&self, lexicon: &Lexicon, pos: &PosModel, documents: &[Vec<Tagged>]) -> (Scores, TagPairs) {
        let corpus = prepare_all(pos, documents);
        let mut pairs = Vec::new();
        for (d, doc) in documents.iter().enumerate() {
            let sentences: Vec<(Vec<&str>, Vec<&str>)> = corpus.words[d]
                .iter()
                .zip(&corpus.pos[d])
                .map(|(w, p)| (w.clone(), p.iter().map(String::as_str).collect()))
                .collect();
            let tagged = self.tag_document(lexicon, &sentences);
            for (sentence, predicted) in doc.iter().zip(tagged) {
                pairs.push((sentence.tags.clone(), predicted.into_iter().map(str::to_owned).collect()));
            }
        }
        (score(&pairs), pairs)
    }
}

struct PreparedCorpus<'a> {
    words: Vec<Vec<Vec<&'a str>>>,
    pos: Vec<Vec<Vec<String>>>,
    context: Vec<DocumentContext>,
}

fn prepare_all<'a>(pos: &PosModel, documents: &'a [Vec<Tagged>]) -> PreparedCorpus<'a> {
    let words: Vec<Vec<Vec<&str>>> =
        documents.iter().map(|d| d.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect()).collect();
    let tags = words
        .iter()
        .map(|d| d.iter().map(|s| pos.tag_fast(s).into_iter().map(|t| pos.classes()[t].clone()).collect()).collect())
        .collect();
    let context = words.iter().map(|d| DocumentContext::of(d.iter().map(Vec::as_slice))).collect();
    PreparedCorpus { words, pos: tags, context }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_groups_score_as_every_feature_would() {
        // the groups' sums stand in for their features: same scores to the last step, for
        // every tag that could come before, in a headline of capitals and in plain text
        let lexicon = Lexicon::shipped().expect("data");
        let models = crate::tag::Models::shipped().expect("models");
        let model = &models.ner.model;
        let sentences: [&[&str]; 3] = [
            &["Deputy", "Foreign", "Minister", "Sergei", "Ryabkov", "told", "RIA", "in", "Moscow", "."],
            &["IRAN", "DENIES", "SENDING", "DRONES", "TO", "RUSSIA"],
            &["Ryabkov", "said", "the", "Bank", "of", "England", "and", "Iranian", "firms", "met", "."],
        ];
        let words: Vec<Vec<&str>> = sentences.iter().map(|s| s.to_vec()).collect();
        let doc = DocumentContext::of(words.iter().map(Vec::as_slice));
        let mut history = History::default();
        let (mut feats, mut full, mut remembered) = (Vec::new(), [0.0f32; 9], [0.0f32; 9]);
        let mut compared = 0;
        model.with_words(OFFSETS, |table| {
            let mut records = Vec::new();
            for w in &words {
                let pos: Vec<&str> =
                    models.pos.tag_fast(w).into_iter().map(|t| models.pos.classes()[t].as_str()).collect();
                table.records(model, w, &describe, &mut records);
                let aux: Vec<Aux> = records.iter().map(|r| *table.aux(*r)).collect();
                let p = Prepared::new(&lexicon, &models.ner.learned, w, &aux, &pos, &doc);
                for i in 0..w.len() {
                    for prev in 0..CLASSES.len() {
                        let prevs = (i.checked_sub(1).map(|_| prev), i.checked_sub(2).map(|_| (prev + 3) % 9));
                        let into = (&mut feats, &mut remembered[..]);
                        score_position(model, table, (&records, &p, &aux), i, prevs, &history, into);
                        feats.clear();
                        context(&p, &aux, i, prevs, &history, &mut feats);
                        model.score_window(table, &records, i, &feats, &mut full);
                        assert_eq!(full, remembered, "{w:?} at {i} after {prev}");
                        compared += 1;
                    }
                }
                let tags = decode(model, table, &records, &p, &aux, &mut history);
                assert_eq!(tags.len(), w.len());
            }
        });
        assert!(compared > 200);
    }

    #[test]
    fn small_words_are_scored_only_where_a_name_could_go_on() {
        let words = ["Russia", "has", "denied", "it", "and", "Mohammed", "bin", "Salman", "met", "von", "der", "Leyen"];
        let words =
            [&words[..], &["at", "Schalke", "04", "on", "Sunday", ",", "its", "über", "Team", "said", "."]].concat();
        let words = [&words[..], &["<", "Anixter", "Inc", ">", "agreed"]].concat();
        let der = words.iter().position(|w| *w == "der").unwrap_or(0);
        let quiet = quiet(&words, |i| i == der);
        let scored: Vec<&str> = words.iter().zip(&quiet).filter(|(_, q)| !**q).map(|(w, _)| *w).collect();
        // "has" and "met" follow a name and no name goes on through them; "von" is lost
        // unless a known name holds it
        let expected = ["Russia", "and", "Mohammed", "bin", "Salman", "der", "Leyen", "at", "Schalke", "04", "on"];
        let expected = [&expected[..], &["Sunday", "über", "Team", "<", "Anixter", "Inc", ">"]].concat();
        assert_eq!(scored, expected);
        assert!(has_capital("Über") && !has_capital("über") && has_capital("McDonald") && !has_capital("04"));
    }

    #[test]
    fn decoding_never_opens_with_inside() {
        let p = allowed(0);
        assert!(p(1) && !p(2) && !p(4));
        let after_per = allowed(1);
        assert!(after_per(2) && !after_per(4));
    }

    #[test]
    fn gazetteer_labels_find_known_names() {
        let lexicon = Lexicon::shipped().expect("data");
        let words = ["The", "United", "States", "urged", "Iranian", "officials"];
        let labels = gazetteer_labels(&lexicon, &words);
        assert_eq!(labels[1], Some((true, "COUNTRY")));
        assert_eq!(labels[2], Some((false, "COUNTRY")));
        assert_eq!(labels[4], Some((true, "DEMONYM")));
        assert_eq!(labels[3], None);
    }

    #[test]
    fn scores_count_exact_spans() {
        let t = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let scores = score(&[(t(&["B-PER", "I-PER", "O", "B-LOC"]), t(&["B-PER", "O", "O", "B-LOC"]))]);
        let overall = scores.rows.last().expect("overall");
        assert_eq!((overall.1, overall.2, overall.3), (2, 2, 1));
        assert!((scores.f1() - 0.5).abs() < 1e-9);
    }
}
