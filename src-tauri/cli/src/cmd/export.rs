//! `export`: the figures out, as CSV or NIST SP 1500-100 XML.

use std::path::Path;

use tallyroom_core::store::{ContestQuery, Reader};
use tallyroom_core::Error;

use crate::args::ExportFormat;

pub fn export(
    store: &Reader,
    format: ExportFormat,
    election: Option<String>,
    contest: Option<String>,
    out_file: Option<&Path>,
    out: &mut String,
) -> Result<(), Error> {
    let text = match format {
        ExportFormat::Csv => {
            let q = ContestQuery { election_id: election, text: contest, ..Default::default() };
            tallyroom_core::export::csv(store, &q)?
        }
        ExportFormat::CdfXml => {
            let id = match election {
                Some(id) => id,
                None => store
                    .elections()?
                    .into_iter()
                    .next()
                    .map(|e| e.id)
                    .ok_or_else(|| Error::not_found("an election in the cache"))?,
            };
            tallyroom_core::export::cdf_xml(store, &id)?
        }
    };
    match out_file {
        Some(path) => std::fs::write(path, text)
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })?,
        None => out.push_str(&text),
    }
    Ok(())
}
