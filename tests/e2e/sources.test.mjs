// End-to-end: following several sources in the real window. Georgia's Clarity state site is
// pasted as a browser shows it, the app says what it found before saving, a NIST file is added
// beside LA County's feed, one Refresh pulls all three with each one's outcome on screen (the
// county site that is gone named), and Georgia's count becomes an election to switch to.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, test } from "node:test";
import { SHOTS, byId, dataDir, launch, shot, snapshotPath, staticServer } from "./helpers.mjs";

const WAIT = { timeout: 30000 };
const DATA = resolve(SHOTS, "../../data");
let browser;
let server;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close().catch(() => {});
});

/** Georgia's state site (its real summary and settings, listing Appling and Fulton), Fulton's
 *  site with a detail zip, Appling's missing; LA's December file; a NIST results file. */
function siteTree() {
  const root = mkdtempSync(join(tmpdir(), "tallyroom-sources-"));
  const put = (rel, bytes) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), bytes);
  };
  const settings = JSON.parse(readFileSync(join(DATA, "clarity/site/GA_105369_271927_electionsettings.json"), "utf8"));
  settings.settings.electiondetails.participatingcounties = [
    "Appling|105371|271560|11/16/2020 3:48:35 PM EST|16",
    "Fulton|105430|271723|11/20/2020 10:04:22 AM EST|16",
  ];
  put("GA/105369/current_ver.txt", "271066");
  put("GA/105369/271066/json/en/summary.json", readFileSync(join(DATA, "clarity/site/GA_105369_271066_summary.json")));
  put("GA/105369/271066/json/en/electionsettings.json", JSON.stringify(settings));
  put("GA/Fulton/105430/current_ver.txt", "271723");
  put("GA/Fulton/105430/271723/reports/detailxml.zip", readFileSync(join(DATA, "clarity/detailxml.zip")));
  mkdirSync(join(root, "la"), { recursive: true });
  copyFileSync(snapshotPath("december"), join(root, "la/feed.json"));
  put("nist/results.xml", readFileSync(join(DATA, "nist-cdf/post_election_with_outstanding.xml")));
  return root;
}

/** The texts of every element with `testid`, read in one call: the list re-renders as sources
 *  change, and reading element by element can meet one that is already gone. */
const texts = (b, testid) =>
  b.execute((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim()), `[data-testid="${testid}"]`);
const rows = (b) => texts(b, "source-name");

async function addByPasting(b, url, name) {
  await byId(b, "source-url").setValue(url);
  await byId(b, "source-check").click();
  const found = byId(b, "source-found");
  await found.waitForDisplayed(WAIT);
  const text = await found.getText();
  if (name) await byId(b, "source-label").setValue(name);
  return { text, add: () => byId(b, "source-add").click() };
}

test("add sources by pasting, refresh them all, see each one's outcome", async () => {
  server = await staticServer(siteTree());
  browser = await launch(dataDir(server.url("la/feed.json"), { pinned: [] }));
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  await byId(b, "nav-sources").click();
  await b.waitUntil(async () => (await rows(b)).join() === "LA County", WAIT);

  // Georgia, as the browser shows the page: the app says what it is before anything is saved.
  const georgia = await addByPasting(b, server.url("GA/105369/web.264614/#/summary"), "Georgia");
  assert.equal(georgia.text, "Found: Clarity results site: GA, General Election, 3 Nov 2020, 298 contests, 2 county sites");
  await byId(b, "source-counties").click();
  await georgia.add();
  await b.waitUntil(async () => (await rows(b)).join() === "LA County,Georgia", WAIT);

  // An address that is not a feed: why, and nothing added.
  await byId(b, "source-url").setValue(server.url("GA/105369/current_ver.txt"));
  await byId(b, "source-check").click();
  await byId(b, "source-error").waitForDisplayed(WAIT);
  assert.match(await byId(b, "source-error").getText(), /not what was expected/);
  assert.deepEqual(await rows(b), ["LA County", "Georgia"]);

  const nist = await addByPasting(b, server.url("nist/results.xml"), "NIST sample");
  assert.match(nist.text, /^Found: NIST results file: /);
  await nist.add();
  await b.waitUntil(async () => (await rows(b)).length === 3, WAIT);

  // One Refresh: every source's own outcome in the header, the missing county named.
  await byId(b, "refresh-button").click();
  const message = byId(b, "refresh-message");
  await b.waitUntil(async () => (await message.getText()).includes("NIST sample:"), WAIT);
  const said = await message.getText();
  assert.match(said, /^LA County: no new results · Georgia: updated, 298 contests changed, 1 county site failed: Appling · NIST sample: updated, \d+ contests? changed$/);
  await b.waitUntil(async () => {
    const states = await texts(b, "source-state");
    return states.length === 3 && states.every((s) => s.startsWith("Last good refresh"));
  }, WAIT);
  await b.execute(() => window.scrollTo(0, 0));
  await shot(b, "sources");

  // Georgia's count is an election of its own: its biggest race heads its overview.
  await byId(b, "nav-overview").click();
  const select = byId(b, "election-select");
  await select.waitForDisplayed(WAIT);
  const options = [];
  for (const o of await select.$$("option")) options.push(await o.getText());
  const ga = options.findIndex((o) => o.startsWith("General Election (GA/105369)"));
  assert.ok(ga >= 0, options.join(" | "));
  await select.selectByIndex(ga);
  const headline = () => b.$('[data-testid="headline"] [data-testid="contest-link"]').getText();
  await b.waitUntil(async () => (await headline()) === "President of the United States", WAIT);

  // Removing a source keeps what it brought; the next Refresh asks only the others.
  await byId(b, "nav-sources").click();
  await b.waitUntil(async () => (await rows(b)).length === 3, WAIT);
  await (await b.$$('[data-testid="source-remove"]'))[2].click();
  await b.waitUntil(async () => (await rows(b)).join() === "LA County,Georgia", WAIT);
  await byId(b, "refresh-button").click();
  await b.waitUntil(async () => (await message.getText()) === "LA County: no new results · Georgia: no new results, 1 county site failed: Appling", WAIT);
});
