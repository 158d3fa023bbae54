// End-to-end: follow the mayor's race, refresh through a signed replay of the real count, and
// see the change of leader announced.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byId, followedReplay, headlineVotes, shot } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;
let server;
after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close();
});

test("a followed race's change of leader is announced", async () => {
  const replay = await followedReplay(WAIT);
  ({ browser, server } = replay);
  const { feed } = replay;
  const b = browser;
  feed.publish("wednesday", "friday");
  await byId(b, "refresh-button").click();
  const item = b.$('[data-testid="alert-item"]');
  await item.waitForDisplayed(WAIT);
  assert.equal(
    await item.$('[data-testid="alert-message"]').getText(),
    "Karen Ruth Bass now leads in Los Angeles City: Mayor, ahead of Rick J. Caruso by 0.8 points.",
  );
  // The alert also tells what Friday's count added to the race.
  assert.equal(
    await item.$('[data-testid="alert-story"]').getText(),
    "Since the count of 9 Nov 2022, 03:35 PT, Karen Ruth Bass won 60.1% of the 82,510 votes added (49,588 to 32,922).",
  );
  assert.deepEqual(await headlineVotes(b), { "KAREN RUTH BASS": "289,782", "RICK J. CARUSO": "285,398" });
  await shot(b, "6-follow-alert");
});
