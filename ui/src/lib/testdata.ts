// The LA mayor's race as Rust sends it (ContestView), for the UI's tests: the ballot order of
// the feed (Bass, then Caruso), and the rank, lead and status tally.rs works out from the votes.
import type { ContestView } from "./bindings";

export function mayor(bass: number, caruso: number): ContestView {
  const total = bass + caruso;
  const choice = (id: string, name: string, votes: number) => ({
    id,
    raw_name: name.toUpperCase(),
    name,
    party: "Non Partisan",
    votes,
    percent: total ? (votes * 100) / total : null,
    leading: false,
    winner: null,
    profile_id: null,
  });
  const [leader, runnerUp] = caruso > bass ? [1, 0] : [0, 1];
  const votes = Math.abs(bass - caruso);
  const lead = total ? { leader, runner_up: runnerUp, votes, points: (votes * 100) / total } : null;
  return {
    id: "c-4f718ecaf942b4c9",
    election_id: "lavote-4300",
    group: "Cities",
    raw_title: "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor",
    title: "Los Angeles City: Mayor",
    office: "Mayor",
    jurisdiction: "Los Angeles City",
    kind: "candidate",
    level: "city",
    vote_for: 1,
    pass_rule: null,
    measure_text: null,
    raw_kind: null,
    choices: [choice("k-b", "Karen Ruth Bass", bass), choice("k-c", "Rick J. Caruso", caruso)],
    total_votes: total,
    as_of: "2022-12-05T12:15:21.817",
    time_zone: "America/Los_Angeles",
    reporting: {
      precincts_reported: null,
      precincts_total: null,
      counties_reported: null,
      counties_total: null,
      ballots_cast: null,
    },
    changed_in_latest: false,
    votes_added: null,
    last_update: null,
    rank: [leader, runnerUp],
    lead,
    status: lead ? { state: "leading", ...lead } : { state: "not_counted" },
    rounds: null,
  };
}
