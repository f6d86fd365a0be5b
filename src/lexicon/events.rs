//! Event words and classes: verbs and nouns with their frames, the ontology's classes, and
//! what an object makes of an event (`verbs.tsv`, `nouns.tsv`, `objects.tsv`).

/// What an event becomes for its object ("struck a deal": an agreement), from `objects.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The event class.
    pub class: String,
    /// The frame its roles then follow.
    pub frame: Frame,
}

/// How an event word's neighbours fill its roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// Reported speech: subject says a clause.
    Speech,
    /// Reported speech with the hearer as object.
    Tell,
    /// Denial: the content is negated.
    Deny,
    /// Transfer of a theme to a recipient.
    Transfer,
    /// Transfer seen from the recipient: the subject receives, "from" gives.
    Receive,
    /// Two parties do it together (symmetric).
    Dyadic,
    /// An act upon a patient.
    Act,
    /// Use of a theme.
    Use,
    /// A request to another to do something.
    Request,
    /// An intent to do something oneself.
    Intent,
    /// Movement to a place or party.
    Move,
    /// A verb that names no event ("begin", "expect").
    None,
}

impl EventWord {
    /// Whether the word names an event.
    pub fn is_event(&self) -> bool {
        self.frame != Frame::None
    }
}

impl Frame {
    pub(super) fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "speech" => Self::Speech,
            "tell" => Self::Tell,
            "deny" => Self::Deny,
            "transfer" => Self::Transfer,
            "receive" => Self::Receive,
            "dyadic" => Self::Dyadic,
            "act" => Self::Act,
            "use" => Self::Use,
            "request" => Self::Request,
            "intent" => Self::Intent,
            "move" => Self::Move,
            _ => return None,
        })
    }

    /// Whether the frame reports what someone says or asks (its content is a claim).
    pub fn is_speech(self) -> bool {
        matches!(self, Self::Speech | Self::Tell | Self::Deny)
    }
}

/// An event class of the ontology.
#[derive(Debug, Clone)]
pub struct EventClass {
    /// Local name (`Supply`).
    pub name: String,
    /// CAMEO root code, if CAMEO has one.
    pub cameo: Option<String>,
    /// Shortcut property to the patient or theme.
    pub shortcut: Option<String>,
    /// Shortcut property to the recipient.
    pub shortcut_recipient: Option<String>,
}

/// An event word: verb or noun (or a verb of no event, with frame [`Frame::None`]).
#[derive(Debug, Clone)]
pub struct EventWord {
    /// The lemma.
    pub lemma: String,
    /// The event class's local name.
    pub class: String,
    /// How its roles are filled.
    pub frame: Frame,
}
