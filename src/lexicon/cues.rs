//! Words that steer how clauses combine and what phrases stand for (`cues.tsv`), and what
//! may fill the roles of event classes (`roles.tsv`).

/// What a cue word does to the clauses around it (`cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// Its object noun is the event, its subject the agent ("imposed sanctions").
    Light,
    /// Its object is the subject of the infinitive after it ("asked Tehran to stop").
    ObjectControl,
    /// Its object does what the gerund after of, against or from says ("accused Russia of using").
    GerundControl,
    /// Its object does what the gerund after it says ("showed a delegation visiting").
    Perception,
    /// Its negation carries to the infinitive it governs ("did not agree to send").
    NegationPasses,
    /// Before "to", it puts what follows in the future ("is likely to attack").
    Raising,
    /// The infinitive after it is intended, not done ("is preparing to provide").
    Intent,
    /// A noun after which an infinitive is asked for, not done ("pressure from Congress to help").
    PressureNoun,
    /// A noun that makes the gerund after "of" intended ("no intention of helping").
    IntentNoun,
    /// A verb that ends the act its object noun names ("cut ties with", "suspended aid to",
    /// "lifted sanctions on"): what it then is, `codes/cameo-derived.tsv` says.
    Sever,
    /// A verb, or an adjective after "be", that before an infinitive commits its subject to
    /// what the infinitive says: an expression of intent, CAMEO 03 ("agreed to withdraw",
    /// "offered to host talks", "is willing to release").
    Commit,
    /// A verb that before an infinitive refuses what the infinitive says: a rejection, CAMEO
    /// 12, and the act is not done ("refused to release the prisoners", "declined to meet").
    Refuse,
    /// A noun for people who are no body or office ("civilians", "children"): actors as
    /// fillers of roles (`roles.tsv`).
    People,
    /// A noun for a kind of place ("town", "base", "hospital"), as a filler of roles.
    Place,
    /// A noun for a weapon, vehicle or other asset ("tank", "convoy"), as a filler of roles.
    Asset,
    /// A word before "strike" that makes it military ("an air strike"), not a walk-out.
    MilitaryModifier,
    /// A number or amount before "of", no part of what is counted ("hundreds of drones").
    Quantity,
    /// A noun naming the charge just made, as what a denial after a comma denies ("…, a charge
    /// New Delhi denied"): what is denied is what the charge accuses of.
    ChargeNoun,
    /// A head noun for a body that stands for the state or group modifying it ("US officials",
    /// "its forces").
    GroupHead,
    /// A head noun for one office holder ("Tehran's top diplomat").
    RoleHead,
    /// With "the" alone, the state the story is about ("the government said").
    StateHead,
    /// With "the" alone, the state that last used force ("the army said").
    ForceHead,
    /// A body or people that act, but not for what modifies them ("the opposition").
    ActorNoun,
    /// One person who speaks, so that "he" goes on with them ("the spokesman said … he said").
    PersonNoun,
    /// A kind of place whose name follows "of" ("the city of Kharkiv"): the named place is
    /// what the phrase refers to.
    PlaceHead,
    /// A verb whose subject is the target of the event its object noun names ("drew criticism
    /// from the EU", "faced threats from Moscow").
    TargetLight,
}

impl Cue {
    /// From its name in `cues.tsv`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "light" => Self::Light,
            "object-control" => Self::ObjectControl,
            "gerund-control" => Self::GerundControl,
            "perception" => Self::Perception,
            "negation-passes" => Self::NegationPasses,
            "raising" => Self::Raising,
            "intent" => Self::Intent,
            "pressure-noun" => Self::PressureNoun,
            "intent-noun" => Self::IntentNoun,
            "sever" => Self::Sever,
            "commit" => Self::Commit,
            "refuse" => Self::Refuse,
            "people" => Self::People,
            "place" => Self::Place,
            "asset" => Self::Asset,
            "military-modifier" => Self::MilitaryModifier,
            "quantity" => Self::Quantity,
            "charge-noun" => Self::ChargeNoun,
            "group-head" => Self::GroupHead,
            "role-head" => Self::RoleHead,
            "state-head" => Self::StateHead,
            "force-head" => Self::ForceHead,
            "actor-noun" => Self::ActorNoun,
            "person-noun" => Self::PersonNoun,
            "place-head" => Self::PlaceHead,
            "target-light" => Self::TargetLight,
            _ => return None,
        })
    }
}

/// The roles a rule of `roles.tsv` may name, as the ontology spells them.
pub const ROLE_NAMES: [&str; 6] = ["agent", "patient", "theme", "recipient", "location", "instrument"];

/// What may fill an event's role: a selectional constraint's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person, organisation, group or state, named or not ("the police", "civilians").
    Actor,
    /// A place, named or not ("the town", "a military base").
    Place,
    /// A weapon, vehicle or other made thing that can be struck, seized or used ("a tank").
    Asset,
}

impl Kind {
    /// From its name in `roles.tsv`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "actor" => Self::Actor,
            "place" => Self::Place,
            "asset" => Self::Asset,
            _ => return None,
        })
    }
}

/// A line of `roles.tsv`: in events of the class, the role takes only fillers of these kinds
/// ("hit" strikes an actor, a place or an asset, not "its target").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRule {
    /// The event class (its local name).
    pub class: String,
    /// The role, as [`ROLE_NAMES`] spells it.
    pub role: String,
    /// What may fill it.
    pub kinds: Vec<Kind>,
}
