//! The `newsgraph` command as a user runs it: build, extract and query on the real on-disk
//! store, bad input, bad queries and stores that cannot be opened.

mod common;

use assert_cmd::Command;
use common::{root, samples};
use predicates::prelude::*;
use std::path::Path;

fn newsgraph(store: &Path) -> Command {
    let mut cmd = Command::cargo_bin("newsgraph").expect("binary");
    cmd.arg("--store").arg(store).env_remove("NEWSGRAPH_STORE").env_remove("NEWSGRAPH_DATA");
    cmd
}

fn query(store: &Path, sparql: &str, format: &str) -> String {
    let output = newsgraph(store).args(["query", sparql, "--format", format]).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf8")
}

fn count(store: &Path, sparql: &str) -> usize {
    let out = query(store, sparql, "csv");
    out.lines().nth(1).and_then(|l| l.trim().parse().ok()).unwrap_or_else(|| panic!("no count in {out:?}"))
}

const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

#[test]
fn build_then_query_the_samples() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store)
        .arg("build")
        .arg(samples())
        .assert()
        .success()
        .stderr(predicate::str::contains("documents: 5").and(predicate::str::contains("skipped:   0")));
    let table = query(
        &store,
        "SELECT ?speaker ?class WHERE { ?s a ng:Deny ; ng:agent/rdfs:label ?speaker ; ng:content/a ?class } ORDER BY ?speaker",
        "table",
    );
    assert!(table.contains("Russia") && table.contains("ng:Use"), "{table}");
    // the ontology is in the store, so subclass queries work
    let statements =
        count(&store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?c rdfs:subClassOf* ng:Statement }");
    assert!(statements >= 5, "{statements}");
    // ASK and CONSTRUCT through the CLI too
    assert_eq!(query(&store, "ASK { ?e a ng:Supply ; ng:agent country:IRN }", "table").trim(), "true");
    let turtle = query(&store, "CONSTRUCT { ?a ng:uses ?b } WHERE { ?a ng:uses ?b }", "turtle");
    assert!(turtle.contains("country:RUS ng:uses weapon:shahed"), "{turtle}");
    let json = query(&store, "SELECT ?d WHERE { ?d a schema:NewsArticle }", "json");
    assert!(json.contains("\"bindings\""));
}

#[test]
fn building_the_same_documents_again_adds_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg(samples()).assert().success();
    let once = count(&store, QUADS);
    newsgraph(&store).arg("build").arg(samples()).assert().success().stderr(predicate::str::contains("5 replaced"));
    assert_eq!(count(&store, QUADS), once);
    // a second copy of one article in the same run is left out as a duplicate
    let copy = dir.path().join("copy.txt");
    std::fs::copy(samples().join("drone-deliveries.txt"), &copy).expect("copy");
    newsgraph(&store)
        .arg("build")
        .arg(samples().join("drone-deliveries.txt"))
        .arg(&copy)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 duplicates"));
    assert_eq!(count(&store, QUADS), once);
}

#[test]
fn bad_files_are_skipped_with_their_reason_and_the_rest_is_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    let huge = dir.path().join("huge.txt");
    std::fs::write(&huge, "Iran sent drones to Russia and ".repeat(5000)).expect("write");
    let fixtures = root().join("tests/fixtures/bad");
    newsgraph(&store).arg("build").arg(&fixtures).arg(&huge).assert().code(1).stderr(
        predicate::str::contains("binary.txt: binary data (NUL byte at byte offset 6)")
            .and(predicate::str::contains("not-utf8.txt: not UTF-8 text (invalid byte at line 1, byte offset 16)"))
            .and(predicate::str::contains("empty.txt: empty: no text"))
            .and(predicate::str::contains("mixed.jsonl:2: line 2: column"))
            .and(predicate::str::contains("mixed.jsonl:3: line 3: the record has no \"text\""))
            .and(predicate::str::contains("huge.txt: line 1 is 155000 bytes long"))
            .and(predicate::str::contains("documents: 2")),
    );
    assert_eq!(count(&store, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a schema:NewsArticle }"), 2);
}

#[test]
fn standard_input_is_an_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store)
        .args(["build", "-"])
        .write_stdin("Iran supplies drones to Russia.\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("documents: 1"));
    assert_eq!(
        query(&store, "ASK { ?e a ng:Supply ; ng:agent country:IRN ; ng:recipient country:RUS }", "table").trim(),
        "true"
    );
}

#[test]
fn a_malformed_query_names_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg(samples()).assert().success();
    newsgraph(&store)
        .args(["query", "SELECT ?x WHERE {\n  ?x ng:agent \n}"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid SPARQL query: error at 3:"));
    let file = dir.path().join("bad.rq");
    std::fs::write(&file, "SELECT * WHERE { ?s ?p }").expect("write");
    newsgraph(&store)
        .args(["query", "--file"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.rq").and(predicate::str::contains("error at 1:")));
}

#[test]
fn stores_that_cannot_be_opened_say_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    newsgraph(&dir.path().join("none"))
        .args(["query", "ASK {}"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no store at"));
    let foreign = dir.path().join("photos");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("cat.jpg"), "meow").expect("write");
    newsgraph(&foreign)
        .args(["build"])
        .arg(samples())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a newsgraph store"));
    assert_eq!(std::fs::read_to_string(foreign.join("cat.jpg")).expect("kept"), "meow");
    // held by another process
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg(samples()).assert().success();
    let held = newsgraph::store::open(&store, newsgraph::store::OpenMode::Existing).expect("opens");
    newsgraph(&store)
        .args(["query", "ASK {}"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("in use by another process"));
    drop(held);
}

#[test]
fn extract_writes_each_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["turtle", "ntriples", "nquads", "trig", "jsonld"] {
        let out = dir.path().join(format!("out.{format}"));
        Command::cargo_bin("newsgraph")
            .expect("binary")
            .args(["extract", "--format", format, "-o"])
            .arg(&out)
            .arg(samples())
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).expect("written");
        assert!(text.contains("Ryabkov"), "{format}");
    }
    Command::cargo_bin("newsgraph")
        .expect("binary")
        .args(["extract", "--format", "yaml"])
        .arg(samples())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown format \"yaml\""));
}

#[test]
fn users_can_add_their_own_gazetteer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("mydata");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::write(
        data.join("mine.entities.tsv"),
        "@version 1\nAcme Drones\tORG\t\tcountry=IRN\tAcme Drones sent drones to Russia.\n",
    )
    .expect("write");
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "Acme Drones sent drones to Russia.\n").expect("write");
    let store = dir.path().join("db");
    newsgraph(&store).arg("--data").arg(&data).arg("build").arg(&article).assert().success();
    assert_eq!(query(&store, "ASK { ?e a ng:Supply ; ng:agent organization:acme-drones }", "table").trim(), "true");
    // a broken user file names its line
    std::fs::write(data.join("broken.verbs.tsv"), "@version 1\nzap\tZap\tact\t\tIran zapped Russia.\n").expect("write");
    newsgraph(&store)
        .arg("--data")
        .arg(&data)
        .arg("build")
        .arg(&article)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("broken.verbs.tsv:2: event class ng:Zap is not in the ontology"));
}

#[test]
fn dot_writes_a_diagram_and_renders_svg() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg("-q").arg(samples()).assert().success();
    let out = newsgraph(&store).args(["dot", "--focus", "Iran", "--depth", "1"]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph newsgraph {"));
    newsgraph(&store)
        .args(["dot", "--focus", "Atlantis"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no entity is named \"Atlantis\""));
    if std::process::Command::new("dot").arg("-V").output().is_ok() {
        let svg = dir.path().join("iran.svg");
        newsgraph(&store).args(["dot", "--focus", "country:IRN", "-o"]).arg(&svg).assert().success();
        let text = std::fs::read_to_string(&svg).expect("svg written");
        assert!(text.contains("<svg") && text.contains("Iran"));
    }
}

#[test]
fn path_and_stats_answer_from_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg("-q").arg(samples()).assert().success();
    newsgraph(&store)
        .args(["path", "Ryabkov", "Ukraine"])
        .assert()
        .success()
        .stdout(predicate::str::contains("path 1").and(predicate::str::contains("Ryabkov said")));
    newsgraph(&store)
        .args(["path", "Ryabkov", "Ukrain"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nearest").and(predicate::str::contains("Ukraine")));
    newsgraph(&store)
        .args(["stats", "--top", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("entities by PageRank").and(predicate::str::contains("ng:Statement")));
}

#[test]
fn rendering_without_graphviz_names_the_package_to_install() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg("-q").arg(samples()).assert().success();
    // a PATH without `dot` on it
    newsgraph(&store)
        .env("PATH", dir.path())
        .args(["dot", "--focus", "Iran", "-o"])
        .arg(dir.path().join("iran.svg"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("install the graphviz package"));
    assert!(!dir.path().join("iran.svg").exists());
}
