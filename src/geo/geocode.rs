//! Placing delivery addresses on the map with the Base Adresse Nationale's geocoder
//! (`api-adresse.data.gouv.fr`, free and without a key), or any server speaking its protocol:
//! `GET {base}/search/?q=…&postcode=…&limit=1` answering GeoJSON features whose `geometry`
//! holds `[longitude, latitude]` and whose `properties.score` says how sure it is.
//!
//! It is optional: without it (or when it fails or is unsure) a home delivery is placed at its
//! zone's centre until staff place it by hand, and planning says which stops are approximate.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::Point;

/// Below this score the BAN has matched little more than the town: not worth a route.
const MIN_SCORE: f64 = 0.5;

/// Forms being saved wait for the geocoder this many at a time; the others save without it
/// (as when it fails), so that members saving in a loop cannot hold the server's requests on
/// a distant service.
pub const FORM_CALLS_AT_ONCE: usize = 4;

#[derive(Clone, Debug)]
pub struct Geocoder {
    base: String,
    client: reqwest::Client,
    forms: Arc<tokio::sync::Semaphore>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    geometry: Geometry,
    #[serde(default)]
    properties: Properties,
}

#[derive(Deserialize)]
struct Geometry {
    coordinates: Vec<f64>,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default)]
    score: f64,
}

impl Geocoder {
    pub fn new(base_url: &str) -> Result<Geocoder, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .user_agent(concat!("Maillon/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("geocoder client: {e}"))?;
        Ok(Geocoder {
            base: base_url.trim_end_matches('/').to_owned(),
            client,
            forms: Arc::new(tokio::sync::Semaphore::new(FORM_CALLS_AT_ONCE)),
        })
    }

    /// The address's point, `None` when the geocoder does not know it well enough.
    pub async fn locate(&self, address: &str, postcode: &str) -> Result<Option<Point>, String> {
        self.search(&[("q", address), ("postcode", postcode), ("limit", "1")])
            .await
    }

    /// A place's point from its whole address ("3 rue de la Monnaie, 59800 Lille"); the postcode
    /// in it, if any, narrows the search. `None` when the geocoder does not know it well enough.
    pub async fn locate_address(&self, address: &str) -> Result<Option<Point>, String> {
        match postcode_in(address) {
            Some(postcode) => self.locate(address, postcode).await,
            None => self.search(&[("q", address), ("limit", "1")]).await,
        }
    }

    /// Like [`Geocoder::locate_address`], waiting at most a few seconds, for a form being
    /// saved: a failure, a slow answer or too many forms at once ([`FORM_CALLS_AT_ONCE`]) is
    /// logged (as `what`) and places nothing.
    pub async fn locate_briefly(&self, address: &str, what: &str) -> Option<Point> {
        let Ok(_turn) = self.forms.try_acquire() else {
            tracing::warn!("geocoding {what}: {FORM_CALLS_AT_ONCE} forms already waiting for the geocoder");
            return None;
        };
        match tokio::time::timeout(Duration::from_secs(6), self.locate_address(address)).await {
            Ok(Ok(found)) => found,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "geocoding {what}");
                None
            }
            Err(_) => {
                tracing::warn!("geocoding {what}: no answer in time");
                None
            }
        }
    }

    async fn search(&self, query: &[(&str, &str)]) -> Result<Option<Point>, String> {
        let response = self
            .client
            .get(format!("{}/search/", self.base))
            .query(query)
            .send()
            .await
            .map_err(|e| format!("geocoder request: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("geocoder answered {}", response.status()));
        }
        let body = response.text().await.map_err(|e| format!("geocoder body: {e}"))?;
        parse(&body)
    }
}

/// The last five-digit group of an address: its French postcode.
fn postcode_in(address: &str) -> Option<&str> {
    address
        .split(|c: char| !c.is_ascii_alphanumeric())
        .rev()
        .find(|w| w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit()))
}

fn parse(body: &str) -> Result<Option<Point>, String> {
    let answer: Answer = serde_json::from_str(body).map_err(|e| format!("geocoder answer: {e}"))?;
    Ok(answer.features.into_iter().next().and_then(|f| {
        let (lon, lat) = (*f.geometry.coordinates.first()?, *f.geometry.coordinates.get(1)?);
        let valid = lat.abs() <= 90.0 && lon.abs() <= 180.0 && f.properties.score >= MIN_SCORE;
        valid.then_some(Point { lat, lon })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gives_its_postcode() {
        assert_eq!(postcode_in("3 rue de la Monnaie, 59800 Lille"), Some("59800"));
        assert_eq!(postcode_in("12 rue Pierre Legrand 59800 Lille-Fives"), Some("59800"));
        assert_eq!(postcode_in("Ferme du Bois, route de Lens"), None);
        assert_eq!(postcode_in("123456 chemin"), None);
    }

    #[test]
    fn reads_the_first_sure_feature() {
        let body = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[3.0664,50.6409]},
             "properties":{"label":"14 Rue de Gand 59800 Lille","score":0.97}}]}"#;
        assert_eq!(
            parse(body).unwrap(),
            Some(Point {
                lat: 50.6409,
                lon: 3.0664
            })
        );
        let unsure = body.replace("0.97", "0.31");
        assert_eq!(parse(&unsure).unwrap(), None);
        assert_eq!(parse(r#"{"features":[]}"#).unwrap(), None);
        assert!(parse("<html>").is_err());
    }
}
