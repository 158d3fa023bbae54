//! Clarity (Scytl) Election Night Reporting "detail XML", as served by hundreds of US counties
//! and several states, and the `detailxml.zip` that wraps it.
//!
//! Identity: the file carries no election id, so the election is `clarity-<region>-<date>`;
//! contests and choices carry a `key` that Clarity keeps stable through a count, and ids hash
//! that key with the text (see `crate::ids`).

use std::io::Read;

use super::xml::{self, attr, child, child_text, children, malformed_at, num_attr};
use super::{
    AreaStatus, Detail, FeedFormat, ParsedChoice, ParsedContest, ParsedFeed, MAX_FEED_BYTES,
};
use crate::error::{Error, Result};
use crate::ids::slug;
use crate::model::{ContestKind, Election, Reporting};
use crate::{ids, names};

const FORMAT: &str = "Clarity ENR detail XML";

fn malformed(detail: impl Into<String>) -> Error {
    Error::Malformed { format: FORMAT, detail: detail.into() }
}

fn small(n: Option<u64>) -> Option<u32> {
    n.and_then(|v| u32::try_from(v).ok())
}

/// "11/30/2020 8:18:00 AM EST" → "2020-11-30T08:18:00", so that snapshots sort by time. The zone
/// abbreviation is dropped: one election's files all share it. Hand-written because the format
/// is fixed and tiny, and a date library would add a dependency for one line of parsing.
pub fn iso_timestamp(raw: &str) -> Option<String> {
    let mut parts = raw.split_whitespace();
    let date = iso_date(parts.next()?)?;
    let Some(time) = parts.next() else { return Some(date) };
    let mut hms = time.split(':').map(|x| x.parse::<u32>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next().flatten().unwrap_or(0));
    let h = match parts.next().map(str::to_ascii_uppercase).as_deref() {
        Some("PM") if h < 12 => h + 12,
        Some("AM") if h == 12 => 0,
        _ => h,
    };
    (h < 24 && m < 60 && s < 61).then(|| format!("{date}T{h:02}:{m:02}:{s:02}"))
}

/// "11/3/2020" → "2020-11-03".
pub fn iso_date(raw: &str) -> Option<String> {
    let mut p = raw.trim().split('/').map(|x| x.parse::<u32>().ok());
    let (m, d, y) = (p.next()??, p.next()??, p.next()??);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Reads the `detail.xml` inside a Clarity `detailxml.zip`, never more than the feed limit.
pub fn parse_zip(bytes: &[u8]) -> Result<ParsedFeed> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| malformed(format!("the .zip could not be read: {e}")))?;
    let name = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(str::to_string))
        .find(|n| n.to_ascii_lowercase().ends_with(".xml"))
        .ok_or_else(|| malformed("the .zip holds no .xml file"))?;
    let file = archive.by_name(&name).map_err(|e| malformed(format!("{name}: {e}")))?;
    let mut xml = Vec::new();
    file.take(MAX_FEED_BYTES as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|e| malformed(format!("{name} could not be unpacked: {e}")))?;
    if xml.len() > MAX_FEED_BYTES {
        return Err(malformed(format!("{name} unpacks to more than {MAX_FEED_BYTES} bytes")));
    }
    parse(&xml)
}

pub fn parse(bytes: &[u8]) -> Result<ParsedFeed> {
    let text = xml::to_str(FORMAT, bytes)?;
    let doc = xml::parse(FORMAT, text)?;
    let root = doc.root_element();
    if !root.has_tag_name("ElectionResult") {
        return Err(malformed_at(FORMAT, &root, "expected <ElectionResult> as the root"));
    }
    let need = |name: &str| {
        child_text(&root, name)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| malformed(format!("<{name}> is missing or empty")))
    };
    let raw_ts = need("Timestamp")?;
    let timestamp = iso_timestamp(raw_ts)
        .ok_or_else(|| malformed(format!("<Timestamp> \"{raw_ts}\" is not a date and time")))?;
    let name = need("ElectionName")?;
    let raw_date = need("ElectionDate")?;
    let date = iso_date(raw_date)
        .ok_or_else(|| malformed(format!("<ElectionDate> \"{raw_date}\" is not a date")))?;
    let region = child_text(&root, "Region").unwrap_or("").to_string();
    let election_id = ids::election_id("clarity", &format!("{}-{date}", slug(&region)));

    let mut contests = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for c in children(&root, "Contest") {
        let text = attr(FORMAT, &c, "text")?;
        let key = c.attribute("key").unwrap_or("");
        let id = ids::contest_id(&election_id, key, text);
        if !seen.insert(id.clone()) {
            return Err(malformed_at(FORMAT, &c, &format!("contest \"{text}\" appears twice")));
        }
        let kind = if c.attribute("isQuestion") == Some("true") {
            ContestKind::Measure
        } else {
            ContestKind::Candidate
        };
        let reporting = Reporting {
            precincts_reported: small(num_attr(FORMAT, &c, "precinctsReported")?),
            precincts_total: small(num_attr(FORMAT, &c, "precinctsParticipating")?),
            counties_reported: small(num_attr(FORMAT, &c, "countiesReported")?),
            counties_total: small(num_attr(FORMAT, &c, "countiesParticipating")?),
            ballots_cast: None,
        };
        let mut areas = Vec::new();
        if let Some(pc) = child(&c, "ParticipatingCounties") {
            for county in children(&pc, "County") {
                areas.push(AreaStatus {
                    name: attr(FORMAT, &county, "name")?.to_string(),
                    precincts_reported: small(num_attr(FORMAT, &county, "precinctsReported")?),
                    precincts_total: small(num_attr(FORMAT, &county, "precinctsParticipating")?),
                });
            }
        }
        let mut area_kind = None;
        let mut choices = Vec::new();
        let mut seen_choices = std::collections::HashSet::new();
        for ch in children(&c, "Choice") {
            let ch_text = attr(FORMAT, &ch, "text")?;
            let ch_key = ch.attribute("key").unwrap_or("");
            let choice_id = ids::choice_id(&id, &format!("{ch_key}\u{1f}{ch_text}"));
            if !seen_choices.insert(choice_id.clone()) {
                return Err(malformed_at(
                    FORMAT,
                    &ch,
                    &format!("choice \"{ch_text}\" appears twice"),
                ));
            }
            let votes = num_attr(FORMAT, &ch, "totalVotes")?
                .ok_or_else(|| malformed_at(FORMAT, &ch, "the attribute totalVotes is missing"))?;
            let mut details = Vec::new();
            for vt in children(&ch, "VoteType") {
                let vt_name = attr(FORMAT, &vt, "name")?.to_string();
                let vt_votes = num_attr(FORMAT, &vt, "votes")?
                    .ok_or_else(|| malformed_at(FORMAT, &vt, "the attribute votes is missing"))?;
                details.push(Detail {
                    area: None,
                    vote_type: Some(vt_name.clone()),
                    votes: vt_votes,
                });
                for area in vt.children().filter(|n| n.is_element()) {
                    let kind = match area.tag_name().name() {
                        "County" => "county",
                        "Precinct" => "precinct",
                        _ => continue,
                    };
                    area_kind.get_or_insert_with(|| kind.to_string());
                    details.push(Detail {
                        area: Some(attr(FORMAT, &area, "name")?.to_string()),
                        vote_type: Some(vt_name.clone()),
                        votes: num_attr(FORMAT, &area, "votes")?.ok_or_else(|| {
                            malformed_at(FORMAT, &area, "the attribute votes is missing")
                        })?,
                    });
                }
            }
            choices.push(ParsedChoice {
                id: choice_id,
                raw_name: ch_text.to_string(),
                name: names::person_name(ch_text),
                party: ch
                    .attribute("party")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(String::from),
                votes: Some(votes),
                details,
            });
        }
        let title = names::title_case(text);
        contests.push(ParsedContest {
            id,
            group: region.clone(),
            raw_title: text.to_string(),
            office: title.clone(),
            jurisdiction: region.clone(),
            level: names::level(&region, text, kind),
            title,
            kind,
            vote_for: num_attr(FORMAT, &c, "voteFor")?
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(1)
                .max(1),
            pass_rule: None,
            measure_text: None,
            reporting,
            area_kind,
            areas,
            choices,
        });
    }
    if contests.is_empty() {
        return Err(malformed("the file has no <Contest>"));
    }
    Ok(ParsedFeed {
        format: FeedFormat::Clarity,
        election: Election { id: election_id, title: name.to_string(), date },
        feed_timestamp: timestamp,
        contests,
        profiles: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        for (raw, want) in [
            ("11/30/2020 8:18:00 AM EST", Some("2020-11-30T08:18:00")),
            ("11/13/2014 2:58:41 PM CST", Some("2014-11-13T14:58:41")),
            ("5/20/2014 12:19:21 AM EDT", Some("2014-05-20T00:19:21")),
            ("13/40/2014 1:00:00 PM", None),
            ("yesterday", None),
        ] {
            assert_eq!(iso_timestamp(raw).as_deref(), want, "{raw}");
        }
    }
}
