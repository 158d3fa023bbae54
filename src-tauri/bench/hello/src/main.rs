//! A hello-world Tauri app made a fair baseline for Tallyroom's startup and memory: its page
//! asks Rust for a list in one IPC round trip and paints it, as Tallyroom's first screen does
//! with its overview, then says it is ready. Built and run in the same benchmark.

/// 430 short lines, one per contest of LA's ballot: the size of a first screen's data.
#[tauri::command]
fn items() -> Vec<String> {
    (1..=430).map(|i| format!("Contest {i}: {} votes counted", i * 1000)).collect()
}

#[tauri::command]
fn ready() {
    println!("READY");
}

/// The app's own choice of how to draw (`src-tauri/src/drawing.rs`), made the same way here so
/// both sides of the comparison composite, or both do not: without a GPU device the app turns
/// WebKit's compositing off, and a baseline that kept it would pay for llvmpipe alone.
fn draw_like_the_app() {
    let dev = std::path::Path::new("/dev");
    let gpu = dev.join("nvidia0").exists()
        || std::fs::read_dir(dev.join("dri")).map_or_else(
            |e| e.kind() != std::io::ErrorKind::NotFound,
            |d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")),
        );
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() && !gpu {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

fn main() {
    draw_like_the_app();
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![items, ready])
        .run(tauri::generate_context!())
        .expect("hello");
}
