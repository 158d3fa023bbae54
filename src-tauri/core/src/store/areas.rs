//! A contest's results by area (county, precinct) and by vote type, from its election's latest
//! snapshot.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use crate::error::{Error, Result};
use crate::model::{AreaResults, AreaRow, VoteTypeRow};

use super::history::latest_snapshot_id;
use super::Reader;

impl Reader {
    /// Results by area and vote type for one contest, from its election's latest snapshot.
    pub fn area_results(&self, contest_id: &str) -> Result<AreaResults> {
        let (election_id, area_kind): (String, Option<String>) = self
            .conn
            .query_row(
                "SELECT election_id, area_kind FROM contest WHERE id = ?1",
                [contest_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::not_found(format!("contest {contest_id}")))?;
        let choices = self.contest_choices(contest_id)?;
        let mut out = AreaResults {
            contest_id: contest_id.to_string(),
            area_kind,
            choices,
            areas: vec![],
            vote_types: vec![],
        };
        let Some(latest) = latest_snapshot_id(&self.conn, &election_id)? else {
            return Ok(out);
        };
        let Some(snapshot) = super::count_at::stored_at(&self.conn, contest_id, latest)? else {
            return Ok(out);
        };
        let index: HashMap<String, usize> =
            out.choices.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        let n = out.choices.len();
        let mut areas: Vec<AreaRow> = Vec::new();
        let mut area_at: HashMap<String, usize> = HashMap::new();
        let mut types: Vec<VoteTypeRow> = Vec::new();
        let mut type_at: HashMap<String, usize> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT d.choice_id, d.area, d.vote_type, d.votes FROM result_detail d
             JOIN choice c ON c.id = d.choice_id
             WHERE d.snapshot_id = ?1 AND c.contest_id = ?2",
        )?;
        let mut rows = stmt.query(params![snapshot, contest_id])?;
        while let Some(r) = rows.next()? {
            let choice: String = r.get(0)?;
            let area: String = r.get(1)?;
            let vote_type: String = r.get(2)?;
            let votes = r.get::<_, i64>(3)? as u64;
            let Some(&ci) = index.get(&choice) else { continue };
            if area.is_empty() {
                let i = *type_at.entry(vote_type.clone()).or_insert_with(|| {
                    types.push(VoteTypeRow { name: vote_type.clone(), votes: vec![None; n] });
                    types.len() - 1
                });
                let v = &mut types[i].votes[ci];
                *v = Some(v.unwrap_or(0) + votes);
            } else {
                let i = *area_at.entry(area.clone()).or_insert_with(|| {
                    areas.push(AreaRow {
                        name: area.clone(),
                        votes: vec![None; n],
                        precincts_reported: None,
                        precincts_total: None,
                    });
                    areas.len() - 1
                });
                let v = &mut areas[i].votes[ci];
                *v = Some(v.unwrap_or(0) + votes);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT area, precincts_reported, precincts_total FROM area_status
             WHERE snapshot_id = ?1 AND contest_id = ?2",
        )?;
        let mut rows = stmt.query(params![snapshot, contest_id])?;
        while let Some(r) = rows.next()? {
            let area: String = r.get(0)?;
            if let Some(&i) = area_at.get(&area) {
                areas[i].precincts_reported = r.get(1)?;
                areas[i].precincts_total = r.get(2)?;
            }
        }
        areas.sort_by(|a, b| a.name.cmp(&b.name));
        out.areas = areas;
        out.vote_types = types;
        Ok(out)
    }
}
