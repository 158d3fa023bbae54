//! Readable names from feeds that shout in capitals.
//!
//! Feeds keep their raw text (stored beside the clean text); these rules only shape what is shown.
//! They are heuristics by nature, so they are kept small and tested on real titles.

use std::borrow::Cow;

use crate::model::{ContestKind, Level};

/// Words kept in lower case inside a title (never at its start).
const SMALL: &[&str] = &["of", "the", "and", "for", "a", "an", "in", "on", "to", "at", "by", "or"];
/// Words kept upper case: acronyms and roman numerals that appear on ballots.
const KEEP_UPPER: &[&str] =
    &["ABC", "LA", "US", "USA", "II", "III", "IV", "VI", "VII", "VIII", "IX", "LLC", "UCLA", "USC"];
/// Words that mark the kind of election inside a jurisdiction prefix, dropped from the display.
const ELECTION_WORDS: &[&str] =
    &["GENERAL", "MUNICIPAL", "SPECIAL", "CONSOLIDATED", "ELECTION", "PRIMARY", "RUNOFF"];

fn is_shouting(word: &str) -> bool {
    // For ASCII, a byte's class is its char's: the same answer without decoding.
    if word.is_ascii() {
        let b = word.as_bytes();
        return b.iter().any(u8::is_ascii_alphabetic) && !b.iter().any(u8::is_ascii_lowercase);
    }
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// In people's names only generational suffixes stay in capitals: "LA" there is a particle
/// ("DE LA ROSA" → "De La Rosa"), not Los Angeles.
const KEEP_UPPER_IN_NAMES: &[&str] = &["II", "III", "IV", "VI", "VII", "VIII", "IX"];

/// Appends `word` capitalised to `out`, keeping its parts after hyphens, apostrophes and quotes
/// capitalised too ("LASHLEY-HAYNES" → "Lashley-Haynes", "O'NEIL" → "O'Neil"). Written into the
/// caller's string because a count names a million choices, and a string per word was the
/// parse's largest cost after serde's.
fn capitalise_into(out: &mut String, word: &str, keep: &[&str]) {
    let kept = if word.is_ascii() {
        // The kept words are ASCII: only one of the same length can match.
        let bare = || word.bytes().filter(u8::is_ascii_alphanumeric);
        let n = bare().count();
        keep.iter().any(|k| k.len() == n && bare().eq(k.bytes()))
    } else {
        keep.iter().any(|k| word.chars().filter(|c| c.is_alphanumeric()).eq(k.chars()))
    };
    if kept {
        out.push_str(word);
        return;
    }
    let from = out.len();
    let mut start = true;
    for c in word.chars() {
        if c.is_alphabetic() {
            match (start, c.is_ascii()) {
                (true, true) => out.push(c.to_ascii_uppercase()),
                (false, true) => out.push(c.to_ascii_lowercase()),
                (true, false) => out.extend(c.to_uppercase()),
                (false, false) => out.extend(c.to_lowercase()),
            }
            start = false;
        } else {
            out.push(c);
            start = matches!(c, '-' | '\'' | '"' | '(' | '/' | '.');
            // "JR." and initials keep a capital after the dot only when a letter follows.
        }
    }
    // "MCCARTHY" → "McCarthy": the letter after "Mc" is a capital, when more than one follows.
    let rest = &out[from..];
    if let Some(after) = rest.strip_prefix("Mc").filter(|r| r.len() > 1) {
        if let Some(first) = after.chars().next() {
            let at = from + 2;
            let upper: String = first.to_uppercase().collect();
            out.replace_range(at..at + first.len_utf8(), &upper);
        }
    }
}

/// Words after which the next word is a code printed on the ballot ("MEASURE CB", "MEASURE A",
/// "PROPOSITION 1A"): kept in capitals, never read as a word ("Cb") or an article ("a").
const CODE_AFTER: &[&str] = &["MEASURE", "PROPOSITION", "PROP", "PROP."];

/// `words` in `buf` when they fit (a title has a dozen or so), else in a `Vec`: a title's words
/// without an allocation.
fn collect_into<'a, 'b>(
    mut all: impl Iterator<Item = &'a str>,
    buf: &'b mut [&'a str; 16],
) -> Cow<'b, [&'a str]> {
    let mut n = 0;
    while let Some(w) = all.next() {
        if n == buf.len() {
            let mut v = buf.to_vec();
            v.push(w);
            v.extend(all);
            return Cow::Owned(v);
        }
        buf[n] = w;
        n += 1;
    }
    Cow::Borrowed(&buf[..n])
}

/// Title-cases the shouting words of `text`; words already in mixed case are left as they are.
pub fn title_case(text: &str) -> String {
    let mut buf = [""; 16];
    let words = collect_into(text.split_whitespace(), &mut buf);
    let mut out = String::with_capacity(text.len());
    title_case_into(&mut out, &words);
    out
}

/// `title_case` of `words` joined by spaces, appended to `out` without a string per word (a
/// state's ballot has hundreds of thousands of titles).
fn title_case_into(out: &mut String, words: &[&str]) {
    for (i, &w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !is_shouting(w) {
            out.push_str(w);
            continue;
        }
        let after_code_word = i > 0 && {
            let before = words[i - 1];
            if before.is_ascii() {
                CODE_AFTER.iter().any(|c| c.eq_ignore_ascii_case(before))
            } else {
                CODE_AFTER.contains(&before.to_uppercase().as_str())
            }
        };
        if after_code_word && w.chars().count() <= 4 {
            out.push_str(w);
            continue;
        }
        if i > 0 && w.is_ascii() && SMALL.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            out.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        } else if i > 0 && !w.is_ascii() && SMALL.contains(&w.to_lowercase().as_str()) {
            out.push_str(&w.to_lowercase());
        } else {
            capitalise_into(out, w, KEEP_UPPER);
        }
    }
}

/// A person's or a choice's display name: "KAREN RUTH BASS" → "Karen Ruth Bass". Words a feed
/// already writes in mixed case ("DeSantis", "McCarthy") are kept as written.
pub fn person_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, w) in raw.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // "McCARTHY" is how a shouting feed writes McCarthy.
        if is_shouting(w) || w.strip_prefix("Mc").is_some_and(is_shouting) {
            capitalise_into(&mut out, w, KEEP_UPPER_IN_NAMES);
        } else {
            out.push_str(w);
        }
    }
    out
}

/// The parts of a contest title.
#[derive(Debug, PartialEq, Eq)]
pub struct TitleParts {
    pub title: String,
    pub office: String,
    pub jurisdiction: String,
}

/// Splits a title like "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor" into the
/// jurisdiction ("Los Angeles City") and the office ("Mayor"): the feed writes local bodies in
/// capitals and the seat in mixed case. A title that is all capitals, or whose mixed-case part
/// starts with an ordinal ("34th District"), is one office whose jurisdiction is the group.
pub fn split_title(raw: &str, group: &str) -> TitleParts {
    let mut buf = [""; 16];
    let words = collect_into(raw.split_whitespace(), &mut buf);
    let split_at = words.iter().position(|w| !is_shouting(w)).filter(|&i| {
        i > 0 && words[i].chars().next().is_some_and(|c| c.is_alphabetic() && c.is_uppercase())
    });
    if let Some(i) = split_at {
        let mut prefix_buf = [""; 16];
        let prefix = collect_into(
            words[..i].iter().copied().filter(|w| {
                !ELECTION_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
            }),
            &mut prefix_buf,
        );
        let mut jurisdiction = String::with_capacity(raw.len());
        title_case_into(&mut jurisdiction, &prefix);
        let kept = jurisdiction.trim_end_matches([' ', '-', ',', ':']).len();
        jurisdiction.truncate(kept);
        if !jurisdiction.is_empty() {
            let mut office = String::with_capacity(raw.len());
            title_case_into(&mut office, &words[i..]);
            let mut title = String::with_capacity(jurisdiction.len() + 2 + office.len());
            title.push_str(&jurisdiction);
            title.push_str(": ");
            title.push_str(&office);
            return TitleParts { title, office, jurisdiction };
        }
    }
    let mut title = String::with_capacity(raw.len());
    title_case_into(&mut title, &words);
    TitleParts { office: title.clone(), title, jurisdiction: group.to_string() }
}

/// Parses "Vote for no more than three" (or "Vote for 3") into 3; anything else is 1.
pub fn vote_for(raw: &str) -> u32 {
    const WORDS: &[&str] =
        &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    raw.split_whitespace()
        .rev()
        .find_map(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            w.parse::<u32>()
                .ok()
                .or_else(|| WORDS.iter().position(|n| *n == w).map(|p| p as u32 + 1))
        })
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

/// Places a contest in a section of the ballot from the feed's group name and the contest kind.
pub fn level(group: &str, raw_title: &str, kind: ContestKind) -> Level {
    let g = group.to_lowercase();
    let t = raw_title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| g.contains(w));
    match kind {
        ContestKind::Measure => Level::Measures,
        ContestKind::Judicial => Level::Judicial,
        ContestKind::Candidate if has(&["judge", "justice", "court"]) => Level::Judicial,
        ContestKind::Candidate
            if has(&["u.s.", "united states", "congress", "president"])
                || t.starts_with("united states") =>
        {
            Level::Federal
        }
        ContestKind::Candidate if has(&["cities", "city"]) || t.contains(" city ") => Level::City,
        ContestKind::Candidate if has(&["school", "water", "health", "district", "college"]) => {
            Level::District
        }
        ContestKind::Candidate if has(&["county", "supervisor", "sheriff", "assessor"]) => {
            Level::County
        }
        ContestKind::Candidate => Level::State,
    }
}

/// A count as English and LA's Spanish materials both write it: "2,188", "1,000,688".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_title(raw: &str, group: &str, expected: (&str, &str, &str)) {
        let p = split_title(raw, group);
        assert_eq!(
            (p.title.as_str(), p.office.as_str(), p.jurisdiction.as_str()),
            expected,
            "{raw}"
        );
    }

    #[test]
    fn titles_from_the_la_feed() {
        check_title(
            "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor",
            "Cities",
            ("Los Angeles City: Mayor", "Mayor", "Los Angeles City"),
        );
        check_title(
            "ATTORNEY GENERAL",
            "Attorney General",
            ("Attorney General", "Attorney General", "Attorney General"),
        );
        check_title(
            "MEMBER OF THE STATE ASSEMBLY, 34th District",
            "Member of the Assembly",
            (
                "Member of the State Assembly, 34th District",
                "Member of the State Assembly, 34th District",
                "Member of the Assembly",
            ),
        );
        check_title(
            "ABC UNIFIED SCHOOL DISTRICT Governing Board Member, Trustee Area No. 2",
            "Schools",
            (
                "ABC Unified School District: Governing Board Member, Trustee Area No. 2",
                "Governing Board Member, Trustee Area No. 2",
                "ABC Unified School District",
            ),
        );
        check_title(
            "For Associate Justice of the Supreme Court - GOODWIN LIU",
            "Supreme Court Justices",
            (
                "For Associate Justice of the Supreme Court - Goodwin Liu",
                "For Associate Justice of the Supreme Court - Goodwin Liu",
                "Supreme Court Justices",
            ),
        );
    }

    /// Words beyond the 16 kept on the stack take the `Vec` path, to the same result.
    #[test]
    fn long_titles_keep_every_word() {
        let words: Vec<String> = (1..=20).map(|i| format!("WORD{i}")).collect();
        let raw = format!("{} Office of the Clerk", words.join(" "));
        let cased: Vec<String> = (1..=20).map(|i| format!("Word{i}")).collect();
        let jurisdiction = cased.join(" ");
        check_title(
            &raw,
            "G",
            (&format!("{jurisdiction}: Office of the Clerk"), "Office of the Clerk", &jurisdiction),
        );
        assert_eq!(title_case(&words.join(" ")), jurisdiction);
    }

    #[test]
    fn measure_letters_stay_capitals() {
        for (raw, want) in [
            ("COUNTY MEASURE A", "County Measure A"),
            ("LOS ANGELES CITY GENERAL MUNICIPAL ELECTION - MEASURE ULA", "Measure ULA"),
            ("POMONA CITY GENERAL MUNICIPAL ELECTION - MEASURE PS", "Measure PS"),
            ("STATE MEASURE 1", "State Measure 1"),
        ] {
            let got = title_case(raw);
            assert!(got.ends_with(want), "{raw}: {got}");
        }
    }

    #[test]
    fn person_names() {
        for (raw, want) in [
            ("KAREN RUTH BASS", "Karen Ruth Bass"),
            ("RICK J. CARUSO", "Rick J. Caruso"),
            ("ELIZABETH LASHLEY-HAYNES", "Elizabeth Lashley-Haynes"),
            ("THURSTON \"SMITTY\" SMITH", "Thurston \"Smitty\" Smith"),
            ("ARI GUTIÉRREZ ARÁMBULA", "Ari Gutiérrez Arámbula"),
            ("JOHN SHEPARD WILEY JR.", "John Shepard Wiley Jr."),
            ("YES", "Yes"),
            ("MIGUEL DE LA ROSA", "Miguel De La Rosa"),
            ("JOE E. COLLINS III", "Joe E. Collins III"),
            ("Ron DeSantis", "Ron DeSantis"),
            ("KEVIN McCARTHY", "Kevin McCarthy"),
            ("MCCARTHY", "McCarthy"),
        ] {
            assert_eq!(person_name(raw), want);
        }
    }

    #[test]
    fn vote_for_phrases() {
        for (raw, n) in [
            ("", 1),
            ("Vote for no more than three", 3),
            ("Vote for no more than two", 2),
            ("Vote for 4", 4),
        ] {
            assert_eq!(vote_for(raw), n, "{raw}");
        }
    }
}
