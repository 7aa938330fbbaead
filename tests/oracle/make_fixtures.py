#!/usr/bin/env python3
"""Reference fixtures from torchvision, made during the test run (nothing large is committed).

Usage: make_fixtures.py OUT_DIR

For a tiny custom DenseNet and for densenet121, with randomised weights AND randomised
BatchNorm statistics (calibrated on random data so activations stay well scaled):
  <model>.pth / <model>.legacy.pth / <model>.safetensors   the same weights in three formats
  <model>.logits.npy                                        logits for input256.png  [1000]
  <model>.maps.<layer>.npy                                  feature maps for it       [C, H, W]
  <model>.resized.logits.npy                                logits for resized.png (Resize+Crop path)
  <model>.keys.json                                         state-dict keys in order
plus input256.png (256x256, exact path), resized.png (non-square, needs resizing) with
input256.npy / resized.npy (the normalised [3,224,224] network inputs), summaries.json
(parameter counts of presets and custom configs) and configs.json.
"""
import copy
from collections import OrderedDict
import json
import os
import sys

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms
from torchvision.transforms import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import formats  # noqa: E402

MODELS = {
    # name: (growth_rate, block_config, num_init_features, bn_size)
    "tiny": (8, (2, 3, 2), 16, 2),
    "densenet121": (32, (6, 12, 24, 16), 64, 4),
}
MAP_LAYERS = {
    "tiny": ["features.conv0", "features.norm0", "features.relu0", "features.pool0", "features.denseblock1",
             "features.denseblock1.denselayer1", "features.denseblock2.denselayer3", "features.transition1",
             "features.denseblock3", "features.norm5"],
    "densenet121": ["features.conv0", "features.pool0", "features.denseblock1.denselayer6",
                    "features.denseblock2", "features.transition2", "features.denseblock3.denselayer24",
                    "features.denseblock4", "features.norm5"],
}
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def make_model(name, seed):
    k, blocks, init, bn = MODELS[name]
    torch.manual_seed(seed)
    model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.1)
                m.momentum = None  # cumulative average over the calibration batches
                m.reset_running_stats()
        model.classifier.bias.normal_(0.0, 0.1)
        # Random but data-dependent running statistics: a loader that drops buffers fails.
        model.train()
        for _ in range(2):
            model(torch.randn(4, 3, 96, 96) * 0.8)
        model.eval()
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.add_(torch.randn_like(m.running_mean) * 0.05)
                m.running_var.mul_(torch.empty_like(m.running_var).uniform_(0.8, 1.25))
                m.momentum = 0.1
    return model


def maps_of(model, x, layers):
    out = {}
    mods = dict(model.named_modules())
    hooks = [mods[n].register_forward_hook(lambda m, i, o, n=n: out.__setitem__(n, o.detach().clone()))
             for n in layers]
    logits = model(x)
    for h in hooks:
        h.remove()
    return logits, out


def save_npy(path, t):
    np.save(path, np.ascontiguousarray(t.detach().cpu().numpy().astype(np.float32)))


def check_legacy_with_torchvision(model, path):
    """The legacy file must be what torchvision's own loader of the 2017 files reads (its key
    rename, torchvision.models.densenet._load_state_dict), so the fixture's key names do not
    rest on our own copy of the rule."""
    from torchvision.models.densenet import _load_state_dict

    class File:
        def get_state_dict(self, progress):
            return torch.load(path)

    # The rename itself, key by key, as torchvision does it: a stand-in model records the names
    # torchvision passes on (tests/weights_test_util.h maps legacy names with it).
    legacy = torch.load(path)
    marked = OrderedDict((k, torch.tensor(i)) for i, k in enumerate(legacy))

    class Recorder:
        def load_state_dict(self, state_dict):
            self.renamed = {list(legacy)[int(v)]: k for k, v in state_dict.items()}

    class Marked:
        def get_state_dict(self, progress):
            return marked

    recorder = Recorder()
    _load_state_dict(recorder, Marked(), False)
    with open(path.replace(".legacy.pth", ".legacy_keys.json"), "w") as f:
        json.dump(recorder.renamed, f, indent=0)

    fresh = copy.deepcopy(model)
    for p in fresh.parameters():
        torch.nn.init.zeros_(p)
    _load_state_dict(fresh, File(), False)
    for (k, a), b in zip(model.state_dict().items(), fresh.state_dict().values()):
        if not k.endswith("num_batches_tracked") and not torch.equal(a, b):
            raise SystemExit(f"{path}: torchvision reads {k} differently")


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(2)
    samples = os.path.join(os.path.dirname(__file__), "..", "..", "resources", "samples")
    cat = Image.open(os.path.join(samples, "chelsea.png")).convert("RGB")
    exact = cat.resize((256, 256), Image.BILINEAR)
    exact.save(os.path.join(out_dir, "input256.png"))
    rocket = Image.open(os.path.join(samples, "rocket.jpg")).convert("RGB")
    rocket.save(os.path.join(out_dir, "resized.png"))

    norm = transforms.Normalize(MEAN, STD)
    x_exact = norm(F.center_crop(F.pil_to_tensor(exact).float() / 255.0, [224, 224])).unsqueeze(0)
    # torchvision's eval transform on a uint8 tensor: antialiased bilinear Resize(256) (rounded back
    # to uint8, as torchvision does for uint8 input), CenterCrop(224), scale, Normalize.
    r = F.resize(F.pil_to_tensor(rocket), 256, interpolation=transforms.InterpolationMode.BILINEAR, antialias=True)
    x_resized = norm(F.center_crop(r, [224, 224]).float() / 255.0).unsqueeze(0)
    save_npy(os.path.join(out_dir, "input256.npy"), x_exact[0])
    save_npy(os.path.join(out_dir, "resized.npy"), x_resized[0])

    configs = {}
    for seed, name in enumerate(MODELS):
        model = make_model(name, seed + 1)
        sd = model.state_dict()
        formats.save_zip(sd, os.path.join(out_dir, f"{name}.pth"))
        formats.save_legacy(sd, os.path.join(out_dir, f"{name}.legacy.pth"))
        check_legacy_with_torchvision(model, os.path.join(out_dir, f"{name}.legacy.pth"))
        formats.save_safetensors(sd, os.path.join(out_dir, f"{name}.safetensors"))
        with open(os.path.join(out_dir, f"{name}.keys.json"), "w") as f:
            json.dump(list(sd.keys()), f)
        with torch.no_grad():
            logits, maps = maps_of(model, x_exact, MAP_LAYERS[name])
            save_npy(os.path.join(out_dir, f"{name}.logits.npy"), logits[0])
            for layer, t in maps.items():
                save_npy(os.path.join(out_dir, f"{name}.maps.{layer}.npy"), t[0])
            save_npy(os.path.join(out_dir, f"{name}.resized.logits.npy"), model(x_resized)[0])
        k, blocks, init, bn = MODELS[name]
        configs[name] = {"growth_rate": k, "block_config": list(blocks), "init_features": init, "bn_size": bn,
                         "layers": MAP_LAYERS[name]}
    with open(os.path.join(out_dir, "configs.json"), "w") as f:
        json.dump(configs, f, indent=1)

    summaries = {}
    customs = {
        "densenet121": dict(growth_rate=32, block_config=(6, 12, 24, 16), num_init_features=64),
        "densenet161": dict(growth_rate=48, block_config=(6, 12, 36, 24), num_init_features=96),
        "densenet169": dict(growth_rate=32, block_config=(6, 12, 32, 32), num_init_features=64),
        "densenet201": dict(growth_rate=32, block_config=(6, 12, 48, 32), num_init_features=64),
        "densenet264": dict(growth_rate=32, block_config=(6, 12, 64, 48), num_init_features=64),
        "k48-264": dict(growth_rate=48, block_config=(6, 12, 64, 48), num_init_features=96),
        "k12-bc": dict(growth_rate=12, block_config=(16, 16, 16), num_init_features=24, bn_size=4),
        "k8-2-3": dict(growth_rate=8, block_config=(2, 3), num_init_features=16, bn_size=2, num_classes=10),
        "k24-odd": dict(growth_rate=24, block_config=(3, 5, 7, 9, 11), num_init_features=48, bn_size=3,
                        num_classes=37),
    }
    def count_macs(model):
        # Multiply-accumulates of every Conv2d and Linear for one 224x224 image, from forward
        # hooks on torchvision's own modules (BatchNorm, ReLU and pooling are not counted).
        total = [0]

        def hook(module, inputs, output):
            if isinstance(module, torch.nn.Conv2d):
                kh, kw = module.kernel_size
                total[0] += output.numel() * (module.in_channels // module.groups) * kh * kw
            elif isinstance(module, torch.nn.Linear):
                total[0] += output.numel() * module.in_features

        handles = [m.register_forward_hook(hook) for m in model.modules()
                   if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
        with torch.no_grad():
            model.eval()(torch.zeros(1, 3, 224, 224))
        for h in handles:
            h.remove()
        return total[0]

    for name, kw in customs.items():
        m = torchvision.models.DenseNet(**kw)
        summaries[name] = {"growth_rate": kw["growth_rate"], "block_config": list(kw["block_config"]),
                           "init_features": kw["num_init_features"], "bn_size": kw.get("bn_size", 4),
                           "num_classes": kw.get("num_classes", 1000),
                           "parameters": sum(p.numel() for p in m.parameters()),
                           "macs": count_macs(m)}
    with open(os.path.join(out_dir, "summaries.json"), "w") as f:
        json.dump(summaries, f, indent=1)
    # The official ImageNet weights as torchvision names them (the torch hub file names and URLs).
    hub = {}
    for variant in ("densenet121", "densenet161", "densenet169", "densenet201"):
        weights = torchvision.models.get_model_weights(variant).IMAGENET1K_V1
        hub[variant] = weights.url
    with open(os.path.join(out_dir, "hub_weights.json"), "w") as f:
        json.dump(hub, f, indent=1)
    # matplotlib's colormaps, 256 entries each as 0..255 RGB: the reference for the app's tables.
    from matplotlib import cm
    colormaps = {}
    for name in ("viridis", "inferno", "magma", "gray", "RdBu_r"):
        cmap = cm.get_cmap(name)
        colormaps[name] = [[round(c * 255) for c in cmap(i / 255.0)[:3]] for i in range(256)]
    with open(os.path.join(out_dir, "colormaps.json"), "w") as f:
        json.dump(colormaps, f)
    print("fixtures written to", out_dir)


if __name__ == "__main__":
    main()
