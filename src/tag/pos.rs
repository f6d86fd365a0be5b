//! The part-of-speech model: an averaged perceptron over the word, its shape, prefixes and
//! suffixes, its neighbours and the two tags before it (greedy, left to right), trained on UD
//! English EWT. Predicts UPOS.

use crate::corpus::Tagged;
use crate::perceptron::{Perceptron, Rng, Trainer, argmax, feature};

/// The model kind written in its file.
pub const KIND: &str = "pos-upos";

/// A trained part-of-speech tagger.
#[derive(Debug, Clone)]
pub struct PosModel {
    model: Perceptron,
    second: Perceptron,
    /// The tags each frequent word was seen with ("NOUN|VERB"), its ambiguity class.
    dictionary: std::collections::HashMap<String, String>,
}

/// Words seen this often in training get their ambiguity class in the dictionary.
const DICTIONARY_MIN: usize = 3;

fn build_dictionary(sentences: &[Tagged]) -> Vec<(String, String)> {
    let mut seen: std::collections::BTreeMap<String, (usize, std::collections::BTreeSet<&str>)> = Default::default();
    for s in sentences {
        for (w, t) in s.words.iter().zip(&s.tags) {
            let e = seen.entry(normalise(w)).or_default();
            e.0 += 1;
            e.1.insert(t);
        }
    }
    seen.into_iter()
        .filter(|(_, (n, _))| *n >= DICTIONARY_MIN)
        .map(|(w, (_, tags))| (w, tags.into_iter().collect::<Vec<_>>().join("|")))
        .collect()
}

/// Word forms prepared once per sentence: normalised lower case, word shape, ambiguity class.
struct Prepared<'d> {
    norm: Vec<String>,
    shape: Vec<String>,
    class: Vec<&'d str>,
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

fn prepare<'d>(words: &[&str], dictionary: &'d std::collections::HashMap<String, String>) -> Prepared<'d> {
    let norm: Vec<String> = words.iter().map(|w| normalise(w)).collect();
    let class = norm.iter().map(|w| dictionary.get(w).map_or("?", String::as_str)).collect();
    Prepared { norm, shape: words.iter().map(|w| shape(w)).collect(), class }
}

fn suffix(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

const START: &str = "-START-";
const END: &str = "-END-";

/// Features of the second pass: the first pass's tags to the right as well as the left.
fn second_features(
    p: &Prepared,
    words: &[&str],
    first: &[&str],
    i: usize,
    prev: &str,
    prev2: &str,
    out: &mut Vec<u64>,
) {
    features(p, words, i, prev, prev2, out);
    let t = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            START
        } else if j as usize >= first.len() {
            END
        } else {
            first[j as usize]
        }
    };
    let w = p.norm[i].as_str();
    out.push(feature(40, &[t(0)]));
    out.push(feature(41, &[t(1)]));
    out.push(feature(42, &[t(2)]));
    out.push(feature(43, &[t(1), w]));
    out.push(feature(44, &[t(-1), t(1)]));
    out.push(feature(45, &[t(0), t(1)]));
    out.push(feature(46, &[t(0), w]));
}

fn features(p: &Prepared, words: &[&str], i: usize, prev: &str, prev2: &str, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            START
        } else if j as usize >= p.norm.len() {
            END
        } else {
            &p.norm[j as usize]
        }
    };
    let w = p.norm[i].as_str();
    let original = words[i];
    out.push(feature(0, &[]));
    out.push(feature(1, &[w]));
    out.push(feature(2, &[suffix(w, 3)]));
    out.push(feature(3, &[suffix(w, 2)]));
    out.push(feature(4, &[suffix(w, 1)]));
    out.push(feature(5, &[suffix(w, 4)]));
    out.push(feature(6, &[prefix(original, 1)]));
    out.push(feature(7, &[prefix(w, 2)]));
    out.push(feature(8, &[prefix(w, 3)]));
    out.push(feature(9, &[&p.shape[i]]));
    out.push(feature(10, &[prev]));
    out.push(feature(11, &[prev2, prev]));
    out.push(feature(12, &[prev, w]));
    out.push(feature(13, &[at(-1)]));
    out.push(feature(14, &[suffix(at(-1), 3)]));
    out.push(feature(15, &[at(-2)]));
    out.push(feature(16, &[at(1)]));
    out.push(feature(17, &[suffix(at(1), 3)]));
    out.push(feature(18, &[at(2)]));
    out.push(feature(19, &[at(-1), w]));
    out.push(feature(20, &[w, at(1)]));
    out.push(feature(21, &[if i == 0 { "first" } else { "inner" }, &p.shape[i]]));
    if i + 1 < p.shape.len() {
        out.push(feature(22, &[&p.shape[i + 1]]));
    }
    if original.contains('-') {
        out.push(feature(23, &[]));
    }
    // ambiguity classes: the tags a word can have, here and around
    let class = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 || j as usize >= p.class.len() { "_" } else { p.class[j as usize] }
    };
    out.push(feature(24, &[class(0)]));
    out.push(feature(25, &[class(1)]));
    out.push(feature(26, &[class(-1)]));
    out.push(feature(27, &[class(0), class(1)]));
    out.push(feature(28, &[prev, class(0)]));
    out.push(feature(29, &[class(2)]));
    out.push(feature(30, &[original]));
}

/// Tags left to right, each tag seeing the two before it (and, in the second pass, the first
/// pass's tags all around).
fn greedy(model: &Perceptron, p: &Prepared, words: &[&str], first: Option<&[&str]>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(words.len());
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0.0f32; model.classes.len()];
    for i in 0..words.len() {
        let prev = if i >= 1 { model.classes[out[i - 1]].as_str() } else { START };
        let prev2 = if i >= 2 { model.classes[out[i - 2]].as_str() } else { START };
        match first {
            Some(first) => second_features(p, words, first, i, prev, prev2, &mut feats),
            None => features(p, words, i, prev, prev2, &mut feats),
        }
        model.score(&feats, &mut scores);
        out.push(argmax(&scores, None));
    }
    out
}

/// One training run of a pass: `first` gives each sentence's first-pass tags for a second pass.
fn train_pass(
    sentences: &[&Tagged],
    classes: &[String],
    dictionary: &std::collections::HashMap<String, String>,
    first: Option<&[Vec<String>]>,
    iterations: usize,
    progress: &dyn Fn(usize, f64),
) -> Perceptron {
    let class_of = |t: &str| classes.binary_search_by(|c| c.as_str().cmp(t)).unwrap_or(0);
    let mut trainer = Trainer::new(KIND, classes.to_vec());
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng::new(0x5eed);
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0.0f32; classes.len()];
    for pass in 0..iterations {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &s in &order {
            let sentence = sentences[s];
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            let p = prepare(&words, dictionary);
            let first_tags: Option<Vec<&str>> = first.map(|f| f[s].iter().map(String::as_str).collect());
            let mut guessed: Vec<usize> = Vec::with_capacity(words.len());
            for i in 0..words.len() {
                let prev = if i >= 1 { classes[guessed[i - 1]].as_str() } else { START };
                let prev2 = if i >= 2 { classes[guessed[i - 2]].as_str() } else { START };
                match &first_tags {
                    Some(t) => second_features(&p, &words, t, i, prev, prev2, &mut feats),
                    None => features(&p, &words, i, prev, prev2, &mut feats),
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
        let second = Perceptron::load(&bytes[8 + n..], KIND)?;
        let dictionary = model.extra.drain(..).collect();
        Ok(Self { model, second, dictionary })
    }

    /// Writes the model file.
    pub fn save(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let mut first = Vec::new();
        let dictionary: Vec<(String, String)> = self.dictionary.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        self.model.save_with(&dictionary, &mut first)?;
        out.write_all(&(first.len() as u64).to_le_bytes())?;
        out.write_all(&first)?;
        self.second.save(out)
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
        let p = prepare(words, &self.dictionary);
        greedy(&self.model, &p, words, None)
    }

    /// Tags a sentence: the index of each word's tag in [`PosModel::classes`].
    pub fn tag(&self, words: &[&str]) -> Vec<usize> {
        let p = prepare(words, &self.dictionary);
        let first = greedy(&self.model, &p, words, None);
        let first_names: Vec<&str> = first.iter().map(|t| self.model.classes[*t].as_str()).collect();
        greedy(&self.second, &p, words, Some(&first_names))
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
        let dictionary: std::collections::HashMap<String, String> = extra.iter().cloned().collect();
        let all: Vec<&Tagged> = sentences.iter().collect();
        let mut first_tags: Vec<Vec<String>> = vec![Vec::new(); sentences.len()];
        for fold in 0..FOLDS {
            let rest: Vec<&Tagged> =
                all.iter().enumerate().filter(|(i, _)| i % FOLDS != fold).map(|(_, s)| *s).collect();
            let model = train_pass(&rest, &classes, &dictionary, None, iterations, &|n, a| {
                progress(&format!("fold {}", fold + 1), n, a)
            });
            for (i, s) in all.iter().enumerate().filter(|(i, _)| i % FOLDS == fold) {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                let p = prepare(&words, &dictionary);
                first_tags[i] = greedy(&model, &p, &words, None).into_iter().map(|t| classes[t].clone()).collect();
            }
        }
        let mut model = train_pass(&all, &classes, &dictionary, None, iterations, &|n, a| progress("first pass", n, a));
        let second = train_pass(&all, &classes, &dictionary, Some(&first_tags), iterations, &|n, a| {
            progress("second pass", n, a)
        });
        model.extra = extra;
        Self { model, second, dictionary }
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
    }
}
