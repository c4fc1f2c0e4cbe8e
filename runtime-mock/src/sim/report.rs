//! What a run reports, the same for both engines (a few fields are one engine's only), and how
//! the `xcmp-sim` binary prints it: as text for people, as JSON for machines.

use std::{fmt, time::Duration};

use xcmp_primitives::{ParaId, RelayBlockNumber};
use xcmp_verifier::CandidateError;

use super::{Engine, Misbehaviour, SimConfig};

/// What happened, for the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimReport {
	/// Messages queued by senders.
	pub sent: u64,
	/// Messages processed by their receiver, as the relay recorded.
	pub delivered: u64,
	/// Messages their receiver refused because it blocked the sender; the sender was told.
	pub rejected: u64,
	/// Messages queued but not yet consumed when the run ended.
	pub pending: u64,
	/// Sends refused at once because the channel was full (back-pressure): never queued.
	pub refused_full: u64,
	/// Sends refused at once because the destination blocks the sender: never queued.
	pub refused_blocked: u64,
	/// Payload bytes of all sent messages.
	pub message_bytes: u64,
	/// Proof bytes in the accepted candidates' consumed batches.
	pub proof_bytes: u64,
	/// Most proof bytes in one accepted candidate's consumed batches.
	pub candidate_proof_bytes_max: u64,
	/// Time the relay validators' check (`verify_candidate`) took over every candidate, on this
	/// machine (protocol model only).
	pub verifier_time: Duration,
	/// The longest one candidate's check took (protocol model only).
	pub verifier_time_max: Duration,
	/// Batches consumed in accepted candidates.
	pub batches: u64,
	/// Candidates the relay accepted.
	pub candidates_accepted: u64,
	/// Candidates the relay rejected, with the verifier's reason.
	pub candidates_rejected: Vec<(RelayBlockNumber, ParaId, CandidateError)>,
	/// Largest relay-state size seen, in bytes (everything `InMemoryRelay` holds).
	pub relay_state_peak: u64,
	/// Relay-state size at the end, in bytes.
	pub relay_state_final: u64,
	/// Largest number of bytes HRMP would have held in relay storage at once for the same
	/// network and traffic: its channel records ([`CHANNEL_BYTES`](super::hrmp::CHANNEL_BYTES)
	/// each) and every pending message as an `InboundHrmpMessage` ([`super::hrmp`]).
	pub hrmp_state_peak: u64,
	/// Batches consumed out of nonce order, twice, or with messages out of order (must be 0).
	pub order_violations: u64,
	/// Sends refused for another reason (a runtime error other than back-pressure or blocking).
	pub refused_other: u64,
	/// Largest ingress inherent of one block, in bytes (batches and relay-state proof; real
	/// runtimes only).
	pub inherent_bytes_max: u64,
	/// Largest weight one parachain block used, in picoseconds of execution (real runtimes
	/// only).
	pub block_weight_max: u64,
	/// Blocks a collator could not build, with why (real runtimes only).
	pub blocks_not_built: Vec<(RelayBlockNumber, ParaId, String)>,
	/// The seed document's example, as it happened (real runtimes only).
	pub seed_example: Option<String>,
	/// Where a collator did cheat (it had something to cheat with), and how.
	pub tampered: Vec<(RelayBlockNumber, ParaId, Misbehaviour)>,
}

impl SimReport {
	/// Every message sent is delivered, reported rejected or still pending: none lost, none
	/// duplicated.
	pub fn all_accounted_for(&self) -> bool {
		self.sent == self.delivered + self.rejected + self.pending && self.order_violations == 0
	}

	/// The report as text, for people: what `engine` did with `config`.
	pub fn text<'a>(&'a self, engine: Engine, config: &'a SimConfig) -> impl fmt::Display + 'a {
		Text { report: self, engine, config }
	}

	/// The report as JSON, for machines: what `engine` did with `config`.
	pub fn json(&self, engine: Engine, config: &SimConfig) -> serde_json::Value {
		let r = self;
		let rejected: Vec<_> = r
			.candidates_rejected
			.iter()
			.map(|(block, para, error)| {
				serde_json::json!({ "relay_block": block, "para": u32::from(*para), "reason": format!("{error:?}") })
			})
			.collect();
		let not_built: Vec<_> = r
			.blocks_not_built
			.iter()
			.map(|(block, para, error)| {
				serde_json::json!({ "relay_block": block, "para": u32::from(*para), "reason": error })
			})
			.collect();
		serde_json::json!({
			"config": {
				"model": format!("{engine:?}"),
				"parachains": config.parachains,
				"blocks": config.blocks,
				"messages_per_block": config.messages_per_block,
				"payload_size": config.payload_size,
				"traffic": format!("{:?}", config.traffic),
				"ingress_budget": config.ingress_budget,
				"channel_capacity": config.limits.max_capacity,
				"seed": config.seed,
			},
			"seed_example": r.seed_example,
			"messages": {
				"sent": r.sent,
				"delivered": r.delivered,
				"rejected": r.rejected,
				"pending": r.pending,
				"all_accounted_for": r.all_accounted_for(),
				"order_violations": r.order_violations,
				"refused_full": r.refused_full,
				"refused_blocked": r.refused_blocked,
				"refused_other": r.refused_other,
				"message_bytes": r.message_bytes,
			},
			"candidates": {
				"accepted": r.candidates_accepted,
				"rejected": rejected,
				"not_built": not_built,
				"tampered": r.tampered.iter().map(|(block, para, how)| {
					serde_json::json!({ "relay_block": block, "para": u32::from(*para), "how": format!("{how:?}") })
				}).collect::<Vec<_>>(),
				"batches": r.batches,
				"proof_bytes": r.proof_bytes,
				"candidate_proof_bytes_max": r.candidate_proof_bytes_max,
				"verifier_time_ns": r.verifier_time.as_nanos() as u64,
				"verifier_time_max_ns": r.verifier_time_max.as_nanos() as u64,
				"inherent_bytes_max": r.inherent_bytes_max,
				"block_weight_max_ps": r.block_weight_max,
			},
			"relay_state": {
				"xcmp_peak": r.relay_state_peak,
				"xcmp_final": r.relay_state_final,
				"hrmp_peak": r.hrmp_state_peak,
			},
		})
	}
}

/// [`SimReport::text`].
struct Text<'a> {
	report: &'a SimReport,
	engine: Engine,
	config: &'a SimConfig,
}

impl fmt::Display for Text<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let Self { report: r, engine, config } = self;
		writeln!(
			f,
			"XCMP network ({engine:?} model): {} parachains, {} relay blocks, {:?} traffic, {} B payloads, seed {}",
			config.parachains, config.blocks, config.traffic, config.payload_size, config.seed
		)?;
		writeln!(f)?;
		if let Some(example) = &r.seed_example {
			writeln!(f, "seed example")?;
			writeln!(f, "  {example}")?;
			writeln!(f)?;
		}
		writeln!(f, "messages")?;
		row(f, "sent (queued)", r.sent, "")?;
		row(f, "delivered", r.delivered, "")?;
		row(f, "rejected, sender told", r.rejected, "  (receiver blocked the sender)")?;
		row(f, "pending at the end", r.pending, "")?;
		let accounted_for =
			if r.all_accounted_for() { "all" } else { "NO: messages lost or duplicated" };
		row(f, "accounted for", accounted_for, "")?;
		row(f, "consumed out of order", r.order_violations, "")?;
		row(f, "sends refused, channel full", r.refused_full, "  (back-pressure, never queued)")?;
		row(f, "sends refused, blocked", r.refused_blocked, "  (never queued)")?;
		if r.refused_other > 0 {
			row(f, "sends refused, other", r.refused_other, "  (never queued)")?;
		}
		writeln!(f)?;
		writeln!(f, "candidates")?;
		for (block, para, how) in &r.tampered {
			let para = u32::from(*para);
			writeln!(f, "  {:<29}relay block {block}, para {para}: {how:?}", "a collator cheated")?;
		}
		row(f, "accepted by the verifier", r.candidates_accepted, "")?;
		row(f, "rejected by the verifier", r.candidates_rejected.len(), "")?;
		for (block, para, error) in &r.candidates_rejected {
			writeln!(f, "    relay block {block}, para {}: {error:?}", u32::from(*para))?;
		}
		row(f, "blocks not built", r.blocks_not_built.len(), "")?;
		for (block, para, error) in &r.blocks_not_built {
			writeln!(f, "    relay block {block}, para {}: {error}", u32::from(*para))?;
		}
		row(f, "batches routed and verified", r.batches, "")?;
		let per_message = r.proof_bytes as f64 / r.delivered.max(1) as f64;
		row(f, "proof bytes", r.proof_bytes, &format!("  ({per_message:.1} per message)"))?;
		row(f, "most in one candidate", r.candidate_proof_bytes_max, "  proof bytes")?;
		match engine {
			Engine::Protocol => {
				let checked = r.candidates_accepted + r.candidates_rejected.len() as u64;
				let all = r.verifier_time.as_secs_f64();
				let mean = all * 1e6 / checked.max(1) as f64;
				let longest = r.verifier_time_max.as_secs_f64() * 1e6;
				let note =
					format!("  ms in all, {mean:.1} µs a candidate, {longest:.1} µs the longest");
				row(f, "verifier time", format!("{:.3}", all * 1e3), &note)?;
			}
			Engine::Runtime => {
				let note = "  bytes (batches and relay-state proof)";
				row(f, "largest ingress inherent", r.inherent_bytes_max, note)?;
				let ms = format!("{:.3}", r.block_weight_max as f64 / 1e9);
				row(f, "heaviest parachain block", ms, "  ms of the 2000 ms budget")?;
			}
		}
		writeln!(f)?;
		writeln!(f, "relay chain storage")?;
		row(f, "message bytes sent", r.message_bytes, "")?;
		let note = "  (roots, cursors, digests: no message)";
		row(f, "XCMP, peak", r.relay_state_peak, note)?;
		row(f, "XCMP, at the end", r.relay_state_final, "")?;
		let note = "  (peak: channel records and every pending message body)";
		row(f, "HRMP for the same traffic", r.hrmp_state_peak, note)
	}
}

/// One line of the text report: a label, a figure aligned to the right under the others, and what
/// the figure means.
fn row(
	f: &mut fmt::Formatter<'_>,
	label: &str,
	figure: impl fmt::Display,
	note: &str,
) -> fmt::Result {
	writeln!(f, "  {label:<29}{figure:>12}{note}")
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::sim::Traffic;
	use xcmp_primitives::ChannelLimits;

	fn config() -> SimConfig {
		SimConfig {
			parachains: 2,
			blocks: 3,
			messages_per_block: 1,
			payload_size: 8,
			traffic: Traffic::HotSpot,
			ingress_budget: 4,
			limits: ChannelLimits { max_capacity: 4, max_total_size: 32, max_message_size: 8 },
			forge_at: None,
			misbehaviour: Misbehaviour::ForgeCandidate,
			misbehaving: 0,
			block_between: None,
			seed: 1,
		}
	}

	/// The lines only some runs print keep the binary's layout: label, figure right-aligned in
	/// 12 columns from column 31, note.
	#[test]
	fn text_keeps_the_rows_of_rare_lines() {
		let report = SimReport {
			sent: 3,
			refused_other: 2,
			verifier_time: Duration::from_micros(1500),
			verifier_time_max: Duration::from_micros(900),
			candidates_accepted: 4,
			block_weight_max: 2_940_123_456,
			..Default::default()
		};
		let protocol = report.text(Engine::Protocol, &config()).to_string();
		let runtime = report.text(Engine::Runtime, &config()).to_string();
		let lines = [
			(
				&protocol,
				"XCMP network (Protocol model): 2 parachains, 3 relay blocks, HotSpot traffic, 8 B \
				 payloads, seed 1"
					.to_string(),
			),
			(&protocol, format!("  accounted for                {:>12}", "NO: messages lost or duplicated")),
			(&protocol, format!("  sends refused, other         {:>12}  (never queued)", 2)),
			(
				&protocol,
				format!(
					"  verifier time                {:>12.3}  ms in all, {:.1} µs a candidate, {:.1} µs the longest",
					1.5, 375.0, 900.0
				),
			),
			(&runtime, format!("  heaviest parachain block     {:>12.3}  ms of the 2000 ms budget", 2.940_123_456)),
		];
		for (text, line) in lines {
			assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
		}
		assert!(!runtime.contains("verifier time") && !protocol.contains("heaviest"));
	}
}
