//! The rounds' server functions: vehicles, how producers' goods reach the hub, planning and
//! moving stops, and the drivers' manifests.

use std::collections::BTreeMap;

use leptos::prelude::*;
use maillon::geo::Point;
use maillon::hub::VehicleInput;
use maillon::hub::rounds::{RoundView, RoundsPage as RoundsData, VehicleView};

use crate::error::AppError;

// Used by the server functions' bodies only, which the browser's build leaves out.
#[cfg(feature = "ssr")]
use {
    chrono::NaiveDate,
    maillon::hub::RoundKind,
    maillon::hub::rounds::{StopStatus, SupplyMode},
    maillon::i18n::Msg,
};

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::accounts::Permission;
    use maillon::accounts::store::CurrentUser;

    use crate::error::AppError;
    use crate::ssr::{AppState, require, state};

    pub async fn staff() -> Result<(AppState, CurrentUser), AppError> {
        let user = require(Permission::ManageCycles).await?;
        Ok((state()?, user))
    }

    pub fn invalid(field: &str, msg: maillon::i18n::Msg) -> AppError {
        let e = AppError::Invalid {
            field: Some(field.into()),
            msg,
        };
        crate::ssr::set_error_status(&e);
        e
    }
}

#[server(endpoint = "list_vehicles", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_vehicles() -> Result<Vec<VehicleView>, AppError> {
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::vehicles(&state.ctx()).await?)
}

#[server(endpoint = "save_vehicle")]
pub async fn save_vehicle(csrf: String, id: Option<i64>, vehicle: VehicleInput) -> Result<i64, AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let fields = maillon::hub::parse_vehicle(&vehicle).map_err(crate::ssr::field_errors)?;
    Ok(maillon::hub::rounds_store::save_vehicle(&state.ctx(), id, &fields).await?)
}

#[server(endpoint = "set_vehicle_active")]
pub async fn set_vehicle_active(csrf: String, id: i64, active: bool) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::set_vehicle_active(&state.ctx(), id, active).await?)
}

#[server(endpoint = "cycle_rounds", input = leptos::server_fn::codec::GetUrl)]
pub async fn cycle_rounds(id: i64) -> Result<RoundsData, AppError> {
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::rounds_page(&state.ctx(), id).await?)
}

#[server(endpoint = "save_supplier")]
pub async fn save_supplier(
    csrf: String,
    cycle_id: i64,
    producer_id: i64,
    mode: String,
    #[server(default)] drop_off_start: String,
    #[server(default)] drop_off_end: String,
) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let mode = SupplyMode::parse(&mode).ok_or_else(|| ssr::invalid("mode", Msg::ErrBadRequest))?;
    let tz = state.coop.timezone.tz();
    let window = match (
        maillon::cycles::parse_local(&drop_off_start, tz),
        maillon::cycles::parse_local(&drop_off_end, tz),
    ) {
        (Some(from), Some(to)) => Some((from, to)),
        _ => None,
    };
    Ok(maillon::hub::rounds_store::save_supplier(&state.ctx(), cycle_id, producer_id, mode, window).await?)
}

#[server(endpoint = "plan_rounds")]
pub async fn plan_rounds(
    csrf: String,
    cycle_id: i64,
    kind: String,
    day: String,
    #[server(default)] vehicles: BTreeMap<String, String>,
) -> Result<maillon::hub::rounds::PlanOutcome, AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let kind = RoundKind::parse(&kind).ok_or_else(|| ssr::invalid("kind", Msg::ErrBadRequest))?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| ssr::invalid("day", Msg::ErrDate))?;
    let ids: Vec<i64> = vehicles.keys().filter_map(|k| k.parse().ok()).collect();
    let request = maillon::hub::rounds_store::PlanRequest {
        kind,
        day,
        vehicle_ids: &ids,
        geocoder: state.geocoder.as_ref(),
    };
    Ok(maillon::hub::rounds_store::plan_rounds(&state.ctx(), cycle_id, &request).await?)
}

#[server(endpoint = "move_stop")]
pub async fn move_stop(csrf: String, stop_id: i64, round_id: i64, position: String) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let position = position
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| ssr::invalid("position", Msg::ErrPosition))?;
    Ok(maillon::hub::rounds_store::move_stop(&state.ctx(), stop_id, round_id, position).await?)
}

#[server(endpoint = "place_delivery")]
pub async fn place_delivery(csrf: String, order_id: i64, latitude: String, longitude: String) -> Result<(), AppError> {
    let _ = csrf;
    let (state, _) = ssr::staff().await?;
    let lat =
        maillon::cycles::parse_coordinate(&latitude, 90.0).ok_or_else(|| ssr::invalid("latitude", Msg::ErrLatitude))?;
    let lon = maillon::cycles::parse_coordinate(&longitude, 180.0)
        .ok_or_else(|| ssr::invalid("longitude", Msg::ErrLongitude))?;
    Ok(maillon::hub::rounds_store::place_delivery(&state.ctx(), order_id, Point { lat, lon }).await?)
}

#[server(endpoint = "round_manifest", input = leptos::server_fn::codec::GetUrl)]
pub async fn round_manifest(id: i64) -> Result<(RoundView, maillon::time::Zone, Point), AppError> {
    let (state, _) = ssr::staff().await?;
    Ok(maillon::hub::rounds_store::manifest(&state.ctx(), id).await?)
}

#[server(endpoint = "mark_stop")]
pub async fn mark_stop(
    csrf: String,
    stop_id: i64,
    status: String,
    #[server(default)] note: String,
    #[server(default)] paid: Option<String>,
) -> Result<(), AppError> {
    let _ = csrf;
    let (state, user) = ssr::staff().await?;
    let status = StopStatus::parse(&status).ok_or_else(|| ssr::invalid("status", Msg::ErrBadRequest))?;
    Ok(maillon::hub::rounds_store::mark_stop(&state.ctx(), &user, stop_id, status, &note, paid.is_some()).await?)
}
