#!/usr/bin/env bash
# Builds the tiny example image "hello" as an OCI image layout directory, with umoci, from the files
# written below. The result is checked in at examples/images/hello (a few KB of JSON and gzip blobs)
# so that `./containersec image inspect examples/images/hello` works on a fresh clone without umoci.
#
# Usage: examples/images/build-example-image.sh [OUT_DIR]      (default: examples/images/hello)
#
# Every timestamp, owner and mode is fixed, so the same umoci version rebuilds the same digests.
# To get the other formats:  skopeo copy oci:examples/images/hello:1.0 oci-archive:/tmp/hello.tar
#                            skopeo copy oci:examples/images/hello:1.0 docker-archive:/tmp/hello-docker.tar:hello:1.0
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/hello}"
tag=1.0
stamp=2024-01-01T00:00:00Z

command -v umoci >/dev/null || { echo "build-example-image.sh: umoci is required (apt-get install umoci)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 022

# fix_tree DIR: pins mtimes and directory modes so the layer bytes do not depend on the checkout.
fix_tree() {
    find "$1" -type d ! -perm -1000 -exec chmod 0755 {} +
    find "$1" -exec touch -h -d "$stamp" {} +
}

# add_layer WHAT: unpacks the image, lets populate_WHAT add files to the root filesystem, repacks.
# (umoci insert is avoided on purpose: umoci 0.4.7 writes layers without tar end-of-archive blocks.)
add_layer() {
    local bundle="$work/bundle-$1"
    umoci unpack --rootless --image "$work/layout:$tag" "$bundle" >/dev/null
    "populate_$1" "$bundle/rootfs"
    fix_tree "$bundle/rootfs"
    umoci repack --image "$work/layout:$tag" --history.created "$stamp" \
        --history.created_by "build-example-image.sh: $1" "$bundle"
    rm -rf "$bundle"
}

populate_base() {
    local root="$1"
    mkdir -p "$root/etc" "$root/usr/lib" "$root/tmp"
    cat > "$root/usr/lib/os-release" <<'OSR'
NAME="containersec hello"
ID=hello
VERSION_ID=1.0
PRETTY_NAME="containersec hello example 1.0"
HOME_URL="https://example.invalid/containersec"
OSR
    ln -s ../usr/lib/os-release "$root/etc/os-release"
    cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
app:x:1000:1000:app:/app:/sbin/nologin
PW
    cat > "$root/etc/group" <<'GR'
root:x:0:
app:x:1000:
GR
    chmod 0644 "$root/usr/lib/os-release" "$root/etc/passwd" "$root/etc/group"
    chmod 1777 "$root/tmp"
}

populate_app() {
    local root="$1"
    mkdir -p "$root/app"
    cat > "$root/app/hello.sh" <<'SH'
#!/bin/sh
echo "hello from the containersec example image"
SH
    echo "The second layer of the containersec hello example image." > "$root/app/README.txt"
    chmod 0755 "$root/app/hello.sh"
    chmod 0644 "$root/app/README.txt"
}

umoci init --layout "$work/layout" >/dev/null
umoci new --image "$work/layout:$tag"
umoci config --image "$work/layout:$tag" --created "$stamp" --no-history \
    --os linux --architecture amd64 --author "containersec examples"
add_layer base
add_layer app
# The runtime configuration.
umoci config --image "$work/layout:$tag" --no-history \
    --config.user 1000:1000 \
    --config.env PATH=/usr/local/bin:/usr/bin:/bin --config.env GREETING=hello \
    --config.entrypoint /app/hello.sh \
    --config.workingdir /app \
    --config.exposedports 8080/tcp \
    --config.volume /data \
    --config.label org.opencontainers.image.title=hello \
    --config.label org.opencontainers.image.source=https://example.invalid/containersec \
    --config.stopsignal SIGTERM
umoci gc --layout "$work/layout"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$work/layout" "$out"
chmod -R u+rwX,go+rX "$out"
echo "built $out (tag $tag)" >&2
