//! Claims across sentences, documents and sources: events that state the same thing (same
//! class, same participants, compatible theme and time) grouped under `ng:Claim` nodes that
//! each event `ng:supports`, or `ng:contradicts` when it is negated or denied.

use crate::graph::{Ontology, local};
use crate::vocab::{ng, nif, prov, rdf, rdfs, schema, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::{StorageError, Store};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The graph that holds the claims, recomputed from the events.
pub fn claims_graph(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}claims"))
}

/// How an event stands to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stance {
    /// The source states it as fact.
    Fact,
    /// The source reports it as someone's claim.
    Reported,
    /// The event says it did not happen (negated or denied).
    Contradicts,
}

/// One event's part in a claim.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Witness {
    /// How it stands.
    pub stance: Stance,
    /// The publisher of its document, or the source's name, or the graph IRI.
    pub source: String,
    /// Who said so, when someone did.
    pub speaker: Option<String>,
    /// The sentence behind it.
    pub sentence: String,
    /// The event.
    pub event: NamedNode,
}

/// A claim and the events that bear on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Its IRI.
    pub iri: NamedNode,
    /// "Russia uses Shahed (2022)".
    pub label: String,
    /// The event class (local name).
    pub class: String,
    /// The named participants, agent first (unless the class is symmetric).
    pub participants: Vec<NamedNode>,
    /// Whether the participants may swap (no agent of its own).
    pub symmetric: bool,
    /// What is given, used or moved, named or a kind of thing.
    pub theme: Option<NamedNode>,
    /// The year it is about.
    pub year: Option<String>,
    /// Its events, facts first.
    pub witnesses: Vec<Witness>,
}

impl Claim {
    /// Whether some event contradicts it.
    pub fn contested(&self) -> bool {
        self.witnesses.iter().any(|w| w.stance == Stance::Contradicts)
    }
}

/// A theme as claims compare it: a named thing is more specific than a kind of thing, which
/// is more specific than nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Theme {
    None,
    Concept(String),
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Specifics {
    theme: Theme,
    year: Option<String>,
}

impl Specifics {
    /// Whether an event with these specifics states what an anchor with `other` says.
    fn fits(&self, other: &Specifics) -> bool {
        let theme = match (&self.theme, &other.theme) {
            (Theme::None, _) => true,
            (Theme::Concept(a), Theme::Concept(b)) => a == b,
            (Theme::Concept(_), Theme::Named(_)) => true,
            (Theme::Named(a), Theme::Named(b)) => a == b,
            _ => false,
        };
        let year = self.year.is_none() || self.year == other.year;
        theme && year
    }
}

#[derive(Debug, Clone)]
struct Event {
    iri: NamedNode,
    negated: bool,
    claimed_by: Option<String>,
    sentence: Option<String>,
    graph: Option<NamedNode>,
    recipients: Vec<String>,
    specifics: Specifics,
}

/// Groups the store's events into claims and rewrites the claims graph. Only events the text
/// says happened or did not happen take part (asserted or alleged: not future, possible or
/// intended ones), with an agent and a named or unnamed other party; statements take part
/// through what they say. A claim needs events from two sentences at least.
pub fn refresh(store: &Store, base: &str) -> Result<Vec<Claim>, StorageError> {
    let ontology = Ontology::read(store)?;
    let statements: BTreeSet<String> = ["Statement".to_owned()].into();
    let concept_ns = format!("{base}concept/");
    let mut groups: BTreeMap<(String, Vec<String>), Vec<Event>> = BTreeMap::new();
    for q in store.quads_for_pattern(None, Some(ng::NEGATED), None, None) {
        let q = q?;
        let NamedOrBlankNode::NamedNode(iri) = &q.subject else { continue };
        let mut class = None;
        let (mut agents, mut others, mut themes) = (Vec::new(), Vec::new(), Vec::new());
        let mut event = Event {
            iri: iri.clone(),
            negated: matches!(&q.object, Term::Literal(l) if l.value() == "true"),
            claimed_by: None,
            sentence: None,
            graph: match &q.graph_name {
                GraphName::NamedNode(g) => Some(g.clone()),
                _ => None,
            },
            recipients: Vec::new(),
            specifics: Specifics { theme: Theme::None, year: None },
        };
        let mut modality_ok = true;
        for p in store.quads_for_pattern(Some(iri.as_ref().into()), None, None, None) {
            let p = p?;
            let object = match &p.object {
                Term::NamedNode(n) => n.as_str().to_owned(),
                Term::Literal(l) => l.value().to_owned(),
                _ => continue,
            };
            match p.predicate.as_ref() {
                x if x == rdf::TYPE => class = local(&object).map(str::to_owned).or(class),
                x if x == ng::AGENT => agents.push(object),
                x if x == ng::PATIENT => others.push(object),
                x if x == ng::RECIPIENT => {
                    event.recipients.push(object.clone());
                    others.push(object);
                }
                x if x == ng::THEME => themes.push(object),
                x if x == ng::CLAIMED_BY => event.claimed_by = Some(object),
                x if x == ng::TIME => event.specifics.year = Some(object.chars().take(4).collect()),
                x if x == prov::WAS_DERIVED_FROM => event.sentence = Some(object),
                x if x == ng::MODALITY_PROP => {
                    modality_ok = matches!(local(&object), Some("Asserted" | "Alleged"));
                }
                _ => {}
            }
        }
        let Some(class) = class else { continue };
        if !modality_ok || ontology.is_a(&class, &statements) || agents.len() != 1 {
            continue;
        }
        // named themes are participants' peers, but compared as specifics
        themes.sort();
        let named_theme = themes.iter().find(|t| !t.starts_with(&concept_ns));
        event.specifics.theme = match (named_theme, themes.first()) {
            (Some(t), _) => Theme::Named(t.clone()),
            (None, Some(c)) => Theme::Concept(c.clone()),
            (None, None) => Theme::None,
        };
        others.retain(|o| !o.starts_with(&concept_ns));
        if others.is_empty() && event.specifics.theme == Theme::None {
            continue;
        }
        let participants = if ontology.symmetric.contains(&class) {
            let mut all: Vec<String> = agents.into_iter().chain(others).collect();
            all.sort();
            all.dedup();
            all.insert(0, String::new()); // no agent of its own
            all
        } else {
            others.sort();
            others.dedup();
            agents.into_iter().chain(others).collect()
        };
        groups.entry((class, participants)).or_default().push(event);
    }

    let mut claims = Vec::new();
    let mut labels = Labels { store, base, cache: BTreeMap::new(), docs: BTreeMap::new() };
    for ((class, participants), mut events) in groups {
        events.sort_by(|a, b| a.iri.as_str().cmp(b.iri.as_str()));
        let distinct: BTreeSet<&Specifics> = events.iter().map(|e| &e.specifics).collect();
        // anchors: the most specific versions of what the events say
        let anchors: Vec<&Specifics> =
            distinct.iter().filter(|v| !distinct.iter().any(|w| w != *v && v.fits(w))).copied().collect();
        for anchor in anchors {
            let members: Vec<&Event> = events.iter().filter(|e| e.specifics.fits(anchor)).collect();
            let sentences: BTreeSet<Option<&String>> = members.iter().map(|e| e.sentence.as_ref()).collect();
            if sentences.len() < 2 {
                continue;
            }
            claims.push(labels.claim(&class, &participants, anchor, &members, &ontology)?);
        }
    }
    claims.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.iri.as_str().cmp(b.iri.as_str())));

    let graph = GraphName::NamedNode(claims_graph(base));
    let mut quads = Vec::new();
    for c in &claims {
        quads.extend(claim_quads(c, &graph));
    }
    let mut transaction = store.start_transaction()?;
    transaction.clear_graph(graph.as_ref())?;
    transaction.extend(quads.iter());
    transaction.commit()?;
    Ok(claims)
}

fn claim_quads(c: &Claim, graph: &GraphName) -> Vec<Quad> {
    let mut out = vec![
        Quad::new(c.iri.clone(), rdf::TYPE, ng::CLAIM, graph.clone()),
        Quad::new(c.iri.clone(), rdfs::LABEL, Literal::new_simple_literal(c.label.as_str()), graph.clone()),
        Quad::new(c.iri.clone(), ng::CLAIM_CLASS, crate::vocab::ng_term(&c.class), graph.clone()),
    ];
    for (i, p) in c.participants.iter().enumerate() {
        let property = if i == 0 && !c.symmetric { ng::CLAIM_AGENT } else { ng::PARTICIPANT };
        out.push(Quad::new(c.iri.clone(), property, p.clone(), graph.clone()));
    }
    if let Some(t) = &c.theme {
        out.push(Quad::new(c.iri.clone(), ng::CLAIM_THEME, t.clone(), graph.clone()));
    }
    if let Some(y) = &c.year {
        out.push(Quad::new(
            c.iri.clone(),
            ng::CLAIM_YEAR,
            Literal::new_typed_literal(y.as_str(), xsd::G_YEAR),
            graph.clone(),
        ));
    }
    for w in &c.witnesses {
        let p = if w.stance == Stance::Contradicts { ng::CONTRADICTS } else { ng::SUPPORTS };
        out.push(Quad::new(w.event.clone(), p, c.iri.clone(), graph.clone()));
    }
    out
}

struct Labels<'a> {
    store: &'a Store,
    base: &'a str,
    cache: BTreeMap<String, String>,
    docs: BTreeMap<String, String>,
}

impl Labels<'_> {
    fn label(&mut self, iri: &str) -> Result<String, StorageError> {
        if let Some(l) = self.cache.get(iri) {
            return Ok(l.clone());
        }
        let mut label = crate::graph::last_segment(iri);
        for q in
            self.store.quads_for_pattern(Some(NamedNodeRef::new_unchecked(iri).into()), Some(rdfs::LABEL), None, None)
        {
            if let Term::Literal(l) = q?.object {
                label = l.value().to_owned();
                break;
            }
        }
        self.cache.insert(iri.to_owned(), label.clone());
        Ok(label)
    }

    fn source(&mut self, graph: Option<&NamedNode>) -> Result<String, StorageError> {
        let Some(graph) = graph else { return Ok("(default graph)".into()) };
        if let Some(s) = self.docs.get(graph.as_str()) {
            return Ok(s.clone());
        }
        let mut source = graph.as_str().to_owned();
        for p in [schema::PUBLISHER, rdfs::LABEL] {
            if let Some(q) = self.store.quads_for_pattern(Some(graph.as_ref().into()), Some(p), None, None).next() {
                if let Term::Literal(l) = q?.object {
                    source = l.value().to_owned();
                    break;
                }
            }
        }
        self.docs.insert(graph.as_str().to_owned(), source.clone());
        Ok(source)
    }

    fn sentence(&mut self, iri: Option<&String>) -> Result<String, StorageError> {
        let Some(iri) = iri else { return Ok(String::new()) };
        for q in self.store.quads_for_pattern(
            Some(NamedNodeRef::new_unchecked(iri).into()),
            Some(nif::ANCHOR_OF),
            None,
            None,
        ) {
            if let Term::Literal(l) = q?.object {
                return Ok(l.value().to_owned());
            }
        }
        Ok(String::new())
    }

    fn claim(
        &mut self,
        class: &str,
        participants: &[String],
        anchor: &Specifics,
        members: &[&Event],
        ontology: &Ontology,
    ) -> Result<Claim, StorageError> {
        let symmetric = participants.first().is_some_and(String::is_empty);
        let named: Vec<&String> = participants.iter().filter(|p| !p.is_empty()).collect();
        let mut names = Vec::new();
        for p in &named {
            names.push(self.label(p)?);
        }
        // "Iran supplies drone to Russia (2022)": agent, verb, theme, the others, the year
        let verb = ontology.verb(class);
        let recipients: BTreeSet<&String> = members.iter().flat_map(|e| &e.recipients).collect();
        let mut label = format!("{} {verb}", names[0]);
        if let Theme::Named(t) | Theme::Concept(t) = &anchor.theme {
            let theme = self.label(t)?;
            label = format!("{label} {theme}");
        }
        for (p, name) in named.iter().zip(&names).skip(1) {
            let to = if recipients.contains(p) && !verb.ends_with(" to") { " to" } else { "" };
            label = format!("{label}{to} {name}");
        }
        if let Some(y) = &anchor.year {
            label = format!("{label} ({y})");
        }
        let key = format!("{class}|{}|{:?}|{:?}", participants.join(" "), anchor.theme, anchor.year);
        let iri =
            NamedNode::new_unchecked(format!("{}claim/{}", self.base, hex(&Sha256::digest(key.as_bytes())[..12])));
        let mut witnesses = Vec::new();
        for e in members {
            let stance = match (e.negated, &e.claimed_by) {
                (true, _) => Stance::Contradicts,
                (false, Some(_)) => Stance::Reported,
                (false, None) => Stance::Fact,
            };
            let speaker = match &e.claimed_by {
                Some(s) => Some(self.label(s)?),
                None => None,
            };
            witnesses.push(Witness {
                stance,
                source: self.source(e.graph.as_ref())?,
                speaker,
                sentence: self.sentence(e.sentence.as_ref())?,
                event: e.iri.clone(),
            });
        }
        witnesses.sort();
        let participants: Vec<NamedNode> = named.iter().map(|p| NamedNode::new_unchecked(p.as_str())).collect();
        let theme = match &anchor.theme {
            Theme::Named(t) | Theme::Concept(t) => Some(NamedNode::new_unchecked(t.as_str())),
            Theme::None => None,
        };
        Ok(Claim {
            iri,
            label,
            class: class.to_owned(),
            participants,
            symmetric,
            theme,
            year: anchor.year.clone(),
            witnesses,
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes claims as text: each with the sources that state it as fact, those that report it as
/// someone's claim, and those that contradict it, each with its sentence.
pub fn write_text(claims: &[Claim], out: &mut impl std::io::Write) -> std::io::Result<()> {
    for c in claims {
        writeln!(out, "{}  [ng:{}]{}", c.label, c.class, if c.contested() { "  CONTESTED" } else { "" })?;
        for (stance, heading) in [
            (Stance::Fact, "stated as fact by"),
            (Stance::Reported, "reported as a claim by"),
            (Stance::Contradicts, "contradicted by"),
        ] {
            let ws: Vec<&Witness> = c.witnesses.iter().filter(|w| w.stance == stance).collect();
            if ws.is_empty() {
                continue;
            }
            let sources: BTreeSet<&str> = ws.iter().map(|w| w.source.as_str()).collect();
            writeln!(out, "  {heading} {}:", sources.into_iter().collect::<Vec<_>>().join(", "))?;
            for w in ws {
                let who = match (&w.speaker, stance) {
                    (Some(s), Stance::Contradicts) => format!("{}, denied by {s}", w.source),
                    (Some(s), _) => format!("{}, claimed by {s}", w.source),
                    (None, _) => w.source.clone(),
                };
                writeln!(out, "    {who}: \"{}\"", w.sentence.split_whitespace().collect::<Vec<_>>().join(" "))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Keeps the claims that involve `focus` (when given) and, with `contested`, those some event
/// contradicts.
pub fn filter(claims: Vec<Claim>, focus: Option<&NamedNode>, contested: bool) -> Vec<Claim> {
    claims
        .into_iter()
        .filter(|c| focus.is_none_or(|f| c.participants.contains(f) || c.theme.as_ref() == Some(f)))
        .filter(|c| !contested || c.contested())
        .collect()
}
