//! Diagrams: what the seed graph draws, selections, escaping of any name, and the real `dot`
//! reading every diagram without a warning.

mod common;

use common::{graph_of, samples, seeds_graph, tool};
use newsgraph::dot::{DiagramOptions, diagram};
use newsgraph::graph::{GraphError, Selection};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::store::Store;
use std::io::Write;
use std::process::{Command, Stdio};

const BASE: &str = newsgraph::vocab::DEFAULT_BASE;

fn focus(name: &str, depth: usize) -> DiagramOptions {
    DiagramOptions {
        focus: vec![name.into()],
        selection: Selection { depth, ..Selection::default() },
        ..Default::default()
    }
}

/// Runs the real `dot` on the text; panics on a warning or an error. Returns the SVG.
fn graphviz_reads(text: &str) -> Option<String> {
    if !tool("dot") {
        return None;
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("writes");
    let output = child.wait_with_output().expect("dot ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.trim().is_empty(), "dot said: {stderr}\n{text}");
    Some(String::from_utf8(output.stdout).expect("utf8"))
}

/// The edge lines of a diagram whose label contains `text`.
fn edges_with<'a>(dot: &'a str, text: &str) -> Vec<&'a str> {
    dot.lines().filter(|l| l.contains("->") && l.contains(text)).collect()
}

#[test]
fn the_seed_neighbourhood_of_iran_reads_as_sentences() {
    let Some(store) = seeds_graph() else { return };
    let dot = diagram(&store, BASE, &focus("Iran", 1)).expect("diagram");
    // Iran –supplies (to Russia)→ …, said by the White House: a dotted claim naming its speaker
    let supplies = edges_with(&dot, "supplies (to Russia)");
    assert!(!supplies.is_empty(), "{dot}");
    assert!(supplies.iter().any(|l| l.contains("style=dotted") && l.contains("claimed by White House")), "{dot}");
    // cooperation stated as fact is a solid edge
    assert!(edges_with(&dot, "cooperates with").iter().any(|l| l.contains("style=solid")), "{dot}");
    // entities are typed: Iran is a country (hexagon), a speaker a person (ellipse)
    assert!(dot.lines().any(|l| l.contains("label=\"Iran\"") && l.contains("shape=hexagon")), "{dot}");
    assert!(
        dot.lines().any(|l| l.contains("label=\"Hossein Amir-Abdollahian\"") && l.contains("shape=ellipse")),
        "{dot}"
    );
    assert!(dot.contains("cluster_legend"));
    if let Some(svg) = graphviz_reads(&dot) {
        assert!(svg.contains("Abdollahian") && svg.contains("<svg"));
    }
}

#[test]
fn moscows_denial_is_dashed_red_and_names_the_denier() {
    let Some(store) = seeds_graph() else { return };
    let dot = diagram(&store, BASE, &focus("Russia", 1)).expect("diagram");
    let denied: Vec<&str> = dot.lines().filter(|l| l.contains("denied by Russia")).collect();
    assert!(!denied.is_empty(), "{dot}");
    assert!(denied.iter().all(|l| l.contains("dashed") && l.contains("#c0392b")), "{denied:?}");
    // each fact and denial names where it was read
    assert!(denied.iter().all(|l| l.contains("[Reuters]")), "{denied:?}");
    assert!(edges_with(&dot, "uses").iter().all(|l| l.contains("[Reuters]")), "{dot}");
    graphviz_reads(&dot);
}

#[test]
fn depth_widens_the_neighbourhood() {
    let Some(store) = seeds_graph() else { return };
    let nodes = |d: &str| d.lines().filter(|l| l.starts_with("  n") && !l.contains("->")).count();
    let one = diagram(&store, BASE, &focus("Sergei Ryabkov", 1)).expect("depth 1");
    let two = diagram(&store, BASE, &focus("Sergei Ryabkov", 2)).expect("depth 2");
    assert!(nodes(&two) > nodes(&one), "{} then {}", nodes(&one), nodes(&two));
    assert!(!one.contains("Shahed") && two.contains("Shahed"), "{one}\n{two}");
}

#[test]
fn types_dates_and_sources_narrow_the_selection() {
    let Some(store) = seeds_graph() else { return };
    let mut options = focus("Iran", 2);
    options.selection.types = vec!["Supply".into()];
    let supply_only = diagram(&store, BASE, &options).expect("types");
    assert!(supply_only.contains("supplies") && !supply_only.contains("cooperates"), "{supply_only}");

    let mut options = focus("Russia", 1);
    options.selection.since = Some("2023-01".into());
    let recent = diagram(&store, BASE, &options).expect("since");
    assert!(!recent.contains("invades 2022"), "{recent}");
    options.selection.since = None;
    options.selection.until = Some("2022".into());
    let old = diagram(&store, BASE, &options).expect("until");
    assert!(old.contains("invades 2022-02"), "{old}");

    let mut options = focus("Iran", 1);
    options.selection.source = Some("cradle".into());
    let cradle = diagram(&store, BASE, &options).expect("source");
    assert!(!cradle.contains("Sergei Ryabkov"), "Ryabkov is quoted by Reuters only: {cradle}");

    options.selection.types = Vec::new();
    options.selection.since = Some("last year".into());
    assert!(matches!(diagram(&store, BASE, &options), Err(newsgraph::dot::DotError::Graph(GraphError::BadDate(_)))));
    options.selection.since = None;
    options.selection.types = vec!["Planet".into()];
    assert!(matches!(
        diagram(&store, BASE, &options),
        Err(newsgraph::dot::DotError::Graph(GraphError::UnknownType(_)))
    ));
}

#[test]
fn an_unknown_focus_suggests_the_nearest_names() {
    let Some(store) = seeds_graph() else { return };
    let error = diagram(&store, BASE, &focus("Ryabkof", 1)).expect_err("no such entity");
    let message = error.to_string();
    assert!(message.contains("Ryabkof") && message.contains("Ryabkov"), "{message}");
    // an IRI or prefixed name that is not in the store is no match either, not an empty diagram
    for name in ["country:XYZ", "https://example.org/nothing"] {
        assert!(
            matches!(
                diagram(&store, BASE, &focus(name, 1)),
                Err(newsgraph::dot::DotError::Graph(GraphError::NoMatch { .. }))
            ),
            "{name}"
        );
    }
}

#[test]
fn a_name_shared_by_two_entities_lists_both() {
    let store = Store::new().expect("store");
    newsgraph::store::load_ontology(&store).expect("ontology");
    let turtle = r#"
        @prefix ng: <https://w3id.org/newsgraph/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/newsgraph/id/country/GEO> a ng:Country ; rdfs:label "Georgia" .
        <https://w3id.org/newsgraph/id/location/georgia> a ng:Location ; rdfs:label "Georgia" .
    "#;
    store.load_from_slice(RdfParser::from_format(RdfFormat::Turtle), turtle).expect("loads");
    let message = diagram(&store, BASE, &focus("georgia", 1)).expect_err("ambiguous").to_string();
    assert!(message.contains("country/GEO") && message.contains("location/georgia"), "{message}");
    // an IRI or a prefixed name picks one
    diagram(&store, BASE, &focus("country:GEO", 1)).expect("prefixed name");
}

#[test]
fn any_name_is_escaped_and_long_ones_shortened() {
    let store = Store::new().expect("store");
    newsgraph::store::load_ontology(&store).expect("ontology");
    let long = "The Very Long Name of a Ministry of Foreign Affairs and International Cooperation";
    let turtle = format!(
        r#"
        @prefix ng: <https://w3id.org/newsgraph/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix person: <https://w3id.org/newsgraph/id/person/> .
        @prefix organization: <https://w3id.org/newsgraph/id/organization/> .
        @prefix city: <https://w3id.org/newsgraph/id/city/> .
        @prefix event: <https://w3id.org/newsgraph/id/event/> .
        person:a a ng:Person ; rdfs:label "Said \"the Hammer\" O\\Brien\nJr." .
        organization:b a ng:Organization ; rdfs:label "{long}" .
        city:c a ng:City ; rdfs:label "Zürich – Tehran’s «twin» 東京" .
        event:e1 a ng:Supply ; ng:agent person:a ; ng:theme organization:b ; ng:recipient city:c ;
            ng:negated false ; ng:modality ng:Asserted .
        event:e2 a ng:Attack ; ng:agent city:c ; ng:patient person:a ; ng:location organization:b ;
            ng:negated true ; ng:modality ng:Asserted .
    "#
    );
    store.load_from_slice(RdfParser::from_format(RdfFormat::Turtle), &turtle).expect("loads");
    let dot = diagram(&store, BASE, &DiagramOptions::default()).expect("diagram");
    assert!(dot.contains(r#"label="Said \"the Hammer\" O\\Brien Jr.""#), "{dot}");
    assert!(dot.contains(&format!("tooltip=\"{long}\"")), "{dot}");
    assert!(dot.contains("…"), "{dot}");
    if let Some(svg) = graphviz_reads(&dot) {
        assert!(svg.contains("Zürich – Tehran’s «twin» 東京"), "{svg}");
        assert!(svg.contains("O\\Brien"), "{svg}");
    }
}

#[test]
fn a_construct_query_is_drawn() {
    let Some(store) = seeds_graph() else { return };
    let options = DiagramOptions {
        query: Some("CONSTRUCT { ?a ng:uses ?b } WHERE { ?a ng:uses ?b }".into()),
        ..Default::default()
    };
    let dot = diagram(&store, BASE, &options).expect("diagram");
    let uses = edges_with(&dot, "ng:uses");
    assert_eq!(uses.len(), 1, "{dot}");
    assert!(dot.contains("label=\"Russia\"") && dot.contains("label=\"Shahed\""), "{dot}");
    graphviz_reads(&dot);
    let select = DiagramOptions { query: Some("SELECT * WHERE { ?s ?p ?o } LIMIT 1".into()), ..Default::default() };
    assert!(matches!(diagram(&store, BASE, &select), Err(newsgraph::dot::DotError::NotAGraph)));
}

#[test]
fn the_whole_store_is_drawn_the_same_every_time() {
    let a = diagram(&graph_of(&[&samples()]), BASE, &DiagramOptions::default()).expect("diagram");
    let b = diagram(&graph_of(&[&samples()]), BASE, &DiagramOptions::default()).expect("diagram");
    assert_eq!(a, b);
    graphviz_reads(&a);
}

#[test]
fn without_graphviz_a_layout_of_our_own_draws_the_neighbourhood() {
    let Some(store) = seeds_graph() else { return };
    let svg = newsgraph::dot::simple_svg(&store, BASE, &focus("Iran", 1)).expect("svg");
    let svg = String::from_utf8(svg).expect("utf8");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
    assert!(svg.contains(">Iran<") && svg.contains(">Russia<"), "{svg}");
    // claims dotted, denials dashed red, as in the Graphviz diagram
    assert!(svg.contains("stroke-dasharray=\"2 3\""), "{svg}");
    // it is XML a browser can read: every element closed, text escaped
    let opened = svg.matches("<g>").count();
    assert_eq!(opened, svg.matches("</g>").count());
    assert!(!svg.contains("& "), "unescaped ampersand");
}
