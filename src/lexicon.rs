//! The data the pipeline reads: gazetteers, verb and noun lexicons, function words, abbreviations
//! and page clutter, parsed from the line-oriented text files in `data/` (shipped inside the
//! binary) plus any files of the same kinds a user adds.

use crate::vocab;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

mod cues;
mod events;
pub use cues::{Cue, Kind, ROLE_NAMES, RoleRule};
pub use events::{EventClass, EventWord, Frame, Reading};

/// A problem in a data file, with where it is.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A line that does not follow the file's format.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file (its path, or its name for shipped files).
        file: String,
        /// The line number, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file that cannot be read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The ontology does not parse.
    #[error("ontology: {0}")]
    Ontology(String),
}

/// The kinds of data file; a user file is recognised by its name ending (`*.verbs.tsv` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// `countries.tsv`
    Countries,
    /// `entities.tsv`
    Entities,
    /// `titles.tsv`
    Titles,
    /// `verbs.tsv`
    Verbs,
    /// `nouns.tsv`
    Nouns,
    /// `words.tsv`
    Words,
    /// `abbreviations.tsv`
    Abbreviations,
    /// `boilerplate.tsv`
    Boilerplate,
    /// `objects.tsv`
    Objects,
    /// `cues.tsv`
    Cues,
    /// `roles.tsv`
    Roles,
}

impl DataKind {
    const ALL: [Self; 11] = [
        Self::Countries,
        Self::Entities,
        Self::Titles,
        Self::Verbs,
        Self::Nouns,
        Self::Words,
        Self::Abbreviations,
        Self::Boilerplate,
        Self::Objects,
        Self::Cues,
        Self::Roles,
    ];

    /// The file name of the shipped file, and the ending of user files of this kind.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Countries => "countries.tsv",
            Self::Entities => "entities.tsv",
            Self::Titles => "titles.tsv",
            Self::Verbs => "verbs.tsv",
            Self::Nouns => "nouns.tsv",
            Self::Words => "words.tsv",
            Self::Abbreviations => "abbreviations.tsv",
            Self::Boilerplate => "boilerplate.tsv",
            Self::Objects => "objects.tsv",
            Self::Cues => "cues.tsv",
            Self::Roles => "roles.tsv",
        }
    }

    fn columns(self) -> usize {
        match self {
            Self::Countries => 4,
            Self::Entities | Self::Verbs | Self::Nouns | Self::Objects => 5,
            Self::Titles => 2,
            Self::Roles => 4,
            Self::Words | Self::Abbreviations | Self::Boilerplate | Self::Cues => 3,
        }
    }

    fn from_file_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| name == kind.file_name() || name.ends_with(&format!(".{}", kind.file_name())))
    }
}

/// The shipped data files, as (kind, name, text).
pub const SHIPPED: &[(DataKind, &str, &str)] = &[
    (DataKind::Countries, "data/gazetteer/countries.tsv", include_str!("../data/gazetteer/countries.tsv")),
    (DataKind::Entities, "data/gazetteer/entities.tsv", include_str!("../data/gazetteer/entities.tsv")),
    (DataKind::Titles, "data/gazetteer/titles.tsv", include_str!("../data/gazetteer/titles.tsv")),
    (DataKind::Verbs, "data/lexicon/verbs.tsv", include_str!("../data/lexicon/verbs.tsv")),
    (DataKind::Nouns, "data/lexicon/nouns.tsv", include_str!("../data/lexicon/nouns.tsv")),
    (DataKind::Words, "data/lexicon/words.tsv", include_str!("../data/lexicon/words.tsv")),
    (DataKind::Abbreviations, "data/lexicon/abbreviations.tsv", include_str!("../data/lexicon/abbreviations.tsv")),
    (DataKind::Boilerplate, "data/boilerplate.tsv", include_str!("../data/boilerplate.tsv")),
    (DataKind::Objects, "data/lexicon/objects.tsv", include_str!("../data/lexicon/objects.tsv")),
    (DataKind::Cues, "data/lexicon/cues.tsv", include_str!("../data/lexicon/cues.tsv")),
    (DataKind::Roles, "data/lexicon/roles.tsv", include_str!("../data/lexicon/roles.tsv")),
];

/// One entry line of a data file: its fields and where it stands.
#[derive(Debug, Clone)]
pub struct Row {
    /// The file the row came from.
    pub file: String,
    /// Its line number, from 1.
    pub line: usize,
    /// Its tab-separated fields, trimmed.
    pub fields: Vec<String>,
}

impl Row {
    fn error(&self, message: impl Into<String>) -> DataError {
        DataError::Syntax { file: self.file.clone(), line: self.line, message: message.into() }
    }

    /// The example sentence, always the last column.
    pub fn example(&self) -> &str {
        self.fields.last().map_or("", String::as_str)
    }
}

/// Parses a data file: a `@version 1` line first, `#` comments, one tab-separated entry a line.
pub fn parse_rows(file: &str, text: &str, kind: DataKind) -> Result<Vec<Row>, DataError> {
    let mut rows = Vec::new();
    let mut seen_version = false;
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !seen_version {
            if line.trim() != "@version 1" {
                return Err(DataError::Syntax {
                    file: file.into(),
                    line: number,
                    message: format!("expected the version line '@version 1', found {line:?}"),
                });
            }
            seen_version = true;
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(|f| f.trim().to_owned()).collect();
        if fields.len() != kind.columns() {
            return Err(DataError::Syntax {
                file: file.into(),
                line: number,
                message: format!("expected {} tab-separated columns, found {}", kind.columns(), fields.len()),
            });
        }
        if fields[0].is_empty() {
            return Err(DataError::Syntax {
                file: file.into(),
                line: number,
                message: "the first column is empty".into(),
            });
        }
        rows.push(Row { file: file.into(), line: number, fields });
    }
    if !seen_version {
        return Err(DataError::Syntax {
            file: file.into(),
            line: 1,
            message: "missing the version line '@version 1'".into(),
        });
    }
    Ok(rows)
}

/// What a name in the gazetteer stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameTarget {
    /// A country by its index in [`Lexicon::countries`].
    Country(usize),
    /// A nationality adjective of a country.
    Demonym(usize),
    /// The capital of a country (a city that often stands for its state).
    Capital(usize),
    /// A gazetteer entity by index in [`Lexicon::entities`].
    Entity(usize),
}

/// The type of a named entity, as the gazetteer and the name tagger give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place that is not a country or city.
    Location,
    /// A sovereign state.
    Country,
    /// A city.
    City,
    /// A group of people.
    Group,
    /// Any other named thing.
    Misc,
    /// A made thing.
    Product,
    /// A weapon.
    Weapon,
    /// A vehicle, aircraft or satellite.
    Vehicle,
}

impl EntityType {
    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "PER" => Self::Person,
            "ORG" => Self::Organization,
            "LOC" => Self::Location,
            "CITY" => Self::City,
            "GROUP" => Self::Group,
            "MISC" => Self::Misc,
            "PRODUCT" => Self::Product,
            "WEAPON" => Self::Weapon,
            "VEHICLE" => Self::Vehicle,
            _ => return None,
        })
    }

    /// The path segment of IRIs of this type (`ngr:person/…`).
    pub fn slug(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "organization",
            Self::Location => "location",
            Self::Country => "country",
            Self::City => "city",
            Self::Group => "group",
            Self::Misc => "misc",
            Self::Product => "product",
            Self::Weapon => "weapon",
            Self::Vehicle => "vehicle",
        }
    }

    /// The ontology class.
    pub fn class(self) -> oxigraph::model::NamedNodeRef<'static> {
        use vocab::ng;
        match self {
            Self::Person => ng::PERSON,
            Self::Organization => ng::ORGANIZATION,
            Self::Location => ng::LOCATION,
            Self::Country => ng::COUNTRY,
            Self::City => ng::CITY,
            Self::Group => ng::GROUP,
            Self::Misc => ng::MISC,
            Self::Product => ng::PRODUCT,
            Self::Weapon => ng::WEAPON,
            Self::Vehicle => ng::VEHICLE,
        }
    }

    /// The CoNLL name type (PER, ORG, LOC, MISC).
    pub fn conll(self) -> &'static str {
        match self {
            Self::Person => "PER",
            Self::Organization | Self::Group => "ORG",
            Self::Location | Self::Country | Self::City => "LOC",
            Self::Misc | Self::Product | Self::Weapon | Self::Vehicle => "MISC",
        }
    }
}

/// A country: ISO codes, names, nationality adjectives and capital.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-3.
    pub alpha3: String,
    /// ISO 3166-1 alpha-2.
    pub alpha2: String,
    /// The canonical name.
    pub label: String,
    /// Other names of the state.
    pub aliases: Vec<String>,
    /// Nationality adjectives.
    pub demonyms: Vec<String>,
    /// The capital's name and other spellings of it.
    pub capitals: Vec<String>,
    /// A member state of the United Nations (not a territory).
    pub un_member: bool,
    /// How many of `demonyms`, at the front, come from the data files rather than the crate.
    pub curated_demonyms: usize,
}

/// An entity of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entity {
    /// The canonical name.
    pub name: String,
    /// Its type.
    pub kind: EntityType,
    /// Other names.
    pub aliases: Vec<String>,
    /// Country of affiliation, location or make (index into countries).
    pub country: Option<usize>,
    /// Job title of a person.
    pub title: Option<String>,
    /// The state the name stands for when it acts (the Kremlin for Russia).
    pub metonym: Option<usize>,
    /// Outside identifiers.
    pub same_as: Vec<String>,
}

/// The class of a function or cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// Determiner.
    Det,
    /// Personal pronoun.
    Pron,
    /// Possessive pronoun.
    Poss,
    /// Auxiliary verb.
    Aux,
    /// Modal verb.
    Modal,
    /// Negation.
    Neg,
    /// Preposition.
    Adp,
    /// Coordinating conjunction.
    Cconj,
    /// Subordinating conjunction.
    Sconj,
    /// Relative pronoun.
    Rel,
    /// Particle.
    Part,
    /// Adverb.
    Adv,
    /// Hedging adverb (allegedly).
    Alleged,
    /// A time word (month, weekday).
    Time,
}

impl WordClass {
    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "DET" => Self::Det,
            "PRON" => Self::Pron,
            "POSS" => Self::Poss,
            "AUX" => Self::Aux,
            "MODAL" => Self::Modal,
            "NEG" => Self::Neg,
            "ADP" => Self::Adp,
            "CCONJ" => Self::Cconj,
            "SCONJ" => Self::Sconj,
            "REL" => Self::Rel,
            "PART" => Self::Part,
            "ADV" => Self::Adv,
            "ALLEGED" => Self::Alleged,
            "TIME" => Self::Time,
            _ => return None,
        })
    }
}

/// Abbreviation classes for the segmenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// A title before a name: never ends a sentence.
    Title,
    /// A month: a number follows.
    Month,
    /// Any other: may end a sentence.
    Other,
}

/// What to do with a line of page clutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClutterAction {
    /// The article ends before this line.
    End,
    /// Skip this line only.
    Skip,
}

/// A map from words or phrases: the pipeline asks the lexicon about every token, and
/// SipHash, the standard map's hash (made to resist keys chosen to collide), was a twentieth
/// of the pipeline's instructions. The keys here come from our data files and users' own, so
/// a fast hash with a fixed seed is safe, and it makes no output depend on a random seed.
pub type WordMap<V> = HashMap<String, V, foldhash::fast::FixedState>;

/// A set of words or phrases, hashed as [`WordMap`] is.
pub type WordSet = HashSet<String, foldhash::fast::FixedState>;

/// Everything the pipeline reads from data files, indexed for lookup.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Countries, sorted by alpha-3 code.
    pub countries: Vec<Country>,
    /// Gazetteer entities, in file order.
    pub entities: Vec<Entity>,
    /// Surface name (as written) to what it names; several targets where ambiguous.
    pub names: WordMap<Vec<NameTarget>>,
    /// The most tokens a gazetteer name has.
    pub max_name_words: usize,
    /// Every proper beginning of a gazetteer name ("United", "United Arab"), so a look-up of
    /// ever longer phrases stops as soon as no name goes on.
    pub name_beginnings: WordSet,
    /// Verbs and other words that steer how clauses combine, by what they do ([`Cue`]).
    pub cues: HashMap<Cue, Vec<String>>,
    /// What an event is for the head of its object ([`Lexicon::reading_by_object`]), by verb
    /// lemma or event class and object.
    pub objects: WordMap<WordMap<Reading>>,
    /// Job titles, as word sequences.
    pub titles: WordMap<usize>,
    /// The most words a title has.
    pub max_title_words: usize,
    /// Every proper beginning of a title ("Foreign"), as for names.
    pub title_beginnings: WordSet,
    /// Whether some title starts without a capital (the shipped ones all have one, so a word
    /// in lower case is no title's end).
    pub titles_in_lower_case: bool,
    /// Verb forms to the event word.
    pub verbs: WordMap<EventWord>,
    /// Noun forms to the event word.
    pub nouns: WordMap<EventWord>,
    /// Function and cue words (lower case).
    pub words: WordMap<WordClass>,
    /// Abbreviations with their period.
    pub abbreviations: WordMap<AbbrevClass>,
    /// Clutter lines (lower case).
    pub clutter: Vec<(String, ClutterAction)>,
    /// Event classes of the ontology by local name.
    pub classes: BTreeMap<String, EventClass>,
    /// What may fill the roles of event classes (`roles.tsv`).
    pub roles: Vec<RoleRule>,
    country_by_code: HashMap<String, usize>,
}

impl Lexicon {
    /// The shipped data alone.
    pub fn shipped() -> Result<Self, DataError> {
        Self::with_extra(&[])
    }

    /// The shipped data plus the data files in the given directories (searched recursively for
    /// files named like the shipped ones, or ending so: `my.entities.tsv`).
    pub fn with_extra(dirs: &[PathBuf]) -> Result<Self, DataError> {
        let mut files: Vec<(DataKind, String, String)> =
            SHIPPED.iter().map(|(k, n, t)| (*k, (*n).to_owned(), (*t).to_owned())).collect();
        for dir in dirs {
            let mut found = Vec::new();
            collect_data_files(dir, &mut found)?;
            found.sort();
            for path in found {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if let Some(kind) = DataKind::from_file_name(name) {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|source| DataError::Io { file: path.display().to_string(), source })?;
                    files.push((kind, path.display().to_string(), text));
                }
            }
        }
        let mut lexicon = Self::default();
        lexicon.load_ontology()?;
        lexicon.load_keshvar();
        for kind in DataKind::ALL {
            for (k, name, text) in &files {
                if *k == kind {
                    let rows = parse_rows(name, text, kind)?;
                    lexicon.add_rows(kind, &rows)?;
                }
            }
        }
        lexicon.index_names();
        Ok(lexicon)
    }

    /// Looks a country up by ISO alpha-3 or alpha-2 code.
    pub fn country(&self, code: &str) -> Option<usize> {
        self.country_by_code.get(code).copied()
    }

    fn load_ontology(&mut self) -> Result<(), DataError> {
        let mut cameo: HashMap<String, String> = HashMap::new();
        let mut events: Vec<String> = Vec::new();
        let mut parents: HashMap<String, String> = HashMap::new();
        let mut shortcuts: Vec<(String, String, Vec<String>)> = Vec::new();
        let mut shortcut_roles: HashMap<String, Vec<String>> = HashMap::new();
        let mut shortcut_of: HashMap<String, String> = HashMap::new();
        let ns = vocab::ng::NS;
        let local = |s: &str| s.strip_prefix(ns).map(str::to_owned);
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(vocab::ONTOLOGY_TTL.as_bytes()) {
            let quad = triple.map_err(|e| DataError::Ontology(e.to_string()))?;
            let NamedOrBlankNode::NamedNode(s) = &quad.subject else { continue };
            let Some(s) = local(s.as_str()) else { continue };
            let p = quad.predicate.as_str();
            match (&quad.object, p) {
                (Term::Literal(l), _) if p == vocab::ng::CAMEO.as_str() => {
                    cameo.insert(s, l.value().to_owned());
                }
                (Term::NamedNode(o), _) if p == vocab::rdfs::SUB_CLASS_OF.as_str() => {
                    if let Some(o) = local(o.as_str()) {
                        parents.insert(s, o);
                    }
                }
                (Term::NamedNode(o), _) if p == format!("{ns}shortcutOf") => {
                    if let Some(o) = local(o.as_str()) {
                        shortcut_of.insert(s, o);
                    }
                }
                (Term::NamedNode(o), _) if p == format!("{ns}shortcutRole") => {
                    if let Some(o) = local(o.as_str()) {
                        shortcut_roles.entry(s).or_default().push(o);
                    }
                }
                _ => {}
            }
        }
        for name in parents.keys() {
            let mut current = name.as_str();
            let mut depth = 0;
            while let Some(parent) = parents.get(current) {
                if parent == "Event" {
                    events.push(name.clone());
                    break;
                }
                current = parent;
                depth += 1;
                if depth > 16 {
                    return Err(DataError::Ontology(format!("rdfs:subClassOf cycle at ng:{name}")));
                }
            }
        }
        for (property, class) in shortcut_of {
            shortcuts.push((class, property.clone(), shortcut_roles.remove(&property).unwrap_or_default()));
        }
        for name in events {
            let inherited = {
                let mut current = Some(name.as_str());
                let mut found = None;
                while let Some(c) = current {
                    if let Some(code) = cameo.get(c) {
                        found = Some(code.clone());
                        break;
                    }
                    current = parents.get(c).map(String::as_str);
                }
                found
            };
            let shortcut = shortcuts
                .iter()
                .find(|(c, _, roles)| *c == name && roles.iter().any(|r| r != "recipient"))
                .map(|(_, p, _)| p.clone());
            let shortcut_recipient = shortcuts
                .iter()
                .find(|(c, _, roles)| *c == name && roles.iter().all(|r| r == "recipient"))
                .map(|(_, p, _)| p.clone());
            self.classes.insert(name.clone(), EventClass { name, cameo: inherited, shortcut, shortcut_recipient });
        }
        Ok(())
    }

    fn load_keshvar(&mut self) {
        let mut countries: Vec<Country> = keshvar::CountryIterator::new()
            .map(|c| {
                let short = c.iso_short_name();
                // ISO short names carry qualifiers ("Iran (Islamic Republic of)"); the first plain
                // Latin unofficial name is what news writes.
                let plain = |n: &&str| n.is_ascii() && !n.contains('(') && !n.contains(',');
                let label = if plain(&short) {
                    short.to_owned()
                } else {
                    c.unofficial_name_list().iter().copied().find(|n| plain(n)).unwrap_or(short).to_owned()
                };
                let mut aliases: Vec<String> = c
                    .unofficial_name_list()
                    .iter()
                    .chain([&short])
                    .filter(|n| plain(n) && **n != label)
                    .map(|n| (*n).to_owned())
                    .collect();
                aliases.sort();
                aliases.dedup();
                Country {
                    alpha3: c.alpha3().to_string(),
                    alpha2: c.alpha2().to_string(),
                    label,
                    aliases,
                    demonyms: c.maybe_nationality().into_iter().map(str::to_owned).collect(),
                    capitals: Vec::new(),
                    un_member: c.un_member(),
                    curated_demonyms: 0,
                }
            })
            .collect();
        countries.sort_by(|a, b| a.alpha3.cmp(&b.alpha3));
        for (i, c) in countries.iter().enumerate() {
            self.country_by_code.insert(c.alpha3.clone(), i);
            self.country_by_code.insert(c.alpha2.clone(), i);
        }
        self.countries = countries;
    }

    fn country_of(&self, row: &Row, code: &str) -> Result<usize, DataError> {
        self.country(code).ok_or_else(|| row.error(format!("unknown ISO country code {code:?}")))
    }

    fn add_rows(&mut self, kind: DataKind, rows: &[Row]) -> Result<(), DataError> {
        for row in rows {
            let f = &row.fields;
            match kind {
                DataKind::Countries => {
                    let i = self.country_of(row, &f[0])?;
                    let name = f[2].clone();
                    let c = &mut self.countries[i];
                    match f[1].as_str() {
                        "label" => {
                            let old = std::mem::replace(&mut c.label, name);
                            if !c.aliases.contains(&old) {
                                c.aliases.push(old);
                            }
                            let label = c.label.clone();
                            c.aliases.retain(|a| *a != label);
                        }
                        "alias" => c.aliases.push(name),
                        "demonym" => {
                            c.demonyms.retain(|d| *d != name);
                            c.demonyms.insert(c.curated_demonyms, name);
                            c.curated_demonyms += 1;
                        }
                        "capital" => c.capitals.insert(0, name),
                        "capital-alias" => c.capitals.push(name),
                        other => return Err(row.error(format!("unknown kind {other:?}"))),
                    }
                }
                DataKind::Entities => {
                    let kind = EntityType::parse(&f[1]).ok_or_else(|| row.error(format!("unknown type {:?}", f[1])))?;
                    let mut entity = Entity {
                        name: f[0].clone(),
                        kind,
                        aliases: split_list(&f[2]),
                        country: None,
                        title: None,
                        metonym: None,
                        same_as: Vec::new(),
                    };
                    for attribute in f[3].split(';').filter(|a| !a.trim().is_empty()) {
                        let (key, value) = attribute
                            .split_once('=')
                            .ok_or_else(|| row.error(format!("attribute {attribute:?} is not key=value")))?;
                        match key.trim() {
                            "country" => entity.country = Some(self.country_of(row, value.trim())?),
                            "metonym" => entity.metonym = Some(self.country_of(row, value.trim())?),
                            "title" => entity.title = Some(value.trim().to_owned()),
                            "sameAs" => entity.same_as.push(value.trim().to_owned()),
                            other => return Err(row.error(format!("unknown attribute {other:?}"))),
                        }
                    }
                    self.entities.push(entity);
                }
                DataKind::Titles => {
                    let words = f[0].split_whitespace().count();
                    self.max_title_words = self.max_title_words.max(words);
                    let key = f[0].split_whitespace().collect::<Vec<_>>().join(" ");
                    add_beginnings(&key, &mut self.title_beginnings);
                    self.titles_in_lower_case |= !key.starts_with(char::is_uppercase);
                    self.titles.insert(key, row.line);
                }
                DataKind::Verbs | DataKind::Nouns => {
                    let plain_verb = kind == DataKind::Verbs && f[1] == "-" && f[2] == "-";
                    if !plain_verb && !self.classes.contains_key(&f[1]) {
                        return Err(row.error(format!("event class ng:{} is not in the ontology", f[1])));
                    }
                    let frame = if plain_verb {
                        Frame::None
                    } else {
                        Frame::parse(&f[2]).ok_or_else(|| row.error(format!("unknown frame {:?}", f[2])))?
                    };
                    let word = EventWord { lemma: f[0].clone(), class: f[1].clone(), frame };
                    let mut forms = split_list(&f[3]);
                    forms.push(f[0].clone());
                    if kind == DataKind::Verbs {
                        forms.extend(verb_forms(&f[0]));
                        for form in forms {
                            self.verbs.insert(form.to_lowercase(), word.clone());
                        }
                    } else {
                        for form in forms {
                            self.nouns.insert(form.to_lowercase(), word.clone());
                        }
                    }
                }
                DataKind::Words => {
                    let class =
                        WordClass::parse(&f[1]).ok_or_else(|| row.error(format!("unknown class {:?}", f[1])))?;
                    self.words.insert(f[0].to_lowercase(), class);
                }
                DataKind::Abbreviations => {
                    let class = match f[1].as_str() {
                        "title" => AbbrevClass::Title,
                        "month" => AbbrevClass::Month,
                        "other" => AbbrevClass::Other,
                        other => return Err(row.error(format!("unknown class {other:?}"))),
                    };
                    if !f[0].ends_with('.') {
                        return Err(row.error("an abbreviation ends with a period"));
                    }
                    self.abbreviations.insert(f[0].clone(), class);
                }
                DataKind::Objects => {
                    if !self.classes.contains_key(&f[2]) {
                        return Err(row.error(format!("event class ng:{} is not in the ontology", f[2])));
                    }
                    let frame = Frame::parse(&f[3]).ok_or_else(|| row.error(format!("unknown frame {:?}", f[3])))?;
                    let reading = Reading { class: f[2].clone(), frame };
                    self.objects.entry(f[0].clone()).or_default().insert(f[1].to_lowercase(), reading);
                }
                DataKind::Cues => {
                    let cue = Cue::parse(&f[1]).ok_or_else(|| row.error(format!("unknown cue {:?}", f[1])))?;
                    let words = self.cues.entry(cue).or_default();
                    let word = f[0].to_lowercase();
                    if !words.contains(&word) {
                        words.push(word);
                    }
                }
                DataKind::Roles => {
                    if !self.classes.contains_key(&f[0]) {
                        return Err(row.error(format!("event class ng:{} is not in the ontology", f[0])));
                    }
                    if !ROLE_NAMES.contains(&f[1].as_str()) {
                        return Err(row.error(format!("unknown role {:?} ({})", f[1], ROLE_NAMES.join(", "))));
                    }
                    let kinds = f[2]
                        .split('|')
                        .map(|k| {
                            Kind::parse(k).ok_or_else(|| row.error(format!("unknown kind {k:?} (actor, place, asset)")))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    self.roles.push(RoleRule { class: f[0].clone(), role: f[1].clone(), kinds });
                }
                DataKind::Boilerplate => {
                    let action = match f[1].as_str() {
                        "end" => ClutterAction::End,
                        "skip" => ClutterAction::Skip,
                        other => return Err(row.error(format!("unknown action {other:?}"))),
                    };
                    self.clutter.push((f[0].to_lowercase(), action));
                }
            }
        }
        Ok(())
    }

    fn index_names(&mut self) {
        let mut names: WordMap<Vec<NameTarget>> = WordMap::default();
        let mut add = |name: &str, target: NameTarget| {
            let name = name.strip_prefix("The ").unwrap_or(name);
            let key = name_key(name);
            let targets = names.entry(key).or_default();
            if !targets.contains(&target) {
                targets.push(target);
            }
        };
        for (i, c) in self.countries.iter().enumerate() {
            add(&c.label, NameTarget::Country(i));
            for a in &c.aliases {
                add(a, NameTarget::Country(i));
            }
            for d in &c.demonyms {
                add(d, NameTarget::Demonym(i));
            }
            for cap in &c.capitals {
                add(cap, NameTarget::Capital(i));
            }
        }
        for (i, e) in self.entities.iter().enumerate() {
            add(&e.name, NameTarget::Entity(i));
            for a in &e.aliases {
                add(a, NameTarget::Entity(i));
            }
        }
        // A curated entry beats a crate-given one for the same surface (Georgia the country vs a
        // user's Georgia the state): keep the shipped order but prefer entities and labels. A
        // nationality several countries share goes first to the one a data file gives it to,
        // then to a member state over a territory: "American" is the United States before the
        // Northern Mariana Islands, "French" France before Réunion.
        let countries = &self.countries;
        for (key, targets) in &mut names {
            targets.sort_by_key(|t| match t {
                NameTarget::Entity(_) => 0,
                NameTarget::Country(_) => 1,
                NameTarget::Capital(_) => 2,
                NameTarget::Demonym(i) => {
                    let c = &countries[*i];
                    let curated = c.demonyms[..c.curated_demonyms].iter().any(|d| name_key(d) == *key);
                    3 + 2 * u8::from(!curated) + u8::from(!c.un_member)
                }
            });
        }
        self.max_name_words = names.keys().map(|k| k.split(' ').count()).max().unwrap_or(1);
        self.name_beginnings.clear();
        for key in names.keys() {
            add_beginnings(key, &mut self.name_beginnings);
        }
        self.names = names;
    }

    /// The canonical name of a gazetteer target.
    pub fn target_name(&self, target: NameTarget) -> &str {
        match target {
            NameTarget::Country(i) | NameTarget::Demonym(i) => &self.countries[i].label,
            NameTarget::Capital(i) => self.countries[i].capitals.first().map_or("", String::as_str),
            NameTarget::Entity(i) => &self.entities[i].name,
        }
    }

    /// The event class of an event word; the lexicon was checked against the ontology on load.
    pub fn class(&self, name: &str) -> Option<&EventClass> {
        self.classes.get(name)
    }

    /// The words of a cue (lemmas for verbs).
    pub fn cue(&self, cue: Cue) -> &[String] {
        self.cues.get(&cue).map_or(&[], Vec::as_slice)
    }

    /// Whether a word is among a cue's words, as written there.
    pub fn cue_word(&self, cue: Cue, word: &str) -> bool {
        self.cue(cue).iter().any(|w| w == word)
    }

    /// Whether a noun (or a plural of it) is among a cue's words.
    pub fn cue_noun(&self, cue: Cue, word: &str) -> bool {
        let words = self.cue(cue);
        words.iter().any(|w| w == word) || word.strip_suffix('s').is_some_and(|s| words.iter().any(|w| w == s))
    }

    /// What an event of a verb (its lemma, and the class it has so far) is when the head of its
    /// object is `object` (any case; a plural is tried as its singular too).
    pub fn reading_by_object(&self, lemma: &str, class: &str, object: &str) -> Option<&Reading> {
        let object = object.to_lowercase();
        let singular = object.strip_suffix('s').filter(|s| s.len() > 2);
        [lemma, class]
            .into_iter()
            .filter_map(|verb| self.objects.get(verb))
            .find_map(|objects| std::iter::once(object.as_str()).chain(singular).find_map(|o| objects.get(o)))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// The key under which a name is looked up: its words as the segmenter splits them, one space
/// between.
pub fn name_key(name: &str) -> String {
    if is_plain_name(name) {
        return name.to_owned();
    }
    joined_tokens(name)
}

/// The tokens of a name, one space between them.
fn joined_tokens(name: &str) -> String {
    let seg = crate::segment::tokenize_plain(name);
    seg.iter().map(|r| &name[r.clone()]).collect::<Vec<_>>().join(" ")
}

/// Whether a name is its own key: words of letters and digits with one space between them,
/// which the segmenter leaves as they are.
pub fn is_plain_name(name: &str) -> bool {
    name.split(' ').all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric))
}

/// Adds each proper beginning of a phrase of words joined by single spaces.
fn add_beginnings(phrase: &str, set: &mut WordSet) {
    for (at, _) in phrase.match_indices(' ') {
        set.insert(phrase[..at].to_owned());
    }
}

fn split_list(field: &str) -> Vec<String> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn collect_data_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), DataError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DataError::Io { file: dir.display().to_string(), source })?;
    for entry in entries {
        let entry = entry.map_err(|source| DataError::Io { file: dir.display().to_string(), source })?;
        let path = entry.path();
        if path.is_dir() {
            collect_data_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tsv") {
            out.push(path);
        }
    }
    Ok(())
}

/// The regular inflections of an English verb: -s, -ed, -ing.
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut forms = Vec::with_capacity(3);
    let bytes = lemma.as_bytes();
    let last = bytes.last().copied().unwrap_or(b' ');
    let before = if bytes.len() >= 2 { bytes[bytes.len() - 2] } else { b' ' };
    let vowel = |c: u8| b"aeiou".contains(&c);
    if last == b'y' && !vowel(before) {
        let stem = &lemma[..lemma.len() - 1];
        forms.push(format!("{stem}ies"));
        forms.push(format!("{stem}ied"));
        forms.push(format!("{lemma}ing"));
    } else {
        if lemma.ends_with('s')
            || lemma.ends_with('x')
            || lemma.ends_with("sh")
            || lemma.ends_with("ch")
            || lemma.ends_with('z')
        {
            forms.push(format!("{lemma}es"));
        } else {
            forms.push(format!("{lemma}s"));
        }
        if last == b'e' {
            forms.push(format!("{lemma}d"));
            let stem = &lemma[..lemma.len() - 1];
            if lemma.ends_with("ee") {
                forms.push(format!("{lemma}ing"));
            } else {
                forms.push(format!("{stem}ing"));
            }
        } else {
            forms.push(format!("{lemma}ed"));
            forms.push(format!("{lemma}ing"));
        }
    }
    forms
}

#[cfg(test)]
mod tests;
