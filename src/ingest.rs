//! Reads articles (plain text, HTML, JSON Lines, directories, standard input) into documents:
//! the text to analyse, the parts of it that are article content, and the metadata.

use crate::lexicon::{ClutterAction, Lexicon};
use jiff::civil::{Date, DateTime};
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A line longer than this in a text file is not prose: the file is refused.
pub const MAX_TXT_LINE: usize = 100_000;
/// A JSON Lines record longer than this is refused.
pub const MAX_JSONL_LINE: usize = 4_000_000;
/// A file larger than this is refused.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Why an input was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// Bytes that are not UTF-8.
    #[error("not UTF-8 text (invalid byte at line {line}, byte offset {offset})")]
    NotUtf8 {
        /// Line, from 1.
        line: usize,
        /// Byte offset, from 0.
        offset: usize,
    },
    /// NUL bytes: a binary file.
    #[error("binary data (NUL byte at byte offset {offset})")]
    Binary {
        /// Byte offset, from 0.
        offset: usize,
    },
    /// Nothing but white space.
    #[error("empty: no text")]
    Empty,
    /// A line too long to be prose.
    #[error("line {line} is {length} bytes long with no line break (the limit is {limit})")]
    LineTooLong {
        /// Line, from 1.
        line: usize,
        /// Its length.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A file too large.
    #[error("{size} bytes is larger than the limit of {limit}")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSON Lines record that does not parse or lacks text.
    #[error("line {line}: {message}")]
    Json {
        /// Line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// HTML with no article text found.
    #[error("no article text found in the HTML: {0}")]
    Html(String),
    /// A file type we do not read.
    #[error("unsupported file type (expected .txt, .html, .htm or .jsonl)")]
    Unsupported,
    /// The file cannot be read.
    #[error("{0}")]
    Io(String),
}

/// An article ready for analysis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The text all offsets point into (for a text file: the file as it is).
    pub text: String,
    /// Byte ranges of `text` that are article content, in order (headline included).
    pub regions: Vec<Range<usize>>,
    /// The headline.
    pub headline: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Its identifier in the source collection.
    pub id: Option<String>,
}

/// A publication date, with the time where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// A day.
    Date(Date),
    /// A day and time.
    DateTime(DateTime),
}

impl Published {
    /// The day.
    pub fn date(self) -> Date {
        match self {
            Self::Date(d) => d,
            Self::DateTime(dt) => dt.date(),
        }
    }
}

/// Checks that bytes are a text article and returns them as a string.
pub fn check_text(bytes: Vec<u8>, max_line: Option<usize>) -> Result<String, IngestError> {
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(IngestError::Binary { offset });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        IngestError::NotUtf8 { line, offset }
    })?;
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some(limit) = max_line {
        for (i, line) in text.split('\n').enumerate() {
            if line.len() > limit {
                return Err(IngestError::LineTooLong { line: i + 1, length: line.len(), limit });
            }
        }
    }
    Ok(text)
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == 0)
}

/// Reads a plain-text article: a first line that reads as a headline becomes the headline,
/// byline, publisher and date lines become metadata, and page clutter is left out.
pub fn parse_txt(text: String, lexicon: &Lexicon) -> Document {
    let mut doc = Document::default();
    let mut offset = 0;
    let mut lines: Vec<Range<usize>> = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if !trimmed.is_empty() {
            lines.push(offset + lead..offset + lead + trimmed.len());
        }
        offset += line.len();
    }
    for range in lines {
        let line = &text[range.clone()];
        let lower = line.to_lowercase();
        let clutter = lexicon.clutter.iter().find(|(pattern, _)| {
            lower.strip_prefix(pattern.as_str()).is_some_and(|rest| !rest.chars().any(|c| c.is_ascii_alphanumeric()))
        });
        match clutter.map(|(_, action)| *action) {
            Some(ClutterAction::End) => break,
            Some(ClutterAction::Skip) => continue,
            None => {}
        }
        // a line with no Latin letters is a language switch or ornament, not English prose
        if !line.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        if let Some(date) = metadata_date(line) {
            if doc.published.is_none() && lower.starts_with("published")
                || doc.published.is_none() && doc.regions.is_empty()
            {
                doc.published = Some(date);
            }
            continue;
        }
        if let Some(byline) = byline(line) {
            if doc.author.is_none() && doc.publisher.is_none() {
                match byline.split_once(['-', '–', '—', '|']) {
                    Some((author, publisher)) if !publisher.trim().is_empty() => {
                        doc.author = Some(author.trim().to_owned());
                        doc.publisher = Some(publisher.trim().to_owned());
                    }
                    _ => doc.author = Some(byline.trim().to_owned()),
                }
            }
            continue;
        }
        if doc.headline.is_none() && doc.regions.is_empty() && reads_as_headline(line) {
            doc.headline = Some(line.to_owned());
            doc.regions.push(range);
            continue;
        }
        if doc.publisher.is_none() && is_publisher_line(line, lexicon) {
            doc.publisher = Some(line.to_owned());
            continue;
        }
        doc.regions.push(range);
    }
    doc.text = text;
    doc
}

/// "Published : 26 August 2023, 05:32 AM", "Updated: …", "26 August 2023": a line that is a date.
fn metadata_date(line: &str) -> Option<Published> {
    let lower = line.to_lowercase();
    let rest = ["published", "updated", "posted", "date"]
        .iter()
        .find_map(|k| lower.strip_prefix(k))
        .map(|r| r.trim_start_matches([' ', ':', '-', '\u{a0}']))
        .unwrap_or(&lower);
    if rest.split_whitespace().count() > 8 {
        return None;
    }
    parse_loose_date(rest)
}

/// Parses dates as news writes them: "26 August 2023", "August 26, 2023", "2023-08-26".
pub fn parse_loose_date(text: &str) -> Option<Published> {
    let text = text.trim();
    if text.contains('T') {
        if let Ok(dt) = text.parse::<DateTime>() {
            return Some(Published::DateTime(dt));
        }
    }
    if let Ok(d) = text.parse::<Date>() {
        return Some(Published::Date(d));
    }
    if let Ok(dt) = text.parse::<DateTime>() {
        return Some(Published::DateTime(dt));
    }
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    for i in 0..words.len() {
        if let Some(month) = crate::relate::time::month_number(words[i]) {
            let day_before = i.checked_sub(1).and_then(|j| day_number(words[j]));
            let day_after = words.get(i + 1).and_then(|w| day_number(w));
            let year_at = if day_after.is_some() { i + 2 } else { i + 1 };
            let year = words.get(year_at).and_then(|w| w.parse::<i16>().ok()).filter(|y| (1000..=9999).contains(y));
            if let (Some(day), Some(year)) = (day_before.or(day_after), year) {
                return Date::new(year, month, day).ok().map(Published::Date);
            }
        }
    }
    None
}

fn day_number(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    digits.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

/// "By Jane Smith", "ByNews Desk- The Cradle": the text after "By".
fn byline(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("By").filter(|r| r.chars().next().is_some_and(char::is_uppercase)))?;
    (rest.split_whitespace().count() <= 8 && !rest.ends_with('.')).then_some(rest)
}

fn reads_as_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (3..=25).contains(&words) && !line.ends_with(['.', ':', ',', ';']) && line.chars().count() <= 200
}

/// A line that is only a known organisation's name ("Reuters") is the publisher credit.
fn is_publisher_line(line: &str, lexicon: &Lexicon) -> bool {
    line.split_whitespace().count() <= 4
        && lexicon.names.get(&crate::lexicon::name_key(line)).is_some_and(|targets| {
            targets.iter().any(|t| {
                matches!(t, crate::lexicon::NameTarget::Entity(i)
                    if lexicon.entities[*i].kind == crate::lexicon::EntityType::Organization)
            })
        })
}

/// Reads an HTML page: the main article text only, with title, byline, date and site.
pub fn parse_html(html: &str) -> Result<Document, IngestError> {
    // Captions, asides, navigation and comment widgets are never article text; readability
    // scoring keeps some of them, so they go before it runs.
    let dom = dom_query::Document::from(html);
    dom.select("script, style, noscript, nav, aside, footer, figcaption, form, iframe, [class*=comment], [id*=comment], [class*=related], [id*=related], [class*=share], [class*=newsletter]")
        .remove();
    let config = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let mut readability = dom_smoothie::Readability::with_document(dom, None, Some(config))
        .map_err(|e| IngestError::Html(e.to_string()))?;
    let article = readability.parse().map_err(|e| IngestError::Html(e.to_string()))?;
    let mut text = String::new();
    let mut regions = Vec::new();
    let title = article.title.trim().to_owned();
    if !title.is_empty() {
        text.push_str(&title);
        regions.push(0..text.len());
        text.push_str("\n\n");
    }
    for paragraph in article.text_content.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        if paragraph == title {
            continue;
        }
        let start = text.len();
        text.push_str(paragraph);
        regions.push(start..text.len());
        text.push_str("\n\n");
    }
    let text = text.trim_end().to_owned();
    if regions.len() <= usize::from(!title.is_empty()) {
        return Err(IngestError::Html("the page has no paragraphs of text".into()));
    }
    Ok(Document {
        text,
        regions,
        headline: (!title.is_empty()).then_some(title),
        published: article.published_time.as_deref().and_then(parse_timestamp),
        publisher: article.site_name.filter(|s| !s.trim().is_empty()),
        author: article.byline.filter(|s| !s.trim().is_empty()),
        url: article.url,
        id: None,
    })
}

fn parse_timestamp(text: &str) -> Option<Published> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(Published::DateTime(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime()));
    }
    parse_loose_date(text)
}

/// One record of a JSON Lines file: `id`, `title`, `source`, `date`, `url`, `text`.
#[derive(Debug, serde::Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    title: Option<String>,
    source: Option<String>,
    date: Option<String>,
    url: Option<String>,
    text: Option<String>,
    author: Option<String>,
}

/// Reads one JSON Lines record (`line` is its line number, for messages).
pub fn parse_jsonl_record(record: &str, line: usize) -> Result<Document, IngestError> {
    let r: Record = serde_json::from_str(record)
        .map_err(|e| IngestError::Json { line, message: format!("column {}: {e}", e.column()) })?;
    let text = r.text.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(IngestError::Json { line, message: "the record has no \"text\"".into() });
    }
    if text.contains('\0') {
        return Err(IngestError::Json { line, message: "the text holds a NUL character".into() });
    }
    let mut regions = Vec::new();
    let mut offset = 0;
    for paragraph in text.split_inclusive('\n') {
        let body = paragraph.trim_end();
        let lead = body.len() - body.trim_start().len();
        if !body.trim().is_empty() {
            if body.trim().len() > MAX_TXT_LINE {
                return Err(IngestError::LineTooLong { line, length: body.len(), limit: MAX_TXT_LINE });
            }
            regions.push(offset + lead..offset + body.len());
        }
        offset += paragraph.len();
    }
    Ok(Document {
        text,
        regions,
        headline: r.title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        published: r.date.as_deref().and_then(parse_timestamp),
        publisher: r.source,
        author: r.author,
        url: r.url,
        id: r.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }),
    })
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (read recursively).
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// The kind of an input file, by extension (or, for standard input, by its first byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text: one article.
    Txt,
    /// HTML: one article.
    Html,
    /// JSON Lines: one article a line.
    Jsonl,
}

impl InputKind {
    /// By file extension.
    pub fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Txt),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "jsonl" | "ndjson" => Some(Self::Jsonl),
            _ => None,
        }
    }

    fn sniff(bytes: &[u8]) -> Self {
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Self::Jsonl,
            Some(b'<') => Self::Html,
            _ => Self::Txt,
        }
    }
}

/// A file to read (with its kind where the name tells it), or where an input failed and why.
pub type Expanded = Result<(Input, Option<InputKind>), (String, IngestError)>;

/// A document, or the reason an input was skipped, with where it came from
/// (`path`, or `path:line` for a JSON Lines record).
#[derive(Debug)]
pub struct Item {
    /// Where it came from.
    pub origin: String,
    /// The document, or why it was skipped.
    pub result: Result<Document, IngestError>,
}

/// Expands inputs into the files to read: directories recursively, in sorted order so every run
/// reads the same sequence; files in directories that are not articles are passed over.
pub fn expand(inputs: &[Input]) -> Vec<Expanded> {
    let mut out = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => out.push(Ok((Input::Stdin, None))),
            Input::Path(path) if path.is_dir() => {
                let mut files = Vec::new();
                walk(path, &mut files, &mut out);
                files.sort();
                for f in files {
                    let kind = InputKind::of_path(&f);
                    out.push(Ok((Input::Path(f), kind)));
                }
            }
            Input::Path(path) => match InputKind::of_path(path) {
                Some(kind) => out.push(Ok((Input::Path(path.clone()), Some(kind)))),
                None if !path.exists() => {
                    out.push(Err((path.display().to_string(), IngestError::Io("no such file or directory".into()))));
                }
                None => out.push(Err((path.display().to_string(), IngestError::Unsupported))),
            },
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Expanded>) {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, files, errors);
                } else if InputKind::of_path(&path).is_some() {
                    files.push(path);
                }
            }
        }
        Err(e) => errors.push(Err((dir.display().to_string(), IngestError::Io(e.to_string())))),
    }
}

/// Streams the documents of the inputs, in order, one at a time: memory holds one file (or one
/// JSON Lines record) at once, whatever the corpus size.
pub fn documents<'a>(
    inputs: &[Input],
    lexicon: &'a Lexicon,
    stdin: Box<dyn Read + Send + 'a>,
) -> impl Iterator<Item = Item> + 'a {
    let files = expand(inputs);
    let mut stdin = Some(stdin);
    files.into_iter().flat_map(move |file| -> Box<dyn Iterator<Item = Item> + 'a> {
        match file {
            Err((origin, error)) => Box::new(std::iter::once(Item { origin, result: Err(error) })),
            Ok((Input::Stdin, _)) => match stdin.take() {
                Some(reader) => read_stream("<stdin>".into(), reader, None, lexicon),
                None => Box::new(std::iter::empty()),
            },
            Ok((Input::Path(path), kind)) => {
                let origin = path.display().to_string();
                match std::fs::File::open(&path) {
                    Ok(file) => {
                        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                        if size > MAX_FILE && kind != Some(InputKind::Jsonl) {
                            return Box::new(std::iter::once(Item {
                                origin,
                                result: Err(IngestError::TooLarge { size, limit: MAX_FILE }),
                            }));
                        }
                        read_stream(origin, Box::new(file), kind, lexicon)
                    }
                    Err(e) => Box::new(std::iter::once(Item { origin, result: Err(IngestError::Io(e.to_string())) })),
                }
            }
        }
    })
}

fn read_stream<'a>(
    origin: String,
    reader: Box<dyn Read + Send + 'a>,
    kind: Option<InputKind>,
    lexicon: &'a Lexicon,
) -> Box<dyn Iterator<Item = Item> + 'a> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let kind = match kind {
        Some(k) => k,
        None => match reader.fill_buf() {
            Ok(buf) => InputKind::sniff(buf),
            Err(e) => return Box::new(std::iter::once(Item { origin, result: Err(IngestError::Io(e.to_string())) })),
        },
    };
    match kind {
        InputKind::Jsonl => Box::new(JsonlRecords { origin, reader, line: 0, done: false }),
        InputKind::Txt | InputKind::Html => {
            let mut bytes = Vec::new();
            let result = match reader.take(MAX_FILE + 1).read_to_end(&mut bytes) {
                Err(e) => Err(IngestError::Io(e.to_string())),
                Ok(_) if bytes.len() as u64 > MAX_FILE => {
                    Err(IngestError::TooLarge { size: bytes.len() as u64, limit: MAX_FILE })
                }
                Ok(_) if kind == InputKind::Txt => check_text(bytes, Some(MAX_TXT_LINE)).map(|t| parse_txt(t, lexicon)),
                Ok(_) => check_text(bytes, None).and_then(|t| parse_html(&t)),
            };
            Box::new(std::iter::once(Item { origin, result }))
        }
    }
}

struct JsonlRecords<R> {
    origin: String,
    reader: R,
    line: usize,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            self.line += 1;
            let read = (&mut self.reader).take(MAX_JSONL_LINE as u64 + 1).read_until(b'\n', &mut buf);
            let origin = format!("{}:{}", self.origin, self.line);
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Item { origin, result: Err(IngestError::Io(e.to_string())) });
                }
                Ok(0) => return None,
                Ok(_) => {}
            }
            if buf.len() > MAX_JSONL_LINE && !buf.ends_with(b"\n") {
                // skip the rest of the overlong line so the next record starts clean
                let mut rest = 0usize;
                loop {
                    let mut sink = Vec::new();
                    match (&mut self.reader).take(1 << 20).read_until(b'\n', &mut sink) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            rest += n;
                            if sink.ends_with(b"\n") {
                                break;
                            }
                        }
                    }
                }
                let length = buf.len() + rest;
                return Some(Item {
                    origin,
                    result: Err(IngestError::LineTooLong { line: self.line, length, limit: MAX_JSONL_LINE }),
                });
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let line = self.line;
            let result = match String::from_utf8(buf) {
                Ok(s) => parse_jsonl_record(&s, line),
                Err(e) => Err(IngestError::NotUtf8 { line, offset: e.utf8_error().valid_up_to() }),
            };
            return Some(Item { origin, result });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::shipped().expect("shipped data")
    }

    #[test]
    fn text_metadata_and_clutter() {
        let text = "    বাংলা\n\n    Russia's military ties with Iran will withstand pressure\n\n    Reuters\n    Published : 26 August 2023, 05:32 AM\n    Updated : 27 August 2023, 05:32 AM\n\n    Iran sent drones to Russia.\n\n    RELATED STORIES\n    Putin sends condolences\n";
        let doc = parse_txt(text.to_owned(), &lex());
        assert_eq!(doc.headline.as_deref(), Some("Russia's military ties with Iran will withstand pressure"));
        assert_eq!(doc.publisher.as_deref(), Some("Reuters"));
        assert_eq!(doc.published, Some(Published::Date(jiff::civil::date(2023, 8, 26))));
        let regions: Vec<&str> = doc.regions.iter().map(|r| &doc.text[r.clone()]).collect();
        assert_eq!(
            regions,
            ["Russia's military ties with Iran will withstand pressure", "Iran sent drones to Russia."]
        );
    }

    #[test]
    fn byline_with_publisher() {
        let doc = parse_txt(
            "ByNews Desk- The Cradle\nIran has maintained that it opposes the war\nNo comments:\nPost a Comment\n"
                .into(),
            &lex(),
        );
        assert_eq!(doc.author.as_deref(), Some("News Desk"));
        assert_eq!(doc.publisher.as_deref(), Some("The Cradle"));
        assert_eq!(doc.regions.len(), 1);
    }

    #[test]
    fn every_clutter_example_is_treated_so() {
        let lexicon = lex();
        for (kind, file, text) in crate::lexicon::SHIPPED {
            if *kind != crate::lexicon::DataKind::Boilerplate {
                continue;
            }
            for row in crate::lexicon::parse_rows(file, text, *kind).expect("parses") {
                let doc =
                    parse_txt(format!("A headline of some words\n{}\nIran sent drones.\n", row.example()), &lexicon);
                let kept: Vec<&str> = doc.regions.iter().map(|r| &doc.text[r.clone()]).collect();
                let expected: &[&str] = if row.fields[1] == "end" {
                    &["A headline of some words"]
                } else {
                    &["A headline of some words", "Iran sent drones."]
                };
                assert_eq!(kept, expected, "{}:{}", row.file, row.line);
            }
        }
    }

    #[test]
    fn loose_dates() {
        assert_eq!(parse_loose_date("26 August 2023, 05:32 AM"), Some(Published::Date(jiff::civil::date(2023, 8, 26))));
        assert_eq!(parse_loose_date("Aug 23, 2023"), Some(Published::Date(jiff::civil::date(2023, 8, 23))));
        assert_eq!(parse_loose_date("2023-08-26"), Some(Published::Date(jiff::civil::date(2023, 8, 26))));
        assert_eq!(parse_loose_date("the war in Ukraine"), None);
    }

    #[test]
    fn bad_bytes_are_named() {
        assert_eq!(check_text(b"ok\n\xff".to_vec(), None), Err(IngestError::NotUtf8 { line: 2, offset: 3 }));
        assert_eq!(check_text(b"ab\0c".to_vec(), None), Err(IngestError::Binary { offset: 2 }));
        assert_eq!(check_text(b"  \n ".to_vec(), None), Err(IngestError::Empty));
        assert_eq!(
            check_text(b"short\nlonger line".to_vec(), Some(6)),
            Err(IngestError::LineTooLong { line: 2, length: 11, limit: 6 })
        );
    }

    #[test]
    fn jsonl_records_and_errors() {
        let doc = parse_jsonl_record(
            r#"{"id":"r-1","title":"T","source":"Reuters","date":"1987-02-26T15:01:01","text":"A.\n\nB."}"#,
            1,
        )
        .expect("parses");
        assert_eq!(doc.id.as_deref(), Some("r-1"));
        assert_eq!(doc.regions.len(), 2);
        assert!(matches!(doc.published, Some(Published::DateTime(_))));
        let error = parse_jsonl_record(r#"{"id": 1, "text": }"#, 7).unwrap_err();
        assert!(error.to_string().starts_with("line 7: column 19"), "{error}");
        assert_eq!(
            parse_jsonl_record(r#"{"id": 1}"#, 3).unwrap_err().to_string(),
            "line 3: the record has no \"text\""
        );
    }

    #[test]
    fn html_main_text_only() {
        let html = r#"<html><head><title>Iran sends drones to Russia</title><script>var x = "Iran attacked";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<article><h1>Iran sends drones to Russia</h1>
<p>Iran has sent several hundred drones to Russia since August 2022, a White House official said on Tuesday in Washington.</p>
<figure><img src="x.jpg"><figcaption>A drone seen over Kyiv in a caption.</figcaption></figure>
<p>Moscow has denied its forces used Iranian drones in Ukraine, and Tehran said the drones were sent before the war began in February.</p>
<p>Russia's military cooperation with Iran will continue, Russian Deputy Foreign Minister Sergei Ryabkov said on Saturday.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li>Putin sends condolences</li></ul></aside>
<div id="comments">Post a comment: great article</div></body></html>"#;
        let doc = parse_html(html).expect("article found");
        assert_eq!(doc.headline.as_deref(), Some("Iran sends drones to Russia"));
        assert!(doc.text.contains("Moscow has denied its forces used Iranian drones"));
        for clutter in ["caption", "condolences", "great article", "menu", "var x"] {
            assert!(!doc.text.contains(clutter), "{clutter} kept in {:?}", doc.text);
        }
    }
}
