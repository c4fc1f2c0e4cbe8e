//! The runtime's configuration checked against the protocol and against itself.

use crate::{Config, Pallet};
use frame_support::{ensure, traits::Get};
use xcmp_primitives::limits::{MAX_CHANNEL_CAPACITY, MAX_DESTINATIONS_PER_BLOCK, MAX_MESSAGE_SIZE};

impl<T: Config> Pallet<T> {
	/// Checks the runtime's [`Config`] against the protocol's ceilings and against itself.
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
			T::MaxDestinationsPerBlock::get() <= T::MaxOutboundChannels::get(),
			"a block cannot send to more destinations than there are channels"
		);
		Ok(())
	}
}
