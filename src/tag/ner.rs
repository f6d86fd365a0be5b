//! The name model: an averaged perceptron tagging BIO names (PER, ORG, LOC, MISC) from the
//! word, its shape, affixes and neighbours, the part-of-speech tags, the gazetteers, and how
//! the same word is written elsewhere in the document. Decoding is greedy, left to right, and
//! never emits I-X except after B-X or I-X.

use crate::corpus::{Tagged, spans};
use crate::lexicon::{Lexicon, NameTarget};
use crate::perceptron::{Perceptron, Rng, Trainer, argmax, feature};
use crate::tag::pos::{PosModel, shape};
use crate::tag::{longest_match, title_case};
use std::collections::{HashMap, HashSet};

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
    /// Lower-case forms seen in lower case somewhere in the document.
    lower_seen: HashSet<String>,
    /// Forms seen capitalised away from the start of a sentence.
    capital_inside: HashSet<String>,
}

impl DocumentContext {
    /// Gathers the context of a document's sentences.
    pub fn of(sentences: &[Vec<&str>]) -> Self {
        let mut c = Self::default();
        for s in sentences {
            let caps = is_caps_sentence(s);
            for (i, w) in s.iter().enumerate() {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    c.lower_seen.insert((*w).to_owned());
                } else if i > 0 && !caps && w.chars().next().is_some_and(char::is_uppercase) {
                    c.capital_inside.insert((*w).to_owned());
                }
            }
        }
        c
    }
}

fn is_caps_sentence(words: &[&str]) -> bool {
    let letters = words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic()).count();
    letters > 6 && words.iter().flat_map(|w| w.chars()).all(|c| !c.is_lowercase())
}

/// Gazetteer labels of a sentence's words: for each word, the kind of the longest known name
/// covering it and whether the name starts there ("B-COUNTRY", "I-ORG", "B-DEMONYM").
pub fn gazetteer_labels(lexicon: &Lexicon, words: &[&str]) -> Vec<Option<String>> {
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
                let found = if caps { lexicon.names.get(&title_case(key)) } else { lexicon.names.get(key) };
                found.and_then(|t| t.first()).copied()
            },
        );
        match best {
            Some((end, target)) => {
                let kind = match target {
                    NameTarget::Country(_) => "COUNTRY".to_owned(),
                    NameTarget::Demonym(_) => "DEMONYM".to_owned(),
                    NameTarget::Capital(_) => "CAPITAL".to_owned(),
                    NameTarget::Entity(e) => lexicon.entities[e].kind.conll().to_owned(),
                };
                for (k, slot) in out[i..end].iter_mut().enumerate() {
                    *slot = Some(format!("{}-{kind}", if k == 0 { "B" } else { "I" }));
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
    names: HashMap<String, String>,
    longest: usize,
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
        let mut names = HashMap::new();
        let mut longest = 0;
        for (name, kinds) in counts {
            longest = longest.max(name.split(' ').count());
            names.insert(name, majority(kinds));
        }
        Self { names, longest }
    }

    fn entries(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self.names.iter().map(|(k, t)| (format!("name\t{k}"), t.clone())).collect();
        v.sort();
        v
    }

    fn from_entries(entries: &[(String, String)]) -> Self {
        let names: HashMap<String, String> =
            entries.iter().filter_map(|(k, v)| k.strip_prefix("name\t").map(|n| (n.to_owned(), v.clone()))).collect();
        let longest = names.keys().map(|k| k.split(' ').count()).max().unwrap_or(0);
        Self { names, longest }
    }

    /// For each word, the type of the longest learned name covering it, with B- or I-.
    fn labels(&self, words: &[&str]) -> Vec<Option<String>> {
        let mut out = vec![None; words.len()];
        // a headline in capitals names things as the body does: compare in title case
        let caps = is_caps_sentence(words);
        let mut i = 0;
        while i < words.len() {
            let best = longest_match(
                i,
                words.len(),
                self.longest,
                |k| words[k],
                |key, _| {
                    if caps { self.names.get(&title_case(key)) } else { self.names.get(key) }
                },
            );
            match best {
                Some((end, kind)) => {
                    for (k, slot) in out[i..end].iter_mut().enumerate() {
                        *slot = Some(format!("{}-{kind}", if k == 0 { "B" } else { "I" }));
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// A sentence ready for feature extraction.
#[derive(Debug)]
pub struct Prepared<'a> {
    words: &'a [&'a str],
    lower: Vec<String>,
    shape: Vec<String>,
    pos: Vec<&'a str>,
    gaz: Vec<Option<String>>,
    learned: Vec<Option<String>>,
    title_before: Vec<bool>,
    caps: bool,
}

impl<'a> Prepared<'a> {
    /// Prepares words with their part-of-speech tags.
    pub fn new(lexicon: &Lexicon, learned: &LearnedNames, words: &'a [&'a str], pos: Vec<&'a str>) -> Self {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut title_before = vec![false; words.len()];
        for i in 1..words.len() {
            title_before[i] = lexicon.titles.contains_key(words[i - 1])
                || i >= 2 && lexicon.titles.contains_key(&format!("{} {}", words[i - 2], words[i - 1]));
        }
        Prepared {
            words,
            shape: words.iter().map(|w| shape(w)).collect(),
            gaz: gazetteer_labels(lexicon, words),
            learned: learned.labels(words),
            caps: is_caps_sentence(words),
            lower,
            pos,
            title_before,
        }
    }
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

fn features<'a>(p: &'a Prepared<'_>, doc: &DocumentContext, i: usize, prev: &str, prev2: &str, out: &mut Vec<u64>) {
    out.clear();
    let n = p.words.len();
    let lower = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            "<s>"
        } else if j as usize >= n {
            "</s>"
        } else {
            &p.lower[j as usize]
        }
    };
    let get = |v: &'a [String], k: isize| -> &'a str {
        let j = i as isize + k;
        if j < 0 || j as usize >= n { "_" } else { &v[j as usize] }
    };
    let pos = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 || j as usize >= n { "_" } else { p.pos[j as usize] }
    };
    let gaz = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 || j as usize >= n { "_" } else { p.gaz[j as usize].as_deref().unwrap_or("-") }
    };
    let w = p.words[i];
    let l = lower(0);
    let caps = if p.caps { "caps" } else { "mixed" };
    out.push(feature(0, &[]));
    out.push(feature(1, &[l]));
    out.push(feature(2, &[w]));
    out.push(feature(3, &[&p.shape[i]]));
    for (k, name) in ["1", "2", "3", "4"].iter().enumerate() {
        out.push(feature(4, &[name, affix(l, k + 1, false)]));
        out.push(feature(5, &[name, affix(l, k + 1, true)]));
    }
    out.push(feature(6, &[if i == 0 { "first" } else { "inner" }, &p.shape[i], caps]));
    out.push(feature(7, &[lower(-1)]));
    out.push(feature(8, &[lower(1)]));
    out.push(feature(9, &[lower(-2)]));
    out.push(feature(10, &[lower(2)]));
    out.push(feature(11, &[get(&p.shape, -1)]));
    out.push(feature(12, &[get(&p.shape, 1)]));
    out.push(feature(13, &[pos(0)]));
    out.push(feature(14, &[pos(-1)]));
    out.push(feature(15, &[pos(1)]));
    out.push(feature(16, &[pos(0), &p.shape[i]]));
    out.push(feature(17, &[prev]));
    out.push(feature(18, &[prev2, prev]));
    out.push(feature(19, &[prev, &p.shape[i]]));
    out.push(feature(20, &[prev, l]));
    out.push(feature(21, &[gaz(0)]));
    out.push(feature(22, &[gaz(-1)]));
    out.push(feature(23, &[gaz(1)]));
    out.push(feature(24, &[gaz(0), prev]));
    out.push(feature(25, &[lower(-1), l]));
    out.push(feature(26, &[l, lower(1)]));
    if p.title_before[i] {
        out.push(feature(27, &[]));
    }
    let seen_lower = doc.lower_seen.contains(l);
    let seen_capital =
        if p.caps { doc.capital_inside.contains(&title_case(w)) } else { doc.capital_inside.contains(w) };
    out.push(feature(
        28,
        &[if seen_lower { "lower" } else { "-" }, if seen_capital { "capital" } else { "-" }, &p.shape[i]],
    ));
    out.push(feature(29, &[caps, &p.shape[i], pos(0)]));
    out.push(feature(30, &[get(&p.shape, -1), &p.shape[i], get(&p.shape, 1)]));
    let learned = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 || j as usize >= n { "_" } else { p.learned[j as usize].as_deref().unwrap_or("-") }
    };
    out.push(feature(31, &[learned(0)]));
    out.push(feature(32, &[learned(-1), learned(0)]));
    out.push(feature(33, &[learned(0), learned(1)]));
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

fn decode(model: &Perceptron, p: &Prepared<'_>, doc: &DocumentContext) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(p.words.len());
    let mut feats = Vec::with_capacity(48);
    let mut scores = [0.0f32; CLASSES.len()];
    for i in 0..p.words.len() {
        let prev = if i >= 1 { out[i - 1] } else { 0 };
        let prev2 = if i >= 2 { CLASSES[out[i - 2]] } else { "<s>" };
        features(p, doc, i, if i >= 1 { CLASSES[prev] } else { "<s>" }, prev2, &mut feats);
        model.score(&feats, &mut scores);
        out.push(argmax(&scores, Some(&allowed(prev))));
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

/// What every training pass reads.
struct Training<'a> {
    lexicon: &'a Lexicon,
    learned: &'a [LearnedNames],
    corpus: &'a PreparedCorpus<'a>,
    documents: &'a [Vec<Tagged>],
}

fn train_pass(data: &Training<'_>, iterations: usize, progress: &dyn Fn(usize, f64)) -> Perceptron {
    let Training { lexicon, learned, corpus, documents } = *data;
    let mut trainer = Trainer::new(KIND, CLASSES.iter().map(|c| (*c).to_owned()).collect());
    let mut order: Vec<(usize, usize)> =
        documents.iter().enumerate().flat_map(|(d, doc)| (0..doc.len()).map(move |s| (d, s))).collect();
    let mut rng = Rng::new(0x4e45);
    let mut feats = Vec::with_capacity(48);
    let mut scores = [0.0f32; CLASSES.len()];
    for pass in 0..iterations {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &(d, s) in &order {
            let words = &corpus.words[d][s];
            let p = Prepared::new(
                lexicon,
                &learned[d % FOLDS],
                words,
                corpus.pos[d][s].iter().map(String::as_str).collect(),
            );
            let gold = &documents[d][s].tags;
            let mut guessed: Vec<usize> = Vec::with_capacity(words.len());
            for i in 0..words.len() {
                let prev = if i >= 1 { guessed[i - 1] } else { 0 };
                let prev2 = if i >= 2 { CLASSES[guessed[i - 2]] } else { "<s>" };
                features(&p, &corpus.context[d], i, if i >= 1 { CLASSES[prev] } else { "<s>" }, prev2, &mut feats);
                trainer.score(&feats, &mut scores);
                let guess = argmax(&scores, Some(&allowed(prev)));
                let truth = CLASSES.iter().position(|c| *c == gold[i]).unwrap_or(0);
                trainer.tick();
                trainer.update(truth, guess, &feats);
                right += usize::from(guess == truth);
                total += 1;
                guessed.push(guess);
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
        let words: Vec<Vec<&str>> = sentences.iter().map(|(w, _)| w.clone()).collect();
        let context = DocumentContext::of(&words);
        sentences
            .iter()
            .map(|(w, p)| {
                let prepared = Prepared::new(lexicon, &self.learned, w, p.clone());
                decode(&self.model, &prepared, &context).into_iter().map(|c| CLASSES[c]).collect()
            })
            .collect()
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
        let data = Training { lexicon, learned: &learned, corpus: &corpus, documents };
        let mut model = train_pass(&data, iterations, progress);
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
    let context = words.iter().map(|d| DocumentContext::of(d)).collect();
    PreparedCorpus { words, pos: tags, context }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(labels[1].as_deref(), Some("B-COUNTRY"));
        assert_eq!(labels[2].as_deref(), Some("I-COUNTRY"));
        assert_eq!(labels[4].as_deref(), Some("B-DEMONYM"));
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
