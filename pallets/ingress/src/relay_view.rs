//! The block's relay view: the outbound channel records of the relay-state proof, kept for this
//! block only, for the egress pallet.

use crate::{Config, CurrentRelayParent, Error, Pallet, RelayViewChannels, RelayViewDestinations};
use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{ensure, traits::Get, weights::Weight, BoundedVec};
use sp_runtime::DispatchError;
use xcmp_primitives::{
	relay_state::{receiver_proof_keys, OutboundChannelView, PendingOutbound, RelayStateProof},
	ParaId, RelayBlockNumber,
};

impl<T: Config> Pallet<T> {
	/// Reads from the relay-state proof the relay view of every destination in
	/// `outbound_destinations` or with messages pending in the egress pallet: its channel record
	/// and whether it blocks this parachain, sorted by destination.
	pub(crate) fn prove_relay_view(
		proof: &RelayStateProof,
		outbound_destinations: Vec<ParaId>,
	) -> Result<Vec<(ParaId, OutboundChannelView)>, DispatchError> {
		let self_id = T::SelfParaId::get();
		let mut destinations: BTreeSet<ParaId> = outbound_destinations.into_iter().collect();
		destinations.extend(T::PendingOutbound::pending_destinations());
		ensure!(
			destinations.len() <= T::MaxRelayViewChannels::get() as usize,
			Error::<T>::TooManyRelayViewChannels
		);
		let mut view = Vec::with_capacity(destinations.len());
		for destination in destinations {
			ensure!(destination != self_id, Error::<T>::OutboundToSelf);
			let state = proof.channel(self_id, destination).map_err(Self::relay_error)?;
			let blocked = proof.blocks(destination, self_id).map_err(Self::relay_error)?;
			view.push((destination, OutboundChannelView { state, blocked }));
		}

		Ok(view)
	}

	/// The relay keys this parachain's next block reads whatever batches its collator picks:
	/// where its digests start, and the channel and block-list records of every destination
	/// the egress pallet has messages pending to. What a cumulus runtime's
	/// `KeyToIncludeInRelayProof` returns. The collator adds the keys of the batches and
	/// digests it picks, which depend on relay state the runtime does not see before its block
	/// (`xcmp_primitives::relay_state::receiver_proof_keys`).
	pub fn relay_keys_to_prove() -> Vec<Vec<u8>> {
		// The keys a block with no batch and no digest passed reads: one layout of the relay
		// records for the runtime and its collator.
		receiver_proof_keys(
			T::RelayPalletName::get(),
			T::SelfParaId::get(),
			&[],
			T::PendingOutbound::pending_destinations(),
			&[],
		)
	}

	/// Keeps `view` as this block's relay view, until [`Pallet::clear_relay_view`] at the start of
	/// the next block.
	pub(crate) fn keep_relay_view(
		view: Vec<(ParaId, OutboundChannelView)>,
	) -> Result<(), DispatchError> {
		let mut destinations = Vec::with_capacity(view.len());
		for (destination, channel) in view {
			RelayViewChannels::<T>::insert(destination, channel);
			destinations.push(destination);
		}
		let destinations =
			BoundedVec::try_from(destinations).map_err(|_| Error::<T>::TooManyRelayViewChannels)?;
		RelayViewDestinations::<T>::put(destinations);
		Ok(())
	}

	/// Makes `channels` this block's relay view at relay parent `relay_parent`, as the ingress
	/// inherent would from its relay-state proof: for the egress pallet's benchmarks in a
	/// runtime, whose relay view this pallet is (`pallet_xcmp_egress::BenchmarkHelper`).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn set_relay_view_for_benchmarks(
		relay_parent: RelayBlockNumber,
		channels: Vec<(ParaId, OutboundChannelView)>,
	) -> Result<(), DispatchError> {
		Self::clear_relay_view();
		CurrentRelayParent::<T>::put(relay_parent);
		// Sorted and without duplicates, as the inherent keeps it.
		let channels: alloc::collections::BTreeMap<_, _> = channels.into_iter().collect();
		Self::keep_relay_view(channels.into_iter().collect())?;
		// In a block, the inherent writes the view before any send, commit or pruning reads it,
		// and `on_initialize` clears the previous one: those reads come from the block's
		// overlay, with no database read and nothing in the proof, which the whitelist tells
		// the benchmarks. Writing and clearing the view are charged to the inherent and to
		// `on_initialize`.
		frame_benchmarking::benchmarking::add_to_whitelist(
			RelayViewDestinations::<T>::hashed_key().to_vec().into(),
		);
		for destination in RelayViewDestinations::<T>::get() {
			frame_benchmarking::benchmarking::add_to_whitelist(
				RelayViewChannels::<T>::hashed_key_for(destination).into(),
			);
		}
		Ok(())
	}

	/// Accessing [`CurrentRelayParent`] once a block, which its whitelisting leaves out of every
	/// benchmark: cleared in `on_initialize`, read and set by the inherent, its bound in the proof.
	pub fn relay_parent_weight() -> Weight {
		use frame_support::traits::StorageInfoTrait;
		let bytes = xcmp_primitives::path_proof::values(
			CurrentRelayParent::<T>::storage_info().iter().map(|info| info.max_size),
		);
		T::DbWeight::get().reads_writes(1, 2).saturating_add(Weight::from_parts(0, bytes))
	}

	/// Removes the previous block's relay view. Returns the number of channels it held.
	pub(crate) fn clear_relay_view() -> u32 {
		CurrentRelayParent::<T>::kill();
		let destinations = RelayViewDestinations::<T>::take();
		for destination in destinations.iter() {
			RelayViewChannels::<T>::remove(destination);
		}
		destinations.len() as u32
	}
}

impl<T: Config> xcmp_primitives::relay_state::OutboundRelayView for Pallet<T> {
	fn relay_parent_number() -> Option<RelayBlockNumber> {
		CurrentRelayParent::<T>::get()
	}

	/// Reads only what the block's inherent wrote ([`RelayViewDestinations`], then the channel's
	/// record if the view covers it): once the inherent ran, the egress pallet's reads come from
	/// the block's overlay, never from the database, whatever the destination.
	fn outbound_channel(destination: ParaId) -> Option<OutboundChannelView> {
		RelayViewDestinations::<T>::get().binary_search(&destination).ok()?;
		RelayViewChannels::<T>::get(destination)
	}
}
