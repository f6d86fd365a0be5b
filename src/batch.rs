//! Runs the pipeline over many inputs: documents stream in, are extracted in parallel in
//! chunks (output order is input order), and go to the store or to an RDF writer.

use crate::contain::contain;
use crate::emit::{DocGraph, DocStats, EmitOptions, emit};
use crate::ingest::{Document, Input, Item, documents};
use crate::lexicon::Lexicon;
use crate::pipeline::Pipeline;
use crate::store::{Loaded, Loader};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

/// Documents extracted together; big enough to keep every core busy, small enough that memory
/// stays flat.
pub const CHUNK: usize = 256;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Documents extracted.
    pub documents: usize,
    /// Documents whose graph replaced an earlier one in the store.
    pub replaced: usize,
    /// Documents whose text came earlier in the run.
    pub duplicates: usize,
    /// Sentences.
    pub sentences: usize,
    /// Name mentions.
    pub mentions: usize,
    /// Distinct entities.
    pub entities: usize,
    /// Events.
    pub events: usize,
    /// Quads written.
    pub quads: usize,
    /// Bytes of article text.
    pub bytes: usize,
    /// Inputs skipped, with the reason.
    pub skipped: Vec<(String, String)>,
    /// How many of the skipped were documents whose extraction panicked (a bug, contained).
    pub panicked: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl Report {
    /// A summary for people, one line per figure.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "documents: {}{}{}\nsentences: {}\nentities:  {} ({} mentions)\nevents:    {}\nquads:     {}\nseconds:   {:.2} ({:.2} MB/s of text)\n",
            self.documents,
            if self.replaced > 0 { format!(" ({} replaced)", self.replaced) } else { String::new() },
            if self.duplicates > 0 { format!(", {} duplicates left out", self.duplicates) } else { String::new() },
            self.sentences,
            self.entities,
            self.mentions,
            self.events,
            self.quads,
            self.seconds,
            if self.seconds > 0.0 { self.bytes as f64 / 1e6 / self.seconds } else { 0.0 },
        );
        if self.skipped.is_empty() {
            s.push_str("skipped:   0\n");
        } else {
            s.push_str(&format!("skipped:   {}\n", self.skipped.len()));
            for (origin, reason) in &self.skipped {
                s.push_str(&format!("  {origin}: {reason}\n"));
            }
        }
        s
    }
}

/// Progress, reported after each chunk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents done.
    pub documents: usize,
    /// Bytes of text done.
    pub bytes: usize,
}

/// Options of a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// IRI options.
    pub emit: EmitOptions,
    /// Quads of new documents gathered before each bulk commit (default
    /// [`crate::store::BULK_BATCH_QUADS`]): smaller commits lose less to an interruption,
    /// larger ones load faster.
    pub batch_quads: Option<usize>,
    /// The trained models; without them names come from the gazetteers and rules alone.
    pub models: Option<std::sync::Arc<crate::tag::Models>>,
}

enum Outcome {
    Graph(DocGraph),
    Skipped(String, String),
    Panicked(String, String),
}

/// Turns one document into its graph: the pipeline and `emit`, or a stand-in in tests.
type Extractor<'e> = dyn Fn(&Document) -> DocGraph + Sync + 'e;

/// Streams the inputs through the pipeline (or `custom`, in tests), chunk by chunk, in
/// parallel, calling `sink` with each chunk's outcomes in input order. A panic while extracting
/// a document is contained to it: the document is skipped with the panic's message and place,
/// and the batch goes on.
fn run(
    inputs: &[Input],
    lexicon: &Lexicon,
    options: &Options,
    stdin: Box<dyn Read + Send + '_>,
    custom: Option<&Extractor<'_>>,
    mut sink: impl FnMut(Vec<Outcome>) -> Result<(), StorageError> + Send,
) -> Result<(), StorageError> {
    let pipeline = match &options.models {
        Some(models) => Pipeline::with_models(lexicon, models),
        None => Pipeline::new(lexicon),
    };
    let standard = |doc: &Document| {
        let mut analysis = pipeline.analyse(doc);
        emit(&mut analysis, lexicon, &options.emit)
    };
    let extract = custom.unwrap_or(&standard);
    let mut items = documents(inputs, lexicon, stdin);
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<Outcome>>(2);
        let consumer = scope.spawn(move || -> Result<(), StorageError> {
            for chunk in rx {
                sink(chunk)?;
            }
            Ok(())
        });
        loop {
            let chunk: Vec<Item> = items.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let outcomes: Vec<Outcome> = chunk
                .into_par_iter()
                .map(|item| match item.result {
                    Ok(doc) => match contain(|| extract(&doc)) {
                        Ok(graph) => Outcome::Graph(graph),
                        Err(panicked) => Outcome::Panicked(item.origin, panicked.to_string()),
                    },
                    Err(e) => Outcome::Skipped(item.origin, e.to_string()),
                })
                .collect();
            if tx.send(outcomes).is_err() {
                break;
            }
        }
        drop(tx);
        consumer.join().unwrap_or_else(|_| Err(StorageError::Other("the loader thread panicked".into())))
    })
}

struct Tally<'p> {
    report: Report,
    entities: HashSet<String>,
    progress: &'p (dyn Fn(Progress) + Sync),
}

impl Tally<'_> {
    /// Counts a document that was loaded or written, with the quads that went out for it.
    fn count(&mut self, stats: DocStats, entities: Vec<String>, quads: usize) {
        self.report.documents += 1;
        self.report.sentences += stats.sentences;
        self.report.mentions += stats.mentions;
        self.report.events += stats.events;
        self.report.quads += quads;
        self.report.bytes += stats.bytes;
        self.entities.extend(entities);
    }

    fn skip(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Skipped(origin, reason) => self.report.skipped.push((origin, reason)),
            Outcome::Panicked(origin, reason) => {
                self.report.panicked += 1;
                self.report.skipped.push((origin, reason));
            }
            Outcome::Graph(_) => {}
        }
    }

    fn tick(&self) {
        (self.progress)(Progress {
            documents: self.report.documents + self.report.duplicates,
            bytes: self.report.bytes,
        });
    }

    fn finish(mut self, start: Instant) -> Report {
        self.report.entities = self.entities.len();
        self.report.seconds = start.elapsed().as_secs_f64();
        self.report
    }
}

/// Builds (or updates) the store from the inputs; the ontology is loaded into its own graph.
pub fn build(
    store: &Store,
    inputs: &[Input],
    lexicon: &Lexicon,
    options: &Options,
    stdin: Box<dyn Read + Send + '_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, StorageError> {
    build_by(store, inputs, lexicon, options, stdin, progress, None)
}

/// [`build`] with the extraction given (tests make it panic on one document).
fn build_by(
    store: &Store,
    inputs: &[Input],
    lexicon: &Lexicon,
    options: &Options,
    stdin: Box<dyn Read + Send + '_>,
    progress: &(dyn Fn(Progress) + Sync),
    custom: Option<&Extractor<'_>>,
) -> Result<Report, StorageError> {
    let start = Instant::now();
    crate::store::load_ontology(store)?;
    let mut loader = Loader::new(store);
    if let Some(n) = options.batch_quads {
        loader = loader.with_batch_quads(n);
    }
    let mut tally = Tally { report: Report::default(), entities: HashSet::new(), progress };
    run(inputs, lexicon, options, stdin, custom, |chunk| {
        for outcome in chunk {
            match outcome {
                Outcome::Graph(mut graph) => {
                    let (stats, quads, entities) =
                        (graph.stats, graph.quads.len(), std::mem::take(&mut graph.entities));
                    match loader.add(graph)? {
                        Loaded::Duplicate => tally.report.duplicates += 1,
                        loaded => {
                            tally.count(stats, entities, quads);
                            if loaded == Loaded::Replaced {
                                tally.report.replaced += 1;
                            }
                        }
                    }
                }
                other => tally.skip(other),
            }
        }
        tally.tick();
        Ok(())
    })?;
    loader.finish()?;
    Ok(tally.finish(start))
}

/// RDF formats `extract` writes.
pub fn rdf_format(name: &str) -> Option<RdfFormat> {
    Some(match name {
        "turtle" | "ttl" => RdfFormat::Turtle,
        "ntriples" | "nt" => RdfFormat::NTriples,
        "nquads" | "nq" => RdfFormat::NQuads,
        "trig" => RdfFormat::TriG,
        "jsonld" | "json-ld" => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
        "rdfxml" | "xml" => RdfFormat::RdfXml,
        _ => return None,
    })
}

/// Extracts the inputs and writes their graphs to `out` in `format`. Formats without named
/// graphs (Turtle, N-Triples, JSON-LD, RDF/XML) get the union of the documents' triples.
pub fn extract(
    inputs: &[Input],
    lexicon: &Lexicon,
    options: &Options,
    format: RdfFormat,
    out: &mut (dyn Write + Send),
    stdin: Box<dyn Read + Send + '_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Report, StorageError> {
    let start = Instant::now();
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
        // document IRIs carry fragments (#char=…) that prefixed names would have to escape
        for (prefix, iri) in crate::vocab::all_prefixes(&options.emit.base).into_iter().filter(|(p, _)| p != "ngr") {
            serializer = serializer.with_prefix(prefix, iri).map_err(|e| StorageError::Other(e.into()))?;
        }
    }
    let named = format.supports_datasets();
    let mut writer = serializer.for_writer(out);
    let mut tally = Tally { report: Report::default(), entities: HashSet::new(), progress };
    let mut seen = HashSet::new();
    // what entities are is repeated by every document that names them: written once
    let shared = oxigraph::model::GraphName::NamedNode(crate::emit::entities_graph(&options.emit.base));
    let mut written_shared: HashSet<oxigraph::model::Quad> = HashSet::new();
    run(inputs, lexicon, options, stdin, None, |chunk| {
        for outcome in chunk {
            match outcome {
                Outcome::Graph(mut graph) => {
                    if !seen.insert(graph.iri.clone()) {
                        tally.report.duplicates += 1;
                        continue;
                    }
                    let mut written = 0;
                    for quad in &graph.quads {
                        if quad.graph_name == shared.as_ref() && !written_shared.insert(quad.into_owned()) {
                            continue;
                        }
                        written += 1;
                        if named {
                            writer.serialize_quad(quad)?;
                        } else {
                            writer.serialize_triple(quad)?;
                        }
                    }
                    tally.count(graph.stats, std::mem::take(&mut graph.entities), written);
                }
                other => tally.skip(other),
            }
        }
        tally.tick();
        Ok(())
    })?;
    writer.finish()?;
    Ok(tally.finish(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extraction_keeps_input_order_and_reports_skips_in_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lines = String::new();
        for i in 0..(CHUNK + 10) {
            if i == 7 {
                lines.push_str("{\"id\": \"broken\"\n");
            } else {
                lines.push_str(&format!("{{\"id\": \"d{i}\", \"text\": \"Iran sent {i} drones to Russia.\"}}\n"));
            }
        }
        let path = dir.path().join("many.jsonl");
        std::fs::write(&path, lines).expect("write");
        let lexicon = Lexicon::shipped().expect("data");
        let mut out: Vec<u8> = Vec::new();
        let report = extract(
            &[Input::Path(path)],
            &lexicon,
            &Options::default(),
            RdfFormat::NQuads,
            &mut out,
            Box::new(std::io::empty()),
            &|_| {},
        )
        .expect("extracts");
        assert_eq!(report.documents, CHUNK + 9);
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].0.ends_with("many.jsonl:8"), "{:?}", report.skipped);
        // identifiers come out in input order, and the report counts the quads written (what
        // entities are goes out once, however many documents name them)
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(report.quads, text.lines().count());
        let iran_label =
            text.lines().filter(|l| l.contains("country/IRN> <http://www.w3.org/2000/01/rdf-schema#label>")).count();
        assert_eq!(iran_label, 1);
        let ids: Vec<&str> =
            text.lines().filter(|l| l.contains("schema.org/identifier")).filter_map(|l| l.split('"').nth(1)).collect();
        let expected: Vec<String> = (0..(CHUNK + 10)).filter(|i| *i != 7).map(|i| format!("d{i}")).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn a_document_that_panics_is_skipped_and_the_rest_of_the_batch_is_stored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lines: String = (0..40)
            .map(|i| format!("{{\"id\": \"d{i}\", \"text\": \"Iran sent {i} drones to Russia, officials said.\"}}\n"))
            .collect();
        let path = dir.path().join("batch.jsonl");
        std::fs::write(&path, lines).expect("write");
        let lexicon = Lexicon::shipped().expect("data");
        let options = Options::default();
        let pipeline = Pipeline::new(&lexicon);
        // the test-only hook: the extraction panics on one document, as a bug would
        let faulty = |doc: &Document| {
            assert!(!doc.text.contains(" 13 drones"), "made to fail on document 13");
            emit(&mut pipeline.analyse(doc), &lexicon, &options.emit)
        };
        let store = Store::open(dir.path().join("db")).expect("store");
        let report = build_by(
            &store,
            &[Input::Path(path)],
            &lexicon,
            &options,
            Box::new(std::io::empty()),
            &|_| {},
            Some(&faulty),
        )
        .expect("the batch is built");
        assert_eq!(report.documents, 39);
        assert_eq!((report.skipped.len(), report.panicked), (1, 1), "{:?}", report.skipped);
        let (origin, reason) = &report.skipped[0];
        assert!(origin.ends_with("batch.jsonl:14"), "{origin}");
        assert!(reason.contains("made to fail on document 13") && reason.contains("src/batch.rs:"), "{reason}");
        // every other document is in the store, each in its own graph
        let identifier = oxigraph::model::NamedNodeRef::new_unchecked("https://schema.org/identifier");
        let mut ids: Vec<String> = store
            .quads_for_pattern(None, Some(identifier), None, None)
            .map(|q| match q.expect("reads").object {
                oxigraph::model::Term::Literal(l) => l.value().to_string(),
                other => other.to_string(),
            })
            .collect();
        ids.sort();
        let mut expected: Vec<String> = (0..40).filter(|i| *i != 13).map(|i| format!("d{i}")).collect();
        expected.sort();
        assert_eq!(ids, expected);
    }

    #[test]
    fn the_summary_names_what_was_skipped() {
        let report =
            Report { documents: 2, skipped: vec![("a.txt".into(), "empty: no text".into())], ..Report::default() };
        let summary = report.summary();
        assert!(summary.contains("documents: 2\n"));
        assert!(summary.contains("skipped:   1\n  a.txt: empty: no text\n"), "{summary}");
    }
}
