//! What the rounds page, the manifests and the impact panel show.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::codes::{Located, RoundKind, StopStatus, SupplyMode};
use super::schedule::{StopRef, Warning};
use super::vehicle::VehicleFields;
use crate::geo::Point;
use crate::hub::impact::Vehicle;

/// What a planning run did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOutcome {
    pub rounds: usize,
    pub stops: usize,
    pub unassigned: usize,
}

/// A vehicle of the cooperative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleView {
    pub id: i64,
    pub fields: VehicleFields,
    pub active: bool,
}

/// A stop of a planned round, as staff and drivers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopView {
    pub id: i64,
    pub position: i32,
    pub what: StopRef,
    pub name: String,
    pub address: String,
    /// A home delivery's phone, when the buyer gave one ("" otherwise).
    pub phone: String,
    pub point: Point,
    pub located: Option<Located>,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub arrives_at: DateTime<Utc>,
    pub grams: i64,
    pub volume_ml: i64,
    pub status: StopStatus,
    pub note: String,
    /// Baskets dropped (a pickup point) or handed over (a home): 1 for a home.
    pub baskets: i64,
    /// For a home delivery paid at the door: what the driver collects.
    pub due_cents: i64,
}

/// One trip of one vehicle, with its stops in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundView {
    pub id: i64,
    pub kind: RoundKind,
    pub cycle_id: i64,
    pub vehicle_id: i64,
    pub vehicle_name: String,
    pub vehicle_kind: Vehicle,
    pub trip: i32,
    pub capacity_kg: i32,
    pub capacity_litres: i32,
    pub departs_at: DateTime<Utc>,
    pub returns_at: DateTime<Utc>,
    pub distance_km: f64,
    pub grams: i64,
    pub volume_ml: i64,
    pub warnings: Vec<Warning>,
    pub stops: Vec<StopView>,
}

/// A stop that is not on any round, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unplanned {
    pub what: StopRef,
    pub name: String,
    pub address: String,
    /// No coordinates: the stop cannot be planned until it is placed.
    pub unlocated: bool,
    pub day: NaiveDate,
}

/// A time window: from, to.
pub type Window = (DateTime<Utc>, DateTime<Utc>);

/// A producer with a purchase order in the cycle, and how the goods come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierView {
    pub producer_id: i64,
    pub farm_name: String,
    pub town: String,
    pub located: bool,
    pub grams: i64,
    pub mode: Option<SupplyMode>,
    pub drop_off: Option<Window>,
}

/// Everything on a cycle's rounds page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundsPage {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub closed: bool,
    pub timezone: crate::time::Zone,
    pub depot_name: String,
    pub depot: Point,
    pub vehicles: Vec<VehicleView>,
    pub suppliers: Vec<SupplierView>,
    pub rounds: Vec<RoundView>,
    pub unplanned: Vec<Unplanned>,
    /// Days with deliveries, and the suggested day for each kind of round.
    pub delivery_days: Vec<NaiveDate>,
    pub delivery_day: NaiveDate,
    pub collection_day: NaiveDate,
    pub impact: Option<CycleImpact>,
}

/// A cycle's impact with how full its rounds ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Footprint {
    pub impact: CycleImpact,
    pub load_grams: i64,
    pub capacity_grams: i64,
}

/// The cycle's kilometres and emissions against both counterfactuals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleImpact {
    pub hub: crate::hub::Impact,
    pub cars: crate::hub::Impact,
    /// Km producers drive to drop their goods at the hub themselves (counted in `hub`).
    pub drop_off_km: f64,
    pub rounds_km: f64,
}
