//! # XCMP egress pallet
//!
//! The sender side of XCMP (`docs/PROTOCOL.md`, sections 1 to 4): queues the messages this
//! parachain sends, commits to them at the end of every block with one egress root, keeps them
//! until the relay chain shows them consumed, and serves them, whole batches with proofs, to the
//! collators of their receivers.
//!
//! ## Design
//!
//! Messages never leave this chain's state until their receiver has consumed them; the relay
//! chain only learns a 32-byte root per block. The life of a message:
//!
//! 1. **Queued.** [`Pallet::send`] (or [`XcmpSender::send`], for other pallets) checks the
//!    message against this block's relay view ([`Config::RelayView`]: the channel's limits, the
//!    receiver's cursor, whether the receiver blocks us) and appends it, under the channel's
//!    next nonce, to the page of the destination's next batch ([`BatchPages`]). Nothing is
//!    stored when a check fails.
//! 2. **Committed.** In `on_finalize` the messages queued for each destination become one batch:
//!    its [`EgressEntry`] continues the channel's MQC head, and the entries of all destinations
//!    form the block's egress trie. The root is stored ([`BlockEgressRoot`]) and deposited in the
//!    header digest as [`XcmpDigestItem::EgressRoot`]; the entries stay in [`CommittedBlocks`]
//!    so that a collator can prove any batch of the block later. Every message of a batch is
//!    stamped with `sent_at`, the relay parent of the committing block.
//! 3. **Served.** A receiver's collator asks, through the [`XcmpEgressApi`] runtime API, for the
//!    batches after its cursor, and gets each whole with a compact proof of its entry.
//! 4. **Pruned.** When the relay view shows the receiver's cursor at or past a message, the
//!    message is pruned, and its batch's page removed with the batch's last message: reported
//!    [`Event::MessagesDelivered`], or [`Event::MessagesRejected`] with
//!    [`RejectionReason::Refused`] (and [`Config::OnRejected`] called, the page read back once)
//!    if the relay says the receiver consumed it by refusal (it blocks us, or the batch
//!    expired). A batch given a
//!    deadline ([`Config::DeliveryTimeout`]) that its receiver has not consumed when the relay
//!    view shows it can no longer be ([`EgressEntry::reclaimable`]) is reclaimed: reported
//!    [`RejectionReason::TimedOut`] to the event and the hook at once, and pruned without
//!    another report once the receiver has refused it. Pruning takes at most
//!    [`Config::PruneWeight`] a block, destinations round robin from where the last block
//!    stopped, and resumes inside a batch; refusals the relay showed are kept
//!    ([`RefusedNonces`]) until their messages are pruned, since the relay shows each to one
//!    block only.
//!
//! Every block pays for the hooks' work it does. [`HooksBacklog`] counts what waits to commit
//! (messages, bytes, and what rejecting them would cost) and the committed messages held;
//! `on_initialize` charges committing or rejecting what earlier blocks left waiting, and a
//! pruning allowance: [`Config::PruneWeight`], or less when fewer messages are held, which the
//! pruning in `on_finalize` does not exceed (as `pallet-message-queue` services its queues within
//! its `ServiceWeight`). A send pays its own share of the commit ([`Pallet::send_weight`], also
//! [`XcmpSender::send_weight`] for other pallets); [`Config::CommitWeight`] bounds all that
//! waits to commit, so a block that commits after blocks that could not is bounded too.
//!
//! ## Terminology
//!
//! - **Held** messages of a channel: queued or committed, and not yet pruned.
//! - **Uncommitted** messages: queued but not yet in a batch. They are committed at the end of
//!   the block, unless the block's relay parent is not after that of the last commit (one egress
//!   per relay parent, `docs/PROTOCOL.md`, "Egress entries and the egress root"): then they wait
//!   for the next block.
//! - **Relay view**: what this block knows of the relay chain as of its relay parent, checked
//!   against the relay parent's state root by whoever provides [`Config::RelayView`] (the
//!   ingress pallet, from the block's relay-state proof).
//!
//! ## Properties
//!
//! - No message is dropped silently: each ends delivered or rejected, with an event. Messages
//!   are rejected only by their receiver's refusal or, for uncommitted ones, when the channel
//!   stopped taking them (closed, closing, blocked, over capacity) before they could commit.
//! - Nonces per channel are contiguous from 1; a channel's MQC head is the one its last batch
//!   committed to; batches are whole and contiguous. `try_state` checks these, and recomputes
//!   every held batch's entry from the held messages.
//! - Storage is bounded: held messages per channel by [`Config::MaxHeldPerChannel`], channels by
//!   [`Config::MaxOutboundChannels`], destinations per block by
//!   [`Config::MaxDestinationsPerBlock`], payloads by [`Config::MaxMessageSize`], a batch's
//!   page by [`Pallet::max_page_size`].
//! - Work per block is bounded and charged in the block that does it: committing or rejecting
//!   by [`Config::CommitWeight`] (a send past it fails with [`Error::CommitBudgetFull`]),
//!   pruning, [`Config::OnRejected`] included ([`OnMessageRejected::on_message_rejected_weight`]),
//!   by [`Config::PruneWeight`]. [`Pallet::check_config`] checks that both, and keeping every
//!   channel's refusals, fit the runtime's block, and that each budget fits its largest step.
//!
//! ## Code layout
//!
//! `mod pallet` in this file declares the configuration, storage, events, errors, calls and
//! hooks; the logic sits in `impl<T: Config> Pallet<T>` blocks, one module per stage of a
//! message's life: `send`, `commit`, `serve` and `prune`, with `integrity`
//! ([`Pallet::check_config`]) and `try_state` beside them.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod commit;
mod integrity;
mod prune;
mod send;
mod serve;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::DispatchError, weights::Weight};
use scale_info::TypeInfo;
use xcmp_primitives::{
	build_egress_entry, outcome::MessageOutcome, prove_egress_entries,
	relay_state::OutboundChannelView, EgressCommitment, EgressEntry, Message, Nonce, ParaId,
	Payload, RelayBlockNumber, RoutedBatch, XcmpDigestItem, H256,
};

pub use xcmp_primitives as primitives;

/// The pieces of work the pallet charges one by one, each the difference one more of a component
/// makes to its measured benchmark in [`WeightInfo`], so that the pieces sum to what the
/// benchmarks measured. Implemented for every [`WeightInfo`].
pub trait WeightInfoExt: WeightInfo {
	/// What committing one more message of `l` bytes adds to [`WeightInfo::commit`].
	fn commit_message(l: u32) -> Weight {
		Self::commit(0, 1, l).saturating_sub(Self::commit(0, 0, 0))
	}

	/// What committing one more message of `l` bytes sent in the same block adds to
	/// [`WeightInfo::commit`]: [`Self::commit_message`]'s compute alone, as its payload is read
	/// from the block's own writes, which add nothing to the proof of validity. A message left
	/// waiting for a later block is read from the state there, and charged in full there.
	fn commit_sent_message(l: u32) -> Weight {
		Weight::from_parts(Self::commit_message(l).ref_time(), 0)
	}

	/// What committing to one more destination adds to [`WeightInfo::commit`].
	fn commit_destination() -> Weight {
		Self::commit(1, 0, 0).saturating_sub(Self::commit(0, 0, 0))
	}

	/// What pruning costs once per block, whatever it prunes.
	fn prune_base() -> Weight {
		Self::prune(0, 0, 0)
	}

	/// What visiting one more destination adds to [`WeightInfo::prune`].
	fn prune_destination() -> Weight {
		Self::prune(1, 0, 0).saturating_sub(Self::prune(0, 0, 0))
	}

	/// What one more batch (opened, and dropped once its last message is pruned) adds to
	/// [`WeightInfo::prune`]: the benchmark's batches hold one message each, so this counts one
	/// message too, which errs high.
	fn prune_batch() -> Weight {
		Self::prune(0, 1, 0).saturating_sub(Self::prune(0, 0, 0))
	}

	/// What one more delivered message adds to [`WeightInfo::prune`].
	fn prune_message() -> Weight {
		Self::prune(0, 0, 1).saturating_sub(Self::prune(0, 0, 0))
	}
}

impl<W: WeightInfo> WeightInfoExt for W {}

/// A message's identity: its channel (from this parachain to `destination`) and its position in
/// it. Returned by every send.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct MessageId {
	/// The receiving parachain.
	pub destination: ParaId,
	/// The message's nonce on the channel.
	pub nonce: Nonce,
}

/// Why messages were reported rejected.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum RejectionReason {
	/// The receiver consumed the messages by refusing them: it blocks this parachain, or their
	/// batch expired ([`Config::DeliveryTimeout`]) before it took them, and it refused them
	/// before this chain could reclaim them.
	Refused,
	/// Uncommitted: the destination started blocking this parachain before they committed.
	DestinationBlocks,
	/// Uncommitted: the channel closed or started closing before they committed.
	ChannelClosed,
	/// Uncommitted: the channel no longer had room for them when they would have committed.
	ChannelFull,
	/// Uncommitted: one of them is larger than the channel's `max_message_size` when they would
	/// have committed (the channel was reopened with smaller limits since they were queued).
	MessageTooLarge,
	/// Committed with a deadline ([`Config::DeliveryTimeout`]) that passed while the receiver
	/// had not consumed them: reclaimed, as the relay view showed ([`EgressEntry::reclaimable`]).
	/// The receiver refuses them if it ever gets to them, so they are never dispatched.
	TimedOut,
}

/// The least deadline a batch gets, in relay blocks after its relay parent: a batch is recorded on
/// the relay at the earliest in the block after its relay parent, and a receiver's block on that
/// block is the first that can take it. A [`Config::DeliveryTimeout`] below it counts as it
/// (`integrity_test` refuses one).
pub const MIN_DELIVERY_TIMEOUT: RelayBlockNumber = 2;

/// Puts a relay view in place for the benchmarks, in whatever runtime they run in.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `channels` the current block's relay view at relay parent `relay_parent`.
	fn set_relay_view(relay_parent: RelayBlockNumber, channels: Vec<(ParaId, OutboundChannelView)>);
}

/// Another pallet's way to send XCMP messages (a smart-contract pallet, an XCM router).
pub trait XcmpSender {
	/// Queues `payload` for `destination`, with the same checks and errors as [`Pallet::send`].
	fn send(destination: ParaId, payload: Payload) -> Result<MessageId, DispatchError>;

	/// The most weight [`Self::send`] of a payload of `payload_len` bytes costs the block, with
	/// its share of committing the message (or rejecting it before it commits): what a caller
	/// charges for a send, before making it.
	fn send_weight(payload_len: u32) -> Weight;
}

/// Told of every message that ends rejected rather than delivered, so that the pallet that sent
/// it can react (refund, retry elsewhere).
pub trait OnMessageRejected {
	/// `id` was rejected for `reason`; `payload` is the message as sent.
	fn on_message_rejected(id: MessageId, payload: &[u8], reason: RejectionReason);

	/// The most weight [`Self::on_message_rejected`] takes for a payload of `payload_len` bytes.
	/// The egress pallet charges it in the block that calls the hook and counts it against
	/// that block's budget ([`Config::CommitWeight`] for uncommitted messages,
	/// [`Config::PruneWeight`] for refused ones).
	fn on_message_rejected_weight(payload_len: u32) -> Weight;
}

impl OnMessageRejected for () {
	fn on_message_rejected(_: MessageId, _: &[u8], _: RejectionReason) {}

	fn on_message_rejected_weight(_: u32) -> Weight {
		Weight::zero()
	}
}

/// Told of each outcome of a message this chain sent, as its receiver's block committed it and
/// the ingress inherent proved it (`xcmp_primitives::outcome`), so that the pallet that sent it
/// can react (a refund of a transfer that failed on the receiver).
pub trait OnOutcome {
	/// The receiver's block did `outcome` with message `id`.
	fn on_outcome(id: MessageId, outcome: &MessageOutcome);

	/// The most weight [`Self::on_outcome`] takes. The egress pallet charges it in the block
	/// that calls the hook, in the ingress inherent's weight.
	fn on_outcome_weight() -> Weight;
}

impl OnOutcome for () {
	fn on_outcome(_: MessageId, _: &MessageOutcome) {}

	fn on_outcome_weight() -> Weight {
		Weight::zero()
	}
}

/// The work the hooks have ahead of them, kept as counters so that `on_initialize` can charge
/// it without reading the channels.
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
pub struct Backlog {
	/// Messages queued and not committed yet (at most [`Config::MaxDestinationsPerBlock`] ×
	/// [`Config::MaxHeldPerChannel`]).
	pub uncommitted_messages: u32,
	/// Their payload bytes.
	pub uncommitted_bytes: u64,
	/// What rejecting all of them before they commit would cost beyond committing them: each
	/// one's [`OnMessageRejected::on_message_rejected_weight`] (removing their pages is charged
	/// per destination, [`Pallet::commit_weight`]).
	pub uncommitted_rejection: Weight,
	/// Committed messages held, not yet pruned: the most the next pruning can remove.
	pub committed_messages: u64,
	/// The destination the next block's pruning starts at, if the last one stopped before
	/// the end of its round (round robin, so that no channel waits behind another).
	pub prune_from: Option<ParaId>,
}

/// This parachain's side of one outbound channel.
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
pub struct OutboundChannel {
	/// Nonce of the last message queued (committed or not).
	pub last_queued: Nonce,
	/// Nonce of the last message committed in a batch.
	pub last_committed: Nonce,
	/// The channel's MQC head after `last_committed`.
	pub mqc_head: H256,
	/// Nonce of the last message pruned (delivered or rejected).
	pub last_pruned: Nonce,
	/// Payload bytes of the held messages.
	pub held_bytes: u64,
	/// First nonce of the held batch that pruning stopped inside, its budget spent: its
	/// messages up to `last_pruned` are gone, the rest are pruned in a later block.
	pub pruning_batch: Option<Nonce>,
	/// Nonce of the last message reclaimed as timed out ([`RejectionReason::TimedOut`]): those
	/// after `last_pruned` up to it are reported and held only until the receiver's cursor
	/// passes them, for its collator to route their batches as refusals.
	pub last_reclaimed: Nonce,
	/// First nonce of the held batch that reclaiming stopped inside, its budget spent.
	pub reclaiming_batch: Option<Nonce>,
}

impl OutboundChannel {
	/// Messages held: queued or committed, not yet pruned.
	pub fn held(&self) -> u64 {
		self.last_queued.saturating_sub(self.last_pruned)
	}

	/// Whether messages are queued and not committed yet.
	pub fn has_uncommitted(&self) -> bool {
		self.last_queued > self.last_committed
	}

	/// Messages queued and not committed yet.
	pub fn uncommitted(&self) -> u64 {
		self.last_queued.saturating_sub(self.last_committed)
	}

	/// Committed messages not pruned yet.
	pub fn committed_held(&self) -> u64 {
		self.last_committed.saturating_sub(self.last_pruned)
	}

	/// Messages queued whose fate the sender has not reported yet: held, less those it
	/// reclaimed (timed out, reported, and held only until their receiver refuses them).
	pub fn unreported(&self) -> u64 {
		self.last_queued.saturating_sub(self.last_pruned.max(self.last_reclaimed))
	}

	/// First nonce of the oldest held batch, or of the next batch if none is held.
	pub fn oldest_batch(&self) -> Nonce {
		self.pruning_batch.unwrap_or(self.last_pruned.saturating_add(1))
	}

	/// The next message to reclaim if its batch times out: the first neither pruned nor
	/// reclaimed.
	pub fn next_to_reclaim(&self) -> Nonce {
		self.last_pruned.max(self.last_reclaimed).saturating_add(1)
	}
}

/// The payloads of one batch, in nonce order ([`BatchPages`]).
pub type Page<T> = frame_support::BoundedVec<Payload, <T as Config>::MaxHeldPerChannel>;

/// A committed batch still held: its nonce range and the relay parent it was committed at.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct HeldBatch {
	/// Nonce of the batch's last message.
	pub last_nonce: Nonce,
	/// Relay parent of the block that committed it: the key of its block in
	/// [`CommittedBlocks`].
	pub sent_at: RelayBlockNumber,
	/// Payload bytes of its messages: taken off the channel's `held_bytes` when the last of
	/// them is pruned, so that pruning a delivered message need not read it.
	pub bytes: u32,
	/// The relay block from which the batch is expired, if it was given a deadline
	/// ([`EgressEntry::expires_at`]).
	pub expires_at: Option<RelayBlockNumber>,
}

impl HeldBatch {
	/// How many messages the batch holds, given its first nonce (the key it is held under).
	pub fn messages(&self, first_nonce: Nonce) -> u64 {
		self.last_nonce.saturating_sub(first_nonce).saturating_add(1)
	}
}

sp_api::decl_runtime_apis! {
	/// What a collator asks of the sender's runtime to route its messages.
	pub trait XcmpEgressApi {
		/// The batches held for `destination` whose first nonce is after `after_nonce`, oldest
		/// first, at most `max_batches`, each whole with the proof of its egress entry.
		fn outbound_batches(destination: ParaId, after_nonce: Nonce, max_batches: u32)
			-> Vec<RoutedBatch>;
		/// The egress commitment of the current block (empty if it committed nothing).
		fn egress_commitment() -> EgressCommitment;
		/// The destinations with held messages: the relay records the next block's relay-state
		/// proof must cover.
		fn pending_destinations() -> Vec<ParaId>;
		/// The last nonce to `destination` whose outcome was reported ([`ReportedOutcomes`]):
		/// the next block's outcome report for it starts past it.
		fn reported_outcomes(destination: ParaId) -> Nonce;
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use xcmp_primitives::relay_state::OutboundRelayView;

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
		/// This block's relay view of the outbound channels (limits, receiver cursors, refusals,
		/// block lists), checked against the relay parent's state root. In a runtime: the ingress
		/// pallet, which checks the block's relay-state proof.
		type RelayView: OutboundRelayView;
		/// Told of every rejected message.
		type OnRejected: OnMessageRejected;
		/// Told of every outcome of a delivered message that the ingress inherent proves.
		type OnOutcome: OnOutcome;
		/// Who may call [`Pallet::send`] directly. A raw message acts as this parachain on its
		/// receiver (it arrives from the sibling, with no account of the caller in it), so a
		/// production runtime gives it to root, or to origins trusted as the chain itself; users'
		/// programs go through an XCM sender that prefixes their origin (`pallet-xcm` over
		/// `xcmp-xcm-router`'s `XcmpRouter`).
		type SendOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Largest payload this chain sends, at most the protocol's `MAX_MESSAGE_SIZE`.
		#[pallet::constant]
		type MaxMessageSize: Get<u32>;
		/// Most destinations one block may send to, at most the protocol's
		/// `MAX_DESTINATIONS_PER_BLOCK`.
		#[pallet::constant]
		type MaxDestinationsPerBlock: Get<u32>;
		/// Most messages held per channel, at most the protocol's `MAX_CHANNEL_CAPACITY`. A
		/// channel's own capacity is usually lower; this bounds storage whatever the relay says.
		#[pallet::constant]
		type MaxHeldPerChannel: Get<u32>;
		/// Most outbound channels this chain keeps state for.
		#[pallet::constant]
		type MaxOutboundChannels: Get<u32>;
		/// Most weight one block's commit may take: committing the messages waiting to commit,
		/// or rejecting them ([`Config::OnRejected`] included). `send` refuses a message that
		/// would take the waiting messages past it ([`Error::CommitBudgetFull`]), so that
		/// messages carried over from blocks that could not commit never cost more than this in
		/// the block that commits them, which charges it in `on_initialize`.
		#[pallet::constant]
		type CommitWeight: Get<Weight>;
		/// The deadline this chain gives each batch it commits, in relay blocks after its relay
		/// parent (`None`: no deadline; below [`MIN_DELIVERY_TIMEOUT`], that). A batch not
		/// consumed by then is refused by its receiver, and reclaimed here once the relay view
		/// shows it safe to ([`EgressEntry::reclaimable`]): reported
		/// [`Event::MessagesRejected`] with [`RejectionReason::TimedOut`] and given to
		/// [`Config::OnRejected`], so that a transfer can be refunded, then held, for the
		/// receiver to refuse, until its cursor passes it. Reclaiming runs while this is `Some`.
		#[pallet::constant]
		type DeliveryTimeout: Get<Option<RelayBlockNumber>>;
		/// Most weight one block spends pruning consumed messages ([`Config::OnRejected`] of
		/// refused ones included). `on_initialize` reserves it, or less when fewer committed
		/// messages are held; what it does not reach is pruned in the next blocks, round robin
		/// over the destinations. Its proof size also bounds a batch's page
		/// ([`Pallet::max_page_size`]): pruning a refused batch reads its page back, within one
		/// block's budget. Lowering it below a held page leaves that batch, if it is refused,
		/// unpruned until it is raised again.
		#[pallet::constant]
		type PruneWeight: Get<Weight>;
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
		/// Sets up the relay view in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// Per destination, the last nonce whose outcome was reported ([`Event::OutcomeReported`]):
	/// a later report starts past it, so no outcome is reported twice.
	#[pallet::storage]
	pub type ReportedOutcomes<T: Config> = StorageMap<_, Twox64Concat, ParaId, Nonce, ValueQuery>;

	/// This chain's side of each outbound channel it has sent on.
	#[pallet::storage]
	pub type OutboundChannels<T: Config> =
		CountedStorageMap<_, Twox64Concat, ParaId, OutboundChannel, OptionQuery>;

	/// Held messages' payloads, one page per batch, by destination then the batch's first nonce:
	/// a held batch's page under its [`HeldBatches`] key, and the uncommitted messages' page
	/// under the channel's next nonce to commit, where it stays as the page of the batch they
	/// become. A send appends to the page without reading it ([`Uncommitted`] keeps its size);
	/// committing reads it once, pruning removes it with its batch: one storage item a batch,
	/// not one a message.
	#[pallet::storage]
	pub type BatchPages<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, Nonce, Page<T>, OptionQuery>;

	/// Held committed batches, by destination then first nonce.
	#[pallet::storage]
	pub type HeldBatches<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, Nonce, HeldBatch, OptionQuery>;

	/// The egress commitments of the committing blocks with batches still held, by relay
	/// parent (`sent_at`): kept to prove those batches.
	#[pallet::storage]
	pub type CommittedBlocks<T: Config> =
		StorageMap<_, Twox64Concat, RelayBlockNumber, EgressCommitment, OptionQuery>;

	/// How many batches of each block in [`CommittedBlocks`] are still held (kept apart from
	/// the commitment, so that pruning a batch does not read the whole commitment).
	#[pallet::storage]
	pub type CommittedBlockBatches<T: Config> =
		StorageMap<_, Twox64Concat, RelayBlockNumber, u32, OptionQuery>;

	/// Destinations with held messages, whose relay records every block's relay view must cover.
	///
	/// Whitelisted, as [`Uncommitted`] and [`HooksBacklog`]: the hooks read and write these
	/// three in every block and `on_initialize` charges that once
	/// ([`Pallet::block_state_weight`]), so that a send, which reads and updates all three, is
	/// not charged a database read and write of each again.
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type PendingDestinations<T: Config> =
		StorageValue<_, BoundedBTreeSet<ParaId, T::MaxOutboundChannels>, ValueQuery>;

	/// Destinations with uncommitted messages, each with the payload bytes of their page
	/// ([`BatchPages`]): what bounds the page a send appends to, known without reading the
	/// page. Whitelisted, as [`PendingDestinations`].
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type Uncommitted<T: Config> =
		StorageValue<_, BoundedBTreeMap<ParaId, u32, T::MaxDestinationsPerBlock>, ValueQuery>;

	/// Nonce ranges of each channel that its receiver consumed by refusal, as relay views
	/// showed them, not pruned yet. The relay forgets a refusal once a block of this chain has
	/// seen it, and pruning may reach it only blocks later. Sorted, disjoint, not adjacent, and
	/// within the committed held nonces: at most half of [`Config::MaxHeldPerChannel`] and one.
	#[pallet::storage]
	pub type RefusedNonces<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ParaId,
		BoundedVec<(Nonce, Nonce), T::MaxHeldPerChannel>,
		ValueQuery,
	>;

	/// The work the hooks have ahead of them: what `on_initialize` charges. Whitelisted, as
	/// [`PendingDestinations`].
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type HooksBacklog<T: Config> = StorageValue<_, Backlog, ValueQuery>;

	/// Relay parent of the last block that committed a batch.
	#[pallet::storage]
	pub type LastCommittedAt<T: Config> = StorageValue<_, RelayBlockNumber, OptionQuery>;

	/// The current block's egress root (the empty trie's root when it committed nothing).
	#[pallet::storage]
	pub type BlockEgressRoot<T: Config> = StorageValue<_, H256, OptionQuery>;

	/// Relay parent of the current block's commitment, if it committed anything.
	#[pallet::storage]
	pub type BlockCommittedAt<T: Config> = StorageValue<_, RelayBlockNumber, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A message was queued.
		MessageQueued {
			/// The receiver.
			destination: ParaId,
			/// Its nonce on the channel.
			nonce: Nonce,
		},
		/// Queued messages were committed as one batch.
		BatchCommitted {
			/// The receiver.
			destination: ParaId,
			/// First nonce of the batch.
			first_nonce: Nonce,
			/// Last nonce of the batch.
			last_nonce: Nonce,
			/// Relay parent of the committing block: every message's `sent_at`.
			sent_at: RelayBlockNumber,
		},
		/// The block committed its egress root.
		EgressCommitted {
			/// The root.
			egress_root: H256,
			/// Relay parent of the block.
			sent_at: RelayBlockNumber,
			/// Destinations it sent to.
			destinations: u32,
		},
		/// The receiver consumed these messages; they were pruned.
		MessagesDelivered {
			/// The receiver.
			destination: ParaId,
			/// First nonce delivered.
			first_nonce: Nonce,
			/// Last nonce delivered.
			last_nonce: Nonce,
		},
		/// These messages were rejected and pruned; [`Config::OnRejected`] was told of each.
		MessagesRejected {
			/// The receiver.
			destination: ParaId,
			/// First nonce rejected.
			first_nonce: Nonce,
			/// Last nonce rejected.
			last_nonce: Nonce,
			/// Why.
			reason: RejectionReason,
		},
		/// The receiver's block did `outcome` with a message it consumed, as proven from its
		/// header (`xcmp_primitives::outcome`); [`Config::OnOutcome`] was told.
		OutcomeReported {
			/// The receiver.
			destination: ParaId,
			/// The message's nonce.
			nonce: Nonce,
			/// What its block did with it.
			outcome: MessageOutcome,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The payload is larger than [`Config::MaxMessageSize`].
		MessageTooLarge,
		/// The payload is larger than the channel's `max_message_size`.
		MessageTooLargeForChannel,
		/// A message to this parachain itself.
		SendToSelf,
		/// This block's relay view is not known yet, or does not cover the destination.
		RelayViewUnavailable,
		/// There is no channel to the destination.
		NoChannel,
		/// The channel to the destination is closing or closed.
		ChannelClosing,
		/// The destination blocks this parachain.
		DestinationBlocksSender,
		/// The channel holds as many messages as its capacity (or
		/// [`Config::MaxHeldPerChannel`]).
		ChannelFull,
		/// The message would take the channel's pending bytes over its `max_total_size`.
		ChannelOverSize,
		/// This block already sends to [`Config::MaxDestinationsPerBlock`] destinations.
		TooManyDestinations,
		/// This chain has state for [`Config::MaxOutboundChannels`] channels already.
		TooManyChannels,
		/// The channel has used its last nonce (`u64::MAX`): it can take no further message.
		ChannelNoncesExhausted,
		/// Committing (or rejecting) the messages waiting to commit, this one included, would
		/// take more than [`Config::CommitWeight`]: it must wait for a block that commits.
		CommitBudgetFull,
		/// The message would take the page of the destination's next batch past
		/// [`Pallet::max_page_size`], what one block's pruning can read back: it must wait for
		/// a later batch.
		BatchFull,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			BlockEgressRoot::<T>::kill();
			BlockCommittedAt::<T>::kill();
			// What `on_finalize` does in this block: committing (or rejecting) the messages
			// carried over, and pruning within its allowance. This block's sends pay their own
			// share in their weight.
			Self::hooks_weight().saturating_add(Self::initialize_own_weight())
		}

		fn on_finalize(_: BlockNumberFor<T>) {
			Self::prune_consumed(Self::prune_allowance());
			Self::commit();
		}

		fn integrity_test() {
			if let Err(error) = Self::check_config() {
				panic!("pallet-xcmp-egress: {error}");
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Queues `payload` for `destination`. It is committed at the end of the block and held
		/// until the receiver consumes it; [`Event::MessageQueued`] names its nonce.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::send_weight(payload.len() as u32))]
		pub fn send(
			origin: OriginFor<T>,
			destination: ParaId,
			payload: Payload,
		) -> DispatchResultWithPostInfo {
			T::SendOrigin::ensure_origin(origin)?;
			let len = payload.len() as u32;
			let new_destination = !Uncommitted::<T>::get().contains_key(&destination);
			Self::do_send(destination, payload)?;
			// Charged for a destination new to the block; refunded its part if it was not.
			Ok(Some(Self::send_weight_to(len, new_destination)).into())
		}
	}
}
