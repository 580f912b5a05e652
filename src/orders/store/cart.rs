//! Carts: the shop front, adding to and setting the cart, adopting a browser's cart at sign-in,
//! purging forgotten ones, and the cart as the checkout page shows it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::rows::{OfferedRow, cycle_state, offered, select_offered};
use crate::catalogue::{Category, Label, StockMode, Unit};
use crate::ctx::Ctx;
use crate::cycles::accepts_orders;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::ids::{CycleId, VariantId};
use crate::orders::{
    CartLine, CartView, CheckoutDraft, OfferedVariant, PaymentMethod, Pricing, ShopFront, ShopProduct, ShopVariant,
    check_quantity, shortages, totals,
};

/// Whose cart: an account's, or a browser session's before sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartOwner {
    User(i64),
    Anon(String),
}

impl CartOwner {
    fn parts(&self) -> (Option<i64>, Option<&str>) {
        match self {
            CartOwner::User(id) => (Some(*id), None),
            CartOwner::Anon(token) => (None, Some(token.as_str())),
        }
    }
}

pub(super) async fn cart_id(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    owner: &CartOwner,
) -> ServiceResult<Option<i64>> {
    let (user_id, token) = owner.parts();
    Ok(sqlx::query_scalar!(
        "SELECT id FROM carts WHERE coop_id = $1 AND cycle_id = $2
             AND (user_id = $3 OR ($3 IS NULL AND anon_token = $4))",
        coop_id,
        cycle_id,
        user_id,
        token,
    )
    .fetch_optional(conn)
    .await?)
}

/// The owner's cart for the cycle, created if needed; its `updated_at` says it is in use (an
/// anonymous cart left alone is purged, see [`purge_anonymous_carts`]).
async fn ensure_cart(conn: &mut PgConnection, coop_id: i64, cycle_id: i64, owner: &CartOwner) -> ServiceResult<i64> {
    if let Some(id) = cart_id(conn, coop_id, cycle_id, owner).await? {
        sqlx::query!("UPDATE carts SET updated_at = now() WHERE id = $1", id)
            .execute(&mut *conn)
            .await?;
        return Ok(id);
    }
    let (user_id, token) = owner.parts();
    // Only for a cycle of this cooperative: another's, or none, is not found. The conflict
    // target is the partial unique index of the owner's kind.
    let id = match owner {
        CartOwner::User(_) => {
            sqlx::query_scalar!(
                "INSERT INTO carts (coop_id, cycle_id, user_id, anon_token)
                 SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM order_cycles WHERE coop_id = $1 AND id = $2)
                 ON CONFLICT (cycle_id, user_id) WHERE user_id IS NOT NULL DO UPDATE SET updated_at = now() RETURNING id",
                coop_id,
                cycle_id,
                user_id,
                token,
            )
            .fetch_optional(conn)
            .await?
        }
        CartOwner::Anon(_) => {
            sqlx::query_scalar!(
                "INSERT INTO carts (coop_id, cycle_id, user_id, anon_token)
                 SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM order_cycles WHERE coop_id = $1 AND id = $2)
                 ON CONFLICT (cycle_id, anon_token) WHERE anon_token IS NOT NULL DO UPDATE SET updated_at = now() RETURNING id",
                coop_id,
                cycle_id,
                user_id,
                token,
            )
            .fetch_optional(conn)
            .await?
        }
    };
    id.ok_or(ServiceError::NotFound)
}

/// The solidarity discounts a buyer gets, if any: trade buyers pay trade prices; the
/// solidarity price is for residents who hold a status, at their category's rate.
pub(super) async fn solidarity_rates(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user: i64,
    pricing: Pricing,
) -> ServiceResult<Option<crate::solidarity::Rates>> {
    match pricing {
        Pricing::Retail => crate::solidarity::store::member_rates(conn, ctx.coop_id(), user, ctx.today()).await,
        Pricing::Pro => Ok(None),
    }
}

pub(super) async fn cart_lines(conn: &mut PgConnection, cart: Option<i64>) -> ServiceResult<Vec<(i64, i64)>> {
    let Some(cart) = cart else {
        return Ok(vec![]);
    };
    let rows = sqlx::query!(
        "SELECT variant_id, quantity FROM cart_lines WHERE cart_id = $1 ORDER BY variant_id",
        cart
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.variant_id, r.quantity)).collect())
}

struct ShopRow {
    variant_id: i64,
    product_id: i64,
    producer_id: i64,
    product_name: String,
    category: Category,
    variant_name: String,
    quantity: i64,
    unit: Unit,
    retail_price_cents: i64,
    pro_price_cents: i64,
    case_size: i32,
    vat_bp: i32,
    stock_mode: StockMode,
    stock: i64,
    on_demand_cap: Option<i64>,
    stock_cap: Option<i64>,
    sold: i64,
    active: bool,
    producer_name: String,
    labels: Vec<Label>,
    photo_id: Option<i64>,
}

impl ShopRow {
    /// The offer, and the row's producer name, labels and photo.
    fn split(self) -> (OfferedRow, String, Vec<Label>, Option<i64>) {
        let offer = OfferedRow {
            variant_id: self.variant_id,
            product_id: self.product_id,
            producer_id: self.producer_id,
            product_name: self.product_name,
            category: self.category,
            variant_name: self.variant_name,
            quantity: self.quantity,
            unit: self.unit,
            retail_price_cents: self.retail_price_cents,
            pro_price_cents: self.pro_price_cents,
            case_size: self.case_size,
            vat_bp: self.vat_bp,
            stock_mode: self.stock_mode,
            stock: self.stock,
            on_demand_cap: self.on_demand_cap,
            stock_cap: self.stock_cap,
            sold: self.sold,
            active: self.active,
        };
        (offer, self.producer_name, self.labels, self.photo_id)
    }
}

/// An open cycle's shop front: its active offers by category (of `only` these products, if
/// given), with the buyer's prices, what is left when it is little, and what is already in the
/// cart, and for a resident with a solidarity status the price they pay. Three queries, and one
/// to three more for a signed-in resident (their status, then the rates).
pub async fn shop_front(
    ctx: &Ctx,
    cycle_id: i64,
    pricing: Pricing,
    owner: Option<&CartOwner>,
    only: Option<&[i64]>,
    locale: Locale,
) -> ServiceResult<ShopFront> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let state = cycle_state(&mut conn, coop_id, cycle_id, false).await?;
    if !accepts_orders(state.status, state.closes_at, ctx.now) {
        return Err(ServiceError::invalid(Msg::ErrCycleClosed));
    }
    let rows: Vec<ShopRow> = select_offered!(
        ShopRow,
        r#", pr.farm_name AS producer_name, p.labels AS "labels: Vec<Label>",
            (SELECT ph.id FROM photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1) AS photo_id"#,
        "JOIN producers pr ON pr.id = p.producer_id
         WHERE o.cycle_id = $1 AND p.active AND v.active AND ($2::bigint[] IS NULL OR p.id = ANY($2))
         ORDER BY p.category, p.name, p.id, v.position, v.id",
        cycle_id,
        only,
    )
    .fetch_all(&mut *conn)
    .await?;
    let cart = match owner {
        Some(owner) => cart_id(&mut conn, coop_id, cycle_id, owner).await?,
        None => None,
    };
    let in_cart: HashMap<i64, i64> = cart_lines(&mut conn, cart).await?.into_iter().collect();
    let rates = match owner {
        Some(CartOwner::User(user)) => solidarity_rates(&mut conn, ctx, *user, pricing).await?,
        _ => None,
    };
    let mut products: Vec<ShopProduct> = Vec::new();
    for row in rows {
        let (offer, producer_name, labels, photo_id) = row.split();
        let category = offer.category;
        let (unit, quantity) = (offer.unit, offer.quantity);
        let offer = offer.into_offer(locale);
        let variant = ShopVariant {
            variant_id: offer.variant_id,
            label: offer.variant_label.clone(),
            price_cents: offer.price(pricing),
            solidarity_price_cents: rates.as_ref().and_then(|r| {
                let price = offer.price(pricing);
                let discount = crate::solidarity::discount_cents(price, r.for_category(category));
                (discount > 0).then_some(price - discount)
            }),
            quantity,
            step: offer.step(pricing),
            low: offer.left().filter(|n| *n <= crate::orders::LOW_STOCK),
            in_cart: in_cart.get(&offer.variant_id).copied().unwrap_or(0),
        };
        match products.last_mut() {
            Some(p) if p.product_id == offer.product_id => p.variants.push(variant),
            _ => products.push(ShopProduct {
                product_id: offer.product_id,
                name: offer.product_name,
                producer_name,
                category,
                unit,
                labels,
                photo_id,
                variants: vec![variant],
            }),
        }
    }
    Ok(ShopFront {
        cycle_id,
        cycle_name: state.name,
        closes_at: state.closes_at,
        pricing,
        products,
        cart_count: in_cart.values().sum(),
    })
}

/// What an open cycle offers (its active offers), at the cycle's prices and with what is left,
/// in the shop's order; not found when the cycle does not take orders (or is another
/// cooperative's). Two queries.
pub async fn offers_on_sale(ctx: &Ctx, cycle_id: i64, locale: Locale) -> ServiceResult<Vec<OfferedVariant>> {
    let mut conn = ctx.pool.acquire().await?;
    let state = cycle_state(&mut conn, ctx.coop_id(), cycle_id, false).await?;
    if !accepts_orders(state.status, state.closes_at, ctx.now) {
        return Err(ServiceError::NotFound);
    }
    let rows: Vec<OfferedRow> = select_offered!(
        OfferedRow,
        "",
        "WHERE o.cycle_id = $1 AND p.active AND v.active ORDER BY p.category, p.name, p.id, v.position, v.id",
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.into_offer(locale)).collect())
}

/// What of these products is on sale this week, as the shop shows it: the shop front of the
/// open cycle closing first (the one `/boutique` opens on), limited to them; None when no cycle
/// takes orders.
pub async fn on_sale(
    ctx: &Ctx,
    products: &[i64],
    pricing: Pricing,
    owner: Option<&CartOwner>,
    locale: Locale,
) -> ServiceResult<Option<ShopFront>> {
    let cycles = crate::cycles::store::open_cycles(ctx).await?;
    let Some(cycle) = cycles.first() else {
        return Ok(None);
    };
    match shop_front(ctx, cycle.id, pricing, owner, Some(products), locale).await {
        Ok(front) => Ok(Some(front)),
        // Closed in between: nothing is on sale any more.
        Err(ServiceError::Invalid { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Adds units of a variant to the cart; refuses more than is left, and part cases for
/// shopkeepers. Returns how many units the cart now holds in all. The ids are typed: the
/// cycle, the variant and the quantity cannot be passed in the wrong order.
pub async fn add_to_cart(
    ctx: &Ctx,
    cycle_id: CycleId,
    owner: &CartOwner,
    pricing: Pricing,
    variant_id: VariantId,
    add: i64,
) -> ServiceResult<i64> {
    let (coop_id, cycle_id, variant_id) = (ctx.coop_id(), cycle_id.0, variant_id.0);
    // Bounded before any arithmetic: what is added is a line quantity itself.
    if !(1..=crate::orders::MAX_LINE_QUANTITY).contains(&add) {
        return Err(ServiceError::field("quantity", Msg::ErrOrderQuantity));
    }
    let mut tx = ctx.pool.begin().await?;
    let state = cycle_state(&mut tx, coop_id, cycle_id, false).await?;
    if !accepts_orders(state.status, state.closes_at, ctx.now) {
        return Err(ServiceError::invalid(Msg::ErrCycleClosed));
    }
    let offers = offered(&mut tx, cycle_id, &[variant_id], false, Locale::Fr).await?;
    let offer = offers
        .get(&variant_id)
        .filter(|o| o.active)
        .ok_or(ServiceError::NotFound)?;
    let cart = ensure_cart(&mut tx, coop_id, cycle_id, owner).await?;
    let held: i64 = sqlx::query_scalar!(
        "SELECT quantity FROM cart_lines WHERE cart_id = $1 AND variant_id = $2",
        cart,
        variant_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .unwrap_or(0);
    let quantity = held + add;
    check_quantity(pricing, offer.case_size, quantity).map_err(|m| ServiceError::field("quantity", m))?;
    let short = shortages(&[(variant_id, quantity)], &offers);
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    sqlx::query!(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity) VALUES ($1, $2, $3)
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity",
        cart,
        variant_id,
        quantity,
    )
    .execute(&mut *tx)
    .await?;
    let count: i64 = sqlx::query_scalar!(
        r#"SELECT coalesce(sum(quantity), 0)::bigint AS "count!" FROM cart_lines WHERE cart_id = $1"#,
        cart
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(count)
}

/// Sets the cart's quantities (0 removes a line), all lines or none.
pub async fn set_cart(
    ctx: &Ctx,
    cycle_id: i64,
    owner: &CartOwner,
    pricing: Pricing,
    lines: &[(i64, i64)],
) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let cart = ensure_cart(&mut tx, ctx.coop_id(), cycle_id, owner).await?;
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    let offers = offered(&mut tx, cycle_id, &ids, false, Locale::Fr).await?;
    for &(variant_id, quantity) in lines.iter().filter(|(_, q)| *q != 0) {
        let offer = offers.get(&variant_id).ok_or(ServiceError::NotFound)?;
        check_quantity(pricing, offer.case_size, quantity).map_err(|m| ServiceError::field("quantity", m))?;
    }
    let (keep, remove): (Vec<_>, Vec<_>) = lines.iter().partition(|(_, q)| *q > 0);
    let removed: Vec<i64> = remove.iter().map(|(v, _)| *v).collect();
    sqlx::query!(
        "DELETE FROM cart_lines WHERE cart_id = $1 AND variant_id = ANY($2)",
        cart,
        &removed[..]
    )
    .execute(&mut *tx)
    .await?;
    let kept: Vec<i64> = keep.iter().map(|(v, _)| *v).collect();
    let quantities: Vec<i64> = keep.iter().map(|(_, q)| *q).collect();
    sqlx::query!(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity) SELECT $1, v, q FROM unnest($2::bigint[], $3::bigint[]) AS t(v, q)
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity",
        cart,
        &kept[..],
        &quantities[..],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How long a browser's cart is kept without a change before sign-in. Its session usually
/// ends sooner (`MAILLON_SESSION_IDLE_HOURS`), and the cart with it.
pub const ANONYMOUS_CART_DAYS: i64 = 30;

/// Deletes the carts of browsers that never signed in once nobody can use them: their cycle no
/// longer takes orders, or they were left unchanged for [`ANONYMOUS_CART_DAYS`]. Accounts'
/// carts are kept. Returns how many carts went.
pub async fn purge_anonymous_carts(pool: &PgPool, now: DateTime<Utc>) -> ServiceResult<u64> {
    Ok(sqlx::query!(
        "DELETE FROM carts c USING order_cycles oc
         WHERE oc.id = c.cycle_id AND c.anon_token IS NOT NULL
           AND (oc.status <> 'open' OR oc.closes_at <= $1 OR c.updated_at < $1 - make_interval(days => $2))",
        now as _,
        ANONYMOUS_CART_DAYS as i32,
    )
    .execute(pool)
    .await?
    .rows_affected())
}

/// Gives the carts a browser filled before signing in to the account that just signed in; for
/// a variant in both, the browser's quantity wins (it is the latest wish).
pub async fn adopt_carts(pool: &PgPool, anon_token: &str, user_id: i64) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE carts a SET user_id = $2, anon_token = NULL WHERE a.anon_token = $1
           AND NOT EXISTS (SELECT 1 FROM carts u WHERE u.user_id = $2 AND u.cycle_id = a.cycle_id)",
        anon_token,
        user_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity)
         SELECT u.id, l.variant_id, l.quantity FROM carts a JOIN cart_lines l ON l.cart_id = a.id
         JOIN carts u ON u.user_id = $2 AND u.cycle_id = a.cycle_id WHERE a.anon_token = $1
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity",
        anon_token,
        user_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM carts WHERE anon_token = $1", anon_token)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn cart_view(
    ctx: &Ctx,
    cycle_id: i64,
    owner: Option<&CartOwner>,
    pricing: Pricing,
    card_payments: bool,
    locale: Locale,
) -> ServiceResult<CartView> {
    let coop_id = ctx.coop_id();
    let mut conn = ctx.pool.acquire().await?;
    let state = cycle_state(&mut conn, coop_id, cycle_id, false).await?;
    let cart = match owner {
        Some(owner) => cart_id(&mut conn, coop_id, cycle_id, owner).await?,
        None => None,
    };
    let held = cart_lines(&mut conn, cart).await?;
    let ids: Vec<i64> = held.iter().map(|(v, _)| *v).collect();
    let offers = offered(&mut conn, cycle_id, &ids, false, locale).await?;
    let (credit_cents, rates) = match owner {
        Some(CartOwner::User(user)) => (
            crate::credit::store::balance(&mut conn, coop_id, *user).await?.0,
            solidarity_rates(&mut conn, ctx, *user, pricing).await?,
        ),
        _ => (0, None),
    };
    let lines: Vec<CartLine> = held
        .iter()
        .filter_map(|&(variant_id, quantity)| {
            let o = offers.get(&variant_id)?;
            Some(CartLine {
                variant_id,
                product_name: o.product_name.clone(),
                variant_label: o.variant_label.clone(),
                unit_price_cents: o.price(pricing),
                quantity,
                step: o.step(pricing),
                left: if o.active { o.left() } else { Some(0) },
                solidarity_bp: rates.as_ref().map_or(0, |r| r.for_category(o.category)),
            })
        })
        .collect();
    let solidarity_cents =
        crate::solidarity::discount_on(lines.iter().map(|l| (l.solidarity_bp, l.unit_price_cents * l.quantity)));
    let subtotal_cents = totals(lines.iter().map(|l| (l.unit_price_cents, l.quantity)), 0).subtotal_cents;
    let slots = crate::cycles::store::slots(&mut conn, cycle_id).await?;
    let draft = match cart {
        Some(cart) => {
            sqlx::query_as!(
                CheckoutDraft,
                r#"SELECT draft_slot_id AS slot_id, draft_address AS address, draft_postcode AS postcode,
                        draft_phone AS phone, draft_payment AS "payment: PaymentMethod"
                 FROM carts WHERE id = $1"#,
                cart
            )
            .fetch_one(&mut *conn)
            .await?
        }
        None => CheckoutDraft::default(),
    };
    Ok(CartView {
        cycle_id,
        cycle_name: state.name,
        closes_at: state.closes_at,
        accepts_orders: accepts_orders(state.status, state.closes_at, ctx.now),
        pricing,
        lines,
        subtotal_cents,
        slots,
        card_payments,
        credit_cents,
        solidarity_cents,
        signed_in: matches!(owner, Some(CartOwner::User(_))),
        draft,
    })
}
