//! The application service the desktop commands call, without any window.

use std::time::Duration;

use tallyroom_core::app::{AlertKind, App, HEADLINE_CONTEST};
use tallyroom_core::settings::Settings;
use tallyroom_core::sync::{SyncConfig, SyncOutcome};
use tallyroom_core::Paths;

use crate::server::{Reply, TestServer};
use crate::{read, SNAPSHOTS};

fn config() -> SyncConfig {
    SyncConfig { retries: 0, request_timeout: Duration::from_secs(2), ..SyncConfig::default() }
}

#[tokio::test]
async fn following_the_mayors_race_announces_the_change_of_leader() {
    let dir = tempfile::tempdir().expect("tmp");
    let served = std::sync::Arc::new(std::sync::Mutex::new(read(SNAPSHOTS[1])));
    let body = served.clone();
    let server = TestServer::start(move |_, _| Reply::ok(&body.lock().expect("l"), None)).await;
    let app = App::open(Paths::in_dir(dir.path()), config(), false).expect("open");
    app.save_settings(Settings { feed_url: server.url(), ..Settings::default() })
        .expect("settings");
    app.refresh().await.expect("wednesday");
    app.set_followed(HEADLINE_CONTEST, true).expect("follow");

    *served.lock().expect("l") = read(SNAPSHOTS[2]);
    let done = app.refresh().await.expect("friday");
    assert!(matches!(done.outcome, SyncOutcome::Updated { .. }));
    assert_eq!(done.alerts.len(), 1);
    assert_eq!(done.alerts[0].kind, AlertKind::LeaderChanged);
    assert_eq!(
        done.alerts[0].message,
        "Karen Ruth Bass now leads in Los Angeles City: Mayor, ahead of Rick J. Caruso by 0.8 points."
    );
    // December widens the lead past the default 1-point threshold.
    *served.lock().expect("l") = read(SNAPSHOTS[3]);
    let done = app.refresh().await.expect("december");
    let kinds: Vec<AlertKind> = done.alerts.iter().map(|a| a.kind).collect();
    assert_eq!(kinds, vec![AlertKind::MarginCrossed]);
    assert_eq!(
        done.alerts[0].message,
        "Karen Ruth Bass has opened a lead of 9.7 points in Los Angeles City: Mayor (over 1 point)."
    );
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
        let bad = Settings { feed_url: "http://results.example/feed".into(), ..app.settings() };
        let err = app.save_settings(bad).expect_err("plain http elsewhere");
        assert_eq!(err.code(), "invalid_setting");
        let bad = Settings { auto_refresh_secs: 5, ..app.settings() };
        assert!(app.save_settings(bad).expect_err("too fast").to_string().contains("30 seconds"));
        let bad = Settings { feed_public_key: Some("not a key".into()), ..app.settings() };
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
    assert!(ov.notices[0].contains("rebuilt from the bundled results"));
    let mayor = ov.headline.expect("headline");
    assert_eq!(mayor.choices[0].votes, Some(509_944));
}
