//! Committing: the block's uncommitted messages become one batch per destination and the
//! block's egress root, deposited in its header.

use super::*;
use frame_support::{defensive, traits::Get};
use xcmp_primitives::relay_state::OutboundRelayView;

impl<T: Config> Pallet<T> {
	/// What `on_finalize` may cost, as `on_initialize` charges it: committing (or rejecting)
	/// the messages waiting to commit, which [`Config::CommitWeight`] bounds, and the pruning
	/// allowance, which [`Config::PruneWeight`] bounds.
	pub fn hooks_weight() -> Weight {
		let uncommitted = Uncommitted::<T>::get().len() as u32;
		Self::commit_weight(uncommitted, &HooksBacklog::<T>::get())
			.saturating_add(Self::prune_allowance())
	}

	/// Reading and writing back the block's send state ([`Uncommitted`],
	/// [`PendingDestinations`], [`HooksBacklog`]) once a block, each at its bound in the proof of
	/// validity: what the hooks do with it every block, and what lets the sends and the hooks'
	/// benchmarks leave these whitelisted items out.
	pub fn block_state_weight() -> Weight {
		use frame_support::traits::StorageInfoTrait;
		let items = [
			Uncommitted::<T>::storage_info(),
			PendingDestinations::<T>::storage_info(),
			HooksBacklog::<T>::storage_info(),
		];
		let bytes =
			xcmp_primitives::path_proof::values(items.iter().flatten().map(|info| info.max_size));
		T::DbWeight::get().reads_writes(3, 3).saturating_add(Weight::from_parts(0, bytes))
	}

	/// What `on_initialize` itself reads and writes every block: the block's egress root and
	/// commitment cleared, and the block's send state ([`Self::block_state_weight`]).
	pub fn initialize_own_weight() -> Weight {
		T::DbWeight::get().writes(2).saturating_add(Self::block_state_weight())
	}

	/// The most weight committing costs with `destinations` destinations and `backlog`'s
	/// messages waiting: committing them all, plus what rejecting them instead would add (each
	/// destination's page removed, [`Self::reject_destination_weight`], and each message's
	/// [`Config::OnRejected`]).
	pub fn commit_weight(destinations: u32, backlog: &Backlog) -> Weight {
		T::WeightInfo::commit(
			destinations,
			backlog.uncommitted_messages,
			u32::try_from(backlog.uncommitted_bytes).unwrap_or(u32::MAX),
		)
		.saturating_add(Self::reject_destination_weight().saturating_mul(u64::from(destinations)))
		.saturating_add(backlog.uncommitted_rejection)
	}

	/// What rejecting a destination's uncommitted messages adds to committing them, once per
	/// destination: their page removed.
	pub fn reject_destination_weight() -> Weight {
		T::DbWeight::get().writes(1)
	}

	/// What rejecting an uncommitted message of `len` bytes adds to committing it:
	/// [`Config::OnRejected`].
	pub fn uncommitted_rejection_weight(len: u32) -> Weight {
		T::OnRejected::on_message_rejected_weight(len)
	}

	/// Commits the uncommitted messages, one batch per destination, and the block's egress
	/// root; or, if the relay parent has not advanced since the last commit, leaves them for
	/// the next block and commits the empty root.
	pub(crate) fn commit() {
		let relay_parent = T::RelayView::relay_parent_number();
		let advanced =
			relay_parent.filter(|now| LastCommittedAt::<T>::get().is_none_or(|last| *now > last));
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
		let mut committed = 0u64;
		let expires_at = T::DeliveryTimeout::get()
			.map(|timeout| sent_at.saturating_add(timeout.max(MIN_DELIVERY_TIMEOUT)));
		for (destination, _) in Uncommitted::<T>::take() {
			if let Some(entry) = Self::commit_batch(destination, sent_at, expires_at) {
				committed = committed.saturating_add(entry.message_count().unwrap_or_default());
				entries.push((destination, entry));
			}
		}
		// Every waiting message is now committed or rejected.
		HooksBacklog::<T>::mutate(|backlog| {
			backlog.uncommitted_messages = 0;
			backlog.uncommitted_bytes = 0;
			backlog.uncommitted_rejection = Weight::zero();
			backlog.committed_messages = backlog.committed_messages.saturating_add(committed);
		});
		let commitment = match EgressCommitment::new(entries) {
			Ok(commitment) => commitment,
			Err(error) => {
				defensive!("the entries are bounded, sorted and well formed", error);
				EgressCommitment::empty()
			}
		};
		let egress_root = commitment.egress_root;
		if !commitment.entries.is_empty() {
			let destinations = commitment.entries.len() as u32;
			CommittedBlocks::<T>::insert(sent_at, commitment);
			CommittedBlockBatches::<T>::insert(sent_at, destinations);
			LastCommittedAt::<T>::put(sent_at);
			BlockCommittedAt::<T>::put(sent_at);
			Self::deposit_event(Event::EgressCommitted { egress_root, sent_at, destinations });
		}
		egress_root
	}

	/// Commits the uncommitted messages to `destination` as one batch at `sent_at`, expiring
	/// at `expires_at`, if the relay view still lets the channel take them; otherwise rejects
	/// them.
	fn commit_batch(
		destination: ParaId,
		sent_at: RelayBlockNumber,
		expires_at: Option<RelayBlockNumber>,
	) -> Option<EgressEntry> {
		let mut channel = OutboundChannels::<T>::get(destination)?;
		if !channel.has_uncommitted() {
			return None;
		}
		let max_message_size = match Self::can_commit(destination, &channel) {
			Ok(max_message_size) => max_message_size,
			Err(reason) => {
				Self::reject_uncommitted(destination, &mut channel, reason);
				return None;
			}
		};
		let first_nonce = channel.last_committed.saturating_add(1);
		// The page stays where it is: its key is the batch's, in `HeldBatches`.
		let page = BatchPages::<T>::get(destination, first_nonce).unwrap_or_default();
		if page.len() as u64 != channel.uncommitted() {
			defensive!("the page of the next batch holds every uncommitted message");
			return None;
		}
		let messages = Self::page_messages(destination, first_nonce, sent_at, page);
		// A receiver refuses a batch with a message over the channel's limit: reject them here,
		// with an event, rather than commit a batch no receiver takes.
		if messages.iter().any(|message| message.payload.len() > max_message_size as usize) {
			Self::reject_uncommitted(destination, &mut channel, RejectionReason::MessageTooLarge);
			return None;
		}
		let entry = match build_egress_entry(channel.mqc_head, &messages) {
			Ok(entry) => EgressEntry { expires_at, ..entry },
			Err(error) => {
				defensive!("held messages have contiguous nonces of one channel", error);
				return None;
			}
		};
		channel.last_committed = entry.last_nonce;
		channel.mqc_head = entry.mqc_head;
		OutboundChannels::<T>::insert(destination, channel);
		let batch = HeldBatch {
			last_nonce: entry.last_nonce,
			sent_at,
			bytes: entry.total_bytes,
			expires_at,
		};
		HeldBatches::<T>::insert(destination, entry.first_nonce, batch);
		Self::deposit_event(Event::BatchCommitted {
			destination,
			first_nonce: entry.first_nonce,
			last_nonce: entry.last_nonce,
			sent_at,
		});
		Some(entry)
	}

	/// The messages of the batch to `destination` sent at `sent_at` whose payloads are `page`,
	/// from `first_nonce` on: what the batch's entry commits to, and what its receiver's
	/// collator routes.
	pub(crate) fn page_messages(
		destination: ParaId,
		first_nonce: Nonce,
		sent_at: RelayBlockNumber,
		page: Page<T>,
	) -> Vec<Message> {
		let sender = T::SelfParaId::get();
		page.into_iter()
			.zip(first_nonce..)
			.map(|(payload, nonce)| Message { sender, destination, nonce, sent_at, payload })
			.collect()
	}

	/// Whether the relay view of this block still lets `channel`'s uncommitted messages
	/// commit (they were checked when queued, possibly against an earlier block's view); if it
	/// does, the channel's `max_message_size`, which each of them must not exceed.
	fn can_commit(destination: ParaId, channel: &OutboundChannel) -> Result<u32, RejectionReason> {
		let view =
			T::RelayView::outbound_channel(destination).ok_or(RejectionReason::ChannelClosed)?;
		let relay = view.state.ok_or(RejectionReason::ChannelClosed)?;
		if relay.is_closing() {
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
		Ok(relay.limits.max_message_size)
	}

	/// Rejects every uncommitted message to `destination`: each is reported, their page
	/// removed, and their nonces freed (they never reached a batch, so no receiver will see
	/// them).
	fn reject_uncommitted(
		destination: ParaId,
		channel: &mut OutboundChannel,
		reason: RejectionReason,
	) {
		let (first_nonce, last_nonce) =
			(channel.last_committed.saturating_add(1), channel.last_queued);
		let page = BatchPages::<T>::take(destination, first_nonce).unwrap_or_default();
		for (payload, nonce) in page.iter().zip(first_nonce..=last_nonce) {
			channel.held_bytes = channel.held_bytes.saturating_sub(payload.len() as u64);
			T::OnRejected::on_message_rejected(MessageId { destination, nonce }, payload, reason);
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
}
