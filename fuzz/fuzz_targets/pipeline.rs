//! libFuzzer target: any bytes, read as a plain-text article, through the whole pipeline
//! (the trained models and the rules alone) and `emit`. A panic is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::emit::{EmitOptions, emit};
use newsgraph::tag::Models;
use newsgraph::{Lexicon, Pipeline};
use std::sync::OnceLock;

fn data() -> &'static (Lexicon, Models) {
    static DATA: OnceLock<(Lexicon, Models)> = OnceLock::new();
    DATA.get_or_init(|| (Lexicon::shipped().expect("data"), Models::shipped().expect("models")))
}

fuzz_target!(|bytes: &[u8]| {
    let (lexicon, models) = data();
    let Ok(text) = newsgraph::ingest::check_text(bytes.to_vec(), None) else { return };
    let doc = newsgraph::ingest::parse_txt(text, lexicon);
    for pipeline in [Pipeline::with_models(lexicon, models), Pipeline::new(lexicon)] {
        let mut analysis = pipeline.analyse(&doc);
        let _ = emit(&mut analysis, lexicon, &EmitOptions::default());
    }
});
