//! The actors directory: a member edits only its own profile, bounded; the search finds
//! published actors by kind, by what they share and by distance from the searcher's own place;
//! a message reaches the actor through the outbox without showing its address, at most ten a
//! day per sender.

use maillon::actors::store::{actor, add_item, contact, directory, my_profile, remove_item, save_profile};
use maillon::actors::{ActorKind, ItemCategory, MAX_ITEMS, Origin, ProfileInput, Search, parse_item, parse_profile};
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, residents};
use maillon_test_support::shopping::ctx;

fn profile(kind: &str, name: &str, at: (&str, &str), published: bool) -> maillon::actors::ProfileFields {
    parse_profile(&ProfileInput {
        kind: kind.into(),
        name: name.into(),
        activity: format!("{name} : ce que nous faisons."),
        commune: "Lille".into(),
        latitude: at.0.into(),
        longitude: at.1.into(),
        published: if published { "on" } else { "" }.into(),
    })
    .unwrap()
}

fn invalid<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Msg {
    match result {
        Err(ServiceError::Invalid { msg, .. }) => msg,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn members_find_each_other_by_kind_share_and_distance_and_write_through_the_outbox() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let c = ctx(&pool, &coop);
    // The demo's own actors are left out: this test counts its own.
    sqlx::query("DELETE FROM actor_profiles").execute(&pool).await.unwrap();
    let people = residents(&pool, &coop, 4).await;
    let (farm, shop, hidden, seeker) = (&people[0], &people[1], &people[2], &people[3]);

    let cold = parse_item("share", "cold_room", "Chambre froide de 12 m³", "le lundi").unwrap();
    assert_eq!(invalid(add_item(&c, farm, &cold).await), Msg::ErrActorNoProfile);
    let farm_id = save_profile(
        &c,
        farm,
        profile("farm", "Ferme du Pont", ("50.6292", "3.0573"), true),
        None,
    )
    .await
    .unwrap();
    // Saving again updates the same profile.
    assert_eq!(
        save_profile(
            &c,
            farm,
            profile("farm", "Ferme du Pont", ("50.6292", "3.0573"), true),
            None
        )
        .await
        .unwrap(),
        farm_id
    );
    add_item(&c, farm, &cold).await.unwrap();
    add_item(
        &c,
        farm,
        &parse_item("need", "vehicle", "Un utilitaire le jeudi", "").unwrap(),
    )
    .await
    .unwrap();
    let shop_id = save_profile(
        &c,
        shop,
        profile("shop", "Épicerie d'Arras", ("50.2910", "2.7775"), true),
        None,
    )
    .await
    .unwrap();
    add_item(&c, shop, &parse_item("share", "tool", "Une balance", "").unwrap())
        .await
        .unwrap();
    let hidden_id = save_profile(
        &c,
        hidden,
        profile("farm", "Ferme cachée", ("50.63", "3.06"), false),
        None,
    )
    .await
    .unwrap();
    add_item(&c, hidden, &cold).await.unwrap();

    // Every kind and category the forms offer is one the database accepts.
    for kind in ActorKind::ALL {
        let fields = profile(kind.code(), "Ferme cachée", ("50.63", "3.06"), false);
        assert_eq!(save_profile(&c, hidden, fields, None).await.unwrap(), hidden_id);
    }
    for category in ItemCategory::ALL {
        for direction in ["share", "need"] {
            let item = parse_item(direction, category.code(), "Quelque chose", "").unwrap();
            let id = add_item(&c, hidden, &item).await.unwrap();
            remove_item(&c, hidden, id).await.unwrap();
        }
    }

    // Someone without a profile sees the published actors, by name, distances from the hub.
    let all = directory(&c, seeker, &Search::default()).await.unwrap();
    let names: Vec<&str> = all.found.items.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Épicerie d'Arras", "Ferme du Pont"], "by name, accents aside");
    assert!(!all.has_profile && matches!(all.origin, Some(Origin::Hub(_))));
    assert_eq!(all.placed.len(), 2);
    let cold_rooms = Search {
        shares: Some(ItemCategory::ColdRoom),
        ..Search::default()
    };
    let found = directory(&c, seeker, &cold_rooms).await.unwrap();
    assert_eq!(found.found.items.iter().map(|a| a.id).collect::<Vec<_>>(), [farm_id]);
    assert_eq!(found.found.items[0].needs().count(), 1);
    let near = Search {
        within_km: Some(25),
        ..Search::default()
    };
    let near_hub = directory(&c, seeker, &near).await.unwrap();
    assert_eq!(
        near_hub.found.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        [farm_id],
        "Arras is 45 km from Fives"
    );

    // From the shop in Arras, the farm is some 42 km away: found within 50 km, not 25.
    let from_arras = directory(
        &c,
        shop,
        &Search {
            within_km: Some(50),
            ..Search::default()
        },
    )
    .await
    .unwrap();
    let ids: Vec<i64> = from_arras.found.items.iter().map(|a| a.id).collect();
    assert_eq!(ids, [shop_id, farm_id], "nearest first");
    let d = from_arras.found.items[1].distance_km.unwrap();
    assert!((40.0..45.0).contains(&d), "{d}");
    let farms_near = Search {
        kind: Some(ActorKind::Farm),
        within_km: Some(25),
        ..Search::default()
    };
    assert_eq!(directory(&c, shop, &farms_near).await.unwrap().found.total, 0);
    assert!(matches!(actor(&c, hidden_id).await, Err(ServiceError::NotFound)));
    assert_eq!(actor(&c, farm_id).await.unwrap().items.len(), 2);

    // A profile holds at most twelve items; one removes only its own.
    for _ in 2..MAX_ITEMS {
        add_item(&c, farm, &cold).await.unwrap();
    }
    assert_eq!(invalid(add_item(&c, farm, &cold).await), Msg::ErrActorTooManyItems);
    let mine = my_profile(&c, farm).await.unwrap().unwrap();
    assert_eq!(mine.items.len(), MAX_ITEMS);
    assert!(matches!(
        remove_item(&c, shop, mine.items[0].id).await,
        Err(ServiceError::NotFound)
    ));
    remove_item(&c, farm, mine.items[0].id).await.unwrap();
    assert_eq!(my_profile(&c, farm).await.unwrap().unwrap().items.len(), MAX_ITEMS - 1);

    // A message goes to the actor's address, with the sender's, never the other way round.
    assert_eq!(
        invalid(contact(&c, seeker, farm_id, "Bonjour").await),
        Msg::ErrActorMessage
    );
    assert_eq!(
        invalid(contact(&c, farm, farm_id, "Bonjour, c'est moi.").await),
        Msg::ErrActorSelf
    );
    assert!(matches!(
        contact(&c, seeker, hidden_id, "Bonjour, votre chambre froide ?").await,
        Err(ServiceError::NotFound)
    ));
    contact(
        &c,
        seeker,
        farm_id,
        "Bonjour, votre chambre froide est-elle libre lundi ?",
    )
    .await
    .unwrap();
    let (to, body): (String, String) = sqlx::query_as(
        "SELECT to_address, body_text FROM outbox_emails WHERE body_text LIKE '%chambre froide est-elle%'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(to, farm.email);
    assert!(body.contains(&seeker.email) && !body.contains(&farm.email), "{body}");
    for i in 1..maillon::actors::MAX_CONTACTS_PER_DAY {
        contact(&c, seeker, shop_id, &format!("Message numéro {i}, bonjour."))
            .await
            .unwrap();
    }
    assert_eq!(
        invalid(contact(&c, seeker, shop_id, "Encore un message ?").await),
        Msg::ErrActorTooManyContacts
    );
    // A day later, the sender may write again.
    let tomorrow = c.at(c.now + chrono::Duration::hours(25));
    contact(&tomorrow, seeker, shop_id, "Bonjour, de nouveau.")
        .await
        .unwrap();
}
