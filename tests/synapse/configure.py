#!/usr/bin/env python3
"""Rewrites a generated Synapse config for Panier's tests: loopback only, no federation,
SQLite, registration shared secret, open registration (tests create their own users) and
rate limits relaxed far above what the tests send.

Usage: configure.py CONFIG PORT SHARED_SECRET   (run with the venv's python: needs PyYAML)
"""
import sys

import yaml

path, port, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path) as f:
    cfg = yaml.safe_load(f)

cfg["public_baseurl"] = f"http://127.0.0.1:{port}/"
cfg["listeners"] = [
    {
        "port": port,
        "bind_addresses": ["127.0.0.1"],
        "type": "http",
        "tls": False,
        "x_forwarded": False,
        "resources": [{"names": ["client"], "compress": False}],
    }
]
# No federation: no federation listener, no remote servers, no key servers.
cfg["federation_domain_whitelist"] = []
cfg["trusted_key_servers"] = []
cfg["suppress_key_server_warning"] = True
cfg["report_stats"] = False
cfg["use_presence"] = False
cfg["enable_metrics"] = False

cfg["database"] = {"name": "sqlite3", "args": {"database": cfg["database"]["args"]["database"]}}

cfg["registration_shared_secret"] = secret
# Tests register throw-away users through the client API, so each test has its own bot and
# members and reruns against the same server do not collide. Loopback only: no one else can.
cfg["enable_registration"] = True
cfg["enable_registration_without_verification"] = True

fast = {"per_second": 10000, "burst_count": 10000}
for key in [
    "rc_message",
    "rc_registration",
    "rc_joins_per_room",
    "rc_3pid_validation",
    "rc_admin_redaction",
    "rc_federation",
    "rc_third_party_invite",
    "rc_room_creation",
    "rc_reports",
    "rc_presence",
    "rc_delayed_event_mgmt",
    "rc_send_knock",
    "rc_media_create",
]:
    cfg[key] = dict(fast)
cfg["rc_login"] = {"address": dict(fast), "account": dict(fast), "failed_attempts": dict(fast)}
cfg["rc_joins"] = {"local": dict(fast), "remote": dict(fast)}
cfg["rc_invites"] = {"per_room": dict(fast), "per_user": dict(fast), "per_issuer": dict(fast)}
cfg["rc_key_requests"] = dict(fast)
cfg["rc_federation"] = {"window_size": 1000, "sleep_limit": 10000, "sleep_delay": 0,
                        "reject_limit": 10000, "concurrent": 100}
# Keep the test server light on a 2-core machine.
cfg["caches"] = {"global_factor": 0.5}
cfg["url_preview_enabled"] = False
cfg["enable_media_repo"] = True
cfg["max_upload_size"] = "10M"

with open(path, "w") as f:
    yaml.safe_dump(cfg, f, sort_keys=True)
