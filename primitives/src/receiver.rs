//! The rules of a receiver's block beyond each batch ([`consume_batch`](crate::consume_batch)),
//! written once for everyone who applies them: the ingress pallet, the validators' reference model,
//! the collators and the protocol simulator.
//!
//! - [`check_sender_move`]: a block consumes all of one sender's batches alike, and a refusal
//!   opens no refused range past the relay's bound (`docs/PROTOCOL.md`, "12. Block lists and
//!   refusals");
//! - [`refusals_not_included`]: which of its own recent refusals a receiver counts with the relay
//!   parent's;
//! - [`walk_digests`]: how far a receiver's watermark passes the relay's digests for it
//!   (`docs/PROTOCOL.md`, "14. Watermark").

use crate::{
	relay_state::{ReceiverDigest, RefusedRange},
	Nonce, ParaId, RelayBlockNumber,
};
use alloc::{collections::BTreeMap, vec::Vec};

/// What a receiver's collator reads of its own chain to route batches as its runtime consumes
/// them: the ingress pallet's block list as the parent block left it (`refused_senders`), and
/// its recent refusals (`RecentRefusals`).
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct ReceiverRecords {
	/// The senders the receiver blocks, strictly sorted: the relay's block list follows it once
	/// the receiver's parent block is included.
	pub blocks: Vec<ParaId>,
	/// Per sender, the ranges its recent blocks refused, oldest first: those the relay has not
	/// included yet count toward the refused ranges it will hold.
	pub recent_refusals: BTreeMap<ParaId, Vec<RefusedRange>>,
}

/// Why a block may not consume a sender's batch the way [`consume_batch`](crate::consume_batch)
/// would.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SenderMoveError {
	/// The batch would be consumed unlike the sender's earlier batches in the block: one cursor
	/// per sender says whether its move was refused.
	MixedConsumption,
	/// The refusal would open a refused range on the channel past the
	/// [`MAX_REFUSED_RANGES`](crate::limits::MAX_REFUSED_RANGES) the relay holds.
	TooManyRefusedRanges,
}

/// Whether a block may consume a sender's next batch, accepted or `refused`.
///
/// - `earlier`: how the block consumed the sender's earlier batches, `None` if this is its first;
/// - `cursor`: the last nonce the receiver consumed of the channel before the block;
/// - `held`: the channel's refused ranges as the relay will hold them when it includes the block,
///   oldest first (see [`RefusedRange::refusal_opens_one_too_many`]), read only for a sender's
///   first batch in the block, if refused.
pub fn check_sender_move<H: AsRef<[RefusedRange]>>(
	earlier: Option<bool>,
	refused: bool,
	cursor: Nonce,
	held: impl FnOnce() -> H,
) -> Result<(), SenderMoveError> {
	match earlier {
		Some(earlier) if earlier != refused => Err(SenderMoveError::MixedConsumption),
		None if refused && RefusedRange::refusal_opens_one_too_many(held().as_ref(), cursor) => {
			Err(SenderMoveError::TooManyRefusedRanges)
		}
		_ => Ok(()),
	}
}

/// Of a receiver's recent refusals on one channel (`recent`, oldest first), those a relay parent
/// that records the receiver's cursor at `included` does not show: the parts above it. A recent
/// range may merge an included refusal with a later one; only its part above the cursor is
/// clipped out and kept. The relay parent's ranges followed by these are the ranges the relay
/// holds when it includes the receiver's next block, as [`check_sender_move`] counts them (or
/// fewer, once senders have seen some).
pub fn refusals_not_included(recent: &[RefusedRange], included: Nonce) -> Vec<RefusedRange> {
	recent
		.iter()
		.filter(|range| range.last > included)
		.map(|range| RefusedRange { first: range.first.max(included.saturating_add(1)), ..*range })
		.collect()
}

/// Where a walk over a receiver's digests ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DigestWalkEnd {
	/// Past the newest digest: every digest it read was passed.
	Passed,
	/// At the digest of relay block `at`, whose entry from `sender` names a batch the receiver's
	/// cursor does not reach.
	Unconsumed {
		/// The digest's relay block.
		at: RelayBlockNumber,
		/// The first sender whose batch is not consumed.
		sender: ParaId,
	},
	/// At the digest of relay block `at`, which it could not read (a relay-state proof that does
	/// not hold it).
	Unread {
		/// The digest's relay block.
		at: RelayBlockNumber,
	},
	/// At the digest of relay block `at`, one past the walk's bound: after `until`, or past
	/// `limit` digests.
	Bound {
		/// The digest's relay block.
		at: RelayBlockNumber,
	},
}

/// What a walk over a receiver's digests found and read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DigestWalk {
	/// Where it ended.
	pub end: DigestWalkEnd,
	/// Digests passed, oldest first from where it started.
	pub passed: u32,
	/// Digests it tried to read: those passed, and the one it ended at if it read it.
	pub read: u32,
	/// Digest entries it compared with a cursor.
	pub entries: u32,
}

impl DigestWalk {
	/// The watermark the walk allows a block on `relay_parent`: just below the digest it ended at,
	/// or `relay_parent` once past the newest, never below the `stored` one.
	pub fn watermark(
		&self,
		relay_parent: RelayBlockNumber,
		stored: RelayBlockNumber,
	) -> RelayBlockNumber {
		let reached = match self.end {
			DigestWalkEnd::Passed => relay_parent,
			DigestWalkEnd::Unconsumed { at, .. }
			| DigestWalkEnd::Unread { at }
			| DigestWalkEnd::Bound { at } => at.saturating_sub(1).min(relay_parent),
		};
		reached.max(stored)
	}
}

/// Walks a receiver's digests oldest first, from `oldest` (its
/// [`DigestSpan`](crate::relay_state::DigestSpan)'s, `None` for none), following each digest's
/// `next`. It passes a digest when every entry's batch is consumed: the nonce `reached` gives for
/// its sender is at or past the entry's. It reads at most `limit` digests, none recorded after
/// `until`, and ends at the first it cannot pass, or past the newest.
///
/// `digest` reads a digest: `Ok(None)` when it cannot (the walk ends there, [`Unread`]), an error
/// to end the walk with it.
///
/// The ingress pallet moves its watermark by it (up to the relay parent, within its
/// `MaxWatermarkAdvance`), inclusion checks a committed watermark by it (up to the watermark,
/// every digest, none unread), and a collator chooses by it the digests it proves.
///
/// [`Unread`]: DigestWalkEnd::Unread
pub fn walk_digests<E, Entries: IntoIterator<Item = (ParaId, Nonce)>>(
	oldest: Option<RelayBlockNumber>,
	until: RelayBlockNumber,
	limit: u32,
	mut digest: impl FnMut(RelayBlockNumber) -> Result<Option<ReceiverDigest<Entries>>, E>,
	mut reached: impl FnMut(ParaId) -> Nonce,
) -> Result<DigestWalk, E> {
	let mut walk = DigestWalk { end: DigestWalkEnd::Passed, passed: 0, read: 0, entries: 0 };
	let mut at = oldest;
	while let Some(recorded_at) = at {
		if recorded_at > until || walk.passed >= limit {
			walk.end = DigestWalkEnd::Bound { at: recorded_at };
			return Ok(walk);
		}
		walk.read = walk.read.saturating_add(1);
		let Some(read) = digest(recorded_at)? else {
			walk.end = DigestWalkEnd::Unread { at: recorded_at };
			return Ok(walk);
		};
		for (sender, last_nonce) in read.entries {
			walk.entries = walk.entries.saturating_add(1);
			if reached(sender) < last_nonce {
				walk.end = DigestWalkEnd::Unconsumed { at: recorded_at, sender };
				return Ok(walk);
			}
		}
		walk.passed = walk.passed.saturating_add(1);
		at = read.next;
	}
	Ok(walk)
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::{collections::BTreeMap, vec, vec::Vec};
	use core::convert::Infallible;

	fn para(id: u32) -> ParaId {
		ParaId::from(id)
	}

	/// Digests at relay blocks 5, 9 and 10,000: A's batch up to 3, then B's up to 2, then A's up
	/// to 7.
	fn digests() -> BTreeMap<RelayBlockNumber, ReceiverDigest> {
		let digest = |entries: Vec<(ParaId, Nonce)>, previous, next| ReceiverDigest {
			entries,
			previous,
			next,
		};
		BTreeMap::from([
			(5, digest(vec![(para(1), 3)], None, Some(9))),
			(9, digest(vec![(para(2), 2)], Some(5), Some(10_000))),
			(10_000, digest(vec![(para(1), 7)], Some(9), None)),
		])
	}

	fn walk(reached: &[(u32, Nonce)], until: RelayBlockNumber, limit: u32) -> DigestWalk {
		let digests = digests();
		let reached: BTreeMap<ParaId, Nonce> =
			reached.iter().map(|(id, nonce)| (para(*id), *nonce)).collect();
		walk_digests(
			Some(5),
			until,
			limit,
			|at| Ok::<_, Infallible>(digests.get(&at).cloned()),
			|sender| reached.get(&sender).copied().unwrap_or_default(),
		)
		.unwrap()
	}

	#[test]
	fn the_walk_passes_consumed_digests_whatever_the_blocks_between_them() {
		let all = walk(&[(1, 7), (2, 2)], u32::MAX, u32::MAX);
		assert_eq!(all, DigestWalk { end: DigestWalkEnd::Passed, passed: 3, read: 3, entries: 3 });
		assert_eq!(all.watermark(10_005, 0), 10_005);

		let stuck = walk(&[(1, 6), (2, 2)], u32::MAX, u32::MAX);
		assert_eq!(stuck.end, DigestWalkEnd::Unconsumed { at: 10_000, sender: para(1) });
		assert_eq!((stuck.passed, stuck.read), (2, 3));
		assert_eq!(stuck.watermark(10_005, 0), 9_999);
		// Never below what the receiver reached before.
		assert_eq!(walk(&[], u32::MAX, u32::MAX).watermark(10_005, 6), 6);
	}

	#[test]
	fn the_walk_ends_at_its_bounds_and_at_a_digest_it_cannot_read() {
		let limited = walk(&[(1, 7), (2, 2)], u32::MAX, 2);
		assert_eq!(limited.end, DigestWalkEnd::Bound { at: 10_000 });
		assert_eq!((limited.passed, limited.read, limited.watermark(10_005, 0)), (2, 2, 9_999));

		let until = walk(&[(1, 7), (2, 2)], 9_999, u32::MAX);
		assert_eq!(until.end, DigestWalkEnd::Bound { at: 10_000 });

		let digests = digests();
		let unread = walk_digests(
			Some(5),
			u32::MAX,
			u32::MAX,
			|at| Ok::<_, Infallible>(digests.get(&at).filter(|_| at != 9).cloned()),
			|_| Nonce::MAX,
		)
		.unwrap();
		assert_eq!(unread.end, DigestWalkEnd::Unread { at: 9 });
		assert_eq!((unread.passed, unread.read, unread.watermark(100, 0)), (1, 2, 8));

		let failed = walk_digests(
			Some(5),
			u32::MAX,
			u32::MAX,
			|_| Err::<Option<ReceiverDigest>, _>("no"),
			|_| 0,
		);
		assert_eq!(failed, Err("no"));
		let none = walk_digests(None, 0, 0, |_| Err::<Option<ReceiverDigest>, _>("unread"), |_| 0);
		assert_eq!(none.map(|walk| walk.watermark(4, 0)), Ok(4));
	}

	#[test]
	fn recent_refusals_count_from_above_the_included_cursor() {
		let range = |first, last| RefusedRange { first, last, recorded_at: 7 };
		let recent = [range(1, 2), range(4, 9), range(11, 11)];
		assert_eq!(refusals_not_included(&recent, 0), recent.to_vec());
		assert_eq!(refusals_not_included(&recent, 2), vec![range(4, 9), range(11, 11)]);
		// A range that merged an included refusal with a later one keeps its later part, which
		// continues the relay's range.
		assert_eq!(refusals_not_included(&recent, 6), vec![range(7, 9), range(11, 11)]);
		assert_eq!(refusals_not_included(&recent, 11), Vec::new());
	}

	#[test]
	fn a_block_consumes_one_senders_batches_alike_and_opens_no_range_past_the_bound() {
		use crate::limits::MAX_REFUSED_RANGES;
		let range = |first, last| RefusedRange { first, last, recorded_at: 0 };
		// Ranges 1..=1, 3..=3, ... with a gap after each: as many as the relay holds.
		let full: Vec<RefusedRange> =
			(0..u64::from(MAX_REFUSED_RANGES)).map(|k| range(2 * k + 1, 2 * k + 1)).collect();
		let last = full.last().unwrap().last;
		assert_eq!(check_sender_move(None, false, last + 5, || full.clone()), Ok(()));
		assert_eq!(
			check_sender_move(None, true, last + 5, || full.clone()),
			Err(SenderMoveError::TooManyRefusedRanges)
		);
		// A refusal continuing the last range merges into it.
		assert_eq!(check_sender_move(None, true, last, || full.clone()), Ok(()));
		assert_eq!(
			check_sender_move(Some(true), false, 0, Vec::<RefusedRange>::new),
			Err(SenderMoveError::MixedConsumption)
		);
		assert_eq!(
			check_sender_move(Some(false), true, 0, Vec::<RefusedRange>::new),
			Err(SenderMoveError::MixedConsumption)
		);
		assert_eq!(check_sender_move(Some(true), true, last + 5, || full.clone()), Ok(()));
		// Ranges of unincluded blocks that continue the relay's last count with it as one.
		let mut held = full[1..].to_vec();
		held.push(range(last + 1, last + 3));
		assert_eq!(check_sender_move(None, true, last + 9, || held.clone()), Ok(()));
		held.push(range(last + 5, last + 5));
		assert_eq!(
			check_sender_move(None, true, last + 9, || held.clone()),
			Err(SenderMoveError::TooManyRefusedRanges)
		);
	}
}
