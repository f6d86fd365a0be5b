//! `newsgraph serve`: the handler in memory (protocol, negotiation, limits, writes), and the
//! real server on a loopback port driven by curl, Python's SPARQLWrapper and rdflib, and a
//! headless Chromium.

mod common;

use common::{graph_of, samples, tool};
use newsgraph::server::{Config, Server, handle};
use oxigraph::sparql::CancellationToken;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn server(writable: bool) -> Server {
    let store = graph_of(&[&samples()]);
    let extract = writable.then(|| {
        (std::sync::Arc::new(newsgraph::Lexicon::shipped().expect("data")), newsgraph::batch::Options::default())
    });
    Server { store, config: Config { writable, ..Config::default() }, extract }
}

fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> newsgraph::server::Request {
    let mut builder = http::Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    builder.body(body.as_bytes().to_vec()).expect("request")
}

fn call(server: &Server, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
    let response = handle(server, &request(method, uri, headers, body), &CancellationToken::new());
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (response.status().as_u16(), kind, String::from_utf8_lossy(response.body()).into_owned())
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

const COUNTRIES: &str = "SELECT ?l WHERE { ?c a ng:Country ; rdfs:label ?l } ORDER BY ?l";

#[test]
fn queries_by_get_and_post_in_every_results_format() {
    let s = server(false);
    let get = format!("/sparql?query={}", encode(COUNTRIES));
    let (status, kind, body) = call(&s, "GET", &get, &[], "");
    assert_eq!((status, kind.as_str()), (200, "application/sparql-results+json"), "{body}");
    assert!(body.contains("\"Iran\""));
    for (accept, expected, marker) in [
        ("application/sparql-results+xml", "application/sparql-results+xml", "<literal>Iran</literal>"),
        ("text/csv", "text/csv", "Iran\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", "\"Iran\""),
    ] {
        let (status, kind, body) = call(&s, "GET", &get, &[("accept", accept)], "");
        assert_eq!(status, 200);
        assert!(kind.starts_with(expected) && body.contains(marker), "{accept}: {kind} {body}");
    }
    let (status, _, body) = call(&s, "POST", "/sparql", &[("content-type", "application/sparql-query")], COUNTRIES);
    assert!(status == 200 && body.contains("\"Russia\""), "{body}");
    let form = format!("query={}", encode(COUNTRIES));
    let (status, _, body) =
        call(&s, "POST", "/sparql", &[("content-type", "application/x-www-form-urlencoded")], &form);
    assert!(status == 200 && body.contains("\"Ukraine\""), "{body}");
    let (status, _, body) = call(&s, "GET", &format!("/sparql?query={}", encode("ASK { country:IRN ?p ?o }")), &[], "");
    assert!(status == 200 && body.contains("true"), "{body}");
    let (status, _, _) = call(&s, "GET", &get, &[("accept", "image/png")], "");
    assert_eq!(status, 406);
}

#[test]
fn graphs_come_in_every_rdf_format() {
    let s = server(false);
    let get = format!("/sparql?query={}", encode("CONSTRUCT { ?a ng:uses ?b } WHERE { ?a ng:uses ?b }"));
    for (accept, marker) in [
        ("text/turtle", "ng:uses"),
        ("application/n-triples", "<https://w3id.org/newsgraph/ontology#uses>"),
        ("application/ld+json", "https://w3id.org/newsgraph/ontology#uses"),
        ("application/rdf+xml", "rdf:RDF"),
    ] {
        let (status, kind, body) = call(&s, "GET", &get, &[("accept", accept)], "");
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(kind.starts_with(accept) && body.contains(marker), "{accept}: {kind} {body}");
    }
    // graph store reads
    let entities = encode("https://w3id.org/newsgraph/id/entities");
    let (status, kind, body) =
        call(&s, "GET", &format!("/store?graph={entities}"), &[("accept", "application/n-triples")], "");
    assert!(status == 200 && kind.starts_with("application/n-triples") && body.contains("Sergei Ryabkov"), "{body}");
    let (status, _, _) = call(&s, "GET", &format!("/store?graph={}", encode("http://example.org/none")), &[], "");
    assert_eq!(status, 404);
    let (status, _, body) = call(&s, "GET", "/store?default", &[("accept", "application/n-quads")], "");
    assert!(status == 200 && body.lines().count() > 1000);
}

#[test]
fn the_dataset_can_be_chosen_per_request() {
    let s = server(false);
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ng:Country }";
    let entities = encode("https://w3id.org/newsgraph/id/entities");
    let (_, _, all) = call(&s, "GET", &format!("/sparql?query={}", encode(count)), &[("accept", "text/csv")], "");
    let (_, _, only) = call(
        &s,
        "GET",
        &format!("/sparql?query={}&default-graph-uri={entities}", encode(count)),
        &[("accept", "text/csv")],
        "",
    );
    assert_eq!(all, only, "the countries are in the entities graph");
    let (_, _, none) = call(
        &s,
        "GET",
        &format!("/sparql?query={}&default-graph-uri={}", encode(count), encode("http://example.org/empty")),
        &[("accept", "text/csv")],
        "",
    );
    assert_eq!(none.lines().nth(1), Some("0"));
    let named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let (_, _, one) = call(
        &s,
        "GET",
        &format!("/sparql?query={}&named-graph-uri={entities}", encode(named)),
        &[("accept", "text/csv")],
        "",
    );
    assert_eq!(one.lines().nth(1), Some("1"));
}

#[test]
fn bad_requests_get_clear_errors() {
    let s = server(false);
    let (status, _, body) = call(&s, "GET", &format!("/sparql?query={}", encode("SELECT ?x WHERE {\n ?x ?y")), &[], "");
    assert_eq!(status, 400);
    assert!(body.contains("invalid SPARQL query") && body.contains("2:"), "{body}");
    let (status, _, body) = call(&s, "GET", "/sparql", &[], "");
    assert!(status == 400 && body.contains("no query"));
    let (status, _, body) = call(
        &s,
        "GET",
        &format!("/sparql?query={}", encode("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")),
        &[],
        "",
    );
    assert!(status == 400 && body.contains("SERVICE is refused"), "{body}");
    // read-only unless told
    let update = format!("update={}", encode("INSERT DATA { <http://a> <http://b> <http://c> }"));
    let (status, _, body) =
        call(&s, "POST", "/sparql", &[("content-type", "application/x-www-form-urlencoded")], &update);
    assert!(status == 403 && body.contains("--writable"), "{body}");
    let (status, _, _) = call(&s, "POST", "/documents", &[("content-type", "text/plain")], "Iran met Russia.");
    assert_eq!(status, 403);
    // too many results
    let small = Server { config: Config { max_results: 5, ..Config::default() }, ..server(false) };
    let (status, _, body) =
        call(&small, "GET", &format!("/sparql?query={}", encode("SELECT * WHERE { ?s ?p ?o }")), &[], "");
    assert!(status == 400 && body.contains("more than 5"), "{body}");
    let (status, _, _) = call(&s, "GET", "/nowhere", &[], "");
    assert_eq!(status, 404);
}

#[test]
fn writable_servers_take_updates_and_documents_but_never_load() {
    let s = server(true);
    let (status, _, body) = call(
        &s,
        "POST",
        "/sparql",
        &[("content-type", "application/sparql-update")],
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> \"x\" } }",
    );
    assert_eq!(status, 204, "{body}");
    let (_, _, body) =
        call(&s, "GET", &format!("/sparql?query={}", encode("ASK { <http://example.org/a> ?p ?o }")), &[], "");
    assert!(body.contains("true"));
    let (status, _, body) = call(
        &s,
        "POST",
        "/sparql",
        &[("content-type", "application/sparql-update")],
        "LOAD <http://example.org/data.ttl>",
    );
    assert!(status == 400 && body.contains("LOAD is refused"), "{body}");
    let article = "Hungary sent tanks to Serbia on Monday, officials said.";
    let (status, _, body) = call(&s, "POST", "/documents", &[("content-type", "text/plain")], article);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"documents\":1"), "{body}");
    let ask = "ASK { ?e a ng:Supply ; ng:agent/rdfs:label \"Hungary\" ; prov:wasDerivedFrom/nif:anchorOf ?s }";
    let (_, _, body) = call(&s, "GET", &format!("/sparql?query={}", encode(ask)), &[], "");
    assert!(body.contains("true"), "the posted article is in the live store: {body}");
    // HTML and JSON Lines too
    let html = "<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>Austria met Slovenia in Vienna on Tuesday.</p></article></body></html>";
    let (status, _, body) = call(&s, "POST", "/documents", &[("content-type", "text/html")], html);
    assert!(status == 200 && body.contains("\"documents\":1"), "{body}");
    let jsonl = "{\"id\": \"a1\", \"source\": \"Wire\", \"text\": \"Chile sent aid to Peru.\"}\n";
    let (status, _, body) = call(&s, "POST", "/documents", &[("content-type", "application/x-ndjson")], jsonl);
    assert!(status == 200 && body.contains("\"documents\":1"), "{body}");
    for name in ["Austria", "Chile"] {
        let ask = format!("ASK {{ ?e ng:agent/rdfs:label \"{name}\" }}");
        let (_, _, body) = call(&s, "GET", &format!("/sparql?query={}", encode(&ask)), &[], "");
        assert!(body.contains("true"), "{name}: {body}");
    }
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let s = server(false);
    let (status, kind, body) = call(&s, "GET", "/", &[], "");
    assert!(status == 200 && kind.starts_with("text/html") && body.contains("/app.js"));
    let (status, kind, body) = call(&s, "GET", "/app.js", &[], "");
    assert!(status == 200 && kind.starts_with("text/javascript") && body.contains("async function sparql"));
    // nothing is fetched from elsewhere at run time
    for asset in ["/", "/app.js", "/app.css"] {
        let (_, _, body) = call(&s, "GET", asset, &[], "");
        assert!(!body.contains("http://") && !body.contains("//cdn"), "{asset} refers outside");
    }
    let (status, kind, body) = call(&s, "GET", "/diagram?focus=Iran", &[], "");
    assert!(status == 200 && kind == "image/svg+xml" && body.contains("<svg"), "{kind} {body}");
}

/// The real server on a free loopback port; killed when dropped.
struct Running {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Running {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    let built = Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
        .arg("--store")
        .arg(&store)
        .args(["build", "-q"])
        .arg(samples())
        .status()
        .expect("builds");
    assert!(built.success());
    run_server(dir, &store, extra)
}

fn run_server(dir: tempfile::TempDir, store: &Path, extra: &[&str]) -> Running {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut line = String::new();
    BufReader::new(child.stderr.take().expect("stderr")).read_line(&mut line).expect("reads");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    Running { child, url, _dir: dir }
}

fn curl(args: &[&str]) -> (u16, String) {
    let out = Command::new("curl").args(["-s", "-w", "\n%{http_code}"]).args(args).output().expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_owned())
}

#[test]
fn curl_queries_the_real_server_within_its_limits() {
    if !tool("curl") {
        return;
    }
    let server = start(&["--timeout", "1", "--max-body", "1000"]);
    let endpoint = format!("{}/sparql", server.url);
    let (code, body) = curl(&["-H", "Accept: text/csv", "--data-urlencode", &format!("query={COUNTRIES}"), &endpoint]);
    assert!(code == 200 && body.contains("Iran"), "{code} {body}");
    // a query past the time limit is stopped
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let (code, body) = curl(&["--data-urlencode", &format!("query={slow}"), &endpoint]);
    assert!(code == 503 && body.contains("time limit"), "{code} {body}");
    // and the server goes on answering
    let (code, _) = curl(&["--data-urlencode", &format!("query={COUNTRIES}"), &endpoint]);
    assert_eq!(code, 200);
    let big = format!("query=SELECT * WHERE {{ ?s ?p \"{}\" }}", "x".repeat(2000));
    let (code, body) = curl(&["--data", &big, &endpoint]);
    assert!(code == 413 && body.contains("1000 bytes"), "{code} {body}");
}

#[test]
fn queries_are_answered_while_documents_are_added() {
    if !tool("curl") {
        return;
    }
    let Some(corpus) = common::shared_file("corpus/reuters21578.jsonl") else { return };
    let server = start(&["--writable", "--no-models"]);
    let endpoint = format!("{}/sparql", server.url);
    let documents = format!("{}/documents", server.url);
    let head: String =
        std::fs::read_to_string(&corpus).expect("corpus").lines().take(400).collect::<Vec<_>>().join("\n");
    let file = server._dir.path().join("batch.jsonl");
    std::fs::write(&file, head).expect("write");
    let poster = {
        let documents = documents.clone();
        let file = file.clone();
        std::thread::spawn(move || {
            curl(&[
                "-H",
                "content-type: application/x-ndjson",
                "--data-binary",
                &format!("@{}", file.display()),
                &documents,
            ])
        })
    };
    // count only the answers given while the post was still being extracted and stored
    let mut during = 0;
    while !poster.is_finished() {
        let (code, body) = curl(&["--data-urlencode", "query=ASK { country:IRN ?p ?o }", &endpoint]);
        assert!(code == 200 && body.contains("true"), "{code} {body}");
        if !poster.is_finished() {
            during += 1;
        }
    }
    let (code, body) = poster.join().expect("posts");
    assert!(code == 200 && body.contains("\"documents\""), "{code} {body}");
    let (code, body) = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        "query=SELECT (COUNT(?d) AS ?n) WHERE { ?d a schema:NewsArticle }",
        &endpoint,
    ]);
    let n: usize = body.lines().nth(1).and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    assert!(code == 200 && n > 300, "{body}");
    assert!(during >= 1, "no query was answered while the documents were added");
}

/// Runs a Python script of tests/clients against the server; skipped (or, in CI, failed) when
/// Python or its packages are missing.
fn python(script: &str, args: &[&str]) {
    let check = Command::new("python3").args(["-c", "import SPARQLWrapper, rdflib, selenium"]).status();
    if !check.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("NEWSGRAPH_REQUIRE_TOOLS").is_none(),
            "python3 with SPARQLWrapper, rdflib and selenium is missing"
        );
        eprintln!("python clients are not installed: check skipped");
        return;
    }
    let path = common::root().join("tests").join("clients").join(script);
    let out = Command::new("python3").arg(&path).args(args).output().expect("python runs");
    assert!(
        out.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn python_clients_sparqlwrapper_and_rdflib_read_the_endpoint() {
    let server = start(&[]);
    python("sparql_clients.py", &[&format!("{}/sparql", server.url)]);
}

#[test]
fn a_headless_browser_runs_a_query_and_opens_an_entity() {
    if !tool("chromium") || !tool("chromedriver") {
        return;
    }
    let server = start(&[]);
    let shot = std::env::temp_dir().join("newsgraph-page.png");
    python("browser.py", &[&server.url, &shot.display().to_string()]);
    assert!(std::fs::metadata(&shot).map(|m| m.len() > 1000).unwrap_or(false), "a screenshot was saved");
}
