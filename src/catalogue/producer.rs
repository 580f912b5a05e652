//! A farm's public profile and its form.

use serde::{Deserialize, Serialize};

use super::*;
use crate::i18n::Msg;

/// A farm's public profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProducerProfile {
    pub id: i64,
    pub farm_name: String,
    pub town: String,
    pub address: String,
    pub story: String,
    pub produce: String,
    pub labels: Vec<Label>,
    pub contact_email: String,
    pub phone: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub photo_ids: Vec<i64>,
}

/// What a producer types in their profile form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProducerInput {
    pub farm_name: String,
    pub town: String,
    pub address: String,
    pub story: String,
    pub produce: String,
    #[serde(default)]
    pub labels: Vec<String>,
    pub contact_email: String,
    pub phone: String,
    pub latitude: String,
    pub longitude: String,
}

/// A checked profile (without id and photos).
pub fn parse_producer(input: &ProducerInput) -> Result<ProducerProfile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: &str, msg: Msg| {
        errors.push(FieldError {
            field: field.to_owned(),
            msg,
        })
    };
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let farm_name = tidy(&input.farm_name);
    if farm_name.is_empty() || farm_name.chars().count() > NAME_MAX_CHARS {
        fail("farm_name", Msg::ErrFarmName);
    }
    let town = tidy(&input.town);
    if town.is_empty() || town.chars().count() > 120 {
        fail("town", Msg::ErrTown);
    }
    let address = tidy(&input.address);
    if address.chars().count() > 300 {
        fail("address", Msg::ErrAddress);
    }
    let story = input.story.trim().to_owned();
    if story.chars().count() > DESCRIPTION_MAX_CHARS {
        fail("story", Msg::ErrDescriptionTooLong);
    }
    let produce = tidy(&input.produce);
    if produce.chars().count() > 300 {
        fail("produce", Msg::ErrDescriptionTooLong);
    }
    let contact_email = input.contact_email.trim().to_owned();
    if !contact_email.is_empty() && crate::accounts::Email::parse(&contact_email).is_err() {
        fail("contact_email", Msg::ErrEmailInvalid);
    }
    let phone = tidy(&input.phone);
    if phone.chars().count() > 40 || !phone.chars().all(|c| c.is_ascii_digit() || " +.()-".contains(c)) {
        fail("phone", Msg::ErrPhone);
    }
    let coordinate = |raw: &str, limit: f64| -> Result<Option<f64>, ()> {
        let raw = raw.trim().replace(',', ".");
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() <= limit)
            .map(Some)
            .ok_or(())
    };
    let latitude = coordinate(&input.latitude, 90.0).unwrap_or_else(|()| {
        fail("latitude", Msg::ErrLatitude);
        None
    });
    let longitude = coordinate(&input.longitude, 180.0).unwrap_or_else(|()| {
        fail("longitude", Msg::ErrLongitude);
        None
    });
    if latitude.is_some() != longitude.is_some() {
        fail("longitude", Msg::ErrCoordinatesPair);
    }
    let mut labels = Vec::new();
    for code in input.labels.iter().filter(|l| !l.trim().is_empty()) {
        match Label::parse(code) {
            Some(l) if !labels.contains(&l) => labels.push(l),
            Some(_) => {}
            None => fail("labels", Msg::ErrLabel),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProducerProfile {
        id: 0,
        farm_name,
        town,
        address,
        story,
        produce,
        labels,
        contact_email,
        phone,
        latitude,
        longitude,
        photo_ids: Vec::new(),
    })
}

#[cfg(test)]
mod producer_tests {
    use super::*;

    #[test]
    fn producer_profiles_are_checked() {
        let ok = ProducerInput {
            farm_name: " Ferme  des Saules ".into(),
            town: "Lomme".into(),
            latitude: "50,64".into(),
            longitude: "2.98".into(),
            labels: vec!["ab".into()],
            contact_email: "ferme@example.org".into(),
            phone: "+33 6 12 34 56 78".into(),
            ..Default::default()
        };
        let profile = parse_producer(&ok).unwrap();
        assert_eq!(profile.farm_name, "Ferme des Saules");
        assert_eq!(profile.latitude, Some(50.64));
        let bad = ProducerInput {
            latitude: "91".into(),
            longitude: "".into(),
            contact_email: "nope".into(),
            phone: "call me".into(),
            ..Default::default()
        };
        let fields: Vec<String> = parse_producer(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["farm_name", "town", "contact_email", "phone", "latitude"]);
        let half = ProducerInput {
            farm_name: "F".into(),
            town: "T".into(),
            latitude: "50".into(),
            ..Default::default()
        };
        assert_eq!(parse_producer(&half).unwrap_err()[0].msg, Msg::ErrCoordinatesPair);
    }
}
