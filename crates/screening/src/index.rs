//! The blocking index: finds the few hundred names worth scoring for a query without
//! scanning every name on every list.
//!
//! Each name is filed under keys derived from its tokens: the token itself, its sound
//! key, its first three letters, its Korean romanisation key, neighbouring tokens glued
//! together, and the whole name in its original script. A query looks up the same keys
//! for its own tokens; candidates sharing rarer keys rank first and only the top ones are
//! scored in full.

use std::collections::HashMap;

use super::entry::identifier_key;
use super::entry::{EntryKind, Identifier, ListEntry, NameType};
use super::score::{NameScore, score_names};
use super::text::{NameKind, Prepared, Rarity, Token, TokenRole, korean_key, prepare, sound_key};

/// One list's entries, for the index: which list they come from is the caller's label.
pub struct IndexedList<'a> {
    /// Caller's label for the list (a list source id or `watchlist`).
    pub list: &'a str,
    /// Its entries.
    pub entries: &'a [ListEntry],
}

/// A name as indexed.
struct IndexedName {
    list: u16,
    entry: u32,
    name: u16,
    prepared: Prepared,
}

/// An identifier as indexed: its match key, computed once (websites need URL parsing).
struct IndexedIdentifier {
    key: String,
    list: u16,
    entry: u32,
    identifier: u16,
}

/// An index over the names of one or more lists.
pub struct Index {
    lists: Vec<String>,
    entries: Vec<Vec<ListEntry>>,
    names: Vec<IndexedName>,
    postings: Postings,
    identifiers: Vec<IndexedIdentifier>,
    /// How common each word is across the indexed names, which sets its weight.
    rarity: Rarity,
}

/// A name that scored at or above the threshold.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The caller's list label.
    pub list: &'a str,
    /// The entry.
    pub entry: &'a ListEntry,
    /// Which of the entry's names matched.
    pub name_index: usize,
    /// The score and its explanation.
    pub score: NameScore,
}

/// Candidates with fewer votes than this share of the leader's are not scored.
const MIN_VOTE_SHARE: f32 = 0.25;

/// Most candidates scored in full per query.
const MAX_SCORED: usize = 200;

fn name_kind(kind: EntryKind) -> NameKind {
    match kind {
        EntryKind::Individual => NameKind::Person,
        EntryKind::Entity | EntryKind::Vessel | EntryKind::Aircraft => NameKind::Company,
    }
}

/// A blocking key: a tag and a string hashed together (FNV-1a). Hashing avoids building
/// a string per key; a collision only adds a candidate, which scoring then rejects.
fn key(tag: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(tag).chain(parts.iter().flat_map(|p| p.bytes())) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Keys a token is filed under, each with the weight a shared key gives a candidate.
fn token_keys(t: &Token, out: &mut Vec<(u64, f32)>) {
    for (i, form) in t.forms().enumerate() {
        out.push((key(b't', &[form]), 3.0));
        if form.len() >= 3 {
            out.push((key(b'p', &[&form[..3]]), 1.0));
        }
        if form.len() >= 4 {
            let sound = if i == 0 {
                t.sound().to_string()
            } else {
                sound_key(form)
            };
            out.push((key(b's', &[&sound]), 1.0));
        }
        let korean = if i == 0 {
            t.korean().map(str::to_string)
        } else {
            korean_key(form)
        };
        if let Some(k) = korean {
            out.push((key(b'k', &[&k]), 2.0));
        }
    }
}

fn name_keys(p: &Prepared) -> Vec<(u64, f32)> {
    let mut keys = Vec::new();
    for t in p.tokens.iter().filter(|t| t.role == TokenRole::Word) {
        token_keys(t, &mut keys);
    }
    // Glued neighbours, so `Silverstar` finds `Silver Star` and the other way round.
    for w in p.tokens.windows(2) {
        if w.iter().all(|t| t.role == TokenRole::Word) {
            keys.push((key(b't', &[&w[0].text, &w[1].text]), 3.0));
        }
    }
    // Acronyms: initials of the words.
    let initials: String = p
        .tokens
        .iter()
        .filter(|t| t.role == TokenRole::Word)
        .filter_map(|t| t.text.chars().next())
        .collect();
    if (2..=5).contains(&initials.len()) {
        keys.push((key(b't', &[&initials]), 1.0));
    }
    if let Some(k) = &p.original_key {
        keys.push((key(b'o', &[k]), 10.0));
    }
    // Particle-only or legal-only names still need a key.
    if keys.is_empty() {
        for t in &p.tokens {
            token_keys(t, &mut keys);
        }
    }
    keys.sort_by_key(|k| k.0);
    keys.dedup_by_key(|k| k.0);
    keys
}

/// The keys are already hashes; hashing them again would only cost time.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Postings = HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<KeyHasher>>;

impl Index {
    /// Builds an index over the given lists.
    pub fn build(lists: Vec<(String, Vec<ListEntry>)>) -> Index {
        let mut index = Index {
            lists: Vec::new(),
            entries: Vec::new(),
            names: Vec::new(),
            postings: Postings::default(),
            identifiers: Vec::new(),
            rarity: Rarity::default(),
        };
        let mut counted = std::collections::HashSet::new();
        for (label, entries) in lists {
            let li = index.lists.len() as u16;
            for (ei, entry) in entries.iter().enumerate() {
                for (ii, id) in entry.identifiers.iter().enumerate() {
                    if let Some(key) = identifier_key(id.kind, &id.value) {
                        index.identifiers.push(IndexedIdentifier {
                            key,
                            list: li,
                            entry: ei as u32,
                            identifier: ii as u16,
                        });
                    }
                }
                let kind = name_kind(entry.kind);
                for (ni, name) in entry.names.iter().enumerate() {
                    let prepared = prepare(&name.name, kind);
                    // A name on several lists (an entity in several OpenSanctions
                    // datasets, or on OFAC's file and in an export) is one name.
                    if counted.insert(prepared.normalised()) {
                        index.rarity.count(&prepared);
                    }
                    let id = index.names.len() as u32;
                    for (key, _) in name_keys(&prepared) {
                        index.postings.entry(key).or_default().push(id);
                    }
                    index.names.push(IndexedName {
                        list: li,
                        entry: ei as u32,
                        name: ni as u16,
                        prepared,
                    });
                }
            }
            index.lists.push(label);
            index.entries.push(entries);
        }
        // Weights need every list's counts, so they are set once all names are in.
        for n in &mut index.names {
            index.rarity.apply(&mut n.prepared);
        }
        index
    }

    /// A query with its words weighted by how common they are on the indexed lists.
    pub fn weigh(&self, query: &Prepared) -> Prepared {
        let mut q = query.clone();
        self.rarity.apply(&mut q);
        q
    }

    /// Number of names indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Number of entries indexed.
    pub fn entry_count(&self) -> usize {
        self.entries.iter().map(Vec::len).sum()
    }

    /// The names scoring at or above `threshold` against `query`, best first, at most one
    /// per entry (its best-scoring name).
    pub fn search(&self, query: &Prepared, threshold: f32) -> Vec<Candidate<'_>> {
        let query = &self.weigh(query);
        let total = self.names.len().max(1) as f32;
        // Votes in a dense array: a query touches thousands of names, and a hash map per
        // query would cost more than the scoring.
        let mut votes = vec![0.0f32; self.names.len()];
        let mut touched: Vec<u32> = Vec::new();
        for (key, weight) in name_keys(query) {
            let Some(ids) = self.postings.get(&key) else {
                continue;
            };
            // Rare keys say more than common ones.
            let rarity = (total / ids.len() as f32).ln().max(0.1);
            for &id in ids {
                let v = &mut votes[id as usize];
                if *v == 0.0 {
                    touched.push(id);
                }
                *v += weight * rarity;
            }
        }
        let by_votes = |a: &u32, b: &u32| {
            votes[*b as usize]
                .total_cmp(&votes[*a as usize])
                .then(a.cmp(b))
        };
        if touched.len() > MAX_SCORED {
            touched.select_nth_unstable_by(MAX_SCORED, by_votes);
            touched.truncate(MAX_SCORED);
        }
        touched.sort_by(by_votes);
        // Candidates far behind the leader share only common keys with the query.
        let floor = touched
            .first()
            .map(|id| votes[*id as usize] * MIN_VOTE_SHARE)
            .unwrap_or(0.0);
        touched.retain(|id| votes[*id as usize] >= floor);
        let ranked = touched;
        let mut best: HashMap<(u16, u32), Candidate<'_>> = HashMap::new();
        for id in ranked {
            let n = &self.names[id as usize];
            let entry = &self.entries[n.list as usize][n.entry as usize];
            let mut score = score_names(query, &n.prepared);
            if entry.names[n.name as usize].name_type == NameType::Weak {
                // Publishers call these low quality: a match on one alone counts less.
                score.score *= 0.9;
            }
            if score.score < threshold {
                continue;
            }
            let key = (n.list, n.entry);
            if best.get(&key).is_none_or(|c| c.score.score < score.score) {
                best.insert(
                    key,
                    Candidate {
                        list: &self.lists[n.list as usize],
                        entry,
                        name_index: n.name as usize,
                        score,
                    },
                );
            }
        }
        let mut out: Vec<Candidate<'_>> = best.into_values().collect();
        out.sort_by(|a, b| {
            b.score
                .score
                .total_cmp(&a.score.score)
                .then(a.list.cmp(b.list))
                .then(a.entry.id.cmp(&b.entry.id))
        });
        out
    }

    /// Every matchable identifier with its key, list label and entry.
    pub(crate) fn identifiers(
        &self,
    ) -> impl Iterator<Item = (&str, &str, &ListEntry, &Identifier)> {
        self.identifiers.iter().map(|i| {
            let entry = &self.entries[i.list as usize][i.entry as usize];
            (
                i.key.as_str(),
                self.lists[i.list as usize].as_str(),
                entry,
                &entry.identifiers[i.identifier as usize],
            )
        })
    }
}
