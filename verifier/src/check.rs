//! Validation and inclusion of a candidate, at protocol level.
//!
//! [`validate_candidate`] checks what re-executing a block checks of its XCMP part: its consumed
//! batches, one by one, against the relay's records (`docs/PROTOCOL.md`, "Candidate validation"). A real
//! validator gets the same answer by executing the block from its proof of validity, whose
//! ingress pallet runs the same rules; the reference model, which has no runtime, runs them here.
//! [`check_inclusion`] relates a validated candidate's commitments to the relay's records, and
//! never sees a message (`docs/PROTOCOL.md`, "Inclusion").

use alloc::{collections::BTreeMap, vec::Vec};
use sp_runtime::traits::Hash as _;
use xcmp_primitives::{
	consume_batch,
	limits::{MAX_BATCHES_PER_BLOCK, MAX_RELAY_PARENT_AGE},
	receiver::{check_sender_move, walk_digests, DigestWalkEnd, SenderMoveError},
	relay_state::{PendingExpiry, RefusedRange},
	BlockListChange, ChannelCursor, Hashing, IngressCursor, Nonce, ParaId, RelayBlockNumber,
};

use crate::{
	Candidate, CandidateCommitments, CandidateError as E, RecordedEgress, RelayUpdate, RelayView,
};

/// Where a receiver's channel from one sender stands after the candidate's batches: the cursor
/// reached and whether the batches were refused.
type MovedCursors = BTreeMap<ParaId, (ChannelCursor, bool)>;

/// Validates a candidate at protocol level against what the relay recorded: checks its consumed
/// batches as its block's ingress pallet does, and returns its commitments, which
/// [`check_inclusion`] takes. Never panics.
///
/// In the model a candidate is its own block: it builds on the head the relay recorded for its
/// para (the zero hash before its first), and its head is the hash of that and its encoding.
pub fn validate_candidate<V: RelayView + ?Sized>(
	view: &V,
	candidate: &Candidate,
) -> Result<CandidateCommitments, E> {
	validate_ingress(view, candidate)?;
	let parent_head = view.head(candidate.para).unwrap_or_default();
	Ok(candidate.commitments(parent_head, Hashing::hash_of(&(parent_head, candidate))))
}

/// Validates `candidate` ([`validate_candidate`]) and checks its commitments for inclusion
/// ([`check_inclusion`]) against the same records: the reference model's whole path from a
/// block to the update the relay applies.
pub fn verify_candidate<V: RelayView + ?Sized>(
	view: &V,
	candidate: &Candidate,
) -> Result<RelayUpdate, E> {
	check_inclusion(view, &validate_candidate(view, candidate)?)
}

/// Checks that a candidate on `relay_parent` may be included in relay block `included_at`: after
/// its relay parent, and at most [`MAX_RELAY_PARENT_AGE`] relay blocks after it, as async backing
/// allows. The relay that includes a candidate checks this before [`check_inclusion`].
pub fn check_relay_parent(
	relay_parent: RelayBlockNumber,
	included_at: RelayBlockNumber,
) -> Result<(), E> {
	if relay_parent >= included_at {
		return Err(E::RelayParentNotBeforeInclusion { relay_parent, included_at });
	}
	if included_at - relay_parent > MAX_RELAY_PARENT_AGE {
		return Err(E::RelayParentTooOld { relay_parent, included_at });
	}
	Ok(())
}

/// Checks a validated candidate's commitments against what the relay recorded, and returns the
/// update to apply, or the first reason to reject it. It reads no message, batch or proof, and
/// never panics. The relay checks on its own that the including block is after the relay
/// parent.
pub fn check_inclusion<V: RelayView + ?Sized>(
	view: &V,
	commitments: &CandidateCommitments,
) -> Result<RelayUpdate, E> {
	if let Some(recorded) = view.head(commitments.para) {
		if recorded != commitments.parent_head {
			return Err(E::ParentHeadMismatch { recorded, parent_head: commitments.parent_head });
		}
	}
	let (egress, expiries) = check_egress(view, commitments)?;
	let reached = check_consumed(view, commitments)?;
	check_watermark(view, commitments, &reached)?;
	check_block_list(view, commitments)?;
	Ok(RelayUpdate {
		para: commitments.para,
		relay_parent: commitments.relay_parent,
		head: commitments.head,
		egress,
		expiries,
		cursors: commitments.ingress.cursors.to_vec(),
		consumed_egress: commitments
			.consumed
			.iter()
			.map(|batch| (batch.sender, batch.sent_at))
			.collect(),
		watermark: commitments.ingress.watermark,
		block_list_changes: commitments.ingress.block_list_changes.to_vec(),
	})
}

/// Per destination, the [`PendingExpiry`] of its channel.
type ChannelExpiries = Vec<(ParaId, PendingExpiry)>;

/// Checks the candidate's egress against the relay's records; returns what to record of it, if
/// it sent anything, and the [`PendingExpiry`] of each channel it sends on once recorded.
fn check_egress<V: RelayView + ?Sized>(
	view: &V,
	candidate: &CandidateCommitments,
) -> Result<(Option<RecordedEgress>, ChannelExpiries), E> {
	let (para, commitment, relay_parent) =
		(candidate.para, &candidate.egress, candidate.relay_parent);
	commitment.check().map_err(E::InvalidEgressCommitment)?;
	if commitment.entries.is_empty() {
		return Ok((None, Vec::new()));
	}
	if let Some(last) = view.last_egress_at(para) {
		if candidate.relay_parent <= last {
			return Err(E::EgressRelayParentNotAdvanced { last });
		}
	}
	let mut batches = Vec::with_capacity(commitment.entries.len());
	let mut expiries = Vec::with_capacity(commitment.entries.len());
	for (index, (destination, entry)) in commitment.entries.iter().enumerate() {
		let (index, destination) = (index as u32, *destination);
		if destination == para {
			return Err(E::SendToSelf { index });
		}
		let limits = view
			.channel(para, destination, relay_parent)
			.ok_or(E::NoChannel { index, destination })?;
		// Closing and blocking refuse what a block built after them commits: one built before,
		// on a relay parent that did not show them, is honest (`docs/PROTOCOL.md`, "Inclusion").
		let seen = |since: Option<RelayBlockNumber>| since.is_some_and(|at| at <= relay_parent);
		if seen(view.closing_since(para, destination)) {
			return Err(E::ChannelClosing { index, destination });
		}
		if seen(view.blocked_since(destination, para)) {
			return Err(E::DestinationBlocksSender { index, destination });
		}
		if entry.sent_at != candidate.relay_parent {
			return Err(E::EgressSentAtMismatch { index });
		}
		let last_sent = view.last_sent(para, destination);
		let expected =
			last_sent.checked_add(1).ok_or(E::ChannelNoncesExhausted { index, destination })?;
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
		let expiry = view
			.pending_expiry(para, destination)
			.with_batch(consumed >= last_sent, entry.expires_at);
		expiries.push((destination, expiry));
	}
	let egress = RecordedEgress {
		sent_at: candidate.relay_parent,
		egress_root: commitment.egress_root,
		batches,
	};
	Ok((Some(egress), expiries))
}

/// The checks on consumed batches that need the batches themselves: what the block's ingress
/// pallet runs when it receives them, and so what validating the block checks.
fn validate_ingress<V: RelayView + ?Sized>(view: &V, candidate: &Candidate) -> Result<(), E> {
	let para = candidate.para;
	candidate.ingress.check().map_err(E::InvalidIngressCommitment)?;
	if candidate.consumed.len() > MAX_BATCHES_PER_BLOCK as usize {
		return Err(E::TooManyConsumedBatches { count: candidate.consumed.len() as u32 });
	}
	let mut moved = MovedCursors::new();
	for (index, batch) in candidate.consumed.iter().enumerate() {
		let (index, sender, sent_at) = (index as u32, batch.sender, batch.entry.sent_at);
		if sender == para {
			return Err(E::IngressFromSelf { index });
		}
		let limits =
			view.channel(sender, para, sent_at).ok_or(E::IngressNoChannel { index, sender })?;
		let root = view.egress_root(sender, sent_at).ok_or(E::UnknownEgressRoot {
			index,
			sender,
			sent_at,
		})?;
		let cursor = match moved.get(&sender) {
			Some((cursor, _)) => *cursor,
			None => view.cursor(sender, para),
		};
		let blocked = view.blocks(para, sender);
		let (next, consumption) =
			consume_batch(para, &root, &cursor, &limits, blocked, candidate.relay_parent, batch)
				.map_err(|error| E::InvalidBatch { index, sender, error })?;
		let refused = consumption.is_refused();
		let earlier = moved.get(&sender).map(|(_, refused)| *refused);
		// The refused ranges are inclusion's to check (`check_inclusion`): the relay parent's
		// are not those the relay holds when it includes the block.
		if let Err(SenderMoveError::MixedConsumption) =
			check_sender_move(earlier, refused, cursor.last_nonce, Vec::<RefusedRange>::new)
		{
			return Err(E::MixedConsumption { index, sender });
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
	Ok(())
}

/// Checks the consumed batches, by name, against the relay's records: each is a batch the relay
/// recorded for the para, sent no later than the relay parent, and they continue each channel's
/// recorded cursor without a gap up to the committed cursor. Returns the nonce each moved
/// channel reached.
fn check_consumed<V: RelayView + ?Sized>(
	view: &V,
	candidate: &CandidateCommitments,
) -> Result<BTreeMap<ParaId, Nonce>, E> {
	let para = candidate.para;
	let ingress = &candidate.ingress;
	ingress.check().map_err(E::InvalidIngressCommitment)?;
	// The cursors are strictly sorted by sender (`ingress.check()`).
	let committed = |sender: ParaId| -> Option<&IngressCursor> {
		let at = ingress.cursors.binary_search_by_key(&sender, |cursor| cursor.sender).ok()?;
		ingress.cursors.get(at)
	};
	let mut reached = BTreeMap::<ParaId, Nonce>::new();
	for (index, batch) in candidate.consumed.iter().enumerate() {
		let (index, sender, sent_at) = (index as u32, batch.sender, batch.sent_at);
		if sender == para {
			return Err(E::IngressFromSelf { index });
		}
		if view.channel(sender, para, sent_at).is_none() {
			return Err(E::IngressNoChannel { index, sender });
		}
		let awaited = view
			.awaited_batch(sender, sent_at, para)
			.filter(|a| (a.first_nonce, a.last_nonce) == (batch.first_nonce, batch.last_nonce))
			.ok_or(E::UnrecordedBatch { index, sender, sent_at })?;
		// The block read the relay's records as of its relay parent: a batch recorded later was
		// not there to prove. A batch is recorded after its `sent_at`, in the block that
		// includes its sender's candidate, so `sent_at` alone cannot tell.
		if awaited.recorded_at > candidate.relay_parent {
			let recorded_at = awaited.recorded_at;
			return Err(E::BatchRecordedAfterRelayParent { index, sender, sent_at, recorded_at });
		}
		let cursor = committed(sender).ok_or(E::CursorMissing { sender })?;
		let from = match reached.get(&sender) {
			Some(nonce) => *nonce,
			None => {
				let recorded = view.cursor(sender, para).last_nonce;
				if cursor.rejected {
					check_sender_move(None, true, recorded, || view.refused(sender, para))
						.map_err(|_| E::TooManyRefusedRanges { index, sender })?;
				} else if view.blocks(para, sender) {
					return Err(E::AcceptedFromBlockedSender { index, sender });
				} else if view.pending_expiry(sender, para).all_expired_at(candidate.relay_parent) {
					return Err(E::AcceptedExpiredBatch { index, sender });
				}
				recorded
			}
		};
		let expected = from.saturating_add(1);
		if batch.first_nonce != expected {
			return Err(E::ConsumedOutOfOrder {
				index,
				sender,
				expected,
				first_nonce: batch.first_nonce,
			});
		}
		reached.insert(sender, batch.last_nonce);
	}
	for cursor in ingress.cursors.iter() {
		match reached.get(&cursor.sender) {
			None => return Err(E::CursorNotMoved { sender: cursor.sender }),
			Some(nonce) if *nonce != cursor.last_nonce => {
				return Err(E::CursorMismatch { sender: cursor.sender })
			}
			Some(_) => {}
		}
	}
	Ok(reached)
}

fn check_watermark<V: RelayView + ?Sized>(
	view: &V,
	candidate: &CandidateCommitments,
	reached: &BTreeMap<ParaId, Nonce>,
) -> Result<(), E> {
	let (para, watermark) = (candidate.para, candidate.ingress.watermark);
	let recorded = view.watermark(para);
	if watermark < recorded {
		return Err(E::WatermarkBehind { watermark, recorded });
	}
	if watermark > candidate.relay_parent {
		return Err(E::WatermarkAhead { watermark, relay_parent: candidate.relay_parent });
	}
	// Every digest the watermark passes must be emptied by this candidate: the relay drops an
	// entry when its batch is consumed, so those it still holds are of batches not consumed
	// yet. The walk reads at most one digest more than the candidate consumes batches, whatever
	// the relay blocks between them. A digest the records link but do not hold (never, for
	// consistent records) refuses the candidate rather than let its watermark pass unchecked.
	let walk = walk_digests(
		view.digest_span(para).map(|span| span.oldest),
		watermark,
		u32::MAX,
		|recorded_at| {
			view.digest(para, recorded_at).map(Some).ok_or(E::DigestMissing { recorded_at })
		},
		|sender| match reached.get(&sender) {
			Some(nonce) => *nonce,
			None => view.cursor(sender, para).last_nonce,
		},
	)?;
	if let DigestWalkEnd::Unconsumed { at, sender } = walk.end {
		return Err(E::UnprocessedBatch { sender, recorded_at: at });
	}
	Ok(())
}

/// Checks the candidate's block-list changes, in order: none names its own para, and none leaves
/// it blocking more than [`MAX_BLOCKED_SENDERS`](xcmp_primitives::limits::MAX_BLOCKED_SENDERS)
/// senders. A change to what already holds (blocking a blocked sender, unblocking one not
/// blocked) changes nothing, and counts nothing.
fn check_block_list<V: RelayView + ?Sized>(
	view: &V,
	candidate: &CandidateCommitments,
) -> Result<(), E> {
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
