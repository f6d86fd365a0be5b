//! Turns one analysed document into quads in its own named graph: the article (schema.org),
//! sentences and mentions (NIF), entities, events with roles, statements with their content,
//! and shortcut edges for facts the text asserts.

use crate::lexicon::{EntityType, Lexicon};
use crate::link::slug;
use crate::pipeline::Analysis;
use crate::relate::{Arg, Modality, Role};
use crate::segment::CharIndex;
use crate::vocab::{self, itsrdf, ng, nif, owl, prov, rdf, rdfs, schema, skos, xsd};
use oxigraph::model::{GraphNameRef, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

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
    pub quads: Quads,
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
    let mut s = String::with_capacity(bytes.len() * 2);
    push_hex(&mut s, bytes);
    s
}

fn push_hex(s: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// An IRI of a document's graph: one of the vocabulary's constants, or one the graph spells in
/// its buffer (a byte range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Vocab(NamedNodeRef<'static>),
    Own(usize, usize),
}

impl From<NamedNodeRef<'static>> for Node {
    fn from(n: NamedNodeRef<'static>) -> Self {
        Node::Vocab(n)
    }
}

/// An object: an IRI, or a literal whose value is a range of the buffer, with its datatype
/// (none: a simple literal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    Node(Node),
    Literal(usize, usize, Option<NamedNodeRef<'static>>),
}

impl From<Node> for Object {
    fn from(n: Node) -> Self {
        Object::Node(n)
    }
}

impl From<NamedNodeRef<'static>> for Object {
    fn from(n: NamedNodeRef<'static>) -> Self {
        Object::Node(Node::Vocab(n))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    subject: Node,
    predicate: Node,
    object: Object,
    /// In the shared entity graph, not the document's own.
    shared: bool,
}

/// One document's quads, kept compact: every IRI and literal value the graph spells is a range
/// of one buffer, which begins with the document's text (so sentences, mentions, triggers and
/// quotes cost nothing), and the vocabulary's IRIs stay constants. Owned oxigraph quads cost
/// four allocations each, made and freed again, which was a quarter of the whole pipeline's
/// time. Read them as [`QuadRef`]s; a store's loader makes them owned as it takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quads {
    buf: String,
    graph: NamedNode,
    shared: NamedNode,
    entries: Vec<Entry>,
}

impl Quads {
    /// How many quads.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The quads, in their fixed order.
    pub fn iter(&self) -> Iter<'_> {
        Iter { quads: self, entries: self.entries.iter() }
    }

    fn node(&self, n: Node) -> NamedNodeRef<'_> {
        match n {
            Node::Vocab(n) => n,
            Node::Own(a, b) => NamedNodeRef::new_unchecked(&self.buf[a..b]),
        }
    }

    fn quad(&self, e: &Entry) -> QuadRef<'_> {
        let object = match e.object {
            Object::Node(n) => TermRef::NamedNode(self.node(n)),
            Object::Literal(a, b, None) => TermRef::Literal(LiteralRef::new_simple_literal(&self.buf[a..b])),
            Object::Literal(a, b, Some(datatype)) => {
                TermRef::Literal(LiteralRef::new_typed_literal(&self.buf[a..b], datatype))
            }
        };
        let graph = if e.shared { &self.shared } else { &self.graph };
        QuadRef {
            subject: NamedOrBlankNodeRef::NamedNode(self.node(e.subject)),
            predicate: self.node(e.predicate),
            object,
            graph_name: GraphNameRef::NamedNode(graph.as_ref()),
        }
    }
}

/// The quads of a [`Quads`], borrowed.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    quads: &'a Quads,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = QuadRef<'a>;

    fn next(&mut self) -> Option<QuadRef<'a>> {
        self.entries.next().map(|e| self.quads.quad(e))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Quads {
    type Item = QuadRef<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Builds a [`Quads`].
struct Writer {
    quads: Quads,
}

impl Writer {
    /// An IRI spelled by `spell` into the buffer.
    fn iri(&mut self, spell: impl FnOnce(&mut String)) -> Node {
        let a = self.quads.buf.len();
        spell(&mut self.quads.buf);
        Node::Own(a, self.quads.buf.len())
    }

    /// A literal with the given value.
    fn literal(&mut self, value: &str, datatype: Option<NamedNodeRef<'static>>) -> Object {
        let a = self.quads.buf.len();
        self.quads.buf.push_str(value);
        Object::Literal(a, self.quads.buf.len(), datatype)
    }

    /// A simple literal of a part of the document's text, which the buffer begins with.
    fn text(&self, span: &std::ops::Range<usize>) -> Object {
        Object::Literal(span.start, span.end, None)
    }

    /// A count.
    fn int(&mut self, n: usize) -> Object {
        let a = self.quads.buf.len();
        self.quads.buf.push_str(itoa::Buffer::new().format(n));
        Object::Literal(a, self.quads.buf.len(), Some(xsd::NON_NEGATIVE_INTEGER))
    }

    /// A NIF string of the document (a sentence, a mention): its code-point offsets, its text
    /// and the document it belongs to.
    fn nif_span(&mut self, node: Node, span: &std::ops::Range<usize>, chars: &CharIndex, doc: Node) {
        let o = self.int(chars.chars(span.start));
        self.add(node, nif::BEGIN_INDEX, o);
        let o = self.int(chars.chars(span.end));
        self.add(node, nif::END_INDEX, o);
        self.add(node, nif::ANCHOR_OF, self.text(span));
        self.add(node, nif::REFERENCE_CONTEXT, doc);
    }

    /// A quad of the document's own graph.
    fn add(&mut self, subject: Node, predicate: impl Into<Node>, object: impl Into<Object>) {
        let entry = Entry { subject, predicate: predicate.into(), object: object.into(), shared: false };
        self.quads.entries.push(entry);
    }

    /// A quad of the shared entity graph: what an entity is does not depend on the document,
    /// and stating it once keeps union-graph queries free of repeated rows.
    fn add_shared(&mut self, subject: Node, predicate: impl Into<Node>, object: impl Into<Object>) {
        let entry = Entry { subject, predicate: predicate.into(), object: object.into(), shared: true };
        self.quads.entries.push(entry);
    }
}

/// The named graph that holds what entities and concepts are (type, names, codes, titles,
/// affiliations), shared by all documents.
pub fn entities_graph(base: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}entities"))
}

/// Emits the graph of an analysed document.
pub fn emit(analysis: &mut Analysis<'_>, lexicon: &Lexicon, options: &EmitOptions) -> DocGraph {
    let doc = analysis.doc;
    let text = &doc.text;
    let base = &options.base;
    let iri = document_iri(base, text);
    let chars = CharIndex::new(text);
    let mut w = Writer {
        quads: Quads {
            buf: String::with_capacity(text.len() * 4),
            graph: iri.clone(),
            shared: entities_graph(base),
            entries: Vec::with_capacity(64 + text.len() / 4),
        },
    };
    w.quads.buf.push_str(text);
    let doc_node = w.iri(|b| b.push_str(iri.as_str()));
    let frag = |w: &mut Writer, b: usize, e: usize| {
        w.iri(|buf| {
            buf.push_str(iri.as_str());
            buf.push_str("#char=");
            buf.push_str(itoa::Buffer::new().format(chars.chars(b)));
            buf.push(',');
            buf.push_str(itoa::Buffer::new().format(chars.chars(e)));
        })
    };

    // the article
    w.add(doc_node, rdf::TYPE, schema::NEWS_ARTICLE);
    w.add(doc_node, rdf::TYPE, nif::CONTEXT);
    w.add(doc_node, nif::IS_STRING, w.text(&(0..text.len())));
    let o = w.int(0);
    w.add(doc_node, nif::BEGIN_INDEX, o);
    let o = w.int(chars.chars(text.len()));
    w.add(doc_node, nif::END_INDEX, o);
    if let Some(h) = &doc.headline {
        let o = w.literal(h, None);
        w.add(doc_node, schema::HEADLINE, o);
    }
    if let Some(p) = doc.published {
        let o = match p {
            crate::ingest::Published::Date(d) => w.literal(&d.to_string(), Some(xsd::DATE)),
            crate::ingest::Published::DateTime(dt) => {
                w.literal(&dt.strftime("%Y-%m-%dT%H:%M:%S").to_string(), Some(xsd::DATE_TIME))
            }
        };
        w.add(doc_node, schema::DATE_PUBLISHED, o);
    }
    if let Some(p) = &doc.publisher {
        let o = w.literal(p, None);
        w.add(doc_node, schema::PUBLISHER, o);
    }
    if let Some(a) = &doc.author {
        let o = w.literal(a, None);
        w.add(doc_node, schema::AUTHOR, o);
    }
    if let Some(u) = &doc.url {
        let o = match NamedNodeRef::new(u) {
            Ok(_) => Object::Node(w.iri(|b| b.push_str(u))),
            Err(_) => w.literal(u, None),
        };
        w.add(doc_node, schema::URL, o);
    }
    if let Some(id) = &doc.id {
        let o = w.literal(id, None);
        w.add(doc_node, schema::IDENTIFIER, o);
    }

    // sentences
    let sentence_iris: Vec<Node> =
        analysis.seg.sentences.iter().map(|s| frag(&mut w, s.span.start, s.span.end)).collect();
    for (s, sentence) in analysis.seg.sentences.iter().enumerate() {
        let node = sentence_iris[s];
        w.add(node, rdf::TYPE, nif::SENTENCE);
        w.nif_span(node, &sentence.span, &chars, doc_node);
    }

    // the states that affiliations point at are entities of the graph too
    let affiliations: Vec<usize> = analysis.linked.entities.iter().filter_map(|e| e.country).collect();
    for c in affiliations {
        analysis.linked.country_entity(lexicon, c);
    }
    let entity_iris: Vec<Node> = analysis
        .linked
        .entities
        .iter()
        .map(|e| {
            w.iri(|b| {
                b.push_str(base);
                b.push_str(&e.key);
            })
        })
        .collect();

    // mentions
    for m in &analysis.linked.mentions {
        let node = frag(&mut w, m.span.start, m.span.end);
        w.add(node, rdf::TYPE, nif::PHRASE);
        w.nif_span(node, &m.span, &chars, doc_node);
        w.add(node, nif::SENTENCE_PROP, sentence_iris[m.sentence]);
        w.add(node, itsrdf::TA_IDENT_REF, entity_iris[m.entity]);
        w.add(node, itsrdf::TA_CLASS_REF, analysis.linked.entities[m.entity].kind.class());
    }

    // entities
    let mut mentioned = vec![false; analysis.linked.entities.len()];
    for m in &analysis.linked.mentions {
        mentioned[m.entity] = true;
    }
    for (e, entity) in analysis.linked.entities.iter().enumerate() {
        let node = entity_iris[e];
        w.add_shared(node, rdf::TYPE, entity.kind.class());
        let o = w.literal(&entity.label, None);
        w.add_shared(node, rdfs::LABEL, o);
        for alt in &entity.alt_labels {
            let o = w.literal(alt, None);
            w.add_shared(node, skos::ALT_LABEL, o);
        }
        if let Some(i) = entity.country_index {
            let c = &lexicon.countries[i];
            let o = w.literal(&c.alpha3, None);
            w.add_shared(node, ng::ISO_CODE, o);
            let o = w.literal(&c.alpha2, None);
            w.add_shared(node, ng::ISO_CODE, o);
        }
        if let Some(t) = &entity.title {
            let o = w.literal(t, None);
            w.add_shared(node, schema::JOB_TITLE, o);
        }
        if let Some(c) = entity.country {
            let country = w.iri(|b| {
                b.push_str(base);
                b.push_str("country/");
                b.push_str(&lexicon.countries[c].alpha3);
            });
            let p = match entity.kind {
                EntityType::Person | EntityType::Organization | EntityType::Group => schema::AFFILIATION,
                EntityType::Product | EntityType::Weapon | EntityType::Vehicle => ng::MANUFACTURER,
                _ => schema::CONTAINED_IN_PLACE,
            };
            w.add_shared(node, p, country);
        }
        for same in &entity.same_as {
            if NamedNodeRef::new(same).is_ok() {
                let o = w.iri(|b| b.push_str(same));
                w.add_shared(node, owl::SAME_AS, o);
            }
        }
        if mentioned[e] {
            w.add(node, ng::MENTIONED_IN, doc_node);
        }
    }

    // concepts and events
    let mut concepts = BTreeSet::new();
    for e in &analysis.events {
        for (_, a) in &e.roles {
            if let Arg::Concept(c) = a {
                concepts.insert(c.as_str());
            }
        }
        for a in e.claimed_by.iter().chain(&e.reported_by) {
            if let Arg::Concept(c) = a {
                concepts.insert(c.as_str());
            }
        }
    }
    let mut concept_iris: HashMap<&str, Node> = HashMap::with_capacity(concepts.len());
    for c in concepts {
        let node = w.iri(|b| {
            b.push_str(base);
            b.push_str("concept/");
            b.push_str(&slug(c));
        });
        w.add_shared(node, rdf::TYPE, ng::CONCEPT);
        let o = w.literal(c, None);
        w.add_shared(node, rdfs::LABEL, o);
        concept_iris.insert(c, node);
    }
    let arg_node = |arg: &Arg| match arg {
        Arg::Entity(e) => entity_iris[*e],
        // every concept was given its node above
        Arg::Concept(c) => concept_iris[c.as_str()],
    };
    let doc_hash = iri.as_str().rsplit('/').next().unwrap_or_default();
    // an event told again from one trigger (a denied charge's act, once for each side) is
    // another node: its key counts the ones before it
    let mut told: HashMap<(usize, &str), usize> = HashMap::new();
    let mut key = String::new();
    let mut event_iris: Vec<Node> = Vec::with_capacity(analysis.events.len());
    for e in &analysis.events {
        let t = &analysis.seg.tokens[e.trigger];
        key.clear();
        let _ = write!(key, "{doc_hash}:{}:{}:{}", t.start, t.end, e.class);
        let before = told.entry((e.trigger, e.class.as_str())).or_default();
        if *before > 0 {
            let _ = write!(key, ":{before}");
        }
        *before += 1;
        let node = w.iri(|b| {
            b.push_str(base);
            b.push_str("event/");
            push_hex(b, &Sha256::digest(key.as_bytes())[..12]);
        });
        event_iris.push(node);
    }
    let mut class_iris: HashMap<&str, Node> = HashMap::new();
    for (k, e) in analysis.events.iter().enumerate() {
        let node = event_iris[k];
        let class = lexicon.class(&e.class);
        let class_node = *class_iris.entry(e.class.as_str()).or_insert_with(|| ng_iri(&mut w, &e.class));
        w.add(node, rdf::TYPE, class_node);
        if let Some(code) = e.cameo(lexicon) {
            let o = w.literal(code, None);
            w.add(node, ng::CAMEO, o);
            if let Some(plover) = crate::codes::plover(code) {
                let o = w.literal(plover, None);
                w.add(node, ng::PLOVER, o);
            }
        }
        let t = &analysis.seg.tokens[e.trigger];
        w.add(node, ng::TRIGGER, w.text(&(t.start..t.end)));
        for (role, arg) in &e.roles {
            w.add(node, role.property(), arg_node(arg));
        }
        let o = w.literal(if e.negated { "true" } else { "false" }, Some(xsd::BOOLEAN));
        w.add(node, ng::NEGATED, o);
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
            let o = w.literal(&time.lexical(), Some(datatype));
            w.add(node, ng::TIME, o);
        }
        for c in &e.content {
            w.add(node, ng::CONTENT, event_iris[*c]);
        }
        if let Some(c) = &e.claimed_by {
            w.add(node, ng::CLAIMED_BY, arg_node(c));
        }
        for r in &e.reported_by {
            w.add(node, ng::REPORTED_BY, arg_node(r));
        }
        if let Some(q) = &e.quote {
            w.add(node, ng::QUOTE, w.text(q));
        }
        let o = w.literal(e.rule, None);
        w.add(node, ng::RULE, o);
        let o = w.literal(&format!("{:.2}", e.confidence), Some(xsd::DECIMAL));
        w.add(node, ng::CONFIDENCE, o);
        w.add(node, prov::WAS_DERIVED_FROM, sentence_iris[e.sentence]);
        // shortcut edges only for what the text itself asserts happened
        let fact = !e.negated && e.modality == Modality::Asserted && e.claimed_by.is_none();
        if let (true, Some(class)) = (fact, class) {
            for agent in e.role(Role::Agent) {
                let a = arg_node(agent);
                if let Some(p) = &class.shortcut {
                    let p = ng_iri(&mut w, p);
                    for target in e.role(Role::Patient).chain(e.role(Role::Theme)) {
                        w.add(a, p, arg_node(target));
                    }
                }
                if let Some(p) = &class.shortcut_recipient {
                    let p = ng_iri(&mut w, p);
                    for target in e.role(Role::Recipient) {
                        w.add(a, p, arg_node(target));
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

/// The `ng:` term of a local name (an event class, a shortcut property).
fn ng_iri(w: &mut Writer, local: &str) -> Node {
    w.iri(|b| vocab::push_ng_term(b, local))
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
        // in ASCII text the byte offsets are the code-point offsets
        let g = graph("Iran sent drones to Russia.");
        assert!(has(&g, "#char=20,26>", nif::ANCHOR_OF, "\"Russia\""));
        assert!(has(
            &g,
            "#char=20,26>",
            nif::BEGIN_INDEX,
            &format!("\"20\"^^<{}>", xsd::NON_NEGATIVE_INTEGER.as_str())
        ));
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
        let shared_graph = entities_graph(vocab::DEFAULT_BASE);
        let shared = GraphNameRef::NamedNode(shared_graph.as_ref());
        let own = GraphNameRef::NamedNode(g.iri.as_ref());
        let iran = format!("<{}country/IRN>", vocab::DEFAULT_BASE);
        let graph_of = |p: NamedNodeRef<'_>| {
            g.quads
                .iter()
                .filter(|q| q.subject.to_string() == iran && q.predicate == p)
                .map(|q| q.graph_name)
                .collect::<Vec<_>>()
        };
        assert_eq!(graph_of(rdfs::LABEL), std::slice::from_ref(&shared));
        assert_eq!(graph_of(rdf::TYPE), std::slice::from_ref(&shared));
        assert_eq!(graph_of(ng::MENTIONED_IN), std::slice::from_ref(&own));
        let events: Vec<QuadRef<'_>> = g.quads.iter().filter(|q| q.predicate == ng::AGENT).collect();
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
