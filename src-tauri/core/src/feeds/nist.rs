//! NIST SP 1500-100 v2 Election Results Common Data Format, in XML and in JSON.
//!
//! Both forms are read into one intermediate report ([`Report`]) and then into [`ParsedFeed`], so
//! the two readers share every rule after the syntax. The XML reader accepts the names of the
//! final v2 schema (`Contest`, `ContestSelection`, `ElectionDistrictId`, `ObjectId`) and those of
//! the v2 drafts still found in published samples (`ContestCollection`, `BallotSelection`,
//! `ElectoralDistrictId`, `objectId`).
//!
//! Identity: contests and selections carry object ids that a feed keeps through a count; ids
//! hash them with the election id (see `crate::ids`).
//!
//! One file past 500 lines on purpose: the XML and JSON readers fill the same intermediate
//! `Report`, whose references run across the whole document; kept together, the rules after the
//! syntax are written once and cannot drift between the two forms.

use std::collections::HashMap;

use serde_json::Value;

use super::xml::{self, malformed_at};
use super::{Detail, FeedFormat, ParsedChoice, ParsedContest, ParsedFeed};
use crate::error::{Error, FeedError, Result};
use crate::ids::slug;
use crate::model::{ContestKind, Election, Reporting};
use crate::profiles::{Contact, Fact, Profile, Source};
use crate::{ids, names};

const XML_FORMAT: &str = "NIST SP 1500-100 XML";
const JSON_FORMAT: &str = "NIST SP 1500-100 JSON";

#[derive(Debug, Default)]
struct Report {
    election_name: String,
    start_date: String,
    generated: String,
    scope: Option<String>,
    stable_id: Option<String>,
    gp_units: HashMap<String, String>,
    parties: HashMap<String, String>,
    candidates: HashMap<String, CandidateRec>,
    people: HashMap<String, Person>,
    issuer: String,
    contests: Vec<Contest>,
    /// `BallotsOutstanding` of the election's `BallotCounts` for its scope, where given.
    outstanding: Option<u64>,
    /// `BallotsCast` of the same `BallotCounts`, and the scope unit's `VotersRegistered`.
    ballots_cast: Option<u64>,
    registered: HashMap<String, u64>,
}

#[derive(Debug, Clone, Default)]
struct CandidateRec {
    ballot_name: String,
    party: Option<String>,
    person: Option<String>,
    contact: Option<Contact>,
}

#[derive(Debug, Clone, Default)]
struct Person {
    full_name: Option<String>,
    profession: Option<String>,
    contact: Option<Contact>,
}

#[derive(Debug, Default)]
struct Contest {
    id: String,
    /// `None` for a type the adapter has never seen (`raw_kind`): read from its selections.
    kind: Option<ContestKind>,
    raw_kind: Option<String>,
    name: String,
    district: Option<String>,
    votes_allowed: Option<u64>,
    sub_units_reported: Option<u64>,
    total_sub_units: Option<u64>,
    selections: Vec<Selection>,
}

#[derive(Debug, Default)]
struct Selection {
    id: String,
    candidate_ids: Vec<String>,
    /// What the ballot shows: candidate names, a measure's "Yes", a party.
    label: String,
    party: Option<String>,
    /// (reporting unit id, count type, count).
    counts: Vec<(String, String, u64)>,
}

fn kind_of(type_name: &str) -> Option<ContestKind> {
    let t = type_name.rsplit(['.', ':']).next().unwrap_or(type_name);
    match t {
        "CandidateContest" | "PartyContest" => Some(ContestKind::Candidate),
        "BallotMeasureContest" => Some(ContestKind::Measure),
        "RetentionContest" => Some(ContestKind::Judicial),
        _ => None,
    }
}

/// A known type's class, or the unseen type's own name (without its namespace prefix) to carry.
fn kind_and_raw(type_name: &str) -> (Option<ContestKind>, Option<String>) {
    match kind_of(type_name) {
        Some(k) => (Some(k), None),
        None => {
            let short = type_name.rsplit(['.', ':']).next().unwrap_or(type_name).trim();
            (None, Some(if short.is_empty() { "(none)".to_string() } else { short.to_string() }))
        }
    }
}

fn small(n: Option<u64>) -> Option<u32> {
    n.and_then(|v| u32::try_from(v).ok())
}

fn into_feed(r: Report, format: FeedFormat) -> Result<ParsedFeed> {
    let fmt = format.name();
    let malformed = |detail: String| Error::from(FeedError::Malformed { format: fmt, detail });
    if r.election_name.is_empty() {
        return Err(malformed("the election has no name".into()));
    }
    if r.generated.is_empty() {
        return Err(malformed("GeneratedDate is missing".into()));
    }
    let key =
        r.stable_id.clone().unwrap_or_else(|| format!("{} {}", r.election_name, r.start_date));
    let election_id = ids::election_id("nist", &slug(&key));
    let scope = r.scope.as_ref().and_then(|s| r.gp_units.get(s)).cloned().unwrap_or_default();
    let mut contests = Vec::new();
    let mut profiles = Vec::new();
    let source = Source {
        id: "feed".into(),
        title: format!("{} results feed", r.election_name),
        publisher: if r.issuer.is_empty() {
            "the feed's publisher".into()
        } else {
            r.issuer.clone()
        },
        url: None,
        published: r.generated.get(..10).map(str::to_string),
        note: Some(
            "Candidate details as the election office's NIST SP 1500-100 feed gives them.".into(),
        ),
    };
    let as_of = source.published.clone().unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    for c in r.contests {
        let id = ids::contest_id(&election_id, "", &c.id);
        if !seen.insert(id.clone()) {
            return Err(malformed(format!("contest {} appears twice", c.id)));
        }
        let district_name =
            c.district.as_ref().and_then(|d| r.gp_units.get(d)).cloned().unwrap_or(scope.clone());
        let mut choices = Vec::new();
        let mut seen_sel = std::collections::HashSet::new();
        for s in c.selections {
            let choice_id = ids::choice_id(&id, &s.id);
            if !seen_sel.insert(choice_id.clone()) {
                return Err(malformed(format!("selection {} appears twice in {}", s.id, c.id)));
            }
            // The total: the "total" counts if the feed gives them, else the sum of the parts.
            let totals: Vec<&(String, String, u64)> =
                s.counts.iter().filter(|(_, t, _)| t == "total").collect();
            let votes = if s.counts.is_empty() {
                None
            } else if totals.is_empty() {
                Some(s.counts.iter().map(|x| x.2).sum())
            } else {
                Some(totals.iter().map(|x| x.2).sum())
            };
            let at_district = |unit: &String| Some(unit) == c.district.as_ref();
            let details = s
                .counts
                .iter()
                .filter(|(_, t, _)| t != "total")
                .map(|(unit, t, n)| Detail {
                    area: (!at_district(unit))
                        .then(|| r.gp_units.get(unit).unwrap_or(unit).as_str().into()),
                    vote_type: Some(t.as_str().into()),
                    votes: *n,
                })
                .collect();
            if let [cand_id] = s.candidate_ids.as_slice() {
                if let Some(cand) = r.candidates.get(cand_id) {
                    let person = cand
                        .person
                        .as_ref()
                        .and_then(|p| r.people.get(p))
                        .cloned()
                        .unwrap_or_default();
                    let name = person.full_name.clone().unwrap_or_else(|| cand.ballot_name.clone());
                    let party = cand.party.as_ref().and_then(|p| r.parties.get(p)).cloned();
                    let fact = |text: String| Fact {
                        text,
                        translations: Default::default(),
                        source: "feed".into(),
                        as_of: as_of.clone(),
                    };
                    let mut biography = Vec::new();
                    if let Some(prof) = &person.profession {
                        biography.push(fact(format!("Profession: {prof}.")));
                    }
                    profiles.push(Profile {
                        id: format!("nist-{}-{}", slug(cand_id), slug(&c.id)),
                        name: name.clone(),
                        ballot_name: cand.ballot_name.clone(),
                        election_id: election_id.clone(),
                        contest_id: id.clone(),
                        choice_id: choice_id.clone(),
                        ballot_designation: None,
                        summary: fact(format!(
                            "Candidate for {}{}, as listed in the official results feed.",
                            c.name,
                            party.map(|p| format!(" ({p})")).unwrap_or_default()
                        )),
                        biography,
                        endorsements: vec![],
                        positions: vec![],
                        money: vec![],
                        polls: vec![],
                        earlier_results: vec![],
                        sources: vec![source.clone()],
                        profession: person.profession.clone(),
                        contact: cand.contact.clone().or(person.contact.clone()),
                    });
                }
            }
            choices.push(ParsedChoice {
                id: choice_id,
                name: names::person_name(&s.label),
                raw_name: s.label,
                party: s.party,
                votes,
                details,
            });
        }
        let title = names::title_case(&c.name);
        let kind = c.kind.unwrap_or_else(|| {
            super::kind_from_choices(choices.iter().map(|x| x.raw_name.as_str()))
        });
        contests.push(ParsedContest {
            id,
            group: district_name.clone(),
            raw_title: c.name.clone(),
            office: title.clone(),
            jurisdiction: district_name.clone(),
            level: names::level(&district_name, &c.name, kind),
            title,
            kind,
            vote_for: small(c.votes_allowed).unwrap_or(1).max(1),
            pass_rule: None,
            measure_text: None,
            reporting: Reporting {
                precincts_reported: small(c.sub_units_reported),
                precincts_total: small(c.total_sub_units),
                ..Reporting::default()
            },
            area_kind: None,
            areas: vec![],
            choices,
            rounds: None,
            raw_kind: c.raw_kind,
        });
    }
    if contests.is_empty() {
        return Err(malformed("the report has no contests".into()));
    }
    Ok(ParsedFeed {
        format,
        election: Election { id: election_id, title: r.election_name, date: r.start_date },
        feed_timestamp: r.generated,
        contests,
        profiles,
        ballots_outstanding: r.outstanding,
        // Turnout where the report gives either figure for its scope; the other stays unknown.
        turnout: {
            let registered = r.scope.as_ref().and_then(|s| r.registered.get(s)).copied();
            (r.ballots_cast.is_some() || registered.is_some()).then(|| crate::model::Turnout {
                ballots_cast: r.ballots_cast,
                registered,
                areas: Vec::new(),
            })
        },
    })
}

// ------------------------------------------------------------------------------------ XML

fn local<'a>(n: &roxmltree::Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

fn kids<'a, 'i>(n: roxmltree::Node<'a, 'i>, names: &[&str]) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children().filter(|c| c.is_element() && names.contains(&local(c))).collect()
}

/// Children named `item`, directly or inside a `<...Collection>` wrapper of the drafts.
fn items<'a, 'i>(n: roxmltree::Node<'a, 'i>, item: &'static str) -> Vec<roxmltree::Node<'a, 'i>> {
    let mut out = Vec::new();
    for c in n.children().filter(|c| c.is_element()) {
        if local(&c) == item {
            out.push(c);
        } else if local(&c).ends_with("Collection") {
            out.extend(c.children().filter(|g| g.is_element() && local(g) == item));
        }
    }
    out
}

fn text_of(n: roxmltree::Node, name: &'static str) -> Option<String> {
    let c = kids(n, &[name]).into_iter().next()?;
    // Internationalized text: the English <Text>, else the first; plain text otherwise.
    let texts = kids(c, &["Text"]);
    let chosen = texts
        .iter()
        .find(|t| t.attribute("language") == Some("en"))
        .or(texts.first())
        .copied()
        .unwrap_or(c);
    chosen.text().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn object_id(n: &roxmltree::Node) -> Option<String> {
    n.attribute("ObjectId").or(n.attribute("objectId")).map(str::to_string)
}

fn xsi_type<'a>(n: &roxmltree::Node<'a, '_>) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == "type").map(|a| a.value())
}

fn xml_num(n: roxmltree::Node, name: &'static str) -> Result<Option<u64>> {
    match kids(n, &[name]).into_iter().next() {
        None => Ok(None),
        Some(c) => {
            let t = c.text().unwrap_or("").trim();
            t.parse().map(Some).map_err(|_| {
                malformed_at(XML_FORMAT, &c, &format!("\"{t}\" is not a whole number of 0 or more"))
            })
        }
    }
}

pub fn parse_xml(bytes: &[u8]) -> Result<ParsedFeed> {
    let text = xml::to_str(XML_FORMAT, bytes)?;
    let doc = xml::parse(XML_FORMAT, text)?;
    let root = doc.root_element();
    if local(&root) != "ElectionReport" {
        return Err(malformed_at(XML_FORMAT, &root, "expected <ElectionReport> as the root"));
    }
    let mut r = Report {
        generated: text_of(root, "GeneratedDate").unwrap_or_default(),
        ..Default::default()
    };
    for g in items(root, "GpUnit") {
        if let Some(id) = object_id(&g) {
            let name = text_of(g, "Name")
                .or_else(|| text_of(g, "InternationalizedName"))
                .unwrap_or(id.clone());
            if let Some(n) = xml_num(g, "VotersRegistered")? {
                r.registered.insert(id.clone(), n);
            }
            r.gp_units.insert(id, name);
        }
    }
    for p in items(root, "Party") {
        if let (Some(id), Some(name)) = (object_id(&p), text_of(p, "Name")) {
            r.parties.insert(id, name);
        }
    }
    let election = kids(root, &["Election"])
        .into_iter()
        .next()
        .ok_or_else(|| malformed_at(XML_FORMAT, &root, "there is no <Election>"))?;
    r.election_name = text_of(election, "Name").unwrap_or_default();
    r.start_date = text_of(election, "StartDate").unwrap_or_default();
    r.scope = text_of(election, "ElectionScopeId");
    for b in kids(election, &["BallotCounts"]) {
        let total = text_of(b, "Type").is_none_or(|t| t == "total");
        if total && text_of(b, "GpUnitId") == r.scope {
            r.outstanding = xml_num(b, "BallotsOutstanding")?;
            r.ballots_cast = xml_num(b, "BallotsCast")?;
        }
    }
    r.stable_id = kids(election, &["ExternalIdentifiers"])
        .into_iter()
        .flat_map(|e| kids(e, &["ExternalIdentifier"]))
        .find(|e| text_of(*e, "OtherType").as_deref() == Some("stable"))
        .and_then(|e| text_of(e, "Value"));
    for p in items(root, "Person") {
        let Some(id) = object_id(&p) else { continue };
        let full_name = text_of(p, "FullName").or_else(|| {
            let parts: Vec<String> = ["FirstName", "MiddleName", "LastName"]
                .iter()
                .filter_map(|k| text_of(p, k))
                .collect();
            (!parts.is_empty()).then(|| names::person_name(&parts.join(" ")))
        });
        r.people.insert(
            id,
            Person { full_name, profession: text_of(p, "Profession"), contact: xml_contact(p) },
        );
    }
    for c in items(election, "Candidate") {
        let Some(id) = object_id(&c) else { continue };
        let name = text_of(c, "BallotName")
            .ok_or_else(|| malformed_at(XML_FORMAT, &c, "the candidate has no BallotName"))?;
        r.candidates.insert(
            id,
            CandidateRec {
                ballot_name: name,
                party: text_of(c, "PartyId"),
                person: text_of(c, "PersonId"),
                contact: xml_contact(c),
            },
        );
    }
    for c in items(election, "Contest") {
        let type_name = xsi_type(&c).unwrap_or("CandidateContest");
        let (kind, raw_kind) = kind_and_raw(type_name);
        let id = object_id(&c)
            .ok_or_else(|| malformed_at(XML_FORMAT, &c, "the contest has no object id"))?;
        let mut contest = Contest {
            name: text_of(c, "Name")
                .or_else(|| text_of(c, "BallotTitle"))
                .ok_or_else(|| malformed_at(XML_FORMAT, &c, "the contest has no Name"))?,
            id,
            kind,
            raw_kind,
            district: text_of(c, "ElectionDistrictId")
                .or_else(|| text_of(c, "ElectoralDistrictId")),
            votes_allowed: xml_num(c, "VotesAllowed")?,
            sub_units_reported: xml_num(c, "SubUnitsReported")?,
            total_sub_units: xml_num(c, "TotalSubUnits")?,
            selections: vec![],
        };
        for s in kids(c, &["ContestSelection", "BallotSelection"]) {
            let sid = object_id(&s)
                .ok_or_else(|| malformed_at(XML_FORMAT, &s, "the selection has no object id"))?;
            let cands: Vec<String> = text_of(s, "CandidateIds")
                .map(|t| t.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default();
            let (label, party) =
                selection_label(&r, &cands, text_of(s, "Selection"), text_of(s, "PartyIds"))
                    .ok_or_else(|| {
                        malformed_at(
                            XML_FORMAT,
                            &s,
                            "the selection names no candidate, party or choice",
                        )
                    })?;
            let mut counts = Vec::new();
            let vcs = kids(s, &["VoteCounts"]).into_iter().chain(
                kids(s, &["VoteCountsCollection"])
                    .into_iter()
                    .flat_map(|v| kids(v, &["VoteCounts"])),
            );
            for vc in vcs {
                let unit = text_of(vc, "GpUnitId")
                    .ok_or_else(|| malformed_at(XML_FORMAT, &vc, "GpUnitId is missing"))?;
                let mut t = text_of(vc, "Type").unwrap_or_else(|| "total".into());
                if t == "other" {
                    t = text_of(vc, "OtherType").unwrap_or(t);
                }
                let n = xml_num(vc, "Count")?
                    .ok_or_else(|| malformed_at(XML_FORMAT, &vc, "Count is missing"))?;
                counts.push((unit, t, n));
            }
            contest.selections.push(Selection {
                id: sid,
                candidate_ids: cands,
                label,
                party,
                counts,
            });
        }
        r.contests.push(contest);
    }
    into_feed(r, FeedFormat::NistXml)
}

/// The first (English, where labelled) contact block of a person or candidate.
fn xml_contact(n: roxmltree::Node) -> Option<Contact> {
    let blocks = kids(n, &["ContactInformation"]);
    let c = blocks
        .iter()
        .find(|b| b.attribute("language").is_none_or(|l| l == "en"))
        .or(blocks.first())?;
    let all = |name: &'static str| -> Vec<String> {
        kids(*c, &[name])
            .iter()
            .filter_map(|x| x.text())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    };
    contact_from(all)
}

fn json_contact(v: &Value) -> Option<Contact> {
    let c = jarr(v, "ContactInformation").first()?;
    let strings = |key: &str| -> Vec<String> {
        match c.get(key) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().or_else(|| x.get("Content").and_then(Value::as_str)))
                .map(str::to_string)
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => vec![],
        }
    };
    contact_from(strings)
}

/// A contact block from `values(field)`, every value of one field in the block's order: the first
/// email and phone, the first https website (no other link is shown), every address line.
/// `None` when the block gives none of them.
fn contact_from(values: impl Fn(&'static str) -> Vec<String>) -> Option<Contact> {
    let contact = Contact {
        email: values("Email").into_iter().next(),
        phone: values("Phone").into_iter().next(),
        website: values("Uri").into_iter().find(|u| u.starts_with("https://")),
        address: values("AddressLine"),
    };
    (contact != Contact::default()).then_some(contact)
}

fn selection_label(
    r: &Report,
    candidate_ids: &[String],
    selection: Option<String>,
    party_ids: Option<String>,
) -> Option<(String, Option<String>)> {
    if !candidate_ids.is_empty() {
        let mut names = Vec::new();
        let mut party = None;
        for id in candidate_ids {
            let cand = r
                .candidates
                .get(id)
                .cloned()
                .unwrap_or(CandidateRec { ballot_name: id.clone(), ..Default::default() });
            names.push(cand.ballot_name);
            party = party.or(cand.party.and_then(|p| r.parties.get(&p).cloned()));
        }
        return Some((names.join(" / "), party));
    }
    if let Some(s) = selection {
        return Some((s, None));
    }
    let ids: Vec<String> = party_ids?.split_whitespace().map(str::to_string).collect();
    let names: Vec<String> =
        ids.iter().map(|p| r.parties.get(p).cloned().unwrap_or(p.clone())).collect();
    (!names.is_empty()).then(|| (names.join(" / "), None))
}

// ----------------------------------------------------------------------------------- JSON

fn jtext(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => {
            let texts = o.get("Text")?.as_array()?;
            let en = texts.iter().find(|t| t["Language"] == "en").or(texts.first())?;
            en["Content"].as_str().map(|s| s.trim().to_string())
        }
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn jarr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn jids(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        _ => vec![],
    }
}

fn jnum(v: &Value, key: &str, what: &str) -> Result<Option<u64>> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => x.as_u64().map(Some).ok_or_else(|| {
            Error::from(FeedError::Malformed {
                format: JSON_FORMAT,
                detail: format!("{what}: {key} is {x}, not a whole number of 0 or more"),
            })
        }),
    }
}

pub fn parse_json(doc: &Value) -> Result<ParsedFeed> {
    let malformed =
        |d: String| Error::from(FeedError::Malformed { format: JSON_FORMAT, detail: d });
    let mut r = Report {
        generated: doc.get("GeneratedDate").and_then(jtext).unwrap_or_default(),
        issuer: doc.get("Issuer").and_then(jtext).unwrap_or_default(),
        ..Default::default()
    };
    for p in jarr(doc, "Person") {
        let Some(id) = p["@id"].as_str() else { continue };
        let full_name = p.get("FullName").and_then(jtext);
        r.people.insert(
            id.to_string(),
            Person {
                full_name,
                profession: p.get("Profession").and_then(jtext),
                contact: json_contact(p),
            },
        );
    }
    for g in jarr(doc, "GpUnit") {
        if let Some(id) = g["@id"].as_str() {
            let name = g.get("Name").and_then(jtext).unwrap_or(id.to_string());
            if let Some(n) = jnum(g, "VotersRegistered", id)? {
                r.registered.insert(id.to_string(), n);
            }
            r.gp_units.insert(id.to_string(), name);
        }
    }
    for p in jarr(doc, "Party") {
        if let (Some(id), Some(name)) = (p["@id"].as_str(), p.get("Name").and_then(jtext)) {
            r.parties.insert(id.to_string(), name);
        }
    }
    let elections = jarr(doc, "Election");
    let election = elections.first().ok_or_else(|| malformed("there is no Election".into()))?;
    r.election_name = election.get("Name").and_then(jtext).unwrap_or_default();
    r.start_date = election.get("StartDate").and_then(jtext).unwrap_or_default();
    r.scope = election.get("ElectionScopeId").and_then(jtext);
    for b in jarr(election, "BallotCounts") {
        let total = b.get("Type").and_then(jtext).is_none_or(|t| t == "total");
        if total && b.get("GpUnitId").and_then(jtext) == r.scope {
            r.outstanding = jnum(b, "BallotsOutstanding", "BallotsOutstanding")?;
            r.ballots_cast = jnum(b, "BallotsCast", "BallotsCast")?;
        }
    }
    r.stable_id = jarr(election, "ExternalIdentifier")
        .iter()
        .find(|e| e["OtherType"] == "stable")
        .and_then(|e| e.get("Value").and_then(jtext));
    for c in jarr(election, "Candidate") {
        let Some(id) = c["@id"].as_str() else { continue };
        let name = c
            .get("BallotName")
            .and_then(jtext)
            .ok_or_else(|| malformed(format!("candidate {id} has no BallotName")))?;
        r.candidates.insert(
            id.to_string(),
            CandidateRec {
                ballot_name: name,
                party: c.get("PartyId").and_then(jtext),
                person: c.get("PersonId").and_then(jtext),
                contact: json_contact(c),
            },
        );
    }
    for c in jarr(election, "Contest") {
        let type_name = c["@type"].as_str().unwrap_or("");
        let (kind, raw_kind) = kind_and_raw(type_name);
        let id =
            c["@id"].as_str().ok_or_else(|| malformed("a contest has no @id".into()))?.to_string();
        let mut contest = Contest {
            name: c
                .get("Name")
                .and_then(jtext)
                .ok_or_else(|| malformed(format!("contest {id} has no Name")))?,
            kind,
            raw_kind,
            district: c.get("ElectionDistrictId").and_then(jtext),
            votes_allowed: jnum(c, "VotesAllowed", &id)?,
            sub_units_reported: jnum(c, "SubUnitsReported", &id)?,
            total_sub_units: jnum(c, "TotalSubUnits", &id)?,
            selections: vec![],
            id,
        };
        for s in jarr(c, "ContestSelection") {
            let sid = s["@id"]
                .as_str()
                .ok_or_else(|| malformed(format!("a selection in {} has no @id", contest.id)))?;
            let parties = jids(s, "PartyIds");
            let cands = jids(s, "CandidateIds");
            let (label, party) = selection_label(
                &r,
                &cands,
                s.get("Selection").and_then(jtext),
                (!parties.is_empty()).then(|| parties.join(" ")),
            )
            .ok_or_else(|| {
                malformed(format!("selection {sid} names no candidate, party or choice"))
            })?;
            let mut counts = Vec::new();
            for vc in jarr(s, "VoteCounts") {
                let unit = vc
                    .get("GpUnitId")
                    .and_then(jtext)
                    .ok_or_else(|| malformed(format!("{sid}: GpUnitId is missing")))?;
                let mut t = vc.get("Type").and_then(jtext).unwrap_or_else(|| "total".into());
                if t == "other" {
                    t = vc.get("OtherType").and_then(jtext).unwrap_or(t);
                }
                let n = jnum(vc, "Count", sid)?
                    .ok_or_else(|| malformed(format!("{sid}: Count is missing")))?;
                counts.push((unit, t, n));
            }
            contest.selections.push(Selection {
                id: sid.to_string(),
                candidate_ids: cands,
                label,
                party,
                counts,
            });
        }
        r.contests.push(contest);
    }
    into_feed(r, FeedFormat::NistJson)
}
