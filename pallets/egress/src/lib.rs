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
//!    receiver's cursor, whether the receiver blocks us) and stores it under the channel's next
//!    nonce. Nothing is stored when a check fails.
//! 2. **Committed.** In `on_finalize` the messages queued for each destination become one batch:
//!    its [`EgressEntry`] continues the channel's MQC head, and the entries of all destinations
//!    form the block's egress trie. The root is stored ([`BlockEgressRoot`]) and deposited in the
//!    header digest as [`XcmpDigestItem::EgressRoot`]; the entries stay in [`CommittedBlocks`]
//!    so that a collator can prove any batch of the block later. Every message of a batch is
//!    stamped with `sent_at`, the relay parent of the committing block.
//! 3. **Served.** A receiver's collator asks, through the [`XcmpEgressApi`] runtime API, for the
//!    batches after its cursor, and gets each whole with a compact proof of its entry.
//! 4. **Pruned.** When the relay view shows the receiver's cursor at or past a message, the
//!    message is removed: reported [`Event::MessagesDelivered`], or [`Event::MessagesRejected`]
//!    with [`RejectionReason::Refused`] (and [`Config::OnRejected`] called) if the relay says the
//!    receiver consumed it by refusal because it blocks us.
//!
//! ## Terminology
//!
//! - **Held** messages of a channel: queued or committed, and not yet pruned.
//! - **Uncommitted** messages: queued but not yet in a batch. They are committed at the end of
//!   the block, unless the block's relay parent is not after that of the last commit (one egress
//!   per relay parent, `docs/PROTOCOL.md` decision 11): then they wait for the next block.
//! - **Relay view**: what this block knows of the relay chain as of its relay parent, checked
//!   against the relay parent's state root by whoever provides [`Config::RelayView`] (the
//!   ingress pallet, from its inherent's relay-state proof).
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
//!   [`Config::MaxDestinationsPerBlock`], payloads by [`Config::MaxMessageSize`].
//! - Each message pays its whole life in [`Pallet::send`]'s weight (queue, commit, prune), so the
//!   hooks charge only per destination.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::DispatchError;
use scale_info::TypeInfo;
use xcmp_primitives::{
	build_egress_entry, prove_egress_entries, relay_state::OutboundChannelView, EgressCommitment,
	EgressEntry, Message, Nonce, ParaId, Payload, RelayBlockNumber, RoutedBatch, XcmpDigestItem,
	H256,
};

pub use xcmp_primitives as primitives;

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
	/// The receiver blocks this parachain and consumed the messages by refusing them.
	Refused,
	/// Uncommitted: the destination started blocking this parachain before they committed.
	DestinationBlocks,
	/// Uncommitted: the channel closed or started closing before they committed.
	ChannelClosed,
	/// Uncommitted: the channel no longer had room for them when they would have committed.
	ChannelFull,
}

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
}

/// Told of every message that ends rejected rather than delivered, so that the pallet that sent
/// it can react (refund, retry elsewhere).
pub trait OnMessageRejected {
	/// `id` was rejected for `reason`; `payload` is the message as sent.
	fn on_message_rejected(id: MessageId, payload: &[u8], reason: RejectionReason);
}

impl OnMessageRejected for () {
	fn on_message_rejected(_: MessageId, _: &[u8], _: RejectionReason) {}
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
}

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
}

/// A committing block's entries, kept while any of its batches is held, to prove them.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct CommittedBlock {
	/// The block's egress commitment.
	pub commitment: EgressCommitment,
	/// How many of its batches are still held.
	pub held_batches: u32,
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
	}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use xcmp_primitives::{
		limits::{MAX_CHANNEL_CAPACITY, MAX_DESTINATIONS_PER_BLOCK, MAX_MESSAGE_SIZE},
		relay_state::OutboundRelayView,
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
		/// This block's relay view of the outbound channels (limits, receiver cursors, refusals,
		/// block lists), checked against the relay parent's state root. In a runtime: the ingress
		/// pallet, which checks the block's relay-state proof.
		type RelayView: OutboundRelayView;
		/// Told of every rejected message.
		type OnRejected: OnMessageRejected;
		/// Who may call [`Pallet::send`] directly.
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
		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
		/// Sets up the relay view in benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// This chain's side of each outbound channel it has sent on.
	#[pallet::storage]
	pub type OutboundChannels<T: Config> =
		CountedStorageMap<_, Twox64Concat, ParaId, OutboundChannel, OptionQuery>;

	/// Held messages' payloads, by destination then nonce.
	#[pallet::storage]
	pub type Messages<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, Nonce, Payload, OptionQuery>;

	/// Held committed batches, by destination then first nonce.
	#[pallet::storage]
	pub type HeldBatches<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, Nonce, HeldBatch, OptionQuery>;

	/// Committing blocks with batches still held, by relay parent (`sent_at`).
	#[pallet::storage]
	pub type CommittedBlocks<T: Config> =
		StorageMap<_, Twox64Concat, RelayBlockNumber, CommittedBlock, OptionQuery>;

	/// Destinations with held messages, whose relay records every block's relay view must cover.
	#[pallet::storage]
	pub type PendingDestinations<T: Config> =
		StorageValue<_, BoundedBTreeSet<ParaId, T::MaxOutboundChannels>, ValueQuery>;

	/// Destinations with uncommitted messages.
	#[pallet::storage]
	pub type Uncommitted<T: Config> =
		StorageValue<_, BoundedBTreeSet<ParaId, T::MaxDestinationsPerBlock>, ValueQuery>;

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
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			BlockEgressRoot::<T>::kill();
			BlockCommittedAt::<T>::kill();
			// Every message paid its commit and prune in `send`; the hooks pay per destination.
			let pending = PendingDestinations::<T>::get().len() as u32;
			let uncommitted = Uncommitted::<T>::get().len() as u32;
			T::WeightInfo::on_finalize(pending, uncommitted)
				.saturating_add(T::DbWeight::get().writes(2))
		}

		fn on_finalize(_: BlockNumberFor<T>) {
			Self::prune_consumed();
			Self::commit();
		}

		fn integrity_test() {
			assert!(
				T::MaxMessageSize::get() > 0 && T::MaxMessageSize::get() <= MAX_MESSAGE_SIZE,
				"MaxMessageSize must be within the protocol's MAX_MESSAGE_SIZE"
			);
			assert!(
				T::MaxDestinationsPerBlock::get() > 0
					&& T::MaxDestinationsPerBlock::get() <= MAX_DESTINATIONS_PER_BLOCK,
				"MaxDestinationsPerBlock must be within the protocol's MAX_DESTINATIONS_PER_BLOCK"
			);
			assert!(
				T::MaxHeldPerChannel::get() > 0
					&& T::MaxHeldPerChannel::get() <= MAX_CHANNEL_CAPACITY,
				"MaxHeldPerChannel must be within the protocol's MAX_CHANNEL_CAPACITY"
			);
			assert!(T::MaxOutboundChannels::get() > 0, "a sender needs a channel");
			assert!(
				T::MaxDestinationsPerBlock::get() <= T::MaxOutboundChannels::get(),
				"a block cannot send to more destinations than there are channels"
			);
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
		#[pallet::weight(T::WeightInfo::send_lifetime(payload.len() as u32))]
		pub fn send(origin: OriginFor<T>, destination: ParaId, payload: Payload) -> DispatchResult {
			T::SendOrigin::ensure_origin(origin)?;
			Self::do_send(destination, payload).map(|_| ())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Checks and queues one message; returns its id. Leaves state untouched on error.
		pub fn do_send(destination: ParaId, payload: Payload) -> Result<MessageId, DispatchError> {
			let size = payload.len() as u32;
			ensure!(size <= T::MaxMessageSize::get(), Error::<T>::MessageTooLarge);
			ensure!(destination != T::SelfParaId::get(), Error::<T>::SendToSelf);
			ensure!(
				T::RelayView::relay_parent_number().is_some(),
				Error::<T>::RelayViewUnavailable
			);
			let view = T::RelayView::outbound_channel(destination)
				.ok_or(Error::<T>::RelayViewUnavailable)?;
			let relay = view.state.ok_or(Error::<T>::NoChannel)?;
			ensure!(!relay.closing, Error::<T>::ChannelClosing);
			ensure!(!view.blocked, Error::<T>::DestinationBlocksSender);
			ensure!(size <= relay.limits.max_message_size, Error::<T>::MessageTooLargeForChannel);

			let known = OutboundChannels::<T>::get(destination);
			ensure!(
				known.is_some() || OutboundChannels::<T>::count() < T::MaxOutboundChannels::get(),
				Error::<T>::TooManyChannels
			);
			let mut channel = known.unwrap_or_default();
			let nonce = channel.last_queued.saturating_add(1);
			// Pending as the relay counts it (up to the receiver's cursor), and held as this
			// chain stores it (up to what it pruned, which may lag by a block): both bounded.
			let pending = nonce.saturating_sub(relay.cursor.last_nonce);
			ensure!(pending <= u64::from(relay.limits.max_capacity), Error::<T>::ChannelFull);
			ensure!(
				channel.held() < u64::from(T::MaxHeldPerChannel::get()),
				Error::<T>::ChannelFull
			);
			let held_bytes = channel.held_bytes.saturating_add(u64::from(size));
			ensure!(
				held_bytes <= u64::from(relay.limits.max_total_size),
				Error::<T>::ChannelOverSize
			);
			let mut uncommitted = Uncommitted::<T>::get();
			if !uncommitted.contains(&destination) {
				uncommitted.try_insert(destination).map_err(|_| Error::<T>::TooManyDestinations)?;
			}
			let mut pending_destinations = PendingDestinations::<T>::get();
			if !pending_destinations.contains(&destination) {
				// Every pending destination has a channel entry, of which there are at most
				// `MaxOutboundChannels`, checked above.
				pending_destinations
					.try_insert(destination)
					.map_err(|_| Error::<T>::TooManyChannels)?;
			}

			channel.last_queued = nonce;
			channel.held_bytes = held_bytes;
			Messages::<T>::insert(destination, nonce, payload);
			OutboundChannels::<T>::insert(destination, channel);
			Uncommitted::<T>::put(uncommitted);
			PendingDestinations::<T>::put(pending_destinations);
			Self::deposit_event(Event::MessageQueued { destination, nonce });
			Ok(MessageId { destination, nonce })
		}

		/// Prunes, on every channel with held messages, what the relay view shows consumed.
		pub(crate) fn prune_consumed() {
			for destination in PendingDestinations::<T>::get() {
				match T::RelayView::outbound_channel(destination) {
					Some(view) => Self::prune_channel(destination, &view),
					// The ingress inherent refuses a relay view that leaves out a pending
					// destination, so a valid block always has it.
					None => log::warn!(
						target: "xcmp",
						"relay view leaves out pending destination {destination:?}; not pruned"
					),
				}
			}
		}

		/// Prunes the committed messages to `destination` up to the receiver's cursor in `view`:
		/// each reported delivered or, where the relay says it was refused, rejected.
		fn prune_channel(destination: ParaId, view: &OutboundChannelView) {
			let Some(relay) = &view.state else {
				// The relay keeps every channel's record once opened (closed ones too), so a
				// channel with held committed messages is never missing; keep them.
				log::warn!(target: "xcmp", "no relay record of channel to {destination:?}");
				return;
			};
			let Some(mut channel) = OutboundChannels::<T>::get(destination) else { return };
			let consumed = relay.cursor.last_nonce.min(channel.last_committed);
			if consumed <= channel.last_pruned {
				return;
			}
			// Runs of delivered and of refused nonces, reported as ranges.
			let mut run: Option<(bool, Nonce, Nonce)> = None;
			for nonce in channel.last_pruned.saturating_add(1)..=consumed {
				let payload = Messages::<T>::take(destination, nonce).unwrap_or_default();
				channel.held_bytes = channel.held_bytes.saturating_sub(payload.len() as u64);
				let refused = relay.refused(nonce);
				if refused {
					let id = MessageId { destination, nonce };
					T::OnRejected::on_message_rejected(id, &payload, RejectionReason::Refused);
				}
				run = match run {
					Some((kind, first, _)) if kind == refused => Some((kind, first, nonce)),
					Some(done) => {
						Self::report_pruned(destination, done);
						Some((refused, nonce, nonce))
					}
					None => Some((refused, nonce, nonce)),
				};
			}
			if let Some(done) = run {
				Self::report_pruned(destination, done);
			}
			channel.last_pruned = consumed;
			Self::drop_consumed_batches(destination, consumed);
			Self::store_channel(destination, channel);
		}

		fn report_pruned(
			destination: ParaId,
			(refused, first_nonce, last_nonce): (bool, u64, u64),
		) {
			Self::deposit_event(if refused {
				Event::MessagesRejected {
					destination,
					first_nonce,
					last_nonce,
					reason: RejectionReason::Refused,
				}
			} else {
				Event::MessagesDelivered { destination, first_nonce, last_nonce }
			});
		}

		/// Drops the held batches to `destination` that end at or before `consumed`, and the
		/// committed blocks left with no held batch.
		fn drop_consumed_batches(destination: ParaId, consumed: Nonce) {
			let done: Vec<(Nonce, HeldBatch)> = HeldBatches::<T>::iter_prefix(destination)
				.filter(|(_, batch)| batch.last_nonce <= consumed)
				.collect();
			for (first_nonce, batch) in done {
				HeldBatches::<T>::remove(destination, first_nonce);
				CommittedBlocks::<T>::mutate_exists(batch.sent_at, |block| {
					if let Some(held) = block {
						held.held_batches = held.held_batches.saturating_sub(1);
						if held.held_batches == 0 {
							*block = None;
						}
					}
				});
			}
		}

		/// Stores `channel`, and keeps [`PendingDestinations`] to the channels holding messages.
		fn store_channel(destination: ParaId, channel: OutboundChannel) {
			if channel.held() == 0 {
				PendingDestinations::<T>::mutate(|pending| pending.remove(&destination));
			}
			OutboundChannels::<T>::insert(destination, channel);
		}

		/// Commits the uncommitted messages, one batch per destination, and the block's egress
		/// root; or, if the relay parent has not advanced since the last commit, leaves them for
		/// the next block and commits the empty root.
		pub(crate) fn commit() {
			let relay_parent = T::RelayView::relay_parent_number();
			let advanced = relay_parent
				.filter(|now| LastCommittedAt::<T>::get().is_none_or(|last| *now > last));
			let egress_root = match advanced {
				Some(sent_at) => Self::commit_batches(sent_at),
				None => EgressCommitment::empty().egress_root,
			};
			BlockEgressRoot::<T>::put(egress_root);
			frame_system::Pallet::<T>::deposit_log(
				XcmpDigestItem::EgressRoot(egress_root).to_digest_item(),
			);
		}

		/// Commits the uncommitted messages at `sent_at`, one batch per destination, and keeps
		/// the block's commitment if it has any batch. Returns the egress root.
		fn commit_batches(sent_at: RelayBlockNumber) -> H256 {
			let mut entries = Vec::new();
			for destination in Uncommitted::<T>::take() {
				if let Some(entry) = Self::commit_batch(destination, sent_at) {
					entries.push((destination, entry));
				}
			}
			// At most `MaxDestinationsPerBlock` entries, sorted and well formed by construction.
			let commitment = match EgressCommitment::new(entries) {
				Ok(commitment) => commitment,
				Err(error) => {
					log::error!(target: "xcmp", "egress commitment not built: {error:?}");
					EgressCommitment::empty()
				}
			};
			let egress_root = commitment.egress_root;
			if !commitment.entries.is_empty() {
				let destinations = commitment.entries.len() as u32;
				CommittedBlocks::<T>::insert(
					sent_at,
					CommittedBlock { commitment, held_batches: destinations },
				);
				LastCommittedAt::<T>::put(sent_at);
				BlockCommittedAt::<T>::put(sent_at);
				Self::deposit_event(Event::EgressCommitted { egress_root, sent_at, destinations });
			}
			egress_root
		}

		/// Commits the uncommitted messages to `destination` as one batch at `sent_at`, if the
		/// relay view still lets the channel take them; otherwise rejects them.
		fn commit_batch(destination: ParaId, sent_at: RelayBlockNumber) -> Option<EgressEntry> {
			let mut channel = OutboundChannels::<T>::get(destination)?;
			if !channel.has_uncommitted() {
				return None;
			}
			if let Err(reason) = Self::can_commit(destination, &channel) {
				Self::reject_uncommitted(destination, &mut channel, reason);
				return None;
			}
			let sender = T::SelfParaId::get();
			let messages: Vec<Message> = (channel.last_committed.saturating_add(1)
				..=channel.last_queued)
				.map(|nonce| Message {
					sender,
					destination,
					nonce,
					sent_at,
					payload: Messages::<T>::get(destination, nonce).unwrap_or_default(),
				})
				.collect();
			let entry = match build_egress_entry(channel.mqc_head, &messages) {
				Ok(entry) => entry,
				Err(error) => {
					// Messages are stored under contiguous nonces of one channel: unreachable.
					log::error!(target: "xcmp", "batch to {destination:?} not built: {error:?}");
					return None;
				}
			};
			channel.last_committed = entry.last_nonce;
			channel.mqc_head = entry.mqc_head;
			OutboundChannels::<T>::insert(destination, channel);
			let batch = HeldBatch { last_nonce: entry.last_nonce, sent_at };
			HeldBatches::<T>::insert(destination, entry.first_nonce, batch);
			Self::deposit_event(Event::BatchCommitted {
				destination,
				first_nonce: entry.first_nonce,
				last_nonce: entry.last_nonce,
				sent_at,
			});
			Some(entry)
		}

		/// Whether the relay view of this block still lets `channel`'s uncommitted messages
		/// commit (they were checked when queued, possibly against an earlier block's view).
		fn can_commit(
			destination: ParaId,
			channel: &OutboundChannel,
		) -> Result<(), RejectionReason> {
			let view = T::RelayView::outbound_channel(destination)
				.ok_or(RejectionReason::ChannelClosed)?;
			let relay = view.state.ok_or(RejectionReason::ChannelClosed)?;
			if relay.closing {
				return Err(RejectionReason::ChannelClosed);
			}
			if view.blocked {
				return Err(RejectionReason::DestinationBlocks);
			}
			let pending = channel.last_queued.saturating_sub(relay.cursor.last_nonce);
			if pending > u64::from(relay.limits.max_capacity)
				|| channel.held_bytes > u64::from(relay.limits.max_total_size)
			{
				return Err(RejectionReason::ChannelFull);
			}
			Ok(())
		}

		/// Rejects every uncommitted message to `destination`: each is reported, removed, and its
		/// nonce freed (it never reached a batch, so no receiver will see it).
		fn reject_uncommitted(
			destination: ParaId,
			channel: &mut OutboundChannel,
			reason: RejectionReason,
		) {
			let (first_nonce, last_nonce) =
				(channel.last_committed.saturating_add(1), channel.last_queued);
			for nonce in first_nonce..=last_nonce {
				let payload = Messages::<T>::take(destination, nonce).unwrap_or_default();
				channel.held_bytes = channel.held_bytes.saturating_sub(payload.len() as u64);
				T::OnRejected::on_message_rejected(
					MessageId { destination, nonce },
					&payload,
					reason,
				);
			}
			channel.last_queued = channel.last_committed;
			Self::deposit_event(Event::MessagesRejected {
				destination,
				first_nonce,
				last_nonce,
				reason,
			});
			Self::store_channel(destination, *channel);
		}

		/// The batches held for `destination` whose first nonce is after `after_nonce`, oldest
		/// first, at most `max_batches`, each whole with the proof of its entry: what a receiver's
		/// collator routes (the [`XcmpEgressApi`] runtime API).
		pub fn outbound_batches(
			destination: ParaId,
			after_nonce: Nonce,
			max_batches: u32,
		) -> Vec<RoutedBatch> {
			let mut held: Vec<(Nonce, HeldBatch)> = HeldBatches::<T>::iter_prefix(destination)
				.filter(|(first_nonce, _)| *first_nonce > after_nonce)
				.collect();
			held.sort_by_key(|(first_nonce, _)| *first_nonce);
			held.into_iter()
				.take(max_batches as usize)
				.map_while(|(first_nonce, batch)| {
					Self::routed_batch(destination, first_nonce, batch)
				})
				.collect()
		}

		fn routed_batch(
			destination: ParaId,
			first_nonce: Nonce,
			batch: HeldBatch,
		) -> Option<RoutedBatch> {
			let block = CommittedBlocks::<T>::get(batch.sent_at)?;
			let entry = *block.commitment.entry(destination)?;
			let entry_proof =
				prove_egress_entries(&block.commitment.entries, &[destination]).ok()?;
			let sender = T::SelfParaId::get();
			let messages = (first_nonce..=batch.last_nonce)
				.map(|nonce| {
					Messages::<T>::get(destination, nonce).map(|payload| Message {
						sender,
						destination,
						nonce,
						sent_at: batch.sent_at,
						payload,
					})
				})
				.collect::<Option<Vec<_>>>()?;
			Some(RoutedBatch { sender, entry, entry_proof, messages })
		}

		/// The current block's egress commitment (empty if it committed nothing): what its
		/// collator puts in the candidate.
		pub fn egress_commitment() -> EgressCommitment {
			BlockCommittedAt::<T>::get()
				.and_then(CommittedBlocks::<T>::get)
				.map(|block| block.commitment)
				.unwrap_or_else(EgressCommitment::empty)
		}

		/// Destinations with held messages.
		pub fn pending_destinations() -> Vec<ParaId> {
			PendingDestinations::<T>::get().into_iter().collect()
		}

		/// Checks the pallet's invariants: per channel, nonces ordered (pruned, committed, queued),
		/// exactly the held messages stored, their bytes counted, held batches contiguous and
		/// each one's entry recomputed from its messages and the previous head; every committed
		/// block's held count matches its held batches; the pending and uncommitted sets match
		/// the channels.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut held_per_block = alloc::collections::BTreeMap::<RelayBlockNumber, u32>::new();
			let pending = PendingDestinations::<T>::get();
			let uncommitted = Uncommitted::<T>::get();
			for (destination, channel) in OutboundChannels::<T>::iter() {
				ensure!(
					channel.last_pruned <= channel.last_committed
						&& channel.last_committed <= channel.last_queued,
					"channel nonces out of order"
				);
				let mut bytes = 0u64;
				let mut stored = 0u64;
				for (nonce, payload) in Messages::<T>::iter_prefix(destination) {
					ensure!(
						nonce > channel.last_pruned && nonce <= channel.last_queued,
						"a message is stored outside the held range"
					);
					bytes += payload.len() as u64;
					stored += 1;
				}
				ensure!(stored == channel.held(), "held messages missing from storage");
				ensure!(bytes == channel.held_bytes, "held bytes differ from the stored payloads");
				ensure!(
					pending.contains(&destination) == (channel.held() > 0),
					"pending destinations differ from the channels holding messages"
				);
				ensure!(
					uncommitted.contains(&destination) == channel.has_uncommitted(),
					"uncommitted destinations differ from the channels"
				);
				let mut batches: Vec<(Nonce, HeldBatch)> =
					HeldBatches::<T>::iter_prefix(destination).collect();
				batches.sort_by_key(|(first_nonce, _)| *first_nonce);
				let mut next = channel.last_pruned.saturating_add(1);
				let mut head = None;
				for (first_nonce, batch) in batches {
					ensure!(first_nonce == next, "held batches are not contiguous");
					let block = CommittedBlocks::<T>::get(batch.sent_at)
						.ok_or("a held batch's committed block is gone")?;
					let entry = *block
						.commitment
						.entry(destination)
						.ok_or("a held batch is not in its block's commitment")?;
					ensure!(
						entry.first_nonce == first_nonce && entry.last_nonce == batch.last_nonce,
						"a held batch differs from its entry"
					);
					if let Some(previous_head) = head {
						let routed = Self::routed_batch(destination, first_nonce, batch)
							.ok_or("a held batch cannot be served")?;
						let rebuilt = build_egress_entry(previous_head, &routed.messages)
							.map_err(|_| "a held batch's messages do not form a batch")?;
						ensure!(rebuilt == entry, "a held batch's entry differs from its messages");
					}
					head = Some(entry.mqc_head);
					*held_per_block.entry(batch.sent_at).or_default() += 1;
					next = batch.last_nonce.saturating_add(1);
				}
				ensure!(
					next == channel.last_committed.saturating_add(1),
					"held batches do not reach the last committed nonce"
				);
				if let Some(head) = head {
					ensure!(head == channel.mqc_head, "channel head differs from its last batch");
				}
			}
			for (sent_at, block) in CommittedBlocks::<T>::iter() {
				ensure!(
					held_per_block.get(&sent_at).copied().unwrap_or(0) == block.held_batches,
					"a committed block's held count differs from its held batches"
				);
			}
			Ok(())
		}
	}
}

impl<T: Config> XcmpSender for Pallet<T> {
	fn send(destination: ParaId, payload: Payload) -> Result<MessageId, DispatchError> {
		Self::do_send(destination, payload)
	}
}

impl<T: Config> xcmp_primitives::relay_state::PendingOutbound for Pallet<T> {
	fn pending_destinations() -> Vec<ParaId> {
		Self::pending_destinations()
	}
}
