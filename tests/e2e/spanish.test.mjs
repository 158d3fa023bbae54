// End-to-end: switch to Spanish in Settings, restart, and read the navigation, a refresh's
// outcome and an alert in Spanish, on the real window and a real signed replay of the count.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byId, docShot, followedReplay, headlineVotes, launch } from "./helpers.mjs";

const WAIT = { timeout: 20000 };
let browser;
let server;
after(async () => {
  await browser?.deleteSession().catch(() => {});
  await server?.close();
});

test("Spanish, chosen in Settings, survives a restart and words refreshes and alerts", async () => {
  const replay = await followedReplay(WAIT);
  ({ browser, server } = replay);
  const { feed, dir } = replay;
  let b = browser;
  assert.equal(await byId(b, "nav-results").getText(), "Results");

  await byId(b, "nav-settings").click();
  await byId(b, "language").waitForExist(WAIT);
  await byId(b, "language").selectByAttribute("value", "es");
  await byId(b, "save-settings").click();
  await b.waitUntil(async () => (await byId(b, "settings-saved").getText()) === "Guardado.", WAIT);
  assert.equal(await byId(b, "nav-results").getText(), "Resultados", "at once, without a restart");

  // Restart on the same data folder: the choice is in settings.json.
  await b.deleteSession();
  browser = await launch(dir, ["--no-bundled-results"]);
  b = browser;
  await byId(b, "headline").waitForExist(WAIT);
  await b.waitUntil(async () => (await byId(b, "nav-results").getText()) === "Resultados", WAIT);
  assert.equal(await byId(b, "nav-overview").getText(), "Resumen");
  assert.equal(await b.$("html").getAttribute("lang"), "es");
  // The launch refresh finds nothing new, and says so in Spanish, before the next count is out.
  await b.waitUntil(async () => (await byId(b, "refresh-message").getText()) === "No hay resultados nuevos", WAIT);

  feed.publish("wednesday", "friday");
  await byId(b, "refresh-button").click();
  const item = b.$('[data-testid="alert-item"]');
  await item.waitForDisplayed(WAIT);
  assert.match(await byId(b, "refresh-message").getText(), /^Actualizado: cambiaron \d+ contiendas$/);
  assert.equal(
    await item.$('[data-testid="alert-message"]').getText(),
    "Karen Ruth Bass ahora lleva la delantera en Los Angeles City: Mayor, por encima de Rick J. Caruso por 0.8 puntos.",
  );
  // Feed text stays as the feed writes it; figures group thousands with commas (es-US).
  assert.deepEqual(await headlineVotes(b), { "KAREN RUTH BASS": "289,782", "RICK J. CARUSO": "285,398" });
  assert.match(await b.$('[data-testid="headline"] [data-testid="margin"]').getText(), /^Karen Ruth Bass: ventaja de 4,384 votos \(0\.8 puntos\)$/);
  await docShot(b, "7-spanish", "screenshot-es");
});
