//! Channel limits and receiver cursors.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{
	limits::{MAX_CHANNEL_CAPACITY, MAX_MESSAGE_SIZE},
	Nonce,
};

/// The limits of one channel, agreed when it was opened (as HRMP's `HrmpChannel`). They bound
/// what the sender may have pending, and so any one batch.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct ChannelLimits {
	/// Most messages the channel may hold pending (queued, not yet consumed).
	pub max_capacity: u32,
	/// Most payload bytes the channel may hold pending.
	pub max_total_size: u32,
	/// Largest payload of one message on this channel.
	pub max_message_size: u32,
}

/// Why a set of [`ChannelLimits`] cannot be used.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum ChannelLimitsError {
	/// `max_capacity` is zero or above [`MAX_CHANNEL_CAPACITY`].
	CapacityOutOfRange,
	/// `max_message_size` is zero or above [`MAX_MESSAGE_SIZE`].
	MessageSizeOutOfRange,
	/// `max_total_size` is below `max_message_size`: a largest message could never be queued.
	TotalSizeBelowMessageSize,
}

impl ChannelLimits {
	/// Checks the limits against the protocol's ceilings and against each other.
	pub fn validate(&self) -> Result<(), ChannelLimitsError> {
		if self.max_capacity == 0 || self.max_capacity > MAX_CHANNEL_CAPACITY {
			return Err(ChannelLimitsError::CapacityOutOfRange);
		}
		if self.max_message_size == 0 || self.max_message_size > MAX_MESSAGE_SIZE {
			return Err(ChannelLimitsError::MessageSizeOutOfRange);
		}
		if self.max_total_size < self.max_message_size {
			return Err(ChannelLimitsError::TotalSizeBelowMessageSize);
		}
		Ok(())
	}
}

/// How far a receiver has consumed one inbound channel.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	Debug,
)]
pub struct ChannelCursor {
	/// Nonce of the last consumed message; 0 before the first.
	pub last_nonce: Nonce,
	/// The channel's MQC head after the batch that ends at that message; the zero hash before
	/// the first.
	pub mqc_head: H256,
}
