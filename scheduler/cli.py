"""The `jianfu` command line (typer): solve, export, check, repair, template, validate, explain, generate, schema, rules."""

from __future__ import annotations

import functools
import json
import math
import os
import signal
from collections import Counter
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
import yaml
from rich.console import Console
from rich.markup import escape

from models.calendar import LANGS, Lang
from models.instance import Instance
from models.loading import (
    atomic_target,
    load_instance,
    parse_instance,
    parse_model,
    read_document,
    refuse_unwritable,
    write_atomically,
)
from models.policy import PRESET_NAMES
from models.rules import RULES
from models.solution import HomeworkItem, Lesson, Solution
from models.validation import InputError, Problem, placed
from scheduler.check.checker import check_timetable, refuse_unknown_names
from scheduler.generate import KINDS, generate_school
from scheduler.publish.labels import label
from scheduler.publish.phrases import say
from scheduler.publish.terminal import (
    print_changes,
    print_comparison,
    print_cover,
    print_summary,
    print_term,
    print_timetables,
    print_violations,
    print_xhstt,
    stdout_console,
)

# ortools and openpyxl are imported inside the commands that need them, so `check` starts fast.
app = typer.Typer(help="jianfu 减负排课: timetables under China's burden-reduction rules.", no_args_is_help=True)
console = stdout_console()
errors = Console(stderr=True)


class Exit(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0  # a verified timetable written (optimal or not: the summary says which); compliant; valid
    VIOLATIONS = 1  # check: the timetable breaks rules
    BAD_INPUT = 2  # unreadable or inconsistent files
    INFEASIBLE = 4  # no timetable can exist (counting checks or CP-SAT proof)
    UNKNOWN = 5  # the time limit ran out before any timetable
    BUG = 70  # the checker rejected the solver's timetable: nothing is written


MIN_SEED, MAX_SEED = -(2**31), 2**31 - 1  # CP-SAT's seed is a 32-bit integer
LangOption = Annotated[str, typer.Option(help="Language of the messages, reports, sheets and pages: zh or en.")]
SchedulerOption = Annotated[
    str | None, typer.Option(help="A running Dask scheduler (tcp://host:8786); a local cluster if left out.")
]
WorkersOption = Annotated[int, typer.Option(min=1, max=64, help="Worker processes of the local cluster (one thread each).")]
SeedOption = Annotated[int, typer.Option(min=MIN_SEED, max=MAX_SEED, help="Random seed.")]
ThreadsOption = Annotated[int, typer.Option("--workers", min=1, max=64, help="CP-SAT worker threads.")]
XhsttInstanceOption = Annotated[str | None, typer.Option(help="The Id of the XHSTT instance (when the file holds several).")]
PolicyOption = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help=f"A preset ({', '.join(PRESET_NAMES)}) or a profile file, in place of the instance's: "
        "what the school breaks under other rules.",
    ),
]


def _positive_seconds(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"{value} is not a positive number of seconds")
    return value


def _positive_seconds_or_none(value: float | None) -> float | None:
    return None if value is None else _positive_seconds(value)


STATUS_EXIT = {"optimal": Exit.OK, "feasible": Exit.OK, "infeasible": Exit.INFEASIBLE, "unknown": Exit.UNKNOWN}


def _command(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A command of the app; bad input found anywhere in it (a file it cannot read or write) is
    reported by place with exit 2, never as a traceback."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(*args: object, **kwargs: object) -> None:
            try:
                function(*args, **kwargs)
            except InputError as error:
                _fail_input(error, "en" if kwargs.get("lang") == "en" else "zh")

        return app.command(name)(run)

    return register


def _fail_input(error: InputError, lang: Lang = "zh") -> None:
    word = "错误" if lang == "zh" else "error"
    for problem in error.problems:
        errors.print(f"[red]{word}[/red] {escape(problem.text(lang))}", highlight=False, soft_wrap=True)
    raise typer.Exit(Exit.BAD_INPUT)


@_command("solve")
def solve_command(
    instance: Annotated[Path, typer.Argument(help="Instance file (YAML or JSON).")],
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds CP-SAT may search.")] = 30.0,
    workers: ThreadsOption = 2,
    seed: Annotated[
        int, typer.Option(min=MIN_SEED, max=MAX_SEED, help="Random seed; with --workers 1 the file is reproducible.")
    ] = 0,
    out: Annotated[
        Path | None,
        typer.Option(help="A folder: solution JSON, workbook, CSV files, web site. A .json path: the solution alone."),
    ] = None,
    lang: LangOption = "zh",
    show: Annotated[bool, typer.Option(help="Print each class's week and homework plan.")] = False,
    log: Annotated[bool, typer.Option(help="Show CP-SAT's search log.")] = False,
    policy: PolicyOption = None,
) -> None:
    """Generate the week's timetables, check them independently, write the solution (and the publication)."""
    from scheduler.search.solve import CheckerDisagreement, SolveOptions, solve

    language = _language(lang)
    inst = load_instance(instance, policy)
    target = out or Path(f"{instance.stem}.solution.json")
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, log=log, lang=language)
    if target.suffix.lower() != ".json":
        from scheduler.publish.folder import check_target

        check_target(target)  # before the search, not after it
    else:
        refuse_unwritable(target)
    # a batch system or a container stops a job with SIGTERM: like Ctrl-C, the best timetable so far is written
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        solution = solve(inst, options, name=str(instance), console=console if console.is_terminal else None)
    except CheckerDisagreement as bug:
        errors.print(f"[red]{say(language, 'internal_error')}[/red] {escape(str(bug))}", highlight=False)
        raise typer.Exit(Exit.BUG) from None
    except KeyboardInterrupt:  # before the search began
        errors.print(say(language, "stopped_early"), highlight=False)
        raise typer.Exit(Exit.UNKNOWN) from None
    solution.instance = _instance_reference(
        instance, target if target.suffix.lower() == ".json" else target / "solution.json"
    )
    solution.policy = policy if policy is None or policy in PRESET_NAMES else str(Path(policy).resolve())
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the timetable is being written: a second or two
    wrote = _save(inst, solution, target, language)  # before anything is printed: stdout may close early
    if solution.lessons and show:
        print_timetables(console, inst, solution.lessons, solution.homework, language)
    print_summary(console, solution.summary, inst.weights_in_force, language)
    if solution.lessons:
        console.print(say(language, "all_hard_pass", count=sum(rule.hard for rule in RULES)))
    console.print(wrote, highlight=False)
    raise typer.Exit(STATUS_EXIT[solution.summary.status])


def _instance_reference(instance: Path, solution_file: Path) -> str:
    """The instance's path as a solution file names it: from the solution's folder, so that `export`
    and `check` find it from anywhere (absolute when the two are on different drives)."""
    try:
        return Path(os.path.relpath(instance.resolve(), solution_file.resolve().parent)).as_posix()
    except ValueError:
        return str(instance.resolve())


def _save(inst: Instance, solution: Solution, target: Path, lang: Lang) -> str:
    """Write the solution JSON (a .json target) or the publication folder; what was written, in words."""
    if target.suffix.lower() == ".json":
        write_atomically(target, solution.model_dump_json(indent=2, by_alias=True) + "\n")
        return say(lang, "wrote", path=target)
    if solution.lessons:
        return _publish(inst, solution, target, lang)
    return say(lang, "nothing_written", folder=target)


def _refuse(place: str, key: str, **figures: object) -> NoReturn:
    """Bad input on the command line: the phrase `key` in both languages, at its place (exit 2, printed
    in the command's language by `_command`)."""
    raise InputError([Problem(place, say("en", key, **figures), say("zh", key, **figures))])


def _choose(option: str, value: str | None, choices: tuple[str, ...]) -> None:
    """Refuse an option's value that is not one of its choices."""
    if value is not None and value not in choices:
        _refuse(option, "option_choice", value=value, choices=", ".join(choices))


def _text_or_json(output_format: str) -> None:
    """Refuse a --format other than text or json."""
    if output_format not in ("text", "json"):
        _refuse("--format", "format_choice", value=output_format)


def _language(lang: str) -> Lang:
    if lang not in LANGS:
        errors.print(
            f"[red]错误 error[/red] --lang: “{lang}” 不是 zh 或 en / is not one of {', '.join(LANGS)}", highlight=False
        )
        raise typer.Exit(Exit.BAD_INPUT)
    return lang  # type: ignore[return-value]


def _publish(inst: Instance, solution: Solution, folder: Path, lang: Lang) -> str:
    """Write the publication folder and say so, or exit: 1 if the timetable breaks rules, 2 if the
    folder is not ours."""
    from scheduler.publish.folder import write_publication
    from scheduler.publish.publication import NotCompliant, build_publication

    try:
        written = write_publication(inst, build_publication(inst, solution, lang), folder)
    except NotCompliant as refused:
        print_violations(console, refused.violations, lang)
        errors.print(f"[red]{say(lang, 'error')}[/red] {say(lang, 'not_published')}", highlight=False)
        raise typer.Exit(Exit.VIOLATIONS) from None
    return say(lang, "wrote_folder", folder=folder, files=len(written), site=folder / "site" / "index.html")


@_command("export")
def export_command(
    solution_file: Annotated[Path, typer.Argument(help="A solution JSON written by solve or repair.")],
    out: Annotated[Path, typer.Option(help="Folder to write: solution JSON, workbook, CSV files, web site.")],
    instance: Annotated[Path | None, typer.Option(help="Instance file [default: the one the solution names].")] = None,
    lang: LangOption = "zh",
) -> None:
    """Publish a solution: timetable.xlsx, CSV files and an offline web site, after the independent check."""
    language = _language(lang)
    solution = parse_model(Solution, read_document(solution_file), "solution", str(solution_file))
    instance_path = instance or _named_instance(solution_file, solution.instance)
    solution.instance = _instance_reference(instance_path, out / "solution.json")
    console.print(_publish(load_instance(instance_path, solution.policy), solution, out, language), highlight=False)


def _named_instance(solution_file: Path, named: str) -> Path:
    """The instance a solution names, looked up from the solution's folder, then from here."""
    for candidate in (solution_file.parent / named, Path(named), solution_file.parent / Path(named).name):
        if named and candidate.is_file():
            return candidate
    _refuse(str(solution_file), "instance_not_found", named=named)


@_command("check")
def check_command(
    instance: Annotated[Path, typer.Argument(help="Instance file.")],
    proposed: Annotated[Path, typer.Argument(help="Solution JSON, or an .xlsx / .csv grid (see README).")],
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    lang: LangOption = "zh",
    policy: PolicyOption = None,
    cover: Annotated[Path | None, typer.Option(help="A record of 调课 and 代课 (cover.json) to check on its dates.")] = None,
    absences: Annotated[Path | None, typer.Option(help="The absences the record covers (absences.yaml).")] = None,
) -> None:
    """Check a timetable against every rule (and a record of covers on its dates): exit 0 compliant,
    1 violations, 2 unreadable input."""
    language = _language(lang)
    _text_or_json(output_format)
    inst = load_instance(instance, policy)
    lessons, homework, places = _read_proposed(inst, proposed)
    violations = check_timetable(inst, lessons, homework)
    if absences is not None and cover is None:
        _refuse("--absences", "absences_without_cover")
    if cover is not None:
        violations += _checked_cover(inst, lessons, cover, absences)
    if output_format == "json":
        report = {
            "compliant": not violations,
            "homework_checked": homework is not None,
            "counts": dict(Counter(v.rule for v in violations)),
            "violations": [v.as_dict() for v in violations],
        }
        console.out(json.dumps(report, ensure_ascii=False, indent=2), highlight=False)
    else:
        if homework is None:
            not_checked = (
                "作业计划：未提供，未检查作业规则"
                if language == "zh"
                else "homework plan: not given, homework rules not checked"
            )
            console.print(not_checked)
        print_violations(console, violations, language, places)
    raise typer.Exit(Exit.VIOLATIONS if violations else Exit.OK)


@_command("compare")
def compare_command(
    posted: Annotated[Path, typer.Argument(help="The posted timetable: solution JSON, .xlsx / .csv grid or FET result.")],
    in_use: Annotated[Path, typer.Argument(help="The timetable classes follow, in any of the same forms.")],
    instance: Annotated[Path, typer.Argument(help="Instance file.")],
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    lang: LangOption = "zh",
    policy: PolicyOption = None,
) -> None:
    """阴阳课表: every difference between the posted timetable and the one in use; exit 1 when one
    changes a rule's figures (PE, activity or learning minutes, weekly lessons, a squeezed lesson)."""
    from scheduler.check.compare import compare

    language = _language(lang)
    _text_or_json(output_format)
    inst = load_instance(instance, policy)
    timetables = [_read_proposed(inst, path)[0] for path in (posted, in_use)]
    for lessons in timetables:
        refuse_unknown_names(inst, lessons, None)
    result = compare(inst, *timetables)
    if output_format == "json":
        report = {
            "rule_relevant": result.relevant,
            "differences": [d.as_dict() for d in result.differences],
            "new_violations": [v.as_dict() for v in result.new_violations],
        }
        console.out(json.dumps(report, ensure_ascii=False, indent=2), highlight=False)
    else:
        print_comparison(console, result, language)
    raise typer.Exit(Exit.VIOLATIONS if result.relevant else Exit.OK)


@_command("term")
def term_command(
    instance: Annotated[Path, typer.Argument(help="Instance file with a calendar: section (校历).")],
    solution_file: Annotated[Path, typer.Argument(help="Its weekly timetable: solution JSON, .xlsx / .csv grid.")],
    out: Annotated[
        Path | None, typer.Option(help="A folder: the publication with 校历, term lessons and ICS files.")
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """The term as dates: each date's status, each weekday's count, the term audit (holidays, 调休,
    exams, lessons over the term, dated bells); exit 1 when a hard term rule is broken."""
    from scheduler.publish.term import build_term, weekday_counts

    language = _language(lang)
    inst = load_instance(instance)
    if inst.calendar is None:
        _refuse(str(instance), "no_calendar")
    lessons, homework, _ = _read_proposed(inst, solution_file)
    refuse_unknown_names(inst, lessons, homework)
    term = build_term(inst, lessons, homework or [], language)
    print_term(console, inst, term, weekday_counts(inst, term.days), language)
    if out is not None:
        solution = Solution(
            instance=_instance_reference(instance, out / "solution.json"), lessons=lessons, homework=homework or []
        )
        console.print(_publish(inst, solution, out, language), highlight=False)
    raise typer.Exit(Exit.VIOLATIONS if term.hard else Exit.OK)


@_command("cover")
def cover_command(
    instance: Annotated[Path, typer.Argument(help="Instance file with a calendar: section (校历).")],
    solution_file: Annotated[Path, typer.Argument(help="Its weekly timetable: solution JSON, .xlsx / .csv grid.")],
    absences_file: Annotated[Path, typer.Argument(help="absences.yaml: teachers and classes away, by date.")],
    out: Annotated[Path | None, typer.Option(help="A folder: cover.json and 调代课记录.xlsx.")] = None,
    previous: Annotated[
        Path | None, typer.Option(help="The term's record so far (a cover.json): its changes stand and count.")
    ] = None,
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds CP-SAT may search.")] = 10.0,
    lang: LangOption = "zh",
) -> None:
    """调课 and 代课: for every lesson of a teacher away, a swap, a substitute or a self-study period
    with a duty teacher; checked on its dates; exit 4 when some lesson cannot be held."""
    from models.absence import Absences, absence_problems
    from scheduler.search.cover import plan_covers

    language = _language(lang)
    inst = load_instance(instance)
    absences = parse_model(Absences, read_document(absences_file), "absences", str(absences_file))
    if problems := absence_problems(inst, absences):
        raise InputError(placed(str(absences_file), problems))
    lessons, _, _ = _read_proposed(inst, solution_file)
    refuse_unknown_names(inst, lessons, None)
    earlier = _record(previous, inst) if previous else []
    if out is not None:
        refuse_unwritable(out, folder=True)  # before the search, not after it
    plan = plan_covers(inst, lessons, absences, time_limit, earlier)
    if plan.violations:
        print_violations(console, plan.violations, language)
        errors.print(f"[red]{say(language, 'internal_error')}[/red] {say(language, 'cover_refused')}", highlight=False)
        raise typer.Exit(Exit.BUG)
    print_cover(console, inst, plan, earlier, language)
    if not plan.found:
        raise typer.Exit(Exit.INFEASIBLE)
    if out is not None:
        console.print(_write_cover(inst, lessons, absences, earlier + plan.changes, out, language), highlight=False)


def _checked_cover(inst: Instance, lessons: list[Lesson], cover: Path, absences: Path | None) -> list:
    """The violations of a record of covers on its dates, with the absences it covers."""
    from models.absence import Absences, absence_problems
    from scheduler.check.cover import check_cover

    away = parse_model(Absences, read_document(absences), "absences", str(absences)) if absences else Absences()
    if problems := absence_problems(inst, away):
        raise InputError(placed(str(absences) if absences and inst.calendar else str(cover), problems))
    return check_cover(inst, lessons, away, _record(cover, inst))


def _record(path: Path, inst: Instance) -> list:
    """The changes of a record file (cover.json), each refused by place when it is not a change of
    this school's term."""
    from pydantic import TypeAdapter, ValidationError

    from models.absence import CoverChange, record_problems
    from models.loading import location, pydantic_zh

    data = read_document(path)
    try:
        changes = TypeAdapter(list[CoverChange]).validate_python(data)
    except ValidationError as error:
        items = error.errors()
        raise InputError([Problem(f"{path}: {location(i['loc'])}", i["msg"], pydantic_zh(i)) for i in items]) from None
    if problems := record_problems(inst, changes):
        raise InputError(placed(str(path), problems))
    return changes


def _write_cover(inst: Instance, lessons: list[Lesson], absences, changes, out: Path, lang: Lang) -> str:
    """cover.json (the record, which `jianfu check` can read back with the term), 调代课记录.xlsx and
    the same as pages in site/ (written beside and swapped in: never half-written)."""
    from scheduler.check.cover import covered_lessons
    from scheduler.publish.cover import write_record, write_record_site
    from scheduler.publish.folder import atomic_folder

    held = covered_lessons(inst, lessons, absences, changes)
    record = json.dumps([c.model_dump(mode="json", by_alias=True) for c in changes], ensure_ascii=False, indent=1)
    write_atomically(out / "cover.json", record + "\n")
    with atomic_target(out / f"{label(lang, 'record')}.xlsx") as temporary:
        write_record(inst, held, changes, temporary, lang)
    with atomic_folder(out / "site") as site:
        write_record_site(inst, held, changes, site, lang)
    return say(lang, "wrote", path=f"{out}/")


@_command("batch")
def batch_command(
    folder: Annotated[
        Path, typer.Argument(help="A folder of instance files (for --check, each with <name>.solution.json).")
    ],
    out: Annotated[Path, typer.Option(help="Folder of results: results/, solutions/, dashboard.xlsx, dashboard.html.")],
    mode: Annotated[str, typer.Option("--mode", help="validate, check, solve or explain.")] = "validate",
    policy: PolicyOption = None,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    time_limit: Annotated[
        float, typer.Option(callback=_positive_seconds, help="Seconds per school (solve, explain).")
    ] = 30.0,
    lang: LangOption = "zh",
) -> None:
    """A district's schools at once on Dask: each school validated, checked, solved or explained, its
    result written as it is done (a batch started again skips the schools done); then the district
    dashboard. Exit 0 when every school is compliant or valid, 1 otherwise."""
    from rich.progress import Progress

    from scheduler.batch import MODES, Task, run_batch, schools
    from scheduler.publish.district import write_dashboard

    language = _language(lang)
    _choose("--mode", mode, MODES)
    if not folder.is_dir():
        _refuse(str(folder), "not_a_folder")
    named = str(Path(policy).resolve()) if policy and policy.lower().endswith((".yaml", ".yml", ".json")) else policy
    tasks = [Task(t.instance, mode, named, time_limit, t.timetable) for t in schools(folder, mode)]
    refuse_unwritable(out, folder=True)
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task(say(language, "batch_progress"), total=len(tasks))
        batch = run_batch(tasks, out, scheduler, workers, lambda result: progress.advance(bar))
    write_dashboard(batch.results, out, language)
    states, counts = _status_counts(batch.results, language)
    console.print(
        say(language, "batch_done", schools=len(tasks), skipped=len(batch.skipped), counts=counts, out=out), highlight=False
    )
    raise typer.Exit(Exit.OK if set(states) <= {"ok"} else Exit.VIOLATIONS)


@_command("district")
def district_command(
    district: Annotated[Path, typer.Argument(help="A district file (district.yaml): schools, shared teachers, travel.")],
    out: Annotated[Path, typer.Option(help="Folder: schools/, results/, solutions/, 走教安排.xlsx, site/, dashboard.html.")],
    scheduler: SchedulerOption = None,
    workers: WorkersOption = 2,
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds per school.")] = 30.0,
    lang: LangOption = "zh",
) -> None:
    """走教: the shared teachers' days at each school, then every school's timetable on Dask with the
    teachers away on the other days, checked school by school and together. Exit 0 when every school
    has a verified timetable and the district check passes, 1 with violations, 4 when there is none."""
    from rich.progress import Progress

    from models.district import serves
    from scheduler.batch import run_district
    from scheduler.check.district import teacher_days
    from scheduler.publish.district import write_dashboard, write_shared

    language = _language(lang)
    refuse_unwritable(out, folder=True)
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task(say(language, "batch_progress"), total=None)
        run = run_district(district, out, scheduler, workers, time_limit, lambda result: progress.advance(bar))
    _print_failed(run.failed, language)
    if run.visits is None:
        console.print(say(language, "district_none", rounds=run.rounds), highlight=False)
        separator = label(language, "list_separator")
        for teacher in run.unplaced:
            places = separator.join(serves(run.instances, teacher))
            console.print(f"  - {say(language, 'district_unplaced', teacher=teacher, schools=places)}", highlight=False)
        raise typer.Exit(Exit.INFEASIBLE)
    write_dashboard(run.batch.results, out, language)
    states, counts = _status_counts(run.batch.results, language)
    console.print(say(language, "district_done", schools=len(run.batch.results), rounds=run.rounds, counts=counts))
    if run.violations:
        print_violations(console, run.violations, language)
    if set(states) != {"ok"}:
        raise typer.Exit(Exit.INFEASIBLE if set(states) <= {"ok", "infeasible", "unknown"} else Exit.VIOLATIONS)
    if run.violations:
        raise typer.Exit(Exit.VIOLATIONS)
    instances, timetables = run.instances, run.timetables
    plans = {shared.teacher: teacher_days(instances, timetables, shared.teacher) for shared in run.district.shared}
    week = next(iter(instances.values())).days
    write_shared(run.visits, plans, week, out, run.district.name or district.stem, language)
    console.print(say(language, "wrote", path=f"{out}/"), highlight=False)


def _print_failed(results: list[dict], lang: Lang) -> None:
    """The schools of the last round that have no timetable, each with its first reasons."""
    for result in results:
        console.print(say(lang, "district_school_failed", school=result["school"]), highlight=False)
        for message in result.get("messages" if lang == "zh" else "messages_en", [])[:4]:
            console.print(f"    {message}", highlight=False, markup=False)


def _status_counts(results: list[dict], lang: Lang) -> tuple[Counter, str]:
    """The schools' statuses counted, and in words: `合规 3、无解 1`."""
    from scheduler.publish.district import STATUS

    states = Counter(result["status"] for result in results)
    words = label(lang, "list_separator").join(f"{STATUS[lang].get(s, s)} {n}" for s, n in states.items())
    return states, words


@_command("calendar")
def calendar_command(
    start: Annotated[str, typer.Option(help="First day of term, e.g. 2026-09-01.")],
    end: Annotated[str, typer.Option(help="Last day of term, e.g. 2027-01-22.")],
    out: Annotated[Path, typer.Option(help="YAML file to write: the calendar: section, to paste into an instance.")],
    name: Annotated[str, typer.Option(help="The term's name, e.g. 2026-2027学年第一学期.")] = "",
    lang: LangOption = "zh",
) -> None:
    """A term's calendar: section from the official holidays and make-up working days (chinese-calendar),
    each make-up day running the weekday that leaves the term most balanced; edit it by hand at will."""
    from models.loading import parse_dates
    from models.term import MAX_TERM_DAYS
    from scheduler.holidays import calendar_section

    language = _language(lang)
    first, last = parse_dates({"--start": start, "--end": end})
    if last < first or (last - first).days > MAX_TERM_DAYS:
        _refuse("--end", "calendar_order", start=first, end=last)
    section, found = calendar_section(first, last, name)
    write_atomically(out, yaml.safe_dump({"calendar": section}, allow_unicode=True, sort_keys=False, width=110))
    for year in found.missing_years:
        errors.print(say(language, "calendar_missing_year", year=year), highlight=False, soft_wrap=True)
    holidays, makeup = len(found.holidays), len(found.makeup_days)
    console.print(say(language, "wrote_calendar", path=out, holidays=holidays, makeup=makeup), highlight=False)


Places = dict[tuple[str, str, int], str]  # (class, day, period) -> the spreadsheet cell it came from


def _read_proposed(inst: Instance, path: Path) -> tuple[list[Lesson], list[HomeworkItem] | None, Places]:
    """Lessons, the homework plan if the file has one, and each lesson's cell if it is a spreadsheet."""
    if path.suffix.lower() in (".xlsx", ".csv"):
        from scheduler.formats.spreadsheet import read_proposed_cells

        lessons, places = read_proposed_cells(inst, path)
        return lessons, None, places
    if path.suffix.lower() == ".xml":
        from scheduler.formats.fet.result import read_fet_result

        return read_fet_result(inst, path), None, {}
    data = read_document(path)
    solution = parse_model(Solution, data, "solution", str(path))
    has_homework = isinstance(data, dict) and "homework" in data
    return solution.lessons, (solution.homework if has_homework else None), {}


@_command("repair")
def repair_command(
    instance: Annotated[Path, typer.Argument(help="Instance file, as it is now (e.g. with a teacher's new leave).")],
    proposed: Annotated[Path, typer.Argument(help="The timetable to stay close to: solution JSON, .xlsx or .csv.")],
    out: Annotated[Path | None, typer.Option(help="Solution JSON to write [default: <instance>.repaired.json].")] = None,
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds CP-SAT may search.")] = 20.0,
    workers: ThreadsOption = 2,
    seed: SeedOption = 0,
    lang: LangOption = "zh",
) -> None:
    """The compliant timetable closest to a proposed one: fewest moved lessons, teachers' days kept."""
    from scheduler.search.explain import explain
    from scheduler.search.repair import repair
    from scheduler.search.solve import CheckerDisagreement, SolveOptions

    language = _language(lang)
    inst = load_instance(instance)
    lessons, homework, _ = _read_proposed(inst, proposed)
    refuse_unknown_names(inst, lessons, homework)  # as `check` does
    target = out or Path(f"{instance.stem}.repaired.json")
    refuse_unwritable(target)  # before the search, not after it
    options = SolveOptions(time_limit=time_limit, workers=workers, seed=seed, lang=language)
    try:
        live = console if console.is_terminal else None
        solution = repair(inst, lessons, homework or [], options, name=str(instance), console=live)
    except (CheckerDisagreement, InputError) as bug:
        errors.print(f"[red]{say(language, 'internal_error')}[/red] {escape(str(bug))}", highlight=False)
        raise typer.Exit(Exit.BUG) from None
    if not solution.lessons and solution.summary.status == "infeasible":
        solution.summary.reasons = explain(inst, time_limit=max(10.0, time_limit)).text(language).splitlines()
    solution.instance = _instance_reference(instance, target)
    write_atomically(target, solution.model_dump_json(indent=2, by_alias=True) + "\n")
    if solution.lessons:
        print_changes(console, inst, lessons, solution.lessons, language)
    print_summary(console, solution.summary, inst.weights_in_force, language)
    console.print(say(language, "wrote_checked" if solution.lessons else "wrote", path=target), highlight=False)
    raise typer.Exit(STATUS_EXIT[solution.summary.status])


@_command("template")
def template_command(
    instance: Annotated[Path, typer.Argument(help="Instance file.")],
    out: Annotated[Path, typer.Option(help="The grid to write: .xlsx (a sheet per class) or .csv.")],
    lang: LangOption = "zh",
) -> None:
    """Write an empty timetable grid per class, to fill in and check with `jianfu check`."""
    language = _language(lang)
    inst = load_instance(instance)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        _refuse("--out", "template_suffix", name=out.name)
    from scheduler.formats.spreadsheet import write_template

    write_template(inst, out)
    console.print(say(language, "wrote", path=out), highlight=False)


@_command("validate")
def validate_command(
    instance: Annotated[Path, typer.Argument(help="Instance file.")],
    lang: LangOption = "zh",
    policy: PolicyOption = None,
) -> None:
    """Validate an instance file alone: 0 valid, 2 bad input, 4 impossible by counting."""
    from scheduler.search.counting import counting_problems

    language = _language(lang)
    inst = load_instance(instance, policy)
    problems = counting_problems(inst)
    for problem in problems:
        line = f"[red]{say(language, 'impossible')}[/red] {escape(problem.text(language))}"
        errors.print(line, highlight=False, soft_wrap=True)
    if problems:
        raise typer.Exit(Exit.INFEASIBLE)
    lessons = sum(inst.class_week_lessons(c.name) for c in inst.classes)
    school = inst.school.name
    valid = say(language, "valid", school=school, classes=len(inst.classes), teachers=len(inst.teachers), lessons=lessons)
    console.print(valid, highlight=False)


@_command("explain")
def explain_command(
    instance: Annotated[Path, typer.Argument(help="Instance file.")],
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds for the whole explanation.")] = 60.0,
    lang: LangOption = "zh",
    policy: PolicyOption = None,
    remedies: Annotated[
        bool,
        typer.Option(
            "--remedies",
            help="Also the smallest change that alone makes the school possible (a venue's capacity, a "
            "teacher's daily maximum or blocked time), each proved by a solve; up to --time-limit more.",
        ),
    ] = False,
) -> None:
    """Why no timetable exists: the counting checks, else a minimal set of conflicting requirements
    (with --remedies, the smallest change that makes it possible, where one resource alone does)."""
    from scheduler.search.counting import counting_problems
    from scheduler.search.explain import explain

    language = _language(lang)
    inst = load_instance(instance, policy)
    problems = counting_problems(inst)
    if problems:
        console.print(say(language, "counting_impossible"))
        for problem in problems:
            console.print(f"  - {problem.text(language)}", highlight=False, markup=False)
        raise typer.Exit(Exit.INFEASIBLE)
    explanation = explain(inst, time_limit)
    console.print(explanation.text(language), highlight=False, markup=False)
    console.print(say(language, "seconds", seconds=explanation.seconds))
    if explanation.feasible:
        raise typer.Exit(Exit.OK)
    if remedies and explanation.groups:
        from scheduler.search.remedy import remedies as smallest_changes

        found = smallest_changes(inst, explanation.groups, time_limit)
        console.print(say(language, "remedies" if found else "no_remedy"))
        for remedy in found:
            console.print(f"  - {remedy.chinese if language == 'zh' else remedy.english}", highlight=False, markup=False)
    raise typer.Exit(Exit.INFEASIBLE if explanation.groups else Exit.UNKNOWN)


@_command("generate")
def generate_command(
    stage: Annotated[
        str, typer.Option(help="primary, junior, nine-year (九年一贯制) or five-four (五四制: grades 1-5 and 6-9).")
    ] = "primary",
    classes_per_grade: Annotated[int, typer.Option(min=1, max=20, help="Classes in each grade.")] = 4,
    seed: Annotated[int, typer.Option(help="Same seed, same file.")] = 0,
    out: Annotated[Path, typer.Option(help="Instance file to write (.yaml or .json).")] = Path("school.yaml"),
    lang: LangOption = "zh",
    policy: Annotated[
        str, typer.Option(help="The preset the school is made for: its bell, and 5 PE lessons a week where PE is daily.")
    ] = "cn-2021",
) -> None:
    """Write a realistic school: national lesson table, real staffing, venues, 教研 half-days, homework."""
    language = _language(lang)
    _choose("--stage", stage, tuple(KINDS))
    _choose("--policy", policy, PRESET_NAMES)
    data = generate_school(stage, classes_per_grade, seed, policy)
    _write_document(out, data)
    wrote = say(language, "wrote_school", path=out, classes=len(data["classes"]), teachers=len(data["teachers"]))
    console.print(wrote, highlight=False)


def _write_document(out: Path, data: dict) -> None:
    """Write instance data as JSON (for a .json path) or YAML, atomically."""
    if out.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)
    write_atomically(out, text)


@_command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the instance file (for editor completion)."""
    console.out(json.dumps(Instance.model_json_schema(by_alias=True), ensure_ascii=False, indent=2), highlight=False)


@_command("rules")
def rules_command(
    lang: LangOption = "zh",
    policy: Annotated[
        str | None, typer.Option(help="A preset: each rule's number under it (primary / junior) and its documents.")
    ] = None,
) -> None:
    """List every rule with its id (what `weights` and reports name it by), kind (a soft rule's default
    weight), title and source document; with --policy, the numbers that preset sets and their sources."""
    from models.policy import RULE_SETTINGS, PolicySettings, resolve_policy

    language = _language(lang)
    _choose("--policy", policy, PRESET_NAMES)
    stages = [resolve_policy(PolicySettings(preset=policy), stage) for stage in ("primary", "junior")] if policy else []
    for rule in RULES:
        kind = say(language, "hard") if rule.hard else say(language, "soft", weight=rule.weight)
        title = rule.title_zh if language == "zh" else rule.title
        setting = RULE_SETTINGS.get(rule.id)
        sources = stages[0].sources.get(setting) if stages and setting else None
        source = "；".join(document.text() for document in sources) if sources else rule.source
        if stages and setting:
            title += "  " + _setting_values(setting, stages, language)
        console.out(f"{rule.id:30} {kind:12} {title}\n{'':43} {say(language, 'source', source=source)}", highlight=False)


def _setting_values(setting: str, stages: list, lang: Lang) -> str:
    """`〔小学 08:20，初中 08:00〕` / `[primary 08:20, junior 08:00]`: a setting's number by stage, or
    that the preset leaves the rule off."""
    from models.policy import show_setting

    values = [getattr(policy, setting) for policy in stages]
    if all(value in (None, False) for value in values):
        return f"〔{label(lang, 'not_in_force')}〕" if lang == "zh" else f"[{label(lang, 'not_in_force')}]"
    primary, junior = (show_setting(setting, value, lang) for value in values)
    return f"〔小学 {primary}，初中 {junior}〕" if lang == "zh" else f"[primary {primary}, junior {junior}]"


@_command("import-fet")
def import_fet_command(
    fet_file: Annotated[Path, typer.Argument(help="A FET file (.fet).")],
    out: Annotated[Path, typer.Option(help="Instance file to write (.yaml or .json).")],
    lang: LangOption = "zh",
) -> None:
    """Turn a FET file into an instance; say for every FET constraint type whether it was imported exactly."""
    from scheduler.formats.fet.importer import import_fet
    from scheduler.formats.xml_file import parse_xml

    language = _language(lang)
    data, report, problems = import_fet(parse_xml(fet_file), fet_file.name)
    _write_imported(out, data, report, problems, fet_file.name, language)


@_command("import-xhstt")
def import_xhstt_command(
    archive_file: Annotated[Path, typer.Argument(help="An XHSTT archive (.xml) holding the instance.")],
    out: Annotated[Path, typer.Option(help="Instance file to write (.yaml or .json).")],
    instance: XhsttInstanceOption = None,
    lang: LangOption = "zh",
) -> None:
    """Turn an XHSTT instance into a jianfu instance; say for every XHSTT constraint type whether it
    was imported exactly, approximated or left out, and why."""
    from scheduler.formats.xhstt import read_archive
    from scheduler.formats.xhstt_import import import_xhstt

    chosen = _xhstt_instance(read_archive(archive_file), instance, archive_file)
    data, report, problems = import_xhstt(chosen, archive_file.name)
    _write_imported(out, data, report, problems, archive_file.name, _language(lang))


def _write_imported(out: Path, data: dict, report, problems: list, source: str, language: Lang) -> None:
    """An imported instance written only when it is valid (as `jianfu validate` reads it), then the
    import report and the verdict; exit 2 naming each problem otherwise, after the report when the
    instance was built but is not valid (what the import left out is then most often why)."""
    if problems:
        raise InputError(problems)
    try:
        inst = parse_instance(data)
    except InputError as error:
        _print_report(report, language)
        raise InputError(placed(source, error.problems)) from None  # places in the imported instance
    _write_document(out, data)
    _print_report(report, language)
    verdict = "imported_exactly" if report.exact else "imported_approximately"
    console.print(say(language, verdict, path=out, classes=len(inst.classes), teachers=len(inst.teachers)), highlight=False)


def _print_report(report, language: Lang) -> None:
    """An import report, a line per constraint type (and per kind of thing imported)."""
    for line in report.text(language):
        console.print(line, highlight=False, markup=False)


@_command("xhstt-eval")
def xhstt_eval_command(
    archive_file: Annotated[Path, typer.Argument(help="An XHSTT archive (.xml): an instance and its solution groups.")],
    solutions: Annotated[
        Path | None,
        typer.Argument(
            help="Another XHSTT archive holding solutions of that instance (its own if left out), or a jianfu "
            "timetable (solution JSON, .xlsx, .csv) of the instance as import-xhstt imports it."
        ),
    ] = None,
    instance: XhsttInstanceOption = None,
    out: Annotated[
        Path | None, typer.Option(help="With a jianfu timetable: the XHSTT file to write it to, as a solution group.")
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Score every solution by the XHSTT specification's rules, independently of any solver: each
    constraint's cost, then the infeasibility (required constraints) and the objective (the others)."""
    from scheduler.check.xhstt import evaluate
    from scheduler.formats.xhstt import read_archive

    language = _language(lang)
    archive = read_archive(archive_file)
    if solutions is not None and solutions.suffix.lower() != ".xml":
        _score_timetable(_xhstt_instance(archive, instance, archive_file), archive_file.name, solutions, out, language)
        return
    if out is not None:
        _refuse("--out", "xhstt_out_needs_timetable")
    chosen = _xhstt_instance(archive, instance, archive_file).id if instance is not None else None
    source = read_archive(solutions, archive.instances) if solutions is not None else archive
    instances = {instance.id: instance for instance in archive.instances}
    found = [(group, solution) for group in source.solution_groups for solution in group.solutions]
    unknown_refs = [solution.instance for _, solution in found if solution.instance not in instances]
    if unknown_refs:
        _refuse(str(solutions or archive_file), "xhstt_unknown_instance", instance=unknown_refs[0])
    if chosen is not None:  # that instance's solutions alone
        found = [(group, solution) for group, solution in found if solution.instance == chosen]
    if not found:
        console.print(say(language, "xhstt_no_solutions"), highlight=False)
    for group, solution in found:
        result = evaluate(instances[solution.instance], solution)
        print_xhstt(console, group.id, result, language)


def _score_timetable(chosen, source: str, timetable: Path, out: Path | None, language: Lang) -> None:
    """A jianfu timetable of an imported XHSTT instance, as an XHSTT solution scored by the evaluator
    (and written to `out`)."""
    import datetime

    from scheduler.check.checker import refuse_unknown_names
    from scheduler.check.xhstt import evaluate
    from scheduler.formats.xhstt import write_solution_group
    from scheduler.formats.xhstt_import import import_xhstt, lessons_without_time, timetable_solution

    data, _, problems = import_xhstt(chosen, source)
    if problems:
        raise InputError(problems)
    inst = parse_instance(data, source)
    lessons = _read_proposed(inst, timetable)[0]
    refuse_unknown_names(inst, lessons, None)
    if problems := lessons_without_time(chosen, lessons):
        raise InputError(placed(str(timetable), problems))
    solution = timetable_solution(chosen, lessons)
    print_xhstt(console, str(timetable), evaluate(chosen, solution), language)
    if out is not None:
        description = f"jianfu timetable {timetable.name}, imported by jianfu import-xhstt"
        metadata = {"Contributor": "jianfu", "Date": datetime.date.today().isoformat(), "Description": description}
        write_solution_group(chosen, solution, out, "jianfu", metadata)
        console.print(say(language, "wrote", path=out), highlight=False)


@_command("xhstt-solve")
def xhstt_solve_command(
    archive_file: Annotated[Path, typer.Argument(help="An XHSTT archive (.xml) holding the instance to solve.")],
    out: Annotated[Path, typer.Option(help="XHSTT file to write: one solution group with the solution.")],
    instance: XhsttInstanceOption = None,
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds of search.")] = 60.0,
    workers: ThreadsOption = 2,
    seed: SeedOption = 0,
    approximate: Annotated[
        bool, typer.Option(help="Leave out constraints of types the solver does not model (they are named).")
    ] = False,
    prove: Annotated[
        float | None,
        typer.Option(
            callback=_positive_seconds_or_none,
            help="Then seconds of column generation for a lower bound (as xhstt-bound).",
        ),
    ] = None,
    start: Annotated[
        Path | None,
        typer.Option(
            help="XHSTT file of solutions (the archive itself for its embedded ones): the search starts from"
            " the best of them for the instance, as the evaluator scores them."
        ),
    ] = None,
    splits_first: Annotated[
        bool,
        typer.Option(
            help="Where the instance wants events split a certain way (DistributeSplitEvents, not required),"
            " search first for the fewest teachers' busy days (ClusterBusyTimes, not required), then, those held,"
            " the fewest unwanted splits, then trade them against the other costs."
        ),
    ] = True,
    progress: Annotated[
        bool, typer.Option(help="Show each better solution as it is found: when, by which step, its cost.")
    ] = False,
    lang: LangOption = "zh",
) -> None:
    """Time the events of a class-based XHSTT instance with CP-SAT at the lowest XHSTT cost; the
    solution is scored by the independent evaluator before it is written; with --start, from the best
    solution of a file; with --prove, a lower bound by column generation, which proves it optimal when
    the two meet; with --progress, each better solution as it is found. Exit 0 when its infeasibility
    is 0, 1 when it is not, 4 when no solution was found."""
    import datetime
    import time

    from scheduler.check.xhstt import evaluate
    from scheduler.formats.xhstt import read_archive, write_solution_group
    from scheduler.search.xhstt import XhsttOptions, solve_xhstt

    language = _language(lang)
    chosen = _xhstt_instance(read_archive(archive_file), instance, archive_file)
    first = _best_start(chosen, start, language) if start is not None else None
    refuse_unwritable(out)  # before the search, not after it
    started = time.monotonic()
    shown = _show_improvement(language) if progress else None
    run = solve_xhstt(chosen, XhsttOptions(time_limit, workers, seed, approximate, splits_first), first, shown)
    status = label(language, f"status_{run.status}") if run.status in ("optimal", "feasible", "infeasible") else None
    status = status or label(language, "status_unknown")
    console.print(say(language, "xhstt_status", status=status, seconds=time.monotonic() - started), highlight=False)
    if run.left_out:
        console.print(say(language, "xhstt_left_out", constraints=", ".join(run.left_out)), highlight=False)
    if run.solution is None:
        errors.print(say(language, "xhstt_no_solution", status=run.status), highlight=False)
        raise typer.Exit(Exit.INFEASIBLE)
    scored = evaluate(chosen, run.solution)
    modelled = [c for c in scored.constraints if c.id not in run.left_out]
    model_says = (run.infeasibility, run.objective)
    if model_says != (sum(c.cost for c in modelled if c.required), sum(c.cost for c in modelled if not c.required)):
        figures = {"model_infeasibility": run.infeasibility, "model_objective": run.objective}
        errors.print(f"[red]{say(language, 'internal_error')}[/red] {say(language, 'xhstt_disagree', **figures)}")
        raise typer.Exit(Exit.BUG)
    console.print(say(language, "xhstt_evaluated", infeasibility=scored.infeasibility, objective=scored.objective))
    if run.bound is not None:
        console.print(say(language, "xhstt_bound", infeasibility=run.bound[0], objective=run.bound[1]), highlight=False)
    description = f"jianfu CP-SAT, {time_limit:g} s, {workers} workers, seed {seed}, {run.status}"
    metadata = {"Contributor": "jianfu", "Date": datetime.date.today().isoformat(), "Description": description}
    write_solution_group(chosen, run.solution, out, "jianfu", metadata)
    console.print(say(language, "wrote", path=out), highlight=False)
    if prove is not None and scored.infeasibility == 0:
        from scheduler.search.xhstt_bound import bound_xhstt

        _report_bound(
            chosen,
            bound_xhstt(chosen, prove, workers, target=scored.objective, start=[run.solution]),
            scored.objective,
            language,
        )
    raise typer.Exit(Exit.OK if scored.infeasibility == 0 else Exit.VIOLATIONS)


@_command("xhstt-bound")
def xhstt_bound_command(
    archive_file: Annotated[Path, typer.Argument(help="An XHSTT archive (.xml) holding the instance.")],
    solutions: Annotated[
        Path | None,
        typer.Argument(help="Another XHSTT archive holding solutions of that instance (its own solutions are read too)."),
    ] = None,
    instance: XhsttInstanceOption = None,
    time_limit: Annotated[float, typer.Option(callback=_positive_seconds, help="Seconds of column generation.")] = 600.0,
    workers: ThreadsOption = 2,
    approximate: Annotated[
        bool, typer.Option(help="Leave out constraints of types the solver does not model (the bound stays valid).")
    ] = False,
    lang: LangOption = "zh",
) -> None:
    """A lower bound on the objective at infeasibility 0, by column generation over the weeks of one
    resource type; compared with the best solution of the file (and of SOLUTIONS), which it proves
    optimal when the two meet. Exit 0 with a bound, 4 when none exists at infeasibility 0, 5 when
    there is no bound."""
    from scheduler.formats.xhstt import read_archive
    from scheduler.model.xhstt import left_out_constraints
    from scheduler.search.xhstt_bound import bound_xhstt

    language = _language(lang)
    archive = read_archive(archive_file)
    chosen = _xhstt_instance(archive, instance, archive_file)
    left_out = left_out_constraints(chosen, approximate)
    found = _feasible_solutions(chosen, archive, read_archive(solutions, archive.instances) if solutions else None)
    best = min(found, default=None)
    if left_out:
        console.print(say(language, "xhstt_left_out", constraints=", ".join(c.id for c in left_out)), highlight=False)
    result = bound_xhstt(chosen, time_limit, workers, target=best, start=found.values())
    if not _report_bound(chosen, result, best, language):
        raise typer.Exit(Exit.INFEASIBLE if result.status == "infeasible" else Exit.UNKNOWN)


def _feasible_solutions(chosen, archive, other) -> dict:
    """The solutions of the instance at infeasibility 0, in the archive and in another one, by
    objective (one of each)."""
    found = {}
    for (infeasibility, objective), solution in _scored_solutions(chosen, archive, other):
        if infeasibility == 0:
            found.setdefault(objective, solution)
    return found


def _scored_solutions(chosen, *archives) -> list:
    """Each solution of the instance in the archives (None ones skipped), with its (infeasibility,
    objective) as the evaluator scores it."""
    from scheduler.check.xhstt import evaluate

    found = []
    for group in (g for archive in archives if archive is not None for g in archive.solution_groups):
        for solution in (s for s in group.solutions if s.instance == chosen.id):
            scored = evaluate(chosen, solution)
            found.append(((scored.infeasibility, scored.objective), solution))
    return found


def _report_bound(chosen, result, best: int | None, language: Lang) -> bool:
    """The bound, how it was reached, what it leaves out and what it proves of the best solution;
    or why there is none (False)."""
    from scheduler.model.xhstt import model_leaves_out

    if result.bound is None:
        errors.print(say(language, f"xhstt_bound_{result.status.replace(' ', '_')}"), highlight=False)
        return False
    leaves_out = model_leaves_out(chosen)
    status = label(language, f"bound_{result.status.replace(' ', '_')}")
    kind_name = chosen.resource_types[result.resource_type].name
    figures = {"kind": kind_name, "rounds": result.rounds, "columns": result.columns, "status": status}
    console.print(say(language, "xhstt_bound_blocks", **figures), highlight=False)
    console.print(say(language, "xhstt_bound_value", bound=result.bound, lagrangian=result.lagrangian), highlight=False)
    if result.left_out:
        console.print(say(language, "xhstt_bound_spanning", constraints=", ".join(result.left_out)), highlight=False)
    for reason, ids in leaves_out.items():
        shown = ", ".join(ids[:5]) + (" ..." if len(ids) > 5 else "")
        console.print(say(language, f"xhstt_bound_model_{reason}", ids=shown), highlight=False)
    if best is None:
        console.print(say(language, "xhstt_bound_no_solution"), highlight=False)
    elif result.bound >= best and not leaves_out:
        console.print(say(language, "xhstt_bound_proven", objective=best), highlight=False)
    elif result.bound >= best:
        console.print(say(language, "xhstt_bound_proven_model", objective=best), highlight=False)
    else:
        console.print(say(language, "xhstt_bound_gap", objective=best, gap=best - result.bound), highlight=False)
    return True


def _show_improvement(language: Lang):
    """A function printing one better solution of an XHSTT search as it is found."""

    def show(found) -> None:
        step = label(language, f"xhstt_step_{found.step}")
        figures = {"infeasibility": found.infeasibility, "objective": found.objective}
        console.print(say(language, "xhstt_improvement", seconds=found.seconds, step=step, **figures), highlight=False)

    return show


def _best_start(instance, path: Path, language: Lang):
    """The solution of `instance` in the file at `path` that the evaluator scores lowest (infeasibility,
    then objective), announced; refused when the file holds none."""
    from scheduler.formats.xhstt import read_archive

    scored = _scored_solutions(instance, read_archive(path, [instance]))
    if not scored:
        _refuse(str(path), "xhstt_no_solution_of", instance=instance.id)
    (infeasibility, objective), best = min(scored, key=lambda pair: pair[0])
    console.print(say(language, "xhstt_start", path=path, infeasibility=infeasibility, objective=objective), highlight=False)
    return best


def _xhstt_instance(archive, instance_id: str | None, archive_file: Path):
    """The instance named by --instance, or the archive's only one."""
    if instance_id is not None:
        try:
            return archive.instance(instance_id)
        except KeyError:
            _refuse(f"{archive_file} --instance", "xhstt_no_instance", instance=instance_id)
    if len(archive.instances) != 1:
        _refuse(str(archive_file), "xhstt_which_instance", instances=", ".join(i.id for i in archive.instances) or "-")
    return archive.instances[0]


@_command("export-fet")
def export_fet_command(
    instance: Annotated[Path, typer.Argument(help="Instance file.")],
    out: Annotated[Path, typer.Option(help="FET file to write (.fet).")],
    lang: LangOption = "zh",
) -> None:
    """Write the instance as a FET 6.8 file; rules FET cannot express are named in its Comments."""
    from scheduler.formats.fet.export import export_fet

    language = _language(lang)
    write_atomically(out, export_fet(load_instance(instance), language))
    console.print(say(language, "wrote", path=out), highlight=False)
