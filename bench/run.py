#!/usr/bin/env python3
"""Benchmark of the packaged image-ingest service. Python 3.11 standard library only.

  python3 bench/run.py images [--photos DIR] [--products N] [--images M] ...
  python3 bench/run.py ingest [--rows N] ...
  python3 bench/run.py sse [--streams N] ...

See bench/README.md for what each figure means.
"""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import images, ingest, report, sse  # noqa: E402


def main() -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--build", action="store_true", help="rebuild the jar (./mvnw -B -q -DskipTests package) first")
    common.add_argument("--app-arg", action="append", default=[], metavar="--NAME=VALUE",
                        help="extra service argument, repeatable (e.g. --app-arg=--app.fetch.concurrency=32)")
    common.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the request (default 1800)")
    common.add_argument("--keep", action="store_true", help="keep the temporary directory (data, logs, CSV)")
    common.add_argument("--no-json", action="store_true", help="do not write bench/results/<mode>-<time>.json")

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = p.add_subparsers(dest="mode", required=True)

    m = modes.add_parser("images", parents=[common], help="throughput of N products x M images vs libjpeg-turbo")
    m.add_argument("--photos", metavar="DIR", help="serve the JPEG files under DIR (default: generated images)")
    m.add_argument("--generate", type=int, default=10, help="how many images to generate without --photos (10)")
    m.add_argument("--products", type=int, default=40, help="products in the CSV (40)")
    m.add_argument("--images", type=int, default=2, help="images per product (2)")
    m.add_argument("--warmup", type=int, default=0,
                   help="products of an unmeasured warm-up request run first (0 = none)")
    m.add_argument("--rounds", type=int, default=1,
                   help="measured requests on the same running service, with a reference run between rounds "
                        "(default 1); the ratio is the median of the rounds' ratios")
    m.add_argument("--reference", choices=("before", "after", "both", "none"), default="before",
                   help="when to time djpeg | cjpeg -quality 50 (default before)")
    m.add_argument("--jvm-opts", default="", help='JVM options, e.g. "-Xmx512m" (default none)')

    m = modes.add_parser("ingest", parents=[common], help="upload ingest rate of a large CSV")
    m.add_argument("--rows", type=int, default=1_000_000, help="CSV rows, 2 URLs each (1000000)")
    m.add_argument("--jvm-opts", default="-Xmx256m", help='JVM options (default "-Xmx256m")')
    m.add_argument("--live-heap-every", type=float, default=2, metavar="SECONDS",
                   help="second pass sampling the live heap with jcmd every SECONDS (default 2; 0: no second pass)")

    m = modes.add_parser("sse", parents=[common], help="event lag over many concurrent SSE streams")
    m.add_argument("--streams", type=int, default=1000, help="concurrent event streams (1000)")
    m.add_argument("--jvm-opts", default="", help="JVM options (default none)")

    args = p.parse_args()
    if args.mode == "images" and (args.products < 1 or args.images < 1):
        p.error("--products and --images must be positive")
    for tool in (["djpeg", "cjpeg"] if args.mode == "images" else []) + ["java"]:
        if shutil.which(tool) is None:
            hint = " (apt-get install -y libjpeg-turbo-progs)" if tool != "java" else ""
            sys.exit(f"{tool} not found{hint}")

    machine = report.machine()
    print(f"machine: {machine['cores']} cores, {machine['cpu']}, {machine['jdk']}, load {machine['load_avg_at_start']}")
    workdir = tempfile.mkdtemp(prefix=f"image-ingest-bench-{args.mode}-")
    try:
        result = getattr({"images": images, "ingest": ingest, "sse": sse}[args.mode], "run")(args, workdir)
        result = {"mode": result.pop("mode"), "machine": machine, **result}
    except RuntimeError as e:  # a refused upload, a request that never ended, a service that exited
        print(f"\nFAILED: {e}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if not args.no_json:
        print(f"\nresults: {os.path.relpath(report.write(args.mode, result))}")
    if not result.get("ok", False):
        print(f"\nFAILED: {result.get('problem', 'see the figures above')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
