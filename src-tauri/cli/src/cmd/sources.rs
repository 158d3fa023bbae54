//! `sources add|list|remove` and `sync` of every source: the app's own service (`App`) over the
//! same settings file and cache, so the list, the probe and the refresh are the app's.

use std::fmt::Write as _;

use tallyroom_core::app::{ApiError, App, NewSource, RefreshDone};
use tallyroom_core::error::ErrorCode;
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::Paths;

use crate::args::SourcesAction;
use crate::files::key_text;
use crate::render::print_json;

fn runtime() -> Result<tokio::runtime::Runtime, ApiError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not start: {e}")))
}

pub fn sources(
    paths: Paths,
    seed: bool,
    action: SourcesAction,
    out: &mut String,
) -> Result<(), ApiError> {
    let app = App::open(paths, SyncConfig::default(), seed)?;
    match action {
        SourcesAction::Add { url, key, label, counties } => {
            let key = key.map(key_text).transpose()?;
            let found = runtime()?.block_on(app.probe_source(&url, key.as_deref()))?;
            if counties && found.counties.is_none() {
                return Err(ApiError::new(
                    ErrorCode::InvalidSetting,
                    "--counties is for a Clarity state site, and this address is not one",
                ));
            }
            let settings = app.add_source(NewSource {
                url,
                label: label.unwrap_or_else(|| found.suggested_label.clone()),
                public_key: key,
                kind: Some(found.kind),
                follow_counties: counties,
            })?;
            let added = settings.sources.last().expect("the source just added");
            writeln!(out, "Added source {} \"{}\": {}", added.id, added.label, describe(&found))
                .ok();
        }
        SourcesAction::List { json } => {
            let status = app.status()?;
            if json {
                return Ok(print_json(&status.sources, out)?);
            }
            for s in &status.sources {
                let kind = s.source.kind.map_or("not looked at yet", |k| k.name());
                let last = match (&s.last_error, s.last_success_ms) {
                    (Some(e), _) => format!("last refresh failed: {}", e.message),
                    (None, Some(ms)) => format!("last good refresh at {ms} ms since 1970"),
                    (None, None) => "never refreshed".into(),
                };
                let counties =
                    if s.source.follow_counties { " (and its county sites)" } else { "" };
                writeln!(
                    out,
                    "{}  {}  {}{counties}\n    {}\n    {last}",
                    s.source.id, s.source.label, kind, s.source.url
                )
                .ok();
            }
        }
        SourcesAction::Remove { id } => {
            app.remove_source(&id)?;
            writeln!(out, "Removed source {id}").ok();
        }
    }
    Ok(())
}

/// "Clarity results site: GA, General Election 2020-11-03, 298 contests, 159 counties".
fn describe(p: &tallyroom_core::sources::SourceProbe) -> String {
    let mut parts = vec![p.kind.name().to_string()];
    let mut what = Vec::new();
    what.extend(p.area.clone());
    match (&p.election, &p.date) {
        (Some(e), Some(d)) => what.push(format!("{e} {d}")),
        (Some(e), None) => what.push(e.clone()),
        (None, Some(d)) => what.push(d.clone()),
        (None, None) => {}
    }
    what.extend(p.contests.map(|n| format!("{n} contests")));
    what.extend(p.counties.map(|n| format!("{n} counties")));
    if !what.is_empty() {
        parts.push(what.join(", "));
    }
    parts.join(": ")
}

/// Every source, then one line each; a failed source makes the exit status a failure, after
/// the others' lines are printed.
pub fn sync_all(paths: Paths, seed: bool, out: &mut String) -> Result<(), ApiError> {
    let app = App::open(paths, SyncConfig::default(), seed)?;
    let done: RefreshDone = runtime()?.block_on(app.refresh())?;
    if done.sources.is_empty() {
        writeln!(out, "No sources to sync (add one with `tallyroom-cli sources add URL`)").ok();
    }
    let mut failed = 0;
    for s in &done.sources {
        let what = match (&s.outcome, &s.error) {
            (Some(o), _) => super::sync::outcome_line(o),
            (None, Some(e)) => {
                failed += 1;
                format!("failed: {}", e.message)
            }
            (None, None) => "no answer".into(),
        };
        writeln!(out, "{}: {what}", s.label).ok();
        if s.counties_checked > 0 {
            writeln!(
                out,
                "  county sites: {} asked, {} updated, {} failed",
                s.counties_checked,
                s.counties_updated,
                s.failed_counties.len()
            )
            .ok();
        }
        for c in &s.failed_counties {
            writeln!(out, "  {}: {}", c.name, c.error.message).ok();
        }
    }
    if failed > 0 {
        return Err(ApiError::new(
            done.sources
                .iter()
                .find_map(|s| s.error.as_ref())
                .map_or(ErrorCode::Internal, |e| e.code),
            format!("{failed} of {} sources could not be synced", done.sources.len()),
        ));
    }
    Ok(())
}
