// End-to-end: the story between counts on the mayor's page, the hurdle on an estimate the user
// enters (kept across a restart), and the overview's sentence after a refresh.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byId, clickUntilShown, dataDir, deadUrl, docShot, followedReplay, launch, shot } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;
let replay;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  await replay?.browser.deleteSession().catch(() => {});
  await replay?.server.close().catch(() => {});
});

async function openMayor(b) {
  await byId(b, "nav-results").click();
  await byId(b, "search-input").setValue("Caruso");
  await b.waitUntil(async () => (await b.$("main h1").getAttribute("data-q")) === "Caruso", WAIT);
  // Clicked again until the race's page is up (see clickUntilShown): the list can be drawn
  // again just after the search lands, and a click on a link being replaced is lost.
  await clickUntilShown(b, "=Los Angeles City: Mayor", '[data-testid="updates-table"]', WAIT);
}

const rows = async (b) => {
  const out = [];
  for (const r of await b.$$('[data-testid="update-row"]')) out.push(await r.getText());
  return out;
};

test("the mayor's page: what each count added, the shares chart, and a hurdle on an estimate that survives a restart", async () => {
  const dir = dataDir(await deadUrl());
  browser = await launch(dir);
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  await openMayor(b);
  // Newest first: Friday to 5 Dec, Wednesday to Friday, then election night.
  const [december, friday, night] = await rows(b);
  assert.match(december, /\+354,794.*\+220,162.*\+134,632/s);
  assert.match(friday, /\+82,510.*\+49,588.*60\.1%.*\+32,922.*39\.9%/s);
  assert.match(night, /\+492,670/);
  await byId(b, "shares-chart").$("canvas").waitForExist(WAIT);
  assert.ok(await byId(b, "margin-chart").$("canvas").isExisting(), "the lead line is drawn");
  await byId(b, "history-chart").scrollIntoView();
  await shot(b, "contest-time-axis");

  assert.match(await byId(b, "hurdle").getText(), /No estimate of ballots left yet/);
  await byId(b, "estimate-ballots").setValue("300000");
  await byId(b, "estimate-by").setValue("LA County");
  await byId(b, "estimate-on").setValue("14 Nov");
  await byId(b, "estimate-save").click();
  const label = byId(b, "estimate-label");
  await label.waitForDisplayed(WAIT);
  assert.match(await label.getText(), /About 300,000 ballots left to count in this race, according to LA County \(14 Nov\)\./);
  // 5 Dec: Bass ahead by 89,914; (300,000 + 89,914) / 600,000 = 64.99%.
  assert.match(
    await byId(b, "hurdle-sentence").getText(),
    /^Rick J\. Caruso trails Karen Ruth Bass by 89,914 votes and needs 64\.99% of the remaining votes/,
  );
  assert.match(await byId(b, "what-ifs").getText(), /If the rest splits like the last update:/);
  await byId(b, "chosen-share").setValue("70");
  await byId(b, "chosen-apply").click();
  await b.waitUntil(async () => /If Rick J\. Caruso takes 70\.0% of the rest: Karen Ruth Bass 599,944 · Rick J\. Caruso 630,030/.test(await byId(b, "what-ifs").getText()), WAIT);
  await b.execute(() => document.querySelector('[data-testid="updates-table"]')?.closest("section")?.scrollIntoView());
  await docShot(b, "contest-analysis");

  // A restart keeps the estimate, with its label.
  await b.deleteSession();
  browser = await launch(dir);
  await byId(browser, "headline").waitForExist(WAIT);
  await openMayor(browser);
  await byId(browser, "estimate-label").waitForDisplayed(WAIT);
  assert.match(await byId(browser, "estimate-label").getText(), /according to LA County \(14 Nov\)/);
});

test("after a refresh, the overview says who won the votes the count added", async () => {
  await browser?.deleteSession().catch(() => {});
  browser = null;
  replay = await followedReplay(WAIT);
  const b = replay.browser;
  replay.feed.publish("friday");
  await byId(b, "refresh-button").click();
  const story = b.$('[data-testid="headline"] [data-testid="story"]');
  await story.waitForDisplayed(WAIT);
  assert.equal(
    await story.getText(),
    "Since the count of 9 Nov 2022, 03:35 PT, Karen Ruth Bass won 60.1% of the 82,510 votes added (49,588 to 32,922).",
  );
});
