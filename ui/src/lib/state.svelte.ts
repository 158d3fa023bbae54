// App-wide state: the overview, the refresh in progress, and which changes are still unseen.
import type { Backend } from "./backend";
import { asApiError } from "./backend";
import type { Alert, ApiError, ElectionSummary, Overview, Pin, Profile, RefreshReport } from "./bindings";
import { alertSentence, errorKind, isOffline, refreshFailure } from "./format";
import { summarize } from "./sources";
import { setLang, systemLang, t } from "./i18n.svelte";
import { Resource } from "./resource.svelte";
import { applyTheme } from "./palette";

/** `detail`: Rust's exact words for a failure, kept behind "Details" for whoever reports it. */
export type Message = { kind: "info" | "updated" | "error"; text: string; detail?: string };

export class AppState {
  overview = $state<Overview | null>(null);
  loadError = $state<ApiError | null>(null);
  refreshing = $state(false);
  message = $state<Message | null>(null);
  /** Contests changed by the last refresh that the user has not opened yet. */
  unseen = $state<Set<string>>(new Set());
  /** Bumped after every refresh so pages re-read their data. */
  version = $state(0);
  lastError = $state<ApiError | null>(null);
  /** Alerts about followed races, newest first. */
  alerts = $state<Alert[]>([]);

  /** Every candidate profile: one query shared by the pages that list profiles. */
  readonly profiles: Resource<null, Profile[]>;

  constructor(private backend: Backend) {
    this.profiles = new Resource(() => this.backend.profiles());
  }

  /** Loads the profiles once; later pages reuse them until a refresh invalidates them. */
  ensureProfiles(): void {
    if (this.profiles.key === null) void this.profiles.load(null);
  }

  get offline(): boolean {
    const err = this.lastError ?? this.overview?.status.last_error ?? null;
    return isOffline(err);
  }

  /** Contests the user follows, from the settings. */
  followedIds = $state<string[]>([]);
  /** The headline the user pinned in each election, from the settings. */
  pins = $state.raw<Pin[]>([]);
  /** Every stored election, newest first, for the switcher. */
  elections = $state.raw<ElectionSummary[]>([]);

  /** The election every page shows (Rust's choice: the user's, else the newest stored). */
  get electionId(): string | null {
    return this.overview?.election?.id ?? null;
  }

  /** Shows another election on every page; remembered in settings. */
  async chooseElection(id: string | null): Promise<void> {
    await this.backend.setElection(id);
    this.version += 1;
    await this.load();
  }
  threshold = $state<number | null>(null);

  async load(): Promise<void> {
    try {
      // Independent reads, asked for at once: one round trip instead of four.
      const [settings, alerts, overview, elections] = await Promise.all([
        this.backend.getSettings(),
        this.alerts.length === 0 ? this.backend.alerts() : Promise.resolve(null),
        this.backend.overview(),
        this.backend.elections(),
      ]);
      // The chosen language, or the system's until the user chooses one in Settings.
      setLang(settings.language ?? systemLang());
      applyTheme(settings.theme);
      this.followedIds = settings.followed;
      this.pins = settings.pinned;
      this.elections = elections;
      this.threshold = settings.alert_margin_points;
      if (alerts) this.alerts = alerts;
      this.overview = overview;
      this.loadError = null;
      this.lastError ??= this.overview.status.last_error;
    } catch (e) {
      this.loadError = asApiError(e);
    }
  }

  /** A press while a refresh runs starts nothing new. */
  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    const n = this.overview?.status.sources.length ?? 1;
    this.message = { kind: "info", text: n > 1 ? t("refresh.checkingSources", { n }) : t("refresh.checking") };
    try {
      const done = await this.backend.refresh();
      this.apply({ outcome: done, error: null, auto: false });
    } catch (e) {
      const error = asApiError(e);
      if (errorKind(error.code) !== "busy") this.apply({ outcome: null, error, auto: false });
    } finally {
      this.refreshing = false;
    }
  }

  apply(report: RefreshReport): void {
    if (report.outcome) {
      const summary = summarize(report.outcome);
      this.lastError = summary.error;
      this.message = { kind: summary.kind, text: summary.text, detail: summary.detail };
      if (summary.changed.length > 0) this.unseen = new Set(summary.changed);
      if (report.outcome.alerts.length > 0) {
        this.alerts = [...[...report.outcome.alerts].reverse(), ...this.alerts];
        // The desktop notification says it in the UI's language (Rust's own text is English).
        for (const a of report.outcome.alerts) void this.backend.notify(alertSentence(a)).catch(() => {});
      }
    } else if (report.error) {
      this.lastError = report.error;
      this.message = { kind: "error", text: refreshFailure(report.error), detail: report.error.message };
    }
    this.version += 1;
    // A feed can carry profiles (NIST candidates): what was loaded is read again.
    if (this.profiles.key !== null) void this.profiles.load(null);
    void this.load();
  }

  markSeen(id: string): void {
    if (this.unseen.has(id)) {
      const next = new Set(this.unseen);
      next.delete(id);
      this.unseen = next;
    }
  }
}
