//! `tallyroom-bench`: every figure against a baseline measured in the same run, because this
//! machine is shared and noisy. Prints one table; `scripts/bench.sh` runs it with what it needs
//! (nginx, Python's sqlite-utils and clarify) and BENCHMARKS.md records the latest table.
//! One module per figure; `util` holds what they share.

mod clarity;
mod ingest;
mod package;
mod reads;
mod refresh;
mod search;
mod startup;
mod state_night;
mod ui;
mod util;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only = |name: &str| {
        !args.iter().any(|a| a.starts_with("--only="))
            || args.iter().any(|a| a == &format!("--only={name}"))
    };
    let python = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut rows = Vec::new();
    let mut wire = Vec::new();
    if only("ingest") {
        eprintln!("ingest…");
        ingest::ingest(&mut rows, if quick { 100_000 } else { 1_000_000 });
    }
    if only("reads") {
        eprintln!("reads during a write…");
        reads::reads(&mut rows, if quick { 100_000 } else { 1_000_000 });
    }
    if only("clarity") {
        eprintln!("clarity…");
        clarity::clarity(&mut rows, &python);
    }
    if only("refresh") {
        eprintln!("refresh…");
        refresh::refresh(&mut rows, &mut wire);
    }
    if only("state-night") {
        eprintln!("state night…");
        state_night::state_night(&mut rows);
    }
    if only("search") {
        eprintln!("search…");
        search::search(&mut rows);
    }
    if only("startup") {
        eprintln!("startup…");
        startup::startup(&mut rows);
    }
    if only("ui") {
        eprintln!("the Results page at state scale…");
        ui::ui(&mut rows);
    }
    if only("package") {
        package::package(&mut rows);
    }
    println!("| figure | Tallyroom | baseline (same run) | ratio | target | met |");
    println!("|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.2} | {} | {} |",
            r.figure,
            r.ours,
            r.baseline,
            r.ratio,
            r.target,
            if r.met { "yes" } else { "**no**" }
        );
    }
    println!(
        "\n| bytes over the wire per refresh (nginx on loopback, request + response) | bytes |"
    );
    println!("|---|---|");
    for (label, bytes) in &wire {
        println!("| {label} | {bytes} |");
    }
}
