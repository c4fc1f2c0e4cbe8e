//! The candidate check.

use alloc::collections::BTreeMap;
use xcmp_primitives::{
	consume_batch,
	limits::MAX_WATERMARK_ADVANCE,
	relay_state::{digests_from, RefusedRange},
	BlockListChange, ChannelCursor, ParaId,
};

use crate::{Candidate, CandidateError as E, RecordedEgress, RelayUpdate, RelayView};

/// Where a receiver's channel from one sender stands after the candidate's batches: the cursor
/// reached and whether the batches were refused.
type MovedCursors = BTreeMap<ParaId, (ChannelCursor, bool)>;

/// Checks a candidate against what the relay recorded as of its relay parent. Returns the update
/// to apply, or the first reason to reject it. Never panics.
pub fn verify_candidate<V: RelayView + ?Sized>(
	view: &V,
	candidate: &Candidate,
) -> Result<RelayUpdate, E> {
	let egress = check_egress(view, candidate)?;
	let moved = check_ingress(view, candidate)?;
	check_watermark(view, candidate, &moved)?;
	check_block_list(view, candidate)?;
	Ok(RelayUpdate {
		para: candidate.para,
		relay_parent: candidate.relay_parent,
		egress,
		cursors: candidate.ingress.cursors.to_vec(),
		consumed_egress: candidate
			.consumed
			.iter()
			.map(|batch| (batch.sender, batch.entry.sent_at))
			.collect(),
		watermark: candidate.ingress.watermark,
		block_list_changes: candidate.ingress.block_list_changes.to_vec(),
	})
}

fn check_egress<V: RelayView + ?Sized>(
	view: &V,
	candidate: &Candidate,
) -> Result<Option<RecordedEgress>, E> {
	let (para, commitment) = (candidate.para, &candidate.egress);
	commitment.check().map_err(E::InvalidEgressCommitment)?;
	if commitment.entries.is_empty() {
		return Ok(None);
	}
	if let Some(last) = view.last_egress_at(para) {
		if candidate.relay_parent <= last {
			return Err(E::EgressRelayParentNotAdvanced { last });
		}
	}
	let mut batches = alloc::vec::Vec::with_capacity(commitment.entries.len());
	for (index, (destination, entry)) in commitment.entries.iter().enumerate() {
		let (index, destination) = (index as u32, *destination);
		if destination == para {
			return Err(E::SendToSelf { index });
		}
		let limits = view.channel(para, destination).ok_or(E::NoChannel { index, destination })?;
		if view.is_closing(para, destination) {
			return Err(E::ChannelClosing { index, destination });
		}
		if view.blocks(destination, para) {
			return Err(E::DestinationBlocksSender { index, destination });
		}
		if entry.sent_at != candidate.relay_parent {
			return Err(E::EgressSentAtMismatch { index });
		}
		let expected = view
			.last_sent(para, destination)
			.checked_add(1)
			.ok_or(E::ChannelNoncesExhausted { index, destination })?;
		if entry.first_nonce < expected {
			return Err(E::EgressNonceReplay { index, expected, first_nonce: entry.first_nonce });
		}
		if entry.first_nonce > expected {
			return Err(E::EgressNonceGap { index, expected, first_nonce: entry.first_nonce });
		}
		let consumed = view.cursor(para, destination).last_nonce;
		let pending = entry.last_nonce.saturating_sub(consumed);
		if pending > u64::from(limits.max_capacity) {
			return Err(E::ChannelOverCapacity { index, pending, max: limits.max_capacity });
		}
		if entry.total_bytes > limits.max_total_size {
			return Err(E::ChannelOverSize {
				index,
				bytes: entry.total_bytes,
				max: limits.max_total_size,
			});
		}
		batches.push((destination, entry.first_nonce, entry.last_nonce));
	}
	Ok(Some(RecordedEgress {
		sent_at: candidate.relay_parent,
		egress_root: commitment.egress_root,
		batches,
	}))
}

fn check_ingress<V: RelayView + ?Sized>(
	view: &V,
	candidate: &Candidate,
) -> Result<MovedCursors, E> {
	let para = candidate.para;
	candidate.ingress.check().map_err(E::InvalidIngressCommitment)?;
	let mut moved = MovedCursors::new();
	for (index, batch) in candidate.consumed.iter().enumerate() {
		let (index, sender, sent_at) = (index as u32, batch.sender, batch.entry.sent_at);
		if sender == para {
			return Err(E::IngressFromSelf { index });
		}
		let limits = view.channel(sender, para).ok_or(E::IngressNoChannel { index, sender })?;
		let root = view.egress_root(sender, sent_at).ok_or(E::UnknownEgressRoot {
			index,
			sender,
			sent_at,
		})?;
		let cursor = match moved.get(&sender) {
			Some((cursor, _)) => *cursor,
			None => view.cursor(sender, para),
		};
		let (next, consumption) =
			consume_batch(para, &root, &cursor, &limits, view.blocks(para, sender), batch)
				.map_err(|error| E::InvalidBatch { index, sender, error })?;
		let refused = consumption.is_refused();
		match moved.get(&sender) {
			// One cursor per sender says whether its move was refused: a block consumes all of
			// a sender's batches alike.
			Some((_, earlier)) if *earlier != refused => {
				return Err(E::MixedConsumption { index, sender })
			}
			Some(_) => {}
			None if refused => {
				let held = view.refused(sender, para);
				if RefusedRange::refusal_opens_one_too_many(&held, cursor.last_nonce) {
					return Err(E::TooManyRefusedRanges { index, sender });
				}
			}
			None => {}
		}
		moved.insert(sender, (next, refused));
	}
	for committed in candidate.ingress.cursors.iter() {
		match moved.get(&committed.sender) {
			None => return Err(E::CursorNotMoved { sender: committed.sender }),
			Some((cursor, refused))
				if *cursor != committed.cursor() || *refused != committed.rejected =>
			{
				return Err(E::CursorMismatch { sender: committed.sender })
			}
			Some(_) => {}
		}
	}
	if let Some(sender) =
		moved.keys().find(|sender| !candidate.ingress.cursors.iter().any(|c| c.sender == **sender))
	{
		return Err(E::CursorMissing { sender: *sender });
	}
	Ok(moved)
}

fn check_watermark<V: RelayView + ?Sized>(
	view: &V,
	candidate: &Candidate,
	moved: &MovedCursors,
) -> Result<(), E> {
	let (para, watermark) = (candidate.para, candidate.ingress.watermark);
	let recorded = view.watermark(para);
	if watermark < recorded {
		return Err(E::WatermarkBehind { watermark, recorded });
	}
	if watermark > candidate.relay_parent {
		return Err(E::WatermarkAhead { watermark, relay_parent: candidate.relay_parent });
	}
	// Below the receiver's first inbound channel no digest can lie: the blocks to pass start
	// past it, or past the recorded watermark if that is later.
	let from = digests_from(recorded, view.first_inbound_at(para), watermark);
	if watermark - from > MAX_WATERMARK_ADVANCE {
		return Err(E::WatermarkAdvanceTooFar { watermark, from });
	}
	for (recorded_at, sender, last_nonce) in view.sent_to(para, from, watermark) {
		let reached = match moved.get(&sender) {
			Some((cursor, _)) => cursor.last_nonce,
			None => view.cursor(sender, para).last_nonce,
		};
		if reached < last_nonce {
			return Err(E::UnprocessedBatch { sender, recorded_at });
		}
	}
	Ok(())
}

/// Checks the candidate's block-list changes, in order: none names its own para, and none leaves
/// it blocking more than [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS)
/// senders. A change to what already holds (blocking a blocked sender, unblocking one not
/// blocked) changes nothing, and counts nothing.
fn check_block_list<V: RelayView + ?Sized>(view: &V, candidate: &Candidate) -> Result<(), E> {
	use xcmp_primitives::limits::MAX_BLOCKED_SENDERS;
	let para = candidate.para;
	let mut count = view.blocked_count(para);
	let mut changed = BTreeMap::<ParaId, bool>::new();
	for (index, change) in candidate.ingress.block_list_changes.iter().enumerate() {
		let index = index as u32;
		let (sender, blocks) = match change {
			BlockListChange::Blocked(sender) => (*sender, true),
			BlockListChange::Unblocked(sender) => (*sender, false),
		};
		if sender == para {
			return Err(E::BlockListChangeOfSelf { index });
		}
		let blocked = changed.get(&sender).copied().unwrap_or_else(|| view.blocks(para, sender));
		match (blocked, blocks) {
			(false, true) => {
				count = count.saturating_add(1);
				if count > MAX_BLOCKED_SENDERS {
					return Err(E::TooManyBlockedSenders { index });
				}
			}
			(true, false) => count = count.saturating_sub(1),
			_ => {}
		}
		changed.insert(sender, blocks);
	}
	Ok(())
}
