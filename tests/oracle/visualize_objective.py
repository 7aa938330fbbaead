#!/usr/bin/env python3
"""The feature-visualisation objective of a saved PNG, from torchvision with a forward hook.

Usage: visualize_objective.py WEIGHTS.pth MODEL LAYER CHANNEL IMAGE.png

MODEL is a fixture model of make_fixtures.py ("tiny" or "densenet121"), WEIGHTS its state dict
(MODEL.pth, or MODEL.viz.pth of make_visualize_fixtures.py). IMAGE is read with PIL as RGB, unresized (it must be 224x224), through
ToTensor + Normalize(ImageNet), and the printed number is the mean of output channel CHANNEL of
module LAYER (torchvision's name), taken inside the hook (before any in-place ReLU after it).
Prints JSON: {"objective": x, "channels": C}.
"""
import json
import os
import sys

import torch
import torchvision
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MEAN, MODELS, STD  # noqa: E402


def main():
    weights, model_name, layer, channel, image_path = sys.argv[1:6]
    channel = int(channel)
    torch.set_num_threads(2)
    k, blocks, init, bn = MODELS[model_name]
    model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
    model.load_state_dict(torch.load(weights, map_location="cpu"))
    model.eval()
    image = Image.open(image_path).convert("RGB")
    assert image.size == (224, 224), image.size
    x = transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])(image).unsqueeze(0)
    seen = {}

    def hook(module, inputs, output):
        seen["objective"] = output[0, channel].mean().item()
        seen["channels"] = output.shape[1]

    dict(model.named_modules())[layer].register_forward_hook(hook)
    with torch.no_grad():
        model(x)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
