"""Scale benchmark: ``load --jobs 1`` vs ``--jobs 2``, ``bulk`` on a 2-worker Dask cluster, memory.

Run from the repository root (the ``scale`` extra installed)::

    python -m benchmarks.scale [--repeat 2] [--jobs 2] [--skip-bulk] [--pool] [--idle-pairs N]
                               [--json PATH]

Inputs: the 578 development pages of ``../shared/benchmarks/article-extraction``
(111) and ``web-extraction`` (467), as the ``.html.gz`` files they are, and, for
``bulk``, the same pages written into one gzip-per-record WARC file with their
real URLs (``pages.warc.gz``, built once in a temporary folder).

What is measured, each command as a subprocess (``python -m akhbar``) into a
fresh archive, every measurement ``--repeat`` times, alternating the variants
so that a busy period of the shared machine does not fall on one of them:

- ``load PAGES --jobs 1`` and ``--jobs N``: pages/s by wall clock (the whole
  command, start-up included), CPU seconds of the process tree, peak RSS of
  the process tree (the command plus its workers: sampled every 50 ms from
  /proc, summed) and of the command alone; the archives must compare equal
  (``archive_compare``).
- ``load PAGES PAGES PAGES --jobs N``: three times the inputs, for the peak RSS
  (it must not grow with the number of inputs; budget 200 MB + 100 MB per worker).
- ``bulk pages.warc.gz --workers N``: records/s once the cluster is up (the
  command's own ``run_seconds``: its extraction throughput), wall time with
  the cluster's start, peak RSS of the tree (scheduler, nannies, workers);
  then ``load`` of its parts, which must give the archive ``load pages.warc.gz``
  gives.
- ``bulk --site nothing.example``: every record read and skipped unextracted, the
  cost of scanning the records of sites one does not want (for the CC-NEWS
  estimate in docs/scale.md).
- ``--pool``: extraction alone, no archive and no start-up: the load's tasks
  (read the file, extract, compress, hash and analyse the text) through
  ``ExtractPool(N)`` against ``run_task`` one after the other in this process;
  wall and CPU seconds (this process, and its workers once joined).
- ``--idle-pairs N``: N more ``load --jobs 1`` / ``--jobs N`` pairs, each started only
  after 3 s of at least 90 % idle CPU (waiting up to ``--idle-wait`` minutes), with the CPU
  seconds the *other* processes of the machine used during each run (/proc/stat; this
  benchmark's own sampling of /proc included): on a shared machine, what says how far a
  wall-clock ratio can be trusted.
- The machine's load average before each run (other processes share it).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.archive_compare import differences
from benchmarks.extraction import shared_dir

DATA = shared_dir() / "benchmarks"
ARTICLES = DATA / "article-extraction"
WEB = DATA / "web-extraction"


@dataclass
class Run:
    label: str
    seconds: float
    cpu_seconds: float
    main_cpu_seconds: float  # the command's own process (for --jobs N: the writer)
    peak_tree_mb: float
    peak_main_mb: float
    load_average: float
    code: int
    out: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def page_files() -> list[Path]:
    return sorted((ARTICLES / "html").glob("*.html.gz")) + sorted((WEB / "pages").glob("*.html.gz"))


def page_urls() -> dict[str, str]:
    """File name -> the page's URL, from the two sets' ground truth."""
    urls = {f"{key}.html.gz": value["url"]
            for key, value in json.loads((ARTICLES / "ground-truth.json").read_text()).items()}
    urls.update({value["file"]: url
                 for url, value in json.loads((WEB / "evaldata.json").read_text()).items()})
    return urls


def write_warc(path: Path, files: list[Path]) -> int:
    """The pages as WARC/1.0 response records, one gzip member each; returns the record count."""
    urls = page_urls()
    with path.open("wb") as handle:
        for number, file in enumerate(files):
            body = gzip.decompress(file.read_bytes())
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            uri = (urls.get(file.name) or "").strip()
            if not uri.startswith(("http://", "https://")):  # a few keys are names, not URLs
                uri = f"https://pages.invalid/{file.name.removesuffix('.html.gz')}.html"
            head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
                    f"WARC-Date: 2026-01-{1 + number % 28:02d}T12:00:00Z\r\n"
                    f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=number + 1)}>\r\n"
                    "Content-Type: application/http;msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            handle.write(gzip.compress(head + http + b"\r\n\r\n"))
    return len(files)


def _tree(pid: int) -> dict[int, tuple[int, int]]:
    """pid -> (RSS bytes, CPU clock ticks so far) of ``pid`` and every descendant, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found: dict[int, tuple[int, int]] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        found[current] = _usage(current)
        todo += children.get(current, [])
    return found


def _usage(pid: int) -> tuple[int, int]:
    """(RSS bytes, user+system clock ticks) of one process; zeros once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return int(fields[21]) * PAGE_SIZE, int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0, 0


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def run(label: str, args: list[str], cwd: Path) -> Run:
    """``python -m akhbar ARGS`` with its wall time, CPU time and peak RSS of its process tree."""
    load_average = os.getloadavg()[0]
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "akhbar", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    peaks = [0, 0]
    ticks: dict[int, int] = {}  # the last CPU time seen of every process of the tree
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            tree = _tree(proc.pid)
            peaks[0] = max(peaks[0], sum(rss for rss, _ in tree.values()))
            peaks[1] = max(peaks[1], tree.get(proc.pid, (0, 0))[0])
            for pid, (_, used) in tree.items():
                ticks[pid] = max(ticks.get(pid, 0), used)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    cpu = sum(ticks.values()) / TICKS  # up to one sampling period short per process
    return Run(label, round(seconds, 3), round(cpu, 2), round(ticks.get(proc.pid, 0) / TICKS, 2),
               round(peaks[0] / 2**20, 1),
               round(peaks[1] / 2**20, 1), round(load_average, 2), proc.returncode, out.strip())


def bench_load(work: Path, files: list[Path], jobs: int, repeat: int) -> tuple[list[Run], list[str]]:
    runs: list[Run] = []
    folders = [str(ARTICLES / "html"), str(WEB / "pages")]
    for turn in range(repeat):
        for variant in (1, jobs):
            db = work / f"load-j{variant}-{turn}.db"
            result = run(f"load --jobs {variant}", ["load", *folders, "--db", str(db), "--jobs",
                                                    str(variant), "-q"], work)
            result.extra["pages_per_second"] = round(len(files) / result.seconds, 1)
            runs.append(result)
    diff = differences(work / "load-j1-0.db", work / f"load-j{jobs}-0.db")
    return runs, diff


def bench_memory(work: Path, jobs: int, times: int = 3) -> Run:
    """The same folders given ``times`` times (every page extracted again, stored as unchanged):
    peak memory must not grow with the number of inputs."""
    folders = [str(ARTICLES / "html"), str(WEB / "pages")] * times
    return run(f"load x{times} --jobs {jobs}", ["load", *folders, "--db", str(work / "memory.db"),
                                                 "--jobs", str(jobs), "-q"], work)


def bench_bulk(work: Path, warc: Path, records: int, jobs: int, repeat: int) -> dict[str, Any]:
    runs: list[Run] = []
    reference = run(f"load WARC --jobs {jobs}", ["load", str(warc), "--db", str(work / "warc.db"),
                                                 "--jobs", str(jobs), "-q"], work)
    reference.extra["pages_per_second"] = round(records / reference.seconds, 1)
    for turn in range(repeat):
        parts = work / f"parts-{turn}"
        result = run(f"bulk --workers {jobs}", ["bulk", str(warc), "--output", str(parts),
                                                "--workers", str(jobs), "--json"], work)
        summary = json.loads(result.out.splitlines()[-1]) if result.out else {}
        result.extra.update(summary)
        runs.append(result)
    merged = run("load PARTS", ["load", str(work / "parts-0"), "--db", str(work / "parts.db"), "-q"],
                 work)
    scan = run(f"bulk --site nothing.example --workers {jobs}",
               ["bulk", str(warc), "--output", str(work / "scan"), "--workers", str(jobs),
                "--site", "nothing.example", "--json"], work)
    scan.extra.update(json.loads(scan.out.splitlines()[-1]) if scan.out else {})
    parts_bytes = sum(f.stat().st_size for f in (work / "parts-0").glob("*.parquet"))
    return {"reference": asdict(reference), "bulk": [asdict(r) for r in runs],
            "parts_bytes": parts_bytes,
            "load_parts": asdict(merged), "scan_only": asdict(scan),
            "parts_equal_warc_load": differences(work / "warc.db", work / "parts.db")}


def bench_pool(files: list[Path], jobs: int, repeat: int) -> list[dict[str, Any]]:
    """The pool alone (see the module docstring): what extraction gains from ``jobs`` processes."""
    from akhbar.cli.parallel import ExtractPool, Task, run_task

    def tasks() -> Any:
        return ((str(f), Task(path=str(f), article_only=True, compress=True, prepare=True))
                for f in files)

    rows = []
    for _turn in range(repeat):
        for variant in (1, jobs):
            load_average = os.getloadavg()[0]
            own, children = (resource.getrusage(resource.RUSAGE_SELF),
                             resource.getrusage(resource.RUSAGE_CHILDREN))
            started = time.monotonic()
            if variant == 1:
                records = sum(run_task(task).article is not None for _, task in tasks())
            else:
                with ExtractPool[str](variant) as pool:
                    records = sum(o is not None and o.article is not None
                                  for _, o in pool.ordered(tasks()))
            seconds = time.monotonic() - started
            own_after, children_after = (resource.getrusage(resource.RUSAGE_SELF),
                                         resource.getrusage(resource.RUSAGE_CHILDREN))
            main_cpu = _cpu(own_after) - _cpu(own)
            rows.append({"jobs": variant, "seconds": round(seconds, 3), "records": records,
                         "main_cpu_seconds": round(main_cpu, 2),
                         "cpu_seconds": round(main_cpu + _cpu(children_after) - _cpu(children), 2),
                         "load_average": round(load_average, 2)})
    return rows


def _machine_ticks() -> tuple[int, int]:
    """(busy, idle) clock ticks of the whole machine so far (/proc/stat)."""
    with open("/proc/stat") as handle:
        values = [int(x) for x in handle.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, idle


def _idle_fraction(seconds: float = 3.0) -> float:
    busy0, idle0 = _machine_ticks()
    time.sleep(seconds)
    busy1, idle1 = _machine_ticks()
    return (idle1 - idle0) / max(1, busy1 - busy0 + idle1 - idle0)


def bench_idle_pairs(work: Path, jobs: int, pairs: int, wait_minutes: float) -> list[dict[str, Any]]:
    """``load --jobs 1`` then ``--jobs N``, started only on an idle machine; others' CPU per run."""
    folders = [str(ARTICLES / "html"), str(WEB / "pages")]
    deadline = time.monotonic() + wait_minutes * 60
    rows: list[dict[str, Any]] = []
    while len(rows) < pairs and time.monotonic() < deadline:
        idle = _idle_fraction()
        if idle < 0.9:
            continue
        pair: dict[str, Any] = {"idle_before": round(idle, 3),
                                "utc": time.strftime("%H:%M:%S", time.gmtime())}
        for variant in (1, jobs):
            db = work / f"idle-{len(rows)}-j{variant}.db"
            busy = _machine_ticks()[0]
            result = run(f"load --jobs {variant}", ["load", *folders, "--db", str(db), "--jobs",
                                                    str(variant), "-q"], work)
            others = (_machine_ticks()[0] - busy) / TICKS - result.cpu_seconds
            pair[f"jobs{variant}"] = {"seconds": result.seconds, "cpu_seconds": result.cpu_seconds,
                                      "main_cpu_seconds": result.main_cpu_seconds,
                                      "others_cpu_seconds": round(others, 2)}
        pair["ratio"] = round(pair["jobs1"]["seconds"] / pair[f"jobs{jobs}"]["seconds"], 3)
        pair["archives_equal"] = not differences(work / f"idle-{len(rows)}-j1.db",
                                                 work / f"idle-{len(rows)}-j{jobs}.db")
        rows.append(pair)
        print(f"idle pair {pair['utc']}: {pair['ratio']:.2f}x  --jobs 1 {pair['jobs1']['seconds']:.2f} s "
              f"(others {pair['jobs1']['others_cpu_seconds']} CPU-s), --jobs {jobs} "
              f"{pair[f'jobs{jobs}']['seconds']:.2f} s (others {pair[f'jobs{jobs}']['others_cpu_seconds']} "
              f"CPU-s); archives equal: {pair['archives_equal']}", flush=True)
    return rows


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--pool", action="store_true", help="Also time the extraction pool alone.")
    parser.add_argument("--idle-pairs", type=int, default=0,
                        help="Also this many load pairs, each started on an idle machine.")
    parser.add_argument("--idle-wait", type=float, default=30.0,
                        help="Minutes to wait at most for the idle pairs.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    files = page_files()
    report: dict[str, Any] = {"pages": len(files), "cpus": len(os.sched_getaffinity(0))}
    with tempfile.TemporaryDirectory(prefix="akhbar-scale-") as tmp:
        work = Path(tmp)
        runs, diff = bench_load(work, files, args.jobs, args.repeat)
        report["load"] = [asdict(r) for r in runs]
        report["load_archives_equal"] = not diff
        report["load_differences"] = diff
        _print_load(runs, diff, args.jobs)
        memory = bench_memory(work, args.jobs)
        report["memory"] = asdict(memory)
        print(f"{memory.label:14} {memory.seconds:6.2f} s wall, peak RSS {memory.peak_tree_mb:.1f} MB "
              f"tree, {memory.peak_main_mb:.1f} MB command (budget {200 + 100 * args.jobs} MB)")
        if args.pool:
            report["pool"] = bench_pool(files, args.jobs, args.repeat)
            _print_pool(report["pool"])
        if args.idle_pairs:
            report["idle_pairs"] = bench_idle_pairs(work, args.jobs, args.idle_pairs, args.idle_wait)
        if not args.skip_bulk:
            warc = work / "pages.warc.gz"
            records = write_warc(warc, files)
            report["warc_bytes"] = warc.stat().st_size
            report["bulk"] = bench_bulk(work, warc, records, args.jobs, args.repeat)
            _print_bulk(report["bulk"], records)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))


def _print_load(runs: list[Run], diff: list[str], jobs: int) -> None:
    for r in runs:
        print(f"{r.label:14} {r.extra['pages_per_second']:7.1f} pages/s  {r.seconds:6.2f} s wall  "
              f"{r.cpu_seconds:6.2f} s CPU ({r.main_cpu_seconds:.2f} s writer)  "
              f"peak RSS {r.peak_tree_mb:6.1f} MB tree, "
              f"{r.peak_main_mb:6.1f} MB command  (load avg {r.load_average})")
    pairs = list(zip(runs[::2], runs[1::2], strict=False))
    ratios = [b.extra["pages_per_second"] / a.extra["pages_per_second"] for a, b in pairs]
    best = max(r.extra["pages_per_second"] for r in runs[1::2]) / \
        max(r.extra["pages_per_second"] for r in runs[::2])
    print(f"--jobs {jobs} / --jobs 1: " + ", ".join(f"{x:.2f}x" for x in ratios)
          + f" (best against best {best:.2f}x); archives equal: {not diff} {diff or ''}")


def _print_pool(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        print(f"pool --jobs {row['jobs']}   {row['seconds']:6.2f} s wall  {row['cpu_seconds']:6.2f} s CPU "
              f"({row['main_cpu_seconds']:.2f} s this process), {row['records']} records  "
              f"(load avg {row['load_average']})")
    ratios = [a["seconds"] / b["seconds"] for a, b in zip(rows[::2], rows[1::2], strict=False)]
    print("pool alone, --jobs N / --jobs 1: " + ", ".join(f"{x:.2f}x" for x in ratios))


def _print_bulk(bulk: dict[str, Any], records: int) -> None:
    ref = bulk["reference"]
    print(f"{ref['label']:14} {ref['extra']['pages_per_second']:7.1f} pages/s  {ref['seconds']:6.2f} s")
    for b in bulk["bulk"]:
        extra = b["extra"]
        print(f"{b['label']:14} {extra.get('records_per_second', 0):7.1f} records/s once started "
              f"({extra.get('run_seconds')} s), {b['seconds']:.2f} s wall with the cluster's start, "
              f"{b['cpu_seconds']:.2f} s CPU; peak RSS {b['peak_tree_mb']:.1f} MB tree  "
              f"(load avg {b['load_average']})")
    scan = bulk["scan_only"]["extra"]
    skipped = scan.get("skipped", {}).get("pages of other sites", 0)
    print(f"scan only      {skipped / (scan.get('run_seconds') or 1):7.1f} records/s read and "
          f"skipped ({scan.get('cpu_seconds')} s task CPU for {skipped} records)")
    print(f"Parquet parts: {bulk['parts_bytes'] / 2**20:.1f} MB for {records} records")
    print(f"load of the parts: {bulk['load_parts']['out']}; equal to load of the WARC: "
          f"{not bulk['parts_equal_warc_load']} {bulk['parts_equal_warc_load'] or ''}")


if __name__ == "__main__":
    main()
