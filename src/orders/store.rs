//! Carts, checkout, order changes and payments in Postgres.
//!
//! Stock is reserved inside the checkout transaction. Rows are always locked in the same order
//! (the order, the cycle, variants and their offers by variant id, then slots by id), so
//! concurrent checkouts queue instead of deadlocking; the CHECK constraints on stock, sold and
//! booked are the last line of defence.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::{PgConnection, PgPool};

use super::{
    CartLine, CartView, CheckoutDraft, DeskOrder, OfferedVariant, OrderLineView, OrderStatus, OrderSummary, OrderView,
    PaymentMethod, Pricing, ShopFront, ShopProduct, ShopVariant, Shortage, Totals, check_quantity, delivery_fee,
    shortages, stock_deltas, totals,
};
use crate::accounts::store::CurrentUser;
use crate::catalogue::{Category, Label, Stock, Unit};
use crate::coop::{Coop, Page};
use crate::cycles::store::variant_label;
use crate::cycles::{CycleStatus, DeliveryZone, Place, SlotView, accepts_orders};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::mail::templates::{self, OrderMail};

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

#[derive(sqlx::FromRow)]
struct OfferedRow {
    variant_id: i64,
    product_id: i64,
    product_name: String,
    variant_name: String,
    quantity: i64,
    unit: String,
    retail_price_cents: i64,
    pro_price_cents: i64,
    case_size: i32,
    vat_bp: i32,
    stock_mode: String,
    stock: i64,
    on_demand_cap: Option<i64>,
    stock_cap: Option<i64>,
    sold: i64,
    active: bool,
}

impl OfferedRow {
    fn into_offer(self, locale: Locale) -> OfferedVariant {
        let label = variant_label(&self.variant_name, self.quantity, &self.unit, locale);
        OfferedVariant {
            variant_id: self.variant_id,
            product_id: self.product_id,
            product_name: self.product_name,
            variant_label: label,
            retail_price_cents: self.retail_price_cents,
            pro_price_cents: self.pro_price_cents,
            case_size: self.case_size,
            vat_bp: self.vat_bp,
            stock: if self.stock_mode == "on_demand" {
                Stock::OnDemand {
                    cap: self.on_demand_cap,
                }
            } else {
                Stock::Finite(self.stock)
            },
            stock_cap: self.stock_cap,
            sold: self.sold,
            active: self.active,
        }
    }
}

const OFFERED_COLUMNS: &str = "v.id AS variant_id, p.id AS product_id, p.name AS product_name,
        v.name AS variant_name, v.quantity, p.unit,
        coalesce(o.retail_price_cents, v.retail_price_cents) AS retail_price_cents,
        coalesce(o.pro_price_cents, v.pro_price_cents) AS pro_price_cents,
        v.case_size, v.vat_bp, v.stock_mode, v.stock, v.on_demand_cap, o.stock_cap, o.sold,
        (p.active AND v.active) AS active";
const OFFERED_FROM: &str =
    "FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id";

/// The offers of a cycle for these variants; with `lock`, their variant and offer rows are
/// locked in variant id order until the transaction ends.
async fn offered(
    conn: &mut PgConnection,
    cycle_id: i64,
    ids: &[i64],
    lock: bool,
    locale: Locale,
) -> ServiceResult<HashMap<i64, OfferedVariant>> {
    // NO KEY UPDATE is all a stock change needs, and unlike FOR UPDATE it does not wait for
    // the key-share locks that order-line and cart foreign keys take on the same variants.
    let lock = if lock { "FOR NO KEY UPDATE OF v, o" } else { "" };
    let rows: Vec<OfferedRow> = sqlx::query_as(&format!(
        "SELECT {OFFERED_COLUMNS} {OFFERED_FROM} WHERE o.cycle_id = $1 AND o.variant_id = ANY($2) ORDER BY v.id {lock}"
    ))
    .bind(cycle_id)
    .bind(ids)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.variant_id, r.into_offer(locale))).collect())
}

struct CycleState {
    name: String,
    status: CycleStatus,
    closes_at: DateTime<Utc>,
}

async fn cycle_state(conn: &mut PgConnection, coop_id: i64, cycle_id: i64, lock: bool) -> ServiceResult<CycleState> {
    // A shared lock: checkouts run side by side, while closing the cycle waits for them.
    let lock = if lock { "FOR SHARE" } else { "" };
    let row: Option<(String, String, DateTime<Utc>)> = sqlx::query_as(&format!(
        "SELECT name, status, closes_at FROM order_cycles WHERE coop_id = $1 AND id = $2 {lock}"
    ))
    .bind(coop_id)
    .bind(cycle_id)
    .fetch_optional(conn)
    .await?;
    let (name, status, closes_at) = row.ok_or(ServiceError::NotFound)?;
    Ok(CycleState {
        name,
        status: CycleStatus::parse(&status).ok_or(ServiceError::NotFound)?,
        closes_at,
    })
}

async fn open_cycle(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<CycleState> {
    let state = cycle_state(conn, coop_id, cycle_id, true).await?;
    if !accepts_orders(state.status, state.closes_at, now) {
        return Err(ServiceError::invalid(Msg::ErrCycleClosed));
    }
    Ok(state)
}

async fn cart_id(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    owner: &CartOwner,
) -> ServiceResult<Option<i64>> {
    let (user_id, token) = owner.parts();
    Ok(sqlx::query_scalar(
        "SELECT id FROM carts WHERE coop_id = $1 AND cycle_id = $2
             AND (user_id = $3 OR ($3 IS NULL AND anon_token = $4))",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .bind(user_id)
    .bind(token)
    .fetch_optional(conn)
    .await?)
}

/// The owner's cart for the cycle, created if needed; its `updated_at` says it is in use (an
/// anonymous cart left alone is purged, see [`purge_anonymous_carts`]).
async fn ensure_cart(conn: &mut PgConnection, coop_id: i64, cycle_id: i64, owner: &CartOwner) -> ServiceResult<i64> {
    if let Some(id) = cart_id(conn, coop_id, cycle_id, owner).await? {
        sqlx::query("UPDATE carts SET updated_at = now() WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        return Ok(id);
    }
    let (user_id, token) = owner.parts();
    let conflict = if user_id.is_some() {
        "(cycle_id, user_id) WHERE user_id IS NOT NULL"
    } else {
        "(cycle_id, anon_token) WHERE anon_token IS NOT NULL"
    };
    // Only for a cycle of this cooperative: another's, or none, is not found.
    sqlx::query_scalar(&format!(
        "INSERT INTO carts (coop_id, cycle_id, user_id, anon_token)
         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM order_cycles WHERE coop_id = $1 AND id = $2)
         ON CONFLICT {conflict} DO UPDATE SET updated_at = now() RETURNING id"
    ))
    .bind(coop_id)
    .bind(cycle_id)
    .bind(user_id)
    .bind(token)
    .fetch_optional(conn)
    .await?
    .ok_or(ServiceError::NotFound)
}

async fn cart_lines(conn: &mut PgConnection, cart: Option<i64>) -> ServiceResult<Vec<(i64, i64)>> {
    let Some(cart) = cart else {
        return Ok(vec![]);
    };
    Ok(
        sqlx::query_as("SELECT variant_id, quantity FROM cart_lines WHERE cart_id = $1 ORDER BY variant_id")
            .bind(cart)
            .fetch_all(conn)
            .await?,
    )
}

#[derive(sqlx::FromRow)]
struct ShopRow {
    #[sqlx(flatten)]
    offer: OfferedRow,
    producer_name: String,
    category: String,
    labels: Vec<String>,
    photo_id: Option<i64>,
}

/// An open cycle's shop front: its active offers by category (of `only` these products, if
/// given), with the buyer's prices, what is left when it is little, and what is already in the
/// cart. Three queries.
#[allow(clippy::too_many_arguments)]
pub async fn shop_front(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    pricing: Pricing,
    owner: Option<&CartOwner>,
    only: Option<&[i64]>,
    locale: Locale,
    now: DateTime<Utc>,
) -> ServiceResult<ShopFront> {
    let mut conn = pool.acquire().await?;
    let state = cycle_state(&mut conn, coop_id, cycle_id, false).await?;
    if !accepts_orders(state.status, state.closes_at, now) {
        return Err(ServiceError::invalid(Msg::ErrCycleClosed));
    }
    let rows: Vec<ShopRow> = sqlx::query_as(&format!(
        "SELECT {OFFERED_COLUMNS}, pr.farm_name AS producer_name, p.category, p.labels,
            (SELECT ph.id FROM photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1) AS photo_id
         {OFFERED_FROM} JOIN producers pr ON pr.id = p.producer_id
         WHERE o.cycle_id = $1 AND p.active AND v.active AND ($2::bigint[] IS NULL OR p.id = ANY($2))
         ORDER BY p.category, p.name, p.id, v.position, v.id"
    ))
    .bind(cycle_id)
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let cart = match owner {
        Some(owner) => cart_id(&mut conn, coop_id, cycle_id, owner).await?,
        None => None,
    };
    let in_cart: HashMap<i64, i64> = cart_lines(&mut conn, cart).await?.into_iter().collect();
    let mut products: Vec<ShopProduct> = Vec::new();
    for row in rows {
        let (producer_name, category, labels, photo_id) = (row.producer_name, row.category, row.labels, row.photo_id);
        let unit = Unit::parse(&row.offer.unit).unwrap_or(Unit::Piece);
        let quantity = row.offer.quantity;
        let offer = row.offer.into_offer(locale);
        let variant = ShopVariant {
            variant_id: offer.variant_id,
            label: offer.variant_label.clone(),
            price_cents: offer.price(pricing),
            quantity,
            step: offer.step(pricing),
            low: offer.left().filter(|n| *n <= super::LOW_STOCK),
            in_cart: in_cart.get(&offer.variant_id).copied().unwrap_or(0),
        };
        match products.last_mut() {
            Some(p) if p.product_id == offer.product_id => p.variants.push(variant),
            _ => products.push(ShopProduct {
                product_id: offer.product_id,
                name: offer.product_name,
                producer_name,
                category: Category::parse(&category).unwrap_or(Category::Grocery),
                unit,
                labels: labels.iter().filter_map(|l| Label::parse(l)).collect(),
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

/// What of these products is on sale this week, as the shop shows it: the shop front of the
/// open cycle closing first (the one `/boutique` opens on), limited to them; None when no cycle
/// takes orders.
pub async fn on_sale(
    pool: &PgPool,
    coop_id: i64,
    products: &[i64],
    pricing: Pricing,
    owner: Option<&CartOwner>,
    locale: Locale,
    now: DateTime<Utc>,
) -> ServiceResult<Option<ShopFront>> {
    let cycles = crate::cycles::store::open_cycles(pool, coop_id, now).await?;
    let Some(cycle) = cycles.first() else {
        return Ok(None);
    };
    match shop_front(pool, coop_id, cycle.id, pricing, owner, Some(products), locale, now).await {
        Ok(front) => Ok(Some(front)),
        // Closed in between: nothing is on sale any more.
        Err(ServiceError::Invalid { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Adds units of a variant to the cart; refuses more than is left, and part cases for
/// shopkeepers. Returns how many units the cart now holds in all.
#[allow(clippy::too_many_arguments)]
pub async fn add_to_cart(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    owner: &CartOwner,
    pricing: Pricing,
    variant_id: i64,
    add: i64,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    // Bounded before any arithmetic: what is added is a line quantity itself.
    if !(1..=super::MAX_LINE_QUANTITY).contains(&add) {
        return Err(ServiceError::field("quantity", Msg::ErrOrderQuantity));
    }
    let mut tx = pool.begin().await?;
    let state = cycle_state(&mut tx, coop_id, cycle_id, false).await?;
    if !accepts_orders(state.status, state.closes_at, now) {
        return Err(ServiceError::invalid(Msg::ErrCycleClosed));
    }
    let offers = offered(&mut tx, cycle_id, &[variant_id], false, Locale::Fr).await?;
    let offer = offers
        .get(&variant_id)
        .filter(|o| o.active)
        .ok_or(ServiceError::NotFound)?;
    let cart = ensure_cart(&mut tx, coop_id, cycle_id, owner).await?;
    let held: i64 = sqlx::query_scalar("SELECT quantity FROM cart_lines WHERE cart_id = $1 AND variant_id = $2")
        .bind(cart)
        .bind(variant_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or(0);
    let quantity = held + add;
    check_quantity(pricing, offer.case_size, quantity).map_err(|m| ServiceError::field("quantity", m))?;
    let short = shortages(&[(variant_id, quantity)], &offers);
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    sqlx::query(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity) VALUES ($1, $2, $3)
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity",
    )
    .bind(cart)
    .bind(variant_id)
    .bind(quantity)
    .execute(&mut *tx)
    .await?;
    let count: i64 = sqlx::query_scalar("SELECT coalesce(sum(quantity), 0)::bigint FROM cart_lines WHERE cart_id = $1")
        .bind(cart)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(count)
}

/// Sets the cart's quantities (0 removes a line), all lines or none.
pub async fn set_cart(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    owner: &CartOwner,
    pricing: Pricing,
    lines: &[(i64, i64)],
) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let cart = ensure_cart(&mut tx, coop_id, cycle_id, owner).await?;
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    let offers = offered(&mut tx, cycle_id, &ids, false, Locale::Fr).await?;
    for &(variant_id, quantity) in lines.iter().filter(|(_, q)| *q != 0) {
        let offer = offers.get(&variant_id).ok_or(ServiceError::NotFound)?;
        check_quantity(pricing, offer.case_size, quantity).map_err(|m| ServiceError::field("quantity", m))?;
    }
    let (keep, remove): (Vec<_>, Vec<_>) = lines.iter().partition(|(_, q)| *q > 0);
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1 AND variant_id = ANY($2)")
        .bind(cart)
        .bind(remove.iter().map(|(v, _)| *v).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity) SELECT $1, v, q FROM unnest($2::bigint[], $3::bigint[]) AS t(v, q)
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity",
    )
    .bind(cart)
    .bind(keep.iter().map(|(v, _)| *v).collect::<Vec<_>>())
    .bind(keep.iter().map(|(_, q)| *q).collect::<Vec<_>>())
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
    Ok(sqlx::query(
        "DELETE FROM carts c USING order_cycles oc
         WHERE oc.id = c.cycle_id AND c.anon_token IS NOT NULL
           AND (oc.status <> 'open' OR oc.closes_at <= $1 OR c.updated_at < $1 - make_interval(days => $2))",
    )
    .bind(now)
    .bind(ANONYMOUS_CART_DAYS as i32)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Gives the carts a browser filled before signing in to the account that just signed in; for
/// a variant in both, the browser's quantity wins (it is the latest wish).
pub async fn adopt_carts(pool: &PgPool, anon_token: &str, user_id: i64) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE carts a SET user_id = $2, anon_token = NULL WHERE a.anon_token = $1
           AND NOT EXISTS (SELECT 1 FROM carts u WHERE u.user_id = $2 AND u.cycle_id = a.cycle_id)",
    )
    .bind(anon_token)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity)
         SELECT u.id, l.variant_id, l.quantity FROM carts a JOIN cart_lines l ON l.cart_id = a.id
         JOIN carts u ON u.user_id = $2 AND u.cycle_id = a.cycle_id WHERE a.anon_token = $1
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity",
    )
    .bind(anon_token)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM carts WHERE anon_token = $1")
        .bind(anon_token)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn cart_view(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    owner: Option<&CartOwner>,
    pricing: Pricing,
    card_payments: bool,
    locale: Locale,
    now: DateTime<Utc>,
) -> ServiceResult<CartView> {
    let mut conn = pool.acquire().await?;
    let state = cycle_state(&mut conn, coop_id, cycle_id, false).await?;
    let cart = match owner {
        Some(owner) => cart_id(&mut conn, coop_id, cycle_id, owner).await?,
        None => None,
    };
    let held = cart_lines(&mut conn, cart).await?;
    let ids: Vec<i64> = held.iter().map(|(v, _)| *v).collect();
    let offers = offered(&mut conn, cycle_id, &ids, false, locale).await?;
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
            })
        })
        .collect();
    let subtotal_cents = totals(lines.iter().map(|l| (l.unit_price_cents, l.quantity)), 0).subtotal_cents;
    let slots = crate::cycles::store::slots(&mut conn, cycle_id).await?;
    let draft = match cart {
        Some(cart) => {
            #[allow(clippy::type_complexity)]
            let (slot_id, address, postcode, phone, payment): (Option<i64>, String, String, String, Option<String>) =
                sqlx::query_as(
                    "SELECT draft_slot_id, draft_address, draft_postcode, draft_phone, draft_payment FROM carts WHERE id = $1",
            )
            .bind(cart)
            .fetch_one(&mut *conn)
            .await?;
            CheckoutDraft {
                slot_id,
                address,
                postcode,
                phone,
                payment: payment.as_deref().and_then(PaymentMethod::parse),
            }
        }
        None => CheckoutDraft::default(),
    };
    Ok(CartView {
        cycle_id,
        cycle_name: state.name,
        closes_at: state.closes_at,
        accepts_orders: accepts_orders(state.status, state.closes_at, now),
        pricing,
        lines,
        subtotal_cents,
        slots,
        card_payments,
        signed_in: matches!(owner, Some(CartOwner::User(_))),
        draft,
    })
}

/// What the buyer chose at checkout (`None`: not chosen).
#[derive(Clone, Debug)]
pub struct CheckoutChoice {
    pub slot_id: Option<i64>,
    pub address: String,
    pub postcode: String,
    /// Home deliveries only, optional: the driver calls it when nobody answers.
    pub phone: String,
    pub payment: Option<PaymentMethod>,
    /// Random per checkout page: a second submission of the same page finds the first order.
    pub attempt_key: String,
}

/// Keeps what the buyer typed with their cart, whatever the checkout then says: a refused
/// checkout shows the form again as it was, even as a plain form without JavaScript.
async fn save_draft(
    pool: &PgPool,
    coop_id: i64,
    cycle_id: i64,
    user_id: i64,
    choice: &CheckoutChoice,
) -> ServiceResult<()> {
    let draft = CheckoutDraft::new(
        choice.slot_id,
        &choice.address,
        &choice.postcode,
        &choice.phone,
        choice.payment,
    );
    sqlx::query(
        "UPDATE carts SET draft_slot_id = (SELECT id FROM slots WHERE id = $4 AND cycle_id = $2),
             draft_address = $5, draft_postcode = $6, draft_payment = $7, draft_phone = $8
         WHERE coop_id = $1 AND cycle_id = $2 AND user_id = $3",
    )
    .bind(coop_id)
    .bind(cycle_id)
    .bind(user_id)
    .bind(draft.slot_id)
    .bind(&draft.address)
    .bind(&draft.postcode)
    .bind(draft.payment.map(PaymentMethod::code))
    .bind(&draft.phone)
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub order_id: i64,
    pub status: OrderStatus,
}

async fn zone_of(conn: &mut PgConnection, zone_id: i64) -> ServiceResult<DeliveryZone> {
    let row: Option<crate::cycles::store::ZoneRow> = sqlx::query_as(&format!(
        "SELECT {} FROM delivery_zones WHERE id = $1",
        crate::cycles::store::ZONE_COLUMNS
    ))
    .bind(zone_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.ok_or(ServiceError::NotFound)?.zone())
}

/// Locks a slot of the cycle and checks it can take one more order.
/// A slot of this cycle that still has room, or why it cannot be chosen.
async fn usable_slot(conn: &mut PgConnection, cycle_id: i64, slot_id: i64) -> ServiceResult<SlotView> {
    let slot = crate::cycles::store::cycle_slot(conn, cycle_id, slot_id)
        .await?
        .ok_or(ServiceError::field("slot", Msg::ErrChooseSlot))?;
    if slot.is_full() {
        return Err(ServiceError::field("slot", Msg::ErrSlotFull));
    }
    Ok(slot)
}

/// Takes one place in a slot; the conditional update refuses it when the slot filled up since
/// it was read.
async fn claim_slot(conn: &mut PgConnection, slot_id: i64) -> ServiceResult<()> {
    let booked: Option<i32> =
        sqlx::query_scalar("UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity RETURNING booked")
            .bind(slot_id)
            .fetch_optional(conn)
            .await?;
    booked.map(|_| ()).ok_or(ServiceError::field("slot", Msg::ErrSlotFull))
}

async fn book_slot(conn: &mut PgConnection, cycle_id: i64, slot_id: i64) -> ServiceResult<SlotView> {
    let slot = usable_slot(conn, cycle_id, slot_id).await?;
    claim_slot(conn, slot.id).await?;
    Ok(slot)
}

/// The delivery fee and cleaned address for a slot, or why it cannot be used.
async fn delivery_for(
    conn: &mut PgConnection,
    slot: &SlotView,
    address: &str,
    postcode: &str,
    phone: &str,
    subtotal_cents: i64,
) -> ServiceResult<(i64, String, String, String)> {
    let Place::Delivery(zone_id) = slot.place else {
        return Ok((0, String::new(), String::new(), String::new()));
    };
    let address = address.split_whitespace().collect::<Vec<_>>().join(" ");
    if address.is_empty() || address.chars().count() > 300 {
        return Err(ServiceError::field("address", Msg::ErrAddressRequired));
    }
    let postcode = crate::cycles::parse_postcode(postcode).ok_or(ServiceError::field("postcode", Msg::ErrPostcode))?;
    let zone = zone_of(conn, zone_id).await?;
    let phone = super::parse_phone(phone).ok_or(ServiceError::field("phone", Msg::ErrPhone))?;
    let fee = delivery_fee(&zone, &postcode, subtotal_cents)?;
    Ok((fee, address, postcode, phone))
}

/// Moves stock for an order change: positive quantities are taken, negative ones given back.
async fn move_stock(conn: &mut PgConnection, cycle_id: i64, deltas: &[(i64, i64)]) -> ServiceResult<()> {
    let ids: Vec<i64> = deltas.iter().map(|(v, _)| *v).collect();
    let qty: Vec<i64> = deltas.iter().map(|(_, q)| *q).collect();
    sqlx::query(
        "UPDATE variants v SET stock = v.stock - d.q FROM unnest($1::bigint[], $2::bigint[]) AS d(id, q)
         WHERE v.id = d.id AND v.stock_mode = 'finite'",
    )
    .bind(&ids)
    .bind(&qty)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE cycle_offers o SET sold = o.sold + d.q FROM unnest($2::bigint[], $3::bigint[]) AS d(id, q)
         WHERE o.cycle_id = $1 AND o.variant_id = d.id",
    )
    .bind(cycle_id)
    .bind(&ids)
    .bind(&qty)
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_lines(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    lines: &[(i64, i64)],
    offers: &HashMap<i64, OfferedVariant>,
    prices: &HashMap<i64, i64>,
    locale: Locale,
) -> ServiceResult<()> {
    let _ = locale;
    let mut ids = Vec::new();
    let mut names = Vec::new();
    let mut labels = Vec::new();
    let mut qty = Vec::new();
    let mut price = Vec::new();
    let mut vat = Vec::new();
    for &(v, q) in lines {
        let o = offers.get(&v).ok_or(ServiceError::NotFound)?;
        ids.push(v);
        names.push(o.product_name.clone());
        labels.push(o.variant_label.clone());
        qty.push(q);
        price.push(prices.get(&v).copied().ok_or(ServiceError::NotFound)?);
        vat.push(o.vat_bp);
    }
    sqlx::query(
        "INSERT INTO order_lines (order_id, coop_id, variant_id, product_name, variant_label, quantity, unit_price_cents, vat_bp)
         SELECT $1, $2, v, n, l, q, p, t
         FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::int[]) AS x(v, n, l, q, p, t)",
    )
    .bind(order_id)
    .bind(coop_id)
    .bind(&ids)
    .bind(&names)
    .bind(&labels)
    .bind(&qty)
    .bind(&price)
    .bind(&vat)
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns the buyer's cart into an order in one transaction: the cycle must still take orders,
/// every line must be in stock (all short lines are reported, nothing is reserved), the slot
/// must have room. Card orders wait for payment, holding their stock until `payment_ttl`.
///
/// In an opening rush every checkout wants the same few rows (the popular variants, the
/// slot), so the transaction writes the order, its lines and its email first and takes those
/// locks last, just before committing: they are held for two statements and the commit. A
/// deadlock (possible against a producer's bulk edit, which locks variants it holds key-share
/// locks on) is retried a few times; the rollback left nothing behind.
#[allow(clippy::too_many_arguments)]
pub async fn checkout(
    pool: &PgPool,
    coop: &Coop,
    base_url: &str,
    user: &CurrentUser,
    cycle_id: i64,
    choice: &CheckoutChoice,
    card_payments: bool,
    payment_ttl: Duration,
    now: DateTime<Utc>,
) -> ServiceResult<Placed> {
    let key = choice.attempt_key.trim();
    if !(8..=64).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ServiceError::invalid(Msg::ErrBadRequest));
    }
    save_draft(pool, coop.id, cycle_id, user.id, choice).await?;
    if choice.payment == Some(PaymentMethod::Card) && !card_payments {
        return Err(ServiceError::field("payment", Msg::ErrCardUnavailable));
    }
    let mut tries = 0;
    loop {
        let placed = place_order(pool, coop, base_url, user, cycle_id, choice, key, payment_ttl, now).await;
        match placed {
            Err(ServiceError::Db(e)) if tries < 3 && is_deadlock(&e) => tries += 1,
            other => return other,
        }
    }
}

/// The order a checkout attempt already made, if any.
async fn placed_with(conn: &mut PgConnection, coop_id: i64, user_id: i64, key: &str) -> ServiceResult<Option<Placed>> {
    let earlier: Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM orders WHERE coop_id = $1 AND user_id = $2 AND attempt_key = $3")
            .bind(coop_id)
            .bind(user_id)
            .bind(key)
            .fetch_optional(conn)
            .await?;
    Ok(earlier.map(|(order_id, status)| Placed {
        order_id,
        status: OrderStatus::parse(&status).unwrap_or(OrderStatus::Confirmed),
    }))
}

fn is_deadlock(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| c == "40P01")
}

#[allow(clippy::too_many_arguments)]
async fn place_order(
    pool: &PgPool,
    coop: &Coop,
    base_url: &str,
    user: &CurrentUser,
    cycle_id: i64,
    choice: &CheckoutChoice,
    key: &str,
    payment_ttl: Duration,
    now: DateTime<Utc>,
) -> ServiceResult<Placed> {
    let pricing = Pricing::for_roles(&user.roles);
    let mut tx = pool.begin().await?;
    if let Some(placed) = placed_with(&mut tx, coop.id, user.id, key).await? {
        return Ok(placed);
    }
    let cycle = open_cycle(&mut tx, coop.id, cycle_id, now).await?;
    let cart = cart_id(&mut tx, coop.id, cycle_id, &CartOwner::User(user.id)).await?;
    let lines = cart_lines(&mut tx, cart).await?;
    if lines.is_empty() {
        // The same page sent twice: the other submission may have made the order (and emptied
        // the cart) since this one looked; each statement sees what is committed, so look again.
        if let Some(placed) = placed_with(&mut tx, coop.id, user.id, key).await? {
            return Ok(placed);
        }
        return Err(ServiceError::invalid(Msg::ErrCartEmpty));
    }
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    // Unlocked first: most refusals need no lock, and prices and names come from here.
    let offers = offered(&mut tx, cycle_id, &ids, false, user.locale).await?;
    let short = shortages(&lines, &offers);
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    for (v, q) in &lines {
        check_quantity(pricing, offers[v].case_size, *q).map_err(|m| ServiceError::field("quantity", m))?;
    }
    let prices: HashMap<i64, i64> = offers.values().map(|o| (o.variant_id, o.price(pricing))).collect();
    let subtotal = totals(lines.iter().map(|(v, q)| (prices[v], *q)), 0).subtotal_cents;
    let slot_id = choice.slot_id.ok_or(ServiceError::field("slot", Msg::ErrChooseSlot))?;
    let slot = usable_slot(&mut tx, cycle_id, slot_id).await?;
    let (fee, address, postcode, phone) = delivery_for(
        &mut tx,
        &slot,
        &choice.address,
        &choice.postcode,
        &choice.phone,
        subtotal,
    )
    .await?;
    let method = choice
        .payment
        .ok_or(ServiceError::field("payment", Msg::ErrChoosePayment))?;
    let order_totals = Totals {
        subtotal_cents: subtotal,
        fee_cents: fee,
        total_cents: subtotal + fee,
    };
    let (status, expires) = match method {
        PaymentMethod::Card => (OrderStatus::PendingPayment, Some(now + payment_ttl)),
        PaymentMethod::Pickup => (OrderStatus::Confirmed, None),
    };
    // A second submission of the same form running alongside this one waits here for the
    // first to finish; if it made the order, that order is the answer, not an error.
    let order_id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO orders (coop_id, cycle_id, user_id, status, pricing, slot_id, delivery_address, delivery_postcode,
             payment_method, subtotal_cents, fee_cents, total_cents, attempt_key, payment_expires_at, created_at, updated_at,
             delivery_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16)
         ON CONFLICT (coop_id, user_id, attempt_key) DO NOTHING RETURNING id",
    )
    .bind(coop.id)
    .bind(cycle_id)
    .bind(user.id)
    .bind(status.code())
    .bind(pricing.code())
    .bind(slot_id)
    .bind(&address)
    .bind(&postcode)
    .bind(method.code())
    .bind(order_totals.subtotal_cents)
    .bind(order_totals.fee_cents)
    .bind(order_totals.total_cents)
    .bind(key)
    .bind(expires)
    .bind(now)
    .bind(&phone)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(order_id) = order_id else {
        return placed_with(&mut tx, coop.id, user.id, key)
            .await?
            .ok_or(ServiceError::Internal("an order attempt vanished".into()));
    };
    insert_lines(&mut tx, coop.id, order_id, &lines, &offers, &prices, user.locale).await?;
    if let Some(cart) = cart {
        sqlx::query("DELETE FROM carts WHERE id = $1")
            .bind(cart)
            .execute(&mut *tx)
            .await?;
    }
    if status == OrderStatus::Confirmed {
        let mut order_lines: Vec<OrderLineView> = lines
            .iter()
            .map(|&(v, quantity)| OrderLineView {
                variant_id: v,
                product_name: offers[&v].product_name.clone(),
                variant_label: offers[&v].variant_label.clone(),
                quantity,
                unit_price_cents: prices[&v],
                step: super::step(pricing, offers[&v].case_size),
                missing: 0,
            })
            .collect();
        order_lines.sort_by(|a, b| (&a.product_name, a.variant_id).cmp(&(&b.product_name, b.variant_id)));
        let order = OrderView {
            id: order_id,
            cycle_id,
            cycle_name: cycle.name,
            cycle_status: cycle.status,
            status,
            pricing,
            slot,
            delivery_address: address,
            delivery_postcode: postcode,
            payment_method: method,
            lines: order_lines,
            totals: order_totals,
            paid_cents: 0,
            paid_at: None,
            collected_at: None,
            created_at: now,
            editable: true,
            reorderable: false,
            buyer_name: user.name().to_owned(),
            timezone: coop.timezone.clone(),
        };
        queue_order_mail(
            &mut tx,
            coop,
            base_url,
            &order,
            &user.email,
            user.locale,
            OrderMail::Confirmed,
        )
        .await?;
    }
    // The contended part: variants in id order, then the slot, then commit.
    let locked = offered(&mut tx, cycle_id, &ids, true, user.locale).await?;
    let short = shortages(&lines, &locked);
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    move_stock(&mut tx, cycle_id, &lines).await?;
    claim_slot(&mut tx, slot_id).await?;
    tx.commit().await?;
    Ok(Placed { order_id, status })
}

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    cycle_id: i64,
    cycle_name: String,
    cycle_status: String,
    cycle_closes_at: DateTime<Utc>,
    status: String,
    pricing: String,
    slot_id: i64,
    delivery_address: String,
    delivery_postcode: String,
    payment_method: String,
    subtotal_cents: i64,
    fee_cents: i64,
    total_cents: i64,
    paid_cents: i64,
    paid_at: Option<DateTime<Utc>>,
    collected_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    buyer_name: String,
    timezone: String,
}

/// An order, whole. `user_id` restricts it to its buyer (None: staff, already authorised).
pub async fn order_view(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> ServiceResult<OrderView> {
    let row: Option<OrderRow> = sqlx::query_as(
        "SELECT o.id, o.cycle_id, c.name AS cycle_name, c.status AS cycle_status, c.closes_at AS cycle_closes_at,
                o.status, o.pricing, o.slot_id, o.delivery_address, o.delivery_postcode, o.payment_method,
                o.subtotal_cents, o.fee_cents, o.total_cents, o.paid_cents, o.paid_at, o.collected_at, o.created_at,
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS buyer_name, co.timezone
         FROM orders o JOIN order_cycles c ON c.id = o.cycle_id JOIN users u ON u.id = o.user_id
         JOIN coops co ON co.id = o.coop_id
         WHERE o.coop_id = $1 AND o.id = $2 AND ($3::bigint IS NULL OR o.user_id = $3)",
    )
    .bind(coop_id)
    .bind(order_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let r = row.ok_or(ServiceError::NotFound)?;
    let lines: Vec<(i64, String, String, i64, i64, i32, i64)> = sqlx::query_as(
        "SELECT l.variant_id, l.product_name, l.variant_label, l.quantity, l.unit_price_cents, v.case_size, l.missing
         FROM order_lines l JOIN variants v ON v.id = l.variant_id WHERE l.order_id = $1 ORDER BY l.product_name, l.variant_id",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    let slot = crate::cycles::store::slot(conn, r.slot_id).await?;
    let pricing = Pricing::parse(&r.pricing).unwrap_or(Pricing::Retail);
    let status = OrderStatus::parse(&r.status).unwrap_or(OrderStatus::Confirmed);
    let cycle_status = CycleStatus::parse(&r.cycle_status).unwrap_or(CycleStatus::Closed);
    Ok(OrderView {
        id: r.id,
        cycle_id: r.cycle_id,
        cycle_name: r.cycle_name,
        cycle_status,
        status,
        pricing,
        slot,
        delivery_address: r.delivery_address,
        delivery_postcode: r.delivery_postcode,
        payment_method: PaymentMethod::parse(&r.payment_method).unwrap_or(PaymentMethod::Pickup),
        lines: lines
            .into_iter()
            .map(
                |(variant_id, product_name, variant_label, quantity, unit_price_cents, case_size, missing)| {
                    OrderLineView {
                        variant_id,
                        product_name,
                        variant_label,
                        quantity,
                        unit_price_cents,
                        step: super::step(pricing, case_size),
                        missing,
                    }
                },
            )
            .collect(),
        totals: Totals {
            subtotal_cents: r.subtotal_cents,
            fee_cents: r.fee_cents,
            total_cents: r.total_cents,
        },
        paid_cents: r.paid_cents,
        paid_at: r.paid_at,
        collected_at: r.collected_at,
        created_at: r.created_at,
        editable: status.holds_stock() && accepts_orders(cycle_status, r.cycle_closes_at, now),
        reorderable: !accepts_orders(cycle_status, r.cycle_closes_at, now),
        buyer_name: r.buyer_name,
        timezone: r.timezone,
    })
}

/// Queues an email about an order to its buyer, in their language, inside the caller's
/// transaction (so it is sent if and only if the change is committed).
pub(crate) async fn email_order(
    conn: &mut PgConnection,
    coop: &Coop,
    base_url: &str,
    order_id: i64,
    kind: OrderMail,
) -> ServiceResult<()> {
    let order = order_view(conn, coop.id, order_id, None, Utc::now()).await?;
    let (email, locale): (String, String) =
        sqlx::query_as("SELECT u.email, u.locale FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await?;
    let locale = Locale::parse(&locale).unwrap_or_default();
    queue_order_mail(conn, coop, base_url, &order, &email, locale, kind).await
}

async fn queue_order_mail(
    conn: &mut PgConnection,
    coop: &Coop,
    base_url: &str,
    order: &OrderView,
    to: &str,
    locale: Locale,
    kind: OrderMail,
) -> ServiceResult<()> {
    let link = format!("{}/commandes/{}", base_url.trim_end_matches('/'), order.id);
    let message = templates::order(kind, locale, &coop.name, order, &link);
    crate::mail::enqueue(conn, Some(coop.id), to, &message).await?;
    Ok(())
}

pub async fn my_orders(pool: &PgPool, coop_id: i64, user_id: i64, page: u32) -> ServiceResult<Page<OrderSummary>> {
    list_orders(pool, coop_id, Some(user_id), None, "", None, false, page).await
}

pub const ORDERS_PER_PAGE: u32 = 20;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    cycle_name: String,
    status: String,
    total_cents: i64,
    paid_cents: i64,
    payment_method: String,
    slot_starts_at: DateTime<Utc>,
    place_name: String,
    buyer_name: String,
    collected: bool,
    created_at: DateTime<Utc>,
}

/// Orders, newest first: a buyer's own, or those staff look up at a pickup desk (by number,
/// name or email; a shopkeeper sees only their shop's pickup point; `desk`: pickup points only).
#[allow(clippy::too_many_arguments)]
async fn list_orders(
    pool: &PgPool,
    coop_id: i64,
    buyer: Option<i64>,
    cycle_id: Option<i64>,
    search: &str,
    shopkeeper: Option<i64>,
    desk: bool,
    page: u32,
) -> ServiceResult<Page<OrderSummary>> {
    let page = crate::coop::clamp_page(page);
    let search = search.trim();
    let number = search.trim_start_matches('#').parse::<i64>().ok();
    let text = (!search.is_empty() && number.is_none()).then(|| {
        format!(
            "%{}%",
            search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        )
    });
    let filter = "o.coop_id = $1 AND ($2::bigint IS NULL OR o.user_id = $2) AND ($3::bigint IS NULL OR o.cycle_id = $3)
        AND ($4::bigint IS NULL OR o.id = $4)
        AND ($5::text IS NULL OR maillon_fold(u.display_name) LIKE maillon_fold($5) OR lower(u.email) LIKE lower($5))
        AND ($6::bigint IS NULL OR pp.shop_id IN (SELECT id FROM shops WHERE user_id = $6))
        AND ($2::bigint IS NOT NULL OR o.status IN ('confirmed', 'pending_payment'))
        AND (NOT $7 OR s.pickup_point_id IS NOT NULL)";
    let from = "FROM orders o JOIN users u ON u.id = o.user_id JOIN order_cycles c ON c.id = o.cycle_id
        JOIN slots s ON s.id = o.slot_id LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
        LEFT JOIN delivery_zones z ON z.id = s.zone_id";
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {from} WHERE {filter}"))
        .bind(coop_id)
        .bind(buyer)
        .bind(cycle_id)
        .bind(number)
        .bind(&text)
        .bind(shopkeeper)
        .bind(desk)
        .fetch_one(pool)
        .await?;
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "SELECT o.id, c.name AS cycle_name, o.status, o.total_cents, o.paid_cents, o.payment_method,
                s.starts_at AS slot_starts_at, coalesce(pp.name, z.name) AS place_name,
                CASE WHEN u.display_name = '' THEN u.email ELSE u.display_name END AS buyer_name,
                o.collected_at IS NOT NULL AS collected, o.created_at
         {from} WHERE {filter} ORDER BY o.created_at DESC, o.id DESC LIMIT $8 OFFSET $9"
    ))
    .bind(coop_id)
    .bind(buyer)
    .bind(cycle_id)
    .bind(number)
    .bind(&text)
    .bind(shopkeeper)
    .bind(desk)
    .bind(i64::from(ORDERS_PER_PAGE))
    .bind(crate::coop::page_offset(page, ORDERS_PER_PAGE))
    .fetch_all(pool)
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| OrderSummary {
                id: r.id,
                cycle_name: r.cycle_name,
                status: OrderStatus::parse(&r.status).unwrap_or(OrderStatus::Confirmed),
                total_cents: r.total_cents,
                paid_cents: r.paid_cents,
                payment_method: PaymentMethod::parse(&r.payment_method).unwrap_or(PaymentMethod::Pickup),
                slot_starts_at: r.slot_starts_at,
                place_name: r.place_name,
                buyer_name: r.buyer_name,
                collected: r.collected,
                created_at: r.created_at,
            })
            .collect(),
        page,
        per_page: ORDERS_PER_PAGE,
        total: total as u64,
    })
}

/// What a change to an order asks for: new quantities (0 removes a line), units to add on top
/// of what the order holds (a product added to a placed order), and perhaps a slot.
#[derive(Clone, Debug, Default)]
pub struct OrderChange {
    pub lines: Vec<(i64, i64)>,
    pub add: Vec<(i64, i64)>,
    pub slot_id: Option<i64>,
}

struct LockedOrder {
    cycle_id: i64,
    status: OrderStatus,
    pricing: Pricing,
    slot_id: i64,
    payment_method: PaymentMethod,
    fee_cents: i64,
    paid_cents: i64,
    postcode: String,
}

async fn lock_order(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    user_id: Option<i64>,
) -> ServiceResult<LockedOrder> {
    type Row = (i64, String, String, i64, String, i64, i64, String);
    let row: Option<Row> = sqlx::query_as(
        "SELECT cycle_id, status, pricing, slot_id, payment_method, fee_cents, paid_cents, delivery_postcode FROM orders
         WHERE coop_id = $1 AND id = $2 AND ($3::bigint IS NULL OR user_id = $3) FOR UPDATE",
    )
    .bind(coop_id)
    .bind(order_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    let (cycle_id, status, pricing, slot_id, method, fee_cents, paid_cents, postcode) =
        row.ok_or(ServiceError::NotFound)?;
    Ok(LockedOrder {
        cycle_id,
        status: OrderStatus::parse(&status).ok_or(ServiceError::NotFound)?,
        pricing: Pricing::parse(&pricing).unwrap_or(Pricing::Retail),
        slot_id,
        payment_method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Pickup),
        fee_cents,
        paid_cents,
        postcode,
    })
}

/// Changes an order's quantities, adds products to it or moves its slot while its cycle takes
/// orders, under the rules of checkout (what is left, whole cases, the slot's room, the delivery
/// minimum): only the difference moves in stock, under the same locks. Card orders, already
/// paid for a set amount, may change slot but not quantities (cancel and order again instead).
pub async fn change_order(
    pool: &PgPool,
    coop: &Coop,
    base_url: &str,
    user: &CurrentUser,
    order_id: i64,
    change: &OrderChange,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let order = lock_order(&mut tx, coop.id, order_id, Some(user.id)).await?;
    if !order.status.holds_stock() {
        return Err(ServiceError::invalid(Msg::ErrOrderNotEditable));
    }
    open_cycle(&mut tx, coop.id, order.cycle_id, now).await?;
    let old: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT variant_id, quantity, unit_price_cents FROM order_lines WHERE order_id = $1 ORDER BY variant_id",
    )
    .bind(order_id)
    .fetch_all(&mut *tx)
    .await?;
    let old_lines: Vec<(i64, i64)> = old.iter().map(|(v, q, _)| (*v, *q)).collect();
    let mut new_lines: HashMap<i64, i64> = old_lines.iter().copied().collect();
    for &(v, q) in &change.lines {
        if q < 0 {
            return Err(ServiceError::field("quantity", Msg::ErrOrderQuantity));
        }
        new_lines.insert(v, q);
    }
    for &(v, q) in &change.add {
        if !(1..=super::MAX_LINE_QUANTITY).contains(&q) {
            return Err(ServiceError::field("quantity", Msg::ErrOrderQuantity));
        }
        *new_lines.entry(v).or_default() += q;
    }
    let mut new_lines: Vec<(i64, i64)> = new_lines.into_iter().filter(|(_, q)| *q > 0).collect();
    new_lines.sort_unstable();
    if new_lines.is_empty() {
        return Err(ServiceError::invalid(Msg::ErrOrderEmptyUseCancel));
    }
    let deltas = stock_deltas(&old_lines, &new_lines);
    if deltas.is_empty() && change.slot_id.is_none_or(|s| s == order.slot_id) {
        return Ok(());
    }
    if !deltas.is_empty() && order.payment_method == PaymentMethod::Card {
        return Err(ServiceError::invalid(Msg::ErrCardOrderQuantities));
    }
    let ids: Vec<i64> = deltas.iter().map(|(v, _)| *v).collect();
    let offers = offered(&mut tx, order.cycle_id, &ids, true, user.locale).await?;
    let held: HashMap<i64, i64> = old_lines.iter().copied().collect();
    let taken: Vec<(i64, i64)> = deltas.iter().copied().filter(|(_, d)| *d > 0).collect();
    let short: Vec<Shortage> = shortages(&taken, &offers)
        .into_iter()
        .map(|s| {
            let holds = held.get(&s.variant_id).copied().unwrap_or(0);
            Shortage {
                wanted: s.wanted + holds,
                left: s.left + holds,
                ..s
            }
        })
        .collect();
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    for (v, q) in &new_lines {
        let case_size = offers.get(v).map(|o| o.case_size).unwrap_or(1);
        if held.get(v) != Some(q) {
            check_quantity(order.pricing, case_size, *q).map_err(|m| ServiceError::field("quantity", m))?;
        }
    }
    let mut prices: HashMap<i64, i64> = old.iter().map(|(v, _, p)| (*v, *p)).collect();
    for o in offers.values() {
        prices.entry(o.variant_id).or_insert(o.price(order.pricing));
    }
    let subtotal = totals(new_lines.iter().map(|(v, q)| (prices[v], *q)), 0).subtotal_cents;
    let mut fee = order.fee_cents;
    if let Some(slot_id) = change.slot_id.filter(|s| *s != order.slot_id) {
        let (first, second) = (slot_id.min(order.slot_id), slot_id.max(order.slot_id));
        sqlx::query("SELECT id FROM slots WHERE id IN ($1, $2) ORDER BY id FOR UPDATE")
            .bind(first)
            .bind(second)
            .execute(&mut *tx)
            .await?;
        let current = crate::cycles::store::slot(&mut tx, order.slot_id).await?;
        let slot = book_slot(&mut tx, order.cycle_id, slot_id).await?;
        if current.place != slot.place && (current.is_delivery() || slot.is_delivery()) {
            return Err(ServiceError::field("slot", Msg::ErrSlotSameKind));
        }
        sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = $1")
            .bind(order.slot_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE orders SET slot_id = $2 WHERE id = $1")
            .bind(order_id)
            .bind(slot_id)
            .execute(&mut *tx)
            .await?;
    }
    let slot = crate::cycles::store::slot(&mut tx, change.slot_id.unwrap_or(order.slot_id)).await?;
    if let Place::Delivery(zone_id) = slot.place {
        let zone = zone_of(&mut tx, zone_id).await?;
        fee = delivery_fee(&zone, &order.postcode, subtotal)?;
    }
    if !deltas.is_empty() {
        let mut all_offers = offered(
            &mut tx,
            order.cycle_id,
            &new_lines.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
            false,
            user.locale,
        )
        .await?;
        move_stock(&mut tx, order.cycle_id, &deltas).await?;
        // Lines keep the name they were ordered under.
        let kept_names: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT variant_id, product_name, variant_label FROM order_lines WHERE order_id = $1")
                .bind(order_id)
                .fetch_all(&mut *tx)
                .await?;
        for (v, product_name, variant_label) in kept_names {
            if let Some(o) = all_offers.get_mut(&v) {
                o.product_name = product_name;
                o.variant_label = variant_label;
            }
        }
        sqlx::query("DELETE FROM order_lines WHERE order_id = $1")
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
        insert_lines(
            &mut tx,
            coop.id,
            order_id,
            &new_lines,
            &all_offers,
            &prices,
            user.locale,
        )
        .await?;
    }
    sqlx::query(
        "UPDATE orders SET subtotal_cents = $2, fee_cents = $3, total_cents = $2 + $3, updated_at = now() WHERE id = $1",
    )
    .bind(order_id)
    .bind(subtotal)
    .bind(fee)
    .execute(&mut *tx)
    .await?;
    email_order(&mut tx, coop, base_url, order_id, OrderMail::Changed).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives back an order's stock and slot place and sets its new status.
async fn release(
    conn: &mut PgConnection,
    order_id: i64,
    cycle_id: i64,
    slot_id: i64,
    status: OrderStatus,
) -> ServiceResult<()> {
    let lines: Vec<(i64, i64)> =
        sqlx::query_as("SELECT variant_id, -quantity FROM order_lines WHERE order_id = $1 ORDER BY variant_id")
            .bind(order_id)
            .fetch_all(&mut *conn)
            .await?;
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    // Same lock order as checkout: variants and offers by id, then the slot.
    sqlx::query(
        "SELECT v.id FROM variants v JOIN cycle_offers o ON o.variant_id = v.id AND o.cycle_id = $1
         WHERE v.id = ANY($2) ORDER BY v.id FOR NO KEY UPDATE OF v, o",
    )
    .bind(cycle_id)
    .bind(&ids)
    .execute(&mut *conn)
    .await?;
    move_stock(conn, cycle_id, &lines).await?;
    sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = $1")
        .bind(slot_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE orders SET status = $2, updated_at = now() WHERE id = $1")
        .bind(order_id)
        .bind(status.code())
        .execute(conn)
        .await?;
    Ok(())
}

/// Cancels an order while its cycle takes orders; a card payment already made is refunded.
pub async fn cancel_order(
    pool: &PgPool,
    coop: &Coop,
    base_url: &str,
    user: &CurrentUser,
    order_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let order = lock_order(&mut tx, coop.id, order_id, Some(user.id)).await?;
    if !order.status.holds_stock() {
        return Err(ServiceError::invalid(Msg::ErrOrderNotEditable));
    }
    open_cycle(&mut tx, coop.id, order.cycle_id, now).await?;
    release(&mut tx, order_id, order.cycle_id, order.slot_id, OrderStatus::Cancelled).await?;
    if order.paid_cents > 0 && order.payment_method == PaymentMethod::Card {
        queue_refund(&mut tx, coop.id, order_id, order.paid_cents, "cancelled").await?;
    }
    email_order(&mut tx, coop, base_url, order_id, OrderMail::Cancelled).await?;
    tx.commit().await?;
    Ok(())
}

async fn queue_refund(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    amount: i64,
    reason: &str,
) -> ServiceResult<()> {
    sqlx::query("INSERT INTO refunds (coop_id, order_id, amount_cents, reason) VALUES ($1, $2, $3, $4)")
        .bind(coop_id)
        .bind(order_id)
        .bind(amount)
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts a past order's lines into the cart of the open cycle, as far as that cycle offers them
/// (whole cases for shopkeepers, no more than is left). Returns the cycle and how many lines
/// made it.
pub async fn order_again(
    pool: &PgPool,
    coop: &Coop,
    user: &CurrentUser,
    order_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<(i64, usize)> {
    let mut conn = pool.acquire().await?;
    let past = order_view(&mut conn, coop.id, order_id, Some(user.id), now).await?;
    // An order of a cycle still open is changed, not ordered again into a second basket.
    if !past.reorderable {
        return Err(ServiceError::invalid(Msg::ErrReorderOpenCycle));
    }
    let cycles = crate::cycles::store::open_cycles(pool, coop.id, now).await?;
    let cycle = cycles.first().ok_or(ServiceError::invalid(Msg::ErrNoOpenCycle))?;
    let ids: Vec<i64> = past.lines.iter().map(|l| l.variant_id).collect();
    let offers = offered(&mut conn, cycle.id, &ids, false, user.locale).await?;
    let pricing = Pricing::for_roles(&user.roles);
    let mut lines = Vec::new();
    for l in &past.lines {
        let Some(o) = offers.get(&l.variant_id).filter(|o| o.active) else {
            continue;
        };
        let step = o.step(pricing);
        let mut q = l.quantity.div_euclid(step).max(1) * step;
        if let Some(left) = o.left() {
            q = q.min(left - left % step);
        }
        if q > 0 {
            lines.push((l.variant_id, q));
        }
    }
    drop(conn);
    set_cart(pool, coop.id, cycle.id, &CartOwner::User(user.id), pricing, &lines).await?;
    Ok((cycle.id, lines.len()))
}

/// Pickup desk: the orders of a cycle collected at a pickup point (a shopkeeper: their own
/// shop's), found by number, name or email, each with what is in its basket and what is left
/// to pay. Home deliveries are handed over from the drivers' manifests, not here.
pub async fn desk_orders(
    pool: &PgPool,
    coop_id: i64,
    staff: &CurrentUser,
    cycle_id: Option<i64>,
    search: &str,
    page: u32,
) -> ServiceResult<Page<DeskOrder>> {
    let shopkeeper = desk_scope(staff);
    let orders = list_orders(pool, coop_id, None, cycle_id, search, shopkeeper, true, page).await?;
    let ids: Vec<i64> = orders.items.iter().map(|o| o.id).collect();
    let lines: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT order_id, product_name || ' — ' || variant_label, quantity - missing FROM order_lines
         WHERE order_id = ANY($1) AND quantity > missing ORDER BY order_id, product_name, variant_label",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let pending: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT order_id, sum(amount_cents)::bigint FROM refunds WHERE order_id = ANY($1) AND done_at IS NULL
         GROUP BY order_id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let mut by_order: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for (order_id, label, quantity) in lines {
        by_order.entry(order_id).or_default().push((label, quantity));
    }
    Ok(Page {
        items: orders
            .items
            .into_iter()
            .map(|o| DeskOrder {
                due_cents: amount_due(o.total_cents, o.paid_cents, pending.get(&o.id).copied().unwrap_or(0)),
                lines: by_order.remove(&o.id).unwrap_or_default(),
                order: o,
            })
            .collect(),
        page: orders.page,
        per_page: orders.per_page,
        total: orders.total,
    })
}

/// Which order a basket label's QR code opens, for staff allowed at that order's pickup desk
/// (a shopkeeper: only their own shop's orders). Returns the order's cycle.
pub async fn desk_order_cycle(pool: &PgPool, coop_id: i64, staff: &CurrentUser, order_id: i64) -> ServiceResult<i64> {
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT cycle_id, slot_id FROM orders WHERE coop_id = $1 AND id = $2")
        .bind(coop_id)
        .bind(order_id)
        .fetch_optional(pool)
        .await?;
    let (cycle_id, slot_id) = row.ok_or(ServiceError::NotFound)?;
    if let Some(shopkeeper) = desk_scope(staff) {
        let mut conn = pool.acquire().await?;
        if !at_shop(&mut conn, slot_id, shopkeeper).await? {
            return Err(ServiceError::Forbidden);
        }
    }
    Ok(cycle_id)
}

async fn at_shop(conn: &mut PgConnection, slot_id: i64, shopkeeper: i64) -> ServiceResult<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM slots s JOIN pickup_points pp ON pp.id = s.pickup_point_id
             JOIN shops sh ON sh.id = pp.shop_id WHERE s.id = $1 AND sh.user_id = $2)",
    )
    .bind(slot_id)
    .bind(shopkeeper)
    .fetch_one(conn)
    .await?)
}

/// Hub staff and the board see every pickup point; a shopkeeper only their shop's.
fn desk_scope(staff: &CurrentUser) -> Option<i64> {
    use crate::accounts::Role;
    let all = staff.roles.contains(&Role::HubStaff) || staff.roles.contains(&Role::Board);
    (!all).then_some(staff.id)
}

/// Staff hand a basket over and/or record a payment received: the basket is marked collected
/// when `hand_over`, and `paid` records what was left to pay as received. Shopkeepers may do
/// it only at their own shop's pickup point.
pub async fn record_collection(
    pool: &PgPool,
    coop_id: i64,
    staff: &CurrentUser,
    order_id: i64,
    hand_over: bool,
    paid: bool,
) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let order = lock_order(&mut tx, coop_id, order_id, None).await?;
    if let Some(shopkeeper) = desk_scope(staff)
        && !at_shop(&mut tx, order.slot_id, shopkeeper).await?
    {
        return Err(ServiceError::Forbidden);
    }
    if order.status != OrderStatus::Confirmed {
        return Err(ServiceError::invalid(Msg::ErrOrderNotCollectable));
    }
    if hand_over {
        self::hand_over(&mut tx, order_id, paid, staff.id).await?;
    } else if paid {
        record_payment(&mut tx, order_id, staff.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What is left to pay on an order, refunds not yet sent counted.
pub fn amount_due(total_cents: i64, paid_cents: i64, pending_refunds_cents: i64) -> i64 {
    (total_cents - (paid_cents - pending_refunds_cents)).max(0)
}

/// The basket is in the buyer's hands (at a desk or at their door); `paid` records what was
/// left to pay as received (the whole total at pickup; for a card order, what a recount
/// after its refunds added).
pub(crate) async fn hand_over(conn: &mut PgConnection, order_id: i64, paid: bool, staff_id: i64) -> ServiceResult<()> {
    sqlx::query("UPDATE orders SET collected_at = coalesce(collected_at, now()), updated_at = now() WHERE id = $1")
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    if paid {
        record_payment(conn, order_id, staff_id).await?;
    }
    Ok(())
}

async fn record_payment(conn: &mut PgConnection, order_id: i64, staff_id: i64) -> ServiceResult<()> {
    sqlx::query(
        "UPDATE orders o SET paid_cents = o.paid_cents + d.due, paid_at = now(), payment_recorded_by = $2,
             updated_at = now()
         FROM (SELECT greatest(o2.total_cents - o2.paid_cents
                   + (SELECT coalesce(sum(amount_cents), 0) FROM refunds r WHERE r.order_id = o2.id AND r.done_at IS NULL), 0)::bigint AS due
               FROM orders o2 WHERE o2.id = $1) d
         WHERE o.id = $1 AND d.due > 0",
    )
    .bind(order_id)
    .bind(staff_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The Stripe Checkout session opened for a card order.
pub async fn attach_payment_session(
    pool: &PgPool,
    coop_id: i64,
    order_id: i64,
    session_id: &str,
    url: &str,
) -> ServiceResult<()> {
    sqlx::query(
        "UPDATE orders SET stripe_session_id = $3, stripe_session_url = $4 WHERE coop_id = $1 AND id = $2
           AND status = 'pending_payment'",
    )
    .bind(coop_id)
    .bind(order_id)
    .bind(session_id)
    .bind(url)
    .execute(pool)
    .await?;
    Ok(())
}

/// What a card order needs to open (or reopen) its payment page.
#[derive(Clone, Debug)]
pub struct PendingPayment {
    pub order: OrderView,
    pub buyer_email: String,
    /// The page opened already, if any.
    pub session_url: Option<String>,
    /// When the page to open closes, and the key it is opened under: the same on every retry
    /// while the order's hold lasts (see `payment_hold`).
    pub session_expires_at: DateTime<Utc>,
    pub idempotency_key: String,
}

/// A buyer's card order waiting for payment, with what its payment page is opened with. When
/// the order's hold is too short for Stripe to open a page any more (a retry long after the
/// checkout), the hold is renewed for `ttl`, and the page gets a new key with its new expiry.
pub async fn pending_payment(
    pool: &PgPool,
    coop_id: i64,
    user_id: i64,
    order_id: i64,
    ttl: Duration,
    now: DateTime<Utc>,
) -> ServiceResult<PendingPayment> {
    let mut tx = pool.begin().await?;
    type Row = (String, String, String, Option<String>, Option<DateTime<Utc>>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.status, u.email, o.attempt_key, o.stripe_session_url, o.payment_expires_at
         FROM orders o JOIN users u ON u.id = o.user_id
         WHERE o.coop_id = $1 AND o.id = $2 AND o.user_id = $3 FOR UPDATE OF o",
    )
    .bind(coop_id)
    .bind(order_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, buyer_email, attempt_key, session_url, held_until) = row.ok_or(ServiceError::NotFound)?;
    if OrderStatus::parse(&status) != Some(OrderStatus::PendingPayment) {
        return Err(ServiceError::invalid(Msg::ErrNothingToPay));
    }
    let held_until = held_until.unwrap_or(now);
    let hold = if session_url.is_some() {
        held_until
    } else {
        super::payment_hold(held_until, now, ttl)
    };
    if hold != held_until {
        sqlx::query("UPDATE orders SET payment_expires_at = $2, updated_at = now() WHERE id = $1")
            .bind(order_id)
            .bind(hold)
            .execute(&mut *tx)
            .await?;
    }
    let order = order_view(&mut tx, coop_id, order_id, Some(user_id), now).await?;
    tx.commit().await?;
    Ok(PendingPayment {
        order,
        buyer_email,
        session_url,
        session_expires_at: super::payment_page_expiry(hold),
        idempotency_key: super::payment_key(order_id, &attempt_key, hold),
    })
}

/// A payment event as the orders context needs it, whatever the provider's format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentEvent {
    Completed {
        session_id: String,
        order_id: Option<i64>,
        payment_intent: Option<String>,
        amount_cents: Option<i64>,
        paid: bool,
    },
    Expired {
        session_id: String,
        order_id: Option<i64>,
    },
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Seen before: nothing done.
    Duplicate,
    Confirmed,
    Expired,
    /// Paid for an order that no longer waited: the money goes back.
    Refunding,
    Ignored,
}

/// Applies a payment event exactly once: its id is stored in the same transaction as its
/// effect, so a replay finds it and changes nothing; an event that arrives late (a completion
/// after expiry, an expiry after payment) finds the order already settled.
pub async fn apply_payment_event(
    pool: &PgPool,
    coop_lookup: impl Fn(i64) -> Option<Coop>,
    base_url: &str,
    event_id: &str,
    event_type: &str,
    event: &PaymentEvent,
) -> ServiceResult<Applied> {
    let mut tx = pool.begin().await?;
    let fresh: Option<String> =
        sqlx::query_scalar("INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id")
            .bind(event_id)
            .bind(event_type)
            .fetch_optional(&mut *tx)
            .await?;
    if fresh.is_none() {
        return Ok(Applied::Duplicate);
    }
    let (session_id, order_hint) = match event {
        PaymentEvent::Completed {
            session_id, order_id, ..
        }
        | PaymentEvent::Expired { session_id, order_id } => (session_id.as_str(), *order_id),
        PaymentEvent::Other => {
            tx.commit().await?;
            return Ok(Applied::Ignored);
        }
    };
    let row: Option<(i64, i64, i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, coop_id, cycle_id, status, slot_id, total_cents, paid_cents FROM orders
         WHERE stripe_session_id = $1 OR (stripe_session_id IS NULL AND id = $2) ORDER BY id LIMIT 1 FOR UPDATE",
    )
    .bind(session_id)
    .bind(order_hint)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((order_id, coop_id, cycle_id, status, slot_id, total, paid_before)) = row else {
        tx.commit().await?;
        return Ok(Applied::Ignored);
    };
    sqlx::query("UPDATE stripe_events SET order_id = $2 WHERE id = $1")
        .bind(event_id)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    let status = OrderStatus::parse(&status).unwrap_or(OrderStatus::Confirmed);
    let coop = coop_lookup(coop_id).ok_or(ServiceError::NotFound)?;
    let applied = match event {
        PaymentEvent::Completed {
            payment_intent,
            amount_cents,
            paid: true,
            ..
        } => {
            let amount = amount_cents.unwrap_or(total);
            sqlx::query(
                "UPDATE orders SET stripe_session_id = $2, stripe_payment_intent = coalesce($3, stripe_payment_intent),
                     paid_cents = paid_cents + $4, paid_at = now(), updated_at = now() WHERE id = $1",
            )
            .bind(order_id)
            .bind(session_id)
            .bind(payment_intent)
            .bind(amount)
            .execute(&mut *tx)
            .await?;
            if status == OrderStatus::PendingPayment {
                sqlx::query("UPDATE orders SET status = 'confirmed' WHERE id = $1")
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
                email_order(&mut tx, &coop, base_url, order_id, OrderMail::Confirmed).await?;
                Applied::Confirmed
            } else if paid_before > 0 && status == OrderStatus::Confirmed {
                // A second session paid for an order already paid: give it back.
                queue_refund(&mut tx, coop_id, order_id, amount, "paid twice").await?;
                Applied::Refunding
            } else if status == OrderStatus::Confirmed {
                Applied::Ignored
            } else {
                queue_refund(&mut tx, coop_id, order_id, amount, "paid after expiry").await?;
                Applied::Refunding
            }
        }
        PaymentEvent::Expired { .. } if status == OrderStatus::PendingPayment => {
            release(&mut tx, order_id, cycle_id, slot_id, OrderStatus::Expired).await?;
            email_order(&mut tx, &coop, base_url, order_id, OrderMail::Expired).await?;
            Applied::Expired
        }
        _ => Applied::Ignored,
    };
    tx.commit().await?;
    Ok(applied)
}

/// The rule for card payments and closing: an order belongs to a cycle's purchase orders only
/// if it is paid (or to be paid at pickup) when the cycle closes. Closing releases the card
/// orders still waiting for their payment, in the closing transaction and before purchase
/// orders are made; a payment that completes later finds the order expired and is refunded
/// (see [`apply_payment_event`]), so producers are never asked for less than buyers paid for.
/// Returns how many orders were released.
pub async fn expire_pending_at_closing(conn: &mut PgConnection, cycle_id: i64, base_url: &str) -> ServiceResult<usize> {
    let coop: Coop = sqlx::query_as::<_, (i64, String, String, String)>(
        "SELECT c.id, c.slug, c.name, c.timezone FROM coops c JOIN order_cycles oc ON oc.coop_id = c.id WHERE oc.id = $1",
    )
    .bind(cycle_id)
    .fetch_one(&mut *conn)
    .await
    .map(|(id, slug, name, timezone)| Coop {
        id,
        slug,
        name,
        timezone,
    })?;
    // Waits for a payment being applied right now: it confirms the order before closing.
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, slot_id FROM orders WHERE cycle_id = $1 AND status = 'pending_payment' ORDER BY id FOR UPDATE",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await?;
    for &(order_id, slot_id) in &due {
        release(conn, order_id, cycle_id, slot_id, OrderStatus::Expired).await?;
        email_order(conn, &coop, base_url, order_id, OrderMail::Expired).await?;
    }
    Ok(due.len())
}

/// Releases the stock of card orders whose payment never came. Returns how many expired.
pub async fn expire_unpaid(
    pool: &PgPool,
    coop_lookup: impl Fn(i64) -> Option<Coop>,
    base_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let mut tx = pool.begin().await?;
    let due: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, coop_id, cycle_id, slot_id FROM orders
         WHERE status = 'pending_payment' AND payment_expires_at <= $1 ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for &(order_id, coop_id, cycle_id, slot_id) in &due {
        release(&mut tx, order_id, cycle_id, slot_id, OrderStatus::Expired).await?;
        if let Some(coop) = coop_lookup(coop_id) {
            email_order(&mut tx, &coop, base_url, order_id, OrderMail::Expired).await?;
        }
    }
    tx.commit().await?;
    Ok(due.len())
}

/// Reminds buyers the day before their slot (once per order).
pub async fn send_reminders(
    pool: &PgPool,
    coop_lookup: impl Fn(i64) -> Option<Coop>,
    base_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let mut tx = pool.begin().await?;
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.coop_id FROM orders o JOIN slots s ON s.id = o.slot_id
         WHERE o.status = 'confirmed' AND o.reminder_sent_at IS NULL AND o.collected_at IS NULL
           AND s.starts_at > $1 AND s.starts_at <= $1 + interval '24 hours'
         ORDER BY o.id LIMIT 500 FOR UPDATE OF o SKIP LOCKED",
    )
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    for &(order_id, coop_id) in &due {
        // A cooperative this server does not serve keeps its reminders for a server that does.
        let Some(coop) = coop_lookup(coop_id) else {
            continue;
        };
        email_order(&mut tx, &coop, base_url, order_id, OrderMail::Reminder).await?;
        sqlx::query("UPDATE orders SET reminder_sent_at = now() WHERE id = $1")
            .bind(order_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(due.len())
}

/// Refunds waiting to be sent to Stripe: (refund id, payment intent, amount).
pub async fn due_refunds(pool: &PgPool) -> ServiceResult<Vec<(i64, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT r.id, o.stripe_payment_intent, r.amount_cents FROM refunds r JOIN orders o ON o.id = r.order_id
         WHERE r.done_at IS NULL AND o.stripe_payment_intent IS NOT NULL ORDER BY r.id LIMIT 50",
    )
    .fetch_all(pool)
    .await?)
}

pub async fn refund_done(pool: &PgPool, refund_id: i64, stripe_refund: &str) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    let first = sqlx::query("UPDATE refunds SET done_at = now(), stripe_refund = $2 WHERE id = $1 AND done_at IS NULL")
        .bind(refund_id)
        .bind(stripe_refund)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if first == 0 {
        return Ok(());
    }
    sqlx::query(
        "UPDATE orders o SET paid_cents = greatest(o.paid_cents - r.amount_cents, 0), updated_at = now()
         FROM refunds r WHERE r.id = $1 AND o.id = r.order_id",
    )
    .bind(refund_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
