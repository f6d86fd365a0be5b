//! newsgraph: news articles to an RDF knowledge graph of who did what to whom, who said so and
//! whether it is denied, with every fact traceable to its sentence.
//!
//! The pipeline is one module per stage: [`ingest`] reads articles, [`segment`] splits them
//! into sentences and tokens, [`tag`] finds parts of speech and names, [`link`] resolves names
//! to canonical entities, [`relate`] finds events and statements, [`emit`] writes quads; then
//! [`store`] loads them into oxigraph and [`query`] answers SPARQL. [`batch`] runs it all over
//! many inputs in parallel.

pub mod batch;
pub mod claims;
pub mod codes;
pub mod contain;
pub mod corpus;
pub mod dot;
pub mod emit;
pub mod gold;
pub mod graph;
pub mod ingest;
pub mod lexicon;
pub mod link;
pub mod merge;
pub mod network;
pub mod parse;
pub mod perceptron;
pub mod pipeline;
pub mod plover;
pub mod query;
pub mod relate;
pub mod segment;
pub mod server;
pub mod store;
pub mod tag;
pub mod vocab;

pub use lexicon::Lexicon;
pub use pipeline::Pipeline;
