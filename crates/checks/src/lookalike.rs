//! Look-alike domains: a referee's or company's domain that imitates a real firm's.
//!
//! Domains are compared by their registrable part (the label under the public suffix, from
//! the Public Suffix List), so `mail.acme.co.uk` and `acme.co.uk` are the same firm and
//! `acme.co.uk` and `acme.com` differ only in their suffix. Homoglyphs are found with the
//! Unicode confusables skeleton (UTS #39), which also catches `rn` for `m` and `0` for `o`.

use serde::{Deserialize, Serialize};
use unicode_security::MixedScript;

/// Why a domain resembles a real one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LookalikeReason {
    /// Same name under another suffix (`acme.co` for `acme.com`).
    SuffixSwap,
    /// Reads the same once confusable characters are folded (`acrne`, `αcme`, `acme` with a
    /// Cyrillic `а`).
    Homoglyph,
    /// The name mixes scripts (Latin with Cyrillic letters, say).
    MixedScripts,
    /// One or two typing edits away.
    EditDistance {
        /// Number of edits.
        edits: u32,
    },
    /// The real name with words added (`acme-careers`, `getacme`).
    AddedWords,
}

impl LookalikeReason {
    /// Words for findings.
    pub fn describe(&self) -> String {
        match self {
            LookalikeReason::SuffixSwap => "same name under a different suffix".into(),
            LookalikeReason::Homoglyph => {
                "looks the same once look-alike characters are folded".into()
            }
            LookalikeReason::MixedScripts => "mixes letters of different scripts".into(),
            LookalikeReason::EditDistance { edits } => {
                format!(
                    "{edits} typing edit{} away",
                    if *edits == 1 { "" } else { "s" }
                )
            }
            LookalikeReason::AddedWords => "the real name with words added".into(),
        }
    }
}

/// A domain that resembles a real one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lookalike {
    /// The domain examined.
    pub domain: String,
    /// The real domain it resembles.
    pub resembles: String,
    /// Why.
    pub reasons: Vec<LookalikeReason>,
}

/// A domain split into its registrable label and public suffix, in Unicode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registrable {
    /// The registrable domain as written (`acme.co.uk`).
    pub domain: String,
    /// The label under the suffix, in Unicode (`acme`).
    pub label: String,
    /// The public suffix (`co.uk`).
    pub suffix: String,
}

/// Splits a host name; `None` for an IP address or a bare suffix.
pub fn registrable(host: &str) -> Option<Registrable> {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    // The suffix list is in ASCII (punycode) form.
    let ascii = idna::domain_to_ascii(&host).ok()?;
    let domain = psl::domain_str(&ascii)?.to_string();
    let suffix = psl::suffix_str(&domain)?.to_string();
    let label_ascii = domain.strip_suffix(&suffix)?.trim_end_matches('.');
    let (label, _) = idna::domain_to_unicode(label_ascii);
    Some(Registrable {
        domain,
        label,
        suffix,
    })
}

fn skeleton(s: &str) -> String {
    unicode_security::skeleton(s)
        .collect::<String>()
        .to_lowercase()
}

/// Compares `domain` with each real domain and returns the first it imitates.
pub fn compare(domain: &str, real_domains: &[String]) -> Option<Lookalike> {
    let d = registrable(domain)?;
    for real in real_domains {
        let Some(r) = registrable(real) else { continue };
        if d.domain == r.domain {
            // The real firm's own domain (or a subdomain of it).
            return None;
        }
    }
    real_domains.iter().find_map(|real| {
        let r = registrable(real)?;
        let reasons = reasons(&d, &r);
        (!reasons.is_empty()).then(|| Lookalike {
            domain: d.domain.clone(),
            resembles: r.domain.clone(),
            reasons,
        })
    })
}

fn reasons(d: &Registrable, r: &Registrable) -> Vec<LookalikeReason> {
    let mut out = Vec::new();
    if d.label == r.label {
        out.push(LookalikeReason::SuffixSwap);
        return out;
    }
    if !d.label.as_str().is_single_script() {
        out.push(LookalikeReason::MixedScripts);
    }
    if skeleton(&d.label) == skeleton(&r.label) {
        out.push(LookalikeReason::Homoglyph);
        return out;
    }
    let edits = strsim::damerau_levenshtein(&d.label, &r.label) as u32;
    let longest = d.label.chars().count().max(r.label.chars().count());
    // Short names are a few edits from many unrelated names, so allow fewer.
    let allowed = if longest >= 8 {
        2
    } else if longest >= 4 {
        1
    } else {
        0
    };
    if edits > 0 && edits <= allowed {
        out.push(LookalikeReason::EditDistance { edits });
    } else if r.label.chars().count() >= 4 && d.label.contains(&r.label) {
        out.push(LookalikeReason::AddedWords);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(domain: &str, real: &str, expected: Option<Vec<LookalikeReason>>) {
        let got = compare(domain, &[real.to_string()]).map(|l| l.reasons);
        assert_eq!(got, expected, "{domain} vs {real}");
    }

    #[test]
    fn imitations_are_found_with_their_reason() {
        use LookalikeReason::*;
        check("acme.co", "acme.com", Some(vec![SuffixSwap]));
        check("acme.co.uk", "acme.com", Some(vec![SuffixSwap]));
        check("acrne.com", "acme.com", Some(vec![Homoglyph]));
        check("g00gle.com", "google.com", Some(vec![Homoglyph]));
        // "аррӏе" in Cyrillic letters only, written as punycode.
        check("xn--80ak6aa92e.com", "apple.com", Some(vec![Homoglyph]));
        // Cyrillic "а" in place of the Latin one.
        check(
            "\u{0430}cme-corp.com",
            "acme-corp.com",
            Some(vec![MixedScripts, Homoglyph]),
        );
        check(
            "microsfot.com",
            "microsoft.com",
            Some(vec![EditDistance { edits: 1 }]),
        );
        check(
            "microsofft.com",
            "microsoft.com",
            Some(vec![EditDistance { edits: 1 }]),
        );
        check("acme-careers.com", "acme.com", Some(vec![AddedWords]));
        check("getacme.io", "acme.com", Some(vec![AddedWords]));
    }

    #[test]
    fn the_real_domain_and_unrelated_ones_are_not_flagged() {
        check("acme.com", "acme.com", None);
        check("mail.acme.com", "acme.com", None);
        check("acme.co.uk", "acme.co.uk", None);
        check("globex.com", "acme.com", None);
        // Two edits on a short name would match too much.
        check(
            "acne.com",
            "acme.com",
            Some(vec![LookalikeReason::EditDistance { edits: 1 }]),
        );
        check("ace.org", "bee.org", None);
        check("127.0.0.1", "acme.com", None);
        assert_eq!(
            registrable("Shop.Example.CO.UK").unwrap().domain,
            "example.co.uk"
        );
        assert_eq!(registrable("co.uk"), None);
    }
}
