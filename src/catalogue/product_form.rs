//! The product form as a producer sends it: the product's fields and its variant blocks, parsed
//! in one go so that every mistake is reported at once, each variant's named by its place in
//! the form ("variants.2.retail_price"). Blank new blocks (room left for another variant) are
//! skipped.

use super::{FieldError, ProductFields, VariantFields, VariantInput, parse_product};

/// The product's own fields, as typed.
pub struct ProductForm<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub category: &'a str,
    pub unit: &'a str,
    pub labels: &'a [String],
    pub active: bool,
}

/// One variant block: the id of the variant it edits (blank on a new one), and its fields.
pub struct VariantBlock {
    pub id: String,
    pub input: VariantInput,
}

/// A product ready to save: its fields, and its variants with the id of those that exist.
pub type ParsedProduct = (ProductFields, Vec<(Option<i64>, VariantFields)>);

pub fn parse(form: &ProductForm, variants: &[VariantBlock]) -> Result<ParsedProduct, Vec<FieldError>> {
    let fields = parse_product(
        form.name,
        form.description,
        form.category,
        form.unit,
        form.labels,
        form.active,
    );
    let mut errors = fields.as_ref().err().cloned().unwrap_or_default();
    let mut parsed = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        if v.id.is_empty() && v.input.is_blank() {
            continue;
        }
        match v.input.parse() {
            Ok(fields) => parsed.push((v.id.parse::<i64>().ok(), fields)),
            Err(e) => errors.extend(e.into_iter().map(|mut f| {
                f.field = format!("variants.{}.{}", i + 1, f.field);
                f
            })),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((fields?, parsed))
}
