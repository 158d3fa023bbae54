// Plain functions that turn figures into words; no Svelte, so they are unit-tested directly.
import type { ApiError, ChoiceView, ContestView, ErrorCode, SyncOutcome } from "./bindings";

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

/** Choices ordered by votes, most first, as Rust ranked them (`ContestView.rank`). */
export function ranked(contest: ContestView): ChoiceView[] {
  return contest.rank.flatMap((i) => contest.choices[i] ?? []);
}

/** The lead Rust worked out (`ContestView.lead`), with its choices; null until votes exist. */
export function margin(contest: ContestView): Margin | null {
  const lead = contest.lead;
  const leader = lead ? contest.choices[lead.leader] : undefined;
  if (!lead || !leader) return null;
  const runnerUp = lead.runner_up === null ? null : (contest.choices[lead.runner_up] ?? null);
  return { leader, runnerUp, votes: lead.votes, points: lead.points };
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

/** How the UI treats each error code. */
export type ErrorKind = "offline" | "busy" | "input" | "feed" | "cache" | "app";

/**
 * Every code Rust can send, sorted into what the UI does about it. The switch is exhaustive: a
 * code added in Rust (and so in bindings.ts) fails the type check here until it is placed.
 */
export function errorKind(code: ErrorCode): ErrorKind {
  switch (code) {
    case "offline":
    case "timeout":
    case "rate_limited":
    case "http_status":
      return "offline";
    case "busy":
      return "busy";
    case "invalid_setting":
    case "bad_url":
    case "insecure_url":
    case "no_key":
    case "not_found":
      return "input";
    case "unknown_format":
    case "malformed_feed":
    case "empty_feed":
    case "bad_feed":
    case "too_large":
    case "insecure_redirect":
    case "bad_signature":
    case "expired":
    case "rollback":
    case "tampered":
    case "profiles":
      return "feed";
    case "cache":
    case "cache_unwritable":
    case "io":
      return "cache";
    case "signing":
    case "open_failed":
    case "internal":
      return "app";
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
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
