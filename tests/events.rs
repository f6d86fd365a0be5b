//! Events and claims: `eval events` against gold annotations, and the clause structures the
//! relation rules must read (passives, coordination, control, reported speech, modality).

mod common;

use assert_cmd::Command;
use newsgraph::ingest::Document;
use newsgraph::{Lexicon, Pipeline};
use std::sync::OnceLock;

fn models() -> &'static newsgraph::tag::Models {
    static MODELS: OnceLock<newsgraph::tag::Models> = OnceLock::new();
    MODELS.get_or_init(|| newsgraph::tag::Models::shipped().expect("models"))
}

/// Events of a one-sentence document, as `build` finds them.
fn events(text: &str) -> Vec<String> {
    let lex = Lexicon::shipped().expect("data");
    let doc = Document { text: text.into(), regions: vec![0..text.len()], ..Document::default() };
    Pipeline::with_models(&lex, models()).analyse(&doc).describe_events()
}

/// Runs `eval events` and returns its output and the overall F1.
fn eval(gold: &std::path::Path, extra: &[&str]) -> (String, f64) {
    let out = Command::cargo_bin("newsgraph").expect("binary").arg("eval").arg("events").arg(gold).args(extra).output();
    let out = out.expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let all = text.lines().find(|l| l.starts_with("all ")).expect("an overall line");
    let f1: f64 = all.split_whitespace().last().and_then(|f| f.parse().ok()).expect("F1");
    (text, f1)
}

#[test]
fn seeds_gold_scores_at_least_80_f1() {
    let Some(gold) = common::shared_file("gold/seeds.jsonl") else { return };
    let (text, f1) = eval(&gold, &[]);
    assert!(f1 >= 80.0, "{text}");
    assert!(text.contains("attribution:"), "{text}");
}

#[test]
fn our_gold_sets_score_at_least_their_floors() {
    // Our own stories (the README says when each was annotated and gives its score before and
    // after the rules it led to): wire copy of Gaza and Ukraine; the Sahel and East Asia; the
    // Gulf and the Red Sea; a missile over Poland.
    for (file, floor) in [("wire.jsonl", 85.0), ("world.jsonl", 80.0), ("gulf.jsonl", 80.0), ("europe.jsonl", 80.0)] {
        let (text, f1) = eval(&common::root().join("tests/fixtures/events").join(file), &[]);
        assert!(f1 >= floor, "{file}: {f1} < {floor}\n{text}");
    }
}

#[test]
fn details_list_misses_and_extras() {
    let Some(gold) = common::shared_file("gold/seeds.jsonl") else { return };
    let (text, _) = eval(&gold, &["--details"]);
    assert!(text.lines().any(|l| l.starts_with("miss ") || l.starts_with("extra ")), "{text}");
}

#[test]
fn a_malformed_gold_file_names_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("bad.jsonl");
    std::fs::write(&gold, "{\"doc\": \"a.txt\", \"begin\": 0, \"end\": 1, \"text\": \"x\"}\n{not json\n")
        .expect("write");
    let out = Command::cargo_bin("newsgraph").expect("binary").args(["eval", "events"]).arg(&gold).output();
    let out = out.expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:2:"), "{err}");
}

#[test]
fn a_missing_gold_document_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("g.jsonl");
    std::fs::write(&gold, "{\"doc\": \"nowhere.txt\", \"begin\": 0, \"end\": 1, \"text\": \"x\"}\n").expect("write");
    let out = Command::cargo_bin("newsgraph").expect("binary").args(["eval", "events"]).arg(&gold).output();
    let out = out.expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere.txt"));
}

#[test]
fn passive_with_a_place_it_was_fired_from() {
    assert_eq!(
        events("A mortar bomb was fired at Sderot from the Gaza Strip."),
        ["Attack(patient=Sderot theme=mortar bomb location=Gaza Strip)"]
    );
}

#[test]
fn three_coordinated_parties_all_take_part() {
    assert_eq!(
        events("The US, Russia, and Switzerland met in Geneva."),
        ["Meet(agent=United States patient=Russia patient=Switzerland location=Geneva)"]
    );
}

#[test]
fn a_phrase_after_a_preposition_starts_no_list() {
    assert_eq!(
        events("Since the start of the war in Ukraine, Iran and Russia have bolstered their cooperation."),
        ["Cooperate(agent=Iran patient=Russia)"]
    );
}

#[test]
fn what_someone_wants_or_is_pressed_to_do_is_not_done() {
    assert_eq!(
        events("Obama wants Putin to attack Ukraine."),
        ["Attack(agent=Vladimir Putin patient=Ukraine possible)"]
    );
    assert_eq!(
        events("Iran faces pressure from Congress to help Israel."),
        ["Help(agent=Iran patient=Israel possible)"]
    );
}

#[test]
fn a_statement_whose_content_is_a_negated_future_event() {
    assert_eq!(
        events("Obama said he would not help Israel."),
        ["Statement(agent=Obama content=[1])", "Help(agent=Obama patient=Israel negated future claimedBy=Obama)"]
    );
}

#[test]
fn statements_nest_as_deep_as_the_text() {
    assert_eq!(
        events("Officials say the White House believes Iran sent drones to Russia."),
        [
            "Statement(agent=official content=[1])",
            "Statement(agent=White House claimedBy=official content=[2])",
            "Supply(agent=Iran theme=drone recipient=Russia claimedBy=White House)"
        ]
    );
}

#[test]
fn an_accusation_claims_what_it_accuses_of() {
    assert_eq!(
        events("Ukraine accused Russia of using North Korean missiles in strikes on Kharkiv."),
        [
            "Accuse(agent=Ukraine patient=Russia content=[1, 2])",
            "Use(agent=Russia theme=missile claimedBy=Ukraine)",
            "Attack(agent=Russia patient=Kharkiv claimedBy=Ukraine)"
        ]
    );
}

#[test]
fn the_subject_after_a_relative_clause_is_its_antecedent() {
    assert_eq!(
        events("The drones, which Russia launched overnight, were shot down over Odesa."),
        ["Launch(agent=Russia theme=drone)", "Attack(patient=drone location=Odesa)"]
    );
}

#[test]
fn a_state_stands_behind_its_diplomats_and_an_organisation_behind_its_posts() {
    assert_eq!(events("Moldova expelled a Russian diplomat."), ["Coerce(agent=Moldova patient=Russia)"]);
    // a journalist is no state
    assert_eq!(events("Moldova expelled a Russian journalist."), ["Coerce(agent=Moldova patient=journalist)"]);
    assert_eq!(
        events("Israeli aircraft struck a Hamas command post in Gaza."),
        ["Attack(agent=Israel patient=Hamas location=Gaza)"]
    );
}

#[test]
fn sending_troops_is_a_deployment() {
    assert_eq!(events("Belarus sent troops to Russia."), ["Deploy(agent=Belarus theme=troop location=Russia)"]);
}

#[test]
fn a_name_then_a_sum_is_two_objects() {
    assert_eq!(
        events("The United States gave Israel $14 billion in military aid."),
        ["Supply(agent=United States theme=$14 billion recipient=Israel)"]
    );
}

#[test]
fn a_chemical_attack_is_mass_violence() {
    // what a state did is condemned as the state's: CAMEO codes the target as the state
    assert_eq!(
        events("Syria's chemical attack on Douma was condemned."),
        ["Disapprove(patient=Syria)", "MassViolence(agent=Syria patient=Douma)"]
    );
}

#[test]
fn it_said_goes_on_with_the_last_speaker() {
    let found = events("Reuters said wheat imports rose. Egypt bought wheat from Russia and France in May, it said.");
    let speakers: Vec<&String> = found.iter().filter(|e| e.starts_with("Statement(")).collect();
    assert_eq!(speakers.len(), 2, "{found:?}");
    assert!(speakers.iter().all(|s| s.starts_with("Statement(agent=Reuters")), "{found:?}");
}

#[test]
fn a_speaker_does_not_make_a_transfer_its_own() {
    // the sales are someone's, not the speaking outlet's state's
    let found = events("Sales of wheat to Egypt rose sharply, the Russian news agency Interfax said.");
    assert!(found.iter().all(|e| !e.contains("agent=Russia")), "{found:?}");
}

#[test]
fn over_a_country_is_no_place() {
    assert_eq!(events("The alliance supported Iraq over Iran."), ["Praise(agent=alliance patient=Iraq)"]);
}

#[test]
fn a_noun_that_modifies_another_names_no_event() {
    assert_eq!(
        events("The United States imposed trade sanctions on Japan."),
        ["Sanction(agent=United States patient=Japan)"]
    );
}

#[test]
fn only_light_verbs_lend_their_subject_to_the_noun() {
    // Iraq beat back the attacks: they were not Iraq's
    assert!(
        events("Iraq said its forces had beaten back the attacks near Basra.")
            .iter()
            .all(|e| !e.starts_with("Attack(agent=Iraq"))
    );
}

#[test]
fn negation_passes_through_allow_and_agree() {
    let found = events("Soviet diplomats will not be allowed to use the embassy, Reagan said.");
    assert!(found[0].starts_with("Use(") && found[0].contains(" negated"), "{found:?}");
    // an agreement to do something is an intent (CAMEO 03), refused here, and what it would
    // have done is intended, and not done
    let found = events("Iran did not agree to send drones to Russia.");
    assert_eq!(
        found,
        [
            "Intend(agent=Iran negated content=[1])",
            "Supply(agent=Iran theme=drone recipient=Russia negated intended claimedBy=Iran)"
        ]
    );
}

#[test]
fn participles_before_a_noun_and_gerunds_after_of_are_no_clauses() {
    assert_eq!(events("The last confirmed Iraqi attack was on March 8."), ["Attack(agent=Iraq)"]);
    assert_eq!(
        events("Syria intervened to halt months of fighting over Palestinian refugee camps."),
        Vec::<String>::new()
    );
}

#[test]
fn he_said_goes_on_with_the_spokesman() {
    let found = events("Israeli jets struck Sidon, the military spokesman said. The jets also attacked Tyre, he said.");
    assert_eq!(found.iter().filter(|e| e.starts_with("Statement(agent=spokesman")).count(), 2, "{found:?}");
}

#[test]
fn an_intent_verb_without_what_is_intended_is_no_event() {
    assert_eq!(events("France won a vote sought by Jacques Chirac."), Vec::<String>::new());
}

#[test]
fn a_place_before_an_event_noun_did_not_do_it() {
    assert_eq!(
        events("Iraq reported an earlier Gulf attack by Iran."),
        // where it happened, not who did it
        ["Statement(agent=Iraq)", "Attack(agent=Iran location=Gulf)"]
    );
}

#[test]
fn the_minister_and_the_army_are_who_the_story_named() {
    let found = events(
        "Iranian Foreign Minister Hossein Amir-Abdollahian visited Moscow. The minister said Iran opposes the war.",
    );
    assert!(found.iter().any(|e| e.starts_with("Statement(agent=Hossein Amir-Abdollahian")), "{found:?}");
    let found = events("Israeli jets struck Gaza on Sunday. A rocket was fired at Sderot, the army said.");
    assert!(found.iter().any(|e| e.starts_with("Statement(agent=Israel")), "{found:?}");
}

#[test]
fn cutting_ties_reduces_relations_and_does_not_assert_them() {
    assert_eq!(events("Russia cut ties with Ukraine in 2022."), ["ReduceRelations(agent=Russia patient=Ukraine)"]);
}

#[test]
fn what_is_expected_or_likely_is_future() {
    assert_eq!(events("Russia is expected to attack Kharkiv."), ["Attack(agent=Russia patient=Kharkiv future)"]);
    assert_eq!(
        events("Iran is likely to send drones to Russia."),
        ["Supply(agent=Iran theme=drone recipient=Russia future)"]
    );
}

#[test]
fn a_cited_source_stands_behind_the_report() {
    assert_eq!(
        events("Iran is sending drones to Russia, the Financial Times reported, citing Reuters."),
        [
            "Supply(agent=Iran theme=drone recipient=Russia claimedBy=Financial Times)",
            "Statement(agent=Financial Times reportedBy=Reuters content=[0])"
        ]
    );
}

#[test]
fn calling_on_someone_to_act_is_an_appeal() {
    assert_eq!(
        events("The United States called on Iran to stop the deliveries."),
        ["Appeal(agent=United States patient=Iran content=[1])", "Supply(agent=Iran claimedBy=United States)"]
    );
    assert_eq!(
        events("The United Nations called for a ceasefire in Gaza."),
        ["Appeal(agent=United Nations theme=ceasefire location=Gaza)"]
    );
    assert_eq!(events("Putin called Erdogan on Monday."), Vec::<String>::new());
}

#[test]
fn evidence_presented_against_a_state_accuses_it() {
    assert_eq!(
        events("Evidence against Russia was presented by the United States."),
        ["Accuse(agent=United States patient=Russia)"]
    );
}

#[test]
fn he_said_after_a_spokesman_of_a_state() {
    let found = events(
        "The Iranian spokesman said Iran opposes the war. He said Russia would attack Ukraine, quoting Saddam Hussein.",
    );
    assert_eq!(found.iter().filter(|e| e.starts_with("Statement(agent=Iran")).count(), 2, "{found:?}");
}

#[test]
fn a_capital_that_names_a_thing_by_its_place_is_no_actor() {
    let found = events("Iran rejected the Moscow accord.");
    assert!(found.iter().all(|e| !e.contains("Russia")), "{found:?}");
}

#[test]
fn information_handed_over_is_no_aid() {
    assert_eq!(
        events("The White House provided satellite images to CNN."),
        ["Provide(agent=White House theme=satellite image recipient=CNN)"]
    );
    assert_eq!(events("Iran provided drones to Russia."), ["Supply(agent=Iran theme=drone recipient=Russia)"]);
}

#[test]
fn what_is_shown_doing_something_does_it() {
    let found = events("The images showed a Russian delegation visiting an airfield in Iran.");
    assert!(found.iter().any(|e| e.starts_with("Visit(agent=Russia")), "{found:?}");
}

#[test]
fn business_copy_makes_no_attacks_or_aid() {
    // a walk-out is a protest; a deal struck is an agreement; prices help no one
    assert_eq!(events("Ford workers began a national strike on Monday."), Vec::<String>::new());
    let found = events("Dockers in Rotterdam staged a strike against Smit.");
    assert!(found.iter().all(|e| !e.starts_with("Attack(")), "{found:?}");
    assert_eq!(events("Iran and Russia struck a deal on gas."), ["Agree(agent=Iran patient=Russia)"]);
    assert_eq!(events("Lower oil prices helped Japan."), Vec::<String>::new());
    assert_eq!(events("Israeli aircraft carried out an air strike on Gaza."), ["Attack(agent=Israel patient=Gaza)"]);
}

#[test]
fn a_denied_charge_is_the_accusers_claim_and_the_deniers_denial_in_the_graph() {
    let store = common::graph_of(&[&common::root().join("tests/fixtures/events/denied-charge.txt")]);
    // the accusation stands, and what it accuses of is Pakistan's claim
    assert!(common::ask(
        &store,
        r#"ASK { ?a a ng:Accuse ; ng:agent country:PAK ; ng:patient country:IND ; ng:negated false ; ng:content ?h .
                 ?h a ng:Help ; ng:agent country:IND ; ng:negated false ; ng:claimedBy country:PAK }"#
    ));
    // India's denial denies the backing, a node of its own, not the accusation
    assert!(common::ask(
        &store,
        r#"ASK { ?d a ng:Deny ; ng:agent country:IND ; ng:content ?h .
                 ?h a ng:Help ; ng:agent country:IND ; ng:negated true ; ng:claimedBy country:IND }"#
    ));
    assert!(!common::ask(&store, "ASK { ?d a ng:Deny ; ng:content ?a . ?a a ng:Accuse }"));
    let helps = common::select(&store, "SELECT DISTINCT ?h WHERE { ?h a ng:Help }");
    assert_eq!(helps.len(), 2, "{helps:?}");
    assert!(!common::ask(&store, "ASK { ?h a ng:Help ; ng:negated true ; ng:negated false }"));
}

#[test]
fn sentences_coded_with_plover_classes_are_scored_per_class() {
    // our own sentences in the form of shared/events/plover-dev.jsonl
    let output = assert_cmd::Command::cargo_bin("newsgraph")
        .expect("binary")
        .env_remove("NEWSGRAPH_DATA")
        .args(["eval", "events", "--details"])
        .arg(common::root().join("tests/fixtures/events/plover-own.jsonl"))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let out = String::from_utf8(output.stdout).expect("utf8");
    let row = |class: &str| {
        out.lines()
            .find(|l| l.starts_with(class))
            .unwrap_or_default()
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // a supply is aid, a sanction coercion, shelling an assault, each with its actors
    assert_eq!(row("AID"), "1 100.00 100.00", "{out}");
    assert_eq!(row("COERCE"), "1 100.00 100.00", "{out}");
    assert_eq!(row("ASSAULT"), "1 100.00 100.00", "{out}");
    // "agreed to" is CAMEO 03 (AGREE), an intent aimed where what is agreed to is
    assert_eq!(row("AGREE"), "1 100.00 100.00", "{out}");
    assert!(!out.contains("missed"), "{out}");
}
