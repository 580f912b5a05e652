//! Governance against PostgreSQL: applications and the share register, colleges, proxies,
//! secret ballots (one vote per member, even at once), the tally at closing, the decisions
//! register and the append-only audit log. Built on the demo's governance
//! (`maillon::demo::seed_governance`): four colleges, fourteen members, a closed assembly and
//! an open one.

use chrono::{Duration, Utc};
use maillon::ctx::Ctx;
use maillon::error::ServiceError;
use maillon::governance::AssemblyStatus;
use maillon::governance::store as gov;
use maillon::i18n::Msg;
use maillon_test_support::TestDb;
use maillon_test_support::demo::demo;
use sqlx::PgPool;

mod members;

async fn governed(pool: &PgPool) -> Ctx {
    let coop = demo(pool).await;
    maillon::demo::seed_governance(pool, "http://test").await.unwrap();
    Ctx::new(pool.clone(), coop, "http://test", Utc::now())
}

async fn member(pool: &PgPool, email: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT m.user_id, m.id FROM members m JOIN users u ON u.id = m.user_id
         WHERE u.email = $1 AND m.status IN ('applied', 'active', 'leaving')",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn invalid<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> Msg {
    match r {
        Err(ServiceError::Invalid { msg, .. }) => msg,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn assembly(ctx: &Ctx, status: AssemblyStatus) -> i64 {
    let board = member(&ctx.pool, "conseil@maillon.test").await.0;
    gov::list_assemblies(ctx, board, true)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.status == status)
        .unwrap()
        .id
}

#[tokio::test]
async fn the_demo_assembly_was_tallied_into_the_register() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let (resident, _) = member(&pool, "habitant@maillon.test").await;
    let past = assembly(&ctx, AssemblyStatus::Closed).await;
    let page = gov::assembly_page(&ctx, resident, false, past).await.unwrap();
    // Thirteen of fourteen members voted (the demo resident did not).
    assert_eq!((page.took_part, page.electorate), (Some(13), Some(14)));
    assert_eq!(page.turnout.iter().map(|c| c.voted).sum::<i64>(), 13);
    let accounts = page.proposals[0].result.clone().unwrap();
    assert!(accounts.quorum_reached);
    assert!(accounts.adopted, "{accounts:?}");
    let total: u32 = accounts.weighted_bp.iter().sum();
    assert!((9_997..=10_000).contains(&total));
    let decisions = gov::decisions(&ctx).await.unwrap();
    let numbers: Vec<i32> = decisions.iter().map(|d| d.number).collect();
    assert_eq!(numbers, [2, 1], "numbered without gaps, newest first");
    // The results went to every member of the electorate, with the convocations before them.
    let results: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox_emails WHERE subject LIKE '%résultats%' OR subject LIKE '%results%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(results, 14);
    let log: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    for action in [
        "colleges_defined",
        "member_applied",
        "member_approved",
        "share_movement",
        "assembly_convened",
        "assembly_closed",
    ] {
        assert!(log.iter().any(|a| a == action), "{action} in {log:?}");
    }
}

#[tokio::test]
async fn the_audit_log_and_the_share_ledger_refuse_changes() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    governed(&pool).await;
    for sql in [
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "UPDATE share_movements SET shares = 99",
        "DELETE FROM share_movements",
    ] {
        let err = sqlx::query(sql).execute(&pool).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[tokio::test]
async fn a_member_votes_once_even_when_clicking_many_times_at_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let open = assembly(&ctx, AssemblyStatus::Open).await;
    let (resident, me) = member(&pool, "habitant@maillon.test").await;
    let attempts: Vec<_> = (0..8u8)
        .map(|i| {
            let ctx = ctx.clone();
            tokio::spawn(async move { gov::vote(&ctx, resident, open, me, &[Some(i % 2), Some(2)]).await })
        })
        .collect();
    let mut results = Vec::new();
    for a in attempts {
        results.push(a.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    for r in results.into_iter().filter(Result::is_err) {
        assert_eq!(invalid(r), Msg::ErrAlreadyVoted);
    }
    let (voters, ballots): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM voters WHERE assembly_id = $1),
                (SELECT count(*) FROM ballots b JOIN proposals p ON p.id = b.proposal_id WHERE p.assembly_id = $1)",
    )
    .bind(open)
    .fetch_one(&pool)
    .await
    .unwrap();
    // The producer voted in the demo, the resident now: two voters, two ballots each.
    assert_eq!((voters, ballots), (2, 4));
    // Out-of-range answers and the wrong number of answers are refused, not stored.
    let (hub, hub_member) = member(&pool, "hub@maillon.test").await;
    assert_eq!(
        invalid(gov::vote(&ctx, hub, open, hub_member, &[Some(2), None]).await),
        Msg::ErrVoteChoices
    );
    assert_eq!(
        invalid(gov::vote(&ctx, hub, open, hub_member, &[None]).await),
        Msg::ErrVoteChoices
    );
    // Nobody votes for another member without their proxy.
    assert_eq!(
        invalid(gov::vote(&ctx, hub, open, me, &[None, None]).await),
        Msg::ErrVoteNotEntitled
    );
}

/// Secrecy: after votes, every table the app has and every export it offers is read; none
/// holds anything that joins a ballot to its voter.
#[tokio::test]
async fn no_table_or_export_links_a_ballot_to_its_voter() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let open = assembly(&ctx, AssemblyStatus::Open).await;
    let (resident, me) = member(&pool, "habitant@maillon.test").await;
    let register_before = gov::register_csv(&ctx).await.unwrap();
    gov::vote(&ctx, resident, open, me, &[Some(1), Some(0)]).await.unwrap();
    // The ballots' own columns: the proposal, the college (for the weights) and the choice.
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_name = 'ballots' ORDER BY ordinal_position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        columns,
        [
            ("proposal_id".to_owned(), "bigint".to_owned()),
            ("college_id".to_owned(), "bigint".to_owned()),
            ("choice".to_owned(), "smallint".to_owned())
        ]
    );
    // No other table refers to a ballot, and none has a column naming one.
    let referring: Vec<String> = sqlx::query_scalar(
        "SELECT conrelid::regclass::text FROM pg_constraint WHERE confrelid = 'ballots'::regclass
         UNION ALL SELECT table_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> 'ballots' AND column_name ILIKE '%ballot%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(referring, Vec::<String>::new());
    // Who voted is in `voters`, without a time or an order that could match the ballots'.
    let voter_columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'voters' ORDER BY ordinal_position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(voter_columns, ["assembly_id", "member_id"]);
    // Every text the app wrote after the vote: the audit log, the outbox, the register, the
    // assembly page and the decisions register. None says how the resident voted.
    let since: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action ILIKE '%vote%' OR after::text ILIKE '%choice%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(since, 0);
    let mails: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox_emails WHERE body_text ILIKE '%Wazemmes%' AND created_at > now() - interval '1 minute' AND subject NOT LIKE '%convocation%'")
        .fetch_one(&pool)
        .await
        .unwrap_or(0);
    assert_eq!(mails, 0);
    // The register's export is what it was before the vote.
    assert_eq!(gov::register_csv(&ctx).await.unwrap(), register_before);
    let page = gov::assembly_page(&ctx, resident, false, open).await.unwrap();
    assert!(
        page.proposals.iter().all(|p| p.result.is_none()),
        "no result before closing"
    );
    let shown = format!("{page:?}");
    assert!(!shown.contains("choice"), "{shown}");
}

#[tokio::test]
async fn proxies_stay_in_the_college_within_the_limit_and_count_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let (board, _) = member(&pool, "conseil@maillon.test").await;
    let tz = ctx.coop().timezone.tz();
    let opens = Utc::now() + Duration::days(16);
    let closes = opens + Duration::days(7);
    let at = |t| maillon::time::to_local_input(t, tz);
    // Convening too soon is refused: the notice period is 15 days.
    let too_soon = gov::convene(
        &ctx,
        board,
        "extraordinary",
        "Trop tôt",
        (&at(Utc::now() + Duration::days(3)), &at(closes)),
        &[("Statuts".into(), "Modifier l'article 12.".into(), String::new())],
    )
    .await;
    assert_eq!(invalid(too_soon), Msg::ErrAssemblyNotice);
    let id = gov::convene(
        &ctx,
        board,
        "extraordinary",
        "Modification des statuts",
        (&at(opens), &at(closes)),
        &[("Statuts".into(), "Modifier l'article 12.".into(), String::new())],
    )
    .await
    .unwrap();
    let number = |email: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i32>(
                "SELECT m.number FROM members m JOIN users u ON u.id = m.user_id WHERE u.email = $1",
            )
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap()
            .to_string()
        }
    };
    let (hugo, hugo_member) = member(&pool, "hugo.bernard@maillon.test").await;
    let (ines, _) = member(&pool, "ines.moreau@maillon.test").await;
    let (louis, _) = member(&pool, "louis.lambert@maillon.test").await;
    let (resident, _) = member(&pool, "habitant@maillon.test").await;
    let chloe_number = number("chloe.fontaine@maillon.test").await;
    // Another college: refused.
    let producer_number = number("producteur@maillon.test").await;
    assert_eq!(
        invalid(gov::give_proxy(&ctx, hugo, id, &producer_number).await),
        Msg::ErrProxyCollege
    );
    assert_eq!(
        invalid(gov::give_proxy(&ctx, hugo, id, "99999").await),
        Msg::ErrProxyHolder
    );
    // Two proxies for Chloé (the limit), a third refused.
    gov::give_proxy(&ctx, hugo, id, &chloe_number).await.unwrap();
    gov::give_proxy(&ctx, ines, id, &chloe_number).await.unwrap();
    assert_eq!(
        invalid(gov::give_proxy(&ctx, louis, id, &chloe_number).await),
        Msg::ErrProxyLimit
    );
    // Chloé cannot pass hers on; the resident's to Hugo neither (Hugo gave his).
    let hugo_number = number("hugo.bernard@maillon.test").await;
    assert_eq!(
        invalid(gov::give_proxy(&ctx, resident, id, &hugo_number).await),
        Msg::ErrProxyChain
    );
    // Inès takes hers back; Louis can now give his.
    gov::revoke_proxy(&ctx, ines, id).await.unwrap();
    gov::give_proxy(&ctx, louis, id, &chloe_number).await.unwrap();

    // The clock opens the window: proxies are fixed.
    gov::advance_assemblies(&ctx.at(opens + Duration::minutes(1)))
        .await
        .unwrap();
    let voting = ctx.at(opens + Duration::hours(1));
    assert_eq!(
        invalid(gov::revoke_proxy(&voting, louis, id).await),
        Msg::ErrProxyWindow
    );
    let (chloe, chloe_member) = member(&pool, "chloe.fontaine@maillon.test").await;
    let page = gov::assembly_page(&voting, chloe, false, id).await.unwrap();
    let for_whom: Vec<bool> = page.me.unwrap().votes_for.iter().map(|r| r.is_me).collect();
    assert_eq!(for_whom, [true, false, false], "herself, Hugo and Louis");
    // Hugo gave his proxy: he no longer votes himself; Chloé votes for him, once.
    assert_eq!(
        invalid(gov::vote(&voting, hugo, id, hugo_member, &[Some(0)]).await),
        Msg::ErrVoteNotEntitled
    );
    gov::vote(&voting, chloe, id, chloe_member, &[Some(0)]).await.unwrap();
    gov::vote(&voting, chloe, id, hugo_member, &[Some(1)]).await.unwrap();
    assert_eq!(
        invalid(gov::vote(&voting, chloe, id, hugo_member, &[Some(0)]).await),
        Msg::ErrAlreadyVoted
    );
    gov::vote(
        &voting,
        ines,
        id,
        member(&pool, "ines.moreau@maillon.test").await.1,
        &[None],
    )
    .await
    .unwrap();

    // A vote still holding the assembly when the window closes: the clock waits for it.
    let mut voting_now = pool.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM assemblies WHERE id = $1 FOR SHARE")
        .bind(id)
        .execute(&mut *voting_now)
        .await
        .unwrap();
    let clock = tokio::spawn({
        let closing = ctx.at(closes + Duration::minutes(1));
        async move { gov::advance_assemblies(&closing).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!clock.is_finished(), "the clock waits for the vote in progress");
    voting_now.rollback().await.unwrap();
    assert_eq!(clock.await.unwrap().unwrap(), 1, "this assembly closed");

    // Closing: three took part (Chloé, Hugo by proxy, Inès abstaining) of fourteen: the
    // extraordinary quorum (1/3) is missed.
    let page = gov::assembly_page(&ctx, chloe, false, id).await.unwrap();
    assert_eq!(page.summary.status, AssemblyStatus::Closed);
    assert_eq!((page.took_part, page.electorate), (Some(3), Some(14)));
    let r = page.proposals[0].result.clone().unwrap();
    let users = r.colleges.iter().find(|c| c.counted).unwrap();
    assert_eq!((users.votes.clone(), users.abstentions), (vec![1, 1], 1));
    assert!(!r.quorum_reached && !r.adopted);
    // In the register: the demo's past two, the demo's open assembly (closed by the clock's
    // first pass, sixteen days on) two more, and this one.
    assert_eq!(gov::decisions(&ctx).await.unwrap().len(), 5);
}

#[tokio::test]
async fn college_weights_follow_the_scic_rule_and_change_only_by_decision() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let (board, _) = member(&pool, "conseil@maillon.test").await;
    let page = gov::colleges_page(&ctx).await.unwrap();
    assert_eq!(page.colleges.iter().map(|c| c.weight_bp).sum::<i32>(), 10_000);
    assert_eq!(page.colleges.iter().map(|c| c.members).sum::<i64>(), 14);
    // Defined once.
    let again = gov::define_colleges(&ctx, board, &[]).await;
    assert!(matches!(again, Err(ServiceError::Invalid { .. })));
    let ids: Vec<i64> = page.colleges.iter().map(|c| c.id).collect();
    let weights = |w: [&str; 4]| ids.iter().copied().zip(w.map(String::from)).collect::<Vec<_>>();
    let decision = page.decisions.first().expect("an adopted decision of the demo").id;
    // The SCIC rule, whatever the decision says.
    assert_eq!(
        invalid(gov::reweigh_colleges(&ctx, board, &weights(["55", "25", "10", "10"]), decision).await),
        Msg::ErrCollegeWeightRange
    );
    assert_eq!(
        invalid(gov::reweigh_colleges(&ctx, board, &weights(["40", "30", "10", "10"]), decision).await),
        Msg::ErrCollegeWeightSum
    );
    // Without an adopted decision: refused.
    assert_eq!(
        invalid(gov::reweigh_colleges(&ctx, board, &weights(["40", "30", "15", "15"]), 999_999).await),
        Msg::ErrCollegeDecision
    );
    gov::reweigh_colleges(&ctx, board, &weights(["40", "30", "15", "15"]), decision)
        .await
        .unwrap();
    // A decision is applied once.
    assert_eq!(
        invalid(gov::reweigh_colleges(&ctx, board, &weights(["35", "30", "15", "20"]), decision).await),
        Msg::ErrCollegeDecision
    );
    let after = gov::colleges_page(&ctx).await.unwrap();
    assert_eq!(after.colleges[0].weight_bp, 4000);
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'colleges_reweighed'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn another_cooperative_reaches_nothing_of_ours() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let open = assembly(&ctx, AssemblyStatus::Open).await;
    let other = maillon_test_support::other_coop::create(&pool).await;
    let theirs = Ctx::new(
        pool.clone(),
        maillon::coop::store::by_id(&pool, other.id).await.unwrap(),
        "http://test",
        Utc::now(),
    );
    let (resident, me) = member(&pool, "habitant@maillon.test").await;
    assert!(matches!(
        gov::vote(&theirs, resident, open, me, &[None, None]).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        gov::assembly_page(&theirs, other.member, true, open).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        gov::approve(&theirs, other.member, me).await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(gov::register(&theirs, 1).await.unwrap().total, 0);
}

#[tokio::test]
async fn the_board_sets_the_rules_and_they_apply() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let ctx = governed(&pool).await;
    let (board, _) = member(&pool, "conseil@maillon.test").await;
    let rules = |value, notice, quorum| ["25", notice, "1", quorum, "simple", "1/2", "two_thirds", value];
    assert!(matches!(
        gov::save_settings(&ctx, board, rules("", "15", "5/4")).await,
        Err(ServiceError::Invalid {
            field: Some("ordinary_quorum"),
            ..
        })
    ));
    assert!(matches!(
        gov::save_settings(&ctx, board, rules("", "91", "1/4")).await,
        Err(ServiceError::Invalid {
            field: Some("notice_days"),
            ..
        })
    ));
    gov::save_settings(
        &ctx,
        board,
        rules("Remboursées après l'approbation des comptes.", "3", "1/5"),
    )
    .await
    .unwrap();
    let s = gov::get_settings(&ctx).await.unwrap();
    assert_eq!(
        (
            s.share_value_cents,
            s.notice_days,
            s.max_proxies,
            s.ordinary_quorum.label()
        ),
        (2500, 3, 1, "1/5".to_owned())
    );
    // A notice of three days is now enough.
    let tz = ctx.coop().timezone.tz();
    let at = |t| maillon::time::to_local_input(t, tz);
    gov::convene(
        &ctx,
        board,
        "ordinary",
        "AG courte",
        (&at(Utc::now() + Duration::days(4)), &at(Utc::now() + Duration::days(5))),
        &[("Point".into(), "Texte.".into(), String::new())],
    )
    .await
    .unwrap();
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'governance_settings'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(logged, 1);
}
