//! The demo cooperative's governance: four colleges, members in each with their shares, a
//! past assembly with its results, an open one where the demo resident can vote, and an
//! application waiting for the board. Written through the services, with the clock set back
//! where the story is in the past.

use chrono::{Duration, Utc};
use sqlx::PgPool;

use crate::coop::store as coop_store;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::governance::forms::ApplicationForm;
use crate::governance::store::{self as gov, CollegeDef};
use crate::governance::{Category, MemberStatus};

/// Who joins, in which category, with how many shares (the demo's accounts). An organisation
/// is written "its name|the person who votes for it".
const MEMBERS: &[(&str, Category, &str, i64)] = &[
    ("conseil@maillon.test", Category::Resident, "", 2),
    ("habitant@maillon.test", Category::Resident, "", 1),
    ("hugo.bernard@maillon.test", Category::Resident, "", 1),
    ("ines.moreau@maillon.test", Category::Resident, "", 3),
    ("louis.lambert@maillon.test", Category::Resident, "", 1),
    ("chloe.fontaine@maillon.test", Category::Resident, "", 1),
    ("hub@maillon.test", Category::Worker, "", 5),
    (
        "producteur@maillon.test",
        Category::Producer,
        "Ferme du Vert Bocage|Julien Lefebvre",
        10,
    ),
    (
        "vergers@maillon.test",
        Category::Producer,
        "Les Vergers de la Pévèle|Marc Vandewalle",
        10,
    ),
    (
        "fromagerie@maillon.test",
        Category::Producer,
        "Fromagerie de la Marque|Hélène Dupont",
        10,
    ),
    (
        "fournil@maillon.test",
        Category::Producer,
        "Le Fournil de Wazemmes|Yasmine Haddad",
        10,
    ),
    (
        "commerce@maillon.test",
        Category::Shopkeeper,
        "Épicerie Le Panier de Wazemmes|Sophie Marchand",
        5,
    ),
    (
        "laconsigne@maillon.test",
        Category::Association,
        "Café-épicerie associatif La Consigne|Antoine Petit",
        5,
    ),
    (
        "saintmaurice@maillon.test",
        Category::LocalAuthority,
        "Mairie de quartier Saint-Maurice|Nadia Bouzid",
        20,
    ),
];

/// Who applies and waits for the board.
const APPLICANT: &str = "mehdi.rahmani@maillon.test";

async fn user(pool: &PgPool, email: &str) -> ServiceResult<(i64, String)> {
    let r = sqlx::query!(
        "SELECT id, CASE WHEN display_name = '' THEN email ELSE display_name END AS \"name!\" FROM users WHERE email = $1",
        email
    )
    .fetch_one(pool)
    .await?;
    Ok((r.id, r.name))
}

fn local(ctx: &Ctx, at: chrono::DateTime<Utc>) -> String {
    crate::time::to_local_input(at, ctx.coop().timezone.tz())
}

/// Seeds the demo cooperative's governance (once: nothing if it has colleges already).
pub async fn seed_governance(pool: &PgPool, base_url: &str) -> ServiceResult<()> {
    let Some(coop_id) = sqlx::query_scalar!("SELECT id FROM coops WHERE slug = 'lille' AND is_demo")
        .fetch_optional(pool)
        .await?
    else {
        return Ok(());
    };
    let coop = coop_store::by_id(pool, coop_id).await?;
    let now = Utc::now();
    let ctx = Ctx::new(pool.clone(), coop, base_url, now);
    let (board, _) = user(pool, "conseil@maillon.test").await?;
    let defs = [
        ("Producteurs", "35", vec![(Category::Producer, 5)]),
        (
            "Usagers",
            "30",
            vec![(Category::Resident, 1), (Category::Shopkeeper, 2)],
        ),
        ("Salariés", "15", vec![(Category::Worker, 1)]),
        (
            "Partenaires",
            "20",
            vec![
                (Category::Association, 2),
                (Category::LocalAuthority, 5),
                (Category::Company, 5),
            ],
        ),
    ]
    .map(|(name, weight, categories)| CollegeDef {
        name: name.into(),
        weight: weight.into(),
        categories,
    });
    match gov::define_colleges(&ctx.at(now - Duration::days(400)), board, &defs).await {
        Err(ServiceError::Invalid { .. }) => return Ok(()),
        other => other?,
    }
    // Members joined a year ago: applied, approved, shares paid by transfer.
    let joined = ctx.at(now - Duration::days(365));
    for (email, category, organisation, shares) in MEMBERS {
        let (user_id, person) = user(pool, email).await?;
        let (name, representative) = organisation.split_once('|').unwrap_or((&person, ""));
        let shares_text = shares.to_string();
        let member = gov::apply(
            &joined,
            user_id,
            &ApplicationForm {
                category: category.code(),
                name,
                representative,
                address: "Lille (59000)",
                shares: &shares_text,
                payment: "transfer",
                ..ApplicationForm::default()
            },
            false,
        )
        .await?;
        gov::approve(&joined, board, member).await?;
        let amount = format!("{}", shares * 20);
        let day = joined.now.date_naive().format("%Y-%m-%d").to_string();
        gov::record_movement(
            &joined,
            board,
            member,
            "paid",
            "",
            &amount,
            &format!("VIR-{member:04}"),
            &day,
        )
        .await?;
    }
    let (applicant, name) = user(pool, APPLICANT).await?;
    gov::apply(
        &ctx,
        applicant,
        &ApplicationForm {
            category: "resident",
            name: &name,
            address: "12 rue Gambetta, 59000 Lille",
            shares: "1",
            payment: "cheque",
            ..ApplicationForm::default()
        },
        false,
    )
    .await?;

    // The annual assembly, two months ago, with its results.
    let convened = ctx.at(now - Duration::days(80));
    let past = gov::convene(
        &convened,
        board,
        "ordinary",
        "Assemblée générale annuelle 2026",
        (
            &local(&ctx, now - Duration::days(62)),
            &local(&ctx, now - Duration::days(55)),
        ),
        &[
            (
                "Approbation des comptes 2025".into(),
                "L'assemblée approuve les comptes de l'exercice 2025 tels qu'ils lui ont été présentés.".into(),
                String::new(),
            ),
            (
                "Commission de la coopérative".into(),
                "La part de la coopérative sur chaque vente (logistique et plateforme).".into(),
                "12 %\n15 %\n18 %".into(),
            ),
        ],
    )
    .await?;
    gov::advance_assemblies(&ctx.at(now - Duration::days(61))).await?;
    let voting = ctx.at(now - Duration::days(58));
    // Every member but the demo resident voted: the votes are spread so that each college has
    // something to show.
    for (i, (email, ..)) in MEMBERS.iter().enumerate() {
        if *email == "habitant@maillon.test" {
            continue;
        }
        let (user_id, _) = user(pool, email).await?;
        let member = member_id(pool, coop_id, user_id).await?;
        let accounts = if i % 5 == 4 { Some(1) } else { Some(0) };
        let commission = Some((i % 3) as u8);
        let choices = [if i == 3 { None } else { accounts }, commission];
        gov::vote(&voting, user_id, past, member, &choices).await?;
    }
    gov::advance_assemblies(&ctx.at(now - Duration::days(54))).await?;

    // An assembly open now, until in two weeks.
    let open = gov::convene(
        &ctx.at(now - Duration::days(20)),
        board,
        "ordinary",
        "Assemblée de printemps",
        (
            &local(&ctx, now - Duration::days(2)),
            &local(&ctx, now + Duration::days(14)),
        ),
        &[
            (
                "Prix solidaire".into(),
                "Créer un prix solidaire financé par l'arrondi des paniers, pour les foyers aux revenus modestes."
                    .into(),
                String::new(),
            ),
            (
                "Nouveau point de retrait".into(),
                "Où ouvrir le prochain point de retrait ?".into(),
                "Fives\nWazemmes\nRoubaix centre".into(),
            ),
        ],
    )
    .await?;
    gov::advance_assemblies(&ctx.at(now - Duration::days(1))).await?;
    let (producer, _) = user(pool, "producteur@maillon.test").await?;
    let member = member_id(pool, coop_id, producer).await?;
    gov::vote(&ctx, producer, open, member, &[Some(0), Some(1)]).await?;
    Ok(())
}

async fn member_id(pool: &PgPool, coop_id: i64, user_id: i64) -> ServiceResult<i64> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM members WHERE coop_id = $1 AND user_id = $2 AND status = $3",
        coop_id,
        user_id,
        MemberStatus::Active as _
    )
    .fetch_one(pool)
    .await?)
}
