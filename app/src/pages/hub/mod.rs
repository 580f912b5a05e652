//! Hub staff's side of ordering: order cycles (dates, offers, slots, opening and closing),
//! pickup points and delivery zones, and the pickup desk.

mod api;
mod cycle;
mod cycles;
mod desk;
mod parts;
mod places;

pub use api::*;
pub use cycle::CyclePage;
pub use cycles::CyclesPage;
pub use desk::DeskPage;
pub use places::PlacesPage;

pub use crate::paths::{CYCLES, DESK, PLACES};
