"""Progress while a run goes: live on a terminal (rich), one line per obligation otherwise.

Modes: ``live`` (a TTY without ``NO_COLOR``: elapsed time, obligations done, what is running
now), ``plain`` (not a TTY, or ``NO_COLOR``: a line per finished obligation), ``quiet`` (``-q``:
nothing until the summary). Everything goes to standard error, so the table and ``--json -``
on standard output stay clean.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO


def choose_mode(quiet: bool, stream: TextIO = sys.stderr) -> str:
    if quiet:
        return "quiet"
    if os.environ.get("NO_COLOR") or not getattr(stream, "isatty", lambda: False)():
        return "plain"
    return "live"


class Progress:
    """The callback :func:`verify.run.run` calls: ``started(claim, ob)`` and ``(claim, ob, ev)``."""

    def __init__(self, mode: str, stream: TextIO = sys.stderr) -> None:
        self.mode = mode
        self.stream = stream
        self.total = 0
        self.done = 0
        self.running: dict[str, float] = {}
        self.t0 = time.perf_counter()
        self._live: Any = None

    def say(self, text: str) -> None:
        """A line before the run starts (e.g. while claim packs load)."""
        if self.mode != "quiet":
            print(text, file=self.stream, flush=True)

    def begin(self, total: int) -> None:
        self.total = total
        self.t0 = time.perf_counter()
        if self.mode == "live":
            from rich.console import Console
            from rich.live import Live
            self._live = Live(self._render(), console=Console(file=self.stream), refresh_per_second=4,
                              transient=True, get_renderable=self._render)
            self._live.start()
        elif self.mode == "plain":
            self.say(f"verify: deciding {total} obligations")

    def started(self, claim: Any, ob: Any) -> None:
        self.running[f"{claim.id}/{ob.id}"] = time.perf_counter()

    def __call__(self, claim: Any, ob: Any, ev: Any) -> None:
        self.done += 1
        self.running.pop(f"{claim.id}/{ob.id}", None)
        how = ev.data.get("store", {}).get("status", "")
        if self.mode == "plain":
            tag = f", {how}" if how == "cached" else ""
            print(f"[{self.done:>{len(str(self.total))}}/{self.total}] {ev.status:<10} {claim.id}/{ob.id} "
                  f"({ev.seconds:.2f}s{tag})", file=self.stream, flush=True)

    def end(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def _render(self) -> Any:
        from rich.text import Text
        now = time.perf_counter()
        lines = [f"verify: {self.done}/{self.total} obligations decided, {now - self.t0:.0f}s elapsed"]
        for name, since in sorted(self.running.items(), key=lambda kv: kv[1])[:6]:
            lines.append(f"  running {name} ({now - since:.0f}s)")
        return Text("\n".join(lines))
