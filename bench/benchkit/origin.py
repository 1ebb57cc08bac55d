"""A local image origin on 127.0.0.1 serving files from memory.

`/<name>` answers the file at once; `/gate/<name>` waits until `open_gate()` is called (used to hold
a request in PROCESSING while event streams connect). Query strings are ignored, so URLs made
distinct per product (`?p=<serial>-<i>`) all hit the same file.
"""
import http.server
import os
import threading
import urllib.parse


class Origin:
    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.gate = threading.Event()
        self.requests = 0
        self._lock = threading.Lock()
        origin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server naming)
                path = urllib.parse.urlsplit(self.path).path
                with origin._lock:
                    origin.requests += 1
                if path.startswith("/gate/"):
                    origin.gate.wait(timeout=600)
                    path = path[len("/gate"):]
                body = origin.files.get(urllib.parse.unquote(path.lstrip("/")))
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, fmt, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, name="origin", daemon=True)

    @classmethod
    def from_dir(cls, directory: str, names: list[str]) -> "Origin":
        files = {}
        for name in names:
            with open(os.path.join(directory, name), "rb") as f:
                files[name] = f.read()
        return cls(files)

    def url(self, name: str, gated: bool = False) -> str:
        prefix = "/gate/" if gated else "/"
        return f"http://127.0.0.1:{self.port}{prefix}{urllib.parse.quote(name)}"

    def open_gate(self):
        self.gate.set()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()
