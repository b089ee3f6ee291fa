//! The checklist item ids the checks inform. They live apart from the checks so that the
//! planner, the check bodies and the proposals all name items the same way, and so the
//! architecture test can compare them with the shipped checklist template.

/// Cross-case duplicates.
pub const DUPLICATES: &str = "profile.duplicates";
/// Phone and e-mail facts.
pub const CONTACT: &str = "profile.contact_details";
/// Referee e-mail domains.
pub const REFEREE_DOMAINS: &str = "references.referee_domains";
/// Referee contacts overlapping others.
pub const NO_OVERLAP: &str = "references.no_overlap";
/// Domain registration age.
pub const DOMAIN_AGE: &str = "company.domain_age";
/// DNS and hosting network.
pub const HOSTING: &str = "company.hosting";
/// First capture and certificate.
pub const WEB_HISTORY: &str = "company.web_history";
/// Copied website text.
pub const COPIED: &str = "company.copied_content";
/// Look-alike domains.
pub const LOOKALIKE: &str = "company.lookalike";
/// All of them, in checklist order.
pub const ALL: &[&str] = &[
    DUPLICATES,
    CONTACT,
    REFEREE_DOMAINS,
    NO_OVERLAP,
    DOMAIN_AGE,
    HOSTING,
    WEB_HISTORY,
    COPIED,
    LOOKALIKE,
];
