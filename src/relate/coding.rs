//! The finest CAMEO code a sentence supports, where it is finer than the event class's own:
//! a commitment codes by what is committed to ("agreed to withdraw" is 035, an intent to
//! yield), and an act that ends another by what it ends ("suspended aid to" is 162, "lifted
//! sanctions on" 085), after the table `data/codes/cameo-derived.tsv`.

use super::{Arg, Ctx, Event, Modality, Role, Vg, clause_end, is_actor, is_be, is_body, lemma_in};
use crate::codes::{Bearing, Derived, derived};
use crate::lexicon::{Cue, Lexicon};
use crate::tag::Pos;
use std::ops::Range;

/// Codes each expression of intent (CAMEO 03) by the first act it commits to that the table
/// knows: "Russia agreed to withdraw its troops" is 035. The intent is aimed where that act is:
/// its patients and recipients are the intent's too ("agreed to send aid to Ukraine" is an
/// intent towards Ukraine). A refused or denied intent keeps the plain code.
///
/// A refusal (CAMEO 12 with content: "refused to release the prisoners") codes alike by the act
/// it refuses, which is negated (not done): refusing to yield is 124, to meet 125.
pub fn code_intents(lex: &Lexicon, events: &mut [Event]) {
    for k in 0..events.len() {
        let e = &events[k];
        let bearing = match lex.class(&e.class).and_then(|c| c.cameo.as_deref()) {
            Some("03") => Bearing::Intent,
            Some("12") => Bearing::Refuse,
            _ => continue,
        };
        if e.negated {
            continue;
        }
        let Some((code, act)) = e
            .content
            .iter()
            .filter_map(|c| events.get(*c))
            .filter(|c| c.negated == (bearing == Bearing::Refuse))
            .find_map(|c| Some((derived(bearing, c.cameo(lex)?)?.code.clone(), c)))
        else {
            continue;
        };
        let parties: Vec<(Role, Arg)> = act
            .roles
            .iter()
            .filter(|(r, a)| matches!(r, Role::Patient | Role::Recipient) && matches!(a, Arg::Entity(_)))
            .filter(|(_, a)| !e.role(Role::Agent).any(|agent| agent == a))
            .cloned()
            .collect();
        let intent = &mut events[k];
        intent.code = Some(code);
        for (role, arg) in parties {
            intent.add(role, Some(arg));
        }
    }
}

/// What an act becomes when a verb ends it ("suspended aid to Gaza"): the table's row for its
/// code, if the ontology has the class. (Whether it is relations that end, or business, the
/// caller decides by [`has_party`] and who ends it.)
pub fn ending(lex: &Lexicon, act: &Event) -> Option<&'static Derived> {
    act.cameo(lex).and_then(|c| derived(Bearing::End, c)).filter(|d| lex.class(&d.class).is_some())
}

/// Whether an act names a party it was with or for.
pub fn has_party(act: &Event) -> bool {
    parties(act).next().is_some()
}

/// The named parties of an act other than its agent: whom aid went to, whom sanctions were
/// on, whom talks were with.
fn parties(act: &Event) -> impl Iterator<Item = &Arg> {
    act.roles
        .iter()
        .filter(|(r, a)| matches!(r, Role::Patient | Role::Recipient) && matches!(a, Arg::Entity(_)))
        .map(|(_, a)| a)
}

/// Makes `event` the ending of `act`: its class and code, and as patients the act's parties.
/// Concepts that stood as patients ("sanctions" as what was lifted) give way to them.
pub fn end(lex: &Lexicon, row: &Derived, act: &Event, event: &mut Event) {
    event.class.clone_from(&row.class);
    let own = lex.class(&row.class).and_then(|c| c.cameo.as_deref());
    event.code = (own != Some(row.code.as_str())).then(|| row.code.clone());
    let parties: Vec<Arg> = parties(act).cloned().collect();
    if !parties.is_empty() {
        event.roles.retain(|(r, a)| !(matches!(r, Role::Patient) && matches!(a, Arg::Concept(_))));
    }
    event.roles.retain(|(r, _)| *r != Role::Recipient);
    for p in parties {
        event.add(Role::Patient, Some(p));
    }
    for (r, a) in &act.roles {
        if matches!(r, Role::Location | Role::Theme) {
            event.add(*r, Some(a.clone()));
        }
    }
}

/// The word that commits the subject of a verb group to an act: the verb itself ("agreed to
/// withdraw", "offered to host talks") or an adjective after "be" ("is willing to release"),
/// before an infinitive.
pub(super) fn commitment(ctx: &Ctx<'_>, vg: &Vg) -> Option<usize> {
    let (lex, end) = (ctx.lex, ctx.range.end);
    let word = if vg.object.is_none() && lemma_in(lex, lex.cue(Cue::Commit), ctx.lower(vg.verb)) {
        vg.verb
    } else if is_be(ctx.lower(vg.verb)) {
        let mut k = vg.verb + 1;
        while k < end && ctx.pos(k) == Pos::Adv {
            k += 1;
        }
        if k >= end || !lex.cue_word(Cue::Commit, ctx.lower(k)) {
            return None;
        }
        k
    } else {
        return None;
    };
    let infinitive = word + 2 < end && ctx.lower(word + 1) == "to" && ctx.pos(word + 2) == Pos::Verb;
    (infinitive && lex.class("Intend").is_some()).then_some(word)
}

/// Whether the verb of a group refuses the infinitive right after it ("refused to release",
/// "declined to meet", "refused to hold talks"): a rejection (CAMEO 12) of that act. Not of
/// words: "declined to comment" is a comment (and "declined to give details" is left out where
/// events are kept).
pub(super) fn refusal(ctx: &Ctx<'_>, vg: &Vg) -> bool {
    let (lex, end, v) = (ctx.lex, ctx.range.end, vg.verb);
    vg.object.is_none()
        && !vg.negated
        && lemma_in(lex, lex.cue(Cue::Refuse), ctx.lower(v))
        && v + 2 < end
        && ctx.lower(v + 1) == "to"
        && ctx.pos(v + 2) == Pos::Verb
        && (lex.verbs.get(ctx.lower(v + 2)).is_some_and(|w| w.is_event() && !w.frame.is_speech())
            || lemma_in(lex, lex.cue(Cue::Light), ctx.lower(v + 2)))
        && lex.class("Reject").is_some()
}

/// Whether refusing an act rejects something between parties: the act has a code past mere
/// words (01, 02), and is aimed at a party or is one that gives way or works together (06,
/// 08), which need none ("refused to withdraw its troops"). The party may be unnamed ("refused
/// to meet the American envoy").
pub(super) fn refusable(lex: &Lexicon, act: &Event) -> bool {
    match act.cameo(lex) {
        None => false,
        Some(code) if code < "03" => false,
        Some(code) => {
            code.starts_with("06")
                || code.starts_with("08")
                || act.roles.iter().any(|(r, a)| matches!(r, Role::Patient | Role::Recipient) && is_actor(lex, a))
        }
    }
}

/// "Israel will not release prisoners", "we will not begin talks": a body's or a named
/// actor's act denied for the future is its refusal of that act, where the table codes refusing
/// it (to yield, to meet, to cooperate). The refusal's trigger is the negation, and its span
/// the act's clause, so that the act is its content and a statement around both holds the
/// refusal. Forecasts of things without an actor ("prices will not rise") are none.
pub(super) fn future_refusals(
    ctx: &Ctx<'_>,
    groups: &[Vg],
    events: &mut Vec<Event>,
    first: usize,
    spans: &mut Vec<(usize, Range<usize>)>,
) {
    let lex = ctx.lex;
    if lex.class("Reject").is_none() {
        return;
    }
    for k in first..events.len() {
        let act = &events[k];
        if !act.negated || act.modality != Modality::Future || !act.content.is_empty() {
            continue;
        }
        // the act's own verb, or a light one over its noun ("will not begin talks")
        let own = |g: &&Vg| g.verb == act.trigger || g.object.is_some_and(|o| ctx.nps[o].head == act.trigger);
        let Some(vg) = groups.iter().filter(|g| g.negated).find(own) else { continue };
        let Some(neg) = (vg.chain_start..vg.verb).find(|&i| ctx.pos(i) == Pos::Neg) else { continue };
        let refusable = act.cameo(lex).is_some_and(|c| derived(Bearing::Refuse, c).is_some());
        if !refusable || !act.role(Role::Agent).any(|a| is_body(lex, a)) {
            continue;
        }
        let mut refusal = act.clone();
        refusal.class = "Reject".into();
        refusal.trigger = neg;
        refusal.roles.retain(|(r, _)| *r == Role::Agent);
        refusal.negated = false;
        refusal.modality = Modality::Asserted;
        refusal.code = None;
        refusal.rule = "refusal-future";
        spans.push((events.len(), neg..clause_end(ctx, vg.verb)));
        events.push(refusal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::pipeline::Pipeline;
    use crate::relate::Modality;

    /// Each event as `Class(Role=label …)`, its CAMEO code, and itself.
    fn events(lex: &Lexicon, text: &str) -> Vec<(String, Option<String>, Event)> {
        let pipeline = Pipeline::new(lex);
        let doc = Document { text: text.into(), regions: vec![0..text.len()], ..Document::default() };
        let analysis = pipeline.analyse(&doc);
        let names = |e: &Event| {
            let mut out = Vec::new();
            for (role, arg) in &e.roles {
                if let Arg::Entity(i) = arg {
                    out.push(format!("{role:?}={}", analysis.linked.entities[*i].label));
                }
            }
            out.sort();
            out.join(" ")
        };
        analysis
            .events
            .iter()
            .map(|e| {
                let t = &analysis.seg.tokens[e.trigger];
                let trigger: &'static str = String::leak(text[t.start..t.end].to_owned());
                (
                    format!("{}({})", e.class, names(e)),
                    e.cameo(lex).map(str::to_owned),
                    Event { rule: trigger, ..e.clone() },
                )
            })
            .collect()
    }

    #[test]
    fn every_derived_code_has_an_example_that_yields_it() {
        let lex = Lexicon::shipped().expect("data");
        for row in crate::codes::derived_table() {
            let found = events(&lex, &row.example);
            assert!(
                found.iter().any(|(_, code, e)| e.class == row.class && code.as_deref() == Some(row.code.as_str())),
                "{:?}: {} {} not in {:?}",
                row.example,
                row.class,
                row.code,
                found.iter().map(|(d, c, _)| (d, c)).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_commitment_is_an_intent_aimed_where_its_act_is() {
        let lex = Lexicon::shipped().expect("data");
        let found = events(&lex, "Russia is willing to withdraw its troops from Syria.");
        let intent = found.iter().find(|(_, _, e)| e.class == "Intend").expect("an intent");
        // the trigger is the adjective, the third token
        assert_eq!((intent.1.as_deref(), intent.2.trigger), (Some("035"), 2));
        let act = found.iter().find(|(_, _, e)| e.class == "Yield").expect("the act");
        assert_eq!(act.2.modality, Modality::Intended);
        // together, by a verb of two parties: agent and partner; the partner is the act's too
        let found = events(&lex, "Saudi Arabia and Iran agreed to cooperate.");
        let intent = found.iter().find(|(_, _, e)| e.class == "Intend").expect("an intent");
        assert_eq!((intent.0.as_str(), intent.1.as_deref()), ("Intend(Agent=Saudi Arabia Patient=Iran)", Some("031")));
        // refused: no intent to code by its act
        let found = events(&lex, "Russia did not agree to withdraw its troops from Syria.");
        assert!(found.iter().all(|(_, code, e)| e.class != "Intend" || e.negated && code.as_deref() == Some("03")));
        // an object between: agreement, not intent
        let found = events(&lex, "Turkey agreed with Greece on a new round of talks.");
        assert!(found.iter().any(|(_, code, e)| e.class == "Agree" && code.as_deref() == Some("05")));
    }

    #[test]
    fn a_refusal_rejects_its_act_which_is_not_done() {
        let lex = Lexicon::shipped().expect("data");
        let found = events(&lex, "Iran refused to release the two French citizens.");
        let refusal = found.iter().find(|(_, _, e)| e.class == "Reject").expect("a rejection");
        // the trigger is the refusing verb, the second token; refusing to yield is 124
        assert_eq!((refusal.1.as_deref(), refusal.2.trigger), (Some("124"), 1));
        let act = found.iter().find(|(_, _, e)| e.class == "Yield").expect("the act");
        assert!(act.2.negated && act.2.modality == Modality::Intended, "{act:?}");
        // aimed where the act is
        let found = events(&lex, "Russia declined to hold talks with Ukraine.");
        let d: Vec<(&str, Option<&str>)> = found.iter().map(|(d, c, _)| (d.as_str(), c.as_deref())).collect();
        assert!(d.contains(&("Reject(Agent=Russia Patient=Ukraine)", Some("125"))), "{d:?}");
        // an actor's act denied for the future is refused; the negation is the trigger
        let found = events(&lex, "Israel will not release the prisoners.");
        let refusal = found.iter().find(|(_, _, e)| e.class == "Reject").expect("a future refusal");
        assert_eq!((refusal.1.as_deref(), refusal.2.trigger, refusal.2.content.len()), (Some("124"), 2, 1));
        // a forecast with no actor, and refusing to speak, are none
        for text in ["Oil prices will not rise.", "The minister declined to give details of the plan."] {
            assert!(events(&lex, text).iter().all(|(_, _, e)| e.class != "Reject"), "{text}");
        }
        // a refusal of a thing, not of an act, keeps the plain code and has no content
        let found = events(&lex, "Iran refused the offer.");
        assert!(
            found.iter().any(|(_, c, e)| e.class == "Reject" && c.as_deref() == Some("12") && e.content.is_empty())
        );
    }

    #[test]
    fn an_ending_reduces_relations_with_a_party_and_business_is_left_alone() {
        let lex = Lexicon::shipped().expect("data");
        let found = events(&lex, "The United States suspended military aid to Pakistan.");
        let d: Vec<(&str, Option<&str>)> = found.iter().map(|(d, c, _)| (d.as_str(), c.as_deref())).collect();
        assert_eq!(d, [("ReduceRelations(Agent=United States Patient=Pakistan)", Some("162"))]);
        // "lifted": the verb's own yielding is the ending, aimed at whom the sanctions were on
        let found = events(&lex, "The European Union lifted sanctions on Belarus.");
        let d: Vec<(&str, Option<&str>)> = found.iter().map(|(d, c, _)| (d.as_str(), c.as_deref())).collect();
        assert_eq!(d, [("Yield(Agent=European Union Patient=Belarus)", Some("085"))]);
        for text in ["The company reduced sales of bauxite.", "The firm suspended merger talks with other parties."] {
            assert!(events(&lex, text).iter().all(|(_, _, e)| e.class != "ReduceRelations"), "{text}");
        }
    }
}
