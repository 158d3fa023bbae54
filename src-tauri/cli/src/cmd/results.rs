//! `results`: the latest figures, optionally by area and vote type.

use tallyroom_core::store::{ContestQuery, Reader};
use tallyroom_core::Error;

use crate::render::{print_areas, print_contest, print_json, print_rounds, ResultRow};

pub fn results(
    store: &Reader,
    contest: Option<String>,
    election: Option<String>,
    json: bool,
    by_area: bool,
    rounds: bool,
    out: &mut String,
) -> Result<(), Error> {
    let q = ContestQuery { text: contest.clone(), election_id: election, ..Default::default() };
    let contests = store.contests(&q)?;
    if contests.is_empty() && !json {
        if let Some(text) = &contest {
            let near = store.suggest(text, 5)?;
            if !near.is_empty() {
                out.push_str(&format!(
                    "No contest matches \"{text}\". Did you mean: {}?\n",
                    near.join(", ")
                ));
            }
        }
    }
    let areas = if by_area {
        contests.iter().map(|c| store.area_results(&c.id).map(Some)).collect::<Result<_, _>>()?
    } else {
        vec![None; contests.len()]
    };
    if json {
        let rows: Vec<ResultRow<'_>> = contests
            .iter()
            .zip(&areas)
            .map(|(contest, a)| ResultRow {
                election: &contest.election_id,
                contest,
                by_area: a.as_ref(),
            })
            .collect();
        return print_json(&rows, out);
    }
    for (c, a) in contests.iter().zip(&areas) {
        print_contest(c, out);
        if let (true, Some(tab)) = (rounds, &c.rounds) {
            print_rounds(tab, out);
        }
        if let Some(a) = a {
            print_areas(a, out);
        }
    }
    Ok(())
}
