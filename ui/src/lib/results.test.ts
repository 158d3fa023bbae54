// The Results page's rows and its run-at-a-time cards, the feed's times with their zone, and a candidate's
// standing: from ContestViews shaped as Rust sends them (the LA mayor's race, lib/testdata).
import { afterEach, describe, expect, it } from "vitest";
import type { ContestView } from "./bindings";
import { fmtFeedTime, standing, updateSentence } from "./format";
import { setLang } from "./i18n.svelte";
import { Cards, KEEP } from "./cards.svelte";
import { isWholeCount, listRows } from "./results";
import { mayor } from "./testdata";

afterEach(() => setLang("en"));


describe("the list's rows", () => {
  const groups = [
    { key: "federal", ids: ["a", "b", "c"] },
    { key: "city", ids: ["d", "e", "f", "g", "h"] },
  ];
  const shape = (rows: ReturnType<typeof listRows>) => rows.map((r) => (r.kind === "head" ? `${r.group}(${r.count})` : r.ids.join("")));
  it("a heading per group, then its contests in runs", () => {
    expect(shape(listRows(groups, [], 2, true))).toEqual(["federal(3)", "ab", "c", "city(5)", "de", "fg", "h"]);
  });
  it("a folded group keeps its heading and draws nothing", () => {
    const rows = listRows(groups, ["federal"], 2, true);
    expect(shape(rows)).toEqual(["federal(3)", "city(5)", "de", "fg", "h"]);
    expect(rows[0]).toMatchObject({ kind: "head", open: false });
  });
  it("a search has no headings of its own, and folds nothing", () => {
    expect(shape(listRows([{ key: "all", ids: ["a", "b", "c"] }], ["all"], 2, false))).toEqual(["ab", "c"]);
  });
  it("row keys are unique, so the virtual list can keep each row's measured height", () => {
    const keys = listRows(groups, [], 2, true).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it("says a whole-count change once", () => {
    expect(isWholeCount(430, 430)).toBe(true);
    expect(isWholeCount(12, 430)).toBe(false);
    expect(isWholeCount(0, 0)).toBe(false);
  });
});

describe("cards read a run at a time", () => {
  it("reads each contest once, again after a refresh, and a missing one only once", async () => {
    const asked: string[][] = [];
    const cards = new Cards(async (ids) => {
      asked.push(ids);
      return ids.filter((id) => id !== "gone").map((id) => ({ ...mayor(1, 2), id }));
    });
    cards.put([{ ...mayor(1, 2), id: "a" }]);
    await cards.want(["a", "b", "gone"]);
    await cards.want(["a", "b", "gone"]);
    expect(asked).toEqual([["b", "gone"]]);
    expect([...cards.views.keys()].sort()).toEqual(["a", "b"]);
    cards.stale();
    expect(cards.views.size).toBe(2); // still shown until the new ones come
    await cards.want(["a"]);
    expect(asked).toEqual([["b", "gone"], ["a"]]);
  });
  it("holds a bounded number of views, never the ones on screen, and reads a dropped one again", async () => {
    const asked: string[][] = [];
    const cards = new Cards(async (ids) => {
      asked.push(ids);
      return ids.map((id) => ({ ...mayor(1, 2), id }));
    });
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `c${from + i}`);
    await cards.want(ids(0, 10)); // the first screen
    for (let at = 10; at < 1000; at += 100) await cards.want(ids(at, 100)); // a long scroll
    expect(cards.views.size).toBe(KEEP);
    expect(cards.views.has("c999")).toBe(true);
    expect(cards.views.has("c0")).toBe(false);
    // Back at the top: the first screen is read again, and the screen just asked for stays
    // while the views read after it are dropped in its place.
    await cards.want(ids(0, 10));
    expect(asked.at(-1)).toEqual(ids(0, 10));
    await cards.want(ids(500, 100));
    expect(ids(0, 10).every((id) => cards.views.has(id))).toBe(true);
    expect(cards.views.size).toBe(KEEP);
    // A layout's views arriving while a screen read earlier is shown: that screen stays.
    await cards.want(ids(0, 10));
    cards.put(ids(2000, KEEP - 5).map((id) => ({ ...mayor(1, 2), id })));
    expect(ids(0, 10).every((id) => cards.views.has(id))).toBe(true);
    expect(cards.views.size).toBe(KEEP);
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
