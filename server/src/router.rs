//! The router: server functions, pages, the plain routes of each context, the site's files,
//! and the layers every request goes through (sessions, security, caching, compression).

use std::sync::Arc;

use app::ssr::AppState;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_sessions::SessionManagerLayer;
use tower_sessions_sqlx_store::PostgresStore;

use crate::security::SecurityConfig;
use crate::{
    assets, catalogue_routes, dfc_routes, governance_routes, hub_routes, ledger_routes, open_data_routes,
    payment_routes, public_api, security,
};

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
    match sqlx::query_scalar!("SELECT 1 AS one").fetch_one(&state.pool).await {
        Ok(_) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

pub fn router(state: AppState, security: Arc<SecurityConfig>, sessions: SessionManagerLayer<PostgresStore>) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/api/{*fn_name}", get(server_fn_handler).post(server_fn_handler))
        .route("/healthz", get(health))
        .merge(catalogue_routes::routes())
        .merge(payment_routes::routes())
        .merge(hub_routes::routes())
        .merge(governance_routes::routes())
        .merge(ledger_routes::routes())
        .merge(open_data_routes::routes())
        .merge(public_api::routes())
        .merge(dfc_routes::routes())
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
