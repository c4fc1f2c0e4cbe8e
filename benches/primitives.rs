//! The protocol's hot paths, side by side in one run with what they are measured against:
//!
//! - the peer: what HRMP does for the same messages, `cumulus_primitives_parachain_inherent`'s
//!   `MessageQueueChain::extend_hrmp` over each message (parachain-system's ingress check);
//! - the limit: BlakeTwo256 over each payload once, which any scheme must at least do.
//!
//! Groups: `commit_batch` (sender), `batch_trie` (the parts of committing 64-byte messages: the
//! batch root, the payload hashes, and the tries the root was measured against),
//! `verify_batch` (receiver and validator, one batch),
//! `entry_proof` (generation and verification among D destinations), `verify_candidate` (the
//! reference model's validation and inclusion of a receiver's candidate, N messages from up to
//! 10 senders, and `verify_candidate_senders`, 1,000 messages from 1, 10 and 100 senders) and
//! `check_inclusion` (the relay's inclusion of the same candidates' commitments alone, by
//! messages and batches: it reads no message, so only the batches count) and `validate_pov`
//! (what a validator does for a receiving block of the mock parachain runtime: re-execute it,
//! natively, on a state holding only its proof of validity).
//!
//! `cargo bench --bench primitives`; figures and the machine are in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use cumulus_primitives_core::InboundHrmpMessage;
use cumulus_primitives_parachain_inherent::MessageQueueChain as PeerChain;
use sp_core::{Hasher, H256};
use std::{collections::BTreeMap, hint::black_box, time::Duration};
use xcmp::primitives::{
	build_egress_entry, prove_egress_entries, verify_batch, verify_egress_entry, ChannelCursor,
	ChannelLimits, EgressCommitment, Hashing, IngressCommitment, IngressCursor, Layout, Message,
	Outbox, ParaId, Payload, RoutedBatch,
};
use xcmp::verifier::{
	check_inclusion, validate_candidate, verify_candidate, Candidate, InMemoryRelay,
};

const SENDER: u32 = 1000;
const RECEIVER: u32 = 2000;
/// Message counts and payload sizes, skipping pairs above 16 MiB of payload per batch.
const COUNTS: [u64; 5] = [1, 10, 100, 1_000, 10_000];
const SIZES: [usize; 3] = [64, 1024, 64 * 1024];
const MAX_BATCH_BYTES: u64 = 16 << 20;

fn messages(count: u64, size: usize) -> Vec<Message> {
	(1..=count)
		.map(|nonce| Message {
			sender: ParaId::from(SENDER),
			destination: ParaId::from(RECEIVER),
			nonce,
			sent_at: 7,
			payload: vec![nonce as u8; size].try_into().expect("size within the bound"),
		})
		.collect()
}

fn cases() -> impl Iterator<Item = (u64, usize)> {
	COUNTS
		.into_iter()
		.flat_map(|n| SIZES.into_iter().map(move |s| (n, s)))
		.filter(|(n, s)| n * *s as u64 <= MAX_BATCH_BYTES)
}

/// The limit: one BlakeTwo256 over each payload.
fn limit(messages: &[Message]) {
	for m in messages {
		black_box(<Hashing as Hasher>::hash(&m.payload));
	}
}

fn limits() -> ChannelLimits {
	ChannelLimits {
		max_capacity: 16 * 1024,
		max_total_size: u32::MAX,
		max_message_size: 100 * 1024,
	}
}

/// A sender block with `destinations` batches, the receiver's of `count` messages of `size`
/// bytes, the others of one message: the receiver's routed batch and the block's commitment.
fn routed(count: u64, size: usize, destinations: u32) -> (RoutedBatch, EgressCommitment) {
	let mut outbox = Outbox::new(ParaId::from(SENDER));
	let mut queued: BTreeMap<ParaId, Vec<Payload>> = BTreeMap::new();
	let payload = |n: u64| -> Payload { vec![n as u8; size].try_into().expect("within bound") };
	queued.insert(ParaId::from(RECEIVER), (1..=count).map(payload).collect());
	for d in 1..destinations {
		queued.insert(ParaId::from(RECEIVER + d), vec![payload(0)]);
	}
	let commitment = outbox.commit(7, queued).expect("honest block");
	let batch = outbox.route(7, ParaId::from(RECEIVER)).expect("committed");
	(batch, commitment)
}

/// Benches `ours` on each case's messages in group `name`, beside the peer and the limit over
/// the same messages. `prepare` turns a case's messages into `ours`'s input.
fn side_by_side<I>(
	c: &mut Criterion,
	name: &str,
	prepare: impl Fn(u64, usize) -> I,
	messages_of: impl Fn(&I) -> &[Message],
	ours: impl Fn(&I),
) {
	let cases = cases().map(|(n, size)| (format!("{n}x{size}B"), prepare(n, size)));
	side_by_side_cases(c, name, cases, messages_of, ours);
}

/// [`side_by_side`] over named inputs, each prepared when its turn comes.
fn side_by_side_cases<I>(
	c: &mut Criterion,
	name: &str,
	cases: impl Iterator<Item = (String, I)>,
	messages_of: impl Fn(&I) -> &[Message],
	ours: impl Fn(&I),
) {
	let mut group = c.benchmark_group(name);
	group.sample_size(10).warm_up_time(Duration::from_millis(300));
	group.measurement_time(Duration::from_secs(1));
	for (id, input) in cases {
		let msgs = messages_of(&input);
		let hrmp: Vec<InboundHrmpMessage> = msgs
			.iter()
			.map(|m| InboundHrmpMessage { sent_at: m.sent_at, data: m.payload.to_vec() })
			.collect();
		let bytes: u64 = msgs.iter().map(|m| m.payload.len() as u64).sum();
		group.throughput(Throughput::Bytes(bytes));
		group.bench_function(BenchmarkId::new("xcmp", &id), |b| b.iter(|| ours(black_box(&input))));
		group.bench_function(BenchmarkId::new("peer_hrmp_mqc", &id), |b| {
			b.iter(|| {
				let mut chain = PeerChain::default();
				for m in black_box(&hrmp) {
					chain.extend_hrmp(m);
				}
				chain.head()
			})
		});
		group.bench_function(BenchmarkId::new("limit_blake2", &id), |b| {
			b.iter(|| limit(black_box(msgs)))
		});
	}
	group.finish();
}

/// Sender side: committing a batch (batch root, channel chain, byte count).
fn commit(c: &mut Criterion) {
	side_by_side(
		c,
		"commit_batch",
		messages,
		|msgs| msgs,
		|msgs| {
			black_box(build_egress_entry(H256::zero(), msgs).ok());
		},
	);
}

/// Receiver (and validator) side: verifying a routed batch from a block with 10 destinations.
fn verify(c: &mut Criterion) {
	side_by_side(
		c,
		"verify_batch",
		|n, size| {
			let (batch, commitment) = routed(n, size, 10);
			let receiver = ParaId::from(RECEIVER);
			let cursor = ChannelCursor::default();
			verify_batch(receiver, &commitment.egress_root, &cursor, &limits(), &batch)
				.expect("the benched batch is valid, so the whole check runs");
			(batch, commitment)
		},
		|(batch, _)| &batch.messages,
		|(batch, commitment)| {
			let receiver = ParaId::from(RECEIVER);
			let root = &commitment.egress_root;
			black_box(
				verify_batch(receiver, root, &ChannelCursor::default(), &limits(), batch).ok(),
			);
		},
	);
}

/// The entry proof: generating and verifying it among D destinations, and its size.
fn proofs(c: &mut Criterion) {
	let mut group = c.benchmark_group("entry_proof");
	group.sample_size(20).warm_up_time(Duration::from_millis(300));
	group.measurement_time(Duration::from_secs(1));
	for destinations in [1u32, 10, 100, 1000] {
		let (batch, commitment) = routed(1, 64, destinations);
		let (root, entries) = (commitment.egress_root, commitment.entries.to_vec());
		eprintln!("entry proof among {destinations} destinations: {} bytes", batch.proof_size());
		group.bench_with_input(BenchmarkId::new("generate", destinations), &entries, |b, e| {
			b.iter(|| prove_egress_entries(black_box(e), &[ParaId::from(RECEIVER)]))
		});
		group.bench_with_input(BenchmarkId::new("verify", destinations), &batch, |b, batch| {
			b.iter(|| {
				verify_egress_entry(
					&root,
					&batch.entry_proof,
					ParaId::from(RECEIVER),
					Some(black_box(&batch.entry)),
				)
			})
		});
	}
	group.finish();
}

/// A receiver's candidate that consumed `count` messages of `size` bytes from
/// min(count, `senders`) senders, with a relay that recorded the senders' blocks; and the
/// messages.
fn receiving_candidate(count: u64, size: usize, senders: u64) -> ReceivingCandidate {
	let receiver = ParaId::from(RECEIVER);
	let senders = count.min(senders);
	let mut relay = InMemoryRelay::default();
	let mut consumed = Vec::new();
	for s in 0..senders {
		let sender = ParaId::from(SENDER + s as u32);
		relay.open_channel(sender, receiver, limits());
		let mut outbox = Outbox::new(sender);
		let share = count / senders + u64::from(s < count % senders);
		let payloads: Vec<Payload> =
			(1..=share).map(|n| vec![n as u8; size].try_into().expect("within bound")).collect();
		let egress = outbox.commit(1, BTreeMap::from([(receiver, payloads)])).expect("honest");
		let ingress = IngressCommitment::empty(0);
		let sending =
			Candidate { para: sender, relay_parent: 1, egress, ingress, consumed: vec![] };
		relay.apply(&verify_candidate(&relay, &sending).expect("honest sender"), 2);
		consumed.push(outbox.route(1, receiver).expect("committed"));
	}
	let cursors = consumed.iter().map(|batch| IngressCursor::after(batch, false)).collect();
	let ingress = IngressCommitment::new(cursors, 2, Default::default()).expect("sorted");
	let egress = EgressCommitment::empty();
	let candidate = Candidate { para: receiver, relay_parent: 2, egress, ingress, consumed };
	verify_candidate(&relay, &candidate)
		.expect("the benched candidate is valid: the whole check runs");
	let messages = candidate.consumed.iter().flat_map(|b| b.messages.clone()).collect();
	(relay, candidate, messages)
}

/// The relay validators' check of a receiver's whole candidate: every batch's proof against its
/// sender's recorded root, the batches against their roots and chains, cursors and watermark.
fn candidate(c: &mut Criterion) {
	side_by_side(
		c,
		"verify_candidate",
		|count, size| receiving_candidate(count, size, 10),
		candidate_messages,
		check_candidate,
	);
	// The same 1,000 messages from S = 1, 10 and 100 senders: what each further batch costs.
	let spreads = [64, 1024].into_iter().flat_map(|size| {
		[1u64, 10, 100].into_iter().map(move |senders| {
			(format!("1000x{size}B_s{senders}"), receiving_candidate(1000, size, senders))
		})
	});
	side_by_side_cases(c, "verify_candidate_senders", spreads, candidate_messages, check_candidate);
}

/// A relay, a receiver's candidate and the messages it consumed.
type ReceivingCandidate = (InMemoryRelay, Candidate, Vec<Message>);

fn candidate_messages((_, _, messages): &ReceivingCandidate) -> &[Message] {
	messages
}

fn check_candidate((relay, candidate, _): &ReceivingCandidate) {
	black_box(verify_candidate(relay, candidate).ok());
}

/// The relay's inclusion of a receiver's validated commitments, by messages consumed and batches
/// (one per sender): no message is in them, so the cost follows the batches, never the messages.
/// HRMP's relay-side cost per message, from the Polkadot relay runtime's published inclusion
/// weights, is set next to it in BENCHMARKS.md.
fn inclusion(c: &mut Criterion) {
	let mut group = c.benchmark_group("check_inclusion");
	group.measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
	for (count, senders) in [(1, 1), (100, 1), (1_000, 1), (100, 10), (1_000, 10), (1_000, 100)] {
		let (relay, candidate, _) = receiving_candidate(count, 64, senders);
		let commitments = validate_candidate(&relay, &candidate).expect("valid");
		group.bench_with_input(
			BenchmarkId::from_parameter(format!("m{count}_b{senders}")),
			&(relay, commitments),
			|b, (relay, commitments)| {
				b.iter(|| black_box(check_inclusion(relay, commitments).ok()))
			},
		);
	}
	group.finish();
}

/// A receiving block of the mock parachain runtime that consumes `count` messages of `size`
/// bytes from one sender (sent over as many of its blocks as they take), built by its collator,
/// not yet included: the parent it builds on, the relay parent validators take from the relay
/// chain, its proof of validity, and the messages.
fn receiving_block(count: u64, size: usize) -> ReceivingBlock {
	use xcmp_runtime_mock::{parachain::RuntimeCall, runtime_network::RuntimeNetwork};
	const USER: u64 = 5;
	let limits = ChannelLimits {
		max_capacity: 16_384,
		max_total_size: 16 << 20,
		max_message_size: 64 * 1024,
	};
	// Sends one sender block takes: a block of the mock runtime takes some 260 of them.
	const SENDS_PER_BLOCK: u64 = 200;
	let mut net = RuntimeNetwork::new(&[SENDER, RECEIVER], limits, vec![(USER, 1 << 40)]);
	let receiver = ParaId::from(RECEIVER);
	for first in (0..count).step_by(SENDS_PER_BLOCK as usize) {
		for n in first..count.min(first + SENDS_PER_BLOCK) {
			let payload = Payload::truncate_from(vec![n as u8; size]);
			let call = pallet_xcmp_egress::Call::send { destination: receiver, payload };
			net.submit(SENDER, USER, RuntimeCall::XcmpEgress(call));
		}
		// The receiver stays silent until every batch is sent: its one block takes them all.
		net.step_producing(|para| para != receiver, |_, _| {}, |_, _| {});
	}
	let index = net.index(RECEIVER);
	let batches = net.gather(index);
	let (relay_parent, data) = net.inherent(index, batches);
	let built = net.build(index, relay_parent, data).expect("the receiver builds its block");
	let messages: Vec<Message> =
		built.candidate.consumed.iter().flat_map(|batch| batch.messages.clone()).collect();
	assert_eq!(messages.len() as u64, count, "the block takes every message");
	let parent = net.para(RECEIVER).head.clone();
	let relay_parent = net.relay_parent();
	(parent, relay_parent, built.pov, messages)
}

/// A receiving block's parent, relay parent, proof of validity and messages.
type ReceivingBlock = (
	xcmp_runtime_mock::collator::Header,
	xcmp::primitives::relay_state::RelayParent,
	xcmp::verifier::pov::ProofOfValidity<xcmp_runtime_mock::parachain::Block>,
	Vec<Message>,
);

/// Candidate validation as validators run it: the receiving block re-executed from its proof
/// of validity (every batch checked by its ingress pallet, the messages queued and serviced, the
/// state root recomputed), side by side with HRMP's channel-chain check over the same messages,
/// which is only part of what a validator does for an HRMP block.
fn validation(c: &mut Criterion) {
	let cases = [(1, 64), (100, 64), (1_000, 64), (100, 1024)]
		.into_iter()
		.map(|(count, size)| (format!("{count}x{size}B"), receiving_block(count, size)));
	side_by_side_cases(
		c,
		"validate_pov",
		cases,
		|(_, _, _, messages)| messages,
		|(parent, relay_parent, pov, _)| {
			let validated =
				xcmp_runtime_mock::validation::validate_block(parent, *relay_parent, pov);
			black_box(validated.expect("the block validates"));
		},
	);
}

criterion_group!(benches, commit, batch_trie, verify, proofs, candidate, inclusion, validation);
criterion_main!(benches);

/// The parts of committing a batch of 64-byte messages: the whole commit, the batch root alone
/// (the binary Merkle root over the payload hashes), the payload hashes alone, and, for the
/// record of why the root is what it is, the two `sp-trie` tries it was measured against: over
/// the 52-byte leaves the protocol had before (sender, destination, nonce, `sent_at` and the
/// payload hash) and over the payload hash alone (32 bytes, which the trie inlines).
fn batch_trie(c: &mut Criterion) {
	use codec::Encode;
	use sp_trie::TrieConfiguration;
	let mut group = c.benchmark_group("batch_trie");
	for count in [100u64, 1_000] {
		let msgs = messages(count, 64);
		let hashes: Vec<H256> = msgs.iter().map(Message::payload_hash).collect();
		let key = |m: &Message| m.nonce.to_be_bytes().to_vec();
		group.bench_function(BenchmarkId::new("commit", count), |b| {
			b.iter(|| black_box(build_egress_entry(H256::zero(), &msgs).ok()))
		});
		group.bench_function(BenchmarkId::new("merkle_root", count), |b| {
			b.iter(|| {
				black_box(binary_merkle_tree::merkle_root_raw::<Hashing, _>(hashes.iter().copied()))
			})
		});
		group.bench_function(BenchmarkId::new("trie_leaf_52B", count), |b| {
			b.iter(|| {
				let leaf =
					|m: &Message, h| (m.sender, m.destination, m.nonce, m.sent_at, h).encode();
				let items = msgs.iter().zip(&hashes).map(|(m, h)| (key(m), leaf(m, *h)));
				black_box(Layout::trie_root(items))
			})
		});
		group.bench_function(BenchmarkId::new("trie_leaf_32B", count), |b| {
			b.iter(|| {
				let items = msgs.iter().zip(&hashes).map(|(m, h)| (key(m), h.as_bytes().to_vec()));
				black_box(Layout::trie_root(items))
			})
		});
		group.bench_function(BenchmarkId::new("payload_hashes", count), |b| {
			b.iter(|| black_box(msgs.iter().map(Message::payload_hash).collect::<Vec<_>>()))
		});
	}
	group.finish();
}
