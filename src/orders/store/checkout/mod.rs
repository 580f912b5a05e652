//! Checkout: turning a cart into an order in one transaction (stock, slot, delivery fee), and
//! the steps an order change shares with it (booking a slot, moving stock, writing lines).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;

mod confirmation;
mod paying;

use confirmation::queue_confirmation;
pub use paying::collect_round_ups;
use paying::{pay_by_credit, with_fund};

use super::cart::{CartOwner, cart_id, cart_lines, solidarity_rates};
use super::rows::{offered, open_cycle};
use crate::accounts::store::CurrentUser;
use crate::ctx::Ctx;
use crate::cycles::{Place, SlotView};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::orders::{
    CheckoutDraft, OfferedVariant, OrderStatus, PaymentMethod, Pricing, Solidarity, Totals, check_quantity,
    delivery_fee, shortages, totals,
};

/// What the buyer chose at checkout (`None`: not chosen).
#[derive(Clone, Debug)]
pub struct CheckoutChoice {
    pub slot_id: Option<i64>,
    pub address: String,
    pub postcode: String,
    /// Home deliveries only, optional: the driver calls it when nobody answers.
    pub phone: String,
    pub payment: Option<PaymentMethod>,
    /// Round the amount paid up to the next euro for the solidarity fund (card or credit).
    pub round_up: bool,
    /// Random per checkout page: a second submission of the same page finds the first order.
    pub attempt_key: String,
}

/// Keeps what the buyer typed with their cart, whatever the checkout then says: a refused
/// checkout shows the form again as it was, even as a plain form without JavaScript.
async fn save_draft(ctx: &Ctx, cycle_id: i64, user_id: i64, choice: &CheckoutChoice) -> ServiceResult<()> {
    let draft = CheckoutDraft::new(
        choice.slot_id,
        &choice.address,
        &choice.postcode,
        &choice.phone,
        choice.payment,
    );
    sqlx::query!(
        "UPDATE carts SET draft_slot_id = (SELECT id FROM slots WHERE id = $4 AND cycle_id = $2),
             draft_address = $5, draft_postcode = $6, draft_payment = $7, draft_phone = $8
         WHERE coop_id = $1 AND cycle_id = $2 AND user_id = $3",
        ctx.coop_id(),
        cycle_id,
        user_id,
        draft.slot_id,
        draft.address,
        draft.postcode,
        draft.payment.map(PaymentMethod::code),
        draft.phone,
    )
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub order_id: i64,
    pub status: OrderStatus,
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
    let booked: Option<i32> = sqlx::query_scalar!(
        "UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity RETURNING booked",
        slot_id
    )
    .fetch_optional(conn)
    .await?;
    booked.map(|_| ()).ok_or(ServiceError::field("slot", Msg::ErrSlotFull))
}

pub(super) async fn book_slot(conn: &mut PgConnection, cycle_id: i64, slot_id: i64) -> ServiceResult<SlotView> {
    let slot = usable_slot(conn, cycle_id, slot_id).await?;
    claim_slot(conn, slot.id).await?;
    Ok(slot)
}

/// The delivery fee and cleaned address for a slot, or why it cannot be used.
async fn delivery_for(
    conn: &mut PgConnection,
    coop_id: i64,
    slot: &SlotView,
    choice: &CheckoutChoice,
    subtotal_cents: i64,
) -> ServiceResult<(i64, String, String, String)> {
    let (address, postcode, phone) = (&choice.address, &choice.postcode, &choice.phone);
    let Place::Delivery(zone_id) = slot.place else {
        return Ok((0, String::new(), String::new(), String::new()));
    };
    let address = address.split_whitespace().collect::<Vec<_>>().join(" ");
    if address.is_empty() || address.chars().count() > 300 {
        return Err(ServiceError::field("address", Msg::ErrAddressRequired));
    }
    let postcode = crate::cycles::parse_postcode(postcode).ok_or(ServiceError::field("postcode", Msg::ErrPostcode))?;
    let zone = crate::cycles::store::zone(conn, coop_id, zone_id).await?;
    let phone = crate::orders::parse_phone(phone).ok_or(ServiceError::field("phone", Msg::ErrPhone))?;
    let fee = delivery_fee(&zone, &postcode, subtotal_cents)?;
    Ok((fee, address, postcode, phone))
}

/// Moves stock for an order change: positive quantities are taken, negative ones given back.
/// A last-minute sale's goods are already at the hub: only its offers count them.
pub(super) async fn move_stock(conn: &mut PgConnection, cycle_id: i64, deltas: &[(i64, i64)]) -> ServiceResult<()> {
    let ids: Vec<i64> = deltas.iter().map(|(v, _)| *v).collect();
    let qty: Vec<i64> = deltas.iter().map(|(_, q)| *q).collect();
    sqlx::query!(
        "UPDATE variants v SET stock = v.stock - d.q FROM unnest($1::bigint[], $2::bigint[]) AS d(id, q)
         WHERE v.id = d.id AND v.stock_mode = 'finite'
           AND NOT EXISTS (SELECT 1 FROM order_cycles c WHERE c.id = $3 AND c.rescued_from IS NOT NULL)",
        &ids[..],
        &qty[..],
        cycle_id,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE cycle_offers o SET sold = o.sold + d.q FROM unnest($2::bigint[], $3::bigint[]) AS d(id, q)
         WHERE o.cycle_id = $1 AND o.variant_id = d.id",
        cycle_id,
        &ids[..],
        &qty[..],
    )
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn insert_lines(
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
    sqlx::query!(
        "INSERT INTO order_lines (order_id, coop_id, variant_id, product_name, variant_label, quantity, unit_price_cents, vat_bp)
         SELECT $1, $2, v, n, l, q, p, t
         FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::int[]) AS x(v, n, l, q, p, t)",
        order_id,
        coop_id,
        &ids[..],
        &names[..],
        &labels[..],
        &qty[..],
        &price[..],
        &vat[..],
    )
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
pub async fn checkout(
    ctx: &Ctx,
    user: &CurrentUser,
    cycle_id: i64,
    choice: &CheckoutChoice,
    card_payments: bool,
    payment_ttl: Duration,
) -> ServiceResult<Placed> {
    let key = attempt_key(&choice.attempt_key)?;
    save_draft(ctx, cycle_id, user.id, choice).await?;
    if choice.payment == Some(PaymentMethod::Card) && !card_payments {
        return Err(ServiceError::field("payment", Msg::ErrCardUnavailable));
    }
    retrying(|| place_order(ctx, user, cycle_id, choice, key, payment_ttl, None)).await
}

/// An order of these lines rather than of the buyer's cart (which stays as it is): what a
/// platform places for its account through DFC, paid at pickup, with the checkout's checks and
/// reservation. `key` makes a retried request find the order it made.
pub async fn order_lines(
    ctx: &Ctx,
    user: &CurrentUser,
    cycle_id: i64,
    lines: &[(i64, i64)],
    slot_id: i64,
    key: &str,
) -> ServiceResult<Placed> {
    let key = attempt_key(key)?;
    let choice = CheckoutChoice {
        slot_id: Some(slot_id),
        address: String::new(),
        postcode: String::new(),
        phone: String::new(),
        payment: Some(PaymentMethod::Pickup),
        round_up: false,
        attempt_key: key.to_owned(),
    };
    let ttl = Duration::zero();
    retrying(|| place_order(ctx, user, cycle_id, &choice, key, ttl, Some(lines))).await
}

/// An attempt's key: 8 to 64 letters, digits or dashes.
fn attempt_key(key: &str) -> ServiceResult<&str> {
    let key = key.trim();
    if !(8..=64).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ServiceError::invalid(Msg::ErrBadRequest));
    }
    Ok(key)
}

/// Runs a checkout attempt again after a deadlock, a few times: the rollback left nothing.
async fn retrying<F: Future<Output = ServiceResult<Placed>>>(attempt: impl Fn() -> F) -> ServiceResult<Placed> {
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(ServiceError::Db(e)) if tries < 3 && is_deadlock(&e) => tries += 1,
            other => return other,
        }
    }
}

/// The order a checkout attempt already made, if any.
async fn placed_with(conn: &mut PgConnection, coop_id: i64, user_id: i64, key: &str) -> ServiceResult<Option<Placed>> {
    Ok(sqlx::query_as!(
        Placed,
        r#"SELECT id AS order_id, status AS "status: OrderStatus" FROM orders
         WHERE coop_id = $1 AND user_id = $2 AND attempt_key = $3"#,
        coop_id,
        user_id,
        key,
    )
    .fetch_optional(conn)
    .await?)
}

fn is_deadlock(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|c| c == "40P01")
}

/// Checkout's first step, on unlocked rows: every line in stock (all short lines reported) and
/// in whole cases for shopkeepers. Returns the buyer's price of each variant.
fn check_cart(
    lines: &[(i64, i64)],
    offers: &HashMap<i64, OfferedVariant>,
    pricing: Pricing,
) -> ServiceResult<HashMap<i64, i64>> {
    let short = shortages(lines, offers);
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    for (v, q) in lines {
        check_quantity(pricing, offers[v].case_size, *q).map_err(|m| ServiceError::field("quantity", m))?;
    }
    Ok(offers.values().map(|o| (o.variant_id, o.price(pricing))).collect())
}

/// Checkout's contended step: the variants locked in id order and checked again, their stock
/// taken, then the slot's place.
async fn reserve(
    conn: &mut PgConnection,
    cycle_id: i64,
    lines: &[(i64, i64)],
    slot_id: i64,
    locale: Locale,
) -> ServiceResult<()> {
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    let locked = offered(conn, cycle_id, &ids, true, locale).await?;
    let short = shortages(lines, &locked);
    if !short.is_empty() {
        return Err(ServiceError::OutOfStock(short));
    }
    move_stock(conn, cycle_id, lines).await?;
    claim_slot(conn, slot_id).await
}

/// A checkout's order before it is written: the cart's lines with their offers and the
/// buyer's prices, and what its orders row holds once the checks passed.
struct NewOrder {
    cycle_id: i64,
    lines: Vec<(i64, i64)>,
    offers: HashMap<i64, OfferedVariant>,
    prices: HashMap<i64, i64>,
    pricing: Pricing,
    status: OrderStatus,
    slot: SlotView,
    address: String,
    postcode: String,
    phone: String,
    method: PaymentMethod,
    totals: Totals,
    payment_expires_at: Option<DateTime<Utc>>,
    /// The solidarity discount the buyer's status asks of the fund (0 without one).
    solidarity_wanted: i64,
    round_up: bool,
}

impl NewOrder {
    /// Whether checkout takes from or gives to the solidarity fund.
    fn touches_fund(&self) -> bool {
        self.solidarity_wanted > 0 || self.round_up
    }

    /// Paid at checkout, for an order that does not touch the fund: in full from the buyer's
    /// credit, else nothing yet.
    fn paid_cents(&self) -> i64 {
        if self.method == PaymentMethod::Credit && !self.touches_fund() {
            self.totals.total_cents
        } else {
            0
        }
    }
}

/// One checkout attempt, as named steps in one transaction: the order this attempt already made
/// if any, the cart checked, the order written with its lines (and its confirmation), then the
/// contended reservation last.
async fn place_order(
    ctx: &Ctx,
    user: &CurrentUser,
    cycle_id: i64,
    choice: &CheckoutChoice,
    key: &str,
    payment_ttl: Duration,
    given: Option<&[(i64, i64)]>,
) -> ServiceResult<Placed> {
    let (coop_id, now) = (ctx.coop_id(), ctx.now);
    let mut tx = ctx.pool.begin().await?;
    if let Some(placed) = placed_with(&mut tx, coop_id, user.id, key).await? {
        return Ok(placed);
    }
    let cycle = open_cycle(&mut tx, coop_id, cycle_id, now).await?;
    let (cart, lines) = match given {
        Some(lines) => (None, lines.to_vec()),
        None => {
            let cart = cart_id(&mut tx, coop_id, cycle_id, &CartOwner::User(user.id)).await?;
            (cart, cart_lines(&mut tx, cart).await?)
        }
    };
    if lines.is_empty() {
        // The same page sent twice: the other submission may have made the order (and emptied
        // the cart) since this one looked; each statement sees what is committed, so look again.
        if let Some(placed) = placed_with(&mut tx, coop_id, user.id, key).await? {
            return Ok(placed);
        }
        return Err(ServiceError::invalid(Msg::ErrCartEmpty));
    }
    let order = checked_order(&mut tx, ctx, user, cycle_id, choice, lines, payment_ttl).await?;
    // A second submission of the same form running alongside this one waits here for the
    // first to finish; if it made the order, that order is the answer, not an error.
    let Some(order_id) = insert_order(&mut tx, ctx, user.id, key, &order).await? else {
        return placed_with(&mut tx, coop_id, user.id, key)
            .await?
            .ok_or(ServiceError::Internal("an order attempt vanished".into()));
    };
    fill_from_cart(&mut tx, coop_id, order_id, &order, cart, user.locale).await?;
    if order.touches_fund() {
        // The fund's row is one for the whole cooperative: it is locked last, once the stock
        // and the slot are taken, so that it is held for the shortest time.
        reserve(&mut tx, cycle_id, &order.lines, order.slot.id, user.locale).await?;
        let (paid, fund) = with_fund(&mut tx, ctx, user.id, order_id, &order).await?;
        if order.status == OrderStatus::Confirmed {
            queue_confirmation(&mut tx, ctx, user, cycle, order_id, &order, (paid, fund)).await?;
        }
    } else {
        if order.method == PaymentMethod::Credit {
            pay_by_credit(&mut tx, ctx, user.id, order_id, order.totals.total_cents).await?;
        }
        if order.status == OrderStatus::Confirmed {
            let paid = (order.paid_cents(), Solidarity::default());
            queue_confirmation(&mut tx, ctx, user, cycle, order_id, &order, paid).await?;
        }
        reserve(&mut tx, cycle_id, &order.lines, order.slot.id, user.locale).await?;
    }
    tx.commit().await?;
    Ok(Placed {
        order_id,
        status: order.status,
    })
}

/// Checkout's checks, before anything is written: the cart's lines in stock and priced, the
/// slot with room, the delivery fee and address, the payment method and what it makes of the
/// order's status.
async fn checked_order(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user: &CurrentUser,
    cycle_id: i64,
    choice: &CheckoutChoice,
    lines: Vec<(i64, i64)>,
    payment_ttl: Duration,
) -> ServiceResult<NewOrder> {
    let pricing = Pricing::for_roles(&user.roles);
    let ids: Vec<i64> = lines.iter().map(|(v, _)| *v).collect();
    // Unlocked first: most refusals need no lock, and prices and names come from here.
    let offers = offered(conn, cycle_id, &ids, false, user.locale).await?;
    let prices = check_cart(&lines, &offers, pricing)?;
    let subtotal = totals(lines.iter().map(|(v, q)| (prices[v], *q)), 0).subtotal_cents;
    let slot_id = choice.slot_id.ok_or(ServiceError::field("slot", Msg::ErrChooseSlot))?;
    let slot = usable_slot(conn, cycle_id, slot_id).await?;
    let (fee, address, postcode, phone) = delivery_for(conn, ctx.coop_id(), &slot, choice, subtotal).await?;
    let method = choice
        .payment
        .ok_or(ServiceError::field("payment", Msg::ErrChoosePayment))?;
    if choice.round_up && !method.prepaid() {
        return Err(ServiceError::field("payment", Msg::ErrRoundUpNeedsPrepay));
    }
    let rates = solidarity_rates(conn, ctx, user.id, pricing).await?;
    let solidarity_wanted = rates.map_or(0, |rates| {
        crate::solidarity::discount_on(
            lines
                .iter()
                .map(|(v, q)| (rates.for_category(offers[v].category), prices[v] * q)),
        )
    });
    let (status, payment_expires_at) = match method {
        PaymentMethod::Card => (OrderStatus::PendingPayment, Some(ctx.now + payment_ttl)),
        PaymentMethod::Pickup | PaymentMethod::Credit => (OrderStatus::Confirmed, None),
    };
    Ok(NewOrder {
        cycle_id,
        lines,
        offers,
        prices,
        pricing,
        status,
        slot,
        address,
        postcode,
        phone,
        method,
        totals: Totals {
            subtotal_cents: subtotal,
            fee_cents: fee,
            total_cents: subtotal + fee,
        },
        payment_expires_at,
        solidarity_wanted,
        round_up: choice.round_up,
    })
}

/// Writes the orders row of a checkout attempt, or nothing if that attempt already made one
/// (None: the second submission of a page).
async fn insert_order(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user_id: i64,
    key: &str,
    order: &NewOrder,
) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO orders (coop_id, cycle_id, user_id, status, pricing, slot_id, delivery_address, delivery_postcode,
             payment_method, subtotal_cents, fee_cents, total_cents, attempt_key, payment_expires_at, created_at, updated_at,
             delivery_phone, paid_cents, paid_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17,
                 CASE WHEN $17::bigint > 0 THEN $15::timestamptz END)
         ON CONFLICT (coop_id, user_id, attempt_key) DO NOTHING RETURNING id",
        ctx.coop_id(),
        order.cycle_id,
        user_id,
        order.status.code(),
        order.pricing.code(),
        order.slot.id,
        order.address,
        order.postcode,
        order.method.code(),
        order.totals.subtotal_cents,
        order.totals.fee_cents,
        order.totals.total_cents,
        key,
        order.payment_expires_at as _,
        ctx.now as _,
        order.phone,
        order.paid_cents(),
    )
    .fetch_optional(conn)
    .await?)
}

/// The cart becomes the order's lines, at the buyer's prices and under the names offered today,
/// and is deleted.
async fn fill_from_cart(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    order: &NewOrder,
    cart: Option<i64>,
    locale: Locale,
) -> ServiceResult<()> {
    insert_lines(
        conn,
        coop_id,
        order_id,
        &order.lines,
        &order.offers,
        &order.prices,
        locale,
    )
    .await?;
    if let Some(cart) = cart {
        sqlx::query!("DELETE FROM carts WHERE id = $1", cart)
            .execute(conn)
            .await?;
    }
    Ok(())
}
