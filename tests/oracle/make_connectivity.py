#!/usr/bin/env python3
"""Reference numbers for the dense-connectivity heat map and for a map's statistics, from
torchvision's own DenseNet with the fixtures' weights (run after make_fixtures.py).

Usage: make_connectivity.py FIXTURES_DIR   (reads <model>.pth, configs.json, input256.npy;
writes connectivity.json and stats.<model>.<layer>.npy)

Heat map (DenseNet paper, Figure 5), from the torchvision state dict alone: for dense block b
with L layers, k0 input channels and growth rate k, target layer l = 1..L and source s = 0..l-1,
value = mean |W| over denselayer{l}.conv1.weight[:, slice(s)], slice(0) = [0, k0),
slice(s) = [k0 + (s-1)k, k0 + sk); one more target, transition{b}.conv.weight (or
classifier.weight for the last block) over sources 0..L; None where s does not feed the target.
Computed in float64.

Statistics: one forward of input256.npy with forward hooks (outputs cloned at once: torchvision
applies F.relu(inplace=True) to norm5's output after the hook). For each layer below, every
channel's mean, and for some channels: min, max, mean, population std, fraction <= 0 and
numpy.histogram(values as float64, bins, range=(min, max)) with its edges. `near_edge` counts
the values within the layer's `tolerance` of an interior bin edge: the only values whose bin may differ
when the same map is computed by another implementation (float32 results that differ in the
last bits).
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision

STAT_LAYERS = {
    "tiny": ["features.pool0", "features.denseblock2.denselayer3", "features.transition1", "features.norm5"],
    "densenet121": ["features.denseblock1.denselayer6", "features.denseblock3.denselayer24", "features.norm5"],
}
BINS = [64, 7]
# Per layer, EDGE_TOLERANCE times the layer's largest |value|: at least twice the difference
# between DenseScope's float32 maps and these (tst_connectivity checks that it is).
EDGE_TOLERANCE = 2e-5


def load_model(out_dir, name, cfg):
    model = torchvision.models.DenseNet(growth_rate=cfg["growth_rate"], block_config=tuple(cfg["block_config"]),
                                        num_init_features=cfg["init_features"], bn_size=cfg["bn_size"])
    model.load_state_dict(torch.load(os.path.join(out_dir, f"{name}.pth")))
    return model.eval()


def connectivity(sd, cfg):
    k, k0 = cfg["growth_rate"], cfg["init_features"]
    blocks = []
    n_blocks = len(cfg["block_config"])
    for b, n_layers in enumerate(cfg["block_config"], start=1):
        slices = [(0, k0)] + [(k0 + (s - 1) * k, k) for s in range(1, n_layers + 1)]

        def row(weight, count):
            w = np.abs(weight.detach().double().numpy())
            return [float(w[:, first:first + n].mean()) if s < count else None
                    for s, (first, n) in enumerate(slices)]

        targets, values = [], []
        for l in range(1, n_layers + 1):
            targets.append(f"denselayer{l}")
            values.append(row(sd[f"features.denseblock{b}.denselayer{l}.conv1.weight"], l))
        if b < n_blocks:
            targets.append(f"transition{b}")
            values.append(row(sd[f"features.transition{b}.conv.weight"], n_layers + 1))
            k0_next = int(sd[f"features.transition{b}.conv.weight"].shape[0])
        else:
            targets.append("classifier")
            values.append(row(sd["classifier.weight"], n_layers + 1))
        blocks.append({"name": f"features.denseblock{b}",
                       "sources": ["input"] + [f"denselayer{s}" for s in range(1, n_layers + 1)],
                       "targets": targets, "values": values,
                       "source_channels": [list(x) for x in slices]})
        if b < n_blocks:
            k0 = k0_next
    return blocks


def channel_stats(values, tolerance):
    v = values.astype(np.float64).ravel()
    lo, hi = float(values.min()), float(values.max())
    out = {"min": lo, "max": hi, "mean": float(v.mean()), "std": float(v.std()),
           "fraction_nonpositive": float((values <= 0).mean()), "histograms": {}}
    for bins in BINS:
        counts, edges = np.histogram(v, bins=bins, range=(lo, hi))
        inner = edges[1:-1]
        near = int((np.abs(v[:, None] - inner[None, :]) <= tolerance).any(axis=1).sum()) if bins > 1 else 0
        out["histograms"][str(bins)] = {"counts": [int(c) for c in counts], "edges": [float(e) for e in edges],
                                        "near_edge": near}
    return out


def main():
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    with open(os.path.join(out_dir, "configs.json")) as f:
        configs = json.load(f)
    x = torch.from_numpy(np.load(os.path.join(out_dir, "input256.npy"))).unsqueeze(0)
    result = {}
    for name, layers in STAT_LAYERS.items():
        cfg = configs[name]
        model = load_model(out_dir, name, cfg)
        entry = {"blocks": connectivity(model.state_dict(), cfg), "statistics": {}}
        mods = dict(model.named_modules())
        maps = {}
        hooks = [mods[n].register_forward_hook(lambda m, i, o, n=n: maps.__setitem__(n, o.detach().clone()))
                 for n in layers]
        with torch.no_grad():
            model(x)
        for h in hooks:
            h.remove()
        for layer in layers:
            a = maps[layer][0].numpy().astype(np.float32)
            np.save(os.path.join(out_dir, f"stats.{name}.{layer}.npy"), np.ascontiguousarray(a))
            c = a.shape[0]
            picks = sorted({0, 1, c // 2, c - 1})
            tolerance = EDGE_TOLERANCE * max(1.0, float(np.abs(a).max()))
            entry["statistics"][layer] = {
                "shape": list(a.shape),
                "tolerance": tolerance,
                "channel_means": [float(m) for m in a.astype(np.float64).reshape(c, -1).mean(axis=1)],
                "channels": {str(ch): channel_stats(a[ch], tolerance) for ch in picks},
            }
        result[name] = entry
    with open(os.path.join(out_dir, "connectivity.json"), "w") as f:
        json.dump(result, f, indent=0)


if __name__ == "__main__":
    main()
