//! The search index over the lists in force and the built-in watchlist.
//!
//! Building it reads every list entry, so it is built once per set of list versions and
//! kept on the [`App`]; loading a new list version drops it.

use std::sync::Arc;

use super::{ListUsed, age_days};
use crate::app::App;
use crate::error::Result;
use crate::screening::entry::ListEntry;
use crate::screening::index::Index;
use crate::screening::screen::WATCHLIST;
use crate::screening::watchlist::watchlist;

/// The index over the lists in force, with what it was built from.
pub(crate) struct LoadedIndex {
    /// The list versions it was built from, to tell when it is out of date.
    versions: Vec<i64>,
    /// The index itself.
    pub(super) index: Index,
    /// The lists it covers, as a screening records them.
    pub(super) lists: Vec<ListUsed>,
}

impl App {
    /// The cached index, if one was built for the lists in force.
    pub(super) fn index_cache(&self) -> std::sync::MutexGuard<'_, Option<Arc<LoadedIndex>>> {
        self.screening_index
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// The index over the lists in force, built once per set of list versions.
    pub(crate) fn loaded_index(&self) -> Result<Arc<LoadedIndex>> {
        let current = self.store().current_list_versions()?;
        let versions: Vec<i64> = current.iter().map(|v| v.id).collect();
        if let Some(cached) = self.index_cache().as_ref()
            && cached.versions == versions
        {
            return Ok(cached.clone());
        }
        let settings = self.screening_settings()?;
        let mut lists: Vec<(String, Vec<ListEntry>)> = Vec::new();
        let mut used = Vec::new();
        for v in &current {
            let entries = self.store().list_entries(v.id)?;
            let name = v.name();
            let age = age_days(v.publish_date.as_deref().unwrap_or(&v.loaded_at));
            used.push(ListUsed {
                list: v.source.clone(),
                title: name.title,
                published: v.publish_date.clone(),
                sha256: v.sha256.clone(),
                entity_count: entries.len() as u64,
                stale: age.is_some_and(|a| a > settings.max_age_days),
                watchlist: false,
                publisher: name.publisher,
                licence: name.licence,
            });
            lists.push((v.source.clone(), entries));
        }
        let wl = watchlist();
        used.push(ListUsed {
            list: WATCHLIST.to_string(),
            title: wl.name.clone(),
            published: Some(wl.version.clone()),
            sha256: wl.sha256.clone(),
            entity_count: wl.entries.len() as u64,
            stale: false,
            watchlist: true,
            publisher: String::new(),
            licence: String::new(),
        });
        lists.push((WATCHLIST.to_string(), wl.entries.clone()));
        let loaded = Arc::new(LoadedIndex {
            versions,
            index: Index::build(lists),
            lists: used,
        });
        *self.index_cache() = Some(loaded.clone());
        Ok(loaded)
    }
}
