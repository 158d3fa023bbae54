// The one door between the UI and the Rust side. Pages receive a `Backend`; the app passes the
// Tauri one, and tests pass their own, so every page can be tested without a window.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  Alert,
  ApiError,
  AreaResults,
  ContestFilter,
  ContestHistory,
  ContestView,
  ElectionSummary,
  HurdleReport,
  NewSource,
  Overview,
  Profile,
  RefreshDone,
  RefreshReport,
  RemainingEstimate,
  ResultsLayout,
  ResultsPage,
  ResultsQuery,
  Settings,
  SourceProbe,
} from "./bindings";

export interface Backend {
  overview(): Promise<Overview>;
  /** The Results page's list: its headings and ids in order, and the first page's views. */
  resultsLayout(query: ResultsQuery): Promise<ResultsLayout>;
  /** Views of these contests (a run of the list, at most 200), in the order asked. */
  /** Contests `from` to `from + count` of the list `query` makes (at most 200). */
  resultsPage(query: ResultsQuery, from: number, count: number): Promise<ResultsPage>;
  /** Stored names near what was typed, for a search that found nothing. */
  suggest(text: string): Promise<string[]>;
  /** What the one behind needs from the ballots left; `remaining` overrides the stored estimate. */
  hurdle(id: string, remaining: number | null, chosen: number | null): Promise<HurdleReport>;
  /** Stores (or with `null` removes) an estimate of ballots left for a contest or an election. */
  setEstimate(scope: string, estimate: RemainingEstimate | null): Promise<Settings>;
  contest(id: string): Promise<ContestView>;
  history(id: string): Promise<ContestHistory>;
  areas(id: string): Promise<AreaResults>;
  profiles(): Promise<Profile[]>;
  profile(id: string): Promise<Profile>;
  refresh(): Promise<RefreshDone>;
  alerts(): Promise<Alert[]>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;
  setFollowed(id: string, follow: boolean): Promise<Settings>;
  /** Every stored election, newest first. */
  elections(): Promise<ElectionSummary[]>;
  /** The election every page shows (`null`: the newest). */
  setElection(id: string | null): Promise<Settings>;
  /** Pins a race as its election's headline on the overview, or takes the pin away. */
  setPinned(id: string, pin: boolean): Promise<Settings>;
  /** Fetches an address and says what it holds; nothing is stored. */
  probeSource(url: string, publicKey: string | null): Promise<SourceProbe>;
  addSource(source: NewSource): Promise<Settings>;
  removeSource(id: string): Promise<Settings>;
  relabelSource(id: string, label: string): Promise<Settings>;
  openLink(url: string): Promise<void>;
  /** Saves a CSV of one contest, or of what `filter` selects, through the system's save dialog; `null` if cancelled. */
  exportCsv(filter: ContestFilter, contestId: string | null, fileName: string): Promise<string | null>;
  /** Shows a sentence (an alert, worded in the UI's language) as a desktop notification. */
  notify(body: string): Promise<void>;
  /** Tells the shell the first results are on screen (for the startup benchmark). */
  uiReady(): Promise<void>;
  /** Calls `handler` for every refresh the app runs by itself (auto-refresh). */
  onRefreshed(handler: (report: RefreshReport) => void): Promise<() => void>;
}

/** Commands reject with an `ApiError`; anything else is wrapped so the UI sees one shape. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const field = "field" in e ? (e.field as ApiError["field"]) : null;
    return { code: e.code as ApiError["code"], message: String(e.message), field: field ?? null };
  }
  return { code: "internal", message: String(e), field: null };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asApiError(e);
  }
}

export const tauriBackend: Backend = {
  overview: () => call("overview"),
  resultsLayout: (query) => call("results_layout", { query }),
  resultsPage: (query, from, count) => call("results_page", { query, from, count }),
  suggest: (text) => call("suggest", { text }),
  hurdle: (id, remaining, chosen) => call("hurdle", { id, remaining, chosen }),
  setEstimate: (scope, estimate) => call("set_estimate", { scope, estimate }),
  contest: (id) => call("contest", { id }),
  history: (id) => call("history", { id }),
  areas: (id) => call("areas", { id }),
  profiles: () => call("profiles"),
  profile: (id) => call("profile", { id }),
  refresh: () => call("refresh"),
  alerts: () => call("alerts"),
  getSettings: () => call("get_settings"),
  saveSettings: (settings) => call("save_settings", { settings }),
  setFollowed: (id, follow) => call("set_followed", { id, follow }),
  openLink: (url) => call("open_link", { url }),
  exportCsv: (filter, contestId, fileName) => call("export_csv", { filter, contestId, fileName }),
  notify: (body) => call("notify", { body }),
  elections: () => call("elections"),
  setElection: (id) => call("set_election", { id }),
  setPinned: (id, pin) => call("set_pinned", { id, pin }),
  probeSource: (url, publicKey) => call("probe_source", { url, publicKey }),
  addSource: (source) => call("add_source", { source }),
  removeSource: (id) => call("remove_source", { id }),
  relabelSource: (id, label) => call("relabel_source", { id, label }),
  uiReady: () => call("ui_ready"),
  onRefreshed: (handler) => listen<RefreshReport>("refreshed", (e) => handler(e.payload)),
};
