//! A producer's catalogue read from a DFC document (for instance their Open Food Network or
//! CoopCircuits catalogue, or what the official connector exports): JSON-LD compacted with
//! the DFC context, as Maillon, the connector and Open Food Network write it. Each supplied
//! product becomes a line of a catalogue import, so that it goes through the same preview and
//! the same all-or-nothing apply as a CSV file; what Maillon cannot read in a line (a product
//! type or a unit it has no place for, no price) shows as that line's error in the preview.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::catalogue::Category;
use crate::i18n::Msg;

/// A DFC document rather than a CSV file: JSON starts with a brace or a bracket.
pub fn is_dfc(content: &str) -> bool {
    matches!(content.trim_start().chars().next(), Some('{' | '['))
}

const BUSINESS: &str =
    "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#";

type Node = Map<String, Value>;

/// A property of the business ontology, by its compact or its full name.
pub(super) fn prop<'a>(node: &'a Node, name: &str) -> Option<&'a Value> {
    node.get(&format!("dfc-b:{name}"))
        .or_else(|| node.get(&format!("{BUSINESS}{name}")))
}

/// The last part of an IRI or compact IRI: `Kilogram` for `dfc-m:Kilogram` or `…measures.rdf#Kilogram`.
fn term(iri: &str) -> &str {
    iri.rsplit(['#', ':', '/']).next().unwrap_or(iri)
}

pub(super) fn is_a(node: &Node, kind: &str) -> bool {
    let one = |t: &Value| t.as_str().is_some_and(|t| term(t) == kind);
    match node.get("@type") {
        Some(Value::Array(types)) => types.iter().any(one),
        Some(t) => one(t),
        None => false,
    }
}

fn id(node: &Node) -> Option<&str> {
    node.get("@id").and_then(Value::as_str)
}

/// The first of a property's values (a property may hold one value or a list).
fn first(value: Option<&Value>) -> Option<&Value> {
    match value? {
        Value::Array(items) => items.first(),
        v => Some(v),
    }
}

/// An IRI a property refers to: `"iri"` or `{"@id": "iri"}`.
pub(super) fn reference(value: Option<&Value>) -> Option<&str> {
    match first(value)? {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("@id").and_then(Value::as_str),
        _ => None,
    }
}

/// A literal: a JSON string or number, or `{"@value": …}`.
fn literal(value: Option<&Value>) -> Option<String> {
    match first(value)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => literal(o.get("@value")),
        _ => None,
    }
}

pub(super) fn number(value: Option<&Value>) -> Option<f64> {
    literal(value)?.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Every node of the document, by IRI where it has one, and in order.
pub(super) struct Graph<'a> {
    nodes: Vec<&'a Node>,
    by_id: HashMap<&'a str, &'a Node>,
}

impl<'a> Graph<'a> {
    pub(super) fn new(doc: &'a Value) -> Graph<'a> {
        fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Node>) {
            match v {
                Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                Value::Object(o) => {
                    if let Some(graph) = o.get("@graph") {
                        walk(graph, out);
                    } else {
                        out.push(o);
                    }
                }
                _ => {}
            }
        }
        let mut nodes = Vec::new();
        walk(doc, &mut nodes);
        let by_id = nodes.iter().filter_map(|n| id(n).map(|i| (i, *n))).collect();
        Graph { nodes, by_id }
    }

    /// The node a property holds: written inline, or referred to by its IRI.
    pub(super) fn follow(&self, value: Option<&'a Value>) -> Option<&'a Node> {
        match first(value)? {
            Value::Object(o) if o.keys().any(|k| k != "@id") => Some(o),
            v => self.by_id.get(reference(Some(v))?).copied(),
        }
    }

    pub(super) fn of_type<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'a Node> + 's {
        self.nodes.iter().copied().filter(move |n| is_a(n, kind))
    }
}

/// A DFC product type as a category: the taxonomy's top concepts Maillon has, and eggs and
/// bread. Another type is written as it is, and the preview says it is not a category.
fn category(product_type: &str) -> String {
    let code = match term(product_type) {
        "vegetable" => Category::Vegetables,
        "fruit" => Category::Fruits,
        "dairy-product" => Category::Dairy,
        "meat-product" => Category::Meat,
        "egg" => Category::Eggs,
        "bakery" | "bread" => Category::Bread,
        "local-grocery-store" => Category::Grocery,
        "drink" => Category::Drinks,
        other => return other.to_owned(),
    };
    code.code().to_owned()
}

/// A DFC measure as a unit and the number of its smallest steps in one.
fn unit(measure: &str) -> Option<(&'static str, f64)> {
    Some(match term(measure) {
        "Kilogram" => ("kg", 1000.0),
        "Gram" => ("g", 1.0),
        "Litre" => ("l", 1000.0),
        "Centilitre" => ("ml", 10.0),
        "Millilitre" => ("ml", 1.0),
        "Piece" => ("piece", 1.0),
        "Bunch" => ("botte", 1.0),
        _ => return None,
    })
}

fn decimal_comma(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

/// The lines of a catalogue import (`catalogue::csv`) for the supplied products of a DFC
/// document. A name "Product — variant" (as Maillon writes it) is a variant of that product.
pub fn to_csv(content: &str) -> Result<String, Msg> {
    let doc: Value = serde_json::from_str(content).map_err(|_| Msg::ErrDfcUnreadable)?;
    let graph = Graph::new(&doc);
    let mut writer = crate::spreadsheet::CsvWriter::new();
    // The import's columns, less those a DFC catalogue does not give (the defaults apply).
    writer.row(
        crate::catalogue::csv::COLUMNS
            .iter()
            .filter(|c| !matches!(**c, "variant_id" | "prix_pro" | "colisage" | "poids_g" | "plafond")),
    );
    // For documents without the links back (`referencedBy`, `offeredThrough`): each product's
    // catalog item and each item's offer, found once rather than searched for every product.
    let linked = |kind, property| {
        let mut first: HashMap<&str, &Node> = HashMap::new();
        for n in graph.of_type(kind) {
            if let Some(target) = reference(prop(n, property)) {
                first.entry(target).or_insert(n);
            }
        }
        first
    };
    let (item_of, offer_of) = (linked("CatalogItem", "references"), linked("Offer", "offeredItem"));
    let mut lines = 0;
    for product in graph.of_type("SuppliedProduct") {
        lines += 1;
        let name = literal(prop(product, "name")).unwrap_or_default();
        let (product_name, variant_name) = match name.split_once(" — ") {
            Some((p, v)) => (p.trim().to_owned(), v.trim().to_owned()),
            None => (name.trim().to_owned(), String::new()),
        };
        let kind = reference(prop(product, "hasType")).map(category).unwrap_or_default();
        let quantity = graph.follow(prop(product, "hasQuantity"));
        let measure = quantity.and_then(|q| reference(prop(q, "hasUnit")));
        let size = quantity.and_then(|q| number(prop(q, "value")));
        let (unit_code, steps) = match (measure.and_then(unit), size) {
            (Some((code, per)), Some(value)) => (code.to_owned(), format!("{}", (value * per).round() as i64)),
            (None, _) => (measure.map(term).unwrap_or_default().to_owned(), String::new()),
            (Some((code, _)), None) => (code.to_owned(), String::new()),
        };
        // The catalog item that references it, and that item's offer.
        let item = graph
            .follow(prop(product, "referencedBy"))
            .or_else(|| item_of.get(id(product)?).copied());
        let offer = item
            .and_then(|i| graph.follow(prop(i, "offeredThrough")))
            .or_else(|| offer_of.get(item.and_then(id)?).copied());
        let price = offer.and_then(|o| graph.follow(prop(o, "hasPrice")));
        let euros = price.and_then(|p| number(prop(p, "value")));
        let vat = price.and_then(|p| number(prop(p, "VATrate")));
        let stock = item
            .and_then(|i| number(prop(i, "stockLimitation")))
            .or_else(|| offer.and_then(|o| number(prop(o, "stockLimitation"))));
        writer.row([
            product_name,
            kind,
            unit_code,
            variant_name,
            steps,
            euros.map(|e| decimal_comma(e, 2)).unwrap_or_default(),
            vat.map(|v| decimal_comma(v, 1)).unwrap_or_default(),
            if stock.is_some() { "fini" } else { "sur_demande" }.to_owned(),
            stock
                .map(|s| (s.max(0.0).round() as i64).to_string())
                .unwrap_or_default(),
            "oui".to_owned(),
        ]);
    }
    if lines == 0 {
        return Err(Msg::ErrDfcNoProducts);
    }
    Ok(writer.finish())
}
