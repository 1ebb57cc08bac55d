"""The input images: JPEG files from a directory, or generated ones (PPM patterns encoded by cjpeg)."""
import os
import random
import subprocess

from . import jpeg

# (width, height) of generated images: thumbnails to camera-sized photos.
SIZES = [(640, 480), (1024, 768), (1280, 720), (1600, 1200), (1920, 1080), (2048, 1536),
         (2560, 1440), (3000, 2000), (800, 1200), (4000, 3000)]


def from_dir(directory: str) -> tuple[list[str], int]:
    """JPEG files under `directory` (recognised by their bytes, relative paths) and how many others were skipped."""
    names, skipped = [], 0
    for root, _, files in os.walk(directory):
        for f in files:
            path = os.path.join(root, f)
            with open(path, "rb") as fh:
                head = fh.read(3)
            if jpeg.is_jpeg(head):
                names.append(os.path.relpath(path, directory))
            else:
                skipped += 1
    names.sort()
    if not names:
        raise SystemExit(f"no JPEG files under {directory}")
    return names, skipped


def _ppm(path: str, w: int, h: int, rng: random.Random):
    """Writes a w×h PPM with a colour gradient, shifted diagonal stripes and low-amplitude noise."""
    phase, waves = rng.randrange(256), rng.choice((3, 5, 8, 13))
    wave = max(1, w // waves)  # a triangle wave with `waves` periods across the width
    row = bytearray(w * 3)
    for x in range(w):
        t = (x % wave) * 510 // wave
        row[3 * x] = x * 255 // w
        row[3 * x + 1] = (min(t, 510 - t) + phase) & 0xFF
        row[3 * x + 2] = ((x // 64) * 40 + phase) & 0xFF
    base = bytes(row)
    n = len(base)
    mask = int.from_bytes(b"\x03" * n, "big")
    with open(path, "wb") as f:
        f.write(f"P6\n{w} {h}\n255\n".encode())
        for y in range(h):
            shift = (y * 3) % n
            line = base[shift:] + base[:shift]
            shade = int.from_bytes(bytes([(y * 255 // h) & 0xF0]) * n, "big")
            noise = int.from_bytes(rng.randbytes(n), "big") & mask
            f.write((int.from_bytes(line, "big") ^ shade ^ noise).to_bytes(n, "big"))


def generate(directory: str, count: int, seed: int = 42) -> list[str]:
    """`count` JPEGs (cjpeg -quality 90) of the sizes above, cycling; returns their names."""
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(seed)
    names = []
    for i in range(count):
        w, h = SIZES[i % len(SIZES)]
        ppm = os.path.join(directory, f"gen-{i:03d}.ppm")
        name = f"gen-{i:03d}-{w}x{h}.jpg"
        _ppm(ppm, w, h, rng)
        with open(os.path.join(directory, name), "wb") as out:
            subprocess.run(["cjpeg", "-quality", "90", ppm], stdout=out, check=True)
        os.remove(ppm)
        names.append(name)
    return names
