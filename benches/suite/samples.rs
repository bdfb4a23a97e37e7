//! Repeated wall-time measurements and what a reader compares: the median,
//! and how far the runs spread around it.

use std::time::Duration;

use serde_json::{Value, json};

/// The wall times of one measurement, one per run.
#[derive(Clone, Debug, Default)]
pub(crate) struct Samples(Vec<Duration>);

impl Samples {
    pub(crate) fn push(&mut self, wall: Duration) {
        self.0.push(wall);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    fn sorted(&self) -> Vec<Duration> {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted
    }

    /// The middle run (the mean of the two middle ones for an even count):
    /// one run slowed by another developer's build does not move it.
    pub(crate) fn median(&self) -> Duration {
        let sorted = self.sorted();
        match sorted.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => sorted[n / 2],
            n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
        }
    }

    pub(crate) fn min(&self) -> Duration {
        self.0.iter().copied().min().unwrap_or_default()
    }

    pub(crate) fn max(&self) -> Duration {
        self.0.iter().copied().max().unwrap_or_default()
    }

    /// (max − min) / median, in percent: how much to trust the median.
    pub(crate) fn spread_percent(&self) -> f64 {
        let median = self.median().as_secs_f64();
        if median == 0.0 {
            return 0.0;
        }
        self.max().saturating_sub(self.min()).as_secs_f64() / median * 100.0
    }

    /// `412.3 ms (min 398.0, max 455.1, spread 14%, 5 runs)`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} (min {}, max {}, spread {:.0}%, {} runs)",
            ms(self.median()),
            ms(self.min()),
            ms(self.max()),
            self.spread_percent(),
            self.len()
        )
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "median_ms": millis(self.median()),
            "min_ms": millis(self.min()),
            "max_ms": millis(self.max()),
            "spread_percent": round(self.spread_percent(), 1),
            "runs_ms": self.0.iter().map(|d| millis(*d)).collect::<Vec<_>>(),
        })
    }
}

/// Median of `numerator` over median of `denominator`.
pub(crate) fn ratio(numerator: &Samples, denominator: &Samples) -> f64 {
    let below = denominator.median().as_secs_f64();
    if below == 0.0 {
        return f64::NAN;
    }
    numerator.median().as_secs_f64() / below
}

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub(crate) fn millis(d: Duration) -> f64 {
    round(d.as_secs_f64() * 1000.0, 2)
}

pub(crate) fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}
