//! The receiving side: XCM programs from siblings executed with their failures reported.

use codec::{Decode, FullCodec, MaxEncodedLen};
use core::{fmt::Debug, marker::PhantomData};
use frame_support::{
	dispatch::GetDispatchInfo,
	traits::{ProcessMessage, ProcessMessageError},
	weights::WeightMeter,
};
use pallet_xcmp_ingress::ProcessMessageWithOutcome;
use scale_info::TypeInfo;
use xcm::prelude::*;
use xcmp_primitives::outcome::{MessageOutcome, OutcomeError};

/// Executes a received message as a versioned XCM program with `XcmExecutor`, as
/// `xcm_builder::ProcessXcmMessage` does, step for step (decoding, conversion, weighing,
/// execution and the errors each maps to), and reports why a program failed: the
/// [`InstructionError`] (index and XCM error) of an incomplete execution becomes the message's
/// outcome, `MessageOutcome::Failed`, which its sender learns. `ProcessXcmMessage` drops that
/// error after logging it, and `ProcessMessage` has no way to return it, hence this processor.
pub struct ProcessXcm<MessageOrigin, XcmExecutor, Call>(
	PhantomData<(MessageOrigin, XcmExecutor, Call)>,
);

impl<MessageOrigin, XcmExecutor, Call> ProcessXcm<MessageOrigin, XcmExecutor, Call>
where
	MessageOrigin: Into<Location> + FullCodec + MaxEncodedLen + Clone + Eq + TypeInfo + Debug,
	XcmExecutor: ExecuteXcm<Call>,
	Call: Decode + GetDispatchInfo,
{
	/// Executes `message`: `Ok(Ok(()))` when it completed, `Ok(Err(error))` with the SCALE
	/// encoding of its `InstructionError` when it failed part way.
	fn execute(
		message: &[u8],
		origin: MessageOrigin,
		meter: &mut WeightMeter,
		id: &mut XcmHash,
	) -> Result<Result<(), OutcomeError>, ProcessMessageError> {
		let versioned =
			VersionedXcm::<Call>::decode_all_with_mem_and_depth_limit(&mut &message[..])
				.map_err(|_| ProcessMessageError::Corrupt)?;
		let program =
			Xcm::<Call>::try_from(versioned).map_err(|_| ProcessMessageError::Unsupported)?;
		let prepared = XcmExecutor::prepare(program, Weight::MAX)
			.map_err(|_| ProcessMessageError::Unsupported)?;
		let required = prepared.weight_of();
		if !meter.can_consume(required) {
			return Err(ProcessMessageError::Overweight(required));
		}
		let (consumed, result) = match XcmExecutor::execute(origin, prepared, id, Weight::zero()) {
			Outcome::Complete { used } => (used, Ok(Ok(()))),
			Outcome::Incomplete { used, error } => {
				let MessageOutcome::Failed(error) = MessageOutcome::failed(&error) else {
					return Err(ProcessMessageError::Unsupported);
				};
				(used, Ok(Err(error)))
			}
			Outcome::Error(InstructionError { error, .. }) => {
				let error = match error {
					XcmError::ExceedsStackLimit => ProcessMessageError::StackLimitReached,
					_ => ProcessMessageError::Unsupported,
				};
				(required, Err(error))
			}
		};
		meter.consume(consumed);
		result
	}
}

impl<MessageOrigin, XcmExecutor, Call> ProcessMessage
	for ProcessXcm<MessageOrigin, XcmExecutor, Call>
where
	MessageOrigin: Into<Location> + FullCodec + MaxEncodedLen + Clone + Eq + TypeInfo + Debug,
	XcmExecutor: ExecuteXcm<Call>,
	Call: Decode + GetDispatchInfo,
{
	type Origin = MessageOrigin;

	fn process_message(
		message: &[u8],
		origin: Self::Origin,
		meter: &mut WeightMeter,
		id: &mut XcmHash,
	) -> Result<bool, ProcessMessageError> {
		Self::execute(message, origin, meter, id).map(|result| result.is_ok())
	}
}

impl<MessageOrigin, XcmExecutor, Call> ProcessMessageWithOutcome
	for ProcessXcm<MessageOrigin, XcmExecutor, Call>
where
	MessageOrigin: Into<Location> + FullCodec + MaxEncodedLen + Clone + Eq + TypeInfo + Debug,
	XcmExecutor: ExecuteXcm<Call>,
	Call: Decode + GetDispatchInfo,
{
	fn process_message_with_outcome(
		message: &[u8],
		origin: Self::Origin,
		meter: &mut WeightMeter,
		id: &mut XcmHash,
	) -> Result<Result<(), OutcomeError>, ProcessMessageError> {
		Self::execute(message, origin, meter, id)
	}
}
