//! Paging through a KMS listing (`ListResourceTags`, `ListKeys`, `ListAliases`).
//!
//! Every KMS listing pages the same way: the answer says `"Truncated": true`
//! and hands out a `NextMarker`, which the next request sends as `Marker`.
//! [`Pager`] is that loop's state, apart from how a page is sent and what
//! its items are, so every listing the suite reads follows one set of rules:
//! a truncated page without a marker, a marker handed out twice, or a
//! listing that never ends is the target's error, never a silent stop.

use std::fmt;

use serde_json::{Value, json};

/// Why a listing could not be followed to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PagingError {
    /// `Truncated` is there but is not a boolean.
    TruncatedNotBoolean(String),
    /// `"Truncated": true` without a string `NextMarker`.
    MissingMarker,
    /// The same `NextMarker` again: following it would loop forever.
    RepeatedMarker(String),
    /// Still truncated after this many pages.
    TooManyPages(usize),
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TruncatedNotBoolean(value) => {
                write!(f, "\"Truncated\": {value} is not a boolean")
            }
            Self::MissingMarker => {
                f.write_str("\"Truncated\": true but no \"NextMarker\" to continue from")
            }
            Self::RepeatedMarker(marker) => {
                write!(f, "\"NextMarker\" {marker:?} was handed out twice")
            }
            Self::TooManyPages(pages) => write!(f, "still truncated after {pages} pages"),
        }
    }
}

impl std::error::Error for PagingError {}

/// Where a listing stands: the input of its next page, or done.
///
/// ```text
/// let mut pager = Pager::new(json!({ "KeyId": id }), 100);
/// while let Some(input) = pager.next_input() {
///     let body = send(input)?;           // any sender, sync or async
///     items.extend(read_items(&body)?);
///     pager.advance(&body)?;
/// }
/// ```
#[derive(Clone, Debug)]
pub(crate) struct Pager {
    input: Value,
    markers: Vec<String>,
    max_pages: usize,
    done: bool,
}

impl Pager {
    /// A listing whose every page sends `input` (an object), plus `Marker`
    /// after the first; at most `max_pages` pages.
    #[must_use]
    pub(crate) fn new(input: Value, max_pages: usize) -> Self {
        Self {
            input,
            markers: Vec::new(),
            max_pages,
            done: false,
        }
    }

    /// The next page's input, or `None` once the last page was read.
    #[must_use]
    pub(crate) fn next_input(&self) -> Option<Value> {
        if self.done {
            return None;
        }
        let mut input = self.input.clone();
        if let (Some(marker), Some(object)) = (self.markers.last(), input.as_object_mut()) {
            object.insert("Marker".to_owned(), json!(marker));
        }
        Some(input)
    }

    /// Reads where `body`, the answer to the last input, continues.
    ///
    /// # Errors
    /// A page that says it is truncated but cannot be continued, a marker
    /// handed out twice, or more than the allowed number of pages.
    pub(crate) fn advance(&mut self, body: &Value) -> Result<(), PagingError> {
        match continuation(body)? {
            None => {
                self.done = true;
                Ok(())
            }
            Some(marker) if self.markers.contains(&marker) => {
                Err(PagingError::RepeatedMarker(marker))
            }
            Some(_) if self.markers.len() + 1 >= self.max_pages => {
                Err(PagingError::TooManyPages(self.markers.len() + 1))
            }
            Some(marker) => {
                self.markers.push(marker);
                Ok(())
            }
        }
    }
}

/// The marker a page continues from: `None` on the last page.
///
/// `Truncated` absent counts as `false` (moto leaves it out); a
/// `NextMarker` on a page that is not truncated is ignored here (the
/// scenarios judge its presence themselves).
///
/// # Errors
/// `Truncated` that is not a boolean, or true without a string `NextMarker`.
pub(crate) fn continuation(body: &Value) -> Result<Option<String>, PagingError> {
    let truncated = match body.get("Truncated") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(truncated)) => *truncated,
        Some(other) => return Err(PagingError::TruncatedNotBoolean(other.to_string())),
    };
    if !truncated {
        return Ok(None);
    }
    match body.get("NextMarker") {
        Some(Value::String(marker)) if !marker.is_empty() => Ok(Some(marker.clone())),
        _ => Err(PagingError::MissingMarker),
    }
}

#[cfg(test)]
mod tests;
