// A refresh of several sources, worded in one line: each source's own outcome, the county
// sites that failed by name, and "offline" for the whole app only when every source failed.
import { describe, expect, it } from "vitest";
import type { ContestChange, SourceRefresh } from "./bindings";
import { describeProbe, summarize } from "./sources";

const change = (id: string) => ({ contest_id: id }) as ContestChange;
const line = (label: string, more: Partial<SourceRefresh>): SourceRefresh => ({
  id: label,
  label,
  outcome: null,
  error: null,
  failed_counties: [],
  counties_checked: 0,
  counties_updated: 0,
  ...more,
});
const unchanged = { status: "unchanged" as const, checked_at_ms: 1 };
const offline = { code: "offline" as const, message: "could not reach fulton.example", field: null };

describe("summarize", () => {
  it("says each source's outcome, and names the county sites that failed", () => {
    const updated = {
      status: "updated" as const,
      checked_at_ms: 1,
      is_latest: true,
      snapshot: {} as never,
      changes: ["a", "b", "c"].map(change),
    };
    const s = summarize({
      sources: [
        line("LA County", { outcome: unchanged }),
        line("Georgia", {
          outcome: updated,
          counties_checked: 3,
          counties_updated: 1,
          failed_counties: [{ name: "Appling", error: { code: "http_status", message: "answered 404", field: null } }],
        }),
        line("Fulton", { error: offline }),
      ],
      alerts: [],
    });
    expect(s.text).toBe("LA County: no new results · Georgia: updated, 3 contests changed, 1 county site failed: Appling · Fulton: offline");
    expect(s.kind).toBe("updated");
    expect(s.error).toBeNull();
    expect(s.changed).toEqual(["a", "b", "c"]);
    expect(s.detail).toBe("Fulton: could not reach fulton.example");
  });

  it("is offline only when every source failed", () => {
    const s = summarize({ sources: [line("A", { error: offline }), line("B", { error: offline })], alerts: [] });
    expect(s.kind).toBe("error");
    expect(s.error?.code).toBe("offline");
  });

  it("one source speaks as a single feed always has", () => {
    expect(summarize({ sources: [line("LA County", { outcome: unchanged })], alerts: [] }).text).toBe("No new results");
  });
});

describe("describeProbe", () => {
  it("says what a Clarity state site is", () => {
    expect(
      describeProbe({ kind: "clarity_site", election: "General Election", date: "2020-11-03", area: "GA", contests: 298, counties: 159, suggested_label: "GA" }),
    ).toBe("Clarity results site: GA, General Election, 3 Nov 2020, 298 contests, 159 county sites");
  });
});
