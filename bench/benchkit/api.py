"""The few HTTP calls the benchmark makes to the service."""
import http.client
import json
import os
import time
import urllib.parse

TERMINAL = ("COMPLETED", "FAILED")


def _conn(base: str, timeout: float) -> http.client.HTTPConnection:
    u = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=timeout, blocksize=1 << 20)


def upload(base: str, csv_path: str, timeout: float = 3600) -> dict:
    """POSTs the file as a raw text/csv body, streamed from disk.

    Returns the parsed body plus `t_start`, `t_sent` (last byte written) and `t_answer` (monotonic).
    """
    size = os.path.getsize(csv_path)
    conn = _conn(base, timeout)
    try:
        with open(csv_path, "rb") as body:
            t_start = time.monotonic()
            conn.request("POST", "/api/v1/requests", body=body,
                         headers={"Content-Type": "text/csv", "Content-Length": str(size)})
            t_sent = time.monotonic()
            resp = conn.getresponse()
            data = resp.read()
            t_answer = time.monotonic()
    finally:
        conn.close()
    if resp.status != 202:
        raise RuntimeError(f"upload answered {resp.status}: {data[:2000].decode(errors='replace')}")
    out = json.loads(data)
    out.update(t_start=t_start, t_sent=t_sent, t_answer=t_answer, upload_bytes=size)
    return out


def status(base: str, request_id: str) -> dict:
    conn = _conn(base, 30)
    try:
        conn.request("GET", f"/api/v1/requests/{request_id}")
        resp = conn.getresponse()
        data = resp.read()
    finally:
        conn.close()
    if resp.status != 200:
        raise RuntimeError(f"status answered {resp.status}: {data[:500].decode(errors='replace')}")
    return json.loads(data)


def await_terminal(base: str, request_id: str, timeout: float, interval: float = 0.1,
                   alive=lambda: True) -> tuple[dict, float]:
    """Polls the status until COMPLETED or FAILED; returns the body and the monotonic time it was seen."""
    deadline = time.monotonic() + timeout
    last_report = time.monotonic()
    while time.monotonic() < deadline:
        body = status(base, request_id)
        now = time.monotonic()
        if body["status"] in TERMINAL:
            return body, now
        if not alive():
            raise RuntimeError("the service exited")
        if now - last_report > 10:
            im = body.get("images", {})
            print(f"  ... {body['status']} images done {im.get('done')} failed {im.get('failed')} "
                  f"of {im.get('total')}", flush=True)
            last_report = now
        time.sleep(interval)
    raise RuntimeError(f"request {request_id} not terminal after {timeout:.0f} s")


def parse_instant(value: str) -> float:
    """Epoch seconds of an ISO-8601 instant such as 2026-01-02T03:04:05.678Z (any fraction length)."""
    from datetime import datetime
    v = value.rstrip("Z")
    frac = ""
    if "." in v:
        v, frac = v.split(".", 1)
    secs = datetime.fromisoformat(v + "+00:00").timestamp()
    return secs + (float("0." + frac) if frac else 0.0)
