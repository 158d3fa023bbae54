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
}
