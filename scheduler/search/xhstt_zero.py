"""A timing of cost 0 asked of a SAT solver (Kissat, through PySAT): the clauses of
scheduler.model.xhstt_zero, built and solved in processes of their own, so that a time limit can end
them (PySAT's Kissat cannot be interrupted) and the caller's process neither waits for the clauses
nor holds them (millions on the largest files).

The solver's time on the same clauses varies widely with the order of the clauses and the names of
the variables (bench/xhstt_log.md, FI-WP-06), so several copies run at once, each on the clauses
renamed and reordered by a seed of its own, and the first answer is taken."""

from __future__ import annotations

import math
import multiprocessing
import random
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pysat.solvers import Solver

from scheduler.model.xhstt import Candidate
from scheduler.model.xhstt_zero import Clauses

ClausesBuilder = Callable[[], Clauses]  # picklable (a class, or a functools.partial of one): run in the solver's process

SAT_SOLVER = "kissat404"


@dataclass(frozen=True)
class ZeroCostOutcome:
    """`chosen`: the candidates a model of the clauses chooses (a timing of cost 0, see
    Clauses.chosen), when one was found; `impossible`: the solver proved that the clauses have none;
    neither when the time ran out."""

    chosen: frozenset[Candidate] | None = None
    impossible: bool = False


class ZeroCostSearch:
    """SAT solvers at work on the clauses `build` makes, in processes of their own (each builds them
    and shuffles them: copy k by the k-th shuffle drawn from `seed`), until one answers, `seconds`
    pass (the processes' start and the building counted) or `stop` (also on leaving a `with` block).
    A thread of the caller's process takes the first answer as soon as it comes (a large one would
    otherwise wait in the pipe, its process blocked, until asked) and then ends the solvers;
    `timing_found` is set once that answer holds a timing, so that a search meanwhile at work
    elsewhere can stop at once."""

    def __init__(self, build: ClausesBuilder, seconds: float, copies: int = 1, seed: int = 0):
        self.deadline = time.monotonic() + max(seconds, 0.0)
        self.outcome: ZeroCostOutcome | None = None
        self.timing_found = threading.Event()
        self.pipes: list[Connection] = []
        self.children: list[multiprocessing.Process] = []
        self._reader: threading.Thread | None = None
        context = multiprocessing.get_context("spawn")  # no fork of a process that runs CP-SAT's threads
        try:
            for copy in range(max(1, copies)):
                receiving, sending = context.Pipe(duplex=False)
                left = math.ceil(self.deadline - time.monotonic())
                child = context.Process(target=_solve, args=(build, seed, copy, sending, left), daemon=True)
                child.start()
                sending.close()
                self.children.append(child)
                self.pipes.append(receiving)
        except BaseException:
            self.stop()
            raise
        self._reader = threading.Thread(target=self._take_first_answer, daemon=True)
        self._reader.start()

    def wait(self, timeout: float | None = None) -> ZeroCostOutcome | None:
        """The outcome, waiting for it at most `timeout` seconds (None: up to the time limit); None while
        the solvers are still at work. An answer, the time limit, or every solver ended without an
        answer (the outcome of no answer then) ends them all."""
        if self._reader is not None and self.outcome is None:
            self._reader.join(None if timeout is None else max(0.0, timeout))
        return self.outcome  # set by the reader before it ends the solvers

    def keep(self, copies: int) -> None:
        """End every solver but the first `copies`: the others go on to their time limit, taking
        fewer of the machine's cores from a search meanwhile at work beside them."""
        for child in self.children[max(0, copies) :]:
            child.kill()

    def __enter__(self) -> ZeroCostSearch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """End every solver still at work (again: nothing)."""
        for child in self.children:
            child.kill()
        if self._reader is not None:
            self._reader.join()
        self._end_children()
        for receiving in self.pipes:
            receiving.close()

    def _take_first_answer(self) -> None:
        answer = _first_answer(list(self.pipes), self.deadline)
        self.outcome = ZeroCostOutcome() if answer is None else answer
        if self.outcome.chosen is not None:
            self.timing_found.set()
        self._end_children()

    def _end_children(self) -> None:
        for child in self.children:
            child.kill()
            child.join()


def _first_answer(waiting: list[Connection], deadline: float) -> ZeroCostOutcome | None:
    """The first answer any of the `waiting` pipes gives before the deadline (a pipe already holding
    one is read even when the deadline is past); None when none does. A pipe whose child ended without
    an answer (killed, out of memory) is taken off `waiting`."""
    while waiting:
        for pipe in wait(waiting, timeout=max(0.0, deadline - time.monotonic())):
            try:
                return pipe.recv()
            except (EOFError, OSError):  # ended without an answer, or killed while sending it
                waiting.remove(pipe)
        if time.monotonic() >= deadline:
            return None
    return None


def _shuffled(clauses: list[list[int]], top: int, rng: random.Random) -> tuple[list[list[int]], list[int]]:
    """The clauses with the variables renamed and the clauses reordered at random, and each new
    variable's old name (by index; index 0 unused)."""
    names = list(range(1, top + 1))
    rng.shuffle(names)
    new_name = [0, *names]
    old_name = [0] * (top + 1)
    for old, new in enumerate(names, start=1):
        old_name[new] = old
    renamed = [[new_name[lit] if lit > 0 else -new_name[-lit] for lit in clause] for clause in clauses]
    rng.shuffle(renamed)
    return renamed, old_name


def _solve(build: ClausesBuilder, seed: int, copy: int, sending: Connection, seconds: int) -> None:
    """In a child process: build the clauses, take the `copy`-th shuffle of them drawn from `seed`,
    solve it and send the outcome (the timing chosen, or the proof that there is none); the process
    ends itself after `seconds` (an alarm's default action), building counted, so that it stops at
    its time limit even where its parent is gone without ending it (killed)."""
    signal.alarm(max(1, seconds))
    clauses = build()
    rng = random.Random(seed)
    for _ in range(copy):  # the earlier copies' shuffles, drawn and left
        _shuffled(clauses.clauses, clauses.pool.top, rng)
    shuffled, old_name = _shuffled(clauses.clauses, clauses.pool.top, rng)
    with Solver(name=SAT_SOLVER, bootstrap_with=shuffled) as solver:
        if not solver.solve():
            sending.send(ZeroCostOutcome(impossible=True))
            return
        true = (old_name[lit] for lit in solver.get_model() if lit > 0)
        sending.send(ZeroCostOutcome(chosen=frozenset(clauses.chosen(true))))
