//! Splits article text into tokens and sentences, keeping byte offsets into the text.
//!
//! Built for news: abbreviations and initials keep their period, decimals and hyphenated names
//! stay whole, clitics (`'s`, `n't`) and curly quotes come apart, and a line break ends a
//! sentence where the text reads as separate lines (headlines, datelines, bylines).

use crate::lexicon::{AbbrevClass, Lexicon, WordClass};
use std::ops::Range;

/// A token: a byte range of the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Line breaks in the white space before the token.
    pub breaks_before: u8,
}

/// A sentence: a byte range of the text and the range of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range of the sentence in the text.
    pub span: Range<usize>,
    /// Its tokens (indexes into [`Segmentation::tokens`]).
    pub tokens: Range<usize>,
}

/// Tokens and sentences of a document.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// All tokens, in order.
    pub tokens: Vec<Token>,
    /// All sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// No sentence is longer than this many tokens: run-on text (tables, lists without
/// punctuation) is cut so later stages stay linear.
pub const MAX_SENTENCE_TOKENS: usize = 150;

// '<' and '>': the Reuters wire marks company names as "<Bank of England>"
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '«', '‹', '„', '*', '<'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '}', '»', '›', ',', ';', ':', '!', '?', '*', '>'];
const DASHES: &[char] = &['—', '–', '―'];
const CLITICS: &[&str] = &["'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m"];

/// Splits the given byte ranges of `text` (the article's content regions) into sentences.
pub fn segment(text: &str, regions: &[Range<usize>], lexicon: &Lexicon) -> Segmentation {
    let mut seg = Segmentation::default();
    for region in regions {
        let first = seg.tokens.len();
        tokenize_into(text, region.clone(), lexicon, &mut seg.tokens);
        split_sentences(text, lexicon, first, &mut seg);
    }
    seg
}

/// Tokens of a short string with no lexicon (for gazetteer names): byte ranges.
pub fn tokenize_plain(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    tokenize_into(text, 0..text.len(), &Lexicon::default(), &mut tokens);
    tokens.into_iter().map(|t| t.start..t.end).collect()
}

fn tokenize_into(text: &str, region: Range<usize>, lexicon: &Lexicon, out: &mut Vec<Token>) {
    let slice = &text[region.clone()];
    let mut breaks: u8 = 0;
    let mut chunk_start: Option<usize> = None;
    // closing punctuation of a chunk, kept for the chunk after it
    let mut tail = Vec::new();
    let bytes = slice.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        // ASCII bytes, most of the text, are told apart without decoding a character
        let (space, width) = match bytes.get(i) {
            None => (true, 1),
            Some(&b) if b.is_ascii() => (b.is_ascii_whitespace() || b == 0x0b, 1),
            Some(_) => slice[i..].chars().next().map_or((true, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        if space {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, (region.start + s, region.start + i), breaks, lexicon, &mut tail, out);
                breaks = 0;
            }
            if bytes.get(i) == Some(&b'\n') {
                breaks = breaks.saturating_add(1);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
        i += width;
    }
}

/// Splits a whitespace-free chunk into tokens.
fn split_chunk(
    text: &str,
    (mut start, mut end): (usize, usize),
    breaks: u8,
    lexicon: &Lexicon,
    tail: &mut Vec<Range<usize>>,
    out: &mut Vec<Token>,
) {
    let mut breaks = Some(breaks);
    let mut push = |out: &mut Vec<Token>, s: usize, e: usize| {
        out.push(Token { start: s, end: e, breaks_before: breaks.take().unwrap_or(0) });
    };
    // opening punctuation
    while start < end {
        let c = text[start..end].chars().next().unwrap_or(' ');
        if OPENERS.contains(&c) || DASHES.contains(&c) {
            push(out, start, start + c.len_utf8());
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // closing punctuation, kept in order
    tail.clear();
    while start < end {
        let s = &text[start..end];
        let c = s.chars().next_back().unwrap_or(' ');
        if s.ends_with("...") && s.len() > 3 {
            tail.push(end - 3..end);
            end -= 3;
        } else if c == '…' || DASHES.contains(&c) {
            tail.push(end - c.len_utf8()..end);
            end -= c.len_utf8();
        } else if c == '.' {
            if keeps_period(&text[start..end], lexicon) {
                break;
            }
            tail.push(end - 1..end);
            end -= 1;
        } else if CLOSERS.contains(&c) {
            tail.push(end - c.len_utf8()..end);
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    if start < end {
        split_word(text, start, end, &mut |s, e| push(out, s, e));
    }
    for r in tail.drain(..).rev() {
        push(out, r.start, r.end);
    }
}

/// Whether `word` ends with `suffix` (in lower case) in any case of its ASCII letters: a
/// test per token, which lower-casing the whole word for made the segmenter's commonest
/// allocation.
fn ends_with_any_case(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word.is_char_boundary(word.len() - suffix.len())
        && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

/// Splits inner dashes, clitics and hyphenated name-plus-word compounds out of a word.
fn split_word(text: &str, start: usize, end: usize, push: &mut dyn FnMut(usize, usize)) {
    let word = &text[start..end];
    // most words have nothing to split: no dash, apostrophe or hyphen (the curly apostrophe
    // and the dashes are not ASCII)
    if word.bytes().all(|b| b.is_ascii() && b != b'\'' && b != b'-') {
        push(start, end);
        return;
    }
    // inner em and en dashes separate words ("war—and")
    if let Some((i, c)) = word.char_indices().find(|(i, c)| DASHES.contains(c) && *i > 0) {
        split_word(text, start, start + i, push);
        push(start + i, start + i + c.len_utf8());
        if start + i + c.len_utf8() < end {
            split_word(text, start + i + c.len_utf8(), end, push);
        }
        return;
    }
    for nt in ["n't", "n’t"] {
        if ends_with_any_case(word, nt) && word.len() > nt.len() {
            let cut = end - nt.len();
            push(start, cut);
            push(cut, end);
            return;
        }
    }
    for clitic in CLITICS {
        if ends_with_any_case(word, clitic) && word.len() > clitic.len() {
            let cut = end - clitic.len();
            push(start, cut);
            push(cut, end);
            return;
        }
    }
    // "Iranian-made", "NATO-instigated": a name joined to a lower-case word is two words, so the
    // name can be found; "Amir-Abdollahian", "Mohajer-6" and "so-called" stay whole.
    if let Some(h) = word.find('-') {
        let (left, right) = (&word[..h], &word[h + 1..]);
        let cap = left.chars().next().is_some_and(char::is_uppercase) && left.chars().all(char::is_alphabetic);
        let low = !right.is_empty() && right.chars().all(|c| c.is_lowercase());
        if cap && low && left.chars().count() > 1 {
            push(start, start + h);
            push(start + h, start + h + 1);
            push(start + h + 1, end);
            return;
        }
    }
    push(start, end);
}

/// Whether a word ending in a period keeps it: abbreviations, initials, dotted acronyms.
fn keeps_period(word: &str, lexicon: &Lexicon) -> bool {
    if lexicon.abbreviations.contains_key(word) {
        return true;
    }
    let core = &word[..word.len() - 1];
    let mut chars = core.chars();
    // an initial: "J."
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    // dotted acronyms: "U.S.", "a.m."
    core.contains('.') && core.split('.').all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
}

fn split_sentences(text: &str, lexicon: &Lexicon, first: usize, seg: &mut Segmentation) {
    let tokens = &seg.tokens;
    let mut begin = first;
    let n = tokens.len();
    let mut i = first;
    while i < n {
        let mut end_here = false;
        let mut last = i;
        let t = &text[tokens[i].start..tokens[i].end];
        if is_final(t) {
            // closing quotes and brackets stay with the sentence they close
            // (a straight quote after a space opens the next sentence instead)
            while last + 1 < n
                && is_closing(&text[tokens[last + 1].start..tokens[last + 1].end])
                && tokens[last + 1].breaks_before == 0
                && (tokens[last + 1].start == tokens[last].end
                    || !matches!(&text[tokens[last + 1].start..tokens[last + 1].end], "\"" | "'"))
            {
                last += 1;
            }
            end_here = match tokens.get(last + 1) {
                None => true,
                Some(next) => {
                    let next_text = &text[next.start..next.end];
                    next.breaks_before > 0
                        || starts_sentence(next_text)
                        || (t == "…" || t == "...") && starts_upper(next_text)
                }
            };
        } else if t.ends_with('.') && t.len() > 1 {
            // an abbreviation or initial at the end of a sentence: "in the U.S. The …"
            if let Some(next) = tokens.get(i + 1) {
                let next_text = &text[next.start..next.end];
                let class = lexicon.abbreviations.get(t).copied();
                end_here = class != Some(AbbrevClass::Title)
                    && starts_upper(next_text)
                    && lexicon.words.get(&next_text.to_lowercase()).is_some_and(|c| {
                        matches!(
                            c,
                            WordClass::Det | WordClass::Pron | WordClass::Sconj | WordClass::Adv | WordClass::Cconj
                        )
                    });
            }
        }
        if !end_here {
            if let Some(next) = tokens.get(last + 1) {
                if next.breaks_before >= 2 {
                    end_here = true;
                } else if next.breaks_before == 1 {
                    // a single line break joins hard-wrapped prose, and separates anything else
                    let prev = &text[tokens[last].start..tokens[last].end];
                    let next_text = &text[next.start..next.end];
                    let continues = prev.chars().next_back().is_some_and(|c| c.is_lowercase() || c == ',' || c == '-')
                        && next_text.chars().next().is_some_and(char::is_lowercase);
                    end_here = !continues;
                }
            } else {
                end_here = true;
            }
        }
        if !end_here && last + 1 - begin >= MAX_SENTENCE_TOKENS {
            end_here = true;
        }
        if end_here {
            seg.sentences.push(Sentence { span: tokens[begin].start..tokens[last].end, tokens: begin..last + 1 });
            begin = last + 1;
        }
        i = last + 1;
    }
    if begin < n {
        seg.sentences.push(Sentence { span: tokens[begin].start..tokens[n - 1].end, tokens: begin..n });
    }
}

fn is_final(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…" | "...")
}

fn is_closing(t: &str) -> bool {
    matches!(t, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

fn starts_upper(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn starts_sentence(t: &str) -> bool {
    starts_upper(t) || t.starts_with(['"', '“', '‘', '\'', '(', '['])
}

/// Converts byte offsets of `text` into Unicode code point offsets, in one pass.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// For every byte offset that starts a character (and the end), its code point index;
    /// empty for ASCII text.
    map: Vec<u32>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        // in ASCII text, as most news is, a byte is a code point
        if text.is_ascii() {
            return Self { map: Vec::new() };
        }
        let mut map = vec![0u32; text.len() + 1];
        let mut count = 0u32;
        for (i, c) in text.char_indices() {
            for (k, slot) in map[i..i + c.len_utf8()].iter_mut().enumerate() {
                *slot = count + u32::from(k > 0);
            }
            count += 1;
        }
        map[text.len()] = count;
        Self { map }
    }

    /// The code point offset of a byte offset.
    pub fn chars(&self, byte: usize) -> usize {
        if self.map.is_empty() { byte } else { self.map[byte] as usize }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_white_space_separates_words() {
        let text = "Iran\u{a0}sent\tdrones\u{0b}to\u{2003}Russia\r\n\nMoscow\u{85}denied\u{3000}it";
        let mut tokens = Vec::new();
        tokenize_into(text, 0..text.len(), &Lexicon::default(), &mut tokens);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        let expected: Vec<&str> = text.split(char::is_whitespace).filter(|w| !w.is_empty()).collect();
        assert_eq!(words, expected);
        let breaks: Vec<u8> = tokens.iter().map(|t| t.breaks_before).collect();
        assert_eq!(breaks, [0, 0, 0, 0, 0, 2, 0, 0]);
    }

    #[test]
    fn clitics_split_off_in_any_case() {
        let words = |w: &str| {
            let mut out = Vec::new();
            split_word(w, 0, w.len(), &mut |a, b| out.push(w[a..b].to_owned()));
            out
        };
        assert_eq!(words("DON'T"), ["DO", "N'T"]);
        assert_eq!(words("Iran’s"), ["Iran", "’s"]);
        assert_eq!(words("THEY'RE"), ["THEY", "'RE"]);
        assert_eq!(words("Über’s"), ["Über", "’s"]);
        assert_eq!(words("n't"), ["n't"]);
        assert_eq!(words("Sandra"), ["Sandra"]);
    }

    fn lex() -> Lexicon {
        Lexicon::shipped().expect("shipped data")
    }

    fn words(text: &str) -> Vec<&str> {
        let seg = segment(text, &[0..text.len()], &lex());
        seg.tokens.iter().map(|t| &text[t.start..t.end]).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let seg = segment(text, &[0..text.len()], &lex());
        seg.sentences.iter().map(|s| &text[s.span.clone()]).collect()
    }

    #[test]
    fn splits_clitics_quotes_and_punctuation() {
        assert_eq!(
            words("“We’ve seen no indications,” Tehran’s top diplomat didn't say."),
            [
                "“",
                "We",
                "’ve",
                "seen",
                "no",
                "indications",
                ",",
                "”",
                "Tehran",
                "’s",
                "top",
                "diplomat",
                "did",
                "n't",
                "say",
                "."
            ]
        );
    }

    #[test]
    fn wire_company_marks_are_split_off() {
        assert_eq!(
            words("<Bank of England> said <BP> shares rose."),
            ["<", "Bank", "of", "England", ">", "said", "<", "BP", ">", "shares", "rose", "."]
        );
    }

    #[test]
    fn keeps_names_numbers_and_abbreviations_whole() {
        assert_eq!(
            words("Gen. Smith said the U.S. sent 5.93 mln Mohajer-6 drones to Amir-Abdollahian, so-called."),
            [
                "Gen.",
                "Smith",
                "said",
                "the",
                "U.S.",
                "sent",
                "5.93",
                "mln",
                "Mohajer-6",
                "drones",
                "to",
                "Amir-Abdollahian",
                ",",
                "so-called",
                "."
            ]
        );
    }

    #[test]
    fn splits_a_name_from_a_lower_case_compound() {
        assert_eq!(words("the Iranian-made drones"), ["the", "Iranian", "-", "made", "drones"]);
        assert_eq!(words("the NATO-instigated war"), ["the", "NATO", "-", "instigated", "war"]);
    }

    #[test]
    fn no_break_spaces_and_dashes_separate_words() {
        assert_eq!(words("Putin\u{a0}said—again"), ["Putin", "said", "—", "again"]);
    }

    #[test]
    fn sentence_ends_after_closing_quote_not_after_abbreviations() {
        assert_eq!(
            sentences("Mr. Ryabkov met Gen. Smith on Dec. 4. “It is over.” The U.S. said so."),
            ["Mr. Ryabkov met Gen. Smith on Dec. 4.", "“It is over.”", "The U.S. said so."]
        );
    }

    #[test]
    fn an_abbreviation_can_end_a_sentence() {
        assert_eq!(
            sentences("Drones went to the U.S. The deal ended."),
            ["Drones went to the U.S.", "The deal ended."]
        );
    }

    #[test]
    fn lines_are_sentences_unless_prose_is_wrapped() {
        assert_eq!(
            sentences(
                "Russia's ties with Iran will hold\n\nReuters\nIran sent drones to\nRussia, and more\nwere sent."
            ),
            ["Russia's ties with Iran will hold", "Reuters", "Iran sent drones to", "Russia, and more\nwere sent."]
        );
    }

    #[test]
    fn run_on_text_is_cut() {
        let text = "word ".repeat(1000);
        let seg = segment(&text, &[0..text.len()], &lex());
        assert!(seg.sentences.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(seg.sentences.iter().map(|s| s.tokens.len()).sum::<usize>(), 1000);
    }

    #[test]
    fn char_index_counts_code_points() {
        let text = "a’b বাংলা c";
        let index = CharIndex::new(text);
        let c = text.find('c').expect("c");
        assert_eq!(index.chars(c), text[..c].chars().count());
        assert_eq!(index.chars(text.len()), text.chars().count());
    }

    #[test]
    fn every_abbreviation_example_stays_one_sentence() {
        let lexicon = lex();
        for (kind, file, text) in crate::lexicon::SHIPPED {
            if *kind != crate::lexicon::DataKind::Abbreviations {
                continue;
            }
            for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
                let example = row.example();
                let seg = segment(example, &[0..example.len()], &lexicon);
                assert_eq!(seg.sentences.len(), 1, "{}:{}: {example}", row.file, row.line);
                assert!(
                    seg.tokens.iter().any(|t| example[t.start..t.end] == row.fields[0]),
                    "{}:{}: {} is not one token",
                    row.file,
                    row.line,
                    row.fields[0]
                );
            }
        }
    }
}
