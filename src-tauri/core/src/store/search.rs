//! Type-ahead over contests and candidates: a contentless FTS5 index keyed by the contest's
//! rowid, so a match never reads text back.

use rusqlite::params;

use crate::error::Result;

use super::{Reader, Store};

/// The user's text as an FTS5 query: every word must match as a prefix ("caru" finds
/// "Caruso"), and nothing the user types is read as FTS syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Reader {
    /// The rowids of contests whose titles or choice names match `text` (type-ahead: every
    /// word a prefix). Rowids, not ids: the index is contentless, so this never reads text.
    pub fn search(&self, text: &str) -> Result<Vec<i64>> {
        let Some(query) = fts_query(text) else { return Ok(vec![]) };
        let mut stmt =
            self.conn.prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1")?;
        let rows = stmt.query_map([query], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
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
