#!/usr/bin/env bash
# A local SmartRec cluster: Azurite (durable, on disk), the Stripe emulator (one processor for every silo) and N
# silos on loopback, sharing Azure Table membership, grain state and reminders. Data lives in deploy/.cluster.
#
#   deploy/cluster.sh start [N]   start Azurite and N silos (default 3), wait until all have joined
#   deploy/cluster.sh stop        stop the silos, the emulator, then Azurite (SIGTERM, in that order)
#   deploy/cluster.sh status      what is running
#   deploy/cluster.sh reset       stop, then delete the cluster's data
#   deploy/cluster.sh kill-silo I   kill silo I with SIGKILL, as a crash would (chaos drills)
#   deploy/cluster.sh start-silo I  start silo I again without building, and wait until it is ready (starting it
#                                   again if it exits first)
# Logs: deploy/.cluster/silo-N.log and azurite.log, UTC timestamps; the previous run's log is kept as .log.1.
# Ports: AZURITE_BLOB_PORT, AZURITE_TABLE_PORT, STRIPE_EMULATOR_PORT, SMARTREC_HTTP_BASE_PORT, SMARTREC_SILO_BASE_PORT,
# SMARTREC_GATEWAY_BASE_PORT; the data and logs move with SMARTREC_CLUSTER_STATE. The emulator keeps its records in
# memory: after a stop, saved methods are unknown to the new one, so `reset` before relying on them again.
# AZURITE_IN_MEMORY=1 keeps Azurite's data in memory (gone at stop): for drills that kill silos, never Azurite, on a
# machine where its disk database is what runs out of CPU first. SMARTREC_READY_SECONDS (default 120) is how long start
# and start-silo wait for a silo to answer ready.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state="${SMARTREC_CLUSTER_STATE:-$root/deploy/.cluster}"
blob_port=${AZURITE_BLOB_PORT:-10000}
queue_port=${AZURITE_QUEUE_PORT:-10001}
table_port=${AZURITE_TABLE_PORT:-10002}
http_base=${SMARTREC_HTTP_BASE_PORT:-5080}
silo_base=${SMARTREC_SILO_BASE_PORT:-11110}
gateway_base=${SMARTREC_GATEWAY_BASE_PORT:-30000}
stripe_port=${STRIPE_EMULATOR_PORT:-12111}
ready_seconds=${SMARTREC_READY_SECONDS:-120}
# The emulator's test key and webhook secret: they open nothing but the emulator.
stripe_key="sk_test_smartrec_local_cluster"
stripe_webhook_secret="whsec_smartrec_local_cluster"
# Azurite's fixed development account key: public, and accepted by nothing but the emulator.
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The previous run's log is kept as .1: a silo that crashed is usually restarted before anyone reads why.
rotate() { if [ -s "$1" ]; then mv -f "$1" "$1.1"; fi; }

wait_for() { # url, expected start of the answer, seconds[, silo index, whether it seeds: start that silo again if it exits first]
    local deadline=$((SECONDS + $3))
    until curl -fsS "$1" 2>/dev/null | grep -q "^$2"; do
        if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for $1 to answer '$2'" >&2; return 1; fi
        if [ $# -ge 5 ] && ! running "$state/silo-$4.pid"; then
            # A silo gives up its start when storage does not answer in time, as it would under an orchestrator that
            # then starts it again; its log is kept as .log.1.
            echo "silo $4 exited before it was ready; starting it again" >&2
            start_silo "$4" "$5"
        fi
        sleep 1
    done
}

start_azurite() {
    if running "$state/azurite.pid"; then return; fi
    if ! command -v node >/dev/null; then
        echo "Azurite needs Node.js (22 is what Azurite 3.37 declares; 20 runs it): install it (https://nodejs.org or 'apt-get install nodejs npm'), then run this again." >&2
        exit 1
    fi
    [ -f "$root/node_modules/azurite/dist/src/azurite.js" ] || (cd "$root" && npm ci --no-audit --no-fund)
    mkdir -p "$state/azurite"
    rotate "$state/azurite.log"
    local persistence=(--location "$state/azurite")
    if [ "${AZURITE_IN_MEMORY:-0}" = 1 ]; then persistence=(--inMemoryPersistence); fi
    # azurite-fixes.cjs: as shipped, Azurite's blob collector stalls it for minutes once blobs have been rewritten some
    # ten thousand times, and its table lookups scan whole tables (see the file and docs/operations.md).
    node -r "$root/deploy/azurite-fixes.cjs" "$root/node_modules/azurite/dist/src/azurite.js" "${persistence[@]}" \
        --skipApiVersionCheck --loose --disableTelemetry \
        --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
        --tableHost 127.0.0.1 --tablePort "$table_port" >"$state/azurite.log" 2>&1 &
    echo $! >"$state/azurite.pid"
    local deadline=$((SECONDS + 30))
    until (exec 3<>"/dev/tcp/127.0.0.1/$table_port") 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then echo "Azurite did not start; see $state/azurite.log" >&2; exit 1; fi
        sleep 0.5
    done
    echo "Azurite   blob :$blob_port  table :$table_port  data $state/azurite"
}

start_emulator() {
    if running "$state/stripe-emulator.pid"; then return; fi
    rotate "$state/stripe-emulator.log"
    # Events go to the first silo; any silo applies any event, once.
    dotnet "$root/src/SmartRec.StripeEmulator/bin/Release/net10.0/SmartRec.StripeEmulator.dll" \
        --urls "http://127.0.0.1:$stripe_port" \
        --Emulator:ApiKey="$stripe_key" --Emulator:WebhookSecret="$stripe_webhook_secret" \
        --Emulator:WebhookUrl="http://127.0.0.1:$((http_base + 1))/api/webhooks/stripe" \
        --Logging:LogLevel:Microsoft.AspNetCore=Warning \
        >"$state/stripe-emulator.log" 2>&1 &
    echo $! >"$state/stripe-emulator.pid"
    local deadline=$((SECONDS + 30))
    until (exec 3<>"/dev/tcp/127.0.0.1/$stripe_port") 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then echo "The Stripe emulator did not start; see $state/stripe-emulator.log" >&2; exit 1; fi
        sleep 0.5
    done
    echo "Stripe    emulator http://127.0.0.1:$stripe_port (records in memory)"
}

start_silo() { # index (1-based), whether it seeds the demo
    local i=$1 pidfile="$state/silo-$1.pid"
    if running "$pidfile"; then return; fi
    rotate "$state/silo-$i.log"
    # Timestamps in UTC on one line per entry, so the logs of several silos can be merged and sorted. (Orleans'
    # placement logs each attempt through Polly at Information; appsettings.json keeps "Polly" at Warning.)
    env Logging__Console__FormatterName=simple \
    Logging__Console__FormatterOptions__SingleLine=true \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ " \
    SmartRec__Storage__ConnectionString="$connection" \
    SmartRec__Processor__Kind=Stripe \
    SmartRec__Processor__Stripe__ApiKey="$stripe_key" \
    SmartRec__Processor__Stripe__ApiBase="http://127.0.0.1:$stripe_port" \
    SmartRec__Processor__Stripe__WebhookSecret="$stripe_webhook_secret" \
    SmartRec__Orleans__ServiceId=smartrec-local \
    SmartRec__Orleans__ClusterId=local \
    SmartRec__Orleans__AdvertisedIPAddress=127.0.0.1 \
    SmartRec__Orleans__SiloPort=$((silo_base + i)) \
    SmartRec__Orleans__GatewayPort=$((gateway_base + i)) \
    SmartRec__Auth__SigningKey="$(cat "$state/signing-key")" \
    SmartRec__Auth__DevTokens=true \
    SmartRec__Demo__Seed="$2" \
    ASPNETCORE_URLS="http://127.0.0.1:$((http_base + i))" \
    ASPNETCORE_ENVIRONMENT=Production \
        dotnet "$root/src/SmartRec.Api/bin/Release/net10.0/SmartRec.Api.dll" --contentRoot "$root/src/SmartRec.Api" \
        >"$state/silo-$i.log" 2>&1 &
    echo $! >"$pidfile"
}

kill_silo() { # index (1-based)
    local pidfile="$state/silo-$1.pid"
    if ! running "$pidfile"; then echo "silo $1 is not running" >&2; return 1; fi
    kill -KILL "$(cat "$pidfile")"
    while running "$pidfile"; do sleep 0.1; done
    echo "silo $1 killed (SIGKILL)"
}

start() {
    local n=${1:-3}
    mkdir -p "$state"
    [ -f "$state/signing-key" ] || head -c 32 /dev/urandom | base64 >"$state/signing-key"
    dotnet build "$root/src/SmartRec.Api" -c Release --nologo -v quiet
    dotnet build "$root/src/SmartRec.StripeEmulator" -c Release --nologo -v quiet
    start_azurite
    start_emulator
    # The first silo seeds the demo (skipped when its data already exists) before the others join.
    start_silo 1 true
    wait_for "http://127.0.0.1:$((http_base + 1))/health/ready" Healthy "$ready_seconds"
    for i in $(seq 2 "$n"); do start_silo "$i" false; done
    for i in $(seq 1 "$n"); do wait_for "http://127.0.0.1:$((http_base + i))/health/ready" "Healthy; activeSilos=$n" "$ready_seconds"; done
    for i in $(seq 1 "$n"); do echo "silo $i    http://127.0.0.1:$((http_base + i))   (log $state/silo-$i.log)"; done
    echo "All $n silos joined. Tokens: POST /api/dev/tokens on any silo. Stop with: deploy/cluster.sh stop"
}

stop() {
    # Silos first: a silo whose storage vanished hangs on shutdown. Azurite last, with SIGTERM so it flushes to disk.
    for pidfile in "$state"/silo-*.pid; do
        [ -e "$pidfile" ] || continue
        if running "$pidfile"; then kill -TERM "$(cat "$pidfile")"; fi
    done
    for pidfile in "$state"/silo-*.pid; do
        [ -e "$pidfile" ] || continue
        while running "$pidfile"; do sleep 0.5; done
        rm -f "$pidfile"
    done
    if running "$state/stripe-emulator.pid"; then
        kill -TERM "$(cat "$state/stripe-emulator.pid")"
        while running "$state/stripe-emulator.pid"; do sleep 0.5; done
    fi
    rm -f "$state/stripe-emulator.pid"
    if running "$state/azurite.pid"; then
        kill -TERM "$(cat "$state/azurite.pid")"
        while running "$state/azurite.pid"; do sleep 0.5; done
    fi
    rm -f "$state/azurite.pid"
    echo "stopped"
}

status() {
    local found=0
    for pidfile in "$state"/azurite.pid "$state"/stripe-emulator.pid "$state"/silo-*.pid; do
        [ -e "$pidfile" ] || continue
        found=1
        if running "$pidfile"; then echo "$(basename "$pidfile" .pid) running (pid $(cat "$pidfile"))"; else echo "$(basename "$pidfile" .pid) not running (stale pid file; its log is $state/$(basename "$pidfile" .pid).log)"; fi
    done
    if [ $found -eq 0 ]; then echo "nothing running: no Azurite, no emulator, no silo (start with: deploy/cluster.sh start)"; fi
}

case "${1:-}" in
    start) start "${2:-3}" ;;
    stop) stop ;;
    status) status ;;
    reset) stop; rm -rf "$state" ;;
    kill-silo) kill_silo "${2:?which silo}" ;;
    start-silo) seeds=$([ "${2:?which silo}" = 1 ] && echo true || echo false); start_silo "$2" "$seeds"
        wait_for "http://127.0.0.1:$((http_base + $2))/health/ready" Healthy "$ready_seconds" "$2" "$seeds" ;;
    *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
