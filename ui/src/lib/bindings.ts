// Generated from the Rust types in src-tauri/core by `typescript_bindings()`.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p tallyroom-core bindings`.

export type ContestKind = "candidate" | "judicial" | "measure";

export type Level = "federal" | "state" | "county" | "city" | "district" | "judicial" | "measures";

export type Election = { 
/**
 * Stable id, `<source>-<feed's election id>`, e.g. `lavote-4300`.
 */
id: string, title: string, 
/**
 * The election day as the feed gives it.
 */
date: string, };

export type ContestView = { id: string, election_id: string, 
/**
 * The feed's own group name (e.g. "Cities").
 */
group: string, 
/**
 * The title exactly as the feed gives it.
 */
raw_title: string, 
/**
 * A readable title derived from `raw_title`.
 */
title: string, office: string, jurisdiction: string, kind: ContestKind, level: Level, 
/**
 * How many choices a voter may pick; the N leading choices are "leading", never "winners".
 */
vote_for: number, 
/**
 * For measures: the share needed to pass, as the feed words it.
 */
pass_rule: string | null, measure_text: string | null, 
/**
 * The feed's own contest type when Tallyroom had never seen it (shown as the feed wrote
 * it); `kind` is then only the nearest class.
 */
raw_kind: string | null, choices: Array<ChoiceView>, 
/**
 * Sum of votes over the choices in the latest snapshot.
 */
total_votes: number, 
/**
 * The feed's timestamp of the snapshot these figures come from.
 */
as_of: string | null, 
/**
 * The IANA zone `as_of` is written in, where the feed's adapter knows it.
 */
time_zone: string | null, reporting: Reporting, 
/**
 * True when the latest snapshot changed this contest's figures against the one before it.
 */
changed_in_latest: boolean, 
/**
 * The latest count's total minus the one before's, for this contest: negative when a
 * correction lowered it. `None` with no count before, or none for this contest in it.
 */
votes_added: number | null, 
/**
 * What the latest count added against the one before it, choice by choice (the last of
 * the contest's `history().updates`); `None` with no count before that had this contest.
 */
last_update: Update | null, 
/**
 * Indices into `choices`, most votes first (ties in ballot order), from `tally::rank`.
 */
rank: Array<number>, 
/**
 * The first choice's lead over the second, from `tally::lead`; `None` until votes exist.
 */
lead: Lead | null, 
/**
 * What can be said about the contest so far (leading, tied, seats, a measure against its
 * rule), from `tally::status`; the UI words this and says nothing else.
 */
status: Status, 
/**
 * A ranked-choice contest's rounds in the latest count; `None` for every other contest.
 */
rounds: Tabulation | null, };

export type Lead = { 
/**
 * Index into the contest's choices (ballot order) of the choice with the most votes.
 */
leader: number, 
/**
 * The second choice, if the contest has one.
 */
runner_up: number | null, votes: number, 
/**
 * The lead in percentage points of all votes counted in the contest.
 */
points: number, };

export type Status = { "state": "not_counted" } | { "state": "unopposed", choices: Array<number>, } | { "state": "leading", leader: number, runner_up: number, votes: number, points: number, } | { "state": "tied", choices: Array<number>, votes: number, } | { "state": "seats", seats: number, inside: Array<number>, edge: SeatEdge, } | { "state": "measure" } & MeasureStatus | { "state": "rounds" } & RoundsStatus;

export type SeatEdge = { 
/**
 * The choice in the last seat by votes, and the first outside.
 */
last_in: number, first_out: number, votes: number, 
/**
 * The two have the same votes: the last seat is tied.
 */
tied: boolean, };

export type MeasureStatus = { yes: number, 
/**
 * Yes's share of the votes cast on the question, in percent.
 */
yes_percent: number, 
/**
 * The rule as read from the feed; `None` where the feed states none.
 */
rule: PassRule | null, 
/**
 * The share the rule needs, in percent; `None` when the rule could not be read.
 */
needed_percent: number | null, 
/**
 * Whether Yes is at or over the rule so far; `None` without a readable rule.
 */
meets_rule: boolean | null, 
/**
 * More Yes votes (of the same total) needed to meet the rule, when short of it.
 */
votes_short: number | null, };

export type RoundsStatus = { origin: Origin, 
/**
 * How many rounds the count has.
 */
rounds: number, 
/**
 * Whom the report elected, in order, and in which round. Always empty for preliminary
 * rounds: Tallyroom's own tabulation elects no one.
 */
elected: Array<Elected>, 
/**
 * The choices with the most votes in the last round (several when they tie).
 */
ahead: Array<number>, 
/**
 * The choices at or over the last round's threshold (by the tabulation's own threshold).
 */
over_threshold: Array<number>, };

export type Elected = { choice: number, round: number, };

export type Origin = "report" | "preliminary";

export type Tabulation = { origin: Origin, 
/**
 * How many cast vote records a preliminary tabulation read.
 */
cast_vote_records: number | null, 
/**
 * The program that wrote the report ("RCTab 2.0.0").
 */
generated_by: string | null, seats: number, 
/**
 * Every candidate, in the order of the first round's votes (most first).
 */
candidates: Array<string>, total_ballots: string | null, 
/**
 * Ballots that ranked no one in this contest.
 */
undervotes: string | null, rounds: Array<Round>, };

export type Round = { round: number, 
/**
 * The candidates still in the count this round (not eliminated in an earlier round).
 */
tally: Array<Votes>, threshold: string | null, eliminated: Array<string>, elected: Array<string>, 
/**
 * Those of `eliminated` or `elected` the report marks as decided by a tie-break (the
 * CSV's `*`, "Tie resolved in accordance with election law").
 */
by_tie_break: Array<string>, 
/**
 * What each candidate in this round's tally gains (or loses, eliminated) by the next
 * round, worked out from the two tallies; empty in the last round. The CSV's "transfer"
 * column, for either form of report.
 */
net: Array<Votes>, 
/**
 * Where the ballots of each candidate eliminated or elected this round went. A CSV report
 * gives only each candidate's net change, so there this list is empty.
 */
transfers: Array<Transfer>, 
/**
 * Ballots no longer counting for anyone, by reason (`overvotes`, `skipped_rankings`,
 * `exhausted_choices`, `repeated_rankings`, or a reason Tallyroom does not know, as written).
 */
inactive: Array<Votes>, 
/**
 * Votes lost to rounding in fractional transfers, to the start of this round (CSV only).
 */
residual_surplus: string | null, 
/**
 * The surplus still held by winners when the count stopped (multi-seat, last round only).
 */
final_round_surplus: string | null, };

export type Votes = { name: string, votes: string, };

export type Transfer = { from: string, to: Target, votes: string, };

export type Target = { "kind": "candidate", "name": string } | { "kind": "exhausted" } | { "kind": "residual_surplus" };

export type PassRule = { "rule": "share", num: number, den: number, more_than: boolean, 
/**
 * The feed's words.
 */
text: string, } | { "rule": "unread", text: string, };

export type ChoiceView = { id: string, raw_name: string, name: string, party: string | null, 
/**
 * `None` when the contest has no result yet for this choice.
 */
votes: number | null, 
/**
 * Share of `total_votes`, 0–100; `None` when nothing is counted.
 */
percent: number | null, 
/**
 * Ahead by `status`: the leader of a one-seat race or inside the seats of a vote-for-N
 * race. Never set in a tie (on the seat line), for a measure, or for an unopposed race.
 */
leading: boolean, 
/**
 * Set only when a feed itself declares a winner (an RCTab report's "elected"); LA County's
 * feed never does.
 */
winner: boolean | null, 
/**
 * Id of a bundled candidate profile for this choice, if there is one.
 */
profile_id: string | null, };

export type Reporting = { precincts_reported: number | null, precincts_total: number | null, counties_reported: number | null, counties_total: number | null, ballots_cast: number | null, };

export type SnapshotInfo = { id: number, election_id: string, 
/**
 * Where it came from: a file path, a URL, or `bundled:<name>`.
 */
source: string, 
/**
 * When this app stored it, milliseconds since the Unix epoch.
 */
fetched_at_ms: number, 
/**
 * The feed's own timestamp ("results as of"), as the feed writes it.
 */
feed_timestamp: string, content_hash: string, };

export type HistoryPoint = { snapshot_id: number, feed_timestamp: string, fetched_at_ms: number, 
/**
 * Votes per choice, in the order of `ContestHistory::choices`; `None` where absent.
 */
votes: Array<number | null>, };

export type ContestHistory = { contest_id: string, title: string, 
/**
 * `(choice id, display name)` in ballot order.
 */
choices: Array<HistoryChoice>, 
/**
 * Oldest first, by the feed's timestamp.
 */
points: Array<HistoryPoint>, 
/**
 * What each count added against the one before it (`points[i]` to `points[i + 1]`), from
 * `tally::updates`.
 */
updates: Array<Update>, };

export type HistoryChoice = { id: string, name: string, };

export type ContestChange = { contest_id: string, title: string, 
/**
 * The leader of a one-seat race, by display name, before and after; `None` where no one
 * leads (nothing counted, a tie, a measure, a vote-for-N race, an unopposed race).
 */
leader_before: string | null, leader_after: string | null, 
/**
 * The leader's lead over the second choice, in percentage points, before and after.
 */
margin_before: number | null, margin_after: number | null, 
/**
 * A vote-for-N race whose set of choices inside the seats changed (not a reordering
 * inside them); `None` otherwise.
 */
seats: SeatChange | null, 
/**
 * Set when a ranked-choice count's first place or order of elimination moved.
 */
rounds: RoundsChange | null, };

export type SeatChange = { seats: number, 
/**
 * Now inside the seats, and no longer, by display name.
 */
entered: Array<string>, left: Array<string>, 
/**
 * The last seat's lead over the first choice outside, after the count.
 */
edge_votes: number, };

export type RoundsChange = { 
/**
 * The one elected, else the last round's single leader (display names).
 */
first_before: string | null, first_after: string | null, order_changed: boolean, 
/**
 * Rounds in the new count.
 */
rounds: number, };

export type Source = { id: string, title: string, publisher: string, 
/**
 * Only https links are ever opened.
 */
url: string | null, published: string | null, 
/**
 * How the source was used, and anything a reader should know about it.
 */
note: string | null, };

export type Profile = { id: string, name: string, 
/**
 * The name exactly as the ballot (and the results feed) prints it.
 */
ballot_name: string, election_id: string, contest_id: string, choice_id: string, 
/**
 * The ballot designation; `None` where no source gives it.
 */
ballot_designation: string | null, summary: Fact, biography: Array<Fact>, endorsements: Array<Endorsement>, positions: Array<Position>, money: Array<Fact>, polls: Array<Poll>, earlier_results: Array<Fact>, 
/**
 * Every source this profile cites, copied in so a profile stands alone on the wire.
 */
sources: Array<Source>, 
/**
 * As the source states it (NIST feeds carry it); `None` where no source gives it.
 */
profession: string | null, contact: Contact | null, };

export type Fact = { text: string, translations?: { [key in string]: string }, source: string, 
/**
 * When the source reported it (YYYY-MM-DD).
 */
as_of: string, };

export type EndorsementKind = "elected_official" | "celebrity" | "organisation" | "other";

export type Endorsement = { name: string, kind: EndorsementKind, 
/**
 * Their role as the source describes it at the time.
 */
role: string | null, role_translations?: { [key in string]: string }, source: string, as_of: string, };

export type Position = { 
/**
 * A topic key shared across candidates so that Compare can line them up.
 */
topic: string, topic_translations?: { [key in string]: string }, text: string, translations?: { [key in string]: string }, source: string, as_of: string, };

export type Poll = { pollster: string, 
/**
 * Who was asked, as the source says ("likely voters").
 */
population: string | null, population_translations?: { [key in string]: string }, 
/**
 * This candidate's share, in percent.
 */
share_percent: number, text: string, translations?: { [key in string]: string }, source: string, as_of: string, };

export type Contact = { email: string | null, phone: string | null, website: string | null, address: Array<string>, };

export type Settings = { 
/**
 * The feeds every refresh pulls, in the order the user added them.
 */
sources: Array<FeedSource>, auto_refresh: boolean, auto_refresh_secs: number, 
/**
 * Contest ids the user follows; they head the overview.
 */
followed: Array<string>, 
/**
 * Alert when a followed race's margin moves across this many percentage points.
 */
alert_margin_points: number | null, 
/**
 * The UI's language; `None` until the user picks one, and the UI follows the system's.
 */
language: Language | null, 
/**
 * Light or dark; `None` follows the system.
 */
theme: Theme | null, 
/**
 * Ballots left to count, as someone said (an election official, a newsroom), for an
 * election or one race. The hurdle arithmetic uses the race's own, else its election's.
 */
remaining: Array<RemainingEstimate>, 
/**
 * The election every page shows; `None` until the user picks one (then the newest stored).
 */
election: string | null, 
/**
 * The race the user pinned as the overview's headline, at most one per election.
 */
pinned: Array<Pin>, };

export type FeedSource = { 
/**
 * Short and stable ("1", "2"): what `tallyroom-cli sources remove` takes.
 */
id: string, 
/**
 * The address as the user pasted it (a Clarity page keeps its `web.N/#/…`).
 */
url: string, label: string, 
/**
 * The minisign public key of a signed Tallyroom feed; official feeds need none.
 */
public_key: string | null, 
/**
 * What Tallyroom found at the address when it was added; `None` for one added before
 * Tallyroom looked (a settings file from an older version).
 */
kind: SourceKind | null, 
/**
 * For a Clarity state site: also follow each participating county's own site.
 */
follow_counties: boolean, };

export type SourceKind = "la_county" | "clarity_site" | "clarity_file" | "nist_cdf" | "rctab_report" | "cast_vote_records" | "signed_feed" | "tallyroom_file";

export type SourceProbe = { kind: SourceKind, 
/**
 * The election's name as the feed gives it; `None` where it gives none.
 */
election: string | null, 
/**
 * `YYYY-MM-DD`, where the feed gives a date.
 */
date: string | null, 
/**
 * Where the feed names its area (a state, a county).
 */
area: string | null, 
/**
 * Contests in the newest count; `None` where finding out would take another download.
 */
contests: number | null, 
/**
 * A Clarity state site's participating county sites.
 */
counties: number | null, 
/**
 * A label to offer: the area or the election, else the host.
 */
suggested_label: string, };

export type SourceStatus = { source: FeedSource, last_checked_ms: number | null, last_success_ms: number | null, 
/**
 * The last attempt's failure, if it failed.
 */
last_error: ApiError | null, syncing: boolean, };

export type SourceRefresh = { id: string, label: string, outcome: SyncOutcome | null, error: ApiError | null, 
/**
 * A followed state site's county sites that failed, by name; the rest loaded.
 */
failed_counties: Array<CountyFailure>, 
/**
 * How many county sites were asked, and how many brought a new count.
 */
counties_checked: number, counties_updated: number, };

export type CountyFailure = { 
/**
 * "Ben Hill", as people write it.
 */
name: string, error: ApiError, };

export type NewSource = { url: string, label: string, public_key: string | null, 
/**
 * What the look found ([`App::probe_source`]).
 */
kind: SourceKind | null, follow_counties: boolean, };

export type SyncOutcome = { "status": "unchanged", checked_at_ms: number, } | { "status": "updated", checked_at_ms: number, snapshot: SnapshotInfo, 
/**
 * False when the snapshot is older than the newest stored (it only adds history).
 */
is_latest: boolean, changes: Array<ContestChange>, };

export type ApiError = { code: ErrorCode, message: string, 
/**
 * The setting this error is about (Settings page), if any.
 */
field?: SettingsField | null, };

export type ErrorCode = "unknown_format" | "malformed_feed" | "empty_feed" | "io" | "profiles" | "cache" | "cache_unwritable" | "not_found" | "invalid_setting" | "signing" | "bad_url" | "insecure_url" | "offline" | "timeout" | "http_status" | "rate_limited" | "too_large" | "insecure_redirect" | "bad_feed" | "busy" | "no_key" | "bad_signature" | "expired" | "rollback" | "tampered" | "open_failed" | "internal";

export type SettingsField = "feed_url" | "feed_public_key" | "source_label" | "alert_margin_points" | "auto_refresh_secs" | "remaining";

export type FeedStatus = { 
/**
 * Each source, in the settings' order.
 */
sources: Array<SourceStatus>, 
/**
 * The oldest of the sources' last good refreshes: everything shown is at least this fresh.
 * Sources never refreshed are left out (they say so on their own line).
 */
last_success_ms: number | null, 
/**
 * A failure that stands for the whole app: set only when every source's last attempt
 * failed (then the first one's). One failing source among good ones is its own line.
 */
last_error: ApiError | null, syncing: boolean, };

export type Overview = { election: Election | null, 
/**
 * The race the user pinned for this election, else the first followed one in it, else
 * the one with the most votes.
 */
headline: ContestView | null, 
/**
 * True when `headline` is the user's pin.
 */
pinned: boolean, 
/**
 * Ballots cast and registered voters, where the election's newest count gives them.
 */
turnout: Turnout | null, 
/**
 * Ballots cast as a share of registered voters (0–100), where both are known.
 */
turnout_percent: number | null, 
/**
 * Followed contests other than the headline, in the order followed.
 */
followed: Array<ContestView>, latest_snapshot: SnapshotInfo | null, 
/**
 * The IANA zone the election's feed times are written in, where its adapter knows it.
 */
time_zone: string | null, snapshot_count: number, contest_count: number, 
/**
 * How many contests the newest count changed against the one before it.
 */
changed_in_latest: number, 
/**
 * The one-seat contests whose leader the newest count changed.
 */
leader_changes: Array<ContestChange>, 
/**
 * The vote-for-N contests whose last-seat line the newest count crossed.
 */
seat_changes: Array<ContestChange>, status: FeedStatus, 
/**
 * Things the user should know about this start (a rebuilt cache, ignored settings).
 */
notices: Array<Notice>, };

export type ElectionSummary = { election: Election, contest_count: number, 
/**
 * Ballots cast and registered voters, where the newest count gives them.
 */
turnout: Turnout | null, 
/**
 * Ballots cast as a share of registered voters (0–100), where both are known.
 */
turnout_percent: number | null, 
/**
 * The newest count's own "as of", as the feed wrote it; `None` before any count.
 */
as_of: string | null, time_zone: string | null, };

export type Turnout = { ballots_cast: number | null, registered: number | null, areas: Array<AreaTurnout>, };

export type AreaTurnout = { name: string, ballots_cast: number | null, registered: number | null, };

export type Pin = { election: string, contest: string, };

export type ContestFilter = { text: string | null, kind: ContestKind | null, 
/**
 * Only this election's contests; `None`: every stored election.
 */
election_id: string | null, };

export type ResultsQuery = { filter: ContestFilter, sort: ResultsSort, };

export type ResultsLayout = { groups: Array<ResultsHeading>, 
/**
 * Whether any contest in the election's newest count has precinct figures; when none
 * does, the page says so once instead of on every card.
 */
precincts_given: boolean, 
/**
 * The list's first [`FIRST_PAGE`] contests.
 */
first: ResultsPage, };

export type ResultsHeading = { key: string, count: number, };

export type ResultsPage = { from: number, ids: Array<string>, views: Array<ContestView>, };

export type ResultsSort = "ballot" | "closest" | "votes" | "changed";

export type RefreshReport = { outcome: RefreshDone | null, error: ApiError | null, 
/**
 * True when auto-refresh started it.
 */
auto: boolean, };

export type AreaResults = { contest_id: string, 
/**
 * "county", "precinct", or `None` when the feed has no area breakdown.
 */
area_kind: string | null, choices: Array<HistoryChoice>, 
/**
 * Votes per choice summed over vote types, in the order of `choices`.
 */
areas: Array<AreaRow>, vote_types: Array<VoteTypeRow>, };

export type AreaRow = { name: string, votes: Array<number | null>, precincts_reported: number | null, precincts_total: number | null, };

export type VoteTypeRow = { name: string, votes: Array<number | null>, };

export type Alert = { at_ms: number, contest_id: string, kind: AlertKind, 
/**
 * The sentence in English, for the CLI (the UI words `words` in its own language, for the
 * screen and the desktop notification alike).
 */
message: string, 
/**
 * The same sentence as a catalogue key and its figures, so the UI words it in its language.
 */
words: AlertWords, 
/**
 * What the count that raised the alert added to the race, for the sentence the UI adds
 * ("Since the count of …, Karen Bass won 60.1% of the 82,510 votes added").
 */
story: Story | null, };

export type AlertKind = "leader_changed" | "margin_crossed" | "seat_changed" | "rounds_changed";

export type AlertWords = { "key": "now_leads", leader: string, behind: string, title: string, points: number, } | { "key": "tightened", leader: string, title: string, points: number, threshold: number, } | { "key": "opened", leader: string, title: string, points: number, threshold: number, } | { "key": "seat_change", title: string, seats: number, entered: Array<string>, left: Array<string>, votes: number, } | { "key": "rounds_changed", title: string, first_before: string | null, first_after: string | null, order_changed: boolean, rounds: number, };

export type Story = { 
/**
 * The race's choices by display name, in ballot order (the order of `update.added`).
 */
choices: Array<string>, time_zone: string | null, update: Update, };

export type Notice = { message: string, words: NoticeWords, };

export type NoticeWords = { "key": "cache_rebuilt", reason: string, moved_to: string, } | { "key": "cache_in_memory", path: string, reason: string, } | { "key": "settings_reset", why: string, };

export type Language = "en" | "es";

export type Theme = "light" | "dark";

export type RefreshDone = { 
/**
 * In the settings' order.
 */
sources: Array<SourceRefresh>, alerts: Array<Alert>, };

export type RemainingEstimate = { 
/**
 * A contest id, or an election id for the whole election.
 */
scope: string, ballots: number, 
/**
 * Who said it, as the user wrote it.
 */
said_by: string, 
/**
 * When, as the user wrote it ("14 Nov"); for the feed's own figure, the count's timestamp.
 */
said_on: string, 
/**
 * The figure is the feed's own (`BallotsOutstanding`), not an estimate someone entered.
 */
from_feed: boolean, };

export type Update = { 
/**
 * The count before (the feed's timestamp) and this one.
 */
from: string, to: string, 
/**
 * Votes each choice gained, in ballot order; negative when a correction lowered a total.
 * `None` where either count has no figure for the choice.
 */
added: Array<number | null>, 
/**
 * The sum of `added`.
 */
added_total: number, 
/**
 * Each choice's part of `added_total`, in percent with two decimals; `None` when the count
 * added nothing in all (a share of zero or fewer votes means nothing).
 */
share_of_added: Array<number | null>, 
/**
 * Some choice's total went down in this count.
 */
lowered: boolean, 
/**
 * The count before this one had votes: this is a late count, not the first one.
 */
late: boolean, 
/**
 * Who leads after this count, and by how much (`tally::lead`).
 */
lead_after: Lead | null, };

export type Hurdle = { 
/**
 * Indices into the contest's choices: the one ahead and the one behind.
 */
ahead: number, behind: number, margin: number, remaining: number, 
/**
 * `(remaining + margin) / (2 × remaining)`, in percent with two decimals: the share of the
 * votes left (counting only votes for these two) that the one behind needs to draw level.
 */
needed_percent: number, 
/**
 * Needed is over 100%: not enough votes are left to close the gap.
 */
out_of_reach: boolean, 
/**
 * The two are the last seat's holder and the first outside it (vote-for-N).
 */
seat_edge: boolean, };

export type Basis = "last_update" | "late_counts" | "chosen";

export type WhatIf = { basis: Basis, 
/**
 * The share of the votes left each choice takes on this assumption, percent.
 */
shares: Array<number>, 
/**
 * Each choice's total if the votes left split so (rounded to whole votes).
 */
finals: Array<number>, };

export type HurdleReport = { contest_id: string, 
/**
 * The estimate used, with who said it and when; `None` when there is none.
 */
estimate: RemainingEstimate | null, 
/**
 * `None` without an estimate, or without two choices at the line.
 */
hurdle: Hurdle | null, what_ifs: Array<WhatIf>, };

