//! Every parser behind `feeds::parse` (LA County JSON, Clarity XML and zip, NIST XML and JSON):
//! any bytes give a feed or an error, never a panic, a hang or unbounded memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(feed) = tallyroom_core::feeds::parse(data) {
        // What parses must also hash and serialise (the signed feed's snapshot form).
        let _ = feed.content_hash();
        let _ = tallyroom_core::signed::snapshot_bytes(&feed);
    }
});
