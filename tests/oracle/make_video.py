#!/usr/bin/env python3
"""Test videos and their torchvision reference predictions (tst_video), made during the test run.

Usage: make_video.py OUT_DIR        (needs oracle_models' tiny.pth and configs.json in OUT_DIR)

Writes OUT_DIR/video/:
  src/0000.png ...         the source frames: each sample of resources/samples/ scaled to 320x240
                           and shown for FRAMES_PER_SAMPLE frames, panned 8 px left per frame so
                           that no two frames are equal (a frame shown at the wrong index fails)
  lossless.mkv             FFV1, pix_fmt bgr0, 10 fps: decoded frames equal src/ exactly
  lossy.mp4                H.264 yuv420p (libx264, crf 18, with B-frames), 10 fps
  sound.mp3, cover.mp3      a sine tone, without and with a cover picture: not videos
  frames_lossless/, frames_lossy/   every frame as the ffmpeg CLI extracts it by default
                           (`ffmpeg -i FILE %04d.png`; 0001.png = frame 0)
  frames_lossy_exact/      the H.264 frames converted to RGB as ds::VideoDecoder converts them
                           (swscale bilinear + accurate_rnd + full_chroma_int, the stream's
                           BT.601 limited range): the decoder must give these pixels exactly
  reference.json           {"fps": 10, "width": 320, "height": 240, "frames": N,
                            "lossless": [{"frame": i, "time_s": t, "top": [{"index", "probability"}, ...]}],
                            "lossy": [...], "lossy_exact": [...]}  (one list per frames_* folder)
                           torchvision's tiny DenseNet (tiny.pth) on the extracted PNGs, with its
                           eval transform on uint8 tensors (antialiased bilinear Resize(256),
                           CenterCrop(224), scale, Normalize), top 10 by softmax.
"""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms
from torchvision.transforms import functional as F

FPS = 10
WIDTH, HEIGHT = 320, 240
FRAMES_PER_SAMPLE = 3
SAMPLES = ["chelsea.png", "coffee.png", "astronaut.png", "rocket.jpg"]
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
TOP = 10


def ffmpeg(*args):
    exe = shutil.which("ffmpeg")
    if not exe:
        sys.exit("make_video.py: the ffmpeg program is missing (run packaging/install-deps.sh)")
    subprocess.run([exe, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], check=True)


def extract(video, folder, *conversion):
    os.makedirs(folder, exist_ok=True)
    # -vsync passthrough: one PNG per decoded frame, none duplicated or dropped.
    ffmpeg("-i", video, "-vsync", "passthrough", *conversion, os.path.join(folder, "%04d.png"))
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".png"))


def references(model, pngs):
    norm = transforms.Normalize(MEAN, STD)
    out = []
    for i, png in enumerate(pngs):
        image = F.pil_to_tensor(Image.open(png).convert("RGB"))
        r = F.resize(image, 256, interpolation=transforms.InterpolationMode.BILINEAR, antialias=True)
        x = norm(F.center_crop(r, [224, 224]).float() / 255.0).unsqueeze(0)
        with torch.no_grad():
            p = torch.softmax(model(x)[0].double(), 0)
        values, indices = torch.topk(p, TOP)
        out.append({"frame": i, "time_s": i / FPS,
                    "top": [{"index": int(k), "probability": float(v)} for v, k in zip(values, indices)]})
    return out


def main():
    base = sys.argv[1]
    out = os.path.join(base, "video")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "src"))
    torch.set_num_threads(2)
    samples = os.path.join(os.path.dirname(__file__), "..", "..", "resources", "samples")
    n = 0
    for name in SAMPLES:
        image = np.asarray(Image.open(os.path.join(samples, name)).convert("RGB").resize((WIDTH, HEIGHT), Image.BILINEAR))
        for j in range(FRAMES_PER_SAMPLE):
            Image.fromarray(np.roll(image, -8 * j, axis=1)).save(os.path.join(out, "src", f"{n:04d}.png"))
            n += 1
    src = os.path.join(out, "src", "%04d.png")
    lossless, lossy = os.path.join(out, "lossless.mkv"), os.path.join(out, "lossy.mp4")
    ffmpeg("-framerate", str(FPS), "-i", src, "-c:v", "ffv1", "-pix_fmt", "bgr0", lossless)
    ffmpeg("-framerate", str(FPS), "-i", src, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18",
           "-bf", "2", "-movflags", "+faststart", lossy)

    # Not videos: a sound, and a sound with a cover picture (a one-frame "video" stream).
    ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "libmp3lame", os.path.join(out, "sound.mp3"))
    ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-i", os.path.join(out, "src", "0000.png"), "-map", "0", "-map", "1",
           "-c:a", "libmp3lame", "-c:v", "mjpeg", "-disposition:v", "attached_pic", os.path.join(out, "cover.mp3"))

    frames_lossless = extract(lossless, os.path.join(out, "frames_lossless"))
    frames_lossy = extract(lossy, os.path.join(out, "frames_lossy"))
    frames_exact = extract(lossy, os.path.join(out, "frames_lossy_exact"),
                           "-vf", "scale=flags=bilinear+accurate_rnd+full_chroma_int", "-pix_fmt", "rgb24")
    for frames in (frames_lossless, frames_lossy, frames_exact):
        if len(frames) != n:
            sys.exit(f"make_video.py: ffmpeg extracted {len(frames)} frames, not {n}")
    for i, png in enumerate(frames_lossless):  # the lossless file really is lossless
        a = np.asarray(Image.open(png).convert("RGB"))
        b = np.asarray(Image.open(os.path.join(out, "src", f"{i:04d}.png")).convert("RGB"))
        if not np.array_equal(a, b):
            sys.exit(f"make_video.py: frame {i} of {lossless} differs from its source")

    with open(os.path.join(base, "configs.json")) as f:
        k, blocks, init, bn = (lambda c: (c["growth_rate"], tuple(c["block_config"]), c["init_features"],
                                          c["bn_size"]))(json.load(f)["tiny"])
    model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
    model.load_state_dict(torch.load(os.path.join(base, "tiny.pth")))
    model.eval()
    reference = {"fps": FPS, "width": WIDTH, "height": HEIGHT, "frames": n,
                 "lossless": references(model, frames_lossless), "lossy": references(model, frames_lossy),
                 "lossy_exact": references(model, frames_exact)}
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(reference, f, indent=0)


if __name__ == "__main__":
    main()
