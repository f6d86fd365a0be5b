//! A build killed midway loses nothing that was in the store and leaves no document half loaded.

mod common;

use assert_cmd::cargo::CommandCargoExt;
use common::samples;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn build_samples(store: &std::path::Path) {
    let status = Command::cargo_bin("newsgraph")
        .expect("binary")
        .arg("--store")
        .arg(store)
        .args(["build", "--quiet"])
        .arg(samples())
        .status()
        .expect("runs");
    assert!(status.success());
}

fn count(store: &std::path::Path, sparql: &str) -> usize {
    column(store, sparql).first().and_then(|l| l.trim().parse().ok()).expect("a count")
}

fn column(store: &std::path::Path, sparql: &str) -> Vec<String> {
    let output = Command::cargo_bin("newsgraph")
        .expect("binary")
        .arg("--store")
        .arg(store)
        .args(["query", sparql, "--format", "csv"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().skip(1).map(|l| l.trim().to_owned()).collect()
}

#[test]
fn killing_a_build_keeps_what_was_stored() {
    let Some(corpus) = common::shared_file("corpus/reuters21578.jsonl") else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    build_samples(&store);
    let articles = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a schema:NewsArticle }";
    let before = count(&store, articles);
    assert_eq!(before, 5);
    let sample_graphs: Vec<String> =
        column(&store, "SELECT ?d WHERE { ?d a schema:NewsArticle }").iter().map(|g| format!("<{g}>")).collect();
    let in_samples = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN ({})) }}",
        sample_graphs.join(", ")
    );
    let sample_quads = count(&store, &in_samples);

    // a long build, killed while it runs
    let mut child = Command::cargo_bin("newsgraph")
        .expect("binary")
        .arg("--store")
        .arg(&store)
        .args(["build", "--quiet", "--batch-quads", "20000"])
        .arg(&corpus)
        .arg(samples())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(6) {
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let finished = child.try_wait().expect("waits").is_some();
    child.kill().ok();
    child.wait().expect("reaped");
    assert!(!finished, "the build ended before it could be interrupted: make the corpus larger");

    // the store opens, the samples are intact, and every document present is whole; small
    // batches make sure some were committed before the kill and one was cut short
    assert!(count(&store, articles) > before, "no batch was committed before the kill");
    let sample_headline = r#"SELECT (COUNT(*) AS ?n) WHERE { ?d schema:headline "Russia says its military ties with Iran will continue" ; nif:isString ?t }"#;
    assert_eq!(count(&store, sample_headline), 1);
    let graphs = count(
        &store,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
         FILTER(?g NOT IN (<https://w3id.org/newsgraph/ontology>, <https://w3id.org/newsgraph/id/entities>)) }",
    );
    let whole = count(
        &store,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle ; nif:isString ?t ; nif:endIndex ?e } }",
    );
    assert_eq!(graphs, whole, "some document graph is partial");

    // and building the samples again still replaces them exactly
    build_samples(&store);
    assert_eq!(count(&store, &in_samples), sample_quads);
}
