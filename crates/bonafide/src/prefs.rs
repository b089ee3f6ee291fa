//! How the window looks and where it was: theme, last view, size and position.
//!
//! Kept in a small plain file in the data folder, not in the encrypted database, because
//! the window opens (and is drawn in its theme, at its size) before the folder is unlocked.
//! Nothing in it is about a case beyond the id of the one last open, and nothing in it is
//! a record: a damaged or hand-edited file only resets the window, never stops the app.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use bonafide_base::files::replace_file;

/// The file's name inside the data folder.
pub const PREFERENCES_FILE: &str = "window.json";

/// Longest last-view text kept: a view name and a case id fit many times over.
const MAX_VIEW_CHARS: usize = 200;

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The window's inner size and outer position, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WindowPlace {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Maximised (the size and position are then those before maximising).
    pub maximized: bool,
}

impl WindowPlace {
    /// A place worth restoring: not collapsed to nothing, not absurdly large, not miles
    /// off any screen (a monitor unplugged since).
    pub fn is_sane(&self) -> bool {
        (400..=16_384).contains(&self.width)
            && (300..=16_384).contains(&self.height)
            && (-16_384..=16_384).contains(&self.x)
            && (-16_384..=16_384).contains(&self.y)
    }
}

impl Preferences {
    /// Records where the window is as it closes. A maximised window keeps the size it had
    /// before, so un-maximising after a restart still gives a normal window.
    pub fn remember_window(&mut self, place: WindowPlace) {
        self.window = match (place.maximized, self.window) {
            (true, Some(before)) => Some(WindowPlace {
                maximized: true,
                ..before
            }),
            _ => Some(place),
        };
    }
}

/// Everything the window remembers between starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Preferences {
    /// The theme chosen in Settings.
    pub theme: Theme,
    /// The view open when the app closed, as the UI names it (`cases`, `attention`,
    /// `case:ID`); empty for the case list.
    pub last_view: String,
    /// Where the window was.
    pub window: Option<WindowPlace>,
}

/// The preferences file of a data folder.
pub fn preferences_path(data_dir: &Path) -> PathBuf {
    data_dir.join(PREFERENCES_FILE)
}

/// Reads the preferences; a missing, unreadable or malformed file gives the defaults, and
/// so does any value out of range.
pub fn read_preferences(data_dir: &Path) -> Preferences {
    let Ok(bytes) = std::fs::read(preferences_path(data_dir)) else {
        return Preferences::default();
    };
    // A file this small is all the window needs; anything larger is not ours.
    if bytes.len() > 64 * 1024 {
        return Preferences::default();
    }
    let mut p: Preferences = serde_json::from_slice(&bytes).unwrap_or_default();
    p.window = p.window.filter(WindowPlace::is_sane);
    if !is_view_name(&p.last_view) {
        p.last_view.clear();
    }
    p
}

/// Saves the preferences, replacing the file whole so a crash never leaves half of it.
pub fn write_preferences(data_dir: &Path, p: &Preferences) -> Result<()> {
    if !is_view_name(&p.last_view) {
        return Err(Error::invalid(
            "last_view",
            "a view is a short name of letters, digits, ':', '-' and '_'",
        ));
    }
    if let Some(w) = p.window
        && !w.is_sane()
    {
        return Err(Error::invalid(
            "window",
            "the window size or position is out of range",
        ));
    }
    std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let path = preferences_path(data_dir);
    let bytes =
        serde_json::to_vec_pretty(p).map_err(|e| Error::invalid("preferences", e.to_string()))?;
    replace_file(&path, &bytes).map_err(|source| Error::File { path, source })
}

/// Only names the UI makes: nothing a hand-edited file could use to smuggle markup or a
/// path into the page.
fn is_view_name(s: &str) -> bool {
    s.len() <= MAX_VIEW_CHARS
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_preferences(dir.path()), Preferences::default());
        let p = Preferences {
            theme: Theme::Dark,
            last_view: "case:3f2a9c1e".into(),
            window: Some(WindowPlace {
                width: 1280,
                height: 800,
                x: 40,
                y: 30,
                maximized: false,
            }),
        };
        write_preferences(dir.path(), &p).unwrap();
        assert_eq!(read_preferences(dir.path()), p);
    }

    #[test]
    fn a_damaged_or_hostile_file_only_resets_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let path = preferences_path(dir.path());
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(read_preferences(dir.path()), Preferences::default());

        std::fs::write(
            &path,
            br#"{"theme":"dark","last_view":"<img src=x onerror=alert(1)>",
                "window":{"width":0,"height":99999,"x":0,"y":0,"maximized":false}}"#,
        )
        .unwrap();
        let p = read_preferences(dir.path());
        assert_eq!(p.theme, Theme::Dark, "what is valid is kept");
        assert_eq!(p.last_view, "");
        assert_eq!(p.window, None);

        std::fs::write(&path, vec![b' '; 100 * 1024]).unwrap();
        assert_eq!(read_preferences(dir.path()), Preferences::default());
    }

    #[test]
    fn a_maximised_window_keeps_its_size_from_before() {
        let normal = WindowPlace {
            width: 1100,
            height: 700,
            x: 10,
            y: 20,
            maximized: false,
        };
        let mut p = Preferences::default();
        p.remember_window(normal);
        p.remember_window(WindowPlace {
            width: 1920,
            height: 1080,
            x: 0,
            y: 0,
            maximized: true,
        });
        assert_eq!(
            p.window,
            Some(WindowPlace {
                maximized: true,
                ..normal
            })
        );
    }

    #[test]
    fn bad_values_are_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let bad = Preferences {
            last_view: "../../etc/passwd".into(),
            ..Preferences::default()
        };
        assert!(write_preferences(dir.path(), &bad).is_err());
        assert!(!preferences_path(dir.path()).exists());
    }
}
