//! Speed of the dependency parser on one core: model load time and words per second on UD EWT
//! test, with the part-of-speech tags computed before the clock starts. Run with
//! `cargo bench --bench parser`; it prints one line per round.

use newsgraph::corpus::read_conllu_trees;
use newsgraph::parse::{DepModel, tag_trees};
use newsgraph::tag::Models;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let start = Instant::now();
    let parser = DepModel::shipped().expect("parser");
    println!("parser load: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    let size = std::fs::metadata(root.join("data/models/dep.bin")).map(|m| m.len()).unwrap_or(0);
    println!("dep.bin: {:.1} MB, {} weighted features", size as f64 / 1e6, parser.features());
    let path = root.join("../shared/ud/en_ewt-test.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is not there", path.display());
        return;
    };
    let trees = read_conllu_trees("en_ewt-test.conllu", &text).expect("parses");
    let tags = tag_trees(&Models::shipped().expect("models").pos, &trees);
    let sentences: Vec<(Vec<&str>, Vec<&str>)> = trees
        .iter()
        .zip(&tags)
        .map(|(t, g)| (t.words.iter().map(String::as_str).collect(), g.iter().map(String::as_str).collect()))
        .collect();
    let words: usize = sentences.iter().map(|(w, _)| w.len()).sum();
    for round in 1..=5 {
        let start = Instant::now();
        let mut heads = 0usize;
        for (w, t) in &sentences {
            heads += parser.parse(w, t).heads.len();
        }
        assert_eq!(heads, words);
        let secs = start.elapsed().as_secs_f64();
        println!("round {round}: {words} words in {secs:.3} s: {:.0} words/s", words as f64 / secs);
    }
}
