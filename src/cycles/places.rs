//! Where baskets go: pickup points and home delivery zones, their forms and how they read.

use serde::{Deserialize, Serialize};

use super::forms::{clean_text, err};
use crate::catalogue::FieldError;
use crate::i18n::Msg;
use crate::money::parse_cents;

/// Where a slot's baskets go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    Pickup(i64),
    Delivery(i64),
}

impl Place {
    /// "point-3" or "zone-2", as the slot form's select sends it.
    pub fn parse(raw: &str) -> Option<Place> {
        let (kind, id) = raw.trim().split_once('-')?;
        let id = id.parse().ok().filter(|id: &i64| *id > 0)?;
        match kind {
            "point" => Some(Place::Pickup(id)),
            "zone" => Some(Place::Delivery(id)),
            _ => None,
        }
    }

    pub fn code(self) -> String {
        match self {
            Place::Pickup(id) => format!("point-{id}"),
            Place::Delivery(id) => format!("zone-{id}"),
        }
    }
}

/// A French postcode: five digits.
pub fn parse_postcode(raw: &str) -> Option<String> {
    let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == 5 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub postcodes: String,
    #[serde(default)]
    pub fee: String,
    #[serde(default)]
    pub minimum: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ZoneFields {
    pub name: String,
    pub postcodes: Vec<String>,
    pub fee_cents: i64,
    pub minimum_cents: i64,
    /// Optional: both coordinates or none.
    pub centre: Option<crate::geo::Point>,
}

pub fn parse_zone(input: &ZoneInput) -> Result<ZoneFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = clean_text(&input.name);
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(err("name", Msg::ErrNameLength));
    }
    let mut postcodes = Vec::new();
    // "59000, 59800" or "59000 59800"; a code typed with a space ("59 160") stays one code.
    let chunks = input
        .postcodes
        .split([',', ';', '\n'])
        .flat_map(|chunk| match parse_postcode(chunk) {
            Some(_) => vec![chunk],
            None => chunk.split_whitespace().collect(),
        });
    for raw in chunks.filter(|s| !s.trim().is_empty()) {
        match parse_postcode(raw) {
            Some(code) if !postcodes.contains(&code) => postcodes.push(code),
            Some(_) => {}
            None => {
                errors.push(err("postcodes", Msg::ErrPostcode));
                break;
            }
        }
    }
    if postcodes.is_empty() && !errors.iter().any(|e| e.field == "postcodes") {
        errors.push(err("postcodes", Msg::ErrPostcode));
    }
    let money = |raw: &str, field: &str, errors: &mut Vec<FieldError>| {
        if raw.trim().is_empty() {
            return 0;
        }
        match parse_cents(raw).filter(|c| *c >= 0) {
            Some(c) => c,
            None => {
                errors.push(err(field, Msg::ErrPrice));
                0
            }
        }
    };
    let fee_cents = money(&input.fee, "fee", &mut errors);
    let minimum_cents = money(&input.minimum, "minimum", &mut errors);
    let centre = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => None,
        (lat, lon) => {
            let lat = parse_coordinate(lat, 90.0);
            let lon = parse_coordinate(lon, 180.0);
            if lat.is_none() {
                errors.push(err("latitude", Msg::ErrLatitude));
            }
            if lon.is_none() {
                errors.push(err("longitude", Msg::ErrLongitude));
            }
            lat.zip(lon).map(|(lat, lon)| crate::geo::Point { lat, lon })
        }
    };
    if errors.is_empty() {
        Ok(ZoneFields {
            name,
            postcodes,
            fee_cents,
            minimum_cents,
            centre,
        })
    } else {
        Err(errors)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupPointInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub instructions: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickupPointFields {
    pub name: String,
    pub kind: String,
    pub address: String,
    pub instructions: String,
    pub latitude: f64,
    pub longitude: f64,
}

pub const PICKUP_KINDS: [(&str, Msg); 3] = [
    ("hub", Msg::PickupKindHub),
    ("shop", Msg::PickupKindShop),
    ("other", Msg::PickupKindOther),
];

/// A latitude (`max` 90) or longitude (`max` 180) in decimal degrees, with a comma or a dot.
pub fn parse_coordinate(raw: &str, max: f64) -> Option<f64> {
    raw.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= max)
}

/// A pickup point as typed, its coordinates optional: without them, its address places it
/// (see `store::save_pickup_point_at_address`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickupPointDraft {
    pub name: String,
    pub kind: String,
    pub address: String,
    pub instructions: String,
    pub position: Option<crate::geo::Point>,
}

impl PickupPointDraft {
    pub fn at(self, position: crate::geo::Point) -> PickupPointFields {
        PickupPointFields {
            name: self.name,
            kind: self.kind,
            address: self.address,
            instructions: self.instructions,
            latitude: position.lat,
            longitude: position.lon,
        }
    }
}

/// A pickup point with typed coordinates.
pub fn parse_pickup_point(input: &PickupPointInput) -> Result<PickupPointFields, Vec<FieldError>> {
    match parse_pickup_point_draft(input) {
        Ok(draft) => match draft.position {
            Some(position) => Ok(draft.at(position)),
            None => Err(vec![
                err("latitude", Msg::ErrLatitude),
                err("longitude", Msg::ErrLongitude),
            ]),
        },
        Err(mut errors) => {
            if input.latitude.trim().is_empty() && input.longitude.trim().is_empty() {
                errors.push(err("latitude", Msg::ErrLatitude));
                errors.push(err("longitude", Msg::ErrLongitude));
            }
            Err(errors)
        }
    }
}

/// A pickup point whose coordinates may be left for its address to give.
pub fn parse_pickup_point_draft(input: &PickupPointInput) -> Result<PickupPointDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = clean_text(&input.name);
    if name.is_empty() || name.chars().count() > 120 {
        errors.push(err("name", Msg::ErrNameLength));
    }
    let kind = input.kind.trim().to_owned();
    if !PICKUP_KINDS.iter().any(|(k, _)| *k == kind) {
        errors.push(err("kind", Msg::ErrChoosePlace));
    }
    let address = clean_text(&input.address);
    if address.is_empty() || address.chars().count() > 300 {
        errors.push(err("address", Msg::ErrAddressRequired));
    }
    let instructions = input.instructions.trim().to_owned();
    if instructions.chars().count() > 1000 {
        errors.push(err("instructions", Msg::ErrTooLong));
    }
    let position = match (input.latitude.trim(), input.longitude.trim()) {
        ("", "") => None,
        (lat, lon) => {
            let mut coordinate = |raw: &str, max, field, msg| {
                let value = parse_coordinate(raw, max);
                if value.is_none() {
                    errors.push(err(field, if raw.is_empty() { Msg::ErrCoordinatesPair } else { msg }));
                }
                value
            };
            let lat = coordinate(lat, 90.0, "latitude", Msg::ErrLatitude);
            let lon = coordinate(lon, 180.0, "longitude", Msg::ErrLongitude);
            lat.zip(lon).map(|(lat, lon)| crate::geo::Point { lat, lon })
        }
    };
    if errors.is_empty() {
        Ok(PickupPointDraft {
            name,
            kind,
            address,
            instructions,
            position,
        })
    } else {
        Err(errors)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickupPoint {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub address: String,
    pub instructions: String,
    pub latitude: f64,
    pub longitude: f64,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryZone {
    pub id: i64,
    pub name: String,
    pub postcodes: Vec<String>,
    pub fee_cents: i64,
    pub minimum_cents: i64,
    pub active: bool,
    /// Where rounds place an address that could not be located.
    #[serde(default)]
    pub centre: Option<crate::geo::Point>,
}

impl DeliveryZone {
    pub fn covers(&self, postcode: &str) -> bool {
        parse_postcode(postcode).is_some_and(|p| self.postcodes.contains(&p))
    }
}
