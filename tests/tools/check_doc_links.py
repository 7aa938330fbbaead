#!/usr/bin/env python3
"""Every relative link in the repository's Markdown (README.md, docs/, benchmarks/, packaging/)
leads somewhere: the file or folder exists in the checkout, and a #fragment names a heading
of the target (GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, -N for
repeats). Also every `./dev ...` and `densescope-cli COMMAND` named in README.md exists.

Usage: check_doc_links.py SOURCE_DIR [DENSESCOPE_CLI]
"""
import os
import re
import subprocess
import sys

root = sys.argv[1]
cli = sys.argv[2] if len(sys.argv) > 2 else None
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~)")


def markdown_files():
    for top in ["README.md"]:
        yield os.path.join(root, top)
    for folder in ["docs", "benchmarks", "packaging", "fuzz", "tests"]:
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for f in files:
                if f.endswith(".md"):
                    yield os.path.join(dirpath, f)


def anchors(path, cache={}):
    if path not in cache:
        seen, out, fenced = {}, set(), False
        for line in open(path, encoding="utf-8"):
            if FENCE.match(line):
                fenced = not fenced
            if fenced or not line.startswith("#"):
                continue
            text = line.lstrip("#").strip()
            text = re.sub(r"`", "", text)
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
            slug = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            out.add(slug if n == 0 else f"{slug}-{n}")
        cache[path] = out
    return cache[path]


def prose(path):
    """The file's lines outside fenced code blocks, with their numbers."""
    fenced = False
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


errors = []
for md in markdown_files():
    here = os.path.dirname(md)
    for number, line in prose(md):
        for target in LINK.findall(line):
            if re.match(r"^(https?:|mailto:)", target):
                continue
            path, _, fragment = target.partition("#")
            dest = os.path.normpath(os.path.join(here, path)) if path else md
            where = f"{os.path.relpath(md, root)}:{number}: {target}"
            if not os.path.exists(dest):
                errors.append(f"{where}: no such file")
            elif fragment and dest.endswith(".md") and fragment not in anchors(dest):
                errors.append(f"{where}: {os.path.relpath(dest, root)} has no heading #{fragment}")

readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
dev = open(os.path.join(root, "dev"), encoding="utf-8").read()
for command in sorted(set(re.findall(r"\./dev (\w+)", readme))):
    if not re.search(rf"^\s+{command}\)", dev, re.M) and not re.search(rf"^\s+{command}\|", dev, re.M):
        errors.append(f"README.md: ./dev {command}: dev has no such command")
if cli:
    listed = subprocess.run([cli, "--help"], capture_output=True, text=True).stdout
    for command in sorted(set(re.findall(r"densescope-cli ([a-z][a-z-]+)", readme))):
        if command not in listed:
            errors.append(f"README.md: densescope-cli {command}: not a command of densescope-cli --help")

for e in errors:
    print(e)
print(f"check_doc_links: {len(errors)} broken" if errors else "check_doc_links: every link leads somewhere")
sys.exit(1 if errors else 0)
