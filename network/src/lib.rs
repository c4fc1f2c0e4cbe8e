//! # xcmp-parachain-network
//!
//! Parachains of `xcmp-parachain-runtime` on a relay chain running `pallet-xcmp-relay`, played as
//! their collators and the relay's validators play them:
//! - the relay's state also holds what each parachain-system's relay-state proof needs (host
//!   configuration, dispatch queue, HRMP indexes, each para's head);
//! - a collator reads the chains with the collator library (`xcmp-collator`) through the blob's
//!   runtime APIs ([`WasmRuntime`]), and builds a block and records its proof of validity either
//!   natively, with the runtime's `Executive` ([`build_block`]), or in the blob under
//!   `sc-executor` through the block-builder runtime API, as a node's block authoring does
//!   ([`build_signed_block`] with [`Builder::Wasm`]);
//! - validators validate it with the blob's `validate_block` under `sc-executor`
//!   ([`validate_in_wasm`]), or natively with the runtime's own `Executive`
//!   ([`validate_natively`]), and the relay includes its commitments ([`include`]).
//!
//! [`Network`] runs any number of such parachains sending each other XCM programs, every block
//! built and validated both ways and timed: `xcmp-sim --executor wasm`. The runtime's tests and
//! its validation benchmark use the same pieces.

use codec::{Decode, Encode};
use cumulus_primitives_core::{ParachainBlockData, PersistedValidationData};
use cumulus_primitives_parachain_inherent::ParachainInherentData;
use frame_support::{inherent::ProvideInherent, traits::UnfilteredDispatchable};
use pallet_xcmp_ingress::IngressInherentData;
use polkadot_parachain_primitives::primitives::{
	BlockData, HeadData, HrmpChannelId, ValidationParams, ValidationResult,
};
use sc_executor::WasmExecutor;
use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};
use sp_crypto_hashing::blake2_256;
use sp_inherents::InherentData;
use sp_io::TestExternalities;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::{BlakeTwo256, Header as _},
	BuildStorage, MultiAddress, MultiSignature,
};
use sp_state_machine::Backend as _;
use std::{
	collections::BTreeMap,
	sync::LazyLock,
	time::{Duration, Instant},
};
use xcmp_parachain_runtime::{
	AccountId, Block, Executive, Header, ParachainInfoConfig, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeGenesisConfig, SignedPayload, TxExtension, UncheckedExtrinsic, WASM_BINARY,
};
use xcmp_primitives::{
	relay_state::{digest_blocks, receiver_proof_keys, DEFAULT_RELAY_PALLET_NAME},
	ChannelLimits, ParaId, RoutedBatch, XcmpDigestItem,
};
use xcmp_test_support::relay::{self, Relay};

/// The host functions the validators' executor gives the blob: Substrate's, as a node's
/// executor does, and cumulus's proof-size function. (Polkadot's PVF host gives a subset, without
/// storage, which `validate_block` replaces with its own over the proof.)
pub type HostFunctions = (
	sp_io::SubstrateHostFunctions,
	cumulus_primitives_proof_size_hostfunction::storage_proof_size::HostFunctions,
);

/// The para id of the tests' sender, and the first of a [`Network`]'s paras.
pub const SENDER: u32 = 2000;
/// The para id of the tests' receiver.
pub const RECEIVER: u32 = 2001;
/// The relay block the parachain's first block is built on.
pub const RELAY_PARENT: u32 = 10;

/// A parachain's state and its latest header.
pub struct Parachain {
	/// Its para id.
	pub id: ParaId,
	/// Its state after its latest block.
	pub state: TestExternalities,
	/// Its latest block's header.
	pub head: Header,
	/// Its genesis block's hash, which its signed transactions commit to.
	pub genesis_hash: sp_core::H256,
}

impl Parachain {
	/// Parachain `id` at genesis, with Alice and Bob endowed and Alice holding the sudo key.
	pub fn genesis(id: u32) -> Self {
		let id = ParaId::from(id);
		let genesis = RuntimeGenesisConfig {
			parachain_info: ParachainInfoConfig { parachain_id: id, ..Default::default() },
			balances: pallet_balances::GenesisConfig {
				balances: [Sr25519Keyring::Alice, Sr25519Keyring::Bob]
					.into_iter()
					.map(|who| (who.to_account_id(), 1_000_000_000_000))
					.collect(),
				..Default::default()
			},
			sudo: pallet_sudo::GenesisConfig { key: Some(Sr25519Keyring::Alice.to_account_id()) },
			..Default::default()
		};
		let storage = genesis.build_storage().expect("the genesis config builds");
		let mut state = TestExternalities::new(storage);
		state.commit_all().expect("no transaction is open");
		let state_root = *state.backend.root();
		let head =
			Header::new(0, Default::default(), state_root, Default::default(), Default::default());
		let genesis_hash = head.hash();
		Self { id, state, head, genesis_hash }
	}

	/// How many of the events of this chain's latest block `matches`.
	pub fn count_events(&mut self, matches: impl Fn(&RuntimeEvent) -> bool) -> usize {
		self.state.execute_with(|| {
			frame_system::Pallet::<Runtime>::events()
				.iter()
				.filter(|record| matches(&record.event))
				.count()
		})
	}

	/// A copy of this chain, to build the same block on twice.
	pub fn fork(&mut self) -> Self {
		let mut state =
			TestExternalities::new_with_state_version(Default::default(), self.state.state_version);
		state.backend = self.state.as_backend();
		Self { id: self.id, state, head: self.head.clone(), genesis_hash: self.genesis_hash }
	}
}

/// The relay chain of [`relay_chain_with`] with one channel open, from [`SENDER`] to [`RECEIVER`].
pub fn relay_chain(
	paras: &[(ParaId, &Header)],
) -> (TestExternalities, BTreeMap<ParaId, Vec<Vec<u8>>>) {
	relay_chain_with(paras, &[(SENDER.into(), RECEIVER.into())])
}

/// The limits of every channel the relay chain opens: 128 messages, 64 KiB, 1 KiB a message.
pub const CHANNEL_LIMITS: ChannelLimits =
	ChannelLimits { max_capacity: 128, max_total_size: 64 * 1024, max_message_size: 1024 };

/// The relay chain: `pallet-xcmp-relay` with `channels` (sender, receiver) open by governance
/// with [`CHANNEL_LIMITS`], at block [`RELAY_PARENT`], and in the same state, for each of
/// `paras` (registered with its genesis head), its head and the keys its parachain-system proves,
/// as cumulus's relay-state builder lays them out. Returns the state and, per para, the keys its
/// parachain-system reads.
pub fn relay_chain_with(
	paras: &[(ParaId, &Header)],
	channels: &[(ParaId, ParaId)],
) -> (TestExternalities, BTreeMap<ParaId, Vec<Vec<u8>>>) {
	let mut relay = relay::genesis();
	relay.execute_with(|| {
		relay::System::set_block_number(RELAY_PARENT.into());
		for &(sender, recipient) in channels {
			let channel = HrmpChannelId { sender, recipient };
			pallet_xcmp_relay::Call::<Relay>::force_open_channel {
				channel,
				limits: CHANNEL_LIMITS,
			}
			.dispatch_bypass_filter(relay::RuntimeOrigin::root())
			.expect("governance opens the channel");
		}
	});
	let mut system_keys = BTreeMap::new();
	for &(para, head) in paras {
		// The host configuration, dispatch queue and HRMP indexes parachain-system reads.
		let builder = cumulus_test_relay_sproof_builder::RelayStateSproofBuilder {
			para_id: para,
			relay_dispatch_queue_remaining_capacity: Some((8, 1024)),
			hrmp_ingress_channel_index: Some(Vec::new()),
			hrmp_egress_channel_index: Some(Vec::new()),
			num_authorities: 0,
			included_para_head: Some(HeadData(head.encode())),
			..Default::default()
		};
		let (root, proof) = builder.into_state_root_and_proof();
		let backend = sp_state_machine::create_proof_check_backend::<BlakeTwo256>(root, proof)
			.expect("the builder's proof holds its root");
		let pairs: Vec<(Vec<u8>, Vec<u8>)> = backend
			.pairs(Default::default())
			.expect("the proof's trie iterates")
			.map(|pair| pair.expect("the proof holds every pair it names"))
			.collect();
		// What parachain-system reads, present or not: a key absent from the relay state is
		// proven absent by the trie nodes on its path.
		use cumulus_primitives_core::relay_chain::well_known_keys;
		let mut keys: Vec<Vec<u8>> = pairs.iter().map(|(key, _)| key.clone()).collect();
		keys.extend([
			well_known_keys::upgrade_go_ahead_signal(para),
			well_known_keys::upgrade_restriction_signal(para),
			well_known_keys::dmq_mqc_head(para),
			well_known_keys::para_head(para),
			well_known_keys::AUTHORITIES.to_vec(),
			well_known_keys::NEXT_AUTHORITIES.to_vec(),
		]);
		keys.sort();
		keys.dedup();
		for (key, value) in pairs {
			relay.insert(key, value);
		}
		system_keys.insert(para, keys);
	}
	relay.commit_all().expect("no transaction is open");
	(relay, system_keys)
}

/// Alice's signed `call`, her `nonce`-th, on the chain whose genesis block's hash is `genesis`
/// (immortal, so also its era's checkpoint), for this runtime's version: signed from what it
/// commits to, not from the chain's state, so that a collator can sign before building.
pub fn signed(call: RuntimeCall, nonce: u32, genesis: sp_core::H256) -> UncheckedExtrinsic {
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
	);
	let version = xcmp_parachain_runtime::VERSION;
	let implicit =
		((), version.spec_version, version.transaction_version, genesis, genesis, (), ());
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| Sr25519Keyring::Alice.sign(bytes));
	let signer: AccountId = Sr25519Keyring::Alice.to_account_id();
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(signer),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// A block the collator built, with its proof of validity and the relay parent it built on.
#[derive(Clone)]
pub struct Candidate {
	/// The block.
	pub block: Block,
	/// The proof of validity as cumulus encodes it: the block and the compact proof.
	pub pov: ParachainBlockData<Block>,
	/// The same proof, plain, for native validation.
	pub storage_proof: sp_trie::StorageProof,
	/// The relay parent's number.
	pub relay_parent_number: u32,
	/// The relay parent's storage root.
	pub relay_parent_storage_root: sp_core::H256,
}

impl Candidate {
	/// The proof of validity's size, encoded as validators receive it.
	pub fn pov_size(&self) -> usize {
		self.pov.encoded_size()
	}
}

/// What a collator gives `para`'s next block on the relay chain `relay` (whose parachain-system
/// keys are `system_keys`): the inherent data of its two inherents (the ingress one carrying
/// `batches`, its relay view covering `outbound`), with one relay-state proof; and the relay
/// parent's number and storage root.
fn block_inputs(
	para: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	outbound: &[ParaId],
	batches: Vec<RoutedBatch>,
) -> (InherentData, u32, sp_core::H256) {
	let relay_parent_number = relay.execute_with(relay::System::block_number) as u32;
	// The digests the block's watermark passes: every digest of this para, oldest first (the
	// batches routed here are all of theirs).
	let me = para.id;
	let digests = relay.execute_with(|| {
		let oldest = pallet_xcmp_relay::DigestSpans::<Relay>::get(me).map(|span| span.oldest);
		digest_blocks(oldest, 64, |at| {
			pallet_xcmp_relay::Digests::<Relay>::get(me, at).and_then(|digest| digest.next)
		})
	});
	// One relay-state proof: the keys parachain-system reads, those the runtime asks for
	// (`KeyToIncludeInRelayProof`), and those of the batches and digests the collator picked.
	let requested = xcmp_collator::relay_keys_to_prove(&mut WasmRuntime(&mut para.state))
		.expect("the runtime asks for its relay keys");
	let mut keys = system_keys[&me].clone();
	keys.extend(requested);
	keys.extend(receiver_proof_keys(
		DEFAULT_RELAY_PALLET_NAME,
		me,
		&batches,
		outbound.iter().copied(),
		&digests,
	));
	keys.sort();
	keys.dedup();
	let (relay_parent_storage_root, relay_chain_state) = xcmp_test_support::prove(relay, &keys);

	let mut inherent_data = InherentData::new();
	let validation_data = PersistedValidationData {
		parent_head: HeadData(para.head.encode()),
		relay_parent_number,
		relay_parent_storage_root,
		max_pov_size: 5 * 1024 * 1024,
	};
	let system = ParachainInherentData {
		validation_data,
		relay_chain_state,
		downward_messages: Vec::new(),
		horizontal_messages: Default::default(),
		relay_parent_descendants: Vec::new(),
		collator_peer_id: None,
	};
	inherent_data
		.put_data(cumulus_primitives_parachain_inherent::INHERENT_IDENTIFIER, &system)
		.expect("the inherent data encodes");
	let ingress = IngressInherentData {
		// The block carries the relay state in parachain-system's proof.
		relay_state_proof: sp_trie::CompactProof { encoded_nodes: Vec::new() },
		outbound_destinations: outbound.to_vec(),
		batches,
		outcomes: Vec::new(),
	};
	inherent_data
		.put_data(pallet_xcmp_ingress::INHERENT_IDENTIFIER, &ingress)
		.expect("the inherent data encodes");
	(inherent_data, relay_parent_number, relay_parent_storage_root)
}

/// `calls` signed by Alice, from her current nonce in `para`'s state on.
pub fn signed_calls(para: &mut Parachain, calls: Vec<RuntimeCall>) -> Vec<UncheckedExtrinsic> {
	let nonce = para.state.execute_with(|| {
		frame_system::Pallet::<Runtime>::account_nonce(Sr25519Keyring::Alice.to_account_id())
	});
	let genesis = para.genesis_hash;
	calls.into_iter().enumerate().map(|(i, call)| signed(call, nonce + i as u32, genesis)).collect()
}

/// The header of the block after `parent`, before the runtime fills it in.
fn next_header(parent: &Header) -> Header {
	Header::new(
		parent.number + 1,
		Default::default(),
		Default::default(),
		parent.hash(),
		Default::default(),
	)
}

/// What builds a block: the runtime compiled natively, or its wasm blob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builder {
	/// The runtime's `Executive`, compiled natively.
	Native,
	/// The blob under `sc-executor`, through the block-builder runtime API, as a node's block
	/// authoring does.
	Wasm,
}

/// Builds `para`'s next block natively, with the runtime's `Executive`, on the relay chain
/// `relay` (whose parachain-system keys are `system_keys`), with its two inherents (the ingress
/// one carrying `batches`, its relay view covering `outbound`) and `calls` signed by Alice,
/// recording its proof of validity as a collator does.
pub fn build_block(
	para: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	outbound: &[ParaId],
	batches: Vec<RoutedBatch>,
	calls: Vec<RuntimeCall>,
) -> Candidate {
	let signed = signed_calls(para, calls);
	build_signed_block(para, relay, system_keys, outbound, batches, signed, Builder::Native)
		.expect("a native build needs no blob")
}

/// Builds `para`'s next block with `builder` on the relay chain `relay` (whose parachain-system
/// keys are `system_keys`), with its two inherents (the ingress one carrying `batches`, its relay
/// view covering `outbound`) and then `signed`, recording its proof of validity as a collator
/// does. In wasm: `Core_initialize_block`, the block-builder API's `inherent_extrinsics` from the
/// same inherent data, `apply_extrinsic` for each extrinsic and `finalize_block`, all on one
/// overlay of the chain's state. Every extrinsic must apply. `None` when `builder` is the blob
/// and it was not built.
pub fn build_signed_block(
	para: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	outbound: &[ParaId],
	batches: Vec<RoutedBatch>,
	signed: Vec<UncheckedExtrinsic>,
	builder: Builder,
) -> Option<Candidate> {
	let code = match builder {
		Builder::Native => None,
		Builder::Wasm => Some(runtime_code()?),
	};
	let (inherent_data, relay_parent_number, relay_parent_storage_root) =
		block_inputs(para, relay, system_keys, outbound, batches);
	let parent = para.head.clone();
	let (block, proof) = xcmp_verifier::pov::prove_block(&mut para.state, || match &code {
		None => build_natively(&parent, &inherent_data, signed),
		Some((code, hash)) => sp_externalities::with_externalities(|ext| {
			let runtime_code =
				RuntimeCode { code_fetcher: code, heap_pages: None, hash: hash.clone() };
			build_in_wasm(ext, &runtime_code, &parent, &inherent_data, signed)
		})
		.expect("the proving externalities are set"),
	})
	.expect("the parachain state holds no uncommitted change");
	Some(seal(para, parent, block, proof, relay_parent_number, relay_parent_storage_root))
}

/// The block after `parent`, built with the runtime's `Executive` in the current externalities.
fn build_natively(
	parent: &Header,
	inherent_data: &InherentData,
	signed: Vec<UncheckedExtrinsic>,
) -> Block {
	Executive::initialize_block(&next_header(parent));
	let system = cumulus_pallet_parachain_system::Pallet::<Runtime>::create_inherent(inherent_data)
		.expect("the validation data makes an inherent");
	let ingress = pallet_xcmp_ingress::Pallet::<Runtime>::create_inherent(inherent_data)
		.expect("the ingress data makes an inherent");
	let mut extrinsics = vec![
		UncheckedExtrinsic::new_bare(RuntimeCall::ParachainSystem(system)),
		UncheckedExtrinsic::new_bare(RuntimeCall::XcmpIngress(ingress)),
	];
	extrinsics.extend(signed);
	for extrinsic in &extrinsics {
		let applied = Executive::apply_extrinsic(extrinsic.clone());
		assert!(matches!(applied, Ok(Ok(()))), "{extrinsic:?} applies: {applied:?}");
	}
	let header = Executive::finalize_block();
	Block { header, extrinsics }
}

/// The block after `parent`, built by the blob in `ext` through the block-builder runtime API.
fn build_in_wasm(
	ext: &mut dyn sp_externalities::Externalities,
	runtime_code: &RuntimeCode<'_>,
	parent: &Header,
	inherent_data: &InherentData,
	signed: Vec<UncheckedExtrinsic>,
) -> Block {
	let mut call = |method: &str, args: &[u8]| -> Vec<u8> {
		let context = CallContext::Onchain { import: false };
		EXECUTOR
			.call(ext, runtime_code, method, args, context)
			.0
			.unwrap_or_else(|error| panic!("the blob's {method} runs: {error}"))
	};
	call("Core_initialize_block", &next_header(parent).encode());
	let inherents = call("BlockBuilder_inherent_extrinsics", &inherent_data.encode());
	let mut extrinsics = Vec::<UncheckedExtrinsic>::decode(&mut &inherents[..])
		.expect("the blob returns its inherents");
	extrinsics.extend(signed);
	for extrinsic in &extrinsics {
		let applied = call("BlockBuilder_apply_extrinsic", &extrinsic.encode());
		let applied = sp_runtime::ApplyExtrinsicResult::decode(&mut &applied[..])
			.expect("the blob returns the extrinsic's result");
		assert!(matches!(applied, Ok(Ok(()))), "{extrinsic:?} applies: {applied:?}");
	}
	let header = call("BlockBuilder_finalize_block", &[]);
	let header = Header::decode(&mut &header[..]).expect("the blob returns the header");
	Block { header, extrinsics }
}

/// Commits the block just built on `para`'s state, which must then have the header's root,
/// makes it `para`'s head, and returns the candidate with its proof of validity in cumulus's
/// compact form.
fn seal(
	para: &mut Parachain,
	parent: Header,
	block: Block,
	proof: sp_trie::StorageProof,
	relay_parent_number: u32,
	relay_parent_storage_root: sp_core::H256,
) -> Candidate {
	para.state.commit_all().expect("no transaction is open");
	assert_eq!(
		*para.state.backend.root(),
		block.header.state_root,
		"the block's state is the chain's"
	);
	para.head = block.header.clone();
	let compact = proof
		.clone()
		.into_compact_proof::<BlakeTwo256>(parent.state_root)
		.expect("the recorded proof is a partial trie of the parent state");
	Candidate {
		pov: ParachainBlockData::new(vec![block.clone()], compact, None),
		storage_proof: proof,
		block,
		relay_parent_number,
		relay_parent_storage_root,
	}
}

/// The validators' executor: it compiles the blob once and keeps it, as a node's runtime cache
/// does.
pub static EXECUTOR: LazyLock<WasmExecutor<HostFunctions>> =
	LazyLock::new(|| WasmExecutor::<HostFunctions>::builder().build());

/// The blob's hash, the executor's key for its compiled module: hashed once, not at every call.
static BLOB_HASH: LazyLock<Option<Vec<u8>>> =
	LazyLock::new(|| WASM_BINARY.map(|blob| blake2_256(blob).to_vec()));

/// The blob's code and hash, as the executor takes them; `None` when the blob was not built.
fn runtime_code() -> Option<(WrappedRuntimeCode<'static>, Vec<u8>)> {
	Some((WrappedRuntimeCode(WASM_BINARY?.into()), BLOB_HASH.clone()?))
}

/// The chain in a parachain's state as its collator calls it: the blob's runtime API under
/// `sc-executor`, by a method's name, on the state of the chain's latest block.
pub struct WasmRuntime<'a>(pub &'a mut TestExternalities);

impl xcmp_collator::RuntimeApi for WasmRuntime<'_> {
	fn call(&mut self, method: &str, args: &[u8]) -> Option<Vec<u8>> {
		let (code, hash) = runtime_code()?;
		let runtime_code = RuntimeCode { code_fetcher: &code, heap_pages: None, hash };
		let mut ext = self.0.ext();
		EXECUTOR.call(&mut ext, &runtime_code, method, args, CallContext::Offchain).0.ok()
	}
}

/// Runs the blob's `validate_block` under `sc-executor` as a validator does: on the parent head,
/// the proof of validity and the relay parent, with no state but what the proof holds.
pub fn validate_in_wasm(
	parent: &Header,
	candidate: &Candidate,
) -> Result<ValidationResult, String> {
	let (code, hash) = runtime_code().expect("the runtime's wasm blob was built");
	let runtime_code = RuntimeCode { code_fetcher: &code, heap_pages: None, hash };
	let params = ValidationParams {
		parent_head: HeadData(parent.encode()),
		block_data: BlockData(candidate.pov.encode()),
		relay_parent_number: candidate.relay_parent_number,
		relay_parent_storage_root: candidate.relay_parent_storage_root,
	};
	let mut state = TestExternalities::default();
	let mut ext = state.ext();
	let (output, _) = EXECUTOR.call(
		&mut ext,
		&runtime_code,
		"validate_block",
		&params.encode(),
		CallContext::Onchain { import: true },
	);
	let output = output.map_err(|error| format!("{error}"))?;
	ValidationResult::decode(&mut &output[..]).map_err(|error| format!("{error}"))
}

/// Validates `candidate` natively, as the mock network's validators do: the runtime's own
/// `Executive` re-executes the block on a state holding only its proof. Returns the egress root
/// the block committed, read from the state it leaves.
pub fn validate_natively(parent: &Header, candidate: &Candidate) -> Result<sp_core::H256, String> {
	let pov = xcmp_verifier::pov::ProofOfValidity {
		block: candidate.block.clone(),
		storage_proof: candidate.storage_proof.clone(),
	};
	xcmp_verifier::pov::validate_block(parent, &pov, Executive::execute_block, || {
		pallet_xcmp_egress::Pallet::<Runtime>::egress_commitment().egress_root
	})
	.map_err(|error| format!("{error}"))
}

/// A message for [`RECEIVER`]: [`send_program`] to it.
pub fn send_to_receiver() -> RuntimeCall {
	send_program(RECEIVER.into())
}

/// A message for `destination`, sent by root (Alice, the sudo key's holder): an XCM program
/// asking for unpaid execution, which the receiver's barrier allows a sibling, then clearing its
/// origin.
pub fn send_program(destination: ParaId) -> RuntimeCall {
	use xcm::latest::prelude::*;
	let program = Xcm::<()>(vec![
		UnpaidExecution { weight_limit: Unlimited, check_origin: None },
		ClearOrigin,
	]);
	let send = RuntimeCall::XcmpEgress(pallet_xcmp_egress::Call::send {
		destination,
		payload: xcm::VersionedXcm::from(program).encode().try_into().expect("a small payload"),
	});
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(send) })
}

/// The XCMP commitments `header`'s digest carries: its egress root and its ingress commitment
/// hash.
pub fn digest_roots(header: &Header) -> (Option<sp_core::H256>, Option<sp_core::H256>) {
	let items: Vec<XcmpDigestItem> =
		header.digest().logs().iter().filter_map(XcmpDigestItem::from_digest_item).collect();
	let egress = items.iter().find_map(|item| match item {
		XcmpDigestItem::EgressRoot(root) => Some(*root),
		_ => None,
	});
	let ingress = items.iter().find_map(|item| match item {
		XcmpDigestItem::IngressCommitmentHash(hash) => Some(*hash),
		_ => None,
	});
	(egress, ingress)
}

/// Validates `candidate` in wasm on `parent` and returns the head it gives: the collator's header.
pub fn validated_head(parent: &Header, candidate: &Candidate) -> Header {
	let result = validate_in_wasm(parent, candidate).expect("the block validates in wasm");
	let head = Header::decode(&mut &result.head_data.0[..]).expect("the head is a header");
	assert_eq!(head, candidate.block.header, "the head is the collator's header");
	head
}

/// The commitments the relay includes for `candidate`, `para`'s block on `parent` whose
/// validated head is `head`: the egress and ingress commitments the block left in `para`'s
/// state and the batches its inherent consumed, to which `head`'s digest must commit whole
/// (`CandidateCommitments::check_head_digest`), as a relay taking them beside the head that
/// `validate_block` returned checks.
pub fn candidate_commitments(
	para: &mut Parachain,
	parent: &Header,
	candidate: &Candidate,
	head: &Header,
) -> xcmp_verifier::CandidateCommitments {
	let (egress, ingress) = para.state.execute_with(|| {
		(
			pallet_xcmp_egress::Pallet::<Runtime>::egress_commitment(),
			pallet_xcmp_ingress::Commitment::<Runtime>::get().expect("every block commits"),
		)
	});
	let consumed = candidate
		.block
		.extrinsics
		.iter()
		.filter_map(|extrinsic| match &extrinsic.function {
			RuntimeCall::XcmpIngress(pallet_xcmp_ingress::Call::receive { data }) => {
				Some(data.batches.clone())
			}
			_ => None,
		})
		.flatten()
		.collect();
	let commitments = xcmp_verifier::Candidate {
		para: para.id,
		relay_parent: candidate.relay_parent_number,
		egress,
		ingress,
		consumed,
	}
	.commitments(parent.hash(), head.hash());
	commitments
		.check_head_digest(&head.digest)
		.expect("the validated head commits to the candidate's commitments");
	commitments
}

/// One relay block including `commitments`, whose head is `head`, through the relay pallet's
/// inclusion; the relay records the para's new head where parachain-system reads it.
pub fn include(
	relay: &mut TestExternalities,
	commitments: &xcmp_verifier::CandidateCommitments,
	head: &Header,
) -> Result<(), xcmp_verifier::CandidateError> {
	include_all(relay, &[(commitments.clone(), head.clone())]).remove(0)
}

/// One relay block including each of `candidates` (its commitments and the head validation
/// gave) in turn, through the relay pallet's inclusion; the relay records each included para's
/// new head where parachain-system reads it. Returns each inclusion's result, in order.
pub fn include_all(
	relay: &mut TestExternalities,
	candidates: &[(xcmp_verifier::CandidateCommitments, Header)],
) -> Vec<Result<(), xcmp_verifier::CandidateError>> {
	relay.execute_with(|| relay::System::set_block_number(relay::System::block_number() + 1));
	let results = candidates
		.iter()
		.map(|(commitments, head)| {
			let included = relay.execute_with(|| {
				pallet_xcmp_relay::Pallet::<Relay>::do_include_candidate(commitments)
			});
			if included.is_ok() {
				let key = cumulus_primitives_core::relay_chain::well_known_keys::para_head(
					commitments.para,
				);
				relay.insert(key, HeadData(head.encode()).encode());
			}
			included
		})
		.collect();
	relay.commit_all().expect("no transaction is open");
	results
}

/// `sender`'s next block, in which Alice sends the receiver `programs` programs.
pub fn build_sending_block(
	sender: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	programs: usize,
) -> Candidate {
	let calls = (0..programs).map(|_| send_to_receiver()).collect();
	build_block(sender, relay, system_keys, &[RECEIVER.into()], Vec::new(), calls)
}

/// One exchange between the two parachains: the sender's block that sent the receiver some
/// programs, validated in wasm and included on the relay, and the receiver's next block, on the
/// relay block that included the sender's, consuming the batch; not validated yet.
pub struct Exchange {
	/// The relay chain, after including the sender's block.
	pub relay: TestExternalities,
	/// The sender, after its block.
	pub sender: Parachain,
	/// The receiver, after its block.
	pub receiver: Parachain,
	/// The sender's block and the header it builds on.
	pub sent: (Header, Candidate),
	/// The receiver's block and the header it builds on.
	pub received: (Header, Candidate),
}

/// The sender sends the receiver `programs` programs in one block, which the relay includes once
/// validated in wasm; the receiver's collator fetches the batch from the sender's, through its
/// runtime API's call, and builds the receiver's next block consuming it.
pub fn exchange(programs: usize) -> Exchange {
	let mut sender = Parachain::genesis(SENDER);
	let mut receiver = Parachain::genesis(RECEIVER);
	let (mut relay, system_keys) =
		relay_chain(&[(sender.id, &sender.head), (receiver.id, &receiver.head)]);

	let sender_parent = sender.head.clone();
	let sent = build_sending_block(&mut sender, &mut relay, &system_keys, programs);
	let head = validated_head(&sender_parent, &sent);
	let commitments = candidate_commitments(&mut sender, &sender_parent, &sent, &head);
	include(&mut relay, &commitments, &head).expect("the relay includes the sender's block");

	// The receiver's collator, with the collator library, through both runtimes' APIs in wasm:
	// where the receiver's channel from the sender stands, the sender's batches after it, and
	// what of them fits the block's budget and the receiver's queue.
	let after = xcmp_collator::cursors(&mut WasmRuntime(&mut receiver.state))
		.expect("the receiver tells its cursors")
		.get(&sender.id)
		.copied()
		.unwrap_or_default();
	let offered = xcmp_collator::serve(&mut WasmRuntime(&mut sender.state), receiver.id, after, 64);
	assert_eq!(offered.len(), 1, "one batch for the receiver");
	let room = xcmp_collator::queue_room(&mut WasmRuntime(&mut receiver.state), &[sender.id])
		.expect("the receiver tells its queue's room");
	let (batches, _) = xcmp_collator::select(
		&[(sender.id, offered)],
		0,
		xcmp_collator::IngressBudget::default(),
		&room,
	);
	assert_eq!(batches.len(), 1, "the batch fits the block");
	let receiver_parent = receiver.head.clone();
	let received = build_block(&mut receiver, &mut relay, &system_keys, &[], batches, Vec::new());
	Exchange {
		relay,
		sender,
		receiver,
		sent: (sender_parent, sent),
		received: (receiver_parent, received),
	}
}

/// What one parachain block of a [`Network`]'s relay block cost, built and validated natively and
/// in wasm.
#[derive(Clone, Debug, Default)]
pub struct BlockCost {
	/// The para whose block it is.
	pub para: ParaId,
	/// Building it natively, with the runtime's `Executive`, recording its proof.
	pub build_native: Duration,
	/// Building it in the blob, through the block-builder runtime API, recording its proof.
	pub build_wasm: Duration,
	/// Validating it natively: `Executive` re-executing it on its proof alone.
	pub validate_native: Duration,
	/// Validating it in the blob: `validate_block` on the validation parameters.
	pub validate_wasm: Duration,
	/// Its proof of validity, encoded as validators receive it, in bytes.
	pub pov_size: usize,
	/// The messages it sent: queued by its egress pallet (`MessageQueued`).
	pub sent: usize,
	/// The sends it refused (a full channel: back-pressure), each reported in its `Sudid` event.
	pub refused: usize,
	/// The messages its ingress inherent received.
	pub received: usize,
}

/// Why a [`Network`] stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkError {
	/// The runtime's wasm blob was not built (no wasm toolchain, see `runtime/build.rs`).
	NoBlob,
	/// Building a block natively and in wasm gave different blocks or commitments.
	Disagreement {
		/// The para.
		para: ParaId,
		/// Its block's number.
		number: u32,
		/// What differs.
		what: &'static str,
	},
	/// A validator refused a block.
	Invalid {
		/// The para.
		para: ParaId,
		/// Its block's number.
		number: u32,
		/// Why.
		reason: String,
	},
	/// The relay refused a validated candidate's commitments.
	NotIncluded {
		/// The para.
		para: ParaId,
		/// Why.
		error: xcmp_verifier::CandidateError,
	},
}

impl core::fmt::Display for NetworkError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::NoBlob => {
				write!(f, "the runtime's wasm blob was not built (see runtime/build.rs)")
			}
			Self::Disagreement { para, number, what } => {
				write!(
					f,
					"para {para} block {number}: native and wasm building gave different {what}"
				)
			}
			Self::Invalid { para, number, reason } => {
				write!(f, "para {para} block {number} does not validate: {reason}")
			}
			Self::NotIncluded { para, error } => {
				write!(f, "the relay refuses para {para}'s candidate: {error:?}")
			}
		}
	}
}

impl std::error::Error for NetworkError {}

/// Parachains of the runtime, ids 2000 on, each with a channel open to every other one, on one
/// relay chain. Every relay block, each para's collator picks the batches offered to it with the
/// collator library and builds the para's block twice on the same parent, natively and in the
/// blob, which must agree on the block and its commitments; validators validate it both ways,
/// and the relay includes every para's candidate in its next block.
pub struct Network {
	/// The parachains, in id order.
	pub paras: Vec<Parachain>,
	/// The relay chain.
	pub relay: TestExternalities,
	/// The keys each para's parachain-system reads from the relay state.
	system_keys: BTreeMap<ParaId, Vec<Vec<u8>>>,
	/// Per para, the sender its collator's selection starts at (`xcmp_collator::select`).
	starts: Vec<usize>,
}

impl Network {
	/// `count` parachains at genesis on their relay chain; [`NetworkError::NoBlob`] without the
	/// runtime's wasm blob.
	pub fn new(count: u32) -> Result<Self, NetworkError> {
		if WASM_BINARY.is_none() {
			return Err(NetworkError::NoBlob);
		}
		let paras: Vec<Parachain> = (0..count).map(|i| Parachain::genesis(SENDER + i)).collect();
		let heads: Vec<(ParaId, &Header)> =
			paras.iter().map(|para| (para.id, &para.head)).collect();
		let ids: Vec<ParaId> = paras.iter().map(|para| para.id).collect();
		let channels: Vec<(ParaId, ParaId)> = ids
			.iter()
			.flat_map(|&from| ids.iter().filter(move |&&to| to != from).map(move |&to| (from, to)))
			.collect();
		let (relay, system_keys) = relay_chain_with(&heads, &channels);
		let starts = vec![0; paras.len()];
		Ok(Self { paras, relay, system_keys, starts })
	}

	/// The paras' ids, in order.
	pub fn ids(&self) -> Vec<ParaId> {
		self.paras.iter().map(|para| para.id).collect()
	}

	/// One relay block: each para `i`'s block sends one XCM program ([`send_program`]) to each of
	/// `sends[i]` (none past its end) and receives what its collator selects of the batches the
	/// other paras offer it; the relay's next block includes them all. Returns each block's cost.
	/// An error stops the relay block part-way: the paras before the failing one have built their
	/// blocks and none is included, so the network is not to be stepped on after it.
	pub fn relay_block(&mut self, sends: &[Vec<ParaId>]) -> Result<Vec<BlockCost>, NetworkError> {
		let ids = self.ids();
		let mut costs = Vec::with_capacity(self.paras.len());
		let mut candidates = Vec::with_capacity(self.paras.len());
		// Every collator polls the others before any builds: each chain's state is then its block
		// the relay included, whose batches the relay has a root for.
		let selections: Vec<Vec<RoutedBatch>> =
			(0..self.paras.len()).map(|index| self.select_batches(index)).collect();
		let no_sends = Vec::new();
		let sends = sends.iter().chain(core::iter::repeat(&no_sends));
		for ((para, batches), destinations) in self.paras.iter_mut().zip(selections).zip(sends) {
			let me = para.id;
			let others: Vec<ParaId> = ids.iter().copied().filter(|&id| id != me).collect();
			let received = batches.iter().map(|batch| batch.messages.len()).sum();
			let calls: Vec<RuntimeCall> = destinations.iter().map(|&to| send_program(to)).collect();
			let sends = calls.len();

			let parent = para.head.clone();
			let number = parent.number + 1;
			// Signed once: a signature is randomised, the blocks must be the same.
			let signed = signed_calls(para, calls);
			let mut native = para.fork();
			let started = Instant::now();
			let built_natively = build_signed_block(
				&mut native,
				&mut self.relay,
				&self.system_keys,
				&others,
				batches.clone(),
				signed.clone(),
				Builder::Native,
			)
			.ok_or(NetworkError::NoBlob)?;
			let build_native = started.elapsed();
			let started = Instant::now();
			let built = build_signed_block(
				para,
				&mut self.relay,
				&self.system_keys,
				&others,
				batches,
				signed,
				Builder::Wasm,
			)
			.ok_or(NetworkError::NoBlob)?;
			let build_wasm = started.elapsed();
			if built.block.extrinsics != built_natively.block.extrinsics {
				return Err(NetworkError::Disagreement { para: me, number, what: "extrinsics" });
			}
			if built.block.header != built_natively.block.header {
				return Err(NetworkError::Disagreement { para: me, number, what: "headers" });
			}

			let invalid = |reason: String| NetworkError::Invalid { para: me, number, reason };
			let started = Instant::now();
			validate_natively(&parent, &built).map_err(invalid)?;
			let validate_native = started.elapsed();
			let started = Instant::now();
			let result = validate_in_wasm(&parent, &built).map_err(invalid)?;
			let validate_wasm = started.elapsed();
			let head = Header::decode(&mut &result.head_data.0[..])
				.map_err(|error| invalid(format!("its head does not decode: {error}")))?;
			if head != built.block.header {
				return Err(invalid("validation gave another head than the collator's".into()));
			}
			let commitments = candidate_commitments(para, &parent, &built, &head);
			if candidate_commitments(&mut native, &parent, &built_natively, &head) != commitments {
				return Err(NetworkError::Disagreement { para: me, number, what: "commitments" });
			}
			let sent = para.count_events(|event| {
				matches!(
					event,
					RuntimeEvent::XcmpEgress(pallet_xcmp_egress::Event::MessageQueued { .. })
				)
			});
			costs.push(BlockCost {
				para: me,
				build_native,
				build_wasm,
				validate_native,
				validate_wasm,
				pov_size: built.pov_size(),
				sent,
				refused: sends.saturating_sub(sent),
				received,
			});
			candidates.push((commitments, head));
		}
		for ((commitments, _), included) in
			candidates.iter().zip(include_all(&mut self.relay, &candidates))
		{
			included
				.map_err(|error| NetworkError::NotIncluded { para: commitments.para, error })?;
		}
		Ok(costs)
	}

	/// What para `index`'s collator puts in its next block: the batches each other para offers
	/// it after its cursor, as `xcmp_collator::select` takes them within the default budget and
	/// the queue's room, fairly, from where the last block left off.
	fn select_batches(&mut self, index: usize) -> Vec<RoutedBatch> {
		let Some(receiver) = self.paras.get_mut(index) else { return Vec::new() };
		let me = receiver.id;
		let receiver = &mut receiver.state;
		let cursors = xcmp_collator::cursors(&mut WasmRuntime(receiver))
			.expect("the receiver tells its cursors");
		let others: Vec<ParaId> =
			self.paras.iter().map(|para| para.id).filter(|&id| id != me).collect();
		let Some(receiver) = self.paras.get_mut(index) else { return Vec::new() };
		let room = xcmp_collator::queue_room(&mut WasmRuntime(&mut receiver.state), &others)
			.expect("the receiver tells its queue's room");
		let offered: Vec<(ParaId, Vec<RoutedBatch>)> = self
			.paras
			.iter_mut()
			.filter(|sender| sender.id != me)
			.map(|sender| {
				let after = cursors.get(&sender.id).copied().unwrap_or_default();
				let batches =
					xcmp_collator::serve(&mut WasmRuntime(&mut sender.state), me, after, 64);
				(sender.id, batches)
			})
			.collect();
		let Some(start) = self.starts.get_mut(index) else { return Vec::new() };
		let (batches, next) =
			xcmp_collator::select(&offered, *start, xcmp_collator::IngressBudget::default(), &room);
		*start = next;
		batches
	}
}
