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

/// Queues `m` messages of `l` bytes to the first destination and one to each of the others.
fn queue<T: Config>(d: u32, m: u32, l: u32) -> Result<(), BenchmarkError> {
	let big = Payload::try_from(alloc::vec![7u8; l as usize]).map_err(|_| "payload too large")?;
	for _ in 0..m {
		Pallet::<T>::do_send(destination::<T>(0), big.clone())?;
	}
	for i in 1..d {
		Pallet::<T>::do_send(destination::<T>(i), Payload::default())?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Queueing one message of `l` bytes on a channel that already holds messages.
	#[benchmark]
	fn send(l: Linear<0, { T::MaxMessageSize::get() }>) -> Result<(), BenchmarkError> {
		set_view::<T>(1, 1, 0);
		queue::<T>(1, 1, 0)?;
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
	/// each of `d - 1` more.
	#[benchmark]
	fn commit(
		d: Linear<1, { T::MaxDestinationsPerBlock::get() }>,
		m: Linear<1, { T::MaxHeldPerChannel::get() }>,
		b: Linear<0, { T::MaxMessageSize::get() }>,
	) -> Result<(), BenchmarkError> {
		set_view::<T>(1, d, 0);
		queue::<T>(d, m, b / m)?;
		#[block]
		{
			Pallet::<T>::commit();
		}
		assert_eq!(Pallet::<T>::egress_commitment().entries.len() as u32, d);
		Ok(())
	}

	/// Pruning `m` delivered messages to one destination and one to each of `d - 1` more.
	#[benchmark]
	fn prune(
		d: Linear<1, { T::MaxDestinationsPerBlock::get() }>,
		m: Linear<1, { T::MaxHeldPerChannel::get() }>,
	) -> Result<(), BenchmarkError> {
		set_view::<T>(1, d, 0);
		queue::<T>(d, m, 0)?;
		Pallet::<T>::commit();
		set_view::<T>(2, d, Nonce::from(m));
		#[block]
		{
			Pallet::<T>::prune_consumed();
		}
		assert!(PendingDestinations::<T>::get().is_empty());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);

	/// Runs the benchmarks above natively and fits each one's time to its components: how the
	/// compute parts of `weights.rs` were measured. Run with
	/// `cargo test --release -p pallet-xcmp-egress --features runtime-benchmarks -- --ignored
	/// measure_weights --nocapture`.
	#[test]
	#[ignore = "measures weights: run alone, with --release"]
	fn measure_weights() {
		use crate::mock::{new_test_ext, Test};
		let benchmarks = [
			("send", SelectedBenchmark::send),
			("commit", SelectedBenchmark::commit),
			("prune", SelectedBenchmark::prune),
		];
		weight_fit::print_fits::<Test, _>(&benchmarks, new_test_ext);
	}
}
