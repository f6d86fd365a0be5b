//! `newsgraph serve`: the SPARQL 1.1 Protocol and Graph Store reads over the store, writes when
//! asked for, and the web page. [`handle`] is a plain function from request to response; axum
//! only carries it, adds the timeout and limits the body.

use crate::vocab;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Accept SPARQL Update and new documents.
    pub writable: bool,
    /// Queries running longer are cancelled (503).
    pub timeout: Duration,
    /// Solutions or triples a query may return.
    pub max_results: usize,
    /// Bytes a request body may hold (413 beyond).
    pub max_body: usize,
    /// The base of resource IRIs (its prefixes are predeclared in queries).
    pub base: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            writable: false,
            timeout: Duration::from_secs(30),
            max_results: 100_000,
            max_body: 10 << 20,
            base: vocab::DEFAULT_BASE.into(),
        }
    }
}

/// What the handler works with.
#[allow(missing_debug_implementations)]
pub struct Server {
    /// The store.
    pub store: Store,
    /// Its settings.
    pub config: Config,
    /// How posted documents are extracted (needed when writable).
    pub extract: Option<(Arc<crate::Lexicon>, crate::batch::Options)>,
}

/// A request as the handler sees it.
pub type Request = http::Request<Vec<u8>>;
/// A response as the handler gives it.
pub type Response = http::Response<Vec<u8>>;

fn respond(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
    http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header("access-control-allow-origin", "*")
        .body(body.into())
        .unwrap_or_else(|_| http::Response::new(Vec::new()))
}

fn error(status: u16, message: &str) -> Response {
    respond(status, "text/plain; charset=utf-8", format!("{message}\n"))
}

/// Answers one request. `cancel` stops a running query (the caller's timeout sets it).
pub fn handle(server: &Server, request: &Request, cancel: &CancellationToken) -> Response {
    let path = request.uri().path();
    let method = request.method().as_str();
    match (method, path) {
        ("GET", "/") | ("GET", "/index.html") => respond(200, "text/html; charset=utf-8", PAGE),
        ("GET", "/app.js") => respond(200, "text/javascript; charset=utf-8", SCRIPT),
        ("GET", "/app.css") => respond(200, "text/css; charset=utf-8", STYLE),
        ("GET" | "POST", "/sparql") => sparql(server, request, cancel),
        ("GET" | "HEAD", "/store") => graph_store(server, request),
        ("GET", "/diagram") => diagram(server, request),
        ("POST", "/documents") => documents(server, request),
        ("OPTIONS", _) => http::Response::builder()
            .status(204)
            .header("access-control-allow-origin", "*")
            .header("access-control-allow-methods", "GET, POST, OPTIONS")
            .header("access-control-allow-headers", "content-type, accept")
            .body(Vec::new())
            .unwrap_or_else(|_| http::Response::new(Vec::new())),
        (_, "/sparql" | "/store" | "/documents") => error(405, "method not allowed"),
        _ => error(404, "not found: the endpoint is /sparql, the graph store /store, the page /"),
    }
}

/// `key=value` pairs of a query string or form body, decoded.
pub fn form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && hex(bytes[i + 1]).is_some() && hex(bytes[i + 2]).is_some() => {
                let (hi, lo) = (hex(bytes[i + 1]).unwrap_or(0), hex(bytes[i + 2]).unwrap_or(0));
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(request: &Request) -> String {
    request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_lowercase())
        .unwrap_or_default()
}

fn accept(request: &Request) -> String {
    request.headers().get("accept").and_then(|v| v.to_str().ok()).unwrap_or("*/*").to_owned()
}

/// The best of `offered` (media types) for an Accept header, by q-value then order; `None`
/// when the client accepts none of them.
pub fn negotiate<'a>(accept: &str, offered: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<(f32, usize, &'a str)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        for (i, o) in offered.iter().enumerate() {
            let fits = media == *o
                || media == "*/*"
                || media.strip_suffix("/*").is_some_and(|t| o.starts_with(&format!("{t}/")));
            // an exact type beats a wildcard of the same weight
            let rank = if media == *o { i } else { i + offered.len() };
            if fits && best.is_none_or(|(bq, br, _)| q > bq || (q == bq && rank < br)) {
                best = Some((q, rank, o));
            }
        }
    }
    best.map(|(_, _, o)| o)
}

const SOLUTION_TYPES: [&str; 5] = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
];

const GRAPH_TYPES: [&str; 7] = [
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "text/plain",
];

fn rdf_format(media: &str) -> RdfFormat {
    match media {
        "application/n-triples" | "text/plain" => RdfFormat::NTriples,
        "application/n-quads" => RdfFormat::NQuads,
        "application/ld+json" => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
        "application/rdf+xml" => RdfFormat::RdfXml,
        "application/trig" => RdfFormat::TriG,
        _ => RdfFormat::Turtle,
    }
}

fn sparql(server: &Server, request: &Request, cancel: &CancellationToken) -> Response {
    let mut params = form(request.uri().query().unwrap_or(""));
    let mut query = None;
    let mut update = None;
    if request.method() == http::Method::POST {
        let body = match std::str::from_utf8(request.body()) {
            Ok(b) => b,
            Err(_) => return error(400, "the request body is not UTF-8"),
        };
        match content_type(request).as_str() {
            "application/sparql-query" => query = Some(body.to_owned()),
            "application/sparql-update" => update = Some(body.to_owned()),
            "application/x-www-form-urlencoded" | "" => params.extend(form(body)),
            other => {
                return error(
                    415,
                    &format!(
                        "unsupported content type {other}: use application/sparql-query, application/sparql-update or a form"
                    ),
                );
            }
        }
    }
    for (k, v) in &params {
        match k.as_str() {
            "query" if query.is_none() => query = Some(v.clone()),
            "update" if update.is_none() && request.method() == http::Method::POST => update = Some(v.clone()),
            _ => {}
        }
    }
    let graphs = |name: &str| -> Result<Vec<NamedNode>, String> {
        params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| NamedNode::new(v.as_str()).map_err(|e| format!("bad {name} {v:?}: {e}")))
            .collect()
    };
    let (default_graphs, named_graphs) = match (graphs("default-graph-uri"), graphs("named-graph-uri")) {
        (Ok(d), Ok(n)) => (d, n),
        (Err(e), _) | (_, Err(e)) => return error(400, &e),
    };
    match (query, update) {
        (Some(_), Some(_)) => error(400, "give a query or an update, not both"),
        (None, None) => error(400, "no query: pass ?query=… (GET), a form, or an application/sparql-query body"),
        (Some(q), None) => run_query(server, request, &q, &default_graphs, &named_graphs, cancel),
        (None, Some(u)) => run_update(server, &u),
    }
}

fn evaluator(server: &Server, cancel: &CancellationToken) -> SparqlEvaluator {
    // oxigraph is built without its HTTP client, so SERVICE cannot reach out; queries that
    // name it are refused before this with a clear message
    crate::query::evaluator(&server.config.base).with_cancellation_token(cancel.clone())
}

fn run_query(
    server: &Server,
    request: &Request,
    text: &str,
    default_graphs: &[NamedNode],
    named_graphs: &[NamedNode],
    cancel: &CancellationToken,
) -> Response {
    if mentions_service(text) {
        return error(400, "SERVICE is refused: this endpoint does not call remote endpoints");
    }
    let mut prepared = match evaluator(server, cancel).parse_query(text) {
        Ok(p) => p,
        Err(e) => return error(400, &format!("invalid SPARQL query: {e}")),
    };
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        let dataset = prepared.dataset_mut();
        dataset.set_default_graph(default_graphs.iter().map(|g| GraphName::NamedNode(g.clone())).collect());
        if !named_graphs.is_empty() {
            dataset
                .set_available_named_graphs(named_graphs.iter().map(|g| NamedOrBlankNode::from(g.clone())).collect());
        }
    } else if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = match prepared.on_store(&server.store).execute() {
        Ok(r) => r,
        Err(e) => return evaluation_error(&e.to_string(), cancel),
    };
    let accept = accept(request);
    let limit = server.config.max_results;
    match results {
        QueryResults::Solutions(solutions) => {
            let Some(media) = negotiate(&accept, &SOLUTION_TYPES) else {
                return error(406, &format!("cannot give solutions as {accept}: use {}", SOLUTION_TYPES.join(", ")));
            };
            let format = solutions_format(media);
            let mut out = Vec::new();
            let variables = solutions.variables().to_vec();
            let Ok(mut serializer) =
                QueryResultsSerializer::from_format(format).serialize_solutions_to_writer(&mut out, variables)
            else {
                return error(500, "cannot write results");
            };
            for (n, solution) in solutions.enumerate() {
                if n >= limit {
                    return too_many(limit);
                }
                match solution {
                    Ok(s) => {
                        if serializer.serialize(&s).is_err() {
                            return error(500, "cannot write results");
                        }
                    }
                    Err(e) => return evaluation_error(&e.to_string(), cancel),
                }
            }
            if serializer.finish().is_err() {
                return error(500, "cannot write results");
            }
            respond(200, media_type_of(media, format.media_type()), out)
        }
        QueryResults::Boolean(value) => {
            let Some(media) = negotiate(&accept, &SOLUTION_TYPES) else {
                return error(406, &format!("cannot give a boolean as {accept}"));
            };
            let format = solutions_format(media);
            let mut out = Vec::new();
            if QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(&mut out, value).is_err() {
                return error(500, "cannot write results");
            }
            respond(200, media_type_of(media, format.media_type()), out)
        }
        QueryResults::Graph(triples) => {
            let Some(media) = negotiate(&accept, &GRAPH_TYPES) else {
                return error(406, &format!("cannot give a graph as {accept}: use {}", GRAPH_TYPES.join(", ")));
            };
            let format = rdf_format(media);
            let mut writer = crate::query::serializer(format, &server.config.base).for_writer(Vec::new());
            for (n, triple) in triples.enumerate() {
                if n >= limit {
                    return too_many(limit);
                }
                match triple {
                    Ok(t) => {
                        if writer.serialize_triple(&t).is_err() {
                            return error(500, "cannot write results");
                        }
                    }
                    Err(e) => return evaluation_error(&e.to_string(), cancel),
                }
            }
            match writer.finish() {
                Ok(out) => respond(200, format.media_type(), out),
                Err(_) => error(500, "cannot write results"),
            }
        }
    }
}

fn media_type_of<'a>(asked: &'a str, native: &'a str) -> &'a str {
    if asked == "application/json" { asked } else { native }
}

fn solutions_format(media: &str) -> QueryResultsFormat {
    match media {
        "application/sparql-results+xml" => QueryResultsFormat::Xml,
        "text/csv" => QueryResultsFormat::Csv,
        "text/tab-separated-values" => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

const TIMED_OUT: &str = "the query ran past the time limit and was stopped (serve --timeout sets it)";

fn too_many(limit: usize) -> Response {
    error(
        400,
        &format!(
            "the result has more than {limit} rows or triples: add a LIMIT, or start the server with a larger --max-results"
        ),
    )
}

fn evaluation_error(message: &str, cancel: &CancellationToken) -> Response {
    if cancel.is_cancelled() {
        error(503, TIMED_OUT)
    } else {
        error(400, &format!("query evaluation failed: {message}"))
    }
}

/// Whether a query or update calls SERVICE (outside strings and comments).
fn mentions_service(text: &str) -> bool {
    words_outside_strings(text).any(|w| w.eq_ignore_ascii_case("SERVICE"))
}

fn words_outside_strings(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut iri = false;
    for c in text.chars() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if iri {
            iri = c != '>';
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '#' => comment = true,
            '<' => iri = true,
            c if c.is_alphanumeric() || c == '_' => {
                word.push(c);
                continue;
            }
            _ => {}
        }
        if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.into_iter()
}

fn run_update(server: &Server, text: &str) -> Response {
    if !server.config.writable {
        return error(403, "this endpoint is read-only: start it with `newsgraph serve --writable` to allow updates");
    }
    if words_outside_strings(text).any(|w| w.eq_ignore_ascii_case("LOAD")) {
        return error(400, "LOAD is refused: this endpoint does not fetch remote data (use newsgraph import)");
    }
    if mentions_service(text) {
        return error(400, "SERVICE is refused: this endpoint does not call remote endpoints");
    }
    let prepared = match evaluator(server, &CancellationToken::new()).parse_update(text) {
        Ok(p) => p,
        Err(e) => return error(400, &format!("invalid SPARQL update: {e}")),
    };
    match prepared.on_store(&server.store).execute() {
        Ok(()) => respond(204, "text/plain", Vec::new()),
        Err(e) => error(400, &format!("update failed: {e}")),
    }
}

/// Graph Store Protocol reads: `GET /store?graph=IRI` or `?default` (the union of all graphs).
fn graph_store(server: &Server, request: &Request) -> Response {
    let params = form(request.uri().query().unwrap_or(""));
    let graph = params.iter().find(|(k, _)| k == "graph").map(|(_, v)| v.clone());
    let default = params.iter().any(|(k, _)| k == "default");
    let accept = accept(request);
    let Some(media) = negotiate(&accept, &GRAPH_TYPES) else {
        return error(406, &format!("cannot give a graph as {accept}: use {}", GRAPH_TYPES.join(", ")));
    };
    let format = rdf_format(media);
    let name = match (graph, default) {
        (Some(g), false) => match NamedNode::new(g.as_str()) {
            Ok(n) => Some(n),
            Err(e) => return error(400, &format!("bad graph IRI {g:?}: {e}")),
        },
        (None, true) => None,
        _ => return error(400, "give ?graph=IRI or ?default"),
    };
    if let Some(n) = &name {
        match server.store.contains_named_graph(n) {
            Ok(true) => {}
            Ok(false) => return error(404, &format!("no graph <{}>", n.as_str())),
            Err(e) => return error(500, &e.to_string()),
        }
    }
    let graph_ref = name.as_ref().map(|n| GraphNameRef::NamedNode(n.as_ref()));
    let mut writer = RdfSerializer::from_format(format).for_writer(Vec::new());
    let mut count = 0;
    for quad in server.store.quads_for_pattern(None, None, None, graph_ref) {
        let Ok(q) = quad else { return error(500, "cannot read the store") };
        count += 1;
        if count > server.config.max_results {
            return too_many(server.config.max_results);
        }
        let out =
            if format.supports_datasets() { writer.serialize_quad(&q) } else { writer.serialize_triple(q.as_ref()) };
        if out.is_err() {
            return error(500, "cannot write the graph");
        }
    }
    match writer.finish() {
        Ok(out) if request.method() == http::Method::HEAD => respond(200, format.media_type(), out).map(|_| Vec::new()),
        Ok(out) => respond(200, format.media_type(), out),
        Err(_) => error(500, "cannot write the graph"),
    }
}

/// A diagram of an entity's neighbourhood: SVG through Graphviz where it is installed, else a
/// circle layout of our own.
fn diagram(server: &Server, request: &Request) -> Response {
    let params = form(request.uri().query().unwrap_or(""));
    let Some(focus) = params.iter().find(|(k, _)| k == "focus").map(|(_, v)| v.clone()) else {
        return error(400, "give ?focus=NAME or IRI");
    };
    let depth = params.iter().find(|(k, _)| k == "depth").and_then(|(_, v)| v.parse().ok()).unwrap_or(1);
    let options = crate::dot::DiagramOptions {
        focus: vec![focus],
        selection: crate::graph::Selection { depth, ..Default::default() },
        ..Default::default()
    };
    let text = match crate::dot::diagram(&server.store, &server.config.base, &options) {
        Ok(t) => t,
        Err(e) => return error(404, &e.to_string()),
    };
    match crate::dot::graphviz(&text, "svg") {
        Ok(svg) => respond(200, "image/svg+xml", svg),
        Err(_) => match crate::dot::simple_svg(&server.store, &server.config.base, &options) {
            Ok(svg) => respond(200, "image/svg+xml", svg),
            Err(e) => error(404, &e.to_string()),
        },
    }
}

/// `POST /documents`: articles (text, HTML or JSON Lines) extracted into the live store.
fn documents(server: &Server, request: &Request) -> Response {
    if !server.config.writable {
        return error(403, "this endpoint is read-only: start it with `newsgraph serve --writable` to add documents");
    }
    let Some((lexicon, options)) = &server.extract else { return error(503, "extraction is not set up") };
    let body = request.body().clone();
    let report = crate::batch::build(
        &server.store,
        &[crate::ingest::Input::Stdin],
        lexicon,
        options,
        Box::new(std::io::Cursor::new(body)),
        &|_| {},
    );
    match report {
        Ok(r) if r.documents == 0 && !r.skipped.is_empty() => {
            // a panic is the server's fault, not the request's
            let status = if r.panicked == r.skipped.len() { 500 } else { 400 };
            error(status, &r.skipped.iter().map(|(o, why)| format!("{o}: {why}")).collect::<Vec<_>>().join("\n"))
        }
        Ok(r) => respond(
            200,
            "application/json",
            serde_json::json!({
                "documents": r.documents, "replaced": r.replaced, "events": r.events,
                "quads": r.quads, "skipped": r.skipped.len(), "failed": r.panicked
            })
            .to_string(),
        ),
        Err(e) => error(500, &format!("cannot store the documents: {e}")),
    }
}

/// Serves until the process ends.
pub async fn serve(server: Arc<Server>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let max_body = server.config.max_body;
    let app = axum::Router::new()
        .fallback(move |request: axum::extract::Request| {
            let server = server.clone();
            async move { carry(server, request, max_body).await }
        })
        .layer(axum::extract::DefaultBodyLimit::disable());
    axum::serve(listener, app).await
}

async fn carry(server: Arc<Server>, request: axum::extract::Request, max_body: usize) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, max_body).await {
        Ok(b) => b.to_vec(),
        Err(_) => {
            return convert(error(413, &format!("the request body is over {max_body} bytes (serve --max-body)")));
        }
    };
    let request = http::Request::from_parts(parts, bytes);
    let cancel = CancellationToken::new();
    let timeout = server.config.timeout;
    let token = cancel.clone();
    let work = tokio::task::spawn_blocking(move || handle(&server, &request, &token));
    match tokio::time::timeout(timeout, work).await {
        Ok(Ok(response)) => convert(response),
        Ok(Err(_)) => convert(error(500, "the handler failed")),
        Err(_) => {
            cancel.cancel();
            convert(error(503, TIMED_OUT))
        }
    }
    .into_response()
}

fn convert(response: Response) -> axum::response::Response {
    let (parts, body) = response.into_parts();
    axum::response::Response::from_parts(parts, axum::body::Body::from(body))
}

const PAGE: &str = include_str!("../web/index.html");
const SCRIPT: &str = include_str!("../web/app.js");
const STYLE: &str = include_str!("../web/app.css");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_best_offer() {
        assert_eq!(negotiate("text/csv", &SOLUTION_TYPES), Some("text/csv"));
        assert_eq!(negotiate("*/*", &SOLUTION_TYPES), Some("application/sparql-results+json"));
        assert_eq!(
            negotiate("application/sparql-results+xml;q=0.9, text/csv;q=0.5", &SOLUTION_TYPES),
            Some("application/sparql-results+xml")
        );
        assert_eq!(negotiate("text/*", &GRAPH_TYPES), Some("text/turtle"));
        assert_eq!(negotiate("image/png", &GRAPH_TYPES), None);
    }

    #[test]
    fn forms_decode_percent_and_plus() {
        assert_eq!(
            form("query=SELECT+%3Fs%20WHERE&x"),
            vec![("query".into(), "SELECT ?s WHERE".into()), ("x".into(), "".into())]
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%E2%80%99"), "’");
    }

    #[test]
    fn service_and_load_are_found_outside_strings_only() {
        assert!(mentions_service("SELECT * { SERVICE <http://x> { ?s ?p ?o } }"));
        assert!(!mentions_service("SELECT * { ?s ?p \"SERVICE\" } # service"));
        assert!(words_outside_strings("load <http://x>").any(|w| w.eq_ignore_ascii_case("LOAD")));
    }
}
