//! `UntagResource`, the operation under test (contract §2).

use super::authorize::Access;
use super::error::KmsError;
use std::time::SystemTime;

use super::key::{Key, KeyAddr, Tag};
use super::resolve::Aliases;
use super::tags::is_reserved;
use super::validate::Validator;
use super::{Caller, Model, Output};
use crate::wire::Operation;

/// The input of `UntagResource`.
#[derive(Debug)]
pub(super) struct UntagResource<'a> {
    pub(super) key_id: &'a str,
    pub(super) tag_keys: Vec<&'a str>,
}

impl<'a> UntagResource<'a> {
    pub(super) fn validate(mut v: Validator<'a, '_>) -> Result<Self, KmsError> {
        let key_id = v.key_id()?;
        let tag_keys = v.strings("TagKeys")?;
        let tag_keys = v.required("tagKeys", tag_keys);
        if let Some(tag_keys) = &tag_keys {
            // The model sets no bound on the list, but KMS refuses an empty
            // one ("TagResource and UntagResource fail when no tags are
            // specified", contract row 7); its error type is unpublished.
            v.non_empty("TagKeys", "tagKeys", tag_keys.len());
        }
        let tag_keys = tag_keys.and_then(|sent| v.tag_keys("tagKeys", &sent));
        v.finish(
            key_id
                .zip(tag_keys)
                .map(|(key_id, tag_keys)| Self { key_id, tag_keys }),
        )
    }
}

impl Model {
    pub(super) fn untag_resource(
        &mut self,
        caller: &Caller,
        input: UntagResource<'_>,
    ) -> Result<Output, KmsError> {
        let UntagResource { key_id, tag_keys } = input;
        let access = Access::untag(&tag_keys);
        let addr = self.resolve(caller, access, key_id, Aliases::Refused)?;
        // The key's state refuses the call whatever it names (contract row
        // 27): a tag the key lacks changes nothing, but the call is still
        // refused.
        self.check_state(&access, self.key(&addr))?;
        // Unpublished for UntagResource (contract row 13); the stub refuses the
        // reserved prefix as TagResource does, so that nothing changes.
        if tag_keys.iter().any(|k| is_reserved(k)) {
            return Err(KmsError::tag("Tags beginning with aws: are reserved"));
        }
        // A tag key the key does not have is ignored (contract row 5).
        let key = self.key(&addr);
        for lacking in tag_keys.iter().filter(|k| !key.has_tag(k)) {
            self.seams.untag_reach.lacking(lacking, Ok(()))?;
        }
        let removed = self.remove_tags(&addr, &tag_keys);
        Ok(self.seams.untag_reach.output(removed, Output::Empty))
    }

    /// Removes the tags `tag_keys` name: an exact, case-sensitive match on
    /// the key (rows 3, 4, 12, 63), from that key alone (row 176); keys the
    /// key does not have are ignored. How many tags the key at `addr` lost.
    fn remove_tags(&mut self, addr: &KeyAddr, tag_keys: &[&str]) -> usize {
        let named = self.seams.untag_reach.tag_keys(tag_keys.to_vec());
        let targets = self
            .seams
            .untag_reach
            .keys(addr, &self.keys, vec![addr.clone()]);
        let undone_after = self.seams.untag_reach.undone_after(None);
        let still_counted = self.seams.untag_reach.still_counted(false);
        let mut lost = 0;
        for target in &targets {
            let (removed, kept): (Vec<Tag>, Vec<Tag>) = self
                .key(target)
                .tags
                .iter()
                .cloned()
                .partition(|tag| named.iter().any(|sent| self.names(sent, tag)));
            for tag in &kept {
                let later = named
                    .iter()
                    .find_map(|sent| self.seams.untag_reach.removes_later(sent, tag, None));
                if let Some(after) = later {
                    let due = self.now + after;
                    self.removing.push((target.clone(), tag.key.clone(), due));
                }
            }
            self.key_mut(target).tags = kept;
            self.commit(target);
            self.share_tags(target);
            if target == addr {
                lost = removed.len();
            }
            if still_counted {
                *self.still_counted.entry(target.clone()).or_default() += removed.len();
            }
            if let Some(after) = undone_after {
                let due = self.now + after;
                self.returning
                    .extend(removed.into_iter().map(|tag| (target.clone(), tag, due)));
            }
        }
        lost
    }

    /// Makes the late changes whose time is up, each as of the moment it
    /// was up, so that lagging reads see it then: removed tags put back
    /// (unless the key has got the tag again), tags not named removed all
    /// the same. Only a model bent at the untag reach seam has any.
    pub(super) fn make_late_changes(&mut self) {
        let now = self.now;
        for (addr, tag, at) in take_due(&mut self.returning, now) {
            self.change_at(&addr, at, |key| {
                let back = !key.has_tag(&tag.key);
                if back {
                    key.tags.push(tag);
                }
                back
            });
        }
        for (addr, tag_key, at) in take_due(&mut self.removing, now) {
            self.change_at(&addr, at, |key| {
                let gone = key.has_tag(&tag_key);
                key.tags.retain(|t| t.key != tag_key);
                gone
            });
        }
        self.now = now;
    }

    /// Commits `change` to the key at `addr` as of `at`, if it changed it;
    /// never before the key's last revision, as reads find revisions in order.
    fn change_at(&mut self, addr: &KeyAddr, at: SystemTime, change: impl FnOnce(&mut Key) -> bool) {
        let Some(key) = self.keys.get(addr) else {
            return;
        };
        let last = key.history.last().map_or(at, |r| r.at);
        if change(self.key_mut(addr)) {
            self.now = at.max(last);
            self.commit(addr);
        }
    }

    /// Whether `sent`, a tag key sent to `UntagResource`, names `tag`.
    fn names(&self, sent: &str, tag: &Tag) -> bool {
        self.seams
            .tag_match
            .matches(Operation::UntagResource, sent, tag, tag.key == sent)
    }
}

/// Takes out of `late` what is due by `now`, in the order it was added.
fn take_due<T>(
    late: &mut Vec<(KeyAddr, T, SystemTime)>,
    now: SystemTime,
) -> Vec<(KeyAddr, T, SystemTime)> {
    let (due, waiting) = std::mem::take(late)
        .into_iter()
        .partition(|(_, _, at)| *at <= now);
    *late = waiting;
    due
}
