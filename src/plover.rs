//! Scoring event coding against human-coded sentences in the form of the PLOVER development
//! set (`shared/events/plover-dev.jsonl`): one sentence a line with its PLOVER class and the
//! source and target actors it marks. Per class: the share of sentences where an event of that
//! class is found ("type"), and where one also has an agent whose mention overlaps the source
//! and a patient or recipient whose mention overlaps the target ("type+actors").

use crate::ingest::Document;
use crate::pipeline::{Analysis, Pipeline};
use crate::relate::{Arg, Event, Role};
use crate::segment::CharIndex;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

/// One coded sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct CodedSentence {
    /// Its identifier.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// The PLOVER class the coders gave it.
    pub plover: String,
    /// The source actor as marked.
    pub source: Option<String>,
    /// The target actor as marked.
    pub target: Option<String>,
    /// The source's `[begin, end)` in code points.
    pub source_span: Option<[usize; 2]>,
    /// The target's `[begin, end)` in code points.
    pub target_span: Option<[usize; 2]>,
}

/// A line that is not a coded sentence.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CodedError {
    /// The file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Whether a JSON Lines text holds coded sentences: its first record has a `plover` field.
pub fn is_coded(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .is_some_and(|v| v.get("plover").is_some())
}

/// Reads coded sentences, one JSON object a line.
pub fn read(file: &str, text: &str) -> Result<Vec<CodedSentence>, CodedError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String| CodedError { file: file.into(), line: i + 1, message };
        let s: CodedSentence = serde_json::from_str(line).map_err(|e| error(e.to_string()))?;
        let chars = s.text.chars().count();
        for span in [s.source_span, s.target_span].into_iter().flatten() {
            if span[0] > span[1] || span[1] > chars {
                return Err(error(format!("the span {span:?} is not inside the sentence's {chars} characters")));
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// Counts of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassCounts {
    /// Sentences coded with the class.
    pub sentences: usize,
    /// Those where an event of the class was found.
    pub typed: usize,
    /// Those where it was found with its actors.
    pub actors: usize,
}

/// The figures of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// By gold class.
    pub by_class: BTreeMap<String, ClassCounts>,
    /// Sentences whose extraction failed (contained panics), with why.
    pub skipped: Vec<String>,
    /// One line per sentence whose class or actors were missed.
    pub details: Vec<String>,
}

fn percent(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

impl Report {
    /// All classes together.
    pub fn total(&self) -> ClassCounts {
        self.by_class.values().fold(ClassCounts::default(), |t, c| ClassCounts {
            sentences: t.sentences + c.sentences,
            typed: t.typed + c.typed,
            actors: t.actors + c.actors,
        })
    }

    /// The figures as a table, a class a line, then all.
    pub fn table(&self) -> String {
        let mut out = format!("{:<12} {:>9} {:>8} {:>13}\n", "class", "sentences", "type%", "type+actors%");
        let mut line = |name: &str, c: &ClassCounts| {
            let _ = writeln!(
                out,
                "{name:<12} {:>9} {:>8.2} {:>13.2}",
                c.sentences,
                percent(c.typed, c.sentences),
                percent(c.actors, c.sentences)
            );
        };
        for (class, counts) in &self.by_class {
            line(class, counts);
        }
        line("all", &self.total());
        for s in &self.skipped {
            let _ = writeln!(out, "skipped: {s}");
        }
        out
    }
}

/// Runs the pipeline on each sentence alone and scores what it codes.
pub fn evaluate(sentences: &[CodedSentence], pipeline: &Pipeline<'_>) -> Report {
    let mut report = Report::default();
    for s in sentences {
        let counts = report.by_class.entry(s.plover.clone()).or_default();
        counts.sentences += 1;
        let doc = Document { text: s.text.clone(), regions: vec![0..s.text.len()], ..Document::default() };
        let analysis = match crate::contain::contain(|| pipeline.analyse(&doc)) {
            Ok(a) => a,
            Err(panicked) => {
                report.skipped.push(format!("{}: {panicked}", s.id));
                continue;
            }
        };
        let chars = CharIndex::new(&doc.text);
        let lex = pipeline.lexicon();
        let class_of = |e: &Event| e.cameo(lex).and_then(crate::codes::plover);
        let of_class: Vec<&Event> = analysis.events.iter().filter(|e| class_of(e) == Some(s.plover.as_str())).collect();
        let typed = !of_class.is_empty();
        let overlaps = |arg: &Arg, span: Option<[usize; 2]>| {
            span.is_none_or(|[b, e]| {
                mentions(&analysis, arg).iter().any(|m| {
                    let (mb, me) = (chars.chars(m.start), chars.chars(m.end));
                    mb < e && b < me
                })
            })
        };
        let with_actors = of_class.iter().any(|e| {
            e.role(Role::Agent).any(|a| overlaps(a, s.source_span))
                && (e.role(Role::Patient).chain(e.role(Role::Recipient)).any(|a| overlaps(a, s.target_span)))
        });
        counts.typed += usize::from(typed);
        counts.actors += usize::from(typed && with_actors);
        if !(typed && with_actors) {
            let found: Vec<String> = analysis
                .describe_events()
                .into_iter()
                .zip(&analysis.events)
                .map(|(d, e)| format!("{}:{d}", class_of(e).unwrap_or("-")))
                .collect();
            report.details.push(format!(
                "{} {} {} source={:?} target={:?}: found [{}] in {:?}",
                s.id,
                if typed { "actors missed" } else { "missed" },
                s.plover,
                s.source.as_deref().unwrap_or(""),
                s.target.as_deref().unwrap_or(""),
                found.join("; "),
                s.text
            ));
        }
    }
    report
}

/// Where an argument is written in the text, as byte ranges: an entity's mentions, or the
/// words that begin with a concept's last word ("drone" is written "drones").
fn mentions(analysis: &Analysis<'_>, arg: &Arg) -> Vec<Range<usize>> {
    match arg {
        Arg::Entity(e) => analysis.linked.mentions.iter().filter(|m| m.entity == *e).map(|m| m.span.clone()).collect(),
        Arg::Concept(label) => {
            let head = label.rsplit(' ').next().unwrap_or(label);
            analysis
                .seg
                .tokens
                .iter()
                .zip(&analysis.tags.lower)
                .filter(|(_, lower)| !head.is_empty() && lower.starts_with(head))
                .map(|(t, _)| t.start..t.end)
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lexicon;

    fn coded(line: &str) -> CodedSentence {
        read("t.jsonl", line).expect("reads").remove(0)
    }

    #[test]
    fn a_sentence_is_typed_and_its_actors_found_by_overlap() {
        let lexicon = Lexicon::shipped().expect("data");
        let pipeline = Pipeline::new(&lexicon);
        let s = coded(
            r#"{"id": "a", "text": "Iran sent drones to Russia.", "plover": "AID", "source": "Iran", "target": "Russia", "source_span": [0, 4], "target_span": [20, 26]}"#,
        );
        let report = evaluate(std::slice::from_ref(&s), &pipeline);
        assert_eq!(report.by_class["AID"], ClassCounts { sentences: 1, typed: 1, actors: 1 });
        // the same event with the target marked elsewhere: typed, actors missed
        let mut wrong = s.clone();
        wrong.target_span = Some([10, 16]);
        wrong.plover = "AID".into();
        let report = evaluate(&[wrong], &pipeline);
        assert_eq!(report.by_class["AID"], ClassCounts { sentences: 1, typed: 1, actors: 0 });
        assert!(report.details[0].contains("actors missed AID"), "{:?}", report.details);
        // another class is missed
        let mut other = s;
        other.plover = "ASSAULT".into();
        let report = evaluate(&[other], &pipeline);
        assert_eq!(report.by_class["ASSAULT"].typed, 0);
        assert!(report.table().contains("all                  1     0.00          0.00"), "{}", report.table());
    }

    #[test]
    fn the_format_is_told_apart_and_bad_spans_are_named() {
        assert!(is_coded("\n{\"id\": \"a\", \"plover\": \"AID\"}\n"));
        assert!(!is_coded("{\"doc\": \"a\", \"events\": []}\n"));
        let error = read("t.jsonl", r#"{"id": "a", "text": "abc", "plover": "AID", "source_span": [1, 9]}"#)
            .expect_err("span past the end");
        assert_eq!(error.to_string(), "t.jsonl:1: the span [1, 9] is not inside the sentence's 3 characters");
    }
}
