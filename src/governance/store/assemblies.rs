//! General assemblies: convened by the board with their agenda, opened and closed by the
//! clock, with proxies given before the window opens.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sqlx::PgConnection;

use super::{current_member, settings};
use crate::audit::{self, Entry};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::forms::ProposalDraft;
use crate::governance::{
    AssemblyCollege, AssemblyKind, AssemblyPage, AssemblyStatus, AssemblySummary, CollegeTurnout, Majority, MyPart,
    Quorum, Represented, parse_proposal,
};
use crate::i18n::{Locale, Msg};
use crate::mail::templates::Message;

pub const MAX_PROPOSALS: usize = 20;
pub const MAX_WINDOW_DAYS: i64 = 60;

/// The board convenes an assembly: its kind, title, voting window (local times in the
/// cooperative's zone, as typed) and agenda. The window opens at least the cooperative's notice
/// period from now; every member is sent the convocation with the agenda.
pub async fn convene(
    ctx: &Ctx,
    actor: i64,
    kind: &str,
    title: &str,
    window: (&str, &str),
    proposals: &[(String, String, String)],
) -> ServiceResult<i64> {
    let kind = AssemblyKind::parse(kind).ok_or(ServiceError::field("kind", Msg::ErrAssemblyKind))?;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > 160 {
        return Err(ServiceError::field("title", Msg::ErrProposalTitle));
    }
    let tz = ctx.coop().timezone.tz();
    let opens = crate::time::parse_local(window.0, tz).ok_or(ServiceError::field("opens", Msg::ErrAssemblyWindow))?;
    let closes = crate::time::parse_local(window.1, tz).ok_or(ServiceError::field("closes", Msg::ErrAssemblyWindow))?;
    if closes <= opens || closes - opens > Duration::days(MAX_WINDOW_DAYS) {
        return Err(ServiceError::field("closes", Msg::ErrAssemblyWindow));
    }
    let drafts: Vec<ProposalDraft> = proposals
        .iter()
        .filter(|(t, b, o)| !(t.trim().is_empty() && b.trim().is_empty() && o.trim().is_empty()))
        .map(|(t, b, o)| parse_proposal(t, b, o).map_err(|m| ServiceError::field("proposals", m)))
        .collect::<Result<_, _>>()?;
    if drafts.is_empty() || drafts.len() > MAX_PROPOSALS {
        return Err(ServiceError::field("proposals", Msg::ErrAssemblyAgenda));
    }
    let mut tx = ctx.pool.begin().await?;
    let settings = settings(&mut tx, ctx).await?;
    if opens < ctx.now + Duration::days(i64::from(settings.notice_days)) {
        return Err(ServiceError::field("opens", Msg::ErrAssemblyNotice));
    }
    let (quorum, majority) = match kind {
        AssemblyKind::Ordinary => (settings.ordinary_quorum, settings.ordinary_majority),
        AssemblyKind::Extraordinary => (settings.extraordinary_quorum, settings.extraordinary_majority),
    };
    let id = sqlx::query_scalar!(
        "INSERT INTO assemblies (coop_id, kind, title, status, opens_at, closes_at, quorum_num, quorum_den, majority,
                                 convened_at, convened_by)
         VALUES ($1, $2, $3, 'convened', $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        ctx.coop_id(),
        kind as _,
        title,
        opens as _,
        closes as _,
        quorum.num as i32,
        quorum.den as i32,
        majority as _,
        ctx.now as _,
        actor
    )
    .fetch_one(&mut *tx)
    .await?;
    for (i, d) in drafts.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO proposals (assembly_id, position, title, body, kind, options) VALUES ($1, $2, $3, $4, $5, $6)",
            id,
            i as i32 + 1,
            d.title,
            d.text,
            d.kind as _,
            &d.options[..]
        )
        .execute(&mut *tx)
        .await?;
    }
    let agenda: Vec<String> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{}. {}", i + 1, d.title))
        .collect();
    let when = (opens, closes);
    mail_members(&mut tx, ctx, id, false, |locale| {
        notice(
            ctx,
            locale,
            Msg::MailAssemblySubject,
            Msg::MailAssemblyBody,
            &title,
            when,
            &agenda.join("\n"),
            id,
        )
    })
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(actor),
            action: "assembly_convened",
            subject: format!("assembly {id}"),
            before: None,
            after: Some(
                json!({ "title": title, "kind": kind.code(), "opens_at": opens, "closes_at": closes,
                                "agenda": agenda }),
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An email about an assembly, in the member's language.
#[allow(clippy::too_many_arguments)]
fn notice(
    ctx: &Ctx,
    locale: Locale,
    subject: Msg,
    body: Msg,
    title: &str,
    (opens, closes): (DateTime<Utc>, DateTime<Utc>),
    extra: &str,
    id: i64,
) -> Message {
    let tz = ctx.coop().timezone.tz();
    let coop = ctx.coop().name.as_str();
    let opens = crate::time::format_local(opens, tz, locale);
    let closes = crate::time::format_local(closes, tz, locale);
    let args = [
        ("title", title),
        ("opens", opens.as_str()),
        ("closes", closes.as_str()),
        ("coop", coop),
    ];
    Message {
        subject: subject.fill(locale, &args),
        body: format!(
            "{}\n\n{}\n\n{}\n\n{}\n\n-- \n{}\n",
            Msg::MailGreeting.text(locale),
            body.fill(locale, &args),
            extra,
            ctx.link(&crate::paths::assembly(id)),
            Msg::MailSignature.fill(locale, &[("coop", coop)]),
        ),
    }
}

/// Queues one email per member entitled to vote (or, with `only_not_voted`, per member of the
/// electorate who has not voted yet).
async fn mail_members(
    conn: &mut PgConnection,
    ctx: &Ctx,
    assembly: i64,
    only_not_voted: bool,
    message: impl Fn(Locale) -> Message,
) -> ServiceResult<usize> {
    let to = if only_not_voted {
        sqlx::query!(
            r#"SELECT u.email, u.locale AS "locale: Locale" FROM electorate e
               JOIN members m ON m.id = e.member_id JOIN users u ON u.id = m.user_id
               WHERE e.assembly_id = $1
                 AND NOT EXISTS (SELECT 1 FROM voters v WHERE v.assembly_id = e.assembly_id AND v.member_id = e.member_id)
               ORDER BY m.id"#,
            assembly
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.email, r.locale))
        .collect::<Vec<_>>()
    } else {
        sqlx::query!(
            r#"SELECT u.email, u.locale AS "locale: Locale" FROM members m JOIN users u ON u.id = m.user_id
               WHERE m.coop_id = $1 AND m.status IN ('active', 'leaving') ORDER BY m.id"#,
            ctx.coop_id()
        )
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.email, r.locale))
        .collect()
    };
    crate::mail::enqueue_each(
        &mut *conn,
        Some(ctx.coop_id()),
        &to,
        &message(Locale::Fr),
        &message(Locale::En),
    )
    .await?;
    Ok(to.len())
}

/// The results, to every member of the electorate.
pub(super) async fn mail_results(
    conn: &mut PgConnection,
    ctx: &Ctx,
    assembly: i64,
    title: &str,
    window: (DateTime<Utc>, DateTime<Utc>),
    summary: impl Fn(Locale) -> String,
) -> ServiceResult<usize> {
    let (fr, en) = (summary(Locale::Fr), summary(Locale::En));
    let to = sqlx::query!(
        r#"SELECT u.email, u.locale AS "locale: Locale" FROM electorate e
           JOIN members m ON m.id = e.member_id JOIN users u ON u.id = m.user_id
           WHERE e.assembly_id = $1 ORDER BY m.id"#,
        assembly
    )
    .fetch_all(&mut *conn)
    .await?;
    let to: Vec<(String, Locale)> = to.into_iter().map(|r| (r.email, r.locale)).collect();
    let [fr_mail, en_mail] = [(Locale::Fr, &fr), (Locale::En, &en)].map(|(l, extra)| {
        notice(
            ctx,
            l,
            Msg::MailAssemblyResultsSubject,
            Msg::MailAssemblyResultsBody,
            title,
            window,
            extra,
            assembly,
        )
    });
    crate::mail::enqueue_each(&mut *conn, Some(ctx.coop_id()), &to, &fr_mail, &en_mail).await?;
    Ok(to.len())
}

/// The clock: opens the windows due (fixing the electorate and the colleges' weights), sends
/// the reminder a day before closing to those who have not voted, closes the windows due
/// (tally, decisions register, results to the members). Returns how many assemblies moved.
///
/// It waits for a vote in progress (which holds its assembly `FOR SHARE`) rather than skipping
/// the assembly: a refused vote's transaction is rolled back when its connection is next used,
/// so skipping could leave a window open past its time. Two clocks at once still move an
/// assembly once: the second re-reads the row after the first commits and finds it moved.
pub async fn advance_assemblies(ctx: &Ctx) -> ServiceResult<usize> {
    let mut moved = 0;
    let mut tx = ctx.pool.begin().await?;
    let due = sqlx::query!(
        r#"SELECT id, status AS "status: AssemblyStatus", title, opens_at AS "opens_at: DateTime<Utc>",
                  closes_at AS "closes_at: DateTime<Utc>", reminder_sent_at IS NOT NULL AS "reminded!"
           FROM assemblies WHERE coop_id = $1
             AND ((status = 'convened' AND opens_at <= $2) OR (status = 'open' AND closes_at <= $2)
                  OR (status = 'open' AND reminder_sent_at IS NULL AND closes_at <= $2 + interval '1 day'))
           ORDER BY id FOR UPDATE"#,
        ctx.coop_id(),
        ctx.now as _
    )
    .fetch_all(&mut *tx)
    .await?;
    for a in due {
        let mut status = a.status;
        if status == AssemblyStatus::Convened {
            open(&mut tx, a.id).await?;
            status = AssemblyStatus::Open;
            moved += 1;
        }
        if status == AssemblyStatus::Open && a.closes_at <= ctx.now {
            super::votes::close(&mut tx, ctx, a.id, &a.title, (a.opens_at, a.closes_at)).await?;
            moved += 1;
        } else if status == AssemblyStatus::Open && !a.reminded && a.closes_at <= ctx.now + Duration::days(1) {
            let when = (a.opens_at, a.closes_at);
            mail_members(&mut tx, ctx, a.id, true, |locale| {
                notice(
                    ctx,
                    locale,
                    Msg::MailAssemblyReminderSubject,
                    Msg::MailAssemblyReminderBody,
                    &a.title,
                    when,
                    "",
                    a.id,
                )
            })
            .await?;
            sqlx::query!(
                "UPDATE assemblies SET reminder_sent_at = $2 WHERE id = $1",
                a.id,
                ctx.now as _
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(moved)
}

/// Opens the window: the colleges and weights of today, and the members entitled to vote (in
/// the college of their category), are fixed for this assembly.
async fn open(conn: &mut PgConnection, assembly: i64) -> ServiceResult<()> {
    sqlx::query!(
        "INSERT INTO assembly_colleges (assembly_id, college_id, name, weight_bp, position)
         SELECT $1, c.id, c.name, c.weight_bp, c.position FROM colleges c
         JOIN assemblies a ON a.coop_id = c.coop_id WHERE a.id = $1",
        assembly
    )
    .execute(&mut *conn)
    .await?;
    let electorate = sqlx::query!(
        "INSERT INTO electorate (assembly_id, member_id, college_id)
         SELECT $1, m.id, mc.college_id FROM members m
         JOIN assemblies a ON a.coop_id = m.coop_id
         JOIN member_categories mc ON mc.coop_id = m.coop_id AND mc.category = m.category
         WHERE a.id = $1 AND m.status IN ('active', 'leaving')",
        assembly
    )
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query!(
        "UPDATE assemblies SET status = 'open', electorate = $2 WHERE id = $1",
        assembly,
        electorate as i32
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The assemblies, newest first, for the members and the board.
pub async fn list_assemblies(ctx: &Ctx, viewer: i64, is_board: bool) -> ServiceResult<Vec<AssemblySummary>> {
    super::member_or_board(ctx, viewer, is_board).await?;
    Ok(sqlx::query_as!(
        AssemblySummary,
        r#"SELECT id, kind AS "kind: AssemblyKind", title, status AS "status: AssemblyStatus",
                  opens_at AS "opens_at: DateTime<Utc>", closes_at AS "closes_at: DateTime<Utc>"
           FROM assemblies WHERE coop_id = $1 ORDER BY opens_at DESC, id DESC LIMIT 100"#,
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?)
}

/// An assembly as a member (or the board) sees it: its agenda, the viewer's part (whom they
/// vote for, the proxy given or held) and, once closed, the results.
pub async fn assembly_page(ctx: &Ctx, viewer: i64, is_board: bool, id: i64) -> ServiceResult<AssemblyPage> {
    let mut conn = ctx.pool.acquire().await?;
    let me = current_member(&mut conn, ctx, viewer).await?;
    let member = me.filter(|(_, s)| s.votes());
    if member.is_none() && !is_board {
        return Err(ServiceError::Forbidden);
    }
    let a = sqlx::query!(
        r#"SELECT id, kind AS "kind: AssemblyKind", title, status AS "status: AssemblyStatus",
                  opens_at AS "opens_at: DateTime<Utc>", closes_at AS "closes_at: DateTime<Utc>",
                  quorum_num, quorum_den, majority AS "majority: Majority", electorate, took_part,
                  convened_at AS "convened_at: DateTime<Utc>"
           FROM assemblies WHERE coop_id = $1 AND id = $2"#,
        ctx.coop_id(),
        id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let settings = settings(&mut conn, ctx).await?;
    let summary = AssemblySummary {
        id: a.id,
        kind: a.kind,
        title: a.title,
        status: a.status,
        opens_at: a.opens_at,
        closes_at: a.closes_at,
    };
    let colleges = if a.status == AssemblyStatus::Convened {
        sqlx::query_as!(
            AssemblyCollege,
            "SELECT name, weight_bp FROM colleges WHERE coop_id = $1 ORDER BY position",
            ctx.coop_id()
        )
        .fetch_all(&mut *conn)
        .await?
    } else {
        sqlx::query_as!(
            AssemblyCollege,
            "SELECT name, weight_bp FROM assembly_colleges WHERE assembly_id = $1 ORDER BY position",
            id
        )
        .fetch_all(&mut *conn)
        .await?
    };
    let quorum = Quorum::new(a.quorum_num as u32, a.quorum_den as u32).map_err(ServiceError::invalid)?;
    let mut proposals = super::votes::proposals(&mut conn, id).await?;
    if a.status == AssemblyStatus::Closed {
        let results =
            super::votes::results(&mut conn, id, &proposals, quorum, a.majority, a.took_part, a.electorate).await?;
        for (p, r) in proposals.iter_mut().zip(results) {
            p.result = Some(r);
        }
    }
    let me = match member {
        Some((member_id, _)) => Some(my_part(&mut conn, ctx, id, member_id).await?),
        None => None,
    };
    let turnout = sqlx::query_as!(
        CollegeTurnout,
        r#"SELECT ac.name, count(v.member_id) AS "voted!", count(e.member_id) AS "electorate!"
           FROM assembly_colleges ac
           LEFT JOIN electorate e ON e.assembly_id = ac.assembly_id AND e.college_id = ac.college_id
           LEFT JOIN voters v ON v.assembly_id = e.assembly_id AND v.member_id = e.member_id
           WHERE ac.assembly_id = $1 GROUP BY ac.name, ac.position ORDER BY ac.position"#,
        id
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(AssemblyPage {
        summary,
        coop_name: ctx.coop().name.clone(),
        convened_at: a.convened_at,
        zone: ctx.coop().timezone,
        quorum,
        majority: a.majority,
        proposals,
        colleges,
        electorate: a.electorate,
        took_part: a.took_part,
        max_proxies: settings.max_proxies,
        turnout,
        me,
    })
}

async fn my_part(conn: &mut PgConnection, ctx: &Ctx, assembly: i64, member_id: i64) -> ServiceResult<MyPart> {
    let me = sqlx::query!(
        r#"SELECT m.number, m.name, c.name AS "college?" FROM members m
           LEFT JOIN member_categories mc ON mc.coop_id = m.coop_id AND mc.category = m.category
           LEFT JOIN colleges c ON c.id = mc.college_id
           WHERE m.id = $1 AND m.coop_id = $2"#,
        member_id,
        ctx.coop_id()
    )
    .fetch_one(&mut *conn)
    .await?;
    let proxy_to = sqlx::query!(
        r#"SELECT m.name, m.number AS "number!" FROM proxies p JOIN members m ON m.id = p.holder_id
           WHERE p.assembly_id = $1 AND p.giver_id = $2"#,
        assembly,
        member_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| (r.name, r.number));
    // Those I vote for: myself (in the electorate, unless I gave my proxy), and those who gave
    // me theirs; whether each has voted.
    let votes_for = sqlx::query!(
        r#"SELECT m.id, m.name, m.id = $2 AS "is_me!",
                  EXISTS (SELECT 1 FROM voters v WHERE v.assembly_id = $1 AND v.member_id = m.id) AS "voted!"
           FROM members m
           WHERE (m.id = $2 AND NOT EXISTS (SELECT 1 FROM proxies p WHERE p.assembly_id = $1 AND p.giver_id = $2))
              OR m.id IN (SELECT giver_id FROM proxies WHERE assembly_id = $1 AND holder_id = $2)
           ORDER BY m.id = $2 DESC, m.name"#,
        assembly,
        member_id
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| Represented {
        member_id: r.id,
        name: r.name,
        is_me: r.is_me,
        voted: r.voted,
    })
    .collect::<Vec<_>>();
    let proxies_held = votes_for.iter().filter(|r| !r.is_me).count() as i64;
    Ok(MyPart {
        member_id,
        number: me.number,
        college: me.college,
        votes_for,
        proxy_to,
        proxies_held,
    })
}
