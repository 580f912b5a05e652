//! Changing stops by hand: moving a stop to another round or position, retiming, marking one
//! done.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::load::load_rounds;
use crate::accounts::store::CurrentUser;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::hub::RoundKind;
use crate::hub::rounds::{StopStatus, StopView};
use crate::i18n::Msg;
use crate::ids::{OrderId, UserId};

/// Moves a stop to `position` (1-based) of a round of the same cycle and kind, then retimes both
/// vehicles. Nothing is refused for capacity or time: the page shows the warnings instead.
pub async fn move_stop(ctx: &Ctx, stop_id: i64, to_round: i64, position: i32) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    struct Moving {
        round_id: i64,
        position: i32,
        cycle_id: i64,
        kind: RoundKind,
        status: StopStatus,
    }
    let from = sqlx::query_as!(
        Moving,
        r#"SELECT rs.round_id, rs.position, r.cycle_id, r.kind AS "kind: RoundKind", rs.status AS "status: StopStatus"
         FROM round_stops rs
         JOIN rounds r ON r.id = rs.round_id WHERE rs.coop_id = $1 AND rs.id = $2 FOR UPDATE OF r"#,
        coop_id,
        stop_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Moving {
        round_id: from_round,
        position: from_position,
        cycle_id,
        kind,
        status,
    } = from.ok_or(ServiceError::NotFound)?;
    if status != StopStatus::Planned {
        return Err(ServiceError::invalid(Msg::ErrStopAlreadyDone));
    }
    let target = sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM round_stops WHERE round_id = r.id) AS "stops!" FROM rounds r
         WHERE r.coop_id = $1 AND r.id = $2 AND r.cycle_id = $3 AND r.kind = $4 FOR UPDATE"#,
        coop_id,
        to_round,
        cycle_id,
        kind.code(),
    )
    .fetch_optional(&mut *tx)
    .await?;
    let target_len = target.ok_or(ServiceError::field("round_id", Msg::ErrChooseRound))?;
    sqlx::query!(
        "UPDATE round_stops SET position = position - 1 WHERE round_id = $1 AND position > $2",
        from_round,
        from_position,
    )
    .execute(&mut *tx)
    .await?;
    let last = if from_round == to_round {
        target_len
    } else {
        target_len + 1
    };
    let position = i64::from(position).clamp(1, last.max(1)) as i32;
    sqlx::query!(
        "UPDATE round_stops SET position = position + 1 WHERE round_id = $1 AND position >= $2 AND id <> $3",
        to_round,
        position,
        stop_id,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE round_stops SET round_id = $2, position = $3 WHERE id = $1",
        stop_id,
        to_round,
        position,
    )
    .execute(&mut *tx)
    .await?;
    // A trip left without stops is dropped; the vehicle's later trips move up.
    struct Emptied {
        vehicle_id: i64,
        trip: i32,
    }
    let emptied = sqlx::query_as!(
        Emptied,
        "DELETE FROM rounds r WHERE r.id = $1 AND NOT EXISTS (SELECT 1 FROM round_stops WHERE round_id = r.id)
         RETURNING vehicle_id, trip",
        from_round,
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(Emptied { vehicle_id, trip }) = emptied {
        sqlx::query!(
            "UPDATE rounds SET trip = trip - 1 WHERE cycle_id = $1 AND kind = $2 AND vehicle_id = $3 AND trip > $4",
            cycle_id,
            kind.code(),
            vehicle_id,
            trip,
        )
        .execute(&mut *tx)
        .await?;
    }
    retime(&mut tx, coop_id, cycle_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the recomputed times and distances of a cycle's rounds.
pub(super) async fn retime(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<()> {
    let timezone = sqlx::query_scalar!(
        r#"SELECT timezone AS "timezone: crate::time::Zone" FROM coops WHERE id = $1"#,
        coop_id
    )
    .fetch_one(&mut *conn)
    .await?;
    let rounds = load_rounds(conn, coop_id, Some(cycle_id), None, timezone.tz()).await?;
    let stops: Vec<&StopView> = rounds.iter().flat_map(|r| &r.stops).collect();
    let ids: Vec<i64> = rounds.iter().map(|r| r.id).collect();
    let departs: Vec<DateTime<Utc>> = rounds.iter().map(|r| r.departs_at).collect();
    let returns: Vec<DateTime<Utc>> = rounds.iter().map(|r| r.returns_at).collect();
    let km: Vec<f64> = rounds.iter().map(|r| r.distance_km).collect();
    // `as _` on times: the macros would take `time`'s type for them; ours are chrono's.
    sqlx::query!(
        "UPDATE rounds r SET departs_at = x.d, returns_at = x.r, distance_km = x.km
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::float8[]) AS x(id, d, r, km)
         WHERE r.id = x.id",
        &ids,
        &departs as _,
        &returns as _,
        &km,
    )
    .execute(&mut *conn)
    .await?;
    let ids: Vec<i64> = stops.iter().map(|s| s.id).collect();
    let arrivals: Vec<DateTime<Utc>> = stops.iter().map(|s| s.arrives_at).collect();
    sqlx::query!(
        "UPDATE round_stops rs SET arrives_at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
         WHERE rs.id = x.id",
        &ids,
        &arrivals as _,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// A driver marks a stop delivered (or collected) or failed, with a note; or back to planned.
/// A home delivery marked done is a basket handed over, and a payment due at the door is
/// recorded when the driver says it was received.
pub async fn mark_stop(
    ctx: &Ctx,
    driver: &CurrentUser,
    stop_id: i64,
    status: StopStatus,
    note: &str,
    paid: bool,
) -> ServiceResult<()> {
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    if note.chars().count() > 300 {
        return Err(ServiceError::field("note", Msg::ErrTooLong));
    }
    let mut tx = ctx.pool.begin().await?;
    // `$5::bigint`: a CASE of NULL and a parameter alone would be typed as text.
    let order: Option<Option<i64>> = sqlx::query_scalar!(
        "UPDATE round_stops SET status = $3, note = $4, done_at = CASE WHEN $3 = 'planned' THEN NULL ELSE now() END,
             done_by = CASE WHEN $3 = 'planned' THEN NULL ELSE $5::bigint END
         WHERE coop_id = $1 AND id = $2 RETURNING order_id",
        ctx.coop_id(),
        stop_id,
        status.code(),
        note,
        driver.id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let order = order.ok_or(ServiceError::NotFound)?;
    if let Some(order_id) = order {
        match status {
            StopStatus::Done => {
                crate::orders::store::hand_over(&mut tx, OrderId(order_id), paid, UserId(driver.id)).await?
            }
            StopStatus::Planned | StopStatus::Failed => {
                crate::orders::store::not_handed_over(&mut tx, order_id).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
