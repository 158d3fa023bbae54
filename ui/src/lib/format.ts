// Plain functions that turn figures into words; no Svelte, so they are unit-tested directly.
import type { ApiError, ChoiceView, ContestView, SyncOutcome } from "./bindings";

const int = new Intl.NumberFormat("en-US");

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined ? "unknown" : int.format(n);
}

/** A margin threshold as the user set it: "1 point", "2.5 points" (as the Rust alerts say it). */
export function fmtPoints(t: number): string {
  return t === 1 ? "1 point" : `${t} points`;
}

export function fmtPct(p: number | null | undefined, digits = 1): string {
  return p === null || p === undefined ? "—" : `${p.toFixed(digits)}%`;
}

export interface Margin {
  leader: ChoiceView;
  runnerUp: ChoiceView | null;
  votes: number;
  points: number;
}

/** Choices ordered by votes, most first; ties keep ballot order. */
export function ranked(contest: ContestView): ChoiceView[] {
  return contest.choices
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (b.c.votes ?? 0) - (a.c.votes ?? 0) || a.i - b.i)
    .map((x) => x.c);
}

/** The lead of the first choice over the second; null until any vote is counted. */
export function margin(contest: ContestView): Margin | null {
  if (contest.total_votes <= 0) return null;
  const [leader, runnerUp] = ranked(contest);
  if (!leader) return null;
  const lv = leader.votes ?? 0;
  const rv = runnerUp?.votes ?? 0;
  const lp = leader.percent ?? 0;
  const rp = runnerUp?.percent ?? 0;
  return { leader, runnerUp: runnerUp ?? null, votes: lv - rv, points: lp - rp };
}

/** "Bass leads by 89,914 votes (9.7 points)"; or that nothing is counted yet. */
export function marginSentence(contest: ContestView): string {
  const m = margin(contest);
  if (!m) return "No votes counted yet";
  if (m.votes === 0) return `Tied at ${fmtInt(m.leader.votes)} votes`;
  if (contest.vote_for > 1) {
    return `${contest.vote_for} seats: the ${contest.vote_for} leading choices are marked`;
  }
  const who = contest.kind === "candidate" ? m.leader.name : `“${m.leader.name}”`;
  return `${who} leads by ${fmtInt(m.votes)} votes (${m.points.toFixed(1)} points)`;
}

const feedTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/**
 * The feed's own "as of" time. LA County writes local time with no offset, so it is shown as
 * written (parsed and printed in the same local zone), never shifted.
 */
export function fmtFeedTime(s: string | null | undefined): string {
  if (!s) return "unknown";
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : feedTime.format(d);
}

export function fmtMs(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return "never";
  const mins = Math.round((now - ms) / 60000);
  const abs = feedTime.format(new Date(ms));
  if (mins < 1) return `just now (${abs})`;
  if (mins < 60) return `${mins} min ago (${abs})`;
  return abs;
}

export function refreshMessage(outcome: SyncOutcome): string {
  if (outcome.status === "unchanged") return "No new results";
  if (!outcome.is_latest) return "Added an older count to the history; the latest is unchanged";
  const n = outcome.changes.length;
  if (n === 0) return "Updated: no contest's figures changed";
  return `Updated: ${fmtInt(n)} ${n === 1 ? "contest" : "contests"} changed`;
}

/** Errors that mean "the feed can't be reached right now", shown as the offline banner. */
export function isOffline(error: ApiError | null | undefined): boolean {
  return !!error && (error.code === "offline" || error.code === "timeout");
}

export const LEVEL_LABELS: Record<string, string> = {
  federal: "Federal",
  state: "State",
  county: "County",
  city: "City",
  district: "Districts (schools, water, health)",
  judicial: "Judicial",
  measures: "Measures",
};

export const LEVEL_ORDER = ["city", "county", "state", "federal", "district", "judicial", "measures"];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A calendar date "2022-11-09" as "9 Nov 2022", without any time-zone shift. */
export function fmtDate(s: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s ?? "");
  if (!m) return s ?? "unknown";
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}
