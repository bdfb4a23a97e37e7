//! The World: one per scenario, holding the keys it made and every exchange
//! it had with the target.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::barrier;
pub(crate) use super::key_role::KeyRole;
use super::policy_text::Policies;
use super::scenario_roles::ScenarioRole;
use super::tag_listing::{Listing, TagPair, parse_listing, sorted};
use crate::endpoint::{RunContext, Via};
use crate::report::time_spent::{TimeSpent, WaitCause};
use crate::wire::{Client, Exchange, Operation, Pager, WireRequest};

/// More pages than any key's tags fill (50 tags, at least one a page).
const MAX_TAG_PAGES: usize = 100;

/// A key this scenario uses, and the tags it must have unless a step changed them.
#[derive(Clone, Debug)]
pub(crate) struct TrackedKey {
    /// Its key ID, as `CreateKey` answered it.
    pub id: String,
    /// Its key ARN, as `CreateKey` answered it.
    pub arn: String,
    /// The caller that owns it.
    pub via: Via,
    /// What the key's tags are before the action under test.
    pub baseline: Vec<TagPair>,
    /// The tags the last settled check saw (sorted); `None` before any
    /// read showed the key. A check that expects these again is a check
    /// that nothing changed, which a stale read could pass: it is made
    /// behind a barrier (see [`super::barrier`]).
    pub confirmed: Option<Vec<TagPair>>,
    /// When the check that last confirmed [`Self::confirmed`] ended: by then
    /// the state it saw had been seen, so a read a while after this is at
    /// least that while after it was first seen.
    pub confirmed_at: Option<Instant>,
    /// How many barrier sentinels were written to it, for a fresh value each time.
    pub barriers: u32,
    /// Whether this scenario created it (and so must schedule its deletion).
    pub created: bool,
    /// Whether its deletion is already scheduled.
    pub deletion_scheduled: bool,
}

/// One scenario's state. Built empty by cucumber; the run's `before` hook
/// hands it the [`RunContext`].
#[derive(cucumber::World, Default)]
pub(crate) struct KmsWorld {
    context: Option<Arc<RunContext>>,
    /// The scenario's name, for reports and for naming the target's failure.
    pub scenario: String,
    /// The keys the scenario uses, by the role its steps call them by.
    pub keys: BTreeMap<KeyRole, TrackedKey>,
    /// Keys a later step replaced in [`Self::keys`] (a scenario's own
    /// "Given a key ..." after its Background's): still the scenario's to
    /// clean up.
    pub replaced: Vec<TrackedKey>,
    /// The alias this scenario made for the key.
    pub alias: Option<String>,
    /// Values drawn once per scenario for templates such as `{random-uuid}`.
    pub drawn: BTreeMap<String, String>,
    /// The caller's account, learnt from the first key's ARN.
    pub account: Option<String>,
    /// The caller's partition (`aws`, `aws-cn`...), learnt with the account.
    pub partition: Option<String>,
    /// Every exchange of the scenario, in order (cleanup excluded).
    pub trail: Vec<Exchange>,
    /// Where in `trail` the request under test is: the last `When` step's.
    /// Reads made to check it come after it and do not replace it.
    pub action: Option<usize>,
    /// Where in `trail` the first request under test is: what comes before
    /// it is setup, what comes from it on is what the scenario judged.
    pub first_action: Option<usize>,
    /// Things that passed only leniently (a `{}` success body, say).
    pub lenient: Vec<String>,
    /// Whether what would pass leniently fails instead (`--strict`).
    pub strict: bool,
    /// Whether the scenario stopped because the target stopped answering
    /// (a request failed in transport, or was not sent because of that).
    pub abandoned: bool,
    /// Whether one of its own requests is the one that met the dead target.
    pub died_here: bool,
    /// The pages of the last listing steps.
    pub listing: Listing,
    /// The key's policy around the call under test.
    pub policies: Policies,
    /// Where the scenario's time went: exchanges, and waits by cause.
    pub time: TimeSpent,
    /// The IAM roles the scenario assumed, by the label its steps use.
    pub roles: BTreeMap<String, ScenarioRole>,
    /// The names of the IAM roles the scenario created, for its cleanup.
    pub role_names: Vec<String>,
    /// The calls of a burst sent to be throttled: where each is in `trail`,
    /// and the tag key it removes.
    pub burst: Vec<(usize, String)>,
    /// Why the scenario could judge nothing, though no step failed: it
    /// ends skipped, with this reason, rather than passed.
    pub not_applicable: Option<String>,
}

impl fmt::Debug for KmsWorld {
    /// Only what is safe and useful: never a client (they hold credentials).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KmsWorld")
            .field("scenario", &self.scenario)
            .field("keys", &self.keys)
            .field("exchanges", &self.trail.len())
            .finish_non_exhaustive()
    }
}

impl KmsWorld {
    /// Hands the World its run; called by the `before` hook.
    pub(crate) fn attach(&mut self, context: Arc<RunContext>, scenario: &str, strict: bool) {
        self.context = Some(context);
        scenario.clone_into(&mut self.scenario);
        self.strict = strict;
    }

    /// The run this World belongs to.
    ///
    /// # Panics
    /// When the run's `before` hook did not attach it: a harness bug.
    #[must_use]
    pub(crate) fn context(&self) -> &Arc<RunContext> {
        self.context
            .as_ref()
            .expect("the before hook attaches the run context")
    }

    /// The bounded wait for reads to show writes.
    #[must_use]
    pub(crate) fn settle(&self) -> Duration {
        self.context().settle
    }

    /// The client a caller uses.
    ///
    /// # Errors
    /// When the run has no second account.
    pub(crate) fn client(&self, via: Via) -> Result<Client, String> {
        Ok(self.context().client(via)?)
    }

    /// Sends `request` as `via`, recording the exchange.
    ///
    /// # Errors
    /// A transport failure, which is also reported to the run: the target
    /// stopped answering, and the verdict is no longer about KMS behaviour.
    pub(crate) async fn send(
        &mut self,
        via: Via,
        request: WireRequest,
    ) -> Result<&Exchange, String> {
        let client = self.client(via)?;
        self.send_with(&client, request).await
    }

    /// Sends `request` through `client` (a role's session), recording the
    /// exchange.
    ///
    /// # Errors
    /// See [`Self::send`].
    pub(crate) async fn send_with(
        &mut self,
        client: &Client,
        request: WireRequest,
    ) -> Result<&Exchange, String> {
        if let Some((scenario, error)) = self.context().target_down() {
            self.abandoned = true;
            return Err(format!(
                "not sent: the target stopped answering during \"{scenario}\" ({error})"
            ));
        }
        let paced = client.pacer().is_some();
        let started = Instant::now();
        match client.send(request).await {
            Ok(exchange) => {
                self.account_for(&exchange, paced, started.elapsed());
                let recorded = self.trail.len();
                self.trail.push(exchange);
                Ok(&self.trail[recorded])
            }
            // A request that could not be built never reached the target:
            // the scenario's fault, not the target's.
            Err(error) if !error.is_transport() => Err(error.to_string()),
            Err(error) => {
                // The scenario did not fail on KMS behaviour: it could not
                // be judged. The run names it in its closing line.
                self.abandoned = true;
                self.died_here = true;
                self.context().report_target_down(&self.scenario, &error);
                Err(format!("transport failure: {error}"))
            }
        }
    }

    /// Books an exchange's time: on the wire, and what the client spent
    /// before it: a turn under the quotas (when it paces), throttled
    /// attempts and their backoff. (The rest is signing and a busy runtime.)
    fn account_for(&mut self, exchange: &Exchange, paced: bool, wall: Duration) {
        self.time.exchanges += exchange.elapsed;
        let before = wall.saturating_sub(exchange.elapsed);
        if exchange.throttled > 0 {
            self.time.waited(WaitCause::Throttled, before);
        } else if paced {
            self.time.waited(WaitCause::Pacing, before);
        }
    }

    /// Calls `operation` with `input` as `via`.
    ///
    /// # Errors
    /// See [`Self::send`].
    pub(crate) async fn call(
        &mut self,
        via: Via,
        operation: Operation,
        input: Value,
    ) -> Result<&Exchange, String> {
        self.send(via, WireRequest::operation(operation, &input))
            .await
    }

    /// Sends the request under test: the one `Then` steps judge.
    ///
    /// # Errors
    /// See [`Self::send`].
    pub(crate) async fn act(
        &mut self,
        via: Via,
        request: WireRequest,
    ) -> Result<&Exchange, String> {
        let client = self.client(via)?;
        self.act_with(&client, request).await
    }

    /// Sends the request under test through `client` (a role's session).
    ///
    /// # Errors
    /// See [`Self::send`].
    pub(crate) async fn act_with(
        &mut self,
        client: &Client,
        request: WireRequest,
    ) -> Result<&Exchange, String> {
        self.send_with(client, request).await?;
        let index = self.trail.len() - 1;
        self.action = Some(index);
        self.first_action.get_or_insert(index);
        self.last()
    }

    /// The request under test and its response.
    ///
    /// # Errors
    /// When no `When` step sent one.
    pub(crate) fn outcome(&self) -> Result<&Exchange, String> {
        self.action
            .and_then(|i| self.trail.get(i))
            .ok_or_else(|| "no When step sent a request".to_owned())
    }

    fn last(&self) -> Result<&Exchange, String> {
        self.trail
            .last()
            .ok_or_else(|| "no request was sent yet".to_owned())
    }

    /// Tracks `key` as `role`; a key the role named before stays the
    /// scenario's, for its cleanup.
    pub(crate) fn track(&mut self, role: KeyRole, key: TrackedKey) {
        if let Some(before) = self.keys.insert(role, key) {
            self.replaced.push(before);
        }
    }

    /// Notes that `role`'s key's deletion was scheduled (or cancelled),
    /// here and in the run's ledger: cleanup schedules the deletion of
    /// every key it made that is not. A primary pending replica deletion
    /// counts as scheduled: it goes once its replicas have.
    pub(crate) fn mark_deletion(&mut self, role: KeyRole, scheduled: bool) {
        let ledger = Arc::clone(&self.context().ledger);
        if let Some(key) = self.keys.get_mut(&role) {
            key.deletion_scheduled = scheduled;
            if scheduled {
                ledger.scheduled(&key.arn);
            } else {
                ledger.deletion_cancelled(&key.arn);
            }
        }
    }

    /// The key a step names.
    ///
    /// # Errors
    /// When the scenario has no such key.
    pub(crate) fn key(&self, role: KeyRole) -> Result<&TrackedKey, String> {
        self.keys.get(&role).ok_or_else(|| {
            format!(
                "the scenario has no {}: a Given step must make it",
                role.phrase()
            )
        })
    }

    /// Reads every tag of `role`'s key, following `NextMarker`, the
    /// barrier's sentinel left out: what every step judges.
    ///
    /// # Errors
    /// When a page is not a successful, well-formed listing, or the listing
    /// cannot be followed to its end.
    pub(crate) async fn read_tags(&mut self, role: KeyRole) -> Result<Vec<TagPair>, String> {
        Ok(barrier::without_sentinel(
            self.read_listed_tags(role).await?,
        ))
    }

    /// Reads every tag of `role`'s key as listed, the barrier's sentinel included.
    ///
    /// # Errors
    /// As [`Self::read_tags`].
    pub(crate) async fn read_listed_tags(&mut self, role: KeyRole) -> Result<Vec<TagPair>, String> {
        let key = self.key(role)?.clone();
        let mut tags = Vec::new();
        let mut pager = Pager::new(json!({ "KeyId": key.id }), MAX_TAG_PAGES);
        while let Some(input) = pager.next_input() {
            let exchange = self
                .call(key.via, Operation::ListResourceTags, input)
                .await?;
            tags.extend(parse_listing(exchange)?.tags);
            let body = exchange.json().unwrap_or_default();
            pager
                .advance(&body)
                .map_err(|e| format!("ListResourceTags: {e}"))?;
        }
        Ok(tags)
    }

    /// Waits, within the settle time, until `role`'s key has exactly
    /// `expected` (compared as sets; order is unpublished). When `expected`
    /// is what a read last confirmed, a stale read would pass: the check is
    /// then made behind a read-your-writes barrier (contract row 152).
    ///
    /// # Errors
    /// What the key had instead, when the wait ran out or cannot help.
    pub(crate) async fn expect_tags(
        &mut self,
        role: KeyRole,
        expected: &[TagPair],
    ) -> Result<(), String> {
        let want = sorted(expected);
        let unchanged = self.key(role)?.confirmed.as_ref() == Some(&want);
        if unchanged {
            barrier::expect_unchanged(self, role, &want).await?;
        } else {
            barrier::expect_shown(self, role, &want).await?;
        }
        if let Some(key) = self.keys.get_mut(&role) {
            key.confirmed = Some(want);
            key.confirmed_at = Some(Instant::now());
        }
        Ok(())
    }

    /// Remembers the account and partition of the caller from a key ARN.
    pub(crate) fn learn_identity(&mut self, arn: &str) {
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        if let [_, partition, _, _, account, _] = parts.as_slice() {
            self.partition
                .get_or_insert_with(|| (*partition).to_owned());
            self.account.get_or_insert_with(|| (*account).to_owned());
        }
    }
}
