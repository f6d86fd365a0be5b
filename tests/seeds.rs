//! The design-card cases on the seed articles in ../shared/seeds, checked with SPARQL on the
//! extracted graph.

mod common;

use common::{ask, graph_of, seed, seeds_graph, select};

#[test]
fn iran_supplies_drones_to_russia() {
    let Some(path) = seed("reuters-russia-iran-ties.txt") else { return };
    let store = graph_of(&[&path]);
    for trigger in ["transferred", "sending"] {
        assert!(
            ask(
                &store,
                &format!(
                    r#"ASK {{ ?e a ng:Supply ; ng:cameo "07" ; ng:trigger "{trigger}" ;
                        ng:agent country:IRN ; ng:recipient country:RUS ;
                        ng:theme/rdfs:label "drone" ; prov:wasDerivedFrom ?s . ?s a nif:Sentence }}"#
                )
            ),
            "no supply of drones by Iran to Russia triggered by {trigger:?}"
        );
    }
}

#[test]
fn the_shahed_is_named_where_the_text_names_it() {
    let Some(path) = seed("reuters-russia-iran-ties.txt") else { return };
    let store = graph_of(&[&path]);
    assert!(ask(
        &store,
        r#"ASK { ?e a ng:Use ; ng:agent country:RUS ; ng:theme weapon:shahed . weapon:shahed a ng:Weapon }"#
    ));
}

#[test]
fn ryabkov_says_cooperation_with_iran_continues() {
    let Some(path) = seed("reuters-russia-iran-ties.txt") else { return };
    let store = graph_of(&[&path]);
    // (the seed's spaces are partly no-break spaces, hence "." in the pattern)
    assert!(ask(
        &store,
        r#"ASK { ?s a ng:Statement ; ng:agent person:sergei-ryabkov ; ng:content ?c ; ng:quote ?q .
                 ?c a ng:Cooperate ; ng:agent country:RUS ; ng:patient country:IRN ; ng:negated false ;
                    ng:claimedBy person:sergei-ryabkov .
                 FILTER(REGEX(?q, "cooperation.with.Iran.will.continue")) }"#
    ));
    // the person is typed, titled and affiliated
    assert!(ask(&store, common::RYABKOV_IS_TITLED));
}

#[test]
fn moscow_denies_its_forces_used_iranian_drones() {
    let Some(path) = seed("reuters-russia-iran-ties.txt") else { return };
    let store = graph_of(&[&path]);
    assert!(ask(&store, common::MOSCOW_DENIES_USING_DRONES));
    // no plain, un-negated use comes from that sentence
    assert!(!ask(&store, common::NO_PLAIN_USE_FROM_THE_DENIAL));
    // and no shortcut edge states it as fact
    assert!(!ask(&store, r#"ASK { country:RUS ng:uses ?x . ?x rdfs:label "drone" }"#));
}

#[test]
fn asserted_facts_get_shortcut_edges_and_claims_do_not() {
    let Some(path) = seed("reuters-russia-iran-ties.txt") else { return };
    let store = graph_of(&[&path]);
    // "Russia began using the Iranian-made Shahed drones": stated by Reuters as fact
    assert!(ask(&store, "ASK { country:RUS ng:uses weapon:shahed }"));
    // what a White House official said stays a claim
    assert!(!ask(&store, "ASK { country:IRN ng:suppliesTo country:RUS }"));
}

#[test]
fn relative_times_resolve_against_the_publication_date() {
    let Some(path) = seed("reuters-russia-iran-ties.txt") else { return };
    let store = graph_of(&[&path]);
    let rows = select(
        &store,
        r#"SELECT ?class ?time WHERE { ?e a ?class ; ng:time ?time ; ng:trigger ?t . FILTER(?t IN ("transferred", "invasion")) } ORDER BY ?time"#,
    );
    assert_eq!(
        rows,
        [vec!["ng:Invade".to_owned(), "2022-02".to_owned()], vec!["ng:Supply".to_owned(), "2022-08".to_owned()]]
    );
    assert!(ask(
        &store,
        r#"ASK { ?d schema:datePublished "2023-08-26"^^xsd:date ; schema:headline ?h ; schema:publisher "Reuters" }"#
    ));
}

#[test]
fn metonyms_and_demonyms_resolve_to_states() {
    let Some(store) = seeds_graph() else { return };
    for (surface, entity) in [
        ("Teheran", "country:IRN"),
        ("Moscow", "country:RUS"),
        ("Washington", "country:USA"),
        ("Kiev", "country:UKR"),
        ("Iranian", "country:IRN"),
    ] {
        assert!(
            ask(
                &store,
                &format!(r#"ASK {{ ?m a nif:Phrase ; nif:anchorOf "{surface}" ; itsrdf:taIdentRef {entity} }}"#)
            ),
            "{surface} is not linked to {entity}"
        );
    }
}

#[test]
fn mention_offsets_are_code_points_into_the_article() {
    let Some(path) = seed("cradle-iran-russia-drones.txt") else { return };
    let text = std::fs::read_to_string(&path).expect("seed");
    let store = graph_of(&[&path]);
    let rows = select(
        &store,
        "SELECT ?b ?e ?a WHERE { ?m a nif:Phrase ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?a }",
    );
    assert!(rows.len() > 20);
    let chars: Vec<char> = text.chars().collect();
    for row in rows {
        let (b, e): (usize, usize) = (row[0].parse().expect("b"), row[1].parse().expect("e"));
        let slice: String = chars[b..e].iter().collect();
        assert_eq!(slice, row[2]);
    }
}

#[test]
fn the_name_model_finds_names_no_gazetteer_lists() {
    // "Kashan" is in no data file: the trained name model finds it, typed as a place
    let Some(path) = seed("cradle-iran-russia-drones.txt") else { return };
    let store = graph_of(&[&path]);
    assert!(ask(&store, r#"ASK { ?m nif:anchorOf "Kashan" ; itsrdf:taIdentRef ?e . ?e a ng:Location }"#));
}
