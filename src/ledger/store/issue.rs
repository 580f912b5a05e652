//! Issuing invoices and credit notes, each with a number taken in the transaction that issues
//! it.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::PgConnection;

use super::identity::identity_of;
use crate::accounts::store::CurrentUser;
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::ledger::invoice::{LineInput, fee_rate, totals};
use crate::ledger::{Identity, Number};
use crate::time::Zone;

/// The longest reason a credit note gives.
pub const REASON_MAX: usize = 300;

/// Takes `count` numbers of the cooperative's sequence for `year`, returning the first. The
/// counter's row stays locked until the caller's transaction ends: a concurrent issuer waits,
/// and a rollback gives the numbers back, so the sequence has no gap and no duplicate.
async fn take_numbers(conn: &mut PgConnection, coop_id: i64, year: i32, count: i32) -> ServiceResult<i32> {
    let last = sqlx::query_scalar!(
        "INSERT INTO invoice_counters (coop_id, year, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (coop_id, year) DO UPDATE SET last_number = invoice_counters.last_number + EXCLUDED.last_number
         RETURNING last_number",
        coop_id,
        year,
        count,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(last - count + 1)
}

/// What invoices state of the seller: the identity the board set, else the cooperative's name
/// alone (the settings page asks the board to complete it).
async fn seller(conn: &mut PgConnection, coop_id: i64) -> ServiceResult<(Identity, Zone)> {
    let coop = sqlx::query!(
        r#"SELECT name, timezone AS "timezone: Zone" FROM coops WHERE id = $1"#,
        coop_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let identity = identity_of(&mut *conn, coop_id).await?.unwrap_or(Identity {
        legal_name: coop.name,
        ..Identity::default()
    });
    Ok((identity, coop.timezone))
}

fn local_day(at: DateTime<Utc>, zone: Zone) -> NaiveDate {
    at.with_timezone(&zone.tz()).date_naive()
}

/// Issues the invoices of a delivered cycle's confirmed orders that have none yet (an order
/// with nothing delivered gets none), in the caller's transaction: numbers, lines and one
/// audit entry together. Returns how many were issued.
pub async fn issue_for_cycle(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let already = sqlx::query_scalar!(
        "SELECT order_id FROM invoices WHERE coop_id = $1 AND cycle_id = $2 AND kind = 'invoice'",
        coop_id,
        cycle_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let delivered = crate::orders::store::delivered_orders(conn, cycle_id, &already).await?;
    let (identity, zone) = seller(conn, coop_id).await?;
    let seller = serde_json::json!(identity);
    let mut invoices = Vec::new();
    for mut order in delivered {
        let mut lines: Vec<LineInput> = std::mem::take(&mut order.lines)
            .into_iter()
            .map(|l| LineInput {
                description: l.description,
                quantity: l.quantity,
                unit_price_cents: l.unit_price_cents,
                vat_bp: l.vat_bp,
            })
            .collect();
        if order.fee_cents > 0 {
            let rate = fee_rate(&lines);
            lines.push(LineInput {
                description: "Livraison à domicile".into(),
                quantity: 1,
                unit_price_cents: order.fee_cents,
                vat_bp: rate,
            });
        }
        let totals = totals(&lines);
        if totals.total_cents > 0 {
            invoices.push((order, totals));
        }
    }
    if invoices.is_empty() {
        return Ok(0);
    }
    let year = now.with_timezone(&zone.tz()).year();
    let count = i32::try_from(invoices.len()).map_err(|_| ServiceError::Internal("too many invoices".into()))?;
    let first = take_numbers(conn, coop_id, year, count).await?;
    let numbers: Vec<i32> = (first..first + count).collect();
    let orders: Vec<i64> = invoices.iter().map(|(o, _)| o.order_id).collect();
    let buyers: Vec<i64> = invoices.iter().map(|(o, _)| o.buyer_user_id).collect();
    let sale: Vec<NaiveDate> = invoices
        .iter()
        .map(|(o, _)| local_day(o.handed_over_at, zone))
        .collect();
    let names: Vec<&str> = invoices.iter().map(|(o, _)| o.buyer_name.as_str()).collect();
    let addresses: Vec<&str> = invoices.iter().map(|(o, _)| o.buyer_address.as_str()).collect();
    let sirens: Vec<&str> = invoices.iter().map(|(o, _)| o.buyer_siren.as_str()).collect();
    let business: Vec<bool> = invoices.iter().map(|(o, _)| o.business).collect();
    let card: Vec<bool> = invoices.iter().map(|(o, _)| o.paid_by_card).collect();
    let ht: Vec<i64> = invoices.iter().map(|(_, t)| t.total_ht_cents).collect();
    let vat: Vec<i64> = invoices.iter().map(|(_, t)| t.total_vat_cents).collect();
    let total: Vec<i64> = invoices.iter().map(|(_, t)| t.total_cents).collect();
    let ids = sqlx::query!(
        "INSERT INTO invoices (coop_id, year, number, kind, cycle_id, order_id, buyer_user_id, issued_at, sale_date, seller,
                               buyer_name, buyer_address, buyer_siren, business, paid_by_card, total_ht_cents, total_vat_cents, total_cents)
         SELECT $1, $2, x.number, 'invoice', $3, x.order_id, x.buyer, $4, x.sale, $5, x.name, x.address, x.siren, x.business,
                x.card, x.ht, x.vat, x.total
         FROM unnest($6::int[], $7::bigint[], $8::bigint[], $9::date[], $10::text[], $11::text[], $12::text[], $13::bool[],
                     $14::bool[], $15::bigint[], $16::bigint[], $17::bigint[])
              AS x(number, order_id, buyer, sale, name, address, siren, business, card, ht, vat, total)
         RETURNING id, number",
        coop_id,
        year,
        cycle_id,
        now as _,
        seller,
        &numbers,
        &orders,
        &buyers,
        &sale as &[NaiveDate],
        &names as &[&str],
        &addresses as &[&str],
        &sirens as &[&str],
        &business,
        &card,
        &ht,
        &vat,
        &total,
    )
    .fetch_all(&mut *conn)
    .await?;
    // RETURNING's order is not promised: each invoice is found again by its number.
    let mut ids = ids;
    ids.sort_by_key(|r| r.number);
    let ids: Vec<i64> = ids.into_iter().map(|r| r.id).collect();
    let mut line_invoice = Vec::new();
    let mut line_no = Vec::new();
    let mut description = Vec::new();
    let mut quantity = Vec::new();
    let mut unit = Vec::new();
    let mut rate = Vec::new();
    let mut line_total = Vec::new();
    let mut line_ht = Vec::new();
    for (id, (_, totals)) in ids.iter().zip(&invoices) {
        for (n, l) in totals.lines.iter().enumerate() {
            line_invoice.push(*id);
            line_no.push(n as i32 + 1);
            description.push(l.description.as_str());
            quantity.push(l.quantity);
            unit.push(l.unit_price_cents);
            rate.push(l.vat_bp);
            line_total.push(l.total_cents);
            line_ht.push(l.total_ht_cents);
        }
    }
    sqlx::query!(
        "INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price_cents, vat_bp, total_cents, total_ht_cents)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::int[], $7::bigint[], $8::bigint[])",
        &line_invoice,
        &line_no,
        &description as &[&str],
        &quantity,
        &unit,
        &rate,
        &line_total,
        &line_ht,
    )
    .execute(&mut *conn)
    .await?;
    let (from, to) = (
        Number { year, number: first },
        Number {
            year,
            number: first + count - 1,
        },
    );
    audit::record_for(
        conn,
        coop_id,
        now,
        Entry {
            actor: None,
            action: "invoices_issued",
            subject: format!("cycle {cycle_id}"),
            before: None,
            after: Some(serde_json::json!({
                "count": count,
                "first": from.to_string(),
                "last": to.to_string(),
                "total_cents": total.iter().sum::<i64>(),
            })),
        },
    )
    .await?;
    Ok(invoices.len())
}

/// Cancels an invoice by a credit note of the same sequence that states the same lines and
/// amounts and the reason; the invoice stays as it was. Returns the credit note's id.
pub async fn cancel(ctx: &Ctx, actor: &CurrentUser, invoice_id: i64, reason: &str) -> ServiceResult<i64> {
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        return Err(ServiceError::field("reason", Msg::ErrCreditNoteReason));
    }
    let mut tx = ctx.pool.begin().await?;
    let invoice = sqlx::query!(
        "SELECT i.year, i.number, i.total_cents,
                EXISTS (SELECT 1 FROM invoices c WHERE c.cancels = i.id AND NOT c.partial) AS \"cancelled!\",
                EXISTS (SELECT 1 FROM invoices c WHERE c.cancels = i.id AND c.partial) AS \"corrected!\"
         FROM invoices i WHERE i.coop_id = $1 AND i.id = $2 AND i.kind = 'invoice' FOR UPDATE",
        ctx.coop_id(),
        invoice_id,
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if invoice.cancelled {
        return Err(ServiceError::invalid(Msg::ErrInvoiceCancelled));
    }
    // A whole credit note would credit the returned units twice.
    if invoice.corrected {
        return Err(ServiceError::invalid(Msg::ErrInvoiceHasReturns));
    }
    let year = ctx.now.with_timezone(&ctx.coop().timezone.tz()).year();
    let number = take_numbers(&mut tx, ctx.coop_id(), year, 1).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO invoices (coop_id, year, number, kind, cycle_id, order_id, buyer_user_id, cancels, reason, issued_at,
                               issued_by, sale_date, seller, buyer_name, buyer_address, buyer_siren, business, paid_by_card,
                               total_ht_cents, total_vat_cents, total_cents)
         SELECT coop_id, $3, $4, 'credit_note', cycle_id, order_id, buyer_user_id, id, $5, $6, $7, sale_date, seller,
                buyer_name, buyer_address, buyer_siren, business, paid_by_card, total_ht_cents, total_vat_cents, total_cents
         FROM invoices WHERE coop_id = $1 AND id = $2
         RETURNING id",
        ctx.coop_id(),
        invoice_id,
        year,
        number,
        reason,
        ctx.now as _,
        actor.id,
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price_cents, vat_bp, total_cents, total_ht_cents)
         SELECT $2, line_no, description, quantity, unit_price_cents, vat_bp, total_cents, total_ht_cents
         FROM invoice_lines WHERE invoice_id = $1",
        invoice_id,
        id,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor.id),
            action: "invoice_cancelled",
            subject: format!(
                "invoice {}",
                Number {
                    year: invoice.year,
                    number: invoice.number
                }
            ),
            before: None,
            after: Some(serde_json::json!({
                "credit_note": Number { year, number }.to_string(),
                "total_cents": invoice.total_cents,
                "reason": reason,
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Corrects an invoice (locked by the caller) by a partial credit note of the same sequence for
/// `line`, with the reason, in the caller's transaction. Returns its id and number.
pub(super) async fn credit_part(
    conn: &mut PgConnection,
    ctx: &Ctx,
    actor: &CurrentUser,
    invoice_id: i64,
    line: LineInput,
    reason: &str,
) -> ServiceResult<(i64, Number)> {
    let t = totals(&[line]);
    let year = ctx.now.with_timezone(&ctx.coop().timezone.tz()).year();
    let number = take_numbers(conn, ctx.coop_id(), year, 1).await?;
    let id = sqlx::query_scalar!(
        "INSERT INTO invoices (coop_id, year, number, kind, partial, cycle_id, order_id, buyer_user_id, cancels, reason, issued_at,
                               issued_by, sale_date, seller, buyer_name, buyer_address, buyer_siren, business, paid_by_card,
                               total_ht_cents, total_vat_cents, total_cents)
         SELECT coop_id, $3, $4, 'credit_note', true, cycle_id, order_id, buyer_user_id, id, $5, $6, $7, sale_date, seller,
                buyer_name, buyer_address, buyer_siren, business, paid_by_card, $8, $9, $10
         FROM invoices WHERE coop_id = $1 AND id = $2
         RETURNING id",
        ctx.coop_id(),
        invoice_id,
        year,
        number,
        reason,
        ctx.now as _,
        actor.id,
        t.total_ht_cents,
        t.total_vat_cents,
        t.total_cents,
    )
    .fetch_one(&mut *conn)
    .await?;
    for (n, l) in t.lines.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit_price_cents, vat_bp, total_cents, total_ht_cents)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            id,
            n as i32 + 1,
            l.description,
            l.quantity,
            l.unit_price_cents,
            l.vat_bp,
            l.total_cents,
            l.total_ht_cents,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok((id, Number { year, number }))
}
