//! Bends of [`Reads`]: reads that never see a change, and
//! `ListResourceTags` paging that ignores `Limit` or marks and continues
//! its pages wrongly (contract rows 72, 73 and 152).

use crate::stub::model::{Key, Page, Reads, Revision};

/// `stale-reads`: reads keep answering the tags the key was created with.
#[derive(Debug)]
pub(super) struct StaleReads;

impl Reads for StaleReads {
    fn visible(&self, key: &Key, kms: Revision) -> Revision {
        Revision {
            tags: key.first_tags.clone(),
            ..kms
        }
    }
}

/// `list-ignores-limit`: every page holds up to the default 50 tags.
#[derive(Debug)]
pub(super) struct ListIgnoresLimit;

impl Reads for ListIgnoresLimit {
    fn page_size(&self, default: i64, _kms: i64) -> i64 {
        default
    }
}

/// `list-truncated-when-full`: a full page says it is truncated, even when
/// no tag follows it.
#[derive(Debug)]
pub(super) struct ListTruncatedWhenFull;

impl Reads for ListTruncatedWhenFull {
    fn truncated(&self, page: &Page, kms: bool) -> bool {
        kms || page.end - page.start == page.size
    }
}

/// `list-marker-advances-by-one`: the next page starts one tag after this
/// page's first, not after its last.
#[derive(Debug)]
pub(super) struct ListMarkerAdvancesByOne;

impl Reads for ListMarkerAdvancesByOne {
    fn next_start(&self, page: &Page, _kms: usize) -> usize {
        page.start + 1
    }
}
