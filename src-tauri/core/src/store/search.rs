//! Type-ahead over contests and candidates: a contentless FTS5 index keyed by the contest's
//! rowid, so a match never reads text back. Two columns: `body` (titles, places, names) and
//! `text` (a measure's own wording), stemmed by Porter so "senate" finds "Senator".
//!
//! Suggestions for a misspelling ("carusso") rank stored names with `strsim`'s Jaro-Winkler
//! similarity; the index itself has no notion of "near", and a trigram table would double it.

use std::collections::HashMap;

use rusqlite::params;
use rusqlite::types::Value;

use crate::error::Result;

use super::count_at::AS_OF;
use super::{Reader, Store};

/// Words that name a ballot measure by its number or letters: "prop 1", "proposition 1" and
/// "measure 1" all mean LA's "State Measure 1" (California's Proposition 1).
const MEASURE_WORDS: &[&str] = &["prop", "props", "proposition", "measure", "measures"];

/// Everyday words for what a measure's text says formally. Small on purpose: each pair is a
/// word voters use that the official text of a bundled measure does not.
const SYNONYMS: &[(&str, &str)] = &[("bet", "wager"), ("bets", "wager"), ("betting", "wager")];

fn quoted(w: &str) -> String {
    format!("\"{}\"", w.replace('"', ""))
}

/// The user's text as an FTS5 query: every word must match as a prefix ("caru" finds
/// "Caruso"), and nothing the user types is read as FTS syntax. "prop 1" and its kin match
/// a title holding "measure" (or "proposition") and exactly "1", never "10" or a measure's text.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<&str> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut terms = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let lower = words[i].to_lowercase();
        if MEASURE_WORDS.contains(&lower.as_str()) {
            if let Some(next) = words.get(i + 1) {
                terms.push(format!(
                    "(body : (\"measure\" OR \"proposition\" OR \"prop\") AND body : {})",
                    quoted(next)
                ));
                i += 2;
                continue;
            }
        }
        match SYNONYMS.iter().find(|(w, _)| *w == lower) {
            Some((_, other)) => terms.push(format!("({}* OR {}*)", quoted(&lower), quoted(other))),
            None => terms.push(format!("{}*", quoted(words[i]))),
        }
        i += 1;
    }
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

/// How alike two words must be (Jaro-Winkler, 0–1) for one to be offered for the other:
/// "carusso"/"caruso" is 0.97, "bass"/"boss" 0.83.
const NEAR: f64 = 0.88;

impl Reader {
    /// The rowids of contests whose titles, names or measure text match `text` (type-ahead:
    /// every word a prefix), each with whether it matched without the measure text (a title
    /// or name match, which is listed first). Rowids, not ids: the index is contentless, so
    /// this never reads text.
    pub fn search(&self, text: &str) -> Result<Vec<(i64, bool)>> {
        let Some(query) = fts_query(text) else { return Ok(vec![]) };
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid, rowid IN (SELECT rowid FROM search WHERE search MATCH ?2)
             FROM search WHERE search MATCH ?1",
        )?;
        let rows =
            stmt.query_map([&query, &format!("body : ({query})")], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stored names (candidates, and words of contest titles) near what was typed, best
    /// first, for a search that found nothing. Each one, searched, finds something.
    pub fn suggest(&self, text: &str, limit: usize) -> Result<Vec<String>> {
        let typed: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect();
        if typed.is_empty() {
            return Ok(vec![]);
        }
        // Each stored name with its most votes in an election's latest count: among equally
        // near names ("Rick J. Caruso", "Dana Caruso"), the one most people voted for comes first.
        let mut votes: HashMap<String, u64> = HashMap::new();
        for election in self.elections()? {
            // An election with no count yet still lists its names, with no votes (the AS_OF
            // scan finds no contests for a count that does not exist).
            let mut stmt = match self.latest_two(&election.id)?.0 {
                Some(latest) => {
                    let stmt = self.conn.prepare_cached(&format!(
                        "{AS_OF} SELECT ch.name, coalesce(r.votes, 0) FROM at
                         CROSS JOIN choice ch ON ch.contest_id = at.contest_id
                         LEFT JOIN result r ON r.choice_id = ch.id AND r.snapshot_id = at.stored"
                    ))?;
                    (stmt, Value::Integer(latest.id))
                }
                None => {
                    let stmt = self.conn.prepare_cached(
                        "SELECT ch.name, 0 FROM choice ch JOIN contest c ON c.id = ch.contest_id
                         WHERE c.election_id = ?1",
                    )?;
                    (stmt, Value::Text(election.id.clone()))
                }
            };
            let mut rows = stmt.0.query([&stmt.1])?;
            while let Some(r) = rows.next()? {
                let v: i64 = r.get(1)?;
                let e = votes.entry(r.get(0)?).or_default();
                *e = (*e).max(v.max(0) as u64);
            }
        }
        let mut names: Vec<String> = votes.keys().cloned().collect();
        if typed.len() == 1 {
            let mut stmt = self.conn.prepare_cached("SELECT DISTINCT title FROM contest")?;
            let titles: Vec<String> =
                stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            let mut words: Vec<String> = titles
                .iter()
                .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_owned)
                .collect();
            words.sort_unstable();
            words.dedup();
            names.extend(words);
        }
        // A name's score: for each typed word, its best match among the name's words; averaged.
        let mut scored: Vec<(f64, String)> = names
            .into_iter()
            .filter_map(|name| {
                let lower = name.to_lowercase();
                let parts: Vec<&str> =
                    lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
                let score = typed
                    .iter()
                    .map(|t| parts.iter().map(|p| strsim::jaro_winkler(t, p)).fold(0.0, f64::max))
                    .sum::<f64>()
                    / typed.len() as f64;
                (score >= NEAR).then_some((score, name))
            })
            .collect();
        let votes_of = |n: &str| votes.get(n).copied().unwrap_or(0);
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| votes_of(&b.1).cmp(&votes_of(&a.1)))
                .then_with(|| a.1.cmp(&b.1))
        });
        scored.dedup_by(|a, b| a.1.eq_ignore_ascii_case(&b.1));
        Ok(scored.into_iter().take(limit).map(|(_, n)| n).collect())
    }
}

impl Store {
    /// Adds search rows that belong to no stored contest: the search benchmark's synthetic names.
    #[doc(hidden)]
    pub fn bench_fill_search(&self, bodies: &[String]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            // Far above any contest's rowid, so they never collide with real rows.
            let mut ins = tx.prepare("INSERT INTO search(rowid, body) VALUES (?1, ?2)")?;
            for (i, b) in bodies.iter().enumerate() {
                ins.execute(params![1_000_000_000 + i as i64, b])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn queries() {
        let check = |input: &str, expected: Option<&str>| {
            assert_eq!(fts_query(input).as_deref(), expected, "{input}");
        };
        check("caru", Some("\"caru\"*"));
        check("  ", None);
        check("a\"b OR", Some("\"a\"* AND \"b\"* AND \"OR\"*"));
        check(
            "prop 1",
            Some("(body : (\"measure\" OR \"proposition\" OR \"prop\") AND body : \"1\")"),
        );
        check("measure", Some("\"measure\"*"));
        check("sports betting", Some("\"sports\"* AND (\"betting\"* OR \"wager\"*)"));
    }
}
