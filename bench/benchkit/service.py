"""Builds, starts, samples and stops the packaged service (`java -jar target/image-ingest-*.jar`)."""
import glob
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_jar() -> str | None:
    jars = [j for j in glob.glob(os.path.join(REPO, "target", "image-ingest-*.jar"))
            if not j.endswith(("-plain.jar", "-sources.jar", "-javadoc.jar"))]
    return max(jars, key=os.path.getmtime) if jars else None


def ensure_jar(build: bool) -> str:
    jar = find_jar()
    if build or jar is None:
        print("building the service: ./mvnw -B -q -DskipTests package", flush=True)
        subprocess.run(["./mvnw", "-B", "-q", "-DskipTests", "package"], cwd=REPO, check=True)
        jar = find_jar()
        if jar is None:
            sys.exit("the build produced no target/image-ingest-*.jar")
    return jar


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (kB) and Threads of a process, from /proc/<pid>/status."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "Threads"):
                    out[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def await_quiet(pid: int, busy_below: float = 0.03, window: float = 1.0, timeout: float = 60) -> float:
    """Waits until the process uses less than `busy_below` of one core over `window` seconds (JIT queues
    drained, collections done), at most `timeout` seconds; returns the seconds waited."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        before = cpu_seconds(pid)
        time.sleep(window)
        if cpu_seconds(pid) - before < busy_below * window:
            break
    return time.monotonic() - t0


_GC_LINE = re.compile(r"(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)")
_UNIT = {"K": 1 / 1024, "M": 1, "G": 1024}


def parse_gc_log(path: str) -> dict:
    """Peak heap used before and after GC and peak committed heap (MiB), from an -Xlog:gc file."""
    before = after = committed = 0.0
    pauses = 0
    try:
        with open(path) as f:
            for line in f:
                m = _GC_LINE.search(line)
                if not m:
                    continue
                pauses += 1
                before = max(before, int(m[1]) * _UNIT[m[2]])
                after = max(after, int(m[3]) * _UNIT[m[4]])
                committed = max(committed, int(m[5]) * _UNIT[m[6]])
    except FileNotFoundError:
        pass
    return {"gc_count": pauses, "heap_peak_before_gc_mib": round(before, 1),
            "heap_peak_after_gc_mib": round(after, 1), "heap_committed_peak_mib": round(committed, 1)}


class Sampler(threading.Thread):
    """Samples RSS and thread count of a process every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(name="sampler", daemon=True)
        self.pid, self.interval = pid, interval
        self.rss_peak_kb = 0
        self.threads_peak = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            s = proc_status(self.pid)
            self.rss_peak_kb = max(self.rss_peak_kb, s.get("VmRSS", 0))
            self.threads_peak = max(self.threads_peak, s.get("Threads", 0))
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


class Service:
    """One run of the service with a fresh data directory under `workdir`."""

    def __init__(self, jar: str, workdir: str, jvm_opts: str, app_args: list[str]):
        self.jar, self.workdir = jar, workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.gc_log = os.path.join(workdir, "gc.log")
        self.log_path = os.path.join(workdir, "service.log")
        self.cmd = (["java", *shlex.split(jvm_opts), f"-Xlog:gc:file={self.gc_log}", "-jar", jar,
                     f"--server.port={self.port}", f"--app.data-dir={os.path.join(workdir, 'data')}",
                     *app_args])
        self.proc = None
        self.sampler = None

    def start(self, timeout: float = 400):
        print("starting: " + " ".join(shlex.quote(c) for c in self.cmd), flush=True)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.cmd, cwd=self.workdir, stdout=self._log, stderr=subprocess.STDOUT)
        self.sampler = Sampler(self.proc.pid)
        self.sampler.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.fail(f"the service exited with {self.proc.returncode} during start-up")
            try:
                with urllib.request.urlopen(self.base + "/actuator/health/readiness", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.fail(f"the service was not ready within {timeout:.0f} s")

    def status(self) -> dict[str, int]:
        return proc_status(self.proc.pid)

    def memory(self) -> dict:
        """Peak RSS (kernel high-water mark and sampled) and heap figures from the GC log."""
        s = self.status()
        return {"rss_peak_mib": round(max(s.get("VmHWM", 0), self.sampler.rss_peak_kb) / 1024, 1),
                "rss_now_mib": round(s.get("VmRSS", 0) / 1024, 1),
                "threads_peak": self.sampler.threads_peak, **parse_gc_log(self.gc_log)}

    def tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except FileNotFoundError:
            return ""

    def fail(self, message: str):
        print(f"\nFAILED: {message}\n--- last lines of {self.log_path} ---\n{self.tail()}", file=sys.stderr)
        self.stop()
        sys.exit(1)

    def stop(self):
        if self.sampler:
            self.sampler.stop()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
