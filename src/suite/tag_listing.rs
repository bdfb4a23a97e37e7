//! Tags as the suite reads and shows them: a `ListResourceTags` page parsed
//! strictly, and tag lists put in a canonical order and printed for
//! failure messages. The World's `read_tags` pages through a key's tags
//! with these; the listing steps judge single pages.

use serde_json::Value;

use crate::wire::Exchange;

/// A tag as the suite expects it: key and value.
pub(crate) type TagPair = (String, String);

/// The result of the last listing steps: one entry per page.
#[derive(Clone, Debug, Default)]
pub(crate) struct Listing {
    /// The `ListResourceTags` exchanges, first page first.
    pub pages: Vec<Exchange>,
}

/// One page of `ListResourceTags`.
#[derive(Debug)]
pub(crate) struct ListingPage {
    /// The page's tags, in the order the target listed them.
    pub tags: Vec<TagPair>,
    /// `Truncated`; an absent member reads as `false`.
    pub truncated: bool,
    /// `NextMarker`, when present and a string.
    pub next_marker: Option<String>,
}

/// Reads a `ListResourceTags` answer strictly: 200, a `Tags` list of
/// `{TagKey, TagValue}` strings, a boolean `Truncated`.
///
/// # Errors
/// What is wrong with it.
pub(crate) fn parse_listing(exchange: &Exchange) -> Result<ListingPage, String> {
    if exchange.status != 200 {
        return Err(format!(
            "ListResourceTags answered {} {}",
            exchange.status,
            exchange.body_preview(300)
        ));
    }
    let body = exchange.json_object().ok_or_else(|| {
        format!(
            "ListResourceTags answered a body that is not a JSON object: {}",
            exchange.body_preview(300)
        )
    })?;
    let tags = match body.get("Tags") {
        Some(Value::Array(tags)) => tags,
        other => {
            return Err(format!(
                "ListResourceTags answered \"Tags\": {}, not a list",
                shown(other)
            ));
        }
    };
    let tags = tags
        .iter()
        .map(|tag| {
            let key = tag.get("TagKey").and_then(Value::as_str);
            let value = tag.get("TagValue").and_then(Value::as_str);
            match (key, value) {
                (Some(k), Some(v)) => Ok((k.to_owned(), v.to_owned())),
                _ => Err(format!("ListResourceTags answered a malformed tag: {tag}")),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let truncated = match body.get("Truncated") {
        Some(Value::Bool(t)) => *t,
        None => false,
        Some(other) => {
            return Err(format!(
                "ListResourceTags answered \"Truncated\": {other}, not a boolean"
            ));
        }
    };
    let next_marker = body
        .get("NextMarker")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(ListingPage {
        tags,
        truncated,
        next_marker,
    })
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "absent".to_owned(), Value::to_string)
}

/// Tags in a canonical order, for set comparison.
#[must_use]
pub(crate) fn sorted(tags: &[TagPair]) -> Vec<TagPair> {
    let mut tags = tags.to_vec();
    tags.sort();
    tags
}

/// `{env=prod, team=payments}`, or `no tags`.
#[must_use]
pub(crate) fn show_tags(tags: &[TagPair]) -> String {
    if tags.is_empty() {
        return "no tags".to_owned();
    }
    let shown: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let text = shown.join(", ");
    if text.len() > 400 {
        format!(
            "{} tags ({}…)",
            tags.len(),
            &text[..text.floor_char_boundary(400)]
        )
    } else {
        format!("{{{text}}}")
    }
}
