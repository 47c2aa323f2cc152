#!/usr/bin/env python3
"""Memory of open event streams: opens N concurrent SSE connections to the server, holds them, and reads the server's
resident memory (VmRSS) before, while they are open and after they are closed.

Usage: python3 Benchmarks/sse_streams.py --url http://127.0.0.1:PORT/api/v1/events --token TOKEN --streams 1000 --pid PID
Exit code 1 if fewer than N streams opened (or stayed open), or if the RSS with them open is at or over the budget (300 MiB).
Standard library only.
"""
import argparse
import asyncio
import os
import sys
import time
from urllib.parse import urlsplit


def rss_kib(pid):
    """The server's resident set size in KiB, from /proc/<pid>/status."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def raise_own_fd_limit(needed):
    """Each stream is one socket here too: lift this process's soft limit towards the hard one if it is short."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = needed + 64
        if soft != resource.RLIM_INFINITY and soft < want:
            target = want if hard == resource.RLIM_INFINITY else min(want, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError):
        pass


class Stream:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer
        self.bytes = 0
        self.pings = 0
        self.closed_early = False
        self.task = None

    async def drain(self):
        """Keeps reading (heartbeat comments) so that nothing piles up in the socket buffers."""
        try:
            while True:
                data = await self.reader.read(4096)
                if not data:
                    self.closed_early = True
                    return
                self.bytes += len(data)
                self.pings += data.count(b": ping")
        except (ConnectionError, OSError):
            self.closed_early = True
        except asyncio.CancelledError:
            pass


async def open_stream(host, port, path, host_header, token, timeout):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        request = (f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nAuthorization: Bearer {token}\r\n"
                   f"Accept: text/event-stream\r\n\r\n")
        writer.write(request.encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = head.split(b"\r\n", 1)[0]
        if b" 200" not in status:
            raise RuntimeError(f"status {status.decode(errors='replace')}")
        body = b""
        deadline = time.monotonic() + timeout
        while b": open" not in body:
            left = deadline - time.monotonic()
            if left <= 0:
                raise asyncio.TimeoutError()
            chunk = await asyncio.wait_for(reader.read(4096), left)
            if not chunk:
                raise RuntimeError("closed before ': open'")
            body += chunk
        return Stream(reader, writer)
    except BaseException:
        writer.close()
        raise


async def close_all(streams):
    for s in streams:
        if s.task:
            s.task.cancel()
        s.writer.close()
    await asyncio.gather(*(asyncio.wait_for(s.writer.wait_closed(), 5) for s in streams), return_exceptions=True)


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True, help="the events URL, e.g. http://127.0.0.1:8080/api/v1/events")
    ap.add_argument("--token", required=True, help="an API token (Authorization: Bearer)")
    ap.add_argument("--streams", type=int, default=1000)
    ap.add_argument("--pid", type=int, required=True, help="the server's process id (its VmRSS is read)")
    ap.add_argument("--hold", type=float, default=5, help="seconds to hold the streams open before measuring")
    ap.add_argument("--parallel", type=int, default=100, help="connections being opened at once (the listen backlog is finite)")
    ap.add_argument("--timeout", type=float, default=30, help="seconds allowed to open one stream")
    ap.add_argument("--budget-mb", type=float, default=300, help="RSS budget with the streams open, in MiB")
    args = ap.parse_args()

    u = urlsplit(args.url)
    if u.scheme != "http":
        sys.exit("only http:// URLs are supported")
    host = u.hostname or "127.0.0.1"
    if host == "localhost":
        host = "127.0.0.1"
    port = u.port or 80
    path = (u.path or "/") + (f"?{u.query}" if u.query else "")
    host_header = u.netloc
    raise_own_fd_limit(args.streams)

    before = rss_kib(args.pid)
    gate = asyncio.Semaphore(max(1, args.parallel))
    errors = {}

    async def one():
        async with gate:
            try:
                return await open_stream(host, port, path, host_header, args.token, args.timeout)
            except Exception as e:  # noqa: BLE001 — every failure is counted and summarised
                key = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
                errors[key] = errors.get(key, 0) + 1
                return None

    t0 = time.monotonic()
    results = await asyncio.gather(*(one() for _ in range(args.streams)))
    opened_in = time.monotonic() - t0
    streams = [s for s in results if s is not None]
    for s in streams:
        s.task = asyncio.create_task(s.drain())
    print(f"opened {len(streams)}/{args.streams} event streams in {opened_in:.2f} s"
          f" ({opened_in / max(1, len(streams)) * 1000:.2f} ms each on average, {args.parallel} at a time)")
    for e, n in sorted(errors.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {n} failed: {e}")

    await asyncio.sleep(args.hold)
    still_open = sum(1 for s in streams if not s.closed_early)
    with_streams = rss_kib(args.pid)
    pings = sum(s.pings for s in streams)
    print(f"held {args.hold:g} s: {still_open} still open, {pings} heartbeat(s) received")
    per_stream = (with_streams - before) / max(1, still_open)
    print(f"server RSS before:               {before / 1024:8.1f} MiB")
    print(f"server RSS with {still_open:5d} streams open: {with_streams / 1024:8.1f} MiB"
          f"  (budget < {args.budget_mb:g} MiB)")
    print(f"per stream:                      {per_stream:8.1f} KiB")

    t1 = time.monotonic()
    await close_all(streams)
    closing = time.monotonic() - t1
    await asyncio.sleep(2)
    after = rss_kib(args.pid)
    print(f"server RSS 2 s after closing all: {after / 1024:8.1f} MiB (closing took {closing:.2f} s)")

    failed = []
    if len(streams) < args.streams:
        failed.append(f"only {len(streams)} of {args.streams} streams opened")
    elif still_open < args.streams:
        failed.append(f"only {still_open} of {args.streams} streams stayed open for {args.hold:g} s")
    if with_streams >= args.budget_mb * 1024:
        failed.append(f"RSS with streams open {with_streams / 1024:.1f} MiB is over the {args.budget_mb:g} MiB budget")
    for f in failed:
        print(f"FAIL: {f}")
    if not failed:
        print("OK: every stream opened and the RSS stayed within budget")
    return 1 if failed else 0


if __name__ == "__main__":
    if not os.path.exists("/proc/self/status"):
        sys.exit("needs /proc (Linux)")
    sys.exit(asyncio.run(main()))
