//! Candidate profiles, each stored as the JSON of one profile, replaced one origin at a time.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::profiles::{Profile, ProfileSet};

use super::{ProfileOrigin, Reader, Store};

pub(super) fn insert_profiles(
    conn: &Connection,
    profiles: &[Profile],
    origin: ProfileOrigin,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO profile(id, contest_id, choice_id, name, doc, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in profiles {
        let doc = serde_json::to_string(p).map_err(|e| Error::Profiles(e.to_string()))?;
        stmt.execute(params![p.id, p.contest_id, p.choice_id, p.name, doc, origin])?;
    }
    Ok(())
}

impl Store {
    /// Replaces the stored profiles of one origin with `set`, in one transaction; profiles from
    /// other origins stay.
    pub fn put_profiles(&mut self, set: &ProfileSet, origin: ProfileOrigin) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        tx.execute("DELETE FROM profile WHERE origin = ?1", [origin])?;
        insert_profiles(&tx, &set.profiles, origin)?;
        tx.commit()?;
        Ok(())
    }
}

impl Reader {
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn.prepare("SELECT doc FROM profile ORDER BY name")?;
        let docs: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        docs.iter()
            .map(|d| serde_json::from_str(d).map_err(|e| Error::Profiles(e.to_string())))
            .collect()
    }

    pub fn profile(&self, id: &str) -> Result<Profile> {
        let doc: String = self
            .conn
            .query_row("SELECT doc FROM profile WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found(format!("profile {id}")))?;
        serde_json::from_str(&doc).map_err(|e| Error::Profiles(e.to_string()))
    }

    /// Where each stored profile came from, by id (for checks and the CLI).
    pub fn profile_origins(&self) -> Result<Vec<(String, ProfileOrigin)>> {
        let mut stmt = self.conn.prepare("SELECT id, origin FROM profile ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
