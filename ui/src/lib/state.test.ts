// AppState behind a Backend that the test controls: no Tauri, no window.
import { describe, expect, it, vi } from "vitest";
import type { Backend } from "./backend";
import type { Overview, RefreshDone, SyncOutcome } from "./bindings";
import { AppState } from "./state.svelte";

const overview: Overview = {
  election: { id: "lavote-4300", title: "General Election", date: "2022-11-08T00:00:00-08:00" },
  headline: null,
  pinned: false,
  turnout: null,
  turnout_percent: null,
  followed: [],
  latest_snapshot: null,
  time_zone: "America/Los_Angeles",
  snapshot_count: 4,
  contest_count: 430,
  changed_in_latest: 0,
  leader_changes: [],
  seat_changes: [],
  status: { sources: [], last_success_ms: null, last_error: null, syncing: false },
  notices: [],
};

function backend(sync: () => Promise<SyncOutcome>): Backend {
  // Rust answers every refresh with one line per source; a source's failure is in its line.
  const line = { id: "1", label: "LA County", failed_counties: [], counties_checked: 0, counties_updated: 0 };
  const refresh = (): Promise<RefreshDone> =>
    sync().then(
      (outcome) => ({ sources: [{ ...line, outcome, error: null }], alerts: [] }),
      (e) => {
        if (e.code === "busy") throw e;
        return { sources: [{ ...line, outcome: null, error: e }], alerts: [] };
      },
    );
  const fail = () => Promise.reject(new Error("not used"));
  return {
    overview: () => Promise.resolve(overview),
    resultsLayout: fail,
    resultsPage: fail,
    suggest: fail,
    hurdle: fail,
    setEstimate: fail,
    exportCsv: fail,
    contest: fail,
    history: fail,
    areas: fail,
    profiles: fail,
    profile: fail,
    refresh,
    alerts: () => Promise.resolve([]),
    getSettings: () =>
      Promise.resolve({
        sources: [],
        auto_refresh: false,
        auto_refresh_secs: 60,
        followed: [],
        alert_margin_points: 1,
        language: null,
        theme: null,
        remaining: [],
        election: null,
        pinned: [],
      }),
    saveSettings: fail,
    setFollowed: fail,
    openLink: fail,
    notify: () => Promise.resolve(),
    elections: () => Promise.resolve([]),
    setElection: fail,
    setPinned: fail,
    probeSource: fail,
    addSource: fail,
    removeSource: fail,
    relabelSource: fail,
    uiReady: () => Promise.resolve(),
    onRefreshed: () => Promise.resolve(() => {}),
  };
}

describe("refresh", () => {
  it("a second press while one runs starts nothing new", async () => {
    let release: (o: SyncOutcome) => void = () => {};
    const sync = vi.fn(() => new Promise<SyncOutcome>((r) => (release = r)));
    const app = new AppState(backend(sync));
    const first = app.refresh();
    void app.refresh();
    void app.refresh();
    expect(sync).toHaveBeenCalledTimes(1);
    expect(app.refreshing).toBe(true);
    release({ status: "unchanged", checked_at_ms: 1 });
    await first;
    await Promise.resolve();
    expect(app.refreshing).toBe(false);
    expect(app.message?.text).toBe("No new results");
  });

  it("an unreachable feed turns the offline banner on, and a success turns it off", async () => {
    let next: () => Promise<SyncOutcome> = () =>
      Promise.reject({ code: "offline", message: "could not reach 127.0.0.1:9" });
    const app = new AppState(backend(() => next()));
    await app.refresh();
    expect(app.offline).toBe(true);
    expect(app.message).toEqual({
      kind: "error",
      text: "Offline: The feed could not be reached. Check the connection.",
      detail: "could not reach 127.0.0.1:9",
    });
    next = () => Promise.resolve({ status: "unchanged", checked_at_ms: 2 });
    await app.refresh();
    expect(app.offline).toBe(false);
  });

  it("a bad feed is an error, not 'offline'", async () => {
    const app = new AppState(
      backend(() => Promise.reject({ code: "bad_feed", message: "the server sent a web page (HTML)" })),
    );
    await app.refresh();
    expect(app.offline).toBe(false);
    expect(app.message?.text).toBe("Could not refresh: The feed's answer was not what was expected.");
    expect(app.message?.detail).toBe("the server sent a web page (HTML)");
  });
});

describe("alerts", () => {
  it("go to the desktop in the UI's language, not in Rust's English", async () => {
    const { setLang } = await import("./i18n.svelte");
    setLang("es");
    const sent: string[] = [];
    const b = backend(() => Promise.resolve({ status: "unchanged", checked_at_ms: 1 }));
    b.notify = (body) => {
      sent.push(body);
      return Promise.resolve();
    };
    const app = new AppState(b);
    app.apply({
      outcome: {
        sources: [{ id: "1", label: "LA County", outcome: { status: "unchanged", checked_at_ms: 1 }, error: null, failed_counties: [], counties_checked: 0, counties_updated: 0 }],
        alerts: [
          {
            at_ms: 1,
            contest_id: "c-4f718ecaf942b4c9",
            kind: "leader_changed",
            message: "Karen Ruth Bass now leads in Los Angeles City: Mayor, ahead of Rick J. Caruso by 0.8 points.",
            words: { key: "now_leads", leader: "Karen Ruth Bass", behind: "Rick J. Caruso", title: "Los Angeles City: Mayor", points: 0.76 },
            story: null,
          },
        ],
      },
      error: null,
      auto: false,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^Karen Ruth Bass .*Los Angeles City: Mayor.*0\.8 puntos/);
    expect(sent[0]).not.toMatch(/now leads/);
    setLang("en");
  });
});
