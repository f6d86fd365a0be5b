//! libFuzzer target: any bytes as an HTML page and as a JSON Lines record, and each document
//! read through the pipeline. A panic is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::emit::{EmitOptions, emit};
use newsgraph::{Lexicon, Pipeline};
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::shipped().expect("data"))
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let pipeline = Pipeline::new(lexicon());
    let docs = [newsgraph::ingest::parse_html(text).ok(), newsgraph::ingest::parse_jsonl_record(text, 1).ok()];
    for doc in docs.into_iter().flatten() {
        let mut analysis = pipeline.analyse(&doc);
        let _ = emit(&mut analysis, lexicon(), &EmitOptions::default());
    }
});
