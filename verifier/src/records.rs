//! Applying an accepted candidate's [`RelayUpdate`] to the relay's records, once for every way of
//! storing them: the relay pallet over runtime storage, [`crate::InMemoryRelay`] over maps.

use alloc::{vec, vec::Vec};
use xcmp_primitives::{
	relay_state::{DigestSpan, ReceiverDigest, RefusedRange},
	BlockListChange, ChannelCursor, Nonce, ParaId, RelayBlockNumber, H256,
};

use crate::{PendingExpiry, RecordedEgress, RelayUpdate, RelayView};

/// The relay's XCMP records, writable. Implementations only store and fetch; what to store when
/// is [`apply_update`]'s.
pub trait RelayRecords: RelayView {
	/// Stores an accepted sender block's egress, recorded in relay block `recorded_at`: its root
	/// under `(sender, egress.sent_at)` with `recorded_at`, the sender's last egress relay
	/// parent, and each channel's last committed nonce and, from `expiries` (one per destination
	/// of the egress, in its order), when its pending batches expire: each channel written once.
	/// (Its digest entries are [`apply_update`]'s.)
	fn record_egress(
		&mut self,
		sender: ParaId,
		egress: &RecordedEgress,
		expiries: &[(ParaId, PendingExpiry)],
		recorded_at: RelayBlockNumber,
	);
	/// The batches of the egress record of `sender` at `sent_at` that their destinations have
	/// not consumed yet, while the record is held.
	fn awaited_batches(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
	) -> Option<Vec<(ParaId, Nonce, Nonce)>>;
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
	/// Sets `receiver`'s watermark. Its digests at or below it are gone already: the candidate
	/// that moved it consumed their batches.
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
	/// Stores `receiver`'s digest for relay block `recorded_at`, or removes it (`None`). It holds
	/// at most one entry per sender with a channel to `receiver`.
	fn set_digest(
		&mut self,
		receiver: ParaId,
		recorded_at: RelayBlockNumber,
		digest: Option<ReceiverDigest>,
	);
	/// Stores the ends of `receiver`'s list of digests, or removes them (`None`) with its last.
	fn set_digest_span(&mut self, receiver: ParaId, span: Option<DigestSpan>);
}

/// Records that the relay recorded, in relay block `now`, `sender`'s batch to `receiver` ending
/// at `last_nonce`: raises `sender`'s entry in `receiver`'s digest at `now`, or adds one, starting
/// the digest (the newest of the receiver's list) if it is the block's first.
fn add_digest_entry<R: RelayRecords + ?Sized>(
	records: &mut R,
	receiver: ParaId,
	now: RelayBlockNumber,
	sender: ParaId,
	last_nonce: Nonce,
) {
	if let Some(mut digest) = records.digest(receiver, now) {
		if !raise_digest_entry(&mut digest.entries, sender, last_nonce) {
			digest.entries.push((sender, last_nonce));
		}
		records.set_digest(receiver, now, Some(digest));
		return;
	}
	// Digests are recorded at the including block, never before the newest one.
	let span = records.digest_span(receiver);
	let previous = span.map(|span| span.newest);
	if let Some(at) = previous {
		if let Some(mut newest) = records.digest(receiver, at) {
			newest.next = Some(now);
			records.set_digest(receiver, at, Some(newest));
		}
	}
	let digest = ReceiverDigest { entries: vec![(sender, last_nonce)], previous, next: None };
	records.set_digest(receiver, now, Some(digest));
	let oldest = span.map_or(now, |span| span.oldest);
	records.set_digest_span(receiver, Some(DigestSpan { oldest, newest: now }));
}

/// Records that `receiver` consumed `sender`'s batches up to `last_nonce`, among them the one
/// recorded in relay block `recorded_at`: drops `sender`'s entry in that block's digest if it
/// reached it, and the digest, unlinked from its neighbours, once it holds no entry.
fn remove_digest_entry<R: RelayRecords + ?Sized>(
	records: &mut R,
	receiver: ParaId,
	recorded_at: RelayBlockNumber,
	sender: ParaId,
	last_nonce: Nonce,
) {
	let Some(mut digest) = records.digest(receiver, recorded_at) else { return };
	let held = digest.entries.len();
	digest.entries.retain(|(s, last)| *s != sender || *last > last_nonce);
	if digest.entries.len() == held {
		return;
	}
	if !digest.entries.is_empty() {
		records.set_digest(receiver, recorded_at, Some(digest));
		return;
	}
	let (previous, next) = (digest.previous, digest.next);
	if let Some(at) = previous {
		if let Some(mut before) = records.digest(receiver, at) {
			before.next = next;
			records.set_digest(receiver, at, Some(before));
		}
	}
	if let Some(at) = next {
		if let Some(mut after) = records.digest(receiver, at) {
			after.previous = previous;
			records.set_digest(receiver, at, Some(after));
		}
	}
	let span = records.digest_span(receiver).and_then(|span| match (previous, next) {
		(None, None) => None,
		(None, Some(oldest)) => Some(DigestSpan { oldest, ..span }),
		(Some(newest), None) => Some(DigestSpan { newest, ..span }),
		(Some(_), Some(_)) => Some(span),
	});
	records.set_digest_span(receiver, span);
	records.set_digest(receiver, recorded_at, None);
}

/// Raises `sender`'s entry in one relay block's digest (`(sender, last_nonce)` pairs) to
/// `last_nonce`, if it has one; returns whether it had. One entry per sender per relay block:
/// a later egress of the sender recorded in the same block needs no entry of its own, since the
/// receiver's cursor must reach its last nonce anyway. A sender without one gets a new entry,
/// which the implementation appends as its storage allows.
fn raise_digest_entry(digest: &mut [(ParaId, Nonce)], sender: ParaId, last_nonce: Nonce) -> bool {
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
/// - its egress, if any, is recorded, with a digest entry for each destination at `now`, and the
///   expiry of each channel it sends on;
/// - refusals the candidate's para has now seen (recorded at or before its relay parent) are
///   dropped from its outbound channels;
/// - its moved cursors are stored, a refused move also as a [`RefusedRange`] (merged into the
///   channel's last one when contiguous);
/// - each egress record the candidate consumed a batch from forgets that batch, and is dropped
///   once no destination's batch is left (never by age: a receiver silent for a long time still
///   finds it). Only those records are read, so the cost grows with the candidate, not with the
///   number of records held. Each consumed batch's digest entry goes with it, and a digest with
///   its last entry, so a receiver's digests are those of the batches it has yet to consume;
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
		records.record_egress(para, egress, &update.expiries, now);
		for (destination, _, last_nonce) in &egress.batches {
			add_digest_entry(records, *destination, now, para, *last_nonce);
		}
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
		if let Some(batch) = records.awaited_batch(sender, sent_at, para) {
			remove_digest_entry(records, para, batch.recorded_at, sender, batch.last_nonce);
		}
		let Some(mut batches) = records.awaited_batches(sender, sent_at) else { continue };
		batches.retain(|(destination, _, _)| *destination != para);
		if batches.is_empty() {
			records.remove_egress(sender, sent_at);
		} else {
			records.set_awaited_batches(sender, sent_at, batches);
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
