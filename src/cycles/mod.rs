//! Order cycles: the window during which orders are taken, what it offers, and where and when
//! baskets are collected or delivered (slots at pickup points, home delivery zones).
//!
//! Times are typed by staff in the cooperative's zone and stored in UTC.

#[cfg(feature = "ssr")]
pub mod store;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::catalogue::FieldError;
use crate::i18n::Msg;
use crate::money::parse_cents;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CycleStatus {
    Draft,
    Open,
    Closed,
    Delivered,
    Archived,
}

impl CycleStatus {
    pub const ALL: [CycleStatus; 5] = [
        CycleStatus::Draft,
        CycleStatus::Open,
        CycleStatus::Closed,
        CycleStatus::Delivered,
        CycleStatus::Archived,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CycleStatus::Draft => "draft",
            CycleStatus::Open => "open",
            CycleStatus::Closed => "closed",
            CycleStatus::Delivered => "delivered",
            CycleStatus::Archived => "archived",
        }
    }

    pub fn parse(code: &str) -> Option<CycleStatus> {
        CycleStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            CycleStatus::Draft => Msg::CycleDraft,
            CycleStatus::Open => Msg::CycleOpen,
            CycleStatus::Closed => Msg::CycleClosed,
            CycleStatus::Delivered => Msg::CycleDelivered,
            CycleStatus::Archived => Msg::CycleArchived,
        }
    }

    /// Offers and slots can still change (prices already ordered at are kept on the lines).
    pub fn is_editable(self) -> bool {
        matches!(self, CycleStatus::Draft | CycleStatus::Open)
    }
}

/// What hub staff can do to a cycle by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CycleAction {
    /// Let the background job open the draft at its opening time.
    Schedule,
    Unschedule,
    OpenNow,
    CloseNow,
    MarkDelivered,
    Archive,
}

impl CycleAction {
    pub const ALL: [CycleAction; 6] = [
        CycleAction::Schedule,
        CycleAction::Unschedule,
        CycleAction::OpenNow,
        CycleAction::CloseNow,
        CycleAction::MarkDelivered,
        CycleAction::Archive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CycleAction::Schedule => "schedule",
            CycleAction::Unschedule => "unschedule",
            CycleAction::OpenNow => "open",
            CycleAction::CloseNow => "close",
            CycleAction::MarkDelivered => "delivered",
            CycleAction::Archive => "archive",
        }
    }

    pub fn parse(code: &str) -> Option<CycleAction> {
        CycleAction::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            CycleAction::Schedule => Msg::CycleSchedule,
            CycleAction::Unschedule => Msg::CycleUnschedule,
            CycleAction::OpenNow => Msg::CycleOpenNow,
            CycleAction::CloseNow => Msg::CycleCloseNow,
            CycleAction::MarkDelivered => Msg::CycleMarkDelivered,
            CycleAction::Archive => Msg::CycleArchive,
        }
    }

    /// Whether the action changes what buyers can do or cannot be undone, and so asks for
    /// confirmation.
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            CycleAction::OpenNow | CycleAction::CloseNow | CycleAction::MarkDelivered | CycleAction::Archive
        )
    }

    /// What the confirmation says the action will do.
    pub fn confirmation(self) -> Msg {
        match self {
            CycleAction::CloseNow => Msg::ConfirmCloseCycle,
            CycleAction::MarkDelivered => Msg::ConfirmMarkDelivered,
            _ => Msg::ConfirmCycleAction,
        }
    }
}

/// The state after `action`, or why it cannot be done.
pub fn apply_action(
    status: CycleStatus,
    scheduled: bool,
    action: CycleAction,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(CycleStatus, bool), Msg> {
    use CycleAction as A;
    use CycleStatus as S;
    match (status, action) {
        (S::Draft, A::Schedule) if closes_at <= now => Err(Msg::ErrCycleClosesInPast),
        (S::Draft, A::Schedule) => Ok((S::Draft, true)),
        (S::Draft, A::Unschedule) => Ok((S::Draft, false)),
        (S::Draft, A::OpenNow) if closes_at <= now => Err(Msg::ErrCycleClosesInPast),
        (S::Draft, A::OpenNow) => Ok((S::Open, scheduled)),
        (S::Open, A::CloseNow) => Ok((S::Closed, scheduled)),
        (S::Closed, A::MarkDelivered) => Ok((S::Delivered, scheduled)),
        (S::Delivered, A::Archive) | (S::Closed, A::Archive) => Ok((S::Archived, scheduled)),
        _ => Err(Msg::ErrCycleActionNotAllowed),
    }
}

/// The actions offered on a cycle in this state.
pub fn available_actions(status: CycleStatus, scheduled: bool) -> Vec<CycleAction> {
    use CycleAction as A;
    match status {
        CycleStatus::Draft if scheduled => vec![A::Unschedule, A::OpenNow],
        CycleStatus::Draft => vec![A::Schedule, A::OpenNow],
        CycleStatus::Open => vec![A::CloseNow],
        CycleStatus::Closed => vec![A::MarkDelivered, A::Archive],
        CycleStatus::Delivered => vec![A::Archive],
        CycleStatus::Archived => vec![],
    }
}

/// What the clock does to a cycle: a scheduled draft opens at its opening time, an open cycle
/// closes at its closing time (a scheduled draft whose window passed unseen closes directly).
pub fn due_transition(
    status: CycleStatus,
    scheduled: bool,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<CycleStatus> {
    match status {
        CycleStatus::Draft if scheduled && now >= closes_at => Some(CycleStatus::Closed),
        CycleStatus::Draft if scheduled && now >= opens_at => Some(CycleStatus::Open),
        CycleStatus::Open if now >= closes_at => Some(CycleStatus::Closed),
        _ => None,
    }
}

/// Orders are taken only while the cycle is open and before its closing time, even if the
/// background job has not closed it yet.
pub fn accepts_orders(status: CycleStatus, closes_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status == CycleStatus::Open && now < closes_at
}

/// A local date-time as typed in an `<input type="datetime-local">` ("2026-11-24T18:00",
/// seconds optional), in the cooperative's zone. In the autumn's repeated hour the earlier
/// instant is taken; a time skipped by the spring change does not exist and is refused.
pub fn parse_local(raw: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .ok()?;
    tz.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

/// The value an `<input type="datetime-local">` shows for `at` in the zone.
pub fn to_local_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

fn local_at(date: NaiveDate, time: NaiveTime, tz: Tz) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The cycle form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleFields {
    pub name: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

fn err(field: &str, msg: Msg) -> FieldError {
    FieldError {
        field: field.to_owned(),
        msg,
    }
}

fn clean_text(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn parse_cycle(input: &CycleInput, tz: Tz) -> Result<CycleFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = clean_text(&input.name);
    if name.is_empty() || name.chars().count() > 120 {
        errors.push(err("name", Msg::ErrNameLength));
    }
    let opens_at = parse_local(&input.opens_at, tz);
    if opens_at.is_none() {
        errors.push(err("opens_at", Msg::ErrDateTime));
    }
    let closes_at = parse_local(&input.closes_at, tz);
    if closes_at.is_none() {
        errors.push(err("closes_at", Msg::ErrDateTime));
    }
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        errors.push(err("closes_at", Msg::ErrClosesBeforeOpens));
    }
    match (opens_at, closes_at) {
        (Some(opens_at), Some(closes_at)) if errors.is_empty() => Ok(CycleFields {
            name,
            opens_at,
            closes_at,
        }),
        _ => Err(errors),
    }
}

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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotInput {
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub starts: String,
    #[serde(default)]
    pub ends: String,
    #[serde(default)]
    pub capacity: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotFields {
    pub place: Place,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
}

pub fn parse_slot(input: &SlotInput, tz: Tz) -> Result<SlotFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let place = Place::parse(&input.place);
    if place.is_none() {
        errors.push(err("place", Msg::ErrChoosePlace));
    }
    let date = NaiveDate::parse_from_str(input.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.push(err("date", Msg::ErrDate));
    }
    let time = |raw: &str| NaiveTime::parse_from_str(raw.trim(), "%H:%M").ok();
    let (starts, ends) = (time(&input.starts), time(&input.ends));
    if starts.is_none() {
        errors.push(err("starts", Msg::ErrTime));
    }
    if ends.is_none() {
        errors.push(err("ends", Msg::ErrTime));
    }
    let capacity = input
        .capacity
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|c| (1..=10_000).contains(c));
    if capacity.is_none() {
        errors.push(err("capacity", Msg::ErrCapacity));
    }
    let (Some(place), Some(date), Some(starts), Some(ends), Some(capacity)) = (place, date, starts, ends, capacity)
    else {
        return Err(errors);
    };
    let (Some(starts_at), Some(ends_at)) = (local_at(date, starts, tz), local_at(date, ends, tz)) else {
        return Err(vec![err("starts", Msg::ErrTime)]);
    };
    if ends_at <= starts_at {
        return Err(vec![err("ends", Msg::ErrEndsBeforeStarts)]);
    }
    Ok(SlotFields {
        place,
        starts_at,
        ends_at,
        capacity,
    })
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

/// One row of a cycle's offer form: per-cycle cap and prices, blank for "as in the catalogue".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferInput {
    #[serde(default)]
    pub variant_id: String,
    #[serde(default)]
    pub cap: String,
    #[serde(default)]
    pub retail_price: String,
    #[serde(default)]
    pub pro_price: String,
    #[serde(default)]
    pub remove: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferChange {
    pub variant_id: i64,
    pub remove: bool,
    pub stock_cap: Option<i64>,
    pub retail_price_cents: Option<i64>,
    pub pro_price_cents: Option<i64>,
}

/// All rows or none: each error names its row (1-based).
pub fn parse_offers(rows: &[OfferInput]) -> Result<Vec<OfferChange>, Vec<crate::catalogue::RowError>> {
    use crate::catalogue::RowError;
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let mut row_err = |field: &str, msg| {
            errors.push(RowError {
                row: n,
                field: field.to_owned(),
                msg,
            })
        };
        let Some(variant_id) = row.variant_id.trim().parse::<i64>().ok() else {
            row_err("variant_id", Msg::ErrBadRequest);
            continue;
        };
        let optional_price = |raw: &str| -> Result<Option<i64>, ()> {
            if raw.trim().is_empty() {
                return Ok(None);
            }
            parse_cents(raw)
                .filter(|c| (1..=1_000_000).contains(c))
                .map(Some)
                .ok_or(())
        };
        let cap = if row.cap.trim().is_empty() {
            Ok(None)
        } else {
            row.cap
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|c| *c >= 0)
                .map(Some)
                .ok_or(())
        };
        let retail = optional_price(&row.retail_price);
        let pro = optional_price(&row.pro_price);
        if cap.is_err() {
            row_err("cap", Msg::ErrStock);
        }
        if retail.is_err() {
            row_err("retail_price", Msg::ErrPrice);
        }
        if pro.is_err() {
            row_err("pro_price", Msg::ErrPrice);
        }
        if let (Ok(stock_cap), Ok(retail_price_cents), Ok(pro_price_cents)) = (cap, retail, pro) {
            changes.push(OfferChange {
                variant_id,
                remove: row.remove.is_some(),
                stock_cap,
                retail_price_cents,
                pro_price_cents,
            });
        }
    }
    if errors.is_empty() { Ok(changes) } else { Err(errors) }
}

/// A cycle in lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleSummary {
    pub id: i64,
    pub name: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub status: CycleStatus,
    pub scheduled: bool,
    pub offers: i64,
    pub slots: i64,
    pub orders: i64,
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

/// A slot as buyers and staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: i64,
    pub place: Place,
    pub place_name: String,
    pub address: String,
    pub instructions: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub booked: i32,
    pub fee_cents: i64,
    pub minimum_cents: i64,
}

impl SlotView {
    pub fn is_full(&self) -> bool {
        self.booked >= self.capacity
    }

    pub fn is_delivery(&self) -> bool {
        matches!(self.place, Place::Delivery(_))
    }
}

/// A variant offered in a cycle, as staff manage it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferView {
    pub variant_id: i64,
    pub product_name: String,
    pub variant_label: String,
    pub producer_name: String,
    pub catalogue_retail_cents: i64,
    pub catalogue_pro_cents: i64,
    pub stock_cap: Option<i64>,
    pub retail_price_cents: Option<i64>,
    pub pro_price_cents: Option<i64>,
    pub sold: i64,
}

/// A variant of the catalogue that a cycle does not offer although it could: added or
/// re-activated after the cycle's offers were made, it is sold nowhere until staff offer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingOffer {
    pub variant_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub variant_label: String,
    pub producer_name: String,
}

/// Everything on a cycle's staff page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CycleDetail {
    pub cycle: CycleSummary,
    pub timezone: String,
    pub offers: Vec<OfferView>,
    pub slots: Vec<SlotView>,
    pub pickup_points: Vec<PickupPoint>,
    pub zones: Vec<DeliveryZone>,
    /// Producers with listed products, to add their whole range in one go.
    pub producers: Vec<(i64, String)>,
}

// "Prepare the following week": a draft copy of a cycle, its times moved on by whole weeks.

/// The most weeks a cycle is carried forward when it is copied.
pub const MAX_COPY_WEEKS: u32 = 52;

/// `at` moved `weeks` weeks later at the same wall-clock time in `tz`, so that "Thursday 20:00"
/// stays Thursday 20:00 across a change of summer time (168 h per week would make it 19:00 or
/// 21:00). A time repeated in autumn keeps the original's offset when it can, else the earlier
/// one; a time skipped in spring moves forward by the gap (02:30 becomes 03:30).
pub fn shift_weeks(at: DateTime<Utc>, weeks: u32, tz: Tz) -> DateTime<Utc> {
    use chrono::{LocalResult, Offset};
    let local = at.with_timezone(&tz);
    let naive = local.naive_local() + chrono::Days::new(7 * u64::from(weeks));
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, later) => {
            let same = later.offset().fix() == local.offset().fix();
            let chosen = if same { later } else { earlier };
            chosen.with_timezone(&Utc)
        }
        LocalResult::None => {
            // Inside the gap: read the time with the offset in force the day before.
            let before = tz.offset_from_utc_datetime(&(naive - chrono::Duration::days(1))).fix();
            naive.and_utc() - chrono::Duration::seconds(i64::from(before.local_minus_utc()))
        }
    }
}

/// A window (a cycle's or a slot's) moved `weeks` weeks; should a spring gap fold it (its start
/// pushed onto its end), it keeps its length instead.
pub fn shift_window(starts: DateTime<Utc>, ends: DateTime<Utc>, weeks: u32, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let (s, e) = (shift_weeks(starts, weeks, tz), shift_weeks(ends, weeks, tz));
    if e > s { (s, e) } else { (s, s + (ends - starts)) }
}

/// The fewest whole weeks (1 to 52) that put a copy's closing time after `now`: last week's
/// cycle prepares this week's, one left for a month prepares the coming one.
pub fn weeks_ahead(closes_at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Option<u32> {
    (1..=MAX_COPY_WEEKS).find(|&k| shift_weeks(closes_at, k, tz) > now)
}

/// Where a name ends with a day and month ("Semaine du 06/12"): the byte index of the date.
fn trailing_day_month(name: &str) -> Option<usize> {
    let bytes = name.as_bytes();
    let start = bytes.len().checked_sub(5)?;
    let tail = &bytes[start..];
    let number = |b: &[u8]| {
        b.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0'))
    };
    let (day, month) = (number(&tail[..2])?, number(&tail[3..])?);
    // "12/06/2026" ends with "6/2026", not a day and month; "106/12" is no date either.
    let alone = start == 0 || !matches!(bytes[start - 1], b'0'..=b'9' | b'/');
    (tail[2] == b'/' && alone && (1..=31).contains(&day) && (1..=12).contains(&month)).then_some(start)
}

/// The copy's name: a trailing "dd/mm" becomes the new opening date's, any other name is marked
/// as a copy (once), within the 120 characters a cycle's name may have.
pub fn next_cycle_name(name: &str, opens_on: NaiveDate, locale: crate::i18n::Locale) -> String {
    if let Some(start) = trailing_day_month(name) {
        return format!("{}{}", &name[..start], opens_on.format("%d/%m"));
    }
    let copies = crate::i18n::Locale::ALL.map(|l| Msg::CycleCopyName.fill(l, &[("name", "")]));
    if copies.iter().any(|suffix| name.ends_with(suffix.as_str())) {
        return name.to_owned();
    }
    let suffix = Msg::CycleCopyName.fill(locale, &[("name", "")]);
    let room = 120usize.saturating_sub(suffix.chars().count());
    let base: String = name.chars().take(room).collect();
    Msg::CycleCopyName.fill(locale, &[("name", base.trim_end())])
}

/// What a cycle's copy for a coming week is called and when it takes orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextCycle {
    pub weeks: u32,
    pub name: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// The copy of a cycle for the first week whose closing is still to come, or why there is none.
pub fn next_cycle(
    name: &str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    locale: crate::i18n::Locale,
) -> Result<NextCycle, Msg> {
    let weeks = weeks_ahead(closes_at, now, tz).ok_or(Msg::ErrCycleTooOldToCopy)?;
    let (opens_at, closes_at) = shift_window(opens_at, closes_at, weeks, tz);
    Ok(NextCycle {
        weeks,
        name: next_cycle_name(name, opens_at.with_timezone(&tz).date_naive(), locale),
        opens_at,
        closes_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn local_times_are_read_in_the_coops_zone() {
        let paris = crate::time::DEFAULT_ZONE;
        assert_eq!(
            parse_local("2026-11-24T18:00", paris),
            Some(utc("2026-11-24T17:00:00Z"))
        );
        assert_eq!(
            parse_local("2026-07-01T18:00", paris),
            Some(utc("2026-07-01T16:00:00Z"))
        );
        // 02:30 does not exist on the last Sunday of March in Paris.
        assert_eq!(parse_local("2026-03-29T02:30", paris), None);
        // 02:30 happens twice on the last Sunday of October: the first one is taken.
        assert_eq!(
            parse_local("2026-10-25T02:30", paris),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        assert_eq!(parse_local("demain", paris), None);
        assert_eq!(to_local_input(utc("2026-11-24T17:00:00Z"), paris), "2026-11-24T18:00");
    }

    #[test]
    fn cycles_need_a_name_and_a_window() {
        let paris = crate::time::DEFAULT_ZONE;
        let ok = parse_cycle(
            &CycleInput {
                name: " Semaine  48 ".into(),
                opens_at: "2026-11-23T08:00".into(),
                closes_at: "2026-11-26T20:00".into(),
            },
            paris,
        )
        .unwrap();
        assert_eq!(ok.name, "Semaine 48");
        let bad = parse_cycle(
            &CycleInput {
                name: "".into(),
                opens_at: "2026-11-26T20:00".into(),
                closes_at: "2026-11-23T08:00".into(),
            },
            paris,
        )
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| (e.field.as_str(), e.msg)).collect();
        assert_eq!(
            fields,
            [("name", Msg::ErrNameLength), ("closes_at", Msg::ErrClosesBeforeOpens)]
        );
    }

    #[test]
    fn the_clock_opens_scheduled_drafts_and_closes_open_cycles() {
        let (o, c) = (utc("2026-11-23T07:00:00Z"), utc("2026-11-26T19:00:00Z"));
        let before = utc("2026-11-23T06:59:59Z");
        let during = utc("2026-11-24T12:00:00Z");
        let after = utc("2026-11-26T19:00:00Z");
        use CycleStatus::*;
        assert_eq!(due_transition(Draft, false, o, c, during), None);
        assert_eq!(due_transition(Draft, true, o, c, before), None);
        assert_eq!(due_transition(Draft, true, o, c, o), Some(Open));
        assert_eq!(due_transition(Draft, true, o, c, after), Some(Closed));
        assert_eq!(due_transition(Open, true, o, c, during), None);
        assert_eq!(due_transition(Open, false, o, c, after), Some(Closed));
        assert_eq!(due_transition(Closed, true, o, c, after), None);
        assert!(accepts_orders(Open, c, during));
        assert!(!accepts_orders(Open, c, after), "closing time wins over a late job");
        assert!(!accepts_orders(Closed, c, during));
    }

    #[test]
    fn staff_actions_follow_the_life_of_a_cycle() {
        let now = utc("2026-11-24T12:00:00Z");
        let later = utc("2026-11-26T19:00:00Z");
        use CycleAction as A;
        use CycleStatus::*;
        assert_eq!(apply_action(Draft, false, A::Schedule, later, now), Ok((Draft, true)));
        assert_eq!(apply_action(Draft, true, A::OpenNow, later, now), Ok((Open, true)));
        assert_eq!(
            apply_action(Draft, false, A::Schedule, now, later),
            Err(Msg::ErrCycleClosesInPast)
        );
        assert_eq!(apply_action(Open, true, A::CloseNow, later, now), Ok((Closed, true)));
        assert_eq!(
            apply_action(Closed, true, A::MarkDelivered, later, now),
            Ok((Delivered, true))
        );
        assert_eq!(
            apply_action(Delivered, true, A::Archive, later, now),
            Ok((Archived, true))
        );
        assert_eq!(
            apply_action(Open, true, A::OpenNow, later, now),
            Err(Msg::ErrCycleActionNotAllowed)
        );
        assert_eq!(
            apply_action(Archived, true, A::Schedule, later, now),
            Err(Msg::ErrCycleActionNotAllowed)
        );
        for status in CycleStatus::ALL {
            for scheduled in [false, true] {
                for action in available_actions(status, scheduled) {
                    assert!(
                        apply_action(status, scheduled, action, later, now).is_ok(),
                        "{action:?} offered on {status:?} but refused"
                    );
                }
            }
        }
    }

    #[test]
    fn slots_are_local_windows_with_a_capacity() {
        let paris = crate::time::DEFAULT_ZONE;
        let slot = parse_slot(
            &SlotInput {
                place: "point-2".into(),
                date: "2026-11-27".into(),
                starts: "17:00".into(),
                ends: "19:00".into(),
                capacity: "40".into(),
            },
            paris,
        )
        .unwrap();
        assert_eq!(slot.place, Place::Pickup(2));
        assert_eq!(slot.starts_at, utc("2026-11-27T16:00:00Z"));
        assert_eq!(slot.capacity, 40);
        let bad = parse_slot(
            &SlotInput {
                place: "moon-1".into(),
                date: "27/11".into(),
                starts: "19:00".into(),
                ends: "17:00".into(),
                capacity: "0".into(),
            },
            paris,
        )
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["place", "date", "capacity"]);
        let backwards = SlotInput {
            place: "zone-1".into(),
            date: "2026-11-27".into(),
            starts: "19:00".into(),
            ends: "17:00".into(),
            capacity: "5".into(),
        };
        assert_eq!(
            parse_slot(&backwards, paris).unwrap_err()[0].msg,
            Msg::ErrEndsBeforeStarts
        );
    }

    #[test]
    fn zones_list_postcodes_and_money() {
        let zone = parse_zone(&ZoneInput {
            name: "Lille centre".into(),
            postcodes: "59000, 59800;59000\n59 160".into(),
            fee: "3,50".into(),
            minimum: "25".into(),
            latitude: "50,633".into(),
            longitude: "3.063".into(),
        })
        .unwrap();
        assert_eq!(
            zone.centre,
            Some(crate::geo::Point {
                lat: 50.633,
                lon: 3.063
            })
        );
        assert_eq!(zone.postcodes, ["59000", "59800", "59160"]);
        assert_eq!((zone.fee_cents, zone.minimum_cents), (350, 2500));
        let dz = DeliveryZone {
            id: 1,
            name: zone.name,
            postcodes: zone.postcodes,
            fee_cents: 350,
            minimum_cents: 2500,
            active: true,
            centre: None,
        };
        assert!(dz.covers(" 59 800"));
        assert!(!dz.covers("75001"));
        let bad = parse_zone(&ZoneInput {
            name: "x".into(),
            postcodes: "5900".into(),
            fee: "-1".into(),
            minimum: "".into(),
            latitude: "50.6".into(),
            longitude: "".into(),
        })
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["postcodes", "fee", "longitude"]);
    }

    #[test]
    fn offers_are_checked_row_by_row() {
        let rows = vec![
            OfferInput {
                variant_id: "4".into(),
                cap: "12".into(),
                retail_price: "2,80".into(),
                ..Default::default()
            },
            OfferInput {
                variant_id: "5".into(),
                cap: "-1".into(),
                pro_price: "abc".into(),
                ..Default::default()
            },
        ];
        let errors = parse_offers(&rows).unwrap_err();
        assert!(errors.iter().all(|e| e.row == 2));
        assert_eq!(errors.len(), 2);
        let ok = parse_offers(&rows[..1]).unwrap();
        assert_eq!(ok[0].stock_cap, Some(12));
        assert_eq!(ok[0].retail_price_cents, Some(280));
        assert_eq!(ok[0].pro_price_cents, None);
    }

    #[test]
    fn pickup_points_need_coordinates() {
        let ok = parse_pickup_point(&PickupPointInput {
            name: "Épicerie du Vieux-Lille".into(),
            kind: "shop".into(),
            address: "3 rue de la Monnaie, 59800 Lille".into(),
            instructions: "Au comptoir".into(),
            latitude: "50,6405".into(),
            longitude: "3.0633".into(),
        })
        .unwrap();
        assert_eq!(ok.latitude, 50.6405);
        let bad = parse_pickup_point(&PickupPointInput {
            kind: "castle".into(),
            latitude: "95".into(),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "kind", "address", "latitude", "longitude"]);
    }

    #[test]
    fn pickup_points_may_leave_their_coordinates_to_the_address() {
        let typed = PickupPointInput {
            name: "Épicerie du Vieux-Lille".into(),
            kind: "shop".into(),
            address: "3 rue de la Monnaie, 59800 Lille".into(),
            ..Default::default()
        };
        let draft = parse_pickup_point_draft(&typed).unwrap();
        assert_eq!(draft.position, None);
        assert_eq!(draft.address, "3 rue de la Monnaie, 59800 Lille");
        let fields = draft.at(crate::geo::Point { lat: 50.64, lon: 3.06 });
        assert_eq!((fields.latitude, fields.longitude), (50.64, 3.06));
        assert!(parse_pickup_point(&typed).is_err(), "the strict form still wants them");
        let placed = parse_pickup_point_draft(&PickupPointInput {
            latitude: " 50,6405".into(),
            longitude: "3.0633 ".into(),
            ..typed.clone()
        })
        .unwrap();
        assert_eq!(
            placed.position,
            Some(crate::geo::Point {
                lat: 50.6405,
                lon: 3.0633
            })
        );
        let half = parse_pickup_point_draft(&PickupPointInput {
            latitude: "50.64".into(),
            ..typed
        })
        .unwrap_err();
        assert_eq!(
            half.iter().map(|e| (e.field.as_str(), e.msg)).collect::<Vec<_>>(),
            [("longitude", Msg::ErrCoordinatesPair)]
        );
    }

    #[test]
    fn a_copied_cycle_keeps_its_local_times_across_summer_time() {
        let paris = crate::time::DEFAULT_ZONE;
        // Thursday 20:00 in winter, the next Thursday 20:00 in summer time: 167 h later.
        assert_eq!(
            shift_weeks(utc("2026-03-26T19:00:00Z"), 1, paris),
            utc("2026-04-02T18:00:00Z")
        );
        // And back in autumn: 169 h later.
        assert_eq!(
            shift_weeks(utc("2026-10-22T16:00:00Z"), 1, paris),
            utc("2026-10-29T17:00:00Z")
        );
        assert_eq!(
            shift_weeks(utc("2026-11-05T17:00:00Z"), 3, paris),
            utc("2026-11-26T17:00:00Z")
        );
        // 02:30 summer time, a week before the autumn change, keeps its offset.
        assert_eq!(
            shift_weeks(utc("2026-10-18T00:30:00Z"), 1, paris),
            utc("2026-10-25T00:30:00Z")
        );
        // 02:30 does not exist on the spring change: 03:30 summer time.
        let moved = shift_weeks(utc("2026-03-22T01:30:00Z"), 1, paris);
        assert_eq!(to_local_input(moved, paris), "2026-03-29T03:30");
        // A window the gap would fold keeps its length.
        let (s, e) = shift_window(utc("2026-03-22T01:00:00Z"), utc("2026-03-22T02:00:00Z"), 1, paris);
        assert_eq!(
            (to_local_input(s, paris).as_str(), e - s),
            ("2026-03-29T03:00", chrono::Duration::hours(1))
        );
    }

    #[test]
    fn a_copy_is_for_the_first_week_still_to_close() {
        let paris = crate::time::DEFAULT_ZONE;
        let closes = utc("2026-11-26T19:00:00Z");
        assert_eq!(weeks_ahead(closes, utc("2026-11-20T12:00:00Z"), paris), Some(1));
        assert_eq!(
            weeks_ahead(closes, utc("2026-12-03T19:00:00Z"), paris),
            Some(2),
            "closing exactly now is past"
        );
        assert_eq!(weeks_ahead(closes, utc("2026-12-20T12:00:00Z"), paris), Some(4));
        assert_eq!(weeks_ahead(closes, utc("2027-11-25T12:00:00Z"), paris), Some(52));
        assert_eq!(weeks_ahead(closes, utc("2027-11-25T20:00:00Z"), paris), None);
        let next = next_cycle(
            "Semaine du 23/11",
            utc("2026-11-23T07:00:00Z"),
            closes,
            utc("2026-12-05T10:00:00Z"),
            paris,
            crate::i18n::Locale::Fr,
        )
        .unwrap();
        assert_eq!(
            next,
            NextCycle {
                weeks: 2,
                name: "Semaine du 07/12".into(),
                opens_at: utc("2026-12-07T07:00:00Z"),
                closes_at: utc("2026-12-10T19:00:00Z"),
            }
        );
        assert_eq!(
            next_cycle(
                "x",
                closes,
                closes,
                utc("2030-01-01T00:00:00Z"),
                paris,
                crate::i18n::Locale::Fr
            ),
            Err(Msg::ErrCycleTooOldToCopy)
        );
    }

    #[test]
    fn a_copy_takes_the_new_date_or_is_marked_as_a_copy() {
        use crate::i18n::Locale::{En, Fr};
        let on = NaiveDate::from_ymd_opt(2026, 12, 13).unwrap();
        assert_eq!(next_cycle_name("Semaine du 06/12", on, Fr), "Semaine du 13/12");
        assert_eq!(next_cycle_name("06/12", on, En), "13/12");
        assert_eq!(next_cycle_name("Paniers de Noël", on, Fr), "Paniers de Noël (copie)");
        assert_eq!(next_cycle_name("Christmas baskets", on, En), "Christmas baskets (copy)");
        assert_eq!(
            next_cycle_name("Paniers (copie)", on, Fr),
            "Paniers (copie)",
            "not stacked"
        );
        // Not a day and month: a full date, a bad month, three digits.
        assert_eq!(
            next_cycle_name("Livraison 12/06/2026", on, Fr),
            "Livraison 12/06/2026 (copie)"
        );
        assert_eq!(next_cycle_name("Lot 06/13", on, Fr), "Lot 06/13 (copie)");
        assert_eq!(next_cycle_name("Lot 106/12", on, Fr), "Lot 106/12 (copie)");
        let long = "é".repeat(120);
        let copy = next_cycle_name(&long, on, Fr);
        assert_eq!(copy.chars().count(), 120);
        assert!(copy.ends_with(" (copie)"));
    }
}
