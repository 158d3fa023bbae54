//! The malformed-input corpus (tests/data/bad, made from the real files by make_corpus.py):
//! every case is refused with the expected code and a message naming what is wrong, without a
//! panic, and a cache that held a good count still holds it afterwards.

use tallyroom_core::feeds;
use tallyroom_core::store::ContestQuery;
use tallyroom_core::Store;

use crate::{fixture, read, SNAPSHOTS};

#[test]
fn every_bad_input_is_refused_with_a_clear_message() {
    let table = String::from_utf8(fixture("bad/EXPECTED.tsv")).expect("utf8");
    let mut store = Store::open_in_memory().expect("open");
    store.apply(&feeds::parse(&read(SNAPSHOTS[1])).expect("good"), "good").expect("apply");
    let before = store.contests(&ContestQuery::default()).expect("contests");
    let mut cases = 0;
    let mut failures = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let mut cols = line.split('\t');
        let (file, code, phrase) =
            (cols.next().expect("file"), cols.next().expect("code"), cols.next().expect("phrase"));
        let bytes = fixture(&format!("bad/{file}"));
        let result = std::panic::catch_unwind(|| feeds::parse(&bytes));
        cases += 1;
        match result {
            Err(_) => failures.push(format!("{file}: the parser panicked")),
            Ok(Ok(_)) => failures.push(format!("{file}: accepted")),
            Ok(Err(err)) if err.code() != code || !err.to_string().contains(phrase) => failures
                .push(format!(
                    "{file}: [{}] «{err}», expected [{code}] with «{phrase}»",
                    err.code()
                )),
            Ok(Err(_)) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases >= 60, "the corpus has {cases} cases");
    assert_eq!(store.contests(&ContestQuery::default()).expect("contests"), before);
}
