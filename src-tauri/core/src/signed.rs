//! Tallyroom's own feed: plain static files that any web server or CDN can serve, signed so a
//! laptop on café Wi-Fi can trust what it shows.
//!
//! ```text
//! manifest.json          election, sequence (only grows), created/expires, every snapshot
//! manifest.json.minisig  minisign (Ed25519) signature of manifest.json
//! s/<hash>.json          one snapshot: a `SnapshotV1` as compact JSON (+ .json.gz)
//! d/<from>-<to>.json     the contests that changed between two snapshots (+ .json.gz)
//! ```
//!
//! Trust flows from the signature alone: the manifest names each file by its SHA-256, so a
//! snapshot or delta that does not hash to what the signed manifest says is refused.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, FeedError, Result};
use crate::feeds::{ParsedContest, ParsedFeed};
use crate::ids::sha256_hex;
use crate::snapshot::{ContestV1, SnapshotV1};

pub const FORMAT: &str = "tallyroom-feed";
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE_SUFFIX: &str = ".minisig";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub election_id: String,
    /// Grows with every publication; a client refuses a manifest older than one it has seen.
    pub sequence: i64,
    pub created_ms: i64,
    /// After this the manifest is stale and refused: a frozen feed must not look live.
    pub expires_ms: i64,
    /// Oldest first.
    pub snapshots: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of the snapshot file.
    pub hash: String,
    pub feed_timestamp: String,
    pub file: String,
    pub size: u64,
    /// Changes against the entry before, when there is one.
    pub delta: Option<DeltaRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeltaRef {
    pub from: String,
    pub file: String,
    pub hash: String,
    pub size: u64,
}

/// What changed between two snapshots: the new version of every contest that changed or
/// appeared, and the order of all contests in the new snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    pub from: String,
    pub feed: DeltaHead,
    /// The order of all contests in the new snapshot; `None` when it is the base's order.
    pub order: Option<Vec<String>>,
    pub contests: Vec<ContestV1>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeltaHead {
    pub format: crate::feeds::FeedFormat,
    pub election: crate::model::Election,
    pub feed_timestamp: String,
    /// The feed's candidate profiles when they differ from the base's.
    #[serde(default)]
    pub profiles: Option<Vec<crate::profiles::Profile>>,
    /// Ballots still to count, as the new snapshot gives it (NIST `BallotsOutstanding`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots_outstanding: Option<u64>,
    /// Turnout, as the new snapshot gives it (Clarity `ElectionVoterTurnout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnout: Option<crate::model::Turnout>,
}

fn bad(detail: impl Into<String>) -> Error {
    Error::from(FeedError::Malformed { format: "Tallyroom feed", detail: detail.into() })
}

/// The canonical bytes of a snapshot: what its hash is taken over.
pub fn snapshot_bytes(feed: &ParsedFeed) -> Result<Vec<u8>> {
    Ok(SnapshotV1::from(feed).to_bytes())
}

/// A snapshot file (or a kept copy of one) back as a feed to apply.
pub fn read_snapshot(bytes: &[u8]) -> Result<ParsedFeed> {
    SnapshotV1::from_bytes(bytes).map(ParsedFeed::from).map_err(bad)
}

pub fn delta_between(old: &ParsedFeed, old_hash: &str, new: &ParsedFeed) -> Delta {
    let before: HashMap<&str, &ParsedContest> =
        old.contests.iter().map(|c| (c.id.as_str(), c)).collect();
    Delta {
        from: old_hash.to_string(),
        feed: DeltaHead {
            format: new.format,
            election: new.election.clone(),
            feed_timestamp: new.feed_timestamp.clone(),
            profiles: (new.profiles != old.profiles).then(|| new.profiles.clone()),
            ballots_outstanding: new.ballots_outstanding,
            turnout: new.turnout.clone(),
        },
        order: {
            let order: Vec<&str> = new.contests.iter().map(|c| c.id.as_str()).collect();
            let old_order: Vec<&str> = old.contests.iter().map(|c| c.id.as_str()).collect();
            (order != old_order).then(|| order.iter().map(|s| s.to_string()).collect())
        },
        contests: new
            .contests
            .iter()
            .filter(|c| before.get(c.id.as_str()) != Some(c))
            .map(ContestV1::from)
            .collect(),
    }
}

pub fn apply_delta(base: &ParsedFeed, delta: &Delta) -> Result<ParsedFeed> {
    let changed: Vec<ParsedContest> =
        delta.contests.iter().cloned().map(ParsedContest::from).collect();
    let mut by_id: HashMap<&str, &ParsedContest> =
        base.contests.iter().map(|c| (c.id.as_str(), c)).collect();
    for c in &changed {
        by_id.insert(c.id.as_str(), c);
    }
    let base_order: Vec<String> = base.contests.iter().map(|c| c.id.clone()).collect();
    let contests = delta
        .order
        .as_ref()
        .unwrap_or(&base_order)
        .iter()
        .map(|id| {
            by_id.get(id.as_str()).map(|c| (*c).clone()).ok_or_else(|| {
                bad(format!("the delta names contest {id}, which neither it nor its base has"))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ParsedFeed {
        format: delta.feed.format,
        election: delta.feed.election.clone(),
        feed_timestamp: delta.feed.feed_timestamp.clone(),
        contests,
        profiles: delta.feed.profiles.clone().unwrap_or_else(|| base.profiles.clone()),
        ballots_outstanding: delta.feed.ballots_outstanding,
        turnout: delta.feed.turnout.clone(),
    })
}

// ------------------------------------------------------------------------------ keys

/// A new key pair as minisign boxes: (public key, secret key). The secret key is not
/// password-protected, so that a publishing machine can sign unattended; keep it private.
pub fn keygen() -> Result<(String, String)> {
    // An empty password leaves the key unencrypted but, unlike `generate_unencrypted_keypair`,
    // writes the checksum that loading the key checks.
    let kp = minisign::KeyPair::generate_encrypted_keypair(Some(String::new()))
        .map_err(|e| Error::Signing(e.to_string()))?;
    let pk = kp.pk.to_box().map_err(|e| Error::Signing(e.to_string()))?.to_string();
    let sk = kp
        .sk
        .to_box(Some("Tallyroom feed signing key"))
        .map_err(|e| Error::Signing(e.to_string()))?
        .to_string();
    Ok((pk, sk))
}

pub fn sign(secret_key_box: &str, data: &[u8]) -> Result<String> {
    let sk = minisign::SecretKeyBox::from_string(secret_key_box)
        .and_then(|b| b.into_secret_key(Some(String::new())))
        .map_err(|e| Error::Signing(format!("the signing key cannot be read: {e}")))?;
    let sig = minisign::sign(None, &sk, Cursor::new(data), Some("tallyroom manifest"), None)
        .map_err(|e| Error::Signing(format!("signing failed: {e}")))?;
    Ok(sig.to_string())
}

/// Reads a public key given as a minisign box (two lines) or as its bare base64 line.
fn public_key(key: &str) -> std::result::Result<minisign::PublicKey, String> {
    let trimmed = key.trim();
    let parsed = if trimmed.lines().count() > 1 {
        minisign::PublicKeyBox::from_string(trimmed).and_then(|b| b.into_public_key())
    } else {
        minisign::PublicKey::from_base64(trimmed)
    };
    parsed.map_err(|e| format!("the feed's public key is not a minisign key ({e})"))
}

pub fn check_public_key(key: &str) -> std::result::Result<(), String> {
    public_key(key).map(|_| ())
}

/// Verifies `signature` over `data`; the error is a sentence for the user.
pub fn verify(
    public_key_text: &str,
    data: &[u8],
    signature: &str,
) -> std::result::Result<(), String> {
    let pk = public_key(public_key_text)?;
    let sig = minisign::SignatureBox::from_string(signature)
        .map_err(|e| format!("the manifest's signature file is malformed ({e})"))?;
    minisign::verify(&pk, &sig, Cursor::new(data), true, false, false)
        .map_err(|_| "the manifest's signature does not match the feed's public key: it was not signed by this feed's key, or it was altered".to_string())
}

// ------------------------------------------------------------------------- publishing

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    let io = |source| Error::Io { path: path.clone(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    // Write then rename, so a server never hands out half a file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(io)?;
    let gz = gz.finish().map_err(io)?;
    let gz_path = format!("{rel}.gz");
    let tmp = dir.join(format!("{gz_path}.tmp"));
    std::fs::write(&tmp, gz).map_err(io)?;
    std::fs::rename(&tmp, dir.join(gz_path)).map_err(io)
}

/// Reads the manifest already in `dir`, if any.
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>> {
    match std::fs::read(dir.join(MANIFEST)) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| bad(e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { path: dir.join(MANIFEST), source }),
    }
}

/// Publishes `feeds` (oldest first, one election) into `dir`: snapshot files, deltas, and a
/// signed manifest whose sequence is one more than the manifest already there. The manifest is
/// written last, so a client never sees it name a file that is not yet in place.
pub fn publish(
    dir: &Path,
    feeds: &[ParsedFeed],
    secret_key: &str,
    ttl_ms: i64,
    now_ms: i64,
) -> Result<Manifest> {
    let first = feeds.first().ok_or_else(|| bad("nothing to publish"))?;
    if let Some(other) = feeds.iter().find(|f| f.election.id != first.election.id) {
        return Err(bad(format!(
            "one feed is one election: {} and {}",
            first.election.id, other.election.id
        )));
    }
    let previous = read_manifest(dir)?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut prev: Option<(&ParsedFeed, String)> = None;
    for feed in feeds {
        let bytes = snapshot_bytes(feed)?;
        let hash = sha256_hex(&bytes);
        let file = format!("s/{hash}.json");
        write_file(dir, &file, &bytes)?;
        let delta = match &prev {
            Some((old, old_hash)) => {
                let d = serde_json::to_vec(&delta_between(old, old_hash, feed))
                    .map_err(|e| bad(e.to_string()))?;
                let d_file = format!("d/{}-{}.json", &old_hash[..16], &hash[..16]);
                write_file(dir, &d_file, &d)?;
                Some(DeltaRef {
                    from: old_hash.clone(),
                    file: d_file,
                    hash: sha256_hex(&d),
                    size: d.len() as u64,
                })
            }
            None => None,
        };
        entries.push(Entry {
            hash: hash.clone(),
            feed_timestamp: feed.feed_timestamp.clone(),
            file,
            size: bytes.len() as u64,
            delta,
        });
        prev = Some((feed, hash));
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        election_id: first.election.id.clone(),
        sequence: previous.map(|m| m.sequence + 1).unwrap_or(1),
        created_ms: now_ms,
        expires_ms: now_ms + ttl_ms,
        snapshots: entries,
    };
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| bad(e.to_string()))?;
    let sig = sign(secret_key, &bytes)?;
    write_file(dir, &format!("{MANIFEST}{SIGNATURE_SUFFIX}"), sig.as_bytes())?;
    write_file(dir, MANIFEST, &bytes)?;
    Ok(manifest)
}

/// Parses and checks a manifest whose signature has been verified.
/// Why a manifest was refused.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{0}")]
    Expired(String),
    #[error("{0}")]
    Rollback(String),
    #[error(transparent)]
    Malformed(Error),
}

pub fn parse_manifest(
    bytes: &[u8],
    now_ms: i64,
    last_sequence: Option<i64>,
) -> std::result::Result<Manifest, ManifestError> {
    let m: Manifest = serde_json::from_slice(bytes)
        .map_err(|e| ManifestError::Malformed(bad(format!("the manifest is malformed: {e}"))))?;
    if m.format != FORMAT || m.version != VERSION {
        return Err(ManifestError::Malformed(bad(format!(
            "the manifest is {} version {}, which this build does not read",
            m.format, m.version
        ))));
    }
    if now_ms > m.expires_ms {
        return Err(ManifestError::Expired(format!(
            "the feed's manifest expired {} minutes ago; the publisher has stopped updating it, \
             or someone is replaying an old copy",
            (now_ms - m.expires_ms) / 60_000
        )));
    }
    if let Some(seen) = last_sequence {
        if m.sequence < seen {
            return Err(ManifestError::Rollback(format!(
                "the feed sent manifest number {}, older than number {seen} already seen: \
                 refused as a possible replay of old results",
                m.sequence
            )));
        }
    }
    Ok(m)
}

/// True when `bytes` look like a Tallyroom manifest (rather than a results file).
pub fn is_manifest(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<String>,
    }
    matches!(serde_json::from_slice::<Probe>(bytes), Ok(Probe { format: Some(f) }) if f == FORMAT)
}
