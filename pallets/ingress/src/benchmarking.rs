//! Benchmarks of the ingress pallet (FRAME v2).
//!
//! The relay state a benchmark needs is built as an in-memory trie with the relay pallet's keys
//! (`xcmp_primitives::relay_state::keys`), and its proof is every node of that trie, in compact
//! form as the inherent carries it; batches come
//! from an `xcmp_primitives::Outbox`, as a sender's egress pallet commits them.

use super::*;
use alloc::{collections::BTreeMap, vec, vec::Vec};
use codec::{Decode, Encode};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get, Hooks},
	weights::Weight,
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_trie::{CompactProof, TrieMut};
use xcmp_primitives::{
	limits::{MAX_BLOCK_LIST_CHANGES, MAX_CHANNEL_CAPACITY, MAX_MESSAGE_SIZE},
	relay_state::{
		keys, ChannelState, DigestSpan, OutboundChannelView, PendingOutbound, ReceiverDigest,
		RelayParent,
	},
	BlockListChange, ChannelCursor, ChannelLimits, ConsumedBatch, ConsumedBatches, Hashing,
	IngressCursor, Layout, MovedCursors, Nonce, Outbox, Payload, RelayBlockNumber, H256,
};

/// Payload bytes of each benchmarked message.
const PAYLOAD_SIZE: usize = 64;
/// Most messages in the first batch of the `receive` benchmark.
const MAX_MESSAGES: u32 = 1000;

/// Limits of every channel in the benchmarks: the protocol's widest.
const LIMITS: ChannelLimits = ChannelLimits {
	max_capacity: MAX_CHANNEL_CAPACITY,
	max_total_size: u32::MAX,
	max_message_size: MAX_MESSAGE_SIZE,
};

/// A parachain other than this one, distinct for each distinct `n > 0`.
fn other_para<T: Config>(n: u32) -> ParaId {
	ParaId::from(u32::from(T::SelfParaId::get()) ^ n)
}

/// A relay state holding `entries`, and a compact proof of all of it; makes it the relay parent
/// at `number`.
fn relay_state<T: Config>(
	number: RelayBlockNumber,
	entries: Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<CompactProof, BenchmarkError> {
	let mut db = sp_trie::MemoryDB::<Hashing>::with_hasher(sp_trie::RandomState::default());
	let mut root = H256::default();
	{
		let mut trie = sp_trie::TrieDBMutBuilder::<Layout>::new(&mut db, &mut root).build();
		for (key, value) in entries {
			trie.insert(&key, &value).map_err(|_| BenchmarkError::Stop("relay trie"))?;
		}
	}
	let proof = sp_trie::encode_compact::<Layout, _>(&db, &root)
		.map_err(|_| BenchmarkError::Stop("compact proof"))?;
	T::BenchmarkHelper::set_relay_parent(RelayParent { number, state_root: root });
	Ok(proof)
}

/// An inherent with `batches` batches from one sender, sent at relay blocks `1..=batches`, the
/// first with `messages` messages of `size` bytes and the others one each, and a relay view of
/// `destinations` outbound channels besides the pending ones. The relay parent is `batches`,
/// and every digest up to it is proven, so the watermark advances as far as its step allows.
fn inherent<T: Config>(
	batches: u32,
	messages: u32,
	size: usize,
	destinations: u32,
) -> Result<IngressInherentData, BenchmarkError> {
	padded_inherent::<T>(batches, messages, size, destinations, Vec::new())
}

/// As [`inherent`], with the relay state of `padding` besides, which the inherent does not read:
/// its proof holds it all the same.
fn padded_inherent<T: Config>(
	batches: u32,
	messages: u32,
	size: usize,
	destinations: u32,
	padding: Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<IngressInherentData, BenchmarkError> {
	let name = T::RelayPalletName::get();
	let me = T::SelfParaId::get();
	let sender = other_para::<T>(1);
	let mut outbox = Outbox::new(sender);
	let mut entries = vec![(keys::channel(name, sender, me), ChannelState::new(LIMITS).encode())];
	let mut routed = Vec::new();
	for sent_at in 1..=batches {
		let count = if sent_at == 1 { messages } else { 1 };
		let payloads = (0..count)
			.map(|n| Payload::try_from(vec![n as u8; size]))
			.collect::<Result<Vec<_>, _>>()
			.map_err(|_| BenchmarkError::Stop("payload"))?;
		let commitment = outbox
			.commit(sent_at, BTreeMap::from([(me, payloads)]))
			.map_err(|_| BenchmarkError::Stop("commit"))?;
		let batch = outbox.route(sent_at, me).ok_or(BenchmarkError::Stop("route"))?;
		entries.push((keys::egress_root(name, sender, sent_at), commitment.egress_root.encode()));
		entries.push((
			keys::digest(name, me, sent_at),
			vec![(sender, batch.entry.last_nonce)].encode(),
		));
		routed.push(batch);
	}
	let mut outbound: Vec<ParaId> = (0..destinations).map(|n| other_para::<T>(n + 2)).collect();
	let pending = T::PendingOutbound::pending_destinations();
	let room = (T::MaxRelayViewChannels::get() as usize).saturating_sub(pending.len());
	outbound.truncate(room);
	for destination in outbound.iter().chain(pending.iter()) {
		entries.push((keys::channel(name, me, *destination), ChannelState::new(LIMITS).encode()));
	}
	entries.extend(padding);
	let relay_state_proof = relay_state::<T>(batches, entries)?;
	Ok(IngressInherentData {
		relay_state_proof,
		outbound_destinations: outbound,
		batches: routed,
		outcomes: Vec::new(),
	})
}

/// An inherent that consumes nothing and whose watermark walks from 0 past `blocks` digests
/// (one in each relay block from 1) holding `entries` digest entries in all, spread over the blocks and over as few
/// senders as fit (one entry per sender and block). Earlier blocks consumed the senders'
/// batches: each sender's channel is read, once.
fn watermark_inherent<T: Config>(
	blocks: RelayBlockNumber,
	entries: u32,
) -> Result<IngressInherentData, BenchmarkError> {
	let name = T::RelayPalletName::get();
	let me = T::SelfParaId::get();
	let mut digests: BTreeMap<RelayBlockNumber, Vec<(ParaId, Nonce)>> =
		(1..=blocks).map(|at| (at, Vec::new())).collect();
	for entry in 0..entries {
		let (at, sender) = (1 + entry % blocks.max(1), other_para::<T>(10 + entry / blocks.max(1)));
		digests.entry(at).or_default().push((sender, at.into()));
		let cursor = ChannelCursor { last_nonce: blocks.into(), mqc_head: H256::zero() };
		InboundChannels::<T>::insert(sender, InboundChannel { cursor, ..Default::default() });
	}
	// One digest in each relay block from 1, linked oldest first.
	let span = DigestSpan { oldest: 1, newest: blocks.max(1) };
	let mut relay = vec![(keys::digest_span(name, me), span.encode())];
	relay.extend(digests.into_iter().map(|(at, entries)| {
		let previous = (at > 1).then(|| at - 1);
		let next = (at < blocks).then(|| at + 1);
		(keys::digest(name, me, at), ReceiverDigest { entries, previous, next }.encode())
	}));
	for destination in T::PendingOutbound::pending_destinations() {
		relay.push((keys::channel(name, me, destination), ChannelState::new(LIMITS).encode()));
	}
	let relay_state_proof = relay_state::<T>(blocks, relay)?;
	Ok(IngressInherentData {
		relay_state_proof,
		outbound_destinations: Vec::new(),
		batches: vec![],
		outcomes: Vec::new(),
	})
}

/// `values` relay-state entries no inherent reads, of `bytes` bytes in all, each value distinct.
fn padding<T: Config>(values: u32, bytes: u32) -> Vec<(Vec<u8>, Vec<u8>)> {
	let name = T::RelayPalletName::get();
	let size = (bytes / values.max(1)) as usize;
	(0..values)
		.map(|n| {
			let mut value = n.encode();
			value.resize(size.max(value.len()), 7);
			(keys::last_egress_at(name, other_para::<T>(1_000 + n)), value)
		})
		.collect()
}

/// Most messages of [`PAYLOAD_SIZE`] bytes one queue page holds, at most [`MAX_MESSAGES`].
fn page_messages<T: Config>() -> u32 {
	let per_message = encoded_payload_len(PAYLOAD_SIZE) as u32;
	(T::MaxPageBytes::get() / per_message).min(MAX_MESSAGES)
}

/// Queues `count` messages of `size` bytes from `sender` as the inherent would, after its cursor.
fn queue_messages<T: Config>(
	sender: ParaId,
	count: u64,
	size: usize,
) -> Result<(), BenchmarkError> {
	let mut channel = InboundChannels::<T>::get(sender).unwrap_or_default();
	let first = channel.cursor.last_nonce + 1;
	let mut messages = Vec::new();
	for nonce in first..first + count {
		let payload = Payload::try_from(T::BenchmarkHelper::processable_message(size))
			.map_err(|_| BenchmarkError::Stop("payload"))?;
		let destination = T::SelfParaId::get();
		messages.push(xcmp_primitives::Message { sender, destination, nonce, sent_at: 1, payload });
		channel.cursor.last_nonce = nonce;
	}
	Pallet::<T>::enqueue(sender, &mut channel, messages)
		.map_err(|_| BenchmarkError::Stop("enqueue"))?;
	InboundChannels::<T>::insert(sender, channel);
	Footprint::<T>::mutate(|footprint| {
		footprint.messages += count as u32;
		footprint.bytes += count * size as u64;
	});
	ReadySenders::<T>::mutate(|ready| {
		if let Err(position) = ready.binary_search(&sender) {
			let _ = ready.try_insert(position, sender);
		}
	});
	Ok(())
}

/// Parks a message of `size` bytes with nonce 1 from a sender with a channel, as the service
/// parks a failed one. Returns the sender.
fn park_message<T: Config>(size: usize) -> Result<ParaId, BenchmarkError> {
	let sender = other_para::<T>(1);
	let payload = Payload::try_from(T::BenchmarkHelper::processable_message(size))
		.map_err(|_| BenchmarkError::Stop("payload"))?;
	let mut channel = InboundChannels::<T>::get(sender).unwrap_or_default();
	channel.cursor.last_nonce = 1;
	channel.parked = 1;
	InboundChannels::<T>::insert(sender, channel);
	ParkedMessages::<T>::insert(sender, 1, ParkedMessage { reason: ParkReason::Corrupt, payload });
	Ok(sender)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Verifying and applying an inherent of `b` batches (the first of `m` messages, the others
	/// of one) with a relay view of `d` outbound channels.
	#[benchmark]
	fn receive(
		b: Linear<1, { T::MaxBatchesPerInherent::get() }>,
		m: Linear<1, MAX_MESSAGES>,
		d: Linear<0, { T::MaxRelayViewChannels::get() }>,
	) -> Result<(), BenchmarkError> {
		let data = inherent::<T>(b, m, PAYLOAD_SIZE, d)?;
		let last = data.batches.last().map(|batch| batch.entry.last_nonce);

		#[block]
		{
			Pallet::<T>::take_inherent(data).map_err(|_| BenchmarkError::Stop("receive"))?;
		}

		let sender = other_para::<T>(1);
		assert_eq!(InboundChannels::<T>::get(sender).map(|c| c.cursor.last_nonce), last);
		assert_eq!(Footprint::<T>::get().messages, m + b - 1);
		Ok(())
	}

	/// Verifying and applying an inherent of one batch of one message whose relay-state proof
	/// holds `s` bytes of relay state besides, in sixteen values it does not read, decoding it
	/// included: the cost per proof byte (decoding, hashing each node into the in-memory
	/// database, copying it).
	#[benchmark]
	fn receive_proof_bytes(
		s: Linear<0, { T::MaxInherentSize::get() / 4 * 3 }>,
	) -> Result<(), BenchmarkError> {
		let data = padded_inherent::<T>(1, 1, PAYLOAD_SIZE, 0, padding::<T>(16, s))?;
		let encoded = data.encode();

		#[block]
		{
			let data = IngressInherentData::decode(&mut &encoded[..])
				.map_err(|_| BenchmarkError::Stop("decode"))?;
			Pallet::<T>::take_inherent(data).map_err(|_| BenchmarkError::Stop("receive"))?;
		}

		assert_eq!(Footprint::<T>::get().messages, 1);
		Ok(())
	}

	/// As `receive_proof_bytes`, its relay-state proof holding `n` relay-state values of four
	/// bytes besides, which it does not read: the cost per proof node beyond its bytes (decoding
	/// it, hashing it, storing it in the in-memory database), of nodes as small as the relay's
	/// get. A compact proof holds no node its trie does not link, so the nodes are those of real
	/// entries: `n` leaves, and the branches above them.
	#[benchmark]
	fn receive_proof_nodes(
		n: Linear<0, { T::MaxInherentSize::get() / 64 }>,
	) -> Result<(), BenchmarkError> {
		let data = padded_inherent::<T>(1, 1, PAYLOAD_SIZE, 0, padding::<T>(n, 0))?;
		let encoded = data.encode();

		#[block]
		{
			let data = IngressInherentData::decode(&mut &encoded[..])
				.map_err(|_| BenchmarkError::Stop("decode"))?;
			Pallet::<T>::take_inherent(data).map_err(|_| BenchmarkError::Stop("receive"))?;
		}

		assert_eq!(Footprint::<T>::get().messages, 1);
		Ok(())
	}

	/// Taking an inherent whose watermark walks `w` relay blocks, each with one digest entry of
	/// one sender the block moves no cursor of: the cost per relay block of reading its digest
	/// from the proof.
	#[benchmark]
	fn receive_watermark(
		w: Linear<1, { T::MaxWatermarkAdvance::get() }>,
	) -> Result<(), BenchmarkError> {
		let data = watermark_inherent::<T>(w, w)?;

		#[block]
		{
			let taken =
				Pallet::<T>::take_inherent(data).map_err(|_| BenchmarkError::Stop("receive"))?;
			assert_eq!(taken.walk, WatermarkWalk { blocks: w, entries: w, senders: 1 });
		}

		assert_eq!(Watermark::<T>::get(), w);
		Ok(())
	}

	/// Taking an inherent whose watermark walks [`Config::MaxWatermarkAdvance`] relay blocks
	/// holding `e` digest entries of up to [`Config::MaxInboundChannels`] senders the block
	/// moves no cursor of: the cost per entry of checking it against its sender's cursor, each
	/// sender's channel read once.
	#[benchmark]
	fn receive_digest_entries(
		e: Linear<0, { T::MaxWatermarkAdvance::get() * T::MaxInboundChannels::get() }>,
	) -> Result<(), BenchmarkError> {
		let blocks = T::MaxWatermarkAdvance::get();
		let data = watermark_inherent::<T>(blocks, e)?;

		#[block]
		{
			let taken =
				Pallet::<T>::take_inherent(data).map_err(|_| BenchmarkError::Stop("receive"))?;
			assert_eq!(taken.walk.entries, e);
		}

		assert_eq!(Watermark::<T>::get(), blocks);
		Ok(())
	}

	/// Servicing one queue page of `m` messages (the processor's own weight included in the
	/// measurement, with small payloads): the fixed part is loading and writing back the page
	/// (`service_page`), the part per message `service_message`.
	#[benchmark]
	fn service_page(m: Linear<1, { page_messages::<T>() }>) -> Result<(), BenchmarkError> {
		let sender = other_para::<T>(1);
		queue_messages::<T>(sender, m.into(), PAYLOAD_SIZE)?;
		assert_eq!(InboundChannels::<T>::get(sender).map(|c| c.queued_pages()), Some(1));

		#[block]
		{
			Pallet::<T>::service_queue(Weight::MAX);
		}

		assert_eq!(Footprint::<T>::get().messages, 0);
		Ok(())
	}

	/// Verifying and applying an inherent of one batch of one message of `s` bytes: the cost per
	/// payload byte of `receive` (hashing it, queueing it).
	#[benchmark]
	fn receive_payload(s: Linear<0, MAX_MESSAGE_SIZE>) -> Result<(), BenchmarkError> {
		let data = inherent::<T>(1, 1, s as usize, 0)?;

		#[block]
		{
			Pallet::<T>::take_inherent(data).map_err(|_| BenchmarkError::Stop("receive"))?;
		}

		assert_eq!(Footprint::<T>::get().bytes, u64::from(s));
		Ok(())
	}

	/// Servicing one queued message of `s` bytes: the cost per payload byte of
	/// `service_message` (its id's hash, its page read and written).
	#[benchmark]
	fn service_payload(s: Linear<0, MAX_MESSAGE_SIZE>) -> Result<(), BenchmarkError> {
		queue_messages::<T>(other_para::<T>(1), 1, s as usize)?;

		#[block]
		{
			Pallet::<T>::service_queue(Weight::MAX);
		}

		assert_eq!(Footprint::<T>::get().messages, 0);
		Ok(())
	}

	/// Blocking a sender with the block list and this block's changes almost full.
	#[benchmark]
	fn block_sender() -> Result<(), BenchmarkError> {
		let origin =
			T::ControlOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxBlockedSenders::get();
		for n in 1..max {
			Pallet::<T>::do_block_sender(other_para::<T>(n + 1))
				.map_err(|_| BenchmarkError::Stop("fill"))?;
		}
		PendingBlockListChanges::<T>::put(BoundedVec::truncate_from(vec![
			BlockListChange::Unblocked(other_para::<T>(1));
			MAX_BLOCK_LIST_CHANGES as usize - 1
		]));
		let sender = other_para::<T>(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, sender);

		assert!(BlockedSenders::<T>::get().contains(&sender));
		Ok(())
	}

	/// Unblocking a sender with the block list full and this block's changes almost full.
	#[benchmark]
	fn unblock_sender() -> Result<(), BenchmarkError> {
		let origin =
			T::ControlOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxBlockedSenders::get();
		for n in 0..max {
			Pallet::<T>::do_block_sender(other_para::<T>(n + 1))
				.map_err(|_| BenchmarkError::Stop("fill"))?;
		}
		PendingBlockListChanges::<T>::put(BoundedVec::truncate_from(vec![
			BlockListChange::Blocked(
				other_para::<T>(1)
			);
			MAX_BLOCK_LIST_CHANGES
				as usize - 1
		]));
		let sender = other_para::<T>(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, sender);

		assert!(!BlockedSenders::<T>::get().contains(&sender));
		Ok(())
	}

	/// Executing a parked message of `s` bytes (the processor's own weight included in the
	/// measurement).
	#[benchmark]
	fn execute_parked(s: Linear<0, MAX_MESSAGE_SIZE>) -> Result<(), BenchmarkError> {
		let origin =
			T::ControlOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let sender = park_message::<T>(s as usize)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, sender, 1, Weight::MAX);

		assert!(ParkedMessages::<T>::get(sender, 1).is_none());
		Ok(())
	}

	/// Discarding a parked message of the protocol's largest size.
	#[benchmark]
	fn discard_parked() -> Result<(), BenchmarkError> {
		let origin =
			T::ControlOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let sender = park_message::<T>(MAX_MESSAGE_SIZE as usize)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, sender, 1);

		assert!(ParkedMessages::<T>::get(sender, 1).is_none());
		assert_eq!(InboundChannels::<T>::get(sender).map(|channel| channel.parked), Some(0));
		Ok(())
	}

	/// Clearing the previous block's relay view of `d` outbound channels.
	#[benchmark]
	fn on_initialize(d: Linear<0, { T::MaxRelayViewChannels::get() }>) {
		let destinations: Vec<ParaId> = (0..d).map(|n| other_para::<T>(n + 2)).collect();
		let mut sorted = destinations.clone();
		sorted.sort();
		for destination in &destinations {
			RelayViewChannels::<T>::insert(
				destination,
				OutboundChannelView { state: Some(ChannelState::new(LIMITS)), blocked: false },
			);
		}
		RelayViewDestinations::<T>::put(BoundedVec::truncate_from(sorted));
		CurrentRelayParent::<T>::put(1);
		LastRelayParent::<T>::put(1);

		#[block]
		{
			Pallet::<T>::on_initialize(BlockNumberFor::<T>::from(2u32));
		}

		assert!(CurrentRelayParent::<T>::get().is_none());
		assert!(RelayViewDestinations::<T>::get().is_empty());
	}

	/// Committing `c` moved cursors, one consumed batch each, with this block's changes full.
	#[benchmark]
	fn on_finalize(c: Linear<0, { T::MaxBatchesPerInherent::get() }>) {
		let mut cursors: Vec<IngressCursor> = (0..c)
			.map(|n| IngressCursor {
				sender: other_para::<T>(n + 1),
				last_nonce: 1,
				mqc_head: H256::repeat_byte(1),
				rejected: false,
			})
			.collect();
		cursors.sort_by_key(|cursor| cursor.sender);
		let consumed = cursors
			.iter()
			.map(|cursor| ConsumedBatch {
				sender: cursor.sender,
				sent_at: 1,
				first_nonce: 1,
				last_nonce: 1,
			})
			.collect();
		ConsumedThisBlock::<T>::put(ConsumedBatches::truncate_from(consumed));
		MovedThisBlock::<T>::put(MovedCursors::truncate_from(cursors));
		PendingBlockListChanges::<T>::put(BoundedVec::truncate_from(vec![
			BlockListChange::Blocked(
				other_para::<T>(1)
			);
			MAX_BLOCK_LIST_CHANGES
				as usize
		]));

		#[block]
		{
			Pallet::<T>::on_finalize(BlockNumberFor::<T>::from(1u32));
		}

		assert_eq!(
			Commitment::<T>::get().map(|commitment| commitment.cursors.len()),
			Some(c as usize)
		);
		assert!(ConsumedThisBlock::<T>::get().is_empty());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
