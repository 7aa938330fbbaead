#!/usr/bin/env python3
"""Unusual, damaged and hostile weight files for tst_weights, made during the test run.

Usage: make_weight_files.py OUT_DIR

All from torchvision DenseNets with randomised weights and BatchNorm statistics:
  py2.legacy.pth            a legacy torch.save file written the way Python 2 / PyTorch 0.3 wrote
                            the official 2017 files (opcodes emitted by hand: SHORT_BINSTRING keys,
                            OrderedDict([[key, value], ...]) via REDUCE, _rebuild_tensor v1, BINPUT/
                            BINGET memo, 'cuda:0' locations), plus shared storages with offsets, a
                            transposed (strided) tensor and a legacy storage view
  py2.expected.json         {key: {"shape": [...], "values": [...]}} for it (float32 values)
  tiny.{fp16,bf16}.safetensors, tiny.fp16.pth, tiny.f64.pth and <name>.ref.safetensors (the
                            same values converted to float32, what DenseScope must produce)
  tiny.{variant}.pth        weights that do not fit the tiny model (growth rate 12, 10 classes,
                            a missing and an extra key), a "module."-prefixed and a checkpoint dict
  evil_*.pth/.pkl           pickles that would run os.system / eval in Python (marker file
                            pwned.marker must never appear)
  rewrite_{a,b}.pth         two densenet121 checkpoints of identical layout (rewritten in place)
  bad_*                     truncated, corrupt and lying files (sizes of 2^60 bytes and the like;
                            bad_zip_flip.pth: one bit of tensor data flipped)
tiny = DenseNet(growth_rate=8, block_config=(2, 3, 2), num_init_features=16, bn_size=2).
"""
import collections
import io
import json
import os
import pickle
import random
import struct
import sys
import zipfile

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import formats  # noqa: E402

TINY = dict(growth_rate=8, block_config=(2, 3, 2), num_init_features=16, bn_size=2)


def tiny_model(seed, **overrides):
    torch.manual_seed(seed)
    kw = dict(TINY)
    kw.update(overrides)
    model = torchvision.models.DenseNet(**kw)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.1)
                m.running_mean.normal_(0.0, 0.2)
                m.running_var.uniform_(0.5, 2.0)
                m.num_batches_tracked.fill_(seed + 3)
        model.classifier.bias.normal_(0.0, 0.1)
    return model.eval()


class Py2Pickler:
    """Writes pickle protocol 2 the way Python 2's cPickle did for PyTorch 0.3 state dicts."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")
        self.memo = {}

    def put(self, key=None):
        i = len(self.memo)
        self.memo[key if key is not None else ("anon", i)] = i
        self.out += b"q" + bytes([i]) if i < 256 else b"r" + struct.pack("<I", i)

    def get_or(self, key, emit):
        if key in self.memo:
            i = self.memo[key]
            self.out += b"h" + bytes([i]) if i < 256 else b"j" + struct.pack("<I", i)
        else:
            emit()
            self.put(key)

    def string(self, s):  # Python 2 str: a byte string
        def emit():
            b = s.encode()
            self.out += (b"U" + bytes([len(b)]) if len(b) < 256 else b"T" + struct.pack("<i", len(b))) + b
        self.get_or(("str", s), emit)

    def int(self, v):
        if 0 <= v < 256:
            self.out += b"K" + bytes([v])
        elif 0 <= v < 65536:
            self.out += b"M" + struct.pack("<H", v)
        elif -2**31 <= v < 2**31:
            self.out += b"J" + struct.pack("<i", v)
        else:
            n = (v.bit_length() + 8) // 8
            self.out += b"\x8a" + bytes([n]) + v.to_bytes(n, "little", signed=True)

    def glob(self, module, name):
        self.get_or(("global", module, name), lambda: self.out.extend(f"c{module}\n{name}\n".encode()))

    def tuple_of(self, items, emit_item):
        if len(items) == 0:
            self.out += b")"
        elif len(items) <= 3:
            for x in items:
                emit_item(x)
            self.out += bytes([0x84 + len(items)])
        else:
            self.out += b"("
            for x in items:
                emit_item(x)
            self.out += b"t"
        self.put()

    def stop(self):
        self.out += b"."
        return bytes(self.out)


def py2_legacy_file(state_dict, path):
    """state_dict: OrderedDict key -> tensor (legacy names). Some tensors share storages."""
    keys = list(state_dict.keys())
    storages = collections.OrderedDict()  # key -> float32 1-D data
    refs = {}  # tensor key -> (storage key, view (view_key, offset, size) or None, offset, size, stride)
    next_key = [140234000000000]

    def new_storage(data):
        k = str(next_key[0])
        next_key[0] += 96
        storages[k] = data.contiguous().reshape(-1).float()
        return k

    for k in keys:
        t = state_dict[k]
        if k.endswith("running_mean") and k.replace("running_mean", "running_var") in state_dict:
            var = state_dict[k.replace("running_mean", "running_var")]
            sk = new_storage(torch.cat([t.reshape(-1), var.reshape(-1)]))  # shared, var at an offset
            refs[k] = (sk, None, 0, list(t.shape), [1])
            refs[k.replace("running_mean", "running_var")] = (sk, None, t.numel(), list(var.shape), [1])
        elif k.endswith("running_var") and k in refs:
            continue
        elif k == "classifier.weight":  # stored transposed: a strided view
            sk = new_storage(t.t())
            refs[k] = (sk, None, 0, list(t.shape), [1, t.shape[0]])
        elif k == "features.conv0.weight":  # a legacy storage view: window [7, 7 + numel) of a root
            root = torch.cat([torch.full((7,), -1.0), t.reshape(-1), torch.full((3,), -2.0)])
            sk = new_storage(root)
            refs[k] = (sk, (sk + "_view", 7, t.numel()), 0, list(t.shape), list(t.stride()))
        else:
            sk = new_storage(t)
            refs[k] = (sk, None, 0, list(t.shape), list(t.stride()))

    def small(body):
        p = Py2Pickler()
        body(p)
        return p.stop()

    magic = b"\x80\x02\x8a\x0a" + (0x1950A86A20F9469CFC6C).to_bytes(10, "little") + b"."
    proto = small(lambda p: p.int(1001))

    def sys_info(p):
        p.out += b"}"
        p.put()
        p.out += b"("
        for name, value in (("protocol_version", 1001), ("little_endian", True),
                            ("type_sizes", {"short": 2, "int": 4, "long": 8})):
            p.string(name)
            if value is True:
                p.out += b"\x88"
            elif isinstance(value, dict):
                p.out += b"}"
                p.put()
                p.out += b"("
                for kk, vv in value.items():
                    p.string(kk)
                    p.int(vv)
                p.out += b"u"
            else:
                p.int(value)
        p.out += b"u"

    def obj(p):
        p.glob("collections", "OrderedDict")
        p.out += b"]"  # the list of [key, value] pairs
        p.put()
        p.out += b"("
        for i, k in enumerate(keys):
            if i and i % 7 == 0:  # several APPENDS batches, as cPickle does every 1000 items
                p.out += b"e("
            p.out += b"]"
            p.put()
            p.out += b"("
            p.string(k)
            sk, view, offset, size, stride = refs[k]
            p.glob("torch._utils", "_rebuild_tensor")
            p.out += b"("
            p.out += b"("  # persistent id tuple
            p.string("storage")
            p.glob("torch", "FloatStorage")
            p.string(sk)
            p.string("cuda:0")
            p.int(storages[sk].numel())
            if view is None:
                p.out += b"N"
            else:
                p.out += b"("
                p.string(view[0])
                p.int(view[1])
                p.int(view[2])
                p.out += b"t"
                p.put()
            p.out += b"t"
            p.put()
            p.out += b"Q"
            p.int(offset)
            p.tuple_of(size, p.int)
            p.tuple_of(stride, p.int)
            p.out += b"t"
            p.put()
            p.out += b"R"
            p.put()
            p.out += b"e"
        p.out += b"e"
        p.out += b"\x85"  # TUPLE1: the argument tuple
        p.put()
        p.out += b"R"
        p.put()

    storage_keys = list(reversed(storages.keys()))  # data order follows this list, not the object

    def key_list(p):
        p.out += b"]"
        p.put()
        p.out += b"("
        for k in storage_keys:
            p.string(k)
        p.out += b"e"

    with open(path, "wb") as f:
        for part in (magic, proto, small(sys_info), small(obj), small(key_list)):
            f.write(part)
        for k in storage_keys:
            data = storages[k]
            f.write(struct.pack("<q", data.numel()))
            f.write(data.numpy().tobytes())


def legacy_prefix():
    """The first three pickles of a legacy torch.save file (magic, protocol, sys_info)."""
    buf = io.BytesIO()
    torch.save({}, buf, _use_new_zipfile_serialization=False)
    data = buf.getvalue()
    f = io.BytesIO(data)
    for _ in range(3):
        pickle.load(f)
    return data[:f.tell()]


def persid(key, numel, dtype="FloatStorage"):
    return (b"(X\x07\x00\x00\x00storage" + f"ctorch\n{dtype}\n".encode() + b"X" + struct.pack("<I", len(key)) +
            key.encode() + b"X\x03\x00\x00\x00cpu\x8a\x08" + struct.pack("<q", numel) + b"Ntq\x00Q")


def hostile_legacy(obj_pickle, storage_keys=(), storage_bytes=b""):
    keys = pickle.dumps(list(storage_keys), protocol=2)
    return legacy_prefix() + obj_pickle + keys + storage_bytes


def one_tensor(numel, size, stride, offset=0):
    """Object pickle of OrderedDict {'w': _rebuild_tensor_v2(storage 'k0', ...)}."""
    def tup(vals):
        return b"(" + b"".join(b"J" + struct.pack("<i", v) for v in vals) + b"t"
    return (b"\x80\x02ccollections\nOrderedDict\n)R(X\x01\x00\x00\x00wctorch._utils\n_rebuild_tensor_v2\n(" +
            persid("k0", numel) + b"J" + struct.pack("<i", offset) + tup(size) + tup(stride) + b"\x89N" +
            b"tRu.")


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return (self.fn, (self.arg,))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    j = lambda name: os.path.join(out, name)  # noqa: E731

    # Python 2 style legacy file and its expected values (legacy key names, as in the file).
    sd = formats.to_legacy_keys(tiny_model(11).state_dict())
    py2_legacy_file(sd, j("py2.legacy.pth"))
    with open(j("py2.expected.json"), "w") as f:
        json.dump({k: {"shape": list(v.shape), "values": [float(x) for x in v.reshape(-1).tolist()]}
                   for k, v in sd.items()}, f)

    # Other dtypes and their float32 reference.
    base = tiny_model(12).state_dict()

    def converted(dtype):
        return collections.OrderedDict((k, v.to(dtype) if v.is_floating_point() else v) for k, v in base.items())

    def ref(dtype):
        return collections.OrderedDict((k, v.to(dtype).float() if v.is_floating_point() else v)
                                       for k, v in base.items())
    formats.save_safetensors(converted(torch.float16), j("tiny.fp16.safetensors"))
    formats.save_safetensors(ref(torch.float16), j("tiny.fp16.ref.safetensors"))
    formats.save_zip(converted(torch.float16), j("tiny.fp16.pth"))
    formats.save_safetensors(converted(torch.bfloat16), j("tiny.bf16.safetensors"))
    formats.save_safetensors(ref(torch.bfloat16), j("tiny.bf16.ref.safetensors"))
    torch.save(converted(torch.float64), j("tiny.f64.pth"), _use_new_zipfile_serialization=False)
    formats.save_safetensors(base, j("tiny.f32.safetensors"))
    formats.save_zip(collections.OrderedDict(("module." + k, v) for k, v in base.items()), j("tiny.module.pth"))
    torch.save({"epoch": 7, "state_dict": base}, j("tiny.checkpoint.pth"))

    # Weights that do not fit the tiny model.
    formats.save_zip(tiny_model(13, growth_rate=12, num_init_features=24).state_dict(), j("tiny.k12.pth"))
    formats.save_zip(tiny_model(14, num_classes=10).state_dict(), j("tiny.classes10.pth"))
    odd = collections.OrderedDict(base)
    del odd["features.norm5.running_var"]
    odd["features.extra.weight"] = torch.ones(3)
    formats.save_zip(odd, j("tiny.extra_missing.pth"))

    # Pickles that run code when Python loads them. Nothing must run; the marker must not appear.
    marker = j("pwned.marker")
    if os.path.exists(marker):
        os.remove(marker)
    touch = Evil(os.system, f"touch {marker}")
    write(j("evil_protocol2.pkl"), pickle.dumps(touch, protocol=2))
    write(j("evil_protocol4.pkl"), pickle.dumps(touch, protocol=4))
    torch.save(touch, j("evil_zip.pth"))
    torch.save(touch, j("evil_legacy.pth"), _use_new_zipfile_serialization=False)
    run_eval = Evil(eval, f"__import__('os').system('touch {marker}')")
    torch.save(run_eval, j("evil_eval.pth"))
    write(j("evil_eval4.pkl"), pickle.dumps(run_eval, protocol=4))
    torch.save(collections.OrderedDict([("w", torch.ones(2)), ("b", touch)]), j("evil_in_state_dict.pth"),
               _use_new_zipfile_serialization=False)

    # Two versions of one checkpoint (same layout, other values, ~32 MB each): tst_weights
    # rewrites one over the other in place while reading it, as a training script saving
    # latest.pth every epoch does.
    for seed, name in ((21, "rewrite_a.pth"), (22, "rewrite_b.pth")):
        torch.manual_seed(seed)
        formats.save_zip(torchvision.models.densenet121().state_dict(), j(name))

    # Damaged files, cut from good ones.
    zip_bytes = open(j("tiny.fp16.pth"), "rb").read()
    legacy_bytes = open(j("tiny.f64.pth"), "rb").read()
    st_bytes = open(j("tiny.f32.safetensors"), "rb").read()
    write(j("bad_zip_half.pth"), zip_bytes[:len(zip_bytes) // 2])
    write(j("bad_zip_tail.pth"), zip_bytes[:-30])
    # One bit of tensor data flipped (the largest storage, mid-way): every length and offset
    # still fits, so only the entry's CRC-32 can tell.
    with zipfile.ZipFile(j("tiny.fp16.pth")) as z:
        entry = max((i for i in z.infolist() if "/data/" in i.filename), key=lambda i: i.file_size)
    name_len, extra_len = struct.unpack("<HH", zip_bytes[entry.header_offset + 26:entry.header_offset + 30])
    at = entry.header_offset + 30 + name_len + extra_len + entry.file_size // 2
    flipped = bytearray(zip_bytes)
    flipped[at] ^= 0x01
    write(j("bad_zip_flip.pth"), bytes(flipped))
    write(j("bad_legacy_data.pth"), legacy_bytes[:-100])
    write(j("bad_legacy_pickle.pth"), legacy_bytes[:400])
    write(j("bad_st_data.safetensors"), st_bytes[:-100])
    write(j("bad_st_header.safetensors"), st_bytes[:60])
    with zipfile.ZipFile(j("tiny.fp16.pth")) as src, zipfile.ZipFile(j("bad_deflated.pth"), "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
    rng = random.Random(5)
    write(j("bad_garbage.bin"), b"\x42" + bytes(rng.getrandbits(8) for _ in range(4095)))
    write(j("bad_garbage_pickle.pth"), b"\x80\x02" + bytes(rng.getrandbits(8) for _ in range(4094)))
    write(j("bad_empty.pth"), b"")
    torch.save([1, 2, 3], j("bad_not_a_dict.pth"))
    write(j("bad_plain_pickle.pkl"), pickle.dumps({"w": 1.5}, protocol=2))

    # Lying safetensors headers.
    write(j("bad_st_huge_header.safetensors"), struct.pack("<Q", 2**60) + b'{"w":{}}')

    def st(header, data):
        raw = json.dumps(header).encode()
        return struct.pack("<Q", len(raw)) + raw + data
    write(j("bad_st_offsets.safetensors"),
          st({"w": {"dtype": "F32", "shape": [1000000], "data_offsets": [0, 4000000]}}, b"\0" * 16))
    write(j("bad_st_span.safetensors"), st({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}}, b"\0" * 16))
    write(j("bad_st_huge_shape.safetensors"),
          st({"w": {"dtype": "F32", "shape": [2**40, 2**40], "data_offsets": [0, 16]}}, b"\0" * 16))
    write(j("bad_st_dtype.safetensors"), st({"w": {"dtype": "C64", "shape": [2], "data_offsets": [0, 16]}},
                                            b"\0" * 16))
    deep = b'{"w": ' + b"[" * 100
    write(j("bad_st_json.safetensors"), struct.pack("<Q", len(deep)) + deep)

    # Lying legacy pickles (hand-made opcodes after a real magic/protocol/sys_info prefix).
    write(j("bad_huge_string.pth"), hostile_legacy(b"\x80\x02X\xf0\xff\xff\xffabc"))
    write(j("bad_huge_string8.pth"), hostile_legacy(b"\x80\x04\x8d" + struct.pack("<Q", 2**60) + b"abc"))
    write(j("bad_huge_frame.pth"), hostile_legacy(b"\x80\x04\x95" + struct.pack("<Q", 2**62) + b"N."))
    write(j("bad_memo.pth"), hostile_legacy(b"\x80\x02h\x4d."))
    write(j("bad_deep.pth"), hostile_legacy(b"\x80\x02" + b"(" * 100000 + b"."))
    write(j("bad_underflow.pth"), hostile_legacy(b"\x80\x02R."))
    write(j("bad_huge_storage.pth"),
          hostile_legacy(one_tensor(2**60, [2**30], [1]), ["k0"], struct.pack("<q", 2**60) + b"\0" * 64))
    write(j("bad_view.pth"), hostile_legacy(one_tensor(50, [10, 10], [10, 1]), ["k0"],
                                            struct.pack("<q", 50) + b"\0" * 200))
    write(j("bad_count.pth"), hostile_legacy(one_tensor(50, [5], [1]), ["k0"], struct.pack("<q", 49) + b"\0" * 200))
    print("weight files written to", out)


if __name__ == "__main__":
    main()
