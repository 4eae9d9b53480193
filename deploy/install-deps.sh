#!/usr/bin/env bash
# Installs the Debian packages Kinerja needs to build, test and run. Idempotent.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build git ca-certificates openssl \
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler \
  librocksdb-dev libabsl-dev libssl-dev zlib1g-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  libcli11-dev libxlsxwriter-dev \
  libpqxx-dev pkg-config postgresql python3-yaml \
  prometheus-cpp-dev libcpp-httplib-dev libsystemd-dev grpc-proto python3-prometheus-client systemd \
  libsodium-dev chromium chromium-driver python3-selenium python3-openpyxl \
  clang-14 python3 >/dev/null
echo "install-deps: done"
