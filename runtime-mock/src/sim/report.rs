//! What a run reports, the same for both engines (a few fields are one engine's only).

use std::time::Duration;

use xcmp_primitives::{ParaId, RelayBlockNumber};
use xcmp_verifier::CandidateError;

use super::Misbehaviour;

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
}
