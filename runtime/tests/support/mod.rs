//! What the tests and the benchmark of validation share: two parachains of this runtime on a
//! relay chain running `pallet-xcmp-relay`, whose state also holds what each parachain-system's
//! relay-state proof needs (host configuration, dispatch queue, HRMP indexes); a collator that
//! reads the chains with the collator library (`xcmp-collator`) through the blob's runtime APIs
//! ([`WasmRuntime`]), builds a block natively and records its proof of validity; and validators
//! that validate it
//! with the blob's `validate_block` under `sc-executor`, or natively with the runtime's own
//! `Executive`.

// The tests and the benchmark each use part of it.
#![allow(dead_code)]

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
use std::{collections::BTreeMap, sync::LazyLock};
use xcmp_parachain_runtime::{
	AccountId, Block, Executive, Header, ParachainInfoConfig, Runtime, RuntimeCall,
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

pub const SENDER: u32 = 2000;
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
		Self { id, state, head }
	}
}

/// The relay chain: `pallet-xcmp-relay` with the channel from the sender to the receiver open,
/// at block [`RELAY_PARENT`], and in the same state, for each of `paras` (registered with its
/// genesis head), its head and the keys its parachain-system proves, as cumulus's relay-state
/// builder lays them out. Returns the state and, per para, the keys its parachain-system reads.
pub fn relay_chain(
	paras: &[(ParaId, &Header)],
) -> (TestExternalities, BTreeMap<ParaId, Vec<Vec<u8>>>) {
	let mut relay = relay::genesis();
	relay.execute_with(|| {
		relay::System::set_block_number(RELAY_PARENT.into());
		let channel = HrmpChannelId { sender: SENDER.into(), recipient: RECEIVER.into() };
		let limits =
			ChannelLimits { max_capacity: 128, max_total_size: 64 * 1024, max_message_size: 1024 };
		pallet_xcmp_relay::Call::<Relay>::force_open_channel { channel, limits }
			.dispatch_bypass_filter(relay::RuntimeOrigin::root())
			.expect("governance opens the channel");
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

/// Alice's signed `call`, her `nonce`-th, on the chain whose state is being built on.
pub fn signed(call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	let extension: TxExtension = (
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
	);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("the payload builds");
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

/// Builds `para`'s next block on the relay chain `relay` (whose parachain-system keys are
/// `system_keys`), with its two inherents (the ingress one carrying `batches`, its relay view
/// covering `outbound`) and `calls` signed by Alice, recording its proof of validity as a
/// collator does.
pub fn build_block(
	para: &mut Parachain,
	relay: &mut TestExternalities,
	system_keys: &BTreeMap<ParaId, Vec<Vec<u8>>>,
	outbound: &[ParaId],
	batches: Vec<RoutedBatch>,
	calls: Vec<RuntimeCall>,
) -> Candidate {
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

	let parent = para.head.clone();
	let (block, proof) = xcmp_verifier::pov::prove_block(&mut para.state, || {
		let header = Header::new(
			parent.number + 1,
			Default::default(),
			Default::default(),
			parent.hash(),
			Default::default(),
		);
		Executive::initialize_block(&header);
		let system =
			cumulus_pallet_parachain_system::Pallet::<Runtime>::create_inherent(&inherent_data)
				.expect("the validation data makes an inherent");
		let ingress = pallet_xcmp_ingress::Pallet::<Runtime>::create_inherent(&inherent_data)
			.expect("the ingress data makes an inherent");
		let mut extrinsics = vec![
			UncheckedExtrinsic::new_bare(RuntimeCall::ParachainSystem(system)),
			UncheckedExtrinsic::new_bare(RuntimeCall::XcmpIngress(ingress)),
		];
		let nonce =
			frame_system::Pallet::<Runtime>::account_nonce(Sr25519Keyring::Alice.to_account_id());
		extrinsics
			.extend(calls.into_iter().enumerate().map(|(i, call)| signed(call, nonce + i as u32)));
		for extrinsic in &extrinsics {
			let applied = Executive::apply_extrinsic(extrinsic.clone());
			assert!(matches!(applied, Ok(Ok(()))), "{extrinsic:?} applies: {applied:?}");
		}
		let header = Executive::finalize_block();
		Block { header, extrinsics }
	})
	.expect("the parachain state holds no uncommitted change");
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

/// A message for the receiver, sent by root (Alice, the sudo key's holder): an XCM program
/// asking for unpaid execution, which the receiver's barrier allows a sibling, then clearing its
/// origin.
pub fn send_to_receiver() -> RuntimeCall {
	use xcm::latest::prelude::*;
	let program = Xcm::<()>(vec![
		UnpaidExecution { weight_limit: Unlimited, check_origin: None },
		ClearOrigin,
	]);
	let send = RuntimeCall::XcmpEgress(pallet_xcmp_egress::Call::send {
		destination: RECEIVER.into(),
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
	let included = relay.execute_with(|| {
		relay::System::set_block_number(relay::System::block_number() + 1);
		pallet_xcmp_relay::Pallet::<Relay>::do_include_candidate(commitments)
	});
	if included.is_ok() {
		let key =
			cumulus_primitives_core::relay_chain::well_known_keys::para_head(commitments.para);
		relay.insert(key, HeadData(head.encode()).encode());
	}
	relay.commit_all().expect("no transaction is open");
	included
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
