"""`ingest` mode: how fast a large CSV upload is read, validated and stored, up to its 202."""
import os
import re
import shutil
import socket
import subprocess
import threading
import time

from . import api, report
from .service import Service, ensure_jar

NOTE = ("the request document is written only once the upload is acknowledged, so no worker can claim these "
        "rows during the measurement (the service has no property to pause workers); the URLs point at a "
        "closed loopback port that is not allow-listed, so any later fetch is refused by the address guard "
        "at once, and the service is stopped right after the 202")


def _write_csv(path: str, rows: int, port: int) -> int:
    with open(path, "w", buffering=1 << 20) as f:
        f.write("S. No.,Product Name,Input Image Urls\n")
        base = f"http://127.0.0.1:{port}/img/"
        for serial in range(1, rows + 1):
            f.write(f'{serial},Product {serial},"{base}{serial}-0.jpg,{base}{serial}-1.jpg"\n')
    return os.path.getsize(path)


class LiveHeap(threading.Thread):
    """Live heap of a JVM: `jcmd <pid> GC.class_histogram` (a full collection, then the bytes of every live
    object) every `interval` seconds. The full collections slow the process down, so this runs in a pass of
    its own and its rate is not the reported one."""

    def __init__(self, pid: int, interval: float):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[int] = []
        self._halt = threading.Event()

    def run(self):
        while not self._halt.wait(self.interval):
            try:
                out = subprocess.run(["jcmd", str(self.pid), "GC.class_histogram"], capture_output=True,
                                     text=True, timeout=60).stdout
            except (OSError, subprocess.TimeoutExpired):
                continue
            total = re.search(r"^Total\s+\d+\s+(\d+)", out, re.M)
            if total:
                self.samples.append(int(total.group(1)))

    def stop(self) -> dict:
        self._halt.set()
        self.join(timeout=90)
        peak = max(self.samples, default=0)
        return {"live_heap_samples": len(self.samples), "live_heap_peak_mib": round(peak / 2**20, 1)}


def _live_pass(args, workdir: str, csv: str) -> dict:
    """The same upload into a fresh service, with the live heap sampled."""
    if shutil.which("jcmd") is None:
        print("live heap pass skipped: jcmd not found (a JDK's bin directory on PATH)")
        return {}
    live_dir = os.path.join(workdir, "live-heap-pass")
    os.makedirs(live_dir)
    print(f"live heap pass: the same upload into a fresh service, jcmd GC.class_histogram every "
          f"{args.live_heap_every:g} s", flush=True)
    with Service(ensure_jar(False), live_dir, args.jvm_opts, list(args.app_arg)) as svc:
        sampler = LiveHeap(svc.proc.pid, args.live_heap_every)
        sampler.start()
        acc = api.upload(svc.base, csv, timeout=args.timeout)
        live = sampler.stop()
    if acc.get("productCount") != args.rows:
        live["live_heap_problem"] = f"202 reports productCount {acc.get('productCount')}, expected {args.rows}"
    return live


def run(args, workdir: str) -> dict:
    # A bound socket that never listens: the port stays ours and nothing answers on it.
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    try:
        csv = os.path.join(workdir, "ingest.csv")
        t0 = time.monotonic()
        size = _write_csv(csv, args.rows, port)
        print(f"wrote {args.rows} rows x 2 URLs ({size / 1e6:.1f} MB) in {time.monotonic() - t0:.1f} s", flush=True)
        print(f"note: {NOTE}")
        jar = ensure_jar(args.build)
        with Service(jar, workdir, args.jvm_opts, list(args.app_arg)) as svc:
            threads_before = svc.status().get("Threads")
            print("uploading (raw text/csv, streamed from the file)", flush=True)
            acc = api.upload(svc.base, csv, timeout=args.timeout)
            mem = svc.memory()
        live = _live_pass(args, workdir, csv) if args.live_heap_every > 0 else {}
    finally:
        closed.close()

    total = acc["t_answer"] - acc["t_start"]
    latency = acc["t_answer"] - acc["t_sent"]
    problem = None
    if acc.get("productCount") != args.rows:
        problem = f"202 reports productCount {acc.get('productCount')}, expected {args.rows}"
    result = {
        "mode": "ingest",
        "options": {"rows": args.rows, "urls_per_row": 2, "jvm_opts": args.jvm_opts, "app_args": args.app_arg},
        "note": NOTE,
        "service": {"request_id": acc.get("requestId"), "product_count": acc.get("productCount"),
                    "image_count": acc.get("imageCount"), "upload_bytes": size,
                    "seconds_to_202": round(total, 3), "rows_per_s": round(args.rows / total, 1),
                    "mb_per_s": round(size / 1e6 / total, 2), "latency_202_after_last_byte_s": round(latency, 3),
                    "threads_before": threads_before, **mem, **live},
    }
    s = result["service"]
    report.show("ingest", [
        ("rows", f"{args.rows} x 2 URLs, {size / 1e6:.1f} MB, JVM {args.jvm_opts or '(defaults)'}"),
        ("202 after", f"{total:.2f} s from the upload start"),
        ("ingest rate", f"{s['rows_per_s']} rows/s, {s['mb_per_s']} MB/s"),
        ("202 latency", f"{latency:.3f} s after the last byte was sent"),
        ("heap peak", f"{mem['heap_peak_before_gc_mib']} MiB before GC, {mem['heap_peak_after_gc_mib']} MiB "
                      f"after GC, committed {mem['heap_committed_peak_mib']} MiB ({mem['gc_count']} GCs)"),
        ("live heap peak", f"{live['live_heap_peak_mib']} MiB (highest of {live['live_heap_samples']} full-GC "
                           f"histograms, second pass)" if live.get("live_heap_samples") else "not measured"),
        ("service RSS peak", f"{mem['rss_peak_mib']} MiB"),
        ("threads", f"{threads_before} before, peak {mem['threads_peak']}"),
    ])
    problem = problem or live.get("live_heap_problem")
    if args.live_heap_every > 0 and not live.get("live_heap_samples") and shutil.which("jcmd"):
        problem = problem or "the live heap pass took no sample"
    result["ok"] = problem is None
    if problem:
        result["problem"] = problem
    return result
