//! The Data Food Consortium standard (DFC, ontology 1.16): the cooperative's catalogue as
//! JSON-LD that other food platforms read (Open Food Network, CoopCircuits…). The producers
//! are enterprises; each active variant is a supplied product, referenced by a catalog item
//! of its producer's catalog and offered at its retail price; an open order cycle is a sale
//! session listing its offers, at the cycle's price and limited to what is left.
//!
//! Pure: `store` gathers the rows, this module names every object by a stable address (LDP
//! style: each one can be fetched at its own IRI) and writes the graph, with the units and
//! product types of the DFC taxonomies. Quantities and prices are exact decimals of Maillon's
//! integers (grams, millilitres, cents, basis points).

use serde_json::{Value, json};

use crate::catalogue::{Category, Unit};

#[cfg(feature = "ssr")]
pub mod fetch;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod orders;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(test)]
mod tests;

/// The DFC context every document names. The official connector ships it, so a reader needs
/// no network to understand Maillon's documents.
pub const CONTEXT: &str =
    "https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld";

/// Where the DFC documents are served, under the site's address.
pub const ROOT: &str = "/dfc";

/// The IRI of every object Maillon publishes, each served at its own address.
#[derive(Clone, Debug)]
pub struct Iris {
    root: String,
}

impl Iris {
    /// `base_url`: the site's public address, without a trailing slash.
    pub fn new(base_url: &str) -> Iris {
        Iris {
            root: format!("{base_url}{ROOT}"),
        }
    }

    pub fn enterprises(&self) -> String {
        format!("{}/enterprises", self.root)
    }

    pub fn cooperative(&self) -> String {
        format!("{}/enterprises/cooperative", self.root)
    }

    pub fn enterprise(&self, producer: i64) -> String {
        format!("{}/enterprises/{producer}", self.root)
    }

    pub fn catalog(&self, producer: i64) -> String {
        format!("{}/catalog", self.enterprise(producer))
    }

    pub fn catalog_item(&self, producer: i64, variant: i64) -> String {
        format!("{}/catalog-items/{variant}", self.enterprise(producer))
    }

    pub fn supplied_product(&self, producer: i64, variant: i64) -> String {
        format!("{}/supplied-products/{variant}", self.enterprise(producer))
    }

    pub fn offer(&self, producer: i64, variant: i64) -> String {
        format!("{}/offers/{variant}", self.enterprise(producer))
    }

    pub fn sale_sessions(&self) -> String {
        format!("{}/sale-sessions", self.root)
    }

    pub fn sale_session(&self, cycle: i64) -> String {
        format!("{}/sale-sessions/{cycle}", self.root)
    }

    pub fn session_offer(&self, cycle: i64, variant: i64) -> String {
        format!("{}/offers/{variant}", self.sale_session(cycle))
    }

    pub fn orders(&self) -> String {
        format!("{}/orders", self.root)
    }

    pub fn order(&self, order: i64) -> String {
        format!("{}/orders/{order}", self.root)
    }

    pub fn order_line(&self, order: i64, variant: i64) -> String {
        format!("{}/lines/{variant}", self.order(order))
    }
}

/// The objects of a producer's document that can be fetched alone, by their kind in the IRI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    CatalogItem,
    SuppliedProduct,
    Offer,
}

impl Part {
    pub fn parse(segment: &str) -> Option<Part> {
        match segment {
            "catalog-items" => Some(Part::CatalogItem),
            "supplied-products" => Some(Part::SuppliedProduct),
            "offers" => Some(Part::Offer),
            _ => None,
        }
    }
}

/// One object of an item, as a document of its own (what its IRI serves).
pub fn item_part(iris: &Iris, producer: i64, item: &Item, part: Part) -> Value {
    let [catalog_item, supplied_product, offer] = item_nodes(iris, producer, item);
    document(vec![match part {
        Part::CatalogItem => catalog_item,
        Part::SuppliedProduct => supplied_product,
        Part::Offer => offer,
    }])
}

/// The product type of the DFC taxonomy a category is (its top concepts, and egg and bakery).
pub fn product_type(category: Category) -> &'static str {
    match category {
        Category::Vegetables => "dfc-pt:vegetable",
        Category::Fruits => "dfc-pt:fruit",
        Category::Dairy => "dfc-pt:dairy-product",
        Category::Meat => "dfc-pt:meat-product",
        Category::Eggs => "dfc-pt:egg",
        Category::Bread => "dfc-pt:bakery",
        Category::Grocery => "dfc-pt:local-grocery-store",
        Category::Drinks => "dfc-pt:drink",
    }
}

/// The DFC measure of a unit.
pub fn unit(unit: Unit) -> &'static str {
    match unit {
        Unit::Kg => "dfc-m:Kilogram",
        Unit::G => "dfc-m:Gram",
        Unit::L => "dfc-m:Litre",
        Unit::Ml => "dfc-m:Millilitre",
        Unit::Piece => "dfc-m:Piece",
        Unit::Bunch => "dfc-m:Bunch",
    }
}

pub const EURO: &str = "dfc-m:Euro";

/// A variant's size in its product's unit, from its smallest steps: 1500 g of a product sold
/// by the kilo is 1.5 kg. The decimal is exact (at most three places).
pub fn quantity_value(quantity: i64, unit: Unit) -> Value {
    match unit {
        Unit::Kg | Unit::L => decimal(quantity, 1000),
        Unit::G | Unit::Ml | Unit::Piece | Unit::Bunch => json!(quantity),
    }
}

/// Cents as euros (3.2 for 320).
pub fn euros(cents: i64) -> Value {
    decimal(cents, 100)
}

/// Basis points as a percentage (5.5 for 550).
pub fn vat_rate(basis_points: i32) -> Value {
    decimal(i64::from(basis_points), 100)
}

/// An integer over a power of ten as a JSON number: whole numbers stay integers, the others
/// are the nearest double, whose shortest form is the exact decimal at these sizes.
fn decimal(value: i64, divisor: i64) -> Value {
    if value % divisor == 0 {
        json!(value / divisor)
    } else {
        json!(value as f64 / divisor as f64)
    }
}

/// A producer as an enterprise: its public name and what it produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enterprise {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// One active variant of a listed product, as the producer's catalogue offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub variant_id: i64,
    /// "Product" or "Product — variant name" (the size is the quantity).
    pub name: String,
    pub category: Category,
    pub unit: Unit,
    /// In the unit's smallest step.
    pub quantity: i64,
    pub price_cents: i64,
    pub vat_bp: i32,
    /// What can be sold, when counted (`None`: made to order, without a cap).
    pub stock: Option<i64>,
}

/// An offer of a sale session: a producer's variant at the cycle's price, and what is left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOffer {
    pub producer_id: i64,
    pub variant_id: i64,
    pub price_cents: i64,
    pub vat_bp: i32,
    pub left: Option<i64>,
}

/// An open order cycle as a sale session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub cycle_id: i64,
    pub name: String,
    pub opens_at: chrono::DateTime<chrono::Utc>,
    pub closes_at: chrono::DateTime<chrono::Utc>,
}

/// A JSON-LD document of these objects.
pub fn document(graph: Vec<Value>) -> Value {
    json!({ "@context": CONTEXT, "@graph": graph })
}

fn reference(iri: &str) -> Value {
    json!({ "@id": iri })
}

fn references(iris: impl Iterator<Item = String>) -> Value {
    Value::Array(iris.map(|iri| reference(&iri)).collect())
}

fn price(cents: i64, vat_bp: i32) -> Value {
    json!({
        "@type": "dfc-b:Price",
        "dfc-b:value": euros(cents),
        "dfc-b:VATrate": vat_rate(vat_bp),
        "dfc-b:hasUnit": reference(EURO),
    })
}

/// Adds `key: value` to a node when there is a value (DFC leaves unknown facts out).
fn with(mut node: Value, key: &str, value: Option<Value>) -> Value {
    if let (Some(value), Some(map)) = (value, node.as_object_mut()) {
        map.insert(key.to_owned(), value);
    }
    node
}

/// The cooperative as an enterprise, with the producers whose catalogues it publishes.
pub fn enterprises(iris: &Iris, cooperative: &str, producers: &[Enterprise]) -> Value {
    let mut graph = vec![json!({
        "@id": iris.cooperative(),
        "@type": "dfc-b:Enterprise",
        "dfc-b:name": cooperative,
    })];
    graph.extend(producers.iter().map(|p| {
        json!({
            "@id": iris.enterprise(p.id),
            "@type": "dfc-b:Enterprise",
            "dfc-b:name": p.name,
            "dfc-b:hasDescription": p.description,
            "dfc-b:maintains": reference(&iris.catalog(p.id)),
        })
    }));
    document(graph)
}

/// A producer's document: the enterprise, its catalog, and for each item the catalog item,
/// the supplied product and the offer at the retail price.
pub fn catalogue(iris: &Iris, producer: &Enterprise, items: &[Item]) -> Value {
    let p = producer.id;
    let mut graph = vec![
        json!({
            "@id": iris.enterprise(p),
            "@type": "dfc-b:Enterprise",
            "dfc-b:name": producer.name,
            "dfc-b:hasDescription": producer.description,
            "dfc-b:maintains": reference(&iris.catalog(p)),
            "dfc-b:supplies": references(items.iter().map(|i| iris.supplied_product(p, i.variant_id))),
            "dfc-b:manages": references(items.iter().map(|i| iris.catalog_item(p, i.variant_id))),
        }),
        json!({
            "@id": iris.catalog(p),
            "@type": "dfc-b:Catalog",
            "dfc-b:maintainedBy": reference(&iris.enterprise(p)),
            "dfc-b:lists": references(items.iter().map(|i| iris.catalog_item(p, i.variant_id))),
        }),
    ];
    for item in items {
        graph.extend(item_nodes(iris, p, item));
    }
    document(graph)
}

/// The catalog item, the supplied product and the offer of one item.
pub fn item_nodes(iris: &Iris, producer: i64, item: &Item) -> [Value; 3] {
    let v = item.variant_id;
    let stock = item.stock.map(|n| json!(n.max(0)));
    [
        with(
            json!({
                "@id": iris.catalog_item(producer, v),
                "@type": "dfc-b:CatalogItem",
                "dfc-b:sku": format!("maillon-{v}"),
                "dfc-b:references": reference(&iris.supplied_product(producer, v)),
                "dfc-b:offeredThrough": reference(&iris.offer(producer, v)),
                "dfc-b:listedIn": reference(&iris.catalog(producer)),
            }),
            "dfc-b:stockLimitation",
            stock.clone(),
        ),
        json!({
            "@id": iris.supplied_product(producer, v),
            "@type": "dfc-b:SuppliedProduct",
            "dfc-b:name": item.name,
            "dfc-b:hasType": reference(product_type(item.category)),
            "dfc-b:hasQuantity": {
                "@type": "dfc-b:QuantitativeValue",
                "dfc-b:hasUnit": reference(unit(item.unit)),
                "dfc-b:value": quantity_value(item.quantity, item.unit),
            },
            "dfc-b:referencedBy": reference(&iris.catalog_item(producer, v)),
        }),
        with(
            json!({
                "@id": iris.offer(producer, v),
                "@type": "dfc-b:Offer",
                "dfc-b:offeredItem": reference(&iris.catalog_item(producer, v)),
                "dfc-b:hasPrice": price(item.price_cents, item.vat_bp),
            }),
            "dfc-b:stockLimitation",
            stock,
        ),
    ]
}

/// A sale session without its offers' details: its dates and the IRIs of what it lists.
fn session_node(iris: &Iris, session: &Session, offers: &[SessionOffer]) -> Value {
    json!({
        "@id": iris.sale_session(session.cycle_id),
        "@type": "dfc-b:SaleSession",
        "dfc-b:name": session.name,
        "dfc-b:beginDate": session.opens_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "dfc-b:endDate": session.closes_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "dfc-b:lists": references(offers.iter().map(|o| iris.session_offer(session.cycle_id, o.variant_id))),
    })
}

/// The open sale sessions, each listing its offers by IRI.
pub fn sale_sessions(iris: &Iris, sessions: &[(Session, Vec<SessionOffer>)]) -> Value {
    document(
        sessions
            .iter()
            .map(|(s, offers)| session_node(iris, s, offers))
            .collect(),
    )
}

/// A sale session with its offers: each offers a producer's catalog item at the cycle's price,
/// limited to what is left.
pub fn sale_session(iris: &Iris, session: &Session, offers: &[SessionOffer]) -> Value {
    let mut graph = vec![session_node(iris, session, offers)];
    graph.extend(offers.iter().map(|o| session_offer(iris, session.cycle_id, o)));
    document(graph)
}

pub fn session_offer(iris: &Iris, cycle: i64, offer: &SessionOffer) -> Value {
    with(
        json!({
            "@id": iris.session_offer(cycle, offer.variant_id),
            "@type": "dfc-b:Offer",
            "dfc-b:offeredItem": reference(&iris.catalog_item(offer.producer_id, offer.variant_id)),
            "dfc-b:hasPrice": price(offer.price_cents, offer.vat_bp),
        }),
        "dfc-b:stockLimitation",
        offer.left.map(|n| json!(n.max(0))),
    )
}
