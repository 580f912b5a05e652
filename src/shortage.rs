//! A line that cannot be served in full. A leaf, so that the services' error can carry the
//! lines of a refused checkout without depending on orders, which compute them.

use serde::{Deserialize, Serialize};

/// A line that cannot be served in full: what was asked and what is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub variant_id: i64,
    pub label: String,
    pub wanted: i64,
    pub left: i64,
}
