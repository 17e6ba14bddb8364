"""Draw the application icon: a red seal (印章) with 法 in white, like an official stamp.

Writes resources/icons/lawgov-desktop.png (256 px), the smaller PNG sizes the Linux hicolor
theme wants (lawgov-desktop-<N>.png) and lawgov-desktop.ico (16–256 px) for Windows. The generated
files are committed; run this again only to change the design:

    .venv/bin/python packaging/make_icon.py [--font PATH]

Needs Pillow and a CJK TrueType font (Debian: fonts-arphic-gkai00mp or fonts-wqy-zenhei).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
NAME = "lawgov-desktop"
CHARACTER = "法"
RED = (190, 22, 34, 255)        # seal-paste red
WHITE = (255, 250, 245, 255)
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",   # 楷体, a brush-written seal
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/simkai.ttf",
    "C:/Windows/Fonts/simhei.ttf",
)


def find_font(explicit: str | None) -> Path:
    for candidate in ([explicit] if explicit else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise SystemExit("no CJK TrueType font found; pass --font PATH")


def draw(size: int, font_path: Path) -> Image.Image:
    """One icon drawn at 4× and scaled down, so the edges are smooth at every size."""
    scale = 4
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = round(s * 0.04)
    radius = round(s * 0.14)
    d.rounded_rectangle((margin, margin, s - margin, s - margin), radius=radius, fill=RED)
    if size >= 32:  # the seal's inner frame; at 16–24 px it would only blur the character
        inset = round(s * 0.11)
        width = max(scale, round(s * 0.028))
        d.rounded_rectangle((inset, inset, s - inset, s - inset), radius=round(radius * 0.55),
                            outline=WHITE, width=width)
    box = s * (0.64 if size >= 32 else 0.80)
    font = ImageFont.truetype(str(font_path), size=round(box))
    left, top, right, bottom = d.textbbox((0, 0), CHARACTER, font=font)
    x = (s - (right - left)) / 2 - left
    y = (s - (bottom - top)) / 2 - top
    # A light stroke in the same colour makes the thin 楷 strokes hold up when scaled down.
    stroke = max(1, round(s * (0.008 if size >= 48 else 0.02)))
    d.text((x, y), CHARACTER, font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", help="a CJK TrueType font file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    font_path = find_font(args.font)
    args.out.mkdir(parents=True, exist_ok=True)
    images = {size: draw(size, font_path) for size in PNG_SIZES}
    for size, img in images.items():
        if size != 256:  # the 256 px one is the plain lawgov-desktop.png
            img.save(args.out / f"{NAME}-{size}.png", optimize=True)
    images[256].save(args.out / f"{NAME}.png", optimize=True)
    images[256].save(args.out / f"{NAME}.ico", sizes=[(n, n) for n in ICO_SIZES],
                     append_images=[images[n] for n in ICO_SIZES if n != 256])
    print(f"icons written to {args.out} (font: {font_path})")


if __name__ == "__main__":
    main()
