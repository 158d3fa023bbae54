// A refresh of several sources in one line, and what a source is, in the active language.
// Rust decides each source's outcome; these functions only word it.
import type { ApiError, RefreshDone, SourceKind, SourceProbe, SourceRefresh } from "./bindings";
import { errorWords, fmtDate, fmtInt, isOffline, refreshFailure, refreshMessage } from "./format";
import { t } from "./i18n.svelte";

export type RefreshSummary = {
  kind: "info" | "updated" | "error";
  text: string;
  /** Rust's exact words for the failures, for "Details". */
  detail?: string;
  /** The failure that stands for the whole refresh: only when every source failed. */
  error: ApiError | null;
  /** Contests any source's new count changed. */
  changed: string[];
};

/** "2 county sites failed: Appling, Ben Hill". */
function countiesNote(line: SourceRefresh): string {
  const names = line.failed_counties.map((c) => c.name);
  return names.length === 0 ? "" : t("refresh.countiesFailed", { count: names.length, names: names.join(", ") });
}

/** One source's outcome, short, for the line that lists them all. */
function shortOutcome(line: SourceRefresh): string {
  if (line.error) return isOffline(line.error) ? t("refresh.short.offline") : t("refresh.short.failed", { detail: errorWords(line.error.code) });
  const o = line.outcome;
  if (!o || o.status === "unchanged") return t("refresh.short.unchanged");
  if (!o.is_latest) return t("refresh.short.older");
  return t("refresh.short.updated", { count: o.changes.length, n: fmtInt(o.changes.length) });
}

export function summarize(done: RefreshDone): RefreshSummary {
  const lines = done.sources;
  const failed = lines.filter((l) => l.error !== null);
  const changed = lines.flatMap((l) => (l.outcome?.status === "updated" ? l.outcome.changes.map((c) => c.contest_id) : []));
  const allFailed = lines.length > 0 && failed.length === lines.length;
  const error = allFailed ? failed[0]!.error : null;
  const detail = failed.length > 0 ? failed.map((l) => `${l.label}: ${l.error!.message}`).join("\n") : undefined;
  const anyUpdated = lines.some((l) => l.outcome?.status === "updated" || l.counties_updated > 0);
  const kind = allFailed ? "error" : anyUpdated ? "updated" : "info";
  if (lines.length === 0) return { kind: "info", text: t("refresh.noSources"), error: null, changed };
  if (lines.length === 1) {
    // One source speaks as the app always has: the sentence, then any county sites that failed.
    const line = lines[0]!;
    const main = line.error ? refreshFailure(line.error) : line.outcome ? refreshMessage(line.outcome) : "";
    const text = [main, countiesNote(line)].filter(Boolean).join(" · ");
    return { kind, text, detail: line.error?.message, error, changed };
  }
  const text = lines
    .map((l) => [t("refresh.sourceLine", { label: l.label, what: shortOutcome(l) }), countiesNote(l)].filter(Boolean).join(", "))
    .join(" · ");
  return { kind, text, detail, error, changed };
}

export function kindName(kind: SourceKind | null): string {
  return t(`sources.kind.${kind ?? "unknown"}`);
}

/** "Clarity results site: GA, General Election, 3 Nov 2020, 298 contests, 159 county sites". */
export function describeProbe(p: SourceProbe): string {
  const parts: string[] = [];
  if (p.area) parts.push(p.area);
  if (p.election) parts.push(p.election);
  if (p.date) parts.push(fmtDate(p.date));
  if (p.contests !== null) parts.push(t("sources.contests", { count: p.contests, n: fmtInt(p.contests) }));
  if (p.counties !== null) parts.push(t("sources.counties", { count: p.counties, n: fmtInt(p.counties) }));
  return parts.length === 0 ? kindName(p.kind) : `${kindName(p.kind)}: ${parts.join(", ")}`;
}
