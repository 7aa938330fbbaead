#!/bin/sh
# Writes the seed corpus of fuzz_video (fuzz/corpus/video/): a few frames of a small test
# pattern in each container and codec the video reader allows, each well under 20 KB, made with
# the ffmpeg CLI. Usage: fuzz/make_video_seeds.sh   (from the repository root)
set -eu
out=fuzz/corpus/video
mkdir -p "$out"
src="-f lavfi -i testsrc=size=32x24:rate=10:duration=0.4"
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y $src "$@"; }
ff -c:v libx264 -pix_fmt yuv420p -bf 2 -g 3 "$out/h264.mp4"
ff -c:v libx264 -pix_fmt yuv420p -g 3 -f h264 "$out/raw.h264"
ff -c:v libx265 -pix_fmt yuv420p -x265-params log-level=error "$out/hevc.mkv"
ff -c:v libvpx -b:v 100k "$out/vp8.webm"
ff -c:v libvpx-vp9 -b:v 100k "$out/vp9.webm"
ff -c:v libvpx -b:v 100k -f ivf "$out/vp8.ivf"
ff -c:v ffv1 "$out/ffv1.mkv"
ff -c:v mjpeg -q:v 10 "$out/mjpeg.avi"
ff -c:v mpeg2video -r 25 "$out/mpeg2.ts"
ff -c:v mpeg1video -r 25 "$out/mpeg1.mpg"
ff -c:v mpeg4 "$out/mpeg4.m4v"
ff -c:v flv1 "$out/flv1.flv"
ff -c:v libtheora "$out/theora.ogv"
ff -c:v wmv2 "$out/wmv2.wmv"
ff -pix_fmt yuv420p "$out/raw.y4m"
ff -c:v mpeg4 -f nut "$out/mpeg4.nut"
ls -l "$out"
