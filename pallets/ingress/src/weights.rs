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
//! | `receive` | 301.4 µs | `b`: 3.75 µs, `m`: 1.04 µs, `d`: 0 (see below) |
//! | `receive_payload` | | `s`: 1.45 ns |
//! | `receive_proof_bytes` | | `s` (relay-state proof byte): 2.002 ns |
//! | `receive_proof_nodes` | | `n` (relay-state value padded: a leaf and its share of branches, charged per node): 347.2 ns |
//! | `receive_watermark` | | `w` (relay block walked): 647.3 ns |
//! | `receive_digest_entries` | | `e` (digest entry checked): 169.0 ns |
//! | `service_page` | 3.78 µs | `m`: 0.67 µs |
//! | `service_payload` | | `s`: 1.38 ns |
//! | `block_sender` | 3.65 µs | |
//! | `unblock_sender` | 3.57 µs | |
//! | `execute_parked` | 3.14 µs | `s`: 1.47 ns (see below) |
//! | `discard_parked` | 16.3 µs | (see below) |
//! | `on_initialize` | 0.36 µs | `d`: 0.30 µs |
//! | `on_finalize` | 3.72 µs | `c`: 0.61 µs |
//!
//! `receive` and `service_page` are the medians of five runs (their fitted bases moved between
//! runs: `receive`'s from 147 to 480 µs); the slopes per payload byte are the largest of two. The
//! `service_page` benchmark services one page of `m` messages of 64 bytes: its base is
//! [`WeightInfo::service_page`]'s compute, its slope [`WeightInfo::service_message`]'s fixed
//! part; `receive_payload` and `service_payload` take one message of `s` bytes, up to the
//! protocol's largest, for the parts per payload byte (hashing it, copying it into and out of
//! its page). A service run's fixed part ([`WeightInfo::service_queue_base`]) is within
//! `service_page`'s base. The figures below are those, doubled for the runtime's Wasm
//! execution. Over the mock's range of `d` the cost per outbound channel is lost in the noise; it
//! is charged at 2.87 µs, an earlier run's fit. `execute_parked`'s slope, per byte of the
//! parked payload (hashing it for its id, decoding it), is the largest of three runs, its base
//! that of the earlier `execute_overweight` (the runs' bases, 1.6 to 2.4 µs, were below it);
//! `discard_parked`, measured with a payload of the protocol's largest size, is the largest of
//! six runs (10.2 to 16.6 µs, the machine's load varying). Parking a message in the service is
//! charged `execute_parked`'s base, which removes the same item: an estimate, since parking is
//! not benchmarked on its own (it needs a processor that fails) and the payload it copies into
//! the store is not charged per byte.
//!
//! The slopes of `receive_watermark` and `receive_digest_entries`, what
//! [`WeightInfo::receive_watermark`] charges (doubled, as above), were measured later, in one run
//! each (`WEIGHT_FIT_ONLY` set to `receive_watermark` and `digest_entries`), on the same VM loaded
//! by other builds (load average 2.4 to 3.5); only their slopes are used. Those of
//! `receive_proof_bytes` and `receive_proof_nodes`, what [`WeightInfo::receive_proof`] charges,
//! were measured again once the relay-state proof was compact (`WEIGHT_FIT_ONLY=receive_proof`,
//! three runs, the largest slope of each kept: bytes 1.804 to 2.002 ns, nodes 323.5 to 347.2 ns).
//! `receive_proof_bytes` pads the relay-state proof with sixteen values the inherent does not read,
//! up to 225,000 bytes in all, and decodes the inherent within the measurement: decoding each
//! compact node, rebuilding it with its children's hashes, hashing it into the in-memory database,
//! per byte. `receive_proof_nodes` pads it with up to 4,687 relay-state values of four bytes the
//! inherent does not read (a compact proof holds no node its trie does not link): a leaf each,
//! and the branches above them, each node about twenty bytes, whose cost per byte the slope
//! includes. A node is charged that in full on top of its bytes; past the measured range, larger
//! tries may cost more per node. `receive_watermark` walks
//! `w` relay blocks (up to the mock's `MaxWatermarkAdvance`, 8) of one entry each;
//! `receive_digest_entries` walks 8 relay blocks holding `e` entries of up to 8 senders the block
//! moves no cursor of, each sender's channel read once (the read's compute is within the slope, its
//! database read charged below). `receive`'s own fit already grows with the proof its batches and
//! relay view need, and walks a digest per batch: the terms above charge those again, which
//! overstates them a little. The lookups of these benchmarks walk small tries; in a larger proof
//! each lookup walks a few more nodes.
//!
//! Storage reads and writes are counted from the code, worst case, and priced at RocksDB's
//! costs (`RocksDbWeight`); proof size counts each stored item at its encoded size or bound
//! where one is known, else 4 KiB. The relay-state proof's own bytes are the inherent's, which
//! the system charges as proof size with every extrinsic's length (`CheckWeight`), so
//! [`WeightInfo::receive_proof`] charges compute only.

use frame_support::weights::{constants::RocksDbWeight, Weight};
use xcmp_primitives::limits::MAX_MESSAGE_SIZE;

/// `receive`'s cost per payload byte (`receive_payload`), doubled, in picoseconds.
const RECEIVE_PER_BYTE: u64 = 2_908;
/// `service_message`'s cost per payload byte (`service_payload`), doubled, in picoseconds.
const SERVICE_PER_BYTE: u64 = 2_764;
/// `execute_parked`'s cost per payload byte, doubled, in picoseconds.
const EXECUTE_PER_BYTE: u64 = 2_946;
/// `receive`'s cost per byte of its relay-state proof (`receive_proof_bytes`), doubled, in
/// picoseconds.
const PROOF_PER_BYTE: u64 = 4_004;
/// `receive`'s cost per node of its relay-state proof (`receive_proof_nodes`), doubled, in
/// picoseconds.
const PROOF_PER_NODE: u64 = 694_500;
/// `receive`'s cost per relay block its watermark walks (`receive_watermark`), doubled, in
/// picoseconds.
const WATERMARK_PER_BLOCK: u64 = 1_295_000;
/// `receive`'s cost per digest entry its watermark walk checks (`receive_digest_entries`),
/// doubled, in picoseconds.
const WATERMARK_PER_ENTRY: u64 = 338_000;

/// Weight functions of the ingress pallet.
pub trait WeightInfo {
	/// `receive` verifying and applying `b` batches with `m` messages and `s` payload bytes in
	/// all, queued in `p` pages, and a relay view of `d` outbound channels; the queue service it
	/// ends with is accounted separately.
	fn receive(b: u32, m: u32, p: u32, d: u32, s: u32) -> Weight;
	/// What `receive` adds for a relay-state proof of `bytes` encoded bytes in `nodes` nodes:
	/// decoding it, and hashing and copying each node into the in-memory database its lookups
	/// walk. Compute only: the proof's bytes are those of the extrinsic that carries it (the
	/// inherent, or parachain-system's validation data when the block carries one proof),
	/// whose length the system charges as proof size (`CheckWeight`).
	fn receive_proof(bytes: u32, nodes: u32) -> Weight;
	/// What `receive` adds for its watermark's walk ([`WatermarkWalk`](crate::WatermarkWalk)):
	/// `w` of the relay's digests read from the relay-state proof, `e` digest entries checked,
	/// and the inbound channels of `k` senders read for them (senders the block moves no cursor
	/// of, each read once).
	fn receive_watermark(w: u32, e: u32, k: u32) -> Weight;
	/// A service run's fixed part: the ready senders, the sender to start at and the queue's
	/// footprint, read and written.
	fn service_queue_base() -> Weight;
	/// Loading a queue page of `bytes` heap bytes for the service, with its channel, and writing
	/// both back at the end of the service.
	fn service_page(bytes: u32) -> Weight;
	/// Servicing one message of `bytes` payload bytes from a loaded page, without what the
	/// message processor itself uses.
	fn service_message(bytes: u32) -> Weight;
	/// Parking a message (permanently overweight, or failed by the processor), on top of its
	/// [`WeightInfo::service_message`].
	fn park_message() -> Weight;
	/// `block_sender`.
	fn block_sender() -> Weight;
	/// `unblock_sender`.
	fn unblock_sender() -> Weight;
	/// `execute_parked` of a message of `bytes` payload bytes, without what the message
	/// processor itself uses.
	fn execute_parked(bytes: u32) -> Weight;
	/// `discard_parked`.
	fn discard_parked() -> Weight;
	/// `on_initialize` clearing a relay view of `d` outbound channels.
	fn on_initialize(d: u32) -> Weight;
	/// `on_finalize` committing `c` moved cursors.
	fn on_finalize(c: u32) -> Weight;
}

/// Measured compute (see above) and storage accesses counted from the code, priced with
/// RocksDB's read and write costs.
impl WeightInfo for () {
	fn receive(b: u32, m: u32, p: u32, d: u32, s: u32) -> Weight {
		let (b, m, p, d, s) =
			(u64::from(b), u64::from(m), u64::from(p), u64::from(d), u64::from(s));
		// Reads: the inherent marker, footprint, watermark, channel count, ready senders, pending
		// destinations, the block list and the block's changes to it (whose batches it refuses);
		// per batch its channel (twice: verification, where its cursor and its share of the
		// queue are checked, and application) and its sender's recent refusals (read and
		// written by a block refusing the sender; at most 321 bytes, 512 with its key, behind
		// a 4 KiB path).
		// Writes: per queue page its slot; per batch its channel and its sender's recent
		// refusals; per outbound channel its view; ready senders, footprint, moved cursors,
		// consumed batches, destinations, both relay parents, watermark. (The consumed batches'
		// write was added by hand to the measured fit: a list of at most 24 bytes per batch.)
		Weight::from_parts(
			602_880_000 + 7_490_000 * b + 2_086_000 * m + 5_744_000 * d + RECEIVE_PER_BYTE * s,
			4_096 * (2 + b + d) + 4_608 * b,
		)
		.saturating_add(RocksDbWeight::get().reads(8 + 3 * b))
		.saturating_add(RocksDbWeight::get().writes(8 + 2 * b + p + d))
	}

	fn receive_proof(bytes: u32, nodes: u32) -> Weight {
		Weight::from_parts(PROOF_PER_BYTE * u64::from(bytes) + PROOF_PER_NODE * u64::from(nodes), 0)
	}

	fn receive_watermark(w: u32, e: u32, k: u32) -> Weight {
		let (w, e, k) = (u64::from(w), u64::from(e), u64::from(k));
		// Reads: per sender, its channel.
		Weight::from_parts(WATERMARK_PER_BLOCK * w + WATERMARK_PER_ENTRY * e, 4_096 * k)
			.saturating_add(RocksDbWeight::get().reads(k))
	}

	fn service_queue_base() -> Weight {
		// Reads: ready senders, the next sender. Writes: those and the footprint.
		Weight::from_parts(0, 8_192).saturating_add(RocksDbWeight::get().reads_writes(2, 3))
	}

	fn service_page(bytes: u32) -> Weight {
		// Reads: the channel, the page (its bytes in the proof, with a 4 KiB path each). Writes:
		// the page (kept or removed) and the channel.
		Weight::from_parts(7_552_000, u64::from(bytes) + 8_192)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn service_message(bytes: u32) -> Weight {
		Weight::from_parts(1_344_000 + SERVICE_PER_BYTE * u64::from(bytes), 0)
	}

	fn park_message() -> Weight {
		// Writes: the message (its sender's count is in the channel `service_page` writes).
		Weight::from_parts(6_270_000, 4_096).saturating_add(RocksDbWeight::get().writes(1))
	}

	fn block_sender() -> Weight {
		// Blocked senders and block-list changes, read and written.
		Weight::from_parts(7_290_000, 8_192).saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn unblock_sender() -> Weight {
		Weight::from_parts(7_130_000, 8_192).saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn execute_parked(bytes: u32) -> Weight {
		// The message (its bytes in the proof) and its sender's channel, read; both written.
		let bytes = u64::from(bytes);
		Weight::from_parts(6_270_000 + EXECUTE_PER_BYTE * bytes, bytes + 8_192)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn discard_parked() -> Weight {
		// The message (up to the largest in the proof) and its sender's channel, read; both
		// written.
		Weight::from_parts(32_600_000, u64::from(MAX_MESSAGE_SIZE) + 8_192)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}

	fn on_initialize(d: u32) -> Weight {
		// Destinations read; relay parent, destinations and each channel view removed.
		Weight::from_parts(720_000 + 604_000 * u64::from(d), 4_096)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 2 + u64::from(d)))
	}

	fn on_finalize(c: u32) -> Weight {
		// Moved cursors, consumed batches, block-list changes and watermark read; the first
		// three taken, the commitment and the digest written; the ingress root hashes `c`
		// cursors, and the commitment hash `c` consumed batches (24 bytes each: its share of
		// 100 ns per `c` and the consumed batches' read and write were added by hand to the
		// measured fit).
		Weight::from_parts(7_434_000 + 1_314_000 * u64::from(c), 65_536)
			.saturating_add(RocksDbWeight::get().reads_writes(4, 5))
	}
}
