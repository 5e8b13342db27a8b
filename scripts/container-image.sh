#!/usr/bin/env bash
# The tgstream image from the Dockerfile, built with podman from base images made of Debian packages (no registry is
# reachable here; /work/shared/CONTAINERS.md has the recipe). Shared by scripts/container-check.sh (which sources this
# file) and the benchmark's soak (which runs it):
#
#   bash scripts/container-image.sh --work DIR --tag TAG
#
# Run as a command it installs podman, runc and mmdebstrap when missing (apt, as root), writes DIR/containers.conf,
# makes or reuses the base images, runs `podman build --pull=never --layers -t TAG` and prints, on stdout, two lines:
#   CONTAINERS_CONF=DIR/containers.conf     (export it for every later podman command: runc, cgroupfs, rlimits)
#   IMAGE=<image id>                        (use the image by id: a re-tag by another run cannot change it)
# Progress goes to stderr. Sourced, it only defines the functions below; they use the caller's log, mark, die,
# elapsed and fmt_ms, and the variables WORK (a scratch folder) and IMAGE (the tag in, the id out).
# Base images are tagged under localhost/ with a label recording their recipe, so a second run skips making them.

JRE_IMAGE=localhost/eclipse-temurin:17-jre
JDK_IMAGE=localhost/maven:3.9-eclipse-temurin-17
NODE_IMAGE=localhost/node:18-bookworm-slim

# ---- tools and podman configuration ------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# ensure_podman [COMMAND...]: podman, runc and mmdebstrap, plus the named commands (a package of the same name each).
ensure_podman() {
  local missing=() p
  for p in podman runc mmdebstrap; do
    installed "$p" || missing+=("$p")
  done
  for p in "$@"; do
    command -v "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run as root (apt-get install -y ${missing[*]})"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || die "apt-get update failed"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  fi
  [ "$(id -u)" -eq 0 ] || die "podman as root is needed for --memory limits here (run as root)"
  command -v podman >/dev/null || die "podman not found after install"
  log "tools: $(podman --version), runc $(runc --version 2>/dev/null | awk 'NR==1 {print $3}'), mmdebstrap $(mmdebstrap --version 2>/dev/null | awk '{print $2}')"
}

# The machine's crun cannot start containers (cgroups in hybrid mode) and podman's default rlimits exceed its hard
# limits: runc, cgroupfs and rlimits within `ulimit -H`.
write_containers_conf() {
  local nofile nproc
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then
    nproc=32768
  fi
  cat > "$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  export CONTAINERS_CONF="$WORK/containers.conf"
  log "containers.conf: runc, cgroupfs, file events, nofile=$nofile nproc=$nproc"
}

# ---- base images from Debian packages ----------------------------------------------------------------------
apt_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] && echo "$f"
  done
  return 0
}

# make_base TAG PACKAGES WITH_CA [JAVA_HOME]: mmdebstrap a bookworm root with PACKAGES and import it as TAG, unless
# TAG exists with the same recipe label.
make_base() {
  local tag=$1 packages=$2 with_ca=$3 java_home=${4:-} recipe key t start tar sources=()
  recipe="v1 bookworm apt $packages ca=$with_ca $(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null | sha256sum | cut -c1-12)"
  key=$(echo "$recipe" | sha256sum | cut -c1-16)
  if podman image exists "$tag" \
     && [ "$(podman image inspect --format '{{index .Labels "tgstream.base"}}' "$tag" 2>/dev/null)" = "$key" ]; then
    log "base image $tag: cached ($key)"
    return 0
  fi
  mapfile -t sources < <(apt_sources)
  [ "${#sources[@]}" -gt 0 ] || die "no apt sources on this machine (/etc/apt/sources.list*)"
  start=$(elapsed)
  tar="$WORK/base-$(echo "$tag" | tr '/:' '__').tar"
  local hooks=(--essential-hook='mkdir -p "$1/usr/share/man/man1"')
  if [ "$with_ca" = yes ]; then
    # HTTPS from inside (Maven Central, the npm registry) trusts what this machine trusts.
    hooks+=(--customize-hook='for f in /usr/local/share/ca-certificates/*.crt; do [ -e "$f" ] && cp "$f" "$1/usr/local/share/ca-certificates/"; done; chroot "$1" update-ca-certificates >/dev/null 2>&1 || true')
  fi
  log "base image $tag: mmdebstrap $packages"
  if ! timeout 600 mmdebstrap --quiet --variant=apt --include="$packages" \
      --aptopt='APT::Install-Recommends "false"' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
      "${hooks[@]}" bookworm "$tar" "${sources[@]}" >"$WORK/mmdebstrap.log" 2>&1; then
    tail -n 20 "$WORK/mmdebstrap.log" >&2
    die "mmdebstrap for $tag failed"
  fi
  local changes=()
  [ -n "$java_home" ] && changes+=(--change "ENV JAVA_HOME=$java_home")
  podman import --quiet "${changes[@]}" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL tgstream.base=$key" \
    "$tar" "$tag" >/dev/null || die "podman import $tag failed"
  rm -f "$tar"
  t=$(( $(elapsed) - start ))
  mark "base image $tag made in $(fmt_ms "$t") ($(podman image inspect --format '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1e6}'))"
}

# The images the Dockerfile's FROM lines name.
make_base_images() {
  local jh=/usr/lib/jvm/java-17-openjdk-amd64
  make_base "$JRE_IMAGE" "openjdk-17-jre-headless,passwd,ca-certificates" no "$jh"
  make_base "$JDK_IMAGE" "openjdk-17-jdk-headless,maven,ca-certificates" yes "$jh"
  make_base "$NODE_IMAGE" "nodejs,npm,ca-certificates" yes
}

# ---- the image ---------------------------------------------------------------------------------------------
# build_image: podman build of the Dockerfile (in the current folder) tagged IMAGE; then IMAGE is the image's id.
# Sets BUILD_MS. Unchanged sources reuse every cached layer (the build context is what .dockerignore lets in).
build_image() {
  local start
  start=$(elapsed)
  log "podman build (the Dockerfile's three stages: npm libtdjson, Maven jar, runtime)"
  if ! timeout 900 podman build --pull=never --layers -t "$IMAGE" -f Dockerfile . >"$WORK/build.log" 2>&1; then
    tail -n 40 "$WORK/build.log" >&2
    die "podman build failed (last lines above)"
  fi
  BUILD_MS=$(( $(elapsed) - start ))
  # From here on the image is used by id: another run re-tagging the name cannot change what this run tests.
  IMAGE=$(podman image inspect --format '{{.Id}}' "$IMAGE")
  mark "image built in $(fmt_ms "$BUILD_MS") ($(podman image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
}

# ---- run as a command --------------------------------------------------------------------------------------
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "$0")/.."
  T0=$(date +%s%N)
  elapsed() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }
  fmt_ms() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
  log() { printf '[image %7s] %s\n' "$(fmt_ms "$(elapsed)")" "$*" >&2; }
  mark() { log "$@"; }
  die() { echo "container-image: FAIL: $*" >&2; exit 1; }
  WORK=""
  IMAGE=""
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --work) [ "$#" -ge 2 ] || die "--work needs a folder"; WORK=$2; shift 2 ;;
      --tag) [ "$#" -ge 2 ] || die "--tag needs an image name"; IMAGE=$2; shift 2 ;;
      -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
      *) die "unknown argument '$1' (usage: --work DIR --tag TAG)" ;;
    esac
  done
  [ -n "$WORK" ] && [ -n "$IMAGE" ] || die "usage: bash scripts/container-image.sh --work DIR --tag TAG"
  mkdir -p "$WORK"
  WORK=$(cd "$WORK" && pwd)
  ensure_podman
  write_containers_conf
  make_base_images
  build_image
  echo "CONTAINERS_CONF=$WORK/containers.conf"
  echo "IMAGE=$IMAGE"
fi
