//! An election's latest count as NIST SP 1500-100 v2 XML (the final 2.0.3 schema, namespaced),
//! valid against `tests/data/nist-cdf/NIST_V2_election_results_reporting.xsd`. Written with
//! quick-xml's writer, which does the escaping.
//!
//! What the source never said is not made up: a choice with no count has no `VoteCounts`;
//! the election's type is `other` with the feed's own title; the status is `unofficial-partial`
//! (Tallyroom cannot know whether a count is complete or certified) and `Notes` says so.

use std::collections::BTreeMap;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::error::{Error, Result};
use crate::model::{ContestKind, ContestView, Election};
use crate::store::{ContestQuery, Reader};

const NS: &str = "http://itl.nist.gov/ns/voting/1500-100/v2";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The one reporting unit every count is given for: the election's whole scope.
const SCOPE: &str = "gp-scope";

type W = Writer<Vec<u8>>;

fn enc(e: impl std::fmt::Display) -> Error {
    Error::Encode(e.to_string())
}

fn open(w: &mut W, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
    let mut start = BytesStart::new(name);
    for a in attrs {
        start.push_attribute(*a);
    }
    w.write_event(Event::Start(start)).map_err(enc)
}

fn close(w: &mut W, name: &str) -> Result<()> {
    w.write_event(Event::End(BytesEnd::new(name))).map_err(enc)
}

fn leaf(w: &mut W, name: &str, text: &str) -> Result<()> {
    open(w, name, &[])?;
    w.write_event(Event::Text(BytesText::new(text))).map_err(enc)?;
    close(w, name)
}

/// `InternationalizedText`: one English `Text`.
fn intl(w: &mut W, name: &str, text: &str) -> Result<()> {
    open(w, name, &[])?;
    open(w, "Text", &[("Language", "en")])?;
    w.write_event(Event::Text(BytesText::new(text))).map_err(enc)?;
    close(w, "Text")?;
    close(w, name)
}

/// The election day as a date, from the feed's date or date-time ("2022-11-08T00:00:00-08:00").
fn day(date: &str) -> &str {
    date.get(..10).filter(|d| d.as_bytes().get(4) == Some(&b'-')).unwrap_or("1970-01-01")
}

/// One election's latest figures as NIST XML.
pub fn cdf_xml(store: &Reader, election_id: &str) -> Result<String> {
    let election = store
        .elections()?
        .into_iter()
        .find(|e| e.id == election_id)
        .ok_or_else(|| Error::not_found(format!("election {election_id}")))?;
    let q = ContestQuery { election_id: Some(election_id.to_string()), ..Default::default() };
    let contests = store.contests(&q)?;
    let source = store.latest_snapshot(election_id)?.map(|s| s.source).unwrap_or_default();
    write(&election, &contests, &source)
}

fn write(election: &Election, contests: &[ContestView], source: &str) -> Result<String> {
    // Parties by name, each with an id.
    let parties: BTreeMap<&str, String> = contests
        .iter()
        .flat_map(|c| c.choices.iter().filter_map(|ch| ch.party.as_deref()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, p)| (p, format!("party-{i}")))
        .collect();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(enc)?;
    open(&mut w, "ElectionReport", &[("xmlns", NS), ("xmlns:xsi", XSI)])?;
    open(&mut w, "Election", &[])?;
    for c in contests.iter().filter(|c| c.kind == ContestKind::Candidate) {
        for ch in &c.choices {
            open(&mut w, "Candidate", &[("ObjectId", &format!("cand-{}", ch.id))])?;
            intl(&mut w, "BallotName", &ch.raw_name)?;
            if let Some(p) = ch.party.as_deref().and_then(|p| parties.get(p)) {
                leaf(&mut w, "PartyId", p)?;
            }
            close(&mut w, "Candidate")?;
        }
    }
    for c in contests {
        contest(&mut w, c)?;
    }
    leaf(&mut w, "ElectionScopeId", SCOPE)?;
    intl(&mut w, "Name", &election.title)?;
    leaf(&mut w, "StartDate", day(&election.date))?;
    leaf(&mut w, "EndDate", day(&election.date))?;
    leaf(&mut w, "Type", "other")?;
    leaf(&mut w, "OtherType", &election.title)?;
    close(&mut w, "Election")?;
    leaf(&mut w, "Format", "summary-contest")?;
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).map_err(enc)?;
    let generated = now.format(&time::format_description::well_known::Rfc3339).map_err(enc)?;
    leaf(&mut w, "GeneratedDate", &generated)?;
    open(&mut w, "GpUnit", &[("xsi:type", "ReportingUnit"), ("ObjectId", SCOPE)])?;
    intl(&mut w, "Name", &election.title)?;
    leaf(&mut w, "Type", "other")?;
    leaf(&mut w, "OtherType", "the election's whole area")?;
    close(&mut w, "GpUnit")?;
    leaf(&mut w, "Issuer", &format!("Tallyroom, from {source}"))?;
    leaf(&mut w, "IssuerAbbreviation", "Tallyroom")?;
    leaf(
        &mut w,
        "Notes",
        "Exported by Tallyroom from its cache. The source's own status (complete, certified) is \
         not known to Tallyroom, so Status says unofficial-partial.",
    )?;
    for (name, id) in &parties {
        open(&mut w, "Party", &[("ObjectId", id)])?;
        intl(&mut w, "Name", name)?;
        close(&mut w, "Party")?;
    }
    leaf(&mut w, "SequenceStart", "1")?;
    leaf(&mut w, "SequenceEnd", "1")?;
    leaf(&mut w, "Status", "unofficial-partial")?;
    leaf(&mut w, "VendorApplicationId", concat!("Tallyroom ", env!("CARGO_PKG_VERSION")))?;
    close(&mut w, "ElectionReport")?;
    String::from_utf8(w.into_inner()).map_err(enc)
}

/// One contest: a candidate contest, or (measures and retention questions) a ballot measure
/// with its choices as selections. Elements in the schema's order.
fn contest(w: &mut W, c: &ContestView) -> Result<()> {
    let candidate = c.kind == ContestKind::Candidate;
    let kind = if candidate { "CandidateContest" } else { "BallotMeasureContest" };
    open(w, "Contest", &[("xsi:type", kind), ("ObjectId", &c.id)])?;
    for ch in &c.choices {
        let sel = if candidate { "CandidateSelection" } else { "BallotMeasureSelection" };
        open(w, "ContestSelection", &[("xsi:type", sel), ("ObjectId", &ch.id)])?;
        if let Some(v) = ch.votes {
            open(w, "VoteCounts", &[])?;
            leaf(w, "GpUnitId", SCOPE)?;
            leaf(w, "Type", "total")?;
            leaf(w, "Count", &v.to_string())?;
            close(w, "VoteCounts")?;
        }
        if candidate {
            leaf(w, "CandidateIds", &format!("cand-{}", ch.id))?;
        } else {
            intl(w, "Selection", &ch.raw_name)?;
        }
        close(w, "ContestSelection")?;
    }
    leaf(w, "ElectionDistrictId", SCOPE)?;
    leaf(w, "Name", &c.raw_title)?;
    let r = &c.reporting;
    if let (Some(done), Some(all)) = (r.precincts_reported, r.precincts_total) {
        leaf(w, "SubUnitsReported", &done.to_string())?;
        leaf(w, "TotalSubUnits", &all.to_string())?;
    }
    if candidate {
        leaf(w, "VotesAllowed", &c.vote_for.to_string())?;
    }
    close(w, "Contest")
}
