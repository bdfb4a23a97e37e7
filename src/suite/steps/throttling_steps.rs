//! Steps of the burst that provokes throttling on purpose (contract rows
//! 150 and 213; `suite::burst`).

use crate::suite::burst;
use crate::suite::evidence::step;
use crate::suite::world::{KeyRole, KmsWorld};
use crate::wire::Operation;

use super::StepResult;

step!(
    /// `count` calls at once on the key, the i-th removing the key's i-th
    /// tag as it was made, each sent once: no pacing, no retry.
    #[when(
        expr = "I send {int} UntagResource calls at once, each removing one of the key's tags, retrying none"
    )]
    #[sends(Operation::UntagResource)]
    async fn untag_burst(w: &mut KmsWorld, count: usize) -> StepResult {
        let made = &w.key(KeyRole::Main)?.baseline;
        if made.len() < count {
            return Err(format!(
                "the key was made with {} tags, fewer than the {count} calls of the burst",
                made.len()
            ));
        }
        let tag_keys = made.iter().take(count).map(|(k, _)| k.clone()).collect();
        w.send_burst(KeyRole::Main, tag_keys).await
    }
);

step!(
    #[then(
        "every call answered ThrottlingException left its tag, and every call that succeeded removed its own"
    )]
    #[asserts(Doc)]
    async fn throttled_calls_had_no_effect(w: &mut KmsWorld) -> StepResult {
        burst::judge(w, KeyRole::Main).await
    }
);
