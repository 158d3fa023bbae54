// End-to-end: the Results page as a newsroom works it on election night, in the real window.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byId, changedContests, dataDir, deadUrl, docShot, feedServer, headlineVotes, launch, shot, snapshot } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;
let server;

after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close().catch(() => {});
});

async function fresh(dir, args) {
  await browser?.deleteSession().catch(() => {});
  browser = await launch(dir, args);
  await byId(browser, "headline").waitForExist(WAIT);
  return browser;
}

const cards = (b) => b.$$('[data-testid="contest-card"]');
/** How many contests the list holds (it draws only those near the screen). */
const listed = (b) => b.execute(() => Number(document.querySelector('[data-testid="results"][data-ready="yes"]')?.getAttribute("data-count") ?? -1));
const firstTitle = (b) => b.execute(() => document.querySelector('[data-testid="contest-link"]')?.textContent ?? "");
async function titles(b) {
  const out = [];
  for (const link of await b.$$('[data-testid="contest-link"]')) out.push(await link.getText());
  return out;
}
const scrollY = (b) => b.execute(() => Math.round(window.scrollY));

/** Types a search and waits for its own answer (the list says which search it shows); how
 *  many contests it found. */
async function search(b, text) {
  await byId(b, "search-input").setValue(text);
  await b.waitUntil(async () => (await b.$("main h1").getAttribute("data-q")) === text, WAIT);
  await b.waitUntil(async () => (await listed(b)) >= 0, WAIT);
  const n = await listed(b);
  if (n > 0) await b.waitUntil(async () => (await cards(b)).length > 0, WAIT);
  return n;
}


test("top races first, said once, compact view", async () => {
  const b = await fresh(dataDir(await deadUrl()));
  await byId(b, "nav-results").click();
  await b.waitUntil(async () => (await listed(b)) === 430 && (await cards(b)).length > 0, WAIT);
  // A virtual list: the page draws the cards near the screen, not all 430.
  const drawn = (await cards(b)).length;
  assert.ok(drawn < 100, `only the cards near the screen are in the page (${drawn})`);
  const groups = await b.$$('[data-testid="group-heading"]');
  assert.match(await groups[0].getText(), /^▾ Federal \(\d+\)$/i);
  // Every group is named in the jump list, top of the ticket first.
  const jumps = await b.execute(() => [...document.querySelectorAll("nav.jump button")].map((x) => x.textContent.trim()));
  assert.deepEqual(jumps.slice(0, 2), ["Federal", "State"]);
  // The LA feed never gives precincts: said once at the top, on no card.
  assert.match(await byId(b, "precincts-once").getText(), /unknown for every contest/);
  assert.equal(await b.$("main").getText().then((t) => t.includes("the feed does not say")), false);
  await docShot(b, "results-top-races");

  // A group folds and unfolds.
  const federalFirst = await firstTitle(b);
  const federal = await groups[0].$("button");
  await federal.click();
  assert.equal(await federal.getAttribute("aria-expanded"), "false");
  await b.waitUntil(async () => (await firstTitle(b)) !== federalFirst, WAIT);
  await federal.click();
  await b.waitUntil(async () => (await firstTitle(b)) === federalFirst, WAIT);

  // The jump list scrolls a group's heading to the top, drawing its cards on the way.
  await b.$('nav.jump').$("button=Judicial").click();
  await b.waitUntil(async () => (await b.execute(() => document.activeElement?.closest("h2")?.id)) === "group-judicial", WAIT);
  const judicialTop = await b.execute(() => document.getElementById("group-judicial").getBoundingClientRect().top);
  assert.ok(judicialTop >= 0 && judicialTop < 200, `the heading is at the top (${judicialTop})`);
  await b.waitUntil(async () => (await b.execute(() => document.getElementById("group-judicial").closest("[data-index]").nextElementSibling?.querySelectorAll('[data-testid="contest-card"]').length ?? 0)) > 0, WAIT);
  // The bottom of the list is reachable and drawn, and the page still holds only a screenful.
  await b.execute(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await b.waitUntil(async () => (await b.execute(() => document.querySelectorAll('.placeholder').length)) === 0 && (await cards(b)).length > 0, WAIT);
  assert.ok((await cards(b)).length < 100);
  await b.execute(() => window.scrollTo(0, 0));

  await byId(b, "view-compact").click();
  await b.waitUntil(async () => (await b.$$('[data-testid="compact-row"]')).length > 0, WAIT);
  assert.ok((await b.$$('[data-testid="compact-row"]')).length < 430, "one line per contest, drawn near the screen");
  await byId(b, "sort").selectByAttribute("value", "closest");
  await b.waitUntil(async () => (await b.getUrl()).includes("sort=closest"), WAIT);
  const first = await b.$('[data-testid="compact-row"] td').getText();
  assert.match(first, /^(.+ leads by \d+ votes? \(0\.\d points?\)|Tied.*|.*seats.*)$/, first);
  await docShot(b, "results-compact");
  // Back to cards and ballot order, so the view remembered on this computer is the default.
  await byId(b, "sort").selectByAttribute("value", "ballot");
  await byId(b, "view-cards").click();

  // Text zoom with Ctrl+= and Ctrl+0, and nothing wider than an 800×600 window.
  const zoom = () => b.execute(() => document.documentElement.style.getPropertyValue("zoom"));
  await b.keys(["Control", "0"]); // the zoom is remembered from earlier runs on this computer
  await b.waitUntil(async () => (await zoom()) === "1", WAIT);
  await b.keys(["Control", "="]);
  await b.waitUntil(async () => (await zoom()) === "1.1", WAIT);
  await b.keys(["Control", "0"]);
  await b.waitUntil(async () => (await zoom()) === "1", WAIT);
  await b.setWindowSize(800, 600);
  await b.waitUntil(async () => (await b.execute(() => window.innerWidth)) <= 800, WAIT);
  const overflow = await b.execute(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 800×600 (${overflow} px over)`);
  await shot(b, "results-800x600");
  await b.setWindowSize(1280, 900);
});

test("search finds measure text, 'prop 1' and a misspelled name; a 2/3 measure shows its threshold", async () => {
  const b = browser;
  assert.equal(await search(b, "reproductive"), 1);
  assert.deepEqual(await titles(b), ["State Measure 1"]);
  assert.equal(await search(b, "prop 1"), 1);
  assert.deepEqual(await titles(b), ["State Measure 1"]);
  assert.equal(await search(b, "carusso"), 0);
  await byId(b, "suggestions").waitForDisplayed(WAIT);
  assert.match(await byId(b, "no-results").getText(), /No contest or candidate matches “carusso”/);
  const offered = b.$('[data-testid="suggestions"] button');
  assert.equal(await offered.getText(), "Rick J. Caruso");
  await offered.click();
  await b.waitUntil(async () => (await titles(b))[0] === "Los Angeles City: Mayor", WAIT);

  assert.equal(await search(b, "pomona measure ps"), 1);
  const margin = await b.$('[data-testid="margin"]').getText();
  assert.equal(margin, "Yes 56.0% · needs 66.7% · 2,188 votes short");
  await docShot(b, "measure-two-thirds");
});

test("Back returns to the same search and scroll place; the window title names the page", async () => {
  const b = browser;
  const n = await search(b, "council");
  assert.ok(n > 20, `"council" finds many contests (${n})`);
  await b.execute(() => window.scrollTo(0, 2400));
  await b.pause(400); // the place is saved 100 ms after scrolling stops
  const before = await scrollY(b);
  assert.ok(before > 2000, `scrolled (${before})`);
  const link = await b.execute(() => {
    const links = [...document.querySelectorAll('[data-testid="contest-link"]')];
    const seen = links.find((l) => l.getBoundingClientRect().top > 80);
    seen?.click();
    return seen?.textContent ?? "";
  });
  await byId(b, "contest-title").waitForDisplayed(WAIT);
  assert.equal(await byId(b, "contest-title").getText(), link);
  await b.waitUntil(async () => (await b.getTitle()) === `${link} — Tallyroom`, WAIT);
  // Alt+Left, as in a browser.
  await b.keys(["Alt", "ArrowLeft"]);
  await b.waitUntil(async () => (await listed(b)) === n, WAIT);
  assert.equal(await byId(b, "search-input").getValue(), "council");
  await b.waitUntil(async () => Math.abs((await scrollY(b)) - before) < 40, { ...WAIT, timeoutMsg: `scroll back to ${before}` });
  assert.equal(await b.getTitle(), "Results — Tallyroom");
  // The Results tab and "All results" keep the search too.
  await byId(b, "nav-candidates").click();
  await byId(b, "nav-results").click();
  await b.waitUntil(async () => (await byId(b, "search-input").getValue()) === "council", WAIT);
});

test("Compare with the same candidate on both sides swaps, and shows each one's count", async () => {
  const b = browser;
  await b.execute(() => (location.hash = "#/compare?a=karen-bass&b=karen-bass"));
  const selects = () => b.$$('[data-testid="compare-table"] select');
  await b.waitUntil(async () => (await selects()).length === 2, WAIT);
  const values = async () => {
    const out = [];
    for (const s of await selects()) out.push(await s.getValue());
    return out;
  };
  assert.deepEqual(await values(), ["karen-bass", "rick-caruso"]);
  const standing = byId(b, "compare-standing");
  await b.waitUntil(async () => (await standing.getText()).includes("place 2 of 2"), WAIT);
  assert.match(await standing.getText(), /509,944 votes \(54\.8%\), place 1 of 2.*420,030 votes \(45\.2%\), place 2 of 2/s);
  await (await selects())[1].selectByAttribute("value", "karen-bass");
  await b.waitUntil(async () => (await values())[0] === "rick-caruso", WAIT);
  assert.deepEqual(await values(), ["rick-caruso", "karen-bass"]);
  await b.waitUntil(async () => /^.*420,030 votes.*509,944 votes/s.test(await standing.getText()), WAIT);
});

test("a refresh's outcome is seen while scrolled, said once for the whole count, and focus stays on Refresh", async () => {
  server = await feedServer();
  server.serve(snapshot("wednesday"));
  const b = await fresh(dataDir(server.url), ["--no-bundled-results"]);
  await b.waitUntil(async () => (await headlineVotes(b))["RICK J. CARUSO"] === "252,476", WAIT);
  await byId(b, "nav-results").click();
  await b.waitUntil(async () => (await listed(b)) === 430 && (await cards(b)).length > 0, WAIT);
  await b.execute(() => window.scrollTo(0, 5000));
  server.serve(snapshot("friday"));
  await byId(b, "refresh-button").click();
  const n = changedContests(snapshot("wednesday"), snapshot("friday"));
  const message = byId(b, "refresh-message");
  await b.waitUntil(async () => (await message.getText()) === `Updated: ${n} contests changed`, WAIT);
  assert.ok(await message.isDisplayed({ withinViewport: true }), "the outcome is on screen while scrolled");
  assert.ok((await scrollY(b)) > 4000, "the page stayed where it was");
  assert.equal(await byId(b, "whole-count").getText(), `The last count changed the figures of ${n} of 430 contests.`);
  assert.equal((await b.$$('main [data-testid="changed-badge"]')).length, 0, "no badge on every card");
  const focused = await b.execute(() => document.activeElement?.getAttribute("data-testid"));
  assert.equal(focused, "refresh-button");
  await shot(b, "results-refresh-scrolled");
});
