//! The cooperative (the tenant), its members and their roles.

use serde::{Deserialize, Serialize};

use crate::accounts::Role;

#[cfg(feature = "ssr")]
pub mod store;

/// The cooperative is defined with the service context that carries it (a leaf module).
#[cfg(feature = "ssr")]
pub use crate::ctx::Coop;

/// One account as the board sees it in the members list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MemberRow {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub verified: bool,
    pub roles: Vec<Role>,
}

impl MemberRow {
    pub fn name(&self) -> &str {
        if self.display_name.is_empty() {
            &self.email
        } else {
            &self.display_name
        }
    }
}

/// One page of a longer list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Page<T> {
    /// Page `page` (brought within 1 to [`MAX_PAGE`]) of a list of `total` items.
    pub fn new(items: Vec<T>, page: u32, per_page: u32, total: i64) -> Page<T> {
        Page {
            items,
            page: clamp_page(page),
            per_page,
            total: total.max(0) as u64,
        }
    }

    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1))) as u32).max(1)
    }
    pub fn has_previous(&self) -> bool {
        self.page > 1
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// The highest page any list serves: past it a list is empty anyway, and the rows skipped stay
/// few whatever number a visitor types.
pub const MAX_PAGE: u32 = 10_000;

/// A page number from the query string: from 1 to [`MAX_PAGE`].
pub fn page_number(raw: Option<&str>) -> u32 {
    raw.and_then(|p| p.trim().parse::<u32>().ok()).map_or(1, clamp_page)
}

/// A page number asked for, brought within 1 to [`MAX_PAGE`].
pub fn clamp_page(page: u32) -> u32 {
    page.clamp(1, MAX_PAGE)
}

/// How many rows come before `page` (the SQL `OFFSET`), computed without overflow.
pub fn page_offset(page: u32, per_page: u32) -> i64 {
    i64::from(clamp_page(page) - 1) * i64::from(per_page)
}

/// What the public home page shows of the cooperative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Showcase {
    pub coop_name: String,
    pub hub: Option<Place>,
    pub producers: Vec<ProducerCard>,
    pub pickup_points: Vec<Place>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ProducerCard {
    pub id: i64,
    pub farm_name: String,
    pub town: String,
    pub story: String,
    pub produce: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Place {
    pub name: String,
    pub address: String,
    pub instructions: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up_and_never_drop_to_zero() {
        let page = |page, total| Page::<()> {
            items: vec![],
            page,
            per_page: 20,
            total,
        };
        assert_eq!(page(1, 0).pages(), 1);
        assert_eq!(page(1, 20).pages(), 1);
        assert_eq!(page(1, 21).pages(), 2);
        assert!(!page(1, 21).has_previous());
        assert!(page(1, 21).has_next());
        assert!(page(2, 21).has_previous());
        assert!(!page(2, 21).has_next());
    }

    #[test]
    fn page_numbers_from_the_query_string() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("-2")), 1);
        assert_eq!(page_number(Some("abc")), 1);
        assert_eq!(page_number(Some("100000000")), MAX_PAGE);
        assert_eq!(page_number(Some("99999999999999999999")), 1);
    }

    #[test]
    fn offsets_never_overflow() {
        assert_eq!(page_offset(1, 48), 0);
        assert_eq!(page_offset(3, 25), 50);
        assert_eq!(page_offset(0, 25), 0);
        assert_eq!(
            page_offset(u32::MAX, u32::MAX),
            i64::from(MAX_PAGE - 1) * i64::from(u32::MAX)
        );
    }

    #[test]
    fn members_are_named_by_display_name_else_email() {
        let mut row = MemberRow {
            user_id: 1,
            email: "a@b.fr".into(),
            display_name: String::new(),
            verified: true,
            roles: vec![],
        };
        assert_eq!(row.name(), "a@b.fr");
        row.display_name = "Aude".into();
        assert_eq!(row.name(), "Aude");
    }
}
