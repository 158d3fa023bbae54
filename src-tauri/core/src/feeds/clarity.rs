//! Clarity (Scytl) Election Night Reporting "detail XML", as served by hundreds of US counties
//! and several states, and the `detailxml.zip` that wraps it.
//!
//! Identity: the file carries no election id, so the election is `clarity-<region>-<date>`;
//! contests and choices carry a `key` that Clarity keeps stable through a count, and ids hash
//! that key with the text (see `crate::ids`).
//!
//! One file past 500 lines on purpose: the reader is a single streaming pass whose nested loops
//! share one cursor, one element stack and one line counter; split, each part would need them
//! all, and the limits (depth, element count) would be checked in more than one place.

use std::borrow::Cow;
use std::io::Read;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};

use super::xml;
use super::{
    AreaStatus, Detail, FeedFormat, ParsedChoice, ParsedContest, ParsedFeed, MAX_FEED_BYTES,
};
use crate::error::{Error, FeedError, Result};
use crate::ids::{first_repeat, slug};
use crate::model::{ContestKind, Election, Reporting};
use crate::{ids, names};

const FORMAT: &str = "Clarity ENR detail XML";

fn malformed(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: FORMAT, detail: detail.into() })
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
    // A zip bomb says what it is in its directory: refused before a byte is inflated. A zip that
    // lies about it is still stopped at the limit while inflating, below.
    if file.size() > MAX_FEED_BYTES as u64 {
        return Err(malformed(format!(
            "{name} would unpack to {} bytes, more than the limit of {MAX_FEED_BYTES}",
            file.size()
        )));
    }
    let mut xml = Vec::new();
    file.take(MAX_FEED_BYTES as u64 + 1)
        .read_to_end(&mut xml)
        .map_err(|e| malformed(format!("{name} could not be unpacked: {e}")))?;
    if xml.len() > MAX_FEED_BYTES {
        return Err(malformed(format!("{name} unpacks to more than {MAX_FEED_BYTES} bytes")));
    }
    parse(&xml)
}

/// Where a streamed element starts (a byte offset), turned into a line only for an error.
#[derive(Clone, Copy)]
struct At {
    pos: usize,
}

/// One pass over the file, reading it as a stream of events (quick-xml) rather than building a
/// tree: the file is read once, nothing but the model is allocated, and the nesting and size
/// limits are counted as it goes. quick-xml never expands entities beyond the five predefined
/// ones and character references, and a DTD is refused outright.
struct Stream<'a> {
    text: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    depth: usize,
    nodes: u32,
    /// Whether the element last opened has no `&` in it, so nothing in it needs unescaping.
    /// `Attrs::of` is only ever called on the element `child` has just returned.
    plain: bool,
    /// The first `&` of the file at or after the start of the element or text read last
    /// (`usize::MAX`: none). Events come in the file's order, so the file is searched for `&`
    /// once from end to end; asking each element's bytes was a tenth of a county file's parse.
    amp: usize,
    /// Area and vote-type names, one copy each however many figures name them.
    shared: foldhash::HashSet<Arc<str>>,
    /// The area names of the vote type read last, in order. Every vote type of every choice
    /// lists the same areas in the same order, so the name at the same place is nearly always
    /// the one wanted, and taking it saves hashing the name (about a tenth of a parse of a
    /// state's counties).
    areas: Vec<Arc<str>>,
}

impl<'a> Stream<'a> {
    fn line(&self, at: At) -> usize {
        let bytes = self.text.as_bytes();
        // The reader passes over whitespace between elements without an event (`trim_text`),
        // so an element's recorded start can be the whitespace before it.
        let start = at.pos.min(bytes.len());
        let skipped = bytes[start..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        bytes[..start + skipped].iter().filter(|&&b| b == b'\n').count() + 1
    }

    /// The text of the file that `bytes` is a slice of, or `None` if it is not one (a value
    /// quick-xml had to copy). Safe code: the slice's place is found from its address, and
    /// `str::get` checks the bounds.
    fn text_at(&self, bytes: &[u8]) -> Option<&'a str> {
        let start = self.offset_of(bytes)?;
        self.text.get(start..start + bytes.len())
    }

    /// Where `bytes` starts in the file, if it is a slice of it.
    fn offset_of(&self, bytes: &[u8]) -> Option<usize> {
        (bytes.as_ptr() as usize)
            .checked_sub(self.text.as_ptr() as usize)
            .filter(|s| s.checked_add(bytes.len()).is_some_and(|end| end <= self.text.len()))
    }

    /// Whether `bytes`, a slice of the file no earlier than the last one asked about, holds a
    /// `&`. A value quick-xml copied is searched itself.
    fn has_amp(&mut self, bytes: &[u8]) -> bool {
        let Some(start) = self.offset_of(bytes) else {
            return memchr::memchr(b'&', bytes).is_some();
        };
        if self.amp < start {
            let rest = &self.text.as_bytes()[start..];
            self.amp = memchr::memchr(b'&', rest).map_or(usize::MAX, |i| start + i);
        }
        self.amp < start + bytes.len()
    }

    /// One copy of an area or vote type name.
    fn shared(&mut self, name: &str) -> Arc<str> {
        if let Some(name) = self.shared.get(name) {
            return Arc::clone(name);
        }
        let name: Arc<str> = name.into();
        self.shared.insert(Arc::clone(&name));
        name
    }

    /// The `at`-th area of a vote type: the name the last vote type had there if it is the
    /// same, else the one shared copy.
    fn area(&mut self, at: usize, name: &str) -> Arc<str> {
        if let Some(known) = self.areas.get(at).filter(|k| ***k == *name) {
            return Arc::clone(known);
        }
        let name = self.shared(name);
        self.areas.truncate(at);
        self.areas.push(Arc::clone(&name));
        name
    }

    fn error_at(&self, at: At, element: &str, what: &str) -> Error {
        malformed(format!("<{element}> on line {}: {what}", self.line(at)))
    }

    fn not_well_formed(&self, what: impl std::fmt::Display) -> Error {
        let at = At { pos: self.reader.error_position() as usize };
        malformed(format!("not well-formed XML: {what} (line {})", self.line(at)))
    }

    /// The next event that matters (elements, their text), with where it started.
    fn next(&mut self) -> Result<(At, Event<'a>)> {
        loop {
            let at = At { pos: self.reader.buffer_position() as usize };
            let event = self.reader.read_event().map_err(|e| self.not_well_formed(e))?;
            match &event {
                Event::DocType(_) => {
                    return Err(malformed(
                        "it declares a DTD, which Tallyroom refuses (DTDs allow entity expansion)",
                    ))
                }
                Event::Start(e) | Event::Empty(e) => {
                    // Entities must resolve in every element, read or not; `Attrs::of` checks
                    // the rest of an element that is read.
                    self.plain = !self.has_amp(e);
                    if !self.plain {
                        for a in e.attributes() {
                            let a = a.map_err(|err| self.not_well_formed(err))?;
                            a.unescape_value().map_err(|err| self.not_well_formed(err))?;
                        }
                    }
                    self.nodes += 1;
                    if self.nodes > xml::MAX_NODES {
                        return Err(malformed(format!(
                            "more than {} elements, over the limit",
                            xml::MAX_NODES
                        )));
                    }
                    if matches!(event, Event::Start(_)) {
                        self.depth += 1;
                        if self.depth > xml::MAX_DEPTH {
                            let name =
                                String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                            return Err(self.error_at(
                                at,
                                &name,
                                &format!("nesting deeper than {} levels", xml::MAX_DEPTH),
                            ));
                        }
                    }
                }
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                // Text is unescaped only where it is read; elsewhere it is still checked.
                Event::Text(t) if self.has_amp(t) => {
                    t.unescape().map_err(|err| self.not_well_formed(err))?;
                }
                Event::Eof if self.depth > 0 => {
                    return Err(self.not_well_formed("the file ends inside an open element"))
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) => continue,
                _ => {}
            }
            return Ok((at, event));
        }
    }

    /// Reads to the end of the element just opened, keeping its text (for the few elements whose
    /// content is a value) and skipping anything nested in it.
    fn text_of(&mut self) -> Result<String> {
        let mut out = String::new();
        let depth = self.depth;
        loop {
            let (_, event) = self.next()?;
            match event {
                Event::Text(t) if self.depth == depth => {
                    out.push_str(&t.unescape().map_err(|e| self.not_well_formed(e))?)
                }
                Event::CData(t) if self.depth == depth => {
                    out.push_str(&String::from_utf8_lossy(&t.into_inner()))
                }
                Event::End(_) if self.depth < depth => return Ok(out.trim().to_string()),
                Event::Eof => return Err(self.not_well_formed("the file ends early")),
                _ => {}
            }
        }
    }

    /// Skips to the end of the element just opened.
    fn skip(&mut self) -> Result<()> {
        let depth = self.depth;
        loop {
            match self.next()?.1 {
                Event::End(_) if self.depth < depth => return Ok(()),
                Event::Eof => return Err(self.not_well_formed("the file ends early")),
                _ => {}
            }
        }
    }

    /// The next child element of the element open at `depth` (its start, and whether it is
    /// empty, `<X/>`), or `None` at that element's end. Text and other events are passed over;
    /// `next` has checked them.
    fn child(&mut self, depth: usize) -> Result<Option<(At, BytesStart<'a>, bool)>> {
        loop {
            match self.next()? {
                (_, Event::End(_)) if self.depth < depth => return Ok(None),
                (at, Event::Start(e)) => return Ok(Some((at, e, false))),
                (at, Event::Empty(e)) => return Ok(Some((at, e, true))),
                (_, Event::Eof) => return Err(self.not_well_formed("the file ends early")),
                _ => {}
            }
        }
    }
}

/// The attributes of one element that is read, of those it is read for: checked (well-formed, no
/// duplicates) and, for the names asked, unescaped in the same pass; values borrow from the file
/// where they can. Attributes not asked for are not decoded: the whole file is already valid
/// UTF-8, and `Stream::next` has checked that their entities resolve. A county's line carries
/// seven attributes and is read for three, and decoding all of them was a tenth of the parse.
struct Attrs<'b, const N: usize> {
    element: &'static str,
    at: At,
    names: [&'static str; N],
    values: [Option<Cow<'b, str>>; N],
}

impl<'b, const N: usize> Attrs<'b, N> {
    fn of<'a: 'b>(
        s: &Stream<'a>,
        e: &'b BytesStart<'b>,
        element: &'static str,
        at: At,
        names: [&'static str; N],
    ) -> Result<Self> {
        let mut values = std::array::from_fn(|_| None);
        // With no `&` in the element there is nothing to unescape, and a value is the file's own
        // text: found by where it lies in the file rather than checked as UTF-8 again.
        let plain = s.plain;
        debug_assert_eq!(plain, !e.contains(&b'&'), "Attrs::of on an element not just read");
        // A repeated attribute is refused here rather than by quick-xml, whose check keeps a
        // list on the heap for every element: up to 16 keys are kept on the stack.
        let mut few: [&[u8]; 16] = [&[]; 16];
        let mut many: Vec<&[u8]> = Vec::new();
        let mut attributes = e.attributes();
        attributes.with_checks(false);
        for (n, a) in attributes.enumerate() {
            let a = a.map_err(|err| s.not_well_formed(err))?;
            let qname = a.key.into_inner();
            if few[..n.min(few.len())].contains(&qname) || many.contains(&qname) {
                return Err(malformed(format!(
                    "not well-formed XML: <{element}> on line {}: the attribute {} appears twice",
                    s.line(at),
                    String::from_utf8_lossy(qname)
                )));
            }
            match few.get_mut(n) {
                Some(slot) => *slot = qname,
                None => many.push(qname),
            }
            let key = a.key.local_name().into_inner();
            if let Some(i) = names.iter().position(|n| n.as_bytes() == key) {
                let value = match (plain, &a.value) {
                    (true, Cow::Borrowed(v)) => s.text_at(v).map(Cow::Borrowed),
                    _ => None,
                };
                values[i] = Some(match value {
                    Some(v) => v,
                    None => a.unescape_value().map_err(|err| s.not_well_formed(err))?,
                });
            }
        }
        Ok(Attrs { element, at, names, values })
    }

    fn get(&self, name: &str) -> Option<Cow<'b, str>> {
        let i = self.names.iter().position(|n| *n == name);
        debug_assert!(i.is_some(), "<{}> is not read for {name}", self.element);
        i.and_then(|i| self.values[i].clone())
    }

    fn missing(&self, s: &Stream, name: &str) -> Error {
        s.error_at(self.at, self.element, &format!("the attribute {name} is missing"))
    }

    fn need(&self, s: &Stream, name: &str) -> Result<Cow<'b, str>> {
        self.get(name).ok_or_else(|| self.missing(s, name))
    }

    fn num(&self, s: &Stream, name: &str) -> Result<Option<u64>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
                s.error_at(
                    self.at,
                    self.element,
                    &format!("{name}=\"{v}\" is not a whole number of 0 or more"),
                )
            }),
        }
    }

    fn need_num(&self, s: &Stream, name: &str) -> Result<u64> {
        self.num(s, name)?.ok_or_else(|| self.missing(s, name))
    }
}

/// A contest as read, before its ids can be made (they need the region and date, which the
/// file may give after its contests).
struct RawContest {
    at: At,
    key: String,
    text: String,
    kind: ContestKind,
    vote_for: u32,
    reporting: Reporting,
    area_kind: Option<String>,
    areas: Vec<AreaStatus>,
    choices: Vec<(At, String, ParsedChoice)>,
}

fn read_contest<'a>(
    s: &mut Stream<'a>,
    e: &BytesStart<'a>,
    at: At,
    empty: bool,
) -> Result<RawContest> {
    let a = Attrs::of(
        s,
        e,
        "Contest",
        at,
        [
            "key",
            "text",
            "isQuestion",
            "voteFor",
            "precinctsReported",
            "precinctsParticipating",
            "countiesReported",
            "countiesParticipating",
        ],
    )?;
    let mut contest = RawContest {
        at,
        key: a.get("key").unwrap_or_default().into_owned(),
        text: a.need(s, "text")?.into_owned(),
        kind: if a.get("isQuestion").as_deref() == Some("true") {
            ContestKind::Measure
        } else {
            ContestKind::Candidate
        },
        vote_for: a.num(s, "voteFor")?.and_then(|n| u32::try_from(n).ok()).unwrap_or(1).max(1),
        reporting: Reporting {
            precincts_reported: small(a.num(s, "precinctsReported")?),
            precincts_total: small(a.num(s, "precinctsParticipating")?),
            counties_reported: small(a.num(s, "countiesReported")?),
            counties_total: small(a.num(s, "countiesParticipating")?),
            ballots_cast: None,
        },
        area_kind: None,
        areas: Vec::new(),
        choices: Vec::new(),
    };
    if empty {
        return Ok(contest);
    }
    let depth = s.depth;
    while let Some((at, e, empty)) = s.child(depth)? {
        match e.local_name().as_ref() {
            b"ParticipatingCounties" if !empty => {
                read_areas(s, &mut contest.areas)?;
            }
            b"Choice" => {
                let last = contest.choices.last().map_or(0, |(_, _, c)| c.details.len());
                let choice = read_choice(s, &e, at, empty, last, &mut contest.area_kind)?;
                contest.choices.push(choice);
            }
            _ if !empty => s.skip()?,
            _ => {}
        }
    }
    Ok(contest)
}

/// `<ElectionVoterTurnout totalVoters ballotsCast>` and its `<Counties><County …/>`: registered
/// voters and ballots cast, for the election and each county. The feed's own `voterTurnout`
/// percentage is not kept: it is worked out from the two counts.
fn read_turnout<'a>(
    s: &mut Stream<'a>,
    e: &BytesStart<'a>,
    at: At,
    empty: bool,
) -> Result<crate::model::Turnout> {
    let a = Attrs::of(s, e, "ElectionVoterTurnout", at, ["ballotsCast", "totalVoters"])?;
    let mut turnout = crate::model::Turnout {
        ballots_cast: a.num(s, "ballotsCast")?,
        registered: a.num(s, "totalVoters")?,
        areas: Vec::new(),
    };
    if empty {
        return Ok(turnout);
    }
    let depth = s.depth;
    while let Some((_, e, empty)) = s.child(depth)? {
        if e.local_name().as_ref() != b"Counties" || empty {
            if !empty {
                s.skip()?;
            }
            continue;
        }
        let counties = s.depth;
        while let Some((at, c, empty)) = s.child(counties)? {
            if c.local_name().as_ref() == b"County" {
                let a = Attrs::of(s, &c, "County", at, ["name", "ballotsCast", "totalVoters"])?;
                turnout.areas.push(crate::model::AreaTurnout {
                    name: a.need(s, "name")?.into_owned(),
                    ballots_cast: a.num(s, "ballotsCast")?,
                    registered: a.num(s, "totalVoters")?,
                });
            }
            if !empty {
                s.skip()?;
            }
        }
    }
    Ok(turnout)
}

fn read_areas(s: &mut Stream, areas: &mut Vec<AreaStatus>) -> Result<()> {
    let depth = s.depth;
    while let Some((at, e, empty)) = s.child(depth)? {
        if e.local_name().as_ref() == b"County" {
            let a = Attrs::of(
                s,
                &e,
                "County",
                at,
                ["name", "precinctsReported", "precinctsParticipating"],
            )?;
            areas.push(AreaStatus {
                name: a.need(s, "name")?.to_string(),
                precincts_reported: small(a.num(s, "precinctsReported")?),
                precincts_total: small(a.num(s, "precinctsParticipating")?),
            });
        }
        if !empty {
            s.skip()?;
        }
    }
    Ok(())
}

fn read_choice<'a>(
    s: &mut Stream<'a>,
    e: &BytesStart<'a>,
    at: At,
    empty: bool,
    last: usize,
    area_kind: &mut Option<String>,
) -> Result<(At, String, ParsedChoice)> {
    let a = Attrs::of(s, e, "Choice", at, ["text", "key", "totalVotes", "party"])?;
    let text = a.need(s, "text")?.into_owned();
    let key = a.get("key").unwrap_or_default().into_owned();
    let votes = a.need_num(s, "totalVotes")?;
    let mut choice = ParsedChoice {
        id: String::new(),
        name: names::person_name(&text),
        raw_name: text,
        party: a.get("party").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
        votes: Some(votes),
        // A contest's choices are broken down by the same areas and vote types: the last
        // choice's list sizes this one's once, rather than by doubling (five copies for a
        // state's 55 counties).
        details: Vec::with_capacity(last),
    };
    if empty {
        return Ok((at, key, choice));
    }
    let depth = s.depth;
    while let Some((vt_at, e, empty)) = s.child(depth)? {
        if e.local_name().as_ref() != b"VoteType" {
            if !empty {
                s.skip()?;
            }
            continue;
        }
        let vt = Attrs::of(s, &e, "VoteType", vt_at, ["name", "votes"])?;
        let vt_name = s.shared(&vt.need(s, "name")?);
        let vt_votes = vt.need_num(s, "votes")?;
        choice.details.push(Detail {
            area: None,
            vote_type: Some(Arc::clone(&vt_name)),
            votes: vt_votes,
        });
        if empty {
            continue;
        }
        let vt_depth = s.depth;
        let mut n = 0;
        while let Some((area_at, e, empty)) = s.child(vt_depth)? {
            let (kind, element) = match e.local_name().as_ref() {
                b"County" => ("county", "County"),
                b"Precinct" => ("precinct", "Precinct"),
                _ => {
                    if !empty {
                        s.skip()?;
                    }
                    continue;
                }
            };
            area_kind.get_or_insert_with(|| kind.to_string());
            let area = Attrs::of(s, &e, element, area_at, ["name", "votes"])?;
            choice.details.push(Detail {
                area: Some(s.area(n, &area.need(s, "name")?)),
                vote_type: Some(Arc::clone(&vt_name)),
                votes: area.need_num(s, "votes")?,
            });
            n += 1;
            if !empty {
                s.skip()?;
            }
        }
    }
    Ok((at, key, choice))
}

pub fn parse(bytes: &[u8]) -> Result<ParsedFeed> {
    let text = xml::to_str(FORMAT, bytes)?;
    let mut reader = quick_xml::Reader::from_str(text);
    // Whitespace between elements is not an event at all; the few values read are trimmed anyway.
    reader.config_mut().trim_text(true);
    let mut s = Stream {
        text,
        reader,
        depth: 0,
        nodes: 0,
        plain: false,
        amp: memchr::memchr(b'&', text.as_bytes()).unwrap_or(usize::MAX),
        shared: Default::default(),
        areas: Vec::new(),
    };
    // The root element.
    let root_empty = loop {
        match s.next()? {
            (at, Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() != b"ElectionResult" =>
            {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                return Err(s.error_at(at, &name, "expected <ElectionResult> as the root"));
            }
            (_, Event::Start(_)) => break false,
            (_, Event::Empty(_)) => break true,
            (_, Event::Eof) => return Err(s.not_well_formed("there is no root element")),
            (_, Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            (_, _) => return Err(s.not_well_formed("text outside the root element")),
        }
    };
    let mut meta: [Option<String>; 4] = Default::default();
    const META: [&[u8]; 4] = [b"Timestamp", b"ElectionName", b"ElectionDate", b"Region"];
    let mut raw_contests = Vec::new();
    let mut turnout = None;
    if !root_empty {
        while let Some((at, e, empty)) = s.child(1)? {
            let name = e.local_name();
            if let Some(i) = META.iter().position(|m| *m == name.as_ref()) {
                let value = if empty { String::new() } else { s.text_of()? };
                meta[i].get_or_insert(value);
            } else if name.as_ref() == b"Contest" {
                raw_contests.push(read_contest(&mut s, &e, at, empty)?);
            } else if name.as_ref() == b"ElectionVoterTurnout" {
                turnout = Some(read_turnout(&mut s, &e, at, empty)?);
            } else if !empty {
                s.skip()?;
            }
        }
    }
    // Nothing but whitespace and comments may follow the root.
    loop {
        match s.next()? {
            (_, Event::Eof) => break,
            (_, Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            _ => return Err(s.not_well_formed("content after the root element")),
        }
    }

    let [timestamp, name, date, region] = meta;
    let need = |value: Option<String>, name: &str| {
        value
            .filter(|t| !t.is_empty())
            .ok_or_else(|| malformed(format!("<{name}> is missing or empty")))
    };
    let raw_ts = need(timestamp, "Timestamp")?;
    let timestamp = iso_timestamp(&raw_ts)
        .ok_or_else(|| malformed(format!("<Timestamp> \"{raw_ts}\" is not a date and time")))?;
    let name = need(name, "ElectionName")?;
    let raw_date = need(date, "ElectionDate")?;
    let date = iso_date(&raw_date)
        .ok_or_else(|| malformed(format!("<ElectionDate> \"{raw_date}\" is not a date")))?;
    let region = region.unwrap_or_default();
    let election_id = ids::election_id("clarity", &format!("{}-{date}", slug(&region)));

    let mut contests = Vec::with_capacity(raw_contests.len());
    let mut places = Vec::with_capacity(raw_contests.len());
    for c in raw_contests {
        let id = ids::contest_id(&election_id, &c.key, &c.text);
        let mut choices = Vec::with_capacity(c.choices.len());
        let mut choice_places = Vec::with_capacity(c.choices.len());
        for (at, key, mut ch) in c.choices {
            ch.id = ids::choice_id(&id, &format!("{key}\u{1f}{}", ch.raw_name));
            choices.push(ch);
            choice_places.push(at);
        }
        if let Some(i) = first_repeat(choices.iter().map(|ch| ch.id.as_str())) {
            let what = format!("choice \"{}\" appears twice", choices[i].raw_name);
            return Err(s.error_at(choice_places[i], "Choice", &what));
        }
        places.push(c.at);
        let title = names::title_case(&c.text);
        contests.push(ParsedContest {
            id,
            group: region.clone(),
            office: title.clone(),
            jurisdiction: region.clone(),
            level: names::level(&region, &c.text, c.kind),
            raw_title: c.text,
            title,
            kind: c.kind,
            vote_for: c.vote_for,
            pass_rule: None,
            measure_text: None,
            reporting: c.reporting,
            area_kind: c.area_kind,
            areas: c.areas,
            choices,
            rounds: None,
            raw_kind: None,
        });
    }
    if let Some(i) = first_repeat(contests.iter().map(|c| c.id.as_str())) {
        let what = format!("contest \"{}\" appears twice", contests[i].raw_title);
        return Err(s.error_at(places[i], "Contest", &what));
    }
    if contests.is_empty() {
        return Err(malformed("the file has no <Contest>"));
    }
    Ok(ParsedFeed {
        format: FeedFormat::Clarity,
        election: Election { id: election_id, title: name, date },
        feed_timestamp: timestamp,
        contests,
        profiles: vec![],
        ballots_outstanding: None,
        turnout,
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
