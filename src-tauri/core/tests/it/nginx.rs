//! nginx from Debian, started on 127.0.0.1 for one test and stopped when dropped: the static
//! server a real Tallyroom feed is published on, with its own ETag and gzip_static handling.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nginx {
    child: Child,
    pub port: u16,
    prefix: tempfile::TempDir,
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
        let p = prefix.path().display();
        let conf = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\nerror_log {p}/error.log;\npid {p}/nginx.pid;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log {p}/access.log;\n  client_body_temp_path {p}/body;\n  proxy_temp_path {p}/proxy;\n\
               fastcgi_temp_path {p}/fastcgi;\n  uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n\
               types {{ application/json json; text/plain minisig; }}\n  default_type application/octet-stream;\n\
               server {{\n    listen 127.0.0.1:{port};\n    root {root};\n    etag on;\n    gzip_static on;\n  }}\n}}\n",
            root = root.display()
        );
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

    /// Request lines and response sizes from the access log (combined format).
    pub fn log(&self) -> Vec<(String, u16, u64)> {
        let text =
            std::fs::read_to_string(self.prefix.path().join("access.log")).unwrap_or_default();
        text.lines()
            .filter_map(|l| {
                let req = l.split('"').nth(1)?.split_whitespace().nth(1)?.to_string();
                let mut rest = l.split('"').nth(2)?.split_whitespace();
                let status = rest.next()?.parse().ok()?;
                let bytes = rest.next()?.parse().ok()?;
                Some((req, status, bytes))
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
