//! Verifying routed batches: the honest case, and one test per way a batch can be wrong.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use common::*;
use xcmp_primitives::{
	batch_root, build_egress_entry, verify_batch, verify_refused_batch, ChannelCursor,
	ChannelLimits, EgressCommitment, EgressEntry, Message, MessageQueueChain, ProofFailure,
	RoutedBatch, VerificationError as E, H256,
};

const RECEIVER: u32 = 2000;

/// Sender 1000 sends 5 messages to the receiver and 3 to para 3000 in one block.
fn block() -> SenderBlock {
	SenderBlock::new(1000, 7, &[(RECEIVER, 5), (3000, 3)])
}

fn check(block: &SenderBlock, batch: &RoutedBatch) -> Result<ChannelCursor, E> {
	verify_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &LIMITS, batch)
}

#[test]
fn honest_batch_verifies_and_moves_cursor() {
	let block = block();
	let batch = block.route(RECEIVER);
	let cursor = check(&block, &batch).unwrap();
	assert_eq!(cursor.last_nonce, 5);
	let root = batch_root(&batch.messages);
	let head = MessageQueueChain::default().extend_with_batch(7, 5, root).head();
	assert_eq!(cursor.mqc_head, head);
}

#[test]
fn consecutive_batches_chain_through_the_cursor() {
	let first = messages(1000, RECEIVER, 1, 3, 7);
	let entry1 = build_egress_entry(H256::zero(), &first).unwrap();
	let second = messages(1000, RECEIVER, 4, 2, 8);
	let entry2 = build_egress_entry(entry1.mqc_head, &second).unwrap();
	let commit1 = EgressCommitment::new(vec![(para(RECEIVER), entry1)]).unwrap();
	let commit2 = EgressCommitment::new(vec![(para(RECEIVER), entry2)]).unwrap();
	let route = |commit: &EgressCommitment, entry, messages: &Vec<Message>| RoutedBatch {
		sender: para(1000),
		entry,
		entry_proof: xcmp_primitives::prove_egress_entries(&commit.entries, &[para(RECEIVER)])
			.unwrap(),
		messages: messages.clone(),
	};
	let b1 = route(&commit1, entry1, &first);
	let b2 = route(&commit2, entry2, &second);
	let receiver = para(RECEIVER);
	// Out of order: the second batch does not continue a fresh cursor.
	assert_eq!(
		verify_batch(receiver, &commit2.egress_root, &fresh_cursor(), &LIMITS, &b2),
		Err(E::Gap { expected: 1, first_nonce: 4 })
	);
	let c1 = verify_batch(receiver, &commit1.egress_root, &fresh_cursor(), &LIMITS, &b1).unwrap();
	let c2 = verify_batch(receiver, &commit2.egress_root, &c1, &LIMITS, &b2).unwrap();
	assert_eq!(c2, entry2.cursor_after());
	// Replaying the first batch after the cursor moved past it.
	assert_eq!(
		verify_batch(receiver, &commit1.egress_root, &c2, &LIMITS, &b1),
		Err(E::Replay { cursor: 5, first_nonce: 1 })
	);
	// A forged cursor head: the right nonce but another history.
	let forged = ChannelCursor { last_nonce: 3, mqc_head: H256::repeat_byte(1) };
	assert_eq!(
		verify_batch(receiver, &commit2.egress_root, &forged, &LIMITS, &b2),
		Err(E::MqcHeadMismatch)
	);
}

#[test]
fn malformed_entry_is_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.entry.first_nonce = 6;
	assert_eq!(check(&block, &batch), Err(E::MalformedEntry { index: 0 }));
	batch.entry.first_nonce = 0;
	assert_eq!(check(&block, &batch), Err(E::MalformedEntry { index: 0 }));
}

#[test]
fn missing_or_extra_messages_are_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages.pop();
	assert_eq!(check(&block, &batch), Err(E::CountMismatch { expected: 5, found: 4 }));
	batch.messages.clear();
	assert_eq!(check(&block, &batch), Err(E::EmptyBatch));
}

#[test]
fn batch_over_channel_limits_is_refused() {
	let block = block();
	let batch = block.route(RECEIVER);
	let small = ChannelLimits { max_capacity: 4, ..LIMITS };
	assert_eq!(
		verify_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &small, &batch),
		Err(E::BatchOverCapacity { count: 5, max: 4 })
	);
	let bytes: u64 = batch.messages.iter().map(|m| m.payload.len() as u64).sum();
	let tight = ChannelLimits { max_total_size: bytes as u32 - 1, max_message_size: 8, ..LIMITS };
	assert_eq!(
		verify_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &tight, &batch),
		Err(E::BatchOverSize { bytes, max: bytes as u32 - 1 })
	);
	let tiny = ChannelLimits { max_message_size: 1, ..LIMITS };
	assert_eq!(
		verify_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &tiny, &batch),
		Err(E::MessageTooLarge { index: 0, size: 2, max: 1 })
	);
}

#[test]
fn a_batch_over_its_channel_s_limits_is_consumed_by_refusal_if_it_is_the_sender_s() {
	use xcmp_primitives::{consume_batch, Consumption, LimitBreach, RefusalReason};
	let block = block();
	let batch = block.route(RECEIVER);
	let consume = |limits: &ChannelLimits, blocked: bool, batch: &RoutedBatch| {
		consume_batch(para(RECEIVER), &block.root(), &fresh_cursor(), limits, blocked, 8, batch)
	};
	let after = batch.entry.cursor_after();
	assert_eq!(consume(&LIMITS, false, &batch), Ok((after, Consumption::Accepted)));
	let bytes: u64 = batch.messages.iter().map(|m| m.payload.len() as u64).sum();
	for (limits, breach) in [
		(
			ChannelLimits { max_capacity: 4, ..LIMITS },
			LimitBreach::OverCapacity { count: 5, max: 4 },
		),
		(
			ChannelLimits { max_message_size: 1, ..LIMITS },
			LimitBreach::MessageTooLarge { index: 0, size: 2, max: 1 },
		),
		(
			ChannelLimits { max_total_size: bytes as u32 - 1, ..LIMITS },
			LimitBreach::OverSize { bytes, max: bytes as u32 - 1 },
		),
	] {
		let refused = Consumption::Refused(RefusalReason::BreaksLimits(breach));
		assert_eq!(consume(&limits, false, &batch), Ok((after, refused)), "{breach:?}");
		// The strict check fails it, which is why it is refused rather than accepted.
		assert!(
			verify_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &limits, &batch).is_err()
		);
		// A forged copy is no breach of the sender's: it fails as a forgery.
		let mut forged = batch.clone();
		forged.messages[1].payload[0] ^= 0xff;
		assert_eq!(consume(&limits, false, &forged), Err(E::BatchRootMismatch));
	}
	// An entry whose total lies about its messages' bytes: the sender's breach too.
	let mut lying = SenderBlock::new(1000, 7, &[(RECEIVER, 2)]);
	lying.set_total_bytes(RECEIVER, 1);
	let batch = lying.route(RECEIVER);
	let carried = batch.messages.iter().map(|m| m.payload.len() as u64).sum();
	let breach = LimitBreach::TotalBytesMismatch { committed: 1, carried };
	assert_eq!(
		consume_batch(para(RECEIVER), &lying.root(), &fresh_cursor(), &LIMITS, false, 8, &batch),
		Ok((batch.entry.cursor_after(), Consumption::Refused(RefusalReason::BreaksLimits(breach))))
	);
	// From a blocked sender, refused with its entry and proof alone.
	let block = self::block();
	let refused = block.route(RECEIVER).refused();
	assert_eq!(
		consume_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &LIMITS, true, 8, &refused),
		Ok((after, Consumption::Refused(RefusalReason::SenderBlocked)))
	);
}

#[test]
fn an_expired_batch_is_refused_without_its_messages_and_reclaimable_only_once_it_is_safe() {
	use xcmp_primitives::{consume_batch, Consumption, RefusalReason};
	// Sent at 7, expiring at 10: a receiver block on relay parent 9 takes it, one on 10 not.
	let mut block = block();
	block.set_expires_at(RECEIVER, Some(10));
	let batch = block.route(RECEIVER);
	let after = batch.entry.cursor_after();
	let consume = |relay_parent, batch: &RoutedBatch| {
		consume_batch(
			para(RECEIVER),
			&block.root(),
			&fresh_cursor(),
			&LIMITS,
			false,
			relay_parent,
			batch,
		)
	};
	assert_eq!(consume(9, &batch), Ok((after, Consumption::Accepted)));
	assert_eq!(
		consume(10, &batch.clone().refused()),
		Ok((after, Consumption::Refused(RefusalReason::Expired)))
	);
	assert_eq!(
		consume(11, &batch.clone().refused()),
		Ok((after, Consumption::Refused(RefusalReason::Expired)))
	);
	// Expired, it is never dispatched: with its messages it is no refusal.
	assert_eq!(consume(10, &batch), Err(E::RefusedBatchCarriesMessages { count: 5 }));
	// Not expired, its messages are needed.
	assert_eq!(consume(9, &batch.clone().refused()), Err(E::EmptyBatch));
	// The deadline is the sender's as committed: a collator that moves it breaks the proof.
	let mut moved = batch.clone();
	moved.entry.expires_at = Some(20);
	assert!(matches!(consume(10, &moved), Err(E::InvalidEntryProof(_))));
	// A blocked sender's batch is refused for that first.
	assert_eq!(
		consume_batch(
			para(RECEIVER),
			&block.root(),
			&fresh_cursor(),
			&LIMITS,
			true,
			10,
			&batch.clone().refused()
		),
		Ok((after, Consumption::Refused(RefusalReason::SenderBlocked)))
	);
	// The sender reclaims it once no receiver block on a relay parent before 10 can still be
	// included (10 + MAX_RELAY_PARENT_AGE), and only while the receiver's cursor is below it.
	let entry = batch.entry;
	assert!(!entry.reclaimable(12, 0));
	assert!(entry.reclaimable(13, 0));
	assert!(!entry.reclaimable(13, entry.last_nonce));
	// Without a deadline, never.
	let plain = self::block().route(RECEIVER).entry;
	assert!(!plain.expired_at(u32::MAX) && !plain.reclaimable(u32::MAX, 0));
}

#[test]
fn forged_sender_is_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages[2].sender = para(999);
	assert_eq!(check(&block, &batch), Err(E::WrongSender { index: 2, sender: para(999) }));
	// Claiming the batch came from another sender points at that sender's root, which does not
	// hold the entry; its messages still name the real sender.
	let mut batch = block.route(RECEIVER);
	batch.sender = para(999);
	assert_eq!(check(&block, &batch), Err(E::WrongSender { index: 0, sender: para(1000) }));
}

#[test]
fn batch_for_another_destination_is_refused() {
	let block = block();
	let batch = block.route(3000);
	assert_eq!(
		check(&block, &batch),
		Err(E::WrongDestination { index: 0, destination: para(3000) })
	);
}

#[test]
fn reordered_messages_are_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages.swap(1, 3);
	assert_eq!(check(&block, &batch), Err(E::NonceOutOfOrder { index: 1, expected: 2, found: 4 }));
}

#[test]
fn duplicated_message_is_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages[3] = batch.messages[2].clone();
	assert_eq!(check(&block, &batch), Err(E::NonceOutOfOrder { index: 3, expected: 4, found: 3 }));
}

#[test]
fn forged_sent_at_is_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages[4].sent_at += 1;
	assert_eq!(check(&block, &batch), Err(E::SentAtMismatch { index: 4 }));
}

#[test]
fn forged_payload_is_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages[0].payload[0] ^= 0xff;
	assert_eq!(check(&block, &batch), Err(E::BatchRootMismatch));
	// A payload of another length is caught by the byte count first.
	let mut batch = block.route(RECEIVER);
	batch.messages[0].payload.try_push(0).unwrap();
	assert_eq!(check(&block, &batch), Err(E::TotalBytesMismatch));
}

#[test]
fn entry_forged_to_match_forged_messages_fails_its_proof() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.messages[0].payload[0] ^= 0xff;
	batch.entry.batch_root = batch_root(&batch.messages);
	batch.entry.mqc_head =
		MessageQueueChain::default().extend_with_batch(7, 5, batch.entry.batch_root).head();
	assert_eq!(check(&block, &batch), Err(E::InvalidEntryProof(ProofFailure::RootMismatch)));
}

#[test]
fn proof_against_another_root_is_refused() {
	let block = block();
	let other = SenderBlock::new(1000, 7, &[(RECEIVER, 5)]);
	let mut batch = block.route(RECEIVER);
	batch.entry_proof = other.route(RECEIVER).entry_proof;
	assert!(matches!(check(&block, &batch), Err(E::InvalidEntryProof(_))));
	// And the honest proof against a root the relay never recorded for it.
	let batch = block.route(RECEIVER);
	assert_eq!(
		verify_batch(para(RECEIVER), &other.root(), &fresh_cursor(), &LIMITS, &batch),
		Err(E::InvalidEntryProof(ProofFailure::RootMismatch))
	);
}

#[test]
fn truncated_or_padded_proof_is_refused() {
	let block = block();
	let mut batch = block.route(RECEIVER);
	batch.entry_proof.nodes.pop();
	assert_eq!(check(&block, &batch), Err(E::InvalidEntryProof(ProofFailure::Incomplete)));
	let mut batch = block.route(RECEIVER);
	let extra = batch.entry_proof.nodes[0].clone();
	batch.entry_proof.nodes.push(extra);
	assert_eq!(check(&block, &batch), Err(E::InvalidEntryProof(ProofFailure::Extraneous)));
	let mut batch = block.route(RECEIVER);
	batch.entry_proof.nodes[0].truncate(1);
	assert!(matches!(check(&block, &batch), Err(E::InvalidEntryProof(_))));
}

#[test]
fn building_an_entry_refuses_inconsistent_messages() {
	assert_eq!(build_egress_entry(H256::zero(), &[]), Err(E::EmptyBatch));
	let mut msgs = messages(1, 2, 1, 3, 5);
	msgs[1].sent_at = 6;
	assert_eq!(build_egress_entry(H256::zero(), &msgs), Err(E::SentAtMismatch { index: 1 }));
	let mut msgs = messages(1, 2, 1, 3, 5);
	msgs[2].nonce = 9;
	assert_eq!(
		build_egress_entry(H256::zero(), &msgs),
		Err(E::NonceOutOfOrder { index: 2, expected: 3, found: 9 })
	);
	let mut msgs = messages(1, 2, 1, 3, 5);
	msgs[2].destination = para(3);
	assert_eq!(
		build_egress_entry(H256::zero(), &msgs),
		Err(E::WrongDestination { index: 2, destination: para(3) })
	);
	let mut msgs = messages(1, 2, 0, 3, 5);
	msgs.remove(0);
	assert!(build_egress_entry(H256::zero(), &msgs).is_ok());
	assert_eq!(
		build_egress_entry(H256::zero(), &messages(1, 2, 0, 2, 5)),
		Err(E::MalformedEntry { index: 0 })
	);
}

#[test]
fn refused_batch_needs_only_its_entry_and_proof() {
	let block = block();
	let batch = block.route(RECEIVER).refused();
	assert!(batch.messages.is_empty());
	let cursor =
		verify_refused_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &batch).unwrap();
	// The same cursor a receiver reaches by processing the batch.
	assert_eq!(cursor, check(&block, &block.route(RECEIVER)).unwrap());
	// Continuity and the proof are still checked.
	assert_eq!(
		verify_refused_batch(para(RECEIVER), &block.root(), &cursor, &batch),
		Err(E::Replay { cursor: 5, first_nonce: 1 })
	);
	let mut forged = batch.clone();
	forged.entry.mqc_head = H256::repeat_byte(9);
	assert_eq!(
		verify_refused_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &forged),
		Err(E::InvalidEntryProof(ProofFailure::RootMismatch))
	);
	// Another destination's entry does not prove anything under the receiver's key.
	let other = block.route(3000).refused();
	assert!(matches!(
		verify_refused_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &other),
		Err(E::InvalidEntryProof(_))
	));
}

/// Found by the random-history property: a refused batch's messages were carried and never read,
/// so a collator could put forged bytes in a valid block. A refused batch carries none.
#[test]
fn a_refused_batch_carrying_messages_is_refused() {
	let block = block();
	let honest = block.route(RECEIVER);
	assert_eq!(
		verify_refused_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &honest),
		Err(E::RefusedBatchCarriesMessages { count: 5 })
	);
	let mut forged = honest;
	forged.messages[0].payload[0] ^= 0xff;
	forged.messages.truncate(1);
	assert_eq!(
		verify_refused_batch(para(RECEIVER), &block.root(), &fresh_cursor(), &forged),
		Err(E::RefusedBatchCarriesMessages { count: 1 })
	);
}

/// Found by fuzzing (`verify_batch_mutations`): with overflow checks on, building or verifying a
/// batch whose last nonce is `u64::MAX` panicked, stepping the nonce iterator past it.
#[test]
fn nonces_up_to_the_last_one_do_not_overflow() {
	let last = message(1000, RECEIVER, u64::MAX, 7, b"last");
	let entry = build_egress_entry(H256::zero(), std::slice::from_ref(&last)).unwrap();
	assert_eq!((entry.first_nonce, entry.last_nonce), (u64::MAX, u64::MAX));
	// Two messages from the last nonce would need a nonce past it.
	let mut beyond = messages(1000, RECEIVER, 1, 2, 7);
	beyond[0].nonce = u64::MAX;
	assert_eq!(build_egress_entry(H256::zero(), &beyond), Err(E::MalformedEntry { index: 0 }));

	let commitment = EgressCommitment::new(vec![(para(RECEIVER), entry)]).unwrap();
	let batch = RoutedBatch {
		sender: para(1000),
		entry,
		entry_proof: xcmp_primitives::prove_egress_entries(&commitment.entries, &[para(RECEIVER)])
			.unwrap(),
		messages: vec![last],
	};
	let cursor = ChannelCursor { last_nonce: u64::MAX - 1, mqc_head: H256::zero() };
	assert_eq!(
		verify_batch(para(RECEIVER), &commitment.egress_root, &cursor, &LIMITS, &batch),
		Ok(entry.cursor_after())
	);
	// Once the cursor is at the last nonce, the same batch again is a replay: the nonce after
	// `u64::MAX` does not saturate back to it.
	let exhausted = entry.cursor_after();
	assert_eq!(
		verify_batch(para(RECEIVER), &commitment.egress_root, &exhausted, &LIMITS, &batch),
		Err(E::Replay { cursor: u64::MAX, first_nonce: u64::MAX })
	);
	assert_eq!(
		verify_refused_batch(para(RECEIVER), &commitment.egress_root, &exhausted, &batch.refused()),
		Err(E::Replay { cursor: u64::MAX, first_nonce: u64::MAX })
	);
}

#[test]
fn a_batch_encodes_what_its_messages_share_once_and_decodes_as_it_was() {
	use codec::{Decode, Encode};
	let batch = SenderBlock::new(1000, 7, &[(RECEIVER, 5)]).route(RECEIVER);
	// Framed: sender, entry and proof, the tag and the destination once, then the payloads.
	let head = (batch.sender, batch.entry, &batch.entry_proof).encoded_size();
	let payloads: usize = batch.messages.iter().map(|m| m.payload.encoded_size()).sum();
	assert_eq!(batch.encoded_size(), head + 1 + 4 + 1 + payloads);
	assert_eq!(RoutedBatch::decode(&mut &batch.encode()[..]), Ok(batch.clone()));
	// A 64-byte message costs its compact length and its bytes: 66, where whole it is 86.
	let mut one = batch.clone();
	one.messages.truncate(1);
	one.messages[0].payload = vec![7u8; 64].try_into().unwrap();
	let mut two = one.clone();
	let mut second = one.messages[0].clone();
	second.nonce += 1;
	two.messages.push(second.clone());
	assert_eq!(two.encoded_size() - one.encoded_size(), 66);
	assert_eq!(second.encoded_size(), 86);

	// Messages that disagree with their batch are encoded as they are, and decode as they were,
	// for verification to refuse.
	for forge in [
		|m: &mut Message| m.sender = para(1),
		|m: &mut Message| m.destination = para(1),
		|m: &mut Message| m.nonce += 1,
		|m: &mut Message| m.sent_at += 1,
	] {
		let mut forged = batch.clone();
		forge(&mut forged.messages[2]);
		let decoded = RoutedBatch::decode(&mut &forged.encode()[..]).unwrap();
		assert_eq!(decoded, forged);
		assert!(decoded.encoded_size() > batch.encoded_size());
	}
	let refused = batch.clone().refused();
	assert_eq!(RoutedBatch::decode(&mut &refused.encode()[..]), Ok(refused));

	// A framed batch cannot name nonces past the last one, nor an unknown encoding.
	let mut bytes = (batch.sender, EgressEntry { first_nonce: u64::MAX, ..batch.entry }).encode();
	bytes.extend(batch.entry_proof.encode());
	bytes.push(0);
	bytes.extend((para(RECEIVER), vec![vec![1u8], vec![2u8]]).encode());
	assert!(RoutedBatch::decode(&mut &bytes[..]).is_err());
	let mut unknown = batch.encode();
	let tag = head;
	unknown[tag] = 2;
	assert!(RoutedBatch::decode(&mut &unknown[..]).is_err());
}
