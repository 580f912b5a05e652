//! The shop front of the open cycle, the cart and checkout: phone first, and every form works
//! as a plain POST before the page hydrates.

mod api;
mod cart;
mod checkout;
mod front;
mod parts;

pub use api::*;
pub use cart::CartPage;
pub use front::ShopPage;
pub use parts::{AddedToast, ShopError, ShortageList, add_button, here};

pub use crate::paths::{CART, SHOP};
