//! Benchmarks of the peer's per-message work that its own pallets do not benchmark.
//!
//! - **Sending.** `cumulus-pallet-xcmp-queue` has no benchmark for its `SendXcm` (pallet-xcm's
//!   `send` measures it inside a whole extrinsic): `send_xcm` sends one program of `b` bytes into
//!   an empty channel, `send_xcm_onto_page` a 64-byte one onto a page already holding `k` KiB,
//!   which the queue decodes and writes back whole.
//! - **Handing the pages over.** At the end of a block parachain-system takes each channel's
//!   first page from the XCMP queue (`take_outbound_messages`), unbenchmarked.
//! - **The channel check.** Parachain-system checks a block's inbound HRMP messages by
//!   extending each channel's message-queue chain with them, and comparing the result with the
//!   head the relay-state proof holds; its weight is in no benchmark. `hrmp_channel_check`
//!   runs that chain over `n` messages of 64 bytes, `hrmp_channel_check_bytes` over one of `b`.
//!
//! The pallet has no storage and no calls: it exists for its benchmarks.

pub use pallet::*;

#[frame_support::pallet]
#[allow(missing_docs)]
pub mod pallet {
	/// The peer's pallets whose work is benchmarked.
	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ cumulus_pallet_parachain_system::Config
		+ cumulus_pallet_xcmp_queue::Config
	{
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);
}

/// The sibling the benchmarks send to.
#[cfg(feature = "runtime-benchmarks")]
const DESTINATION: u32 = 2_000;

/// An XCM program whose versioned encoding is `len` bytes, or its few bytes if `len` is fewer:
/// an `ExpectPallet` whose name pads it.
#[cfg(feature = "runtime-benchmarks")]
fn program(len: usize) -> xcm::latest::Xcm<()> {
	use codec::Encode;
	use xcm::latest::prelude::*;
	let program = |pad: usize| {
		Xcm::<()>(alloc::vec![ExpectPallet {
			index: 0,
			name: alloc::vec![0u8; pad],
			module_name: alloc::vec::Vec::new(),
			crate_major: 0,
			min_crate_minor: 0,
		}])
	};
	let encoded_len = |pad: usize| xcm::VersionedXcm::from(program(pad)).encoded_size();
	let mut pad = len.saturating_sub(encoded_len(0));
	// The name's length prefix grows with it: shorten the name by what it added.
	while encoded_len(pad) > len && pad > 0 {
		pad = pad.saturating_sub(encoded_len(pad) - len);
	}
	program(pad)
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking {
	use super::*;
	use alloc::vec::Vec;
	use cumulus_primitives_core::{
		relay_chain::BlockNumber as RelayBlockNumber, AbridgedHrmpChannel, InboundHrmpMessage,
		XcmpMessageSource,
	};
	use cumulus_primitives_parachain_inherent::MessageQueueChain;
	use frame_benchmarking::v2::*;
	use xcm::latest::prelude::*;

	/// Opens the outbound channel to [`DESTINATION`] in parachain-system's messaging state,
	/// with room for every benchmark's messages.
	fn open_channel<T: Config>() {
		cumulus_pallet_parachain_system::Pallet::<T>::open_custom_outbound_hrmp_channel_for_benchmarks_or_tests(
			DESTINATION.into(),
			AbridgedHrmpChannel {
				max_capacity: 10_000,
				max_total_size: 100 * 1024 * 1024,
				max_message_size: 103 * 1024,
				msg_count: 0,
				total_size: 0,
				mqc_head: None,
			},
		);
	}

	/// Sends `program` to [`DESTINATION`] through the XCMP queue.
	fn send<T: Config>(program: Xcm<()>) {
		let destination = Location::new(1, [Parachain(DESTINATION)]);
		let sent = send_xcm::<cumulus_pallet_xcmp_queue::Pallet<T>>(destination, program);
		assert!(sent.is_ok(), "the channel takes the program: {sent:?}");
	}

	/// `n` inbound messages of `len` bytes and the chain's head over them.
	fn inbound(n: u32, len: usize) -> (Vec<InboundHrmpMessage>, sp_core::H256) {
		let messages: Vec<_> = (0..n)
			.map(|i| InboundHrmpMessage {
				sent_at: i as RelayBlockNumber,
				data: alloc::vec![i as u8; len],
			})
			.collect();
		let mut chain = MessageQueueChain::default();
		messages.iter().for_each(|message| {
			chain.extend_hrmp(message);
		});
		(messages, chain.head())
	}

	#[benchmarks]
	mod benchmarks {
		use super::*;

		/// One program of `b` bytes into a channel with nothing queued: a new page.
		#[benchmark]
		fn send_xcm(b: Linear<0, 65_536>) {
			open_channel::<T>();
			let program = program(b as usize);
			#[block]
			{
				send::<T>(program);
			}
		}

		/// A 64-byte program onto a page that holds `k` programs of a KiB.
		#[benchmark]
		fn send_xcm_onto_page(k: Linear<0, 100>) {
			open_channel::<T>();
			for _ in 0..k {
				send::<T>(program(1024));
			}
			let program = program(64);
			#[block]
			{
				send::<T>(program);
			}
		}

		/// Parachain-system taking the page of `n` programs of 64 bytes at the block's end.
		#[benchmark]
		fn take_outbound_messages(n: Linear<1, 1_000>) {
			open_channel::<T>();
			for _ in 0..n {
				send::<T>(program(64));
			}
			#[block]
			{
				let pages =
					cumulus_pallet_xcmp_queue::Pallet::<T>::take_outbound_messages(usize::MAX, &[]);
				assert_eq!(pages.len(), 1, "one page to one channel");
			}
		}

		/// The message-queue chain over `n` inbound messages of 64 bytes, checked against the
		/// head the relay-state proof would hold.
		#[benchmark]
		fn hrmp_channel_check(n: Linear<1, 1_000>) {
			let (messages, head) = inbound(n, 64);
			#[block]
			{
				let mut chain = MessageQueueChain::default();
				for message in &messages {
					chain.extend_hrmp(message);
				}
				assert_eq!(chain.head(), head);
			}
		}

		/// The message-queue chain over one inbound message of `b` bytes.
		#[benchmark]
		fn hrmp_channel_check_bytes(b: Linear<0, 65_536>) {
			let (messages, head) = inbound(1, b as usize);
			#[block]
			{
				let mut chain = MessageQueueChain::default();
				for message in &messages {
					chain.extend_hrmp(message);
				}
				assert_eq!(chain.head(), head);
			}
		}

		impl_benchmark_test_suite!(Pallet, crate::new_test_ext(), crate::Runtime);
	}
}
