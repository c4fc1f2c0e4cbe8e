//! Channels: requested (with a deposit, for a limited time), accepted, cancelled or forced
//! open, closed once drained, reopened as they were.

use super::*;
use frame_support::{
	defensive, ensure,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{fungible::MutateHold, tokens::Precision},
};
use sp_runtime::{
	traits::{AccountIdConversion, UniqueSaturatedInto, Zero},
	TokenError,
};
use xcmp_primitives::relay_state::LimitsChangeError;

/// A pending request to open a channel, as [`OpenRequests`] keeps it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct ChannelRequest<Balance> {
	/// The limits the sender asked for.
	pub limits: ChannelLimits,
	/// The relay block in which it was made.
	pub requested_at: RelayBlockNumber,
	/// What is held for it from the sender's sovereign account, released when it goes.
	pub deposit: Balance,
}

impl<B> ChannelRequest<B> {
	/// The first relay block in which the request is expired, when requests stay acceptable for
	/// `ttl` relay blocks.
	pub fn expires_at(&self, ttl: RelayBlockNumber) -> RelayBlockNumber {
		self.requested_at.saturating_add(ttl)
	}
}

impl<T: Config> Pallet<T> {
	/// The sovereign account of `para` on the relay chain, which holds the deposits of its
	/// channel requests (as HRMP's deposits: `para.into_account_truncating()`).
	pub fn para_account(para: ParaId) -> T::AccountId {
		para.into_account_truncating()
	}

	/// The relay block being built.
	pub(crate) fn now() -> RelayBlockNumber {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// Whether `request` expired: it cannot be accepted any more, and anyone may remove it.
	pub fn is_expired(request: &ChannelRequest<BalanceOf<T>>) -> bool {
		Self::now() >= request.expires_at(T::ChannelRequestTtl::get())
	}

	/// Records a request to open `sender -> receiver`, holding [`Config::ChannelRequestDeposit`]
	/// from the sender's sovereign account. Between two parachains without a channel record, it
	/// takes a place among the receiver's inbound and the sender's outbound channels until it is
	/// accepted or removed. An expired request for the same channel is removed first, as
	/// [`Pallet::remove_expired_channel_request`] would.
	pub fn do_request_channel(
		sender: ParaId,
		receiver: ParaId,
		limits: ChannelLimits,
	) -> DispatchResult {
		with_storage_layer(|| Self::replace_expired_and_request(sender, receiver, limits))
	}

	fn replace_expired_and_request(
		sender: ParaId,
		receiver: ParaId,
		limits: ChannelLimits,
	) -> DispatchResult {
		if let Some(pending) = OpenRequests::<T>::get(sender, receiver) {
			ensure!(Self::is_expired(&pending), Error::<T>::RequestExists);
			Self::remove_request(sender, receiver);
			Self::deposit_event(Event::ChannelRequestExpired { sender, receiver });
		}
		Self::ensure_can_open(sender, receiver, &limits)?;
		let deposit = T::ChannelRequestDeposit::get();
		if !deposit.is_zero() {
			let reason = HoldReason::ChannelRequest.into();
			T::Currency::hold(&reason, &Self::para_account(sender), deposit).map_err(|error| {
				match error {
					DispatchError::Token(TokenError::FundsUnavailable) => {
						Error::<T>::InsufficientBalance.into()
					}
					other => other,
				}
			})?;
		}
		let request = ChannelRequest { limits, requested_at: Self::now(), deposit };
		OpenRequests::<T>::insert(sender, receiver, request);
		if Self::request_takes_places(sender, receiver) {
			Self::count_request(sender, receiver, true);
		}
		Self::deposit_event(Event::OpenChannelRequested { sender, receiver, limits });
		Ok(())
	}

	/// Opens `sender -> receiver` as its pending request asked, unless it expired: the channel
	/// takes the request's places, and the sender's deposit is released.
	pub fn do_accept_channel(sender: ParaId, receiver: ParaId) -> DispatchResult {
		let request = OpenRequests::<T>::get(sender, receiver).ok_or(Error::<T>::NoRequest)?;
		ensure!(!Self::is_expired(&request), Error::<T>::RequestExpired);
		with_storage_layer(|| {
			Self::remove_request(sender, receiver);
			Self::do_open_channel(sender, receiver, request.limits)
		})
	}

	/// Opens `channel` with `limits` without a request; a pending one is removed, its deposit
	/// released.
	pub fn do_force_open_channel(channel: HrmpChannelId, limits: ChannelLimits) -> DispatchResult {
		let (sender, receiver) = (channel.sender, channel.recipient);
		with_storage_layer(|| {
			Self::remove_request(sender, receiver);
			Self::do_open_channel(sender, receiver, limits)
		})
	}

	/// Cancels the pending request for `channel`, expired or not, on behalf of `by`.
	pub fn do_cancel_channel_request(channel: HrmpChannelId, by: ParaId) -> DispatchResult {
		let (sender, receiver) = (channel.sender, channel.recipient);
		Self::remove_request(sender, receiver).ok_or(Error::<T>::NoRequest)?;
		Self::deposit_event(Event::ChannelRequestCancelled { sender, receiver, by });
		Ok(())
	}

	/// Removes the pending request for `channel` if it expired.
	pub fn do_remove_expired_channel_request(channel: HrmpChannelId) -> DispatchResult {
		let (sender, receiver) = (channel.sender, channel.recipient);
		let request = OpenRequests::<T>::get(sender, receiver).ok_or(Error::<T>::NoRequest)?;
		ensure!(Self::is_expired(&request), Error::<T>::RequestNotExpired);
		Self::remove_request(sender, receiver);
		Self::deposit_event(Event::ChannelRequestExpired { sender, receiver });
		Ok(())
	}

	/// Removes the pending request for `sender -> receiver`, if any, with its places and its
	/// deposit.
	fn remove_request(sender: ParaId, receiver: ParaId) -> Option<ChannelRequest<BalanceOf<T>>> {
		let request = OpenRequests::<T>::take(sender, receiver)?;
		if Self::request_takes_places(sender, receiver) {
			Self::count_request(sender, receiver, false);
		}
		Self::release_deposit(sender, request.deposit);
		Some(request)
	}

	/// Releases `deposit`, held for one of `sender`'s requests.
	fn release_deposit(sender: ParaId, deposit: BalanceOf<T>) {
		if deposit.is_zero() {
			return;
		}
		let reason = HoldReason::ChannelRequest.into();
		match T::Currency::release(
			&reason,
			&Self::para_account(sender),
			deposit,
			Precision::BestEffort,
		) {
			Ok(released) if released == deposit => {}
			Ok(released) => {
				defensive!("a request's deposit stays held until it goes", (sender, released));
			}
			Err(error) => {
				defensive!("a request's deposit can be released", (sender, error));
			}
		}
	}

	/// Whether a request for `sender -> receiver` takes places of its own: unless the pair has a
	/// (closed) channel, whose places it would take back. This holds while the request is
	/// pending: a channel record is only made by opening, which removes the request first.
	pub(crate) fn request_takes_places(sender: ParaId, receiver: ParaId) -> bool {
		!Channels::<T>::contains_key(sender, receiver)
	}

	/// Counts a request taking places (`added`) or giving them back.
	fn count_request(sender: ParaId, receiver: ParaId, added: bool) {
		let step = |count: &mut Option<u32>| {
			step_count(count, added, "a request giving back its places was counted")
		};
		InboundRequestCount::<T>::mutate_exists(receiver, step);
		OutboundRequestCount::<T>::mutate_exists(sender, step);
	}

	fn ensure_can_open(sender: ParaId, receiver: ParaId, limits: &ChannelLimits) -> DispatchResult {
		ensure!(sender != receiver, Error::<T>::ChannelToSelf);
		limits.validate().map_err(|_| Error::<T>::InvalidLimits)?;
		match Channels::<T>::get(sender, receiver) {
			// Reopened, a closed channel takes back its own places; not while a candidate built
			// before it began to close may still be included, and send to it under its old limits.
			Some(state) => {
				ensure!(state.may_reopen(), Error::<T>::ChannelExists);
				let settled = state.closing_since.is_some_and(|since| {
					Self::now()
						>= since.saturating_add(xcmp_primitives::limits::MAX_RELAY_PARENT_AGE)
				});
				ensure!(settled, Error::<T>::ClosedTooRecently);
			}
			// Channels and pending requests together stay within the bounds.
			None => {
				let inbound = InboundChannelCount::<T>::get(receiver)
					.saturating_add(InboundRequestCount::<T>::get(receiver));
				ensure!(inbound < T::MaxInboundChannels::get(), Error::<T>::TooManyInboundChannels);
				let outbound = OutboundChannelCount::<T>::get(sender)
					.saturating_add(OutboundRequestCount::<T>::get(sender));
				ensure!(
					outbound < T::MaxOutboundChannels::get(),
					Error::<T>::TooManyOutboundChannels
				);
			}
		}
		Ok(())
	}

	/// Opens `sender -> receiver`.
	pub(crate) fn do_open_channel(
		sender: ParaId,
		receiver: ParaId,
		limits: ChannelLimits,
	) -> DispatchResult {
		Self::ensure_can_open(sender, receiver, &limits)?;
		// A closed channel opened again continues its nonces and chain, which both ends keep.
		let state = match Channels::<T>::get(sender, receiver) {
			Some(closed) => {
				ChannelState { limits, earlier_limits: None, closing_since: None, ..closed }
			}
			None => {
				InboundChannelCount::<T>::mutate(receiver, |count| *count += 1);
				OutboundChannelCount::<T>::mutate(sender, |count| *count += 1);
				ChannelState::new(limits)
			}
		};
		Channels::<T>::insert(sender, receiver, state);
		let channel = HrmpChannelId { sender, recipient: receiver };
		Self::deposit_event(Event::ChannelOpened { channel, limits });
		Ok(())
	}

	pub(crate) fn do_close_channel(channel: HrmpChannelId) -> DispatchResult {
		let (sender, receiver) = (channel.sender, channel.recipient);
		Channels::<T>::try_mutate(sender, receiver, |state| -> DispatchResult {
			let state = state.as_mut().ok_or(Error::<T>::NoChannel)?;
			ensure!(!state.is_closing(), Error::<T>::AlreadyClosing);
			state.closing_since = Some(Self::now());
			Ok(())
		})?;
		// A closing channel's limits do not change: a proposal for them goes.
		LimitsProposals::<T>::remove(sender, receiver);
		Self::deposit_event(Event::ChannelClosing { channel });
		Self::close_if_done(sender, receiver);
		Ok(())
	}

	/// Closes `sender -> receiver`, which was closing and not closed, if it now is drained or
	/// timed out ([`ChannelState::time_out`]). It keeps its place among its receiver's
	/// channels, as the receiver's ingress pallet keeps its record of the sender.
	pub(crate) fn close_if_done(sender: ParaId, receiver: ParaId) {
		let Some(mut state) = Channels::<T>::get(sender, receiver) else { return };
		if state.time_out(Self::now()) {
			Channels::<T>::insert(sender, receiver, &state);
		}
		if state.is_closed() {
			let channel = HrmpChannelId { sender, recipient: receiver };
			Self::deposit_event(Event::ChannelClosed { channel });
		}
	}

	pub(crate) fn do_close_expired_channel(channel: HrmpChannelId) -> DispatchResult {
		let (sender, receiver) = (channel.sender, channel.recipient);
		let mut state = Channels::<T>::get(sender, receiver).ok_or(Error::<T>::NoChannel)?;
		ensure!(state.is_closing(), Error::<T>::NotClosing);
		ensure!(!state.is_closed(), Error::<T>::AlreadyClosed);
		ensure!(state.time_out(Self::now()), Error::<T>::ChannelNotExpired);
		Channels::<T>::insert(sender, receiver, &state);
		Self::deposit_event(Event::ChannelClosed { channel });
		Ok(())
	}
}

/// A proposed change to an open channel's limits, as [`LimitsProposals`] keeps it: the other
/// member of the channel may accept it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen, Debug)]
pub struct LimitsProposal {
	/// The limits proposed.
	pub limits: ChannelLimits,
	/// The member that proposed them: the channel's sender or receiver.
	pub by: ParaId,
}

impl<T: Config> Pallet<T> {
	/// Proposes, on behalf of `by`, a member of `channel`, to change its limits in place to
	/// `limits`, replacing any earlier proposal for the channel.
	pub fn do_propose_channel_limits(
		channel: HrmpChannelId,
		by: ParaId,
		limits: ChannelLimits,
	) -> DispatchResult {
		let (sender, receiver) = Self::members(&channel, by)?;
		let state = Channels::<T>::get(sender, receiver).ok_or(Error::<T>::NoChannel)?;
		state.check_limits_proposal(&limits).map_err(Error::<T>::from)?;
		LimitsProposals::<T>::insert(sender, receiver, LimitsProposal { limits, by });
		Self::deposit_event(Event::ChannelLimitsProposed { channel, limits, by });
		Ok(())
	}

	/// Accepts, on behalf of `by`, the proposal for `channel` made by its other member, if it
	/// proposes `limits`: the channel's limits change in place.
	pub fn do_accept_channel_limits(
		channel: HrmpChannelId,
		by: ParaId,
		limits: ChannelLimits,
	) -> DispatchResult {
		let (sender, receiver) = Self::members(&channel, by)?;
		let proposal =
			LimitsProposals::<T>::get(sender, receiver).ok_or(Error::<T>::NoLimitsProposal)?;
		ensure!(proposal.by != by, Error::<T>::OwnLimitsProposal);
		ensure!(proposal.limits == limits, Error::<T>::LimitsProposalMismatch);
		Self::do_change_channel_limits(channel, limits)
	}

	/// Withdraws (by its proposer) or declines (by the other member) the proposal for
	/// `channel`, on behalf of `by`.
	pub fn do_cancel_channel_limits_proposal(channel: HrmpChannelId, by: ParaId) -> DispatchResult {
		let (sender, receiver) = Self::members(&channel, by)?;
		LimitsProposals::<T>::take(sender, receiver).ok_or(Error::<T>::NoLimitsProposal)?;
		Self::deposit_event(Event::ChannelLimitsProposalCancelled { channel, by });
		Ok(())
	}

	/// `channel`'s sender and receiver, if `by` is one of them.
	fn members(channel: &HrmpChannelId, by: ParaId) -> Result<(ParaId, ParaId), Error<T>> {
		let (sender, receiver) = (channel.sender, channel.recipient);
		ensure!(by == sender || by == receiver, Error::<T>::NotChannelMember);
		Ok((sender, receiver))
	}

	/// Changes the limits of the open `channel` in place to `limits`, and removes any proposal
	/// for it. Batches sent before keep being judged by the limits they were sent under, so
	/// nothing pending is dropped (`docs/PROTOCOL.md`, "Channel limits changed in place").
	pub fn do_change_channel_limits(
		channel: HrmpChannelId,
		limits: ChannelLimits,
	) -> DispatchResult {
		let (sender, receiver) = (channel.sender, channel.recipient);
		Channels::<T>::try_mutate(sender, receiver, |state| -> DispatchResult {
			let state = state.as_mut().ok_or(Error::<T>::NoChannel)?;
			state.check_limits_change(&limits, Self::now()).map_err(Error::<T>::from)?;
			state.change_limits(limits, Self::now());
			Ok(())
		})?;
		LimitsProposals::<T>::remove(sender, receiver);
		Self::deposit_event(Event::ChannelLimitsChanged { channel, limits });
		Ok(())
	}
}

impl<T: Config> From<LimitsChangeError> for Error<T> {
	fn from(error: LimitsChangeError) -> Self {
		match error {
			LimitsChangeError::Closing => Error::<T>::AlreadyClosing,
			LimitsChangeError::Invalid => Error::<T>::InvalidLimits,
			LimitsChangeError::Unchanged => Error::<T>::LimitsUnchanged,
			LimitsChangeError::Unsettled => Error::<T>::LimitsChangeUnsettled,
		}
	}
}
