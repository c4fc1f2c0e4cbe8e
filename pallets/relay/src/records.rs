//! The pallet's storage seen as the verifier's relay records.

use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::BoundedVec;
use xcmp_primitives::{ChannelCursor, ChannelLimits, Nonce, ParaId, RelayBlockNumber, H256};
use xcmp_verifier::{RecordedEgress, RefusedRange, RelayRecords, RelayView};

use crate::{
	Blocked, Channels, Config, Digests, EgressRoots, LastEgressAt, StoredEgress, UnseenRefusals,
	Watermarks,
};

/// The pallet's storage as [`RelayView`] and [`RelayRecords`]: what
/// [`xcmp_verifier::verify_candidate`] reads and [`xcmp_verifier::apply_update`] writes.
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

	fn is_closing(&self, sender: ParaId, receiver: ParaId) -> bool {
		Channels::<T>::get(sender, receiver).is_some_and(|state| state.closing)
	}

	fn blocks(&self, receiver: ParaId, sender: ParaId) -> bool {
		Blocked::<T>::contains_key(receiver, sender)
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

	fn sent_to(
		&self,
		receiver: ParaId,
		after: RelayBlockNumber,
		up_to: RelayBlockNumber,
	) -> Vec<(RelayBlockNumber, ParaId, Nonce)> {
		let mut sent: Vec<_> = Digests::<T>::iter_prefix(receiver)
			.filter(|(at, _)| *at > after && *at <= up_to)
			.flat_map(|(at, senders)| senders.into_iter().map(move |(s, last)| (at, s, last)))
			.collect();
		sent.sort();
		sent
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
				// One entry per sender per relay block (one candidate per para per block), and at most `MaxInboundChannels` senders
				// have a channel to `destination`: the verifier only accepts entries over open
				// channels.
				if senders.try_push((sender, *last)).is_err() {
					log::error!(target: "xcmp", "digest of {destination:?} at {recorded_at} is full");
				}
			});
		}
		LastEgressAt::<T>::insert(sender, egress.sent_at);
		let stored = StoredEgress {
			egress_root: egress.egress_root,
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
				Err(at) if refusing && stored => receivers.try_insert(at, receiver).unwrap_or_else(
					|_| log::error!(target: "xcmp", "unseen refusals of {sender:?} are full"),
				),
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
		let passed: Vec<RelayBlockNumber> =
			Digests::<T>::iter_key_prefix(receiver).filter(|at| *at <= watermark).collect();
		for at in passed {
			Digests::<T>::remove(receiver, at);
		}
	}

	fn set_blocked(&mut self, receiver: ParaId, sender: ParaId, blocked: bool) {
		if blocked {
			Blocked::<T>::insert(receiver, sender, ());
		} else {
			Blocked::<T>::remove(receiver, sender);
		}
	}
}
