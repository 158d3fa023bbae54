// Ranked-choice figures as words. Votes arrive as the report's decimal text ("14866.0000",
// "177.5192") and are shown from that text, never through a float: the integer part grouped by
// Intl (as a BigInt), the fraction kept digit for digit (trailing zeros dropped, which does not
// change the value).
import type { ContestView, Round, Tabulation, Target } from "./bindings";
import { numberLocale, t } from "./i18n.svelte";

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "41735" → "41,735"; "177.5192" → "177.5192"; "14866.0000" → "14,866". Text that is not a
 *  decimal is shown as written. */
export function fmtVotesText(text: string | null | undefined): string {
  if (text === null || text === undefined) return t("format.unknown");
  const m = DECIMAL.exec(text.trim());
  if (!m) return text;
  const sign = m[1] ?? "";
  const whole = m[2] ?? "0";
  const fraction = m[3] ?? "";
  const format = new Intl.NumberFormat(numberLocale());
  const point = format.formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const frac = fraction.replace(/0+$/, "");
  const body = format.format(BigInt(whole)) + (frac ? point + frac : "");
  return (sign && (whole !== "0" || frac) ? "−" : "") + body;
}

/** A round's net change: "+2,307", "−5,200", "±0". */
export function fmtChangeText(text: string | null | undefined): string {
  if (text === null || text === undefined) return "";
  const shown = fmtVotesText(text);
  if (/^-?0*(\.0*)?$/.test(text.trim())) return "±0";
  return shown.startsWith("−") ? shown : `+${shown}`;
}

/** The reason a ballot stopped counting, in words; a reason Tallyroom does not know is shown
 *  as the report writes it. */
export function reasonLabel(code: string): string {
  switch (code) {
    case "overvotes":
    case "skipped_rankings":
    case "exhausted_choices":
    case "repeated_rankings":
      return t(`rounds.reason.${code}`);
    default:
      return code;
  }
}

/** The display name of a report's candidate, through the contest's choices (raw name → name). */
export function displayName(contest: ContestView, raw: string): string {
  return contest.choices.find((c) => c.raw_name === raw)?.name ?? raw;
}

/** Where a transfer went, in words. */
export function targetLabel(contest: ContestView, to: Target): string {
  switch (to.kind) {
    case "candidate":
      return displayName(contest, to.name);
    case "exhausted":
      return t("rounds.toInactive");
    case "residual_surplus":
      return t("rounds.toResidual");
  }
}

/** What the round did to a candidate: out this round, elected (or, preliminary, over the
 *  threshold), or nothing. */
export function decision(tab: Tabulation, round: Round, raw: string): string {
  const tie = round.by_tie_break.includes(raw) ? ` ${t("rounds.byTieBreak")}` : "";
  if (round.eliminated.includes(raw)) return t("rounds.eliminated") + tie;
  if (round.elected.includes(raw)) return (tab.origin === "report" ? t("rounds.elected") : t("rounds.overThreshold")) + tie;
  return "";
}

/** The one-line status of a ranked-choice contest, from the status Rust worked out. */
export function roundsSentence(contest: ContestView): string {
  const s = contest.status;
  if (s.state !== "rounds") return "";
  const name = (i: number) => contest.choices[i]?.name ?? "";
  const records = contest.rounds?.cast_vote_records ?? 0;
  if (s.origin === "preliminary") {
    const over = s.over_threshold.map(name).join(", ");
    const words = { round: s.rounds, records: new Intl.NumberFormat(numberLocale()).format(records), count: records };
    if (over) return t("rounds.preliminaryOver", { ...words, who: over });
    return t("rounds.preliminaryAhead", { ...words, who: s.ahead.map(name).join(", ") });
  }
  if (s.elected.length > 0) {
    const who = s.elected.map((e) => name(e.choice)).join(", ");
    const last = s.elected[s.elected.length - 1]?.round ?? s.rounds;
    return t("rounds.elected", { who, round: last, count: s.elected.length });
  }
  if (s.ahead.length === 1) return t("rounds.ahead", { who: name(s.ahead[0] ?? 0), round: s.rounds });
  return t("rounds.tied", { who: s.ahead.map(name).join(", "), round: s.rounds });
}
