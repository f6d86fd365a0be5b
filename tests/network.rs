//! Graph questions: the shortest chains of facts between two entities, and stats with degree
//! and PageRank, on the seed articles' graph.

mod common;

use common::seeds_graph;
use newsgraph::graph::resolve;
use newsgraph::network::{shortest_paths, stats};

const BASE: &str = newsgraph::vocab::DEFAULT_BASE;

#[test]
fn one_fact_links_iran_and_russia_and_each_step_keeps_its_sentence() {
    let Some(store) = seeds_graph() else { return };
    let iran = resolve(&store, BASE, "Iran").expect("Iran");
    let russia = resolve(&store, BASE, "Russia").expect("Russia");
    let paths = shortest_paths(&store, &iran, &russia, 4, 50).expect("paths");
    assert!(!paths.is_empty());
    assert!(paths.iter().all(|p| p.len() == 1), "one step each: {paths:?}");
    let supply = paths.iter().flatten().find(|s| s.class == "Supply" && s.to_role == "recipient").expect("a supply");
    assert_eq!((supply.from.as_str(), supply.from_role.as_str()), ("Iran", "agent"));
    assert!(supply.sentence.contains("drones") && !supply.source.is_empty(), "{supply:?}");
}

#[test]
fn a_longer_chain_goes_through_the_middle_entity() {
    let Some(store) = seeds_graph() else { return };
    let ryabkov = resolve(&store, BASE, "Ryabkov").expect("a partial name resolves");
    let ukraine = resolve(&store, BASE, "Ukraine").expect("Ukraine");
    let paths = shortest_paths(&store, &ryabkov, &ukraine, 4, 10).expect("paths");
    assert!(!paths.is_empty());
    let first = &paths[0];
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0].from, "Sergei Ryabkov");
    assert_eq!(first[0].to, first[1].from, "the chain is connected");
    assert_eq!(first[1].to, "Ukraine");
    // the same question gives the same answer
    assert_eq!(paths, shortest_paths(&store, &ryabkov, &ukraine, 4, 10).expect("paths"));
    // too short a reach finds nothing
    assert!(shortest_paths(&store, &ryabkov, &ukraine, 1, 10).expect("paths").is_empty());
}

#[test]
fn stats_count_classes_and_sources_and_rank_the_central_entities() {
    let Some(store) = seeds_graph() else { return };
    let s = stats(&store, 5).expect("stats");
    let count = |c: &str| s.classes.iter().find(|(k, _)| k == c).map_or(0, |(_, n)| *n);
    assert!(count("Statement") > 5 && count("Supply") > 2 && count("Deny") >= 1, "{:?}", s.classes);
    let sources: Vec<&str> = s.sources.iter().map(|(n, _, _)| n.as_str()).collect();
    assert!(sources.contains(&"Reuters") && sources.contains(&"The Cradle"), "{sources:?}");
    assert!(s.sources.iter().all(|(_, docs, _)| *docs == 1));
    let top: Vec<&str> = s.degree.iter().take(2).map(|(n, _)| n.as_str()).collect();
    assert!(top.contains(&"Iran") && top.contains(&"Russia"), "{top:?}");
    let ranked: Vec<&str> = s.pagerank.iter().take(2).map(|(n, _)| n.as_str()).collect();
    assert!(ranked.contains(&"Iran") && ranked.contains(&"Russia"), "{ranked:?}");
    assert_eq!(s.degree.len(), 5);
}

#[test]
fn pagerank_sums_to_one_and_favours_hubs() {
    let Some(store) = seeds_graph() else { return };
    let ontology = newsgraph::graph::Ontology::read(&store).expect("ontology");
    let kg =
        newsgraph::graph::select(&store, &store, &ontology, &newsgraph::graph::Selection::default()).expect("graph");
    let ranks = newsgraph::network::pagerank(&kg, 0.85, 50);
    let total: f64 = ranks.values().sum();
    assert!((total - 1.0).abs() < 1e-6, "{total}");
    let iran = kg.node(&resolve(&store, BASE, "Iran").expect("Iran").into()).expect("node");
    let leaf = kg.nodes().find(|n| newsgraph::graph::neighbours(&kg, *n).len() == 1).expect("a leaf");
    assert!(ranks[&iran] > ranks[&leaf]);
}
