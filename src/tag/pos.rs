//! The part-of-speech model: an averaged perceptron over the word, its shape, prefixes and
//! suffixes, its neighbours and the two tags before it (greedy, left to right), trained on UD
//! English EWT. Predicts UPOS.

use crate::corpus::Tagged;
use crate::lexicon::WordMap;
use crate::perceptron::{Described, Perceptron, Rng, Trainer, WINDOW, Word, WordTable, argmax, hash_str, mix};

/// The model kind written in its file.
pub const KIND: &str = "pos-upos";

/// A trained part-of-speech tagger.
#[derive(Debug, Clone)]
pub struct PosModel {
    model: Perceptron,
    /// The second pass, read from `second_bytes` (checked on load) the first time it is used:
    /// the pipeline runs the first pass alone, and should not wait for a model it never reads.
    second: std::sync::OnceLock<Perceptron>,
    second_bytes: std::sync::Arc<[u8]>,
    /// The tags each frequent word was seen with ("NOUN|VERB"), its ambiguity class.
    dictionary: WordMap<String>,
    /// The words whose tag is given without scoring, and the tag.
    fixed: WordMap<String>,
}

/// Words seen this often in training get their ambiguity class in the dictionary.
const DICTIONARY_MIN: usize = 3;

/// A word of a closed class gets its tag without scoring when training saw it this often, and
/// with that tag at least this share of the time ("the", "of", ","): the model would give the
/// same, and a third of news tokens are such words.
const FIXED_MIN: usize = 50;
const FIXED_SHARE: f64 = 0.995;

/// Classes whose members are few and listed: a word nearly always one of them is that,
/// whatever its neighbours.
const CLOSED: &[&str] = &["ADP", "AUX", "CCONJ", "DET", "PART", "PRON", "PUNCT", "SCONJ"];

/// Marks a fixed-tag entry among the model file's extra entries (no word holds a tab).
const FIXED_MARK: char = '\t';

/// The ambiguity class of each frequent word, and the fixed tag of each word that has one
/// (keys marked with [`FIXED_MARK`]), sorted, as the model file keeps them.
fn build_dictionary(sentences: &[Tagged]) -> Vec<(String, String)> {
    let mut seen: std::collections::BTreeMap<String, std::collections::BTreeMap<&str, usize>> = Default::default();
    for s in sentences {
        for (w, t) in s.words.iter().zip(&s.tags) {
            *seen.entry(normalise(w)).or_default().entry(t).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (w, tags) in seen {
        let n: usize = tags.values().sum();
        if n < DICTIONARY_MIN {
            continue;
        }
        let (top, count) = tags.iter().fold(("", 0), |b, (t, c)| if *c > b.1 { (*t, *c) } else { b });
        if n >= FIXED_MIN && count as f64 >= FIXED_SHARE * n as f64 && CLOSED.contains(&top) {
            out.push((format!("{FIXED_MARK}{w}"), top.to_owned()));
        }
        out.push((w, tags.into_keys().collect::<Vec<_>>().join("|")));
    }
    out.sort();
    out
}

/// Splits a model file's extra entries into the ambiguity classes and the fixed tags.
fn split_dictionary(extra: Vec<(String, String)>) -> (WordMap<String>, WordMap<String>) {
    let (fixed, classes): (Vec<_>, Vec<_>) = extra.into_iter().partition(|(k, _)| k.starts_with(FIXED_MARK));
    let fixed = fixed.into_iter().map(|(k, v)| (k[FIXED_MARK.len_utf8()..].to_owned(), v)).collect();
    (classes.into_iter().collect(), fixed)
}

fn normalise(word: &str) -> String {
    if word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) {
        "!YEAR".into()
    } else if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        "!DIGITS".into()
    } else {
        word.to_lowercase()
    }
}

/// The shape of a word: capitals as X, lower case as x, digits as d, runs shortened to two.
pub fn shape(word: &str) -> String {
    let mut out = String::with_capacity(6);
    let mut last = ' ';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 0;
            last = s;
        }
        if run < 2 {
            out.push(s);
        }
    }
    out
}

fn suffix(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

const OFFSETS: usize = WINDOW;
const HALF: usize = OFFSETS / 2;

/// What the tagger keeps of a word for the features that combine it with others: hashes of
/// its normalised form, its ambiguity class and its shape.
#[derive(Debug, Clone, Copy)]
struct Aux {
    norm: u64,
    class: u64,
    shape: u64,
    /// The tag given without scoring ([`FIXED_MIN`]), if any.
    fixed: Option<u8>,
}

/// A tag as a feature part: 0 before the sentence, 1 after it, then the classes.
fn tag_part(tag: Option<usize>) -> u64 {
    tag.map_or(0, |t| t as u64 + 2)
}
const AFTER: u64 = 1;

impl PosModel {
    /// The word-only features of a word at each place of the window.
    fn describe(&self, word: Word<'_>, lists: &mut [Vec<u64>]) -> Aux {
        describe(&self.dictionary, &self.fixed, &self.model.classes, word, lists)
    }
}

fn describe(
    dictionary: &WordMap<String>,
    fixed: &WordMap<String>,
    classes: &[String],
    word: Word<'_>,
    lists: &mut [Vec<u64>],
) -> Aux {
    let original = match word {
        Word::Text(w) => w,
        Word::Start | Word::End => {
            let edge = word.edge(lists).unwrap_or_default();
            return Aux { norm: edge, class: edge, shape: edge, fixed: None };
        }
    };
    let w = normalise(original);
    let class = dictionary.get(&w).map_or("?", String::as_str);
    let shape = shape(original);
    let h = hash_str;
    let (norm, class_h, shape_h) = (h(&w), h(class), h(&shape));
    let suffix3 = h(suffix(&w, 3));
    // two before the tagged word
    lists[0].extend([mix(15, &[norm])]);
    // just before it
    lists[1].extend([mix(13, &[norm]), mix(14, &[suffix3]), mix(26, &[class_h])]);
    // the word itself
    lists[2].extend([
        mix(0, &[]),
        mix(1, &[norm]),
        mix(2, &[suffix3]),
        mix(3, &[h(suffix(&w, 2))]),
        mix(4, &[h(suffix(&w, 1))]),
        mix(5, &[h(suffix(&w, 4))]),
        mix(6, &[h(prefix(original, 1))]),
        mix(7, &[h(prefix(&w, 2))]),
        mix(8, &[h(prefix(&w, 3))]),
        mix(9, &[shape_h]),
        mix(24, &[class_h]),
        mix(30, &[h(original)]),
    ]);
    if original.contains('-') {
        lists[2].push(mix(23, &[]));
    }
    // just after it
    lists[3].extend([mix(16, &[norm]), mix(17, &[suffix3]), mix(22, &[shape_h]), mix(25, &[class_h])]);
    // two after it
    lists[4].extend([mix(18, &[norm]), mix(29, &[class_h])]);
    let fixed = fixed
        .get(&w)
        .and_then(|tag| classes.binary_search_by(|c| c.as_str().cmp(tag)).ok())
        .and_then(|t| u8::try_from(t).ok());
    Aux { norm, class: class_h, shape: shape_h, fixed }
}

/// Features of position `i` (of the padded `aux`: the word is `aux[i + HALF]`) that combine
/// words or read the tags before it.
fn context(aux: &[Aux], i: usize, prev: Option<usize>, prev2: Option<usize>, out: &mut Vec<u64>) {
    tag_features(tag_part(prev2), tag_part(prev), out);
    word_context(aux, i, prev, out);
}

/// The features of the two tags before the word alone: they take few values, so the tagger
/// scores each pair once and remembers the sum ([`Perceptron::add_group`]).
fn tag_features(prev2: u64, prev: u64, out: &mut Vec<u64>) {
    out.extend([mix(10, &[prev]), mix(11, &[prev2, prev])]);
}

/// The rest of [`context`]: the features that read the words.
fn word_context(aux: &[Aux], i: usize, prev: Option<usize>, out: &mut Vec<u64>) {
    let at = |k: isize| &aux[(i + HALF).wrapping_add_signed(k)];
    let (w, prev) = (at(0), tag_part(prev));
    out.extend([
        mix(12, &[prev, w.norm]),
        mix(19, &[at(-1).norm, w.norm]),
        mix(20, &[w.norm, at(1).norm]),
        mix(21, &[u64::from(i == 0), w.shape]),
        mix(27, &[w.class, at(1).class]),
        mix(28, &[prev, w.class]),
    ]);
}

/// The second pass's features: the first pass's tags to the right as well as the left.
fn second_context(aux: &[Aux], first: &[usize], i: usize, out: &mut Vec<u64>) {
    let t = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            0
        } else if j as usize >= first.len() {
            AFTER
        } else {
            tag_part(Some(first[j as usize]))
        }
    };
    let w = aux[i + HALF].norm;
    out.extend([
        mix(40, &[t(0)]),
        mix(41, &[t(1)]),
        mix(42, &[t(2)]),
        mix(43, &[t(1), w]),
        mix(44, &[t(-1), t(1)]),
        mix(45, &[t(0), t(1)]),
        mix(46, &[t(0), w]),
    ]);
}

/// Scores position `i`: the window's word vectors, the features that read words (and the
/// first pass's tags), and the remembered sum for the two tags before it.
fn score_position(
    model: &Perceptron,
    table: &mut WordTable<Aux>,
    (records, aux, first): (&[u32], &[Aux], Option<&[usize]>),
    i: usize,
    (prev, prev2): (Option<usize>, Option<usize>),
    (feats, scores): (&mut Vec<u64>, &mut [f32]),
) {
    feats.clear();
    word_context(aux, i, prev, feats);
    if let Some(first) = first {
        second_context(aux, first, i, feats);
    }
    model.score_window(table, records, i, feats, scores);
    let (prev2, prev) = (tag_part(prev2), tag_part(prev));
    model.add_group(table, mix(100, &[prev2, prev]), |f| tag_features(prev2, prev, f), scores);
}

/// Tags left to right, each tag seeing the two before it (and, in the second pass, the first
/// pass's tags all around).
fn greedy(
    model: &Perceptron,
    describe: &dyn Fn(Word<'_>, &mut [Vec<u64>]) -> Aux,
    words: &[&str],
    first: Option<&[usize]>,
) -> Vec<usize> {
    model.with_words(OFFSETS, |table| {
        let mut records = Vec::with_capacity(words.len() + OFFSETS);
        table.records(model, words, describe, &mut records);
        let aux: Vec<Aux> = records.iter().map(|r| *table.aux(*r)).collect();
        let mut out: Vec<usize> = Vec::with_capacity(words.len());
        let mut feats = Vec::with_capacity(16);
        let mut scores = vec![0.0f32; model.classes.len()];
        for i in 0..words.len() {
            if let Some(t) = aux[i + HALF].fixed {
                out.push(usize::from(t));
                continue;
            }
            let prevs = (i.checked_sub(1).map(|j| out[j]), i.checked_sub(2).map(|j| out[j]));
            score_position(model, table, (&records, &aux, first), i, prevs, (&mut feats, &mut scores));
            out.push(argmax(&scores, None));
        }
        out
    })
}

/// One training run of a pass: `first` gives each sentence's first-pass tags for a second pass.
fn train_pass(
    sentences: &[&Tagged],
    classes: &[String],
    dictionary: &WordMap<String>,
    first: Option<&[Vec<usize>]>,
    iterations: usize,
    progress: &dyn Fn(usize, f64),
) -> Perceptron {
    let class_of = |t: &str| classes.binary_search_by(|c| c.as_str().cmp(t)).unwrap_or(0);
    let mut trainer = Trainer::new(KIND, classes.to_vec());
    // training scores every word: no fixed tags
    let none = WordMap::default();
    let describe = |w: Word<'_>, lists: &mut [Vec<u64>]| describe(dictionary, &none, classes, w, lists);
    let described: Vec<Described<Aux>> = sentences
        .iter()
        .map(|s| Described::new(&s.words.iter().map(String::as_str).collect::<Vec<_>>(), OFFSETS, &describe))
        .collect();
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng::new(0x5eed);
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0.0f32; classes.len()];
    for pass in 0..iterations {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &s in &order {
            let sentence = sentences[s];
            let d = &described[s];
            let mut guessed: Vec<usize> = Vec::with_capacity(sentence.words.len());
            for i in 0..sentence.words.len() {
                feats.clear();
                d.window(i, &mut feats);
                context(
                    &d.aux,
                    i,
                    i.checked_sub(1).map(|j| guessed[j]),
                    i.checked_sub(2).map(|j| guessed[j]),
                    &mut feats,
                );
                if let Some(first) = first {
                    second_context(&d.aux, &first[s], i, &mut feats);
                }
                trainer.score(&feats, &mut scores);
                let guess = argmax(&scores, None);
                let truth = class_of(&sentence.tags[i]);
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

/// Folds of the training data whose first-pass tags come from a model that did not see them.
const FOLDS: usize = 5;

impl PosModel {
    /// Reads a model file: the first-pass model, then the second-pass one.
    pub fn load(bytes: &[u8]) -> Result<Self, crate::perceptron::ModelError> {
        let short = || crate::perceptron::ModelError::Format("the model file is cut short".into());
        let n = u64::from_le_bytes(bytes.get(..8).ok_or_else(short)?.try_into().map_err(|_| short())?);
        let n = usize::try_from(n).map_err(|_| short())?;
        let first = bytes.get(8..8 + n).ok_or_else(short)?;
        let mut model = Perceptron::load(first, KIND)?;
        Perceptron::check(&bytes[8 + n..], KIND)?;
        let (dictionary, fixed) = split_dictionary(model.extra.drain(..).collect());
        Ok(Self { model, second: std::sync::OnceLock::new(), second_bytes: bytes[8 + n..].into(), dictionary, fixed })
    }

    /// Writes the model file.
    pub fn save(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let mut first = Vec::new();
        let dictionary: Vec<(String, String)> = self
            .dictionary
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(self.fixed.iter().map(|(k, v)| (format!("{FIXED_MARK}{k}"), v.clone())))
            .collect();
        self.model.save_with(&dictionary, &mut first)?;
        out.write_all(&(first.len() as u64).to_le_bytes())?;
        out.write_all(&first)?;
        out.write_all(&self.second_bytes)
    }

    fn second(&self) -> &Perceptron {
        // checked when the file was read
        self.second.get_or_init(|| Perceptron::load(&self.second_bytes, KIND).expect("checked on load"))
    }

    /// The tags a word was seen with in training often enough to tell ("NOUN|VERB"), or None.
    pub fn seen_as(&self, word: &str) -> Option<&str> {
        self.dictionary.get(&normalise(word)).map(String::as_str)
    }

    /// The tag names.
    pub fn classes(&self) -> &[String] {
        &self.model.classes
    }

    /// The number of weighted features.
    pub fn features(&self) -> usize {
        self.model.len()
    }

    /// Tags a sentence with the first pass alone: half the work of [`PosModel::tag`], for
    /// where speed matters more than the last tenth of a point.
    pub fn tag_fast(&self, words: &[&str]) -> Vec<usize> {
        greedy(&self.model, &|w, l| self.describe(w, l), words, None)
    }

    /// Tags a sentence: the index of each word's tag in [`PosModel::classes`].
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        let describe = |w: Word<'_>, l: &mut [Vec<u64>]| self.describe(w, l);
        let first = greedy(&self.model, &describe, words, None);
        greedy(self.second(), &describe, words, Some(&first))
    }

    /// Learns from sentences over `iterations` passes (shuffled with a fixed seed). The second
    /// pass learns from first-pass tags predicted by models trained without the sentence
    /// (jackknifing), so it does not learn to trust them more than they deserve. `progress`
    /// hears the stage, the pass number and that pass's training accuracy.
    pub fn train(sentences: &[Tagged], iterations: usize, progress: &dyn Fn(&str, usize, f64)) -> Self {
        let mut classes: Vec<String> = sentences.iter().flat_map(|s| s.tags.iter().cloned()).collect();
        classes.sort();
        classes.dedup();
        let extra = build_dictionary(sentences);
        let (dictionary, fixed) = split_dictionary(extra.clone());
        let none = WordMap::default();
        let all: Vec<&Tagged> = sentences.iter().collect();
        let mut first_tags: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
        for fold in 0..FOLDS {
            let rest: Vec<&Tagged> =
                all.iter().enumerate().filter(|(i, _)| i % FOLDS != fold).map(|(_, s)| *s).collect();
            let model = train_pass(&rest, &classes, &dictionary, None, iterations, &|n, a| {
                progress(&format!("fold {}", fold + 1), n, a)
            });
            for (i, s) in all.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                // every word scored, as the first pass learned, so the second pass learns from
                // the first pass's own mistakes
                first_tags[i] = greedy(&model, &|w, l| describe(&dictionary, &none, &classes, w, l), &words, None);
            }
        }
        let mut model = train_pass(&all, &classes, &dictionary, None, iterations, &|n, a| progress("first pass", n, a));
        let second = train_pass(&all, &classes, &dictionary, Some(&first_tags), iterations, &|n, a| {
            progress("second pass", n, a)
        });
        model.extra = extra;
        let mut second_bytes = Vec::new();
        // writing to memory does not fail
        let _ = second.save(&mut second_bytes);
        Self { model, second: second.into(), second_bytes: second_bytes.into(), dictionary, fixed }
    }

    /// Accuracy on gold-tokenised sentences, with every token's (gold, predicted) pair.
    pub fn evaluate(&self, sentences: &[Tagged]) -> (f64, Vec<Vec<(String, String)>>) {
        let (mut right, mut total) = (0usize, 0usize);
        let mut pairs = Vec::with_capacity(sentences.len());
        for s in sentences {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let predicted = self.tag(&words);
            let mut sentence = Vec::with_capacity(words.len());
            for (gold, p) in s.tags.iter().zip(predicted) {
                let p = self.model.classes[p].clone();
                right += usize::from(*gold == p);
                total += 1;
                sentence.push((gold.clone(), p));
            }
            pairs.push(sentence);
        }
        (right as f64 / total.max(1) as f64, pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Amir-Abdollahian"), "Xxx-Xxx");
        assert_eq!(shape("UAVs"), "XXx");
        assert_eq!(shape("2022"), "dd");
        assert_eq!(suffix("drones", 3), "nes");
        assert_eq!(suffix("on", 3), "on");
        assert_eq!(prefix("Tehran", 1), "T");
    }

    #[test]
    fn remembered_tag_pairs_score_as_their_features_would() {
        // both passes, every pair of tags before each word: the same scores to the last step
        let models = crate::tag::Models::shipped().expect("models");
        let pos = &models.pos;
        let words = ["Iran", "denied", "that", "it", "sent", "Shahed-136", "drones", "to", "Russia", "."];
        let first = pos.tag_fast(&words);
        let n = pos.classes().len();
        let (mut feats, mut full, mut remembered) = (Vec::new(), vec![0.0f32; n], vec![0.0f32; n]);
        for (model, first) in [(&pos.model, None), (pos.second(), Some(first.as_slice()))] {
            let describe = |w: Word<'_>, l: &mut [Vec<u64>]| pos.describe(w, l);
            model.with_words(OFFSETS, |table| {
                let mut records = Vec::new();
                table.records(model, &words, &describe, &mut records);
                let aux: Vec<Aux> = records.iter().map(|r| *table.aux(*r)).collect();
                for i in 0..words.len() {
                    for prev in 0..n {
                        let prevs = (i.checked_sub(1).map(|_| prev), i.checked_sub(2).map(|_| (prev * 7) % n));
                        let into = (&mut feats, &mut remembered[..]);
                        score_position(model, table, (&records, &aux, first), i, prevs, into);
                        feats.clear();
                        context(&aux, i, prevs.0, prevs.1, &mut feats);
                        if let Some(first) = first {
                            second_context(&aux, first, i, &mut feats);
                        }
                        model.score_window(table, &records, i, &feats, &mut full);
                        assert_eq!(full, remembered, "at {i} after {prev}");
                    }
                }
            });
        }
    }

    #[test]
    fn learns_a_tiny_language() {
        let s = |w: &[&str], t: &[&str]| Tagged {
            words: w.iter().map(|x| (*x).to_owned()).collect(),
            tags: t.iter().map(|x| (*x).to_owned()).collect(),
            extra: Vec::new(),
        };
        let data = vec![
            s(&["Iran", "sends", "drones"], &["PROPN", "VERB", "NOUN"]),
            s(&["Russia", "uses", "the", "drones"], &["PROPN", "VERB", "DET", "NOUN"]),
            s(&["the", "supply", "grows"], &["DET", "NOUN", "VERB"]),
        ];
        let model = PosModel::train(&data, 10, &|_, _, _| {});
        let (accuracy, _) = model.evaluate(&data);
        assert!(accuracy > 0.99, "{accuracy}");
        let mut a = Vec::new();
        model.save(&mut a).expect("saves");
        let mut b = Vec::new();
        PosModel::train(&data, 10, &|_, _, _| {}).save(&mut b).expect("saves");
        assert_eq!(a, b, "training is deterministic");
        // the second pass is built on first use, but a damaged one is refused on load
        assert!(PosModel::load(&a).is_ok());
        let error = PosModel::load(&a[..a.len() - 3]).expect_err("cut short");
        assert_eq!(error.to_string(), "the model file is cut short");
        let loaded = PosModel::load(&a).expect("loads");
        assert_eq!(loaded.tag(&["Iran", "sends", "drones"]), model.tag(&["Iran", "sends", "drones"]));
    }

    #[test]
    fn fixed_tags_are_kept_by_the_file_and_given_without_scoring() {
        let shipped = include_bytes!("../../data/models/pos.bin");
        let model = PosModel::load(shipped).expect("loads");
        assert_eq!(model.fixed.get("the").map(String::as_str), Some("DET"));
        assert!(!model.fixed.contains_key("to"), "'to' is PART or ADP: no fixed tag");
        assert!(model.seen_as("the").is_some() && !model.dictionary.keys().any(|k| k.starts_with(FIXED_MARK)));
        let mut again = Vec::new();
        model.save(&mut again).expect("saves");
        assert!(again == shipped, "load and save keep the file, fixed tags included");
        // a fixed word gets its tag even where the weights would say otherwise
        let mut wrong = model.clone();
        wrong.fixed.insert("drones".into(), "PUNCT".into());
        let tags = wrong.tag_fast(&["Iran", "sends", "drones"]);
        assert_eq!(wrong.classes()[tags[2]], "PUNCT");
    }
}
