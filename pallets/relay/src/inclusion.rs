//! Inclusion: a validated candidate's commitments checked against the relay's records, and its
//! update applied. No message reaches this module: validators checked the batches when they
//! validated the block.

use super::*;
use frame_support::pallet_prelude::*;
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// The weight of including `candidate` when its para's channels to `refusing` receivers
	/// hold refusals it has not seen. Each consumed batch is charged for its egress record and
	/// its digest (with the digests linked to it, and the one the watermark's walk stops at).
	pub fn include_candidate_weight(candidate: &CandidateCommitments, refusing: u32) -> Weight {
		T::WeightInfo::include_candidate_with(
			candidate.consumed.len() as u32,
			candidate.egress.entries.len() as u32,
			refusing,
			candidate.ingress.block_list_changes.len() as u32,
		)
	}

	/// Checks a validated candidate's commitments against the current records
	/// ([`xcmp_verifier::check_inclusion`]) and applies its update if they pass; returns the
	/// reason otherwise, having changed nothing. A candidate is included in a relay block after
	/// its relay parent, at most `MAX_RELAY_PARENT_AGE` blocks after
	/// ([`xcmp_verifier::check_relay_parent`]).
	pub fn do_include_candidate(candidate: &CandidateCommitments) -> Result<(), CandidateError> {
		let now: u32 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		xcmp_verifier::check_relay_parent(candidate.relay_parent, now)?;
		let mut records = StorageRecords::<T>::default();
		let update = xcmp_verifier::check_inclusion(&records, candidate)?;
		// Closing channels the update may drain: into the para, by its cursors, and out of
		// it, by the refusals this candidate has now seen (which may also let one time out).
		let para = update.para;
		let draining = |sender: ParaId, receiver: ParaId| {
			Channels::<T>::get(sender, receiver)
				.is_some_and(|state| state.is_closing() && !state.is_closed())
		};
		let inbound = update.cursors.iter().map(|cursor| (cursor.sender, para));
		let outbound = UnseenRefusals::<T>::get(para).into_iter().map(|receiver| (para, receiver));
		let closing: alloc::vec::Vec<(ParaId, ParaId)> = inbound
			.chain(outbound)
			.filter(|(sender, receiver)| draining(*sender, *receiver))
			.collect();
		xcmp_verifier::apply_update(&mut records, &update, now);
		for (sender, receiver) in closing {
			Self::close_if_done(sender, receiver);
		}
		Ok(())
	}
}
