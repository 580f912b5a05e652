//! Purchase orders as CSV files: hub staff and the board for every producer, a producer for
//! their own farm.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maillon::accounts::{Permission, allows};
use tower_sessions::Session;

use app::ssr::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/hub/cycles/{id}/bons.csv", get(purchase_orders_csv))
}

async fn purchase_orders_csv(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let user = match app::ssr::user_of(&state, &session).await {
        Ok(Some(user)) => user,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let producer = if allows(&user.roles, Permission::ManageCycles) {
        None
    } else if allows(&user.roles, Permission::ManageOwnFarm) {
        match maillon::catalogue::store::producer_of(&state.pool, state.coop.id, user.id).await {
            Ok(Some(farm)) => Some(farm.id),
            _ => return StatusCode::FORBIDDEN.into_response(),
        }
    } else {
        return StatusCode::FORBIDDEN.into_response();
    };
    match maillon::hub::store::logistics(&state.pool, state.coop.id, id, producer, Default::default()).await {
        Ok(logistics) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"bons-de-commande-{id}.csv\""),
                ),
            ],
            maillon::hub::store::purchase_orders_csv(&logistics),
        )
            .into_response(),
        Err(maillon::error::ServiceError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "purchase orders CSV");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
