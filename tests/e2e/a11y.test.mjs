// End-to-end accessibility: axe-core in the real window on every view, in English and Spanish,
// light and dark; and a keyboard-only walk.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { axe, byId, clickUntilShown, dataDir, deadUrl, launch, shot } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;
const checked = new Set();

after(async () => {
  await browser?.deleteSession().catch(() => {});
  console.log(`axe checked ${checked.size} rules: ${[...checked].sort().join(", ")}`);
});

async function go(b, hash, ready) {
  await b.execute((h) => (location.hash = h), hash);
  // Asked inside the page: a handle WebKitWebDriver finds while the view re-renders can go
  // stale before it is used ("Stale element found"), which once failed this sweep on a loaded
  // machine.
  const shown = (sel) => {
    const e = document.querySelector(sel);
    return e !== null && e.getClientRects().length > 0;
  };
  await b.waitUntil(() => b.execute(shown, ready), { ...WAIT, timeoutMsg: `${hash}: ${ready} never showed` });
  await b.pause(300); // charts draw after their data
}

/** The views a user meets, each with an element that says it is ready. */
const VIEWS = [
  ["overview", "#/", '[data-testid="headline"]'],
  ["results with a search", "#/results?q=mayor", '[data-testid="contest-card"]'],
  ["contest page", null, '[data-testid="updates-table"]'],
  ["candidates", "#/candidates", '[data-testid="profile-link"]'],
  ["a profile", "#/candidate/karen-bass", '[data-testid="profile-name"]'],
  ["compare", "#/compare?a=karen-bass&b=rick-caruso", '[data-testid="compare-table"]'],
  ["settings", "#/settings", '[data-testid="save-settings"]'],
  ["sources", "#/sources", '[data-testid="source-url"]'],
];

async function sweep(b, label) {
  const failures = [];
  for (const [name, hash, ready] of VIEWS) {
    if (hash) await go(b, hash, ready);
    else {
      await go(b, "#/results?q=caruso", '[data-testid="contest-link"]');
      await clickUntilShown(b, '[data-testid="contest-link"]', ready, WAIT);
      await b.pause(300);
    }
    const r = await axe(b);
    r.checked.forEach((id) => checked.add(id));
    for (const v of r.violations) failures.push(`${label} · ${name}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join("\n    ")}`);
  }
  assert.deepEqual(failures, [], failures.join("\n"));
}

for (const theme of ["light", "dark"]) {
  for (const lang of ["en", "es"]) {
    test(`axe: no violations on any view, ${lang}, ${theme}`, async () => {
      await browser?.deleteSession().catch(() => {});
      browser = await launch(dataDir(await deadUrl(), { language: lang, theme }));
      await byId(browser, "headline").waitForExist(WAIT);
      await sweep(browser, `${lang}/${theme}`);
      await shot(browser, `a11y-${lang}-${theme}`);
    });
  }
}

test("keyboard only: skip link, navigation, Refresh, search, a result's link and star, the chart's table", async () => {
  await browser?.deleteSession().catch(() => {});
  browser = await launch(dataDir(await deadUrl(), { language: "en" }));
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  const active = () => b.execute(() => {
    const el = document.activeElement;
    return el ? el.getAttribute("data-testid") ?? el.className ?? el.tagName : "";
  });
  const tab = async (n = 1) => {
    for (let i = 0; i < n; i++) await b.keys(["Tab"]);
  };
  /** Tabs forward until `want` has focus; fails after `max` presses. */
  const tabTo = async (want, max = 40) => {
    for (let i = 0; i < max; i++) {
      if ((await active()) === want) return;
      await tab();
    }
    assert.fail(`Tab never reached ${want} (at ${await active()})`);
  };
  await tab();
  assert.equal(await active(), "skip");
  for (const page of ["overview", "results", "candidates", "sources", "settings"]) {
    await tab();
    assert.equal(await active(), `nav-${page}`);
  }
  await tab();
  assert.equal(await active(), "refresh-button");
  await b.keys(["Enter"]);
  await byId(b, "refresh-message").waitForDisplayed(WAIT);
  await b.waitUntil(async () => (await byId(b, "refresh-button").getAttribute("aria-busy")) === "false", WAIT);
  assert.equal(await active(), "refresh-button", "focus is not lost after a refresh");

  for (let i = 0; i < 4; i++) await b.keys(["Shift", "Tab"]);
  assert.equal(await active(), "nav-results");
  await b.keys(["Enter"]);
  await b.waitUntil(async () => (await b.execute(() => document.activeElement?.tagName)) === "H1", WAIT);
  await tabTo("search-input");
  await b.keys([..."mayor"]);
  await b.waitUntil(async () => (await b.$("main h1").getAttribute("data-q")) === "mayor", WAIT);
  await tabTo("follow-button");
  await b.keys([" "]);
  await b.waitUntil(async () => (await b.$('[data-testid="follow-button"]').getAttribute("aria-pressed")) === "true", WAIT);
  await b.keys(["Shift", "Tab"]);
  assert.equal(await active(), "contest-link");
  await b.keys(["Enter"]);
  await byId(b, "contest-title").waitForDisplayed(WAIT);
  await b.waitUntil(async () => (await active()) === "contest-title", { ...WAIT, timeoutMsg: "focus moves to the contest's heading" });
  await tabTo("history-region");
});
