//! Weights of the relay pallet's calls.
//!
//! How these were produced: the compute parts were measured by running this pallet's FRAME
//! benchmarks (`benchmarking.rs`) natively, `--release`, on the development machine (2-core AMD
//! EPYC VM, rustc 1.95), sampling each component over its range in 11 steps with 20 repeats, and
//! fitting with frame-benchmarking's own least squares (`weight-fit`):
//!
//! ```sh
//! cargo test --release -p pallet-xcmp-relay --features runtime-benchmarks -- --ignored \
//!   measure_weights --nocapture
//! ```
//!
//! | benchmark | base | per component |
//! | --- | --- | --- |
//! | `request_channel` | 26.25 µs (an expired request replaced: a hold and a release) | |
//! | `accept_channel` | 18.40 µs | |
//! | `close_channel` | 8.59 µs (3.17 µs in the later run) | |
//! | `force_open_channel` | 17.86 µs | |
//! | `cancel_channel_request` | 11.47 µs | |
//! | `remove_expired_channel_request` | 11.78 µs | |
//! | `include_candidate` | 20.66 µs | `b` (batches named): 1.74 µs, `d`: 3.94 µs (5.18 µs earlier) |
//! | `include_candidate_refusals_seen` | 3 to 14 µs | `r` (refusing channels): 2.60 to 2.83 µs |
//! | `include_candidate_block_list` | 4.04 µs | `c` (block-list changes): 414 to 422 ns; 1.56 µs with the count kept |
//! | `include_candidate_watermark` | 1.6 to 3.5 µs | `w` (relay blocks passed): 1.95 to 2.26 µs |
//! | `include_candidate_digest_entries` | 93 to 174 µs (64 blocks) | `e` (digest entries): 0.62 to 1.15 µs |
//!
//! `include_candidate` was measured again once inclusion took a validated candidate's commitments
//! and no message (`WEIGHT_FIT_ONLY=include_candidate`, one run, the machine shared with another
//! build): its cost is per batch named and per destination, never per message or payload byte.
//! Before, when the relay re-verified every consumed batch, it was 505.7 µs, 1.00 µs a message
//! and 0.865 ns a payload byte. The per-destination slope keeps the larger, earlier figure. The
//! slopes of
//! `include_candidate_refusals_seen` (per outbound channel whose refusals the candidate sees)
//! and `include_candidate_block_list` (per block-list change) were measured later still, in two
//! runs whose larger slope is used (`WEIGHT_FIT_ONLY=refusals_seen`,
//! `WEIGHT_FIT_ONLY=block_list`).
//! The slopes of `include_candidate_watermark` and `include_candidate_digest_entries`, what
//! [`WeightInfo::pass_watermark`] charges, were measured last, in three runs each
//! (`WEIGHT_FIT_ONLY=watermark`, `WEIGHT_FIT_ONLY=digest_entries`), and the largest is used.
//!
//! The channel calls were measured again once requests held deposits (a hold on request, a
//! release on accept, cancel, expiry and force-open) and could be cancelled or expire: one run
//! (`WEIGHT_FIT_ONLY=channel`) on the same VM, loaded by another build, whose figures the table
//! gives for all but `close_channel`, which did not change and keeps the larger, earlier one.
//! `include_candidate_block_list` was measured again then too, once a change kept the count of
//! its receiver's blocked senders (`WEIGHT_FIT_ONLY=block_list`, one run): 1.56 µs a change,
//! almost four times the earlier slope, which the table keeps for the record.
//!
//! The figures below are those, doubled for the runtime's Wasm execution. Storage reads and
//! writes are counted from the code, worst case, and priced at RocksDB's costs.

use codec::MaxEncodedLen;
use frame_support::weights::{constants::RocksDbWeight, Weight};
use xcmp_primitives::relay_state::StoredEgress;

/// Most bytes of one egress record (`StoredEgress`), as a proof would carry it.
fn egress_record_bytes() -> u64 {
	StoredEgress::max_encoded_len() as u64
}

/// `include_candidate`'s cost per outbound channel whose refusals the candidate sees
/// (`include_candidate_refusals_seen`), doubled, in picoseconds.
const PER_REFUSING_CHANNEL: u64 = 5_660_000;
/// `include_candidate`'s cost per block-list change (`include_candidate_block_list`, with the
/// count of each receiver's blocked senders kept), doubled, in picoseconds.
const PER_BLOCK_LIST_CHANGE: u64 = 3_120_000;
/// Proof size of a sovereign account and its holds, in bytes: an estimate.
const ACCOUNT_PROOF: u64 = 1_024;
/// `include_candidate`'s cost per relay block its watermark passes
/// (`include_candidate_watermark`), doubled, in picoseconds.
const PER_WATERMARK_BLOCK: u64 = 4_526_000;
/// `include_candidate`'s cost per digest entry in the relay blocks its watermark passes
/// (`include_candidate_digest_entries`), doubled, in picoseconds.
const PER_DIGEST_ENTRY: u64 = 2_294_000;

/// Weight functions of the relay pallet.
pub trait WeightInfo {
	/// `request_channel`.
	fn request_channel() -> Weight;
	/// `accept_channel`.
	fn accept_channel() -> Weight;
	/// `close_channel` and `force_close_channel`.
	fn close_channel() -> Weight;
	/// `force_open_channel`.
	fn force_open_channel() -> Weight;
	/// `cancel_channel_request`.
	fn cancel_channel_request() -> Weight;
	/// `remove_expired_channel_request`.
	fn remove_expired_channel_request() -> Weight;
	/// `include_candidate` of commitments that name `b` consumed batches, send to `d`
	/// destinations, see refusals on `r` of the para's outbound channels and make `c` block-list
	/// changes. No message is in them, so no message count or size.
	fn include_candidate(b: u32, d: u32, r: u32, c: u32) -> Weight;
	/// What `include_candidate` adds for moving the candidate's watermark past `w` relay blocks
	/// holding `e` digest entries of `k` senders the candidate consumed nothing from (`k` is at
	/// most the receiver's inbound channels: each sender's channel is read once).
	fn pass_watermark(w: u32, e: u32, k: u32) -> Weight;
}

/// Weights counted against RocksDB's read and write costs.
impl WeightInfo for () {
	fn request_channel() -> Weight {
		// Reads: the request, the channel, both channel counts and both request counts, the
		// sender's account and its holds. Writes: the request, both request counts, the account
		// and its holds. At worst an expired request is replaced: its deposit released first.
		Weight::from_parts(52_504_000, 1_024 + ACCOUNT_PROOF)
			.saturating_add(RocksDbWeight::get().reads_writes(8, 5))
	}

	fn accept_channel() -> Weight {
		// Reads: the request, the channel, both channel counts and both request counts, the
		// receiver's first inbound channel, the sender's account and its holds. Writes: the
		// request removed, both request counts, the channel, both channel counts, the first
		// inbound channel, the account and its holds.
		Weight::from_parts(36_808_000, 1_024 + ACCOUNT_PROOF)
			.saturating_add(RocksDbWeight::get().reads_writes(9, 9))
	}

	fn close_channel() -> Weight {
		Weight::from_parts(17_186_000, 1_024)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn force_open_channel() -> Weight {
		// As `accept_channel`: any request is removed too, its deposit released.
		Weight::from_parts(35_722_000, 1_024 + ACCOUNT_PROOF)
			.saturating_add(RocksDbWeight::get().reads_writes(9, 9))
	}

	fn cancel_channel_request() -> Weight {
		// Reads: the request, the channel, both request counts, the sender's account and its
		// holds. Writes: the request removed, both request counts, the account and its holds.
		Weight::from_parts(22_942_000, 1_024 + ACCOUNT_PROOF)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 5))
	}

	fn remove_expired_channel_request() -> Weight {
		// As `cancel_channel_request`, which it does once the request expired.
		Weight::from_parts(23_552_000, 1_024 + ACCOUNT_PROOF)
			.saturating_add(RocksDbWeight::get().reads_writes(6, 5))
	}

	fn include_candidate(b: u32, d: u32, r: u32, c: u32) -> Weight {
		let (b, d, r, c) = (u64::from(b), u64::from(d), u64::from(r), u64::from(c));
		Weight::from_parts(
			41_322_000 +
				3_476_000 * b +
				10_356_000 * d +
				PER_REFUSING_CHANNEL * r +
				PER_BLOCK_LIST_CHANGE * c,
			// Per batch named, its sender's egress record, read whole to find the batch (it may
			// name up to `MAX_DESTINATIONS_PER_BLOCK` destinations).
			4_096 * (b + d) + egress_record_bytes() * b + 1_024 * r,
		)
		// Always: the head, last egress, watermark, the unseen-refusals index, the blocked count.
		// Per batch: channel, root, block list, the sender's unseen-refusals index (a refused
		// batch). Per destination: channel, block list, digest. Per refusing channel: the channel.
		// Per block-list change: the entry.
		.saturating_add(RocksDbWeight::get().reads(7 + 4 * b + 3 * d + r + c))
		// Always: the head, last egress, root, watermark, and the index when it changes. Per batch:
		// channel, root, the sender's index. Per destination: channel, digest, and one spare. Per
		// refusing channel: the channel. Per block-list change: the entry and the blocked count.
		.saturating_add(
			RocksDbWeight::get().writes(4 + u64::from(r > 0) + 3 * b + 3 * d + r + 2 * c),
		)
	}

	fn pass_watermark(w: u32, e: u32, k: u32) -> Weight {
		let (w, e, k) = (u64::from(w), u64::from(e), u64::from(k));
		Weight::from_parts(PER_WATERMARK_BLOCK * w + PER_DIGEST_ENTRY * e, 1_024 * (w + k))
			// The receiver's first inbound channel's block and, where there is none, its inbound
			// channel count. Per relay block: its digest. Per sender of an entry: its channel.
			.saturating_add(RocksDbWeight::get().reads(2 + w + k))
			// Per relay block: its digest, removed.
			.saturating_add(RocksDbWeight::get().writes(w))
	}
}
