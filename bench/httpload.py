"""A small HTTP/1.1 load generator for the benchmarks: asyncio, keep-alive connections, no dependencies.

A thread pool of ``http.client`` connections spends about as much CPU per request as the server it measures (the
threads fight over one interpreter lock), and on a 2-core machine that CPU is taken from the server. One event
loop with plain sockets costs a fraction of that, so the figures say more about the server.

``run(port, requests, concurrency)`` sends every (method, path, headers, body) in ``requests`` over
``concurrency`` connections, each taking the next request when its previous answer is in; it returns the wall
time and, per request in order, (status, seconds). Status 0 means the connection failed.

``run_for(port, scripts, duration)`` is the same for a timed load (bench/load.py): one connection per client
script, each sending its own requests in turn until the time is up; it returns every answer as
(label, status, seconds, finished at — seconds from the start).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Iterable, Sequence

Request = tuple[str, str, dict, object]  # method, path, headers, body (bytes, a JSON-able object or None)


def encode(method: str, path: str, headers: dict, body, host: str) -> bytes:
    if body is None:
        payload = b""
    elif isinstance(body, bytes):
        payload = body
    else:
        payload = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **headers}
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    if payload or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, keep the connection) after reading one whole response."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, keep = 0, False, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, keep


async def _connection(port: int, host: str, queue: list, results: list) -> None:
    reader = writer = None
    while queue:
        index, (method, path, headers, body) = queue.pop()
        data = encode(method, path, headers, body, host)
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(data)
            status, keep = await _read_response(reader)
            if not keep:
                writer.close()
                reader = writer = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            # Not retried: a POST may have been taken before the connection broke, and the recount must see
            # each answer as it was. The next request opens a new connection.
            status = 0
            if writer is not None:
                writer.close()
            reader = writer = None
        results[index] = (status, time.perf_counter() - start)
    if writer is not None:
        writer.close()


def run(port: int, requests: Sequence[Request], concurrency: int, host: str = "127.0.0.1") -> tuple[float, list]:
    """Send all requests with ``concurrency`` connections; (wall seconds, [(status, seconds), …] in order)."""
    queue = list(enumerate(requests))[::-1]  # pop() from the end takes them in order
    results: list = [None] * len(requests)

    async def main():
        await asyncio.gather(*(_connection(port, host, queue, results) for _ in range(concurrency)))

    start = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - start, results


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest); NaN for no samples."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


LabelledRequest = tuple[str, str, str, dict, object]  # label, method, path, headers, body


async def _client(port: int, host: str, script: Iterable[LabelledRequest], start: float, deadline: float,
                  timeout: float, out: list) -> None:
    reader = writer = None
    for label, method, path, headers, body in script:
        if time.perf_counter() >= deadline:
            break
        data = encode(method, path, headers, body, host)
        began = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
            writer.write(data)
            status, keep = await asyncio.wait_for(_read_response(reader), timeout)
            if not keep:
                writer.close()
                reader = writer = None
        except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            status = 0  # not retried, as in run(); the next request opens a new connection
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)  # a refused connection answers at once: do not spin while a server is down
        finished = time.perf_counter()
        out.append((label, status, finished - began, finished - start))
    if writer is not None:
        writer.close()


def run_for(port: int, scripts: Sequence[Iterable[LabelledRequest]], duration: float, host: str = "127.0.0.1",
            timeout: float = 30.0) -> tuple[float, list]:
    """Each script on a connection of its own until ``duration`` seconds have passed (a request begun before
    the end is waited for, up to ``timeout``); (wall seconds, [(label, status, seconds, finished at), …])."""
    out: list = []

    async def main():
        start = time.perf_counter()
        await asyncio.gather(*(_client(port, host, script, start, start + duration, timeout, out)
                               for script in scripts))

    start = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - start, out
