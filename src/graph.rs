//! The store seen as a graph (petgraph): entities, concepts and events as nodes, roles as
//! edges. It is what `dot` draws and what `path` and `stats` walk, selected by focus and depth,
//! types, dates and source without reading more of the store than the selection needs.

use crate::vocab::{ng, nif, prov, rdf, rdfs, schema};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::store::{StorageError, Store};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A named thing (person, organisation, place, weapon …).
    Entity,
    /// An unnamed kind of thing ("drones"), a leaf: selection never walks through it.
    Concept,
    /// An event or statement.
    Event,
}

/// A node of the graph.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its IRI (or blank node).
    pub id: NamedOrBlankNode,
    /// Its name: `rdfs:label` (or another naming property), else the IRI's last segment.
    pub label: String,
    /// Its class: the local name of an `ng:` class (`Country`, `Supply` …) or the full IRI of
    /// an outside one; `None` when untyped.
    pub class: Option<String>,
    /// Entity, concept or event.
    pub kind: Kind,
    /// What only events have.
    pub event: Option<EventInfo>,
}

/// How an event is told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventInfo {
    /// The text says it did not happen.
    pub negated: bool,
    /// `Asserted`, `Future`, `Possible`, `Intended` or `Alleged`.
    pub modality: String,
    /// The word that triggered it.
    pub trigger: Option<String>,
    /// Its normalised time (`2022`, `2022-08`, `2022-08-26`).
    pub time: Option<String>,
    /// The sentence it came from.
    pub sentence: Option<String>,
    /// The named graph (document or source) that holds it.
    pub graph: Option<String>,
    /// The document's publisher, or the source's name.
    pub source: Option<String>,
    /// The document's date.
    pub published: Option<String>,
}

/// What an edge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// From an event to a participant.
    Role(Role),
    /// From an event to who says it happened (the event is a claim).
    ClaimedBy,
    /// From an event to the outlet cited for it.
    ReportedBy,
    /// From a statement to what it says.
    Content,
    /// Any other triple between two resources (CONSTRUCT results, outside data); the index is
    /// into [`KnowledgeGraph::predicates`].
    Other(usize),
}

pub use crate::relate::Role;

/// The edges from an event to a resource, with their properties.
const LINKS: [(Edge, NamedNodeRef<'static>); 8] = [
    (Edge::Role(Role::Agent), ng::AGENT),
    (Edge::Role(Role::Patient), ng::PATIENT),
    (Edge::Role(Role::Theme), ng::THEME),
    (Edge::Role(Role::Recipient), ng::RECIPIENT),
    (Edge::Role(Role::Location), ng::LOCATION_ROLE),
    (Edge::Role(Role::Instrument), ng::INSTRUMENT),
    (Edge::ClaimedBy, ng::CLAIMED_BY),
    (Edge::ReportedBy, ng::REPORTED_BY),
];

/// The edge a property makes from an event to a resource, if it is one.
fn link_of(p: NamedNodeRef<'_>) -> Option<Edge> {
    LINKS.iter().find(|(_, q)| *q == p).map(|(e, _)| *e)
}

impl Edge {
    /// How the edge reads.
    pub fn name(self) -> &'static str {
        match self {
            Edge::Role(r) => r.name(),
            Edge::ClaimedBy => "claimed by",
            Edge::ReportedBy => "reported by",
            Edge::Content => "says",
            Edge::Other(_) => "related",
        }
    }
}

/// Which part of the store to take.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Entities to start from; empty takes every event.
    pub focus: Vec<NamedNode>,
    /// How many events away from the focus to go (1: the focus's own events).
    pub depth: usize,
    /// Classes to keep (local names, e.g. `Person`, `Supply`); subclasses count. Entity classes
    /// restrict the entities drawn, event classes the events.
    pub types: Vec<String>,
    /// Keep events on or after this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Keep events on or before this date.
    pub until: Option<String>,
    /// Keep events from sources whose name contains this (case-insensitive).
    pub source: Option<String>,
    /// Read the sentence behind each event (for listings; diagrams do without).
    pub sentences: bool,
}

/// Why a selection failed.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// Reading the store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A focus name matches nothing.
    #[error("no entity is named {name:?}{}", suggest(.nearest))]
    NoMatch {
        /// The name asked for.
        name: String,
        /// The nearest names in the store.
        nearest: Vec<String>,
    },
    /// A focus name matches several entities.
    #[error("{name:?} names several entities; give one of their IRIs:\n{}", list(.matches))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// `label <IRI>` of each match.
        matches: Vec<String>,
    },
    /// A type that is not in the ontology.
    #[error("unknown type {0:?}: use ng: class names such as Person, Country, Supply, Statement")]
    UnknownType(String),
    /// A date that does not parse.
    #[error("bad date {0:?}: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate(String),
}

fn suggest(nearest: &[String]) -> String {
    if nearest.is_empty() { String::new() } else { format!("; nearest: {}", nearest.join(", ")) }
}

fn list(matches: &[String]) -> String {
    matches.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n")
}

/// A selected part of the store.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    /// The graph: events point at their participants and at what they say.
    pub graph: StableDiGraph<Node, Edge>,
    /// Predicates of [`Edge::Other`] edges, by index.
    pub predicates: Vec<NamedNode>,
    index: HashMap<NamedOrBlankNode, NodeIndex>,
}

impl KnowledgeGraph {
    /// The node of a resource, if selected.
    pub fn node(&self, id: &NamedOrBlankNode) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// The participants of an event in a role, in a fixed order.
    pub fn role(&self, event: NodeIndex, role: Role) -> Vec<NodeIndex> {
        self.targets(event, Edge::Role(role))
    }

    /// What an event's edges of a kind lead to, in a fixed order.
    pub fn targets(&self, event: NodeIndex, edge: Edge) -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = self
            .graph
            .edges_directed(event, petgraph::Direction::Outgoing)
            .filter(|e| *e.weight() == edge)
            .map(|e| petgraph::visit::EdgeRef::target(&e))
            .collect();
        out.sort_by(|a, b| self.graph[*a].id.as_str_key().cmp(self.graph[*b].id.as_str_key()));
        out
    }

    /// Nodes in the order they were added (which follows sorted IRIs, so it is deterministic).
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }
}

/// A string key of a subject, for sorting.
pub trait AsStrKey {
    /// The IRI or blank node id.
    fn as_str_key(&self) -> &str;
}

impl AsStrKey for NamedOrBlankNode {
    fn as_str_key(&self) -> &str {
        match self {
            NamedOrBlankNode::NamedNode(n) => n.as_str(),
            NamedOrBlankNode::BlankNode(b) => b.as_str(),
        }
    }
}

/// Properties that name a resource, best first.
pub const NAME_PROPERTIES: [&str; 6] = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/name",
    "http://schema.org/name",
    "http://www.w3.org/2004/02/skos/core#altLabel",
];

/// Reads the graph of a selection from the store. `labels` is where names and types are
/// looked up (the same store, or the main store when `store` holds a query's result); the
/// ontology is read once by the caller ([`Ontology::read`]).
pub fn select(
    store: &Store,
    labels: &Store,
    ontology: &Ontology,
    selection: &Selection,
) -> Result<KnowledgeGraph, GraphError> {
    let (entity_types, event_types) = ontology.split_types(&selection.types)?;
    let since = selection.since.as_deref().map(|d| date_range(d).map(|r| r.0)).transpose()?;
    let until = selection.until.as_deref().map(|d| date_range(d).map(|r| r.1)).transpose()?;
    let mut reader = Reader {
        store,
        labels,
        ontology,
        docs: HashMap::new(),
        names: HashMap::new(),
        described: HashMap::new(),
        sentences: selection.sentences,
    };

    // which events: all, or those within `depth` events of the focus
    let mut events: Vec<NamedOrBlankNode> = if selection.focus.is_empty() {
        reader.all_events()?
    } else {
        reader.neighbourhood(&selection.focus, selection.depth.max(1))?
    }
    .into_iter()
    .collect();
    events.sort_by(|a, b| a.as_str_key().cmp(b.as_str_key()));

    let mut kg = KnowledgeGraph::default();
    let mut read: Vec<(NamedOrBlankNode, Vec<Quad>)> = Vec::new();
    reader.describe_all(&events)?;
    for event in &events {
        // each event is read once more here: take its quads from the cache, do not copy them
        let quads = reader.described.remove(event).unwrap_or_default();
        read.push((event.clone(), quads));
    }
    // statements first decide whether their content is kept, so filter all, then add

    let mut infos: HashMap<NamedOrBlankNode, (Option<String>, EventInfo)> = HashMap::new();
    for (event, quads) in &read {
        let class = reader.class_of_quads(quads);
        let info = reader.event_info(quads)?;
        if !event_types.is_empty() && !class.as_deref().is_some_and(|c| ontology.is_a(c, &event_types)) {
            continue;
        }
        let (start, end) = match info.time.as_deref().or(info.published.as_deref()) {
            Some(t) => date_range(t).unwrap_or((String::new(), "~".into())),
            None => (String::new(), "~".into()),
        };
        if since.as_ref().is_some_and(|s| end < *s) || until.as_ref().is_some_and(|u| start > *u) {
            continue;
        }
        if let Some(wanted) = &selection.source {
            let wanted = wanted.to_lowercase();
            if !info.source.as_deref().is_some_and(|s| s.to_lowercase().contains(&wanted)) {
                continue;
            }
        }
        infos.insert(event.clone(), (class, info));
    }
    for (event, quads) in &read {
        let Some((class, info)) = infos.remove(event) else { continue };
        let label = class.clone().unwrap_or_else(|| "event".into());
        let e = kg.add(Node { id: event.clone(), label, class, kind: Kind::Event, event: Some(info) });
        for q in quads {
            if let (Some(edge), Some(target)) = (link_of(q.predicate.as_ref()), subject_of_term(&q.object)) {
                let kind = reader.kind(&target)?;
                if kind == Kind::Entity && !entity_types.is_empty() {
                    let class = reader.class(&target)?;
                    if !class.as_deref().is_some_and(|c| ontology.is_a(c, &entity_types)) {
                        continue;
                    }
                }
                let t = reader.node(&mut kg, &target, kind)?;
                kg.graph.update_edge(e, t, edge);
            }
        }
    }
    for (event, quads) in &read {
        let Some(e) = kg.node(event) else { continue };
        for q in quads.iter().filter(|q| q.predicate == ng::CONTENT) {
            if let Some(c) = subject_of_term(&q.object).and_then(|c| kg.node(&c)) {
                kg.graph.update_edge(e, c, Edge::Content);
            }
        }
    }
    // events left with no participant say nothing a diagram can show
    let empty: Vec<NodeIndex> = kg
        .graph
        .node_indices()
        .filter(|n| kg.graph[*n].kind == Kind::Event && kg.graph.neighbors_undirected(*n).next().is_none())
        .collect();
    for n in empty {
        kg.index.remove(&kg.graph[n].id);
        kg.graph.remove_node(n);
    }
    Ok(kg)
}

/// Adds the triples of `quads` that are not about events as [`Edge::Other`] edges (what a
/// CONSTRUCT query drew besides events: shortcut edges, outside data).
pub fn add_other_triples(
    kg: &mut KnowledgeGraph,
    labels: &Store,
    ontology: &Ontology,
    quads: &[Quad],
) -> Result<(), GraphError> {
    let mut reader = Reader {
        store: labels,
        labels,
        ontology,
        docs: HashMap::new(),
        names: HashMap::new(),
        described: HashMap::new(),
        sentences: false,
    };
    let mut sorted: Vec<&Quad> = quads.iter().collect();
    sorted.sort_by_cached_key(|q| q.to_string());
    for q in sorted {
        let Some(object) = subject_of_term(&q.object) else { continue };
        if link_of(q.predicate.as_ref()).is_some() || q.predicate == ng::CONTENT || q.predicate == rdf::TYPE {
            continue;
        }
        if kg.node(&q.subject).is_some_and(|n| kg.graph[n].kind == Kind::Event) {
            continue;
        }
        let kind_s = reader.kind(&q.subject)?;
        let kind_o = reader.kind(&object)?;
        let s = reader.node(kg, &q.subject, kind_s)?;
        let o = reader.node(kg, &object, kind_o)?;
        let p = match kg.predicates.iter().position(|p| *p == q.predicate) {
            Some(i) => i,
            None => {
                kg.predicates.push(q.predicate.clone());
                kg.predicates.len() - 1
            }
        };
        kg.graph.update_edge(s, o, Edge::Other(p));
    }
    Ok(())
}

impl KnowledgeGraph {
    fn add(&mut self, node: Node) -> NodeIndex {
        if let Some(n) = self.index.get(&node.id) {
            return *n;
        }
        let id = node.id.clone();
        let n = self.graph.add_node(node);
        self.index.insert(id, n);
        n
    }
}

fn subject_of_term(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// The class tree of the ontology, and the shortcut verbs of event classes.
#[derive(Debug, Default)]
pub struct Ontology {
    parents: HashMap<String, Vec<String>>,
    /// Event class (local name) → the verb its shortcut property reads as (`supplies`).
    pub verbs: HashMap<String, String>,
    /// Event classes whose participants may swap (`Cooperate`, `Meet` …).
    pub symmetric: BTreeSet<String>,
}

impl Ontology {
    /// Reads the ontology graph of a store.
    pub fn read(store: &Store) -> Result<Self, StorageError> {
        let graph = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(crate::vocab::ONTOLOGY_GRAPH));
        let mut out = Self::default();
        for q in store.quads_for_pattern(None, Some(rdfs::SUB_CLASS_OF), None, Some(graph)) {
            let q = q?;
            if let (Some(c), Term::NamedNode(p)) = (local(q.subject.as_str_key()), &q.object) {
                if let Some(p) = local(p.as_str()) {
                    out.parents.entry(c.to_owned()).or_default().push(p.to_owned());
                }
            }
        }
        // shortcut properties: the first one of a class (sorted) names its verb
        let mut verbs: BTreeMap<String, String> = BTreeMap::new();
        for q in store.quads_for_pattern(None, Some(crate::vocab::ng::SHORTCUT_OF), None, Some(graph)) {
            let q = q?;
            if let (Some(p), Term::NamedNode(c)) = (local(q.subject.as_str_key()), &q.object) {
                if let Some(c) = local(c.as_str()) {
                    let verb = camel_to_words(p);
                    let entry = verbs.entry(c.to_owned()).or_insert_with(|| verb.clone());
                    // the shortest property is the plain verb (`supplies`, not `suppliesTo`)
                    if verb.len() < entry.len() {
                        *entry = verb;
                    }
                }
            }
        }
        out.verbs = verbs.into_iter().collect();
        for q in store.quads_for_pattern(None, Some(ng::SYMMETRIC), None, Some(graph)) {
            let q = q?;
            if let Some(c) = local(q.subject.as_str_key()) {
                out.symmetric.insert(c.to_owned());
            }
        }
        Ok(out)
    }

    /// Whether class `c` is one of `types` or below one.
    pub fn is_a(&self, c: &str, types: &BTreeSet<String>) -> bool {
        let mut stack = vec![c.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(c) = stack.pop() {
            if types.contains(&c) {
                return true;
            }
            if seen.insert(c.clone()) {
                stack.extend(self.parents.get(&c).into_iter().flatten().cloned());
            }
        }
        false
    }

    fn known(&self, c: &str) -> bool {
        self.parents.contains_key(c) || self.parents.values().flatten().any(|p| p == c)
    }

    /// Splits `--types` into entity classes and event classes.
    fn split_types(&self, types: &[String]) -> Result<(BTreeSet<String>, BTreeSet<String>), GraphError> {
        let events: BTreeSet<String> = ["Event".to_owned()].into();
        let (mut entity, mut event) = (BTreeSet::new(), BTreeSet::new());
        for t in types {
            let t = t.trim().trim_start_matches("ng:");
            let name = self
                .parents
                .keys()
                .chain(self.parents.values().flatten())
                .find(|c| c.eq_ignore_ascii_case(t))
                .cloned()
                .filter(|c| self.known(c))
                .ok_or_else(|| GraphError::UnknownType(t.to_owned()))?;
            if self.is_a(&name, &events) {
                event.insert(name)
            } else {
                entity.insert(name)
            };
        }
        Ok((entity, event))
    }

    /// The verb a class reads as on a diagram edge (`supplies`), or its name in lower case.
    pub fn verb(&self, class: &str) -> String {
        self.verbs.get(class).cloned().unwrap_or_else(|| camel_to_words(class).to_lowercase())
    }
}

/// `suppliesTo` → `supplies to`.
fn camel_to_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The local name of an `ng:` IRI.
pub fn local(iri: &str) -> Option<&str> {
    iri.strip_prefix(ng::NS)
}

/// The first and last day a date of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` covers, as sortable strings.
pub fn date_range(date: &str) -> Result<(String, String), GraphError> {
    let bad = || GraphError::BadDate(date.to_owned());
    let parts: Vec<&str> = date.trim().split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] if digits(y, 4) => Ok((format!("{y}-01-01"), format!("{y}-12-31"))),
        [y, m] if digits(y, 4) && digits(m, 2) => Ok((format!("{y}-{m}-01"), format!("{y}-{m}-31"))),
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(&d[..d.len().min(2)], 2) => {
            let day = format!("{y}-{m}-{}", &d[..2]);
            Ok((day.clone(), day))
        }
        _ => Err(bad()),
    }
}

struct Reader<'a> {
    store: &'a Store,
    labels: &'a Store,
    ontology: &'a Ontology,
    docs: HashMap<NamedNode, DocInfo>,
    names: HashMap<NamedOrBlankNode, Naming>,
    described: HashMap<NamedOrBlankNode, Vec<Quad>>,
    sentences: bool,
}

#[derive(Clone, Default)]
struct DocInfo {
    source: Option<String>,
    published: Option<String>,
}

impl Reader<'_> {
    /// Every event: whatever has `ng:negated` (always written) or a role.
    fn all_events(&self) -> Result<HashSet<NamedOrBlankNode>, StorageError> {
        let mut out = HashSet::new();
        for q in self.store.quads_for_pattern(None, Some(ng::NEGATED), None, None) {
            out.insert(q?.subject);
        }
        for role in Role::ALL {
            let p = role.property();
            for q in self.store.quads_for_pattern(None, Some(p), None, None) {
                out.insert(q?.subject);
            }
        }
        Ok(out)
    }

    /// Events within `depth` events of the focus, breadth first, a level at a time (each
    /// level's events are read in parallel); concepts are not walked through.
    fn neighbourhood(&mut self, focus: &[NamedNode], depth: usize) -> Result<HashSet<NamedOrBlankNode>, GraphError> {
        let mut events = HashSet::new();
        let mut seen: HashSet<NamedOrBlankNode> = focus.iter().map(|f| f.clone().into()).collect();
        let mut frontier: Vec<NamedOrBlankNode> = focus.iter().map(|f| f.clone().into()).collect();
        for _ in 0..depth {
            use rayon::prelude::*;
            let store = self.store;
            let subjects = |node: &NamedOrBlankNode, predicates: &[NamedNodeRef<'_>]| {
                let mut out = Vec::new();
                for p in predicates {
                    for q in store.quads_for_pattern(None, Some(*p), Some(term(node)), None) {
                        out.push(q?.subject);
                    }
                }
                Ok::<_, StorageError>(out)
            };
            let roles: Vec<NamedNodeRef<'_>> = LINKS.iter().map(|(_, p)| *p).collect();
            let found: Vec<Vec<NamedOrBlankNode>> =
                frontier.par_iter().map(|e| subjects(e, &roles)).collect::<Result<_, _>>()?;
            let mut found: Vec<NamedOrBlankNode> = found.into_iter().flatten().collect();
            // a statement about one of these events belongs with it: who said so
            let parents: Vec<Vec<NamedOrBlankNode>> =
                found.par_iter().map(|e| subjects(e, &[ng::CONTENT])).collect::<Result<_, _>>()?;
            found.extend(parents.into_iter().flatten());
            found.sort_by(|a, b| a.as_str_key().cmp(b.as_str_key()));
            found.dedup();
            found.retain(|e| !events.contains(e));
            self.describe_all(&found)?;
            // what the participants are, read in parallel too
            let mut participants: Vec<NamedOrBlankNode> = Vec::new();
            for e in &found {
                for q in &self.described[e] {
                    if let (Some(_), Some(t)) = (link_of(q.predicate.as_ref()), subject_of_term(&q.object)) {
                        if !seen.contains(&t) && !self.names.contains_key(&t) {
                            participants.push(t);
                        }
                    }
                }
            }
            participants.sort_by(|a, b| a.as_str_key().cmp(b.as_str_key()));
            participants.dedup();
            let labels = self.labels;
            let ontology = self.ontology;
            let looked: Vec<(NamedOrBlankNode, Naming)> = participants
                .into_par_iter()
                .map(|t| read_name(labels, ontology, &t).map(|found| (t, found)))
                .collect::<Result<_, _>>()?;
            self.names.extend(looked);
            let mut next = Vec::new();
            for e in found {
                let links: Vec<NamedOrBlankNode> = self.described[&e]
                    .iter()
                    .filter(|q| link_of(q.predicate.as_ref()).is_some())
                    .filter_map(|q| subject_of_term(&q.object))
                    .collect();
                for t in links {
                    if !seen.contains(&t) && self.kind(&t)? == Kind::Entity {
                        seen.insert(t.clone());
                        next.push(t);
                    }
                }
                events.insert(e);
            }
            frontier = next;
        }
        Ok(events)
    }

    /// Reads many events at once on every core: decoding the store's terms is most of the time
    /// a selection takes, and each event is independent.
    fn describe_all(&mut self, subjects: &[NamedOrBlankNode]) -> Result<(), StorageError> {
        use rayon::prelude::*;
        let missing: Vec<&NamedOrBlankNode> = subjects.iter().filter(|s| !self.described.contains_key(*s)).collect();
        let store = self.store;
        let read: Vec<(NamedOrBlankNode, Vec<Quad>)> = missing
            .par_iter()
            .map(|s| describe_uncached(store, s).map(|q| ((*s).clone(), q)))
            .collect::<Result<_, _>>()?;
        self.described.extend(read);
        Ok(())
    }

    fn class_of_quads(&self, quads: &[Quad]) -> Option<String> {
        let mut classes: Vec<&str> = quads
            .iter()
            .filter(|q| q.predicate == rdf::TYPE)
            .filter_map(|q| match &q.object {
                Term::NamedNode(n) => local(n.as_str()),
                _ => None,
            })
            .collect();
        classes.sort_unstable();
        // the most specific: one no other listed class is below
        classes
            .iter()
            .find(|c| !classes.iter().any(|d| d != *c && self.ontology.is_a(d, &BTreeSet::from([(**c).to_owned()]))))
            .map(|c| (*c).to_owned())
    }

    fn event_info(&mut self, quads: &[Quad]) -> Result<EventInfo, StorageError> {
        let mut info = EventInfo { modality: "Asserted".into(), ..EventInfo::default() };
        for q in quads {
            let literal = match &q.object {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            };
            match q.predicate.as_ref() {
                p if p == ng::NEGATED => info.negated = literal.as_deref() == Some("true"),
                p if p == ng::MODALITY_PROP => {
                    if let Term::NamedNode(m) = &q.object {
                        info.modality = local(m.as_str()).unwrap_or("Asserted").to_owned();
                    }
                }
                p if p == ng::TRIGGER => info.trigger = literal,
                p if p == ng::TIME => info.time = literal,
                p if p == prov::WAS_DERIVED_FROM && self.sentences => {
                    if let Term::NamedNode(s) = &q.object {
                        for a in self.store.quads_for_pattern(Some(s.into()), Some(nif::ANCHOR_OF), None, None) {
                            if let Term::Literal(l) = a?.object {
                                info.sentence = Some(l.value().to_owned());
                            }
                        }
                    }
                }
                _ => {}
            }
            if info.graph.is_none() {
                if let GraphName::NamedNode(g) = &q.graph_name {
                    info.graph = Some(g.as_str().to_owned());
                    let doc = self.doc(g)?;
                    info.source = doc.source;
                    info.published = doc.published;
                }
            }
        }
        Ok(info)
    }

    fn doc(&mut self, graph: &NamedNode) -> Result<DocInfo, StorageError> {
        if let Some(d) = self.docs.get(graph) {
            return Ok(d.clone());
        }
        let mut info = DocInfo::default();
        // by property: the article's own text is a quad of the same subject
        for p in [schema::PUBLISHER, rdfs::LABEL, schema::DATE_PUBLISHED] {
            for q in self.labels.quads_for_pattern(Some(graph.as_ref().into()), Some(p), None, None) {
                if let Term::Literal(l) = q?.object {
                    if p == schema::DATE_PUBLISHED {
                        info.published = Some(l.value().chars().take(10).collect());
                    } else if info.source.is_none() {
                        info.source = Some(l.value().to_owned());
                    }
                }
            }
        }
        self.docs.insert(graph.clone(), info.clone());
        Ok(info)
    }

    fn lookup(&mut self, id: &NamedOrBlankNode) -> Result<Naming, StorageError> {
        if let Some(found) = self.names.get(id) {
            return Ok(found.clone());
        }
        let found = read_name(self.labels, self.ontology, id)?;
        self.names.insert(id.clone(), found.clone());
        Ok(found)
    }

    fn kind(&mut self, id: &NamedOrBlankNode) -> Result<Kind, StorageError> {
        Ok(self.lookup(id)?.2)
    }

    fn class(&mut self, id: &NamedOrBlankNode) -> Result<Option<String>, StorageError> {
        Ok(self.lookup(id)?.1)
    }

    fn node(&mut self, kg: &mut KnowledgeGraph, id: &NamedOrBlankNode, kind: Kind) -> Result<NodeIndex, StorageError> {
        if let Some(n) = kg.node(id) {
            return Ok(n);
        }
        let (label, class, _) = self.lookup(id)?;
        Ok(kg.add(Node { id: id.clone(), label, class, kind, event: None }))
    }
}

/// The name, class and kind of a resource, read by property (a much-mentioned entity has
/// thousands of other quads).
fn read_name(labels: &Store, ontology: &Ontology, id: &NamedOrBlankNode) -> Result<Naming, StorageError> {
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut classes: Vec<String> = Vec::new();
    // by property, not all quads of the subject: a much-mentioned entity has thousands
    for (rank, p) in NAME_PROPERTIES.iter().enumerate() {
        for q in labels.quads_for_pattern(Some(id.as_ref()), Some(NamedNodeRef::new_unchecked(p)), None, None) {
            if let Term::Literal(l) = q?.object {
                names.push((rank, l.value().to_owned()));
            }
        }
    }
    for q in labels.quads_for_pattern(Some(id.as_ref()), Some(rdf::TYPE), None, None) {
        if let Term::NamedNode(c) = q?.object {
            classes.push(local(c.as_str()).map_or_else(|| c.as_str().to_owned(), str::to_owned));
        }
    }
    let event = labels.quads_for_pattern(Some(id.as_ref()), Some(ng::NEGATED), None, None).next().is_some();
    names.sort();
    classes.sort();
    let label = names.into_iter().next().map(|(_, n)| n).unwrap_or_else(|| last_segment(id.as_str_key()));
    let kind = if event {
        Kind::Event
    } else if classes.iter().any(|c| c == "Concept") {
        Kind::Concept
    } else {
        Kind::Entity
    };
    let events: BTreeSet<String> = ["Event".to_owned()].into();
    let class = classes
        .iter()
        .find(|c| !classes.iter().any(|d| d != *c && ontology.is_a(d, &BTreeSet::from([(*c).clone()]))))
        .cloned();
    let kind = if kind == Kind::Entity && class.as_deref().is_some_and(|c| ontology.is_a(c, &events)) {
        Kind::Event
    } else {
        kind
    };
    Ok((label, class, kind))
}

fn describe_uncached(store: &Store, subject: &NamedOrBlankNode) -> Result<Vec<Quad>, StorageError> {
    let mut out: Vec<Quad> =
        store.quads_for_pattern(Some(subject.as_ref()), None, None, None).collect::<Result<_, _>>()?;
    out.sort_by_cached_key(|q| q.to_string());
    Ok(out)
}

/// A resource's name, class and kind.
type Naming = (String, Option<String>, Kind);

/// The last path segment or fragment of an IRI, as a fallback name.
pub fn last_segment(iri: &str) -> String {
    let tail = iri.rsplit(['/', '#']).find(|s| !s.is_empty()).unwrap_or(iri);
    tail.replace('_', " ")
}

/// Finds the entity a user names: an IRI, a prefixed name (`country:IRN`), or a name matched
/// case-insensitively against labels and alternative labels.
pub fn resolve(store: &Store, base: &str, name: &str) -> Result<NamedNode, GraphError> {
    let name = name.trim();
    // an IRI or prefixed name must be in the store: a typo would draw an empty diagram
    let iri = if name.starts_with("http://") || name.starts_with("https://") {
        NamedNode::new(name).ok()
    } else {
        name.split_once(':').and_then(|(prefix, rest)| {
            let (_, ns) = crate::vocab::all_prefixes(base).into_iter().find(|(p, _)| p == prefix)?;
            NamedNode::new(format!("{ns}{rest}")).ok()
        })
    };
    if let Some(n) = iri {
        let as_subject = store.quads_for_pattern(Some(n.as_ref().into()), None, None, None).next().is_some();
        if as_subject || store.quads_for_pattern(None, None, Some(n.as_ref().into()), None).next().is_some() {
            return Ok(n);
        }
        return Err(GraphError::NoMatch { name: name.to_owned(), nearest: Vec::new() });
    }
    let wanted = normalise(name);
    let mut matches: BTreeMap<NamedNode, String> = BTreeMap::new();
    let mut all: BTreeMap<String, String> = BTreeMap::new();
    for p in [NAME_PROPERTIES[0], NAME_PROPERTIES[5]] {
        for q in store.quads_for_pattern(None, Some(NamedNodeRef::new_unchecked(p)), None, None) {
            let q = q?;
            let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) else { continue };
            if s.as_str().starts_with(crate::vocab::ONTOLOGY_GRAPH) {
                continue;
            }
            let n = normalise(l.value());
            if n == wanted {
                matches.entry(s.clone()).or_insert_with(|| l.value().to_owned());
            }
            all.entry(n).or_insert_with(|| l.value().to_owned());
        }
    }
    match matches.len() {
        1 => Ok(matches.into_keys().next().unwrap_or_else(|| NamedNode::new_unchecked(base))),
        0 => {
            let mut scored: Vec<(usize, &String)> =
                all.iter().map(|(n, label)| (strsim::levenshtein(n, &wanted), label)).collect();
            scored.sort();
            let nearest = scored.into_iter().take(5).map(|(_, l)| l.clone()).collect();
            Err(GraphError::NoMatch { name: name.to_owned(), nearest })
        }
        _ => Err(GraphError::Ambiguous {
            name: name.to_owned(),
            matches: matches.into_iter().map(|(iri, label)| format!("{label} <{}>", iri.as_str())).collect(),
        }),
    }
}

/// A name for matching: case, accents of ASCII letters aside, punctuation and spacing folded.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '.' && c != '\'' && c != '’' {
            gap = true;
        }
    }
    out
}

/// Reads a node's role or content neighbours without direction (for walks).
pub fn neighbours(kg: &KnowledgeGraph, n: NodeIndex) -> Vec<NodeIndex> {
    let mut out: Vec<NodeIndex> = kg.graph.neighbors_undirected(n).collect();
    out.sort();
    out.dedup();
    out
}

/// A resource as a term (for building quads of selections).
pub fn term(id: &NamedOrBlankNode) -> TermRef<'_> {
    match id {
        NamedOrBlankNode::NamedNode(n) => n.as_ref().into(),
        NamedOrBlankNode::BlankNode(b) => b.as_ref().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cover_their_period() {
        assert_eq!(date_range("2022").expect("year"), ("2022-01-01".into(), "2022-12-31".into()));
        assert_eq!(date_range("2022-08").expect("month").0, "2022-08-01");
        assert_eq!(date_range("2022-08-26").expect("day").1, "2022-08-26");
        assert!(date_range("Aug 2022").is_err());
    }

    #[test]
    fn names_fold_case_and_punctuation() {
        assert_eq!(normalise("U.S.  Navy"), "us navy");
        assert_eq!(normalise("Amir-Abdollahian"), "amir abdollahian");
        assert_eq!(camel_to_words("suppliesTo"), "supplies to");
        assert_eq!(last_segment("http://dbpedia.org/resource/Dutch_East_Indies"), "Dutch East Indies");
    }
}
