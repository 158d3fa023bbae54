#!/usr/bin/env python3
"""Converts the NIST CDF v2 XML sample into the v2 JSON form, so the JSON reader is tested on the
same real figures as the XML one. Run: python3 xml_to_json.py IN.xml OUT.json

Only a mapping of names (drafts' *Collection wrappers and objectId → @id, internationalised text
→ {Text: [{Content, Language}]}); no value is changed.
"""
import json
import sys
import xml.etree.ElementTree as ET

XSI = "{http://www.w3.org/2001/XMLSchema-instance}type"
P = "ElectionResults."


def text(e):
    if e is None:
        return None
    texts = e.findall("Text")
    if texts:
        return {"@type": P + "InternationalizedText",
                "Text": [{"@type": P + "LanguageString", "Content": t.text.strip(),
                          "Language": t.get("language", "en")} for t in texts]}
    return (e.text or "").strip()


def itext(e):
    """Like text(), but plain text is wrapped as English internationalised text, as v2 wants."""
    t = text(e)
    if isinstance(t, str):
        return {"@type": P + "InternationalizedText",
                "Text": [{"@type": P + "LanguageString", "Content": t, "Language": "en"}]}
    return t


def items(parent, name):
    out = list(parent.findall(name))
    for coll in parent:
        if coll.tag.endswith("Collection"):
            out += coll.findall(name)
    return out


def ids(e):
    return (e.text or "").split() if e is not None else []


def main(src, dst):
    root = ET.parse(src).getroot()
    el = root.find("Election")
    report = {
        "@type": P + "ElectionReport",
        "Format": root.findtext("Format"),
        "GeneratedDate": root.findtext("GeneratedDate"),
        "Issuer": root.findtext("Issuer"),
        "IssuerAbbreviation": root.findtext("IssuerAbbreviation"),
        "SequenceStart": int(root.findtext("SequenceStart")),
        "SequenceEnd": int(root.findtext("SequenceEnd")),
        "Status": root.findtext("Status"),
        "VendorApplicationId": root.findtext("VendorApplicationId"),
        "GpUnit": [],
        "Party": [],
        "Election": [],
    }
    for g in items(root, "GpUnit"):
        name = g.find("Name")
        if name is None:
            name = g.find("InternationalizedName")
        report["GpUnit"].append({"@id": g.get("objectId"), "@type": P + "ReportingUnit",
                                 "Type": g.findtext("Type"), "Name": itext(name),
                                 "ComposingGpUnitIds": ids(g.find("ComposingGpUnitIds"))})
    for p in items(root, "Party"):
        report["Party"].append({"@id": p.get("objectId"), "@type": P + "Party",
                                "Name": itext(p.find("Name"))})
    election = {
        "@type": P + "Election",
        "Name": itext(el.find("Name")),
        "StartDate": el.findtext("StartDate"),
        "EndDate": el.findtext("EndDate"),
        "Type": el.findtext("Type"),
        "ElectionScopeId": el.findtext("ElectionScopeId"),
        "ExternalIdentifier": [
            {"@type": P + "ExternalIdentifier", "Type": x.findtext("Type"),
             "OtherType": x.findtext("OtherType"), "Value": x.findtext("Value")}
            for x in el.findall("ExternalIdentifiers/ExternalIdentifier")],
        "Candidate": [],
        "Contest": [],
    }
    for c in items(el, "Candidate"):
        cand = {"@id": c.get("objectId"), "@type": P + "Candidate",
                "BallotName": text(c.find("BallotName"))}
        if c.findtext("PartyId"):
            cand["PartyId"] = c.findtext("PartyId")
        election["Candidate"].append(cand)
    for c in items(el, "Contest"):
        contest = {"@id": c.get("objectId"), "@type": P + c.get(XSI),
                   "Name": c.findtext("Name"),
                   "ElectionDistrictId": c.findtext("ElectoralDistrictId") or c.findtext("ElectionDistrictId"),
                   "VotesAllowed": int(c.findtext("VotesAllowed")),
                   "ContestSelection": []}
        for k in ("SubUnitsReported", "TotalSubUnits", "NumberElected"):
            if c.findtext(k) is not None:
                contest[k] = int(c.findtext(k))
        for s in c.findall("BallotSelection") + c.findall("ContestSelection"):
            sel = {"@id": s.get("objectId"), "@type": P + s.get(XSI),
                   "CandidateIds": ids(s.find("CandidateIds")), "VoteCounts": []}
            for vc in s.findall("VoteCountsCollection/VoteCounts") + s.findall("VoteCounts"):
                sel["VoteCounts"].append({"@type": P + "VoteCounts", "GpUnitId": vc.findtext("GpUnitId"),
                                          "Type": vc.findtext("Type"), "Count": int(vc.findtext("Count"))})
            contest["ContestSelection"].append(sel)
        election["Contest"].append(contest)
    report["Election"].append(election)
    with open(dst, "w") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
