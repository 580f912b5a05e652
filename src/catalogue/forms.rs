//! Products, variants and bulk edits as typed, and their checks; a variant's stock.

use serde::{Deserialize, Serialize};

use super::*;
use crate::i18n::{Locale, Msg};
use crate::money::{self};

/// Whether a variant's stock is counted or produced on demand (with an optional cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stock {
    Finite(i64),
    OnDemand { cap: Option<i64> },
}

/// How a variant's stock is kept, as stored: counted, or produced on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockMode {
    Finite,
    OnDemand,
}

impl StockMode {
    pub const ALL: [StockMode; 2] = [StockMode::Finite, StockMode::OnDemand];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            StockMode::Finite => "finite",
            StockMode::OnDemand => "on_demand",
        }
    }

    pub fn parse(code: &str) -> Option<StockMode> {
        StockMode::ALL.into_iter().find(|m| m.code() == code)
    }
}

impl Stock {
    pub fn mode_code(self) -> &'static str {
        match self {
            Stock::Finite(_) => "finite",
            Stock::OnDemand { .. } => "on_demand",
        }
    }

    /// How many can still be ordered, if limited.
    pub fn available(self) -> Option<i64> {
        match self {
            Stock::Finite(n) => Some(n),
            Stock::OnDemand { cap } => cap,
        }
    }

    pub fn is_low(self) -> bool {
        self.available().is_some_and(|n| n <= LOW_STOCK)
    }
}

/// A variant's fields once checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantFields {
    pub name: String,
    pub quantity: i64,
    pub retail_price_cents: i64,
    pub pro_price_cents: i64,
    pub case_size: i32,
    pub vat_bp: i32,
    pub weight_grams: i32,
    pub stock: Stock,
    pub active: bool,
}

/// A variant as typed in a form or a CSV row: every field is text until checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantInput {
    pub name: String,
    pub quantity: String,
    pub retail_price: String,
    pub pro_price: String,
    pub case_size: String,
    pub vat: String,
    pub weight_grams: String,
    /// "finite" or "on_demand"
    pub stock_mode: String,
    pub stock: String,
    pub cap: String,
    pub active: bool,
}

/// A problem with one field of one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

pub(super) fn int_in(raw: &str, min: i64, max: i64) -> Option<i64> {
    let cleaned: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    cleaned.parse::<i64>().ok().filter(|n| (min..=max).contains(n))
}

impl VariantInput {
    /// True when nothing was typed: a blank extra row of a form.
    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.quantity,
            &self.retail_price,
            &self.pro_price,
            &self.stock,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
    }

    pub fn parse(&self) -> Result<VariantFields, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, msg: Msg| {
            errors.push(FieldError {
                field: field.to_owned(),
                msg,
            })
        };
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > 60 {
            fail("name", Msg::ErrVariantNameTooLong);
        }
        let quantity = int_in(&self.quantity, 1, MAX_QUANTITY);
        if quantity.is_none() {
            fail("quantity", Msg::ErrQuantity);
        }
        let retail = money::parse_cents(&self.retail_price).filter(|c| (1..=MAX_PRICE_CENTS).contains(c));
        if retail.is_none() {
            fail("retail_price", Msg::ErrPrice);
        }
        let pro = if self.pro_price.trim().is_empty() {
            retail
        } else {
            money::parse_cents(&self.pro_price).filter(|c| (1..=MAX_PRICE_CENTS).contains(c))
        };
        if pro.is_none() && retail.is_some() {
            fail("pro_price", Msg::ErrPrice);
        }
        let case_size = if self.case_size.trim().is_empty() {
            Some(1)
        } else {
            int_in(&self.case_size, 1, 1000)
        };
        if case_size.is_none() {
            fail("case_size", Msg::ErrCaseSize);
        }
        let vat = if self.vat.trim().is_empty() {
            Some(550)
        } else {
            parse_vat(&self.vat)
        };
        if vat.is_none() {
            fail("vat", Msg::ErrVat);
        }
        let weight = if self.weight_grams.trim().is_empty() {
            Some(0)
        } else {
            int_in(&self.weight_grams, 0, 100_000)
        };
        if weight.is_none() {
            fail("weight_grams", Msg::ErrWeight);
        }
        let stock = match self.stock_mode.trim() {
            "on_demand" | "sur_demande" => {
                if self.cap.trim().is_empty() {
                    Some(Stock::OnDemand { cap: None })
                } else {
                    int_in(&self.cap, 0, MAX_STOCK).map(|cap| Stock::OnDemand { cap: Some(cap) })
                }
            }
            "" | "finite" | "fini" => int_in(
                if self.stock.trim().is_empty() { "0" } else { &self.stock },
                0,
                MAX_STOCK,
            )
            .map(Stock::Finite),
            _ => None,
        };
        if stock.is_none() {
            fail("stock", Msg::ErrStock);
        }
        match (quantity, retail, pro, case_size, vat, weight, stock) {
            (Some(quantity), Some(retail), Some(pro), Some(case_size), Some(vat_bp), Some(weight), Some(stock))
                if errors.is_empty() =>
            {
                Ok(VariantFields {
                    name,
                    quantity,
                    retail_price_cents: retail,
                    pro_price_cents: pro,
                    case_size: case_size as i32,
                    vat_bp,
                    weight_grams: weight as i32,
                    stock,
                    active: self.active,
                })
            }
            _ => Err(errors),
        }
    }
}

impl VariantFields {
    /// The name shown to buyers: the producer's, or one made from the quantity.
    pub fn display_name(&self, unit: Unit, locale: Locale) -> String {
        variant_name(&self.name, self.quantity, unit, locale)
    }
}

/// A product's own fields once checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFields {
    pub name: String,
    pub description: String,
    pub category: Category,
    pub unit: Unit,
    pub labels: Vec<Label>,
    pub active: bool,
}

pub fn parse_product(
    name: &str,
    description: &str,
    category: &str,
    unit: &str,
    labels: &[String],
    active: bool,
) -> Result<ProductFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > NAME_MAX_CHARS {
        errors.push(FieldError {
            field: "name".into(),
            msg: Msg::ErrProductName,
        });
    }
    let description = description.trim().to_owned();
    if description.chars().count() > DESCRIPTION_MAX_CHARS {
        errors.push(FieldError {
            field: "description".into(),
            msg: Msg::ErrDescriptionTooLong,
        });
    }
    let category = Category::parse(category);
    if category.is_none() {
        errors.push(FieldError {
            field: "category".into(),
            msg: Msg::ErrCategory,
        });
    }
    let unit = Unit::parse(unit);
    if unit.is_none() {
        errors.push(FieldError {
            field: "unit".into(),
            msg: Msg::ErrUnit,
        });
    }
    let mut parsed_labels = Vec::new();
    for code in labels.iter().filter(|l| !l.trim().is_empty()) {
        match Label::parse(code) {
            Some(l) if !parsed_labels.contains(&l) => parsed_labels.push(l),
            Some(_) => {}
            None => errors.push(FieldError {
                field: "labels".into(),
                msg: Msg::ErrLabel,
            }),
        }
    }
    match (category, unit) {
        (Some(category), Some(unit)) if errors.is_empty() => Ok(ProductFields {
            name,
            description,
            category,
            unit,
            labels: parsed_labels,
            active,
        }),
        _ => Err(errors),
    }
}

/// One line of the bulk edit screen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRowInput {
    pub variant_id: i64,
    pub retail_price: String,
    pub stock: String,
    #[serde(default)]
    pub active: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkChange {
    pub variant_id: i64,
    pub retail_price_cents: i64,
    /// `None` for variants on demand, whose stock is not counted.
    pub stock: Option<i64>,
    pub active: bool,
}

/// The error of one row of a bulk edit or an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based row (or CSV line) number.
    pub row: usize,
    /// What the row is, when it helps to find it (an import line's product), else empty.
    pub label: String,
    pub field: String,
    pub msg: Msg,
}

/// Checks every row; any error means nothing is saved, and every error is reported.
pub fn parse_bulk(rows: &[BulkRowInput]) -> Result<Vec<BulkChange>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut changes = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        if !seen.insert(row.variant_id) {
            errors.push(RowError {
                row: n,
                field: "variant_id".into(),
                msg: Msg::ErrDuplicateRow,
                label: String::new(),
            });
            continue;
        }
        let price = money::parse_cents(&row.retail_price).filter(|c| (1..=MAX_PRICE_CENTS).contains(c));
        if price.is_none() {
            errors.push(RowError {
                row: n,
                field: "retail_price".into(),
                msg: Msg::ErrPrice,
                label: String::new(),
            });
        }
        let stock = if row.stock.trim().is_empty() {
            Some(None)
        } else {
            int_in(&row.stock, 0, MAX_STOCK).map(Some)
        };
        if stock.is_none() {
            errors.push(RowError {
                row: n,
                field: "stock".into(),
                msg: Msg::ErrStock,
                label: String::new(),
            });
        }
        if let (Some(price), Some(stock)) = (price, stock) {
            let active = row
                .active
                .as_deref()
                .is_some_and(|v| matches!(v, "on" | "true" | "1" | "oui"));
            changes.push(BulkChange {
                variant_id: row.variant_id,
                retail_price_cents: price,
                stock,
                active,
            });
        }
    }
    if errors.is_empty() { Ok(changes) } else { Err(errors) }
}
