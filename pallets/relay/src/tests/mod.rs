//! Channels, block lists and candidates through the pallet, with its invariants checked after
//! every test.

mod channels;
mod inclusion;
mod limits;
mod records;

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use sp_runtime::DispatchError;
use xcmp_primitives::{BlockListChange, ChannelCursor, RoutedBatch, VerificationError, H256};
use xcmp_verifier::{
	receiving_candidate, Candidate, CandidateCommitments, CandidateError, Outboxes,
};

pub(super) const A: u32 = 1000;
pub(super) const B: u32 = 2000;
pub(super) const C: u32 = 3000;
pub(super) const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 50, max_total_size: 50_000, max_message_size: 1000 };

pub(super) fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

pub(super) fn channel(sender: u32, receiver: u32) -> HrmpChannelId {
	HrmpChannelId { sender: para(sender), recipient: para(receiver) }
}

pub(super) fn signed(id: u32) -> RuntimeOrigin {
	RuntimeOrigin::signed(u64::from(id))
}

pub(super) fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

pub(super) fn open(sender: u32, receiver: u32) {
	assert_ok!(XcmpRelay::force_open_channel(
		RuntimeOrigin::root(),
		channel(sender, receiver),
		LIMITS
	));
}

pub(super) fn open_all() {
	for (s, r) in [(A, B), (C, B), (A, C), (B, A)] {
		open(s, r);
	}
}

/// The parachains' outboxes: candidates built the way their pallets commit, against the
/// pallet's records.
#[derive(Clone, Default)]
pub(super) struct Senders {
	pub(super) outboxes: Outboxes,
}

impl Senders {
	/// `sender`'s block at `relay_parent` sends `count` messages of `size` bytes per destination.
	pub(super) fn send(
		&mut self,
		sender: u32,
		relay_parent: u32,
		sends: &[(u32, u64)],
		size: usize,
	) -> Candidate {
		let sends: Vec<_> = sends.iter().map(|&(d, count)| (para(d), count)).collect();
		let records = StorageRecords::<Test>::default();
		self.outboxes.send_filled(&records, para(sender), relay_parent, &sends, size).unwrap()
	}

	pub(super) fn route(&self, sender: u32, sent_at: u32, destination: u32) -> RoutedBatch {
		self.outboxes.route(para(sender), sent_at, para(destination)).unwrap()
	}
}

/// `receiver`'s honest block consuming `batches` at `watermark`, making `changes`.
pub(super) fn receive(
	receiver: u32,
	relay_parent: u32,
	batches: Vec<RoutedBatch>,
	watermark: u32,
	changes: Vec<BlockListChange>,
) -> Candidate {
	let records = StorageRecords::<Test>::default();
	let changes = changes.try_into().unwrap();
	receiving_candidate(&records, para(receiver), relay_parent, batches, watermark, changes)
		.unwrap()
}

/// `candidate`'s commitments, validated against the pallet's records as validators do before
/// inclusion; panics if it is invalid.
pub(super) fn validated(candidate: &Candidate) -> CandidateCommitments {
	xcmp_verifier::validate_candidate(&StorageRecords::<Test>::default(), candidate)
		.expect("a valid candidate")
}

/// Includes `candidate` through the call at relay block `now`, expecting it accepted.
pub(super) fn include(candidate: Candidate, now: u64) {
	System::set_block_number(now);
	let candidate = validated(&candidate);
	let para = candidate.para;
	let relay_parent = candidate.relay_parent;
	let witness = InclusionWitness::of::<Test>(&candidate);
	assert_ok!(XcmpRelay::include_candidate(RuntimeOrigin::root(), Box::new(candidate), witness));
	assert_eq!(
		last_event(),
		RuntimeEvent::XcmpRelay(Event::CandidateIncluded { para, relay_parent })
	);
}

/// Validates `candidate` and includes its commitments in the relay block after its relay
/// parent (or in the current one, if later), as validators and the relay do: the reason of
/// whichever step rejects it.
pub(super) fn try_include(candidate: &Candidate) -> Result<(), CandidateError> {
	let after = u64::from(candidate.relay_parent) + 1;
	System::set_block_number(System::block_number().max(after));
	let records = StorageRecords::<Test>::default();
	XcmpRelay::do_include_candidate(&xcmp_verifier::validate_candidate(&records, candidate)?)
}

/// Everything the pallet holds in storage, as raw keys and values.
pub(super) fn pallet_storage() -> Vec<(Vec<u8>, Vec<u8>)> {
	let prefix = sp_io::hashing::twox_128(b"XcmpRelay");
	let mut items = Vec::new();
	let mut key = prefix.to_vec();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(&prefix) {
			break;
		}
		items.push((
			next.clone(),
			sp_io::storage::get(&next).map(|v| v.to_vec()).unwrap_or_default(),
		));
		key = next;
	}
	items
}

/// Bytes the pallet holds in storage, keys and values.
pub(super) fn pallet_storage_bytes() -> usize {
	pallet_storage().iter().map(|(k, v)| k.len() + v.len()).sum()
}
