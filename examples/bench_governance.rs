//! Governance at scale: the tally of an assembly with 20,000 members in 4 colleges and 10
//! proposals, the board's register page over 20,000 members, and the printable register.
//!
//! scripts/bench-governance.sh (a throwaway PostgreSQL), or
//! cargo run --release -p maillon --features ssr --example bench_governance -- <database url> [members]
//!
//! The members, their shares and their ballots are written in bulk SQL (with a fixed seed);
//! what is timed goes through the services: closing the window (counting the ballots, the
//! tally of each proposal, the decisions register, the results queued to every member), the
//! pure tally alone, the assembly's results page, and the register page (50 members of
//! 20,000) 200 times with its statements counted, then the whole register to print.

use std::time::{Duration, Instant};

use chrono::Utc;
use maillon::ctx::Ctx;
use maillon::governance::store as gov;
use maillon::governance::{CollegeCount, Majority, ProposalKind, Quorum, tally};
use sqlx::PgPool;

const PROPOSALS: usize = 10;

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("a database URL");
    let members: i64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let pool = PgPool::connect(&url).await.expect("the database");
    maillon::db::MIGRATOR.run(&pool).await.expect("migrations");
    let coop = maillon::coop::store::ensure_default_coop(&pool, "bench", "Coop de mesure")
        .await
        .unwrap();
    let now = Utc::now();
    let ctx = Ctx::new(
        pool.clone(),
        coop.clone(),
        "http://bench",
        now - chrono::Duration::days(30),
    );
    let board: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, display_name, email_verified_at) VALUES ('board@bench', 'x', 'Board', now()) RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let defs = [
        ("Producteurs", "35", maillon::governance::Category::Producer),
        ("Usagers", "30", maillon::governance::Category::Resident),
        ("Salariés", "15", maillon::governance::Category::Worker),
        ("Partenaires", "20", maillon::governance::Category::Association),
    ]
    .map(|(n, w, c)| gov::CollegeDef {
        name: n.into(),
        weight: w.into(),
        categories: vec![(c, 1)],
    });
    gov::define_colleges(&ctx, board, &defs).await.unwrap();

    let start = Instant::now();
    // Members spread over the categories (1 in 10 producers, 7 residents, 1 worker, 1 partner).
    sqlx::query(
        "WITH u AS (
             INSERT INTO users (email, password_hash, display_name, email_verified_at)
             SELECT 'm' || g || '@bench', 'x', 'Membre ' || g, now() FROM generate_series(1, $2) g RETURNING id)
         INSERT INTO members (coop_id, user_id, number, category, name, address, status, payment, shares_applied, applied_at)
         SELECT $1, id, row_number() OVER (ORDER BY id),
                (ARRAY['producer','resident','resident','resident','resident','resident','resident','resident','worker','association'])[1 + id % 10],
                'Membre ' || id, 'Lille', 'active', 'transfer', 1 + id % 3, now() - interval '1 year' FROM u",
    )
    .bind(coop.id)
    .bind(members)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO share_movements (coop_id, member_id, kind, shares, cents, reference, occurred_on, recorded_at)
         SELECT coop_id, id, 'subscribed', shares_applied, 0, 'adhésion', current_date - 365, now() FROM members WHERE coop_id = $1
         UNION ALL
         SELECT coop_id, id, 'paid', 0, shares_applied * 2000, 'VIR', current_date - 364, now() FROM members WHERE coop_id = $1",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    let agenda: Vec<(String, String, String)> = (1..=PROPOSALS)
        .map(|i| {
            let options = if i % 3 == 0 {
                "A\nB\nC".to_owned()
            } else {
                String::new()
            };
            (
                format!("Résolution {i}"),
                format!("Texte de la résolution {i}."),
                options,
            )
        })
        .collect();
    let tz = coop.timezone.tz();
    let opens = now - chrono::Duration::days(10);
    let closes = now - chrono::Duration::days(1);
    let at = |t| maillon::time::to_local_input(t, tz);
    let assembly = gov::convene(
        &ctx,
        board,
        "ordinary",
        "AG annuelle",
        (&at(opens), &at(closes)),
        &agenda,
    )
    .await
    .unwrap();
    gov::advance_assemblies(&ctx.at(opens + chrono::Duration::minutes(1)))
        .await
        .unwrap();
    // Four members in five vote; each ballot chooses with a fixed pattern.
    sqlx::query(
        "WITH v AS (INSERT INTO voters (assembly_id, member_id)
                    SELECT $1, member_id FROM electorate WHERE assembly_id = $1 AND member_id % 5 <> 0 RETURNING member_id)
         INSERT INTO ballots (proposal_id, college_id, choice)
         SELECT p.id, e.college_id,
                CASE WHEN (v.member_id + p.position) % 7 = 0 THEN NULL
                     ELSE ((v.member_id * 31 + p.position) % (CASE WHEN p.kind = 'motion' THEN 2 ELSE cardinality(p.options) END))::smallint END
         FROM v JOIN electorate e ON e.assembly_id = $1 AND e.member_id = v.member_id
         CROSS JOIN proposals p WHERE p.assembly_id = $1",
    )
    .bind(assembly)
    .execute(&pool)
    .await
    .unwrap();
    let ballots: i64 = sqlx::query_scalar("SELECT count(*) FROM ballots")
        .fetch_one(&pool)
        .await
        .unwrap();
    println!(
        "{members} members in 4 colleges, {PROPOSALS} proposals, {ballots} ballots; set up in {} ms",
        ms(start.elapsed())
    );

    // Closing: count, tally, decisions register, results queued to every member, audit.
    let t = Instant::now();
    gov::advance_assemblies(&ctx.at(closes + chrono::Duration::minutes(1)))
        .await
        .unwrap();
    println!(
        "close the window (count + tally + register + {members} results emails): {} ms",
        ms(t.elapsed())
    );

    // The pure tally of the 10 proposals from their counts, best of 20.
    let colleges: Vec<CollegeCount> = (0..4)
        .map(|c| CollegeCount {
            weight_bp: [3500, 3000, 1500, 2000][c],
            votes: vec![members as u64 / 9, members as u64 / 11, members as u64 / 13],
            abstentions: 100,
        })
        .collect();
    let best = (0..20)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..PROPOSALS {
                std::hint::black_box(tally(
                    ProposalKind::Choice,
                    3,
                    &colleges,
                    Quorum { num: 1, den: 4 },
                    Majority::TwoThirds,
                    members as u64 * 4 / 5,
                    members as u64,
                ));
            }
            t.elapsed()
        })
        .min()
        .unwrap();
    println!(
        "tally of {PROPOSALS} proposals (pure, from counts): {:.3} ms",
        best.as_secs_f64() * 1000.0
    );

    // The results page of the closed assembly (the board's view), p50 / p95 of 50.
    let mut page_ms = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        gov::assembly_page(&ctx, board, true, assembly).await.unwrap();
        page_ms.push(t.elapsed());
    }
    page_ms.sort();
    println!(
        "assembly results page: p50 {} ms, p95 {} ms",
        ms(page_ms[25]),
        ms(page_ms[47])
    );

    // The register page, 50 members of 20,000, at pages spread over the register.
    sqlx::query("SELECT pg_stat_statements_reset()")
        .execute(&pool)
        .await
        .ok();
    let pages = (members as u32).div_ceil(50);
    let mut reg_ms = Vec::new();
    for i in 0..200u32 {
        let page = 1 + (i * 37) % pages;
        let t = Instant::now();
        let p = gov::register(&ctx, page).await.unwrap();
        reg_ms.push(t.elapsed());
        assert_eq!(p.items.len(), 50);
    }
    reg_ms.sort();
    let calls: Option<i64> = sqlx::query_scalar(
        "SELECT sum(calls)::bigint FROM pg_stat_statements WHERE query ILIKE '%FROM members%' AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_one(&pool)
    .await
    .ok()
    .flatten();
    println!(
        "register page (50 of {members}): p50 {} ms, p95 {} ms, max {} ms; statements per page: {}",
        ms(reg_ms[100]),
        ms(reg_ms[190]),
        ms(reg_ms[199]),
        calls.map_or("n/a".to_owned(), |c| format!("{:.1}", c as f64 / 200.0))
    );

    // The printable register: every member with every movement, 5 times.
    let mut doc_ms = Vec::new();
    let mut entries = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let doc = gov::register_document(&ctx).await.unwrap();
        doc_ms.push(t.elapsed());
        entries = doc.members.len();
    }
    doc_ms.sort();
    println!(
        "printable register ({entries} members with their movements): p50 {} ms, max {} ms",
        ms(doc_ms[2]),
        ms(doc_ms[4])
    );
}
