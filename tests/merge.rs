//! Importing outside RDF, merging stores and dumps, aligning entities, and claims compared
//! across sources: on the real on-disk store through the command, and in memory for the
//! properties (any order, any number of times, the same store).

mod common;

use assert_cmd::Command;
use common::{ask, graph_of, seed};
use newsgraph::{claims, merge};
use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use oxigraph::store::Store;
use predicates::prelude::*;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

const BASE: &str = newsgraph::vocab::DEFAULT_BASE;

fn newsgraph(store: &Path) -> Command {
    let mut cmd = Command::cargo_bin("newsgraph").expect("binary");
    cmd.arg("--store").arg(store).env_remove("NEWSGRAPH_STORE").env_remove("NEWSGRAPH_DATA");
    cmd.env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// Builds a store of both seed articles through the command; false when they are not there.
fn build_both_seeds(store: &Path) -> bool {
    let Some([a, b]) = common::seeds() else { return false };
    newsgraph(store).args(["build", "-q"]).arg(a).arg(b).assert().success();
    true
}

/// A sample article of our own.
fn sample(name: &str) -> std::path::PathBuf {
    common::samples().join(name)
}

/// Every quad of a store, as sorted N-Quads lines: two stores are equal when these are.
fn dump(store: &Path) -> BTreeSet<String> {
    let store = Store::open_read_only(store).expect("opens");
    store.iter().map(|q| q.expect("quad").to_string()).collect()
}

fn memory_dump(store: &Store) -> BTreeSet<String> {
    store.iter().map(|q| q.expect("quad").to_string()).collect()
}

fn dbpedia() -> Option<std::path::PathBuf> {
    common::shared_file("rdf/dbpedia_countries.ttl")
}

#[test]
fn dbpedia_countries_align_with_extracted_countries_and_record_their_source() {
    let (Some(dbpedia), Some(seed)) = (dbpedia(), seed("reuters-russia-iran-ties.txt")) else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    newsgraph(&store).arg("build").arg("-q").arg(seed).assert().success();
    newsgraph(&store)
        .arg("import")
        .arg(&dbpedia)
        .assert()
        .success()
        .stderr(predicate::str::contains("5252 triples").and(predicate::str::contains("aligned:")));
    let db = Store::open_read_only(&store).expect("opens");
    assert!(ask(&db, "ASK { country:IRN owl:sameAs <http://dbpedia.org/resource/Iran> }"));
    assert!(ask(&db, "ASK { country:RUS owl:sameAs <http://dbpedia.org/resource/Russia> }"));
    // the evidence: the shared name, the property that gave it, why the types fit
    assert!(ask(
        &db,
        "ASK { ?a a ng:Alignment ; ng:alignedEntity country:IRN ; ng:alignedWith <http://dbpedia.org/resource/Iran> ;
               ng:matchedName \"iran\" ; ng:matchedProperty <http://xmlns.com/foaf/0.1/name> ; ng:typeEvidence ?why }"
    ));
    // the source: its graph, name, file and time (PROV-O)
    assert!(ask(
        &db,
        "ASK { GRAPH ngr:sources { ?g a ng:Source ; rdfs:label \"dbpedia_countries\" ; prov:hadPrimarySource ?file ;
               prov:generatedAtTime ?t ; ng:tripleCount 5252 } GRAPH ?g { <http://dbpedia.org/resource/Iran> ?p ?o } }"
    ));
    // nothing but countries was aligned: the speaker Ryabkov stays unlinked
    assert!(!ask(&db, "ASK { person:sergei-ryabkov owl:sameAs ?x }"));
    drop(db);
    // importing again replaces the source: the same store, quad for quad
    let before = dump(&store);
    newsgraph(&store).arg("import").arg(&dbpedia).assert().success();
    assert_eq!(before, dump(&store));
}

#[test]
fn malformed_rdf_names_the_position_and_loads_nothing_of_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    let good = dir.path().join("good.nt");
    std::fs::write(&good, "<http://example.org/a> <http://xmlns.com/foaf/0.1/name> \"A\" .\n").expect("write");
    let bad = dir.path().join("bad.ttl");
    std::fs::write(
        &bad,
        "@prefix ex: <http://example.org/> .\nex:b ex:name \"B\" .\nex:c ex:name \"C\" ;\n   ex:knows ex:d ex:e .\n",
    )
    .expect("write");
    newsgraph(&store).arg("import").arg(&good).arg(&bad).assert().code(1).stderr(
        predicate::str::contains("bad.ttl:4:").and(predicate::str::contains("nothing of this file was loaded")),
    );
    let db = Store::open_read_only(&store).expect("opens");
    assert!(ask(&db, "ASK { <http://example.org/a> ?p ?o }"), "the good file is loaded");
    assert!(!ask(&db, "ASK { <http://example.org/b> ?p ?o }"), "no triple of the bad file is");
    drop(db);
    std::fs::write(dir.path().join("notes.txt"), "<http://example.org/a> <http://example.org/p> \"x\" .")
        .expect("write");
    newsgraph(&store)
        .arg("import")
        .arg(dir.path().join("notes.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown RDF format"));
}

fn load_turtle(store: &Store, turtle: &str) {
    let quads = merge::parse(
        "test.ttl",
        RdfFormat::Turtle,
        turtle.as_bytes(),
        GraphName::NamedNode(merge::source_graph(BASE, "test")),
        false,
    )
    .expect("parses");
    merge::add_quads(store, BASE, quads).expect("adds");
}

#[test]
fn things_that_only_share_a_name_are_reported_not_merged() {
    let store = graph_of(&[&common::samples()]);
    load_turtle(
        &store,
        r#"
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://example.org/people/Iran> a foaf:Person ; foaf:name "Iran" .
        <http://example.org/places/Ukraine> rdfs:label "Ukraine" .
        <http://example.org/a/Russia> a <http://schema.org/Country> ; rdfs:label "Russia" .
        <http://example.org/b/Russia> a <http://dbpedia.org/ontology/Country> ; rdfs:label "RUSSIA" .
        <http://example.org/c/Korea> a <http://schema.org/Country> ; rdfs:label "South Korea" .
        "#,
    );
    let alignment = merge::align(&store, BASE).expect("aligns");
    let linked: Vec<(&str, &str)> = alignment.linked.iter().map(|(a, b, _)| (a.as_str(), b.as_str())).collect();
    assert_eq!(linked, vec![(format!("{BASE}country/KOR").as_str(), "http://example.org/c/Korea")]);
    let clashes = alignment.clashes.join("\n");
    assert!(clashes.contains("people/Iran") && clashes.contains("(person)"), "{clashes}");
    assert!(clashes.contains("places/Ukraine") && clashes.contains("no type"), "{clashes}");
    let ambiguous = alignment.ambiguous.join("\n");
    assert!(ambiguous.contains("a/Russia") && ambiguous.contains("b/Russia"), "{ambiguous}");
    assert!(!ask(&store, "ASK { country:IRN owl:sameAs ?x }"));
}

#[test]
fn merged_stores_equal_one_store_built_from_everything_in_any_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b, both) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("both"));
    let (first, second) = (sample("cooperation-continues.txt"), sample("wire.jsonl"));
    newsgraph(&a).arg("build").arg("-q").arg(&first).assert().success();
    newsgraph(&b).arg("build").arg("-q").arg(&second).assert().success();
    newsgraph(&both).args(["build", "-q"]).arg(&first).arg(&second).assert().success();
    // merge refreshes the claims graph: the joint store gets it the same way
    newsgraph(&both).arg("claims").assert().success();
    let (ab, ba) = (dir.path().join("ab"), dir.path().join("ba"));
    newsgraph(&ab).arg("merge").arg(&a).arg(&b).assert().success();
    newsgraph(&ba).arg("merge").arg(&b).arg(&a).assert().success();
    let joint = dump(&both);
    assert_eq!(dump(&ab), joint);
    assert_eq!(dump(&ba), joint);
    // merging again changes nothing
    newsgraph(&ab).arg("merge").arg(&b).assert().success();
    assert_eq!(dump(&ab), joint);
    // an N-Quads dump merges as the store it came from
    let nq = dir.path().join("a.nq");
    std::fs::write(&nq, dump(&a).into_iter().map(|l| l + " .\n").collect::<String>()).expect("write");
    let (from_dump, c) = (dir.path().join("from-dump"), dir.path().join("c"));
    newsgraph(&from_dump).arg("merge").arg(&nq).arg(&b).assert().success();
    newsgraph(&c).arg("merge").arg(&a).arg(&b).assert().success();
    assert_eq!(dump(&from_dump), dump(&c));
}

#[test]
fn claims_across_sources_show_who_states_and_who_contradicts() {
    let Some(store) = common::seeds_graph() else { return };
    let found = claims::refresh(&store, BASE).expect("claims");
    // Reuters states as fact that Russia began using Shahed drones; Moscow denies it
    let shahed = found.iter().find(|c| c.label == "Russia uses Shahed (2022)").expect("the Shahed claim");
    assert!(shahed.contested());
    assert!(shahed.witnesses.iter().any(|w| w.stance == claims::Stance::Fact && w.source == "Reuters"));
    assert!(
        shahed
            .witnesses
            .iter()
            .any(|w| w.stance == claims::Stance::Contradicts && w.speaker.as_deref() == Some("Russia"))
    );
    // SPARQL reaches the claims: a supporting fact and a contradicting denial of one claim
    assert!(ask(
        &store,
        "ASK { ?c a ng:Claim ; ng:claimClass ng:Use ; ng:claimAgent country:RUS ; ng:claimTheme weapon:shahed .
               ?fact ng:supports ?c ; ng:negated false . FILTER NOT EXISTS { ?fact ng:claimedBy ?x }
               ?denial ng:contradicts ?c ; ng:negated true ; ng:claimedBy country:RUS .
               ?deny a ng:Deny ; ng:content ?denial }"
    ));
    // symmetric: Iran with Russia and Russia with Iran are one claim
    let cooperation: Vec<&claims::Claim> = found.iter().filter(|c| c.class == "Cooperate").collect();
    assert_eq!(cooperation.len(), 1, "{cooperation:?}");
    // refreshing again gives the same claims graph
    let before = memory_dump(&store);
    claims::refresh(&store, BASE).expect("claims");
    assert_eq!(before, memory_dump(&store));
    // the listing
    let mut text = Vec::new();
    claims::write_text(&claims::filter(found, None, true), &mut text).expect("writes");
    let text = String::from_utf8(text).expect("utf8");
    assert!(text.contains("Russia uses Shahed (2022)") && text.contains("contradicted by Reuters"), "{text}");
    assert!(!text.contains("Iran cooperates with Russia"), "not contested: {text}");
}

#[test]
fn the_claims_command_filters_by_focus_and_contest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("db");
    if !build_both_seeds(&store) {
        return;
    }
    let out = newsgraph(&store).args(["claims", "--contested"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("Moscow has denied"), "{text}");
    let out = newsgraph(&store).args(["claims", "--focus", "Ukraine"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Russia attacks Ukraine") && !text.contains("Iran cooperates"), "{text}");
}

/// Small random datasets: outside resources named like our countries or not, typed or not.
fn dataset() -> impl Strategy<Value = Vec<Quad>> {
    let names = prop::sample::select(vec!["Iran", "Russia", "Ukraine", "Atlantis", "iran", "Georgia"]);
    let kinds =
        prop::sample::select(vec![Some("http://schema.org/Country"), Some("http://xmlns.com/foaf/0.1/Person"), None]);
    prop::collection::vec((0u8..6, names, kinds, 0u8..3), 0..8).prop_map(|items| {
        let mut quads = Vec::new();
        for (id, name, kind, graph) in items {
            let s = NamedNode::new_unchecked(format!("http://example.org/r{id}"));
            let g = GraphName::NamedNode(NamedNode::new_unchecked(format!("{BASE}source/s{graph}")));
            quads.push(Quad::new(
                s.clone(),
                NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label"),
                Literal::new_simple_literal(name),
                g.clone(),
            ));
            if let Some(k) = kind {
                quads.push(Quad::new(
                    s,
                    NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    NamedNode::new_unchecked(k),
                    g,
                ));
            }
        }
        quads
    })
}

fn merged(base: &Store, parts: &[&Vec<Quad>]) -> BTreeSet<String> {
    let store = Store::new().expect("store");
    merge::add_quads(&store, BASE, base.iter().map(|q| q.expect("quad"))).expect("base");
    for part in parts {
        merge::add_quads(&store, BASE, part.iter().cloned()).expect("adds");
        merge::align(&store, BASE).expect("aligns");
        claims::refresh(&store, BASE).expect("claims");
    }
    newsgraph::store::load_ontology(&store).expect("ontology");
    memory_dump(&store)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn merging_is_independent_of_order_and_idempotent(a in dataset(), b in dataset(), c in dataset()) {
        let base = common::graph_of(&[&sample("drone-deliveries.txt")]);
        let abc = merged(&base, &[&a, &b, &c]);
        prop_assert_eq!(&abc, &merged(&base, &[&c, &a, &b]));
        prop_assert_eq!(&abc, &merged(&base, &[&b, &c, &a, &b, &a]));
    }
}

#[test]
fn rdf_of_every_format_imports() {
    let store = Store::new().expect("store");
    let turtle = "@prefix ex: <http://example.org/> . ex:a ex:p \"x\" .";
    let formats: [(&str, String); 6] = [
        ("a.ttl", turtle.into()),
        ("a.nt", "<http://example.org/a> <http://example.org/p> \"x\" .".into()),
        ("a.nq", "<http://example.org/a> <http://example.org/p> \"x\" <http://example.org/g> .".into()),
        ("a.trig", "<http://example.org/g> { <http://example.org/a> <http://example.org/p> \"x\" }".into()),
        (
            "a.rdf",
            r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description></rdf:RDF>"#.into(),
        ),
        ("a.jsonld", r#"{"@id": "http://example.org/a", "http://example.org/p": "x"}"#.into()),
    ];
    for (name, text) in formats {
        let format = merge::format_of(name).expect("format");
        let graph = GraphName::NamedNode(merge::source_graph(BASE, name));
        let quads = merge::parse(name, format, text.as_bytes(), graph.clone(), false).expect(name);
        assert_eq!(quads.len(), 1, "{name}");
        assert_eq!(quads[0].graph_name, graph, "{name}: into the source's graph");
        merge::import(&store, BASE, name, name, quads, "2026-01-01T00:00:00Z").expect("imports");
    }
    // six sources, each described once
    let sources = common::select(&store, "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ngr:sources { ?g a ng:Source } }");
    assert_eq!(sources, vec![vec!["6".to_owned()]]);
}

#[test]
fn every_ng_term_of_claims_alignments_and_sources_is_declared() {
    let declared: BTreeSet<String> = oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(newsgraph::vocab::ONTOLOGY_TTL.as_bytes())
        .filter_map(Result::ok)
        .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_owned())
        .collect();
    let (Some(dbpedia), Some(store)) = (dbpedia(), common::seeds_graph()) else { return };
    let quads = merge::parse(
        "dbpedia_countries.ttl",
        RdfFormat::Turtle,
        std::fs::File::open(dbpedia).expect("opens"),
        GraphName::NamedNode(merge::source_graph(BASE, "dbpedia")),
        false,
    )
    .expect("parses");
    merge::import(&store, BASE, "dbpedia", "dbpedia_countries.ttl", quads, "2026-01-01T00:00:00Z").expect("imports");
    assert!(!merge::align(&store, BASE).expect("aligns").linked.is_empty());
    assert!(!claims::refresh(&store, BASE).expect("claims").is_empty());
    let derived = [merge::alignment_graph(BASE), claims::claims_graph(BASE), merge::sources_graph(BASE)];
    let mut used = BTreeSet::new();
    for g in &derived {
        for q in store.quads_for_pattern(None, None, None, Some(g.as_ref().into())) {
            let q = q.expect("quad");
            used.insert(q.predicate.as_str().to_owned());
            if let oxigraph::model::Term::NamedNode(o) = &q.object {
                used.insert(o.as_str().to_owned());
            }
        }
    }
    let ng: Vec<&String> = used.iter().filter(|t| t.starts_with(newsgraph::vocab::ng::NS)).collect();
    assert!(ng.len() >= 12, "{ng:?}");
    let undeclared: Vec<&&String> = ng.iter().filter(|t| !declared.contains(**t)).collect();
    assert!(undeclared.is_empty(), "not in ontology/newsgraph.ttl: {undeclared:?}");
}
