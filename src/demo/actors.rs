//! The demo's actors directory: farms, shops, associations, a local authority and a company of
//! the Métropole, each with what it can share and what it needs, written through the
//! directory's own services.

use crate::accounts::Role;
use crate::actors::{ProfileFields, parse_item, store};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::geo::Point;

/// An actor: its account (email, the person's name: created when new), kind, name, commune,
/// point, what it does, and its items (direction, category, description, availability).
struct DemoActor {
    account: (&'static str, &'static str),
    kind: &'static str,
    name: &'static str,
    commune: &'static str,
    at: (f64, f64),
    activity: &'static str,
    items: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const ACTORS: [DemoActor; 12] = [
    DemoActor {
        account: ("producteur@maillon.test", "Julien Lefebvre"),
        kind: "farm",
        name: "Ferme du Vert Bocage",
        commune: "Wambrechies",
        at: (50.6868, 3.0498),
        activity: "Maraîchage bio sur 4 hectares : légumes de saison, œufs et petits fruits.",
        items: &[
            (
                "share",
                "cold_room",
                "Chambre froide de 8 m³, deux étagères libres",
                "le lundi et le jeudi",
            ),
            (
                "need",
                "vehicle",
                "Un utilitaire frigorifique pour les marchés du samedi",
                "",
            ),
        ],
    },
    DemoActor {
        account: ("vergers@maillon.test", "Marc Vandewalle"),
        kind: "farm",
        name: "Les Vergers de la Pévèle",
        commune: "Templeuve-en-Pévèle",
        at: (50.5290, 3.1760),
        activity: "Pommes, poires et jus pressés à la ferme.",
        items: &[
            (
                "share",
                "tool",
                "Pressoir à pommes et pasteurisateur",
                "en octobre et novembre",
            ),
            ("need", "skill", "Un coup de main pour la taille", "en février"),
        ],
    },
    DemoActor {
        account: ("fromagerie@maillon.test", "Hélène Dupont"),
        kind: "farm",
        name: "Fromagerie de la Marque",
        commune: "Bouvines",
        at: (50.5790, 3.1880),
        activity: "Fromages fermiers au lait cru de nos vaches.",
        items: &[
            (
                "share",
                "cold_room",
                "Cave d'affinage, place pour 200 fromages",
                "toute l'année",
            ),
            ("need", "space", "Un point de vente en ville", ""),
        ],
    },
    DemoActor {
        account: ("delobel@maillon.test", "Thomas Delobel"),
        kind: "farm",
        name: "Ferme Delobel",
        commune: "Ennevelin",
        at: (50.5410, 3.1310),
        activity: "Pommes de terre, endives et céréales.",
        items: &[
            ("share", "vehicle", "Tracteur avec remorque", "hors saison des récoltes"),
            ("need", "other", "Un apprenti maraîcher", "dès le printemps"),
        ],
    },
    DemoActor {
        account: ("fournil@maillon.test", "Yasmine Haddad"),
        kind: "shop",
        name: "Le Fournil de Wazemmes",
        commune: "Lille",
        at: (50.6260, 3.0490),
        activity: "Pains au levain de farines locales, cuits au four à bois.",
        items: &[
            ("share", "space", "Le four à bois, pour vos cuissons", "le dimanche"),
            ("need", "tool", "Un pétrin d'occasion", ""),
        ],
    },
    DemoActor {
        account: ("commerce@maillon.test", "Sophie Marchand"),
        kind: "shop",
        name: "Épicerie Le Panier de Wazemmes",
        commune: "Lille",
        at: (50.6255, 3.0520),
        activity: "Épicerie de quartier et point de retrait Maillon.",
        items: &[
            (
                "share",
                "space",
                "Une vitrine pour les produits de saison",
                "aux heures d'ouverture",
            ),
            ("need", "vehicle", "Des livraisons groupées avec d'autres commerces", ""),
        ],
    },
    DemoActor {
        account: ("laconsigne@maillon.test", "Antoine Petit"),
        kind: "shop",
        name: "Café-épicerie La Consigne",
        commune: "Lille",
        at: (50.6410, 3.0640),
        activity: "Vrac, consigne et café associatif.",
        items: &[
            ("share", "tool", "Une laveuse de bocaux", "le mercredi"),
            ("share", "skill", "Ateliers zéro déchet", "un samedi par mois"),
        ],
    },
    DemoActor {
        account: ("association@maillon.test", "Le Relais Solidaire"),
        kind: "association",
        name: "Le Relais Solidaire",
        commune: "Lille",
        at: (50.6190, 3.0700),
        activity: "Aide alimentaire et épicerie solidaire à Moulins.",
        items: &[
            (
                "share",
                "cold_room",
                "Chambre froide de 20 m³",
                "du lundi au vendredi, 9 h – 17 h",
            ),
            ("need", "vehicle", "Un véhicule pour la collecte du samedi", ""),
            ("need", "skill", "Des bénévoles pour le tri", "le samedi matin"),
        ],
    },
    DemoActor {
        account: (super::LOCAL_AUTHORITY, "Nadia Cherif"),
        kind: "local_authority",
        name: "Ville de Lille — Mission agriculture urbaine",
        commune: "Lille",
        at: (50.6366, 3.0635),
        activity: "Le projet alimentaire territorial : jardins partagés, cantines, installation de maraîchers.",
        items: &[
            ("share", "space", "Parcelles de jardins partagés", "sur demande"),
            ("share", "skill", "Accompagnement des projets alimentaires", ""),
        ],
    },
    DemoActor {
        account: ("velo@maillon.test", "Rémi Vasseur"),
        kind: "association",
        name: "Vélo Solidaire Fives",
        commune: "Lille",
        at: (50.6290, 3.0890),
        activity: "Atelier vélo participatif et livraisons à vélo-cargo.",
        items: &[
            ("share", "vehicle", "Vélo-cargo avec remorque", "le week-end"),
            ("share", "skill", "Atelier de réparation", "le jeudi soir"),
        ],
    },
    DemoActor {
        account: ("logistique@maillon.test", "Olivier Masson"),
        kind: "company",
        name: "Logistique Verte",
        commune: "Lomme",
        at: (50.6440, 2.9870),
        activity: "Transport frigorifique au gaz naturel dans la Métropole.",
        items: &[
            ("share", "vehicle", "Camion frigorifique de 12 m³", "le mardi"),
            ("need", "space", "Un entrepôt de transit", ""),
        ],
    },
    DemoActor {
        account: ("brasserie@maillon.test", "Nicolas Wattel"),
        kind: "company",
        name: "Brasserie du Houblon Vert",
        commune: "Bondues",
        at: (50.7020, 3.0950),
        activity: "Bières artisanales brassées avec l'orge des Weppes.",
        items: &[
            (
                "share",
                "other",
                "Drêches pour l'alimentation animale",
                "chaque semaine",
            ),
            ("need", "other", "De l'orge et du houblon locaux", ""),
        ],
    },
];

/// Writes the directory's actors; the accounts it needs and does not find are created
/// (residents of the cooperative, the demo's password), the others keep their roles.
pub(super) async fn seed_actors(ctx: &Ctx, hash: &str) -> ServiceResult<()> {
    for a in &ACTORS {
        let known = sqlx::query_scalar!("SELECT id FROM users WHERE email = $1", a.account.0)
            .fetch_optional(&ctx.pool)
            .await?;
        let id = match known {
            Some(id) => id,
            None => {
                let roles: &[Role] = if a.account.0 == super::LOCAL_AUTHORITY {
                    &[Role::Resident, Role::LocalAuthority]
                } else {
                    &[Role::Resident]
                };
                super::seed::account(ctx, hash, a.account.0, a.account.1, roles).await?
            }
        };
        let user = crate::accounts::store::current_user(ctx, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let kind = crate::actors::ActorKind::parse(a.kind).ok_or(ServiceError::NotFound)?;
        let fields = ProfileFields {
            kind,
            name: a.name.into(),
            activity: a.activity.into(),
            commune: a.commune.into(),
            position: Some(Point {
                lat: a.at.0,
                lon: a.at.1,
            }),
            published: true,
        };
        store::save_profile(ctx, &user, fields, None).await?;
        for (direction, category, description, availability) in a.items {
            let item = parse_item(direction, category, description, availability)
                .map_err(|_| ServiceError::invalid(crate::i18n::Msg::ErrActorItem))?;
            store::add_item(ctx, &user, &item).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_actor_is_valid() {
        for a in &super::ACTORS {
            assert!(crate::actors::ActorKind::parse(a.kind).is_some(), "{}", a.name);
            for (d, c, text, when) in a.items {
                assert!(crate::actors::parse_item(d, c, text, when).is_ok(), "{text}");
            }
        }
    }
}
