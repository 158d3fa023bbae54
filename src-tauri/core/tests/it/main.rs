//! The core's one integration-test binary (one binary links once; see ripgrep's layout).

mod app;
mod bad_inputs;
mod bindings;
mod clarity;
mod errors;
mod faults;
mod feeds;
mod nginx;
mod nist;
mod server;
mod signed;
mod store;
mod sync;

use std::path::PathBuf;

/// The repository's data folder: bundled data and test fixtures share one copy.
pub fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data").join(rel)
}

/// Test-only fixtures (tests/data at the repository root).
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub const SNAPSHOTS: [&str; 4] = [
    "lavote/4300_20221025T090203.147.json",
    "lavote/4300_20221109T033519.json",
    "lavote/4300_20221111T160919.703.json",
    "lavote/4300_20221205T121521.817.json",
];

pub const MAYOR: &str = "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor";
