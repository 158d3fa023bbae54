// Plain functions that turn figures into words in the active language (lib/i18n); no
// components, so they are unit-tested directly.
import type { Alert, ApiError, ChoiceView, ContestView, ErrorCode, Notice, Story, SyncOutcome, Turnout } from "./bindings";
import { dateLocale, numberLocale, t } from "./i18n.svelte";
import { roundsSentence } from "./rounds";

// One formatter per locale and options, made once: building an Intl formatter costs far more
// than using one (in WebKit's JavaScriptCore about as much as drawing a card), and a card
// formats a dozen figures and times.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined ? t("format.unknown") : numberFormat(numberLocale()).format(n);
}

/** A number with a fixed count of decimals, in the active locale. */
export function fmtDecimal(n: number, digits: number): string {
  return numberFormat(numberLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

/** A margin threshold as the user set it: "1 point", "2.5 points" (as the Rust alerts say it). */
export function fmtPoints(points: number): string {
  return t("units.points", { count: points, value: fmtInt(points) });
}

/** A lead in points with one decimal: "9.7 points". The plural follows the number shown. */
export function fmtLeadPoints(points: number): string {
  const shown = fmtDecimal(points, 1);
  return t("units.points", { count: Number(points.toFixed(1)), value: shown });
}

/** Votes a count added, signed: "+12,345", "−200" (a correction lowered it), "±0". */
export function fmtAdded(n: number): string {
  if (n === 0) return "±0";
  return `${n > 0 ? "+" : "−"}${fmtInt(Math.abs(n))}`;
}

/** A share of 0–100 as a percentage in the active locale; "—" when unknown. */
export function fmtPct(p: number | null | undefined, digits = 1): string {
  if (p === null || p === undefined) return "—";
  return numberFormat(numberLocale(), {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(p / 100);
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

/** Votes with their unit: "1 vote", "2,188 votes". */
export function fmtVotes(n: number): string {
  return t("units.votes", { count: n, value: fmtInt(n) });
}

/**
 * What the count so far says, in a sentence, from the status Rust worked out: "Bass leads by
 * 89,914 votes (9.7 points)", "Tied at 12,223 votes", "Yes 56.0% · needs 66.7% · 2,188 votes
 * short". Never a winner, never "passed".
 */
export function marginSentence(contest: ContestView): string {
  const s = contest.status;
  const name = (i: number) => contest.choices[i]?.name ?? "";
  switch (s.state) {
    case "not_counted":
      return t("margin.none");
    case "unopposed":
      return t("status.unopposed", { count: s.choices.length, seats: contest.vote_for });
    case "tied":
      return t("margin.tied", { votes: fmtInt(s.votes) });
    case "leading": {
      const who = contest.kind === "candidate" ? name(s.leader) : t("margin.quoted", { name: name(s.leader) });
      return t("margin.leads", { who, votes: fmtInt(s.votes), points: fmtLeadPoints(s.points) });
    }
    case "seats": {
      const words = { seats: s.seats, last: name(s.edge.last_in), next: name(s.edge.first_out), votes: fmtVotes(s.edge.votes) };
      return s.edge.tied ? t("status.seatTie", words) : t("status.seats", words);
    }
    case "measure": {
      const base = { yes: name(s.yes), pct: fmtPct(s.yes_percent) };
      const rule = s.rule;
      if (rule === null) return t("status.measureNoRule", base);
      if (rule.rule === "unread" || s.needed_percent === null) return t("status.measureUnread", { ...base, rule: rule.text });
      const needed = fmtPct(s.needed_percent);
      return s.meets_rule
        ? t("status.measureAbove", { ...base, needed })
        : t("status.measureBelow", { ...base, needed, short: fmtVotes(s.votes_short ?? 0) });
    }
    case "rounds":
      return roundsSentence(contest);
  }
}

function timeFormat(options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return dateFormat(dateLocale(), {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    ...options,
  });
}

/**
 * A zone's everyday short name at a moment ("PT"). Named in the US form of the language (as
 * numbers are): British English would say "Los Angeles Time" where LA's own pages say "PT".
 */
function zoneName(zone: string | undefined, at: Date, style: "shortGeneric" | "short"): string {
  try {
    const parts = dateFormat(numberLocale(), { timeZone: zone, timeZoneName: style }).formatToParts(at);
    return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    return ""; // a zone this engine does not know: the time is shown without a zone
  }
}

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The feed's own "as of" time, in the election's zone ("5 Dec 2022, 12:15 PT"). LA County
 * writes wall-clock time with no offset; Rust says which zone that is (`time_zone`). A time
 * with no offset and no known zone is shown as written, with no zone: nothing is guessed.
 */
export function fmtFeedTime(s: string | null | undefined, zone?: string | null): string {
  if (!s) return t("format.unknown");
  if (HAS_OFFSET.test(s.trim())) {
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) return s;
    const shown = zone ?? undefined;
    try {
      return `${timeFormat({ timeZone: shown }).format(d)} ${zoneName(shown, d, shown ? "shortGeneric" : "short")}`.trim();
    } catch {
      return `${timeFormat().format(d)} ${zoneName(undefined, d, "short")}`.trim();
    }
  }
  // Wall-clock time as written: read as UTC and shown in UTC, so no local shift creeps in.
  const wall = new Date(`${s.trim()}Z`);
  if (Number.isNaN(wall.getTime())) return s;
  const text = timeFormat({ timeZone: "UTC" }).format(wall);
  return zone ? `${text} ${zoneName(zone, wall, "shortGeneric")}`.trim() : text;
}

/**
 * A feed time as milliseconds, for placing counts on a time axis: a time with an offset is an
 * instant; a wall-clock time is read as written (only the spacing between counts matters).
 */
export function feedMs(s: string): number {
  return HAS_OFFSET.test(s.trim()) ? Date.parse(s) : Date.parse(`${s.trim()}Z`);
}

/** Only the day of a feed time, as written ("9 Nov"): for a time axis's ticks. */
export function fmtFeedDay(s: string): string {
  const options: Intl.DateTimeFormatOptions = { year: undefined, hour: undefined, minute: undefined, timeZone: "UTC" };
  const d = new Date(feedMs(s));
  return Number.isNaN(d.getTime()) ? s : timeFormat(options).format(d);
}

/** When this computer did something (a refresh, an alert), in the user's own zone. */
export function fmtMs(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return t("format.never");
  const mins = Math.round((now - ms) / 60000);
  const at = new Date(ms);
  const time = `${timeFormat().format(at)} ${zoneName(undefined, at, "short")}`.trim();
  if (mins < 1) return t("format.justNow", { time });
  if (mins < 60) return t("format.minutesAgo", { minutes: mins, time });
  return time;
}

export function refreshMessage(outcome: SyncOutcome): string {
  if (outcome.status === "unchanged") return t("refresh.unchanged");
  if (!outcome.is_latest) return t("refresh.olderCount");
  const n = outcome.changes.length;
  if (n === 0) return t("refresh.noFigureChanged");
  return t("refresh.updated", { count: n, n: fmtInt(n) });
}

/** A refresh that failed, in a sentence: Rust's detail after the UI's own words. */
/**
 * Where a profiled candidate stands in their race's latest count: votes, share and place,
 * read from Rust's rank and status ("tied" where Rust says tied). `null` if not on the ballot.
 */
export function standing(contest: ContestView, profileId: string): string | null {
  const i = contest.choices.findIndex((c) => c.profile_id === profileId);
  const choice = contest.choices[i];
  if (!choice) return null;
  const time = fmtFeedTime(contest.as_of, contest.time_zone);
  if (choice.votes === null) return t("candidate.notCounted", { time });
  const s = contest.status;
  const words = {
    votes: fmtInt(choice.votes),
    count: choice.votes,
    pct: fmtPct(choice.percent),
    place: contest.rank.indexOf(i) + 1,
    of: contest.choices.length,
    time,
  };
  return s.state === "tied" && s.choices.includes(i) ? t("candidate.standingTied", words) : t("candidate.standing", words);
}

/**
 * The story of a contest's latest count, from Rust's `last_update`: "Since the count of 9 Nov
 * 2022, 03:35 PT, Karen Bass won 60.1% of the 82,510 votes added (49,588 to 32,922)." A count
 * that lowered a total says so. `null` when there is no count before, or nothing was added.
 */
export function updateSentence(contest: ContestView): string | null {
  if (!contest.last_update) return null;
  return storySentence({ choices: contest.choices.map((c) => c.name), time_zone: contest.time_zone, update: contest.last_update });
}

/** The same sentence from an alert's `story` (or any update with its choices' names). */
export function storySentence(story: Story): string | null {
  const u = story.update;
  const since = fmtFeedTime(u.from, story.time_zone);
  const name = (i: number) => story.choices[i] ?? "";
  if (u.lowered && u.added_total < 0) return t("story.lowered", { since, total: fmtInt(-u.added_total), count: -u.added_total });
  if (u.lowered) {
    // Some votes added, but a correction took some from one choice: say that, not a "win".
    const i = u.added.findIndex((a) => (a ?? 0) < 0);
    const lost = -(u.added[i] ?? 0);
    return t("story.correction", { since, who: name(i), votes: fmtInt(lost), count: lost });
  }
  if (u.added_total <= 0) return null;
  const order = u.added.map((a, i) => [a ?? 0, i] as const).sort((a, b) => b[0] - a[0]);
  const [top, next] = [order[0], order[1]];
  if (!top) return null;
  const share = fmtPct(u.share_of_added[top[1]] ?? null);
  const words = { since, who: name(top[1]), share, total: fmtInt(u.added_total), a: fmtInt(top[0]), b: fmtInt(next?.[0] ?? 0), count: u.added_total };
  return next ? t("story.won", words) : t("story.wonAlone", words);
}

/** Turnout as the feed gives it: ballots cast, of registered voters, with Rust's share; a figure
 *  the feed lacks is said to be unknown. Empty when the feed gives neither. */
export function turnoutSentence(turnout: Turnout, percent: number | null): string {
  const { ballots_cast: ballots, registered } = turnout;
  if (ballots === null && registered === null) return "";
  if (ballots !== null && registered !== null && percent !== null) {
    return t("overview.turnout", { ballots: fmtInt(ballots), registered: fmtInt(registered), pct: fmtPct(percent) });
  }
  return t("overview.turnoutPart", { ballots: fmtInt(ballots), registered: fmtInt(registered) });
}

/** An error in words a person uses, from its code; Rust's own text is kept for "Details". */
export function errorWords(code: ErrorCode): string {
  return t(`errors.${code}`);
}

/** A failed refresh in the active language, from its code; Rust's own text is the detail. */
export function refreshFailure(error: ApiError): string {
  return isOffline(error)
    ? t("refresh.offline", { detail: errorWords(error.code) })
    : t("refresh.failed", { detail: errorWords(error.code) });
}

/** An alert for a followed race, worded from its data in the active language. */
export function alertSentence(alert: Alert): string {
  const w = alert.words;
  switch (w.key) {
    case "now_leads":
      return t("alert.now_leads", { leader: w.leader, behind: w.behind, title: w.title, points: fmtLeadPoints(w.points) });
    case "tightened":
      return t("alert.tightened", { leader: w.leader, title: w.title, points: fmtLeadPoints(w.points), threshold: fmtPoints(w.threshold) });
    case "opened":
      return t("alert.opened", { leader: w.leader, title: w.title, points: fmtLeadPoints(w.points), threshold: fmtPoints(w.threshold) });
    case "seat_change": {
      const words = { title: w.title, seats: w.seats, entered: w.entered.join(", "), left: w.left.join(", "), votes: fmtVotes(w.votes) };
      if (w.entered.length > 0 && w.left.length > 0) return t("alert.seat_change", words);
      return w.entered.length > 0 ? t("alert.seat_entered", words) : t("alert.seat_left", words);
    }
    case "rounds_changed": {
      const words = { title: w.title, rounds: w.rounds, before: w.first_before ?? t("alert.noOne"), after: w.first_after ?? t("alert.noOne") };
      return w.first_before !== w.first_after ? t("alert.rounds_first", words) : t("alert.rounds_order", words);
    }
  }
}

/** A notice about this start (a rebuilt cache, reset settings), worded from its data. */
export function noticeSentence(notice: Notice): string {
  const w = notice.words;
  switch (w.key) {
    case "cache_rebuilt":
      return t("notice.cache_rebuilt", { reason: w.reason, moved_to: w.moved_to });
    case "cache_in_memory":
      return t("notice.cache_in_memory", { path: w.path, reason: w.reason });
    case "settings_reset":
      return t("notice.settings_reset", { why: w.why });
  }
}

/** How the UI treats each error code. */
export type ErrorKind = "offline" | "server" | "busy" | "input" | "feed" | "cache" | "app";

/**
 * Every code Rust can send, sorted into what the UI does about it. The switch is exhaustive: a
 * code added in Rust (and so in bindings.ts) fails the type check here until it is placed.
 */
export function errorKind(code: ErrorCode): ErrorKind {
  switch (code) {
    case "offline":
    case "timeout":
      return "offline";
    case "rate_limited":
    case "http_status":
      return "server";
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
  return !!error && errorKind(error.code) === "offline";
}

/** Top of the ticket first, as results desks list them: federal, state, county-wide, then the rest. */
export const LEVEL_ORDER = ["federal", "state", "county", "city", "measures", "judicial", "district"] as const;

export function levelLabel(level: string): string {
  return (LEVEL_ORDER as readonly string[]).includes(level) ? t(`level.${level as (typeof LEVEL_ORDER)[number]}`) : level;
}

/** A calendar date "2022-11-09" as "9 Nov 2022" ("9 nov 2022"), without any time-zone shift. */
export function fmtDate(s: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s ?? "");
  if (!m) return s ?? t("format.unknown");
  // Noon UTC, formatted in UTC: the calendar date as written, whatever the local zone.
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return dateFormat(dateLocale(), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}
