//! Event codes: the PLOVER class of a CAMEO code, by the mapping PLOVER publishes
//! (`data/codes/cameo-plover.tsv`), so that every event the graph codes in CAMEO lines up
//! with POLECAT-style data too.

use std::sync::OnceLock;

/// The PLOVER classes, in the order PLOVER's manual lists them.
pub const PLOVER: [&str; 15] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "YIELD",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
];

/// A malformed line of the mapping.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CodeError {
    /// The file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The rows of a code table with their line numbers (from 1), past its comments and its
/// `@version 1` line, each with the given number of tab-separated columns.
fn rows<'t>(file: &str, text: &'t str, columns: usize) -> Result<Vec<(usize, Vec<&'t str>)>, CodeError> {
    let mut out = Vec::new();
    let mut versioned = false;
    for (i, line) in text.lines().enumerate() {
        let error = |message: String| CodeError { file: file.into(), line: i + 1, message };
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !versioned {
            if line.trim() != "@version 1" {
                return Err(error("the first line must be `@version 1`".into()));
            }
            versioned = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != columns {
            return Err(error(format!("expected {columns} tab-separated columns, found {}", cols.len())));
        }
        out.push((i + 1, cols));
    }
    Ok(out)
}

/// Reads a mapping file: a version line, then `code<TAB>class<TAB>description` lines sorted by
/// code, each code all digits and each class one of [`PLOVER`].
pub fn read_mapping(file: &str, text: &str) -> Result<Vec<(String, &'static str)>, CodeError> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for (i, cols) in rows(file, text, 3)? {
        let error = |message: String| CodeError { file: file.into(), line: i, message };
        if cols[0].is_empty() || !cols[0].bytes().all(|b| b.is_ascii_digit()) {
            return Err(error(format!("{:?} is not a CAMEO code", cols[0])));
        }
        let class = PLOVER
            .iter()
            .find(|c| **c == cols[1])
            .ok_or_else(|| error(format!("{:?} is not a PLOVER class", cols[1])))?;
        if out.last().is_some_and(|(last, _)| last.as_str() >= cols[0]) {
            return Err(error(format!("{:?} is out of order", cols[0])));
        }
        out.push((cols[0].to_owned(), class));
    }
    Ok(out)
}

fn shipped() -> &'static [(String, &'static str)] {
    static MAPPING: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    MAPPING.get_or_init(|| {
        // a test reads the same file and fails on any error: the shipped file is well formed
        read_mapping("cameo-plover.tsv", include_str!("../data/codes/cameo-plover.tsv")).unwrap_or_default()
    })
}

/// The PLOVER class of a CAMEO code: the class of the longest listed code that begins it.
pub fn plover(cameo: &str) -> Option<&'static str> {
    shipped()
        .iter()
        .filter(|(code, _)| cameo.starts_with(code.as_str()))
        .max_by_key(|(code, _)| code.len())
        .map(|(_, c)| *c)
}

/// How one act bears on another, in the table of derived codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bearing {
    /// Someone commits to the act: "agreed to withdraw", "offered to host talks" (CAMEO 03).
    Intent,
    /// Someone ends or cuts back the act: "suspended aid to", "lifted sanctions on".
    End,
    /// Someone refuses to do the act: "refused to release", "declined to meet" (CAMEO 12).
    Refuse,
}

/// A row of `data/codes/cameo-derived.tsv`: the code and class an act on another act takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// How it bears on the other act.
    pub bearing: Bearing,
    /// The other act's CAMEO code (a root or finer; the longest that begins it decides).
    pub act: String,
    /// The code of the act on it.
    pub code: String,
    /// The event class of the act on it (as the ontology names it).
    pub class: String,
    /// A sentence that shows it.
    pub example: String,
}

/// Reads the table of derived codes: a version line, then `bearing<TAB>act<TAB>code<TAB>class
/// <TAB>example` lines sorted by bearing and act.
pub fn read_derived(file: &str, text: &str) -> Result<Vec<Derived>, CodeError> {
    let mut out: Vec<Derived> = Vec::new();
    for (i, cols) in rows(file, text, 5)? {
        let error = |message: String| CodeError { file: file.into(), line: i, message };
        let bearing = match cols[0] {
            "intent" => Bearing::Intent,
            "end" => Bearing::End,
            "refuse" => Bearing::Refuse,
            other => return Err(error(format!("{other:?} is not a bearing (intent, end, refuse)"))),
        };
        for code in [cols[1], cols[2]] {
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(format!("{code:?} is not a CAMEO code")));
            }
        }
        if cols[3].is_empty() || cols[4].is_empty() {
            return Err(error("a class and an example are needed".into()));
        }
        if out.last().is_some_and(|last| (last.bearing, last.act.as_str()) >= (bearing, cols[1])) {
            return Err(error(format!("{} {:?} is out of order", cols[0], cols[1])));
        }
        out.push(Derived {
            bearing,
            act: cols[1].into(),
            code: cols[2].into(),
            class: cols[3].into(),
            example: cols[4].into(),
        });
    }
    Ok(out)
}

/// The shipped table of derived codes.
pub fn derived_table() -> &'static [Derived] {
    static TABLE: OnceLock<Vec<Derived>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // a test reads the same file and fails on any error: the shipped file is well formed
        read_derived("cameo-derived.tsv", include_str!("../data/codes/cameo-derived.tsv")).unwrap_or_default()
    })
}

/// The code and class of an act that bears so on an act of the given code: the row of the
/// longest act code that begins it.
pub fn derived(bearing: Bearing, act: &str) -> Option<&'static Derived> {
    derived_table()
        .iter()
        .filter(|d| d.bearing == bearing && act.starts_with(d.act.as_str()))
        .max_by_key(|d| d.act.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_mapping_reads_and_covers_every_root_but_statements_and_appeals() {
        let mapping = read_mapping("cameo-plover.tsv", include_str!("../data/codes/cameo-plover.tsv")).expect("reads");
        for root in 3..=20 {
            assert!(plover(&format!("{root:02}")).is_some(), "root {root:02}");
        }
        assert_eq!((plover("01"), plover("02"), plover("")), (None, None, None));
        // every class is reached
        for class in PLOVER {
            assert!(mapping.iter().any(|(_, c)| *c == class), "{class}");
        }
    }

    #[test]
    fn the_longest_code_decides() {
        assert_eq!(plover("16"), Some("SANCTION"));
        assert_eq!(plover("161"), Some("SANCTION"));
        assert_eq!(plover("163"), Some("COERCE"));
        assert_eq!(plover("1631"), Some("COERCE"));
        assert_eq!(plover("17"), Some("COERCE"));
        assert_eq!(plover("1712"), Some("ASSAULT"));
        assert_eq!(plover("175"), Some("ASSAULT"));
        assert_eq!(plover("190"), Some("ASSAULT"));
        assert_eq!(plover("191"), Some("COERCE"));
        assert_eq!(plover("0711"), Some("AID"));
    }

    #[test]
    fn derived_codes_read_and_the_longest_act_decides() {
        let table = read_derived("d.tsv", include_str!("../data/codes/cameo-derived.tsv")).expect("reads");
        assert_eq!(table.len(), derived_table().len());
        assert_eq!(derived(Bearing::End, "163").map(|d| d.code.as_str()), Some("085"));
        assert_eq!(derived(Bearing::End, "16"), None);
        assert_eq!(derived(Bearing::Intent, "0711").map(|d| d.code.as_str()), Some("033"));
        assert_eq!(derived(Bearing::Intent, "19"), None);
        let bad = |text: &str| read_derived("d.tsv", text).expect_err("refused").to_string();
        assert_eq!(
            bad("@version 1\nend\t07\t162\tReduceRelations\n"),
            "d.tsv:2: expected 5 tab-separated columns, found 4"
        );
        assert_eq!(
            bad("@version 1\nstop\t07\t162\tX\tY\n"),
            "d.tsv:2: \"stop\" is not a bearing (intent, end, refuse)"
        );
        assert_eq!(bad("@version 1\nend\t07\t162\tX\tY\nend\t04\t164\tX\tY\n"), "d.tsv:3: end \"04\" is out of order");
    }

    #[test]
    fn a_bad_line_is_named() {
        let bad = |text: &str| read_mapping("m.tsv", text).expect_err("refused").to_string();
        assert_eq!(bad("03\tAGREE\tx\n"), "m.tsv:1: the first line must be `@version 1`");
        assert_eq!(bad("@version 1\n03\tAGREED\tx\n"), "m.tsv:2: \"AGREED\" is not a PLOVER class");
        assert_eq!(bad("@version 1\n04\tCONSULT\tx\n03\tAGREE\tx\n"), "m.tsv:3: \"03\" is out of order");
        assert_eq!(bad("@version 1\nx3\tAGREE\tx\n"), "m.tsv:2: \"x3\" is not a CAMEO code");
    }
}
