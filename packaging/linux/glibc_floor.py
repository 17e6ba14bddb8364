"""The oldest glibc a Linux bundle runs on: the newest GLIBC_x.y version any of its files needs.

    python3 packaging/linux/glibc_floor.py DIR              # prints e.g. 2.31
    python3 packaging/linux/glibc_floor.py DIR --max 2.31   # exit 1 if a file needs more
    python3 packaging/linux/glibc_floor.py DIR --top 5      # the files and symbols that set it

Prints nothing (exit 0) when no file needs a versioned glibc symbol; exit 2 without objdump.

Every ELF file under DIR is read with `objdump -T` (binutils); each undefined dynamic symbol
bound to a version GLIBC_x.y (memcpy@GLIBC_2.14, ...) is a version the system's libc.so.6 must
provide, or the dynamic loader refuses to start the program ("version `GLIBC_2.34' not
found"). build-deb.sh writes the floor into the .deb's `Depends: libc6 (>= x.y)`;
build-compat.sh fails when the compat bundle needs a newer glibc than its target.
Runs on Python 3.9 too (the compat chroot's python3).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

# "0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.14) memcpy": binutils >= 2.35
# puts the version in brackets, older ones print it bare.
UND_LINE = re.compile(r"\*UND\*\s+[0-9a-fA-F]+\s+\(?GLIBC_([0-9]+(?:\.[0-9]+)+)\)?\s+(\S+)")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def parse_objdump(text: str) -> dict[str, str]:
    """The GLIBC version each undefined symbol of one `objdump -T` listing needs."""
    needs: dict[str, str] = {}
    for line in text.splitlines():
        m = UND_LINE.search(line)
        if m:
            version, symbol = m.groups()
            if symbol not in needs or version_key(version) > version_key(needs[symbol]):
                needs[symbol] = version
    return needs


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def file_needs(path: Path) -> dict[str, str]:
    proc = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True)
    return parse_objdump(proc.stdout)


def scan(root: Path) -> list[tuple[str, str, str]]:
    """(version, file, symbol) for every GLIBC-versioned symbol needed under root."""
    found = []
    for path in elf_files(root):
        rel = str(path.relative_to(root)) if path != root else path.name
        for symbol, version in file_needs(path).items():
            found.append((version, rel, symbol))
    found.sort(key=lambda item: (version_key(item[0]), item[1], item[2]), reverse=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("path", type=Path, help="bundle folder (or one ELF file)")
    parser.add_argument("--max", help="fail when a file needs a newer glibc than this")
    parser.add_argument("--top", type=int, default=0, help="list the N newest needs")
    args = parser.parse_args(argv)
    if not args.path.exists():
        parser.error(f"{args.path} does not exist")
    if shutil.which("objdump") is None:
        print("glibc_floor.py needs objdump (apt-get install binutils)", file=sys.stderr)
        return 2
    found = scan(args.path)
    if not found:  # no ELF files (a stand-in bundle) or only static ones: prints nothing
        print(f"no file under {args.path} needs a versioned glibc symbol", file=sys.stderr)
        return 0
    floor = found[0][0]
    print(floor)
    for version, rel, symbol in found[: args.top]:
        print(f"  GLIBC_{version}  {symbol}  {rel}", file=sys.stderr)
    if args.max and version_key(floor) > version_key(args.max):
        too_new = [item for item in found if version_key(item[0]) > version_key(args.max)]
        print(f"{len(too_new)} symbols need a glibc newer than {args.max}:", file=sys.stderr)
        for version, rel, symbol in too_new[:40]:
            print(f"  GLIBC_{version}  {symbol}  {rel}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
