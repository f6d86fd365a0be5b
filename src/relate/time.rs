//! Finds time expressions in a sentence and resolves them against the publication date:
//! "last year", "in June", "since August 2022", "February 2022", "on Saturday".

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use std::ops::Range;

/// A resolved time, at the precision the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimeValue {
    /// A day (`xsd:date`).
    Date(Date),
    /// A month (`xsd:gYearMonth`).
    Month(i16, i8),
    /// A year (`xsd:gYear`).
    Year(i16),
}

impl TimeValue {
    /// The lexical form of the XSD literal.
    pub fn lexical(self) -> String {
        match self {
            Self::Date(d) => d.to_string(),
            Self::Month(y, m) => format!("{y:04}-{m:02}"),
            Self::Year(y) => format!("{y:04}"),
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number of a month name or abbreviation ("Aug", "Aug.", "August").
pub fn month_number(word: &str) -> Option<i8> {
    // asked of every token: compared in place, not lower-cased into a new string
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    // the months differ in their first three letters, which turn most words away at once
    let b = w.as_bytes();
    let i = match [b[0], b[1], b[2]].map(|c| c.to_ascii_lowercase()) {
        [b'j', b'a', b'n'] => 0,
        [b'f', b'e', b'b'] => 1,
        [b'm', b'a', b'r'] => 2,
        [b'a', b'p', b'r'] => 3,
        [b'm', b'a', b'y'] => 4,
        [b'j', b'u', b'n'] => 5,
        [b'j', b'u', b'l'] => 6,
        [b'a', b'u', b'g'] => 7,
        [b's', b'e', b'p'] => 8,
        [b'o', b'c', b't'] => 9,
        [b'n', b'o', b'v'] => 10,
        [b'd', b'e', b'c'] => 11,
        _ => return None,
    };
    let m = MONTHS[i];
    let begins = m.len() >= w.len() && m.as_bytes()[..w.len()].eq_ignore_ascii_case(b);
    (begins && (m.len() == w.len() || w.len() == 3 || w.eq_ignore_ascii_case("sept"))).then_some(i as i8 + 1)
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn year(word: &str) -> Option<i16> {
    (word.len() == 4).then(|| word.parse::<i16>().ok()).flatten().filter(|y| (1800..=2200).contains(y))
}

/// Time expressions in lower-cased tokens: (token range, value). Relative expressions need the
/// publication date; without one only absolute dates are found.
pub fn find<S: AsRef<str>>(lower: &[S], published: Option<Date>) -> Vec<(Range<usize>, TimeValue)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let w = lower[i].as_ref();
        let next = lower.get(i + 1).map(AsRef::as_ref);
        let prev = i.checked_sub(1).map(|p| lower[p].as_ref());
        // "last year", "this month", "last week", "next year"
        if let (Some(base), Some(n)) = (published, next) {
            if matches!(w, "last" | "this" | "next" | "past") && matches!(n, "year" | "month" | "week") {
                let shift: i64 = match w {
                    "last" | "past" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let value = match n {
                    "year" => TimeValue::Year(base.year() + i16::try_from(shift).unwrap_or(0)),
                    "month" => {
                        let d = base.checked_add(shift.months()).unwrap_or(base);
                        TimeValue::Month(d.year(), d.month())
                    }
                    _ => {
                        let d = base.checked_add((shift * 7).days()).unwrap_or(base);
                        TimeValue::Month(d.year(), d.month())
                    }
                };
                out.push((i..i + 2, value));
                i += 2;
                continue;
            }
            if matches!(w, "yesterday" | "today") {
                let d = if w == "yesterday" { base.yesterday().unwrap_or(base) } else { base };
                out.push((i..i + 1, TimeValue::Date(d)));
                i += 1;
                continue;
            }
            if let Some(day) = weekday(w) {
                if matches!(prev, Some("on" | "last")) {
                    // the most recent such day, on or before publication
                    let mut d = base;
                    for _ in 0..7 {
                        if d.weekday() == day {
                            break;
                        }
                        d = d.yesterday().unwrap_or(d);
                    }
                    if prev == Some("last") && d == base {
                        d = d.checked_sub(7.days()).unwrap_or(d);
                    }
                    out.push((i..i + 1, TimeValue::Date(d)));
                    i += 1;
                    continue;
                }
            }
        }
        if let Some(m) = month_number(w) {
            // "may" is a month only after "in", "since"… or before a year: otherwise the modal
            if w == "may"
                && !matches!(prev, Some("in" | "since" | "of" | "early" | "late" | "mid"))
                && next.and_then(year).is_none()
            {
                i += 1;
                continue;
            }
            // "26 August 2023", "August 26, 2023", "August 2022", "in June"
            let day_before = prev.and_then(|p| p.parse::<i8>().ok()).filter(|d| (1..=31).contains(d));
            let day_after = next.and_then(|n| n.parse::<i8>().ok()).filter(|d| (1..=31).contains(d));
            let mut j = i + 1;
            let mut start = i;
            let day = if let Some(d) = day_after {
                j += 1;
                Some(d)
            } else if let Some(d) = day_before {
                start = i - 1;
                Some(d)
            } else {
                None
            };
            if lower.get(j).is_some_and(|t| t.as_ref() == ",") {
                j += 1;
            }
            let y = lower.get(j).and_then(|t| year(t.as_ref()));
            let end = if y.is_some() { j + 1 } else { i + 1 + usize::from(day_after.is_some()) };
            let value = match (y, day) {
                (Some(y), Some(d)) => Date::new(y, m, d).ok().map(TimeValue::Date),
                (Some(y), None) => Some(TimeValue::Month(y, m)),
                (None, day) => published.map(|base| {
                    // a month without a year is the latest such month up to publication
                    let y = if m > base.month() { base.year() - 1 } else { base.year() };
                    match day.and_then(|d| Date::new(y, m, d).ok()) {
                        Some(d) => TimeValue::Date(d),
                        None => TimeValue::Month(y, m),
                    }
                }),
            };
            if let Some(v) = value {
                out.push((start..end, v));
            }
            i = end;
            continue;
        }
        if let Some(y) = year(w) {
            if matches!(prev, Some("in" | "since" | "of" | "until" | "by" | "during")) {
                out.push((i..i + 1, TimeValue::Year(y)));
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_by_name_and_abbreviation_in_any_case() {
        let cases = [("Aug.", Some(8)), ("AUGUST", Some(8)), ("Sept", Some(9)), ("sept.", Some(9)), ("Jun", Some(6))];
        for (word, month) in cases {
            assert_eq!(month_number(word), month, "{word}");
        }
        for word in ["Ju", "Augu", "mayor", "Marching", "", "..."] {
            assert_eq!(month_number(word), None, "{word}");
        }
        assert_eq!(month_number("May"), Some(5));
    }

    fn times(text: &str, published: Option<Date>) -> Vec<String> {
        let lower: Vec<String> = text.split(' ').map(str::to_lowercase).collect();
        find(&lower, published).into_iter().map(|(_, v)| v.lexical()).collect()
    }

    #[test]
    fn relative_times_resolve_against_publication() {
        let pub_date = Some(jiff::civil::date(2023, 8, 26));
        assert_eq!(times("Russia began using drones last year", pub_date), ["2022"]);
        assert_eq!(times("an official said in June that", pub_date), ["2023-06"]);
        assert_eq!(times("said in December that", pub_date), ["2022-12"]);
        assert_eq!(times("a report on Saturday from RIA", pub_date), ["2023-08-26"]);
        assert_eq!(times("a report on Friday from RIA", pub_date), ["2023-08-25"]);
        assert_eq!(times("earlier this month", pub_date), ["2023-08"]);
        assert_eq!(times("last month", pub_date), ["2023-07"]);
    }

    #[test]
    fn absolute_times() {
        assert_eq!(times("since August 2022", None), ["2022-08"]);
        assert_eq!(times("Russia 's February 2022 invasion", None), ["2022-02"]);
        assert_eq!(times("on 26 August 2023", None), ["2023-08-26"]);
        assert_eq!(times("on August 26 , 2023", None), ["2023-08-26"]);
        assert_eq!(times("in 2021", None), ["2021"]);
        assert_eq!(times("Iran may send drones", Some(jiff::civil::date(2023, 8, 26))), Vec::<String>::new());
        assert_eq!(times("last year", None), Vec::<String>::new());
    }
}
