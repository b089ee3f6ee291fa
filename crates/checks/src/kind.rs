//! The kinds of check and where each one runs. [`CheckKind::placement`] is the one place
//! that sorts a kind into a network check or a local check, as an exhaustive `match`: a new
//! kind does not compile until it is placed, and once placed, the dispatch of that side
//! (itself exhaustive) does not compile until it is handled. No kind can silently do
//! nothing.

use serde::{Deserialize, Serialize};

/// What a task looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// RDAP domain registration.
    Registration,
    /// DNS records.
    Dns,
    /// Network owner of the web host.
    Hosting,
    /// First archived capture.
    Wayback,
    /// First certificate.
    Certificates,
    /// The website's home page.
    Website,
    /// Copied website text (local, after the fetches).
    CopiedContent,
    /// Look-alike domains (local).
    Lookalike,
    /// E-mail providers (local).
    Email,
    /// Phone numbers (local).
    Phone,
    /// Cross-case duplicates (local).
    Duplicates,
}

/// Where a kind of check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// Concurrently, under a time limit, with the network.
    Network(NetworkCheck),
    /// Afterwards, on what is already known.
    Local(LocalCheck),
}

/// The checks that need the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NetworkCheck {
    Registration,
    Dns,
    Hosting,
    Wayback,
    Certificates,
    Website,
}

/// The checks that run on the case's fields, the fetched pages and the other cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LocalCheck {
    CopiedContent,
    Lookalike,
    Email,
    Phone,
    Duplicates,
}

impl CheckKind {
    /// Whether the kind runs with the network or locally, and as which check.
    pub(crate) fn placement(self) -> Placement {
        use Placement::{Local, Network};
        match self {
            CheckKind::Registration => Network(NetworkCheck::Registration),
            CheckKind::Dns => Network(NetworkCheck::Dns),
            CheckKind::Hosting => Network(NetworkCheck::Hosting),
            CheckKind::Wayback => Network(NetworkCheck::Wayback),
            CheckKind::Certificates => Network(NetworkCheck::Certificates),
            CheckKind::Website => Network(NetworkCheck::Website),
            CheckKind::CopiedContent => Local(LocalCheck::CopiedContent),
            CheckKind::Lookalike => Local(LocalCheck::Lookalike),
            CheckKind::Email => Local(LocalCheck::Email),
            CheckKind::Phone => Local(LocalCheck::Phone),
            CheckKind::Duplicates => Local(LocalCheck::Duplicates),
        }
    }

    /// Whether the task needs the network.
    pub fn is_network(self) -> bool {
        match self.placement() {
            Placement::Network(_) => true,
            Placement::Local(_) => false,
        }
    }

    /// A short label for progress lines.
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::Registration => "Domain registration (RDAP)",
            CheckKind::Dns => "DNS records",
            CheckKind::Hosting => "Hosting network owner",
            CheckKind::Wayback => "First archived capture",
            CheckKind::Certificates => "First TLS certificate",
            CheckKind::Website => "Website text",
            CheckKind::CopiedContent => "Copied content",
            CheckKind::Lookalike => "Look-alike domains",
            CheckKind::Email => "E-mail providers",
            CheckKind::Phone => "Phone numbers",
            CheckKind::Duplicates => "Cross-case duplicates",
        }
    }

    /// The first half of a task's key, before the target.
    pub(crate) fn key_prefix(self) -> &'static str {
        match self {
            CheckKind::Registration => "registration",
            CheckKind::Dns => "dns",
            CheckKind::Hosting => "hosting",
            CheckKind::Wayback => "wayback",
            CheckKind::Certificates => "certificates",
            CheckKind::Website => "website",
            CheckKind::CopiedContent => "copied",
            CheckKind::Lookalike => "lookalike",
            CheckKind::Email => "email",
            CheckKind::Phone => "phone",
            CheckKind::Duplicates => "duplicates",
        }
    }
}
