#!/usr/bin/env python3
"""Checks kinerjad logs written with --log-format json: every line of every file given is one
JSON object with the keys ts (UTC RFC 3339 with milliseconds), level, msg, node and component,
and optional peer, session and change, all strings. Prints the first bad line and exits 1;
otherwise prints "ok: N lines in M files" and exits 0."""
import json
import re
import sys

TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
REQUIRED = ("ts", "level", "msg", "node", "component")
OPTIONAL = ("peer", "session", "change")
LEVELS = ("info", "warning", "error")


def problem(path, number, line, why):
    print(f"{path}:{number}: {why}: {line!r}")
    sys.exit(1)


def main(paths):
    lines = 0
    for path in paths:
        with open(path, "rb") as f:
            for number, raw in enumerate(f, 1):
                text = raw.decode("utf-8")  # Invalid UTF-8 fails the check.
                try:
                    obj = json.loads(text)
                except ValueError as e:
                    problem(path, number, text, f"not JSON ({e})")
                if not isinstance(obj, dict):
                    problem(path, number, text, "not an object")
                for key in REQUIRED:
                    if not isinstance(obj.get(key), str):
                        problem(path, number, text, f"no string {key}")
                for key in obj:
                    if key not in REQUIRED + OPTIONAL:
                        problem(path, number, text, f"unknown key {key}")
                    if not isinstance(obj[key], str):
                        problem(path, number, text, f"{key} is not a string")
                if not TS.match(obj["ts"]):
                    problem(path, number, text, "ts is not UTC RFC 3339 with milliseconds")
                if obj["level"] not in LEVELS:
                    problem(path, number, text, "unknown level")
                lines += 1
    print(f"ok: {lines} lines in {len(paths)} files")


if __name__ == "__main__":
    main(sys.argv[1:])
