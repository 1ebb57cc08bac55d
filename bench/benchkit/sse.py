"""`sse` mode: event lag and thread count with many streams open on one request.

The request's images are served from a gated path, so it stays PROCESSING while the streams connect;
once every stream has its first event the gate opens, the request completes, and each stream's
receipt time of the terminal `status` event is compared with the server's `finishedAt`.
"""
import asyncio
import json
import math
import os
import statistics
import time

from . import api, photos, report
from .origin import Origin
from .service import Service, ensure_jar

PRODUCTS = 4  # gated images of the observed request


class Stream:
    def __init__(self):
        self.first_at = None      # epoch seconds of the first event
        self.terminal_at = None   # epoch seconds of the terminal status event
        self.terminal = None
        self.events = 0
        self.error = None


def _events(buffer: bytearray):
    """Complete SSE events (type, data) taken off the front of `buffer`."""
    while True:
        text = bytes(buffer).replace(b"\r\n", b"\n")
        end = text.find(b"\n\n")
        if end < 0:
            if len(text) != len(buffer):
                buffer[:] = text
            return
        block, rest = text[:end], text[end + 2:]
        buffer[:] = rest
        kind, data = "message", []
        for line in block.decode().split("\n"):
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                kind = value
            elif name == "data":
                data.append(value)
        if data:
            yield kind, "\n".join(data)


async def _follow(port: int, path: str, s: Stream, connect_gate: asyncio.Semaphore, ready: asyncio.Event):
    try:
        async with connect_gate:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         f"Accept: text/event-stream\r\n\r\n".encode())
            await writer.drain()
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        if not head.startswith("http/1.1 200"):
            raise RuntimeError(head.split("\r\n", 1)[0])
        chunked = "transfer-encoding: chunked" in head
        buffer = bytearray()
        while True:
            if chunked:
                size = int((await reader.readline()).split(b";")[0], 16)
                if size == 0:
                    break
                chunk = (await reader.readexactly(size + 2))[:-2]
            else:
                chunk = await reader.read(65536)
                if not chunk:
                    break
            now = time.time()
            buffer += chunk
            for kind, data in _events(buffer):
                s.events += 1
                if s.first_at is None:
                    s.first_at = now
                    ready.set()
                if kind == "status":
                    status = json.loads(data).get("status")
                    if status in api.TERMINAL and s.terminal_at is None:
                        s.terminal_at, s.terminal = now, status
        writer.close()
    except Exception as e:  # noqa: BLE001 - every stream's failure is counted and reported
        s.error = f"{type(e).__name__}: {e}"
        ready.set()


def _pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


async def _measure(svc: Service, origin: Origin, request_id: str, count: int, timeout: float) -> dict:
    path = f"/api/v1/requests/{request_id}/events"
    streams = [Stream() for _ in range(count)]
    connect_gate = asyncio.Semaphore(64)  # stay within the server's accept backlog
    ready = asyncio.Event()
    t0 = time.monotonic()
    tasks = [asyncio.create_task(_follow(svc.port, path, s, connect_gate, ready)) for s in streams]
    deadline = t0 + min(timeout, 300)
    while sum(1 for s in streams if s.first_at or s.error) < count and time.monotonic() < deadline:
        ready.clear()
        try:
            await asyncio.wait_for(ready.wait(), 1)
        except asyncio.TimeoutError:
            pass
    connected = sum(1 for s in streams if s.first_at)
    connect_s = time.monotonic() - t0
    during = []
    for _ in range(10):  # thread count with every stream open, before the status changes
        during.append(svc.status().get("Threads", 0))
        await asyncio.sleep(0.1)
    print(f"{connected}/{count} streams open in {connect_s:.1f} s; opening the gate", flush=True)
    origin.open_gate()
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for t in pending:
        t.cancel()
    return {"streams": streams, "connected": connected, "connect_s": connect_s, "threads_during": max(during),
            "unfinished": len(pending)}


def _await_processing(svc: Service, request_id: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while api.status(svc.base, request_id)["status"] == "PENDING":
        if time.monotonic() > deadline:
            svc.fail(f"request {request_id} still PENDING after {timeout:.0f} s")
        time.sleep(0.2)
    time.sleep(1)  # the held downloads are in flight


def run(args, workdir: str) -> dict:
    directory = os.path.join(workdir, "photos")
    names = photos.generate(directory, 1)
    jar = ensure_jar(args.build)
    with Origin.from_dir(directory, names) as origin:
        # Long fetch timeouts: the gated downloads wait while the streams connect.
        app_args = [f"--app.outbound.allow-list=127.0.0.1:{origin.port}", "--app.fetch.read-timeout=10m",
                    "--app.fetch.total-timeout=10m", *args.app_arg]
        with Service(jar, workdir, args.jvm_opts, app_args) as svc:
            csv = os.path.join(workdir, "sse.csv")
            with open(csv, "w") as f:
                f.write("S. No.,Product Name,Input Image Urls\n")
                for serial in range(1, PRODUCTS + 1):
                    f.write(f"{serial},P{serial},{origin.url(names[0], gated=True)}?p={serial}\n")
            acc = api.upload(svc.base, csv)
            rid = acc["requestId"]
            _await_processing(svc, rid)
            threads_before = svc.status().get("Threads")  # request running, its downloads held, no stream yet
            m = asyncio.run(_measure(svc, origin, rid, args.streams, args.timeout))
            body = api.status(svc.base, rid)
            time.sleep(2)  # let the server close the finished streams
            threads_after = svc.status().get("Threads")
            mem = svc.memory()

    streams = m["streams"]
    finished = api.parse_instant(body["finishedAt"]) if body.get("finishedAt") else None
    lags = [(s.terminal_at - finished) * 1000 for s in streams if s.terminal_at and finished]
    errors = [s.error for s in streams if s.error]
    received = len(lags)
    lag = ({"p50_ms": round(statistics.median(lags), 1), "p95_ms": round(_pct(lags, 95), 1),
            "max_ms": round(max(lags), 1), "min_ms": round(min(lags), 1)} if lags else {})
    result = {
        "mode": "sse",
        "options": {"streams": args.streams, "jvm_opts": args.jvm_opts, "app_args": args.app_arg},
        "service": {"request_id": rid, "status": body["status"], "finished_at": body.get("finishedAt"),
                    "streams": args.streams, "streams_open": m["connected"],
                    "seconds_to_open_all": round(m["connect_s"], 2),
                    "received_terminal": received, "errors": len(errors), "first_errors": errors[:5],
                    "unfinished": m["unfinished"], "lag": lag,
                    "threads_before": threads_before, "threads_during": m["threads_during"],
                    "threads_after": threads_after, **mem},
    }
    report.show("sse", [
        ("streams", f"{args.streams} on one request; {m['connected']} open in {m['connect_s']:.1f} s"),
        ("request", f"{body['status']} at {body.get('finishedAt')} (server finishedAt)"),
        ("received terminal", f"{received} of {args.streams} streams ({len(errors)} errors, "
                              f"{m['unfinished']} did not end)"),
        ("event lag", (f"p50 {lag['p50_ms']} ms, p95 {lag['p95_ms']} ms, max {lag['max_ms']} ms "
                       "(terminal status event received - finishedAt)") if lag else "none received"),
        ("threads", f"{threads_before} before, {m['threads_during']} during, {threads_after} after"),
        ("service RSS peak", f"{mem['rss_peak_mib']} MiB"),
        ("heap peak", f"{mem['heap_peak_before_gc_mib']} MiB before GC, {mem['heap_peak_after_gc_mib']} MiB after GC"),
    ])
    result["ok"] = received == args.streams and body["status"] in api.TERMINAL
    if not result["ok"]:
        result["problem"] = f"only {received} of {args.streams} streams received the terminal status event"
    return result
