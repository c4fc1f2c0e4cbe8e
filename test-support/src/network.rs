//! The mock relay chain and the parachains that send through it, around one receiver.

use std::collections::BTreeMap;

use polkadot_parachain_primitives::primitives::HrmpChannelId;
use sp_io::TestExternalities;
use sp_trie::{CompactProof, StorageProof};
use xcmp_primitives::{
	receiver::{check_sender_move, refusals_not_included},
	refusal_without_messages,
	relay_state::{receiver_proof_keys, RelayParent, DEFAULT_RELAY_PALLET_NAME},
	ChannelLimits, LimitBreach, ParaId, Payload, RelayBlockNumber, RoutedBatch, H256,
};
use xcmp_verifier::{Candidate, Outboxes};

use crate::relay::{self, Relay};

/// The mock relay runtime's state and the senders' outboxes: senders commit their blocks with
/// [`xcmp_primitives::Outbox`], the relay includes their candidates through
/// `pallet-xcmp-relay`, collators route the batches, and a receiver's collator proves the
/// relay's real state for its block.
pub struct RelayNetwork {
	/// The relay chain's state.
	pub relay: TestExternalities,
	/// The relay chain's latest block: the relay parent of the next parachain blocks.
	pub relay_block: RelayBlockNumber,
	/// Each sender's outbox.
	pub outboxes: Outboxes,
}

impl RelayNetwork {
	/// A relay chain at block `relay_block`, in which `channels` (sender, receiver) opened with
	/// `limits`.
	pub fn opened_at(
		relay_block: RelayBlockNumber,
		channels: &[(ParaId, ParaId)],
		limits: ChannelLimits,
	) -> Self {
		let mut relay = relay::genesis();
		relay.execute_with(|| {
			relay::System::set_block_number(u64::from(relay_block));
			for &(sender, recipient) in channels {
				let channel = HrmpChannelId { sender, recipient };
				if let Err(error) = relay::XcmpRelay::force_open_channel(
					relay::RuntimeOrigin::root(),
					channel,
					limits,
				) {
					panic!("channel {sender:?} -> {recipient:?} did not open: {error:?}");
				}
			}
		});
		Self { relay, relay_block, outboxes: Outboxes::default() }
	}

	/// Each `(sender, destination, payloads)` is sent by the sender's block at the latest relay
	/// block (one block per sender, with a batch to each of its destinations); the relay
	/// includes the blocks in a new relay block. Returns their `sent_at`.
	pub fn send(&mut self, sends: &[(ParaId, ParaId, Vec<Payload>)]) -> RelayBlockNumber {
		let sent_at = self.relay_block;
		let mut queued: BTreeMap<ParaId, BTreeMap<ParaId, Vec<Payload>>> = BTreeMap::new();
		for (sender, destination, payloads) in sends {
			queued.entry(*sender).or_default().insert(*destination, payloads.clone());
		}
		let outboxes = &mut self.outboxes;
		let candidates: Vec<Candidate> = self.relay.execute_with(|| {
			let records = pallet_xcmp_relay::StorageRecords::<Relay>::default();
			queued
				.into_iter()
				.map(|(sender, queued)| {
					outboxes.send(&records, sender, sent_at, queued).unwrap_or_else(|error| {
						panic!("{sender:?} cannot commit its block: {error:?}")
					})
				})
				.collect()
		});
		self.include(&candidates);
		sent_at
	}

	/// A relay block in which nothing happens.
	pub fn advance(&mut self) {
		self.relay_block += 1;
	}

	/// Includes `candidates` in a new relay block, each validated at protocol level
	/// ([`xcmp_verifier::validate_candidate`]) and its commitments included by the pallet;
	/// panics if one is invalid or refused.
	pub fn include(&mut self, candidates: &[Candidate]) {
		self.relay_block += 1;
		let now = self.relay_block;
		self.relay.execute_with(|| {
			relay::System::set_block_number(u64::from(now));
			for candidate in candidates {
				let records = pallet_xcmp_relay::StorageRecords::<Relay>::default();
				let included = xcmp_verifier::validate_candidate(&records, candidate)
					.and_then(|commitments| relay::XcmpRelay::do_include_candidate(&commitments));
				if let Err(error) = included {
					panic!("the relay refused {:?}'s candidate: {error:?}", candidate.para);
				}
			}
		});
	}

	/// The batch `sender`'s block at `sent_at` committed for `destination`, as its collator
	/// routes it; panics if there is none.
	pub fn route(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		destination: ParaId,
	) -> RoutedBatch {
		self.outboxes.route(sender, sent_at, destination).unwrap_or_else(|| {
			panic!("{sender:?} committed no batch for {destination:?} at {sent_at}")
		})
	}

	/// `batches` as `receiver`'s honest collator, whose runtime holds `own`, puts them in a
	/// block on the latest relay block ([`routed_to`]).
	pub fn routed_to(
		&mut self,
		receiver: ParaId,
		own: &ReceiverRecords,
		batches: Vec<RoutedBatch>,
	) -> Vec<RoutedBatch> {
		routed_to(&mut self.relay, self.relay_block, receiver, own, batches)
	}

	/// The keys of the relay records that `receiver`'s block on the latest relay block reads
	/// ([`receiver_proof_keys`]) for `batches` and the `outbound` destinations, its watermark
	/// passing at most `max_digests` of its digests.
	pub fn receiver_keys(
		&mut self,
		receiver: ParaId,
		batches: &[RoutedBatch],
		outbound: impl IntoIterator<Item = ParaId>,
		max_digests: u32,
	) -> Vec<Vec<u8>> {
		let digests = self.relay.execute_with(|| {
			pallet_xcmp_relay::Pallet::<Relay>::digest_blocks(receiver, max_digests)
		});
		receiver_proof_keys(DEFAULT_RELAY_PALLET_NAME, receiver, batches, outbound, &digests)
	}

	/// Proves `keys` in the relay's current state: the relay parent it makes (the latest relay
	/// block) and the compact proof, as the ingress inherent carries it.
	pub fn prove(&mut self, keys: &[Vec<u8>]) -> (RelayParent, CompactProof) {
		let (state_root, proof) = prove_compact(&mut self.relay, keys);
		(RelayParent { number: self.relay_block, state_root }, proof)
	}
}

pub use xcmp_primitives::receiver::ReceiverRecords;

/// What `receiver`'s collator offers its block on `relay`'s block `relay_parent` of one sender's
/// `served` batches (in nonce order, from the receiver's cursor): those up to the first whose
/// egress root the relay does not hold at its `sent_at`, which no block could prove, nor any
/// after it, since a sender's batches are consumed in nonce order; routed as the receiver's
/// runtime will consume them ([`routed_to`]).
pub fn offered(
	relay: &mut TestExternalities,
	relay_parent: RelayBlockNumber,
	receiver: ParaId,
	own: &ReceiverRecords,
	served: Vec<RoutedBatch>,
) -> Vec<RoutedBatch> {
	let recorded = relay.execute_with(|| {
		served
			.into_iter()
			.take_while(|batch| {
				pallet_xcmp_relay::EgressRoots::<Relay>::contains_key(
					batch.sender,
					batch.entry.sent_at,
				)
			})
			.collect()
	});
	routed_to(relay, relay_parent, receiver, own, recorded)
}

/// `batches` as `receiver`'s honest collator puts them in a block on `relay`'s block
/// `relay_parent`, by
/// the rules of [`xcmp_primitives::consume_batch`] and
/// [`xcmp_primitives::receiver::check_sender_move`], which the runtime applies to the same
/// records of its own, `own`:
///
/// - from a sender `own` blocks, and expired at `relay_parent`
///   ([`EgressEntry::expired_at`](xcmp_primitives::EgressEntry::expired_at)), each carries its
///   entry and proof alone ([`RoutedBatch::refused`]): the runtime refuses a refused batch that
///   carries messages;
/// - one whose messages break its channel's limits ([`LimitBreach::of`]) goes whole, to be
///   refused, its messages showing the breach;
/// - the others go whole, to be accepted;
/// - a block consumes all of one sender's batches alike (accepted or refused), so a sender's
///   batches stop at the first that would be consumed unlike its first one: it and those after
///   it wait for the next block;
/// - a refusal that would open more refused ranges on its channel than the relay will hold
///   (`MAX_REFUSED_RANGES`, the runtime's `TooManyRefusedRanges`), counting the ranges the
///   receiver's blocks not included yet refused, waits, with the sender's later batches, until
///   the sender has seen the ranges held: the block goes without them.
///
/// Each sender's batches start at the receiver's cursor, as its collator serves them.
pub fn routed_to(
	relay: &mut TestExternalities,
	relay_parent: RelayBlockNumber,
	receiver: ParaId,
	own: &ReceiverRecords,
	batches: Vec<RoutedBatch>,
) -> Vec<RoutedBatch> {
	relay.execute_with(|| {
		// Per sender: how its batches in this block are consumed (refused or not), or `None`
		// once they stop.
		let mut consumed: BTreeMap<ParaId, Option<bool>> = BTreeMap::new();
		let mut routed = Vec::with_capacity(batches.len());
		for batch in batches {
			let sender = batch.sender;
			let blocked = own.blocks.binary_search(&sender).is_ok();
			let without_messages =
				refusal_without_messages(blocked, relay_parent, &batch.entry).is_some();
			let channel = pallet_xcmp_relay::Channels::<Relay>::get(sender, receiver);
			let breaks_limits = channel.as_ref().is_some_and(|channel| {
				LimitBreach::of(&batch, &channel.limits_at(batch.entry.sent_at)).is_some()
			});
			let refused = without_messages || breaks_limits;
			let earlier = consumed.get(&sender).copied();
			if earlier == Some(None) {
				continue;
			}
			let held = || {
				let Some(channel) = channel.as_ref() else { return Vec::new() };
				let recent = own.recent_refusals.get(&sender).map_or(&[][..], Vec::as_slice);
				let not_included = refusals_not_included(recent, channel.cursor.last_nonce);
				channel.refused.iter().copied().chain(not_included).collect::<Vec<_>>()
			};
			let cursor = batch.entry.first_nonce.saturating_sub(1);
			if check_sender_move(earlier.flatten(), refused, cursor, held).is_err() {
				consumed.insert(sender, None);
				continue;
			}
			consumed.insert(sender, Some(refused));
			routed.push(if without_messages { batch.refused() } else { batch });
		}
		routed
	})
}

/// Proves `keys` in `state` as it is now, pending changes committed first: the state root and a
/// storage proof of each key's value, or of its absence.
pub fn prove(state: &mut TestExternalities, keys: &[Vec<u8>]) -> (H256, StorageProof) {
	if let Err(error) = state.commit_all() {
		panic!("a storage transaction is open: {error}");
	}
	let state_root = *state.backend.root();
	let ((), proof) = state.execute_and_prove(|| {
		for key in keys {
			let _ = sp_io::storage::get(key);
		}
	});
	(state_root, proof)
}

/// As [`prove`], the proof in compact form (`sp_trie::CompactProof`): what a collator puts in
/// the ingress inherent. A compact proof holds its trie's root at least, so with no key to prove
/// it proves the empty key, whose lookup reads the root node only.
pub fn prove_compact(state: &mut TestExternalities, keys: &[Vec<u8>]) -> (H256, CompactProof) {
	let root_only = [Vec::new()];
	let keys = if keys.is_empty() { &root_only[..] } else { keys };
	let (state_root, proof) = prove(state, keys);
	match proof.into_compact_proof::<xcmp_primitives::Hashing>(state_root) {
		Ok(compact) => (state_root, compact),
		Err(error) => panic!("a proof of the state just read is a partial trie: {error:?}"),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use xcmp_primitives::{relay_state::RelayStateProof, ChannelCursor};

	const LIMITS: ChannelLimits =
		ChannelLimits { max_capacity: 10, max_total_size: 1_000, max_message_size: 100 };

	fn payloads(tag: u8, count: u8) -> Vec<Payload> {
		(0..count).map(|n| Payload::try_from(vec![tag, n]).expect("a small payload")).collect()
	}

	#[test]
	fn a_receiver_reads_every_record_of_its_block_from_the_proof() {
		let (a, b, c) = (ParaId::from(1000), ParaId::from(2000), ParaId::from(3000));
		let mut net = RelayNetwork::opened_at(1, &[(a, b), (c, b), (b, a), (a, c)], LIMITS);
		let sent_at =
			net.send(&[(a, b, payloads(1, 2)), (a, c, payloads(2, 1)), (c, b, payloads(3, 3))]);
		assert_eq!((sent_at, net.relay_block), (1, 2));
		let batches = [net.route(a, sent_at, b), net.route(c, sent_at, b)];
		let keys = net.receiver_keys(b, &batches, [a], u32::MAX);
		let (parent, proof) = net.prove(&keys);
		assert_eq!(parent.number, 2);

		let view =
			RelayStateProof::from_compact(DEFAULT_RELAY_PALLET_NAME, parent.state_root, &proof)
				.expect("a compact proof of the relay state");
		for batch in &batches {
			let channel = view.channel(batch.sender, b).expect("proven").expect("open");
			let root = view.egress_root(batch.sender, sent_at).expect("proven").expect("held");
			assert_eq!(view.blocks(b, batch.sender), Ok(false));
			xcmp_primitives::verify_batch(
				b,
				&root,
				&ChannelCursor::default(),
				&channel.limits_at(batch.entry.sent_at),
				batch,
			)
			.expect("an honest batch");
		}
		assert!(view.channel(b, a).expect("proven").is_some());
		assert_eq!(view.blocks(a, b), Ok(false));
		// Both blocks were recorded in relay block 2, B's only digest.
		assert_eq!(view.oldest_digest(b), Ok(Some(2)));
		let digest = view.digest(b, 2).expect("proven").expect("held");
		assert_eq!(
			(digest.entries, digest.previous, digest.next),
			(vec![(a, 2), (c, 3)], None, None)
		);
		// Nothing else is proven.
		assert!(view.channel(a, c).is_err());
	}

	#[test]
	fn a_receiving_block_is_included_against_the_relay_records() {
		let (a, b) = (ParaId::from(1000), ParaId::from(2000));
		let mut net = RelayNetwork::opened_at(5, &[(a, b)], LIMITS);
		let sent_at = net.send(&[(a, b, payloads(1, 4))]);
		net.advance();
		let batch = net.route(a, sent_at, b);
		let candidate = net.relay.execute_with(|| {
			let records = pallet_xcmp_relay::StorageRecords::<Relay>::default();
			xcmp_verifier::receiving_candidate(&records, b, 7, vec![batch], 7, Default::default())
				.expect("one cursor")
		});
		net.include(&[candidate]);
		assert_eq!(net.relay_block, 8);
		net.relay.execute_with(|| {
			let channel = pallet_xcmp_relay::Channels::<Relay>::get(a, b).expect("open");
			assert_eq!(channel.cursor.last_nonce, 4);
			assert_eq!(pallet_xcmp_relay::Watermarks::<Relay>::get(b), 7);
			assert!(pallet_xcmp_relay::EgressRoots::<Relay>::get(a, sent_at).is_none());
		});
	}
}
