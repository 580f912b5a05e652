//! What the catalogue shows: product lines, public cards and pages, and what is asked for.

use serde::{Deserialize, Serialize};

use super::*;
use crate::i18n::Locale;

/// A product line in the public catalogue or on a dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    pub id: i64,
    pub name: String,
    pub producer_id: i64,
    pub producer_name: String,
    pub category: Category,
    pub unit: Unit,
    pub labels: Vec<Label>,
    pub active: bool,
    pub photo_id: Option<i64>,
    pub variants: Vec<VariantView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantView {
    pub id: i64,
    pub fields: VariantFields,
}

/// A product as a public grid shows it, and no more: the grid lists thousands of variants and
/// every field here is sent again to the browser for hydration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: i64,
    pub name: String,
    pub producer_id: i64,
    pub producer_name: String,
    pub category: Category,
    pub unit: Unit,
    pub labels: Vec<Label>,
    pub photo_id: Option<i64>,
    pub variants: Vec<CardVariant>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardVariant {
    pub id: i64,
    pub name: String,
    pub quantity: i64,
    pub retail_price_cents: i64,
    /// How many are left when that is few (0: sold out); None when there are enough.
    pub few_left: Option<i64>,
    /// A shopkeeper's price and case size: set for shopkeepers only, never sent to others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade: Option<TradeTerms>,
}

/// What a shopkeeper pays and orders by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeTerms {
    pub pro_price_cents: i64,
    pub case_size: i32,
}

impl CardVariant {
    pub fn display_name(&self, unit: Unit, locale: Locale) -> String {
        variant_name(&self.name, self.quantity, unit, locale)
    }
}

impl From<ProductSummary> for ProductCard {
    fn from(p: ProductSummary) -> Self {
        ProductCard {
            id: p.id,
            name: p.name,
            producer_id: p.producer_id,
            producer_name: p.producer_name,
            category: p.category,
            unit: p.unit,
            labels: p.labels,
            photo_id: p.photo_id,
            variants: p.variants.into_iter().map(CardVariant::from).collect(),
        }
    }
}

impl From<VariantView> for CardVariant {
    fn from(v: VariantView) -> Self {
        let stock = v.fields.stock;
        CardVariant {
            id: v.id,
            few_left: stock.is_low().then(|| stock.available().unwrap_or(0).max(0)),
            name: v.fields.name,
            quantity: v.fields.quantity,
            retail_price_cents: v.fields.retail_price_cents,
            trade: None,
        }
    }
}

/// A product page as buyers see it: retail prices and "only N left" for everyone, trade terms
/// for shopkeepers only, never the exact stock (this is what the page's data carries to the
/// browser, not only what it shows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProduct {
    pub card: ProductCard,
    pub description: String,
    pub producer_town: String,
    pub photo_ids: Vec<i64>,
    /// Where the money of the first variant's retail price goes.
    pub share: Option<PriceShare>,
}

impl PublicProduct {
    pub fn new(detail: ProductDetail, trade_terms: bool) -> PublicProduct {
        let ProductDetail {
            product,
            description,
            producer_town,
            photo_ids,
            split,
        } = detail;
        let share = product
            .variants
            .first()
            .map(|v| price_share(v.fields.retail_price_cents, v.fields.vat_bp, split));
        let terms: Vec<TradeTerms> = product
            .variants
            .iter()
            .map(|v| TradeTerms {
                pro_price_cents: v.fields.pro_price_cents,
                case_size: v.fields.case_size,
            })
            .collect();
        let mut card = ProductCard::from(product);
        if trade_terms {
            for (variant, terms) in card.variants.iter_mut().zip(terms) {
                variant.trade = Some(terms);
            }
        }
        PublicProduct {
            card,
            description,
            producer_town,
            photo_ids,
            share,
        }
    }
}

/// What the public catalogue is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueQuery {
    pub category: Option<Category>,
    pub producer_id: Option<i64>,
    pub search: String,
    pub label: Option<Label>,
    pub page: u32,
    pub per_page: u32,
}

pub const CATALOGUE_PER_PAGE: u32 = 48;
pub const CATALOGUE_MAX_PER_PAGE: u32 = 500;

/// A product page: the product, where it comes from and where its price goes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub product: ProductSummary,
    pub description: String,
    pub producer_town: String,
    pub photo_ids: Vec<i64>,
    /// How its prices split (the cooperative's rule for it).
    pub split: Split,
}
