#!/usr/bin/env bash
# The project's container check: builds the image from the Dockerfile with podman and runs it under a real 512 MB
# memory limit, the way a Render free web service runs it.
#
#   bash scripts/container-check.sh               # everything (needs root: apt-get, podman, mmdebstrap)
#   bash scripts/container-check.sh --only all    # role `all` only (skips the ui + stream pair)
#   bash scripts/container-check.sh --only pair   # the ui + stream pair only
#
# What it does (recipe: podman with runc and cgroupfs, base images made from Debian packages):
#   1.-3. the image, with scripts/container-image.sh (sourced; the benchmark's soak runs it too): installs podman,
#      runc, mmdebstrap (and curl, python3, ffmpeg) when missing; writes a containers.conf and exports
#      CONTAINERS_CONF; makes the base images the Dockerfile's FROM lines name (a JRE, a JDK with Maven, nodejs with
#      npm) with mmdebstrap from this machine's own apt sources, tagged under localhost/ and kept between runs (a
#      label records the recipe, so a second run skips this); podman build --pull=never; then checks what the image
#      carries (non-root user, libtdjson, jar, conf/, MALLOC_ARENA_MAX);
#   4. role `all` under --memory 512m --memory-swap 512m with a generated library (random bytes, a small video):
#      100 concurrent range readers, every body compared by sha256, no OOM kill;
#   5. role `stream` + role `ui` on one podman network (one STREAM_SECRET, STREAMER_URL = the streamer by name):
#      a file streamed through the remote link and through the UI's /raw-stream, then, with the streamer stopped,
#      through the UI's local fallback;
#   6. every container stopped with `podman stop -t 5`: it must exit by itself, code 0, within 5 s;
#   7. prints the peak memory of each container (memory.max_usage_in_bytes of its cgroup) and a timeline.
# Removes only what it started (containers and the network, by id). Exits non-zero with a FAIL line on any failure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

ONLY=""                       # "", all, pair
IMAGE=localhost/tgstream:container-check
# The image recipe (ensure_podman, write_containers_conf, make_base_images, build_image): one file, two users.
# shellcheck source=scripts/container-image.sh
. "$ROOT/scripts/container-image.sh"
MEM_LIMIT=512m
READERS=100
STOP_TIMEOUT=5
READY_TIMEOUT=120
PASSWORD="container-check-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
STREAM_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"   # 64 hex characters (32 random bytes)

WORK=""
CONTAINERS=()                 # ids of the containers this run started
NETWORKS=()                   # networks this run created
FAILURES=()                   # checks that failed (the run goes on to print every figure, then exits 1)
TIMELINE=()
SUMMARY=()
declare -A STARTED_AT=()      # container id -> ms since the check began
T0=$(date +%s%N)

# ---- output ---------------------------------------------------------------------------------------------------
elapsed() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }           # milliseconds since start
fmt_ms() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
log() { printf '[%7s] %s\n' "$(fmt_ms "$(elapsed)")" "$*"; }
mark() { TIMELINE+=("$(printf '%8s  %s' "$(fmt_ms "$(elapsed)")" "$*")"); log "$*"; }
die() {
  echo "container-check: FAIL: $*" >&2
  FAILURES+=("$*")
  report || true
  exit 1
}
failed() { echo "container-check: FAIL: $*" >&2; FAILURES+=("$*"); }

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

parse_args() {
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --only) [ "$#" -ge 2 ] || usage; ONLY=$2; shift 2 ;;
      --only=*) ONLY=${1#--only=}; shift ;;
      -h|--help) usage ;;
      *) echo "container-check: unknown argument '$1'" >&2; usage ;;
    esac
  done
  case "$ONLY" in
    ""|all|pair) ;;
    *) die "--only takes 'all' or 'pair' (got '$ONLY')" ;;
  esac
}

# ---- clean-up: only what this run started, by id --------------------------------------------------------------
cleanup() {
  local rc=$? id
  for id in "${CONTAINERS[@]}"; do
    podman rm -f -t 0 "$id" >/dev/null 2>&1 || true
  done
  for id in "${NETWORKS[@]}"; do
    podman network rm "$id" >/dev/null 2>&1 || true
  done
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    rm -rf "$WORK"
  fi
  exit "$rc"
}

# ---- 3. the image ---------------------------------------------------------------------------------------------
# build_image (scripts/container-image.sh), then what the Dockerfile promises is checked in the image.
check_image() {
  build_image
  SUMMARY+=("build: $(fmt_ms "$BUILD_MS")")
  # The image carries what the Dockerfile promises: the jar, conf/, libtdjson at TDLIB_PATH, a non-root user.
  local probe
  probe=$(podman run --rm --network=none --entrypoint sh "$IMAGE" -c \
    'id -u; echo "$TDLIB_PATH"; test -s "$TDLIB_PATH" && echo lib-ok; test -s /app/tgstream.jar && echo jar-ok; test -s /app/conf/jvm-512m.options && echo conf-ok; echo "$MALLOC_ARENA_MAX"' 2>&1) \
    || die "the image does not start a shell: $probe"
  echo "$probe" | grep -qx 10001 || failed "image user is not 10001 (non-root): $probe"
  echo "$probe" | grep -qx lib-ok || failed "libtdjson missing at TDLIB_PATH in the image: $probe"
  echo "$probe" | grep -qx jar-ok || failed "/app/tgstream.jar missing in the image"
  echo "$probe" | grep -qx conf-ok || failed "/app/conf/jvm-512m.options missing in the image"
  echo "$probe" | tail -n 1 | grep -qx 2 || failed "MALLOC_ARENA_MAX is not 2 in the image"
  log "image: uid 10001, TDLIB_PATH=$(echo "$probe" | sed -n 2p), jar, conf/, MALLOC_ARENA_MAX=2"
}

# ---- fixtures -------------------------------------------------------------------------------------------------
make_library() {
  LIB="$WORK/library"
  mkdir -p "$LIB/Check"
  head -c $((64 * 1024 * 1024)) /dev/urandom > "$LIB/Check/random.bin"
  ffmpeg -loglevel error -f lavfi -i testsrc=duration=6:size=320x240:rate=25 -f lavfi -i sine=frequency=440:duration=6 \
    -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest -movflags +faststart "$LIB/Check/video.mp4" \
    || die "ffmpeg could not make the test video"
  chmod -R a+rX "$LIB"
  RANDOM_SHA=$(sha256sum "$LIB/Check/random.bin" | cut -d' ' -f1)
  log "library: Check/random.bin 64 MiB sha256 ${RANDOM_SHA:0:16}…, Check/video.mp4 $(stat -c %s "$LIB/Check/video.mp4") bytes"
}

make_user() {
  local hash
  hash=$(podman run --rm --network=none "$IMAGE" hash-password "$PASSWORD" 2>"$WORK/hash.err") \
    || die "hash-password in the image failed: $(cat "$WORK/hash.err")"
  hash=$(echo "$hash" | tail -n 1)
  case "$hash" in
    '$2'*) ;;
    *) die "hash-password printed no bcrypt hash: '$hash'" ;;
  esac
  UI_USERS="check:$hash:admin"
  log "UI_USERS from the image's hash-password (bcrypt)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---- containers -----------------------------------------------------------------------------------------------
# run_container NAME PORT ARGS...: starts one detached container under the memory limit, publishing 8080 on
# 127.0.0.1:PORT; sets CID.
run_container() {
  local name=$1 port=$2
  shift 2
  CID=$(podman run -d --name "$name" --memory "$MEM_LIMIT" --memory-swap "$MEM_LIMIT" \
    -p "127.0.0.1:$port:8080" -v "$LIB:/app/library:ro" "$@" "$IMAGE") || die "podman run $name failed"
  CONTAINERS+=("$CID")
  STARTED_AT[$CID]=$(elapsed)
  mark "$name started (${CID:0:12}, port $port)"
}

# wait_ready NAME ID PORT: polls /health/ready until 200 (bounded); dies with the log tail if the container stops.
wait_ready() {
  local name=$1 id=$2 port=$3 deadline code start
  start=${STARTED_AT[$id]:-$(elapsed)}
  deadline=$(( $(date +%s) + READY_TIMEOUT ))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/ready" || true)
    [ "$code" = 200 ] && break
    if [ "$(podman inspect --format '{{.State.Running}}' "$id")" != true ]; then
      podman logs --tail 30 "$id" >&2 || true
      die "$name stopped before it was ready (exit $(podman inspect --format '{{.State.ExitCode}}' "$id"))"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      podman logs --tail 30 "$id" >&2 || true
      die "$name not ready within ${READY_TIMEOUT}s (/health/ready answered '$code')"
    fi
    sleep 0.25
  done
  mark "$name ready (/health/ready 200) $(fmt_ms $(( $(elapsed) - start ))) after start"
}

# peak_memory NAME ID: the cgroup's memory.max_usage_in_bytes (cgroup v1) or memory.peak (v2), read inside.
peak_memory() {
  local name=$1 id=$2 v
  v=$(podman exec "$id" sh -c 'cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak 2>/dev/null' || true)
  if [ -z "$v" ]; then
    failed "$name: no peak memory figure in its cgroup"
    return 0
  fi
  local mb now
  mb=$(awk -v b="$v" 'BEGIN { printf "%.0f", b / 1048576 }')
  # The cgroup's figure counts the page cache of files read (the library) too; rss is the process's own memory.
  now=$(podman exec "$id" cat /sys/fs/cgroup/memory/memory.stat 2>/dev/null \
    | awk '$1 == "total_rss" { r = $2 } $1 == "total_cache" { c = $2 } END { if (r != "") printf "now: rss %d MiB, page cache %d MiB", r / 1048576, c / 1048576 }' || true)
  SUMMARY+=("peak memory $name: $mb MiB of 512 MiB${now:+ ($now)}")
  log "$name peak memory: $mb MiB (memory.max_usage_in_bytes $v)${now:+; $now}"
}

check_not_oom() {
  local name=$1 id=$2 state
  state=$(podman inspect --format '{{.State.Running}} {{.State.OOMKilled}}' "$id")
  if [ "$state" != "true false" ]; then
    podman logs --tail 30 "$id" >&2 || true
    failed "$name: running/OOMKilled = $state (expected 'true false')"
  else
    log "$name: still running, OOMKilled false"
  fi
}

# stop_check NAME ID: podman stop -t 5; the process must exit by itself (code 0) before the 5 s are up.
stop_check() {
  local name=$1 id=$2 start ms rc oom
  start=$(date +%s%N)
  podman stop -t "$STOP_TIMEOUT" "$id" >/dev/null 2>&1 || true
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rc=$(podman inspect --format '{{.State.ExitCode}}' "$id")
  oom=$(podman inspect --format '{{.State.OOMKilled}}' "$id")
  SUMMARY+=("stop $name: $(fmt_ms "$ms"), exit code $rc")
  mark "$name stopped: SIGTERM -> exit in $(fmt_ms "$ms"), exit code $rc, OOMKilled $oom"
  if [ "$rc" = 137 ]; then
    podman logs --tail 15 "$id" >&2 || true
    failed "$name did not exit within ${STOP_TIMEOUT}s of SIGTERM: killed (exit code 137)"
  elif [ "$rc" != 0 ]; then
    podman logs --tail 15 "$id" >&2 || true
    failed "$name exited with code $rc on SIGTERM (expected 0)"
  elif [ "$ms" -ge $((STOP_TIMEOUT * 1000)) ]; then
    failed "$name took $(fmt_ms "$ms") to stop (limit ${STOP_TIMEOUT}s)"
  fi
  podman logs "$id" >"$WORK/stop.log" 2>&1 || true
  if grep -q 'Exception\|^[[:space:]]*at [a-z]' "$WORK/stop.log"; then
    failed "$name logged a stack trace ($(grep -m1 'Exception' "$WORK/stop.log" | cut -c1-160))"
  fi
}

client() {
  python3 "$WORK/client.py" "$@"
}

# ---- 4. role all ----------------------------------------------------------------------------------------------
check_all() {
  local port id out
  port=$(free_port)
  run_container tgstream-check-all-$$ "$port" -e ROLE=all -e UI_USERS="$UI_USERS"
  id=$CID
  wait_ready "role all" "$id" "$port"
  peak_memory "role all (idle)" "$id"
  if out=$(client readers --base "http://127.0.0.1:$port" --user check --password "$PASSWORD" --library "$LIB" \
      --file random.bin --sha256 "$RANDOM_SHA" --readers "$READERS" --deadline 180 2>&1); then
    echo "$out"
    mark "role all: $READERS concurrent range readers, every body's sha256 correct"
  else
    echo "$out" >&2
    failed "role all: range readers ($(echo "$out" | tail -n 1))"
  fi
  if out=$(client files --base "http://127.0.0.1:$port" --user check --password "$PASSWORD" --library "$LIB" \
      --file video.mp4 --expect-type video/mp4 2>&1); then
    echo "$out"
  else
    echo "$out" >&2
    failed "role all: video ($(echo "$out" | tail -n 1))"
  fi
  check_not_oom "role all" "$id"
  peak_memory "role all" "$id"
  stop_check "role all" "$id"
}

# ---- 5. ui + stream pair --------------------------------------------------------------------------------------
check_pair() {
  local net sname uname sport uport sid uid out
  net=tgstream-check-$$
  podman network create "$net" >/dev/null || die "podman network create failed"
  NETWORKS+=("$net")
  sname=tgstream-check-stream-$$
  uname=tgstream-check-ui-$$
  sport=$(free_port)
  uport=$(free_port)
  run_container "$sname" "$sport" --network "$net" -e ROLE=stream -e STREAM_SECRET="$STREAM_SECRET"
  sid=$CID
  # The UI reaches the streamer by its container name. podman's CNI backend here has no DNS plugin, so the name is
  # given to the UI's /etc/hosts with the streamer's address on the network (with a DNS plugin it resolves anyway).
  local sip
  sip=$(podman inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$sid")
  [ -n "$sip" ] || die "no address for $sname on network $net"
  run_container "$uname" "$uport" --network "$net" --add-host "$sname:$sip" -e ROLE=ui \
    -e STREAM_SECRET="$STREAM_SECRET" -e STREAMER_URL="http://$sname:8080" -e UI_USERS="$UI_USERS"
  uid=$CID
  wait_ready "role stream" "$sid" "$sport"
  wait_ready "role ui" "$uid" "$uport"
  podman exec "$uid" getent hosts "$sname" >/dev/null 2>&1 \
    || die "the UI container cannot resolve the streamer's name $sname"
  log "network $net: $sname at $sip, resolved by name in the UI container"
  # Links on the streamer name its network name; from this host it is the published port.
  local rewrite="http://$sname:8080=http://127.0.0.1:$sport"
  if out=$(client split --base "http://127.0.0.1:$uport" --user check --password "$PASSWORD" --library "$LIB" \
      --file random.bin --remote "http://$sname:8080" --rewrite "$rewrite" --deadline 60 2>&1); then
    echo "$out"
    mark "pair: streamed through the remote link and the UI's /raw-stream (307 to the streamer), bytes correct"
  else
    echo "$out" >&2
    failed "pair: remote streaming ($(echo "$out" | tail -n 1))"
  fi
  check_not_oom "role stream" "$sid"
  peak_memory "role stream" "$sid"
  stop_check "role stream" "$sid"
  # The streamer is gone: the UI's breaker opens and the UI streams from its local engine.
  if out=$(client fallback --base "http://127.0.0.1:$uport" --user check --password "$PASSWORD" --library "$LIB" \
      --file random.bin --remote "http://$sname:8080" --rewrite "$rewrite" --deadline 40 2>&1); then
    echo "$out"
    mark "pair: streamer stopped; the UI serves the file locally, bytes correct"
  else
    echo "$out" >&2
    failed "pair: local fallback after the streamer stopped ($(echo "$out" | tail -n 1))"
  fi
  check_not_oom "role ui" "$uid"
  peak_memory "role ui" "$uid"
  stop_check "role ui" "$uid"
}

# ---- the HTTP client (python3, standard library only) ---------------------------------------------------------
write_client() {
  cat > "$WORK/client.py" <<'PY'
"""HTTP client of the container check: signs in like the SPA, finds a file through the API and reads its bytes.

readers  N concurrent readers, each a few Range requests (plus a full read, a suffix, the Safari probe), every
         body compared with the same bytes of the local file by sha256; bounded by --deadline.
files    one file: full read (sha256) and a range, with its Content-Type.
split    (role ui + stream) the details' streamUrl is on the remote streamer; the UI's /raw-stream answers 307 to
         it; both serve correct bytes.
fallback (streamer stopped) within --deadline the details' streamUrl is local and serves correct bytes, and
         /raw-stream serves locally.
"""
import argparse, concurrent.futures, hashlib, http.cookiejar, json, os, random, sys, threading, time
import urllib.error, urllib.parse, urllib.request

p = argparse.ArgumentParser()
p.add_argument("mode", choices=["readers", "files", "split", "fallback"])
p.add_argument("--base", required=True)
p.add_argument("--user"); p.add_argument("--password")
p.add_argument("--library", required=True)
p.add_argument("--file", required=True)
p.add_argument("--sha256")
p.add_argument("--expect-type")
p.add_argument("--readers", type=int, default=100)
p.add_argument("--deadline", type=float, default=120)
p.add_argument("--remote", default="")
p.add_argument("--rewrite", action="append", default=[])
a = p.parse_args()

START = time.monotonic()
REWRITES = [tuple(r.split("=", 1)) for r in a.rewrite]


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


def local_url(url):
    """Absolute URL reachable from this host: relative to --base; container names mapped by --rewrite."""
    url = urllib.parse.urljoin(a.base + "/", url)
    for frm, to in REWRITES:
        if url.startswith(frm + "/"):
            return to + url[len(frm):]
    return url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


jar = http.cookiejar.CookieJar()
api = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
raw = urllib.request.build_opener(NoRedirect())


def request(opener, url, headers=None, method="GET", data=None, timeout=30):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        r = opener.open(req, timeout=timeout)
    except urllib.error.HTTPError as e:
        r = e
    with r:
        return r.status, dict((k.lower(), v) for k, v in r.headers.items()), r.read()


def get_json(path):
    status, _, body = request(api, local_url(path), {"Accept": "application/json"})
    if status != 200:
        fail("GET %s: %d %s" % (path, status, body[:200]))
    return json.loads(body)


def sign_in():
    if not a.user:
        return
    body = json.dumps({"name": a.user, "password": a.password}).encode()
    status, _, resp = request(api, a.base + "/api/login", {"Content-Type": "application/json",
        "Accept": "application/json", "Origin": a.base}, "POST", body)
    if status != 200:
        fail("POST /api/login: %d %s" % (status, resp[:200]))


def find_file(name):
    for ch in get_json("/api/channels")["items"]:
        cursor = None
        for _ in range(50):
            q = "/api/channels/%s/files?limit=100" % urllib.parse.quote(str(ch["id"]), safe="")
            if cursor:
                q += "&cursor=" + urllib.parse.quote(str(cursor), safe="")
            page = get_json(q)
            for item in page["items"]:
                if item["name"] == name:
                    return item
            cursor = page.get("next")
            if not cursor:
                break
    fail("file %s not found through /api/channels" % name)


def details(file_id):
    return get_json("/api/files/" + urllib.parse.quote(file_id, safe=""))


LOCAL = None


def local_bytes(start, end):
    with open(os.path.join(a.library, "Check", a.file), "rb") as f:
        f.seek(start)
        return f.read(end - start + 1)


def digest(b):
    return hashlib.sha256(b).hexdigest()


def read_range(url, size, rng, opener=raw, expect_status=None):
    """One GET with Range rng=(start, end) or a header string; checks status, Content-Range, length and bytes."""
    if rng is None:
        headers, start, end, want = {}, 0, size - 1, 200
    elif isinstance(rng, str):
        n = int(rng.split("-")[1])          # suffix bytes=-n
        headers, start, end, want = {"Range": rng}, size - n, size - 1, 206
    else:
        start, end = rng
        headers, want = {"Range": "bytes=%d-%s" % (start, "" if end is None else end)}, 206
        end = size - 1 if end is None else min(end, size - 1)   # a range past the end is clamped (RFC 9110)
    t = time.monotonic()
    status, h, body = request(opener, url, headers, timeout=60)
    dt = time.monotonic() - t
    if status != (expect_status or want):
        raise AssertionError("%s: status %d for %s (expected %d) %s" % (url[-40:], status, headers, want, body[:120]))
    if want == 206 and h.get("content-range") != "bytes %d-%d/%d" % (start, end, size):
        raise AssertionError("Content-Range %r for %s" % (h.get("content-range"), headers))
    if len(body) != end - start + 1:
        raise AssertionError("%d bytes for %s (expected %d)" % (len(body), headers, end - start + 1))
    if digest(body) != digest(local_bytes(start, end)):
        raise AssertionError("wrong bytes for %s" % headers)
    return len(body), dt, h


def readers():
    sign_in()
    item = find_file(a.file)
    size = item["size"]
    d = details(item["id"])
    url = local_url(d["streamUrl"])
    print("stream url: %s (size %d)" % (d["streamUrl"][:80], size), flush=True)
    status, h, body = request(raw, url, timeout=120)
    if status != 200 or digest(body) != a.sha256:
        fail("full read: status %d, sha256 %s, expected %s" % (status, digest(body), a.sha256))
    print("full read: 200, %d bytes, sha256 %s... correct" % (len(body), digest(body)[:16]), flush=True)
    barrier = threading.Barrier(a.readers, timeout=60)
    rnd = random.Random(7)
    plans = []
    for i in range(a.readers):
        plan = []
        for _ in range(3):
            s = rnd.randrange(0, size - 1)
            plan.append((s, min(size - 1, s + rnd.randrange(16 * 1024, 2 * 1024 * 1024))))
        if i % 10 == 1:
            plan.append((size - rnd.randrange(1, 4 * 1024 * 1024), None))    # open range to the end
        if i % 10 == 2:
            plan.append("bytes=-%d" % rnd.randrange(1, 300000))              # suffix
        if i % 10 == 3:
            plan.append((0, 1))                                               # Safari's probe
        plans.append(plan)

    def run(plan):
        barrier.wait()
        out = []
        for rng in plan:
            if time.monotonic() - START > a.deadline:
                raise AssertionError("deadline of %.0fs passed" % a.deadline)
            out.append(read_range(url, size, rng))
        return out

    t = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.readers) as pool:
        futures = [pool.submit(run, plan) for plan in plans]
        done, pending = concurrent.futures.wait(futures, timeout=max(1, a.deadline - (time.monotonic() - START)))
        if pending:
            fail("%d of %d readers still running at the deadline (%.0fs)" % (len(pending), a.readers, a.deadline))
        results, errors = [], []
        for f in done:
            try:
                results.extend(f.result())
            except Exception as e:  # noqa: BLE001 - every failure is reported
                errors.append(str(e))
    wall = time.monotonic() - t
    if errors:
        fail("%d of %d readers failed; first: %s" % (len(errors), a.readers, errors[0]))
    lat = sorted(r[1] for r in results)
    total = sum(r[0] for r in results)
    print("readers: %d concurrent, %d range requests, %.1f MiB in %.1f s, latency p50 %.0f ms p95 %.0f ms max %.0f ms; "
          "every body correct" % (a.readers, len(results), total / 1048576, wall, lat[len(lat) // 2] * 1000,
                                  lat[int(len(lat) * 0.95)] * 1000, lat[-1] * 1000), flush=True)


def files():
    sign_in()
    item = find_file(a.file)
    size = item["size"]
    url = local_url(details(item["id"])["streamUrl"])
    n, _, h = read_range(url, size, None)
    if a.expect_type and not h.get("content-type", "").startswith(a.expect_type):
        fail("%s: Content-Type %r (expected %s)" % (a.file, h.get("content-type"), a.expect_type))
    read_range(url, size, (size // 3, size // 3 + 99999))
    print("%s: full read %d bytes and a range, correct bytes, Content-Type %s" % (a.file, n, h.get("content-type")))


def raw_stream_url(item):
    """The file's /raw-stream link on the UI, from its one-entry M3U (what external players get)."""
    d = details(item["id"])
    status, _, body = request(api, local_url(d["playerLinks"]["m3u"]))
    if status != 200:
        fail("GET %s: %d" % (d["playerLinks"]["m3u"], status))
    for line in body.decode().splitlines():
        if line.strip() and not line.startswith("#"):
            return line.strip()
    fail("no entry in the file's M3U")


def on_remote(url):
    return urllib.parse.urljoin(a.base + "/", url).startswith(a.remote + "/")


def split():
    sign_in()
    item = find_file(a.file)
    size = item["size"]
    d = details(item["id"])
    if not on_remote(d["streamUrl"]):
        fail("streamUrl %s is not on the remote streamer %s (breaker closed expected)" % (d["streamUrl"], a.remote))
    url = local_url(d["streamUrl"])
    read_range(url, size, None)
    read_range(url, size, (size // 2, size // 2 + 1048575))
    print("remote link %s...: full read and a range, correct bytes" % d["streamUrl"][:60], flush=True)
    raw_url = raw_stream_url(item)
    status, h, _ = request(raw, local_url(raw_url), {"Range": "bytes=0-1023"})
    if status != 307 or not on_remote(h.get("location", "")):
        fail("UI %s: %d, Location %r (expected 307 to the streamer)" % (raw_url[:60], status, h.get("location")))
    read_range(local_url(h["location"]), size, (1000, 1000 + 524287))
    print("UI /raw-stream: 307 to the streamer, range correct", flush=True)


def fallback():
    sign_in()
    item = find_file(a.file)
    size = item["size"]
    t = time.monotonic()
    while True:
        d = details(item["id"])
        if not on_remote(d["streamUrl"]):
            break
        if time.monotonic() - START > a.deadline:
            fail("streamUrl still on the stopped streamer after %.0fs" % a.deadline)
        time.sleep(0.5)
    print("details link local %.1f s after asking: %s..." % (time.monotonic() - t, d["streamUrl"][:60]), flush=True)
    url = local_url(d["streamUrl"])
    read_range(url, size, None)
    read_range(url, size, (size - 777777, size - 1))
    raw_url = raw_stream_url(item)
    read_range(local_url(raw_url), size, (4096, 4096 + 1048575))
    print("UI local engine: streamUrl and /raw-stream serve correct bytes", flush=True)


try:
    {"readers": readers, "files": files, "split": split, "fallback": fallback}[a.mode]()
except AssertionError as e:
    fail(str(e))
except Exception as e:  # noqa: BLE001
    fail("%s: %s" % (type(e).__name__, e))
PY
}

# ---- main -----------------------------------------------------------------------------------------------------
main() {
  parse_args "$@"
  WORK=$(mktemp -d /tmp/tgstream-container-check.XXXXXX)
  chmod 755 "$WORK"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mark "container check (${ONLY:+--only }${ONLY:-role all, then the ui + stream pair})"
  ensure_podman curl python3 ffmpeg                # and the commands the check itself runs
  write_containers_conf
  make_base_images
  check_image
  write_client
  make_library
  make_user
  if [ "$ONLY" != pair ]; then
    check_all
  fi
  if [ "$ONLY" != all ]; then
    check_pair
  fi
  mark "done"
  report
}

# The timeline, the figures and the verdict; returns 1 when any check failed.
REPORTED=no
report() {
  [ "$REPORTED" = no ] || return 0
  REPORTED=yes
  echo
  echo "== timeline"
  [ "${#TIMELINE[@]}" -eq 0 ] || printf '%s\n' "${TIMELINE[@]}"
  echo "== figures"
  [ "${#SUMMARY[@]}" -eq 0 ] || printf '  %s\n' "${SUMMARY[@]}"
  if [ "${#FAILURES[@]}" -gt 0 ]; then
    echo "== container check FAILED (${#FAILURES[@]}):"
    printf '  FAIL: %s\n' "${FAILURES[@]}"
    return 1
  fi
  if [ -n "$ONLY" ]; then
    echo "== container check passed (--only $ONLY: the rest was skipped)"
  else
    echo "== container check passed"
  fi
}

main "$@"
