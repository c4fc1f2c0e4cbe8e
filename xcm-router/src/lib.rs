//! # XCM over XCMP: the sending router
//!
//! A parachain sends XCM through a [`SendXcm`] router: `pallet-xcm`'s `send` and
//! `transfer_assets`, the XCM executor's `InitiateTransfer` and every other XCM sender hand their
//! program to the runtime's `XcmRouter`. [`XcmpRouter`] is that router for sibling parachains
//! over this project's channels, as `cumulus-pallet-xcmp-queue` is over HRMP: it takes a program
//! for `Location { parents: 1, interior: [Parachain(id)] }`, wraps it in the version the
//! destination speaks, and queues the encoded [`VersionedXcm`] as one message on the channel to
//! `id` with [`pallet_xcmp_egress`]. The receiver's ingress pallet hands it, as any message, to
//! its `MessageProcessor`, which for XCM is [`ProcessXcm`]: `xcm_builder::ProcessXcmMessage`'s
//! execution, with a failed program's instruction error kept for the message's outcome, which
//! its sender learns (`docs/PROTOCOL.md`, "XCM over XCMP" and "Message outcomes").
//!
//! ## Validate, then deliver
//!
//! [`SendXcm::validate`] runs every check of the egress pallet's send
//! ([`pallet_xcmp_egress::Pallet::can_send`]) and writes nothing, so a program that cannot go is
//! refused before its sender pays for it; [`SendXcm::deliver`] queues it
//! ([`pallet_xcmp_egress::Pallet::queue`]), checking again, and on failure queues nothing. Each
//! refusal maps to one [`SendError`] ([`send_error`]); the table, the message format and the
//! reasons for both are in `docs/PROTOCOL.md`, "XCM over XCMP".
//!
//! ## Refunds
//!
//! A message the egress pallet rejects (refused, never committed, or timed out and reclaimed)
//! never ran on its destination. [`RefundRejectedTransfers`], installed as the egress pallet's
//! `OnRejected` hook, moves the assets of such a reserve transfer back out of the destination's
//! sovereign account, all or none (`docs/PROTOCOL.md`, "XCM over XCMP").
//!
//! ## Fees, versions and weight
//!
//! The delivery price is the `Price` type's, a [`PriceForMessageDelivery`] keyed by the
//! destination's `ParaId`, as xcmp-queue's `PriceForSiblingDelivery`: `pallet-xcm` and the XCM
//! executor charge it to the program's origin. [`LinearPrice`] is a base fee plus a fee a byte.
//! The version is the `VersionWrapper`'s, in a runtime `pallet-xcm`, which also starts
//! discovering a destination's version when it knows none. Queueing costs the egress pallet's
//! [`pallet_xcmp_egress::Pallet::send_weight`] for the encoded length; the weights of callers
//! that deliver (`pallet-xcm`'s calls, the executor's instructions that send) must include it,
//! as they do when benchmarked with this router in place (the mock parachain runtime uses
//! `pallet-xcm`'s test weights, which do not).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing))]

extern crate alloc;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

mod process;
mod refund;

pub use process::ProcessXcm;
pub use refund::{
	DepositBeneficiary, RefundBeneficiary, RefundRejectedTransfers, MAX_REFUNDED_ASSETS,
};

use codec::Encode;
use core::marker::PhantomData;
use frame_support::traits::Get;
use pallet_xcmp_egress::{Config, Error, Pallet};
use polkadot_runtime_common::xcm_sender::PriceForMessageDelivery;
use xcm::{
	latest::{prelude::*, Location, SendError, SendResult, SendXcm, Xcm, XcmHash},
	VersionedXcm, WrapVersion,
};
use xcmp_primitives::{ParaId, Payload};

/// Routes XCM for sibling parachains over the XCMP channels of the egress pallet of runtime `T`,
/// pricing each delivery with `Price` and wrapping each program with `VersionWrapper`.
///
/// Put it in the runtime's router tuple, before or instead of `cumulus-pallet-xcmp-queue`:
/// `type XcmRouter = (XcmpRouter<Runtime, PriceForSiblingDelivery, PolkadotXcm>, ...)`.
pub struct XcmpRouter<T, Price, VersionWrapper>(PhantomData<(T, Price, VersionWrapper)>);

/// What [`XcmpRouter`] validated: the destination and the encoded program.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct XcmpTicket {
	/// The sibling parachain the program goes to.
	pub destination: ParaId,
	/// The program, as the message's payload: `SCALE(VersionedXcm<()>)`.
	pub payload: Payload,
}

impl<T, Price, VersionWrapper> SendXcm for XcmpRouter<T, Price, VersionWrapper>
where
	T: Config,
	Price: PriceForMessageDelivery<Id = ParaId>,
	VersionWrapper: WrapVersion,
{
	type Ticket = XcmpTicket;

	fn validate(dest: &mut Option<Location>, msg: &mut Option<Xcm<()>>) -> SendResult<XcmpTicket> {
		let location = dest.take().ok_or(SendError::MissingArgument)?;
		let destination = match location.unpack() {
			(1, [Parachain(id)]) => ParaId::from(*id),
			_ => {
				// Not ours: the next router gets the destination and the message as they came.
				*dest = Some(location);
				return Err(SendError::NotApplicable);
			}
		};
		let program = msg.take().ok_or(SendError::MissingArgument)?;
		let price = Price::price_for_delivery(destination, &program);
		let versioned = VersionWrapper::wrap_version(&location, program)
			.map_err(|()| SendError::DestinationUnsupported)?;
		versioned.check_is_decodable().map_err(|()| SendError::ExceedsMaxMessageSize)?;
		let payload =
			Payload::try_from(versioned.encode()).map_err(|_| SendError::ExceedsMaxMessageSize)?;
		Pallet::<T>::can_send(destination, payload.len() as u32).map_err(send_error::<T>)?;
		Ok((XcmpTicket { destination, payload }, price))
	}

	fn deliver(ticket: XcmpTicket) -> Result<XcmHash, SendError> {
		let XcmpTicket { destination, payload } = ticket;
		let hash = sp_io::hashing::blake2_256(&payload);
		Pallet::<T>::queue(destination, payload).map_err(send_error::<T>)?;
		Ok(hash)
	}
}

/// The [`SendError`] for each refusal of the egress pallet (the table in the crate's docs).
pub fn send_error<T: Config>(error: Error<T>) -> SendError {
	match error {
		Error::MessageTooLarge | Error::MessageTooLargeForChannel => {
			SendError::ExceedsMaxMessageSize
		}
		Error::NoChannel
		| Error::ChannelClosing
		| Error::SendToSelf
		| Error::ChannelNoncesExhausted => SendError::Unroutable,
		other => SendError::Transport(other.into()),
	}
}

/// The program a message of this router carries, as its receiver decodes it (the checks of
/// [`VersionedXcm::check_is_decodable`], which [`XcmpRouter`] ran before queueing it): `None` if
/// the payload is not one `VersionedXcm` within XCM's size and depth limits, whole.
pub fn decode_program(payload: &[u8]) -> Option<VersionedXcm<()>> {
	VersionedXcm::<()>::decode_all_with_mem_and_depth_limit(&mut &payload[..]).ok()
}

/// A delivery price of `BaseFee` plus `ByteFee` for each byte of the encoded program, in
/// `FeeAsset`, whatever the destination.
///
/// It is polkadot-runtime-common's `ExponentialPrice` with its congestion factor held at 1:
/// xcmp-queue raises that factor while a channel's pages pile up, because HRMP takes a channel's
/// messages one page a block and xcmp-queue keeps accepting them; an XCMP channel refuses a
/// send past its capacity instead (`Transport("ChannelFull")`), so there is no backlog to price.
pub struct LinearPrice<FeeAsset, BaseFee, ByteFee>(PhantomData<(FeeAsset, BaseFee, ByteFee)>);

impl<FeeAsset: Get<AssetId>, BaseFee: Get<u128>, ByteFee: Get<u128>> PriceForMessageDelivery
	for LinearPrice<FeeAsset, BaseFee, ByteFee>
{
	type Id = ParaId;

	fn price_for_delivery(_: ParaId, program: &Xcm<()>) -> Assets {
		let bytes = program.encoded_size() as u128;
		let amount = BaseFee::get().saturating_add(bytes.saturating_mul(ByteFee::get()));
		// A price of 0 is no asset at all (`Fungibility` refuses an amount of 0).
		if amount == 0 {
			return Assets::new();
		}
		(FeeAsset::get(), amount).into()
	}
}
