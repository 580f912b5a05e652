//! The opening rush (see BENCHMARKS.md), a load generator: N signed-in buyers each add 3 items
//! to their cart and check out through the real HTTP endpoints the moment the cycle opens; some
//! variants are scarce. Reports throughput, latency percentiles, errors by kind and, per
//! variant, that the units sold equal the stock taken (no oversell).
//!
//! One thread of async tasks, so that the client takes as little as it can of the CPU the
//! server and PostgreSQL share with it. Usage (scripts/bench-rush.sh runs it):
//! `rush <database url> [--port 3200] [--buyers 1000] [--concurrency 100] [--money]`
//!
//! `--money`: every buyer has 100 € of credit, every tenth a solidarity status (20 %, a fund of
//! 1,000 €), and every other buyer pays with credit and rounds up to the euro for the fund (the
//! others pay at pickup): checkouts then also lock their credit account and the fund's row.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, HeaderMap, SET_COOKIE};
use sqlx::PgPool;

const PASSWORD: &str = "maillon-demo-2026";

struct Args {
    db: String,
    port: u16,
    buyers: usize,
    concurrency: usize,
    money: bool,
}

fn args() -> Args {
    let mut args = Args {
        db: String::new(),
        port: 3200,
        buyers: 1000,
        concurrency: 100,
        money: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().expect("a value after the flag");
        match a.as_str() {
            "--port" => args.port = value().parse().expect("a port"),
            "--buyers" => args.buyers = value().parse().expect("a number of buyers"),
            "--concurrency" => args.concurrency = value().parse().expect("a number"),
            "--money" => args.money = true,
            _ => args.db = a,
        }
    }
    assert!(
        !args.db.is_empty(),
        "usage: rush <database url> [--port P] [--buyers N] [--concurrency C] [--money]"
    );
    args
}

/// One buyer's HTTP session: its cookies and CSRF token.
struct Buyer {
    email: String,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

impl Buyer {
    fn headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        if !self.cookies.is_empty() {
            let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            h.insert(COOKIE, cookie.join("; ").parse().expect("cookie header"));
        }
        h
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(SET_COOKIE) {
            let value = value.to_str().unwrap_or_default();
            let pair = value.split(';').next().unwrap_or_default();
            if let Some((name, v)) = pair.split_once('=') {
                self.cookies.insert(name.trim().to_string(), v.to_string());
            }
        }
    }

    /// Posts a server function; returns the status, the body and the milliseconds it took.
    async fn post(
        &mut self,
        http: &reqwest::Client,
        base: &str,
        func: &str,
        fields: &[(&str, String)],
    ) -> (u16, String, f64) {
        let mut form = vec![("csrf", self.csrf.clone())];
        form.extend(fields.iter().map(|(k, v)| (*k, v.clone())));
        let body = serde_urlencoded(&form);
        let start = Instant::now();
        let resp = http
            .post(format!("{base}/api/{func}"))
            .headers(self.headers())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .expect("the server answers");
        let status = resp.status().as_u16();
        self.keep_cookies(resp.headers());
        let text = resp.text().await.unwrap_or_default();
        (status, text, start.elapsed().as_secs_f64() * 1000.0)
    }

    async fn sign_in(mut self, http: reqwest::Client, base: String) -> Self {
        let (http, base) = (&http, base.as_str());
        let resp = http
            .get(format!("{base}/connexion"))
            .send()
            .await
            .expect("sign-in page");
        self.keep_cookies(resp.headers());
        let page = resp.text().await.expect("sign-in page body");
        let marker = "name=\"csrf-token\" content=\"";
        let at = page.find(marker).expect("a CSRF token on the page") + marker.len();
        self.csrf = page[at..].split('"').next().unwrap_or_default().to_string();
        let email = self.email.clone();
        let (status, body, _) = self
            .post(
                http,
                base,
                "sign_in",
                &[("email", email), ("password", PASSWORD.to_string())],
            )
            .await;
        assert!(matches!(status, 200 | 302 | 303), "sign-in refused: {status} {body}");
        self
    }
}

fn serde_urlencoded(fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// "ok", or the status and the error's name as the server function reported it.
fn kind_of(status: u16, body: &str) -> String {
    if matches!(status, 200 | 302 | 303) {
        return "ok".into();
    }
    // An error's kind, and its message when it has one ("422 Invalid ErrCreditShort").
    let name = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| match v {
            serde_json::Value::Object(m) => {
                m.into_iter()
                    .next()
                    .map(|(kind, inner)| match inner.get("msg").and_then(|msg| msg.as_str()) {
                        Some(msg) => format!("{kind} {msg}"),
                        None => kind,
                    })
            }
            serde_json::Value::String(s) => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| body.chars().take(60).collect());
    format!("{status} {name}")
}

fn pct(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let i = ((p / 100.0) * (values.len() - 1) as f64).round() as usize;
    values[i.min(values.len() - 1)]
}

#[derive(Default)]
struct Tally {
    add_ms: Vec<f64>,
    checkout_ms: Vec<f64>,
    kinds: BTreeMap<String, u32>,
}

async fn stocks(db: &PgPool, ids: &[i64]) -> BTreeMap<i64, i64> {
    sqlx::query_as::<_, (i64, i64)>("SELECT id, stock FROM variants WHERE id = ANY($1)")
        .bind(ids)
        .fetch_all(db)
        .await
        .expect("stocks")
        .into_iter()
        .collect()
}

fn main() {
    let args = args();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(tokio::task::LocalSet::new().run_until(run(args)));
}

async fn run(args: Args) {
    let db = PgPool::connect(&args.db).await.expect("the database");
    let base = format!("http://127.0.0.1:{}", args.port);
    // Buyers: verified resident accounts sharing the demo password's hash.
    for sql in [
        "INSERT INTO users (email, password_hash, display_name, email_verified_at)
         SELECT 'rush' || g || '@maillon.test', (SELECT password_hash FROM users WHERE email = 'habitant@maillon.test'),
                'Acheteur ' || g, now() FROM generate_series(1, $1::int) g",
        "INSERT INTO memberships (coop_id, user_id) SELECT c.id, u.id FROM users u, coops c
         WHERE u.email LIKE 'rush%' AND c.is_demo AND $1::int > 0",
        "INSERT INTO member_roles (coop_id, user_id, role) SELECT c.id, u.id, 'resident' FROM users u, coops c
         WHERE u.email LIKE 'rush%' AND c.is_demo AND $1::int > 0",
    ] {
        sqlx::query(sql)
            .bind(args.buyers as i32)
            .execute(&db)
            .await
            .expect("buyers");
    }
    if args.money {
        with_money(&db).await;
    }
    let cycle: i64 = sqlx::query_scalar("SELECT id FROM order_cycles WHERE status = 'open' ORDER BY id LIMIT 1")
        .fetch_one(&db)
        .await
        .expect("an open cycle in the demo data");
    let slot: i64 = sqlx::query_scalar("SELECT min(id) FROM slots WHERE cycle_id = $1 AND pickup_point_id IS NOT NULL")
        .bind(cycle)
        .fetch_one(&db)
        .await
        .expect("a pickup slot");
    sqlx::query("UPDATE slots SET capacity = 10000 WHERE cycle_id = $1")
        .bind(cycle)
        .execute(&db)
        .await
        .expect("slot capacity");
    // 30 hot variants with counted stock: 10 scarce (15 units), 20 plentiful (100,000 units).
    let hot: Vec<i64> = sqlx::query_scalar(
        "SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id WHERE o.cycle_id = $1 ORDER BY v.id LIMIT 30",
    )
    .bind(cycle)
    .fetch_all(&db)
    .await
    .expect("variants");
    let (scarce, plenty) = hot.split_at(10);
    for (ids, stock) in [(scarce, 15i64), (plenty, 100_000)] {
        sqlx::query("UPDATE variants SET stock_mode = 'finite', on_demand_cap = NULL, stock = $2 WHERE id = ANY($1)")
            .bind(ids)
            .bind(stock)
            .execute(&db)
            .await
            .expect("stock");
    }
    let before = stocks(&db, &hot).await;
    // The cycle opens in a moment: everyone signs in first.
    sqlx::query("UPDATE order_cycles SET status = 'draft', scheduled = true, opens_at = now() + interval '1 hour' WHERE id = $1")
        .bind(cycle)
        .execute(&db)
        .await
        .expect("cycle back to scheduled");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(args.concurrency)
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client");
    let t0 = Instant::now();
    let mut buyers = Vec::with_capacity(args.buyers);
    let mut signing = Vec::new();
    for i in 1..=args.buyers {
        let buyer = Buyer {
            email: format!("rush{i}@maillon.test"),
            cookies: BTreeMap::new(),
            csrf: String::new(),
        };
        signing.push(tokio::task::spawn_local(buyer.sign_in(http.clone(), base.clone())));
        if signing.len() == 16 || i == args.buyers {
            for task in signing.drain(..) {
                buyers.push(task.await.expect("sign-in"));
            }
        }
    }
    println!(
        "signed in {} buyers in {:.1} s",
        buyers.len(),
        t0.elapsed().as_secs_f64()
    );
    sqlx::query("UPDATE order_cycles SET opens_at = now() WHERE id = $1")
        .bind(cycle)
        .execute(&db)
        .await
        .expect("open time");
    loop {
        let status: String = sqlx::query_scalar("SELECT status FROM order_cycles WHERE id = $1")
            .bind(cycle)
            .fetch_one(&db)
            .await
            .expect("cycle status");
        if status == "open" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let mut rng = StdRng::seed_from_u64(42);
    let mut queue: Vec<(Buyer, Vec<i64>)> = buyers
        .into_iter()
        .map(|b| {
            let mut picks = vec![*scarce.choose(&mut rng).expect("scarce")];
            picks.extend(plenty.choose_multiple(&mut rng, 2));
            (b, picks)
        })
        .collect();
    queue.reverse();
    let queue = Rc::new(RefCell::new(queue));
    let tally = Rc::new(RefCell::new(Tally::default()));
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (queue, tally, http, base) = (queue.clone(), tally.clone(), http.clone(), base.clone());
        let money = args.money;
        workers.push(tokio::task::spawn_local(async move {
            loop {
                let Some((mut buyer, picks)) = queue.borrow_mut().pop() else {
                    break;
                };
                let mut added = 0;
                for v in picks {
                    let fields = [
                        ("cycle_id", cycle.to_string()),
                        ("variant_id", v.to_string()),
                        ("quantity", "1".into()),
                    ];
                    let (status, body, ms) = buyer.post(&http, &base, "add_to_cart", &fields).await;
                    let k = kind_of(status, &body);
                    added += usize::from(k == "ok");
                    let mut t = tally.borrow_mut();
                    t.add_ms.push(ms);
                    *t.kinds.entry(format!("add {k}")).or_default() += 1;
                }
                if added == 0 {
                    continue;
                }
                let attempt = format!("rush-{}-0001", buyer.email.trim_end_matches("@maillon.test"));
                let n: usize = buyer
                    .email
                    .trim_start_matches("rush")
                    .trim_end_matches("@maillon.test")
                    .parse()
                    .unwrap_or(1);
                let by_credit = money && n.is_multiple_of(2);
                let fields = [
                    ("cycle_id", cycle.to_string()),
                    ("attempt", attempt),
                    ("slot", slot.to_string()),
                    ("payment", if by_credit { "credit" } else { "pickup" }.into()),
                    ("round_up", if by_credit { "yes" } else { "no" }.into()),
                ];
                let (status, body, ms) = buyer.post(&http, &base, "checkout", &fields).await;
                let k = kind_of(status, &body);
                let mut t = tally.borrow_mut();
                t.checkout_ms.push(ms);
                *t.kinds.entry(format!("checkout {k}")).or_default() += 1;
            }
        }));
    }
    for w in workers {
        w.await.expect("worker");
    }
    let wall = start.elapsed().as_secs_f64();
    let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders WHERE cycle_id = $1 AND status = 'confirmed'")
        .bind(cycle)
        .fetch_one(&db)
        .await
        .expect("orders");
    let mut t = std::mem::take(&mut *tally.borrow_mut());
    println!(
        "rush: {} buyers, {} at a time, {wall:.2} s, {orders} orders, {:.1} orders/s",
        args.buyers,
        args.concurrency,
        orders as f64 / wall
    );
    let c = &mut t.checkout_ms;
    println!(
        "checkout latency ms: p50 {:.0}  p95 {:.0}  p99 {:.0}  max {:.0}",
        pct(c, 50.0),
        pct(c, 95.0),
        pct(c, 99.0),
        pct(c, 100.0)
    );
    let a = &mut t.add_ms;
    println!(
        "add-to-cart latency ms: p50 {:.0}  p95 {:.0}  p99 {:.0}  max {:.0}",
        pct(a, 50.0),
        pct(a, 95.0),
        pct(a, 99.0),
        pct(a, 100.0)
    );
    for (k, n) in &t.kinds {
        println!("  {k}: {n}");
    }
    let after = stocks(&db, &hot).await;
    let sold: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT l.variant_id, sum(l.quantity)::bigint FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' GROUP BY 1",
    )
    .bind(cycle)
    .fetch_all(&db)
    .await
    .expect("sold")
    .into_iter()
    .collect();
    let bad = hot
        .iter()
        .filter(|v| before[v] - after[v] != sold.get(v).copied().unwrap_or(0) || after[v] < 0)
        .count();
    let sold_out = scarce.iter().filter(|v| after[v] == 0).count();
    println!(
        "oversell check: {} variants, units sold = stock taken for all: {}; {sold_out}/{} scarce variants sold out, none below zero: {}",
        hot.len(),
        bad == 0,
        scarce.len(),
        after.values().all(|s| *s >= 0)
    );
    if args.money {
        let (orders, credit, fund, entries): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM orders WHERE payment_method = 'credit' AND status = 'confirmed'),
                    (SELECT count(*) FROM credit_accounts a WHERE a.balance_cents <> (SELECT sum(amount_cents) FROM credit_entries e
                        WHERE e.coop_id = a.coop_id AND e.user_id = a.user_id)),
                    (SELECT balance_cents FROM solidarity_funds), (SELECT sum(amount_cents)::bigint FROM solidarity_entries)",
        )
        .fetch_one(&db)
        .await
        .expect("money");
        println!(
            "money check: {orders} orders paid by credit, accounts whose balance is not the sum of their entries: {credit}; fund {fund} = sum of its entries: {}",
            fund == entries
        );
    }
}

/// `--money`: credit for every buyer, a solidarity status for every tenth, a fund to pay it.
async fn with_money(db: &PgPool) {
    for sql in [
        "INSERT INTO credit_accounts (coop_id, user_id, balance_cents)
         SELECT c.id, u.id, 10000 FROM users u, coops c WHERE u.email LIKE 'rush%' AND c.is_demo",
        "INSERT INTO credit_entries (coop_id, user_id, kind, amount_cents, balance_cents, reason, at)
         SELECT coop_id, user_id, 'top_up_hub', 10000, 10000, 'rush', now() FROM credit_accounts WHERE balance_cents = 10000",
        "UPDATE coops SET solidarity_bp = 2000 WHERE is_demo",
        "INSERT INTO solidarity_funds (coop_id, balance_cents) SELECT id, 100000 FROM coops WHERE is_demo",
        "INSERT INTO solidarity_entries (coop_id, kind, amount_cents, balance_cents, note, at)
         SELECT id, 'donation', 100000, 100000, 'rush', now() FROM coops WHERE is_demo",
        "INSERT INTO solidarity_grants (coop_id, user_id, granted_by, starts_on, ends_on, created_at)
         SELECT c.id, u.id, u.id, current_date, current_date + 30, now() FROM users u, coops c
         WHERE u.email LIKE 'rush%' AND c.is_demo AND substring(u.email from 'rush([0-9]+)')::int % 10 = 0",
    ] {
        sqlx::query(sql).execute(db).await.expect("credit and solidarity");
    }
}
