//! Network settings for addresses the person typed in themselves: a sanctions list mirror,
//! a time-stamping authority. They get the checks' resolver and address guard, with the IP
//! addresses written into those URLs allowed, since the person chose them (an internal
//! mirror, say). Redirects and DNS answers that lead to a private address are still
//! refused.

use std::net::IpAddr;

use super::App;
use super::checks::config_from;
use crate::error::Result;
use bonafide_net::NetConfig;

impl App {
    /// The checks' network settings, with the IP literals of `urls` exempt from the guard.
    pub(crate) fn chosen_address_config<'a>(
        &self,
        urls: impl Iterator<Item = &'a str>,
    ) -> Result<NetConfig> {
        let mut net = config_from(&self.checks_settings()?)?.net;
        for u in urls {
            match url::Url::parse(u).ok().as_ref().and_then(url::Url::host) {
                Some(url::Host::Ipv4(ip)) => net.guard.exempt.push(IpAddr::V4(ip)),
                Some(url::Host::Ipv6(ip)) => net.guard.exempt.push(IpAddr::V6(ip)),
                _ => {}
            }
        }
        Ok(net)
    }

    /// The network settings for list downloads.
    pub(crate) fn list_download_config<'a>(
        &self,
        urls: impl Iterator<Item = &'a str>,
    ) -> Result<NetConfig> {
        Ok(crate::screening::download::net_config(
            self.chosen_address_config(urls)?,
        ))
    }
}
