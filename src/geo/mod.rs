//! Places on the Earth: a point in degrees, the great-circle distance between two, and
//! (on the server) the geocoder that finds an address's point. A leaf module: it imports no
//! context, and `routing`, `cycles` and `hub` all build on it.

#[cfg(feature = "ssr")]
pub mod geocode;

use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Degrees, north positive.
    pub lat: f64,
    /// Degrees, east positive.
    pub lon: f64,
}

/// Great-circle distance in km (haversine formula, spherical Earth: within 0.5 % of the
/// ellipsoid, far below the detour factor's own uncertainty).
pub fn haversine_km(a: Point, b: Point) -> f64 {
    let (lat_a, lat_b) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat_b - lat_a;
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat_a.cos() * lat_b.cos() * (d_lon / 2.0).sin().powi(2);
    // Rounding can push h a hair above 1 for antipodes.
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}
