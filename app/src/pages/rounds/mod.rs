//! Rounds: the hub's vehicles, how each producer's goods come to the hub, collection and
//! delivery rounds planned by the solver and drawn on a map, moved by hand, and the drivers'
//! manifests on a phone. Also the cycle's kilometres and emissions against driving alone.

mod api;
mod manifest;
mod parts;
mod plan;
mod vehicles;

pub use api::*;
pub use manifest::ManifestPage;
pub use plan::RoundsPage;
pub use vehicles::VehiclesPage;

pub use crate::paths::VEHICLES;
