#!/usr/bin/env bash
# Checks the Debian package that `./dev package` builds (docs/packaging.md). `./dev test` runs it
# after the release tests; alone:
#   packaging/check-package.sh [PACKAGE.deb]     (default: the newest build/densescope_*_amd64.deb)
# It checks: the files are where they belong; desktop-file-validate and appstreamcli validate
# --no-net pass; lintian reports no error; the icons have their sizes; the man pages render
# without warnings and name every densescope-cli command; the binaries carry no RUNPATH and
# find every library on the system; apt could install the package here; and the programs run
# from a `dpkg -x` copy: --version and --help (densescope's without a display),
# densescope-cli inspect and explain in Japanese, and densescope --screenshot under Xvfb.
# Needs: dpkg-dev, lintian, desktop-file-utils, appstream, xvfb, man-db (packaging/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${DENSESCOPE_BUILD_DIR:-build}
deb=${1:-$(ls -t "$build"/densescope_*_amd64.deb 2>/dev/null | head -n 1 || true)}
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "check-package: no package ${deb:-in $build/}; build it with ./dev package" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
step() { echo "check-package: $*"; }
fail() {
    echo "check-package: FAILED: $*" >&2
    exit 1
}
t0=$SECONDS
ids=io.github.densescope.DenseScope

step "$deb: $(dpkg-deb --field "$deb" Package Version Architecture | tr '\n' ' ')"
dpkg-deb -x "$deb" "$tmp/root"
root=$tmp/root
depends=$(dpkg-deb --field "$deb" Depends)
step "Depends (dpkg-shlibdeps): $depends"
for lib in libtorch libqt6core6 libqt6gui6 libqt6widgets6 libqcustomplot; do
    grep -q "$lib" <<<"$depends" || fail "Depends names no $lib package: dpkg-shlibdeps did not run?"
done

step "files in place"
expected=(usr/bin/densescope usr/bin/densescope-cli usr/bin/densescope-bench
    usr/share/applications/$ids.desktop usr/share/metainfo/$ids.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/densescope.svg
    usr/share/man/man1/densescope.1.gz usr/share/man/man1/densescope-cli.1.gz
    usr/share/man/man1/densescope-bench.1.gz
    usr/share/doc/densescope/copyright usr/share/doc/densescope/changelog.gz)
for size in 16 22 24 32 48 64 128 256; do
    expected+=("usr/share/icons/hicolor/${size}x${size}/apps/densescope.png")
done
for f in "${expected[@]}"; do [ -f "$root/$f" ] || fail "$f is not in the package"; done

step "icon sizes match their folders"
for png in "$root"/usr/share/icons/hicolor/*x*/apps/densescope.png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    file "$png" | grep -q "PNG image data, ${size/x/ x }," ||
        fail "$png is not a ${size} PNG: $(file -b "$png")"
done

step "desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/$ids.desktop" | grep -v ': hint: ' || true
desktop-file-validate "$root/usr/share/applications/$ids.desktop" >/dev/null ||
    fail "desktop-file-validate"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net "$root/usr/share/metainfo/$ids.metainfo.xml" ||
    fail "appstreamcli validate"

step "lintian (errors fail; warnings and notes are shown)"
lintian --fail-on error "$deb" || fail "lintian reports errors"

step "man pages render without warnings"
for page in "$root"/usr/share/man/man1/*.1.gz; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$page" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "$(basename "$page"): $warnings"
done
cli_page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$root/usr/share/man/man1/densescope-cli.1.gz" 2>/dev/null)
commands=$("$root/usr/bin/densescope-cli" --help | sed -n '/^Commands:/,/^$/p' | grep -oP '^  \K[a-z-]+')
for c in $commands; do
    grep -q "densescope-cli $c" <<<"$cli_page" || fail "densescope-cli(1) lacks the command $c"
done

step "no RUNPATH, every library found on the system"
for b in densescope densescope-cli densescope-bench; do
    ! readelf -d "$root/usr/bin/$b" | grep -E 'RPATH|RUNPATH' || fail "$b carries a RUNPATH"
    ! ldd "$root/usr/bin/$b" | grep 'not found' || fail "$b: a library is missing"
done

step "apt could install it here (simulated)"
apt-get install --simulate --no-install-recommends "$(realpath "$deb")" >"$tmp/apt.log" 2>&1 ||
    fail "apt-get install --simulate: $(tail -n 5 "$tmp/apt.log")"

# The programs from the package, away from the source tree, with a fresh home: no settings,
# no ImageNet file (random weights), no display unless Xvfb gives one.
mkdir -p "$tmp/home"
bare=(env -i "PATH=/usr/bin:/bin" "HOME=$tmp/home" "LANG=C.UTF-8")
cd "$tmp"
step "densescope --version and --help without a display"
"${bare[@]}" "$root/usr/bin/densescope" --version | tee "$tmp/v.txt"
grep -q "^densescope (DenseScope) " "$tmp/v.txt" || fail "densescope --version"
"${bare[@]}" "$root/usr/bin/densescope" --help >"$tmp/h.txt" || fail "densescope --help"
grep -q -- "--screenshot" "$tmp/h.txt" || fail "densescope --help does not list --screenshot"
step "densescope-cli --version, densescope-bench --version and --help"
"${bare[@]}" "$root/usr/bin/densescope-cli" --version
"${bare[@]}" "$root/usr/bin/densescope-bench" --version >/dev/null
"${bare[@]}" "$root/usr/bin/densescope-bench" --help >/dev/null
step "densescope-cli inspect --variant densenet121 --json"
"${bare[@]}" "$root/usr/bin/densescope-cli" inspect --variant densenet121 --json >"$tmp/inspect.json"
grep -q '"densenet121"' "$tmp/inspect.json" || fail "inspect: $(head -c 300 "$tmp/inspect.json")"
step "densescope-cli explain --language ja (the translation is compiled in)"
"${bare[@]}" "$root/usr/bin/densescope-cli" explain --layer features.denseblock1 --language ja \
    >"$tmp/explain.txt"
grep -q "チャンネル" "$tmp/explain.txt" || fail "explain --language ja is not Japanese"
step "densescope --screenshot under Xvfb (1280x720, Japanese, the built-in sample)"
"${bare[@]}" xvfb-run -a -s "-screen 0 1280x720x24" "$root/usr/bin/densescope" --size 1280x720 \
    --language ja --screenshot "$tmp/shot.png" >"$tmp/shot.log" 2>&1 ||
    fail "densescope --screenshot: $(tail -n 20 "$tmp/shot.log")"
file "$tmp/shot.png" | grep -q "PNG image data, 1280 x 720," || fail "the screenshot is not 1280x720"
cd - >/dev/null
cp "$tmp/shot.png" "$build/package-check-screenshot.png"
step "passed in $((SECONDS - t0)) s (the screenshot: $build/package-check-screenshot.png)"
