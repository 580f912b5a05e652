//! Hostile input through the real server: every server function's every field and every page's
//! every query parameter (and path parameter) receive huge, negative, non-numeric, overlong and
//! control-character values, one field at a time. Nothing may answer 5xx, break the connection
//! or show the "something went wrong on our side" message: bad input gets a 4xx and a message.
//!
//! The tables below are checked against the code: every server function the binary serves must
//! be in FUNCTIONS or TERRITORY with exactly the parameters of its signature (read from
//! `app/src`), and every page route of `app/src/lib.rs` and GET route of `server/src` must be in PAGES.

mod coverage;
mod input;
mod pages;
mod status;
mod tables;
mod territory;
mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;
use pages::*;
use tables::*;
use territory::*;
use values::*;

use crate::spawn;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Who {
    Anonymous,
    Resident,
    Shopkeeper,
    Producer,
    Board,
}

/// (server function, who calls it, every field with a value that gets past the other checks).
/// A nested field is written `outer[inner]` as the forms send it; only the outer name is checked
/// against the signature.
pub(super) type Function = (&'static str, Who, &'static [(&'static str, &'static str)]);

/// Every server function the hostile tests call, from both tables.
pub(super) fn functions() -> impl Iterator<Item = &'static Function> {
    FUNCTIONS.iter().chain(TERRITORY)
}

struct Ids(BTreeMap<&'static str, String>);

impl Ids {
    async fn of_demo(pool: &sqlx::PgPool) -> Ids {
        let one = |sql: &'static str| async move {
            let id: i64 = sqlx::query_scalar(sql).fetch_one(pool).await.unwrap();
            id.to_string()
        };
        let mut ids = BTreeMap::new();
        ids.insert(
            "USER",
            one("SELECT id FROM users WHERE email = 'jules.denis@maillon.test'").await,
        );
        ids.insert(
            "FARM",
            one("SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'")
                .await,
        );
        ids.insert(
            "PRODUCT",
            one("SELECT min(p.id) FROM products p JOIN producers f ON f.id = p.producer_id JOIN users u ON u.id = f.user_id
                 WHERE u.email = 'producteur@maillon.test'")
            .await,
        );
        ids.insert(
            "CYCLE",
            one("SELECT min(id) FROM order_cycles WHERE status = 'open'").await,
        );
        ids.insert(
            "VARIANT",
            one("SELECT min(o.variant_id) FROM cycle_offers o JOIN order_cycles c ON c.id = o.cycle_id WHERE c.status = 'open'")
                .await,
        );
        ids.insert(
            "CASE",
            one(
                "SELECT v.case_size::bigint FROM variants v WHERE v.id = (SELECT min(o.variant_id) FROM cycle_offers o
                 JOIN order_cycles c ON c.id = o.cycle_id WHERE c.status = 'open')",
            )
            .await,
        );
        ids.insert(
            "SLOT",
            one("SELECT min(s.id) FROM slots s JOIN order_cycles c ON c.id = s.cycle_id WHERE c.status = 'open'").await,
        );
        ids.insert(
            "ORDER",
            one("SELECT min(o.id) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = 'hugo.bernard@maillon.test'")
                .await,
        );
        ids.insert(
            "POINT",
            format!("point-{}", one("SELECT min(id) FROM pickup_points").await),
        );
        ids.insert("PHOTO", "1".to_owned());
        Ids(ids)
    }

    fn fill(&self, value: &str) -> String {
        self.0.get(value).cloned().unwrap_or_else(|| value.to_owned())
    }
}

async fn send(request: reqwest::RequestBuilder) -> Result<(u16, String), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    Ok((status, response.text().await.unwrap_or_default()))
}

fn source(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Every source file of the app crate, its folders included (pages/hub/api.rs…).
fn app_sources() -> Vec<String> {
    fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src"),
        &mut files,
    );
    files.sort();
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
}
