//! A relay chain's XCMP records kept in maps: the reference implementation of [`RelayView`] and
//! of applying [`RelayUpdate`]s, for tests, simulators and as the model a relay pallet follows.

use alloc::{collections::BTreeMap, vec::Vec};
use codec::Encode;
use sp_runtime::BoundedVec;
use xcmp_primitives::{
	relay_state::{ChannelState, DigestSpan, EarlierLimits, PendingExpiry, ReceiverDigest},
	ChannelCursor, ChannelLimits, Nonce, ParaId, RelayBlockNumber, H256,
};

use crate::{
	apply_update, AwaitedBatch, RecordedEgress, RefusedRange, RelayRecords, RelayUpdate, RelayView,
};

/// The relay's XCMP records. It stores roots, nonces, cursors and digests: never a message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InMemoryRelay {
	channels: BTreeMap<(ParaId, ParaId), ChannelLimits>,
	/// The limits channels had before their last change in place, while batches sent under them
	/// may still come ([`EarlierLimits`]).
	earlier_limits: BTreeMap<(ParaId, ParaId), EarlierLimits>,
	/// Closing channels, with the relay block each began to close in.
	closing: BTreeMap<(ParaId, ParaId), RelayBlockNumber>,
	/// Block-list entries, by receiver then sender, with the relay block that recorded each.
	blocked: BTreeMap<(ParaId, ParaId), RelayBlockNumber>,
	/// Each egress record, with the relay block that recorded it.
	egress: BTreeMap<(ParaId, RelayBlockNumber), (RecordedEgress, RelayBlockNumber)>,
	last_egress_at: BTreeMap<ParaId, RelayBlockNumber>,
	last_sent: BTreeMap<(ParaId, ParaId), Nonce>,
	cursors: BTreeMap<(ParaId, ParaId), ChannelCursor>,
	refused: BTreeMap<(ParaId, ParaId), Vec<RefusedRange>>,
	/// When each channel's pending batches expire, where they do.
	pending_expiry: BTreeMap<(ParaId, ParaId), PendingExpiry>,
	watermarks: BTreeMap<ParaId, RelayBlockNumber>,
	digests: BTreeMap<(ParaId, RelayBlockNumber), ReceiverDigest>,
	digest_spans: BTreeMap<ParaId, DigestSpan>,
	/// Each para's head: kept by a relay's paras module, not by XCMP, so not in
	/// [`Self::encoded_size`].
	heads: BTreeMap<ParaId, H256>,
}

impl InMemoryRelay {
	/// A relay with a channel between every two of `paras`, each way, with `limits`, as if
	/// opened at relay block 0.
	pub fn fully_connected(paras: &[ParaId], limits: ChannelLimits) -> Self {
		let mut relay = Self::default();
		for sender in paras {
			for receiver in paras.iter().filter(|receiver| *receiver != sender) {
				relay.open_channel(*sender, *receiver, limits);
			}
		}
		relay
	}

	/// Opens the channel `sender -> receiver` with `limits`.
	pub fn open_channel(&mut self, sender: ParaId, receiver: ParaId, limits: ChannelLimits) {
		self.channels.insert((sender, receiver), limits);
	}

	/// The current limits of the channel `sender -> receiver`, which judge a batch sent now, or
	/// `None` if there is no channel.
	pub fn limits(&self, sender: ParaId, receiver: ParaId) -> Option<ChannelLimits> {
		self.channels.get(&(sender, receiver)).copied()
	}

	/// The limits the channel `sender -> receiver` had before its last change in place, if it
	/// changed.
	pub fn earlier_limits(&self, sender: ParaId, receiver: ParaId) -> Option<EarlierLimits> {
		self.earlier_limits.get(&(sender, receiver)).copied()
	}

	/// Starts closing the channel `sender -> receiver` in relay block `now`: it takes no new
	/// batches from blocks built on `now` or later.
	pub fn close_channel(&mut self, sender: ParaId, receiver: ParaId, now: RelayBlockNumber) {
		self.closing.entry((sender, receiver)).or_insert(now);
	}

	/// Sets when the batches pending on the channel `sender -> receiver` expire.
	fn set_pending_expiry(&mut self, sender: ParaId, receiver: ParaId, expiry: PendingExpiry) {
		if expiry == PendingExpiry::Never {
			self.pending_expiry.remove(&(sender, receiver));
		} else {
			self.pending_expiry.insert((sender, receiver), expiry);
		}
	}

	/// Closes the closing channel `sender -> receiver` by timeouts at relay block `now`, as
	/// `pallet-xcmp-relay`'s `close_expired_channel` does, if every batch pending on it passed
	/// its deadline for good ([`ChannelState::time_out`]). Returns whether it did.
	pub fn time_out_channel(
		&mut self,
		sender: ParaId,
		receiver: ParaId,
		now: RelayBlockNumber,
	) -> bool {
		let Some(mut state) = self.channel_state(sender, receiver) else { return false };
		if !state.time_out(now) {
			return false;
		}
		self.set_pending_expiry(sender, receiver, state.pending_expiry);
		true
	}

	/// Opens the channel `sender -> receiver` again, with `limits`, if it is closed and holds no
	/// refusal its sender has not seen ([`ChannelState::may_reopen`]). It continues the closed one, as `pallet-xcmp-relay` has it: the
	/// sender's next batch takes the next nonce and the receiver verifies it from its cursor.
	/// Returns whether the channel was closed and is now open.
	pub fn reopen_channel(
		&mut self,
		sender: ParaId,
		receiver: ParaId,
		limits: ChannelLimits,
	) -> bool {
		let closed = self.channel_state(sender, receiver).is_some_and(|state| state.may_reopen());
		if !closed || self.closing.remove(&(sender, receiver)).is_none() {
			return false;
		}
		self.channels.insert((sender, receiver), limits);
		self.earlier_limits.remove(&(sender, receiver));
		true
	}

	/// Changes the limits of the open channel `sender -> receiver` in place, in relay block
	/// `now`, as `pallet-xcmp-relay` does: batches sent before keep being judged by the limits
	/// they were sent under. Returns whether they changed: not if the channel is not open, the
	/// limits are invalid or the same, or its last change is not settled
	/// ([`EarlierLimits::settled`]).
	pub fn change_limits(
		&mut self,
		sender: ParaId,
		receiver: ParaId,
		limits: ChannelLimits,
		now: RelayBlockNumber,
	) -> bool {
		let Some(mut state) = self.channel_state(sender, receiver) else { return false };
		if state.check_limits_change(&limits, now).is_err() {
			return false;
		}
		state.change_limits(limits, now);
		self.channels.insert((sender, receiver), state.limits);
		if let Some(earlier) = state.earlier_limits {
			self.earlier_limits.insert((sender, receiver), earlier);
		}
		true
	}

	/// The channel `sender -> receiver` as the relay pallet records it (and a parachain reads
	/// it), so that the rules on its limits are [`ChannelState`]'s, or `None` if there is no
	/// channel.
	pub fn channel_state(&self, sender: ParaId, receiver: ParaId) -> Option<ChannelState> {
		let limits = self.channels.get(&(sender, receiver)).copied()?;
		Some(ChannelState {
			limits,
			earlier_limits: self.earlier_limits.get(&(sender, receiver)).copied(),
			last_sent: self.last_sent(sender, receiver),
			cursor: self.cursor(sender, receiver),
			refused: BoundedVec::truncate_from(self.refused(sender, receiver)),
			closing_since: self.closing.get(&(sender, receiver)).copied(),
			pending_expiry: RelayView::pending_expiry(self, sender, receiver),
		})
	}

	/// Applies an accepted candidate's update, recorded in relay block `now`
	/// ([`apply_update`]).
	pub fn apply(&mut self, update: &RelayUpdate, now: RelayBlockNumber) {
		apply_update(self, update, now);
	}

	/// What the sender learns of its channel to `receiver`: the last nonce consumed, and the
	/// ranges consumed by refusal that it has not seen yet.
	pub fn delivery(&self, sender: ParaId, receiver: ParaId) -> (Nonce, Vec<(Nonce, Nonce)>) {
		let consumed = self.cursor(sender, receiver).last_nonce;
		let refused = RelayView::refused(self, sender, receiver)
			.iter()
			.map(|range| (range.first, range.last))
			.collect();
		(consumed, refused)
	}

	/// Number of egress roots held.
	pub fn egress_roots_held(&self) -> usize {
		self.egress.len()
	}

	/// Everything held, in one order: what [`Self::encoded_size`] and [`Self::encoded`] encode.
	fn records(&self) -> impl Encode + '_ {
		(
			(&self.channels, &self.earlier_limits, &self.closing, &self.blocked),
			(&self.egress, &self.last_egress_at),
			(&self.last_sent, &self.cursors, &self.refused, &self.pending_expiry, &self.watermarks),
			(&self.digests, &self.digest_spans),
		)
	}

	/// Bytes of everything held, SCALE-encoded: what a relay runtime would store.
	pub fn encoded_size(&self) -> usize {
		self.records().encoded_size()
	}

	/// Everything [`Self::encoded_size`] counts, SCALE-encoded: the bytes a relay runtime would
	/// store, for checks that look into them.
	pub fn encoded(&self) -> Vec<u8> {
		self.records().encode()
	}
}

impl RelayView for InMemoryRelay {
	fn channel(
		&self,
		sender: ParaId,
		receiver: ParaId,
		sent_at: RelayBlockNumber,
	) -> Option<ChannelLimits> {
		let limits = self.channels.get(&(sender, receiver)).copied()?;
		let earlier = self.earlier_limits.get(&(sender, receiver));
		Some(EarlierLimits::limits_at(earlier, limits, sent_at))
	}

	fn closing_since(&self, sender: ParaId, receiver: ParaId) -> Option<RelayBlockNumber> {
		self.closing.get(&(sender, receiver)).copied()
	}

	fn blocked_since(&self, receiver: ParaId, sender: ParaId) -> Option<RelayBlockNumber> {
		self.blocked.get(&(receiver, sender)).copied()
	}

	fn blocked_count(&self, receiver: ParaId) -> u32 {
		self.blocked.keys().filter(|(r, _)| *r == receiver).count() as u32
	}

	fn egress_root(&self, sender: ParaId, sent_at: RelayBlockNumber) -> Option<H256> {
		self.egress.get(&(sender, sent_at)).map(|(e, _)| e.egress_root)
	}

	fn last_egress_at(&self, sender: ParaId) -> Option<RelayBlockNumber> {
		self.last_egress_at.get(&sender).copied()
	}

	fn last_sent(&self, sender: ParaId, receiver: ParaId) -> Nonce {
		self.last_sent.get(&(sender, receiver)).copied().unwrap_or_default()
	}

	fn cursor(&self, sender: ParaId, receiver: ParaId) -> ChannelCursor {
		self.cursors.get(&(sender, receiver)).copied().unwrap_or_default()
	}

	fn refused(&self, sender: ParaId, receiver: ParaId) -> Vec<RefusedRange> {
		self.refused.get(&(sender, receiver)).cloned().unwrap_or_default()
	}

	fn pending_expiry(&self, sender: ParaId, receiver: ParaId) -> PendingExpiry {
		self.pending_expiry.get(&(sender, receiver)).copied().unwrap_or_default()
	}

	fn watermark(&self, receiver: ParaId) -> RelayBlockNumber {
		self.watermarks.get(&receiver).copied().unwrap_or_default()
	}

	fn digest_span(&self, receiver: ParaId) -> Option<DigestSpan> {
		self.digest_spans.get(&receiver).copied()
	}

	fn digest(&self, receiver: ParaId, recorded_at: RelayBlockNumber) -> Option<ReceiverDigest> {
		self.digests.get(&(receiver, recorded_at)).cloned()
	}

	fn awaited_batch(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		receiver: ParaId,
	) -> Option<AwaitedBatch> {
		let (egress, recorded_at) = self.egress.get(&(sender, sent_at))?;
		AwaitedBatch::find(&egress.batches, receiver, *recorded_at)
	}

	fn head(&self, para: ParaId) -> Option<H256> {
		self.heads.get(&para).copied()
	}
}

impl RelayRecords for InMemoryRelay {
	fn record_egress(
		&mut self,
		sender: ParaId,
		egress: &RecordedEgress,
		expiries: &[(ParaId, PendingExpiry)],
		recorded_at: RelayBlockNumber,
	) {
		for (destination, expiry) in expiries {
			self.set_pending_expiry(sender, *destination, *expiry);
		}
		for (destination, _, last) in &egress.batches {
			self.last_sent.insert((sender, *destination), *last);
			if let Some(earlier) = self.earlier_limits.get_mut(&(sender, *destination)) {
				earlier.record_sent(egress.sent_at, *last);
			}
		}
		self.last_egress_at.insert(sender, egress.sent_at);
		self.egress.insert((sender, egress.sent_at), (egress.clone(), recorded_at));
	}

	fn awaited_batches(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
	) -> Option<Vec<(ParaId, Nonce, Nonce)>> {
		self.egress.get(&(sender, sent_at)).map(|(egress, _)| egress.batches.clone())
	}

	fn set_awaited_batches(
		&mut self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		batches: Vec<(ParaId, Nonce, Nonce)>,
	) {
		if let Some((egress, _)) = self.egress.get_mut(&(sender, sent_at)) {
			egress.batches = batches;
		}
	}

	fn remove_egress(&mut self, sender: ParaId, sent_at: RelayBlockNumber) {
		self.egress.remove(&(sender, sent_at));
	}

	fn set_cursor(&mut self, sender: ParaId, receiver: ParaId, cursor: ChannelCursor) {
		self.cursors.insert((sender, receiver), cursor);
	}

	fn set_refused(&mut self, sender: ParaId, receiver: ParaId, ranges: Vec<RefusedRange>) {
		if ranges.is_empty() {
			self.refused.remove(&(sender, receiver));
		} else {
			self.refused.insert((sender, receiver), ranges);
		}
	}

	fn drop_refused_seen(&mut self, sender: ParaId, seen_at: RelayBlockNumber) {
		for ((s, _), ranges) in self.refused.iter_mut() {
			if *s == sender {
				ranges.retain(|range| range.recorded_at > seen_at);
			}
		}
		self.refused.retain(|_, ranges| !ranges.is_empty());
	}

	fn set_watermark(&mut self, receiver: ParaId, watermark: RelayBlockNumber) {
		self.watermarks.insert(receiver, watermark);
	}

	fn set_blocked(
		&mut self,
		receiver: ParaId,
		sender: ParaId,
		blocked: bool,
		now: RelayBlockNumber,
	) {
		if blocked {
			self.blocked.entry((receiver, sender)).or_insert(now);
		} else {
			self.blocked.remove(&(receiver, sender));
		}
	}

	fn set_head(&mut self, para: ParaId, head: H256) {
		self.heads.insert(para, head);
	}

	fn set_digest(
		&mut self,
		receiver: ParaId,
		recorded_at: RelayBlockNumber,
		digest: Option<ReceiverDigest>,
	) {
		match digest {
			Some(digest) => self.digests.insert((receiver, recorded_at), digest),
			None => self.digests.remove(&(receiver, recorded_at)),
		};
	}

	fn set_digest_span(&mut self, receiver: ParaId, span: Option<DigestSpan>) {
		match span {
			Some(span) => self.digest_spans.insert(receiver, span),
			None => self.digest_spans.remove(&receiver),
		};
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use xcmp_primitives::limits::MAX_MESSAGE_SIZE;

	const LIMITS: ChannelLimits =
		ChannelLimits { max_capacity: 8, max_total_size: MAX_MESSAGE_SIZE, max_message_size: 64 };

	#[test]
	fn a_closing_channel_reopens_only_once_drained_and_continues_its_nonces() {
		let (a, b) = (ParaId::from(1), ParaId::from(2));
		let mut relay = InMemoryRelay::fully_connected(&[a, b], LIMITS);
		let egress = RecordedEgress {
			sent_at: 1,
			egress_root: H256::repeat_byte(1),
			batches: vec![(b, 1, 3)],
		};
		relay.record_egress(a, &egress, &[], 2);
		assert!(!relay.reopen_channel(a, b, LIMITS), "an open channel is not reopened");
		relay.close_channel(a, b, 3);
		assert!(!relay.reopen_channel(a, b, LIMITS), "three messages wait");
		relay.set_cursor(a, b, ChannelCursor { last_nonce: 3, mqc_head: H256::repeat_byte(2) });
		let range = RefusedRange { first: 3, last: 3, recorded_at: 3 };
		relay.set_refused(a, b, vec![range]);
		assert!(!relay.reopen_channel(a, b, LIMITS), "the sender has not seen a refusal");
		relay.drop_refused_seen(a, 3);
		let wider = ChannelLimits { max_capacity: 16, ..LIMITS };
		assert!(relay.reopen_channel(a, b, wider));
		assert!(!relay.is_closing(a, b));
		assert_eq!(relay.channel(a, b, 4), Some(wider));
		assert_eq!((relay.last_sent(a, b), relay.cursor(a, b).last_nonce), (3, 3));
		assert_eq!(relay.encoded().len(), relay.encoded_size());
	}

	#[test]
	fn limits_changed_in_place_judge_batches_by_when_they_were_sent() {
		let (a, b, c) = (ParaId::from(1), ParaId::from(2), ParaId::from(3));
		let mut relay = InMemoryRelay::fully_connected(&[a, b], LIMITS);
		let narrower = ChannelLimits { max_capacity: 2, ..LIMITS };
		let egress = |sent_at, first, last| RecordedEgress {
			sent_at,
			egress_root: H256::repeat_byte(1),
			batches: vec![(b, first, last)],
		};
		relay.record_egress(a, &egress(1, 1, 3), &[], 2);
		assert!(!relay.change_limits(a, c, narrower, 5), "no channel");
		assert!(!relay.change_limits(a, b, LIMITS, 5), "the same limits");
		assert!(relay.change_limits(a, b, narrower, 5));
		// A batch built before the change, included after it.
		relay.record_egress(a, &egress(4, 4, 6), &[], 6);
		assert_eq!(relay.earlier_limits(a, b).map(|earlier| earlier.last_nonce), Some(6));
		assert_eq!(
			(relay.channel(a, b, 4), relay.channel(a, b, 5)),
			(Some(LIMITS), Some(narrower))
		);
		assert_eq!(relay.limits(a, b), Some(narrower));
		// Settled once no candidate built before it can come and all it judged is consumed.
		assert!(!relay.change_limits(a, b, LIMITS, 8));
		relay.set_cursor(a, b, ChannelCursor { last_nonce: 6, mqc_head: H256::repeat_byte(2) });
		assert!(relay.change_limits(a, b, LIMITS, 8));
		assert_eq!(relay.channel(a, b, 7), Some(narrower));
		assert_eq!(relay.encoded().len(), relay.encoded_size());
	}
}
