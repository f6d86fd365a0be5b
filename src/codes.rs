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

/// Reads a mapping file: a version line, then `code<TAB>class<TAB>description` lines sorted by
/// code, each code all digits and each class one of [`PLOVER`].
pub fn read_mapping(file: &str, text: &str) -> Result<Vec<(String, &'static str)>, CodeError> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
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
        if cols.len() != 3 {
            return Err(error(format!("expected 3 tab-separated columns, found {}", cols.len())));
        }
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
    fn a_bad_line_is_named() {
        let bad = |text: &str| read_mapping("m.tsv", text).expect_err("refused").to_string();
        assert_eq!(bad("03\tAGREE\tx\n"), "m.tsv:1: the first line must be `@version 1`");
        assert_eq!(bad("@version 1\n03\tAGREED\tx\n"), "m.tsv:2: \"AGREED\" is not a PLOVER class");
        assert_eq!(bad("@version 1\n04\tCONSULT\tx\n03\tAGREE\tx\n"), "m.tsv:3: \"03\" is out of order");
        assert_eq!(bad("@version 1\nx3\tAGREE\tx\n"), "m.tsv:2: \"x3\" is not a CAMEO code");
    }
}
