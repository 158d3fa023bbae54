//! How WebKitGTK draws the window on a computer without a graphics processor.
//!
//! WebKitGTK composites the page with OpenGL. Where the process can reach no GPU (a virtual
//! machine, a remote desktop, a laptop whose driver is missing), Mesa runs that OpenGL on the
//! CPU (llvmpipe), and compositing then costs more than drawing the page without it. Measured
//! on the project's build machine, which has no GPU (BENCHMARKS.md, 2026-11-27, third session):
//! the llvmpipe threads were the largest user of the CPU while the Results page was typed
//! into, and drawing without compositing brought a keystroke's p95 from 137 ms to 65–83 ms.
//!
//! So where there is no GPU device, the app asks WebKit to draw without compositing, through
//! WebKit's own `WEBKIT_DISABLE_COMPOSITING_MODE`. The web process inherits the variable, so it
//! must be set before the first window. A value the user set is left alone, either way.
//!
//! And the window is shown only once its page has loaded (`show_when_loaded`), so that WebKit
//! never waits on the web process while the page starts.

use std::path::Path;
use std::time::Duration;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{Manager, Runtime, Webview};

/// The variable WebKitGTK reads when its web process starts.
const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Called first thing in `run`, before any thread exists: changing the environment later
/// would race the threads that read it.
pub fn choose() {
    if cfg!(target_os = "linux")
        && std::env::var_os(VARIABLE).is_none()
        && !has_gpu(Path::new("/dev"))
    {
        std::env::set_var(VARIABLE, "1");
    }
}

/// Without compositing, WebKit's drawing of the window waits up to 500 ms for the web process
/// to answer a change of the view's backing store (`DrawingAreaProxyCoordinatedGraphics::paint`
/// in WebKit). When the window is on screen while its page loads, that wait can meet the web
/// process waiting on a synchronous message to this process, and both sit until the 500 ms run
/// out: caught with `gdb` in both processes during a slow launch (BENCHMARKS.md, thirteenth
/// session), and it made about one launch in three take 0.8 s instead of 0.3 s, in the
/// hello-world Tauri app as in this one. So the window (`"visible": false` in
/// `tauri.conf.json`) is shown once its page has loaded, when the first thing WebKit draws is
/// already the page at its final size: 0 slow launches in 50 against 14 in 50.
pub fn show_when_loaded<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if payload.event() == PageLoadEvent::Finished {
        let _ = webview.window().show();
    }
}

/// A page that never reports itself loaded still gets its window: shown after this long.
const SHOW_AT_THE_LATEST: Duration = Duration::from_secs(3);

/// Shows every window that is still hidden once `SHOW_AT_THE_LATEST` has passed.
pub fn show_at_the_latest<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SHOW_AT_THE_LATEST).await;
        for window in app.webview_windows().values() {
            if !window.is_visible().unwrap_or(true) {
                let _ = window.show();
            }
        }
    });
}

/// A GPU the process can use shows as a DRM render node (`/dev/dri/renderD128`), or, with
/// NVIDIA's own driver and no DRM module, as `/dev/nvidia0`. When unsure (an unreadable
/// folder), this says there is one, and WebKit keeps its default.
fn has_gpu(dev: &Path) -> bool {
    if dev.join("nvidia0").exists() {
        return true;
    }
    match std::fs::read_dir(dev.join("dri")) {
        Ok(entries) => {
            entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        }
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::has_gpu;

    /// Each case: the files made under a fresh `/dev`, and whether a GPU is seen.
    #[test]
    fn a_gpu_is_seen_by_its_device_node() {
        let check = |files: &[&str], expected: bool| {
            let dev = tempfile::tempdir().expect("tmp");
            for f in files {
                let path = dev.path().join(f);
                std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
                std::fs::write(&path, "").expect("file");
            }
            assert_eq!(has_gpu(dev.path()), expected, "{files:?}");
        };
        check(&[], false);
        check(&["dri/card0"], false);
        check(&["dri/by-path/x"], false);
        check(&["dri/card0", "dri/renderD128"], true);
        check(&["nvidia0"], true);
        check(&["nvidiactl"], false);
    }
}
