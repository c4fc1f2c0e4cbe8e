//! The in-memory sender model: commits continue channels, batches are served whole with proofs
//! that verify, and pruning follows the receivers' cursors.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use common::*;
use std::collections::BTreeMap;
use xcmp_primitives::{
	verify_batch, ChannelCursor, EgressCommitment, Outbox, ParaId, Payload, VerificationError,
};

fn queue(sends: &[(u32, usize)]) -> BTreeMap<ParaId, Vec<Payload>> {
	sends
		.iter()
		.map(|&(d, count)| {
			(para(d), (0..count).map(|n| vec![n as u8; 5].try_into().unwrap()).collect())
		})
		.collect()
}

#[test]
fn commits_continue_each_channel_and_serve_verifiable_batches() {
	let mut outbox = Outbox::new(para(1));
	let first = outbox.commit(10, queue(&[(2, 3), (3, 1)])).unwrap();
	let second = outbox.commit(11, queue(&[(2, 2)])).unwrap();
	assert_eq!(outbox.channel(para(2)).last_nonce, 5);
	let served = outbox.serve(para(2), 0);
	assert_eq!(served.len(), 2);
	let cursor =
		verify_batch(para(2), &first.egress_root, &fresh_cursor(), &LIMITS, &served[0]).unwrap();
	let cursor = verify_batch(para(2), &second.egress_root, &cursor, &LIMITS, &served[1]).unwrap();
	assert_eq!(cursor, outbox.channel(para(2)));
	// Serving after a cursor skips what the receiver has.
	assert_eq!(outbox.serve(para(2), 3).len(), 1);
	assert!(outbox.serve(para(4), 0).is_empty());
}

#[test]
fn an_empty_block_commits_the_empty_trie_and_keeps_nothing() {
	let mut outbox = Outbox::new(para(1));
	assert_eq!(outbox.commit(1, BTreeMap::new()).unwrap(), EgressCommitment::empty());
	assert_eq!(outbox.commit(2, queue(&[(2, 0)])).unwrap(), EgressCommitment::empty());
	assert!(outbox.destinations().is_empty());
	assert_eq!(outbox.channel(para(2)), ChannelCursor::default());
}

#[test]
fn pruning_follows_the_receivers_cursor() {
	let mut outbox = Outbox::new(para(1));
	outbox.commit(1, queue(&[(2, 3), (3, 2)])).unwrap();
	outbox.commit(2, queue(&[(2, 2)])).unwrap();
	assert_eq!(outbox.held_to(para(2)), (5, 25));
	let pruned: Vec<u64> = outbox.prune(para(2), 4).iter().map(|m| m.nonce).collect();
	assert_eq!(pruned, vec![1, 2, 3, 4]);
	assert_eq!(outbox.held_to(para(2)).0, 1);
	assert!(outbox.route(1, para(2)).is_none(), "the first block's batch is gone");
	assert!(outbox.route(1, para(3)).is_some(), "but not the block, still held for 3");
	outbox.prune(para(3), 2);
	outbox.prune(para(2), 5);
	assert!(outbox.destinations().is_empty());
}

#[test]
fn a_skewed_channel_makes_batches_receivers_refuse() {
	let mut outbox = Outbox::new(para(1));
	outbox.commit(1, queue(&[(2, 2)])).unwrap();
	let channel = outbox.channel(para(2));
	outbox.set_channel(para(2), ChannelCursor { last_nonce: 5, ..channel });
	let commitment = outbox.commit(2, queue(&[(2, 1)])).unwrap();
	let cursor = ChannelCursor { last_nonce: 2, mqc_head: channel.mqc_head };
	assert_eq!(
		verify_batch(
			para(2),
			&commitment.egress_root,
			&cursor,
			&LIMITS,
			&outbox.route(2, para(2)).unwrap()
		),
		Err(VerificationError::Gap { expected: 3, first_nonce: 6 })
	);
}

/// Found in testing: committing nonce `u64::MAX` panicked with "attempt to add with overflow",
/// stepping the nonce iterator past it. The last nonce commits; nothing commits after it, and a
/// refused commit changes nothing.
#[test]
fn the_last_nonce_commits_and_nothing_after_it() {
	let mut outbox = Outbox::new(para(1));
	let head = ChannelCursor { last_nonce: u64::MAX - 1, mqc_head: fresh_cursor().mqc_head };
	outbox.set_channel(para(2), head);
	assert_eq!(
		outbox.commit(10, queue(&[(2, 2)])),
		Err(VerificationError::MalformedEntry { index: 0 })
	);
	assert_eq!(outbox.channel(para(2)), head);
	let last = outbox.commit(10, queue(&[(2, 1)])).unwrap();
	assert_eq!(last.entries[0].1.last_nonce, u64::MAX);
	assert_eq!(outbox.channel(para(2)).last_nonce, u64::MAX);
	assert_eq!(
		outbox.commit(11, queue(&[(2, 1)])),
		Err(VerificationError::MalformedEntry { index: 0 })
	);
	assert_eq!(outbox.channel(para(2)).last_nonce, u64::MAX);
}
