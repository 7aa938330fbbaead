#!/usr/bin/env python3
"""Writes a program's man page from its own --help and --version (run at build time by
packaging/CMakeLists.txt), so every command and flag in the page is the program's own.

    make_manpage.py PROGRAM TEMPLATE OUT [--date YYYY-MM-DD]

TEMPLATE (packaging/man/NAME.1.in) is hand-written troff: the title, NAME, DESCRIPTION, EXIT
STATUS, ENVIRONMENT, FILES, SEE ALSO. The script replaces in it
    @VERSION@   DenseScope's version, from the first line of `PROGRAM --version`
    @DATE@      --date (the release date)
    @SYNOPSIS@  .SH SYNOPSIS from the "Usage:" lines of `PROGRAM --help`
    @OPTIONS@   every "Xxx:" section of `PROGRAM --help` (Options, Arguments, ...); a
                "Commands:" section becomes .SH COMMANDS, with each command's own
                `PROGRAM COMMAND --help` under it
The help layout it reads is QCommandLineParser's (densescope-bench writes the same layout):
    Usage: NAME ...            (more usage lines indented under it)
    description paragraphs
    Options:
      -h, --help     text      (an entry: two spaces, the term, two or more spaces, text;
                     more text  deeper-indented lines continue it)
Anything it cannot read (a program that fails, a help text without a Usage line or without
entries) stops the build with a message, rather than writing a page that is wrong.
"""
import os
import re
import subprocess
import sys


def fail(message):
    sys.exit(f"make_manpage.py: {message}")


def run(argv):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)  # --help and --version must not need one
    env.pop("WAYLAND_DISPLAY", None)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        fail(f"cannot run {' '.join(argv)}: {e}")
    if done.returncode != 0:
        fail(f"{' '.join(argv)} exited with {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def esc(text):
    """Plain text to troff: backslashes, minus signs, anything outside ASCII as \\[uXXXX]."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\e")
        elif ch == "-":
            out.append("\\-")
        elif ord(ch) > 126:
            out.append(f"\\[u{ord(ch):04X}]")
        else:
            out.append(ch)
    line = "".join(out)
    return "\\&" + line if line.startswith((".", "'")) else line


def term(text):
    """An option or synopsis term: flags bold, <values> and UPPERCASE placeholders italic."""
    parts = re.split(r"(<[^>]+>|(?<![\w-])--?[A-Za-z][\w-]*)", text)
    out = []
    for p in parts:
        if not p:
            continue
        if p.startswith("<") and p.endswith(">"):
            out.append("\\fI" + esc(p[1:-1]) + "\\fR")
        elif p.startswith("-"):
            out.append("\\fB" + esc(p) + "\\fR")
        else:
            out.append(esc(p))
    return "".join(out)


def parse_help(text, program):
    """-> (usage lines, description paragraphs, [(title, entries, notes)]).
    An entry is (term, [text lines]); notes are paragraphs after the section's entries."""
    lines = text.rstrip("\n").split("\n")
    usage, description, sections = [], [], []
    i = 0
    while i < len(lines) and not lines[i].startswith("Usage:"):
        i += 1
    if i == len(lines):
        fail(f"{program} --help has no 'Usage:' line")
    usage.append(lines[i][len("Usage:"):].strip())
    i += 1
    while i < len(lines) and lines[i].startswith(" ") and lines[i].strip():
        usage.append(lines[i].strip())
        i += 1
    paragraph, current = [], None
    for line in lines[i:] + [""]:
        if not line.strip():
            if paragraph:
                (current[2] if current else description).append(" ".join(paragraph))
                paragraph = []
            continue
        heading = re.fullmatch(r"([A-Z][A-Za-z ]*):", line)
        if heading:
            current = (heading.group(1), [], [])
            sections.append(current)
            continue
        entry = re.match(r"  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if current is not None and entry and not current[2] and not paragraph:
            current[1].append((entry.group(1), [entry.group(2)] if entry.group(2) else []))
        elif current is not None and line.startswith("   ") and current[1] and not paragraph:
            current[1][-1][1].append(line.strip())
        else:
            paragraph.append(line.strip())
    # Notes after a section's entries (text at column 0) belong to the page, not the section.
    for _, entries, notes in sections:
        if not entries and not notes:
            fail(f"{program} --help: a section without entries")
    return usage, description, sections


def synopsis(usage, program, name):
    out = [".SH SYNOPSIS", ".nf"]
    for line in usage:
        line = re.sub(r"^\S*" + re.escape(name) + r"\b", "", line).strip()
        out.append("\\fB" + esc(name) + "\\fR " + term(line))
    out.append(".fi")
    return out


def entries_troff(entries):
    out = []
    for t, text in entries:
        out += [".TP", term(t)]
        if text:
            out.append(esc(" ".join(text)))
    return out


def command_entries(entries):
    """Commands: "name  synopsis (what it does)"; -> [(name, synopsis, note)]."""
    out = []
    for t, text in entries:
        whole = " ".join([t] + text)
        name, _, rest = whole.partition(" ")
        rest = rest.strip()
        note = ""
        m = re.search(r"(?:^|\s)\((.*)\)$", rest)
        if m:
            note, rest = m.group(1), rest[: m.start()].strip()
        out.append((name, rest, note))
    return out


def options_troff(program, name, sections):
    out = []
    for title, entries, notes in sections:
        if title == "Commands":
            out.append(".SH COMMANDS")
            for command, syn, note in command_entries(entries):
                help_text = run([program, command, "--help"])
                _, cdesc, csections = parse_help(help_text, f"{name} {command}")
                out += [".SS " + esc(command), ".PP",
                        "\\fB" + esc(name) + " " + esc(command) + "\\fR " + term(syn)]
                for p in ([note[0].upper() + note[1:] + "."] if note else []) + cdesc:
                    out += [".PP", esc(p)]
                for ctitle, centries, cnotes in csections:
                    out += [".PP", "\\fI" + esc(ctitle) + ":\\fR", ".RS 4"]
                    out += entries_troff(centries) + [".RE"]
                    for p in cnotes:
                        out += [".PP", esc(p)]
        else:
            out.append(".SH " + esc(title.upper()))
            out += entries_troff(entries)
        for p in notes:
            out += [".PP", esc(p)]
    return out


def main():
    args = sys.argv[1:]
    date = ""
    if "--date" in args:
        k = args.index("--date")
        date = args[k + 1]
        del args[k:k + 2]
    if len(args) != 3:
        fail("usage: make_manpage.py PROGRAM TEMPLATE OUT [--date YYYY-MM-DD]")
    program, template, out_path = args
    name = os.path.basename(program)
    first = run([program, "--version"]).split("\n")[0]
    m = re.fullmatch(re.escape(name) + r" \(DenseScope\) (\S+)", first)
    if not m:
        fail(f"{name} --version: expected '{name} (DenseScope) VERSION', got '{first}'")
    usage, description, sections = parse_help(run([program, "--help"]), name)
    with open(template, encoding="utf-8") as f:
        page = f.read()
    replacements = {
        "@VERSION@": m.group(1),
        "@DATE@": date,
        "@SYNOPSIS@": "\n".join(synopsis(usage, program, name)),
        "@DESCRIPTION@": "\n".join(x for p in description for x in (".PP", esc(p))),
        "@OPTIONS@": "\n".join(options_troff(program, name, sections)),
    }
    for key, value in replacements.items():
        page = page.replace(key, value)
    # No hyphenation, ragged right: flags and file names stay whole and copyable.
    page = re.sub(r"^(\.TH .*\n)", r"\1.nh\n.ad l\n", page, count=1, flags=re.M)
    leftover = re.search(r"@[A-Z]+@", page)
    if leftover:
        fail(f"{template}: unknown placeholder {leftover.group(0)}")
    header = (f'.\\" {name}(1), made by packaging/man/make_manpage.py from {os.path.basename(template)}'
              f" and `{name} --help`: edit those, not this.\n")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(header + page)


if __name__ == "__main__":
    main()
