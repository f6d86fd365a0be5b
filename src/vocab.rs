//! Every IRI the graph uses, defined once: namespaces, `ng:` terms and the outside vocabularies.

use oxigraph::model::NamedNodeRef;

/// Defines a module of `NamedNodeRef` constants under one namespace, so each term is spelled once.
macro_rules! namespace {
    ($module:ident, $ns:literal, { $($name:ident = $local:literal),* $(,)? }) => {
        #[allow(missing_docs)]
        pub mod $module {
            use super::NamedNodeRef;
            /// The namespace IRI.
            pub const NS: &str = $ns;
            $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));)*
        }
    };
}

namespace!(ng, "https://w3id.org/newsgraph/ontology#", {
    // classes of things
    PERSON = "Person",
    ORGANIZATION = "Organization",
    LOCATION = "Location",
    COUNTRY = "Country",
    CITY = "City",
    PRODUCT = "Product",
    WEAPON = "Weapon",
    VEHICLE = "Vehicle",
    GROUP = "Group",
    MISC = "Misc",
    CONCEPT = "Concept",
    EVENT = "Event",
    CLAIM = "Claim",
    // modalities
    ASSERTED = "Asserted",
    POSSIBLE = "Possible",
    FUTURE = "Future",
    INTENDED = "Intended",
    ALLEGED = "Alleged",
    MODALITY = "Modality",
    // event properties
    AGENT = "agent",
    PATIENT = "patient",
    THEME = "theme",
    RECIPIENT = "recipient",
    LOCATION_ROLE = "location",
    INSTRUMENT = "instrument",
    CONTENT = "content",
    CLAIMED_BY = "claimedBy",
    REPORTED_BY = "reportedBy",
    QUOTE = "quote",
    TRIGGER = "trigger",
    TIME = "time",
    NEGATED = "negated",
    MODALITY_PROP = "modality",
    CONFIDENCE = "confidence",
    RULE = "rule",
    CAMEO = "cameo",
    PLOVER = "plover",
    ISO_CODE = "isoCode",
    MENTIONED_IN = "mentionedIn",
    MANUFACTURER = "manufacturer",
    SHORTCUT_OF = "shortcutOf",
    SYMMETRIC = "symmetric",
    SUPPORTS = "supports",
    CONTRADICTS = "contradicts",
    CLAIM_CLASS = "claimClass",
    CLAIM_AGENT = "claimAgent",
    CLAIM_THEME = "claimTheme",
    CLAIM_YEAR = "claimYear",
    PARTICIPANT = "participant",
    SOURCE = "Source",
    TRIPLE_COUNT = "tripleCount",
    ALIGNMENT = "Alignment",
    ALIGNED_ENTITY = "alignedEntity",
    ALIGNED_WITH = "alignedWith",
    MATCHED_NAME = "matchedName",
    MATCHED_PROPERTY = "matchedProperty",
    TYPE_EVIDENCE = "typeEvidence",
});

namespace!(schema, "https://schema.org/", {
    NEWS_ARTICLE = "NewsArticle",
    HEADLINE = "headline",
    DATE_PUBLISHED = "datePublished",
    PUBLISHER = "publisher",
    AUTHOR = "author",
    URL = "url",
    IDENTIFIER = "identifier",
    JOB_TITLE = "jobTitle",
    AFFILIATION = "affiliation",
    NATIONALITY = "nationality",
    CONTAINED_IN_PLACE = "containedInPlace",
});

namespace!(prov, "http://www.w3.org/ns/prov#", {
    WAS_DERIVED_FROM = "wasDerivedFrom",
    HAD_PRIMARY_SOURCE = "hadPrimarySource",
    ENTITY = "Entity",
    GENERATED_AT_TIME = "generatedAtTime",
});

namespace!(nif, "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", {
    CONTEXT = "Context",
    SENTENCE = "Sentence",
    PHRASE = "Phrase",
    IS_STRING = "isString",
    BEGIN_INDEX = "beginIndex",
    END_INDEX = "endIndex",
    ANCHOR_OF = "anchorOf",
    REFERENCE_CONTEXT = "referenceContext",
    SENTENCE_PROP = "sentence",
});

namespace!(itsrdf, "http://www.w3.org/2005/11/its/rdf#", {
    TA_IDENT_REF = "taIdentRef",
    TA_CLASS_REF = "taClassRef",
});

namespace!(skos, "http://www.w3.org/2004/02/skos/core#", {
    ALT_LABEL = "altLabel",
});

namespace!(owl, "http://www.w3.org/2002/07/owl#", {
    SAME_AS = "sameAs",
});

namespace!(rdf, "http://www.w3.org/1999/02/22-rdf-syntax-ns#", {
    TYPE = "type",
});

namespace!(rdfs, "http://www.w3.org/2000/01/rdf-schema#", {
    LABEL = "label",
    SUB_CLASS_OF = "subClassOf",
});

namespace!(xsd, "http://www.w3.org/2001/XMLSchema#", {
    BOOLEAN = "boolean",
    DATE = "date",
    DATE_TIME = "dateTime",
    G_YEAR = "gYear",
    G_YEAR_MONTH = "gYearMonth",
    INTEGER = "integer",
    NON_NEGATIVE_INTEGER = "nonNegativeInteger",
    DECIMAL = "decimal",
});

/// The default base of resource IRIs (`ngr:`); `--base` changes it.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";

/// The named graph that holds the ontology inside a store.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newsgraph/ontology";

/// The ontology, as shipped.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/newsgraph.ttl");

/// Prefixes used when writing Turtle and TriG, so output reads as the design does.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ng", ng::NS),
    ("schema", schema::NS),
    ("prov", prov::NS),
    ("nif", nif::NS),
    ("itsrdf", itsrdf::NS),
    ("skos", skos::NS),
    ("owl", owl::NS),
    ("rdfs", rdfs::NS),
    ("xsd", xsd::NS),
];

/// The kinds of resource under the base, each an IRI path segment (`ngr:country/IRN`). SPARQL
/// and Turtle do not allow `/` in prefixed names, so each kind is also a prefix of its own:
/// `country:IRN`, `person:sergei-ryabkov`, `event:…`.
pub const RESOURCE_KINDS: &[&str] = &[
    "city",
    "concept",
    "country",
    "event",
    "group",
    "location",
    "misc",
    "organization",
    "person",
    "product",
    "vehicle",
    "weapon",
];

/// Every prefix the graph's IRIs are written with, for a resource base: the vocabularies, `ngr:`
/// and one per resource kind.
pub fn all_prefixes(base: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = PREFIXES.iter().map(|(p, n)| ((*p).to_owned(), (*n).to_owned())).collect();
    out.push(("rdf".into(), rdf::NS.into()));
    out.push(("ngr".into(), base.into()));
    for kind in RESOURCE_KINDS {
        out.push(((*kind).to_owned(), format!("{base}{kind}/")));
    }
    out
}

/// An `ng:` term by local name, for names that come from data files (event classes, shortcut
/// properties); callers check them against the ontology in tests.
pub fn ng_term(local: &str) -> oxigraph::model::NamedNode {
    let mut iri = String::with_capacity(ng::NS.len() + local.len());
    push_ng_term(&mut iri, local);
    oxigraph::model::NamedNode::new_unchecked(iri)
}

/// Spells the IRI of [`ng_term`] onto `out`, for writers that keep IRIs in a buffer of their own.
pub fn push_ng_term(out: &mut String, local: &str) {
    out.push_str(ng::NS);
    out.push_str(local);
}
