//! A Postgres cluster owned by Maillon, for running without `DATABASE_URL`: created on first
//! start in the data directory, reused afterwards, reached over a Unix socket (no port to
//! collide with), and stopped when the server stops.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};

pub struct EmbeddedPostgres {
    bin_dir: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    run_as_postgres: bool,
}

/// Finds `initdb` and `pg_ctl` on PATH or in Debian's /usr/lib/postgresql/<version>/bin.
fn find_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file());
    on_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
            .filter(|(_, bin)| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

impl EmbeddedPostgres {
    pub fn new(data_dir: &Path) -> anyhow::Result<EmbeddedPostgres> {
        let Some(bin_dir) = find_bin_dir() else {
            bail!(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH nor in /usr/lib/postgresql/*/bin. \
                 Install them (Debian/Ubuntu: `apt-get install postgresql`) or set DATABASE_URL to an existing database."
            );
        };
        std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
        let data_dir = data_dir.canonicalize()?;
        Ok(EmbeddedPostgres {
            bin_dir,
            data: data_dir.join("pgdata"),
            socket_dir: data_dir.join("run"),
            run_as_postgres: is_root(),
        })
    }

    /// Postgres refuses to run as root: as root, the cluster belongs to the `postgres` user.
    fn command(&self, program: &str) -> Command {
        let path = self.bin_dir.join(program);
        if self.run_as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }

    fn run(&self, mut cmd: Command, what: &str) -> anyhow::Result<()> {
        let out = cmd.output().with_context(|| format!("running {what}"))?;
        if !out.status.success() {
            bail!(
                "{what} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    fn chown_to_postgres(&self, path: &Path) -> anyhow::Result<()> {
        if self.run_as_postgres {
            let mut cmd = Command::new("chown");
            cmd.args(["-R", "postgres:postgres"]).arg(path);
            self.run(cmd, "chown")?;
        }
        Ok(())
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// Creates the cluster if needed and starts it unless it already runs. Returns whether
    /// this call started it (and so should stop it).
    pub fn start(&self) -> anyhow::Result<bool> {
        std::fs::create_dir_all(&self.socket_dir)?;
        self.chown_to_postgres(&self.socket_dir)?;
        if !self.data.join("PG_VERSION").is_file() {
            std::fs::create_dir_all(&self.data)?;
            self.chown_to_postgres(&self.data)?;
            tracing::info!(data = %self.data.display(), "creating a local PostgreSQL cluster");
            let mut cmd = self.command("initdb");
            cmd.arg("-D")
                .arg(&self.data)
                .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"]);
            self.run(cmd, "initdb")?;
        }
        let mut status = self.command("pg_ctl");
        status.arg("status").arg("-D").arg(&self.data);
        if status.output().map(|o| o.status.success()).unwrap_or(false) {
            tracing::info!(data = %self.data.display(), "local PostgreSQL already running");
            return Ok(false);
        }
        let log = self.data.parent().unwrap_or(&self.data).join("postgres.log");
        if !log.exists() {
            std::fs::write(&log, b"")?;
        }
        self.chown_to_postgres(&log)?;
        let options = format!(
            "-c listen_addresses='' -k {} -c max_connections=200",
            self.socket_dir.display()
        );
        let mut cmd = self.command("pg_ctl");
        cmd.arg("start")
            .arg("-w")
            .arg("-D")
            .arg(&self.data)
            .arg("-l")
            .arg(&log)
            .arg("-o")
            .arg(options);
        self.run(cmd, "pg_ctl start")?;
        tracing::info!(data = %self.data.display(), socket = %self.socket_dir.display(), log = %log.display(), "local PostgreSQL started");
        Ok(true)
    }

    pub fn stop(&self) {
        let mut cmd = self.command("pg_ctl");
        cmd.arg("stop")
            .arg("-w")
            .arg("-m")
            .arg("fast")
            .arg("-D")
            .arg(&self.data);
        match self.run(cmd, "pg_ctl stop") {
            Ok(()) => tracing::info!(data = %self.data.display(), "local PostgreSQL stopped"),
            Err(e) => tracing::warn!(error = %e, "could not stop the local PostgreSQL"),
        }
    }

    /// The URL of `database` on this cluster (over the Unix socket).
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost/{database}?host={}",
            self.socket_dir.display()
        )
    }
}

/// Creates the database on the cluster if it does not exist yet.
pub async fn ensure_database(pg: &EmbeddedPostgres, database: &str) -> anyhow::Result<()> {
    let admin = maillon::db::connect(&pg.url("postgres"), 1).await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(database)
        .fetch_one(&admin)
        .await?;
    if !exists {
        sqlx::query(&format!("CREATE DATABASE \"{database}\""))
            .execute(&admin)
            .await?;
    }
    admin.close().await;
    Ok(())
}
