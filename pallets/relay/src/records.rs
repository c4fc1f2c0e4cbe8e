//! The pallet's storage seen as the verifier's relay records.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::BoundedVec;
use frame_support::{defensive, traits::Get};
use scale_info::TypeInfo;
use xcmp_primitives::{
	limits::MAX_WATERMARK_ADVANCE,
	relay_state::{digests_from, farthest_watermark},
	ChannelCursor, ChannelLimits, Nonce, ParaId, RelayBlockNumber, H256,
};
use xcmp_verifier::{
	raise_digest_entry, AwaitedBatch, CandidateCommitments, RecordedEgress, RefusedRange,
	RelayRecords, RelayView,
};

use crate::{
	Blocked, BlockedCount, Channels, Config, Digests, EgressRoots, FirstInboundAt, Heads,
	InboundChannelCount, LastEgressAt, StoredEgress, UnseenRefusals, Watermarks,
};

/// The relay blocks `(after, up_to]`, each of which may hold a digest entry.
fn digest_blocks(
	after: RelayBlockNumber,
	up_to: RelayBlockNumber,
) -> impl Iterator<Item = RelayBlockNumber> {
	after.saturating_add(1)..=up_to
}

/// What checking and moving a candidate's watermark reads: the digests of the relay blocks it
/// passes. Counted before the candidate is checked, for its weight.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct WatermarkPass {
	/// Relay blocks passed, each one digest read (and removed, if there is one).
	pub blocks: u32,
	/// Digest entries in them, each checked against its sender's cursor.
	pub entries: u32,
	/// Channels read for those cursors, at most one per sender: the entries, up to the
	/// receiver's inbound channels.
	pub senders: u32,
}

/// What including a candidate walks beyond its own contents, declared with
/// [`Pallet::include_candidate`](crate::Pallet::include_candidate) so that its weight is known
/// before dispatch, as `pallet-collective`'s `close` takes bounds on its proposal. The includer
/// computes it with [`InclusionWitness::of`]; a candidate that needs more is not checked.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct InclusionWitness {
	/// The para's outbound channels holding refusals it has not seen, which its inclusion walks.
	pub refusing: u32,
	/// What its watermark passes.
	pub pass: WatermarkPass,
}

impl InclusionWitness {
	/// What including `candidate` walks over the current records.
	pub fn of<T: Config>(candidate: &CandidateCommitments) -> Self {
		Self {
			refusing: UnseenRefusals::<T>::decode_len(candidate.para).unwrap_or_default() as u32,
			pass: WatermarkPass::of::<T>(candidate),
		}
	}

	/// What including `candidate` walks, if this witness covers it in every part; `None`
	/// otherwise. It reads no more than the witness pays for: the refusal index and the two
	/// records that place the watermark's pass first, then only as many digests as the witness
	/// declares blocks.
	pub fn needed_within<T: Config>(&self, candidate: &CandidateCommitments) -> Option<Self> {
		let refusing = UnseenRefusals::<T>::decode_len(candidate.para).unwrap_or_default() as u32;
		let (from, up_to) = WatermarkPass::blocks_of::<T>(candidate);
		if refusing > self.refusing || up_to.saturating_sub(from) > self.pass.blocks {
			return None;
		}
		let needed = Self { refusing, pass: WatermarkPass::over::<T>(candidate.para, from, up_to) };
		self.covers(&needed).then_some(needed)
	}

	/// Whether this witness covers `needed` in every part.
	pub fn covers(&self, needed: &Self) -> bool {
		self.refusing >= needed.refusing
			&& self.pass.blocks >= needed.pass.blocks
			&& self.pass.entries >= needed.pass.entries
			&& self.pass.senders >= needed.pass.senders
	}
}

impl WatermarkPass {
	/// The most any candidate's watermark passes: [`MAX_WATERMARK_ADVANCE`] relay blocks, each
	/// with an entry from every inbound channel.
	pub fn most<T: Config>() -> Self {
		let senders = T::MaxInboundChannels::get();
		Self {
			blocks: MAX_WATERMARK_ADVANCE,
			entries: MAX_WATERMARK_ADVANCE.saturating_mul(senders),
			senders,
		}
	}

	/// Each part of this, at most that of `most`.
	pub fn capped_at(self, most: Self) -> Self {
		Self {
			blocks: self.blocks.min(most.blocks),
			entries: self.entries.min(most.entries),
			senders: self.senders.min(most.senders),
		}
	}

	/// What `candidate`'s watermark passes over the current records: the relay blocks from
	/// where its para's digests may lie ([`digests_from`]) to the committed watermark, at most
	/// [`MAX_WATERMARK_ADVANCE`] (the verifier refuses a farther move before reading any
	/// digest).
	pub fn of<T: Config>(candidate: &CandidateCommitments) -> Self {
		let (from, up_to) = Self::blocks_of::<T>(candidate);
		Self::over::<T>(candidate.para, from, up_to)
	}

	/// The relay blocks `(from, up_to]` that [`WatermarkPass::of`] counts: two reads, the
	/// para's watermark and its first inbound channel's block.
	fn blocks_of<T: Config>(
		candidate: &CandidateCommitments,
	) -> (RelayBlockNumber, RelayBlockNumber) {
		let (para, watermark) = (candidate.para, candidate.ingress.watermark);
		let from = digests_from(
			Watermarks::<T>::get(para),
			StorageRecords::<T>::default().first_inbound_at(para),
			watermark,
		);
		(from, farthest_watermark(from, watermark, MAX_WATERMARK_ADVANCE))
	}

	/// The pass over `para`'s digests in the relay blocks `(from, up_to]`: one read each.
	fn over<T: Config>(para: ParaId, from: RelayBlockNumber, up_to: RelayBlockNumber) -> Self {
		let entries = digest_blocks(from, up_to)
			.map(|at| Digests::<T>::decode_len(para, at).unwrap_or_default() as u32)
			.fold(0u32, u32::saturating_add);
		Self {
			blocks: up_to.saturating_sub(from),
			entries,
			senders: entries.min(T::MaxInboundChannels::get()),
		}
	}
}

/// The pallet's storage as [`RelayView`] and [`RelayRecords`]: what
/// [`xcmp_verifier::check_inclusion`] reads and [`xcmp_verifier::apply_update`] writes.
pub struct StorageRecords<T>(PhantomData<T>);

impl<T> Default for StorageRecords<T> {
	fn default() -> Self {
		Self(PhantomData)
	}
}

impl<T: Config> RelayView for StorageRecords<T> {
	fn channel(&self, sender: ParaId, receiver: ParaId) -> Option<ChannelLimits> {
		Channels::<T>::get(sender, receiver).map(|state| state.limits)
	}

	fn closing_since(&self, sender: ParaId, receiver: ParaId) -> Option<RelayBlockNumber> {
		Channels::<T>::get(sender, receiver).and_then(|state| state.closing_since)
	}

	fn blocked_since(&self, receiver: ParaId, sender: ParaId) -> Option<RelayBlockNumber> {
		Blocked::<T>::get(receiver, sender)
	}

	fn blocked_count(&self, receiver: ParaId) -> u32 {
		BlockedCount::<T>::get(receiver)
	}

	fn egress_root(&self, sender: ParaId, sent_at: RelayBlockNumber) -> Option<H256> {
		EgressRoots::<T>::get(sender, sent_at).map(|egress| egress.egress_root)
	}

	fn last_egress_at(&self, sender: ParaId) -> Option<RelayBlockNumber> {
		LastEgressAt::<T>::get(sender)
	}

	fn last_sent(&self, sender: ParaId, receiver: ParaId) -> Nonce {
		Channels::<T>::get(sender, receiver).map_or(0, |state| state.last_sent)
	}

	fn cursor(&self, sender: ParaId, receiver: ParaId) -> ChannelCursor {
		Channels::<T>::get(sender, receiver).map(|state| state.cursor).unwrap_or_default()
	}

	fn refused(&self, sender: ParaId, receiver: ParaId) -> Vec<RefusedRange> {
		Channels::<T>::get(sender, receiver)
			.map(|state| state.refused.into_inner())
			.unwrap_or_default()
	}

	fn watermark(&self, receiver: ParaId) -> RelayBlockNumber {
		Watermarks::<T>::get(receiver)
	}

	fn first_inbound_at(&self, receiver: ParaId) -> Option<RelayBlockNumber> {
		// A receiver with channels and no record (none is written without the other, but a
		// record missing must not let a watermark skip digests) counts as opened at 0.
		FirstInboundAt::<T>::get(receiver)
			.or_else(|| (InboundChannelCount::<T>::get(receiver) > 0).then_some(0))
	}

	fn sent_to(
		&self,
		receiver: ParaId,
		after: RelayBlockNumber,
		up_to: RelayBlockNumber,
	) -> Vec<(RelayBlockNumber, ParaId, Nonce)> {
		// The keys are hashed, so the blocks are read one by one: the verifier asks for at most
		// `MAX_WATERMARK_ADVANCE` of them, above the receiver's watermark.
		let mut sent: Vec<_> = digest_blocks(after, up_to)
			.flat_map(|at| {
				Digests::<T>::get(receiver, at).into_iter().map(move |(s, l)| (at, s, l))
			})
			.collect();
		sent.sort();
		sent
	}

	fn awaited_batch(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		receiver: ParaId,
	) -> Option<AwaitedBatch> {
		let stored = EgressRoots::<T>::get(sender, sent_at)?;
		AwaitedBatch::find(&stored.batches, receiver, stored.recorded_at)
	}

	fn head(&self, para: ParaId) -> Option<H256> {
		Heads::<T>::get(para)
	}
}

impl<T: Config> RelayRecords for StorageRecords<T> {
	fn record_egress(
		&mut self,
		sender: ParaId,
		egress: &RecordedEgress,
		recorded_at: RelayBlockNumber,
	) {
		for (destination, _, last) in &egress.batches {
			Channels::<T>::mutate(sender, destination, |state| {
				if let Some(state) = state {
					state.last_sent = *last;
				}
			});
			Digests::<T>::mutate(destination, recorded_at, |senders| {
				// One entry per sender per relay block, though several of its candidates may be
				// included in one. At most `MaxInboundChannels` senders have a channel to
				// `destination`: inclusion only accepts entries over open channels.
				if !raise_digest_entry(senders.as_mut(), sender, *last)
					&& senders.try_push((sender, *last)).is_err()
				{
					defensive!("a digest holds one entry per sender with a channel", destination);
				}
			});
		}
		LastEgressAt::<T>::insert(sender, egress.sent_at);
		let stored = StoredEgress {
			egress_root: egress.egress_root,
			recorded_at,
			// The verifier accepted at most `MAX_DESTINATIONS_PER_BLOCK` entries.
			batches: BoundedVec::truncate_from(egress.batches.clone()),
		};
		EgressRoots::<T>::insert(sender, egress.sent_at, stored);
	}

	fn held_egress(&self, sender: ParaId, sent_at: RelayBlockNumber) -> Option<RecordedEgress> {
		EgressRoots::<T>::get(sender, sent_at).map(|stored| RecordedEgress {
			sent_at,
			egress_root: stored.egress_root,
			batches: stored.batches.into_inner(),
		})
	}

	fn set_awaited_batches(
		&mut self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		batches: Vec<(ParaId, Nonce, Nonce)>,
	) {
		EgressRoots::<T>::mutate(sender, sent_at, |stored| {
			if let Some(stored) = stored {
				// A subset of the batches recorded, which fitted the bound.
				stored.batches = BoundedVec::truncate_from(batches);
			}
		});
	}

	fn remove_egress(&mut self, sender: ParaId, sent_at: RelayBlockNumber) {
		EgressRoots::<T>::remove(sender, sent_at);
	}

	fn set_cursor(&mut self, sender: ParaId, receiver: ParaId, cursor: ChannelCursor) {
		Channels::<T>::mutate(sender, receiver, |state| {
			if let Some(state) = state {
				state.cursor = cursor;
			}
		});
	}

	fn set_refused(&mut self, sender: ParaId, receiver: ParaId, ranges: Vec<RefusedRange>) {
		let refusing = !ranges.is_empty();
		let mut stored = false;
		Channels::<T>::mutate(sender, receiver, |state| {
			if let Some(state) = state {
				// The verifier refuses candidates that would hold more than the bound.
				state.refused = BoundedVec::truncate_from(ranges);
				stored = true;
			}
		});
		UnseenRefusals::<T>::mutate_exists(sender, |index| {
			let receivers = index.get_or_insert_with(Default::default);
			match receivers.binary_search(&receiver) {
				Ok(at) if !refusing => {
					receivers.remove(at);
				}
				// Each receiver in it has a channel from `sender`, and `sender` has at most
				// `MaxOutboundChannels` of them.
				Err(at) if refusing && stored && receivers.try_insert(at, receiver).is_err() => {
					defensive!("a sender's unseen refusals are bounded by its channels", sender);
				}
				_ => {}
			}
			if receivers.is_empty() {
				*index = None;
			}
		});
	}

	fn drop_refused_seen(&mut self, sender: ParaId, seen_at: RelayBlockNumber) {
		let mut receivers = UnseenRefusals::<T>::get(sender);
		if receivers.is_empty() {
			return;
		}
		receivers.retain(|receiver| {
			Channels::<T>::mutate(sender, receiver, |state| match state {
				Some(state) => {
					state.refused.retain(|r| r.recorded_at > seen_at);
					!state.refused.is_empty()
				}
				None => false,
			})
		});
		if receivers.is_empty() {
			UnseenRefusals::<T>::remove(sender);
		} else {
			UnseenRefusals::<T>::insert(sender, receivers);
		}
	}

	fn set_watermark(&mut self, receiver: ParaId, watermark: RelayBlockNumber) {
		// Every digest entry lies above the recorded watermark and at or after the receiver's
		// first inbound channel: those the new watermark passes are in the blocks from there.
		let from = digests_from(
			Watermarks::<T>::get(receiver),
			self.first_inbound_at(receiver),
			watermark,
		);
		for at in digest_blocks(from, watermark) {
			if Digests::<T>::contains_key(receiver, at) {
				Digests::<T>::remove(receiver, at);
			}
		}
		Watermarks::<T>::insert(receiver, watermark);
	}

	fn set_blocked(
		&mut self,
		receiver: ParaId,
		sender: ParaId,
		blocked: bool,
		now: RelayBlockNumber,
	) {
		if Blocked::<T>::contains_key(receiver, sender) == blocked {
			return;
		}
		if blocked {
			Blocked::<T>::insert(receiver, sender, now);
		} else {
			Blocked::<T>::remove(receiver, sender);
		}
		BlockedCount::<T>::mutate_exists(receiver, |count| {
			let what = "a receiver unblocks a sender it blocks, so it counts one";
			crate::step_count(count, blocked, what)
		});
	}

	fn set_head(&mut self, para: ParaId, head: H256) {
		Heads::<T>::insert(para, head);
	}
}
