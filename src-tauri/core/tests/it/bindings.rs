//! The UI's TypeScript types are generated from the Rust types and checked in; this fails when
//! they drift. `UPDATE_BINDINGS=1` rewrites the file instead.

use std::path::PathBuf;

#[test]
fn bindings_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let want = tallyroom_core::app::typescript_bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).expect("write bindings");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/bindings.ts is out of date; run UPDATE_BINDINGS=1 cargo test -p tallyroom-core bindings"
    );
}
