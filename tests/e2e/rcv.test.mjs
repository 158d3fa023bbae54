// End-to-end: a ranked-choice contest round by round in the real window. The Maine 2018
// primary's RCTab report is the feed (served on loopback, fetched by the launch refresh); the
// Minneapolis precinct example's cast vote records are tabulated by the CLI into preliminary
// rounds before launch. axe runs on the page in English (light) and Spanish (dark).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { CLI, SHOTS, axe, byId, clickUntilShown, dataDir, docShot, launch, shot, staticServer } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
const RCV = resolve(SHOTS, "../../data/rcv");
let browser;
let server;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close().catch(() => {});
});

/** Shows the election whose name starts with `q` (every page shows one), then opens its race. */
async function open(b, q) {
  const select = b.$('[data-testid="election-select"]');
  await select.waitForDisplayed(WAIT);
  const names = [];
  for (const o of await select.$$("option")) names.push(await o.getText());
  const at = names.findIndex((n) => n.startsWith(q));
  assert.ok(at >= 0, `${q} among ${names.join(" | ")}`);
  await select.selectByIndex(at);
  await b.waitUntil(async () => (await b.$('[data-testid="election-select"]').getValue()) !== "" && (await b.$("header .election option:checked").getText()).startsWith(q), WAIT);
  await b.execute((h) => (location.hash = h), `#/results?q=${encodeURIComponent(q)}`);
  await b.waitUntil(async () => (await b.$$('[data-testid="contest-link"]')).length > 0, WAIT);
  await clickUntilShown(b, '[data-testid="contest-link"]', '[data-testid="rounds-table"]', WAIT);
  await b.pause(300); // the chart draws after its data
}

/** The text of each cell (header and data) of a table row, spaces collapsed. */
async function cells(el) {
  const out = [];
  for (const c of await el.$$("th, td")) out.push((await c.getText()).replace(/\s+/g, " ").trim());
  return out;
}

/** A candidate's row: the text of each round's cell. */
async function row(b, raw) {
  return (await cells(b.$(`[data-testid="rounds-row"][data-name="${raw}"]`))).slice(1);
}

async function noViolations(b, label) {
  const r = await axe(b);
  const failures = r.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join("\n    ")}`);
  assert.deepEqual(failures, [], failures.join("\n"));
}

test("the Maine primary round by round, and preliminary rounds labelled as Tallyroom's own", async () => {
  server = await staticServer(RCV);
  const dir = dataDir(server.url("2018_maine_governor_primary_report.json"));
  execFileSync(CLI, [
    "--db",
    join(dir, "cache.db"),
    "import",
    join(RCV, "precinct_example_cvr_cdf.json"),
    "--rcv-config",
    join(RCV, "precinct_example_rctab_config.json"),
  ]);
  browser = await launch(dir);
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  await b.waitUntil(async () => /Updated|No new/i.test(await byId(b, "refresh-message").getText()), WAIT);
  await open(b, "Maine 2018");

  // Four rounds; Mills elected in round 4 with 63,387 over Cote's 53,866.
  assert.equal((await b.$$('[data-testid="rounds-table"] thead th')).length, 5);
  const mills = await row(b, "Mills, Janet T.");
  assert.equal(mills.length, 4);
  assert.match(mills[0], /^41,735$/);
  assert.match(mills[1], /^44,042 \+2,307$/);
  assert.match(mills[3], /^63,387 \+13,442 Elected$/);
  const cote = await row(b, "Cote, Adam Roland");
  assert.match(cote[3], /^53,866 \+11,243$/);
  assert.match((await row(b, "Eves, Mark W."))[1], /Eliminated/);
  assert.match((await row(b, "Eves, Mark W."))[2], /Out/);
  assert.deepEqual(await cells(byId(b, "threshold-row")), ["Votes needed to win", "63,070", "62,047", "61,257", "58,627"]);
  const inactive = [];
  for (const r of await b.$$('[data-testid="inactive-row"]')) inactive.push((await cells(r)).join(" | "));
  assert.equal(inactive.length, 4);
  assert.ok(inactive.some((r) => /^Inactive ballots: Overvotes .* \| 430 \| 472 \| 507 \| 580$/.test(r)), inactive.join("\n"));
  assert.ok(inactive.some((r) => /No continuing candidate left .* \| 0 \| 1,959 \| 3,477 \| 8,585$/.test(r)), inactive.join("\n"));
  assert.match(await byId(b, "rounds-ballots").getText(), /132,250 ballots cast in this contest; 5,535 ranked no one/);
  assert.match(await byId(b, "transfers").getText(), /Round 3: Sweet, Elizabeth A\.: Cote, Adam Roland \+11,243 · Mills, Janet T\. \+13,442 · inactive \+5,259/);
  assert.match(await byId(b, "margin").getText(), /Mills, Janet T\. elected in round 4, as the report counts it/);
  assert.ok(await byId(b, "rounds-chart").$("canvas").isExisting(), "the rounds are drawn");
  assert.equal(await byId(b, "hurdle").isExisting(), false, "no hurdle on first choices");
  await noViolations(b, "en/light");
  // The page from the contest's title down, under the sticky header.
  await b.execute(() => {
    document.querySelector('[data-testid="rounds"]')?.scrollIntoView();
    window.scrollBy(0, -(document.querySelector("header")?.getBoundingClientRect().height ?? 0) - 8);
  });
  await docShot(b, "ranked-choice");

  // Tallyroom's own rounds from the precinct example's records: said to be preliminary, no one
  // "elected"; Hodges over the threshold in round 5, 42 to Frey's 41 (RCTab's own result).
  await open(b, "Precinct example");
  assert.match(await byId(b, "rounds-source").getText(), /^Preliminary rounds computed by Tallyroom from 100 cast vote records\. This is not the official tabulation\.$/);
  assert.match((await row(b, "Betsy Hodges"))[4], /^42 \+14 Over the threshold$/);
  assert.match((await row(b, "Jacob Frey"))[4], /^41 \+2$/);
  assert.equal(await b.$('[data-testid="elected-mark"]').isExisting(), false);
  assert.equal(await b.$(".lead-mark").isExisting(), false, "first choices carry no 'Leading' mark");
  assert.doesNotMatch(await b.$("main").getText(), /Elected/);
  await shot(b, "ranked-choice-preliminary");

  // Spanish, dark: the same page, no violations.
  await b.deleteSession();
  const es = dataDir(server.url("2018_maine_governor_primary_report.json"), { language: "es", theme: "dark" });
  browser = await launch(es);
  await byId(browser, "headline").waitForExist(WAIT);
  await browser.waitUntil(async () => /Actualizado|No hay/i.test(await byId(browser, "refresh-message").getText()), WAIT);
  await open(browser, "Maine 2018");
  assert.match(await byId(browser, "margin").getText(), /electo en la ronda 4/);
  await noViolations(browser, "es/dark");
  await shot(browser, "ranked-choice-es-dark");
});
