//! `maillon`: the server of the Maillon cooperative marketplace.

mod assets;
mod catalogue_routes;
mod embedded_pg;
mod hub_routes;
mod payment_routes;
mod security;
mod worker;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use app::ssr::{AppState, SessionPolicy};
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::get;
use clap::{Parser, Subcommand};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use maillon::accounts::store::Site;
use sqlx::PgPool;
use tokio::sync::watch;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};
use tower_sessions_sqlx_store::PostgresStore;

use crate::embedded_pg::EmbeddedPostgres;

// Server-side rendering allocates many small strings; glibc's allocator spent about 40 % of
// the catalogue page's time (perf), mimalloc much less (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use crate::security::SecurityConfig;

/// Maillon: a cooperative short-circuit marketplace.
///
/// Every option can also be set by the environment variable shown.
#[derive(Parser, Debug)]
#[command(name = "maillon", version, about, long_about = None)]
struct Cli {
    /// PostgreSQL URL. Without it Maillon runs its own local cluster in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// Where the local cluster, and emails written as files, are kept.
    #[arg(long, env = "MAILLON_DATA_DIR", default_value = ".maillon", global = true)]
    data_dir: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
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
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "MAILLON_ADDR", default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// Public URL, used in emailed links (default: http://<addr>).
    #[arg(long, env = "MAILLON_BASE_URL")]
    base_url: Option<String>,
    /// SMTP server, e.g. smtp://user:pass@host:587?tls=required. Without it, emails are written
    /// as .eml files under <data dir>/mail and their links logged.
    #[arg(long, env = "MAILLON_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Sender of outgoing emails.
    #[arg(
        long,
        env = "MAILLON_MAIL_FROM",
        default_value = "Maillon <ne-pas-repondre@maillon.test>"
    )]
    mail_from: String,
    /// Name of the default cooperative created on a fresh database without demo data.
    #[arg(long, env = "MAILLON_COOP_NAME", default_value = "Maillon")]
    coop_name: String,
    /// Seed the demo cooperative on start: "yes", "no", or "auto": only on a trial install (a
    /// local cluster created by this start, a loopback address, no https base URL). Its accounts
    /// share a published password: never on a reachable server.
    #[arg(long, env = "MAILLON_DEMO", default_value = "auto", value_parser = parse_demo)]
    demo: DemoSetting,
    /// Served behind a trusted reverse proxy: take the client address from X-Forwarded-For.
    #[arg(long, env = "MAILLON_TRUST_PROXY", default_value_t = false)]
    trust_proxy: bool,
    /// Sessions end after this many hours without activity (a fraction is allowed).
    #[arg(long, env = "MAILLON_SESSION_IDLE_HOURS", default_value_t = 72.0, value_parser = parse_idle_hours)]
    session_idle_hours: f64,
    /// Sessions end this many days after sign-in, active or not.
    #[arg(long, env = "MAILLON_SESSION_MAX_DAYS", default_value_t = 30)]
    session_max_days: i64,
    /// Sign-ups, sign-ins and password resets allowed per client address at once, and again
    /// per 10 minutes (each hashes a password); more are answered 429.
    #[arg(long, env = "MAILLON_AUTH_REQUESTS_PER_IP", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    auth_requests_per_ip: u32,
    /// Database connections per server. A few per database core: more connections only queue on
    /// the same rows and cores (the opening-rush benchmark's p99 went from 174 ms with 10 to
    /// 1.3 s with 40 on 2 cores; BENCHMARKS.md).
    #[arg(long, env = "MAILLON_DB_POOL_SIZE", default_value_t = 10)]
    db_pool_size: u32,
    /// Run the email and job workers in this process.
    #[arg(long, env = "MAILLON_WORKERS", default_value_t = true, action = clap::ArgAction::Set)]
    workers: bool,
    /// Stripe secret key (sk_…): card payments are offered only when it and the webhook secret are set.
    #[arg(long, env = "MAILLON_STRIPE_SECRET_KEY", hide_env_values = true)]
    stripe_secret_key: Option<String>,
    /// Secret of the Stripe webhook endpoint (whsec_…), which Stripe calls at /stripe/webhook.
    #[arg(long, env = "MAILLON_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    stripe_webhook_secret: Option<String>,
    /// Stripe API address (tests point it at a local fake).
    #[arg(long, env = "MAILLON_STRIPE_API_BASE")]
    stripe_api_base: Option<String>,
    /// Minutes a card order holds its stock while waiting for payment (at least 35: Stripe
    /// keeps a payment page open 30 minutes at least).
    #[arg(long, env = "MAILLON_PAYMENT_MINUTES", default_value_t = 40, value_parser = clap::value_parser!(i64).range(35..=1440))]
    payment_minutes: i64,
    /// Geocoder for delivery addresses, speaking the Base Adresse Nationale's protocol (e.g.
    /// https://api-adresse.data.gouv.fr). Without it, addresses are placed at their zone's centre.
    #[arg(long, env = "MAILLON_GEOCODER_URL")]
    geocoder_url: Option<String>,
    /// Directory of the built site (wasm, CSS, public files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    site_root: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DemoSetting {
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
fn should_seed_demo(setting: DemoSetting, fresh_local_cluster: bool, addr: SocketAddr, base_url: Option<&str>) -> bool {
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

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    if std::env::var("MAILLON_LOG_FORMAT").as_deref() == Ok("json") {
        tracing_subscriber::fmt().with_env_filter(filter).json().init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).compact().init();
    }
}

/// The database to use: `DATABASE_URL`, or the local cluster, started if needed.
async fn database(cli: &Cli) -> anyhow::Result<(String, Option<EmbeddedPostgres>, bool)> {
    if let Some(url) = &cli.database_url {
        return Ok((url.clone(), None, false));
    }
    let pg = EmbeddedPostgres::new(&cli.data_dir)?;
    let fresh = !pg.data_dir().join("PG_VERSION").is_file();
    let started = pg.start()?;
    embedded_pg::ensure_database(&pg, "maillon").await?;
    let url = pg.url("maillon");
    Ok((url, started.then_some(pg), fresh))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_tracing();
    let cli = Cli::parse();
    if let Some(Command::ServerFns) = cli.command {
        let mut fns: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, method)| format!("{method} {path}"))
            .collect();
        fns.sort();
        println!("{}", fns.join("\n"));
        return Ok(());
    }
    // Before `database`: solving must not start or need a PostgreSQL cluster.
    if let Some(Command::SolveVrp { file, seconds }) = &cli.command {
        let text = maillon::routing::cli::solve_file(file, *seconds).map_err(|e| anyhow::anyhow!(e))?;
        println!("{text}");
        return Ok(());
    }
    let (url, owned_pg, fresh) = database(&cli).await?;
    let result = run(&cli, &url, fresh).await;
    if let Some(pg) = owned_pg {
        pg.stop();
    }
    result
}

async fn run(cli: &Cli, url: &str, fresh_cluster: bool) -> anyhow::Result<()> {
    let serve_args = match &cli.command {
        Some(Command::Serve(args)) => (**args).clone(),
        None => ServeArgs::default(),
        _ => ServeArgs {
            db_pool_size: 2,
            ..ServeArgs::default()
        },
    };
    let pool = maillon::db::connect(url, serve_args.db_pool_size)
        .await
        .context("connecting to PostgreSQL")?;
    maillon::db::migrate(&pool).await.context("applying migrations")?;
    match &cli.command {
        Some(Command::Migrate) => {
            tracing::info!("migrations applied");
            Ok(())
        }
        Some(Command::SeedDemo { no_orders }) => {
            let seeded = maillon::demo::seed(&pool).await?;
            if seeded && !no_orders {
                let base_url = serve_args
                    .base_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{}", serve_args.addr));
                maillon::demo::seed_orders(&pool, &base_url).await?;
            }
            maillon::demo::seed_photos(&pool).await?;
            tracing::info!(seeded, "demo cooperative ready");
            print_demo_accounts();
            Ok(())
        }
        Some(Command::CreateBoard { email, name }) => create_board(&pool, &serve_args, email, name).await,
        Some(Command::Serve(_)) | None => serve(cli, serve_args, pool, fresh_cluster).await,
        Some(Command::ServerFns) | Some(Command::SolveVrp { .. }) => Ok(()),
    }
}

async fn create_board(pool: &PgPool, args: &ServeArgs, email: &str, name: &str) -> anyhow::Result<()> {
    let coop = maillon::coop::store::ensure_default_coop(pool, "maillon", &args.coop_name).await?;
    let password = maillon::secret::random_token()[..20].to_owned();
    maillon::coop::store::create_board_account(pool, &coop, email, name, &password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Board account ready in « {} »:\n  email:    {email}\n  password: {password}",
        coop.name
    );
    Ok(())
}

fn print_demo_accounts() {
    println!("\nDemo accounts (password: {}):", maillon::demo::PASSWORD);
    for (role, email) in maillon::demo::ROLE_ACCOUNTS {
        println!("  {:<11} {email}", role.code());
    }
    println!();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

async fn serve(cli: &Cli, args: ServeArgs, pool: PgPool, fresh_cluster: bool) -> anyhow::Result<()> {
    if should_seed_demo(args.demo, fresh_cluster, args.addr, args.base_url.as_deref())
        && maillon::demo::seed(&pool).await?
    {
        let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
        maillon::demo::seed_orders(&pool, &base_url).await?;
        // Drawn before the site answers (a few seconds, on a fresh demo only), so that its first
        // visitors do not wait behind the drawing.
        let photos = maillon::demo::seed_photos(&pool).await?;
        tracing::info!(photos, "demo cooperative seeded");
    }
    let coop = maillon::coop::store::ensure_default_coop(&pool, "maillon", &args.coop_name).await?;
    let is_demo: bool = sqlx::query_scalar("SELECT is_demo FROM coops WHERE id = $1")
        .bind(coop.id)
        .fetch_one(&pool)
        .await?;
    if is_demo {
        print_demo_accounts();
    }
    let has_board: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM member_roles WHERE coop_id = $1 AND role = 'board')")
            .bind(coop.id)
            .fetch_one(&pool)
            .await?;
    if !has_board {
        tracing::warn!(
            "« {} » has no board member yet: create one with `maillon create-board --email you@example.org --name \"Your Name\"` \
             (the first account to sign up otherwise becomes board)",
            coop.name
        );
    }

    let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
    let tls = base_url.starts_with("https://");
    let mut leptos_options = LeptosOptions::builder()
        .output_name("maillon")
        .site_root(args.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .build();
    // cargo-leptos leaves the hashes of the site's file names beside the binary (`hash-files`).
    leptos_options.hash_files = app::assets::hash_file_path(&leptos_options).is_file();

    let session_store = PostgresStore::new(pool.clone());
    session_store.migrate().await.context("creating the session table")?;
    let session_layer = SessionManagerLayer::new(session_store.clone())
        .with_name("maillon_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(tls)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds_f64(
            args.session_idle_hours * 3600.0,
        )));

    let state = AppState {
        pool: pool.clone(),
        coop,
        site: Site {
            base_url: base_url.clone(),
        },
        leptos_options: leptos_options.clone(),
        sessions: SessionPolicy {
            idle: chrono::Duration::seconds((args.session_idle_hours * 3600.0) as i64),
            absolute: chrono::Duration::days(args.session_max_days),
        },
        client_limits: app::ssr::ClientLimits::new(args.auth_requests_per_ip, std::time::Duration::from_secs(10 * 60)),
        payments: match (&args.stripe_secret_key, &args.stripe_webhook_secret) {
            (Some(secret_key), Some(webhook_secret)) => Some(
                maillon::payments::Stripe::try_new(maillon::payments::StripeConfig {
                    secret_key: secret_key.clone(),
                    webhook_secret: webhook_secret.clone(),
                    api_base: args.stripe_api_base.clone(),
                })
                .map_err(|e| anyhow::anyhow!("Stripe configuration: {e}"))?,
            ),
            (None, None) => None,
            _ => anyhow::bail!("set both MAILLON_STRIPE_SECRET_KEY and MAILLON_STRIPE_WEBHOOK_SECRET, or neither"),
        },
        payment_ttl: chrono::Duration::minutes(args.payment_minutes),
        geocoder: args
            .geocoder_url
            .as_deref()
            .map(maillon::geo::geocode::Geocoder::new)
            .transpose()
            .map_err(|e| anyhow::anyhow!(e))?,
    };
    let security = Arc::new(SecurityConfig {
        tls,
        trust_proxy: args.trust_proxy,
        dev_reload: std::env::var("LEPTOS_WATCH")
            .is_ok()
            .then(|| "ws://127.0.0.1:3001".to_owned()),
    });

    let (stop_tx, stop_rx) = watch::channel(false);
    let mut workers = Vec::new();
    if args.workers {
        let transport = match &args.smtp_url {
            Some(url) => maillon::mail::Transport::smtp(url).map_err(|e| anyhow::anyhow!("MAILLON_SMTP_URL: {e}"))?,
            None => {
                let dir = cli.data_dir.join("mail");
                tracing::info!(dir = %dir.display(), "no SMTP configured: emails are written as .eml files");
                maillon::mail::Transport::files(dir)?
            }
        };
        let from = args.mail_from.parse().context("MAILLON_MAIL_FROM")?;
        workers.push(tokio::spawn(worker::deliver_mail(
            pool.clone(),
            transport,
            from,
            stop_rx.clone(),
        )));
        workers.push(tokio::spawn(worker::run_jobs(
            pool.clone(),
            session_store,
            stop_rx.clone(),
        )));
        workers.push(tokio::spawn(worker::run_clock(state.clone(), stop_rx.clone())));
    }

    let router = router(state, security, session_layer);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {}", args.addr))?;
    tracing::info!(url = %base_url, "Maillon is serving");
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    let _ = stop_tx.send(true);
    for w in workers {
        let _ = w.await;
    }
    pool.close().await;
    Ok(())
}

fn context(state: AppState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(state.clone());
        if let Some(info) = app::ssr::request_info() {
            provide_context(leptos::nonce::Nonce::from_value(info.nonce));
        }
    }
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    leptos_axum::handle_server_fns_with_context(context(state), req).await
}

/// How long the server spent on a request, for browsers' dev tools and the benchmarks.
async fn server_timing(req: Request<Body>, next: axum::middleware::Next) -> axum::response::Response {
    let start = std::time::Instant::now();
    let mut response = next.run(req).await;
    let value = format!("app;dur={:.2}", start.elapsed().as_secs_f64() * 1000.0);
    if let Ok(v) = axum::http::HeaderValue::from_str(&value) {
        response.headers_mut().insert("server-timing", v);
    }
    response
}

/// For load balancers and scripts: up when the database answers.
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.pool).await {
        Ok(_) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

fn router(state: AppState, security: Arc<SecurityConfig>, sessions: SessionManagerLayer<PostgresStore>) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .route("/healthz", get(health))
        .merge(catalogue_routes::routes())
        .merge(payment_routes::routes())
        .merge(hub_routes::routes())
        .leptos_routes_with_context(&state, routes, context(state.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(files_and_not_found)
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::form_errors_back))
        .layer(axum::middleware::from_fn_with_state(security, security::protect))
        .layer(axum::middleware::from_fn(assets::no_store_by_default))
        .layer(axum::middleware::from_fn(server_timing))
        .layer(assets::compression())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// A file of the built site (with its caching policy), else the 404 page.
async fn files_and_not_found(State(state): State<AppState>, uri: Uri, req: Request<Body>) -> axum::response::Response {
    let method = req.method().clone();
    let handler = leptos_axum::file_and_error_handler_with_context::<AppState, _>(context(state.clone()), shell);
    let response = handler(uri.clone(), State(state.clone()), req).await;
    assets::with_file_policy(&state.leptos_options, &method, uri.path(), response)
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
