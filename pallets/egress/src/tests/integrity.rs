//! The runtime's configuration checked against the protocol and against itself.

use super::*;

#[test]
fn integrity_test_holds() {
	new_test_ext().execute_with(XcmpEgress::integrity_test);
}

#[test]
fn a_configuration_that_cannot_work_is_refused_with_its_reason() {
	new_test_ext().execute_with(|| {
		assert_eq!(XcmpEgress::check_config(), Ok(()));
		MaxDestinationsPerBlock::set(MaxOutboundChannels::get() + 1);
		assert_eq!(
			XcmpEgress::check_config(),
			Err("a block cannot send to more destinations than there are channels")
		);
		MaxDestinationsPerBlock::set(0);
		assert_eq!(
			XcmpEgress::check_config(),
			Err("MaxDestinationsPerBlock must be within the protocol's MAX_DESTINATIONS_PER_BLOCK")
		);
	});
}
