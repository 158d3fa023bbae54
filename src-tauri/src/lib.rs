//! The desktop shell: Tauri commands, each a thin adapter over `tallyroom_core::app::App`.

mod drawing;
mod memory;

use std::time::Duration;

use tallyroom_core::app::{
    Alert, ApiError, App, ContestFilter, ElectionSummary, HurdleReport, NewSource, Overview,
    RefreshDone, RefreshReport, ResultsLayout, ResultsPage, ResultsQuery,
};
use tallyroom_core::error::ErrorCode;
use tallyroom_core::model::{AreaResults, ContestHistory, ContestView};
use tallyroom_core::profiles::Profile;
use tallyroom_core::settings::{RemainingEstimate, Settings};
use tallyroom_core::sources::SourceProbe;
use tallyroom_core::sync::SyncConfig;
use tallyroom_core::Paths;
use tauri::{Emitter, Manager, State};

type Res<T> = Result<T, ApiError>;

#[tauri::command(async)]
fn overview(app: State<'_, App>) -> Res<Overview> {
    Ok(app.overview()?)
}

#[tauri::command(async)]
fn results_layout(app: State<'_, App>, query: ResultsQuery) -> Res<ResultsLayout> {
    Ok(app.results_layout(&query)?)
}

#[tauri::command(async)]
fn results_page(
    app: State<'_, App>,
    query: ResultsQuery,
    from: u32,
    count: u32,
) -> Res<ResultsPage> {
    Ok(app.results_page(&query, from, count)?)
}

#[tauri::command(async)]
fn suggest(app: State<'_, App>, text: String) -> Res<Vec<String>> {
    Ok(app.suggest(&text)?)
}

#[tauri::command(async)]
fn hurdle(
    app: State<'_, App>,
    id: String,
    remaining: Option<u64>,
    chosen: Option<f64>,
) -> Res<HurdleReport> {
    Ok(app.hurdle(&id, remaining, chosen)?)
}

#[tauri::command(async)]
fn set_estimate(
    app: State<'_, App>,
    scope: String,
    estimate: Option<RemainingEstimate>,
) -> Res<Settings> {
    Ok(app.set_estimate(&scope, estimate)?)
}

#[tauri::command(async)]
fn contest(app: State<'_, App>, id: String) -> Res<ContestView> {
    Ok(app.contest(&id)?)
}

#[tauri::command(async)]
fn history(app: State<'_, App>, id: String) -> Res<ContestHistory> {
    Ok(app.history(&id)?)
}

#[tauri::command(async)]
fn areas(app: State<'_, App>, id: String) -> Res<AreaResults> {
    Ok(app.areas(&id)?)
}

#[tauri::command(async)]
fn profiles(app: State<'_, App>) -> Res<Vec<Profile>> {
    Ok(app.profiles()?)
}

#[tauri::command(async)]
fn profile(app: State<'_, App>, id: String) -> Res<Profile> {
    Ok(app.profile(&id)?)
}

#[tauri::command]
async fn refresh(app: State<'_, App>) -> Res<RefreshDone> {
    app.refresh().await
}

#[tauri::command(async)]
fn alerts(app: State<'_, App>) -> Vec<Alert> {
    app.alerts()
}

/// An alert's sentence, worded by the UI in the user's language, as a desktop notification.
/// The webview asks for it through this command rather than holding the notification plugin's
/// permissions. Where the desktop has no notification service (a bare Xvfb) nothing is shown;
/// the in-app list still holds the alert. The D-Bus call waits for the desktop's answer, so it
/// runs off the main thread.
#[tauri::command]
fn notify(body: String) {
    // A sentence, not a document: bounded whatever the webview sends.
    let body: String = body.chars().take(500).collect();
    tauri::async_runtime::spawn_blocking(move || {
        let _ = notify_rust::Notification::new()
            .summary("Tallyroom")
            .body(&body)
            .icon("tallyroom")
            .show();
    });
}

#[tauri::command(async)]
fn get_settings(app: State<'_, App>) -> Settings {
    app.settings()
}

#[tauri::command(async)]
fn save_settings(app: State<'_, App>, settings: Settings) -> Res<Settings> {
    Ok(app.save_settings(settings)?)
}

#[tauri::command(async)]
fn set_followed(app: State<'_, App>, id: String, follow: bool) -> Res<Settings> {
    Ok(app.set_followed(&id, follow)?)
}

#[tauri::command(async)]
fn elections(app: State<'_, App>) -> Res<Vec<ElectionSummary>> {
    Ok(app.elections()?)
}

#[tauri::command(async)]
fn set_election(app: State<'_, App>, id: Option<String>) -> Res<Settings> {
    Ok(app.set_election(id)?)
}

#[tauri::command(async)]
fn set_pinned(app: State<'_, App>, id: String, pin: bool) -> Res<Settings> {
    Ok(app.set_pinned(&id, pin)?)
}

#[tauri::command]
async fn probe_source(
    app: State<'_, App>,
    url: String,
    public_key: Option<String>,
) -> Res<SourceProbe> {
    app.probe_source(&url, public_key.as_deref()).await
}

#[tauri::command(async)]
fn add_source(app: State<'_, App>, source: NewSource) -> Res<Settings> {
    Ok(app.add_source(source)?)
}

#[tauri::command(async)]
fn remove_source(app: State<'_, App>, id: String) -> Res<Settings> {
    Ok(app.remove_source(&id)?)
}

#[tauri::command(async)]
fn relabel_source(app: State<'_, App>, id: String, label: String) -> Res<Settings> {
    Ok(app.relabel_source(&id, &label)?)
}

/// The UI calls this once its first results are on screen; the startup benchmark waits for the
/// line it prints (only when TALLYROOM_REPORT_READY is set).
#[tauri::command]
fn ui_ready(app: State<'_, App>) {
    // A large cache's full check waits for the first screen, so it never delays it.
    app.first_screen_painted();
    if std::env::var_os("TALLYROOM_REPORT_READY").is_some() {
        println!("READY");
    }
    // What the start-up built and dropped (the settings, the overview's reads, the page's
    // first answers) is not needed again.
    memory::give_back();
}

/// Saves the figures of a contest, a search, or the whole cache as CSV to a file the user picks
/// in the system's save dialog. The dialog and the write are both here, in Rust: the webview
/// gets no file-system permission at all. `None` when the user cancels.
#[tauri::command(async)]
async fn export_csv(
    handle: tauri::AppHandle,
    app: State<'_, App>,
    filter: ContestFilter,
    contest_id: Option<String>,
    file_name: String,
) -> Res<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let text = app.export_csv(&filter, contest_id.as_deref())?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    handle.dialog().file().add_filter("CSV", &["csv"]).set_file_name(&file_name).save_file(
        move |path| {
            let _ = tx.send(path);
        },
    );
    let Some(path) = rx.await.ok().flatten() else { return Ok(None) };
    let path = path
        .into_path()
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("not a file on this computer: {e}")))?;
    std::fs::write(&path, text)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Opens a source's link in the system browser; only https links, never in the webview.
#[tauri::command]
fn open_link(url: String) -> Res<()> {
    if !url.starts_with("https://") {
        return Err(ApiError::new(ErrorCode::BadUrl, "only https links open"));
    }
    open::that_detached(&url).map_err(|e| ApiError::new(ErrorCode::OpenFailed, e.to_string()))
}

/// Polls the feed while auto-refresh is on, backing off (up to 8×) after failures, and tells the
/// UI each outcome through the `refreshed` event. A change of settings wakes it at once (a watch
/// channel), so switching auto-refresh off or on, or a new interval, takes effect immediately.
async fn auto_refresh(handle: tauri::AppHandle) {
    let mut settings_rx = handle.state::<App>().watch_settings();
    let mut backoff = 1u32;
    loop {
        let settings = settings_rx.borrow_and_update().clone();
        if !settings.auto_refresh {
            backoff = 1;
            if settings_rx.changed().await.is_err() {
                return;
            }
            continue;
        }
        let wait = u64::from(settings.auto_refresh_secs) * u64::from(backoff);
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(wait)) => {}
            changed = settings_rx.changed() => {
                if changed.is_err() {
                    return;
                }
                continue;
            }
        }
        let result = handle.state::<App>().refresh().await;
        backoff = match &result {
            Err(e) if e.code == ErrorCode::Busy => backoff,
            Err(_) => (backoff * 2).min(8),
            // Every source failed: the network is likely down, so ask less often.
            Ok(done)
                if !done.sources.is_empty() && done.sources.iter().all(|s| s.error.is_some()) =>
            {
                (backoff * 2).min(8)
            }
            Ok(_) => 1,
        };
        let _ = handle.emit("refreshed", RefreshReport::new(result, true));
    }
}

/// Options from the command line: `--data-dir DIR` keeps the cache and settings in DIR (as
/// `TALLYROOM_DATA_DIR` does); `--no-bundled-results` starts a new cache without the bundled
/// count, so that a replay can bring it in from the first snapshot.
fn options() -> (Paths, bool) {
    let mut paths = Paths::from_env();
    let mut seed = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data-dir" => {
                if let Some(dir) = args.next() {
                    paths = Paths::in_dir(std::path::Path::new(&dir));
                }
            }
            "--no-bundled-results" => seed = false,
            _ => {}
        }
    }
    (paths, seed)
}

pub fn run() {
    memory::cap_arenas();
    drawing::choose();
    let (paths, seed) = options();
    // The cache opens (and on a first launch is built from the bundled data) while GTK starts
    // and the window and its web process are made; `setup` waits for it before any command can
    // run, since the page's commands are only served once `setup` has returned.
    let opening = std::thread::Builder::new().name("open-cache".into()).spawn(move || {
        App::open(paths.clone(), SyncConfig::default(), seed).map_err(|e| (e, paths))
    });
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .on_page_load(drawing::show_when_loaded)
        .setup(move |app| {
            let opened = match opening {
                Ok(thread) => thread.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Err(e) => return Err(Box::new(e)),
            };
            match opened {
                Ok(opened) => {
                    app.manage(opened);
                }
                Err((e, paths)) => {
                    eprintln!("tallyroom: cannot start: {e} (cache: {})", paths.cache_db.display());
                    std::process::exit(1);
                }
            }
            drawing::show_at_the_latest(app.handle().clone());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(auto_refresh(handle));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            overview,
            results_layout,
            results_page,
            suggest,
            hurdle,
            set_estimate,
            contest,
            history,
            areas,
            profiles,
            profile,
            refresh,
            alerts,
            get_settings,
            save_settings,
            set_followed,
            elections,
            set_election,
            set_pinned,
            probe_source,
            add_source,
            remove_source,
            relabel_source,
            open_link,
            export_csv,
            notify,
            ui_ready
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("tallyroom: {e}");
        std::process::exit(1);
    }
}
