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
//! | `close_expired_channel` | 8.06 µs | |
//! | `propose_channel_limits` | 10.02 µs | |
//! | `change_channel_limits` | 15.88 µs (an earlier change replaced) | |
//! | `cancel_channel_limits_proposal` | 11.09 µs | |
//! | `include_candidate` | 12.9 to 184 µs | `b` (batches named): 0 to 32.5 µs, `d`: 14.9 to 17.3 µs |
//! | `include_candidate_refusals_seen` | 3 to 14 µs | `r` (refusing channels): 2.60 to 2.83 µs |
//! | `include_candidate_block_list` | 4.04 µs | `c` (block-list changes): 414 to 422 ns; 1.56 µs with the count kept |
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
//! `include_candidate` was measured again, three runs (`WEIGHT_FIT_ONLY=include_candidate`), once
//! each consumed batch dropped its digest from the receiver's linked list and each destination
//! appended to it: the mock relay's four inbound channels give `b` only three points, so the runs
//! spread; the charge takes the largest base and slopes of the three. Before the digests were
//! linked it was 20.66 µs, 1.74 µs a batch and 3.94 µs a destination.
//! A watermark used to be charged apart, per relay block it passed and per digest entry
//! (`pass_watermark`, 4.5 µs a block and 2.3 µs an entry); since a consumed batch drops its own
//! digest entry and a watermark's walk reads only the digests the candidate empties, that work
//! is per batch: the digest, its two neighbours and the receiver's span, read and written, and
//! one digest the walk reads, counted below with the other storage per batch. The benchmark
//! `include_candidate` consumes each batch from a digest between two others, the costliest case.
//!
//! The channel calls were measured again once requests held deposits (a hold on request, a
//! release on accept, cancel, expiry and force-open) and could be cancelled or expire: one run
//! (`WEIGHT_FIT_ONLY=channel`) on the same VM, loaded by another build, whose figures the table
//! gives for all but `close_channel`, which did not change and keeps the larger, earlier one.
//! `include_candidate_block_list` was measured again then too, once a change kept the count of
//! its receiver's blocked senders (`WEIGHT_FIT_ONLY=block_list`, one run): 1.56 µs a change,
//! almost four times the earlier slope, which the table keeps for the record.
//!
//! The calls that change a channel's limits in place were measured when they were added
//! (`WEIGHT_FIT_ONLY=channel_limits`, one run, the machine otherwise idle).
//!
//! `close_expired_channel` was measured when it was added (`WEIGHT_FIT_ONLY=close_expired_channel`,
//! one run, the machine otherwise idle).
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
/// `propose_channel_limits`, doubled, in picoseconds.
const PROPOSE_CHANNEL_LIMITS: u64 = 20_038_000;
/// `accept_channel_limits` (and `force_change_channel_limits`), doubled, in picoseconds.
const CHANGE_CHANNEL_LIMITS: u64 = 31_760_000;
/// `cancel_channel_limits_proposal`, doubled, in picoseconds.
const CANCEL_CHANNEL_LIMITS_PROPOSAL: u64 = 22_182_000;
/// `close_expired_channel`, doubled, in picoseconds.
const CLOSE_EXPIRED_CHANNEL: u64 = 16_110_000;
/// Proof size of a sovereign account and its holds, in bytes: an estimate.
const ACCOUNT_PROOF: u64 = 1_024;

/// Bytes charged for one digest as a proof carries it: its key, links and entries (12 bytes a
/// sender with a channel to the receiver), for up to 256 inbound channels, the most
/// `integrity_test` lets a relay configure.
const DIGEST_BYTES: u64 = 3_200;

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
	/// `close_expired_channel`.
	fn close_expired_channel() -> Weight;
	/// `propose_channel_limits`.
	fn propose_channel_limits() -> Weight;
	/// `accept_channel_limits` and `force_change_channel_limits`.
	fn change_channel_limits() -> Weight;
	/// `cancel_channel_limits_proposal`.
	fn cancel_channel_limits_proposal() -> Weight;
	/// `include_candidate` of commitments that name `b` consumed batches, send to `d`
	/// destinations, see refusals on `r` of the para's outbound channels and make `c` block-list
	/// changes. No message is in them, so no message count or size.
	fn include_candidate(b: u32, d: u32, r: u32, c: u32) -> Weight;
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
		// sender's account and its holds. Writes: the request removed, both request counts, the
		// channel, both channel counts, the account and its holds.
		Weight::from_parts(36_808_000, 1_024 + ACCOUNT_PROOF)
			.saturating_add(RocksDbWeight::get().reads_writes(8, 8))
	}

	fn close_channel() -> Weight {
		// Reads: the channel. Writes: the channel, the proposal removed, and the channel once
		// more if it closes by timeouts at once.
		Weight::from_parts(17_186_000, 1_024)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 3))
	}

	fn close_expired_channel() -> Weight {
		// Reads: the channel. Writes: the channel.
		Weight::from_parts(CLOSE_EXPIRED_CHANNEL, 1_024)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
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

	fn propose_channel_limits() -> Weight {
		// Reads: the channel. Writes: the proposal.
		Weight::from_parts(PROPOSE_CHANNEL_LIMITS, 1_024)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}

	fn change_channel_limits() -> Weight {
		// Reads: the proposal, the channel. Writes: the channel, the proposal removed.
		Weight::from_parts(CHANGE_CHANNEL_LIMITS, 1_024)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn cancel_channel_limits_proposal() -> Weight {
		// Reads and writes: the proposal, removed.
		Weight::from_parts(CANCEL_CHANNEL_LIMITS_PROPOSAL, 1_024)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}

	fn include_candidate(b: u32, d: u32, r: u32, c: u32) -> Weight {
		let (b, d, r, c) = (u64::from(b), u64::from(d), u64::from(r), u64::from(c));
		Weight::from_parts(
			368_066_000 +
				65_098_000 * b +
				34_588_000 * d +
				PER_REFUSING_CHANNEL * r +
				PER_BLOCK_LIST_CHANGE * c,
			// Per batch named, its sender's egress record, read whole to find the batch (it may
			// name up to `MAX_DESTINATIONS_PER_BLOCK` destinations), and four digests (its own,
			// its neighbours, the one the walk reads). Per destination, two digests.
			4_096 * (b + d) + (egress_record_bytes() + 4 * DIGEST_BYTES) * b +
				2 * DIGEST_BYTES * d +
				1_024 * r,
		)
		// Always: the head, last egress, watermark, the unseen-refusals index, the blocked count,
		// the receiver's digest span and the digest the walk stops at. Per batch: channel, root,
		// block list, the sender's unseen-refusals index (a refused batch), its digest, its two
		// neighbours, the span, and the digest the walk passes. Per destination: channel, block
		// list, the digest at the including block, the newest one, the span. Per refusing
		// channel: the channel. Per block-list change: the entry.
		.saturating_add(RocksDbWeight::get().reads(9 + 9 * b + 5 * d + r + c))
		// Always: the head, last egress, root, watermark, and the index when it changes. Per batch:
		// channel, root, the sender's index, its digest, its two neighbours, the span, and its
		// channel again if it closes by timeouts. Per destination: channel (its expiry, then its
		// last nonce), the digest, the newest one, the span, and one spare. Per refusing channel:
		// the channel, and again if it closes by timeouts. Per block-list change: the entry and
		// the blocked count.
		.saturating_add(
			RocksDbWeight::get().writes(4 + u64::from(r > 0) + 8 * b + 6 * d + 2 * r + 2 * c),
		)
	}
}
