//! A network of [`hrmp_parachain`](crate::hrmp_parachain) runtimes exchanging XCM over HRMP, the
//! peer of [`RuntimeNetwork`](crate::runtime_network::RuntimeNetwork) in the side-by-side
//! measurements: the same traffic through both, each block's proof of validity recorded the same
//! way.
//!
//! The relay side is HRMP's as polkadot-runtime-parachains keeps it, reduced to what a parachain
//! block sees: each channel's limits, pending messages (`InboundHrmpMessage { sent_at, data }`)
//! and message-queue-chain head. Every relay block, each parachain builds a block on it:
//!
//! 1. its collator proves the relay state cumulus's collator proves (host configuration, the
//!    para's included head, its HRMP ingress and egress channel indexes and every one of those
//!    channels, slot, epoch, randomness and authorities), with
//!    `cumulus-test-relay-sproof-builder`, and puts every pending message of its inbound
//!    channels into parachain-system's validation-data inherent;
//! 2. the block runs that inherent (parachain-system checks the messages against the proven
//!    heads and hands them to the XCMP queue), then the queued extrinsics, and its storage proof
//!    is recorded;
//! 3. validators re-execute it from its proof of validity, and the relay includes it: the pages
//!    it sent (`HrmpOutboundMessages`, one per channel) join their channels, sent at the next
//!    relay block, and the messages up to its HRMP watermark leave its inbound channels.
//!
//! The relay chain is modelled no further: its state root is the proof's own, which cumulus's
//! `validate_block` would check against the validation parameters, and the relay's own work
//! (storing and pruning every message) is not run.

use crate::{
	collator::{apply_extrinsics, parent_hash, signed, Header},
	hrmp_parachain::{self, Executive, Extrinsic, Runtime, RuntimeCall, RuntimeEvent},
	parachain::{AccountId, Balance},
};
use codec::Encode;
use cumulus_pallet_parachain_system::{HrmpOutboundMessages, HrmpWatermark};
use cumulus_primitives_core::{
	relay_chain::{HeadData, HrmpChannelId, InboundHrmpMessage},
	AbridgedHrmpChannel, PersistedValidationData,
};
use cumulus_primitives_parachain_inherent::{MessageQueueChain, ParachainInherentData};
use cumulus_test_relay_sproof_builder::RelayStateSproofBuilder;
use frame_support::inherent::{InherentData, ProvideInherent};
use sp_io::TestExternalities;
use sp_runtime::{traits::Header as _, ApplyExtrinsicResult};
use std::collections::BTreeMap;
use xcmp_primitives::{ChannelLimits, ParaId, RelayBlockNumber, H256};
use xcmp_verifier::pov::{self, ProofOfValidity};

/// One parachain of an [`HrmpNetwork`]: its state, its latest head, and the extrinsics its
/// collator puts in its next block.
pub struct HrmpNode {
	/// The chain's para id.
	pub id: ParaId,
	/// The chain's state after its latest block.
	pub state: TestExternalities,
	/// Its latest block's header.
	pub head: Header,
	pending: Vec<Extrinsic>,
}

impl HrmpNode {
	/// Runs `f` on the chain's state.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.state.execute_with(f)
	}

	/// The events of the chain's latest block.
	pub fn events(&mut self) -> Vec<RuntimeEvent> {
		self.execute_with(|| {
			hrmp_parachain::System::events().into_iter().map(|record| record.event).collect()
		})
	}
}

/// An HRMP channel as the relay chain keeps it.
struct Channel {
	/// The messages sent and not yet consumed: one page of the XCMP queue each.
	messages: Vec<InboundHrmpMessage>,
	/// The head of the chain of every message ever sent on the channel.
	mqc_head: MessageQueueChain,
}

/// A parachain block of an [`HrmpNetwork`], built, validated and included.
#[derive(Debug)]
pub struct HrmpBlock {
	/// The parachain that built it.
	pub para: ParaId,
	/// Its header.
	pub header: Header,
	/// Encoded bytes of its proof of validity: the block and the storage proof of what it read.
	pub pov_bytes: usize,
	/// Bytes of the relay-state proof in its validation-data inherent.
	pub relay_proof_bytes: usize,
	/// Encoded bytes of the inbound HRMP messages in its validation-data inherent (cumulus's
	/// `BTreeMap<ParaId, Vec<InboundHrmpMessage>>`, one page a message).
	pub horizontal_bytes: usize,
	/// The pages it received.
	pub pages_received: usize,
	/// The pages it sent, one per channel at most.
	pub pages_sent: usize,
	/// The outcome of each queued extrinsic, in order.
	pub extrinsics: Vec<ApplyExtrinsicResult>,
}

/// Parachains with an HRMP channel each way between every two, stepped relay block by relay
/// block.
pub struct HrmpNetwork {
	/// The parachains, in id order.
	pub paras: Vec<HrmpNode>,
	relay_number: RelayBlockNumber,
	limits: ChannelLimits,
	channels: BTreeMap<HrmpChannelId, Channel>,
}

impl HrmpNetwork {
	/// A network of parachains `ids`, every ordered pair connected by an HRMP channel with
	/// `limits`, each chain's accounts endowed with `balances`, on relay block 1.
	pub fn new(ids: &[u32], limits: ChannelLimits, balances: Vec<(AccountId, Balance)>) -> Self {
		let network: Vec<ParaId> = ids.iter().map(|id| ParaId::from(*id)).collect();
		let mut channels = BTreeMap::new();
		for &sender in &network {
			for &recipient in network.iter().filter(|r| **r != sender) {
				let channel =
					Channel { messages: Vec::new(), mqc_head: MessageQueueChain::default() };
				channels.insert(HrmpChannelId { sender, recipient }, channel);
			}
		}
		let paras = network
			.iter()
			.map(|&id| {
				let mut state = hrmp_parachain::genesis(id, &network, balances.clone());
				let _ = state.commit_all();
				let head = Header::new(
					0,
					Default::default(),
					*state.backend.root(),
					Default::default(),
					Default::default(),
				);
				HrmpNode { id, state, head, pending: Vec::new() }
			})
			.collect();
		Self { paras, relay_number: 1, limits, channels }
	}

	/// The relay parent of the next parachain blocks.
	pub fn relay_number(&self) -> RelayBlockNumber {
		self.relay_number
	}

	/// Parachain `id`.
	///
	/// # Panics
	///
	/// If the network has no parachain `id`.
	pub fn para(&mut self, id: u32) -> &mut HrmpNode {
		let id = ParaId::from(id);
		match self.paras.iter_mut().find(|node| node.id == id) {
			Some(node) => node,
			None => panic!("no parachain {id:?} in the network"),
		}
	}

	/// Queues `call`, signed by `who`, for parachain `id`'s next block.
	pub fn submit(&mut self, id: u32, who: AccountId, call: RuntimeCall) {
		let extrinsic = signed(who, call);
		self.para(id).pending.push(extrinsic);
	}

	/// Every parachain builds a block on the current relay block, which includes them all; the
	/// relay chain moves to the next block. Returns the blocks, in id order.
	///
	/// # Panics
	///
	/// If a block does not build or does not validate: the network's chains are honest.
	pub fn step(&mut self) -> Vec<HrmpBlock> {
		let relay_parent = self.relay_number;
		let mut built = Vec::with_capacity(self.paras.len());
		for index in 0..self.paras.len() {
			let (inherent_data, relay_proof_bytes, horizontal) = self.inherent(index);
			let node = &mut self.paras[index];
			let extrinsics = std::mem::take(&mut node.pending);
			let block = build(node, relay_parent, inherent_data, extrinsics);
			built.push((block, relay_proof_bytes, horizontal));
		}
		let sent_at = relay_parent + 1;
		let mut blocks = Vec::with_capacity(built.len());
		for (index, ((pov, outcome), relay_proof_bytes, horizontal)) in
			built.into_iter().enumerate()
		{
			let node = &mut self.paras[index];
			let validated = pov::validate_block(&node.head, &pov, Executive::execute_block, || ());
			if let Err(error) = validated {
				panic!("parachain {:?}'s block is not valid: {error:?}", node.id);
			}
			let _ = node.state.commit_all();
			node.head = pov.block.header.clone();
			let para = node.id;
			for page in &outcome.sent {
				let channel = self
					.channels
					.get_mut(&HrmpChannelId { sender: para, recipient: page.recipient })
					.unwrap_or_else(|| {
						panic!("{para:?} sent to {:?} with no channel", page.recipient)
					});
				let message = InboundHrmpMessage { sent_at, data: page.data.clone() };
				channel.mqc_head.extend_hrmp(&message);
				channel.messages.push(message);
			}
			for (id, channel) in &mut self.channels {
				if id.recipient == para {
					channel.messages.retain(|message| message.sent_at > outcome.watermark);
				}
			}
			blocks.push(HrmpBlock {
				para,
				header: pov.block.header.clone(),
				pov_bytes: pov.encoded_size(),
				relay_proof_bytes,
				horizontal_bytes: horizontal.0,
				pages_received: horizontal.1,
				pages_sent: outcome.sent.len(),
				extrinsics: outcome.extrinsics,
			});
		}
		self.relay_number = sent_at;
		blocks
	}

	/// Parachain `index`'s validation-data inherent for a block on the current relay block: the
	/// relay-state proof, and every message its inbound channels hold. Returns the inherent data,
	/// the bytes of the proof, and the bytes of the messages with their count.
	fn inherent(&self, index: usize) -> (InherentData, usize, (usize, usize)) {
		let node = &self.paras[index];
		let para = node.id;
		let mut relay = RelayStateSproofBuilder { para_id: para, ..Default::default() };
		relay.host_config.hrmp_max_message_num_per_candidate = self.paras.len() as u32;
		relay.included_para_head = Some(HeadData(node.head.encode()));
		relay.current_slot = u64::from(self.relay_number).into();
		let mut horizontal_messages = BTreeMap::new();
		for (id, channel) in &self.channels {
			let record = if id.recipient == para {
				if !channel.messages.is_empty() {
					horizontal_messages.insert(id.sender, channel.messages.clone());
				}
				relay.upsert_inbound_channel(id.sender)
			} else if id.sender == para {
				relay.upsert_outbound_channel(id.recipient)
			} else {
				continue;
			};
			*record = self.channel_record(channel);
		}
		let horizontal =
			(horizontal_messages.encoded_size(), horizontal_messages.values().map(Vec::len).sum());
		let (relay_parent_storage_root, relay_chain_state) = relay.into_state_root_and_proof();
		let relay_proof_bytes = relay_chain_state.encoded_size();
		let validation_data = PersistedValidationData {
			parent_head: HeadData(node.head.encode()),
			relay_parent_number: self.relay_number,
			relay_parent_storage_root,
			max_pov_size: crate::parachain::ParachainBlockWeights::get().max_block.proof_size()
				as u32,
		};
		let data = ParachainInherentData {
			validation_data,
			relay_chain_state,
			downward_messages: Vec::new(),
			horizontal_messages,
			relay_parent_descendants: Vec::new(),
			collator_peer_id: None,
		};
		let mut inherent_data = InherentData::new();
		if let Err(error) = inherent_data
			.put_data(cumulus_primitives_parachain_inherent::INHERENT_IDENTIFIER, &data)
		{
			panic!("the validation data does not encode: {error:?}");
		}
		(inherent_data, relay_proof_bytes, horizontal)
	}

	/// A channel's record as the relay proves it.
	fn channel_record(&self, channel: &Channel) -> AbridgedHrmpChannel {
		AbridgedHrmpChannel {
			max_capacity: self.limits.max_capacity,
			max_total_size: self.limits.max_total_size,
			max_message_size: self.limits.max_message_size,
			msg_count: channel.messages.len() as u32,
			total_size: channel.messages.iter().map(|m| m.data.len() as u32).sum(),
			// The relay has no head for a channel until its first message.
			mqc_head: Some(channel.mqc_head.head()).filter(|head| *head != H256::zero()),
		}
	}
}

/// What a built block left for the relay chain.
struct BlockOutcome {
	/// The pages it sent, one per channel.
	sent: Vec<cumulus_primitives_core::OutboundHrmpMessage>,
	/// Its HRMP watermark: every inbound message sent at or before it is consumed.
	watermark: RelayBlockNumber,
	/// The outcome of each queued extrinsic.
	extrinsics: Vec<ApplyExtrinsicResult>,
}

/// Builds `node`'s next block on relay block `relay_parent`, with `inherent_data` as its
/// validation-data inherent and `extrinsics` after it (an extrinsic the runtime refuses is left
/// out), recording the storage proof of what it reads.
fn build(
	node: &mut HrmpNode,
	relay_parent: RelayBlockNumber,
	inherent_data: InherentData,
	extrinsics: Vec<Extrinsic>,
) -> (ProofOfValidity<hrmp_parachain::Block>, BlockOutcome) {
	let parent = node.head.clone();
	let built = pov::prove_block(&mut node.state, || {
		let header = Header::new(
			parent.number + 1,
			Default::default(),
			Default::default(),
			parent_hash(&parent),
			Default::default(),
		);
		Executive::initialize_block(&header);
		let Some(call) = hrmp_parachain::ParachainSystem::create_inherent(&inherent_data) else {
			panic!("parachain-system made no inherent of the validation data");
		};
		let inherent = Extrinsic::new_bare(RuntimeCall::ParachainSystem(call));
		let mut applied = vec![inherent.clone()];
		match Executive::apply_extrinsic(inherent) {
			Ok(Ok(())) => {}
			outcome => {
				panic!("the validation-data inherent failed on relay block {relay_parent}: {outcome:?}")
			}
		}
		Executive::inherents_applied();
		let results = apply_extrinsics(extrinsics, &mut applied, Executive::apply_extrinsic);
		let header = Executive::finalize_block();
		let outcome = BlockOutcome {
			sent: HrmpOutboundMessages::<Runtime>::get(),
			watermark: HrmpWatermark::<Runtime>::get(),
			extrinsics: results,
		};
		(hrmp_parachain::Block { header, extrinsics: applied }, outcome)
	});
	let ((block, outcome), storage_proof) = match built {
		Ok(built) => built,
		Err(error) => {
			panic!("parachain {:?}'s state holds uncommitted changes: {error:?}", node.id)
		}
	};
	(ProofOfValidity { block, storage_proof }, outcome)
}
