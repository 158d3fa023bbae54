//! The Results page's list: the orders worked out without building views (ballot, a search's
//! order, most votes) agree with sorting the whole list of views, on LA's real counts; the
//! orders that need each contest's standing follow it; the list read a page at a time, as the
//! page scrolls, is the whole list, and each page's cards equal the same contests' views.

use tallyroom_core::app::{App, ContestFilter, ResultsLayout, ResultsQuery, MOST_BY_ID};
use tallyroom_core::model::{ContestKind, ContestView};
use tallyroom_core::store::{closeness, group, ResultsSort, LEVEL_ORDER};
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::{feeds, Paths};

use crate::{read, SNAPSHOTS};

/// The order the page had when it sorted every view itself, kept here as the reference.
fn reference(mut all: Vec<ContestView>, sort: ResultsSort) -> Vec<String> {
    let none_last = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    match sort {
        ResultsSort::Ballot => {}
        ResultsSort::Votes => all.sort_by_key(|c| std::cmp::Reverse(c.total_votes)),
        ResultsSort::Closest => all.sort_by(|a, b| none_last(closeness(a), closeness(b))),
        ResultsSort::Changed => {
            let key = |c: &ContestView| {
                c.changed_in_latest.then(|| -(c.votes_added.unwrap_or(0).abs() as f64))
            };
            all.sort_by(|a, b| none_last(key(a), key(b)))
        }
    }
    all.into_iter().map(|c| c.id).collect()
}

/// The layout of a query and each of its headings' ids, read page by page as the Results
/// page reads them, each page checked against the views of the whole list.
fn whole_list(app: &App, q: &ResultsQuery) -> (ResultsLayout, Vec<(String, Vec<String>)>) {
    let layout = app.results_layout(q).expect("layout");
    let total: u32 = layout.groups.iter().map(|g| g.count).sum();
    let all = app.contests(&q.filter).expect("views");
    let mut ids = Vec::new();
    while ids.len() < total as usize {
        let from = ids.len() as u32;
        let page = app.results_page(q, from, 1000).expect("page");
        assert_eq!(page.from, from);
        assert!(!page.ids.is_empty() && page.ids.len() <= MOST_BY_ID, "{}", page.ids.len());
        assert_eq!(page.views.len(), page.ids.len(), "every contest listed is stored");
        for (v, id) in page.views.iter().zip(&page.ids) {
            assert_eq!(&v.id, id);
            assert_eq!(Some(v), all.iter().find(|c| &c.id == id));
        }
        ids.extend(page.ids);
    }
    assert!(app.results_page(q, total, 10).expect("past the end").ids.is_empty());
    let mut rest = ids.into_iter();
    let groups = layout
        .groups
        .iter()
        .map(|g| (g.key.clone(), rest.by_ref().take(g.count as usize).collect()))
        .collect();
    (layout, groups)
}

fn app_with_two_counts(dir: &std::path::Path) -> App {
    let app = App::open(Paths::in_dir(dir), SyncConfig::default(), false).expect("open");
    for rel in [SNAPSHOTS[1], SNAPSHOTS[2]] {
        let feed = feeds::parse(&read(rel)).expect("parse");
        app.with_writer(|s| s.apply(&feed, "test")).expect("apply");
    }
    app
}

#[test]
fn every_order_of_the_list_equals_sorting_the_whole_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let app = app_with_two_counts(dir.path());
    let check = |text: Option<&str>, kind: Option<ContestKind>, sort: ResultsSort, want: usize| {
        let filter = ContestFilter { text: text.map(str::to_owned), kind, election_id: None };
        let all = app.contests(&filter).expect("views");
        let expected = reference(all.clone(), sort);
        let (layout, groups) = whole_list(&app, &ResultsQuery { filter, sort });
        let got: Vec<String> = groups.iter().flat_map(|(_, ids)| ids.clone()).collect();
        assert_eq!(got.len(), want, "{text:?} {kind:?} {sort:?}");
        if sort == ResultsSort::Ballot && text.is_none() {
            // Grouped by level, top of the ticket first; within a group, ballot order.
            let keys: Vec<&str> = groups.iter().map(|(k, _)| k.as_str()).collect();
            let order: Vec<&str> = LEVEL_ORDER.iter().map(|l| l.as_str()).collect();
            let mut at = keys.iter().map(|k| order.iter().position(|o| o == k).expect("level"));
            assert!(at.clone().zip(at.by_ref().skip(1)).all(|(a, b)| a < b), "{keys:?}");
            for (key, ids) in &groups {
                let within: Vec<&String> = expected.iter().filter(|id| ids.contains(id)).collect();
                assert_eq!(ids.iter().collect::<Vec<_>>(), within, "{key}");
            }
        } else {
            assert_eq!(got, expected, "{text:?} {kind:?} {sort:?}");
            assert_eq!(layout.groups.len(), usize::from(want > 0), "no heading over nothing");
            assert!(layout.groups.iter().all(|g| g.key == "all"));
        }
        // The first page is the list's first contests, as the whole list has them.
        assert_eq!(layout.first.from, 0);
        assert_eq!(layout.first.ids.len(), want.min(tallyroom_core::app::FIRST_PAGE));
        assert_eq!(layout.first.ids, got[..layout.first.ids.len()]);
        for (v, id) in layout.first.views.iter().zip(&got) {
            assert_eq!(&v.id, id);
            assert_eq!(Some(v), all.iter().find(|c| &c.id == id));
        }
        assert!(!layout.precincts_given, "LA's feed never gives precincts");
        got
    };
    let ballot = check(None, None, ResultsSort::Ballot, 430);
    assert_eq!(check(None, None, ResultsSort::Votes, 430).len(), ballot.len());
    check(None, None, ResultsSort::Closest, 430);
    let changed = check(None, None, ResultsSort::Changed, 430);
    let mayor = crate::MAYOR_ID.to_string();
    assert!(changed.iter().position(|id| id == &mayor).is_some());
    let mayors = check(Some("Mayor"), None, ResultsSort::Ballot, 13);
    assert_eq!(mayors[0], mayor, "the search's order: most votes first");
    check(Some("Mayor"), None, ResultsSort::Votes, 13);
    check(Some("council"), None, ResultsSort::Ballot, 119);
    check(Some("council"), None, ResultsSort::Closest, 119);
    // A search matching more than a page of contests takes the same path as the whole list.
    let broad = app.contests(&ContestFilter { text: Some("a".into()), ..Default::default() });
    let broad = broad.expect("broad").len();
    assert!(broad > 200, "{broad}");
    check(Some("a"), None, ResultsSort::Ballot, broad);
    check(Some("a"), None, ResultsSort::Votes, broad);
    check(None, Some(ContestKind::Measure), ResultsSort::Ballot, 91);
    check(Some("nothing like this"), None, ResultsSort::Ballot, 0);
}

#[test]
fn a_page_names_its_place_and_stops_at_the_end_of_the_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let app = app_with_two_counts(dir.path());
    let q = ResultsQuery { filter: ContestFilter::default(), sort: ResultsSort::Ballot };
    let (_, groups) = whole_list(&app, &q);
    let every: Vec<String> = groups.into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(every.len(), 430);
    let page = app.results_page(&q, 425, 30).expect("the end");
    assert_eq!((page.from, page.ids.as_slice()), (425, &every[425..]), "fewer past the end");
    let page = app.results_page(&q, 7, u32::MAX).expect("many");
    assert_eq!(page.ids, every[7..7 + MOST_BY_ID], "at most a page");
    assert!(app.results_page(&q, u32::MAX, 1).expect("far").ids.is_empty());
    assert_eq!(group(vec![], true), vec![]);
    assert_eq!(group(vec![], false), vec![]);
}

#[test]
fn precincts_given_is_read_per_election() {
    let dir = tempfile::tempdir().expect("tmp");
    let app = app_with_two_counts(dir.path());
    let clarity = feeds::parse(&crate::fixture("clarity/clarify-county.xml")).expect("parse");
    let raw_gives = clarity
        .contests
        .iter()
        .any(|c| c.reporting.precincts_reported.is_some() && c.reporting.precincts_total.is_some());
    assert!(raw_gives, "the Clarity file gives precincts reporting");
    app.with_writer(|s| s.apply(&clarity, "test")).expect("apply");
    let given = |election: &str| {
        let filter = ContestFilter { election_id: Some(election.into()), ..Default::default() };
        let q = ResultsQuery { filter, sort: ResultsSort::Ballot };
        app.results_layout(&q).expect("layout").precincts_given
    };
    assert!(given(&clarity.election.id));
    let la = feeds::parse(&read(SNAPSHOTS[1])).expect("parse").election.id;
    assert!(!given(&la));
    // Both elections together: one of them gives precincts.
    let q = ResultsQuery { filter: ContestFilter::default(), sort: ResultsSort::Ballot };
    assert!(app.results_layout(&q).expect("layout").precincts_given);
}

/// The closest and most-changed orders are kept between layouts; each new count must make them
/// follow it. After each of LA's counts, both orders (asked twice) equal sorting that count's
/// whole list of views. The sort asked last before a count is asked first after it, so the
/// order kept from the count before is the one put to the test.
#[test]
fn kept_orders_follow_each_new_count() {
    let dir = tempfile::tempdir().expect("tmp");
    let app = App::open(Paths::in_dir(dir.path()), SyncConfig::default(), false).expect("open");
    let mut closest = Vec::new();
    let mut sorts = [ResultsSort::Closest, ResultsSort::Changed];
    for rel in SNAPSHOTS {
        let feed = feeds::parse(&read(rel)).expect("parse");
        app.with_writer(|s| s.apply(&feed, "test")).expect("apply");
        sorts.reverse();
        for sort in sorts {
            let q = ResultsQuery { filter: ContestFilter::default(), sort };
            let ids = || -> Vec<String> {
                whole_list(&app, &q).1.into_iter().flat_map(|(_, ids)| ids).collect()
            };
            let (first, again) = (ids(), ids());
            assert_eq!(first, again, "{rel} {sort:?}");
            let all = app.contests(&ContestFilter::default()).expect("views");
            assert_eq!(first, reference(all, sort), "{rel} {sort:?}");
            if sort == ResultsSort::Closest {
                closest.push(first);
            }
        }
    }
    // The order moves between LA's counts, so an order kept past its count fails above.
    assert!(closest.windows(2).any(|w| w[0] != w[1]));
}
