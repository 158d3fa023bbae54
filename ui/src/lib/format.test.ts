import { describe, expect, it } from "vitest";
import { fmtDate, fmtInt, fmtPoints, isOffline, margin, marginSentence, refreshMessage } from "./format";
import { mayor } from "./testdata";

describe("margins", () => {
  it("measures the December lead", () => {
    const m = margin(mayor(509_944, 420_030));
    expect(m?.leader.name).toBe("Karen Ruth Bass");
    expect(m?.votes).toBe(89_914);
    expect(m?.points.toFixed(2)).toBe("9.67");
    expect(marginSentence(mayor(509_944, 420_030))).toBe(
      "Karen Ruth Bass leads by 89,914 votes (9.7 points)",
    );
  });
  it("puts Caruso ahead on election night", () => {
    expect(marginSentence(mayor(240_194, 252_476))).toBe(
      "Rick J. Caruso leads by 12,282 votes (2.5 points)",
    );
  });
  it("says nothing is counted before polls close", () => {
    expect(margin(mayor(0, 0))).toBeNull();
    expect(marginSentence(mayor(0, 0))).toBe("No votes counted yet");
  });
});

describe("words", () => {
  it("formats counts and unknowns", () => {
    expect(fmtInt(1_295_987)).toBe("1,295,987");
    expect(fmtInt(null)).toBe("unknown");
    expect(fmtDate("2022-11-09")).toBe("9 Nov 2022");
    expect(fmtPoints(1)).toBe("1 point");
    expect(fmtPoints(2.5)).toBe("2.5 points");
  });
  it("says what a refresh did", () => {
    expect(refreshMessage({ status: "unchanged", checked_at_ms: 0 })).toBe("No new results");
    const snapshot = {
      id: 2,
      election_id: "lavote-4300",
      source: "x",
      fetched_at_ms: 0,
      feed_timestamp: "2022-11-11T16:09:19.703",
      content_hash: "h",
    };
    const change = {
      contest_id: "c",
      title: "t",
      leader_before: null,
      leader_after: null,
      margin_before: null,
      margin_after: null,
      seats: null,
      rounds: null,
    };
    const updated = (n: number) => ({
      status: "updated" as const,
      checked_at_ms: 0,
      snapshot,
      is_latest: true,
      changes: Array.from({ length: n }, () => change),
    });
    expect(refreshMessage(updated(37))).toBe("Updated: 37 contests changed");
    expect(refreshMessage(updated(1))).toBe("Updated: 1 contest changed");
  });
  it("treats only reachability errors as offline", () => {
    expect(isOffline({ code: "offline", message: "" })).toBe(true);
    expect(isOffline({ code: "timeout", message: "" })).toBe(true);
    expect(isOffline({ code: "bad_feed", message: "" })).toBe(false);
    expect(isOffline(null)).toBe(false);
  });
});

describe("turnout", () => {
  // West Virginia, 3 Nov 2020: <ElectionVoterTurnout totalVoters="1269219" ballotsCast="802726">.
  it("says both counts and the share Rust worked out, and 'unknown' for a count the feed lacks", async () => {
    const { turnoutSentence } = await import("./format");
    const wv = { ballots_cast: 802_726, registered: 1_269_219, areas: [] };
    expect(turnoutSentence(wv, (802_726 * 100) / 1_269_219)).toBe(
      "Turnout: 802,726 ballots cast of 1,269,219 registered voters (63.2%), as the feed reports it.",
    );
    expect(turnoutSentence({ ...wv, registered: null }, null)).toBe(
      "Turnout: 802,726 ballots cast; registered voters: unknown (as the feed reports it).",
    );
    expect(turnoutSentence({ ballots_cast: null, registered: null, areas: [] }, null)).toBe("");
  });
});
