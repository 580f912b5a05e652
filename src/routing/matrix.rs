//! Travel distances and durations between the locations of a problem.
//!
//! The solver only ever reads a precomputed square matrix, so the source of the numbers is
//! pluggable: straight lines for benchmark instances, great-circle distances with a detour factor
//! for real addresses today, and later a road or cycle-path routing engine through [`TravelCosts`].

/// Anything able to tell the distance and the duration from one location index to another.
///
/// A routing engine would implement this (or fill a [`TravelMatrix`] with [`TravelMatrix::from_costs`])
/// so that rounds follow real streets instead of a detour factor.
pub trait TravelCosts {
    /// Number of locations; valid indices are `0..size()`.
    fn size(&self) -> usize;
    /// Distance from `from` to `to`, in the problem's distance unit (km for real rounds).
    fn distance(&self, from: usize, to: usize) -> f64;
    /// Duration from `from` to `to`, in the problem's time unit, for a vehicle with `duration_scale` 1.
    fn duration(&self, from: usize, to: usize) -> f64;
}

/// A point on Earth, in decimal degrees: the hub's own type, so that rounds and impact figures
/// measure distances with the one great-circle formula.
pub use crate::geo::Point as GeoPoint;
pub use crate::geo::haversine_km;

/// A dense, row-major matrix of distances and durations.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelMatrix {
    size: usize,
    distances: Vec<f64>,
    durations: Vec<f64>,
}

impl TravelMatrix {
    /// A matrix from row-major vectors of `size * size` entries (e.g. answered by a routing engine).
    pub fn from_vecs(size: usize, distances: Vec<f64>, durations: Vec<f64>) -> Result<Self, String> {
        let expected = size.checked_mul(size).ok_or("matrix size overflows")?;
        if distances.len() != expected || durations.len() != expected {
            return Err(format!(
                "a {size}x{size} matrix needs {expected} entries, got {} distances and {} durations",
                distances.len(),
                durations.len()
            ));
        }
        if let Some(bad) = distances.iter().chain(&durations).find(|v| !v.is_finite() || **v < 0.0) {
            return Err(format!("matrix entries must be finite and non-negative, found {bad}"));
        }
        Ok(Self {
            size,
            distances,
            durations,
        })
    }

    /// Precomputes any cost source, so the solver's hot loop never calls back into it.
    pub fn from_costs(costs: &impl TravelCosts) -> Result<Self, String> {
        let size = costs.size();
        let mut distances = Vec::with_capacity(size * size);
        let mut durations = Vec::with_capacity(size * size);
        for from in 0..size {
            for to in 0..size {
                distances.push(costs.distance(from, to));
                durations.push(costs.duration(from, to));
            }
        }
        Self::from_vecs(size, distances, durations)
    }

    /// Euclidean distances between planar points, not rounded; a duration equals the distance,
    /// as in the Solomon and Gehring & Homberger benchmarks.
    pub fn euclidean(points: &[(f64, f64)]) -> Self {
        let size = points.len();
        let distances: Vec<f64> = points
            .iter()
            .flat_map(|&(x1, y1)| points.iter().map(move |&(x2, y2)| (x1 - x2).hypot(y1 - y2)))
            .collect();
        Self {
            size,
            durations: distances.clone(),
            distances,
        }
    }

    /// Road distances estimated as great-circle km times `detour` (streets are not straight: about
    /// 1.3 in a dense town), and durations in minutes at `speed_kmh`.
    pub fn haversine(points: &[GeoPoint], detour: f64, speed_kmh: f64) -> Result<Self, String> {
        if !(detour.is_finite() && detour >= 1.0) {
            return Err(format!("detour factor must be at least 1, got {detour}"));
        }
        if !(speed_kmh.is_finite() && speed_kmh > 0.0) {
            return Err(format!("speed must be positive, got {speed_kmh} km/h"));
        }
        if let Some(p) = points.iter().find(|p| !(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0)) {
            return Err(format!("invalid coordinates: lat {} lon {}", p.lat, p.lon));
        }
        let distances: Vec<f64> = points
            .iter()
            .flat_map(|&a| points.iter().map(move |&b| haversine_km(a, b) * detour))
            .collect();
        let durations = distances.iter().map(|km| km / speed_kmh * 60.0).collect();
        Ok(Self {
            size: points.len(),
            distances,
            durations,
        })
    }

    pub fn distances(&self) -> &[f64] {
        &self.distances
    }

    pub fn durations(&self) -> &[f64] {
        &self.durations
    }
}

impl TravelCosts for TravelMatrix {
    fn size(&self) -> usize {
        self.size
    }

    fn distance(&self, from: usize, to: usize) -> f64 {
        self.distances[from * self.size + to]
    }

    fn duration(&self, from: usize, to: usize) -> f64 {
        self.durations[from * self.size + to]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lille-Flandres station and Lille Grand Place, then Roubaix town hall.
    const STATION: GeoPoint = GeoPoint {
        lat: 50.6365,
        lon: 3.0710,
    };
    const GRAND_PLACE: GeoPoint = GeoPoint {
        lat: 50.6366,
        lon: 3.0635,
    };
    const ROUBAIX: GeoPoint = GeoPoint {
        lat: 50.6910,
        lon: 3.1744,
    };

    #[test]
    fn haversine_matches_known_distances() {
        // One degree of latitude is about 111.2 km everywhere.
        let degree = haversine_km(GeoPoint { lat: 0.0, lon: 0.0 }, GeoPoint { lat: 1.0, lon: 0.0 });
        assert!((degree - 111.19).abs() < 0.01, "{degree}");
        // Paris Notre-Dame to Lille Grand Place, about 204 km as the crow flies.
        let paris = GeoPoint {
            lat: 48.8530,
            lon: 2.3499,
        };
        let d = haversine_km(paris, GRAND_PLACE);
        assert!((d - 204.0).abs() < 2.0, "{d}");
        assert_eq!(haversine_km(ROUBAIX, ROUBAIX), 0.0);
        assert!((haversine_km(STATION, ROUBAIX) - haversine_km(ROUBAIX, STATION)).abs() < 1e-12);
    }

    #[test]
    fn haversine_matrix_applies_detour_and_speed() {
        let points = [STATION, GRAND_PLACE, ROUBAIX];
        let m = TravelMatrix::haversine(&points, 1.3, 15.0).unwrap();
        assert_eq!(m.size(), 3);
        let crow = haversine_km(STATION, ROUBAIX);
        assert!((m.distance(0, 2) - crow * 1.3).abs() < 1e-9);
        // 15 km/h: a km takes 4 minutes.
        assert!((m.duration(0, 2) - crow * 1.3 * 4.0).abs() < 1e-9);
        for i in 0..3 {
            assert_eq!(m.distance(i, i), 0.0);
            for j in 0..3 {
                assert!((m.distance(i, j) - m.distance(j, i)).abs() < 1e-9);
            }
        }
        // The station is about 530 m from the Grand Place.
        assert!((m.distance(0, 1) / 1.3 - 0.53).abs() < 0.03, "{}", m.distance(0, 1));
    }

    #[test]
    fn haversine_rejects_bad_parameters() {
        assert!(TravelMatrix::haversine(&[STATION], 0.9, 15.0).is_err());
        assert!(TravelMatrix::haversine(&[STATION], 1.2, 0.0).is_err());
        assert!(TravelMatrix::haversine(&[GeoPoint { lat: 91.0, lon: 0.0 }], 1.2, 15.0).is_err());
    }

    #[test]
    fn euclidean_is_not_rounded() {
        let m = TravelMatrix::euclidean(&[(0.0, 0.0), (1.0, 1.0), (3.0, 4.0)]);
        assert!((m.distance(0, 1) - std::f64::consts::SQRT_2).abs() < 1e-12);
        assert_eq!(m.distance(0, 2), 5.0);
        assert_eq!(m.duration(0, 2), 5.0);
    }

    #[test]
    fn from_costs_precomputes_any_source() {
        struct Grid;
        impl TravelCosts for Grid {
            fn size(&self) -> usize {
                3
            }
            fn distance(&self, from: usize, to: usize) -> f64 {
                from.abs_diff(to) as f64
            }
            fn duration(&self, from: usize, to: usize) -> f64 {
                2.0 * from.abs_diff(to) as f64
            }
        }
        let m = TravelMatrix::from_costs(&Grid).unwrap();
        assert_eq!(m.distance(0, 2), 2.0);
        assert_eq!(m.duration(2, 0), 4.0);
        assert!(TravelMatrix::from_vecs(2, vec![0.0; 4], vec![0.0; 3]).is_err());
        assert!(TravelMatrix::from_vecs(1, vec![f64::NAN], vec![0.0]).is_err());
    }
}
