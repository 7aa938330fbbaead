#!/usr/bin/env python3
"""Reference faithfulness metrics of a CAM (issue 21, section 3), made during the test run.

Usage: make_road.py FIXTURE_DIR   (needs oracle_models' tiny.pth, densenet121.pth, input256.npy
and oracle_cams' maps <model>.cam.<method>.<layer>.<class>.npy with cams.json)

Written from the issue's definitions, with numpy, scipy.sparse and torchvision:

  s(v)    = (v - min v) / (max(v - min v) + 1e-7)
  cam224  = s(resize(s(m))), m the map after its ReLU, resize bilinear to 224 x 224 with
            half-pixel centres (torch.nn.functional.interpolate, align_corners=False), float32.
  y       = the class's logit (torchvision's DenseNet, float32).
  confidence_change = y(x * cam224) - y(x)
  ROAD, noise-free linear imputation: for p in 10, 20, ..., 90:
    most relevant first (MoRF) removes the pixels with cam224 >= np.percentile(cam224, p);
    least relevant first (LeRF) removes those with (1 - cam224) >= np.percentile(1 - cam224, p).
    The removed pixels of x are replaced, per channel, by the solution of one sparse linear
    system: each removed pixel equals the weighted mean of its 8 neighbours (1/6 for the four
    sharing an edge, 1/12 for the four diagonal ones; a neighbour outside the image drops out
    with its weight, so the mean is over the remaining weights), kept pixels fixed. Solved with
    scipy.sparse.linalg.spsolve.
    One case the issue leaves open: when every pixel is removed (MoRF at a percentile where the
    map is 0 for at least p% of the pixels), the system has no fixed pixel and is singular
    (any constant image solves it); its minimum-norm solution, 0 in every channel (the
    normalised input's mean, ImageNet's mean colour), is taken.
  road_morf, road_lerf = the mean of y(imputed x) - y(x) over the nine percentiles;
  road_combined = (road_lerf - road_morf) / 2.

Writes road.json: {"cases": [{"name", "model", "layer", "class", "map", "logit",
"confidence_change", "road_morf", "road_lerf", "road_combined", "morf": [9], "lerf": [9],
"removed_morf": [9], "removed_lerf": [9]}], "imputations": [{"name", "mask", "image"}]} and per case
road.<name>.cam224.npy (float32 [224, 224]); for the imputation checks road.mask.<name>.npy
(float32 [224, 224], 1 = removed) and road.imputed.<name>.npy (float32 [3, 224, 224]).
"""
import json
import os
import sys

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # as make_cams.py: the engine's summation order

import numpy as np  # noqa: E402
import scipy.sparse  # noqa: E402
import scipy.sparse.linalg  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchvision  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import MODELS  # noqa: E402

SIZE = 224
PERCENTILES = list(range(10, 100, 10))
# (model, method, layer, which class: 0 = top-1, 1 = the other class in cams.json). The tiny
# case's map is 0 on 17% of its positions, so MoRF at 10% removes every pixel (the singular
# case); densenet121's is positive everywhere. spsolve takes seconds for the larger systems:
# two cases keep the oracle near 20 s.
CASES = [("tiny", "gradcam", "features.denseblock3.denselayer1", 1),
         ("densenet121", "gradcam", "features.denseblock3", 0)]
NEIGHBOURS = [((-1, 0), 1 / 6), ((1, 0), 1 / 6), ((0, -1), 1 / 6), ((0, 1), 1 / 6),
              ((-1, -1), 1 / 12), ((-1, 1), 1 / 12), ((1, -1), 1 / 12), ((1, 1), 1 / 12)]


def s(v):
    v = v - v.min()
    return v / (v.max() + 1e-7)


def cam224(m):
    m = torch.from_numpy(np.maximum(m.astype(np.float32), 0))
    up = F.interpolate(s(m)[None, None], size=(SIZE, SIZE), mode="bilinear", align_corners=False)
    return s(up[0, 0]).numpy().astype(np.float32)


def masks(cam):
    """{p: (morf removed, lerf removed)} as boolean [224, 224] arrays."""
    inv = 1 - cam
    return {p: (cam >= np.percentile(cam, p), inv >= np.percentile(inv, p)) for p in PERCENTILES}


def impute(x, removed):
    """x: [3, H, W] float32, removed: bool [H, W] -> imputed copy (float32)."""
    c, h, w = x.shape
    out = x.astype(np.float64).copy()
    if not removed.any():
        return out.astype(np.float32)
    if removed.all():
        return np.zeros_like(x, dtype=np.float32)  # the singular case: see the docstring
    ys, xs = np.nonzero(removed)
    n = len(ys)
    index = -np.ones((h, w), dtype=np.int64)
    index[ys, xs] = np.arange(n)
    rows, cols, vals = [], [], []
    b = np.zeros((n, c))
    total = np.zeros(n)  # the weights of the neighbours inside the image
    for (dy, dx), weight in NEIGHBOURS:
        ny, nx = ys + dy, xs + dx
        inside = (ny >= 0) & (ny < h) & (nx >= 0) & (nx < w)
        eq = np.nonzero(inside)[0]
        ny, nx = ny[inside], nx[inside]
        total[eq] += weight
        unknown = removed[ny, nx]
        # removed neighbour: -weight/total * x_j on the left (normalised below)
        rows.append(eq[unknown])
        cols.append(index[ny[unknown], nx[unknown]])
        vals.append(np.full(unknown.sum(), -weight))
        # kept neighbour: its value on the right
        b[eq[~unknown]] += weight * x[:, ny[~unknown], nx[~unknown]].T.astype(np.float64)
    # x_i = sum_j w_ij x_j / total_i  <=>  x_i - sum_{j removed} (w_ij / total_i) x_j
    #                                        = sum_{j kept} (w_ij / total_i) v_j
    rows = np.concatenate(rows)
    cols = np.concatenate(cols)
    vals = np.concatenate(vals) / total[rows]
    a = scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(n, n)) + scipy.sparse.identity(n, format="csr")
    solution = scipy.sparse.linalg.spsolve(a.tocsc(), b / total[:, None])
    solution = solution.reshape(n, c)
    out[:, ys, xs] = solution.T
    return out.astype(np.float32)


def load_model(out_dir, name):
    k, blocks, init, bn = MODELS[name]
    model = torchvision.models.DenseNet(growth_rate=k, block_config=blocks, num_init_features=init, bn_size=bn)
    model.load_state_dict(torch.load(os.path.join(out_dir, f"{name}.pth")))
    model.eval()
    return model


def logits(model, images, cls):
    with torch.no_grad():
        return model(torch.from_numpy(np.stack(images)))[:, cls].double().numpy()


def main():
    out_dir = sys.argv[1]
    torch.set_num_threads(2)
    x = np.load(os.path.join(out_dir, "input256.npy")).astype(np.float32)
    cams = json.load(open(os.path.join(out_dir, "cams.json")))
    models = {}
    cases, imputations = [], []
    for model_name, method, layer, which in CASES:
        cls = cams[model_name]["classes"][which]
        map_file = f"{model_name}.cam.{method}.{layer}.{cls}.npy"
        m = np.load(os.path.join(out_dir, map_file))
        cam = cam224(m)
        name = f"{model_name}.{method}.{layer}.{cls}"
        np.save(os.path.join(out_dir, f"road.{name}.cam224.npy"), cam)
        if model_name not in models:
            models[model_name] = load_model(out_dir, model_name)
        model = models[model_name]
        ms = masks(cam)
        morf_images = [impute(x, ms[p][0]) for p in PERCENTILES]
        lerf_images = [impute(x, ms[p][1]) for p in PERCENTILES]
        y = logits(model, [x, x * cam[None]] + morf_images + lerf_images, cls)
        base = y[0]
        morf = (y[2:11] - base).tolist()
        lerf = (y[11:20] - base).tolist()
        road_morf, road_lerf = float(np.mean(morf)), float(np.mean(lerf))
        cases.append({"name": name, "model": model_name, "method": method, "layer": layer, "class": cls, "map": map_file,
                      "logit": float(base), "confidence_change": float(y[1] - base),
                      "road_morf": road_morf, "road_lerf": road_lerf,
                      "road_combined": (road_lerf - road_morf) / 2, "morf": morf, "lerf": lerf,
                      "removed_morf": [int(ms[p][0].sum()) for p in PERCENTILES],
                      "removed_lerf": [int(ms[p][1].sum()) for p in PERCENTILES]})
        if len(imputations) == 0:  # the first case's masks, both orders, a few percentiles
            for order, k in (("morf", 0), ("lerf", 1)):
                for p in (40, 70, 90):
                    mname = f"{name}.{order}{p}"
                    mask = ms[p][k]
                    image = morf_images[PERCENTILES.index(p)] if k == 0 else lerf_images[PERCENTILES.index(p)]
                    np.save(os.path.join(out_dir, f"road.mask.{mname}.npy"), mask.astype(np.float32))
                    np.save(os.path.join(out_dir, f"road.imputed.{mname}.npy"), image)
                    imputations.append({"name": mname})
    # Masks of other shapes: scattered pixels, a block on the image's edge and corner, one pixel,
    # and everything removed (the singular case).
    rng = np.random.default_rng(21)
    others = {"scattered": rng.random((SIZE, SIZE)) < 0.5}
    block = np.zeros((SIZE, SIZE), dtype=bool)
    block[0:90, 150:224] = True
    block[200:224, 0:30] = True
    others["edges"] = block
    one = np.zeros((SIZE, SIZE), dtype=bool)
    one[100, 37] = True
    others["one"] = one
    others["all"] = np.ones((SIZE, SIZE), dtype=bool)
    for mname, mask in others.items():
        np.save(os.path.join(out_dir, f"road.mask.{mname}.npy"), mask.astype(np.float32))
        np.save(os.path.join(out_dir, f"road.imputed.{mname}.npy"), impute(x, mask))
        imputations.append({"name": mname})
    with open(os.path.join(out_dir, "road.json"), "w") as f:
        json.dump({"percentiles": PERCENTILES, "cases": cases, "imputations": imputations}, f, indent=1)


if __name__ == "__main__":
    main()
