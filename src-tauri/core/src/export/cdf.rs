//! An election's latest count as NIST SP 1500-100 v2 XML, in two dialects of one structure:
//! - `Nist`: the final 2.0.3 schema, namespaced, valid against
//!   `tests/data/nist-cdf/NIST_V2_election_results_reporting.xsd`;
//! - `Google`: the unnamespaced dialect of Google's civics CDF spec (`objectId`, `*Collection`
//!   wrappers, `BallotSelection`, `ElectoralDistrictId`, a `Person` behind each candidate), which
//!   Google's `civics_cdf_validator` reads.
//!
//! Written with quick-xml's writer, which does the escaping. The JSON form is `cdf_json.rs`.
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

/// Which schema's spelling of the same report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Nist,
    Google,
}

impl Dialect {
    fn id(self) -> &'static str {
        match self {
            Dialect::Nist => "ObjectId",
            Dialect::Google => "objectId",
        }
    }

    fn lang(self) -> &'static str {
        match self {
            Dialect::Nist => "Language",
            Dialect::Google => "language",
        }
    }

    /// Opens `<{name}Collection>` where the dialect wraps lists in one.
    fn open_list(self, w: &mut W, name: &str) -> Result<()> {
        match self {
            Dialect::Nist => Ok(()),
            Dialect::Google => open(w, &format!("{name}Collection"), &[]),
        }
    }

    fn close_list(self, w: &mut W, name: &str) -> Result<()> {
        match self {
            Dialect::Nist => Ok(()),
            Dialect::Google => close(w, &format!("{name}Collection")),
        }
    }

    /// Google's spec wants a "stable" external id on every object it tracks across feeds;
    /// Tallyroom's ids are stable by construction (see ARCHITECTURE.md), so they serve.
    fn stable(self, w: &mut W, id: &str) -> Result<()> {
        if self == Dialect::Nist {
            return Ok(());
        }
        open(w, "ExternalIdentifiers", &[])?;
        open(w, "ExternalIdentifier", &[])?;
        leaf(w, "Type", "other")?;
        leaf(w, "OtherType", "stable")?;
        leaf(w, "Value", &stable_id(id))?;
        close(w, "ExternalIdentifier")?;
        close(w, "ExternalIdentifiers")
    }
}

/// An id in the characters Google's stable ids allow (letters, digits, `_`, `-`); others become
/// `_`. Feed ids are mostly in that set already.
fn stable_id(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect()
}

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
fn intl(w: &mut W, d: Dialect, name: &str, text: &str) -> Result<()> {
    open(w, name, &[])?;
    open(w, "Text", &[(d.lang(), "en")])?;
    w.write_event(Event::Text(BytesText::new(text))).map_err(enc)?;
    close(w, "Text")?;
    close(w, name)
}

/// The election day as a date, from the feed's date or date-time ("2022-11-08T00:00:00-08:00").
pub(super) fn day(date: &str) -> &str {
    date.get(..10).filter(|d| d.as_bytes().get(4) == Some(&b'-')).unwrap_or("1970-01-01")
}

/// What the export is made from: one election's latest contests, where they came from, and the
/// parties they name (each with an id).
pub(super) struct Source {
    pub election: Election,
    pub contests: Vec<ContestView>,
    pub source: String,
    pub parties: BTreeMap<String, String>,
}

pub(super) fn gather(store: &Reader, election_id: &str) -> Result<Source> {
    let election = store
        .elections()?
        .into_iter()
        .find(|e| e.id == election_id)
        .ok_or_else(|| Error::not_found(format!("election {election_id}")))?;
    let q = ContestQuery { election_id: Some(election_id.to_string()), ..Default::default() };
    let contests = store.contests(&q)?;
    let source = store.latest_snapshot(election_id)?.map(|s| s.source).unwrap_or_default();
    let parties = contests
        .iter()
        .flat_map(|c| c.choices.iter().filter_map(|ch| ch.party.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, p)| (p, format!("party-{i}")))
        .collect();
    Ok(Source { election, contests, source, parties })
}

/// The report's time of writing, to the second, in RFC 3339.
pub(super) fn generated() -> Result<String> {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).map_err(enc)?;
    now.format(&time::format_description::well_known::Rfc3339).map_err(enc)
}

pub(super) const NOTES: &str = "Exported by Tallyroom from its cache. The source's own status \
                                (complete, certified) is not known to Tallyroom, so Status says \
                                unofficial-partial.";

/// One election's latest figures as NIST XML, in the chosen dialect.
pub fn cdf_xml(store: &Reader, election_id: &str, dialect: Dialect) -> Result<String> {
    write(&gather(store, election_id)?, dialect)
}

fn write(src: &Source, d: Dialect) -> Result<String> {
    let Source { election, contests, source, parties } = src;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(enc)?;
    match d {
        Dialect::Nist => open(&mut w, "ElectionReport", &[("xmlns", NS), ("xmlns:xsi", XSI)])?,
        Dialect::Google => open(&mut w, "ElectionReport", &[("xmlns:xsi", XSI)])?,
    }
    open(&mut w, "Election", &[])?;
    let candidates: Vec<_> = contests
        .iter()
        .filter(|c| c.kind == ContestKind::Candidate)
        .flat_map(|c| c.choices.iter())
        .collect();
    d.open_list(&mut w, "Candidate")?;
    for ch in &candidates {
        let id = format!("cand-{}", ch.id);
        open(&mut w, "Candidate", &[(d.id(), &id)])?;
        intl(&mut w, d, "BallotName", &ch.raw_name)?;
        d.stable(&mut w, &id)?;
        if let Some(p) = ch.party.as_deref().and_then(|p| parties.get(p)) {
            leaf(&mut w, "PartyId", p)?;
        }
        if d == Dialect::Google {
            leaf(&mut w, "PersonId", &format!("per-{}", ch.id))?;
        }
        close(&mut w, "Candidate")?;
    }
    d.close_list(&mut w, "Candidate")?;
    d.open_list(&mut w, "Contest")?;
    for c in contests {
        contest(&mut w, d, c)?;
    }
    d.close_list(&mut w, "Contest")?;
    leaf(&mut w, "ElectionScopeId", SCOPE)?;
    d.stable(&mut w, &election.id)?;
    intl(&mut w, d, "Name", &election.title)?;
    leaf(&mut w, "StartDate", day(&election.date))?;
    leaf(&mut w, "EndDate", day(&election.date))?;
    leaf(&mut w, "Type", "other")?;
    leaf(&mut w, "OtherType", &election.title)?;
    close(&mut w, "Election")?;
    leaf(&mut w, "Format", "summary-contest")?;
    leaf(&mut w, "GeneratedDate", &generated()?)?;
    d.open_list(&mut w, "GpUnit")?;
    open(&mut w, "GpUnit", &[("xsi:type", "ReportingUnit"), (d.id(), SCOPE)])?;
    d.stable(&mut w, &format!("{}-scope", election.id))?;
    match d {
        Dialect::Nist => intl(&mut w, d, "Name", &election.title)?,
        Dialect::Google => intl(&mut w, d, "InternationalizedName", &election.title)?,
    }
    leaf(&mut w, "Type", "other")?;
    leaf(&mut w, "OtherType", "the election's whole area")?;
    close(&mut w, "GpUnit")?;
    d.close_list(&mut w, "GpUnit")?;
    leaf(&mut w, "Issuer", &format!("Tallyroom, from {source}"))?;
    leaf(&mut w, "IssuerAbbreviation", "Tallyroom")?;
    leaf(&mut w, "Notes", NOTES)?;
    if !parties.is_empty() {
        d.open_list(&mut w, "Party")?;
        for (name, id) in parties {
            open(&mut w, "Party", &[(d.id(), id)])?;
            d.stable(&mut w, &format!("{}-{id}", election.id))?;
            intl(&mut w, d, "Name", name)?;
            if d == Dialect::Google {
                leaf(&mut w, "PartyScopeGpUnitIds", SCOPE)?;
            }
            close(&mut w, "Party")?;
        }
        d.close_list(&mut w, "Party")?;
    }
    if d == Dialect::Google && !candidates.is_empty() {
        // Google's spec puts the person behind each candidate in a collection of their own.
        d.open_list(&mut w, "Person")?;
        for ch in &candidates {
            let id = format!("per-{}", ch.id);
            open(&mut w, "Person", &[(d.id(), &id)])?;
            d.stable(&mut w, &id)?;
            intl(&mut w, d, "FullName", &ch.name)?;
            close(&mut w, "Person")?;
        }
        d.close_list(&mut w, "Person")?;
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
fn contest(w: &mut W, d: Dialect, c: &ContestView) -> Result<()> {
    let candidate = c.kind == ContestKind::Candidate;
    let kind = if candidate { "CandidateContest" } else { "BallotMeasureContest" };
    open(w, "Contest", &[("xsi:type", kind), (d.id(), &c.id)])?;
    let (selection, district) = match d {
        Dialect::Nist => ("ContestSelection", "ElectionDistrictId"),
        Dialect::Google => ("BallotSelection", "ElectoralDistrictId"),
    };
    for ch in &c.choices {
        let sel = if candidate { "CandidateSelection" } else { "BallotMeasureSelection" };
        open(w, selection, &[("xsi:type", sel), (d.id(), &ch.id)])?;
        if let Some(v) = ch.votes {
            d.open_list(w, "VoteCounts")?;
            open(w, "VoteCounts", &[])?;
            leaf(w, "GpUnitId", SCOPE)?;
            leaf(w, "Type", "total")?;
            leaf(w, "Count", &v.to_string())?;
            close(w, "VoteCounts")?;
            d.close_list(w, "VoteCounts")?;
        }
        if candidate {
            leaf(w, "CandidateIds", &format!("cand-{}", ch.id))?;
        } else {
            d.stable(w, &ch.id)?;
            intl(w, d, "Selection", &ch.raw_name)?;
        }
        close(w, selection)?;
    }
    if d == Dialect::Google && !candidate {
        intl(w, d, "BallotTitle", &c.title)?;
    }
    leaf(w, district, SCOPE)?;
    d.stable(w, &c.id)?;
    leaf(w, "Name", &c.raw_title)?;
    let r = &c.reporting;
    if let (Some(done), Some(all)) = (r.precincts_reported, r.precincts_total) {
        leaf(w, "SubUnitsReported", &done.to_string())?;
        leaf(w, "TotalSubUnits", &all.to_string())?;
    }
    if let (Dialect::Google, false, Some(text)) = (d, candidate, c.measure_text.as_deref()) {
        intl(w, d, "BallotText", text)?;
    }
    if candidate {
        leaf(w, "VotesAllowed", &c.vote_for.to_string())?;
    }
    close(w, "Contest")
}
