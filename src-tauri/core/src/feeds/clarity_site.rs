//! A Clarity (Scytl) results site, as people paste its address, and its `summary.json`.
//!
//! A site lives at `{host}/{ST}/{electionId}/` (a county's at `{host}/{ST}/{County}/{electionId}/`);
//! `current_ver.txt` there names the current version, and under `{version}/` are
//! `reports/detailxml.zip` (the detail XML `clarity.rs` reads) and `json/en/summary.json` (each
//! contest's totals) with `json/en/electionsettings.json` (the site's details). The layout is the
//! one the public `elex-clarity` and `clarify` clients document. The page a browser shows is
//! `…/{electionId}/web.{n}/#/summary`: everything from `web.` on, and the fragment, is the
//! page's, not the site's.

use serde_json::Value;
use url::Url;

use super::clarity::iso_timestamp;
use super::{FeedFormat, ParsedChoice, ParsedContest, ParsedFeed};
use crate::error::{Error, FeedError, Result};
use crate::model::{ContestKind, Election, Reporting};
use crate::{ids, names};

/// A Clarity site: where its files are, and which election and area it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// `https://results.enr.clarityelections.com/GA/105369/` (always ending in `/`).
    pub base: Url,
    pub state: String,
    /// The county of a county site; `None` for a state's.
    pub county: Option<String>,
    pub election: String,
}

impl Site {
    pub fn current_ver(&self) -> Url {
        self.join("current_ver.txt")
    }

    pub fn detail_zip(&self, version: &str) -> Url {
        self.join(&format!("{version}/reports/detailxml.zip"))
    }

    pub fn summary(&self, version: &str) -> Url {
        self.join(&format!("{version}/json/en/summary.json"))
    }

    pub fn settings(&self, version: &str) -> Url {
        self.join(&format!("{version}/json/en/electionsettings.json"))
    }

    fn join(&self, path: &str) -> Url {
        // `base` ends in `/` and `path` has no `..`: a join never leaves the site.
        self.base.join(path).unwrap_or_else(|_| self.base.clone())
    }

    /// "GA/105369", "GA/Fulton/105430": how the site is named in titles and messages.
    pub fn label(&self) -> String {
        match &self.county {
            Some(c) => format!("{}/{c}/{}", self.state, self.election),
            None => format!("{}/{}", self.state, self.election),
        }
    }
}

/// The site behind an address, when it is one: `…/{ST}/{id}/…` or `…/{ST}/{County}/{id}/…` on a
/// Clarity host (`*.clarityelections.com`), or on this computer (where the tests serve one).
/// Anything else is `None` and is fetched as a plain feed file.
pub fn site_of(url: &Url) -> Option<Site> {
    let host = url.host_str()?;
    let clarity = host.ends_with("clarityelections.com");
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1");
    if !clarity && !loopback {
        return None;
    }
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    // The site's own part ends before a page (`web.264614`) or a file.
    let end = segments
        .iter()
        .position(|s| s.starts_with("web.") || s.contains('.'))
        .unwrap_or(segments.len());
    let site = &segments[..end];
    let is_state = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase());
    let is_id = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (state, county, election) = match site {
        [st, id] if is_state(st) && is_id(id) => (*st, None, *id),
        [st, county, id] if is_state(st) && !is_id(county) && is_id(id) => {
            (*st, Some(*county), *id)
        }
        _ => return None,
    };
    // On this computer only a path that is exactly a site's counts, so a test feed file served
    // from loopback is never mistaken for one.
    if loopback && end != segments.len() && !segments[end].starts_with("web.") {
        return None;
    }
    let mut base = url.clone();
    base.set_fragment(None);
    base.set_query(None);
    let path = match county {
        Some(c) => format!("/{state}/{c}/{election}/"),
        None => format!("/{state}/{election}/"),
    };
    base.set_path(&path);
    Some(Site {
        base,
        state: state.to_string(),
        county: county.map(str::to_string),
        election: election.to_string(),
    })
}

/// The version in a `current_ver.txt`: digits, nothing else.
pub fn version(body: &[u8]) -> Result<String> {
    let text = String::from_utf8_lossy(body);
    let v = text.trim();
    if v.is_empty() || v.len() > 20 || !v.chars().all(|c| c.is_ascii_digit()) {
        let shown: String = v.chars().take(40).collect();
        return Err(Error::from(FeedError::Malformed {
            format: "Clarity site",
            detail: format!("current_ver.txt holds \"{shown}\", not a version number"),
        }));
    }
    Ok(v.to_string())
}

/// What a site's `electionsettings.json` says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteInfo {
    /// "General Election", from the site's internal name ("November 3,2020-General Election").
    pub name: Option<String>,
    /// `YYYY-MM-DD`, from `electiondate` ("11/3/2020").
    pub date: Option<String>,
    /// The site's entity: a state's code ("GA") or a county's name.
    pub area: Option<String>,
    /// A state site's county sites (`participatingcounties`); empty for a county's.
    pub counties: Vec<County>,
}

/// One entry of `participatingcounties`: `"Name|electionId|version|updated|…"`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct County {
    /// As the site writes it in paths ("Ben_Hill").
    pub name: String,
    pub election: String,
}

impl County {
    /// The county's own site beside its state's: `{host}/{ST}/{Name}/{id}/`.
    pub fn site(&self, state: &Site) -> Option<Site> {
        let mut base = state.base.clone();
        base.set_path(&format!("/{}/{}/{}/", state.state, self.name, self.election));
        site_of(&base)
    }
}

/// Reads what a site says about itself. Entries it cannot read are left out, never guessed; a
/// file that is not JSON is refused.
pub fn site_info(settings: &[u8]) -> Result<SiteInfo> {
    let doc: Value = serde_json::from_slice(settings)
        .map_err(|e| malformed(format!("electionsettings.json is not valid JSON: {e}")))?;
    Ok(info_of(&doc))
}

fn info_of(doc: &Value) -> SiteInfo {
    let details = &doc["settings"]["electiondetails"];
    let text = |v: &Value| v.as_str().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let name = text(&details["internalname"])
        .map(|n| n.rsplit_once('-').map(|(_, tail)| tail.trim().to_string()).unwrap_or(n));
    let date = text(&details["electiondate"]).and_then(|d| {
        let mut parts = d.split('/').map(|p| p.trim().parse::<u32>().ok());
        match (parts.next()??, parts.next()??, parts.next()??) {
            (m, day, y) if (1..=12).contains(&m) && (1..=31).contains(&day) && y > 1900 => {
                Some(format!("{y:04}-{m:02}-{day:02}"))
            }
            _ => None,
        }
    });
    let counties = details["participatingcounties"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .filter_map(|entry| {
                    let mut f = entry.split('|');
                    let name = f.next()?.trim();
                    let id = f.next()?.trim();
                    let ok_name = !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                        && !name.contains("..");
                    let ok_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_digit());
                    (ok_name && ok_id)
                        .then(|| County { name: name.to_string(), election: id.to_string() })
                })
                .collect()
        })
        .unwrap_or_default();
    SiteInfo { name, date, area: text(&doc["entityname"]), counties }
}

fn malformed(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed {
        format: FeedFormat::ClaritySummary.name(),
        detail: detail.into(),
    })
}

/// Reads a site's `summary.json`, with its `electionsettings.json` for the time of the count
/// (`websiteupdatedat`), which orders it among the stored counts: without it nothing is stored.
/// The summary names no election and no date: the election is the site's own id, and the date
/// is unknown, never guessed.
pub fn parse_summary(site: &Site, summary: &[u8], settings: &[u8]) -> Result<ParsedFeed> {
    let doc: Value =
        serde_json::from_slice(summary).map_err(|e| malformed(format!("not valid JSON: {e}")))?;
    let entries =
        doc.as_array().ok_or_else(|| malformed("the summary is not a list of contests"))?;
    let settings: Value = serde_json::from_slice(settings)
        .map_err(|e| malformed(format!("electionsettings.json is not valid JSON: {e}")))?;
    let raw_time = settings.get("websiteupdatedat").and_then(Value::as_str).unwrap_or_default();
    let updated = iso_timestamp(raw_time).ok_or_else(|| {
        malformed(format!(
            "electionsettings.json gives no time of the count (websiteupdatedat: \"{raw_time}\")"
        ))
    })?;
    let election_id = ids::election_id("clarity", &ids::slug(&site.label()));
    let info = info_of(&settings);
    let region = site.county.clone().unwrap_or_else(|| site.state.clone());
    let mut contests = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        let title = e.get("C").and_then(Value::as_str).map(str::trim).unwrap_or_default();
        if title.is_empty() {
            return Err(malformed(format!("contest {} has no title (C)", i + 1)));
        }
        let key = e.get("K").map(|k| k.to_string()).unwrap_or_default();
        let id = ids::contest_id(&election_id, &key, title);
        if !seen.insert(id.clone()) {
            return Err(malformed(format!("contest \"{title}\" appears twice")));
        }
        let texts = |k: &str| -> Vec<String> {
            e.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter().map(|v| v.as_str().unwrap_or_default().trim().to_string()).collect()
                })
                .unwrap_or_default()
        };
        let choice_names = texts("CH");
        let parties = texts("P");
        let votes = e.get("V").and_then(Value::as_array).cloned().unwrap_or_default();
        if votes.len() != choice_names.len() {
            return Err(malformed(format!(
                "contest \"{title}\" has {} choices but {} vote counts",
                choice_names.len(),
                votes.len()
            )));
        }
        let mut choices = Vec::with_capacity(choice_names.len());
        for (j, (name, v)) in choice_names.iter().zip(&votes).enumerate() {
            let count = v.as_u64().ok_or_else(|| {
                malformed(format!(
                    "contest \"{title}\": the votes of \"{name}\" ({v}) are not a whole number"
                ))
            })?;
            let party = parties.get(j).filter(|p| !p.is_empty()).cloned();
            choices.push(ParsedChoice {
                id: ids::choice_id(&id, name),
                raw_name: name.clone(),
                name: names::person_name(name),
                party,
                votes: Some(count),
                details: Vec::new(),
            });
        }
        let yes_no = choices.len() == 2
            && choices.iter().any(|c| c.raw_name.eq_ignore_ascii_case("yes"))
            && choices.iter().any(|c| c.raw_name.eq_ignore_ascii_case("no"));
        let kind = if yes_no { ContestKind::Measure } else { ContestKind::Candidate };
        let small = |k: &str| e.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
        let shown = names::title_case(title);
        contests.push(ParsedContest {
            id,
            group: region.clone(),
            raw_title: title.to_string(),
            title: shown.clone(),
            office: shown,
            jurisdiction: region.clone(),
            kind,
            level: names::level(&region, title, kind),
            vote_for: small("VF").unwrap_or(1).max(1),
            pass_rule: None,
            measure_text: None,
            reporting: Reporting {
                precincts_reported: small("PR"),
                precincts_total: small("TP"),
                ..Reporting::default()
            },
            area_kind: None,
            areas: Vec::new(),
            choices,
            rounds: None,
            raw_kind: None,
        });
    }
    if contests.is_empty() {
        return Err(malformed("the summary lists no contests"));
    }
    Ok(ParsedFeed {
        format: FeedFormat::ClaritySummary,
        election: Election {
            id: election_id,
            // The site's own name and date where its settings give them; the date is never
            // guessed.
            title: match info.name {
                Some(name) => format!("{name} ({})", site.label()),
                None => format!("Clarity results site {}", site.label()),
            },
            date: info.date.unwrap_or_default(),
        },
        feed_timestamp: updated,
        contests,
        profiles: Vec::new(),
        ballots_outstanding: None,
        turnout: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pasted: &str, expected: Option<(&str, &str)>) {
        let url = Url::parse(pasted).expect("url");
        let got = site_of(&url).map(|s| (s.base.to_string(), s.label()));
        assert_eq!(got.as_ref().map(|(b, l)| (b.as_str(), l.as_str())), expected, "{pasted}");
    }

    #[test]
    fn addresses_as_people_paste_them() {
        let ga = Some(("https://results.enr.clarityelections.com/GA/105369/", "GA/105369"));
        check("https://results.enr.clarityelections.com/GA/105369/web.264614/#/summary", ga);
        check("https://results.enr.clarityelections.com/GA/105369/", ga);
        check("https://results.enr.clarityelections.com/GA/105369", ga);
        check("https://results.enr.clarityelections.com/GA/105369/current_ver.txt", ga);
        check(
            "https://results.enr.clarityelections.com/GA/Fulton/105430/web.264614/#/summary",
            Some((
                "https://results.enr.clarityelections.com/GA/Fulton/105430/",
                "GA/Fulton/105430",
            )),
        );
        check(
            "http://127.0.0.1:8080/GA/105369/web.1/#/summary?c=1",
            Some(("http://127.0.0.1:8080/GA/105369/", "GA/105369")),
        );
        // Not a site: another host, a feed file on this computer, a page without an election.
        check("https://example.com/GA/105369/", None);
        check("http://127.0.0.1:8080/GA/105369/detail.xml", None);
        check("https://results.enr.clarityelections.com/GA/", None);
        check("https://results.lavote.gov/electionresults/json?electionid=4300", None);
    }

    #[test]
    fn what_a_state_site_says_about_itself() {
        let bytes = include_bytes!(
            "../../../../tests/data/clarity/site/GA_105369_271927_electionsettings.json"
        );
        let info = site_info(bytes).expect("info");
        assert_eq!(info.name.as_deref(), Some("General Election"));
        assert_eq!(info.date.as_deref(), Some("2020-11-03"));
        assert_eq!(info.area.as_deref(), Some("GA"));
        assert_eq!(info.counties.len(), 159);
        let ben_hill = &info.counties[8];
        assert_eq!((ben_hill.name.as_str(), ben_hill.election.as_str()), ("Ben_Hill", "105379"));
        let state = site_of(
            &Url::parse("https://results.enr.clarityelections.com/GA/105369/").expect("url"),
        )
        .expect("site");
        let county = ben_hill.site(&state).expect("county site");
        assert_eq!(
            county.base.as_str(),
            "https://results.enr.clarityelections.com/GA/Ben_Hill/105379/"
        );
        assert_eq!(county.county.as_deref(), Some("Ben_Hill"));
    }

    #[test]
    fn a_version_is_digits() {
        assert_eq!(version(b"271066\r\n").expect("ok"), "271066");
        for bad in [&b""[..], b"<html>", b"27 1066", b"-1"] {
            assert!(version(bad).is_err(), "{bad:?}");
        }
    }
}
