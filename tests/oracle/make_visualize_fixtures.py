#!/usr/bin/env python3
"""Weights for the feature-visualisation tests, made from make_fixtures.py's models.

Usage: make_visualize_fixtures.py FIXTURES_DIR

make_fixtures.py calibrates the BatchNorm statistics on white noise. Its max-pooled stem output
is then far above what a nearly uniform image gives, so for the nearly grey starting image of
feature visualisation every ReLU of the first dense layers is off and the gradient is exactly
zero everywhere (torchvision agrees): no ascent can start, whatever the method. This script
takes the same weights (MODEL.pth) and recalibrates only the BatchNorm statistics on smooth
random images around grey, ImageNet-normalised, as photographs look to the network, and writes
MODEL.viz.pth for MODEL in tiny, densenet121.
"""
import os
import sys

import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MEAN, MODELS, STD  # noqa: E402


def smooth_images(n, size, generator):
    """Random colour fields: 4x4 uniform [0, 1] upsampled; normalised."""
    coarse = torch.rand(n, 3, 4, 4, generator=generator)
    x = F.interpolate(coarse, size=(size, size), mode="bilinear", align_corners=False)
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def main():
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    generator = torch.Generator().manual_seed(2026)
    for name, (k, blocks, init, bn) in MODELS.items():
        model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
        model.load_state_dict(torch.load(os.path.join(out_dir, name + ".pth"), map_location="cpu"))
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.momentum = None  # cumulative average over the calibration batches
                m.reset_running_stats()
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(smooth_images(4, 96, generator))
        model.eval()
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.momentum = 0.1
                # Half a standard deviation more on: a near-uniform image, below the pooled
                # statistics of any varied one, still reaches the later layers.
                m.running_mean.sub_(0.5 * m.running_var.sqrt())
        torch.save(model.state_dict(), os.path.join(out_dir, name + ".viz.pth"))
    print("visualisation weights written to", out_dir)


if __name__ == "__main__":
    main()
