"""`images` mode: N products × M images through the service, against djpeg | cjpeg -quality 50."""
import concurrent.futures
import os
import subprocess
import time

from . import api, jpeg, photos, report
from .origin import Origin
from .service import Service, ensure_jar


def _jobs(names: list[str], products: int, per_product: int) -> list[list[str]]:
    """File names per product, cycling over the files."""
    return [[names[((serial - 1) * per_product + i) % len(names)] for i in range(per_product)]
            for serial in range(1, products + 1)]


def _write_csv(path: str, origin: Origin, jobs: list[list[str]], tag: str):
    # The query string makes every URL distinct so that no service can dedupe repeated URLs; the origin ignores it.
    with open(path, "w") as f:
        f.write("S. No.,Product Name,Input Image Urls\n")
        for serial, names in enumerate(jobs, start=1):
            urls = ",".join(f"{origin.url(n)}?{tag}={serial}-{i}" for i, n in enumerate(names))
            f.write(f'{serial},P{serial},"{urls}"\n')


def _transcode(path: str) -> int:
    """djpeg | cjpeg -quality 50 of one file; returns the output size."""
    dj = subprocess.Popen(["djpeg", path], stdout=subprocess.PIPE)
    cj = subprocess.Popen(["cjpeg", "-quality", "50"], stdin=dj.stdout, stdout=subprocess.PIPE)
    dj.stdout.close()  # cjpeg owns the pipe now
    out = cj.stdout.read()
    if cj.wait() != 0 or dj.wait() != 0:
        raise RuntimeError(f"djpeg | cjpeg failed on {path}")
    return len(out)


def reference(directory: str, jobs: list[list[str]]) -> dict:
    """The same decodes/encodes with libjpeg-turbo, one process pipeline per core."""
    paths = [os.path.join(directory, n) for names in jobs for n in names]
    workers = os.cpu_count() or 1
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        out = sum(pool.map(_transcode, paths))
    elapsed = time.monotonic() - t0
    return {"seconds": round(elapsed, 3), "images_per_s": round(len(paths) / elapsed, 2),
            "bytes_out": out, "processes": workers}


def run(args, workdir: str) -> dict:
    if args.photos:
        directory = os.path.abspath(args.photos)
        names, skipped = photos.from_dir(directory)
        source = f"{directory} ({len(names)} JPEG files, {skipped} other files skipped: the reference reads JPEG only)"
    else:
        directory = os.path.join(workdir, "photos")
        print(f"generating {args.generate} JPEG images in {directory}", flush=True)
        names = photos.generate(directory, args.generate)
        skipped = 0
        source = f"{len(names)} generated JPEGs (cjpeg -quality 90, up to {'x'.join(map(str, max(photos.SIZES)))})"
    sizes = {}
    for n in names:
        with open(os.path.join(directory, n), "rb") as f:
            data = f.read()
        sizes[n] = (len(data), *jpeg.dimensions(data))
    jobs = _jobs(names, args.products, args.images)
    flat = [n for names_ in jobs for n in names_]
    count = len(flat)
    megapixels = sum(sizes[n][1] * sizes[n][2] for n in flat) / 1e6
    input_bytes = sum(sizes[n][0] for n in flat)
    print(f"{args.products} products x {args.images} images = {count} images, {megapixels:.1f} MP, "
          f"{input_bytes / 1e6:.1f} MB in, from {source}", flush=True)
    print("every URL is distinct per product (query string ?p=<serial>-<index>, ignored by the origin)")

    refs = []
    if args.reference in ("before", "both"):
        print(f"reference (before): djpeg | cjpeg -quality 50, {os.cpu_count()} processes", flush=True)
        refs.append(reference(directory, jobs))

    jar = ensure_jar(args.build)
    with Origin.from_dir(directory, names) as origin:
        app_args = [f"--app.outbound.allow-list=127.0.0.1:{origin.port}", *args.app_arg]
        with Service(jar, workdir, args.jvm_opts, app_args) as svc:
            if args.warmup > 0:
                warm_csv = os.path.join(workdir, "warmup.csv")
                _write_csv(warm_csv, origin, jobs[:args.warmup], "w")
                print(f"warm-up request: {min(args.warmup, len(jobs))} products (not measured)", flush=True)
                acc = api.upload(svc.base, warm_csv)
                api.await_terminal(svc.base, acc["requestId"], args.timeout, alive=lambda: svc.proc.poll() is None)
            csv = os.path.join(workdir, "products.csv")
            _write_csv(csv, origin, jobs, "p")
            threads_before = svc.status().get("Threads")
            print("measured request: uploading", flush=True)
            acc = api.upload(svc.base, csv)
            body, t_seen = api.await_terminal(svc.base, acc["requestId"], args.timeout,
                                              alive=lambda: svc.proc.poll() is None)
            mem = svc.memory()
            threads_after = svc.status().get("Threads")

    if args.reference in ("after", "both"):
        print(f"reference (after): djpeg | cjpeg -quality 50, {os.cpu_count()} processes", flush=True)
        refs.append(reference(directory, jobs))

    elapsed = t_seen - acc["t_start"]
    created, started, finished = (api.parse_instant(body[k]) if body.get(k) else None
                                  for k in ("createdAt", "startedAt", "finishedAt"))
    processing = finished - started if finished and started else None
    images = body["images"]
    service = {
        "request_id": acc["requestId"], "status": body["status"],
        "images_completed": images["done"], "images_failed": images["failed"], "images_total": images["total"],
        "seconds_to_terminal": round(elapsed, 3),
        "upload_seconds": round(acc["t_answer"] - acc["t_start"], 3),
        "processing_seconds": round(processing, 3) if processing else None,
        "images_per_s": round(count / elapsed, 2), "megapixels_per_s": round(megapixels / elapsed, 2),
        "images_per_s_processing": round(count / processing, 2) if processing else None,
        "bytes_in": body.get("bytesIn"), "bytes_out": body.get("bytesOut"), "bytes_in_files": input_bytes,
        "threads_before": threads_before, "threads_after": threads_after, **mem,
    }
    ref_ips = sum(r["images_per_s"] for r in refs) / len(refs) if refs else None
    result = {
        "mode": "images",
        "options": {"photos": args.photos, "generate": None if args.photos else args.generate,
                    "products": args.products, "images": args.images, "warmup": args.warmup,
                    "jvm_opts": args.jvm_opts, "app_args": args.app_arg, "reference": args.reference},
        "input": {"files": len(names), "skipped_non_jpeg": skipped, "images": count,
                  "megapixels": round(megapixels, 2), "bytes": input_bytes,
                  "distinct_urls": "query string ?p=<serial>-<index> per URL"},
        "service": service, "reference": refs,
        "ratio_service_to_reference": round(service["images_per_s"] / ref_ips, 3) if ref_ips else None,
        "failures": body.get("failures", [])[:20],
    }
    rows = [("images", f"{count} ({args.products} products x {args.images}), {megapixels:.1f} MP, "
                       f"{input_bytes / 1e6:.1f} MB"),
            ("status", f"{body['status']}: {images['done']} COMPLETED, {images['failed']} FAILED"),
            ("time to terminal", f"{elapsed:.2f} s (upload {service['upload_seconds']} s, "
                                 f"server processing {service['processing_seconds']} s)"),
            ("service throughput", f"{service['images_per_s']} images/s, {service['megapixels_per_s']} MP/s"),
            ("bytes in / out", f"{service['bytes_in']} / {service['bytes_out']} (files: {input_bytes})"),
            ("service RSS peak", f"{mem['rss_peak_mib']} MiB"),
            ("heap peak", f"{mem['heap_peak_before_gc_mib']} MiB before GC, {mem['heap_peak_after_gc_mib']} MiB "
                          f"after GC, committed {mem['heap_committed_peak_mib']} MiB ({mem['gc_count']} GCs)"),
            ("threads", f"{threads_before} before, peak {mem['threads_peak']}, {threads_after} after")]
    for i, r in enumerate(refs):
        rows.append((f"reference {'before' if args.reference != 'after' and i == 0 else 'after'}",
                     f"{r['images_per_s']} images/s ({r['seconds']} s, {r['processes']} processes, "
                     f"{r['bytes_out']} bytes out)"))
    if ref_ips:
        rows.append(("ratio service/ref", f"{result['ratio_service_to_reference']} (images/s, end to end)"))
    report.show("images", rows)
    result["ok"] = body["status"] == "COMPLETED" and images["failed"] == 0 and images["done"] == count
    if not result["ok"]:
        result["problem"] = (f"{images['failed']} image(s) FAILED, {images['done']} of {count} COMPLETED, "
                             f"status {body['status']}")
        for f in body.get("failures", [])[:10]:
            print(f"  failed: product {f.get('serialNumber')} image {f.get('imageIndex')} {f.get('reason')} "
                  f"{f.get('detail')} {f.get('url')}")
    return result
