#!/usr/bin/env bash
# Times `containersec sbom` on a real Debian-based multi-layer image against merely gunzipping its layers.
#
# The image is made from this machine's own files (so it is as real as the machine): the dpkg database,
# /etc, /usr/share/doc (copyright files), Python's dist-packages, the JDK, the global node_modules, and
# an /app layer of real jars from the local Maven repository (log4j-core 2.14.1, spring-core,
# jackson-databind), assembled with umoci.
#
# Usage: benchmarks/scripts/sbom-wall-time.sh [WORK_DIR] [HEAP]   (HEAP defaults to 512m)
# Needs: umoci, GNU tar, gzip, python3, bc, and a built CLI (./containersec builds it on first use).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
heap="${2:-512m}"
mkdir -p "$work"
layout="$work/layout"

if [[ ! -f "$layout/index.json" ]]; then
  m2="${HOME}/.m2/repository"
  mkdir -p "$work/app/lib"
  for jar in \
      "$m2/org/apache/logging/log4j/log4j-core/2.14.1/log4j-core-2.14.1.jar" \
      "$m2/org/apache/logging/log4j/log4j-api/2.14.1/log4j-api-2.14.1.jar" \
      "$m2"/org/springframework/spring-core/*/spring-core-*.jar \
      "$m2"/com/fasterxml/jackson/core/jackson-databind/*/jackson-databind-*.jar; do
    [[ -f "$jar" && "$jar" != *sources* ]] && cp "$jar" "$work/app/lib/"
  done
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  umoci init --layout "$layout"
  umoci new --image "$layout:bench"
  add() { # name, then tar arguments
    local name="$1"; shift
    tar --numeric-owner -cf "$work/$name.tar" "$@"
    umoci raw add-layer --image "$layout:bench" "$work/$name.tar"
    rm -f "$work/$name.tar"
  }
  add base -C / etc var/lib/dpkg usr/lib/python3 usr/share/doc
  add jdk -C / "${java_home#/}"
  add node -C / usr/lib/node_modules usr/share/perl
  add app -C "$work" --transform 's,^app,app,' app
fi

mapfile -t blobs < <(python3 - "$layout" <<'PY'
import json, sys
layout = sys.argv[1]
index = json.load(open(f"{layout}/index.json"))
manifest = json.load(open(f"{layout}/blobs/sha256/{index['manifests'][0]['digest'].split(':')[1]}"))
for layer in manifest["layers"]:
    print(f"{layout}/blobs/sha256/{layer['digest'].split(':')[1]}")
PY
)
size_mb=$(( $(cat "${blobs[@]}" | gzip -dc | wc -c) / 1048576 ))
echo "image: ${#blobs[@]} layers, ${size_mb} MiB uncompressed, $(( $(du -cb "${blobs[@]}" | tail -1 | cut -f1) / 1048576 )) MiB compressed"

"$root/containersec" --version >/dev/null   # build once, outside the timing

start=$(date +%s.%N)
for b in "${blobs[@]}"; do gzip -dc "$b" >/dev/null; done
gunzip_s=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
JAVA_OPTS="-Xmx$heap" CONTAINERSEC_NO_BUILD=1 "$root/containersec" sbom "oci:$layout:bench" --format cyclonedx-json -o "$work/sbom.cdx.json"
sbom_s=$(echo "$(date +%s.%N) - $start" | bc)

packages=$(grep -c '"bom-ref"' "$work/sbom.cdx.json" || true)
printf 'gunzip %.2f s, containersec sbom %.2f s (-Xmx%s, JVM start included), ratio %.2f, %s components\n' \
  "$gunzip_s" "$sbom_s" "$heap" "$(echo "$sbom_s / $gunzip_s" | bc -l)" "$packages"
