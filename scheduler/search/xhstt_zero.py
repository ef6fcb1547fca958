"""A timing of cost 0 asked of a SAT solver (Kissat, through PySAT), for an instance of whole events:
the clauses of scheduler.model.xhstt_zero, solved in processes of their own so that a time limit can
end them (PySAT's Kissat cannot be interrupted).

The solver's time on the same clauses varies widely with the order of the clauses and the names of
the variables (bench/xhstt_log.md, FI-WP-06), so several copies run at once, each on the clauses
renamed and reordered by a seed of its own, and the first answer is taken."""

from __future__ import annotations

import multiprocessing
import random
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pysat.solvers import Solver

from models.xhstt import Constraint, Instance
from scheduler.model.xhstt_zero import ZeroCostClauses

SAT_SOLVER = "kissat404"


@dataclass(frozen=True)
class ZeroCostOutcome:
    """`starts`: each event's start in a timing of cost 0, when one was found; `impossible`: the
    solver proved that no timing costs 0; neither when the time ran out."""

    starts: dict[str, int] | None = None
    impossible: bool = False


def timing_at_zero(
    instance: Instance, constraints: list[Constraint], seconds: float, copies: int = 1, seed: int = 0
) -> ZeroCostOutcome:
    """A timing of cost 0 of the instance (whole_model_misfits empty for `constraints`), if one of
    `copies` SAT solvers (each on the clauses shuffled by its own seed, drawn from `seed`) finds one
    within `seconds`, or its proof that there is none."""
    clauses = ZeroCostClauses(instance, constraints)
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs CP-SAT's threads
    rng, deadline = random.Random(seed), time.monotonic() + max(seconds, 0.0)  # processes' start counted
    renamings, children, answer = {}, [], None
    try:
        for _ in range(max(1, copies)):
            shuffled, renaming = _shuffled(clauses.clauses, clauses.pool.top, rng)
            receiving, sending = context.Pipe(duplex=False)
            child = context.Process(target=_solve, args=(shuffled, sending), daemon=True)
            child.start()
            sending.close()
            children.append(child)
            renamings[receiving] = renaming
        answer = _first_answer(list(renamings), deadline)
    finally:
        for child in children:
            child.kill()
            child.join()
        for receiving in renamings:
            receiving.close()
    if answer is None:
        return ZeroCostOutcome()
    receiving, (satisfiable, model) = answer
    if not satisfiable:
        return ZeroCostOutcome(impossible=True)
    old_name = renamings[receiving]
    return ZeroCostOutcome(starts=clauses.starts(old_name[lit] for lit in model if lit > 0))


def _first_answer(pipes: list[Connection], deadline: float) -> tuple[Connection, tuple] | None:
    """The first answer any of the pipes gives before the deadline, with its pipe (None when none
    does, or every child ended without one: killed, out of memory)."""
    waiting = list(pipes)
    while waiting and (left := deadline - time.monotonic()) > 0:
        for pipe in wait(waiting, timeout=left):
            try:
                return pipe, pipe.recv()
            except (EOFError, OSError):  # ended without an answer, or killed while sending it
                waiting.remove(pipe)
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


def _solve(clauses: list[list[int]], sending: Connection) -> None:
    """In a child process: solve the clauses and send whether they are satisfiable, with a model."""
    with Solver(name=SAT_SOLVER, bootstrap_with=clauses) as solver:
        satisfiable = solver.solve()
        sending.send((satisfiable, solver.get_model() if satisfiable else None))
