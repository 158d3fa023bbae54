// End-to-end: feed and profile text carrying script payloads is shown as text, and no script
// runs. Each payload would set window.__pwned if it ever executed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { CLI, byId, dataDir, feedServer, launch, shot, snapshot } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
export const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `<svg onload="window.__pwned='svg'"><script>window.__pwned='svg2'</script></svg>`,
  `javascript:window.__pwned='link'`,
  `"><iframe srcdoc="<script>parent.__pwned='iframe'</script>">`,
];

let browser;
let server;
after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close();
});

function hostileFeed() {
  const doc = JSON.parse(snapshot("december"));
  const group = doc.Election.ContestGroups[0];
  group.Contests[0].Title = `ROGUE ${PAYLOADS[0]}`;
  group.Contests[0].Candidates[0].Name = PAYLOADS[1];
  group.Contests[1].Title = PAYLOADS[2];
  group.Contests[1].Candidates[1].Name = PAYLOADS[4];
  return Buffer.from(JSON.stringify(doc));
}

function hostileProfiles(dir) {
  const base = JSON.parse(execFileSync(CLI, ["--db", join(dir, "cache.db"), "profiles", "--json"]));
  const set = {
    format: "tallyroom-profiles",
    // The current format: the stored profiles it starts from carry translations (version 2).
    version: 2,
    sources: [{ id: "s", title: PAYLOADS[2], publisher: PAYLOADS[0], url: PAYLOADS[3], published: "2022-11-09", note: PAYLOADS[1] }],
    profiles: base.map((p) => ({
      ...p,
      sources: undefined,
      name: `${p.name} ${PAYLOADS[0]}`,
      summary: { ...p.summary, text: PAYLOADS[1], translations: { es: PAYLOADS[1] }, source: "s" },
      biography: PAYLOADS.map((text) => ({ text, source: "s", as_of: "2022-11-09" })),
      endorsements: [{ name: PAYLOADS[2], kind: "celebrity", role: PAYLOADS[3], source: "s", as_of: "2022-11-09" }],
      positions: p.positions.map((pos) => ({ ...pos, text: PAYLOADS[4], source: "s" })),
      money: [], polls: [], earlier_results: [],
    })),
  };
  const path = join(dir, "hostile-profiles.json");
  writeFileSync(path, JSON.stringify(set));
  execFileSync(CLI, ["--db", join(dir, "cache.db"), "import-profiles", path]);
}

const pwned = (b) => b.execute(() => window.__pwned ?? null);

test("script payloads in feeds, profiles and settings are shown as text and never run", async () => {
  server = await feedServer();
  server.serve(hostileFeed());
  const dir = dataDir(server.url);
  hostileProfiles(dir);
  browser = await launch(dir, []);
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  await b.waitUntil(async () => (await byId(b, "refresh-message").getText()).startsWith("Updated"), WAIT);

  await byId(b, "nav-results").click();
  const input = byId(b, "search-input");
  await input.waitForDisplayed(WAIT);
  await input.setValue("rogue");
  // The unfiltered list is on screen until the debounced search answers: wait for exactly one card.
  await b.waitUntil(async () => (await b.$$('[data-testid="contest-card"]')).length === 1, WAIT);
  const link = b.$('[data-testid="contest-link"]');
  assert.equal(await link.getText(), `Rogue ${PAYLOADS[0]}`);
  await link.click();
  await byId(b, "contest-title").waitForDisplayed(WAIT);
  // Names are re-cased for display ("KAREN" → "Karen"), so compare without case.
  const page = (await b.$("main").getText()).toLowerCase();
  assert.ok(page.includes(PAYLOADS[1].toLowerCase()), "the candidate's name is printed as text");
  await shot(b, "7-xss-contest");

  await byId(b, "nav-candidates").click();
  await b.$('[data-testid="profile-link"]').click();
  await byId(b, "profile-name").waitForDisplayed(WAIT);
  const profile = (await b.$("main").getText()).toLowerCase();
  for (const p of [PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[4]]) {
    assert.ok(profile.includes(p.toLowerCase()), `shown as text: ${p}`);
  }
  // The javascript: source is not a link: only https sources become clickable.
  assert.equal(await b.$('a[href^="javascript:"]').isExisting(), false);
  await shot(b, "8-xss-profile");

  await byId(b, "nav-sources").click();
  // Plain http to another host is refused before any request is made.
  await byId(b, "source-url").setValue(`http://x.example/"><img src=x onerror="window.__pwned='settings'">`);
  await byId(b, "source-check").click();
  await byId(b, "source-error").waitForDisplayed(WAIT);
  // In a person's words under the field; Rust's exact text stays behind "Details".
  assert.match(await byId(b, "source-error").getText(), /starts with https:\/\//);
  const detail = (id) => b.execute((sel) => document.querySelector(sel)?.textContent ?? "", `[data-testid="${id}-detail"]`);
  assert.match(await detail("source-error"), /must start with https/);
  await byId(b, "source-url").setValue(server.url);
  await byId(b, "source-key").setValue(PAYLOADS[1]);
  await byId(b, "source-check").click();
  // A bad key is named as the key's fault (Rust names the field), in words and in the detail.
  await b.waitUntil(async () => (await detail("source-error")).includes("minisign"), WAIT);
  assert.match(await byId(b, "source-error").getText(), /minisign public key/);

  assert.equal(await pwned(b), null, "no payload ran");
  assert.equal(await b.$("main img[src='x'], main iframe, main svg script").isExisting(), false);
});
