//! Reads every use case shares: the variants a cycle offers with what is left, and a cycle's
//! state (locked when the caller is about to move stock).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::catalogue::{Category, Stock, StockMode, Unit};
use crate::cycles::{CycleStatus, accepts_orders};
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::{Locale, Msg};
use crate::orders::{OfferedVariant, OrderStatus, PaymentMethod, Pricing};

pub(super) struct OfferedRow {
    pub(super) variant_id: i64,
    pub(super) product_id: i64,
    pub(super) producer_id: i64,
    pub(super) product_name: String,
    pub(super) category: Category,
    pub(super) variant_name: String,
    pub(super) quantity: i64,
    pub(super) unit: Unit,
    pub(super) retail_price_cents: i64,
    pub(super) pro_price_cents: i64,
    pub(super) case_size: i32,
    pub(super) vat_bp: i32,
    pub(super) stock_mode: StockMode,
    pub(super) stock: i64,
    pub(super) on_demand_cap: Option<i64>,
    pub(super) stock_cap: Option<i64>,
    pub(super) sold: i64,
    pub(super) active: bool,
}

impl OfferedRow {
    pub(super) fn into_offer(self, locale: Locale) -> OfferedVariant {
        let label = crate::catalogue::variant_name(&self.variant_name, self.quantity, self.unit, locale);
        OfferedVariant {
            variant_id: self.variant_id,
            product_id: self.product_id,
            producer_id: self.producer_id,
            product_name: self.product_name,
            category: self.category,
            variant_label: label,
            retail_price_cents: self.retail_price_cents,
            pro_price_cents: self.pro_price_cents,
            case_size: self.case_size,
            vat_bp: self.vat_bp,
            stock: match self.stock_mode {
                StockMode::OnDemand => Stock::OnDemand {
                    cap: self.on_demand_cap,
                },
                StockMode::Finite => Stock::Finite(self.stock),
            },
            stock_cap: self.stock_cap,
            sold: self.sold,
            active: self.active,
        }
    }
}

/// The offer columns `offered` and the shop front share, then `$more` columns, from the offers
/// with their variant and product, then `$rest` (joins, filter, order, lock). A last-minute
/// sale sells goods already at the hub: only its own cap limits it, not the producer's stock.
macro_rules! select_offered {
    ($row:ident, $more:literal, $rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            $row,
            r#"SELECT v.id AS variant_id, p.id AS product_id, p.producer_id, p.name AS product_name,
        p.category AS "category: crate::catalogue::Category", v.name AS variant_name, v.quantity, p.unit AS "unit: crate::catalogue::Unit",
        coalesce(o.retail_price_cents, v.retail_price_cents) AS "retail_price_cents!",
        coalesce(o.pro_price_cents, v.pro_price_cents) AS "pro_price_cents!",
        v.case_size, v.vat_bp,
        CASE WHEN sc.rescued_from IS NULL THEN v.stock_mode ELSE 'on_demand' END AS "stock_mode!: crate::catalogue::StockMode",
        v.stock, CASE WHEN sc.rescued_from IS NULL THEN v.on_demand_cap END AS on_demand_cap,
        o.stock_cap, o.sold, (p.active AND v.active) AS "active!""# + $more + "
    FROM cycle_offers o JOIN order_cycles sc ON sc.id = o.cycle_id JOIN variants v ON v.id = o.variant_id
    JOIN products p ON p.id = v.product_id " + $rest,
            $($arg),*
        )
    };
}
pub(super) use select_offered;

/// The offers of a cycle for these variants; with `lock`, their variant and offer rows are
/// locked in variant id order until the transaction ends.
pub(super) async fn offered(
    conn: &mut PgConnection,
    cycle_id: i64,
    ids: &[i64],
    lock: bool,
    locale: Locale,
) -> ServiceResult<HashMap<i64, OfferedVariant>> {
    let rows: Vec<OfferedRow> = if lock {
        // NO KEY UPDATE is all a stock change needs, and unlike FOR UPDATE it does not wait for
        // the key-share locks that order-line and cart foreign keys take on the same variants.
        select_offered!(
            OfferedRow,
            "",
            "WHERE o.cycle_id = $1 AND o.variant_id = ANY($2) ORDER BY v.id FOR NO KEY UPDATE OF v, o",
            cycle_id,
            ids,
        )
        .fetch_all(conn)
        .await?
    } else {
        select_offered!(
            OfferedRow,
            "",
            "WHERE o.cycle_id = $1 AND o.variant_id = ANY($2) ORDER BY v.id",
            cycle_id,
            ids,
        )
        .fetch_all(conn)
        .await?
    };
    Ok(rows.into_iter().map(|r| (r.variant_id, r.into_offer(locale))).collect())
}

pub(super) struct CycleState {
    pub(super) name: String,
    pub(super) status: CycleStatus,
    pub(super) closes_at: DateTime<Utc>,
}

pub(super) async fn cycle_state(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    lock: bool,
) -> ServiceResult<CycleState> {
    let row: Option<CycleState> = if lock {
        // A shared lock: checkouts run side by side, while closing the cycle waits for them.
        sqlx::query_as!(
            CycleState,
            r#"SELECT name, status AS "status: CycleStatus", closes_at AS "closes_at: DateTime<Utc>"
             FROM order_cycles WHERE coop_id = $1 AND id = $2 FOR SHARE"#,
            coop_id,
            cycle_id,
        )
        .fetch_optional(conn)
        .await?
    } else {
        sqlx::query_as!(
            CycleState,
            r#"SELECT name, status AS "status: CycleStatus", closes_at AS "closes_at: DateTime<Utc>"
             FROM order_cycles WHERE coop_id = $1 AND id = $2"#,
            coop_id,
            cycle_id,
        )
        .fetch_optional(conn)
        .await?
    };
    row.ok_or(ServiceError::NotFound)
}

pub(super) async fn open_cycle(
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

/// An order locked for a change, with what the change needs of it.
pub(super) struct LockedOrder {
    pub(super) cycle_id: i64,
    pub(super) status: OrderStatus,
    pub(super) pricing: Pricing,
    pub(super) slot_id: i64,
    pub(super) payment_method: PaymentMethod,
    pub(super) fee_cents: i64,
    pub(super) postcode: String,
    /// What the solidarity fund paid of it: such an order keeps its contents, like a prepaid one.
    pub(super) solidarity_cents: i64,
}

pub(super) async fn lock_order(
    conn: &mut PgConnection,
    coop_id: i64,
    order_id: i64,
    user_id: Option<i64>,
) -> ServiceResult<LockedOrder> {
    let row: Option<LockedOrder> = sqlx::query_as!(
        LockedOrder,
        r#"SELECT cycle_id, status AS "status: OrderStatus", pricing AS "pricing: Pricing", slot_id,
                payment_method AS "payment_method: PaymentMethod", fee_cents, delivery_postcode AS postcode,
                solidarity_cents
         FROM orders
         WHERE coop_id = $1 AND id = $2 AND ($3::bigint IS NULL OR user_id = $3) FOR UPDATE"#,
        coop_id,
        order_id,
        user_id,
    )
    .fetch_optional(conn)
    .await?;
    row.ok_or(ServiceError::NotFound)
}
