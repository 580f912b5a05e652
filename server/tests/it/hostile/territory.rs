//! The territory's server functions (the public figures, value chains, anti-waste, actors)
//! with who calls them and their fields: FUNCTIONS continued.

use super::{Function, Who};

pub(super) const TERRITORY: &[Function] = &[
    ("public_figures", Who::Anonymous, &[]),
    (
        "value_chains_view",
        Who::Board,
        &[("from", "2026-01-01"), ("to", "2026-06-30")],
    ),
    ("anti_waste_desk", Who::Board, &[("page", "1")]),
    (
        "record_donation_to_association",
        Who::Board,
        &[
            ("cycle_id", "999999"),
            ("variant_id", "1"),
            ("quantity", "1"),
            ("association", "1"),
            ("confirm", "yes"),
        ],
    ),
    (
        "put_lot_on_sale",
        Who::Board,
        &[
            ("cycle_id", "999999"),
            ("variant_id", "1"),
            ("quantity", "1"),
            ("discount", "30"),
            ("sale_until", "2026-12-07T18:00"),
            ("pickup_until", "2026-12-07T20:00"),
            ("pickup_point", "1"),
            ("unsold_to", "0"),
            ("origin", "baskets"),
            ("confirm", "yes"),
        ],
    ),
    ("association_donations", Who::Board, &[("page", "1")]),
    ("confirm_donation", Who::Board, &[("id", "999999"), ("confirm", "yes")]),
    (
        "save_open_data_licence",
        Who::Board,
        &[("licence", "etalab-2.0"), ("value_chains", "on")],
    ),
    (
        "actors_directory",
        Who::Resident,
        &[("kind", "farm"), ("shares", "cold_room"), ("km", "25"), ("page", "1")],
    ),
    ("actor_page", Who::Resident, &[("id", "1")]),
    (
        "write_to_actor",
        Who::Resident,
        &[("id", "1"), ("message", "Bonjour, un message hostile.")],
    ),
    ("my_actor_profile", Who::Resident, &[]),
    (
        "save_actor_profile",
        Who::Resident,
        &[
            ("profile[kind]", "farm"),
            ("profile[name]", "Ferme hostile"),
            ("profile[activity]", "Des tests."),
            ("profile[commune]", "Lille"),
            ("profile[latitude]", "50.63"),
            ("profile[longitude]", "3.06"),
            ("profile[published]", "on"),
        ],
    ),
    (
        "add_actor_item",
        Who::Resident,
        &[
            ("direction", "share"),
            ("category", "tool"),
            ("description", "Une bêche"),
            ("availability", "le lundi"),
        ],
    ),
    (
        "remove_actor_item",
        Who::Resident,
        &[("id", "999999"), ("confirm", "yes")],
    ),
];
