//! A database per test, created on the server `DATABASE_URL` points at (see
//! `scripts/with-postgres.sh`) and dropped when the test ends, passed or failed.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// The prefix of every database a test creates: what to look for when checking that none is left.
pub const PREFIX: &str = "maillon_test_";

pub fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .expect("DATABASE_URL must point at a PostgreSQL server (see scripts/with-postgres.sh)")
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

/// A database that lives as long as this value: dropping it drops the database, closing any
/// connection still open to it (a server under test, a pool).
pub struct TestDb {
    pub name: String,
    pub url: String,
    pool: Option<PgPool>,
}

impl TestDb {
    /// A new, empty database: for the server binary, which migrates it itself.
    pub async fn empty() -> TestDb {
        let name = format!("{PREFIX}{}_{}", std::process::id(), rand::random::<u32>());
        let admin = PgPool::connect(&admin_url()).await.expect("connect to DATABASE_URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let url = with_database(&admin_url(), &name);
        TestDb { name, url, pool: None }
    }

    /// A new database with Maillon's schema, and a pool on it sized like `#[sqlx::test]`'s
    /// (five connections), which the concurrency tests count on.
    pub async fn migrated() -> TestDb {
        let mut db = TestDb::empty().await;
        let options: PgConnectOptions = db.url.parse().unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(5)
            .idle_timeout(Some(Duration::from_secs(1)))
            .connect_with(options)
            .await
            .expect("connect to the test database");
        maillon::db::MIGRATOR
            .run(&pool)
            .await
            .expect("migrate the test database");
        db.pool = Some(pool);
        db
    }

    /// The pool of a [`TestDb::migrated`] database.
    pub fn pool(&self) -> PgPool {
        self.pool
            .clone()
            .expect("TestDb::migrated has a pool, TestDb::empty none")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be single-threaded: drop the database
        // from a thread of its own, with a runtime of its own.
        let name = std::mem::take(&mut self.name);
        let pool = self.pool.take();
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async move {
                    drop(pool);
                    let admin = PgPool::connect(&admin_url()).await?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&admin)
                        .await?;
                    admin.close().await;
                    Ok::<_, sqlx::Error>(())
                })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) && !std::thread::panicking() {
            panic!("could not drop the test database: {dropped:?}");
        }
    }
}

/// Test databases left on the server (none, after a run).
pub async fn leftover_databases() -> Vec<String> {
    let admin = PgPool::connect(&admin_url()).await.expect("connect to DATABASE_URL");
    let names = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE $1 || '%' ORDER BY datname")
        .bind(PREFIX.replace('_', "\\_"))
        .fetch_all(&admin)
        .await
        .unwrap();
    admin.close().await;
    names
}
