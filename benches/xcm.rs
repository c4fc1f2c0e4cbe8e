//! The same `pallet-xcm` programs through both stacks' blocks, timed side by side in one run:
//! the mock parachain runtime over our XCMP channels (`RuntimeNetwork`) and its cumulus peer over
//! HRMP (`HrmpNetwork`: `cumulus-pallet-parachain-system`, `cumulus-pallet-xcmp-queue`,
//! `pallet-message-queue`), with the same XCM configuration and `pallet-xcm`
//! (`xcmp_runtime_mock::side_by_side`). Rounds of a reserve transfer and two paid `Transact`s of
//! a remark (programs of about 90 to 300 bytes), from Charlie on A to B:
//!
//! - `xcm_send`: the relay block in which A's block sends N programs (`pallet-xcm`, the router,
//!   then ours queues and commits them, the peer pages them and parachain-system hands the pages
//!   to the relay);
//! - `xcm_receive`: the two relay blocks after it, in which B receives and executes them (ours
//!   verifies the batch, queues and services it; the peer's parachain-system checks the pages
//!   against the channel's head, the XCMP queue enqueues them and the message queue services them
//!   in the next block).
//!
//! Every relay block builds both chains' blocks as their collators do (recording the proof of
//! validity), validates them by re-executing each from its proof, and includes them (ours through
//! the relay pallet's checks; the peer's relay side is not modelled). The programs execute with
//! `xcm-executor` on both. `cargo bench --bench xcm`; figures and the machine are in
//! BENCHMARKS.md.

use criterion::{
	criterion_group, criterion_main, measurement::WallTime, BatchSize, BenchmarkGroup, BenchmarkId,
	Criterion, SamplingMode, Throughput,
};
use std::time::Duration;
use xcmp_runtime_mock::{
	hrmp_network::HrmpNetwork,
	runtime_network::RuntimeNetwork,
	side_by_side::{rounds, Stack, Traffic},
};

/// Rounds of three programs each: 3, 30 and 300 messages a block.
const ROUNDS: [usize; 3] = [1, 10, 100];

fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
	group
		.sample_size(10)
		.sampling_mode(SamplingMode::Flat)
		.warm_up_time(Duration::from_millis(500))
		.measurement_time(Duration::from_secs(3));
}

/// A started network of `S` with `traffic` queued on A.
fn loaded<S: Stack>(traffic: &[Traffic]) -> S {
	let mut net = S::started();
	for message in traffic {
		net.submit(*message);
	}
	net
}

/// A network of `S` right after the relay block in which A sent `traffic`.
fn sent<S: Stack>(traffic: &[Traffic]) -> S {
	let mut net = loaded::<S>(traffic);
	net.step();
	net
}

/// The two relay blocks after the send. Returns the remarks B made in them (all of them, which
/// the bench checks once before timing).
fn receive<S: Stack>(net: &mut S) -> u64 {
	net.step();
	let remarks = net.remarks();
	net.step();
	remarks + net.remarks()
}

/// Benches, as `stack`, `routine` on fresh networks of `S` that `setup` makes for `traffic`
/// (not timed).
fn bench_on<S: Stack>(
	group: &mut BenchmarkGroup<'_, WallTime>,
	stack: &str,
	traffic: &[Traffic],
	setup: fn(&[Traffic]) -> S,
	routine: fn(&mut S),
) {
	let id = format!("{}_messages", traffic.len());
	group.throughput(Throughput::Elements(traffic.len() as u64));
	group.bench_function(BenchmarkId::new(stack, id), |b| {
		let run = |mut net: S| {
			routine(&mut net);
			net
		};
		b.iter_batched(|| setup(traffic), run, BatchSize::PerIteration)
	});
}

/// One relay block.
fn step<S: Stack>(net: &mut S) {
	net.step();
}

/// [`receive`], its count aside.
fn receive_blocks<S: Stack>(net: &mut S) {
	receive(net);
}

fn send(c: &mut Criterion) {
	let mut group = c.benchmark_group("xcm_send");
	configure(&mut group);
	for count in ROUNDS {
		let traffic = rounds(count);
		bench_on(&mut group, "xcmp", &traffic, loaded::<RuntimeNetwork>, step);
		bench_on(&mut group, "peer_hrmp", &traffic, loaded::<HrmpNetwork>, step);
	}
	group.finish();
}

fn receive_and_execute(c: &mut Criterion) {
	let mut group = c.benchmark_group("xcm_receive");
	configure(&mut group);
	for count in ROUNDS {
		let traffic = rounds(count);
		let remarks = 2 * count as u64;
		assert_eq!(receive(&mut sent::<RuntimeNetwork>(&traffic)), remarks, "XCMP, {count}");
		assert_eq!(receive(&mut sent::<HrmpNetwork>(&traffic)), remarks, "HRMP, {count}");
		bench_on(&mut group, "xcmp", &traffic, sent::<RuntimeNetwork>, receive_blocks);
		bench_on(&mut group, "peer_hrmp", &traffic, sent::<HrmpNetwork>, receive_blocks);
	}
	group.finish();
}

criterion_group!(benches, send, receive_and_execute);
criterion_main!(benches);
