use super::*;

fn input() -> ProfileInput {
    ProfileInput {
        kind: "farm".into(),
        name: "  Ferme   des Près ".into(),
        activity: "Légumes de saison.\r\nEt des œufs.".into(),
        commune: "Wambrechies".into(),
        latitude: "50,686".into(),
        longitude: "3.049".into(),
        published: "on".into(),
    }
}

#[test]
fn a_profile_is_cleaned_and_placed() {
    let p = parse_profile(&input()).unwrap();
    assert_eq!(p.kind, ActorKind::Farm);
    assert_eq!(p.name, "Ferme des Près");
    assert_eq!(p.activity, "Légumes de saison.\nEt des œufs.");
    assert_eq!(
        p.position,
        Some(Point {
            lat: 50.686,
            lon: 3.049
        })
    );
    assert!(p.published);
    let hidden = parse_profile(&ProfileInput {
        latitude: " ".into(),
        longitude: "".into(),
        published: "".into(),
        ..input()
    })
    .unwrap();
    assert_eq!((hidden.position, hidden.published), (None, false));
}

#[test]
fn a_bad_profile_names_each_field() {
    let bad = parse_profile(&ProfileInput {
        kind: "bank".into(),
        name: " ".into(),
        activity: "x".repeat(1001),
        commune: "".into(),
        latitude: "91".into(),
        longitude: "".into(),
        published: "on".into(),
    })
    .unwrap_err();
    let fields: Vec<&str> = bad.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["kind", "name", "activity", "commune", "latitude", "longitude"]);
}

#[test]
fn items_and_messages_are_bounded() {
    let item = parse_item("share", "cold_room", " Chambre  froide 12 m³ ", "le lundi").unwrap();
    assert_eq!(item.category, ItemCategory::ColdRoom);
    assert_eq!(item.description, "Chambre froide 12 m³");
    let bad = parse_item("lend", "boat", "", &"x".repeat(121)).unwrap_err();
    assert_eq!(bad.len(), 4);
    assert!(parse_message("Bonjour !").is_err());
    assert!(parse_message(&"é".repeat(2000)).is_ok());
    assert!(parse_message(&"é".repeat(2001)).is_err());
}

#[test]
fn a_search_reads_only_what_it_knows() {
    let s = Search::parse(Some("farm"), Some("cold_room"), Some("25"), Some("2"));
    assert_eq!(
        (s.kind, s.shares, s.within_km, s.page),
        (Some(ActorKind::Farm), Some(ItemCategory::ColdRoom), Some(25), 2)
    );
    assert_eq!(s.query(3), "type=farm&partage=cold_room&km=25&page=3");
    let odd = Search::parse(Some("x"), Some("<script>"), Some("7"), Some("-1"));
    assert_eq!(
        odd,
        Search {
            page: 1,
            ..Search::default()
        }
    );
}

fn card(id: i64, name: &str, kind: ActorKind, at: Option<(f64, f64)>, shares: &[ItemCategory]) -> ActorCard {
    ActorCard {
        id,
        kind,
        name: name.into(),
        activity: String::new(),
        commune: String::new(),
        position: at.map(|(lat, lon)| Point { lat, lon }),
        items: shares
            .iter()
            .map(|&category| ItemView {
                id,
                direction: Direction::Share,
                category,
                description: String::new(),
                availability: String::new(),
            })
            .collect(),
        distance_km: None,
    }
}

#[test]
fn names_are_filed_without_case_or_accents() {
    assert_eq!(sort_key("Épicerie Œuvre"), "epicerie oeuvre");
    let mut names = ["Ferme", "épicerie", "Zeste", "Atelier"];
    names.sort_by_key(|n| sort_key(n));
    assert_eq!(names, ["Atelier", "épicerie", "Ferme", "Zeste"]);
}

#[test]
fn the_filter_keeps_what_matches_nearest_first() {
    let lille = Point {
        lat: 50.6292,
        lon: 3.0573,
    };
    let cards = vec![
        card(
            1,
            "Zeste",
            ActorKind::Shop,
            Some((50.6365, 3.0635)),
            &[ItemCategory::ColdRoom],
        ), // ~1 km
        card(
            2,
            "Arras bio",
            ActorKind::Farm,
            Some((50.2910, 2.7775)),
            &[ItemCategory::ColdRoom],
        ), // ~42 km
        card(3, "atelier", ActorKind::Company, None, &[ItemCategory::ColdRoom]),
        card(4, "Bocal", ActorKind::Farm, Some((50.64, 3.06)), &[ItemCategory::Tool]),
    ];
    let by_name = filter(cards.clone(), &Search::default(), Some(lille));
    let names: Vec<&str> = by_name.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Arras bio", "atelier", "Bocal", "Zeste"]);
    assert!(by_name[0].distance_km.unwrap() > 40.0 && by_name[0].distance_km.unwrap() < 45.0);
    assert_eq!(by_name[1].distance_km, None);

    let cold = Search {
        shares: Some(ItemCategory::ColdRoom),
        within_km: Some(50),
        ..Search::default()
    };
    let ids: Vec<i64> = filter(cards.clone(), &cold, Some(lille)).iter().map(|c| c.id).collect();
    assert_eq!(ids, [1, 2], "nearest first, the unplaced and the toolshed left out");
    let near = Search {
        within_km: Some(5),
        ..cold.clone()
    };
    assert_eq!(filter(cards.clone(), &near, Some(lille)).len(), 1);
    assert!(
        filter(cards.clone(), &near, None).is_empty(),
        "no origin, nothing is near"
    );
    let farms = Search {
        kind: Some(ActorKind::Farm),
        ..Search::default()
    };
    assert_eq!(filter(cards, &farms, None).len(), 2);
}
