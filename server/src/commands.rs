//! What the binary does when started: the administrative commands (migrate, seed the demo,
//! create a board account) or serving.

use anyhow::Context as _;
use sqlx::PgPool;

use crate::cli::{Cli, Command, ServeArgs};
use crate::startup::{print_demo_accounts, serve};

pub async fn run(cli: &Cli, url: &str, fresh_cluster: bool) -> anyhow::Result<()> {
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
                maillon::demo::seed_history(&pool, &base_url).await?;
                maillon::demo::seed_governance(&pool, &base_url).await?;
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
    let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
    let ctx = maillon::ctx::Ctx::new(pool.clone(), coop.clone(), &base_url, chrono::Utc::now());
    maillon::coop::store::create_board_account(&ctx, email, name, &password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Board account ready in « {} »:\n  email:    {email}\n  password: {password}",
        coop.name
    );
    Ok(())
}
