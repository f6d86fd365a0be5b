//! Runs the stages in order on one document: segment, tag, link, relate; `emit` then turns the
//! result into quads.

use crate::ingest::Document;
use crate::lexicon::Lexicon;
use crate::link::{Linked, link};
use crate::relate::{Arg, Event, Modality, Relater, Role, RuleRelater};
use crate::segment::{Segmentation, segment};
use crate::tag::{ModelTagger, Models, RuleTagger, Tagger, Tags};

/// The stages, set up once and shared by all threads.
#[derive(Debug, Clone, Copy)]
pub struct Pipeline<'a> {
    lexicon: &'a Lexicon,
    tagger: RuleTagger<'a>,
    models: Option<ModelTagger<'a>>,
    relater: RuleRelater<'a>,
}

/// What the stages found in one document.
#[derive(Debug, Clone)]
pub struct Analysis<'d> {
    /// The document.
    pub doc: &'d Document,
    /// Tokens and sentences.
    pub seg: Segmentation,
    /// Parts of speech and names.
    pub tags: Tags,
    /// Entities and mentions.
    pub linked: Linked,
    /// Events.
    pub events: Vec<Event>,
}

impl<'a> Pipeline<'a> {
    /// The pipeline over the given data.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Self { lexicon, tagger: RuleTagger::new(lexicon), models: None, relater: RuleRelater::new(lexicon) }
    }

    /// The pipeline with the trained name model finding names beyond the gazetteers.
    pub fn with_models(lexicon: &'a Lexicon, models: &'a Models) -> Self {
        Self { models: Some(ModelTagger::new(lexicon, models)), ..Self::new(lexicon) }
    }

    /// The data it reads.
    pub fn lexicon(&self) -> &'a Lexicon {
        self.lexicon
    }

    /// Runs every stage on a document.
    pub fn analyse<'d>(&self, doc: &'d Document) -> Analysis<'d> {
        let seg = segment(&doc.text, &doc.regions, self.lexicon);
        let tags = match &self.models {
            Some(tagger) => tagger.tag(&doc.text, &seg),
            None => self.tagger.tag(&doc.text, &seg),
        };
        let mut linked = link(&doc.text, &seg, &tags, self.lexicon);
        let events = self.relater.relate(doc, &seg, &tags, &mut linked);
        Analysis { doc, seg, tags, linked, events }
    }
}

impl Analysis<'_> {
    /// A filler's name, for messages and tests.
    pub fn arg_name(&self, arg: &Arg) -> String {
        match arg {
            Arg::Entity(e) => self.linked.entities[*e].label.clone(),
            Arg::Concept(c) => c.clone(),
        }
    }

    /// The events as compact one-line descriptions, in order:
    /// `Supply(agent=Iran theme=drone recipient=Russia negated future claimedBy=X content=[1])`,
    /// with content given as indexes into this list.
    pub fn describe_events(&self) -> Vec<String> {
        self.events
            .iter()
            .map(|e| {
                let mut parts = Vec::new();
                for role in [Role::Agent, Role::Patient, Role::Theme, Role::Recipient, Role::Location, Role::Instrument]
                {
                    for a in e.role(role) {
                        parts.push(format!("{}={}", format!("{role:?}").to_lowercase(), self.arg_name(a)));
                    }
                }
                if e.negated {
                    parts.push("negated".into());
                }
                if e.modality != Modality::Asserted {
                    parts.push(format!("{:?}", e.modality).to_lowercase());
                }
                if let Some(c) = &e.claimed_by {
                    parts.push(format!("claimedBy={}", self.arg_name(c)));
                }
                for r in &e.reported_by {
                    parts.push(format!("reportedBy={}", self.arg_name(r)));
                }
                if !e.content.is_empty() {
                    parts.push(format!("content={:?}", e.content));
                }
                format!("{}({})", e.class, parts.join(" "))
            })
            .collect()
    }
}
