#!/usr/bin/env python3
"""Reference pixel attributions from torchvision's own DenseNet, made during the test run.

Usage: make_attributions.py FIXTURE_DIR   (needs oracle_models' tiny.pth, densenet121.pth and
input256.npy)

Written from issue 21's definitions (docs/explanations.md, "Pixel attributions"), for x = the
fixture input (the normalised [3, 224, 224] network input) and y = a class's logit. "Every ReLU"
means torchvision's nn.ReLU modules (relu0, each dense layer's relu1 and relu2, each
transition's relu; all inplace=True) and the F.relu it applies after norm5 inside
DenseNet.forward. For guided backprop and deconvolution the modules are replaced by a custom
autograd function and the forward after `features` is written out (F.relu -> that function,
adaptive average pool, classifier), as torchvision's DenseNet.forward computes it.

  saliency             |dy/dx|
  inputxgradient       x * dy/dx
  integratedgradients  baseline 0; leggauss(m) nodes t, weights w mapped to [0, 1]
                       (a = (t + 1)/2, o = w/2); IG = x * sum_i o_i dy/dx(a_i x)
  smoothgrad           mean over n of |dy/dx(x + s noise_i)|, s = 0.15 (max x - min x),
                       noise = torch.randn((n, 3, H, W), generator=torch.Generator().manual_seed(seed))
  guidedbackprop       ReLU backward: relu(grad) * (input > 0)
  deconvolution        ReLU backward: relu(grad)
  guidedgradcam        guidedbackprop * Grad-CAM(layer) after its ReLU, F.interpolate bilinear
                       to 224 x 224, align_corners=False
  occlusion            16 x 16 window over all channels, stride 8, set to 0; each element gets
                       the mean over the windows covering it of y(x) - y(occluded)

Writes <model>.attr.<method>.<class>.npy (float32 [3, 224, 224]) and attributions.json:
{model: {"top1", "cases": [{"method", "class", options...}], "ig": {"<class>": {"steps", "gap",
"y_input", "y_baseline"}}}}.
"""
import json
import os
import sys

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # as make_cams.py: BLAS sums in the calling thread

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MODELS  # noqa: E402

IG_STEPS = 16
SG_SAMPLES = 6
SG_SEED = 7
GGC_LAYER = {"tiny": "features.transition1", "densenet121": "features.denseblock3"}
# tiny: every method; densenet121: the cheap gradient methods (one forward and one backward).
METHODS = {
    "tiny": ["saliency", "inputxgradient", "integratedgradients", "smoothgrad", "guidedbackprop",
             "deconvolution", "guidedgradcam", "occlusion"],
    "densenet121": ["saliency", "guidedbackprop", "deconvolution"],
}


class _ModReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, guided):
        ctx.guided = guided
        y = torch.relu(x)
        ctx.save_for_backward(x)
        return y

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        out = torch.clamp(g, min=0)
        if ctx.guided:
            out = out * (x > 0).to(out.dtype)
        return out, None


class ModReLU(torch.nn.Module):
    def __init__(self, guided):
        super().__init__()
        self.guided = guided

    def forward(self, x):
        return _ModReLU.apply(x, self.guided)


def load(name, out_dir):
    k, blocks, init, bn = MODELS[name]
    model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
    model.load_state_dict(torch.load(os.path.join(out_dir, f"{name}.pth")))
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def modified(model, guided):
    """A copy of `model` whose every ReLU has the modified backward; returns a forward function."""
    import copy
    m = copy.deepcopy(model)
    for parent in list(m.modules()):
        for child_name, child in list(parent.named_children()):
            if isinstance(child, torch.nn.ReLU):
                setattr(parent, child_name, ModReLU(guided))
    relu = ModReLU(guided)

    def forward(x):
        features = m.features(x)
        out = relu(features)  # torchvision: F.relu(features, inplace=True)
        out = F.adaptive_avg_pool2d(out, (1, 1))
        return m.classifier(torch.flatten(out, 1))

    return forward


def grad_of(forward, x, cls):
    x = x.detach().clone().requires_grad_(True)
    y = forward(x)[:, cls].sum()
    (g,) = torch.autograd.grad(y, x)
    return g


def gradcam_up(model, x, cls, layer):
    module = dict(model.named_modules())[layer]
    store = {}

    def hook(mod, inputs, output):
        a = output.detach().clone().requires_grad_(True)
        store["a"] = a
        return a.clone()

    h = module.register_forward_hook(hook)
    try:
        logits = model(x)
    finally:
        h.remove()
    (g,) = torch.autograd.grad(logits[0, cls], store["a"])
    a = store["a"].detach()[0].double()
    g = g[0].double()
    cam = torch.relu((g.mean(dim=(1, 2), keepdim=True) * a).sum(0)).float()
    return F.interpolate(cam[None, None], size=x.shape[2:], mode="bilinear", align_corners=False)[0, 0]


def attribution(model, x, cls, method):
    if method == "saliency":
        return grad_of(model, x, cls)[0].abs()
    if method == "inputxgradient":
        return (x * grad_of(model, x, cls))[0]
    if method == "guidedbackprop":
        return grad_of(modified(model, True), x, cls)[0]
    if method == "deconvolution":
        return grad_of(modified(model, False), x, cls)[0]
    if method == "guidedgradcam":
        gb = grad_of(modified(model, True), x, cls)[0]
        return gb * gradcam_up(model, x, cls, GGC_LAYER[NAME])[None]
    if method == "integratedgradients":
        t, w = np.polynomial.legendre.leggauss(IG_STEPS)
        total = torch.zeros_like(x[0], dtype=torch.float64)
        for ti, wi in zip(t, w):
            g = grad_of(model, float((ti + 1) / 2) * x, cls)[0]
            total += (wi / 2) * g.double()
        return (x[0].double() * total).float()
    if method == "smoothgrad":
        noise = torch.randn((SG_SAMPLES,) + tuple(x.shape[1:]), generator=torch.Generator().manual_seed(SG_SEED))
        sigma = 0.15 * float(x.max() - x.min())
        total = torch.zeros_like(x[0], dtype=torch.float64)
        for i in range(SG_SAMPLES):
            total += grad_of(model, x + sigma * noise[i:i + 1], cls)[0].abs().double()
        return (total / SG_SAMPLES).float()
    if method == "occlusion":
        H, W = x.shape[2:]
        with torch.no_grad():
            y = float(model(x)[0, cls])
            total = torch.zeros((H, W), dtype=torch.float64)
            count = torch.zeros((H, W), dtype=torch.float64)
            windows = [(r, c) for r in range(0, H - 16 + 1, 8) for c in range(0, W - 16 + 1, 8)]
            for first in range(0, len(windows), 81):
                chunk = windows[first:first + 81]
                batch = x.repeat(len(chunk), 1, 1, 1)
                for i, (r, c) in enumerate(chunk):
                    batch[i, :, r:r + 16, c:c + 16] = 0
                ys = model(batch)[:, cls].double()
                for i, (r, c) in enumerate(chunk):
                    total[r:r + 16, c:c + 16] += y - float(ys[i])
                    count[r:r + 16, c:c + 16] += 1
            plane = torch.where(count > 0, total / count.clamp(min=1), torch.zeros_like(total))
        return plane.float()[None].expand(3, H, W)
    raise ValueError(method)


NAME = None


def main():
    global NAME
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    x = torch.from_numpy(np.load(os.path.join(out_dir, "input256.npy"))).unsqueeze(0)
    index = {}
    for name in ["tiny", "densenet121"]:
        NAME = name
        model = load(name, out_dir)
        with torch.no_grad():
            logits = model(x)[0]
        top1 = int(torch.argmax(logits))
        cases = []
        classes = [top1, 281 if top1 != 281 else 282] if name == "tiny" else [top1]
        for method in METHODS[name]:
            for cls in (classes if method == "saliency" else [top1]):
                a = attribution(model, x, cls, method).detach().contiguous().numpy().astype(np.float32)
                np.save(os.path.join(out_dir, f"{name}.attr.{method}.{cls}.npy"), a)
                case = {"method": method, "class": cls}
                if method == "integratedgradients":
                    case["steps"] = IG_STEPS
                if method == "smoothgrad":
                    case["samples"] = SG_SAMPLES
                    case["seed"] = SG_SEED
                if method == "guidedgradcam":
                    case["layer"] = GGC_LAYER[name]
                cases.append(case)
        entry = {"top1": top1, "cases": cases}
        if name == "tiny":
            with torch.no_grad():
                y_x = float(model(x)[0, top1])
                y_0 = float(model(torch.zeros_like(x))[0, top1])
            ig = np.load(os.path.join(out_dir, f"{name}.attr.integratedgradients.{top1}.npy"))
            entry["ig"] = {"steps": IG_STEPS, "y_input": y_x, "y_baseline": y_0,
                           "gap": abs(float(ig.astype(np.float64).sum()) - (y_x - y_0))}
        index[name] = entry
    with open(os.path.join(out_dir, "attributions.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main()
