// End-to-end: two elections side by side (LA's bundled 2022 count and Maine's 2018 primary from
// its RCTab report): the header's switcher shows one at a time on every page, the overview's
// headline is the pin, else the most-voted race, and the choice survives a restart.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { after, test } from "node:test";
import { SHOTS, byId, clickUntilShown, dataDir, launch, shot, staticServer } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;
let server;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close().catch(() => {});
});

const headlineTitle = (b) => b.$('[data-testid="headline"] [data-testid="contest-link"]').getText();

test("switch elections, and the headline follows the pin", async () => {
  server = await staticServer(resolve(SHOTS, "../../data/rcv"));
  const dir = dataDir(server.url("2018_maine_governor_primary_report.json"), { pinned: [] });
  browser = await launch(dir);
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  const select = byId(b, "election-select");
  await select.waitForDisplayed(WAIT);
  // No pin, nothing followed: LA's race with the most votes.
  assert.equal(await headlineTitle(b), "Governor");
  const options = [];
  for (const o of await select.$$("option")) options.push(await o.getText());
  assert.deepEqual(options, ["General Election (8 Nov 2022, 430 contests)", "Maine 2018 Democratic Governor Primary race (12 Jun 2018, 1 contest)"]);

  // Maine: every page shows its one race.
  await select.selectByIndex(1);
  await b.waitUntil(async () => (await headlineTitle(b)) === "Maine 2018 Democratic Governor Primary race", WAIT);
  await byId(b, "nav-results").click();
  await b.waitUntil(async () => (await b.$$('[data-testid="contest-card"]')).length === 1, WAIT);
  await shot(b, "elections-maine-results");

  // Back to LA; pin the mayor's race from its page: the overview leads with it.
  await byId(b, "election-select").selectByIndex(0);
  await byId(b, "search-input").setValue("Caruso");
  await b.waitUntil(async () => (await b.$$('[data-testid="contest-card"]')).length >= 1 && (await b.$('[data-testid="contest-link"]').getText()) === "Los Angeles City: Mayor", WAIT);
  // The list may be drawn again under the click (the election switch still landing).
  await clickUntilShown(b, '[data-testid="contest-link"]', '[data-testid="pin-button"]', WAIT);
  const pin = byId(b, "pin-button");
  assert.equal(await pin.getAttribute("aria-pressed"), "false");
  await pin.click();
  await b.waitUntil(async () => (await pin.getAttribute("aria-pressed")) === "true", WAIT);
  await byId(b, "nav-overview").click();
  await b.waitUntil(async () => (await headlineTitle(b)) === "Los Angeles City: Mayor", WAIT);

  // The choice of election is kept across a restart.
  await byId(b, "election-select").selectByIndex(1);
  await b.waitUntil(async () => (await headlineTitle(b)) !== "Los Angeles City: Mayor", WAIT);
  await b.deleteSession();
  browser = await launch(dir);
  await byId(browser, "headline").waitForExist(WAIT);
  await browser.waitUntil(async () => (await headlineTitle(browser)) === "Maine 2018 Democratic Governor Primary race", WAIT);
  await shot(browser, "elections-maine-overview");
});
