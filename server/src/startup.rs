//! Start-up of the web server: the demo and the default cooperative, the site's options, the
//! session store, the application state, the background workers; then serving until a signal.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use app::ssr::{AppState, SessionPolicy};
use leptos::config::LeptosOptions;
use maillon::accounts::store::Site;
use sqlx::PgPool;
use tokio::sync::watch;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};
use tower_sessions_sqlx_store::PostgresStore;

use crate::cli::{Cli, ServeArgs, should_seed_demo};
use crate::router::router;
use crate::security::SecurityConfig;
use crate::worker;

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

pub async fn serve(cli: &Cli, args: ServeArgs, pool: PgPool, fresh_cluster: bool) -> anyhow::Result<()> {
    if should_seed_demo(args.demo, fresh_cluster, args.addr, args.base_url.as_deref())
        && maillon::demo::seed(&pool).await?
    {
        let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
        maillon::demo::seed_orders(&pool, &base_url).await?;
        maillon::demo::seed_history(&pool, &base_url).await?;
        maillon::demo::seed_governance(&pool, &base_url).await?;
        // Drawn before the site answers (a few seconds, on a fresh demo only), so that its first
        // visitors do not wait behind the drawing.
        let photos = maillon::demo::seed_photos(&pool).await?;
        tracing::info!(photos, "demo cooperative seeded");
    }
    let coop = maillon::coop::store::ensure_default_coop(&pool, "maillon", &args.coop_name).await?;
    let is_demo = sqlx::query_scalar!("SELECT is_demo FROM coops WHERE id = $1", coop.id)
        .fetch_one(&pool)
        .await?;
    if is_demo {
        print_demo_accounts();
    }
    let has_board = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM member_roles WHERE coop_id = $1 AND role = 'board') AS "exists!""#,
        coop.id
    )
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
        fetcher: maillon::dfc::fetch::Fetcher::new(args.fetch_trusted.clone()),
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

/// The demo accounts and their published password, printed at start-up and by `seed-demo`.
pub fn print_demo_accounts() {
    println!("\nDemo accounts (password: {}):", maillon::demo::PASSWORD);
    for (role, email) in maillon::demo::ROLE_ACCOUNTS {
        println!("  {:<15} {email}", role.code());
    }
    println!();
}
