#!/usr/bin/env python3
"""Reference class activation maps from torchvision's own DenseNet, made during the test run.

Usage: make_cams.py FIXTURE_DIR   (needs oracle_models' tiny.pth, densenet121.pth, input256.npy)

For each model, the fixture input (input256.npy), the top-1 class and class 281 ("tabby"), and
each module below: one forward with a forward hook on that module and one backward.

The hook takes A = the module's output exactly as the module computed it, as a fresh leaf
(detached copy that requires grad), and lets the network go on from a *copy* of A: torchvision
applies the final ReLU in place to norm5's output (F.relu(features, inplace=True)) and relu0 is
in place too, which would otherwise change the captured A (the bug of many CAM scripts). Then
g = d logit[class] / dA by torch.autograd.grad. The three methods, in float64 numpy on A and g:

  Grad-CAM:   w_c = mean_ij g_c;                                      CAM = ReLU(sum_c w_c A_c)
  Grad-CAM++: a = g^2 / (2 g^2 + (sum_ij A_c) g^3 + 1e-6), 0 where g = 0;
              w_c = sum_ij ReLU(g_c) a_c;                             CAM = ReLU(sum_c w_c A_c)
  LayerCAM:   CAM = ReLU(sum_c ReLU(g_c) A_c)

(as pytorch-grad-cam computes them). Writes <model>.cam.<method>.<layer>.<class>.npy (float32
[H, W], raw) and cams.json: {model: {"top1", "classes", "layers", "methods",
"probabilities": {class: softmax probability}}}.
"""
import json
import os
import sys

# As DenseScope's engine does (engine.cpp, singleThreadedBlas): BLAS in the calling thread, so
# the small convolutions' GEMMs sum in the same order. Grad-CAM++'s g^3 terms make it sensitive
# enough that OpenBLAS's multi-threaded split alone moves some maps by 1e-4 of their maximum.
# Set before torch loads OpenBLAS, which reads it once.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MODELS  # noqa: E402

LAYERS = {
    # The app's strip for tiny (pool0, each block, each transition) and more kinds of module.
    "tiny": ["features.conv0", "features.pool0", "features.denseblock1", "features.denseblock1.denselayer2",
             "features.transition1", "features.denseblock2", "features.transition2",
             "features.denseblock3", "features.denseblock3.denselayer1", "features.norm5"],
    "densenet121": ["features.pool0", "features.denseblock2.denselayer5", "features.transition2",
                    "features.denseblock3", "features.denseblock4.denselayer16", "features.norm5"],
}
OTHER_CLASS = 281  # "tabby": also looked up by label in the tests
METHODS = ["gradcam", "gradcampp", "layercam"]


def cams(a, g):
    """The three CAMs from A and g ([C, H, W] numpy float32), in float64."""
    a = a.astype(np.float64)
    g = g.astype(np.float64)
    relu = lambda t: np.maximum(t, 0.0)  # noqa: E731
    out = {}
    w = g.mean(axis=(1, 2), keepdims=True)
    out["gradcam"] = relu((w * a).sum(axis=0))
    g2 = g * g
    g3 = g2 * g
    sum_a = a.sum(axis=(1, 2), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = g2 / (2.0 * g2 + sum_a * g3 + 1e-6)
    alpha = np.where(g != 0, alpha, 0.0)
    w = (relu(g) * alpha).sum(axis=(1, 2), keepdims=True)
    out["gradcampp"] = relu((w * a).sum(axis=0))
    out["layercam"] = relu((relu(g) * a).sum(axis=0))
    return out


def activation_and_gradient(model, x, layer, cls):
    module = dict(model.named_modules())[layer]
    store = {}

    def hook(mod, inputs, output):
        a = output.detach().clone().requires_grad_(True)
        store["a"] = a
        return a.clone()  # what the network goes on with; in-place ReLUs change this copy only

    handle = module.register_forward_hook(hook)
    try:
        logits = model(x)
    finally:
        handle.remove()
    (g,) = torch.autograd.grad(logits[0, cls], store["a"])
    return logits.detach(), store["a"].detach()[0].numpy(), g[0].numpy()


def main():
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    x = torch.from_numpy(np.load(os.path.join(out_dir, "input256.npy"))).unsqueeze(0)
    index = {}
    for name, (k, blocks, init, bn) in MODELS.items():
        model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init,
                                            bn_size=bn)
        model.load_state_dict(torch.load(os.path.join(out_dir, f"{name}.pth")))
        model.eval()
        for p in model.parameters():
            p.requires_grad_(False)
        with torch.no_grad():
            logits = model(x)[0]
        probs = torch.softmax(logits.double(), 0)
        top1 = int(torch.argmax(logits))
        classes = [top1, OTHER_CLASS] if top1 != OTHER_CLASS else [top1, OTHER_CLASS + 1]
        for layer in LAYERS[name]:
            for cls in classes:
                _, a, g = activation_and_gradient(model, x, layer, cls)
                for method, cam in cams(a, g).items():
                    np.save(os.path.join(out_dir, f"{name}.cam.{method}.{layer}.{cls}.npy"),
                            cam.astype(np.float32))
        index[name] = {"top1": top1, "classes": classes, "layers": LAYERS[name], "methods": METHODS,
                       "probabilities": {str(c): float(probs[c]) for c in classes}}
    with open(os.path.join(out_dir, "cams.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main()
