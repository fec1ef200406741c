//! The command line of the `panier` binary (clap derive): global options and subcommands.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

/// Panier, the assistant of an AMAP: server-side administration commands.
#[derive(Debug, Parser)]
#[command(name = "panier", version, about)]
pub struct Cli {
    /// Database: a SQLite file path (or sqlite://…), or a postgres://… URL.
    #[arg(
        long,
        global = true,
        env = "PANIER_DATABASE_URL",
        hide_env_values = true,
        default_value = "panier.db"
    )]
    pub db: String,

    /// Log lines on stderr: human-readable text, or one JSON object per line.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database or bring its schema up to date.
    Migrate,
    /// Import a season (TOML), members or subscriptions (CSV); see docs/season-format.md.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export data: the season file (TOML) that `import season` reads back.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The farmer's order totals for one delivery date of a contract.
    Totals {
        /// Contract slug.
        #[arg(long)]
        contract: String,
        /// Delivery date, YYYY-MM-DD.
        #[arg(long)]
        date: NaiveDate,
        /// AMAP slug, when several AMAPs have a contract with this slug.
        #[arg(long)]
        amap: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Commands about one member.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Run the scheduler once as if it were `--now`: plan what is due, queue it, send it.
    Tick {
        /// The instant to act as, RFC 3339 (e.g. 2027-05-10T18:00:00+02:00).
        #[arg(long)]
        now: chrono::DateTime<chrono::FixedOffset>,
        /// Plan only: print the rows that would be queued; write and send nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Erase members inactive for longer than the retention period and archive ended contracts.
    Retention {
        /// Only list what would be done.
        #[arg(long)]
        dry_run: bool,
        /// Retention period in years after the last activity.
        #[arg(long, default_value_t = 3)]
        years: i64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Set the AMAP's own privacy notice (controller, contact, host), shown to members when they
    /// link their account and by `confidentialite`, after the common text.
    PrivacyNotice {
        /// Slug of the AMAP.
        #[arg(long)]
        amap: String,
        /// A UTF-8 text file with the notice (at most 2000 characters).
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        file: Option<PathBuf>,
        /// Remove the AMAP's notice (only the common text remains).
        #[arg(long)]
        clear: bool,
    },
    /// Reminder schedules of an AMAP (cron, 6 fields, in the AMAP's timezone).
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Link a chat account to a member (support, migration, tests); members normally use a code.
    Link {
        /// The member's e-mail address.
        #[arg(long)]
        email: String,
        /// Telegram chat id of the member's private chat with the bot (a number).
        #[arg(long, conflicts_with = "matrix", required_unless_present = "matrix")]
        telegram: Option<i64>,
        /// Matrix user id, @user:server.
        #[arg(long)]
        matrix: Option<String>,
    },
    /// One-time linking codes for an AMAP's members (or one of them), with their Telegram
    /// deep link and Matrix command. The bot's username comes from
    /// PANIER_TELEGRAM__BOT_USERNAME, else from Telegram (PANIER_TELEGRAM__TOKEN).
    Invite {
        /// Slug of the AMAP.
        #[arg(long)]
        amap: String,
        /// Only this member's e-mail address.
        #[arg(long)]
        email: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Talk to Panier in this terminal as a member (one message per line; Ctrl-D to quit).
    Chat {
        /// The member's e-mail address.
        #[arg(long = "as", value_name = "EMAIL")]
        email: String,
    },
    /// Run the configured bots, the scheduler and the web server until SIGTERM or Ctrl-C.
    Serve {
        /// The configuration file (see deploy/panier.example.toml); PANIER_* variables override it.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Configuration tools.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Try Panier on a demo AMAP: creates or refreshes it, then opens the chat as a member.
    /// Uses panier-demo.db in the working directory unless --db is given.
    Demo,
    /// The signature evidence log (online contract signatures).
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Networks of AMAPs: create one, attach AMAPs, import its directory, name its admins.
    #[command(subcommand)]
    Network(crate::network::NetworkCommand),
    /// Generate a national-scale dataset for benchmarks (see docs/performance.md).
    BenchData {
        /// Number of AMAPs.
        #[arg(long, default_value_t = 2000)]
        amaps: u32,
        /// Members per AMAP (each AMAP also has 4 farmers).
        #[arg(long, default_value_t = 50)]
        members: u32,
        /// A date in the 9th week of the generated 26-week season (default: today, UTC).
        #[arg(long)]
        today: Option<NaiveDate>,
        /// Seed of the generator (same seed, same empty database: same dataset).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// AMAPs per transaction.
        #[arg(long, default_value_t = 100)]
        batch: u32,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Check the whole hash chain: exits 0 with "chain intact, N records", or non-zero naming
    /// the first broken record.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Show the AMAP's schedule of each reminder kind.
    List {
        #[arg(long)]
        amap: String,
    },
    /// Change when a kind of reminder goes out, e.g. --kind distribution_reminder --cron "0 0 19 * * *".
    Set {
        #[arg(long)]
        amap: String,
        /// distribution_reminder, farmer_totals, duty_reminder, duty_alert, signature, event_reminder.
        #[arg(long)]
        kind: String,
        /// Six fields: seconds minutes hours day-of-month month day-of-week.
        #[arg(long)]
        cron: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration and print the effective values, secrets redacted.
    Check {
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The AMAP's season (TOML): AMAP, farms, farmers, contracts, products, delivery dates.
    Season(crate::export_season::SeasonArgs),
    /// The sign-in sheet of a distribution, all contracts merged (PDF to print, or CSV).
    SigninSheet(crate::export::SigninArgs),
    /// A contract's quantities per member and delivery date (XLSX, one sheet per date, or CSV).
    Contract(crate::export::ContractArgs),
    /// The AMAP's members (CSV in the columns `import members` reads back).
    Members(crate::export::MembersArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A season file: the AMAP, its farms, farmers, contracts, products and delivery dates.
    Season {
        /// The TOML file.
        file: PathBuf,
    },
    /// A members file: email,first_name,last_name,phone,roles.
    Members {
        /// Slug of the AMAP the members belong to.
        #[arg(long)]
        amap: String,
        /// The CSV file.
        file: PathBuf,
    },
    /// A subscriptions file: [contract,]email,product,quantity[,date][,cheques].
    Subscriptions {
        /// Contract slug, when the file has no `contract` column.
        #[arg(long)]
        contract: Option<String>,
        /// AMAP slug, when several AMAPs have a contract with this slug.
        #[arg(long)]
        amap: Option<String>,
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// What the member collects at their next distributions.
    Deliveries {
        /// The member's e-mail address.
        #[arg(long)]
        email: String,
        /// First date to show, YYYY-MM-DD (default: today in the AMAP's timezone).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// How many distributions to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_totals() {
        let cli = Cli::try_parse_from([
            "panier",
            "--db",
            "x.db",
            "totals",
            "--contract",
            "legumes-2027",
            "--date",
            "2027-06-15",
            "--format",
            "json",
        ])
        .expect("parses");
        assert_eq!(cli.db, "x.db");
        let Command::Totals { date, format, amap, .. } = cli.command else {
            panic!("not totals");
        };
        assert_eq!(date, NaiveDate::from_ymd_opt(2027, 6, 15).expect("date"));
        assert_eq!((format, amap), (Format::Json, None));
        assert!(Cli::try_parse_from(["panier", "totals", "--date", "2027-13-01"]).is_err());
    }
}
