//! The pallet's weight model: each piece of work it charges, composed from the benchmarks
//! measured in the runtime's wasm blob ([`WeightInfo`], generated in `weights.rs`) and the
//! runtime's database weight.
//!
//! A benchmark measures a whole call or hook over its components; the pallet charges finer
//! pieces (one more message, one more proof byte, one page loaded), each the difference a
//! component makes to its benchmark ([`added`]), so that the pieces sum to what the benchmarks
//! measured. Where the pallet knows the exact size of what it reads (a queue page), the proof
//! size charged is that size rather than the storage item's bound the benchmark assumed.
//!
//! Three terms are counted from the code and priced with `frame_system::Config::DbWeight`,
//! because no benchmark component varies them: the queue pages an inherent writes beyond the one
//! its benchmark writes, the inbound channels the watermark's walk reads, and a service run's
//! fixed storage accesses (its `service_page` benchmark measures a whole run).

use crate::{Config, QueuePageOf, WeightInfo};
use codec::MaxEncodedLen;
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};
use xcmp_primitives::path_proof;

/// What `x` of its one component adds to benchmark `f`: `f(x) - f(0)`.
pub fn added(f: fn(u32) -> Weight, x: u32) -> Weight {
	f(x).saturating_sub(f(0))
}

/// The pallet's pieces of work, each with its weight; see the [module](self) documentation.
pub struct WeightModel<T>(PhantomData<T>);

impl<T: Config> WeightModel<T> {
	/// `receive` verifying and applying `b` batches with `m` messages and `s` payload bytes in
	/// all, queued in `p` pages, and a relay view of `d` outbound channels; its relay-state
	/// proof ([`Self::receive_proof`]), watermark walk ([`Self::receive_watermark`]) and the
	/// queue service it ends with are charged apart.
	pub fn receive(b: u32, m: u32, p: u32, d: u32, s: u32) -> Weight {
		T::WeightInfo::receive(b, m, d)
			.saturating_add(added(T::WeightInfo::receive_payload, s))
			.saturating_add(T::DbWeight::get().writes(p.into()))
	}

	/// What `receive` adds for a relay-state proof of `bytes` encoded bytes in `nodes` nodes:
	/// decoding it, and hashing and copying each node into the in-memory database its lookups
	/// walk. Compute only: the proof's bytes are those of the extrinsic that carries it (the
	/// inherent, or parachain-system's validation data when the block carries one proof),
	/// whose length the system charges as proof size (`CheckWeight`).
	pub fn receive_proof(bytes: u32, nodes: u32) -> Weight {
		let compute = added(T::WeightInfo::receive_proof_bytes, bytes)
			.saturating_add(added(T::WeightInfo::receive_proof_nodes, nodes));
		Weight::from_parts(compute.ref_time(), 0)
	}

	/// What `receive` adds for its watermark's walk ([`WatermarkWalk`](crate::WatermarkWalk)):
	/// `w` of the relay's digests read from the relay-state proof, `e` digest entries checked,
	/// and the inbound channels of `k` senders read for them (senders the block moves no cursor
	/// of, each read once).
	pub fn receive_watermark(w: u32, e: u32, k: u32) -> Weight {
		let k = u64::from(k);
		added(T::WeightInfo::receive_watermark, w)
			.saturating_add(added(T::WeightInfo::receive_digest_entries, e))
			.saturating_add(T::DbWeight::get().reads(k))
			.saturating_add(Weight::from_parts(0, path_proof::MAP_ITEM.saturating_mul(k)))
	}

	/// A service run's fixed storage accesses: the ready senders and the sender to start at,
	/// read and written, and the queue's footprint written. Its compute is within
	/// [`Self::service_page`], which the benchmark measured as a whole service run.
	pub fn service_queue_base() -> Weight {
		T::DbWeight::get()
			.reads_writes(2, 3)
			.saturating_add(Weight::from_parts(0, 2 * path_proof::MAP_ITEM))
	}

	/// Loading a queue page of `bytes` heap bytes for the service, with its channel, and writing
	/// both back at the end of the service: the `service_page` benchmark's fixed part, its
	/// proof holding the page at `bytes` rather than at its bound.
	pub fn service_page(bytes: u32) -> Weight {
		let measured = T::WeightInfo::service_page(0);
		let page_bound = QueuePageOf::<T>::max_encoded_len() as u64;
		let proof = measured.proof_size().saturating_sub(page_bound).saturating_add(bytes.into());
		Weight::from_parts(measured.ref_time(), proof)
	}

	/// Servicing one message of `bytes` payload bytes from a loaded page, without what the
	/// message processor itself uses: `service_page`'s cost per message and
	/// `service_payload`'s per byte, compute only (the page's bytes are in
	/// [`Self::service_page`]'s proof).
	pub fn service_message(bytes: u32) -> Weight {
		let compute = added(T::WeightInfo::service_page, 1)
			.saturating_add(added(T::WeightInfo::service_payload, bytes));
		Weight::from_parts(compute.ref_time(), 0)
	}

	/// Parking a message (permanently overweight, or failed by the processor), on top of its
	/// [`Self::service_message`]: charged as `discard_parked`, which reads and removes the same
	/// item and its channel; parking is not benchmarked on its own (it needs a processor that
	/// fails).
	pub fn park_message() -> Weight {
		T::WeightInfo::discard_parked()
	}
}
