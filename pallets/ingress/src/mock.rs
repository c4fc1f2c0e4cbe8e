//! A parachain runtime with this pallet, and the shared relay runtime with `pallet-xcmp-relay`
//! and network (`xcmp-test-support`) that connect it: senders commit with
//! `xcmp_primitives::Outbox`, the relay includes their candidates, and the parachain's inherents
//! carry storage proofs of the relay's real state.

use crate as pallet_xcmp_ingress;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{Hooks, ProcessMessage, ProcessMessageError},
	weights::{Weight, WeightMeter},
};
use frame_system::EnsureRoot;
use sp_runtime::{traits::Identity, BuildStorage};
use xcmp_primitives::{
	relay_state::{PendingOutbound, RelayParent, RelayParentProvider},
	ParaId, Payload, RelayBlockNumber, RoutedBatch, H256,
};
use xcmp_test_support::RelayNetwork;

use crate::IngressInherentData;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		XcmpIngress: pallet_xcmp_ingress,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	/// RocksDB's costs, as the pallets' `()` weights price storage accesses.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

/// This parachain.
pub const B: u32 = 2000;
/// Senders with a channel to `B`.
pub const A: u32 = 1000;
/// Another sender with a channel to `B`.
pub const C: u32 = 3000;
/// A parachain without a channel to `B`.
pub const D: u32 = 4000;
/// A payload the processor rejects while [`set_failing`] is on.
pub const FAILING: &[u8] = b"fail";
/// A storage key the processor writes before failing [`FAILING`].
pub const FAILED_ATTEMPT_KEY: &[u8] = b"failed-attempt";
/// A payload the processor yields on while [`set_yielding`] is on.
pub const YIELDING: &[u8] = b"yield";
/// A payload the processor says needs [`HEAVY`].
pub const OVERWEIGHT: &[u8] = b"heavy";
/// Weight the processor uses per ordinary message.
pub const MESSAGE_WEIGHT: Weight = Weight::from_parts(1_000_000, 1_000);
/// Weight the processor asks for an [`OVERWEIGHT`] message: more than any block's budget.
pub const HEAVY: Weight = Weight::from_parts(1 << 50, 1 << 40);

/// Parachain id from its number.
pub fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

thread_local! {
	static RELAY_PARENT: RefCell<RelayParent> = RefCell::new(RelayParent::default());
	static CARRIED_PROOF: RefCell<Option<sp_trie::StorageProof>> = const { RefCell::new(None) };
	static PROCESSED: RefCell<Vec<(ParaId, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
	static SERVICE_BUDGET: RefCell<(u64, u64)> = const { RefCell::new((3, 10)) };
	static MAX_PAGE_BYTES: RefCell<u32> = const { RefCell::new(crate::MIN_PAGE_BYTES) };
	static MAX_INHERENT_SIZE: RefCell<u32> = const { RefCell::new(300_000) };
	static MAX_QUEUED_MESSAGES: RefCell<u32> = const { RefCell::new(40_000) };
	static MAX_QUEUED_PER_SENDER: RefCell<(u32, u64)> = const { RefCell::new((20_000, 500_000)) };
	static PENDING: RefCell<Vec<ParaId>> = const { RefCell::new(Vec::new()) };
	static MAX_INBOUND_CHANNELS: RefCell<u32> = const { RefCell::new(8) };
	static YIELD: RefCell<bool> = const { RefCell::new(true) };
	static FAIL: RefCell<bool> = const { RefCell::new(true) };
}

/// Whether the processor rejects [`FAILING`].
pub fn set_failing(on: bool) {
	FAIL.with(|f| *f.borrow_mut() = on);
}

/// Whether the processor yields on [`YIELDING`].
pub fn set_yielding(on: bool) {
	YIELD.with(|y| *y.borrow_mut() = on);
}

/// The relay parent the runtime reads: set by the network for each block.
pub struct MockRelayParent;

impl RelayParentProvider for MockRelayParent {
	fn relay_parent() -> RelayParent {
		RELAY_PARENT.with(|parent| *parent.borrow())
	}

	fn carried_relay_state_proof() -> Option<sp_trie::StorageProof> {
		CARRIED_PROOF.with(|proof| proof.borrow().clone())
	}
}

/// Sets the relay-state proof the block carries in another inherent, as parachain-system's
/// validation data does in a cumulus runtime; `None` for an ingress inherent with its own.
pub fn set_carried_proof(proof: Option<sp_trie::StorageProof>) {
	CARRIED_PROOF.with(|p| *p.borrow_mut() = proof);
}

/// Sets the relay parent the runtime reads.
pub fn set_relay_parent(parent: RelayParent) {
	RELAY_PARENT.with(|p| *p.borrow_mut() = parent);
}

/// Records every message it processes; rejects [`FAILING`] and yields on [`YIELDING`] while
/// told to, asks [`HEAVY`] for [`OVERWEIGHT`].
pub struct RecordingProcessor;

impl ProcessMessage for RecordingProcessor {
	type Origin = ParaId;

	fn process_message(
		message: &[u8],
		origin: ParaId,
		meter: &mut WeightMeter,
		_id: &mut [u8; 32],
	) -> Result<bool, ProcessMessageError> {
		if message == FAILING && FAIL.with(|f| *f.borrow()) {
			// What a failed attempt wrote must not outlive it.
			sp_io::storage::set(FAILED_ATTEMPT_KEY, &[1]);
			return Err(ProcessMessageError::Corrupt);
		}
		if message == YIELDING && YIELD.with(|y| *y.borrow()) {
			return Err(ProcessMessageError::Yield);
		}
		let required = if message == OVERWEIGHT { HEAVY } else { MESSAGE_WEIGHT };
		meter.try_consume(required).map_err(|_| ProcessMessageError::Overweight(required))?;
		PROCESSED.with(|processed| processed.borrow_mut().push((origin, message.to_vec())));
		Ok(true)
	}
}

/// What the processor processed, in order.
pub fn processed() -> Vec<(ParaId, Vec<u8>)> {
	PROCESSED.with(|processed| processed.borrow().clone())
}

/// The service budget: room for `n` ordinary messages of one page.
pub fn set_service_messages(n: u64) {
	set_service_budget(1, n);
}

/// The service budget: room for loading `pages` pages and servicing `messages` ordinary
/// messages.
pub fn set_service_budget(pages: u64, messages: u64) {
	SERVICE_BUDGET.with(|m| *m.borrow_mut() = (pages, messages));
}

/// Sets the bytes of a queue page.
pub fn set_max_page_bytes(bytes: u32) {
	MAX_PAGE_BYTES.with(|m| *m.borrow_mut() = bytes);
}

/// Sets the inherent size budget.
pub fn set_max_inherent_size(bytes: u32) {
	MAX_INHERENT_SIZE.with(|m| *m.borrow_mut() = bytes);
}

/// Sets the queue's message bound.
pub fn set_max_queued_messages(n: u32) {
	MAX_QUEUED_MESSAGES.with(|m| *m.borrow_mut() = n);
}

/// Sets the most messages and payload bytes of one sender the queue may hold.
pub fn set_max_queued_per_sender(messages: u32, bytes: u64) {
	MAX_QUEUED_PER_SENDER.with(|m| *m.borrow_mut() = (messages, bytes));
}

/// Sets the most senders the pallet keeps a channel for.
pub fn set_max_inbound_channels(n: u32) {
	MAX_INBOUND_CHANNELS.with(|m| *m.borrow_mut() = n);
}

/// Sets the destinations the egress side has messages pending to.
pub fn set_pending_outbound(destinations: Vec<ParaId>) {
	PENDING.with(|p| *p.borrow_mut() = destinations);
}

/// Weight for a service run loading `pages` pages and servicing `messages` ordinary messages of
/// two bytes (as the tests send), each committing its outcome, with the room parking a message
/// needs.
pub fn service_weight_for(pages: u64, messages: u64) -> Weight {
	use crate::WeightModel;
	use frame_support::traits::Get;
	let page = WeightModel::<Test>::service_page(MaxPageBytes::get());
	let outcome = crate::Pallet::<Test>::outcome_weight();
	let message = WeightModel::<Test>::service_message(2)
		.saturating_add(MESSAGE_WEIGHT)
		.saturating_add(outcome);
	WeightModel::<Test>::service_queue_base()
		.saturating_add(page.saturating_mul(pages))
		.saturating_add(message.saturating_mul(messages))
		.saturating_add(WeightModel::<Test>::park_message())
}

/// The service budget the runtime reads.
pub struct ServiceWeight;

impl frame_support::traits::Get<Weight> for ServiceWeight {
	fn get() -> Weight {
		let (pages, messages) = SERVICE_BUDGET.with(|m| *m.borrow());
		service_weight_for(pages, messages)
	}
}

/// The queue page size the runtime reads.
pub struct MaxPageBytes;

impl frame_support::traits::Get<u32> for MaxPageBytes {
	fn get() -> u32 {
		MAX_PAGE_BYTES.with(|m| *m.borrow())
	}
}

/// The inherent size budget the runtime reads.
pub struct MaxInherentSize;

impl frame_support::traits::Get<u32> for MaxInherentSize {
	fn get() -> u32 {
		MAX_INHERENT_SIZE.with(|m| *m.borrow())
	}
}

/// The queue bound the runtime reads.
pub struct MaxQueuedMessages;

impl frame_support::traits::Get<u32> for MaxQueuedMessages {
	fn get() -> u32 {
		MAX_QUEUED_MESSAGES.with(|m| *m.borrow())
	}
}

/// The queue's message bound per sender the runtime reads.
pub struct MaxQueuedMessagesPerSender;

impl frame_support::traits::Get<u32> for MaxQueuedMessagesPerSender {
	fn get() -> u32 {
		MAX_QUEUED_PER_SENDER.with(|m| m.borrow().0)
	}
}

/// The queue's byte bound per sender the runtime reads.
pub struct MaxQueuedBytesPerSender;

impl frame_support::traits::Get<u64> for MaxQueuedBytesPerSender {
	fn get() -> u64 {
		MAX_QUEUED_PER_SENDER.with(|m| m.borrow().1)
	}
}

/// The inbound channel bound the runtime reads.
pub struct MaxInboundChannels;

impl frame_support::traits::Get<u32> for MaxInboundChannels {
	fn get() -> u32 {
		MAX_INBOUND_CHANNELS.with(|m| *m.borrow())
	}
}

/// The egress side's pending destinations.
pub struct MockPendingOutbound;

impl PendingOutbound for MockPendingOutbound {
	fn pending_destinations() -> Vec<ParaId> {
		PENDING.with(|p| p.borrow().clone())
	}

	fn max_pending_destinations() -> u32 {
		MaxPendingDestinations::get()
	}
}

parameter_types! {
	pub const SelfParaId: ParaId = ParaId::new(B);
	pub const RelayPalletName: &'static str = xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME;
	pub const MaxBatchesPerInherent: u32 = 16;
	pub const MaxRelayViewChannels: u32 = 8;
	/// The most destinations the egress side may have messages pending to.
	pub static MaxPendingDestinations: u32 = 8;
	pub const MaxQueuedBytes: u64 = 1 << 20;
	pub const MaxParkedPerSender: u32 = 4;
	pub static MaxBlockedSenders: u32 = 4;
	pub const MaxWatermarkAdvance: u32 = 8;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockRelayParent {
	fn set_relay_parent(parent: RelayParent) {
		set_relay_parent(parent);
	}
}

impl pallet_xcmp_ingress::Config for Test {
	type SelfParaId = SelfParaId;
	type RelayParent = MockRelayParent;
	type RelayPalletName = RelayPalletName;
	type MessageProcessor = crate::WithoutFailureReasons<RecordingProcessor>;
	type SenderOrigin = Identity;
	type ControlOrigin = EnsureRoot<u64>;
	type PendingOutbound = MockPendingOutbound;
	type OutcomeSink = ();
	type MaxBatchesPerInherent = MaxBatchesPerInherent;
	type MaxInherentSize = MaxInherentSize;
	type MaxInboundChannels = MaxInboundChannels;
	type MaxRelayViewChannels = MaxRelayViewChannels;
	type MaxQueuedMessages = MaxQueuedMessages;
	type MaxQueuedBytes = MaxQueuedBytes;
	type MaxQueuedMessagesPerSender = MaxQueuedMessagesPerSender;
	type MaxQueuedBytesPerSender = MaxQueuedBytesPerSender;
	type MaxPageBytes = MaxPageBytes;
	type MaxParkedPerSender = MaxParkedPerSender;
	type MaxBlockedSenders = MaxBlockedSenders;
	type MaxWatermarkAdvance = MaxWatermarkAdvance;
	type ServiceWeight = ServiceWeight;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRelayParent;
}

/// The relay chain: the shared mock relay runtime, `pallet-xcmp-relay` alone, root as
/// governance and inclusion.
pub use xcmp_test_support::relay;

/// Limits of every channel in the network.
pub const LIMITS: xcmp_primitives::ChannelLimits = xcmp_primitives::ChannelLimits {
	max_capacity: 50,
	max_total_size: 50_000,
	max_message_size: 1000,
};

/// The relay chain and the senders around this parachain: the shared [`RelayNetwork`] (its
/// `relay`, `relay_block` and `outboxes`, and `advance`), seen from `B`.
pub struct ReceiverNetwork(RelayNetwork);

impl core::ops::Deref for ReceiverNetwork {
	type Target = RelayNetwork;

	fn deref(&self) -> &RelayNetwork {
		&self.0
	}
}

impl core::ops::DerefMut for ReceiverNetwork {
	fn deref_mut(&mut self) -> &mut RelayNetwork {
		&mut self.0
	}
}

impl ReceiverNetwork {
	/// A relay chain at block 1 with channels `A -> B`, `C -> B`, `A -> C` and `B -> A`.
	pub fn new() -> Self {
		Self::opened_at(1)
	}

	/// A relay chain at block `relay_block`, in which the channels of [`ReceiverNetwork::new`] opened.
	pub fn opened_at(relay_block: RelayBlockNumber) -> Self {
		let channels = [(A, B), (C, B), (A, C), (B, A)].map(|(s, r)| (para(s), para(r)));
		Self(RelayNetwork::opened_at(relay_block, &channels, LIMITS))
	}

	/// A relay chain at block `relay_block` in which a channel from each of `senders` to `B`
	/// opened.
	pub fn with_senders(relay_block: RelayBlockNumber, senders: &[u32]) -> Self {
		let channels: Vec<_> = senders.iter().map(|sender| (para(*sender), para(B))).collect();
		Self(RelayNetwork::opened_at(relay_block, &channels, LIMITS))
	}

	/// Each sender's block at the current relay parent sends its payloads to `B`; the relay
	/// includes them in a new relay block. Returns their `sent_at`.
	pub fn send(&mut self, sends: &[(u32, Vec<Vec<u8>>)]) -> RelayBlockNumber {
		self.send_to(B, sends)
	}

	/// As [`ReceiverNetwork::send`], to `destination`.
	pub fn send_to(&mut self, destination: u32, sends: &[(u32, Vec<Vec<u8>>)]) -> RelayBlockNumber {
		let sends: Vec<_> = sends
			.iter()
			.map(|(sender, payloads)| (*sender, destination, payloads.clone()))
			.collect();
		self.send_each(&sends)
	}

	/// Each `(sender, destination, payloads)` is sent by the sender's block at the current relay
	/// parent (one block per sender), included in a new relay block. Returns their `sent_at`.
	pub fn send_each(&mut self, sends: &[(u32, u32, Vec<Vec<u8>>)]) -> RelayBlockNumber {
		let sends: Vec<(ParaId, ParaId, Vec<Payload>)> = sends
			.iter()
			.map(|(sender, destination, payloads)| {
				let payloads = payloads.iter().map(|p| p.clone().try_into().unwrap()).collect();
				(para(*sender), para(*destination), payloads)
			})
			.collect();
		self.0.send(&sends)
	}

	/// `sender`'s batch for `B` committed at `sent_at`, as its collator routes it.
	pub fn route(&self, sender: u32, sent_at: RelayBlockNumber) -> RoutedBatch {
		self.route_to(sender, sent_at, B)
	}

	/// `sender`'s batch for `destination` committed at `sent_at`.
	pub fn route_to(
		&self,
		sender: u32,
		sent_at: RelayBlockNumber,
		destination: u32,
	) -> RoutedBatch {
		self.0.route(para(sender), sent_at, para(destination))
	}

	/// Proves `keys` of the relay's current state; sets the parachain's relay parent to it.
	pub fn prove(&mut self, keys: &[Vec<u8>]) -> sp_trie::CompactProof {
		let (parent, proof) = self.0.prove(keys);
		set_relay_parent(parent);
		proof
	}

	/// Proves `keys` of the relay's current state in a plain proof, as parachain-system's
	/// validation data carries it, and makes it the block's carried proof; sets the
	/// parachain's relay parent to that state.
	pub fn carry(&mut self, keys: &[Vec<u8>]) {
		let (state_root, proof) = xcmp_test_support::prove(&mut self.0.relay, keys);
		set_relay_parent(RelayParent { number: self.0.relay_block, state_root });
		set_carried_proof(Some(proof));
	}

	/// The inherent of an honest collator whose block carries the relay-state proof in another
	/// inherent: `batches` routed, their relay keys and `besides` in the carried proof, none in
	/// the inherent.
	pub fn inherent_carried(
		&mut self,
		batches: Vec<RoutedBatch>,
		besides: &[Vec<u8>],
	) -> IngressInherentData {
		let batches = self.routed(batches);
		let mut keys = self.keys_for(&batches, &[]);
		keys.extend_from_slice(besides);
		self.carry(&keys);
		IngressInherentData {
			relay_state_proof: sp_trie::CompactProof { encoded_nodes: vec![] },
			outbound_destinations: vec![],
			batches,
			outcomes: vec![],
		}
	}

	/// The relay keys an honest collator proves for `batches` and the outbound `destinations`
	/// (with those the egress side has pending): `receiver_proof_keys`. Every digest of `B` is
	/// proven, past the runtime's own `MaxWatermarkAdvance`, so that the pallet is seen to keep
	/// its bound.
	pub fn keys_for(&mut self, batches: &[RoutedBatch], destinations: &[ParaId]) -> Vec<Vec<u8>> {
		let outbound =
			destinations.iter().copied().chain(MockPendingOutbound::pending_destinations());
		self.0.receiver_keys(para(B), batches, outbound, u32::MAX)
	}

	/// The inherent an honest collator builds for `batches`, proving what they need.
	pub fn inherent(&mut self, batches: Vec<RoutedBatch>) -> IngressInherentData {
		self.inherent_with_outbound(batches, vec![])
	}

	/// The inherent a collator builds for `batches` as they are, not routed by the honest
	/// collator's rules, proving what they need.
	pub fn inherent_as_given(&mut self, batches: Vec<RoutedBatch>) -> IngressInherentData {
		let keys = self.keys_for(&batches, &[]);
		let relay_state_proof = self.prove(&keys);
		IngressInherentData {
			relay_state_proof,
			outbound_destinations: vec![],
			batches,
			outcomes: vec![],
		}
	}

	/// `batches` as B's honest collator routes them for its next block, by B's own block list
	/// and recent refusals.
	pub fn routed(&mut self, batches: Vec<RoutedBatch>) -> Vec<RoutedBatch> {
		let own = xcmp_test_support::ReceiverRecords {
			blocks: crate::Pallet::<Test>::refused_senders(),
			recent_refusals: crate::Pallet::<Test>::recent_refusals(),
		};
		self.0.routed_to(para(B), &own, batches)
	}

	/// As [`ReceiverNetwork::inherent`], with a relay view of `outbound_destinations` too.
	pub fn inherent_with_outbound(
		&mut self,
		batches: Vec<RoutedBatch>,
		outbound_destinations: Vec<ParaId>,
	) -> IngressInherentData {
		let batches = self.routed(batches);
		let keys = self.keys_for(&batches, &outbound_destinations);
		let relay_state_proof = self.prove(&keys);
		IngressInherentData { relay_state_proof, outbound_destinations, batches, outcomes: vec![] }
	}

	/// As [`ReceiverNetwork::inherent`], proving neither a digest nor where they start: the
	/// block's watermark stays.
	pub fn inherent_passing_no_digest(&mut self, batches: Vec<RoutedBatch>) -> IngressInherentData {
		let batches = self.routed(batches);
		let outbound = MockPendingOutbound::pending_destinations();
		let mut keys = self.0.receiver_keys(para(B), &batches, outbound, 0);
		let span = xcmp_primitives::relay_state::keys::digest_span(
			xcmp_primitives::relay_state::DEFAULT_RELAY_PALLET_NAME,
			para(B),
		);
		keys.retain(|key| *key != span);
		let relay_state_proof = self.prove(&keys);
		IngressInherentData {
			relay_state_proof,
			outbound_destinations: vec![],
			batches,
			outcomes: vec![],
		}
	}

	/// As [`ReceiverNetwork::inherent`], its relay-state proof proving the relay's `extra` keys
	/// besides, which the block does not read.
	pub fn inherent_proving_besides(
		&mut self,
		batches: Vec<RoutedBatch>,
		extra: &[Vec<u8>],
	) -> IngressInherentData {
		let batches = self.routed(batches);
		let mut keys = self.keys_for(&batches, &[]);
		keys.extend_from_slice(extra);
		let relay_state_proof = self.prove(&keys);
		IngressInherentData {
			relay_state_proof,
			outbound_destinations: vec![],
			batches,
			outcomes: vec![],
		}
	}

	/// The candidate of `B`'s last finished block, which consumed `batches`.
	pub fn candidate(&mut self, batches: Vec<RoutedBatch>) -> xcmp_verifier::Candidate {
		// Routed by the block list the block's inherent read: before the block's own changes.
		let mut blocks = crate::BlockedSenders::<Test>::get().into_inner();
		for change in crate::Commitment::<Test>::get().unwrap().block_list_changes.iter().rev() {
			match change {
				xcmp_primitives::BlockListChange::Blocked(sender) => blocks.retain(|s| s != sender),
				xcmp_primitives::BlockListChange::Unblocked(sender) => blocks.push(*sender),
			}
		}
		blocks.sort();
		// No recent refusals: the block already checked its refusals against them, and they now
		// hold its own.
		let own = xcmp_test_support::ReceiverRecords { blocks, ..Default::default() };
		let batches = self.0.routed_to(para(B), &own, batches);
		xcmp_verifier::Candidate {
			para: para(B),
			relay_parent: self.relay_block,
			egress: xcmp_primitives::EgressCommitment::empty(),
			ingress: crate::Commitment::<Test>::get().unwrap(),
			consumed: batches,
		}
	}

	/// Checks `B`'s last block with the relay validators' verifier, then includes it in a new
	/// relay block.
	pub fn include_b(&mut self, batches: Vec<RoutedBatch>) {
		let candidate = self.candidate(batches);
		self.0.include(&[candidate]);
	}
}

/// Starts parachain block `n`: resets the header digest and events, runs `on_initialize`.
pub fn start_block(n: u64) {
	System::reset_events();
	System::initialize(&n, &Default::default(), &Default::default());
	XcmpIngress::on_initialize(n);
}

/// Ends the current parachain block: runs `on_finalize`, and drops the relay-state proof the
/// block carried, which is that block's alone (parachain-system takes a new one with each
/// block's validation data).
pub fn end_block() {
	XcmpIngress::on_finalize(System::block_number());
	set_carried_proof(None);
}

/// Runs a whole parachain block taking `data` as its inherent, expecting it to pass within the
/// weight it declared before dispatch.
pub fn run_block(data: IngressInherentData) {
	start_block(System::block_number() + 1);
	let declared = XcmpIngress::receive_weight(&data);
	let post = XcmpIngress::receive(RuntimeOrigin::none(), data).unwrap();
	let used = post.actual_weight.unwrap();
	assert!(
		used.all_lte(declared),
		"the inherent used {used:?}, over the {declared:?} it declared"
	);
	end_block();
}

/// Fresh parachain storage at block 0.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	sp_io::TestExternalities::new(storage)
}

/// Runs `test` on fresh parachain storage, then checks the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		XcmpIngress::do_try_state().unwrap();
	});
}

/// An [`H256`] of repeated `byte`.
pub fn hash(byte: u8) -> H256 {
	H256::repeat_byte(byte)
}
