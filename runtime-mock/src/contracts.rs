//! A small contracts pallet for the mock parachains: the seed document's example, where a
//! contract on one parachain sends a message that calls a contract on another, which transfers
//! assets there.
//!
//! Contracts are registered by governance and have two kinds of code:
//!
//! - [`Contract::Forward`] sends its input, as a [`ContractCall`] to a target contract, over XCMP
//!   to a destination parachain (through [`XcmpSender`]);
//! - [`Contract::Pay`] reads `(recipient, amount)` from its input and transfers that amount from
//!   the contract's own account.
//!
//! As the ingress pallet's message processor ([`ProcessMessage`]), it executes each arriving
//! [`ContractCall`] against its target contract. Governance may mark a contract busy
//! ([`Pallet::set_busy`]): a message calling it then waits (the processor yields) until it is
//! freed, as a processor that cannot take a sender's messages for a while.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use codec::{Decode, DecodeAll, DecodeWithMemTracking, Encode, MaxEncodedLen};
	use frame_support::{
		pallet_prelude::*,
		storage::with_storage_layer,
		traits::{
			fungible::{Inspect, Mutate},
			tokens::Preservation,
			ProcessMessage, ProcessMessageError,
		},
		weights::WeightMeter,
	};
	use frame_system::pallet_prelude::*;
	use pallet_xcmp_egress::XcmpSender;
	use scale_info::TypeInfo;
	use sp_runtime::traits::Convert;
	use xcmp_primitives::{ParaId, Payload};

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
		/// Sends its input over XCMP to `destination`, calling contract `target` there.
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

	/// What a [`Contract::Forward`] sends: the payload of its XCMP message.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
	)]
	pub struct ContractCall {
		/// The contract to call on the receiving parachain.
		pub target: ContractId,
		/// Its input.
		pub input: Input,
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The asset contracts transfer.
		type Currency: Mutate<Self::AccountId>;
		/// Sends XCMP messages (the egress pallet).
		type Sender: XcmpSender;
		/// The account of each contract.
		type ContractAccount: Convert<ContractId, Self::AccountId>;
		/// Weight of executing one contract call that arrived as a message.
		#[pallet::constant]
		type MessageWeight: Get<Weight>;
	}

	/// Registered contracts.
	#[pallet::storage]
	pub type Contracts<T: Config> = StorageMap<_, Twox64Concat, ContractId, Contract, OptionQuery>;

	/// Contracts governance marked busy: a message calling one waits, the processor yielding on
	/// it, until governance frees the contract.
	#[pallet::storage]
	pub type Busy<T: Config> = StorageMap<_, Twox64Concat, ContractId, (), OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A contract was registered.
		Registered {
			/// Its id.
			contract: ContractId,
		},
		/// A forwarding contract sent a message.
		MessageSent {
			/// The contract.
			contract: ContractId,
			/// The receiving parachain.
			destination: ParaId,
			/// The message's nonce on the channel.
			nonce: u64,
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
		/// A message from another parachain called a contract.
		CalledByMessage {
			/// The sending parachain.
			origin: ParaId,
			/// The contract called.
			contract: ContractId,
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

		/// Calls contract `id` with `input`. Charged as a forwarding contract, whose send is the
		/// costliest run; refunded the send for any other.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::max_execution_weight())]
		pub fn call(
			origin: OriginFor<T>,
			id: ContractId,
			input: Input,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let weight = Self::execution_weight(Contracts::<T>::get(id).as_ref());
			Self::execute(id, input)?;
			Ok(Some(weight).into())
		}

		/// Marks contract `id` busy, or frees it (governance): while it is busy, a message calling
		/// it waits in the ingress queue.
		#[pallet::call_index(2)]
		#[pallet::weight(T::DbWeight::get().writes(1))]
		pub fn set_busy(origin: OriginFor<T>, id: ContractId, busy: bool) -> DispatchResult {
			ensure_root(origin)?;
			if busy {
				Busy::<T>::insert(id, ());
			} else {
				Busy::<T>::remove(id);
			}
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The weight of running `contract`: [`Config::MessageWeight`], and for a
		/// [`Contract::Forward`] its send as the sender states it ([`XcmpSender::send_weight`]).
		pub fn execution_weight(contract: Option<&Contract>) -> Weight {
			match contract {
				Some(Contract::Forward { .. }) => Self::max_execution_weight(),
				_ => T::MessageWeight::get(),
			}
		}

		/// The weight of the costliest run of a contract: a forward of the largest input.
		pub fn max_execution_weight() -> Weight {
			let payload = ContractCall::max_encoded_len() as u32;
			T::MessageWeight::get().saturating_add(T::Sender::send_weight(payload))
		}

		/// Runs contract `id` on `input`.
		pub fn execute(id: ContractId, input: Input) -> DispatchResult {
			match Contracts::<T>::get(id).ok_or(Error::<T>::UnknownContract)? {
				Contract::Forward { destination, target } => {
					let call = ContractCall { target, input };
					let payload =
						Payload::try_from(call.encode()).map_err(|_| Error::<T>::BadInput)?;
					let sent = T::Sender::send(destination, payload)?;
					Self::deposit_event(Event::MessageSent {
						contract: id,
						destination,
						nonce: sent.nonce,
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
	}

	/// Messages from other parachains are contract calls.
	impl<T: Config> ProcessMessage for Pallet<T> {
		type Origin = ParaId;

		fn process_message(
			message: &[u8],
			origin: ParaId,
			meter: &mut WeightMeter,
			_id: &mut [u8; 32],
		) -> Result<bool, ProcessMessageError> {
			let call = ContractCall::decode_all(&mut &message[..])
				.map_err(|_| ProcessMessageError::Corrupt)?;
			let target = call.target;
			if Busy::<T>::contains_key(target) {
				return Err(ProcessMessageError::Yield);
			}
			let weight = Self::execution_weight(Contracts::<T>::get(target).as_ref());
			if !meter.can_consume(weight) {
				return Err(ProcessMessageError::Overweight(weight));
			}
			meter.consume(weight);
			with_storage_layer(|| Self::execute(target, call.input))
				.map_err(|_| ProcessMessageError::Unsupported)?;
			Self::deposit_event(Event::CalledByMessage { origin, contract: target });
			Ok(true)
		}
	}
}
