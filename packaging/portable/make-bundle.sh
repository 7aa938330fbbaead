#!/usr/bin/env bash
# Makes the portable bundle (docs/packaging.md, "Portable bundle"): a relocatable tarball that
# runs, unpacked anywhere and without root, on any x86-64 Linux whose glibc is as new as this
# machine's. `./dev package --portable` builds what it needs and calls this:
#   packaging/portable/make-bundle.sh [BUILD_DIR]      -> BUILD_DIR/densescope-<version>-linux-x86_64.tar.gz
#
# What goes in:
#   densescope, densescope-cli, densescope-bench   the programs (debug symbols stripped), RUNPATH $ORIGIN/lib
#   qt.conf                                        Qt's plugins and translations are the bundle's, never the system's
#   lib/                                           every library they and the plugins need (ldd, transitively),
#                                                  except glibc's own (see GLIBC below); RUNPATH $ORIGIN
#   plugins/                                       Qt's platform (xcb, offscreen, wayland-less), image-format, TLS,
#                                                  multimedia (FFmpeg), icon-engine and input-context plugins
#   translations/                                  Qt's own Japanese strings (DenseScope's are built in)
#   fonts/                                         DejaVu Sans and Noto Sans CJK (Japanese), with fonts.conf
#   share/                                         the desktop entry and icons for --install-desktop-entry
#   licenses/                                      the Debian copyright file of every package a file came from
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-${DENSESCOPE_BUILD_DIR:-build}}
for p in densescope densescope-cli densescope-bench; do
    [ -x "$build/app/$p" ] || { echo "make-bundle: $build/app/$p is missing: run ./dev package --portable" >&2; exit 2; }
done
command -v patchelf >/dev/null || { echo "make-bundle: patchelf is missing (packaging/install-deps.sh installs it)" >&2; exit 2; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
name=densescope-$version-linux-x86_64
out=$build/portable
stage=$out/$name
rm -rf "$out"
mkdir -p "$stage"/{lib,plugins,translations,fonts,share/applications,licenses}
ids=io.github.densescope.DenseScope
qtplugins=$(qtpaths6 --query QT_INSTALL_PLUGINS 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/qt6/plugins)
qttranslations=$(qtpaths6 --query QT_INSTALL_TRANSLATIONS 2>/dev/null || echo /usr/share/qt6/translations)

# glibc is the one part a bundle must take from the system: its libraries, the dynamic loader
# and the kernel interface belong together (a bundled libc with the system's ld.so, or the
# other way round, crashes). Hence "glibc as new as the build machine's".
GLIBC='^(ld-linux-x86-64\.so\.2|libc\.so\.6|libm\.so\.6|libmvec\.so\.1|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libresolv\.so\.2|libutil\.so\.1|libanl\.so\.1|libnsl\.so\.1|libBrokenLocale\.so\.1|libthread_db\.so\.1|libnss_.*|linux-vdso\.so\.1)$'

for p in densescope densescope-cli densescope-bench; do
    install -m 755 "$build/app/$p" "$stage/$p"
    strip --strip-unneeded "$stage/$p"
done
plugin_dirs=(platforms/libqxcb.so platforms/libqoffscreen.so platforms/libqminimal.so
    xcbglintegrations imageformats tls multimedia/libffmpegmediaplugin.so iconengines
    platforminputcontexts networkinformation)
for p in "${plugin_dirs[@]}"; do
    src=$qtplugins/$p
    [ -e "$src" ] || continue
    if [ -d "$src" ]; then
        mkdir -p "$stage/plugins/$p"
        cp -L "$src"/*.so "$stage/plugins/$p/"
    else
        mkdir -p "$stage/plugins/$(dirname "$p")"
        cp -L "$src" "$stage/plugins/$p"
    fi
done
for qm in qtbase qt qtmultimedia; do
    for f in "$qttranslations/${qm}"_*.qm; do [ -f "$f" ] && cp "$f" "$stage/translations/"; done
done
cat >"$stage/qt.conf" <<'QTCONF'
[Paths]
Prefix = .
Plugins = plugins
Translations = translations
QTCONF

# Every library the programs and plugins load, as ldd resolves it here (transitively), plus
# what Qt opens by name at run time (OpenSSL for the TLS plugin).
elfs=("$stage"/densescope "$stage"/densescope-cli "$stage"/densescope-bench)
while IFS= read -r -d '' f; do elfs+=("$f"); done < <(find "$stage/plugins" -name '*.so' -print0)
declare -A libs=()
for f in "${elfs[@]}"; do
    while read -r soname path; do
        [[ $soname =~ $GLIBC ]] && continue
        [ -n "$path" ] && [ -f "$path" ] || { echo "make-bundle: $f needs $soname, which is not found here" >&2; exit 1; }
        libs[$soname]=$path
    done < <(ldd "$f" | awk '/=>/ { print $1, $3 }')
done
for extra in libssl.so.3 libcrypto.so.3; do
    path=$(ldconfig -p | awk -v n="$extra" '$1 == n && /x86-64/ && !found { print $NF; found = 1 }')
    [ -n "$path" ] && libs[$extra]=$path
done
for soname in "${!libs[@]}"; do cp -L "${libs[$soname]}" "$stage/lib/$soname"; done

# Relative lookups only: the programs look in lib/, each library beside itself, the plugins two
# folders up. (RUNPATH applies to a file's own dependencies, so every file gets one.)
for p in densescope densescope-cli densescope-bench; do patchelf --set-rpath '$ORIGIN/lib' "$stage/$p"; done
for f in "$stage"/lib/*; do
    chmod 644 "$f"
    patchelf --set-rpath '$ORIGIN' "$f"
done
while IFS= read -r -d '' f; do patchelf --set-rpath '$ORIGIN/../../lib' "$f"; done < <(find "$stage/plugins" -name '*.so' -print0)
# Anything that still carries debug sections (Debian's libraries are stripped already).
for f in "$stage"/lib/* $(find "$stage/plugins" -name '*.so'); do
    if readelf -S "$f" 2>/dev/null | grep -q '\.debug_'; then strip --strip-debug "$f"; fi
done
touch "$stage/lib/.densescope-portable"  # the programs' sign that they run from a bundle

# Fonts: Latin (DejaVu Sans) and Japanese (Noto Sans CJK, which has Latin glyphs too), found
# through fonts.conf, which the programs use when the system has no fontconfig setup of its own
# (app/portable.cpp); with one, the bundle's fonts are added to the system's.
for f in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
    /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc; do
    [ -f "$f" ] || { echo "make-bundle: $f is missing (fonts-dejavu-core, fonts-noto-cjk)" >&2; exit 1; }
    cp "$f" "$stage/fonts/"
done
cp packaging/portable/fonts.conf "$stage/fonts/fonts.conf"

# The menu entry and icons (--install-desktop-entry copies them into the user's XDG folders).
cp packaging/linux/$ids.desktop "$stage/share/applications/"
mkdir -p "$stage/share/icons/hicolor/scalable/apps"
cp packaging/linux/densescope.svg "$stage/share/icons/hicolor/scalable/apps/"
cp -r "$build/packaging/icons/." "$stage/share/icons/hicolor/"
cp packaging/portable/README.txt "$stage/README.txt"

# Licences: the copyright file of every Debian package that contributed a file (one dpkg -S
# for all of them: it reads the whole package database each time).
sources=("${libs[@]}" /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
while IFS= read -r -d '' f; do sources+=("$qtplugins/${f#"$stage/plugins/"}"); done < <(find "$stage/plugins" -name '*.so' -print0)
mapfile -t real < <(for f in "${sources[@]}"; do readlink -f "$f"; done)
# dpkg knows a file by the path its package installed it at (/lib or /usr/lib on merged-/usr).
mapfile -t alt < <(printf '%s\n' "${real[@]}" | sed -E 's#^/usr/lib/#/lib/#; t; s#^/lib/#/usr/lib/#')
{ dpkg -S "${real[@]}" "${alt[@]}" 2>/dev/null || true; } | cut -d: -f1 | tr ',' '\n' | sed 's/^ *//' | sort -u |
    while read -r pkg; do
        src=/usr/share/doc/$pkg/copyright
        [ -f "$src" ] && cp "$src" "$stage/licenses/$pkg.txt"
    done
cp "$build/packaging/copyright" "$stage/licenses/densescope.txt"

# gzip -6 (the default) for a bundle to hand out; ./dev test's check uses 1: the same files,
# made in a third of the time.
tar -C "$out" -I "gzip -${DENSESCOPE_BUNDLE_GZIP:-6}" -cf "$build/$name.tar.gz" "$name"
echo "$build/$name.tar.gz: $(du -h "$build/$name.tar.gz" | cut -f1) compressed, $(du -sh "$stage" | cut -f1) unpacked, ${#libs[@]} libraries"
