"""Issue 11's figures, the app against the floor program in the same run.

    python bench/run_all.py [--runs 5] [--skip-p3]

P1 start → first page of rows painted (137 streams), P2 start → all 10,000
rows painted, P4 peak RSS (137 and 10,000 streams): the app
(``python -m tpsdesk``, a real process, offscreen, ``--refresh 0``) and
``bench/floor.py`` run alternately against one simulator process, each timed
from its own process start by ``TPSDESK_TRACE``. Medians, then ratios to the
floor. P3: main-thread blocks measured in this process with a loop-gap probe
(``bench/p3_probe.py``). The last line is the summary:

    P1 x.xx  P2 x.xx  P3 max N ms p99 N ms  P4 x.xx

Nothing here asserts a timing: on a shared machine only ratios measured side
by side mean anything.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORG, TOKEN = "bench-org", "bench-token-not-a-secret"
SMALL, LARGE = 137, 10_000
SETTLE_S = 1.5  # after the last row is painted: what loads next (the trim editor, the keychain) counts too


@dataclass
class Run:
    first: float  # seconds from process start to the first rows painted
    all: float  # … to every row painted
    peak_rss_mib: float
    first_cpu: float  # the process's CPU seconds at those two moments: what a busy machine
    all_cpu: float  # does not distort (work, not waiting for a core)


def start_sim(streams: int) -> tuple[subprocess.Popen[str], str]:
    sim = subprocess.Popen(
        [sys.executable, "-m", "tpsdesk.sim", "--streams", str(streams), "--port", "0", "--org", ORG,
         "--token", TOKEN, "--no-lifecycle", "--no-disconnects"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=child_env())
    assert sim.stdout is not None
    line = sim.stdout.readline()
    if "running at" not in line:
        sim.kill()
        raise SystemExit(f"the simulator did not start: {line!r}")
    return sim, line.rsplit(" ", 1)[-1].strip()


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the process's peak resident set so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc")


def run_once(command: list[str], base_url: str, home: Path, timeout_s: float = 60.0) -> Run:
    """Start a program, wait for its ``all_rows_painted`` and then ``SETTLE_S``, read its peak RSS, end it."""
    trace = home / "trace.jsonl"
    trace.unlink(missing_ok=True)
    env = child_env(TPSDESK_TRACE=str(trace), TPSDESK_TOKEN=TOKEN, TPSDESK_ORG=ORG, TPSDESK_BASE_URL=base_url,
                    HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        deadline = time.monotonic() + timeout_s
        events: dict[str, dict[str, float]] = {}
        while "all_rows_painted" not in events:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[-1]} ended or hung before painting every row: "
                                   f"{process.stderr.read() if process.stderr and process.poll() else ''}")
            time.sleep(0.02)
            if trace.exists():
                for line in trace.read_text().splitlines():
                    if line.endswith("}"):
                        event = json.loads(line)
                        events[event["event"]] = event
        time.sleep(SETTLE_S)
        rss = peak_rss_mib(process.pid)
        first, every = events["first_rows_painted"], events["all_rows_painted"]
        return Run(float(first["t"]), float(every["t"]), rss, float(first["cpu"]), float(every["cpu"]))
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(streams: int, runs: int, home: Path) -> dict[str, list[Run]]:
    sim, base_url = start_sim(streams)
    programs = {
        "tpsdesk": [sys.executable, "-m", "tpsdesk", "--refresh", "0"],
        "floor": [sys.executable, str(ROOT / "bench" / "floor.py"), "--base-url", base_url, "--org", ORG],
    }
    results: dict[str, list[Run]] = {name: [] for name in programs}
    try:
        run_once(programs["floor"], base_url, home)  # warm the page cache and the simulator once
        for i in range(runs):
            order = list(programs) if i % 2 == 0 else list(reversed(programs))
            for name in order:
                results[name].append(run_once(programs[name], base_url, home))
    finally:
        sim.terminate()
        sim.wait()
    return results


def med(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description="P1, P2, P4 (processes) and P3 (in-process probe).")
    parser.add_argument("--runs", type=int, default=5, help="alternations per stream count (default 5)")
    parser.add_argument("--skip-p3", action="store_true", help="only the start-up and memory figures")
    args = parser.parse_args()
    # As installed (pip, the bundles): bytecode compiled, whatever PYTHONDONTWRITEBYTECODE says.
    compileall.compile_dir(ROOT / "tpsdesk", quiet=1)
    with tempfile.TemporaryDirectory(prefix="tpsdesk-bench-") as tmp:
        home = Path(tmp)
        small = measure(SMALL, args.runs, home)
        large = measure(LARGE, args.runs, home)
    rows = [
        ("P1 start → first rows painted (137)", med(small["floor"], "first"), med(small["tpsdesk"], "first"), "s"),
        ("start → all rows painted (137)", med(small["floor"], "all"), med(small["tpsdesk"], "all"), "s"),
        ("start → first rows painted (10,000)", med(large["floor"], "first"), med(large["tpsdesk"], "first"), "s"),
        ("P2 start → all rows painted (10,000)", med(large["floor"], "all"), med(large["tpsdesk"], "all"), "s"),
        ("P4 peak RSS, settled (137)", med(small["floor"], "peak_rss_mib"), med(small["tpsdesk"], "peak_rss_mib"),
         "MiB"),
        ("P4 peak RSS, settled (10,000)", med(large["floor"], "peak_rss_mib"), med(large["tpsdesk"], "peak_rss_mib"),
         "MiB"),
    ]
    print(f"medians of {args.runs} alternating runs each, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    print(f"| {'figure':38} | {'floor':>9} | {'tpsdesk':>9} | ratio |")
    print(f"|{'-' * 40}|{'-' * 11}|{'-' * 11}|-------|")
    for name, floor, app, unit in rows:
        fmt = "{:.2f} s" if unit == "s" else "{:.0f} MiB"
        print(f"| {name:38} | {fmt.format(floor):>9} | {fmt.format(app):>9} | {app / floor:5.2f} |")
    print("CPU seconds used by then (the same runs; not distorted by other processes):")
    for name, field, runs in [("P1 first rows painted (137)", "first_cpu", small),
                              ("P2 all rows painted (10,000)", "all_cpu", large)]:
        floor, app = med(runs["floor"], field), med(runs["tpsdesk"], field)
        print(f"| {name:38} | {floor:7.2f} s | {app:7.2f} s | {app / floor:5.2f} |")
    p1 = rows[0][2] / rows[0][1]
    p2 = rows[3][2] / rows[3][1]
    p4 = max(rows[4][2] / rows[4][1], rows[5][2] / rows[5][1])
    p3 = "P3 skipped"
    if not args.skip_p3:
        from p3_probe import measure_p3  # bench/ is on sys.path: this script's folder

        worst_ms, p99_ms = measure_p3()
        p3 = f"P3 max {worst_ms:.0f} ms p99 {p99_ms:.0f} ms"
    print(f"P1 {p1:.2f}  P2 {p2:.2f}  {p3}  P4 {p4:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
