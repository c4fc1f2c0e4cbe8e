//! Applying an accepted candidate's [`RelayUpdate`] to the relay's records, once for every way of
//! storing them: the relay pallet over runtime storage, [`crate::InMemoryRelay`] over maps.

use alloc::vec::Vec;
use xcmp_primitives::{
	relay_state::RefusedRange, BlockListChange, ChannelCursor, Nonce, ParaId, RelayBlockNumber,
	H256,
};

use crate::{RecordedEgress, RelayUpdate, RelayView};

/// The relay's XCMP records, writable. Implementations only store and fetch; what to store when
/// is [`apply_update`]'s.
pub trait RelayRecords: RelayView {
	/// Stores an accepted sender block's egress, recorded in relay block `recorded_at`: its root
	/// under `(sender, egress.sent_at)`, the sender's last egress relay parent, each channel's
	/// last committed nonce, and for each destination a digest entry `(sender, last_nonce)` at
	/// `recorded_at`: one per sender, a later egress of the sender recorded in the same relay
	/// block raising its `last_nonce`.
	fn record_egress(
		&mut self,
		sender: ParaId,
		egress: &RecordedEgress,
		recorded_at: RelayBlockNumber,
	);
	/// The egress record of `sender` at `sent_at`, while it is held.
	fn held_egress(&self, sender: ParaId, sent_at: RelayBlockNumber) -> Option<RecordedEgress>;
	/// Replaces the batches of the egress record of `sender` at `sent_at` that their
	/// destinations have not consumed yet (a subset of those recorded).
	fn set_awaited_batches(
		&mut self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
		batches: Vec<(ParaId, Nonce, Nonce)>,
	);
	/// Drops the egress record of `sender` at `sent_at`.
	fn remove_egress(&mut self, sender: ParaId, sent_at: RelayBlockNumber);
	/// Sets the cursor `receiver` reached on its channel from `sender`.
	fn set_cursor(&mut self, sender: ParaId, receiver: ParaId, cursor: ChannelCursor);
	/// Replaces the refused ranges held for the channel `sender -> receiver` (at most
	/// [`MAX_REFUSED_RANGES`](xcmp_primitives::limits::MAX_REFUSED_RANGES), which the verifier
	/// guarantees).
	fn set_refused(&mut self, sender: ParaId, receiver: ParaId, ranges: Vec<RefusedRange>);
	/// Drops, on every channel from `sender`, the refused ranges recorded at or before `seen_at`.
	fn drop_refused_seen(&mut self, sender: ParaId, seen_at: RelayBlockNumber);
	/// Sets `receiver`'s watermark and drops its digest entries at or below it. Every entry is
	/// above the recorded watermark (entries are recorded at the including block, which is above
	/// every candidate's relay parent) and not before the receiver's first inbound channel, so
	/// those are the entries of the relay blocks after
	/// [`digests_from`](xcmp_primitives::relay_state::digests_from) up to the new watermark: at
	/// most [`MAX_WATERMARK_ADVANCE`](xcmp_primitives::limits::MAX_WATERMARK_ADVANCE) blocks,
	/// however far the watermark moves.
	fn set_watermark(&mut self, receiver: ParaId, watermark: RelayBlockNumber);
	/// Records whether `receiver` blocks `sender` (since relay block `now`, when it does), and so
	/// what [`blocked_count`](RelayView::blocked_count) reads. Recording what already holds
	/// changes nothing: a block keeps the relay block that first recorded it.
	fn set_blocked(
		&mut self,
		receiver: ParaId,
		sender: ParaId,
		blocked: bool,
		now: RelayBlockNumber,
	);
	/// Records `head` as `para`'s last included block.
	fn set_head(&mut self, para: ParaId, head: H256);
}

/// Raises `sender`'s entry in one relay block's digest (`(sender, last_nonce)` pairs) to
/// `last_nonce`, if it has one; returns whether it had. One entry per sender per relay block:
/// a later egress of the sender recorded in the same block needs no entry of its own, since the
/// receiver's cursor must reach its last nonce anyway. A sender without one gets a new entry,
/// which the implementation appends as its storage allows.
pub fn raise_digest_entry(
	digest: &mut [(ParaId, Nonce)],
	sender: ParaId,
	last_nonce: Nonce,
) -> bool {
	match digest.iter_mut().find(|(s, _)| *s == sender) {
		Some((_, nonce)) => {
			*nonce = (*nonce).max(last_nonce);
			true
		}
		None => false,
	}
}

/// Applies an accepted candidate's update, recorded at relay block `now`:
///
/// - its head becomes the para's;
/// - its egress, if any, is recorded;
/// - refusals the candidate's para has now seen (recorded at or before its relay parent) are
///   dropped from its outbound channels;
/// - its moved cursors are stored, a refused move also as a [`RefusedRange`] (merged into the
///   channel's last one when contiguous);
/// - each egress record the candidate consumed a batch from forgets that batch, and is dropped
///   once no destination's batch is left (never by age: a receiver silent for a long time still
///   finds it). Only those records are read, so the cost grows with the candidate, not with the
///   number of records held;
/// - its watermark and block-list changes are stored, in order (a change to what already holds
///   changing nothing).
pub fn apply_update<R: RelayRecords + ?Sized>(
	records: &mut R,
	update: &RelayUpdate,
	now: RelayBlockNumber,
) {
	let para = update.para;
	records.set_head(para, update.head);
	if let Some(egress) = &update.egress {
		records.record_egress(para, egress, now);
	}
	records.drop_refused_seen(para, update.relay_parent);
	for cursor in &update.cursors {
		let sender = cursor.sender;
		if cursor.rejected {
			let first = records.cursor(sender, para).last_nonce.saturating_add(1);
			let mut ranges = records.refused(sender, para);
			match ranges.last_mut() {
				// Contiguous with the last refusal: one range, seen only once all of it is.
				Some(last) if last.last.saturating_add(1) == first => {
					last.last = cursor.last_nonce;
					last.recorded_at = now;
				}
				_ => ranges.push(RefusedRange { first, last: cursor.last_nonce, recorded_at: now }),
			}
			records.set_refused(sender, para, ranges);
		}
		records.set_cursor(sender, para, cursor.cursor());
	}
	// The verifier accepted each batch whole, from the record it names: that destination's
	// batch of it is consumed.
	for &(sender, sent_at) in &update.consumed_egress {
		let Some(mut egress) = records.held_egress(sender, sent_at) else { continue };
		egress.batches.retain(|(destination, _, _)| *destination != para);
		if egress.batches.is_empty() {
			records.remove_egress(sender, sent_at);
		} else {
			records.set_awaited_batches(sender, sent_at, egress.batches);
		}
	}
	records.set_watermark(para, update.watermark);
	for change in &update.block_list_changes {
		match change {
			BlockListChange::Blocked(sender) => records.set_blocked(para, *sender, true, now),
			BlockListChange::Unblocked(sender) => records.set_blocked(para, *sender, false, now),
		}
	}
}
