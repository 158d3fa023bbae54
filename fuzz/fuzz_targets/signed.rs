//! The signed-feed reader: manifests and deltas from the network, before and after checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = tallyroom_core::signed::parse_manifest(data, 0, Some(1));
    let _ = tallyroom_core::signed::is_manifest(data);
    let _ = tallyroom_core::signed::read_snapshot(data);
    if let Ok(delta) = serde_json::from_slice::<tallyroom_core::signed::Delta>(data) {
        let base = tallyroom_core::feeds::ParsedFeed {
            format: tallyroom_core::feeds::FeedFormat::Tallyroom,
            election: tallyroom_core::model::Election { id: "e".into(), title: "t".into(), date: "d".into() },
            feed_timestamp: "t".into(),
            contests: vec![],
            profiles: vec![],
        };
        let _ = tallyroom_core::signed::apply_delta(&base, &delta);
    }
});
