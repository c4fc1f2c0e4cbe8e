//! The pallet's invariants, checked after every test and by `try-runtime`.

use super::*;
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{ensure, traits::Get};
use xcmp_primitives::limits::MAX_BLOCKED_SENDERS;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: every held egress root has its awaited batches and no
	/// awaited batches lack their root, and they still await a receiver and list only batches
	/// not consumed yet; every digest is above its receiver's watermark and holds only entries
	/// of batches not consumed yet, and each receiver's digests form one list, oldest first,
	/// between its span's ends; channel counts cover the channels; and each receiver's blocked
	/// count covers its block list, within `MAX_BLOCKED_SENDERS`.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (sender, sent_at, _) in EgressRoots::<T>::iter() {
			ensure!(
				AwaitedBatches::<T>::contains_key(sender, sent_at),
				"an egress root is held without the batches that await it"
			);
		}
		for (sender, sent_at, egress) in AwaitedBatches::<T>::iter() {
			ensure!(
				EgressRoots::<T>::contains_key(sender, sent_at),
				"batches await an egress root the relay does not hold"
			);
			ensure!(!egress.batches.is_empty(), "an egress root is held that no receiver needs");
			let awaited = egress.batches.iter().all(|(destination, _, last)| {
				Channels::<T>::get(sender, destination)
					.is_some_and(|state| state.cursor.last_nonce < *last)
			});
			ensure!(awaited, "an egress root lists a batch its receiver consumed");
			ensure!(
				LastEgressAt::<T>::get(sender).is_some_and(|last| last >= sent_at),
				"an egress root is newer than its sender's last egress"
			);
		}
		// Each receiver's digests form one list, oldest first, from its span's oldest to its
		// newest, every one above its watermark and holding an entry.
		let mut digests = BTreeMap::<ParaId, u32>::new();
		for (receiver, recorded_at, digest) in Digests::<T>::iter() {
			ensure!(
				recorded_at > Watermarks::<T>::get(receiver),
				"a digest at or below its receiver's watermark"
			);
			ensure!(!digest.entries.is_empty(), "an empty digest");
			let pending = digest.entries.iter().all(|(sender, last)| {
				Channels::<T>::get(sender, receiver)
					.is_some_and(|state| state.cursor.last_nonce < *last)
			});
			ensure!(pending, "a digest entry of a batch its receiver consumed");
			*digests.entry(receiver).or_default() += 1;
		}
		for (receiver, span) in DigestSpans::<T>::iter() {
			let (mut at, mut previous, mut walked) = (Some(span.oldest), None, 0u32);
			while let Some(recorded_at) = at {
				let digest =
					Digests::<T>::get(receiver, recorded_at).ok_or("a digest link to no digest")?;
				ensure!(digest.previous == previous, "a digest's links disagree");
				ensure!(previous.is_none_or(|p| p < recorded_at), "digests out of order");
				walked += 1;
				(previous, at) = (Some(recorded_at), digest.next);
			}
			ensure!(previous == Some(span.newest), "a digest span's newest is not its last");
			ensure!(
				digests.remove(&receiver) == Some(walked),
				"a receiver's digests are not all in its list"
			);
		}
		ensure!(digests.is_empty(), "digests without a span");
		let (mut inbound, mut outbound) = (BTreeMap::new(), BTreeMap::new());
		let mut refusing = BTreeMap::<ParaId, BTreeSet<ParaId>>::new();
		for (sender, receiver, state) in Channels::<T>::iter() {
			ensure!(
				state.cursor.last_nonce <= state.last_sent,
				"a receiver's cursor is past what its sender committed"
			);
			ensure!(sender != receiver, "a channel to self");
			if let Some(earlier) = state.earlier_limits {
				ensure!(
					earlier.until <= Self::now()
						&& earlier.last_nonce <= state.last_sent
						&& earlier.limits.validate().is_ok(),
					"a channel's earlier limits are from the future, past its last nonce or invalid"
				);
			}
			*inbound.entry(receiver).or_insert(0u32) += 1;
			*outbound.entry(sender).or_insert(0u32) += 1;
			if !state.refused.is_empty() {
				refusing.entry(sender).or_default().insert(receiver);
			}
		}
		for (receiver, count) in InboundChannelCount::<T>::iter() {
			ensure!(
				inbound.remove(&receiver).unwrap_or_default() == count,
				"inbound channel count differs from the channels"
			);
		}
		ensure!(inbound.is_empty(), "channels into a parachain without its count");
		for (sender, count) in OutboundChannelCount::<T>::iter() {
			ensure!(
				outbound.remove(&sender).unwrap_or_default() == count,
				"outbound channel count differs from the channels"
			);
		}
		ensure!(outbound.is_empty(), "channels out of a parachain without its count");
		for (sender, receivers) in UnseenRefusals::<T>::iter() {
			ensure!(
				refusing.remove(&sender).unwrap_or_default()
					== receivers.iter().copied().collect::<BTreeSet<_>>()
					&& receivers.iter().zip(receivers.iter().skip(1)).all(|(a, b)| a < b),
				"unseen refusals index differs from the channels"
			);
		}
		ensure!(refusing.is_empty(), "channels with refusals missing from the index");
		Self::try_requests()?;
		for (sender, receiver, proposal) in LimitsProposals::<T>::iter() {
			let open =
				Channels::<T>::get(sender, receiver).is_some_and(|state| !state.is_closing());
			ensure!(
				open && (proposal.by == sender || proposal.by == receiver),
				"a limits proposal for a channel that is not open, or by a non-member"
			);
		}
		let mut blocked = BTreeMap::<ParaId, u32>::new();
		for (receiver, sender, _) in Blocked::<T>::iter() {
			ensure!(receiver != sender, "a receiver blocks itself");
			*blocked.entry(receiver).or_default() += 1;
		}
		for (receiver, count) in BlockedCount::<T>::iter() {
			ensure!(count > 0, "a blocked count of zero is stored");
			ensure!(
				blocked.remove(&receiver).unwrap_or_default() == count,
				"blocked count differs from the block list"
			);
			ensure!(
				count <= MAX_BLOCKED_SENDERS,
				"a receiver blocks more than the protocol allows"
			);
		}
		ensure!(blocked.is_empty(), "a block list without its count");
		Ok(())
	}

	/// Checks the pending requests: each is for a pair without a channel or with a closed one,
	/// the request counts are those between pairs without a channel record, channels and
	/// requests together stay within the bounds, and what each parachain's sovereign account
	/// holds for requests is the sum of its pending requests' deposits (each
	/// [`Config::ChannelRequestDeposit`] when made).
	#[cfg(any(feature = "try-runtime", test))]
	fn try_requests() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::Saturating;
		let (mut inbound, mut outbound) = (BTreeMap::new(), BTreeMap::new());
		let mut deposits = BTreeMap::<ParaId, BalanceOf<T>>::new();
		for (sender, receiver, request) in OpenRequests::<T>::iter() {
			ensure!(sender != receiver, "a request for a channel to self");
			let deposit = deposits.entry(sender).or_default();
			*deposit = deposit.saturating_add(request.deposit);
			match Channels::<T>::get(sender, receiver) {
				Some(state) => ensure!(state.is_closed(), "a request for an open channel"),
				None => {
					*inbound.entry(receiver).or_insert(0u32) += 1;
					*outbound.entry(sender).or_insert(0u32) += 1;
				}
			}
		}
		for (receiver, count) in InboundRequestCount::<T>::iter() {
			ensure!(
				inbound.remove(&receiver).unwrap_or_default() == count && count > 0,
				"inbound request count differs from the requests"
			);
		}
		ensure!(inbound.is_empty(), "requests into a parachain without their count");
		for (sender, count) in OutboundRequestCount::<T>::iter() {
			ensure!(
				outbound.remove(&sender).unwrap_or_default() == count && count > 0,
				"outbound request count differs from the requests"
			);
		}
		ensure!(outbound.is_empty(), "requests out of a parachain without their count");
		let reason = HoldReason::ChannelRequest.into();
		let paras: BTreeSet<ParaId> =
			deposits.keys().copied().chain(OutboundChannelCount::<T>::iter_keys()).collect();
		for para in paras {
			let held = T::Currency::balance_on_hold(&reason, &Self::para_account(para));
			ensure!(
				held == deposits.get(&para).copied().unwrap_or_default(),
				"what a parachain holds for requests differs from its requests' deposits"
			);
		}
		let receivers =
			InboundChannelCount::<T>::iter_keys().chain(InboundRequestCount::<T>::iter_keys());
		for receiver in receivers {
			let places = InboundChannelCount::<T>::get(receiver)
				.saturating_add(InboundRequestCount::<T>::get(receiver));
			ensure!(
				places <= T::MaxInboundChannels::get(),
				"channels and requests into a parachain pass MaxInboundChannels"
			);
		}
		let senders =
			OutboundChannelCount::<T>::iter_keys().chain(OutboundRequestCount::<T>::iter_keys());
		for sender in senders {
			let places = OutboundChannelCount::<T>::get(sender)
				.saturating_add(OutboundRequestCount::<T>::get(sender));
			ensure!(
				places <= T::MaxOutboundChannels::get(),
				"channels and requests out of a parachain pass MaxOutboundChannels"
			);
		}
		Ok(())
	}
}
