#!/usr/bin/env python3
"""Builds the malformed-input corpus from the real files. Run from this folder:
    python3 make_corpus.py
Each case is written as a file, and EXPECTED.tsv lists: file, the error code the core must give,
and a phrase its message must contain. The Rust test `bad_inputs` reads that table.
"""
import copy, gzip, io, json, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
FULL_LA = json.loads(open(os.path.join(ROOT, "data/lavote/4300_20221109T033519.json"), "rb").read())
# The real file cut to its first three contest groups keeps the corpus small; the structure and
# the figures are the county's.
FULL_LA["Election"]["ContestGroups"] = FULL_LA["Election"]["ContestGroups"][:3]
LA = json.dumps(FULL_LA, indent=1).encode()
WV = open(os.path.join(ROOT, "tests/data/clarity/wv_counties_2020-11-03.xml"), "rb").read()
NIST = open(os.path.join(ROOT, "tests/data/nist-cdf/post_election_sample_feed_summary.xml"), "rb").read()
MAINE = open(os.path.join(ROOT, "tests/data/rcv/2018_maine_governor_primary_report.json"), "rb").read()
MAINE_CSV = open(os.path.join(ROOT, "tests/data/rcv/2018_maine_governor_primary_report.csv"), "rb").read()
NISTJ = open(os.path.join(ROOT, "tests/data/nist-cdf/post_election_sample_feed_summary.json"), "rb").read()

cases = []


def case(name, data, code, phrase):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    cases.append((name, code, phrase))


def la(mutate):
    doc = json.loads(LA)
    mutate(doc)
    return json.dumps(doc).encode()


def first_contest(doc):
    return doc["Election"]["ContestGroups"][0]["Contests"][0]


def set_path(d, path, value):
    for p in path[:-1]:
        d = d[p]
    d[path[-1]] = value


# --- empty and not-a-feed
case("empty.json", b"", "empty_feed", "empty")
case("whitespace.json", b" \n\t \r\n", "empty_feed", "empty")
case("bom-only.json", b"\xef\xbb\xbf", "empty_feed", "empty")
case("html-error-page.json", b"<!DOCTYPE html><html><head><title>503</title></head><body>Service Unavailable</body></html>", "unknown_format", "HTML")
case("html-lowercase.txt", b"<html><body>Bad Gateway</body></html>", "unknown_format", "HTML")
case("plain-text.txt", b"Results are not available yet. Please try again later.", "unknown_format", "not a results feed")
case("png-header.bin", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "unknown_format", "not a results feed")
case("gzip-bytes.bin", gzip.compress(LA), "unknown_format", "not a results feed")
case("json-array.json", b"[1, 2, 3]", "unknown_format", "not a results feed")
case("json-number.json", b"42", "unknown_format", "not a results feed")
case("unknown-xml-root.xml", b"<?xml version='1.0'?><Ballots><Ballot/></Ballots>", "unknown_format", "root element is <Ballots>")
case("xml-no-root.xml", b"<?xml version='1.0'?><!-- nothing here -->", "unknown_format", "no root element")

# --- LA County JSON: truncations
for frac in (0.1, 0.5, 0.9, 0.999):
    case(f"la-truncated-{int(frac*1000)}.json", LA[: int(len(LA) * frac)], "malformed_feed", "not valid JSON")
case("la-invalid-utf8.json", LA.replace(b"NATHAN HOCHMAN", b"NATHAN \xff\xfe HOCHMAN"), "malformed_feed", "not valid JSON")
case("la-trailing-garbage.json", LA + b"}}}", "malformed_feed", "not valid JSON")

# --- LA County JSON: wrong types, missing fields
case("la-no-election.json", b'{"Timestamp": "2022-11-09T03:35:19"}', "malformed_feed", "Election")
case("la-no-timestamp.json", la(lambda d: d.pop("Timestamp")), "malformed_feed", "Timestamp")
case("la-empty-timestamp.json", la(lambda d: d.__setitem__("Timestamp", " ")), "malformed_feed", "Timestamp is empty")
case("la-no-groups.json", la(lambda d: d["Election"].pop("ContestGroups")), "malformed_feed", "ContestGroups")
case("la-groups-not-array.json", la(lambda d: d["Election"].__setitem__("ContestGroups", {"a": 1})), "malformed_feed", "invalid type")
case("la-id-null.json", la(lambda d: d["Election"].__setitem__("ID", None)), "malformed_feed", "ID")
case("la-id-empty.json", la(lambda d: d["Election"].__setitem__("ID", "")), "malformed_feed", "empty ID")
case("la-title-number.json", la(lambda d: d["Election"].__setitem__("Title", 7)), "malformed_feed", "invalid type")
case("la-contest-no-title.json", la(lambda d: first_contest(d).pop("Title")), "malformed_feed", "Title")
case("la-contest-empty-title.json", la(lambda d: first_contest(d).__setitem__("Title", "  ")), "malformed_feed", "has no title")
case("la-contest-no-type.json", la(lambda d: first_contest(d).pop("Type")), "malformed_feed", "Type")
case("la-candidates-null.json", la(lambda d: first_contest(d).__setitem__("Candidates", None)), "malformed_feed", "invalid type")
case("la-candidate-no-name.json", la(lambda d: first_contest(d)["Candidates"][0].pop("Name")), "malformed_feed", "Name")
case("la-candidate-no-votes.json", la(lambda d: first_contest(d)["Candidates"][0].pop("Votes")), "malformed_feed", "Votes")

# --- LA County JSON: bad counts
for name, value, phrase in [
    ("negative", -5, "-5"),
    ("overflow", 2**70, "expected u64"),
    ("float", 12.5, "12.5"),
    ("string", "240194", "invalid type: string"),
    ("null", None, "invalid type: null"),
    ("bool", True, "invalid type: boolean"),
    ("huge-exponent", 1e300, "invalid type: floating point"),
]:
    case(f"la-votes-{name}.json", la(lambda d, v=value: first_contest(d)["Candidates"][0].__setitem__("Votes", v)), "malformed_feed", phrase)

# --- LA County JSON: duplicates
case("la-duplicate-contest.json", la(lambda d: d["Election"]["ContestGroups"][0]["Contests"].append(copy.deepcopy(first_contest(d)))), "malformed_feed", "appears twice")
case("la-duplicate-choice.json", la(lambda d: first_contest(d)["Candidates"].append(copy.deepcopy(first_contest(d)["Candidates"][0]))), "malformed_feed", "appears twice")

# --- deep nesting
case("deep-json.json", b'{"Election": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "malformed_feed", "recursion limit")
case("deep-xml.xml", b"<ElectionResult>" + b"<a>" * 100 + b"</a>" * 100 + b"</ElectionResult>", "malformed_feed", "nesting deeper than 64")
case("deep-xml-huge.xml", b"<ElectionResult>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</ElectionResult>", "malformed_feed", "XML")

# --- Clarity XML
case("clarity-truncated.xml", WV[: len(WV) // 2], "malformed_feed", "not well-formed")
case("clarity-dtd.xml", b'<?xml version="1.0"?><!DOCTYPE ElectionResult [<!ENTITY a "x">]><ElectionResult/>', "malformed_feed", "DTD")
case("clarity-billion-laughs.xml", b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><ElectionResult>&lol3;</ElectionResult>', "malformed_feed", "DTD")
case("clarity-external-entity.xml", b'<?xml version="1.0"?><!DOCTYPE ElectionResult [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ElectionResult>&xxe;</ElectionResult>', "malformed_feed", "DTD")
case("clarity-undefined-entity.xml", WV.replace(b"<ElectionName>", b"<ElectionName>&nope;", 1), "malformed_feed", "not well-formed")
case("clarity-invalid-utf8.xml", WV.replace(b"DONALD J. TRUMP", b"DONALD \xc3\x28 TRUMP"), "malformed_feed", "not valid UTF-8")
case("clarity-no-timestamp.xml", WV.replace(b"<Timestamp>11/30/2020 8:18:00 AM EST</Timestamp>", b""), "malformed_feed", "<Timestamp> is missing")
case("clarity-bad-timestamp.xml", WV.replace(b"11/30/2020 8:18:00 AM EST", b"yesterday evening"), "malformed_feed", "is not a date and time")
case("clarity-bad-date.xml", WV.replace(b"<ElectionDate>11/3/2020</ElectionDate>", b"<ElectionDate>13/45/2020</ElectionDate>"), "malformed_feed", "is not a date")
case("clarity-negative-votes.xml", WV.replace(b'totalVotes="545382"', b'totalVotes="-545382"'), "malformed_feed", "is not a whole number")
case("clarity-overflow-votes.xml", WV.replace(b'totalVotes="545382"', b'totalVotes="99999999999999999999999"'), "malformed_feed", "is not a whole number")
case("clarity-text-votes.xml", WV.replace(b'totalVotes="545382"', b'totalVotes="many"'), "malformed_feed", "totalVotes=\"many\"")
case("clarity-missing-total.xml", WV.replace(b' totalVotes="545382"', b""), "malformed_feed", "totalVotes is missing")
case("clarity-choice-no-text.xml", WV.replace(b'text="DONALD J. TRUMP" ', b""), "malformed_feed", "the attribute text is missing")
case("clarity-duplicate-choice.xml", WV.replace(b'key="002" text="JOSEPH R. BIDEN"', b'key="001" text="DONALD J. TRUMP"'), "malformed_feed", "appears twice")
case("clarity-no-contests.xml", b"<ElectionResult><Timestamp>11/30/2020 8:18:00 AM EST</Timestamp><ElectionName>X</ElectionName><ElectionDate>11/3/2020</ElectionDate></ElectionResult>", "malformed_feed", "no <Contest>")
case("clarity-bad-zip.zip", b"PK\x03\x04" + b"\x00" * 40, "malformed_feed", "could not be read")

# A zip bomb as a Clarity site's detailxml.zip: 300 MiB of zeros in a few hundred KB.
bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("detail.xml", b"\0" * (300 * 1024 * 1024))
case("clarity-zip-bomb.zip", bomb.getvalue(), "malformed_feed", "would unpack to 314572800 bytes")

# --- NIST
case("nist-truncated.xml", NIST[: len(NIST) // 3], "malformed_feed", "not well-formed")
case("nist-no-election.xml", b"<ElectionReport><GeneratedDate>2013-11-05T14:25:28</GeneratedDate></ElectionReport>", "malformed_feed", "there is no <Election>")
case("nist-negative-count.xml", NIST.replace(b"<Count>3394</Count>", b"<Count>-3394</Count>", 1), "malformed_feed", "is not a whole number")
nj = json.loads(NISTJ)
nj["Election"][0]["Contest"][0]["ContestSelection"][0]["VoteCounts"][0]["Count"] = -1
case("nist-negative-count.json", json.dumps(nj), "malformed_feed", "not a whole number")
nj = json.loads(NISTJ)
nj["Election"] = []
case("nist-no-election.json", json.dumps(nj), "malformed_feed", "there is no Election")
case("nist-truncated.json", NISTJ[: len(NISTJ) // 2], "malformed_feed", "not valid JSON")

# --- RCTab ranked-choice reports
mj = json.loads(MAINE)
mj["results"][2]["round"] = 4
case("rctab-round-skipped.json", json.dumps(mj), "malformed_feed", "round 3 is missing")
mj = json.loads(MAINE)
mj["results"][1]["tally"]["Mills, Janet T."] = "44,042 votes"
case("rctab-tally-not-number.json", json.dumps(mj), "malformed_feed", "round 2, the tally of \"Mills, Janet T.\"")
mj = json.loads(MAINE)
mj["results"][2]["tallyResults"][0]["transfers"]["Mills, Janet"] = "13442"
case("rctab-transfer-unknown.json", json.dumps(mj), "malformed_feed", "round 3: a transfer to names \"Mills, Janet\"")
case("rctab-round-skipped.csv", MAINE_CSV.replace(b"Round 3 Votes", b"Round 4 Votes", 1), "malformed_feed", "round 3 is missing")
case("rctab-tally-not-number.csv", MAINE_CSV.replace(b'"Cote, Adam Roland",35478', b'"Cote, Adam Roland",n/a', 1), "malformed_feed", "round 1, the votes of \"Cote, Adam Roland\"")
case("rctab-no-rounds.json", json.dumps({"config": {"contest": "X"}, "results": []}), "malformed_feed", "no rounds")
case("cvr-without-rules.json", json.dumps({"@type": "CVR.CastVoteRecordReport", "CVR": []}), "unknown_format", "--rcv-config")

with open(os.path.join(HERE, "EXPECTED.tsv"), "w") as f:
    f.write("# file\tcode\tphrase the message must contain\n")
    for name, code, phrase in cases:
        f.write(f"{name}\t{code}\t{phrase}\n")
print(len(cases), "cases")
