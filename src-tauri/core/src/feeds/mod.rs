//! Feed formats, each parsed into one normalised shape, [`ParsedFeed`].
//!
//! The format is found from the content, never from a file name or a Content-Type header, because
//! servers on election night mislabel things (an HTML error page served as 200 is common).

pub mod clarity;
pub mod clarity_site;
pub mod lavote;
pub mod nist;
mod xml;

use std::sync::Arc;

use crate::error::{Error, FeedError, Result};
use crate::model::{ContestKind, Election, Level, Reporting};

/// Largest feed the core will parse. LA County's whole ballot is about 350 KB, a statewide
/// precinct-level Clarity export can pass 100 MB; 256 MiB leaves room for those while keeping
/// memory bounded (a body is checked against this while it streams in).
pub const MAX_FEED_BYTES: usize = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedFormat {
    LaVote,
    Clarity,
    /// A Clarity results site's `summary.json` (contest totals, where it has no detail file).
    ClaritySummary,
    NistXml,
    NistJson,
    /// A snapshot file of a Tallyroom feed: a [`ParsedFeed`] as JSON.
    Tallyroom,
    /// RCTab's detailed ranked-choice report.
    RctabJson,
    RctabCsv,
    /// NIST SP 1500-103 cast vote records, tabulated by Tallyroom (preliminary rounds).
    NistCvr,
}

impl FeedFormat {
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::LaVote => "LA County results",
            FeedFormat::Clarity => "Clarity ENR detail XML",
            FeedFormat::ClaritySummary => "Clarity results site summary",
            FeedFormat::NistXml => "NIST SP 1500-100 XML",
            FeedFormat::NistJson => "NIST SP 1500-100 JSON",
            FeedFormat::Tallyroom => "Tallyroom feed",
            FeedFormat::RctabJson => "RCTab report (JSON)",
            FeedFormat::RctabCsv => "RCTab report (CSV)",
            FeedFormat::NistCvr => "NIST SP 1500-103 cast vote records",
        }
    }
}

/// Also the wire form of a snapshot in a Tallyroom feed (see `crate::signed`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParsedFeed {
    pub format: FeedFormat,
    pub election: Election,
    /// The feed's own "as of" time, as written in the feed.
    pub feed_timestamp: String,
    pub contests: Vec<ParsedContest>,
    /// Candidate profiles the feed itself carries (NIST people and candidates).
    #[serde(default)]
    pub profiles: Vec<crate::profiles::Profile>,
    /// Ballots the feed says are still to be counted in the election's whole scope (NIST
    /// `BallotsOutstanding`); `None` where the feed does not say (LA County, Clarity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots_outstanding: Option<u64>,
    /// Ballots cast and registered voters, where the feed gives them (Clarity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnout: Option<crate::model::Turnout>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ParsedContest {
    pub id: String,
    pub group: String,
    pub raw_title: String,
    pub title: String,
    pub office: String,
    pub jurisdiction: String,
    pub kind: ContestKind,
    pub level: Level,
    pub vote_for: u32,
    pub pass_rule: Option<String>,
    pub measure_text: Option<String>,
    pub reporting: Reporting,
    /// What the areas in `areas` and in each choice's `details` are ("county", "precinct").
    pub area_kind: Option<String>,
    /// Reporting progress per area, where the feed gives it.
    pub areas: Vec<AreaStatus>,
    pub choices: Vec<ParsedChoice>,
    /// A ranked-choice contest's rounds; absent for every other contest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<crate::rcv::Tabulation>,
    /// The feed's own contest type when the adapter had never seen it; `kind` is then the
    /// nearest class read from the choices (see [`kind_from_choices`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AreaStatus {
    pub name: String,
    pub precincts_reported: Option<u32>,
    pub precincts_total: Option<u32>,
}

/// Votes for one choice in one area and/or of one vote type (`None` means "all").
///
/// The names are shared (`Arc<str>`): a state's Clarity file names the same 55 counties and
/// four vote types in every one of its ~100,000 figures, and a `String` each was a fifth of the
/// parse (allocating them, then freeing them). They serialise as plain strings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Detail {
    pub area: Option<Arc<str>>,
    pub vote_type: Option<Arc<str>>,
    pub votes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParsedChoice {
    pub id: String,
    pub raw_name: String,
    pub name: String,
    pub party: Option<String>,
    /// `None` where the feed has no count for this choice yet (a pre-election feed).
    pub votes: Option<u64>,
    /// Votes by area and by vote type, where the feed breaks them down.
    pub details: Vec<Detail>,
}

impl ParsedFeed {
    /// The snapshot's identity: the hash of its published form, `SnapshotV1`, which holds every
    /// field the cache stores. Two counts that differ in anything stored are two snapshots.
    pub fn content_hash(&self) -> String {
        crate::snapshot::content_hash_of(self)
    }

    /// True when any contest states counties reporting, which the old hash left out.
    pub fn has_counties_figures(&self) -> bool {
        self.contests.iter().any(|c| {
            c.reporting.counties_reported.is_some() || c.reporting.counties_total.is_some()
        })
    }

    /// The hash rule of caches made before migration 007 (`hash_scheme = 1`): a text rendering
    /// that left out the counties figures. Kept only so that a count stored then is still
    /// recognised as stored; never used for a new row.
    pub fn legacy_content_hash(&self) -> String {
        let mut canon = String::with_capacity(64 * 1024);
        canon.push_str(&self.election.id);
        canon.push('\n');
        canon.push_str(&self.feed_timestamp);
        canon.push('\n');
        for c in &self.contests {
            let r = &c.reporting;
            canon.push_str(&format!(
                "{}|{:?}|{:?}|{:?}\n",
                c.id, r.precincts_reported, r.precincts_total, r.ballots_cast
            ));
            for ch in &c.choices {
                canon.push_str(&format!("{}={:?}\n", ch.id, ch.votes));
                for d in &ch.details {
                    canon.push_str(&format!(" {:?}|{:?}={}\n", d.area, d.vote_type, d.votes));
                }
            }
            for a in &c.areas {
                canon.push_str(&format!(
                    " area {}|{:?}|{:?}\n",
                    a.name, a.precincts_reported, a.precincts_total
                ));
            }
        }
        crate::ids::sha256_hex(canon.as_bytes())
    }

    pub fn choice_count(&self) -> usize {
        self.contests.iter().map(|c| c.choices.len()).sum()
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn looks_like_html(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html")
}

const KNOWN: &str = "it reads LA County JSON, Clarity detail XML or its .zip, NIST SP \
                     1500-100 XML or JSON, and RCTab ranked-choice reports (JSON or CSV)";

/// JSON feeds: LA County's (an `Election` object with `ContestGroups`), a NIST report
/// (`"@type": "ElectionResults.ElectionReport"`) or an RCTab report (`config` and `results`).
/// Cast vote records are recognised only to say what they need: rules to tabulate them by.
fn parse_json(body: &[u8]) -> Result<ParsedFeed> {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "@type")]
        kind: Option<String>,
    }
    if let Ok(Probe { kind: Some(kind) }) = serde_json::from_slice::<Probe>(body) {
        if kind.ends_with("ElectionReport") {
            let doc: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
                Error::from(FeedError::Malformed {
                    format: FeedFormat::NistJson.name(),
                    detail: e.to_string(),
                })
            })?;
            return nist::parse_json(&doc);
        }
        if kind.ends_with("CastVoteRecordReport") {
            return Err(Error::unknown_format(
                "this is a file of cast vote records; Tallyroom tabulates them only with the \
                 contest's RCTab rules (tallyroom-cli import FILE --rcv-config RULES)",
            ));
        }
    }
    if body[..body.len().min(8192)].windows(9).any(|w| w == b"\"results\"") {
        if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(body) {
            if crate::rcv::report::is_report_json(&doc) {
                let (meta, tab) = crate::rcv::report::parse_json(&doc)?;
                return Ok(crate::rcv::report::to_feed(FeedFormat::RctabJson, meta, tab));
            }
        }
    }
    lavote::parse(body)
}

/// The name of the first element, skipping the prolog, comments and processing instructions.
/// Read as bytes: the markup looked for is ASCII, and only the name found is decoded (a copy of
/// the first 64 KiB as text was a tenth of parsing a county's Clarity file).
fn xml_root(body: &[u8]) -> Option<String> {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut rest = &body[..body.len().min(64 * 1024)];
    loop {
        rest = &rest[find(rest, b"<")? + 1..];
        if let Some(after) = rest.strip_prefix(b"!--") {
            rest = &after[find(after, b"-->")? + 3..];
        } else if rest.starts_with(b"?") || rest.starts_with(b"!") {
            rest = &rest[find(rest, b">")? + 1..];
        } else {
            let end = rest
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(rest.len());
            let name = String::from_utf8_lossy(&rest[..end]);
            return Some(name.rsplit(':').next().unwrap_or(&name).to_string());
        }
    }
}

/// The IANA zone an election's feed writes its times in, where its adapter knows it. LA
/// County's feed writes local wall-clock times with no offset, always Pacific; the other
/// formats either carry an offset in each time or say nothing, so `None` (shown as written).
pub fn time_zone(election_id: &str) -> Option<&'static str> {
    election_id.strip_prefix(lavote::SOURCE)?.starts_with('-').then_some(lavote::TIME_ZONE)
}

/// Parses a feed of any supported format, found from its content.
pub fn parse(bytes: &[u8]) -> Result<ParsedFeed> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(Error::from(FeedError::Malformed {
            format: "results",
            detail: format!("it is {} bytes, over the limit of {MAX_FEED_BYTES}", bytes.len()),
        }));
    }
    let body = strip_bom(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(Error::Feed(FeedError::Empty));
    };
    let body = &body[start..];
    if looks_like_html(body) {
        return Err(Error::unknown_format(
            "the server sent a web page (HTML), not a results feed; it may be an error page",
        ));
    }
    if body.starts_with(b"PK\x03\x04") {
        return clarity::parse_zip(body);
    }
    if crate::rcv::report::is_report_csv(body) {
        let (meta, tab) = crate::rcv::report::parse_csv(body)?;
        return Ok(crate::rcv::report::to_feed(FeedFormat::RctabCsv, meta, tab));
    }
    match body[0] {
        b'{' => parse_json(body),
        b'<' => match xml_root(body).as_deref() {
            Some("ElectionResult") => clarity::parse(body),
            Some("ElectionReport") => nist::parse_xml(body),
            Some(other) => Err(Error::unknown_format(format!(
                "this XML's root element is <{other}>, which is not a results format Tallyroom \
                 reads ({KNOWN})"
            ))),
            None => Err(Error::unknown_format(format!("this XML has no root element ({KNOWN})"))),
        },
        _ => Err(Error::unknown_format(format!(
            "this is not a results feed Tallyroom recognises ({KNOWN})"
        ))),
    }
}

/// The class of a contest whose type the feed names in words Tallyroom has never seen: two
/// choices that are Yes and No make a question (read as a measure with no known rule, so no
/// pass or fail is claimed), anything else a race of candidates (where "ahead" means only the
/// most votes, which holds whatever the rule).
pub fn kind_from_choices<'a>(names: impl IntoIterator<Item = &'a str>) -> ContestKind {
    let names: Vec<String> = names.into_iter().map(|n| n.trim().to_ascii_lowercase()).collect();
    let yes_no = names.len() == 2
        && names.iter().any(|n| n == "yes" || n == "si" || n == "sí")
        && names.iter().any(|n| n == "no");
    if yes_no {
        ContestKind::Measure
    } else {
        ContestKind::Candidate
    }
}

#[cfg(test)]
mod tests {
    use super::xml_root;

    #[test]
    fn xml_root_skips_the_prolog() {
        let check = |body: &[u8], expected: Option<&str>| {
            assert_eq!(xml_root(body).as_deref(), expected, "{}", String::from_utf8_lossy(body));
        };
        check(b"<ElectionResult>", Some("ElectionResult"));
        check(b"<?xml version=\"1.0\"?>\n<ElectionResult x=\"1\">", Some("ElectionResult"));
        check(b"<!-- a <Comment> --><!DOCTYPE x><cdf:ElectionReport/>", Some("ElectionReport"));
        check(b"<Root\txmlns=\"u\">", Some("Root"));
        check("<Élection>".as_bytes(), Some("Élection"));
        check(b"<!-- never closed <Root>", None);
        check(b"no markup", None);
    }
}
