//! A web page's visible text, its fingerprint, and near-copy comparison.
//!
//! Front companies often lift the "about us" and service pages of a real firm and change
//! the name. To find that, a page's visible text is cut into overlapping runs of
//! [`SHINGLE_WORDS`] words ("shingles"), each hashed to 64 bits. Two pages that share many
//! shingles share whole passages, which a name swap does not hide. The shingle hashes of
//! every fetched page are stored, so one page is compared against a thousand others by
//! merging sorted integer lists.
//!
//! The fingerprint is the SHA-256 of the normalised words, so the same text always has the
//! same fingerprint whatever its markup, and the shingle hash is FNV-1a over the normalised
//! words: both are fixed here and must not change, or stored pages stop comparing.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// Words per shingle. Five words is long enough that shared shingles mean shared prose,
/// not shared phrases like "contact us for more".
pub const SHINGLE_WORDS: usize = 5;
/// Most visible text kept from one page, in characters.
pub const MAX_TEXT_CHARS: usize = 200_000;
/// Shared shingles needed before a page is called a near-copy.
pub const MIN_SHARED_SHINGLES: usize = 12;
/// Share of either page's shingles that must be found in the other.
pub const NEAR_COPY_CONTAINMENT: f64 = 0.3;

/// What a page says, without its markup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageText {
    /// The `<title>`.
    pub title: String,
    /// Visible text: no scripts, styles or templates; blocks on their own lines.
    pub text: String,
}

/// Elements whose content is never shown as text.
const HIDDEN: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"svg",
    b"head",
    b"iframe",
    b"object",
];
/// Elements that start a new line of text.
const BLOCKS: &[&[u8]] = &[
    b"p",
    b"div",
    b"br",
    b"li",
    b"ul",
    b"ol",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"tr",
    b"td",
    b"th",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"nav",
    b"main",
    b"aside",
    b"blockquote",
    b"pre",
    b"table",
    b"form",
    b"address",
    b"dd",
    b"dt",
    b"figcaption",
    b"hr",
];

/// Extracts the title and visible text of an HTML page.
pub fn extract(html: &str) -> PageText {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut emitter = DefaultEmitter::default();
    // Switch to raw-text states inside script and style, as a browser's tree builder would,
    // so `if (a<b)` in a script is not read as a tag.
    emitter.naively_switch_states(true);
    let mut title = String::new();
    let mut text = String::new();
    // Depth inside hidden elements; `head` is hidden but its `title` is kept.
    let mut hidden = 0usize;
    let mut in_title = false;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if name == b"title" {
                    in_title = true;
                } else if HIDDEN.contains(&name.as_slice()) && !tag.self_closing {
                    hidden += 1;
                } else if BLOCKS.contains(&name.as_slice()) {
                    text.push('\n');
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                if name == b"title" {
                    in_title = false;
                } else if HIDDEN.contains(&name.as_slice()) {
                    hidden = hidden.saturating_sub(1);
                } else if BLOCKS.contains(&name.as_slice()) {
                    text.push('\n');
                }
            }
            Token::String(s) => {
                let s = String::from_utf8_lossy(&s);
                if in_title {
                    if title.chars().count() < 500 {
                        title.push_str(&s);
                    }
                } else if hidden == 0 && text.len() < MAX_TEXT_CHARS * 4 {
                    text.push_str(&s);
                }
            }
            _ => {}
        }
    }
    PageText {
        title: collapse(&title, false),
        text: collapse(&text, true).chars().take(MAX_TEXT_CHARS).collect(),
    }
}

/// Collapses runs of white space; keeps line breaks between blocks when `lines`.
fn collapse(s: &str, lines: bool) -> String {
    let mut out = Vec::new();
    for line in s.split('\n') {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !l.is_empty() {
            out.push(l);
        }
    }
    out.join(if lines { "\n" } else { " " })
}

/// The words of a text as compared: NFKC, lower case, letters and digits only.
pub fn words(text: &str) -> Vec<String> {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn fnv1a(words: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            h ^= u64::from(b' ');
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in w.as_bytes() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A text's fingerprint and shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPrint {
    /// SHA-256 of the normalised words, hex.
    pub fingerprint: String,
    /// Sorted, distinct shingle hashes.
    pub shingles: Vec<u64>,
    /// Number of words.
    pub word_count: usize,
}

/// Fingerprints a text.
pub fn print(text: &str) -> TextPrint {
    let w = words(text);
    let fingerprint = hex::encode(Sha256::digest(w.join(" ").as_bytes()));
    let mut shingles: Vec<u64> = if w.len() < SHINGLE_WORDS {
        if w.is_empty() {
            Vec::new()
        } else {
            vec![fnv1a(&w)]
        }
    } else {
        w.windows(SHINGLE_WORDS).map(fnv1a).collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    TextPrint {
        fingerprint,
        shingles,
        word_count: w.len(),
    }
}

/// Shingles as stored: little-endian u64s.
pub fn shingles_to_bytes(shingles: &[u64]) -> Vec<u8> {
    shingles.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// Reads stored shingles back; a trailing partial value is dropped.
pub fn shingles_from_bytes(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect()
}

/// How much two pages share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overlap {
    /// Shingles in both.
    pub shared: u32,
    /// Share of the first page's shingles found in the second.
    pub of_first: f64,
    /// Share of the second page's shingles found in the first.
    pub of_second: f64,
}

impl Overlap {
    /// True when the pages share whole passages.
    pub fn is_near_copy(&self) -> bool {
        self.shared as usize >= MIN_SHARED_SHINGLES
            && (self.of_first >= NEAR_COPY_CONTAINMENT || self.of_second >= NEAR_COPY_CONTAINMENT)
    }
}

/// Compares two sorted shingle lists by merging them.
pub fn overlap(a: &[u64], b: &[u64]) -> Overlap {
    let (mut i, mut j, mut shared) = (0, 0, 0u32);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let share = |n: usize| {
        if n == 0 {
            0.0
        } else {
            f64::from(shared) / n as f64
        }
    };
    Overlap {
        shared,
        of_first: share(a.len()),
        of_second: share(b.len()),
    }
}

/// The passages of `text` that also occur in the page with shingles `other`, longest
/// first, at most `limit`, each cut to 400 characters.
pub fn shared_passages(text: &str, other: &[u64], limit: usize) -> Vec<String> {
    let w = words(text);
    if w.len() < SHINGLE_WORDS {
        return Vec::new();
    }
    let other: HashSet<u64> = other.iter().copied().collect();
    let mut covered = vec![false; w.len()];
    for (start, window) in w.windows(SHINGLE_WORDS).enumerate() {
        if other.contains(&fnv1a(window)) {
            covered[start..start + SHINGLE_WORDS].fill(true);
        }
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in covered.iter().chain(std::iter::once(&false)).enumerate() {
        match (c, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    runs.sort_by_key(|(s, e)| std::cmp::Reverse(e - s));
    runs.into_iter()
        .take(limit)
        .map(|(s, e)| {
            let p = w[s..e].join(" ");
            if p.chars().count() > 400 {
                format!("{}…", p.chars().take(400).collect::<String>())
            } else {
                p
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_leaves_out_scripts_styles_and_markup() {
        let page = extract(
            r#"<!doctype html><html><head><title> Acme &amp; Sons </title>
            <style>p { color: red }</style><script>if (a<b) { document.write("<p>no</p>") }</script>
            </head><body><nav>Home</nav><h1>We build&nbsp;software</h1>
            <p>Since 2009 we have <b>shipped</b> apps.</p><noscript>enable js</noscript>
            <template><p>hidden</p></template><img src=x onerror=alert(1)></body></html>"#,
        );
        assert_eq!(page.title, "Acme & Sons");
        assert_eq!(
            page.text,
            "Home\nWe build software\nSince 2009 we have shipped apps."
        );
    }

    #[test]
    fn fingerprint_ignores_markup_case_and_spacing() {
        let a = print("We build   software.\nSince 2009!");
        let b = print(&extract("<p>we BUILD software</p><div>since 2009</div>").text);
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_eq!(a.shingles, b.shingles);
        assert_ne!(
            a.fingerprint,
            print("We build hardware. Since 2009").fingerprint
        );
        assert_eq!(
            shingles_from_bytes(&shingles_to_bytes(&a.shingles)),
            a.shingles
        );
    }

    const ORIGINAL: &str = "Northwind Consulting helps mid-sized manufacturers modernise their \
        supply chains. Our team of forty engineers has delivered more than two hundred \
        integration projects across Europe and North America since 2009. We specialise in \
        warehouse management systems, demand forecasting and supplier portals, and we stay \
        with every client after launch with a dedicated support engineer.";

    #[test]
    fn a_copy_with_the_name_swapped_is_a_near_copy_with_its_passages() {
        let copy = ORIGINAL.replace("Northwind Consulting", "Brightpath Solutions LLC")
            + " Contact us today for a free quote.";
        let a = print(&copy);
        let b = print(ORIGINAL);
        let o = overlap(&a.shingles, &b.shingles);
        assert!(o.is_near_copy(), "{o:?}");
        assert!(o.of_second > 0.8, "{o:?}");
        let passages = shared_passages(&copy, &b.shingles, 3);
        assert_eq!(passages.len(), 1);
        assert!(
            passages[0].starts_with("helps mid sized manufacturers"),
            "{passages:?}"
        );
        assert!(passages[0].contains("dedicated support engineer"));
    }

    #[test]
    fn unrelated_pages_on_the_same_topic_are_not_near_copies() {
        let other = "Our consultancy supports manufacturers with supply chain software. We \
            are a team of engineers working with clients in Europe and North America on \
            warehouse systems, forecasting and portals, with support after launch.";
        let o = overlap(&print(other).shingles, &print(ORIGINAL).shingles);
        assert!(!o.is_near_copy(), "{o:?}");
        assert_eq!(overlap(&[], &[]).shared, 0);
        assert!(shared_passages("too short", &[1, 2], 3).is_empty());
    }
}
