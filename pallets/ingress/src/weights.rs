//! Weights of the ingress pallet's calls and hooks.
//!
//! Not produced by the benchmark CLI: the benchmarks in `benchmarking.rs` run as tests, but no
//! benchmarking node has measured them yet. These figures count the storage reads and writes
//! each path makes in its worst case, read from the code and priced at RocksDB's costs
//! (`RocksDbWeight`), plus a compute term that is a deliberately generous allowance, not a
//! measurement: 20 µs per batch (relay-proof reads, entry proof check, batch root), 2 µs per
//! message (payload hash, MQC step, leaf), 10 µs per outbound channel (two relay-proof reads) and
//! 50 µs fixed (decoding the proof, the watermark's digest reads). Proof size counts each stored
//! item at its encoded bound where one applies, else 4 KiB. They are stand-ins, to be replaced by
//! the benchmark CLI's output.

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

/// Storage accesses counted from the code, priced with RocksDB's read and write costs.
impl WeightInfo for () {
	fn receive(b: u32, m: u32, d: u32) -> Weight {
		let (b, m, d) = (u64::from(b), u64::from(m), u64::from(d));
		// Reads: the inherent marker, footprint, watermark, channel count, ready senders, pending
		// destinations; per batch its channel (twice: verification and application).
		// Writes: per message its queue slot; per batch its channel; per outbound channel its
		// view; ready senders, footprint, moved cursors, destinations, both relay parents,
		// watermark.
		Weight::from_parts(
			50_000_000 + 20_000_000 * b + 2_000_000 * m + 10_000_000 * d,
			4_096 * (1 + b + d),
		)
		.saturating_add(RocksDbWeight::get().reads(6 + 2 * b))
		.saturating_add(RocksDbWeight::get().writes(7 + b + m + d))
	}

	fn service_message() -> Weight {
		// Reads: the channel, the message. Writes: the message (removed), footprint, channel,
		// an overweight slot and its index in the worst case.
		Weight::from_parts(10_000_000, 110_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 5))
	}

	fn block_sender() -> Weight {
		// Blocked senders and block-list changes, read and written.
		Weight::from_parts(10_000_000, 8_192)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn unblock_sender() -> Weight {
		Weight::from_parts(10_000_000, 8_192)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn execute_overweight() -> Weight {
		// The message and the overweight count, read; both written.
		Weight::from_parts(10_000_000, 110_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn on_initialize(d: u32) -> Weight {
		// Destinations read; relay parent, destinations and each channel view removed.
		Weight::from_parts(5_000_000, 4_096)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 2 + u64::from(d)))
	}

	fn on_finalize(c: u32) -> Weight {
		// Moved cursors, block-list changes and watermark read; the first two taken, the
		// commitment and the digest written; the ingress root hashes `c` cursors.
		Weight::from_parts(20_000_000 + 2_000_000 * u64::from(c), 65_536)
			.saturating_add(RocksDbWeight::get().reads_writes(3, 4))
	}
}
