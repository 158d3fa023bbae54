//! The application service the desktop commands call, without any window.

use std::time::Duration;

use tallyroom_core::app::{AlertKind, AlertWords, App};

use crate::MAYOR_ID as HEADLINE_CONTEST;
use tallyroom_core::settings::Settings;
use tallyroom_core::sync::{SyncConfig, SyncOutcome};
use tallyroom_core::Paths;

use crate::server::{Reply, TestServer};
use crate::{read, SNAPSHOTS};

fn config() -> SyncConfig {
    SyncConfig { retries: 0, request_timeout: Duration::from_secs(2), ..SyncConfig::default() }
}

/// A feed served on loopback whose body the test can swap, and an app (without the bundled
/// count) whose one source it is. The feed is served while the returned server lives.
async fn app_on_feed(
    dir: &std::path::Path,
    first: Vec<u8>,
) -> (App, std::sync::Arc<std::sync::Mutex<Vec<u8>>>, TestServer) {
    let served = std::sync::Arc::new(std::sync::Mutex::new(first));
    let body = served.clone();
    let server = TestServer::start(move |_, _| Reply::ok(&body.lock().expect("l"), None)).await;
    let app = App::open(Paths::in_dir(dir), config(), false).expect("open");
    app.save_settings(Settings {
        sources: crate::one_source(&server.url()),
        ..Settings::default()
    })
    .expect("settings");
    (app, served, server)
}

#[tokio::test]
async fn following_the_mayors_race_announces_the_change_of_leader() {
    let dir = tempfile::tempdir().expect("tmp");
    let (app, served, _server) = app_on_feed(dir.path(), read(SNAPSHOTS[1])).await;
    app.refresh().await.expect("wednesday");
    app.set_followed(HEADLINE_CONTEST, true).expect("follow");

    *served.lock().expect("l") = read(SNAPSHOTS[2]);
    let done = app.refresh().await.expect("friday");
    assert!(matches!(done.sources[0].outcome, Some(SyncOutcome::Updated { .. })));
    assert_eq!(done.alerts.len(), 1);
    assert_eq!(done.alerts[0].kind, AlertKind::LeaderChanged);
    assert_eq!(
        done.alerts[0].message,
        "Karen Ruth Bass now leads in Los Angeles City: Mayor, ahead of Rick J. Caruso by 0.8 points."
    );
    // The same sentence as data, for the UI's catalogue: Friday 11 Nov, 289,782 to 285,398.
    let AlertWords::NowLeads { leader, behind, title, points } = &done.alerts[0].words else {
        panic!("{:?}", done.alerts[0].words)
    };
    assert_eq!((leader.as_str(), behind.as_str()), ("Karen Ruth Bass", "Rick J. Caruso"));
    assert_eq!(title, "Los Angeles City: Mayor");
    assert!((points - (289_782.0 - 285_398.0) * 100.0 / (289_782.0 + 285_398.0)).abs() < 1e-9);
    // And what Friday's count added to the race: Bass 49,588, Caruso 32,922 since Wednesday.
    let story = done.alerts[0].story.as_ref().expect("story");
    assert_eq!(story.choices, ["Karen Ruth Bass", "Rick J. Caruso"]);
    assert_eq!(
        (story.update.from.as_str(), story.update.added_total),
        ("2022-11-09T03:35:19", 82_510)
    );
    assert_eq!(story.update.added, [Some(49_588), Some(32_922)]);
    // December widens the lead past the default 1-point threshold.
    *served.lock().expect("l") = read(SNAPSHOTS[3]);
    let done = app.refresh().await.expect("december");
    let kinds: Vec<AlertKind> = done.alerts.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, vec![AlertKind::MarginCrossed]);
    assert_eq!(
        done.alerts[0].message,
        "Karen Ruth Bass has opened a lead of 9.7 points in Los Angeles City: Mayor (over 1 point)."
    );
    assert!(matches!(
        &done.alerts[0].words,
        AlertWords::Opened { threshold, .. } if *threshold == 1.0
    ));
    assert_eq!(app.alerts().len(), 2, "the in-app list keeps both, newest first");
    assert_eq!(app.alerts()[0].kind, AlertKind::MarginCrossed);
}

#[test]
fn settings_survive_a_rebuilt_cache_and_bad_values_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = Paths::in_dir(dir.path());
    {
        let app = App::open(paths.clone(), config(), true).expect("open");
        app.set_followed(HEADLINE_CONTEST, true).expect("follow");
        let bad = Settings {
            sources: crate::one_source("http://results.example/feed"),
            ..app.settings()
        };
        let err = app.save_settings(bad).expect_err("plain http elsewhere");
        assert_eq!(err.code(), "invalid_setting");
        let bad = Settings { auto_refresh_secs: 5, ..app.settings() };
        assert!(app.save_settings(bad).expect_err("too fast").to_string().contains("30 seconds"));
        let mut bad = app.settings();
        bad.sources[0].public_key = Some("not a key".into());
        assert!(app
            .save_settings(bad)
            .expect_err("key")
            .to_string()
            .contains("not a minisign key"));
    }
    std::fs::write(&paths.cache_db, b"garbage, not a database".repeat(100)).expect("break it");
    let app = App::open(paths, config(), true).expect("reopen");
    assert_eq!(app.settings().followed, vec![HEADLINE_CONTEST.to_string()]);
    let ov = app.overview().expect("overview");
    assert_eq!(ov.notices.len(), 1, "the rebuild is explained");
    assert!(ov.notices[0].message.contains("rebuilt from the bundled results"));
    let mayor = ov.headline.expect("headline");
    assert_eq!(mayor.choices[0].votes, Some(509_944));
}

/// A big count being applied must not hold up a page: the read returns at once with the
/// previous whole count. (How long it takes is the benchmark's business, not this test's.)
#[test]
fn a_contest_page_reads_the_previous_count_while_a_big_import_runs() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("tmp");
    let app = Arc::new(App::open(Paths::in_dir(dir.path()), config(), true).expect("open"));
    let before = app.contest(HEADLINE_CONTEST).expect("mayor");
    let before_votes: Vec<Option<u64>> = before.choices.iter().map(|c| c.votes).collect();
    assert_eq!(before_votes, vec![Some(509_944), Some(420_030)]);

    // A later count of the whole ballot, repeated under new contest ids until it is large
    // (over 200,000 choices), with the mayor's figures moved.
    let base = tallyroom_core::feeds::parse(&read(SNAPSHOTS[3])).expect("parse");
    let mut big = base.clone();
    big.feed_timestamp = "2022-12-06T12:00:00".into();
    for c in &mut big.contests {
        for ch in &mut c.choices {
            ch.votes = ch.votes.map(|v| v + 1);
        }
    }
    for copy in 0..250 {
        for c in &base.contests {
            let mut c = c.clone();
            c.id = format!("{}-{copy}", c.id);
            for ch in &mut c.choices {
                ch.id = format!("{}-{copy}", ch.id);
            }
            big.contests.push(c);
        }
    }
    assert!(big.choice_count() > 200_000);

    let started = Arc::new(std::sync::Barrier::new(2));
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let (app, started, done) = (Arc::clone(&app), Arc::clone(&started), Arc::clone(&done));
        std::thread::spawn(move || {
            app.with_writer(|store| {
                started.wait();
                let outcome = store.apply(&big, "big");
                done.store(true, Ordering::SeqCst);
                outcome.map(|o| o.is_latest)
            })
        })
    };
    started.wait();
    // The writer holds the store's lock and is applying; the read goes past it.
    let during = app.contest(HEADLINE_CONTEST).expect("a read during the import");
    assert!(!done.load(Ordering::SeqCst), "the read returned before the import finished");
    assert_eq!(during, before, "the previous whole count");
    assert!(writer.join().expect("writer").expect("apply"), "the big count is now the latest");
    let after = app.contest(HEADLINE_CONTEST).expect("mayor");
    let after_votes: Vec<Option<u64>> = after.choices.iter().map(|c| c.votes).collect();
    assert_eq!(after_votes, vec![Some(509_945), Some(420_031)]);
}

/// The bundled overview's "what the latest count changed": changes of leader only in one-seat
/// races, and seat-line crossings of vote-for-N races apart.
#[test]
fn the_overview_separates_leader_changes_from_seat_changes() {
    let dir = tempfile::tempdir().expect("tmp");
    let app = App::open(Paths::in_dir(dir.path()), config(), true).expect("open");
    let ov = app.overview().expect("overview");
    for c in &ov.leader_changes {
        assert!(c.seats.is_none());
        let contest = app.contest(&c.contest_id).expect("contest");
        assert_eq!(contest.vote_for, 1, "{}", c.title);
        assert_eq!(contest.kind, tallyroom_core::model::ContestKind::Candidate, "{}", c.title);
    }
    for c in &ov.seat_changes {
        assert!(app.contest(&c.contest_id).expect("contest").vote_for > 1);
    }
    // 5 Dec against 11 Nov: five one-seat races changed leader, seven vote-for-N races
    // crossed a seat line (West Hollywood's council: Chelsea Byers in, John Duran out, by 13).
    assert_eq!((ov.leader_changes.len(), ov.seat_changes.len()), (5, 7));
    let weho =
        ov.seat_changes.iter().find(|c| c.title.starts_with("West Hollywood")).expect("weho");
    let seats = weho.seats.as_ref().expect("seats");
    assert_eq!(
        (seats.entered.as_slice(), seats.left.as_slice()),
        (&["Chelsea Byers".to_string()][..], &["John Duran".to_string()][..])
    );
    assert_eq!((seats.seats, seats.edge_votes), (3, 13));
    // Following that race, the count raises a seat alert, not a "now leads".
    let alerts = tallyroom_core::app::alerts_for(
        &ov.seat_changes,
        std::slice::from_ref(&weho.contest_id),
        Some(1.0),
        0,
    );
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].kind, AlertKind::SeatChanged);
    assert_eq!(
        alerts[0].message,
        format!(
            "Chelsea Byers moved into the last of 3 seats in {}, ahead of John Duran by 13 votes.",
            weho.title
        )
    );
}

/// A NIST feed that says how many ballots are left: the hurdle uses the feed's own figure,
/// labelled as the feed's, until the user enters an estimate, which then takes its place.
#[tokio::test]
async fn the_feeds_ballots_outstanding_feed_the_hurdle_until_the_user_enters_an_estimate() {
    let dir = tempfile::tempdir().expect("tmp");
    let body = crate::fixture("nist-cdf/post_election_with_outstanding.xml");
    let server = TestServer::start(move |_, _| Reply::ok(&body, None)).await;
    let app = App::open(Paths::in_dir(dir.path()), config(), false).expect("open");
    app.save_settings(Settings {
        sources: crate::one_source(&server.url()),
        ..Settings::default()
    })
    .expect("settings");
    app.refresh().await.expect("refresh");
    let governor = app
        .contests(&tallyroom_core::app::ContestFilter {
            text: Some("Governor".into()),
            kind: None,
            election_id: None,
        })
        .expect("contests")
        .into_iter()
        .next()
        .expect("governor");
    let report = app.hurdle(&governor.id, None, None).expect("hurdle");
    let estimate = report.estimate.expect("the feed's figure");
    assert!(estimate.from_feed);
    assert_eq!((estimate.ballots, estimate.said_on.as_str()), (12_000, "2013-11-05T14:25:28"));
    assert_eq!(report.hurdle.expect("hurdle").remaining, 12_000);

    let mine = tallyroom_core::settings::RemainingEstimate {
        scope: governor.election_id.clone(),
        ballots: 5_000,
        said_by: "the registrar".into(),
        said_on: "6 Nov".into(),
        from_feed: false,
    };
    app.set_estimate(&governor.election_id, Some(mine)).expect("estimate");
    let report = app.hurdle(&governor.id, None, None).expect("hurdle");
    assert_eq!(report.estimate.map(|e| (e.ballots, e.from_feed)), Some((5_000, false)));
}

#[tokio::test]
async fn the_overview_shows_the_chosen_election_with_its_pinned_followed_or_biggest_race() {
    use tallyroom_core::app::ContestFilter;
    let dir = tempfile::tempdir().expect("tmp");
    let body = crate::fixture("rcv/2018_maine_governor_primary_report.json");
    let server = TestServer::start(move |_, _| Reply::ok(&body, None)).await;
    let app = App::open(Paths::in_dir(dir.path()), config(), true).expect("open");
    app.save_settings(Settings {
        sources: crate::one_source(&server.url()),
        ..Settings::default()
    })
    .expect("settings");
    app.refresh().await.expect("maine");

    // Newest first: LA's 2022 general (the bundled count), then Maine's 2018 primary.
    let elections = app.elections().expect("elections");
    let summary: Vec<(&str, u32)> = elections
        .iter()
        .map(|e| (e.election.date.get(..10).unwrap_or(""), e.contest_count))
        .collect();
    assert_eq!(summary, [("2022-11-08", 430), ("2018-06-12", 1)]);
    let (la, maine) = (elections[0].election.id.clone(), elections[1].election.id.clone());

    // Nothing chosen: the newest election, led by the race with the most votes (LA's GOVERNOR,
    // 2,389,227 on 5 Dec), never a built-in id.
    let ov = app.overview().expect("overview");
    assert_eq!(ov.election.as_ref().map(|e| e.id.as_str()), Some(la.as_str()));
    let headline = ov.headline.expect("headline");
    assert_eq!(
        (headline.raw_title.as_str(), headline.total_votes, ov.pinned),
        ("GOVERNOR", 2_389_227, false)
    );

    // A followed race leads; a pin leads over it.
    let maine_race = app
        .contests(&ContestFilter { text: None, kind: None, election_id: Some(maine.clone()) })
        .expect("contests");
    assert_eq!(maine_race.len(), 1);
    app.set_followed(&maine_race[0].id, true).expect("follow maine");
    app.set_followed(HEADLINE_CONTEST, true).expect("follow mayor");
    let ov = app.overview().expect("overview");
    assert_eq!(ov.headline.map(|h| h.id), Some(HEADLINE_CONTEST.to_string()));
    assert!(ov.followed.is_empty(), "Maine's race is not on LA's overview");
    let senate = app
        .contests(&ContestFilter {
            text: Some("senator full term".into()),
            kind: None,
            election_id: Some(la.clone()),
        })
        .expect("senate")
        .into_iter()
        .next()
        .expect("senate");
    app.set_pinned(&senate.id, true).expect("pin");
    let ov = app.overview().expect("overview");
    assert_eq!((ov.headline.map(|h| h.id), ov.pinned), (Some(senate.id.clone()), true));
    assert_eq!(ov.followed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [HEADLINE_CONTEST]);

    // Switching to Maine: its followed race leads there; the choice is remembered.
    app.set_election(Some(maine.clone())).expect("switch");
    let ov = app.overview().expect("overview");
    assert_eq!(ov.election.map(|e| e.id), Some(maine.clone()));
    assert_eq!((ov.headline.map(|h| h.id), ov.pinned), (Some(maine_race[0].id.clone()), false));
    assert_eq!(app.settings().election, Some(maine));
    assert!(app.set_election(Some("lavote-9999".into())).is_err(), "an election not stored");
    app.set_election(None).expect("back to the newest");
    assert_eq!(app.overview().expect("ov").election.map(|e| e.id), Some(la));
}

/// Before the polls close every count in LA's feed is zero (its 25 Oct file). The overview is
/// then led by the highest heading of the ballot: the first federal race in the feed's order
/// (the 391st of 430), not the race the feed happens to list first (an appellate justice) or
/// last (a water board, which the overview showed before).
#[tokio::test]
async fn an_election_with_no_votes_yet_is_led_by_the_top_of_its_ticket() {
    use tallyroom_core::model::Level;
    let dir = tempfile::tempdir().expect("tmp");
    let (app, served, _server) = app_on_feed(dir.path(), read(SNAPSHOTS[0])).await;
    app.refresh().await.expect("25 Oct");
    let ov = app.overview().expect("overview");
    let headline = ov.headline.expect("headline");
    assert_eq!(
        (headline.raw_title.as_str(), headline.total_votes, headline.level, ov.pinned),
        ("UNITED STATES REPRESENTATIVE, 23rd District", 0, Level::Federal, false)
    );
    // The headline is kept between reads until a count is stored: election night's first
    // count puts the governor's race (the most votes) there, as a freshly opened cache says.
    *served.lock().expect("lock") = read(SNAPSHOTS[1]);
    app.refresh().await.expect("9 Nov");
    let title = |app: &App| app.overview().expect("overview").headline.expect("h").raw_title;
    assert_eq!(title(&app), "GOVERNOR");
    let fresh = App::open(Paths::in_dir(dir.path()), config(), false).expect("reopen");
    assert_eq!(title(&fresh), "GOVERNOR");
}

/// The overview keeps what the newest count changed between reads, and each new count replaces
/// it: after every refresh the overview says what a cache opened afresh says.
#[tokio::test]
async fn the_overviews_kept_changes_follow_each_new_count() {
    let dir = tempfile::tempdir().expect("tmp");
    let (app, served, _server) = app_on_feed(dir.path(), read(SNAPSHOTS[1])).await;
    let said = |ov: &tallyroom_core::app::Overview| {
        let titles = |list: &[tallyroom_core::model::ContestChange]| {
            list.iter().map(|c| c.title.clone()).collect::<Vec<_>>()
        };
        (ov.changed_in_latest, titles(&ov.leader_changes), titles(&ov.seat_changes))
    };
    let mut seen = Vec::new();
    for (i, file) in SNAPSHOTS.iter().enumerate().skip(1) {
        *served.lock().expect("l") = read(file);
        app.refresh().await.expect("refresh");
        let kept = said(&app.overview().expect("overview"));
        assert_eq!(said(&app.overview().expect("again")), kept, "read twice, count {i}");
        let fresh = App::open(Paths::in_dir(dir.path()), config(), false).expect("reopen");
        assert_eq!(said(&fresh.overview().expect("fresh")), kept, "count {i}");
        seen.push((kept.0, kept.1.len(), kept.2.len()));
    }
    assert_eq!(seen, [(0, 0, 0), (430, 4, 5), (430, 5, 7)]);
}
