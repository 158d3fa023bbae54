//! Checks on the desktop shell that need no window: the command list, the capability and
//! ARCHITECTURE.md must name the same things, so nothing is granted without being written down.

use std::collections::BTreeSet;

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The quoted strings inside `pub const COMMANDS: &[&str] = &[ ... ];` in build.rs.
fn commands() -> BTreeSet<String> {
    let build = read("src-tauri/build.rs");
    let start = build.find("COMMANDS").expect("COMMANDS in build.rs");
    let list = &build[start..build[start..].find("];").expect("end") + start];
    list.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn permissions() -> BTreeSet<String> {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).expect("json");
    let caps = conf["app"]["security"]["capabilities"].as_array().expect("capabilities");
    assert_eq!(caps.len(), 1, "one capability, for the one window");
    caps[0]["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn every_command_is_granted_handled_and_documented() {
    let lib = read("src-tauri/src/lib.rs");
    let handler = &lib[lib.find("generate_handler![").expect("handler")..];
    let handler = &handler[..handler.find(']').expect("end")];
    let perms = permissions();
    for cmd in commands() {
        assert!(handler.contains(&cmd), "{cmd} is in COMMANDS but not in generate_handler!");
        let perm = format!("allow-{}", cmd.replace('_', "-"));
        assert!(perms.contains(&perm), "{cmd} has no {perm} in the capability");
    }
    let handled =
        handler.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty());
    for name in handled.skip(1) {
        assert!(commands().contains(name), "{name} is handled but not listed in COMMANDS");
    }
}

#[test]
fn every_permission_is_listed_in_architecture_md() {
    let doc = read("ARCHITECTURE.md");
    let section = &doc[doc.find("## The webview's permissions").expect("section")..];
    for perm in permissions() {
        assert!(
            section.contains(&format!("`{perm}`")),
            "{perm} is granted but not in ARCHITECTURE.md"
        );
    }
}

#[test]
fn the_csp_allows_no_remote_content() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).expect("json");
    let csp = conf["app"]["security"]["csp"].as_object().expect("csp");
    for (directive, value) in csp {
        let v = value.as_str().expect("str");
        assert!(!v.contains("http:") || directive == "connect-src", "{directive}: {v}");
        assert!(!v.contains("https:") && !v.contains('*'), "{directive}: {v}");
        assert!(!(directive == "script-src" && v.contains("unsafe")), "{directive}: {v}");
    }
    assert_eq!(csp["object-src"], "'none'");
}
