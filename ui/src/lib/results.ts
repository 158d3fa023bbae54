// How the Results page lays out its list: the headings and their sizes come from Rust
// (`ResultsLayout`: the order, the grouping and every status are worked out there once); here
// they become the rows of a virtual list, each run of cards a range of places in the list whose
// contests are read when it comes near the screen. Nothing here decides a status.
import type { ResultsHeading, ResultsSort } from "./bindings";

export const SORTS = ["ballot", "closest", "votes", "changed"] as const satisfies readonly ResultsSort[];
export type Sort = ResultsSort;

export function asSort(s: string | null | undefined): Sort {
  return (SORTS as readonly string[]).includes(s ?? "") ? (s as Sort) : "ballot";
}

/** One row of the list: a group's heading, or a run of its contests drawn together. */
export type Row =
  | { kind: "head"; key: string; group: string; count: number; open: boolean }
  /** Places `from` to `from + size` of the whole list (its groups one after the other). */
  | { kind: "chunk"; key: string; group: string; from: number; size: number };

/**
 * The rows for these groups: each heading, then its contests in runs of `size` unless the
 * group is folded. A run is the unit that is drawn and read from Rust together, so the page
 * holds a few runs at a time however long the ballot is. `heads`: false for a search or a
 * sorted list, whose one heading is said in the page's own words.
 */
export function listRows(groups: readonly ResultsHeading[], collapsed: readonly string[], size: number, heads: boolean): Row[] {
  const rows: Row[] = [];
  let start = 0;
  // A run is keyed by its place in the list, not by its group: the first run of a search and
  // the first of the whole ballot are the same row, so the cards drawn in it are kept and given
  // new contests (ResultsList) instead of being made again.
  for (const g of groups) {
    const open = !heads || !collapsed.includes(g.key);
    if (heads) rows.push({ kind: "head", key: `h:${g.key}`, group: g.key, count: g.count, open });
    for (let at = 0; open && at < g.count; at += size) {
      rows.push({ kind: "chunk", key: `c:${start + at}`, group: g.key, from: start + at, size: Math.min(size, g.count - at) });
    }
    start += g.count;
  }
  return rows;
}

/**
 * A refresh that moved most of the ballot is said once ("this count changed 430 of 430
 * contests") instead of as a badge on every card: past half, badges stop telling anything.
 */
export function isWholeCount(changed: number, contests: number): boolean {
  return contests > 0 && changed * 2 > contests;
}
