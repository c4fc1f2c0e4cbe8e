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

	pub(crate) fn routed_batch(
		destination: ParaId,
		first_nonce: Nonce,
		batch: HeldBatch,
	) -> Option<RoutedBatch> {
		let commitment = CommittedBlocks::<T>::get(batch.sent_at)?;
		let entry = *commitment.entry(destination)?;
		let entry_proof = prove_egress_entries(&commitment.entries, &[destination]).ok()?;
		let sender = T::SelfParaId::get();
		let messages = (first_nonce..=batch.last_nonce)
			.map(|nonce| {
				Messages::<T>::get(destination, nonce).map(|payload| Message {
					sender,
					destination,
					nonce,
					sent_at: batch.sent_at,
					payload,
				})
			})
			.collect::<Option<Vec<_>>>()?;
		Some(RoutedBatch { sender, entry, entry_proof, messages })
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
