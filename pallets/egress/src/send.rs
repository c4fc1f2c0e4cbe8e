//! Sending: a message checked against this block's relay view and appended, under its channel's
//! next nonce, to the page of its destination's next batch.

use super::*;
use codec::Encode;
use frame_support::{ensure, traits::Get, BoundedBTreeMap, BoundedBTreeSet};
use xcmp_primitives::relay_state::OutboundRelayView;

/// What queueing one message changes, worked out by [`Pallet::check_send`] before anything is
/// written.
struct QueuedSend<T: Config> {
	nonce: Nonce,
	/// The key of the page of the destination's next batch, and whether it holds messages yet.
	page: (Nonce, bool),
	channel: OutboundChannel,
	uncommitted: BoundedBTreeMap<ParaId, u32, T::MaxDestinationsPerBlock>,
	pending_destinations: BoundedBTreeSet<ParaId, T::MaxOutboundChannels>,
	backlog: Backlog,
}

impl<T: Config> Pallet<T> {
	/// Checks and queues one message; returns its id. Leaves state untouched on error.
	pub fn do_send(destination: ParaId, payload: Payload) -> Result<MessageId, DispatchError> {
		Self::queue(destination, payload).map_err(Into::into)
	}

	/// Checks and queues one message, as [`Pallet::send`] does, with the pallet's own error: for
	/// a router that translates it. Leaves state untouched on error.
	pub fn queue(destination: ParaId, payload: Payload) -> Result<MessageId, Error<T>> {
		let QueuedSend { nonce, page, channel, uncommitted, pending_destinations, backlog } =
			Self::check_send(destination, payload.len() as u32)?;
		match page {
			// Appended without reading the page: `try_append` would read its length, for which
			// the host copies the whole page, making a block's sends to one destination
			// quadratic in its page. `check_send` bounded the page's count and size.
			(first_nonce, true) => sp_io::storage::append(
				&BatchPages::<T>::hashed_key_for(destination, first_nonce),
				payload.encode(),
			),
			(first_nonce, false) => BatchPages::<T>::insert(
				destination,
				first_nonce,
				Page::<T>::truncate_from(alloc::vec![payload]),
			),
		}
		OutboundChannels::<T>::insert(destination, channel);
		Uncommitted::<T>::put(uncommitted);
		PendingDestinations::<T>::put(pending_destinations);
		HooksBacklog::<T>::put(backlog);
		Self::deposit_event(Event::MessageQueued { destination, nonce });
		Ok(MessageId { destination, nonce })
	}

	/// Whether a message of `payload_len` bytes to `destination` would be queued now, with the
	/// error [`Pallet::send`] would fail with if not. Reads state and writes nothing: what a
	/// router checks before it charges for a delivery.
	pub fn can_send(destination: ParaId, payload_len: u32) -> Result<(), Error<T>> {
		Self::check_send(destination, payload_len).map(|_| ())
	}

	/// Every check of a send, in the order [`Error`] reports them, and what queueing it would
	/// write.
	fn check_send(destination: ParaId, size: u32) -> Result<QueuedSend<T>, Error<T>> {
		ensure!(size <= T::MaxMessageSize::get(), Error::<T>::MessageTooLarge);
		ensure!(destination != T::SelfParaId::get(), Error::<T>::SendToSelf);
		// `None` too before the block's relay view is known.
		let view =
			T::RelayView::outbound_channel(destination).ok_or(Error::<T>::RelayViewUnavailable)?;
		let relay = view.state.ok_or(Error::<T>::NoChannel)?;
		ensure!(!relay.is_closing(), Error::<T>::ChannelClosing);
		ensure!(!view.blocked, Error::<T>::DestinationBlocksSender);
		ensure!(size <= relay.limits.max_message_size, Error::<T>::MessageTooLargeForChannel);

		let known = OutboundChannels::<T>::get(destination);
		ensure!(
			known.is_some() || OutboundChannels::<T>::count() < T::MaxOutboundChannels::get(),
			Error::<T>::TooManyChannels
		);
		let mut channel = known.unwrap_or_default();
		let nonce = channel.last_queued.checked_add(1).ok_or(Error::<T>::ChannelNoncesExhausted)?;
		// Pending as the relay counts it (up to the receiver's cursor), and held as this
		// chain stores it (up to what it pruned, which may lag by a block): both bounded.
		let pending = nonce.saturating_sub(relay.cursor.last_nonce);
		ensure!(pending <= u64::from(relay.limits.max_capacity), Error::<T>::ChannelFull);
		ensure!(channel.held() < u64::from(T::MaxHeldPerChannel::get()), Error::<T>::ChannelFull);
		let held_bytes = channel.held_bytes.saturating_add(u64::from(size));
		ensure!(held_bytes <= u64::from(relay.limits.max_total_size), Error::<T>::ChannelOverSize);
		let page = (channel.last_committed.saturating_add(1), channel.has_uncommitted());
		let mut uncommitted = Uncommitted::<T>::get();
		let page_bytes = uncommitted.get(&destination).copied().unwrap_or(0).saturating_add(size);
		ensure!(
			Self::page_bound(u64::from(page_bytes), channel.uncommitted().saturating_add(1))
				<= Self::max_page_size(),
			Error::<T>::BatchFull
		);
		uncommitted
			.try_insert(destination, page_bytes)
			.map_err(|_| Error::<T>::TooManyDestinations)?;
		let mut backlog = HooksBacklog::<T>::get();
		backlog.uncommitted_messages = backlog.uncommitted_messages.saturating_add(1);
		backlog.uncommitted_bytes = backlog.uncommitted_bytes.saturating_add(u64::from(size));
		backlog.uncommitted_rejection =
			backlog.uncommitted_rejection.saturating_add(Self::uncommitted_rejection_weight(size));
		ensure!(
			Self::commit_weight(uncommitted.len() as u32, &backlog).all_lte(T::CommitWeight::get()),
			Error::<T>::CommitBudgetFull
		);
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
		Ok(QueuedSend { nonce, page, channel, uncommitted, pending_destinations, backlog })
	}

	/// The most weight a send of `len` bytes costs its block: [`Self::send_weight_to`] a
	/// destination new to the block. What [`Pallet::send`] declares and
	/// [`XcmpSender::send_weight`] returns.
	pub fn send_weight(len: u32) -> Weight {
		Self::send_weight_to(len, true)
	}

	/// The weight of a send of `len` bytes: queueing it and its share of committing it in the
	/// same block ([`WeightInfoExt::commit_sent_message`]), or of
	/// rejecting it if it cannot commit ([`Config::OnRejected`]); and, if `new_destination` (the
	/// block had nothing to commit to it yet), committing to one more destination (or removing
	/// its page if it rejects), and visiting one more in the block's pruning and keeping its
	/// refusals (the pruning allowance grows by that).
	pub fn send_weight_to(len: u32, new_destination: bool) -> Weight {
		let message = T::WeightInfo::send(len)
			.saturating_add(T::WeightInfo::commit_sent_message(len))
			.saturating_add(Self::uncommitted_rejection_weight(len));
		if new_destination {
			message
				.saturating_add(T::WeightInfo::commit_destination())
				.saturating_add(Self::reject_destination_weight())
				.saturating_add(T::WeightInfo::prune_destination())
				.saturating_add(Self::record_refusals_weight())
		} else {
			message
		}
	}
}

impl<T: Config> XcmpSender for Pallet<T> {
	fn send(destination: ParaId, payload: Payload) -> Result<MessageId, DispatchError> {
		Self::do_send(destination, payload)
	}

	fn send_weight(payload_len: u32) -> Weight {
		Self::send_weight(payload_len)
	}
}
