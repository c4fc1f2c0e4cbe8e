//! The pallet's invariants, checked after every test and by `try-runtime`.

use super::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: per channel, nonces ordered (pruned, committed, queued),
	/// one page for each held batch (its messages and bytes) and one for the uncommitted
	/// messages, the held bytes counted, held batches contiguous and
	/// each one's entry recomputed from its messages and the previous head; every committed
	/// block's held count matches its held batches; the pending and uncommitted destinations
	/// match the channels, with each uncommitted page's bytes; the hooks' backlog counts what
	/// the channels hold.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut held_per_block = alloc::collections::BTreeMap::<RelayBlockNumber, u32>::new();
		let pending = PendingDestinations::<T>::get();
		let uncommitted = Uncommitted::<T>::get();
		let mut backlog = Backlog::default();
		for (destination, channel) in OutboundChannels::<T>::iter() {
			ensure!(
				channel.last_pruned <= channel.last_committed
					&& channel.last_committed <= channel.last_queued,
				"channel nonces out of order"
			);
			ensure!(
				channel.last_reclaimed <= channel.last_committed,
				"a message is reclaimed before it is committed"
			);
			// A batch partly reclaimed is after what was pruned, and holds the next nonce to
			// reclaim.
			if let Some(first_nonce) = channel.reclaiming_batch {
				let batch = HeldBatches::<T>::get(destination, first_nonce)
					.ok_or("the batch reclaiming stopped in is gone")?;
				ensure!(
					channel.last_pruned < channel.last_reclaimed
						&& first_nonce <= channel.last_reclaimed
						&& channel.last_reclaimed < batch.last_nonce,
					"the batch reclaiming stopped in does not hold the next nonce to reclaim"
				);
			}
			// Held bytes: every held batch's, whole until its last message is pruned, and the
			// uncommitted messages'.
			let mut bytes: u64 =
				HeldBatches::<T>::iter_prefix_values(destination).map(|b| u64::from(b.bytes)).sum();
			let mut pages = 0u64;
			for (first_nonce, page) in BatchPages::<T>::iter_prefix(destination) {
				pages += 1;
				let held = page.len() as u64;
				let page_bytes: u64 = page.iter().map(|payload| payload.len() as u64).sum();
				if first_nonce > channel.last_committed {
					ensure!(
						first_nonce == channel.last_committed + 1 && held == channel.uncommitted(),
						"the uncommitted messages' page is not the next batch's, or not all of them"
					);
					ensure!(
						uncommitted.get(&destination).map(|bytes| u64::from(*bytes))
							== Some(page_bytes),
						"the uncommitted page's bytes differ from the block's send state"
					);
					bytes += page_bytes;
					backlog.uncommitted_bytes += page_bytes;
					for payload in page.iter() {
						backlog.uncommitted_rejection =
							backlog.uncommitted_rejection.saturating_add(
								Self::uncommitted_rejection_weight(payload.len() as u32),
							);
					}
				} else {
					let batch = HeldBatches::<T>::get(destination, first_nonce)
						.ok_or("a page is neither a held batch's nor the uncommitted messages'")?;
					ensure!(
						held == batch.messages(first_nonce) && page_bytes == u64::from(batch.bytes),
						"a held batch's page differs from the batch"
					);
				}
			}
			backlog.uncommitted_messages += channel.uncommitted() as u32;
			backlog.committed_messages += channel.committed_held();
			ensure!(
				pages
					== HeldBatches::<T>::iter_prefix(destination).count() as u64
						+ u64::from(channel.has_uncommitted()),
				"a held batch, or the uncommitted messages, have no page"
			);
			// Each range ends above what was pruned (the first may have begun at or below it).
			let mut previous: Option<Nonce> = None;
			for (first, last) in RefusedNonces::<T>::get(destination) {
				ensure!(
					previous.is_none_or(|previous| previous < first)
						&& first <= last && channel.last_pruned < last
						&& last <= channel.last_committed,
					"refused ranges are not sorted, disjoint and within the committed held nonces"
				);
				previous = Some(last);
			}
			// A batch partly pruned holds the next nonce to prune.
			if let Some(first_nonce) = channel.pruning_batch {
				let batch = HeldBatches::<T>::get(destination, first_nonce)
					.ok_or("the batch pruning stopped in is gone")?;
				ensure!(
					first_nonce <= channel.last_pruned && channel.last_pruned < batch.last_nonce,
					"the batch pruning stopped in does not hold the next nonce to prune"
				);
			}
			ensure!(bytes == channel.held_bytes, "held bytes differ from the stored payloads");
			ensure!(
				pending.contains(&destination) == (channel.held() > 0),
				"pending destinations differ from the channels holding messages"
			);
			ensure!(
				uncommitted.contains_key(&destination) == channel.has_uncommitted(),
				"uncommitted destinations differ from the channels"
			);
			let mut batches: Vec<(Nonce, HeldBatch)> =
				HeldBatches::<T>::iter_prefix(destination).collect();
			batches.sort_by_key(|(first_nonce, _)| *first_nonce);
			let mut next = channel.oldest_batch();
			let mut head = None;
			for (first_nonce, batch) in batches {
				ensure!(first_nonce == next, "held batches are not contiguous");
				let commitment = CommittedBlocks::<T>::get(batch.sent_at)
					.ok_or("a held batch's committed block is gone")?;
				let entry = *commitment
					.entry(destination)
					.ok_or("a held batch is not in its block's commitment")?;
				ensure!(
					entry.first_nonce == first_nonce
						&& entry.last_nonce == batch.last_nonce
						&& entry.total_bytes == batch.bytes
						&& entry.expires_at == batch.expires_at,
					"a held batch differs from its entry"
				);
				if let Some(previous_head) = head {
					let routed = Self::routed_batch(destination, first_nonce, batch)
						.ok_or("a held batch cannot be served")?;
					let rebuilt = build_egress_entry(previous_head, &routed.messages)
						.map_err(|_| "a held batch's messages do not form a batch")?;
					let rebuilt = EgressEntry { expires_at: batch.expires_at, ..rebuilt };
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
		for sent_at in CommittedBlocks::<T>::iter_keys() {
			ensure!(
				held_per_block.get(&sent_at).copied().unwrap_or(0)
					== CommittedBlockBatches::<T>::get(sent_at).unwrap_or(0),
				"a committed block's held count differs from its held batches"
			);
		}
		ensure!(
			CommittedBlockBatches::<T>::iter_keys().all(CommittedBlocks::<T>::contains_key),
			"a held count outlives its committed block"
		);
		let stored = HooksBacklog::<T>::get();
		backlog.prune_from = stored.prune_from;
		ensure!(stored == backlog, "the hooks' backlog differs from what the channels hold");
		Ok(())
	}
}
