//! The channel chain: one step per batch, `head' = BlakeTwo256(SCALE((head, sent_at,
//! last_nonce, batch_root)))`, checked against the definition computed here without the crate's helpers.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use codec::Encode;
use common::batch_root_by_definition;
use hex_literal::hex;
use proptest::prelude::*;
use sp_runtime::traits::{BlakeTwo256, Hash};
use xcmp_primitives::{build_egress_entry, Message, MessageQueueChain, ParaId, H256};

/// A channel's history: batches of payloads, each with its `sent_at`.
type History = Vec<(u32, Vec<Vec<u8>>)>;

/// The head after `history`, from the definitions of PROTOCOL sections 2 and 3 alone.
fn head_by_definition(history: &History) -> H256 {
	let mut last_nonce = 0u64;
	history.iter().fold(H256::zero(), |head, (sent_at, payloads)| {
		last_nonce += payloads.len() as u64;
		BlakeTwo256::hash(
			&(head, *sent_at, last_nonce, batch_root_by_definition(payloads)).encode(),
		)
	})
}

/// The head after `history` as the sender's egress entries carry it, batch after batch.
fn head_by_entries(history: &History) -> H256 {
	let mut head = H256::zero();
	let mut next_nonce = 1u64;
	for (sent_at, payloads) in history {
		let messages: Vec<Message> = payloads
			.iter()
			.map(|payload| {
				next_nonce += 1;
				Message {
					sender: ParaId::from(1),
					destination: ParaId::from(2),
					nonce: next_nonce - 1,
					sent_at: *sent_at,
					payload: payload.clone().try_into().unwrap(),
				}
			})
			.collect();
		head = build_egress_entry(head, &messages).unwrap().mqc_head;
	}
	head
}

#[test]
fn empty_channel_head_is_zero() {
	assert_eq!(MessageQueueChain::default().head(), H256::zero());
	assert_eq!(head_by_definition(&vec![]), H256::zero());
}

#[test]
fn known_answer() {
	// Two batches: [1, 2, 3] and [4, 5, 6] sent at 2 (nonces 1 and 2), then [7] sent at 3.
	let history = vec![(2, vec![vec![1, 2, 3], vec![4, 5, 6]]), (3, vec![vec![7]])];
	let expected = H256(hex!("889c20382fdf89428c186f54fced1410bbd2f18bd8a3d321182d7123e7bb8720"));
	assert_eq!(head_by_definition(&history), expected);
	assert_eq!(head_by_entries(&history), expected);
}

#[test]
fn a_step_hashes_head_sent_at_last_nonce_and_batch_root() {
	let (head, root) = (H256::repeat_byte(7), H256::repeat_byte(9));
	let mut chain = MessageQueueChain::new(head);
	chain.extend_with_batch(11, 40, root);
	assert_eq!(chain.head(), BlakeTwo256::hash(&(head, 11u32, 40u64, root).encode()));
}

#[test]
fn batches_of_the_same_root_and_another_length_give_another_head() {
	// A sender can make two batches of different lengths with one Merkle root: a payload `p`
	// whose SCALE encoding is `h1 ‖ h2` (a 63-byte payload, whose compact length is 0xfc, after a
	// first payload whose hash starts with 0xfc) hashes to the inner node over `h1` and `h2`. So
	// the step hashes the batch's last nonce, and the head pins the history all the same.
	let hash = |payload: &Vec<u8>| BlakeTwo256::hash(&payload.encode());
	let first = (0u32..).map(|i| i.to_le_bytes().to_vec()).find(|p| hash(p)[0] == 0xfc).unwrap();
	let (second, third) = (vec![2], vec![3]);
	let node = [hash(&first).as_bytes()[1..].to_vec(), hash(&second).as_bytes().to_vec()].concat();
	assert_eq!(node.len(), 63);
	let long = vec![first, second, third.clone()];
	let short = vec![node, third];
	assert_eq!(batch_root_by_definition(&long), batch_root_by_definition(&short));
	let (long, short) = (vec![(2, long)], vec![(2, short)]);
	assert_ne!(head_by_entries(&long), head_by_entries(&short));
	assert_eq!(head_by_entries(&long), head_by_definition(&long));
	assert_eq!(head_by_entries(&short), head_by_definition(&short));
}

#[test]
fn the_same_messages_split_otherwise_give_another_head() {
	let one_batch = vec![(2, vec![vec![1], vec![2]])];
	let two_batches = vec![(2, vec![vec![1]]), (2, vec![vec![2]])];
	assert_ne!(head_by_entries(&one_batch), head_by_entries(&two_batches));
}

proptest! {
	#[test]
	fn entries_chain_as_defined(
		history in prop::collection::vec(
			(any::<u32>(), prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 1..8)),
			0..8,
		)
	) {
		prop_assert_eq!(head_by_entries(&history), head_by_definition(&history));
	}
}
