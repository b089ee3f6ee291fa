//! The desktop commands through Tauri's mock runtime: wiring, result and error shapes,
//! and the security configuration the real build ships with.

use std::path::Path;

use bonafide_app::{AppState, COMMAND_NAMES, build_app};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn start(dir: &Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let (key, _) = bonafide::vault::create_key(dir, None).unwrap();
    let core = bonafide::app::App::open(dir, &key, Some("Mock User".into())).unwrap();
    let app = build_app(mock_builder(), AppState::from_app(core))
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

fn invoke(w: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        w,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

#[test]
fn a_case_round_trips_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    let id = invoke(&w, "create_case", json!({"fields": {"kind": "person", "display_name": "Jane Doe", "emails": ["jane@example.com"]}}))
        .unwrap();
    let id = id.as_str().unwrap().to_string();
    let view = invoke(&w, "set_item", json!({"caseId": id, "itemId": "interview.camera", "outcome": "concern", "note": "camera 'broken'"}))
        .unwrap();
    assert_eq!(view["progress"]["answered"], 1);
    assert_eq!(
        view["summary"]["red_flags"][0]["item"]["item_id"],
        "interview.camera"
    );
    // null leaves the outcome as it is and changes only the note.
    let view = invoke(&w, "set_item", json!({"caseId": id, "itemId": "interview.camera", "outcome": null, "note": "camera fixed after prompting"}))
        .unwrap();
    let camera = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item_id"] == "interview.camera")
        .unwrap()
        .clone();
    assert_eq!(camera["outcome"], "concern");
    assert_eq!(camera["updated_by"], "Mock User");
    let list = invoke(&w, "list_cases", json!({"filter": {"text": "jane"}})).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    let history = invoke(
        &w,
        "item_history",
        json!({"caseId": id, "itemId": "interview.camera"}),
    )
    .unwrap();
    assert_eq!(history.as_array().unwrap().len(), 2);
    let view = invoke(&w, "decide", json!({"caseId": id, "decision": "escalate", "rationale": "camera excuses", "reviewer": "Owner"})).unwrap();
    assert_eq!(view["status"], "decided");
    let report = invoke(&w, "verify_audit", json!({})).unwrap();
    assert_eq!(report["breaks"], json!([]));
}

#[test]
fn errors_cross_as_code_message_and_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    let err = invoke(
        &w,
        "get_case",
        json!({"id": "01a20c55-0000-7000-8000-000000000000"}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("there is no case")
    );
    let err = invoke(&w, "get_case", json!({"id": "../../etc/passwd"})).unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = invoke(
        &w,
        "create_case",
        json!({"fields": {"kind": "person", "display_name": "", "emails": ["nope"]}}),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid_input");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["display_name", "emails"]);
    // Malformed arguments are refused by the IPC layer without reaching the core.
    assert!(invoke(&w, "set_item", json!({"caseId": 5})).is_err());
}

/// The webview never names a path the shell then acts on: a record it did not export in
/// this session is not opened or shown, and a file it did not pick is not attached.
#[test]
fn paths_the_shell_did_not_hand_out_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    let secret = dir.path().join("key.json");
    for cmd in ["open_exported", "reveal_exported"] {
        let err = invoke(&w, cmd, json!({"path": secret.to_string_lossy()})).unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{cmd}: {err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("Only a record exported in this window"),
            "{cmd}: {err}"
        );
    }
    let id = invoke(
        &w,
        "create_case",
        json!({"fields": {"kind": "person", "display_name": "Jane Doe"}}),
    )
    .unwrap();
    for token in ["pick-1", "pick-0", "", "../../etc/passwd"] {
        let err = invoke(
            &w,
            "attach_picked_file",
            json!({"caseId": id, "itemId": "interview.camera", "token": token, "details": {}}),
        )
        .unwrap_err();
        assert_eq!(err["code"], "invalid_input", "{token}: {err}");
    }
    let view = invoke(&w, "get_case", json!({"id": id})).unwrap();
    assert_eq!(view["evidence"], json!([]));
}

#[test]
fn every_declared_command_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, w) = start(dir.path());
    // Commands that open a native dialog would wait for a person forever under the mock
    // runtime; the test hooks answer for the dialog instead. Nothing else in this test
    // binary reads these variables.
    let missing = dir.path().join("no-such.pdf");
    unsafe {
        std::env::set_var(bonafide_app::TEST_VERIFY_FILE_ENV, &missing);
        std::env::set_var(bonafide_app::TEST_SAVE_DIR_ENV, dir.path());
        std::env::set_var(bonafide_app::TEST_PICK_FILE_ENV, &missing);
        std::env::set_var(bonafide_app::TEST_LIST_FILES_ENV, &missing);
        std::env::set_var(bonafide_app::TEST_RESTORE_FILE_ENV, &missing);
    }
    // `update_lists` would go to the publishers' addresses; it needs a progress channel,
    // so with empty arguments it stops at argument parsing and sends nothing.
    let unknown = invoke(&w, "no_such_command", json!({})).unwrap_err();
    assert!(unknown.to_string().contains("no_such_command"), "{unknown}");
    for cmd in COMMAND_NAMES {
        // Empty arguments: each command must answer with a result or its own argument
        // error, never the answer an unregistered command gets.
        if let Err(e) = invoke(&w, cmd, json!({})) {
            let shape_of_unknown = unknown.to_string().replace("no_such_command", cmd);
            assert_ne!(
                e.to_string(),
                shape_of_unknown,
                "{cmd} is declared but not handled"
            );
        }
    }
}

#[test]
fn the_capability_grants_exactly_the_app_commands() {
    let cap: Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
    assert_eq!(cap["windows"], json!(["main"]));
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission ids only, no scopes")
                .to_string()
        })
        .collect();
    let mut expected: Vec<String> = COMMAND_NAMES
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert_eq!(
        granted, expected,
        "no plugin, filesystem, shell or HTTP permission for the webview"
    );
}

#[test]
fn the_shipped_configuration_keeps_the_security_defaults() {
    let conf: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    for (directive, value) in csp.as_object().unwrap() {
        let v = value.as_str().unwrap();
        assert!(!v.contains("unsafe-eval"), "{directive} allows eval");
        assert!(
            !v.contains("unsafe-inline") || directive == "style-src",
            "{directive} allows inline code"
        );
        assert!(
            !v.contains("http://") || directive == "connect-src",
            "{directive} allows remote content"
        );
        assert!(
            !v.contains("https:") && !v.contains('*'),
            "{directive} allows remote content"
        );
    }
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
}

/// Every IPC message passes the isolation hook, whose allow-list is exactly the app's
/// commands (plus the channel fetch that carries progress): a command added to the app but
/// not to the hook would fail in the app, one left in the hook would widen it.
#[test]
fn the_isolation_hook_allows_exactly_the_app_commands() {
    let conf: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let pattern = &conf["app"]["security"]["pattern"];
    assert_eq!(pattern["use"], "isolation");
    assert_eq!(pattern["options"]["dir"], "../ui/isolation");
    let hook = include_str!("../../ui/isolation/index.js");
    let list = hook
        .split("new Set([")
        .nth(1)
        .and_then(|rest| rest.split("])").next())
        .expect("the ALLOWED list");
    let allowed: Vec<&str> = list
        .split(',')
        .map(|s| s.trim().trim_matches('\''))
        .filter(|s| !s.is_empty())
        .collect();
    let mut expected: Vec<&str> = COMMAND_NAMES.to_vec();
    expected.push("plugin:__TAURI_CHANNEL__|fetch");
    assert_eq!(allowed, expected);
    assert!(hook.contains("window.__TAURI_ISOLATION_HOOK__ ="));
}

/// What the build resolved, not only what the source says: `tauri-build` writes the
/// capabilities it compiled into `gen/schemas/capabilities.json` on every build.
#[test]
fn the_built_capabilities_grant_only_app_commands() {
    let built: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("gen/schemas/capabilities.json"),
        )
        .expect("written by tauri-build"),
    )
    .unwrap();
    let caps = built.as_object().unwrap();
    assert_eq!(caps.keys().collect::<Vec<_>>(), ["main"], "one capability");
    assert_eq!(caps["main"]["windows"], json!(["main"]));
    assert!(
        caps["main"].get("remote").is_none(),
        "no remote origin may call commands"
    );
    let allowed: Vec<String> = COMMAND_NAMES
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    for p in caps["main"]["permissions"].as_array().unwrap() {
        let p = p.as_str().expect("no scoped permissions");
        assert!(allowed.iter().any(|a| a == p), "{p} is not an app command");
        for plugin in [
            "fs:", "shell:", "http:", "dialog:", "opener:", "process:", "core:",
        ] {
            assert!(!p.starts_with(plugin), "{p} grants a plugin to the webview");
        }
    }
    // Every handled command is declared to the ACL (build.rs reads the same list) and
    // granted: nothing reachable escapes the ACL.
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("gen/schemas/acl-manifests.json"),
    )
    .unwrap();
    for c in COMMAND_NAMES {
        assert!(
            manifest.contains(&format!("\"allow-{}\"", c.replace('_', "-"))),
            "{c}"
        );
    }
}

/// The UI the binary embeds loads only its own bundled script: no inline script, no
/// remote source, no eval in the bundle.
#[test]
fn the_built_ui_loads_only_its_own_scripts() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist");
    let html = std::fs::read_to_string(dist.join("index.html")).expect("the UI is built");
    let mut rest = html.as_str();
    let mut scripts = 0;
    while let Some(i) = rest.find("<script") {
        let tag_end = rest[i..].find('>').unwrap() + i;
        let tag = &rest[i..=tag_end];
        let src = tag
            .split("src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("every script has a src: inline script is refused by the CSP anyway");
        assert!(
            src.starts_with('/') && !src.starts_with("//"),
            "remote script {src}"
        );
        assert!(
            rest[tag_end + 1..].starts_with("</script>"),
            "inline script body"
        );
        scripts += 1;
        rest = &rest[tag_end..];
    }
    assert_eq!(scripts, 1);
    for entry in std::fs::read_dir(dist.join("assets")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            let js = std::fs::read_to_string(&path).unwrap();
            assert!(!js.contains("eval("), "{path:?} calls eval");
            assert!(
                !js.contains("new Function("),
                "{path:?} builds code from text"
            );
        }
    }
}

#[test]
fn committed_typescript_bindings_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/api/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        bonafide_app::export_bindings(&committed).unwrap();
    }
    let fresh = tempfile::tempdir().unwrap();
    bonafide_app::export_bindings(fresh.path()).unwrap();
    let read_all = |dir: &Path| -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let (want, have) = (read_all(fresh.path()), read_all(&committed));
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&have),
        names(&want),
        "binding files differ; run ./x bindings"
    );
    for ((name, a), (_, b)) in want.iter().zip(&have) {
        assert_eq!(a, b, "{name} is stale; run ./x bindings");
    }
}
