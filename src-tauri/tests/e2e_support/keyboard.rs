//! One checklist item answered by keyboard alone, at both window sizes: Tab from the top of
//! the case page to the skip link, Enter to the first item's outcome, the arrow keys to
//! change it and back. The focus must be visible and on screen at every step.

use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use super::look::{NARROW, Shots, WIDE};
use super::{WAIT, focused, script};

/// Presses `key` on whatever has the focus, as a person at the keyboard does.
async fn key(d: &WebDriver, key: Key) {
    d.active_element()
        .await
        .expect("something has the focus")
        .send_keys(key)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// The focused element is on screen and drawn with a focus outline (its own, or its
/// label's for the outcome choices, which ring the whole choice).
async fn focus_is_visible(d: &WebDriver, step: &str) {
    let seen = script(
        d,
        "const e = document.activeElement;\
         if (!e || e === document.body) return 'nothing has the focus';\
         const r = e.getBoundingClientRect();\
         if (r.bottom < 0 || r.top > window.innerHeight || r.width === 0) return 'off screen';\
         const ringed = (x) => { if (!x) return false; const s = getComputedStyle(x);\
           return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; };\
         return ringed(e) || ringed(e.closest('label')) ? 'ok' : 'no focus outline';",
    )
    .await;
    assert_eq!(
        seen,
        serde_json::json!("ok"),
        "{step}: focus on {}",
        focused(d).await
    );
}

/// The value of the checked outcome of the item that holds the focus.
async fn chosen(d: &WebDriver) -> String {
    script(
        d,
        "const e = document.activeElement;\
         return e?.type === 'radio' ? e.value : 'focus is not on an outcome';",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

pub async fn walk_one_item(d: &WebDriver, shots: &mut Shots) {
    for (w, h) in [WIDE, NARROW] {
        d.set_window_rect(0, 0, w, h).await.unwrap();
        script(
            d,
            "document.activeElement?.blur(); window.scrollTo(0, 0); return null;",
        )
        .await;
        // From the top of the page, Tab reaches the skip link within the first stops.
        let deadline = Instant::now() + WAIT;
        let mut tabs = 0;
        while focused(d).await != "skip-to-checklist" {
            assert!(
                tabs < 40 && Instant::now() < deadline,
                "the skip link is not among the first 40 Tab stops"
            );
            key(d, Key::Tab).await;
            tabs += 1;
            if focused(d).await != "BODY" {
                focus_is_visible(d, &format!("Tab {tabs}")).await;
            }
        }
        key(d, Key::Enter).await;
        let first = chosen(d).await;
        assert!(
            ["pending", "pass", "concern", "fail", "not_applicable"].contains(&first.as_str()),
            "after the skip link: {first}"
        );
        focus_is_visible(d, "after the skip link").await;
        // The arrow keys move the choice, and back; each is saved as it is made.
        let forward = if first == "not_applicable" {
            Key::Left
        } else {
            Key::Right
        };
        let back = if first == "not_applicable" {
            Key::Right
        } else {
            Key::Left
        };
        key(d, forward).await;
        let moved = chosen(d).await;
        assert_ne!(moved, first, "the arrow key changed nothing");
        focus_is_visible(d, "after an arrow key").await;
        shots
            .take(d, &format!("keyboard-walk-{w}x{h}-{tabs}-tabs"))
            .await;
        key(d, back).await;
        assert_eq!(chosen(d).await, first, "back where it was");
    }
    d.set_window_rect(0, 0, WIDE.0, WIDE.1).await.unwrap();
}
