//! The runtime's configuration checked against itself.

use crate::{Config, Pallet};
use frame_support::{ensure, traits::Get};

impl<T: Config> Pallet<T> {
	/// Checks the runtime's [`Config`]. `integrity_test` refuses a runtime for which this fails;
	/// tests can call it directly.
	pub fn check_config() -> Result<(), &'static str> {
		ensure!(T::MaxInboundChannels::get() > 0, "a parachain must be able to receive");
		ensure!(T::MaxOutboundChannels::get() > 0, "a parachain must be able to send");
		Ok(())
	}
}
