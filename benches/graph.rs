//! Import and diagram speed: a million triples of outside data (DBpedia-like places with
//! names and coordinates) imported through the bulk loader, and side by side through one
//! transaction; the Reuters corpus's extracted graph (a million quads) merged, then depth-2
//! focus diagrams on it. Run with `cargo bench --bench graph`; prints triples/s and
//! milliseconds per diagram. NEWSGRAPH_BENCH_CORPUS names another JSON Lines file;
//! NEWSGRAPH_BENCH_QUADS the store size.

use newsgraph::batch::{self, Options};
use newsgraph::dot::{DiagramOptions, diagram};
use newsgraph::graph::Selection;
use newsgraph::ingest::Input;
use newsgraph::{Lexicon, merge};
use oxigraph::io::RdfFormat;
use oxigraph::model::GraphName;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

const BASE: &str = newsgraph::vocab::DEFAULT_BASE;

/// N-Triples of `n` places: a name, coordinates and a country each (four triples a place).
fn outside_data(n: usize) -> String {
    let mut out = String::with_capacity(n * 130);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n / 4 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (lat, long) = ((x % 18_000) as f64 / 100.0 - 90.0, ((x >> 20) % 36_000) as f64 / 100.0 - 180.0);
        let r = format!("<http://example.org/resource/Place_{i}>");
        let _ = writeln!(out, "{r} <http://xmlns.com/foaf/0.1/name> \"Place number {i}\"@en .");
        let _ = writeln!(
            out,
            "{r} <http://www.w3.org/2003/01/geo/wgs84_pos#lat> \"{lat}\"^^<http://www.w3.org/2001/XMLSchema#float> ."
        );
        let _ = writeln!(
            out,
            "{r} <http://www.w3.org/2003/01/geo/wgs84_pos#long> \"{long}\"^^<http://www.w3.org/2001/XMLSchema#float> ."
        );
        let _ = writeln!(
            out,
            "{r} <http://dbpedia.org/ontology/country> <http://example.org/resource/Country_{}> .",
            i % 200
        );
    }
    out
}

fn main() {
    let wanted: usize = std::env::var("NEWSGRAPH_BENCH_QUADS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");

    // outside RDF: parse the whole file first (a syntax error loads nothing), then the bulk loader
    let text = outside_data(wanted);
    println!("outside data: {wanted} triples, {:.0} MB of N-Triples", text.len() as f64 / 1e6);
    let store = newsgraph::store::open(&dir.path().join("import"), newsgraph::store::OpenMode::Create).expect("store");
    let start = Instant::now();
    let graph = GraphName::NamedNode(merge::source_graph(BASE, "places"));
    let quads = merge::parse("places.nt", RdfFormat::NTriples, text.as_bytes(), graph.clone(), false).expect("parses");
    let parsed = start.elapsed().as_secs_f64();
    let done = merge::import(&store, BASE, "places", "places.nt", quads, "2026-01-01T00:00:00Z").expect("imports");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<34} {:>10.0} triples/s  (parse {parsed:.2} s, total {seconds:.2} s; the loader alone {:.0} triples/s)",
        "import, bulk loader",
        done.triples as f64 / seconds,
        done.triples as f64 / (seconds - parsed)
    );
    let start = Instant::now();
    newsgraph::store::compact(&store).expect("compacts");
    println!("{:<34} {:>10.2} s", "compaction after import", start.elapsed().as_secs_f64());
    let start = Instant::now();
    merge::align(&store, BASE).expect("aligns");
    println!("{:<34} {:>10.2} s", "alignment after import", start.elapsed().as_secs_f64());
    drop(store);
    if std::env::var_os("NEWSGRAPH_BENCH_IMPORT_ONLY").is_some() {
        return;
    }

    // a tenth as many through one transaction: it is slow enough to measure on less
    let tenth = outside_data(wanted / 10);
    let other = newsgraph::store::open(&dir.path().join("tx"), newsgraph::store::OpenMode::Create).expect("store");
    let start = Instant::now();
    let quads = merge::parse("places.nt", RdfFormat::NTriples, tenth.as_bytes(), graph, false).expect("parses");
    let mut transaction = other.start_transaction().expect("transaction");
    transaction.extend(quads.iter());
    transaction.commit().expect("commits");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<34} {:>10.0} triples/s  ({} triples, {seconds:.2} s)",
        "import, one transaction",
        (wanted / 10) as f64 / seconds,
        wanted / 10
    );
    drop(other);
    drop(text);

    // our own graph: the corpus extracted, its first million quads merged into a store
    let corpus = std::env::var_os("NEWSGRAPH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/reuters21578.jsonl"));
    let lexicon = Lexicon::shipped().expect("data");
    let models = std::sync::Arc::new(newsgraph::tag::Models::shipped().expect("models"));
    let options = Options { models: Some(models), ..Options::default() };
    let mut nquads = Vec::new();
    batch::extract(
        &[Input::Path(corpus.clone())],
        &lexicon,
        &options,
        RdfFormat::NQuads,
        &mut nquads,
        Box::new(std::io::empty()),
        &|_| {},
    )
    .expect("extracts");
    let cut =
        nquads.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(wanted - 1).map_or(nquads.len(), |(i, _)| i + 1);
    nquads.truncate(cut);
    let store = newsgraph::store::open(&dir.path().join("merge"), newsgraph::store::OpenMode::Create).expect("store");
    newsgraph::store::load_ontology(&store).expect("ontology");
    let start = Instant::now();
    let quads =
        merge::parse("corpus.nq", RdfFormat::NQuads, nquads.as_slice(), GraphName::DefaultGraph, true).expect("parses");
    let loaded = merge::add_quads(&store, BASE, quads).expect("loads");
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<34} {:>10.0} quads/s  ({loaded} quads of {}, {:.0} MB, {seconds:.2} s)",
        "merge of extracted N-Quads",
        loaded as f64 / seconds,
        corpus.display(),
        nquads.len() as f64 / 1e6
    );

    // as `newsgraph merge` does
    let start = Instant::now();
    newsgraph::store::compact(&store).expect("compacts");
    println!("{:<34} {:>10.2} s", "compaction after merge", start.elapsed().as_secs_f64());
    // depth-2 focus diagrams: a middling entity and the corpus's largest hubs, then the first
    // again with the store's caches warm
    for name in ["country:IRN", "country:JPN", "country:USA", "country:IRN"] {
        let options = DiagramOptions {
            focus: vec![name.into()],
            selection: Selection { depth: 2, ..Selection::default() },
            ..DiagramOptions::default()
        };
        let start = Instant::now();
        let text = diagram(&store, BASE, &options).expect("diagram");
        let seconds = start.elapsed().as_secs_f64();
        let edges = text.lines().filter(|l| l.contains("->")).count();
        println!("{:<34} {:>10.1} ms  ({edges} edges drawn)", format!("dot --focus {name} --depth 2"), seconds * 1e3);
    }
}
