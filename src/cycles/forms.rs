//! The staff forms of a cycle, its slots and its offers, as typed and once checked; local
//! times typed in the cooperative's zone.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::Place;
use crate::catalogue::FieldError;
use crate::i18n::Msg;
use crate::money::parse_cents;

pub use crate::time::{parse_local, to_local_input};

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

pub(super) fn err(field: &str, msg: Msg) -> FieldError {
    FieldError {
        field: field.to_owned(),
        msg,
    }
}

pub(super) fn clean_text(raw: &str) -> String {
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
                label: String::new(),
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
