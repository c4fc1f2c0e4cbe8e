//! # XCMP relay pallet
//!
//! What a relay chain keeps for XCMP, and the gate every parachain candidate passes through: the
//! relay side of `docs/PROTOCOL.md` ("What the relay records", "Inclusion").
//!
//! ## Design
//!
//! Parachains keep their messages; the relay chain keeps only what lets a validator check a
//! candidate without them:
//!
//! - **channels** (opened like HRMP's: the sender requests, the receiver accepts, either closes,
//!   [`Config::ChannelManager`] can force), each with its limits, the last nonce the sender
//!   committed, the receiver's cursor and the nonce ranges the receiver refused that the sender
//!   has not seen yet;
//! - **channel requests** awaiting acceptance, each holding [`Config::ChannelRequestDeposit`]
//!   from its sender's sovereign account ([`Pallet::para_account`], a fungible hold,
//!   [`HoldReason::ChannelRequest`]) until it goes: accepted, cancelled by either party
//!   ([`Pallet::cancel_channel_request`]), or removed by anyone once it expired,
//!   [`Config::ChannelRequestTtl`] relay blocks after it was made
//!   ([`Pallet::remove_expired_channel_request`]);
//! - **block lists**: which senders each receiver blocks, at most `MAX_BLOCKED_SENDERS` each
//!   (inclusion refuses a candidate whose changes would pass it, `TooManyBlockedSenders`);
//! - **egress roots** per `(sender, sent_at)`, each with the nonce range it committed per
//!   destination that has not consumed its batch yet, kept until none is left;
//! - per receiver, its **watermark**, and its **digests**: for each relay block that recorded a
//!   batch to it not consumed yet, which senders' batches, linked oldest first.
//!
//! [`Pallet::include_candidate`] takes a validated candidate's
//! [`CandidateCommitments`](xcmp_verifier::CandidateCommitments), never a message, runs
//! [`xcmp_verifier::check_inclusion`] on them against this storage as it is at inclusion
//! (validators checked the batches against the relay parent's state), and applies the update
//! with [`xcmp_verifier::apply_update`] only if they pass. It also records each para's head. The
//! rules for what to store when live in the verifier crate, shared with its in-memory model.
//!
//! ## Terminology
//!
//! - **Closing** channel: one that accepts no new batches but stays until its receiver's cursor
//!   reaches the last committed nonce, since the receiver needs its limits to verify them.
//! - **Closed** channel: a closing one that is drained, or timed out: every batch pending on it
//!   expired for good, so that a channel whose receiver is gone closes without it
//!   ([`Pallet::close_expired_channel`]). Its record stays: both ends read the
//!   final cursor from it (the sender to prune what was delivered, validators to check the
//!   receiver's watermark), and a channel opened again between the same parachains continues
//!   its nonces and chain.
//!
//! ## Properties
//!
//! - Storage never holds a message body: its size grows with the number of channels and the
//!   blocks in the pending window, never with the number or size of messages (a test checks
//!   this by measuring the pallet's storage under two payload sizes).
//! - Every item is bounded by the protocol ceilings of `xcmp_primitives::limits` or by
//!   [`Config::MaxInboundChannels`] and [`Config::MaxOutboundChannels`], which count closed
//!   channels' records and pending requests alike: a request takes a place at both ends until it
//!   goes, and a channel takes its request's place.
//! - A request costs its sender a deposit for as long as it is pending, and no longer: what each
//!   sovereign account holds for requests is the sum of its pending requests' deposits.
//! - A receiver's block list changes only through its accepted candidates, whose changes the
//!   verifier applies in order within `MAX_BLOCKED_SENDERS`: a change to what already holds
//!   changes nothing, and a rejected candidate changes nothing at all.
//! - Including a candidate reads the records its batches name, not every record of their
//!   senders, and walks only the channels of its para that hold refusals it has not seen
//!   ([`UnseenRefusals`]); it is charged for as many as its [`InclusionWitness`] declares and
//!   refunds the rest (`docs/PROTOCOL.md`, "Inclusion cost and witness").
//! - A receiver's digests are those of its batches not consumed yet: each consumed batch drops its
//!   entry, and a digest goes with its last. Checking a watermark walks the receiver's digests
//!   oldest first, through their links, and reads at most one more than the candidate consumes
//!   batches, however many relay blocks lie between them (`docs/PROTOCOL.md`, "Watermark").
//! - An egress root is never pruned by age: a receiver that produces no block for a long time
//!   finds every root it still needs.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;
use alloc::boxed::Box;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod channels;
mod inclusion;
mod integrity;
mod records;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use channels::{ChannelRequest, LimitsProposal};
pub use pallet::*;
pub use records::{InclusionWitness, StorageRecords};
pub use weights::WeightInfo;

use frame_support::{traits::fungible, weights::Weight};
use polkadot_parachain_primitives::primitives::HrmpChannelId;
pub use xcmp_primitives::relay_state::{
	keys, AwaitedEgress, ChannelState, DigestSpan, ReceiverDigest,
};
use xcmp_primitives::{ChannelLimits, Nonce, ParaId, RelayBlockNumber, H256};
use xcmp_verifier::{CandidateCommitments, CandidateError};

/// Including a candidate, composed from the measured benchmarks of [`WeightInfo`]:
/// `include_candidate` over its consumed batches and destinations, and what each channel whose
/// refusals it sees (`include_candidate_refusals_seen`) and each block-list change
/// (`include_candidate_block_list`) adds. Implemented for every [`WeightInfo`].
pub trait WeightInfoExt: WeightInfo {
	/// `include_candidate` of commitments that name `b` consumed batches, send to `d`
	/// destinations, see refusals on `r` of the para's outbound channels and make `c` block-list
	/// changes. No message is in them, so no message count or size.
	fn include_candidate_with(b: u32, d: u32, r: u32, c: u32) -> Weight {
		let added = |f: fn(u32) -> Weight, x: u32| f(x).saturating_sub(f(0));
		Self::include_candidate(b, d)
			.saturating_add(added(Self::include_candidate_refusals_seen, r))
			.saturating_add(added(Self::include_candidate_block_list, c))
	}
}

impl<W: WeightInfo> WeightInfoExt for W {}

/// Moves a count kept in an `OptionQuery`-like `Option<u32>` (none stored at zero) by one, up
/// (`added`) or down: what `mutate_exists` is given for the counts of requests and of blocked
/// senders. A count going below zero is a defensive failure naming `what`, and stays at zero.
pub(crate) fn step_count(count: &mut Option<u32>, added: bool, what: &'static str) {
	let now = match (count.unwrap_or_default(), added) {
		(before, true) => before.saturating_add(1),
		(0, false) => {
			frame_support::defensive!(what);
			0
		}
		(before, false) => before.saturating_sub(1),
	};
	*count = (now > 0).then_some(now);
}

/// The balance of [`Config::Currency`].
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The storage layout this code reads and writes. It is the first release's; a change of
	/// layout bumps it and comes with a migration (`docs/PROTOCOL.md`, "Storage versions").
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The origin of a parachain acting for itself (requesting, accepting, closing its
		/// channels), yielding its id.
		type ParaOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = ParaId>;
		/// The origin that may open and close channels by force (governance).
		type ChannelManager: EnsureOrigin<Self::RuntimeOrigin>;
		/// The origin that includes candidates (the relay's inclusion machinery).
		type InclusionOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Most channels into one parachain, closed ones included, and so most senders in one
		/// digest entry. A parachain's ingress pallet must keep at least as many senders.
		#[pallet::constant]
		type MaxInboundChannels: Get<u32>;
		/// Most channels out of one parachain, closed ones included (HRMP's
		/// `hrmp_max_parachain_outbound_channels`): bounds the channels whose refusals one
		/// candidate of the sender may have to drop, and so the weight charged for it.
		#[pallet::constant]
		type MaxOutboundChannels: Get<u32>;
		/// The currency a channel request's deposit is held in, from its sender's sovereign
		/// account ([`Pallet::para_account`]).
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons, of which this pallet's [`HoldReason`] is one.
		type RuntimeHoldReason: From<HoldReason>;
		/// What a parachain's sovereign account holds for each channel request it has pending,
		/// released when the request is accepted, cancelled or removed once expired: it pays for
		/// the request's storage and for the places it takes among both parachains' channels.
		#[pallet::constant]
		type ChannelRequestDeposit: Get<BalanceOf<Self>>;
		/// Relay blocks a channel request stays acceptable. From then on it cannot be accepted,
		/// and anyone may remove it ([`Pallet::remove_expired_channel_request`]).
		#[pallet::constant]
		type ChannelRequestTtl: Get<RelayBlockNumber>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a pending channel request, held from its sender's sovereign account.
		ChannelRequest,
	}

	/// Channels, by sender then receiver: open, closing, or closed (closing and drained), whose
	/// record stays so that both ends keep reading the final cursor and a channel opened again
	/// between them continues it (`docs/PROTOCOL.md`, "Channels: opening, closing and reopening").
	#[pallet::storage]
	pub type Channels<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, ParaId, ChannelState>;

	/// Number of channels into each parachain, closed ones included: a parachain's ingress keeps
	/// a record of every sender it had, so [`Config::MaxInboundChannels`] bounds the senders it
	/// ever has (`docs/PROTOCOL.md`, "Channels: opening, closing and reopening").
	#[pallet::storage]
	pub type InboundChannelCount<T: Config> = StorageMap<_, Twox64Concat, ParaId, u32, ValueQuery>;

	/// Number of channels out of each parachain, closed ones included.
	#[pallet::storage]
	pub type OutboundChannelCount<T: Config> = StorageMap<_, Twox64Concat, ParaId, u32, ValueQuery>;

	/// Per sender, strictly sorted, the receivers whose channel from it holds refused ranges
	/// the sender has not seen yet: the only channels the sender's next candidate may change by
	/// seeing them, so a candidate walks these and not all of its sender's channels.
	#[pallet::storage]
	pub type UnseenRefusals<T: Config> =
		StorageMap<_, Twox64Concat, ParaId, BoundedVec<ParaId, T::MaxOutboundChannels>, ValueQuery>;

	/// Channel requests awaiting the receiver's acceptance, by sender then receiver: each with
	/// the limits asked for, the relay block it was made in (it expires
	/// [`Config::ChannelRequestTtl`] blocks later) and the deposit held for it.
	#[pallet::storage]
	pub type OpenRequests<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParaId,
		Twox64Concat,
		ParaId,
		ChannelRequest<BalanceOf<T>>,
	>;

	/// Proposed changes to open channels' limits, by sender then receiver, at most one a
	/// channel: the other member of the channel may accept one
	/// ([`Pallet::accept_channel_limits`]). A proposal goes when it is accepted or cancelled,
	/// when the limits change by force, and when the channel begins to close.
	#[pallet::storage]
	pub type LimitsProposals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, ParaId, LimitsProposal>;

	/// Number of pending requests into each parachain that take a place among its
	/// [`Config::MaxInboundChannels`]: those between two parachains without a channel record (a
	/// request to reopen a closed channel takes the place the channel keeps). Absent when none.
	#[pallet::storage]
	pub type InboundRequestCount<T: Config> = StorageMap<_, Twox64Concat, ParaId, u32, ValueQuery>;

	/// Number of pending requests out of each parachain that take a place among its
	/// [`Config::MaxOutboundChannels`], as [`InboundRequestCount`]. Absent when none.
	#[pallet::storage]
	pub type OutboundRequestCount<T: Config> = StorageMap<_, Twox64Concat, ParaId, u32, ValueQuery>;

	/// Senders each receiver blocks, by receiver then sender, with the relay block that recorded
	/// each block: at most [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS)
	/// per receiver, which the verifier keeps (`docs/PROTOCOL.md`, "Block lists and refusals").
	/// A sender's block built on an earlier relay parent did not see it, and may still commit to
	/// the receiver (`docs/PROTOCOL.md`, "Inclusion").
	#[pallet::storage]
	pub type Blocked<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParaId,
		Twox64Concat,
		ParaId,
		RelayBlockNumber,
		OptionQuery,
	>;

	/// Number of senders each receiver blocks (its entries in [`Blocked`]), absent when none:
	/// what the verifier checks a candidate's block-list changes against.
	#[pallet::storage]
	pub type BlockedCount<T: Config> = StorageMap<_, Twox64Concat, ParaId, u32, ValueQuery>;

	/// The hash of each para's last included block: a candidate builds on it
	/// (`docs/PROTOCOL.md`, "Inclusion"). Polkadot's `paras` module keeps these heads; a relay
	/// runtime that has one points the check at it.
	#[pallet::storage]
	pub type Heads<T: Config> = StorageMap<_, Twox64Concat, ParaId, H256>;

	/// Egress roots held, by sender then `sent_at`: what a receiver's block proves to check a
	/// batch's entry. Each has its [`AwaitedBatches`] record, and goes with it.
	#[pallet::storage]
	pub type EgressRoots<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, RelayBlockNumber, H256>;

	/// Per held egress root, by sender then `sent_at`: the relay block that recorded it and the
	/// batches of it not consumed yet. Kept apart from the root so that a receiver's proof of
	/// the root carries none of it (`docs/PROTOCOL.md`, "What a receiver's block proves").
	#[pallet::storage]
	pub type AwaitedBatches<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ParaId, Twox64Concat, RelayBlockNumber, AwaitedEgress>;

	/// Relay parent of each sender's last recorded egress.
	#[pallet::storage]
	pub type LastEgressAt<T: Config> = StorageMap<_, Twox64Concat, ParaId, RelayBlockNumber>;

	/// Each receiver's watermark.
	#[pallet::storage]
	pub type Watermarks<T: Config> =
		StorageMap<_, Twox64Concat, ParaId, RelayBlockNumber, ValueQuery>;

	/// Per receiver and relay block: the digest of the batches to it the relay recorded in that
	/// block and it has not consumed yet (one entry per sender, at the last nonce recorded
	/// there), linked to the receiver's digests before and after. A digest goes with its last
	/// entry, so a receiver holds at most one per pending batch, whatever the time
	/// (`docs/PROTOCOL.md`, "Watermark").
	#[pallet::storage]
	pub type Digests<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ParaId,
		Twox64Concat,
		RelayBlockNumber,
		ReceiverDigest<BoundedVec<(ParaId, Nonce), T::MaxInboundChannels>>,
	>;

	/// Per receiver, the relay blocks of its oldest and newest digests: where a watermark's walk
	/// starts, and where the next digest is linked.
	#[pallet::storage]
	pub type DigestSpans<T: Config> = StorageMap<_, Twox64Concat, ParaId, DigestSpan>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A sender asked to open a channel.
		OpenChannelRequested {
			/// The sender.
			sender: ParaId,
			/// The receiver.
			receiver: ParaId,
			/// The limits asked for.
			limits: ChannelLimits,
		},
		/// A pending channel request was cancelled by one of its parachains, and its deposit
		/// released.
		ChannelRequestCancelled {
			/// The sender.
			sender: ParaId,
			/// The receiver.
			receiver: ParaId,
			/// The parachain that cancelled it.
			by: ParaId,
		},
		/// An expired channel request was removed, and its deposit released.
		ChannelRequestExpired {
			/// The sender.
			sender: ParaId,
			/// The receiver.
			receiver: ParaId,
		},
		/// A channel was opened.
		ChannelOpened {
			/// The channel.
			channel: HrmpChannelId,
			/// Its limits.
			limits: ChannelLimits,
		},
		/// A channel stopped accepting batches; it is closed once drained.
		ChannelClosing {
			/// The channel.
			channel: HrmpChannelId,
		},
		/// A closing channel was drained, or timed out, and is closed: it may be opened again.
		ChannelClosed {
			/// The channel.
			channel: HrmpChannelId,
		},
		/// A member of a channel proposed to change its limits in place.
		ChannelLimitsProposed {
			/// The channel.
			channel: HrmpChannelId,
			/// The limits proposed.
			limits: ChannelLimits,
			/// The member that proposed them.
			by: ParaId,
		},
		/// A proposal to change a channel's limits was withdrawn or declined.
		ChannelLimitsProposalCancelled {
			/// The channel.
			channel: HrmpChannelId,
			/// The member that cancelled it.
			by: ParaId,
		},
		/// A channel's limits changed in place: batches sent from now on are judged by them,
		/// those sent before by the limits they were sent under.
		ChannelLimitsChanged {
			/// The channel.
			channel: HrmpChannelId,
			/// Its new limits.
			limits: ChannelLimits,
		},
		/// A candidate's commitments passed inclusion and its update was applied.
		CandidateIncluded {
			/// The candidate's para.
			para: ParaId,
			/// Its relay parent.
			relay_parent: RelayBlockNumber,
		},
		/// A candidate's commitments failed inclusion; nothing of it was applied.
		CandidateRejected {
			/// The candidate's para.
			para: ParaId,
			/// Why.
			reason: CandidateError,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A channel from a para to itself.
		ChannelToSelf,
		/// The channel's limits are outside the protocol's ceilings or inconsistent.
		InvalidLimits,
		/// The channel is open already, or closing and not yet closed, or closed with a refusal
		/// its sender has not seen.
		ChannelExists,
		/// The channel closed less than `MAX_RELAY_PARENT_AGE` relay blocks after it began to
		/// close: a candidate built before may still be included and send to it, under its old
		/// limits. It may be opened again from that many blocks on.
		ClosedTooRecently,
		/// A request for this channel is pending already.
		RequestExists,
		/// No pending request for this channel.
		NoRequest,
		/// No such channel.
		NoChannel,
		/// The channel is closing or closed already.
		AlreadyClosing,
		/// Only the channel's sender or receiver may close it, or cancel a request for it.
		NotChannelMember,
		/// The receiver has as many inbound channels and pending requests as
		/// [`Config::MaxInboundChannels`].
		TooManyInboundChannels,
		/// The sender has as many outbound channels and pending requests as
		/// [`Config::MaxOutboundChannels`].
		TooManyOutboundChannels,
		/// The candidate's inclusion would walk more than its [`InclusionWitness`] declares.
		WitnessTooLow,
		/// The sender's sovereign account cannot hold the request's deposit
		/// ([`Config::ChannelRequestDeposit`]) and keep its existential deposit.
		InsufficientBalance,
		/// The request expired ([`Config::ChannelRequestTtl`]): it cannot be accepted, and anyone
		/// may remove it.
		RequestExpired,
		/// The request has not expired: until it does, only its parachains may remove it, by
		/// cancelling it.
		RequestNotExpired,
		/// The channel has these limits already.
		LimitsUnchanged,
		/// The channel's last change of limits is not settled: a candidate built before it may
		/// still be included, or its receiver has not consumed every batch sent before it
		/// ([`EarlierLimits::settled`](xcmp_primitives::relay_state::EarlierLimits::settled)).
		LimitsChangeUnsettled,
		/// No proposal to change this channel's limits.
		NoLimitsProposal,
		/// The proposal is the caller's own: the channel's other member accepts it.
		OwnLimitsProposal,
		/// The proposal is for other limits than those accepted: it changed since.
		LimitsProposalMismatch,
		/// The channel is not closing: only a closing channel closes by timeouts.
		NotClosing,
		/// The channel is closed already.
		AlreadyClosed,
		/// A batch pending on the channel has no deadline, or one that passed less than
		/// `MAX_RELAY_PARENT_AGE` relay blocks ago, or its sender has not seen every refusal:
		/// the channel cannot close without its receiver yet.
		ChannelNotExpired,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			if let Err(error) = Self::check_config() {
				panic!("pallet-xcmp-relay: {error}");
			}
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Asks to open a channel from the calling para to `receiver` with `limits`, holding
		/// [`Config::ChannelRequestDeposit`] from the para's sovereign account until the request
		/// is accepted, cancelled or removed once expired.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::request_channel())]
		pub fn request_channel(
			origin: OriginFor<T>,
			receiver: ParaId,
			limits: ChannelLimits,
		) -> DispatchResult {
			let sender = T::ParaOrigin::ensure_origin(origin)?;
			Self::do_request_channel(sender, receiver, limits)
		}

		/// Accepts the pending request of `sender` to open a channel to the calling para, unless
		/// it expired; the sender's deposit is released.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::accept_channel())]
		pub fn accept_channel(origin: OriginFor<T>, sender: ParaId) -> DispatchResult {
			let receiver = T::ParaOrigin::ensure_origin(origin)?;
			Self::do_accept_channel(sender, receiver)
		}

		/// Closes a channel the calling para is the sender or receiver of. It accepts no new
		/// batches and is closed once its receiver consumed everything committed on it (and its
		/// sender saw every refusal).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::close_channel())]
		pub fn close_channel(origin: OriginFor<T>, channel: HrmpChannelId) -> DispatchResult {
			let para = T::ParaOrigin::ensure_origin(origin)?;
			ensure!(
				para == channel.sender || para == channel.recipient,
				Error::<T>::NotChannelMember
			);
			Self::do_close_channel(channel)
		}

		/// Opens a channel by force, without a request.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::force_open_channel())]
		pub fn force_open_channel(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
			limits: ChannelLimits,
		) -> DispatchResult {
			T::ChannelManager::ensure_origin(origin)?;
			Self::do_force_open_channel(channel, limits)
		}

		/// Closes a channel by force (as [`Pallet::close_channel`], without being a member).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::close_channel())]
		pub fn force_close_channel(origin: OriginFor<T>, channel: HrmpChannelId) -> DispatchResult {
			T::ChannelManager::ensure_origin(origin)?;
			Self::do_close_channel(channel)
		}

		/// Includes a candidate the validators validated, by its commitments: checks them
		/// against the relay's records ([`xcmp_verifier::check_inclusion`]) and applies the
		/// update if accepted. It takes no message, batch or proof. A rejected candidate changes
		/// nothing and is reported by [`Event::CandidateRejected`].
		///
		/// `witness` bounds what the inclusion walks beyond the candidate's contents (the
		/// channels holding refusals its para has not seen; [`InclusionWitness::of`] computes
		/// it), so that the charge before dispatch is what the
		/// inclusion may do. A candidate that needs more than its witness is not checked
		/// ([`Error::WitnessTooLow`]); what it needed less than its witness is refunded.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::include_candidate_weight(
			candidate,
			witness.refusing.min(T::MaxOutboundChannels::get()),
		))]
		pub fn include_candidate(
			origin: OriginFor<T>,
			candidate: Box<CandidateCommitments>,
			witness: InclusionWitness,
		) -> DispatchResultWithPostInfo {
			T::InclusionOrigin::ensure_origin(origin)?;
			let para = candidate.para;
			let needed = witness.needed_within::<T>(&candidate).ok_or(Error::<T>::WitnessTooLow)?;
			match Self::do_include_candidate(&candidate) {
				Ok(()) => Self::deposit_event(Event::CandidateIncluded {
					para,
					relay_parent: candidate.relay_parent,
				}),
				Err(reason) => Self::deposit_event(Event::CandidateRejected { para, reason }),
			}
			Ok(Some(Self::include_candidate_weight(&candidate, needed.refusing)).into())
		}

		/// Cancels the pending request for `channel`, expired or not, which the calling para is
		/// the sender or receiver of (as HRMP's `hrmp_cancel_open_request`): the sender's deposit
		/// is released, and the places the request took are free again.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_channel_request())]
		pub fn cancel_channel_request(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
		) -> DispatchResult {
			let para = T::ParaOrigin::ensure_origin(origin)?;
			ensure!(
				para == channel.sender || para == channel.recipient,
				Error::<T>::NotChannelMember
			);
			Self::do_cancel_channel_request(channel, para)
		}

		/// Removes the expired request for `channel`; any signed origin may. The sender's deposit
		/// is released to it, and the places the request took are free again.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::remove_expired_channel_request())]
		pub fn remove_expired_channel_request(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_remove_expired_channel_request(channel)
		}

		/// Proposes to change the limits of an open channel the calling para is the sender or
		/// receiver of, replacing any proposal for it; the other member may accept it
		/// ([`Pallet::accept_channel_limits`]).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::propose_channel_limits())]
		pub fn propose_channel_limits(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
			limits: ChannelLimits,
		) -> DispatchResult {
			let para = T::ParaOrigin::ensure_origin(origin)?;
			Self::do_propose_channel_limits(channel, para, limits)
		}

		/// Accepts the other member's proposal to change `channel`'s limits to `limits`: they
		/// change in place, while the channel stays open. Batches sent before keep being judged
		/// by the limits they were sent under, so nothing pending is dropped.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::change_channel_limits())]
		pub fn accept_channel_limits(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
			limits: ChannelLimits,
		) -> DispatchResult {
			let para = T::ParaOrigin::ensure_origin(origin)?;
			Self::do_accept_channel_limits(channel, para, limits)
		}

		/// Withdraws (the proposer) or declines (the other member) the proposal to change
		/// `channel`'s limits.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::cancel_channel_limits_proposal())]
		pub fn cancel_channel_limits_proposal(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
		) -> DispatchResult {
			let para = T::ParaOrigin::ensure_origin(origin)?;
			Self::do_cancel_channel_limits_proposal(channel, para)
		}

		/// Changes an open channel's limits in place by force (as an accepted proposal), and
		/// removes any proposal for it.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::change_channel_limits())]
		pub fn force_change_channel_limits(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
			limits: ChannelLimits,
		) -> DispatchResult {
			T::ChannelManager::ensure_origin(origin)?;
			Self::do_change_channel_limits(channel, limits)
		}

		/// Closes a closing channel whose receiver took nothing in time: every batch pending on
		/// it passed its deadline at least `MAX_RELAY_PARENT_AGE` relay blocks ago, so its
		/// receiver may only refuse them, and its sender has seen every refusal
		/// ([`ChannelState::time_out`](xcmp_primitives::relay_state::ChannelState::time_out));
		/// any signed origin may. A channel whose receiver is gone closes so; its pending
		/// batches stay, for the receiver to refuse if it comes back.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::close_expired_channel())]
		pub fn close_expired_channel(
			origin: OriginFor<T>,
			channel: HrmpChannelId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close_expired_channel(channel)
		}
	}
}
