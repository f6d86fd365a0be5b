//! Speed of the trained taggers on one core: model load time, and tokens per second of the
//! part-of-speech model (UD EWT test), of the name model with its part-of-speech input
//! (CoNLL-2003 dev), and of both on the Reuters corpus as the segmenter cuts it. Each word type
//! is described once per thread and remembered, so the first round over a text (every word new)
//! and the later ones (every word known) are reported apart. Run with
//! `cargo bench --bench taggers`; `NEWSGRAPH_BENCH_DOCS=N` takes only the first N Reuters
//! articles, for quick side-by-side runs or runs under cachegrind; `NEWSGRAPH_BENCH_BOTH=1` runs
//! only both taggers on them, for profiles of the pipeline's share.

use newsgraph::Lexicon;
use newsgraph::corpus::{read_conll2003, read_conllu};
use newsgraph::ingest::{Input, documents};
use newsgraph::tag::Models;
use std::path::PathBuf;
use std::time::Instant;

/// Tokens per second of `tag` over `rounds` rounds, the first round apart.
fn rates(rounds: usize, tokens: usize, tag: &dyn Fn() -> usize) -> (f64, f64) {
    let start = Instant::now();
    assert_eq!(tag(), tokens);
    let first = tokens as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    for _ in 1..rounds {
        assert_eq!(tag(), tokens);
    }
    (first, (tokens * (rounds - 1)) as f64 / start.elapsed().as_secs_f64())
}

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
    let both_only = std::env::var_os("NEWSGRAPH_BENCH_BOTH").is_some();
    let show = |what: &str, (first, warm): (f64, f64), tokens: usize| {
        println!("{what:<34} first round {first:>9.0} tokens/s, later rounds {warm:>9.0} tokens/s ({tokens} tokens)");
    };

    if !both_only {
        taggers_alone(&shared, &lexicon, &models, &show);
    }
    reuters(&shared, &lexicon, &models, both_only, &show);
}

type Show<'a> = dyn Fn(&str, (f64, f64), usize) + 'a;

/// Both taggers on a document's sentences, as the pipeline runs them: the tokens tagged.
fn both(lexicon: &Lexicon, models: &Models, documents: &[Vec<Vec<&str>>]) -> usize {
    let mut tagged = 0;
    for doc in documents {
        let sentences: Vec<(Vec<&str>, Vec<&str>)> = doc
            .iter()
            .map(|w| {
                let p: Vec<&str> =
                    models.pos.tag_fast(w).into_iter().map(|t| models.pos.classes()[t].as_str()).collect();
                (w.clone(), p)
            })
            .collect();
        tagged += models.ner.tag_document(lexicon, &sentences).iter().map(Vec::len).sum::<usize>();
    }
    tagged
}

/// The part-of-speech model on EWT test, and both on CoNLL-2003 dev.
fn taggers_alone(shared: &std::path::Path, lexicon: &Lexicon, models: &Models, show: &Show<'_>) {
    let ud = std::fs::read_to_string(shared.join("ud/en_ewt-test.conllu")).expect("EWT test");
    let sentences = read_conllu("en_ewt-test.conllu", &ud).expect("parses");
    let words: Vec<Vec<&str>> = sentences.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    // the first pass alone first, so its round over new words is not helped by the second's
    let first = rates(4, tokens, &|| words.iter().map(|s| models.pos.tag_fast(s).len()).sum());
    show("pos, first pass (as the pipeline)", first, tokens);
    let two = rates(4, tokens, &|| words.iter().map(|s| models.pos.tag(s).len()).sum());
    show("pos, two passes", two, tokens);

    let conll = std::fs::read_to_string(shared.join("conll2003/dev.txt")).expect("CoNLL dev");
    let dev = read_conll2003("dev.txt", &conll).expect("parses");
    let dev: Vec<Vec<Vec<&str>>> =
        dev.iter().map(|d| d.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect()).collect();
    let tokens: usize = dev.iter().flatten().map(Vec::len).sum();
    show("pos + ner, CoNLL-2003 dev", rates(4, tokens, &|| both(lexicon, models, &dev)), tokens);
}

/// Both taggers (and first the part-of-speech model alone) on the Reuters corpus.
fn reuters(shared: &std::path::Path, lexicon: &Lexicon, models: &Models, both_only: bool, show: &Show<'_>) {
    // the Reuters corpus as the pipeline cuts it (segmentation is not timed)
    let corpus = shared.join("corpus/reuters21578.jsonl");
    let docs: Vec<_> = documents(&[Input::Path(corpus)], lexicon, Box::new(std::io::empty()))
        .filter_map(|item| item.result.ok())
        .take(std::env::var("NEWSGRAPH_BENCH_DOCS").ok().and_then(|n| n.parse().ok()).unwrap_or(usize::MAX))
        .collect();
    let segmented: Vec<(String, newsgraph::segment::Segmentation)> =
        docs.iter().map(|d| (d.text.clone(), newsgraph::segment::segment(&d.text, &d.regions, lexicon))).collect();
    let reuters: Vec<Vec<Vec<&str>>> = segmented
        .iter()
        .map(|(text, seg)| {
            seg.sentences
                .iter()
                .map(|s| s.tokens.clone().map(|t| &text[seg.tokens[t].start..seg.tokens[t].end]).collect())
                .collect()
        })
        .collect();
    let tokens: usize = reuters.iter().flatten().map(Vec::len).sum();
    let pos_only = || reuters.iter().flatten().map(|s| models.pos.tag_fast(s).len()).sum();
    if !both_only {
        show("pos, Reuters-21578", rates(2, tokens, &pos_only), tokens);
    }
    show("pos + ner, Reuters-21578", rates(2, tokens, &|| both(lexicon, models, &reuters)), tokens);
}
