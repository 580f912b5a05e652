//! A believable cooperative to try Maillon with: a hub in Lille, eight farms of the
//! Métropole, two pickup points, three shops, a dozen residents and one account per role.

use sqlx::PgPool;

use crate::accounts::{Role, password};
use crate::catalogue::{self, Stock, VariantFields};
use crate::coop::{Coop, store as coop_store};
use crate::error::ServiceError;
use crate::error::ServiceResult;

/// Every demo account uses this password (they live on `.test` addresses, which never route).
pub const PASSWORD: &str = "maillon-demo-2026";

/// The accounts printed at start, one per role.
pub const ROLE_ACCOUNTS: [(Role, &str); 5] = [
    (Role::Board, "conseil@maillon.test"),
    (Role::HubStaff, "hub@maillon.test"),
    (Role::Producer, "producteur@maillon.test"),
    (Role::Shopkeeper, "commerce@maillon.test"),
    (Role::Resident, "habitant@maillon.test"),
];

struct Farm {
    name: &'static str,
    town: &'static str,
    lat: f64,
    lon: f64,
    story: &'static str,
    produce: &'static str,
    owner: (&'static str, &'static str),
}

const FARMS: [Farm; 8] = [
    Farm {
        name: "Ferme du Vert Bocage",
        town: "Wambrechies",
        lat: 50.6868,
        lon: 3.0498,
        story: "Julien et Anaïs cultivent 4 hectares de légumes en agriculture biologique au bord de la Deûle, en traction animale sur les planches les plus fragiles.",
        produce: "Poireaux, carottes, endives de pleine terre, pommes de terre, courges",
        owner: ("producteur@maillon.test", "Julien Lefebvre"),
    },
    Farm {
        name: "Les Vergers de la Pévèle",
        town: "Templeuve-en-Pévèle",
        lat: 50.5290,
        lon: 3.1760,
        story: "Trois générations de pomiculteurs ; les vieilles variétés du Nord (Reinette de Flandre, Jacques Lebel) sont pressées sur place.",
        produce: "Pommes, poires, jus de pomme, cidre fermier",
        owner: ("vergers@maillon.test", "Marc Vandewalle"),
    },
    Farm {
        name: "Fromagerie de la Marque",
        town: "Bouvines",
        lat: 50.5790,
        lon: 3.1880,
        story: "Une petite fromagerie fermière qui transforme chaque matin le lait cru de ses 30 vaches flamandes.",
        produce: "Tommes, fromage frais, faisselle, beurre cru",
        owner: ("fromagerie@maillon.test", "Hélène Dupont"),
    },
    Farm {
        name: "Ferme Delobel",
        town: "Ennevelin",
        lat: 50.5410,
        lon: 3.1310,
        story: "Élevage laitier en pâturage tournant ; yaourts et crèmes dessert fabriqués à la ferme, sans arôme ajouté.",
        produce: "Lait entier, yaourts, crème fraîche, riz au lait",
        owner: ("delobel@maillon.test", "Thomas Delobel"),
    },
    Farm {
        name: "Le Fournil de Wazemmes",
        town: "Lille",
        lat: 50.6260,
        lon: 3.0490,
        story: "Boulangerie au levain naturel, farines de blés anciens moulues à la meule par un moulin de Flandre.",
        produce: "Pain de campagne, pain aux graines, brioche, pain d'épices",
        owner: ("fournil@maillon.test", "Yasmine Haddad"),
    },
    Farm {
        name: "Les Poules de Fretin",
        town: "Fretin",
        lat: 50.5600,
        lon: 3.1330,
        story: "800 poules pondeuses en plein air sur prairie arborée, nourries de céréales cultivées sur la ferme.",
        produce: "Œufs plein air et bio, poules à bouillir",
        owner: ("poules@maillon.test", "Bernard Leroy"),
    },
    Farm {
        name: "Ferme des Weppes",
        town: "Fromelles",
        lat: 50.6060,
        lon: 2.8530,
        story: "Élevage de Rouges flamandes nourries à l'herbe ; découpe à la ferme et colis sur commande.",
        produce: "Colis de bœuf, steaks hachés, saucisses, terrines",
        owner: ("weppes@maillon.test", "Camille Deconinck"),
    },
    Farm {
        name: "Brasserie du Houblon Vert",
        town: "Bondues",
        lat: 50.7020,
        lon: 3.0950,
        story: "Brasserie paysanne qui cultive son houblon et brasse avec l'orge des voisins.",
        produce: "Bières blonde et ambrée, limonade artisanale",
        owner: ("brasserie@maillon.test", "Nicolas Wattel"),
    },
];

/// (name, category, unit, labels, description, variants: (name, quantity, retail, pro, case size, stock; None = on demand))
type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static [DemoVariant],
);
type DemoVariant = (&'static str, i64, i64, i64, i32, Option<i64>);

/// The produce of each farm, in the order of `FARMS`.
const PRODUCE: [&[DemoProduct]; 8] = [
    &[
        (
            "Poireaux",
            "legumes",
            "kg",
            &["ab"],
            "Poireaux d'hiver, fûts longs et blancs, récoltés la veille.",
            &[("", 1000, 320, 260, 5, Some(40))],
        ),
        (
            "Carottes des sables",
            "legumes",
            "kg",
            &["ab"],
            "Carottes sucrées cultivées en terre sableuse.",
            &[("", 500, 150, 120, 10, Some(60)), ("", 1000, 280, 230, 10, Some(30))],
        ),
        (
            "Endives de pleine terre",
            "legumes",
            "kg",
            &["ab"],
            "Chicons forcés en terre, à l'ancienne : moins amers, plus croquants.",
            &[("", 500, 350, 290, 6, Some(4))],
        ),
        (
            "Pommes de terre Charlotte",
            "legumes",
            "kg",
            &["ab"],
            "Chair ferme, idéale vapeur et salade.",
            &[("", 2500, 550, 450, 4, Some(25))],
        ),
        (
            "Potimarron",
            "legumes",
            "piece",
            &["ab"],
            "Environ 1,2 kg, se garde tout l'hiver.",
            &[("", 1, 290, 240, 8, Some(18))],
        ),
    ],
    &[
        (
            "Pommes Reinette de Flandre",
            "fruits",
            "kg",
            &["hve"],
            "Variété ancienne du Nord, acidulée, parfaite en tarte.",
            &[
                ("", 1000, 290, 230, 10, Some(50)),
                ("Cagette", 6000, 1500, 1250, 1, Some(8)),
            ],
        ),
        (
            "Poires Conférence",
            "fruits",
            "kg",
            &["hve"],
            "Fondantes et juteuses.",
            &[("", 1000, 340, 280, 10, Some(20))],
        ),
        (
            "Jus de pomme",
            "boissons",
            "l",
            &["hve"],
            "Pur jus pressé à la ferme, non filtré.",
            &[
                ("Bouteille", 1000, 320, 260, 6, Some(48)),
                ("Bag-in-box", 5000, 1350, 1100, 1, Some(6)),
            ],
        ),
        (
            "Cidre fermier brut",
            "boissons",
            "ml",
            &[],
            "Cidre brut de Pévèle, 5 % vol.",
            &[("", 750, 490, 400, 6, Some(24))],
        ),
    ],
    &[
        (
            "Tomme de la Marque",
            "produits-laitiers",
            "g",
            &[],
            "Tomme au lait cru affinée 3 mois.",
            &[("", 250, 590, 480, 8, Some(16)), ("", 500, 1150, 950, 4, Some(6))],
        ),
        (
            "Fromage frais",
            "produits-laitiers",
            "g",
            &[],
            "Au lait cru, nature, à consommer dans la semaine.",
            &[("", 200, 290, 240, 12, Some(20))],
        ),
        (
            "Faisselle",
            "produits-laitiers",
            "g",
            &[],
            "Égouttée à la louche.",
            &[("", 500, 380, 310, 6, Some(3))],
        ),
        (
            "Beurre cru",
            "produits-laitiers",
            "g",
            &[],
            "Beurre de baratte demi-sel.",
            &[("", 250, 450, 370, 10, Some(15))],
        ),
    ],
    &[
        (
            "Lait entier",
            "produits-laitiers",
            "l",
            &["bienvenue-ferme"],
            "Lait cru entier, traite du matin.",
            &[("", 1000, 140, 110, 6, Some(40))],
        ),
        (
            "Yaourts nature",
            "produits-laitiers",
            "piece",
            &["bienvenue-ferme"],
            "Pots en verre consignés.",
            &[("Lot de 4", 4, 380, 310, 6, Some(30))],
        ),
        (
            "Crème fraîche épaisse",
            "produits-laitiers",
            "ml",
            &["bienvenue-ferme"],
            "",
            &[("", 250, 320, 260, 6, Some(12))],
        ),
        (
            "Riz au lait",
            "produits-laitiers",
            "piece",
            &["bienvenue-ferme"],
            "Cuit doucement au lait de la ferme, vanille Bourbon.",
            &[("Lot de 2", 2, 420, 340, 6, Some(2))],
        ),
    ],
    &[
        (
            "Pain de campagne au levain",
            "pain",
            "g",
            &["ab"],
            "Farine de blés anciens, cuit au feu de bois.",
            &[("", 500, 380, 320, 10, None), ("", 1000, 720, 600, 5, None)],
        ),
        (
            "Pain aux graines",
            "pain",
            "g",
            &["ab"],
            "Lin, tournesol, courge.",
            &[("", 500, 450, 380, 10, None)],
        ),
        (
            "Brioche tressée",
            "pain",
            "g",
            &[],
            "Au beurre cru de la Fromagerie de la Marque.",
            &[("", 400, 690, 580, 6, Some(10))],
        ),
        (
            "Pain d'épices",
            "epicerie",
            "g",
            &["ab"],
            "Au miel de Flandre, recette de grand-mère.",
            &[("", 350, 650, 540, 8, Some(14))],
        ),
    ],
    &[
        (
            "Œufs plein air",
            "oeufs",
            "piece",
            &["ab"],
            "Calibre moyen, pondus sur la ferme.",
            &[
                ("Boîte de 6", 6, 330, 270, 10, Some(60)),
                ("Plateau de 30", 30, 1450, 1200, 1, Some(10)),
            ],
        ),
        (
            "Poule à bouillir",
            "viande",
            "piece",
            &[],
            "Prête à cuire, environ 1,8 kg.",
            &[("", 1, 1200, 1000, 1, Some(5))],
        ),
    ],
    &[
        (
            "Colis de bœuf Rouge flamande",
            "viande",
            "kg",
            &["label-rouge"],
            "Assortiment à griller et à mijoter, sous vide.",
            &[("Colis 5 kg", 5000, 8900, 7800, 1, Some(6))],
        ),
        (
            "Steaks hachés",
            "viande",
            "piece",
            &["label-rouge"],
            "15 % de matière grasse, 125 g pièce.",
            &[("Lot de 4", 4, 980, 840, 6, Some(20))],
        ),
        (
            "Saucisses de bœuf",
            "viande",
            "g",
            &[],
            "",
            &[("", 500, 890, 760, 6, Some(12))],
        ),
        (
            "Terrine de campagne",
            "epicerie",
            "g",
            &[],
            "Pâté de campagne en bocal, recette de la ferme.",
            &[("Bocal", 180, 590, 480, 6, Some(18))],
        ),
    ],
    &[
        (
            "Bière blonde",
            "boissons",
            "ml",
            &["ab"],
            "Houblon de la ferme, 5,5 % vol.",
            &[("", 330, 290, 230, 24, Some(96)), ("", 750, 550, 450, 12, Some(24))],
        ),
        (
            "Bière ambrée",
            "boissons",
            "ml",
            &["ab"],
            "Notes de caramel, 6 % vol.",
            &[("", 330, 310, 250, 24, Some(48))],
        ),
        (
            "Limonade artisanale",
            "boissons",
            "ml",
            &["ab"],
            "Citron et sucre de betterave du Nord.",
            &[("", 330, 250, 200, 24, Some(72))],
        ),
    ],
];

struct Shop {
    name: &'static str,
    address: &'static str,
    lat: f64,
    lon: f64,
    owner: (&'static str, &'static str),
}

const SHOPS: [Shop; 3] = [
    Shop {
        name: "Épicerie Le Panier de Wazemmes",
        address: "38 rue des Sarrazins, 59000 Lille",
        lat: 50.6255,
        lon: 3.0520,
        owner: ("commerce@maillon.test", "Sophie Marchand"),
    },
    Shop {
        name: "Café-épicerie La Consigne",
        address: "5 rue de la Monnaie, 59800 Lille",
        lat: 50.6410,
        lon: 3.0640,
        owner: ("laconsigne@maillon.test", "Antoine Petit"),
    },
    Shop {
        name: "Boulangerie-épicerie Saint-Maurice",
        address: "120 rue du Faubourg de Roubaix, 59800 Lille",
        lat: 50.6380,
        lon: 3.0860,
        owner: ("saintmaurice@maillon.test", "Nadia Bouzid"),
    },
];

const RESIDENTS: [(&str, &str); 12] = [
    ("habitant@maillon.test", "Léa Martin"),
    ("hugo.bernard@maillon.test", "Hugo Bernard"),
    ("ines.moreau@maillon.test", "Inès Moreau"),
    ("louis.lambert@maillon.test", "Louis Lambert"),
    ("chloe.fontaine@maillon.test", "Chloé Fontaine"),
    ("mehdi.rahmani@maillon.test", "Mehdi Rahmani"),
    ("emma.caron@maillon.test", "Emma Caron"),
    ("paul.roussel@maillon.test", "Paul Roussel"),
    ("zoe.lemaire@maillon.test", "Zoé Lemaire"),
    ("amadou.diallo@maillon.test", "Amadou Diallo"),
    ("manon.girard@maillon.test", "Manon Girard"),
    ("jules.denis@maillon.test", "Jules Denis"),
];

async fn account(
    pool: &PgPool,
    coop: &Coop,
    hash: &str,
    email: &str,
    name: &str,
    roles: &[Role],
) -> ServiceResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, display_name, email_verified_at) VALUES ($1, $2, $3, now())
         ON CONFLICT ((lower(email))) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id",
    )
    .bind(email)
    .bind(hash)
    .bind(name)
    .fetch_one(pool)
    .await?;
    let mut conn = pool.acquire().await?;
    coop_store::join(&mut conn, coop.id, id, roles, None).await?;
    Ok(id)
}

async fn seed_produce(pool: &PgPool, coop: &Coop, producer_id: i64, produce: &[DemoProduct]) -> ServiceResult<()> {
    for (name, category, unit, labels, description, variants) in produce {
        let fields = catalogue::parse_product(
            name,
            description,
            category,
            unit,
            &labels.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
            true,
        )
        .map_err(|e| ServiceError::Internal(format!("demo product {name}: {e:?}")))?;
        let unit = fields.unit;
        let variants: Vec<(Option<i64>, VariantFields)> = variants
            .iter()
            .map(|(vname, quantity, retail, pro, case_size, stock)| {
                let vat_bp = if *category == "boissons" && name.starts_with("Bi") || name.starts_with("Cidre") {
                    2000
                } else {
                    550
                };
                let stock = match stock {
                    Some(n) => Stock::Finite(*n),
                    None => Stock::OnDemand { cap: Some(40) },
                };
                let weight = match unit.measure() {
                    catalogue::Measure::Count => 150 * *quantity as i32,
                    _ => (*quantity as i32) + 50,
                };
                let fields = VariantFields {
                    name: vname.to_string(),
                    quantity: *quantity,
                    retail_price_cents: *retail,
                    pro_price_cents: *pro,
                    case_size: *case_size,
                    vat_bp,
                    weight_grams: weight,
                    stock,
                    active: true,
                };
                (None, fields)
            })
            .collect();
        catalogue::store::save_product(pool, coop.id, producer_id, None, &fields, &variants).await?;
    }
    Ok(())
}

/// Seeds the demo cooperative unless it is there already; returns whether it seeded.
/// On a database without any cooperative the demo becomes the default one.
pub async fn seed(pool: &PgPool) -> ServiceResult<bool> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM coops WHERE slug = 'lille')")
        .fetch_one(pool)
        .await?;
    if exists {
        return Ok(false);
    }
    let (id, name): (i64, String) = sqlx::query_as(
        "INSERT INTO coops (slug, name, is_demo, is_default)
         VALUES ('lille', 'Maillon Lille Métropole', true, NOT EXISTS (SELECT 1 FROM coops WHERE is_default))
         RETURNING id, name",
    )
    .fetch_one(pool)
    .await?;
    let coop = Coop {
        id,
        slug: "lille".into(),
        name,
        timezone: "Europe/Paris".into(),
    };
    let hash = password::hash(PASSWORD.to_owned()).await?;

    account(
        pool,
        &coop,
        &hash,
        "conseil@maillon.test",
        "Claire Dubois",
        &[Role::Board, Role::Resident],
    )
    .await?;
    account(
        pool,
        &coop,
        &hash,
        "hub@maillon.test",
        "Karim Benali",
        &[Role::HubStaff],
    )
    .await?;
    for (farm, produce) in FARMS.iter().zip(PRODUCE) {
        let user_id = account(pool, &coop, &hash, farm.owner.0, farm.owner.1, &[Role::Producer]).await?;
        let producer_id: i64 = sqlx::query_scalar(
            "INSERT INTO producers (coop_id, user_id, farm_name, town, story, produce, latitude, longitude)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(coop.id)
        .bind(user_id)
        .bind(farm.name)
        .bind(farm.town)
        .bind(farm.story)
        .bind(farm.produce)
        .bind(farm.lat)
        .bind(farm.lon)
        .fetch_one(pool)
        .await?;
        seed_produce(pool, &coop, producer_id, produce).await?;
    }
    for shop in &SHOPS {
        let user_id = account(pool, &coop, &hash, shop.owner.0, shop.owner.1, &[Role::Shopkeeper]).await?;
        sqlx::query(
            "INSERT INTO shops (coop_id, user_id, name, address, latitude, longitude) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(coop.id)
        .bind(user_id)
        .bind(shop.name)
        .bind(shop.address)
        .bind(shop.lat)
        .bind(shop.lon)
        .execute(pool)
        .await?;
    }
    for (email, name) in RESIDENTS {
        account(pool, &coop, &hash, email, name, &[Role::Resident]).await?;
    }

    sqlx::query(
        "INSERT INTO hubs (coop_id, name, address, latitude, longitude)
         VALUES ($1, 'Hub Maillon Fives', '12 rue Pierre Legrand, 59800 Lille', 50.6297, 3.0871)",
    )
    .bind(coop.id)
    .execute(pool)
    .await?;
    sqlx::query(
        "INSERT INTO pickup_points (coop_id, name, kind, address, instructions, latitude, longitude) VALUES
         ($1, 'Hub Maillon Fives', 'hub', '12 rue Pierre Legrand, 59800 Lille',
          'Entrée par la cour, sonnette « Maillon ». Le vendredi de 16 h à 19 h.', 50.6297, 3.0871),
         ($1, 'Épicerie Le Panier de Wazemmes', 'shop', '38 rue des Sarrazins, 59000 Lille',
          'Demandez votre panier au comptoir, aux heures d''ouverture de l''épicerie.', 50.6255, 3.0520)",
    )
    .bind(coop.id)
    .execute(pool)
    .await?;
    seed_cycle(pool, coop.id).await?;
    // The hub's fleet: two cargo bikes for the town, an electric van for the farms.
    sqlx::query(
        "INSERT INTO vehicles (coop_id, name, kind, capacity_kg, capacity_litres, speed_kmh, shift_start, shift_end, max_trips)
         VALUES ($1, 'Vélo-cargo 1', 'cargo_bike', 120, 400, 15, '08:00', '20:30', 3),
                ($1, 'Vélo-cargo 2', 'cargo_bike', 120, 400, 15, '08:00', '20:30', 3),
                ($1, 'Kangoo électrique', 'electric_van', 500, 3300, 30, '07:00', '19:00', 2)",
    )
    .bind(coop.id)
    .execute(pool)
    .await?;
    Ok(true)
}

/// What a demo resident ordered: (product, variant quantity in its unit, units).
type Basket = &'static [(&'static str, i64, i64)];

struct DemoOrder {
    email: &'static str,
    /// Home delivery address, postcode and its coordinates; `None`: collected at `pickup`.
    delivery: Option<(&'static str, &'static str, f64, f64)>,
    /// "hub" or "shop".
    pickup: &'static str,
    basket: Basket,
}

const WEEKLY: Basket = &[
    ("Pommes de terre Charlotte", 2500, 1),
    ("Pommes Reinette de Flandre", 1000, 2),
    ("Jus de pomme", 1000, 2),
    ("Tomme de la Marque", 250, 1),
    ("Carottes des sables", 500, 2),
];
const SMALL: Basket = &[
    ("Jus de pomme", 1000, 1),
    ("Fromage frais", 200, 2),
    ("Pommes Reinette de Flandre", 1000, 1),
];

const DEMO_ORDERS: [DemoOrder; 10] = [
    DemoOrder {
        email: "hugo.bernard@maillon.test",
        delivery: Some(("14 rue de Gand", "59800", 50.6409, 3.0664)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "ines.moreau@maillon.test",
        delivery: Some(("22 rue Solférino", "59000", 50.6318, 3.0552)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "louis.lambert@maillon.test",
        delivery: Some(("7 place du Concert", "59800", 50.6437, 3.0607)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "chloe.fontaine@maillon.test",
        delivery: Some(("31 rue Gambetta", "59000", 50.6281, 3.0553)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "mehdi.rahmani@maillon.test",
        delivery: Some(("98 rue Pierre Legrand", "59800", 50.6306, 3.0810)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "manon.girard@maillon.test",
        delivery: Some(("40 boulevard de la Liberté", "59000", 50.6344, 3.0581)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "paul.roussel@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: SMALL,
    },
    DemoOrder {
        email: "zoe.lemaire@maillon.test",
        delivery: None,
        pickup: "shop",
        basket: SMALL,
    },
    DemoOrder {
        email: "amadou.diallo@maillon.test",
        delivery: None,
        pickup: "shop",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "jules.denis@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: SMALL,
    },
];

/// Orders from the demo's residents in the open cycle, placed through the shop's own cart and
/// checkout (stock, slots and confirmation emails as for anyone), paid at pickup; home
/// deliveries carry their address's coordinates as a geocoder would have found them. Closing
/// the demo cycle then gives the hub purchase orders, baskets and rounds to work on.
pub async fn seed_orders(pool: &PgPool, base_url: &str) -> ServiceResult<()> {
    use crate::orders::store::{CartOwner, CheckoutChoice, add_to_cart, checkout};
    use crate::orders::{PaymentMethod, Pricing};
    let coop: Option<(i64, String)> = sqlx::query_as("SELECT id, name FROM coops WHERE slug = 'lille'")
        .fetch_optional(pool)
        .await?;
    let Some((coop_id, name)) = coop else {
        return Ok(());
    };
    let coop = Coop {
        id: coop_id,
        slug: "lille".into(),
        name,
        timezone: "Europe/Paris".into(),
    };
    let cycle: Option<i64> =
        sqlx::query_scalar("SELECT id FROM order_cycles WHERE coop_id = $1 AND status = 'open' ORDER BY id LIMIT 1")
            .bind(coop_id)
            .fetch_optional(pool)
            .await?;
    let Some(cycle) = cycle else {
        return Ok(());
    };
    let now = chrono::Utc::now();
    for (n, order) in DEMO_ORDERS.iter().enumerate() {
        let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(order.email)
            .fetch_one(pool)
            .await?;
        let user = crate::accounts::store::current_user(pool, coop_id, user_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        for (product, quantity, units) in order.basket {
            let variant: i64 = sqlx::query_scalar(
                "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE p.coop_id = $1 AND p.name = $2 AND v.quantity = $3",
            )
            .bind(coop_id)
            .bind(product)
            .bind(quantity)
            .fetch_one(pool)
            .await?;
            add_to_cart(
                pool,
                coop_id,
                cycle,
                &CartOwner::User(user_id),
                Pricing::Retail,
                variant,
                *units,
                now,
            )
            .await?;
        }
        let slot: i64 = sqlx::query_scalar(
            "SELECT s.id FROM slots s LEFT JOIN pickup_points pp ON pp.id = s.pickup_point_id
             WHERE s.cycle_id = $1 AND CASE WHEN $2 THEN s.zone_id IS NOT NULL ELSE pp.kind = $3 END
             ORDER BY s.starts_at LIMIT 1",
        )
        .bind(cycle)
        .bind(order.delivery.is_some())
        .bind(order.pickup)
        .fetch_one(pool)
        .await?;
        let (address, postcode) = order.delivery.map_or(("", ""), |d| (d.0, d.1));
        let choice = CheckoutChoice {
            slot_id: Some(slot),
            address: address.into(),
            postcode: postcode.into(),
            phone: if address.is_empty() {
                String::new()
            } else {
                format!("06 12 34 {:02} {:02}", n % 100, (n * 7) % 100)
            },
            payment: Some(PaymentMethod::Pickup),
            attempt_key: format!("demo-order-{n:04}"),
        };
        let placed = checkout(
            pool,
            &coop,
            base_url,
            &user,
            cycle,
            &choice,
            false,
            chrono::Duration::minutes(40),
            now,
        )
        .await?;
        if let Some((_, _, lat, lon)) = order.delivery {
            sqlx::query(
                "UPDATE orders SET delivery_latitude = $2, delivery_longitude = $3, delivery_located = 'address' WHERE id = $1",
            )
            .bind(placed.order_id)
            .bind(lat)
            .bind(lon)
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

/// An open order cycle to try the shop with: the week's whole catalogue, pickup at the hub
/// and at the partner shop the day after closing, home delivery in central Lille.
async fn seed_cycle(pool: &PgPool, coop_id: i64) -> ServiceResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE pickup_points pp SET shop_id = s.id FROM shops s
         WHERE pp.coop_id = $1 AND s.coop_id = $1 AND pp.kind = 'shop' AND s.name = pp.name",
    )
    .bind(coop_id)
    .execute(&mut *tx)
    .await?;
    let zone: i64 = sqlx::query_scalar(
        "INSERT INTO delivery_zones (coop_id, name, postcodes, fee_cents, minimum_cents, latitude, longitude)
         VALUES ($1, 'Lille centre', '{59000,59800,59160,59260}', 400, 2500, 50.6330, 3.0630) RETURNING id",
    )
    .bind(coop_id)
    .fetch_one(&mut *tx)
    .await?;
    // Closes in six days at 20:00 Paris time; baskets the next day.
    let cycle: i64 = sqlx::query_scalar(
        "INSERT INTO order_cycles (coop_id, name, opens_at, closes_at, status, scheduled, opened_at)
         SELECT $1, 'Semaine du ' || to_char(now() AT TIME ZONE 'Europe/Paris', 'DD/MM'), now() - interval '1 hour',
                ((date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '6 days 20 hours') AT TIME ZONE 'Europe/Paris'),
                'open', true, now()
         RETURNING id",
    )
    .bind(coop_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO cycle_offers (cycle_id, variant_id, coop_id)
         SELECT $1, v.id, $2 FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.coop_id = $2 AND p.listed AND v.active",
    )
    .bind(cycle)
    .bind(coop_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO slots (coop_id, cycle_id, pickup_point_id, zone_id, starts_at, ends_at, capacity)
         SELECT $1, $2, pp.id, NULL::bigint, c.closes_at + interval '20 hours', c.closes_at + interval '23 hours', 60
           FROM pickup_points pp, order_cycles c WHERE pp.coop_id = $1 AND pp.kind = 'hub' AND c.id = $2
         UNION ALL
         SELECT $1, $2, pp.id, NULL::bigint, c.closes_at + interval '14 hours', c.closes_at + interval '23 hours', 30
           FROM pickup_points pp, order_cycles c WHERE pp.coop_id = $1 AND pp.kind = 'shop' AND c.id = $2
         UNION ALL
         SELECT $1, $2, NULL::bigint, $3, c.closes_at + interval '21 hours', c.closes_at + interval '24 hours', 15
           FROM order_cycles c WHERE c.id = $2",
    )
    .bind(coop_id)
    .bind(cycle)
    .bind(zone)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives each product of the demo cooperative without a photo a picture drawn for it
/// (`demo_art`), processed like an upload. Run by `make run` and `maillon seed-demo`, not by
/// the tests' demo, which does not need them. Returns how many were added.
pub async fn seed_photos(pool: &PgPool) -> ServiceResult<usize> {
    let products: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.coop_id, p.name, p.category FROM products p JOIN coops c ON c.id = p.coop_id
         WHERE c.is_demo AND NOT EXISTS (SELECT 1 FROM photos f WHERE f.product_id = p.id)
         ORDER BY p.id",
    )
    .fetch_all(pool)
    .await?;
    for (id, coop_id, name, category) in &products {
        let category = catalogue::Category::parse(category).unwrap_or(catalogue::Category::Grocery);
        let picture = crate::demo_art::picture(name, category);
        let renditions = catalogue::photo::process_in_turn(picture)
            .await
            .map_err(|e| ServiceError::Internal(format!("demo photo of {name}: {e:?}")))?;
        catalogue::store::add_photo(pool, *coop_id, catalogue::store::PhotoOwner::Product(*id), &renditions).await?;
    }
    Ok(products.len())
}
