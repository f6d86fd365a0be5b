//! The on-disk oxigraph store: opening it with clear errors, loading the ontology, and loading
//! document graphs (new ones through the bulk loader, replaced ones in one transaction each).

use crate::emit::{DocGraph, Quads};
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad, QuadRef};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No store at the path.
    #[error("no store at {0}: run `newsgraph build` first, or pass --store")]
    Missing(PathBuf),
    /// Another process holds the store.
    #[error("the store at {0} is in use by another process (only one newsgraph command can open it at a time)")]
    Locked(PathBuf),
    /// The directory is something else.
    #[error("{0} is not a newsgraph store (it is not empty and holds no RocksDB database)")]
    NotAStore(PathBuf),
    /// The path is a file.
    #[error("{0} is a file, not a store directory")]
    NotADirectory(PathBuf),
    /// Any other storage failure.
    #[error("store {path}: {source}")]
    Storage {
        /// The store.
        path: PathBuf,
        /// The cause.
        source: StorageError,
    },
}

/// How to open a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create it if it does not exist.
    Create,
    /// It must exist already.
    Existing,
}

/// Opens the store at `path`, telling a missing, locked or foreign directory apart.
pub fn open(path: &Path, mode: OpenMode) -> Result<Store, StoreError> {
    if path.is_file() {
        return Err(StoreError::NotADirectory(path.to_owned()));
    }
    let exists = path.is_dir();
    if !exists && mode == OpenMode::Existing {
        return Err(StoreError::Missing(path.to_owned()));
    }
    if exists {
        let empty = std::fs::read_dir(path).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty && !path.join("CURRENT").is_file() {
            return Err(StoreError::NotAStore(path.to_owned()));
        }
        if empty && mode == OpenMode::Existing {
            return Err(StoreError::Missing(path.to_owned()));
        }
    }
    Store::open(path).map_err(|source| {
        let message = source.to_string();
        if message.contains("lock") || message.contains("LOCK") {
            StoreError::Locked(path.to_owned())
        } else {
            StoreError::Storage { path: path.to_owned(), source }
        }
    })
}

/// The ontology's quads in its own named graph.
pub fn ontology_quads() -> Result<Vec<Quad>, String> {
    let graph = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
    RdfParser::from_format(RdfFormat::Turtle)
        .without_named_graphs()
        .with_default_graph(graph)
        .for_slice(vocab::ONTOLOGY_TTL.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

/// Replaces the ontology graph in the store with the shipped ontology, in one transaction.
pub fn load_ontology(store: &Store) -> Result<(), StorageError> {
    let quads = ontology_quads().map_err(|e| StorageError::Other(e.into()))?;
    let graph = NamedNodeRef::new_unchecked(vocab::ONTOLOGY_GRAPH);
    let mut transaction = store.start_transaction()?;
    transaction.clear_graph(graph)?;
    transaction.extend(quads.iter());
    transaction.commit()
}

/// What happened to a document's graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// New to the store.
    Added,
    /// It was there already and has been replaced.
    Replaced,
    /// The same text came earlier in this run.
    Duplicate,
}

/// Quads the bulk loader sorts at a time, per thread, for imports and merges. Its default (a
/// million) sorts slower than several small runs: on 2 cores 50 thousand loads outside data
/// twice as fast (`benches/graph.rs`), at the price of many small files that [`compact`] merges.
pub const BULK_SORT_QUADS: usize = 50_000;

/// oxigraph's bulk loader with the batch size for imports and merges.
pub fn bulk_loader(store: &Store) -> oxigraph::store::BulkLoader<'_> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // the loader's batch is memory × 1000 / threads quads
    store.bulk_loader().with_num_threads(threads).with_max_memory_size_in_megabytes(BULK_SORT_QUADS * threads / 1000)
}

/// Compacts the store after an import or merge. Each bulk batch adds sorted files that all
/// overlap, and until they are merged every read consults each of them: on a million quads of
/// the Reuters graph a depth-2 diagram took 2 s cold before compaction and 0.4 s after
/// (`benches/graph.rs`). A build does not compact: on the whole corpus (the articles' text is
/// in the store) it took minutes.
pub fn compact(store: &Store) -> Result<(), StorageError> {
    store.optimize()
}

/// How many quads of new documents are gathered before one bulk load commits them.
pub const BULK_BATCH_QUADS: usize = 2_000_000;

/// Loads document graphs into a store. New documents gather into large batches for the bulk
/// loader, each batch committed atomically; a document already in the store is replaced in a
/// transaction of its own, so an interrupted run never leaves an old graph half replaced.
#[allow(missing_debug_implementations)]
pub struct Loader<'a> {
    store: &'a Store,
    /// Graphs waiting for the bulk loader, kept compact until it takes them.
    pending: Vec<Quads>,
    pending_quads: usize,
    seen: HashSet<NamedNode>,
    batch_quads: usize,
}

impl<'a> Loader<'a> {
    /// A loader into `store`.
    pub fn new(store: &'a Store) -> Self {
        Self { store, pending: Vec::new(), pending_quads: 0, seen: HashSet::new(), batch_quads: BULK_BATCH_QUADS }
    }

    /// With a smaller batch (tests of the batching).
    pub fn with_batch_quads(mut self, quads: usize) -> Self {
        self.batch_quads = quads.max(1);
        self
    }

    /// Adds or replaces one document's graph.
    pub fn add(&mut self, graph: DocGraph) -> Result<Loaded, StorageError> {
        if !self.seen.insert(graph.iri.clone()) {
            return Ok(Loaded::Duplicate);
        }
        if self.store.contains_named_graph(&graph.iri)? {
            let mut transaction = self.store.start_transaction()?;
            transaction.clear_graph(GraphNameRef::NamedNode(graph.iri.as_ref()))?;
            transaction.insert_named_graph(graph.iri.as_ref());
            transaction.extend(graph.quads.iter());
            transaction.commit()?;
            return Ok(Loaded::Replaced);
        }
        self.pending_quads += graph.quads.len();
        self.pending.push(graph.quads);
        if self.pending_quads >= self.batch_quads {
            self.flush()?;
        }
        Ok(Loaded::Added)
    }

    /// Commits what is gathered.
    pub fn flush(&mut self) -> Result<(), StorageError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let graphs = std::mem::take(&mut self.pending);
        self.pending_quads = 0;
        // the loader's own batches: fewer, larger sorted files, which a build of news (long
        // literals: the articles' text) reads fast without the compaction `compact` does
        let mut loader = self.store.bulk_loader();
        loader.load_quads(graphs.iter().flat_map(|g| g.iter().map(QuadRef::into_owned)))?;
        loader.commit()
    }

    /// Commits the rest.
    pub fn finish(mut self) -> Result<(), StorageError> {
        self.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_foreign_directories_are_told_apart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("none");
        assert!(matches!(open(&missing, OpenMode::Existing), Err(StoreError::Missing(_))));
        let foreign = dir.path().join("foreign");
        std::fs::create_dir(&foreign).expect("mkdir");
        std::fs::write(foreign.join("notes.txt"), "mine").expect("write");
        assert!(matches!(open(&foreign, OpenMode::Create), Err(StoreError::NotAStore(_))));
        let file = dir.path().join("file");
        std::fs::write(&file, "x").expect("write");
        assert!(matches!(open(&file, OpenMode::Create), Err(StoreError::NotADirectory(_))));
    }

    #[test]
    fn a_second_opener_is_refused_as_locked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db");
        let _first = open(&path, OpenMode::Create).expect("opens");
        let error = open(&path, OpenMode::Existing).err().expect("refused");
        assert!(matches!(error, StoreError::Locked(_)), "{error}");
    }

    #[test]
    fn the_ontology_parses() {
        let quads = ontology_quads().expect("parses");
        assert!(quads.len() > 300);
    }
}
