#!/usr/bin/env bash
# Builds the image and runs it where Docker exists (not in CI: it downloads the base image).
# Checks that the three programs start in the runtime image, that a national node started
# from it with mounted config and certificates becomes healthy (HEALTHCHECK: kinerjactl
# health), and that kinerja-sink fills PostgreSQL (the postgres:15 image) from its feed.
#   deploy/docker/smoke.sh [IMAGE_TAG]
set -euo pipefail
cd "$(dirname "$0")/../.."
tag=${1:-kinerja:smoke}
if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
  echo "smoke: no usable Docker here (docker missing or its daemon not running); nothing done"
  exit 0
fi
work=$(mktemp -d)
net="kinerja-smoke-$$"
cleanup() {
  docker rm -f "$net-ri" "$net-pg" "$net-sink" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

docker build -f deploy/docker/Dockerfile -t "$tag" .
for p in kinerjad kinerjactl; do docker run --rm --entrypoint "$p" "$tag" --help >/dev/null; done
docker run --rm --entrypoint kinerja-sink "$tag" postgres --help >/dev/null
[ "$(docker run --rm --entrypoint id "$tag" -u)" = 10001 ] || { echo "smoke: runs as root" >&2; exit 1; }

deploy/compose/make-certs.sh "$work/certs" RI=localhost
cp deploy/compose/config/RI.textproto "$work/kinerjad.textproto"
cp deploy/demo/satker.csv "$work/satker.csv"
chmod -R a+rX "$work"  # Demo certificates: readable by the image's user.
docker network create "$net" >/dev/null
docker run -d --name "$net-ri" --network "$net" \
  -v "$work/kinerjad.textproto:/etc/kinerja/kinerjad.textproto:ro" \
  -v "$work/satker.csv:/etc/kinerja/satker.csv:ro" \
  -v "$work/certs/ca.pem:/etc/kinerja/tls/ca.pem:ro" \
  -v "$work/certs/RI.pem:/etc/kinerja/tls/node.pem:ro" \
  -v "$work/certs/RI.key:/etc/kinerja/tls/node.key:ro" "$tag" >/dev/null
for _ in $(seq 60); do
  state=$(docker inspect -f '{{.State.Health.Status}}' "$net-ri")
  [ "$state" = healthy ] && break
  sleep 2
done
[ "$state" = healthy ] || { docker logs "$net-ri" >&2; echo "smoke: national not healthy: $state" >&2; exit 1; }
echo "smoke: national is healthy"

docker run -d --name "$net-pg" --network "$net" -e POSTGRES_USER=kinerja \
  -e POSTGRES_PASSWORD=smoke -e POSTGRES_DB=kinerja postgres:15-bookworm >/dev/null
until docker exec "$net-pg" pg_isready -U kinerja -d kinerja >/dev/null 2>&1; do sleep 1; done
docker run -d --name "$net-sink" --network "container:$net-ri" --entrypoint kinerja-sink "$tag" \
  postgres --feed 127.0.0.1:7401 \
  --dsn "host=$net-pg dbname=kinerja user=kinerja password=smoke" >/dev/null
for _ in $(seq 30); do
  if docker exec "$net-pg" psql -U kinerja -d kinerja -Atc \
      "SELECT cursor FROM kinerja_feed_cursor" 2>/dev/null | grep -q .; then
    echo "smoke: kinerja-sink created its tables and follows the feed"
    exit 0
  fi
  sleep 1
done
docker logs "$net-sink" >&2
echo "smoke: kinerja-sink never wrote its cursor" >&2
exit 1
