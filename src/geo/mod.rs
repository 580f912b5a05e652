//! Places on the Earth: a point in degrees, the great-circle distance between two, their
//! projection on a flat drawing (the maps), and (on the server) the geocoder that finds an
//! address's point. A leaf module: it imports no context, and `routing`, `cycles`, `hub` and
//! `actors` all build on it.

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

/// Fits points into a `width` × `height` drawing with `margin` around them: an equirectangular
/// projection (longitudes shrunk by the cosine of the mean latitude, north up), the same scale
/// on both axes so that distances look right. Good enough for a town or a département.
pub fn project(points: &[Point], width: f64, height: f64, margin: f64) -> Vec<(f64, f64)> {
    if points.is_empty() {
        return vec![];
    }
    let mean_lat = points.iter().map(|p| p.lat).sum::<f64>() / points.len() as f64;
    let shrink = mean_lat.to_radians().cos();
    let xs: Vec<f64> = points.iter().map(|p| p.lon * shrink).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.lat).collect();
    let (min_x, max_x) = xs.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let (min_y, max_y) = ys.iter().fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
    let (span_x, span_y) = (max_x - min_x, max_y - min_y);
    let inner_w = (width - 2.0 * margin).max(1.0);
    let inner_h = (height - 2.0 * margin).max(1.0);
    let scale = match (span_x > 0.0, span_y > 0.0) {
        (true, true) => (inner_w / span_x).min(inner_h / span_y),
        (true, false) => inner_w / span_x,
        (false, true) => inner_h / span_y,
        (false, false) => 0.0,
    };
    // Centred in the drawing whatever the aspect ratio.
    let off_x = margin + (inner_w - span_x * scale) / 2.0;
    let off_y = margin + (inner_h - span_y * scale) / 2.0;
    xs.iter()
        .zip(&ys)
        .map(|(x, y)| (off_x + (x - min_x) * scale, off_y + (max_y - y) * scale))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_keeps_proportions_and_puts_north_up() {
        let points = [
            Point { lat: 50.60, lon: 3.00 },
            Point { lat: 50.70, lon: 3.20 },
            Point { lat: 50.65, lon: 3.10 },
        ];
        let xy = project(&points, 400.0, 300.0, 20.0);
        // North is up: the northern point has the smaller y.
        assert!(xy[1].1 < xy[0].1);
        // East is right.
        assert!(xy[1].0 > xy[0].0);
        for (x, y) in &xy {
            assert!((20.0 - 1e-9..=380.0 + 1e-9).contains(x), "{x}");
            assert!((20.0 - 1e-9..=280.0 + 1e-9).contains(y), "{y}");
        }
        // Same scale on both axes: ground distance ratios survive the projection.
        let screen = |i: usize, j: usize| (xy[i].0 - xy[j].0).hypot(xy[i].1 - xy[j].1);
        let ground = |i: usize, j: usize| haversine_km(points[i], points[j]);
        let ratio = (screen(0, 1) / ground(0, 1)) / (screen(0, 2) / ground(0, 2));
        assert!((ratio - 1.0).abs() < 0.01, "{ratio}");
        // One point, or none, still draws.
        assert_eq!(project(&points[..1], 400.0, 300.0, 20.0), vec![(200.0, 150.0)]);
        assert!(project(&[], 400.0, 300.0, 20.0).is_empty());
    }
}
