//! Helpers shared by the integration tests: paths to shared data and an in-memory graph of
//! extracted documents.

#![allow(dead_code)]

use newsgraph::batch::{self, Options};
use newsgraph::ingest::Input;
use newsgraph::{Lexicon, vocab};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::path::{Path, PathBuf};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The third-party data the tests read: `NEWSGRAPH_SHARED`, or `../shared` beside the clone.
pub fn shared() -> PathBuf {
    std::env::var_os("NEWSGRAPH_SHARED").map_or_else(|| root().join("..").join("shared"), PathBuf::from)
}

/// `../shared/PATH` when it is there. When it is not, prints one line naming what is missing
/// and returns None, so the test passes as skipped on a clone with nothing beside it; with
/// `NEWSGRAPH_REQUIRE_DATA` set (CI sets it) a missing file fails the test instead.
pub fn shared_file(path: &str) -> Option<PathBuf> {
    let full = shared().join(path);
    if full.exists() {
        return Some(full);
    }
    assert!(std::env::var_os("NEWSGRAPH_REQUIRE_DATA").is_none(), "{} is missing", full.display());
    eprintln!("skipped: {} is not there", full.display());
    None
}

/// A seed article of `../shared/seeds`, when it is there (see [`shared_file`]).
pub fn seed(name: &str) -> Option<PathBuf> {
    shared_file(&format!("seeds/{name}"))
}

/// The two seed articles, when they are there.
pub fn seeds() -> Option<[PathBuf; 2]> {
    Some([seed("reuters-russia-iran-ties.txt")?, seed("cradle-iran-russia-drones.txt")?])
}

/// An in-memory store of both seed articles, when they are there.
pub fn seeds_graph() -> Option<Store> {
    let [a, b] = seeds()?;
    Some(graph_of(&[&a, &b]))
}

/// The sample articles of `data/samples`.
pub fn samples() -> PathBuf {
    root().join("data").join("samples")
}

/// The options users get: the shipped models on.
pub fn shipped_options() -> Options {
    Options {
        models: Some(std::sync::Arc::new(newsgraph::tag::Models::shipped().expect("models"))),
        ..Options::default()
    }
}

/// Extracts inputs to N-Quads in memory, as `newsgraph extract` does.
pub fn extract_nquads(inputs: &[&Path]) -> Vec<u8> {
    let lexicon = Lexicon::shipped().expect("data");
    let inputs: Vec<Input> = inputs.iter().map(|p| Input::Path(p.to_path_buf())).collect();
    let mut out: Vec<u8> = Vec::new();
    let report = batch::extract(
        &inputs,
        &lexicon,
        &shipped_options(),
        RdfFormat::NQuads,
        &mut out,
        Box::new(std::io::empty()),
        &|_| {},
    )
    .expect("extracts");
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    out
}

/// An in-memory store holding the extracted graph of the inputs and the ontology.
pub fn graph_of(inputs: &[&Path]) -> Store {
    let nquads = extract_nquads(inputs);
    let store = Store::new().expect("store");
    store.load_from_slice(RdfParser::from_format(RdfFormat::NQuads), &nquads).expect("loads");
    newsgraph::store::load_ontology(&store).expect("ontology");
    store
}

/// The design card's speaker, typed, titled and affiliated (seeds and samples alike).
pub const RYABKOV_IS_TITLED: &str = r#"ASK { person:sergei-ryabkov a ng:Person ; rdfs:label "Sergei Ryabkov" ;
    schema:jobTitle "Deputy Foreign Minister" ; schema:affiliation country:RUS }"#;

/// The design card's denial: Moscow denies that its forces used the drones in Ukraine, a
/// negated claim of Russia's.
pub const MOSCOW_DENIES_USING_DRONES: &str = r#"ASK { ?d a ng:Deny ; ng:cameo "01" ; ng:agent country:RUS ; ng:content ?u .
    ?u a ng:Use ; ng:agent country:RUS ; ng:location country:UKR ; ng:negated true ;
       ng:claimedBy country:RUS ; ng:trigger "used" }"#;

/// A plain, un-negated use drawn from the sentence of the denial (there must be none).
pub const NO_PLAIN_USE_FROM_THE_DENIAL: &str = r#"ASK { ?u a ng:Use ; ng:negated false ; prov:wasDerivedFrom ?s .
    ?s nif:anchorOf ?text . FILTER(CONTAINS(?text, "Moscow has denied")) }"#;

/// Runs an ASK query (with the graph's prefixes, union default graph).
pub fn ask(store: &Store, query: &str) -> bool {
    let mut prepared = newsgraph::query::evaluator(vocab::DEFAULT_BASE).parse_query(query).expect("query parses");
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared.on_store(store).execute().expect("runs") {
        QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK query"),
    }
}

/// Runs a SELECT query and returns its rows as compact strings.
pub fn select(store: &Store, query: &str) -> Vec<Vec<String>> {
    let mut prepared = newsgraph::query::evaluator(vocab::DEFAULT_BASE).parse_query(query).expect("query parses");
    prepared.dataset_mut().set_default_graph_as_union();
    match prepared.on_store(store).execute().expect("runs") {
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            solutions
                .map(|s| {
                    let s = s.expect("solution");
                    vars.iter()
                        .map(|v| {
                            s.get(v).map(|t| newsgraph::query::compact(t, vocab::DEFAULT_BASE)).unwrap_or_default()
                        })
                        .collect()
                })
                .collect()
        }
        _ => panic!("not a SELECT query"),
    }
}

/// Whether a program is installed; CI sets NEWSGRAPH_REQUIRE_TOOLS so that a missing install
/// fails instead of skipping the check.
pub fn tool(name: &str) -> bool {
    // looked up on PATH, not run: some programs (chromedriver) start a server on any flag
    let found =
        std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()));
    if !found {
        assert!(std::env::var_os("NEWSGRAPH_REQUIRE_TOOLS").is_none(), "{name} is not installed");
        eprintln!("{name} is not installed: check skipped");
    }
    found
}
