//! What the page's script shows when a cell is pressed: a JSON block in the
//! page with every column, row and cell (verdict, reasons, exchanges), made
//! safe to sit inside a `<script>` element.

use serde_json::{Value, json};

use super::{Matrix, cell_label};
use crate::report::results::Verdict;

/// The JSON block's text.
#[must_use]
pub(crate) fn block(matrix: &Matrix<'_>) -> String {
    embedded_json(&data(matrix))
}

/// What the script needs to show a cell.
fn data(matrix: &Matrix<'_>) -> Value {
    let columns: Vec<Value> = matrix
        .columns
        .iter()
        .map(|c| {
            json!({
                "name": c.results.target.name,
                "endpoint": c.results.target.endpoint,
                "version": c.results.target.version,
                "date": c.results.run.date,
            })
        })
        .collect();
    let rows: Vec<Value> = matrix
        .rows()
        .map(|row| {
            json!({
                "name": row.scenario.name,
                "feature": row.scenario.feature,
                "location": row.scenario.location,
                "tags": row.scenario.tags,
                "evidence": row.scenario.evidence,
            })
        })
        .collect();
    let cells: Vec<Vec<Value>> = matrix
        .rows()
        .map(|row| {
            row.cells
                .iter()
                .map(|cell| match cell.result {
                    Some(result) => json!({
                        "verdict": cell.verdict,
                        "reason": cell.reason,
                        "expected": result.expected,
                        "failure": result.failure,
                        "lenient": result.lenient,
                        "elapsed_ms": result.elapsed_ms,
                        "first_action": result.first_action,
                        "exchanges": result.exchanges,
                    }),
                    None => json!({ "verdict": cell.verdict, "reason": cell.reason }),
                })
                .collect()
        })
        .collect();
    let labels: serde_json::Map<String, Value> = Verdict::ALL
        .iter()
        .map(|v| (v.key().to_owned(), json!([cell_label(*v), v.meaning()])))
        .collect();
    json!({ "columns": columns, "rows": rows, "cells": cells, "labels": labels })
}

/// JSON safe inside a `<script>` element: no `<`, `>` or `&` can close it
/// or open a comment, and JavaScript's line separators are escaped.
#[must_use]
pub(crate) fn embedded_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}
