#!/usr/bin/env python3
"""Writes the committed seed corpus of the fuzz harnesses: fuzz/corpus/<harness>/*.

Usage: /usr/bin/python3 fuzz/make_seeds.py   (Debian's python3-torch, numpy and PIL)

Tiny but valid files of every layout the readers accept, so that the fuzzer starts inside each
format instead of at its magic number: torch.save zip and legacy pickles (also the Python 2
style of the 2017 torchvision files), a data.pkl alone, a training checkpoint, safetensors of
each dtype, NPY versions 1 and 2, and images in the formats Qt reads here. Each seed stays
under a few KB. Values come from fixed random seeds; legacy torch.save files name their
storages after memory addresses, so those differ from run to run (no need to re-commit them).
"""
import collections
import io
import json
import os
import struct
import sys
import zipfile

import numpy
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "oracle"))
import formats  # noqa: E402
import make_weight_files  # noqa: E402


def out(harness, name, data):
    d = os.path.join(HERE, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def saved(obj, **kw):
    buf = io.BytesIO()
    # A fixed archive name: torch.save names the zip's folder after the file otherwise.
    torch.save(obj, buf, **kw)
    return buf.getvalue()


def tiny_dict():
    torch.manual_seed(0)
    return collections.OrderedDict([
        ("features.conv0.weight", torch.randn(2, 1, 1, 2)),
        ("features.norm0.weight", torch.ones(2)),
        ("features.norm0.running_mean", torch.randn(2)),
        ("features.norm0.running_var", torch.rand(2) + 0.5),
        ("features.norm0.num_batches_tracked", torch.tensor(3)),
        ("classifier.weight", torch.randn(3, 2)),
        ("classifier.bias", torch.zeros(3)),
    ])


def weights_seeds():
    sd = tiny_dict()
    small = collections.OrderedDict(list(sd.items())[:2])
    # zip torch.save: plain, fp16/bf16/f64/int storages, a shared storage with an offset, a
    # strided view, and a training checkpoint that holds the state dict.
    out("zip", "tiny.pth", saved(sd))
    out("zip", "dtypes.pth", saved(collections.OrderedDict([
        ("h", torch.randn(3).half()), ("b", torch.randn(2).bfloat16()),
        ("d", torch.randn(2).double()), ("i", torch.arange(3, dtype=torch.int32)),
        ("u", torch.arange(2, dtype=torch.uint8)), ("t", torch.tensor([True, False]))])))
    base = torch.randn(6)
    out("zip", "views.pth", saved(collections.OrderedDict([
        ("a", base[:2]), ("b", base[2:]), ("t", base.view(2, 3).t())])))
    out("zip", "checkpoint.pth", saved({"state_dict": small, "epoch": 1}))
    # The object pickle of a zip file on its own (how readZip hands data.pkl to the unpickler),
    # then legacy torch.save files: protocol 2 from today's torch, and Python 2 / cPickle style.
    with zipfile.ZipFile(io.BytesIO(saved(sd))) as z:
        pkl = next(n for n in z.namelist() if n.endswith("/data.pkl"))
        out("pickle", "zip-data.pkl", z.read(pkl))
    out("pickle", "legacy.pth", saved(small, _use_new_zipfile_serialization=False))
    out("pickle", "legacy-views.pth", saved(collections.OrderedDict([
        ("a", base[:2]), ("t", base.view(2, 3).t())]), _use_new_zipfile_serialization=False))
    py2 = collections.OrderedDict((k, v) for k, v in sd.items() if "num_batches" not in k)
    path = os.path.join(HERE, "corpus", "pickle", "py2-legacy.pth")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    make_weight_files.py2_legacy_file(py2, path)
    # safetensors, as timm writes them, one seed per dtype family.
    for name, d in (("f32", sd), ("half", collections.OrderedDict([
            ("h", torch.randn(2, 2).half()), ("b", torch.randn(3).bfloat16())])),
                    ("int", collections.OrderedDict([("n", torch.tensor([7])),
                                                     ("d", torch.randn(2).double())]))):
        buf = os.path.join(HERE, "corpus", "safetensors", name + ".safetensors")
        os.makedirs(os.path.dirname(buf), exist_ok=True)
        formats.save_safetensors(d, buf)


def npy_seeds():
    arrays = {"f4-2x3": numpy.arange(6, dtype="<f4").reshape(2, 3),
              "u1-4": numpy.arange(4, dtype="u1"), "i8-scalar": numpy.array(5, dtype="<i8"),
              "f4-empty": numpy.zeros((0, 2), dtype="<f4")}
    for name, a in arrays.items():
        buf = io.BytesIO()
        numpy.save(buf, a)
        out("npy", name + ".npy", buf.getvalue())
    buf = io.BytesIO()
    numpy.lib.format.write_array(buf, numpy.ones((1, 2, 2), dtype="<f4"), version=(2, 0))
    out("npy", "v2-f4.npy", buf.getvalue())


def image_seeds():
    rgb = Image.new("RGB", (4, 3))
    rgb.putdata([(i * 20, 255 - i * 20, i * 7) for i in range(12)])
    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg"), ("BMP", "bmp"), ("GIF", "gif"),
                     ("PPM", "ppm")):
        buf = io.BytesIO()
        rgb.save(buf, fmt)
        out("image", "rgb." + ext, buf.getvalue())
    for mode, name in (("L", "gray.pgm"), ("I;16", "gray16.png"), ("RGBA", "alpha.png"),
                       ("P", "palette.png"), ("1", "mono.pbm")):
        buf = io.BytesIO()
        rgb.convert(mode if mode != "I;16" else "I").convert(mode).save(
            buf, "PNG" if name.endswith("png") else "PPM")
        out("image", name, buf.getvalue())
    # A JPEG with an EXIF orientation (APP1) segment: the end-marker walk skips it.
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    rgb.save(buf, "JPEG", exif=exif.tobytes())
    out("image", "exif.jpg", buf.getvalue())


def npy_header(text, version=1):
    text = text.encode()
    if version == 1:
        return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text
    return b"\x93NUMPY\x02\x00" + len(text).to_bytes(4, "little") + text


def regression_seeds():
    """Inputs the fuzzers found that once got through as something other than ds::Error (or
    crashed); kept as seeds so every fuzz run replays them first."""
    d = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }\n"
    out("npy", "regress-empty", b"")  # std::runtime_error, not ds::Error
    out("npy", "regress-shape-text.npy", npy_header(d % "(x2, 3)") + bytes(24))  # stoll threw
    out("npy", "regress-shape-negative.npy", npy_header(d % "(-4,)"))  # length_error
    out("npy", "regress-shape-huge.npy", npy_header(d % "(4611686018427387904, 4)"))  # overflow
    out("npy", "regress-shape-lies.npy", npy_header(d % "(1000000000,)", 2) + bytes(8))  # 4 GB
    # A negative storage offset: signed overflow (UB) in the view bounds check.
    storage = struct.pack("<q", 4) + bytes(16)
    out("pickle", "regress-negative-offset.pth", make_weight_files.hostile_legacy(
        make_weight_files.one_tensor(4, [2], [1], offset=-1), ["k0"], storage))
    # A zip whose central directory says data.pkl has 3 GB: allocated before the size check.
    z = bytearray(saved(collections.OrderedDict(w=torch.ones(2))))
    i = z.find(b"PK\x01\x02")
    while i >= 0:
        name_len = struct.unpack_from("<H", z, i + 28)[0]
        if z[i + 46:i + 46 + name_len].endswith(b"/data.pkl"):
            struct.pack_into("<II", z, i + 20, 3000000000, 3000000000)
        i = z.find(b"PK\x01\x02", i + 4)
    out("zip", "regress-huge-data-pkl.pth", bytes(z))


def checkpoint_seeds():
    """Training checkpoints: optimizer state whose storages the legacy reader skips, metadata
    objects (argparse.Namespace, numpy scalars, sets) read as placeholders, a key prefix."""
    import argparse
    import pickle
    small = collections.OrderedDict(list(tiny_dict().items())[:2])
    momentum = {"state": {0: {"momentum_buffer": torch.ones(2)}},
                "param_groups": [{"lr": 0.1, "momentum": 0.9, "params": [0]}]}
    meta = {"args": argparse.Namespace(lr=0.1, arch="tiny"), "acc": numpy.float64(0.5),
            "step": numpy.int64(7), "hp": {"betas": (0.9, 0.99), "tags": {"a"}}}
    out("pickle", "legacy-optimizer.pth", saved(
        {"optimizer": momentum, "state_dict": small, "best": torch.tensor(1.0)},
        _use_new_zipfile_serialization=False))
    out("pickle", "legacy-metadata.pth", saved(dict(meta, state_dict=collections.OrderedDict(
        ("module." + k, v) for k, v in small.items())), _use_new_zipfile_serialization=False))
    # Protocol 4 (EMPTY_SET, ADDITEMS, FROZENSET, STACK_GLOBAL, MEMOIZE) around a state dict.
    with zipfile.ZipFile(io.BytesIO(saved(dict(meta, model=small), pickle_protocol=4))) as z:
        pkl = next(n for n in z.namelist() if n.endswith("/data.pkl"))
        out("pickle", "zip-metadata-p4.pkl", z.read(pkl))
    out("pickle", "metadata-p4.pkl", pickle.dumps(
        {"s": {1, 2}, "f": frozenset({3}), "args": argparse.Namespace(x=1)}, protocol=4))


def labels_seeds():
    out("labels", "three.txt", "tench\ngoldfish\ngreat white shark\n".encode())
    out("labels", "bom-crlf.txt", "\ufeff猫\r\n犬\r\n\r\n".encode())


def head_file(classes, c=36, metadata=None):
    """A head file as DenseScope's saveHead writes it (the tiny layout's 36 features)."""
    n = len(classes)
    meta = {"format": "densescope.linear_head.v1", "classes": json.dumps(classes),
            "backbone.variant": "custom", "backbone.growth_rate": "8",
            "backbone.block_config": "2,3,2", "backbone.init_features": "16",
            "backbone.bn_size": "2", "backbone.compression": "0.5",
            "backbone.weights": "random:0", "features": "norm5+relu+avgpool",
            "feature_count": str(c), "densescope_version": "0.1.0"}
    meta.update(metadata or {})
    header = {"__metadata__": meta,
              "bias": {"dtype": "F32", "shape": [n], "data_offsets": [0, 4 * n]},
              "weight": {"dtype": "F32", "shape": [n, c], "data_offsets": [4 * n, 4 * n * (c + 1)]}}
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    data = struct.pack("<%df" % (n * (c + 1)), *[0.25 * (i % 7 - 3) for i in range(n * (c + 1))])
    return struct.pack("<Q", len(text)) + text + data


def head_seeds():
    out("head", "two.safetensors", head_file(["circle", "square"]))
    out("head", "escapes.safetensors", head_file(["a\"b", "\u732b", "c\\d"],
                                                 metadata={"backbone.weights_spec": "random:7"}))


def qstring(text):
    if text is None:
        return struct.pack(">I", 0xFFFFFFFF)  # a null QString
    data = text.encode("utf-16-be")
    return struct.pack(">I", len(data)) + data


def qbytes(data):
    return struct.pack(">I", len(data)) + data


def scan_cache(entries, channels=3, side=2, key="fuzz"):
    """A Top images cache file as TopImagesScan::save() writes it (QDataStream, version 1)."""
    out = struct.pack(">II", 0x44535449, 1) + qstring(key) + qstring("/photos") + \
        qstring("features.denseblock2") + struct.pack(">iiiI", channels, side, side, len(entries))
    for i, (state, error) in enumerate(entries):
        out += qstring("/photos/%d.png" % i) + struct.pack(">qqB", 1000 + i, 1700000000000, state)
        out += qstring(error)
        if state == 1:  # done: maxima and positions in memory order, then a thumbnail
            out += qbytes(struct.pack("<%df" % channels, *[0.5 * (i + c) for c in range(channels)]))
            out += qbytes(struct.pack("<%di" % channels, *[(i + c) % (side * side) for c in range(channels)]))
            out += qbytes(b"\xff\xd8\xff\xd9")
    return out


def scan_cache_seeds():
    out("scan_cache", "done-failed-pending.scan", scan_cache([(1, None), (2, "not an image"), (0, None)]))
    out("scan_cache", "empty.scan", scan_cache([], channels=0, side=0))


def settings_seeds():
    """Settings files as AppSettings::save() writes them (QSettings' INI format)."""
    out("settings", "custom.ini", b"""[General]
ui/language=ja

[growth]
comparisons\\1\\variant=densenet169
comparisons\\2\\variant=custom
comparisons\\2\\growth_rate=12
comparisons\\2\\blocks="6,12,24,16"
comparisons\\2\\init_features=24
comparisons\\2\\bn_size=4
comparisons\\2\\compression=0.5
comparisons\\size=2

[images]
folder=/home/user/photos
recent=/home/user/photos/cat.jpg, /home/user/photos/dog.png

[live]
camera=@ByteArray(/dev/video0)
loop_video=true

[model]
variant=custom
growth_rate=32
blocks="6,12,48,32"
init_features=64
bn_size=4
compression=0.5
weights=random:0
device=cpu

[view]
scale=1.25
topk=5

[window]
version=1
geometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\x4\\xff\\0\\0\\x2\\xcf)
state=@ByteArray(\\0\\0\\0\\xff\\0\\0\\0\\0\\xfd\\0\\0\\0\\x1)
""")
    out("settings", "variant.ini", b"[model]\nvariant=densenet121\nweights=imagenet\ndevice=auto\n"
        b"[growth]\ncomparisons\\size=1\ncomparisons\\1\\variant=densenet201\n")


if __name__ == "__main__":
    settings_seeds()
    scan_cache_seeds()
    labels_seeds()
    head_seeds()
    regression_seeds()
    weights_seeds()
    checkpoint_seeds()
    npy_seeds()
    image_seeds()
