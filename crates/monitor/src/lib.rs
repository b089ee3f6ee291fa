//! After-hiring evidence, read offline: sign-in logs, device inventories and shipping
//! details that the business already has, checked against data shipped with the app
//! (networks, remote-access tools, IP-KVM devices), into findings that cite the rows that
//! raised them.
//!
//! Nothing here touches the network or a database; the façade stores what it returns.

mod analyse_device;
mod analyse_signins;
pub mod catalog;
mod csv_rows;
pub mod delivery;
mod error;
pub mod findings;
pub mod networks;
pub mod plan;

pub use error::MonitorError;
pub use networks::{DataSource, Network, NetworkTable};
pub mod signins;

pub use signins::{SignIn, SignInFormat, SignInLog, read_signins};
pub mod inventory;

pub use inventory::{Inventory, InventoryFormat, read_inventory};

pub use analyse_device::analyse_inventory;
pub use analyse_signins::{AddressUse, SignInReport, Subject, analyse_signins, distance_km};
pub use catalog::Catalog;
pub use delivery::{CarrierText, OtherAddress, analyse_delivery, read_carrier_text};
pub use findings::{Assessment, CitedRow, Finding, FindingKind, Weight};

/// Network blocks, as the company's own networks are given.
pub use ipnet::IpNet;
