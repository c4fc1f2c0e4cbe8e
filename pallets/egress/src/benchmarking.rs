//! FRAME benchmarks of the egress pallet: the worst case of each call and hook.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use xcmp_primitives::{relay_state::ChannelState, ChannelCursor, ChannelLimits};

/// Limits that never bind, so that the benchmarks reach the pallet's own bounds.
fn roomy_limits<T: Config>() -> ChannelLimits {
	ChannelLimits {
		max_capacity: T::MaxHeldPerChannel::get(),
		max_total_size: T::MaxHeldPerChannel::get().saturating_mul(T::MaxMessageSize::get()),
		max_message_size: T::MaxMessageSize::get(),
	}
}

fn destination<T: Config>(index: u32) -> ParaId {
	ParaId::from(u32::from(T::SelfParaId::get()).wrapping_add(1 + index))
}

/// Sets a relay view at `relay_parent` with open channels to the first `count` destinations,
/// their receivers' cursors at `consumed`.
fn set_view<T: Config>(relay_parent: RelayBlockNumber, count: u32, consumed: Nonce) {
	let channels = (0..count)
		.map(|i| {
			let mut state = ChannelState::new(roomy_limits::<T>());
			state.cursor = ChannelCursor { last_nonce: consumed, mqc_head: H256::zero() };
			(destination::<T>(i), OutboundChannelView { state: Some(state), blocked: false })
		})
		.collect();
	T::BenchmarkHelper::set_relay_view(relay_parent, channels);
}

/// Queues `m` messages to the first destination, the first of them of `b` bytes and the others
/// empty, and one empty message to each of the others: `b` payload bytes in all, whatever `m`,
/// so that the runner's fit tells the cost of a byte from that of a message.
fn queue<T: Config>(d: u32, m: u32, b: u32) -> Result<(), BenchmarkError> {
	let big = Payload::try_from(alloc::vec![7u8; b as usize]).map_err(|_| "payload too large")?;
	for k in 0..m {
		let payload = if k == 0 { big.clone() } else { Payload::default() };
		Pallet::<T>::do_send(destination::<T>(0), payload)?;
	}
	for i in 1..d {
		Pallet::<T>::do_send(destination::<T>(i), Payload::default())?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Queueing one message of `l` bytes on a channel that already holds a committed batch: the
	/// first send of a batch, which starts its page. A later send appends to the page without
	/// reading it. The relay view the send reads is whitelisted, as the ingress pallet's
	/// benchmark helper sets it: in a block, the inherent writes it before any send.
	#[benchmark]
	fn send(l: Linear<0, { T::MaxMessageSize::get() }>) -> Result<(), BenchmarkError> {
		set_view::<T>(1, 1, 0);
		queue::<T>(1, 1, 0)?;
		Pallet::<T>::commit();
		set_view::<T>(2, 1, 0);
		let origin =
			T::SendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let payload =
			Payload::try_from(alloc::vec![7u8; l as usize]).map_err(|_| "payload too large")?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, destination::<T>(0), payload);
		assert_eq!(OutboundChannels::<T>::get(destination::<T>(0)).map(|c| c.last_queued), Some(2));
		Ok(())
	}

	/// Committing `m` messages of `b` bytes in all to one destination, and one empty message to
	/// each of `d - 1` more, every message read from the database (queued in an earlier block,
	/// its worst case). The proof is measured: the default would charge every payload read at
	/// the largest message size.
	#[benchmark(pov_mode = Measured)]
	fn commit(
		d: Linear<1, { T::MaxDestinationsPerBlock::get() }>,
		m: Linear<1, { T::MaxHeldPerChannel::get() }>,
		b: Linear<0, { T::MaxMessageSize::get() }>,
	) -> Result<(), BenchmarkError> {
		set_view::<T>(1, d, 0);
		queue::<T>(d, m, b)?;
		#[block]
		{
			Pallet::<T>::commit();
		}
		assert_eq!(Pallet::<T>::egress_commitment().entries.len() as u32, d);
		Ok(())
	}

	/// Pruning `n` delivered batches over `d` destinations, every batch from a block of its
	/// own: batch `j` to destination `j % d`, each of one message but the first, which has `m`
	/// more. So `n + m` messages in all; a batch's own cost is `n`'s slope less `m`'s. The proof
	/// is measured, as `commit`'s.
	#[benchmark(pov_mode = Measured)]
	fn prune(
		d: Linear<1, { T::MaxOutboundChannels::get() }>,
		n: Linear<{ T::MaxOutboundChannels::get() }, { T::MaxHeldPerChannel::get() / 2 }>,
		m: Linear<0, { T::MaxHeldPerChannel::get() / 2 }>,
	) -> Result<(), BenchmarkError> {
		for j in 0..n {
			let relay_parent = j + 1;
			set_view::<T>(relay_parent, d, 0);
			let messages = if j == 0 { m + 1 } else { 1 };
			for _ in 0..messages {
				Pallet::<T>::do_send(destination::<T>(j % d), Payload::default())?;
			}
			Pallet::<T>::commit();
		}
		set_view::<T>(n + 1, d, Nonce::MAX);
		#[block]
		{
			Pallet::<T>::prune_consumed(Weight::MAX);
		}
		assert!(PendingDestinations::<T>::get().is_empty());
		assert_eq!(HeldBatches::<T>::iter().count(), 0);
		Ok(())
	}

	/// Taking `o` proven outcomes of one destination: an event and the hook call each, the
	/// destination's reported nonce read and written.
	#[benchmark]
	fn note_outcomes(o: Linear<1, { xcmp_primitives::outcome::MAX_OUTCOMES_PER_BLOCK }>) {
		use xcmp_primitives::outcome::{MessageOutcome, OutcomeSink};
		let outcomes: Vec<(Nonce, MessageOutcome)> =
			(1..=u64::from(o)).map(|nonce| (nonce, MessageOutcome::failed(&[7u8; 16]))).collect();
		let destination = destination::<T>(0);
		#[block]
		{
			<Pallet<T> as OutcomeSink>::note_outcomes(destination, outcomes);
		}
		assert_eq!(ReportedOutcomes::<T>::get(destination), u64::from(o));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
