"""`ingest` mode: how fast a large CSV upload is read, validated and stored, up to its 202."""
import os
import socket
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
                    "threads_before": threads_before, **mem},
    }
    s = result["service"]
    report.show("ingest", [
        ("rows", f"{args.rows} x 2 URLs, {size / 1e6:.1f} MB, JVM {args.jvm_opts or '(defaults)'}"),
        ("202 after", f"{total:.2f} s from the upload start"),
        ("ingest rate", f"{s['rows_per_s']} rows/s, {s['mb_per_s']} MB/s"),
        ("202 latency", f"{latency:.3f} s after the last byte was sent"),
        ("heap peak", f"{mem['heap_peak_before_gc_mib']} MiB before GC, {mem['heap_peak_after_gc_mib']} MiB "
                      f"after GC, committed {mem['heap_committed_peak_mib']} MiB ({mem['gc_count']} GCs)"),
        ("service RSS peak", f"{mem['rss_peak_mib']} MiB"),
        ("threads", f"{threads_before} before, peak {mem['threads_peak']}"),
    ])
    result["ok"] = problem is None
    if problem:
        result["problem"] = problem
    return result
