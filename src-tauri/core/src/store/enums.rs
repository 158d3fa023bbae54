//! Enums kept as text in the cache. Only Tallyroom writes the cache, so a value read back that is
//! not one of these is damage, reported as an error (never quietly read as some default). Values
//! a *feed* has never sent before are the feed adapters' concern, not this file's.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::model::{ContestKind, Level};

/// Where a stored profile came from; `put_profiles` replaces one origin's set at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileOrigin {
    /// Compiled into the app (`data/profiles`).
    Bundled,
    /// `tallyroom-cli import-profiles`.
    File,
    /// Carried by a results feed (NIST people and candidates).
    Feed,
}

impl ProfileOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileOrigin::Bundled => "bundled",
            ProfileOrigin::File => "file",
            ProfileOrigin::Feed => "feed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "bundled" => ProfileOrigin::Bundled,
            "file" => ProfileOrigin::File,
            "feed" => ProfileOrigin::Feed,
            _ => return None,
        })
    }
}

macro_rules! text_enum {
    ($t:ty) => {
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = value.as_str()?;
                <$t>::parse(s).ok_or_else(|| {
                    FromSqlError::Other(format!("\"{s}\" is not a known {}", stringify!($t)).into())
                })
            }
        }
    };
}

text_enum!(ContestKind);
text_enum!(Level);
text_enum!(ProfileOrigin);
