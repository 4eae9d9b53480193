#!/usr/bin/env python3
"""The container and cluster files parse and have the structure they need: every YAML file
under deploy/ loads (python3-yaml); the Banten compose file has its seven services, images,
mounted configs, certificates and volumes, and the sink on national's loopback; the hub's
Kubernetes manifests have their kinds, images, probes, claims, the certificate Secret and the
backup CronJob; the Dockerfile is multi-stage on bookworm-slim, non-root, with a volume and a
kinerjactl health check.

    deploy_yaml_test.py SOURCE_DIR
"""
import pathlib
import re
import sys

import yaml

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def load_all(path):
    try:
        return [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    except yaml.YAMLError as e:
        failures.append(f"{path}: does not parse: {e}")
        return []


def main(root):
    deploy = root / "deploy"
    files = sorted(list(deploy.rglob("*.yaml")) + list(deploy.rglob("*.yml")))
    check(len(files) >= 2, f"expected YAML files under {deploy}, found {len(files)}")
    docs = {f: load_all(f) for f in files}

    # Compose.
    compose_path = deploy / "compose" / "compose.yaml"
    compose = (docs.get(compose_path) or [{}])[0]
    services = compose.get("services", {})
    nodes = {"national": "RI", "hub-36": "36", "office-3673": "3673",
             "office-3604": "3604", "office-3603": "3603"}
    for name in list(nodes) + ["postgres", "sink"]:
        check(name in services, f"compose: no service {name}")
    for name, svc in services.items():
        check(bool(svc.get("image")), f"compose: service {name} names no image")
    for name, satker in nodes.items():
        svc = services.get(name, {})
        mounts = {}
        for v in svc.get("volumes", []):
            parts = v.split(":")
            mounts[parts[1]] = parts[0]
        for target in ["/etc/kinerja/kinerjad.textproto", "/etc/kinerja/satker.csv",
                       "/etc/kinerja/tls/ca.pem", "/etc/kinerja/tls/node.pem",
                       "/etc/kinerja/tls/node.key", "/var/lib/kinerja"]:
            check(target in mounts, f"compose: {name} mounts nothing at {target}")
        config = mounts.get("/etc/kinerja/kinerjad.textproto", "")
        config_file = (compose_path.parent / config).resolve()
        check(config_file.is_file(), f"compose: {name}: config {config} missing")
        if config_file.is_file():
            text = config_file.read_text()
            check(f'node: "{satker}"' in text, f"compose: {config} is not node {satker}")
        check(mounts.get("/etc/kinerja/tls/node.pem") == f"./certs/{satker}.pem",
              f"compose: {name} mounts another node's certificate")
        check((compose_path.parent / mounts.get("/etc/kinerja/satker.csv", "x")).is_file(),
              f"compose: {name}: registry file missing")
        check(mounts.get("/var/lib/kinerja") in compose.get("volumes", {}),
              f"compose: {name}: data volume not declared")
    sink = services.get("sink", {})
    check(sink.get("network_mode") == "service:national",
          "compose: sink does not share national's network (its feed is on loopback)")
    check(sink.get("entrypoint") == ["kinerja-sink"], "compose: sink does not run kinerja-sink")
    command = sink.get("command", [])
    for word in ["postgres", "--feed", "--dsn"]:
        check(word in command, f"compose: sink command lacks {word}")
    check("healthcheck" in services.get("postgres", {}), "compose: postgres has no healthcheck")

    # Kubernetes.
    k8s = deploy / "k8s" / "hub-36"
    kustomization = (docs.get(k8s / "kustomization.yaml") or [{}])[0]
    resources = kustomization.get("resources", [])
    for r in resources:
        check((k8s / r).is_file(), f"k8s: kustomization names missing {r}")
    objects = [d for r in resources for d in docs.get(k8s / r, [])]
    kinds = {}
    for o in objects:
        kinds.setdefault(o.get("kind"), []).append(o)
    for kind in ["StatefulSet", "Service", "ConfigMap", "CronJob"]:
        check(kind in kinds, f"k8s: no {kind}")
    secrets = [g["name"] for g in kustomization.get("secretGenerator", [])]
    check(bool(secrets) or "Secret" in kinds, "k8s: no Secret for the certificates")
    for g in kustomization.get("secretGenerator", []):
        keys = {f.split("=")[0] for f in g.get("files", [])}
        check(keys == {"ca.pem", "node.pem", "node.key"}, f"k8s: secret {g['name']} keys {keys}")
    configmaps = {c["metadata"]["name"]: c for c in kinds.get("ConfigMap", [])}
    for sts in kinds.get("StatefulSet", []):
        spec = sts["spec"]
        check(bool(spec.get("volumeClaimTemplates")), "k8s: StatefulSet has no claim")
        pod = spec["template"]["spec"]
        check(pod.get("securityContext", {}).get("runAsNonRoot") is True,
              "k8s: StatefulSet may run as root")
        for c in pod["containers"]:
            check(bool(c.get("image")), f"k8s: container {c['name']} names no image")
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"]:
                p = c.get(probe)
                check(p is not None, f"k8s: container {c['name']} has no {probe}")
                if p is not None:
                    cmd = " ".join(p.get("exec", {}).get("command", []))
                    check("grpc" in p or "health" in cmd, f"k8s: {probe} checks no health")
                    if "grpc" in p:
                        # A native gRPC probe speaks plaintext: it must reach the port of
                        # health_listen, the one plaintext health-only listener.
                        configs = " ".join(cm.get("data", {}).get("kinerjad.textproto", "")
                                           for cm in configmaps.values())
                        port = p["grpc"].get("port")
                        check(re.search(r'health_listen:\s*"[^"]*:%s"' % port, configs) is not None,
                              f"k8s: {probe} probes gRPC port {port}, which no health_listen serves")
            mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
            for target in ["/var/lib/kinerja", "/etc/kinerja/tls",
                           "/etc/kinerja/kinerjad.textproto"]:
                check(target in mounts, f"k8s: container {c['name']} mounts nothing at {target}")
        claims = {t["metadata"]["name"] for t in spec.get("volumeClaimTemplates", [])}
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        check("data" in claims, "k8s: no data claim")
        for v in volumes.values():
            if "secret" in v:
                check(v["secret"]["secretName"] in secrets, f"k8s: unknown secret {v}")
            if "configMap" in v:
                check(v["configMap"]["name"] in configmaps, f"k8s: unknown configmap {v}")
    for cm in configmaps.values():
        check("kinerjad.textproto" in cm.get("data", {}), "k8s: ConfigMap lacks the config")
    for cj in kinds.get("CronJob", []):
        pod = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        text = yaml.safe_dump(pod)
        check("backup save" in text, "k8s: the CronJob does not run kinerjactl backup save")
        check(all(c.get("image") for c in pod["containers"]), "k8s: CronJob image missing")

    # Dockerfile.
    dockerfile = (deploy / "docker" / "Dockerfile").read_text()
    froms = re.findall(r"^FROM\s+(\S+)", dockerfile, re.M)
    check(len(froms) >= 2 and all(f == "debian:bookworm-slim" for f in froms),
          f"Dockerfile: stages {froms}, expected two or more on debian:bookworm-slim")
    user = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    check(bool(user) and not user[-1].startswith(("root", "0")), "Dockerfile: runs as root")
    check(re.search(r"^VOLUME\s", dockerfile, re.M) is not None, "Dockerfile: no volume")
    check(re.search(r"HEALTHCHECK[\s\S]*kinerjactl[\s\S]*health", dockerfile) is not None,
          "Dockerfile: no kinerjactl health check")

    for f in failures:
        print("FAIL:", f)
    print(f"{len(files)} YAML files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
