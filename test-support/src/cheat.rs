//! The ways a collator cheats with its block's batches, which every simulated network plays and
//! which validation (or the runtime) must refuse: written once, for the mock runtime's network,
//! the protocol model and the cumulus runtime's network in wasm.

use xcmp_primitives::RoutedBatch;

/// How a misbehaving collator cheats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Misbehaviour {
	/// Flips a byte of a message in a batch of its block, after building the block with the
	/// honest one: validation must refuse the block.
	#[default]
	ForgeCandidate,
	/// Leaves a consumed batch out of its block after building it: validation must refuse it.
	OmitBatch,
	/// Puts a consumed batch in its block twice after building it: validation must refuse it.
	ReplayBatch,
	/// Swaps two batches of one sender in its block after building it: validation must refuse
	/// it.
	ReorderBatches,
	/// Flips a byte of a message in its block's ingress inherent: the runtime must refuse to
	/// build the block.
	ForgeInherent,
}

/// Flips the first byte of the first message of `batches`; whether there was one.
pub fn flip_first_payload_byte(batches: &mut [RoutedBatch]) -> bool {
	let byte = batches
		.iter_mut()
		.flat_map(|batch| batch.messages.iter_mut())
		.find_map(|message| message.payload.as_mut().first_mut());
	match byte {
		Some(byte) => {
			*byte ^= 0xff;
			true
		}
		None => false,
	}
}

/// Cheats with a block's `consumed` batches, after the block was built with others, as
/// `misbehaviour` says; whether it could (it needs a consumed batch, one carrying a message to
/// forge, two of one sender to reorder). Validation must refuse the block if it did.
pub fn tamper(consumed: &mut Vec<RoutedBatch>, misbehaviour: Misbehaviour) -> bool {
	match misbehaviour {
		Misbehaviour::ForgeCandidate | Misbehaviour::ForgeInherent => {
			flip_first_payload_byte(consumed)
		}
		Misbehaviour::OmitBatch => consumed.pop().is_some(),
		Misbehaviour::ReplayBatch => match consumed.first().cloned() {
			Some(first) => {
				consumed.push(first);
				true
			}
			None => false,
		},
		Misbehaviour::ReorderBatches => {
			let pair = consumed.iter().enumerate().find_map(|(i, first)| {
				let mut later = consumed.iter().enumerate().skip(i + 1);
				later.find(|(_, batch)| batch.sender == first.sender).map(|(j, _)| (i, j))
			});
			match pair {
				Some((i, j)) => {
					consumed.swap(i, j);
					true
				}
				None => false,
			}
		}
	}
}
