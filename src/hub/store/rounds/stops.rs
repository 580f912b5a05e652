//! Changing stops by hand: moving a stop to another round or position, retiming, marking one
//! done.

use sqlx::PgConnection;

use super::load::load_rounds;
use crate::accounts::store::CurrentUser;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::hub::RoundKind;
use crate::hub::rounds::{StopStatus, StopView};
use crate::i18n::Msg;

/// Moves a stop to `position` (1-based) of a round of the same cycle and kind, then retimes both
/// vehicles. Nothing is refused for capacity or time: the page shows the warnings instead.
pub async fn move_stop(ctx: &Ctx, stop_id: i64, to_round: i64, position: i32) -> ServiceResult<()> {
    let coop_id = ctx.coop_id();
    let mut tx = ctx.pool.begin().await?;
    #[derive(sqlx::FromRow)]
    struct Moving {
        round_id: i64,
        position: i32,
        cycle_id: i64,
        kind: RoundKind,
        status: StopStatus,
    }
    let from: Option<Moving> = sqlx::query_as(
        "SELECT rs.round_id, rs.position, r.cycle_id, r.kind, rs.status FROM round_stops rs
         JOIN rounds r ON r.id = rs.round_id WHERE rs.coop_id = $1 AND rs.id = $2 FOR UPDATE OF r",
    )
    .bind(coop_id)
    .bind(stop_id)
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
    let target: Option<i64> = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM round_stops WHERE round_id = r.id) FROM rounds r
         WHERE r.coop_id = $1 AND r.id = $2 AND r.cycle_id = $3 AND r.kind = $4 FOR UPDATE",
    )
    .bind(coop_id)
    .bind(to_round)
    .bind(cycle_id)
    .bind(kind)
    .fetch_optional(&mut *tx)
    .await?;
    let target_len = target.ok_or(ServiceError::field("round_id", Msg::ErrChooseRound))?;
    sqlx::query("UPDATE round_stops SET position = position - 1 WHERE round_id = $1 AND position > $2")
        .bind(from_round)
        .bind(from_position)
        .execute(&mut *tx)
        .await?;
    let last = if from_round == to_round {
        target_len
    } else {
        target_len + 1
    };
    let position = i64::from(position).clamp(1, last.max(1)) as i32;
    sqlx::query("UPDATE round_stops SET position = position + 1 WHERE round_id = $1 AND position >= $2 AND id <> $3")
        .bind(to_round)
        .bind(position)
        .bind(stop_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE round_stops SET round_id = $2, position = $3 WHERE id = $1")
        .bind(stop_id)
        .bind(to_round)
        .bind(position)
        .execute(&mut *tx)
        .await?;
    // A trip left without stops is dropped; the vehicle's later trips move up.
    #[derive(sqlx::FromRow)]
    struct Emptied {
        vehicle_id: i64,
        trip: i32,
    }
    let emptied: Option<Emptied> = sqlx::query_as(
        "DELETE FROM rounds r WHERE r.id = $1 AND NOT EXISTS (SELECT 1 FROM round_stops WHERE round_id = r.id)
         RETURNING vehicle_id, trip",
    )
    .bind(from_round)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(Emptied { vehicle_id, trip }) = emptied {
        sqlx::query(
            "UPDATE rounds SET trip = trip - 1 WHERE cycle_id = $1 AND kind = $2 AND vehicle_id = $3 AND trip > $4",
        )
        .bind(cycle_id)
        .bind(kind)
        .bind(vehicle_id)
        .bind(trip)
        .execute(&mut *tx)
        .await?;
    }
    retime(&mut tx, coop_id, cycle_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the recomputed times and distances of a cycle's rounds.
pub(super) async fn retime(conn: &mut PgConnection, coop_id: i64, cycle_id: i64) -> ServiceResult<()> {
    let timezone: String = sqlx::query_scalar("SELECT timezone FROM coops WHERE id = $1")
        .bind(coop_id)
        .fetch_one(&mut *conn)
        .await?;
    let rounds = load_rounds(conn, coop_id, Some(cycle_id), None, crate::time::zone(&timezone)).await?;
    let stops: Vec<&StopView> = rounds.iter().flat_map(|r| &r.stops).collect();
    sqlx::query(
        "UPDATE rounds r SET departs_at = x.d, returns_at = x.r, distance_km = x.km
         FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::float8[]) AS x(id, d, r, km)
         WHERE r.id = x.id",
    )
    .bind(rounds.iter().map(|r| r.id).collect::<Vec<_>>())
    .bind(rounds.iter().map(|r| r.departs_at).collect::<Vec<_>>())
    .bind(rounds.iter().map(|r| r.returns_at).collect::<Vec<_>>())
    .bind(rounds.iter().map(|r| r.distance_km).collect::<Vec<_>>())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE round_stops rs SET arrives_at = x.at FROM unnest($1::bigint[], $2::timestamptz[]) AS x(id, at)
         WHERE rs.id = x.id",
    )
    .bind(stops.iter().map(|s| s.id).collect::<Vec<_>>())
    .bind(stops.iter().map(|s| s.arrives_at).collect::<Vec<_>>())
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
    let order: Option<Option<i64>> = sqlx::query_scalar(
        "UPDATE round_stops SET status = $3, note = $4, done_at = CASE WHEN $3 = 'planned' THEN NULL ELSE now() END,
             done_by = CASE WHEN $3 = 'planned' THEN NULL ELSE $5 END
         WHERE coop_id = $1 AND id = $2 RETURNING order_id",
    )
    .bind(ctx.coop_id())
    .bind(stop_id)
    .bind(status.code())
    .bind(&note)
    .bind(driver.id)
    .fetch_optional(&mut *tx)
    .await?;
    let order = order.ok_or(ServiceError::NotFound)?;
    if let Some(order_id) = order {
        match status {
            StopStatus::Done => crate::orders::store::hand_over(&mut tx, order_id, paid, driver.id).await?,
            StopStatus::Planned | StopStatus::Failed => {
                crate::orders::store::not_handed_over(&mut tx, order_id).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
