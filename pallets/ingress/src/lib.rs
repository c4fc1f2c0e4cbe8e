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
//! relay parent (from [`Config::RelayParent`]; empty when the block carries one already in
//! another inherent, as a cumulus block does in parachain-system's validation data, which
//! `RelayParentProvider::carried_relay_state_proof` hands over), the outbound channels the
//! egress pallet wants to know about, and whole [`RoutedBatch`]es. A runtime sets
//! [`EnsureInherentApplied`] as its `PostInherents`, so that a block without it is invalid,
//! also where inherents are not checked (`validate_block`). Before anything is stored or dispatched the inherent
//! is checked in full, and any failure rejects the whole inherent (a mandatory inherent that
//! fails makes the block invalid, so a block built from a bad inherent cannot be imported):
//!
//! 1. its encoded size is within [`Config::MaxInherentSize`], it carries at most
//!    [`Config::MaxBatchesPerInherent`] batches;
//! 2. for each batch: the sender is another parachain with a channel to this one, proven in the
//!    relay state, whose egress root at the batch's `sent_at` is proven too; the batch then
//!    passes [`xcmp_primitives::verify_batch`] from this pallet's cursor for that sender (batches
//!    of one sender chain their cursors), or, when this parachain blocks the sender (by its own
//!    block list as its parent block left it, [`Pallet::refused_senders`], which the relay's
//!    follows once the parent is included), or when the batch expired at the block's relay
//!    parent, [`xcmp_primitives::verify_refused_batch`]: such a batch is consumed by refusal
//!    and its messages are never dispatched (`docs/PROTOCOL.md`, "Block lists and refusals" and
//!    "Deadlines and timeouts"); the rule is [`xcmp_primitives::consume_batch`]; a sender's batches are consumed alike, and a refusal opens no
//!    refused range past the relay's bound, counting those this chain's blocks not included at
//!    the relay parent refused ([`RecentRefusals`]), by
//!    [`xcmp_primitives::receiver::check_sender_move`];
//! 3. the accepted messages fit the inbound queue ([`Config::MaxQueuedMessages`],
//!    [`Config::MaxQueuedBytes`]), each sender's fit its share of it
//!    ([`Config::MaxQueuedMessagesPerSender`], [`Config::MaxQueuedBytesPerSender`]), and new
//!    senders fit [`Config::MaxInboundChannels`];
//! 4. every outbound destination named by the inherent or with messages pending in the egress
//!    pallet ([`Config::PendingOutbound`]) has its channel record and block flag proven
//!    (`docs/PROTOCOL.md`, "Relay view").
//!
//! Then cursors move at once (the commitment says the batches were consumed), accepted messages
//! enter the bounded inbound queue, the watermark advances
//! ([`xcmp_primitives::receiver::walk_digests`]) and the queue is serviced. Each
//! verification failure is its own [`Error`] variant.
//!
//! The queue is paged, as `pallet-message-queue`'s is: each accepted batch is packed, in nonce
//! order, into [`QueuePage`]s of at most [`Config::MaxPageBytes`], one storage item each, after
//! its sender's last page. A batch of a thousand small messages is one or two writes, not a
//! thousand; the service reads each page it serves from once per block, serves from it in memory,
//! and removes it once served to its end or writes it back when the block's service ends. The
//! service is charged per run ([`WeightModel::service_queue_base`]), per page loaded (its bytes as
//! proof size) and per message (by its payload bytes), and each message keeps room for being
//! parked.
//!
//! The queue is serviced at the end of [`Pallet::receive`], within [`Config::ServiceWeight`]:
//! round robin over the senders with queued messages, one message per sender per turn, each
//! sender's messages in nonce order, resuming with the sender after the last one served in the
//! previous block. Messages that do not fit the block's budget wait for the next blocks; none is
//! lost. A message that needs more than what is left of this block's budget, but no more than a
//! whole budget, ends the block's service; the next block resumes with its sender. A message the
//! processor yields on waits, its sender skipped for the rest of the block's service.
//!
//! The queue is bounded per sender as well as in all: a sender's queued messages and bytes are
//! counted in its [`InboundChannel`], and its batches are taken only while they fit its share
//! ([`Error::SenderQueueFull`] otherwise). A sender whose head message cannot progress (the
//! processor yields on it, it needs parking while the sender has its most parked, or its head
//! page is unreadable) still has its later batches consumed while its share has room, since the
//! watermark needs them; with one bound for all it could then fill the whole queue, and every
//! inherent carrying any accepted batch would fail ([`Error::QueueFull`]) whoever sent it. With
//! a share, it fills its own: its further batches wait with its sender (held by its egress
//! pallet, and the watermark waits for them) while the others' are taken. [`Pallet::check_config`]
//! requires a full share to leave room in the queue for any batch of another sender. Since the
//! inherent is all or nothing, an honest collator takes only batches that fit what the queue and
//! each sender's share can still take ([`Pallet::queue_room`], [`Pallet::sender_queue_room`]; a
//! refused batch carries no message and takes none), so that a full queue or share never stops
//! the chain: the block is built with fewer batches, or none.
//!
//! A sender's head page that the service cannot read (larger than a page of
//! [`Config::MaxPageBytes`] may be, after a runtime upgrade lowered it below a stored page, or
//! corrupt storage) is kept where it is, with its messages, still counted in the queue's
//! [`Footprint`]: its sender is skipped, the others served, and the channel is reported stalled
//! once ([`Event::ChannelStalled`], the page's length kept in its [`InboundChannel`]). The
//! service reads the page again only once a page of that length can fit the bound (after an
//! upgrade that raised it back, say), so that trying costs no more than a page's load; until
//! then a block charges the sender's channel read only. A page that fits the bound but does not
//! decode is tried in each block, at its own length. Once it reads, the channel resumes
//! ([`Event::ChannelResumed`]) in nonce order. A page's length is read before its bytes, so that
//! an oversized value is never copied into the runtime's memory; the one read that finds a page
//! oversized is charged by its length (the block's proof holds it whole), up to what is left of
//! the block's budget.
//!
//! A message the processor fails (any error but a yield or a lack of weight), and one that needs
//! more than a block's budget could ever give ([`Pallet::message_budget`]), is *parked*
//! ([`Event::MessageParked`]): it leaves the queue for [`ParkedMessages`], under its sender and
//! nonce with the reason ([`ParkReason`]), and its channel goes on. Its sender was told it was
//! delivered when its batch was consumed, so it is kept, not dropped, as `pallet-message-queue`
//! keeps a permanently overweight message in its page: [`Config::ControlOrigin`] hands it to the
//! processor again ([`Pallet::execute_parked`]; it stays parked if the processor fails it again)
//! or discards it ([`Pallet::discard_parked`], [`Event::ParkedMessageDiscarded`]). The store is
//! bounded per sender ([`Config::MaxParkedPerSender`], counted in its [`InboundChannel`]), not
//! as a whole: any sender can send messages that fail at will, and with one bound for all it
//! could fill the store and stop every other channel whose next message needs parking; with a
//! bound per sender it fills only its own share. A sender with its most parked keeps its next
//! message that needs parking at the head of its queue (the sender is skipped, the others
//! served) until governance executes or discards one of its parked messages: that message
//! waits, rather than being dropped. Each message is processed in a storage layer of its own,
//! rolled back when the processor returns an error (as `pallet-message-queue` does), so that a
//! message handed to the processor again leaves nothing of an earlier attempt behind.
//!
//! Cursors are this pallet's own: a batch is verified from the cursor this pallet reached, not
//! the one the relay recorded (which lags by the blocks not yet included). Queued nonces of a
//! sender are strictly increasing and at most its cursor; they have holes where batches were
//! refused.
//!
//! The watermark is the largest relay block `W`, not behind the stored one and at most the relay
//! parent, such that every batch the relay's digests record for this parachain in relay blocks up
//! to `W` has been consumed. The relay keeps a digest only while a batch in it is not consumed,
//! linked oldest first, so the pallet walks them from the oldest (the proof shows the list's
//! ends), passing each whose entries its cursors reach, at most [`Config::MaxWatermarkAdvance`]
//! of them however many relay blocks lie between: `W` is just below the first it cannot pass, or
//! the relay parent past the last. A digest the proof does not cover stops the walk there, and
//! without the list's ends proven the watermark stays, so the collator controls the step by what
//! it proves.
//!
//! In `on_finalize` the block's moved cursors (sorted by sender, with their `rejected` flags), the
//! watermark and the block-list changes become the block's ingress commitment, kept in
//! [`Commitment`] for the collator. Its hash with the batches the block consumed
//! (`xcmp_primitives::ingress_commitment_hash`) is deposited as an
//! `XcmpDigestItem::IngressCommitmentHash` header digest, so that the head commits to all of
//! it. A block that moved no cursor still commits its watermark.
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
//! - **Parked message**: one the service took out of the queue unprocessed, because the
//!   processor failed it or it is permanently overweight, kept in [`ParkedMessages`] for
//!   governance to execute or discard.
//!
//! ## Properties
//!
//! - Nothing is stored or dispatched from an inherent that fails any check.
//! - A cursor only moves by a verified batch, so each message is queued at most once and in
//!   channel order; each queued message is handed to the processor in nonce order per sender
//!   until it is processed (once) or parked. A message the processor yields on, or whose page
//!   cannot be read, waits, and is handed to it later.
//! - Nothing consumed is dropped unless governance discards it: a message leaves the queue only
//!   processed or parked, and a parked message leaves [`ParkedMessages`] only processed
//!   ([`Pallet::execute_parked`]) or discarded ([`Pallet::discard_parked`]).
//! - One sender cannot stop another's channel by the messages it sends: the service serves
//!   senders round robin, a sender whose message waits is skipped while the others are served,
//!   and parking and queueing are bounded per sender, a full share leaving room for any batch
//!   of another sender.
//! - The block's commitment is one the relay validators' check (`xcmp_verifier`) accepts for the
//!   batches of the inherent.
//! - Every storage item is bounded by a [`Config`] constant or a protocol ceiling of
//!   [`xcmp_primitives::limits`]. No function panics on any input.
//! - Block-list changes ([`Pallet::block_sender`], [`Pallet::unblock_sender`]) take effect from
//!   the next block (`docs/PROTOCOL.md`, "Block lists and refusals"): within a block the relay
//!   view's block list decides.
//!
//! ## Code layout
//!
//! `mod pallet` in this file declares the configuration, storage, events, errors, calls, hooks
//! and the inherent; the logic sits in `impl<T: Config> Pallet<T>` blocks, one module per job:
//! `inherent` (the inherent's data and every check of it, the watermark), `relay_view` (the
//! outbound view kept for the egress pallet), `queue` (the paged inbound queue), `service` (the
//! queue's service and the store of parked messages), `block_list` (the block list and the block's
//! commitment), `integrity` ([`Pallet::check_config`]) and `try_state`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod block_list;
mod inherent;
mod integrity;
mod queue;
mod relay_view;
mod service;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weight_model;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use inherent::{
	EnsureInherentApplied, IngressInherentData, InherentError, WatermarkWalk, INHERENT_IDENTIFIER,
};
pub use pallet::*;
pub use queue::{
	encoded_payload_len, pages_needed, InboundChannel, ParkReason, ParkedMessage, QueueFootprint,
	QueuePage, QueuePageOf, MIN_PAGE_BYTES,
};
pub use weight_model::WeightModel;
pub use weights::WeightInfo;
pub use xcmp_primitives as primitives;

use alloc::vec::Vec;
use frame_support::traits::{ProcessMessage, ProcessMessageError};
use xcmp_primitives::{
	outcome::{OutcomeError, SenderOutcomes},
	relay_state::RefusedRange,
	Nonce, ParaId, RelayBlockNumber,
};

sp_api::decl_runtime_apis! {
	/// What a collator asks of the receiver's runtime to choose the batches of its next block
	/// (`docs/PROTOCOL.md`, "Collators"): where each inbound channel stands, which batches the
	/// block would refuse, and what its inbound queue can still take.
	pub trait XcmpIngressApi {
		/// Each inbound channel's cursor, by sender ([`Pallet::cursors`]): the last nonce consumed,
		/// after which to poll the sender's collator. A sender not listed has consumed nothing
		/// (poll after 0).
		fn cursors() -> Vec<(ParaId, Nonce)>;
		/// The relay block the watermark has reached: every digest up to it is passed
		/// ([`Pallet::watermark`]).
		fn watermark() -> RelayBlockNumber;
		/// The senders the next block refuses ([`Pallet::refused_senders`]), and per sender the
		/// ranges of its nonces this chain's recent blocks refused ([`Pallet::recent_refusals`]).
		fn refusals() -> (Vec<ParaId>, Vec<(ParaId, Vec<RefusedRange>)>);
		/// What the inbound queue can still take in all ([`Pallet::queue_room`]), and from each of
		/// `senders` ([`Pallet::sender_queue_room`]).
		fn queue_room(senders: Vec<ParaId>) -> (QueueFootprint, Vec<(ParaId, QueueFootprint)>);
	}
}

/// The target of this pallet's log lines.
const LOG_TARGET: &str = "runtime::xcmp-ingress";

/// The origin of a message from a sender, as the runtime's message processor knows it.
pub type MessageOriginOf<T> = <<T as Config>::MessageProcessor as ProcessMessage>::Origin;

/// A message processor that says why a message failed: the error goes into the message's
/// outcome, which its sender learns ([`xcmp_primitives::outcome`]). `ProcessMessage` reports
/// only whether a message succeeded; [`WithoutFailureReasons`] adapts any processor that gives
/// no more, and `xcmp-xcm-router`'s `ProcessXcm` reports XCM's instruction errors.
pub trait ProcessMessageWithOutcome: ProcessMessage {
	/// As [`ProcessMessage::process_message`], but for a message that ran and failed,
	/// `Ok(Err(error))` with the processor's error instead of `Ok(false)`.
	fn process_message_with_outcome(
		message: &[u8],
		origin: Self::Origin,
		meter: &mut frame_support::weights::WeightMeter,
		id: &mut [u8; 32],
	) -> Result<Result<(), OutcomeError>, ProcessMessageError>;
}

/// Any message processor, whose failed messages are reported without a reason.
pub struct WithoutFailureReasons<P>(core::marker::PhantomData<P>);

impl<P: ProcessMessage> ProcessMessage for WithoutFailureReasons<P> {
	type Origin = P::Origin;

	fn process_message(
		message: &[u8],
		origin: Self::Origin,
		meter: &mut frame_support::weights::WeightMeter,
		id: &mut [u8; 32],
	) -> Result<bool, ProcessMessageError> {
		P::process_message(message, origin, meter, id)
	}
}

impl<P: ProcessMessage> ProcessMessageWithOutcome for WithoutFailureReasons<P> {
	fn process_message_with_outcome(
		message: &[u8],
		origin: Self::Origin,
		meter: &mut frame_support::weights::WeightMeter,
		id: &mut [u8; 32],
	) -> Result<Result<(), OutcomeError>, ProcessMessageError> {
		P::process_message(message, origin, meter, id).map(|success| {
			if success {
				Ok(())
			} else {
				Err(OutcomeError::default())
			}
		})
	}
}

/// Benchmarking support the runtime provides.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes [`Config::RelayParent`] return `parent` for the rest of the benchmark.
	fn set_relay_parent(parent: xcmp_primitives::relay_state::RelayParent);

	/// A message of about `len` payload bytes that [`Config::MessageProcessor`] takes without
	/// an error that parks it, for the benchmarks that service messages. By default `len`
	/// bytes, for a processor that takes any.
	fn processable_message(len: usize) -> Vec<u8> {
		alloc::vec![7u8; len]
	}
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
		limits::{MAX_MESSAGE_SIZE, MAX_REFUSED_RANGES},
		outcome::OutcomeSink,
		relay_state::{OutboundChannelView, PendingOutbound, RefusedRange, RelayParentProvider},
		BlockListChanges, ConsumedBatches, IngressCommitment, LimitBreach, MovedCursors, Nonce,
		RefusalReason, RelayBlockNumber, H256,
	};

	/// The storage layout this code reads and writes. It is the first release's; a change of
	/// layout bumps it and comes with a migration (`docs/PROTOCOL.md`, "Storage versions").
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
		/// enqueues them into `pallet-message-queue`), saying why a message failed
		/// ([`WithoutFailureReasons`] wraps a processor that cannot).
		type MessageProcessor: ProcessMessageWithOutcome;
		/// Turns a sender into the origin the message processor expects (with cumulus,
		/// `AggregateMessageOrigin::Sibling(sender)`).
		type SenderOrigin: Convert<ParaId, MessageOriginOf<Self>>;
		/// The origin that may block and unblock senders and execute or discard parked messages
		/// (governance).
		type ControlOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The destinations the egress pallet has messages pending to, whose relay records every
		/// block's relay view must cover.
		type PendingOutbound: PendingOutbound;
		/// Takes the outcomes of this parachain's messages that the inherent proves (the egress
		/// pallet).
		type OutcomeSink: OutcomeSink;
		/// Most batches one inherent may carry; at most the protocol's `MAX_BATCHES_PER_BLOCK`.
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
		type MaxRelayViewChannels: Get<u32>;
		/// Most messages the inbound queue may hold; at least the protocol's
		/// `MAX_CHANNEL_CAPACITY`, so that any batch fits an empty queue.
		#[pallet::constant]
		type MaxQueuedMessages: Get<u32>;
		/// Most payload bytes the inbound queue may hold; at least [`Config::MaxInherentSize`],
		/// so that any batch an inherent can carry fits an empty queue.
		#[pallet::constant]
		type MaxQueuedBytes: Get<u64>;
		/// Most messages of one sender the inbound queue may hold (counted in its
		/// [`InboundChannel`]); at least the protocol's `MAX_CHANNEL_CAPACITY`, so that any batch
		/// fits an empty share, and at most [`Config::MaxQueuedMessages`] less that, so that one
		/// sender's full share leaves room for a batch of any other. A sender whose head message
		/// cannot progress fills its own share only; its later batches then wait in its sender's
		/// hands ([`Error::SenderQueueFull`]) while the others' are taken. Setting
		/// [`Config::MaxQueuedMessages`] to at least [`Config::MaxInboundChannels`] times this
		/// makes every sender's share fit at once, so that no set of waiting senders can fill
		/// the queue either.
		#[pallet::constant]
		type MaxQueuedMessagesPerSender: Get<u32>;
		/// Most payload bytes of one sender the inbound queue may hold (counted in its
		/// [`InboundChannel`]); at least [`Config::MaxInherentSize`], so that any batch an
		/// inherent can carry fits an empty share, and at most [`Config::MaxQueuedBytes`] less
		/// that, so that one sender's full share leaves room for any batch of another (as
		/// [`Config::MaxQueuedMessagesPerSender`]).
		#[pallet::constant]
		type MaxQueuedBytesPerSender: Get<u64>;
		/// Bytes of one inbound queue page; at least [`MIN_PAGE_BYTES`], so that any message
		/// fits a page. A page is what the queue's service reads and writes at once: larger
		/// pages mean fewer storage items, smaller ones less proof per page read. It may grow in
		/// a runtime upgrade but should not shrink below the pages stored: a page that no longer
		/// decodes is kept, with its messages, and its sender's channel stalls
		/// ([`Event::ChannelStalled`]) until a runtime reads it again.
		#[pallet::constant]
		type MaxPageBytes: Get<u32>;
		/// Most messages of one sender kept in [`ParkedMessages`]. While a sender has this many,
		/// a message of its that needs parking stays at the head of its queue (the sender is
		/// skipped, the others served) until [`Config::ControlOrigin`] executes or discards one
		/// of them. The bound is per sender so that one sender's failing messages cannot stop
		/// another's channel; the store holds at most [`Config::MaxInboundChannels`] times as
		/// many messages in all.
		#[pallet::constant]
		type MaxParkedPerSender: Get<u32>;
		/// Most senders this parachain may block at once: at most the protocol's
		/// [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS), past which
		/// validators refuse the candidate (`integrity_test` checks it).
		#[pallet::constant]
		type MaxBlockedSenders: Get<u32>;
		/// Most of the relay's digests for this parachain the watermark passes in one block
		/// (digests read from the relay-state proof), however far apart, at most the protocol's
		/// [`MAX_WATERMARK_ADVANCE`](xcmp_primitives::limits::MAX_WATERMARK_ADVANCE).
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

	/// Messages the service parked (permanently overweight, or failed by the processor), by
	/// sender and nonce, for [`Pallet::execute_parked`] or [`Pallet::discard_parked`]; at most
	/// [`Config::MaxParkedPerSender`] of each sender, counted in its [`InboundChannel`].
	#[pallet::storage]
	pub type ParkedMessages<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, Nonce, ParkedMessage, OptionQuery>;

	/// Relay block up to which everything sent to this parachain has been consumed.
	#[pallet::storage]
	pub type Watermark<T: Config> = StorageValue<_, RelayBlockNumber, ValueQuery>;

	/// The relay parent of the last block that took an ingress inherent.
	#[pallet::storage]
	pub type LastRelayParent<T: Config> = StorageValue<_, RelayBlockNumber, OptionQuery>;

	/// This block's relay parent number, set by the inherent and cleared at the start of the
	/// next block. Whitelisted: every block clears and sets it, and [`Pallet::relay_parent_weight`]
	/// charges that once in `on_initialize`, so the senders and hooks that read it after the
	/// inherent are charged nothing for it.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type CurrentRelayParent<T: Config> = StorageValue<_, RelayBlockNumber, OptionQuery>;

	/// The destinations in this block's relay view, strictly sorted; cleared with the view.
	#[pallet::storage]
	pub type RelayViewDestinations<T: Config> =
		StorageValue<_, BoundedVec<ParaId, T::MaxRelayViewChannels>, ValueQuery>;

	/// This block's relay view of each outbound channel in [`RelayViewDestinations`].
	#[pallet::storage]
	pub type RelayViewChannels<T: Config> =
		StorageMap<_, Twox64Concat, ParaId, OutboundChannelView, OptionQuery>;

	/// Cursors this block moved, strictly sorted by sender; taken by the block's commitment.
	#[pallet::storage]
	pub type MovedThisBlock<T: Config> = StorageValue<_, MovedCursors, ValueQuery>;

	/// Batches this block consumed, accepted or refused, in the order it consumed them; taken by
	/// the block's commitment, whose hash the header carries.
	#[pallet::storage]
	pub type ConsumedThisBlock<T: Config> = StorageValue<_, ConsumedBatches, ValueQuery>;

	/// Senders this parachain blocks, strictly sorted.
	#[pallet::storage]
	pub type BlockedSenders<T: Config> =
		StorageValue<_, BoundedVec<ParaId, T::MaxBlockedSenders>, ValueQuery>;

	/// Per sender, the ranges of its nonces this chain's recent blocks refused, oldest first,
	/// contiguous refusals merged, each with the relay parent of the block that opened it: those
	/// not included yet at a later block's relay parent count toward the refused ranges the relay
	/// will hold when it includes that block (`docs/PROTOCOL.md`, "12. Block lists and
	/// refusals"). Written only by a block that refuses the sender's batches, which keeps only the
	/// parts its relay parent does not show included
	/// ([`xcmp_primitives::receiver::refusals_not_included`]).
	#[pallet::storage]
	pub type RecentRefusals<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ParaId,
		BoundedVec<RefusedRange, ConstU32<MAX_REFUSED_RANGES>>,
		ValueQuery,
	>;

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
		/// A batch was consumed by refusal: from a sender this parachain blocks, expired, or
		/// breaking its channel's limits ([`Event::SenderBrokeLimits`] comes first then). Its
		/// cursor moved, its messages are not dispatched, and its sender learns of the refusal
		/// from the relay.
		BatchRefused {
			/// The sender.
			sender: ParaId,
			/// First nonce of the batch.
			first_nonce: Nonce,
			/// Last nonce of the batch.
			last_nonce: Nonce,
			/// Relay parent of the sender block that committed it.
			sent_at: RelayBlockNumber,
			/// Why.
			reason: RefusalReason,
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
		/// A message was parked in [`ParkedMessages`] rather than processed: it needs more weight
		/// than a block's service can ever give, or the processor failed it. Its channel
		/// continues; [`Pallet::execute_parked`] hands it to the processor again.
		MessageParked {
			/// The sender.
			sender: ParaId,
			/// The message's nonce.
			nonce: Nonce,
			/// The message id.
			id: H256,
			/// Why it was parked.
			reason: ParkReason,
		},
		/// A sender's head queue page was found unreadable: larger than a page of
		/// [`Config::MaxPageBytes`] may be (a runtime that lowered it below a stored page), or
		/// corrupt. The page is kept where it is, with its messages, and the service skips the
		/// sender (serving the others) until the page reads again ([`Event::ChannelResumed`]).
		/// Deposited once, when the channel stalls.
		ChannelStalled {
			/// The sender.
			sender: ParaId,
			/// The page's position in the sender's queue.
			page: u64,
			/// The page's bytes in storage.
			len: u32,
		},
		/// A stalled channel's head queue page was read again: its sender is served again.
		ChannelResumed {
			/// The sender.
			sender: ParaId,
			/// The page's position in the sender's queue.
			page: u64,
		},
		/// A parked message was discarded by [`Pallet::discard_parked`], unprocessed.
		ParkedMessageDiscarded {
			/// The sender.
			sender: ParaId,
			/// The message's nonce.
			nonce: Nonce,
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
		/// A batch is its sender's as committed but breaks its channel's limits, which only a
		/// misbehaving sender runtime commits: it is consumed by refusal
		/// ([`Event::BatchRefused`] follows), so that the channel goes on without governance.
		SenderBrokeLimits {
			/// The sender.
			sender: ParaId,
			/// First nonce of the batch.
			first_nonce: Nonce,
			/// Last nonce of the batch.
			last_nonce: Nonce,
			/// How it breaks the limits.
			breach: LimitBreach,
		},
		/// The block committed to the outcomes of the messages its service processed or parked,
		/// with the root its header carries ([`xcmp_primitives::XcmpDigestItem::OutcomeRoot`]):
		/// what its collator proves to each sender once the block is included.
		OutcomesCommitted {
			/// The outcome root.
			root: H256,
			/// The outcomes, by sender (strictly sorted), each sender's in nonce order: the
			/// items of the outcome trie.
			outcomes: Vec<(ParaId, SenderOutcomes)>,
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
		/// The relay view would hold more channels than [`Config::MaxRelayViewChannels`].
		TooManyRelayViewChannels,
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
		/// relay holds (`MAX_REFUSED_RANGES`), counting the relay parent's and those this chain's
		/// blocks not included there refused ([`RecentRefusals`]).
		TooManyRefusedRanges,
		/// A new sender would exceed [`Config::MaxInboundChannels`].
		TooManyInboundChannels,
		/// The accepted messages do not fit the inbound queue: the collator must take fewer
		/// ([`Pallet::queue_room`]).
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
		/// A message's sender is not its batch's sender.
		WrongSender,
		/// A message is for another parachain.
		WrongDestination,
		/// A message's nonce is not its position in the batch (reordered, duplicated, skipped).
		NonceOutOfOrder,
		/// A message's `sent_at` differs from its batch's.
		SentAtMismatch,
		/// A message does not fit an empty queue page (`MaxPageBytes` below `MIN_PAGE_BYTES`,
		/// which `integrity_test` refuses).
		MessageTooLarge,
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
		/// No message of this sender and nonce is parked.
		NoSuchParkedMessage,
		/// The weight limit given is below what the message needs.
		InsufficientWeight,
		/// The message processor yielded without processing the message.
		ProcessorYielded,
		/// A batch from a sender this parachain blocks carries messages: nothing reads them, so
		/// the inherent must not carry them (the collator routes the entry and proof alone).
		RefusedBatchCarriesMessages,
		/// The message processor failed the parked message again; it stays parked.
		ProcessingFailed,
		/// A sender's accepted messages do not fit its share of the inbound queue
		/// ([`Config::MaxQueuedMessagesPerSender`], [`Config::MaxQueuedBytesPerSender`]): the
		/// collator must take fewer of its batches ([`Pallet::sender_queue_room`]).
		SenderQueueFull,
		/// The inherent consumes batches of one sender some accepted and some refused (one that
		/// breaks its channel's limits among accepted ones): one cursor per sender records
		/// whether its move was refused, so a block consumes all of a sender's batches alike.
		/// The collator leaves the rest for the next block.
		MixedConsumption,
		/// The outcome reports are not strictly sorted by receiver.
		OutcomeReportsUnsorted,
		/// An outcome report's newest header is not the receiver's head the relay holds at the
		/// relay parent (or the relay holds none).
		OutcomeHeadMismatch,
		/// An outcome report's header is not the parent of the header before it.
		OutcomeAncestryBroken,
		/// An outcome report's proof does not show its outcomes under its block's outcome root
		/// (a forged or altered outcome), or the block has none.
		InvalidOutcomeProof,
		/// An outcome report has no header or too many, or its blocks or nonces are out of
		/// order.
		MalformedOutcomeReport,
		/// An outcome report repeats an outcome already reported.
		OutcomeReplayed,
		/// An outcome report names a message the relay does not show its receiver consumed.
		OutcomeNotConsumed,
		/// The outcome reports carry more than `MAX_OUTCOMES_PER_INHERENT` outcomes.
		TooManyOutcomes,
		/// The relay-state proof is not a compact trie proof with the relay parent's state root:
		/// a node does not decode, its nodes rebuild another root, it ends before its trie does,
		/// or it carries nodes beyond its trie.
		MalformedRelayStateProof,
		/// The inherent carries a relay-state proof though the block carries one already in
		/// another inherent ([`RelayParentProvider::carried_relay_state_proof`]): the relay
		/// records are read from that one only.
		RelayStateProofNotExpected,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			let cleared = Self::clear_relay_view();
			T::WeightInfo::on_initialize(cleared)
				.saturating_add(T::WeightInfo::on_finalize(T::MaxBatchesPerInherent::get()))
				.saturating_add(Self::relay_parent_weight())
		}

		fn on_finalize(_: BlockNumberFor<T>) {
			Self::commit();
		}

		fn integrity_test() {
			if let Err(error) = Self::check_config() {
				panic!("pallet-xcmp-ingress: {error}");
			}
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

		/// Hands the message `sender` sent with `nonce`, parked in [`ParkedMessages`], to the
		/// message processor again with up to `weight_limit`. Once processed it leaves the store
		/// ([`Event::Processed`]); if the processor fails it again, yields or needs more weight,
		/// the call fails and the message stays parked.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::execute_parked(MAX_MESSAGE_SIZE).saturating_add(*weight_limit)
		)]
		pub fn execute_parked(
			origin: OriginFor<T>,
			sender: ParaId,
			nonce: Nonce,
			weight_limit: Weight,
		) -> DispatchResultWithPostInfo {
			T::ControlOrigin::ensure_origin(origin)?;
			let used = Self::do_execute_parked(sender, nonce, weight_limit)?;
			Ok(Some(used).into())
		}

		/// Discards the message `sender` sent with `nonce`, parked in [`ParkedMessages`],
		/// without processing it ([`Event::ParkedMessageDiscarded`]).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::discard_parked())]
		pub fn discard_parked(
			origin: OriginFor<T>,
			sender: ParaId,
			nonce: Nonce,
		) -> DispatchResult {
			T::ControlOrigin::ensure_origin(origin)?;
			Self::do_discard_parked(sender, nonce)
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
}
