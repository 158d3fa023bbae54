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

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![items, ready])
        .run(tauri::generate_context!())
        .expect("hello");
}
