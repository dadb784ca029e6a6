"""Times Pillow's thumbnail() in a long-lived process for PipelineSpecs' benchmarks (issue #8).

The benchmark writes one JSON request per line on stdin and reads one JSON answer per line on stdout, so the
interpreter starts once and only the thumbnail work is timed (time.perf_counter around each call, the source bytes
already in memory). The work mirrors the function's: shrink to fit maxDim, turn upright by EXIF, re-encode in the
source's format (JPEG quality 85 at 4:2:0, PNG), metadata dropped.
"""

import io
import json
import math
import sys
import time

try:
    from PIL import Image, ImageOps
except ImportError:
    print(json.dumps({"error": "Pillow is not installed: apt-get install -y python3-pil (Debian/Ubuntu)"}), flush=True)
    sys.exit(3)


def thumbnail(data: bytes, max_dim: int) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        source_format = image.format
        # thumbnail() asks the JPEG decoder for a reduced-size decode (draft) before it loads any pixel.
        image.thumbnail((max_dim, max_dim))
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if source_format == "JPEG":
            upright.save(out, "JPEG", quality=85, subsampling="4:2:0")
        else:
            upright.save(out, "PNG")
        return out.getvalue()


def measure(request: dict) -> dict:
    with open(request["path"], "rb") as source:
        data = source.read()
    max_dim = request.get("maxDim", 128)
    for _ in range(request.get("warmup", 3)):
        thumbnail(data, max_dim)

    # As BenchmarkDotNet does: an iteration repeats the call until it lasts at least ~100 ms, so a 5 ms thumbnail
    # is not measured at the timer's and the scheduler's granularity.
    start = time.perf_counter()
    size = len(thumbnail(data, max_dim))
    single = time.perf_counter() - start
    calls = max(1, math.ceil(0.1 / max(single, 1e-6)))
    samples = []
    for _ in range(request.get("iterations", 10)):
        start = time.perf_counter()
        for _ in range(calls):
            thumbnail(data, max_dim)
        samples.append((time.perf_counter() - start) * 1000.0 / calls)
    return {"samplesMs": samples, "callsPerIteration": calls, "thumbnailBytes": size, "pillow": Image.__version__}


def main() -> int:
    print(json.dumps({"ready": True, "pillow": Image.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = measure(json.loads(line))
        except Exception as error:  # the benchmark reports it and carries on with the other figures
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
