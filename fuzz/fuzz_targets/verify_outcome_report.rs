//! Arbitrary bytes decoded as an `OutcomeReport`, as a sender's runtime decodes one from its
//! ingress inherent, then checked against the fixture receiver's head: no input panics, and
//! none proves an outcome the receiver's blocks did not commit.

#![no_main]

use codec::DecodeLimit;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use xcmp_fuzz::{
	outcome::{check_outcome_report, outcome_fixture, OutcomeFixture},
	MAX_DECODE_DEPTH,
};
use xcmp_primitives::outcome::OutcomeReport;

static FIXTURE: OnceLock<OutcomeFixture> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
	let Ok(report) = OutcomeReport::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &data[..])
	else {
		return;
	};
	check_outcome_report(FIXTURE.get_or_init(outcome_fixture), &report);
});
