//! What the journey checks on every screen, besides what each step asserts: the screen in
//! both themes and at both window sizes, saved as screenshots for a person to look at, and
//! two checks a screenshot alone would let pass.
//!
//! - Nothing outside the design may show. The isolation pattern's frame once sat as an
//!   empty box in the corner of every screen, and every screenshot had it.
//! - axe-core finds no serious or critical accessibility violation, in either theme (the
//!   colour contrast differs). Its result object is saved as `axe-<screen>.json` (and
//!   `axe-<screen>-dark.json`) beside the screenshots.

use std::path::{Path, PathBuf};
use std::time::Duration;

use thirtyfour::prelude::*;

/// The window size the journey runs at, and the narrow size every screen is also shown at.
pub const WIDE: (u32, u32) = (1280, 800);
pub const NARROW: (u32, u32) = (1024, 700);

/// axe-core's browser build, from the UI's development packages (`npm ci` installs it).
fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; install the UI's packages first (npm ci --prefix ui)",
            path.display()
        )
    })
}

pub struct Shots {
    pub dir: PathBuf,
    n: u32,
    axe: String,
}

impl Shots {
    /// The journey's screens, in `e2e/` (emptied first).
    pub fn new() -> Shots {
        Shots::in_folder("e2e")
    }

    /// A fresh folder `name` beside the journey's, for another test's screens.
    pub fn in_folder(name: &str) -> Shots {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Shots {
            dir,
            n: 0,
            axe: axe_source(),
        }
    }

    /// Saves the screen as it is now, then in the other theme and at the narrow size, and
    /// checks each theme with axe. The page is left as it was found.
    pub async fn take(&mut self, d: &WebDriver, name: &str) {
        let rect = d.get_window_rect().await.expect("the window's size");
        if (rect.width, rect.height) != (i64::from(WIDE.0), i64::from(WIDE.1)) {
            resize(d, WIDE).await;
        }
        // A screenshot taken right after a DOM change can show the previous frame.
        tokio::time::sleep(Duration::from_millis(400)).await;
        self.n += 1;
        let stem = format!("{:02}-{name}", self.n);
        d.screenshot(&self.dir.join(format!("{stem}.png")))
            .await
            .expect("screenshot");
        nothing_outside_the_design(d, name).await;
        self.accessible(d, name).await;

        let theme = theme(d).await;
        let other = if theme == "dark" { "light" } else { "dark" };
        set_theme(d, other).await;
        d.screenshot(&self.dir.join(format!("{stem}-{other}.png")))
            .await
            .expect("screenshot");
        self.accessible(d, &format!("{name}-{other}")).await;

        // Under Xvfb, WebKit applies the new width's media queries only at the next change
        // of style, however long one waits: a first narrow screenshot in the theme already
        // shown had the wide layout squeezed into the narrow window. Each narrow one is
        // therefore taken right after a change of theme.
        resize(d, NARROW).await;
        for t in [theme.as_str(), other] {
            set_theme(d, t).await;
            let size = format!("{}x{}", NARROW.0, NARROW.1);
            d.screenshot(&self.dir.join(format!("{stem}-{size}-{t}.png")))
                .await
                .expect("screenshot");
        }
        set_theme(d, &theme).await;
        nothing_outside_the_design(d, &format!("{name} at the narrow size")).await;
        resize(d, WIDE).await;
    }

    /// Runs axe-core on the page and fails on any serious or critical violation.
    async fn accessible(&self, d: &WebDriver, screen: &str) {
        let loaded = d
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .unwrap()
            .json()
            .as_bool();
        if loaded != Some(true) {
            // The browser build sets `window.axe` when it runs in a page.
            d.execute(self.axe.as_str(), vec![])
                .await
                .expect("load axe-core");
        }
        let result = d
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 window.axe.run(document, { resultTypes: ['violations'] })\
                   .then((r) => done(JSON.stringify(r)), (e) => done(JSON.stringify({ error: String(e) })));",
                vec![],
            )
            .await
            .expect("run axe-core")
            .json()
            .clone();
        let text = result.as_str().expect("axe's result as JSON text");
        let report: serde_json::Value = serde_json::from_str(text).expect("axe's result");
        assert!(
            report.get("error").is_none(),
            "axe-core failed on {screen}: {text}"
        );
        std::fs::write(self.dir.join(format!("axe-{screen}.json")), text).unwrap();
        let bad: Vec<String> = report["violations"]
            .as_array()
            .expect("axe's violations list")
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .map(|v| {
                let targets: Vec<String> = v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .take(5)
                    .map(|n| format!("{} {}", n["target"], n["failureSummary"]))
                    .collect();
                format!("{} ({}): {}", v["id"], v["impact"], targets.join("; "))
            })
            .collect();
        assert!(
            bad.is_empty(),
            "axe-core found serious or critical violations on {screen}:\n{}",
            bad.join("\n")
        );
    }
}

/// No frame, embed or object is visible, and nothing visible sits outside the app's root.
async fn nothing_outside_the_design(d: &WebDriver, screen: &str) {
    let stray = d
        .execute(
            "const shown = (e) => e.getClientRects().length > 0;\
             const frames = [...document.querySelectorAll('iframe, embed, object')].filter(shown);\
             const outside = [...document.body.children]\
               .filter((e) => e.id !== 'app' && e.tagName !== 'SCRIPT' && shown(e));\
             return [...frames, ...outside].map((e) => e.outerHTML.slice(0, 120));",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(
        stray,
        serde_json::json!([]),
        "something outside the design is visible on {screen}"
    );
}

async fn theme(d: &WebDriver) -> String {
    d.execute(
        "return document.documentElement.dataset.theme ?? 'light';",
        vec![],
    )
    .await
    .unwrap()
    .json()
    .as_str()
    .unwrap_or("light")
    .to_string()
}

/// Shows the page in `theme` without recording a preference: the person's own choice is
/// restored before the step goes on.
async fn set_theme(d: &WebDriver, theme: &str) {
    d.execute(
        "document.documentElement.dataset.theme = arguments[0];",
        vec![serde_json::json!(theme)],
    )
    .await
    .unwrap();
    painted(d).await;
}

/// Resizes the window and waits until the page has the new width and has painted since.
async fn resize(d: &WebDriver, (w, h): (u32, u32)) {
    d.set_window_rect(0, 0, w, h)
        .await
        .expect("resize the window");
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        // Scripts and media queries both see the new width before anything is drawn at it.
        let width = d
            .execute(
                "const w = window.innerWidth;\
                 return matchMedia(`(width: ${w}px)`).matches ? w : -1;",
                vec![],
            )
            .await
            .unwrap()
            .json()
            .as_i64();
        if width == Some(i64::from(w)) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the page did not take the window's new width {w} (it has {width:?})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    painted(d).await;
}

/// Waits for two animation frames: the first runs before the next paint, the second after
/// it, so what a screenshot shows is what the page now holds.
async fn painted(d: &WebDriver) {
    d.execute_async(
        "const done = arguments[arguments.length - 1];\
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    )
    .await
    .expect("an animation frame");
    tokio::time::sleep(Duration::from_millis(100)).await;
}
