//! Pruning: held messages removed once the relay view shows them consumed, each reported
//! delivered or rejected.

use super::*;
use frame_support::defensive;
use xcmp_primitives::relay_state::OutboundRelayView;

impl<T: Config> Pallet<T> {
	/// Prunes, on every channel with held messages, what the relay view shows consumed.
	pub(crate) fn prune_consumed() {
		for destination in PendingDestinations::<T>::get() {
			match T::RelayView::outbound_channel(destination) {
				Some(view) => Self::prune_channel(destination, &view),
				None => {
					defensive!(
						"the ingress inherent refuses a relay view without a pending destination"
					);
				}
			}
		}
	}

	/// Prunes the committed messages to `destination` up to the receiver's cursor in `view`:
	/// each reported delivered or, where the relay says it was refused, rejected.
	fn prune_channel(destination: ParaId, view: &OutboundChannelView) {
		let Some(relay) = &view.state else {
			// The relay keeps every channel's record once opened (closed ones too); keep the
			// messages if it ever does not.
			defensive!("the relay keeps the record of every channel with held messages");
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

	fn report_pruned(destination: ParaId, (refused, first_nonce, last_nonce): (bool, u64, u64)) {
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
	pub(crate) fn store_channel(destination: ParaId, channel: OutboundChannel) {
		if channel.held() == 0 {
			PendingDestinations::<T>::mutate(|pending| pending.remove(&destination));
		}
		OutboundChannels::<T>::insert(destination, channel);
	}
}
