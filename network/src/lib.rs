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
//! built and validated both ways and timed: `xcmp-sim --executor wasm`. What each para does in a
//! relay block is its [`ParaPlan`]: the calls its block carries (sends, governance), or silence,
//! or a collator's cheat ([`Misbehaviour`]), which the runtime's block builder or the validators
//! must refuse natively and in wasm ([`BlockOutcome::Refused`]). The runtime's tests and
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
use xcmp_test_support::{
	cheat::{flip_first_payload_byte, tamper},
	relay::{self, Relay},
};

pub use xcmp_test_support::cheat::Misbehaviour;

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

	/// The events of this chain's latest block.
	pub fn events(&mut self) -> Vec<RuntimeEvent> {
		self.state.execute_with(|| {
			frame_system::Pallet::<Runtime>::events()
				.into_iter()
				.map(|record| record.event)
				.collect()
		})
	}

	/// How many of the events of this chain's latest block `matches`.
	pub fn count_events(&mut self, matches: impl Fn(&RuntimeEvent) -> bool) -> usize {
		self.events().iter().filter(|event| matches(event)).count()
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

/// What a collator gives a para's next block: the inherent data of its two inherents, with one
/// relay-state proof, and the relay parent it builds on. The same inputs build the same block,
/// natively or in wasm.
#[derive(Clone)]
pub struct BlockInputs {
	/// Parachain-system's validation data (with the relay-state proof) and the ingress
	/// inherent's batches and relay view.
	pub inherent_data: InherentData,
	/// The relay parent's number.
	pub relay_parent_number: u32,
	/// The relay parent's storage root.
	pub relay_parent_storage_root: sp_core::H256,
}

/// What a collator gives `para`'s next block on the relay chain `relay` (whose parachain-system
/// keys are `system_keys`): the inherent data of its two inherents (the ingress one carrying
/// `batches`, its relay view covering `outbound`), with one relay-state proof of the keys
/// parachain-system reads, those the runtime asks for through `KeyToIncludeInRelayProof` (a
/// call of the blob: `None` without it) and those of the batches and digests.
pub fn block_inputs(
	para: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	outbound: &[ParaId],
	batches: Vec<RoutedBatch>,
) -> Option<BlockInputs> {
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
	let requested = xcmp_collator::relay_keys_to_prove(&mut WasmRuntime(&mut para.state))?;
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
	Some(BlockInputs { inherent_data, relay_parent_number, relay_parent_storage_root })
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
/// does ([`block_inputs`], then [`build_from`]). Every extrinsic must apply. `None` when the blob
/// was not built (the collator asks it for its relay keys).
pub fn build_signed_block(
	para: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	outbound: &[ParaId],
	batches: Vec<RoutedBatch>,
	signed: Vec<UncheckedExtrinsic>,
	builder: Builder,
) -> Option<Candidate> {
	let inputs = block_inputs(para, relay, system_keys, outbound, batches)?;
	match build_from(para, &inputs, signed, builder) {
		Ok(candidate) => Some(candidate),
		Err(BuildError::NoBlob) => None,
		Err(BuildError::Refused(reason)) => panic!("the block builds: {reason}"),
	}
}

/// Why [`build_from`] built no block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
	/// The runtime's wasm blob was not built.
	NoBlob,
	/// The runtime refused an extrinsic (an inherent whose data it does not accept, such as a
	/// forged batch, or a transaction), or the blob trapped: why.
	Refused(String),
}

/// Builds `para`'s next block with `builder` from `inputs` and then `signed`, recording its proof
/// of validity as a collator does, and makes it `para`'s head. In wasm: `Core_initialize_block`,
/// the block-builder API's `inherent_extrinsics` from the inputs' inherent data,
/// `apply_extrinsic` for each extrinsic and `finalize_block`, all on one overlay of the chain's
/// state. If the runtime refuses an extrinsic, no block is built and `para` is left as it was.
pub fn build_from(
	para: &mut Parachain,
	inputs: &BlockInputs,
	signed: Vec<UncheckedExtrinsic>,
	builder: Builder,
) -> Result<Candidate, BuildError> {
	if builder == Builder::Wasm && WASM_BINARY.is_none() {
		return Err(BuildError::NoBlob);
	}
	let parent = para.head.clone();
	let (block, proof) = xcmp_verifier::pov::prove_block(&mut para.state, || match builder {
		Builder::Native => build_natively(&parent, &inputs.inherent_data, signed),
		Builder::Wasm => sp_externalities::with_externalities(|ext| {
			build_in_wasm(ext, &parent, &inputs.inherent_data, signed)
		})
		.unwrap_or_else(|| Err("no externalities to build in".into())),
	})
	.map_err(|error| BuildError::Refused(format!("{error:?}")))?;
	let block = match block {
		Ok(block) => block,
		Err(reason) => {
			para.state.reset_overlay();
			return Err(BuildError::Refused(reason));
		}
	};
	Ok(seal(
		para,
		parent,
		block,
		proof,
		inputs.relay_parent_number,
		inputs.relay_parent_storage_root,
	))
}

/// The block after `parent`, built with the runtime's `Executive` in the current externalities;
/// why not, if the runtime refuses one of its extrinsics.
fn build_natively(
	parent: &Header,
	inherent_data: &InherentData,
	signed: Vec<UncheckedExtrinsic>,
) -> Result<Block, String> {
	Executive::initialize_block(&next_header(parent));
	let system = cumulus_pallet_parachain_system::Pallet::<Runtime>::create_inherent(inherent_data)
		.ok_or("the validation data makes no inherent")?;
	let ingress = pallet_xcmp_ingress::Pallet::<Runtime>::create_inherent(inherent_data)
		.ok_or("the ingress data makes no inherent")?;
	let mut extrinsics = vec![
		UncheckedExtrinsic::new_bare(RuntimeCall::ParachainSystem(system)),
		UncheckedExtrinsic::new_bare(RuntimeCall::XcmpIngress(ingress)),
	];
	extrinsics.extend(signed);
	for (index, extrinsic) in extrinsics.iter().enumerate() {
		let applied = Executive::apply_extrinsic(extrinsic.clone());
		if !matches!(applied, Ok(Ok(()))) {
			return Err(format!("extrinsic {index} does not apply: {applied:?}"));
		}
	}
	let header = Executive::finalize_block();
	Ok(Block { header, extrinsics })
}

/// The block after `parent`, built by the blob in `ext` through the block-builder runtime API;
/// why not, if the runtime refuses one of its extrinsics or traps.
fn build_in_wasm(
	ext: &mut dyn sp_externalities::Externalities,
	parent: &Header,
	inherent_data: &InherentData,
	signed: Vec<UncheckedExtrinsic>,
) -> Result<Block, String> {
	let mut call = |method: &str, args: &[u8]| -> Result<Vec<u8>, String> {
		call_blob(ext, method, args, CallContext::Onchain { import: false })
			.map_err(|error| format!("the blob's {method} traps: {error}"))
	};
	call("Core_initialize_block", &next_header(parent).encode())?;
	let inherents = call("BlockBuilder_inherent_extrinsics", &inherent_data.encode())?;
	let mut extrinsics = Vec::<UncheckedExtrinsic>::decode(&mut &inherents[..])
		.map_err(|error| format!("the blob's inherents do not decode: {error}"))?;
	extrinsics.extend(signed);
	for (index, extrinsic) in extrinsics.iter().enumerate() {
		let applied = call("BlockBuilder_apply_extrinsic", &extrinsic.encode())?;
		let applied = sp_runtime::ApplyExtrinsicResult::decode(&mut &applied[..])
			.map_err(|error| format!("the blob's result does not decode: {error}"))?;
		if !matches!(applied, Ok(Ok(()))) {
			return Err(format!("extrinsic {index} does not apply: {applied:?}"));
		}
	}
	let header = call("BlockBuilder_finalize_block", &[])?;
	let header = Header::decode(&mut &header[..])
		.map_err(|error| format!("the blob's header does not decode: {error}"))?;
	Ok(Block { header, extrinsics })
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

/// Calls the blob's `method` with `args` under the validators' [`EXECUTOR`], on `ext`; the
/// executor's error if the blob was not built or traps.
fn call_blob(
	ext: &mut dyn sp_externalities::Externalities,
	method: &str,
	args: &[u8],
	context: CallContext,
) -> Result<Vec<u8>, String> {
	let (Some(blob), Some(hash)) = (WASM_BINARY, BLOB_HASH.clone()) else {
		return Err("the runtime's wasm blob was not built".into());
	};
	let code = WrappedRuntimeCode(blob.into());
	let runtime_code = RuntimeCode { code_fetcher: &code, heap_pages: None, hash };
	EXECUTOR.call(ext, &runtime_code, method, args, context).0.map_err(|error| format!("{error}"))
}

/// The chain in a parachain's state as its collator calls it: the blob's runtime API under
/// `sc-executor`, by a method's name, on the state of the chain's latest block.
pub struct WasmRuntime<'a>(pub &'a mut TestExternalities);

impl xcmp_collator::RuntimeApi for WasmRuntime<'_> {
	fn call(&mut self, method: &str, args: &[u8]) -> Option<Vec<u8>> {
		call_blob(&mut self.0.ext(), method, args, CallContext::Offchain).ok()
	}
}

/// Runs the blob's `validate_block` under `sc-executor` as a validator does: on the parent head,
/// the proof of validity and the relay parent, with no state but what the proof holds.
pub fn validate_in_wasm(
	parent: &Header,
	candidate: &Candidate,
) -> Result<ValidationResult, String> {
	let params = ValidationParams {
		parent_head: HeadData(parent.encode()),
		block_data: BlockData(candidate.pov.encode()),
		relay_parent_number: candidate.relay_parent_number,
		relay_parent_storage_root: candidate.relay_parent_storage_root,
	};
	let mut state = TestExternalities::default();
	let output = call_blob(
		&mut state.ext(),
		"validate_block",
		&params.encode(),
		CallContext::Onchain { import: true },
	)?;
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
	send_payload(destination, xcm::VersionedXcm::from(program).encode())
}

/// `call` dispatched by root, through Alice's sudo key: the chain's governance.
pub fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

/// Root's send of `payload` (within the egress pallet's largest message) to `destination`.
fn send_payload(destination: ParaId, payload: Vec<u8>) -> RuntimeCall {
	let payload = payload.try_into().expect("a payload within the largest message");
	as_root(RuntimeCall::XcmpEgress(pallet_xcmp_egress::Call::send { destination, payload }))
}

/// A message for `destination` of about `size` bytes, sent by root: the XCM program of
/// [`program_of_size`].
pub fn send_program_of_size(destination: ParaId, size: usize) -> RuntimeCall {
	send_payload(destination, program_of_size(size))
}

/// An XCM program, encoded as a message's payload, of at most `size` bytes and as close to it as
/// its length prefixes allow (at least the program with an empty remark, at most the egress
/// pallet's largest message): unpaid execution, then a `Transact`, as the sender's sovereign
/// account, of a remark whose bytes make up the length.
pub fn program_of_size(size: usize) -> Vec<u8> {
	use xcm::latest::prelude::*;
	let most =
		<<Runtime as pallet_xcmp_egress::Config>::MaxMessageSize as frame_support::traits::Get<
			u32,
		>>::get();
	let size = size.min(most as usize);
	let program = |len: usize| {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; len] });
		xcm::VersionedXcm::from(Xcm::<()>(vec![
			UnpaidExecution { weight_limit: Unlimited, check_origin: None },
			Transact {
				origin_kind: OriginKind::SovereignAccount,
				fallback_max_weight: None,
				call: remark.encode().into(),
			},
		]))
		.encode()
	};
	// Each compact length in front of the remark grows by a byte at most at 64 and 16 KiB.
	let mut len = size.saturating_sub(program(0).len());
	loop {
		let encoded = program(len);
		if encoded.len() <= size || len == 0 {
			return encoded;
		}
		len -= 1;
	}
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
/// in wasm, and what it did, from its events.
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
	/// Calls its sender's chain refused because the channel was full (back-pressure), each
	/// reported in its `Sudid` event.
	pub refused: usize,
	/// Sends refused because the destination blocks this para (`DestinationBlocksSender`).
	pub blocked: usize,
	/// Calls refused for any other reason.
	pub refused_other: usize,
	/// The messages its ingress inherent accepted into its queue (`BatchAccepted`).
	pub received: usize,
	/// The messages its ingress inherent consumed by refusal (`BatchRefused`): from a sender it
	/// blocks, or expired.
	pub refused_on_arrival: usize,
	/// Of them, the programs that executed (`Processed` with `success`).
	pub executed: usize,
	/// Messages its receivers consumed, which its egress pallet pruned (`MessagesDelivered`).
	pub delivered: u64,
	/// Messages rejected and pruned (`MessagesRejected`): refused by a receiver that blocks this
	/// para, or expired.
	pub rejected: u64,
}

/// A block the validators or the runtime refused, because its collator cheated: the para stays
/// at its parent, and the batches it would have consumed wait for its next block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
	/// The para.
	pub para: ParaId,
	/// The block's number.
	pub number: u32,
	/// How its collator cheated.
	pub cheat: Misbehaviour,
	/// Why it was refused natively: the block builder's or the validator's reason.
	pub native: String,
	/// Why it was refused in wasm (the blob reports a panic by its trap's backtrace).
	pub wasm: String,
}

/// What became of a para in one relay block of a [`Network`].
#[derive(Clone, Debug)]
pub enum BlockOutcome {
	/// Its block was built alike natively and in wasm, validated both ways and included.
	Included(BlockCost),
	/// It built no block ([`ParaPlan::silent`]).
	Silent(ParaId),
	/// Its collator cheated ([`ParaPlan::cheat`]) and its block was refused.
	Refused(Refusal),
}

/// What a para does in one relay block of a [`Network`].
#[derive(Clone, Debug, Default)]
pub struct ParaPlan {
	/// The calls its block carries after its inherents, in order, each signed by Alice (the sudo
	/// key's holder): sends ([`send_program`], [`send_program_of_size`]) and governance.
	pub calls: Vec<RuntimeCall>,
	/// It builds no block; its collators still serve what it committed.
	pub silent: bool,
	/// Its collator cheats with its block this way, if the block has something to cheat with
	/// (a batch to forge or omit, two of a sender to reorder); otherwise the block is honest.
	pub cheat: Option<Misbehaviour>,
}

impl ParaPlan {
	/// A block sending one [`send_program`] to each of `destinations`.
	pub fn sends(destinations: &[ParaId]) -> Self {
		Self { calls: destinations.iter().map(|&to| send_program(to)).collect(), ..Self::default() }
	}
}

/// Why a [`Network`] stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkError {
	/// The runtime's wasm blob was not built (no wasm toolchain, see `runtime/build.rs`).
	NoBlob,
	/// The runtime refused to build an honest block.
	NotBuilt {
		/// The para.
		para: ParaId,
		/// Its block's number.
		number: u32,
		/// Why.
		reason: String,
	},
	/// Building a block natively and in wasm gave different blocks or commitments.
	Disagreement {
		/// The para.
		para: ParaId,
		/// Its block's number.
		number: u32,
		/// What differs.
		what: &'static str,
	},
	/// A validator refused an honest block.
	Invalid {
		/// The para.
		para: ParaId,
		/// Its block's number.
		number: u32,
		/// Why.
		reason: String,
	},
	/// A cheating collator's block was built or validated, natively or in wasm.
	CheatAccepted {
		/// The para.
		para: ParaId,
		/// Its block's number.
		number: u32,
		/// How its collator cheated.
		cheat: Misbehaviour,
		/// Where it was accepted: natively, in wasm, or both.
		by: &'static str,
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
			Self::NotBuilt { para, number, reason } => {
				write!(f, "para {para} block {number} does not build: {reason}")
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
			Self::CheatAccepted { para, number, cheat, by } => {
				write!(
					f,
					"para {para} block {number}: a collator's cheat ({cheat:?}) was accepted {by}"
				)
			}
			Self::NotIncluded { para, error } => {
				write!(f, "the relay refuses para {para}'s candidate: {error:?}")
			}
		}
	}
}

impl std::error::Error for NetworkError {}

/// `built` with its ingress inherent's batches tampered with as `cheat` says and its header's
/// extrinsics root made to match, as a cheating collator would hand it in, so that only
/// re-executing the block can catch it; `None` if the block has nothing to cheat with.
pub fn tampered(built: &Candidate, cheat: Misbehaviour) -> Option<Candidate> {
	let mut block = built.block.clone();
	let inherent = block.extrinsics.iter_mut().find(|extrinsic| {
		matches!(
			extrinsic.function,
			RuntimeCall::XcmpIngress(pallet_xcmp_ingress::Call::receive { .. })
		)
	})?;
	let RuntimeCall::XcmpIngress(pallet_xcmp_ingress::Call::receive { data }) = &inherent.function
	else {
		return None;
	};
	let mut data = data.clone();
	if !tamper(&mut data.batches, cheat) {
		return None;
	}
	// A new extrinsic: one decoded from the blob's keeps its call's bytes, which would hide the
	// change.
	let receive = pallet_xcmp_ingress::Call::receive { data };
	*inherent = UncheckedExtrinsic::new_bare(RuntimeCall::XcmpIngress(receive));
	block.header.extrinsics_root = frame_system::extrinsics_data_root::<BlakeTwo256>(
		block.extrinsics.iter().map(Encode::encode).collect(),
		xcmp_parachain_runtime::VERSION.extrinsics_root_state_version(),
	);
	let (_, proof) = built.pov.clone().into_inner();
	Some(Candidate {
		pov: ParachainBlockData::new(vec![block.clone()], proof, None),
		block,
		..built.clone()
	})
}

/// Parachains of the runtime, ids 2000 on, each with a channel open to every other one, on one
/// relay chain. Every relay block, each para's collator picks the batches offered to it with the
/// collator library and builds the para's block twice on the same parent, natively and in the
/// blob, which must agree on the block and its commitments; validators validate it both ways,
/// and the relay includes every para's candidate in its next block. A para may stay silent, and
/// its collator may cheat, which the runtime or the validators must refuse.
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

	/// One relay block: each para `i` plays `plans[i]` (an idle block past its end): its block
	/// carries the plan's calls and receives what its collator selects of the batches the other
	/// paras offer it, unless it is silent or its collator cheats; the relay's next block includes
	/// every block built and validated. Returns what became of each para, in order.
	///
	/// An error stops the relay block part-way: the paras before the failing one have built their
	/// blocks and none is included, so the network is not to be stepped on after it.
	pub fn relay_block(&mut self, plans: &[ParaPlan]) -> Result<Vec<BlockOutcome>, NetworkError> {
		let idle = ParaPlan::default();
		let plans: Vec<&ParaPlan> =
			(0..self.paras.len()).map(|index| plans.get(index).unwrap_or(&idle)).collect();
		// Every collator polls the others before any builds: each chain's state is then its block
		// the relay included, whose batches the relay has a root for.
		let selections: Vec<Vec<RoutedBatch>> = plans
			.iter()
			.enumerate()
			.map(|(index, plan)| if plan.silent { Vec::new() } else { self.select_batches(index) })
			.collect();
		let ids = self.ids();
		let mut outcomes = Vec::with_capacity(self.paras.len());
		let mut candidates = Vec::with_capacity(self.paras.len());
		for ((para, batches), plan) in self.paras.iter_mut().zip(selections).zip(plans) {
			if plan.silent {
				outcomes.push(BlockOutcome::Silent(para.id));
				continue;
			}
			let others: Vec<ParaId> = ids.iter().copied().filter(|&id| id != para.id).collect();
			let block = BlockPlay { relay: &mut self.relay, system_keys: &self.system_keys };
			let (outcome, included) = block.play(para, &others, batches, plan)?;
			outcomes.push(outcome);
			candidates.extend(included);
		}
		for ((commitments, _), included) in
			candidates.iter().zip(include_all(&mut self.relay, &candidates))
		{
			included
				.map_err(|error| NetworkError::NotIncluded { para: commitments.para, error })?;
		}
		Ok(outcomes)
	}

	/// What para `index`'s collator puts in its next block: the batches each other para offers
	/// it after its cursor whose egress roots the relay recorded, routed as the receiver's
	/// records say (a blocked sender's batch carries its entry and proof alone, to be refused;
	/// `xcmp_test_support::routed_to`), as `xcmp_collator::select` takes them within the default
	/// budget and the queue's room, fairly, from where the last block left off.
	fn select_batches(&mut self, index: usize) -> Vec<RoutedBatch> {
		let ids = self.ids();
		let Some(receiver) = self.paras.get_mut(index) else { return Vec::new() };
		let me = receiver.id;
		let others: Vec<ParaId> = ids.into_iter().filter(|&id| id != me).collect();
		let mut runtime = WasmRuntime(&mut receiver.state);
		let (Some(cursors), Some(own), Some(room)) = (
			xcmp_collator::cursors(&mut runtime),
			xcmp_collator::refusals(&mut runtime),
			xcmp_collator::queue_room(&mut runtime, &others),
		) else {
			return Vec::new();
		};
		let relay = &mut self.relay;
		let relay_parent = relay.execute_with(relay::System::block_number) as u32;
		let offered: Vec<(ParaId, Vec<RoutedBatch>)> = self
			.paras
			.iter_mut()
			.filter(|sender| sender.id != me)
			.map(|sender| {
				let after = cursors.get(&sender.id).copied().unwrap_or_default();
				let served =
					xcmp_collator::serve(&mut WasmRuntime(&mut sender.state), me, after, 64);
				(sender.id, xcmp_test_support::offered(relay, relay_parent, me, &own, served))
			})
			.collect();
		let Some(start) = self.starts.get_mut(index) else { return Vec::new() };
		let (batches, next) =
			xcmp_collator::select(&offered, *start, xcmp_collator::IngressBudget::default(), &room);
		*start = next;
		batches
	}
}

/// One para's block of a relay block of a [`Network`], on the relay chain as its relay parent.
struct BlockPlay<'a> {
	relay: &'a mut TestExternalities,
	system_keys: &'a BTreeMap<ParaId, Vec<Vec<u8>>>,
}

impl BlockPlay<'_> {
	/// `para`'s block as `plan` says, receiving `batches` and able to send to `others`: what
	/// became of it and, if validated, its commitments and head for the relay to include.
	fn play(
		self,
		para: &mut Parachain,
		others: &[ParaId],
		mut batches: Vec<RoutedBatch>,
		plan: &ParaPlan,
	) -> Result<(BlockOutcome, Option<(xcmp_verifier::CandidateCommitments, Header)>), NetworkError>
	{
		let me = para.id;
		let parent = para.head.clone();
		let number = parent.number + 1;
		// Signed once: a signature is randomised, the blocks must be the same.
		let signed = signed_calls(para, plan.calls.clone());
		let built_with = |error| match error {
			BuildError::NoBlob => NetworkError::NoBlob,
			BuildError::Refused(reason) => NetworkError::NotBuilt { para: me, number, reason },
		};

		// A forged inherent: the runtime must refuse to build the block, natively and in wasm.
		let forges_inherent = plan.cheat == Some(Misbehaviour::ForgeInherent);
		let forged = forges_inherent && flip_first_payload_byte(&mut batches);
		// The collator's inputs, computed once for both builds and outside their timers.
		let inputs = block_inputs(para, self.relay, self.system_keys, others, batches)
			.ok_or(NetworkError::NoBlob)?;
		if forged {
			let cheat = Misbehaviour::ForgeInherent;
			let native = build_from(&mut para.fork(), &inputs, signed.clone(), Builder::Native);
			// Refused, the wasm build leaves `para` as it was.
			let wasm = build_from(para, &inputs, signed, Builder::Wasm);
			return match (native, wasm) {
				(Err(BuildError::Refused(native)), Err(BuildError::Refused(wasm))) => {
					let refusal = Refusal { para: me, number, cheat, native, wasm };
					Ok((BlockOutcome::Refused(refusal), None))
				}
				(_, Err(BuildError::NoBlob)) => Err(NetworkError::NoBlob),
				(native, wasm) => {
					let by = accepted_by(native.is_ok(), wasm.is_ok());
					Err(NetworkError::CheatAccepted { para: me, number, cheat, by })
				}
			};
		}

		// A cheat with the block once built: the chain goes back to its parent once refused.
		let cheat = plan.cheat.filter(|cheat| *cheat != Misbehaviour::ForgeInherent);
		let before = cheat.map(|_| para.fork());
		let mut native = para.fork();
		let started = Instant::now();
		let built_natively = build_from(&mut native, &inputs, signed.clone(), Builder::Native)
			.map_err(built_with)?;
		let build_native = started.elapsed();
		let started = Instant::now();
		let built = build_from(para, &inputs, signed, Builder::Wasm).map_err(built_with)?;
		let build_wasm = started.elapsed();
		if built.block.extrinsics != built_natively.block.extrinsics {
			return Err(NetworkError::Disagreement { para: me, number, what: "extrinsics" });
		}
		if built.block.header != built_natively.block.header {
			return Err(NetworkError::Disagreement { para: me, number, what: "headers" });
		}

		if let (Some(cheat), Some(before)) = (cheat, before) {
			if let Some(forged) = tampered(&built, cheat) {
				let native = validate_natively(&parent, &forged).map(|_| ());
				let wasm = validate_in_wasm(&parent, &forged).map(|_| ());
				*para = before;
				return match (native, wasm) {
					(Err(native), Err(wasm)) => {
						let refusal = Refusal { para: me, number, cheat, native, wasm };
						Ok((BlockOutcome::Refused(refusal), None))
					}
					(native, wasm) => {
						let by = accepted_by(native.is_ok(), wasm.is_ok());
						Err(NetworkError::CheatAccepted { para: me, number, cheat, by })
					}
				};
			}
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
		let mut cost = BlockCost {
			para: me,
			build_native,
			build_wasm,
			validate_native,
			validate_wasm,
			pov_size: built.pov_size(),
			..BlockCost::default()
		};
		cost.count(para.events());
		Ok((BlockOutcome::Included(cost), Some((commitments, head))))
	}
}

/// Where a cheat was accepted, from whether it was natively and in wasm.
fn accepted_by(natively: bool, in_wasm: bool) -> &'static str {
	match (natively, in_wasm) {
		(true, true) => "natively and in wasm",
		(true, false) => "natively",
		_ => "in wasm",
	}
}

impl BlockCost {
	/// Counts what the block's `events` say it sent, refused, received, executed, and learnt
	/// delivered or rejected.
	fn count(&mut self, events: Vec<RuntimeEvent>) {
		use pallet_xcmp_egress::{Error as EgressError, Event as EgressEvent};
		use pallet_xcmp_ingress::Event as IngressEvent;
		let error = |error: EgressError<Runtime>| sp_runtime::DispatchError::from(error);
		let messages = |first: u64, last: u64| (last.saturating_sub(first) + 1) as usize;
		for event in events {
			match event {
				RuntimeEvent::XcmpEgress(EgressEvent::MessageQueued { .. }) => self.sent += 1,
				RuntimeEvent::XcmpEgress(EgressEvent::MessagesDelivered {
					first_nonce,
					last_nonce,
					..
				}) => self.delivered += last_nonce.saturating_sub(first_nonce) + 1,
				RuntimeEvent::XcmpEgress(EgressEvent::MessagesRejected {
					first_nonce,
					last_nonce,
					..
				}) => self.rejected += last_nonce.saturating_sub(first_nonce) + 1,
				RuntimeEvent::XcmpIngress(IngressEvent::BatchAccepted {
					first_nonce,
					last_nonce,
					..
				}) => self.received += messages(first_nonce, last_nonce),
				RuntimeEvent::XcmpIngress(IngressEvent::BatchRefused {
					first_nonce,
					last_nonce,
					..
				}) => self.refused_on_arrival += messages(first_nonce, last_nonce),
				RuntimeEvent::XcmpIngress(IngressEvent::Processed { success: true, .. }) => {
					self.executed += 1
				}
				RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(refused) }) => {
					if refused == error(EgressError::ChannelFull)
						|| refused == error(EgressError::ChannelOverSize)
					{
						self.refused += 1;
					} else if refused == error(EgressError::DestinationBlocksSender) {
						self.blocked += 1;
					} else {
						self.refused_other += 1;
					}
				}
				_ => {}
			}
		}
	}
}
