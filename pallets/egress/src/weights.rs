//! Weights of the egress pallet.
//!
//! How these were produced: the compute parts were measured by running this pallet's FRAME
//! benchmarks (`benchmarking.rs`) natively, `--release`, on the development machine (2-core AMD
//! EPYC VM, rustc 1.95), sampling each component over its range in 11 steps with 20 repeats, and
//! fitting them with frame-benchmarking's own least squares (`Analysis::min_squares_iqr`):
//!
//! ```sh
//! cargo test --release -p pallet-xcmp-egress --features runtime-benchmarks -- --ignored \
//!   measure_weights --nocapture
//! ```
//!
//! | benchmark | base | per component |
//! | --- | --- | --- |
//! | `send` | 5.76 µs | `l`: 0 |
//! | `commit` | 1.99 µs | `d`: 5.23 µs, `m`: 1.52 µs, `b`: 0.96 ns |
//! | `prune` | 18.59 µs | `d`: 1.88 µs, `m`: 0.24 µs |
//!
//! The figures below are those, doubled for the runtime's Wasm execution (the benchmark CLI,
//! which runs the Wasm runtime against a real database, is not part of this repository's
//! tooling). Storage reads and writes are counted from the code, worst case, and priced at
//! RocksDB's costs; the proof-size parts are allowances of the items' encoded bounds.
//!
//! Each message pays its whole life in [`WeightInfo::send`]: queueing it, committing it
//! ([`WeightInfo::commit`] per message) and pruning it ([`WeightInfo::prune`] per message). The
//! hooks charge only their per-destination parts in `on_initialize`.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions of the egress pallet.
pub trait WeightInfo {
	/// `send` of a payload of `l` bytes: the queueing alone.
	fn send(l: u32) -> Weight;
	/// `on_finalize` committing `m` messages of `b` payload bytes in all to `d` destinations.
	fn commit(d: u32, m: u32, b: u32) -> Weight;
	/// `on_finalize` pruning `m` messages over `d` destinations.
	fn prune(d: u32, m: u32) -> Weight;

	/// What [`Pallet::send`](crate::Pallet::send) charges for a payload of `l` bytes: queueing,
	/// and its share of the commit and the prune.
	fn send_lifetime(l: u32) -> Weight {
		let commit = Self::commit(0, 1, l).saturating_sub(Self::commit(0, 0, 0));
		let prune = Self::prune(0, 1).saturating_sub(Self::prune(0, 0));
		Self::send(l).saturating_add(commit).saturating_add(prune)
	}

	/// What `on_initialize` reserves for `on_finalize`: the per-destination parts of pruning the
	/// `p` pending destinations and committing to the `u` destinations with uncommitted messages.
	fn on_finalize(p: u32, u: u32) -> Weight {
		Self::prune(p, 0).saturating_add(Self::commit(u, 0, 0))
	}
}

/// Largest encoded committed block: 1,024 entries of 92 bytes and a root.
const COMMITTED_BLOCK_BOUND: u64 = 1_024 * 92 + 64;

impl WeightInfo for () {
	fn send(l: u32) -> Weight {
		// Reads: channel, channel count, uncommitted set, pending set.
		// Writes: message, channel, uncommitted set, pending set, event.
		Weight::from_parts(11_516_000, 8_192 + u64::from(l))
			.saturating_add(RocksDbWeight::get().reads_writes(4, 5))
	}

	fn commit(d: u32, m: u32, b: u32) -> Weight {
		let (d, m, b) = (u64::from(d), u64::from(m), u64::from(b));
		// Per destination: channel read and write, held batch write, entry and trie insert.
		// Per message: payload read (it was written this block or an earlier one), leaf and
		// chain hashing. Once: uncommitted set, last commit, committed block, roots, digest.
		Weight::from_parts(
			3_979_000 + 10_461_000 * d + 3_033_000 * m + 1_924 * b,
			COMMITTED_BLOCK_BOUND + 128 * d + b,
		)
		.saturating_add(RocksDbWeight::get().reads(2 + d + m))
		.saturating_add(RocksDbWeight::get().writes(5 + 3 * d))
	}

	fn prune(d: u32, m: u32) -> Weight {
		let (d, m) = (u64::from(d), u64::from(m));
		// Per destination: channel read and write, held-batch scan, committed-block update.
		// Per message: payload take, event share.
		Weight::from_parts(37_174_000 + 3_757_000 * d + 482_000 * m, 2_048 * d + 64 * m)
			.saturating_add(RocksDbWeight::get().reads(1 + 3 * d + m))
			.saturating_add(RocksDbWeight::get().writes(1 + 3 * d + m))
	}
}
