"""The SAT solver's seconds to a timing of cost 0, or to a proof that there is none, on the XHSTT
files (the first step of jianfu xhstt-solve on each file whose clauses hold).

    python bench/xhstt_zero.py --seconds 200 --seeds 5 [--seed 0] [--copies 1] [--files FI-WP-06.xml ...]

For each file (by default every class-based file) and each seed from --seed to --seed + --seeds - 1:
--copies copies of the SAT solver at once, each on the clauses of scheduler.model.xhstt_zero (of
events timed whole where the whole-events model holds, else of candidate parts) renamed and
reordered (copy k by the k-th shuffle drawn from the seed, as the search does with --workers
copies), their first answer (a timing of cost 0, scored by the evaluator; none; or no answer within
--seconds) and the seconds it took, clauses and processes included, with the seconds this process
took to start the solvers (each builds its own clauses). Then, per file, the median seconds (a run without
an answer counts as longer than any) and how many runs answered: one solver's time on one set of
clauses varies widely with their order, so one run says little.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.xhstt import Instance  # noqa: E402
from scheduler.check.xhstt import evaluate  # noqa: E402
from scheduler.formats.xhstt import BENCHMARKS, CLASS_BASED, read_archive  # noqa: E402
from scheduler.model.xhstt import XhsttModel, modelled_constraints  # noqa: E402
from scheduler.model.xhstt_whole import whole_model_misfits  # noqa: E402
from scheduler.model.xhstt_zero import PartsZeroClauses, ZeroCostClauses, parts_zero_misfits, timing_solution  # noqa: E402
from scheduler.search.xhstt_zero import ClausesBuilder, ZeroCostOutcome, ZeroCostSearch  # noqa: E402


def zero_clauses(instance: Instance) -> ClausesBuilder | None:
    """What builds the clauses the search asks the SAT solver (in its process): of whole events where
    the whole-events model holds, else of the candidate parts where they hold; None where neither does."""
    constraints = modelled_constraints(instance)
    if not whole_model_misfits(instance, constraints):
        return partial(ZeroCostClauses, instance, constraints)
    if parts_zero_misfits(constraints):
        return None
    model = XhsttModel(instance, constraints, required_hard=True)
    return partial(PartsZeroClauses, instance, constraints, model.candidates())


def answer(instance: Instance, outcome: ZeroCostOutcome) -> str:
    """What the solver answered, a timing scored by the evaluator."""
    if outcome.impossible:
        return "none costs 0"
    if outcome.chosen is None:
        return "no answer"
    evaluation = evaluate(instance, timing_solution(instance, outcome.chosen))
    return f"a timing the evaluator scores {evaluation.infeasibility}/{evaluation.objective}"


def _solved(build: ClausesBuilder, seconds: float, copies: int, seed: int) -> tuple[ZeroCostOutcome, float]:
    """The solvers' first answer (see ZeroCostSearch), and the seconds this process took to start them
    (their processes build the clauses: the caller waits for none of it)."""
    started = time.monotonic()
    with ZeroCostSearch(build, seconds, copies, seed) as search:
        starting = time.monotonic() - started
        return search.wait(), starting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=200.0)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=BENCHMARKS)
    parser.add_argument("--files", nargs="*")
    args = parser.parse_args()
    files = args.files or [name for name in CLASS_BASED if (args.folder / name).is_file()]
    for name in files:
        instance = read_archive(args.folder / name).instances[0]
        times, answered = [], 0
        for seed in range(args.seed, args.seed + args.seeds):
            started = time.monotonic()
            build = zero_clauses(instance)
            if build is None:
                print(f"{name}: no clauses hold ({', '.join(parts_zero_misfits(modelled_constraints(instance)))})")
                break
            outcome, starting = _solved(build, args.seconds, args.copies, seed)
            seconds = time.monotonic() - started
            found = outcome.chosen is not None or outcome.impossible
            answered += found
            times.append(seconds if found else float("inf"))
            said = f"{answer(instance, outcome)} in {seconds:.1f} s (started in {starting:.1f} s)"
            print(f"{name} seed {seed}: {said}", flush=True)
        if not times:
            continue
        median = statistics.median(times)
        shown = f"{median:.1f} s" if median < float("inf") else f"more than {args.seconds:.0f} s"
        print(f"{name}: {answered} of {len(times)} runs answered within {args.seconds:.0f} s; median {shown}", flush=True)


if __name__ == "__main__":
    main()
