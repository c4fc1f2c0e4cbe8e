//! Minimal runtimes for the pallet benches, ours and the peer's, and what they share: a no-op
//! message processor and state snapshots that each iteration starts from.

pub mod egress;
pub mod ingress;
pub mod peer;

use frame_support::{
	traits::{ProcessMessage, ProcessMessageError},
	weights::WeightMeter,
};
use std::cell::Cell;
use xcmp::primitives::ParaId;

/// The block number every benched block has (events are not recorded at genesis).
pub const BLOCK: u64 = 1;

thread_local! {
	static PROCESSED: Cell<u64> = const { Cell::new(0) };
}

/// Accepts every message and only counts it: servicing a queue costs what the queue does, not
/// what executing its messages would.
pub struct NoopProcessor;

impl ProcessMessage for NoopProcessor {
	type Origin = ParaId;

	fn process_message(
		_message: &[u8],
		_origin: ParaId,
		_meter: &mut WeightMeter,
		_id: &mut [u8; 32],
	) -> Result<bool, ProcessMessageError> {
		PROCESSED.with(|processed| processed.set(processed.get() + 1));
		Ok(true)
	}
}

/// The number of messages [`NoopProcessor`] processed since the last call.
pub fn take_processed() -> u64 {
	PROCESSED.with(|processed| processed.replace(0))
}

pub use xcmp_test_support::{state_root, Snapshot};
