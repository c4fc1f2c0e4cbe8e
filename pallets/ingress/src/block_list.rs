//! The block list and the block's ingress commitment.

use crate::{
	BlockedSenders, Commitment, Config, ConsumedThisBlock, Error, Event, MovedThisBlock, Pallet,
	PendingBlockListChanges, RecentRefusals, Watermark,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{defensive, ensure, traits::Get};
use sp_runtime::DispatchResult;
use xcmp_primitives::{
	ingress_commitment_hash, relay_state::RefusedRange, BlockListChange, IngressCommitment, ParaId,
	XcmpDigestItem,
};

impl<T: Config> Pallet<T> {
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

	/// The senders whose batches this block refuses, strictly sorted: the block list as the
	/// parent block left it. The block's own changes so far (made before its inherent, by hooks or
	/// governance) take effect from the next block, as the relay applies them after it checks
	/// this block's batches; so the relay's list, once the parent is included, is this one.
	pub fn refused_senders() -> Vec<ParaId> {
		let mut blocked = BlockedSenders::<T>::get().into_inner();
		for change in PendingBlockListChanges::<T>::get().iter().rev() {
			match change {
				BlockListChange::Blocked(sender) => blocked.retain(|s| s != sender),
				BlockListChange::Unblocked(sender) => {
					if let Err(position) = blocked.binary_search(sender) {
						blocked.insert(position, *sender);
					}
				}
			}
		}
		blocked
	}

	/// Per sender, the ranges of its nonces this chain's recent blocks refused, oldest first
	/// ([`RecentRefusals`]): with [`Pallet::refused_senders`], what a collator reads to route
	/// batches as the next block consumes them (`xcmp_primitives::receiver::check_sender_move`).
	pub fn recent_refusals() -> BTreeMap<ParaId, Vec<RefusedRange>> {
		RecentRefusals::<T>::iter().map(|(sender, ranges)| (sender, ranges.into_inner())).collect()
	}

	fn record_block_list_change(change: BlockListChange) -> DispatchResult {
		PendingBlockListChanges::<T>::try_mutate(|changes| {
			changes.try_push(change).map_err(|_| Error::<T>::TooManyBlockListChanges.into())
		})
	}

	/// Builds the block's ingress commitment, stores it and deposits its root in the header.
	pub(crate) fn commit() {
		let cursors = MovedThisBlock::<T>::take();
		let changes = PendingBlockListChanges::<T>::take();
		let consumed = ConsumedThisBlock::<T>::take();
		let watermark = Watermark::<T>::get();
		match IngressCommitment::new(cursors.into_inner(), watermark, changes) {
			Ok(commitment) => {
				let whole = XcmpDigestItem::IngressCommitmentHash(ingress_commitment_hash(
					&commitment,
					&consumed,
				));
				frame_system::Pallet::<T>::deposit_log(whole.to_digest_item());
				Commitment::<T>::put(commitment);
			}
			Err(error) => {
				defensive!("the moved cursors are bounded and strictly sorted", error);
				Commitment::<T>::kill();
			}
		}
	}
}
