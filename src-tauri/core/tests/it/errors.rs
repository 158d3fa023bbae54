//! One code per failure, per layer: what the UI switches on comes from Rust, typed.

use tallyroom_core::app::{ApiError, App};
use tallyroom_core::error::{Error, ErrorCode, FeedError, SettingsField, StoreError};
use tallyroom_core::settings::Settings;
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::{feeds, signed, Paths, Store};

fn check(err: impl Into<ApiError>, code: ErrorCode, field: Option<SettingsField>) {
    let err = err.into();
    assert_eq!((err.code, err.field), (code, field), "{}", err.message);
    assert!(!err.message.is_empty());
}

#[test]
fn feeds() {
    check(
        feeds::parse(b"<!doctype html><html></html>").expect_err("html"),
        ErrorCode::UnknownFormat,
        None,
    );
    check(feeds::parse(b"  \n").expect_err("empty"), ErrorCode::EmptyFeed, None);
    check(feeds::parse(b"{\"Election\": 3}").expect_err("bad"), ErrorCode::MalformedFeed, None);
    // The layer's own type, inside the core's error.
    assert!(matches!(feeds::parse(b" ").expect_err("empty"), Error::Feed(FeedError::Empty)));
}

#[test]
fn store() {
    let store = Store::open_in_memory().expect("open");
    check(store.contest("c-none").expect_err("missing"), ErrorCode::NotFound, None);
    check(store.profile("p-none").expect_err("missing"), ErrorCode::NotFound, None);
    let err = store.contest("c-none").expect_err("missing");
    assert!(matches!(err, Error::Store(StoreError::NotFound(_))), "{err:?}");
}

#[test]
fn signing() {
    check(signed::sign("not a key", b"data").expect_err("bad key"), ErrorCode::Signing, None);
}

/// Each invalid setting names its own field, so the UI pins the message to the right input.
#[test]
fn settings_name_their_field() {
    let dir = tempfile::tempdir().expect("tmp");
    let app = App::open(Paths::in_dir(dir.path()), SyncConfig::default(), false).expect("open");
    let bad = |change: fn(&mut Settings)| {
        let mut s = Settings::default();
        change(&mut s);
        app.save_settings(s).expect_err("refused")
    };
    check(
        bad(|s| s.auto_refresh_secs = 5),
        ErrorCode::InvalidSetting,
        Some(SettingsField::AutoRefreshSecs),
    );
    check(
        bad(|s| s.sources[0].url = "http://example.com/x".into()),
        ErrorCode::InvalidSetting,
        Some(SettingsField::FeedUrl),
    );
    check(
        bad(|s| s.alert_margin_points = Some(-1.0)),
        ErrorCode::InvalidSetting,
        Some(SettingsField::AlertMarginPoints),
    );
    check(
        bad(|s| s.sources[0].public_key = Some("nonsense".into())),
        ErrorCode::InvalidSetting,
        Some(SettingsField::FeedPublicKey),
    );
    assert_eq!(app.settings(), Settings::default(), "nothing invalid was kept");
}
