//! Graphs from many sources in one store: importing outside RDF into a named graph per source
//! (with its provenance), merging stores and dumps built elsewhere, and aligning outside
//! resources with our entities by name and compatible type (`owl:sameAs`, with the evidence).

use crate::graph::{NAME_PROPERTIES, local, normalise};
use crate::vocab::{self, ng, owl, prov, rdf, rdfs, xsd};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// Why an import or merge failed.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The file is not valid RDF; nothing of it was loaded.
    #[error("{file}:{line}:{column}: {message} (nothing of this file was loaded)")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// The parser's message.
        message: String,
    },
    /// The file's format cannot be told from its name.
    #[error("{0}: unknown RDF format: name it .ttl, .nt, .nq, .trig, .rdf/.owl/.xml or .jsonld")]
    UnknownFormat(String),
    /// Reading failed.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The RDF format of a file name, by extension.
pub fn format_of(name: &str) -> Option<RdfFormat> {
    let extension = name.rsplit_once('.')?.1.to_lowercase();
    match extension.as_str() {
        "xml" | "owl" => Some(RdfFormat::RdfXml),
        // oxigraph reads .txt as N-Triples (an old media type); articles are .txt here
        "txt" => None,
        "json" => Some(RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() }),
        e => RdfFormat::from_extension(e),
    }
}

/// Parses a whole file before anything is stored, so a syntax error loads none of it.
/// Triples go to `default_graph`; with `keep_graphs` the named graphs of quad formats are kept,
/// else everything (named graphs too) goes to `default_graph`. Blank nodes are renamed with a hash of the content,
/// so the same file always gives the same quads and two files never share a blank node.
pub fn parse(
    file: &str,
    format: RdfFormat,
    mut reader: impl Read,
    default_graph: GraphName,
    keep_graphs: bool,
) -> Result<Vec<Quad>, MergeError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|source| MergeError::Io { file: file.to_owned(), source })?;
    let salt = hex(&Sha256::digest(&bytes)[..6]);
    let parser = RdfParser::from_format(format).with_default_graph(default_graph.clone());
    // triple formats already put everything in `default_graph`; only quad formats need moving
    let move_graphs = !keep_graphs && format.supports_datasets();
    let fix = |mut quad: Quad| {
        if move_graphs && quad.graph_name != default_graph {
            quad.graph_name = default_graph.clone();
        }
        rename_blanks(quad, &salt)
    };
    // line formats split at line ends and parse on every core; an error is found again by the
    // sequential parser, which knows its line in the whole file
    if matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) && bytes.len() > PARALLEL_PARSE_BYTES {
        use rayon::prelude::*;
        let parts = parser.clone().split_slice_for_parallel_parsing(&bytes, rayon::current_num_threads() * 4);
        let chunks: Result<Vec<Vec<Quad>>, _> =
            parts.into_par_iter().map(|p| p.map(|q| q.map(&fix)).collect::<Result<Vec<_>, _>>()).collect();
        if let Ok(chunks) = chunks {
            return Ok(chunks.into_iter().flatten().collect());
        }
    }
    let mut out = Vec::new();
    for quad in parser.for_slice(&bytes) {
        out.push(fix(quad.map_err(|e| syntax(file, e))?));
    }
    Ok(out)
}

/// Above this size, N-Triples and N-Quads are parsed in parallel.
const PARALLEL_PARSE_BYTES: usize = 1 << 20;

fn syntax(file: &str, error: oxigraph::io::RdfSyntaxError) -> MergeError {
    let (line, column) = error.location().map_or((0, 0), |l| (l.start.line + 1, l.start.column + 1));
    MergeError::Syntax { file: file.to_owned(), line, column, message: error.to_string() }
}

fn rename_blanks(mut quad: Quad, salt: &str) -> Quad {
    // most quads have no blank node: they are moved through untouched, not copied
    let blank = |b: &BlankNode| BlankNode::new_unchecked(format!("{salt}{}", b.as_str()));
    if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
        quad.subject = blank(b).into();
    }
    if let Term::BlankNode(b) = &quad.object {
        quad.object = blank(b).into();
    }
    if let GraphName::BlankNode(b) = &quad.graph_name {
        quad.graph_name = blank(b).into();
    }
    quad
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The named graph of an imported source.
pub fn source_graph(base: &str, source: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}source/{}", crate::link::slug(source)))
}

/// The graph that describes the imported sources (PROV-O).
pub fn sources_graph(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}sources"))
}

/// The graph of entity alignments, recomputed after every import and merge.
pub fn alignment_graph(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}alignment"))
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The source's graph.
    pub graph: NamedNode,
    /// Triples loaded.
    pub triples: usize,
    /// Whether the source was there before and has been replaced.
    pub replaced: bool,
}

/// Loads parsed quads of one source into its named graph, replacing what the source held, and
/// records the source, the file and the time. A new source goes through the bulk loader; a
/// source already in the store is replaced in one transaction, so it is never half replaced.
pub fn import(
    store: &Store,
    base: &str,
    source: &str,
    file: &str,
    quads: Vec<Quad>,
    time: &str,
) -> Result<Imported, MergeError> {
    let graph = source_graph(base, source);
    let triples = quads.len();
    let sources = GraphName::NamedNode(sources_graph(base));
    let file_iri = file_iri(file);
    let describe = vec![
        Quad::new(graph.clone(), rdf::TYPE, ng::SOURCE, sources.clone()),
        Quad::new(graph.clone(), rdf::TYPE, prov::ENTITY, sources.clone()),
        Quad::new(graph.clone(), rdfs::LABEL, Literal::new_simple_literal(source), sources.clone()),
        Quad::new(graph.clone(), prov::HAD_PRIMARY_SOURCE, file_iri, sources.clone()),
        Quad::new(
            graph.clone(),
            prov::GENERATED_AT_TIME,
            Literal::new_typed_literal(time, xsd::DATE_TIME),
            sources.clone(),
        ),
        Quad::new(
            graph.clone(),
            ng::TRIPLE_COUNT,
            Literal::new_typed_literal(triples.to_string(), xsd::NON_NEGATIVE_INTEGER),
            sources.clone(),
        ),
    ];
    let replaced = store.contains_named_graph(&graph)?;
    let old: Vec<Quad> = store
        .quads_for_pattern(Some(graph.as_ref().into()), None, None, Some(sources.as_ref()))
        .collect::<Result<_, _>>()?;
    if replaced || !old.is_empty() {
        let mut transaction = store.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
        for q in &old {
            transaction.remove(q);
        }
        transaction.insert_named_graph(graph.as_ref());
        transaction.extend(quads.iter());
        transaction.extend(describe.iter());
        transaction.commit()?;
    } else {
        let mut loader = crate::store::bulk_loader(store);
        loader.load_quads(quads.into_iter().chain(describe))?;
        loader.commit()?;
    }
    Ok(Imported { graph, triples, replaced })
}

fn file_iri(file: &str) -> NamedNode {
    let path = std::path::Path::new(file);
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.display().to_string();
    let encoded: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "/-._~".contains(c) { c.to_string() } else { percent(c) })
        .collect();
    NamedNode::new_unchecked(format!("file://{}{encoded}", if encoded.starts_with('/') { "" } else { "/" }))
}

fn percent(c: char) -> String {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf).bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Graphs recomputed from the rest, never copied by a merge.
pub fn derived_graphs(base: &str) -> [NamedNode; 3] {
    [alignment_graph(base), crate::claims::claims_graph(base), NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH)]
}

/// Adds quads to the store as a set union (a quad already there is not doubled), through the
/// bulk loader. Derived graphs (alignment, claims, ontology) are skipped: they are recomputed.
pub fn add_quads(store: &Store, base: &str, quads: impl IntoIterator<Item = Quad>) -> Result<usize, MergeError> {
    let derived = derived_graphs(base);
    let mut count = 0;
    let mut batch = Vec::new();
    for q in quads {
        if let GraphName::NamedNode(g) = &q.graph_name {
            if derived.contains(g) {
                continue;
            }
        }
        count += 1;
        batch.push(q);
        if batch.len() >= crate::store::BULK_BATCH_QUADS {
            let mut loader = crate::store::bulk_loader(store);
            loader.load_quads(std::mem::take(&mut batch))?;
            loader.commit()?;
        }
    }
    let mut loader = crate::store::bulk_loader(store);
    loader.load_quads(batch)?;
    loader.commit()?;
    Ok(count)
}

/// What an alignment found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    /// `(our entity, outside resource, the shared name)`, linked with `owl:sameAs`.
    pub linked: Vec<(NamedNode, NamedNode, String)>,
    /// Pairs that share a name but not a type: reported, not merged.
    pub clashes: Vec<String>,
    /// Entities with several outside candidates of a fitting type: reported, not merged.
    pub ambiguous: Vec<String>,
}

/// What kind of thing a resource is, as far as alignment compares types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Place,
    Person,
    Organization,
    Product,
    Other,
}

fn our_category(class: &str) -> Category {
    match class {
        "Country" | "City" | "Location" => Category::Place,
        "Person" => Category::Person,
        "Organization" | "Group" => Category::Organization,
        "Product" | "Weapon" | "Vehicle" => Category::Product,
        _ => Category::Other,
    }
}

/// An outside class by its local name: schema.org, DBpedia, FOAF, GeoNames, Wikidata-like names.
fn outside_category(class_iri: &str) -> Option<Category> {
    let name = crate::graph::last_segment(class_iri).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&["country", "place", "location", "city", "settlement", "state", "spatialthing", "feature", "point"]) {
        Some(Category::Place)
    } else if has(&["person", "human"]) {
        Some(Category::Person)
    } else if has(&["organi", "company", "party", "agency", "group"]) {
        Some(Category::Organization)
    } else if has(&["weapon", "product", "aircraft", "vehicle"]) {
        Some(Category::Product)
    } else {
        None
    }
}

const GEO: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#";

/// Aligns outside resources with our entities and rewrites the alignment graph: an outside
/// resource and one of our entities are the same when they carry the same normalised name and
/// their types fit; the link is written only when it is the one fitting candidate. The result
/// depends only on what the store holds, so merges in any order align alike.
pub fn align(store: &Store, base: &str) -> Result<Alignment, MergeError> {
    let entities_graph = crate::emit::entities_graph(base);
    // our entities: name → (entity, category)
    let mut ours: BTreeMap<String, BTreeSet<(String, Category)>> = BTreeMap::new();
    let mut our_class: BTreeMap<String, Category> = BTreeMap::new();
    for q in store.quads_for_pattern(None, Some(rdf::TYPE), None, Some(entities_graph.as_ref().into())) {
        let q = q?;
        if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(c)) = (&q.subject, &q.object) {
            if let Some(c) = local(c.as_str()) {
                our_class.insert(s.as_str().to_owned(), our_category(c));
            }
        }
    }
    for p in [rdfs::LABEL, crate::vocab::skos::ALT_LABEL] {
        for q in store.quads_for_pattern(None, Some(p), None, Some(entities_graph.as_ref().into())) {
            let q = q?;
            if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) {
                if let Some(c) = our_class.get(s.as_str()) {
                    ours.entry(normalise(l.value())).or_default().insert((s.as_str().to_owned(), *c));
                }
            }
        }
    }
    // outside resources: not ours, not the ontology's, with a naming property
    let derived = derived_graphs(base);
    let is_outside = |iri: &str| !iri.starts_with(base) && !iri.starts_with(ng::NS);
    let mut names: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new(); // resource → (name, property)
    for p in NAME_PROPERTIES {
        for q in store.quads_for_pattern(None, Some(NamedNodeRef::new_unchecked(p)), None, None) {
            let q = q?;
            if matches!(&q.graph_name, GraphName::NamedNode(g) if derived.contains(g) || *g == entities_graph) {
                continue;
            }
            if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) {
                // only names some entity of ours carries can align: the rest is not looked at again
                let name = normalise(l.value());
                if is_outside(s.as_str()) && ours.contains_key(&name) {
                    names.entry(s.as_str().to_owned()).or_default().insert((name, p.to_owned()));
                }
            }
        }
    }
    // their types, as far as they tell
    let mut categories: BTreeMap<String, (Option<Category>, String)> = BTreeMap::new();
    for resource in names.keys() {
        let node = NamedNodeRef::new_unchecked(resource);
        let mut found: Option<(Category, String)> = None;
        for q in store.quads_for_pattern(Some(node.into()), None, None, None) {
            let q = q?;
            let evidence = if q.predicate == rdf::TYPE {
                match &q.object {
                    Term::NamedNode(c) => {
                        outside_category(c.as_str()).map(|k| (k, format!("rdf:type <{}>", c.as_str())))
                    }
                    _ => None,
                }
            } else if q.predicate.as_str().starts_with(GEO) {
                Some((Category::Place, format!("coordinates (<{}>)", q.predicate.as_str())))
            } else {
                None
            };
            if let Some(e) = evidence {
                if found.as_ref().is_none_or(|f| e < *f) {
                    found = Some(e);
                }
            }
        }
        categories.insert(resource.clone(), found.map_or((None, String::new()), |(k, e)| (Some(k), e)));
    }

    let mut result = Alignment::default();
    // candidates per our entity, and per outside resource
    let mut by_entity: BTreeMap<String, BTreeSet<(String, String, String)>> = BTreeMap::new();
    for (resource, resource_names) in &names {
        let (category, evidence) = &categories[resource];
        for (name, property) in resource_names {
            let Some(matches) = ours.get(name) else { continue };
            for (entity, our) in matches {
                if Some(*our) == *category {
                    by_entity.entry(entity.clone()).or_default().insert((
                        resource.clone(),
                        format!("{name}\t{property}"),
                        evidence.clone(),
                    ));
                } else {
                    let theirs =
                        category.map_or("no type or coordinates".to_owned(), |c| format!("{c:?}").to_lowercase());
                    result.clashes.push(format!(
                        "<{entity}> ({}) and <{resource}> ({theirs}) share the name {name:?}: not merged",
                        format!("{our:?}").to_lowercase()
                    ));
                }
            }
        }
    }
    let graph = GraphName::NamedNode(alignment_graph(base));
    let mut quads = Vec::new();
    for (entity, candidates) in &by_entity {
        let resources: BTreeSet<&String> = candidates.iter().map(|(r, _, _)| r).collect();
        if resources.len() > 1 {
            result.ambiguous.push(format!(
                "<{entity}> fits {}: not merged",
                resources.iter().map(|r| format!("<{r}>")).collect::<Vec<_>>().join(", ")
            ));
            continue;
        }
        let Some((resource, matched, evidence)) = candidates.iter().next() else { continue };
        let (name, property) = matched.split_once('\t').unwrap_or((matched.as_str(), ""));
        let ours = NamedNode::new_unchecked(entity.as_str());
        let theirs = NamedNode::new_unchecked(resource.as_str());
        let node = NamedNode::new_unchecked(format!(
            "{base}alignment/{}",
            hex(&Sha256::digest(format!("{entity} {resource}").as_bytes())[..12])
        ));
        quads.push(Quad::new(ours.clone(), owl::SAME_AS, theirs.clone(), graph.clone()));
        quads.push(Quad::new(node.clone(), rdf::TYPE, ng::ALIGNMENT, graph.clone()));
        quads.push(Quad::new(node.clone(), ng::ALIGNED_ENTITY, ours.clone(), graph.clone()));
        quads.push(Quad::new(node.clone(), ng::ALIGNED_WITH, theirs.clone(), graph.clone()));
        quads.push(Quad::new(node.clone(), ng::MATCHED_NAME, Literal::new_simple_literal(name), graph.clone()));
        quads.push(Quad::new(node.clone(), ng::MATCHED_PROPERTY, NamedNode::new_unchecked(property), graph.clone()));
        quads.push(Quad::new(node, ng::TYPE_EVIDENCE, Literal::new_simple_literal(evidence.as_str()), graph.clone()));
        result.linked.push((ours, theirs, name.to_owned()));
    }
    result.clashes.sort();
    result.clashes.dedup();
    let mut transaction = store.start_transaction()?;
    transaction.clear_graph(graph.as_ref())?;
    transaction.extend(quads.iter());
    transaction.commit()?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_file_name() {
        assert_eq!(format_of("a.ttl"), Some(RdfFormat::Turtle));
        assert_eq!(format_of("dump.NQ"), Some(RdfFormat::NQuads));
        assert_eq!(format_of("onto.owl"), Some(RdfFormat::RdfXml));
        assert_eq!(format_of("notes.txt"), None);
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let text = "<http://a> <http://b> <http://c> .\n<http://a> <http://b> \"unterminated .\n";
        let error =
            parse("x.nt", RdfFormat::NTriples, text.as_bytes(), GraphName::DefaultGraph, false).expect_err("bad line");
        let message = error.to_string();
        assert!(message.starts_with("x.nt:2:"), "{message}");
    }

    #[test]
    fn blank_nodes_are_renamed_the_same_way_each_time() {
        let text = "_:a <http://p> _:b .";
        let one = parse("x.nt", RdfFormat::NTriples, text.as_bytes(), GraphName::DefaultGraph, false).expect("ok");
        let two = parse("y.nt", RdfFormat::NTriples, text.as_bytes(), GraphName::DefaultGraph, false).expect("ok");
        assert_eq!(one, two);
        assert_ne!(one[0].subject.to_string(), "_:a");
    }

    #[test]
    fn outside_classes_fall_into_categories() {
        assert_eq!(outside_category("http://dbpedia.org/ontology/Country"), Some(Category::Place));
        assert_eq!(outside_category("http://xmlns.com/foaf/0.1/Person"), Some(Category::Person));
        assert_eq!(outside_category("https://schema.org/Organization"), Some(Category::Organization));
        assert_eq!(outside_category("http://example.org/Thing"), None);
    }
}
