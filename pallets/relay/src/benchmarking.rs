//! FRAME benchmarks of the relay pallet: the channel calls (each holding or releasing a
//! request's deposit where it may), and including the commitments of a candidate that
//! consumes `b` batches and sends to `d` destinations, or that sees refusals on `r` channels,
//! or makes `c` block-list changes. Each candidate is validated at protocol
//! level ([`xcmp_verifier::validate_candidate`]) in the set-up, as validators do before
//! inclusion: only inclusion is measured.

use super::*;
use alloc::{collections::BTreeMap, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, InspectHold, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use polkadot_parachain_primitives::primitives::HrmpChannelId;
use sp_runtime::Saturating;
use xcmp_primitives::{
	limits::{
		MAX_BLOCK_LIST_CHANGES, MAX_DESTINATIONS_PER_BLOCK, MAX_MESSAGE_SIZE, MAX_RELAY_PARENT_AGE,
	},
	relay_state::{PendingExpiry, RefusedRange},
	BlockListChange, BlockListChanges, EgressCommitment, IngressCommitment, IngressCursor, Outbox,
	Payload, RelayBlockNumber,
};
use xcmp_verifier::{Candidate, CandidateCommitments, RelayRecords};

/// Generous limits: the benchmarks reach the pallet's own bounds, not the channel's.
const LIMITS: ChannelLimits = ChannelLimits {
	max_capacity: 1_024,
	max_total_size: 1 << 20,
	max_message_size: MAX_MESSAGE_SIZE,
};
/// Payload size of the benchmarked messages.
const PAYLOAD: usize = 128;
/// Most destinations benchmarked.
const MAX_DESTINATIONS: u32 = 64;

fn para(id: u32) -> ParaId {
	ParaId::from(id)
}

fn manager<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ChannelManager::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn para_origin<T: Config>() -> Result<(T::RuntimeOrigin, ParaId), BenchmarkError> {
	let origin = T::ParaOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	let id = T::ParaOrigin::try_origin(origin.clone()).map_err(|_| BenchmarkError::Weightless)?;
	Ok((origin, id))
}

/// Gives `para`'s sovereign account enough for two requests' deposits.
fn fund<T: Config>(para: ParaId) {
	let deposit = T::ChannelRequestDeposit::get();
	let funds = T::Currency::minimum_balance().saturating_add(deposit.saturating_mul(2u32.into()));
	T::Currency::set_balance(&Pallet::<T>::para_account(para), funds);
}

/// What `para`'s sovereign account holds for channel requests.
fn held<T: Config>(para: ParaId) -> BalanceOf<T> {
	T::Currency::balance_on_hold(
		&HoldReason::ChannelRequest.into(),
		&Pallet::<T>::para_account(para),
	)
}

/// A pending request for `sender -> receiver`, its deposit held.
fn request<T: Config>(sender: ParaId, receiver: ParaId) -> Result<(), BenchmarkError> {
	fund::<T>(sender);
	Pallet::<T>::do_request_channel(sender, receiver, LIMITS)
		.map_err(|_| BenchmarkError::Stop("request refused"))
}

fn open<T: Config>(sender: ParaId, receiver: ParaId) -> Result<(), BenchmarkError> {
	let channel = HrmpChannelId { sender, recipient: receiver };
	Pallet::<T>::force_open_channel(manager::<T>()?, channel, LIMITS)
		.map_err(|_| BenchmarkError::Stop("channel did not open"))
}

/// Limits other than [`LIMITS`]: twice the capacity.
fn wider_limits() -> ChannelLimits {
	ChannelLimits { max_capacity: LIMITS.max_capacity * 2, ..LIMITS }
}

fn payloads(count: u32, size: usize) -> Vec<Payload> {
	(0..count).map(|n| Payload::truncate_from(vec![n as u8; size])).collect()
}

/// `candidate` validated against the pallet's records, as validators do before inclusion.
fn validated<T: Config>(candidate: &Candidate) -> Result<CandidateCommitments, BenchmarkError> {
	xcmp_verifier::validate_candidate(&StorageRecords::<T>::default(), candidate)
		.map_err(|_| BenchmarkError::Stop("candidate invalid"))
}

/// The relay parent of [`worst_candidate`] with `b` batches.
fn worst_relay_parent(b: u32) -> RelayBlockNumber {
	2 + 2 * b
}

/// The commitments of `receiver`'s candidate that consumes one batch of one message from each
/// of `b` senders and sends one message to each of `d` destinations, with the relay at its relay
/// parent ([`worst_relay_parent`]). Each sender's batch is recorded in a relay block of its own,
/// between two digests of another sender the candidate does not consume: each consumed batch
/// empties a digest in the middle of the receiver's list, the most dropping one costs.
fn worst_candidate<T: Config>(
	receiver: ParaId,
	b: u32,
	d: u32,
) -> Result<CandidateCommitments, BenchmarkError> {
	let filler = para(9_999);
	let _ = open::<T>(filler, receiver);
	let mut filler_outbox = Outbox::new(filler);
	let send = |outbox: &mut Outbox, relay_parent: RelayBlockNumber| {
		let queued = BTreeMap::from([(receiver, payloads(1, PAYLOAD))]);
		let egress = outbox.commit(relay_parent, queued).ok()?;
		let sending = Candidate {
			para: outbox.sender(),
			relay_parent,
			egress,
			ingress: IngressCommitment::empty(0),
			consumed: Vec::new(),
		};
		set_relay_block::<T>(relay_parent + 1);
		let commitments = validated::<T>(&sending).ok()?;
		Pallet::<T>::do_include_candidate(&commitments).ok()
	};
	let mut consumed = Vec::new();
	for i in 0..b {
		let sender = para(10_000 + i);
		let _ = open::<T>(sender, receiver);
		let mut outbox = Outbox::new(sender);
		let _ = send(&mut outbox, 1 + 2 * i);
		let _ = send(&mut filler_outbox, 2 + 2 * i);
		consumed.extend(outbox.route(1 + 2 * i, receiver));
	}
	let relay_parent = worst_relay_parent(b);
	set_relay_block::<T>(relay_parent);
	let mut queued = BTreeMap::new();
	for i in 0..d {
		let destination = para(20_000 + i);
		let _ = open::<T>(receiver, destination);
		queued.insert(destination, payloads(1, PAYLOAD));
	}
	let mut outbox = Outbox::new(receiver);
	let egress = outbox.commit(relay_parent, queued).unwrap_or_else(|_| EgressCommitment::empty());
	let cursors = consumed.iter().map(|batch| IngressCursor::after(batch, false)).collect();
	// Its watermark passes the first sender's digest, and stops at the filler's first.
	let ingress = IngressCommitment::new(cursors, 2, Default::default())
		.unwrap_or_else(|_| IngressCommitment::empty(0));
	validated::<T>(&Candidate { para: receiver, relay_parent, egress, ingress, consumed })
}

/// [`worst_candidate`] of para 1, to include in the relay block after its relay parent.
fn candidate_to_include<T: Config>(b: u32, d: u32) -> Result<CandidateCommitments, BenchmarkError> {
	let candidate = worst_candidate::<T>(para(1), b, d)?;
	set_relay_block::<T>(worst_relay_parent(b) + 1);
	Ok(candidate)
}

fn set_relay_block<T: Config>(number: RelayBlockNumber) {
	frame_system::Pallet::<T>::set_block_number(number.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A request between two parachains without a channel: it takes places of its own and
	/// holds a deposit.
	#[benchmark]
	fn request_channel() -> Result<(), BenchmarkError> {
		let (origin, sender) = para_origin::<T>()?;
		let receiver = para(u32::from(sender) + 1);
		// The worst case: an expired request for the channel is replaced, its deposit released.
		request::<T>(sender, receiver)?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::ChannelRequestTtl::get().into());
		fund::<T>(sender);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, receiver, LIMITS);
		assert!(OpenRequests::<T>::contains_key(sender, receiver));
		assert_eq!(held::<T>(sender), T::ChannelRequestDeposit::get());
		Ok(())
	}

	#[benchmark]
	fn accept_channel() -> Result<(), BenchmarkError> {
		let (origin, receiver) = para_origin::<T>()?;
		let sender = para(u32::from(receiver) + 1);
		request::<T>(sender, receiver)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, sender);
		assert!(Channels::<T>::contains_key(sender, receiver));
		assert!(held::<T>(sender) == Default::default());
		Ok(())
	}

	/// Cancelling a request by its sender, which releases its deposit.
	#[benchmark]
	fn cancel_channel_request() -> Result<(), BenchmarkError> {
		let (origin, sender) = para_origin::<T>()?;
		let receiver = para(u32::from(sender) + 1);
		request::<T>(sender, receiver)?;
		let channel = HrmpChannelId { sender, recipient: receiver };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, channel);
		assert!(!OpenRequests::<T>::contains_key(sender, receiver));
		assert!(held::<T>(sender) == Default::default());
		Ok(())
	}

	/// Removing an expired request, which releases its deposit.
	#[benchmark]
	fn remove_expired_channel_request() -> Result<(), BenchmarkError> {
		let (sender, receiver) = (para(1), para(2));
		set_relay_block::<T>(1);
		request::<T>(sender, receiver)?;
		set_relay_block::<T>(1u32.saturating_add(T::ChannelRequestTtl::get()));
		let channel = HrmpChannelId { sender, recipient: receiver };
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), channel);
		assert!(!OpenRequests::<T>::contains_key(sender, receiver));
		assert!(held::<T>(sender) == Default::default());
		Ok(())
	}

	#[benchmark]
	fn close_channel() -> Result<(), BenchmarkError> {
		let (origin, sender) = para_origin::<T>()?;
		let receiver = para(u32::from(sender) + 1);
		open::<T>(sender, receiver)?;
		let channel = HrmpChannelId { sender, recipient: receiver };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, channel);
		assert!(Channels::<T>::get(sender, receiver).is_some_and(|state| state.is_closed()));
		Ok(())
	}

	/// Closing by timeouts a closing channel whose pending batches all expired.
	#[benchmark]
	fn close_expired_channel() -> Result<(), BenchmarkError> {
		let (sender, receiver) = (para(1), para(2));
		set_relay_block::<T>(1);
		open::<T>(sender, receiver)?;
		let channel = HrmpChannelId { sender, recipient: receiver };
		Pallet::<T>::force_close_channel(manager::<T>()?, channel.clone())
			.map_err(|_| BenchmarkError::Stop("channel did not close"))?;
		let deadline: RelayBlockNumber = 4;
		Channels::<T>::mutate(sender, receiver, |state| {
			if let Some(state) = state {
				state.last_sent = 3;
				state.pending_expiry = PendingExpiry::By(deadline);
			}
		});
		set_relay_block::<T>(deadline.saturating_add(MAX_RELAY_PARENT_AGE));
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), channel);
		assert!(Channels::<T>::get(sender, receiver).is_some_and(|state| state.is_closed()));
		Ok(())
	}

	/// Forcing open a channel that has a pending request, which is removed and its deposit
	/// released.
	#[benchmark]
	fn force_open_channel() -> Result<(), BenchmarkError> {
		let origin = manager::<T>()?;
		request::<T>(para(1), para(2))?;
		let channel = HrmpChannelId { sender: para(1), recipient: para(2) };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, channel, LIMITS);
		assert!(Channels::<T>::contains_key(para(1), para(2)));
		assert!(!OpenRequests::<T>::contains_key(para(1), para(2)));
		Ok(())
	}

	/// Proposing new limits for an open channel, replacing the other member's proposal.
	#[benchmark]
	fn propose_channel_limits() -> Result<(), BenchmarkError> {
		let (origin, sender) = para_origin::<T>()?;
		let receiver = para(u32::from(sender) + 1);
		open::<T>(sender, receiver)?;
		let channel = HrmpChannelId { sender, recipient: receiver };
		Pallet::<T>::do_propose_channel_limits(channel.clone(), receiver, wider_limits())
			.map_err(|_| BenchmarkError::Stop("proposal refused"))?;
		let limits = ChannelLimits { max_capacity: LIMITS.max_capacity + 2, ..LIMITS };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, channel, limits);
		assert_eq!(LimitsProposals::<T>::get(sender, receiver).map(|p| p.limits), Some(limits));
		Ok(())
	}

	/// Accepting the other member's proposal after an earlier change settled: the limits
	/// change, the earlier ones are replaced.
	#[benchmark]
	fn change_channel_limits() -> Result<(), BenchmarkError> {
		let (origin, receiver) = para_origin::<T>()?;
		let sender = para(u32::from(receiver) + 1);
		open::<T>(sender, receiver)?;
		let channel = HrmpChannelId { sender, recipient: receiver };
		set_relay_block::<T>(1);
		Pallet::<T>::do_change_channel_limits(channel.clone(), wider_limits())
			.map_err(|_| BenchmarkError::Stop("change refused"))?;
		set_relay_block::<T>(1 + xcmp_primitives::limits::MAX_RELAY_PARENT_AGE);
		Pallet::<T>::do_propose_channel_limits(channel.clone(), sender, LIMITS)
			.map_err(|_| BenchmarkError::Stop("proposal refused"))?;
		#[extrinsic_call]
		accept_channel_limits(origin as T::RuntimeOrigin, channel, LIMITS);
		assert_eq!(Channels::<T>::get(sender, receiver).map(|state| state.limits), Some(LIMITS));
		assert!(!LimitsProposals::<T>::contains_key(sender, receiver));
		Ok(())
	}

	#[benchmark]
	fn cancel_channel_limits_proposal() -> Result<(), BenchmarkError> {
		let (origin, sender) = para_origin::<T>()?;
		let receiver = para(u32::from(sender) + 1);
		open::<T>(sender, receiver)?;
		let channel = HrmpChannelId { sender, recipient: receiver };
		Pallet::<T>::do_propose_channel_limits(channel.clone(), receiver, wider_limits())
			.map_err(|_| BenchmarkError::Stop("proposal refused"))?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, channel);
		assert!(!LimitsProposals::<T>::contains_key(sender, receiver));
		Ok(())
	}

	/// Including the commitments of a candidate that consumes `b` batches and sends to `d`
	/// destinations: the inclusion check, and applying the update.
	#[benchmark]
	fn include_candidate(
		b: Linear<1, { T::MaxInboundChannels::get() - 1 }>,
		d: Linear<0, { MAX_DESTINATIONS.min(MAX_DESTINATIONS_PER_BLOCK) }>,
	) -> Result<(), BenchmarkError> {
		let candidate = candidate_to_include::<T>(b, d)?;
		#[block]
		{
			Pallet::<T>::do_include_candidate(&candidate)
				.map_err(|_| BenchmarkError::Stop("candidate rejected"))?;
		}
		assert_eq!(Watermarks::<T>::get(candidate.para), 2);
		assert_eq!(candidate.consumed.len(), b as usize);
		assert_eq!(Digests::<T>::iter_prefix(candidate.para).count(), b as usize);
		Ok(())
	}

	/// Including a candidate of a para whose channels to `r` receivers hold refusals it has
	/// not seen: it sees and drops them all, which closes those channels (they are closing).
	#[benchmark]
	fn include_candidate_refusals_seen(
		r: Linear<0, { T::MaxOutboundChannels::get() }>,
	) -> Result<(), BenchmarkError> {
		set_relay_block::<T>(2);
		let sender = para(1);
		for i in 0..r {
			let receiver = para(20_000 + i);
			open::<T>(sender, receiver)?;
			Channels::<T>::mutate(sender, receiver, |state| {
				if let Some(state) = state {
					state.closing_since = Some(0);
					state.last_sent = 1;
					state.cursor.last_nonce = 1;
				}
			});
			let refused = RefusedRange { first: 1, last: 1, recorded_at: 1 };
			StorageRecords::<T>::default().set_refused(sender, receiver, vec![refused]);
		}
		let candidate = validated::<T>(&Candidate {
			para: sender,
			relay_parent: 2,
			egress: EgressCommitment::empty(),
			ingress: IngressCommitment::empty(0),
			consumed: Vec::new(),
		})?;
		set_relay_block::<T>(3);
		#[block]
		{
			Pallet::<T>::do_include_candidate(&candidate)
				.map_err(|_| BenchmarkError::Stop("rejected"))?;
		}
		assert!(UnseenRefusals::<T>::get(sender).is_empty());
		Ok(())
	}

	/// Including a candidate that makes `c` block-list changes, each blocking a sender not
	/// blocked yet: each checked, stored and counted.
	#[benchmark]
	fn include_candidate_block_list(
		c: Linear<0, MAX_BLOCK_LIST_CHANGES>,
	) -> Result<(), BenchmarkError> {
		set_relay_block::<T>(2);
		let changes = (0..c).map(|i| BlockListChange::Blocked(para(30_000 + i))).collect();
		let ingress =
			IngressCommitment::new(Vec::new(), 0, BlockListChanges::truncate_from(changes))
				.map_err(|_| BenchmarkError::Stop("commitment"))?;
		let candidate = validated::<T>(&Candidate {
			para: para(1),
			relay_parent: 2,
			egress: EgressCommitment::empty(),
			ingress,
			consumed: Vec::new(),
		})?;
		set_relay_block::<T>(3);
		#[block]
		{
			Pallet::<T>::do_include_candidate(&candidate)
				.map_err(|_| BenchmarkError::Stop("rejected"))?;
		}
		assert_eq!(Blocked::<T>::iter_prefix(para(1)).count(), c as usize);
		assert_eq!(BlockedCount::<T>::get(para(1)), c);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
