//! Order cycles: the window during which orders are taken, what it offers, and where and when
//! baskets are collected or delivered (slots at pickup points, home delivery zones).
//!
//! Times are typed by staff in the cooperative's zone and stored in UTC.

#[cfg(feature = "ssr")]
pub mod store;

mod copy;
mod forms;
mod places;
mod status;
mod views;

pub use copy::*;
pub use forms::*;
pub use places::*;
pub use status::*;
pub use views::*;

#[cfg(test)]
mod tests;
