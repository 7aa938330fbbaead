#!/usr/bin/env python3
"""Reference values for "top images per channel", from torchvision with forward hooks.

Usage: make_top_images.py FIXTURES_DIR   (needs oracle_models' tiny.pth and densenet121.pth)

Writes FIXTURES_DIR/top_images/*.png (a few images drawn with PIL: shapes, colours, noise,
one grayscale; sizes whose ImageNet eval transform is exact on 8-bit values: 256 on the
shorter side, or twice that) and FIXTURES_DIR/top_images.json:

  {"images": ["a_shapes.png", ...],
   "models": {"tiny": {"modules": {"features.pool0": {
       "channels": C, "height": H, "width": W,
       "max":    [[per channel] per image],          spatial maximum of A[c]
       "argmax": [[[y, x] per channel] per image],   first maximum, row-major
       "gap":    [[per channel] per image],          max minus the largest value elsewhere
       "boxes":  [{"channel": c, "y": y, "x": x, "box": [x0, y0, x1, y1], "deepest": bool}]}}},
   "cli": [{"model": "tiny", "layer": ..., "channel": c, "max": {"<image>": m}, "argmax": {...},
            "gap": {...}, "boxes": {"<image>": [x0, y0, x1, y1]}}]}

A is the module's output for the preprocessed image (Resize 256 + CenterCrop 224 on the 8-bit
tensor, as make_fixtures.py, then Normalize), captured by a forward hook.

The boxes are found independently of DenseScope's arithmetic: in a copy of the model whose
ReLUs are identities, whose max pool is an average pool of the same geometry (zero padding
counted), whose BatchNorms are identities and whose convolutions have positive weights (so no
gradient cancels), the box is the bounding box of the input pixels where d A[c, y, x] / d input
is nonzero: the receptive field of (y, x), clipped to the 224x224 input. "deepest" marks a
channel computed by the module's deepest path (a dense block's last layer's channels, and so
norm5's; every channel of other modules); a block's earlier channels see a part of that box.
"""
import copy
import json
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image, ImageDraw
from torchvision import transforms
from torchvision.transforms import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MEAN, MODELS  # noqa: E402

MODULES = {
    "tiny": ["features.relu0", "features.pool0", "features.denseblock1.denselayer2", "features.transition1",
             "features.denseblock2", "features.denseblock3.denselayer1", "features.norm5"],
    "densenet121": ["features.pool0", "features.denseblock1.denselayer3", "features.transition2",
                    "features.denseblock3.denselayer24", "features.norm5"],
}
# What tst_top_images runs through densescope-cli top-images (the ranking and each box).
CLI = [("tiny", "features.denseblock2.denselayer3", 5), ("densenet121", "features.norm5", 1000)]
STD = [0.229, 0.224, 0.225]


def draw_images(out_dir):
    rng = np.random.default_rng(7)
    specs = [("a_shapes.png", (256, 256)), ("b_wide.png", (320, 256)), ("c_tall.png", (256, 352)),
             ("d_big.png", (512, 512)), ("e_noise.png", (640, 512)), ("f_gray.png", (288, 256))]
    names = []
    for i, (name, (w, h)) in enumerate(specs):
        if name.startswith("e_"):
            # Smooth noise with a few sharp strokes.
            base = rng.integers(0, 256, (h // 32, w // 32, 3), dtype=np.uint8)
            img = Image.fromarray(base).resize((w, h), Image.BICUBIC)
        else:
            img = Image.new("RGB", (w, h), tuple(int(v) for v in rng.integers(0, 256, 3)))
        d = ImageDraw.Draw(img)
        for _ in range(6 + 2 * i):
            box = sorted(rng.integers(0, w, 2)), sorted(rng.integers(0, h, 2))
            xy = [int(box[0][0]), int(box[1][0]), int(box[0][1]) + 4, int(box[1][1]) + 4]
            colour = tuple(int(v) for v in rng.integers(0, 256, 3))
            kind = rng.integers(0, 4)
            if kind == 0:
                d.ellipse(xy, fill=colour)
            elif kind == 1:
                d.rectangle(xy, fill=colour, outline=(0, 0, 0))
            elif kind == 2:
                d.line(xy, fill=colour, width=int(rng.integers(2, 12)))
            else:
                d.polygon([(int(rng.integers(0, w)), int(rng.integers(0, h))) for _ in range(3)], fill=colour)
        if name.startswith("f_"):
            img = img.convert("L")
        img.save(os.path.join(out_dir, name))
        names.append(name)
    return names


def network_input(path):
    img = Image.open(path).convert("RGB")
    t = F.resize(F.pil_to_tensor(img), 256, interpolation=transforms.InterpolationMode.BILINEAR, antialias=True)
    return transforms.Normalize(MEAN, STD)(F.center_crop(t, [224, 224]).float() / 255.0)


def load_model(fixtures, name):
    k, blocks, init, bn = MODELS[name]
    model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
    model.load_state_dict(torch.load(os.path.join(fixtures, f"{name}.pth")))
    return model.eval()


def capture(model, x, modules):
    out = {}
    mods = dict(model.named_modules())
    # clone(): torchvision's in-place ReLUs would otherwise change a captured norm0/conv output.
    hooks = [mods[n].register_forward_hook(lambda m, i, o, n=n: out.__setitem__(n, o.detach().clone()))
             for n in modules]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return out


def peaks(a):
    """a: [N, C, H, W] -> max, argmax [y, x], gap (max minus the runner-up), per image per channel."""
    n, c, h, w = a.shape
    flat = a.reshape(n, c, h * w)
    mx, idx = flat.max(dim=2)  # torch: the first maximal index
    if h * w > 1:
        rest = flat.clone()
        rest.scatter_(2, idx.unsqueeze(2), float("-inf"))
        gap = mx - rest.max(dim=2).values
    else:
        gap = torch.full_like(mx, float("inf"))
    argmax = torch.stack([idx // w, idx % w], dim=2)
    return mx.tolist(), argmax.tolist(), [[g if np.isfinite(g) else 1e30 for g in row] for row in gap.tolist()]


def linear_copy(model):
    """The model as a positive linear network: what only the geometry decides survives."""
    lin = copy.deepcopy(model)

    def swap(parent):
        for child_name, child in parent.named_children():
            if isinstance(child, torch.nn.ReLU):
                setattr(parent, child_name, torch.nn.Identity())
            elif isinstance(child, torch.nn.MaxPool2d):
                setattr(parent, child_name, torch.nn.AvgPool2d(child.kernel_size, child.stride, child.padding))
            else:
                swap(child)

    swap(lin)
    with torch.no_grad():
        for m in lin.modules():
            if isinstance(m, torch.nn.Conv2d):
                fan_in = m.weight[0].numel()
                m.weight.copy_(torch.rand_like(m.weight) * 0.5 + 0.75).div_(fan_in)
            elif isinstance(m, torch.nn.BatchNorm2d):
                m.weight.fill_(1.0)
                m.bias.zero_()
                m.running_mean.zero_()
                m.running_var.fill_(1.0)
    return lin.eval()


class _Stop(Exception):
    pass


def boxes_of(lin, module, queries):
    """queries: [(channel, y, x)] -> [x0, y0, x1, y1] each, from the nonzero input gradient."""
    x = torch.zeros(1, 3, 224, 224, requires_grad=True)
    got = {}

    def hook(m, i, o):
        got["a"] = o
        raise _Stop()

    h = dict(lin.named_modules())[module].register_forward_hook(hook)
    try:
        lin(x)
    except _Stop:
        pass
    h.remove()
    a = got["a"]
    out = []
    for n, (c, y, xx) in enumerate(queries):
        (g,) = torch.autograd.grad(a[0, c, y, xx], x, retain_graph=n + 1 < len(queries))
        nz = g[0].abs().sum(dim=0) > 0
        rows = torch.nonzero(nz.any(dim=1)).flatten()
        cols = torch.nonzero(nz.any(dim=0)).flatten()
        out.append([int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1])
    return out


def deepest_from(module, channels, growth):
    """First channel computed by the module's deepest path."""
    last = module.split(".")[-1]
    if last.startswith("denseblock") or last == "norm5":
        return channels - growth
    return 0


def main():
    fixtures = sys.argv[1]
    torch.set_num_threads(2)
    torch.manual_seed(0)
    img_dir = os.path.join(fixtures, "top_images")
    os.makedirs(img_dir, exist_ok=True)
    names = draw_images(img_dir)
    x = torch.stack([network_input(os.path.join(img_dir, n)) for n in names])

    result = {"images": names, "models": {}, "cli": []}
    for name in MODULES:
        model = load_model(fixtures, name)
        growth = MODELS[name][0]
        maps = capture(model, x, MODULES[name])
        lin = linear_copy(model)
        modules = {}
        for module in MODULES[name]:
            a = maps[module]
            _, c, h, w = a.shape
            mx, argmax, gap = peaks(a)
            deep = deepest_from(module, c, growth)
            queries = [(c - 1, 0, 0), (c - 1, h // 2, w // 3), (c - 1, h - 1, w - 1), (c - 1, 1, w - 2)]
            if deep > 0:
                queries.append((0, h // 2, w // 3))
            boxes = boxes_of(lin, module, queries)
            modules[module] = {
                "channels": c, "height": h, "width": w, "max": mx, "argmax": argmax, "gap": gap,
                "boxes": [{"channel": q[0], "y": q[1], "x": q[2], "box": b, "deepest": q[0] >= deep}
                          for q, b in zip(queries, boxes)],
            }
        result["models"][name] = {"modules": modules}
        for model_name, layer, channel in CLI:
            if model_name != name:
                continue
            a = capture(model, x, [layer])[layer]
            mx, argmax, gap = peaks(a)
            queries = [(channel, *argmax[i][channel]) for i in range(len(names))]
            boxes = boxes_of(lin, layer, queries)
            result["cli"].append({"model": name, "layer": layer, "channel": channel,
                                  "max": {n: mx[i][channel] for i, n in enumerate(names)},
                                  "argmax": {n: argmax[i][channel] for i, n in enumerate(names)},
                                  "gap": {n: gap[i][channel] for i, n in enumerate(names)},
                                  "boxes": dict(zip(names, boxes))})
    with open(os.path.join(fixtures, "top_images.json"), "w") as f:
        json.dump(result, f)
    print("top-images references written to", fixtures)


if __name__ == "__main__":
    main()
