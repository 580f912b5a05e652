//! Secret ballots, the tally at closing and the decisions register.
//!
//! A vote writes two things in one transaction: a row in `voters` (who took part: prevents a
//! second vote and counts the quorum) and one row per proposal in `ballots` (the college and
//! the choice: no member, no id, no time). Nothing the app reads or exports joins the two:
//! ballots are only ever read as counts per proposal, college and choice. A vote is final
//! (ARCHITECTURE.md, "Secret ballot", says why and what a database operator could still infer).

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgConnection;

use super::current_member;
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::{
    AssemblyStatus, CollegeCount, DecisionView, Majority, ProposalKind, ProposalResult, ProposalView, Quorum, tally,
};
use crate::i18n::{Locale, Msg};

/// Casts the ballots of one member (the signed-in member, or a member who gave them their
/// proxy) on every proposal of an open assembly: `choices[i]` is the option chosen on the
/// i-th proposal, None to abstain. A member votes once; the second attempt, even at the same
/// instant, is refused.
pub async fn vote(
    ctx: &Ctx,
    user_id: i64,
    assembly: i64,
    for_member: i64,
    choices: &[Option<u8>],
) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    let a = sqlx::query!(
        r#"SELECT status AS "status: AssemblyStatus", closes_at AS "closes_at: DateTime<Utc>"
           FROM assemblies WHERE coop_id = $1 AND id = $2 FOR SHARE"#,
        ctx.coop_id(),
        assembly
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if a.status != AssemblyStatus::Open || a.closes_at <= ctx.now {
        return Err(ServiceError::invalid(Msg::ErrVoteClosed));
    }
    let Some((me, status)) = current_member(&mut tx, ctx, user_id).await? else {
        return Err(ServiceError::Forbidden);
    };
    if !status.votes() {
        return Err(ServiceError::Forbidden);
    }
    let allowed = sqlx::query_scalar!(
        r#"SELECT CASE WHEN $2::bigint = $3::bigint
                       THEN NOT EXISTS (SELECT 1 FROM proxies WHERE assembly_id = $1 AND giver_id = $3)
                       ELSE EXISTS (SELECT 1 FROM proxies WHERE assembly_id = $1 AND giver_id = $2 AND holder_id = $3) END AS "ok!""#,
        assembly,
        for_member,
        me
    )
    .fetch_one(&mut *tx)
    .await?;
    let college = sqlx::query_scalar!(
        "SELECT college_id FROM electorate WHERE assembly_id = $1 AND member_id = $2",
        assembly,
        for_member
    )
    .fetch_optional(&mut *tx)
    .await?;
    let (true, Some(college)) = (allowed, college) else {
        return Err(ServiceError::invalid(Msg::ErrVoteNotEntitled));
    };
    let proposals = sqlx::query!(
        r#"SELECT id, kind AS "kind: ProposalKind", cardinality(options) AS "options!" FROM proposals
           WHERE assembly_id = $1 ORDER BY position"#,
        assembly
    )
    .fetch_all(&mut *tx)
    .await?;
    if choices.len() != proposals.len() {
        return Err(ServiceError::invalid(Msg::ErrVoteChoices));
    }
    for (p, c) in proposals.iter().zip(choices) {
        let options = if p.kind == ProposalKind::Motion { 2 } else { p.options };
        if c.is_some_and(|c| i32::from(c) >= options) {
            return Err(ServiceError::invalid(Msg::ErrVoteChoices));
        }
    }
    let first = sqlx::query!(
        "INSERT INTO voters (assembly_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        assembly,
        for_member
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if first == 0 {
        return Err(ServiceError::invalid(Msg::ErrAlreadyVoted));
    }
    let ids: Vec<i64> = proposals.iter().map(|p| p.id).collect();
    let picks: Vec<Option<i16>> = choices.iter().map(|c| c.map(i16::from)).collect();
    sqlx::query!(
        "INSERT INTO ballots (proposal_id, college_id, choice) SELECT p, $2, c FROM unnest($1::bigint[], $3::smallint[]) AS t(p, c)",
        &ids[..],
        college,
        &picks[..] as &[Option<i16>]
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An assembly's agenda, in order, without results.
pub(super) async fn proposals(conn: &mut PgConnection, assembly: i64) -> ServiceResult<Vec<ProposalView>> {
    Ok(sqlx::query!(
        r#"SELECT p.id, p.position, p.title, p.body, p.kind AS "kind: ProposalKind", p.options, d.number AS "decision?"
           FROM proposals p LEFT JOIN decisions d ON d.proposal_id = p.id
           WHERE p.assembly_id = $1 ORDER BY p.position"#,
        assembly
    )
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|p| ProposalView {
        id: p.id,
        position: p.position,
        title: p.title,
        body: p.body,
        kind: p.kind,
        options: p.options,
        result: None,
        decision: p.decision,
    })
    .collect())
}

/// The results of a closed assembly's proposals, from the counts written at closing and the
/// colleges' weights fixed at opening.
pub(super) async fn results(
    conn: &mut PgConnection,
    assembly: i64,
    proposals: &[ProposalView],
    quorum: Quorum,
    majority: Majority,
    took_part: Option<i32>,
    electorate: Option<i32>,
) -> ServiceResult<Vec<ProposalResult>> {
    let colleges = sqlx::query!(
        "SELECT college_id, weight_bp FROM assembly_colleges WHERE assembly_id = $1 ORDER BY position",
        assembly
    )
    .fetch_all(&mut *conn)
    .await?;
    let counts = sqlx::query!(
        "SELECT c.proposal_id, c.college_id, c.choice, c.votes FROM proposal_counts c
         JOIN proposals p ON p.id = c.proposal_id WHERE p.assembly_id = $1",
        assembly
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(proposals
        .iter()
        .map(|p| {
            let options = p.option_count();
            let per_college: Vec<CollegeCount> = colleges
                .iter()
                .map(|c| {
                    let mut count = CollegeCount {
                        weight_bp: c.weight_bp.max(0) as u32,
                        votes: vec![0; options],
                        abstentions: 0,
                    };
                    for n in counts
                        .iter()
                        .filter(|n| n.proposal_id == p.id && n.college_id == c.college_id)
                    {
                        let votes = n.votes.max(0) as u64;
                        match n.choice {
                            Some(o) if (o as usize) < options => count.votes[o as usize] += votes,
                            _ => count.abstentions += votes,
                        }
                    }
                    count
                })
                .collect();
            tally(
                p.kind,
                options,
                &per_college,
                quorum,
                majority,
                took_part.unwrap_or(0).max(0) as u64,
                electorate.unwrap_or(0).max(0) as u64,
            )
        })
        .collect())
}

/// Closes the window: counts the ballots per proposal, college and choice, records who took
/// part, writes each proposal in the decisions register (numbered without gaps), sends the
/// results to the members and logs them.
pub(super) async fn close(
    conn: &mut PgConnection,
    ctx: &Ctx,
    assembly: i64,
    title: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> ServiceResult<()> {
    // The cooperative's governance row serialises the register's numbering.
    sqlx::query!(
        "SELECT coop_id FROM governance_settings WHERE coop_id = $1 FOR UPDATE",
        ctx.coop_id()
    )
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query!(
        "INSERT INTO proposal_counts (proposal_id, college_id, choice, votes)
         SELECT b.proposal_id, b.college_id, b.choice, count(*) FROM ballots b
         JOIN proposals p ON p.id = b.proposal_id WHERE p.assembly_id = $1
         GROUP BY b.proposal_id, b.college_id, b.choice",
        assembly
    )
    .execute(&mut *conn)
    .await?;
    let took_part = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM voters WHERE assembly_id = $1"#,
        assembly
    )
    .fetch_one(&mut *conn)
    .await?;
    let a = sqlx::query!(
        r#"UPDATE assemblies SET status = 'closed', took_part = $2 WHERE id = $1
           RETURNING quorum_num, quorum_den, majority AS "majority: Majority", electorate"#,
        assembly,
        took_part as i32
    )
    .fetch_one(&mut *conn)
    .await?;
    let quorum = Quorum::new(a.quorum_num as u32, a.quorum_den as u32).map_err(ServiceError::invalid)?;
    let proposals = proposals(conn, assembly).await?;
    let results = results(
        conn,
        assembly,
        &proposals,
        quorum,
        a.majority,
        Some(took_part as i32),
        a.electorate,
    )
    .await?;
    let mut lines = Vec::new();
    for (p, r) in proposals.iter().zip(&results) {
        sqlx::query!(
            "INSERT INTO decisions (coop_id, number, assembly_id, proposal_id, adopted, winner, decided_at)
             SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5, $6 FROM decisions WHERE coop_id = $1",
            ctx.coop_id(),
            assembly,
            p.id,
            r.adopted,
            r.winner.map(|w| w as i16),
            window.1 as _
        )
        .execute(&mut *conn)
        .await?;
        lines.push((p.title.clone(), r.adopted));
    }
    let summary = |locale: Locale| {
        lines
            .iter()
            .map(|(t, adopted)| {
                let verdict = if *adopted { Msg::GovAdopted } else { Msg::GovRejected };
                format!("- {t} : {}", verdict.text(locale))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    super::assemblies::mail_results(conn, ctx, assembly, title, window, summary).await?;
    audit::record(
        conn,
        ctx,
        Entry {
            actor: None,
            action: "assembly_closed",
            subject: format!("assembly {assembly}"),
            before: Some(json!({ "status": "open" })),
            after: Some(json!({
                "took_part": took_part,
                "electorate": a.electorate,
                "results": proposals.iter().zip(&results).map(|(p, r)| json!({
                    "proposal": p.title, "adopted": r.adopted, "weighted_bp": r.weighted_bp,
                    "quorum_reached": r.quorum_reached })).collect::<Vec<_>>(),
            })),
        },
    )
    .await?;
    Ok(())
}

/// The decisions register (registre des délibérations), newest first.
pub async fn decisions(ctx: &Ctx) -> ServiceResult<Vec<DecisionView>> {
    let rows = sqlx::query!(
        r#"SELECT d.id, d.number, d.assembly_id, a.title AS assembly_title, p.title AS proposal_title, p.body,
                  d.adopted, d.winner, p.kind AS "kind: ProposalKind", p.options, d.decided_at AS "decided_at: DateTime<Utc>"
           FROM decisions d JOIN assemblies a ON a.id = d.assembly_id JOIN proposals p ON p.id = d.proposal_id
           WHERE d.coop_id = $1 ORDER BY d.number DESC LIMIT 500"#,
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DecisionView {
            id: r.id,
            number: r.number,
            assembly_id: r.assembly_id,
            assembly_title: r.assembly_title,
            proposal_title: r.proposal_title,
            body: r.body,
            adopted: r.adopted,
            chosen: match r.kind {
                ProposalKind::Choice => r.winner.and_then(|w| r.options.get(w as usize).cloned()),
                ProposalKind::Motion => None,
            },
            decided_at: r.decided_at,
        })
        .collect())
}
