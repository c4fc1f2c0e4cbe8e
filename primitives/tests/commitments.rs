//! Egress and ingress commitments, proofs of absence, message proofs and digest items.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use codec::Encode;
use common::*;
use xcmp_primitives::{
	build_egress_entry, egress_root, ingress_root, limits, prove_batch_message,
	prove_egress_entries, verify_batch_message, verify_egress_entries, verify_egress_entry,
	BlockListChange, ChannelLimits, ChannelLimitsError, EgressCommitment, IngressCommitment,
	IngressCursor, MessageProof, ProofFailure, VerificationError as E, XcmpDigestItem, H256,
};

#[test]
fn egress_commitment_sorts_entries_and_finds_them() {
	let block = SenderBlock::new(1, 3, &[(30, 1), (10, 2), (20, 3)]);
	let destinations: Vec<u32> =
		block.commitment.entries.iter().map(|(d, _)| u32::from(*d)).collect();
	assert_eq!(destinations, vec![10, 20, 30]);
	block.commitment.check().unwrap();
	assert_eq!(block.commitment.entry(para(20)).unwrap().last_nonce, 3);
	assert!(block.commitment.entry(para(40)).is_none());
}

#[test]
fn egress_commitment_refuses_bad_lists() {
	let block = SenderBlock::new(1, 3, &[(10, 1), (20, 2), (30, 3)]);
	let entry = *block.commitment.entry(para(10)).unwrap();
	assert_eq!(
		EgressCommitment::new(vec![(para(10), entry), (para(10), entry)]),
		Err(E::DuplicateDestination { index: 1 })
	);
	let mut swapped = block.commitment.clone();
	swapped.entries.as_mut().swap(0, 2);
	assert_eq!(swapped.check(), Err(E::EntriesNotSorted { index: 1 }));
	let mut wrong_root = block.commitment.clone();
	wrong_root.egress_root = H256::repeat_byte(3);
	assert_eq!(wrong_root.check(), Err(E::EgressRootMismatch));
	let mut malformed = block.commitment.clone();
	malformed.entries[2].1.first_nonce = 0;
	assert_eq!(malformed.check(), Err(E::MalformedEntry { index: 2 }));
	let too_many = (0..=limits::MAX_DESTINATIONS_PER_BLOCK).map(|d| (para(d), entry)).collect();
	assert_eq!(EgressCommitment::new(too_many), Err(E::TooManyEntries));
}

#[test]
fn empty_commitment_is_the_empty_trie() {
	let empty = EgressCommitment::empty();
	empty.check().unwrap();
	assert_eq!(empty.egress_root, egress_root(&[]));
	// Nothing is provable present in it, and absence is.
	let proof = prove_egress_entries(&[], &[para(5)]).unwrap();
	verify_egress_entry(&empty.egress_root, &proof, para(5), None).unwrap();
}

#[test]
fn absence_is_provable_and_presence_cannot_be_denied() {
	let block = SenderBlock::new(1, 3, &[(10, 1), (20, 2), (30, 3)]);
	let root = block.root();
	let entries = &block.commitment.entries;
	// 15 and 40 were sent nothing in this block.
	let proof = prove_egress_entries(entries, &[para(15), para(40)]).unwrap();
	verify_egress_entries(&root, &proof, &[(para(15), None), (para(40), None)]).unwrap();
	// A proof of absence cannot be made to show an entry.
	let entry = *block.commitment.entry(para(10)).unwrap();
	let proof = prove_egress_entries(entries, &[para(15)]).unwrap();
	verify_egress_entry(&root, &proof, para(15), None).unwrap();
	assert!(verify_egress_entry(&root, &proof, para(15), Some(&entry)).is_err());
	// A proof of presence cannot be used to claim absence.
	let proof = prove_egress_entries(entries, &[para(20)]).unwrap();
	assert_eq!(
		verify_egress_entry(&root, &proof, para(20), None),
		Err(E::InvalidEntryProof(ProofFailure::ValueMismatch))
	);
	// Nor to show another entry under the key: the proof omits the value, so the claimed one
	// hashes into another root.
	assert_eq!(
		verify_egress_entry(&root, &proof, para(20), Some(&entry)),
		Err(E::InvalidEntryProof(ProofFailure::RootMismatch))
	);
}

#[test]
fn single_messages_are_provable_against_the_batch_root() {
	// Nonces 5 to 54: every position of an uneven tree, its promoted last leaf included.
	let msgs = messages(1, 2, 5, 50, 4);
	let entry = build_egress_entry(H256::zero(), &msgs).unwrap();
	for message in &msgs {
		let proof = prove_batch_message(&msgs, message.nonce).unwrap();
		// One sibling a level at most: 6 for 50 messages.
		assert!(proof.siblings.len() <= 6);
		verify_batch_message(&entry, &proof, message).unwrap();
	}
	assert_eq!(prove_batch_message(&msgs, 55), None);

	let (message, proof) = (&msgs[41], prove_batch_message(&msgs, 46).unwrap());
	let mut forged = message.clone();
	forged.payload[0] ^= 1;
	assert_eq!(verify_batch_message(&entry, &proof, &forged), Err(E::InvalidMessageProof));
	// Another message's proof, a proof cut short or lengthened, no proof at all.
	let other = prove_batch_message(&msgs, 47).unwrap();
	assert_eq!(verify_batch_message(&entry, &other, message), Err(E::InvalidMessageProof));
	let mut short = proof.clone();
	short.siblings.pop();
	assert_eq!(verify_batch_message(&entry, &short, message), Err(E::InvalidMessageProof));
	let mut long = proof.clone();
	long.siblings.push(H256::zero());
	assert_eq!(verify_batch_message(&entry, &long, message), Err(E::InvalidMessageProof));
	let none = MessageProof::default();
	assert_eq!(verify_batch_message(&entry, &none, message), Err(E::InvalidMessageProof));
	// The message at another position of the same batch.
	let mut moved = message.clone();
	moved.nonce += 1;
	assert_eq!(verify_batch_message(&entry, &proof, &moved), Err(E::InvalidMessageProof));
	// Outside the batch, or sent at another relay block than the batch.
	moved.nonce = 55;
	assert_eq!(
		verify_batch_message(&entry, &proof, &moved),
		Err(E::NonceOutsideBatch { nonce: 55 })
	);
	moved.nonce = 4;
	assert_eq!(
		verify_batch_message(&entry, &proof, &moved),
		Err(E::NonceOutsideBatch { nonce: 4 })
	);
	let mut resent = message.clone();
	resent.sent_at = 5;
	assert_eq!(verify_batch_message(&entry, &proof, &resent), Err(E::SentAtMismatch { index: 41 }));

	// A one-message batch's root is its payload hash, and its proof is empty.
	let one = messages(1, 2, 1, 1, 4);
	let entry = build_egress_entry(H256::zero(), &one).unwrap();
	assert_eq!(entry.batch_root, one[0].payload_hash());
	let proof = prove_batch_message(&one, 1).unwrap();
	assert!(proof.siblings.is_empty());
	verify_batch_message(&entry, &proof, &one[0]).unwrap();
}

#[test]
fn proof_bytes_per_message_shrink_as_batches_grow() {
	// 100 destinations, 1,000 messages to the one we prove: one entry proof for the whole batch.
	let sends: Vec<(u32, u64)> = (1..=100).map(|d| (d, if d == 50 { 1000 } else { 1 })).collect();
	let block = SenderBlock::new(7, 1, &sends);
	let batch = block.route(50);
	let proof_bytes = batch.proof_size();
	// Two levels of branch nodes over 100 keys, with the proven value and recomputable hashes
	// left out: well under a kilobyte, so under one byte of proof per message.
	assert!(proof_bytes < 1000, "entry proof is {proof_bytes} bytes");
	assert!((proof_bytes as f64 / batch.message_count() as f64) < 1.0);
}

#[test]
fn ingress_commitment_sorts_and_checks_cursors() {
	let cursor = |sender: u32, last_nonce, rejected| IngressCursor {
		sender: para(sender),
		last_nonce,
		mqc_head: H256::repeat_byte(sender as u8),
		rejected,
	};
	let cursors = vec![cursor(9, 3, false), cursor(4, 1, true), cursor(6, 8, false)];
	let changes = vec![BlockListChange::Blocked(para(4))].try_into().unwrap();
	let commitment = IngressCommitment::new(cursors.clone(), 12, changes).unwrap();
	commitment.check().unwrap();
	let senders: Vec<u32> = commitment.cursors.iter().map(|c| u32::from(c.sender)).collect();
	assert_eq!(senders, vec![4, 6, 9]);
	assert_eq!(commitment.ingress_root, ingress_root(&cursors));
	assert_eq!(
		IngressCommitment::new(
			vec![cursor(4, 1, false), cursor(4, 2, false)],
			1,
			Default::default()
		),
		Err(E::DuplicateSender { index: 1 })
	);
	let mut unsorted = commitment.clone();
	unsorted.cursors.as_mut().swap(0, 1);
	assert_eq!(unsorted.check(), Err(E::CursorsNotSorted { index: 1 }));
	let mut forged = commitment.clone();
	forged.cursors[1].rejected = true;
	assert_eq!(forged.check(), Err(E::IngressRootMismatch));
}

#[test]
fn digest_items_round_trip() {
	let root = H256::repeat_byte(0xab);
	for item in [
		XcmpDigestItem::EgressRoot(root),
		XcmpDigestItem::OutcomeRoot(root),
		XcmpDigestItem::IngressCommitmentHash(root),
	] {
		assert_eq!(XcmpDigestItem::from_digest_item(&item.to_digest_item()), Some(item));
	}
	let foreign = sp_runtime::DigestItem::Consensus(*b"aura", root.encode());
	assert_eq!(XcmpDigestItem::from_digest_item(&foreign), None);
}

#[test]
fn channel_limits_are_validated() {
	LIMITS.validate().unwrap();
	let with = |f: fn(&mut ChannelLimits)| {
		let mut limits = LIMITS;
		f(&mut limits);
		limits.validate()
	};
	assert_eq!(with(|l| l.max_capacity = 0), Err(ChannelLimitsError::CapacityOutOfRange));
	assert_eq!(
		with(|l| l.max_capacity = limits::MAX_CHANNEL_CAPACITY + 1),
		Err(ChannelLimitsError::CapacityOutOfRange)
	);
	assert_eq!(
		with(|l| l.max_message_size = limits::MAX_MESSAGE_SIZE + 1),
		Err(ChannelLimitsError::MessageSizeOutOfRange)
	);
	assert_eq!(
		with(|l| l.max_total_size = l.max_message_size - 1),
		Err(ChannelLimitsError::TotalSizeBelowMessageSize)
	);
}

#[test]
fn oversized_payloads_do_not_decode() {
	use codec::Decode;
	let too_big = vec![0u8; limits::MAX_MESSAGE_SIZE as usize + 1];
	let mut encoded = para(1).encode();
	encoded.extend(para(2).encode());
	encoded.extend(1u64.encode());
	encoded.extend(1u32.encode());
	encoded.extend(too_big.encode());
	assert!(xcmp_primitives::Message::decode(&mut &encoded[..]).is_err());
}

#[test]
fn batch_root_is_the_binary_merkle_root_of_payload_hashes() {
	for count in [1, 2, 3, 5, 8, 13] {
		let msgs = messages(1, 2, 5, count, 9);
		let payloads: Vec<Vec<u8>> = msgs.iter().map(|m| m.payload.to_vec()).collect();
		let expected = batch_root_by_definition(&payloads);
		assert_eq!(xcmp_primitives::batch_root(&msgs), expected, "{count} messages");
	}
}
