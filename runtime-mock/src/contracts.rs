//! A small contracts pallet for the mock parachains: the seed document's example, where a
//! contract on one parachain sends a message that calls a contract on another, which transfers
//! assets there. The message is an XCM program.
//!
//! Contracts are registered by governance and have three kinds of code:
//!
//! - [`Contract::Forward`] calls a target contract on a destination parachain with its input,
//!   through an XCM program ([`forward_program`]) sent with [`Config::XcmSender`]: the program
//!   withdraws [`Config::ExecutionFee`] of the destination's native token from this chain's
//!   sovereign account there, buys execution with it, `Transact`s the call as that account, and
//!   deposits what is left back into it, whether the call succeeded or not. The delivery price
//!   the router asks is paid in this chain's native token from the contract's account to
//!   [`Config::DeliveryFeeAccount`].
//! - [`Contract::Pay`] reads `(recipient, amount)` from its input and transfers that amount from
//!   the contract's own account.
//! - [`Contract::Sink`] accepts any input and does nothing: the destination of simulated traffic,
//!   which calls it with unpaid programs ([`unpaid_call_program`]).
//!
//! Any signed origin calls a contract: a user, or a sibling's sovereign account through a
//! program's `Transact`.

pub use pallet::*;

use alloc::vec;
use codec::Encode;
use xcm::latest::{prelude::*, Xcm};
use xcmp_primitives::ParaId;

/// The longest program a forwarding contract sends: its call, with an input of
/// [`MaxInputLen`], and the instructions around it, with room to spare.
pub const MAX_PROGRAM_LEN: u32 = 16 * 1024 + 256;

/// The program a [`Contract::Forward`] on parachain `from` sends to make `call` (a contract call)
/// on its destination, paying `fee` of the destination's native token for execution:
/// `WithdrawAsset` from `from`'s sovereign account there, `BuyExecution`, then, as an appendix
/// that runs whether the call succeeds or fails, `RefundSurplus` and `DepositAsset` of what is
/// left back to that account; last, `Transact` of the call as that account and
/// `ExpectTransactStatus(Success)`, so that a call that fails fails the program (a failed
/// `Transact` alone leaves the program complete, its status set).
pub fn forward_program<Call: Encode>(from: ParaId, call: &Call, fee: u128) -> Xcm<()> {
	let fee: Asset = (Here, fee).into();
	let refund = Xcm(vec![
		RefundSurplus,
		DepositAsset {
			assets: Wild(AllCounted(1)),
			beneficiary: Location::new(1, [Parachain(from.into())]),
		},
	]);
	Xcm(vec![
		WithdrawAsset(fee.clone().into()),
		BuyExecution { fees: fee, weight_limit: Unlimited },
		SetAppendix(refund),
		Transact {
			origin_kind: OriginKind::SovereignAccount,
			fallback_max_weight: None,
			call: call.encode().into(),
		},
		ExpectTransactStatus(MaybeErrorCode::Success),
	])
}

/// A program that makes `call` on the destination as the sender's sovereign account, without
/// paying for its execution (`UnpaidExecution`, which the mock parachains allow from siblings).
pub fn unpaid_call_program<Call: Encode>(call: &Call) -> Xcm<()> {
	Xcm(vec![
		UnpaidExecution { weight_limit: Unlimited, check_origin: None },
		Transact {
			origin_kind: OriginKind::SovereignAccount,
			fallback_max_weight: None,
			call: call.encode().into(),
		},
	])
}

#[frame_support::pallet]
pub mod pallet {
	use super::forward_program;
	use codec::{Decode, DecodeAll, DecodeWithMemTracking, Encode, MaxEncodedLen};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate},
			tokens::Preservation,
		},
	};
	use frame_system::pallet_prelude::*;
	use scale_info::TypeInfo;
	use sp_runtime::traits::Convert;
	use xcm::latest::{prelude::*, validate_send};
	use xcmp_primitives::ParaId;

	/// A contract's identifier on its parachain.
	pub type ContractId = u32;
	/// Largest input of a contract call.
	pub type MaxInputLen = ConstU32<{ 16 * 1024 }>;
	/// A contract call's input.
	pub type Input = BoundedVec<u8, MaxInputLen>;
	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A contract's code.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
	)]
	pub enum Contract {
		/// Calls contract `target` on `destination` with its input, through an XCM program.
		Forward {
			/// The parachain to send to.
			destination: ParaId,
			/// The contract to call there.
			target: ContractId,
		},
		/// Transfers `amount` to `recipient` from the contract's account; the input is
		/// `SCALE((recipient, amount))`.
		Pay,
		/// Accepts any input and does nothing: the destination of simulated traffic.
		Sink,
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The runtime's call, which a forwarding contract's program makes on its destination
		/// (every chain of the mock network runs this runtime).
		type RuntimeCall: From<Call<Self>> + Encode;
		/// The asset contracts transfer, and pay delivery prices in.
		type Currency: Mutate<Self::AccountId>;
		/// This parachain.
		type SelfParaId: Get<ParaId>;
		/// Sends XCM programs to sibling parachains (`xcmp_xcm_router::XcmpRouter`).
		type XcmSender: SendXcm;
		/// What a forwarding contract's program pays for its execution on the destination, in
		/// the destination's native token.
		#[pallet::constant]
		type ExecutionFee: Get<u128>;
		/// The most a delivery of a forwarding contract's program costs this block.
		#[pallet::constant]
		type MaxDeliveryWeight: Get<Weight>;
		/// The account of each contract.
		type ContractAccount: Convert<ContractId, Self::AccountId>;
		/// Weight of running one contract, besides a forward's delivery.
		#[pallet::constant]
		type CallWeight: Get<Weight>;
		/// Where the delivery prices contracts pay go.
		type DeliveryFeeAccount: Get<Self::AccountId>;
	}

	/// Registered contracts.
	#[pallet::storage]
	pub type Contracts<T: Config> = StorageMap<_, Twox64Concat, ContractId, Contract, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A contract was registered.
		Registered {
			/// Its id.
			contract: ContractId,
		},
		/// A contract was called.
		Called {
			/// Who called it: a user, or a sibling's sovereign account.
			caller: T::AccountId,
			/// The contract.
			contract: ContractId,
		},
		/// A forwarding contract sent its program.
		MessageSent {
			/// The contract.
			contract: ContractId,
			/// The receiving parachain.
			destination: ParaId,
			/// The program's hash, as the router returned it.
			message_hash: [u8; 32],
		},
		/// A paying contract transferred assets.
		Paid {
			/// The contract.
			contract: ContractId,
			/// Who received them.
			recipient: T::AccountId,
			/// How much.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No contract with this id.
		UnknownContract,
		/// A contract with this id exists already.
		AlreadyRegistered,
		/// The input does not decode as the contract expects.
		BadInput,
		/// The router refused the forwarding contract's program (no channel, full, blocked,
		/// too large).
		SendFailed,
		/// The router asked a delivery price in an asset other than this chain's native token,
		/// or more than the contract's account holds.
		DeliveryPriceUnpaid,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers `contract` under `id` (governance).
		#[pallet::call_index(0)]
		#[pallet::weight(T::DbWeight::get().reads_writes(1, 1))]
		pub fn register(
			origin: OriginFor<T>,
			id: ContractId,
			contract: Contract,
		) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(!Contracts::<T>::contains_key(id), Error::<T>::AlreadyRegistered);
			Contracts::<T>::insert(id, contract);
			Self::deposit_event(Event::Registered { contract: id });
			Ok(())
		}

		/// Calls contract `id` with `input`. Charged as a forwarding contract, whose delivery is
		/// the costliest run; refunded the delivery for any other.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::max_execution_weight())]
		pub fn call(
			origin: OriginFor<T>,
			id: ContractId,
			input: Input,
		) -> DispatchResultWithPostInfo {
			let caller = ensure_signed(origin)?;
			let weight = Self::execution_weight(Contracts::<T>::get(id).as_ref());
			Self::execute(id, input)?;
			Self::deposit_event(Event::Called { caller, contract: id });
			Ok(Some(weight).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The weight of running `contract`: [`Config::CallWeight`], and for a
		/// [`Contract::Forward`] its delivery ([`Config::MaxDeliveryWeight`]).
		pub fn execution_weight(contract: Option<&Contract>) -> Weight {
			match contract {
				Some(Contract::Forward { .. }) => Self::max_execution_weight(),
				_ => T::CallWeight::get(),
			}
		}

		/// The weight of the costliest run of a contract: a forward of the largest input.
		pub fn max_execution_weight() -> Weight {
			T::CallWeight::get().saturating_add(T::MaxDeliveryWeight::get())
		}

		/// Runs contract `id` on `input`.
		pub fn execute(id: ContractId, input: Input) -> DispatchResult {
			match Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)? {
				Contract::Forward { destination, target } => {
					let call: <T as Config>::RuntimeCall =
						Call::<T>::call { id: target, input }.into();
					let program =
						forward_program(T::SelfParaId::get(), &call, T::ExecutionFee::get());
					let to = Location::new(1, [Parachain(destination.into())]);
					let (ticket, price) =
						validate_send::<T::XcmSender>(to, program).map_err(|error| {
							log::debug!(target: "contracts", "program refused: {error:?}");
							Error::<T>::SendFailed
						})?;
					Self::pay_delivery(id, price)?;
					let message_hash = T::XcmSender::deliver(ticket).map_err(|error| {
						log::debug!(target: "contracts", "delivery failed: {error:?}");
						Error::<T>::SendFailed
					})?;
					Self::deposit_event(Event::MessageSent {
						contract: id,
						destination,
						message_hash,
					});
				}
				Contract::Pay => {
					let (recipient, amount) =
						<(T::AccountId, BalanceOf<T>)>::decode_all(&mut &input[..])
							.map_err(|_| Error::<T>::BadInput)?;
					let account = T::ContractAccount::convert(id);
					T::Currency::transfer(&account, &recipient, amount, Preservation::Expendable)?;
					Self::deposit_event(Event::Paid { contract: id, recipient, amount });
				}
				Contract::Sink => {}
			}
			Ok(())
		}

		/// Pays the delivery `price` from contract `id`'s account to [`Config::DeliveryFeeAccount`]:
		/// the native token only.
		fn pay_delivery(id: ContractId, price: Assets) -> DispatchResult {
			let account = T::ContractAccount::convert(id);
			for asset in price.into_inner() {
				let amount = match (asset.id, asset.fun) {
					(AssetId(location), Fungible(amount)) if location == Location::here() => amount,
					_ => return Err(Error::<T>::DeliveryPriceUnpaid.into()),
				};
				let amount: BalanceOf<T> =
					amount.try_into().map_err(|_| Error::<T>::DeliveryPriceUnpaid)?;
				T::Currency::transfer(
					&account,
					&T::DeliveryFeeAccount::get(),
					amount,
					Preservation::Expendable,
				)
				.map_err(|_| Error::<T>::DeliveryPriceUnpaid)?;
			}
			Ok(())
		}
	}
}
