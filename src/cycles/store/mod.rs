//! Order cycles, their offers and slots, pickup points and delivery zones in Postgres.

mod copy;
mod listing;
mod notifications;
mod offers;
mod places;
mod sale;
mod slots;
mod status;

pub use copy::*;
pub use listing::*;
pub use notifications::*;
pub use offers::*;
pub use places::*;
pub use sale::*;
pub use slots::*;
pub use status::*;

// A stored cycle status decodes to its enum; an unknown one is an error, not a default.
crate::stored_code!(crate::cycles::CycleStatus);
