//! Rounds in Postgres: the cooperative's vehicles, how producers bring their goods, planning a
//! cycle's collection and delivery rounds with the solver, moving a stop by hand, the drivers'
//! manifests and the cycle's impact figures.

mod candidates;
mod load;
mod plan;
mod stops;
mod vehicles;

pub use candidates::{hub_point, save_supplier};
pub use load::{cycle_footprint, manifest, rounds_page};
pub use plan::{PlanRequest, place_delivery, plan_rounds};
pub use stops::{mark_stop, move_stop};
pub use vehicles::{save_vehicle, set_vehicle_active, vehicles};
