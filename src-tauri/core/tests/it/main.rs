//! The core's one integration-test binary (one binary links once; see ripgrep's layout).

mod analysis;
mod app;
mod bad_inputs;
mod bindings;
mod clarity;
mod clarity_site;
mod counts;
mod errors;
mod export;
mod faults;
mod feeds;
mod nist;
mod rcv;
mod results;
mod server;
mod signed;
mod sources;
mod status;
mod store;
mod sync;
mod unseen;

pub use tallyroom_testkit::{data, fixture, read, SNAPSHOTS};

pub const MAYOR: &str = "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor";
/// The mayor's race's stable id (see ARCHITECTURE.md, Stable ids).
pub const MAYOR_ID: &str = "c-4f718ecaf942b4c9";

/// A settings list of one source at `url` (a test's loopback server).
pub fn one_source(url: &str) -> Vec<tallyroom_core::sources::FeedSource> {
    vec![tallyroom_core::sources::FeedSource {
        id: "1".into(),
        url: url.into(),
        label: "Test feed".into(),
        public_key: None,
        kind: None,
        follow_counties: false,
    }]
}
