"""Writers for the three weight-file formats DenseScope reads, as PyTorch/timm make them.

- zip:         torch.save(state_dict, path)  (today's default)
- legacy:      torch.save(..., _use_new_zipfile_serialization=False) with torchvision's 2017
               key names (denselayerN.norm.1.weight) and no num_batches_tracked, like the
               official densenet121-a639ec97.pth
- safetensors: 8-byte little-endian header length, JSON header, raw data (timm's files)
"""
import json
import re
import struct
from collections import OrderedDict

import torch

_NEW_KEY = re.compile(r"^(.*denselayer\d+\.)(norm|relu|conv)([12])\.(weight|bias|running_mean|running_var)$")


def to_legacy_keys(state_dict):
    """New torchvision names -> the 2017 file's names (norm1.weight -> norm.1.weight)."""
    out = OrderedDict()
    for key, value in state_dict.items():
        if key.endswith("num_batches_tracked"):
            continue
        m = _NEW_KEY.match(key)
        out[f"{m.group(1)}{m.group(2)}.{m.group(3)}.{m.group(4)}" if m else key] = value
    return out


def save_zip(state_dict, path):
    torch.save(state_dict, path)


def save_legacy(state_dict, path):
    torch.save(to_legacy_keys(state_dict), path, _use_new_zipfile_serialization=False)


_ST_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
              torch.float64: "F64"}


def save_safetensors(state_dict, path, metadata=None):
    header, blobs, offset = {}, [], 0
    for key, t in state_dict.items():
        t = t.detach().contiguous().cpu()
        data = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[key] = {"dtype": _ST_DTYPES[t.dtype], "shape": list(t.shape),
                       "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = metadata or {"format": "pt"}
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
