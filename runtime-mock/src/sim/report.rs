//! What a run reports, the same for both engines (a few fields are one engine's only), and how
//! the `xcmp-sim` binary prints it: as text for people, as JSON for machines.

use std::{collections::BTreeMap, fmt, time::Duration};

use xcmp_primitives::{ParaId, RefusalReason, RelayBlockNumber};
use xcmp_verifier::CandidateError;

use super::{faults::Fault, Engine, Misbehaviour, SimConfig};

/// Lists longer than this are printed by reason, not line by line.
const LINES_LISTED: usize = 10;

/// What happened, for the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimReport {
	/// Messages queued by senders.
	pub sent: u64,
	/// Messages processed by their receiver, as the relay recorded.
	pub delivered: u64,
	/// Messages their receiver refused, because it blocked the sender or the batch broke its
	/// channel's limits, and the sender was told; and messages the sender's own chain rejected
	/// before they committed (the channel started closing, or the destination blocked it, after
	/// they were queued).
	pub rejected: u64,
	/// Of [`Self::rejected`], messages their sender reclaimed because their batch's deadline
	/// passed before their receiver took them (`RejectionReason::TimedOut`).
	pub timed_out: u64,
	/// Outcomes of delivered messages their senders were told, proven from their receivers'
	/// headers (`OutcomeReported`; real runtimes only).
	pub outcomes_reported: u64,
	/// Of [`Self::outcomes_reported`], messages their receiver failed to execute or parked.
	pub outcomes_not_executed: u64,
	/// Bytes of the outcome reports the included blocks' ingress inherents carried, with what
	/// proving the receivers' heads added to their relay-state proofs: a service HRMP does not
	/// offer, counted apart from [`Self::xcmp_overhead_bytes`] (real runtimes only).
	pub outcome_report_bytes: u64,
	/// Messages queued whose fate their sender had not reported when the run ended.
	pub pending: u64,
	/// Sends refused at once because the channel was full (back-pressure): never queued.
	pub refused_full: u64,
	/// Sends refused at once because the destination blocks the sender: never queued.
	pub refused_blocked: u64,
	/// Sends refused at once because the channel is closing or closed: never queued.
	pub refused_closing: u64,
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
	/// Candidates the validators found invalid, with the reason: re-executing the block from its
	/// proof of validity failed (runtime model), or its batches failed
	/// [`validate_candidate`](xcmp_verifier::validate_candidate) (protocol model). The relay
	/// never saw them.
	pub candidates_invalid: Vec<(RelayBlockNumber, ParaId, String)>,
	/// Valid candidates whose commitments the relay's inclusion rejected, with the reason.
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
	/// Largest proof of validity of an included block, in bytes: the block and the storage
	/// proof validators re-execute it on (real runtimes only).
	pub pov_bytes_max: u64,
	/// Bytes of every included block's proof of validity (real runtimes only).
	pub pov_bytes_total: u64,
	/// Payload bytes the relay chain carried in an inclusion call or held in its state: measured
	/// by looking for every consumed payload of [`MATCHED_PAYLOAD_MIN`] bytes or more in what the
	/// relay was handed for its candidate (the inclusion call; in the protocol model, the
	/// commitments and the update the relay applies, from which it writes everything it stores)
	/// and, with real runtimes, at the end of the run in every value of the relay's state. Zero
	/// when messages stay off the relay chain.
	pub relay_chain_message_bytes: u64,
	/// What the included blocks' ingress inherents carried for XCMP beyond the payloads of the
	/// messages they delivered, in bytes: framing, entries, entry proofs, the relay-state proof
	/// (real runtimes only); outcome reports are [`Self::outcome_report_bytes`].
	pub xcmp_overhead_bytes: u64,
	/// The part of [`Self::xcmp_overhead_bytes`] that is the batches' entry proofs (real
	/// runtimes only).
	pub xcmp_overhead_entry_proof_bytes: u64,
	/// The part of [`Self::xcmp_overhead_bytes`] that is the batches' entries (real runtimes
	/// only). The rest is the relay-state proof and the framing (each batch's sender and tag,
	/// each message's length, the inherent's lists).
	pub xcmp_overhead_entry_bytes: u64,
	/// What HRMP's parachain inherent would have carried beyond the same payloads in the same
	/// blocks, in bytes: its messages' framing ([`hrmp::inherent_overhead`](super::hrmp::inherent_overhead))
	/// and its relay-state proof of the channels ([`hrmp::relay_proof_bytes`](super::hrmp::relay_proof_bytes)) (real
	/// runtimes only).
	pub hrmp_overhead_bytes: u64,
	/// Messages the included blocks' ingress inherents carried to be delivered (real runtimes
	/// only): what the overheads are divided by.
	pub overhead_messages: u64,
	/// Largest weight one parachain block used, in picoseconds of execution (real runtimes
	/// only).
	pub block_weight_max: u64,
	/// Blocks a collator could not build, with why (real runtimes only).
	pub blocks_not_built: Vec<(RelayBlockNumber, ParaId, String)>,
	/// The seed document's example, as it happened (real runtimes only).
	pub seed_example: Option<String>,
	/// Where a collator did cheat (it had something to cheat with), and how.
	pub tampered: Vec<(RelayBlockNumber, ParaId, Misbehaviour)>,
	/// Invariants the run found broken, each with where (must be empty).
	pub violations: Vec<String>,
	/// What a soak run's faults did, and what its checks saw (`--soak`).
	pub faults: Option<FaultReport>,
}

/// What a soak run's faults did, and what its checks saw; what they found broken is in
/// [`SimReport::violations`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaultReport {
	/// Faults that took effect, by kind.
	pub injected: BTreeMap<Fault, u64>,
	/// Parachain blocks not built because their parachain was silent.
	pub silent_blocks: u64,
	/// Batches receivers consumed by refusal, by reason.
	pub batches_refused: BTreeMap<String, u64>,
	/// Of [`SimReport::rejected`], the messages senders' chains rejected before they committed
	/// (protocol model).
	pub rejected_before_commit: u64,
	/// The farthest any receiver's watermark lagged behind the relay block recording the latest
	/// batches, in relay blocks (protocol model).
	pub watermark_lag_max: u64,
	/// The relay state's peak in the first half of the run, and in the second (protocol
	/// model): alike if it does not grow with time.
	pub relay_state_peak_halves: (u64, u64),
	/// The bound on relay state in the relay block where it peaked, from the channels' limits
	/// and how far each receiver's watermark lagged then (protocol model).
	pub relay_state_bound_at_peak: u64,
	/// The bound on relay state with every receiver's watermark at the longest lag seen
	/// (protocol model).
	pub relay_state_bound: u64,
	/// Relay blocks after which every invariant was checked (protocol model).
	pub blocks_checked: u64,
	/// Of them, those after which the relay's records were also searched for message bodies.
	pub body_checks: u64,
	/// Wall time of the whole run, checks included.
	pub run_time: Duration,
}

impl FaultReport {
	/// The soak's part of [`SimReport::json`].
	fn json(&self, report: &SimReport) -> serde_json::Value {
		let injected: BTreeMap<String, u64> =
			self.injected.iter().map(|(fault, count)| (format!("{fault:?}"), *count)).collect();
		serde_json::json!({
			"injected": injected,
			"silent_blocks": self.silent_blocks,
			"refused_by_reason": report.refused_by_reason(),
			"batches_refused": self.batches_refused,
			"rejected_before_commit": self.rejected_before_commit,
			"watermark_lag_max": self.watermark_lag_max,
			"relay_state_peak_first_half": self.relay_state_peak_halves.0,
			"relay_state_peak_second_half": self.relay_state_peak_halves.1,
			"relay_state_bound_at_peak": self.relay_state_bound_at_peak,
			"relay_state_bound": self.relay_state_bound,
			"blocks_checked": self.blocks_checked,
			"body_checks": self.body_checks,
			"run_time_ms": self.run_time.as_millis() as u64,
		})
	}
}

/// A candidate error's name, with the batch's error for an invalid batch: what the report
/// counts refusals by.
pub fn rejection_reason(error: &CandidateError) -> String {
	match error {
		CandidateError::InvalidBatch { error, .. } => {
			format!("InvalidBatch({})", variant_name(&format!("{error:?}")))
		}
		other => variant_name(&format!("{other:?}")).to_string(),
	}
}

/// A refusal's reason, with the breach for a batch over its channel's limits.
pub fn refusal_reason(reason: &RefusalReason) -> String {
	match reason {
		RefusalReason::SenderBlocked => "SenderBlocked".into(),
		RefusalReason::Expired => "Expired".into(),
		RefusalReason::BreaksLimits(breach) => {
			format!("BreaksLimits({})", variant_name(&format!("{breach:?}")))
		}
	}
}

/// The enum variant's name at the start of a `Debug` rendering.
fn variant_name(debug: &str) -> &str {
	let end = debug.find([' ', '{', '(']).unwrap_or(debug.len());
	debug.get(..end).unwrap_or(debug)
}

impl SimReport {
	/// Every message sent is delivered, reported rejected or still pending: none lost, none
	/// duplicated.
	pub fn all_accounted_for(&self) -> bool {
		self.sent == self.delivered + self.rejected + self.pending && self.order_violations == 0
	}

	/// XCMP's proof-of-validity bytes per message carried beyond its payload
	/// ([`SimReport::xcmp_overhead_bytes`]); `None` where no message was carried or the engine
	/// does not measure it.
	pub fn xcmp_overhead_bytes_per_message(&self) -> Option<f64> {
		(self.overhead_messages > 0)
			.then(|| self.xcmp_overhead_bytes as f64 / self.overhead_messages as f64)
	}

	/// [`Self::xcmp_overhead_bytes_per_message`] in parts: entry proofs, entries, and the rest
	/// (the relay-state proof and the framing).
	pub fn xcmp_overhead_parts_per_message(&self) -> Option<[f64; 3]> {
		let messages = self.overhead_messages as f64;
		let rest = self
			.xcmp_overhead_bytes
			.saturating_sub(self.xcmp_overhead_entry_proof_bytes + self.xcmp_overhead_entry_bytes);
		(self.overhead_messages > 0).then(|| {
			[self.xcmp_overhead_entry_proof_bytes, self.xcmp_overhead_entry_bytes, rest]
				.map(|bytes| bytes as f64 / messages)
		})
	}

	/// HRMP's, for the same messages ([`SimReport::hrmp_overhead_bytes`]).
	pub fn hrmp_overhead_bytes_per_message(&self) -> Option<f64> {
		(self.overhead_messages > 0)
			.then(|| self.hrmp_overhead_bytes as f64 / self.overhead_messages as f64)
	}

	/// Rejected candidates and blocks not built, counted by reason.
	pub fn refused_by_reason(&self) -> BTreeMap<String, u64> {
		let mut reasons = BTreeMap::new();
		for (_, _, error) in &self.candidates_invalid {
			let reason = error.split(':').next().unwrap_or(error);
			*reasons.entry(format!("invalid: {reason}")).or_default() += 1;
		}
		for (_, _, error) in &self.candidates_rejected {
			*reasons.entry(rejection_reason(error)).or_default() += 1;
		}
		for (_, _, error) in &self.blocks_not_built {
			*reasons.entry(format!("not built: {}", variant_name(error))).or_default() += 1;
		}
		reasons
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
		let invalid: Vec<_> = r
			.candidates_invalid
			.iter()
			.map(|(block, para, error)| {
				serde_json::json!({ "relay_block": block, "para": u32::from(*para), "reason": error })
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
			"relay_chain_message_bytes": r.relay_chain_message_bytes,
			"pov_bytes_max": r.pov_bytes_max,
			"pov_bytes_total": r.pov_bytes_total,
			"outcome_report_bytes": r.outcome_report_bytes,
			"messages": {
				"sent": r.sent,
				"delivered": r.delivered,
				"rejected": r.rejected,
				"timed_out": r.timed_out,
				"outcomes_reported": r.outcomes_reported,
				"outcomes_not_executed": r.outcomes_not_executed,
				"pending": r.pending,
				"all_accounted_for": r.all_accounted_for(),
				"order_violations": r.order_violations,
				"refused_full": r.refused_full,
				"refused_blocked": r.refused_blocked,
				"refused_closing": r.refused_closing,
				"refused_other": r.refused_other,
				"message_bytes": r.message_bytes,
			},
			"candidates": {
				"accepted": r.candidates_accepted,
				"invalid": invalid,
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
			"proof_of_validity": {
				"messages_carried": r.overhead_messages,
				"xcmp_overhead_bytes": r.xcmp_overhead_bytes,
				"hrmp_overhead_bytes": r.hrmp_overhead_bytes,
				"xcmp_overhead_bytes_per_message": r.xcmp_overhead_bytes_per_message(),
				"hrmp_overhead_bytes_per_message": r.hrmp_overhead_bytes_per_message(),
				"xcmp_overhead_parts_per_message": r.xcmp_overhead_parts_per_message().map(
					|[entry_proofs, entries, relay_state_proof_and_framing]| serde_json::json!({
						"entry_proofs": entry_proofs,
						"entries": entries,
						"relay_state_proof_and_framing": relay_state_proof_and_framing,
					})
				),
			},
			"relay_state": {
				"xcmp_peak": r.relay_state_peak,
				"xcmp_final": r.relay_state_final,
				"hrmp_peak": r.hrmp_state_peak,
			},
			"faults": r.faults.as_ref().map(|faults| faults.json(r)),
			"violations": r.violations,
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
		row(
			f,
			"rejected, sender told",
			r.rejected,
			"  (refused by the receiver, or not committed)",
		)?;
		row(f, "  of which timed out", r.timed_out, "  (reclaimed by their sender)")?;
		row(
			f,
			"outcomes reported",
			r.outcomes_reported,
			"  (proven to their senders from the receivers' headers)",
		)?;
		row(f, "  of which not executed", r.outcomes_not_executed, "  (failed or parked)")?;
		row(f, "pending at the end", r.pending, "")?;
		let accounted_for =
			if r.all_accounted_for() { "all" } else { "NO: messages lost or duplicated" };
		row(f, "accounted for", accounted_for, "")?;
		row(f, "consumed out of order", r.order_violations, "")?;
		row(f, "sends refused, channel full", r.refused_full, "  (back-pressure, never queued)")?;
		row(f, "sends refused, blocked", r.refused_blocked, "  (never queued)")?;
		if r.refused_closing > 0 {
			row(f, "sends refused, closing", r.refused_closing, "  (never queued)")?;
		}
		if r.refused_other > 0 {
			row(f, "sends refused, other", r.refused_other, "  (never queued)")?;
		}
		writeln!(f)?;
		writeln!(f, "candidates")?;
		if r.tampered.len() <= LINES_LISTED {
			for (block, para, how) in &r.tampered {
				let para = u32::from(*para);
				writeln!(
					f,
					"  {:<29}relay block {block}, para {para}: {how:?}",
					"a collator cheated"
				)?;
			}
		} else {
			row(f, "collators cheated", r.tampered.len(), "  times")?;
		}
		row(f, "included", r.candidates_accepted, "")?;
		row(f, "invalid at validation", r.candidates_invalid.len(), "")?;
		if r.candidates_invalid.len() <= LINES_LISTED {
			for (block, para, error) in &r.candidates_invalid {
				writeln!(f, "    relay block {block}, para {}: {error}", u32::from(*para))?;
			}
		}
		row(f, "rejected at inclusion", r.candidates_rejected.len(), "")?;
		if r.candidates_rejected.len() <= LINES_LISTED {
			for (block, para, error) in &r.candidates_rejected {
				writeln!(f, "    relay block {block}, para {}: {error:?}", u32::from(*para))?;
			}
		}
		row(f, "blocks not built", r.blocks_not_built.len(), "")?;
		if r.blocks_not_built.len() <= LINES_LISTED {
			for (block, para, error) in &r.blocks_not_built {
				writeln!(f, "    relay block {block}, para {}: {error}", u32::from(*para))?;
			}
		}
		if r.candidates_invalid.len() + r.candidates_rejected.len() + r.blocks_not_built.len()
			> LINES_LISTED
		{
			writeln!(f, "  refused, by reason")?;
			for (reason, count) in r.refused_by_reason() {
				writeln!(f, "  {count:>41}  {reason}")?;
			}
		}
		row(f, "batches routed and verified", r.batches, "")?;
		let note = "  payload bytes in relay calls or state";
		row(f, "messages on the relay chain", r.relay_chain_message_bytes, note)?;
		let per_message = r.proof_bytes as f64 / r.delivered.max(1) as f64;
		row(f, "proof bytes", r.proof_bytes, &format!("  ({per_message:.1} per message)"))?;
		row(f, "most in one candidate", r.candidate_proof_bytes_max, "  proof bytes")?;
		match engine {
			Engine::Protocol => {
				let checked = r.candidates_accepted
					+ (r.candidates_invalid.len() + r.candidates_rejected.len()) as u64;
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
				let note = format!("  bytes ({} in all)", r.pov_bytes_total);
				row(f, "largest proof of validity", r.pov_bytes_max, &note)?;
				let ms = format!("{:.3}", r.block_weight_max as f64 / 1e9);
				row(f, "heaviest parachain block", ms, "  ms of the 2000 ms budget")?;
				let per =
					|overhead: Option<f64>| overhead.map_or("-".into(), |o| format!("{o:.1}"));
				let note = "  PoV bytes a message beyond its payload";
				row(f, "XCMP overhead", per(r.xcmp_overhead_bytes_per_message()), note)?;
				if let Some(parts) = r.xcmp_overhead_parts_per_message() {
					let labels =
						["  of which entry proofs", "  entries", "  relay-state proof, framing"];
					for (label, bytes) in labels.into_iter().zip(parts) {
						row(f, label, format!("{bytes:.1}"), "")?;
					}
				}
				let note = "  (its inherent's framing and channel proof)";
				row(
					f,
					"HRMP overhead, same messages",
					per(r.hrmp_overhead_bytes_per_message()),
					note,
				)?;
			}
		}
		writeln!(f)?;
		if let Some(faults) = &r.faults {
			faults.text(f)?;
			writeln!(f)?;
		}
		writeln!(f, "relay chain storage")?;
		row(f, "message bytes sent", r.message_bytes, "")?;
		let note = "  (roots, cursors, digests: no message)";
		row(f, "XCMP, peak", r.relay_state_peak, note)?;
		row(f, "XCMP, at the end", r.relay_state_final, "")?;
		let note = "  (peak: channel records and every pending message body)";
		row(f, "HRMP for the same traffic", r.hrmp_state_peak, note)?;
		if let Some(faults) = r.faults.as_ref().filter(|faults| faults.blocks_checked > 0) {
			let (first, second) = faults.relay_state_peak_halves;
			row(f, "XCMP, peak in the first half", first, "")?;
			row(f, "XCMP, peak in the second", second, "")?;
			let note = "  (channels' limits, watermarks' lag then)";
			row(f, "XCMP, bound at the peak", faults.relay_state_bound_at_peak, note)?;
			let note = "  (every watermark at the longest lag)";
			row(f, "XCMP, bound", faults.relay_state_bound, note)?;
		}
		if r.faults.is_some() || !r.violations.is_empty() {
			writeln!(f)?;
			writeln!(f, "invariants")?;
			let broken = if r.violations.is_empty() { "none" } else { "SOME: listed below" };
			row(f, "broken", broken, "")?;
			for violation in &r.violations {
				writeln!(f, "    {violation}")?;
			}
		}
		Ok(())
	}
}

impl FaultReport {
	/// The soak's part of [`SimReport::text`].
	fn text(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		writeln!(f, "faults (soak)")?;
		for (fault, count) in &self.injected {
			row(f, fault.describe(), count, "")?;
		}
		row(f, "silent parachain blocks", self.silent_blocks, "  (not built)")?;
		if !self.batches_refused.is_empty() {
			writeln!(f, "  batches consumed by refusal")?;
			for (reason, count) in &self.batches_refused {
				writeln!(f, "  {count:>41}  {reason}")?;
			}
		}
		if self.blocks_checked > 0 {
			let note = "  (of the messages rejected)";
			row(f, "rejected before committing", self.rejected_before_commit, note)?;
			row(f, "watermark lag, longest", self.watermark_lag_max, "  relay blocks")?;
			let note = format!("  relay blocks ({} also for message bodies)", self.body_checks);
			row(f, "invariants checked after", self.blocks_checked, &note)?;
		}
		row(f, "run time", format!("{:.1}", self.run_time.as_secs_f64()), "  s")
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

/// Shortest payload [`SimReport::relay_chain_message_bytes`] looks for: a shorter run of bytes
/// could be found in a hash or an encoded number by chance.
pub const MATCHED_PAYLOAD_MIN: usize = 16;

/// The payloads of every message `candidate` consumed, in order.
pub fn consumed_payloads(candidate: &xcmp_verifier::Candidate) -> impl Iterator<Item = &[u8]> {
	candidate.consumed.iter().flat_map(|batch| batch.messages.iter().map(|m| &m.payload[..]))
}

/// Payload bytes of `payloads` (those of [`MATCHED_PAYLOAD_MIN`] bytes or more) found in
/// `haystack`, each distinct payload counted once. One pass over the haystack: payloads are
/// looked up by their first [`MATCHED_PAYLOAD_MIN`] bytes, and compared whole on a hit.
pub fn payload_bytes_in<'a>(haystack: &[u8], payloads: impl IntoIterator<Item = &'a [u8]>) -> u64 {
	use std::collections::{BTreeSet, HashMap};
	let mut by_prefix: HashMap<&[u8], BTreeSet<&[u8]>> = HashMap::new();
	for payload in payloads.into_iter().filter(|p| p.len() >= MATCHED_PAYLOAD_MIN) {
		by_prefix.entry(&payload[..MATCHED_PAYLOAD_MIN]).or_default().insert(payload);
	}
	let mut found: BTreeSet<&[u8]> = BTreeSet::new();
	for (at, window) in haystack.windows(MATCHED_PAYLOAD_MIN).enumerate() {
		let Some(candidates) = by_prefix.get(window) else { continue };
		for payload in candidates {
			if haystack.get(at..at + payload.len()) == Some(*payload) {
				found.insert(payload);
			}
		}
	}
	found.iter().map(|payload| payload.len() as u64).sum()
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::sim::Traffic;
	use xcmp_primitives::ChannelLimits;

	fn config() -> SimConfig {
		SimConfig {
			traffic: Traffic::HotSpot,
			ingress_budget: 4,
			limits: ChannelLimits { max_capacity: 4, max_total_size: 32, max_message_size: 8 },
			seed: 1,
			..SimConfig::fault_free(2, 3, 8)
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

	#[test]
	fn payload_bytes_are_found_when_present_and_only_then() {
		let long = [7u8; MATCHED_PAYLOAD_MIN];
		let short = [9u8; MATCHED_PAYLOAD_MIN - 1];
		let mut haystack = vec![1, 2, 3];
		haystack.extend(long);
		haystack.extend(short);
		// The long payload is found; the short one is not looked for; an absent one is not.
		let absent = [8u8; 40];
		let payloads: [&[u8]; 3] = [&long, &short, &absent];
		assert_eq!(payload_bytes_in(&haystack, payloads), MATCHED_PAYLOAD_MIN as u64);
	}
}
