//! The private-address guard.
//!
//! A website address comes from the candidate. Fetching it from the user's laptop must not
//! become a way to reach the user's own network: a router's admin page, a printer, a cloud
//! metadata service at 169.254.169.254, a development server on localhost. So every address
//! a name resolves to, and every address literal in a URL or a redirect, is classified here
//! and anything but a public unicast address is refused.
//!
//! Classification is by table, not by the standard library's `is_global` family (parts of
//! which are still unstable), so the list of ranges is visible in one place and tested.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// What kind of address an IP is, for the guard's purposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AddressClass {
    /// Routable on the public internet.
    Public,
    /// This machine (127.0.0.0/8, ::1).
    Loopback,
    /// A private network (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10).
    Private,
    /// Link-local, including cloud metadata services (169.254/16, fe80::/10).
    LinkLocal,
    /// Carrier-grade NAT space (100.64/10), private to an ISP.
    SharedNat,
    /// "This network" or the unspecified address (0/8, ::).
    Unspecified,
    /// Multicast or broadcast.
    Multicast,
    /// Reserved for documentation, benchmarking, protocol assignments or future use.
    Reserved,
}

impl AddressClass {
    /// Words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            AddressClass::Public => "a public address",
            AddressClass::Loopback => "this computer (loopback)",
            AddressClass::Private => "a private network address",
            AddressClass::LinkLocal => "a link-local address",
            AddressClass::SharedNat => "a carrier-grade NAT address",
            AddressClass::Unspecified => "an unspecified address",
            AddressClass::Multicast => "a multicast or broadcast address",
            AddressClass::Reserved => "a reserved address",
        }
    }
}

/// IPv4 ranges that are not public, most specific first where they nest.
const V4_RANGES: &[([u8; 4], u8, AddressClass)] = &[
    ([0, 0, 0, 0], 8, AddressClass::Unspecified),
    ([10, 0, 0, 0], 8, AddressClass::Private),
    ([100, 64, 0, 0], 10, AddressClass::SharedNat),
    ([127, 0, 0, 0], 8, AddressClass::Loopback),
    ([169, 254, 0, 0], 16, AddressClass::LinkLocal),
    ([172, 16, 0, 0], 12, AddressClass::Private),
    ([192, 0, 0, 0], 24, AddressClass::Reserved),
    ([192, 0, 2, 0], 24, AddressClass::Reserved),
    ([192, 88, 99, 0], 24, AddressClass::Reserved),
    ([192, 168, 0, 0], 16, AddressClass::Private),
    ([198, 18, 0, 0], 15, AddressClass::Reserved),
    ([198, 51, 100, 0], 24, AddressClass::Reserved),
    ([203, 0, 113, 0], 24, AddressClass::Reserved),
    ([224, 0, 0, 0], 4, AddressClass::Multicast),
    ([255, 255, 255, 255], 32, AddressClass::Multicast),
    ([240, 0, 0, 0], 4, AddressClass::Reserved),
];

/// IPv6 ranges that are not public. Ranges that embed an IPv4 address (mapped, NAT64,
/// 6to4) are handled in [`classify`] by classifying the embedded address.
const V6_RANGES: &[([u16; 8], u8, AddressClass)] = &[
    ([0, 0, 0, 0, 0, 0, 0, 0], 128, AddressClass::Unspecified),
    ([0, 0, 0, 0, 0, 0, 0, 1], 128, AddressClass::Loopback),
    ([0x0100, 0, 0, 0, 0, 0, 0, 0], 64, AddressClass::Reserved),
    (
        [0x2001, 0x0db8, 0, 0, 0, 0, 0, 0],
        32,
        AddressClass::Reserved,
    ),
    ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, AddressClass::Reserved),
    ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, AddressClass::Private),
    ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, AddressClass::LinkLocal),
    ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, AddressClass::Private),
    ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, AddressClass::Multicast),
];

fn v4_in(ip: Ipv4Addr, net: [u8; 4], prefix: u8) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn v6_in(ip: Ipv6Addr, net: [u16; 8], prefix: u8) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix))
    };
    u128::from(ip) & mask == u128::from(Ipv6Addr::from(net)) & mask
}

/// Classifies an address. IPv4 addresses carried inside IPv6 (`::ffff:a.b.c.d`,
/// `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) take the class of the IPv4 address,
/// so `::ffff:127.0.0.1` is loopback.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => V4_RANGES
            .iter()
            .find(|(net, prefix, _)| v4_in(v4, *net, *prefix))
            .map(|(_, _, class)| *class)
            .unwrap_or(AddressClass::Public),
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                return classify(IpAddr::V4(v4));
            }
            V6_RANGES
                .iter()
                .find(|(net, prefix, _)| v6_in(v6, *net, *prefix))
                .map(|(_, _, class)| *class)
                .unwrap_or(AddressClass::Public)
        }
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if let Some(mapped) = v6.to_ipv4_mapped() {
        return Some(mapped);
    }
    // Deprecated IPv4-compatible form ::a.b.c.d (but not :: and ::1 themselves).
    if s[..6] == [0; 6] && u32::from(low) > 1 {
        return Some(low);
    }
    // NAT64 well-known prefix.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(low);
    }
    // 6to4: 2002:AABB:CCDD::/48 carries AA.BB.CC.DD.
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

/// Which addresses outgoing requests may reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressGuard {
    /// Refuse everything but public addresses. On in the app; tests that serve from
    /// 127.0.0.1 either switch it off or exempt their server's address.
    pub enabled: bool,
    /// Addresses allowed even though they are not public (a test's mock server).
    pub exempt: Vec<IpAddr>,
}

impl Default for AddressGuard {
    fn default() -> Self {
        AddressGuard {
            enabled: true,
            exempt: Vec::new(),
        }
    }
}

/// An address the guard refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{ip} is {}; addresses supplied by a candidate may not reach into your own network, so it was not contacted",
    class.describe()
)]
pub struct Refused {
    /// The address.
    pub ip: IpAddr,
    /// Why.
    pub class: AddressClass,
}

impl AddressGuard {
    /// A guard that lets everything through (tests of other behaviour against 127.0.0.1).
    pub fn off() -> Self {
        AddressGuard {
            enabled: false,
            exempt: Vec::new(),
        }
    }

    /// Allows `ip` or says why not.
    pub fn check(&self, ip: IpAddr) -> Result<(), Refused> {
        if !self.enabled || self.exempt.contains(&ip) {
            return Ok(());
        }
        match classify(ip) {
            AddressClass::Public => Ok(()),
            class => Err(Refused { ip, class }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(addr: &str, expected: AddressClass) {
        let ip: IpAddr = addr.parse().unwrap();
        assert_eq!(classify(ip), expected, "{addr}");
    }

    #[test]
    fn special_ranges_are_classified_without_connecting() {
        use AddressClass::*;
        for (addr, class) in [
            ("8.8.8.8", Public),
            ("1.1.1.1", Public),
            ("172.32.0.1", Public),
            ("100.128.0.1", Public),
            ("0.0.0.0", Unspecified),
            ("0.1.2.3", Unspecified),
            ("10.0.0.1", Private),
            ("10.255.255.255", Private),
            ("172.16.0.1", Private),
            ("172.31.255.254", Private),
            ("192.168.1.1", Private),
            ("127.0.0.1", Loopback),
            ("127.255.0.2", Loopback),
            ("169.254.169.254", LinkLocal),
            ("100.64.0.1", SharedNat),
            ("100.127.255.255", SharedNat),
            ("192.0.2.1", Reserved),
            ("198.18.0.1", Reserved),
            ("198.19.255.1", Reserved),
            ("203.0.113.9", Reserved),
            ("240.0.0.1", Reserved),
            ("224.0.0.251", Multicast),
            ("255.255.255.255", Multicast),
            ("2606:4700::1111", Public),
            ("::", Unspecified),
            ("::1", Loopback),
            ("fc00::1", Private),
            ("fd12:3456::1", Private),
            ("fe80::1", LinkLocal),
            ("febf::1", LinkLocal),
            ("fec0::1", Private),
            ("ff02::1", Multicast),
            ("2001:db8::1", Reserved),
            ("100::1", Reserved),
            // IPv4 inside IPv6 takes the IPv4 address's class.
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:10.1.2.3", Private),
            ("::ffff:169.254.169.254", LinkLocal),
            ("::ffff:8.8.8.8", Public),
            ("::192.168.0.1", Private),
            ("64:ff9b::a9fe:a9fe", LinkLocal),
            ("64:ff9b::808:808", Public),
            ("2002:c0a8:0101::1", Private),
            ("2002:0808:0808::1", Public),
        ] {
            check(addr, class);
        }
    }

    #[test]
    fn guard_refuses_non_public_unless_exempt_or_off() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        let lo2: IpAddr = "127.0.0.2".parse().unwrap();
        let public: IpAddr = "93.184.215.14".parse().unwrap();
        let guard = AddressGuard::default();
        assert!(guard.check(public).is_ok());
        let refused = guard.check(lo).unwrap_err();
        assert_eq!(refused.class, AddressClass::Loopback);
        assert!(
            refused
                .to_string()
                .contains("may not reach into your own network")
        );
        let exempt = AddressGuard {
            enabled: true,
            exempt: vec![lo],
        };
        assert!(exempt.check(lo).is_ok());
        assert!(exempt.check(lo2).is_err());
        assert!(AddressGuard::off().check(lo2).is_ok());
    }
}
