//! `tallyroom-cli`: the headless face of tallyroom-core. Laid out as ripgrep lays out its CLI:
//! `args` parses, `cmd/*` runs one command each, `render` writes every output.

mod args;
mod cmd;
mod files;
mod render;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let mut out = String::new();
    let result = cmd::run(cli, &mut out);
    // Output is written in one piece so that a closed pipe (`| head`) is not a panic.
    let written = std::io::stdout().lock().write_all(out.as_bytes());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: could not write the output: {e}");
            return ExitCode::FAILURE;
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::FAILURE
        }
    }
}
