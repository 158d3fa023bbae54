// The Results page's order and grouping, the feed's times with their zone, and a candidate's
// standing: from ContestViews shaped as Rust sends them (the LA mayor's race, lib/testdata).
import { afterEach, describe, expect, it } from "vitest";
import type { ContestView } from "./bindings";
import { fmtFeedTime, standing, updateSentence } from "./format";
import { setLang } from "./i18n.svelte";
import { closeness, groupByLevel, isWholeCount, precinctsNeverGiven, sortContests } from "./results";
import { mayor } from "./testdata";

afterEach(() => setLang("en"));

function contest(id: string, level: ContestView["level"], bass: number, caruso: number, added: number | null = null): ContestView {
  return { ...mayor(bass, caruso), id, level, changed_in_latest: added !== null, votes_added: added };
}

describe("results order", () => {
  // 11 Nov (Bass by 4,384), 5 Dec (Bass by 89,914), election night (Caruso by 12,282).
  const close = contest("close", "city", 289_782, 285_398, 82_510);
  const wide = contest("wide", "federal", 509_944, 420_030, 1_000);
  const night = contest("night", "state", 240_194, 252_476);
  const none = contest("none", "county", 0, 0);
  const ids = (list: ContestView[]) => list.map((c) => c.id);

  it("closest margin first, uncounted last", () => {
    expect(closeness(close)?.toFixed(2)).toBe("0.76");
    expect(closeness(none)).toBeNull();
    expect(ids(sortContests([none, wide, night, close], "closest"))).toEqual(["close", "night", "wide", "none"]);
  });
  it("most votes first, and changed-in-the-last-count by size", () => {
    expect(ids(sortContests([none, close, night, wide], "votes"))).toEqual(["wide", "close", "night", "none"]);
    expect(ids(sortContests([none, wide, night, close], "changed"))).toEqual(["close", "wide", "none", "night"]);
    expect(ids(sortContests([none, wide], "ballot"))).toEqual(["none", "wide"]);
  });
  it("groups the top of the ticket first", () => {
    expect(groupByLevel([close, none, night, wide]).map((g) => g.key)).toEqual(["federal", "state", "county", "city"]);
  });
  it("says a whole-count change once, and unknown precincts once", () => {
    expect(isWholeCount(430, 430)).toBe(true);
    expect(isWholeCount(12, 430)).toBe(false);
    expect(isWholeCount(0, 0)).toBe(false);
    expect(precinctsNeverGiven([close, wide])).toBe(true);
    const counted = { ...close, reporting: { ...close.reporting, precincts_reported: 3, precincts_total: 10 } };
    expect(precinctsNeverGiven([close, counted])).toBe(false);
  });
});

describe("times with their zone", () => {
  it("shows LA's wall-clock time as written, in Pacific time", () => {
    expect(fmtFeedTime("2022-12-05T12:15:21.817", "America/Los_Angeles")).toBe("5 Dec 2022, 12:15 PT");
    setLang("es");
    expect(fmtFeedTime("2022-12-05T12:15:21.817", "America/Los_Angeles")).toBe("5 dic 2022, 12:15 PT");
  });
  it("guesses no zone for a time without one", () => {
    expect(fmtFeedTime("2022-12-05T12:15:21.817")).toBe("5 Dec 2022, 12:15");
  });
  it("shows a time with an offset in the election's zone", () => {
    expect(fmtFeedTime("2022-11-09T11:35:19Z", "America/Los_Angeles")).toBe("9 Nov 2022, 03:35 PT");
  });
});

describe("a candidate's standing", () => {
  it("gives votes, share and place from Rust's rank", () => {
    const race = mayor(289_782, 285_398);
    race.choices[1] = { ...race.choices[1]!, profile_id: "rick-caruso" };
    expect(standing(race, "rick-caruso")).toBe("In the count as of 5 Dec 2022, 12:15 PT: 285,398 votes (49.6%), place 2 of 2.");
    expect(standing(race, "nobody")).toBeNull();
  });
});

describe("the story of the last count", () => {
  // Wednesday 9 Nov 03:35 to Friday 11 Nov 16:09, as tally::updates reports it.
  const friday = (): ContestView => ({
    ...mayor(289_782, 285_398),
    last_update: {
      from: "2022-11-09T03:35:19",
      to: "2022-11-11T16:09:19.703",
      added: [49_588, 32_922],
      added_total: 82_510,
      share_of_added: [60.1, 39.9],
      lowered: false,
      late: true,
      lead_after: null,
    },
  });
  it("says who won the votes the count added", () => {
    expect(updateSentence(friday())).toBe(
      "Since the count of 9 Nov 2022, 03:35 PT, Karen Ruth Bass won 60.1% of the 82,510 votes added (49,588 to 32,922).",
    );
  });
  it("says a correction lowered the total, and nothing without a count before", () => {
    const c = friday();
    c.last_update = { ...c.last_update!, added: [0, -100], added_total: -100, share_of_added: [null, null], lowered: true };
    expect(updateSentence(c)).toBe("Since the count of 9 Nov 2022, 03:35 PT, the total went down by 100 votes: a correction lowered it.");
    c.last_update = { ...c.last_update!, added: [30, -10], added_total: 20, share_of_added: [150, -50] };
    expect(updateSentence(c)).toBe("Since the count of 9 Nov 2022, 03:35 PT, a correction lowered Rick J. Caruso's total by 10 votes.");
    expect(updateSentence(mayor(1, 2))).toBeNull();
  });
});
