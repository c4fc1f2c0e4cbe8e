//! The sending side's refunds: the assets of a reserve transfer whose message never ran on its
//! destination go back.

use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::DispatchError,
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
	weights::Weight,
};
use pallet_xcmp_egress::{MessageId, OnMessageRejected, RejectionReason};
use xcm::latest::prelude::*;
use xcm_executor::traits::TransactAsset;

use crate::decode_program;

/// The most assets [`RefundRejectedTransfers`] gives back for one message: a program whose
/// first `ReserveAssetDeposited` names more is left unrefunded, so that the hook's weight
/// has a bound. pallet-xcm's transfers carry at most two (its `MAX_ASSETS_FOR_TRANSFER`, the fee
/// asset included).
pub const MAX_REFUNDED_ASSETS: u32 = 2;

/// Who gets back, on this chain, the assets of a transfer whose message never ran on its
/// destination.
pub trait RefundBeneficiary {
	/// The location, in this chain's terms, that `program` (as its destination would have read
	/// it) is refunded to; `None` leaves its assets where they are.
	fn refund_beneficiary(program: &Xcm<()>) -> Option<Location>;
}

/// Refunds to the account the program deposits into, taken here: on chains whose accounts are
/// keys (`AccountId32`, `AccountKey20`, `AccountIndex64`), the same key holds both accounts.
///
/// pallet-xcm's `transfer_assets` does not tell the router who sent the transfer: the program
/// clears its origin, and the sending origin reaches only pallet-xcm's `Sent` event. So a
/// transfer that times out completes on this chain rather than on its destination: its
/// beneficiary's account here is credited. A program with no deposit, deposits to more than one
/// location, or to anything but one bare account junction is not refunded.
pub struct DepositBeneficiary;

impl RefundBeneficiary for DepositBeneficiary {
	fn refund_beneficiary(program: &Xcm<()>) -> Option<Location> {
		let mut beneficiaries = program.0.iter().filter_map(|instruction| match instruction {
			DepositAsset { beneficiary, .. } => Some(beneficiary),
			_ => None,
		});
		let beneficiary = beneficiaries.next()?;
		if beneficiaries.any(|other| other != beneficiary) {
			return None;
		}
		match beneficiary.unpack() {
			(0, [AccountId32 { .. } | AccountKey20 { .. } | AccountIndex64 { .. }]) => {
				Some(beneficiary.clone())
			}
			_ => None,
		}
	}
}

/// The egress pallet's [`OnMessageRejected`] hook that refunds reserve transfers: a rejected
/// message never ran on its destination (it was refused there, never committed, or timed out
/// and was reclaimed: `docs/PROTOCOL.md`, "Deadlines and timeouts"), so the assets its program
/// says, in its first instruction, this chain deposited in the destination's sovereign account
/// (`ReserveAssetDeposited`, as pallet-xcm's transfers and the XCM executor's reserve transfers
/// start the programs they send for the assets this chain is the reserve of) are still there,
/// and nothing was minted for them on the destination. They are moved back to `Beneficiary`'s
/// location with `Transactor`, all or none.
///
/// Only the first instruction counts: it is the one the sending chain writes for the deposit it
/// made, where a user may append to a transfer's program (pallet-xcm's custom remote XCM, the
/// executor's `xcm` of `TransferReserveAsset`) a `ReserveAssetDeposited` that no deposit backs.
/// Nothing else is refunded: a program that starts with `WithdrawAsset` (the destination is the
/// reserve) may be paid from this chain's sovereign account there rather than from burnt
/// derivatives here, which the program does not tell apart, and the delivery fee bought the
/// channel's service, which was given. A program that cannot be decoded, names more than
/// [`MAX_REFUNDED_ASSETS`], has no beneficiary, or whose assets the sovereign account no longer
/// holds is left as it is, logged.
///
/// `TransferWeight` is the most weight one asset transfer of `Transactor` takes.
///
/// Trust: a program of this chain's that starts with `ReserveAssetDeposited` without the
/// deposit would draw on the destination's sovereign account. pallet-xcm's `send` starts every
/// program of a signed origin with `DescendOrigin`, so only Root can send one.
pub struct RefundRejectedTransfers<Transactor, UniversalLocation, Beneficiary, TransferWeight>(
	PhantomData<(Transactor, UniversalLocation, Beneficiary, TransferWeight)>,
);

const LOG_TARGET: &str = "xcmp::refund";

impl<Transactor, UniversalLocation, Beneficiary, TransferWeight>
	RefundRejectedTransfers<Transactor, UniversalLocation, Beneficiary, TransferWeight>
where
	Transactor: TransactAsset,
	UniversalLocation: Get<InteriorLocation>,
	Beneficiary: RefundBeneficiary,
{
	/// The refund of `payload`, sent to `destination`: the assets, in this chain's terms, and
	/// who gets them.
	pub fn refund_of(destination: &Location, payload: &[u8]) -> Option<(Vec<Asset>, Location)> {
		let program = Xcm::<()>::try_from(decode_program(payload)?).ok()?;
		let Some(ReserveAssetDeposited(deposited)) = program.0.first() else { return None };
		let assets = deposited.inner();
		if assets.is_empty() || assets.len() > MAX_REFUNDED_ASSETS as usize {
			return None;
		}
		// The program names the assets as its destination sees them: seen from here instead.
		let here = UniversalLocation::get();
		let destination_context =
			Location::from(here.clone()).appended_with(destination.clone()).ok()?;
		if destination_context.parent_count() != 0 {
			return None;
		}
		let here_from_destination = here.invert_target(destination).ok()?;
		let mut ours = Vec::with_capacity(assets.len());
		for asset in assets.iter().cloned() {
			ours.push(
				asset.reanchored(&here_from_destination, destination_context.interior()).ok()?,
			);
		}
		Some((ours, Beneficiary::refund_beneficiary(&program)?))
	}
}

impl<Transactor, UniversalLocation, Beneficiary, TransferWeight> OnMessageRejected
	for RefundRejectedTransfers<Transactor, UniversalLocation, Beneficiary, TransferWeight>
where
	Transactor: TransactAsset,
	UniversalLocation: Get<InteriorLocation>,
	Beneficiary: RefundBeneficiary,
	TransferWeight: Get<Weight>,
{
	fn on_message_rejected(id: MessageId, payload: &[u8], reason: RejectionReason) {
		let destination = Location::new(1, [Parachain(id.destination.into())]);
		let Some((assets, beneficiary)) = Self::refund_of(&destination, payload) else {
			log::debug!(target: LOG_TARGET, "{id:?} ({reason:?}): no reserve transfer to refund");
			return;
		};
		let context = XcmContext::with_message_id(sp_io::hashing::blake2_256(payload));
		let refunded = with_transaction(|| {
			for asset in &assets {
				if let Err(error) =
					Transactor::transfer_asset(asset, &destination, &beneficiary, &context)
				{
					log::warn!(
						target: LOG_TARGET,
						"{id:?} ({reason:?}): refund of {asset:?} to {beneficiary:?} failed: \
						 {error:?}; nothing refunded"
					);
					return TransactionOutcome::Rollback(Err(DispatchError::Other(
						"refund transfer failed",
					)));
				}
			}
			TransactionOutcome::Commit(Ok(()))
		});
		if refunded.is_ok() {
			log::debug!(
				target: LOG_TARGET,
				"{id:?} ({reason:?}): refunded {assets:?} to {beneficiary:?}"
			);
		}
	}

	/// Each of [`MAX_REFUNDED_ASSETS`] transfers, and one more transfer's computation (none of
	/// its storage) for decoding the program: a payload is at most the channel's
	/// `max_message_size`, which decodes in less time than one transfer's storage accesses take.
	fn on_message_rejected_weight(_payload_len: u32) -> Weight {
		let transfer = TransferWeight::get();
		transfer
			.saturating_mul(u64::from(MAX_REFUNDED_ASSETS))
			.saturating_add(Weight::from_parts(transfer.ref_time(), 0))
	}
}
