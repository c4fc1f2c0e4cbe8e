//! # XCMP ingress pallet
//!
//! The receiver side of XCMP (`docs/PROTOCOL.md` in this repository): verifies the batches that
//! this parachain's collator routed to it from other parachains' collators, queues and dispatches
//! their messages, moves the per-sender cursors and the watermark, and publishes the block's
//! [`IngressCommitment`](xcmp_primitives::IngressCommitment). It also checks the block's
//! relay-state proof once for the whole runtime and keeps, for the current block, the relay view
//! the egress pallet needs.
//!
//! ## Design
//!
//! Every block carries one mandatory inherent, [`Pallet::receive`], with an
//! [`IngressInherentData`]: a relay-state storage proof against the state root of the block's
//! relay parent (from [`Config::RelayParent`]), the outbound channels the egress pallet wants to
//! know about, and whole [`RoutedBatch`]es. Before anything is stored or dispatched the inherent
//! is checked in full, and any failure rejects the whole inherent (a mandatory inherent that
//! fails makes the block invalid, so a block built from a bad inherent cannot be imported):
//!
//! 1. its encoded size is within [`Config::MaxInherentSize`], it carries at most
//!    [`Config::MaxBatchesPerInherent`] batches;
//! 2. for each batch: the sender is another parachain with a channel to this one, proven in the
//!    relay state, whose egress root at the batch's `sent_at` is proven too; the batch then
//!    passes [`xcmp_primitives::verify_batch`] from this pallet's cursor for that sender (batches
//!    of one sender chain their cursors), or, when the relay state says this parachain blocks the
//!    sender, [`xcmp_primitives::verify_refused_batch`]: such a batch is consumed by refusal and
//!    its messages are never dispatched (decisions 8 and 10);
//! 3. the accepted messages fit the inbound queue ([`Config::MaxQueuedMessages`],
//!    [`Config::MaxQueuedBytes`]), and new senders fit [`Config::MaxInboundChannels`];
//! 4. every outbound destination named by the inherent or with messages pending in the egress
//!    pallet ([`Config::PendingOutbound`]) has its channel record and block flag proven (decision
//!    16).
//!
//! Then cursors move at once (the commitment says the batches were consumed), accepted messages
//! enter the bounded inbound queue, the watermark advances and the queue is serviced. Each
//! verification failure is its own [`Error`] variant.
//!
//! The queue is paged, as `pallet-message-queue`'s is: each accepted batch is packed, in nonce
//! order, into [`QueuePage`]s of at most [`Config::MaxPageBytes`], one storage item each, after
//! its sender's last page. A batch of a thousand small messages is one or two writes, not a
//! thousand; the service reads each page it serves from once per block, serves from it in memory,
//! and removes it once served to its end or writes it back when the block's service ends. The
//! service is charged per run ([`WeightInfo::service_queue_base`]), per page loaded (its bytes as
//! proof size) and per message (by its payload bytes), and each message keeps room for being set
//! aside as overweight.
//!
//! The queue is serviced at the end of [`Pallet::receive`], within [`Config::ServiceWeight`]:
//! round robin over the senders with queued messages, one message per sender per turn, each
//! sender's messages in nonce order, resuming with the sender after the last one served in the
//! previous block. Messages that do not fit the block's budget wait for the next blocks; none is
//! lost (but for a queue page the runtime can no longer read, see [`Config::MaxPageBytes`]). A message the processor rejects is dropped with [`Event::ProcessingFailed`]; one that
//! needs more than a block's budget could ever give is set aside as overweight
//! ([`Event::OverweightEnqueued`]) for [`Pallet::execute_overweight`]. Neither stops its channel.
//! Only when [`Config::MaxOverweightMessages`] are already set aside does such a message stay at
//! the head of its channel's queue (its sender is skipped, the others served) until
//! [`Config::ControlOrigin`] executes one of them: it waits, rather than being dropped. A message
//! that needs more than what is left of this block's budget, but no more than a whole budget,
//! ends the block's service; the next block resumes with its sender.
//!
//! Cursors are this pallet's own: a batch is verified from the cursor this pallet reached, not
//! the one the relay recorded (which lags by the blocks not yet included). Queued nonces of a
//! sender are strictly increasing and at most its cursor; they have holes where batches were
//! refused.
//!
//! The watermark is the largest relay block `W`, not behind the stored one, at most the relay
//! parent and at most [`Config::MaxWatermarkAdvance`] past where digests may start, such that
//! every batch the relay's digests record for this parachain in relay blocks `(start, W]` has
//! been consumed. `start` is the stored watermark, or the relay block before this parachain's
//! first inbound channel opened if that is later (no batch to it is recorded before; with no
//! inbound channel yet, the relay parent): the proof shows it, and without it the stored
//! watermark is the start. A digest entry the proof shows absent means nothing was recorded
//! then; one the proof does not cover stops the advance there, so the collator controls the step
//! by what it proves.
//!
//! In `on_finalize` the block's moved cursors (sorted by sender, with their `rejected` flags), the
//! watermark and the block-list changes become the block's ingress commitment, kept in
//! [`Commitment`] for the collator and deposited as an `XcmpDigestItem::IngressRoot` header
//! digest. A block that moved no cursor still commits its watermark.
//!
//! ## Terminology
//!
//! - **Inbound channel**: this pallet's state for one sender: the cursor (last consumed nonce and
//!   MQC head) and the positions of its queue pages.
//! - **Queue page**: consecutive messages of one accepted batch, stored as one item.
//! - **Refused batch**: one from a sender the relay view says this parachain blocks; it moves the
//!   cursor with `rejected = true` and is not dispatched.
//! - **Relay view**: the records of the block's relay-state proof that the egress pallet reads,
//!   through [`OutboundRelayView`](xcmp_primitives::relay_state::OutboundRelayView), during
//!   this block only.
//! - **Service**: handing queued messages to [`Config::MessageProcessor`].
//!
//! ## Properties
//!
//! - Nothing is stored or dispatched from an inherent that fails any check.
//! - A cursor only moves by a verified batch, so each message is queued at most once and in
//!   channel order; each queued message is processed exactly once (or set aside as overweight),
//!   in nonce order per sender, unless its page becomes unreadable ([`Config::MaxPageBytes`]).
//!   A message the processor yields on is handed to it again later.
//! - The block's commitment is one the relay validators' check (`xcmp_verifier`) accepts for the
//!   batches of the inherent.
//! - Every storage item is bounded by a [`Config`] constant or a protocol ceiling of
//!   [`xcmp_primitives::limits`]. No function panics on any input.
//! - Block-list changes ([`Pallet::block_sender`], [`Pallet::unblock_sender`]) take effect from
//!   the next block (decision 10): within a block the relay view's block list decides.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;
pub use xcmp_primitives as primitives;

use alloc::{
	collections::{btree_map, BTreeMap, BTreeSet},
	vec::Vec,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	inherent::{InherentIdentifier, IsFatalError},
	traits::{Get, ProcessMessage, ProcessMessageError},
	weights::{Weight, WeightMeter},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::traits::Hash;
use sp_trie::StorageProof;
use xcmp_primitives::{
	limits::MAX_MESSAGE_SIZE,
	relay_state::{OutboundChannelView, RelayStateError},
	ChannelCursor, Hashing, Nonce, ParaId, Payload, RelayBlockNumber, RoutedBatch,
	VerificationError, H256,
};

const LOG_TARGET: &str = "runtime::xcmp-ingress";

/// The identifier of the ingress inherent's data.
pub const INHERENT_IDENTIFIER: InherentIdentifier = *b"xcmpingr";

/// What the collator puts in a block's ingress inherent.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct IngressInherentData {
	/// Relay-state storage proof against the state root of the block's relay parent: the records
	/// the batches, the watermark and the relay view need.
	pub relay_state_proof: StorageProof,
	/// Outbound destinations whose channel records the egress pallet should see in this block,
	/// besides those it has messages pending to.
	pub outbound_destinations: Vec<ParaId>,
	/// The batches this block consumes, in the order it consumes them.
	pub batches: Vec<RoutedBatch>,
}

impl IngressInherentData {
	/// Number of messages carried by all batches.
	pub fn message_count(&self) -> usize {
		self.batches.iter().map(RoutedBatch::message_count).sum()
	}

	/// Payload bytes carried by all batches.
	pub fn payload_bytes(&self) -> usize {
		self.batches
			.iter()
			.flat_map(|batch| batch.messages.iter().map(|message| message.payload.len()))
			.sum()
	}
}

/// Why the ingress inherent could not be created or checked outside the runtime's call.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, Debug)]
pub enum InherentError {
	/// The block has no ingress inherent, which every block must carry.
	Missing,
	/// The inherent carries more batches than [`Config::MaxBatchesPerInherent`].
	TooManyBatches,
	/// The inherent is larger than [`Config::MaxInherentSize`].
	TooLarge,
}

impl IsFatalError for InherentError {
	fn is_fatal_error(&self) -> bool {
		true
	}
}

/// This pallet's state for the channel from one sender.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct InboundChannel {
	/// Last nonce consumed (dispatched, queued or refused) and the MQC head after it.
	pub cursor: ChannelCursor,
	/// Position of the oldest queue page, holding the next message to dispatch.
	pub queue_head: u64,
	/// Position the next queue page takes; `queue_head == queue_tail` when nothing is queued.
	pub queue_tail: u64,
}

impl InboundChannel {
	/// Number of queue pages held.
	pub fn queued_pages(&self) -> u64 {
		self.queue_tail.saturating_sub(self.queue_head)
	}
}

/// Fewest bytes a queue page may hold ([`Config::MaxPageBytes`]): a message of the protocol's
/// largest size with its length prefix.
pub const MIN_PAGE_BYTES: u32 = MAX_MESSAGE_SIZE + 4;

/// A page of the inbound queue: consecutive messages of one accepted batch, in nonce order,
/// packed in a heap as SCALE-encoded byte vectors (compact length, then bytes). Serviced messages
/// stay in the heap before `offset`; the page is removed when its last message is serviced.
///
/// Paging, as `pallet-message-queue` does, makes a batch cost one storage write per page
/// rather than one per message, and lets the service read a sender's messages a page at a time.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxBytes))]
#[codec(mel_bound())]
pub struct QueuePage<MaxBytes: Get<u32>> {
	/// Nonce of the next message to service.
	pub next_nonce: Nonce,
	/// Messages not yet serviced.
	pub remaining: u32,
	/// Offset in `heap` of the next message to service.
	pub offset: u32,
	/// The messages, each SCALE-encoded.
	pub heap: BoundedVec<u8, MaxBytes>,
}

impl<MaxBytes: Get<u32>> QueuePage<MaxBytes> {
	/// An empty page whose first message will have nonce `first_nonce`.
	pub fn new(first_nonce: Nonce) -> Self {
		Self { next_nonce: first_nonce, remaining: 0, offset: 0, heap: BoundedVec::new() }
	}

	/// Whether a payload of `len` bytes fits what is left of the page.
	pub fn fits(&self, len: usize) -> bool {
		self.heap.len().saturating_add(encoded_payload_len(len)) <= MaxBytes::get() as usize
	}

	/// Appends `payload` as the page's next message; `false` (and nothing appended) when it does
	/// not fit.
	pub fn try_push(&mut self, payload: &[u8]) -> bool {
		if !self.fits(payload.len()) {
			return false;
		}
		let mut heap = core::mem::take(&mut self.heap).into_inner();
		payload.encode_to(&mut heap);
		self.heap = BoundedVec::truncate_from(heap);
		self.remaining = self.remaining.saturating_add(1);
		true
	}

	/// The next message to service and its encoded length in the heap; `None` when the page is
	/// serviced, or its heap is malformed (which this pallet never writes).
	pub fn peek(&self) -> Option<(&[u8], u32)> {
		if self.remaining == 0 {
			return None;
		}
		payload_at(&self.heap, self.offset)
	}

	/// Moves past the next message, whose encoded length `peek` returned.
	pub fn advance(&mut self, encoded_len: u32) {
		self.offset = self.offset.saturating_add(encoded_len);
		self.next_nonce = self.next_nonce.saturating_add(1);
		self.remaining = self.remaining.saturating_sub(1);
	}
}

/// The payload encoded at `offset` in a page's `heap`, and its encoded length.
fn payload_at(heap: &[u8], offset: u32) -> Option<(&[u8], u32)> {
	let mut input = heap.get(offset as usize..)?;
	let before = input.len();
	let len = codec::Compact::<u32>::decode(&mut input).ok()?.0 as usize;
	let payload = input.get(..len)?;
	let prefix = before.saturating_sub(input.len());
	Some((payload, u32::try_from(prefix.saturating_add(len)).ok()?))
}

/// Payload bytes of the `remaining` messages encoded in `heap` from `offset`.
fn unserved_bytes(heap: &[u8], mut offset: u32, remaining: u32) -> u64 {
	let mut bytes = 0u64;
	for _ in 0..remaining {
		let Some((payload, len)) = payload_at(heap, offset) else { break };
		bytes = bytes.saturating_add(payload.len() as u64);
		offset = offset.saturating_add(len);
	}
	bytes
}

/// Bytes a payload of `len` bytes takes in a queue page.
pub fn encoded_payload_len(len: usize) -> usize {
	use codec::CompactLen;
	codec::Compact::<u32>::compact_len(&u32::try_from(len).unwrap_or(u32::MAX)).saturating_add(len)
}

/// Pages the messages of a batch, with payloads of `lens` bytes, take in a queue whose pages
/// hold `max_bytes` bytes.
pub fn pages_needed(lens: impl IntoIterator<Item = usize>, max_bytes: u32) -> u32 {
	let (mut pages, mut used) = (0u32, 0usize);
	for len in lens {
		let len = encoded_payload_len(len);
		if pages == 0 || used.saturating_add(len) > max_bytes as usize {
			pages = pages.saturating_add(1);
			used = 0;
		}
		used = used.saturating_add(len);
	}
	pages
}

/// The inbound queue page type of a runtime.
pub type QueuePageOf<T> = QueuePage<<T as Config>::MaxPageBytes>;

/// A message set aside because it needs more weight than a block's service budget can give.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct OverweightMessage {
	/// The sender.
	pub sender: ParaId,
	/// Its nonce in the sender's channel.
	pub nonce: Nonce,
	/// The message itself.
	pub payload: Payload,
}

/// How much the inbound queue holds.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct QueueFootprint {
	/// Messages queued.
	pub messages: u32,
	/// Their payload bytes.
	pub bytes: u64,
}

/// The origin of a message from a sender, as the runtime's message processor knows it.
pub type MessageOriginOf<T> = <<T as Config>::MessageProcessor as ProcessMessage>::Origin;

/// Outcome of servicing one queued message.
enum ServiceOutcome {
	/// The message left the queue (processed, failed or set aside); `drained` when it was the
	/// sender's last.
	Progressed { drained: bool },
	/// The sender cannot progress in this round: the processor yielded, or its message is
	/// permanently overweight and the overweight store is full.
	Skipped,
	/// The message needs more weight than remains in this block: stop servicing.
	OutOfWeight,
}

/// A sender's channel and head page, as one run of the service holds them.
struct LoadedSender<T: Config> {
	channel: InboundChannel,
	/// The head page, once loaded; `None` again when it was serviced to its end and removed.
	page: Option<QueuePageOf<T>>,
	/// Whether the channel or the page changed since they were read.
	changed: bool,
}

/// What one run of the service has read and changed, written back once at its end.
struct ServiceRun<T: Config> {
	senders: BTreeMap<ParaId, LoadedSender<T>>,
	/// Messages and bytes that left the queue.
	serviced: QueueFootprint,
}

impl<T: Config> Default for ServiceRun<T> {
	fn default() -> Self {
		Self { senders: BTreeMap::new(), serviced: QueueFootprint::default() }
	}
}

impl<T: Config> ServiceRun<T> {
	/// Writes back the channels and pages that changed, and the queue's footprint.
	fn write_back(self) {
		for (sender, loaded) in self.senders {
			if !loaded.changed {
				continue;
			}
			if let Some(page) = loaded.page {
				InboundQueue::<T>::insert(sender, loaded.channel.queue_head, page);
			}
			InboundChannels::<T>::insert(sender, loaded.channel);
		}
		if self.serviced != QueueFootprint::default() {
			Footprint::<T>::mutate(|footprint| {
				footprint.messages = footprint.messages.saturating_sub(self.serviced.messages);
				footprint.bytes = footprint.bytes.saturating_sub(self.serviced.bytes);
			});
		}
	}
}

/// What a verified inherent changes, computed before anything is written.
struct VerifiedInherent {
	relay_parent: RelayBlockNumber,
	/// Per sender, the cursor reached and whether its batches were refused.
	moved: BTreeMap<ParaId, (ChannelCursor, bool)>,
	/// The batches, each with whether it was refused.
	batches: Vec<(RoutedBatch, bool)>,
	/// The outbound relay view, sorted by destination.
	view: Vec<(ParaId, OutboundChannelView)>,
	watermark: RelayBlockNumber,
	footprint: QueueFootprint,
}

/// Benchmarking support the runtime provides.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes [`Config::RelayParent`] return `parent` for the rest of the benchmark.
	fn set_relay_parent(parent: xcmp_primitives::relay_state::RelayParent);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::{DispatchClass, PostDispatchInfo},
		pallet_prelude::*,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Convert;
	use xcmp_primitives::{
		limits::{
			MAX_CHANNEL_CAPACITY, MAX_CURSORS_PER_BLOCK, MAX_DESTINATIONS_PER_BLOCK,
			MAX_MESSAGE_SIZE, MAX_WATERMARK_ADVANCE,
		},
		relay_state::{digests_from, farthest_watermark, PendingOutbound, RelayParentProvider},
		BlockListChange, BlockListChanges, IngressCommitment, MovedCursors,
	};

	/// The storage layout this code reads and writes. It is the first release's; a change of
	/// layout bumps it and comes with a migration (`docs/PROTOCOL.md`, decision 28).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// This parachain's id.
		#[pallet::constant]
		type SelfParaId: Get<ParaId>;
		/// The relay parent (number and state root) of the block being built.
		type RelayParent: RelayParentProvider;
		/// The name the relay runtime gives `pallet-xcmp-relay`: the prefix of the relay storage
		/// keys read from the relay-state proof
		/// ([`xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME`] unless told otherwise).
		type RelayPalletName: Get<&'static str>;
		/// Processes the received messages (for example an XCM executor, or an adapter that
		/// enqueues them into `pallet-message-queue`).
		type MessageProcessor: ProcessMessage;
		/// Turns a sender into the origin the message processor expects (with cumulus,
		/// `AggregateMessageOrigin::Sibling(sender)`).
		type SenderOrigin: Convert<ParaId, MessageOriginOf<Self>>;
		/// The origin that may block and unblock senders and execute overweight messages
		/// (governance).
		type ControlOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The destinations the egress pallet has messages pending to, whose relay records every
		/// block's relay view must cover.
		type PendingOutbound: PendingOutbound;
		/// Most batches one inherent may carry; at most the protocol's `MAX_CURSORS_PER_BLOCK`.
		#[pallet::constant]
		type MaxBatchesPerInherent: Get<u32>;
		/// Most bytes one encoded inherent may take: the block's proof-size budget for ingress.
		#[pallet::constant]
		type MaxInherentSize: Get<u32>;
		/// Most senders this pallet keeps a channel for.
		#[pallet::constant]
		type MaxInboundChannels: Get<u32>;
		/// Most outbound channels one block's relay view may hold; at most the protocol's
		/// `MAX_DESTINATIONS_PER_BLOCK`.
		#[pallet::constant]
		type MaxOutboundChannels: Get<u32>;
		/// Most messages the inbound queue may hold; at least the protocol's
		/// `MAX_CHANNEL_CAPACITY`, so that any batch fits an empty queue.
		#[pallet::constant]
		type MaxQueuedMessages: Get<u32>;
		/// Most payload bytes the inbound queue may hold; at least [`Config::MaxInherentSize`],
		/// so that any batch an inherent can carry fits an empty queue.
		#[pallet::constant]
		type MaxQueuedBytes: Get<u64>;
		/// Bytes of one inbound queue page; at least [`MIN_PAGE_BYTES`], so that any message
		/// fits a page. A page is what the queue's service reads and writes at once: larger
		/// pages mean fewer storage items, smaller ones less proof per page read. It may grow in
		/// a runtime upgrade but not shrink below the pages stored: a page that no longer
		/// decodes is dropped, with its messages, when the service reaches it.
		#[pallet::constant]
		type MaxPageBytes: Get<u32>;
		/// Most overweight messages kept for [`Pallet::execute_overweight`].
		#[pallet::constant]
		type MaxOverweightMessages: Get<u32>;
		/// Most senders this parachain may block at once.
		#[pallet::constant]
		type MaxBlockedSenders: Get<u32>;
		/// Most relay blocks the watermark may advance in one block (digest keys read), at most
		/// the protocol's [`MAX_WATERMARK_ADVANCE`], past which validators refuse the candidate.
		#[pallet::constant]
		type MaxWatermarkAdvance: Get<u32>;
		/// Weight each block may spend servicing the inbound queue, processing included.
		#[pallet::constant]
		type ServiceWeight: Get<Weight>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
		/// Sets up what the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// The channel from each sender this pallet has consumed from: cursor and queue positions.
	#[pallet::storage]
	pub type InboundChannels<T: Config> =
		CountedStorageMap<_, Twox64Concat, ParaId, InboundChannel, OptionQuery>;

	/// The inbound queue: pages of messages accepted and not yet dispatched, by sender and page
	/// position.
	#[pallet::storage]
	pub type InboundQueue<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, u64, QueuePageOf<T>>;

	/// Messages and bytes in [`InboundQueue`].
	#[pallet::storage]
	pub type Footprint<T: Config> = StorageValue<_, QueueFootprint, ValueQuery>;

	/// Senders with queued messages, strictly sorted: the service ring.
	#[pallet::storage]
	pub type ReadySenders<T: Config> =
		StorageValue<_, BoundedVec<ParaId, T::MaxInboundChannels>, ValueQuery>;

	/// The sender the next service round starts at (the first ready sender at or after it).
	#[pallet::storage]
	pub type NextToService<T: Config> = StorageValue<_, ParaId, OptionQuery>;

	/// Messages set aside as overweight, by index, for [`Pallet::execute_overweight`].
	#[pallet::storage]
	pub type OverweightMessages<T: Config> =
		CountedStorageMap<_, Twox64Concat, u64, OverweightMessage, OptionQuery>;

	/// The index the next overweight message takes.
	#[pallet::storage]
	pub type NextOverweightIndex<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Relay block up to which everything sent to this parachain has been consumed.
	#[pallet::storage]
	pub type Watermark<T: Config> = StorageValue<_, RelayBlockNumber, ValueQuery>;

	/// The relay parent of the last block that took an ingress inherent.
	#[pallet::storage]
	pub type LastRelayParent<T: Config> = StorageValue<_, RelayBlockNumber, OptionQuery>;

	/// This block's relay parent number, set by the inherent and cleared at the start of the
	/// next block.
	#[pallet::storage]
	pub type CurrentRelayParent<T: Config> = StorageValue<_, RelayBlockNumber, OptionQuery>;

	/// The destinations in this block's relay view, strictly sorted; cleared with the view.
	#[pallet::storage]
	pub type OutboundDestinations<T: Config> =
		StorageValue<_, BoundedVec<ParaId, T::MaxOutboundChannels>, ValueQuery>;

	/// This block's relay view of each outbound channel in [`OutboundDestinations`].
	#[pallet::storage]
	pub type OutboundChannels<T: Config> =
		StorageMap<_, Twox64Concat, ParaId, OutboundChannelView, OptionQuery>;

	/// Cursors this block moved, strictly sorted by sender; taken by the block's commitment.
	#[pallet::storage]
	pub type MovedThisBlock<T: Config> = StorageValue<_, MovedCursors, ValueQuery>;

	/// Senders this parachain blocks, strictly sorted.
	#[pallet::storage]
	pub type BlockedSenders<T: Config> =
		StorageValue<_, BoundedVec<ParaId, T::MaxBlockedSenders>, ValueQuery>;

	/// Block-list changes made in this block, in order; taken by the block's commitment.
	#[pallet::storage]
	pub type PendingBlockListChanges<T: Config> = StorageValue<_, BlockListChanges, ValueQuery>;

	/// The last finished block's ingress commitment, for its collator to put in the candidate.
	#[pallet::storage]
	pub type Commitment<T: Config> = StorageValue<_, IngressCommitment, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A batch was verified and its messages queued.
		BatchAccepted {
			/// The sender.
			sender: ParaId,
			/// First nonce of the batch.
			first_nonce: Nonce,
			/// Last nonce of the batch.
			last_nonce: Nonce,
			/// Relay parent of the sender block that committed it.
			sent_at: RelayBlockNumber,
		},
		/// A batch from a sender the relay view says this parachain blocks was consumed by
		/// refusal: its cursor moved, its messages are not dispatched.
		BatchRefused {
			/// The sender.
			sender: ParaId,
			/// First nonce of the batch.
			first_nonce: Nonce,
			/// Last nonce of the batch.
			last_nonce: Nonce,
			/// Relay parent of the sender block that committed it.
			sent_at: RelayBlockNumber,
		},
		/// The message processor processed a message.
		Processed {
			/// The sender.
			sender: ParaId,
			/// The message's nonce.
			nonce: Nonce,
			/// The message id the processor reported.
			id: H256,
			/// Whether processing succeeded, as the processor reported.
			success: bool,
			/// Weight the processor used.
			weight_used: Weight,
		},
		/// The message processor rejected a message; it was dropped and its channel continues.
		ProcessingFailed {
			/// The sender.
			sender: ParaId,
			/// The message's nonce.
			nonce: Nonce,
			/// The message id.
			id: H256,
			/// Why.
			error: ProcessMessageError,
		},
		/// A message needing more weight than a block's service budget was set aside for
		/// [`Pallet::execute_overweight`]; its channel continues.
		OverweightEnqueued {
			/// The sender.
			sender: ParaId,
			/// The message's nonce.
			nonce: Nonce,
			/// Its index in [`OverweightMessages`].
			index: u64,
			/// The weight the processor said it needs.
			required: Weight,
		},
		/// The watermark advanced.
		WatermarkAdvanced {
			/// The previous watermark.
			from: RelayBlockNumber,
			/// The new watermark.
			to: RelayBlockNumber,
		},
		/// This parachain blocks a sender from the next block on.
		SenderBlocked {
			/// The sender.
			sender: ParaId,
		},
		/// This parachain accepts a sender again from the next block on.
		SenderUnblocked {
			/// The sender.
			sender: ParaId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The block has taken its ingress inherent already.
		InherentAlreadyApplied,
		/// The inherent is larger than [`Config::MaxInherentSize`].
		InherentTooLarge,
		/// The inherent carries more batches than [`Config::MaxBatchesPerInherent`].
		TooManyBatches,
		/// The relay view would hold more channels than [`Config::MaxOutboundChannels`].
		TooManyOutboundChannels,
		/// An outbound destination is this parachain.
		OutboundToSelf,
		/// A batch's sender is this parachain.
		BatchFromSelf,
		/// The relay-state proof does not prove a record the inherent needs (made for other
		/// keys, against another state root, or tampered with).
		RelayRecordNotProven,
		/// The relay-state proof holds bytes that do not decode as the record.
		RelayRecordUndecodable,
		/// The relay state has no channel from the batch's sender to this parachain.
		NoChannel,
		/// The relay state holds no egress root of the batch's sender at its `sent_at`.
		UnknownEgressRoot,
		/// Refusing the batch would open more separate refused ranges on its channel than the
		/// relay holds (`MAX_REFUSED_RANGES`).
		TooManyRefusedRanges,
		/// A new sender would exceed [`Config::MaxInboundChannels`].
		TooManyInboundChannels,
		/// The accepted messages do not fit the inbound queue: the collator must take fewer.
		QueueFull,
		/// A batch carries no message.
		EmptyBatch,
		/// A batch's entry has a malformed nonce range.
		MalformedEntry,
		/// A batch starts at or below the cursor: its messages were consumed already.
		Replay,
		/// A batch starts beyond the nonce after the cursor: messages are missing.
		Gap,
		/// A batch's message count differs from its entry's nonce range.
		CountMismatch,
		/// A batch has more messages than its channel's capacity.
		BatchOverCapacity,
		/// A batch has more payload bytes than its channel's size limit.
		BatchOverSize,
		/// A message's sender is not its batch's sender.
		WrongSender,
		/// A message is for another parachain.
		WrongDestination,
		/// A message's nonce is not its position in the batch (reordered, duplicated, skipped).
		NonceOutOfOrder,
		/// A message's `sent_at` differs from its batch's.
		SentAtMismatch,
		/// A message is larger than its channel allows.
		MessageTooLarge,
		/// A batch's payload bytes differ from its entry's `total_bytes`.
		TotalBytesMismatch,
		/// A batch's messages do not hash to its entry's batch root (forged payload).
		BatchRootMismatch,
		/// A batch's messages do not extend the channel's MQC head to its entry's head.
		MqcHeadMismatch,
		/// A batch's entry is not proven under the sender's recorded egress root.
		InvalidEntryProof,
		/// A batch failed verification in a way batch verification does not report today (a
		/// commitment-level error).
		InvalidBatch,
		/// A parachain cannot block itself.
		CannotBlockSelf,
		/// The sender is blocked already.
		AlreadyBlocked,
		/// The sender is not blocked.
		NotBlocked,
		/// Blocking would exceed [`Config::MaxBlockedSenders`].
		TooManyBlockedSenders,
		/// The block made the protocol's most block-list changes (`MAX_BLOCK_LIST_CHANGES`).
		TooManyBlockListChanges,
		/// No overweight message at this index.
		NoSuchOverweight,
		/// The weight limit given is below what the message needs.
		InsufficientWeight,
		/// The message processor yielded without processing the message.
		ProcessorYielded,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			let cleared = Self::clear_relay_view();
			T::WeightInfo::on_initialize(cleared)
				.saturating_add(T::WeightInfo::on_finalize(T::MaxBatchesPerInherent::get()))
		}

		fn on_finalize(_: BlockNumberFor<T>) {
			Self::commit();
		}

		fn integrity_test() {
			let batches = T::MaxBatchesPerInherent::get();
			assert!(
				(1..=MAX_CURSORS_PER_BLOCK).contains(&batches),
				"MaxBatchesPerInherent must be in 1..=MAX_CURSORS_PER_BLOCK"
			);
			assert!(
				(1..=MAX_DESTINATIONS_PER_BLOCK).contains(&T::MaxOutboundChannels::get()),
				"MaxOutboundChannels must be in 1..=MAX_DESTINATIONS_PER_BLOCK"
			);
			assert!(T::MaxInboundChannels::get() > 0, "a parachain must be able to receive");
			assert!(T::MaxBlockedSenders::get() > 0, "a parachain must be able to block");
			assert!(T::MaxOverweightMessages::get() > 0, "overweight messages need room");
			assert!(
				(1..=MAX_WATERMARK_ADVANCE).contains(&T::MaxWatermarkAdvance::get()),
				"MaxWatermarkAdvance must be in 1..=MAX_WATERMARK_ADVANCE"
			);
			assert!(
				T::MaxInherentSize::get() > MAX_MESSAGE_SIZE,
				"MaxInherentSize must fit a message of the protocol's largest size"
			);
			assert!(
				T::MaxQueuedMessages::get() >= MAX_CHANNEL_CAPACITY,
				"MaxQueuedMessages must fit a batch of the largest channel capacity"
			);
			assert!(
				T::MaxQueuedBytes::get() >= u64::from(T::MaxInherentSize::get()),
				"MaxQueuedBytes must fit any batch an inherent can carry"
			);
			assert!(
				T::MaxPageBytes::get() >= MIN_PAGE_BYTES,
				"MaxPageBytes must fit a message of the protocol's largest size"
			);
			let service = T::ServiceWeight::get();
			let first = T::WeightInfo::service_queue_base()
				.saturating_add(T::WeightInfo::service_page(T::MaxPageBytes::get()))
				.saturating_add(T::WeightInfo::service_message(MAX_MESSAGE_SIZE))
				.saturating_add(T::WeightInfo::set_aside_overweight());
			assert!(
				service.all_gt(first),
				"ServiceWeight must fit a page, a message of the largest size and setting it aside"
			);
			// The largest inherent: every batch, as many messages as its bytes can encode (a
			// refused batch's messages are not queued, so the queue's bound does not cap them),
			// as many payload bytes as it carries, and the pages they can fill (two consecutive
			// pages of a batch hold more than a page's bytes).
			let max_block = T::BlockWeights::get().max_block;
			let bytes = T::MaxInherentSize::get();
			let smallest = xcmp_primitives::Message {
				sender: ParaId::new(0),
				destination: ParaId::new(0),
				nonce: 0,
				sent_at: 0,
				payload: Payload::default(),
			}
			.encoded_size() as u32;
			let messages = (bytes / smallest).max(T::MaxQueuedMessages::get());
			let pages = batches.saturating_add(bytes / T::MaxPageBytes::get() * 2);
			let receive = T::WeightInfo::receive(
				batches,
				messages,
				pages,
				T::MaxOutboundChannels::get(),
				bytes,
			)
			.saturating_add(service);
			assert!(receive.all_lte(max_block), "the largest ingress inherent must fit a block");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Takes the block's ingress inherent: verifies everything in `data`, then moves the
		/// cursors, queues the accepted messages, keeps the relay view, advances the watermark
		/// and services the queue. Any failed check rejects the whole inherent.
		#[pallet::call_index(0)]
		#[pallet::weight((Pallet::<T>::receive_weight(data), DispatchClass::Mandatory))]
		pub fn receive(
			origin: OriginFor<T>,
			data: IngressInherentData,
		) -> DispatchResultWithPostInfo {
			ensure_none(origin)?;
			let used = Self::do_receive(data)?;
			Ok(PostDispatchInfo { actual_weight: Some(used), pays_fee: Pays::No })
		}

		/// Blocks `sender` from the next block on: its batches are then consumed by refusal.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::block_sender())]
		pub fn block_sender(origin: OriginFor<T>, sender: ParaId) -> DispatchResult {
			T::ControlOrigin::ensure_origin(origin)?;
			Self::do_block_sender(sender)
		}

		/// Accepts `sender` again from the next block on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unblock_sender())]
		pub fn unblock_sender(origin: OriginFor<T>, sender: ParaId) -> DispatchResult {
			T::ControlOrigin::ensure_origin(origin)?;
			Self::do_unblock_sender(sender)
		}

		/// Processes the overweight message at `index` with up to `weight_limit`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::execute_overweight().saturating_add(*weight_limit))]
		pub fn execute_overweight(
			origin: OriginFor<T>,
			index: u64,
			weight_limit: Weight,
		) -> DispatchResultWithPostInfo {
			T::ControlOrigin::ensure_origin(origin)?;
			let used = Self::do_execute_overweight(index, weight_limit)?;
			Ok(Some(T::WeightInfo::execute_overweight().saturating_add(used)).into())
		}
	}

	#[pallet::inherent]
	impl<T: Config> ProvideInherent for Pallet<T> {
		type Call = Call<T>;
		type Error = InherentError;
		const INHERENT_IDENTIFIER: InherentIdentifier = INHERENT_IDENTIFIER;

		fn create_inherent(data: &InherentData) -> Option<Self::Call> {
			let data: IngressInherentData = data.get_data(&INHERENT_IDENTIFIER).ok().flatten()?;
			Some(Call::receive { data })
		}

		fn is_inherent_required(_: &InherentData) -> Result<Option<Self::Error>, Self::Error> {
			Ok(Some(InherentError::Missing))
		}

		fn check_inherent(call: &Self::Call, _: &InherentData) -> Result<(), Self::Error> {
			let Call::receive { data } = call else { return Ok(()) };
			if data.batches.len() > T::MaxBatchesPerInherent::get() as usize {
				return Err(InherentError::TooManyBatches);
			}
			if data.encoded_size() > T::MaxInherentSize::get() as usize {
				return Err(InherentError::TooLarge);
			}
			Ok(())
		}

		fn is_inherent(call: &Self::Call) -> bool {
			matches!(call, Call::receive { .. })
		}
	}

	impl<T: Config> Pallet<T> {
		/// Weight declared for [`Pallet::receive`]: verification of `data` with a relay view of
		/// the most outbound channels, plus the whole service budget.
		pub fn receive_weight(data: &IngressInherentData) -> Weight {
			let batches = u32::try_from(data.batches.len()).unwrap_or(u32::MAX);
			let messages = u32::try_from(data.message_count()).unwrap_or(u32::MAX);
			let pages = Self::pages_needed_by(data);
			let bytes = u32::try_from(data.payload_bytes()).unwrap_or(u32::MAX);
			T::WeightInfo::receive(batches, messages, pages, T::MaxOutboundChannels::get(), bytes)
				.saturating_add(T::ServiceWeight::get())
		}

		/// Queue pages the batches of `data` take if all are accepted.
		pub fn pages_needed_by(data: &IngressInherentData) -> u32 {
			data.batches.iter().fold(0u32, |pages, batch| {
				let lens = batch.messages.iter().map(|message| message.payload.len());
				pages.saturating_add(pages_needed(lens, T::MaxPageBytes::get()))
			})
		}

		/// Verifies and applies the ingress inherent, then services the queue. Returns the weight
		/// used.
		pub fn do_receive(data: IngressInherentData) -> Result<Weight, DispatchError> {
			let batches = u32::try_from(data.batches.len()).unwrap_or(u32::MAX);
			let messages = u32::try_from(data.message_count()).unwrap_or(u32::MAX);
			let bytes = u32::try_from(data.payload_bytes()).unwrap_or(u32::MAX);
			let (pages, destinations) = Self::take_inherent(data)?;
			let service = Self::service_queue(T::ServiceWeight::get());
			Ok(T::WeightInfo::receive(batches, messages, pages, destinations, bytes)
				.saturating_add(service))
		}

		/// Verifies the ingress inherent in full, then applies it: what
		/// [`WeightInfo::receive`] accounts for. Returns the number of queue pages written and
		/// of outbound channels in the block's relay view.
		pub(crate) fn take_inherent(
			data: IngressInherentData,
		) -> Result<(u32, u32), DispatchError> {
			ensure!(CurrentRelayParent::<T>::get().is_none(), Error::<T>::InherentAlreadyApplied);
			let verified = Self::verify_inherent(data)?;
			let destinations = u32::try_from(verified.view.len()).unwrap_or(u32::MAX);
			let pages = Self::apply_inherent(verified)?;
			Ok((pages, destinations))
		}

		/// Checks the whole inherent against the relay-state proof and this pallet's state,
		/// reading only.
		fn verify_inherent(data: IngressInherentData) -> Result<VerifiedInherent, DispatchError> {
			ensure!(
				data.encoded_size() <= T::MaxInherentSize::get() as usize,
				Error::<T>::InherentTooLarge
			);
			ensure!(
				data.batches.len() <= T::MaxBatchesPerInherent::get() as usize,
				Error::<T>::TooManyBatches
			);
			let self_id = T::SelfParaId::get();
			let parent = T::RelayParent::relay_parent();
			let IngressInherentData { relay_state_proof, outbound_destinations, batches } = data;
			let proof = xcmp_primitives::relay_state::RelayStateProof::new(
				T::RelayPalletName::get(),
				parent.state_root,
				relay_state_proof,
			);

			let mut moved: BTreeMap<ParaId, (ChannelCursor, bool)> = BTreeMap::new();
			let mut new_channels: u32 = 0;
			let mut footprint = Footprint::<T>::get();
			let mut checked = Vec::with_capacity(batches.len());
			for batch in batches {
				let sender = batch.sender;
				ensure!(sender != self_id, Error::<T>::BatchFromSelf);
				let channel = proof
					.channel(sender, self_id)
					.map_err(Self::relay_error)?
					.ok_or(Error::<T>::NoChannel)?;
				let root = proof
					.egress_root(sender, batch.entry.sent_at)
					.map_err(Self::relay_error)?
					.ok_or(Error::<T>::UnknownEgressRoot)?;
				let refused = proof.blocks(self_id, sender).map_err(Self::relay_error)?;
				let cursor = match moved.get(&sender) {
					Some((cursor, _)) => *cursor,
					None => match InboundChannels::<T>::get(sender) {
						Some(inbound) => inbound.cursor,
						None => {
							new_channels = new_channels.saturating_add(1);
							ChannelCursor::default()
						}
					},
				};
				let next = if refused {
					if !moved.contains_key(&sender) {
						// As the relay checks: a refusal that does not continue the channel's
						// last refused range opens a new one.
						let merges = channel
							.refused
							.last()
							.is_some_and(|range| range.last == cursor.last_nonce);
						ensure!(
							merges || !channel.refused.is_full(),
							Error::<T>::TooManyRefusedRanges
						);
					}
					xcmp_primitives::verify_refused_batch(self_id, &root, &cursor, &batch)
				} else {
					xcmp_primitives::verify_batch(self_id, &root, &cursor, &channel.limits, &batch)
				}
				.map_err(Self::verification_error)?;
				if !refused {
					footprint.messages =
						footprint.messages.saturating_add(batch.messages.len() as u32);
					footprint.bytes =
						footprint.bytes.saturating_add(u64::from(batch.entry.total_bytes));
				}
				moved.insert(sender, (next, refused));
				checked.push((batch, refused));
			}
			ensure!(
				InboundChannels::<T>::count().saturating_add(new_channels)
					<= T::MaxInboundChannels::get(),
				Error::<T>::TooManyInboundChannels
			);
			ensure!(
				footprint.messages <= T::MaxQueuedMessages::get()
					&& footprint.bytes <= T::MaxQueuedBytes::get(),
				Error::<T>::QueueFull
			);

			let mut destinations: BTreeSet<ParaId> = outbound_destinations.into_iter().collect();
			destinations.extend(T::PendingOutbound::pending_destinations());
			ensure!(
				destinations.len() <= T::MaxOutboundChannels::get() as usize,
				Error::<T>::TooManyOutboundChannels
			);
			let mut view = Vec::with_capacity(destinations.len());
			for destination in destinations {
				ensure!(destination != self_id, Error::<T>::OutboundToSelf);
				let state = proof.channel(self_id, destination).map_err(Self::relay_error)?;
				let blocked = proof.blocks(destination, self_id).map_err(Self::relay_error)?;
				view.push((destination, OutboundChannelView { state, blocked }));
			}

			let watermark = Self::next_watermark(&proof, parent.number, &moved)?;
			Ok(VerifiedInherent {
				relay_parent: parent.number,
				moved,
				batches: checked,
				view,
				watermark,
				footprint,
			})
		}

		/// The largest watermark the consumed batches allow, from the stored one (or from below
		/// this parachain's first inbound channel, if later), up to the relay parent and at most
		/// [`Config::MaxWatermarkAdvance`] further.
		fn next_watermark(
			proof: &xcmp_primitives::relay_state::RelayStateProof,
			relay_parent: RelayBlockNumber,
			moved: &BTreeMap<ParaId, (ChannelCursor, bool)>,
		) -> Result<RelayBlockNumber, DispatchError> {
			let self_id = T::SelfParaId::get();
			// Below this parachain's first inbound channel no digest can lie: from the stored
			// watermark, or from there if later. Unproven, the stored watermark is the start.
			let first_inbound_at = match proof.first_inbound_at(self_id) {
				Ok(at) => at,
				Err(RelayStateError::NotProven) => Some(0),
				Err(RelayStateError::Undecodable) => {
					return Err(Error::<T>::RelayRecordUndecodable.into())
				}
			};
			let old = digests_from(Watermark::<T>::get(), first_inbound_at, relay_parent);
			let limit = farthest_watermark(old, relay_parent, T::MaxWatermarkAdvance::get());
			let reached = |sender: &ParaId| match moved.get(sender) {
				Some((cursor, _)) => cursor.last_nonce,
				None => InboundChannels::<T>::get(sender)
					.map(|channel| channel.cursor.last_nonce)
					.unwrap_or_default(),
			};
			let mut watermark = old;
			for recorded_at in old.saturating_add(1)..=limit {
				let sent = match proof.digest(self_id, recorded_at) {
					Ok(sent) => sent,
					Err(RelayStateError::NotProven) => break,
					Err(RelayStateError::Undecodable) => {
						return Err(Error::<T>::RelayRecordUndecodable.into())
					}
				};
				if sent.iter().any(|(sender, last_nonce)| reached(sender) < *last_nonce) {
					break;
				}
				watermark = recorded_at;
			}
			Ok(watermark)
		}

		/// Writes what a verified inherent changes. Returns the number of queue pages written.
		fn apply_inherent(verified: VerifiedInherent) -> Result<u32, DispatchError> {
			let VerifiedInherent { relay_parent, moved, batches, view, watermark, footprint } =
				verified;
			let mut ready = ReadySenders::<T>::get();
			let mut pages = 0u32;
			for (batch, refused) in batches {
				let (sender, entry) = (batch.sender, batch.entry);
				let mut channel = InboundChannels::<T>::get(sender).unwrap_or_default();
				channel.cursor = entry.cursor_after();
				if refused {
					Self::deposit_event(Event::BatchRefused {
						sender,
						first_nonce: entry.first_nonce,
						last_nonce: entry.last_nonce,
						sent_at: entry.sent_at,
					});
				} else {
					pages =
						pages.saturating_add(Self::enqueue(sender, &mut channel, batch.messages)?);
					if channel.queued_pages() > 0 {
						if let Err(position) = ready.binary_search(&sender) {
							ready
								.try_insert(position, sender)
								.map_err(|_| Error::<T>::TooManyInboundChannels)?;
						}
					}
					Self::deposit_event(Event::BatchAccepted {
						sender,
						first_nonce: entry.first_nonce,
						last_nonce: entry.last_nonce,
						sent_at: entry.sent_at,
					});
				}
				InboundChannels::<T>::insert(sender, channel);
			}
			ReadySenders::<T>::put(ready);
			Footprint::<T>::put(footprint);

			let cursors: Vec<_> = moved
				.into_iter()
				.map(|(sender, (cursor, rejected))| xcmp_primitives::IngressCursor {
					sender,
					last_nonce: cursor.last_nonce,
					mqc_head: cursor.mqc_head,
					rejected,
				})
				.collect();
			let cursors =
				MovedCursors::try_from(cursors).map_err(|_| Error::<T>::TooManyBatches)?;
			MovedThisBlock::<T>::put(cursors);

			let mut destinations = Vec::with_capacity(view.len());
			for (destination, channel) in view {
				OutboundChannels::<T>::insert(destination, channel);
				destinations.push(destination);
			}
			let destinations = BoundedVec::try_from(destinations)
				.map_err(|_| Error::<T>::TooManyOutboundChannels)?;
			OutboundDestinations::<T>::put(destinations);
			CurrentRelayParent::<T>::put(relay_parent);
			LastRelayParent::<T>::put(relay_parent);

			let old = Watermark::<T>::get();
			if watermark > old {
				Watermark::<T>::put(watermark);
				Self::deposit_event(Event::WatermarkAdvanced { from: old, to: watermark });
			}
			Ok(pages)
		}

		/// Packs a verified batch's messages into queue pages after `channel`'s last one.
		/// Returns the number of pages written.
		pub(crate) fn enqueue(
			sender: ParaId,
			channel: &mut InboundChannel,
			messages: Vec<xcmp_primitives::Message>,
		) -> Result<u32, DispatchError> {
			let Some(first_nonce) = messages.first().map(|message| message.nonce) else {
				return Ok(0);
			};
			let mut pages = 0u32;
			let mut page = QueuePageOf::<T>::new(first_nonce);
			for message in messages {
				if page.try_push(&message.payload) {
					continue;
				}
				let full = core::mem::replace(&mut page, QueuePage::new(message.nonce));
				InboundQueue::<T>::insert(sender, channel.queue_tail, full);
				channel.queue_tail = channel.queue_tail.saturating_add(1);
				pages = pages.saturating_add(1);
				// Unreachable while `MaxPageBytes >= MIN_PAGE_BYTES` (`integrity_test`).
				ensure!(page.try_push(&message.payload), Error::<T>::MessageTooLarge);
			}
			InboundQueue::<T>::insert(sender, channel.queue_tail, page);
			channel.queue_tail = channel.queue_tail.saturating_add(1);
			Ok(pages.saturating_add(1))
		}

		/// Removes the previous block's relay view. Returns the number of channels it held.
		fn clear_relay_view() -> u32 {
			CurrentRelayParent::<T>::kill();
			let destinations = OutboundDestinations::<T>::take();
			for destination in destinations.iter() {
				OutboundChannels::<T>::remove(destination);
			}
			destinations.len() as u32
		}

		/// Services the inbound queue within `limit`. Returns the weight used.
		pub fn service_queue(limit: Weight) -> Weight {
			let mut meter = WeightMeter::with_limit(limit);
			let mut ready = ReadySenders::<T>::get();
			if ready.is_empty() || meter.try_consume(T::WeightInfo::service_queue_base()).is_err() {
				return meter.consumed();
			}
			let mut position = NextToService::<T>::get()
				.map(|next| ready.partition_point(|sender| *sender < next))
				.unwrap_or(0);
			let mut run = ServiceRun::<T>::default();
			// Senders that cannot progress in this run: the processor yielded, or their message
			// is permanently overweight with the overweight store full.
			let mut skipped = BTreeSet::new();
			while skipped.len() < ready.len() {
				if position >= ready.len() {
					position = 0;
				}
				let Some(sender) = ready.get(position).copied() else { break };
				if skipped.contains(&sender) {
					position = position.saturating_add(1);
					continue;
				}
				match Self::service_message(sender, &mut meter, &mut run) {
					ServiceOutcome::Progressed { drained: true } => {
						// `position` then points at the sender after it.
						ready.retain(|ready_sender| *ready_sender != sender);
					}
					ServiceOutcome::Progressed { drained: false } => {
						position = position.saturating_add(1);
					}
					ServiceOutcome::Skipped => {
						skipped.insert(sender);
						position = position.saturating_add(1);
					}
					ServiceOutcome::OutOfWeight => break,
				}
			}
			run.write_back();
			if position >= ready.len() {
				position = 0;
			}
			match ready.get(position) {
				Some(next) => NextToService::<T>::put(next),
				None => NextToService::<T>::kill(),
			}
			ReadySenders::<T>::put(ready);
			meter.consumed()
		}

		/// Hands `sender`'s oldest queued message to the processor, loading its head page into
		/// `run` first if it is not there yet.
		fn service_message(
			sender: ParaId,
			meter: &mut WeightMeter,
			run: &mut ServiceRun<T>,
		) -> ServiceOutcome {
			// A message may need setting aside, which the meter must still afford after it.
			let set_aside = T::WeightInfo::set_aside_overweight();
			let smallest = T::WeightInfo::service_message(0).saturating_add(set_aside);
			let load = T::WeightInfo::service_page(T::MaxPageBytes::get());
			let loaded = match run.senders.entry(sender) {
				btree_map::Entry::Occupied(entry) => entry.into_mut(),
				btree_map::Entry::Vacant(entry) => {
					if !meter.can_consume(load.saturating_add(smallest)) {
						return ServiceOutcome::OutOfWeight;
					}
					let Some(channel) = InboundChannels::<T>::get(sender) else {
						return ServiceOutcome::Progressed { drained: true };
					};
					entry.insert(LoadedSender { channel, page: None, changed: false })
				}
			};
			if loaded.page.is_none() {
				if loaded.channel.queued_pages() == 0 {
					return ServiceOutcome::Progressed { drained: true };
				}
				if !meter.can_consume(load.saturating_add(smallest)) {
					return ServiceOutcome::OutOfWeight;
				}
				let position = loaded.channel.queue_head;
				match InboundQueue::<T>::get(sender, position) {
					Some(page) => {
						meter.consume(T::WeightInfo::service_page(page.heap.len() as u32));
						loaded.page = Some(page);
					}
					None => {
						let read = Self::drop_unreadable_page(sender, loaded, &mut run.serviced);
						// Charged by what was read, which may exceed the page bound it was
						// checked against: the meter takes what it has left.
						let cost = T::WeightInfo::service_page(read as u32).max(load);
						meter.consume(cost.min(meter.remaining()));
						return ServiceOutcome::Progressed {
							drained: loaded.channel.queued_pages() == 0,
						};
					}
				}
			}
			let Some(page) = loaded.page.as_mut() else {
				return ServiceOutcome::Progressed { drained: true };
			};
			let nonce = page.next_nonce;
			let Some((payload, encoded_len)) = page.peek() else {
				Self::drop_unreadable_page(sender, loaded, &mut run.serviced);
				return ServiceOutcome::Progressed { drained: loaded.channel.queued_pages() == 0 };
			};
			let service = T::WeightInfo::service_message(payload.len() as u32);
			if !meter.can_consume(service.saturating_add(set_aside)) {
				return ServiceOutcome::OutOfWeight;
			}
			meter.consume(service);
			let mut id = Hashing::hash(payload).to_fixed_bytes();
			let mut processing = WeightMeter::with_limit(meter.remaining());
			let result = T::MessageProcessor::process_message(
				payload,
				T::SenderOrigin::convert(sender),
				&mut processing,
				&mut id,
			);
			meter.consume(processing.consumed());
			match result {
				Ok(success) => Self::deposit_event(Event::Processed {
					sender,
					nonce,
					id: H256(id),
					success,
					weight_used: processing.consumed(),
				}),
				Err(ProcessMessageError::Overweight(required)) => {
					if !required.any_gt(Self::message_budget()) {
						return ServiceOutcome::OutOfWeight;
					}
					// Charged before the store's count is read, whether or not it has room.
					if meter.try_consume(set_aside).is_err() {
						return ServiceOutcome::OutOfWeight;
					}
					if OverweightMessages::<T>::count() >= T::MaxOverweightMessages::get() {
						return ServiceOutcome::Skipped;
					}
					let index = NextOverweightIndex::<T>::get();
					// Never truncates: queued payloads passed their channel's size check.
					let payload = Payload::truncate_from(payload.to_vec());
					NextOverweightIndex::<T>::put(index.saturating_add(1));
					OverweightMessages::<T>::insert(
						index,
						OverweightMessage { sender, nonce, payload },
					);
					Self::deposit_event(Event::OverweightEnqueued {
						sender,
						nonce,
						index,
						required,
					});
				}
				Err(ProcessMessageError::Yield) => return ServiceOutcome::Skipped,
				Err(error) => Self::deposit_event(Event::ProcessingFailed {
					sender,
					nonce,
					id: H256(id),
					error,
				}),
			}
			let payload_len = payload.len() as u64;
			page.advance(encoded_len);
			run.serviced.messages = run.serviced.messages.saturating_add(1);
			run.serviced.bytes = run.serviced.bytes.saturating_add(payload_len);
			loaded.changed = true;
			if page.remaining == 0 {
				InboundQueue::<T>::remove(sender, loaded.channel.queue_head);
				loaded.channel.queue_head = loaded.channel.queue_head.saturating_add(1);
				loaded.page = None;
			}
			ServiceOutcome::Progressed {
				drained: loaded.page.is_none() && loaded.channel.queued_pages() == 0,
			}
		}

		/// Drops `sender`'s head page, which is missing or does not decode (a runtime that
		/// lowered [`Config::MaxPageBytes`] below a stored page, or corrupt storage), so that
		/// its channel goes on with the next page; its messages are lost, and logged.
		/// Returns the bytes read from storage.
		fn drop_unreadable_page(
			sender: ParaId,
			loaded: &mut LoadedSender<T>,
			serviced: &mut QueueFootprint,
		) -> usize {
			let position = loaded.channel.queue_head;
			let key = InboundQueue::<T>::hashed_key_for(sender, position);
			let mut read = 0;
			// What the page holds unserved: from the loaded page if it decoded, else read
			// without its bound; if only its header reads, its message count.
			let (remaining, bytes) = match &loaded.page {
				Some(page) => {
					(page.remaining, unserved_bytes(&page.heap, page.offset, page.remaining))
				}
				None => {
					let raw = frame_support::storage::unhashed::get_raw(&key).unwrap_or_default();
					read = raw.len();
					match <(Nonce, u32, u32, Vec<u8>)>::decode(&mut &raw[..]) {
						Ok((_, remaining, offset, heap)) => {
							(remaining, unserved_bytes(&heap, offset, remaining))
						}
						Err(_) => (<(Nonce, u32)>::decode(&mut &raw[..]).map_or(0, |(_, r)| r), 0),
					}
				}
			};
			log::error!(
				target: LOG_TARGET,
				"dropping unreadable queue page {position} of {sender:?}: {remaining} messages lost"
			);
			serviced.messages = serviced.messages.saturating_add(remaining);
			serviced.bytes = serviced.bytes.saturating_add(bytes);
			InboundQueue::<T>::remove(sender, position);
			loaded.channel.queue_head = position.saturating_add(1);
			loaded.page = None;
			loaded.changed = true;
			read
		}

		/// The most weight a message's processing can ever get: a whole service budget but for
		/// loading its page, servicing it and the room kept for setting it aside.
		pub fn message_budget() -> Weight {
			T::ServiceWeight::get()
				.saturating_sub(T::WeightInfo::service_queue_base())
				.saturating_sub(T::WeightInfo::service_page(T::MaxPageBytes::get()))
				.saturating_sub(T::WeightInfo::service_message(MAX_MESSAGE_SIZE))
				.saturating_sub(T::WeightInfo::set_aside_overweight())
		}

		/// Processes the overweight message at `index` within `weight_limit`. Returns the weight
		/// the processor used.
		pub fn do_execute_overweight(
			index: u64,
			weight_limit: Weight,
		) -> Result<Weight, DispatchError> {
			let message =
				OverweightMessages::<T>::get(index).ok_or(Error::<T>::NoSuchOverweight)?;
			let mut id = Hashing::hash(&message.payload).to_fixed_bytes();
			let mut meter = WeightMeter::with_limit(weight_limit);
			let result = T::MessageProcessor::process_message(
				&message.payload,
				T::SenderOrigin::convert(message.sender),
				&mut meter,
				&mut id,
			);
			let (sender, nonce) = (message.sender, message.nonce);
			match result {
				Ok(success) => Self::deposit_event(Event::Processed {
					sender,
					nonce,
					id: H256(id),
					success,
					weight_used: meter.consumed(),
				}),
				Err(ProcessMessageError::Overweight(_)) => {
					return Err(Error::<T>::InsufficientWeight.into())
				}
				Err(ProcessMessageError::Yield) => return Err(Error::<T>::ProcessorYielded.into()),
				Err(error) => Self::deposit_event(Event::ProcessingFailed {
					sender,
					nonce,
					id: H256(id),
					error,
				}),
			}
			OverweightMessages::<T>::remove(index);
			Ok(meter.consumed())
		}

		/// Blocks `sender` from the next block on and records the change for this block's
		/// commitment.
		pub fn do_block_sender(sender: ParaId) -> DispatchResult {
			ensure!(sender != T::SelfParaId::get(), Error::<T>::CannotBlockSelf);
			let mut blocked = BlockedSenders::<T>::get();
			let position = match blocked.binary_search(&sender) {
				Ok(_) => return Err(Error::<T>::AlreadyBlocked.into()),
				Err(position) => position,
			};
			blocked.try_insert(position, sender).map_err(|_| Error::<T>::TooManyBlockedSenders)?;
			Self::record_block_list_change(BlockListChange::Blocked(sender))?;
			BlockedSenders::<T>::put(blocked);
			Self::deposit_event(Event::SenderBlocked { sender });
			Ok(())
		}

		/// Unblocks `sender` from the next block on and records the change for this block's
		/// commitment.
		pub fn do_unblock_sender(sender: ParaId) -> DispatchResult {
			let mut blocked = BlockedSenders::<T>::get();
			let position = blocked.binary_search(&sender).map_err(|_| Error::<T>::NotBlocked)?;
			blocked.remove(position);
			Self::record_block_list_change(BlockListChange::Unblocked(sender))?;
			BlockedSenders::<T>::put(blocked);
			Self::deposit_event(Event::SenderUnblocked { sender });
			Ok(())
		}

		fn record_block_list_change(change: BlockListChange) -> DispatchResult {
			PendingBlockListChanges::<T>::try_mutate(|changes| {
				changes.try_push(change).map_err(|_| Error::<T>::TooManyBlockListChanges.into())
			})
		}

		/// Builds the block's ingress commitment, stores it and deposits its root in the header.
		fn commit() {
			let cursors = MovedThisBlock::<T>::take();
			let changes = PendingBlockListChanges::<T>::take();
			let watermark = Watermark::<T>::get();
			match IngressCommitment::new(cursors.into_inner(), watermark, changes) {
				Ok(commitment) => {
					let digest =
						xcmp_primitives::XcmpDigestItem::IngressRoot(commitment.ingress_root);
					frame_system::Pallet::<T>::deposit_log(digest.to_digest_item());
					Commitment::<T>::put(commitment);
				}
				// Unreachable: the stored cursors are bounded and strictly sorted.
				Err(error) => {
					log::error!(target: LOG_TARGET, "no commitment: {error:?}");
					Commitment::<T>::kill();
				}
			}
		}

		fn relay_error(error: RelayStateError) -> DispatchError {
			match error {
				RelayStateError::NotProven => Error::<T>::RelayRecordNotProven.into(),
				RelayStateError::Undecodable => Error::<T>::RelayRecordUndecodable.into(),
			}
		}

		fn verification_error(error: VerificationError) -> DispatchError {
			use VerificationError as V;
			let error = match error {
				V::EmptyBatch => Error::<T>::EmptyBatch,
				V::MalformedEntry { .. } => Error::<T>::MalformedEntry,
				V::Replay { .. } => Error::<T>::Replay,
				V::Gap { .. } => Error::<T>::Gap,
				V::CountMismatch { .. } => Error::<T>::CountMismatch,
				V::BatchOverCapacity { .. } => Error::<T>::BatchOverCapacity,
				V::BatchOverSize { .. } => Error::<T>::BatchOverSize,
				V::WrongSender { .. } => Error::<T>::WrongSender,
				V::WrongDestination { .. } => Error::<T>::WrongDestination,
				V::NonceOutOfOrder { .. } => Error::<T>::NonceOutOfOrder,
				V::SentAtMismatch { .. } => Error::<T>::SentAtMismatch,
				V::MessageTooLarge { .. } => Error::<T>::MessageTooLarge,
				V::TotalBytesMismatch => Error::<T>::TotalBytesMismatch,
				V::BatchRootMismatch => Error::<T>::BatchRootMismatch,
				V::MqcHeadMismatch => Error::<T>::MqcHeadMismatch,
				V::InvalidEntryProof(_) => Error::<T>::InvalidEntryProof,
				V::InvalidMessageProof(_)
				| V::EntriesNotSorted { .. }
				| V::DuplicateDestination { .. }
				| V::CursorsNotSorted { .. }
				| V::DuplicateSender { .. }
				| V::TooManyEntries
				| V::EgressRootMismatch
				| V::IngressRootMismatch => Error::<T>::InvalidBatch,
			};
			error.into()
		}

		/// Checks the pallet's invariants.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut footprint = QueueFootprint::default();
			let mut pages = 0u64;
			let ready = ReadySenders::<T>::get();
			ensure!(
				ready.windows(2).all(|pair| pair.first() < pair.get(1)),
				"ready senders not strictly sorted"
			);
			let mut channels = 0u32;
			for (sender, channel) in InboundChannels::<T>::iter() {
				channels = channels.saturating_add(1);
				ensure!(channel.queue_head <= channel.queue_tail, "queue head past its tail");
				ensure!(
					ready.binary_search(&sender).is_ok() == (channel.queued_pages() > 0),
					"a sender is ready without queued messages, or queued without being ready"
				);
				let mut previous: Option<Nonce> = None;
				for position in channel.queue_head..channel.queue_tail {
					let mut page = InboundQueue::<T>::get(sender, position)
						.ok_or("a queue position between head and tail is empty")?;
					ensure!(page.remaining > 0, "an empty queue page is kept");
					ensure!(
						previous.is_none_or(|previous| page.next_nonce > previous),
						"queued nonces not increasing"
					);
					while let Some((payload, encoded_len)) = page.peek() {
						footprint.messages = footprint.messages.saturating_add(1);
						footprint.bytes = footprint.bytes.saturating_add(payload.len() as u64);
						previous = Some(page.next_nonce);
						page.advance(encoded_len);
					}
					ensure!(page.remaining == 0, "a queue page holds fewer messages than it says");
					ensure!(
						page.offset as usize == page.heap.len(),
						"a queue page holds more messages than it says"
					);
				}
				ensure!(
					previous.is_none_or(|last| last <= channel.cursor.last_nonce),
					"a queued message is past its channel's cursor"
				);
				pages = pages.saturating_add(channel.queued_pages());
			}
			ensure!(channels == InboundChannels::<T>::count(), "inbound channel count is off");
			ensure!(channels <= T::MaxInboundChannels::get(), "too many inbound channels");
			ensure!(
				InboundQueue::<T>::iter_keys().count() as u64 == pages,
				"pages queued outside their channel's positions"
			);
			ensure!(Footprint::<T>::get() == footprint, "queue footprint is off");
			ensure!(
				footprint.messages <= T::MaxQueuedMessages::get()
					&& footprint.bytes <= T::MaxQueuedBytes::get(),
				"queue over its bounds"
			);
			ensure!(
				OverweightMessages::<T>::count() <= T::MaxOverweightMessages::get(),
				"too many overweight messages"
			);
			ensure!(
				OverweightMessages::<T>::iter_keys().all(|i| i < NextOverweightIndex::<T>::get()),
				"an overweight index not yet handed out"
			);
			let watermark = Watermark::<T>::get();
			ensure!(
				watermark <= LastRelayParent::<T>::get().unwrap_or_default(),
				"watermark ahead of the last relay parent"
			);
			ensure!(
				Commitment::<T>::get().is_none_or(|commitment| commitment.watermark <= watermark),
				"watermark behind the last committed one"
			);
			let blocked = BlockedSenders::<T>::get();
			ensure!(
				blocked.windows(2).all(|pair| pair.first() < pair.get(1)),
				"blocked senders not strictly sorted"
			);
			ensure!(!blocked.contains(&T::SelfParaId::get()), "this parachain blocks itself");
			let destinations = OutboundDestinations::<T>::get();
			ensure!(
				destinations.windows(2).all(|pair| pair.first() < pair.get(1)),
				"relay view destinations not strictly sorted"
			);
			ensure!(
				destinations.iter().all(OutboundChannels::<T>::contains_key),
				"a relay view destination without its channel view"
			);
			ensure!(
				OutboundChannels::<T>::iter_keys().count() == destinations.len(),
				"a channel view outside this block's relay view"
			);
			ensure!(
				CurrentRelayParent::<T>::get().is_some() || destinations.is_empty(),
				"a relay view without its block's relay parent"
			);
			let moved = MovedThisBlock::<T>::get();
			ensure!(
				moved.windows(2).all(|pair| match pair {
					[a, b] => a.sender < b.sender,
					_ => true,
				}),
				"moved cursors not strictly sorted"
			);
			for cursor in moved.iter() {
				let channel = InboundChannels::<T>::get(cursor.sender)
					.ok_or("a moved cursor without its channel")?;
				ensure!(
					channel.cursor == cursor.cursor(),
					"a moved cursor differs from its channel"
				);
			}
			Ok(())
		}
	}
}

impl<T: Config> xcmp_primitives::relay_state::OutboundRelayView for Pallet<T> {
	fn relay_parent_number() -> Option<RelayBlockNumber> {
		CurrentRelayParent::<T>::get()
	}

	fn outbound_channel(destination: ParaId) -> Option<OutboundChannelView> {
		CurrentRelayParent::<T>::get()?;
		OutboundChannels::<T>::get(destination)
	}
}
