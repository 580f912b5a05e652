//! The confirmation of an order just placed, written from what checkout knows.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::NewOrder;
use crate::accounts::store::CurrentUser;
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use crate::orders::mail::OrderMail;
use crate::orders::store::queries::queue_order_mail;
use crate::orders::store::rows::CycleState;
use crate::orders::{OrderLineView, OrderView, Solidarity};

/// Queues the email confirming an order paid at pickup, in its buyer's language, inside the
/// checkout's transaction.
pub(super) async fn queue_confirmation(
    conn: &mut PgConnection,
    ctx: &Ctx,
    user: &CurrentUser,
    cycle: CycleState,
    order_id: i64,
    order: &NewOrder,
    (paid, solidarity): (i64, Solidarity),
) -> ServiceResult<()> {
    let coop = ctx.coop();
    let mut view = confirmation_view(order_id, cycle, order, user, ctx.now, coop.timezone);
    view.paid_cents = paid;
    view.paid_at = (paid > 0).then_some(ctx.now);
    view.solidarity = solidarity;
    queue_order_mail(
        conn,
        coop,
        ctx.base_url(),
        &view,
        &user.email,
        user.locale,
        OrderMail::Confirmed,
    )
    .await
}

/// The order just placed as its confirmation shows it, from what checkout wrote (nothing is
/// read back): lines by product name, nothing paid, collected or missing yet.
fn confirmation_view(
    order_id: i64,
    cycle: CycleState,
    order: &NewOrder,
    user: &CurrentUser,
    created_at: DateTime<Utc>,
    timezone: crate::time::Zone,
) -> OrderView {
    let (offers, prices, pricing) = (&order.offers, &order.prices, order.pricing);
    let mut lines: Vec<OrderLineView> = order
        .lines
        .iter()
        .map(|&(v, quantity)| OrderLineView {
            variant_id: v,
            product_name: offers[&v].product_name.clone(),
            variant_label: offers[&v].variant_label.clone(),
            quantity,
            unit_price_cents: prices[&v],
            step: crate::orders::step(pricing, offers[&v].case_size),
            missing: 0,
            vat_bp: offers[&v].vat_bp,
        })
        .collect();
    lines.sort_by(|a, b| (&a.product_name, a.variant_id).cmp(&(&b.product_name, b.variant_id)));
    OrderView {
        id: order_id,
        cycle_id: order.cycle_id,
        cycle_name: cycle.name,
        cycle_status: cycle.status,
        status: order.status,
        pricing,
        slot: order.slot.clone(),
        delivery_address: order.address.clone(),
        delivery_postcode: order.postcode.clone(),
        payment_method: order.method,
        lines,
        totals: order.totals,
        paid_cents: order.paid_cents(),
        paid_at: (order.paid_cents() > 0).then_some(created_at),
        collected_at: None,
        created_at,
        editable: true,
        reorderable: false,
        buyer_name: user.name().to_owned(),
        timezone,
        solidarity: Solidarity::default(),
    }
}
