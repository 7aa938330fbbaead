#!/usr/bin/env python3
"""Reference numbers for the layer explanations, measured on torchvision's own DenseNet.

Usage: make_explanations.py OUT_DIR   (writes OUT_DIR/explanations.json)

For each model below, one 224x224 forward with hooks records, for every module DenseScope
can explain (the stem's four modules, each dense layer, dense block and transition, norm5 and
the classifier): the channels and spatial size that enter and leave it, its parameters
(sum of numel() over module.parameters()), and its multiply-accumulates, counted independently
of DenseScope from the shapes of the Conv2d / Linear modules inside it (output elements times
in_channels/groups times the kernel area; Linear: output elements times in_features). Dense
layers also record their convolutions' output channels (the bottleneck width and k), and
transitions the channels of their 1x1 convolution.
"""
import json
import os
import sys

import torch
import torchvision

MODELS = {
    "densenet121": dict(growth_rate=32, block_config=(6, 12, 24, 16), num_init_features=64),
    "densenet161": dict(growth_rate=48, block_config=(6, 12, 36, 24), num_init_features=96),
    "custom-k12": dict(growth_rate=12, block_config=(2, 3), num_init_features=24, bn_size=4),
}


def explained(name):
    """True for the module names DenseScope explains (its ModelSummary's layers)."""
    parts = name.split(".")
    if name == "classifier":
        return True
    if parts[0] != "features":
        return False
    if len(parts) == 2:
        return parts[1] in ("conv0", "norm0", "relu0", "pool0", "norm5") or \
            parts[1].startswith("denseblock") or parts[1].startswith("transition")
    return len(parts) == 3 and parts[2].startswith("denselayer")


def channels_and_size(x):
    """A dense layer's input is the list of earlier outputs: their channels add up."""
    if isinstance(x, (list, tuple)):
        return sum(t.shape[1] for t in x), x[0].shape[2], x[0].shape[3]
    if x.dim() == 2:
        return x.shape[1], 1, 1
    return x.shape[1], x.shape[2], x.shape[3]


def facts(kw):
    torch.manual_seed(0)
    model = torchvision.models.DenseNet(**kw).eval()
    modules = dict(model.named_modules())
    out = {}
    macs = {}

    def record(name):
        def hook(module, inputs, output):
            c_in, h_in, w_in = channels_and_size(inputs[0])
            c_out, h_out, w_out = channels_and_size(output)
            entry = {"in_channels": int(c_in), "in_height": int(h_in), "in_width": int(w_in),
                     "out_channels": int(c_out), "height": int(h_out), "width": int(w_out),
                     "parameters": sum(p.numel() for p in module.parameters())}
            if name.split(".")[-1].startswith("denselayer"):
                entry["bottleneck"] = module.conv1.out_channels
                entry["growth_rate"] = module.conv2.out_channels
            if name.split(".")[-1].startswith("transition"):
                entry["conv_out_channels"] = module.conv.out_channels
            out[name] = entry
        return hook

    def count(name):
        def hook(module, inputs, output):
            if isinstance(module, torch.nn.Conv2d):
                kh, kw_ = module.kernel_size
                n = output.numel() * (module.in_channels // module.groups) * kh * kw_
            else:
                n = output.numel() * module.in_features
            # Attribute the count to every enclosing module ("a.b.c" -> "a.b", "a").
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                macs[prefix] = macs.get(prefix, 0) + n
        return hook

    handles = []
    for name, m in modules.items():
        if explained(name):
            handles.append(m.register_forward_hook(record(name)))
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            handles.append(m.register_forward_hook(count(name)))
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    for h in handles:
        h.remove()
    for name, entry in out.items():
        entry["macs"] = macs.get(name, 0)
    return out


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    result = {}
    for name, kw in MODELS.items():
        result[name] = {"growth_rate": kw["growth_rate"], "block_config": list(kw["block_config"]),
                        "init_features": kw["num_init_features"], "bn_size": kw.get("bn_size", 4),
                        "modules": facts(kw)}
    with open(os.path.join(out_dir, "explanations.json"), "w") as f:
        json.dump(result, f, indent=1)
    print("explanations.json written to", out_dir)


if __name__ == "__main__":
    main()
