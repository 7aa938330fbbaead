#!/usr/bin/env python3
"""Reference maps for the CAM methods beyond Grad-CAM/Grad-CAM++/LayerCAM, from torchvision's
own DenseNet with hooks, written from issue 21's definitions (not from DenseScope's code).

Usage: make_cam_methods.py FIXTURE_DIR   (needs oracle_models' tiny.pth, densenet121.pth,
input256.npy)

A (C x H x W) is the module's output exactly as computed (a forward hook takes a detached
copy; the network goes on from another copy, so torchvision's in-place ReLUs change nothing
that is kept), g = d y / d A with y the class's logit, x the normalised input. Each map is
written at the module's resolution after a final ReLU, in float64 numpy:

  hirescam            ReLU(sum_k g_k A_k)
  gradcamelementwise  ReLU(sum_k ReLU(g_k A_k))
  xgradcam            w_k = sum_ij g A / (sum_ij A + 1e-7);            ReLU(sum_k w_k A_k)
  eigencam            HW x C matrix of A, columns centred; p = M v1 (first right-singular
                      vector); p = -p when |min p| > |max p|; ReLU(p)
  eigengradcam        the same on g * A
  scorecam            masks: A_k upsampled to 224 x 224 by torch.nn.UpsamplingBilinear2d,
                      (U - min U) / (max U - min U + 1e-8); s_k = y(x * mask); w = softmax(s)
  ablationcam         y_k = y with channel k of A zeroed (a forward hook replaces the module's
                      output by the ablated copy, so the network before it computes the same
                      A); w_k = (y - y_k) / y
  fem                 w_k = share of positions with A_k > mean_k + 2 std_k (population)
  <method>+eigensmooth  the channel sum of the weighted activations (w_k A_k; g A for
                      hirescam; ReLU(g A) for gradcamelementwise; ReLU(g) A for layercam)
                      replaced by the eigencam projection of them (same sign rule, ReLU)

Writes <model>.cammethod.<method>.<layer>.<class>.npy (float32 [H, W]) and cam_methods.json:
{model: {"class", "cases": [[method, layer], ...]}}.
"""
import json
import os
import sys

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # as make_cams.py: BLAS sums in one order

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torchvision  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MODELS  # noqa: E402

GRADIENT = ["hirescam", "gradcamelementwise", "xgradcam", "eigencam", "eigengradcam", "fem"]
SMOOTHED = ["gradcam", "layercam", "hirescam", "gradcamelementwise", "fem"]
PERTURBATION = ["scorecam", "ablationcam"]
CASES = {
    "tiny": {
        "features.denseblock2": GRADIENT + PERTURBATION + [m + "+eigensmooth" for m in SMOOTHED + PERTURBATION],
        "features.transition2": GRADIENT + PERTURBATION,
        "features.denseblock3.denselayer1": GRADIENT + PERTURBATION,
        "features.norm5": GRADIENT + PERTURBATION,
        # Ablation-CAM continues the network from each kind of module (stem, a block's first
        # layer, a transition).
        "features.conv0": ["ablationcam"],
        "features.norm0": ["ablationcam"],
        "features.relu0": ["ablationcam"],
        "features.pool0": ["ablationcam"],
        "features.denseblock1.denselayer1": ["ablationcam"],
        "features.transition1": ["ablationcam"],
    },
    "densenet121": {
        # Score-CAM's 32 whole forwards cost too much here: tiny checks it.
        "features.transition2": GRADIENT + ["gradcam+eigensmooth"],
        "features.denseblock4.denselayer16": ["eigengradcam", "ablationcam"],
    },
}
BATCH = 32


def relu(t):
    return np.maximum(t, 0.0)


def projection(chw):
    c = chw.shape[0]
    m = chw.reshape(c, -1).T.astype(np.float64)
    m = m - m.mean(axis=0, keepdims=True)
    if not np.abs(m).max():
        return np.zeros(chw.shape[1:])
    _, _, vt = np.linalg.svd(m, full_matrices=False)
    p = m @ vt[0]
    if abs(p.min()) > abs(p.max()):
        p = -p
    return relu(p).reshape(chw.shape[1:])


def capture(model, x, layer, cls, replace=None):
    """Logits of x; A (the module's output) and, for cls, g. replace(A) -> what goes on."""
    module = dict(model.named_modules())[layer]
    store = {}

    def hook(mod, inputs, output):
        a = output.detach().clone().requires_grad_(cls is not None)
        store["a"] = a
        return replace(a.detach()) if replace else a.clone()

    handle = module.register_forward_hook(hook)
    try:
        with torch.set_grad_enabled(cls is not None):
            logits = model(x)
    finally:
        handle.remove()
    g = None
    if cls is not None:
        (g,) = torch.autograd.grad(logits[0, cls], store["a"])
        g = g[0].double().numpy()
    return logits.detach(), store["a"].detach()[0], g


def score_weights(model, x, a, cls):
    masks = torch.nn.UpsamplingBilinear2d(size=(224, 224))(a.unsqueeze(1))  # [C, 1, 224, 224]
    flat = masks.flatten(1)
    lo = flat.min(1).values.view(-1, 1, 1, 1)
    hi = flat.max(1).values.view(-1, 1, 1, 1)
    masks = (masks - lo) / (hi - lo + 1e-8)
    scores = []
    with torch.no_grad():
        for i in range(0, masks.shape[0], BATCH):
            scores.append(model(x * masks[i:i + BATCH])[:, cls].double())
    return torch.softmax(torch.cat(scores), 0).numpy()


def ablation_weights(model, x, layer, a, cls, y):
    c = a.shape[0]
    ys = []
    for i in range(0, c, BATCH):
        n = min(BATCH, c - i)

        def ablate(out, i=i, n=n):
            copies = out.expand(n, *out.shape[1:]).clone()
            for j in range(n):
                copies[j, i + j] = 0
            return copies

        logits, _, _ = capture(model, x.expand(n, -1, -1, -1), layer, None, ablate)
        ys.append(logits[:, cls].double())
    yk = torch.cat(ys).numpy()
    return (y - yk) / y


def cam(method, model, x, layer, cls, logits, a_t, g):
    a = a_t.double().numpy()
    smooth = method.endswith("+eigensmooth")
    base = method.split("+")[0]
    reduce = projection if smooth else (lambda t: relu(t.sum(axis=0)))
    if base == "gradcam":
        return reduce(g.mean(axis=(1, 2), keepdims=True) * a)
    if base == "layercam":
        return reduce(relu(g) * a)
    if base == "hirescam":
        return reduce(g * a)
    if base == "gradcamelementwise":
        return reduce(relu(g * a))
    if base == "xgradcam":
        w = (g * a).sum(axis=(1, 2), keepdims=True) / (a.sum(axis=(1, 2), keepdims=True) + 1e-7)
        return reduce(w * a)
    if base == "eigencam":
        return projection(a)
    if base == "eigengradcam":
        return projection(g * a)
    if base == "fem":
        mean = a.mean(axis=(1, 2), keepdims=True)
        sd = a.std(axis=(1, 2), keepdims=True)
        w = (a > mean + 2 * sd).mean(axis=(1, 2), keepdims=True)
        return reduce(w * a)
    if base == "scorecam":
        w = score_weights(model, x, a_t, cls)
        return reduce(w.reshape(-1, 1, 1) * a)
    if base == "ablationcam":
        w = ablation_weights(model, x, layer, a_t, cls, float(logits[0, cls]))
        return reduce(w.reshape(-1, 1, 1) * a)
    raise ValueError(method)


def main():
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    x = torch.from_numpy(np.load(os.path.join(out_dir, "input256.npy"))).unsqueeze(0)
    index = {}
    for name, layers in CASES.items():
        k, blocks, init, bn = MODELS[name]
        model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init,
                                            bn_size=bn)
        model.load_state_dict(torch.load(os.path.join(out_dir, f"{name}.pth")))
        model.eval()
        for p in model.parameters():
            p.requires_grad_(False)
        with torch.no_grad():
            cls = int(torch.argmax(model(x)[0]))
        cases = []
        for layer, methods in layers.items():
            logits, a, g = capture(model, x, layer, cls)
            for method in methods:
                m = cam(method, model, x, layer, cls, logits, a, g)
                np.save(os.path.join(out_dir, f"{name}.cammethod.{method}.{layer}.{cls}.npy"),
                        m.astype(np.float32))
                cases.append([method, layer])
        index[name] = {"class": cls, "cases": cases}
    with open(os.path.join(out_dir, "cam_methods.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main()
