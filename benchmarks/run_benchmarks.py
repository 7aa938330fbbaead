#!/usr/bin/python3
"""DenseScope against PyTorch, side by side: latency, memory and (when present) the GPU.

Builds nothing. Runs the given densescope-bench and, in this same process, PyTorch's reference
paths with the same thread count, interleaving the runs round by round so both share the
machine's noise. Prints a table of medians and ratios (DenseScope / traced+frozen+channels_last).

    /usr/bin/python3 benchmarks/run_benchmarks.py [--bench build/app/densescope-bench] [--threads N]
        [--variants densenet121,...] [--captures none,layers] [--rounds 3] [--iterations 20]
        [--memory --cli build/app/densescope-cli [--weights densenet121.pth]] [--gpu auto|on|off]
        [--startup [--app build/app/densescope]]

A benchmark, not a test: nothing fails on timings. See benchmarks/README.md.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torchvision

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def torchvision_model(variant):
    """torchvision's model; densenet264 (not in torchvision) is its DenseNet class with the
    paper's layout, as docs/model.md describes it."""
    if variant == "densenet264":
        return torchvision.models.DenseNet(growth_rate=32, block_config=(6, 12, 64, 48), num_init_features=64)
    return getattr(torchvision.models, variant)()


def torch_paths(variant, device):
    """PyTorch's reference forward functions for one variant: name -> callable()."""
    model = torchvision_model(variant).eval().to(device)
    x = torch.randn(1, 3, 224, 224, device=device)
    paths = {"eager": lambda: model(x)}
    if device == "cpu":
        model_cl = torchvision_model(variant).eval().to(memory_format=torch.channels_last)
        x_cl = x.contiguous(memory_format=torch.channels_last)
        with torch.no_grad():
            traced = torch.jit.freeze(torch.jit.trace(model_cl, x_cl))
            for _ in range(3):  # the profiling executor optimises on the first runs
                traced(x_cl)
        paths["eager_cl"] = lambda: model_cl(x_cl)
        paths["traced_cl"] = lambda: traced(x_cl)
    return paths


def time_fn(fn, iterations, warmup, sync=None):
    times = []
    with torch.inference_mode():
        for i in range(warmup + iterations):
            start = time.perf_counter()
            fn()
            if sync:
                sync()
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def run_bench(bench, variant, threads, capture, iterations, warmup, device="cpu", precision="fp32"):
    cmd = [bench, "--variant", variant, "--device", device, "--threads", str(threads), "--capture", capture,
           "--iterations", str(iterations), "--warmup", str(warmup), "--precision", precision, "--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def cpu_table(args):
    torch.set_num_threads(args.threads)
    rows = []
    for variant in args.variants:
        paths = torch_paths(variant, "cpu")
        samples = {name: [] for name in list(paths) + ["densescope_" + c for c in args.captures]}
        for _ in range(args.rounds):  # interleaved: every path once per round
            for capture in args.captures:
                r = run_bench(args.bench, variant, args.threads, capture, args.iterations, args.warmup)
                samples["densescope_" + capture].append(r["median_ms"])
            for name, fn in paths.items():
                samples[name].append(time_fn(fn, args.iterations, args.warmup))
        medians = {name: statistics.median(v) for name, v in samples.items()}
        rows.append((variant, medians))
        del paths
    ref = "traced_cl"
    cols = ["eager", "eager_cl", "traced_cl"] + ["densescope_" + c for c in args.captures]
    print(f"\nCPU latency, batch 1, 224x224, {args.threads} threads, median ms of {args.rounds} interleaved "
          f"rounds x {args.iterations} iterations (ratio = DenseScope / PyTorch traced+frozen+channels_last)")
    header = "| variant | " + " | ".join(cols) + " | " + " | ".join(f"ratio {c}" for c in args.captures) + " |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for variant, m in rows:
        ratios = [m["densescope_" + c] / m[ref] for c in args.captures]
        print(f"| {variant} | " + " | ".join(f"{m[c]:.1f}" for c in cols) + " | " +
              " | ".join(f"{r:.2f}x" for r in ratios) + " |")


def peak_rss_mb(cmd):
    """Peak resident set size of a command, from GNU time's 'Maximum resident set size' (kB)."""
    res = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {res.stderr[-2000:]}")
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr).group(1))
    return kb / 1024


PY_CLASSIFY = """
import sys, torch, torchvision
from PIL import Image
from torchvision import transforms
torch.set_num_threads({threads})
model = torchvision.models.densenet121()
model.load_state_dict(torch.load(sys.argv[1], map_location="cpu"))
model.eval()
t = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
                        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
x = t(Image.open(sys.argv[2]).convert("RGB")).unsqueeze(0)
with torch.inference_mode():
    p = torch.softmax(model(x)[0], 0)
print(torch.topk(p, 5))
"""


def memory_table(args):
    weights = args.weights
    tmp = tempfile.mkdtemp(prefix="densescope-bench-")
    if not weights:
        weights = os.path.join(tmp, "densenet121.pth")
        torch.save(torchvision.models.densenet121().state_dict(), weights)
    image = os.path.join(ROOT, "resources", "samples", "chelsea.png")
    script = os.path.join(tmp, "classify.py")
    with open(script, "w") as f:
        f.write(PY_CLASSIFY.format(threads=args.threads))
    ours, theirs = [], []
    for _ in range(args.rounds):
        ours.append(peak_rss_mb([args.cli, "classify", "--variant", "densenet121", "--weights", weights,
                                 "--device", "cpu", "--json", image]))
        theirs.append(peak_rss_mb([sys.executable, script, weights, image]))
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"\nPeak RSS, densenet121 classify of one image (median of {args.rounds}, /usr/bin/time -v):")
    print("| program | peak RSS MB |\n|---|---|")
    print(f"| densescope-cli classify | {o:.1f} |\n| torchvision script | {t:.1f} |\n| ratio | {o / t:.3f}x |")


def gpu_table(args):
    sync = torch.cuda.synchronize
    rows = []
    for variant in args.variants:
        fn = torch_paths(variant, "cuda")["eager"]
        eager, ours = [], {p: [] for p in ("fp32", "fp16", "bf16")}
        extra = {}
        for _ in range(args.rounds):
            eager.append(time_fn(fn, args.iterations, args.warmup, sync))
            for p in ours:
                r = run_bench(args.bench, variant, args.threads, "layers", args.iterations, args.warmup, "cuda", p)
                ours[p].append(r["median_ms"])
                extra[p] = r
        e = statistics.median(eager)
        rows.append((variant, e, {p: statistics.median(v) for p, v in ours.items()}, extra))
    print(f"\nGPU latency ({torch.cuda.get_device_name()}), batch 1, 224x224, median ms; DenseScope with "
          "--capture layers; ratio = DenseScope / PyTorch eager fp32")
    print("| variant | PyTorch eager fp32 | fp32 | fp16 | bf16 | ratio fp32 | ratio fp16 | ratio bf16 | "
          "fp16 top-1 agree / max logit diff | bf16 top-1 agree / max logit diff |")
    print("|" + "---|" * 10)
    for variant, e, m, extra in rows:
        agree = [f"{extra[p].get('top1_agreement', 1):.2f} / {extra[p].get('max_logit_diff', 0):.3g}"
                 for p in ("fp16", "bf16")]
        print(f"| {variant} | {e:.2f} | " + " | ".join(f"{m[p]:.2f}" for p in m) + " | " +
              " | ".join(f"{m[p] / e:.2f}x" for p in m) + " | " + " | ".join(agree) + " |")


def startup_table(args):
    """Time from process start to the window's first paint, from `densescope --startup-time`
    (under xvfb-run when there is no display), median of --rounds runs."""
    cmd = [args.app, "--startup-time"]
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + cmd
    env["DENSESCOPE_SETTINGS"] = os.path.join(tempfile.mkdtemp(prefix="densescope-bench-"), "s.ini")
    times = []
    for _ in range(args.rounds):
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
        m = re.search(r"window first painted (\d+) ms", res.stdout)
        if res.returncode != 0 or not m:
            raise RuntimeError(f"{' '.join(cmd)} failed: {res.stdout}{res.stderr[-2000:]}")
        times.append(int(m.group(1)))
    print(f"\nStartup, process start to first paint of the window (median of {args.rounds}): "
          f"{statistics.median(times):.0f} ms (runs: {', '.join(map(str, times))})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(ROOT, "build", "app", "densescope-bench"))
    ap.add_argument("--cli", default=None, help="densescope-cli (default: next to --bench)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--variants", default="densenet121,densenet161,densenet169,densenet201,densenet264")
    ap.add_argument("--captures", default="none,layers")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--memory", action="store_true", help="also compare peak RSS of densescope-cli classify")
    ap.add_argument("--weights", help="densenet121 .pth for --memory (default: a random one made here)")
    ap.add_argument("--gpu", choices=["auto", "on", "off"], default="auto")
    ap.add_argument("--skip-cpu", action="store_true")
    ap.add_argument("--startup", action="store_true", help="also time the app's window to first paint")
    ap.add_argument("--app", default=None, help="densescope (default: next to --bench)")
    args = ap.parse_args()
    args.variants = args.variants.split(",")
    args.captures = args.captures.split(",")
    args.cli = args.cli or os.path.join(os.path.dirname(args.bench), "densescope-cli")
    args.app = args.app or os.path.join(os.path.dirname(args.bench), "densescope")
    if not os.access(args.bench, os.X_OK):
        sys.exit(f"{args.bench} is not an executable: build densescope-bench first or pass --bench PATH")

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"PyTorch {torch.__version__}, torchvision {torchvision.__version__}")
    if not args.skip_cpu:
        cpu_table(args)
    if args.memory:
        memory_table(args)
    if args.startup:
        startup_table(args)
    if args.gpu == "on" or (args.gpu == "auto" and torch.cuda.is_available()):
        gpu_table(args)


if __name__ == "__main__":
    main()
