//! Steps about `ListResourceTags`: its shape and its paging.

use std::collections::BTreeSet;

use cucumber::gherkin::Step;
use serde_json::{Value, json};

use super::{StepResult, table_tags};
use crate::endpoint::Via;
use crate::suite::evidence::step;
use crate::suite::tag_listing::{parse_listing, show_tags, sorted};
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::{Exchange, Operation, Pager, WireRequest};

fn last_page(w: &KmsWorld) -> Result<&Exchange, String> {
    w.listing
        .pages
        .last()
        .ok_or_else(|| "no listing step ran".to_owned())
}

step!(
    #[when("I list the key's tags")]
    #[sends(Operation::ListResourceTags)]
    async fn list(w: &mut KmsWorld) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        let request = WireRequest::operation(Operation::ListResourceTags, &json!({ "KeyId": key }));
        let page = w.act(Via::Primary, request).await?.clone();
        w.listing.pages = vec![page];
        Ok(())
    }
);

step!(
    #[when(expr = "I list the key's tags {int} at a time until the last page")]
    #[sends(Operation::ListResourceTags)]
    async fn list_paged(w: &mut KmsWorld, limit: usize) -> StepResult {
        let key = w.key(KeyRole::Main)?.id.clone();
        // One page per tag at worst, and one more that says it is the last.
        let most_pages = w.key(KeyRole::Main)?.baseline.len() + 2;
        w.listing.pages.clear();
        let mut pager = Pager::new(json!({ "KeyId": key, "Limit": limit }), most_pages);
        while let Some(input) = pager.next_input() {
            let page = w
                .act(
                    Via::Primary,
                    WireRequest::operation(Operation::ListResourceTags, &input),
                )
                .await?
                .clone();
            parse_listing(&page)?;
            let body = page.json().unwrap_or_default();
            w.listing.pages.push(page);
            pager
                .advance(&body)
                .map_err(|e| format!("ListResourceTags: {e}"))?;
        }
        Ok(())
    }
);

step!(
    #[then(r#"the listing's "Tags" is an empty list"#)]
    // An empty list, never null nor absent, is recorded (row 74).
    #[asserts(Rec)]
    fn tags_empty_list(w: &mut KmsWorld) -> StepResult {
        let page = last_page(w)?;
        match page.json_object().and_then(|b| b.get("Tags").cloned()) {
            Some(Value::Array(tags)) if tags.is_empty() => Ok(()),
            Some(other) => Err(format!("expected \"Tags\": [], got \"Tags\": {other}")),
            None => Err(format!(
                "expected \"Tags\": [], but it is absent: {}",
                page.body_preview(300)
            )),
        }
    }
);

step!(
    /// `Truncated: false` (contract row 73). A `NextMarker` beside it is
    /// not judged here: clients drop a `null` member (row 182), and what
    /// is left out is the wire scenario's.
    #[then("the listing is not truncated")]
    #[asserts(Doc)]
    fn not_truncated(w: &mut KmsWorld) -> StepResult {
        let page = last_page(w)?;
        let body = page
            .json_object()
            .ok_or("the listing is not a JSON object")?;
        match body.get("Truncated") {
            Some(Value::Bool(false)) => Ok(()),
            other => Err(format!(
                "expected \"Truncated\": false, got {}",
                shown(other)
            )),
        }
    }
);

step!(
    /// The wire: a listing with no `NextMarker` to give leaves the member
    /// out, as a protocol-conforming server leaves out every member without
    /// a value, rather than sending `null` (contract row 182).
    #[then(r#"the listing leaves "NextMarker" out"#)]
    // Inferred from the protocol's server tests (rows 73 and 182).
    #[asserts(Inf)]
    fn next_marker_left_out(w: &mut KmsWorld) -> StepResult {
        let page = last_page(w)?;
        let body = page
            .json_object()
            .ok_or("the listing is not a JSON object")?;
        match body.get("NextMarker") {
            None => Ok(()),
            Some(v) => Err(format!(
                "\"NextMarker\" should be left out when there is none, got \"NextMarker\": {v}"
            )),
        }
    }
);

step!(
    #[then("the listing holds exactly the tags:")]
    #[asserts(Unk)]
    fn listing_holds(w: &mut KmsWorld, step: &Step) -> StepResult {
        let expected = sorted(&table_tags(w, step)?);
        let actual = sorted(&parse_listing(last_page(w)?)?.tags);
        if actual == expected {
            Ok(())
        } else {
            Err(format!(
                "the listing should hold {} but holds {}",
                show_tags(&expected),
                show_tags(&actual)
            ))
        }
    }
);

step!(
    #[then(r#"every page but the last was truncated with a "NextMarker""#)]
    #[asserts(Doc)]
    fn pages_truncated(w: &mut KmsWorld) -> StepResult {
        let pages = &w.listing.pages;
        let (last, before) = pages.split_last().ok_or("no listing step ran")?;
        for (i, page) in before.iter().enumerate() {
            let parsed = parse_listing(page)?;
            if !parsed.truncated || parsed.next_marker.is_none() {
                return Err(format!(
                    "page {} is not marked Truncated with a NextMarker",
                    i + 1
                ));
            }
        }
        let parsed = parse_listing(last)?;
        if parsed.truncated {
            return Err("the last page is still marked Truncated".to_owned());
        }
        Ok(())
    }
);

// A page may hold fewer tags than Limit (AWS "might return fewer"), so how
// full a page is proves nothing; but Truncated promises that more tags follow
// (contract row 73), and a truncated page with nothing after it broke that.
step!(
    #[then("every page marked Truncated was followed by more tags")]
    #[asserts(Doc)]
    fn truncated_pages_have_successors(w: &mut KmsWorld) -> StepResult {
        let mut held = Vec::new();
        for page in &w.listing.pages {
            let parsed = parse_listing(page)?;
            held.push((parsed.truncated, parsed.tags.len()));
        }
        for (i, (truncated, _)) in held.iter().enumerate() {
            let after: usize = held[i + 1..].iter().map(|(_, n)| n).sum();
            if *truncated && after == 0 {
                return Err(format!(
                    "page {} is marked Truncated, but the {} page(s) after it hold no tag",
                    i + 1,
                    held.len() - i - 1
                ));
            }
        }
        Ok(())
    }
);

step!(
    #[then(expr = "no page held more than {int} tag(s)")]
    #[asserts(Doc)]
    fn pages_within_limit(w: &mut KmsWorld, limit: usize) -> StepResult {
        for (i, page) in w.listing.pages.iter().enumerate() {
            let held = parse_listing(page)?.tags.len();
            if held > limit {
                return Err(format!(
                    "page {} held {held} tags, over the Limit of {limit}",
                    i + 1
                ));
            }
        }
        Ok(())
    }
);

step!(
    #[then("the pages together hold exactly the tags:")]
    #[asserts(Unk)]
    fn pages_hold(w: &mut KmsWorld, step: &Step) -> StepResult {
        let expected = sorted(&table_tags(w, step)?);
        let mut all = Vec::new();
        for page in &w.listing.pages {
            all.extend(parse_listing(page)?.tags);
        }
        let distinct: BTreeSet<_> = all.iter().collect();
        if distinct.len() != all.len() {
            return Err(format!(
                "a tag appeared on more than one page: {}",
                show_tags(&all)
            ));
        }
        let all = sorted(&all);
        if all == expected {
            Ok(())
        } else {
            Err(format!(
                "the pages hold {} instead of {}",
                show_tags(&all),
                show_tags(&expected)
            ))
        }
    }
);

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), Value::to_string)
}
