//! The catalogue in Postgres. Every list is read in a fixed number of queries, whatever its
//! length (no N+1); every multi-row write is one transaction that saves all rows or none.

mod edits;
mod imports;
mod photos;
mod producers;
mod products;
mod splits;

pub use edits::*;
pub use imports::*;
pub use photos::*;
pub use producers::*;
pub use products::*;
pub use splits::*;

// Stored codes decode to their enums; an unknown one is an error, not a default.
crate::stored_code!(
    crate::catalogue::Category,
    crate::catalogue::Label,
    crate::catalogue::Unit,
    crate::catalogue::StockMode,
);
