// Every app command, shared by build.rs (which declares them to the ACL) and the tests
// (which check that the capability grants them and the handler answers them). Keep in
// step with `generate_handler!` in lib.rs.
&[
    "app_info",
    "set_user",
    "list_cases",
    "create_case",
    "update_case",
    "get_case",
    "set_item",
    "item_history",
    "pick_evidence_file",
    "add_evidence_url",
    "decide",
    "deletion_impact",
    "delete_case",
    "verify_audit",
    "export_record",
    "verify_record",
]
