//! Read connections beside the one writer (as Yaak keeps an r2d2 pool next to its writer), so a
//! page read never waits while a refresh applies a large count.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::Reader;

struct Manager {
    path: PathBuf,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Reader;
    type Error = Error;

    fn connect(&self) -> Result<Reader> {
        Reader::open(&self.path)
    }

    fn is_valid(&self, conn: &mut Reader) -> Result<()> {
        conn.conn.execute_batch("")?;
        Ok(())
    }

    fn has_broken(&self, _: &mut Reader) -> bool {
        false
    }
}

/// A few read-only connections to one cache file, opened as needed.
#[derive(Clone)]
pub struct ReadPool {
    pool: r2d2::Pool<Manager>,
}

impl ReadPool {
    /// `size` connections at most; the first is opened now, so a file that cannot be read fails
    /// here rather than on the first page.
    pub fn open(path: &Path, size: u32) -> Result<ReadPool> {
        // One thread opens and retires connections (r2d2 starts three by default): it does that
        // a few times a night, and each extra thread keeps an allocator arena of its own.
        let workers = scheduled_thread_pool::ScheduledThreadPool::builder()
            .num_threads(1)
            .thread_name_pattern("r2d2-worker-{}")
            .build();
        let pool = r2d2::Pool::builder()
            .thread_pool(std::sync::Arc::new(workers))
            .max_size(size.max(1))
            .min_idle(Some(1))
            .connection_timeout(std::time::Duration::from_secs(10))
            .build(Manager { path: path.to_path_buf() })
            .map_err(|e| Error::pool(e.to_string()))?;
        Ok(ReadPool { pool })
    }

    pub fn get(&self) -> Result<PooledReader> {
        self.pool.get().map(PooledReader).map_err(|e| Error::pool(e.to_string()))
    }
}

/// A reader on loan from the pool; it goes back when dropped.
pub struct PooledReader(r2d2::PooledConnection<Manager>);

impl std::ops::Deref for PooledReader {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        &self.0
    }
}
