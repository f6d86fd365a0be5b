//! Speed of the trained taggers on one core: model load time, and tokens per second of the
//! part-of-speech model (UD EWT test) and of the name model with its part-of-speech input
//! (CoNLL-2003 dev). Run with `cargo bench --bench taggers`.

use newsgraph::Lexicon;
use newsgraph::corpus::{read_conll2003, read_conllu};
use newsgraph::tag::Models;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let lexicon = Lexicon::shipped().expect("data");
    let start = Instant::now();
    let models = Models::shipped().expect("models");
    println!("models load: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    for name in ["pos.bin", "ner.bin"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/models").join(name);
        println!("{name}: {:.1} MB", std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6);
    }

    let ud = std::fs::read_to_string(shared.join("ud/en_ewt-test.conllu")).expect("EWT test");
    let sentences = read_conllu("en_ewt-test.conllu", &ud).expect("parses");
    let words: Vec<Vec<&str>> = sentences.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    // tokens per second over three rounds of the test set
    let rate = |tag: &dyn Fn(&[&str]) -> usize| {
        let start = Instant::now();
        let tagged: usize = (0..3).map(|_| words.iter().map(|s| tag(s)).sum::<usize>()).sum();
        tagged as f64 / start.elapsed().as_secs_f64()
    };
    let two = rate(&|s| models.pos.tag(s).len());
    println!("pos, two passes: {two:>9.0} tokens/s ({tokens} tokens, 3 rounds, one thread)");
    let first = rate(&|s| models.pos.tag_fast(s).len());
    println!("pos, first pass: {first:>9.0} tokens/s (as the pipeline runs it)");

    let conll = std::fs::read_to_string(shared.join("conll2003/dev.txt")).expect("CoNLL dev");
    let documents = read_conll2003("dev.txt", &conll).expect("parses");
    let start = Instant::now();
    let mut tagged = 0usize;
    for doc in &documents {
        let sentences: Vec<(Vec<&str>, Vec<&str>)> = doc
            .iter()
            .map(|s| {
                let w: Vec<&str> = s.words.iter().map(String::as_str).collect();
                let p: Vec<&str> =
                    models.pos.tag_fast(&w).into_iter().map(|t| models.pos.classes()[t].as_str()).collect();
                (w, p)
            })
            .collect();
        tagged += models.ner.tag_document(&lexicon, &sentences).iter().map(Vec::len).sum::<usize>();
    }
    let seconds = start.elapsed().as_secs_f64();
    println!("pos (first pass) + ner: {:>9.0} tokens/s ({tagged} tokens, one thread)", tagged as f64 / seconds);
}
