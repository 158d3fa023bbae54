//! What every figure shares: the table row, timing, paths.

use std::time::{Duration, Instant};

pub use tallyroom_testkit::root;

/// A file under the repository's root.
pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub struct Row {
    pub figure: String,
    pub ours: String,
    pub baseline: String,
    pub ratio: f64,
    pub target: String,
    pub met: bool,
}

pub fn secs(d: Duration) -> String {
    if d < Duration::from_millis(10) {
        format!("{:.2} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.3} s", d.as_secs_f64())
    }
}

/// The best of `n` runs: the least disturbed by whatever else the machine is doing.
pub fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = None;
    let mut best = Duration::MAX;
    for _ in 0..n {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("n > 0"))
}
