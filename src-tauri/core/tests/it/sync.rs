use std::sync::Mutex;
use std::time::{Duration, Instant};

use tallyroom_core::store::ContestQuery;
use tallyroom_core::sync::{body_hash, SyncConfig, SyncError, SyncOutcome, Syncer};
use tallyroom_core::{feeds, Store};

use crate::server::{Reply, TestServer};
use crate::{read, MAYOR, SNAPSHOTS};

/// Short limits so that failure cases end quickly.
fn config() -> SyncConfig {
    SyncConfig {
        connect_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_millis(800),
        overall_timeout: Duration::from_secs(5),
        max_body_bytes: 1024 * 1024,
        retries: 2,
        backoff_base: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
    }
}

/// A cache holding the Wednesday count, as a user would have after election night.
fn store_with_wednesday() -> std::sync::Arc<Mutex<Store>> {
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&feeds::parse(&read(SNAPSHOTS[1])).expect("parse"), "seed").expect("apply");
    std::sync::Arc::new(Mutex::new(store))
}

fn mayor_votes(store: &Mutex<Store>) -> Vec<Option<u64>> {
    let store = store.lock().expect("lock");
    let all = store.contests(&ContestQuery::default()).expect("contests");
    all.iter()
        .find(|c| c.raw_title == MAYOR)
        .expect("mayor")
        .choices
        .iter()
        .map(|c| c.votes)
        .collect()
}

const WEDNESDAY: [Option<u64>; 2] = [Some(240_194), Some(252_476)];

/// Runs one failing sync and checks its code, its message, and that the cache is untouched.
async fn check_failure(reply: Reply, code: &str, needle: &str) {
    let server = TestServer::start(move |_, _| reply.clone()).await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let started = Instant::now();
    let err = syncer.sync(&store, &server.url(), None).await.expect_err("must fail");
    assert!(started.elapsed() < Duration::from_secs(6), "{code} took {:?}", started.elapsed());
    assert_eq!(err.code(), code, "{err}");
    assert!(err.to_string().contains(needle), "«{err}» lacks «{needle}»");
    assert_eq!(mayor_votes(&store), WEDNESDAY, "{code}: cache changed");
    assert_eq!(store.lock().expect("l").snapshot_count().expect("n"), 1);
    let state = store.lock().expect("l").feed_state(&server.url()).expect("state").expect("row");
    assert_eq!(state.last_error_code.as_deref(), Some(code));
}

#[tokio::test]
async fn a_200_then_a_304_with_etag() {
    let friday = read(SNAPSHOTS[2]);
    let server = TestServer::start(move |_, req| {
        if req.header("If-None-Match").as_deref() == Some("\"fri\"") {
            Reply::Full { status: 304, headers: vec![("ETag", "\"fri\"".into())], body: vec![] }
        } else {
            Reply::ok(&friday, Some("\"fri\""))
        }
    })
    .await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let first = syncer.sync(&store, &server.url(), None).await.expect("sync");
    let SyncOutcome::Updated { changes, is_latest, .. } = first else { panic!("{first:?}") };
    assert!(is_latest && changes.iter().any(|c| c.title == "Los Angeles City: Mayor"));
    assert_eq!(mayor_votes(&store), vec![Some(289_782), Some(285_398)]);
    let second = syncer.sync(&store, &server.url(), None).await.expect("sync");
    assert!(matches!(second, SyncOutcome::Unchanged { .. }), "{second:?}");
    let last = server.requests.lock().expect("l").last().cloned().expect("req");
    assert!(last.contains("if-none-match: \"fri\""), "conditional GET sent: {last}");
}

#[tokio::test]
async fn the_same_body_again_is_unchanged() {
    let wednesday = read(SNAPSHOTS[1]);
    let server = TestServer::start(move |_, _| Reply::ok(&wednesday, None)).await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let out = syncer.sync(&store, &server.url(), None).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Unchanged { .. }));
}

/// A server that sends no validators sends the whole file on every poll. The bytes that made a
/// stored count are not read again: with the state pointing the body at the Wednesday count,
/// Friday's bytes are taken as that count (nothing stored), which only a skipped parse does.
#[tokio::test]
async fn a_body_without_validators_that_made_a_stored_count_is_not_read_again() {
    let friday = read(SNAPSHOTS[2]);
    let body = friday.clone();
    let server = TestServer::start(move |_, _| Reply::ok(&body, None)).await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let state = |store: &Mutex<Store>| {
        store.lock().expect("l").feed_state(&server.url()).expect("state").expect("row")
    };

    let first = syncer.sync(&store, &server.url(), None).await.expect("sync");
    let SyncOutcome::Updated { snapshot, .. } = first else { panic!("{first:?}") };
    let after_first = state(&store);
    assert_eq!(after_first.body_sha256.as_deref(), Some(body_hash(&friday).as_str()));
    assert_eq!(after_first.body_snapshot, Some(snapshot.id));
    assert_ne!(body_hash(&friday), tallyroom_core::ids::sha256_hex(&friday), "version-bound");
    let again = syncer.sync(&store, &server.url(), None).await.expect("sync");
    assert!(matches!(again, SyncOutcome::Unchanged { .. }), "{again:?}");

    // Point the body at the Wednesday count: a skipped parse stores nothing.
    let fresh = store_with_wednesday();
    let election = feeds::parse(&read(SNAPSHOTS[1])).expect("parse").election.id;
    let wednesday_id = fresh.lock().expect("l").latest_snapshot_id(&election).expect("id");
    let mut pointed = after_first.clone();
    pointed.body_snapshot = wednesday_id;
    fresh.lock().expect("l").put_feed_state(&pointed).expect("put");
    let out = syncer.sync(&fresh, &server.url(), None).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Unchanged { .. }), "{out:?}");
    assert_eq!(mayor_votes(&fresh), WEDNESDAY, "Friday's bytes were not read");
    assert_eq!(fresh.lock().expect("l").snapshot_count().expect("n"), 1);

    // A count that is not stored is no reason to skip: the bytes are read and stored.
    pointed.body_snapshot = Some(9_999);
    fresh.lock().expect("l").put_feed_state(&pointed).expect("put");
    let out = syncer.sync(&fresh, &server.url(), None).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Updated { .. }), "{out:?}");
    assert_eq!(mayor_votes(&fresh), vec![Some(289_782), Some(285_398)]);
    assert_ne!(state(&fresh).body_snapshot, Some(9_999));
}

#[tokio::test]
async fn a_5xx_then_success_is_retried() {
    let friday = read(SNAPSHOTS[2]);
    let server =
        TestServer::start(
            move |n, _| {
                if n < 2 {
                    Reply::status(503)
                } else {
                    Reply::ok(&friday, None)
                }
            },
        )
        .await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let out = syncer.sync(&store, &server.url(), None).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Updated { .. }));
    assert_eq!(server.hits(), 3);
    assert_eq!(mayor_votes(&store), vec![Some(289_782), Some(285_398)]);
}

#[tokio::test]
async fn a_404_is_not_retried() {
    let server = TestServer::start(|_, _| Reply::status(404)).await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let err = syncer.sync(&store, &server.url(), None).await.expect_err("404");
    assert_eq!((err.code().as_str(), server.hits()), ("http_status", 1));
}

#[tokio::test]
async fn failures_keep_the_last_good_data() {
    let big = vec![b' '; 2 * 1024 * 1024];
    check_failure(Reply::status(500), "http_status", "answered 500").await;
    check_failure(Reply::StallBeforeHeaders, "timeout", "did not answer in time").await;
    check_failure(
        Reply::StallMidBody { body: read(SNAPSHOTS[2])[..1000].to_vec() },
        "timeout",
        "in time",
    )
    .await;
    check_failure(Reply::ok(&big, None), "too_large", "larger than the limit").await;
    check_failure(
        Reply::Full {
            status: 200,
            headers: vec![("Content-Type", "text/html".into())],
            body: b"<!DOCTYPE html><html><h1>Service Unavailable</h1></html>".to_vec(),
        },
        "bad_feed",
        "web page (HTML)",
    )
    .await;
    check_failure(Reply::ok(b"not json at all", None), "bad_feed", "not a results feed").await;
    check_failure(Reply::ok(&read(SNAPSHOTS[2])[..5000], None), "bad_feed", "not valid JSON").await;
    check_failure(Reply::Drop, "offline", "could not reach").await;
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gz");
    gz.finish().expect("gz")
}

#[tokio::test]
async fn hostile_and_broken_servers_end_in_bounded_time_with_the_data_kept() {
    // A gzip bomb: 1 MiB on the wire that inflates to 64 MiB, past the 1 MiB cap.
    let bomb = gzip(&vec![b' '; 64 * 1024 * 1024]);
    assert!(bomb.len() < 1024 * 1024);
    check_failure(
        Reply::Full { status: 200, headers: vec![("Content-Encoding", "gzip".into())], body: bomb },
        "too_large",
        "larger than the limit",
    )
    .await;
    check_failure(Reply::Endless, "too_large", "larger than the limit").await;
    // Promises 400,000 bytes, sends 1,000, hangs up.
    let mut lie =
        b"HTTP/1.1 200 OK\r\nContent-Length: 400000\r\nConnection: close\r\n\r\n".to_vec();
    lie.extend_from_slice(&read(SNAPSHOTS[2])[..1000]);
    check_failure(Reply::Raw(lie), "offline", "broke off").await;
    check_failure(Reply::status(503), "http_status", "answered 503").await;
    let long_wait =
        Reply::Full { status: 429, headers: vec![("Retry-After", "120".into())], body: vec![] };
    check_failure(long_wait, "rate_limited", "asks to wait 120 s").await;
    // A redirect from loopback to plain http elsewhere is refused before any connection.
    let redirect = Reply::Full {
        status: 302,
        headers: vec![("Location", "http://results.example/electionresults/json".into())],
        body: vec![],
    };
    check_failure(redirect, "insecure_redirect", "not https").await;
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out() {
    let friday = read(SNAPSHOTS[2]);
    let server = TestServer::start(move |n, _| {
        if n == 0 {
            Reply::Full { status: 429, headers: vec![("Retry-After", "1".into())], body: vec![] }
        } else {
            Reply::ok(&friday, None)
        }
    })
    .await;
    let store = store_with_wednesday();
    let started = Instant::now();
    let out =
        Syncer::new(config()).expect("c").sync(&store, &server.url(), None).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Updated { .. }));
    assert!(started.elapsed() >= Duration::from_secs(1), "waited as asked");
    assert_eq!(server.hits(), 2);
}

/// Servers mislabel things; the format is found from the content, so a good feed served as
/// text/html is still read.
#[tokio::test]
async fn a_good_feed_with_a_wrong_content_type_is_read() {
    let friday = read(SNAPSHOTS[2]);
    let server = TestServer::start(move |_, _| Reply::Full {
        status: 200,
        headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
        body: friday.clone(),
    })
    .await;
    let store = store_with_wednesday();
    let out =
        Syncer::new(config()).expect("c").sync(&store, &server.url(), None).await.expect("sync");
    assert!(matches!(out, SyncOutcome::Updated { .. }));
    assert_eq!(mayor_votes(&store), vec![Some(289_782), Some(285_398)]);
}

#[tokio::test]
async fn a_dead_port_is_offline() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/feed", listener.local_addr().expect("addr"));
    drop(listener);
    let store = store_with_wednesday();
    let err = Syncer::new(config()).expect("c").sync(&store, &url, None).await.expect_err("dead");
    assert_eq!(err.code(), "offline");
    assert_eq!(mayor_votes(&store), WEDNESDAY);
}

#[tokio::test]
async fn plain_http_to_the_internet_is_refused_before_any_request() {
    let store = store_with_wednesday();
    let err =
        Syncer::new(config()).expect("c").sync(&store, "http://results.example/x", None).await;
    assert!(matches!(err.expect_err("insecure"), SyncError::Insecure));
}

#[tokio::test]
async fn only_one_sync_runs_at_a_time() {
    let friday = read(SNAPSHOTS[2]);
    let server = TestServer::start(move |_, _| {
        std::thread::sleep(Duration::from_millis(300));
        Reply::ok(&friday, None)
    })
    .await;
    let store = store_with_wednesday();
    let syncer = Syncer::new(config()).expect("client");
    let url = server.url();
    let runs: Vec<_> = (0..100).map(|_| syncer.sync(&store, &url, None)).collect();
    let results = futures_join_all(runs).await;
    let busy = results.iter().filter(|r| matches!(r, Err(SyncError::Busy))).count();
    let updated = results.iter().filter(|r| matches!(r, Ok(SyncOutcome::Updated { .. }))).count();
    assert_eq!((updated, busy), (1, 99));
    assert_eq!(server.hits(), 1);
}

async fn futures_join_all<F: std::future::Future>(futs: Vec<F>) -> Vec<F::Output> {
    let mut out = Vec::new();
    let mut pinned: Vec<_> = futs.into_iter().map(Box::pin).collect();
    // Poll all at once so they really overlap: the first takes the lock, the rest find it held.
    let mut done: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if done[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => done[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.extend(done.into_iter().flatten());
    out
}

/// A count the parser accepts but the cache cannot hold (a figure past SQLite's integers) is the
/// feed's fault: `bad_feed`, as any other unusable body, never `cache`.
#[tokio::test]
async fn a_count_the_cache_cannot_hold_is_a_bad_feed_not_a_cache_fault() {
    let body = String::from_utf8(read(SNAPSHOTS[2])).expect("utf8").replacen(
        "\"Votes\": ",
        "\"Votes\": 9223372036854775808",
        1,
    );
    // The first figure now reads 9223372036854775808<old digits>: too big even for u64, so cut
    // it back to exactly i64::MAX + 1, which u64 holds and SQLite does not.
    let at = body.find("9223372036854775808").expect("placed");
    let end = at + body[at..].find(|c: char| !c.is_ascii_digit()).expect("end");
    let body = format!("{}9223372036854775808{}", &body[..at], &body[end..]);
    check_failure(Reply::ok(body.as_bytes(), None), "bad_feed", "too large").await;
}
