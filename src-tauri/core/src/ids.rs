//! Stable identities for feeds that carry none.
//!
//! The LA County feed has no contest or candidate ids, so identity is derived from what the feed
//! does keep stable across the whole count: the election id, the contest group's name, the contest
//! title and, for a choice, its ballot name. The raw strings are hashed (SHA-256, first 16 hex
//! digits) after Unicode whitespace is collapsed, never after case-folding or other cleaning, so a
//! change in our display rules can never change an id.
//!
//! * contest id: `c-` + hash(`<election id>` US `<group>` US `<title>`)
//! * choice id:  `k-` + hash(`<contest id>` US `<choice name>`)
//!
//! US is the ASCII unit separator (0x1F), which no feed text contains, so fields cannot run into
//! each other.

use sha2::{Digest, Sha256};

const SEP: u8 = 0x1f;

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `prefix` and the first 16 hex digits of the parts' hash. The parts are fed to the hasher word
/// by word: the same bytes as hashing each part with its whitespace collapsed, without the
/// strings that would take (a million-choice count makes 1.4 million ids).
fn short_hash(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([SEP]);
        }
        for (j, w) in p.split_whitespace().enumerate() {
            if j > 0 {
                h.update(b" ");
            }
            h.update(w.as_bytes());
        }
    }
    let mut hex = [0u8; 16];
    // 8 bytes always fit 16 hex digits.
    let _ = hex::encode_to_slice(&h.finalize()[..8], &mut hex);
    let mut out = String::with_capacity(prefix.len() + 16);
    out.push_str(prefix);
    out.extend(hex.iter().map(|&b| b as char));
    out
}

pub fn election_id(source: &str, feed_election_id: &str) -> String {
    format!("{source}-{}", collapse_ws(feed_election_id))
}

pub fn contest_id(election_id: &str, group: &str, title: &str) -> String {
    short_hash("c-", &[election_id, group, title])
}

pub fn choice_id(contest_id: &str, name: &str) -> String {
    short_hash("k-", &[contest_id, name])
}

/// Lower-case ASCII letters and digits joined by single hyphens: "WV 11/3/2020" → "wv-11-3-2020".
/// For ids built from names in feeds that carry no id of their own.
pub fn slug(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    out.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// Hex SHA-256 of arbitrary bytes, for content addressing of snapshots.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// An id's first [`IdHead::LEN`] bytes (zero-padded) and its length, held inline. Sorting and
/// merging a large count's ids through their heap copies cost a cache miss per comparison (the
/// ids lie in parse order, the sort visits them in any order); every id Tallyroom makes
/// (`c-`/`k-` and 16 hex digits) fits in a head, so a comparison of heads is the whole answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IdHead {
    head: [u8; IdHead::LEN],
    len: usize,
}

impl IdHead {
    const LEN: usize = 24;

    pub(crate) fn of(id: &str) -> Self {
        let bytes = id.as_bytes();
        let mut head = [0u8; Self::LEN];
        let n = bytes.len().min(Self::LEN);
        head[..n].copy_from_slice(&bytes[..n]);
        IdHead { head, len: bytes.len() }
    }

    /// The two ids' order as bytes (SQLite's BINARY collation, `str`'s `Ord`). The whole ids
    /// are read only when the heads cannot tell: both longer than a head and alike in it.
    pub(crate) fn cmp_ids(&self, a: &str, other: &IdHead, b: &str) -> std::cmp::Ordering {
        match self.head.cmp(&other.head) {
            // Zero padding orders a shorter id first, as a prefix sorts first; a NUL inside a
            // head is told from the padding by the length.
            std::cmp::Ordering::Equal if self.len <= Self::LEN && other.len <= Self::LEN => {
                self.len.cmp(&other.len)
            }
            std::cmp::Ordering::Equal => a.cmp(b),
            unequal => unequal,
        }
    }
}

/// One id of a list, with its place in the list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed<'a> {
    pub head: IdHead,
    pub id: &'a str,
    pub place: usize,
}

/// The ids in byte order, each with its place; equal ids by place.
pub(crate) fn sorted<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<Placed<'a>> {
    let mut out: Vec<Placed> = ids
        .into_iter()
        .enumerate()
        .map(|(place, id)| Placed { head: IdHead::of(id), id, place })
        .collect();
    out.sort_unstable_by(|a, b| {
        a.head.cmp_ids(a.id, &b.head, b.id).then_with(|| a.place.cmp(&b.place))
    });
    out
}

/// Where a set of seen ids would first refuse an insert: the first id, in list order, that an
/// earlier one already had. Sorting borrowed ids copies none of them, where a set of owned ids
/// cost an allocation per choice (a million on a state-sized count).
pub(crate) fn first_repeat<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    sorted(ids)
        .windows(2)
        .filter(|w| w[0].head.cmp_ids(w[0].id, &w[1].head, w[1].id).is_eq())
        .map(|w| w[1].place)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_does_not_change_identity_but_case_does() {
        let a = contest_id("lavote-4300", "Cities", "LOS ANGELES CITY  Mayor");
        let b = contest_id("lavote-4300", "Cities", "LOS ANGELES CITY Mayor");
        let c = contest_id("lavote-4300", "Cities", "Los Angeles City Mayor");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("c-") && a.len() == 18);
    }

    /// The ids as first defined: each part's whitespace collapsed into a new string, joined by
    /// US, hashed. Ids are stored in caches and follows, so the faster form must equal it.
    fn reference(prefix: &str, parts: &[&str]) -> String {
        let joined: Vec<String> = parts.iter().map(|p| collapse_ws(p)).collect();
        let digest = Sha256::digest(joined.join("\u{1f}").as_bytes());
        format!("{prefix}{}", hex::encode(&digest[..8]))
    }

    #[test]
    fn ids_equal_their_first_definition() {
        for parts in [
            &["lavote-4300", "Cities", "LOS ANGELES CITY GENERAL MUNICIPAL ELECTION Mayor"][..],
            &["  lead", "tabs\tand\nlines ", "  "],
            &["", "", ""],
            &["c-0123456789abcdef", "KAREN RUTH BASS"],
            &["c-x", "ARI GUTIÉRREZ\u{a0}ARÁMBULA"],
        ] {
            let want = reference(if parts.len() == 3 { "c-" } else { "k-" }, parts);
            let got = if parts.len() == 3 {
                contest_id(parts[0], parts[1], parts[2])
            } else {
                choice_id(parts[0], parts[1])
            };
            assert_eq!(got, want, "{parts:?}");
        }
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        assert_ne!(contest_id("e", "ab", "c"), contest_id("e", "a", "bc"));
    }

    /// The tricky ids: longer than a head and alike in it, a NUL beside the padding, non-ASCII.
    const AWKWARD: [&str; 13] = [
        "c-0123456789abcdef0123456789Z",
        "c-0123456789abcdef0123456789A",
        "c-0123456789abcdef012345",
        "c-0123456789abcdef01234",
        "c-10",
        "c-1",
        "",
        "ab\0",
        "ab",
        "é",
        "e",
        "c-0123456789abcdef",
        "c-1",
    ];

    #[test]
    fn sorted_is_the_order_of_the_ids_as_bytes() {
        let mut want: Vec<usize> = (0..AWKWARD.len()).collect();
        want.sort_by(|&a, &b| AWKWARD[a].cmp(AWKWARD[b]).then(a.cmp(&b)));
        let got: Vec<usize> = sorted(AWKWARD).iter().map(|p| p.place).collect();
        assert_eq!(got, want);
    }

    /// The index a set of seen keys would first refuse, in feed order.
    #[test]
    fn first_repeat_is_where_a_seen_set_refuses() {
        let check = |keys: &[&str], expected: Option<usize>| {
            assert_eq!(first_repeat(keys.iter().copied()), expected, "{keys:?}");
        };
        check(&[], None);
        check(&["a"], None);
        check(&["a", "b", "c"], None);
        check(&["a", "a"], Some(1));
        check(&["a", "b", "a", "b"], Some(2));
        check(&["b", "a", "a", "b"], Some(2));
        check(&["c", "b", "a", "c", "b", "c"], Some(3));
        check(&["ab", "ab\0"], None);
        check(&AWKWARD, Some(12));
        check(&AWKWARD[..12], None);
    }
}
