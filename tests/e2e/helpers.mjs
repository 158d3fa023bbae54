// Shared pieces of the end-to-end tests: the real app under tauri-driver, and a real HTTP feed
// server on 127.0.0.1 that serves the real LA County snapshots.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const APP = process.env.TALLYROOM_APP ?? join(ROOT, "target/release/tallyroom");
export const SHOTS = join(ROOT, "tests/e2e/screenshots");
/** The README's pictures: drawn again by every run, so they show the app as it is. */
export const DOCS = join(ROOT, "docs");
export const CLI = process.env.TALLYROOM_CLI ?? join(ROOT, "target/debug/tallyroom-cli");

export const SNAPSHOTS = {
  zero: "4300_20221025T090203.147.json",
  wednesday: "4300_20221109T033519.json",
  friday: "4300_20221111T160919.703.json",
  december: "4300_20221205T121521.817.json",
};

export function snapshot(name) {
  return readFileSync(snapshotPath(name));
}

export function snapshotPath(name) {
  return join(ROOT, "data/lavote", SNAPSHOTS[name]);
}

/** A signed Tallyroom feed folder, published by the real CLI; returns its public key. */
export function signedFeed() {
  const dir = mkdtempSync(join(tmpdir(), "tallyroom-feed-"));
  execFileSync(CLI, ["keygen", "--out", join(dir, "keys")]);
  const publish = (...names) =>
    execFileSync(CLI, [
      "publish",
      "--key",
      join(dir, "keys/tallyroom.key"),
      "--out",
      join(dir, "www"),
      ...names.map(snapshotPath),
    ]);
  return { root: join(dir, "www"), publicKey: readFileSync(join(dir, "keys/tallyroom.pub"), "utf8"), publish };
}

/** A static file server on 127.0.0.1 with ETags, as any web server or CDN would be. */
export async function staticServer(root) {
  const server = createServer((req, res) => {
    const path = join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (!path.startsWith(root) || !existsSync(path)) {
      res.writeHead(404);
      res.end();
      return;
    }
    const body = readFileSync(path);
    const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, { ETag: etag, "Content-Type": "application/json" });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return { url: (p) => `http://127.0.0.1:${port}/${p}`, close: () => new Promise((r) => server.close(r)) };
}

/** How many contests differ between two raw snapshots, counted straight from the JSON. */
export function changedContests(a, b) {
  const votes = (buf) =>
    JSON.parse(buf).Election.ContestGroups.flatMap((g) =>
      g.Contests.map((c) => `${g.Name}|${c.Title}|${c.Candidates.map((x) => x.Votes).join(",")}`),
    );
  const [va, vb] = [votes(a), votes(b)];
  return va.filter((v, i) => v !== vb[i]).length;
}

/** LA's mayor's race pinned as the overview's headline, as most tests expect it there (with no
 *  pin the headline is the race with the most votes, LA's governor). */
export const MAYOR_PIN = { election: "lavote-4300", contest: "c-4f718ecaf942b4c9" };

/** A fresh data folder whose settings have one source, `feedUrl` (never the real county). */
export function dataDir(feedUrl, extra = {}) {
  const { feed_public_key: key = null, ...rest } = extra;
  const dir = mkdtempSync(join(tmpdir(), "tallyroom-e2e-"));
  mkdirSync(dir, { recursive: true });
  const source = { id: "1", url: feedUrl, label: "LA County", public_key: key, kind: null, follow_counties: false };
  writeFileSync(
    join(dir, "settings.json"),
    JSON.stringify({ sources: [source], auto_refresh: false, auto_refresh_secs: 60, followed: [], pinned: [MAYOR_PIN], ...rest }),
  );
  return dir;
}

/** A loopback URL on which nothing listens: the network as a café with no Wi-Fi. */
export async function deadUrl() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/electionresults/json?electionid=4300`;
}

/** Serves whatever body is current, with an ETag and 304s, like the county's server. */
export async function feedServer() {
  let body = Buffer.from("");
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    const etag = `"${createHash("sha1").update(body).digest("hex")}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json", ETag: etag });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/electionresults/json?electionid=4300`,
    serve(buf) {
      body = buf;
    },
    hits: () => hits,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Starts the real app through tauri-driver (which must listen on 127.0.0.1:4444). */
export async function launch(dir, extraArgs = []) {
  return remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "warn",
    connectionRetryCount: 2,
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP, args: ["--data-dir", dir, ...extraArgs] },
    },
  });
}

export const byId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Clicks `link` again until `ready` shows. Just after a launch the failed launch refresh
 *  redraws the page's list, and a click that lands in that moment is lost: in two clean-clone
 *  CI runs on 27 Nov one click on a result's link never opened its race. (The header no longer
 *  grows then; the list is still drawn again.) */
export async function clickUntilShown(browser, link, ready, wait) {
  await browser.waitUntil(async () => {
    if (await browser.$(ready).isDisplayed().catch(() => false)) return true;
    await browser.$(link).click().catch(() => {});
    return false;
  }, { ...wait, interval: 500, timeoutMsg: `${ready} never showed after clicking ${link}` });
}

export async function shot(browser, name) {
  mkdirSync(SHOTS, { recursive: true });
  await browser.saveScreenshot(join(SHOTS, `${name}.png`));
}

/** A screenshot kept with the run's others and, as `docs/<as>.png`, for the README. */
export async function docShot(browser, name, as = name) {
  await shot(browser, name);
  mkdirSync(DOCS, { recursive: true });
  copyFileSync(join(SHOTS, `${name}.png`), join(DOCS, `${as}.png`));
}

/** The vote figures shown in the headline race, by the feed's raw choice name. */
export async function headlineVotes(browser) {
  const rows = await browser.$$('[data-testid="headline"] [data-testid="choice-row"]');
  const out = {};
  for (const row of rows) {
    out[await row.getAttribute("data-name")] = await row.$('[data-testid="choice-votes"]').getText();
  }
  return out;
}

/**
 * A signed replay of the real count with Wednesday's count published, served on loopback, and
 * the app on it with the mayor's race followed: where the alert tests start.
 */
export async function followedReplay(wait) {
  const feed = signedFeed();
  feed.publish("wednesday");
  const server = await staticServer(feed.root);
  const dir = dataDir(server.url("manifest.json"), { feed_public_key: feed.publicKey });
  const browser = await launch(dir, ["--no-bundled-results"]);
  await byId(browser, "headline").waitForExist(wait);
  await browser.waitUntil(async () => (await headlineVotes(browser))["RICK J. CARUSO"] === "252,476", wait);
  const star = () => browser.$('[data-testid="headline"] [data-testid="follow-button"]');
  await star().click();
  await browser.waitUntil(async () => (await star().getAttribute("aria-pressed")) === "true", wait);
  return { feed, server, dir, browser };
}

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/**
 * axe-core run in the real window, on the whole page as it is now: every rule axe has for
 * WCAG 2.x A/AA plus its best practices. Returns the violations (as id, impact, and the first
 * few nodes' selectors) and the ids of every rule that was checked.
 */
export async function axe(browser) {
  await browser.execute(AXE);
  const result = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((r) =>
        done({
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} :: ${n.failureSummary}`),
          })),
          checked: [...r.passes, ...r.violations, ...r.incomplete].map((x) => x.id),
        }),
      )
      .catch((e) => done({ error: String(e) }));
  });
  if (result.error) throw new Error(`axe failed: ${result.error}`);
  return result;
}
