#!/usr/bin/env python3
"""Checks (or, with --fix, adds) [[nodiscard]] on every declaration returning absl::Status or
absl::StatusOr in the project's headers: Debian's Abseil 20220623 does not mark absl::Status
must-use, so an ignored error would otherwise compile silently.

Usage: nodiscard.py [--fix] [ROOT]
Prints each declaration missing the attribute as FILE:LINE and exits 1 if there is any.
"""
import os
import re
import sys

FOLDERS = ("common", "storage", "daemon", "client", "bench", "tests")
# A line that starts a function declaration whose return type is absl::Status(Or): optional
# specifiers, the type, then a name and "(" (not a data member, not a function pointer).
DECL = re.compile(
    r"^(?P<indent>\s*)(?P<spec>(?:(?:static|virtual|inline|friend|constexpr|explicit)\s+)*)"
    r"(?P<type>absl::Status(?:Or<.*>)?)\s+(?P<name>[A-Za-z_][A-Za-z0-9_:]*|operator\S+)\s*\(")


def headers(root):
    for folder in FOLDERS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
            dirnames[:] = [d for d in dirnames if not d.startswith("build")]
            for name in sorted(filenames):
                if name.endswith(".h"):
                    yield os.path.join(dirpath, name)


def main():
    args = [a for a in sys.argv[1:] if a != "--fix"]
    fix = "--fix" in sys.argv[1:]
    root = os.path.abspath(args[0] if args else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    missing = 0
    for path in headers(root):
        with open(path) as f:
            lines = f.readlines()
        changed = False
        for i, line in enumerate(lines):
            m = DECL.match(line)
            if not m:
                continue
            prev = lines[i - 1].strip() if i > 0 else ""
            if "[[nodiscard]]" in line or prev.endswith("[[nodiscard]]"):
                continue
            missing += 1
            print(f"{os.path.relpath(path, root)}:{i + 1}: {line.strip()}")
            if fix:
                lines[i] = m.group("indent") + "[[nodiscard]] " + line[len(m.group("indent")):]
                changed = True
        if changed:
            with open(path, "w") as f:
                f.writelines(lines)
    if missing and not fix:
        print(f"{missing} declarations return absl::Status or absl::StatusOr without "
              "[[nodiscard]]; run tests/analysis/nodiscard.py --fix")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
