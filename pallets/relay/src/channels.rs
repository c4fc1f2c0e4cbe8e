//! Channels: requested, accepted or forced open, closed once drained, reopened as they were.

use super::*;
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// Records a request to open `sender -> receiver`.
	pub fn do_request_channel(
		sender: ParaId,
		receiver: ParaId,
		limits: ChannelLimits,
	) -> DispatchResult {
		Self::ensure_can_open(sender, receiver, &limits)?;
		ensure!(!OpenRequests::<T>::contains_key(sender, receiver), Error::<T>::RequestExists);
		OpenRequests::<T>::insert(sender, receiver, limits);
		Self::deposit_event(Event::OpenChannelRequested { sender, receiver, limits });
		Ok(())
	}

	fn ensure_can_open(sender: ParaId, receiver: ParaId, limits: &ChannelLimits) -> DispatchResult {
		ensure!(sender != receiver, Error::<T>::ChannelToSelf);
		limits.validate().map_err(|_| Error::<T>::InvalidLimits)?;
		match Channels::<T>::get(sender, receiver) {
			// Reopened, a closed channel takes back its own places.
			Some(state) => ensure!(state.is_closed(), Error::<T>::ChannelExists),
			None => {
				ensure!(
					InboundChannelCount::<T>::get(receiver) < T::MaxInboundChannels::get(),
					Error::<T>::TooManyInboundChannels
				);
				ensure!(
					OutboundChannelCount::<T>::get(sender) < T::MaxOutboundChannels::get(),
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
		// No batch to the receiver is recorded before its first inbound channel opens.
		if !FirstInboundAt::<T>::contains_key(receiver) {
			let now: RelayBlockNumber =
				frame_system::Pallet::<T>::block_number().unique_saturated_into();
			FirstInboundAt::<T>::insert(receiver, now);
		}
		// A closed channel opened again continues its nonces and chain, which both ends keep.
		let state = match Channels::<T>::get(sender, receiver) {
			Some(closed) => ChannelState { limits, closing: false, ..closed },
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
			ensure!(!state.closing, Error::<T>::AlreadyClosing);
			state.closing = true;
			Ok(())
		})?;
		Self::deposit_event(Event::ChannelClosing { channel });
		Self::close_if_drained(sender, receiver);
		Ok(())
	}

	/// Closes `sender -> receiver`, which was closing and not drained, if it now is drained.
	/// It keeps its place among its receiver's channels, as the receiver's ingress pallet
	/// keeps its record of the sender.
	pub(crate) fn close_if_drained(sender: ParaId, receiver: ParaId) {
		if Channels::<T>::get(sender, receiver).is_some_and(|state| state.is_closed()) {
			let channel = HrmpChannelId { sender, recipient: receiver };
			Self::deposit_event(Event::ChannelClosed { channel });
		}
	}
}
