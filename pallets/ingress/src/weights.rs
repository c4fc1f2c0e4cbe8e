//! Weights of the ingress pallet's calls and hooks.
//!
//! How these were produced: the compute parts were measured by running this pallet's FRAME
//! benchmarks (`benchmarking.rs`) natively, `--release`, on the development machine (2-core AMD
//! EPYC VM, rustc 1.95), sampling each component over its range in 11 steps with 20 repeats, and
//! fitting with frame-benchmarking's own least squares (`weight-fit`):
//!
//! ```sh
//! cargo test --release -p pallet-xcmp-ingress --features runtime-benchmarks -- --ignored \
//!   measure_weights --nocapture
//! ```
//!
//! | benchmark | base | per component |
//! | --- | --- | --- |
//! | `receive` | 145.6 µs | `b`: 0 (see below), `m`: 1.72 µs, `d`: 2.87 µs |
//! | `service_message` | 3.69 µs | |
//! | `block_sender` | 3.59 µs | |
//! | `unblock_sender` | 3.58 µs | |
//! | `execute_overweight` | 3.05 µs | |
//! | `on_initialize` | 0.34 µs | `d`: 0.31 µs |
//! | `on_finalize` | 3.59 µs | `c`: 0.64 µs |
//!
//! The figures below are those, doubled for the runtime's Wasm execution. Over the mock's range
//! of `b` the per-batch cost is lost in the noise; a batch's fixed part is its entry-proof check
//! and relay-proof reads, charged at 10 µs. Storage reads and writes are counted from the code,
//! worst case, and priced at RocksDB's costs (`RocksDbWeight`); proof size counts each stored
//! item at its encoded bound where one applies, else 4 KiB.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions of the ingress pallet.
pub trait WeightInfo {
	/// `receive` verifying and applying `b` batches with `m` messages in all and a relay view of
	/// `d` outbound channels; the queue service it ends with is accounted separately.
	fn receive(b: u32, m: u32, d: u32) -> Weight;
	/// Servicing one queued message, without what the message processor itself uses.
	fn service_message() -> Weight;
	/// `block_sender`.
	fn block_sender() -> Weight;
	/// `unblock_sender`.
	fn unblock_sender() -> Weight;
	/// `execute_overweight`, without what the message processor itself uses.
	fn execute_overweight() -> Weight;
	/// `on_initialize` clearing a relay view of `d` outbound channels.
	fn on_initialize(d: u32) -> Weight;
	/// `on_finalize` committing `c` moved cursors.
	fn on_finalize(c: u32) -> Weight;
}

/// Measured compute (see above) and storage accesses counted from the code, priced with
/// RocksDB's read and write costs.
impl WeightInfo for () {
	fn receive(b: u32, m: u32, d: u32) -> Weight {
		let (b, m, d) = (u64::from(b), u64::from(m), u64::from(d));
		// Reads: the inherent marker, footprint, watermark, channel count, ready senders, pending
		// destinations; per batch its channel (twice: verification and application).
		// Writes: per message its queue slot; per batch its channel; per outbound channel its
		// view; ready senders, footprint, moved cursors, destinations, both relay parents,
		// watermark.
		Weight::from_parts(
			291_192_000 + 10_000_000 * b + 3_448_000 * m + 5_744_000 * d,
			4_096 * (1 + b + d),
		)
		.saturating_add(RocksDbWeight::get().reads(6 + 2 * b))
		.saturating_add(RocksDbWeight::get().writes(7 + b + m + d))
	}

	fn service_message() -> Weight {
		// Reads: the channel, the message. Writes: the message (removed), footprint, channel,
		// an overweight slot and its index in the worst case.
		Weight::from_parts(7_372_000, 110_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 5))
	}

	fn block_sender() -> Weight {
		// Blocked senders and block-list changes, read and written.
		Weight::from_parts(7_170_000, 8_192).saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn unblock_sender() -> Weight {
		Weight::from_parts(7_152_000, 8_192).saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn execute_overweight() -> Weight {
		// The message and the overweight count, read; both written.
		Weight::from_parts(6_108_000, 110_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn on_initialize(d: u32) -> Weight {
		// Destinations read; relay parent, destinations and each channel view removed.
		Weight::from_parts(672_000 + 610_000 * u64::from(d), 4_096)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 2 + u64::from(d)))
	}

	fn on_finalize(c: u32) -> Weight {
		// Moved cursors, block-list changes and watermark read; the first two taken, the
		// commitment and the digest written; the ingress root hashes `c` cursors.
		Weight::from_parts(7_170_000 + 1_274_000 * u64::from(c), 65_536)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 4))
	}
}
