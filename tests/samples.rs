//! The design-card cases on the project's own articles in `data/samples`: a supply, a statement
//! with its content, a denial stored as a negated claim. They need nothing beside the clone, so
//! a fresh clone checks what matters most even where `../shared` is absent.

mod common;

use common::{ask, graph_of, samples};

fn sample(name: &str) -> std::path::PathBuf {
    samples().join(name)
}

#[test]
fn iran_supplies_shahed_drones_to_russia_as_an_official_says() {
    let store = graph_of(&[&sample("drone-deliveries.txt")]);
    for trigger in ["sending", "transferred"] {
        assert!(
            ask(
                &store,
                &format!(
                    r#"ASK {{ ?e a ng:Supply ; ng:cameo "07" ; ng:trigger "{trigger}" ;
                        ng:agent country:IRN ; ng:recipient country:RUS ; ng:negated false ;
                        ng:theme ?drones ; prov:wasDerivedFrom ?s . ?s a nif:Sentence .
                        ?drones rdfs:label ?l . FILTER(?l IN ("Shahed", "drone")) }}"#
                )
            ),
            "no supply of drones by Iran to Russia triggered by {trigger:?}"
        );
    }
    // an official said it: a claim, so no shortcut edge states it as fact
    assert!(ask(&store, r#"ASK { ?e a ng:Supply ; ng:trigger "sending" ; ng:claimedBy ?who }"#));
    assert!(!ask(&store, "ASK { country:IRN ng:suppliesTo country:RUS }"));
}

#[test]
fn ryabkov_states_that_cooperation_with_iran_continues() {
    let store = graph_of(&[&sample("cooperation-continues.txt")]);
    assert!(ask(
        &store,
        r#"ASK { ?s a ng:Statement ; ng:agent person:sergei-ryabkov ; ng:content ?c ; ng:quote ?q .
                 ?c a ng:Cooperate ; ng:patient country:IRN ; ng:negated false ;
                    ng:claimedBy person:sergei-ryabkov .
                 FILTER(CONTAINS(?q, "cooperation with Iran will continue")) }"#
    ));
    assert!(ask(&store, common::RYABKOV_IS_TITLED));
}

#[test]
fn moscows_denial_is_a_negated_claim_of_russia() {
    let store = graph_of(&[&sample("drone-deliveries.txt")]);
    assert!(ask(&store, common::MOSCOW_DENIES_USING_DRONES));
    // no plain use comes from the denial, and no shortcut edge states it
    assert!(!ask(&store, common::NO_PLAIN_USE_FROM_THE_DENIAL));
    // what the article states as fact does get its edge
    assert!(ask(&store, "ASK { country:RUS ng:uses ?x }"));
}

#[test]
fn pyongyangs_denial_in_a_wire_batch_contradicts_what_seoul_says() {
    let store = graph_of(&[&sample("wire.jsonl")]);
    assert!(ask(
        &store,
        r#"ASK { ?d a ng:Deny ; ng:agent ?nk ; ng:content ?s .
                 ?s a ng:Supply ; ng:negated true ; ng:recipient country:RUS .
                 ?nk rdfs:label "North Korea" }"#
    ));
}
