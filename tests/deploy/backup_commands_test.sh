#!/bin/sh
# The deploy files that run `kinerjactl backup` (deploy/systemd/kinerja-backup.service,
# deploy/k8s/hub-36/backup-cronjob.yaml) call it with options and subcommands the built
# kinerjactl accepts: each command line found there is run against an address where nothing
# listens, and must fail as "cannot reach kinerjad" (exit 3), not as a usage error (exit 2),
# leaving no backup file behind; `backup inspect` of a missing file fails with exit 1.
# Usage: backup_commands_test.sh SOURCE_DIR KINERJACTL
set -u
src=$1 ctl=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

unit="$src/deploy/systemd/kinerja-backup.service"
grep -q 'kinerjactl backup save /var/lib/kinerja/backup/' "$unit" ||
  fail "$unit no longer runs 'kinerjactl backup save FILE': update this test"
cron="$src/deploy/k8s/hub-36/backup-cronjob.yaml"
grep -q -- '--timeout 30m backup save "$file"' "$cron" ||
  fail "$cron no longer runs '... --timeout 30m backup save FILE': update this test"
grep -q -- 'backup inspect "$file"' "$cron" ||
  fail "$cron no longer runs 'backup inspect FILE': update this test"

# Port 9 (discard) on loopback: nothing listens there in a test environment.
KINERJA_ADDR=127.0.0.1:9 "$ctl" backup save "$dir/unit.bak" 2>"$dir/err"
code=$?
[ $code -eq 3 ] || fail "systemd unit's command exited $code, want 3: $(cat "$dir/err")"
"$ctl" --addr 127.0.0.1:9 --timeout 30m backup save "$dir/cron.kbak" 2>"$dir/err"
code=$?
[ $code -eq 3 ] || fail "cronjob's save exited $code, want 3: $(cat "$dir/err")"
[ -z "$(ls "$dir" | grep -v '^err$')" ] || fail "a failed save left files: $(ls "$dir")"
"$ctl" --addr 127.0.0.1:9 backup inspect "$dir/missing.kbak" 2>"$dir/err"
code=$?
[ $code -eq 1 ] || fail "cronjob's inspect of a missing file exited $code, want 1"
echo "backup command lines of the deploy files: OK"
