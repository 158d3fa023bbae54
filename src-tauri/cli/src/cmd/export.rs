//! `export`: the figures out, as CSV or NIST SP 1500-100 (XML in NIST's or Google's dialect,
//! or JSON).

use std::path::Path;

use tallyroom_core::export::Dialect;
use tallyroom_core::store::{ContestQuery, Reader};
use tallyroom_core::Error;

use crate::args::{CdfDialect, ExportFormat};

pub fn export(
    store: &Reader,
    format: ExportFormat,
    election: Option<String>,
    contest: Option<String>,
    out_file: Option<&Path>,
    dialect: CdfDialect,
    out: &mut String,
) -> Result<(), Error> {
    // A CDF report is of one election: the one named, else the first in the cache.
    let one = |election: Option<String>| -> Result<String, Error> {
        match election {
            Some(id) => Ok(id),
            None => store
                .elections()?
                .into_iter()
                .next()
                .map(|e| e.id)
                .ok_or_else(|| Error::not_found("an election in the cache")),
        }
    };
    let text = match format {
        ExportFormat::Csv => {
            let q = ContestQuery { election_id: election, text: contest, ..Default::default() };
            tallyroom_core::export::csv(store, &q)?
        }
        ExportFormat::CdfXml => {
            let dialect = match dialect {
                CdfDialect::Nist => Dialect::Nist,
                CdfDialect::Google => Dialect::Google,
            };
            tallyroom_core::export::cdf_xml(store, &one(election)?, dialect)?
        }
        ExportFormat::CdfJson => tallyroom_core::export::cdf_json(store, &one(election)?)?,
    };
    match out_file {
        Some(path) => std::fs::write(path, text)
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })?,
        None => out.push_str(&text),
    }
    Ok(())
}
