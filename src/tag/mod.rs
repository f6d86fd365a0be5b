//! Tags tokens with a coarse part of speech and finds names, typed PER, ORG, LOC or MISC.
//!
//! This first tagger reads the lexicons and gazetteers and the shape of words (capitals, digits,
//! suffixes); it sits behind [`Tagger`] so a learned model can replace it without touching the
//! stages around it.

pub mod ner;
pub mod pos;

use crate::lexicon::{Cue, EntityType, Lexicon, NameTarget, WordClass};
use crate::segment::{Segmentation, Sentence};
use std::ops::Range;

/// A coarse part of speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// Common noun.
    Noun,
    /// Proper noun.
    Propn,
    /// Verb.
    Verb,
    /// Auxiliary (be, have, do).
    Aux,
    /// Modal verb.
    Modal,
    /// Adjective.
    Adj,
    /// Adverb.
    Adv,
    /// Preposition.
    Adp,
    /// Determiner.
    Det,
    /// Personal pronoun.
    Pron,
    /// Possessive pronoun or 's.
    Poss,
    /// Coordinating conjunction.
    Cconj,
    /// Subordinating conjunction.
    Sconj,
    /// Relative pronoun.
    Rel,
    /// Negation.
    Neg,
    /// Number.
    Num,
    /// Punctuation.
    Punct,
    /// Anything else (particles, symbols).
    Other,
}

/// A name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Its tokens (document token indexes).
    pub tokens: Range<usize>,
    /// Its type.
    pub kind: EntityType,
    /// What the gazetteer says it is, if it knows it.
    pub target: Option<NameTarget>,
    /// A job title just before it ("Deputy Foreign Minister"), as token range.
    pub title: Option<Range<usize>>,
}

/// Tags of one document.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    /// Part of speech of every token.
    pub pos: Vec<Pos>,
    /// Lower-cased token text (most words are kept inline, without an allocation of their own).
    pub lower: Vec<LowerForm>,
    /// Names, in order, not overlapping.
    pub names: Vec<Name>,
    /// Words of the multi-word person names found so far.
    pub person_words: std::collections::HashSet<String>,
}

/// What a tagging stage must do: parts of speech and names for a segmented document.
pub trait Tagger: Sync {
    /// Tags a document.
    fn tag(&self, text: &str, seg: &Segmentation) -> Tags;
}

/// The tagger of lexicons, gazetteers and word shapes.
#[derive(Debug, Clone, Copy)]
pub struct RuleTagger<'a> {
    lexicon: &'a Lexicon,
}

impl<'a> RuleTagger<'a> {
    /// A tagger over the given data.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Self { lexicon }
    }
}

/// Words that end organisation names.
const ORG_HEADS: &[&str] = &[
    "Agency",
    "Army",
    "Association",
    "Bank",
    "Bureau",
    "Commission",
    "Committee",
    "Company",
    "Corp",
    "Corp.",
    "Corporation",
    "Council",
    "Court",
    "Department",
    "Forces",
    "Fund",
    "Group",
    "Guard",
    "Inc",
    "Inc.",
    "Institute",
    "Ltd",
    "Ltd.",
    "Ministry",
    "News",
    "Office",
    "Organisation",
    "Organization",
    "Parliament",
    "Party",
    "Post",
    "Service",
    "Times",
    "Union",
    "University",
];

/// "the Sea of Japan", "the Gulf of Mexico": a place word, "of" and a known name are one place,
/// whether the model found the place word as a name of its own or not at all.
fn places_named_after(text: &str, seg: &Segmentation, lower: &[LowerForm], names: Vec<Name>) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::with_capacity(names.len());
    for name in names {
        let start = name.tokens.start;
        let head = start
            .checked_sub(2)
            .filter(|&h| lower[h + 1] == "of" && PLACE_HEADS.contains(&&text[seg.tokens[h].start..seg.tokens[h].end]));
        if let Some(h) = head {
            let from = match out.last() {
                Some(prev) if prev.tokens.end == h + 1 => out.pop().map_or(h, |p| p.tokens.start),
                _ => h,
            };
            out.push(Name { tokens: from..name.tokens.end, kind: EntityType::Location, target: None, title: None });
        } else {
            out.push(name);
        }
    }
    out
}

/// Words that end place names.
const PLACE_HEADS: &[&str] = &[
    "Bay",
    "Canal",
    "City",
    "Gulf",
    "Island",
    "Islands",
    "Mountains",
    "Ocean",
    "Peninsula",
    "Province",
    "Region",
    "River",
    "Sea",
    "Strait",
    "Valley",
];

/// The trained models, shipped in `data/models` and built into the binary.
#[derive(Debug, Clone)]
pub struct Models {
    /// Parts of speech (UPOS), which the name model reads.
    pub pos: pos::PosModel,
    /// Names.
    pub ner: ner::NerModel,
}

impl Models {
    /// The shipped models.
    pub fn shipped() -> Result<Self, crate::perceptron::ModelError> {
        Ok(Self {
            pos: pos::PosModel::load(include_bytes!("../../data/models/pos.bin"))?,
            ner: ner::NerModel::load(include_bytes!("../../data/models/ner.bin"))?,
        })
    }
}

/// The rule tagger with the name model on top: names the gazetteers or a job title vouch for
/// stay as they are; the model decides about every other capitalised word, and adds the
/// names no list knows.
#[derive(Debug, Clone, Copy)]
pub struct ModelTagger<'a> {
    rules: RuleTagger<'a>,
    lexicon: &'a Lexicon,
    models: &'a Models,
}

impl<'a> ModelTagger<'a> {
    /// Over the given data and models.
    pub fn new(lexicon: &'a Lexicon, models: &'a Models) -> Self {
        Self { rules: RuleTagger::new(lexicon), lexicon, models }
    }
}

/// The one known name inside a span the model found, if there is exactly one.
fn sole_name_inside<'n>(kept: &'n [Name], range: &Range<usize>) -> Option<&'n Name> {
    let mut inside = kept.iter().filter(|n| n.tokens.start < range.end && n.tokens.end > range.start);
    let first = inside.next()?;
    inside.next().is_none().then_some(first)
}

impl ModelTagger<'_> {
    /// Whether the only known name inside an organisation's name is the nationality it opens
    /// with ("Saudi Aramco", "Russian Orthodox Church"): the organisation is a body of its own.
    /// Not where its last word is a body that stands for the state ("Iranian Foreign Ministry",
    /// "Saudi Press Agency"), which the relater reads as the state.
    fn demonym_led(&self, kept: &[Name], range: &Range<usize>, tags: &Tags) -> bool {
        sole_name_inside(kept, range).is_some_and(|first| {
            matches!(first.target, Some(NameTarget::Demonym(_)))
                && first.tokens.start == range.start
                && first.tokens.end < range.end
                && !self.lexicon.cue_noun(Cue::GroupHead, tags.lower[range.end - 1].as_str())
        })
    }

    /// Whether a person's name holds, as its first word, a one-word name the gazetteer knows
    /// for someone else ("Abbas Araqchi" is not Mahmoud Abbas): the whole name is a person of
    /// its own.
    fn other_person(&self, kept: &[Name], range: &Range<usize>) -> bool {
        sole_name_inside(kept, range).is_some_and(|first| {
            matches!(first.target, Some(NameTarget::Entity(e)) if self.lexicon.entities[e].kind == EntityType::Person)
                && first.tokens.len() == 1
                && first.tokens.start == range.start
                && range.len() > 1
        })
    }
}

impl Tagger for ModelTagger<'_> {
    fn tag(&self, text: &str, seg: &Segmentation) -> Tags {
        let mut tags = self.rules.tag_words(text, seg);
        let word = |i: usize| &text[seg.tokens[i].start..seg.tokens[i].end];
        let classes = self.models.pos.classes();
        // a capitalised word the rules took for a name only by its capital ("Evidence against
        // Russia …" at the start of a sentence) is the model's to decide
        let mut in_rule_name = vec![false; seg.tokens.len()];
        for n in &tags.names {
            for t in &mut in_rule_name[n.tokens.clone()] {
                *t = true;
            }
        }
        let sentences: Vec<(Vec<&str>, Vec<&str>)> = seg
            .sentences
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.tokens.clone().map(word).collect();
                let upos = self.models.pos.tag_fast(&words);
                let pos: Vec<&str> = upos.into_iter().map(|t| classes[t].as_str()).collect();
                // The model reads context the rules do not ("drew protests", "the arrest of"),
                // but the rules know the closed classes relate depends on (modals, negation,
                // relative pronouns): the model decides only among the open classes.
                for (i, upos) in s.tokens.clone().zip(&pos) {
                    let open = |p: Pos| {
                        matches!(p, Pos::Noun | Pos::Verb | Pos::Adj | Pos::Adv) || p == Pos::Propn && !in_rule_name[i]
                    };
                    let model = match *upos {
                        "NOUN" => Pos::Noun,
                        "VERB" => Pos::Verb,
                        "ADJ" => Pos::Adj,
                        "ADV" => Pos::Adv,
                        _ => continue,
                    };
                    // an -ed word between a name and a name, a determiner or a pronoun is the
                    // verb joining them ("sale of drones to Russia worried Kyiv"): no adjective
                    // stands there, though "worried" alone is mostly one (and seldom a verb in
                    // the training data, so the model's dictionary cannot vouch for it)
                    // (after a common noun, only an event verb of the lexicon with its object
                    // after it: "Israeli troops wounded three Palestinians")
                    let joins = model == Pos::Adj
                        && word(i).ends_with("ed")
                        && i > s.tokens.start
                        && i + 1 < s.tokens.end
                        && (tags.pos[i - 1] == Pos::Propn
                            && matches!(tags.pos[i + 1], Pos::Propn | Pos::Det | Pos::Pron)
                            || tags.pos[i - 1] == Pos::Noun
                                && matches!(
                                    tags.pos[i + 1],
                                    Pos::Propn | Pos::Det | Pos::Pron | Pos::Num | Pos::Noun | Pos::Adj
                                )
                                && self.lexicon.verbs.get(tags.lower[i].as_str()).is_some_and(|v| v.is_event()));
                    let model = if joins { Pos::Verb } else { model };
                    // the second half of a split compound ("Iranian-made") is no clause's verb
                    let compound = i > s.tokens.start
                        && seg.tokens[i - 1].end == seg.tokens[i].start
                        && matches!(word(i - 1), "-" | "‐" | "–");
                    // context alone does not make a verb of a plural-looking word never seen as
                    // one, in training or in the lexicon ("supplies drones", "Shahed drones"):
                    // -s is where a noun and a verb look alike
                    let unheard_verb = model == Pos::Verb
                        && tags.pos[i] == Pos::Noun
                        && word(i).ends_with('s')
                        && !self.lexicon.verbs.contains_key(&word(i).to_lowercase())
                        && self.models.pos.seen_as(word(i)).is_none_or(|tags| !tags.contains("VERB"));
                    // nor does it make a second verb of a noun between a verb and a noun, unless
                    // the lexicon knows the word as a verb: "fired tear gas" is one thing fired
                    let modifier_noun = model == Pos::Verb
                        && tags.pos[i] == Pos::Noun
                        && i > s.tokens.start
                        && i + 1 < s.tokens.end
                        && tags.pos[i - 1] == Pos::Verb
                        && tags.pos[i + 1] == Pos::Noun
                        && !self.lexicon.verbs.contains_key(tags.lower[i].as_str());
                    if open(tags.pos[i]) && !compound && !unheard_verb && !modifier_noun {
                        tags.pos[i] = model;
                    }
                }
                (words, pos)
            })
            .collect();
        let predicted = self.models.ner.tag_document(self.lexicon, &sentences);
        let mut kept: Vec<Name> = tags.names.drain(..).filter(|n| n.target.is_some() || n.title.is_some()).collect();
        let mut taken = vec![false; seg.tokens.len()];
        for n in &kept {
            for t in &mut taken[n.tokens.clone()] {
                *t = true;
            }
        }
        for (sentence, labels) in seg.sentences.iter().zip(predicted) {
            for (start, end, kind) in crate::corpus::spans(&labels) {
                let mut range = sentence.tokens.start + start..sentence.tokens.start + end;
                // a name does not end in a small word ("accused the Rapid Support Forces of
                // attacking"): the model, which has seen "Bank of England", sometimes runs on
                while range.len() > 1 && ends_no_name(&tags.lower[range.end - 1], word(range.end - 1)) {
                    range.end -= 1;
                }
                if taken[range.clone()].iter().any(|t| *t) {
                    // "the Sea of Japan", "the University of Tehran": a place or body named
                    // after a known name is a thing of its own, not that name
                    let of = range.clone().find(|&k| tags.lower[k] == "of");
                    let named_after = matches!(kind.as_str(), "LOC" | "ORG")
                        && of.is_some_and(|of| of > range.start && !taken[range.start..=of].iter().any(|t| *t));
                    let organisation = kind == "ORG" && self.demonym_led(&kept, &range, &tags);
                    let person = kind == "PER" && self.other_person(&kept, &range);
                    if !named_after && !organisation && !person {
                        continue;
                    }
                    kept.retain(|n| n.tokens.end <= range.start || n.tokens.start >= range.end);
                }
                for t in &mut taken[range.clone()] {
                    *t = true;
                }
                // the head word outranks the model on places: "Sea of Japan", "Persian Gulf"
                let head = range.clone().find(|&k| tags.lower[k] == "of").map_or(range.end - 1, |of| of - 1);
                let head = &text[seg.tokens[head].start..seg.tokens[head].end];
                let kind = match kind.as_str() {
                    _ if PLACE_HEADS.contains(&head) => EntityType::Location,
                    "PER" => EntityType::Person,
                    "ORG" => EntityType::Organization,
                    "LOC" => EntityType::Location,
                    _ => EntityType::Misc,
                };
                for p in &mut tags.pos[range.clone()] {
                    *p = Pos::Propn;
                }
                kept.push(Name { tokens: range, kind, target: None, title: None });
            }
        }
        kept.sort_by_key(|n| n.tokens.start);
        // "Mohammed Shia al-Sudani", "Hayat Tahrir al-Sham": an Arabic family name with its
        // article in lower case goes on with the name before it, though the model, which
        // learned from names with capitals, and the titles' names stop before it
        let starts: Vec<usize> = seg.sentences.iter().map(|s| s.tokens.start).collect();
        for k in 0..kept.len() {
            let limit = kept.get(k + 1).map_or(seg.tokens.len(), |n| n.tokens.start);
            let n = &mut kept[k];
            while n.tokens.end < limit
                && starts.binary_search(&n.tokens.end).is_err()
                && arabic_article_name(word(n.tokens.end))
            {
                tags.pos[n.tokens.end] = Pos::Propn;
                n.tokens.end += 1;
            }
        }
        tags.names = places_named_after(text, seg, &tags.lower, kept);
        headline_verbs(self.lexicon, seg, &mut tags);
        relative_verbs(self.lexicon, seg, &mut tags);
        particles(&mut tags);
        participles(&mut tags);
        tags
    }
}

/// "…, which Tehran denies", "a charge that Moscow rejects": after a relative pronoun and a
/// name, a form of a verb of the lexicon is the relative clause's verb, though a plural noun
/// looks the same and the model, which learned from few such clauses, often takes it for one.
/// Not where a verb follows ("that Gazprom shares fell": then the name and the word are the
/// subject).
fn relative_verbs(lex: &Lexicon, seg: &Segmentation, tags: &mut Tags) {
    for sentence in &seg.sentences {
        let r = sentence.tokens.clone();
        for i in r.start + 2..r.end {
            if tags.pos[i] != Pos::Noun || !lex.verbs.contains_key(tags.lower[i].as_str()) {
                continue;
            }
            let mut j = i - 1;
            while j > r.start && i - j < 4 && tags.pos[j] == Pos::Propn {
                j -= 1;
            }
            let named = j + 1 < i && tags.pos[j + 1] == Pos::Propn;
            // "which the United States opposes"
            if j > r.start && tags.lower[j] == "the" {
                j -= 1;
            }
            let relative = tags.pos[j] == Pos::Rel || tags.lower[j] == "that";
            let verb_after = i + 1 < r.end && matches!(tags.pos[i + 1], Pos::Verb | Pos::Aux | Pos::Modal);
            if named && relative && !verb_after {
                tags.pos[i] = Pos::Verb;
            }
        }
    }
}

/// Headlines drop their articles, so "Mali's junta expels French ambassador" and "Russian
/// drone attack hits Odesa port" read as one long noun phrase, the verb a plural noun. In a
/// sentence with no verb at all, the first word that is a form in -s of an event verb of the
/// lexicon, between a noun and a phrase, is that verb.
fn headline_verbs(lex: &Lexicon, seg: &Segmentation, tags: &mut Tags) {
    for sentence in &seg.sentences {
        let r = sentence.tokens.clone();
        if r.len() < 3 || tags.pos[r.clone()].iter().any(|p| matches!(p, Pos::Verb | Pos::Aux | Pos::Modal)) {
            continue;
        }
        let verb = (r.start + 1..r.end - 1).find(|&i| {
            let w = tags.lower[i].as_str();
            tags.pos[i] == Pos::Noun
                && w.ends_with('s')
                && lex.verbs.get(w).is_some_and(|v| v.is_event())
                && matches!(tags.pos[i - 1], Pos::Noun | Pos::Propn)
                && matches!(tags.pos[i + 1], Pos::Propn | Pos::Noun | Pos::Det | Pos::Adj | Pos::Num)
        });
        if let Some(i) = verb {
            tags.pos[i] = Pos::Verb;
        }
    }
}

impl Tagger for RuleTagger<'_> {
    fn tag(&self, text: &str, seg: &Segmentation) -> Tags {
        let mut tags = self.tag_words(text, seg);
        particles(&mut tags);
        participles(&mut tags);
        tags
    }
}

impl RuleTagger<'_> {
    /// Tags and names by the rules, before the context repairs that run once the parts of
    /// speech are final (after the model's, for the model tagger).
    fn tag_words(&self, text: &str, seg: &Segmentation) -> Tags {
        let n = seg.tokens.len();
        let mut tags = Tags {
            pos: Vec::with_capacity(n),
            lower: seg.tokens.iter().map(|t| lower_form(&text[t.start..t.end])).collect(),
            names: Vec::new(),
            person_words: std::collections::HashSet::new(),
        };
        tags.pos.resize(n, Pos::Other);
        for sentence in &seg.sentences {
            self.tag_sentence(text, seg, sentence, &mut tags);
        }
        tags
    }
}

/// Verb particles ("shot down", "carry out") are read as adverbs, so the object after them, or
/// the phrase after them, is found as it is after any adverb.
fn particles(tags: &mut Tags) {
    for i in 1..tags.pos.len() {
        let particle = matches!(tags.lower[i].as_str(), "down" | "out" | "off" | "away" | "back" | "up");
        if particle && tags.pos[i - 1] == Pos::Verb && !matches!(tags.pos[i], Pos::Propn) {
            let next = tags.lower.get(i + 1).map(LowerForm::as_str);
            // "up to several hundred" is a quantity, not a particle
            if !(tags.lower[i] == "up" && next == Some("to")) {
                tags.pos[i] = Pos::Adv;
            }
        }
    }
}

/// Participles that are no verb of a clause: "the last confirmed Iraqi attack" (between a
/// determiner or adjective and the noun they modify), "months of fighting over the camps" (a
/// gerund after "of" with no object of its own).
fn participles(tags: &mut Tags) {
    let n = tags.pos.len();
    for i in 1..n.saturating_sub(1) {
        if tags.pos[i] != Pos::Verb {
            continue;
        }
        let w = tags.lower[i].as_str();
        let (prev, next) = (tags.pos[i - 1], tags.pos[i + 1]);
        if (w.ends_with("ed") || w.ends_with("ing"))
            && matches!(prev, Pos::Det | Pos::Adj | Pos::Poss | Pos::Num)
            && matches!(next, Pos::Noun | Pos::Propn | Pos::Adj)
        {
            tags.pos[i] = Pos::Adj;
        } else if w.ends_with("ing")
            && tags.lower[i - 1] == "of"
            && i >= 2
            && tags.pos[i - 2] == Pos::Noun
            && !matches!(next, Pos::Det | Pos::Noun | Pos::Propn | Pos::Adj | Pos::Num | Pos::Pron | Pos::Poss)
        {
            tags.pos[i] = Pos::Noun;
        }
    }
}

impl RuleTagger<'_> {
    fn tag_sentence(&self, text: &str, seg: &Segmentation, sentence: &Sentence, tags: &mut Tags) {
        let lex = self.lexicon;
        let range = sentence.tokens.clone();
        let word = |i: usize| &text[seg.tokens[i].start..seg.tokens[i].end];
        // A headline in capitals tells nothing by case: read its words as lower case.
        let all_caps = is_caps(&text[sentence.span.clone()]);
        for i in range.clone() {
            let w = word(i);
            let lower = &tags.lower[i];
            // after an opening quote a word is capitalised as if it began a sentence
            let first = i == range.start
                || is_opening(word(i - 1)) && (i == range.start + 1 || seg.tokens[i - 1].end == seg.tokens[i].start);
            let capital = !all_caps && w.chars().next().is_some_and(char::is_uppercase);
            let prev_lower = if i > range.start { tags.lower[i - 1].as_str() } else { "" };
            let compound = i > range.start + 1 && prev_lower == "-" && seg.tokens[i - 1].end == seg.tokens[i].start;
            let plural_acronym =
                w.len() > 2 && w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_ascii_uppercase());
            tags.pos[i] = if w.chars().all(|c| !c.is_alphanumeric()) {
                Pos::Punct
            } else if compound && !capital {
                // "Iranian-made", "NATO-instigated"
                Pos::Adj
            } else if plural_acronym {
                // "UAVs", "MPs": plural common nouns
                Pos::Noun
            } else if w.trim_start_matches(['$', '€', '£', '¥']).chars().next().is_some_and(|c| c.is_ascii_digit())
                && w.chars().any(|c| c.is_ascii_digit())
                && !w.contains('-')
            {
                Pos::Num
            } else if lower == "'s" || lower == "’s" {
                // possessive, or "is" after a pronoun ("it's")
                if i > range.start && tags.pos[i - 1] == Pos::Pron { Pos::Aux } else { Pos::Poss }
            } else if let Some(class) = lex.words.get(lower.as_str()).filter(|_| !capital || first || lower.len() > 3) {
                match class {
                    WordClass::Det => Pos::Det,
                    WordClass::Pron => Pos::Pron,
                    WordClass::Poss => Pos::Poss,
                    WordClass::Aux => Pos::Aux,
                    WordClass::Modal => Pos::Modal,
                    WordClass::Neg => Pos::Neg,
                    WordClass::Adp => Pos::Adp,
                    WordClass::Cconj => Pos::Cconj,
                    WordClass::Sconj => Pos::Sconj,
                    WordClass::Rel => Pos::Rel,
                    WordClass::Part => Pos::Other,
                    WordClass::Adv | WordClass::Alleged => Pos::Adv,
                    WordClass::Time => Pos::Noun,
                }
            } else if capital && !first {
                Pos::Propn
            } else if lex.verbs.contains_key(lower.as_str()) {
                let prev = if i > range.start { Some(tags.pos[i - 1]) } else { None };
                let noun_too = lex.nouns.contains_key(lower.as_str());
                let adjective_before =
                    ["ent", "ant", "ive", "ous", "ic", "ful", "less", "able", "ible", "ary", "ian", "ese", "ish"]
                        .iter()
                        .any(|s| prev_lower.ends_with(s))
                        && !prev_lower.ends_with("ment");
                // ("this came after …": a demonstrative can stand alone as subject)
                let demonstrative = matches!(prev_lower, "this" | "that" | "these" | "those");
                let after_determiner = matches!(prev, Some(Pos::Det | Pos::Poss | Pos::Num)) && !demonstrative
                    // a preposition takes a noun or a gerund: "for use against", "of helping"
                    || prev == Some(Pos::Adp) && prev_lower != "to" && !lower.ends_with("ing")
                    // a verb's object: "imposed sanctions"
                    || prev == Some(Pos::Verb) && noun_too && !lower.ends_with("ing") && !lower.ends_with("ed");
                let plural_after_modifier = lower.ends_with('s')
                    && (matches!(prev, Some(Pos::Adj) | Some(Pos::Adp)) && prev_lower != "to" || adjective_before);
                if after_determiner || plural_after_modifier {
                    // "a report", "following reports", "independent states"
                    Pos::Noun
                } else if noun_too && prev_lower != "to" && matches!(prev, Some(Pos::Adj | Pos::Adp | Pos::Noun)) {
                    Pos::Noun
                } else {
                    Pos::Verb
                }
            } else if lower.ends_with("ly") && lower.len() > 4 {
                Pos::Adv
            } else if capital && first {
                Pos::Propn
            } else if (lower.ends_with("ed") || lower.ends_with("ing"))
                && i > range.start
                && matches!(tags.pos[i - 1], Pos::Aux | Pos::Modal | Pos::Neg)
            {
                Pos::Verb
            } else if lower.ends_with("ed") && i > range.start && matches!(tags.pos[i - 1], Pos::Propn | Pos::Pron) {
                // a past tense right after a name or pronoun ("Russia shelled")
                Pos::Verb
            } else if prev_lower == "to" && !lower.ends_with('s') && lower.chars().all(char::is_alphabetic) {
                // an infinitive ("to stop")
                Pos::Verb
            } else {
                Pos::Noun
            };
        }
        // the sentence's names are the ones found from here on
        let first_name = tags.names.len();
        self.find_names(text, seg, range.clone(), all_caps, tags);
        for n in first_name..tags.names.len() {
            let name = &tags.names[n];
            if name.kind == EntityType::Person && name.tokens.len() > 1 {
                for k in name.tokens.clone() {
                    tags.person_words.insert(text[seg.tokens[k].start..seg.tokens[k].end].to_owned());
                }
            }
            // a nationality adjective is followed by a noun: "Russian state news agency"
            let end = name.tokens.end;
            if matches!(name.target, Some(NameTarget::Demonym(_))) && end < range.end && tags.pos[end] == Pos::Verb {
                tags.pos[end] = Pos::Noun;
            }
        }
    }

    fn find_names(&self, text: &str, seg: &Segmentation, range: Range<usize>, all_caps: bool, tags: &mut Tags) {
        let lex = self.lexicon;
        let word = |i: usize| &text[seg.tokens[i].start..seg.tokens[i].end];
        let mut i = range.start;
        while i < range.end {
            // job titles first: "Deputy Foreign Minister Sergei Ryabkov"
            let title = self.match_title(text, seg, i, range.end);
            let name_start = title.as_ref().map_or(i, |t| t.end);
            if let Some((end, target)) = self.match_gazetteer(text, seg, name_start, range.end, all_caps) {
                let kind = target_type(lex, target);
                tags.names.push(Name { tokens: name_start..end, kind, target: Some(target), title });
                for p in &mut tags.pos[name_start..end] {
                    *p = Pos::Propn;
                }
                i = end;
                continue;
            }
            if let Some(title) = title {
                let mut end = name_start;
                while end < range.end
                    && end - name_start < 4
                    && tags.pos[end] == Pos::Propn
                    && word(end).chars().next().is_some_and(char::is_uppercase)
                {
                    end += 1;
                }
                if end > name_start {
                    tags.names.push(Name {
                        tokens: name_start..end,
                        kind: EntityType::Person,
                        target: None,
                        title: Some(title),
                    });
                    i = end;
                    continue;
                }
                i = title.end;
                continue;
            }
            if tags.pos[i] == Pos::Propn && !all_caps {
                let first = i == range.start
                    || i > range.start && is_opening(word(i - 1)) && seg.tokens[i - 1].end == seg.tokens[i].start;
                let mut end = i + 1;
                loop {
                    if end < range.end
                        && tags.pos[end] == Pos::Propn
                        && self.match_gazetteer(text, seg, end, range.end, false).is_none()
                    {
                        end += 1;
                    } else if end + 1 < range.end
                        && matches!(tags.lower[end].as_str(), "of" | "for" | "de")
                        && tags.pos[end + 1] == Pos::Propn
                        && ORG_HEADS.contains(&word(end - 1))
                    {
                        end += 2;
                    } else {
                        break;
                    }
                }
                // a lone capitalised word opening a sentence is usually just capitalised, unless
                // it is part of a person's name seen before ("Ryabkov said")
                let known_person = end == i + 1 && tags.person_words.contains(word(i));
                if first && end == i + 1 && !lex.names.contains_key(word(i)) && !known_person {
                    i += 1;
                    continue;
                }
                let last = word(end - 1);
                let kind = if known_person {
                    EntityType::Person
                } else if (i..end).any(|k| ORG_HEADS.contains(&word(k))) {
                    EntityType::Organization
                } else if PLACE_HEADS.contains(&last) {
                    EntityType::Location
                } else if end - i >= 2
                    && end - i <= 3
                    && (self.followed_by_speech(end, range.end, tags)
                        || word(i).chars().all(char::is_alphabetic) && looks_like_person(&tags.lower[i..end]))
                {
                    EntityType::Person
                } else {
                    EntityType::Misc
                };
                tags.names.push(Name { tokens: i..end, kind, target: None, title: None });
                i = end;
                continue;
            }
            i += 1;
        }
    }

    fn followed_by_speech(&self, end: usize, limit: usize, tags: &Tags) -> bool {
        end < limit && self.lexicon.verbs.get(tags.lower[end].as_str()).is_some_and(|v| v.frame.is_speech())
    }

    fn match_title(&self, text: &str, seg: &Segmentation, start: usize, limit: usize) -> Option<Range<usize>> {
        let word = |i: usize| &text[seg.tokens[i].start..seg.tokens[i].end];
        // asked at every word: where every title has a capital, a word without one begins none
        if !self.lexicon.titles_in_lower_case && !word(start).starts_with(char::is_uppercase) {
            return None;
        }
        // a title counts only before a capitalised word: the name it introduces
        longest_match(start, limit, self.lexicon.max_title_words, word, |key, end| {
            let found = (self.lexicon.titles.contains_key(key)
                && end < limit
                && word(end).chars().next().is_some_and(char::is_uppercase))
            .then_some(());
            (found, self.lexicon.title_beginnings.contains(key))
        })
        .map(|(end, ())| start..end)
    }

    /// The longest gazetteer name starting at `start`: (end, target).
    fn match_gazetteer(
        &self,
        text: &str,
        seg: &Segmentation,
        start: usize,
        limit: usize,
        all_caps: bool,
    ) -> Option<(usize, NameTarget)> {
        let lex = self.lexicon;
        let first = &text[seg.tokens[start].start..seg.tokens[start].end];
        if !first.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let word = |i: usize| &text[seg.tokens[i].start..seg.tokens[i].end];
        longest_match(start, limit, lex.max_name_words, word, |key, _| {
            // a capitals-only headline, or words in capitals (the dateline's "BAMAKO,"):
            // compare with title case too
            let caps = all_caps || !key.chars().any(char::is_lowercase);
            let title = if caps { Some(title_case(key)) } else { None };
            let targets = lex.names.get(key).or_else(|| title.as_ref().and_then(|t| lex.names.get(t)));
            let goes_on = lex.name_beginnings.contains(key) || title.is_some_and(|t| lex.name_beginnings.contains(&t));
            (targets.map(|t| t[0]), goes_on)
        })
    }
}

/// The longest phrase of up to `max` words starting at `start` (and ending by `limit`) that
/// `find` knows: the words joined by single spaces are handed to `find` with the end index;
/// the longest end it answers for wins. `find` also says whether some longer phrase could
/// begin with this one, and the search stops when none can: most capitalised words begin no
/// name, and a phrase of every length up to the longest name would cost a look-up each.
/// Gazetteers and titles look up phrases this way.
pub(crate) fn longest_match<'w, T>(
    start: usize,
    limit: usize,
    max: usize,
    word: impl Fn(usize) -> &'w str,
    mut find: impl FnMut(&str, usize) -> (Option<T>, bool),
) -> Option<(usize, T)> {
    let mut best = None;
    let mut key = String::new();
    for end in start + 1..=(start + max).min(limit) {
        if end > start + 1 {
            key.push(' ');
        }
        key.push_str(word(end - 1));
        let (found, goes_on) = find(&key, end);
        if let Some(found) = found {
            best = Some((end, found));
        }
        if !goes_on {
            break;
        }
    }
    best
}

/// A capitals-only phrase as names are written ("TEHRAN" → "Tehran"); words of three letters or
/// fewer stay as they are, since they are mostly acronyms ("US", "UAE").
pub(crate) fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if w.chars().count() > 3 => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect(),
                _ => w.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_opening(w: &str) -> bool {
    matches!(w, "\"" | "“" | "‘" | "'" | "(" | "[")
}

/// Whether a word is a name with an Arabic article in lower case before a hyphen
/// ("al-Sudani", "el-Sisi", "ash-Sharaa").
fn arabic_article_name(word: &str) -> bool {
    word.split_once('-').is_some_and(|(article, name)| {
        matches!(article, "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an" | "ul")
            && name.starts_with(|c: char| c.is_uppercase())
    })
}

/// Whether a name's last word cannot end it: a small word of names in lower case ("of",
/// "and", "de"), which only ever joins two parts of a name.
fn ends_no_name(lower: &str, word: &str) -> bool {
    word.starts_with(|c: char| c.is_lowercase())
        && matches!(
            lower,
            "of" | "and"
                | "the"
                | "for"
                | "in"
                | "on"
                | "at"
                | "to"
                | "de"
                | "del"
                | "du"
                | "la"
                | "von"
                | "van"
                | "bin"
        )
}

/// Whether a sentence is written in capitals (a headline): more than eight letters, none of
/// them lower case.
fn is_caps(sentence: &str) -> bool {
    let mut letters = 0;
    for c in sentence.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters > 8
}

/// A token's lower-case form: a string of up to 24 bytes in place, a longer one on the heap.
pub type LowerForm = compact_str::CompactString;

/// A word as the rules compare it: in lower case, curly apostrophes read as straight ones
/// ("won’t", "Tehran’s"). Most words are ASCII, which takes one copy, not two.
fn lower_form(word: &str) -> LowerForm {
    if word.is_ascii() {
        let mut lower = LowerForm::new(word);
        lower.make_ascii_lowercase();
        lower
    } else {
        LowerForm::from(word.to_lowercase().replace('’', "'"))
    }
}

/// Two or three plain capitalised words with no organisation or place word: a person's name,
/// unless a word of it is a common word.
fn looks_like_person(lower: &[LowerForm]) -> bool {
    lower.iter().all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'))
}

/// The entity type of a gazetteer target.
pub fn target_type(lex: &Lexicon, target: NameTarget) -> EntityType {
    match target {
        NameTarget::Country(_) => EntityType::Country,
        NameTarget::Capital(_) => EntityType::City,
        NameTarget::Demonym(_) => EntityType::Misc,
        NameTarget::Entity(i) => lex.entities[i].kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    #[test]
    fn relative_clause_verbs_but_not_subjects_before_a_verb() {
        let lex = Lexicon::shipped().expect("data");
        let pos_of = |text: &str, word: &str| {
            let seg = segment(text, &[0..text.len()], &lex);
            let mut tags = Tags {
                pos: vec![Pos::Noun; seg.tokens.len()],
                lower: seg.tokens.iter().map(|t| lower_form(&text[t.start..t.end])).collect(),
                names: Vec::new(),
                person_words: std::collections::HashSet::new(),
            };
            // as the model may tag them: the name, and the -s word as a noun
            for (i, t) in seg.tokens.iter().enumerate() {
                let w = &text[t.start..t.end];
                if w == "which" {
                    tags.pos[i] = Pos::Rel;
                } else if w.starts_with(char::is_uppercase) && i > 0 {
                    tags.pos[i] = Pos::Propn;
                } else if w == "fell" {
                    tags.pos[i] = Pos::Verb;
                }
            }
            relative_verbs(&lex, &seg, &mut tags);
            let i = seg.tokens.iter().position(|t| &text[t.start..t.end] == word).expect("word");
            tags.pos[i]
        };
        assert_eq!(pos_of("Russia used drones, which Tehran denies.", "denies"), Pos::Verb);
        assert_eq!(pos_of("Russia used drones, which the United States denies.", "denies"), Pos::Verb);
        assert_eq!(pos_of("Officials said that Gazprom shares fell.", "shares"), Pos::Noun);
        assert_eq!(pos_of("Russia used drones and Tehran denies.", "denies"), Pos::Noun);
    }

    fn names(text: &str) -> Vec<(String, &'static str)> {
        let lex = Lexicon::shipped().expect("data");
        let seg = segment(text, &[0..text.len()], &lex);
        let tags = RuleTagger::new(&lex).tag(text, &seg);
        tags.names
            .iter()
            .map(|n| {
                (text[seg.tokens[n.tokens.start].start..seg.tokens[n.tokens.end - 1].end].to_owned(), n.kind.conll())
            })
            .collect()
    }

    #[test]
    fn words_in_capitals_are_looked_up_in_title_case() {
        let lex = Lexicon::shipped().expect("data");
        let text = "BAMAKO, Jan 31 (Reuters) - Talks ended in NATO headquarters.";
        let seg = segment(text, &[0..text.len()], &lex);
        let tags = RuleTagger::new(&lex).tag(text, &seg);
        let targets: Vec<(&str, Option<NameTarget>)> = tags
            .names
            .iter()
            .map(|n| (&text[seg.tokens[n.tokens.start].start..seg.tokens[n.tokens.end - 1].end], n.target))
            .collect();
        assert!(matches!(targets[0], ("BAMAKO", Some(NameTarget::Capital(_)))), "{targets:?}");
        // an acronym is still found as written
        assert!(targets.iter().any(|(w, t)| *w == "NATO" && t.is_some()), "{targets:?}");
    }

    #[test]
    fn arabic_family_names_with_their_article_go_on_with_the_name() {
        assert!(arabic_article_name("al-Sudani") && arabic_article_name("el-Sisi"));
        assert!(!arabic_article_name("al-") && !arabic_article_name("at-risk") && !arabic_article_name("Al-Sudani"));
    }

    #[test]
    fn model_names_take_arabic_article_names_nationalities_they_open_with_and_known_first_names() {
        let lex = Lexicon::shipped().expect("data");
        let models = Models::shipped().expect("models");
        let names = |text: &str| {
            let seg = crate::segment::segment(text, &[0..text.len()], &lex);
            let tags = ModelTagger::new(&lex, &models).tag(text, &seg);
            tags.names
                .iter()
                .map(|n| text[seg.tokens[n.tokens.start].start..seg.tokens[n.tokens.end - 1].end].to_owned())
                .collect::<Vec<_>>()
        };
        let found = names("Iraqi Prime Minister Mohammed Shia al-Sudani has asked Washington to withdraw.");
        assert!(found.contains(&"Mohammed Shia al-Sudani".to_owned()), "{found:?}");
        let found = names("British Airways said it would resume flights to Tehran.");
        assert!(found.contains(&"British Airways".to_owned()), "{found:?}");
        // an office named with a nationality stays the nationality's, for the relater
        let found = names("The Iranian Foreign Ministry condemned the strike.");
        assert!(found.contains(&"Iranian".to_owned()), "{found:?}");
        // a known person's one-word name is only the first word of another's
        let found = names("Iranian Foreign Minister Abbas Araqchi said Tehran had not delivered missiles.");
        assert!(found.contains(&"Abbas Araqchi".to_owned()), "{found:?}");
        let found = names("Abbas met Blinken in Ramallah.");
        assert!(found.contains(&"Abbas".to_owned()), "{found:?}");
    }

    #[test]
    fn a_name_does_not_end_in_a_small_word() {
        assert!(ends_no_name("of", "of"));
        assert!(ends_no_name("and", "and"));
        // "Of" begins a title-cased name's word; "eBay" is a name of its own
        assert!(!ends_no_name("of", "Of"));
        assert!(!ends_no_name("ebay", "eBay"));
    }

    #[test]
    fn a_place_word_of_a_known_name_is_one_place() {
        let lex = Lexicon::shipped().expect("data");
        let text = "Ships sailed into the Sea of Japan and the Gulf of Mexico.";
        let seg = segment(text, &[0..text.len()], &lex);
        let lower: Vec<LowerForm> = seg.tokens.iter().map(|t| lower_form(&text[t.start..t.end])).collect();
        let at = |w: &str| lower.iter().position(|l| l == w).expect("word");
        let name = |k: usize, kind| Name { tokens: k..k + 1, kind, target: None, title: None };
        // "Sea" found as a name of its own, "Gulf" not at all: both join the name after "of"
        let names = vec![
            name(at("sea"), EntityType::Location),
            name(at("japan"), EntityType::Country),
            name(at("mexico"), EntityType::Country),
        ];
        let joined: Vec<(&str, EntityType)> = places_named_after(text, &seg, &lower, names)
            .iter()
            .map(|n| (&text[seg.tokens[n.tokens.start].start..seg.tokens[n.tokens.end - 1].end], n.kind))
            .collect();
        assert_eq!(joined, [("Sea of Japan", EntityType::Location), ("Gulf of Mexico", EntityType::Location)]);
    }

    #[test]
    fn finds_gazetteer_and_titled_names() {
        assert_eq!(
            names("Russian Deputy Foreign Minister Sergei Ryabkov said Teheran sent Iranian drones."),
            [
                ("Russian".into(), "MISC"),
                ("Sergei Ryabkov".into(), "PER"),
                ("Teheran".into(), "LOC"),
                ("Iranian".into(), "MISC")
            ]
        );
        assert_eq!(
            names("Prime Minister Jane Doe visited Kyiv."),
            [("Jane Doe".into(), "PER"), ("Kyiv".into(), "LOC")]
        );
    }

    #[test]
    fn unknown_names_are_typed_by_their_head() {
        assert_eq!(
            names("The Bank of England met officials of the Acme Party in the Kashan Province."),
            [("Bank of England".into(), "ORG"), ("Acme Party".into(), "ORG"), ("Kashan Province".into(), "LOC")]
        );
    }

    #[test]
    fn a_capitalised_first_word_is_not_a_name() {
        assert_eq!(names("However, Iran sent drones."), [("Iran".into(), "LOC")]);
        assert_eq!(names("Drones were sent."), []);
    }

    #[test]
    fn capitals_headlines_still_find_known_names() {
        assert_eq!(names("IRAN SENDS DRONES TO RUSSIA"), [("IRAN".into(), "LOC"), ("RUSSIA".into(), "LOC")]);
    }

    #[test]
    fn every_word_example_is_tagged_with_its_class() {
        let lex = Lexicon::shipped().expect("data");
        for (kind, file, text) in crate::lexicon::SHIPPED {
            if *kind != crate::lexicon::DataKind::Words {
                continue;
            }
            for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
                let example = row.example();
                let seg = segment(example, &[0..example.len()], &lex);
                let tags = RuleTagger::new(&lex).tag(example, &seg);
                let expected = match row.fields[1].as_str() {
                    "DET" => Pos::Det,
                    "PRON" => Pos::Pron,
                    "POSS" => Pos::Poss,
                    "AUX" => Pos::Aux,
                    "MODAL" => Pos::Modal,
                    "NEG" => Pos::Neg,
                    "ADP" => Pos::Adp,
                    "CCONJ" => Pos::Cconj,
                    "SCONJ" => Pos::Sconj,
                    "REL" => Pos::Rel,
                    "ADV" | "ALLEGED" => Pos::Adv,
                    "TIME" => Pos::Noun,
                    _ => Pos::Other,
                };
                let found = tags.lower.iter().zip(&tags.pos).any(|(w, p)| *w == row.fields[0] && *p == expected);
                assert!(
                    found,
                    "{}:{}: {:?} not tagged {:?} in {example:?}",
                    row.file, row.line, row.fields[0], expected
                );
            }
        }
    }

    #[test]
    fn every_title_example_names_a_person() {
        for (kind, file, text) in crate::lexicon::SHIPPED {
            if *kind != crate::lexicon::DataKind::Titles {
                continue;
            }
            for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
                let found = names(row.example());
                assert!(
                    found.first().is_some_and(|(_, kind)| *kind == "PER"),
                    "{}:{}: no person after {:?}: {found:?}",
                    row.file,
                    row.line,
                    row.fields[0]
                );
            }
        }
    }
}
