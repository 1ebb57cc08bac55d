"""`images` mode: N products × M images through the service, against djpeg | cjpeg -quality 50."""
import concurrent.futures
import os
import statistics
import subprocess
import time

from . import api, jpeg, photos, report
from .origin import Origin
from .service import Service, await_quiet, cpu_seconds, ensure_jar


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

    # Time order of the runs: reference runs before, between rounds and after the service's measured rounds.
    timeline = []
    if args.reference in ("before", "both"):
        print(f"reference (before): djpeg | cjpeg -quality 50, {os.cpu_count()} processes", flush=True)
        timeline.append(("ref", reference(directory, jobs)))

    jar = ensure_jar(args.build)
    rounds = max(1, args.rounds)
    with Origin.from_dir(directory, names) as origin:
        app_args = [f"--app.outbound.allow-list=127.0.0.1:{origin.port}", *args.app_arg]
        with Service(jar, workdir, args.jvm_opts, app_args) as svc:
            if args.warmup > 0:
                warm_csv = os.path.join(workdir, "warmup.csv")
                _write_csv(warm_csv, origin, _jobs(names, args.warmup, args.images), "w")
                print(f"warm-up request: {args.warmup} products (not measured)", flush=True)
                acc = api.upload(svc.base, warm_csv)
                api.await_terminal(svc.base, acc["requestId"], args.timeout, alive=lambda: svc.proc.poll() is None)
            threads_before = svc.status().get("Threads")
            for r in range(1, rounds + 1):
                if r > 1 and args.reference != "none":
                    # the service must not compete with the reference: wait until it is idle, and count
                    # the CPU it still used meanwhile
                    waited = await_quiet(svc.proc.pid)
                    print(f"reference (between rounds, after the service was idle for 1 s, {waited:.1f} s "
                          f"wait): djpeg | cjpeg -quality 50, {os.cpu_count()} processes", flush=True)
                    cpu0 = cpu_seconds(svc.proc.pid)
                    ref = reference(directory, jobs)
                    ref["service_cpu_seconds_meanwhile"] = round(cpu_seconds(svc.proc.pid) - cpu0, 2)
                    timeline.append(("ref", ref))
                csv = os.path.join(workdir, f"products-{r}.csv")
                _write_csv(csv, origin, jobs, f"p{r}")
                print(f"measured request{f' {r} of {rounds}' if rounds > 1 else ''}: uploading", flush=True)
                acc = api.upload(svc.base, csv)
                body, t_seen = api.await_terminal(svc.base, acc["requestId"], args.timeout,
                                                  alive=lambda: svc.proc.poll() is None)
                timeline.append(("svc", _service_figures(acc, body, t_seen, count, megapixels, input_bytes)))
            mem = svc.memory()
            threads_after = svc.status().get("Threads")

    if args.reference in ("after", "both"):
        print(f"reference (after): djpeg | cjpeg -quality 50, {os.cpu_count()} processes", flush=True)
        timeline.append(("ref", reference(directory, jobs)))

    refs = [r for kind, r in timeline if kind == "ref"]
    measured = []
    for k, (kind, figures) in enumerate(timeline):
        if kind != "svc":
            continue
        # the reference runs next to this round: the last one before it and the first one after it
        near = [next((r for t, r in reversed(timeline[:k]) if t == "ref"), None),
                next((r for t, r in timeline[k + 1:] if t == "ref"), None)]
        near = [r["images_per_s"] for r in near if r]
        figures["reference_images_per_s"] = round(sum(near) / len(near), 2) if near else None
        figures["ratio"] = round(figures["images_per_s"] / figures["reference_images_per_s"], 3) if near else None
        measured.append(figures)
    ratios = [f["ratio"] for f in measured if f["ratio"] is not None]
    median_ratio = round(statistics.median(ratios), 3) if ratios else None
    # the round whose ratio is the median (or the only one) stands for the service in the summary
    service = min(measured, key=lambda f: abs((f["ratio"] or 0) - (median_ratio or 0)))
    service.update({"threads_before": threads_before, "threads_after": threads_after, **mem})
    result = {
        "mode": "images",
        "options": {"photos": args.photos, "generate": None if args.photos else args.generate,
                    "products": args.products, "images": args.images, "warmup": args.warmup,
                    "rounds": rounds, "jvm_opts": args.jvm_opts, "app_args": args.app_arg,
                    "reference": args.reference},
        "input": {"files": len(names), "skipped_non_jpeg": skipped, "images": count,
                  "megapixels": round(megapixels, 2), "bytes": input_bytes,
                  "distinct_urls": "query string ?p<round>=<serial>-<index> per URL"},
        "service": service, "rounds": measured, "reference": refs,
        "ratio_service_to_reference": median_ratio,
        "failures": [x for f in measured for x in f.get("failures", [])][:20],
    }
    rows = [("images", f"{count} ({args.products} products x {args.images}), {megapixels:.1f} MP, "
                       f"{input_bytes / 1e6:.1f} MB"
                       + (f"; {rounds} measured rounds, the median one shown" if rounds > 1 else "")),
            ("status", f"{service['status']}: {service['images_completed']} COMPLETED, "
                       f"{service['images_failed']} FAILED"),
            ("time to terminal", f"{service['seconds_to_terminal']:.2f} s (upload {service['upload_seconds']} s, "
                                 f"server processing {service['processing_seconds']} s)"),
            ("service throughput", f"{service['images_per_s']} images/s, {service['megapixels_per_s']} MP/s"),
            ("bytes in / out", f"{service['bytes_in']} / {service['bytes_out']} (files: {input_bytes})"),
            ("service RSS peak", f"{mem['rss_peak_mib']} MiB"),
            ("heap peak", f"{mem['heap_peak_before_gc_mib']} MiB before GC, {mem['heap_peak_after_gc_mib']} MiB "
                          f"after GC, committed {mem['heap_committed_peak_mib']} MiB ({mem['gc_count']} GCs)"),
            ("threads", f"{threads_before} before, peak {mem['threads_peak']}, {threads_after} after")]
    for i, r in enumerate(refs):
        during = (f", service CPU meanwhile {r['service_cpu_seconds_meanwhile']} s"
                  if "service_cpu_seconds_meanwhile" in r else "")
        rows.append((f"reference {i + 1}", f"{r['images_per_s']} images/s ({r['seconds']} s, {r['processes']} "
                                           f"processes, {r['bytes_out']} bytes out{during})"))
    if rounds > 1:
        for i, f in enumerate(measured, start=1):
            rows.append((f"round {i}", f"{f['images_per_s']} images/s in {f['seconds_to_terminal']} s, "
                                       f"reference nearby {f['reference_images_per_s']}, ratio {f['ratio']}"))
    if median_ratio is not None:
        rows.append(("ratio service/ref", f"{median_ratio} (images/s, end to end"
                                          + (", median of the rounds)" if rounds > 1 else ")")))
    report.show("images", rows)
    bad = [f for f in measured if not (f["status"] == "COMPLETED" and f["images_failed"] == 0
                                          and f["images_completed"] == count)]
    result["ok"] = not bad
    if bad:
        f = bad[0]
        result["problem"] = (f"{f['images_failed']} image(s) FAILED, {f['images_completed']} of {count} COMPLETED, "
                             f"status {f['status']}")
        for x in f.get("failures", [])[:10]:
            print(f"  failed: product {x.get('serialNumber')} image {x.get('imageIndex')} {x.get('reason')} "
                  f"{x.get('detail')} {x.get('url')}")
    return result


def _service_figures(acc: dict, body: dict, t_seen: float, count: int, megapixels: float, input_bytes: int) -> dict:
    """Figures of one measured request, from the upload's timing and the terminal status body."""
    elapsed = t_seen - acc["t_start"]
    started, finished = (api.parse_instant(body[k]) if body.get(k) else None for k in ("startedAt", "finishedAt"))
    processing = finished - started if finished and started else None
    images = body["images"]
    return {
        "request_id": acc["requestId"], "status": body["status"],
        "images_completed": images["done"], "images_failed": images["failed"], "images_total": images["total"],
        "seconds_to_terminal": round(elapsed, 3),
        "upload_seconds": round(acc["t_answer"] - acc["t_start"], 3),
        "processing_seconds": round(processing, 3) if processing else None,
        "images_per_s": round(count / elapsed, 2), "megapixels_per_s": round(megapixels / elapsed, 2),
        "images_per_s_processing": round(count / processing, 2) if processing else None,
        "bytes_in": body.get("bytesIn"), "bytes_out": body.get("bytesOut"), "bytes_in_files": input_bytes,
        "failures": body.get("failures", [])[:20],
    }
