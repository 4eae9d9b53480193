#!/usr/bin/env python3
"""Every kinerjad config file the compose file and the Kubernetes manifests mount passes
`kinerjad --check-config`, started as the containers start it (--config FILE) with the paths
that only exist in a container (certificates, registry, data directory) given as flags that
point into a temporary directory holding test certificates made by make-certs.sh. A config
with a bad field must fail, naming it.

    deploy_check_config_test.py SOURCE_DIR KINERJAD

Exits 77 (ctest: skipped) when this kinerjad has no --check-config yet.
"""
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml


def configs(root):
    """(name, text) of each mounted kinerjad config."""
    out = []
    compose_path = root / "deploy" / "compose" / "compose.yaml"
    compose = yaml.safe_load(compose_path.read_text())
    for name, svc in compose["services"].items():
        for v in svc.get("volumes", []):
            parts = v.split(":")
            if parts[1] == "/etc/kinerja/kinerjad.textproto":
                out.append((f"compose {name}", (compose_path.parent / parts[0]).read_text()))
    for f in sorted((root / "deploy" / "k8s").rglob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if doc and doc.get("kind") == "ConfigMap" and "kinerjad.textproto" in doc["data"]:
                out.append((f"k8s {f.name} {doc['metadata']['name']}",
                            doc["data"]["kinerjad.textproto"]))
    return out


def check_config(kinerjad, root, tmp, index, text):
    node = re.search(r'^node:\s*"([^"]+)"', text, re.M).group(1)
    certs = tmp / "certs"
    subprocess.run([str(root / "deploy/compose/make-certs.sh"), str(certs), f"{node}=localhost"],
                   check=True, capture_output=True)
    config = tmp / f"config-{index}.textproto"
    config.write_text(text)
    return subprocess.run(
        [kinerjad, "--check-config", "--config", str(config),
         "--tls-cert", str(certs / f"{node}.pem"), "--tls-key", str(certs / f"{node}.key"),
         "--tls-ca", str(certs / "ca.pem"), "--registry", str(root / "deploy/demo/satker.csv"),
         "--data-dir", str(tmp / f"data-{index}")],
        capture_output=True, text=True, timeout=60)


def main(root, kinerjad):
    probe = subprocess.run([kinerjad, "--check-config"], capture_output=True,
                           text=True, timeout=60)
    if "--check-config" in probe.stdout + probe.stderr and "not expected" in probe.stderr:
        print("SKIP: this kinerjad has no --check-config (issue 11 part B)")
        return 77
    failures = []
    found = configs(root)
    if len(found) < 6:
        failures.append(f"expected the 5 compose configs and the hub's ConfigMap, got {found}")
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        for i, (name, text) in enumerate(found):
            r = check_config(kinerjad, root, tmp, i, text)
            if r.returncode != 0 or r.stdout.strip() != "ok":
                failures.append(f"{name}: exit {r.returncode}: {r.stdout.strip()} "
                                f"{r.stderr.strip()}")
        # The check can fail: an admin listener off loopback is refused, naming the field.
        bad = found[0][1].replace('admin_listen: "127.0.0.1:7401"',
                                  'admin_listen: "0.0.0.0:7401"')
        r = check_config(kinerjad, root, tmp, len(found), bad)
        if r.returncode != 1 or "admin_listen" not in r.stdout + r.stderr:
            failures.append(f"a bad admin_listen passed: exit {r.returncode}: {r.stdout} "
                            f"{r.stderr}")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(found)} configs checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]), sys.argv[2]))
