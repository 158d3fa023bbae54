//! Writing one snapshot: contests and choices upserted, the count added in one transaction, and
//! what it changed worked out from the feed in memory.

use foldhash::{HashSet, HashSetExt};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use crate::error::{Error, FeedError, Result};
use crate::feeds::{ParsedChoice, ParsedFeed};
use crate::ids::{self, IdHead, Placed};
use crate::model::{ContestChange, Reporting, SnapshotInfo};

use super::changes::Stored;
use super::count_at;
use super::history::{latest_snapshot_id, snapshot_by_id};
use super::{now_ms, ProfileOrigin, Store, CACHE_KIB};

/// What applying one snapshot did.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyOutcome {
    pub snapshot: SnapshotInfo,
    /// False when the same content was already stored (nothing was written).
    pub is_new: bool,
    /// True when this snapshot is now the newest count of its election (by the feed's timestamp).
    pub is_latest: bool,
    /// Contests whose figures differ from the newest count stored before; empty when the
    /// snapshot is older than what was there (a backfill of history).
    pub changes: Vec<ContestChange>,
}

/// A contest already stored: its rowid, and the hashes of what was last written for it (`None`
/// where unknown, which counts as changed).
struct Known {
    rowid: i64,
    shape: Option<i64>,
    figures: Option<i64>,
}

impl Store {
    /// Stores a parsed snapshot: contests and choices are upserted (display fields follow the
    /// newest rules), then the count is added unless identical content is already there.
    pub fn apply(&mut self, feed: &ParsedFeed, source: &str) -> Result<ApplyOutcome> {
        // Bulk-load settings for the length of one import, put back whatever happens. Foreign
        // keys: `apply_in_transaction` writes every parent before its children in the same
        // transaction, so the checks (one index lookup per row) could only ever pass; a test
        // runs `PRAGMA foreign_key_check` after imports. Cache: a large import's indexes stay in
        // memory instead of spilling to the WAL mid-transaction (256 bytes per choice row,
        // never below the usual 32 MiB; a real ballot stays at 32 MiB).
        let cache_kib = i64::try_from(feed.choice_count() / 4).unwrap_or(i64::MAX).max(CACHE_KIB);
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        self.conn.pragma_update(None, "cache_size", -cache_kib)?;
        let outcome = self.apply_in_transaction(feed, source);
        let restored = self
            .conn
            .pragma_update(None, "foreign_keys", "ON")
            .and_then(|()| self.conn.pragma_update(None, "cache_size", -CACHE_KIB));
        let outcome = outcome?;
        restored?;
        Ok(outcome)
    }

    fn apply_in_transaction(&mut self, feed: &ParsedFeed, source: &str) -> Result<ApplyOutcome> {
        // The count's hash (SHA-256 over all of it) is an independent read of the parsed feed,
        // most of a second at a million rows: it is worked out on a second thread while this one
        // reads what is stored of each contest, which it does not need. A panic there is the
        // same panic here.
        std::thread::scope(|s| {
            let hash = s.spawn(|| feed.content_hash());
            self.apply_hashed(feed, source, move || {
                hash.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        })
    }

    fn apply_hashed(
        &mut self,
        feed: &ParsedFeed,
        source: &str,
        hash: impl FnOnce() -> String,
    ) -> Result<ApplyOutcome> {
        // Each contest's two hashes: what it is, what it says.
        let shapes: Vec<i64> =
            feed.contests.iter().enumerate().map(|(i, c)| count_at::shape(c, i)).collect();
        let figures: Vec<i64> = feed.contests.iter().map(count_at::figures).collect();
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Rows are written in key order (contests by id, choices by id), so each B-tree grows at
        // one end instead of at random places. At a million rows this did not move the import
        // measurably (BENCHMARKS.md, 2026-11-27); it costs one sort and is kept.
        let by_id = ids::sorted(feed.contests.iter().map(|c| c.id.as_str()));
        let (known, left_out) = known_contests(&tx, feed, &by_id)?;
        let hash = hash();
        let mut existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM snapshot WHERE election_id = ?1 AND content_hash = ?2",
                params![feed.election.id, hash],
                |r| r.get(0),
            )
            .optional()?;
        // A count stored before the hash covered every field is found by the old rule, but only
        // where that rule cannot confuse two counts: when this one has no counties figures.
        // The old rule's text costs a formatted line per choice, so it is worked out only for an
        // election that has such a count.
        let has_legacy = || -> rusqlite::Result<bool> {
            tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM snapshot WHERE election_id = ?1 AND hash_scheme = 1)",
                [&feed.election.id],
                |r| r.get(0),
            )
        };
        if existing.is_none() && !feed.has_counties_figures() && has_legacy()? {
            existing = tx
                .query_row(
                    "SELECT id FROM snapshot
                     WHERE election_id = ?1 AND content_hash = ?2 AND hash_scheme = 1",
                    params![feed.election.id, feed.legacy_content_hash()],
                    |r| r.get(0),
                )
                .optional()?;
        }
        if let Some(id) = existing {
            let snapshot = snapshot_by_id(&tx, id)?;
            let is_latest = latest_snapshot_id(&tx, &feed.election.id)? == Some(id);
            return Ok(ApplyOutcome { snapshot, is_new: false, is_latest, changes: vec![] });
        }
        let previous_latest = latest_snapshot_id(&tx, &feed.election.id)?;
        // The count stored last, which is what this one's figures are compared with.
        let stored_last: Option<i64> = tx.query_row(
            "SELECT max(id) FROM snapshot WHERE election_id = ?1",
            [&feed.election.id],
            |r| r.get(0),
        )?;
        // Contests whose figures this count stores (changed, new, or left out).
        let mut written: HashSet<&str> = HashSet::new();
        // An unchanged contest (the usual case on a refresh) is not written again.
        let reshaped: Vec<usize> = by_id
            .iter()
            .map(|p| p.place)
            .filter(|&i| known[i].as_ref().and_then(|k| k.shape) != Some(shapes[i]))
            .collect();

        tx.execute(
            "INSERT INTO election(id, title, date) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, date = excluded.date",
            params![feed.election.id, feed.election.title, feed.election.date],
        )?;
        // A count that brings more new contests than are stored (a first import, a new large
        // election) writes them without the two indexes whose order is not the insert order, and
        // builds those after, by one sort each (`BulkIndexes`).
        let new_contests = reshaped.iter().filter(|&&i| known[i].is_none()).count();
        let bulk =
            BulkIndexes::drop_for(&tx, new_contests, &["contest_ballot", "choice_by_contest"])?;
        {
            let mut contest_stmt = tx.prepare_cached(
                "INSERT INTO contest(id, election_id, grp, raw_title, title, office, jurisdiction,
                                     kind, level, vote_for, pass_rule, measure_text, ord,
                                     area_kind, raw_kind, shape)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT(id) DO UPDATE SET title = excluded.title, office = excluded.office,
                    jurisdiction = excluded.jurisdiction, kind = excluded.kind,
                    level = excluded.level, vote_for = excluded.vote_for,
                    pass_rule = excluded.pass_rule, measure_text = excluded.measure_text,
                    ord = excluded.ord, area_kind = excluded.area_kind,
                    raw_kind = excluded.raw_kind, shape = excluded.shape",
            )?;
            let mut choice_stmt = tx.prepare_cached(
                "INSERT INTO choice(id, contest_id, raw_name, name, party, ord)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET name = excluded.name, party = excluded.party,
                    ord = excluded.ord",
            )?;
            for &i in &reshaped {
                let c = &feed.contests[i];
                contest_stmt.execute(params![
                    c.id,
                    feed.election.id,
                    c.group,
                    c.raw_title,
                    c.title,
                    c.office,
                    c.jurisdiction,
                    c.kind,
                    c.level,
                    c.vote_for,
                    c.pass_rule,
                    c.measure_text,
                    i as i64,
                    c.area_kind,
                    c.raw_kind,
                    shapes[i]
                ])?;
            }
            let mut choices: Vec<(IdHead, &ParsedChoice, &str, usize)> = reshaped
                .iter()
                .flat_map(|&i| {
                    let c = &feed.contests[i];
                    c.choices
                        .iter()
                        .enumerate()
                        .map(|(j, ch)| (IdHead::of(&ch.id), ch, c.id.as_str(), j))
                })
                .collect();
            choices.sort_unstable_by(|a, b| a.0.cmp_ids(&a.1.id, &b.0, &b.1.id));
            for (_, ch, contest_id, j) in choices {
                choice_stmt.execute(params![
                    ch.id,
                    contest_id,
                    ch.raw_name,
                    ch.name,
                    ch.party,
                    j as i64
                ])?;
            }
        }
        bulk.restore(&tx)?;
        {
            // FTS5 rows are addressed by the contest's rowid: `rowid = ?` is a direct lookup,
            // while `contest_id = ?` (an UNINDEXED column) would scan the whole index.
            let mut rowid = tx.prepare_cached("SELECT rowid FROM contest WHERE id = ?1")?;
            let mut del = tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?;
            let mut ins =
                tx.prepare_cached("INSERT INTO search(rowid, body, text) VALUES (?1, ?2, ?3)")?;
            for &i in &reshaped {
                let c = &feed.contests[i];
                let id: i64 = match &known[i] {
                    Some(k) => {
                        del.execute([k.rowid])?;
                        k.rowid
                    }
                    None => rowid.query_row([&c.id], |r| r.get(0))?,
                };
                ins.execute(params![id, search_body(c), c.measure_text.as_deref().unwrap_or("")])?;
            }
        }
        let turnout = feed
            .turnout
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| Error::Encode(e.to_string()))?;
        tx.execute(
            "INSERT INTO snapshot(election_id, content_hash, source, fetched_at_ms, feed_timestamp,
                                  hash_scheme, ballots_outstanding, turnout)
             VALUES (?1, ?2, ?3, ?4, ?5, 2, ?6, ?7)",
            params![
                feed.election.id,
                hash,
                source,
                now_ms(),
                feed.feed_timestamp,
                feed.ballots_outstanding.map(|b| b as i64),
                turnout
            ],
        )?;
        let snapshot_id = tx.last_insert_rowid();
        {
            let mut result_stmt = tx.prepare_cached(
                "INSERT INTO result(snapshot_id, choice_id, votes) VALUES (?1, ?2, ?3)",
            )?;
            let mut status_stmt = tx.prepare_cached(
                "INSERT INTO contest_status(snapshot_id, contest_id, precincts_reported,
                                            precincts_total, ballots_cast, counties_reported,
                                            counties_total)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut detail_stmt = tx.prepare_cached(
                "INSERT INTO result_detail(snapshot_id, choice_id, area, vote_type, votes)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut area_stmt = tx.prepare_cached(
                "INSERT INTO area_status(snapshot_id, contest_id, area, precincts_reported,
                                         precincts_total)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut at_stmt = tx.prepare_cached(
                "INSERT INTO count_at(contest_id, snapshot_id, figures, votes)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut counted: Vec<(IdHead, &ParsedChoice)> = Vec::new();
            for &Placed { place: i, .. } in &by_id {
                let c = &feed.contests[i];
                // Figures equal to those stored last are not stored again (migration 015).
                let figures = figures[i];
                if known[i].as_ref().and_then(|k| k.figures) == Some(figures) {
                    continue;
                }
                at_stmt.execute(params![c.id, snapshot_id, figures, total_votes(c)])?;
                written.insert(&c.id);
                counted.extend(c.choices.iter().map(|ch| (IdHead::of(&ch.id), ch)));
                for a in &c.areas {
                    area_stmt.execute(params![
                        snapshot_id,
                        c.id,
                        a.name,
                        a.precincts_reported,
                        a.precincts_total
                    ])?;
                }
                if let Some(tab) = &c.rounds {
                    super::rounds::insert(&tx, snapshot_id, &c.id, tab)?;
                }
                let r = &c.reporting;
                if r != &Reporting::default() {
                    status_stmt.execute(params![
                        snapshot_id,
                        c.id,
                        r.precincts_reported,
                        r.precincts_total,
                        r.ballots_cast.map(|b| b as i64),
                        r.counties_reported,
                        r.counties_total
                    ])?;
                }
            }
            counted.sort_unstable_by(|a, b| a.0.cmp_ids(&a.1.id, &b.0, &b.1.id));
            for (_, ch) in counted {
                // No count is no row: the view shows it as unknown, never as zero.
                if let Some(v) = ch.votes {
                    let votes = i64::try_from(v).map_err(|_| {
                        Error::from(FeedError::Malformed {
                            format: feed.format.name(),
                            detail: format!("{v} votes for \"{}\" is too large", ch.raw_name),
                        })
                    })?;
                    result_stmt.execute(params![snapshot_id, ch.id, votes])?;
                }
                for d in &ch.details {
                    detail_stmt.execute(params![
                        snapshot_id,
                        ch.id,
                        d.area.as_deref().unwrap_or(""),
                        d.vote_type.as_deref().unwrap_or(""),
                        d.votes as i64
                    ])?;
                }
            }
            // A contest of the election that this count leaves out has no figures in it.
            let absent = count_at::absent();
            for (id, figures) in &left_out {
                if *figures != Some(absent) {
                    at_stmt.execute(params![id, snapshot_id, absent, None::<i64>])?;
                    written.insert(id);
                }
            }
        }
        super::profiles::insert_profiles(&tx, &feed.profiles, ProfileOrigin::Feed)?;
        let latest = latest_snapshot_id(&tx, &feed.election.id)?;
        let is_latest = latest == Some(snapshot_id);
        // The first count of an election (no previous one): every contest with votes is news.
        let changes = if is_latest {
            // Against the count stored last, a contest this count did not store is unchanged.
            let reshaped: HashSet<&str> =
                reshaped.iter().map(|&i| feed.contests[i].id.as_str()).collect();
            let stored = Stored { figures: &written, reshaped: &reshaped };
            let only = (previous_latest == stored_last).then_some(stored);
            super::changes::changes_to(&tx, previous_latest, feed, only)?
        } else {
            vec![]
        };
        let snapshot = snapshot_by_id(&tx, snapshot_id)?;
        tx.commit()?;
        Ok(ApplyOutcome { snapshot, is_new: true, is_latest, changes })
    }
}

/// Secondary indexes set aside for one large insert and built again after it, in the same
/// transaction, from the definitions the schema holds (so they come back exactly as migrated).
/// Rows go in by id; `contest_ballot` (ballot order) and `choice_by_contest` (contest, place)
/// then take each row at a random place, a seek and often a page split apiece, where
/// `CREATE INDEX` sorts the finished table once. A reader sees the old schema and rows until the
/// commit, as with any write.
struct BulkIndexes {
    /// `CREATE INDEX` statements to run again.
    dropped: Vec<String>,
}

impl BulkIndexes {
    /// Below this many new contests the indexes are kept up row by row: a refresh's new
    /// contests are few, and rebuilding an index costs a pass over the whole table.
    const AT_LEAST: usize = 10_000;

    fn drop_for(tx: &rusqlite::Transaction, new_contests: usize, names: &[&str]) -> Result<Self> {
        let mut dropped = Vec::new();
        if new_contests < Self::AT_LEAST {
            return Ok(BulkIndexes { dropped });
        }
        let stored: i64 =
            tx.query_row("SELECT coalesce(max(rowid), 0) FROM contest", [], |r| r.get(0))?;
        if (new_contests as i64) < stored {
            return Ok(BulkIndexes { dropped });
        }
        for name in names {
            let sql: Option<String> = tx
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(sql) = sql {
                tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                dropped.push(sql);
            }
        }
        Ok(BulkIndexes { dropped })
    }

    fn restore(self, tx: &rusqlite::Transaction) -> Result<()> {
        for sql in &self.dropped {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

/// What `count_at.votes` keeps for a contest (migration 020): its choices' votes added up, `None`
/// when no choice has a count, as summing its `result` rows would give. It only orders contests
/// (the headline, most votes first), so a sum past `i64::MAX`, which no real count comes near,
/// is kept as `i64::MAX` rather than refusing the count.
fn total_votes(c: &crate::feeds::ParsedContest) -> Option<i64> {
    let mut votes = c.choices.iter().filter_map(|ch| ch.votes).peekable();
    votes.peek()?;
    let sum = votes.fold(0u64, u64::saturating_add);
    Some(i64::try_from(sum).unwrap_or(i64::MAX))
}

/// A stored contest that a count leaves out: its id and the figures stored for it last.
type LeftOut = (String, Option<i64>);

/// What is stored of each contest of the feed (by its place in `feed.contests`; `None` when new),
/// and the stored contests the feed leaves out with the figures stored for them last.
///
/// The stored contests come in id order (the covering index `contest_known`) and `by_id` is the
/// feed's contests in the same order (SQLite's BINARY collation and `str`'s `Ord` both compare
/// bytes), so the two lists are merged: no id is copied or hashed, where a map keyed by contest
/// id made a third of a million copies on every refresh of a large count. The feed's side is
/// compared by the heads `ids::sorted` keeps inline: reading each id through its heap copy, in
/// sorted order, was a cache miss per contest and half of this merge's time.
fn known_contests(
    tx: &rusqlite::Transaction,
    feed: &ParsedFeed,
    by_id: &[Placed],
) -> Result<(Vec<Option<Known>>, Vec<LeftOut>)> {
    let mut known: Vec<Option<Known>> = std::iter::repeat_with(|| None).take(by_id.len()).collect();
    let mut left_out = Vec::new();
    // The figures stored last: one index lookup per contest of this election only.
    let mut stmt = tx.prepare_cached(
        "SELECT c.id, c.rowid, c.shape,
                (SELECT a.figures FROM count_at a WHERE a.contest_id = c.id
                 ORDER BY a.snapshot_id DESC LIMIT 1)
         FROM contest c WHERE c.election_id = ?1 ORDER BY c.id",
    )?;
    let mut rows = stmt.query([&feed.election.id])?;
    let mut next = by_id.iter().peekable();
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let head = IdHead::of(id);
        // Feed contests that sort before this stored one are new.
        while next.next_if(|p| p.head.cmp_ids(p.id, &head, id).is_lt()).is_some() {}
        let k = Known { rowid: r.get(1)?, shape: r.get(2)?, figures: r.get(3)? };
        match next.next_if(|p| p.head.cmp_ids(p.id, &head, id).is_eq()) {
            Some(p) => known[p.place] = Some(k),
            None => left_out.push((id.to_string(), k.figures)),
        }
    }
    Ok((known, left_out))
}

/// What type-ahead matches a contest on: its titles, group, jurisdiction and choice names. Of
/// each pair (clean and raw title, group and jurisdiction, clean and raw name) the second is
/// added only where it differs from the first by more than case (the tokenizer folds case),
/// which halves the index on feeds that shout in capitals.
fn search_body(c: &crate::feeds::ParsedContest) -> String {
    let mut body = String::new();
    let mut add = |first: &str, second: &str| {
        body.push_str(first);
        body.push(' ');
        // The ASCII comparison is the quick answer for most pairs; Unicode folding the exact one.
        if !first.eq_ignore_ascii_case(second) && first.to_lowercase() != second.to_lowercase() {
            body.push_str(second);
            body.push(' ');
        }
    };
    add(&c.title, &c.raw_title);
    add(&c.group, &c.jurisdiction);
    for ch in &c.choices {
        add(&ch.name, &ch.raw_name);
    }
    body
}
