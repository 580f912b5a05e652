//! The command line: `serve` (the default) and its options, each also an environment
//! variable, and the administrative commands; and whether a start seeds the demo.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Maillon: a cooperative short-circuit marketplace.
///
/// Every option can also be set by the environment variable shown.
#[derive(Parser, Debug)]
#[command(name = "maillon", version, about, long_about = None)]
pub struct Cli {
    /// PostgreSQL URL. Without it Maillon runs its own local cluster in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Where the local cluster, and emails written as files, are kept.
    #[arg(long, env = "MAILLON_DATA_DIR", default_value = ".maillon", global = true)]
    pub data_dir: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application (the default).
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate,
    /// Create the demo cooperative (Lille) with its accounts and residents' orders, if absent.
    SeedDemo {
        /// Leave the open cycle without the residents' orders (benchmarks set their own scene).
        #[arg(long)]
        no_orders: bool,
    },
    /// Create a verified board account in the default cooperative and print its password.
    CreateBoard {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Solve a vehicle-routing instance in the Solomon format and print its routes, then
    /// `vehicles=<n> distance=<total>`. Needs no database.
    SolveVrp {
        /// The instance file (Solomon or Gehring & Homberger text format).
        file: PathBuf,
        /// Time limit of the search, in seconds.
        #[arg(long, default_value_t = 30.0)]
        seconds: f64,
    },
    /// List the server functions this build serves (for the authorisation-matrix test).
    #[command(hide = true)]
    ServerFns,
}

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "MAILLON_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Public URL, used in emailed links (default: http://<addr>).
    #[arg(long, env = "MAILLON_BASE_URL")]
    pub base_url: Option<String>,
    /// SMTP server, e.g. smtp://user:pass@host:587?tls=required. Without it, emails are written
    /// as .eml files under <data dir>/mail and their links logged.
    #[arg(long, env = "MAILLON_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of outgoing emails.
    #[arg(
        long,
        env = "MAILLON_MAIL_FROM",
        default_value = "Maillon <ne-pas-repondre@maillon.test>"
    )]
    pub mail_from: String,
    /// Name of the default cooperative created on a fresh database without demo data.
    #[arg(long, env = "MAILLON_COOP_NAME", default_value = "Maillon")]
    pub coop_name: String,
    /// Seed the demo cooperative on start: "yes", "no", or "auto": only on a trial install (a
    /// local cluster created by this start, a loopback address, no https base URL). Its accounts
    /// share a published password: never on a reachable server.
    #[arg(long, env = "MAILLON_DEMO", default_value = "auto", value_parser = parse_demo)]
    pub demo: DemoSetting,
    /// Served behind a trusted reverse proxy: take the client address from X-Forwarded-For.
    #[arg(long, env = "MAILLON_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// Sessions end after this many hours without activity (a fraction is allowed).
    #[arg(long, env = "MAILLON_SESSION_IDLE_HOURS", default_value_t = 72.0, value_parser = parse_idle_hours)]
    pub session_idle_hours: f64,
    /// Sessions end this many days after sign-in, active or not.
    #[arg(long, env = "MAILLON_SESSION_MAX_DAYS", default_value_t = 30)]
    pub session_max_days: i64,
    /// Sign-ups, sign-ins and password resets allowed per client address at once, and again
    /// per 10 minutes (each hashes a password); more are answered 429.
    #[arg(long, env = "MAILLON_AUTH_REQUESTS_PER_IP", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub auth_requests_per_ip: u32,
    /// Database connections per server. A few per database core: more connections only queue on
    /// the same rows and cores (the opening-rush benchmark's p99 went from 174 ms with 10 to
    /// 1.3 s with 40 on 2 cores; BENCHMARKS.md).
    #[arg(long, env = "MAILLON_DB_POOL_SIZE", default_value_t = 10)]
    pub db_pool_size: u32,
    /// Run the email and job workers in this process.
    #[arg(long, env = "MAILLON_WORKERS", default_value_t = true, action = clap::ArgAction::Set)]
    pub workers: bool,
    /// Stripe secret key (sk_…): card payments are offered only when it and the webhook secret are set.
    #[arg(long, env = "MAILLON_STRIPE_SECRET_KEY", hide_env_values = true)]
    pub stripe_secret_key: Option<String>,
    /// Secret of the Stripe webhook endpoint (whsec_…), which Stripe calls at /stripe/webhook.
    #[arg(long, env = "MAILLON_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    pub stripe_webhook_secret: Option<String>,
    /// Stripe API address (tests point it at a local fake).
    #[arg(long, env = "MAILLON_STRIPE_API_BASE")]
    pub stripe_api_base: Option<String>,
    /// Minutes a card order holds its stock while waiting for payment (at least 35: Stripe
    /// keeps a payment page open 30 minutes at least).
    #[arg(long, env = "MAILLON_PAYMENT_MINUTES", default_value_t = 40, value_parser = clap::value_parser!(i64).range(35..=1440))]
    pub payment_minutes: i64,
    /// Geocoder for delivery addresses, speaking the Base Adresse Nationale's protocol (e.g.
    /// https://api-adresse.data.gouv.fr). Without it, addresses are placed at their zone's centre.
    #[arg(long, env = "MAILLON_GEOCODER_URL")]
    pub geocoder_url: Option<String>,
    /// Addresses (comma-separated IPs) a producer's DFC catalogue may be fetched from although
    /// they are private, on any port: an intranet source the operator trusts. Others must be
    /// public, on the standard ports.
    #[arg(long, env = "MAILLON_FETCH_TRUSTED", value_delimiter = ',')]
    pub fetch_trusted: Vec<std::net::IpAddr>,
    /// Directory of the built site (wasm, CSS, public files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoSetting {
    Auto,
    Yes,
    No,
}

fn parse_demo(value: &str) -> Result<DemoSetting, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "auto" | "" => Ok(DemoSetting::Auto),
        "yes" | "true" | "1" => Ok(DemoSetting::Yes),
        "no" | "false" | "0" => Ok(DemoSetting::No),
        other => Err(format!("{other:?}: expected auto, yes or no")),
    }
}

fn parse_idle_hours(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(hours) if hours.is_finite() && hours * 3600.0 >= 1.0 && hours <= 24.0 * 366.0 => Ok(hours),
        _ => Err(format!(
            "{value:?}: expected a number of hours, at least a second and at most a year"
        )),
    }
}

/// Whether to seed the demo cooperative, whose accounts share the password published in the
/// README. `auto` seeds a trial install only: the local cluster was created by this start,
/// the server listens on a loopback address, and its public URL (if given) is plain http on a
/// loopback host. Anything reachable from elsewhere gets no demo unless asked for.
pub fn should_seed_demo(
    setting: DemoSetting,
    fresh_local_cluster: bool,
    addr: SocketAddr,
    base_url: Option<&str>,
) -> bool {
    match setting {
        DemoSetting::Yes => true,
        DemoSetting::No => false,
        DemoSetting::Auto => fresh_local_cluster && addr.ip().is_loopback() && base_url.is_none_or(is_local_http_url),
    }
}

/// `http://localhost…`, `http://127.0.0.1…`, `http://[::1]…`: an address of this machine only.
fn is_local_http_url(url: &str) -> bool {
    let Some(rest) = url.trim().strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Default for ServeArgs {
    fn default() -> Self {
        match Cli::parse_from(["maillon", "serve"]).command {
            Some(Command::Serve(args)) => *args,
            _ => unreachable!("serve parses"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(a: &str) -> SocketAddr {
        a.parse().unwrap()
    }

    #[test]
    fn auto_seeds_the_demo_on_a_fresh_local_trial_install_only() {
        let local = addr("127.0.0.1:3000");
        let auto = DemoSetting::Auto;
        assert!(should_seed_demo(auto, true, local, None));
        assert!(should_seed_demo(auto, true, addr("[::1]:3000"), None));
        assert!(should_seed_demo(auto, true, local, Some("http://127.0.0.1:3000")));
        assert!(should_seed_demo(auto, true, local, Some("http://localhost:3000/")));
        // An existing cluster, or an external database, is never seeded by default.
        assert!(!should_seed_demo(auto, false, local, None));
        // Reachable from elsewhere, or published under a public or https address: no demo.
        assert!(!should_seed_demo(auto, true, addr("0.0.0.0:3000"), None));
        assert!(!should_seed_demo(auto, true, addr("192.168.1.10:3000"), None));
        assert!(!should_seed_demo(auto, true, addr("[::]:3000"), None));
        for public in [
            "https://127.0.0.1:3000",
            "https://localhost",
            "https://maillon.example.org",
            "http://maillon.example.org",
            "http://127.0.0.1.evil.example",
            "http://localhost.example.org:3000",
            "",
        ] {
            assert!(!should_seed_demo(auto, true, local, Some(public)), "{public:?}");
        }
        // Asked for explicitly (make run, the tests), or refused explicitly.
        assert!(should_seed_demo(
            DemoSetting::Yes,
            false,
            addr("0.0.0.0:443"),
            Some("https://x.org")
        ));
        assert!(!should_seed_demo(DemoSetting::No, true, local, None));
    }

    #[test]
    fn the_demo_setting_is_parsed_strictly() {
        assert_eq!(parse_demo("auto"), Ok(DemoSetting::Auto));
        assert_eq!(parse_demo("YES"), Ok(DemoSetting::Yes));
        assert_eq!(parse_demo("0"), Ok(DemoSetting::No));
        assert!(parse_demo("maybe").is_err());
    }

    #[test]
    fn idle_hours_are_parsed_strictly() {
        assert_eq!(parse_idle_hours("72"), Ok(72.0));
        assert_eq!(parse_idle_hours("0.5"), Ok(0.5));
        for bad in ["0", "-1", "NaN", "inf", "1e9", "x"] {
            assert!(parse_idle_hours(bad).is_err(), "{bad}");
        }
    }
}
