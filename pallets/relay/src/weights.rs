//! Weights of the relay pallet's calls.
//!
//! Not benchmarked yet. These count the storage reads and writes each call makes in its worst
//! case, priced at RocksDB's costs, plus a compute term for the verifier of 20 µs per batch and
//! 2 µs per message: a deliberately generous allowance (not a measurement) for the BlakeTwo256
//! hashing, trie root and proof check per item. They are stand-ins, to be replaced by FRAME
//! benchmark results.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions of the relay pallet.
pub trait WeightInfo {
	/// `request_channel`.
	fn request_channel() -> Weight;
	/// `accept_channel` and `force_open_channel`.
	fn accept_channel() -> Weight;
	/// `close_channel` and `force_close_channel`.
	fn close_channel() -> Weight;
	/// `force_open_channel`.
	fn force_open_channel() -> Weight;
	/// `include_candidate` consuming `b` batches with `m` messages and sending to `d`
	/// destinations.
	fn include_candidate(b: u32, m: u32, d: u32) -> Weight;
}

/// Weights counted against RocksDB's read and write costs.
impl WeightInfo for () {
	fn request_channel() -> Weight {
		RocksDbWeight::get().reads_writes(3, 1)
	}

	fn accept_channel() -> Weight {
		RocksDbWeight::get().reads_writes(3, 3)
	}

	fn close_channel() -> Weight {
		RocksDbWeight::get().reads_writes(2, 2)
	}

	fn force_open_channel() -> Weight {
		RocksDbWeight::get().reads_writes(3, 3)
	}

	fn include_candidate(b: u32, m: u32, d: u32) -> Weight {
		let (b, m, d) = (u64::from(b), u64::from(m), u64::from(d));
		Weight::from_parts(20_000_000 * b + 2_000_000 * m, 4_096 * (b + d))
			// Per batch: channel, root, block list; per destination: channel, digest.
			.saturating_add(RocksDbWeight::get().reads(4 + 3 * b + 2 * d))
			.saturating_add(RocksDbWeight::get().writes(3 + 2 * b + 3 * d))
	}
}
