//! Turns one analysed document into quads in its own named graph: the article (schema.org),
//! sentences and mentions (NIF), entities, events with roles, statements with their content,
//! and shortcut edges for facts the text asserts.

use crate::lexicon::{EntityType, Lexicon};
use crate::link::slug;
use crate::pipeline::Analysis;
use crate::relate::{Arg, Modality, Role};
use crate::segment::CharIndex;
use crate::vocab::{self, itsrdf, ng, nif, owl, prov, rdf, rdfs, schema, skos, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};

/// Options that shape the IRIs.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The base of resource IRIs (`ngr:`).
    pub base: String,
}

impl Default for EmitOptions {
    fn default() -> Self {
        Self { base: vocab::DEFAULT_BASE.into() }
    }
}

/// One document's graph.
#[derive(Debug, Clone)]
pub struct DocGraph {
    /// The document IRI, which is also its graph name.
    pub iri: NamedNode,
    /// The quads, in a fixed order.
    pub quads: Vec<Quad>,
    /// Counts of what it holds.
    pub stats: DocStats,
    /// Keys of the entities it mentions.
    pub entities: Vec<String>,
}

/// Counts of one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Sentences.
    pub sentences: usize,
    /// Name mentions.
    pub mentions: usize,
    /// Events (statements included).
    pub events: usize,
    /// Bytes of text.
    pub bytes: usize,
}

/// The IRI of a document: a hash of its text, so the same text always lands in the same graph.
pub fn document_iri(base: &str, text: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}doc/{}", hex(&Sha256::digest(text.as_bytes())[..16])))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

struct Writer {
    graph: GraphName,
    shared: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    /// A quad of the document's own graph.
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(s.clone(), p, o, self.graph.clone()));
    }

    /// A quad of the shared entity graph: what an entity is does not depend on the document,
    /// and stating it once keeps union-graph queries free of repeated rows.
    fn add_shared(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads.push(Quad::new(s.clone(), p, o, self.shared.clone()));
    }
}

/// The named graph that holds what entities and concepts are (type, names, codes, titles,
/// affiliations), shared by all documents.
pub fn entities_graph(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}entities"))
}

fn int(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

/// Emits the graph of an analysed document.
pub fn emit(analysis: &mut Analysis<'_>, lexicon: &Lexicon, options: &EmitOptions) -> DocGraph {
    let doc = analysis.doc;
    let text = &doc.text;
    let base = &options.base;
    let iri = document_iri(base, text);
    let chars = CharIndex::new(text);
    let mut w = Writer {
        graph: GraphName::NamedNode(iri.clone()),
        shared: GraphName::NamedNode(entities_graph(base)),
        quads: Vec::new(),
    };
    let frag = |b: usize, e: usize| {
        NamedNode::new_unchecked(format!("{}#char={},{}", iri.as_str(), chars.chars(b), chars.chars(e)))
    };

    // the article
    w.add(&iri, rdf::TYPE, schema::NEWS_ARTICLE);
    w.add(&iri, rdf::TYPE, nif::CONTEXT);
    w.add(&iri, nif::IS_STRING, Literal::new_simple_literal(text.as_str()));
    w.add(&iri, nif::BEGIN_INDEX, int(0));
    w.add(&iri, nif::END_INDEX, int(chars.chars(text.len())));
    if let Some(h) = &doc.headline {
        w.add(&iri, schema::HEADLINE, Literal::new_simple_literal(h.as_str()));
    }
    if let Some(p) = doc.published {
        let literal = match p {
            crate::ingest::Published::Date(d) => Literal::new_typed_literal(d.to_string(), xsd::DATE),
            crate::ingest::Published::DateTime(dt) => {
                Literal::new_typed_literal(dt.strftime("%Y-%m-%dT%H:%M:%S").to_string(), xsd::DATE_TIME)
            }
        };
        w.add(&iri, schema::DATE_PUBLISHED, literal);
    }
    if let Some(p) = &doc.publisher {
        w.add(&iri, schema::PUBLISHER, Literal::new_simple_literal(p.as_str()));
    }
    if let Some(a) = &doc.author {
        w.add(&iri, schema::AUTHOR, Literal::new_simple_literal(a.as_str()));
    }
    if let Some(u) = &doc.url {
        match NamedNode::new(u.as_str()) {
            Ok(n) => w.add(&iri, schema::URL, n),
            Err(_) => w.add(&iri, schema::URL, Literal::new_simple_literal(u.as_str())),
        }
    }
    if let Some(id) = &doc.id {
        w.add(&iri, schema::IDENTIFIER, Literal::new_simple_literal(id.as_str()));
    }

    // sentences
    let sentence_iris: Vec<NamedNode> = analysis.seg.sentences.iter().map(|s| frag(s.span.start, s.span.end)).collect();
    for (s, sentence) in analysis.seg.sentences.iter().enumerate() {
        let node = &sentence_iris[s];
        w.add(node, rdf::TYPE, nif::SENTENCE);
        w.add(node, nif::BEGIN_INDEX, int(chars.chars(sentence.span.start)));
        w.add(node, nif::END_INDEX, int(chars.chars(sentence.span.end)));
        w.add(node, nif::ANCHOR_OF, Literal::new_simple_literal(&text[sentence.span.clone()]));
        w.add(node, nif::REFERENCE_CONTEXT, iri.clone());
    }

    // the states that affiliations point at are entities of the graph too
    let affiliations: Vec<usize> = analysis.linked.entities.iter().filter_map(|e| e.country).collect();
    for c in affiliations {
        analysis.linked.country_entity(lexicon, c);
    }
    let entity_iris: Vec<NamedNode> =
        analysis.linked.entities.iter().map(|e| NamedNode::new_unchecked(format!("{base}{}", e.key))).collect();

    // mentions
    for m in &analysis.linked.mentions {
        let node = frag(m.span.start, m.span.end);
        w.add(&node, rdf::TYPE, nif::PHRASE);
        w.add(&node, nif::BEGIN_INDEX, int(chars.chars(m.span.start)));
        w.add(&node, nif::END_INDEX, int(chars.chars(m.span.end)));
        w.add(&node, nif::ANCHOR_OF, Literal::new_simple_literal(&text[m.span.clone()]));
        w.add(&node, nif::REFERENCE_CONTEXT, iri.clone());
        w.add(&node, nif::SENTENCE_PROP, sentence_iris[m.sentence].clone());
        w.add(&node, itsrdf::TA_IDENT_REF, entity_iris[m.entity].clone());
        w.add(&node, itsrdf::TA_CLASS_REF, analysis.linked.entities[m.entity].kind.class());
    }

    // entities
    for (e, entity) in analysis.linked.entities.iter().enumerate() {
        let node = &entity_iris[e];
        w.add_shared(node, rdf::TYPE, entity.kind.class());
        w.add_shared(node, rdfs::LABEL, Literal::new_simple_literal(entity.label.as_str()));
        for alt in &entity.alt_labels {
            w.add_shared(node, skos::ALT_LABEL, Literal::new_simple_literal(alt.as_str()));
        }
        if let Some(i) = entity.country_index {
            let c = &lexicon.countries[i];
            w.add_shared(node, ng::ISO_CODE, Literal::new_simple_literal(c.alpha3.as_str()));
            w.add_shared(node, ng::ISO_CODE, Literal::new_simple_literal(c.alpha2.as_str()));
        }
        if let Some(t) = &entity.title {
            w.add_shared(node, schema::JOB_TITLE, Literal::new_simple_literal(t.as_str()));
        }
        if let Some(c) = entity.country {
            let country = NamedNode::new_unchecked(format!("{base}country/{}", lexicon.countries[c].alpha3));
            let p = match entity.kind {
                EntityType::Person | EntityType::Organization | EntityType::Group => schema::AFFILIATION,
                EntityType::Product | EntityType::Weapon | EntityType::Vehicle => ng::MANUFACTURER,
                _ => schema::CONTAINED_IN_PLACE,
            };
            w.add_shared(node, p, country);
        }
        for same in &entity.same_as {
            if let Ok(n) = NamedNode::new(same.as_str()) {
                w.add_shared(node, owl::SAME_AS, n);
            }
        }
        if analysis.linked.mentions.iter().any(|m| m.entity == e) {
            w.add(node, ng::MENTIONED_IN, iri.clone());
        }
    }

    // concepts and events
    let arg_node = |arg: &Arg| match arg {
        Arg::Entity(e) => entity_iris[*e].clone(),
        Arg::Concept(c) => NamedNode::new_unchecked(format!("{base}concept/{}", slug(c))),
    };
    let mut concepts = BTreeSet::new();
    for e in &analysis.events {
        for (_, a) in &e.roles {
            if let Arg::Concept(c) = a {
                concepts.insert(c.clone());
            }
        }
        for a in e.claimed_by.iter().chain(&e.reported_by) {
            if let Arg::Concept(c) = a {
                concepts.insert(c.clone());
            }
        }
    }
    for c in &concepts {
        let node = arg_node(&Arg::Concept(c.clone()));
        w.add_shared(&node, rdf::TYPE, ng::CONCEPT);
        w.add_shared(&node, rdfs::LABEL, Literal::new_simple_literal(c.as_str()));
    }
    let doc_hash = iri.as_str().rsplit('/').next().unwrap_or_default().to_owned();
    // an event told again from one trigger (a denied charge's act, once for each side) is
    // another node: its key counts the ones before it
    let mut told: HashMap<(usize, &str), usize> = HashMap::new();
    let event_iris: Vec<NamedNode> = analysis
        .events
        .iter()
        .map(|e| {
            let t = &analysis.seg.tokens[e.trigger];
            let mut key = format!("{doc_hash}:{}:{}:{}", t.start, t.end, e.class);
            let before = told.entry((e.trigger, e.class.as_str())).or_default();
            if *before > 0 {
                key.push_str(&format!(":{before}"));
            }
            *before += 1;
            NamedNode::new_unchecked(format!("{base}event/{}", hex(&Sha256::digest(key.as_bytes())[..12])))
        })
        .collect();
    for (k, e) in analysis.events.iter().enumerate() {
        let node = &event_iris[k];
        let class = lexicon.class(&e.class);
        w.add(node, rdf::TYPE, vocab::ng_term(&e.class));
        if let Some(code) = class.and_then(|c| c.cameo.as_deref()) {
            w.add(node, ng::CAMEO, Literal::new_simple_literal(code));
        }
        let t = &analysis.seg.tokens[e.trigger];
        w.add(node, ng::TRIGGER, Literal::new_simple_literal(&text[t.start..t.end]));
        for (role, arg) in &e.roles {
            w.add(node, role.property(), arg_node(arg));
        }
        w.add(node, ng::NEGATED, Literal::from(e.negated));
        let modality = match e.modality {
            Modality::Asserted => ng::ASSERTED,
            Modality::Possible => ng::POSSIBLE,
            Modality::Future => ng::FUTURE,
            Modality::Intended => ng::INTENDED,
            Modality::Alleged => ng::ALLEGED,
        };
        w.add(node, ng::MODALITY_PROP, modality);
        if let Some(time) = e.time {
            let datatype = match time {
                crate::relate::time::TimeValue::Date(_) => xsd::DATE,
                crate::relate::time::TimeValue::Month(..) => xsd::G_YEAR_MONTH,
                crate::relate::time::TimeValue::Year(_) => xsd::G_YEAR,
            };
            w.add(node, ng::TIME, Literal::new_typed_literal(time.lexical(), datatype));
        }
        for c in &e.content {
            w.add(node, ng::CONTENT, event_iris[*c].clone());
        }
        if let Some(c) = &e.claimed_by {
            w.add(node, ng::CLAIMED_BY, arg_node(c));
        }
        for r in &e.reported_by {
            w.add(node, ng::REPORTED_BY, arg_node(r));
        }
        if let Some(q) = &e.quote {
            w.add(node, ng::QUOTE, Literal::new_simple_literal(&text[q.clone()]));
        }
        w.add(node, ng::RULE, Literal::new_simple_literal(e.rule));
        w.add(node, ng::CONFIDENCE, Literal::new_typed_literal(format!("{:.2}", e.confidence), xsd::DECIMAL));
        w.add(node, prov::WAS_DERIVED_FROM, sentence_iris[e.sentence].clone());
        // shortcut edges only for what the text itself asserts happened
        let fact = !e.negated && e.modality == Modality::Asserted && e.claimed_by.is_none();
        if let (true, Some(class)) = (fact, class) {
            for agent in e.role(Role::Agent) {
                let a = arg_node(agent);
                if let Some(p) = &class.shortcut {
                    for target in e.role(Role::Patient).chain(e.role(Role::Theme)) {
                        w.add(&a, vocab::ng_term(p).as_ref(), arg_node(target));
                    }
                }
                if let Some(p) = &class.shortcut_recipient {
                    for target in e.role(Role::Recipient) {
                        w.add(&a, vocab::ng_term(p).as_ref(), arg_node(target));
                    }
                }
            }
        }
    }
    let stats = DocStats {
        sentences: analysis.seg.sentences.len(),
        mentions: analysis.linked.mentions.len(),
        events: analysis.events.len(),
        bytes: text.len(),
    };
    let entities = analysis.linked.entities.iter().map(|e| e.key.clone()).collect();
    DocGraph { iri, quads: w.quads, stats, entities }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::pipeline::Pipeline;

    fn graph(text: &str) -> DocGraph {
        let lexicon = Lexicon::shipped().expect("data");
        let doc = Document { text: text.into(), regions: vec![0..text.len()], ..Document::default() };
        let mut analysis = Pipeline::new(&lexicon).analyse(&doc);
        emit(&mut analysis, &lexicon, &EmitOptions::default())
    }

    fn has(g: &DocGraph, s_suffix: &str, p: NamedNodeRef<'_>, o: &str) -> bool {
        g.quads
            .iter()
            .any(|q| q.subject.to_string().ends_with(s_suffix) && q.predicate == p && q.object.to_string() == o)
    }

    #[test]
    fn mentions_carry_code_point_offsets() {
        // "’" is three bytes but one code point: offsets after it must count code points
        let g = graph("Tehran’s envoy met Putin. Iran sent drones to Russia.");
        assert!(has(&g, "#char=19,24>", nif::ANCHOR_OF, "\"Putin\""));
        assert!(has(&g, "#char=0,25>", rdf::TYPE, &format!("<{}>", nif::SENTENCE.as_str())));
    }

    #[test]
    fn the_same_text_gives_the_same_iris_and_quads() {
        let a = graph("Iran sent drones to Russia.");
        let b = graph("Iran sent drones to Russia.");
        assert_eq!(a.iri, b.iri);
        assert_eq!(a.quads, b.quads);
        assert_ne!(a.iri, graph("Iran sent missiles to Russia.").iri);
    }

    #[test]
    fn entities_go_to_the_shared_graph_and_events_to_the_document() {
        let g = graph("Iran sent drones to Russia.");
        let shared = GraphName::NamedNode(entities_graph(vocab::DEFAULT_BASE));
        let own = GraphName::NamedNode(g.iri.clone());
        let iran = format!("<{}country/IRN>", vocab::DEFAULT_BASE);
        let graph_of = |p: NamedNodeRef<'_>| {
            g.quads
                .iter()
                .filter(|q| q.subject.to_string() == iran && q.predicate == p)
                .map(|q| q.graph_name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(graph_of(rdfs::LABEL), std::slice::from_ref(&shared));
        assert_eq!(graph_of(rdf::TYPE), std::slice::from_ref(&shared));
        assert_eq!(graph_of(ng::MENTIONED_IN), std::slice::from_ref(&own));
        let events: Vec<&Quad> = g.quads.iter().filter(|q| q.predicate == ng::AGENT).collect();
        assert!(!events.is_empty() && events.iter().all(|q| q.graph_name == own));
    }

    #[test]
    fn shortcut_edges_only_for_facts() {
        let fact = graph("Iran sent drones to Russia.");
        let iran = format!("{}country/IRN", vocab::DEFAULT_BASE);
        let supplies_to = vocab::ng_term("suppliesTo");
        let edge = |g: &DocGraph| {
            g.quads.iter().any(|q| q.subject.to_string() == format!("<{iran}>") && q.predicate == supplies_to)
        };
        assert!(edge(&fact));
        assert!(!edge(&graph("Iran did not send drones to Russia.")));
        assert!(!edge(&graph("Officials said Iran sent drones to Russia.")));
        assert!(!edge(&graph("Iran will send drones to Russia.")));
    }
}
