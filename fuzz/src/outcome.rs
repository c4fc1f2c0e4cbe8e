//! Outcome reports: a receiver's chain of three blocks with outcomes for two senders, and the
//! check that no report, however altered, proves an outcome its blocks did not commit.

use crate::{para, A, B, C};
use sp_runtime::{traits::Header as _, Digest, Weight};
use xcmp_primitives::{
	outcome::{
		outcome_root, prove_outcomes, verify_outcome_report, MessageOutcome, OutcomeReport,
		ParaHeader, ProvenOutcomes, SenderOutcomes,
	},
	ParaId, XcmpDigestItem, H256,
};

/// The receiver's blocks, oldest first: each header with the outcomes it committed.
pub struct OutcomeFixture {
	/// Headers, oldest first, each the parent of the next.
	pub blocks: Vec<(ParaHeader, Vec<(ParaId, SenderOutcomes)>)>,
	/// The honest report for sender `A`: every block, its outcomes proven.
	pub honest: OutcomeReport,
}

impl OutcomeFixture {
	/// The hash of the receiver's newest header: the head the relay holds.
	pub fn head(&self) -> H256 {
		self.blocks.last().map(|(header, _)| header.hash()).unwrap_or_default()
	}

	/// Every outcome the blocks committed for `sender`.
	pub fn committed(&self, sender: ParaId) -> Vec<(u64, MessageOutcome)> {
		self.blocks
			.iter()
			.flat_map(|(_, outcomes)| outcomes.iter().filter(|(s, _)| *s == sender))
			.flat_map(|(_, outcomes)| outcomes.iter().cloned())
			.collect()
	}
}

/// Receiver `B`'s three blocks: outcomes for `A` and `C`, none, then `A` again.
pub fn outcome_fixture() -> OutcomeFixture {
	let committed = vec![
		vec![
			(
				para(A),
				vec![(1, MessageOutcome::Executed), (2, MessageOutcome::failed(&(3u8, 7u8)))],
			),
			(para(C), vec![(5, MessageOutcome::Unprocessable)]),
		],
		vec![],
		vec![(
			para(A),
			vec![(3, MessageOutcome::Overweight { required: Weight::from_parts(9, 9) })],
		)],
	];
	let mut blocks: Vec<(ParaHeader, Vec<(ParaId, SenderOutcomes)>)> = Vec::new();
	for (number, outcomes) in committed.into_iter().enumerate() {
		let parent = blocks.last().map(|(header, _)| header.hash()).unwrap_or_default();
		let mut digest = Digest::default();
		if !outcomes.is_empty() {
			digest.push(XcmpDigestItem::OutcomeRoot(outcome_root(&outcomes)).to_digest_item());
		}
		let header = ParaHeader::new(number as u64 + 1, H256::zero(), H256::zero(), parent, digest);
		blocks.push((header, outcomes));
	}
	let headers: Vec<ParaHeader> = blocks.iter().rev().map(|(header, _)| header.clone()).collect();
	let proven = |header_index: u32, outcomes: &Vec<(ParaId, SenderOutcomes)>| ProvenOutcomes {
		header_index,
		outcomes: outcomes
			.iter()
			.find(|(s, _)| *s == para(A))
			.map(|(_, o)| o.clone())
			.unwrap_or_default(),
		proof: prove_outcomes(outcomes, para(A)).expect("an in-memory trie proves its keys"),
	};
	let honest = OutcomeReport {
		receiver: para(B),
		headers,
		blocks: vec![proven(2, &blocks[0].1), proven(0, &blocks[2].1)],
	};
	OutcomeFixture { blocks, honest }
}

/// Checks `report` against the fixture's head for senders `A` and `C`: it never panics, and
/// every outcome a report proves is one the blocks committed for that sender.
pub fn check_outcome_report(fixture: &OutcomeFixture, report: &OutcomeReport) {
	for sender in [para(A), para(C)] {
		if let Ok(outcomes) = verify_outcome_report(report, fixture.head(), sender) {
			let committed = fixture.committed(sender);
			assert!(
				outcomes.iter().all(|outcome| committed.contains(outcome)),
				"a report proved outcomes its blocks did not commit: {outcomes:?}"
			);
		}
	}
}
