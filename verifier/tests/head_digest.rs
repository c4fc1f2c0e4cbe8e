//! A validated head's digest must commit to the candidate's commitments: exactly one egress
//! root, theirs, and exactly one ingress commitment hash, theirs
//! (`CandidateCommitments::check_head_digest`).

use codec::Encode;
use sp_runtime::{Digest, DigestItem};
use xcmp_primitives::{
	ingress_commitment_hash, EgressCommitment, IngressCommitment, ParaId, XcmpDigestItem, H256,
	XCMP_ENGINE_ID,
};
use xcmp_verifier::{CandidateCommitments, CandidateError as E, ConsumedBatch, ConsumedBatches};

fn commitments() -> CandidateCommitments {
	let consumed =
		ConsumedBatch { sender: ParaId::from(1000), sent_at: 4, first_nonce: 1, last_nonce: 3 };
	CandidateCommitments {
		para: ParaId::from(2000),
		relay_parent: 5,
		parent_head: H256::repeat_byte(1),
		head: H256::repeat_byte(2),
		egress: EgressCommitment::empty(),
		ingress: IngressCommitment::empty(4),
		consumed: ConsumedBatches::truncate_from(vec![consumed]),
	}
}

fn digest(items: &[XcmpDigestItem]) -> Digest {
	Digest { logs: items.iter().map(XcmpDigestItem::to_digest_item).collect() }
}

#[test]
fn a_head_committing_to_the_commitments_passes_and_any_other_is_refused() {
	let ours = commitments();
	let egress = XcmpDigestItem::EgressRoot(ours.egress.egress_root);
	let ingress = XcmpDigestItem::IngressCommitmentHash(ingress_commitment_hash(
		&ours.ingress,
		&ours.consumed,
	));
	let outcomes = XcmpDigestItem::OutcomeRoot(H256::repeat_byte(3));
	assert_eq!(ours.check_head_digest(&digest(&[egress, outcomes, ingress])), Ok(()));

	let other = XcmpDigestItem::IngressCommitmentHash(H256::repeat_byte(4));
	let cases = [
		(digest(&[ingress]), E::HeadEgressRootMismatch),
		(digest(&[egress, egress, ingress]), E::HeadEgressRootMismatch),
		(
			digest(&[XcmpDigestItem::EgressRoot(H256::repeat_byte(5)), ingress]),
			E::HeadEgressRootMismatch,
		),
		(digest(&[egress]), E::HeadIngressCommitmentMismatch),
		(digest(&[egress, ingress, ingress]), E::HeadIngressCommitmentMismatch),
		(digest(&[egress, other]), E::HeadIngressCommitmentMismatch),
	];
	for (digest, error) in cases {
		assert_eq!(ours.check_head_digest(&digest), Err(error), "{digest:?}");
	}

	// Commitments that differ from the head's in any part of the ingress side are refused.
	let mut later = ours.clone();
	later.ingress.watermark += 1;
	let mut fewer = ours.clone();
	fewer.consumed.clear();
	for forged in [later, fewer] {
		assert_eq!(
			forged.check_head_digest(&digest(&[egress, ingress])),
			Err(E::HeadIngressCommitmentMismatch)
		);
	}
}

#[test]
fn the_retired_ingress_root_item_and_other_engines_items_are_not_read() {
	let ours = commitments();
	let egress = XcmpDigestItem::EgressRoot(ours.egress.egress_root);
	let ingress = XcmpDigestItem::IngressCommitmentHash(ingress_commitment_hash(
		&ours.ingress,
		&ours.consumed,
	));
	let mut head = digest(&[egress, ingress]);
	// Index 1 carried the ingress root alone; it decodes to no item now.
	let retired = DigestItem::Consensus(XCMP_ENGINE_ID, (1u8, ours.ingress.ingress_root).encode());
	assert_eq!(XcmpDigestItem::from_digest_item(&retired), None);
	head.logs.push(retired);
	head.logs.push(DigestItem::Consensus(*b"aura", egress.encode()));
	assert_eq!(ours.check_head_digest(&head), Ok(()));
}
