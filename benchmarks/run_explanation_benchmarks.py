#!/usr/bin/python3
"""Every explanation method (docs/explanations.md) against the same computation in Python
(benchmarks/explanation_refs.py: pytorch-grad-cam's and Captum's recipes with torchvision and
hooks), side by side in the same run, densenet121, random weights, one 224x224 input.

Builds nothing: build densescope-explain-bench first
(cmake --build build --target densescope-explain-bench). Each round runs the DenseScope program
once, then every Python reference with the same thread count, so background load hits both
alike; the table shows the medians over the rounds.

    /usr/bin/python3 benchmarks/run_explanation_benchmarks.py [--bench build/benchmarks/analysis/densescope-explain-bench]
        [--threads 2] [--rounds 3] [--repeats 5] [--skip scorecam,ablationcam,...] [--json FILE]

Targets (issue 21): every gradient method <= 2.5x DenseScope's fast forward; Score-CAM at
features.transition2 and Ablation-CAM at features.denseblock3 <= 0.25x the Python reference;
occlusion <= 0.25x; Integrated Gradients (32 steps) <= 0.5x; ROAD for one map <= 0.5x. A
benchmark, not a test: nothing fails on timings.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

# As DenseScope runs it (ds::configureProcess): BLAS in the calling thread, beside LibTorch's own
# threads. Left to itself OpenBLAS starts its own threads on every core as well, and the two
# pools fight over two cores: the reference would be slowed by the run itself. Set before torch
# loads OpenBLAS, which reads it once.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from explanation_refs import Refs  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYER, SCORE_LAYER, ABLATION_LAYER = "features.denseblock3", "features.transition2", "features.denseblock3"
GRADIENT = ["gradcam", "gradcampp", "layercam", "hirescam", "gradcamelementwise", "xgradcam", "eigengradcam"]
ONE_FORWARD = ["eigencam", "fem"]


def ms(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def median_ms(fn, repeats):
    return statistics.median(ms(fn) for _ in range(repeats))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=os.path.join(ROOT, "build/benchmarks/analysis/densescope-explain-bench"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip", default="", help="methods to leave out on both sides")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torchvision.models.densenet121().eval()
    for p in model.parameters():
        p.requires_grad_(True)  # as the libraries leave them
    x = torch.randn(1, 3, 224, 224)
    ref = Refs(model, x)

    def forward():
        with torch.inference_mode():
            model(x)

    forward(), ref.gradient_cam("gradcam", LAYER)  # warm-up
    ds_rounds, py_rounds = [], []
    for r in range(args.rounds):
        cmd = [args.bench, "--threads", str(args.threads), "--repeats", str(args.repeats), "--layer", LAYER,
               "--score-layer", SCORE_LAYER, "--ablation-layer", ABLATION_LAYER]
        if skip:
            cmd += ["--skip", ",".join(sorted(skip))]
        ds_rounds.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
        t = {"forward_ms": median_ms(forward, args.repeats), "cam_ms": {}, "attribution_ms": {}}
        for m in GRADIENT:
            if m not in skip:
                t["cam_ms"][m] = median_ms(lambda: ref.gradient_cam(m, LAYER), args.repeats)
        if "eigencam" not in skip:
            t["cam_ms"]["eigencam"] = median_ms(lambda: ref.eigencam(LAYER), args.repeats)
        if "fem" not in skip:
            t["cam_ms"]["fem"] = median_ms(lambda: ref.fem(LAYER), args.repeats)
        if "scorecam" not in skip:
            t["scorecam_ms"] = ms(lambda: ref.scorecam(SCORE_LAYER))
        if "ablationcam" not in skip:
            t["ablationcam_ms"] = ms(lambda: ref.ablationcam(ABLATION_LAYER))
        if "saliency" not in skip:
            t["attribution_ms"]["saliency"] = median_ms(ref.saliency, args.repeats)
        if "integratedgradients" not in skip:
            t["attribution_ms"]["integratedgradients"] = ms(ref.integrated_gradients)
        if "occlusion" not in skip:
            t["attribution_ms"]["occlusion"] = ms(ref.occlusion)
        if "road" not in skip:
            cam = ref.gradient_cam("gradcam", LAYER)
            c = F.interpolate(cam[None, None].float(), size=(224, 224), mode="bilinear", align_corners=False)[0, 0]
            c = (c - c.min()) / (c.max() - c.min() + 1e-7)
            t["road_ms"] = median_ms(lambda: ref.road(c), max(1, args.repeats // 2))
        py_rounds.append(t)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

    med = statistics.median
    d_fwd = med(d["forward_ms"] for d in ds_rounds)
    p_fwd = med(t["forward_ms"] for t in py_rounds)

    def both(get):
        try:
            return med(get(d) for d in ds_rounds), med(get(t) for t in py_rounds)
        except KeyError:
            return None

    rows = [("forward (DenseScope: fast form; Python: eager)", (d_fwd, p_fwd), "")]
    for m in ONE_FORWARD + GRADIENT:
        v = both(lambda s, m=m: s["cam_ms"][m])
        if v:
            rows.append((f"{m} at {LAYER}", v, "<= 2.5x fwd" if m in GRADIENT else ""))
    for key, label, target in [("scorecam_ms", f"scorecam at {SCORE_LAYER} (256 masks)", "<= 0.25x Py"),
                               ("ablationcam_ms", f"ablationcam at {ABLATION_LAYER} (1024 ch.)", "<= 0.25x Py"),
                               ("road_ms", "ROAD, one map (18 imputations)", "<= 0.5x Py")]:
        v = both(lambda s, key=key: s[key])
        if v:
            rows.append((label, v, target))
    for m, target in [("saliency", "<= 2.5x fwd"), ("integratedgradients", "<= 0.5x Py"), ("occlusion", "<= 0.25x Py")]:
        v = both(lambda s, m=m: s["attribution_ms"][m])
        if v:
            rows.append((f"{m}" + (" (32 steps)" if m == "integratedgradients" else " (729 windows)" if m == "occlusion" else ""), v, target))

    print(f"densenet121, {args.threads} threads, {args.rounds} interleaved rounds (medians)\n")
    print(f"{'':48} {'DenseScope ms':>13} {'x fwd':>6} {'Python ms':>10} {'DS/Py':>6} {'target':>12}")
    for name, (d, p), target in rows:
        print(f"{name:48} {d:13.1f} {d / d_fwd:6.2f} {p:10.1f} {d / p:6.2f} {target:>12}")
    for d in ds_rounds[:1]:
        for key, ms_key in [("attribution_ms", None)]:
            others = {k: v for k, v in d[key].items() if k not in ("saliency", "integratedgradients", "occlusion")}
            if others:
                print("\nDenseScope only (first round): " + ", ".join(f"{k} {v:.0f} ms ({v / d_fwd:.2f}x fwd)" for k, v in others.items()))
    cmp = [d["compare_ms"] for d in ds_rounds if "compare_ms" in d]
    if cmp:
        print(f"Compare grid at {ABLATION_LAYER}, every CAM method but Score-CAM, with ROAD and the confidence change: "
              f"{med(cmp) / 1000:.1f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"densescope": ds_rounds, "python": py_rounds}, f, indent=1)


if __name__ == "__main__":
    main()
