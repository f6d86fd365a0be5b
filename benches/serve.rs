//! Load test of `newsgraph serve` on the seed store: client threads on loopback, each with a
//! keep-alive connection, send a bounded number of simple SELECT queries; prints throughput and
//! p50/p99 latency. Run with `cargo bench --bench serve` (NEWSGRAPH_BENCH_REQUESTS,
//! NEWSGRAPH_BENCH_CLIENTS change the load).

use newsgraph::batch::{self, Options};
use newsgraph::ingest::Input;
use newsgraph::server::{Config, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let requests: usize = std::env::var("NEWSGRAPH_BENCH_REQUESTS").ok().and_then(|s| s.parse().ok()).unwrap_or(40_000);
    let clients: usize = std::env::var("NEWSGRAPH_BENCH_CLIENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = newsgraph::store::open(&dir.path().join("db"), newsgraph::store::OpenMode::Create).expect("store");
    let lexicon = newsgraph::Lexicon::shipped().expect("data");
    let models = std::sync::Arc::new(newsgraph::tag::Models::shipped().expect("models"));
    let options = Options { models: Some(models), ..Options::default() };
    batch::build(&store, &[Input::Path(seeds)], &lexicon, &options, Box::new(std::io::empty()), &|_| {})
        .expect("builds");
    let server = std::sync::Arc::new(Server { store, config: Config::default(), extract: None });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("binds");
    let address = listener.local_addr().expect("address");
    runtime.spawn(newsgraph::server::serve(server, listener));

    let query = "SELECT%20%3Fl%20WHERE%20%7B%20country%3AIRN%20rdfs%3Alabel%20%3Fl%20%7D";
    let request = format!(
        "GET /sparql?query={query} HTTP/1.1\r\nHost: {address}\r\nAccept: application/sparql-results+json\r\n\r\n"
    );
    let per_client = requests / clients;
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let request = request.clone();
            std::thread::spawn(move || {
                let stream = TcpStream::connect(address).expect("connects");
                stream.set_nodelay(true).expect("nodelay");
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut writer = stream;
                let mut latencies = Vec::with_capacity(per_client);
                for _ in 0..per_client {
                    let t = Instant::now();
                    writer.write_all(request.as_bytes()).expect("sends");
                    let body = read_response(&mut reader);
                    assert!(body.contains("Iran"), "{body}");
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = handles.into_iter().flat_map(|h| h.join().expect("client")).collect();
    let seconds = start.elapsed().as_secs_f64();
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "simple SELECT on the seed store: {} requests, {clients} clients: {:.0} queries/s, p50 {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / seconds,
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    );
}

/// Reads one HTTP/1.1 response with a content length; returns its body.
fn read_response(reader: &mut BufReader<TcpStream>) -> String {
    let mut length = 0;
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().expect("length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    String::from_utf8(body).expect("utf8")
}
