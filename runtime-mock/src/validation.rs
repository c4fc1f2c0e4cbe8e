//! Candidate validation, as a relay-chain validator runs it off the relay runtime: re-execute
//! the parachain block on the state its proof of validity proves, as cumulus's `validate_block`
//! does, and read the XCMP commitments from the state the block leaves
//! ([`xcmp_verifier::pov`] does the generic part). What comes out ([`ValidatedBlock`]) is read
//! from the re-executed block, not taken from the collator; `RuntimeNetwork::validate` makes
//! from it the `CandidateCommitments` the relay includes.
//!
//! The validator sets the block's relay parent ([`CurrentRelayParent`]) from the relay chain's
//! record of it, as cumulus's validation parameters give `relay_parent_number` and
//! `relay_parent_storage_root`: a block built on another relay parent does not execute, its
//! ingress inherent's relay-state proof no longer matching.

use sp_runtime::traits::ExtrinsicLike;
use xcmp_primitives::{
	relay_state::RelayParent, EgressCommitment, IngressCommitment, ParaId, RelayBlockNumber,
	RoutedBatch,
};
use xcmp_verifier::{
	pov::{self, PovError, ProofOfValidity},
	Candidate,
};

use crate::{
	collator::Header,
	parachain::{self, CurrentRelayParent, Executive, Runtime, RuntimeCall},
};

/// What validating a block established: its header and the XCMP commitments its execution left,
/// with the batches it consumed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedBlock {
	/// The block's header.
	pub header: Header,
	/// What the block sent, read from its post-state.
	pub egress: EgressCommitment,
	/// What the block consumed, as committed in its post-state.
	pub ingress: IngressCommitment,
	/// The batches the block's ingress inherent carried, in order.
	pub consumed: Vec<RoutedBatch>,
}

impl ValidatedBlock {
	/// The reference model's candidate for the same block, `para`'s on the relay parent
	/// numbered `relay_parent`: what to compare with the collator's.
	pub fn candidate(&self, para: ParaId, relay_parent: RelayBlockNumber) -> Candidate {
		self.clone().into_candidate(para, relay_parent)
	}

	/// [`Self::candidate`], taking the block's commitments and batches rather than copying them.
	pub fn into_candidate(self, para: ParaId, relay_parent: RelayBlockNumber) -> Candidate {
		let Self { egress, ingress, consumed, .. } = self;
		Candidate { para, relay_parent, egress, ingress, consumed }
	}
}

/// Why a block is not valid.
pub type ValidationError = PovError;

/// Validates `pov` as the block after `parent` on `relay_parent`: the block must name `parent`
/// with the next number and execute with `Executive::execute_block` on a state holding only
/// its storage proof (rooted at `parent`'s state root), with `relay_parent` as the block's
/// relay parent. Returns the commitments its execution left.
pub fn validate_block(
	parent: &Header,
	relay_parent: RelayParent,
	pov: &ProofOfValidity<parachain::Block>,
) -> Result<ValidatedBlock, ValidationError> {
	let execute = |block| {
		CurrentRelayParent::set(&relay_parent);
		Executive::execute_block(block)
	};
	let (egress, ingress) = pov::validate_block(parent, pov, execute, read_commitments)?;
	Ok(ValidatedBlock {
		header: pov.block.header.clone(),
		egress,
		ingress,
		consumed: consumed_batches(&pov.block),
	})
}

/// The XCMP commitments the block just executed left in the state: its egress commitment, and
/// its ingress commitment (empty, at watermark 0, if it has none).
pub fn read_commitments() -> (EgressCommitment, IngressCommitment) {
	(
		pallet_xcmp_egress::Pallet::<Runtime>::egress_commitment(),
		pallet_xcmp_ingress::Commitment::<Runtime>::get()
			.unwrap_or_else(|| IngressCommitment::empty(0)),
	)
}

/// The batches `block`'s ingress inherents carry, in order. A block that executed applied every
/// one: a bare `receive` is a mandatory inherent, whose failure fails the block.
pub fn consumed_batches(block: &parachain::Block) -> Vec<RoutedBatch> {
	block
		.extrinsics
		.iter()
		.filter(|extrinsic| extrinsic.is_bare())
		.filter_map(|extrinsic| match &extrinsic.function {
			RuntimeCall::XcmpIngress(pallet_xcmp_ingress::Call::receive { data }) => {
				Some(data.batches.iter().cloned())
			}
			_ => None,
		})
		.flatten()
		.collect()
}

/// The batches of `block`'s ingress inherent, to change: what a cheating collator alters in the
/// block it hands validators after building it with others. `None` if the block has none.
pub fn inherent_batches_mut(block: &mut parachain::Block) -> Option<&mut Vec<RoutedBatch>> {
	block.extrinsics.iter_mut().filter(|extrinsic| extrinsic.is_bare()).find_map(|extrinsic| {
		match &mut extrinsic.function {
			RuntimeCall::XcmpIngress(pallet_xcmp_ingress::Call::receive { data }) => {
				Some(&mut data.batches)
			}
			_ => None,
		}
	})
}
