"""The benchmark's figures: the median of the rounds with its spread, and one line per target.

A target line reads ``NAME: value (target ≥|≤|= limit) OK|MISSED`` so that a script can pick it
up (``grep -E '^[a-z_]+: .* (OK|MISSED)$'``). A ratio is taken per round (a page and its
reference measured back to back, under the same load), then the median of those ratios is kept.
"""

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.load import Result

TARGET_THROUGHPUT = {"summary": 0.5, "grid": 0.6}  # × the page's in-memory twin (requests/s)
TARGET_CPU = {"summary": 40, "grid": 8}  # × the bare page's CPU per request
TARGET_MIDDLEWARE = 1.2  # the bare page's CPU behind our middleware / behind Django's default middleware
TARGET_BARE_QUERIES = 2  # an authenticated GET of a page that reads nothing: the session and the user
TARGET_IMPORT = 1.5  # × openpyxl's own read-only load and read of every row
TARGET_IMPORT_FLOOR = 1.3  # × openpyxl's read + one committed transaction writing the same lines
COMPARE: dict[str, Callable[[float, float], bool]] = {
    "≥": lambda value, limit: value >= limit,
    "≤": lambda value, limit: value <= limit,
    "=": lambda value, limit: value == limit,
}


@dataclass(frozen=True)
class Spread:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Iterable[float]) -> "Spread":
        values = list(values)
        return cls(statistics.median(values), min(values), max(values))

    def show(self, digits: int = 2, unit: str = "") -> str:
        return f"{self.median:.{digits}f}{unit} ({self.low:.{digits}f}–{self.high:.{digits}f})"


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    operator: str
    limit: float
    unit: str = "×"
    digits: int = 2

    @property
    def met(self) -> bool:
        return COMPARE[self.operator](self.value, self.limit)

    def line(self) -> str:
        digits = self.digits  # one more where rounding would hide the verdict (0.597 is not 0.60)
        while digits < 4 and COMPARE[self.operator](round(self.value, digits), self.limit) != self.met:
            digits += 1
        value = f"{self.value:.{digits}f}{self.unit}"
        return f"{self.name}: {value} (target {self.operator} {self.limit:.3g}{self.unit}) {verdict(self.met)}"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def print_pages(results: dict[str, list[Result]]) -> None:
    """One row per page: the median (min–max) of the rounds for each figure; requests and errors summed."""
    rounds = len(next(iter(results.values())))
    print(f"\nEach figure: the median of {rounds} round(s) (min–max)")
    headings = "".join(f"{heading:>24}" for heading in ("req/s", "p50 ms", "p99 ms", "CPU ms/req"))
    print(f"{'page':<14}{headings}{'requests':>10}{'errors':>8}{'bytes':>9}")
    for name, runs in results.items():
        figures = [Spread.of(getattr(r, figure) for r in runs) for figure in ("rps", "p50_ms", "p99_ms")]
        cpu = Spread.of(r.cpu_ms for r in runs)
        cells = "".join(f"{f.show(1):>24}" for f in figures) + f"{cpu.show(2):>24}"
        totals = f"{sum(r.requests for r in runs):>10}{sum(r.errors for r in runs):>8}{runs[-1].size:>9}"
        print(f"{name:<14}{cells}{totals}")
    print()


def page_targets(results: dict[str, list[Result]]) -> list[Target]:
    """Each page against its twin and the bare page, then the bare page against Django's default middleware."""
    bare = results["bare"]
    targets = []
    for page in ("summary", "grid"):
        runs, twins = results[page], results[f"{page} twin"]
        throughput = Spread.of(r.rps / t.rps for r, t in zip(runs, twins, strict=True))
        cpu = Spread.of(r.cpu_ms / t.cpu_ms for r, t in zip(runs, twins, strict=True))
        vs_bare = Spread.of(r.cpu_ms / b.cpu_ms for r, b in zip(runs, bare, strict=True))
        twin_vs_bare = Spread.of(t.cpu_ms / b.cpu_ms for t, b in zip(twins, bare, strict=True))
        print(
            f"{page}: throughput {throughput.show(unit='×')} its twin; CPU/request {cpu.show(unit='×')} its twin's, "
            f"{vs_bare.show(1, '×')} the bare page's (its twin: {twin_vs_bare.show(1, '×')}, rendering and middleware)"
        )
        limit = TARGET_THROUGHPUT[page]
        targets.append(Target(f"{page}_throughput_ratio", throughput.median, "≥", limit))
        # For a CPU-bound sync worker the CPU ratio is about the inverse of the throughput ratio.
        targets.append(Target(f"{page}_cpu_ratio", cpu.median, "≤", 1 / limit))
        targets.append(Target(f"{page}_cpu_vs_bare", vs_bare.median, "≤", TARGET_CPU[page], digits=1))
    default = results["bare default"]
    middleware = Spread.of(b.cpu_ms / d.cpu_ms for b, d in zip(bare, default, strict=True))
    print(
        f"bare: CPU/request {Spread.of(r.cpu_ms for r in bare).show(unit=' ms')} behind our middleware, "
        f"{Spread.of(r.cpu_ms for r in default).show(unit=' ms')} behind Django's default: {middleware.show(unit='×')}"
    )
    targets.append(Target("bare_middleware_cpu_ratio", middleware.median, "≤", TARGET_MIDDLEWARE))
    return targets


def query_targets(queries: int, writes: int) -> list[Target]:
    return [
        Target("bare_get_queries", queries, "≤", TARGET_BARE_QUERIES, unit="", digits=0),
        Target("bare_get_writes", writes, "=", 0, unit="", digits=0),
    ]


def print_targets(targets: list[Target]) -> None:
    print("\nTargets")
    for target in targets:
        print(target.line())
