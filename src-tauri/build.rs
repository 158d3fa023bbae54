/// Every command the webview may call. Tauri generates an `allow-<command>` permission for each;
/// the capability in tauri.conf.json grants them, and ARCHITECTURE.md lists them (a test checks).
pub const COMMANDS: &[&str] = &[
    "overview",
    "results_layout",
    "results_page",
    "suggest",
    "hurdle",
    "set_estimate",
    "contest",
    "history",
    "areas",
    "profiles",
    "profile",
    "refresh",
    "alerts",
    "get_settings",
    "save_settings",
    "set_followed",
    "elections",
    "set_election",
    "set_pinned",
    "probe_source",
    "add_source",
    "remove_source",
    "relabel_source",
    "open_link",
    "export_csv",
    "notify",
    "ui_ready",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attrs).expect("tauri build script");
}
