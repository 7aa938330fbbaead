"""The explanation methods as people compute them in Python today, for the speed comparison of
benchmarks/run_explanation_benchmarks.py: pytorch-grad-cam's and Captum's recipes written with
torchvision and hooks (neither library is a Debian package). Each function does the whole
computation for one image, as the library would, including its own batching:

- gradient CAMs: forward hooks keep A, a tensor hook keeps g, one forward and one backward of
  the full model (pytorch-grad-cam's ActivationsAndGradients), then the method's arithmetic;
- Score-CAM: the masks upsampled with UpsamplingBilinear2d and min-max scaled, the full model on
  x * mask in batches of 16 (pytorch-grad-cam's default batch size), softmax of the logits;
- Ablation-CAM: pytorch-grad-cam's recipe: the target layer's output replaced by copies with one
  channel zeroed each, the full model run on batches of 32 (its default batch size);
- Integrated Gradients: Captum's, all steps in one batch (internal_batch_size=None), one forward
  and one backward;
- occlusion: Captum's Occlusion with a 3x16x16 window, stride 8, baseline 0, 16 perturbations
  per forward (Captum's default is 1; 16 is the faster, fairer reference);
- ROAD: pytorch-grad-cam's ROADMostRelevantFirst/LeastRelevantFirst at 10..90 % with its
  linear imputer (scipy.sparse + spsolve per image and channel) and no noise, and one forward of
  the 18 imputed images.

Everything runs on the CPU in float32 with torch.set_num_threads(threads), like DenseScope.
"""
import numpy as np
import scipy.sparse
import scipy.sparse.linalg
import torch
import torch.nn.functional as F


class Refs:
    def __init__(self, model, x):
        self.model = model
        self.modules = dict(model.named_modules())
        self.x = x  # [1, 3, 224, 224], normalised

    # -- gradient CAMs ---------------------------------------------------------------------
    def activations_and_grads(self, layer, target=None):
        acts, grads = {}, {}

        def hook(_m, _i, out):
            acts["a"] = out
            out.register_hook(lambda g: grads.__setitem__("g", g))

        h = self.modules[layer].register_forward_hook(hook)
        self.model.zero_grad()
        logits = self.model(self.x)
        c = int(logits.argmax()) if target is None else target
        logits[0, c].backward()
        h.remove()
        return acts["a"].detach()[0], grads["g"][0], c

    def gradient_cam(self, method, layer):
        a, g, _ = self.activations_and_grads(layer)
        with torch.no_grad():
            if method == "gradcam":
                return F.relu((g.mean((1, 2), keepdim=True) * a).sum(0))
            if method == "hirescam":
                return F.relu((g * a).sum(0))
            if method == "gradcamelementwise":
                return F.relu(F.relu(g * a).sum(0))
            if method == "xgradcam":
                w = (g * a).sum((1, 2), keepdim=True) / (a.sum((1, 2), keepdim=True) + 1e-7)
                return F.relu((w * a).sum(0))
            if method == "layercam":
                return F.relu((F.relu(g) * a).sum(0))
            if method == "gradcampp":
                g2, g3 = g * g, g * g * g
                alpha = g2 / (2 * g2 + a.sum((1, 2), keepdim=True) * g3 + 1e-6)
                alpha = torch.where(g != 0, alpha, torch.zeros_like(alpha))
                w = (F.relu(g) * alpha).sum((1, 2), keepdim=True)
                return F.relu((w * a).sum(0))
            if method == "eigengradcam":
                return self.projection(g * a)
        raise ValueError(method)

    def activations(self, layer):
        acts = {}
        h = self.modules[layer].register_forward_hook(lambda _m, _i, out: acts.__setitem__("a", out))
        with torch.no_grad():
            self.model(self.x)
        h.remove()
        return acts["a"][0]

    @staticmethod
    def projection(t):
        c, hh, ww = t.shape
        m = t.reshape(c, -1).T.double()
        m = m - m.mean(0)
        _, _, vt = torch.linalg.svd(m, full_matrices=False)
        p = (m @ vt[0]).reshape(hh, ww)
        if p.min().abs() > p.max().abs():
            p = -p
        return F.relu(p)

    def eigencam(self, layer):
        return self.projection(self.activations(layer))

    def fem(self, layer):
        a = self.activations(layer)
        mu = a.mean((1, 2), keepdim=True)
        sd = a.std((1, 2), keepdim=True, unbiased=False)
        w = (a > mu + 2 * sd).float().mean((1, 2), keepdim=True)
        return F.relu((w * a).sum(0))

    # -- perturbation CAMs -------------------------------------------------------------------
    def scorecam(self, layer, batch=16):
        a = self.activations(layer)
        with torch.no_grad():
            c = int(self.model(self.x).argmax())
            up = torch.nn.UpsamplingBilinear2d(size=self.x.shape[-2:])(a[None])[0]
            lo = up.flatten(1).min(1)[0][:, None, None]
            hi = up.flatten(1).max(1)[0][:, None, None]
            masks = (up - lo) / (hi - lo + 1e-8)
            scores = []
            for i in range(0, masks.shape[0], batch):
                scores.append(self.model(self.x * masks[i:i + batch, None])[:, c])
            w = torch.softmax(torch.cat(scores), 0)
            return F.relu((w[:, None, None] * a).sum(0))

    def ablationcam(self, layer, batch=32):
        a = self.activations(layer)
        module = self.modules[layer]
        with torch.no_grad():
            logits = self.model(self.x)
            c = int(logits.argmax())
            y = float(logits[0, c])
            ys = []
            channels = a.shape[0]
            for i in range(0, channels, batch):
                n = min(batch, channels - i)
                ablated = a[None].repeat(n, 1, 1, 1)
                for j in range(n):
                    ablated[j, i + j] = 0
                h = module.register_forward_hook(lambda _m, _i, _o, ablated=ablated: ablated)
                ys.append(self.model(self.x.repeat(n, 1, 1, 1))[:, c])
                h.remove()
            w = (y - torch.cat(ys)) / y
            return F.relu((w[:, None, None] * a).sum(0))

    # -- pixel attributions ------------------------------------------------------------------
    def gradient(self, x, c):
        x = x.detach().requires_grad_(True)
        self.model.zero_grad()
        out = self.model(x)[:, c].sum()
        (g,) = torch.autograd.grad(out, x)
        return g

    def saliency(self):
        with torch.no_grad():
            c = int(self.model(self.x).argmax())
        return self.gradient(self.x, c).abs()[0]

    def integrated_gradients(self, steps=32):
        with torch.no_grad():
            c = int(self.model(self.x).argmax())
        t, w = np.polynomial.legendre.leggauss(steps)
        alphas = torch.tensor((t + 1) / 2, dtype=torch.float32)
        weights = torch.tensor(w / 2, dtype=torch.float32)
        g = self.gradient(alphas[:, None, None, None] * self.x, c)
        return self.x[0] * (weights[:, None, None, None] * g).sum(0)

    def occlusion(self, per_eval=16, window=16, stride=8):
        with torch.no_grad():
            logits = self.model(self.x)
            c = int(logits.argmax())
            y = float(logits[0, c])
            size = self.x.shape[-1]
            starts = list(range(0, size - window + 1, stride))
            boxes = [(r, q) for r in starts for q in starts]
            total = torch.zeros_like(self.x[0])
            count = torch.zeros_like(self.x[0])
            for i in range(0, len(boxes), per_eval):
                chunk = boxes[i:i + per_eval]
                batch = self.x.repeat(len(chunk), 1, 1, 1)
                for j, (r, q) in enumerate(chunk):
                    batch[j, :, r:r + window, q:q + window] = 0
                diffs = y - self.model(batch)[:, c]
                for j, (r, q) in enumerate(chunk):
                    total[:, r:r + window, q:q + window] += diffs[j]
                    count[:, r:r + window, q:q + window] += 1
            return total / count.clamp(min=1)

    # -- ROAD ----------------------------------------------------------------------------------
    @staticmethod
    def impute(img, removed):
        """pytorch-grad-cam's NoisyLinearImputer without noise: each removed pixel the weighted
        mean of its 8 neighbours (1/6 edges, 1/12 diagonals), one sparse system per image,
        solved for the three channels."""
        c, h, w = img.shape
        flat = img.reshape(c, -1).numpy().astype(np.float64)
        mask = removed.reshape(-1).numpy()
        idx = np.flatnonzero(mask)
        pos = -np.ones(h * w, dtype=np.int64)
        pos[idx] = np.arange(len(idx))
        rows, cols, vals = [], [], []
        b = np.zeros((len(idx), c))
        offsets = [(-1, 0, 1 / 6), (1, 0, 1 / 6), (0, -1, 1 / 6), (0, 1, 1 / 6),
                   (-1, -1, 1 / 12), (-1, 1, 1 / 12), (1, -1, 1 / 12), (1, 1, 1 / 12)]
        ys, xs = idx // w, idx % w
        wsum = np.zeros(len(idx))
        for dy, dx, wt in offsets:
            ny, nx = ys + dy, xs + dx
            ok = (ny >= 0) & (ny < h) & (nx >= 0) & (nx < w)
            wsum[ok] += wt
        for dy, dx, wt in offsets:
            ny, nx = ys + dy, xs + dx
            ok = (ny >= 0) & (ny < h) & (nx >= 0) & (nx < w)
            k = np.flatnonzero(ok)
            n = ny[k] * w + nx[k]
            inner = pos[n] >= 0
            rows += list(k[inner])
            cols += list(pos[n[inner]])
            vals += list(-wt / wsum[k[inner]])
            b[k[~inner]] += (wt / wsum[k[~inner]])[:, None] * flat[:, n[~inner]].T
        rows += list(range(len(idx)))
        cols += list(range(len(idx)))
        vals += [1.0] * len(idx)
        a = scipy.sparse.csr_matrix((vals, (rows, cols)), shape=(len(idx), len(idx)))
        sol = scipy.sparse.linalg.spsolve(a, b)
        out = flat.copy()
        out[:, idx] = sol.T
        return torch.tensor(out.reshape(c, h, w), dtype=torch.float32)

    def road(self, cam224):
        """cam224: [224, 224] in [0, 1]. MoRF and LeRF at 10..90 %, one batch of 18 forwards."""
        with torch.no_grad():
            logits = self.model(self.x)
            c = int(logits.argmax())
            y = float(logits[0, c])
        cam = cam224.numpy()
        images = []
        for p in range(10, 100, 10):
            images.append(self.impute(self.x[0], torch.tensor(cam >= np.percentile(cam, p))))
        for p in range(10, 100, 10):
            inv = 1 - cam
            images.append(self.impute(self.x[0], torch.tensor(inv >= np.percentile(inv, p))))
        with torch.no_grad():
            ys = self.model(torch.stack(images))[:, c] - y
        morf, lerf = float(ys[:9].mean()), float(ys[9:].mean())
        return {"road_morf": morf, "road_lerf": lerf, "road_combined": (lerf - morf) / 2}
