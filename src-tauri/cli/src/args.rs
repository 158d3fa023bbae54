//! The command line, as clap parses it. Nothing here runs anything.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "tallyroom-cli", version, about = "Election results and profiles, offline-first")]
pub struct Cli {
    /// The cache file (default: the app's own, or $TALLYROOM_DATA_DIR/cache.db).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Do not put the bundled LA 2022 results into a new cache.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// The settings file with the list of sources (default: settings.json beside --db, else
    /// the app's own).
    #[arg(long, global = true, value_name = "PATH")]
    pub settings: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Import feed files; the format is found from each file's content. Files of cast vote
    /// records (NIST SP 1500-103 JSON) are tabulated together into preliminary ranked-choice
    /// rounds by the rules in an RCTab configuration (--rcv-config).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The RCTab configuration (contest_config.json) whose rules tabulate the cast vote records.
        #[arg(long, value_name = "RULES")]
        rcv_config: Option<PathBuf>,
    },
    /// Fetch every source in the settings (or only URL, once) over HTTP(S) and store what is new.
    Sync {
        /// A one-off sync of this address; without it, every source in the settings.
        url: Option<String>,
        /// The public key of a signed Tallyroom feed: a file, or the key itself.
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
    },
    /// The feeds `sync` and the app's Refresh pull.
    Sources {
        #[command(subcommand)]
        action: SourcesAction,
    },
    /// Make a key pair for signing a Tallyroom feed.
    Keygen {
        /// Folder for `tallyroom.pub` and `tallyroom.key`.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Publish snapshots (any format Tallyroom reads, oldest first) as a signed static feed.
    Publish {
        #[arg(long, value_name = "SECRET_KEY_FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// How long the manifest stays valid.
        #[arg(long, default_value_t = 24)]
        ttl_hours: i64,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Replay a count: publish the snapshots one after another into a feed folder.
    Replay {
        #[arg(long, value_name = "SECRET_KEY_FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Seconds between steps; without it, each step waits for Enter.
        #[arg(long)]
        interval: Option<u64>,
        #[arg(long, default_value_t = 24)]
        ttl_hours: i64,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Latest results, optionally only contests matching TEXT.
    Results {
        #[arg(long, value_name = "TEXT")]
        contest: Option<String>,
        /// Only this election's contests (an id from `elections`).
        #[arg(long, value_name = "ID")]
        election: Option<String>,
        #[arg(long)]
        json: bool,
        /// Also show results by area (county, precinct) and by vote type, where the feed has them.
        #[arg(long)]
        by_area: bool,
        /// Show a ranked-choice contest round by round: tally, threshold, eliminated and
        /// elected, transfers, inactive ballots by reason.
        #[arg(long)]
        rounds: bool,
    },
    /// Replace the stored candidate profiles with a profile file (format: data/profiles/profiles.schema.json).
    ImportProfiles { file: PathBuf },
    /// Candidate profiles.
    Profiles {
        /// Only the candidates of this election's contests.
        #[arg(long, value_name = "ID")]
        election: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The count over time of each contest matching TEXT.
    History {
        #[arg(long, value_name = "TEXT")]
        contest: String,
        /// Only this election's contests.
        #[arg(long, value_name = "ID")]
        election: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The stored elections, newest first: id, date, title, contests, the newest count's time.
    Elections {
        #[arg(long)]
        json: bool,
    },
    /// The latest figures as CSV (RFC 4180, UTF-8, with a header; one row per choice), or as
    /// NIST SP 1500-100 v2 XML (`--format cdf-xml`, one election: `--election`, or the first).
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Only this election (its id, e.g. lavote-4300).
        #[arg(long, value_name = "ID")]
        election: Option<String>,
        /// Only contests matching TEXT (the same search as `results`).
        #[arg(long, value_name = "TEXT")]
        contest: Option<String>,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// For cdf-xml: NIST's namespaced schema, or the unnamespaced dialect of Google's civics
        /// CDF spec that `civics_cdf_validator` reads.
        #[arg(long, value_enum, default_value = "nist")]
        dialect: CdfDialect,
    },
    /// What the candidate behind needs from the ballots left (the first contest matching TEXT),
    /// and the finals if the rest split like the last update or all late counts.
    Hurdle {
        #[arg(long, value_name = "TEXT")]
        contest: String,
        /// Ballots left to count, as someone estimated them.
        #[arg(long, value_name = "N")]
        remaining: u64,
        #[arg(long)]
        json: bool,
    },
}

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    /// NIST SP 1500-100 v2 XML of one election's latest count.
    CdfXml,
    /// NIST SP 1500-100 v2 JSON of one election's latest count.
    CdfJson,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum CdfDialect {
    Nist,
    Google,
}

#[derive(Subcommand)]
pub enum SourcesAction {
    /// Look at URL, say what it holds, and add it to the list.
    Add {
        url: String,
        /// The public key of a signed Tallyroom feed: a file, or the key itself.
        #[arg(long, value_name = "KEY")]
        key: Option<String>,
        /// How the source is named in messages (default: what Tallyroom found there).
        #[arg(long, value_name = "LABEL")]
        label: Option<String>,
        /// For a Clarity state site: also follow each participating county's site.
        #[arg(long)]
        counties: bool,
    },
    /// Every source with its last outcome.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop following a source (what it brought stays in the cache).
    Remove { id: String },
}
