//! Purchase orders as CSV files (hub staff and the board for every producer, a producer for
//! their own farm), and the QR code printed on each basket label.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maillon::accounts::store::CurrentUser;
use maillon::accounts::{Permission, allows};
use tower_sessions::Session;

use app::ssr::AppState;

use crate::http_error::HttpError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(maillon::paths::PURCHASE_ORDERS_CSV_PATTERN, get(purchase_orders_csv))
        .route(maillon::paths::LABEL_QR_PATTERN, get(label_qr))
}

/// The QR code of a basket label: the pickup desk's address for that order, so that the desk
/// staff's phone camera opens the order ready to hand over, with no app to install.
async fn label_qr(
    State(state): State<AppState>,
    session: Session,
    Path(order_id): Path<i64>,
) -> Result<Response, HttpError> {
    // Scoped like the pickup desk: a shopkeeper gets only their own pickup point's orders.
    let user = signed_in(&state, &session).await?;
    if !allows(&user.roles, Permission::PickupDesk) {
        return Err(HttpError::forbidden());
    }
    let cycle = maillon::orders::store::desk_order_cycle(&state.ctx(), &user, order_id).await?;
    let url = state
        .ctx()
        .link(&format!("{}?cycle={cycle}&q={order_id}", maillon::paths::DESK));
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| HttpError::internal("label QR", e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(120, 120)
            .quiet_zone(true)
            .build(),
    )
        .into_response())
}

async fn purchase_orders_csv(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    let user = signed_in(&state, &session).await?;
    let producer = if allows(&user.roles, Permission::ManageCycles) {
        None
    } else if allows(&user.roles, Permission::ManageOwnFarm) {
        match maillon::catalogue::store::producer_of(&state.ctx(), user.id).await {
            Ok(Some(farm)) => Some(farm.id),
            _ => return Err(HttpError::forbidden()),
        }
    } else {
        return Err(HttpError::forbidden());
    };
    let logistics = maillon::hub::store::logistics(&state.ctx(), id, producer, Default::default()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"bons-de-commande-{id}.csv\""),
            ),
        ],
        maillon::hub::store::purchase_orders_csv(&logistics),
    )
        .into_response())
}

/// The signed-in user, else 401 (500 when the session cannot be read).
async fn signed_in(state: &AppState, session: &Session) -> Result<CurrentUser, HttpError> {
    app::ssr::user_of(state, session)
        .await
        .map_err(|e| HttpError::internal("reading the session", e))?
        .ok_or_else(HttpError::unauthorized)
}
