//! Hub staff's server functions: order cycles and their offers and slots, pickup points and
//! delivery zones, and the pickup desk.

use leptos::prelude::*;
use maillon::coop::Page;
use maillon::cycles::{
    CycleDetail, CycleInput, CycleStatus, CycleSummary, DeliveryZone, MissingOffer, OfferInput, PickupPoint,
    PickupPointInput, SlotInput, ZoneInput,
};
use maillon::i18n::Msg;
use maillon::orders::DeskOrder;

use crate::error::AppError;

#[cfg(feature = "ssr")]
mod ssr {
    use maillon::accounts::Permission;

    use crate::error::AppError;
    use crate::ssr::{AppState, require, state};

    pub async fn staff() -> Result<AppState, AppError> {
        require(Permission::ManageCycles).await?;
        state()
    }

    pub fn tz(state: &AppState) -> chrono_tz::Tz {
        state.coop.timezone.tz()
    }
}

#[server(endpoint = "list_cycles", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_cycles(page: u32) -> Result<(Page<CycleSummary>, maillon::time::Zone), AppError> {
    let state = ssr::staff().await?;
    let cycles = maillon::cycles::store::list_cycles(&state.ctx(), page).await?;
    Ok((cycles, state.coop.timezone))
}

#[server(endpoint = "create_cycle")]
pub async fn create_cycle(csrf: String, cycle: CycleInput) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_cycle(&cycle, ssr::tz(&state)).map_err(crate::ssr::field_errors)?;
    let id = maillon::cycles::store::create_cycle(&state.ctx(), &fields).await?;
    leptos_axum::redirect(&format!("{}/{id}", crate::paths::CYCLES));
    Ok(id)
}

#[server(endpoint = "cycle_detail", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_cycle(id: i64) -> Result<CycleDetail, AppError> {
    let state = ssr::staff().await?;
    Ok(maillon::cycles::store::cycle_detail(&state.ctx(), state.coop.timezone, id, crate::ssr::locale()).await?)
}

#[server(endpoint = "update_cycle")]
pub async fn update_cycle(csrf: String, id: i64, cycle: CycleInput) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_cycle(&cycle, ssr::tz(&state)).map_err(crate::ssr::field_errors)?;
    maillon::cycles::store::update_cycle(&state.ctx(), id, &fields).await?;
    Ok(())
}

#[server(endpoint = "cycle_action")]
pub async fn act_on_cycle(csrf: String, id: i64, action: String) -> Result<CycleActionDone, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let action = maillon::cycles::CycleAction::parse(&action).ok_or_else(|| AppError::BadRequest("action".into()))?;
    let (status, change) = maillon::hub::closing::act_on_cycle(&state.ctx(), id, action).await?;
    Ok(CycleActionDone {
        action,
        status,
        purchase_orders: change.purchase_orders,
        unpaid_released: change.unpaid_released,
        refunds: change.refunds,
    })
}

/// What a cycle action did, said next to the buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CycleActionDone {
    pub action: maillon::cycles::CycleAction,
    pub status: CycleStatus,
    pub purchase_orders: usize,
    pub unpaid_released: usize,
    pub refunds: usize,
}

impl CycleActionDone {
    pub fn message(&self, locale: maillon::i18n::Locale) -> String {
        use maillon::cycles::CycleAction as A;
        match self.action {
            A::CloseNow => Msg::CycleClosedDone.fill(
                locale,
                &[
                    ("po", &self.purchase_orders.to_string()),
                    ("unpaid", &self.unpaid_released.to_string()),
                ],
            ),
            A::OpenNow => Msg::CycleOpenedDone.text(locale).to_owned(),
            A::MarkDelivered => Msg::CycleDeliveredDone.fill(locale, &[("refunds", &self.refunds.to_string())]),
            A::Archive => Msg::CycleArchivedDone.text(locale).to_owned(),
            A::Schedule => Msg::CycleScheduledDone.text(locale).to_owned(),
            A::Unschedule => Msg::CycleUnscheduledDone.text(locale).to_owned(),
        }
    }
}

/// The query that tells a cycle's page it was just prepared from another week's.
pub(super) const COPIED: &str = "copie";

/// "Prepare the following week": a draft copy of the cycle, its dates moved on; staff land on it.
#[server(endpoint = "duplicate_cycle")]
pub async fn duplicate_cycle(csrf: String, id: i64) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let copy = maillon::cycles::store::duplicate_cycle(&state.ctx(), id, crate::ssr::locale()).await?;
    leptos_axum::redirect(&format!("{}/{copy}?{COPIED}=1", crate::paths::CYCLES));
    Ok(copy)
}

#[server(endpoint = "add_producer_offers")]
pub async fn add_producer_offers(csrf: String, id: i64, producer_id: i64) -> Result<u64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    Ok(maillon::cycles::store::add_producer_offers(&state.ctx(), id, producer_id).await?)
}

#[server(endpoint = "save_offers")]
pub async fn save_offers(csrf: String, id: i64, #[server(default)] rows: Vec<OfferInput>) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let changes = maillon::cycles::parse_offers(&rows).map_err(crate::ssr::row_errors)?;
    maillon::cycles::store::save_offers(&state.ctx(), id, &changes)
        .await?
        .map_err(crate::ssr::row_errors)
}

#[server(endpoint = "add_slot")]
pub async fn add_slot(csrf: String, id: i64, slot: SlotInput) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_slot(&slot, ssr::tz(&state)).map_err(crate::ssr::field_errors)?;
    Ok(maillon::cycles::store::add_slot(&state.ctx(), id, &fields).await?)
}

#[server(endpoint = "delete_slot")]
pub async fn delete_slot(csrf: String, slot_id: i64) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    maillon::cycles::store::delete_slot(&state.ctx(), slot_id).await?;
    Ok(())
}

#[server(endpoint = "places", input = leptos::server_fn::codec::GetUrl)]
pub async fn places() -> Result<(Vec<PickupPoint>, Vec<DeliveryZone>), AppError> {
    let state = ssr::staff().await?;
    Ok(maillon::cycles::store::places(&state.ctx()).await?)
}

/// Coordinates left empty are found from the address, when a geocoder is configured.
#[server(endpoint = "save_pickup_point")]
pub async fn save_pickup_point(csrf: String, id: Option<i64>, point: PickupPointInput) -> Result<PointSaved, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let draft = maillon::cycles::parse_pickup_point_draft(&point).map_err(crate::ssr::field_errors)?;
    let (id, located) =
        maillon::cycles::store::save_pickup_point_at_address(&state.ctx(), id, draft, state.geocoder.as_ref()).await?;
    Ok(PointSaved { id, located })
}

/// A saved pickup point, and where the geocoder placed it when staff typed no coordinates.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PointSaved {
    pub id: i64,
    pub located: Option<maillon::geo::Point>,
}

#[server(endpoint = "save_zone")]
pub async fn save_zone(csrf: String, id: Option<i64>, zone: ZoneInput) -> Result<i64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let fields = maillon::cycles::parse_zone(&zone).map_err(crate::ssr::field_errors)?;
    Ok(maillon::cycles::store::save_zone(&state.ctx(), id, &fields).await?)
}

#[server(endpoint = "set_place_active")]
pub async fn set_place_active(csrf: String, place: String, active: bool) -> Result<(), AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let place = maillon::cycles::Place::parse(&place).ok_or_else(|| AppError::BadRequest("place".into()))?;
    maillon::cycles::store::set_place_active(&state.ctx(), place, active).await?;
    Ok(())
}

#[server(endpoint = "desk_orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn desk_orders(
    cycle: Option<i64>,
    q: String,
    page: u32,
) -> Result<(Page<DeskOrder>, Vec<CycleSummary>, maillon::time::Zone), AppError> {
    let staff = crate::ssr::require(maillon::accounts::Permission::PickupDesk).await?;
    let state = crate::ssr::state()?;
    let cycles = maillon::cycles::store::list_cycles(&state.ctx(), 1).await?.items;
    let cycle = cycle.or_else(|| {
        cycles
            .iter()
            .find(|c| matches!(c.status, CycleStatus::Closed | CycleStatus::Open))
            .map(|c| c.id)
    });
    let orders = maillon::orders::store::desk_orders(&state.ctx(), &staff, cycle, &q, page).await?;
    Ok((orders, cycles, state.coop.timezone))
}

/// Hands a basket over (`hand_over`) and/or records the payment as received (`paid`): money
/// is recorded only when staff say so.
#[server(endpoint = "record_collection")]
pub async fn record_collection(
    csrf: String,
    order_id: i64,
    #[server(default)] hand_over: Option<String>,
    #[server(default)] paid: Option<String>,
) -> Result<i64, AppError> {
    let _ = csrf;
    let staff = crate::ssr::require(maillon::accounts::Permission::PickupDesk).await?;
    let state = crate::ssr::state()?;
    maillon::orders::store::record_collection(&state.ctx(), &staff, order_id, hand_over.is_some(), paid.is_some())
        .await?;
    Ok(order_id)
}

#[server(endpoint = "not_offered", input = leptos::server_fn::codec::GetUrl)]
pub async fn not_offered(id: i64) -> Result<(CycleSummary, Vec<MissingOffer>), AppError> {
    let state = ssr::staff().await?;
    let cycle = maillon::cycles::store::cycle(&state.ctx(), id).await?;
    let missing = maillon::cycles::store::not_offered(&state.ctx(), id, None, crate::ssr::locale()).await?;
    Ok((cycle, missing))
}

#[server(endpoint = "offer_new_products")]
pub async fn offer_new_products(
    csrf: String,
    id: i64,
    #[server(default)] variants: Vec<String>,
) -> Result<u64, AppError> {
    let _ = csrf;
    let state = ssr::staff().await?;
    let ids: Vec<i64> = variants
        .iter()
        .map(|v| v.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadRequest("variants".into()))?;
    if ids.is_empty() || ids.len() > 1000 {
        let e = AppError::invalid(Msg::ErrChooseProducts);
        crate::ssr::set_error_status(&e);
        return Err(e);
    }
    Ok(maillon::cycles::store::offer_variants(&state.ctx(), id, &ids).await?)
}
