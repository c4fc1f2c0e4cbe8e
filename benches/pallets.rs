//! The pallets' block-level paths, side by side in one run with the peer a parachain would use
//! instead, `cumulus-pallet-xcmp-queue` over `pallet-message-queue` (HRMP), and with the limit,
//! BlakeTwo256 over each payload once:
//!
//! - `send_block`: ours queues N messages (`do_send`) and commits them in `on_finalize`; the peer
//!   sends the same payloads as XCM through its `SendXcm` and hands every page to HRMP
//!   (`take_outbound_messages`);
//! - `receive_block`: ours takes an ingress inherent carrying the N messages from S senders
//!   (relay-state proof, batch verification, queueing) and commits in `on_finalize`; the peer
//!   takes the same messages as HRMP pages (parachain-system's check of the channel chains over
//!   them, then `handle_xcmp_messages`, enqueued into the message queue);
//! - `service_queue`: each services what it queued with a no-op processor;
//! - `relay_inclusion`: what the relay chain does for N messages from one sender to one receiver.
//!   Ours includes the sender's and the receiver's candidates through `pallet-xcmp-relay`
//!   (roots, nonces and byte counts, whatever the messages); HRMP's relay stores every page the
//!   peer's sender hands it, one per channel per candidate, and prunes them when the receiver's
//!   watermark passes them (`xcmp_test_support::delivery::hrmp`).
//!
//! Every block ends with the state root over what it wrote. N messages of 64 B, 1 KiB and 64 KiB
//! (N = 1 to 10,000, at most 16 MiB per block), to D = 1, 10 and 100 destinations or from S = 1,
//! 10 and 100 senders.
//!
//! `cargo bench --bench pallets`; figures and the machine are in BENCHMARKS.md.

mod runtimes;

use criterion::{
	criterion_group, criterion_main, measurement::WallTime, BatchSize, BenchmarkGroup, BenchmarkId,
	Criterion, SamplingMode, Throughput,
};
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use runtimes::{egress, ingress, peer, state_root, take_processed, Snapshot};
use sp_core::Hasher;
use std::{hint::black_box, time::Duration};
use xcmp::primitives::{relay_state::RelayParent, Hashing, ParaId, Payload};
use xcmp_test_support::delivery::{self, hrmp, XcmpDelivery};

/// Message counts, payload sizes and the numbers of destinations (sending) or senders
/// (receiving) spread over, skipping blocks above 16 MiB of payload and spreads wider than the
/// messages.
const COUNTS: [u64; 5] = [1, 10, 100, 1_000, 10_000];
const SIZES: [usize; 3] = [64, 1024, 64 * 1024];
const SPREADS: [u32; 3] = [1, 10, 100];
const MAX_BLOCK_BYTES: u64 = 16 << 20;
/// The first of the parachains a block sends to or receives from.
const FIRST_COUNTERPARTY: u32 = 3000;

/// One benched block: `count` messages of `size` bytes, to or from `spread` parachains.
#[derive(Clone, Copy)]
struct Case {
	count: u64,
	size: usize,
	spread: u32,
}

impl Case {
	fn all() -> impl Iterator<Item = Case> {
		COUNTS
			.into_iter()
			.flat_map(|count| SIZES.into_iter().map(move |size| (count, size)))
			.filter(|(count, size)| count * *size as u64 <= MAX_BLOCK_BYTES)
			.flat_map(|(count, size)| {
				SPREADS
					.into_iter()
					.filter(move |spread| u64::from(*spread) <= count)
					.map(move |spread| Case { count, size, spread })
			})
	}

	fn bytes(&self) -> u64 {
		self.count * self.size as u64
	}

	/// The parachains the block sends to or receives from.
	fn counterparties(&self) -> Vec<ParaId> {
		(0..self.spread).map(|i| ParaId::from(FIRST_COUNTERPARTY + i)).collect()
	}

	/// The messages, round robin over [`Case::counterparties`], each payload filled with its index.
	fn messages(&self) -> Vec<(ParaId, Payload)> {
		let counterparties = self.counterparties();
		(0..self.count)
			.zip(counterparties.iter().cycle())
			.map(|(i, counterparty)| {
				let payload = vec![i as u8; self.size].try_into().expect("within MAX_MESSAGE_SIZE");
				(*counterparty, payload)
			})
			.collect()
	}

	/// The case's name; `spread_kind` is `d` for destinations, `s` for senders.
	fn id(&self, spread_kind: &str) -> String {
		format!("{}x{}B_{spread_kind}{}", self.count, self.size, self.spread)
	}
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
	group
		.sample_size(10)
		.sampling_mode(SamplingMode::Flat)
		.warm_up_time(Duration::from_millis(200))
		.measurement_time(Duration::from_secs(2));
}

/// The limit: one BlakeTwo256 over each payload.
fn limit(messages: &[(ParaId, Payload)]) {
	for (_, payload) in messages {
		black_box(<Hashing as Hasher>::hash(payload));
	}
}

/// Sending N messages in one block.
fn send(c: &mut Criterion) {
	let mut group = c.benchmark_group("send_block");
	configure(&mut group);
	for case in Case::all() {
		let id = case.id("d");
		let destinations = case.counterparties();
		let messages = case.messages();
		egress::open_channels(&destinations);
		let ours = egress::genesis();
		let batches = ours.ext().execute_with(|| egress::send_block(messages.clone()));
		assert_eq!(batches, destinations.len(), "{id}: one batch per destination");

		let theirs = peer::genesis(&destinations);
		let xcms: Vec<_> = messages.iter().map(|(d, payload)| peer::message(*d, payload)).collect();
		let pages = theirs.ext().execute_with(|| peer::send_block(xcms.clone()));
		let page_bytes: usize = pages.iter().map(|(_, page)| page.len()).sum();
		assert!(page_bytes as u64 > case.bytes(), "{id}: the peer's pages carry every payload");
		eprintln!("{id}: the peer hands HRMP {} pages, {page_bytes} bytes", pages.len());

		group.throughput(Throughput::Bytes(case.bytes()));
		group.bench_function(BenchmarkId::new("xcmp", &id), |b| {
			b.iter_batched(
				|| (ours.ext(), messages.clone()),
				|(mut ext, messages)| {
					let batches = ext.execute_with(|| egress::send_block(messages));
					(ext, batches)
				},
				BatchSize::SmallInput,
			)
		});
		group.bench_function(BenchmarkId::new("peer_xcmp_queue", &id), |b| {
			b.iter_batched(
				|| (theirs.ext(), xcms.clone()),
				|(mut ext, xcms)| {
					let pages = ext.execute_with(|| peer::send_block(xcms));
					(ext, pages)
				},
				BatchSize::SmallInput,
			)
		});
		group.bench_function(BenchmarkId::new("limit_blake2", &id), |b| {
			b.iter(|| limit(black_box(&messages)))
		});
	}
	group.finish();
}

/// One case of the receive side, ready to bench: each implementation's state before the block
/// and after it (the queue to service), and its input.
struct Received {
	case: Case,
	messages: Vec<(ParaId, Payload)>,
	ours: Snapshot,
	ours_queued: Snapshot,
	inherent: xcmp::ingress::IngressInherentData,
	relay_parent: RelayParent,
	theirs: Snapshot,
	theirs_queued: Snapshot,
	pages: Vec<(ParaId, cumulus_primitives_core::InboundHrmpMessage)>,
}

impl Received {
	/// Builds each implementation's input from its own sending side (our senders' batches with
	/// the relay's proof, the peer's HRMP pages), runs each receiving block once and checks that
	/// it queued, and its service processed, every message.
	fn prepare(case: Case) -> Self {
		let id = case.id("s");
		let receiver = ParaId::from(ingress::RECEIVER);
		let messages = case.messages();
		let by_sender: Vec<(ParaId, Vec<Payload>)> = case
			.counterparties()
			.into_iter()
			.map(|sender| {
				let payloads = messages.iter().filter(|(s, _)| *s == sender);
				(sender, payloads.map(|(_, payload)| payload.clone()).collect())
			})
			.collect();

		let (inherent, relay_parent) = ingress::inherent(by_sender.clone());
		ingress::set_relay_parent(relay_parent);
		let ours = ingress::genesis();
		let mut ext = ours.ext();
		let queued = ext.execute_with(|| ingress::receive_block(inherent.clone()));
		assert_eq!(u64::from(queued), case.count, "{id}: ours queues every message");
		let ours_queued = Snapshot::take(ext);
		take_processed();
		ours_queued.ext().execute_with(ingress::service_block);
		assert_eq!(take_processed(), case.count, "{id}: ours services every message");

		let sender_state = peer::genesis(&[receiver]);
		let mut pages = Vec::new();
		for (sender, payloads) in &by_sender {
			let xcms = payloads.iter().map(|payload| peer::message(receiver, payload)).collect();
			let sent = sender_state.ext().execute_with(|| peer::send_block(xcms));
			pages.extend(sent.into_iter().map(|(_, page)| (*sender, page)));
		}
		let pages = peer::inbound(pages);
		let theirs = peer::genesis(&[]);
		let mut ext = theirs.ext();
		ext.execute_with(|| peer::receive_block(&pages));
		let theirs_queued = Snapshot::take(ext);
		theirs_queued.ext().execute_with(peer::service_block);
		assert_eq!(take_processed(), case.count, "{id}: the peer services every message");

		Self {
			case,
			messages,
			ours,
			ours_queued,
			inherent,
			relay_parent,
			theirs,
			theirs_queued,
			pages,
		}
	}
}

/// Receiving N messages in one block, then servicing them.
fn receive(c: &mut Criterion) {
	let received: Vec<Received> = Case::all().map(Received::prepare).collect();

	let mut group = c.benchmark_group("receive_block");
	configure(&mut group);
	for r in &received {
		let id = r.case.id("s");
		ingress::set_relay_parent(r.relay_parent);
		group.throughput(Throughput::Bytes(r.case.bytes()));
		group.bench_function(BenchmarkId::new("xcmp", &id), |b| {
			b.iter_batched(
				|| (r.ours.ext(), r.inherent.clone()),
				|(mut ext, inherent)| {
					let queued = ext.execute_with(|| ingress::receive_block(inherent));
					(ext, queued)
				},
				BatchSize::SmallInput,
			)
		});
		group.bench_function(BenchmarkId::new("peer_xcmp_queue", &id), |b| {
			b.iter_batched(
				|| r.theirs.ext(),
				|mut ext| {
					ext.execute_with(|| peer::receive_block(&r.pages));
					ext
				},
				BatchSize::SmallInput,
			)
		});
		group.bench_function(BenchmarkId::new("limit_blake2", &id), |b| {
			b.iter(|| limit(black_box(&r.messages)))
		});
	}
	group.finish();

	let mut group = c.benchmark_group("service_queue");
	configure(&mut group);
	for r in &received {
		let id = r.case.id("s");
		group.throughput(Throughput::Bytes(r.case.bytes()));
		group.bench_function(BenchmarkId::new("xcmp", &id), |b| {
			b.iter_batched(
				|| r.ours_queued.ext(),
				|mut ext| {
					ext.execute_with(ingress::service_block);
					ext
				},
				BatchSize::SmallInput,
			)
		});
		group.bench_function(BenchmarkId::new("peer_xcmp_queue", &id), |b| {
			b.iter_batched(
				|| r.theirs_queued.ext(),
				|mut ext| {
					ext.execute_with(peer::service_block);
					ext
				},
				BatchSize::SmallInput,
			)
		});
	}
	group.finish();
}

/// The relay chain's work for N messages of one channel, from the sender's block to the
/// receiver's: ours includes the two candidates, HRMP's relay enacts each page the peer's sender
/// produced for the same payloads in its own candidate, then the receiver's watermark. Each ends
/// with one state root over what it wrote (HRMP's relay would compute one per relay block, one
/// per page: left out, so HRMP's figure is a lower bound), and neither counts the inclusion
/// machinery's own fixed cost per candidate.
fn relay(c: &mut Criterion) {
	let mut group = c.benchmark_group("relay_inclusion");
	configure(&mut group);
	for case in Case::all().filter(|case| case.spread == 1) {
		let id = format!("{}x{}B", case.count, case.size);
		let ours = XcmpDelivery::new(case.count, case.size);
		let ours_bytes = ours.before.ext().execute_with(|| {
			ours.include_sending();
			delivery::relay_pallet_bytes()
		});

		let (sender, receiver) = (delivery::SENDER, delivery::RECEIVER);
		let xcms =
			(0..case.count).map(|i| peer::message(receiver, &vec![i as u8; case.size])).collect();
		let pages: Vec<Vec<u8>> = peer::genesis(&[receiver])
			.ext()
			.execute_with(|| peer::send_block(xcms))
			.into_iter()
			.map(|(_, page)| page)
			.collect();
		let mut ext = sp_io::TestExternalities::default();
		ext.execute_with(|| hrmp::open(HrmpChannelId { sender, recipient: receiver }));
		let theirs = Snapshot::take(ext);
		let theirs_bytes = theirs.ext().execute_with(|| {
			hrmp::queue_pages(sender, receiver, delivery::SENT_AT + 1, pages.clone());
			hrmp::state_bytes()
		});
		eprintln!(
			"{id}: relay state once the sender's block is in: ours {ours_bytes} B; HRMP's {} \
			 pages, {theirs_bytes} B",
			pages.len()
		);

		group.throughput(Throughput::Bytes(case.bytes()));
		group.bench_function(BenchmarkId::new("xcmp", &id), |b| {
			b.iter_batched(
				|| ours.before.ext(),
				|mut ext| {
					ext.execute_with(|| {
						black_box(ours.include());
						state_root()
					});
					ext
				},
				BatchSize::SmallInput,
			)
		});
		group.bench_function(BenchmarkId::new("hrmp_relay", &id), |b| {
			b.iter_batched(
				|| (theirs.ext(), pages.clone()),
				|(mut ext, pages)| {
					ext.execute_with(|| {
						hrmp::deliver(sender, receiver, delivery::SENT_AT + 1, pages);
						state_root()
					});
					ext
				},
				BatchSize::SmallInput,
			)
		});
	}
	group.finish();
}

criterion_group!(benches, send, receive, relay);
criterion_main!(benches);
