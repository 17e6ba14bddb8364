"""Check that the installed .deb gets every shared library it loads from its Depends.

    python3 packaging/linux/check_depends.py [/opt/lawgov-desktop]

For every ELF file of the installed bundle, `ldd` (with the bundle's own library folders
first, as the PyInstaller boot loader arranges) lists the libraries it loads. Each one found
outside the bundle must belong to a package in the installed lawgov-desktop's dependency
closure (`apt-cache depends --recurse`); one that is not found at all, or comes from a package
outside that closure, means the .deb would break on a clean machine. Exits 1 then.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = "lawgov-desktop"


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def closure(package: str) -> set[str]:
    out = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
         "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", package],
        capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines():
        name = line.split(":", 1)[-1].strip() if ":" in line else line.strip()
        name = name.strip("<>|").split(":")[0]  # <virtual>, |alternative, pkg:amd64
        if name:
            names.add(name)
    return names


def owner(path: str, cache: dict[str, str | None]) -> str | None:
    if path not in cache:
        real = os.path.realpath(path)
        found = None
        for candidate in (path, real, real.replace("/usr/lib/", "/lib/", 1),
                          real.replace("/lib/", "/usr/lib/", 1)):
            proc = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if proc.returncode == 0:
                found = proc.stdout.split(":", 1)[0].split(",")[0].strip()
                break
        cache[path] = found
    return cache[path]


def main() -> int:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else f"/opt/{PACKAGE}")
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6/Qt/lib'}")
    allowed = closure(PACKAGE)
    owners: dict[str, str | None] = {}
    problems: list[str] = []
    used: dict[str, set[str]] = {}
    files = [p for p in bundle.rglob("*") if p.is_file() and is_elf(p)]
    for elf in files:
        proc = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
        for line in proc.stdout.splitlines():
            m = re.match(r"\s*(\S+) => (not found|\S+)", line)
            if not m:
                continue
            name, where = m.groups()
            rel = elf.relative_to(bundle)
            if where == "not found":
                problems.append(f"{rel}: {name} not found")
            elif not where.startswith(str(bundle)):
                pkg = owner(where, owners)
                if pkg is None:
                    problems.append(f"{rel}: {where} belongs to no package")
                elif pkg.split(":")[0] not in allowed:
                    problems.append(f"{rel}: {where} comes from {pkg}, not in the Depends")
                else:
                    used.setdefault(pkg.split(":")[0], set()).add(name)
    print(f"{len(files)} ELF files checked; system packages used: "
          + ", ".join(sorted(used)))
    for p in sorted(set(problems)):
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
