//! What HRMP, the relay-routed channels XCMP replaces, would keep in relay-chain storage for the
//! same network and traffic: the yardstick both engines measure XCMP's relay state against
//! ([`SimReport::hrmp_state_peak`](super::SimReport::hrmp_state_peak)).
//!
//! polkadot-runtime-parachains' `hrmp` pallet keeps, for each open channel, its `HrmpChannel`
//! record and the channel's entries in the sender's egress and the recipient's ingress index; and,
//! in `HrmpChannelContents`, every message sent and not yet consumed by its recipient as an
//! `InboundHrmpMessage { sent_at, data }`. Each channel's `HrmpChannelContents` key and vector
//! length, the indexes' keys and the recipients' `HrmpChannelDigests` are left out: the estimate
//! is a lower bound.

/// Bytes HRMP keeps in relay storage for each open channel, besides its messages: the
/// `HrmpChannel` record (five `u32`s, an optional 32-byte head and two `u128` deposits: 85 bytes)
/// under its 48-byte key, and the channel's entries in the sender's egress and the recipient's
/// ingress index (4 bytes each).
pub const CHANNEL_BYTES: u64 = 48 + 85 + 8;
