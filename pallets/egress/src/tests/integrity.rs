//! The runtime's configuration checked against the protocol and against itself.

use super::*;
use frame_support::weights::Weight;

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
		MaxDestinationsPerBlock::set(3);
		let (commit, prune) = (CommitWeight::get(), PruneWeight::get());
		CommitWeight::set(Weight::from_parts(1_000_000, 1_024));
		assert_eq!(
			XcmpEgress::check_config(),
			Err("CommitWeight must fit committing or rejecting a message of the largest size")
		);
		CommitWeight::set(commit);
		PruneWeight::set(Weight::from_parts(1_000_000, 1_024));
		assert_eq!(
			XcmpEgress::check_config(),
			Err("PruneWeight must fit pruning a refused message of the largest size, its page read back")
		);
		PruneWeight::set(MockBlockWeights::get().max_block.saturating_sub(commit));
		PruneWeight::set(PruneWeight::get().saturating_add(Weight::from_parts(1, 0)));
		assert_eq!(
			XcmpEgress::check_config(),
			Err("CommitWeight and PruneWeight together must fit a block")
		);
		PruneWeight::set(prune);
		assert_eq!(XcmpEgress::check_config(), Ok(()));
	});
}
