//! FinOps FOCUS cost exports (CSV).
//!
//! Rows are summed by billing month (from `ChargePeriodStart`, else
//! `BillingPeriodStart`) and `ServiceName` into cost lines, each pointing at
//! the first row it sums. The summed column is `BilledCost` unless the
//! manifest entry names another FOCUS cost column (`measure`). Amounts are
//! added exactly (in billionths), not as floating point, so thousands of rows
//! do not drift. FOCUS has no budget columns: the budget is its own file.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;

/// The FOCUS cost columns a report may sum.
pub const MEASURES: [&str; 4] = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost"];

const SCALE: i128 = 1_000_000_000;

/// The largest amount one row may hold, in billionths: a quadrillion, the schema's bound on
/// money. Larger values are corrupt exports, and would overflow the sums.
const MAX_AMOUNT: i128 = 1_000_000_000_000_000 * SCALE;

pub fn read(file: &File, entry: &Entry) -> Result<Map<String, Value>, Problem> {
    let measure = entry.measure.as_deref().unwrap_or("BilledCost");
    let bad = |line: usize, message: String, label: String| {
        file.error_at(
            "relpolicy::gather::focus",
            message,
            file.offset(line, 1),
            label,
        )
    };
    if !MEASURES.contains(&measure) {
        return Err(bad(
            1,
            format!("`{measure}` is not a FOCUS cost column"),
            "while reading this file".into(),
        )
        .help(format!(
            "use one of {} as `measure` in relpolicy.yaml",
            MEASURES.join(", ")
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(file.text.text().as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            bad(
                1,
                format!("{} is not readable CSV", file.text.name()),
                e.to_string(),
            )
        })?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let Some(cost_at) = column(measure) else {
        return Err(bad(
            1,
            format!("{} has no {measure} column", file.text.name()),
            format!("columns: {}", headers.iter().collect::<Vec<_>>().join(", ")),
        )
        .help("a FOCUS export has BilledCost, EffectiveCost, BillingCurrency, ChargePeriodStart and ServiceName columns; export the FOCUS dataset, not a provider-specific one"));
    };
    let period_at = column("ChargePeriodStart").or_else(|| column("BillingPeriodStart"));
    let currency_at = column("BillingCurrency");
    let service_at = column("ServiceName");
    let (Some(period_at), Some(currency_at)) = (period_at, currency_at) else {
        return Err(bad(
            1,
            format!(
                "{} lacks ChargePeriodStart or BillingCurrency",
                file.text.name()
            ),
            "the header row".into(),
        )
        .help("relpolicy sums costs by period and needs the currency; export the FOCUS columns"));
    };

    let mut currency: Option<String> = None;
    // (period, service) -> (sum in billionths, first line)
    let mut sums: BTreeMap<(String, String), (i128, usize)> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            bad(
                line,
                format!("{} is not readable CSV", file.text.name()),
                e.to_string(),
            )
            .help("every row needs as many fields as the header; quote fields that contain commas")
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let row_currency = field(currency_at);
        match &currency {
            None => currency = Some(row_currency.to_owned()),
            Some(c) if c != row_currency => {
                return Err(bad(
                    line,
                    format!("{} mixes currencies ({c} and {row_currency})", file.text.name()),
                    "this row".into(),
                )
                .help("relpolicy compares costs with one budget in one currency; export one billing currency per file"));
            }
            Some(_) => {}
        }
        let amount = decimal(field(cost_at)).ok_or_else(|| {
            bad(
                line,
                format!("{measure} `{}` is not a number", field(cost_at)),
                "this row".into(),
            )
            .help("an unknown cost is not zero: fix or remove the row")
        })?;
        if amount.abs() > MAX_AMOUNT {
            return Err(bad(
                line,
                format!("{measure} `{}` is beyond a quadrillion", field(cost_at)),
                "this row".into(),
            )
            .help("no billing row is that large: the export is corrupt or the column holds something else"));
        }
        let period = field(period_at);
        let month = period.get(..7).filter(|m| {
            m.bytes().enumerate().all(|(i, b)| {
                if i == 4 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
        });
        let Some(month) = month else {
            return Err(bad(
                line,
                format!("`{period}` is not a charge period start"),
                "this row".into(),
            )
            .help("ChargePeriodStart is an ISO 8601 date-time such as 2026-03-01T00:00:00Z"));
        };
        let service = service_at.map(field).unwrap_or_default().to_owned();
        let slot = sums.entry((month.to_owned(), service)).or_insert((0, line));
        // Rows are bounded, and so is their number (by the file size): the sum stays far
        // inside i128; saturating keeps that true whatever the limits become.
        slot.0 = slot.0.saturating_add(amount);
    }
    let Some(currency) = currency else {
        return Err(bad(
            1,
            format!("{} has no cost rows", file.text.name()),
            "only a header".into(),
        )
        .help("an empty export proves nothing about cost; export the billing period"));
    };
    let lines: Vec<Value> = sums
        .into_iter()
        .map(|((period, service), (sum, line))| {
            let mut item = Map::new();
            item.insert("period".into(), json!(period));
            if !service.is_empty() {
                item.insert("service".into(), json!(service));
            }
            item.insert("cost".into(), json!(money(sum)));
            item.insert("source".into(), text::source_at(file, line, None));
            Value::Object(item)
        })
        .collect();
    let mut report = Map::new();
    report.insert("currency".into(), json!(currency));
    report.insert("lines".into(), Value::Array(lines));
    report.insert("source".into(), text::source_at(file, 1, None));
    Ok(report)
}

/// A decimal such as `-12.3456` or `1.5E-3` in billionths.
fn decimal(text: &str) -> Option<i128> {
    if text.contains(['e', 'E']) {
        let f: f64 = text.parse().ok()?;
        // Beyond i128 the cast would saturate; such amounts are refused by the caller anyway.
        return (f.is_finite() && f.abs() < 1e20).then(|| (f * SCALE as f64).round() as i128);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 20
    {
        return None;
    }
    let whole: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut frac: i128 = 0;
    let mut scale = SCALE / 10;
    for b in fraction.bytes().take(9) {
        frac += i128::from(b - b'0') * scale;
        scale /= 10;
    }
    let value = whole * SCALE + frac;
    Some(if negative { -value } else { value })
}

/// Billionths back to a number, rounded to the cent's ten-thousandth (what billing shows).
fn money(sum: i128) -> f64 {
    let rounded = sum.saturating_add(sum.signum() * 50_000) / 100_000;
    rounded as f64 / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal("12.5"), Some(12_500_000_000));
        assert_eq!(decimal("-0.000000001"), Some(-1));
        assert_eq!(decimal(".5"), Some(500_000_000));
        assert_eq!(decimal("1.5E-3"), Some(1_500_000));
        assert_eq!(decimal(""), None);
        assert_eq!(decimal("12,5"), None);
        assert_eq!(decimal("abc"), None);
        // 0.1 added ten thousand times is exactly 1000.
        let sum: i128 = (0..10_000).map(|_| decimal("0.1").unwrap()).sum();
        assert_eq!(money(sum), 1000.0);
    }

    fn read_csv(rows: &str) -> Result<Value, Problem> {
        let manifest = super::super::Manifest::parse(crate::source::SourceFile::new(
            "relpolicy.yaml",
            "manifest_version: 1\nevidence:\n  cost_report: billing/*.csv\n",
        ))
        .expect("manifest");
        let header = "BillingCurrency,ChargePeriodStart,ServiceName,BilledCost\n";
        super::super::read_bytes(
            super::super::Kind::CostReport,
            "billing/x.csv",
            format!("{header}{rows}").into_bytes(),
            &manifest,
        )
    }

    #[test]
    fn amounts_beyond_any_budget_are_refused_at_their_row() {
        // Found by fuzzing: 1e308 saturated the sum, and rounding it overflowed.
        for amount in [
            "1e308",
            "-1e308",
            "1000000000000001",
            "99999999999999999999",
        ] {
            let rows =
                format!("EUR,2026-03-01T00:00:00Z,db,1\nEUR,2026-03-01T00:00:00Z,db,{amount}\n");
            let error = read_csv(&rows).expect_err(amount);
            assert_eq!(
                error.location().map(|l| l.1),
                Some(3),
                "{amount}: {error:?}"
            );
        }
        assert!(read_csv("EUR,2026-03-01T00:00:00Z,db,1000000000000000\n").is_ok());
    }

    #[test]
    fn a_charge_period_must_start_with_a_month() {
        // A multi-byte character across byte 7 would have panicked the slice.
        for period in ["2026-0\u{e9}3-01", "march 2026", "2026/03/01", "abc"] {
            assert!(
                read_csv(&format!("EUR,{period},db,1\n")).is_err(),
                "{period}"
            );
        }
        assert!(read_csv("EUR,2026-03-01,db,1\n").is_ok());
    }
}
