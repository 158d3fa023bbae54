//! The smallest Tauri app: a window with one line of text. Tallyroom's startup time and memory
//! are measured against it, built and run in the same benchmark.

#[tauri::command]
fn ready() {
    println!("READY");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("hello");
}
