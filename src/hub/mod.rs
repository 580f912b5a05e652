//! The hub turns a closed order cycle into consolidated work: purchase orders for producers,
//! shortage allocation once goods are received, packing lists for the cold room, and the
//! kilometres and emissions the hub's rounds save against each party driving on its own.
//!
//! Everything here is pure: the caller reads the cycle from the database into the plain
//! structs below and shows or stores what comes back. User-facing labels stay with the caller,
//! except the few explanations of a rule (case tolerance, shortage rule) that must read the
//! same in the UI and in emails.

mod consolidation;
#[cfg(feature = "ssr")]
pub mod geocode;
mod impact;
mod packing;
#[cfg(feature = "routing")]
pub mod planner;
pub mod rounds;
#[cfg(feature = "ssr")]
pub mod rounds_store;
mod shortage;
#[cfg(feature = "ssr")]
pub mod store;

pub use consolidation::{CaseTolerance, OrderLine, PurchaseLine, PurchaseOrder, consolidate};
pub use impact::{
    CAR_L_PER_KM, CARGO_BIKE_KWH_PER_KM, Counterfactual, DEFAULT_DETOUR_FACTOR, DIESEL_KG_CO2E_PER_L,
    DIESEL_VAN_L_PER_KM, E_VAN_KWH_PER_KM, EARTH_RADIUS_KM, ELECTRICITY_FR_KG_CO2E_PER_KWH, Energy, Impact,
    ImpactInput, Point, Round, Vehicle, haversine_km, impact, path_km,
};
pub use packing::{
    Basket, OrderForPacking, PackingError, PackingLine, PlaceList, PlaceQuantity, ProductList, by_customer, by_place,
    by_product,
};
pub use rounds::{
    ML_PER_GRAM, RELOAD_MINUTES, RoundKind, StopInput, StopRef, TripSchedule, VEHICLE_KINDS, VehicleFields,
    VehicleInput, VehicleSpec, Warning, parse_vehicle, project, schedule, split_long_waits, vehicle_label,
};
pub use shortage::{Allocation, Claim, Refund, ShortageRule, UnpricedOrder, allocate, explain, shortage_refunds};

/// One line of a purchase order as staff and producers see it, with what arrived.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PoLineView {
    pub variant_id: i64,
    pub label: String,
    pub line: PurchaseLine,
    pub received: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PoView {
    pub producer_id: i64,
    pub farm_name: String,
    pub lines: Vec<PoLineView>,
    pub brought_units: i64,
    pub weight_grams: i64,
    pub amount_cents: i64,
    /// How the goods reach the hub, once staff have decided: a drop-off window or collection.
    pub supply: Option<(rounds::SupplyMode, Option<rounds::Window>)>,
}

/// A cycle's consolidated work: one purchase order per producer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Logistics {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub status: crate::cycles::CycleStatus,
    pub orders: i64,
    pub tolerance: CaseTolerance,
    pub timezone: String,
    pub purchase_orders: Vec<PoView>,
}

/// A cycle's packing lists, with the names the lists refer to by id.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Packing {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub timezone: String,
    pub baskets: Vec<Basket>,
    pub places: Vec<PlaceList>,
    pub products: Vec<ProductList>,
    /// Variant id → "Product — variant".
    pub labels: Vec<(i64, String)>,
    /// Orders whose basket is marked ready.
    pub prepared: Vec<i64>,
}
