//! Reading the files a command names: bounded, and named in every error.

use std::io::Read;
use std::path::Path;

use tallyroom_core::error::FeedError;
use tallyroom_core::{feeds, Error};

pub fn read_bounded(path: &Path) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(feeds::MAX_FEED_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > feeds::MAX_FEED_BYTES {
        return Err(Error::from(FeedError::Malformed {
            format: "results",
            detail: format!(
                "{} is over the limit of {} bytes",
                path.display(),
                feeds::MAX_FEED_BYTES
            ),
        }));
    }
    Ok(bytes)
}

/// A key given on the command line: a file holding it, or the key text itself.
pub fn key_text(arg: String) -> Result<String, Error> {
    let path = Path::new(&arg);
    if path.is_file() {
        read_text(path)
    } else {
        Ok(arg)
    }
}

pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = read_bounded(path)?;
    String::from_utf8(bytes).map_err(|_| Error::Signing(format!("{} is not text", path.display())))
}

pub fn parse_file(path: &Path) -> Result<feeds::ParsedFeed, Error> {
    let bytes = read_bounded(path)?;
    feeds::parse(&bytes).map_err(|e| match e {
        Error::Feed(FeedError::UnknownFormat(m)) => {
            Error::unknown_format(format!("{}: {m}", path.display()))
        }
        Error::Feed(FeedError::Malformed { format, detail }) => {
            let detail = format!("{} ({detail})", path.display());
            Error::from(FeedError::Malformed { format, detail })
        }
        other => other,
    })
}

/// A JSON file, bounded, with the file named in the error.
pub fn read_json(path: &Path) -> Result<serde_json::Value, Error> {
    let bytes = read_bounded(path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::from(FeedError::Malformed {
            format: "JSON",
            detail: format!("{} is not valid JSON ({e})", path.display()),
        })
    })
}
