//! Runs the real `maillon` binary on a test database and talks to it over HTTP.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Server {
    pub base: String,
    pub data_dir: PathBuf,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// Starts `maillon serve` (the binary at `bin`: `env!("CARGO_BIN_EXE_maillon")` in the server's
/// tests) on `database_url` with the demo data, and waits until it answers.
pub async fn spawn(bin: &str, database_url: &str, env: &[(&str, String)]) -> Server {
    let port = free_port();
    let data_dir = std::env::temp_dir().join(format!("maillon-it-{}-{port}", std::process::id()));
    let mut cmd = Command::new(bin);
    cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", database_url)
        .env("MAILLON_DATA_DIR", &data_dir)
        .env("MAILLON_DEMO", "yes")
        // Tests sign in and up far more often than people do; the limit's own test lowers it.
        .env("MAILLON_AUTH_REQUESTS_PER_IP", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd.spawn().expect("start maillon");
    let server = Server {
        base: format!("http://127.0.0.1:{port}"),
        data_dir,
        child,
    };
    let probe = reqwest::Client::new();
    // Up to 90 s: migrating and seeding the demo takes ~20 s on two busy cores, and nextest
    // starts a server per test in parallel.
    for _ in 0..360 {
        if probe
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("maillon did not start on {}", server.base);
}

/// A browser-like client: keeps cookies, does not follow redirects, knows its CSRF token.
pub struct Browser {
    pub http: reqwest::Client,
    pub csrf: String,
}

impl Browser {
    pub async fn open(server: &Server) -> Browser {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = http
            .get(format!("{}/", server.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = page
            .split("name=\"csrf-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the page carries a CSRF token")
            .to_owned();
        Browser { http, csrf }
    }

    /// Calls a POST server function the way a hydrated form does.
    pub async fn post(&self, base: &str, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut fields = vec![("csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        self.http
            .post(format!("{base}/api/{function}"))
            .form(&fields)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, base: &str, path: &str) -> reqwest::Response {
        self.http.get(format!("{base}{path}")).send().await.unwrap()
    }

    pub async fn sign_in(&self, base: &str, email: &str, password: &str) -> reqwest::Response {
        self.post(base, "sign_in", &[("email", email), ("password", password)])
            .await
    }
}

/// The platform token the board's page shows once after issuing it (`/conseil/plateformes`).
pub fn issued_token(page: &str) -> Option<String> {
    let code = page.split("id=\"issued-token\"").nth(1)?;
    let token = code.split_once('>')?.1.split('<').next()?;
    Some(token.to_owned())
}
