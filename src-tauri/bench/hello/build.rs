fn main() {
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(&["items", "ready"]));
    tauri_build::try_build(attrs).expect("tauri build script");
}
