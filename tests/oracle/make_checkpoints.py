#!/usr/bin/env python3
"""Training checkpoints in the shapes training code really writes, for tst_checkpoints.

Usage: make_checkpoints.py FIXTURES_DIR   (reads input256.npy there, writes checkpoints/)

Every file holds the weights of one torchvision DenseNet (randomised weights and BatchNorm
statistics; optimizer state after one real training step), and <file>.logits.npy holds
torchvision's logits for input256.npy with those weights: what DenseScope must reproduce.
  legacy_sgd.pth.tar       legacy (pre-zip) torch.save, {'epoch', 'arch', 'optimizer' (SGD with
                           momentum, saved BEFORE the state dict, so its storages come first),
                           'state_dict', 'best_acc1' (a tensor)}
  legacy_adam.pth.tar      legacy, {'state_dict', 'optimizer' (Adam: exp_avg, exp_avg_sq), ...}
  d121_legacy_sgd.pth.tar  densenet121 as pytorch/examples' imagenet script saves it: legacy,
                           DataParallel 'module.' keys, SGD momentum state
  zip_adam.pth             zip, {'model_state_dict', 'optimizer_state_dict', 'epoch', 'loss'}
  wrap_{state_dict,model,model_state_dict}.pth   {KEY: state_dict}
  module.pth               DataParallel(model).state_dict()
  lightning.ckpt           a PyTorch Lightning checkpoint (plain torch.save: Lightning is not
                           installed): 'model.' keys, hyper_parameters, optimizer_states, ...
  prefix.pth               every key under 'backbone.model.'
  metadata.pth, metadata_legacy.pth.tar
                           argparse.Namespace, numpy float64/int64 scalars, a hparams dict
                           with a tuple and a set, an OrderedDict of history, a defaultdict, a
                           dict and a list subclass, outside the state dict
  finetuned10.pth          a 10-class classifier; labels10.txt names them (trailing blank
                           lines), labels9.txt has one label too few
  bad_nontensor.pth        an argparse.Namespace INSIDE the state dict
  bad_two_dicts.pth        two dicts of tensors and no known wrapper key
  bad_no_state_dict.pth    metadata only
  bad_whole_model.pth      {'model': the nn.Module itself (torch.save(model) style), 'epoch'}
tiny = DenseNet(growth_rate=8, block_config=(2, 3, 2), num_init_features=16, bn_size=2).
"""
import argparse
import collections
import os
import sys

import numpy as np
import torch
import torchvision

TINY = dict(growth_rate=8, block_config=(2, 3, 2), num_init_features=16, bn_size=2)


class AttributeDict(dict):
    """Like Lightning's hyper_parameters: a dict subclass (pickled as NEWOBJ + SETITEMS)."""


class History(list):
    """A list subclass (NEWOBJ + APPENDS)."""


def model_for(seed, big=False, **overrides):
    torch.manual_seed(seed)
    kw = {} if big else dict(TINY)
    kw.update(overrides)
    model = torchvision.models.DenseNet(**kw) if not big else torchvision.models.densenet121()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.1)
                m.running_mean.normal_(0.0, 0.2)
                m.running_var.uniform_(0.5, 2.0)
        model.classifier.bias.normal_(0.0, 0.1)
    return model


def trained_optimizer(model, kind):
    """One real training step, so the optimizer state holds tensors (momentum buffers...)."""
    params = [p for p in model.parameters()]
    opt = (torch.optim.SGD(params, lr=1e-3, momentum=0.9) if kind == "sgd"
           else torch.optim.Adam(params, lr=1e-4))
    model.train()
    x = torch.randn(2, 3, 64, 64)
    loss = model(x).logsumexp(dim=1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    model.eval()
    return opt


def main(fixtures):
    out = os.path.join(fixtures, "checkpoints")
    os.makedirs(out, exist_ok=True)
    x = torch.from_numpy(np.load(os.path.join(fixtures, "input256.npy")))[None]

    def save(obj, name, model, legacy=False):
        path = os.path.join(out, name)
        torch.save(obj, path, _use_new_zipfile_serialization=not legacy)
        with torch.no_grad():
            logits = model.eval()(x)[0]
        np.save(path + ".logits.npy", logits.numpy().astype(np.float32))

    def clone_sd(model):
        return collections.OrderedDict((k, v.clone()) for k, v in model.state_dict().items())

    tiny = model_for(21)
    sgd = trained_optimizer(tiny, "sgd")
    save({"epoch": 5, "arch": "densenet_tiny", "optimizer": sgd.state_dict(),
          "state_dict": clone_sd(tiny), "best_acc1": torch.tensor(41.5)},
         "legacy_sgd.pth.tar", tiny, legacy=True)

    tiny_adam = model_for(22)
    adam = trained_optimizer(tiny_adam, "adam")
    save({"state_dict": clone_sd(tiny_adam), "optimizer": adam.state_dict(), "epoch": 2},
         "legacy_adam.pth.tar", tiny_adam, legacy=True)
    save({"model_state_dict": clone_sd(tiny_adam), "optimizer_state_dict": adam.state_dict(),
          "epoch": 2, "loss": torch.tensor(1.25)}, "zip_adam.pth", tiny_adam)

    big = model_for(23, big=True)
    big_sgd = trained_optimizer(big, "sgd")
    save({"epoch": 1, "arch": "densenet121",
          "state_dict": torch.nn.DataParallel(big).state_dict(),
          "best_acc1": torch.tensor(0.1), "optimizer": big_sgd.state_dict()},
         "d121_legacy_sgd.pth.tar", big, legacy=True)

    plain = model_for(24)
    for key in ("state_dict", "model", "model_state_dict"):
        save({key: plain.state_dict(), "epoch": 7}, f"wrap_{key}.pth", plain)
    save(torch.nn.DataParallel(plain).state_dict(), "module.pth", plain)
    save(collections.OrderedDict(("backbone.model." + k, v) for k, v in plain.state_dict().items()),
         "prefix.pth", plain)

    lit = model_for(25)
    lit_opt = trained_optimizer(lit, "adam")
    save({"epoch": 3, "global_step": 10, "pytorch-lightning_version": "1.9.0",
          "state_dict": collections.OrderedDict(("model." + k, v)
                                                for k, v in lit.state_dict().items()),
          "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"current": {"ready": 3}}}},
          "callbacks": {"ModelCheckpoint{'monitor': 'val_loss'}": {
              "best_model_score": torch.tensor(0.25), "dirpath": "/tmp/ckpts"}},
          "optimizer_states": [lit_opt.state_dict()],
          "lr_schedulers": [{"step_size": 30, "gamma": 0.1, "last_epoch": 3}],
          "hparams_name": "kwargs",
          "hyper_parameters": {"lr": 0.001, "arch": "densenet", "num_classes": 1000}},
         "lightning.ckpt", lit)

    meta = model_for(26)
    metadata = {"args": argparse.Namespace(arch="densenet_tiny", lr=0.1, epochs=90,
                                           milestones=[30, 60], resume=None),
                "best_acc": np.float64(0.71), "step": np.int64(1000),
                "hparams": {"lr": 0.1, "betas": (0.9, 0.999), "tags": {"a", "b"},
                            "frozen": frozenset({1}), "mean": (0.485, 0.456, 0.406)},
                "history": collections.OrderedDict([("epoch1", 0.5), ("epoch2", 0.6)]),
                "note": b"raw bytes",
                "hyper_parameters": AttributeDict(lr=0.1, layers=[2, 3, 2]),
                "losses": History([0.9, 0.7]),
                "per_class": collections.defaultdict(list, {"cat": [0.5]})}
    save(dict(metadata, state_dict=meta.state_dict()), "metadata.pth", meta)
    save(dict(metadata, state_dict=meta.state_dict()), "metadata_legacy.pth.tar", meta,
         legacy=True)

    tuned = model_for(27, num_classes=10)
    save({"state_dict": tuned.state_dict(), "epoch": 12}, "finetuned10.pth", tuned)
    names = ["airplane", "automobile", "bird", "cat (猫)", "deer", "dog", "frog", "horse",
             "ship", "truck"]
    with open(os.path.join(out, "labels10.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names) + "\n\n\n")
    with open(os.path.join(out, "labels9.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(names[:9]) + "\n")

    bad = collections.OrderedDict(plain.state_dict())
    bad["args"] = argparse.Namespace(lr=0.1)
    torch.save({"state_dict": bad}, os.path.join(out, "bad_nontensor.pth"))
    torch.save({"student": plain.state_dict(), "teacher": plain.state_dict()},
               os.path.join(out, "bad_two_dicts.pth"))
    torch.save({"epoch": 1, "args": argparse.Namespace(lr=0.1)},
               os.path.join(out, "bad_no_state_dict.pth"))
    torch.save({"model": plain, "epoch": 3}, os.path.join(out, "bad_whole_model.pth"))


if __name__ == "__main__":
    main(sys.argv[1])
