#!/usr/bin/env python3
"""Runs clang's thread-safety analysis over every project source of a CMake build.

Usage: thread_safety.py BUILD_DIR [JOBS]
       thread_safety.py --source FILE   (one standalone source; the analysis's own test)

Takes each compile command of BUILD_DIR/compile_commands.json for a source in the project
that can touch a lock (it names a mutex or a lock annotation, or includes a project header
that does; generated protobuf code left out), runs it with clang++-14 in syntax-only mode
with -Wthread-safety -Werror, and fails if any source does not pass: every ABSL_GUARDED_BY,
ABSL_EXCLUSIVE_LOCKS_REQUIRED and ABSL_LOCKS_EXCLUDED is then enforced, which gcc ignores.
Code that touches a lock-protected member can only do so through the header declaring it,
so the sources left out have nothing for the analysis to check. A test or a benchmark
(`*_test.cc`, `bench/`) is analysed only when it has locks of its own: through the headers it
includes it only calls the public functions of classes whose sources are analysed. Leaving
those out keeps the check to about a tenth of a full clang parse of the tree.
Prints one line per failing source with clang's diagnostics, then a summary line.
"""
import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

CLANG = "clang++-14"
# Analysis flags. Only thread-safety diagnostics are enabled, and they are errors; the gcc
# build's own warning policy stays the gcc build's.
FLAGS = ["-fsyntax-only", "-Wno-everything", "-Wthread-safety", "-Wthread-safety-reference", "-Werror"]
# gcc options clang does not know.
DROP_PREFIXES = ("-fno-fat-lto-objects", "-flto", "-fconcepts-diagnostics-depth")


# What makes a source worth analysing: it, or a project header it includes, names a lock.
LOCKING = re.compile(r"absl::Mutex|MutexLock|ABSL_GUARDED_BY|ABSL_PT_GUARDED_BY|LOCKS_REQUIRED|"
                     r"LOCKS_EXCLUDED|ABSL_ACQUIRE|ABSL_RELEASE")
INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)


def is_test_or_bench(path, source_root):
    rel = os.path.relpath(path, source_root)
    return rel.endswith("_test.cc") or rel.startswith("bench" + os.sep)


def touches_locks(path, source_root):
    with open(path) as f:
        text = f.read()
    if is_test_or_bench(path, source_root):
        return bool(LOCKING.search(text))
    texts = [text]
    for inc in INCLUDE.findall(text):
        header = os.path.join(source_root, inc)
        if os.path.exists(header):
            with open(header) as f:
                texts.append(f.read())
    return any(LOCKING.search(t) for t in texts)


def clang_command(entry):
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    out = [CLANG]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c" or a.startswith(DROP_PREFIXES):
            continue
        out.append(a)
    return out + FLAGS


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if sys.argv[1] == "--source":
        r = subprocess.run([CLANG, "-std=c++20", sys.argv[2]] + FLAGS)
        return 1 if r.returncode else 0
    build = os.path.abspath(sys.argv[1])
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count() or 1
    source_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = json.load(f)
    entries = [e for e in entries
               if os.path.abspath(e["file"]).startswith(source_root + os.sep)
               and not os.path.abspath(e["file"]).startswith(build + os.sep)
               and touches_locks(os.path.abspath(e["file"]), source_root)]

    def check(entry):
        r = subprocess.run(clang_command(entry), cwd=entry["directory"], capture_output=True,
                           text=True)
        return entry["file"], r.returncode, r.stderr

    failed = 0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for path, rc, err in pool.map(check, entries):
            if rc != 0:
                failed += 1
                print(f"FAIL {os.path.relpath(path, source_root)}\n{err}", flush=True)
    print(f"thread-safety analysis: {len(entries)} sources, {failed} failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
