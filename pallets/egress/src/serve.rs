//! Serving: held batches, whole and with the proofs of their entries, for the receivers'
//! collators.

use super::*;
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// The batches held for `destination` whose first nonce is after `after_nonce`, oldest
	/// first, at most `max_batches`, each whole with the proof of its entry: what a receiver's
	/// collator routes (the [`XcmpEgressApi`] runtime API).
	pub fn outbound_batches(
		destination: ParaId,
		after_nonce: Nonce,
		max_batches: u32,
	) -> Vec<RoutedBatch> {
		let mut held: Vec<(Nonce, HeldBatch)> = HeldBatches::<T>::iter_prefix(destination)
			.filter(|(first_nonce, _)| *first_nonce > after_nonce)
			.collect();
		held.sort_by_key(|(first_nonce, _)| *first_nonce);
		held.into_iter()
			.take(max_batches as usize)
			.map_while(|(first_nonce, batch)| Self::routed_batch(destination, first_nonce, batch))
			.collect()
	}

	/// The held batch to `destination` starting at `first_nonce`, `batch`, whole with the
	/// proof of its entry; `None` if its commitment or page is missing.
	pub(crate) fn routed_batch(
		destination: ParaId,
		first_nonce: Nonce,
		batch: HeldBatch,
	) -> Option<RoutedBatch> {
		let commitment = CommittedBlocks::<T>::get(batch.sent_at)?;
		let entry = *commitment.entry(destination)?;
		let entry_proof = prove_egress_entries(&commitment.entries, &[destination]).ok()?;
		let page = BatchPages::<T>::get(destination, first_nonce)?;
		if page.len() as u64 != batch.messages(first_nonce) {
			return None;
		}
		let messages = Self::page_messages(destination, first_nonce, batch.sent_at, page);
		Some(RoutedBatch { sender: T::SelfParaId::get(), entry, entry_proof, messages })
	}

	/// The held messages to `destination`, committed or not, not yet pruned, in nonce order.
	/// Reads every page of the channel: for tools and tests, not for calls.
	pub fn held_messages(destination: ParaId) -> Vec<(Nonce, Payload)> {
		let Some(channel) = OutboundChannels::<T>::get(destination) else { return Vec::new() };
		let mut held: Vec<(Nonce, Payload)> = BatchPages::<T>::iter_prefix(destination)
			.flat_map(|(first_nonce, page)| (first_nonce..).zip(page))
			.filter(|(nonce, _)| *nonce > channel.last_pruned)
			.collect();
		held.sort_by_key(|(nonce, _)| *nonce);
		held
	}

	/// The payload of held message `id`, if it is held: from the page of its batch, or of the
	/// messages waiting to commit. Reads the channel and its held batches: for tools and
	/// tests, not for calls.
	pub fn held_payload(id: MessageId) -> Option<Payload> {
		let MessageId { destination, nonce } = id;
		let channel = OutboundChannels::<T>::get(destination)?;
		if nonce <= channel.last_pruned || nonce > channel.last_queued {
			return None;
		}
		let first_nonce = if nonce > channel.last_committed {
			channel.last_committed.saturating_add(1)
		} else {
			HeldBatches::<T>::iter_prefix(destination)
				.find(|(first_nonce, batch)| *first_nonce <= nonce && nonce <= batch.last_nonce)?
				.0
		};
		let index = usize::try_from(nonce.saturating_sub(first_nonce)).ok()?;
		BatchPages::<T>::get(destination, first_nonce)?.get(index).cloned()
	}

	/// The current block's egress commitment (empty if it committed nothing): what its
	/// collator puts in the candidate.
	pub fn egress_commitment() -> EgressCommitment {
		BlockCommittedAt::<T>::get()
			.and_then(CommittedBlocks::<T>::get)
			.unwrap_or_else(EgressCommitment::empty)
	}

	/// Destinations with held messages.
	pub fn pending_destinations() -> Vec<ParaId> {
		PendingDestinations::<T>::get().into_iter().collect()
	}
}

impl<T: Config> xcmp_primitives::relay_state::PendingOutbound for Pallet<T> {
	fn pending_destinations() -> Vec<ParaId> {
		Self::pending_destinations()
	}

	fn max_pending_destinations() -> u32 {
		T::MaxOutboundChannels::get()
	}
}

impl<T: Config> xcmp_primitives::outcome::OutcomeSink for Pallet<T> {
	fn reported_through(destination: ParaId) -> Nonce {
		ReportedOutcomes::<T>::get(destination)
	}

	fn note_outcomes(destination: ParaId, outcomes: xcmp_primitives::outcome::SenderOutcomes) {
		let Some(last) = outcomes.last().map(|(nonce, _)| *nonce) else { return };
		for (nonce, outcome) in outcomes {
			T::OnOutcome::on_outcome(MessageId { destination, nonce }, &outcome);
			Self::deposit_event(Event::OutcomeReported { destination, nonce, outcome });
		}
		ReportedOutcomes::<T>::insert(destination, last);
	}

	fn note_outcomes_weight(outcomes: u32) -> Weight {
		T::WeightInfo::note_outcomes(outcomes)
			.saturating_add(T::OnOutcome::on_outcome_weight().saturating_mul(u64::from(outcomes)))
	}
}
