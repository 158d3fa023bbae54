//! Publish → serve with nginx → sync, through each replay step of the real 2022 count, and the
//! attacks a signed feed must refuse, each leaving the cache as it was.

use std::path::Path;
use std::sync::Mutex;

use tallyroom_core::feeds::{self, ParsedFeed};
use tallyroom_core::signed;
use tallyroom_core::store::{now_ms, ContestQuery};
use tallyroom_core::sync::{SyncConfig, SyncOutcome, Syncer};
use tallyroom_core::Store;

use crate::{read, MAYOR, SNAPSHOTS};
use tallyroom_testkit::Nginx;

const HOUR: i64 = 3_600_000;

fn count() -> Vec<ParsedFeed> {
    SNAPSHOTS.iter().map(|rel| feeds::parse(&read(rel)).expect("parse")).collect()
}

struct Feed {
    dir: tempfile::TempDir,
    pk: String,
    sk: String,
    nginx: Nginx,
}

impl Feed {
    fn new() -> Feed {
        let dir = tempfile::tempdir().expect("dir");
        let (pk, sk) = signed::keygen().expect("keygen");
        let nginx = Nginx::serve(dir.path());
        Feed { dir, pk, sk, nginx }
    }
    fn publish(&self, feeds: &[ParsedFeed], ttl: i64) -> signed::Manifest {
        signed::publish(self.dir.path(), feeds, &self.sk, ttl, now_ms()).expect("publish")
    }
    fn url(&self) -> String {
        self.nginx.url("manifest.json")
    }
    fn path(&self, rel: &str) -> std::path::PathBuf {
        self.dir.path().join(rel)
    }
}

fn config() -> SyncConfig {
    SyncConfig { retries: 0, ..SyncConfig::default() }
}

/// Every contest's stored figures equal the source file's.
fn assert_matches(store: &Mutex<Store>, source: &ParsedFeed) {
    let store = store.lock().expect("lock");
    let stored = store.contests(&ContestQuery::default()).expect("contests");
    assert_eq!(stored.len(), source.contests.len());
    for (s, c) in stored.iter().zip(&source.contests) {
        assert_eq!(s.raw_title, c.raw_title);
        let got: Vec<Option<u64>> = s.choices.iter().map(|x| x.votes).collect();
        let want: Vec<Option<u64>> = c.choices.iter().map(|x| x.votes).collect();
        assert_eq!(got, want, "{}", c.raw_title);
    }
    assert_eq!(stored[0].as_of.as_deref(), Some(source.feed_timestamp.as_str()));
}

fn mayor(store: &Mutex<Store>) -> Vec<Option<u64>> {
    let store = store.lock().expect("lock");
    let all = store.contests(&ContestQuery::default()).expect("contests");
    all.iter()
        .find(|c| c.raw_title == MAYOR)
        .map(|c| c.choices.iter().map(|x| x.votes).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_replay_step_arrives_with_the_source_figures() {
    let feed = Feed::new();
    let count = count();
    let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let syncer = Syncer::new(config()).expect("client");
    let expected_mayor = [[0, 0], [240_194, 252_476], [289_782, 285_398], [509_944, 420_030]];
    for n in 1..=count.len() {
        let m = feed.publish(&count[..n], HOUR);
        assert_eq!(m.sequence, n as i64);
        let out = syncer.sync(&store, &feed.url(), Some(&feed.pk)).await.expect("sync");
        let SyncOutcome::Updated { snapshot, .. } = out else { panic!("step {n}: {out:?}") };
        assert_eq!(snapshot.feed_timestamp, count[n - 1].feed_timestamp);
        assert_matches(&store, &count[n - 1]);
        let [b, c] = expected_mayor[n - 1];
        assert_eq!(mayor(&store), vec![Some(b), Some(c)], "step {n}");
    }
    // Nothing new: the manifest comes back 304 and nothing else is fetched.
    let before = feed.nginx.log().len();
    let out = syncer.sync(&store, &feed.url(), Some(&feed.pk)).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Unchanged { .. }), "{out:?}");
    let log = feed.nginx.log_with(before + 1);
    assert_eq!(
        &log[before..].iter().map(|l| (l.path.as_str(), l.status)).collect::<Vec<_>>(),
        &[("/manifest.json", 304)]
    );
    // Each step fetched only what it lacked: never a snapshot twice, and a delta where one was
    // published (Friday → December changes few contests' shape).
    let snapshots: Vec<&str> =
        log.iter().filter(|l| l.path.starts_with("/s/")).map(|l| l.path.as_str()).collect();
    let unique: std::collections::HashSet<_> = snapshots.iter().collect();
    assert_eq!(snapshots.len(), unique.len(), "a snapshot was downloaded twice: {snapshots:?}");
    let manifest = signed::read_manifest(feed.dir.path()).expect("m").expect("m");
    let deltas = manifest.snapshots.iter().filter(|e| e.delta.is_some()).count();
    let fetched_deltas = log.iter().filter(|l| l.path.starts_with("/d/")).count();
    assert_eq!(fetched_deltas, deltas);
    assert_eq!(snapshots.len() + fetched_deltas, count.len());
}

/// A client that has synced the first two steps, for the attack cases.
async fn synced_client(
    feed: &Feed,
    count: &[ParsedFeed],
) -> (std::sync::Arc<Mutex<Store>>, Syncer) {
    let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let syncer = Syncer::new(config()).expect("client");
    feed.publish(&count[..2], HOUR);
    syncer.sync(&store, &feed.url(), Some(&feed.pk)).await.expect("first sync");
    (store, syncer)
}

async fn check_refused(
    feed: &Feed,
    store: &std::sync::Arc<Mutex<Store>>,
    syncer: &Syncer,
    key: Option<&str>,
    code: &str,
    needle: &str,
) {
    let before = (mayor(store), store.lock().expect("l").snapshot_count().expect("n"));
    let Err(err) = syncer.sync(store, &feed.url(), key).await else { panic!("{code}: accepted") };
    assert_eq!(err.code(), code, "{err}");
    assert!(err.to_string().contains(needle), "«{err}» lacks «{needle}»");
    let after = (mayor(store), store.lock().expect("l").snapshot_count().expect("n"));
    assert_eq!(after, before, "{code}: the cache changed");
    assert_eq!(after.0, vec![Some(240_194), Some(252_476)]);
}

fn rewrite(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, f(text)).expect("write");
    let _ = std::fs::remove_file(format!("{}.gz", path.display()));
}

#[tokio::test]
async fn a_tampered_manifest_is_refused() {
    let feed = Feed::new();
    let count = count();
    let (store, syncer) = synced_client(&feed, &count).await;
    feed.publish(&count[..3], HOUR);
    rewrite(&feed.path("manifest.json"), |t| t.replacen("\"sequence\": ", "\"sequence\": 9", 1));
    check_refused(
        &feed,
        &store,
        &syncer,
        Some(&feed.pk),
        "bad_signature",
        "signature does not match",
    )
    .await;
}

#[tokio::test]
async fn a_tampered_snapshot_is_refused() {
    let feed = Feed::new();
    let count = count();
    let (store, syncer) = synced_client(&feed, &count).await;
    let m = feed.publish(&count[..3], HOUR);
    let friday = &m.snapshots[2];
    // Change one figure in the file and in its delta: both are named by hash in the manifest.
    rewrite(&feed.path(&friday.file), |t| t.replacen("289782", "389782", 1));
    if let Some(d) = &friday.delta {
        rewrite(&feed.path(&d.file), |t| t.replacen("289782", "389782", 1));
    }
    check_refused(&feed, &store, &syncer, Some(&feed.pk), "tampered", "does not match its hash")
        .await;
}

#[tokio::test]
async fn a_replayed_older_manifest_is_refused() {
    let feed = Feed::new();
    let count = count();
    let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let syncer = Syncer::new(config()).expect("client");
    feed.publish(&count[..1], HOUR);
    let old = (
        std::fs::read(feed.path("manifest.json")).expect("m"),
        std::fs::read(feed.path("manifest.json.minisig")).expect("s"),
    );
    feed.publish(&count[..2], HOUR);
    syncer.sync(&store, &feed.url(), Some(&feed.pk)).await.expect("sync");
    // An attacker (or a stale cache) serves the first, validly signed, manifest again.
    std::fs::write(feed.path("manifest.json"), &old.0).expect("w");
    std::fs::write(feed.path("manifest.json.minisig"), &old.1).expect("w");
    for gz in ["manifest.json.gz", "manifest.json.minisig.gz"] {
        let _ = std::fs::remove_file(feed.path(gz));
    }
    check_refused(&feed, &store, &syncer, Some(&feed.pk), "rollback", "older than number 2").await;
}

#[tokio::test]
async fn an_expired_manifest_is_refused() {
    let feed = Feed::new();
    let count = count();
    let (store, syncer) = synced_client(&feed, &count).await;
    feed.publish(&count[..3], -2 * 60_000);
    check_refused(&feed, &store, &syncer, Some(&feed.pk), "expired", "expired 2 minutes ago").await;
}

#[tokio::test]
async fn a_wrong_key_or_no_key_is_refused() {
    let feed = Feed::new();
    let count = count();
    let (store, syncer) = synced_client(&feed, &count).await;
    feed.publish(&count[..3], HOUR);
    let (other, _) = signed::keygen().expect("keygen");
    check_refused(
        &feed,
        &store,
        &syncer,
        Some(&other),
        "bad_signature",
        "not signed by this feed's key",
    )
    .await;
    check_refused(&feed, &store, &syncer, None, "no_key", "no public key").await;
}

/// Friday's count with only the mayor's race moved on to December's figures: a real-sized
/// update in which one contest changed, so the delta path carries it.
pub fn friday_plus_mayor(count: &[ParsedFeed]) -> ParsedFeed {
    let mut next = count[2].clone();
    let december = count[3].contests.iter().find(|c| c.raw_title == MAYOR).expect("mayor").clone();
    let slot = next.contests.iter_mut().find(|c| c.raw_title == MAYOR).expect("mayor");
    *slot = december;
    next.feed_timestamp = count[3].feed_timestamp.clone();
    next
}

#[tokio::test]
async fn one_changed_contest_travels_as_a_small_delta() {
    let feed = Feed::new();
    let count = count();
    let store = std::sync::Arc::new(Mutex::new(Store::open_in_memory().expect("open")));
    let syncer = Syncer::new(config()).expect("client");
    feed.publish(&count[2..3], HOUR);
    syncer.sync(&store, &feed.url(), Some(&feed.pk)).await.expect("friday");
    let next = friday_plus_mayor(&count);
    let m = feed.publish(&[count[2].clone(), next.clone()], HOUR);
    let delta = m.snapshots[1].delta.clone().expect("a delta for one contest");
    assert!(
        delta.size * 50 < m.snapshots[1].size,
        "delta {} vs full {}",
        delta.size,
        m.snapshots[1].size
    );
    let before = feed.nginx.log().len();
    let out = syncer.sync(&store, &feed.url(), Some(&feed.pk)).await.expect("sync");
    let SyncOutcome::Updated { changes, .. } = out else { panic!("not updated") };
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].title, "Los Angeles City: Mayor");
    let fetched: Vec<String> =
        feed.nginx.log_with(before + 3)[before..].iter().map(|l| l.path.clone()).collect();
    assert_eq!(
        fetched,
        vec![
            "/manifest.json".to_string(),
            "/manifest.json.minisig".into(),
            format!("/{}", delta.file)
        ]
    );
    assert_matches(&store, &next);
    assert_eq!(mayor(&store), vec![Some(509_944), Some(420_030)]);
}
