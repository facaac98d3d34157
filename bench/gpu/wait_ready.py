#!/usr/bin/env python3
"""Polls URL until it answers 200 or TIMEOUT seconds pass; prints {"startToReadySeconds": s} and exits 0 when ready."""
import json
import sys
import time
import urllib.request


def main() -> int:
    url, timeout = sys.argv[1], float(sys.argv[2])
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    print(json.dumps({"startToReadySeconds": round(time.monotonic() - started, 3)}))
                    return 0
        except OSError:
            pass
        time.sleep(0.2)
    print(json.dumps({"error": f"{url} not ready after {timeout} s"}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
