//! The relay chain's XCMP records as a parachain reads them.
//!
//! The relay runtime's `pallet-xcmp-relay` stores these types under these keys; a parachain's
//! collator proves the ones its next block needs with a relay-state storage proof, and the
//! parachain's pallets read them through a [`RelayStateProof`] checked against the relay
//! parent's state root (as cumulus reads HRMP channels from its `RelayChainStateProof`). Keeping
//! the layout here, rather than in the relay pallet, lets a parachain runtime read relay state
//! without compiling the relay's pallet.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::BoundedVec;
use sp_trie::{CompactProof, StorageProof};

use crate::{
	limits::{MAX_DESTINATIONS_PER_BLOCK, MAX_REFUSED_RANGES, MAX_RELAY_PARENT_AGE},
	ChannelCursor, ChannelLimits, Hashing, Layout, Nonce, ParaId, RelayBlockNumber, RoutedBatch,
};

/// The name the mock relay runtimes give `pallet-xcmp-relay`, and so the default prefix of its
/// storage keys. A relay runtime that names the pallet otherwise tells its parachains the name.
pub const DEFAULT_RELAY_PALLET_NAME: &str = "XcmpRelay";

/// Nonces a receiver consumed by refusal (it blocked the sender), kept for the sender until it
/// has seen them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct RefusedRange {
	/// First refused nonce.
	pub first: Nonce,
	/// Last refused nonce.
	pub last: Nonce,
	/// Relay block that recorded the refusal.
	pub recorded_at: RelayBlockNumber,
}

impl RefusedRange {
	/// Whether `nonce` is in the range.
	pub fn contains(&self, nonce: Nonce) -> bool {
		self.first <= nonce && nonce <= self.last
	}

	/// Whether refusing a channel's batch that continues its cursor at `cursor` would open a
	/// refused range past the [`MAX_REFUSED_RANGES`] the relay holds for it: the refusal does not
	/// continue the last of the `held` ranges, and they are as many as the relay holds
	/// (`TooManyRefusedRanges`; `docs/PROTOCOL.md`, "12. Block lists and refusals").
	///
	/// `held` is oldest first. A range that continues the one before it counts with it, as the
	/// relay merges them: so `held` may be the relay's ranges followed by those that blocks not
	/// included yet refused.
	pub fn refusal_opens_one_too_many(held: &[RefusedRange], cursor: Nonce) -> bool {
		let mut separate = 0usize;
		let mut last: Option<Nonce> = None;
		for range in held {
			if last.is_none_or(|last| last.saturating_add(1) != range.first) {
				separate = separate.saturating_add(1);
			}
			last = Some(range.last);
		}
		last != Some(cursor) && separate >= MAX_REFUSED_RANGES as usize
	}
}

/// The limits a channel had before its last change in place, kept while a batch sent under them
/// may still be included or consumed: such a batch is judged by them, not by the new ones
/// (`docs/PROTOCOL.md`, "Channel limits changed in place").
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct EarlierLimits {
	/// The limits before the change.
	pub limits: ChannelLimits,
	/// The relay block that changed them: a batch sent at an earlier relay parent is judged by
	/// [`Self::limits`].
	pub until: RelayBlockNumber,
	/// The last nonce of the batches sent before [`Self::until`] that the relay has recorded.
	pub last_nonce: Nonce,
}

impl EarlierLimits {
	/// Whether a batch sent at relay parent `sent_at` is judged by these limits.
	pub fn judge(&self, sent_at: RelayBlockNumber) -> bool {
		sent_at < self.until
	}

	/// The limits that judge a batch sent at relay parent `sent_at` on a channel whose limits
	/// are `current` and were `earlier` before their last change, if they changed: the earlier
	/// ones for a batch sent before it.
	pub fn limits_at(
		earlier: Option<&Self>,
		current: ChannelLimits,
		sent_at: RelayBlockNumber,
	) -> ChannelLimits {
		match earlier {
			Some(earlier) if earlier.judge(sent_at) => earlier.limits,
			_ => current,
		}
	}

	/// Notes that the relay recorded a batch up to `last_nonce`, sent at `sent_at`.
	pub fn record_sent(&mut self, sent_at: RelayBlockNumber, last_nonce: Nonce) {
		if self.judge(sent_at) {
			self.last_nonce = self.last_nonce.max(last_nonce);
		}
	}

	/// Whether no batch these limits judge can come any more, at relay block `now` with the
	/// receiver's cursor at `consumed`: no candidate built before the change can still be
	/// included ([`MAX_RELAY_PARENT_AGE`]), and the receiver consumed every batch sent before
	/// it. The channel's limits may then change again.
	pub fn settled(&self, now: RelayBlockNumber, consumed: Nonce) -> bool {
		now >= self.until.saturating_add(MAX_RELAY_PARENT_AGE) && consumed >= self.last_nonce
	}
}

/// When the batches pending on a channel (committed, not consumed yet) expire, as the relay
/// knows from their entries' deadlines ([`EgressEntry::expires_at`](crate::EgressEntry)): what
/// lets a closing channel close without its receiver, and inclusion refuse an accepted batch
/// that must have expired (`docs/PROTOCOL.md`, "Deadlines and timeouts"). It says nothing while
/// nothing is pending.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum PendingExpiry {
	/// A pending batch has no deadline (or nothing is pending): the channel waits for its
	/// receiver.
	#[default]
	Never,
	/// Every pending batch expires at or before this relay block.
	By(RelayBlockNumber),
	/// Every pending batch expired so long ago that no receiver block can accept one any more,
	/// and the channel, closing, closed without its receiver ([`ChannelState::time_out`]).
	TimedOut,
}

impl PendingExpiry {
	/// The expiry once a batch with deadline `expires_at` joins the pending ones, which there
	/// are none of if the channel was `drained`: the later of the two deadlines, or none if
	/// either has none.
	pub fn with_batch(self, drained: bool, expires_at: Option<RelayBlockNumber>) -> Self {
		match (self, expires_at) {
			(_, None) => Self::Never,
			(_, Some(at)) if drained => Self::By(at),
			(Self::Never, Some(_)) => Self::Never,
			(Self::By(by), Some(at)) => Self::By(by.max(at)),
			// Timed-out batches expired before any deadline a batch recorded now can have.
			(Self::TimedOut, Some(at)) => Self::By(at),
		}
	}

	/// Whether every pending batch is expired for a receiver block on `relay_parent`, which may
	/// then only refuse them.
	pub fn all_expired_at(&self, relay_parent: RelayBlockNumber) -> bool {
		match self {
			Self::Never => false,
			Self::By(by) => *by <= relay_parent,
			Self::TimedOut => true,
		}
	}

	/// Whether, at relay block `now`, no receiver block that could accept a pending batch can
	/// still be included: every one expired at least [`MAX_RELAY_PARENT_AGE`] blocks ago, as
	/// for [`batch_reclaimable`](crate::batch_reclaimable).
	pub fn passed_at(&self, now: RelayBlockNumber) -> bool {
		match self {
			Self::Never => false,
			Self::By(by) => now >= by.saturating_add(MAX_RELAY_PARENT_AGE),
			Self::TimedOut => true,
		}
	}
}

/// Why a channel's limits cannot change in place ([`ChannelState::check_limits_change`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LimitsChangeError {
	/// The channel is closing: its limits stay until it closes.
	Closing,
	/// The new limits are not valid ([`ChannelLimits::validate`]).
	Invalid,
	/// The new limits are the channel's current ones.
	Unchanged,
	/// The last change has not settled ([`EarlierLimits::settled`]).
	Unsettled,
}

/// The relay's record of one channel.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct ChannelState {
	/// The channel's limits: agreed when it opened, or when they last changed in place. They
	/// judge every batch sent at a relay parent that saw them ([`Self::limits_at`]).
	pub limits: ChannelLimits,
	/// The limits before the last change in place, for the batches sent before it.
	pub earlier_limits: Option<EarlierLimits>,
	/// Last nonce the sender committed on the channel.
	pub last_sent: Nonce,
	/// The receiver's cursor.
	pub cursor: ChannelCursor,
	/// Nonces the receiver refused that the sender has not seen yet, oldest first.
	pub refused: BoundedVec<RefusedRange, ConstU32<MAX_REFUSED_RANGES>>,
	/// The relay block in which either end asked to close, once it has: no new batches from a
	/// block that saw it; closed once drained, or timed out ([`Self::time_out`]), when the
	/// record stays for both ends to read and for a channel opened again between them to
	/// continue.
	pub closing_since: Option<RelayBlockNumber>,
	/// When the batches pending on the channel expire.
	pub pending_expiry: PendingExpiry,
}

impl ChannelState {
	/// A newly opened channel with `limits`: nothing sent, nothing consumed.
	pub fn new(limits: ChannelLimits) -> Self {
		Self {
			limits,
			earlier_limits: None,
			last_sent: 0,
			cursor: ChannelCursor::default(),
			refused: BoundedVec::new(),
			closing_since: None,
			pending_expiry: PendingExpiry::Never,
		}
	}

	/// The limits that judge a batch sent at relay parent `sent_at`: the earlier ones for a
	/// batch sent before the last change, the channel's otherwise.
	pub fn limits_at(&self, sent_at: RelayBlockNumber) -> ChannelLimits {
		EarlierLimits::limits_at(self.earlier_limits.as_ref(), self.limits, sent_at)
	}

	/// Whether the channel's limits may change in place at relay block `now`: the last change,
	/// if any, is settled ([`EarlierLimits::settled`]).
	pub fn limits_settled(&self, now: RelayBlockNumber) -> bool {
		self.earlier_limits.is_none_or(|earlier| earlier.settled(now, self.cursor.last_nonce))
	}

	/// Whether `limits` may be proposed for the channel: it is not closing, and they are valid
	/// and differ from its current ones. Changing them also needs the last change settled
	/// ([`Self::check_limits_change`]).
	pub fn check_limits_proposal(&self, limits: &ChannelLimits) -> Result<(), LimitsChangeError> {
		if self.is_closing() {
			return Err(LimitsChangeError::Closing);
		}
		limits.validate().map_err(|_| LimitsChangeError::Invalid)?;
		if *limits == self.limits {
			return Err(LimitsChangeError::Unchanged);
		}
		Ok(())
	}

	/// Whether the channel's limits may change to `limits` at relay block `now`: they may be
	/// proposed ([`Self::check_limits_proposal`]) and the last change is settled.
	pub fn check_limits_change(
		&self,
		limits: &ChannelLimits,
		now: RelayBlockNumber,
	) -> Result<(), LimitsChangeError> {
		self.check_limits_proposal(limits)?;
		if !self.limits_settled(now) {
			return Err(LimitsChangeError::Unsettled);
		}
		Ok(())
	}

	/// Changes the limits in place at relay block `now`; the current ones become the earlier
	/// ones, for the batches sent before.
	pub fn change_limits(&mut self, limits: ChannelLimits, now: RelayBlockNumber) {
		self.earlier_limits =
			Some(EarlierLimits { limits: self.limits, until: now, last_nonce: self.last_sent });
		self.limits = limits;
	}

	/// Either end asked to close the channel.
	pub fn is_closing(&self) -> bool {
		self.closing_since.is_some()
	}

	/// Closing, and drained or timed out: the channel carries nothing its receiver may accept,
	/// and may be opened again.
	pub fn is_closed(&self) -> bool {
		self.is_closing() && (self.is_drained() || self.is_timed_out())
	}

	/// Closed by timeouts ([`Self::time_out`]): every batch still pending expired so long ago
	/// that its receiver may only refuse it.
	pub fn is_timed_out(&self) -> bool {
		self.pending_expiry == PendingExpiry::TimedOut
	}

	/// Closed, with every refusal seen by its sender: the channel may be opened again, and
	/// starts with nothing its sender has yet to learn.
	pub fn may_reopen(&self) -> bool {
		self.is_closed() && self.refused.is_empty()
	}

	/// Closes the channel by timeouts at relay block `now`, if it is closing but not closed and
	/// every batch pending on it has passed its deadline for good
	/// ([`PendingExpiry::passed_at`]), with its sender having seen every refusal: a channel
	/// whose receiver is gone closes without it. Returns whether it did. Its pending batches
	/// stay, to be refused by the receiver if it ever comes back.
	pub fn time_out(&mut self, now: RelayBlockNumber) -> bool {
		let closable = self.is_closing() && !self.is_closed() && self.refused.is_empty();
		if closable && self.pending_expiry.passed_at(now) {
			self.pending_expiry = PendingExpiry::TimedOut;
			return true;
		}
		false
	}

	/// Whether a block built on `relay_parent` saw the channel closing, and so may commit no
	/// batch to it.
	pub fn closing_at(&self, relay_parent: RelayBlockNumber) -> bool {
		self.closing_since.is_some_and(|since| since <= relay_parent)
	}

	/// The receiver consumed everything the sender committed, and the sender has seen every
	/// refusal: a closing channel may then go without losing what the sender must learn.
	pub fn is_drained(&self) -> bool {
		self.cursor.last_nonce >= self.last_sent && self.refused.is_empty()
	}

	/// Whether the receiver consumed `nonce` by refusing it, as far as the relay still says.
	pub fn refused(&self, nonce: Nonce) -> bool {
		self.refused.iter().any(|range| range.contains(nonce))
	}
}

/// What the relay keeps of a recorded egress root besides the root itself, for its own
/// bookkeeping: when it was recorded and the batches of it that their destinations have not
/// consumed yet. The relay drops it, and the root, when none is left. The root is a record of
/// its own (keyed by [`keys::egress_root`]), the one a receiver's block proves: kept apart, it
/// costs that proof 32 bytes of value where root and batches together cost 37 plus 20 per
/// destination (`docs/PROTOCOL.md`, "What a receiver's block proves").
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct AwaitedEgress {
	/// The relay block that recorded the root (included its candidate): a receiver's block on
	/// an earlier relay parent could not have read it.
	pub recorded_at: RelayBlockNumber,
	/// Per destination that has not consumed its batch yet: the batch's first and last nonce.
	pub batches: BoundedVec<(ParaId, Nonce, Nonce), ConstU32<MAX_DESTINATIONS_PER_BLOCK>>,
}

/// One relay block's digest for a receiver: the batches to it that the relay recorded in that
/// block and that it has not consumed yet, as `(sender, last_nonce)` (one per sender, at the last
/// nonce it recorded there), linked to the receiver's digests before and after it. A digest goes
/// once its last entry is consumed, so a receiver's digests are those of its pending batches,
/// whatever the time (`docs/PROTOCOL.md`, "Watermark").
#[derive(
	Clone,
	PartialEq,
	Eq,
	Default,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ReceiverDigest<Entries = Vec<(ParaId, Nonce)>> {
	/// `(sender, last_nonce)` of the batches not consumed yet.
	pub entries: Entries,
	/// The receiver's digest before this one (an earlier relay block), if any.
	pub previous: Option<RelayBlockNumber>,
	/// The receiver's digest after this one (a later relay block), if any.
	pub next: Option<RelayBlockNumber>,
}

/// The relay blocks of a receiver's oldest and newest digests: the ends of its list.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct DigestSpan {
	/// The oldest digest's relay block.
	pub oldest: RelayBlockNumber,
	/// The newest digest's relay block.
	pub newest: RelayBlockNumber,
}

/// The relay blocks of a receiver's digests, oldest first, as far as a receiver's block walks
/// them: from `oldest` (its [`DigestSpan`]'s), following each digest's `next` as `next_of` reads
/// it, at most `limit` of them. A digest `next_of` cannot read ends the walk there.
pub fn digest_blocks(
	oldest: Option<RelayBlockNumber>,
	limit: u32,
	mut next_of: impl FnMut(RelayBlockNumber) -> Option<RelayBlockNumber>,
) -> Vec<RelayBlockNumber> {
	let mut blocks = Vec::new();
	let mut at = oldest;
	while let Some(block) = at {
		if blocks.len() >= limit as usize {
			break;
		}
		blocks.push(block);
		at = next_of(block);
	}
	blocks
}

/// The storage keys of the relay's records, computed without the relay runtime: what a
/// parachain needs to read them from a relay-state proof.
///
/// Every map is `Twox64Concat`-keyed, so a key is
/// `twox128(pallet) ++ twox128(item) ++ (twox64(SCALE(k)) ++ SCALE(k))` for each key part `k`,
/// where `pallet` is the name the relay runtime gives `pallet-xcmp-relay`. A test of the relay
/// pallet checks each against FRAME's own `hashed_key_for`.
pub mod keys {
	use super::*;
	use sp_crypto_hashing::{twox_128, twox_64};

	fn prefix(pallet: &str, item: &str) -> Vec<u8> {
		let mut key = twox_128(pallet.as_bytes()).to_vec();
		key.extend_from_slice(&twox_128(item.as_bytes()));
		key
	}

	fn twox64_concat(key: &mut Vec<u8>, part: &impl Encode) {
		let encoded = part.encode();
		key.extend_from_slice(&twox_64(&encoded));
		key.extend_from_slice(&encoded);
	}

	fn map(pallet: &str, item: &str, k: &impl Encode) -> Vec<u8> {
		let mut key = prefix(pallet, item);
		twox64_concat(&mut key, k);
		key
	}

	fn double_map(pallet: &str, item: &str, k1: &impl Encode, k2: &impl Encode) -> Vec<u8> {
		let mut key = map(pallet, item, k1);
		twox64_concat(&mut key, k2);
		key
	}

	/// Key of the channel `sender -> receiver` (a [`ChannelState`]).
	pub fn channel(pallet: &str, sender: ParaId, receiver: ParaId) -> Vec<u8> {
		double_map(pallet, "Channels", &sender, &receiver)
	}

	/// Key saying whether `receiver` blocks `sender`: present when it does, holding the relay
	/// block that recorded the block (a `RelayBlockNumber`).
	pub fn blocked(pallet: &str, receiver: ParaId, sender: ParaId) -> Vec<u8> {
		double_map(pallet, "Blocked", &receiver, &sender)
	}

	/// Key of `sender`'s egress root recorded at `sent_at` (an `H256`).
	pub fn egress_root(pallet: &str, sender: ParaId, sent_at: RelayBlockNumber) -> Vec<u8> {
		double_map(pallet, "EgressRoots", &sender, &sent_at)
	}

	/// Key of `receiver`'s digest for relay block `recorded_at` (a [`ReceiverDigest`]; absent when the
	/// relay recorded no batch to it there, or it consumed them all).
	pub fn digest(pallet: &str, receiver: ParaId, recorded_at: RelayBlockNumber) -> Vec<u8> {
		double_map(pallet, "Digests", &receiver, &recorded_at)
	}

	/// Key of the ends of `receiver`'s list of digests (a [`DigestSpan`]; absent when it has
	/// none).
	pub fn digest_span(pallet: &str, receiver: ParaId) -> Vec<u8> {
		map(pallet, "DigestSpans", &receiver)
	}

	/// Key of `receiver`'s watermark (a relay block number; absent means 0).
	pub fn watermark(pallet: &str, receiver: ParaId) -> Vec<u8> {
		map(pallet, "Watermarks", &receiver)
	}

	/// Key of `sender`'s last egress relay parent (a relay block number).
	pub fn last_egress_at(pallet: &str, sender: ParaId) -> Vec<u8> {
		map(pallet, "LastEgressAt", &sender)
	}

	/// Key of the hash of `para`'s last included header (an `H256`).
	pub fn head(pallet: &str, para: ParaId) -> Vec<u8> {
		map(pallet, "Heads", &para)
	}
}

/// Why a record could not be read from a relay-state proof.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub enum RelayStateError {
	/// The proof does not reach the record's key from the state root: it was made for other
	/// keys, against another root, or tampered with.
	NotProven,
	/// The proof holds bytes under the key that do not decode as the record.
	Undecodable,
	/// The compact proof is not the compact encoding of a partial trie with the expected state
	/// root: a node does not decode, the nodes rebuild another root, the proof ends before its
	/// trie does, or nodes follow the trie (a compact proof carries no node its trie does not
	/// link). Only [`RelayStateProof::from_compact`] returns it.
	MalformedProof,
}

/// A relay-state storage proof checked against a relay parent's state root: every read either
/// yields what the relay chain stored under a key (or proves it stored nothing there) or fails.
pub struct RelayStateProof {
	pallet: &'static str,
	root: H256,
	db: sp_trie::MemoryDB<Hashing>,
}

impl RelayStateProof {
	/// Reads the records of the relay pallet named `pallet` from `proof`, against `state_root`.
	pub fn new(pallet: &'static str, state_root: H256, proof: StorageProof) -> Self {
		Self { pallet, root: state_root, db: proof.into_memory_db() }
	}

	/// Reads the records of the relay pallet named `pallet` from a compact `proof` (the nodes in
	/// trie order, without the hashes of the nodes it holds, which decoding recomputes), its
	/// rebuilt root checked against `state_root`. What the ingress inherent carries: it takes
	/// about two thirds of a plain proof's bytes (`docs/PROTOCOL.md`, "Relay view").
	pub fn from_compact(
		pallet: &'static str,
		state_root: H256,
		proof: &CompactProof,
	) -> Result<Self, RelayStateError> {
		let (db, _) = proof
			.to_memory_db::<Hashing>(&state_root)
			.map_err(|_| RelayStateError::MalformedProof)?;
		Ok(Self { pallet, root: state_root, db })
	}

	/// The relay parent's state root the reads are checked against.
	pub fn state_root(&self) -> H256 {
		self.root
	}

	fn read<V: Decode>(&self, key: &[u8]) -> Result<Option<V>, RelayStateError> {
		let value = sp_trie::read_trie_value::<Layout, _>(&self.db, &self.root, key, None, None)
			.map_err(|_| RelayStateError::NotProven)?;
		value
			.map(|bytes| V::decode(&mut &bytes[..]).map_err(|_| RelayStateError::Undecodable))
			.transpose()
	}

	/// The channel `sender -> receiver`, or `None` if there is none.
	pub fn channel(
		&self,
		sender: ParaId,
		receiver: ParaId,
	) -> Result<Option<ChannelState>, RelayStateError> {
		self.read(&keys::channel(self.pallet, sender, receiver))
	}

	/// Whether `receiver` blocks `sender`.
	pub fn blocks(&self, receiver: ParaId, sender: ParaId) -> Result<bool, RelayStateError> {
		Ok(self.read::<RelayBlockNumber>(&keys::blocked(self.pallet, receiver, sender))?.is_some())
	}

	/// The egress root `sender` committed at relay parent `sent_at`, while the relay holds it.
	pub fn egress_root(
		&self,
		sender: ParaId,
		sent_at: RelayBlockNumber,
	) -> Result<Option<H256>, RelayStateError> {
		self.read::<H256>(&keys::egress_root(self.pallet, sender, sent_at))
	}

	/// `receiver`'s digest for relay block `recorded_at`, if it has one.
	pub fn digest(
		&self,
		receiver: ParaId,
		recorded_at: RelayBlockNumber,
	) -> Result<Option<ReceiverDigest>, RelayStateError> {
		self.read(&keys::digest(self.pallet, receiver, recorded_at))
	}

	/// The relay block of `receiver`'s oldest digest, if it has one.
	pub fn oldest_digest(
		&self,
		receiver: ParaId,
	) -> Result<Option<RelayBlockNumber>, RelayStateError> {
		Ok(self.read::<DigestSpan>(&keys::digest_span(self.pallet, receiver))?.map(|s| s.oldest))
	}

	/// The hash of `para`'s last included header, if the relay included one.
	pub fn head(&self, para: ParaId) -> Result<Option<H256>, RelayStateError> {
		self.read(&keys::head(self.pallet, para))
	}

	/// The watermark the relay recorded for `receiver`.
	pub fn watermark(&self, receiver: ParaId) -> Result<RelayBlockNumber, RelayStateError> {
		Ok(self.read(&keys::watermark(self.pallet, receiver))?.unwrap_or_default())
	}
}

/// The keys of the relay records a block of `receiver` reads, which its collator proves in the
/// block's relay-state proof: each key once, sorted.
///
/// - for each of `batches` (routed to the receiver): the channel from its sender, the sender's
///   egress root at the batch's `sent_at` (whether the receiver blocks the sender is its own
///   block list's to say, which its chain keeps ahead of the relay parent);
/// - for each `outbound` destination (those the block's relay view covers, with every
///   destination the receiver has messages pending to): the channel to it, and whether it
///   blocks the receiver;
/// - the ends of the receiver's list of digests, and the digests of `digests`: the relay blocks
///   its watermark passes, oldest first, as [`walk_digests`](crate::receiver::walk_digests) finds
///   them in the relay parent's state with the receiver's cursors after the block and its
///   `MaxWatermarkAdvance` as the limit (the digest it stops at, left out, stops the pallet's
///   walk there too); or any first digests of the list ([`digest_blocks`]), those it does not
///   pass stopping its walk.
///
/// These are the records the ingress pallet reads as it checks the inherent; a record it reads
/// that the proof does not hold fails the inherent, except a digest, where the watermark stops.
pub fn receiver_proof_keys(
	pallet: &str,
	receiver: ParaId,
	batches: &[RoutedBatch],
	outbound: impl IntoIterator<Item = ParaId>,
	digests: &[RelayBlockNumber],
) -> Vec<Vec<u8>> {
	let me = receiver;
	let mut wanted = Vec::new();
	for batch in batches {
		wanted.push(keys::channel(pallet, batch.sender, me));
		wanted.push(keys::egress_root(pallet, batch.sender, batch.entry.sent_at));
	}
	for destination in outbound {
		wanted.push(keys::channel(pallet, me, destination));
		wanted.push(keys::blocked(pallet, destination, me));
	}
	wanted.push(keys::digest_span(pallet, me));
	for recorded_at in digests {
		wanted.push(keys::digest(pallet, me, *recorded_at));
	}
	wanted.sort();
	wanted.dedup();
	wanted
}

/// What a sender knows of one of its outbound channels from its block's relay view.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct OutboundChannelView {
	/// The relay's record of the channel; `None` if there is no channel.
	pub state: Option<ChannelState>,
	/// Whether the destination blocks this parachain.
	pub blocked: bool,
}

/// The sender's side of a parachain block's relay view: read by the egress pallet, provided by
/// whatever checked this block's relay-state proof (the ingress pallet, in a runtime).
pub trait OutboundRelayView {
	/// The relay parent number of the current block, once this block's relay view is known
	/// (`None` before, for example in hooks that run before the inherent that carries it).
	fn relay_parent_number() -> Option<RelayBlockNumber>;
	/// The current block's view of the channel to `destination`; `None` when the block's relay
	/// view did not cover it (or is not known yet).
	fn outbound_channel(destination: ParaId) -> Option<OutboundChannelView>;
}

/// The destinations a sender has messages pending to: the channels whose relay records every
/// block's relay view must cover, so that the sender learns of each delivery and refusal.
pub trait PendingOutbound {
	/// Destinations with messages queued or committed and not yet consumed.
	fn pending_destinations() -> Vec<ParaId>;
	/// The most destinations [`PendingOutbound::pending_destinations`] can ever return. The
	/// receiving side's relay view must have room for that many, or a block with messages pending
	/// to all of them could not be built; its `integrity_test` checks this.
	fn max_pending_destinations() -> u32;
}

impl PendingOutbound for () {
	fn pending_destinations() -> Vec<ParaId> {
		Vec::new()
	}

	fn max_pending_destinations() -> u32 {
		0
	}
}

/// The relay parent a parachain block builds on: the subset of cumulus's `RelayChainState`
/// (from `RelaychainStateProvider`) that XCMP needs.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct RelayParent {
	/// The relay parent's number.
	pub number: RelayBlockNumber,
	/// The relay parent's state root, which relay-state proofs are checked against.
	pub state_root: H256,
}

/// Gives the relay parent of the block being built. A cumulus runtime implements it with
/// `cumulus_pallet_parachain_system::RelaychainDataProvider::current_relay_chain_state()`.
pub trait RelayParentProvider {
	/// The current block's relay parent.
	fn relay_parent() -> RelayParent;

	/// The relay-state proof of [`Self::relay_parent`] that the block already carries in another
	/// inherent, if any: in a cumulus runtime, the one in parachain-system's validation data,
	/// which holds the keys the runtime's `KeyToIncludeInRelayProof` asks for. When it returns
	/// one, the ingress pallet reads the relay records from it, checked against the relay
	/// parent's state root, and the ingress inherent carries no proof of its own: one relay-state
	/// proof per block. `None` (the default): the ingress inherent carries its own, compact.
	fn carried_relay_state_proof() -> Option<StorageProof> {
		None
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{Outbox, Payload};
	use alloc::{collections::BTreeMap, vec};

	const PALLET: &str = DEFAULT_RELAY_PALLET_NAME;

	fn para(id: u32) -> ParaId {
		ParaId::from(id)
	}

	/// `sender`'s batch of one message to `receiver`, committed at `sent_at`.
	fn batch(sender: u32, receiver: u32, sent_at: RelayBlockNumber) -> RoutedBatch {
		let mut outbox = Outbox::new(para(sender));
		let payload = Payload::try_from(vec![1u8]).unwrap();
		outbox.commit(sent_at, BTreeMap::from([(para(receiver), vec![payload])])).unwrap();
		outbox.route(sent_at, para(receiver)).unwrap()
	}

	fn sorted(mut keys: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
		keys.sort();
		keys
	}

	#[test]
	fn a_receiver_proves_its_batches_outbound_channels_and_the_digests_its_watermark_may_pass() {
		let (a, b, c) = (para(1000), para(2000), para(3000));
		let keys = receiver_proof_keys(PALLET, b, &[batch(1000, 2000, 4)], [c, a, c], &[5, 9]);
		let expected = sorted(vec![
			keys::channel(PALLET, a, b),
			keys::egress_root(PALLET, a, 4),
			keys::channel(PALLET, b, a),
			keys::blocked(PALLET, a, b),
			keys::channel(PALLET, b, c),
			keys::blocked(PALLET, c, b),
			keys::digest_span(PALLET, b),
			keys::digest(PALLET, b, 5),
			keys::digest(PALLET, b, 9),
		]);
		assert_eq!(keys, expected);
	}

	#[test]
	fn a_compact_proof_reads_as_the_plain_one_in_fewer_bytes_or_not_at_all() {
		use sp_trie::TrieMut;
		const LIMITS: ChannelLimits =
			ChannelLimits { max_capacity: 8, max_total_size: 1_000, max_message_size: 100 };
		let (a, b) = (para(1000), para(2000));
		let records = [
			(keys::channel(PALLET, a, b), ChannelState::new(LIMITS).encode()),
			(keys::watermark(PALLET, b), 7u32.encode()),
			(keys::head(PALLET, a), H256::repeat_byte(3).encode()),
			(keys::watermark(PALLET, a), vec![1u8]),
		];
		let mut db = sp_trie::MemoryDB::<Hashing>::default();
		let mut root = H256::default();
		{
			let mut trie = sp_trie::TrieDBMutBuilder::<Layout>::new(&mut db, &mut root).build();
			for (key, value) in &records {
				trie.insert(key, value).unwrap();
			}
		}
		let nodes = db.drain().into_values().filter(|(_, rc)| *rc > 0).map(|(node, _)| node);
		let plain = StorageProof::new(nodes);
		let compact = plain.clone().into_compact_proof::<Hashing>(root).unwrap();
		assert!(compact.encoded_size() < plain.encoded_size());

		let by_plain = RelayStateProof::new(PALLET, root, plain);
		let by_compact = RelayStateProof::from_compact(PALLET, root, &compact).unwrap();
		assert_eq!(by_compact.state_root(), root);
		for reader in [&by_plain, &by_compact] {
			assert!(reader.channel(a, b).unwrap().is_some());
			assert_eq!(reader.channel(b, a), Ok(None));
			assert_eq!(reader.watermark(b), Ok(7));
			assert_eq!(reader.head(a), Ok(Some(H256::repeat_byte(3))));
			assert_eq!(reader.watermark(a), Err(RelayStateError::Undecodable));
		}
		// Another root, a node missing, a node beyond the trie, or none at all: not a proof.
		let malformed = |nodes: Vec<Vec<u8>>, root: H256| {
			let proof = CompactProof { encoded_nodes: nodes };
			RelayStateProof::from_compact(PALLET, root, &proof).err()
		};
		let nodes = compact.encoded_nodes;
		let expected = Some(RelayStateError::MalformedProof);
		assert_eq!(malformed(nodes.clone(), H256::repeat_byte(1)), expected);
		assert_eq!(malformed(nodes[..nodes.len() - 1].to_vec(), root), expected);
		let mut padded = nodes.clone();
		padded.push(nodes[0].clone());
		assert_eq!(malformed(padded, root), expected);
		assert_eq!(malformed(Vec::new(), root), expected);
		assert_eq!(malformed(nodes, root), None);
	}

	#[test]
	fn a_channel_s_pending_expiry_is_the_latest_deadline_of_what_is_pending() {
		use PendingExpiry::{By, Never, TimedOut};
		// A drained channel's expiry is the new batch's; a batch without one makes it none.
		assert_eq!(By(9).with_batch(true, Some(5)), By(5));
		assert_eq!(TimedOut.with_batch(true, None), Never);
		// Otherwise the later deadline; none once one has none, until the channel drains.
		assert_eq!(By(9).with_batch(false, Some(5)), By(9));
		assert_eq!(By(5).with_batch(false, Some(9)), By(9));
		assert_eq!(By(5).with_batch(false, None), Never);
		assert_eq!(Never.with_batch(false, Some(9)), Never);
		assert_eq!(TimedOut.with_batch(false, Some(9)), By(9));
		// All expired at the deadline; passed for good `MAX_RELAY_PARENT_AGE` blocks on.
		assert!(!By(9).all_expired_at(8) && By(9).all_expired_at(9));
		assert!(!By(9).passed_at(9 + MAX_RELAY_PARENT_AGE - 1));
		assert!(By(9).passed_at(9 + MAX_RELAY_PARENT_AGE));
		assert!(!Never.all_expired_at(u32::MAX) && !Never.passed_at(u32::MAX));
		assert!(TimedOut.all_expired_at(0) && TimedOut.passed_at(0));
	}

	#[test]
	fn a_closing_channel_times_out_once_its_pending_batches_passed_their_deadline() {
		let limits =
			ChannelLimits { max_capacity: 8, max_total_size: 1_000, max_message_size: 100 };
		let mut state = ChannelState::new(limits);
		state.pending_expiry = state.pending_expiry.with_batch(true, Some(9));
		state.last_sent = 3;
		let passed = 9 + MAX_RELAY_PARENT_AGE;
		// Open: it does not time out.
		assert!(!state.time_out(passed));
		state.closing_since = Some(4);
		assert!(!state.time_out(passed - 1) && !state.is_closed());
		// A refusal its sender has not seen holds it.
		let refusal = RefusedRange { first: 1, last: 1, recorded_at: 5 };
		state.refused = BoundedVec::truncate_from(vec![refusal]);
		assert!(!state.time_out(passed));
		state.refused = BoundedVec::new();
		assert!(state.time_out(passed));
		assert!(state.is_closed() && state.is_timed_out() && !state.is_drained());
		assert_eq!(state.pending_expiry, PendingExpiry::TimedOut);
		assert!(state.may_reopen());
		// Once closed, it does not close again; a receiver back to refuse its batches leaves it
		// closed, and it may reopen once the sender saw the refusal.
		assert!(!state.time_out(passed + 1));
		state.refused = BoundedVec::truncate_from(vec![refusal]);
		assert!(state.is_closed() && !state.may_reopen());
	}

	#[test]
	fn a_walk_over_digests_follows_their_links_up_to_its_limit() {
		// Digests at 5, 9 and 10 000, linked oldest first: however far apart, one step each.
		let next = |at: RelayBlockNumber| match at {
			5 => Some(9),
			9 => Some(10_000),
			_ => None,
		};
		assert_eq!(digest_blocks(Some(5), 10, next), vec![5, 9, 10_000]);
		assert_eq!(digest_blocks(Some(5), 2, next), vec![5, 9]);
		assert_eq!(digest_blocks(None, 10, next), Vec::<RelayBlockNumber>::new());
	}
}
