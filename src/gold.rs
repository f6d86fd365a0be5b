//! Gold event annotations: reads them and scores the pipeline's events against them
//! (`newsgraph eval events`).
//!
//! A gold event matches a predicted one of the same sentence when they agree on the CAMEO root
//! (on the class where CAMEO has no code), on the named agent, on the named patients and
//! recipients taken together (all participants together for symmetric events), on a named
//! theme, and on negation. Roles filled by a plain noun ("drones", "unnamed officials") are not
//! compared: the extractor writes them as concepts and the gold names no entity. Each gold
//! event matches at most one predicted event and the other way round (a maximum matching).

use crate::ingest::Document;
use crate::lexicon::Lexicon;
use crate::pipeline::{Analysis, Pipeline};
use crate::relate::{Arg, Event, Role};
use crate::segment::CharIndex;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// A malformed gold file.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// A line is not a gold sentence.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One annotated sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// The article's file name.
    pub doc: String,
    /// Where the sentence starts, in code points.
    pub begin: usize,
    /// Where it ends, in code points.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// Name mentions.
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    /// Events.
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// A name mention in a gold sentence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    /// The words.
    pub text: String,
    /// The CoNLL type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The canonical entity.
    pub refers_to: Option<String>,
}

/// A gold event.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    /// The class.
    #[serde(rename = "type")]
    pub class: String,
    /// The CAMEO root, if CAMEO has one.
    pub cameo: Option<String>,
    /// The trigger word.
    #[serde(default)]
    pub trigger: Option<String>,
    /// Who acts.
    pub agent: Option<String>,
    /// To whom.
    pub patient: Option<String>,
    /// What.
    pub theme: Option<String>,
    /// Who receives.
    pub recipient: Option<String>,
    /// Where.
    pub location: Option<String>,
    /// When.
    pub time: Option<String>,
    /// How it is presented.
    pub modality: Option<String>,
    /// What a statement says: indexes into the sentence's events.
    #[serde(default)]
    pub content: Vec<usize>,
    /// Whether it is said not to have happened.
    #[serde(default)]
    pub negated: bool,
    /// Whether agent and patient may swap.
    #[serde(default)]
    pub symmetric: bool,
}

/// Reads gold sentences, one JSON object per line.
pub fn read(file: &str, text: &str) -> Result<Vec<GoldSentence>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let sentence: GoldSentence = serde_json::from_str(line).map_err(|e| GoldError::Syntax {
            file: file.to_owned(),
            line: i + 1,
            message: e.to_string(),
        })?;
        if sentence.begin > sentence.end {
            return Err(GoldError::Syntax { file: file.to_owned(), line: i + 1, message: "begin after end".into() });
        }
        for (k, event) in sentence.events.iter().enumerate() {
            if let Some(bad) = event.content.iter().find(|&&c| c >= sentence.events.len() || c == k) {
                return Err(GoldError::Syntax {
                    file: file.to_owned(),
                    line: i + 1,
                    message: format!("event {k}: content {bad} is not another event of the sentence"),
                });
            }
        }
        out.push(sentence);
    }
    Ok(out)
}

/// The gold documents' names, in order of first appearance.
pub fn documents(gold: &[GoldSentence]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    gold.iter().map(|s| s.doc.as_str()).filter(|d| seen.insert(*d)).collect()
}

/// An event reduced to what matching compares.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    class: String,
    cameo: Option<String>,
    agent: Option<String>,
    others: BTreeSet<String>,
    theme: Option<String>,
    negated: bool,
    symmetric: bool,
}

impl Key {
    fn same_kind(&self, predicted: &Key) -> bool {
        // gold codes are roots; a finer predicted code ("163") is of its root's kind ("16")
        let root = |c: &str| c.get(..2).unwrap_or(c).to_owned();
        match &self.cameo {
            Some(code) => predicted.cameo.as_deref().map(root) == Some(root(code)),
            None => predicted.class == self.class,
        }
    }

    fn same_participants(&self, predicted: &Key) -> bool {
        if self.symmetric {
            let all = |k: &Key| k.others.iter().cloned().chain(k.agent.clone()).collect::<BTreeSet<_>>();
            all(self) == all(predicted)
        } else {
            self.agent == predicted.agent && self.others == predicted.others
        }
    }

    fn same_theme(&self, predicted: &Key) -> bool {
        self.theme.is_none() || self.theme == predicted.theme
    }

    fn matches(&self, predicted: &Key) -> bool {
        self.same_kind(predicted)
            && self.same_participants(predicted)
            && self.same_theme(predicted)
            && self.negated == predicted.negated
    }

    /// What differs, for `--details`.
    fn differences(&self, predicted: &Key) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.same_kind(predicted) {
            out.push("class");
        }
        if !self.same_participants(predicted) {
            if self.symmetric {
                out.push("participants");
            } else {
                if self.agent != predicted.agent {
                    out.push("agent");
                }
                if self.others != predicted.others {
                    out.push("patient/recipient");
                }
            }
        }
        if !self.same_theme(predicted) {
            out.push("theme");
        }
        if self.negated != predicted.negated {
            out.push("negation");
        }
        out
    }
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Matched pairs.
    pub matched: usize,
    /// Gold events.
    pub gold: usize,
    /// Predicted events.
    pub predicted: usize,
}

impl Counts {
    /// Matched over predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    /// Matched over gold.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    /// Their harmonic mean.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The result of scoring.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// All events.
    pub events: Counts,
    /// By gold CAMEO root (or class), and by predicted root for extras.
    pub by_kind: BTreeMap<String, Counts>,
    /// Gold content links (statement to what it says) whose both ends matched and were linked.
    pub attribution_correct: usize,
    /// Gold content links.
    pub attribution_total: usize,
    /// Gold sentences the pipeline's sentences did not cover.
    pub unaligned: Vec<String>,
    /// Documents whose extraction failed (a panic, contained to the document), with why: their
    /// gold events count as missed.
    pub skipped: Vec<String>,
    /// Every miss and extra, one per line.
    pub details: Vec<String>,
}

impl Report {
    /// Correct links over gold links.
    pub fn attribution(&self) -> f64 {
        ratio(self.attribution_correct, self.attribution_total)
    }

    /// The figures as a table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let line = |out: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                out,
                "{name:<12} {:>6} {:>6} {:>6} {:>8.2} {:>8.2} {:>8.2}",
                c.gold,
                c.predicted,
                c.matched,
                c.precision() * 100.0,
                c.recall() * 100.0,
                c.f1() * 100.0
            );
        };
        let _ = writeln!(
            out,
            "{:<12} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8}",
            "kind", "gold", "found", "match", "P", "R", "F1"
        );
        for (kind, counts) in &self.by_kind {
            line(&mut out, kind, counts);
        }
        line(&mut out, "all", &self.events);
        let _ = writeln!(
            out,
            "attribution: {}/{} content links right ({:.2}%)",
            self.attribution_correct,
            self.attribution_total,
            self.attribution() * 100.0
        );
        for s in &self.unaligned {
            let _ = writeln!(out, "no sentence found for: {s}");
        }
        for s in &self.skipped {
            let _ = writeln!(out, "skipped: {s}");
        }
        out
    }
}

/// Scores the pipeline on the gold sentences. `docs` maps each gold document name to the
/// document read from it; a gold sentence whose document is missing counts all its events as
/// missed.
pub fn evaluate(gold: &[GoldSentence], docs: &HashMap<String, Document>, pipeline: &Pipeline<'_>) -> Report {
    let mut report = Report::default();
    let names = named(gold);
    let mut analyses: HashMap<&str, (Analysis<'_>, CharIndex)> = HashMap::new();
    for name in documents(gold) {
        if let Some(doc) = docs.get(name) {
            match crate::contain::contain(|| pipeline.analyse(doc)) {
                Ok(analysis) => {
                    analyses.insert(name, (analysis, CharIndex::new(&doc.text)));
                }
                Err(panicked) => report.skipped.push(format!("{name}: {panicked}")),
            }
        }
    }
    for sentence in gold {
        let gold_keys: Vec<Key> = sentence.events.iter().map(|e| gold_key(e, &names)).collect();
        let Some((analysis, chars)) = analyses.get(sentence.doc.as_str()) else {
            report.unaligned.push(format!("{} {}: {}", sentence.doc, sentence.begin, sentence.text));
            score_sentence(&mut report, sentence, &gold_keys, &[], None);
            continue;
        };
        // Predicted sentences whose middle lies in the gold span: segmentation may cut the gold
        // sentence in two, or join it with a headline.
        let covered: Vec<usize> = analysis
            .seg
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                let (b, e) = (chars.chars(s.span.start), chars.chars(s.span.end));
                let mid = (b + e) / 2;
                (sentence.begin..sentence.end).contains(&mid)
                    || (b <= sentence.begin && sentence.end <= e && sentence.begin < sentence.end)
            })
            .map(|(i, _)| i)
            .collect();
        if covered.is_empty() {
            report.unaligned.push(format!("{} {}: {}", sentence.doc, sentence.begin, sentence.text));
        }
        let predicted: Vec<(usize, Key)> = analysis
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| covered.contains(&e.sentence))
            .map(|(i, e)| (i, predicted_key(e, analysis, pipeline.lexicon())))
            .collect();
        score_sentence(&mut report, sentence, &gold_keys, &predicted, Some(analysis));
    }
    report
}

fn score_sentence(
    report: &mut Report,
    sentence: &GoldSentence,
    gold: &[Key],
    predicted: &[(usize, Key)],
    analysis: Option<&Analysis<'_>>,
) {
    let pairs = maximum_matching(gold, predicted);
    let mut matched_pred = vec![None; predicted.len()];
    for (g, p) in pairs.iter().enumerate() {
        if let Some(p) = p {
            matched_pred[*p] = Some(g);
        }
    }
    let kind = |k: &Key| k.cameo.clone().unwrap_or_else(|| k.class.clone());
    for (g, key) in gold.iter().enumerate() {
        let counts = report.by_kind.entry(kind(key)).or_default();
        counts.gold += 1;
        report.events.gold += 1;
        if pairs[g].is_some() {
            counts.matched += 1;
            report.events.matched += 1;
        } else {
            let near = predicted
                .iter()
                .enumerate()
                .filter(|(p, _)| matched_pred[*p].is_none())
                .map(|(_, (_, k))| (key.differences(k).len(), k))
                .min_by_key(|(d, _)| *d);
            let why = match near {
                Some((_, k)) => format!("nearest {} differs in {}", describe(k), key.differences(k).join(", ")),
                None => "nothing found".into(),
            };
            report.details.push(format!("miss  {} {}: {} ({why})", sentence.doc, sentence.begin, describe(key)));
        }
    }
    for (p, (_, key)) in predicted.iter().enumerate() {
        let counts = report.by_kind.entry(kind(key)).or_default();
        counts.predicted += 1;
        report.events.predicted += 1;
        if matched_pred[p].is_none() {
            report.details.push(format!("extra {} {}: {}", sentence.doc, sentence.begin, describe(key)));
        }
    }
    for (g, event) in sentence.events.iter().enumerate() {
        for &c in &event.content {
            report.attribution_total += 1;
            let (Some(ps), Some(pc), Some(analysis)) = (pairs[g], pairs[c], analysis) else {
                report.details.push(format!(
                    "link  {} {}: event {c} as content of event {g} (an end was not found)",
                    sentence.doc, sentence.begin
                ));
                continue;
            };
            let (statement, content) = (predicted[ps].0, predicted[pc].0);
            if analysis.events[statement].content.contains(&content) {
                report.attribution_correct += 1;
            } else {
                report.details.push(format!(
                    "link  {} {}: {} is not linked as what {} says",
                    sentence.doc,
                    sentence.begin,
                    describe(&predicted[pc].1),
                    describe(&predicted[ps].1)
                ));
            }
        }
    }
}

/// For each gold event, the predicted event it is matched to (Kuhn's augmenting paths; the
/// sets are a handful of events per sentence).
fn maximum_matching(gold: &[Key], predicted: &[(usize, Key)]) -> Vec<Option<usize>> {
    let edges: Vec<Vec<usize>> =
        gold.iter().map(|g| (0..predicted.len()).filter(|&p| g.matches(&predicted[p].1)).collect()).collect();
    let mut owner: Vec<Option<usize>> = vec![None; predicted.len()];
    fn augment(g: usize, edges: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
        for &p in &edges[g] {
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if owner[p].is_none_or(|other| augment(other, edges, owner, seen)) {
                owner[p] = Some(g);
                return true;
            }
        }
        false
    }
    for g in 0..gold.len() {
        let mut seen = vec![false; predicted.len()];
        augment(g, &edges, &mut owner, &mut seen);
    }
    let mut out = vec![None; gold.len()];
    for (p, g) in owner.iter().enumerate() {
        if let Some(g) = g {
            out[*g] = Some(p);
        }
    }
    out
}

fn describe(k: &Key) -> String {
    let mut parts = Vec::new();
    if let Some(a) = &k.agent {
        parts.push(format!("agent={a}"));
    }
    for o in &k.others {
        parts.push(format!("other={o}"));
    }
    if let Some(t) = &k.theme {
        parts.push(format!("theme={t}"));
    }
    if k.negated {
        parts.push("negated".into());
    }
    format!("{}[{}]({})", k.class, k.cameo.as_deref().unwrap_or("-"), parts.join(" "))
}

/// Normalised entity names: the gold's canonical names are compared case-blind, without "the".
fn norm(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    lower.strip_prefix("the ").unwrap_or(&lower).to_owned()
}

/// Every canonical entity the gold names anywhere: a role filled by one of these is named.
fn named(gold: &[GoldSentence]) -> BTreeSet<String> {
    gold.iter().flat_map(|s| s.entities.iter().filter_map(|e| e.refers_to.as_deref().map(norm))).collect()
}

fn gold_key(e: &GoldEvent, names: &BTreeSet<String>) -> Key {
    let named_role = |r: &Option<String>| r.as_deref().map(norm).filter(|n| names.contains(n));
    Key {
        class: e.class.clone(),
        cameo: e.cameo.clone(),
        agent: named_role(&e.agent),
        others: [&e.patient, &e.recipient].into_iter().filter_map(named_role).collect(),
        theme: named_role(&e.theme),
        negated: e.negated,
        symmetric: e.symmetric,
    }
}

fn predicted_key(e: &Event, analysis: &Analysis<'_>, lexicon: &Lexicon) -> Key {
    // An entity is compared by its label; the gold's canonical name may be one of its other
    // names (United States for United States of America), so those are tried in the matcher by
    // giving the canonical label, which the gazetteer keeps short.
    let name = |a: &Arg| match a {
        Arg::Entity(i) => Some(norm(&analysis.linked.entities[*i].label)),
        Arg::Concept(_) => None,
    };
    let first = |role: Role| e.role(role).find_map(name);
    Key {
        class: e.class.clone(),
        cameo: e.cameo(lexicon).map(str::to_owned),
        agent: first(Role::Agent),
        others: e.role(Role::Patient).chain(e.role(Role::Recipient)).filter_map(name).collect(),
        theme: first(Role::Theme),
        negated: e.negated,
        // Symmetry is the gold's to say.
        symmetric: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(agent: Option<&str>, others: &[&str], symmetric: bool) -> Key {
        Key {
            class: "Cooperate".into(),
            cameo: Some("06".into()),
            agent: agent.map(str::to_owned),
            others: others.iter().map(|s| (*s).to_owned()).collect(),
            theme: None,
            negated: false,
            symmetric,
        }
    }

    #[test]
    fn a_finer_predicted_code_is_of_its_gold_root() {
        let gold = Key { cameo: Some("16".into()), ..key(Some("iran"), &["russia"], false) };
        let finer =
            Key { cameo: Some("163".into()), class: "Sanction".into(), ..key(Some("iran"), &["russia"], false) };
        assert!(gold.same_kind(&finer));
        let other = Key { cameo: Some("17".into()), ..key(Some("iran"), &["russia"], false) };
        assert!(!gold.same_kind(&other));
    }

    #[test]
    fn symmetric_events_match_either_way_round() {
        let gold = key(Some("iran"), &["russia"], true);
        assert!(gold.matches(&key(Some("russia"), &["iran"], false)));
        let directed = key(Some("iran"), &["russia"], false);
        assert!(!directed.matches(&key(Some("russia"), &["iran"], false)));
        assert_eq!(directed.differences(&key(Some("russia"), &["iran"], false)), ["agent", "patient/recipient"]);
    }

    #[test]
    fn a_plain_noun_theme_is_not_compared_but_a_named_one_is() {
        let names: BTreeSet<String> = ["iran", "russia", "shahed"].iter().map(|s| (*s).to_owned()).collect();
        let event = |theme: &str| GoldEvent {
            class: "Use".into(),
            cameo: None,
            trigger: None,
            agent: Some("Russia".into()),
            patient: None,
            theme: Some(theme.into()),
            recipient: None,
            location: None,
            time: None,
            modality: None,
            content: vec![],
            negated: false,
            symmetric: false,
        };
        assert_eq!(gold_key(&event("drones"), &names).theme, None);
        assert_eq!(gold_key(&event("Shahed"), &names).theme.as_deref(), Some("shahed"));
    }

    #[test]
    fn matching_is_maximal_not_greedy() {
        // The first gold event (any theme) could take either prediction; taking the first, as a
        // greedy matcher would, strands the second (theme Shahed only).
        let with_theme = |theme: Option<&str>| Key { theme: theme.map(str::to_owned), ..key(Some("iran"), &[], false) };
        let gold = vec![with_theme(None), with_theme(Some("shahed"))];
        let predicted = vec![(0, with_theme(Some("shahed"))), (1, with_theme(Some("mohajer")))];
        assert_eq!(maximum_matching(&gold, &predicted), vec![Some(1), Some(0)]);
    }

    #[test]
    fn bad_lines_name_the_line() {
        let err = read("g.jsonl", "\n{\"doc\": 1}\n").unwrap_err();
        assert!(err.to_string().starts_with("g.jsonl:2: "), "{err}");
        let bad_link = r#"{"doc":"d","begin":0,"end":3,"text":"abc","events":[{"type":"Statement","cameo":"01","agent":null,"patient":null,"theme":null,"recipient":null,"location":null,"time":null,"modality":null,"content":[4]}]}"#;
        assert!(read("g.jsonl", bad_link).unwrap_err().to_string().contains("content 4"));
    }
}
