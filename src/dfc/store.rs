//! The DFC documents of the served cooperative, from the catalogue's, the cycles' and the
//! orders' services. Only what the public shop shows: listed products, active variants, open
//! cycles; another cooperative's producer or cycle is not found.

use serde_json::Value;

use super::orders::{LineDoc, OrderDoc};
use super::{Enterprise, Iris, Item, Part, Session, SessionOffer};
use crate::accounts::platforms::Platform;
use crate::catalogue::{ProductSummary, Stock, line_label};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::orders::{OfferedVariant, OrderStatus};

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

/// The orders a platform reads: its account's, newest first.
pub const ORDERS_LISTED: i64 = 100;

/// The account's orders (`only`: that one), with their lines.
async fn order_docs(ctx: &Ctx, platform: &Platform, only: Option<i64>) -> ServiceResult<Vec<OrderDoc>> {
    let rows = sqlx::query!(
        r#"SELECT id, cycle_id, created_at AS "created_at: chrono::DateTime<chrono::Utc>",
                  status AS "status: OrderStatus", paid_at IS NOT NULL AS "paid!",
                  collected_at IS NOT NULL AS "collected!"
           FROM orders WHERE coop_id = $1 AND user_id = $2 AND ($3::bigint IS NULL OR id = $3)
           ORDER BY created_at DESC, id DESC LIMIT $4"#,
        ctx.coop_id(),
        platform.account.id,
        only,
        ORDERS_LISTED
    )
    .fetch_all(&ctx.pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let lines = sqlx::query!(
        "SELECT order_id, variant_id, product_name, variant_label, quantity, unit_price_cents, vat_bp
         FROM order_lines WHERE order_id = ANY($1) ORDER BY order_id, variant_id",
        &ids[..]
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OrderDoc {
            id: r.id,
            cycle_id: r.cycle_id,
            created_at: r.created_at,
            status: r.status,
            paid: r.paid,
            collected: r.collected,
            lines: lines
                .iter()
                .filter(|l| l.order_id == r.id)
                .map(|l| LineDoc {
                    variant_id: l.variant_id,
                    label: line_label(&l.product_name, &l.variant_label),
                    quantity: l.quantity,
                    unit_price_cents: l.unit_price_cents,
                    vat_bp: l.vat_bp,
                })
                .collect(),
        })
        .collect())
}

/// The orders of the platform's account.
pub async fn orders(ctx: &Ctx, platform: &Platform) -> ServiceResult<Value> {
    Ok(super::orders::orders(
        &iris(ctx),
        &order_docs(ctx, platform, None).await?,
    ))
}

/// One order of the platform's account; another's is not found.
pub async fn order(ctx: &Ctx, platform: &Platform, id: i64) -> ServiceResult<Value> {
    let docs = order_docs(ctx, platform, Some(id)).await?;
    let doc = docs.first().ok_or(ServiceError::NotFound)?;
    Ok(super::orders::order(&iris(ctx), doc))
}

/// One line of one of the platform's account's orders.
pub async fn order_line(ctx: &Ctx, platform: &Platform, id: i64, variant: i64) -> ServiceResult<Value> {
    let docs = order_docs(ctx, platform, Some(id)).await?;
    let doc = docs.first().ok_or(ServiceError::NotFound)?;
    super::orders::line(&iris(ctx), doc, variant).ok_or(ServiceError::NotFound)
}

/// Places the order a platform posted, for its account, paid at pickup at the sale session's
/// first pickup point with room. Returns the order's id and its document.
pub async fn place(ctx: &Ctx, platform: &Platform, doc: &Value, key: &str) -> ServiceResult<(i64, Value)> {
    let wanted = super::orders::parse_order(&iris(ctx), doc).map_err(ServiceError::invalid)?;
    let cycle = crate::cycles::store::cycle(ctx, wanted.cycle_id).await?;
    let mut conn = ctx.pool.acquire().await?;
    let slot = crate::cycles::store::slots(&mut conn, cycle.id)
        .await?
        .into_iter()
        .filter(|s| !s.is_delivery() && !s.is_full())
        .min_by_key(|s| (s.starts_at, s.id))
        .ok_or(ServiceError::invalid(Msg::ErrDfcOrderPickup))?;
    drop(conn);
    let placed =
        crate::orders::store::order_lines(ctx, &platform.account, cycle.id, &wanted.lines, slot.id, key).await?;
    Ok((placed.order_id, order(ctx, platform, placed.order_id).await?))
}
