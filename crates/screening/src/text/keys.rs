//! Keys that let different romanisations of one name meet: the Korean syllable key
//! (Revised Romanisation, McCune–Reischauer and common surname spellings), a coarse
//! sound key, and the consonant skeleton for scripts that leave vowels out.

/// A romanised Korean syllable or surname reduced to a key shared by its usual
/// spellings: Revised Romanisation (`jeong`, `eun`), McCune–Reischauer (`chong`, `un`)
/// and the spellings people choose (`Lee`, `Park`, `Choi`). `None` for tokens that are
/// too long to be one syllable.
pub fn korean_key(token: &str) -> Option<String> {
    if token.len() > 6 || token.is_empty() {
        return None;
    }
    if let Some((_, key)) = KOREAN_SURNAMES
        .iter()
        .find(|(spellings, _)| spellings.contains(&token))
    {
        return Some((*key).to_string());
    }
    let mut s = token
        .replace("eo", "o")
        .replace("eu", "u")
        .replace("oo", "u")
        .replace("ee", "i")
        .replace("wo", "o")
        .replace("ae", "ae");
    // Initial consonants differ between the systems (g/k, d/t, b/p, j/ch, r/l).
    for (from, to) in [
        ("ch", "j"),
        ("k", "g"),
        ("t", "d"),
        ("p", "b"),
        ("l", "r"),
        ("sh", "s"),
    ] {
        if let Some(rest) = s.strip_prefix(from) {
            s = format!("{to}{rest}");
            break;
        }
    }
    // Final consonants: -l/-r, -k/-g, -t/-d, -p/-b.
    for (from, to) in [("r", "l"), ("g", "k"), ("d", "t"), ("b", "p")] {
        if s.len() > 2
            && s.ends_with(from)
            && !s.ends_with("ng")
            && let Some(stem) = s.strip_suffix(from)
        {
            s = format!("{stem}{to}");
            break;
        }
    }
    Some(s)
}

/// Surnames whose spellings vary beyond what the syllable rules catch.
const KOREAN_SURNAMES: &[(&[&str], &str)] = &[
    (&["kim", "gim"], "gim"),
    (
        &[
            "lee", "rhee", "yi", "i", "ri", "li", "rhie", "ree", "rhi", "yee",
        ],
        "ri",
    ),
    (&["park", "pak", "bak", "bahk", "pack", "pahk"], "bak"),
    (&["choi", "choe", "chwe", "choy"], "joe"),
    (
        &["jong", "jeong", "chong", "cheong", "jung", "chung"],
        "jong",
    ),
    (&["rim", "lim", "im", "yim"], "rim"),
    (&["ryu", "yu", "yoo", "ryoo", "yoo"], "ryu"),
    (&["ro", "roh", "no", "noh"], "ro"),
    (&["ryom", "yeom", "yom"], "ryom"),
    (&["o", "oh"], "o"),
    (&["an", "ahn"], "an"),
    (&["sin", "shin"], "sin"),
    (&["kang", "gang"], "gang"),
    (&["ko", "go", "koh"], "go"),
    (&["kwon", "gwon"], "gwon"),
    (&["jon", "jeon", "chon", "cheon"], "jon"),
    (&["han"], "han"),
    (&["hyon", "hyeon", "hyun"], "hyon"),
];

/// A coarse sound key for blocking and for a floor on similar-sounding tokens:
/// `Scholz`/`Schulze`, `Mohammed`/`Muhamad`. The first letter stays; vowels go; letters
/// that sound alike collapse.
pub fn sound_key(token: &str) -> String {
    let s = token
        .replace("ph", "f")
        .replace("ck", "k")
        .replace("sch", "s")
        .replace("sh", "s")
        .replace("ch", "c")
        .replace("kh", "k")
        .replace("gh", "g")
        .replace("th", "t")
        .replace("dh", "d")
        .replace("tz", "s")
        .replace("ts", "s")
        .replace('x', "ks");
    let mut out = String::with_capacity(s.len());
    let mut last = '\0';
    for (i, c) in s.chars().enumerate() {
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' | 'w' => {
                if i == 0 {
                    'a'
                } else {
                    last = '\0';
                    continue;
                }
            }
            'q' | 'c' | 'g' | 'k' => 'k',
            'z' | 's' => 's',
            'v' | 'f' | 'b' | 'p' => 'p',
            'd' | 't' => 't',
            'j' => 'j',
            'm' | 'n' => 'n',
            other => other,
        };
        if mapped != last {
            out.push(mapped);
        }
        last = mapped;
    }
    out
}

/// The consonant skeleton used to compare transliterations of scripts that leave vowels
/// out: `Mohamed` → `mhmd` meets `محمد` → `mhmd`.
pub fn skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let mut last = '\0';
    for c in token.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w') {
            continue;
        }
        let c = match c {
            'v' | 'p' => 'b',
            'q' => 'k',
            other => other,
        };
        if c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_spellings_share_a_key() {
        for group in [
            &["jong", "jeong", "chong"][..],
            &["un", "eun"],
            &["lee", "ri", "rhee", "yi"],
            &["park", "pak", "bak"],
            &["chol", "cheol"],
            &["song", "seong"],
        ] {
            let keys: Vec<_> = group.iter().map(|t| korean_key(t)).collect();
            assert!(
                keys.windows(2).all(|w| w[0] == w[1]),
                "{group:?} → {keys:?}"
            );
        }
        assert_ne!(korean_key("min"), korean_key("mun"));
        assert_eq!(korean_key("silverstar"), None);
    }

    #[test]
    fn sound_keys_and_skeletons() {
        assert_eq!(sound_key("scholz"), sound_key("schulze"));
        assert_eq!(skeleton("mohamed"), "mhmd");
        assert_eq!(skeleton("abdullah"), "bdlh");
    }
}
