//! Test support in one place (as GitButler's `but-testsupport` is): where the fixtures are, the
//! list of bundled snapshots, and nginx on loopback. Only tests and the benchmark depend on it.

mod nginx;

use std::path::PathBuf;

pub use nginx::{LogLine, Nginx};

/// The bundled LA County snapshots, oldest first, as paths under `data/`; the list itself lives
/// in `tallyroom_core::bundled`, next to the bytes it compiles in.
pub const SNAPSHOTS: &[&str] = tallyroom_core::bundled::LA_2022_FILES;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under `data/` (bundled data, also used as fixtures).
pub fn data(rel: &str) -> PathBuf {
    root().join("data").join(rel)
}

/// A file under `data/`.
pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A test-only fixture under `tests/data/`.
pub fn fixture_path(rel: &str) -> PathBuf {
    root().join("tests/data").join(rel)
}

pub fn fixture(rel: &str) -> Vec<u8> {
    let path = fixture_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
