//! The producer's side: farm profile, products with variants and photos, the bulk edit screen
//! and CSV export/import. The board may manage any farm with `?producteur=ID`.

mod api;
mod bulk;
mod dashboard;
mod import;
mod parts;
mod product;
mod profile;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub use api::*;
pub use bulk::BulkEditPage;
pub use dashboard::DashboardPage;
pub use import::{ImportPage, ImportPreviewPage};
pub use product::ProductEditPage;
pub use profile::FarmProfilePage;

pub use crate::paths::DASHBOARD;

/// `?producteur=ID` when the board manages another farm, to carry along in links.
fn farm_param() -> Memo<Option<i64>> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get("producteur").and_then(|p| p.parse().ok())))
}

fn with_farm(path: &str, farm: Option<i64>) -> String {
    match farm {
        Some(id) if path.contains('?') => format!("{path}&producteur={id}"),
        Some(id) => format!("{path}?producteur={id}"),
        None => path.to_owned(),
    }
}
