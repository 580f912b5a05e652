//! Rounds: the hub's vehicles going out and back. Collection rounds (first mile) visit farms to
//! pick their purchase orders up; delivery rounds (last mile) take baskets to homes and crates
//! to partner pickup points.
//!
//! The solver (`hub::planner`, server only) decides which vehicle serves which stop and in what
//! order. Everything a person sees afterwards — times, kilometres, loads, warnings after a stop
//! was moved by hand — is computed here from the stops in order, with the same distance model
//! as the solver: great-circle distance times a detour factor, at the vehicle's speed.

mod codes;
mod schedule;
mod vehicle;
mod views;

pub use codes::{Located, RoundKind, StopStatus, SupplyMode};
pub use schedule::{
    LONG_WAIT_MINUTES, ML_PER_GRAM, RELOAD_MINUTES, StopInput, StopRef, TripSchedule, VehicleSpec, Warning,
    drive_minutes, road_km, schedule, split_long_waits, volume_ml,
};
pub use vehicle::{
    VEHICLE_KINDS, VehicleFields, VehicleInput, at_local, parse_time_of_day, parse_vehicle, vehicle_label, vehicle_on,
};
pub use views::{
    CycleImpact, Footprint, PlanOutcome, RoundView, RoundsPage, StopView, SupplierView, Unplanned, VehicleView, Window,
};

#[cfg(test)]
mod tests;
