#!/usr/bin/env bash
# One hot recipient (issue 15, docs/benchmarks.md): starts the stack with the rate limit raised, warms it up in 30-s
# rounds until the services' JIT compilers take under 5% of their CPU, then posts the standard's saldoverzoek example
# from Gemeente Voorbeeldstad to Voorbeeld Energie for 60 s with `hey -c 32`, and reports accepted, delivered (rows in
# routing's message table), CPU per process and how soon a message sent right after the run is stored.
#
# Usage, from the repository root of a built checkout, with nothing else running on the stack's ports:
#   load-test/hot-recipient.sh [report-dir]          (default load-test/target/hot-recipient)
# Needs: hey, curl, psql, bc. JFR=1 records a profile from the JVMs' start and dumps it for the measured minute.
set -euo pipefail
OUT=${1:-load-test/target/hot-recipient}
mkdir -p "$OUT"
API=http://localhost:8080/api/v1
KC=http://localhost:8180/realms/knooppunt/protocol/openid-connect/token
ENERGIE_ID=b7e2d154-3e3c-4d66-8b1f-4a2a8b1e3b02

token() {
  curl -s -d grant_type=client_credentials -d client_id=demo-gemeente -d client_secret=demo-gemeente-secret $KC \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
stored() {
  PGPASSWORD=postgres psql -h localhost -p 15432 -U postgres -d routing -tAc "select count(*) from message $1"
}
# CPU ticks per process group: "<name> <ticks>"
cpu() {
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null) || continue
    case "$cmd" in
      *portal-api/target/quarkus-app*) name=portal-api;;
      *validation-service/target/quarkus-app*) name=validation-service;;
      *routing-service/target/quarkus-app*) name=routing-service;;
      *registry-service/target/quarkus-app*) name=registry-service;;
      *keycloak*) name=keycloak;;
      *localstack.KafkaBroker*) name=kafka;;
      postgres*|*bin/postgres*) name=postgresql;;
      *) continue;;
    esac
    read -r -a f < "$p/stat" 2>/dev/null || continue
    echo "$name $((f[13] + f[14]))"
  done | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort
}
# "<compiler ticks> <all ticks>" over the four service JVMs
jit() {
  local compiler=0 all=0
  for pid in $(pgrep -f 'target/quarkus-app/quarkus-run.jar'); do
    for t in /proc/"$pid"/task/*; do
      s=$(cat "$t/stat" 2>/dev/null) || continue
      comm=${s#*(}; comm=${comm%%)*}
      read -r -a f <<< "${s##*) }"
      ticks=$((f[11] + f[12])); all=$((all + ticks))
      case "$comm" in C1\ Compiler*|C2\ Compiler*) compiler=$((compiler + ticks));; esac
    done
  done
  echo "$compiler $all"
}
post() { hey -z "$1" -c "$2" -m POST -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' \
  -D "$OUT/body.json" $API/messages; }

cat > "$OUT/body.json" <<JSON
{"module":"schuldinventarisatie","type":"saldoverzoek","recipient":"$ENERGIE_ID","payload":{"referentieSchuldhulpverlener":"SHV-2026-00417","peildatum":"2026-11-27","client":{"bsn":"999993653","voorletters":"J.","achternaam":"Vries","tussenvoegsel":"de","geboortedatum":"1984-03-12","adres":{"straat":"Dorpsstraat","huisnummer":12,"postcode":"1234 AB","woonplaats":"Voorbeeldstad"}}}}
JSON

jfr=()
[ -n "${JFR:-}" ] && jfr=(env JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=settings=profile,maxage=70s,name=bench)
"${jfr[@]}" env KNOOPPUNT_RATE_LIMIT_REQUESTS_PER_SECOND=100000 KNOOPPUNT_RATE_LIMIT_BURST=100000 \
  ./knooppunt up > "$OUT/up.log" 2>&1 &
trap './knooppunt down > /dev/null 2>&1 || true' EXIT
for _ in $(seq 1 180); do curl -sf -o /dev/null $API/standard && break; sleep 2; done
sleep 5

: > "$OUT/warm-up.txt"
for round in $(seq 1 24); do
  read -r c0 a0 < <(jit)
  post 30s 24 > "$OUT/warm-round.txt"
  read -r c1 a1 < <(jit)
  share=$((100 * (c1 - c0) / (a1 - a0 + 1)))
  echo "round $round: $(grep Requests/sec "$OUT/warm-round.txt" | tr -s ' \t' ' ') JIT ${share}%" | tee -a "$OUT/warm-up.txt"
  [ "$share" -lt 5 ] && break
done
sleep 10

cpu > "$OUT/cpu-before"; before=$(stored "")
( for _ in $(seq 1 15); do sleep 5; echo "$(date +%s) $(stored "")"; done ) > "$OUT/stored-every-5s.txt" &
sampler=$!
post 60s 32 > "$OUT/hey.txt"
cpu > "$OUT/cpu-after"; after=$(stored "")
if [ -n "${JFR:-}" ]; then
  for svc in portal-api validation-service routing-service; do
    pid=$(pgrep -f "$svc/target/quarkus-app" | head -1)
    [ -n "$pid" ] && jcmd "$pid" JFR.dump name=bench filename="$(realpath "$OUT")/$svc.jfr" > /dev/null
  done
fi
wait $sampler

start=$(date +%s.%N)
id=$(curl -s -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' -d @"$OUT/body.json" \
  $API/messages | sed -E 's/.*"id":"([^"]+)".*/\1/')
for _ in $(seq 1 400); do [ "$(stored "where id = '$id'")" = 1 ] && break; sleep 0.05; done
probe=$(echo "$(date +%s.%N) - $start" | bc)

accepted=$(grep -oE '\[201\][[:space:]]+[0-9]+' "$OUT/hey.txt" | awk '{print $2}')
{
  echo "accepted: ${accepted:-0} ($(grep Requests/sec "$OUT/hey.txt" | awk '{print $2}')/s)"
  grep -E '^\s+\[[0-9]{3}\]' "$OUT/hey.txt" | sed 's/^/  status /'
  grep -E '(50|95|99)% in' "$OUT/hey.txt" | sed 's/^ */  submit /'
  echo "stored into the mailbox during the minute: $((after - before))"
  echo "stored minus accepted, 15 s after the load (0: every accepted message delivered): $(( $(tail -1 "$OUT/stored-every-5s.txt" | awk '{print $2}') - before - ${accepted:-0} ))"
  echo "a message sent right after the run, stored after: ${probe} s"
  echo "CPU over the measured minute (s), and per accepted message (ms):"
  join "$OUT/cpu-before" "$OUT/cpu-after" | awk -v n="${accepted:-1}" \
    '{d = ($3 - $2) / 100; t += d; printf "  %-20s %7.2f s %6.3f ms\n", $1, d, 1000 * d / n}
     END {printf "  %-20s %7.2f s %6.3f ms\n", "all", t, 1000 * t / n}'
} | tee "$OUT/summary.txt"
