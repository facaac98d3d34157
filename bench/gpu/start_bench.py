#!/usr/bin/env python3
"""Start-to-ready and peak host memory of `sluice-engine serve`, one case after another.

Each case starts the engine (its output appended to OUTDIR/start.log under a header line), polls /ready every 50 ms until
it answers 200, reads VmHWM (the peak resident set so far) from /proc/PID/status at that moment, then stops it with
SIGTERM. Start-to-ready runs from just before the process is spawned to the first 200. The engine's own "weights
loaded:" line (load time, GB/s, peak RSS at the end of the load) is kept too. A case whose name ends in "-coldpages"
first asks Linux to drop the page cache (root only; whether it worked is recorded). Writes OUTDIR/start.json.
$START_DEVICE (default cuda) is passed as --device.

usage: start_bench.py ENGINE OUTDIR CASE...   with CASE = name|model|kernel-cache-dir|extra serve args
"""
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request

PORT = 8790
TIMEOUT_SECONDS = 900


def peak_rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def ready(url):
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def drop_page_cache():
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def run_case(engine, outdir, spec):
    name, model, cache, extra = spec.split("|", 3)
    os.makedirs(cache, exist_ok=True)
    env = dict(os.environ, SLUICE_KERNEL_CACHE=cache)
    cached_before = len([f for f in os.listdir(cache) if f.endswith(".cubin")])
    device = os.environ.get("START_DEVICE", "cuda")
    command = [engine, "serve", "--model", model, "--device", device, "--port", str(PORT), *shlex.split(extra)]
    result = {"case": name, "model": model, "device": device, "args": extra, "kernelCache": "warm" if cached_before else "cold"}
    if name.endswith("-coldpages"):
        result["pageCacheDropped"] = drop_page_cache()
    log_path = os.path.join(outdir, "start.log")
    with open(log_path, "a") as log:
        log.write(f"=== {name}: {' '.join(command)}\n")
        log.flush()
        begin = log.tell()
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        peak = None
        while time.monotonic() - started < TIMEOUT_SECONDS and process.poll() is None:
            peak = peak_rss_bytes(process.pid) or peak
            if ready(f"http://127.0.0.1:{PORT}/ready"):
                result["startToReadySeconds"] = round(time.monotonic() - started, 3)
                break
            time.sleep(0.05)
        result["peakRssBytesAtReady"] = peak_rss_bytes(process.pid) or peak
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        result["exitCode"] = process.returncode
    with open(log_path) as log:
        log.seek(begin)
        text = log.read()
    loaded = re.search(r"weights loaded: .*", text)
    result["loadLine"] = loaded.group(0) if loaded else None
    seconds = re.search(r" in ([0-9.]+) s ", result["loadLine"] or "")
    result["weightLoadSeconds"] = float(seconds.group(1)) if seconds else None
    errors = [line for line in text.splitlines() if line.startswith("error:")]
    if errors:
        result["error"] = errors[0]
    if result.get("peakRssBytesAtReady"):
        result["peakRssGiB"] = round(result["peakRssBytesAtReady"] / 2**30, 3)
    print(json.dumps(result), flush=True)
    return result


def main():
    engine, outdir, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    results = [run_case(engine, outdir, spec) for spec in cases]
    with open(os.path.join(outdir, "start.json"), "w") as f:
        json.dump({"cases": results}, f, indent=1)
    return 0 if all("startToReadySeconds" in r for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
