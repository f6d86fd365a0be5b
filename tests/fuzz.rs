//! Text of any kind through the whole pipeline, the readers and `import`: nothing panics, and
//! what comes out is valid RDF. Property tests over arbitrary Unicode, text made of news words,
//! punctuation, quotes, numbers and dates, arbitrary `date` fields, and mutated real sentences;
//! plus the inputs that once crashed, through the library and the command line.
//!
//! `NEWSGRAPH_FUZZ_CASES` sets the cases per property (default 2,000); `docs/fuzzing.md` gives
//! the longer run and its figures.

mod common;

use assert_cmd::Command;
use newsgraph::emit::{EmitOptions, emit};
use newsgraph::ingest::{Document, parse_html, parse_jsonl_record, parse_txt};
use newsgraph::tag::Models;
use newsgraph::{Lexicon, Pipeline};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::GraphName;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::shipped().expect("data"))
}

fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| Models::shipped().expect("models"))
}

fn config() -> Config {
    let cases = std::env::var("NEWSGRAPH_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000);
    Config {
        cases,
        // a failing case is printed and becomes a fixture by hand; no files left behind
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// Runs both pipelines (trained models, and rules alone) and `emit` on a document, and checks
/// that its graph is valid RDF: serialised as N-Quads, it parses back to as many quads.
fn check(doc: &Document) {
    for pipeline in [Pipeline::with_models(lexicon(), models()), Pipeline::new(lexicon())] {
        let mut analysis = pipeline.analyse(doc);
        let graph = emit(&mut analysis, lexicon(), &EmitOptions::default());
        let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
        for quad in graph.quads.iter() {
            writer.serialize_quad(quad).expect("serialises");
        }
        let bytes = writer.finish().expect("serialises");
        let back = RdfParser::from_format(RdfFormat::NQuads).for_slice(&bytes).collect::<Result<Vec<_>, _>>();
        let back = back.unwrap_or_else(|e| panic!("invalid N-Quads for {:?}: {e}", doc.text));
        assert_eq!(back.len(), graph.quads.len());
    }
}

fn txt(text: &str) -> Option<Document> {
    let text = newsgraph::ingest::check_text(text.as_bytes().to_vec(), None).ok()?;
    Some(parse_txt(text, lexicon()))
}

/// Words, marks and numbers of news text, with the fragments scrapers leave.
const WORDS: &[&str] = &[
    "Iran",
    "Russia",
    "Ukraine",
    "Moscow",
    "Tehran",
    "Kyiv",
    "U.S.",
    "EU",
    "Ryabkov",
    "Sergei",
    "Zelenskiy",
    "Hezbollah",
    "Houthis",
    "NATO",
    "Mr",
    "Mrs",
    "Dr",
    "Lord",
    "al-Sudani",
    "Abbas",
    "the",
    "a",
    "an",
    "of",
    "to",
    "for",
    "from",
    "with",
    "on",
    "in",
    "by",
    "at",
    "that",
    "which",
    "who",
    "and",
    "or",
    "but",
    "not",
    "no",
    "never",
    "said",
    "says",
    "told",
    "denied",
    "denies",
    "accused",
    "according",
    "will",
    "would",
    "may",
    "has",
    "had",
    "was",
    "were",
    "been",
    "be",
    "is",
    "are",
    "sent",
    "supplies",
    "supplied",
    "supplying",
    "aid",
    "help",
    "helped",
    "build",
    "attack",
    "attacked",
    "struck",
    "killed",
    "sanctions",
    "sanctioned",
    "imposed",
    "lifted",
    "met",
    "visit",
    "visited",
    "urged",
    "threatened",
    "drones",
    "Shahed",
    "missiles",
    "shells",
    "weapons",
    "talks",
    "deal",
    "agreement",
    "he",
    "she",
    "it",
    "they",
    "his",
    "her",
    "its",
    "their",
    "them",
    "him",
    "this",
    "d",
    "lik",
    "ked",
    "en",
    "ۅ",
    "s",
    "'s",
    "’s",
    "n't",
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "-",
    "—",
    "–",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "“",
    "”",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "…",
    "/",
    "&",
    "%",
    "$",
    "0",
    "1",
    "2",
    "30",
    "2023",
    "1,000",
    "3.5",
    "10%",
    "$5",
    "Monday",
    "Saturday",
    "March",
    "2 March 2024",
    "2024-03-18",
    "last year",
    "next week",
    "yesterday",
    "ago",
    "AP",
    "Reuters",
    "RIA",
    "\n",
    "\n\n",
    "\t",
    " ",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{0301}",
    "é",
    "中国",
    "Россия",
    "إيران",
    "🇮🇷",
];

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..40).prop_map(|words| words.join(" "))
}

/// Sentences of the shipped sample articles, to mutate.
fn sentences() -> &'static [String] {
    static SENTENCES: OnceLock<Vec<String>> = OnceLock::new();
    SENTENCES.get_or_init(|| {
        let mut out = Vec::new();
        let samples = common::samples();
        let mut paths: Vec<_> =
            std::fs::read_dir(&samples).expect("samples").map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("sample");
            let text = if path.extension().is_some_and(|e| e == "jsonl") {
                text.lines()
                    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .filter_map(|v| v["text"].as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text
            };
            out.extend(text.split(['.', '\n']).map(str::trim).filter(|s| s.len() > 10).map(|s| format!("{s}.")));
        }
        out
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Repeat(usize, usize),
    Swap(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let piece = prop_oneof![prop::sample::select(WORDS).prop_map(str::to_owned), any::<char>().prop_map(String::from)];
    prop_oneof![
        (any::<usize>(), piece).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 0..12usize).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 0..12usize).prop_map(|(at, n)| Edit::Repeat(at, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
    ]
}

/// Applies edits to a text, character by character.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len() + 1;
        match e {
            Edit::Insert(at, s) => {
                let at = at % n;
                chars.splice(at..at, s.chars());
            }
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Edit::Repeat(at, len) => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(end..end, copy);
            }
            Edit::Swap(a, b) if !chars.is_empty() => {
                let (a, b) = (a % chars.len(), b % chars.len());
                chars.swap(a, b);
            }
            Edit::Swap(..) => {}
        }
    }
    chars.into_iter().collect()
}

fn mutated_sentences() -> impl Strategy<Value = String> {
    (prop::collection::vec(any::<prop::sample::Index>(), 1..4), prop::collection::vec(edit(), 0..8)).prop_map(
        |(picks, edits)| {
            let all = sentences();
            let text: Vec<&str> = picks.iter().map(|i| all[i.index(all.len())].as_str()).collect();
            mutate(&text.join(" "), &edits)
        },
    )
}

/// A `date` field: real forms, near misses and junk.
fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}(T[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?",
        "[0-9]{1,2} (January|March|Feb|Sept|Octember) -?[0-9]{1,6}",
        "(Monday|Saturday|yesterday|last year|next week)?[ ,]*[0-9]{0,5}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_unicode_text(text in any::<String>()) {
        if let Some(doc) = txt(&text) {
            check(&doc);
        }
    }

    #[test]
    fn text_of_news_words(text in news_text()) {
        if let Some(doc) = txt(&text) {
            check(&doc);
        }
    }

    #[test]
    fn mutated_real_sentences(text in mutated_sentences()) {
        if let Some(doc) = txt(&text) {
            check(&doc);
        }
    }

    #[test]
    fn records_with_any_date(text in prop_oneof![news_text(), mutated_sentences()], date in date(), title in any::<Option<String>>()) {
        let record = serde_json::json!({ "id": "fuzz", "title": title, "date": date, "text": text });
        if let Ok(doc) = parse_jsonl_record(&record.to_string(), 1) {
            check(&doc);
        }
    }

    #[test]
    fn json_lines_reader_takes_any_line(line in prop_oneof![
        any::<String>(),
        (mutated_sentences(), prop::collection::vec(edit(), 0..6)).prop_map(|(text, edits)| {
            mutate(&serde_json::json!({ "id": 1, "date": "2024-03-18", "text": text }).to_string(), &edits)
        }),
    ]) {
        if let Ok(doc) = parse_jsonl_record(&line, 1) {
            check(&doc);
        }
    }

    #[test]
    fn html_reader_takes_any_page(page in prop_oneof![
        any::<String>(),
        (mutated_sentences(), prop::collection::vec(edit(), 0..10)).prop_map(|(text, edits)| {
            let page = format!(
                "<html><head><title>{}</title><meta property=\"article:published_time\" content=\"2024-03-02\"></head>\
                 <body><article><h1>Headline</h1><p>{text}</p><p>{text}</p></article></body></html>",
                text.chars().take(30).collect::<String>()
            );
            mutate(&page, &edits)
        }),
    ]) {
        if let Ok(doc) = parse_html(&page) {
            check(&doc);
        }
    }
}

/// N-Triples and Turtle, as an outside source might send them, with edits.
fn rdf_text() -> impl Strategy<Value = (bool, String)> {
    const NT: &str = "<http://example.org/iran> <http://www.w3.org/2000/01/rdf-schema#label> \"Iran\"@en .\n\
        <http://example.org/iran> <http://example.org/supplies> <http://example.org/russia> .\n\
        _:b1 <http://example.org/says> \"drones \\\"Shahed\\\" \\u00e9\" .\n\
        <http://example.org/iran> <http://example.org/pop> \"88\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n";
    const TTL: &str = "@prefix ex: <http://example.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
        ex:iran rdfs:label \"Iran\"@en ; ex:supplies ex:russia , [ ex:kind \"drone\" ] .\n\
        ex:russia ex:said \"\"\"long\nquote\"\"\" ; ex:list ( 1 2.5 \"x\" ) .\n";
    (any::<bool>(), prop::collection::vec(edit(), 0..10))
        .prop_map(|(turtle, edits)| (turtle, mutate(if turtle { TTL } else { NT }, &edits)))
}

#[test]
fn import_takes_mutated_turtle_and_n_triples() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = oxigraph::store::Store::open(dir.path().join("db")).expect("store");
    let base = newsgraph::vocab::DEFAULT_BASE;
    let graph = newsgraph::merge::source_graph(base, "fuzz");
    let mut config = config();
    // each case commits to the store on disk: fewer of them
    config.cases = config.cases.div_ceil(10);
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&rdf_text(), |(turtle, text)| {
            let format = if turtle { RdfFormat::Turtle } else { RdfFormat::NTriples };
            let name = GraphName::NamedNode(graph.clone());
            match newsgraph::merge::parse("fuzz.rdf", format, text.as_bytes(), name, false) {
                Ok(quads) => {
                    let imported =
                        newsgraph::merge::import(&store, base, "fuzz", "fuzz.rdf", quads, "2024-01-01T00:00:00Z")
                            .expect("imports");
                    // the source's graph holds exactly what was parsed: the last import replaced the one before
                    let held = store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())).count();
                    prop_assert_eq!(held, imported.triples);
                }
                Err(e) => {
                    // a syntax error names the file and a position, and stores nothing
                    let message = e.to_string();
                    prop_assert!(message.contains("fuzz.rdf"), "{}", message);
                }
            }
            Ok(())
        })
        .expect("no failing case");
}

/// The files of `tests/fixtures/crashes`: texts that once made the pipeline panic.
fn crashes() -> Vec<std::path::PathBuf> {
    let dir = common::root().join("tests/fixtures/crashes");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 4, "the crash fixtures are there");
    paths
}

#[test]
fn texts_that_once_crashed_go_through_the_pipeline() {
    for path in crashes() {
        let text = std::fs::read_to_string(&path).expect("fixture");
        check(&txt(&text).expect("a text"));
    }
}

#[test]
fn texts_that_once_crashed_are_built_with_the_rest_of_their_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::cargo_bin("newsgraph").expect("binary");
    cmd.env_remove("NEWSGRAPH_STORE").env_remove("NEWSGRAPH_DATA");
    cmd.arg("--store").arg(dir.path().join("db")).arg("build").arg(common::samples());
    for path in crashes() {
        cmd.arg(path);
    }
    let output = cmd.output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("documents: {}", 5 + crashes().len())) && stderr.contains("skipped:   0"),
        "{stderr}"
    );
}
