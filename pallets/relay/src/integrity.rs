//! The runtime's configuration checked against itself.

use crate::{Config, Pallet};
use frame_support::{ensure, traits::Get};
use xcmp_primitives::limits::MAX_BLOCKED_SENDERS;

impl<T: Config> Pallet<T> {
	/// Checks the runtime's [`Config`]. `integrity_test` refuses a runtime for which this fails;
	/// tests can call it directly.
	pub fn check_config() -> Result<(), &'static str> {
		ensure!(T::MaxInboundChannels::get() > 0, "a parachain must be able to receive");
		ensure!(T::MaxOutboundChannels::get() > 0, "a parachain must be able to send");
		ensure!(
			T::ChannelRequestTtl::get() > 0,
			"a channel request must stay acceptable for at least one relay block"
		);
		ensure!(
			T::MaxInboundChannels::get() <= MAX_BLOCKED_SENDERS,
			"MaxInboundChannels must be at most MAX_BLOCKED_SENDERS: a receiver may block every \
			 sender it has"
		);
		Ok(())
	}
}
