// The Results page's rows and its run-at-a-time cards, the feed's times with their zone, and a candidate's
// standing: from ContestViews shaped as Rust sends them (the LA mayor's race, lib/testdata).
import { afterEach, describe, expect, it } from "vitest";
import type { ContestView } from "./bindings";
import { fmtFeedTime, standing, updateSentence } from "./format";
import { setLang } from "./i18n.svelte";
import { Cards, KEEP, PLACES } from "./cards.svelte";
import { isWholeCount, listRows } from "./results";
import { mayor } from "./testdata";

afterEach(() => setLang("en"));


describe("the list's rows", () => {
  const groups = [
    { key: "federal", count: 3 },
    { key: "city", count: 5 },
  ];
  // A run as the places of the whole list it draws: "abc" are the federal three, "d"–"h" the city's.
  const shape = (rows: ReturnType<typeof listRows>) =>
    rows.map((r) => (r.kind === "head" ? `${r.group}(${r.count})` : "abcdefgh".slice(r.from, r.from + r.size)));
  it("a heading per group, then its contests in runs", () => {
    expect(shape(listRows(groups, [], 2, true))).toEqual(["federal(3)", "ab", "c", "city(5)", "de", "fg", "h"]);
  });
  it("a folded group keeps its heading and draws nothing, and the places after it stay", () => {
    const rows = listRows(groups, ["federal"], 2, true);
    expect(shape(rows)).toEqual(["federal(3)", "city(5)", "de", "fg", "h"]);
    expect(rows[0]).toMatchObject({ kind: "head", open: false });
  });
  it("a search has no headings of its own, and folds nothing", () => {
    expect(shape(listRows([{ key: "all", count: 3 }], ["all"], 2, false))).toEqual(["ab", "c"]);
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

describe("cards read a page at a time", () => {
  type Q = string;
  /** A list of `n` contests `${q}0`, `${q}1`, …, one of them ("gone") no longer stored. */
  const reader = (asked: [Q, number, number][], n = 10_000) => async (q: Q, from: number, count: number) => {
    asked.push([q, from, count]);
    const ids = Array.from({ length: Math.max(0, Math.min(count, n - from)) }, (_, i) => (from + i === 5 ? "gone" : `${q}${from + i}`));
    return { from, ids, views: ids.filter((id) => id !== "gone").map((id) => ({ ...mayor(1, 2), id })) };
  };
  const page = (q: Q, from: number, count: number) => ({ from, ids: Array.from({ length: count }, (_, i) => `${q}${from + i}`), views: [] as ContestView[] });
  it("reads each place once, again after a refresh, and a missing contest only once", async () => {
    const asked: [Q, number, number][] = [];
    const cards = new Cards<Q>(reader(asked));
    cards.list("a", { from: 0, ids: ["a0"], views: [{ ...mayor(1, 2), id: "a0" }] });
    await cards.want(0, 8);
    await cards.want(0, 8);
    expect(asked).toEqual([["a", 1, 7]]);
    expect(cards.ids.get(5)).toBe("gone");
    expect([...cards.views.keys()].sort()).toEqual(["a0", "a1", "a2", "a3", "a4", "a6", "a7"]);
    cards.stale();
    expect(cards.views.size).toBe(7); // still shown until the new ones come
    await cards.want(2, 4);
    expect(asked.at(-1)).toEqual(["a", 2, 2]);
  });
  it("a new list starts from its own first page and drops a late answer to the old one", async () => {
    const asked: [Q, number, number][] = [];
    let release = () => {};
    const slow = reader(asked);
    const cards = new Cards<Q>((q, from, count) => (q === "a" ? new Promise((r) => (release = () => r(slow(q, from, count)))) : slow(q, from, count)));
    cards.list("a", page("a", 0, 2));
    const late = cards.want(0, 6);
    cards.list("b", page("b", 0, 2));
    release();
    await late;
    expect([...cards.ids.values()]).toEqual(["b0", "b1"]);
    await cards.want(0, 4);
    expect(asked.at(-1)).toEqual(["b", 2, 2]);
    expect(cards.ids.get(3)).toBe("b3");
  });
  it("holds a bounded number of views and places, never the ones on screen, and reads a dropped one again", async () => {
    const asked: [Q, number, number][] = [];
    const cards = new Cards<Q>(reader(asked));
    cards.list("c", page("c", 0, 0));
    await cards.want(10, 20); // the first screen
    for (let at = 20; at < 5000; at += 100) await cards.want(at, at + 100); // a long scroll
    expect(cards.views.size).toBe(KEEP);
    expect(cards.ids.size).toBeLessThanOrEqual(PLACES);
    expect(cards.views.has("c4999")).toBe(true);
    expect(cards.views.has("c10")).toBe(false);
    // Back at the top: the first screen is read again, and stays while the list scrolls on.
    await cards.want(10, 20);
    expect(asked.at(-1)).toEqual(["c", 10, 10]);
    await cards.want(600, 700);
    expect(cards.views.size).toBe(KEEP);
    await cards.want(10, 20);
    expect(asked.at(-1)).toEqual(["c", 600, 100]);
    // Views arriving while a screen read earlier is shown: that screen stays.
    cards.put(Array.from({ length: KEEP - 5 }, (_, i) => ({ ...mayor(1, 2), id: `x${i}` })));
    for (let at = 10; at < 20; at++) expect(cards.views.has(`c${at}`)).toBe(true);
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
