//! What the hostile tests call: every server function with who calls it and its fields, every
//! page with its parameters, and the hostile values sent to them.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Who {
    Anonymous,
    Resident,
    Shopkeeper,
    Producer,
    Board,
}

/// (server function, who calls it, every field with a value that gets past the other checks).
/// A nested field is written `outer[inner]` as the forms send it; only the outer name is checked
/// against the signature.
pub(super) type Function = (&'static str, Who, &'static [(&'static str, &'static str)]);

pub(super) const FUNCTIONS: &[Function] = &[
    ("whoami", Who::Anonymous, &[]),
    ("showcase", Who::Anonymous, &[]),
    ("set_locale", Who::Anonymous, &[("locale", "fr")]),
    (
        "sign_up",
        Who::Anonymous,
        &[
            ("email", "hostile-new@example.org"),
            ("password", "a long enough passphrase"),
            ("display_name", "Nouvel Habitant"),
        ],
    ),
    ("verify_email", Who::Anonymous, &[("token", "not-a-token")]),
    (
        "sign_in",
        Who::Anonymous,
        &[
            ("email", "nobody@example.org"),
            ("password", "wrong password!"),
            ("next", "/catalogue"),
        ],
    ),
    (
        "request_password_reset",
        Who::Anonymous,
        &[("email", "nobody@example.org")],
    ),
    (
        "reset_password",
        Who::Anonymous,
        &[("token", "not-a-token"), ("password", "a long enough passphrase")],
    ),
    (
        "change_password",
        Who::Resident,
        &[
            ("current_password", "not the password"),
            ("new_password", "a long enough passphrase"),
        ],
    ),
    ("cycle_notifications", Who::Resident, &[]),
    ("set_cycle_notifications", Who::Resident, &[("notify", "on")]),
    ("list_members", Who::Board, &[("query", "a"), ("page", "1")]),
    ("grant_role", Who::Board, &[("user_id", "USER"), ("role", "producer")]),
    ("revoke_role", Who::Board, &[("user_id", "USER"), ("role", "producer")]),
    (
        "catalogue",
        Who::Anonymous,
        &[
            ("query[category]", "Vegetables"),
            ("query[producer_id]", "FARM"),
            ("query[search]", "pate"),
            ("query[label]", "Organic"),
            ("query[page]", "1"),
            ("query[per_page]", "10"),
        ],
    ),
    ("product", Who::Anonymous, &[("id", "PRODUCT")]),
    ("producer", Who::Anonymous, &[("id", "FARM")]),
    ("my_catalogue", Who::Board, &[("producer", "FARM")]),
    ("product_for_edit", Who::Producer, &[("id", "PRODUCT")]),
    (
        "save_product",
        Who::Producer,
        &[
            ("producer", "FARM"),
            ("product_id", "PRODUCT"),
            ("name", "Poireaux"),
            ("description", "Des poireaux."),
            ("category", "legumes"),
            ("unit", "kg"),
            ("labels[0]", "ab"),
            ("active", "on"),
            ("variants[0][id]", "VARIANT"),
            ("variants[0][name]", "Botte"),
            ("variants[0][quantity]", "1000"),
            ("variants[0][retail_price]", "2,40"),
            ("variants[0][pro_price]", "2,00"),
            ("variants[0][case_size]", "10"),
            ("variants[0][vat]", "5,5"),
            ("variants[0][weight_grams]", "1000"),
            ("variants[0][stock_mode]", "finite"),
            ("variants[0][stock]", "40"),
            ("variants[0][cap]", ""),
            ("variants[0][active]", "on"),
        ],
    ),
    (
        "bulk_save",
        Who::Producer,
        &[
            ("producer", "FARM"),
            ("rows[0][variant_id]", "VARIANT"),
            ("rows[0][retail_price]", "2,40"),
            ("rows[0][stock]", "40"),
            ("rows[0][active]", "on"),
        ],
    ),
    (
        "import_preview",
        Who::Producer,
        &[("producer", "FARM"), ("id", "999999")],
    ),
    ("apply_import", Who::Producer, &[("producer", "FARM"), ("id", "999999")]),
    (
        "save_farm_profile",
        Who::Producer,
        &[
            ("profile[farm_name]", "Ferme du Vert Bocage"),
            ("profile[town]", "Wambrechies"),
            ("profile[address]", "12 chemin du Bocage"),
            ("profile[story]", "Une ferme."),
            ("profile[produce]", "Légumes"),
            ("profile[labels][0]", "ab"),
            ("profile[contact_email]", "ferme@example.org"),
            ("profile[phone]", "03 20 00 00 00"),
            ("profile[latitude]", "50.68"),
            ("profile[longitude]", "3.05"),
        ],
    ),
    ("shop_front", Who::Shopkeeper, &[("cycle", "CYCLE")]),
    (
        "add_to_cart",
        Who::Shopkeeper,
        &[
            ("cycle_id", "CYCLE"),
            ("variant_id", "VARIANT"),
            ("quantity", "CASE"),
            ("back", "/catalogue"),
        ],
    ),
    ("cart", Who::Shopkeeper, &[("cycle", "CYCLE")]),
    (
        "update_cart",
        Who::Shopkeeper,
        &[
            ("cycle_id", "CYCLE"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][quantity]", "CASE"),
        ],
    ),
    (
        "checkout",
        Who::Resident,
        &[
            ("cycle_id", "CYCLE"),
            ("attempt", "hostile-attempt-0001"),
            ("slot", "SLOT"),
            ("address", "3 rue de la Paix"),
            ("postcode", "59000"),
            ("phone", "06 12 34 56 78"),
            ("payment", "pickup"),
        ],
    ),
    ("my_orders", Who::Resident, &[("page", "1")]),
    ("order", Who::Resident, &[("id", "ORDER")]),
    (
        "add_to_order",
        Who::Resident,
        &[("id", "ORDER"), ("variant_id", "VARIANT"), ("quantity", "1")],
    ),
    (
        "change_order",
        Who::Resident,
        &[
            ("id", "ORDER"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][quantity]", "1"),
            ("slot", "SLOT"),
        ],
    ),
    ("cancel_order", Who::Resident, &[("id", "999999")]),
    ("order_again", Who::Resident, &[("id", "ORDER")]),
    ("pay_order", Who::Resident, &[("id", "ORDER")]),
    ("list_cycles", Who::Board, &[("page", "1")]),
    (
        "create_cycle",
        Who::Board,
        &[
            ("cycle[name]", "Cycle hostile"),
            ("cycle[opens_at]", "2031-01-05T08:00"),
            ("cycle[closes_at]", "2031-01-07T20:00"),
        ],
    ),
    ("cycle_detail", Who::Board, &[("id", "CYCLE")]),
    ("not_offered", Who::Board, &[("id", "CYCLE")]),
    (
        "offer_new_products",
        Who::Board,
        &[("id", "CYCLE"), ("variants[0]", "VARIANT")],
    ),
    (
        "update_cycle",
        Who::Board,
        &[
            ("id", "999999"),
            ("cycle[name]", "Cycle hostile"),
            ("cycle[opens_at]", "2031-01-05T08:00"),
            ("cycle[closes_at]", "2031-01-07T20:00"),
        ],
    ),
    ("cycle_action", Who::Board, &[("id", "999999"), ("action", "schedule")]),
    ("duplicate_cycle", Who::Board, &[("id", "CYCLE")]),
    (
        "add_producer_offers",
        Who::Board,
        &[("id", "CYCLE"), ("producer_id", "FARM")],
    ),
    (
        "save_offers",
        Who::Board,
        &[
            ("id", "CYCLE"),
            ("rows[0][variant_id]", "VARIANT"),
            ("rows[0][cap]", "100"),
            ("rows[0][retail_price]", "2,40"),
            ("rows[0][pro_price]", "2,00"),
            ("rows[0][remove]", ""),
        ],
    ),
    (
        "add_slot",
        Who::Board,
        &[
            ("id", "CYCLE"),
            ("slot[place]", "POINT"),
            ("slot[date]", "2031-01-09"),
            ("slot[starts]", "17:00"),
            ("slot[ends]", "19:00"),
            ("slot[capacity]", "20"),
        ],
    ),
    ("delete_slot", Who::Board, &[("slot_id", "999999")]),
    ("places", Who::Board, &[]),
    (
        "save_pickup_point",
        Who::Board,
        &[
            ("id", "999999"),
            ("point[name]", "Point hostile"),
            ("point[kind]", "shop"),
            ("point[address]", "1 rue du Test"),
            ("point[instructions]", "Au fond"),
            ("point[latitude]", "50.63"),
            ("point[longitude]", "3.06"),
        ],
    ),
    (
        "save_zone",
        Who::Board,
        &[
            ("id", "999999"),
            ("zone[name]", "Zone hostile"),
            ("zone[postcodes]", "59000, 59800"),
            ("zone[fee]", "3,50"),
            ("zone[minimum]", "20"),
            ("zone[latitude]", "50.63"),
            ("zone[longitude]", "3.06"),
        ],
    ),
    (
        "set_place_active",
        Who::Board,
        &[("place", "point-999999"), ("active", "true")],
    ),
    (
        "desk_orders",
        Who::Board,
        &[("cycle", "CYCLE"), ("q", "Martin"), ("page", "1")],
    ),
    (
        "record_collection",
        Who::Board,
        &[("order_id", "999999"), ("hand_over", "1"), ("paid", "on")],
    ),
    ("cycle_logistics", Who::Board, &[("id", "CYCLE")]),
    (
        "record_reception",
        Who::Board,
        &[
            ("cycle_id", "CYCLE"),
            ("lines[0][variant_id]", "VARIANT"),
            ("lines[0][received]", "3"),
            ("rule", "pro_rata"),
            ("confirm", "on"),
        ],
    ),
    ("complete_reception", Who::Board, &[("cycle_id", "999999")]),
    ("my_purchase_orders", Who::Producer, &[]),
    ("packing_lists", Who::Board, &[("id", "CYCLE")]),
    (
        "mark_basket_ready",
        Who::Board,
        &[("order_id", "999999"), ("ready", "true")],
    ),
    ("list_vehicles", Who::Board, &[]),
    (
        "save_vehicle",
        Who::Board,
        &[
            ("id", "999999"),
            ("vehicle[name]", "Vélo hostile"),
            ("vehicle[kind]", "cargo_bike"),
            ("vehicle[capacity_kg]", "100"),
            ("vehicle[capacity_litres]", "300"),
            ("vehicle[speed_kmh]", "15"),
            ("vehicle[shift_start]", "08:00"),
            ("vehicle[shift_end]", "12:00"),
            ("vehicle[max_trips]", "2"),
        ],
    ),
    (
        "set_vehicle_active",
        Who::Board,
        &[("id", "999999"), ("active", "true")],
    ),
    ("cycle_rounds", Who::Board, &[("id", "CYCLE")]),
    (
        "save_supplier",
        Who::Board,
        &[
            ("cycle_id", "CYCLE"),
            ("producer_id", "FARM"),
            ("mode", "drop_off"),
            ("drop_off_start", "2031-01-08T08:00"),
            ("drop_off_end", "2031-01-08T10:00"),
        ],
    ),
    (
        "plan_rounds",
        Who::Board,
        &[
            ("cycle_id", "CYCLE"),
            ("kind", "delivery"),
            ("day", "2031-01-09"),
            ("vehicles[999999]", "on"),
        ],
    ),
    (
        "move_stop",
        Who::Board,
        &[("stop_id", "999999"), ("round_id", "999999"), ("position", "1")],
    ),
    ("round_manifest", Who::Board, &[("id", "999999")]),
    (
        "place_delivery",
        Who::Board,
        &[("order_id", "999999"), ("latitude", "50.63"), ("longitude", "3.06")],
    ),
    (
        "mark_stop",
        Who::Board,
        &[
            ("stop_id", "999999"),
            ("status", "done"),
            ("note", "Laissé au voisin"),
            ("paid", "on"),
        ],
    ),
    ("get_settings", Who::Board, &[]),
    ("save_settings", Who::Board, &[("commission", "15")]),
    ("my_membership", Who::Resident, &[]),
    (
        "apply_membership",
        Who::Resident,
        &[
            ("category", "resident"),
            ("name", "Hugo Bernard"),
            ("registration", ""),
            ("representative", ""),
            ("address", "1 rue de Lille"),
            ("shares", "1"),
            ("payment", "transfer"),
        ],
    ),
    ("leave_cooperative", Who::Resident, &[("confirm", "")]),
    ("pay_shares", Who::Resident, &[]),
    ("list_assemblies", Who::Resident, &[]),
    ("get_assembly", Who::Resident, &[("id", "1")]),
    ("give_proxy", Who::Resident, &[("assembly", "2"), ("holder", "2")]),
    ("revoke_proxy", Who::Resident, &[("assembly", "2")]),
    (
        "cast_vote",
        Who::Resident,
        &[
            ("assembly", "2"),
            ("member", "1"),
            ("choices[0]", "0"),
            ("choices[1]", "abstain"),
        ],
    ),
    ("list_decisions", Who::Resident, &[]),
    ("member_register", Who::Board, &[("page", "1")]),
    ("print_register", Who::Board, &[]),
    ("approve_member", Who::Board, &[("member", "999999")]),
    (
        "refuse_member",
        Who::Board,
        &[("member", "999999"), ("reason", "Hors du territoire")],
    ),
    (
        "record_share_movement",
        Who::Board,
        &[
            ("number", "1"),
            ("kind", "paid"),
            ("shares", ""),
            ("amount", "20"),
            ("reference", "VIR-1"),
            ("on", "2026-01-02"),
        ],
    ),
    ("get_colleges", Who::Board, &[]),
    ("governance_settings", Who::Board, &[]),
    (
        "save_governance_settings",
        Who::Board,
        &[
            ("share_value", "20"),
            ("notice_days", "15"),
            ("max_proxies", "2"),
            ("ordinary_quorum", "1/4"),
            ("ordinary_majority", "simple"),
            ("extraordinary_quorum", "1/3"),
            ("extraordinary_majority", "two_thirds"),
            ("refund_rule", "Après l'approbation des comptes, à la valeur nominale."),
        ],
    ),
    (
        "define_colleges",
        Who::Board,
        &[
            ("names[0]", "A"),
            ("weights[0]", "100"),
            ("college_of[0]", "0"),
            ("minimum[0]", "1"),
        ],
    ),
    (
        "reweigh_colleges",
        Who::Board,
        &[("decision", "1"), ("ids[0]", "1"), ("weights[0]", "100")],
    ),
    (
        "convene_assembly",
        Who::Board,
        &[
            ("kind", "ordinary"),
            ("title", "AG"),
            ("opens", "2030-01-01T10:00"),
            ("closes", "2030-01-08T10:00"),
            ("titles[0]", "Comptes"),
            ("bodies[0]", "Approuver les comptes."),
            ("options[0]", ""),
        ],
    ),
    ("audit_log", Who::Board, &[("page", "0")]),
    ("sign_out", Who::Anonymous, &[]),
];

/// Every page and plain GET route, with the query parameters it reads (and `__err`/`__path`,
/// which Leptos reads on every page to show a plain form's error). `:id`-like segments are
/// path parameters, filled with the hostile values too.
pub(super) const PAGES: &[(&str, &[&str])] = &[
    ("/", &[]),
    ("/inscription", &[]),
    ("/inscription/envoye", &[]),
    ("/compte/verifier", &["token"]),
    ("/connexion", &["verified", "reset", "suite"]),
    ("/mot-de-passe/oubli", &[]),
    ("/mot-de-passe/envoye", &[]),
    ("/mot-de-passe/nouveau", &["token"]),
    ("/compte", &[]),
    ("/conseil/membres", &["q", "page"]),
    ("/conseil/reglages", &[]),
    (
        "/catalogue",
        &["categorie", "producteur", "q", "label", "page", "par_page"],
    ),
    ("/produits/:id", &[]),
    ("/producteurs/:id", &[]),
    ("/producteur", &["producteur", "photo_erreur", "photo"]),
    ("/producteur/profil", &[]),
    ("/producteur/produits/nouveau", &["producteur"]),
    (
        "/producteur/produits/:id",
        &["producteur", "enregistre", "photo_erreur"],
    ),
    ("/producteur/edition", &["producteur"]),
    ("/producteur/import", &["producteur", "erreur"]),
    ("/producteur/import/:id", &["producteur"]),
    ("/boutique", &["cycle", "ajoute"]),
    ("/panier", &["cycle"]),
    ("/commandes", &["page"]),
    ("/commandes/:id", &["confirmee", "paiement"]),
    ("/hub/cycles", &["page"]),
    ("/hub/cycles/:id", &["copie"]),
    ("/hub/lieux", &[]),
    ("/hub/cycles/:id/bons", &[]),
    ("/hub/cycles/:id/preparation", &["par"]),
    ("/hub/cycles/:id/tournees", &[]),
    ("/hub/tournees/:id", &[]),
    ("/hub/vehicules", &[]),
    ("/producteur/bons", &[]),
    ("/retrait", &["cycle", "q", "page"]),
    ("/photos/{id}/{width}", &[]),
    ("/producteur/export.csv", &["producteur"]),
    ("/hub/cycles/{id}/bons.csv", &[]),
    ("/hub/etiquettes/{id}/qr.svg", &[]),
    ("/cooperative/adhesion", &["paiement"]),
    ("/cooperative/assemblees", &[]),
    ("/cooperative/assemblees/:id", &[]),
    ("/cooperative/assemblees/:id/proces-verbal", &[]),
    ("/cooperative/deliberations", &[]),
    ("/conseil/societaires", &["page"]),
    ("/conseil/societaires/registre", &[]),
    ("/conseil/colleges", &[]),
    ("/conseil/assemblees/nouvelle", &[]),
    ("/conseil/journal", &["page"]),
    ("/conseil/societaires.csv", &[]),
];

/// GET routes of `server/src` that are not pages or data for the tests above.
pub(super) const OTHER_ROUTES: [&str; 2] = ["/healthz", "/api/{*fn_name}"];

pub(super) fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "",
        "0",
        "-1",
        "-9223372036854775808",
        "9223372036854775807",
        "99999999999999999999999",
        "100000000",
        "4294967296",
        "1e308",
        "NaN",
        "abc",
        "\u{0}\u{1b}[2J\r\n\t",
        "=cmd|'/c calc'!A0",
        "%",
        "../../etc/passwd",
        "true",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("é".repeat(3000));
    values
}

/// Fewer values for pages: each is a whole server-side render.
pub(super) fn hostile_page_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "-1",
        "99999999999999999999999",
        "100000000",
        "abc",
        "\u{0}\r\n",
        "%",
        "=1+1",
    ]
    .iter()
    .map(|v| (*v).to_owned())
    .collect();
    values.push("x".repeat(3000));
    values
}

pub(super) const CSV: &str = "produit;categorie;unite;declinaison;quantite;prix;tva;stock_mode;stock;actif\n\
                   Carottes;legumes;kg;;1000;2,40;5,5;fini;30;oui\n";

pub(super) fn small_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(40, 30, image::Rgb([90, 140, 60]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}
