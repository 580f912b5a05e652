//! The DFC documents of the served cooperative, from the catalogue's, the cycles' and the
//! orders' services. Only what the public shop shows: listed products, active variants, open
//! cycles; another cooperative's producer or cycle is not found.

use serde_json::Value;

use super::{Enterprise, Iris, Item, Part, Session, SessionOffer};
use crate::catalogue::{ProductSummary, Stock, line_label};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Locale;
use crate::orders::OfferedVariant;

fn iris(ctx: &Ctx) -> Iris {
    Iris::new(ctx.base_url())
}

fn items(products: Vec<ProductSummary>) -> Vec<Item> {
    products
        .into_iter()
        .flat_map(|p| {
            let (name, category, unit) = (p.name, p.category, p.unit);
            p.variants.into_iter().map(move |v| Item {
                variant_id: v.id,
                name: if v.fields.name.trim().is_empty() {
                    name.clone()
                } else {
                    line_label(&name, v.fields.name.trim())
                },
                category,
                unit,
                quantity: v.fields.quantity,
                price_cents: v.fields.retail_price_cents,
                vat_bp: v.fields.vat_bp,
                stock: match v.fields.stock {
                    Stock::Finite(n) => Some(n),
                    Stock::OnDemand { .. } => None,
                },
            })
        })
        .collect()
}

async fn enterprise(ctx: &Ctx, producer_id: i64) -> ServiceResult<Enterprise> {
    let p = crate::catalogue::store::producer(ctx, producer_id).await?;
    Ok(Enterprise {
        id: p.id,
        name: p.farm_name,
        description: p.produce,
    })
}

/// The cooperative and the producers with something listed.
pub async fn enterprises(ctx: &Ctx) -> ServiceResult<Value> {
    let producers: Vec<Enterprise> = crate::catalogue::store::listed_producers(ctx)
        .await?
        .into_iter()
        .map(|(id, name, description)| Enterprise { id, name, description })
        .collect();
    Ok(super::enterprises(&iris(ctx), &ctx.coop().name, &producers))
}

/// A producer's enterprise and catalogue.
pub async fn catalogue(ctx: &Ctx, producer_id: i64) -> ServiceResult<Value> {
    let producer = enterprise(ctx, producer_id).await?;
    let range = crate::catalogue::store::producer_range(ctx, producer_id, None).await?;
    Ok(super::catalogue(&iris(ctx), &producer, &items(range)))
}

/// One object of a producer's catalogue; not found unless the variant is listed.
pub async fn catalogue_part(ctx: &Ctx, producer_id: i64, part: Part, variant_id: i64) -> ServiceResult<Value> {
    let range = crate::catalogue::store::producer_range(ctx, producer_id, Some(variant_id)).await?;
    let item = items(range).into_iter().next().ok_or(ServiceError::NotFound)?;
    Ok(super::item_part(&iris(ctx), producer_id, &item, part))
}

fn session_offer(o: OfferedVariant) -> SessionOffer {
    SessionOffer {
        producer_id: o.producer_id,
        variant_id: o.variant_id,
        price_cents: o.retail_price_cents,
        vat_bp: o.vat_bp,
        left: o.left(),
    }
}

async fn session(ctx: &Ctx, cycle: crate::cycles::CycleSummary) -> ServiceResult<(Session, Vec<SessionOffer>)> {
    let offers = crate::orders::store::offers_on_sale(ctx, cycle.id, Locale::Fr).await?;
    Ok((
        Session {
            cycle_id: cycle.id,
            name: cycle.name,
            opens_at: cycle.opens_at,
            closes_at: cycle.closes_at,
        },
        offers.into_iter().map(session_offer).collect(),
    ))
}

/// The cycles open to orders, as sale sessions listing their offers.
pub async fn sale_sessions(ctx: &Ctx) -> ServiceResult<Value> {
    let mut sessions = Vec::new();
    for cycle in crate::cycles::store::open_cycles(ctx).await? {
        match session(ctx, cycle).await {
            Ok(s) => sessions.push(s),
            // Closed in between.
            Err(ServiceError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(super::sale_sessions(&iris(ctx), &sessions))
}

/// An open cycle as a sale session, with its offers.
pub async fn sale_session(ctx: &Ctx, cycle_id: i64) -> ServiceResult<Value> {
    let cycle = crate::cycles::store::cycle(ctx, cycle_id).await?;
    let (session, offers) = session(ctx, cycle).await?;
    Ok(super::sale_session(&iris(ctx), &session, &offers))
}

/// One offer of an open sale session.
pub async fn sale_session_offer(ctx: &Ctx, cycle_id: i64, variant_id: i64) -> ServiceResult<Value> {
    let cycle = crate::cycles::store::cycle(ctx, cycle_id).await?;
    let (_, offers) = session(ctx, cycle).await?;
    let offer = offers
        .iter()
        .find(|o| o.variant_id == variant_id)
        .ok_or(ServiceError::NotFound)?;
    Ok(super::document(vec![super::session_offer(&iris(ctx), cycle_id, offer)]))
}
