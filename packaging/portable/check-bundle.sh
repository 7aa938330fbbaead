#!/usr/bin/env bash
# Checks the portable bundle the way a person meets it: on a machine with no Qt, no LibTorch,
# no FFmpeg and no fonts. `./dev test` runs it after the .deb's check; alone:
#   packaging/portable/check-bundle.sh [BUNDLE.tar.gz]    (default: the newest build/densescope-*-linux-x86_64.tar.gz)
#   packaging/portable/check-bundle.sh --prepare          only make the cached chroot (./dev test starts
#                                                         this in the background while it builds)
#
# 1. A minimal Debian (debootstrap --variant=minbase, the release and mirror of this machine's
#    apt sources), made once and cached as a tar in ${DENSESCOPE_CHROOT_CACHE:-~/.cache/densescope}.
#    Each check unpacks a fresh copy.
# 2. The bundle unpacked in it (/opt); /proc and /dev mounted (only those), unmounted at the end.
# 3. Inside, with an empty environment: densescope-cli --version, inspect, classify --json on a
#    sample image, explain --language ja, classify --video on a small clip, densescope-bench on
#    two forward passes, densescope --version and --help; densescope --screenshot with the
#    offscreen platform in English and Japanese with --check-glyphs (every character shown has a
#    glyph: the Japanese UI has its font). The pictures are kept in $build/portable-check/.
# Needs root (chroot, mount; sudo is used otherwise), debootstrap and the network for the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${DENSESCOPE_BUILD_DIR:-build}
prepare=0
if [ "${1:-}" = "--prepare" ]; then prepare=1; shift; fi
bundle=${1:-$(ls -t "$build"/densescope-*-linux-x86_64.tar.gz 2>/dev/null | head -n 1 || true)}
if [ $prepare = 0 ]; then
    [ -n "$bundle" ] && [ -f "$bundle" ] || { echo "check-bundle: no bundle; make it with ./dev package --portable" >&2; exit 2; }
    bundle=$(readlink -f "$bundle")
fi
step() { echo "check-bundle: $*"; }
fail() { echo "check-bundle: FAILED: $*" >&2; exit 1; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
t0=$SECONDS

# This machine's release and main mirror (deb822 .sources or the one-line sources.list).
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
mirror=$(awk '/^URIs:/ && !/security/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=$(awk '/^deb / && !/security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
cache_dir=${DENSESCOPE_CHROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/densescope}
cache=$cache_dir/$ID-$suite-minbase.tar
mkdir -p "$cache_dir"
if [ ! -f "$cache" ]; then
    step "making a minimal $ID $suite with debootstrap from $mirror (once; cached in $cache)"
    tmpboot=$(mktemp -d /var/tmp/densescope-debootstrap.XXXXXX)
    if ! $sudo debootstrap --variant=minbase "$suite" "$tmpboot/root" "$mirror" >"$cache_dir/debootstrap.log" 2>&1; then
        tail -n 20 "$cache_dir/debootstrap.log" >&2
        $sudo rm -rf "$tmpboot"
        fail "debootstrap failed (log: $cache_dir/debootstrap.log)"
    fi
    $sudo tar -C "$tmpboot/root" -cf "$cache.part" .
    mv "$cache.part" "$cache"
    $sudo rm -rf "$tmpboot"
fi
[ $prepare = 0 ] || { step "the chroot is ready in $cache"; exit 0; }

root=$(mktemp -d /var/tmp/densescope-chroot.XXXXXX)
cleanup() {
    for m in "$root/dev" "$root/proc"; do
        if mountpoint -q "$m"; then $sudo umount "$m" || $sudo umount -l "$m"; fi
    done
    $sudo rm -rf --one-file-system "$root"
}
trap cleanup EXIT
$sudo tar -C "$root" -xf "$cache"
for absent in /usr/lib/x86_64-linux-gnu/libQt6Core.so.6 /usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13 \
    /usr/lib/x86_64-linux-gnu/libavcodec.so.59 /usr/share/fonts /etc/fonts; do
    [ ! -e "$root$absent" ] || fail "the chroot is not minimal: it has $absent"
done
$sudo mkdir -p "$root/opt"
$sudo tar -C "$root/opt" -xzf "$bundle"
name=$(basename "$bundle" .tar.gz)
$sudo mount -t proc proc "$root/proc"
$sudo mount --bind /dev "$root/dev"

# Inputs: a sample image and a 2-second clip (this machine's ffmpeg).
$sudo cp resources/samples/chelsea.png "$root/tmp/cat.png"
ffmpeg -v error -y -f lavfi -i testsrc=size=320x240:rate=10 -t 2 -pix_fmt yuv420p "$root/tmp/clip.mp4" 2>/dev/null ||
    $sudo ffmpeg -v error -y -f lavfi -i testsrc=size=320x240:rate=10 -t 2 -pix_fmt yuv420p "$root/tmp/clip.mp4"

# Runs a command in the chroot, in the bundle's folder, with an empty environment.
inside() {
    $sudo chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 \
        XDG_RUNTIME_DIR=/tmp/runtime QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=2 \
        /bin/sh -c "mkdir -p -m 700 /tmp/runtime && cd /opt/$name && $1"
}
out=$build/portable-check
rm -rf "$out"
mkdir -p "$out"

step "densescope-cli --version"
inside "./densescope-cli --version" | tee "$out/version.txt"
grep -q "LibTorch" "$out/version.txt" || fail "densescope-cli --version names no LibTorch"
step "densescope-cli inspect"
inside "./densescope-cli inspect --variant densenet121" >"$out/inspect.txt"
grep -q "7,978,856" "$out/inspect.txt" || fail "inspect does not report densenet121's 7978856 parameters: $(head -5 "$out/inspect.txt")"
step "densescope-cli classify --json"
inside "./densescope-cli classify --json /tmp/cat.png" >"$out/classify.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["results"][0]["top"], d' "$out/classify.json" ||
    fail "classify --json gave no predictions: $(head -c 300 "$out/classify.json")"
step "densescope-cli explain --language ja"
inside "./densescope-cli explain --language ja --variant densenet121 --layer features.denseblock2" >"$out/explain-ja.txt"
grep -q "チャンネル" "$out/explain-ja.txt" || fail "explain --language ja printed no Japanese: $(head -3 "$out/explain-ja.txt")"
step "densescope-cli classify --video"
inside "./densescope-cli classify --video /tmp/clip.mp4 --every 5 --json" >"$out/video.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len([r for r in d["results"] if r.get("top")]) >= 2, d' "$out/video.json" ||
    fail "classify --video classified no frames: $(head -c 300 "$out/video.json")"
step "densescope-bench"
inside "./densescope-bench --variant densenet121 --iterations 2 --warmup 1" >"$out/bench.txt"
step "densescope --version, --help"
inside "./densescope --version" | grep -q "DenseScope" || fail "densescope --version"
inside "./densescope --help" | grep -q -- "--install-desktop-entry" || fail "densescope --help lacks --install-desktop-entry"
for lang in en ja; do
    step "densescope --screenshot --language $lang --check-glyphs (offscreen)"
    inside "./densescope --language $lang --size 1280x720 --screenshot /tmp/screenshot-$lang.png --check-glyphs" 2>&1 |
        tee "$out/screenshot-$lang.log" | grep -v '^QStandardPaths' || true
    grep -q "characters shown have glyphs" "$out/screenshot-$lang.log" ||
        fail "the $lang screenshot failed or shows characters without a glyph (log: $out/screenshot-$lang.log)"
    $sudo cp "$root/tmp/screenshot-$lang.png" "$out/"
done
grep -q "Noto Sans CJK" "$out/screenshot-ja.log" || fail "the Japanese window does not use the bundled Noto Sans CJK"
step "desktop entry: install and uninstall for a user"
inside "XDG_DATA_HOME=/tmp/xdg ./densescope --install-desktop-entry && test -f /tmp/xdg/applications/io.github.densescope.DenseScope.desktop && test -f /tmp/xdg/icons/hicolor/48x48/apps/densescope.png && ./densescope --uninstall-desktop-entry --version >/dev/null; XDG_DATA_HOME=/tmp/xdg ./densescope --uninstall-desktop-entry && test ! -e /tmp/xdg/applications/io.github.densescope.DenseScope.desktop" >"$out/desktop-entry.txt" ||
    fail "--install-desktop-entry / --uninstall-desktop-entry (see $out/desktop-entry.txt)"
step "passed in $((SECONDS - t0)) s (pictures and outputs in $out)"
