//! Header digest items through which a block publishes its XCMP roots.

use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{ConsensusEngineId, DigestItem};

/// Engine id of XCMP's consensus digest items.
pub const XCMP_ENGINE_ID: ConsensusEngineId = *b"XCMP";

/// What an XCMP pallet deposits in its block's header digest, as a
/// `DigestItem::Consensus(XCMP_ENGINE_ID, SCALE(item))`.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum XcmpDigestItem {
	/// The block's egress root (sender side).
	#[codec(index = 0)]
	EgressRoot(H256),
	/// The root of the outcomes of the messages the block processed (receiver side; absent
	/// when it processed none): `crate::outcome::outcome_root`.
	#[codec(index = 2)]
	OutcomeRoot(H256),
	/// The hash of the block's whole ingress commitment, its ingress root included, and the
	/// batches it consumed (receiver side): `crate::ingress_commitment_hash`. Index 1 carried
	/// the ingress root alone, which covers the moved cursors only; it is retired.
	#[codec(index = 3)]
	IngressCommitmentHash(H256),
}

impl XcmpDigestItem {
	/// The header digest item carrying `self`.
	pub fn to_digest_item(&self) -> DigestItem {
		DigestItem::Consensus(XCMP_ENGINE_ID, self.encode())
	}

	/// Reads an XCMP item back from a digest item; `None` for any other item.
	pub fn from_digest_item(item: &DigestItem) -> Option<Self> {
		item.consensus_try_to(&XCMP_ENGINE_ID)
	}
}
