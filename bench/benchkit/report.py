"""Machine description and result files."""
import datetime
import json
import os
import platform
import subprocess

RESULTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "results")


def machine() -> dict:
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except FileNotFoundError:
        pass
    try:
        lines = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
        jdk = lines[0].strip() + " (" + lines[1].strip() + ")"
    except (OSError, IndexError):
        jdk = "unknown"
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except FileNotFoundError:
        load = "unknown"
    return {"cores": os.cpu_count(), "cpu": model, "jdk": jdk, "kernel": platform.release(),
            "python": platform.python_version(), "load_avg_at_start": load,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def write(mode: str, result: dict) -> str:
    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(RESULTS, f"{mode}-{stamp}.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    return path


def show(title: str, rows: list[tuple[str, object]]):
    print(f"\n== {title} ==")
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"  {k.ljust(width)}  {v}")
