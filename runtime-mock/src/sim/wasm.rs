//! `xcmp-sim --executor wasm`: the network on the cumulus parachain runtime
//! (`xcmp-parachain-runtime`), every parachain block built and validated in its wasm blob under
//! `sc-executor` and, on the same parent, natively, timed side by side
//! ([`xcmp_parachain_network::Network`]).
//!
//! The traffic is [`SimConfig`]'s: each parachain sends `messages_per_block` messages a block to
//! the destinations [`pick_destination`] gives, each an XCM program its receiver executes
//! ([`xcmp_parachain_network::send_program`], a fixed program, so `payload_size` does not
//! apply). The runtime has no contracts pallet and the run plays no fault: the seed's contract
//! call, cheating collators, block lists, silences and deadlines are the mock runtime's
//! ([`super::runtime`]). Every block must agree natively and in wasm (same block, same
//! commitments), validate both ways and be included, or the run stops with the reason.

use std::{fmt, time::Duration};

use rand::{rngs::StdRng, SeedableRng};
use xcmp_parachain_network::{BlockCost, Network, NetworkError};

use super::{pick_destination, SimConfig};

/// What a run did and what its blocks cost, natively and in wasm.
#[derive(Clone, Debug, Default)]
pub struct WasmReport {
	/// Parachains in the network.
	pub parachains: u32,
	/// Relay blocks run.
	pub relay_blocks: u32,
	/// Parachain blocks built, validated and included.
	pub blocks: u64,
	/// Messages sent (queued by their sender's egress pallet).
	pub sent: u64,
	/// Sends their sender's chain refused: a full channel (back-pressure).
	pub refused: u64,
	/// Messages received by their receivers' ingress inherents.
	pub received: u64,
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
	fn add(&mut self, cost: &BlockCost) {
		self.blocks += 1;
		self.sent += cost.sent as u64;
		self.refused += cost.refused as u64;
		self.received += cost.received as u64;
		self.build_native += cost.build_native;
		self.build_wasm += cost.build_wasm;
		self.validate_native += cost.validate_native;
		self.validate_wasm += cost.validate_wasm;
		self.pov_bytes += cost.pov_size as u64;
		self.pov_bytes_max = self.pov_bytes_max.max(cost.pov_size as u64);
	}

	/// Messages sent but not yet received when the run ended: those of the last relay block's
	/// blocks, and any its receivers' collators left for later blocks.
	pub fn in_flight(&self) -> u64 {
		self.sent.saturating_sub(self.received)
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
		serde_json::json!({
			"executor": "wasm",
			"runtime": "xcmp-parachain-runtime",
			"parachains": self.parachains,
			"relay_blocks": self.relay_blocks,
			"parachain_blocks": self.blocks,
			"sent": self.sent,
			"refused_full": self.refused,
			"received": self.received,
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
			 validated both ways and included",
			r.parachains, r.relay_blocks, r.blocks
		)?;
		writeln!(
			f,
			"messages: {} sent, {} refused by back-pressure, {} received, {} in flight at the end",
			r.sent,
			r.refused,
			r.received,
			r.in_flight()
		)?;
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

/// Runs `config`'s traffic for `config.blocks` relay blocks on a [`Network`] of
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
		let sends: Vec<Vec<_>> = ids
			.iter()
			.map(|&me| {
				(0..config.messages_per_block)
					.map(|i| pick_destination(config.traffic, &ids, me, i, &mut rng))
					.collect()
			})
			.collect();
		for cost in network.relay_block(&sends)? {
			report.add(&cost);
		}
		on_block(block);
	}
	Ok(report)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::sim::{Misbehaviour, Traffic};
	use xcmp_primitives::ChannelLimits;

	fn config() -> SimConfig {
		SimConfig {
			parachains: 3,
			blocks: 4,
			messages_per_block: 2,
			payload_size: 64,
			traffic: Traffic::AllToAll,
			ingress_budget: 64,
			limits: ChannelLimits {
				max_capacity: 32,
				max_total_size: 32 * 64,
				max_message_size: 64,
			},
			forge_at: None,
			misbehaviour: Misbehaviour::ForgeCandidate,
			misbehaving: 0,
			block_between: None,
			delivery_timeout: None,
			silent_between: None,
			seed: 7,
			faults: None,
		}
	}

	/// Three parachains sending each other programs for four relay blocks: every block agrees
	/// natively and in wasm, validates and is included, and every message but the last block's
	/// arrives (the receivers' collators take every batch offered).
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
		assert_eq!(report.blocks, 12);
		assert_eq!((report.sent, report.refused), (24, 0));
		assert_eq!(report.in_flight(), 6, "the last relay block's messages are in flight");
		assert_eq!(report.received, 18);
		assert!(report.pov_bytes_max > 0 && report.validate_wasm > Duration::ZERO);
		assert_eq!(report.json()["parachain_blocks"], 12);
		assert!(report.text().to_string().contains("wasm/native"));
	}
}
