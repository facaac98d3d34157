#!/usr/bin/env python3
"""Tokens/s of constrained decoding (response_format json_schema) against free text on a served engine.

Usage: structured_cost.py BASE_URL MODEL [--users N] [--requests N] [--max-tokens N] [--json OUT]
Runs the same closed loop of chat requests twice (free text, then a json_schema whose strings are long enough to
keep generating) and reports completion tokens per second of each, the relative cost, and how many constrained
outputs that finished with "stop" parse as JSON (all of them must).
"""
import argparse
import json
import threading
import time
import urllib.request

SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": 200},
        "items": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 80}, "count": {"type": "integer"}}, "required": ["name", "count"]}, "maxItems": 8},
        "done": {"type": "boolean"},
    },
    "required": ["title", "items", "done"],
}


def post(base, body):
    request = urllib.request.Request(base + "/v1/chat/completions", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


def run(base, model, users, requests, max_tokens, constrained):
    lock = threading.Lock()
    results = []
    counter = iter(range(requests))

    def worker():
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            body = {"model": model, "messages": [{"role": "user", "content": f"Describe item {index}."}], "max_tokens": max_tokens, "temperature": 1, "seed": index}
            if constrained:
                body["response_format"] = {"type": "json_schema", "json_schema": {"name": "inventory", "strict": True, "schema": SCHEMA}}
            else:
                body["ignore_eos"] = True
            answer = post(base, body)
            with lock:
                results.append(answer)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    tokens = sum(r["usage"]["completion_tokens"] for r in results)
    stopped = [r["choices"][0] for r in results if r["choices"][0]["finish_reason"] == "stop"]
    parsed = 0
    for choice in stopped:
        try:
            json.loads(choice["message"]["content"])
            parsed += 1
        except ValueError:
            pass
    return {"seconds": seconds, "completion_tokens": tokens, "tokens_per_second": tokens / seconds, "requests": len(results), "stopped": len(stopped), "stopped_and_parsed": parsed}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("model")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--requests", type=int, default=64)
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--json")
    args = parser.parse_args()
    run(args.base, args.model, min(4, args.users), min(8, args.requests), 16, constrained=True)  # warm-up
    free = run(args.base, args.model, args.users, args.requests, args.max_tokens, constrained=False)
    constrained = run(args.base, args.model, args.users, args.requests, args.max_tokens, constrained=True)
    report = {"free": free, "constrained": constrained, "cost_ratio": 1 - constrained["tokens_per_second"] / free["tokens_per_second"]}
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)


if __name__ == "__main__":
    main()
