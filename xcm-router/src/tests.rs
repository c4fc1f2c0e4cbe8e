//! The router's checks one by one: each refusal is its own `SendError` and queues nothing; a
//! program that goes is queued whole, in the version asked for, and priced.

use crate::{decode_program, mock::*, LinearPrice, XcmpRouter, XcmpTicket};
use codec::Encode;
use polkadot_runtime_common::xcm_sender::PriceForMessageDelivery;
use xcm::{
	latest::{prelude::*, send_xcm, validate_send, Xcm},
	AlwaysV4, VersionedXcm,
};
use xcmp_primitives::{relay_state::OutboundChannelView, ParaId};

type Egress = pallet_xcmp_egress::Pallet<Test>;

/// The payload held at `nonce` on the channel to `destination`.
fn held(destination: ParaId, nonce: u64) -> Option<pallet_xcmp_egress::primitives::Payload> {
	Egress::held_payload(pallet_xcmp_egress::MessageId { destination, nonce })
}

/// Every message held, on every channel.
fn held_count() -> usize {
	pallet_xcmp_egress::OutboundChannels::<Test>::iter_keys()
		.map(|destination| Egress::held_messages(destination).len())
		.sum()
}

fn sibling(id: u32) -> Location {
	Location::new(1, [Parachain(id)])
}

/// A program whose encoding is `len` bytes and a little more: a `Transact` of `len` bytes.
fn program(len: usize) -> Xcm<()> {
	Xcm(vec![
		UnpaidExecution { weight_limit: Unlimited, check_origin: None },
		Transact {
			origin_kind: OriginKind::SovereignAccount,
			fallback_max_weight: None,
			call: vec![7u8; len].into(),
		},
	])
}

fn state_root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// `validate` fails with `expected`, and neither it nor the egress pallet wrote anything.
fn refused(destination: Location, message: Xcm<()>, expected: SendError) {
	let before = state_root();
	assert_eq!(
		validate_send::<Router>(destination.clone(), message.clone()).err(),
		Some(expected.clone())
	);
	assert_eq!(send_xcm::<Router>(destination, message).err(), Some(expected));
	assert_eq!(state_root(), before);
	assert_eq!(held_count(), 0);
}

#[test]
fn a_program_goes_whole_as_one_message_in_the_latest_version() {
	new_test_ext().execute_with(|| {
		let message = program(10);
		let (hash, price) = send_xcm::<Router>(sibling(SIBLING), message.clone()).unwrap();
		let payload = held(ParaId::new(SIBLING), 1).expect("queued at nonce 1");
		assert_eq!(decode_program(&payload), Some(VersionedXcm::from(message.clone())));
		assert_eq!(hash, sp_io::hashing::blake2_256(&payload));
		let expected = 1_000 + 10 * message.encoded_size() as u128 + u128::from(SIBLING);
		assert_eq!(price, (Parent, expected).into());
		System::assert_last_event(
			pallet_xcmp_egress::Event::MessageQueued {
				destination: ParaId::new(SIBLING),
				nonce: 1,
			}
			.into(),
		);
	});
}

#[test]
fn validate_writes_nothing_and_its_ticket_is_what_deliver_queues() {
	new_test_ext().execute_with(|| {
		let before = state_root();
		let (ticket, _) = validate_send::<Router>(sibling(SIBLING), program(10)).unwrap();
		assert_eq!(state_root(), before);
		let XcmpTicket { destination, payload } = ticket.clone();
		assert_eq!(destination, ParaId::new(SIBLING));
		<Router as SendXcm>::deliver(ticket).unwrap();
		assert_eq!(held(destination, 1), Some(payload));
	});
}

#[test]
fn a_destination_that_is_not_a_sibling_parachain_is_left_for_the_next_router() {
	new_test_ext().execute_with(|| {
		let message = program(10);
		for destination in [
			Location::parent(),
			Location::here(),
			Location::new(0, [Parachain(SIBLING)]),
			Location::new(2, [GlobalConsensus(Kusama), Parachain(SIBLING)]),
			Location::new(1, [Parachain(SIBLING), AccountId32 { network: None, id: [1; 32] }]),
		] {
			let mut dest = Some(destination.clone());
			let mut msg = Some(message.clone());
			assert_eq!(
				<Router as SendXcm>::validate(&mut dest, &mut msg).err(),
				Some(SendError::NotApplicable)
			);
			assert_eq!((dest, msg), (Some(destination), Some(message.clone())));
		}
		assert_eq!(held_count(), 0);
	});
}

#[test]
fn missing_arguments_are_refused() {
	new_test_ext().execute_with(|| {
		let missing = Some(SendError::MissingArgument);
		assert_eq!(<Router as SendXcm>::validate(&mut None, &mut Some(program(1))).err(), missing);
		assert_eq!(
			<Router as SendXcm>::validate(&mut Some(sibling(SIBLING)), &mut None).err(),
			missing
		);
	});
}

#[test]
fn an_oversized_program_is_refused_as_too_large() {
	new_test_ext().execute_with(|| {
		// Over the channel's `max_message_size` (400) and under the pallet's (1,024).
		refused(sibling(SIBLING), program(500), SendError::ExceedsMaxMessageSize);
		// Over the pallet's `MaxMessageSize`.
		refused(sibling(SIBLING), program(2_000), SendError::ExceedsMaxMessageSize);
		// Over the protocol's `MAX_MESSAGE_SIZE`: its payload would not even decode.
		refused(sibling(SIBLING), program(200 * 1024), SendError::ExceedsMaxMessageSize);
	});
}

#[test]
fn a_full_channel_is_a_transport_error() {
	new_test_ext().execute_with(|| {
		for _ in 0..LIMITS.max_capacity {
			send_xcm::<Router>(sibling(SIBLING), program(10)).unwrap();
		}
		let before = state_root();
		assert_eq!(
			send_xcm::<Router>(sibling(SIBLING), program(10)).err(),
			Some(SendError::Transport("ChannelFull"))
		);
		assert_eq!(state_root(), before);
		assert_eq!(held_count() as u32, LIMITS.max_capacity);
	});
}

#[test]
fn a_channel_over_its_total_size_is_a_transport_error() {
	new_test_ext().execute_with(|| {
		send_xcm::<Router>(sibling(SIBLING), program(350)).unwrap();
		send_xcm::<Router>(sibling(SIBLING), program(350)).unwrap();
		let before = state_root();
		assert_eq!(
			send_xcm::<Router>(sibling(SIBLING), program(350)).err(),
			Some(SendError::Transport("ChannelOverSize"))
		);
		assert_eq!(state_root(), before);
	});
}

#[test]
fn a_destination_that_blocks_us_is_a_transport_error() {
	new_test_ext().execute_with(|| {
		set_channel(SIBLING, OutboundChannelView { blocked: true, ..open_channel() });
		refused(sibling(SIBLING), program(10), SendError::Transport("DestinationBlocksSender"));
	});
}

#[test]
fn no_channel_a_closing_one_or_ourselves_is_unroutable() {
	new_test_ext().execute_with(|| {
		set_channel(SIBLING, OutboundChannelView { state: None, blocked: false });
		refused(sibling(SIBLING), program(10), SendError::Unroutable);
		let mut closing = open_channel();
		if let Some(state) = closing.state.as_mut() {
			state.closing_since = Some(1);
		}
		set_channel(SIBLING, closing);
		refused(sibling(SIBLING), program(10), SendError::Unroutable);
		set_channel(SELF, open_channel());
		refused(sibling(SELF), program(10), SendError::Unroutable);
	});
}

#[test]
fn a_destination_the_relay_view_does_not_cover_is_a_transport_error() {
	new_test_ext().execute_with(|| {
		refused(sibling(SIBLING + 1), program(10), SendError::Transport("RelayViewUnavailable"));
	});
}

#[test]
fn the_version_wrapper_chooses_the_encoding() {
	new_test_ext().execute_with(|| {
		type V4Router = XcmpRouter<Test, BytePrice, AlwaysV4>;
		send_xcm::<V4Router>(sibling(SIBLING), program(10)).unwrap();
		let payload = held(ParaId::new(SIBLING), 1).unwrap();
		assert!(matches!(decode_program(&payload), Some(VersionedXcm::V4(_))));

		type Unsupported = XcmpRouter<Test, BytePrice, SpeaksNothing>;
		let before = state_root();
		assert_eq!(
			send_xcm::<Unsupported>(sibling(SIBLING), program(10)).err(),
			Some(SendError::DestinationUnsupported)
		);
		assert_eq!(state_root(), before);
	});
}

#[test]
fn deliver_checks_again_and_queues_nothing_when_the_channel_filled_since_validate() {
	new_test_ext().execute_with(|| {
		let capacity = LIMITS.max_capacity as usize;
		let tickets: Vec<_> = (0..=capacity)
			.map(|_| validate_send::<Router>(sibling(SIBLING), program(10)).unwrap().0)
			.collect();
		let mut results = tickets.into_iter().map(<Router as SendXcm>::deliver);
		for _ in 0..capacity {
			assert!(results.next().unwrap().is_ok());
		}
		assert_eq!(results.next().unwrap().err(), Some(SendError::Transport("ChannelFull")));
		assert_eq!(held_count(), capacity);
	});
}

#[test]
fn a_payload_that_is_not_one_whole_program_does_not_decode() {
	let payload = VersionedXcm::from(program(10)).encode();
	assert!(decode_program(&payload).is_some());
	let mut longer = payload.clone();
	longer.push(0);
	assert_eq!(decode_program(&longer), None);
	assert_eq!(decode_program(&payload[..payload.len() - 1]), None);
	assert_eq!(decode_program(b"not xcm"), None);
}

#[test]
fn the_linear_price_is_a_base_fee_and_a_fee_a_byte_of_the_program() {
	frame_support::parameter_types! {
		pub FeeAsset: AssetId = AssetId(Location::here());
		pub const BaseFee: u128 = 500;
		pub const ByteFee: u128 = 3;
	}
	type Price = LinearPrice<FeeAsset, BaseFee, ByteFee>;
	for len in [0, 10, 300] {
		let program = program(len);
		let bytes = program.encoded_size() as u128;
		let price = Price::price_for_delivery(ParaId::new(SIBLING), &program);
		assert_eq!(price, (Location::here(), 500 + 3 * bytes).into());
		// The same to every destination.
		assert_eq!(Price::price_for_delivery(ParaId::new(SIBLING + 1), &program), price);
	}
	// Free delivery is no asset, not an asset of amount 0.
	frame_support::parameter_types! {
		pub const Zero: u128 = 0;
	}
	type Free = LinearPrice<FeeAsset, Zero, Zero>;
	assert!(Free::price_for_delivery(ParaId::new(SIBLING), &program(10)).is_none());
}
