//! nginx from Debian, started on 127.0.0.1 and stopped when dropped: the static server a real
//! Tallyroom feed is published on, with its own ETag and gzip_static handling. Its configuration
//! is `tests/nginx.conf.in`, the same file `scripts/serve-feed.sh` uses.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CONF: &str = include_str!("../../../tests/nginx.conf.in");

pub struct Nginx {
    child: Child,
    pub port: u16,
    prefix: tempfile::TempDir,
}

/// One request as the access log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub path: String,
    pub status: u16,
    /// The body alone.
    pub body_bytes: u64,
    /// Everything on the wire: response headers and body, and the request.
    pub wire_bytes: u64,
}

fn binary() -> PathBuf {
    for p in ["/usr/sbin/nginx", "/usr/bin/nginx"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!(
        "nginx is not installed: scripts/install-deps.sh installs it (Debian package nginx-light)"
    );
}

impl Nginx {
    pub fn serve(root: &Path) -> Nginx {
        let prefix = tempfile::tempdir().expect("prefix");
        let port = TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("a").port();
        let conf = CONF
            .replace("@PREFIX@", &prefix.path().display().to_string())
            .replace("@PORT@", &port.to_string())
            .replace("@ROOT@", &root.display().to_string());
        std::fs::write(prefix.path().join("nginx.conf"), conf).expect("conf");
        let child = Command::new(binary())
            .arg("-p")
            .arg(prefix.path())
            .arg("-c")
            .arg(prefix.path().join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Nginx { child, port, prefix }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    /// The log once it holds at least `lines` requests (or after 5 s, as it is then). nginx
    /// writes a request's line after the response has gone out, so a client that has just read
    /// its answer can be ahead of the log by a moment.
    pub fn log_with(&self, lines: usize) -> Vec<LogLine> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let log = self.log();
            if log.len() >= lines || std::time::Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Every request so far, oldest first.
    pub fn log(&self) -> Vec<LogLine> {
        let text =
            std::fs::read_to_string(self.prefix.path().join("access.log")).unwrap_or_default();
        text.lines()
            .filter_map(|l| {
                let mut f = l.split_whitespace();
                let path = f.next()?.to_string();
                let status = f.next()?.parse().ok()?;
                let body_bytes = f.next()?.parse().ok()?;
                let sent: u64 = f.next()?.parse().ok()?;
                let request: u64 = f.next()?.parse().ok()?;
                Some(LogLine { path, status, body_bytes, wire_bytes: sent + request })
            })
            .collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
