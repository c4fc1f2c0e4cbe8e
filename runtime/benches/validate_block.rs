//! Validating a parachain block as validators do, in wasm and natively, side by side: the
//! blob's `validate_block` under `sc-executor` (compiled once, as a node's runtime cache keeps
//! it; each call instantiates it and runs it on the proof of validity alone), against the
//! runtime's own `Executive`, compiled natively, re-executing the same block on the same proof
//! (what the mock network's validators do). For a block sending `n` XCM programs to a sibling,
//! and for the sibling's block consuming them and executing each. `BENCHMARKS.md`, "Validation
//! in wasm", has the figures.
//!
//! `cargo bench -p xcmp-parachain-runtime`; needs the blob (`runtime/build.rs`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use xcmp_parachain_network::{exchange, validate_in_wasm, validate_natively};

fn validation(c: &mut Criterion) {
	if xcmp_parachain_runtime::WASM_BINARY.is_none() {
		eprintln!("the runtime's wasm blob was not built (runtime/build.rs): nothing to compare");
		return;
	}
	let mut group = c.benchmark_group("validate_block");
	for programs in [1, 100] {
		let exchanged = exchange(programs);
		for (block, (parent, candidate)) in
			[("send", &exchanged.sent), ("receive", &exchanged.received)]
		{
			let size = candidate.pov_size();
			let label = format!("{block}/{programs} programs/{size} B PoV");
			group.bench_function(BenchmarkId::new("wasm", &label), |b| {
				b.iter(|| validate_in_wasm(parent, candidate).expect("the block validates"))
			});
			group.bench_function(BenchmarkId::new("native", &label), |b| {
				b.iter(|| validate_natively(parent, candidate).expect("the block validates"))
			});
		}
	}
	group.finish();
}

criterion_group! {
	name = benches;
	config = Criterion::default().sample_size(10);
	targets = validation
}
criterion_main!(benches);
