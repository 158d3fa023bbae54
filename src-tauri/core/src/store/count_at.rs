//! Which stored rows hold a contest's figures in a given count (migration 015).
//!
//! A count writes a contest's figures only when they differ from the count stored just before it,
//! so "the figures of count S" means, per contest, the rows stored under the newest `count_at`
//! row at or before S (by snapshot id, the order counts were stored, whatever their feed time).
//! Every read of a count's figures goes through [`stored_at`] (one contest) or [`AS_OF`] (a
//! whole count); nothing else reads `result` and its siblings by snapshot id directly.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::feeds::ParsedContest;

/// A CTE `at(contest_id, stored)`: for every contest of the election of count `?1`, the
/// snapshot under which its figures in that count are stored (NULL when it has none). A query
/// starts with this and joins its table on `snapshot_id = at.stored`.
///
/// The scalar subquery is one index seek per contest; the outer scan is the election's contest
/// ids from the covering index `contest_known` (migration 016), in id order. At a million choice rows this costs a seek per row where a whole
/// copy cost a range scan: the price of not storing a whole copy per count.
pub(super) const AS_OF: &str = "WITH at(contest_id, stored) AS (
    SELECT c.id, (SELECT a.snapshot_id FROM count_at a
                  WHERE a.contest_id = c.id AND a.snapshot_id <= ?1
                  ORDER BY a.snapshot_id DESC LIMIT 1)
    FROM contest c WHERE c.election_id = (SELECT election_id FROM snapshot WHERE id = ?1))";

/// The snapshot under which one contest's figures in count `snapshot` are stored.
pub(super) fn stored_at(conn: &Connection, contest_id: &str, snapshot: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT snapshot_id FROM count_at WHERE contest_id = ?1 AND snapshot_id <= ?2
             ORDER BY snapshot_id DESC LIMIT 1",
        )?
        .query_row(params![contest_id, snapshot], |r| r.get(0))
        .optional()?)
}

/// The hash written for a contest absent from a count. Contest hashes start with another tag,
/// so no contest's figures can hash to it except by a 64-bit collision.
pub(super) fn absent() -> i64 {
    first_8(Sha256::new().chain_update(b"absent"))
}

fn first_8(h: Sha256) -> i64 {
    let d = h.finalize();
    i64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// Length-prefixed fields, so no two different sequences of fields can produce the same bytes.
/// They are gathered and given to SHA-256 in one call: fed to the hasher field by field, the
/// calls cost more than the hashing (a contest's fields are a few bytes each, a million
/// choices have four or five each).
struct Fields(Vec<u8>);

impl Fields {
    fn new(tag: &[u8]) -> Self {
        let mut buf = Vec::with_capacity(512);
        buf.extend_from_slice(tag);
        Fields(buf)
    }
    fn text(&mut self, s: &str) {
        self.0.extend_from_slice(&(s.len() as u64).to_le_bytes());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_text(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.text(s);
            }
            None => self.0.push(0),
        }
    }
    fn num(&mut self, n: Option<u64>) {
        match n {
            Some(n) => {
                self.0.push(1);
                self.0.extend_from_slice(&n.to_le_bytes());
            }
            None => self.0.push(0),
        }
    }
    fn done(self) -> i64 {
        first_8(Sha256::new().chain_update(&self.0))
    }
}

/// A hash of everything a count stores for one contest: each choice's votes and details, the
/// reporting figures, the areas and the rounds. SHA-256 (cut to 64 bits), not `std::hash`,
/// because the value is kept in the cache across versions of the app: an unstable hash would
/// only cost a rewrite, but a weak one could call a changed contest unchanged.
pub(super) fn figures(c: &ParsedContest) -> i64 {
    let mut f = Fields::new(b"contest-figures");
    let r = &c.reporting;
    for n in [r.precincts_reported, r.precincts_total, r.counties_reported, r.counties_total] {
        f.num(n.map(u64::from));
    }
    f.num(r.ballots_cast);
    f.num(Some(c.choices.len() as u64));
    for ch in &c.choices {
        f.text(&ch.id);
        f.num(ch.votes);
        f.num(Some(ch.details.len() as u64));
        for d in &ch.details {
            f.opt_text(d.area.as_deref());
            f.opt_text(d.vote_type.as_deref());
            f.num(Some(d.votes));
        }
    }
    f.num(Some(c.areas.len() as u64));
    for a in &c.areas {
        f.text(&a.name);
        f.num(a.precincts_reported.map(u64::from));
        f.num(a.precincts_total.map(u64::from));
    }
    // Rounds are rare (ranked-choice contests only); their JSON form is what `rounds` stores.
    let rounds = c.rounds.as_ref().and_then(|t| serde_json::to_string(t).ok());
    f.opt_text(rounds.as_deref());
    f.done()
}

/// A hash of a contest's descriptive fields, its choices and its place on the ballot: what the
/// `contest`, `choice` and `search` rows are written from.
pub(super) fn shape(c: &ParsedContest, ord: usize) -> i64 {
    let mut f = Fields::new(b"contest-shape");
    f.num(Some(ord as u64));
    for s in [&c.group, &c.raw_title, &c.title, &c.office, &c.jurisdiction] {
        f.text(s);
    }
    f.text(c.kind.as_str());
    f.text(c.level.as_str());
    f.num(Some(u64::from(c.vote_for)));
    f.opt_text(c.pass_rule.as_deref());
    f.opt_text(c.measure_text.as_deref());
    f.opt_text(c.area_kind.as_deref());
    f.opt_text(c.raw_kind.as_deref());
    f.num(Some(c.choices.len() as u64));
    for ch in &c.choices {
        f.text(&ch.id);
        f.text(&ch.raw_name);
        f.text(&ch.name);
        f.opt_text(ch.party.as_deref());
    }
    f.done()
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    /// Both hashes are kept in caches across versions (`contest.shape`, `count_at.figures`), so
    /// they are pinned: every contest of LA's 5 Dec count, hashed together. A change here makes
    /// every cache rewrite every contest once.
    #[test]
    fn stored_hashes_do_not_change() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/lavote/4300_20221205T121521.817.json"
        ))
        .expect("LA 5 Dec");
        let feed = crate::feeds::parse(&bytes).expect("parse");
        let mut all = Sha256::new();
        for (i, c) in feed.contests.iter().enumerate() {
            all.update(super::shape(c, i).to_le_bytes());
            all.update(super::figures(c).to_le_bytes());
        }
        assert_eq!(
            hex::encode(all.finalize()),
            "5bf9f88402f1004f271f2da3ebce446be5a4b7b886e3cefc0698aa9a524bf418"
        );
    }
}
