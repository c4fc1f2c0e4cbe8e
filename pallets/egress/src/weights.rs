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
//! | `send` | 5.32 to 5.48 µs | `l`: 0 |
//! | `commit` | 10.80 to 20.40 µs | `d`: 2.08 to 14.25 µs, `m`: 1.37 to 1.72 µs, `b`: 0 to 0.88 ns |
//! | `prune` | 9.08 to 23.83 µs | `d`: 0.76 to 4.80 µs, `n`: 1.18 to 2.01 µs, `m`: 0 to 0.40 µs |
//! | `note_outcomes` | 10.10 µs | `o`: 3.60 µs |
//!
//! Those are the spread of four runs, on the machine loaded by other builds (load average 4 on
//! 2 cores); `note_outcomes` is one later run, in which the others measured up to five times their
//! figures above, so it errs high. `prune`'s `n` is a one-message batch (the benchmark puts its `m` extra messages in
//! one batch), so a batch alone is `n`'s slope less `m`'s.
//!
//! The figures below take the highest of each, doubled for the runtime's Wasm execution (the
//! benchmark CLI, which runs the Wasm runtime against a real database, is not part of this
//! repository's tooling), and keep the earlier measurement where it was higher (`send`, and
//! `commit`'s `b`). Storage reads and writes are counted from the code, worst case, and priced
//! at RocksDB's costs; the proof-size parts are allowances of the items' encoded bounds.
//!
//! Each piece of work is charged in the block that does it. [`WeightInfo::send`] and a
//! message's share of [`WeightInfo::commit`] are charged by the send; what waits to commit from
//! earlier blocks is charged again by `on_initialize` of the block that commits it; pruning is
//! charged by `on_initialize` as an allowance that the pruning in `on_finalize` does not
//! exceed, counting each destination, batch and message it takes from [`WeightInfo::prune`].

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions of the egress pallet.
pub trait WeightInfo {
	/// `send` of a payload of `l` bytes: the queueing alone.
	fn send(l: u32) -> Weight;
	/// `on_finalize` committing `m` messages of `b` payload bytes in all to `d` destinations.
	fn commit(d: u32, m: u32, b: u32) -> Weight;
	/// `on_finalize` pruning `m` delivered messages in `n` batches over `d` destinations.
	fn prune(d: u32, n: u32, m: u32) -> Weight;
	/// Taking `o` proven outcomes of one destination (`OutcomeSink::note_outcomes`), without
	/// the hook.
	fn note_outcomes(o: u32) -> Weight;

	/// What committing one more message of `l` bytes adds to [`Self::commit`].
	fn commit_message(l: u32) -> Weight {
		Self::commit(0, 1, l).saturating_sub(Self::commit(0, 0, 0))
	}

	/// What committing to one more destination adds to [`Self::commit`].
	fn commit_destination() -> Weight {
		Self::commit(1, 0, 0).saturating_sub(Self::commit(0, 0, 0))
	}

	/// What pruning costs once per block, whatever it prunes.
	fn prune_base() -> Weight {
		Self::prune(0, 0, 0)
	}

	/// What visiting one more destination adds to [`Self::prune`].
	fn prune_destination() -> Weight {
		Self::prune(1, 0, 0).saturating_sub(Self::prune(0, 0, 0))
	}

	/// What one more batch (opened, and dropped once its last message is pruned) adds to
	/// [`Self::prune`].
	fn prune_batch() -> Weight {
		Self::prune(0, 1, 0).saturating_sub(Self::prune(0, 0, 0))
	}

	/// What one more delivered message adds to [`Self::prune`].
	fn prune_message() -> Weight {
		Self::prune(0, 0, 1).saturating_sub(Self::prune(0, 0, 0))
	}
}

/// `note_outcomes`' fixed compute, in picoseconds: measured, doubled.
const NOTE_OUTCOMES_BASE: u64 = 20_200_000;
/// `note_outcomes`' compute per outcome (its event), in picoseconds: measured, doubled.
const NOTE_OUTCOMES_PER_OUTCOME: u64 = 7_200_000;

/// Largest encoded egress commitment: 1,024 entries of 92 bytes and a root.
const COMMITMENT_BOUND: u64 = 1_024 * 92 + 64;

impl WeightInfo for () {
	fn send(l: u32) -> Weight {
		// Reads: channel, channel count, uncommitted set, pending set, backlog.
		// Writes: message, channel, uncommitted set, pending set, backlog, event.
		Weight::from_parts(11_516_000, 8_192 + u64::from(l))
			.saturating_add(RocksDbWeight::get().reads_writes(5, 6))
	}

	fn commit(d: u32, m: u32, b: u32) -> Weight {
		let (d, m, b) = (u64::from(d), u64::from(m), u64::from(b));
		// Per destination: channel read and write, held batch write, entry and trie insert.
		// Per message: payload read (it was written this block or an earlier one), leaf and
		// chain hashing. Once: uncommitted set, backlog, last commit, the commitment and its
		// held count, roots, digest.
		Weight::from_parts(
			40_802_000 + 28_490_000 * d + 3_432_000 * m + 1_924 * b,
			COMMITMENT_BOUND + 128 * d + b,
		)
		.saturating_add(RocksDbWeight::get().reads(3 + d + m))
		.saturating_add(RocksDbWeight::get().writes(7 + 3 * d))
	}

	fn prune(d: u32, n: u32, m: u32) -> Weight {
		let (d, n, m) = (u64::from(d), u64::from(n), u64::from(m));
		// Once: pending set and backlog read and written. Per destination: channel, relay view
		// and kept refusals read, channel and refusals written. Per batch: held batch read and removed, its block's held
		// count read and written, the block's commitment and count removed with its last
		// batch. Per message: payload removed (not read), event share.
		Weight::from_parts(
			47_652_000 + 9_596_000 * d + 4_020_000 * n + 800_000 * m,
			1_024 + 2_048 * d + 256 * n + 128 * m,
		)
		.saturating_add(RocksDbWeight::get().reads(2 + 3 * d + 2 * n))
		.saturating_add(RocksDbWeight::get().writes(2 + 2 * d + 4 * n + m))
	}

	fn note_outcomes(o: u32) -> Weight {
		// Reads: the destination's reported nonce. Writes: it. Per outcome: its event.
		Weight::from_parts(NOTE_OUTCOMES_BASE + NOTE_OUTCOMES_PER_OUTCOME * u64::from(o), 64)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
}
