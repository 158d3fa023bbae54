//! `profiles` and `import-profiles`.

use std::fmt::Write as _;
use std::path::Path;

use std::collections::HashSet;
use tallyroom_core::profiles::ProfileSet;

use tallyroom_core::store::{ContestQuery, ProfileOrigin, Reader};
use tallyroom_core::{Error, Store};

use crate::files::read_bounded;
use crate::render::print_json;

pub fn import_profiles(store: &mut Store, file: &Path, out: &mut String) -> Result<(), Error> {
    let set = ProfileSet::from_json(&read_bounded(file)?)?;
    store.put_profiles(&set, ProfileOrigin::File)?;
    writeln!(out, "{}: {} profiles stored", file.display(), set.profiles.len()).ok();
    Ok(())
}

pub fn profiles(
    store: &Reader,
    election: Option<String>,
    json: bool,
    out: &mut String,
) -> Result<(), Error> {
    let mut profiles = store.profiles()?;
    if let Some(id) = election {
        let q = ContestQuery { election_id: Some(id), ..Default::default() };
        let contests: HashSet<String> = store.contests(&q)?.into_iter().map(|c| c.id).collect();
        profiles.retain(|p| contests.contains(&p.contest_id));
    }
    if json {
        return print_json(&profiles, out);
    }
    for p in profiles {
        writeln!(out, "{} ({})\n  {}\n", p.name, p.id, p.summary.text).ok();
    }
    Ok(())
}
