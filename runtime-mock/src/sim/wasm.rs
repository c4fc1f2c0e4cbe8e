//! `xcmp-sim --executor wasm`: the network on the cumulus parachain runtime
//! (`xcmp-parachain-runtime`), every parachain block built and validated in its wasm blob under
//! `sc-executor` and, on the same parent, natively, timed side by side
//! ([`xcmp_parachain_network::Network`]).
//!
//! It plays [`SimConfig`]'s network as the mock runtime's engine ([`super::runtime`]) does, with
//! the faults a cumulus runtime can show:
//! - the traffic: each parachain sends `messages_per_block` messages a block to the destinations
//!   [`pick_destination`] gives, each an XCM program of `payload_size` bytes its receiver
//!   executes ([`xcmp_parachain_network::send_program_of_size`]: a `Transact` of a remark);
//! - the misbehaving collator's cheat at `forge_at`, which the runtime (a forged inherent) or
//!   validation, natively and in wasm, must refuse: the para stays at its parent and the
//!   batches it would have consumed arrive in its next block;
//! - the second parachain's governance blocking the first between `block_between`'s blocks, its
//!   sends then refused by their own chain and the batches already sent refused on arrival;
//! - the last parachain's silence over `silent_between`: it builds no block, its collators still
//!   serve, and what waited for it arrives once it builds again.
//!
//! What it does not play, and why: the seed example's contract call (the runtime has no
//! contracts pallet), `delivery_timeout` (the runtime's deadline is its constant
//! `DeliveryTimeout`, a day of relay blocks) and a soak's random faults. Every honest block must
//! agree natively and in wasm (same block, same commitments), validate both ways and be
//! included, and every cheat must be refused both ways, or the run stops with the reason.

use std::{fmt, time::Duration};

use rand::{rngs::StdRng, SeedableRng};
use xcmp_parachain_network::{
	as_root, send_program_of_size, BlockCost, BlockOutcome, Network, NetworkError, ParaPlan,
};
use xcmp_parachain_runtime::RuntimeCall;
use xcmp_primitives::{ParaId, RelayBlockNumber};

use super::{pick_destination, Misbehaviour, SimConfig};

/// What a run did and what its blocks cost, natively and in wasm.
#[derive(Clone, Debug, Default)]
pub struct WasmReport {
	/// Parachains in the network.
	pub parachains: u32,
	/// Relay blocks run.
	pub relay_blocks: u32,
	/// Parachain blocks built, validated and included.
	pub blocks: u64,
	/// Parachain blocks not built because their parachain was silent.
	pub silent_blocks: u64,
	/// Cheating collators' blocks, refused natively and in wasm: relay block, para, cheat.
	pub refused_cheats: Vec<(RelayBlockNumber, ParaId, Misbehaviour)>,
	/// Messages sent (queued by their sender's egress pallet).
	pub sent: u64,
	/// Sends their sender's chain refused: a full channel (back-pressure).
	pub refused: u64,
	/// Sends their sender's chain refused because the destination blocks it.
	pub refused_blocked: u64,
	/// Calls refused for any other reason (none in a sound run).
	pub refused_other: u64,
	/// Messages their receivers' ingress inherents accepted.
	pub received: u64,
	/// Messages their receivers' ingress inherents consumed by refusal (a blocked sender's).
	pub refused_on_arrival: u64,
	/// Of them, programs that executed.
	pub executed: u64,
	/// Messages their senders learnt were consumed, and pruned.
	pub delivered: u64,
	/// Messages their senders learnt were refused (their receiver blocked them), and pruned.
	pub rejected: u64,
	/// Building every block natively, recording its proof.
	pub build_native: Duration,
	/// Building every block in wasm, recording its proof.
	pub build_wasm: Duration,
	/// Validating every block natively, on its proof alone.
	pub validate_native: Duration,
	/// Validating every block in wasm (`validate_block`).
	pub validate_wasm: Duration,
	/// Every block's proof of validity, in bytes.
	pub pov_bytes: u64,
	/// The largest proof of validity, in bytes.
	pub pov_bytes_max: u64,
}

impl WasmReport {
	fn add(&mut self, block: RelayBlockNumber, outcome: BlockOutcome) {
		let cost = match outcome {
			BlockOutcome::Included(cost) => cost,
			BlockOutcome::Silent(_) => {
				self.silent_blocks += 1;
				return;
			}
			BlockOutcome::Refused(refusal) => {
				self.refused_cheats.push((block, refusal.para, refusal.cheat));
				return;
			}
		};
		let BlockCost {
			sent,
			refused,
			blocked,
			refused_other,
			received,
			refused_on_arrival,
			executed,
			..
		} = cost;
		self.blocks += 1;
		self.sent += sent as u64;
		self.refused += refused as u64;
		self.refused_blocked += blocked as u64;
		self.refused_other += refused_other as u64;
		self.received += received as u64;
		self.refused_on_arrival += refused_on_arrival as u64;
		self.executed += executed as u64;
		self.delivered += cost.delivered;
		self.rejected += cost.rejected;
		self.build_native += cost.build_native;
		self.build_wasm += cost.build_wasm;
		self.validate_native += cost.validate_native;
		self.validate_wasm += cost.validate_wasm;
		self.pov_bytes += cost.pov_size as u64;
		self.pov_bytes_max = self.pov_bytes_max.max(cost.pov_size as u64);
	}

	/// Messages sent but neither received nor refused by their receiver when the run ended:
	/// those of the last relay block's blocks, those waiting for a silent or cheating receiver,
	/// and any its collators left for later blocks.
	pub fn in_flight(&self) -> u64 {
		self.sent.saturating_sub(self.received + self.refused_on_arrival)
	}

	/// `total`'s mean per block, in microseconds.
	fn per_block(&self, total: Duration) -> f64 {
		total.as_secs_f64() * 1e6 / self.blocks.max(1) as f64
	}

	/// The report as text, for people.
	pub fn text(&self) -> impl fmt::Display + '_ {
		WasmText(self)
	}

	/// The report as JSON, for machines.
	pub fn json(&self) -> serde_json::Value {
		let ratio = |wasm: Duration, native: Duration| {
			wasm.as_secs_f64() / native.as_secs_f64().max(f64::MIN_POSITIVE)
		};
		let cheats: Vec<_> = self
			.refused_cheats
			.iter()
			.map(|(block, para, cheat)| {
				serde_json::json!({
					"relay_block": block,
					"para": u32::from(*para),
					"cheat": format!("{cheat:?}"),
				})
			})
			.collect();
		serde_json::json!({
			"executor": "wasm",
			"runtime": "xcmp-parachain-runtime",
			"parachains": self.parachains,
			"relay_blocks": self.relay_blocks,
			"parachain_blocks": self.blocks,
			"silent_blocks": self.silent_blocks,
			"refused_cheats": cheats,
			"sent": self.sent,
			"refused_full": self.refused,
			"refused_blocked": self.refused_blocked,
			"refused_other": self.refused_other,
			"received": self.received,
			"refused_on_arrival": self.refused_on_arrival,
			"executed": self.executed,
			"delivered": self.delivered,
			"rejected": self.rejected,
			"in_flight": self.in_flight(),
			"build_native_us_per_block": self.per_block(self.build_native),
			"build_wasm_us_per_block": self.per_block(self.build_wasm),
			"build_wasm_to_native": ratio(self.build_wasm, self.build_native),
			"validate_native_us_per_block": self.per_block(self.validate_native),
			"validate_wasm_us_per_block": self.per_block(self.validate_wasm),
			"validate_wasm_to_native": ratio(self.validate_wasm, self.validate_native),
			"pov_bytes_per_block": self.pov_bytes as f64 / self.blocks.max(1) as f64,
			"pov_bytes_max": self.pov_bytes_max,
		})
	}
}

struct WasmText<'a>(&'a WasmReport);

impl fmt::Display for WasmText<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let r = self.0;
		writeln!(
			f,
			"{} parachains of xcmp-parachain-runtime, {} relay blocks: {} parachain blocks, each \
			 built natively and in wasm on the same parent (same block, same commitments), \
			 validated both ways and included; {} not built (silent)",
			r.parachains, r.relay_blocks, r.blocks, r.silent_blocks
		)?;
		for (block, para, cheat) in &r.refused_cheats {
			writeln!(
				f,
				"relay block {block}: para {para}'s collator cheated ({cheat:?}), refused \
				 natively and in wasm"
			)?;
		}
		writeln!(
			f,
			"messages: {} sent, {} refused by back-pressure, {} refused as blocked, {} received \
			 ({} executed), {} refused on arrival, {} in flight at the end; senders told {} \
			 delivered, {} rejected",
			r.sent,
			r.refused,
			r.refused_blocked,
			r.received,
			r.executed,
			r.refused_on_arrival,
			r.in_flight(),
			r.delivered,
			r.rejected
		)?;
		if r.refused_other > 0 {
			writeln!(f, "calls refused for another reason: {}", r.refused_other)?;
		}
		writeln!(f, "per parachain block            native          wasm   wasm/native")?;
		for (what, native, wasm) in [
			("build (with its proof)", r.build_native, r.build_wasm),
			("validate", r.validate_native, r.validate_wasm),
		] {
			writeln!(
				f,
				"  {what:<22} {:>10.0} µs {:>10.0} µs {:>8.2}",
				r.per_block(native),
				r.per_block(wasm),
				wasm.as_secs_f64() / native.as_secs_f64().max(f64::MIN_POSITIVE)
			)?;
		}
		writeln!(
			f,
			"proof of validity: {:.0} bytes a block on average, {} at most",
			r.pov_bytes as f64 / r.blocks.max(1) as f64,
			r.pov_bytes_max
		)
	}
}

/// What each parachain does in relay block `block` of `config`'s run: its traffic (none while
/// silent), the second one's governance blocking or unblocking the first, and the misbehaving
/// collator's cheat.
fn plans(
	config: &SimConfig,
	ids: &[ParaId],
	block: RelayBlockNumber,
	rng: &mut StdRng,
) -> Vec<ParaPlan> {
	ids.iter()
		.enumerate()
		.map(|(index, &me)| {
			let silent = config.falls_silent(index as u32, block);
			if silent {
				return ParaPlan { silent, ..ParaPlan::default() };
			}
			let mut calls: Vec<_> = (0..config.messages_per_block)
				.map(|i| pick_destination(config.traffic, ids, me, i, rng))
				.map(|to| send_program_of_size(to, config.payload_size as usize))
				.collect();
			if let (1, Some((from, to)), Some(&first)) = (index, config.block_between, ids.first())
			{
				let change = if block == from {
					Some(pallet_xcmp_ingress::Call::block_sender { sender: first })
				} else if block == to {
					Some(pallet_xcmp_ingress::Call::unblock_sender { sender: first })
				} else {
					None
				};
				calls.extend(change.map(|call| as_root(RuntimeCall::XcmpIngress(call))));
			}
			let cheats = config.forge_at == Some(block) && config.misbehaving as usize == index;
			ParaPlan { calls, silent, cheat: cheats.then_some(config.misbehaviour) }
		})
		.collect()
}

/// Runs `config`'s network for `config.blocks` relay blocks on a [`Network`] of
/// `config.parachains` parachains, calling `on_block` with each relay block's number (from 1)
/// once it is included.
pub fn run(config: &SimConfig, mut on_block: impl FnMut(u32)) -> Result<WasmReport, NetworkError> {
	let mut network = Network::new(config.parachains)?;
	let ids = network.ids();
	let mut rng = StdRng::seed_from_u64(config.seed);
	let mut report = WasmReport {
		parachains: config.parachains,
		relay_blocks: config.blocks,
		..Default::default()
	};
	for block in 1..=config.blocks {
		let plans = plans(config, &ids, block, &mut rng);
		for outcome in network.relay_block(&plans)? {
			report.add(block, outcome);
		}
		on_block(block);
	}
	Ok(report)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn config() -> SimConfig {
		SimConfig { messages_per_block: 2, seed: 7, ..SimConfig::fault_free(3, 4, 64) }
	}

	/// Three parachains sending each other programs for four relay blocks: every block agrees
	/// natively and in wasm, validates and is included, and every message but the last block's
	/// arrives (the receivers' collators take every batch offered) and executes.
	#[test]
	fn every_block_agrees_natively_and_in_wasm_and_every_message_arrives() {
		if xcmp_parachain_runtime::WASM_BINARY.is_none() {
			assert_eq!(
				run(&config(), |_| ()).err(),
				Some(NetworkError::NoBlob),
				"without the blob the run says so"
			);
			return;
		}
		let mut seen = Vec::new();
		let report = run(&config(), |block| seen.push(block)).expect("the network runs");
		assert_eq!(seen, [1, 2, 3, 4]);
		assert_eq!((report.blocks, report.silent_blocks), (12, 0));
		assert!(report.refused_cheats.is_empty());
		assert_eq!((report.sent, report.refused, report.refused_other), (24, 0, 0));
		assert_eq!(report.in_flight(), 6, "the last relay block's messages are in flight");
		assert_eq!((report.received, report.executed), (18, 18));
		assert!(report.pov_bytes_max > 0 && report.validate_wasm > Duration::ZERO);
		assert_eq!(report.json()["parachain_blocks"], 12);
		assert!(report.text().to_string().contains("wasm/native"));
	}

	/// The defaults' faults, on four parachains each sending every other one a 128-byte program
	/// a block: the second blocks the first from relay block 2 to 4, the last is silent in relay
	/// blocks 3 and 4 and its collator cheats in relay block 5, when three relay blocks' batches
	/// from each sender wait for it (each way in turn, one run each). Every cheat is refused
	/// natively and in wasm, the blocked sends are refused, and no message is lost to a cheat, a
	/// block list or a silence: at the end, only the last relay block's are in flight.
	#[test]
	fn every_cheat_is_refused_and_no_message_is_lost_to_a_cheat_a_block_list_or_a_silence() {
		if xcmp_parachain_runtime::WASM_BINARY.is_none() {
			return;
		}
		let cheats = [
			Misbehaviour::ForgeCandidate,
			Misbehaviour::OmitBatch,
			Misbehaviour::ReplayBatch,
			Misbehaviour::ReorderBatches,
			Misbehaviour::ForgeInherent,
		];
		for misbehaviour in cheats {
			let faulty = SimConfig {
				messages_per_block: 3,
				forge_at: Some(5),
				misbehaviour,
				misbehaving: 3,
				block_between: Some((2, 4)),
				silent_between: Some((3, 5)),
				..SimConfig::fault_free(4, 7, 128)
			};
			let report = run(&faulty, |_| ()).expect("the network runs");
			assert_eq!(report.refused_cheats, [(5, ParaId::from(2003), misbehaviour)]);
			assert_eq!((report.blocks, report.silent_blocks), (7 * 4 - 2 - 1, 2));
			// The first's sends to the second are refused by its own chain once the block list
			// shows in its relay view; the one it sent before is refused on arrival.
			assert!(report.refused_blocked > 0 && report.refused_on_arrival > 0, "{report:?}");
			assert_eq!((report.refused, report.refused_other), (0, 0), "{report:?}");
			assert_eq!(report.in_flight(), 4 * 3, "{report:?}");
			assert_eq!(report.executed, report.received, "every program accepted executes");
		}
	}
}
