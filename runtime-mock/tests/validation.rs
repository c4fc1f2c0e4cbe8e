//! Candidate validation end to end: blocks that real collators built with real pallets are
//! re-executed from their proofs of validity, as validators do. Every block of a run with
//! messages sent and received validates, to the commitments its collator read; a proof missing a
//! node, a tampered ingress inherent, another parent or another relay parent make it invalid,
//! never a panic.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use codec::Encode;
use sp_runtime::traits::{BlakeTwo256, Hash, Header as _};
use xcmp_primitives::{relay_state::RelayParent, ChannelLimits, ParaId, Payload, H256};
use xcmp_runtime_mock::{
	collator::{BuildError, BuiltBlock, Header},
	contracts::Contract,
	parachain::{self, Extrinsic, RuntimeCall, CONTRACT_ACCOUNT_BASE},
	runtime_network::{BlockOutcome, RuntimeNetwork},
	validation::{validate_block, ValidationError},
};
use xcmp_verifier::pov::{ProofOfValidity, StorageProof};

/// The paying contract every parachain registers.
const PAYER: u32 = 7;
/// The user who sends on every parachain.
const USER: u64 = 5;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 64, max_total_size: 16 * 1024, max_message_size: 256 };

/// A network of `ids` whose chains register the paying contract at genesis.
fn network(ids: &[u32]) -> RuntimeNetwork {
	let payer = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	let mut net = RuntimeNetwork::new(ids, LIMITS, vec![(USER, 1_000), (payer, 1_000_000)]);
	for id in ids {
		let call =
			xcmp_runtime_mock::contracts::Call::register { id: PAYER, contract: Contract::Pay };
		net.govern(*id, RuntimeCall::Contracts(call)).unwrap();
	}
	// Governance changed each chain's state outside a block: its genesis head takes the new
	// state root, as if the contract were registered at genesis. (Blocks validate against their
	// parent's state root.)
	for node in &mut net.paras {
		let root = *node.state.backend.root();
		node.head =
			Header::new(0, Default::default(), root, Default::default(), Default::default());
	}
	net
}

/// `USER` on `from` sends `count` messages to `to`, each an XCM program paying one unit to an
/// account there.
fn send(net: &mut RuntimeNetwork, from: u32, to: u32, count: usize) {
	let input = (10_000 + u64::from(from), 1u64).encode().try_into().unwrap();
	let payload: Payload = parachain::contract_call_message(PAYER, input).try_into().unwrap();
	for _ in 0..count {
		let call = pallet_xcmp_egress::Call::send {
			destination: ParaId::from(to),
			payload: payload.clone(),
		};
		net.submit(from, USER, RuntimeCall::XcmpEgress(call));
	}
}

/// Every chain's head, in order: the parents of the next step's blocks.
fn heads(net: &RuntimeNetwork) -> Vec<Header> {
	net.paras.iter().map(|node| node.head.clone()).collect()
}

/// One step in which every chain's block is included: each block with its parent.
fn step_included(net: &mut RuntimeNetwork) -> Vec<(Header, BuiltBlock)> {
	let parents = heads(net);
	parents
		.into_iter()
		.zip(net.step())
		.map(|(parent, outcome)| match outcome {
			BlockOutcome::Included(built) => (parent, *built),
			other => panic!("a block was not included: {other:?}"),
		})
		.collect()
}

/// A block of chain 2001 in a two-chain network that consumes a batch of three messages from
/// 2000 and sends two back, with its parent and the relay parent of the step before.
fn receiving_block() -> (Header, BuiltBlock, RelayParent) {
	let mut net = network(&[2000, 2001]);
	send(&mut net, 2000, 2001, 3);
	let previous = step_included(&mut net)[1].1.relay_parent;
	send(&mut net, 2001, 2000, 2);
	let (parent, built) = step_included(&mut net).remove(1);
	assert_eq!(built.candidate.consumed.len(), 1);
	assert_eq!(built.candidate.consumed[0].messages.len(), 3);
	assert_eq!(built.candidate.egress.entries.len(), 1);
	(parent, built, previous)
}

/// Asserts that `result` is a failed execution whose message has `expected` in it.
fn execution_failed(result: Result<impl std::fmt::Debug, ValidationError>, expected: &[&str]) {
	match result {
		Err(ValidationError::ExecutionFailed(why)) => {
			assert!(expected.iter().any(|e| why.contains(e)), "failed otherwise: {why}")
		}
		other => panic!("expected a failed execution, got {other:?}"),
	}
}

/// What the executive says when an inherent fails.
const MANDATORY_FAILED: &str = "labelled as mandatory, but resulted in an Error";
/// What it says when the header's digest differs from the block's.
const DIGEST_DIFFERS: &str = "Digest item must match";
/// What it says when the header's digest has another number of items than the block's (one
/// that processed other messages commits, or not, an outcome root).
const DIGEST_COUNT_DIFFERS: &str = "Number of digest items must match";
/// What it says when the header's state root differs from the block's.
const STATE_ROOT_DIFFERS: &str = "Storage root must match";
/// What a read of a trie node the proof lacks says.
const NODE_MISSING: &str = "Database missing expected key";

#[test]
fn every_block_of_a_run_validates_from_its_pov_to_the_commitments_its_collator_read() {
	let ids = [2000, 2001, 2002];
	let mut net = network(&ids);
	let (mut consumed, mut sent) = (0, 0);
	for step in 0..8 {
		if step < 5 {
			for from in ids {
				for to in ids.iter().filter(|to| **to != from) {
					send(&mut net, from, *to, 1 + (step + from as usize) % 3);
				}
			}
		}
		for (index, (parent, built)) in step_included(&mut net).into_iter().enumerate() {
			let validated = validate_block(&parent, built.relay_parent, &built.pov)
				.unwrap_or_else(|e| panic!("step {step}, chain {index}: {e}"));
			assert_eq!(validated.header, built.header);
			assert_eq!(built.pov.block.header, built.header);
			let para = net.paras[index].id;
			assert_eq!(validated.candidate(para, built.relay_parent.number), built.candidate);
			assert_eq!(built.pov_bytes, built.pov.encoded_size());
			consumed += validated.consumed.iter().map(|b| b.messages.len()).sum::<usize>();
			sent += validated.egress.entries.len();
		}
	}
	assert!(consumed > 0 && sent > 0, "consumed {consumed} messages, {sent} egress entries");
}

#[test]
fn a_pov_whose_proof_lacks_any_one_node_is_invalid() {
	let (parent, built, _) = receiving_block();
	let nodes: Vec<Vec<u8>> = built.pov.storage_proof.iter_nodes().cloned().collect();
	assert!(nodes.len() > 10, "{} nodes", nodes.len());
	// A node the block reads, or one its state root needs (a write under it fails, and the root
	// it computes differs).
	for dropped in 0..nodes.len() {
		let proof = StorageProof::new(
			nodes.iter().enumerate().filter(|(i, _)| *i != dropped).map(|(_, n)| n.clone()),
		);
		let pov = ProofOfValidity { block: built.pov.block.clone(), storage_proof: proof };
		let result = validate_block(&parent, built.relay_parent, &pov);
		if BlakeTwo256::hash(&nodes[dropped]) == *parent.state_root() {
			assert_eq!(result, Err(ValidationError::ProofRootMismatch));
		} else {
			execution_failed(result, &[NODE_MISSING, STATE_ROOT_DIFFERS]);
		}
	}
	// The whole proof validates.
	assert!(validate_block(&parent, built.relay_parent, &built.pov).is_ok());
}

/// The block with its ingress inherent's batches changed by `tamper`, and its original header.
fn with_batches_tampered(
	pov: &ProofOfValidity<xcmp_runtime_mock::parachain::Block>,
	tamper: impl FnOnce(&mut Vec<xcmp_primitives::RoutedBatch>),
) -> ProofOfValidity<xcmp_runtime_mock::parachain::Block> {
	let mut pov = pov.clone();
	let RuntimeCall::XcmpIngress(pallet_xcmp_ingress::Call::receive { data }) =
		&pov.block.extrinsics[0].function
	else {
		panic!("the first extrinsic is not the ingress inherent");
	};
	let mut data = data.clone();
	tamper(&mut data.batches);
	let call = pallet_xcmp_ingress::Call::receive { data };
	pov.block.extrinsics[0] = Extrinsic::new_bare(RuntimeCall::XcmpIngress(call));
	pov
}

#[test]
fn a_block_whose_ingress_inherent_was_tampered_with_is_invalid() {
	let (parent, built, _) = receiving_block();
	// One payload byte changed: the batch no longer hashes to its root.
	let forged = with_batches_tampered(&built.pov, |batches| {
		let payload = &mut batches[0].messages[1].payload;
		let mut bytes = payload.to_vec();
		bytes[0] ^= 1;
		*payload = bytes.try_into().unwrap();
	});
	execution_failed(validate_block(&parent, built.relay_parent, &forged), &[MANDATORY_FAILED]);
	// The batch dropped: the inherent stands alone, but the block commits another ingress root
	// than its header's digest says, and no outcome root where the header has one.
	let dropped = with_batches_tampered(&built.pov, |batches| batches.clear());
	execution_failed(
		validate_block(&parent, built.relay_parent, &dropped),
		&[DIGEST_DIFFERS, DIGEST_COUNT_DIFFERS],
	);
	// Untampered, it validates.
	let same = with_batches_tampered(&built.pov, |_| {});
	assert_eq!(same, built.pov);
	assert!(validate_block(&parent, built.relay_parent, &same).is_ok());
}

#[test]
fn a_block_on_another_parent_is_invalid() {
	let mut net = network(&[2000, 2001]);
	send(&mut net, 2000, 2001, 2);
	let first = step_included(&mut net);
	let (parent, built) = step_included(&mut net).remove(1);
	let relay_parent = built.relay_parent;
	// Its grandparent, or the other chain's last block.
	let grandparent = &first[1].0;
	assert_eq!(
		validate_block(grandparent, relay_parent, &built.pov),
		Err(ValidationError::WrongParent)
	);
	let other = &first[0].1.header;
	assert_eq!(validate_block(other, relay_parent, &built.pov), Err(ValidationError::WrongParent));
	// A block that names its parent but skips a number.
	let mut skipping = built.pov.clone();
	skipping.block.header.number += 1;
	assert_eq!(validate_block(&parent, relay_parent, &skipping), Err(ValidationError::WrongNumber));
	// A parent of another state that the block names: its proof proves no part of it.
	let mut elsewhere = parent.clone();
	elsewhere.state_root = H256::repeat_byte(7);
	let mut renamed = built.pov.clone();
	renamed.block.header.parent_hash = elsewhere.hash();
	assert_eq!(
		validate_block(&elsewhere, relay_parent, &renamed),
		Err(ValidationError::ProofRootMismatch)
	);
	assert!(validate_block(&parent, relay_parent, &built.pov).is_ok());
}

#[test]
fn a_block_validated_on_another_relay_parent_is_invalid() {
	let (parent, built, previous) = receiving_block();
	let built_on = built.relay_parent;
	assert_eq!(previous.number + 1, built_on.number);
	// The relay chain's previous block, or the same number with another state root: the
	// inherent's relay-state proof does not match.
	let forged_root = RelayParent { state_root: H256::repeat_byte(1), ..built_on };
	for relay_parent in [previous, forged_root] {
		execution_failed(validate_block(&parent, relay_parent, &built.pov), &[MANDATORY_FAILED]);
	}
	// Another number with the same state root: the proof matches, but the block's egress is
	// stamped with another relay parent, and its egress root in the digest differs.
	let renumbered = RelayParent { number: previous.number, ..built_on };
	execution_failed(validate_block(&parent, renumbered, &built.pov), &[DIGEST_DIFFERS]);
	assert!(validate_block(&parent, built_on, &built.pov).is_ok());
}

#[test]
fn the_pov_of_a_small_block_has_a_pinned_size() {
	// Chain 2000's first block, sending one message to 2001.
	let mut net = network(&[2000, 2001]);
	send(&mut net, 2000, 2001, 1);
	let (parent, built) = step_included(&mut net).remove(0);
	assert!(validate_block(&parent, built.relay_parent, &built.pov).is_ok());
	let block_bytes = built.pov.block.encoded_size();
	let proof_bytes = built.pov.storage_proof.encoded_size();
	assert_eq!(built.pov_bytes, block_bytes + proof_bytes);
	// The block carries the ingress inherent's relay-state proof (of the relay's trie, which
	// holds each para's head too) and the signed `send` of a 39-byte XCM program; the storage
	// proof, every node of 2000's state the block reads (state version 1: a value of more than
	// 32 bytes it reads is a node of its own).
	assert_eq!((built.pov_bytes, block_bytes, proof_bytes), (1720, 682, 1038));
}

#[test]
fn an_extrinsic_the_runtime_refuses_is_left_out_of_the_block_which_validates() {
	let mut net = network(&[2000, 2001]);
	send(&mut net, 2000, 2001, 1);
	// A transfer whose signature does not sign it.
	let transfer = pallet_balances::Call::transfer_allow_death { dest: 6, value: 1 };
	let signature = sp_runtime::testing::TestSignature(USER, b"something else".to_vec());
	let refused = Extrinsic::new_signed(RuntimeCall::Balances(transfer), USER, signature, ());
	net.para(2000).pending.insert(0, refused);
	send(&mut net, 2000, 2001, 1);
	let (parent, built) = step_included(&mut net).remove(0);
	let outcomes: Vec<bool> = built.extrinsics.iter().map(Result::is_ok).collect();
	assert_eq!(outcomes, [false, true, true]);
	// The ingress inherent and the two sends.
	assert_eq!(built.pov.block.extrinsics.len(), 3);
	let validated = validate_block(&parent, built.relay_parent, &built.pov).unwrap();
	assert_eq!(validated.egress, built.candidate.egress);
}

#[test]
fn a_chain_state_with_uncommitted_changes_builds_no_block() {
	let mut net = network(&[2000, 2001]);
	net.para(2000).execute_with(|| xcmp_runtime_mock::parachain::MaxQueuedBytesPerSender::set(&1));
	let outcomes = net.step();
	assert!(
		matches!(outcomes[0], BlockOutcome::NotBuilt(BuildError::UncommittedState)),
		"{outcomes:?}"
	);
	// The change was dropped with the block; the next block builds and validates.
	let (parent, built) = step_included(&mut net).remove(0);
	assert!(validate_block(&parent, built.relay_parent, &built.pov).is_ok());
}
