//! The real-runtime engine: [`run`] drives a [`RuntimeNetwork`] with a traffic pattern and
//! reports what happened, in the same [`SimReport`] as the protocol-level engine.
//!
//! Users send through the egress pallet's `send` call, each message an XCM program calling the
//! receiver's sink contract ([`contract_call_payload`]); the first relay block also plays the
//! seed document's example (Charlie's contract call on the first parachain sends, through the
//! XCM router, a program that pays for its execution on the second and has a contract there pay
//! a recipient). Every count comes from
//! the runtimes' own events and state: sends refused by their error, deliveries and rejections
//! from the senders' egress events, the nonce order from the receivers' ingress events, relay
//! state from the relay pallet's storage.

use codec::Encode;
use frame_support::traits::fungible::Inspect;
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use rand::{rngs::StdRng, Rng, SeedableRng};
use sp_runtime::DispatchError;
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
	time::Instant,
};
use xcmp_primitives::{ChannelLimits, ParaId, Payload, RelayBlockNumber};

use super::{
	faults::{flip_first_payload_byte, tamper, BlockFaults, Fault, FaultInjector},
	hrmp, pick_destination,
	report::{consumed_payloads, payload_bytes_in},
	FaultReport, Misbehaviour, SimConfig, SimReport,
};
use crate::{
	collator::IngressBudget,
	contracts::{self, Contract},
	parachain::{self, RuntimeCall, RuntimeEvent, CONTRACT_ACCOUNT_BASE},
	runtime_network::{BlockOutcome, RuntimeNetwork},
};

/// The traffic contract on every parachain.
const SINK: contracts::ContractId = 1;
/// The forwarding contract on the first parachain (the seed example).
const FORWARDER: contracts::ContractId = 2;
/// The paying contract on every parachain (the seed example).
const PAYER: contracts::ContractId = 7;
/// The user who sends the traffic on every parachain.
const USER: parachain::AccountId = 5;
/// The seed example's caller and recipient, and the amount.
const CHARLIE: parachain::AccountId = 3;
const RECIPIENT: parachain::AccountId = 42;
const AMOUNT: parachain::Balance = 250;

/// The ways the real runtimes' collators cheat in a soak: with their candidate or their
/// inherent.
const CHEATS: &[Misbehaviour] = &[
	Misbehaviour::ForgeCandidate,
	Misbehaviour::OmitBatch,
	Misbehaviour::ReplayBatch,
	Misbehaviour::ReorderBatches,
	Misbehaviour::ForgeInherent,
];

/// Runs `config` over real runtimes; `on_block` is given the network after each relay block.
///
/// With [`Faults`](super::Faults), each relay block's faults are drawn and played through the
/// runtimes (governance's calls on the parachains and the relay, silent parachains building no
/// block, collators withholding or cheating; a sender's runtime cannot break its limits, its
/// egress pallet refuses to); every cheat must be refused and every honest block included, or
/// the report lists a violation. `on_block` may check more, such as every pallet's `try_state`.
///
/// # Panics
///
/// If `config` names fewer than 2 or more than [`MAX_PARACHAINS`] parachains: the traffic's
/// seed example needs two, and the runtimes' channel bounds hold no more.
pub fn run(
	config: &SimConfig,
	mut on_block: impl FnMut(RelayBlockNumber, &mut RuntimeNetwork),
) -> SimReport {
	assert!(
		(2..=MAX_PARACHAINS).contains(&config.parachains),
		"the runtime model runs 2 to {MAX_PARACHAINS} parachains, not {}",
		config.parachains
	);
	let started = Instant::now();
	let mut rng = StdRng::seed_from_u64(config.seed);
	let mut injector = config
		.faults
		.map(|faults| FaultInjector::new(faults, CHEATS, config.seed, config.parachains));
	let ids: Vec<u32> = (0..config.parachains).map(|i| 2000 + i).collect();
	let paras: Vec<ParaId> = ids.iter().map(|id| ParaId::from(*id)).collect();
	let payer = CONTRACT_ACCOUNT_BASE + u64::from(PAYER);
	// The first chain's forwarding contract pays for its program's execution on the second from
	// the first chain's sovereign account there.
	let first = crate::xcm_config::sibling_account(paras[0]);
	// The forwarding contract pays each program's delivery from its account.
	let forwarder = CONTRACT_ACCOUNT_BASE + u64::from(FORWARDER);
	let endowed = vec![
		(USER, 1 << 40),
		(CHARLIE, 1_000),
		(payer, 1 << 40),
		(first, 1 << 40),
		(forwarder, 1 << 40),
	];
	let mut net = RuntimeNetwork::new(&ids, config.limits, endowed);
	for (index, id) in ids.iter().enumerate() {
		let mut contracts = vec![(SINK, Contract::Sink), (PAYER, Contract::Pay)];
		if index == 0 {
			let destination = paras[1];
			contracts.push((FORWARDER, Contract::Forward { destination, target: PAYER }));
		}
		for (contract_id, contract) in contracts {
			let call = contracts::Call::register { id: contract_id, contract };
			if let Err(error) = net.govern(*id, RuntimeCall::Contracts(call)) {
				panic!("contract {contract_id} not registered on {id}: {error:?}");
			}
		}
		let budget =
			IngressBudget { max_messages: config.ingress_budget as usize, ..Default::default() };
		net.paras[index].budget = budget;
	}

	// Every sender's runtime gives its batches the deadline, set as its governance would.
	if config.delivery_timeout.is_some() {
		for id in &ids {
			let timeout = config.delivery_timeout;
			net.para(*id).execute_with(|| parachain::DeliveryTimeout::set(&timeout));
			net.set_head(*id);
		}
	}

	// Every message of the traffic calls the sink contract with an input of this length.
	let sink_input_len = contract_call_input_len(SINK, config.payload_size);
	let mut report = SimReport::default();
	// HRMP's relay-state proof of its channels, per parachain, for the overhead it is compared by.
	let hrmp_proof_bytes = hrmp::relay_proof_bytes(&paras, config.limits);
	let mut last_processed: BTreeMap<(ParaId, ParaId), u64> = BTreeMap::new();
	let mut seed = SeedExample::default();
	// Distinct payloads delivered, to look for in the relay's state at the end.
	let mut delivered_payloads: BTreeSet<Vec<u8>> = BTreeSet::new();
	for block in 1..=config.blocks {
		let relay_parent = net.relay_number();
		let faults = injector.as_mut().map(|injector| injector.draw(block)).unwrap_or_default();
		let silent: BTreeSet<ParaId> = (0..paras.len())
			.filter(|i| {
				config.falls_silent(*i as u32, block)
					|| injector.as_ref().is_some_and(|injector| injector.is_silent(*i, block))
			})
			.map(|i| paras[i])
			.collect();
		// The seed example's call goes first, so that its message is the channel's first.
		if block == 1 {
			let input: contracts::Input =
				(RECIPIENT, AMOUNT).encode().try_into().unwrap_or_default();
			let call = contracts::Call::call { id: FORWARDER, input };
			net.submit(ids[0], CHARLIE, RuntimeCall::Contracts(call));
		}
		// Users queue this block's traffic; a silent chain's send nothing.
		for (index, me) in paras.iter().enumerate() {
			if silent.contains(me) {
				continue;
			}
			for i in 0..config.messages_per_block {
				let destination = pick_destination(config.traffic, &paras, *me, i, &mut rng);
				let payload = sized_contract_call(SINK, sink_input_len, || rng.gen());
				let Ok(payload) = Payload::try_from(payload) else { continue };
				let call = pallet_xcmp_egress::Call::send { destination, payload };
				net.submit(ids[index], USER, RuntimeCall::XcmpEgress(call));
			}
		}
		// Governance blocks and unblocks.
		if let Some((block_at, unblock_at)) = config.block_between {
			let sender = paras[0];
			let call = if block == block_at {
				Some(pallet_xcmp_ingress::Call::block_sender { sender })
			} else if block == unblock_at {
				Some(pallet_xcmp_ingress::Call::unblock_sender { sender })
			} else {
				None
			};
			if let Some(call) = call {
				let _ = net.govern(ids[1], RuntimeCall::XcmpIngress(call));
			}
		}
		// The soak's governance: channels close and reopen, receivers block and unblock.
		if let Some(injector) = injector.as_mut() {
			govern(&mut net, &ids, &faults, injector, config.limits);
		}
		// Misbehaving collators cheat, if they have something to cheat with; withholding ones
		// serve nothing.
		let mut cheats: BTreeMap<ParaId, Misbehaviour> =
			faults.cheats.iter().map(|(index, how)| (paras[*index], *how)).collect();
		if let (Some(para), true) =
			(paras.get(config.misbehaving as usize), config.forge_at == Some(block))
		{
			cheats.insert(*para, config.misbehaviour);
		}
		let withheld: BTreeSet<ParaId> = faults.withheld.iter().map(|i| paras[*i]).collect();
		let cheated = RefCell::new(BTreeMap::new());
		let outcomes = net.step_producing(
			|para| !silent.contains(&para),
			|para, batches| {
				batches.retain(|batch| !withheld.contains(&batch.sender));
				if cheats.get(&para) == Some(&Misbehaviour::ForgeInherent)
					&& flip_first_payload_byte(batches)
				{
					cheated.borrow_mut().insert(para, Misbehaviour::ForgeInherent);
				}
			},
			|para, consumed| {
				if let Some(how) =
					cheats.get(&para).filter(|how| **how != Misbehaviour::ForgeInherent)
				{
					if tamper(consumed, *how) {
						cheated.borrow_mut().insert(para, *how);
					}
				}
			},
		);
		let cheated = cheated.into_inner();
		for (para, how) in &cheated {
			report.tampered.push((relay_parent, *para, *how));
		}
		for (index, outcome) in outcomes.into_iter().enumerate() {
			let para = paras[index];
			let Some(outcome) = outcome else { continue };
			if let Some(injector) = injector.as_mut() {
				let cheat = cheated.get(&para).copied();
				if let Some(violation) = misjudged(&outcome, cheat) {
					report
						.violations
						.push(format!("relay block {block}, para {para}: {violation}"));
				}
				if let (Some(how), true) = (cheat, faults.cheats.contains_key(&index)) {
					injector.count(Fault::Cheat(how));
				}
			}
			let included = matches!(outcome, BlockOutcome::Included(_));
			match outcome {
				BlockOutcome::Included(built) => {
					report.candidates_accepted += 1;
					report.pov_bytes_total += built.pov_bytes as u64;
					report.pov_bytes_max = report.pov_bytes_max.max(built.pov_bytes as u64);
					// What the relay chain was handed for this block: its commitments, in the
					// inclusion call; and which payloads it delivered, for the end of the run.
					let payloads: Vec<&[u8]> = consumed_payloads(&built.candidate).collect();
					if let Some(commitments) = &built.commitments {
						let call =
							pallet_xcmp_relay::Call::<crate::relay::Relay>::include_candidate {
								candidate: Box::new(commitments.clone()),
								witness: Default::default(),
							};
						report.relay_chain_message_bytes +=
							payload_bytes_in(&call.encode(), payloads.iter().copied());
					}
					delivered_payloads.extend(payloads.into_iter().map(<[u8]>::to_vec));
					report.batches += built.candidate.consumed.len() as u64;
					let entry_proof_bytes: u64 =
						built.candidate.consumed.iter().map(|b| b.proof_size() as u64).sum();
					let proof_bytes = built.relay_proof_bytes as u64 + entry_proof_bytes;
					report.proof_bytes += proof_bytes;
					report.xcmp_overhead_entry_proof_bytes += entry_proof_bytes;
					report.candidate_proof_bytes_max =
						report.candidate_proof_bytes_max.max(proof_bytes);
					report.inherent_bytes_max =
						report.inherent_bytes_max.max(built.inherent_bytes as u64);
					// What the block carried for XCMP beyond the payloads it delivers, and what
					// HRMP's inherent would carry beyond the same payloads.
					let mut by_sender: BTreeMap<ParaId, Vec<usize>> = BTreeMap::new();
					for batch in &built.candidate.consumed {
						report.xcmp_overhead_entry_bytes += batch.entry.encoded_size() as u64;
						let lens = batch.messages.iter().map(|m| m.payload.len());
						by_sender.entry(batch.sender).or_default().extend(lens);
					}
					by_sender.retain(|_, lens| !lens.is_empty());
					let payloads = by_sender.values().flatten();
					let carried: u64 = payloads.clone().map(|len| *len as u64).sum();
					report.overhead_messages += payloads.count() as u64;
					let outcomes = built.outcome_report_bytes as u64;
					report.outcome_report_bytes += outcomes;
					report.xcmp_overhead_bytes +=
						(built.inherent_bytes as u64).saturating_sub(carried + outcomes);
					report.hrmp_overhead_bytes +=
						hrmp::inherent_overhead(by_sender.into_values()) + hrmp_proof_bytes[index];
					report.block_weight_max = report.block_weight_max.max(built.weight.ref_time());
					for result in &built.extrinsics {
						match result {
							// Messages are counted from the block's events below, with those
							// the runtime sent itself (pallet-xcm's version discovery).
							Ok(Ok(())) => {}
							Ok(Err(error)) => match error_name(error) {
								Some("DestinationBlocksSender") => report.refused_blocked += 1,
								Some("ChannelClosing") => report.refused_closing += 1,
								Some("ChannelFull" | "ChannelOverSize") => report.refused_full += 1,
								_ => report.refused_other += 1,
							},
							Err(_) => report.refused_other += 1,
						}
					}
					let first_ok = matches!(built.extrinsics.first(), Some(Ok(Ok(()))));
					if index == 0 && seed.sent_at.is_none() && first_ok {
						seed.sent_at = Some(relay_parent);
					}
				}
				BlockOutcome::Invalid(_, error) => {
					report.candidates_invalid.push((relay_parent, para, error.to_string()));
				}
				BlockOutcome::Rejected(_, error) => {
					report.candidates_rejected.push((relay_parent, para, error));
				}
				BlockOutcome::NotBuilt(error) => {
					report.blocks_not_built.push((relay_parent, para, format!("{error:?}")));
				}
			}
			// What the block reported; a dropped block left none (the chain's state, events
			// included, is its previous block's).
			if !included {
				continue;
			}
			for event in net.paras[index].events() {
				match event {
					RuntimeEvent::XcmpEgress(pallet_xcmp_egress::Event::MessageQueued {
						destination,
						nonce,
					}) => {
						report.sent += 1;
						report.message_bytes += net.paras[index].execute_with(|| {
							pallet_xcmp_egress::Pallet::<parachain::Runtime>::held_payload(
								pallet_xcmp_egress::MessageId { destination, nonce },
							)
							.map_or(0, |payload| payload.len() as u64)
						});
					}
					RuntimeEvent::XcmpEgress(pallet_xcmp_egress::Event::MessagesDelivered {
						destination,
						first_nonce,
						last_nonce,
					}) => {
						report.delivered += last_nonce - first_nonce + 1;
						if index == 0 && destination == paras[1] && first_nonce == 1 {
							seed.acknowledged_at.get_or_insert(relay_parent);
						}
					}
					RuntimeEvent::XcmpEgress(pallet_xcmp_egress::Event::OutcomeReported {
						outcome,
						..
					}) => {
						report.outcomes_reported += 1;
						if outcome != xcmp_primitives::outcome::MessageOutcome::Executed {
							report.outcomes_not_executed += 1;
						}
					}
					RuntimeEvent::XcmpEgress(pallet_xcmp_egress::Event::MessagesRejected {
						first_nonce,
						last_nonce,
						reason,
						..
					}) => {
						let count = last_nonce - first_nonce + 1;
						report.rejected += count;
						if reason == pallet_xcmp_egress::RejectionReason::TimedOut {
							report.timed_out += count;
						}
					}
					RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::Processed {
						sender,
						nonce,
						..
					})
					| RuntimeEvent::XcmpIngress(pallet_xcmp_ingress::Event::MessageParked {
						sender,
						nonce,
						..
					}) => {
						let last = last_processed.entry((sender, para)).or_default();
						if nonce <= *last {
							report.order_violations += 1;
						}
						*last = nonce;
					}
					RuntimeEvent::Contracts(contracts::Event::Paid {
						recipient, amount, ..
					}) if index == 1 && recipient == RECIPIENT => {
						seed.paid_at.get_or_insert((relay_parent, amount));
					}
					_ => {}
				}
			}
		}
		let relay_bytes = relay_state_bytes(&mut net);
		report.relay_state_peak = report.relay_state_peak.max(relay_bytes);
		report.hrmp_state_peak = report.hrmp_state_peak.max(hrmp_state_bytes(&mut net));
		on_block(block, &mut net);
	}
	report.relay_state_final = relay_state_bytes(&mut net);
	let relay_values: Vec<u8> =
		net.relay_storage(&[]).into_iter().flat_map(|(_, value)| value).collect();
	report.relay_chain_message_bytes +=
		payload_bytes_in(&relay_values, delivered_payloads.iter().map(Vec::as_slice));
	report.pending = (0..net.paras.len())
		.map(|i| {
			net.paras[i].execute_with(|| {
				pallet_xcmp_egress::OutboundChannels::<parachain::Runtime>::iter_values()
					.map(|c| c.unreported())
					.sum::<u64>()
			})
		})
		.sum();
	// The seed example's message is part of the traffic counts; its recipient's balance on the
	// second chain tells whether it paid.
	let paid = net.paras[1].execute_with(|| parachain::Balances::balance(&RECIPIENT));
	report.seed_example = Some(seed.describe(&ids, paid));
	if let Some(injector) = injector {
		report.faults = Some(FaultReport {
			injected: injector.injected,
			silent_blocks: injector.silent_blocks,
			run_time: started.elapsed(),
			..FaultReport::default()
		});
	}
	report
}

/// Plays a block's governance faults: the relay's governance starts closing channels and opens
/// closed ones again, receivers' governance blocks and unblocks senders. A call the runtime
/// refuses is not counted as a fault.
fn govern(
	net: &mut RuntimeNetwork,
	ids: &[u32],
	faults: &BlockFaults,
	injector: &mut FaultInjector,
	limits: ChannelLimits,
) {
	let channel = |sender: usize, receiver: usize| HrmpChannelId {
		sender: ParaId::from(ids[sender]),
		recipient: ParaId::from(ids[receiver]),
	};
	let root = crate::relay::RuntimeOrigin::root;
	for &(sender, receiver) in &faults.close {
		let closing = net.relay.execute_with(|| {
			pallet_xcmp_relay::Pallet::<crate::relay::Relay>::force_close_channel(
				root(),
				channel(sender, receiver),
			)
		});
		if closing.is_err() {
			injector.discount(Fault::ChannelClosing);
		}
	}
	for &(sender, receiver) in &faults.reopen {
		let HrmpChannelId { sender: s, recipient: r } = channel(sender, receiver);
		let reopened = net.relay.execute_with(|| {
			let closed = pallet_xcmp_relay::Channels::<crate::relay::Relay>::get(s, r)
				.is_some_and(|state| state.may_reopen());
			closed
				&& pallet_xcmp_relay::Pallet::<crate::relay::Relay>::force_open_channel(
					root(),
					channel(sender, receiver),
					limits,
				)
				.is_ok()
		});
		if reopened {
			injector.reopened(sender, receiver);
		}
	}
	for &(receiver, sender, blocks) in &faults.block_list {
		let sender_id = ParaId::from(ids[sender]);
		let (call, fault) = if blocks {
			(pallet_xcmp_ingress::Call::block_sender { sender: sender_id }, Fault::SenderBlocked)
		} else {
			(
				pallet_xcmp_ingress::Call::unblock_sender { sender: sender_id },
				Fault::SenderUnblocked,
			)
		};
		if net.govern(ids[receiver], RuntimeCall::XcmpIngress(call)).is_err() {
			injector.discount(fault);
		}
	}
}

/// What is wrong with `outcome` for a block whose collator cheated as `cheat` (`None`: it was
/// honest): a cheat must be refused (a forged inherent by the runtime, anything else by the
/// validators, re-executing the block from its proof of validity), and an honest block
/// included.
fn misjudged(outcome: &BlockOutcome, cheat: Option<Misbehaviour>) -> Option<String> {
	match (outcome, cheat) {
		(BlockOutcome::Included(_), None)
		| (BlockOutcome::NotBuilt(_), Some(Misbehaviour::ForgeInherent))
		| (BlockOutcome::Invalid(..), Some(_))
		| (BlockOutcome::Rejected(..), Some(_)) => None,
		(BlockOutcome::Invalid(_, error), None) => {
			Some(format!("its honest block was invalid: {error}"))
		}
		(BlockOutcome::Included(_), Some(how)) => {
			Some(format!("its collator cheated ({how:?}) and the block was included"))
		}
		(BlockOutcome::Rejected(_, error), None) => {
			Some(format!("its honest block was rejected: {error:?}"))
		}
		(BlockOutcome::NotBuilt(error), _) => {
			Some(format!("its collator could not build an honest block: {error:?}"))
		}
	}
}

/// Most parachains the runtime model runs: every ordered pair has a channel, and the mock
/// runtimes' channel bounds (128 into and out of a chain, as the mock relay's) hold them all.
pub const MAX_PARACHAINS: u32 = 100;

/// The length of the shortest message [`contract_call_payload`] makes, with no input: the
/// program's version, `UnpaidExecution` and the `Transact` of the call, 16 bytes.
pub const SHORTEST_CONTRACT_CALL: u32 = 16;

/// The input length that makes a message calling contract `target`
/// ([`parachain::contract_call_message`]) as long as such messages get up to `payload_size`
/// bytes (0, the shortest message, when that is less).
pub fn contract_call_input_len(target: contracts::ContractId, payload_size: u32) -> usize {
	let message_len = |len: usize| {
		let input = vec![0; len].try_into().unwrap_or_default();
		parachain::contract_call_message(target, input).len()
	};
	// Each of the two compact lengths (the input's, the call's) may take a byte more.
	let mut len = payload_size.saturating_sub(SHORTEST_CONTRACT_CALL) as usize;
	while len > 0 && message_len(len) > payload_size as usize {
		len -= 1;
	}
	len
}

/// A message calling contract `target` with an input of `byte`s, as long as such messages get up
/// to `payload_size` bytes ([`contract_call_input_len`]).
pub fn contract_call_payload(
	target: contracts::ContractId,
	payload_size: u32,
	byte: impl FnMut() -> u8,
) -> Vec<u8> {
	sized_contract_call(target, contract_call_input_len(target, payload_size), byte)
}

/// A message calling contract `target` with an input of `len` `byte`s.
fn sized_contract_call(
	target: contracts::ContractId,
	len: usize,
	mut byte: impl FnMut() -> u8,
) -> Vec<u8> {
	let input: Vec<u8> = (0..len).map(|_| byte()).collect();
	parachain::contract_call_message(target, input.try_into().unwrap_or_default())
}

/// When the seed example's steps happened.
#[derive(Default)]
struct SeedExample {
	sent_at: Option<RelayBlockNumber>,
	paid_at: Option<(RelayBlockNumber, parachain::Balance)>,
	acknowledged_at: Option<RelayBlockNumber>,
}

impl SeedExample {
	fn describe(&self, ids: &[u32], balance: parachain::Balance) -> String {
		let (a, b) = (ids[0], ids[1]);
		match (self.sent_at, self.paid_at, self.acknowledged_at) {
			(Some(sent), Some((paid, amount)), Some(told)) => format!(
				"Charlie's contract on {a} sent at relay block {sent}; the contract on {b} paid \
				 {amount} to account {RECIPIENT} at relay block {paid} (balance {balance}); {a} \
				 was told of the delivery at relay block {told}"
			),
			(Some(sent), Some((paid, amount)), None) => format!(
				"Charlie's contract on {a} sent at relay block {sent}; the contract on {b} paid \
				 {amount} at relay block {paid}; {a} not told yet (run more blocks)"
			),
			(Some(sent), None, _) => format!(
				"Charlie's contract on {a} sent at relay block {sent}; not processed on {b} yet"
			),
			(None, ..) => format!("Charlie's contract call on {a} failed"),
		}
	}
}

/// The pallet error's name in a dispatch error, if it is one.
fn error_name(error: &DispatchError) -> Option<&'static str> {
	match error {
		DispatchError::Module(module) => module.message,
		_ => None,
	}
}

/// Bytes the relay chain holds for XCMP: every key and value of `pallet-xcmp-relay`.
fn relay_state_bytes(net: &mut RuntimeNetwork) -> u64 {
	net.relay_storage(&sp_io::hashing::twox_128(b"XcmpRelay"))
		.iter()
		.map(|(key, value)| (key.len() + value.len()) as u64)
		.sum()
}

/// What HRMP would keep in relay storage for the same network and traffic: a channel for each one
/// the relay chain has open, and every message a sender holds (queued or committed, not pruned).
fn hrmp_state_bytes(net: &mut RuntimeNetwork) -> u64 {
	let channels = net.relay.execute_with(|| {
		pallet_xcmp_relay::Channels::<crate::relay::Relay>::iter_keys().count() as u64
	});
	let mut payload_lens = Vec::new();
	for node in &mut net.paras {
		node.execute_with(|| {
			payload_lens.extend(
				pallet_xcmp_egress::OutboundChannels::<parachain::Runtime>::iter_keys()
					.flat_map(pallet_xcmp_egress::Pallet::<parachain::Runtime>::held_messages)
					.map(|(_, payload)| payload.len()),
			)
		});
	}
	hrmp::state_bytes(channels, payload_lens)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::sim::Traffic;

	fn config() -> SimConfig {
		SimConfig {
			messages_per_block: 3,
			forge_at: Some(4),
			block_between: Some((3, 6)),
			seed: 7,
			..SimConfig::fault_free(3, 10, 64)
		}
	}

	#[test]
	fn every_message_is_accounted_for_through_real_runtimes() {
		let mut blocks = 0;
		let report = run(&config(), |_, _| blocks += 1);
		assert_eq!(blocks, 10);
		assert!(report.all_accounted_for(), "{report:?}");
		assert!(report.delivered > 50);
		// The second chain blocked the first for a while: sends were refused, and what was
		// committed before the relay knew was refused and reported.
		assert!(report.refused_blocked > 0);
		// The forged block, and only it, was invalid: it does not re-execute from its proof of
		// validity, and the relay never saw it.
		assert!(report.candidates_rejected.is_empty(), "{report:?}");
		assert!(
			matches!(&report.candidates_invalid[..], [(4, _, error)] if error.contains("mandatory")),
			"{report:?}"
		);
		assert_eq!(report.candidates_accepted, 3 * 10 - 1);
		assert!(report.blocks_not_built.is_empty());
		// The relay's state stays far below what HRMP would have held.
		assert!(report.relay_state_peak > 0);
		// Every included block's inherent is measured against HRMP's for the same messages:
		// deterministic byte counts, pinned (what they mean is in BENCHMARKS.md).
		assert_eq!(
			(report.overhead_messages, report.xcmp_overhead_bytes, report.hrmp_overhead_bytes),
			(77, 40_365, 25_787),
			"{report:?}"
		);
		// Most of it is the relay-state proof: the entries and their proofs are a small part.
		assert_eq!(
			(report.xcmp_overhead_entry_proof_bytes, report.xcmp_overhead_entry_bytes),
			(2_224, 4_450),
			"{report:?}"
		);
		// No payload went through the relay chain, though the messages were long enough to find
		// (the measurement finds the one the seed example sent in the candidate the collator
		// read, which carries it).
		assert_eq!(report.relay_chain_message_bytes, 0);
		let shortest_found = super::super::report::MATCHED_PAYLOAD_MIN as u64;
		assert!(report.message_bytes / report.sent.max(1) >= shortest_found);
		assert_eq!((report.pov_bytes_max, report.pov_bytes_total), (9_916, 199_873), "{report:?}");
		let example = report.seed_example.clone().unwrap_or_default();
		assert!(example.contains("paid 250 to account 42"), "{example}");
		assert!(example.contains("was told of the delivery"), "{example}");
		// Senders learn what became of their messages, proven from their receivers' headers:
		// every message processed before the last blocks is reported, each once.
		assert!(report.outcomes_reported > 0 && report.outcomes_reported <= report.delivered);
		assert_eq!(
			(report.outcomes_reported, report.outcomes_not_executed, report.outcome_report_bytes),
			(68, 1, 14_706),
			"{report:?}"
		);
	}

	#[test]
	fn messages_to_a_chain_gone_silent_time_out_and_every_one_is_accounted_for() {
		let config = SimConfig {
			blocks: 16,
			forge_at: None,
			block_between: None,
			delivery_timeout: Some(3),
			silent_between: Some((2, 12)),
			..config()
		};
		let report = run(&config, |_, _net| {
			#[cfg(feature = "try-runtime")]
			_net.try_state().expect("every pallet's invariants hold");
		});
		// Batches to the third chain expired while it was silent: their senders reclaimed them,
		// told once, and it refused them when it came back.
		assert!(report.timed_out > 0, "{report:?}");
		assert!(report.all_accounted_for(), "{report:?}");
		assert!(report.violations.is_empty() && report.candidates_invalid.is_empty());
		assert!(report.candidates_rejected.is_empty(), "{report:?}");
		assert!(report.delivered > 0);
	}

	#[test]
	fn sparse_traffic_among_more_parachains_carries_less_than_hrmp() {
		// Eight parachains, each sending one message a block to another at random: about one
		// message a batch. Each receiving block proves the relay records it reads, where HRMP's
		// proves every channel into and out of the para, whatever carried a message.
		let config = SimConfig {
			parachains: 8,
			blocks: 6,
			messages_per_block: 1,
			traffic: Traffic::Random,
			forge_at: None,
			block_between: None,
			..config()
		};
		let report = run(&config, |_, _| {});
		assert!(report.all_accounted_for(), "{report:?}");
		assert!(report.candidates_invalid.is_empty(), "{report:?}");
		// Deterministic byte counts, pinned (BENCHMARKS.md, "Proof of validity").
		assert_eq!(
			(report.overhead_messages, report.xcmp_overhead_bytes, report.hrmp_overhead_bytes),
			(45, 84_311, 164_369),
			"{report:?}"
		);
		assert!(report.xcmp_overhead_bytes < report.hrmp_overhead_bytes);
	}

	#[test]
	#[should_panic(expected = "the runtime model runs 2 to 100 parachains, not 101")]
	fn a_network_over_the_runtimes_bounds_is_refused_before_it_runs() {
		run(&SimConfig { parachains: MAX_PARACHAINS + 1, ..config() }, |_, _| {});
	}

	#[test]
	fn contract_call_payloads_are_as_long_as_asked() {
		for size in 0..=SHORTEST_CONTRACT_CALL {
			assert_eq!(contract_call_payload(1, size, || 7).len() as u32, SHORTEST_CONTRACT_CALL);
		}
		// Each compact length grows a byte at 64, and two at 16,384: a size just past one may be
		// out of reach, and the message is then shorter by what it skips. Inputs stop at
		// `MaxInputLen` (16 KiB).
		for size in (SHORTEST_CONTRACT_CALL..=400).chain(16_300..=16_400) {
			let len = contract_call_payload(1, size, || 7).len() as u32;
			assert!(len <= size && len + 2 >= size, "{size}: {len}");
		}
	}

	#[test]
	fn hrmp_counts_each_held_message_at_its_own_length() {
		let mut net = RuntimeNetwork::new(&[2000, 2001], config().limits, vec![(USER, 1 << 40)]);
		for len in [8, 63, 64] {
			let payload = Payload::try_from(vec![1; len]).expect("within the bound");
			let call = pallet_xcmp_egress::Call::send { destination: ParaId::from(2001), payload };
			net.submit(2000, USER, RuntimeCall::XcmpEgress(call));
		}
		let outcomes = net.step();
		assert!(outcomes.iter().all(|outcome| matches!(outcome, BlockOutcome::Included(_))));
		// Both channels, and the three messages 2001 cannot consume before the next block: a
		// compact length of 1 byte below 64 bytes, of 2 from 64.
		assert_eq!(hrmp_state_bytes(&mut net), 2 * hrmp::CHANNEL_BYTES + 13 + 68 + 70);
	}
}
