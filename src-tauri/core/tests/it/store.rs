use serde_json::Value;
use tallyroom_core::feeds;
use tallyroom_core::profiles::ProfileSet;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::{open_cache, OpenReport, Store};

use crate::{read, MAYOR, SNAPSHOTS};

fn import(store: &mut Store, rel: &str) -> tallyroom_core::store::ApplyOutcome {
    let feed = feeds::parse(&read(rel)).expect("parse");
    store.apply(&feed, rel).expect("apply")
}

fn mayor_id(store: &Store) -> String {
    let all = store.contests(&ContestQuery::default()).expect("contests");
    all.into_iter().find(|c| c.raw_title == MAYOR).expect("mayor").id
}

#[test]
fn stored_votes_equal_the_raw_file_for_every_contest() {
    for rel in SNAPSHOTS {
        let mut store = Store::open_in_memory().expect("open");
        import(&mut store, rel);
        let contests = store.contests(&ContestQuery::default()).expect("contests");
        // An independent path: walk the raw JSON, no typed parser involved.
        let raw: Value = serde_json::from_slice(&read(rel)).expect("json");
        let mut checked = 0;
        for group in raw["Election"]["ContestGroups"].as_array().expect("groups") {
            for c in group["Contests"].as_array().expect("contests") {
                let stored = contests
                    .iter()
                    .find(|s| s.group == group["Name"] && s.raw_title == c["Title"])
                    .expect("contest stored");
                let want: Vec<(String, u64)> = c["Candidates"]
                    .as_array()
                    .expect("cands")
                    .iter()
                    .map(|x| {
                        (x["Name"].as_str().expect("name").into(), x["Votes"].as_u64().expect("v"))
                    })
                    .collect();
                let got: Vec<(String, u64)> = stored
                    .choices
                    .iter()
                    .map(|ch| (ch.raw_name.clone(), ch.votes.expect("votes")))
                    .collect();
                assert_eq!(got, want, "{rel}: {}", stored.raw_title);
                checked += 1;
            }
        }
        assert_eq!(checked, 430);
    }
}

#[test]
fn history_is_in_time_order_whatever_the_import_order() {
    let mut store = Store::open_in_memory().expect("open");
    for rel in [SNAPSHOTS[3], SNAPSHOTS[1], SNAPSHOTS[0], SNAPSHOTS[2]] {
        import(&mut store, rel);
    }
    let history = store.history(&mayor_id(&store)).expect("history");
    let counts: Vec<(&str, Vec<Option<u64>>)> =
        history.points.iter().map(|p| (p.feed_timestamp.as_str(), p.votes.clone())).collect();
    assert_eq!(
        counts,
        vec![
            ("2022-10-25T09:02:03.147", vec![Some(0), Some(0)]),
            ("2022-11-09T03:35:19", vec![Some(240_194), Some(252_476)]),
            ("2022-11-11T16:09:19.703", vec![Some(289_782), Some(285_398)]),
            ("2022-12-05T12:15:21.817", vec![Some(509_944), Some(420_030)]),
        ]
    );
    let latest = store.contest(&mayor_id(&store)).expect("mayor");
    assert_eq!(latest.as_of.as_deref(), Some("2022-12-05T12:15:21.817"));
    let votes: Vec<Option<u64>> = latest.choices.iter().map(|c| c.votes).collect();
    assert_eq!(votes, vec![Some(509_944), Some(420_030)]);
}

#[test]
fn identical_content_is_stored_once() {
    let mut store = Store::open_in_memory().expect("open");
    assert!(import(&mut store, SNAPSHOTS[1]).is_new);
    let again = import(&mut store, SNAPSHOTS[1]);
    assert!(!again.is_new && again.is_latest);
    assert_eq!(store.snapshot_count().expect("count"), 1);
}

#[test]
fn a_newer_count_reports_what_changed_and_who_leads() {
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[1]);
    let outcome = import(&mut store, SNAPSHOTS[2]);
    assert!(outcome.is_new && outcome.is_latest);
    let mayor =
        outcome.changes.iter().find(|c| c.title == "Los Angeles City: Mayor").expect("mayor");
    assert_eq!(mayor.leader_before.as_deref(), Some("Rick J. Caruso"));
    assert_eq!(mayor.leader_after.as_deref(), Some("Karen Ruth Bass"));
    // Count the changed contests independently from the two raw files.
    let votes = |rel| -> Vec<Vec<u64>> {
        let raw: Value = serde_json::from_slice(&read(rel)).expect("json");
        raw["Election"]["ContestGroups"]
            .as_array()
            .expect("g")
            .iter()
            .flat_map(|g| g["Contests"].as_array().expect("c").clone())
            .map(|c| {
                c["Candidates"]
                    .as_array()
                    .expect("x")
                    .iter()
                    .map(|x| x["Votes"].as_u64().expect("v"))
                    .collect()
            })
            .collect()
    };
    let (a, b) = (votes(SNAPSHOTS[1]), votes(SNAPSHOTS[2]));
    let expected = a.iter().zip(&b).filter(|(x, y)| x != y).count();
    assert_eq!(outcome.changes.len(), expected);
    assert!(expected > 300, "most contests moved between Wednesday and Friday: {expected}");
    let changed_flags = store
        .contests(&ContestQuery::default())
        .expect("contests")
        .iter()
        .filter(|c| c.changed_in_latest)
        .count();
    assert_eq!(changed_flags, expected);
}

/// `apply` works out what changed from the feed in memory; `changes_since` from the cache alone.
/// They must agree on every real step of the count, and when choices and whole contests vanish.
#[test]
fn the_changes_apply_reports_equal_those_read_back_from_the_cache() {
    let sorted = |mut v: Vec<tallyroom_core::model::ContestChange>| {
        v.sort_by(|a, b| a.contest_id.cmp(&b.contest_id));
        v
    };
    let mut store = Store::open_in_memory().expect("open");
    let mut steps: Vec<feeds::ParsedFeed> =
        SNAPSHOTS.iter().map(|rel| feeds::parse(&read(rel)).expect("parse")).collect();
    // A fifth count where the mayor's race loses a choice and the first contest is gone.
    let mut thinned = steps[3].clone();
    thinned.feed_timestamp = "2022-12-06T00:00:00".into();
    let mayor = thinned.contests.iter_mut().find(|c| c.raw_title == MAYOR).expect("mayor");
    mayor.choices.pop();
    let gone = thinned.contests.remove(0);
    steps.push(thinned);
    let mut before = None;
    for (i, feed) in steps.iter().enumerate() {
        let outcome = store.apply(feed, "test").expect("apply");
        let read_back = store.changes_since(&feed.election.id, before).expect("changes");
        // The first file is the zero count of 25 October: nothing counted, nothing changed.
        assert_eq!(outcome.changes.is_empty(), i == 0, "step {i}");
        assert_eq!(sorted(outcome.changes.clone()), sorted(read_back));
        before = Some(outcome.snapshot.id);
    }
    let last = store.changes_in_latest(&steps[4].election.id).expect("latest");
    assert!(last.iter().any(|c| c.contest_id == gone.id), "a vanished contest is a change");
    assert!(last.iter().any(|c| c.title == "Los Angeles City: Mayor"));
    assert_eq!(store.foreign_key_violations().expect("fk"), 0);
}

#[test]
fn an_older_count_adds_history_without_changing_the_latest() {
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[3]);
    let outcome = import(&mut store, SNAPSHOTS[1]);
    assert!(outcome.is_new && !outcome.is_latest && outcome.changes.is_empty());
}

#[test]
fn search_finds_contests_by_title_or_candidate() {
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[3]);
    let find = |text: &str| {
        store
            .contests(&ContestQuery { text: Some(text.into()), ..Default::default() })
            .expect("search")
            .into_iter()
            .map(|c| c.raw_title)
            .collect::<Vec<_>>()
    };
    // Three contests on the real ballot have a candidate named Caruso; the mayor's race has
    // the most votes, so it comes first.
    let caruso = find("caruso");
    assert_eq!((caruso.len(), caruso[0].as_str()), (3, MAYOR));
    assert_eq!(find("Mayor").first().map(String::as_str), Some(MAYOR), "most votes first");
    // Seven contests for mayor by title, then six measures whose text speaks of the mayor.
    let mayor = find("Mayor");
    assert_eq!(mayor.len(), 13);
    assert!(mayor[..7].iter().all(|t| t.contains("Mayor")), "{mayor:?}");
    assert!(mayor[7..].iter().all(|t| t.contains("MEASURE")), "{mayor:?}");
    assert_eq!(find("gutierrez arambula").len(), 1, "accents fold");
}

#[test]
fn migrations_run_on_an_empty_file_and_a_reopen_keeps_the_data() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("nested/cache.db");
    {
        let mut store = Store::open(&path).expect("create");
        assert!(store.was_created());
        import(&mut store, SNAPSHOTS[1]);
    }
    let store = Store::open(&path).expect("reopen");
    assert!(!store.was_created());
    assert_eq!(store.snapshot_count().expect("count"), 1);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).expect("v");
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .expect("migrations")
        .count() as i64;
    assert_eq!(version, migrations, "every embedded migration ran");
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).expect("wal");
    assert_eq!(mode, "wal");
}

/// A cache written by the first release (schema 1) is upgraded in place and keeps its counts.
#[test]
fn a_schema_1_cache_is_upgraded_in_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.execute_batch(include_str!("../../migrations/001_initial.sql")).expect("v1");
        conn.pragma_update(None, "user_version", 1).expect("version");
        conn.execute_batch(
            "INSERT INTO election VALUES ('lavote-4300', 'General Election', '2022-11-08');
             INSERT INTO contest(rowid, id, election_id, grp, raw_title, title, office,
                                 jurisdiction, kind, level, vote_for, pass_rule, measure_text, ord)
                 VALUES (7, 'c-1', 'lavote-4300', 'Cities', 'T', 'T', 'T', 'Cities',
                         'candidate', 'city', 1, NULL, NULL, 0),
                        (3, 'c-2', 'lavote-4300', 'Cities', 'Mayor', 'Mayor', 'Mayor', 'Cities',
                         'candidate', 'city', 1, NULL, NULL, 1);
             INSERT INTO choice VALUES ('k-1', 'c-1', 'A', 'A', NULL, 0);
             INSERT INTO snapshot VALUES (1, 'lavote-4300', 'h', 'old', 0, '2022-11-09T03:35:19');
             INSERT INTO result VALUES (1, 'k-1', 42);
             INSERT INTO contest_status VALUES (1, 'c-1', 3, 10, NULL);",
        )
        .expect("v1 rows");
    }
    let store = Store::open(&path).expect("upgrade");
    assert!(!store.was_created());
    let c = store.contest("c-1").expect("kept");
    assert_eq!(c.choices[0].votes, Some(42));
    assert_eq!((c.reporting.precincts_reported, c.reporting.counties_reported), (Some(3), None));
    let found = store
        .contests(&ContestQuery { text: Some("a".into()), ..Default::default() })
        .expect("search");
    assert_eq!(found.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["c-1"], "indexed");
    // Migration 018 rebuilds the contest table: rowids (the search index's keys) are kept, so
    // a search still names the right contest, and no child row went with the old table.
    let found = store
        .contests(&ContestQuery { text: Some("mayor".into()), ..Default::default() })
        .expect("search");
    assert_eq!(found.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["c-2"], "rowids kept");
    assert_eq!(store.foreign_key_violations().expect("check"), 0);
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let rowids: Vec<(String, i64)> = conn
        .prepare("SELECT id, rowid FROM contest ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert_eq!(rowids, [("c-1".to_string(), 7), ("c-2".to_string(), 3)]);
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM choice JOIN result ON result.choice_id = choice.id",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(kept, 1, "the choice and its votes outlive the rebuilt contest table");
    // Migration 020 sums each count's stored votes into count_at once; c-2 has no votes.
    let totals: Vec<(String, Option<i64>)> = conn
        .prepare("SELECT contest_id, votes FROM count_at ORDER BY contest_id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert_eq!(totals, [("c-1".to_string(), Some(42)), ("c-2".to_string(), None)]);
}

#[test]
fn a_new_cache_starts_with_the_bundled_results_and_profiles() {
    let dir = tempfile::tempdir().expect("tmp");
    let (store, report) = open_cache(&dir.path().join("cache.db"), true).expect("open");
    assert_eq!(report, OpenReport::Opened);
    assert_eq!(store.snapshot_count().expect("count"), 4);
    let mayor = store.contest(&mayor_id(&store)).expect("mayor");
    let linked: Vec<(Option<u64>, Option<&str>)> =
        mayor.choices.iter().map(|c| (c.votes, c.profile_id.as_deref())).collect();
    assert_eq!(
        linked,
        vec![(Some(509_944), Some("karen-bass")), (Some(420_030), Some("rick-caruso"))]
    );
    let profiles = store.profiles().expect("profiles");
    assert_eq!(profiles.len(), 2);
    for p in &profiles {
        assert_eq!(p.contest_id, mayor.id, "{} links to the mayor's race", p.id);
        assert_eq!(p.sources.len(), 1);
    }
}

#[test]
fn a_broken_cache_is_moved_aside_and_rebuilt() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    std::fs::write(&path, b"this is not a database, it is a shopping list".repeat(200))
        .expect("write");
    let (store, report) = open_cache(&path, true).expect("rebuilt");
    let OpenReport::Rebuilt { moved_to, .. } = report else { panic!("expected a rebuild") };
    assert!(moved_to.exists());
    assert_eq!(store.snapshot_count().expect("count"), 4);
}

#[test]
fn bundled_profiles_follow_the_schema_rules() {
    let set = tallyroom_core::bundled::profiles().expect("valid");
    let bass = set.profiles.iter().find(|p| p.id == "karen-bass").expect("bass");
    let caruso = set.profiles.iter().find(|p| p.id == "rick-caruso").expect("caruso");
    assert_eq!(bass.polls[0].share_percent, 45.0);
    assert_eq!(caruso.polls[0].share_percent, 41.0);
    assert_eq!(bass.endorsements.len(), 15);
    assert_eq!(caruso.endorsements.len(), 5);
    let topics = |p: &tallyroom_core::profiles::Profile| {
        p.positions.iter().map(|x| x.topic.clone()).collect::<Vec<_>>()
    };
    assert_eq!(topics(bass), topics(caruso), "Compare lines topics up");
    // A profile citing an undeclared source is refused with a clear reason.
    let text = String::from_utf8(tallyroom_core::bundled::PROFILES_JSON.to_vec()).expect("utf8");
    let bad = text.replacen("\"source\": \"nbcla-2022-11-09\"", "\"source\": \"nowhere\"", 1);
    let err = ProfileSet::from_json(bad.as_bytes()).expect_err("bad source");
    assert!(err.to_string().contains("nowhere"), "{err}");
}

/// Version 2 carries Spanish for every sentence of the bundled profiles; version 1 files (no
/// translations) are still read, and translations in a file that says version 1 are refused.
#[test]
fn profiles_v2_carry_spanish_and_v1_still_reads() {
    let set = tallyroom_core::bundled::profiles().expect("valid");
    assert_eq!(set.version, 2);
    for p in &set.profiles {
        let facts = std::iter::once(&p.summary).chain(&p.biography).chain(&p.money);
        for f in facts.chain(&p.earlier_results) {
            assert!(f.translations.contains_key("es"), "{}: {}", p.id, f.text);
        }
        for x in &p.positions {
            assert!(x.translations.contains_key("es") && x.topic_translations.contains_key("es"));
        }
    }
    let bass = set.profiles.iter().find(|p| p.id == "karen-bass").expect("bass");
    // The same figures in both languages: 45% against 41%.
    assert!(bass.polls[0].text.contains("45%") && bass.polls[0].text.contains("41%"));
    assert!(bass.polls[0].translations["es"].contains("45 %"));

    let text = String::from_utf8(tallyroom_core::bundled::PROFILES_JSON.to_vec()).expect("utf8");
    let v1 = text.replacen("\"version\": 2", "\"version\": 1", 1);
    let err = ProfileSet::from_json(v1.as_bytes()).expect_err("v1 with translations");
    assert!(err.to_string().contains("version 2"), "{err}");
    let mut plain: serde_json::Value = serde_json::from_str(&v1).expect("json");
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                o.retain(|k, _| !k.ends_with("translations"));
                o.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut plain);
    let old = ProfileSet::from_json(plain.to_string().as_bytes()).expect("a version 1 file reads");
    assert_eq!(old.profiles.len(), 2);
    assert!(old.profiles[0].summary.translations.is_empty());
}

#[test]
fn a_count_that_differs_only_in_counties_reported_is_a_new_snapshot() {
    let mut store = Store::open_in_memory().expect("open");
    let feed = feeds::parse(&crate::fixture("clarity/wv_counties_2020-11-03.xml")).expect("parse");
    let first = store.apply(&feed, "wv").expect("apply");
    assert!(first.is_new);
    let mut later = feed.clone();
    let president = later.contests.iter_mut().find(|c| c.title.contains("President"));
    let president = president.expect("the WV file has the presidential race");
    assert_eq!(president.reporting.counties_reported, Some(55));
    president.reporting.counties_reported = Some(54);
    let second = store.apply(&later, "wv").expect("apply");
    assert!(second.is_new, "counties reported changed, so this is another count");
    assert_ne!(first.snapshot.content_hash, second.snapshot.content_hash);
    assert_eq!(store.snapshot_count().expect("count"), 2);
    // The same count again is still "already stored".
    assert!(!store.apply(&later, "wv").expect("apply").is_new);
}

#[test]
fn one_contest_read_by_id_equals_its_row_in_the_list() {
    let mut store = Store::open_in_memory().expect("open");
    for rel in SNAPSHOTS {
        import(&mut store, rel);
    }
    let all = store.contests(&ContestQuery::default()).expect("contests");
    assert_eq!(all.len(), 430);
    for c in &all {
        assert_eq!(&store.contest(&c.id).expect("one contest"), c, "{}", c.raw_title);
    }
    let mayor = all.iter().find(|c| c.raw_title == MAYOR).expect("mayor");
    // Ballot order is Bass, Caruso; the lead is computed once, in Rust.
    let lead = mayor.lead.as_ref().expect("votes counted");
    assert_eq!((lead.leader, lead.runner_up, lead.votes), (0, Some(1), 509_944 - 420_030));
    assert_eq!(mayor.rank, vec![0, 1]);
    let err = store.contest("c-0000000000000000").expect_err("no such contest");
    assert_eq!(err.code(), "not_found");
}

#[test]
fn no_count_to_zero_is_no_change_by_every_rule() {
    // The pre-election LA count lists every choice at zero; a copy with no counts at all, an
    // hour earlier, stands for a feed that lists choices before it has figures.
    let zero = feeds::parse(&read(SNAPSHOTS[0])).expect("parse");
    let mut none = zero.clone();
    none.feed_timestamp = "2022-10-25T08:02:03.147".into();
    for c in &mut none.contests {
        for ch in &mut c.choices {
            ch.votes = None;
        }
    }
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&none, "none").expect("apply");
    let applied = store.apply(&zero, "zero").expect("apply");
    assert!(applied.is_new && applied.is_latest);
    assert_eq!(applied.changes, vec![], "while applying");
    assert_eq!(store.changes_in_latest(&zero.election.id).expect("changes"), vec![]);
    let list = store.contests(&ContestQuery::default()).expect("contests");
    assert_eq!(list.iter().filter(|c| c.changed_in_latest).count(), 0, "in the list");
    // And the first real count changes the mayor's race by every rule.
    let nov9 = feeds::parse(&read(SNAPSHOTS[1])).expect("parse");
    let applied = store.apply(&nov9, "nov9").expect("apply");
    let in_apply: Vec<&str> = applied.changes.iter().map(|c| c.contest_id.as_str()).collect();
    let stored = store.changes_in_latest(&zero.election.id).expect("changes");
    let in_store: Vec<&str> = stored.iter().map(|c| c.contest_id.as_str()).collect();
    let list = store.contests(&ContestQuery::default()).expect("contests");
    let in_list: Vec<&str> =
        list.iter().filter(|c| c.changed_in_latest).map(|c| c.id.as_str()).collect();
    assert_eq!(in_apply.len(), in_list.len());
    let mut sorted = in_apply.clone();
    sorted.sort();
    let mut sorted_list = in_list.clone();
    sorted_list.sort();
    assert_eq!(sorted, sorted_list);
    assert_eq!(in_store, in_list, "ballot order in both");
    assert!(in_list.contains(&mayor_id(&store).as_str()));
}

#[test]
fn a_level_the_app_never_writes_is_refused_on_write_and_an_error_on_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cache.db");
    {
        let mut store = Store::open(&path).expect("open");
        import(&mut store, SNAPSHOTS[3]);
    }
    let raw = rusqlite::Connection::open(&path).expect("raw");
    let refused = raw.execute("UPDATE contest SET level = 'moon' WHERE rowid = 1", []);
    assert!(refused.expect_err("the CHECK refuses it").to_string().contains("level"));
    let refused = raw.execute(
        "INSERT INTO contest(id, election_id, grp, raw_title, title, office, jurisdiction, kind,
                             level, vote_for, ord)
         SELECT 'c-moon', election_id, grp, raw_title, title, office, jurisdiction, kind,
                'moon', vote_for, ord FROM contest WHERE rowid = 1",
        [],
    );
    assert!(refused.expect_err("and on insert").to_string().contains("level"));
    // Damage that got past the check (here by switching it off) is an error, never a guessed
    // level.
    raw.execute_batch(
        "PRAGMA ignore_check_constraints = ON; UPDATE contest SET level = 'moon' WHERE rowid = 1",
    )
    .expect("damage");
    drop(raw);
    let store = Store::open(&path).expect("open");
    let err = store.contests(&ContestQuery::default()).expect_err("unknown level");
    assert_eq!(err.code(), "cache");
    assert!(err.to_string().contains("moon"), "{err}");
}

#[test]
fn a_count_stored_under_the_old_hash_rule_is_still_already_stored() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cache.db");
    let feed = feeds::parse(&read(SNAPSHOTS[3])).expect("parse");
    Store::open(&path).expect("open").apply(&feed, "la").expect("apply");
    // As a cache from before migration 007 has it.
    let raw = rusqlite::Connection::open(&path).expect("raw");
    raw.execute(
        "UPDATE snapshot SET content_hash = ?1, hash_scheme = 1",
        [feed.legacy_content_hash()],
    )
    .expect("old rule");
    drop(raw);
    let mut store = Store::open(&path).expect("open");
    assert!(!store.apply(&feed, "la").expect("apply").is_new);
    assert_eq!(store.snapshot_count().expect("count"), 1);
}

#[test]
fn search_finds_what_people_type() {
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[3]);
    let find = |text: &str| {
        let mut found: Vec<String> = store
            .contests(&ContestQuery { text: Some(text.into()), ..Default::default() })
            .expect("search")
            .into_iter()
            .map(|c| c.raw_title)
            .collect();
        found.sort();
        found
    };
    let check = |text: &str, expected: &[&str]| assert_eq!(find(text), expected, "{text}");
    // A measure's own words: only State Measure 1's text speaks of reproductive freedom.
    check("reproductive", &["STATE MEASURE 1"]);
    // California's Proposition 1 is "STATE MEASURE 1" in LA's feed; never 10 or 26.
    for text in ["prop 1", "Proposition 1", "measure 1", "PROP. 1"] {
        check(text, &["STATE MEASURE 1"]);
    }
    check("prop 27", &["STATE MEASURE 27"]);
    // "betting" is the voter's word; the texts say "wagering" (26, 27 and Arcadia's SW).
    check(
        "sports betting",
        &[
            "ARCADIA CITY GENERAL MUNICIPAL ELECTION - MEASURE SW",
            "STATE MEASURE 26",
            "STATE MEASURE 27",
        ],
    );
    // Stems: "senate" finds the ten "SENATOR" contests.
    let senate = find("senate");
    assert_eq!(senate.len(), 10, "{senate:?}");
    assert!(senate.iter().all(|t| t.contains("SENATOR")), "{senate:?}");
    // A misspelling finds nothing, and the nearest names are offered, most votes first.
    assert!(find("carusso").is_empty());
    let near = store.suggest("carusso", 5).expect("suggest");
    assert_eq!(near[..3], ["Rick J. Caruso", "Dana Caruso", "Kailee Caruso"], "{near:?}");
    assert!(!find(&near[0]).is_empty(), "a suggestion finds something");
    assert!(store.suggest("zzqx", 5).expect("none").is_empty());
}

#[test]
fn votes_added_is_each_contest_total_against_the_count_before() {
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[2]);
    let first = store.contest(&mayor_id(&store)).expect("mayor");
    assert_eq!(first.votes_added, None, "no count before");
    import(&mut store, SNAPSHOTS[3]);
    // From the raw files: the mayor's total on 5 Dec minus that on 11 Nov.
    let total = |rel: &str| -> i64 {
        let raw: Value = serde_json::from_slice(&read(rel)).expect("json");
        raw["Election"]["ContestGroups"]
            .as_array()
            .expect("groups")
            .iter()
            .flat_map(|g| g["Contests"].as_array().expect("contests"))
            .find(|c| c["Title"] == MAYOR)
            .expect("mayor")["Candidates"]
            .as_array()
            .expect("cands")
            .iter()
            .map(|x| x["Votes"].as_i64().expect("v"))
            .sum()
    };
    let mayor = store.contest(&mayor_id(&store)).expect("mayor");
    assert_eq!(mayor.votes_added, Some(total(SNAPSHOTS[3]) - total(SNAPSHOTS[2])));
    assert_eq!(mayor.time_zone.as_deref(), Some("America/Los_Angeles"));
    let all = store.contests(&ContestQuery::default()).expect("all");
    assert!(all
        .iter()
        .all(|c| c.votes_added.is_some() == c.choices.iter().any(|x| x.votes.is_some())));
    assert!(all.iter().any(|c| c.votes_added.is_some_and(|v| v != 0)));
}

/// A narrow query (a search for one race, the followed races) reads its contests one by one,
/// a whole list in bulk: both give the same view of a contest, changes and all.
#[test]
fn a_narrow_query_gives_the_same_views_as_the_whole_list() {
    let mut store = Store::open_in_memory().expect("open");
    import(&mut store, SNAPSHOTS[1]);
    import(&mut store, SNAPSHOTS[2]);
    let all = store.contests(&ContestQuery::default()).expect("all");
    assert!(all.len() > 200, "the whole list takes the bulk path");
    let check = |q: ContestQuery, want: usize| {
        let some = store.contests(&q).expect("some");
        assert_eq!(some.len(), want);
        for c in &some {
            assert_eq!(Some(c), all.iter().find(|x| x.id == c.id), "{}", c.title);
        }
        some
    };
    let mayors = check(ContestQuery { text: Some("Mayor".into()), ..Default::default() }, 13);
    assert_eq!(mayors[0].raw_title, crate::MAYOR, "most votes first, as before");
    let ids = vec![mayors[1].id.clone(), crate::MAYOR_ID.to_string()];
    let followed = check(ContestQuery { ids: Some(ids), ..Default::default() }, 2);
    let in_all: Vec<&str> = all
        .iter()
        .filter(|c| followed.iter().any(|f| f.id == c.id))
        .map(|c| c.id.as_str())
        .collect();
    let got: Vec<&str> = followed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(got, in_all, "ballot order, as the whole list has it");
    assert!(all.iter().find(|c| c.id == crate::MAYOR_ID).expect("mayor").changed_in_latest);
}

/// Every row of `sqlite_schema` but its root pages: what the cache is made of.
fn schema(conn: &rusqlite::Connection) -> Vec<(String, String, Option<String>)> {
    conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read")
}

/// A first import of a large count writes its rows without the two indexes whose order is not the
/// insert order and builds them after (`BulkIndexes` in apply.rs). What it leaves must be the
/// cache a migration makes, with every index entry in place and read in the feed's order.
#[test]
fn a_large_first_import_builds_its_indexes_after_and_leaves_the_same_schema() {
    let base = feeds::parse(&read(SNAPSHOTS[3])).expect("parse");
    let mut big = base.clone();
    for copy in 0..24 {
        for c in &base.contests {
            let mut c = c.clone();
            c.id = format!("{}-{copy}", c.id);
            c.title = format!("{} #{copy}", c.title);
            for ch in &mut c.choices {
                ch.id = format!("{}-{copy}", ch.id);
            }
            big.contests.push(c);
        }
    }
    assert_eq!(big.contests.len(), 430 * 25);
    let dir = tempfile::tempdir().expect("tmp");
    let (empty, path) = (dir.path().join("empty.db"), dir.path().join("big.db"));
    drop(Store::open(&empty).expect("empty"));
    {
        let mut store = Store::open(&path).expect("open");
        store.apply(&big, "big").expect("apply");
        assert_eq!(store.foreign_key_violations().expect("check"), 0);
    }
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let fresh = rusqlite::Connection::open(&empty).expect("raw");
    assert_eq!(schema(&conn), schema(&fresh), "the indexes are back as migrated");
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("ck");
    assert_eq!(verdict, "ok", "every index entry matches its row");
    // Built after the rows: the index's root page lies past the table's pages (an index kept
    // up row by row keeps the page the migration gave it, near the start of the file).
    let root = |name: &str| -> i64 {
        conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0))
            .expect("root")
    };
    assert!(root("contest_ballot") > 1000, "{}", root("contest_ballot"));
    assert!(root("choice_by_contest") > 1000, "{}", root("choice_by_contest"));
    let ballot: Vec<String> = conn
        .prepare(
            "SELECT id FROM contest INDEXED BY contest_ballot WHERE election_id = ?1 ORDER BY ord",
        )
        .expect("prepare")
        .query_map([&big.election.id], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    let want: Vec<&str> = big.contests.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ballot, want, "ballot order through the rebuilt index");
    let mut choices = conn
        .prepare(
            "SELECT id FROM choice INDEXED BY choice_by_contest WHERE contest_id = ?1 ORDER BY ord",
        )
        .expect("prepare");
    for c in big.contests.iter().step_by(97) {
        let got: Vec<String> = choices
            .query_map([&c.id], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("read");
        let want: Vec<&str> = c.choices.iter().map(|ch| ch.id.as_str()).collect();
        assert_eq!(got, want, "{}", c.title);
    }
}

/// A copy of a cache holding LA's four counts with one page in the middle of the file overwritten:
/// it opens (page 1, the schema, is whole) but `PRAGMA quick_check` finds the damage.
fn damaged_cache(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    {
        let mut store = Store::open(&path).expect("open");
        for rel in SNAPSHOTS {
            import(&mut store, rel);
        }
    }
    let mut bytes = std::fs::read(&path).expect("read");
    let page = 4096;
    let middle = bytes.len() / page / 2 * page;
    bytes[middle..middle + page].fill(0xAB);
    std::fs::write(&path, bytes).expect("damage");
    path
}

/// A small cache is checked page by page when it opens and rebuilt if damaged; a large one opens
/// at once, `verify` checks it later and leaves its verdict, and the next open rebuilds it.
#[test]
fn a_damaged_cache_is_rebuilt_at_open_when_small_and_at_the_next_open_after_verify_when_large() {
    let dir = tempfile::tempdir().expect("tmp");
    let small = damaged_cache(dir.path(), "small.db");
    let (_store, report) = Store::open_or_rebuild(&small).expect("open");
    let OpenReport::Rebuilt { reason, moved_to } = report else { panic!("{report:?}") };
    assert!(reason.contains("integrity check"), "{reason}");
    assert!(moved_to.exists());

    // As if it were over the size checked at open (0 bytes here).
    let large = damaged_cache(dir.path(), "large.db");
    let (store, report) = Store::open_or_rebuild_checking(&large, 0).expect("open");
    assert_eq!(report, OpenReport::Opened, "opened without reading every page");
    assert!(!store.was_checked(), "the check is owed to verify");
    let verdict = tallyroom_core::store::verify(&large).expect("verify");
    assert_ne!(verdict, "ok");
    drop(store);
    let note = dir.path().join("large.db.damaged");
    assert!(note.exists(), "the verdict is left for the next open");
    let (store, report) = Store::open_or_rebuild_checking(&large, 0).expect("reopen");
    let OpenReport::Rebuilt { reason, .. } = report else { panic!("{report:?}") };
    assert!(reason.contains(&verdict), "{reason}");
    assert!(!note.exists(), "a rebuilt cache starts with no verdict against it");
    assert_eq!(store.snapshot_count().expect("count"), 0, "a new, empty cache");
    assert_eq!(tallyroom_core::store::verify(&large).expect("verify"), "ok");
    drop(store);
    let (again, report) = Store::open_or_rebuild_checking(&large, 0).expect("again");
    assert_eq!(report, OpenReport::Opened);
    assert!(!again.was_checked());
    drop(again);
    let (again, _) = Store::open_or_rebuild(&large).expect("small enough to check at open");
    assert!(again.was_checked());
}
