#!/bin/bash
# CPU per request of portal-api with and without the memory of verified bearer tokens (ADR 0039), as in
# docs/benchmarks.md. Usage, after a build of portal-api (take the build lock on a shared machine):
#   load-test/token-memory/run.sh [seconds=60] [concurrency=8]
# Starts portal-api alone (target/quarkus-app) against a stub OIDC provider (discovery and JWKS, RS256 tokens minted
# here) and a stub registry (stubs.py), without Kafka. For each mode (off, on, off, on) it warms up with hey for 30 s,
# then runs hey for the given seconds against GET /api/v1/me with one client token and prints portal-api's CPU time
# (utime+stime from /proc/<pid>/stat) per answered request. Needs java, python3, hey, curl, bc; ports 18080, 18081,
# 18180 free.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
APP=$HERE/../../portal-api/target/quarkus-app
SECS=${1:-60}; CONC=${2:-8}
WORK=$(mktemp -d)
LIB=$(ls "$APP"/lib/main/*.jar | tr '\n' ':')
ISSUER=http://localhost:18180/realms/bench
mkdir -p "$WORK/secrets"
java -cp "$LIB" "$HERE/Secrets.java" "$WORK/secrets" 2>/dev/null
java -cp "$LIB" "$HERE/Mint.java" "$WORK" $ISSUER 1 > /dev/null 2>&1
python3 "$HERE/stubs.py" "$WORK" & STUBS=$!
trap 'kill $STUBS' EXIT
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
for MODE in off on off on; do
  java -Xmx512m -Dquarkus.http.port=18080 -Dquarkus.oidc.auth-server-url=$ISSUER \
    -Dquarkus.oidc.web.auth-server-url=$ISSUER -Dknooppunt.secrets-dir="$WORK/secrets" \
    -Dquarkus.rest-client.registry.url=http://localhost:18081 -Dquarkus.rest-client.routing.url=http://localhost:18081 \
    -Dkafka.bootstrap.servers=localhost:19999 -Dknooppunt.rate-limit.enabled=false \
    -Dknooppunt.portal.token-memory.enabled=$([ $MODE = on ] && echo true || echo false) \
    -Dquarkus.log.category.\"org.apache.kafka\".level=OFF \
    -Dquarkus.log.category.\"io.smallrye.reactive.messaging.kafka\".level=OFF \
    -jar "$APP/quarkus-run.jar" > "$WORK/portal-$MODE.log" 2>&1 &
  PID=$!
  for i in $(seq 1 120); do curl -sf -o /dev/null http://localhost:18080/api/v1/standard && break; sleep 1; done
  TOKEN=$(java -cp "$LIB" "$HERE/Mint.java" "$WORK" $ISSUER 30 2>/dev/null)
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" http://localhost:18080/api/v1/me
  hey -z 30s -c $CONC -H "Authorization: Bearer $TOKEN" http://localhost:18080/api/v1/me > /dev/null
  T0=$(ticks $PID)
  hey -z ${SECS}s -c $CONC -H "Authorization: Bearer $TOKEN" http://localhost:18080/api/v1/me > "$WORK/run.txt"
  T1=$(ticks $PID)
  OK=$(awk '/\[200\]/ {print $2}' "$WORK/run.txt")
  HZ=$(getconf CLK_TCK)
  echo "memory=$MODE requests=$OK $(grep Requests/sec "$WORK/run.txt" | tr -d '\t') cpu_s=$(echo "scale=2; ($T1-$T0)/$HZ" | bc)" \
    "cpu_us_per_request=$(echo "scale=1; ($T1-$T0)*1000000/$HZ/$OK" | bc)"
  kill $PID; wait $PID 2>/dev/null || true
done
