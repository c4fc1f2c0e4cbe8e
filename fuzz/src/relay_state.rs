//! A relay state holding `pallet-xcmp-relay`'s records, read through
//! [`RelayStateProof`], and the oracle: a read from any proof, plain or compact, either fails or
//! yields what the state holds.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use codec::Encode;
use sp_trie::{CompactProof, StorageProof, TrieMut};
use xcmp_primitives::{
	relay_state::{
		keys, ChannelState, RefusedRange, RelayStateError, RelayStateProof,
		DEFAULT_RELAY_PALLET_NAME as PALLET,
	},
	ChannelCursor, Hashing, Layout, H256,
};

use crate::{pick, ParaChoice, A, B, C};

/// The relay state: its root and every node of its trie.
pub struct RelayStateFixture {
	/// The state root proofs are checked against.
	pub state_root: H256,
	/// Every trie node of the state: a proof of all of it.
	pub nodes: Vec<Vec<u8>>,
	/// The same proof in compact form, as the ingress inherent carries it.
	pub compact_nodes: Vec<Vec<u8>>,
	/// A reader over all of it: the reference answers.
	pub reference: RelayStateProof,
	/// The same nodes as a database: the reference answers for raw keys.
	pub reference_db: sp_trie::MemoryDB<Hashing>,
}

/// The fixture, built on first use.
pub fn relay_state_fixture() -> &'static RelayStateFixture {
	static FIXTURE: OnceLock<RelayStateFixture> = OnceLock::new();
	FIXTURE.get_or_init(build_relay_state_fixture)
}

fn build_relay_state_fixture() -> RelayStateFixture {
	let limits = crate::candidate::LIMITS;
	let para = crate::para;
	let mut refused_channel = ChannelState::new(limits);
	refused_channel.last_sent = 2;
	refused_channel.cursor = ChannelCursor { last_nonce: 2, mqc_head: H256::repeat_byte(3) };
	refused_channel.refused =
		vec![RefusedRange { first: 1, last: 2, recorded_at: 7 }].try_into().expect("one range");
	let mut open_channel = ChannelState::new(limits);
	open_channel.last_sent = 4;
	open_channel.cursor = ChannelCursor { last_nonce: 1, mqc_head: H256::repeat_byte(1) };
	let records: Vec<(Vec<u8>, Vec<u8>)> = vec![
		(keys::channel(PALLET, para(A), para(B)), open_channel.encode()),
		(keys::channel(PALLET, para(C), para(B)), refused_channel.encode()),
		(keys::channel(PALLET, para(B), para(A)), ChannelState::new(limits).encode()),
		(keys::blocked(PALLET, para(B), para(C)), ().encode()),
		(keys::egress_root(PALLET, para(A), 5), H256::repeat_byte(5).encode()),
		(keys::digest(PALLET, para(B), 5), vec![(para(A), 4u64)].encode()),
		(keys::watermark(PALLET, para(B)), 3u32.encode()),
		(keys::last_egress_at(PALLET, para(A)), 5u32.encode()),
		// A record that does not decode as what its key says it holds.
		(keys::watermark(PALLET, para(C)), vec![1u8]),
	];
	let mut db = sp_trie::MemoryDB::<Hashing>::default();
	let mut state_root = H256::default();
	{
		let mut trie = sp_trie::TrieDBMutBuilder::<Layout>::new(&mut db, &mut state_root).build();
		for (key, value) in &records {
			trie.insert(key, value).expect("an in-memory trie");
		}
	}
	let nodes: Vec<Vec<u8>> =
		db.drain().into_values().filter(|(_, rc)| *rc > 0).map(|(node, _)| node).collect();
	let whole = StorageProof::new(nodes.clone());
	let reference = RelayStateProof::new(PALLET, state_root, whole.clone());
	assert_eq!(reference.watermark(para(B)), Ok(3), "the reference reads the state");
	let reference_db = whole.to_memory_db();
	let compact_nodes =
		whole.into_compact_proof::<Hashing>(state_root).expect("a whole trie").encoded_nodes;
	let compact = CompactProof { encoded_nodes: compact_nodes.clone() };
	let from_compact = RelayStateProof::from_compact(PALLET, state_root, &compact);
	assert_eq!(from_compact.map(|r| r.watermark(para(B))).ok(), Some(Ok(3)), "compact reads too");
	RelayStateFixture { state_root, nodes, compact_nodes, reference, reference_db }
}

/// One read a parachain makes through a [`RelayStateProof`].
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum RelayRead {
	/// `channel(sender, receiver)`.
	Channel(ParaChoice, ParaChoice),
	/// `blocks(receiver, sender)`.
	Blocks(ParaChoice, ParaChoice),
	/// `egress_root(sender, sent_at)`.
	EgressRoot(ParaChoice, u32),
	/// `digest(receiver, sent_at)`.
	Digest(ParaChoice, u32),
	/// `watermark(receiver)`.
	Watermark(ParaChoice),
}

/// What a read returned, comparable across readers.
type ReadResult = Result<Vec<u8>, RelayStateError>;

impl RelayRead {
	/// Performs the read on `proof`, the value re-encoded.
	pub fn read(&self, proof: &RelayStateProof) -> ReadResult {
		let id = ParaChoice::id;
		match *self {
			Self::Channel(s, r) => proof.channel(id(s), id(r)).map(|v| v.encode()),
			Self::Blocks(r, s) => proof.blocks(id(r), id(s)).map(|v| v.encode()),
			Self::EgressRoot(s, at) => proof.egress_root(id(s), at).map(|v| v.encode()),
			Self::Digest(r, at) => proof.digest(id(r), at).map(|v| v.encode()),
			Self::Watermark(r) => proof.watermark(id(r)).map(|v| v.encode()),
		}
	}
}

/// A change to the honest proof's node set.
#[derive(Arbitrary, Clone, Debug)]
pub enum NodeMutation {
	/// Drop a node.
	Drop(u8),
	/// XOR a byte of a node.
	Flip { node: u8, offset: u16, mask: u8 },
	/// Truncate a node to `len % (its length + 1)` bytes.
	Truncate { node: u8, len: u16 },
	/// Append bytes to a node.
	Pad { node: u8, bytes: Vec<u8> },
	/// Add an arbitrary node.
	Add(Vec<u8>),
}

/// Where the proof under test comes from.
#[derive(Arbitrary, Clone, Debug)]
pub enum ProofSource {
	/// Arbitrary bytes, decoded as a runtime decodes a `StorageProof` (or a `CompactProof`,
	/// which encodes the same way) from an inherent.
	Encoded(Vec<u8>),
	/// The honest proof, changed (plain or compact).
	Mutated(Vec<NodeMutation>),
}

/// The input of the `relay_state_proof` target.
#[derive(Arbitrary, Clone, Debug)]
pub struct RelayStateInput {
	/// The proof.
	pub source: ProofSource,
	/// Reads through it.
	pub reads: Vec<RelayRead>,
	/// Raw keys read straight from the proof's trie.
	pub raw_keys: Vec<Vec<u8>>,
}

/// The proof `source` describes, or `None` if its bytes do not decode.
pub fn storage_proof(source: &ProofSource) -> Option<StorageProof> {
	use codec::DecodeLimit;
	match source {
		ProofSource::Encoded(bytes) => {
			StorageProof::decode_all_with_depth_limit(crate::MAX_DECODE_DEPTH, &mut &bytes[..]).ok()
		}
		ProofSource::Mutated(mutations) => {
			Some(StorageProof::new(mutate(relay_state_fixture().nodes.clone(), mutations)))
		}
	}
}

/// The compact proof `source` describes, or `None` if its bytes do not decode.
pub fn compact_proof(source: &ProofSource) -> Option<CompactProof> {
	use codec::DecodeLimit;
	match source {
		ProofSource::Encoded(bytes) => {
			CompactProof::decode_all_with_depth_limit(crate::MAX_DECODE_DEPTH, &mut &bytes[..]).ok()
		}
		ProofSource::Mutated(mutations) => {
			let nodes = mutate(relay_state_fixture().compact_nodes.clone(), mutations);
			Some(CompactProof { encoded_nodes: nodes })
		}
	}
}

/// `nodes` with `mutations` applied in order.
fn mutate(mut nodes: Vec<Vec<u8>>, mutations: &[NodeMutation]) -> Vec<Vec<u8>> {
	for mutation in mutations {
		mutation.apply(&mut nodes);
	}
	nodes
}

impl NodeMutation {
	/// Applies the change to the proof `nodes`; one naming a node of an empty proof does
	/// nothing.
	pub fn apply(&self, nodes: &mut Vec<Vec<u8>>) {
		match self {
			Self::Drop(n) => {
				if let Some(n) = pick(nodes.len(), *n) {
					nodes.remove(n);
				}
			}
			Self::Flip { node, offset, mask } => {
				if let Some(n) = pick(nodes.len(), *node) {
					let len = nodes[n].len();
					if len > 0 {
						nodes[n][usize::from(*offset) % len] ^= mask;
					}
				}
			}
			Self::Truncate { node, len } => {
				if let Some(n) = pick(nodes.len(), *node) {
					let keep = usize::from(*len) % (nodes[n].len() + 1);
					nodes[n].truncate(keep);
				}
			}
			Self::Pad { node, bytes } => {
				if let Some(n) = pick(nodes.len(), *node) {
					nodes[n].extend_from_slice(bytes);
				}
			}
			Self::Add(bytes) => nodes.push(bytes.clone()),
		}
	}
}

/// Reads through the proof `input` describes, plain and compact, against the fixture's state
/// root, and asserts that every read either fails or yields what the state holds. Panics on a
/// violation.
pub fn check_relay_state_reads(input: &RelayStateInput) {
	let fixture = relay_state_fixture();
	// Raw keys read straight from a proof's trie yield what the state holds, or fail.
	let check_raw_keys = |db: &sp_trie::MemoryDB<Hashing>, form: &str| {
		for key in &input.raw_keys {
			let read = |db: &sp_trie::MemoryDB<Hashing>| {
				sp_trie::read_trie_value::<Layout, _>(db, &fixture.state_root, key, None, None)
			};
			if let Ok(value) = read(db) {
				let reference = read(&fixture.reference_db).ok();
				assert_eq!(Some(value), reference, "key {key:?} read a forged value ({form})");
			}
		}
	};
	if let Some(compact) = compact_proof(&input.source) {
		// Decoding checks the root: a compact proof either fails as a whole or is a part of the
		// state's trie, so each read it answers is the reference's.
		if let Ok(reader) = RelayStateProof::from_compact(PALLET, fixture.state_root, &compact) {
			for read in &input.reads {
				if let Ok(value) = read.read(&reader) {
					let reference = read.read(&fixture.reference);
					assert_eq!(Ok(value), reference, "{read:?} read a forged value (compact)");
				}
			}
			if let Ok((db, _)) = compact.to_memory_db::<Hashing>(&fixture.state_root) {
				check_raw_keys(&db, "compact");
			}
		}
	}
	let Some(proof) = storage_proof(&input.source) else { return };
	let db = proof.clone().into_memory_db::<Hashing>();
	let reader = RelayStateProof::new(PALLET, fixture.state_root, proof);
	for read in &input.reads {
		if let Ok(value) = read.read(&reader) {
			assert_eq!(Ok(value), read.read(&fixture.reference), "{read:?} read a forged value");
		}
	}
	check_raw_keys(&db, "plain");
}
