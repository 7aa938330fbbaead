#!/usr/bin/env python3
"""Live mode's frame rate against the forward-bound rate (issue 12), on a generated video.

Generates a video with the ffmpeg command-line tool (the four samples of resources/samples/,
each panned across for a quarter of the length, so every frame differs), then runs
densescope-live-bench on it (build it first: cmake --build build --target
densescope-live-bench) and prints its tables. A benchmark, not a test: it never fails on
timings. See benchmarks/README.md.

The video's frame rate must be above the forward-bound rate (1000 / forward_ms), or live mode
is bound by the video instead of the network: the default 60 frames/s is above densenet121's
on the 2-core machine (about 40-50 frames/s in the app).
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = ["chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"]


def make_video(path, width, height, fps, seconds):
    """Each sample scaled to twice the frame size and panned across on a Lissajous path."""
    part = seconds / len(SAMPLES)
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"]
    for name in SAMPLES:
        cmd += ["-loop", "1", "-framerate", str(fps), "-t", f"{part:.3f}",
                "-i", os.path.join(ROOT, "resources", "samples", name)]
    w2, h2 = 2 * width, 2 * height
    chains = []
    for i in range(len(SAMPLES)):
        chains.append(
            f"[{i}:v]scale={w2}:{h2}:force_original_aspect_ratio=increase,crop={w2}:{h2},"
            f"crop={width}:{height}:x='{width // 2}+{width // 2}*sin(t*0.9+{i})'"
            f":y='{height // 2}+{height // 2}*sin(t*0.6+{i})',setsar=1,format=yuv420p[v{i}]")
    concat = "".join(f"[v{i}]" for i in range(len(SAMPLES)))
    graph = ";".join(chains) + f";{concat}concat=n={len(SAMPLES)}:v=1:a=0[out]"
    cmd += ["-filter_complex", graph, "-map", "[out]", "-r", str(fps), "-c:v", "libx264",
            "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path]
    print("$ " + shlex.join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bench", default=os.path.join(ROOT, "build", "benchmarks", "live",
                                                   "densescope-live-bench"))
    p.add_argument("--video", help="use this video instead of generating one")
    p.add_argument("--keep-video", help="generate the video at this path and keep it")
    p.add_argument("--size", default="640x480", help="generated video's size (default 640x480)")
    p.add_argument("--fps", type=int, default=60, help="generated video's frame rate (default 60)")
    p.add_argument("--length", type=float, default=30, help="generated video's seconds (30)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--seconds", type=float, default=10, help="live seconds measured per round")
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--passes", type=int, default=20, help="forward passes per round")
    p.add_argument("--layer", default="features.denseblock1")
    p.add_argument("--variant", default="densenet121")
    p.add_argument("--weights", help="a weights file (default: random weights, same cost)")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument("--screenshot", help="save the window after the last round (PNG)")
    a = p.parse_args()
    if not os.path.exists(a.bench):
        sys.exit(f"{a.bench} not found: build it first "
                 "(cmake --build build --target densescope-live-bench)")
    tmp = None
    video = a.video
    if not video:
        if not shutil.which("ffmpeg"):
            sys.exit("ffmpeg (the command-line tool) is needed to generate the video; "
                     "install it (apt-get install ffmpeg) or pass --video FILE")
        width, height = (int(x) for x in a.size.lower().split("x"))
        if a.keep_video:
            video = a.keep_video
        else:
            tmp = tempfile.mkdtemp(prefix="densescope-live-")
            video = os.path.join(tmp, "live.mp4")
        make_video(video, width, height, a.fps, a.length)
    cmd = [a.bench, "--video", video, "--rounds", str(a.rounds), "--seconds", str(a.seconds),
           "--warmup", str(a.warmup), "--passes", str(a.passes), "--layer", a.layer,
           "--variant", a.variant, "--threads", str(a.threads)]
    for flag, value in (("--weights", a.weights), ("--json", a.json),
                        ("--screenshot", a.screenshot)):
        if value:
            cmd += [flag, value]
    print("$ " + shlex.join(cmd), flush=True)
    rc = subprocess.run(cmd).returncode
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
