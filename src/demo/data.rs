//! The demo's static content: its farms and their produce, shops, residents and the orders
//! they place.

pub(super) struct Farm {
    pub(super) name: &'static str,
    pub(super) town: &'static str,
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) story: &'static str,
    pub(super) produce: &'static str,
    pub(super) owner: (&'static str, &'static str),
}

pub(super) const FARMS: [Farm; 8] = [
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
pub(super) type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static [DemoVariant],
);
pub(super) type DemoVariant = (&'static str, i64, i64, i64, i32, Option<i64>);

/// The produce of each farm, in the order of `FARMS`.
pub(super) const PRODUCE: [&[DemoProduct]; 8] = [
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

pub(super) struct Shop {
    pub(super) name: &'static str,
    pub(super) address: &'static str,
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) owner: (&'static str, &'static str),
}

pub(super) const SHOPS: [Shop; 3] = [
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

/// A partner association's account: it grants the solidarity price to people it follows.
pub(super) const PARTNER: (&str, &str) = ("association@maillon.test", "Le Relais Solidaire");

pub(super) const RESIDENTS: [(&str, &str); 12] = [
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

/// What a demo resident ordered: (product, variant quantity in its unit, units).
pub(super) type Basket = &'static [(&'static str, i64, i64)];

pub(super) struct DemoOrder {
    pub(super) email: &'static str,
    /// Home delivery address, postcode and its coordinates; `None`: collected at `pickup`.
    pub(super) delivery: Option<(&'static str, &'static str, f64, f64)>,
    /// "hub" or "shop".
    pub(super) pickup: &'static str,
    pub(super) basket: Basket,
}

pub(super) const WEEKLY: Basket = &[
    ("Pommes de terre Charlotte", 2500, 1),
    ("Pommes Reinette de Flandre", 1000, 2),
    ("Jus de pomme", 1000, 2),
    ("Tomme de la Marque", 250, 1),
    ("Carottes des sables", 500, 2),
];
/// A shop buys at trade prices, by whole cases.
pub(super) const SHOP_WEEKLY: Basket = &[
    ("Pain de campagne au levain", 1000, 5),
    ("Lait entier", 1000, 6),
    ("Poireaux", 1000, 5),
];
pub(super) const SMALL: Basket = &[
    ("Jus de pomme", 1000, 1),
    ("Fromage frais", 200, 2),
    ("Pommes Reinette de Flandre", 1000, 1),
];

pub(super) const DEMO_ORDERS: [DemoOrder; 10] = [
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

/// Two residents who bought last-minute carrots.
pub(super) const LOT_ORDERS: [DemoOrder; 2] = [
    DemoOrder {
        email: "ines.moreau@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: &[("Carottes des sables", 500, 3)],
    },
    DemoOrder {
        email: "louis.lambert@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: &[("Carottes des sables", 500, 2), ("Pommes Reinette de Flandre", 1000, 1)],
    },
];

/// Last week's orders, delivered and invoiced: residents at the hub, at the shop and at home,
/// and the partner shop buying at trade prices.
pub(super) const HISTORY_ORDERS: [DemoOrder; 7] = [
    DemoOrder {
        email: "habitant@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "commerce@maillon.test",
        delivery: None,
        pickup: "shop",
        basket: SHOP_WEEKLY,
    },
    DemoOrder {
        email: "hugo.bernard@maillon.test",
        delivery: Some(("14 rue de Gand", "59800", 50.6409, 3.0664)),
        pickup: "",
        basket: WEEKLY,
    },
    DemoOrder {
        email: "emma.caron@maillon.test",
        delivery: None,
        pickup: "shop",
        basket: SMALL,
    },
    DemoOrder {
        email: "ines.moreau@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: SMALL,
    },
    DemoOrder {
        email: "louis.lambert@maillon.test",
        delivery: None,
        pickup: "shop",
        basket: SMALL,
    },
    DemoOrder {
        email: "mehdi.rahmani@maillon.test",
        delivery: None,
        pickup: "hub",
        basket: SMALL,
    },
];
