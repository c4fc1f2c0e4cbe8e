//! Channels, block lists and candidates through the pallet, with its invariants checked after
//! every test.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use sp_runtime::DispatchError;
use xcmp_primitives::{
	limits::MAX_WATERMARK_ADVANCE, BlockListChange, ChannelCursor, IngressCommitment, RoutedBatch,
	VerificationError, H256,
};
use xcmp_verifier::{receiving_candidate, Candidate, CandidateError, Outboxes};

const A: u32 = 1000;
const B: u32 = 2000;
const C: u32 = 3000;
const LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 50, max_total_size: 50_000, max_message_size: 1000 };

fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

fn channel(sender: u32, receiver: u32) -> HrmpChannelId {
	HrmpChannelId { sender: para(sender), recipient: para(receiver) }
}

fn signed(id: u32) -> RuntimeOrigin {
	RuntimeOrigin::signed(u64::from(id))
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn open(sender: u32, receiver: u32) {
	assert_ok!(XcmpRelay::force_open_channel(
		RuntimeOrigin::root(),
		channel(sender, receiver),
		LIMITS
	));
}

fn open_all() {
	for (s, r) in [(A, B), (C, B), (A, C), (B, A)] {
		open(s, r);
	}
}

/// The parachains' outboxes: candidates built the way their pallets commit, against the
/// pallet's records.
#[derive(Clone, Default)]
struct Senders {
	outboxes: Outboxes,
}

impl Senders {
	/// `sender`'s block at `relay_parent` sends `count` messages of `size` bytes per destination.
	fn send(
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

	fn route(&self, sender: u32, sent_at: u32, destination: u32) -> RoutedBatch {
		self.outboxes.route(para(sender), sent_at, para(destination)).unwrap()
	}
}

/// `receiver`'s honest block consuming `batches` at `watermark`, making `changes`.
fn receive(
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

/// Includes `candidate` through the call at relay block `now`, expecting it accepted.
fn include(candidate: Candidate, now: u64) {
	System::set_block_number(now);
	let para = candidate.para;
	let relay_parent = candidate.relay_parent;
	let witness = InclusionWitness::of::<Test>(&candidate);
	assert_ok!(XcmpRelay::include_candidate(RuntimeOrigin::root(), candidate, witness));
	assert_eq!(
		last_event(),
		RuntimeEvent::XcmpRelay(Event::CandidateIncluded { para, relay_parent })
	);
}

/// Checks and applies `candidate` in the relay block after its relay parent (or in the current
/// one, if later), as the relay includes candidates.
fn try_include(candidate: &Candidate) -> Result<(), CandidateError> {
	let after = u64::from(candidate.relay_parent) + 1;
	System::set_block_number(System::block_number().max(after));
	XcmpRelay::do_include_candidate(candidate)
}

/// Everything the pallet holds in storage, as raw keys and values.
fn pallet_storage() -> Vec<(Vec<u8>, Vec<u8>)> {
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
fn pallet_storage_bytes() -> usize {
	pallet_storage().iter().map(|(k, v)| k.len() + v.len()).sum()
}

// ---- channels ----

#[test]
fn request_and_accept_opens_a_channel() {
	build_and_execute(|| {
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::OpenChannelRequested {
				sender: para(A),
				receiver: para(B),
				limits: LIMITS
			})
		);
		assert!(Channels::<Test>::get(para(A), para(B)).is_none());
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::ChannelOpened {
				channel: channel(A, B),
				limits: LIMITS
			})
		);
		assert_eq!(Channels::<Test>::get(para(A), para(B)).unwrap().limits, LIMITS);
		assert!(OpenRequests::<Test>::get(para(A), para(B)).is_none());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 1);
	});
}

#[test]
fn bad_channel_requests_are_refused() {
	build_and_execute(|| {
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(A), LIMITS),
			Error::<Test>::ChannelToSelf
		);
		let bad = ChannelLimits { max_capacity: 0, ..LIMITS };
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), bad),
			Error::<Test>::InvalidLimits
		);
		assert_ok!(XcmpRelay::request_channel(signed(A), para(B), LIMITS));
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), LIMITS),
			Error::<Test>::RequestExists
		);
		assert_noop!(XcmpRelay::accept_channel(signed(C), para(A)), Error::<Test>::NoRequest);
		assert_ok!(XcmpRelay::accept_channel(signed(B), para(A)));
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(B), LIMITS),
			Error::<Test>::ChannelExists
		);
		assert_noop!(
			XcmpRelay::request_channel(RuntimeOrigin::root(), para(B), LIMITS),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn inbound_channels_are_bounded() {
	build_and_execute(|| {
		for sender in 1..=MaxInboundChannels::get() {
			open(sender, B);
		}
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(99, B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
	});
}

#[test]
fn outbound_channels_are_bounded_and_a_closed_one_keeps_its_place() {
	build_and_execute(|| {
		for receiver in 1..=MaxOutboundChannels::get() {
			open(A, receiver);
		}
		assert_eq!(OutboundChannelCount::<Test>::get(para(A)), MaxOutboundChannels::get());
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, 99), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		assert_noop!(
			XcmpRelay::request_channel(signed(A), para(99), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		// Closed, a channel keeps its place, and reopening takes it back.
		assert_ok!(XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(A, 1)));
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, 99), LIMITS),
			Error::<Test>::TooManyOutboundChannels
		);
		open(A, 1);
		assert_eq!(OutboundChannelCount::<Test>::get(para(A)), MaxOutboundChannels::get());
	});
}

#[test]
fn inclusion_is_charged_by_its_witness_and_refunds_what_it_did_not_walk() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		// Witnessed at the most any candidate walks: charged that, and refunded down to what it
		// walked, nothing (no refusal pending for A, no watermark move).
		let candidate = chains.send(A, 2, &[(C, 1)], 10);
		System::set_block_number(3);
		let most = InclusionWitness {
			refusing: MaxOutboundChannels::get(),
			pass: WatermarkPass::most::<Test>(),
		};
		let call = Call::<Test>::include_candidate { candidate: candidate.clone(), witness: most };
		let charged = call.get_dispatch_info().call_weight;
		assert_eq!(
			charged,
			XcmpRelay::include_candidate_weight(&candidate, most.refusing, most.pass)
		);
		let actual = XcmpRelay::include_candidate(RuntimeOrigin::root(), candidate.clone(), most)
			.unwrap()
			.actual_weight
			.unwrap();
		let no_pass = WatermarkPass::default();
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 0, no_pass));
		assert!(actual.all_lt(charged));
		// B refuses A's batch: A's next candidate walks the one channel that holds it.
		include(receive(B, 2, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 3);
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 3, vec![refused], 1, vec![]), 4);
		assert_eq!(UnseenRefusals::<Test>::get(para(A)).into_inner(), vec![para(B)]);
		let candidate = chains.send(A, 4, &[(C, 1)], 10);
		System::set_block_number(5);
		let witness = InclusionWitness::of::<Test>(&candidate);
		assert_eq!(witness, InclusionWitness { refusing: 1, pass: no_pass });
		// A witness below that is refused before anything is checked.
		assert_noop!(
			XcmpRelay::include_candidate(
				RuntimeOrigin::root(),
				candidate.clone(),
				InclusionWitness::default()
			),
			Error::<Test>::WitnessTooLow
		);
		// The exact witness is charged exactly.
		let call = Call::<Test>::include_candidate { candidate: candidate.clone(), witness };
		let charged = call.get_dispatch_info().call_weight;
		let actual =
			XcmpRelay::include_candidate(RuntimeOrigin::root(), candidate.clone(), witness)
				.unwrap()
				.actual_weight
				.unwrap();
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 1, no_pass));
		assert_eq!(actual, charged);
		assert!(UnseenRefusals::<Test>::get(para(A)).is_empty());
		assert!(!UnseenRefusals::<Test>::contains_key(para(A)));
	});
}

#[test]
fn governance_origins_are_checked() {
	build_and_execute(|| {
		assert_noop!(
			XcmpRelay::force_open_channel(signed(A), channel(A, B), LIMITS),
			DispatchError::BadOrigin
		);
		open(A, B);
		assert_noop!(
			XcmpRelay::force_close_channel(signed(A), channel(A, B)),
			DispatchError::BadOrigin
		);
		let candidate = Senders::default().send(A, 1, &[(B, 1)], 10);
		assert_noop!(
			XcmpRelay::include_candidate(signed(A), candidate, InclusionWitness::default()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn closing_waits_until_the_channel_is_drained() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		assert_noop!(
			XcmpRelay::close_channel(signed(C), channel(A, B)),
			Error::<Test>::NotChannelMember
		);
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		assert_noop!(
			XcmpRelay::close_channel(signed(A), channel(A, B)),
			Error::<Test>::AlreadyClosing
		);
		// Closing: A cannot send more.
		let more = chains.send(A, 2, &[(B, 1)], 10);
		assert_eq!(
			try_include(&more),
			Err(CandidateError::ChannelClosing { index: 0, destination: para(B) })
		);
		// Still open for B to consume what was sent; closed once it has.
		let closed = || Channels::<Test>::get(para(A), para(B)).unwrap().is_closed();
		assert!(!closed());
		include(receive(B, 2, vec![chains.route(A, 1, B)], 1, vec![]), 3);
		assert!(closed());
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateIncluded { para: para(B), relay_parent: 2 })
		);
		assert!(System::events()
			.iter()
			.any(|e| e.event
				== RuntimeEvent::XcmpRelay(Event::ChannelClosed { channel: channel(A, B) })));
		// Closed channels keep their places: B's ingress keeps its record of each sender.
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 2);
		// A drained channel closes at once.
		assert_ok!(XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(C, B)));
		assert!(Channels::<Test>::get(para(C), para(B)).unwrap().is_closed());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 2);
		assert_noop!(
			XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(C, B)),
			Error::<Test>::AlreadyClosing
		);
		assert_noop!(
			XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(B, 4000)),
			Error::<Test>::NoChannel
		);
	});
}

#[test]
fn a_reopened_channel_continues_the_closed_one() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		include(receive(B, 2, vec![chains.route(A, 1, B)], 1, vec![]), 3);
		let closed = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert!(closed.is_closed());
		assert_eq!(closed.cursor.last_nonce, 2);
		// Closed: A's batches to B are refused (a sender that tried would not commit them).
		assert_eq!(
			try_include(&chains.clone().send(A, 3, &[(B, 1)], 10)),
			Err(CandidateError::ChannelClosing { index: 0, destination: para(B) })
		);
		// The closed channel keeps its place: with B's places full, a new sender is refused,
		// while A may reopen.
		open(4000, B);
		open(5000, B);
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 4);
		assert_noop!(
			XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(6000, B), LIMITS),
			Error::<Test>::TooManyInboundChannels
		);
		// Reopened with other limits: it carries on from nonce 3 and the old chain head.
		let limits = ChannelLimits { max_capacity: 5, ..LIMITS };
		assert_ok!(XcmpRelay::force_open_channel(RuntimeOrigin::root(), channel(A, B), limits));
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 4);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert!(!state.closing);
		assert_eq!((state.limits, state.last_sent, state.cursor), (limits, 2, closed.cursor));
		include(chains.send(A, 4, &[(B, 1)], 10), 5);
		include(receive(B, 5, vec![chains.route(A, 4, B)], 1, vec![]), 6);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!((state.last_sent, state.cursor.last_nonce), (3, 3));
	});
}

#[test]
fn a_receiver_s_watermark_passes_a_closed_channel_s_batches_later() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A and C both send to B; recorded in relay block 2.
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(chains.send(C, 1, &[(B, 1)], 10), 2);
		assert_ok!(XcmpRelay::close_channel(signed(A), channel(A, B)));
		// B drains A's channel, which closes, but its watermark cannot pass relay block 2 yet:
		// C's batch waits.
		include(receive(B, 2, vec![chains.route(A, 1, B)], 1, vec![]), 3);
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().is_closed());
		// Later B takes C's batch and moves its watermark over block 2, where the relay also
		// recorded A's batch: the closed channel's kept cursor shows it consumed.
		include(receive(B, 3, vec![chains.route(C, 1, B)], 3, vec![]), 4);
		assert_eq!(Watermarks::<Test>::get(para(B)), 3);
		// A's egress root held nothing B still needed: pruned.
		assert_eq!(EgressRoots::<Test>::iter_prefix(para(A)).count(), 0);
	});
}

// ---- candidates ----

#[test]
fn honest_candidates_are_recorded_and_roots_pruned_once_consumed() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 3), (C, 1)], 10), 2);
		include(chains.send(C, 1, &[(B, 2)], 10), 2);
		assert_eq!(EgressRoots::<Test>::iter().count(), 2);
		// Filed under relay block 2, which recorded them.
		assert_eq!(Digests::<Test>::get(para(B), 2).len(), 2);
		include(receive(B, 2, vec![chains.route(A, 1, B), chains.route(C, 1, B)], 2, vec![]), 3);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!((state.last_sent, state.cursor.last_nonce), (3, 3));
		assert_eq!(Watermarks::<Test>::get(para(B)), 2);
		assert!(Digests::<Test>::iter_prefix(para(B)).next().is_none());
		// A's root waits for C, and lists only C's batch now.
		assert_eq!(EgressRoots::<Test>::iter().count(), 1);
		let held = EgressRoots::<Test>::get(para(A), 1).unwrap();
		assert_eq!(held.batches.into_inner(), vec![(para(C), 1, 1)]);
		include(receive(C, 2, vec![chains.route(A, 1, C)], 1, vec![]), 3);
		assert_eq!(EgressRoots::<Test>::iter().count(), 0);
	});
}

#[test]
fn rejected_candidate_changes_nothing_and_says_why() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 3)], 10), 2);
		let mut forged = chains.route(A, 1, B);
		forged.messages[0].payload[0] ^= 1;
		let candidate = receive(B, 2, vec![forged], 1, vec![]);
		System::set_block_number(3);
		let before = pallet_storage();
		let witness = InclusionWitness::of::<Test>(&candidate);
		assert_ok!(XcmpRelay::include_candidate(RuntimeOrigin::root(), candidate, witness));
		let reason = CandidateError::InvalidBatch {
			index: 0,
			sender: para(A),
			error: VerificationError::BatchRootMismatch,
		};
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateRejected { para: para(B), reason })
		);
		assert_eq!(pallet_storage(), before, "only the event was written");
	});
}

#[test]
fn unprocessed_batch_is_caught_through_storage() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 1)], 10), 2);
		include(chains.send(C, 1, &[(B, 1)], 10), 2);
		assert_eq!(
			try_include(&receive(B, 2, vec![chains.route(A, 1, B)], 2, vec![])),
			Err(CandidateError::UnprocessedBatch { sender: para(C), recorded_at: 2 })
		);
	});
}

#[test]
fn silent_receiver_finds_every_root_it_needs() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		for at in 1..=30 {
			include(chains.send(A, at, &[(B, 1)], 10), u64::from(at) + 1);
		}
		assert_eq!(EgressRoots::<Test>::iter_prefix(para(A)).count(), 30, "never pruned by age");
		let batches = (1..=30).map(|at| chains.route(A, at, B)).collect();
		// The watermark moves at most MAX_WATERMARK_ADVANCE relay blocks a candidate.
		let far = receive(B, 100, batches, 100, vec![]);
		assert_eq!(
			try_include(&far),
			Err(CandidateError::WatermarkAdvanceTooFar { watermark: 100, from: 0 })
		);
		let candidate = Candidate {
			ingress: IngressCommitment::new(
				far.ingress.cursors.to_vec(),
				MAX_WATERMARK_ADVANCE,
				Default::default(),
			)
			.unwrap(),
			..far
		};
		// Charged for the 64 relay blocks it passes and their 30 digest entries (A's batches,
		// recorded in relay blocks 2 to 31), and for as many channel reads as entries, up to
		// the relay's MaxInboundChannels (4 here): a count made before the check, so it cannot
		// tell that all 30 are A's.
		let pass = WatermarkPass::of::<Test>(&candidate);
		assert_eq!(pass, WatermarkPass { blocks: MAX_WATERMARK_ADVANCE, entries: 30, senders: 4 });
		System::set_block_number(101);
		let witness = InclusionWitness { refusing: 0, pass };
		let actual =
			XcmpRelay::include_candidate(RuntimeOrigin::root(), candidate.clone(), witness)
				.unwrap()
				.actual_weight
				.unwrap();
		assert_eq!(
			last_event(),
			RuntimeEvent::XcmpRelay(Event::CandidateIncluded { para: para(B), relay_parent: 100 })
		);
		assert_eq!(actual, XcmpRelay::include_candidate_weight(&candidate, 0, pass));
		assert_eq!(EgressRoots::<Test>::iter().count(), 0);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 0);
		assert_eq!(Watermarks::<Test>::get(para(B)), MAX_WATERMARK_ADVANCE);
		// The rest of the way in a later candidate.
		include(receive(B, 101, vec![], 101, vec![]), 102);
		assert_eq!(Watermarks::<Test>::get(para(B)), 101);
	});
}

#[test]
fn a_candidate_is_included_after_its_relay_parent() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		let candidate = chains.send(A, 2, &[(B, 1)], 10);
		for now in [1, 2] {
			System::set_block_number(now);
			assert_eq!(
				XcmpRelay::do_include_candidate(&candidate),
				Err(CandidateError::RelayParentNotBeforeInclusion {
					relay_parent: 2,
					included_at: now as u32
				})
			);
		}
		assert_eq!(LastEgressAt::<Test>::get(para(A)), None);
		include(candidate, 3);
	});
}

#[test]
fn a_watermark_moves_freely_up_to_the_receiver_s_first_inbound_channel() {
	build_and_execute(|| {
		const D: u32 = 4000;
		let mut chains = Senders::default();
		// Built before D had any inbound channel: no digest can lie below its relay parent.
		let early = receive(D, 500, vec![], 500, vec![]);
		System::set_block_number(1000);
		open(A, D);
		assert_eq!(FirstInboundAt::<Test>::get(para(D)), Some(1000));
		open(C, D);
		assert_eq!(FirstInboundAt::<Test>::get(para(D)), Some(1000), "the first one's block");
		// Included after the channel opened, it passes no block that may hold a digest.
		System::set_block_number(1001);
		assert_eq!(WatermarkPass::of::<Test>(&early), WatermarkPass::default());
		assert_ok!(XcmpRelay::do_include_candidate(&early));
		// Up to relay block 999 nothing can lie: a move from 500 to 1001 passes two blocks.
		include(chains.send(A, 1001, &[(D, 1)], 10), 1002);
		let candidate = receive(D, 1001, vec![], 1001, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&candidate),
			WatermarkPass { blocks: 2, entries: 0, senders: 0 }
		);
		include(candidate, 1002);
		assert_eq!(Watermarks::<Test>::get(para(D)), 1001);
		// A's batch, recorded in 1002, holds the watermark until D consumes it.
		assert_eq!(
			try_include(&receive(D, 1002, vec![], 1002, vec![])),
			Err(CandidateError::UnprocessedBatch { sender: para(A), recorded_at: 1002 })
		);
		include(receive(D, 1002, vec![chains.route(A, 1001, D)], 1002, vec![]), 1003);
		assert_eq!(Digests::<Test>::iter_prefix(para(D)).count(), 0);
	});
}

#[test]
fn a_watermark_reads_only_the_relay_blocks_it_passes() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		// A's batches to B, recorded at relay blocks 2 and 80.
		include(chains.send(A, 1, &[(B, 1)], 10), 2);
		include(chains.send(A, 79, &[(B, 1)], 10), 80);
		let (first, second) = (chains.route(A, 1, B), chains.route(A, 79, B));
		// B consumes both but moves its watermark to 10: the entry at 80 stays for later.
		let candidate = receive(B, 80, vec![first, second], 10, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&candidate),
			WatermarkPass { blocks: 10, entries: 1, senders: 1 }
		);
		include(candidate, 81);
		assert_eq!(
			Digests::<Test>::iter_prefix(para(B)).map(|(at, _)| at).collect::<Vec<_>>(),
			[80]
		);
		// Passing block 80 later needs no batch: A's cursor already reached it.
		let candidate = receive(B, 81, vec![], 74, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&candidate),
			WatermarkPass { blocks: 64, entries: 0, senders: 0 }
		);
		include(candidate, 82);
		let candidate = receive(B, 82, vec![], 81, vec![]);
		assert_eq!(
			WatermarkPass::of::<Test>(&candidate),
			WatermarkPass { blocks: 7, entries: 1, senders: 1 }
		);
		include(candidate, 83);
		assert_eq!(Digests::<Test>::iter_prefix(para(B)).count(), 0);
		assert_eq!(Watermarks::<Test>::get(para(B)), 81);
	});
}

#[test]
fn blocking_refuses_and_reports_to_the_sender() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(receive(B, 2, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 3);
		assert!(Blocked::<Test>::contains_key(para(B), para(A)));
		assert_eq!(
			try_include(&chains.send(A, 3, &[(B, 1)], 10)),
			Err(CandidateError::DestinationBlocksSender { index: 0, destination: para(B) })
		);
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 3, vec![refused], 1, vec![BlockListChange::Unblocked(para(A))]), 4);
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert_eq!(state.refused.len(), 1);
		assert_eq!((state.refused[0].first, state.refused[0].last), (1, 2));
		assert!(!Blocked::<Test>::contains_key(para(B), para(A)));
		assert_eq!(UnseenRefusals::<Test>::get(para(A)).into_inner(), vec![para(B)]);
		// A's next block has seen it.
		include(chains.send(A, 4, &[(C, 1)], 10), 5);
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().refused.is_empty());
		assert!(UnseenRefusals::<Test>::get(para(A)).is_empty());
	});
}

#[test]
fn closing_channel_stays_until_the_sender_has_seen_its_refusals() {
	build_and_execute(|| {
		open_all();
		let mut chains = Senders::default();
		include(chains.send(A, 1, &[(B, 2)], 10), 2);
		include(receive(B, 2, vec![], 0, vec![BlockListChange::Blocked(para(A))]), 3);
		assert_ok!(XcmpRelay::close_channel(signed(B), channel(A, B)));
		let mut refused = chains.route(A, 1, B);
		refused.messages.clear();
		include(receive(B, 3, vec![refused], 1, vec![]), 4);
		// Drained, but A has not seen that its two messages were refused: the record stays.
		let state = Channels::<Test>::get(para(A), para(B)).unwrap();
		assert!(state.closing && state.cursor.last_nonce == 2 && state.refused.len() == 1);
		// A's next block (relay parent 4) sees the refusal; then the channel goes.
		include(chains.send(A, 4, &[(C, 1)], 10), 5);
		assert!(Channels::<Test>::get(para(A), para(B)).unwrap().is_closed());
		assert_eq!(InboundChannelCount::<Test>::get(para(B)), 2);
		assert!(System::events().iter().any(|record| record.event
			== RuntimeEvent::XcmpRelay(Event::ChannelClosed { channel: channel(A, B) })));
	});
}

#[test]
fn relay_storage_does_not_grow_with_message_size_or_count() {
	let run = |count: u64, size: usize| {
		let mut bytes = 0;
		build_and_execute(|| {
			open_all();
			let mut chains = Senders::default();
			include(chains.send(A, 1, &[(B, count), (C, count)], size), 2);
			include(chains.send(C, 1, &[(B, count)], size), 2);
			bytes = pallet_storage_bytes();
		});
		bytes
	};
	let small = run(1, 1);
	assert_eq!(small, run(1, 1000));
	assert_eq!(small, run(40, 1000));
}

#[test]
fn relay_state_keys_are_the_storage_keys() {
	build_and_execute(|| {
		let (a, b, at) = (para(A), para(B), 7u32);
		assert_eq!(keys::channel("XcmpRelay", a, b), Channels::<Test>::hashed_key_for(a, b));
		assert_eq!(keys::blocked("XcmpRelay", b, a), Blocked::<Test>::hashed_key_for(b, a));
		assert_eq!(
			keys::egress_root("XcmpRelay", a, at),
			EgressRoots::<Test>::hashed_key_for(a, at)
		);
		assert_eq!(keys::digest("XcmpRelay", b, at), Digests::<Test>::hashed_key_for(b, at));
		assert_eq!(keys::watermark("XcmpRelay", b), Watermarks::<Test>::hashed_key_for(b));
		assert_eq!(
			keys::first_inbound_at("XcmpRelay", b),
			FirstInboundAt::<Test>::hashed_key_for(b)
		);
		assert_eq!(keys::last_egress_at("XcmpRelay", a), LastEgressAt::<Test>::hashed_key_for(a));
	});
}

#[test]
fn a_parachain_reads_the_records_from_a_relay_state_proof() {
	use sp_runtime::BuildStorage;
	use xcmp_primitives::relay_state::{RelayStateError, RelayStateProof};

	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	let mut chains = Senders::default();
	ext.execute_with(|| {
		System::set_block_number(1);
		open_all();
		include(chains.send(A, 1, &[(B, 3)], 10), 2);
		// Closing, but not drained: it stays, and B still needs its limits.
		assert_ok!(XcmpRelay::force_close_channel(RuntimeOrigin::root(), channel(A, B)));
	});
	ext.commit_all().unwrap();
	let root = *ext.backend.root();
	// The relay's collator proves the records B's block needs; B checks them against the root.
	let (expected, proof) = ext.execute_and_prove(|| {
		(
			Channels::<Test>::get(para(A), para(B)).unwrap(),
			EgressRoots::<Test>::get(para(A), 1).unwrap(),
			Digests::<Test>::get(para(B), 2),
			Blocked::<Test>::contains_key(para(B), para(C)),
			Watermarks::<Test>::get(para(B)),
			EgressRoots::<Test>::get(para(A), 2),
		)
	});
	let view = RelayStateProof::new("XcmpRelay", root, proof.clone());
	assert_eq!(view.channel(para(A), para(B)), Ok(Some(expected.0)));
	assert_eq!(view.egress_root(para(A), 1), Ok(Some(expected.1.egress_root)));
	assert_eq!(view.digest(para(B), 2), Ok(expected.2.clone().into_inner()));
	assert_eq!(expected.2.len(), 1, "A's batch, recorded in relay block 2");
	assert_eq!(view.blocks(para(B), para(C)), Ok(false));
	assert_eq!(view.watermark(para(B)), Ok(expected.4));
	assert!(view.channel(para(A), para(B)).unwrap().unwrap().closing);
	// A record the relay does not hold reads as absent, proven.
	assert_eq!(view.egress_root(para(A), 2), Ok(None));
	// The root the proof yields is the one B verifies A's batch against.
	let batch = chains.route(A, 1, B);
	let root_of_a = view.egress_root(para(A), 1).unwrap().unwrap();
	xcmp_primitives::verify_batch(para(B), &root_of_a, &ChannelCursor::default(), &LIMITS, &batch)
		.unwrap();
	// A key the proof was not made for, or another state root, proves nothing.
	assert_eq!(view.channel(para(C), para(B)), Err(RelayStateError::NotProven));
	let forged = RelayStateProof::new("XcmpRelay", H256::repeat_byte(1), proof);
	assert_eq!(forged.channel(para(A), para(B)), Err(RelayStateError::NotProven));
}
