//! The catalogue: producers' products and their sellable packagings (variants), with prices in
//! cents, quantities in the unit's smallest step (g, ml, pieces) and stock per variant.

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod ownership;
#[cfg(feature = "ssr")]
pub mod photo;
pub mod product_form;
#[cfg(feature = "ssr")]
pub mod store;

/// "Only N left" is shown at or below this stock.
pub const LOW_STOCK: i64 = 5;
pub const NAME_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
/// Largest quantity of one variant, in smallest units (1 tonne, 1000 L, 100,000 pieces).
pub const MAX_QUANTITY: i64 = 1_000_000;
pub const MAX_PRICE_CENTS: i64 = 1_000_000;
pub const MAX_STOCK: i64 = 1_000_000;

mod forms;
mod price;
mod producer;
mod quantity;
mod taxonomy;
mod views;

pub use forms::*;
pub use price::*;
pub use producer::*;
pub use quantity::*;
pub use taxonomy::*;
pub use views::*;

#[cfg(test)]
mod tests;
