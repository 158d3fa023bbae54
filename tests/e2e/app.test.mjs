// End-to-end: the real Tallyroom window, driven through tauri-driver and WebKitWebDriver.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  byId,
  changedContests,
  dataDir,
  deadUrl,
  docShot,
  feedServer,
  headlineVotes,
  launch,
  shot,
  snapshot,
} from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
});

async function fresh(dir, args) {
  await browser?.deleteSession().catch(() => {});
  browser = await launch(dir, args);
  await byId(browser, "headline").waitForExist(WAIT);
  return browser;
}

test("first launch, no network: bundled figures and the offline banner", async () => {
  const b = await fresh(dataDir(await deadUrl()));
  await b.waitUntil(async () => (await headlineVotes(b))["KAREN RUTH BASS"] === "509,944", WAIT);
  assert.deepEqual(await headlineVotes(b), { "KAREN RUTH BASS": "509,944", "RICK J. CARUSO": "420,030" });
  await byId(b, "offline-banner").waitForDisplayed(WAIT);
  assert.match(await byId(b, "offline-banner").getText(), /Offline — showing results as of 5 Dec 2022/);
  assert.equal(await b.$('[role="alertdialog"]').isExisting(), false);
  await shot(b, "1-first-launch-offline");
});

test("a launch refresh that fails never moves the page under the pointer", async () => {
  await browser?.deleteSession().catch(() => {});
  browser = await launch(dataDir(await deadUrl()));
  const b = browser;
  // Where the page's content starts, from the first look until the refresh has failed and said
  // so. Before, the header grew by its status line just after the first paint and the offline
  // banner pushed the page down again (58, 67, 108 and 148 px in one launch).
  const tops = new Set();
  await b.waitUntil(async () => {
    const [top, offline] = await b.execute(() => [
      document.querySelector("main")?.getBoundingClientRect().top ?? null,
      document.querySelector('[data-testid="offline-banner"]') !== null,
    ]);
    if (top !== null) tops.add(Math.round(top));
    return offline;
  }, { ...WAIT, interval: 20 });
  assert.equal(tops.size, 1, `the page's content started at ${[...tops].join(", ")} px`);
});

test("Karen Bass's profile, compared with Rick Caruso on homelessness", async () => {
  const b = await fresh(dataDir(await deadUrl()));
  await byId(b, "nav-candidates").click();
  await b.waitUntil(async () => (await b.$$('[data-testid="profile-link"]')).length >= 2, WAIT);
  const links = await b.$$('[data-testid="profile-link"]');
  let bass;
  for (const l of links) if ((await l.getText()) === "Karen Bass") bass = l;
  assert.ok(bass, "Karen Bass is listed");
  await bass.click();
  await byId(b, "profile-name").waitForDisplayed(WAIT);
  assert.equal(await byId(b, "profile-name").getText(), "Karen Bass");
  const officials = await byId(b, "endorsements-elected_official").getText();
  assert.match(officials, /Barack Obama/);
  await byId(b, "compare-with").click();
  const row = b.$('[data-testid="compare-topic"][data-topic="Homelessness"]');
  await row.waitForDisplayed(WAIT);
  const text = await row.getText();
  assert.match(text, /permanent housing/);
  assert.match(text, /30,000 beds/);
  await shot(b, "2-compare-homelessness");
});

test("search Caruso from Results and land on the mayor's race", async () => {
  const b = await fresh(dataDir(await deadUrl()));
  await byId(b, "nav-results").click();
  const input = byId(b, "search-input");
  await input.waitForDisplayed(WAIT);
  await input.setValue("Caruso");
  await b.waitUntil(async () => (await b.$$('[data-testid="contest-card"]')).length === 3, WAIT);
  const first = b.$('[data-testid="contest-link"]');
  assert.equal(await first.getText(), "Los Angeles City: Mayor");
  await first.click();
  await byId(b, "contest-title").waitForDisplayed(WAIT);
  assert.equal(await byId(b, "contest-title").getText(), "Los Angeles City: Mayor");
  const rows = await b.$$('[data-testid="history-table"] tbody tr');
  assert.equal(rows.length, 4, "four stored counts");
  await shot(b, "3-search-to-mayor");
});

let server;
test("Refresh brings a newer real snapshot from a loopback server", async () => {
  server = await feedServer();
  server.serve(snapshot("wednesday"));
  const b = await fresh(dataDir(server.url), ["--no-bundled-results"]);
  // The launch refresh fetched Wednesday's count.
  await b.waitUntil(async () => (await headlineVotes(b))["KAREN RUTH BASS"] === "240,194", WAIT);
  assert.deepEqual(await headlineVotes(b), { "KAREN RUTH BASS": "240,194", "RICK J. CARUSO": "252,476" });
  server.serve(snapshot("friday"));
  await byId(b, "refresh-button").click();
  await b.waitUntil(async () => (await headlineVotes(b))["KAREN RUTH BASS"] === "289,782", WAIT);
  assert.deepEqual(await headlineVotes(b), { "KAREN RUTH BASS": "289,782", "RICK J. CARUSO": "285,398" });
  const n = changedContests(snapshot("wednesday"), snapshot("friday"));
  await b.waitUntil(async () => (await byId(b, "refresh-message").getText()).startsWith("Updated"), WAIT);
  assert.equal(await byId(b, "refresh-message").getText(), `Updated: ${n} contests changed`);
  assert.ok(await byId(b, "changed-badge").isExisting(), "the changed race is marked");
  await docShot(b, "4-refresh-updated", "screenshot");
});

test("with the server gone, Refresh shows the offline banner and keeps the figures", async () => {
  const b = browser;
  await server.close();
  await byId(b, "refresh-button").click();
  await byId(b, "offline-banner").waitForDisplayed(WAIT);
  assert.deepEqual(await headlineVotes(b), { "KAREN RUTH BASS": "289,782", "RICK J. CARUSO": "285,398" });
  // In the app's words; Rust's exact reason is kept behind "Details".
  assert.equal(await byId(b, "refresh-message").getText(), "Offline: The feed could not be reached. Check the connection.");
  const detail = await b.execute(() => document.querySelector('[data-testid="refresh-detail"]')?.textContent ?? "");
  assert.match(detail, /^could not reach 127\.0\.0\.1/);
  await shot(b, "5-offline-after-refresh");
});
