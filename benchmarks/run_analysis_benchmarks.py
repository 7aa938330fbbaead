#!/usr/bin/python3
"""The analyses (CAMs, the CAM strip, the top-images scan, feature visualisation) against
PyTorch doing the same with hooks, side by side, in the same run.

Builds nothing: build densescope-analysis-bench first (cmake --build build --target
densescope-analysis-bench). Each round runs the DenseScope program once (its own medians) and
then the PyTorch references with the same thread count, so background load hits both alike.
Prints a table: each analysis's time, its ratio to the same side's forward pass (for DenseScope
both the fast form the app classifies with and the plain module the analyses run on), the
issue's target for DenseScope's ratio, and DenseScope / PyTorch.

    /usr/bin/python3 benchmarks/run_analysis_benchmarks.py [--bench build/benchmarks/analysis/densescope-analysis-bench]
        [--threads 2] [--rounds 3] [--repeats 5] [--images 40] [--steps 128] [--visualize-rounds 1]
        [--json FILE]

The PyTorch side is what people write today: torchvision's model, forward hooks that keep the
module's output and a tensor hook for its gradient (as pytorch-grad-cam does; parameters keep
requires_grad, as in those libraries), a full forward and backward; for the scan, PIL decode,
the torchvision transform and a forward hook per image; for feature visualisation, Lucent's
recipe (Fourier image, colour decorrelation, jitter/scale/rotate) with a full forward per step.
A benchmark, not a test: nothing fails on timings.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image, ImageDraw
from torchvision import transforms

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAM_LAYERS = ["features.pool0", "features.denseblock2.denselayer6", "features.transition2", "features.norm5"]
STRIP = ["features.pool0", "features.denseblock1", "features.transition1", "features.denseblock2",
         "features.transition2", "features.denseblock3", "features.transition3", "features.denseblock4"]
SCAN_LAYER = "features.denseblock3"
VIS_LAYER, VIS_CHANNEL = "features.denseblock3", 0
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
TARGETS = {"cam": 2.5, "strip": 3.0}


def make_images(folder, count):
    """JPEGs of 500x375 with random shapes, what a folder of photos costs to decode."""
    rng = np.random.default_rng(0)
    for i in range(count):
        img = Image.new("RGB", (500, 375), tuple(int(v) for v in rng.integers(0, 255, 3)))
        draw = ImageDraw.Draw(img)
        for _ in range(6):
            x0, y0 = int(rng.integers(0, 400)), int(rng.integers(0, 300))
            draw.ellipse([x0, y0, x0 + int(rng.integers(20, 120)), y0 + int(rng.integers(20, 120))],
                         fill=tuple(int(v) for v in rng.integers(0, 255, 3)))
        img.save(os.path.join(folder, f"img{i:03d}.jpg"), quality=90)


def median_ms(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Torch:
    def __init__(self, threads):
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        self.model = torchvision.models.densenet121().eval()
        self.modules = dict(self.model.named_modules())
        self.x = torch.randn(1, 3, 224, 224)
        self.tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                                      transforms.Normalize(MEAN, STD)])

    def forward(self):
        with torch.inference_mode():
            self.model(self.x)

    def cam(self, layers):
        """Grad-CAM as pytorch-grad-cam computes it: hooks, full forward, backward."""
        acts, grads, handles = {}, {}, []
        for name in layers:
            def hook(_m, _i, out, name=name):
                acts[name] = out
                out.register_hook(lambda g, name=name: grads.__setitem__(name, g))
            handles.append(self.modules[name].register_forward_hook(hook))
        self.model.zero_grad()
        logits = self.model(self.x)
        logits[0, int(logits.argmax())].backward()
        cams = []
        with torch.no_grad():
            for name in layers:
                w = grads[name].mean(dim=(2, 3), keepdim=True)
                cams.append(F.relu((w * acts[name]).sum(1)))
        for h in handles:
            h.remove()
        return cams

    def scan(self, files):
        peaks = []
        kept = {}
        handle = self.modules[SCAN_LAYER].register_forward_hook(lambda _m, _i, out: kept.__setitem__("a", out))
        with torch.inference_mode():
            for f in files:
                x = self.tf(Image.open(f).convert("RGB")).unsqueeze(0)
                self.model(x)
                peaks.append(kept["a"][0].flatten(1).max(1))
        handle.remove()
        return peaks

    def visualize(self, steps):
        """Lucent's render_vis with its defaults: fft_image + decorrelation, standard_transforms,
        Adam(0.05), the full model run every step (a hook reads the channel)."""
        torch.manual_seed(0)
        for p in self.model.parameters():
            p.requires_grad_(False)
        h = w = 224
        fy = np.fft.fftfreq(h)[:, None]
        fx = np.fft.fftfreq(w)[: w // 2 + 1]
        freqs = np.sqrt(fx * fx + fy * fy)
        scale = torch.tensor(1.0 / np.maximum(freqs, 1.0 / max(w, h)), dtype=torch.float32)[None, None, :, :, None]
        spectrum = (torch.randn(1, 3, h, w // 2 + 1, 2) * 0.01).requires_grad_(True)
        corr = torch.tensor([[0.26, 0.09, 0.02], [0.27, 0.00, -0.05], [0.27, -0.09, 0.03]])
        corr = corr / corr.norm(dim=0).max()

        def image():
            s = torch.view_as_complex(spectrum * scale)
            img = torch.fft.irfftn(s, s=(h, w), norm="ortho")[:, :3] / 4.0
            img = torch.einsum("bchw,cd->bdhw", img, corr.T)
            return torch.sigmoid(img)

        acts = {}
        handle = self.modules[VIS_LAYER].register_forward_hook(lambda _m, _i, out: acts.__setitem__("a", out))
        opt = torch.optim.Adam([spectrum], lr=0.05)
        norm = transforms.Normalize(MEAN, STD)
        scales = [1 + (i - 5) / 50.0 for i in range(11)]
        for _ in range(steps):
            opt.zero_grad()
            x = F.pad(image(), (12, 12, 12, 12), value=0.5)
            dx, dy = np.random.randint(-8, 9, 2)
            x = torch.roll(x, (int(dy), int(dx)), (2, 3))
            angle = math.radians(np.random.randint(-10, 11))
            sc = float(np.random.choice(scales))
            theta = torch.tensor([[math.cos(angle) / sc, -math.sin(angle) / sc, 0],
                                  [math.sin(angle) / sc, math.cos(angle) / sc, 0]])[None]
            grid = F.affine_grid(theta, list(x.shape), align_corners=False)
            x = F.grid_sample(x, grid, align_corners=False)
            dx, dy = np.random.randint(-4, 5, 2)
            x = torch.roll(x, (int(dy), int(dx)), (2, 3))
            self.model(norm(F.interpolate(x, size=(224, 224), mode="bilinear", align_corners=False)))
            loss = -acts["a"][0, VIS_CHANNEL].mean()
            loss.backward()
            opt.step()
        handle.remove()
        for p in self.model.parameters():
            p.requires_grad_(True)


def run_densescope(args, scan_dir, with_visualize):
    cmd = [args.bench, "--threads", str(args.threads), "--rounds", "1", "--repeats", str(args.repeats),
           "--scan", scan_dir, "--steps", str(args.steps)]
    if not with_visualize:
        cmd += ["--skip", "visualize"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(ROOT, "build/benchmarks/analysis/densescope-analysis-bench"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--images", type=int, default=40)
    parser.add_argument("--steps", type=int, default=128)
    parser.add_argument("--visualize-rounds", type=int, default=1)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    ref = Torch(args.threads)
    ds_rounds, t_rounds = [], []
    with tempfile.TemporaryDirectory() as scan_dir:
        make_images(scan_dir, args.images)
        files = sorted(os.path.join(scan_dir, f) for f in os.listdir(scan_dir))
        ref.forward(), ref.cam(CAM_LAYERS[:1])  # warm-up
        for r in range(args.rounds):
            vis = r < args.visualize_rounds
            ds_rounds.append(run_densescope(args, scan_dir, vis))
            t = {"forward_ms": median_ms(ref.forward, args.repeats)}
            t["cam_ms"] = {layer: median_ms(lambda: ref.cam([layer]), args.repeats) for layer in CAM_LAYERS}
            t["strip_ms"] = median_ms(lambda: ref.cam(STRIP), args.repeats)
            start = time.perf_counter()
            ref.scan(files)
            t["scan_ms_per_image"] = (time.perf_counter() - start) * 1000 / len(files)
            if vis:
                start = time.perf_counter()
                ref.visualize(args.steps)
                t["visualize_s"] = time.perf_counter() - start
            t_rounds.append(t)
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

    med = statistics.median
    d_fwd = med(d["forward_ms"] for d in ds_rounds)
    d_plain = med(d["plain_forward_ms"] for d in ds_rounds)
    t_fwd = med(t["forward_ms"] for t in t_rounds)
    rows = [("forward", d_fwd, t_fwd, None), ("forward, plain module (what analyses run on)", d_plain, t_fwd, None)]
    for layer in CAM_LAYERS:
        rows.append((f"Grad-CAM {layer}", med(d["cam_ms"][layer] for d in ds_rounds),
                     med(t["cam_ms"][layer] for t in t_rounds), TARGETS["cam"]))
    rows.append((f"CAM strip ({len(STRIP)} modules)", med(d["strip_ms"] for d in ds_rounds),
                 med(t["strip_ms"] for t in t_rounds), TARGETS["strip"]))
    d_scan = med(d["scan"]["ms_per_image"] for d in ds_rounds)
    t_scan = med(t["scan_ms_per_image"] for t in t_rounds)
    rows.append((f"scan, per image ({args.images} JPEGs 500x375)", d_scan, t_scan, None))

    print(f"densenet121, {args.threads} threads, {args.rounds} interleaved rounds (medians)\n")
    print(f"{'':46} {'DenseScope ms':>13} {'x fwd':>6} {'x plain':>7} {'target':>7} {'PyTorch ms':>11} {'x fwd':>6} {'DS/PT':>6}")
    for name, d, t, target in rows:
        tgt = f"<= {target}" if target else ""
        print(f"{name:46} {d:13.1f} {d / d_fwd:6.2f} {d / d_plain:7.2f} {tgt:>7} {t:11.1f} {t / t_fwd:6.2f} {d / t:6.2f}")
    rate = 1000 / d_scan
    print(f"\nscan: {rate:.2f} images/s = {100 * rate / (1000 / d_fwd):.0f}% of the forward-bound rate "
          f"(1000 / {d_fwd:.1f} ms = {1000 / d_fwd:.2f}/s; target >= 80%); PyTorch {1000 / t_scan:.2f} images/s")
    vis_d = [d["visualize"] for d in ds_rounds if "visualize" in d]
    vis_t = [t["visualize_s"] for t in t_rounds if "visualize_s" in t]
    if vis_d:
        v = vis_d[0]
        print(f"feature visualisation, {v['layer']} channel {v['channel']}, {args.steps} steps: "
              f"DenseScope {med(x['seconds'] for x in vis_d):.1f} s (target < 30 s; objective "
              f"{v['objective_start']:.3g} -> {v['objective_end']:.3g}), PyTorch/Lucent recipe {med(vis_t):.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"densescope": ds_rounds, "pytorch": t_rounds}, f, indent=1)


if __name__ == "__main__":
    main()
