#!/usr/bin/env bash
# Installs DenseScope's build, run and test dependencies from Debian 12 packages.
# Installs only what is missing; safe to run again. Needs root or sudo.
# qt6-tools-dev + qt6-l10n-tools: lupdate/lrelease for the Japanese translation; qt6-translations-l10n:
# Qt's own dialogs in Japanese; fonts-noto-cjk: Japanese text renders (also under Xvfb).
# clang + libclang-rt-14-dev build the fuzz/ harnesses (libFuzzer); llvm's llvm-symbolizer puts
# file:line into sanitizer reports. valgrind: tst_openmp_start runs densescope under it (the
# OpenMP restart must not break a valgrind run).
# dpkg-dev (dpkg-shlibdeps computes the package's Depends), lintian, desktop-file-utils,
# appstream, file and man-db check the .deb (packaging/check-package.sh, run by ./dev test).
# libpng-dev: PNGs are decoded with libpng directly (lib/imageio/png_decoder.cpp).
# FFmpeg's libav* -dev packages: the video decoder (lib/media/, the app's live mode and
# `densescope-cli classify --video`); qt6-multimedia-dev: cameras in live mode; the ffmpeg CLI
# makes the test videos and their reference frames (tests/oracle/make_video.py).
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev qt6-svg-dev libpng-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk fonts-dejavu-core
    libqcustomplot-dev libqcustomplot2.1-qt6
    libtorch-dev libopenblas0-pthread
    python3-torch python3-torchvision python3-numpy python3-scipy python3-pil python3-matplotlib
    libeigen3-dev
    xvfb xauth valgrind
    clang libclang-rt-14-dev llvm
    dpkg-dev lintian desktop-file-utils appstream file man-db debootstrap patchelf
    libavformat-dev libavcodec-dev libswscale-dev libavutil-dev qt6-multimedia-dev ffmpeg
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
