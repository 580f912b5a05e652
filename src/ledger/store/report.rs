//! The year's accounts, from the invoices and credit notes issued that year and the statements
//! of their cycles: two statements whatever the number of cycles.

use crate::ctx::Ctx;
use crate::error::ServiceResult;
use crate::ledger::VatBreakdown;
use crate::ledger::report::{CycleFigures, Figures, Report, report as assemble};

/// The accounts of `year` (the invoices' year, in the cooperative's time zone).
pub async fn report(ctx: &Ctx, year: i32) -> ServiceResult<Report> {
    // A credit note counts against its cycle; a cycle's statements, less the producers' part of
    // its returns, count in the year of its invoices, not again in the year of a later credit
    // note.
    let cycles = sqlx::query!(
        r#"SELECT i.cycle_id, c.name,
                  count(*) FILTER (WHERE i.kind = 'invoice') AS "invoices!",
                  count(*) FILTER (WHERE i.kind = 'credit_note') AS "credit_notes!",
                  sum(CASE WHEN i.kind = 'invoice' THEN i.total_cents ELSE -i.total_cents END)::bigint AS "ttc!",
                  sum(CASE WHEN i.kind = 'invoice' THEN i.total_vat_cents ELSE -i.total_vat_cents END)::bigint AS "vat!",
                  sum(CASE WHEN i.kind = 'invoice' THEN i.total_ht_cents ELSE -i.total_ht_cents END)::bigint AS "ht!",
                  CASE WHEN count(*) FILTER (WHERE i.kind = 'invoice') > 0 THEN min(s.producers) ELSE 0 END::bigint AS "producers!",
                  CASE WHEN count(*) FILTER (WHERE i.kind = 'invoice') > 0 THEN min(s.hub) ELSE 0 END::bigint AS "hub!",
                  CASE WHEN count(*) FILTER (WHERE i.kind = 'invoice') > 0 THEN min(s.solidarity) ELSE 0 END::bigint AS "solidarity!"
           FROM invoices i JOIN order_cycles c ON c.id = i.cycle_id
           CROSS JOIN LATERAL (SELECT coalesce(sum(p.payout_cents), 0)
                                      - (SELECT coalesce(sum(r.producer_cents), 0) FROM order_returns r WHERE r.cycle_id = i.cycle_id)
                                          AS producers,
                                      coalesce(sum(p.hub_cents), 0) AS hub, coalesce(sum(p.solidarity_cents), 0) AS solidarity
                               FROM payouts p WHERE p.cycle_id = i.cycle_id) s
           WHERE i.coop_id = $1 AND i.year = $2
           GROUP BY i.cycle_id, c.name ORDER BY min(i.number)"#,
        ctx.coop_id(),
        year,
    )
    .fetch_all(&ctx.pool)
    .await?
    .into_iter()
    .map(|r| CycleFigures {
        cycle_id: r.cycle_id,
        name: r.name,
        figures: Figures {
            invoices: r.invoices,
            credit_notes: r.credit_notes,
            turnover_cents: r.ttc,
            vat_cents: r.vat,
            turnover_ht_cents: r.ht,
            producers_cents: r.producers,
            hub_cents: r.hub,
            solidarity_cents: r.solidarity,
            cooperative_cents: 0,
        }
        .settle(),
    })
    .collect();
    let vat = sqlx::query_as!(
        VatBreakdown,
        r#"SELECT l.vat_bp,
                  sum(CASE WHEN i.kind = 'invoice' THEN l.total_ht_cents ELSE -l.total_ht_cents END)::bigint AS "base_cents!",
                  sum(CASE WHEN i.kind = 'invoice' THEN l.total_cents - l.total_ht_cents
                           ELSE l.total_ht_cents - l.total_cents END)::bigint AS "vat_cents!"
           FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
           WHERE i.coop_id = $1 AND i.year = $2
           GROUP BY l.vat_bp ORDER BY l.vat_bp"#,
        ctx.coop_id(),
        year,
    )
    .fetch_all(&ctx.pool)
    .await?;
    let mut conn = ctx.pool.acquire().await?;
    let fund = crate::solidarity::store::year_totals(&mut conn, ctx.coop_id(), year, ctx.coop().timezone).await?;
    Ok(assemble(year, cycles, vat, fund))
}

/// A delivered cycle's turnover with VAT (its invoices less its credit notes, whatever their
/// year) and what its producers receive (their statements less the producers' part of its
/// returns): the two money figures the territory publishes.
pub async fn cycle_money(conn: &mut sqlx::PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<(i64, i64)> {
    let r = sqlx::query!(
        r#"SELECT (SELECT coalesce(sum(CASE WHEN kind = 'invoice' THEN total_cents ELSE -total_cents END), 0)
                   FROM invoices WHERE coop_id = $1 AND cycle_id = $2)::bigint AS "turnover!",
                  ((SELECT coalesce(sum(payout_cents), 0) FROM payouts WHERE coop_id = $1 AND cycle_id = $2)
                   - (SELECT coalesce(sum(producer_cents), 0) FROM order_returns WHERE coop_id = $1 AND cycle_id = $2))::bigint
                      AS "producers!""#,
        coop_id,
        cycle_id,
    )
    .fetch_one(conn)
    .await?;
    Ok((r.turnover, r.producers))
}

/// How many times each cycle's money changed after delivery (its returns and credit notes):
/// counts only grow, so a count that differs from the one seen means something changed.
pub async fn corrections(conn: &mut sqlx::PgConnection, coop_id: i64) -> ServiceResult<Vec<(i64, i64)>> {
    Ok(sqlx::query!(
        r#"SELECT cycle_id AS "cycle_id!", count(*) AS "changes!" FROM (
               SELECT cycle_id FROM order_returns WHERE coop_id = $1
               UNION ALL
               SELECT cycle_id FROM invoices WHERE coop_id = $1 AND kind = 'credit_note'
           ) c GROUP BY cycle_id"#,
        coop_id,
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|r| (r.cycle_id, r.changes))
    .collect())
}
