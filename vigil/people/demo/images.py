"""Drawn photographs and documents for the demo's evidence files: shapes, never people."""

from __future__ import annotations

import io
import time as clock

from PIL import Image, ImageDraw

SKIN = (214, 170, 140)


def scale(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    """A forensic ruler along the bottom edge, as photographs of injuries have."""
    draw.rectangle(
        (20, height - 50, width - 20, height - 20), fill=(245, 245, 240), outline=(0, 0, 0)
    )
    for n, x in enumerate(range(30, width - 30, 20)):
        draw.line((x, height - 50, x, height - (35 if n % 5 else 28)), fill=(0, 0, 0), width=1)
    draw.text((width - 70, height - 45), "cm", fill=(0, 0, 0))


def forearm_bruise() -> Image.Image:
    image = Image.new("RGB", (480, 360), (60, 70, 80))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((30, 110, 450, 230), radius=55, fill=SKIN)
    for offset in (0, 26):
        draw.rounded_rectangle(
            (150, 140 + offset, 330, 150 + offset), radius=5, fill=(120, 110, 70)
        )
    scale(draw, 480, 360)
    return image


def shoulder_bruise() -> Image.Image:
    image = Image.new("RGB", (400, 400), SKIN)
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 120, 260, 210), fill=(105, 70, 95))
    draw.ellipse((150, 135, 240, 195), fill=(85, 50, 85))
    scale(draw, 400, 400)
    return image


def wrists() -> Image.Image:
    image = Image.new("RGB", (480, 320), (50, 55, 60))
    draw = ImageDraw.Draw(image)
    for top in (60, 170):
        draw.rectangle((40, top, 440, top + 80), fill=SKIN)
        draw.rectangle((210, top, 235, top + 80), fill=(150, 70, 60))
    scale(draw, 480, 320)
    return image


def thighs() -> Image.Image:
    image = Image.new("RGB", (400, 480), (70, 75, 85))
    draw = ImageDraw.Draw(image)
    for left in (60, 220):
        draw.rounded_rectangle((left, 20, left + 120, 420), radius=40, fill=SKIN)
        for y in (120, 160, 205, 250):
            draw.line((left + 10, y, left + 110, y + 18), fill=(110, 60, 80), width=7)
    scale(draw, 400, 480)
    return image


def cell_door() -> Image.Image:
    image = Image.new("RGB", (360, 480), (120, 120, 115))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 40, 300, 460), fill=(80, 85, 90), outline=(30, 30, 30), width=4)
    draw.rectangle((130, 90, 230, 150), fill=(20, 20, 20))
    for x in range(140, 230, 18):
        draw.line((x, 90, x, 150), fill=(150, 150, 150), width=4)
    draw.rectangle((150, 300, 210, 320), fill=(40, 40, 40))
    return image


def letter(lines: list[str]) -> Image.Image:
    image = Image.new("RGB", (595, 842), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((50, 40, 545, 90), outline=(0, 0, 0))
    for n, line in enumerate(lines):
        draw.text((60, 120 + 22 * n), line, fill=(0, 0, 0))
    return image


def jpeg(image: Image.Image, *, camera: bool = False) -> bytes:
    buffer = io.BytesIO()
    if camera:
        # As a team camera writes it: make, model and where it was taken (the vault strips it).
        exif = Image.Exif()
        exif[0x010F] = "Fictional Optics"
        exif[0x0110] = "Field Camera F2"
        exif[0x8825] = {1: "N", 2: (14.0, 35.0, 12.0), 3: "E", 4: (121.0, 2.0, 5.0)}
        image.save(buffer, format="JPEG", quality=85, exif=exif)
    else:
        image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pdf(image: Image.Image, title: str) -> bytes:
    buffer = io.BytesIO()
    fixed = clock.gmtime(0)  # a fixed date keeps the file, and its hash, the same every run
    image.save(buffer, format="PDF", title=title, creationDate=fixed, modDate=fixed)
    return buffer.getvalue()
