#!/usr/bin/env python3
"""The numbers the built-in lesson's notes quote, measured on torchvision's own DenseNets.

Usage: make_lesson_numbers.py OUT_DIR   (writes OUT_DIR/lesson_numbers.json)

For densenet121 and densenet169 (random weights: only shapes and counts are read), one
224x224 forward with hooks records the channels and spatial size entering and leaving each
dense block and transition, the channels of the stem (pool0) and of norm5, the width of a
dense layer's bottleneck (conv1's output channels) and its growth (conv2's), the compression
(transition conv channels / channels in), the parameter count (sum of numel() over
parameters()) and the number of layers with weights (Conv2d and Linear modules: the "121" of
DenseNet-121). About 3 s of CPU.
"""
import json
import os
import sys

import torch
import torchvision


def numbers(name):
    model = getattr(torchvision.models, name)(weights=None).eval()
    shapes = {}

    def hook(module_name):
        def record(module, inputs, output):
            x = inputs[0]
            shapes[module_name] = dict(in_channels=int(x.shape[1]), in_size=int(x.shape[2]),
                                       out_channels=int(output.shape[1]),
                                       out_size=int(output.shape[2]))
        return record

    for module_name, module in model.named_modules():
        parts = module_name.split(".")
        if len(parts) == 2 and (parts[1].startswith("denseblock") or
                                parts[1].startswith("transition") or
                                parts[1] in ("pool0", "norm5")):
            module.register_forward_hook(hook(module_name))
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    blocks = sorted(k for k in shapes if ".denseblock" in k)
    transitions = sorted(k for k in shapes if ".transition" in k)
    layer = model.features.denseblock1.denselayer1
    return dict(
        parameters=sum(p.numel() for p in model.parameters()),
        weighted_layers=sum(1 for m in model.modules()
                            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))),
        growth_rate=layer.conv2.out_channels,
        bottleneck=layer.conv1.out_channels,
        stem_channels=shapes["features.pool0"]["out_channels"],
        stem_size=shapes["features.pool0"]["out_size"],
        final_channels=shapes["features.norm5"]["out_channels"],
        classes=model.classifier.out_features,
        layers_per_block=[len(list(getattr(model.features, b.split(".")[1]).children()))
                          for b in blocks],
        block_in=[shapes[b]["in_channels"] for b in blocks],
        block_out=[shapes[b]["out_channels"] for b in blocks],
        block_size=[shapes[b]["out_size"] for b in blocks],
        transition_out=[shapes[t]["out_channels"] for t in transitions],
        compression=model.features.transition1.conv.out_channels /
        model.features.transition1.conv.in_channels,
    )


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    result = {name: numbers(name) for name in ("densenet121", "densenet169")}
    with open(os.path.join(out, "lesson_numbers.json"), "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
