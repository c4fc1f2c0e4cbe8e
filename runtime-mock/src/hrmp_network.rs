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
	collator::{apply_extrinsics, genesis_header, latest_events, parent_hash, signed, Header},
	hrmp_parachain::{self, Executive, Extrinsic, Runtime, RuntimeCall, RuntimeEvent},
	parachain::{AccountId, Balance},
};
use codec::Encode;
use cumulus_pallet_parachain_system::{HrmpOutboundMessages, HrmpWatermark};
use cumulus_primitives_core::{
	relay_chain::{HeadData, HrmpChannelId, InboundHrmpMessage},
	AbridgedHrmpChannel, OutboundHrmpMessage, PersistedValidationData,
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
		latest_events::<Runtime>(&mut self.state)
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
	/// Encoded bytes of the inbound HRMP messages its collator offered in the validation-data
	/// inherent (cumulus's `BTreeMap<ParaId, Vec<InboundHrmpMessage>>`, one page a message), of
	/// which parachain-system keeps those it has not processed yet.
	pub offered_bytes: usize,
	/// The HRMP messages (pages) its collator offered.
	pub messages_offered: usize,
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
	/// Each para's HRMP watermark, as the relay last included it.
	watermarks: BTreeMap<ParaId, RelayBlockNumber>,
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
				let head = genesis_header(&mut state);
				HrmpNode { id, state, head, pending: Vec::new() }
			})
			.collect();
		Self { paras, relay_number: 1, limits, channels, watermarks: BTreeMap::new() }
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
			let (inherent_data, relay_proof_bytes, offered) = self.inherent(index);
			let node = &mut self.paras[index];
			let extrinsics = std::mem::take(&mut node.pending);
			let block = build(node, relay_parent, inherent_data, extrinsics);
			built.push((block, relay_proof_bytes, offered));
		}
		let included_at = relay_parent + 1;
		let mut blocks = Vec::with_capacity(built.len());
		for (index, ((pov, extrinsics), relay_proof_bytes, offered)) in
			built.into_iter().enumerate()
		{
			let node = &mut self.paras[index];
			let para = node.id;
			// What the relay includes is what validation read from the re-executed block.
			let read = || (HrmpOutboundMessages::<Runtime>::get(), HrmpWatermark::<Runtime>::get());
			let (sent, watermark) =
				match pov::validate_block(&node.head, &pov, Executive::execute_block, read) {
					Ok(commitments) => commitments,
					Err(error) => panic!("parachain {para:?}'s block is not valid: {error:?}"),
				};
			self.check_commitments(para, relay_parent, &sent, watermark);
			let node = &mut self.paras[index];
			let _ = node.state.commit_all();
			node.head = pov.block.header.clone();
			for page in &sent {
				let id = HrmpChannelId { sender: para, recipient: page.recipient };
				if let Some(channel) = self.channels.get_mut(&id) {
					let message =
						InboundHrmpMessage { sent_at: included_at, data: page.data.clone() };
					channel.mqc_head.extend_hrmp(&message);
					channel.messages.push(message);
				}
			}
			for (id, channel) in &mut self.channels {
				if id.recipient == para {
					channel.messages.retain(|message| message.sent_at > watermark);
				}
			}
			self.watermarks.insert(para, watermark);
			blocks.push(HrmpBlock {
				para,
				header: pov.block.header.clone(),
				pov_bytes: pov.encoded_size(),
				relay_proof_bytes,
				offered_bytes: offered.0,
				messages_offered: offered.1,
				pages_sent: sent.len(),
				extrinsics,
			});
		}
		self.relay_number = included_at;
		blocks
	}

	/// The relay's acceptance checks of a candidate's HRMP commitments, as polkadot-runtime-
	/// parachains' `hrmp` module makes them: at most one page per channel, to recipients in
	/// ascending order, no more than the host configuration allows a candidate, each within its
	/// channel's message size, capacity and total size; the watermark no lower than the para's
	/// last and no higher than the relay parent.
	///
	/// # Panics
	///
	/// If a check fails: the network's chains are honest, so a failure is a bug of the model.
	fn check_commitments(
		&self,
		para: ParaId,
		relay_parent: RelayBlockNumber,
		sent: &[OutboundHrmpMessage],
		watermark: RelayBlockNumber,
	) {
		let last = self.watermarks.get(&para).copied().unwrap_or_default();
		assert!(
			(last..=relay_parent).contains(&watermark),
			"{para:?}'s HRMP watermark {watermark} is outside {last}..={relay_parent}"
		);
		assert!(sent.len() <= self.max_pages_per_candidate(), "{para:?} sent too many pages");
		let recipients: Vec<ParaId> = sent.iter().map(|page| page.recipient).collect();
		assert!(recipients.windows(2).all(|w| w[0] < w[1]), "{para:?}'s pages are not in order");
		for page in sent {
			let id = HrmpChannelId { sender: para, recipient: page.recipient };
			let Some(channel) = self.channels.get(&id) else {
				panic!("{para:?} sent to {:?}, with no channel", page.recipient)
			};
			let record = self.channel_record(channel);
			let size = page.data.len() as u32;
			assert!(size <= record.max_message_size, "{para:?}'s page is over the channel's size");
			assert!(record.msg_count < record.max_capacity, "{para:?}'s channel is full");
			assert!(
				record.total_size + size <= record.max_total_size,
				"{para:?}'s channel is over its total size"
			);
		}
	}

	/// The host configuration's `hrmp_max_message_num_per_candidate`: one page to each other
	/// parachain.
	fn max_pages_per_candidate(&self) -> usize {
		self.paras.len().saturating_sub(1)
	}

	/// Parachain `index`'s validation-data inherent for a block on the current relay block: the
	/// relay-state proof, and every message its inbound channels hold. Returns the inherent data,
	/// the bytes of the proof, and the bytes of the messages offered with their count.
	fn inherent(&self, index: usize) -> (InherentData, usize, (usize, usize)) {
		let node = &self.paras[index];
		let para = node.id;
		let mut relay = RelayStateSproofBuilder { para_id: para, ..Default::default() };
		relay.host_config.hrmp_max_message_num_per_candidate =
			u32::try_from(self.max_pages_per_candidate()).unwrap_or(u32::MAX);
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
		let offered =
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
		(inherent_data, relay_proof_bytes, offered)
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

/// Builds `node`'s next block on relay block `relay_parent`, with `inherent_data` as its
/// validation-data inherent and `extrinsics` after it (an extrinsic the runtime refuses is left
/// out), recording the storage proof of what it reads.
fn build(
	node: &mut HrmpNode,
	relay_parent: RelayBlockNumber,
	inherent_data: InherentData,
	extrinsics: Vec<Extrinsic>,
) -> (ProofOfValidity<hrmp_parachain::Block>, Vec<ApplyExtrinsicResult>) {
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
		(hrmp_parachain::Block { header, extrinsics: applied }, results)
	});
	let ((block, results), storage_proof) = match built {
		Ok(built) => built,
		Err(error) => {
			panic!("parachain {:?}'s state holds uncommitted changes: {error:?}", node.id)
		}
	};
	(ProofOfValidity { block, storage_proof }, results)
}
