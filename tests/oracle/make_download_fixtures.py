#!/usr/bin/env python3
"""Files for the download tests (tst_download), made from torchvision's output at test time.

Usage: make_download_fixtures.py FIXTURES_DIR

Reads FIXTURES_DIR/tiny.pth (the tiny DenseNet's state dict, saved with torch.save by
make_fixtures.py) and writes FIXTURES_DIR/download/:
  tiny-<first 8 hex of its SHA-256>.pth   the same bytes under a torch.hub-style name
  densenet121-a639ec97.pth                the same bytes under the official name: its hash
                                          does NOT match (the mismatch case)
  download.json                           {"file": name, "sha256": full hex, "bytes": size}
The state dict is loaded back with torch.load to check it is a real checkpoint.
"""
import hashlib
import json
import os
import shutil
import sys

import torch


def main():
    fixtures = sys.argv[1]
    src = os.path.join(fixtures, "tiny.pth")
    state = torch.load(src, map_location="cpu")
    assert "classifier.weight" in state, "tiny.pth is not the tiny DenseNet's state dict"
    with open(src, "rb") as f:
        data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    assert not digest.startswith("a639ec97")
    out = os.path.join(fixtures, "download")
    os.makedirs(out, exist_ok=True)
    name = "tiny-%s.pth" % digest[:8]
    shutil.copyfile(src, os.path.join(out, name))
    shutil.copyfile(src, os.path.join(out, "densenet121-a639ec97.pth"))
    with open(os.path.join(out, "download.json"), "w") as f:
        json.dump({"file": name, "sha256": digest, "bytes": len(data)}, f)
    print("wrote", os.path.join(out, name), len(data), "bytes")


if __name__ == "__main__":
    main()
