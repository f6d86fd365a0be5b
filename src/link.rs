//! Links name mentions to canonical entities: gazetteer entries, countries by ISO code,
//! demonyms and capitals standing for their state, partial names within a document, and new
//! entities with IRIs derived from their type and normalised name.

use crate::lexicon::{EntityType, Lexicon, NameTarget};
use crate::segment::Segmentation;
use crate::tag::Tags;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// A canonical entity as one document knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The IRI path under the resource base (`country/IRN`, `person/sergei-ryabkov`).
    pub key: String,
    /// The canonical name.
    pub label: String,
    /// Its type.
    pub kind: EntityType,
    /// Other names it went by in the document.
    pub alt_labels: BTreeSet<String>,
    /// The country it belongs to, lies in, or was made in (index into the lexicon's countries).
    pub country: Option<usize>,
    /// A person's job title.
    pub title: Option<String>,
    /// For a country: its index in the lexicon.
    pub country_index: Option<usize>,
    /// Outside identifiers.
    pub same_as: Vec<String>,
    /// The state it stands for when it acts, if it is a metonym (the Kremlin).
    pub stands_for: Option<usize>,
}

/// A mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Its tokens.
    pub tokens: Range<usize>,
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The sentence it is in.
    pub sentence: usize,
    /// The entity (index into [`Linked::entities`]).
    pub entity: usize,
    /// The name type as written (a demonym is MISC even though it links to a country).
    pub conll: &'static str,
}

/// Entities and mentions of a document.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    /// Entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// Mentions, in text order.
    pub mentions: Vec<Mention>,
    /// For each token, the mention covering it.
    pub mention_at: Vec<Option<usize>>,
}

impl Linked {
    /// The entity of the country with this lexicon index, added if the document has not named it.
    pub fn country_entity(&mut self, lex: &Lexicon, index: usize) -> usize {
        let key = country_key(lex, index);
        if let Some(i) = self.entities.iter().position(|e| e.key == key) {
            return i;
        }
        self.entities.push(country(lex, index));
        self.entities.len() - 1
    }
}

/// Words before a capital that make it a place, not its state ("in Moscow").
const LOCATIVE: &[&str] = &["in", "at", "near", "outside", "inside", "around", "across", "through"];

/// Nouns after a capital that make it stand for its state ("the Tehran government").
const STATE_NOUNS: &[&str] =
    &["administration", "authorities", "government", "leadership", "military", "officials", "regime"];

/// Links the tagged names of a document.
pub fn link(text: &str, seg: &Segmentation, tags: &Tags, lex: &Lexicon) -> Linked {
    let mut linked = Linked { mention_at: vec![None; seg.tokens.len()], ..Linked::default() };
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let sentence_of = {
        let mut map = vec![0usize; seg.tokens.len()];
        for (s, sentence) in seg.sentences.iter().enumerate() {
            for slot in &mut map[sentence.tokens.clone()] {
                *slot = s;
            }
        }
        map
    };
    let surface = |r: &Range<usize>| &text[seg.tokens[r.start].start..seg.tokens[r.end - 1].end];
    for name in &tags.names {
        let words = surface(&name.tokens);
        let previous = name.tokens.start.checked_sub(1).map(|p| tags.lower[p].as_str());
        let (entity, conll) = match name.target {
            Some(NameTarget::Country(i)) => (country(lex, i), "LOC"),
            Some(NameTarget::Demonym(i)) => (country(lex, i), "MISC"),
            Some(NameTarget::Capital(i)) => {
                // "the Paris accord", "the Moscow embassy": a capital naming a thing by where it
                // is; "the Tehran government" still stands for the state
                let next = name.tokens.end;
                let modifier = previous.is_some_and(|p| matches!(p, "the" | "a" | "an"))
                    && tags.pos.get(next) == Some(&crate::tag::Pos::Noun)
                    && !STATE_NOUNS.contains(&tags.lower[next].as_str());
                if modifier || previous.is_some_and(|p| LOCATIVE.contains(&p)) {
                    (capital(lex, i), "LOC")
                } else {
                    (country(lex, i), "LOC")
                }
            }
            Some(NameTarget::Entity(i)) => {
                let e = &lex.entities[i];
                let entity = Entity {
                    key: format!("{}/{}", e.kind.slug(), slug(&e.name)),
                    label: e.name.clone(),
                    kind: e.kind,
                    alt_labels: BTreeSet::new(),
                    country: e.country,
                    title: e.title.clone(),
                    country_index: None,
                    same_as: e.same_as.clone(),
                    stands_for: e.metonym,
                };
                (entity, e.kind.conll())
            }
            // a country's name the name model typed as a place or organisation ("Daiwa
            // Securities Co Ltd of Japan", the headline's "IRAN") is still the country
            None if matches!(name.kind, EntityType::Location | EntityType::Organization)
                && country_named(lex, words).is_some() =>
            {
                (country(lex, country_named(lex, words).unwrap_or_default()), "LOC")
            }
            None => {
                // "Ryabkov" after "Sergei Ryabkov": a partial name of a person already seen
                let partial =
                    (name.kind == EntityType::Person || name.kind == EntityType::Misc) && name.tokens.len() == 1;
                let earlier = partial
                    .then(|| {
                        linked.entities.iter().position(|e| {
                            e.kind == EntityType::Person && e.label.split_whitespace().skip(1).any(|w| w == words)
                        })
                    })
                    .flatten()
                    .or_else(|| {
                        // "the RSF" after "the Rapid Support Forces": an acronym of a body seen
                        let acronym = name.tokens.len() == 1
                            && (2..=6).contains(&words.len())
                            && words.chars().all(|c| c.is_ascii_uppercase());
                        acronym
                            .then(|| {
                                linked.entities.iter().position(|e| {
                                    !matches!(e.kind, EntityType::Person | EntityType::Country)
                                        && initials(&e.label) == words
                                })
                            })
                            .flatten()
                    });
                if let Some(e) = earlier {
                    let entity = linked.entities[e].clone();
                    let conll = entity.kind.conll();
                    (entity, conll)
                } else {
                    let mut affiliation = None;
                    let mut title = None;
                    if let Some(t) = &name.title {
                        title = Some(surface(t).to_owned());
                        // "Russian Deputy Foreign Minister": the nationality before the title
                        if let Some(before) = t.start.checked_sub(1) {
                            if let Some(m) = linked.mentions.last().filter(|m| m.tokens.end == before + 1) {
                                affiliation = linked.entities[m.entity].country_index;
                            }
                        }
                    }
                    let entity = Entity {
                        key: format!("{}/{}", name.kind.slug(), slug(words)),
                        label: words.to_owned(),
                        kind: name.kind,
                        alt_labels: BTreeSet::new(),
                        country: affiliation,
                        title,
                        country_index: None,
                        same_as: Vec::new(),
                        stands_for: None,
                    };
                    (entity, name.kind.conll())
                }
            }
        };
        let key = entity.key.clone();
        let index = match by_key.get(&key) {
            Some(&i) => i,
            None => {
                linked.entities.push(entity);
                by_key.insert(key, linked.entities.len() - 1);
                linked.entities.len() - 1
            }
        };
        // a title and nationality seen in this document complete what the gazetteer lacks
        if let Some(t) = &name.title {
            let e = &mut linked.entities[index];
            if e.title.is_none() {
                e.title = Some(surface(t).to_owned());
            }
            if e.country.is_none() {
                if let Some(before) = t.start.checked_sub(1) {
                    if let Some(m) = linked.mentions.last().filter(|m| m.tokens.end == before + 1) {
                        let c = linked.entities[m.entity].country_index;
                        linked.entities[index].country = c;
                    }
                }
            }
        }
        let e = &mut linked.entities[index];
        if words != e.label && conll != "MISC" && e.kind != EntityType::Country {
            e.alt_labels.insert(words.to_owned());
        }
        if let (EntityType::Country, Some(NameTarget::Country(_))) = (e.kind, name.target) {
            if words != e.label && words.chars().any(char::is_lowercase) {
                e.alt_labels.insert(words.to_owned());
            }
        }
        let mention = linked.mentions.len();
        for slot in &mut linked.mention_at[name.tokens.clone()] {
            *slot = Some(mention);
        }
        linked.mentions.push(Mention {
            tokens: name.tokens.clone(),
            span: seg.tokens[name.tokens.start].start..seg.tokens[name.tokens.end - 1].end,
            sentence: sentence_of[name.tokens.start],
            entity: index,
            conll,
        });
    }
    linked
}

/// The initials of a name's capitalised words ("Democratic Republic of Congo": "DRC").
fn initials(label: &str) -> String {
    label.split([' ', '-']).filter_map(|w| w.chars().next().filter(char::is_ascii_uppercase)).collect()
}

fn country_key(lex: &Lexicon, i: usize) -> String {
    format!("country/{}", lex.countries[i].alpha3)
}

fn country(lex: &Lexicon, i: usize) -> Entity {
    let c = &lex.countries[i];
    Entity {
        key: country_key(lex, i),
        label: c.label.clone(),
        kind: EntityType::Country,
        alt_labels: BTreeSet::new(),
        country: None,
        title: None,
        country_index: Some(i),
        same_as: Vec::new(),
        stands_for: None,
    }
}

fn capital(lex: &Lexicon, i: usize) -> Entity {
    let c = &lex.countries[i];
    let name = c.capitals.first().cloned().unwrap_or_default();
    Entity {
        key: format!("city/{}", slug(&name)),
        label: name,
        kind: EntityType::City,
        alt_labels: c.capitals.iter().skip(1).cloned().collect(),
        country: Some(i),
        title: None,
        country_index: None,
        same_as: Vec::new(),
        stands_for: None,
    }
}

/// The country a name is, when the gazetteer knows it as one (in any case).
fn country_named(lex: &Lexicon, words: &str) -> Option<usize> {
    // asked of most names the model finds: a plain name is looked up as it is
    let targets = if crate::lexicon::is_plain_name(words) {
        lex.names.get(words).or_else(|| lex.names.get(&crate::tag::title_case(words)))
    } else {
        let key = crate::lexicon::name_key(words);
        lex.names.get(&key).or_else(|| lex.names.get(&crate::lexicon::name_key(&crate::tag::title_case(words))))
    }?;
    targets.iter().find_map(|t| match t {
        NameTarget::Country(i) => Some(*i),
        _ => None,
    })
}

/// A normalised name for IRIs: lower case, letters and digits, one hyphen between words.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' && c != '.' {
            gap = true;
        }
    }
    if out.is_empty() { "unnamed".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;
    use crate::tag::{RuleTagger, Tagger};

    fn linked(text: &str) -> (Linked, Vec<(String, String)>) {
        let lex = Lexicon::shipped().expect("data");
        let seg = segment(text, &[0..text.len()], &lex);
        let tags = RuleTagger::new(&lex).tag(text, &seg);
        let l = link(text, &seg, &tags, &lex);
        let pairs =
            l.mentions.iter().map(|m| (text[m.span.clone()].to_owned(), l.entities[m.entity].key.clone())).collect();
        (l, pairs)
    }

    #[test]
    fn capitals_stand_for_states_unless_they_are_places() {
        let (_, pairs) = linked("Washington asked Teheran to stop. Talks were held in Tehran.");
        assert_eq!(
            pairs,
            [
                ("Washington".into(), "country/USA".into()),
                ("Teheran".into(), "country/IRN".into()),
                ("Tehran".into(), "city/tehran".into())
            ]
        );
    }

    #[test]
    fn partial_names_and_titles() {
        let (l, pairs) = linked("Italian Prime Minister Jane Doe spoke. Doe said Iran sent drones.");
        assert_eq!(pairs[1], ("Jane Doe".into(), "person/jane-doe".into()));
        assert_eq!(pairs[2], ("Doe".into(), "person/jane-doe".into()));
        let doe = &l.entities[l.mentions[1].entity];
        assert_eq!(doe.title.as_deref(), Some("Prime Minister"));
        assert!(doe.country.is_some());
    }

    #[test]
    fn acronyms_of_bodies_seen_are_those_bodies() {
        let (_, pairs) =
            linked("Sudan's army fought the Rapid Support Forces in Darfur. The RSF said the DRC was calm.");
        let key = |w: &str| pairs.iter().find(|(t, _)| t == w).map(|(_, k)| k.clone()).expect(w);
        assert_eq!(key("RSF"), key("Rapid Support Forces"));
        // an acronym whose name the story never gave stays a name of its own
        assert_ne!(key("DRC"), key("Rapid Support Forces"));
        assert_eq!(initials("Democratic Republic of Congo"), "DRC");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Hossein Amir-Abdollahian"), "hossein-amir-abdollahian");
        assert_eq!(slug("U.S. Navy"), "us-navy");
        assert_eq!(slug("Tehran’s"), "tehrans");
    }

    #[test]
    fn every_gazetteer_example_links_its_name() {
        let lex = Lexicon::shipped().expect("data");
        for (kind, file, text) in crate::lexicon::SHIPPED {
            type Expect<'a> = Box<dyn Fn(&crate::lexicon::Row) -> (Vec<String>, String) + 'a>;
            let expect: Expect<'_> = match kind {
                crate::lexicon::DataKind::Countries => Box::new(|row| {
                    let i = lex.country(&row.fields[0]).expect("code");
                    let key = if row.fields[1].starts_with("capital")
                        && row.example().contains(&format!("in {}", row.fields[2]))
                    {
                        format!("city/{}", slug(&lex.countries[i].capitals[0]))
                    } else {
                        format!("country/{}", row.fields[0])
                    };
                    (vec![row.fields[2].clone()], key)
                }),
                crate::lexicon::DataKind::Entities => Box::new(|row| {
                    let mut names = vec![row.fields[0].clone()];
                    names.extend(row.fields[2].split('|').filter(|s| !s.is_empty()).map(str::to_owned));
                    let kind = match row.fields[1].as_str() {
                        "PER" => "person",
                        "ORG" => "organization",
                        "LOC" => "location",
                        "CITY" => "city",
                        "GROUP" => "group",
                        "MISC" => "misc",
                        "PRODUCT" => "product",
                        "WEAPON" => "weapon",
                        _ => "vehicle",
                    };
                    (names, format!("{kind}/{}", slug(&row.fields[0])))
                }),
                _ => continue,
            };
            for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
                let (names, key) = expect(&row);
                let (_, pairs) = linked(row.example());
                assert!(
                    pairs.iter().any(|(surface, k)| names.contains(surface) && *k == key),
                    "{}:{}: {:?} not linked to {key}: {pairs:?}",
                    row.file,
                    row.line,
                    names
                );
            }
        }
    }
}
