// End-to-end: the print stylesheet, emulated in the real window (its print rules switched on
// for the screen), on the mayor's page: figures, the count's time and source; no controls.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byId, clickUntilShown, dataDir, deadUrl, launch, shot } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;

after(async () => {
  await browser?.deleteSession().catch(() => {});
});

test("printing the mayor's page gives a clean sheet with the count's time and source", async () => {
  browser = await launch(dataDir(await deadUrl()));
  const b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  await b.execute(() => (location.hash = "#/results?q=caruso"));
  await b.$('[data-testid="contest-link"]').waitForDisplayed(WAIT);
  // The first click after a launch is sometimes lost (a clean-clone run timed out here).
  await clickUntilShown(b, '[data-testid="contest-link"]', '[data-testid="updates-table"]', WAIT);
  assert.ok(await byId(b, "export-csv").isDisplayed(), "on screen, the page offers a CSV export");
  assert.equal(await byId(b, "print-foot").isDisplayed(), false, "the print footer is for paper only");

  const switched = await b.execute(() => {
    let n = 0;
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (rule instanceof CSSMediaRule && rule.media.mediaText === "print") {
          rule.media.mediaText = "all";
          n += 1;
        }
      }
    }
    return n;
  });
  assert.ok(switched >= 1, "the app has print rules");
  for (const id of ["nav-results", "refresh-button", "export-csv", "follow-button", "estimate-save"]) {
    assert.equal(await byId(b, id).isDisplayed(), false, `${id} is not printed`);
  }
  assert.ok(await byId(b, "contest-title").isDisplayed());
  assert.match(await byId(b, "history-table").getText(), /509,944/);
  assert.equal(
    await byId(b, "print-foot").getText(),
    "Results as of 5 Dec 2022, 12:15 PT · Source: bundled:4300_20221205T121521.817.json · Printed from Tallyroom",
  );
  await shot(b, "print-contest");
});
