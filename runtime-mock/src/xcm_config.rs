//! The mock parachain's XCM configuration: every message between the network's parachains is
//! an XCM program, sent through [`xcmp_xcm_router::XcmpRouter`] and executed on arrival by
//! `xcm-executor` behind [`xcmp_xcm_router::ProcessXcm`] (`xcm_builder::ProcessXcmMessage`'s
//! execution, a failed program's error kept for its outcome), the ingress pallet's message
//! processor. `pallet-xcm` is in the runtime: its `send` and `transfer_assets` go over the same
//! router, it answers version discovery, keeps the assets a failed program leaves (the asset
//! trap) and handles query responses.
//!
//! - **Assets.** The chain's native token (`pallet-balances`) is `Location::here()`. A sibling's
//!   native token, `(1, [Parachain(id)])`, is held here as `pallet-assets` asset `id`, backed by
//!   this chain's sovereign account on the sibling (a reserve transfer: the sibling is the
//!   reserve, [`NativeAsset`]). A sibling's sovereign account ([`sibling_account`]) holds what
//!   that sibling may spend here, and a local account is `AccountIndex64 { network: None, index }`,
//!   as accounts are `u64`s.
//! - **Origins.** A program from a sibling acts as the sibling's sovereign account
//!   (`Transact { origin_kind: SovereignAccount }`); a local signed origin sends as
//!   `AccountIndex64`, root as the chain itself.
//! - **Barrier.** A program pays for its execution (`WithdrawAsset` or `ReserveAssetDeposited`,
//!   then `BuyExecution`) in the native token at [`NativePerSecond`] or in a sibling's token at
//!   the same rate ([`SiblingTokenRate`]), or, from a sibling, asks for unpaid execution
//!   explicitly (`UnpaidExecution`): the network's parachains trust one another, as system
//!   parachains do. Version subscriptions from siblings and responses `pallet-xcm` expects are
//!   free.
//! - **Fees.** Delivery to a sibling costs [`BaseDeliveryFee`] plus [`ByteDeliveryFee`] a byte
//!   ([`xcmp_xcm_router::LinearPrice`]), paid by the sender's origin to
//!   [`DeliveryFeeAccount`]; the chain itself (root) sends free.
//! - **Weight.** A fixed weight per instruction ([`InstructionWeight`]), plus what a `Transact`'s
//!   call declares. The instruction weight is an estimate, not a benchmark of this runtime.

use crate::parachain::{
	AccountId, AllPalletsWithSystem, Assets, Balance, Balances, PausedSenders, PolkadotXcm,
	Runtime, RuntimeCall, RuntimeOrigin, SelfParaId,
};
use alloc::vec::Vec;
use codec::Encode;
use core::marker::PhantomData;
use cumulus_primitives_core::AggregateMessageOrigin;
use frame_support::traits::OriginTrait;
use frame_support::{
	parameter_types,
	traits::{
		ConstU32, Contains, Equals, Everything, Nothing, ProcessMessage, ProcessMessageError,
	},
	weights::{
		constants::{WEIGHT_PROOF_SIZE_PER_MB, WEIGHT_REF_TIME_PER_SECOND},
		RuntimeDbWeight, Weight, WeightMeter,
	},
	PalletId,
};
use pallet_xcmp_ingress::ProcessMessageWithOutcome;
use sp_runtime::traits::{
	AccountIdConversion, Convert, Get, MaybeEquivalence, TryConvert, TryConvertInto,
};
use xcm::latest::prelude::*;
use xcm_builder::{
	AllowExplicitUnpaidExecutionFrom, AllowKnownQueryResponses, AllowSubscriptionsFrom,
	AllowTopLevelPaidExecutionFrom, ConvertedConcreteId, DescribeAllTerminal, DescribeFamily,
	DescribeLocation, FixedRateOfFungible, FixedWeightBounds, FrameTransactionalProcessor,
	FungibleAdapter, FungiblesAdapter, HashedDescription, IsConcrete, NativeAsset, NoChecking,
	SendXcmFeeToAccount, SiblingParachainConvertsVia, SovereignSignedViaLocation, TakeWeightCredit,
	TrailingSetTopicAsId, WithComputedOrigin, XcmFeeManagerFromComponents,
};
use xcm_executor::{
	traits::{ConvertLocation, WeightTrader},
	AssetsInHolding,
};
use xcmp_primitives::{outcome::OutcomeError, ParaId};

parameter_types! {
	/// The chain's native token, as XCM names it here.
	pub NativeLocation: Location = Location::here();
	/// What a program pays for its execution: 10 units a millisecond and 1,000 a megabyte of
	/// proof, in the native token.
	pub NativePerSecond: (AssetId, u128, u128) = (AssetId(Location::here()), 10_000, 1_000);
	/// The weight of one instruction: 25 µs and 2 KiB of proof, an estimate (reading and writing
	/// an account or two), not a benchmark of this runtime.
	pub InstructionWeight: Weight = Weight::from_parts(25_000_000, 2_048);
	/// Most instructions a program may have.
	pub const MaxInstructions: u32 = 100;
	/// Most assets a program holds at once.
	pub const MaxAssetsIntoHolding: u32 = 64;
	/// The relay chain the network's parachains share, as XCM names its consensus.
	pub const RelayNetwork: NetworkId = NetworkId::ByGenesis(*b"xcmp-mock-relay-chain-genesis-00");
	/// The chain itself, whose sends (root's) pay no delivery fee. (`pallet-xcm`'s version
	/// discovery pays none either: it sends without charging.)
	pub RootLocation: Location = Location::here();
	/// The owner, issuer, admin and freezer of every sibling token's asset: an account nobody
	/// holds a key to, so that only the XCM transactor (minting what a reserve transfer brings,
	/// burning what leaves) changes its balances.
	pub SiblingTokenOwner: AccountId = PalletId(*b"sibtoken").into_account_truncating();
	/// The asset delivery prices are paid in: the native token.
	pub NativeAssetId: AssetId = AssetId(Location::here());
	/// What delivering any program to a sibling costs, in the native token.
	pub const BaseDeliveryFee: u128 = 300;
	/// What delivering each byte of a program costs, in the native token.
	pub const ByteDeliveryFee: u128 = 1;
	/// Where the delivery fees senders pay go.
	pub DeliveryFeeAccount: AccountId = PalletId(*b"xcm/fees").into_account_truncating();
	/// [`DeliveryFeeAccount`], as a location.
	pub DeliveryFeeLocation: Location =
		AccountIndex64 { network: None, index: DeliveryFeeAccount::get() }.into();
}

/// A chain in the universe of consensus systems: the relay network, then its para id, `SelfId`.
pub struct UniversalLocationOf<SelfId>(PhantomData<SelfId>);

impl<SelfId: Get<ParaId>> Get<InteriorLocation> for UniversalLocationOf<SelfId> {
	fn get() -> InteriorLocation {
		[GlobalConsensus(RelayNetwork::get()), Parachain(SelfId::get().into())].into()
	}
}

/// This chain in the universe of consensus systems (its para id is kept in its own state).
pub type UniversalLocation = UniversalLocationOf<SelfParaId>;

/// A local account, `AccountIndex64 { network: None, index }`: accounts here are `u64`s, for
/// which xcm-builder has no converter (its are for 32- and 20-byte accounts).
pub struct AccountIndex64Aliases;

impl ConvertLocation<AccountId> for AccountIndex64Aliases {
	fn convert_location(location: &Location) -> Option<AccountId> {
		match location.unpack() {
			(0, [AccountIndex64 { network: None, index }]) => Some(*index),
			_ => None,
		}
	}
}

/// Describes `AccountIndex64` as the last junction of a location, for [`DescribeFamily`]:
/// xcm-builder describes 32- and 20-byte accounts, not 8-byte ones.
pub struct DescribeAccountIndex64Terminal;

impl DescribeLocation for DescribeAccountIndex64Terminal {
	fn describe_location(location: &Location) -> Option<Vec<u8>> {
		match location.unpack() {
			(0, [AccountIndex64 { index, .. }]) => Some((b"AccountIndex64", index).encode()),
			_ => None,
		}
	}
}

/// An account on another chain (`(1, [Parachain(id), AccountIndex64 { .. }])`, which a signed
/// `pallet-xcm` send from that chain becomes by `DescendOrigin`) as an account here:
/// xcm-builder's `HashedDescription` of it, its 32-byte hash truncated to the 8 bytes of this
/// runtime's accounts. It names every location `DescribeFamily` describes (the relay chain's
/// and other chains' accounts, pallets and bodies too), ignoring an account's `network`. Cut to
/// 64 bits, a given account's preimage takes about 2^64 work to find: enough for the mock's
/// `u64` accounts, not for a production runtime, which has 32-byte accounts and uses
/// `HashedDescription` itself.
pub struct HashedDescriptionOf64BitAccounts;

impl ConvertLocation<AccountId> for HashedDescriptionOf64BitAccounts {
	fn convert_location(location: &Location) -> Option<AccountId> {
		let hash = HashedDescription::<
			[u8; 32],
			DescribeFamily<(DescribeAllTerminal, DescribeAccountIndex64Terminal)>,
		>::convert_location(location)?;
		let (head, _) = hash.split_first_chunk::<8>()?;
		Some(AccountId::from_le_bytes(*head))
	}
}

/// Whose account a location is: a sibling's sovereign account, a local account, or an account
/// of another chain ([`HashedDescriptionOf64BitAccounts`]).
pub type LocationToAccountId = (
	SiblingParachainConvertsVia<ParaId, AccountId>,
	AccountIndex64Aliases,
	HashedDescriptionOf64BitAccounts,
);

/// The account here of account `index` of sibling `para`: where a program it sends through
/// `pallet-xcm` withdraws from.
pub fn sibling_user_account(para: ParaId, index: AccountId) -> AccountId {
	let location =
		Location::new(1, [Parachain(para.into()), AccountIndex64 { network: None, index }]);
	HashedDescriptionOf64BitAccounts::convert_location(&location).unwrap_or_default()
}

/// The sovereign account of sibling `para` on every chain of the network.
pub fn sibling_account(para: ParaId) -> AccountId {
	para.into_account_truncating()
}

/// Every sibling parachain.
pub struct SiblingParachains;

impl Contains<Location> for SiblingParachains {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, [Parachain(_)]))
	}
}

/// A local signed origin of runtime origin `Origin` as a location: `AccountIndex64 { network:
/// None, index }`, the inverse of [`AccountIndex64Aliases`] (xcm-builder's `SignedToAccountId32`
/// is for 32-byte accounts).
pub struct SignedToAccountIndex64Of<Origin>(PhantomData<Origin>);

impl<Origin: OriginTrait + Clone> TryConvert<Origin, Location> for SignedToAccountIndex64Of<Origin>
where
	Origin::PalletsOrigin: From<frame_system::RawOrigin<AccountId>>
		+ TryInto<frame_system::RawOrigin<AccountId>, Error = Origin::PalletsOrigin>,
{
	fn try_convert(origin: Origin) -> Result<Location, Origin> {
		origin.try_with_caller(|caller| match caller.try_into() {
			Ok(frame_system::RawOrigin::Signed(index)) => {
				Ok(AccountIndex64 { network: None, index }.into())
			}
			Ok(other) => Err(other.into()),
			Err(other) => Err(other),
		})
	}
}

/// A local signed origin of this runtime as a location ([`SignedToAccountIndex64Of`]).
pub type SignedToAccountIndex64 = SignedToAccountIndex64Of<RuntimeOrigin>;

/// Sibling `id`'s native token, `(1, [Parachain(id)])`, is `pallet-assets` asset `id`.
pub struct SiblingTokenId;

impl MaybeEquivalence<Location, u32> for SiblingTokenId {
	fn convert(location: &Location) -> Option<u32> {
		match location.unpack() {
			(1, [Parachain(id)]) => Some(*id),
			_ => None,
		}
	}

	fn convert_back(id: &u32) -> Option<Location> {
		Some(Location::new(1, [Parachain(*id)]))
	}
}

/// The `pallet-assets` genesis of chain `id` in `network`: each sibling's token, asset id its para
/// id, owned by [`SiblingTokenOwner`], sufficient, of minimum balance 1.
pub fn sibling_token_assets(
	id: ParaId,
	network: &[ParaId],
) -> Vec<(u32, AccountId, bool, Balance)> {
	network
		.iter()
		.filter(|sibling| **sibling != id)
		.map(|sibling| (u32::from(*sibling), SiblingTokenOwner::get(), true, 1))
		.collect()
}

/// The native token, held in `Currency`, in the accounts [`LocationToAccountId`] names.
pub type NativeTransactorOf<Currency> =
	FungibleAdapter<Currency, IsConcrete<NativeLocation>, LocationToAccountId, AccountId, ()>;

/// The siblings' native tokens held here, in `pallet-assets` instance `Assets`: reserve-backed,
/// so not teleported and not checked.
pub type SiblingTokenTransactorOf<Assets> = FungiblesAdapter<
	Assets,
	ConvertedConcreteId<u32, Balance, SiblingTokenId, TryConvertInto>,
	LocationToAccountId,
	AccountId,
	NoChecking,
	(),
>;

/// Every asset a chain holds: its native token, then its siblings'.
pub type AssetTransactorOf<Currency, Assets> =
	(NativeTransactorOf<Currency>, SiblingTokenTransactorOf<Assets>);

/// This chain's native token.
pub type NativeTransactor = NativeTransactorOf<Balances>;

/// Every asset this chain holds ([`AssetTransactorOf`]).
pub type AssetTransactor = AssetTransactorOf<Balances, Assets>;

/// Which programs execute: responses `pallet-xcm` (`Responses`) expects; then, behind the origin
/// a program computes (`DescendOrigin` of a sibling's account), paid ones, unpaid ones a sibling
/// asks for explicitly and siblings' version subscriptions. A trailing `SetTopic` is the
/// message's id. `Universal` is the chain's universal location.
pub type BarrierOf<Responses, Universal> = TrailingSetTopicAsId<(
	TakeWeightCredit,
	AllowKnownQueryResponses<Responses>,
	WithComputedOrigin<
		(
			AllowTopLevelPaidExecutionFrom<Everything>,
			AllowExplicitUnpaidExecutionFrom<SiblingParachains>,
			AllowSubscriptionsFrom<SiblingParachains>,
		),
		Universal,
		ConstU32<8>,
	>,
)>;

/// This chain's barrier ([`BarrierOf`]).
pub type Barrier = BarrierOf<PolkadotXcm, UniversalLocation>;

/// What a weight costs: [`NativePerSecond`]'s rates, in whichever token pays.
fn execution_price(weight: Weight) -> u128 {
	let (_, per_second, per_mb) = NativePerSecond::get();
	per_second.saturating_mul(u128::from(weight.ref_time()))
		/ u128::from(WEIGHT_REF_TIME_PER_SECOND)
		+ per_mb.saturating_mul(u128::from(weight.proof_size()))
			/ u128::from(WEIGHT_PROOF_SIZE_PER_MB)
}

/// Buys execution with a sibling's native token at the native token's rate: a reserve transfer
/// from a sibling pays its fee in the token it carries. xcm-builder's `FixedRateOfFungible` takes
/// one asset id fixed in the runtime; this one takes any sibling's, the first the payment holds.
/// What it is paid is burnt, as `FixedRateOfFungible<_, ()>` burns the native token's.
pub struct SiblingTokenRate {
	bought: Weight,
	paid_in: Option<AssetId>,
	collected: AssetsInHolding,
}

/// Whether `id` is a sibling's native token.
fn is_sibling_token(id: &AssetId) -> bool {
	SiblingTokenId::convert(&id.0).is_some()
}

impl WeightTrader for SiblingTokenRate {
	fn new() -> Self {
		Self { bought: Weight::zero(), paid_in: None, collected: AssetsInHolding::new() }
	}

	fn buy_weight(
		&mut self,
		weight: Weight,
		mut payment: AssetsInHolding,
		_: &XcmContext,
	) -> Result<AssetsInHolding, (AssetsInHolding, XcmError)> {
		let id = match &self.paid_in {
			Some(id) => id.clone(),
			None => match payment.fungible.keys().find(|id| is_sibling_token(id)) {
				Some(id) => id.clone(),
				None => return Err((payment, XcmError::AssetNotFound)),
			},
		};
		let amount = execution_price(weight);
		if amount == 0 {
			return Ok(payment);
		}
		match payment.try_take(Asset::from((id.clone(), amount)).into()) {
			Ok(taken) => {
				self.bought.saturating_accrue(weight);
				self.paid_in = Some(id);
				self.collected.subsume_assets(taken);
				Ok(payment)
			}
			Err(_) => Err((payment, XcmError::TooExpensive)),
		}
	}

	fn refund_weight(&mut self, weight: Weight, _: &XcmContext) -> Option<AssetsInHolding> {
		let id = self.paid_in.clone()?;
		let weight = weight.min(self.bought);
		self.bought.saturating_reduce(weight);
		let amount = execution_price(weight);
		// An asset of amount 0 is not an asset (`Fungibility` refuses it).
		if amount == 0 {
			return None;
		}
		let refunded = self.collected.saturating_take(Asset::from((id, amount)).into());
		(!refunded.is_empty()).then_some(refunded)
	}

	fn quote_weight(
		&mut self,
		weight: Weight,
		given: AssetId,
		_: &XcmContext,
	) -> Result<Asset, XcmError> {
		if !is_sibling_token(&given) {
			return Err(XcmError::NotHoldingFees);
		}
		// Free (a weight too small to cost a unit) is not a quote: no asset has amount 0.
		match execution_price(weight) {
			0 => Err(XcmError::NoDeal),
			amount => Ok((given, amount).into()),
		}
	}
}

/// What delivering a program to a sibling costs ([`BaseDeliveryFee`], [`ByteDeliveryFee`]).
pub type DeliveryPrice =
	xcmp_xcm_router::LinearPrice<NativeAssetId, BaseDeliveryFee, ByteDeliveryFee>;

/// Programs to siblings go over the XCMP channels at [`DeliveryPrice`], in the version
/// `pallet-xcm` knows the destination speaks (or its safe version, while it discovers it).
pub type XcmRouter = xcmp_xcm_router::XcmpRouter<Runtime, DeliveryPrice, PolkadotXcm>;

/// Who may send through `pallet-xcm`, and as what: a signed account, as
/// [`SignedToAccountIndex64`] (`pallet-xcm`'s `execute` is off: `XcmExecuteFilter` is
/// `Nothing`).
pub type LocalOriginToLocation = SignedToAccountIndex64;

/// Delivery fees go to [`DeliveryFeeAccount`], through `Transactor`; the chain's own sends are
/// free.
pub type FeeManagerOf<Transactor> = XcmFeeManagerFromComponents<
	Equals<RootLocation>,
	SendXcmFeeToAccount<Transactor, DeliveryFeeLocation>,
>;

/// This chain's fee manager ([`FeeManagerOf`]).
pub type FeeManager = FeeManagerOf<AssetTransactor>;

/// The weigher of programs calling `Call`: [`InstructionWeight`] per instruction, at most
/// [`MaxInstructions`].
pub type WeigherOf<Call> = FixedWeightBounds<InstructionWeight, Call, MaxInstructions>;

/// This chain's weigher ([`WeigherOf`]).
pub type Weigher = WeigherOf<RuntimeCall>;

/// The traders: the native token at [`NativePerSecond`], a sibling's at the same rate.
pub type Traders = (FixedRateOfFungible<NativePerSecond, ()>, SiblingTokenRate);

/// The executor's configuration.
pub struct XcmConfig;

impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = AssetTransactor;
	type OriginConverter = (
		SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
		pallet_xcm::XcmPassthrough<RuntimeOrigin>,
	);
	type IsReserve = NativeAsset;
	type IsTeleporter = ();
	type Aliasers = Nothing;
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = Weigher;
	type Trader = Traders;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type AssetLocker = ();
	type AssetExchanger = ();
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type FeeManager = FeeManager;
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// Executes received programs.
pub type XcmExecutor = xcm_executor::XcmExecutor<XcmConfig>;

/// The origin of a message from sibling `para`, as the XCM processor takes it.
pub struct SiblingOrigin;

impl Convert<ParaId, AggregateMessageOrigin> for SiblingOrigin {
	fn convert(para: ParaId) -> AggregateMessageOrigin {
		AggregateMessageOrigin::Sibling(para)
	}
}

/// The ingress pallet's message processor: the XCM processor `Inner`, except that a message from a
/// sender governance paused ([`PausedSenders`]) waits, the processor yielding on it, as
/// `pallet-message-queue` leaves a paused queue (and cumulus's XCMP queue a suspended one).
/// Reading the paused senders is charged to the message's meter ([`paused_senders_read`]).
pub struct YieldWhilePaused<Inner>(PhantomData<Inner>);

/// Reading [`PausedSenders`] when it holds `paused`: one read, and the value in the proof of
/// validity with its key.
pub fn paused_senders_read(paused: &[ParaId]) -> Weight {
	let key_and_value = 32 + paused.encoded_size() as u64;
	<<Runtime as frame_system::Config>::DbWeight as Get<RuntimeDbWeight>>::get()
		.reads(1)
		.saturating_add(Weight::from_parts(0, key_and_value))
}

impl<Inner: ProcessMessage<Origin = AggregateMessageOrigin>> ProcessMessage
	for YieldWhilePaused<Inner>
{
	type Origin = AggregateMessageOrigin;

	fn process_message(
		message: &[u8],
		origin: AggregateMessageOrigin,
		meter: &mut WeightMeter,
		id: &mut [u8; 32],
	) -> Result<bool, ProcessMessageError> {
		wait_if_paused(&origin, meter)?;
		Inner::process_message(message, origin, meter, id)
	}
}

impl<Inner: ProcessMessageWithOutcome<Origin = AggregateMessageOrigin>> ProcessMessageWithOutcome
	for YieldWhilePaused<Inner>
{
	fn process_message_with_outcome(
		message: &[u8],
		origin: AggregateMessageOrigin,
		meter: &mut WeightMeter,
		id: &mut [u8; 32],
	) -> Result<Result<(), OutcomeError>, ProcessMessageError> {
		wait_if_paused(&origin, meter)?;
		Inner::process_message_with_outcome(message, origin, meter, id)
	}
}

/// Yields on a message from a sender governance paused, charging the read of
/// [`PausedSenders`] to the message's meter.
fn wait_if_paused(
	origin: &AggregateMessageOrigin,
	meter: &mut WeightMeter,
) -> Result<(), ProcessMessageError> {
	if let AggregateMessageOrigin::Sibling(sender) = origin {
		let paused = PausedSenders::get();
		let read = paused_senders_read(&paused);
		if meter.try_consume(read).is_err() {
			return Err(ProcessMessageError::Overweight(read));
		}
		if paused.contains(sender) {
			return Err(ProcessMessageError::Yield);
		}
	}
	Ok(())
}

/// What processes received messages: XCM, failures reported with their instruction error.
pub type MessageProcessor =
	YieldWhilePaused<xcmp_xcm_router::ProcessXcm<AggregateMessageOrigin, XcmExecutor, RuntimeCall>>;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
	use super::*;
	use xcm_executor::test_helpers::mock_asset_to_holding;

	fn context() -> XcmContext {
		XcmContext { origin: None, message_id: [0; 32], topic: None }
	}

	fn sibling_token(para: u32) -> AssetId {
		AssetId(Location::new(1, [Parachain(para)]))
	}

	fn amount_of(holding: &AssetsInHolding, id: &AssetId) -> u128 {
		holding.fungible_assets_iter().find(|asset| asset.id == *id).map_or(0, |asset| match asset
			.fun
		{
			Fungible(amount) => amount,
			NonFungible(_) => 0,
		})
	}

	#[test]
	fn a_sibling_s_token_buys_execution_at_the_native_rate_and_gets_the_unused_part_back() {
		let weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 100, 64 * 1024);
		let price = execution_price(weight);
		assert!(price > 0);
		let token = sibling_token(2001);
		let mut trader = SiblingTokenRate::new();
		let payment = mock_asset_to_holding((token.clone(), 1_000).into());
		let left = trader.buy_weight(weight, payment, &context()).unwrap();
		assert_eq!(amount_of(&left, &token), 1_000 - price);
		assert_eq!(
			trader.quote_weight(weight, token.clone(), &context()),
			Ok((token.clone(), price).into())
		);
		// Half the weight unused: half its price back, and never more than was bought.
		let refund = trader.refund_weight(weight / 2, &context()).unwrap();
		assert_eq!(amount_of(&refund, &token), execution_price(weight / 2));
		let rest = trader.refund_weight(weight, &context()).map_or(0, |r| amount_of(&r, &token));
		assert_eq!(rest, price - execution_price(weight / 2));
		assert!(trader.refund_weight(weight, &context()).is_none());
		// A weight too small to cost anything is no deal, and buys nothing.
		let tiny = Weight::from_parts(1, 0);
		assert_eq!(trader.quote_weight(tiny, token.clone(), &context()), Err(XcmError::NoDeal));
		let payment = mock_asset_to_holding((token.clone(), 5).into());
		let left = trader.buy_weight(tiny, payment, &context()).unwrap();
		assert_eq!(amount_of(&left, &token), 5);
	}

	#[test]
	fn the_sibling_token_trader_takes_no_other_asset_and_no_less_than_the_price() {
		let weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 100, 0);
		let mut trader = SiblingTokenRate::new();
		// The native token is the other trader's.
		let native = mock_asset_to_holding((Here, 1_000_000).into());
		let (back, error) = trader.buy_weight(weight, native, &context()).unwrap_err();
		assert_eq!(error, XcmError::AssetNotFound);
		assert_eq!(amount_of(&back, &AssetId(Location::here())), 1_000_000);
		assert_eq!(
			trader.quote_weight(weight, AssetId(Location::here()), &context()),
			Err(XcmError::NotHoldingFees)
		);
		// Too little of a sibling's token: all of it back.
		let token = sibling_token(2001);
		let short = mock_asset_to_holding((token.clone(), execution_price(weight) - 1).into());
		let (back, error) = trader.buy_weight(weight, short, &context()).unwrap_err();
		assert_eq!(error, XcmError::TooExpensive);
		assert_eq!(amount_of(&back, &token), execution_price(weight) - 1);
		assert!(trader.refund_weight(weight, &context()).is_none());
	}

	#[test]
	fn the_paused_senders_read_is_charged_to_each_sibling_message() {
		sp_io::TestExternalities::default().execute_with(|| {
			let paused = vec![ParaId::from(2001)];
			PausedSenders::set(&paused);
			let read = paused_senders_read(&paused);
			assert!(read.proof_size() > 32);
			let origin = AggregateMessageOrigin::Sibling(ParaId::from(2001));
			// Not even the read fits: the message waits, nothing is charged.
			let mut meter = WeightMeter::with_limit(read - Weight::from_parts(0, 1));
			assert_eq!(
				MessageProcessor::process_message(&[], origin.clone(), &mut meter, &mut [0; 32]),
				Err(ProcessMessageError::Overweight(read))
			);
			assert_eq!(meter.consumed(), Weight::zero());
			// The read fits: the paused sender's message yields, the read charged.
			let mut meter = WeightMeter::with_limit(read);
			assert_eq!(
				MessageProcessor::process_message(&[], origin, &mut meter, &mut [0; 32]),
				Err(ProcessMessageError::Yield)
			);
			assert_eq!(meter.consumed(), read);
		});
	}

	#[test]
	fn sibling_tokens_are_their_para_ids_as_assets_and_nothing_else_is() {
		assert_eq!(SiblingTokenId::convert(&Location::new(1, [Parachain(2001)])), Some(2001));
		assert_eq!(SiblingTokenId::convert_back(&2001), Some(Location::new(1, [Parachain(2001)])));
		assert_eq!(SiblingTokenId::convert(&Location::here()), None);
		assert_eq!(SiblingTokenId::convert(&Location::parent()), None);
		assert_eq!(
			SiblingTokenId::convert(&Location::new(1, [Parachain(2001), PalletInstance(50)])),
			None
		);
	}

	/// The mock runtime's refund hook ([`xcmp_xcm_router::RefundRejectedTransfers`]) moves a
	/// rejected reserve transfer's assets out of the destination's sovereign account to the
	/// account it deposited into, all or none, and refunds nothing else.
	#[test]
	fn a_rejected_reserve_transfer_is_refunded_all_or_nothing_and_nothing_else_is() {
		use crate::parachain::Balances;
		use codec::Encode;
		use frame_support::traits::fungible::Inspect;
		use pallet_xcmp_egress::{MessageId, OnMessageRejected, RejectionReason::TimedOut};
		type Refund = <crate::parachain::Runtime as pallet_xcmp_egress::Config>::OnRejected;

		let (a, b, c) = (ParaId::from(2000), ParaId::from(2001), ParaId::from(2002));
		let sovereign_of_b = sibling_account(b);
		let mut ext = crate::parachain::genesis(a, &[a, b, c], vec![(sovereign_of_b, 10_000)]);
		ext.execute_with(|| {
			let id = MessageId { destination: b, nonce: 1 };
			// A's token and C's, as B sees them.
			let a_token: Asset = (Location::new(1, [Parachain(2000)]), 1_000).into();
			let c_token: Asset = (Location::new(1, [Parachain(2002)]), 5).into();
			let account = |index| Location::new(0, [AccountIndex64 { network: None, index }]);
			let deposit = |beneficiary| DepositAsset { assets: Wild(AllCounted(2)), beneficiary };
			let encode = |instructions: Vec<Instruction<()>>| {
				xcm::VersionedXcm::from(Xcm(instructions)).encode()
			};
			let transfer = |assets: Vec<Asset>, beneficiary| {
				encode(vec![
					ReserveAssetDeposited(assets.into()),
					ClearOrigin,
					deposit(beneficiary),
				])
			};
			let refused = [
				// Not a reserve transfer of A's: paid from A's sovereign account on B.
				encode(vec![WithdrawAsset(a_token.clone().into()), deposit(account(3))]),
				// Not a program.
				vec![0xff; 8],
				// No single account to refund.
				transfer(vec![a_token.clone()], Location::new(1, [Parachain(2002)])),
				encode(vec![
					ReserveAssetDeposited(a_token.clone().into()),
					deposit(account(3)),
					deposit(account(4)),
				]),
				encode(vec![ReserveAssetDeposited(a_token.clone().into())]),
				// A deposit stated after the first instruction, which a user may append.
				encode(vec![
					DescendOrigin(account(3).interior().clone()),
					ReserveAssetDeposited(a_token.clone().into()),
					deposit(account(3)),
				]),
				encode(vec![
					WithdrawAsset(c_token.clone().into()),
					ClearOrigin,
					ReserveAssetDeposited(a_token.clone().into()),
					deposit(account(3)),
				]),
				// More assets than a refund takes.
				transfer(
					vec![a_token.clone(), c_token.clone(), (Location::here(), 1).into()],
					account(3),
				),
				// C's token, which B's sovereign account does not hold: A's is not moved either.
				transfer(vec![a_token.clone(), c_token], account(3)),
			];
			for payload in refused {
				Refund::on_message_rejected(id, &payload, TimedOut);
				assert_eq!(Balances::balance(&3), 0, "{payload:?}");
				assert_eq!(Balances::balance(&sovereign_of_b), 10_000, "{payload:?}");
			}
			Refund::on_message_rejected(id, &transfer(vec![a_token], account(3)), TimedOut);
			assert_eq!(Balances::balance(&3), 1_000);
			assert_eq!(Balances::balance(&sovereign_of_b), 9_000);
		});
	}

	#[test]
	fn another_chain_s_account_is_an_account_here_distinct_per_chain_and_account() {
		let charlie_on_a = sibling_user_account(ParaId::from(2000), 3);
		assert_ne!(charlie_on_a, sibling_user_account(ParaId::from(2001), 3));
		assert_ne!(charlie_on_a, sibling_user_account(ParaId::from(2000), 4));
		assert_ne!(charlie_on_a, sibling_account(ParaId::from(2000)));
		let location =
			Location::new(1, [Parachain(2000), AccountIndex64 { network: None, index: 3 }]);
		assert_eq!(LocationToAccountId::convert_location(&location), Some(charlie_on_a));
	}
}
