//! Finds events in tagged, linked sentences: who did what to whom, who said so, whether it is
//! denied, with modality and time.
//!
//! The rules work on noun phrases and verb groups: a verb's subject is the phrase before its
//! auxiliaries, its object the phrase after it, prepositional phrases fill roles by the verb's
//! frame; infinitives and gerunds take their subject from the verb that governs them (object
//! control for "ask X to", subject control otherwise); reported speech takes the clause after
//! the verb, or the quote before ", X said", as its content. Every step looks at a bounded
//! window, so time grows linearly with sentence length.

pub mod coding;
mod roles;
pub mod time;

use crate::ingest::Document;
use crate::lexicon::{Cue, EntityType, EventWord, Frame, Lexicon};
use crate::link::Linked;
use crate::segment::Segmentation;
use crate::tag::{LowerForm, Pos, Tags};
use std::ops::Range;
use time::TimeValue;

/// What fills a role: a linked entity or a thing named by a common noun.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    /// An entity (index into [`Linked::entities`]).
    Entity(usize),
    /// A concept, by its label (lower case, singular).
    Concept(String),
}

/// Event roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Who acts.
    Agent,
    /// To whom it is done.
    Patient,
    /// What is given, used or moved.
    Theme,
    /// Who receives.
    Recipient,
    /// Where.
    Location,
    /// With what.
    Instrument,
}

impl Role {
    /// Every role, in the order events list them.
    pub const ALL: [Role; 6] =
        [Role::Agent, Role::Patient, Role::Theme, Role::Recipient, Role::Location, Role::Instrument];

    /// The property that links an event to the role's filler.
    pub fn property(self) -> oxigraph::model::NamedNodeRef<'static> {
        use crate::vocab::ng;
        match self {
            Role::Agent => ng::AGENT,
            Role::Patient => ng::PATIENT,
            Role::Theme => ng::THEME,
            Role::Recipient => ng::RECIPIENT,
            Role::Location => ng::LOCATION_ROLE,
            Role::Instrument => ng::INSTRUMENT,
        }
    }

    /// The role's name, as the ontology spells it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Patient => "patient",
            Role::Theme => "theme",
            Role::Recipient => "recipient",
            Role::Location => "location",
            Role::Instrument => "instrument",
        }
    }
}

/// How the text presents an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    /// As fact.
    Asserted,
    /// Could happen.
    Possible,
    /// Will happen.
    Future,
    /// Someone means to do it.
    Intended,
    /// Alleged.
    Alleged,
}

/// An event found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event class (local name in the ontology).
    pub class: String,
    /// The sentence index.
    pub sentence: usize,
    /// The trigger token.
    pub trigger: usize,
    /// Roles and their fillers.
    pub roles: Vec<(Role, Arg)>,
    /// Whether the text (or the speaker, for a denial's content) says it did not happen.
    pub negated: bool,
    /// How it is presented.
    pub modality: Modality,
    /// When.
    pub time: Option<TimeValue>,
    /// What a statement or request says (indexes of events).
    pub content: Vec<usize>,
    /// The speaker whose claim this is, for content events.
    pub claimed_by: Option<Arg>,
    /// Outlets or sources the statement is attributed to.
    pub reported_by: Vec<Arg>,
    /// Quoted words, as a byte range of the text.
    pub quote: Option<Range<usize>>,
    /// The rule that made it.
    pub rule: &'static str,
    /// How sure the rule is.
    pub confidence: f32,
    /// The CAMEO code where the sentence supports one finer than its class's ("033" for a
    /// promise of aid, "162" for aid cut off): see [`coding`].
    pub code: Option<String>,
    /// Its agent is the speaker's side, if it is reported speech: the subject was "we" or "I",
    /// or a noun event named no agent.
    pub speaker_agent: bool,
}

impl Event {
    /// Its CAMEO code: the finest the sentence supports, else its class's.
    pub fn cameo<'a>(&'a self, lex: &'a Lexicon) -> Option<&'a str> {
        self.code.as_deref().or_else(|| lex.class(&self.class).and_then(|c| c.cameo.as_deref()))
    }

    /// The fillers of a role.
    pub fn role(&self, role: Role) -> impl Iterator<Item = &Arg> {
        self.roles.iter().filter(move |(r, _)| *r == role).map(|(_, a)| a)
    }

    fn add(&mut self, role: Role, arg: Option<Arg>) {
        if let Some(arg) = arg {
            if !self.roles.iter().any(|(r, a)| *r == role && *a == arg) {
                self.roles.push((role, arg));
            }
        }
    }

    /// Turns the agents into recipients: who buys or receives is given to, not giving.
    fn agents_receive(&mut self) {
        for (role, _) in self.roles.iter_mut().filter(|(r, _)| *r == Role::Agent) {
            *role = Role::Recipient;
        }
    }

    fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|(r, _)| *r == role)
    }
}

/// What a relation stage must do: events of a document from its tagged, linked sentences.
pub trait Relater: Sync {
    /// Finds the events. May add entities to `linked` (a state a pronoun or title points to).
    fn relate(&self, doc: &Document, seg: &Segmentation, tags: &Tags, linked: &mut Linked) -> Vec<Event>;
}

/// The rule-based relation finder.
#[derive(Debug, Clone, Copy)]
pub struct RuleRelater<'a> {
    lexicon: &'a Lexicon,
}

impl<'a> RuleRelater<'a> {
    /// Over the given data.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Self { lexicon }
    }
}

/// Fits the roles of an event to the frame its object gave it ([`crate::lexicon::Reading`]).
fn reframe(event: &mut Event, frame: Frame) {
    match frame {
        Frame::Dyadic => {
            // the parties are the subjects; the deal is the event itself
            event.roles.retain(|(r, a)| !(*r == Role::Patient && matches!(a, Arg::Concept(_))));
            let agents: Vec<Arg> = event.role(Role::Agent).skip(1).cloned().collect();
            event.roles.retain(|(r, a)| *r != Role::Agent || !agents.contains(a));
            for a in agents {
                event.add(Role::Patient, Some(a));
            }
        }
        Frame::Use => {
            // troops sent somewhere are deployed there: the place is where it happens
            for (role, _) in event.roles.iter_mut().filter(|(r, _)| *r == Role::Recipient) {
                *role = Role::Location;
            }
        }
        _ => {}
    }
}

/// Whether a head, with "the" alone, means a state of the story: the state heads of
/// `cues.tsv` ("the government"), and the force heads ("the army"), which mean first the state
/// that last used force ([`described_state`]).
fn state_head(lex: &Lexicon, word: &str) -> bool {
    lex.cue_word(Cue::StateHead, word) || lex.cue_word(Cue::ForceHead, word)
}

#[derive(Debug, Clone)]
enum Possessor {
    Np(usize),
    Pronoun(usize),
}

#[derive(Debug, Clone)]
struct Np {
    start: usize,
    end: usize,
    head: usize,
    possessor: Option<Possessor>,
    negative: bool,
    /// The next phrase when joined by "and" ("Iran and Russia").
    and_next: Option<usize>,
    /// The phrase joined to this one before it.
    and_prev: Option<usize>,
}

#[derive(Debug, Clone, Default)]
struct Vg {
    verb: usize,
    chain_start: usize,
    negated: bool,
    modality: Option<Modality>,
    passive: bool,
    infinitive: bool,
    gerund: bool,
    subject: Option<usize>,
    /// The subject's filler when it comes from control or coordination, not a phrase here.
    inherited: Option<Vec<Arg>>,
    object: Option<usize>,
    object2: Option<usize>,
    pps: Vec<(usize, usize)>,
    /// Where what follows the verb (its complement clause) starts and ends, in tokens.
    complement: Option<Range<usize>>,
    /// The antecedent of a relative pronoun before the subject ("the drones, which Russia is using").
    relative_object: Option<usize>,
    rule: &'static str,
}

struct Ctx<'s> {
    lex: &'s Lexicon,
    text: &'s str,
    seg: &'s Segmentation,
    tags: &'s Tags,
    range: Range<usize>,
    nps: Vec<Np>,
    np_at: Vec<Option<usize>>,
    /// Tokens in time expressions.
    timex: Vec<bool>,
}

impl Ctx<'_> {
    fn is_time(&self, i: usize) -> bool {
        self.range.contains(&i) && self.timex[i - self.range.start]
    }

    // The rules look at the words around the one they stand on (`i + 1`, `i - 2` …). Outside
    // the sentence there is nothing to see: a word there reads as empty and its tag as
    // punctuation, so no rule reads another sentence, or past the document's end.

    fn word(&self, i: usize) -> &str {
        if self.range.contains(&i) { &self.text[self.seg.tokens[i].start..self.seg.tokens[i].end] } else { "" }
    }

    fn lower(&self, i: usize) -> &str {
        if self.range.contains(&i) { &self.tags.lower[i] } else { "" }
    }

    fn pos(&self, i: usize) -> Pos {
        if self.range.contains(&i) { self.tags.pos[i] } else { Pos::Punct }
    }

    fn np(&self, i: usize) -> Option<usize> {
        if self.range.contains(&i) { self.np_at[i - self.range.start] } else { None }
    }

    fn is_quote(&self, i: usize) -> bool {
        matches!(self.word(i), "\"" | "“" | "”" | "‘" | "’" | "'")
    }
}

impl Relater for RuleRelater<'_> {
    fn relate(&self, doc: &Document, seg: &Segmentation, tags: &Tags, linked: &mut Linked) -> Vec<Event> {
        let mut events = Vec::new();
        let published = doc.published.map(crate::ingest::Published::date);
        let mut memory = Memory { home: dateline_state(doc, seg, linked), ..Memory::default() };
        for (s, sentence) in seg.sentences.iter().enumerate() {
            let ctx = chunk(self.lexicon, doc, seg, tags, linked, sentence.tokens.clone());
            let first = events.len();
            relate_sentence(&ctx, s, linked, &mut memory, &mut events);
            attach_times(&ctx, published, &mut events[first..]);
            memory.remember(&ctx, linked);
            memory.acted(self.lexicon, linked, &events[first..]);
        }
        coding::code_intents(self.lexicon, &mut events);
        events
    }
}

/// What earlier sentences leave for pronouns and descriptions to point at.
#[derive(Debug, Default)]
struct Memory {
    /// Entities in order of mention, the latest last.
    recent: Vec<usize>,
    /// The last coordinated pair of subjects ("Iran and Russia").
    pair: Option<(usize, usize)>,
    /// Who spoke last: wire copy goes on with "…, it said" and "he said" for the same speaker.
    speaker: Option<Arg>,
    /// Whether that speaker is one person ("the Iranian spokesman" speaks for Iran but is a he).
    speaker_person: bool,
    /// Where the sentence of that speaker starts (its first token), and whether the phrase
    /// that named the speaker was plural ("Iranian officials"): "they" goes on with them.
    speaker_sentence: usize,
    speaker_plural: bool,
    /// The state that last used force, for "the army" ([`described_state`]).
    force: Option<usize>,
    /// The state of the dateline ("BAMAKO, Jan 31 (Reuters) -"), whose government and army
    /// the story means when it names no other.
    home: Option<usize>,
}

/// The state a dateline names: a capital in capitals at the start of a sentence, before a
/// comma or the agency's name ("BEIJING, April 9 (Reuters) -"), which the linker reads as its
/// state.
fn dateline_state(doc: &Document, seg: &Segmentation, linked: &Linked) -> Option<usize> {
    // datelines come before the story, after the headline and byline
    let early = |t: usize| seg.sentences.iter().take(6).any(|s| s.tokens.start == t);
    linked
        .mentions
        .iter()
        .find(|m| {
            let text = &doc.text[m.span.clone()];
            // "BEIJING, April 9 (Reuters) -" or "WASHINGTON (Reuters) -"
            let next = seg.tokens.get(m.tokens.end).map_or("", |t| &doc.text[t.start..t.end]);
            early(m.tokens.start)
                && matches!(next, "," | "(")
                && text.chars().any(char::is_alphabetic)
                && !text.chars().any(char::is_lowercase)
                && linked.entities[m.entity].kind == EntityType::Country
        })
        .map(|m| m.entity)
}

impl Memory {
    fn remember(&mut self, ctx: &Ctx<'_>, linked: &Linked) {
        for m in &linked.mentions {
            if ctx.range.contains(&m.tokens.start) {
                self.recent.retain(|e| *e != m.entity);
                self.recent.push(m.entity);
            }
        }
        for np in &ctx.nps {
            if let Some(next) = np.and_next {
                let a = linked.mention_at[np.head];
                let b = linked.mention_at[ctx.nps[next].head];
                if let (Some(a), Some(b)) = (a, b) {
                    self.pair = Some((linked.mentions[a].entity, linked.mentions[b].entity));
                }
            }
        }
    }

    /// Remembers the last state whose use of force the text tells, not denies: CAMEO's force
    /// posture and violence (15, 18 to 20), and the launches and deployments of the lexicon.
    fn acted(&mut self, lex: &Lexicon, linked: &Linked, events: &[Event]) {
        for e in events.iter().filter(|e| !e.negated) {
            let force = violent(lex, &e.class)
                || cameo(lex, &e.class) == Some("15")
                || matches!(e.class.as_str(), "Launch" | "Deploy");
            let state = e.role(Role::Agent).find_map(|a| match a {
                Arg::Entity(x) if linked.entities[*x].kind == EntityType::Country => Some(*x),
                _ => None,
            });
            if let Some(state) = state.filter(|_| force) {
                self.force = Some(state);
            }
        }
    }
}

/// Whether token `i` begins or continues a bound on a number that counts the phrase's head:
/// "more than 2,000 protesters", "at least 40 people", "nearly 300 troops", "up to 50
/// drones". News gives casualties and arrests so; without this the phrase broke at "than" or
/// "at" and the verb lost its object.
fn counts_before(tags: &Tags, i: usize, end: usize) -> bool {
    let word = |k: usize| tags.lower.get(k).map_or("", LowerForm::as_str);
    let number = |k: usize| k < end && tags.pos[k] == Pos::Num;
    match word(i) {
        "more" | "fewer" | "less" => word(i + 1) == "than" && number(i + 2),
        "than" => matches!(word(i.wrapping_sub(1)), "more" | "fewer" | "less") && number(i + 1),
        "at" => matches!(word(i + 1), "least" | "most") && number(i + 2),
        "least" | "most" => word(i.wrapping_sub(1)) == "at" && number(i + 1),
        "up" => word(i + 1) == "to" && number(i + 2),
        "to" => word(i.wrapping_sub(1)) == "up" && number(i + 1),
        "nearly" | "almost" | "about" | "around" | "roughly" | "approximately" | "some" | "over" => number(i + 1),
        _ => false,
    }
}

fn chunk<'s>(
    lex: &'s Lexicon,
    doc: &'s Document,
    seg: &'s Segmentation,
    tags: &'s Tags,
    linked: &Linked,
    range: Range<usize>,
) -> Ctx<'s> {
    // time expressions ("last year", "in June") are adjuncts, never part of a noun phrase
    let mut timex = vec![false; range.len()];
    for (span, _) in time::find(&tags.lower[range.clone()], Some(jiff::civil::date(2000, 1, 1))) {
        for slot in &mut timex[span] {
            *slot = true;
        }
    }
    let mut ctx = Ctx {
        lex,
        text: &doc.text,
        seg,
        tags,
        range: range.clone(),
        nps: Vec::new(),
        np_at: vec![None; range.len()],
        timex,
    };
    let mut current: Option<Np> = None;
    let mut pending_possessor: Option<Possessor> = None;
    let adjacent = |a: usize, b: usize| seg.tokens[a].end == seg.tokens[b].start;
    let mut i = range.start;
    while i < range.end {
        let pos = tags.pos[i];
        let lower = tags.lower[i].as_str();
        let in_name = linked.mention_at[i].is_some();
        let joins = lower == "-"
            && i > range.start
            && i + 1 < range.end
            && adjacent(i - 1, i)
            && adjacent(i, i + 1)
            && current.is_some();
        if ctx.timex[i - range.start] {
            // closes a phrase but keeps a pending possessor: "Russia's February 2022 invasion"
            if let Some(np) = current.take() {
                ctx.nps.push(np);
            }
            i += 1;
            continue;
        }
        let nominal = in_name
            || matches!(pos, Pos::Det | Pos::Adj | Pos::Num | Pos::Noun | Pos::Propn)
            || pos == Pos::Neg && lower == "no"
            || pos == Pos::Adv && lower == "so-called"
            || joins
            || counts_before(tags, i, range.end);
        if pos == Pos::Poss && (lower == "'s" || lower == "’s") {
            if let Some(np) = current.take() {
                ctx.nps.push(np);
                pending_possessor = Some(Possessor::Np(ctx.nps.len() - 1));
            }
            i += 1;
            continue;
        }
        if pos == Pos::Poss {
            if let Some(np) = current.take() {
                ctx.nps.push(np);
            }
            pending_possessor = Some(Possessor::Pronoun(i));
            i += 1;
            continue;
        }
        if pos == Pos::Pron {
            if let Some(np) = current.take() {
                ctx.nps.push(np);
            }
            ctx.nps.push(Np {
                start: i,
                end: i + 1,
                head: i,
                possessor: None,
                negative: false,
                and_next: None,
                and_prev: None,
            });
            i += 1;
            continue;
        }
        // a name right after a complete name starts a new phrase ("told Italian news outlet La
        // Repubblica" keeps one phrase; "Russia Iran" would not, but news does not write that)
        // a determiner or number after a name starts a new phrase: "gave Israel $14 billion",
        // "gave Russia the drones"
        let after_name = i > range.start
            && linked.mention_at[i - 1].is_some()
            && linked.mention_at[i - 1] != linked.mention_at[i]
            && matches!(pos, Pos::Det | Pos::Num);
        // "the drones Russia launched": a name right after a plural thing, with a verb after
        // the name, begins a clause about that thing ("the foreign minister Hossein
        // Amir-Abdollahian said", singular, stays one phrase)
        let clause_subject = in_name
            && i > range.start
            && linked.mention_at[i - 1].is_none()
            && tags.pos[i - 1] == Pos::Noun
            && tags.lower[i - 1].ends_with('s')
            && current.as_ref().is_some_and(|c| tags.pos[c.start] == Pos::Det)
            && linked.mention_at[i].is_some_and(|m| {
                let after = linked.mentions[m].tokens.end;
                after < range.end && tags.pos[after] == Pos::Verb && !tags.lower[after].ends_with("ing")
            });
        if nominal && (after_name || clause_subject) {
            if let Some(np) = current.take() {
                ctx.nps.push(np);
                pending_possessor = None;
            }
        }
        if nominal {
            let np = current.get_or_insert_with(|| Np {
                start: i,
                end: i,
                head: i,
                possessor: pending_possessor.take(),
                negative: false,
                and_next: None,
                and_prev: None,
            });
            if pos == Pos::Neg {
                np.negative = true;
            }
            np.end = i + 1;
            if !matches!(pos, Pos::Det | Pos::Punct) && lower != "-" {
                np.head = i;
            }
        } else if let Some(np) = current.take() {
            ctx.nps.push(np);
            pending_possessor = None;
        } else {
            pending_possessor = None;
        }
        i += 1;
    }
    if let Some(np) = current.take() {
        ctx.nps.push(np);
    }
    // a determiner alone is no phrase
    ctx.nps.retain(|np| !(np.end - np.start == 1 && tags.pos[np.start] == Pos::Det));
    let mut fixed = Vec::with_capacity(ctx.nps.len());
    for np in ctx.nps.drain(..) {
        fixed.push(np);
    }
    // possessor indexes shifted if a phrase was dropped: rebuild by position
    ctx.nps = fixed;
    for (k, np) in ctx.nps.iter().enumerate() {
        for slot in &mut ctx.np_at[np.start - range.start..np.end - range.start] {
            *slot = Some(k);
        }
    }
    for k in 0..ctx.nps.len() {
        if let Some(Possessor::Np(p)) = ctx.nps[k].possessor {
            // the possessor is the phrase ending right before the 's
            let before = ctx.nps[k].start.checked_sub(2).filter(|b| range.contains(b));
            ctx.nps[k].possessor =
                before.and_then(|b| ctx.np(b)).map(Possessor::Np).or(if p < k { Some(Possessor::Np(p)) } else { None });
        }
        let end = ctx.nps[k].end;
        // "Iran and Russia", "Russia, and Switzerland"
        let at = if tags.lower.get(end).is_some_and(|w| w == ",") && tags.lower.get(end + 1).is_some_and(|w| w == "and")
        {
            end + 2
        } else {
            end + 1
        };
        if at < range.end && tags.lower[at - 1] == "and" {
            if let Some(next) = ctx.np(at) {
                // "urged Iran to stop the deliveries, and the European Union imposed sanctions":
                // after a comma, "and" before a subject and its verb joins clauses, unless the
                // phrase before it is itself the later item of a list ("the US, Russia, and
                // Switzerland met")
                let after = ctx.nps[next].end;
                let clause = at == end + 2
                    && after < range.end
                    && matches!(tags.pos[after], Pos::Verb | Pos::Aux | Pos::Modal)
                    && !tags.lower[after].ends_with("ing")
                    && ctx.nps[k]
                        .start
                        .checked_sub(1)
                        .filter(|b| *b >= range.start)
                        .is_none_or(|b| tags.lower[b] != ",");
                if ctx.nps[next].start == at && !clause {
                    ctx.nps[k].and_next = Some(next);
                    ctx.nps[next].and_prev = Some(k);
                }
            }
        }
    }
    // "the US, Russia, and Switzerland": names in a comma list that ends in "and"
    for k in (0..ctx.nps.len()).rev() {
        let end = ctx.nps[k].end;
        let named = |n: &Np| linked.mention_at[n.head].is_some();
        if ctx.nps[k].and_next.is_some() || !named(&ctx.nps[k]) || end + 1 >= range.end || tags.lower[end] != "," {
            continue;
        }
        // "since the war in Ukraine, Iran and Russia": a phrase after a preposition closes an
        // opening phrase; it does not start a list
        let start = ctx.nps[k].start;
        let joined = ctx.nps[k].and_prev.is_some();
        if !joined && start > range.start && tags.pos[start - 1] == Pos::Adp {
            continue;
        }
        if let Some(next) = ctx.np(end + 1).filter(|n| ctx.nps[*n].start == end + 1) {
            if named(&ctx.nps[next]) && ctx.nps[next].and_next.is_some() {
                ctx.nps[k].and_next = Some(next);
                ctx.nps[next].and_prev = Some(k);
            }
        }
    }
    ctx
}

fn lemma_in<S: AsRef<str>>(lex: &Lexicon, set: &[S], word: &str) -> bool {
    // an irregular form the lexicon knows ("held", "began") by its lemma
    let known = lex.verbs.get(word).map(|v| v.lemma.as_str());
    set.iter().any(|l| {
        let l = l.as_ref();
        known == Some(l)
            || word == l
            || word
                .strip_suffix("ing")
                .is_some_and(|s| s == l || l.strip_suffix('e') == Some(s) || s.len() > 2 && s.get(..s.len() - 1) == Some(l))
            || word.strip_suffix("ed").is_some_and(|s| s == l || l.strip_suffix('e') == Some(s))
            || word.strip_suffix('d').is_some_and(|s| s == l)
            || word.strip_suffix('s').is_some_and(|s| s == l)
            || word.strip_suffix("es").is_some_and(|s| s == l)
            // "carried", "carries": a final y
            || word.strip_suffix("ied").or_else(|| word.strip_suffix("ies")).is_some_and(|s| l.strip_suffix('y') == Some(s))
            // "stopped", "shipping": a doubled consonant
            || word.strip_suffix("ed").is_some_and(|s| s.len() > 2 && s.get(..s.len() - 1) == Some(l))
    })
}

fn is_be(w: &str) -> bool {
    matches!(w, "be" | "is" | "are" | "was" | "were" | "been" | "being" | "'s" | "’s" | "am" | "'re" | "’re")
}

/// Verb groups of the sentence, left to right, with subjects, objects and complements.
fn verb_groups(ctx: &Ctx<'_>) -> Vec<Vg> {
    let mut groups: Vec<Vg> = Vec::new();
    let r = ctx.range.clone();
    for i in r.clone() {
        let pos = ctx.pos(i);
        let lower = ctx.lower(i);
        let main_aux =
            matches!(pos, Pos::Aux) && matches!(lower, "has" | "have" | "had" | "is" | "are" | "was" | "were") && {
                // an auxiliary with no verb after it is the main verb ("it has no intention")
                let mut j = i + 1;
                while j < r.end && matches!(ctx.pos(j), Pos::Adv | Pos::Neg | Pos::Aux) && ctx.lower(j) != "no" {
                    j += 1;
                }
                !(j < r.end && ctx.pos(j) == Pos::Verb)
            };
        if pos != Pos::Verb && !main_aux {
            continue;
        }
        let mut vg = Vg { verb: i, chain_start: i, rule: "verb-active", ..Vg::default() };
        let mut j = i;
        let mut has_be = false;
        while j > r.start {
            let p = j - 1;
            match ctx.pos(p) {
                Pos::Aux => {
                    has_be |= is_be(ctx.lower(p));
                }
                Pos::Modal => {
                    vg.modality = Some(match ctx.lower(p) {
                        "will" | "'ll" | "’ll" | "shall" | "wo" | "would" => Modality::Future,
                        _ => Modality::Possible,
                    });
                }
                Pos::Neg if ctx.lower(p) != "no" => vg.negated = true,
                Pos::Adv => {
                    if ctx.lex.words.get(ctx.lower(p)) == Some(&crate::lexicon::WordClass::Alleged) {
                        vg.modality = Some(Modality::Alleged);
                    }
                }
                Pos::Adp if ctx.lower(p) == "to" => {
                    vg.infinitive = true;
                    vg.chain_start = p;
                    break;
                }
                _ => break,
            }
            j = p;
            vg.chain_start = p;
        }
        let word = lower;
        // after a form of "be", a verb's bare form is its participle ("was hit", "is cut"): an
        // active verb never stands there
        let participle = !word.ends_with("ing")
            && (word.ends_with("ed")
                || word.ends_with("en")
                || ctx.lex.verbs.get(word).is_some_and(|v| (v.lemma != word || has_be) && !word.ends_with('s')));
        vg.passive = has_be && participle && pos == Pos::Verb;
        vg.gerund = word.ends_with("ing") && !has_be && pos == Pos::Verb;
        if vg.passive {
            vg.rule = "verb-passive";
        }
        // a participle right after a phrase and before "by": a reduced passive ("drones used by Russia")
        if !has_be && participle && i + 1 < r.end && ctx.lower(i + 1) == "by" && i > r.start && ctx.np(i - 1).is_some()
        {
            vg.passive = true;
            vg.rule = "verb-reduced-passive";
        }
        groups.push(vg);
    }
    for g in 0..groups.len() {
        find_subject(ctx, &mut groups, g);
        find_object(ctx, &mut groups[g]);
    }
    groups
}

fn find_subject(ctx: &Ctx<'_>, groups: &mut [Vg], g: usize) {
    let r = ctx.range.clone();
    let vg = groups[g].clone();
    if vg.gerund && vg.chain_start > r.start {
        if let Some(np) = ctx.np(vg.chain_start - 1) {
            let start = ctx.nps[np].start;
            // "showed a Russian delegation visiting an airfield": what one sees or shows doing
            // something does it
            let perceived = start > r.start && lemma_in(ctx.lex, ctx.lex.cue(Cue::Perception), ctx.lower(start - 1));
            let governed = start > r.start && matches!(ctx.pos(start - 1), Pos::Verb | Pos::Adp) && !perceived;
            if !governed && ctx.pos(vg.chain_start - 1) != Pos::Pron {
                groups[g].subject = Some(np);
                groups[g].rule = "verb-gerund-after-noun";
                return;
            }
        }
    }
    if vg.infinitive || vg.gerund {
        // control: who does what an infinitive or gerund says
        let before = vg.chain_start;
        let previous = groups[..g].iter().rposition(|p| p.verb < before);
        if vg.infinitive {
            if let Some(np) = before.checked_sub(1).and_then(|b| ctx.np(b)) {
                let np_start = ctx.nps[np].start;
                // "asked Tehran to", "called on Tehran to"
                let right_after = |p: &usize| {
                    let v = groups[*p].verb;
                    v + 1 == np_start || v + 2 == np_start && matches!(ctx.lower(v + 1), "on" | "upon")
                };
                if let Some(p) = previous.filter(|p| right_after(p) || groups[*p].object == Some(np)) {
                    if lemma_in(ctx.lex, ctx.lex.cue(Cue::ObjectControl), ctx.lower(groups[p].verb)) {
                        groups[g].subject = Some(np);
                        groups[g].rule = "verb-object-control";
                        if lemma_in(ctx.lex, &["expect"], ctx.lower(groups[p].verb)) {
                            groups[g].modality.get_or_insert(Modality::Future);
                        }
                        // "Obama wants Putin to attack": wished for, not done
                        if lemma_in(
                            ctx.lex,
                            &["want", "wish", "encourage", "invite", "persuade"],
                            ctx.lower(groups[p].verb),
                        ) {
                            groups[g].modality.get_or_insert(Modality::Possible);
                        }
                        // "did not allow Russia to use": not done either
                        if groups[p].negated
                            && lemma_in(ctx.lex, ctx.lex.cue(Cue::NegationPasses), ctx.lower(groups[p].verb))
                        {
                            groups[g].negated = true;
                        }
                        return;
                    }
                }
            }
        }
        // "accused Russia of using", "warned NATO against sending", "sanctioned three firms for
        // supplying": the object does it; so does the target of a sanction noun ("imposed
        // sanctions on three firms for supplying")
        if vg.gerund && before > r.start + 1 && matches!(ctx.lower(before - 1), "of" | "against" | "from" | "for") {
            let controls = |p: &usize| lemma_in(ctx.lex, ctx.lex.cue(Cue::GerundControl), ctx.lower(groups[*p].verb));
            let noun_controls = |p: &usize| {
                groups[*p].object.is_some_and(|o| ctx.lex.cue_noun(Cue::GerundControl, ctx.lower(ctx.nps[o].head)))
            };
            if let Some(p) = previous.filter(|p| controls(p) || noun_controls(p)) {
                let target = groups[p]
                    .pps
                    .iter()
                    .find(|(prep, np)| matches!(ctx.lower(*prep), "on" | "against") && ctx.nps[*np].end + 1 == before)
                    .map(|(_, np)| *np)
                    .filter(|_| noun_controls(&p));
                if let Some(object) = groups[p].object.filter(|o| ctx.nps[*o].end + 1 == before).or(target) {
                    groups[g].subject = Some(object);
                    groups[g].rule = "verb-object-control";
                    // what one is sanctioned or praised for is done ("for" is a reason)
                    if ctx.lower(before - 1) != "for"
                        && !lemma_in(
                            ctx.lex,
                            &["accuse", "blame", "charge", "convict", "suspect"],
                            ctx.lower(groups[p].verb),
                        )
                    {
                        // what one is warned against or kept from has not happened
                        groups[g].modality = Some(Modality::Possible);
                    }
                    return;
                }
            }
        }
        // "Russia is expected to attack", "is likely to", "is set to": not yet happened
        if vg.infinitive && before > r.start + 1 {
            let cue = ctx.lower(before - 1);
            let raised = ctx.lex.cue(Cue::Raising).iter().any(|w| w == cue)
                || previous
                    .is_some_and(|p| groups[p].passive && lemma_in(ctx.lex, &["expect"], ctx.lower(groups[p].verb)));
            if raised {
                groups[g].modality.get_or_insert(Modality::Future);
            }
        }
        // "faces pressure from Congress to help": what one is pressed or called to do has not
        // happened
        if vg.infinitive {
            let pressed = (before.saturating_sub(6).max(r.start)..before)
                .any(|k| ctx.lex.cue_noun(Cue::PressureNoun, ctx.lower(k)));
            if pressed {
                groups[g].modality.get_or_insert(Modality::Possible);
            }
        }
        // "has no intention of helping", "has no plans to attend"
        // (an infinitive's chain starts at its "to")
        let noun = if vg.gerund && before > r.start + 1 && ctx.lower(before - 1) == "of" {
            Some(before - 2)
        } else if vg.infinitive && before > r.start {
            Some(before - 1)
        } else {
            None
        };
        if let Some(noun) = noun {
            if let Some(np) = ctx.np(noun) {
                if ctx.lex.cue_noun(Cue::IntentNoun, ctx.lower(ctx.nps[np].head)) {
                    groups[g].modality = Some(Modality::Intended);
                    if ctx.nps[np].negative {
                        groups[g].negated = true;
                    }
                }
            }
        }
        if let Some(p) = previous {
            groups[g].subject = groups[p].subject;
            groups[g].inherited = groups[p].inherited.clone();
            groups[g].rule = "verb-subject-control";
            // "pledged to send": a verb of intent too
            let intends = |w: &str| {
                lemma_in(ctx.lex, ctx.lex.cue(Cue::Intent), w)
                    || lemma_in(ctx.lex, ctx.lex.cue(Cue::Commit), w)
                    || ctx.lex.verbs.get(w).is_some_and(|v| v.frame == Frame::Intent)
            };
            // "agreed to withdraw", "is willing to withdraw": committed to, not yet done
            let committed = before > r.start + 1 && ctx.lex.cue_word(Cue::Commit, ctx.lower(before - 1));
            if vg.infinitive && (intends(ctx.lower(groups[p].verb)) && groups[p].verb + 1 == before || committed) {
                groups[g].modality = Some(Modality::Intended);
            }
            // "refused to release the prisoners": refused, so not done (the refusal is the event)
            if vg.infinitive
                && groups[p].verb + 1 == before
                && !groups[p].negated
                && lemma_in(ctx.lex, ctx.lex.cue(Cue::Refuse), ctx.lower(groups[p].verb))
            {
                groups[g].modality = Some(Modality::Intended);
                groups[g].negated = true;
            }
            if groups[p].negated && vg.gerund && groups[p].verb + 1 == vg.verb {
                groups[g].negated = true;
            }
            if groups[p].negated
                && vg.infinitive
                && lemma_in(ctx.lex, ctx.lex.cue(Cue::NegationPasses), ctx.lower(groups[p].verb))
            {
                groups[g].negated = true;
            }
        }
        return;
    }
    let mut p = vg.chain_start;
    while p > r.start && matches!(ctx.pos(p - 1), Pos::Adv) {
        p -= 1;
    }
    if p == r.start {
        // "said Ryabkov": the subject after the verb
        return;
    }
    let left = p - 1;
    if let Some(mut np) = ctx.np(left) {
        // "cooperation with Iran will continue": the subject is what the phrase hangs off
        loop {
            let start = ctx.nps[np].start;
            if start < r.start + 2 || ctx.pos(start - 1) != Pos::Adp || ctx.lower(start - 1) == "than" {
                break;
            }
            let Some(head) = ctx.np(start - 2) else { break };
            // "to" hangs off an envoy or a body only: "Iran's envoy to the UN said"
            let sent = |h: &str| ctx.lex.cue_word(Cue::GroupHead, h) || ctx.lex.cue_word(Cue::RoleHead, h);
            if ctx.lower(start - 1) == "to" && !sent(ctx.lower(ctx.nps[head].head)) {
                break;
            }
            if ctx.lower(start - 1) == "of" && ctx.lex.cue_noun(Cue::Quantity, ctx.lower(ctx.nps[head].head)) {
                break;
            }
            np = head;
        }
        groups[g].subject = Some(np);
        // "the drones, which Russia is using": the relative's antecedent is the object
        let start = ctx.nps[np].start;
        if start > r.start && ctx.pos(start - 1) == Pos::Rel {
            let mut a = start - 1;
            while a > r.start && ctx.word(a - 1) == "," {
                a -= 1;
            }
            if a > r.start {
                groups[g].relative_object = ctx.np(a - 1);
            }
        } else if start > r.start && !groups[g].passive {
            // "the drones Russia launched overnight": a thing named right before a clause's
            // subject, with no pronoun between, is what the clause did (when it names nothing
            // else); not a time ("last week Russia attacked")
            let before = ctx.np(start - 1).filter(|a| {
                *a != np
                    && ctx.nps[*a].end == start
                    && ctx.pos(ctx.nps[*a].head) == Pos::Noun
                    && !ctx.is_time(start - 1)
            });
            if before.is_some() {
                groups[g].relative_object = before;
            }
        }
        return;
    }
    if ctx.pos(left) == Pos::Rel {
        let mut a = left;
        while a > r.start && ctx.word(a - 1) == "," {
            a -= 1;
        }
        if a > r.start {
            groups[g].subject = ctx.np(a - 1);
        }
        return;
    }
    // "the drones, which Russia launched overnight, were shot down": the antecedent of a
    // relative clause that closes just before the verb
    if ctx.word(left) == "," && matches!(ctx.pos(vg.chain_start), Pos::Aux | Pos::Modal | Pos::Verb) {
        let mut k = left;
        while k > r.start + 1 && k + 12 > left && !matches!(ctx.word(k - 1), "," | ";") {
            k -= 1;
        }
        if k > r.start + 1 && ctx.pos(k) == Pos::Rel && ctx.word(k - 1) == "," {
            if let Some(np) = ctx.np(k - 2) {
                groups[g].subject = Some(np);
                groups[g].rule = "verb-after-relative";
                return;
            }
        }
        // "A senior U.S. official, speaking on condition of anonymity, said": a participle's
        // clause between a subject and its verb; "Max Baumann, a member of the board, told
        // Reuters": an apposition
        let participle = k > r.start + 1 && ctx.pos(k) == Pos::Verb && ctx.lower(k).ends_with("ing");
        let apposition = k > r.start + 1
            && ctx.np(k).is_some_and(|np| ctx.nps[np].start == k)
            && !(k..left).any(|j| matches!(ctx.pos(j), Pos::Verb | Pos::Aux | Pos::Modal | Pos::Rel));
        if (participle || apposition) && ctx.word(k - 1) == "," {
            if let Some(np) = ctx.np(k - 2) {
                groups[g].subject = Some(np);
                groups[g].rule = if participle { "verb-after-participle" } else { "verb-after-apposition" };
                return;
            }
        }
    }
    if ctx.pos(left) == Pos::Cconj || ctx.word(left) == "," {
        // a second verb of the same subject ("acknowledged … but said")
        if let Some(mut prev) = groups[..g].iter().rposition(|p| !p.infinitive && !p.gerund) {
            // "Iran said the strikes caused damage and warned Israel": a verbal act after what
            // a speaker said is the speaker's, not the reported clause's (CAMEO's verbal roots,
            // 01 to 05 and 10 to 13)
            let verbal = |v: usize| {
                ctx.lex
                    .verbs
                    .get(ctx.lower(v))
                    .and_then(|w| cameo(ctx.lex, &w.class))
                    .is_some_and(|c| matches!(c, "01" | "02" | "03" | "04" | "05" | "10" | "11" | "12" | "13"))
            };
            let speaker = groups[..prev].iter().rposition(|p| {
                p.subject.is_some() && ctx.lex.verbs.get(ctx.lower(p.verb)).is_some_and(|w| w.frame.is_speech())
            });
            if let Some(sp) = speaker.filter(|_| verbal(vg.verb) && !verbal(groups[prev].verb)) {
                prev = sp;
                // and what was said ends before the conjunction: the warning is no claim
                if let Some(c) = groups[sp].complement.as_mut().filter(|c| c.end > left) {
                    c.end = left;
                }
            }
            groups[g].subject = groups[prev].subject;
            groups[g].inherited = groups[prev].inherited.clone();
            groups[g].rule = "verb-coordinated";
        }
    }
}

/// Whether a phrase only counts what its "of" names: "hundreds", "two", "30".
fn counts(ctx: &Ctx<'_>, np: usize) -> bool {
    let head = ctx.nps[np].head;
    ctx.lex.cue_noun(Cue::Quantity, ctx.lower(head)) || ctx.pos(head) == Pos::Num
}

fn find_object(ctx: &Ctx<'_>, vg: &mut Vg) {
    let r = ctx.range.clone();
    let mut q = vg.verb + 1;
    while q < r.end
        && (matches!(ctx.pos(q), Pos::Adv) && ctx.lower(q) != "so-called"
            || ctx.is_time(q)
            || ctx.pos(q) == Pos::Adp && ctx.is_time(q + 1))
    {
        q += 1;
    }
    if q >= r.end {
        return;
    }
    let speech = ctx.lex.verbs.get(ctx.lower(vg.verb)).is_some_and(|v| v.frame.is_speech());
    let starts_clause = |k: usize| -> bool {
        // a phrase followed by a finite verb is the subject of a clause, not an object; a
        // participle before "by" is a reduced passive that modifies it, and what follows its
        // agent decides ("shot down the drones launched by Russia", but "said a programme
        // announced by GM is an attempt"); after a verb of deeds, not of speech, so is one
        // before another preposition ("attacked ships linked to Israel", but "said the troops
        // moved to the border")
        let mut m = k;
        loop {
            while m < r.end && matches!(ctx.pos(m), Pos::Adv) {
                m += 1;
            }
            if m >= r.end {
                return false;
            }
            if matches!(ctx.pos(m), Pos::Aux | Pos::Modal) {
                return true;
            }
            if ctx.pos(m) != Pos::Verb || ctx.lower(m).ends_with("ing") {
                return false;
            }
            // "helping Russia build a drone factory": a bare infinitive after help's object
            let base = !ctx.lower(m).ends_with('s') && !ctx.lower(m).ends_with("ed");
            if base && lemma_in(ctx.lex, &["help"], ctx.lower(vg.verb)) {
                return false;
            }
            let reduced = ctx.lower(m + 1) == "by" || !speech && ctx.pos(m + 1) == Pos::Adp;
            if m + 2 < r.end && reduced {
                match ctx.np(m + 2).filter(|np| ctx.nps[*np].start == m + 2) {
                    Some(agent) => m = ctx.nps[agent].end,
                    None => return false,
                }
            } else {
                return true;
            }
        }
    };
    while !speech && q + 1 < r.end && ctx.is_quote(q) {
        q += 1;
    }
    if ctx.lower(q) == "that" && ctx.pos(q) == Pos::Sconj || ctx.word(q) == ":" {
        vg.complement = Some(q + 1..clause_end(ctx, q + 1));
        return;
    }
    if ctx.is_quote(q) {
        vg.complement = Some(q..clause_end(ctx, q + 1));
        return;
    }
    // "several of its drones", "two of the ships": a part of what follows "of"
    if q + 2 < r.end
        && matches!(ctx.pos(q), Pos::Det | Pos::Num | Pos::Adj)
        && ctx.lower(q + 1) == "of"
        && ctx.np(q).is_none_or(|np| ctx.nps[np].end == q + 1)
    {
        q += 2;
    }
    // "its forces used": the phrase starts after a possessive pronoun
    let np_at = if ctx.pos(q) == Pos::Poss && q + 1 < r.end { q + 1 } else { q };
    if let Some(np) = ctx.np(np_at).filter(|_| !vg.passive) {
        let end = ctx.nps[np].end;
        if starts_clause(end) {
            vg.complement = Some(q..clause_end(ctx, q));
            return;
        }
        let mut np = np;
        let mut end = end;
        loop {
            if end + 1 < r.end && ctx.lower(end) == "of" && counts(ctx, np) {
                // "hundreds of drones", "two of its ships", "30 of the 35 drones": the drones,
                // the ships
                let at = if ctx.pos(end + 1) == Pos::Poss && end + 2 < r.end { end + 2 } else { end + 1 };
                match ctx.np(at) {
                    Some(next) => np = next,
                    None => break,
                }
            } else if end + 1 < r.end && matches!(ctx.lower(end), "'s" | "’s") {
                // "Iran's Khayyam satellite": the thing possessed
                match ctx.np(end + 1) {
                    Some(next) => np = next,
                    None => break,
                }
            } else {
                break;
            }
            end = ctx.nps[np].end;
        }
        vg.object = Some(np);
        q = end;
        if let Some(np2) = ctx.np(q) {
            vg.object2 = Some(np2);
            q = ctx.nps[np2].end;
        }
    } else if ctx.pos(q) == Pos::Verb && ctx.lower(q).ends_with("ing")
        || ctx.lower(q) == "to" && q + 1 < r.end && ctx.pos(q + 1) == Pos::Verb
    {
        vg.complement = Some(q..clause_end(ctx, q));
    }
    // prepositional phrases
    while q < r.end {
        if ctx.pos(q) == Pos::Adv || ctx.is_time(q) || ctx.pos(q) == Pos::Adp && ctx.is_time(q + 1) {
            q += 1;
            continue;
        }
        // "by the US and its allies": the second conjunct adds nothing to the roles
        if ctx.lower(q) == "and" && q + 1 < r.end && !vg.pps.is_empty() {
            let next = if ctx.pos(q + 1) == Pos::Poss { q + 2 } else { q + 1 };
            if let Some(np) = ctx.np(next) {
                q = ctx.nps[np].end;
                continue;
            }
        }
        if ctx.pos(q) != Pos::Adp || ctx.lower(q) == "to" && q + 1 < r.end && ctx.pos(q + 1) == Pos::Verb {
            break;
        }
        let prep = q;
        let mut k = q + 1;
        // "up to several hundred", "more than": a bound the chunker kept out of the phrase
        // (before a word that is no number); before a number it is the phrase's own
        // ([`counts_before`])
        while k < r.end
            && (matches!(ctx.lower(k), "up" | "to" | "than" | "about" | "nearly" | "almost" | "least")
                || ctx.lower(k) == "at" && k > prep)
        {
            k += 1;
        }
        match ctx.np(k) {
            Some(np) if (prep + 1..=k).contains(&ctx.nps[np].start) => {
                // "with hundreds of drones": the drones
                let end = ctx.nps[np].end;
                let counted = (end + 1 < r.end && ctx.lower(end) == "of" && counts(ctx, np))
                    .then(|| ctx.np(end + 1).filter(|n| ctx.nps[*n].start == end + 1))
                    .flatten();
                let np = counted.unwrap_or(np);
                vg.pps.push((prep, np));
                q = ctx.nps[np].end;
                // "of" chains continue the same phrase ("the war in Ukraine")
            }
            _ => break,
        }
    }
    if vg.complement.is_none() && q < r.end {
        if ctx.lower(q) == "to" && q + 1 < r.end && ctx.pos(q + 1) == Pos::Verb {
            vg.complement = Some(q..clause_end(ctx, q));
        } else if ctx.lower(q) == "that" || ctx.word(q) == ":" {
            // "said in June that …"
            vg.complement = Some(q + 1..clause_end(ctx, q + 1));
        } else if vg.object.is_none() && ctx.np(q).is_some_and(|np| starts_clause(ctx.nps[np].end)) {
            // "said in the past they were sent"
            vg.complement = Some(q..clause_end(ctx, q));
        }
    }
}

/// Where a clause that starts at `from` ends: the sentence end, a semicolon, or a comma before
/// an adjunct ("…, following reports", "…, citing", "…, adding"), or "but" before a verb.
fn clause_end(ctx: &Ctx<'_>, from: usize) -> usize {
    let r = ctx.range.clone();
    let mut k = from;
    let mut in_quote = false;
    while k < r.end {
        let w = ctx.word(k);
        if matches!(w, "“" | "\"") && !in_quote {
            in_quote = true;
        } else if matches!(w, "”" | "\"") && in_quote {
            in_quote = false;
            if k + 1 < r.end && ctx.word(k + 1) != "." {
                return k + 1;
            }
        }
        if !in_quote && k > from {
            if w == ";" {
                return k;
            }
            if w == "," && k + 1 < r.end {
                let next = ctx.lower(k + 1);
                if ctx.pos(k + 1) == Pos::Verb && next.ends_with("ing")
                    || ctx.pos(k + 1) == Pos::Rel
                    || matches!(
                        next,
                        "according"
                            | "following"
                            | "citing"
                            | "adding"
                            | "saying"
                            | "as"
                            | "while"
                            | "although"
                            | "though"
                    )
                {
                    return k;
                }
                // ", and the European Union imposed …": a new clause with its own subject
                if matches!(next, "and" | "but") {
                    let mut m = k + 2;
                    while m < r.end
                        && m < k + 10
                        && (matches!(ctx.pos(m), Pos::Det | Pos::Propn | Pos::Noun | Pos::Adj | Pos::Pron))
                    {
                        m += 1;
                    }
                    if m > k + 2 && m < r.end && matches!(ctx.pos(m), Pos::Verb | Pos::Aux | Pos::Modal) {
                        return k;
                    }
                }
                // "…, the Financial Times reported": a new speaker takes over; "…, an offer the
                // United States rejected": a phrase and a clause of its own about it
                let mut m = k + 1;
                while m < r.end && m < k + 8 && matches!(ctx.pos(m), Pos::Det | Pos::Propn | Pos::Noun | Pos::Adj) {
                    m += 1;
                }
                let finite = |m: usize| ctx.pos(m) == Pos::Verb && !ctx.lower(m).ends_with("ing");
                if m > k + 1
                    && m < r.end
                    && (ctx.pos(m) == Pos::Verb && ctx.lex.verbs.get(ctx.lower(m)).is_some_and(|v| v.frame.is_speech())
                        || m > k + 2 && ctx.pos(k + 1) == Pos::Det && finite(m))
                {
                    return k;
                }
            }
            if matches!(ctx.lower(k), "but")
                && k + 1 < r.end
                && matches!(ctx.pos(k + 1), Pos::Verb | Pos::Aux | Pos::Modal)
            {
                return k;
            }
        }
        k += 1;
    }
    r.end
}

fn relate_sentence(ctx: &Ctx<'_>, s: usize, linked: &mut Linked, memory: &mut Memory, events: &mut Vec<Event>) {
    let lex = ctx.lex;
    let groups = verb_groups(ctx);
    let first = events.len();
    // speech spans: (event index, token range of what is said)
    let mut spans: Vec<(usize, Range<usize>)> = Vec::new();
    // denials of the charge just made, and the comma before them ([`denied_charge`])
    let mut charges: Vec<(usize, usize)> = Vec::new();
    // denials of a charge named by its noun: "The RSF denied the accusation"
    let mut named_charges: Vec<usize> = Vec::new();
    // "claimed responsibility for the attack": the speaker's own acts
    let mut owned_acts: Vec<usize> = Vec::new();
    // verb events and the head of their active subject
    let mut subject_heads: Vec<(usize, usize)> = Vec::new();
    // "called on Iran to stop", "called for a ceasefire": an appeal, though "call" alone is none
    static APPEAL: std::sync::LazyLock<EventWord> =
        std::sync::LazyLock::new(|| EventWord { lemma: "call".into(), class: "Appeal".into(), frame: Frame::Request });
    static INTEND: std::sync::LazyLock<EventWord> =
        std::sync::LazyLock::new(|| EventWord { lemma: "commit".into(), class: "Intend".into(), frame: Frame::Intent });
    static REFUSE: std::sync::LazyLock<EventWord> =
        std::sync::LazyLock::new(|| EventWord { lemma: "refuse".into(), class: "Reject".into(), frame: Frame::Intent });
    for vg in &groups {
        let phrasal = lemma_in(ctx.lex, &["call"], ctx.lower(vg.verb))
            && vg.verb + 1 < ctx.range.end
            && matches!(ctx.lower(vg.verb + 1), "on" | "upon" | "for")
            && lex.class("Appeal").is_some();
        // "agreed to withdraw", "offered to host talks", "is willing to release": a commitment
        // to an act is an expression of intent, not agreement or aid
        let commit = coding::commitment(ctx, vg);
        // "refused to release the prisoners": a rejection whose content is the act refused
        let refusal = coding::refusal(ctx, vg);
        let word = if phrasal {
            &APPEAL
        } else if commit.is_some() {
            &INTEND
        } else if refusal {
            &REFUSE
        } else {
            let Some(word) = lex.verbs.get(ctx.lower(vg.verb)).filter(|w| w.is_event()) else { continue };
            // "launched an attack on Odesa": the attack is the event, and the verb only lends it
            // its subject (the noun's event, below)
            let light = lemma_in(lex, lex.cue(Cue::Light), ctx.lower(vg.verb))
                && vg.object.is_some_and(|o| lex.nouns.contains_key(ctx.lower(ctx.nps[o].head)));
            if light {
                continue;
            }
            word
        };
        if ctx.pos(vg.verb) != Pos::Verb && commit.is_none() {
            continue;
        }
        let mut event = new_event(word, s, commit.unwrap_or(vg.verb), if refusal { "refusal" } else { vg.rule });
        event.speaker_agent = vg.subject.is_some_and(|np| matches!(ctx.lower(ctx.nps[np].head), "we" | "i"));
        event.negated = vg.negated;
        event.modality = vg.modality.unwrap_or(Modality::Asserted);
        let mut subject = subject_args(ctx, vg, linked, memory);
        // "…, it said" and "he said" go on with the last speaker when the pronoun fits them
        if word.frame.is_speech() {
            let pronoun = vg.subject.map(|np| ctx.nps[np].head).filter(|h| ctx.pos(*h) == Pos::Pron);
            if let (Some(h), Some(speaker)) = (pronoun, &memory.speaker) {
                // "the spokesman said … he said"; "diplomatic sources said … they said"
                let (person, people) = (memory.speaker_person, matches!(speaker, Arg::Concept(_)));
                let fits = match ctx.lower(h) {
                    "he" | "she" => person,
                    "it" => !person && !people,
                    "they" => people,
                    _ => false,
                };
                if fits {
                    subject = vec![speaker.clone()];
                }
            }
            // remember who spoke, and whether the phrase named one person ("the Iranian
            // spokesman" speaks for Iran but is a "he")
            if let (Some(first), false) = (subject.first(), vg.passive) {
                let head = vg.subject.filter(|_| pronoun.is_none()).map(|np| ctx.lower(ctx.nps[np].head));
                let one_person = |w: &str| lex.cue_word(Cue::RoleHead, w) || lex.cue_word(Cue::PersonNoun, w);
                let person = match first {
                    Arg::Entity(e) => linked.entities[*e].kind == EntityType::Person || head.is_some_and(one_person),
                    Arg::Concept(c) => one_person(c.rsplit(' ').next().unwrap_or("")),
                };
                if pronoun.is_none() {
                    memory.speaker_person = person;
                }
                memory.speaker = Some(first.clone());
                memory.speaker_sentence = ctx.range.start;
                memory.speaker_plural = vg.subject.is_some_and(|np| {
                    let h = ctx.nps[np].head;
                    ctx.pos(h) == Pos::Noun && ctx.lower(h).ends_with('s') && singular(ctx.lower(h)) != ctx.lower(h)
                });
            }
        }
        let object = vg.object.and_then(|np| np_arg(ctx, np, linked, memory, false));
        let relative = vg.relative_object.and_then(|np| np_arg(ctx, np, linked, memory, false));
        let pp =
            |name: &str| vg.pps.iter().filter(|(p, _)| ctx.lower(*p) == name).map(|(_, np)| *np).collect::<Vec<_>>();
        let pp_arg = |name: &str, linked: &mut Linked, memory: &Memory| {
            pp(name).first().and_then(|np| np_arg(ctx, *np, linked, memory, false))
        };
        let by =
            pp_arg("by", linked, memory).or_else(|| pp("by").first().and_then(|np| np_actor(ctx, *np, linked, memory)));
        let agents = if vg.passive { by.into_iter().collect::<Vec<_>>() } else { subject.clone() };
        for a in &agents {
            event.add(Role::Agent, Some(a.clone()));
        }
        let passive_subject = if vg.passive { subject.first().cloned() } else { None };
        match word.frame {
            Frame::Transfer => {
                let with = pp_arg("with", linked, memory);
                let object_is_party = matches!(&object, Some(Arg::Entity(e)) if !is_product(linked, *e));
                if object_is_party && with.is_some() {
                    event.add(Role::Recipient, object.clone());
                    event.add(Role::Theme, with);
                    event.rule = "verb-transfer-with";
                } else if object_is_party && vg.object2.is_some() {
                    event.add(Role::Recipient, object.clone());
                    event.add(Role::Theme, vg.object2.and_then(|np| np_arg(ctx, np, linked, memory, false)));
                    event.rule = "verb-ditransitive";
                } else if matches!(&object, Some(Arg::Entity(e)) if matches!(linked.entities[*e].kind, EntityType::Country | EntityType::Group))
                    && pp("to").is_empty()
                    && pp("into").is_empty()
                {
                    // "arming Ukraine", "Iran funded Hamas": a state or armed group given to is
                    // no goods, but the one that receives them
                    event.add(Role::Recipient, object.clone());
                    event.rule = "verb-transfer-party";
                } else {
                    event.add(Role::Theme, object.clone().or(passive_subject.clone()).or(relative.clone()));
                }
                event.add(Role::Recipient, pp_arg("to", linked, memory).or_else(|| pp_arg("into", linked, memory)));
            }
            Frame::Receive => {
                // "Russia bought drones from Iran": the buyer receives, the seller supplies;
                // "drones bought by Russia from Iran" alike
                event.agents_receive();
                // a party to take from makes it a transfer: "Chrysler acquired American Motors"
                // and "received a call" name no supplier
                let Some(from) = pp_arg("from", linked, memory).filter(|a| matches!(a, Arg::Entity(_))) else {
                    continue;
                };
                event.add(Role::Agent, Some(from));
                event.add(Role::Theme, object.clone().or(passive_subject.clone()).or(relative.clone()));
            }
            Frame::Dyadic => {
                // "mediated between the government and the rebels": both are the parties, and
                // every subject a mediator ("hosted talks between Israel and Hamas" leaves
                // them to the talks)
                let between = pp("between").first().copied().filter(|_| vg.object.is_none());
                if let Some(m) = between {
                    let second = ctx.nps[m].and_next;
                    for np in std::iter::once(m).chain(second) {
                        event.add(Role::Patient, np_actor(ctx, np, linked, memory));
                    }
                } else if !vg.passive
                    && subject.len() >= 2
                    && object.as_ref().is_none_or(|o| matches!(o, Arg::Concept(_)))
                {
                    event.roles.retain(|(r, _)| *r != Role::Agent);
                    event.add(Role::Agent, Some(subject[0].clone()));
                    for other in &subject[1..] {
                        event.add(Role::Patient, Some(other.clone()));
                    }
                    event.rule = "verb-coordinated-subject";
                } else {
                    // "met IMF officials": the partner is who they speak for, as a subject would be
                    let partner = pp_arg("with", linked, memory)
                        .or(object.clone().filter(|o| matches!(o, Arg::Entity(_))))
                        .or_else(|| {
                            vg.object
                                .and_then(|np| np_arg(ctx, np, linked, memory, true))
                                .filter(|o| matches!(o, Arg::Entity(_)))
                        });
                    // "fought the militants", "fought racism": where the lexicon says what a
                    // party of the class may be (roles.tsv), a thing fought is one, to be held
                    // to it
                    let constrained = lex.roles.iter().any(|r| r.class == word.class && r.role == "patient");
                    let partner = partner.or(object.clone().filter(|_| constrained && !vg.passive));
                    event.add(Role::Patient, partner);
                }
            }
            Frame::Act | Frame::Move => {
                let target = |np: Option<usize>, linked: &mut Linked| {
                    np.and_then(|np| patient_of(ctx, np, linked, memory, &word.class))
                };
                let mut patient = if vg.passive { target(vg.subject, linked) } else { target(vg.object, linked) };
                // "recalled its ambassador from Israel": an envoy withdrawn from a state
                let envoy = vg.object.is_some_and(|o| {
                    matches!(
                        ctx.lower(ctx.nps[o].head),
                        "ambassador" | "ambassadors" | "envoy" | "envoys" | "diplomats"
                    )
                });
                if envoy && !vg.passive {
                    if let Some(from) = pp_arg("from", linked, memory).filter(|a| matches!(a, Arg::Entity(_))) {
                        patient = Some(from);
                    }
                }
                event.add(Role::Patient, patient.or(relative.clone()));
                for prep in ["against", "on", "at", "inside", "into"] {
                    if !event.has(Role::Patient) {
                        event.add(Role::Patient, pp_arg(prep, linked, memory));
                    }
                }
                // "Japan protested to Beijing", "Iran complained to the UN": a named party
                if word.frame == Frame::Act && !event.has(Role::Patient) {
                    event.add(Role::Patient, pp_arg("to", linked, memory).filter(|a| matches!(a, Arg::Entity(_))));
                }
                // "with" a weapon or a means; a place or a party after "with" belongs to a
                // phrase before it ("near the border with Niger")
                let tool = pp_arg("with", linked, memory).filter(|a| match a {
                    Arg::Entity(e) => matches!(linked.entities[*e].kind, EntityType::Misc),
                    Arg::Concept(_) => true,
                });
                event.add(Role::Instrument, tool);
            }
            Frame::Use => {
                event.add(Role::Theme, object.clone().or(passive_subject.clone()).or(relative.clone()));
                event.add(Role::Patient, pp_arg("against", linked, memory).or_else(|| pp_arg("at", linked, memory)));
                // "deployed troops to Belarus": where they go is where it happens
                if !event.has(Role::Location) {
                    let to = pp_arg("to", linked, memory).filter(|a| match a {
                        Arg::Entity(e) => {
                            matches!(
                                linked.entities[*e].kind,
                                EntityType::Country | EntityType::Location | EntityType::City
                            )
                        }
                        Arg::Concept(_) => false,
                    });
                    event.add(Role::Location, to);
                }
            }
            Frame::Request | Frame::Intent => {
                if word.frame == Frame::Request {
                    event.add(Role::Patient, object.clone());
                } else if let Some(to) = pp_arg("to", linked, memory) {
                    // "pledged air defence systems to Ukraine": a promise of something to someone
                    event.add(Role::Theme, object.clone());
                    event.add(Role::Recipient, Some(to));
                } else if matches!(&object, Some(Arg::Entity(e)) if is_product(linked, *e)) {
                    // "Germany pledged an additional Patriot battery": a named weapon promised
                    event.add(Role::Theme, object.clone());
                }
                if phrasal {
                    let on = pp_arg("on", linked, memory).or_else(|| pp_arg("upon", linked, memory));
                    event.add(Role::Patient, on);
                    event.add(Role::Theme, pp_arg("for", linked, memory));
                }
            }
            Frame::Speech | Frame::Deny | Frame::Tell => {
                if word.frame == Frame::Tell {
                    event.add(Role::Recipient, object.clone());
                }
            }
            Frame::None => {}
        }
        // the first place named after "in", "inside", "across" or "from" is where it happened; a
        // later one locates that place ("from the Baikonur Cosmodrome in Kazakhstan")
        for (prep, np) in &vg.pps {
            let p = ctx.lower(*prep);
            if !matches!(p, "in" | "inside" | "across" | "from" | "over" | "near" | "outside" | "through") {
                continue;
            }
            // "supported Iraq over Iran": only a town or a place is where something happened
            // "over" ("marched through Tbilisi", not "flew through Moldova")
            let narrow = matches!(p, "over" | "near" | "outside" | "through");
            if let Some(Arg::Entity(e)) = np_arg(ctx, *np, linked, memory, false) {
                let kind = linked.entities[e].kind;
                let place = matches!(kind, EntityType::Location | EntityType::City)
                    || kind == EntityType::Country && p != "from" && !narrow;
                let already =
                    event.role(Role::Patient).chain(event.role(Role::Recipient)).any(|a| *a == Arg::Entity(e));
                if place && !already {
                    event.add(Role::Location, Some(Arg::Entity(e)));
                    break;
                }
            }
        }
        // what is struck, sent or handed over can change what the event is: "struck a deal",
        // "sent troops", "provided satellite images" (data/lexicon/objects.tsv)
        let object_head = vg.object.map(|o| ctx.lower(ctx.nps[o].head));
        let themes = event.role(Role::Theme).filter_map(|t| match t {
            Arg::Concept(c) => c.rsplit(' ').next(),
            _ => None,
        });
        let reading = object_head
            .into_iter()
            .chain(themes)
            .find_map(|head| lex.reading_by_object(&word.lemma, &event.class, head))
            .cloned();
        if let Some(reading) = reading {
            event.class = reading.class;
            event.rule = "verb-object-reading";
            reframe(&mut event, reading.frame);
            // "blocked exports of chips to China": what is stopped is the thing sent, and
            // where it was going the party
            if reading.frame == Frame::Transfer && word.frame == Frame::Act {
                for (role, arg) in &mut event.roles {
                    if *role == Role::Patient && matches!(arg, Arg::Concept(_)) {
                        *role = Role::Theme;
                    }
                }
                if !event.has(Role::Recipient) {
                    event.add(Role::Recipient, pp_arg("to", linked, memory));
                }
            }
        }
        event.confidence = confidence(&event, vg);
        // "Jordan and Britain agreed to hold exercises": a commitment made together, by a verb
        // of two parties, has them as agent and partner
        if commit.is_some() && lex.verbs.get(ctx.lower(vg.verb)).is_some_and(|w| w.frame == Frame::Dyadic) {
            reframe(&mut event, Frame::Dyadic);
        }
        let index = events.len();
        // "called on Iran to stop the deliveries": what the appeal asks for
        let on_then_to =
            vg.pps.iter().find(|(p, _)| phrasal && matches!(ctx.lower(*p), "on" | "upon")).and_then(|(_, m)| {
                let end = ctx.nps[*m].end;
                (end + 1 < ctx.range.end && ctx.lower(end) == "to" && ctx.pos(end + 1) == Pos::Verb).then_some(end)
            });
        if denies_named_charge(ctx, vg, word) {
            named_charges.push(index);
        }
        if let Some(comma) = denied_charge(ctx, vg, word) {
            let start = if ctx.is_quote(ctx.range.start) { ctx.range.start + 1 } else { ctx.range.start };
            spans.push((index, start..comma));
            charges.push((index, comma));
        } else if let Some(to) = on_then_to {
            spans.push((index, to..clause_end(ctx, to)));
        } else if let Some(k) = commit.filter(|k| *k != vg.verb) {
            // "is willing to withdraw": what follows the adjective
            spans.push((index, k + 1..clause_end(ctx, k + 1)));
        } else if let Some(span) = responsibility(ctx, vg, word) {
            spans.push((index, span));
            owned_acts.push(index);
        } else if matches!(word.frame, Frame::Speech | Frame::Tell | Frame::Deny | Frame::Request | Frame::Intent) {
            if let Some(span) = speech_span(ctx, vg) {
                spans.push((index, span));
            }
        } else if let Some(o) =
            vg.object.filter(|_| lemma_in(ctx.lex, ctx.lex.cue(Cue::GerundControl), ctx.lower(vg.verb)))
        {
            // "accused Russia of using missiles": what one is accused of is the accuser's claim
            let end = ctx.nps[o].end;
            if end + 1 < ctx.range.end && matches!(ctx.lower(end), "of" | "against") {
                spans.push((index, end + 1..clause_end(ctx, end + 1)));
            }
        }
        if let Some(np) = vg.subject.filter(|_| !vg.passive) {
            subject_heads.push((index, ctx.nps[np].head));
        }
        // "Russian missiles hit Kyiv", "Russian missiles were fired at Lviv": weapons of a
        // nationality strike for their state, and are what it struck with; "North Korean troops
        // were deployed to Kursk" by theirs
        if (violent(lex, &word.class) || word.class == "Deploy")
            && !event.role(Role::Agent).any(|a| matches!(a, Arg::Entity(_)))
        {
            let by = vg.pps.iter().find(|(p, _)| ctx.lower(*p) == "by").map(|(_, np)| *np);
            // an attack that hit is the attack (below), not a tool of it
            let wielded = if vg.passive { by.or(vg.subject) } else { vg.subject }
                .filter(|np| !lex.nouns.contains_key(ctx.lower(ctx.nps[*np].head)));
            if let Some((np, state)) = wielded.and_then(|np| Some((np, nationality(ctx, np, linked, memory)?))) {
                // the troops, not their state, are what was deployed
                for (role, arg) in &mut event.roles {
                    if *role == Role::Theme && *arg == Arg::Entity(state) {
                        if let Some(c) = concept(ctx, np) {
                            *arg = Arg::Concept(c);
                        }
                    }
                }
                let tools: Vec<Arg> = event.role(Role::Agent).cloned().collect();
                event.roles.retain(|(r, _)| *r != Role::Agent);
                event.roles.insert(0, (Role::Agent, Arg::Entity(state)));
                for tool in tools {
                    event.add(Role::Instrument, Some(tool));
                }
            }
        }
        events.push(event);
    }
    let verbs_end = events.len();
    nominal_events(ctx, s, &groups, linked, memory, events);
    // "a Russian attack killed two people": an event noun as subject lends the verb its agent,
    // and an attack that "hit Odesa" is one attack, told once
    for (v, head) in subject_heads {
        let noun = (verbs_end..events.len()).find(|&n| events[n].trigger == head);
        // "a dockers' strike hit Brazil", "sanctions hit Russia": only a blow strikes a blow
        let noun_class =
            noun.map(|n| events[n].class.as_str()).or(lex.nouns.get(ctx.lower(head)).map(|w| w.class.as_str()));
        if violent(lex, &events[v].class) && noun_class.is_some_and(|c| !violent(lex, c)) {
            events[v].roles.clear();
            continue;
        }
        let Some(n) = noun else { continue };
        // "air strikes killed 12 militants": the strikes are the means, not a party; the agent
        // is whoever struck, named or not (elsewhere an event noun as subject keeps the event
        // from standing: "the agreement helped it" is no one's help)
        if violent(lex, &events[v].class) {
            events[v].roles.retain(|(r, a)| *r != Role::Agent || matches!(a, Arg::Entity(_)));
        }
        let agents: Vec<Arg> = events[n].role(Role::Agent).filter(|a| matches!(a, Arg::Entity(_))).cloned().collect();
        if agents.is_empty() || events[v].role(Role::Agent).any(|a| matches!(a, Arg::Entity(_))) {
            continue;
        }
        let others = std::mem::take(&mut events[v].roles).into_iter().filter(|(r, _)| *r != Role::Agent);
        events[v].roles = agents.into_iter().map(|a| (Role::Agent, a)).chain(others).collect();
        if events[v].class == events[n].class {
            for (role, arg) in std::mem::take(&mut events[n].roles) {
                events[v].add(role, Some(arg));
            }
        }
    }
    // "Israel will not release prisoners": a refusal, as "refused to release" is
    coding::future_refusals(ctx, &groups, events, first, &mut spans);
    // what the charge says ends where its denial begins
    for (denial, comma) in &charges {
        for (e, span) in &mut spans {
            if e != denial && span.contains(comma) {
                span.end = *comma;
            }
        }
    }
    // "no evidence that Iran had transferred missiles", "no sign that": what the clause says
    // is not so, as far as the sentence goes
    for np in &ctx.nps {
        let that = np.end;
        let doubted = np.negative
            && that + 1 < ctx.range.end
            && ctx.lower(that) == "that"
            && matches!(ctx.lower(np.head), "evidence" | "indication" | "indications" | "sign" | "signs" | "proof");
        if doubted {
            let clause = that + 1..clause_end(ctx, that + 1);
            for e in &mut events[first..] {
                if clause.contains(&e.trigger) {
                    e.negated = !e.negated;
                }
            }
        }
    }
    according_to(ctx, s, &spans, linked, memory, events, first);
    let denials: Vec<usize> = charges.iter().map(|(d, _)| *d).collect();
    assign_content(ctx, (&spans, &denials), linked, events, first);
    for denial in named_charges {
        deny_earlier_charge(lex, events, denial);
    }
    for claim in owned_acts {
        let speaker = events[claim].role(Role::Agent).next().cloned();
        for c in events[claim].content.clone() {
            if !events[c].has(Role::Agent) {
                events[c].add(Role::Agent, speaker.clone());
                events[c].rule = "claimed-responsibility";
            }
        }
    }
    // "the two countries": the last coordinated pair
    if let Some((a, b)) = memory.pair {
        let two = (ctx.range.start..ctx.range.end.saturating_sub(2))
            .any(|i| ctx.lower(i) == "two" && ctx.lower(i + 1) == "countries");
        if two {
            for e in &mut events[first..] {
                if e.role(Role::Agent).next().is_none() && lex.class(&e.class).is_some() {
                    e.add(Role::Agent, Some(Arg::Entity(a)));
                    e.add(Role::Patient, Some(Arg::Entity(b)));
                    e.rule = "coref-two-countries";
                }
            }
        }
    }
    // what may fill each role (data/lexicon/roles.tsv): "hit its target" is no attack
    let fitting: Vec<bool> = events[first..].iter_mut().map(|e| roles::constrain(lex, linked, e)).collect();
    // an event with no participant says nothing a graph can hold
    let claimed_by_named: Vec<usize> = events[first..]
        .iter()
        .filter(|e| e.role(Role::Agent).any(|a| matches!(a, Arg::Entity(_))))
        .flat_map(|e| e.content.iter().copied())
        .collect();
    let mut keep = vec![true; events.len() - first];
    for (k, e) in events[first..].iter().enumerate() {
        // a named place is enough: "soldiers assaulted protesters in Tbilisi"
        let named = e.roles.iter().any(|(_, a)| matches!(a, Arg::Entity(_)));
        let statement = !e.content.is_empty();
        // "a vote sought by Chirac": an intent verb says nothing without what is intended
        let empty_intent = lex.verbs.get(ctx.lower(e.trigger)).is_some_and(|w| w.frame == Frame::Intent)
            && !e.has(Role::Recipient)
            && !e.role(Role::Theme).any(|t| matches!(t, Arg::Entity(_)))
            && !spans.iter().any(|(i, span)| *i == first + k && !span.is_empty());
        // aid and concessions are given by someone: "lower prices helped exports", "the yen
        // eased" name no actor
        let actorless = matches!(cameo(lex, &e.class), Some("07" | "08"))
            && e.has(Role::Agent)
            && e.role(Role::Agent).all(|a| !is_actor(lex, a));
        // "Police arrested more than 2,000 protesters", "the opposition rejected the result":
        // an actor pressing, opposing or striking someone is news even where no name is given.
        // Giving way needs a body of the state or group ("a court freed two prisoners", "the
        // government eased restrictions"). The other kinder roots need a name: unnamed
        // sellers, approving committees and supporting ministers are business and domestic
        // news ("the treasury would offer bills", "parliament approved subsidies"), not events
        // between actors.
        let code = cameo(lex, &e.class);
        let acted = e.role(Role::Agent).any(|a| match code {
            Some(c) if c >= "09" => is_actor(lex, a),
            Some("08") => is_body(lex, a),
            _ => false,
        }) && [Role::Patient, Role::Theme, Role::Recipient].into_iter().any(|r| e.has(r));
        // "At least 30 civilians were killed, according to Ukrainian officials": killing and
        // assault that a named speaker reports is their claim, though the sentence names no
        // one in it (not the attacks of business copy: "exports were hit", "fires destroyed
        // forest", "products targeted at companies")
        let violence = matches!(cameo(lex, &e.class), Some("18" | "20"));
        let reported = violence && !e.roles.is_empty() && claimed_by_named.contains(&(first + k));
        // "declined to give details", "declined to discuss the offer": refusing to speak is no
        // rejection of anything (CAMEO codes it 011, a comment). A refusal is one where what is
        // refused has a code and is between parties: aimed at one ("refused to send troops to
        // Angola"), or giving way or working together ("refused to withdraw its troops").
        let no_comment = e.rule == "refusal" && !e.content.iter().any(|c| coding::refusable(lex, &events[*c]));
        keep[k] = (named || statement || acted || reported) && !empty_intent && !actorless && !no_comment && fitting[k];
    }
    compact(events, first, &keep);
}

/// Common nouns that end like a doer ("-er", "-or", "-ist") and are none.
const NOT_DOERS: &[&str] = &[
    "border", "center", "chapter", "computer", "corridor", "dollar", "factor", "floor", "list", "matter", "number",
    "offer", "order", "other", "paper", "power", "quarter", "register", "sector", "summer", "water", "winter",
];

/// Whether an argument can act: a name, or a common noun for a body, an office or people who
/// act together ("the police", "the opposition", "protesters", "gunmen").
fn is_actor(lex: &Lexicon, arg: &Arg) -> bool {
    match arg {
        Arg::Entity(_) => true,
        Arg::Concept(c) => {
            // concepts are singular, the group heads as news writes them ("militants")
            let head = c.rsplit(' ').next().unwrap_or("");
            let plural = format!("{head}s");
            lex.cue_word(Cue::GroupHead, head)
                || lex.cue_word(Cue::GroupHead, &plural)
                || lex.cue_word(Cue::ActorNoun, head)
                || lex.cue_word(Cue::RoleHead, head)
                || lex.cue_word(Cue::PersonNoun, head)
                || lex.cue_noun(Cue::People, head)
                || roles::person_like(head)
                || ["er", "or", "ist"].iter().any(|end| head.ends_with(end)) && !NOT_DOERS.contains(&head)
        }
    }
}

/// Whether an argument is a name, a body of a state or group ("the court", "authorities",
/// "rebels") or one office holder ("the minister"): actors whose acts are political, not
/// business. Officials and sources, who mostly speak for others, are not bodies here.
fn is_body(lex: &Lexicon, arg: &Arg) -> bool {
    match arg {
        Arg::Entity(_) => true,
        Arg::Concept(c) => {
            let head = c.rsplit(' ').next().unwrap_or("");
            // concepts are singular ("officials" is "official")
            !lex.cue_word(Cue::PersonNoun, head)
                && (lex.cue_word(Cue::GroupHead, head)
                    || lex.cue_word(Cue::GroupHead, &format!("{head}s"))
                    || lex.cue_word(Cue::RoleHead, head))
        }
    }
}

/// Removes events of this sentence that `keep` drops, fixing content indexes.
fn compact(events: &mut Vec<Event>, first: usize, keep: &[bool]) {
    if keep.iter().all(|k| *k) {
        return;
    }
    let mut new_index = vec![None; keep.len()];
    let mut next = first;
    for (k, kept) in keep.iter().enumerate() {
        if *kept {
            new_index[k] = Some(next);
            next += 1;
        }
    }
    let mut k = 0;
    events.retain(|_| {
        let kept = k < first || keep[k - first];
        k += 1;
        kept
    });
    for e in &mut events[first..] {
        e.content =
            e.content.iter().filter_map(|c| if *c >= first { new_index[c - first] } else { Some(*c) }).collect();
    }
}

fn new_event(word: &EventWord, sentence: usize, trigger: usize, rule: &'static str) -> Event {
    Event {
        class: word.class.clone(),
        sentence,
        trigger,
        roles: Vec::new(),
        negated: false,
        modality: Modality::Asserted,
        time: None,
        content: Vec::new(),
        claimed_by: None,
        reported_by: Vec::new(),
        quote: None,
        rule,
        confidence: 0.5,
        code: None,
        speaker_agent: false,
    }
}

fn confidence(event: &Event, vg: &Vg) -> f32 {
    let mut c: f32 = match vg.rule {
        "verb-active" => 0.8,
        "verb-passive" | "verb-transfer-with" | "verb-ditransitive" => 0.75,
        _ => 0.7,
    };
    if event.roles.iter().any(|(r, a)| *r == Role::Agent && matches!(a, Arg::Concept(_))) {
        c -= 0.1;
    }
    if !event.has(Role::Agent) {
        c -= 0.2;
    }
    (c * 100.0).round() / 100.0
}

fn is_product(linked: &Linked, e: usize) -> bool {
    matches!(linked.entities[e].kind, EntityType::Product | EntityType::Weapon | EntityType::Vehicle)
}

fn subject_args(ctx: &Ctx<'_>, vg: &Vg, linked: &mut Linked, memory: &Memory) -> Vec<Arg> {
    if let Some(inherited) = &vg.inherited {
        if vg.subject.is_none() {
            return inherited.clone();
        }
    }
    let Some(np) = vg.subject else {
        // "said Ryabkov": a name right after a speech verb, ending the clause ("said Iran had
        // supplied drones" is what was said, not who said it)
        if vg.verb + 1 < ctx.range.end {
            if let Some(np) = ctx.np(vg.verb + 1) {
                let end = ctx.nps[np].end;
                let closes = end >= ctx.range.end || matches!(ctx.pos(end), Pos::Punct) || ctx.is_quote(end);
                if closes && linked.mention_at[ctx.nps[np].head].is_some() {
                    return np_actor(ctx, np, linked, memory).into_iter().collect();
                }
            }
        }
        return Vec::new();
    };
    let mut out: Vec<Arg> = np_actor(ctx, np, linked, memory).into_iter().collect();
    let mut next = ctx.nps[np].and_next;
    while let Some(n) = next {
        out.extend(np_actor(ctx, n, linked, memory));
        next = ctx.nps[n].and_next;
    }
    // "Iran and Russia", "the US, Russia, and Switzerland": earlier phrases joined to this one
    let mut current = np;
    while let Some(prev) = ctx.nps[current].and_prev {
        if let Some(a) = np_actor(ctx, prev, linked, memory) {
            out.insert(0, a);
        }
        current = prev;
    }
    out
}

/// The actor a phrase names: an entity, the state a group or metonym stands for, or a concept.
fn np_actor(ctx: &Ctx<'_>, np: usize, linked: &mut Linked, memory: &Memory) -> Option<Arg> {
    let arg = np_arg(ctx, np, linked, memory, true)?;
    if let Arg::Entity(e) = arg {
        if let Some(state) = linked.entities[e].stands_for {
            return Some(Arg::Entity(linked.country_entity(ctx.lex, state)));
        }
    }
    Some(arg)
}

/// What a phrase refers to. `actor` prefers the state behind group nouns ("US officials").
fn np_arg(ctx: &Ctx<'_>, np: usize, linked: &mut Linked, memory: &Memory, actor: bool) -> Option<Arg> {
    let p = &ctx.nps[np];
    let head = p.head;
    let head_lower = ctx.lower(head);
    if ctx.pos(head) == Pos::Pron {
        // "the rebels said they would attack the city", "the coalition said it struck": the
        // speaker of this sentence named by a common noun, when the pronoun's number fits
        let here = memory.speaker_sentence == ctx.range.start;
        let own = memory.speaker.clone().filter(|speaker| {
            here && match head_lower {
                "they" | "them" => memory.speaker_plural,
                "it" => matches!(speaker, Arg::Concept(_)) && !memory.speaker_plural && !memory.speaker_person,
                _ => false,
            }
        });
        return pronoun(ctx, head, linked, memory).map(Arg::Entity).or(own);
    }
    if let Some(m) = linked.mention_at[head] {
        let named = linked.mentions[m].entity;
        // "Iran's Foreign Ministry", "the Iranian Defence Ministry": a body named by its office
        // acts for the state before it, as "Iran's foreign ministry" does
        let office = actor
            && linked.entities[named].kind == EntityType::Organization
            && ctx.lex.cue_word(Cue::GroupHead, head_lower);
        if !office {
            return Some(Arg::Entity(named));
        }
        let start = linked.mentions[m].tokens.start;
        let state = possessor_entity(ctx, np, linked, memory)
            .or_else(|| (p.start..start).rev().find_map(|i| linked.mention_at[i].map(|k| linked.mentions[k].entity)))
            .filter(|e| linked.entities[*e].kind == EntityType::Country);
        return Some(Arg::Entity(state.unwrap_or(named)));
    }
    // a named product among the modifiers: "Shahed drones", "Khayyam Earth observation satellite"
    for i in p.start..p.end {
        if let Some(m) = linked.mention_at[i] {
            let e = linked.mentions[m].entity;
            if is_product(linked, e) {
                return Some(Arg::Entity(e));
            }
        }
    }
    // "the city of Kharkiv", "the port of Hodeidah": the place the phrase names after "of"
    if ctx.lex.cue_word(Cue::PlaceHead, head_lower) {
        if let Some(place) = named_place_after_of(ctx, np, linked) {
            return Some(Arg::Entity(place));
        }
    }
    let group = ctx.lex.cue_word(Cue::GroupHead, head_lower);
    let role = ctx.lex.cue_word(Cue::RoleHead, head_lower);
    if actor && (group || role) || head_lower == "country" {
        let owner = possessor_entity(ctx, np, linked, memory)
            .or_else(|| (p.start..head).rev().find_map(|i| linked.mention_at[i].map(|m| linked.mentions[m].entity)))
            // "inspectors of the IAEA", "troops from Chad"
            .or_else(|| {
                let after = p.end;
                let of = after + 1 < ctx.range.end && matches!(ctx.lower(after), "of" | "from");
                let q = if of { ctx.np(after + 1).filter(|q| ctx.nps[*q].start == after + 1) } else { None };
                q.and_then(|q| linked.mention_at[ctx.nps[q].head]).map(|m| linked.mentions[m].entity)
            });
        if let Some(owner) = owner {
            if role {
                // "Tehran's top diplomat": the person of that state last named
                let state = linked.entities[owner].country_index.or(linked.entities[owner].country);
                if let Some(person) = memory.recent.iter().rev().find(|e| {
                    let x = &linked.entities[**e];
                    x.kind == EntityType::Person && x.country.is_some() && x.country == state
                }) {
                    return Some(Arg::Entity(*person));
                }
            }
            if head_lower == "country" && linked.entities[owner].kind == EntityType::Person {
                if let Some(c) = linked.entities[owner].country {
                    return Some(Arg::Entity(linked.country_entity(ctx.lex, c)));
                }
            }
            return Some(Arg::Entity(owner));
        }
        // "the minister", "the president": the person last named with that title; "the army",
        // "the government", "the commerce ministry": a state of the story ([`described_state`])
        let unnamed = (p.start + 1..p.head).all(|k| linked.mention_at[k].is_none());
        if ctx.lower(p.start) == "the" && (p.head == p.start + 1 || !role && unnamed) {
            if role && p.head == p.start + 1 {
                let titled = memory.recent.iter().rev().find(|e| {
                    let x = &linked.entities[**e];
                    x.kind == EntityType::Person
                        && x.title.as_deref().is_some_and(|t| t.to_lowercase().split(' ').any(|w| w == head_lower))
                });
                if let Some(person) = titled {
                    return Some(Arg::Entity(*person));
                }
            } else if let Some(state) = described_state(ctx, p.start, head_lower, linked, memory) {
                return Some(Arg::Entity(state));
            }
        }
    }
    concept(ctx, np).map(Arg::Concept)
}

/// The place named in the phrase right after "of" that follows phrase `np`, as in "the town
/// of Adigrat" or "the capital of Gezira state".
fn named_place_after_of(ctx: &Ctx<'_>, np: usize, linked: &Linked) -> Option<usize> {
    let after = ctx.nps[np].end;
    if after + 1 >= ctx.range.end || ctx.lower(after) != "of" {
        return None;
    }
    let q = ctx.np(after + 1).filter(|q| ctx.nps[*q].start == after + 1)?;
    let named = &ctx.nps[q];
    let place = (named.start..named.end).find_map(|k| linked.mention_at[k]).map(|m| linked.mentions[m].entity)?;
    matches!(linked.entities[place].kind, EntityType::Location | EntityType::City | EntityType::Country)
        .then_some(place)
}

/// What an action is done to: a phrase's referent, where "a Russian diplomat" or "Israeli
/// troops" stand for their state and "a Hamas command post" for its owner.
fn patient_of(ctx: &Ctx<'_>, np: usize, linked: &mut Linked, memory: &Memory, class: &str) -> Option<Arg> {
    let arg = np_arg(ctx, np, linked, memory, false)?;
    if matches!(arg, Arg::Entity(_)) {
        return Some(arg);
    }
    // "sanctions on Iranian oil", "sanctioned Russian banks": what is sanctioned stands for
    // its state, as CAMEO codes the target of reduced relations (16 and its codes, as 163
    // sanctions); elsewhere "two French
    // tourists" stay tourists (soldiers and diplomats stand for their state in any event,
    // through np_arg)
    if cameo(ctx.lex, class).is_some_and(|c| c.starts_with("16")) {
        if let Some(state) = nationality(ctx, np, linked, memory) {
            return Some(Arg::Entity(state));
        }
    }
    let p = &ctx.nps[np];
    let head = ctx.lower(p.head);
    let group = ctx.lex.cue_word(Cue::GroupHead, head) || ctx.lex.cue_word(Cue::RoleHead, head);
    // "summoned Russia's ambassador", "approved Sweden's NATO membership bid": a state named as
    // the owner is what is acted on, as CAMEO codes states ("withdrew its troops" leaves them
    // the state's own; "the EU's aid package" stays a package)
    if matches!(p.possessor, Some(Possessor::Np(_))) {
        if let Some(owner) = possessor_entity(ctx, np, linked, memory) {
            if linked.entities[owner].kind == EntityType::Country {
                return Some(Arg::Entity(owner));
            }
        }
    }
    for i in (p.start..p.head).rev() {
        let Some(m) = linked.mention_at[i] else { continue };
        let e = linked.mentions[m].entity;
        let owner = matches!(linked.entities[e].kind, EntityType::Organization | EntityType::Group);
        if !is_product(linked, e) && (group || owner) {
            let state = linked.entities[e].stands_for;
            return Some(Arg::Entity(state.map_or(e, |c| linked.country_entity(ctx.lex, c))));
        }
    }
    Some(arg)
}

/// Whether an event class is a blow: assault, fight or mass violence (CAMEO 18 to 20).
fn violent(lex: &Lexicon, class: &str) -> bool {
    matches!(cameo(lex, class), Some("18" | "19" | "20"))
}

/// The state "the army", "the military" or "the government" stands for ([`state_head`]), when
/// named at token `at`: for the armed forces, the state that last used force in the story
/// ("Israeli strikes killed 12 people in Gaza … The army said"), whoever was named after it;
/// else, and for the government, the state of the subject of the clause it reports ("Russian
/// forces captured the village, the defence ministry said"), the dateline's state, or else
/// the state last named.
fn described_state(ctx: &Ctx<'_>, at: usize, head: &str, linked: &Linked, memory: &Memory) -> Option<usize> {
    if !state_head(ctx.lex, head) {
        return None;
    }
    // "…, the defence ministry said" after a clause whose subject names a state
    let in_sentence = || {
        let after_clause = at > ctx.range.start && ctx.word(at - 1) == ",";
        let first_verb = (ctx.range.start..at).find(|&k| ctx.pos(k) == Pos::Verb)?;
        after_clause
            .then(|| {
                (ctx.range.start..first_verb).find_map(|k| {
                    let e = linked.mentions[linked.mention_at[k]?].entity;
                    (linked.entities[e].kind == EntityType::Country).then_some(e)
                })
            })
            .flatten()
    };
    ctx.lex
        .cue_word(Cue::ForceHead, head)
        .then_some(memory.force)
        .flatten()
        .or_else(in_sentence)
        .or(memory.home)
        .or_else(|| memory.recent.iter().rev().copied().find(|e| linked.entities[*e].kind == EntityType::Country))
}

/// The CAMEO root of an event class, where CAMEO has one.
fn cameo<'l>(lex: &'l Lexicon, class: &str) -> Option<&'l str> {
    lex.class(class).and_then(|c| c.cameo.as_deref())
}

/// The state a phrase's nationality word or country name stands for: "Russian missiles",
/// "Iran's drones" are not themselves actors.
fn nationality(ctx: &Ctx<'_>, np: usize, linked: &mut Linked, memory: &Memory) -> Option<usize> {
    let p = &ctx.nps[np];
    let state = |e: usize, linked: &Linked| (linked.entities[e].kind == EntityType::Country).then_some(e);
    let modifier = (p.start..p.head).find_map(|i| state(linked.mentions[linked.mention_at[i]?].entity, linked));
    modifier.or_else(|| possessor_entity(ctx, np, linked, memory).and_then(|e| state(e, linked)))
}

fn possessor_entity(ctx: &Ctx<'_>, np: usize, linked: &mut Linked, memory: &Memory) -> Option<usize> {
    match ctx.nps[np].possessor.clone()? {
        Possessor::Np(q) => match np_arg(ctx, q, linked, memory, true)? {
            Arg::Entity(e) => Some(e),
            Arg::Concept(_) => None,
        },
        Possessor::Pronoun(t) => pronoun(ctx, t, linked, memory),
    }
}

/// Resolves a pronoun to the entity it most likely means: the latest entity of a fitting kind,
/// in this sentence before it or in earlier ones.
fn pronoun(ctx: &Ctx<'_>, token: usize, linked: &mut Linked, memory: &Memory) -> Option<usize> {
    let w = ctx.lower(token);
    let before_here: Vec<usize> = linked
        .mentions
        .iter()
        .filter(|m| ctx.range.contains(&m.tokens.start) && m.tokens.end <= token)
        .map(|m| m.entity)
        .collect();
    let person = |e: &usize| linked.entities[*e].kind == EntityType::Person;
    let actor = |e: &usize| {
        matches!(
            linked.entities[*e].kind,
            EntityType::Country | EntityType::Organization | EntityType::Group | EntityType::City
        ) && linked.mentions.iter().any(|m| m.entity == *e && m.conll != "MISC")
    };
    // "the Houthis said they would attack ships": a group named in the sentence before it
    let group = |e: &usize| linked.entities[*e].kind == EntityType::Group;
    let plural = matches!(w, "they" | "their" | "them");
    let fits = |e: &usize| match w {
        "he" | "she" | "his" | "her" | "him" => person(e),
        "it" | "its" => actor(e),
        _ => plural && group(e),
    };
    // "the army said it had struck …": a state's description that opens the sentence (not
    // "policies followed by the government, it said")
    let described = || {
        let p = ctx.nps.iter().find(|p| p.start >= ctx.range.start)?;
        let the = p.end <= token && ctx.lower(p.start) == "the" && p.head == p.start + 1;
        (the && matches!(w, "it" | "its"))
            .then(|| described_state(ctx, p.start, ctx.lower(p.head), linked, memory))
            .flatten()
    };
    // "Hungary's foreign minister met his Russian counterpart": a person this sentence
    // describes without a name comes before any person of earlier sentences
    let singular_person = matches!(w, "he" | "she" | "his" | "her" | "him");
    let described_person = singular_person
        && ctx.nps.iter().any(|p| {
            p.start >= ctx.range.start
                && p.end <= token
                && linked.mention_at[p.head].is_none()
                && ctx.lex.cue_word(Cue::RoleHead, ctx.lower(p.head))
        });
    // the sentence's first fitting entity (its topic, usually the subject), else the latest
    // one of earlier sentences
    let found =
        before_here.iter().copied().find(|e| fits(e)).or_else(described).or_else(|| {
            memory.recent.iter().rev().copied().find(|e| fits(e)).filter(|_| !plural && !described_person)
        })?;
    // a capital standing as a place is still its state when it acts
    if linked.entities[found].kind == EntityType::City {
        if let Some(c) = linked.entities[found].country {
            return Some(linked.country_entity(ctx.lex, c));
        }
    }
    Some(found)
}

/// The concept a phrase names: its head noun and the nouns before it, singular, lower case.
fn concept(ctx: &Ctx<'_>, np: usize) -> Option<String> {
    let p = &ctx.nps[np];
    let head = p.head;
    if !matches!(ctx.pos(head), Pos::Noun | Pos::Propn) || ctx.lex.words.contains_key(ctx.lower(head)) {
        return None;
    }
    // a sum of money is named by its amount: "$14 billion"
    if head > p.start && ctx.word(head - 1).starts_with(['$', '€', '£', '¥']) {
        return Some(format!("{} {}", ctx.word(head - 1), ctx.lower(head)));
    }
    let mut words = vec![singular(ctx.lower(head))];
    let mut i = head;
    while i > p.start {
        i -= 1;
        let w = ctx.lower(i);
        let adjectival =
            ["ed", "al", "ian", "ive", "ous", "ful", "ic", "ary", "ern", "ing", "made"].iter().any(|s| w.ends_with(s));
        if ctx.pos(i) != Pos::Noun
            || adjectival
            || ctx.lex.cue_noun(Cue::Quantity, w)
            || i + 1 < head && words.len() >= 2
        {
            break;
        }
        words.insert(0, w.to_owned());
    }
    let label = words.join(" ");
    (label.chars().any(char::is_alphabetic)).then_some(label)
}

fn singular(word: &str) -> String {
    if word.ends_with("ies") && word.len() > 4 {
        format!("{}y", &word[..word.len() - 3])
    } else if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && word.len() > 3 {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// The tokens a speech, request or intent verb reports: the clause after it, or the quote or
/// clause before ", X said".
fn speech_span(ctx: &Ctx<'_>, vg: &Vg) -> Option<Range<usize>> {
    let r = ctx.range.clone();
    if vg.complement.as_ref().is_some_and(|c| !c.is_empty()) {
        return vg.complement.clone();
    }
    let after = vg.verb + 1 < r.end && ctx.np(vg.verb + 1).is_some();
    if vg.subject.is_none() && !after {
        return None;
    }
    // content before: "“…,” Ryabkov said", "…, Ryabkov said", "…, said Ryabkov"
    let subject_start = vg.subject.map_or(vg.chain_start, |np| ctx.nps[np].start.min(vg.chain_start));
    let mut b = subject_start;
    // a title or nationality before the name belongs to the subject ("…, Russian Deputy Foreign
    // Minister Sergei Ryabkov said")
    while b > r.start && !matches!(ctx.word(b - 1), "," | "”" | "\"" | ":") && b + 8 > subject_start {
        if matches!(ctx.pos(b - 1), Pos::Verb | Pos::Aux | Pos::Modal | Pos::Sconj | Pos::Rel) {
            break;
        }
        b -= 1;
    }
    if b > r.start + 1 && matches!(ctx.word(b - 1), "," | "”" | "\"") {
        let mut end = b - 1;
        while end > r.start && matches!(ctx.word(end - 1), "," | "”" | "\"") {
            end -= 1;
        }
        let start = if ctx.is_quote(r.start) { r.start + 1 } else { r.start };
        if end > start {
            return Some(start..end);
        }
    }
    vg.complement.clone()
}

/// Events named by nouns: "Russia's military cooperation with Iran", "accusations by Washington".
fn nominal_events(
    ctx: &Ctx<'_>,
    s: usize,
    groups: &[Vg],
    linked: &mut Linked,
    memory: &Memory,
    events: &mut Vec<Event>,
) {
    // for each phrase, the first verb group that governs it (object or prepositional phrase,
    // with the preposition) and the first it is the subject of: one pass, so the noun rules
    // below stay linear in the sentence's length
    let mut governor_of: Vec<Option<(usize, Option<usize>)>> = vec![None; ctx.nps.len()];
    let mut subject_of: Vec<Option<usize>> = vec![None; ctx.nps.len()];
    for (k, g) in groups.iter().enumerate() {
        for (np, prep) in
            g.object.into_iter().chain(g.object2).map(|o| (o, None)).chain(g.pps.iter().map(|(p, m)| (*m, Some(*p))))
        {
            governor_of[np].get_or_insert((k, prep));
        }
        if let Some(np) = g.subject {
            subject_of[np].get_or_insert(k);
        }
    }
    for (n, np) in ctx.nps.iter().enumerate() {
        for i in np.start..np.end {
            if linked.mention_at[i].is_some() || ctx.pos(i) != Pos::Noun {
                continue;
            }
            // a noun that modifies another names no event: "trade sanctions", "attack submarines";
            // a conjunct does ("delivery and/or purchase of drones")
            let conjunct = i + 1 < np.end && matches!(ctx.lower(i + 1), "and" | "or" | "and/or" | "/");
            if i != np.head && !conjunct {
                continue;
            }
            let Some(word) = ctx.lex.nouns.get(ctx.lower(i)) else { continue };
            let governor = governor_of[n].map(|(k, _)| &groups[k]);
            let governing_prep = governor_of[n].and_then(|(_, p)| p);
            // the object of a verb of the same class is that verb's event ("bolstered their
            // cooperation"), unless the noun names its own parties ("hosted talks between …");
            // "hosted talks with Iran" names the host's partner, which the verb takes itself
            let own_parties = np.end < ctx.range.end && ctx.lower(np.end) == "between";
            let same_kind = |verb: &EventWord| {
                verb.class == word.class || {
                    let root = cameo(ctx.lex, &verb.class);
                    root.is_some() && root == cameo(ctx.lex, &word.class)
                }
            };
            // "gave Israel $14 billion in military aid": the aid is the giving
            let restated = governor.is_some_and(|g| {
                (g.object == Some(n) || governing_prep.is_some_and(|p| ctx.lower(p) == "in"))
                    && ctx.lex.verbs.get(ctx.lower(g.verb)).is_some_and(same_kind)
            });
            if !own_parties && restated {
                continue;
            }
            let mut event = new_event(word, s, i, "noun-possessor");
            // "a national strike by dockers" is a protest (CAMEO 14); "an air strike on Gaza" an attack
            if matches!(ctx.lower(i), "strike" | "strikes") && ctx.lex.class("Protest").is_some() {
                // "Israeli strikes", "U.S. strikes": a state's strike is a blow, while "the British
                // seamen's strike" is its seamen's protest
                let by_state = (np.start..i).any(|k| {
                    linked.mention_at[k]
                        .is_some_and(|m| linked.entities[linked.mentions[m].entity].kind == EntityType::Country)
                }) && !(np.start..i).any(|k| matches!(ctx.lower(k), "'s" | "'"));
                // "the strikes killed 12 militants": strikes that kill are blows, though a
                // strike may "hit" a country without one (CAMEO 18 and 20, not 19)
                let deal_blows = subject_of[n].map(|k| &groups[k]).is_some_and(|g| {
                    !g.passive
                        && ctx
                            .lex
                            .verbs
                            .get(ctx.lower(g.verb))
                            .is_some_and(|v| matches!(cameo(ctx.lex, &v.class), Some("18" | "20")))
                });
                let military = (np.start..i).any(|k| ctx.lex.cue_noun(Cue::MilitaryModifier, ctx.lower(k)))
                    || by_state
                    || deal_blows
                    || np.end < ctx.range.end && ctx.lower(np.end) == "on";
                if !military {
                    event.class = "Protest".into();
                }
            }
            // "a chemical attack", "a gas attack": mass violence (CAMEO 20)
            if event.class == "Attack"
                && (np.start..i).any(|k| matches!(ctx.lower(k), "chemical" | "gas" | "nerve-agent" | "nuclear"))
                && ctx.lex.class("MassViolence").is_some()
            {
                event.class = "MassViolence".into();
            }
            event.confidence = 0.6;
            // an agentless noun that is itself the subject of what is said takes the speaker's
            // side ("cooperation with Iran will continue"); one governed by a verb does not
            // only for parties to a two-sided relation: "sales of corn to the USSR, it said" says
            // nothing of who sold
            event.speaker_agent = word.frame == Frame::Dyadic
                && governor.is_none_or(|g| ctx.lex.verbs.get(ctx.lower(g.verb)).is_none_or(|v| !v.is_event()));
            let possessor = possessor_entity(ctx, n, linked, memory).map(Arg::Entity);
            // "Iranian cooperation", "US sanctions", "an Iranian missile attack": a state named
            // before the noun; an organisation only right before it ("a Hamas attack", not "a
            // Socialist International committee meeting"); a place is where it happened ("a Gulf
            // attack")
            let mut direct = true;
            let mut place = None;
            let modifier = (np.start..i).rev().find_map(|k| {
                let entity =
                    linked.mention_at[k].map(|m| linked.mentions[m].entity).filter(|e| !is_product(linked, *e));
                if let Some(e) = entity {
                    let kind = linked.entities[e].kind;
                    if matches!(kind, EntityType::Location | EntityType::City) {
                        place.get_or_insert(e);
                        return None;
                    }
                    let actor = matches!(kind, EntityType::Country)
                        || direct && matches!(kind, EntityType::Organization | EntityType::Group | EntityType::Person);
                    return actor.then_some(Arg::Entity(e));
                }
                if ctx.pos(k) == Pos::Noun {
                    direct = false;
                }
                None
            });
            // prepositional phrases after the noun
            let mut pps: Vec<(usize, usize)> = Vec::new();
            let mut q = np.end;
            while q + 1 < ctx.range.end && ctx.pos(q) == Pos::Adp && pps.len() < 4 {
                match ctx.np(q + 1) {
                    Some(m) if ctx.nps[m].start == q + 1 => {
                        pps.push((q, m));
                        q = ctx.nps[m].end;
                    }
                    _ => break,
                }
            }
            // "delivery and/or purchase of drones by the ministry": the buyer is the last conjunct's
            let by = pps
                .iter()
                .find(|(p, _)| ctx.lower(*p) == "by" && !conjunct)
                .and_then(|(_, m)| np_actor(ctx, *m, linked, memory));
            // the object of a light verb: "imposed sanctions on", "held talks with"
            let light = governor.filter(|g| {
                g.object == Some(n) && !g.passive && lemma_in(ctx.lex, ctx.lex.cue(Cue::Light), ctx.lower(g.verb))
            });
            // every subject: "China and Russia held exercises"
            let light_agents = light.map(|g| subject_args(ctx, g, linked, memory)).unwrap_or_default();
            // "sanctions were imposed on Iran by the EU": the passive's "by"
            let passive_by = subject_of[n].map(|k| &groups[k]).filter(|g| g.passive).and_then(|g| {
                g.pps.iter().find(|(p, _)| ctx.lower(*p) == "by").and_then(|(_, m)| np_actor(ctx, *m, linked, memory))
            });
            // the possessor, then "by", then a name before the noun, then a light verb's subject
            // (a passive elsewhere in the sentence is no light verb's: "restored ties in a deal
            // brokered by China" are the restorers')
            let passive_by = passive_by.filter(|_| light.is_none());
            match possessor.or(by).or(passive_by).or(modifier) {
                Some(agent) => event.add(Role::Agent, Some(agent)),
                None => {
                    light_agents.into_iter().for_each(|a| event.add(Role::Agent, Some(a)));
                    // "Saudi Arabia and Iran restored ties": the parties to a relation
                    if word.frame == Frame::Dyadic {
                        reframe(&mut event, Frame::Dyadic);
                    }
                }
            }
            event.add(Role::Location, place.map(Arg::Entity));
            if let Some(g) = light {
                pps.extend(g.pps.iter().copied());
            }
            let pp = |name: &str| pps.iter().find(|(p, _)| ctx.lower(*p) == name).map(|(_, m)| *m);
            let arg_of = |name: &str, linked: &mut Linked| pp(name).and_then(|m| np_arg(ctx, m, linked, memory, false));
            // "strikes on Kharkiv" in "using missiles in strikes on Kharkiv": the agent of the
            // verb it hangs off by "in", "during" or "with"
            if !event.has(Role::Agent) {
                let inherit = governor.filter(|g| {
                    governing_prep.is_some_and(|p| matches!(ctx.lower(p), "in" | "during" | "with"))
                        && ctx.lex.verbs.get(ctx.lower(g.verb)).is_some_and(|v| v.is_event())
                });
                if let Some(g) = inherit {
                    let agent = subject_args(ctx, g, linked, memory).into_iter().next();
                    event.add(Role::Agent, agent.filter(|a| matches!(a, Arg::Entity(_))));
                }
            }
            // "criticism from the European Union", "threats from Moscow", "deliveries from Iran":
            // reproof, threats, refusals, praise and aid come from who gives them (not attacks:
            // "rockets from Gaza" name where they came from)
            let given = matches!(cameo(ctx.lex, &event.class), Some("05" | "07" | "11" | "12" | "13"));
            if !event.has(Role::Agent) && given {
                let from = pp("from").and_then(|m| np_actor(ctx, m, linked, memory));
                event.add(Role::Agent, from.filter(|a| matches!(a, Arg::Entity(_))));
            }
            // "Hungary faced criticism from the EU", "the visit drew criticism": the subject of
            // a target-light verb is whom the words are aimed at
            let aimed = governor.filter(|g| {
                g.object == Some(n) && !g.passive && lemma_in(ctx.lex, ctx.lex.cue(Cue::TargetLight), ctx.lower(g.verb))
            });
            if let Some(g) = aimed.filter(|_| given && !event.has(Role::Patient)) {
                let target = subject_args(ctx, g, linked, memory).into_iter().next();
                event.add(Role::Patient, target.filter(|a| matches!(a, Arg::Entity(_))));
            }
            match word.frame {
                Frame::Dyadic => {
                    // "talks between Israel and Hamas"
                    if let Some(m) = pp("between") {
                        let first = np_actor(ctx, m, linked, memory);
                        let second = ctx.nps[m].and_next.and_then(|k| np_actor(ctx, k, linked, memory));
                        if let (Some(a), Some(b)) = (first, second) {
                            if !event.has(Role::Agent) {
                                event.add(Role::Agent, Some(a));
                                event.add(Role::Patient, Some(b));
                            }
                        }
                    }
                    let with = arg_of("with", linked);
                    event.add(Role::Patient, with.filter(|a| matches!(a, Arg::Entity(_))));
                }
                Frame::Transfer => {
                    event.add(Role::Theme, arg_of("of", linked));
                    let to = arg_of("to", linked);
                    event.add(Role::Recipient, to);
                }
                Frame::Receive => {
                    // "Russia's purchase of drones from Iran": the possessor receives
                    event.agents_receive();
                    event.add(Role::Agent, arg_of("from", linked).filter(|a| matches!(a, Arg::Entity(_))));
                    event.add(Role::Theme, arg_of("of", linked));
                }
                _ => {
                    let target = |name: &str, linked: &mut Linked| {
                        pp(name).and_then(|m| patient_of(ctx, m, linked, memory, &event.class))
                    };
                    let patient = target("of", linked)
                        .or_else(|| target("on", linked))
                        .or_else(|| target("against", linked))
                        .or_else(|| if word.class == "Invade" { arg_of("in", linked) } else { None });
                    event.add(Role::Patient, patient.filter(|a| matches!(a, Arg::Entity(_))));
                }
            }
            // "the massacre of villagers in Darfur": a place after "in" is where it happened
            if let Some(Arg::Entity(e)) = arg_of("in", linked) {
                let kind = linked.entities[e].kind;
                let place = matches!(kind, EntityType::Location | EntityType::City | EntityType::Country);
                if place && !event.roles.iter().any(|(_, a)| *a == Arg::Entity(e)) {
                    event.add(Role::Location, Some(Arg::Entity(e)));
                }
            }
            // "no indications of any sort of actual delivery": a denying phrase before the noun
            let mut k = np.start;
            let mut guard = 0;
            event.negated = np.negative;
            while !event.negated && k > ctx.range.start + 1 && ctx.lower(k - 1) == "of" && guard < 4 {
                if let Some(m) = ctx.np(k - 2) {
                    event.negated = ctx.nps[m].negative;
                    k = ctx.nps[m].start;
                } else {
                    break;
                }
                guard += 1;
            }
            // the modality of the clause the noun is the subject of ("ties … will withstand")
            if let Some(g) = subject_of[n].map(|k| &groups[k]) {
                if let Some(m) = g.modality {
                    event.modality = m;
                }
            }
            // a light verb's negation and modality are the event's: "did not impose sanctions";
            // one that intends ("planning an attack") makes it intended
            if let Some(g) = light {
                event.negated |= g.negated;
                if let Some(m) = g.modality {
                    event.modality = m;
                }
                if lemma_in(ctx.lex, ctx.lex.cue(Cue::Intent), ctx.lower(g.verb)) {
                    event.modality = Modality::Intended;
                }
            }
            // "cut ties with Ukraine", "suspended aid to Gaza", "lifted sanctions on Iran": the
            // act ends, and its ending is the event (`cameo-derived.tsv`); the verb's subject
            // ends it
            let severed = governor
                .filter(|g| g.object == Some(n) && lemma_in(ctx.lex, ctx.lex.cue(Cue::Sever), ctx.lower(g.verb)));
            if let Some((g, row)) = severed.and_then(|g| Some((g, coding::ending(ctx.lex, &event)?))) {
                let verb_event = events.iter().rposition(|e| e.sentence == s && e.trigger == g.verb);
                let agent = event
                    .role(Role::Agent)
                    .next()
                    .cloned()
                    .or_else(|| verb_event.and_then(|v| events[v].role(Role::Agent).next().cloned()))
                    .or_else(|| subject_args(ctx, g, linked, memory).into_iter().next());
                let state = matches!(agent, Some(Arg::Entity(e)) if linked.entities[e].kind == EntityType::Country);
                // an ending with no party and no state ending it is business: "reduced sales
                // of bauxite", "suspended merger talks"
                if coding::has_party(&event) || state {
                    // an ending verb that is an event itself ("lifted", a yielding) is that event
                    if let Some(v) = verb_event {
                        coding::end(ctx.lex, row, &event, &mut events[v]);
                        continue;
                    }
                    let act = event.clone();
                    coding::end(ctx.lex, row, &act, &mut event);
                    event.rule = "noun-severed";
                    event.add(Role::Agent, agent);
                    event.negated |= g.negated;
                    if let Some(m) = g.modality {
                        event.modality = m;
                    }
                }
            }
            events.push(event);
        }
    }
}

/// "according to X": X is the source the sentence's statements are reported by.
fn according_to(
    ctx: &Ctx<'_>,
    s: usize,
    spans: &[(usize, Range<usize>)],
    linked: &mut Linked,
    memory: &Memory,
    events: &mut Vec<Event>,
    first: usize,
) {
    let r = ctx.range.clone();
    for i in r.start..r.end.saturating_sub(2) {
        if ctx.lower(i) != "according" || ctx.lower(i + 1) != "to" {
            continue;
        }
        // the source: the first name in the phrase after "according to", else its head
        let mut source = None;
        let mut k = i + 2;
        while k < r.end && k < i + 14 && !matches!(ctx.word(k), "," | "." | ";") {
            if let Some(m) = linked.mention_at[k] {
                let e = linked.mentions[m].entity;
                if linked.entities[e].kind != EntityType::Country || source.is_none() {
                    source = Some(Arg::Entity(e));
                    if linked.entities[e].kind == EntityType::Organization {
                        break;
                    }
                }
            }
            k += 1;
        }
        let source = source.or_else(|| ctx.np(i + 2).and_then(|np| np_actor(ctx, np, linked, memory)));
        let Some(source) = source else { continue };
        let statements: Vec<usize> = spans.iter().map(|(e, _)| *e).filter(|e| events[*e].sentence == s).collect();
        if statements.is_empty() {
            // nobody else is said to speak: the source itself states what the sentence says
            let event = Event {
                class: "Statement".into(),
                sentence: s,
                trigger: i,
                roles: vec![(Role::Agent, source.clone())],
                negated: false,
                modality: Modality::Asserted,
                time: None,
                content: (first..events.len()).collect(),
                claimed_by: None,
                reported_by: Vec::new(),
                quote: None,
                rule: "according-to",
                confidence: 0.6,
                code: None,
                speaker_agent: false,
            };
            let claimant = source.clone();
            for c in &event.content {
                events[*c].claimed_by.get_or_insert(claimant.clone());
            }
            if !event.content.is_empty() {
                events.push(event);
            }
        } else {
            for e in statements {
                if !events[e].reported_by.contains(&source) && events[e].role(Role::Agent).all(|a| *a != source) {
                    events[e].reported_by.push(source.clone());
                }
            }
        }
    }
    // "…, the Financial Times reported, citing Reuters": the cited source stands behind the report
    for i in r.start..r.end.saturating_sub(1) {
        if ctx.lower(i) != "citing" {
            continue;
        }
        let Some(Arg::Entity(cited)) = ctx.np(i + 1).and_then(|np| np_actor(ctx, np, linked, memory)) else { continue };
        let cited = Arg::Entity(cited);
        let reports: Vec<usize> =
            spans.iter().map(|(e, _)| *e).filter(|e| events[*e].sentence == s && events[*e].trigger < i).collect();
        for e in reports {
            if !events[e].reported_by.contains(&cited) && events[e].role(Role::Agent).all(|a| *a != cited) {
                events[e].reported_by.push(cited.clone());
            }
        }
    }
}

/// "…, a charge New Delhi denied", "…, an accusation Moscow rejects", "…, which Tehran
/// denies": a denial or rejection after a comma whose object is the charge just made. Gives
/// the comma: what comes before it is the charge.
fn denied_charge(ctx: &Ctx<'_>, vg: &Vg, word: &EventWord) -> Option<usize> {
    // a rejection is CAMEO's 12, whatever the class is called
    if !(word.frame == Frame::Deny || cameo(ctx.lex, &word.class) == Some("12")) || vg.passive || vg.object.is_some() {
        return None;
    }
    let subject = vg.subject?;
    let r = &ctx.range;
    let charge = |i: usize| ctx.lex.cue_noun(Cue::ChargeNoun, ctx.lower(i));
    let np = &ctx.nps[subject];
    let start = np.start.min(vg.chain_start);
    // the charge before the subject, or taken into its phrase ("[a charge New Delhi] denied")
    let b = if (start..np.head).any(charge) {
        start
    } else if start > r.start && ctx.lower(start - 1) == "which" && word.frame == Frame::Deny {
        // one rejects offers too ("a raise, which the seamen rejected"), but denies only words
        start - 1
    } else {
        let mut b = start;
        while b > r.start && charge(b - 1) {
            b -= 1;
        }
        if b == start {
            return None;
        }
        if b > r.start && ctx.pos(b - 1) == Pos::Det {
            b -= 1;
        }
        b
    };
    (b > r.start + 1 && ctx.word(b - 1) == ",").then_some(b - 1)
}

/// What a speaker takes responsibility for: "claimed responsibility for the attack on the
/// ship" says that the attack is the speaker's.
fn responsibility(ctx: &Ctx<'_>, vg: &Vg, word: &EventWord) -> Option<Range<usize>> {
    let o = vg.object.filter(|_| word.frame == Frame::Speech && !vg.passive)?;
    let end = ctx.nps[o].end;
    let named = ctx.lower(ctx.nps[o].head) == "responsibility" && end + 1 < ctx.range.end && ctx.lower(end) == "for";
    named.then(|| end + 1..clause_end(ctx, end + 1))
}

/// Whether a denial's object is a charge already made, named by its noun: "denied the
/// accusation", "rejected these allegations", "denies Washington's claims".
fn denies_named_charge(ctx: &Ctx<'_>, vg: &Vg, word: &EventWord) -> bool {
    let Some(o) = vg.object.filter(|_| !vg.passive) else { return false };
    let np = &ctx.nps[o];
    let denial = word.frame == Frame::Deny || cameo(ctx.lex, &word.class) == Some("12");
    let known =
        np.possessor.is_some() || matches!(ctx.lower(np.start), "the" | "these" | "those" | "this" | "that" | "such");
    denial && known && ctx.lex.cue_noun(Cue::ChargeNoun, ctx.lower(np.head))
}

/// Gives a denial of a charge made before ([`denies_named_charge`]) what that charge accuses
/// of, as the denier's negated claims: the last accusation that accused the denier, or else
/// the last accusation. A charge that named no act leaves the denial as it was.
fn deny_earlier_charge(lex: &Lexicon, events: &mut Vec<Event>, denial: usize) {
    if !events[denial].content.is_empty() {
        return;
    }
    let denier = events[denial].role(Role::Agent).next().cloned();
    let charges: Vec<usize> = (0..denial)
        .rev()
        .filter(|&c| cameo(lex, &events[c].class) == Some("11") && !events[c].content.is_empty())
        .collect();
    let accused = |c: &usize| denier.as_ref().is_some_and(|d| events[*c].role(Role::Patient).any(|p| p == d));
    let Some(charge) = charges.iter().find(|c| accused(c)).or(charges.first()).copied() else { return };
    for a in events[charge].content.clone() {
        let mut copy = denied_copy(&events[a]);
        // the denial's sentence is where the text says the denier denies it
        copy.sentence = events[denial].sentence;
        copy.claimed_by = denier.clone();
        copy.negated = !copy.negated;
        let at = events.len();
        events[denial].content.push(at);
        events.push(copy);
    }
}

/// An accused act again, for the denial of the charge: the same event, no one's claim yet,
/// with nothing said inside it.
fn denied_copy(accused: &Event) -> Event {
    let mut copy = accused.clone();
    copy.claimed_by = None;
    copy.content.clear();
    copy.quote = None;
    copy.rule = "denied-charge";
    copy
}

/// Gives each statement the events inside its span (the innermost statement takes an event),
/// marks them as the speaker's claims, negates a denial's content, and lets agentless content
/// events take the speaker's state ("cooperation with Iran will continue," Ryabkov said).
/// `denials` deny the charge just made ([`denied_charge`]): their content is what it accuses of.
fn assign_content(
    ctx: &Ctx<'_>,
    (spans, denials): (&[(usize, Range<usize>)], &[usize]),
    linked: &mut Linked,
    events: &mut Vec<Event>,
    first: usize,
) {
    let mut order: Vec<&(usize, Range<usize>)> = spans.iter().collect();
    order.sort_by_key(|(_, r)| r.len());
    let mut owner: Vec<Option<usize>> = vec![None; events.len()];
    for (statement, span) in &order {
        for e in first..events.len() {
            if e == *statement
                || owner[e].is_some()
                || !span.contains(&events[e].trigger)
                || presupposed(ctx, events[e].trigger)
            {
                continue;
            }
            // a statement whose own span holds this one encloses it: it is not its content
            if spans.iter().any(|(o, r)| *o == e && r.contains(&events[*statement].trigger)) {
                continue;
            }
            owner[e] = Some(*statement);
        }
    }
    for (e, statement) in owner.iter().enumerate().skip(first) {
        if let Some(statement) = statement {
            events[*statement].content.push(e);
        }
    }
    // a denial of a charge denies what it accuses of, not that it was made: the accused acts
    // again, as the denier's (negated) claims, beside the accuser's
    for denial in denials {
        let mut content = Vec::new();
        for c in std::mem::take(&mut events[*denial].content) {
            let accused = events[c].content.clone();
            // a charge that names no act the lexicon knows leaves the denial nothing to deny;
            // an act told plainly is denied itself ("Iran launched drones, a claim Tehran
            // denied": the launch)
            let verbal = matches!(cameo(ctx.lex, &events[c].class), Some(code) if code.starts_with("01") || code.starts_with("11"));
            if accused.is_empty() && !verbal {
                content.push(c);
            }
            for a in accused {
                // negated and claimed by the denier below, as a denial's content
                content.push(events.len());
                events.push(denied_copy(&events[a]));
            }
        }
        events[*denial].content = content;
    }
    for (statement, span) in spans {
        let speaker = events[*statement].role(Role::Agent).next().cloned();
        let frame_deny = denials.contains(statement)
            || ctx.lex.verbs.get(ctx.lower(events[*statement].trigger)).is_some_and(|w| w.frame == Frame::Deny);
        let trigger = ctx.lower(events[*statement].trigger);
        let is_request = ctx.lex.verbs.get(trigger).is_some_and(|w| matches!(w.frame, Frame::Request | Frame::Intent))
            || lemma_in(ctx.lex, &["call"], trigger);
        // the side a speaker speaks for: a person's state, or the state or group itself; an
        // outlet or a company speaks for nobody's side ("talks with his Algerian counterpart,"
        // the news agency said)
        let speaker_state = match &speaker {
            Some(Arg::Entity(p)) => match linked.entities[*p].kind {
                EntityType::Person => {
                    linked.entities[*p].country.map(|c| Arg::Entity(linked.country_entity(ctx.lex, c)))
                }
                EntityType::Country | EntityType::Group => speaker.clone(),
                _ => linked.entities[*p].stands_for.map(|c| Arg::Entity(linked.country_entity(ctx.lex, c))),
            },
            _ => None,
        };
        let patient = events[*statement].role(Role::Patient).next().cloned();
        let content = events[*statement].content.clone();
        for c in content {
            if let Some(sp) = &speaker {
                events[c].claimed_by.get_or_insert(sp.clone());
            }
            if frame_deny {
                events[c].negated = !events[c].negated;
            }
            if !events[c].has(Role::Agent) && (events[c].speaker_agent || is_request) {
                let fill = if is_request { patient.clone() } else { speaker_state.clone() };
                if let Some(f) = fill {
                    events[c].add(Role::Agent, Some(f));
                    events[c].rule = "content-speaker-state";
                }
            }
            // "Iran said the government would not send drones": with no state before in the
            // story, the government or army a state speaks of is its own
            if let Some(state) = speaker_state.as_ref().filter(|_| !is_request) {
                for (role, arg) in &mut events[c].roles {
                    if *role == Role::Agent && matches!(arg, Arg::Concept(x) if state_head(ctx.lex, x)) {
                        *arg = state.clone();
                    }
                }
            }
        }
        // quoted words
        let (s, e) = (span.start, span.end);
        let quoted = (s > ctx.range.start && ctx.is_quote(s - 1) || ctx.is_quote(s)) && e > s;
        if quoted {
            let from = if ctx.is_quote(s) { s + 1 } else { s };
            let mut to = e;
            while to > from && (ctx.is_quote(to - 1) || ctx.word(to - 1) == ",") {
                to -= 1;
            }
            if to > from {
                events[*statement].quote = Some(ctx.seg.tokens[from].start..ctx.seg.tokens[to - 1].end);
            }
        }
    }
}

/// A noun event in a time adjunct ("before Russia's invasion") is taken as given, not claimed.
fn presupposed(ctx: &Ctx<'_>, trigger: usize) -> bool {
    if ctx.pos(trigger) != Pos::Noun {
        return false;
    }
    let Some(np) = ctx.np(trigger) else { return false };
    let mut start = ctx.nps[np].start;
    // past a possessor: "before [Russia]'s [invasion]"
    if let Some(Possessor::Np(p)) = &ctx.nps[np].possessor {
        start = start.min(ctx.nps[*p].start);
    }
    start > ctx.range.start
        && matches!(ctx.lower(start - 1), "before" | "after" | "since" | "during" | "until" | "amid")
}

/// Gives events the time expressions of their clause (clauses split at subordinators,
/// relatives, "that" and semicolons).
fn attach_times(ctx: &Ctx<'_>, published: Option<jiff::civil::Date>, events: &mut [Event]) {
    // most sentences have no event to give a time to
    if events.is_empty() {
        return;
    }
    let r = ctx.range.clone();
    let lower = &ctx.tags.lower[r.clone()];
    let found = time::find(lower, published);
    if found.is_empty() {
        return;
    }
    let boundary = |i: usize| matches!(ctx.pos(i), Pos::Sconj | Pos::Rel) || ctx.word(i) == ";";
    let clause_of = |t: usize| -> Range<usize> {
        let mut a = t;
        while a > r.start && !boundary(a) {
            a -= 1;
        }
        let mut b = t + 1;
        while b < r.end && !boundary(b) {
            b += 1;
        }
        a..b
    };
    for (span, value) in found {
        let at = r.start + span.start;
        let clause = clause_of(at);
        for e in events.iter_mut() {
            if clause.contains(&e.trigger) && e.time.is_none() && e.content.is_empty() {
                e.time = Some(value);
            }
        }
        // a statement takes a time in its own clause before its content starts
        for e in events.iter_mut() {
            if !e.content.is_empty()
                && clause.contains(&e.trigger)
                && e.time.is_none()
                && at > e.trigger
                && at < e.trigger + 4
            {
                e.time = Some(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;

    fn describe(text: &str) -> Vec<String> {
        let lex = Lexicon::shipped().expect("data");
        let pipeline = Pipeline::new(&lex);
        let doc = Document { text: text.into(), regions: vec![0..text.len()], ..Document::default() };
        let analysis = pipeline.analyse(&doc);
        analysis.describe_events()
    }

    #[test]
    fn a_place_word_stands_for_the_place_named_after_of() {
        assert_eq!(
            describe_with_models("Russian forces shelled the city of Kharkiv overnight."),
            ["Attack(agent=Russia patient=Kharkiv)"]
        );
        assert_eq!(
            describe_with_models("Ethiopian troops withdrew from the town of Adigrat."),
            ["Yield(agent=Ethiopia location=Adigrat)"]
        );
        // an office is no place: "the mayor of Kyiv" stays the mayor
        assert_eq!(
            describe_with_models("The mayor of Kyiv met Macron."),
            ["Meet(agent=mayor patient=Emmanuel Macron)"]
        );
    }

    #[test]
    fn a_verb_after_a_relative_pronoun_and_a_name_is_the_clauses_verb() {
        assert_eq!(
            describe_with_models("Ukraine says Russia has used Iranian drones, which Tehran denies."),
            [
                "Statement(agent=Ukraine content=[1])",
                "Use(agent=Russia theme=drone claimedBy=Ukraine)",
                "Deny(agent=Iran content=[3])",
                "Use(agent=Russia theme=drone negated claimedBy=Iran)"
            ]
        );
        assert_eq!(
            describe_with_models("The deal, which the United States opposes, was signed in Doha."),
            ["Oppose(agent=United States patient=deal)", "Agree(location=Doha)"]
        );
    }

    #[test]
    fn a_reduced_passive_after_the_object_leaves_it_the_object() {
        assert_eq!(
            describe_with_models("Ukraine shot down the drones launched by Russia."),
            ["Attack(agent=Ukraine patient=drone)", "Launch(agent=Russia theme=drone)"]
        );
        // but a finite verb after the agent makes the phrase a clause's subject
        assert_eq!(
            describe_with_models("Analysts said a plan announced by Iran is an attempt to placate Russia."),
            ["Statement(agent=analyst content=[1])", "Statement(agent=Iran claimedBy=analyst)"]
        );
    }

    #[test]
    fn a_participle_and_its_phrase_after_the_object_of_a_deed_modify_it() {
        assert_eq!(
            describe_with_models("Russia attacked ships linked to Israel."),
            ["Attack(agent=Russia patient=ship)"]
        );
        // after a verb of speech the same words are a clause
        assert_eq!(describe_with_models("Iran said the troops moved to the border."), ["Statement(agent=Iran)"]);
    }

    #[test]
    fn they_goes_on_with_a_group_or_a_plural_speaker_of_the_sentence() {
        assert_eq!(
            describe_with_models("The Houthis said they would attack ships."),
            ["Statement(agent=Houthis content=[1])", "Attack(agent=Houthis patient=ship future claimedBy=Houthis)"]
        );
        assert_eq!(
            describe_with_models("Iranian officials said they would release the ship."),
            ["Statement(agent=Iran content=[1])", "Yield(agent=Iran patient=ship future claimedBy=Iran)"]
        );
        // one person is no "they"
        assert_eq!(
            describe_with_models("The minister said they would release the ship."),
            ["Statement(agent=minister)"]
        );
        // "it" goes on with a body named by a common noun
        assert_eq!(
            describe_with_models("The Saudi-led coalition said it struck Houthi targets."),
            ["Statement(agent=coalition content=[1])", "Attack(agent=coalition patient=Houthis claimedBy=coalition)"]
        );
    }

    #[test]
    fn comma_and_before_a_subject_and_its_verb_joins_clauses_not_phrases() {
        assert_eq!(
            describe_with_models(
                "The United States urged Iran to stop the deliveries, and the European Union imposed sanctions."
            ),
            [
                "Appeal(agent=United States patient=Iran content=[1])",
                "Supply(agent=Iran claimedBy=United States)",
                "Sanction(agent=European Union)"
            ]
        );
        // the later item of a list still joins it
        assert_eq!(
            describe_with_models("The US, Russia, and Switzerland met in Geneva."),
            ["Meet(agent=United States patient=Russia patient=Switzerland location=Geneva)"]
        );
    }

    #[test]
    fn a_named_weapon_pledged_is_what_is_intended() {
        assert_eq!(
            describe_with_models("Germany pledged an additional Patriot battery last week."),
            ["Intend(agent=Germany theme=Patriot)"]
        );
        // a pledge of nothing named says nothing a graph can hold
        assert!(describe_with_models("Germany pledged more support.").is_empty());
    }

    #[test]
    fn who_is_sanctioned_or_praised_for_a_deed_did_it() {
        assert_eq!(
            describe_with_models(
                "The United States imposed sanctions on three Chinese companies for supplying drone parts to Russia."
            ),
            ["Supply(agent=company theme=drone part recipient=Russia)", "Sanction(agent=United States patient=China)"]
        );
        assert_eq!(
            describe_with_models("Zelensky thanked Germany for sending air defence systems."),
            ["Praise(agent=Volodymyr Zelensky patient=Germany)", "Supply(agent=Germany theme=defence system)"]
        );
        // a purpose is still the subject's
        assert_eq!(
            describe_with_models("Iran used drones for attacking Ukraine."),
            ["Use(agent=Iran theme=drone)", "Attack(agent=Iran patient=Ukraine)"]
        );
    }

    #[test]
    fn reproof_comes_from_who_gives_it_and_is_aimed_at_who_faces_it() {
        assert_eq!(
            describe_with_models("Hungary faced criticism from the European Union."),
            ["Disapprove(agent=European Union patient=Hungary)"]
        );
        assert_eq!(
            describe_with_models("Ukraine reported new deliveries from Iran."),
            ["Statement(agent=Ukraine)", "Supply(agent=Iran)"]
        );
        // rockets from Gaza come from a place, not from an agent
        assert_eq!(describe_with_models("Rockets from Gaza struck Sderot."), ["Attack(agent=rocket patient=Sderot)"]);
    }

    #[test]
    fn the_object_of_help_before_a_bare_infinitive_is_helped() {
        assert_eq!(
            describe_with_models("The White House said Iran was helping Russia build a drone factory."),
            ["Statement(agent=White House content=[1])", "Help(agent=Iran patient=Russia claimedBy=White House)"]
        );
        // and does what the infinitive says
        assert_eq!(
            describe_with_models("Iran helped Russia attack Ukraine."),
            ["Help(agent=Iran patient=Russia)", "Attack(agent=Russia patient=Ukraine)"]
        );
    }

    #[test]
    fn a_state_or_group_given_to_is_the_recipient() {
        assert_eq!(describe_with_models("Iran financed Hezbollah."), ["Supply(agent=Iran recipient=Hezbollah)"]);
    }

    #[test]
    fn killing_a_named_speaker_reports_is_kept_as_their_claim() {
        assert_eq!(
            describe_with_models("At least 30 civilians were killed, according to Ukrainian officials."),
            ["Assault(patient=civilian claimedBy=Ukraine)", "Statement(agent=Ukraine content=[0])"]
        );
        // but not the attacks of business copy
        assert_eq!(
            describe_with_models("Exports were hit by the strike, the company said."),
            ["Statement(agent=company)"]
        );
    }

    #[test]
    fn his_goes_on_with_a_person_the_sentence_describes_before_earlier_ones() {
        assert_eq!(
            describe_with_models(
                "Andrzej Duda visited Kyiv. Hungary's foreign minister met his Russian counterpart in Minsk."
            ),
            ["Visit(agent=Andrzej Duda patient=Ukraine)", "Meet(agent=Hungary patient=Russia location=Minsk)"]
        );
    }

    #[test]
    fn a_named_office_acts_for_the_state_before_it() {
        assert_eq!(
            describe_with_models("Iran's Foreign Ministry said the talks would resume."),
            ["Statement(agent=Iran content=[1])", "Meet(agent=Iran future claimedBy=Iran)"]
        );
        assert_eq!(
            describe_with_models("The Iranian Foreign Ministry condemned the strike."),
            ["Disapprove(agent=Iran patient=strike)"]
        );
    }

    #[test]
    fn a_noun_between_a_verb_and_a_noun_modifies_it() {
        assert_eq!(
            describe_with_models("Police fired tear gas at protesters in Nairobi."),
            ["Attack(agent=police patient=protester theme=tear gas location=Nairobi)"]
        );
        assert_eq!(
            describe_with_models("The Reagan administration will offer subsidized wheat to the Soviet Union."),
            ["Supply(agent=Reagan theme=wheat recipient=Soviet Union future)"]
        );
    }

    #[test]
    fn inflected_forms_find_their_lemma() {
        let lex = Lexicon::default();
        for (word, lemma) in [
            ("using", "use"),
            ("used", "use"),
            ("shipping", "ship"),
            ("stopped", "stop"),
            ("carried", "carry"),
            ("supplies", "supply"),
            ("sends", "send"),
        ] {
            assert!(lemma_in(&lex, &[lemma], word), "{word} of {lemma}");
        }
        assert!(!lemma_in(&lex, &["use"], "usher"));
        assert!(!lemma_in(&lex, &["sing"], "sings-"));
        // a letter of two bytes before the ending: no slicing inside it
        assert!(!lemma_in(&lex, &["caf"], "caféing"));
        assert!(!lemma_in(&lex, &["caf"], "caféed"));
    }

    /// As `build` runs: with the shipped models.
    fn describe_with_models(text: &str) -> Vec<String> {
        describe_with(&Lexicon::shipped().expect("data"), text)
    }

    /// The events of a text, read with the shipped models and the given data.
    fn describe_with(lex: &Lexicon, text: &str) -> Vec<String> {
        static MODELS: std::sync::OnceLock<crate::tag::Models> = std::sync::OnceLock::new();
        let models = MODELS.get_or_init(|| crate::tag::Models::shipped().expect("models"));
        let doc = Document { text: text.into(), regions: vec![0..text.len()], ..Document::default() };
        Pipeline::with_models(lex, models).analyse(&doc).describe_events()
    }

    #[test]
    fn a_bound_on_a_number_stays_in_its_phrase() {
        for (text, expected) in [
            (
                "Police arrested more than 2,000 protesters in Tbilisi.",
                "Coerce(agent=police patient=protester location=Tbilisi)",
            ),
            ("Israel killed at least 40 people in Gaza.", "Assault(agent=Israel patient=people location=Gaza)"),
            ("Russia deployed nearly 300 troops to Belarus.", "Deploy(agent=Russia theme=troop location=Belarus)"),
            // after a preposition too
            ("Iran provided Russia with up to 50 drones.", "Supply(agent=Iran theme=drone recipient=Russia)"),
        ] {
            assert_eq!(describe_with_models(text), [expected], "{text}");
        }
    }

    #[test]
    fn unnamed_actors_act_where_they_press_or_strike() {
        assert_eq!(
            describe_with_models("The opposition rejected the result."),
            ["Reject(agent=opposition patient=result)"]
        );
        assert_eq!(
            describe_with_models("Gunmen abducted nearly 300 students."),
            ["Assault(agent=gunmen patient=student)"]
        );
        // business news: an unnamed seller is no event between actors, nor a paper an actor
        assert_eq!(describe_with_models("The company is selling 3,000 shares."), Vec::<String>::new());
        assert_eq!(describe_with_models("Paper production hit a record 71 mln tons."), Vec::<String>::new());
    }

    #[test]
    fn no_plans_to_act_is_a_negated_intent() {
        assert_eq!(
            describe_with_models("Putin has no plans to attend the summit."),
            ["Meet(agent=Vladimir Putin patient=summit negated intended)"]
        );
    }

    #[test]
    fn a_denial_of_the_accusation_denies_what_it_accused_of() {
        let events = describe_with_models(
            "Sudan's army accused the Rapid Support Forces of attacking a camp in North Darfur. \
             The RSF denied the accusation.",
        );
        assert_eq!(
            events,
            [
                "Accuse(agent=Sudan patient=Rapid Support Forces content=[1])",
                "Attack(agent=Rapid Support Forces patient=camp location=North Darfur claimedBy=Sudan)",
                "Deny(agent=Rapid Support Forces content=[3])",
                "Attack(agent=Rapid Support Forces patient=camp location=North Darfur negated claimedBy=Rapid Support Forces)"
            ]
        );
        // a report is no accusation made before: nothing to copy
        assert_eq!(describe_with_models("Iran denied the report."), ["Deny(agent=Iran)"]);
    }

    #[test]
    fn the_dateline_is_the_state_of_unnamed_bodies() {
        let events = describe_with_models(
            "BAMAKO, Jan 31 (Reuters) - Mali expelled the French ambassador. France condemned the decision. \
             Militants killed 20 soldiers, the army said. The foreign ministry said it would respond.",
        );
        // "the army said" and "the foreign ministry said", after France was named
        assert_eq!(
            events[2..],
            [
                "Assault(agent=militant patient=soldier claimedBy=Mali)",
                "Statement(agent=Mali content=[2])",
                "Statement(agent=Mali)"
            ]
        );
        // without a dateline, the state last named
        let events =
            describe_with_models("Mali expelled the French ambassador. France condemned it, the ministry said.");
        assert!(events.iter().any(|e| e.starts_with("Statement(agent=France")), "{events:?}");
    }

    #[test]
    fn a_headline_verb_in_s_is_a_verb() {
        assert_eq!(
            describe_with_models("Mali's junta expels French ambassador"),
            ["Coerce(agent=Mali patient=France)"]
        );
        assert_eq!(describe_with_models("Russian drone attack hits Odesa port"), ["Attack(agent=Russia patient=port)"]);
    }

    #[test]
    fn a_mediator_stands_between_two_parties() {
        assert_eq!(
            describe_with_models("Algeria mediated between Mali and the rebels."),
            ["Meet(agent=Algeria patient=Mali patient=rebel)"]
        );
        // a place after "with" is no instrument
        assert_eq!(
            describe_with_models("Militants killed 20 soldiers near the border with Niger."),
            ["Assault(agent=militant patient=soldier)"]
        );
    }

    #[test]
    fn a_ministry_after_a_clause_is_its_subjects_state() {
        assert_eq!(
            describe_with_models("Russian forces captured the village of Ocheretyne, the defence ministry said."),
            ["Fight(agent=Russia patient=Ocheretyne claimedBy=Russia)", "Statement(agent=Russia content=[0])"]
        );
        // a state named after the verb is no subject: the ministry stays unnamed
        let events = describe_with_models("Militants killed 20 soldiers near the border with Niger, the army said.");
        assert!(events.iter().all(|e| !e.contains("Niger")), "{events:?}");
    }

    #[test]
    fn a_states_envoy_stands_for_the_state() {
        assert_eq!(
            describe_with_models("Poland summoned Russia's ambassador after the attack."),
            ["Disapprove(agent=Poland patient=Russia)"]
        );
        // one's own troops are not oneself
        let events = describe_with_models("Israel withdrew its troops from Gaza.");
        assert!(events.iter().all(|e| !e.contains("patient=Israel")), "{events:?}");
    }

    #[test]
    fn blocked_exports_are_reduced_relations_with_the_party_they_went_to() {
        assert_eq!(
            describe_with_models("The United States has blocked exports of advanced chips to China."),
            ["Sanction(agent=United States theme=export recipient=China)"]
        );
        assert_eq!(
            describe_with_models("Hungary blocked the EU's aid package for Ukraine."),
            ["Reject(agent=Hungary patient=aid package)"]
        );
    }

    #[test]
    fn mediators_joined_by_and_stand_between_the_parties() {
        assert_eq!(
            describe_with_models("Qatar and Egypt have mediated between Israel and Hamas."),
            ["Meet(agent=Qatar agent=Egypt patient=Israel patient=Hamas)"]
        );
    }

    #[test]
    fn a_claim_of_responsibility_makes_the_act_the_claimants() {
        assert_eq!(
            describe_with_models("The Houthis claimed responsibility for the attack on the ship."),
            ["Statement(agent=Houthis content=[1])", "Attack(agent=Houthis claimedBy=Houthis)"]
        );
    }

    #[test]
    fn a_states_thing_acted_on_is_the_state() {
        assert_eq!(
            describe_with_models("Turkey's parliament approved Sweden's NATO membership bid."),
            ["Agree(agent=Turkey patient=Sweden)"]
        );
    }

    #[test]
    fn a_relation_restored_is_between_its_subjects_whoever_brokered_the_deal() {
        assert_eq!(
            describe_with_models("Saudi Arabia and Iran restored diplomatic ties in a deal brokered by China."),
            ["Cooperate(agent=Saudi Arabia patient=Iran)"]
        );
    }

    #[test]
    fn a_dateline_without_a_date_names_its_state() {
        assert_eq!(
            describe_with_models("WASHINGTON (Reuters) - The government said it would send aid to Haiti."),
            [
                "Statement(agent=United States content=[1])",
                "Supply(agent=United States theme=aid recipient=Haiti future claimedBy=United States)"
            ]
        );
    }

    #[test]
    fn a_subject_is_found_across_a_participle_or_an_apposition() {
        assert_eq!(
            describe_with_models(
                "A senior U.S. official, speaking on condition of anonymity, said Iran had supplied drones to Russia."
            ),
            [
                "Statement(agent=United States content=[1])",
                "Supply(agent=Iran theme=drone recipient=Russia claimedBy=United States)"
            ]
        );
        let events =
            describe_with_models("Max Baumann, a member of the Contraves board, told Reuters the case was closed.");
        assert_eq!(events, ["Statement(agent=Max Baumann recipient=Reuters)"]);
    }

    #[test]
    fn an_envoy_to_a_body_speaks_for_the_envoys_state() {
        assert_eq!(
            describe_with_models("Iran's mission to the United Nations rejected the report as baseless."),
            ["Reject(agent=Iran patient=report)"]
        );
    }

    #[test]
    fn no_evidence_that_it_happened_is_no_claim_that_it_did() {
        assert_eq!(
            describe_with_models("The Pentagon said it had no evidence that Iran had transferred missiles to Russia."),
            [
                "Statement(agent=United States content=[1])",
                "Supply(agent=Iran theme=missile recipient=Russia negated claimedBy=United States)"
            ]
        );
    }

    #[test]
    fn a_light_verb_lends_its_negation_and_intent() {
        assert_eq!(
            describe_with_models("Russia did not impose sanctions on Iran."),
            ["Sanction(agent=Russia patient=Iran negated)"]
        );
    }

    #[test]
    fn active_transfer_with_recipient() {
        assert_eq!(
            describe("Iran had transferred several hundred drones to Russia."),
            ["Supply(agent=Iran theme=drone recipient=Russia)"]
        );
    }

    #[test]
    fn a_bare_form_after_be_is_passive() {
        assert_eq!(
            describe_with_models("Kyiv was hit by Russian missiles."),
            ["Attack(agent=Russia patient=Ukraine instrument=missile)"]
        );
    }

    #[test]
    fn a_part_of_what_is_sent_is_what_is_sent() {
        for text in [
            "Iran sent several of its drones to Russia.",
            "Iran sent some of the drones to Russia.",
            "Iran sent 30 of its drones to Russia.",
            "Iran had supplied Russia with hundreds of drones.",
        ] {
            assert_eq!(describe_with_models(text), ["Supply(agent=Iran theme=drone recipient=Russia)"], "{text}");
        }
    }

    #[test]
    fn a_buyer_receives_from_the_seller() {
        for text in ["Russia bought drones from Iran.", "The drones were bought by Russia from Iran."] {
            assert_eq!(describe_with_models(text), ["Supply(agent=Iran theme=drone recipient=Russia)"], "{text}");
        }
        // no one to take from: a takeover, not a supply
        let takeover = describe_with_models("Chrysler acquired American Motors.");
        assert!(takeover.iter().all(|e| !e.starts_with("Supply")), "{takeover:?}");
    }

    #[test]
    fn an_ed_word_between_names_joins_them() {
        assert_eq!(
            describe_with_models("Iran's sale of drones to Russia worried Kyiv."),
            ["Supply(agent=Iran theme=drone recipient=Russia)"]
        );
    }

    #[test]
    fn every_subject_of_a_light_verb_is_an_agent_and_a_sea_is_a_place() {
        assert_eq!(
            describe_with_models("China and Russia held joint naval exercises in the Sea of Japan."),
            ["ForcePosture(agent=China agent=Russia location=Sea of Japan)"]
        );
    }

    #[test]
    fn a_body_named_after_an_organisation_acts_for_it() {
        assert_eq!(
            describe_with_models("The UN Security Council condemned the attack."),
            ["Disapprove(agent=United Nations patient=attack)"]
        );
    }

    #[test]
    fn a_promise_of_something_to_someone() {
        assert_eq!(
            describe_with_models("Germany promised 20 tanks to Kyiv."),
            ["Intend(agent=Germany theme=tank recipient=Ukraine)"]
        );
        // without a party it still needs what is promised
        assert_eq!(describe_with_models("The bank pledged to cut rates."), Vec::<String>::new());
    }

    #[test]
    fn talks_with_the_host_are_its_meeting_and_talks_between_others_their_own() {
        // the talks are the meeting: one Meet, with the host as agent and the partner from "with"
        assert_eq!(describe_with_models("Oman hosted talks with Iran on Saturday."), ["Meet(agent=Oman patient=Iran)"]);
        // talks between others are a meeting of their own beside the hosting
        assert_eq!(
            describe_with_models("Oman hosted talks between the United States and Iran."),
            ["Meet(agent=Oman)", "Meet(agent=United States patient=Iran)"]
        );
    }

    #[test]
    fn strikes_that_kill_are_blows_and_no_party() {
        // no labour strike kills: the strikes are an attack, and the killing has no named agent
        let killed = describe_with_models("The strikes killed 12 militants in Syria.");
        assert!(killed.iter().any(|e| e.starts_with("Assault(patient=militant")), "{killed:?}");
        assert!(!killed.iter().any(|e| e.starts_with("Protest")), "{killed:?}");
        let air = describe_with_models("Air strikes killed 12 militants in northern Syria.");
        assert!(air.iter().any(|e| e.starts_with("Assault(patient=militant")), "{air:?}");
        // the strikes' own agent is still lent
        let russian = describe_with_models("Russian strikes killed 12 militants in northern Syria.");
        assert!(russian.iter().any(|e| e.starts_with("Assault(agent=Russia patient=militant")), "{russian:?}");
        // (a labour strike that "hits" a country stays no blow: a_states_strikes_are_blows…)
    }

    #[test]
    fn what_is_sanctioned_stands_for_its_state() {
        let oil = describe_with_models("The United States imposed new sanctions on Iranian oil shipments.");
        assert!(oil.iter().any(|e| e == "Sanction(agent=United States patient=Iran)"), "{oil:?}");
        let banks = describe_with_models("The EU sanctioned three Russian banks.");
        assert!(banks.iter().any(|e| e == "Sanction(agent=European Union patient=Russia)"), "{banks:?}");
        // elsewhere people of a nationality are themselves
        assert_eq!(
            describe_with_models("Russia detained two French tourists."),
            ["Coerce(agent=Russia patient=tourist)"]
        );
    }

    #[test]
    fn a_protest_made_to_a_named_party_is_against_it() {
        assert_eq!(
            describe_with_models("Japan protested to Beijing over the drills."),
            ["Protest(agent=Japan patient=China)"]
        );
    }

    #[test]
    fn an_event_noun_as_subject_lends_its_agent() {
        assert_eq!(
            describe_with_models("A Russian drone attack hit Odesa on Monday."),
            ["Attack(agent=Russia patient=Odesa)"]
        );
        assert_eq!(
            describe_with_models("A Russian attack killed two people."),
            ["Assault(agent=Russia patient=people)", "Attack(agent=Russia)"]
        );
    }

    #[test]
    fn launching_an_attack_is_the_attack() {
        assert_eq!(
            describe_with_models("Russia launched an attack on Kyiv."),
            ["Attack(agent=Russia patient=Ukraine)"]
        );
        assert_eq!(describe_with_models("Iran launched a satellite."), ["Launch(agent=Iran theme=satellite)"]);
    }

    #[test]
    fn weapons_of_a_nationality_strike_for_their_state() {
        assert_eq!(
            describe_with_models("Russian missiles hit Kyiv overnight."),
            ["Attack(agent=Russia patient=Ukraine instrument=missile)"]
        );
        assert_eq!(
            describe_with_models("Iran's drones struck Kyiv."),
            ["Attack(agent=Iran patient=Ukraine instrument=drone)"]
        );
        // a launch is no blow: drones that launch name no launcher
        assert_eq!(describe_with_models("Russia's drones need no runway to launch."), Vec::<String>::new());
    }

    #[test]
    fn an_offer_to_do_something_is_an_intent() {
        assert_eq!(
            describe_with_models("Turkey offered to host the talks."),
            ["Intend(agent=Turkey content=[1])", "Meet(agent=Turkey intended claimedBy=Turkey)"]
        );
        assert_eq!(
            describe_with_models("Japan offered support to Ukraine."),
            ["Help(agent=Japan theme=support recipient=Ukraine)"]
        );
    }

    #[test]
    fn a_states_strikes_are_blows_and_only_blows_strike() {
        assert_eq!(
            describe_with_models("Saudi Arabia condemned the Israeli strikes."),
            ["Disapprove(agent=Saudi Arabia patient=strike)", "Attack(agent=Israel)"]
        );
        assert_eq!(describe_with_models("A national strike by dockers hit Brazil."), Vec::<String>::new());
    }

    #[test]
    fn troops_of_a_nationality_are_deployed_by_their_state() {
        assert_eq!(
            describe_with_models("North Korean troops were deployed to Kursk."),
            ["Deploy(agent=North Korea theme=troop location=Kursk)"]
        );
    }

    #[test]
    fn officials_met_speak_for_their_body() {
        assert_eq!(
            describe_with_models("Javier Milei met IMF officials in Washington."),
            ["Meet(agent=Javier Milei patient=IMF location=Washington)"]
        );
    }

    #[test]
    fn a_verbal_act_after_reported_words_is_the_speakers() {
        assert_eq!(
            describe_with_models(
                "Iran said the strikes caused limited damage and warned Israel against further attacks."
            ),
            // the warning is Iran's own act, not part of what it said
            ["Statement(agent=Iran)", "Threaten(agent=Iran patient=Israel)"]
        );
    }

    #[test]
    fn provide_with() {
        assert_eq!(describe("Iran provided Russia with UAVs."), ["Supply(agent=Iran theme=uav recipient=Russia)"]);
    }

    #[test]
    fn passive_with_by() {
        assert_eq!(
            describe("The drones were sent to Russia by Iran."),
            ["Supply(agent=Iran theme=drone recipient=Russia)"]
        );
    }

    #[test]
    fn denial_negates_its_content() {
        assert_eq!(
            describe("Moscow has denied its forces used Iranian drones in Ukraine."),
            [
                "Deny(agent=Russia content=[1])",
                "Use(agent=Russia theme=drone location=Ukraine negated claimedBy=Russia)"
            ]
        );
    }

    #[test]
    fn a_denied_charge_denies_what_it_accuses_of() {
        // the accusation stands, the accuser claims the backing, and the denier claims it did
        // not happen: the same act twice, once for each side
        let help = "Help(agent=India patient=militant location=Balochistan";
        for text in [
            "Pakistan accused India of backing militants in Balochistan, a charge New Delhi denied.",
            "Pakistan accused India of backing militants in Balochistan, a charge New Delhi has repeatedly denied.",
            "Pakistan accused India of backing militants in Balochistan, which New Delhi has denied.",
        ] {
            assert_eq!(
                describe_with_models(text),
                [
                    "Accuse(agent=Pakistan patient=India content=[1])".to_owned(),
                    format!("{help} claimedBy=Pakistan)"),
                    "Deny(agent=India content=[3])".to_owned(),
                    format!("{help} negated claimedBy=India)"),
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn a_rejected_accusation_is_a_denial_but_a_rejected_offer_is_not() {
        assert_eq!(
            describe_with_models(
                "Ukraine accused Russia of shelling the Zaporizhzhia plant, an accusation Moscow rejects."
            ),
            [
                "Accuse(agent=Ukraine patient=Russia content=[1])",
                "Attack(agent=Russia patient=plant claimedBy=Ukraine)",
                "Reject(agent=Russia content=[3])",
                "Attack(agent=Russia patient=plant negated claimedBy=Russia)"
            ]
        );
        // one rejects what is offered without saying it did not happen
        assert_eq!(
            describe_with_models("Iran offered to host talks, which the United States rejected."),
            [
                "Intend(agent=Iran content=[1])",
                "Meet(agent=Iran intended claimedBy=Iran)",
                "Reject(agent=United States patient=talk)"
            ]
        );
        // a charge whose act the lexicon does not know: the denial denies nothing it can name
        assert_eq!(
            describe_with_models(
                "The United States accused China of hacking its networks, a claim Beijing has denied."
            ),
            ["Accuse(agent=United States patient=China)", "Deny(agent=China)"]
        );
    }

    #[test]
    fn a_phrase_after_a_comma_with_a_clause_of_its_own_is_not_what_was_said() {
        assert_eq!(
            describe_with_models("Iran said it sent drones to Russia, a move the United States condemned."),
            [
                "Statement(agent=Iran content=[1])",
                "Supply(agent=Iran theme=drone recipient=Russia claimedBy=Iran)",
                "Disapprove(agent=United States)"
            ]
        );
        assert_eq!(
            describe_with_models("Iran offered to host talks, an offer the United States rejected."),
            [
                "Intend(agent=Iran content=[1])",
                "Meet(agent=Iran intended claimedBy=Iran)",
                "Reject(agent=United States)"
            ]
        );
    }

    #[test]
    fn what_a_clause_after_a_thing_did_it_did_to_that_thing() {
        assert_eq!(
            describe_with_models("Most of the drones Russia launched overnight were shot down."),
            ["Launch(agent=Russia theme=drone)"]
        );
        let found = describe_with_models("The missiles Iran sent to Russia were used against Kyiv.");
        assert_eq!(found[0], "Supply(agent=Iran theme=missile recipient=Russia)", "{found:?}");
        // a title before a name is no such thing: the minister is the name
        let found = describe_with_models("The foreign minister Hossein Amir-Abdollahian said Iran sent drones.");
        assert!(found[0].starts_with("Statement(agent=Hossein Amir-Abdollahian "), "{found:?}");
    }

    #[test]
    fn the_government_a_state_speaks_of_is_its_own() {
        assert_eq!(
            describe_with_models("Iran said on Sunday that the government would not send drones to Russia."),
            [
                "Statement(agent=Iran content=[1])",
                "Supply(agent=Iran theme=drone recipient=Russia negated future claimedBy=Iran)"
            ]
        );
    }

    #[test]
    fn the_army_is_the_state_that_last_used_force() {
        // Palestine is named last, but Israel struck: "the army" and its "it" are Israel's
        let text = "Israeli strikes killed 12 people in Gaza, according to health officials in the Palestinian \
                    territory. The army said it had struck Hamas command centres.";
        let found = describe_with_models(text);
        assert_eq!(
            found[3..],
            ["Statement(agent=Israel content=[4])", "Attack(agent=Israel patient=Hamas claimedBy=Israel)"],
            "{found:?}"
        );
        // no force told: the state last named, as before
        assert_eq!(
            describe_with_models("Oman hosted talks with Iran on Saturday. The army said it was ready."),
            ["Meet(agent=Oman patient=Iran)", "Statement(agent=Iran)"]
        );
        // the government, not a company named before it, says what "it" will do
        assert_eq!(
            describe_with_models("Canada signed a contract with Versatile. The government said it will provide loans."),
            [
                "Agree(agent=Canada patient=Versatile)",
                "Statement(agent=Canada content=[2])",
                "Supply(agent=Canada theme=loan future claimedBy=Canada)"
            ]
        );
    }

    #[test]
    fn quote_before_speaker() {
        assert_eq!(
            describe("\"There are no changes, and cooperation with Iran will continue,\" Sergei Ryabkov said."),
            [
                "Statement(agent=Sergei Ryabkov content=[1])",
                "Cooperate(agent=Russia patient=Iran future claimedBy=Sergei Ryabkov)"
            ]
        );
    }

    #[test]
    fn object_control() {
        assert_eq!(
            describe("Washington has asked Teheran to stop selling drones to Moscow."),
            [
                "Request(agent=United States patient=Iran content=[1])",
                "Supply(agent=Iran theme=drone recipient=Russia claimedBy=United States)"
            ]
        );
    }

    #[test]
    fn not_negates() {
        assert_eq!(
            describe("Iran did not send drones to Russia."),
            ["Supply(agent=Iran theme=drone recipient=Russia negated)"]
        );
    }

    #[test]
    fn every_cue_example_reads_differently_without_its_entry() {
        let lex = Lexicon::shipped().expect("data");
        let (kind, file, text) = crate::lexicon::SHIPPED
            .iter()
            .find(|(kind, _, _)| *kind == crate::lexicon::DataKind::Cues)
            .expect("shipped");
        let mut failures = Vec::new();
        for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
            let with = describe_with(&lex, row.example());
            // this entry only: the same word may have other cues
            let cue = Cue::parse(&row.fields[1]).expect("a known cue");
            let mut without = lex.clone();
            without.cues.entry(cue).or_default().retain(|w| *w != row.fields[0]);
            let plain = describe_with(&without, row.example());
            if with == plain {
                failures.push(format!(
                    "{}:{}: {:?} reads the same without {:?}: {with:?}",
                    row.file,
                    row.line,
                    row.example(),
                    row.fields[0]
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_lexicon_example_yields_its_event() {
        let lex = Lexicon::shipped().expect("data");
        let mut failures = Vec::new();
        for (kind, file, text) in crate::lexicon::SHIPPED {
            if !matches!(
                kind,
                crate::lexicon::DataKind::Verbs | crate::lexicon::DataKind::Nouns | crate::lexicon::DataKind::Objects
            ) {
                continue;
            }
            for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
                if *kind == crate::lexicon::DataKind::Objects {
                    // the verbs of these examples have other classes of their own
                    let found = describe_with_models(row.example());
                    if !found.iter().any(|e| e.starts_with(&format!("{}(", row.fields[2]))) {
                        failures.push(format!(
                            "{}:{}: no {} event from {:?}: {found:?}",
                            row.file,
                            row.line,
                            row.fields[2],
                            row.example()
                        ));
                    }
                    continue;
                }
                if row.fields[1] == "-" {
                    // a verb of no event: the tagger must read it as a verb
                    let example = row.example();
                    let doc = Document { text: example.into(), regions: vec![0..example.len()], ..Document::default() };
                    let models = crate::tag::Models::shipped().expect("models");
                    let analysis = Pipeline::with_models(&lex, &models).analyse(&doc);
                    let verb = analysis.tags.lower.iter().zip(&analysis.tags.pos).any(|(w, p)| {
                        *p == Pos::Verb && lex.verbs.get(w.as_str()).is_some_and(|v| v.lemma == row.fields[0])
                    });
                    if !verb {
                        failures.push(format!(
                            "{}:{}: {:?} not tagged as a verb in {example:?}",
                            row.file, row.line, row.fields[0]
                        ));
                    }
                    continue;
                }
                let found = describe_with_models(row.example());
                if !found.iter().any(|e| e.starts_with(&format!("{}(", row.fields[1]))) {
                    failures.push(format!(
                        "{}:{}: no {} event from {:?}: {found:?}",
                        row.file,
                        row.line,
                        row.fields[1],
                        row.example()
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
