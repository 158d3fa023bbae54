// How the Results page orders and groups contests: plain functions over what Rust sent, so the
// page only lays them out. Nothing here decides a status; `closeness` is a sort key read off
// Rust's `status`, never shown as a figure of its own.
import type { ContestView } from "./bindings";
import { LEVEL_ORDER, levelLabel } from "./format";

export const SORTS = ["ballot", "closest", "votes", "changed"] as const;
export type Sort = (typeof SORTS)[number];

export function asSort(s: string | null | undefined): Sort {
  return (SORTS as readonly string[]).includes(s ?? "") ? (s as Sort) : "ballot";
}

/**
 * How close a contest is, in points of its votes: the lead, the last seat's edge, or a
 * measure's distance from the share its rule needs. `null` when nothing can be compared
 * (not counted, unopposed, a measure without a readable rule); those sort last.
 */
export function closeness(c: ContestView): number | null {
  const s = c.status;
  const total = c.total_votes;
  switch (s.state) {
    case "leading":
      return s.points;
    case "tied":
      return 0;
    case "seats":
      return total > 0 ? (s.edge.votes * 100) / total : null;
    case "measure":
      return s.needed_percent === null ? null : Math.abs(s.yes_percent - s.needed_percent);
    default:
      return null;
  }
}

function byKey<T>(key: (x: T) => number | null): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
    return ka - kb;
  };
}

/** A new array in the chosen order; "ballot" keeps the feed's order (the groups do the rest). */
export function sortContests(list: readonly ContestView[], sort: Sort): ContestView[] {
  const out = [...list];
  switch (sort) {
    case "closest":
      return out.sort(byKey(closeness));
    case "votes":
      return out.sort((a, b) => b.total_votes - a.total_votes);
    case "changed":
      // Changed in the latest count first, the biggest change first (a correction counts by
      // its size); unchanged ones keep the feed's order after them.
      return out.sort(byKey((c) => (c.changed_in_latest ? -Math.abs(c.votes_added ?? 0) : null)));
    case "ballot":
      return out;
  }
}

export type Group = { key: string; label: string; items: ContestView[] };

/** Top of the ticket first (federal, state, county-wide, then the rest); empty groups dropped. */
export function groupByLevel(list: readonly ContestView[]): Group[] {
  const known = LEVEL_ORDER.map((level) => ({
    key: level as string,
    label: levelLabel(level),
    items: list.filter((c) => c.level === level),
  }));
  return known.filter((g) => g.items.length > 0);
}

/**
 * A refresh that moved most of the ballot is said once ("this count changed 430 of 430
 * contests") instead of as a badge on every card: past half, badges stop telling anything.
 */
export function isWholeCount(changed: number, contests: number): boolean {
  return contests > 0 && changed * 2 > contests;
}

/** True when no contest in the list has precinct figures: the page says so once. */
export function precinctsNeverGiven(list: readonly ContestView[]): boolean {
  return list.length > 0 && list.every((c) => c.reporting.precincts_reported === null || c.reporting.precincts_total === null);
}
