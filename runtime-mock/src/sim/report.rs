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
		let per_message = |bytes: u64| bytes as f64 / r.delivered.max(1) as f64;
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
		writeln!(f, "  sent (queued)                {:>12}", r.sent)?;
		writeln!(f, "  delivered                    {:>12}", r.delivered)?;
		writeln!(
			f,
			"  rejected, sender told        {:>12}  (receiver blocked the sender)",
			r.rejected
		)?;
		writeln!(f, "  pending at the end           {:>12}", r.pending)?;
		writeln!(
			f,
			"  accounted for                {:>12}",
			if r.all_accounted_for() { "all" } else { "NO: messages lost or duplicated" }
		)?;
		writeln!(f, "  consumed out of order        {:>12}", r.order_violations)?;
		writeln!(
			f,
			"  sends refused, channel full  {:>12}  (back-pressure, never queued)",
			r.refused_full
		)?;
		writeln!(f, "  sends refused, blocked       {:>12}  (never queued)", r.refused_blocked)?;
		if r.refused_other > 0 {
			writeln!(f, "  sends refused, other         {:>12}  (never queued)", r.refused_other)?;
		}
		writeln!(f)?;
		writeln!(f, "candidates")?;
		for (block, para, how) in &r.tampered {
			writeln!(
				f,
				"  a collator cheated           relay block {block}, para {}: {how:?}",
				u32::from(*para)
			)?;
		}
		writeln!(f, "  accepted by the verifier     {:>12}", r.candidates_accepted)?;
		writeln!(f, "  rejected by the verifier     {:>12}", r.candidates_rejected.len())?;
		for (block, para, error) in &r.candidates_rejected {
			writeln!(f, "    relay block {block}, para {}: {error:?}", u32::from(*para))?;
		}
		writeln!(f, "  blocks not built             {:>12}", r.blocks_not_built.len())?;
		for (block, para, error) in &r.blocks_not_built {
			writeln!(f, "    relay block {block}, para {}: {error}", u32::from(*para))?;
		}
		writeln!(f, "  batches routed and verified  {:>12}", r.batches)?;
		writeln!(
			f,
			"  proof bytes                  {:>12}  ({:.1} per message)",
			r.proof_bytes,
			per_message(r.proof_bytes)
		)?;
		writeln!(
			f,
			"  most in one candidate        {:>12}  proof bytes",
			r.candidate_proof_bytes_max
		)?;
		match engine {
			Engine::Protocol => {
				let checked = r.candidates_accepted + r.candidates_rejected.len() as u64;
				writeln!(
					f,
					"  verifier time                {:>12.3}  ms in all, {:.1} µs a candidate, {:.1} µs the longest",
					r.verifier_time.as_secs_f64() * 1e3,
					r.verifier_time.as_secs_f64() * 1e6 / checked.max(1) as f64,
					r.verifier_time_max.as_secs_f64() * 1e6
				)?;
			}
			Engine::Runtime => {
				writeln!(
					f,
					"  largest ingress inherent     {:>12}  bytes (batches and relay-state proof)",
					r.inherent_bytes_max
				)?;
				writeln!(
					f,
					"  heaviest parachain block     {:>12.3}  ms of the 2000 ms budget",
					r.block_weight_max as f64 / 1e9
				)?;
			}
		}
		writeln!(f)?;
		writeln!(f, "relay chain storage")?;
		writeln!(f, "  message bytes sent           {:>12}", r.message_bytes)?;
		writeln!(
			f,
			"  XCMP, peak                   {:>12}  (roots, cursors, digests: no message)",
			r.relay_state_peak
		)?;
		writeln!(f, "  XCMP, at the end             {:>12}", r.relay_state_final)?;
		writeln!(
			f,
			"  HRMP for the same traffic    {:>12}  (peak: channel records and every pending message body)",
			r.hrmp_state_peak
		)
	}
}
