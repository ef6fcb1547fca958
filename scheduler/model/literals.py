"""Boolean helpers for the soft rules: literals defined exactly as the OR / AND they stand for.

The checker recomputes every soft count from the timetable alone, so an auxiliary literal must equal
what it stands for (never only bound it), or the two sides could disagree on a solution.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

BoolTerm = cp_model.IntVar | int  # a literal, or the constant 0 / 1 where the answer is known


def either(model: cp_model.CpModel, terms: list[BoolTerm], name: str) -> BoolTerm:
    """A term equal to the OR of `terms` (0 when there are none)."""
    terms = [term for term in terms if not isinstance(term, int) or term]
    if not terms:
        return 0
    if len(terms) == 1:
        return terms[0]
    result = model.new_bool_var(name)
    model.add_max_equality(result, terms)
    return result


def both(model: cp_model.CpModel, a: BoolTerm, b: BoolTerm, name: str) -> BoolTerm:
    """A term equal to a AND b."""
    if isinstance(a, int):
        return b if a else 0
    if isinstance(b, int):
        return a if b else 0
    result = model.new_bool_var(name)
    model.add_bool_and([a, b]).only_enforce_if(result)
    model.add_bool_or([a.negated(), b.negated(), result])
    return result
