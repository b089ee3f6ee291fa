//! Scoring one prepared name against another, with the reasons.
//!
//! Tokens are aligned, not compared in order: lists and people put surnames first or
//! last, and a person may give one name of three. Every query token and every candidate
//! token either aligns with a partner (or with two neighbours glued together, for
//! `Jongun`/`Jong Un` and `Silverstar`/`Silver Star`) or stays unmatched. The score is
//! the weighted share of both names that aligned, times how well it aligned, so both
//! extra tokens on either side and poor pairs pull it down.

use serde::{Deserialize, Serialize};

use super::text::{
    Prepared, Script, Token, TokenRole, korean_key, particle_class, skeleton, sound_key,
};

/// Why two tokens were taken as the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PairReason {
    /// Identical after folding.
    Exact,
    /// Known variants of a Korean romanisation (`Jong`/`Jeong`, `Lee`/`Ri`).
    Romanisation,
    /// A Korean or Japanese reading of a Chinese character.
    Reading,
    /// Same consonants, for scripts written without vowels.
    Consonants,
    /// Sound alike.
    Phonetic,
    /// An initial standing for the name.
    Initial,
    /// Similar spelling.
    Spelling,
}

impl PairReason {
    /// The words shown to people.
    pub fn word(self) -> &'static str {
        match self {
            PairReason::Exact => "same",
            PairReason::Romanisation => "Korean romanisation variant",
            PairReason::Reading => "reading of a Chinese character",
            PairReason::Consonants => "same consonants",
            PairReason::Phonetic => "sounds alike",
            PairReason::Initial => "initial",
            PairReason::Spelling => "similar spelling",
        }
    }
}

/// One aligned pair of tokens (or glued tokens) and how well they matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlignedPair {
    /// Query token(s), as folded.
    pub query: String,
    /// Candidate token(s), as folded.
    pub candidate: String,
    /// Similarity 0–1.
    pub score: f32,
    /// Why they were taken as the same.
    pub reason: PairReason,
}

/// How much one token counted in a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TokenWeight {
    /// The token, as folded.
    pub token: String,
    /// Its weight: longer words more, legal forms and particles little, words common on
    /// the loaded lists less.
    pub weight: f32,
    /// The share of its weight it kept for being common on the loaded lists (1 when it is
    /// rare or the lists do not contain it).
    pub rarity: f32,
}

/// The result of comparing two names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NameScore {
    /// 0–1.
    pub score: f32,
    /// Aligned token pairs, best first.
    pub pairs: Vec<AlignedPair>,
    /// Query tokens that found no partner.
    pub unmatched_query: Vec<String>,
    /// Candidate tokens that found no partner.
    pub unmatched_candidate: Vec<String>,
    /// True when the names are identical in their original (non-Latin) script.
    pub original_script_exact: bool,
    /// Every token of both names with what it counted, query tokens first.
    #[serde(default)]
    pub weights: Vec<TokenWeight>,
}

/// The weights of the tokens of both names, each token once.
fn token_weights(q: &[Token], c: &[Token]) -> Vec<TokenWeight> {
    let mut out: Vec<TokenWeight> = Vec::new();
    for t in q.iter().chain(c) {
        if !out.iter().any(|w| w.token == t.text) {
            out.push(TokenWeight {
                token: t.text.clone(),
                weight: (t.weight() * 100.0).round() / 100.0,
                rarity: (t.rarity * 100.0).round() / 100.0,
            });
        }
    }
    out
}

/// What a token present on one side only costs, relative to a conflicting one.
const EXTRA_COST: f32 = 0.6;

/// Below this, two tokens are not aligned at all.
const MIN_PAIR: f32 = 0.62;

/// Compares two prepared names.
pub fn score_names(query: &Prepared, candidate: &Prepared) -> NameScore {
    if let (Some(a), Some(b)) = (&query.original_key, &candidate.original_key)
        && a == b
    {
        return NameScore {
            score: 1.0,
            pairs: vec![AlignedPair {
                query: query.original.clone(),
                candidate: candidate.original.clone(),
                score: 1.0,
                reason: PairReason::Exact,
            }],
            unmatched_query: Vec::new(),
            unmatched_candidate: Vec::new(),
            original_script_exact: true,
            weights: Vec::new(),
        };
    }
    align(&query.tokens, &candidate.tokens)
}

/// A possible alignment: the query tokens `q.0..q.1` against the candidate tokens
/// `c.0..c.1`, and how well they match.
struct PairOption {
    q: (usize, usize),
    c: (usize, usize),
    sim: f32,
    reason: PairReason,
}

/// Which tokens the chosen pairs took, and what they add up to.
struct Alignment {
    q_used: Vec<bool>,
    c_used: Vec<bool>,
    /// Weight of the aligned tokens on both sides.
    aligned_weight: f32,
    /// Weight of the aligned tokens, each pair's times its credit.
    matched: f32,
    pairs: Vec<AlignedPair>,
    /// Where each pair starts on the query and on the candidate side.
    order: Vec<(usize, usize)>,
}

fn align(q: &[Token], c: &[Token]) -> NameScore {
    let mut options = pair_options(q, c);
    // Best pairs first; among equals, the one that covers more tokens.
    options.sort_by(|a, b| {
        b.sim
            .total_cmp(&a.sim)
            .then((b.q.1 - b.q.0 + b.c.1 - b.c.0).cmp(&(a.q.1 - a.q.0 + a.c.1 - a.c.0)))
    });
    let mut alignment = take_best(options, q, c);
    let score = alignment_score(&mut alignment, q, c);
    let unmatched = |ts: &[Token], used: &[bool]| {
        ts.iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(t, _)| t.text.clone())
            .collect::<Vec<_>>()
    };
    NameScore {
        score,
        unmatched_query: unmatched(q, &alignment.q_used),
        unmatched_candidate: unmatched(c, &alignment.c_used),
        pairs: alignment.pairs,
        original_script_exact: false,
        weights: token_weights(q, c),
    }
}

/// Every pair worth aligning: token against token, glued neighbours against a token,
/// and acronyms against initials, in that order.
fn pair_options(q: &[Token], c: &[Token]) -> Vec<PairOption> {
    let mut options: Vec<PairOption> = Vec::new();
    for (i, qt) in q.iter().enumerate() {
        for (j, ct) in c.iter().enumerate() {
            let (sim, reason) = token_sim(qt, ct);
            if sim >= MIN_PAIR {
                options.push(PairOption {
                    q: (i, i + 1),
                    c: (j, j + 1),
                    sim,
                    reason,
                });
            }
        }
    }
    add_glued_options(q, c, &mut options);
    // An acronym against the initials of neighbouring words: `PLA`, `JC Juncker`.
    for (i, qt) in q.iter().enumerate() {
        add_acronym(qt, c, |j0, j1, sim| {
            options.push(PairOption {
                q: (i, i + 1),
                c: (j0, j1),
                sim,
                reason: PairReason::Initial,
            })
        });
    }
    for (j, ct) in c.iter().enumerate() {
        add_acronym(ct, q, |i0, i1, sim| {
            options.push(PairOption {
                q: (i0, i1),
                c: (j, j + 1),
                sim,
                reason: PairReason::Initial,
            })
        });
    }
    options
}

/// Glued neighbours: two or three tokens on one side against one on the other.
fn add_glued_options(q: &[Token], c: &[Token], options: &mut Vec<PairOption>) {
    for span in 2..=3 {
        for i in 0..q.len().saturating_sub(span - 1) {
            let glued = glue(&q[i..i + span]);
            for (j, ct) in c.iter().enumerate() {
                if let Some((sim, reason)) = best_glued(&glued, ct, &q[i..i + span]) {
                    options.push(PairOption {
                        q: (i, i + span),
                        c: (j, j + 1),
                        sim,
                        reason,
                    });
                }
            }
        }
        for j in 0..c.len().saturating_sub(span - 1) {
            let glued = glue(&c[j..j + span]);
            for (i, qt) in q.iter().enumerate() {
                if let Some((sim, reason)) = best_glued(&glued, qt, &c[j..j + span]) {
                    options.push(PairOption {
                        q: (i, i + 1),
                        c: (j, j + span),
                        sim,
                        reason,
                    });
                }
            }
        }
    }
}

/// Takes the options best first, each unless a better one already took one of its
/// tokens.
fn take_best(options: Vec<PairOption>, q: &[Token], c: &[Token]) -> Alignment {
    let mut a = Alignment {
        q_used: vec![false; q.len()],
        c_used: vec![false; c.len()],
        aligned_weight: 0.0f32,
        matched: 0.0f32,
        pairs: Vec::new(),
        order: Vec::new(),
    };
    let weight = |ts: &[Token]| ts.iter().map(Token::weight).sum::<f32>();
    for o in options {
        if a.q_used[o.q.0..o.q.1].iter().any(|u| *u) || a.c_used[o.c.0..o.c.1].iter().any(|u| *u) {
            continue;
        }
        a.q_used[o.q.0..o.q.1].iter_mut().for_each(|u| *u = true);
        a.c_used[o.c.0..o.c.1].iter_mut().for_each(|u| *u = true);
        let (qs, cs) = (&q[o.q.0..o.q.1], &c[o.c.0..o.c.1]);
        let w = weight(qs) + weight(cs);
        a.aligned_weight += w;
        // A weak pair is closer to a conflict than to a match: `Rahul`/`Atul` align at
        // 0.67 but say little. Below 0.9 each point lost counts double.
        let credit = if o.sim >= 0.9 {
            o.sim
        } else {
            (2.0 * o.sim - 0.9).max(0.0)
        };
        a.matched += credit * w;
        a.order.push((o.q.0, o.c.0));
        a.pairs.push(AlignedPair {
            query: join(qs),
            candidate: join(cs),
            score: o.sim,
            reason: o.reason,
        });
    }
    a
}

/// The score of an alignment: how well the pairs matched, times how much of both names
/// they cover, less a little for pairs in a different order.
fn alignment_score(a: &mut Alignment, q: &[Token], c: &[Token]) -> f32 {
    let left = |ts: &[Token], used: &[bool], weight: fn(&Token) -> f32| {
        ts.iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(t, _)| weight(t))
            .sum::<f32>()
    };
    // Tokens left over on both sides are a conflict (`Min Jun` against `Min Chol`); a
    // token left over on one side only is extra detail (a middle name, a patronymic)
    // and costs much less. A conflict counts by the tokens' form whatever their rarity
    // (`Ben Hamid` and `Ben Abdallah` differ however common both words are); agreement
    // and extra detail count by rarity, as a common word says little either way.
    let (base_q, base_c) = (
        left(q, &a.q_used, Token::base_weight),
        left(c, &a.c_used, Token::base_weight),
    );
    let (rare_q, rare_c) = (
        left(q, &a.q_used, Token::weight),
        left(c, &a.c_used, Token::weight),
    );
    let conflict = 2.0 * base_q.min(base_c);
    let extra = (rare_q - rare_c).abs();
    if a.aligned_weight > 0.0 {
        let quality = a.matched / a.aligned_weight;
        let coverage = a.aligned_weight / (a.aligned_weight + 1.2 * conflict + EXTRA_COST * extra);
        // Aligned in a different order: `Hans Friedrich` is not always `Friedrich Hans`,
        // but surname-first and surname-last are both common, so only a little.
        a.order.sort();
        let crossed = a.order.windows(2).filter(|w| w[1].1 < w[0].1).count();
        let order_penalty = if crossed > 0 { 0.03 } else { 0.0 };
        (quality * coverage - order_penalty).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Offers `short` as the initials of 2–5 neighbouring tokens of `other`.
fn add_acronym(short: &Token, other: &[Token], mut push: impl FnMut(usize, usize, f32)) {
    let len = short.text.len();
    if !(2..=5).contains(&len) || short.script != Script::Latin || len > other.len() {
        return;
    }
    for start in 0..=other.len() - len {
        let span = &other[start..start + len];
        if span
            .iter()
            .all(|t| t.text.len() > 1 && t.role == TokenRole::Word)
            && span
                .iter()
                .zip(short.text.chars())
                .all(|(t, c)| t.text.starts_with(c))
        {
            push(start, start + len, 0.8);
        }
    }
}

fn join(ts: &[Token]) -> String {
    ts.iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every spelling of neighbouring tokens written together. Han characters bring their
/// readings, and the second character of a Japanese compound may be voiced
/// (`yama`+`ta` → `yamada`), so the readings multiply; the count is capped.
fn glue(ts: &[Token]) -> Vec<String> {
    const CAP: usize = 40;
    let mut out = vec![String::new()];
    for (k, t) in ts.iter().enumerate() {
        let mut next = Vec::new();
        for prefix in &out {
            for form in t.forms() {
                if next.len() >= CAP {
                    break;
                }
                next.push(format!("{prefix}{form}"));
                if k > 0
                    && t.script == super::text::Script::Han
                    && let Some(voiced) = voice(form)
                    && next.len() < CAP
                {
                    next.push(format!("{prefix}{voiced}"));
                }
            }
        }
        out = next;
    }
    out
}

/// Japanese sequential voicing (rendaku) of a reading's first consonant.
fn voice(reading: &str) -> Option<String> {
    for (from, to) in [
        ("ch", "j"),
        ("sh", "j"),
        ("ts", "z"),
        ("k", "g"),
        ("s", "z"),
        ("t", "d"),
        ("h", "b"),
        ("f", "b"),
    ] {
        if let Some(rest) = reading.strip_prefix(from) {
            return Some(format!("{to}{rest}"));
        }
    }
    None
}

fn best_glued(glued: &[String], other: &Token, parts: &[Token]) -> Option<(f32, PairReason)> {
    // Legal forms do not glue to names.
    if parts.iter().any(|t| t.role == TokenRole::Legal) || other.role == TokenRole::Legal {
        return None;
    }
    let consonants = other.consonants_only() || parts.iter().any(Token::consonants_only);
    let from_readings = parts.iter().any(|t| !t.alts.is_empty()) || !other.alts.is_empty();
    let mut best: Option<(f32, PairReason)> = None;
    for g in glued {
        for form in other.forms() {
            // Far apart in length or first letter: cannot reach MIN_PAIR, so skip the work.
            let (lg, lf) = (g.len(), form.len());
            if !consonants
                && (lg.abs_diff(lf) > 2.max(lf.max(lg) / 3)
                    || g.as_bytes().first() != form.as_bytes().first())
            {
                continue;
            }
            let (sim, mut reason) = string_sim(g, form, consonants);
            if from_readings && reason == PairReason::Exact && g != &glued[0] {
                reason = PairReason::Reading;
            }
            // Gluing is a small step away from the written form.
            let sim = sim * 0.97;
            if sim >= MIN_PAIR && best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, reason));
            }
        }
    }
    best
}

/// Similarity of two tokens, over all their readings.
pub fn token_sim(a: &Token, b: &Token) -> (f32, PairReason) {
    if a.role == TokenRole::Particle && b.role == TokenRole::Particle {
        return if particle_class(&a.text) == particle_class(&b.text) {
            (1.0, PairReason::Exact)
        } else {
            (0.0, PairReason::Spelling)
        };
    }
    if let (Some(x), Some(y)) = (a.original, b.original)
        && a.script == b.script
    {
        // Two characters of the same script: the same character or not. Different
        // characters with the same reading are different names.
        return if x == y {
            (1.0, PairReason::Exact)
        } else {
            (0.0, PairReason::Spelling)
        };
    }
    let consonants = a.consonants_only() || b.consonants_only();
    let mut best = (0.0f32, PairReason::Spelling);
    for (ia, fa) in a.forms().enumerate() {
        for (ib, fb) in b.forms().enumerate() {
            // Similarity cannot exceed the length ratio by much; skip forms that cannot
            // beat the best so far (Han tokens carry a dozen readings each).
            let (la, lb) = (fa.len().max(1), fb.len().max(1));
            if !consonants && (la.min(lb) as f32 / la.max(lb) as f32) + 0.15 < best.0.max(MIN_PAIR)
            {
                continue;
            }
            let cached = (ia == 0 && ib == 0).then_some((a, b));
            let (mut sim, mut reason) = sim_impl(fa, fb, consonants, cached);
            if ia + ib > 0 {
                // A reading rather than the spelling: Korean or Japanese reading of Han.
                sim *= 0.96;
                if matches!(reason, PairReason::Exact | PairReason::Romanisation) {
                    reason = PairReason::Reading;
                }
            }
            if sim > best.0 {
                best = (sim, reason);
            }
        }
    }
    if a.role != b.role {
        // A legal form or particle against a word: `Co` the legal form is not `Co` the
        // name.
        best.0 *= 0.8;
    }
    best
}

/// Similarity of two folded strings.
pub fn string_sim(a: &str, b: &str, consonants_only: bool) -> (f32, PairReason) {
    sim_impl(a, b, consonants_only, None)
}

/// [`string_sim`], taking the sound and Korean keys from the tokens' caches when the
/// strings are their spellings.
fn sim_impl(
    a: &str,
    b: &str,
    consonants_only: bool,
    cached: Option<(&Token, &Token)>,
) -> (f32, PairReason) {
    if a == b {
        return (1.0, PairReason::Exact);
    }
    if a.is_empty() || b.is_empty() {
        return (0.0, PairReason::Spelling);
    }
    if consonants_only {
        let (sa, sb) = (skeleton(a), skeleton(b));
        if !sa.is_empty() && sa == sb {
            return (0.95, PairReason::Consonants);
        }
        let lev = lev_ratio(&sa, &sb);
        return (lev * 0.9, PairReason::Consonants);
    }
    let (la, lb) = (a.len(), b.len());
    if la == 1 || lb == 1 {
        let (short, long) = if la == 1 { (a, b) } else { (b, a) };
        return if long.starts_with(short) {
            (0.7, PairReason::Initial)
        } else {
            (0.0, PairReason::Spelling)
        };
    }
    if la <= 6 && lb <= 6 {
        let same = match cached {
            Some((x, y)) => x.korean().is_some() && x.korean() == y.korean(),
            None => korean_key(a).is_some_and(|k| Some(k) == korean_key(b)),
        };
        if same {
            return (0.93, PairReason::Romanisation);
        }
    }
    let lev = lev_ratio(a, b);
    let jw = strsim::jaro_winkler(a, b) as f32;
    let mut sim = if la.min(lb) <= 3 {
        // Short tokens: one letter is a lot (`Li`/`Lu`, `Min`/`Mun`).
        lev
    } else {
        0.6 * lev + 0.4 * jw
    };
    let mut reason = PairReason::Spelling;
    // Sounding alike lifts a pair that is already close in spelling (`Scholz` and
    // `Schulze`); on its own it is too loose to make a pair.
    let same_sound = || match cached {
        Some((x, y)) => x.sound() == y.sound(),
        None => sound_key(a) == sound_key(b),
    };
    if la.min(lb) >= 4 && sim >= 0.7 && sim < 0.86 && same_sound() {
        sim = 0.86;
        reason = PairReason::Phonetic;
    }
    (sim, reason)
}

fn lev_ratio(a: &str, b: &str) -> f32 {
    let max = a.chars().count().max(b.chars().count());
    if max == 0 {
        return 1.0;
    }
    1.0 - strsim::levenshtein(a, b) as f32 / max as f32
}

#[cfg(test)]
mod tests {
    use super::super::text::{NameKind, prepare};
    use super::*;

    fn score(a: &str, b: &str, kind: NameKind) -> NameScore {
        score_names(&prepare(a, kind), &prepare(b, kind))
    }

    #[test]
    fn identical_and_reordered_names_score_one() {
        assert_eq!(
            score("Sang Man Kim", "KIM, Sang Man", NameKind::Person).score,
            1.0
        );
    }

    #[test]
    fn glued_and_split_tokens_align() {
        for (a, b) in [
            ("Kim Jong Un", "Kim Jongun"),
            ("Kim Jong-un", "Kim Jong Un"),
            ("Yanbian Silver Star Network", "Yanbian Silverstar Network"),
        ] {
            let s = score(a, b, NameKind::Unknown);
            assert!(s.score > 0.9, "{a} / {b}: {s:?}");
        }
    }

    #[test]
    fn korean_variants_and_readings_align() {
        let s = score("Kim Jeong Eun", "Kim Jong Un", NameKind::Person);
        assert!(s.score > 0.9, "{s:?}");
        assert!(s.pairs.iter().any(|p| p.reason == PairReason::Romanisation));
        let s = score("金正恩", "Kim Jong Un", NameKind::Person);
        assert!(s.score > 0.8, "{s:?}");
        let s = score("김정은", "Kim Jong Un", NameKind::Person);
        assert!(s.score > 0.85, "{s:?}");
    }

    #[test]
    fn shared_tokens_are_not_enough() {
        let s = score("Kim Min-jun", "KIM, Min Chol", NameKind::Person);
        assert!(s.score < 0.8, "{s:?}");
        assert_eq!(s.unmatched_query, ["jun"]);
        assert_eq!(s.unmatched_candidate, ["chol"]);
    }

    #[test]
    fn legal_forms_count_little() {
        let same = score(
            "Alis LLC",
            "Limited Liability Company Alis",
            NameKind::Company,
        );
        assert!(same.score > 0.95, "{same:?}");
        let differ = score("Acme LLC", "Zenith LLC", NameKind::Company);
        assert!(differ.score < 0.3, "{differ:?}");
    }

    #[test]
    fn original_script_exact_key() {
        let s = score(
            "延边银星网络科技有限公司",
            "延边银星网络科技有限公司",
            NameKind::Company,
        );
        assert!(s.original_script_exact);
        assert_eq!(s.score, 1.0);
    }
}
