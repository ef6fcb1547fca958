"""Running CP-SAT with live progress on the terminal and a clean stop on Ctrl-C.

The search runs in a worker thread; the main thread redraws elapsed time, best objective, bound
and gap (rich) and turns Ctrl-C into `stop_search()`, after which CP-SAT still hands back the best
timetable found so far.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from rich.console import Console
from rich.live import Live

from models.calendar import Lang

SHOW_AFTER_SECONDS = 1.0
PHASES_ZH = {
    "first timetable": "首个课表",
    "proving or finding a first timetable": "寻找首个课表或证明无解",
    "full model": "完整模型",
    "neighbourhood rounds": "邻域搜索",
}


@dataclass
class SearchState:
    """What the search has found so far; written by solver callbacks, read by the display."""

    started: float = field(default_factory=time.perf_counter)
    objective: float | None = None
    bound: float | None = None
    solutions: int = 0
    first_solution_s: float | None = None
    best_solution_s: float | None = None
    interrupted: bool = False
    phase: str = ""  # what is running, for the progress line (in English; PHASES_ZH has its Chinese)
    lang: Lang = "zh"  # of the progress line

    def line(self) -> str:
        """The progress line: elapsed time, the best objective, bound and gap, in the state's language."""
        elapsed = time.perf_counter() - self.started
        if self.lang == "zh":
            return self._line_zh(elapsed)
        doing = f"searching ({self.phase})…" if self.phase else "searching…"
        if self.objective is None:
            return f"{doing} {elapsed:.1f} s, no timetable yet"
        gap = ""
        if self.bound is not None:
            gap = f", bound {self.bound:.0f}, gap {self._gap():.1%}"
        return f"{doing} {elapsed:.1f} s, best {self.objective:.0f}{gap} ({self.solutions} timetables)"

    def _line_zh(self, elapsed: float) -> str:
        doing = f"正在搜索（{PHASES_ZH.get(self.phase, self.phase)}）…" if self.phase else "正在搜索…"
        if self.objective is None:
            return f"{doing}{elapsed:.1f} 秒，尚无课表"
        gap = f"，下界 {self.bound:.0f}，差距 {self._gap():.1%}" if self.bound is not None else ""
        return f"{doing}{elapsed:.1f} 秒，最好 {self.objective:.0f}{gap}（已找到 {self.solutions} 个课表）"

    def _gap(self) -> float:
        return (self.objective - self.bound) / max(1.0, abs(self.objective))


def set_workers(params: cp_model.SatParameters, workers: int) -> None:
    """CP-SAT's worker threads; one worker interleaves CP-SAT's subsolvers in its one thread, since its
    default tree search alone can miss a first solution that the interleaved ones find at once (README,
    Speed, and "One worker" under the XHSTT benchmark)."""
    params.num_workers = workers
    params.interleave_search = workers == 1


def set_time_limit(params: cp_model.SatParameters, seconds: float, workers: int) -> None:
    """One worker stops on deterministic time, so that a seeded run gives the same timetable whatever
    the machine's load (with a wall-clock safety net); more workers stop on wall time."""
    if workers == 1:
        params.max_deterministic_time = seconds
        params.max_time_in_seconds = seconds * 10
    else:
        params.max_time_in_seconds = seconds


def progress_display(state: SearchState, console: Console) -> Live:
    """The live line of a search (elapsed, best, bound, gap), redrawn four times a second; started by its caller."""
    return Live(get_renderable=state.line, console=console, refresh_per_second=4, transient=True)


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(self, state: SearchState, stop_at_first: bool, record_bound: bool):
        super().__init__()
        self.state = state
        self.stop_at_first = stop_at_first
        self.record_bound = record_bound

    def on_solution_callback(self) -> None:
        state = self.state
        state.solutions += 1
        if not self.stop_at_first:  # the quick first search has no objective
            if state.objective is not None and self.objective_value >= state.objective:
                return  # a neighbourhood search's start, not better than the best so far
            state.objective = self.objective_value
            if self.record_bound:
                state.bound = self.best_objective_bound
        state.best_solution_s = time.perf_counter() - state.started
        if state.first_solution_s is None:
            state.first_solution_s = state.best_solution_s
        if self.stop_at_first:
            self.stop_search()


def run_search(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    console: Console | None = None,
    stop_at_first: bool = False,
    state: SearchState | None = None,
    record_bound: bool = True,
) -> tuple[int, SearchState]:
    """Solve; with a terminal console, show progress after a second. Ctrl-C stops the search early.
    Without `record_bound` (a search over part of the model), its bound is not the instance's."""
    state = state or SearchState()
    if record_bound:
        solver.best_bound_callback = lambda bound: setattr(state, "bound", bound)
    solver.parameters.catch_sigint_signal = False  # Ctrl-C reaches Python, which stops the search below
    handler = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is threading.main_thread() and handler is not None:
        # A CP-SAT solve that caught Ctrl-C itself (its default) leaves the process without Python's
        # handler, though signal.getsignal still names it: install it again.
        signal.signal(signal.SIGINT, handler)
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def search() -> None:
        try:
            outcome["status"] = solver.solve(model, _Recorder(state, stop_at_first, record_bound))
        except BaseException as error:  # handed to the main thread
            outcome["error"] = error
        finally:
            finished.set()

    # An interrupted Thread.join can return before the thread ends, so completion is an Event.
    threading.Thread(target=search, daemon=True).start()
    live: Live | None = None
    try:
        while not finished.wait(0.25):
            if live is None and console is not None and time.perf_counter() - state.started > SHOW_AFTER_SECONDS:
                live = progress_display(state, console)
                live.start()
    except KeyboardInterrupt:
        state.interrupted = True
        while not finished.wait(0.1):
            solver.stop_search()  # repeated: a stop before the search starts is ignored
    finally:
        if live is not None:
            live.stop()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["status"], state
