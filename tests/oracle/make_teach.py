#!/usr/bin/env python3
"""Reference pooled features for teaching (densescope/teach.h), from torchvision with a hook.

Usage: make_teach.py FIXTURES_DIR   (needs oracle_models' tiny.pth, densenet121.pth, input256.png)

Writes FIXTURES_DIR/teach/<model>.pooled.npy: float32 [C], the input of the model's classifier
for input256.png, i.e. F.adaptive_avg_pool2d(F.relu(features(x)), 1).flatten(1), captured by a
forward pre-hook on `classifier` (so it is what torchvision's own forward computes), and
<model>.logits.npy: the classifier's output for it, to check the hook saw the classifier's input.
"""
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms
from torchvision.transforms import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MEAN, MODELS, STD  # noqa: E402


def main():
    fixtures = sys.argv[1]
    out_dir = os.path.join(fixtures, "teach")
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(2)
    image = Image.open(os.path.join(fixtures, "input256.png")).convert("RGB")
    x = transforms.Normalize(MEAN, STD)(F.center_crop(F.pil_to_tensor(image).float() / 255.0, [224, 224]))
    x = x.unsqueeze(0)
    for name, (k, blocks, init, bn) in MODELS.items():
        model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
        model.load_state_dict(torch.load(os.path.join(fixtures, f"{name}.pth")))
        model.eval()
        seen = {}
        model.classifier.register_forward_pre_hook(lambda m, inputs: seen.__setitem__("x", inputs[0].detach().clone()))
        with torch.no_grad():
            logits = model(x)
        pooled = seen["x"][0]
        # The hook's tensor is the classifier's input: its output reproduces the logits.
        assert torch.allclose(model.classifier(pooled.unsqueeze(0)), logits, atol=1e-5)
        np.save(os.path.join(out_dir, f"{name}.pooled.npy"), pooled.numpy().astype(np.float32))
        np.save(os.path.join(out_dir, f"{name}.logits.npy"), logits[0].numpy().astype(np.float32))


if __name__ == "__main__":
    main()
