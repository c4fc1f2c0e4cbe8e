//! Property tests over random blocks: every generated proof verifies, any tampering is caught
//! with the right error, and roots depend on content only.
//!
//! proptest prints the failing case and persists its seed; set `PROPTEST_CASES` for longer runs
//! (64 cases per property by default).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use xcmp_primitives::{
	build_egress_entry, egress_root, ingress_root, prove_egress_entries, verify_batch,
	verify_egress_entries, verify_egress_entry, IngressCursor, ProofFailure, RoutedBatch,
	VerificationError as E, H256,
};

const RECEIVER: u32 = 2000;

/// Cases per property: 64, or `PROPTEST_CASES` for longer runs.
fn cases() -> u32 {
	std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

/// A random sender block: up to 40 destinations (one of them the receiver), up to 30 messages
/// each, random non-empty payloads.
fn sender_block() -> impl Strategy<Value = (SenderBlockSpec, Vec<Vec<u8>>)> {
	(
		prop::collection::btree_map(1u32..5000, 1u64..30, 0..40),
		1u64..30,
		prop::collection::vec(prop::collection::vec(any::<u8>(), 1..64), 1..30),
		any::<u32>(),
	)
		.prop_map(|(mut others, receiver_count, payloads, sent_at)| {
			others.remove(&RECEIVER);
			others.insert(RECEIVER, receiver_count);
			(SenderBlockSpec { sends: others, sent_at }, payloads)
		})
}

#[derive(Debug, Clone)]
struct SenderBlockSpec {
	sends: BTreeMap<u32, u64>,
	sent_at: u32,
}

impl SenderBlockSpec {
	fn build(&self, payloads: &[Vec<u8>]) -> SenderBlock {
		let sends: Vec<(u32, u64)> = self.sends.iter().map(|(d, c)| (*d, *c)).collect();
		let mut block = SenderBlock::new(1000, self.sent_at, &sends);
		// Give the receiver's batch the random payloads, and recommit.
		let receiver = para(RECEIVER);
		for (d, msgs) in block.batches.iter_mut() {
			if *d == receiver {
				for (i, m) in msgs.iter_mut().enumerate() {
					m.payload = payloads[i % payloads.len()].clone().try_into().unwrap();
				}
			}
		}
		let entries = block
			.batches
			.iter()
			.map(|(d, msgs)| (*d, build_egress_entry(H256::zero(), msgs).unwrap()))
			.collect();
		block.commitment = xcmp_primitives::EgressCommitment::new(entries).unwrap();
		block
	}
}

fn check(block: &SenderBlock, batch: &RoutedBatch) -> Result<(), E> {
	verify_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &LIMITS, batch).map(|_| ())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(cases()))]

	#[test]
	fn any_generated_batch_verifies((spec, payloads) in sender_block()) {
		let block = spec.build(&payloads);
		let batch = block.route(RECEIVER);
		prop_assert_eq!(check(&block, &batch), Ok(()));
	}

	#[test]
	fn any_generated_proof_verifies_presence_and_absence(
		(spec, payloads) in sender_block(),
		queried in prop::collection::btree_set(1u32..5000, 1..10),
	) {
		let block = spec.build(&payloads);
		let keys: Vec<_> = queried.iter().map(|d| para(*d)).collect();
		// All keys at once, present and absent, in one proof.
		let proof = prove_egress_entries(&block.commitment.entries, &keys).unwrap();
		let items: Vec<_> = keys.iter().map(|k| (*k, block.commitment.entry(*k).copied())).collect();
		prop_assert_eq!(verify_egress_entries(&block.root(), &proof, &items), Ok(()));
		// And each key alone, in a proof of its own.
		for (key, entry) in items {
			let single = prove_egress_entries(&block.commitment.entries, &[key]).unwrap();
			prop_assert_eq!(verify_egress_entry(&block.root(), &single, key, entry.as_ref()), Ok(()));
		}
	}

	#[test]
	fn flipping_any_payload_byte_is_caught(
		(spec, payloads) in sender_block(),
		which in any::<prop::sample::Index>(),
		byte in any::<prop::sample::Index>(),
		mask in 1u8..,
	) {
		let block = spec.build(&payloads);
		let mut batch = block.route(RECEIVER);
		let m = which.index(batch.messages.len());
		let b = byte.index(batch.messages[m].payload.len());
		batch.messages[m].payload[b] ^= mask;
		prop_assert_eq!(check(&block, &batch), Err(E::BatchRootMismatch));
	}

	#[test]
	fn flipping_any_nonce_is_caught(
		(spec, payloads) in sender_block(),
		which in any::<prop::sample::Index>(),
		mask in 1u64..,
	) {
		let block = spec.build(&payloads);
		let mut batch = block.route(RECEIVER);
		let m = which.index(batch.messages.len());
		let expected = batch.messages[m].nonce;
		batch.messages[m].nonce ^= mask;
		let found = batch.messages[m].nonce;
		prop_assert_eq!(
			check(&block, &batch),
			Err(E::NonceOutOfOrder { index: m as u32, expected, found })
		);
	}

	#[test]
	fn flipping_any_proof_byte_is_caught(
		(spec, payloads) in sender_block(),
		node in any::<prop::sample::Index>(),
		byte in any::<prop::sample::Index>(),
		mask in 1u8..,
	) {
		let block = spec.build(&payloads);
		let mut batch = block.route(RECEIVER);
		let n = node.index(batch.entry_proof.nodes.len());
		let b = byte.index(batch.entry_proof.nodes[n].len());
		batch.entry_proof.nodes[n][b] ^= mask;
		prop_assert!(matches!(check(&block, &batch), Err(E::InvalidEntryProof(_))));
	}

	#[test]
	fn flipping_any_root_byte_is_caught(
		(spec, payloads) in sender_block(),
		byte in 0usize..32,
		mask in 1u8..,
	) {
		let block = spec.build(&payloads);
		let batch = block.route(RECEIVER);
		let mut root = block.root();
		root.0[byte] ^= mask;
		prop_assert_eq!(
			verify_batch(para(RECEIVER), &root, &fresh_cursor(), &LIMITS, &batch),
			Err(E::InvalidEntryProof(ProofFailure::RootMismatch))
		);
	}

	#[test]
	fn flipping_any_entry_field_is_caught(
		(spec, payloads) in sender_block(),
		field in 0usize..4,
		mask in 1u8..,
	) {
		let block = spec.build(&payloads);
		let mut batch = block.route(RECEIVER);
		let expected = match field {
			0 => { batch.entry.batch_root.0[0] ^= mask; E::BatchRootMismatch },
			1 => { batch.entry.mqc_head.0[31] ^= mask; E::MqcHeadMismatch },
			2 => { batch.entry.total_bytes ^= u32::from(mask); E::TotalBytesMismatch },
			_ => { batch.entry.sent_at ^= u32::from(mask); E::SentAtMismatch { index: 0 } },
		};
		prop_assert_eq!(check(&block, &batch), Err(expected));
	}

	#[test]
	fn roots_do_not_depend_on_insertion_order(
		(spec, payloads) in sender_block(),
		seed in any::<u64>(),
	) {
		let block = spec.build(&payloads);
		let mut entries: Vec<_> = block.commitment.entries.to_vec();
		let root_entries = egress_root(&entries);
		let cursors: Vec<IngressCursor> = entries.iter().map(|(d, e)| IngressCursor {
			sender: *d, last_nonce: e.last_nonce, mqc_head: e.mqc_head, rejected: false,
		}).collect();
		let root_cursors = ingress_root(&cursors);
		let mut rng = seed;
		let mut shuffle = |len: usize| -> Vec<usize> {
			let mut order: Vec<usize> = (0..len).collect();
			for i in (1..len).rev() {
				rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
				order.swap(i, (rng >> 33) as usize % (i + 1));
			}
			order
		};
		let order = shuffle(entries.len());
		entries = order.iter().map(|&i| entries[i]).collect();
		let reversed: Vec<IngressCursor> = order.iter().map(|&i| cursors[i]).collect();
		prop_assert_eq!(egress_root(&entries), root_entries);
		prop_assert_eq!(ingress_root(&reversed), root_cursors);
	}
}
