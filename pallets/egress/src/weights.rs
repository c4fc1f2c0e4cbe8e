//! Weights of the egress pallet.
//!
//! How these were produced: the storage reads and writes are counted from the code, worst case,
//! priced at RocksDB's costs, each with a proof-size allowance of the item's encoded bound; the
//! compute terms come from this repository's criterion benchmarks on its development machine
//! (`BENCHMARKS.md`: committing a batch costs about 1 µs per message plus 0.9 ns per payload
//! byte, proving an entry about 120 µs in a block of 100 destinations), doubled for the
//! runtime's Wasm execution. The FRAME benchmarks in `benchmarking.rs` exercise the same worst
//! cases and check them end to end.
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
		Weight::from_parts(30_000_000, 8_192 + u64::from(l))
			.saturating_add(RocksDbWeight::get().reads_writes(4, 5))
	}

	fn commit(d: u32, m: u32, b: u32) -> Weight {
		let (d, m, b) = (u64::from(d), u64::from(m), u64::from(b));
		// Per destination: channel read and write, held batch write, entry and trie insert.
		// Per message: payload read (it was written this block or an earlier one), leaf and
		// chain hashing. Once: uncommitted set, last commit, committed block, roots, digest.
		Weight::from_parts(
			50_000_000 + 40_000_000 * d + 2_000_000 * m + 2 * b,
			COMMITTED_BLOCK_BOUND + 128 * d + b,
		)
		.saturating_add(RocksDbWeight::get().reads(2 + d + m))
		.saturating_add(RocksDbWeight::get().writes(5 + 3 * d))
	}

	fn prune(d: u32, m: u32) -> Weight {
		let (d, m) = (u64::from(d), u64::from(m));
		// Per destination: channel read and write, held-batch scan, committed-block update.
		// Per message: payload take, event share.
		Weight::from_parts(20_000_000 + 30_000_000 * d + 5_000_000 * m, 2_048 * d + 64 * m)
			.saturating_add(RocksDbWeight::get().reads(1 + 3 * d + m))
			.saturating_add(RocksDbWeight::get().writes(1 + 3 * d + m))
	}
}
