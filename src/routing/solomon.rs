//! Reader of the Solomon VRPTW text format (also used by the Gehring & Homberger instances).
//!
//! ```text
//! C101
//!
//! VEHICLE
//! NUMBER     CAPACITY
//!   25         200
//!
//! CUSTOMER
//! CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
//!
//!     0      40         50          0          0       1236          0
//!     1      45         68         10        912        967         90
//! ```
//!
//! Customer 0 is the depot; its window is the vehicles' shift. Distances are Euclidean and not
//! rounded, and travel takes as long as the distance.
//!
//! The travel matrix grows with the square of the customers: an instance is bounded to
//! [`MAX_CUSTOMERS`] customers and [`MAX_VEHICLES`] vehicles (the largest Gehring & Homberger
//! instances have 1,000 customers and 250 vehicles), so that no file can exhaust the memory.

use super::{Depot, Job, Problem, TimeWindow, TravelMatrix, VehicleType};

/// The most customers an instance may have (besides the depot): a matrix of 64 MB.
pub const MAX_CUSTOMERS: usize = 2000;
/// The most vehicles an instance may have.
pub const MAX_VEHICLES: usize = 2000;

/// What is wrong in the file, and where (1-based line; 0 when the file ended too early).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// Parses an instance; the name line is not kept.
pub fn parse(text: &str) -> Result<Problem, ParseError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let last_line = text.lines().count();
    let mut next = |expected: &str| {
        lines
            .next()
            .ok_or_else(|| error(last_line, format!("file ends before {expected}")))
    };

    next("the instance name")?;
    let (n, line) = next("the VEHICLE section")?;
    if !line.eq_ignore_ascii_case("VEHICLE") {
        return Err(error(n, format!("expected \"VEHICLE\", found \"{line}\"")));
    }
    let (n, line) = next("the NUMBER CAPACITY header")?;
    if !line.to_ascii_uppercase().starts_with("NUMBER") {
        return Err(error(
            n,
            format!("expected the \"NUMBER CAPACITY\" header, found \"{line}\""),
        ));
    }
    let (n, line) = next("the vehicle number and capacity")?;
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [number, capacity] = fields[..] else {
        return Err(error(
            n,
            format!("expected two numbers (vehicle number and capacity), found \"{line}\""),
        ));
    };
    let number: usize = number
        .parse()
        .map_err(|_| error(n, format!("vehicle number \"{number}\" is not a count")))?;
    if number > MAX_VEHICLES {
        return Err(error(
            n,
            format!("{number} vehicles: an instance may have {MAX_VEHICLES} at most"),
        ));
    }
    let capacity: i32 = capacity
        .parse()
        .ok()
        .filter(|c| *c >= 0)
        .ok_or_else(|| error(n, format!("capacity \"{capacity}\" is not a non-negative integer")))?;

    let (n, line) = next("the CUSTOMER section")?;
    if !line.eq_ignore_ascii_case("CUSTOMER") {
        return Err(error(n, format!("expected \"CUSTOMER\", found \"{line}\"")));
    }
    let (n, line) = next("the customer column header")?;
    if !line.to_ascii_uppercase().starts_with("CUST") {
        return Err(error(
            n,
            format!("expected the customer column header (\"CUST NO. ...\"), found \"{line}\""),
        ));
    }

    let mut points = Vec::new();
    let mut rows: Vec<(usize, Row)> = Vec::new();
    for (n, line) in lines {
        if rows.len() > MAX_CUSTOMERS {
            return Err(error(
                n,
                format!("more than {MAX_CUSTOMERS} customers: an instance may have {MAX_CUSTOMERS} at most"),
            ));
        }
        let row = parse_row(n, line)?;
        if let Some((first, _)) = rows.iter().find(|(_, r)| r.id == row.id) {
            return Err(error(n, format!("customer {} already defined on line {first}", row.id)));
        }
        if rows.is_empty() && row.id != 0 {
            return Err(error(
                n,
                format!("the first customer must be the depot, numbered 0, found {}", row.id),
            ));
        }
        points.push((row.x, row.y));
        rows.push((n, row));
    }
    let Some(((_, depot), customers)) = rows.split_first() else {
        return Err(error(last_line, "no customer rows: the depot (customer 0) is missing"));
    };
    if depot.demand != 0 {
        return Err(error(rows[0].0, "the depot (customer 0) must have a demand of 0"));
    }

    let window = TimeWindow::new(depot.ready, depot.due);
    let jobs = customers
        .iter()
        .enumerate()
        .map(|(i, (_, row))| Job {
            id: row.id.to_string(),
            location: i + 1,
            demand: vec![row.demand],
            service: row.service,
            window: TimeWindow::new(row.ready, row.due),
        })
        .collect();
    Ok(Problem {
        matrix: TravelMatrix::euclidean(&points),
        depot: Depot { location: 0, window },
        jobs,
        vehicles: vec![VehicleType::new("vehicle", number, vec![capacity], window)],
    })
}

struct Row {
    id: usize,
    x: f64,
    y: f64,
    demand: i32,
    ready: f64,
    due: f64,
    service: f64,
}

fn parse_row(n: usize, line: &str) -> Result<Row, ParseError> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [id, x, y, demand, ready, due, service] = fields[..] else {
        return Err(error(
            n,
            format!(
                "expected 7 columns (id x y demand ready due service), found {}: \"{line}\"",
                fields.len()
            ),
        ));
    };
    let number = |name: &str, value: &str| -> Result<f64, ParseError> {
        value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| error(n, format!("{name} \"{value}\" is not a number")))
    };
    let row = Row {
        id: id
            .parse()
            .map_err(|_| error(n, format!("customer number \"{id}\" is not a non-negative integer")))?,
        x: number("x coordinate", x)?,
        y: number("y coordinate", y)?,
        demand: demand
            .parse()
            .ok()
            .filter(|d: &i32| *d >= 0)
            .ok_or_else(|| error(n, format!("demand \"{demand}\" is not a non-negative integer")))?,
        ready: number("ready time", ready)?,
        due: number("due date", due)?,
        service: number("service time", service)?,
    };
    if row.ready > row.due {
        return Err(error(
            n,
            format!("ready time {} is after due date {}", row.ready, row.due),
        ));
    }
    if row.service < 0.0 {
        return Err(error(n, format!("service time {} is negative", row.service)));
    }
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::TravelCosts;

    const GOOD: &str = "TINY

VEHICLE
NUMBER     CAPACITY
  3         50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0          0          0          0       1000          0
    1      3          4         10         10        200         5
    2     -3          4         20          0        300         5
";

    #[test]
    fn parses_a_good_file() {
        let p = parse(GOOD).unwrap();
        assert_eq!(p.depot.location, 0);
        assert_eq!(p.depot.window, TimeWindow::new(0.0, 1000.0));
        assert_eq!(p.vehicles.len(), 1);
        assert_eq!(p.vehicles[0].count, 3);
        assert_eq!(p.vehicles[0].capacity, vec![50]);
        assert_eq!(p.vehicles[0].shift, TimeWindow::new(0.0, 1000.0));
        assert_eq!(p.jobs.len(), 2);
        let j = &p.jobs[0];
        assert_eq!(
            (j.id.as_str(), j.location, j.demand.clone(), j.service),
            ("1", 1, vec![10], 5.0)
        );
        assert_eq!(j.window, TimeWindow::new(10.0, 200.0));
        assert_eq!(p.matrix.distance(0, 1), 5.0);
        assert_eq!(p.matrix.distance(1, 2), 6.0);
        assert_eq!(p.matrix.duration(1, 2), 6.0);
        p.validate().unwrap();
    }

    #[test]
    fn accepts_windows_line_endings_and_trailing_blanks() {
        let text = GOOD.replace('\n', "\r\n") + "\r\n   \r\n";
        assert_eq!(parse(&text).unwrap().jobs.len(), 2);
    }

    fn err(text: &str) -> ParseError {
        parse(text).expect_err("the file is malformed")
    }

    #[test]
    fn reports_malformed_lines_with_their_number() {
        let e = err(&GOOD.replace("  3         50", "  3"));
        assert_eq!(e.line, 5);
        assert!(e.message.contains("two numbers"), "{e}");

        let e = err(&GOOD.replace("2     -3          4         20", "2     -3          4"));
        assert_eq!(e.line, 12);
        assert!(e.message.contains("expected 7 columns"), "{e}");
        assert_eq!(e.to_string().split(':').next(), Some("line 12"));

        let e = err(&GOOD.replace("-3 ", "x3 "));
        assert_eq!(e.line, 12);
        assert!(e.message.contains("x coordinate \"x3\""), "{e}");

        let e = err(&GOOD.replace("3          4         10", "3          4         -1"));
        assert_eq!(e.line, 11);
        assert!(e.message.contains("demand"), "{e}");

        let e = err(&GOOD.replace("10        200", "300        200"));
        assert!(e.message.contains("after due date"), "{e}");
    }

    #[test]
    fn instances_are_bounded_in_size() {
        let e = err(&GOOD.replace("  3         50", &format!("  {}         50", MAX_VEHICLES + 1)));
        assert_eq!(e.line, 5);
        assert!(e.message.contains("at most"), "{e}");
        let e = err(&GOOD.replace("  3         50", "  99999999999999999999999         50"));
        assert!(e.message.contains("is not a count"), "{e}");

        let mut text = GOOD.to_owned();
        for id in 3..=MAX_CUSTOMERS {
            text.push_str(&format!("{id} 1 1 1 0 1000 0\n"));
        }
        assert_eq!(parse(&text).unwrap().jobs.len(), MAX_CUSTOMERS);
        text.push_str(&format!("{} 1 1 1 0 1000 0\n", MAX_CUSTOMERS + 1));
        let e = err(&text);
        assert!(
            e.message.contains(&format!("more than {MAX_CUSTOMERS} customers")),
            "{e}"
        );
    }

    #[test]
    fn reports_structure_errors() {
        let e = err(&GOOD.replace("VEHICLE", "TRUCKS"));
        assert_eq!((e.line, e.message.contains("\"VEHICLE\"")), (3, true), "{e}");
        assert!(
            err(&GOOD.replace("CUSTOMER\n", "CUSTOMERS\n"))
                .message
                .contains("\"CUSTOMER\"")
        );
        assert!(err("C101\n\nVEHICLE\n").message.contains("file ends before"));
        let no_rows = GOOD.split("\n    0").next().unwrap();
        assert!(err(no_rows).message.contains("depot"));
        let e = err(&GOOD.replace("    2     -3", "    1     -3"));
        assert!(e.message.contains("already defined on line 11"), "{e}");
        let e = err(&GOOD.replace("    0      0 ", "    7      0 "));
        assert!(e.message.contains("must be the depot"), "{e}");
        assert!(err("").message.contains("instance name"));
    }
}
