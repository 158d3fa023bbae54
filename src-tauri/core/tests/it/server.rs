//! A real HTTP/1.1 server on 127.0.0.1 whose every answer a test scripts, including the broken
//! ones no well-behaved server library would send (stalls, lies about length, dropped sockets).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone)]
pub enum Reply {
    /// A complete response.
    Full { status: u16, headers: Vec<(&'static str, String)>, body: Vec<u8> },
    /// Accept, read the request, then say nothing.
    StallBeforeHeaders,
    /// Send headers promising `body.len() * 2` bytes, send `body`, then hang.
    StallMidBody { body: Vec<u8> },
    /// Close the socket without a word.
    Drop,
    /// Exactly these bytes, then close: for responses that lie (a wrong Content-Length).
    Raw(Vec<u8>),
    /// A 200 whose body never ends (bounded here to 256 MiB or 20 s, whichever comes first).
    Endless,
}

impl Reply {
    pub fn ok(body: &[u8], etag: Option<&str>) -> Reply {
        let mut headers = vec![("Content-Type", "application/json".to_string())];
        if let Some(e) = etag {
            headers.push(("ETag", e.to_string()));
        }
        Reply::Full { status: 200, headers, body: body.to_vec() }
    }

    pub fn status(status: u16) -> Reply {
        Reply::Full { status, headers: vec![], body: format!("status {status}").into_bytes() }
    }
}

pub struct Request {
    pub head: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

type Handler = dyn Fn(usize, &Request) -> Reply + Send + Sync;

pub struct TestServer {
    pub addr: SocketAddr,
    hits: Arc<AtomicUsize>,
    pub requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    pub async fn start(handler: impl Fn(usize, &Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let hits = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (h2, r2) = (hits.clone(), requests.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let (handler, hits, requests) = (handler.clone(), h2.clone(), r2.clone());
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 16 * 1024];
                    let mut len = 0;
                    while !buf[..len].windows(4).any(|w| w == b"\r\n\r\n") && len < buf.len() {
                        match sock.read(&mut buf[len..]).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => len += n,
                        }
                    }
                    let head = String::from_utf8_lossy(&buf[..len]).to_string();
                    requests.lock().expect("lock").push(head.clone());
                    let n = hits.fetch_add(1, Ordering::SeqCst);
                    match handler(n, &Request { head }) {
                        Reply::Full { status, headers, body } => {
                            let mut out = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
                            for (k, v) in headers {
                                out.push_str(&format!("{k}: {v}\r\n"));
                            }
                            out.push_str("\r\n");
                            let _ = sock.write_all(out.as_bytes()).await;
                            let _ = sock.write_all(&body).await;
                            let _ = sock.shutdown().await;
                        }
                        Reply::StallBeforeHeaders => {
                            tokio::time::sleep(Duration::from_secs(60)).await;
                        }
                        Reply::StallMidBody { body } => {
                            let out = format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
                                body.len() * 2
                            );
                            let _ = sock.write_all(out.as_bytes()).await;
                            let _ = sock.write_all(&body).await;
                            tokio::time::sleep(Duration::from_secs(60)).await;
                        }
                        Reply::Drop => drop(sock),
                        Reply::Raw(bytes) => {
                            let _ = sock.write_all(&bytes).await;
                            let _ = sock.shutdown().await;
                        }
                        Reply::Endless => {
                            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"Election\": \"";
                            let _ = sock.write_all(head.as_bytes()).await;
                            let chunk = vec![b'a'; 64 * 1024];
                            let started = std::time::Instant::now();
                            for _ in 0..4096 {
                                if sock.write_all(&chunk).await.is_err()
                                    || started.elapsed() > Duration::from_secs(20)
                                {
                                    break;
                                }
                            }
                        }
                    }
                });
            }
        });
        TestServer { addr, hits, requests, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}/electionresults/json?electionid=4300", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
