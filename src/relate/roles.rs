//! Selectional constraints: what may fill a role of an event class (`data/lexicon/roles.tsv`).
//! "Russia hit Odesa" is an attack; "the government hit its target", "fought all forms of
//! racism" and "used a term" are none, for a target, racism and a term are no actor, place or
//! asset.

use super::{Arg, Event, Role, is_actor};
use crate::lexicon::{Cue, EntityType, Kind, Lexicon, WordClass};
use crate::link::Linked;

/// Whether an argument is of one of the kinds. A pronoun left unresolved and a name of no
/// known type pass: nothing is known against them.
pub(super) fn fits(lex: &Lexicon, linked: &Linked, arg: &Arg, kinds: &[Kind]) -> bool {
    use EntityType as T;
    match arg {
        Arg::Entity(e) => {
            let kind = linked.entities[*e].kind;
            kind == T::Misc
                || kinds.iter().any(|k| match k {
                    Kind::Actor => matches!(kind, T::Person | T::Organization | T::Group | T::Country),
                    Kind::Place => matches!(kind, T::Location | T::City | T::Country),
                    Kind::Asset => matches!(kind, T::Product | T::Weapon | T::Vehicle),
                })
        }
        Arg::Concept(c) => {
            let head = c.rsplit(' ').next().unwrap_or("");
            lex.words.get(head) == Some(&WordClass::Pron)
                || kinds.iter().any(|k| match k {
                    Kind::Actor => is_actor(lex, arg),
                    Kind::Place => lex.cue_noun(Cue::Place, head) || lex.cue_noun(Cue::PlaceHead, head),
                    Kind::Asset => lex.cue_noun(Cue::Asset, head),
                })
        }
    }
}

/// Nouns for people by their ending: "employee", "trainee", "civilian", "politician",
/// "businessman", "policemen" (beside the doers in -er, -or and -ist).
pub(super) fn person_like(head: &str) -> bool {
    let long = head.len() > 4;
    long && (head.ends_with("ee") && !head.ends_with("ree")
        || head.ends_with("ian")
        || head.ends_with("man")
        || head.ends_with("men"))
}

/// Holds an event to the constraints on its class: fillers of a constrained role that do not
/// fit leave it, and when none of a role's fillers fits the event goes too ("hit its target"
/// is no attack with its target left out). Returns whether the event stands.
pub(super) fn constrain(lex: &Lexicon, linked: &Linked, event: &mut Event) -> bool {
    for rule in lex.roles.iter().filter(|r| r.class == event.class) {
        let Some(role) = Role::ALL.into_iter().find(|r| r.name() == rule.role) else { continue };
        if !event.has(role) {
            continue;
        }
        event.roles.retain(|(r, a)| *r != role || fits(lex, linked, a, &rule.kinds));
        if !event.has(role) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::pipeline::Pipeline;

    /// The classes of the events of a text, with their roles' labels.
    fn events(lex: &Lexicon, text: &str) -> Vec<(String, Vec<String>)> {
        let models = crate::tag::Models::shipped().expect("models");
        let doc = Document { text: text.into(), regions: vec![0..text.len()], ..Document::default() };
        let analysis = Pipeline::with_models(lex, &models).analyse(&doc);
        analysis
            .events
            .iter()
            .map(|e| {
                let labels = e
                    .roles
                    .iter()
                    .map(|(_, a)| match a {
                        Arg::Entity(i) => analysis.linked.entities[*i].label.clone(),
                        Arg::Concept(c) => c.clone(),
                    })
                    .collect();
                (e.class.clone(), labels)
            })
            .collect()
    }

    #[test]
    fn every_constraint_example_gives_no_event_but_would_without_its_line() {
        let lex = Lexicon::shipped().expect("data");
        for (i, rule) in lex.roles.iter().enumerate() {
            let (kind, file, text) = crate::lexicon::SHIPPED
                .iter()
                .find(|(k, _, _)| *k == crate::lexicon::DataKind::Roles)
                .expect("shipped");
            let rows = crate::lexicon::parse_rows(file, text, *kind).expect("parses");
            let example = rows[i].example();
            let with = events(&lex, example);
            assert!(with.iter().all(|(c, _)| *c != rule.class), "{example:?}: {with:?}");
            let mut without = lex.clone();
            without.roles.remove(i);
            let plain = events(&without, example);
            assert!(plain.iter().any(|(c, _)| *c == rule.class), "{example:?} gives no {} anyway", rule.class);
        }
    }

    #[test]
    fn strikes_on_actors_places_and_assets_stand() {
        let lex = Lexicon::shipped().expect("data");
        for (text, class, filler) in [
            ("Russia hit Odesa with drones.", "Attack", "Odesa"),
            ("Russian forces shelled the hospital.", "Attack", "hospital"),
            ("Ukrainian forces destroyed an enemy tank.", "Attack", "enemy tank"),
            ("Gunmen killed a local employee.", "Assault", "employee"),
            ("Russia used Iranian drones against Ukraine.", "Use", "drone"),
        ] {
            let found = events(&lex, text);
            assert!(
                found.iter().any(|(c, labels)| c == class && labels.iter().any(|l| l == filler)),
                "{text}: {found:?}"
            );
        }
        // a filler that does not fit leaves, the event stays with the one that does
        let found = events(&lex, "Blair fought racism.");
        assert!(found.iter().all(|(c, _)| c != "Fight"), "{found:?}");
    }
}
