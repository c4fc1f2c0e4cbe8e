//! The pallet's invariants, checked after every test and by `try-runtime`.

use super::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
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
