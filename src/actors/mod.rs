//! The actors directory: members (farms, shops, associations, local authorities, companies)
//! publish what they produce or do, what they can share (tools, cold rooms, spaces, vehicles,
//! skills, with when) and what they need. Anyone signed in finds them by kind, by what is
//! shared and by distance, and writes to them through the outbox: addresses stay hidden.
//!
//! Pure: the forms and their checks, the search's filters and the distance rule. `store`
//! writes `actor_profiles`, `actor_items` and `actor_contacts`.

use serde::{Deserialize, Serialize};

use crate::catalogue::FieldError;
use crate::geo::{Point, haversine_km};
use crate::i18n::Msg;

#[cfg(feature = "ssr")]
pub mod store;

#[cfg(test)]
mod tests;

pub const PER_PAGE: u32 = 20;
/// At most this many shares and needs on one profile: a directory, not a classified-ads site.
pub const MAX_ITEMS: usize = 12;
/// At most this many messages a member sends through the directory per day.
pub const MAX_CONTACTS_PER_DAY: i64 = 10;
/// The distances the search offers, in km.
pub const DISTANCES_KM: [u32; 5] = [5, 10, 25, 50, 100];

macro_rules! codes {
    ($name:ident { $($variant:ident = $code:literal / $msg:ident),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and sent by forms.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|k| k.code() == code.trim())
            }

            /// Its name as the page shows it.
            pub fn msg(self) -> Msg {
                match self { $($name::$variant => Msg::$msg),+ }
            }
        }
    };
}

codes!(ActorKind {
    Farm = "farm" / ActorKindFarm,
    Shop = "shop" / ActorKindShop,
    Association = "association" / ActorKindAssociation,
    LocalAuthority = "local_authority" / ActorKindLocalAuthority,
    Company = "company" / ActorKindCompany,
});

codes!(ItemCategory {
    Tool = "tool" / ItemTool,
    ColdRoom = "cold_room" / ItemColdRoom,
    Space = "space" / ItemSpace,
    Vehicle = "vehicle" / ItemVehicle,
    Skill = "skill" / ItemSkill,
    Other = "other" / ItemOther,
});

codes!(Direction {
    Share = "share" / ActorShares,
    Need = "need" / ActorNeeds,
});

/// The profile's form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub kind: String,
    pub name: String,
    pub activity: String,
    pub commune: String,
    pub latitude: String,
    pub longitude: String,
    /// "on" when listed in the directory.
    #[serde(default)]
    pub published: String,
}

/// A profile once checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileFields {
    pub kind: ActorKind,
    pub name: String,
    pub activity: String,
    pub commune: String,
    /// Without it the actor is listed but neither on the map nor found by distance.
    pub position: Option<Point>,
    pub published: bool,
}

fn err(field: &str, msg: Msg) -> FieldError {
    FieldError {
        field: field.to_owned(),
        msg,
    }
}

fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text kept as typed (paragraphs included), without trailing blanks.
fn paragraphs(raw: &str) -> String {
    raw.replace("\r\n", "\n").trim().to_owned()
}

fn length_in(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.chars().count())
}

pub fn parse_profile(input: &ProfileInput) -> Result<ProfileFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = ActorKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(err("kind", Msg::ErrActorKind));
    }
    let name = one_line(&input.name);
    if !length_in(&name, 1, 120) {
        errors.push(err("name", Msg::ErrActorName));
    }
    let activity = paragraphs(&input.activity);
    if !length_in(&activity, 1, 1000) {
        errors.push(err("activity", Msg::ErrActorActivity));
    }
    let commune = one_line(&input.commune);
    if !length_in(&commune, 1, 80) {
        errors.push(err("commune", Msg::ErrActorCommune));
    }
    let position = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => None,
        (lat, lon) => {
            let lat = crate::cycles::parse_coordinate(lat, 90.0);
            let lon = crate::cycles::parse_coordinate(lon, 180.0);
            if lat.is_none() {
                errors.push(err("latitude", Msg::ErrLatitude));
            }
            if lon.is_none() {
                errors.push(err("longitude", Msg::ErrLongitude));
            }
            lat.zip(lon).map(|(lat, lon)| Point { lat, lon })
        }
    };
    match kind {
        Some(kind) if errors.is_empty() => Ok(ProfileFields {
            kind,
            name,
            activity,
            commune,
            position,
            published: matches!(input.published.as_str(), "on" | "true" | "yes"),
        }),
        _ => Err(errors),
    }
}

/// A share or a need, once checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFields {
    pub direction: Direction,
    pub category: ItemCategory,
    pub description: String,
    pub availability: String,
}

pub fn parse_item(
    direction: &str,
    category: &str,
    description: &str,
    availability: &str,
) -> Result<ItemFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let direction = Direction::parse(direction);
    if direction.is_none() {
        errors.push(err("direction", Msg::ErrActorDirection));
    }
    let category = ItemCategory::parse(category);
    if category.is_none() {
        errors.push(err("category", Msg::ErrActorCategory));
    }
    let description = one_line(description);
    if !length_in(&description, 1, 200) {
        errors.push(err("description", Msg::ErrActorItem));
    }
    let availability = one_line(availability);
    if availability.chars().count() > 120 {
        errors.push(err("availability", Msg::ErrActorAvailability));
    }
    match (direction, category) {
        (Some(direction), Some(category)) if errors.is_empty() => Ok(ItemFields {
            direction,
            category,
            description,
            availability,
        }),
        _ => Err(errors),
    }
}

/// A message to an actor: from 10 to 2,000 characters.
pub fn parse_message(raw: &str) -> Result<String, Msg> {
    let text = paragraphs(raw);
    if length_in(&text, 10, 2000) {
        Ok(text)
    } else {
        Err(Msg::ErrActorMessage)
    }
}

/// What the directory's search asks, from its query string; anything unknown is ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Search {
    pub kind: Option<ActorKind>,
    pub shares: Option<ItemCategory>,
    /// Only actors within this many km of the searcher's own profile.
    pub within_km: Option<u32>,
    pub page: u32,
}

impl Search {
    pub fn parse(kind: Option<&str>, shares: Option<&str>, within_km: Option<&str>, page: Option<&str>) -> Search {
        Search {
            kind: kind.and_then(ActorKind::parse),
            shares: shares.and_then(ItemCategory::parse),
            within_km: within_km
                .and_then(|k| k.trim().parse().ok())
                .filter(|k| DISTANCES_KM.contains(k)),
            page: crate::coop::page_number(page),
        }
    }

    /// The query string that asks for this search's `page`.
    pub fn query(&self, page: u32) -> String {
        let mut parts = Vec::new();
        if let Some(k) = self.kind {
            parts.push(format!("type={}", k.code()));
        }
        if let Some(s) = self.shares {
            parts.push(format!("partage={}", s.code()));
        }
        if let Some(km) = self.within_km {
            parts.push(format!("km={km}"));
        }
        parts.push(format!("page={page}"));
        parts.join("&")
    }
}

/// A share or a need as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub id: i64,
    pub direction: Direction,
    pub category: ItemCategory,
    pub description: String,
    pub availability: String,
}

/// An actor as the directory shows it (never its address or email).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorCard {
    pub id: i64,
    pub kind: ActorKind,
    pub name: String,
    pub activity: String,
    pub commune: String,
    pub position: Option<Point>,
    pub items: Vec<ItemView>,
    /// From the searcher's own profile, when both are placed.
    pub distance_km: Option<f64>,
}

impl ActorCard {
    pub fn shares(&self) -> impl Iterator<Item = &ItemView> {
        self.items.iter().filter(|i| i.direction == Direction::Share)
    }

    pub fn needs(&self) -> impl Iterator<Item = &ItemView> {
        self.items.iter().filter(|i| i.direction == Direction::Need)
    }
}

/// Keeps the actors that match `search` (all but the page, applied by the caller), their
/// distances from `origin` set: the nearest first when searching by distance, else by name.
/// Searching by distance without an origin, or for an actor not placed, finds nothing: an
/// unplaced actor is not "near".
pub fn filter(cards: Vec<ActorCard>, search: &Search, origin: Option<Point>) -> Vec<ActorCard> {
    let mut found: Vec<ActorCard> = cards
        .into_iter()
        .filter(|c| search.kind.is_none_or(|k| c.kind == k))
        .filter(|c| search.shares.is_none_or(|s| c.shares().any(|i| i.category == s)))
        .map(|mut c| {
            c.distance_km = origin.zip(c.position).map(|(o, p)| haversine_km(o, p));
            c
        })
        .filter(|c| match search.within_km {
            Some(km) => c.distance_km.is_some_and(|d| d <= f64::from(km)),
            None => true,
        })
        .collect();
    if search.within_km.is_some() {
        found.sort_by(|a, b| {
            a.distance_km
                .partial_cmp(&b.distance_km)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    } else {
        found.sort_by_cached_key(|c| sort_key(&c.name));
    }
    found
}

/// A name as a French reader files it: case and accents aside ("Épicerie" beside "Epi…",
/// before "Ferme").
pub fn sort_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' => key.push('a'),
            'ç' => key.push('c'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'î' | 'ï' | 'í' => key.push('i'),
            'ô' | 'ö' | 'ó' => key.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => key.push('u'),
            'ÿ' => key.push('y'),
            'œ' => key.push_str("oe"),
            'æ' => key.push_str("ae"),
            _ => key.push(c),
        }
    }
    key
}

/// Where the directory measures distances from: the searcher's own place, else the hub's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Origin {
    Mine(Point),
    Hub(Point),
}

impl Origin {
    pub fn point(self) -> Point {
        match self {
            Origin::Mine(p) | Origin::Hub(p) => p,
        }
    }
}

/// An actor found and placed, for the map: its rank in the list found (from 1), so that the
/// map's numbers are the list's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placed {
    pub rank: usize,
    pub id: i64,
    pub name: String,
    pub point: Point,
}

/// What the directory page shows: the page of actors found, every one of them that is placed
/// (for the map), and where distances are measured from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    pub found: crate::coop::Page<ActorCard>,
    pub placed: Vec<Placed>,
    pub origin: Option<Origin>,
    pub has_profile: bool,
}

/// The signed-in member's own profile, to edit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyProfile {
    pub id: i64,
    pub fields: ProfileFields,
    pub items: Vec<ItemView>,
}
