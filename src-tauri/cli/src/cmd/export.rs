//! `export`: the figures out, as CSV.

use std::path::Path;

use tallyroom_core::store::{ContestQuery, Reader};
use tallyroom_core::Error;

pub fn export(
    store: &Reader,
    election: Option<String>,
    contest: Option<String>,
    out_file: Option<&Path>,
    out: &mut String,
) -> Result<(), Error> {
    let q = ContestQuery { election_id: election, text: contest, ..Default::default() };
    let text = tallyroom_core::export::csv(store, &q)?;
    match out_file {
        Some(path) => std::fs::write(path, text)
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })?,
        None => out.push_str(&text),
    }
    Ok(())
}
