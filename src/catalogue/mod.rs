//! The catalogue: producers' products and their sellable packagings (variants), with prices in
//! cents, quantities in the unit's smallest step (g, ml, pieces) and stock per variant.

use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, Msg};
use crate::money::{self, mul_div_round};

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

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal => $msg:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code stored in the database and used in URLs and CSV files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(code: &str) -> Option<$name> {
                let code = code.trim();
                $name::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(code))
            }

            pub fn label(self) -> Msg {
                match self { $($name::$variant => Msg::$msg),* }
            }
        }
    };
}

code_enum!(
    /// The seeded taxonomy of the public catalogue.
    Category {
        Vegetables = "legumes" => CatVegetables,
        Fruits = "fruits" => CatFruits,
        Dairy = "produits-laitiers" => CatDairy,
        Meat = "viande" => CatMeat,
        Eggs = "oeufs" => CatEggs,
        Bread = "pain" => CatBread,
        Grocery = "epicerie" => CatGrocery,
        Drinks = "boissons" => CatDrinks,
    }
);

code_enum!(
    /// Quality labels a producer or product may carry.
    Label {
        Organic = "ab" => LabelOrganic,
        NatureProgres = "nature-progres" => LabelNatureProgres,
        Demeter = "demeter" => LabelDemeter,
        Hve = "hve" => LabelHve,
        LabelRouge = "label-rouge" => LabelLabelRouge,
        Aop = "aop" => LabelAop,
        Igp = "igp" => LabelIgp,
        BienvenueFerme = "bienvenue-ferme" => LabelBienvenueFerme,
    }
);

code_enum!(
    /// How a product is measured; variants give their quantity in the smallest step.
    Unit {
        Kg = "kg" => UnitKg,
        G = "g" => UnitG,
        L = "l" => UnitL,
        Ml = "ml" => UnitMl,
        Piece = "piece" => UnitPiece,
        Bunch = "botte" => UnitBunch,
    }
);

/// The smallest step a unit is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Grams,
    Millilitres,
    Count,
}

impl Unit {
    pub fn measure(self) -> Measure {
        match self {
            Unit::Kg | Unit::G => Measure::Grams,
            Unit::L | Unit::Ml => Measure::Millilitres,
            Unit::Piece | Unit::Bunch => Measure::Count,
        }
    }

    /// The step quantities are typed in, e.g. "g" for a product sold by the kilo.
    pub fn step_label(self) -> Msg {
        match self.measure() {
            Measure::Grams => Msg::StepGrams,
            Measure::Millilitres => Msg::StepMillilitres,
            Measure::Count => match self {
                Unit::Bunch => Msg::StepBunches,
                _ => Msg::StepPieces,
            },
        }
    }

    /// Smallest steps in the unit the unit price is given per (1 kg, 1 L, 1 piece).
    fn reference(self) -> i64 {
        match self.measure() {
            Measure::Grams | Measure::Millilitres => 1000,
            Measure::Count => 1,
        }
    }

    fn per_label(self) -> Msg {
        match self.measure() {
            Measure::Grams => Msg::PerKg,
            Measure::Millilitres => Msg::PerLitre,
            Measure::Count => match self {
                Unit::Bunch => Msg::PerBunch,
                _ => Msg::PerPiece,
            },
        }
    }
}

/// A variant as everyone reads it, in the shop, carts, orders, packing lists and purchase
/// orders alike: its name with its quantity ("Pot · 250 g"), or the quantity alone when it has
/// no name ("500 g"). A name alone would hide the size the buyer pays for.
pub fn variant_name(name: &str, quantity: i64, unit: Unit, locale: Locale) -> String {
    let quantity = format_quantity(quantity, unit, locale);
    let name = name.trim();
    if name.is_empty() {
        quantity
    } else {
        format!("{name} · {quantity}")
    }
}

/// A product and one of its variants on one line: "Jus de pomme — Bouteille · 1 L".
pub fn line_label(product: &str, variant: &str) -> String {
    format!("{product} — {variant}")
}

/// A quantity in smallest steps, as people read it: "500 g", "1,5 kg", "75 cl", "6 pièces".
pub fn format_quantity(quantity: i64, unit: Unit, locale: Locale) -> String {
    let decimal = |value: i64, divisor: i64| {
        let whole = value / divisor;
        let rest = value % divisor;
        if rest == 0 {
            whole.to_string()
        } else {
            let digits = format!("{:0width$}", rest, width = (divisor as f64).log10() as usize);
            let sep = if locale == Locale::Fr { "," } else { "." };
            format!("{whole}{sep}{}", digits.trim_end_matches('0'))
        }
    };
    match unit.measure() {
        Measure::Grams if quantity >= 1000 => format!("{} kg", decimal(quantity, 1000)),
        Measure::Grams => format!("{quantity} g"),
        Measure::Millilitres if quantity >= 1000 => format!("{} L", decimal(quantity, 1000)),
        Measure::Millilitres if quantity % 10 == 0 => format!("{} cl", quantity / 10),
        Measure::Millilitres => format!("{quantity} ml"),
        Measure::Count => {
            let msg = match (unit, quantity) {
                (Unit::Bunch, 1) => Msg::QtyBunch,
                (Unit::Bunch, _) => Msg::QtyBunches,
                (_, 1) => Msg::QtyPiece,
                _ => Msg::QtyPieces,
            };
            msg.fill(locale, &[("n", &quantity.to_string())])
        }
    }
}

/// Price per kg, per litre or per piece, in cents, rounded half up.
pub fn unit_price_cents(price_cents: i64, quantity: i64, unit: Unit) -> i64 {
    mul_div_round(price_cents, unit.reference(), quantity.max(1))
}

/// "7,00 €/kg" — shown beside every price, even for a 500 g bag.
pub fn format_unit_price(price_cents: i64, quantity: i64, unit: Unit, locale: Locale) -> String {
    format!(
        "{}{}",
        money::format_cents(unit_price_cents(price_cents, quantity, unit), locale),
        unit.per_label().text(locale)
    )
}

/// VAT rates in force in France, in basis points.
pub const VAT_RATES_BP: [i32; 5] = [0, 210, 550, 1000, 2000];

pub fn format_vat(bp: i32, locale: Locale) -> String {
    let whole = bp / 100;
    let rest = bp % 100;
    let sep = if locale == Locale::Fr { "," } else { "." };
    if rest == 0 {
        format!("{whole} %")
    } else {
        format!("{whole}{sep}{} %", format!("{rest:02}").trim_end_matches('0'))
    }
}

/// Parses "5,5", "5.5 %", "20" into basis points, only for rates in force.
pub fn parse_vat(raw: &str) -> Option<i32> {
    let cleaned = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    let bp = money::parse_cents(&cleaned)? as i32;
    VAT_RATES_BP.contains(&bp).then_some(bp)
}

/// Where the euros of a retail price go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceShare {
    pub price_cents: i64,
    pub vat_cents: i64,
    pub coop_cents: i64,
    pub producer_cents: i64,
}

/// Splits a retail price (VAT included) into VAT, the cooperative's commission (a share of
/// the price before VAT, set by the cooperative) and what the producer receives. The three
/// parts always add up to the price.
pub fn price_share(price_cents: i64, vat_bp: i32, commission_bp: i32) -> PriceShare {
    let before_vat = mul_div_round(price_cents, 10_000, 10_000 + i64::from(vat_bp));
    let coop_cents = mul_div_round(before_vat, i64::from(commission_bp), 10_000);
    PriceShare {
        price_cents,
        vat_cents: price_cents - before_vat,
        coop_cents,
        producer_cents: before_vat - coop_cents,
    }
}

/// Whether a variant's stock is counted or produced on demand (with an optional cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stock {
    Finite(i64),
    OnDemand { cap: Option<i64> },
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

fn int_in(raw: &str, min: i64, max: i64) -> Option<i64> {
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
            });
            continue;
        }
        let price = money::parse_cents(&row.retail_price).filter(|c| (1..=MAX_PRICE_CENTS).contains(c));
        if price.is_none() {
            errors.push(RowError {
                row: n,
                field: "retail_price".into(),
                msg: Msg::ErrPrice,
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
            commission_bp,
        } = detail;
        let share = product
            .variants
            .first()
            .map(|v| price_share(v.fields.retail_price_cents, v.fields.vat_bp, commission_bp));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn input(quantity: &str, price: &str) -> VariantInput {
        VariantInput {
            quantity: quantity.into(),
            retail_price: price.into(),
            active: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_card_keeps_what_the_grid_shows_and_how_few_are_left() {
        let variant = |stock| VariantView {
            id: 1,
            fields: VariantFields {
                name: String::new(),
                quantity: 500,
                retail_price_cents: 350,
                pro_price_cents: 300,
                case_size: 10,
                vat_bp: 550,
                weight_grams: 520,
                stock,
                active: true,
            },
        };
        let card = ProductCard::from(ProductSummary {
            id: 7,
            name: "Carottes".into(),
            producer_id: 2,
            producer_name: "Ferme".into(),
            category: Category::Vegetables,
            unit: Unit::G,
            labels: vec![],
            active: true,
            photo_id: None,
            variants: vec![
                variant(Stock::Finite(100)),
                variant(Stock::Finite(2)),
                variant(Stock::Finite(0)),
                variant(Stock::OnDemand { cap: None }),
                variant(Stock::OnDemand { cap: Some(1) }),
            ],
        });
        let few: Vec<_> = card.variants.iter().map(|v| v.few_left).collect();
        assert_eq!(few, [None, Some(2), Some(0), None, Some(1)]);
        assert_eq!(card.variants[0].display_name(Unit::G, Locale::Fr), "500 g");
        assert_eq!(card.variants[0].retail_price_cents, 350);
        assert_eq!(card.variants[0].trade, None);
    }

    #[test]
    fn a_public_product_shows_trade_terms_to_shopkeepers_only_and_never_the_stock() {
        let detail = ProductDetail {
            product: ProductSummary {
                id: 7,
                name: "Carottes".into(),
                producer_id: 2,
                producer_name: "Ferme".into(),
                category: Category::Vegetables,
                unit: Unit::G,
                labels: vec![],
                active: true,
                photo_id: None,
                variants: vec![VariantView {
                    id: 1,
                    fields: VariantFields {
                        name: String::new(),
                        quantity: 500,
                        retail_price_cents: 350,
                        pro_price_cents: 287,
                        case_size: 12,
                        vat_bp: 550,
                        weight_grams: 520,
                        stock: Stock::Finite(4321),
                        active: true,
                    },
                }],
            },
            description: String::new(),
            producer_town: "Lomme".into(),
            photo_ids: vec![],
            commission_bp: 1500,
        };
        let public = PublicProduct::new(detail.clone(), false);
        let json = serde_json::to_string(&public).unwrap();
        for secret in ["287", "12", "4321", "pro_price", "case_size", "stock"] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        assert_eq!(public.share, Some(price_share(350, 550, 1500)));
        let trade = PublicProduct::new(detail, true);
        assert_eq!(
            trade.card.variants[0].trade,
            Some(TradeTerms {
                pro_price_cents: 287,
                case_size: 12
            })
        );
        assert!(!serde_json::to_string(&trade).unwrap().contains("4321"));
    }

    #[test]
    fn unit_price_is_per_kg_even_for_a_small_bag() {
        assert_eq!(unit_price_cents(350, 500, Unit::Kg), 700);
        assert_eq!(format_unit_price(350, 500, Unit::Kg, Locale::Fr), "7,00\u{a0}€/kg");
        assert_eq!(format_unit_price(299, 750, Unit::L, Locale::En), "€3.99/L");
        assert_eq!(format_unit_price(420, 6, Unit::Piece, Locale::Fr), "0,70\u{a0}€/pièce");
        // 2,49 € for 333 g is 7,4775… €/kg: rounded half up to the cent.
        assert_eq!(unit_price_cents(249, 333, Unit::G), 748);
    }

    #[test]
    fn quantities_read_naturally() {
        assert_eq!(format_quantity(500, Unit::Kg, Locale::Fr), "500 g");
        assert_eq!(format_quantity(1500, Unit::Kg, Locale::Fr), "1,5 kg");
        assert_eq!(format_quantity(1250, Unit::G, Locale::En), "1.25 kg");
        assert_eq!(format_quantity(750, Unit::L, Locale::Fr), "75 cl");
        assert_eq!(format_quantity(1000, Unit::Ml, Locale::Fr), "1 L");
        assert_eq!(format_quantity(6, Unit::Piece, Locale::Fr), "6 pièces");
        assert_eq!(format_quantity(1, Unit::Bunch, Locale::En), "1 bunch");
    }

    #[test]
    fn a_named_variant_still_shows_its_size() {
        assert_eq!(variant_name("Pot", 250, Unit::G, Locale::Fr), "Pot · 250 g");
        assert_eq!(variant_name("Bouteille", 1000, Unit::L, Locale::En), "Bouteille · 1 L");
        assert_eq!(variant_name("", 500, Unit::Kg, Locale::Fr), "500 g");
        assert_eq!(variant_name("  ", 6, Unit::Piece, Locale::Fr), "6 pièces");
        assert_eq!(
            line_label("Jus de pomme", &variant_name("Bouteille", 1000, Unit::L, Locale::Fr)),
            "Jus de pomme — Bouteille · 1 L"
        );
    }

    #[test]
    fn price_shares_add_up_to_the_price() {
        let share = price_share(350, 550, 1500);
        assert_eq!(share.vat_cents, 18); // 350 / 1.055 = 331.75 -> 332 before VAT
        assert_eq!(share.coop_cents, 50); // 15 % of 332 = 49.8 -> 50
        assert_eq!(share.producer_cents, 282);
        for price in [1, 99, 350, 1999, 123_456] {
            for vat in VAT_RATES_BP {
                for commission in [0, 1000, 1500, 3000, 10_000] {
                    let s = price_share(price, vat, commission);
                    assert_eq!(s.vat_cents + s.coop_cents + s.producer_cents, price);
                    assert!(s.vat_cents >= 0 && s.coop_cents >= 0 && s.producer_cents >= 0);
                }
            }
        }
    }

    #[test]
    fn variants_are_checked_field_by_field() {
        let ok = input("500", "3,50").parse().unwrap();
        assert_eq!(ok.retail_price_cents, 350);
        assert_eq!(ok.pro_price_cents, 350, "pro price defaults to retail");
        assert_eq!(ok.vat_bp, 550);
        assert_eq!(ok.case_size, 1);
        assert_eq!(ok.stock, Stock::Finite(0));

        let bad = VariantInput {
            quantity: "0".into(),
            retail_price: "-2".into(),
            case_size: "0".into(),
            vat: "7".into(),
            stock: "-1".into(),
            ..Default::default()
        };
        let fields: Vec<String> = bad.parse().unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["quantity", "retail_price", "case_size", "vat", "stock"]);

        let on_demand = VariantInput {
            stock_mode: "on_demand".into(),
            cap: "40".into(),
            ..input("1", "12")
        };
        assert_eq!(on_demand.parse().unwrap().stock, Stock::OnDemand { cap: Some(40) });
        assert!(VariantInput::default().is_blank());
        assert!(!input("1", "").is_blank());
    }

    #[test]
    fn vat_rates_are_the_french_ones() {
        assert_eq!(parse_vat("5,5"), Some(550));
        assert_eq!(parse_vat("20 %"), Some(2000));
        assert_eq!(parse_vat("2.1"), Some(210));
        assert_eq!(parse_vat("7"), None);
        assert_eq!(format_vat(550, Locale::Fr), "5,5 %");
        assert_eq!(format_vat(2000, Locale::En), "20 %");
    }

    #[test]
    fn products_are_checked() {
        let ok = parse_product(
            " Carottes  nouvelles ",
            "",
            "legumes",
            "kg",
            &["ab".into(), "AB".into()],
            true,
        )
        .unwrap();
        assert_eq!(ok.name, "Carottes nouvelles");
        assert_eq!(ok.labels, [Label::Organic]);
        let errors = parse_product("", "", "bijoux", "tonne", &["nope".into()], true).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "category", "unit", "labels"]);
    }

    #[test]
    fn bulk_edits_report_every_bad_row() {
        let row = |id, price: &str, stock: &str| BulkRowInput {
            variant_id: id,
            retail_price: price.into(),
            stock: stock.into(),
            active: Some("on".into()),
        };
        let ok = parse_bulk(&[row(1, "2,40", "10"), row(2, "3", "")]).unwrap();
        assert_eq!(
            ok[0],
            BulkChange {
                variant_id: 1,
                retail_price_cents: 240,
                stock: Some(10),
                active: true
            }
        );
        assert_eq!(ok[1].stock, None);
        let errors = parse_bulk(&[
            row(1, "2,40", "10"),
            row(2, "abc", "10"),
            row(3, "1", "-4"),
            row(1, "1", "1"),
        ])
        .unwrap_err();
        let rows: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(rows, [(2, "retail_price"), (3, "stock"), (4, "variant_id")]);
    }

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(*c));
        }
        for l in Label::ALL {
            assert_eq!(Label::parse(l.code()), Some(*l));
        }
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.code()), Some(*u));
        }
        assert!(Stock::Finite(5).is_low());
        assert!(!Stock::Finite(6).is_low());
        assert!(!Stock::OnDemand { cap: None }.is_low());
    }
}

/// A farm's public profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProducerProfile {
    pub id: i64,
    pub farm_name: String,
    pub town: String,
    pub address: String,
    pub story: String,
    pub produce: String,
    pub labels: Vec<Label>,
    pub contact_email: String,
    pub phone: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub photo_ids: Vec<i64>,
}

/// What a producer types in their profile form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProducerInput {
    pub farm_name: String,
    pub town: String,
    pub address: String,
    pub story: String,
    pub produce: String,
    #[serde(default)]
    pub labels: Vec<String>,
    pub contact_email: String,
    pub phone: String,
    pub latitude: String,
    pub longitude: String,
}

/// A checked profile (without id and photos).
pub fn parse_producer(input: &ProducerInput) -> Result<ProducerProfile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, msg: Msg| {
        errors.push(FieldError {
            field: field.to_owned(),
            msg,
        })
    };
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let farm_name = tidy(&input.farm_name);
    if farm_name.is_empty() || farm_name.chars().count() > NAME_MAX_CHARS {
        fail("farm_name", Msg::ErrFarmName);
    }
    let town = tidy(&input.town);
    if town.is_empty() || town.chars().count() > 120 {
        fail("town", Msg::ErrTown);
    }
    let address = tidy(&input.address);
    if address.chars().count() > 300 {
        fail("address", Msg::ErrAddress);
    }
    let story = input.story.trim().to_owned();
    if story.chars().count() > DESCRIPTION_MAX_CHARS {
        fail("story", Msg::ErrDescriptionTooLong);
    }
    let produce = tidy(&input.produce);
    if produce.chars().count() > 300 {
        fail("produce", Msg::ErrDescriptionTooLong);
    }
    let contact_email = input.contact_email.trim().to_owned();
    if !contact_email.is_empty() && crate::accounts::Email::parse(&contact_email).is_err() {
        fail("contact_email", Msg::ErrEmailInvalid);
    }
    let phone = tidy(&input.phone);
    if phone.chars().count() > 40 || !phone.chars().all(|c| c.is_ascii_digit() || " +.()-".contains(c)) {
        fail("phone", Msg::ErrPhone);
    }
    let coordinate = |raw: &str, limit: f64| -> Result<Option<f64>, ()> {
        let raw = raw.trim().replace(',', ".");
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() <= limit)
            .map(Some)
            .ok_or(())
    };
    let latitude = coordinate(&input.latitude, 90.0).unwrap_or_else(|()| {
        fail("latitude", Msg::ErrLatitude);
        None
    });
    let longitude = coordinate(&input.longitude, 180.0).unwrap_or_else(|()| {
        fail("longitude", Msg::ErrLongitude);
        None
    });
    if latitude.is_some() != longitude.is_some() {
        fail("longitude", Msg::ErrCoordinatesPair);
    }
    let mut labels = Vec::new();
    for code in input.labels.iter().filter(|l| !l.trim().is_empty()) {
        match Label::parse(code) {
            Some(l) if !labels.contains(&l) => labels.push(l),
            Some(_) => {}
            None => fail("labels", Msg::ErrLabel),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProducerProfile {
        id: 0,
        farm_name,
        town,
        address,
        story,
        produce,
        labels,
        contact_email,
        phone,
        latitude,
        longitude,
        photo_ids: Vec::new(),
    })
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
    pub commission_bp: i32,
}

#[cfg(test)]
mod producer_tests {
    use super::*;

    #[test]
    fn producer_profiles_are_checked() {
        let ok = ProducerInput {
            farm_name: " Ferme  des Saules ".into(),
            town: "Lomme".into(),
            latitude: "50,64".into(),
            longitude: "2.98".into(),
            labels: vec!["ab".into()],
            contact_email: "ferme@example.org".into(),
            phone: "+33 6 12 34 56 78".into(),
            ..Default::default()
        };
        let profile = parse_producer(&ok).unwrap();
        assert_eq!(profile.farm_name, "Ferme des Saules");
        assert_eq!(profile.latitude, Some(50.64));
        let bad = ProducerInput {
            latitude: "91".into(),
            longitude: "".into(),
            contact_email: "nope".into(),
            phone: "call me".into(),
            ..Default::default()
        };
        let fields: Vec<String> = parse_producer(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["farm_name", "town", "contact_email", "phone", "latitude"]);
        let half = ProducerInput {
            farm_name: "F".into(),
            town: "T".into(),
            latitude: "50".into(),
            ..Default::default()
        };
        assert_eq!(parse_producer(&half).unwrap_err()[0].msg, Msg::ErrCoordinatesPair);
    }
}
