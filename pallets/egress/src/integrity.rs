//! The runtime's configuration checked against the protocol and against itself.

use crate::{Backlog, Config, Pallet, MIN_DELIVERY_TIMEOUT};
use frame_support::{ensure, traits::Get, weights::Weight};
use xcmp_primitives::limits::{MAX_CHANNEL_CAPACITY, MAX_DESTINATIONS_PER_BLOCK, MAX_MESSAGE_SIZE};

impl<T: Config> Pallet<T> {
	/// Checks the runtime's [`Config`] against the protocol's ceilings and against itself: every
	/// bound within the protocol's; [`Config::CommitWeight`] fits a message of the largest size
	/// to a destination (so that a send can ever commit) and [`Config::PruneWeight`] fits
	/// pruning one message refused with the largest payload, its page read back (so that every
	/// block's pruning moves on, and a page can hold such a message:
	/// [`Pallet::max_page_size`]); and the most `on_initialize` charges, both budgets in full
	/// and the refusals of every channel kept, fits a block.
	/// `integrity_test` refuses a runtime for which this fails; tests can call it directly.
	pub fn check_config() -> Result<(), &'static str> {
		ensure!(
			T::MaxMessageSize::get() > 0 && T::MaxMessageSize::get() <= MAX_MESSAGE_SIZE,
			"MaxMessageSize must be within the protocol's MAX_MESSAGE_SIZE"
		);
		ensure!(
			T::MaxDestinationsPerBlock::get() > 0
				&& T::MaxDestinationsPerBlock::get() <= MAX_DESTINATIONS_PER_BLOCK,
			"MaxDestinationsPerBlock must be within the protocol's MAX_DESTINATIONS_PER_BLOCK"
		);
		ensure!(
			T::MaxHeldPerChannel::get() > 0 && T::MaxHeldPerChannel::get() <= MAX_CHANNEL_CAPACITY,
			"MaxHeldPerChannel must be within the protocol's MAX_CHANNEL_CAPACITY"
		);
		ensure!(T::MaxOutboundChannels::get() > 0, "a sender needs a channel");
		ensure!(
			T::DeliveryTimeout::get().is_none_or(|timeout| timeout >= MIN_DELIVERY_TIMEOUT),
			"DeliveryTimeout must be at least MIN_DELIVERY_TIMEOUT, or no receiver can take a batch"
		);
		ensure!(
			T::MaxDestinationsPerBlock::get() <= T::MaxOutboundChannels::get(),
			"a block cannot send to more destinations than there are channels"
		);
		let largest = T::MaxMessageSize::get();
		let one = Backlog {
			uncommitted_messages: 1,
			uncommitted_bytes: u64::from(largest),
			uncommitted_rejection: Self::uncommitted_rejection_weight(largest),
			..Default::default()
		};
		ensure!(
			Self::commit_weight(1, &one).all_lte(T::CommitWeight::get()),
			"CommitWeight must fit committing or rejecting a message of the largest size"
		);
		let step = Self::refusal_step_weight()
			.saturating_add(Weight::from_parts(0, Self::page_bound(u64::from(largest), 1)));
		ensure!(
			step.all_lte(T::PruneWeight::get()),
			"PruneWeight must fit pruning a refused message of the largest size, its page read back"
		);
		// `on_initialize`'s own reads and writes, and the most it reserves: both budgets, and
		// keeping the refusals of every channel.
		let hooks = T::CommitWeight::get()
			.saturating_add(T::PruneWeight::get())
			.saturating_add(
				Self::record_refusals_weight()
					.saturating_mul(u64::from(T::MaxOutboundChannels::get())),
			)
			.saturating_add(Self::initialize_own_weight());
		let max_block: Weight = T::BlockWeights::get().max_block;
		ensure!(hooks.all_lte(max_block), "CommitWeight and PruneWeight together must fit a block");
		Ok(())
	}
}
