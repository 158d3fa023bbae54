//! The same report as `cdf.rs`, in NIST SP 1500-100 v2's JSON form (valid against
//! `NIST_V2_election_results_reporting.json`, draft-04): `@type` names each object
//! (`ElectionResults.…`), `@id` its id, lists are arrays and counts are numbers. Built as a
//! `serde_json::Value`, so quoting is serde's.

use serde_json::{json, Value};

use super::cdf::{day, gather, generated, Source, NOTES};
use crate::error::{Error, Result};
use crate::model::{ContestKind, ContestView};
use crate::store::Reader;

const SCOPE: &str = "gp-scope";

fn ty(name: &str) -> String {
    format!("ElectionResults.{name}")
}

fn intl(text: &str) -> Value {
    json!({
        "@type": ty("InternationalizedText"),
        "Text": [{ "@type": ty("LanguageString"), "Content": text, "Language": "en" }],
    })
}

fn contest(c: &ContestView) -> Value {
    let candidate = c.kind == ContestKind::Candidate;
    let selections: Vec<Value> = c
        .choices
        .iter()
        .map(|ch| {
            let mut sel = json!({ "@id": ch.id });
            if let Some(v) = ch.votes {
                sel["VoteCounts"] = json!([{
                    "@type": ty("VoteCounts"), "GpUnitId": SCOPE, "Type": "total", "Count": v,
                }]);
            }
            if candidate {
                sel["@type"] = ty("CandidateSelection").into();
                sel["CandidateIds"] = json!([format!("cand-{}", ch.id)]);
            } else {
                sel["@type"] = ty("BallotMeasureSelection").into();
                sel["Selection"] = intl(&ch.raw_name);
            }
            sel
        })
        .collect();
    let kind = if candidate { "CandidateContest" } else { "BallotMeasureContest" };
    let mut out = json!({
        "@id": c.id,
        "@type": ty(kind),
        "ContestSelection": selections,
        "ElectionDistrictId": SCOPE,
        "Name": c.raw_title,
    });
    if let (Some(done), Some(all)) = (c.reporting.precincts_reported, c.reporting.precincts_total) {
        out["SubUnitsReported"] = done.into();
        out["TotalSubUnits"] = all.into();
    }
    if candidate {
        out["VotesAllowed"] = c.vote_for.into();
    }
    out
}

fn report(src: &Source) -> Result<Value> {
    let Source { election, contests, source, parties } = src;
    let candidates: Vec<Value> = contests
        .iter()
        .filter(|c| c.kind == ContestKind::Candidate)
        .flat_map(|c| c.choices.iter())
        .map(|ch| {
            let mut cand = json!({
                "@id": format!("cand-{}", ch.id),
                "@type": ty("Candidate"),
                "BallotName": intl(&ch.raw_name),
            });
            if let Some(p) = ch.party.as_deref().and_then(|p| parties.get(p)) {
                cand["PartyId"] = p.as_str().into();
            }
            cand
        })
        .collect();
    let mut out = json!({
        "@type": ty("ElectionReport"),
        "Election": [{
            "@type": ty("Election"),
            "Candidate": candidates,
            "Contest": contests.iter().map(contest).collect::<Vec<_>>(),
            "ElectionScopeId": SCOPE,
            "Name": intl(&election.title),
            "StartDate": day(&election.date),
            "EndDate": day(&election.date),
            "Type": "other",
            "OtherType": election.title,
        }],
        "Format": "summary-contest",
        "GeneratedDate": generated()?,
        "GpUnit": [{
            "@id": SCOPE,
            "@type": ty("ReportingUnit"),
            "Name": intl(&election.title),
            "Type": "other",
            "OtherType": "the election's whole area",
        }],
        "Issuer": format!("Tallyroom, from {source}"),
        "IssuerAbbreviation": "Tallyroom",
        "Notes": NOTES,
        "SequenceStart": 1,
        "SequenceEnd": 1,
        "Status": "unofficial-partial",
        "VendorApplicationId": concat!("Tallyroom ", env!("CARGO_PKG_VERSION")),
    });
    if !parties.is_empty() {
        out["Party"] = parties
            .iter()
            .map(|(name, id)| json!({ "@id": id, "@type": ty("Party"), "Name": intl(name) }))
            .collect::<Vec<_>>()
            .into();
    }
    Ok(out)
}

/// One election's latest figures as NIST JSON.
pub fn cdf_json(store: &Reader, election_id: &str) -> Result<String> {
    let doc = report(&gather(store, election_id)?)?;
    serde_json::to_string_pretty(&doc).map_err(|e| Error::Encode(e.to_string()))
}
