//! Data compiled into the binary so the first launch shows real results with no network:
//! the four real LA County snapshots of the 2022 count and the candidate profiles.

use crate::error::Result;
use crate::profiles::ProfileSet;
use crate::store::Store;

/// The bundled snapshots, named once: the bytes compiled in, and their paths under `data/`
/// (which tests and the benchmark read through `tallyroom-testkit`).
macro_rules! la_2022 {
    ($($name:literal),* $(,)?) => {
        pub const LA_2022_SNAPSHOTS: &[(&str, &[u8])] =
            &[$(($name, include_bytes!(concat!("../../../data/lavote/", $name)))),*];
        pub const LA_2022_FILES: &[&str] = &[$(concat!("lavote/", $name)),*];
    };
}

la_2022!(
    "4300_20221025T090203.147.json",
    "4300_20221109T033519.json",
    "4300_20221111T160919.703.json",
    "4300_20221205T121521.817.json",
);

pub const PROFILES_JSON: &[u8] = include_bytes!("../../../data/profiles/la-2022-mayor.json");

/// The bundled profile set, parsed and validated.
pub fn profiles() -> Result<ProfileSet> {
    ProfileSet::from_json(PROFILES_JSON)
}

/// Stores the bundled results (all four snapshots) in `store`.
pub fn seed_results(store: &mut Store) -> Result<()> {
    for (name, bytes) in LA_2022_SNAPSHOTS {
        let feed = crate::feeds::parse(bytes)?;
        store.apply(&feed, &format!("bundled:{name}"))?;
    }
    Ok(())
}

/// Installs the bundled profiles unless this exact set is already there, so a new app version
/// brings its newer profiles into an old cache.
pub fn ensure_profiles(store: &mut Store) -> Result<()> {
    let hash = crate::ids::sha256_hex(PROFILES_JSON);
    if store.meta("bundled_profiles")?.as_deref() != Some(hash.as_str()) {
        store.put_profiles(&profiles()?, crate::store::ProfileOrigin::Bundled)?;
        store.set_meta("bundled_profiles", &hash)?;
    }
    Ok(())
}
