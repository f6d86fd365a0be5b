//! Graph questions over the petgraph view of the store: the shortest chains of facts between
//! two entities, and counts, degrees and PageRank for `stats`.

use crate::graph::{self, Edge, GraphError, Kind, KnowledgeGraph, Selection};
use oxigraph::model::{NamedNode, Term};
use oxigraph::store::Store;
use petgraph::stable_graph::NodeIndex;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// One step of a chain: from an entity through an event to the next entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The entity the step starts from.
    pub from: String,
    /// Its role in the event.
    pub from_role: String,
    /// The event's class.
    pub class: String,
    /// Whether the event is negated, and who claims it, as the diagram labels say.
    pub note: String,
    /// The entity the step reaches.
    pub to: String,
    /// Its role in the event.
    pub to_role: String,
    /// The sentence behind the event.
    pub sentence: String,
    /// Where the sentence comes from.
    pub source: String,
}

/// The shortest chains of facts from `a` to `b`, at most `limit` of them, looking at most
/// `max_depth` events away. Kinds of things ("drones") are never a link in a chain.
pub fn shortest_paths(
    store: &Store,
    a: &NamedNode,
    b: &NamedNode,
    max_depth: usize,
    limit: usize,
) -> Result<Vec<Vec<Step>>, GraphError> {
    let ontology = graph::Ontology::read(store)?;
    for depth in 1..=max_depth {
        let selection = Selection { focus: vec![a.clone()], depth, sentences: true, ..Selection::default() };
        let kg = graph::select(store, store, &ontology, &selection)?;
        let (Some(start), Some(end)) = (kg.node(&a.clone().into()), kg.node(&b.clone().into())) else { continue };
        let chains = all_shortest(&kg, start, end, limit);
        if !chains.is_empty() {
            return Ok(chains.iter().map(|c| steps(&kg, c)).collect());
        }
    }
    Ok(Vec::new())
}

/// Breadth-first distances from `start`, not walking through concepts.
fn distances(kg: &KnowledgeGraph, start: NodeIndex) -> HashMap<NodeIndex, usize> {
    let mut dist = HashMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        if n != start && kg.graph[n].kind == Kind::Concept {
            continue;
        }
        let d = dist[&n];
        for m in graph::neighbours(kg, n) {
            if let std::collections::hash_map::Entry::Vacant(slot) = dist.entry(m) {
                slot.insert(d + 1);
                queue.push_back(m);
            }
        }
    }
    dist
}

/// Every shortest node path from `start` to `end` (up to `limit`), in a fixed order.
fn all_shortest(kg: &KnowledgeGraph, start: NodeIndex, end: NodeIndex, limit: usize) -> Vec<Vec<NodeIndex>> {
    let from_start = distances(kg, start);
    let from_end = distances(kg, end);
    let Some(&total) = from_start.get(&end) else { return Vec::new() };
    let on_path = |n: NodeIndex, d: usize| from_end.get(&n).is_some_and(|e| d + e == total);
    let mut out = Vec::new();
    let mut stack = vec![vec![start]];
    while let Some(path) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        let last = *path.last().unwrap_or(&start);
        if last == end {
            out.push(path);
            continue;
        }
        if last != start && kg.graph[last].kind == Kind::Concept {
            continue;
        }
        let d = path.len();
        let mut next: Vec<NodeIndex> = graph::neighbours(kg, last)
            .into_iter()
            .filter(|m| from_start.get(m) == Some(&d) && on_path(*m, d))
            .collect();
        // depth first in label order, so the listing is stable
        next.sort_by(|x, y| kg.graph[*y].label.cmp(&kg.graph[*x].label).then(y.cmp(x)));
        for m in next {
            let mut p = path.clone();
            p.push(m);
            stack.push(p);
        }
    }
    out
}

fn role_between(kg: &KnowledgeGraph, event: NodeIndex, node: NodeIndex) -> String {
    kg.graph
        .edges_connecting(event, node)
        .map(|e| e.weight().name().to_owned())
        .chain(kg.graph.edges_connecting(node, event).map(|_| "says".to_owned()))
        .next()
        .unwrap_or_default()
}

/// Turns a node path (entity, event, entity, …) into steps; a statement and what it says are
/// one step, told by what is said.
fn steps(kg: &KnowledgeGraph, path: &[NodeIndex]) -> Vec<Step> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < path.len() {
        let from = path[i];
        let mut j = i + 1;
        while j < path.len() && kg.graph[path[j]].kind == Kind::Event {
            j += 1;
        }
        let (Some(&to), Some(&first), Some(&last)) = (path.get(j), path.get(i + 1), path.get(j - 1)) else { break };
        let e = &kg.graph[last];
        let info = e.event.clone().unwrap_or_default();
        let mut notes = Vec::new();
        if info.negated {
            notes.push("negated".to_owned());
        }
        let speakers: Vec<String> =
            kg.targets(last, Edge::ClaimedBy).iter().map(|s| kg.graph[*s].label.clone()).collect();
        if !speakers.is_empty() {
            notes.push(format!("claimed by {}", speakers.join(", ")));
        }
        out.push(Step {
            from: kg.graph[from].label.clone(),
            from_role: role_between(kg, first, from),
            class: e.class.clone().unwrap_or_else(|| "Event".into()),
            note: notes.join(", "),
            to: kg.graph[to].label.clone(),
            to_role: role_between(kg, last, to),
            sentence: info.sentence.unwrap_or_default(),
            source: info.source.unwrap_or_default(),
        });
        i = j;
    }
    out
}

/// Writes chains as text, one step a line with its sentence.
pub fn write_paths(paths: &[Vec<Step>], out: &mut impl std::io::Write) -> std::io::Result<()> {
    for (k, path) in paths.iter().enumerate() {
        writeln!(out, "path {} ({} step{}):", k + 1, path.len(), if path.len() == 1 { "" } else { "s" })?;
        for s in path {
            let note = if s.note.is_empty() { String::new() } else { format!(" ({})", s.note) };
            writeln!(out, "  {} [{}] —{}{}→ [{}] {}", s.from, s.from_role, s.class, note, s.to_role, s.to)?;
            writeln!(out, "      {}: \"{}\"", s.source, s.sentence.split_whitespace().collect::<Vec<_>>().join(" "))?;
        }
    }
    Ok(())
}

/// Counts and rankings of a store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Events by class, most first.
    pub classes: Vec<(String, usize)>,
    /// Documents and events by source (publisher or imported source), most events first.
    pub sources: Vec<(String, usize, usize)>,
    /// Entities by the number of events they take part in.
    pub degree: Vec<(String, usize)>,
    /// Entities by PageRank over the entity–event graph.
    pub pagerank: Vec<(String, f64)>,
}

/// Counts events by class and source, and ranks the `top` entities by degree and PageRank.
pub fn stats(store: &Store, top: usize) -> Result<Stats, GraphError> {
    let kg = graph::select(store, store, &graph::Ontology::read(store)?, &Selection::default())?;
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut sources: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for n in kg.nodes() {
        let node = &kg.graph[n];
        if let Some(info) = &node.event {
            *classes.entry(node.class.clone().unwrap_or_else(|| "Event".into())).or_default() += 1;
            sources.entry(info.source.clone().unwrap_or_else(|| "(unknown)".into())).or_default().1 += 1;
        }
    }
    for q in store.quads_for_pattern(
        None,
        Some(crate::vocab::rdf::TYPE),
        Some(crate::vocab::schema::NEWS_ARTICLE.into()),
        None,
    ) {
        let q = q?;
        let mut source = "(unknown)".to_owned();
        for p in store.quads_for_pattern(Some(q.subject.as_ref()), Some(crate::vocab::schema::PUBLISHER), None, None) {
            if let Term::Literal(l) = p?.object {
                source = l.value().to_owned();
            }
        }
        sources.entry(source).or_default().0 += 1;
    }
    let mut classes: Vec<(String, usize)> = classes.into_iter().collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut sources: Vec<(String, usize, usize)> = sources.into_iter().map(|(s, (d, e))| (s, d, e)).collect();
    sources.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| b.1.cmp(&a.1)).then_with(|| a.0.cmp(&b.0)));

    let entities: Vec<NodeIndex> = kg.nodes().filter(|n| kg.graph[*n].kind == Kind::Entity).collect();
    let mut degree: Vec<(String, usize)> =
        entities.iter().map(|n| (kg.graph[*n].label.clone(), graph::neighbours(&kg, *n).len())).collect();
    degree.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    degree.truncate(top);
    let ranks = pagerank(&kg, 0.85, 50);
    let mut pagerank: Vec<(String, f64)> = entities.iter().map(|n| (kg.graph[*n].label.clone(), ranks[n])).collect();
    pagerank.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pagerank.truncate(top);
    Ok(Stats { classes, sources, degree, pagerank })
}

/// PageRank over the graph taken as undirected (an entity is central when central events
/// involve it), by power iteration over the edges: petgraph's `page_rank` compares every pair
/// of nodes on each pass, which is too slow for a store of news.
pub fn pagerank(kg: &KnowledgeGraph, damping: f64, iterations: usize) -> HashMap<NodeIndex, f64> {
    let nodes: Vec<NodeIndex> = kg.nodes().collect();
    let position: HashMap<NodeIndex, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let links: Vec<Vec<usize>> =
        nodes.iter().map(|n| graph::neighbours(kg, *n).iter().map(|m| position[m]).collect()).collect();
    let count = nodes.len().max(1) as f64;
    let mut rank = vec![1.0 / count; nodes.len()];
    for _ in 0..iterations {
        let dangling: f64 = links.iter().zip(&rank).filter(|(l, _)| l.is_empty()).map(|(_, r)| r).sum();
        let mut next = vec![(1.0 - damping) / count + damping * dangling / count; nodes.len()];
        for (i, out) in links.iter().enumerate() {
            if out.is_empty() {
                continue;
            }
            let share = damping * rank[i] / out.len() as f64;
            for j in out {
                next[*j] += share;
            }
        }
        rank = next;
    }
    nodes.into_iter().zip(rank).collect()
}

/// Writes stats as text tables.
pub fn write_stats(stats: &Stats, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(out, "events by class:")?;
    for (class, n) in &stats.classes {
        writeln!(out, "  {n:>8}  ng:{class}")?;
    }
    writeln!(out, "by source:            documents    events")?;
    for (source, docs, events) in &stats.sources {
        writeln!(out, "  {source:<20} {docs:>9} {events:>9}")?;
    }
    writeln!(out, "entities by degree (events they take part in):")?;
    for (name, d) in &stats.degree {
        writeln!(out, "  {d:>8}  {name}")?;
    }
    writeln!(out, "entities by PageRank:")?;
    for (name, r) in &stats.pagerank {
        writeln!(out, "  {r:>8.5}  {name}")?;
    }
    Ok(())
}
