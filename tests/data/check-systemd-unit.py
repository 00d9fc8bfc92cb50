#!/usr/bin/env python3
"""Checks the district server's systemd unit.

Usage: check-systemd-unit.py UNIT [SYSTEMD-ANALYZE]

Always: the unit parses as systemd reads it (sections, Key=Value, repeated keys),
it starts `fieldcheck-server serve` on its state directory, runs as an
unprivileged user, and keeps the hardening options the README promises. With
systemd-analyze: `verify` passes without a single warning, and the offline
security exposure stays below 2.0 ("OK").
"""

import os
import re
import subprocess
import sys

REQUIRED = {
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "ProtectKernelTunables": "yes",
    "ProtectKernelModules": "yes",
    "ProtectControlGroups": "yes",
    "RestrictSUIDSGID": "yes",
    "LockPersonality": "yes",
    "MemoryDenyWriteExecute": "yes",
    "StateDirectory": "fieldcheck-server",
    "CapabilityBoundingSet": "",
}


def parse(path):
    sections = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                if not line.endswith("]"):
                    raise SystemExit(f"{path}:{number}: a section header must end with ]")
                current = sections.setdefault(line[1:-1], {})
                continue
            if current is None:
                raise SystemExit(f"{path}:{number}: a setting before any section")
            if "=" not in line:
                raise SystemExit(f"{path}:{number}: not Key=Value: {line}")
            key, value = line.split("=", 1)
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def main() -> int:
    unit = sys.argv[1]
    analyze = sys.argv[2] if len(sys.argv) > 2 else None
    sections = parse(unit)
    problems = []

    for name in ("Unit", "Service", "Install"):
        if name not in sections:
            problems.append(f"no [{name}] section")
    service = sections.get("Service", {})

    start = service.get("ExecStart", [""])
    if len(start) != 1 or not re.match(r"^/\S*/fieldcheck-server serve --data %S/fieldcheck-server ",
                                       start[0]):
        problems.append(f"ExecStart must run fieldcheck-server serve on its state directory: {start}")
    elif not os.access(start[0].split()[0], os.X_OK):
        problems.append(f"ExecStart names no program: {start[0].split()[0]}")

    if service.get("DynamicUser", ["no"])[-1] != "yes" and \
            service.get("User", ["root"])[-1] in ("root", "0"):
        problems.append("the server must not run as root: set User= or DynamicUser=yes")
    for key, wanted in REQUIRED.items():
        got = service.get(key)
        if got is None or got[-1] != wanted:
            problems.append(f"{key}={wanted} is required, found {got}")
    if "multi-user.target" not in " ".join(sections.get("Install", {}).get("WantedBy", [])):
        problems.append("WantedBy=multi-user.target is required")

    if analyze:
        verify = subprocess.run([analyze, "verify", unit], capture_output=True, text=True)
        if verify.returncode != 0 or verify.stderr.strip() or verify.stdout.strip():
            problems.append("systemd-analyze verify: " + (verify.stderr + verify.stdout).strip())
        security = subprocess.run([analyze, "security", "--offline=yes", "--threshold=20", unit],
                                  capture_output=True, text=True)
        overall = [l for l in security.stdout.splitlines() if "Overall exposure" in l]
        print(overall[0] if overall else security.stdout[-300:])
        if security.returncode != 0:
            problems.append("systemd-analyze security: exposure above 2.0")

    for problem in problems:
        print(f"{unit}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
