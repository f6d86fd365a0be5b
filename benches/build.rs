//! Throughput of the whole pipeline on the Reuters corpus: extraction alone, a build into the
//! on-disk store (bulk loader), and the same quads loaded one transaction per document, side
//! by side. Run with `cargo bench --bench build`; prints MB/s of text, documents/s and quads/s
//! (`NEWSGRAPH_BENCH_PIPELINE_ONLY=1` stops after the one-core pipeline figures;
//! `NEWSGRAPH_BENCH_PIPELINE=models` or `=rules` runs only that one of them, for profiles).
//! NEWSGRAPH_BENCH_CORPUS names another JSON Lines file.

use newsgraph::batch::{self, Options};
use newsgraph::emit::emit;
use newsgraph::ingest::{Input, documents};
use newsgraph::{Lexicon, Pipeline};
use oxigraph::io::RdfFormat;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let corpus = std::env::var_os("NEWSGRAPH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/reuters21578.jsonl"));
    if !corpus.is_file() {
        eprintln!("no corpus at {}", corpus.display());
        std::process::exit(1);
    }
    let lexicon = Lexicon::shipped().expect("data");
    let models = std::sync::Arc::new(newsgraph::tag::Models::shipped().expect("models"));
    // as `newsgraph build` runs: the trained models on
    let options = Options { models: Some(models.clone()), ..Options::default() };
    let inputs = vec![Input::Path(corpus.clone())];
    let threads = rayon::current_num_threads();
    println!("corpus: {}  threads: {threads}", corpus.display());

    // the whole pipeline on one core, raw text to quads in memory: the per-core figure
    let docs: Vec<_> =
        documents(&inputs, &lexicon, Box::new(std::io::empty())).filter_map(|item| item.result.ok()).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let only = std::env::var("NEWSGRAPH_BENCH_PIPELINE").unwrap_or_default();
    for (name, pipeline) in [
        ("pipeline, rules, 1 core", Pipeline::new(&lexicon)),
        ("pipeline, models, 1 core", Pipeline::with_models(&lexicon, &models)),
    ] {
        if !only.is_empty() && !name.contains(only.as_str()) {
            continue;
        }
        let start = Instant::now();
        let mut quads = 0;
        for doc in &docs {
            let mut analysis = pipeline.analyse(doc);
            quads += emit(&mut analysis, &lexicon, &Default::default()).quads.len();
        }
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{name:<24} {:>7.2} MB/s  {:>10.0} quads/s  ({} documents, {:.1} MB, {quads} quads, {seconds:.1} s)",
            bytes as f64 / 1e6 / seconds,
            quads as f64 / seconds,
            docs.len(),
            bytes as f64 / 1e6
        );
    }
    drop(docs);
    if std::env::var_os("NEWSGRAPH_BENCH_PIPELINE_ONLY").is_some() {
        return;
    }

    // extraction only, N-Quads to nowhere: with the names of rules and gazetteers alone, and
    // with the trained models as well
    for (name, options) in [("extract, rules only", &Options::default()), ("extract, with models", &options)] {
        let start = Instant::now();
        let mut sink = std::io::sink();
        let report = batch::extract(
            &inputs,
            &lexicon,
            options,
            RdfFormat::NQuads,
            &mut sink,
            Box::new(std::io::empty()),
            &|_| {},
        )
        .expect("extracts");
        line(name, &report, start.elapsed().as_secs_f64());
    }

    // a build into a fresh on-disk store: ontology, extraction and bulk loads
    let dir = tempfile::tempdir().expect("tempdir");
    let store = newsgraph::store::open(&dir.path().join("db"), newsgraph::store::OpenMode::Create).expect("store");
    let start = Instant::now();
    let report =
        batch::build(&store, &inputs, &lexicon, &options, Box::new(std::io::empty()), &|_| {}).expect("builds");
    line("build (bulk loader)", &report, start.elapsed().as_secs_f64());
    drop(store);

    // the same documents, each graph in a transaction of its own
    let store = newsgraph::store::open(&dir.path().join("db2"), newsgraph::store::OpenMode::Create).expect("store");
    let pipeline = Pipeline::with_models(&lexicon, &models);
    let start = Instant::now();
    let mut quads = 0;
    for item in documents(&inputs, &lexicon, Box::new(std::io::empty())) {
        let Ok(doc) = item.result else { continue };
        let mut analysis = pipeline.analyse(&doc);
        let graph = emit(&mut analysis, &lexicon, &Default::default());
        quads += graph.quads.len();
        let mut transaction = store.start_transaction().expect("transaction");
        transaction.extend(graph.quads.iter());
        transaction.commit().expect("commit");
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<24} {:>10.0} quads/s  (one thread, {quads} quads in {seconds:.1} s)",
        "load (transactions)",
        quads as f64 / seconds
    );
}

fn line(name: &str, report: &batch::Report, seconds: f64) {
    println!(
        "{name:<24} {:>7.2} MB/s  {:>8.0} documents/s  {:>10.0} quads/s  ({} documents, {:.1} MB, {} quads, {} events, {seconds:.1} s)",
        report.bytes as f64 / 1e6 / seconds,
        report.documents as f64 / seconds,
        report.quads as f64 / seconds,
        report.documents,
        report.bytes as f64 / 1e6,
        report.quads,
        report.events,
    );
}
