//! The pallet's storage seen as the verifier's relay records.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::marker::PhantomData;
use frame_support::BoundedVec;
use frame_support::{defensive, traits::Get};
use scale_info::TypeInfo;
use xcmp_primitives::{ChannelCursor, ChannelLimits, Nonce, ParaId, RelayBlockNumber, H256};
use xcmp_verifier::{
	AwaitedBatch, CandidateCommitments, PendingExpiry, RecordedEgress, RefusedRange, RelayRecords,
	RelayView,
};

use crate::{
	AwaitedBatches, AwaitedEgress, Blocked, BlockedCount, Channels, Config, DigestSpan,
	DigestSpans, Digests, EgressRoots, Heads, LastEgressAt, ReceiverDigest, UnseenRefusals,
	Watermarks,
};

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
}

impl InclusionWitness {
	/// What including `candidate` walks over the current records.
	pub fn of<T: Config>(candidate: &CandidateCommitments) -> Self {
		Self {
			refusing: UnseenRefusals::<T>::decode_len(candidate.para).unwrap_or_default() as u32,
		}
	}

	/// What including `candidate` walks, if this witness covers it; `None` otherwise. It reads
	/// the refusal index alone.
	pub fn needed_within<T: Config>(&self, candidate: &CandidateCommitments) -> Option<Self> {
		let needed = Self::of::<T>(candidate);
		self.covers(&needed).then_some(needed)
	}

	/// Whether this witness covers `needed`.
	pub fn covers(&self, needed: &Self) -> bool {
		self.refusing >= needed.refusing
	}
}

impl<T: Config> crate::Pallet<T> {
	/// The relay blocks of `receiver`'s digests, oldest first, at most `limit` of them: those a
	/// block of `receiver` on the current relay block may pass with its watermark, which its
	/// collator proves ([`receiver_proof_keys`](xcmp_primitives::relay_state::receiver_proof_keys)).
	pub fn digest_blocks(receiver: ParaId, limit: u32) -> Vec<RelayBlockNumber> {
		let oldest = DigestSpans::<T>::get(receiver).map(|span| span.oldest);
		xcmp_primitives::relay_state::digest_blocks(oldest, limit, |at| {
			Digests::<T>::get(receiver, at).and_then(|digest| digest.next)
		})
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
	fn channel(
		&self,
		sender: ParaId,
		receiver: ParaId,
		sent_at: RelayBlockNumber,
	) -> Option<ChannelLimits> {
		Channels::<T>::get(sender, receiver).map(|state| state.limits_at(sent_at))
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
		EgressRoots::<T>::get(sender, sent_at)
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

	fn pending_expiry(&self, sender: ParaId, receiver: ParaId) -> PendingExpiry {
		Channels::<T>::get(sender, receiver).map(|state| state.pending_expiry).unwrap_or_default()
	}

	fn watermark(&self, receiver: ParaId) -> RelayBlockNumber {
		Watermarks::<T>::get(receiver)
	}

	fn digest_span(&self, receiver: ParaId) -> Option<DigestSpan> {
		DigestSpans::<T>::get(receiver)
	}

	fn digest(&self, receiver: ParaId, recorded_at: RelayBlockNumber) -> Option<ReceiverDigest> {
		Digests::<T>::get(receiver, recorded_at).map(|digest| ReceiverDigest {
			entries: digest.entries.into_inner(),
			previous: digest.previous,
			next: digest.next,
		})
	}

	fn awaited_batch(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		receiver: ParaId,
	) -> Option<AwaitedBatch> {
		let awaited = AwaitedBatches::<T>::get(sender, sent_at)?;
		AwaitedBatch::find(&awaited.batches, receiver, awaited.recorded_at)
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
		expiries: &[(ParaId, PendingExpiry)],
		recorded_at: RelayBlockNumber,
	) {
		for (destination, _, last) in &egress.batches {
			let expiry = expiries.iter().find(|(to, _)| to == destination).map(|(_, at)| *at);
			Channels::<T>::mutate(sender, destination, |state| {
				if let Some(state) = state {
					state.last_sent = *last;
					if let Some(expiry) = expiry {
						state.pending_expiry = expiry;
					}
					if let Some(earlier) = &mut state.earlier_limits {
						earlier.record_sent(egress.sent_at, *last);
					}
				}
			});
		}
		LastEgressAt::<T>::insert(sender, egress.sent_at);
		EgressRoots::<T>::insert(sender, egress.sent_at, egress.egress_root);
		let awaited = AwaitedEgress {
			recorded_at,
			// The verifier accepted at most `MAX_DESTINATIONS_PER_BLOCK` entries.
			batches: BoundedVec::truncate_from(egress.batches.clone()),
		};
		AwaitedBatches::<T>::insert(sender, egress.sent_at, awaited);
	}

	fn awaited_batches(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
	) -> Option<Vec<(ParaId, Nonce, Nonce)>> {
		AwaitedBatches::<T>::get(sender, sent_at).map(|awaited| awaited.batches.into_inner())
	}

	fn set_awaited_batches(
		&mut self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		batches: Vec<(ParaId, Nonce, Nonce)>,
	) {
		AwaitedBatches::<T>::mutate(sender, sent_at, |awaited| {
			if let Some(awaited) = awaited {
				// A subset of the batches recorded, which fitted the bound.
				awaited.batches = BoundedVec::truncate_from(batches);
			}
		});
	}

	fn remove_egress(&mut self, sender: ParaId, sent_at: RelayBlockNumber) {
		EgressRoots::<T>::remove(sender, sent_at);
		AwaitedBatches::<T>::remove(sender, sent_at);
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

	fn set_digest(
		&mut self,
		receiver: ParaId,
		recorded_at: RelayBlockNumber,
		digest: Option<ReceiverDigest>,
	) {
		let Some(digest) = digest else {
			Digests::<T>::remove(receiver, recorded_at);
			return;
		};
		// One entry per sender per relay block, and at most `MaxInboundChannels` senders have a
		// channel to `receiver`: inclusion only accepts entries over open channels.
		if digest.entries.len() > T::MaxInboundChannels::get() as usize {
			defensive!("a digest holds one entry per sender with a channel", receiver);
		}
		let stored = ReceiverDigest {
			entries: BoundedVec::truncate_from(digest.entries),
			previous: digest.previous,
			next: digest.next,
		};
		Digests::<T>::insert(receiver, recorded_at, stored);
	}

	fn set_digest_span(&mut self, receiver: ParaId, span: Option<DigestSpan>) {
		DigestSpans::<T>::set(receiver, span);
	}
}
