//! Purchase orders: read from a cycle's confirmed orders, as CSV, and emailed to producers when
//! the cycle closes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::ctx::Ctx;
use crate::cycles::CycleStatus;
use crate::error::{ServiceError, ServiceResult};
use crate::hub::rounds::SupplyMode;
use crate::hub::{CaseTolerance, Logistics, OrderLine, PoLineView, PoView, consolidate};
use crate::i18n::{Locale, Msg};

struct LineRow {
    order_id: i64,
    variant_id: i64,
    producer_id: i64,
    quantity: i64,
    pro: bool,
    case_size: i32,
    unit_price_cents: i64,
    weight_grams: i32,
    placed_at: DateTime<Utc>,
    label: String,
    farm_name: String,
}

/// How a producer brings their goods for a cycle.
struct SupplyRow {
    producer_id: i64,
    mode: SupplyMode,
    drop_off_start: Option<DateTime<Utc>>,
    drop_off_end: Option<DateTime<Utc>>,
}

/// The cycle a purchase order is for, and the cooperative's zone.
struct CycleRow {
    name: String,
    status: CycleStatus,
    timezone: crate::time::Zone,
}

/// Where a producer's purchase order goes, and in which language.
struct RecipientRow {
    email: String,
    locale: Locale,
}

/// The confirmed order lines of a cycle (one producer's, if given). One query.
async fn cycle_lines(conn: &mut PgConnection, cycle_id: i64, producer: Option<i64>) -> ServiceResult<Vec<LineRow>> {
    Ok(sqlx::query_as!(
        LineRow,
        r#"SELECT l.order_id, l.variant_id, p.producer_id, l.quantity, o.pricing = 'pro' AS "pro!", v.case_size,
                l.unit_price_cents, v.weight_grams, o.created_at AS "placed_at: DateTime<Utc>",
                l.product_name || ' — ' || l.variant_label AS "label!", pr.farm_name
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN variants v ON v.id = l.variant_id
         JOIN products p ON p.id = v.product_id JOIN producers pr ON pr.id = p.producer_id
         WHERE o.cycle_id = $1 AND o.status = 'confirmed' AND ($2::bigint IS NULL OR p.producer_id = $2)"#,
        cycle_id,
        producer,
    )
    .fetch_all(conn)
    .await?)
}

/// A cycle's purchase orders, one per producer (or only `producer`'s), with what was received.
pub async fn logistics(
    ctx: &Ctx,
    cycle_id: i64,
    producer: Option<i64>,
    tolerance: CaseTolerance,
) -> ServiceResult<Logistics> {
    let mut conn = ctx.pool.acquire().await?;
    logistics_on(&mut conn, ctx.coop_id(), cycle_id, producer, tolerance).await
}

pub(super) async fn logistics_on(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    producer: Option<i64>,
    tolerance: CaseTolerance,
) -> ServiceResult<Logistics> {
    let cycle = sqlx::query_as!(
        CycleRow,
        r#"SELECT oc.name, oc.status AS "status: CycleStatus", c.timezone AS "timezone: crate::time::Zone"
         FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id
         WHERE oc.coop_id = $1 AND oc.id = $2"#,
        coop_id,
        cycle_id,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let CycleRow {
        name: cycle_name,
        status,
        timezone,
    } = cycle.ok_or(ServiceError::NotFound)?;
    let supply: HashMap<i64, SupplyRow> = sqlx::query_as!(
        SupplyRow,
        r#"SELECT producer_id, mode AS "mode: SupplyMode", drop_off_start AS "drop_off_start: DateTime<Utc>",
                drop_off_end AS "drop_off_end: DateTime<Utc>"
         FROM cycle_suppliers WHERE cycle_id = $1"#,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|s| (s.producer_id, s))
    .collect();
    let rows = cycle_lines(conn, cycle_id, producer).await?;
    let received: HashMap<i64, i64> = sqlx::query!(
        "SELECT variant_id, received FROM receptions WHERE cycle_id = $1",
        cycle_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.variant_id, r.received))
    .collect();
    let mut labels: HashMap<i64, String> = HashMap::new();
    let mut farms: HashMap<i64, String> = HashMap::new();
    let mut orders = std::collections::HashSet::new();
    let lines: Vec<OrderLine> = rows
        .into_iter()
        .map(|r| {
            labels.entry(r.variant_id).or_insert(r.label);
            farms.entry(r.producer_id).or_insert(r.farm_name);
            orders.insert(r.order_id);
            OrderLine {
                order_id: r.order_id,
                variant_id: r.variant_id,
                producer_id: r.producer_id,
                quantity: r.quantity,
                pro: r.pro,
                case_size: r.case_size,
                unit_price_cents: r.unit_price_cents,
                weight_grams: r.weight_grams,
                placed_at: r.placed_at,
            }
        })
        .collect();
    let mut purchase_orders: Vec<PoView> = consolidate(&lines, tolerance)
        .into_iter()
        .map(|po| PoView {
            supply: supply
                .get(&po.producer_id)
                .map(|s| (s.mode, s.drop_off_start.zip(s.drop_off_end))),
            farm_name: farms.get(&po.producer_id).cloned().unwrap_or_default(),
            producer_id: po.producer_id,
            brought_units: po.brought_units,
            weight_grams: po.weight_grams,
            amount_cents: po.amount_cents,
            lines: po
                .lines
                .into_iter()
                .map(|line| PoLineView {
                    variant_id: line.variant_id,
                    label: labels.get(&line.variant_id).cloned().unwrap_or_default(),
                    received: received.get(&line.variant_id).copied(),
                    line,
                })
                .collect(),
        })
        .collect();
    purchase_orders.sort_by(|a, b| a.farm_name.cmp(&b.farm_name));
    for po in &mut purchase_orders {
        po.lines.sort_by(|a, b| a.label.cmp(&b.label));
    }
    Ok(Logistics {
        cycle_id,
        cycle_name,
        status,
        orders: orders.len() as i64,
        tolerance,
        timezone,
        purchase_orders,
    })
}

/// A purchase order as CSV (semicolons, for French spreadsheets; safe from formula injection).
pub fn purchase_orders_csv(logistics: &Logistics) -> String {
    let mut out = crate::spreadsheet::CsvWriter::new();
    out.row([
        "producteur",
        "produit",
        "colisage",
        "commande",
        "colis",
        "unites",
        "a_apporter",
        "surplus",
        "recu",
    ]);
    for po in &logistics.purchase_orders {
        for l in &po.lines {
            out.row([
                po.farm_name.clone(),
                l.label.clone(),
                l.line.case_size.to_string(),
                l.line.ordered_units.to_string(),
                l.line.cases.to_string(),
                l.line.loose_units.to_string(),
                l.line.brought_units().to_string(),
                l.line.surplus_units.to_string(),
                l.received.map(|r| r.to_string()).unwrap_or_default(),
            ]);
        }
    }
    out.finish()
}

/// When a cycle closes, each producer gets their purchase order by email (if they have an
/// address), inside the transaction that closes it.
/// Returns how many purchase orders went out.
pub async fn email_purchase_orders(conn: &mut PgConnection, cycle_id: i64, base_url: &str) -> ServiceResult<usize> {
    let coop = sqlx::query!(
        r#"SELECT c.id, c.name, (oc.rescued_from IS NOT NULL) AS "last_minute!"
           FROM order_cycles oc JOIN coops c ON c.id = oc.coop_id WHERE oc.id = $1"#,
        cycle_id,
    )
    .fetch_one(&mut *conn)
    .await?;
    // A last-minute sale sells what is already at the hub: nothing to ask of producers.
    if coop.last_minute {
        return Ok(0);
    }
    let (coop_id, coop_name) = (coop.id, coop.name);
    let logistics = logistics_on(conn, coop_id, cycle_id, None, CaseTolerance::default()).await?;
    let mut sent = 0;
    for po in &logistics.purchase_orders {
        let to = sqlx::query_as!(
            RecipientRow,
            r#"SELECT coalesce(nullif(p.contact_email, ''), u.email) AS "email!",
                    coalesce(u.locale, 'fr') AS "locale!: Locale"
             FROM producers p
             LEFT JOIN users u ON u.id = p.user_id WHERE p.id = $1"#,
            po.producer_id,
        )
        .fetch_optional(&mut *conn)
        .await?;
        let Some(RecipientRow { email, locale }) = to.filter(|r| !r.email.is_empty()) else {
            continue;
        };
        let mut body = format!(
            "{}\n\n{}\n\n",
            Msg::MailGreeting.text(locale),
            Msg::MailPurchaseOrderBody.fill(locale, &[("cycle", &logistics.cycle_name)])
        );
        for l in &po.lines {
            body.push_str(&format!("- {} × {}\n", l.line.brought_units(), l.label));
        }
        body.push_str(&format!(
            "\n{}\n\n{}{}\n\n-- \n{}\n",
            logistics.tolerance.describe(locale),
            base_url.trim_end_matches('/'),
            crate::paths::MY_PURCHASE_ORDERS,
            Msg::MailSignature.fill(locale, &[("coop", &coop_name)])
        ));
        let message = crate::mail::Email {
            subject: Msg::MailPurchaseOrderSubject
                .fill(locale, &[("cycle", &logistics.cycle_name), ("coop", &coop_name)]),
            body,
        };
        crate::mail::enqueue(conn, Some(coop_id), &email, &message).await?;
        sent += 1;
    }
    Ok(sent)
}
