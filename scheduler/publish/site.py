"""The static web site: index, a printable page per class, teacher and venue, the homework plan with
a chart per class, the teacher-load heatmap, the compliance report and the publication page.

Plain HTML and one CSS file, nothing fetched from elsewhere (no CDN), so it works offline; print CSS
fits a class page on one A4 sheet. Jinja2
escapes every value, so user-given names show as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from models.calendar import Lang, day_label, day_labels
from models.instance import Instance
from scheduler.check.timetable import written_by_class_day
from scheduler.publish.labels import LABELS
from scheduler.publish.publication import Publication
from scheduler.publish.tables import Table, class_homework_table, homework_matrix

TEMPLATES = Path(__file__).parent / "templates"
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 300, 120, 12


@dataclass
class Bar:
    """One day's bar of a homework chart, in SVG units."""

    day: str
    minutes: int
    cap: int
    x: float
    width: float
    height: float
    over: bool


@dataclass
class Chart:
    """A class's written homework minutes per day against its cap."""

    owner: str
    bars: list[Bar]
    cap_y: float | None
    cap: int


def _charts(inst: Instance, publication: Publication) -> list[Chart]:
    written = written_by_class_day(publication.solution.homework)
    width = (CHART_WIDTH - BAR_GAP * (len(inst.days) + 1)) / len(inst.days)
    charts = []
    for school_class in inst.classes:
        name = school_class.name
        days = [(day, written.get((name, day), 0), inst.day_homework_cap(name, day)) for day in inst.days]
        top = max([1] + [max(minutes, cap) for _, minutes, cap in days])
        bars = [
            Bar(
                day_label(publication.lang, day),
                minutes,
                cap,
                BAR_GAP + i * (width + BAR_GAP),
                width,
                CHART_HEIGHT * minutes / top,
                minutes > cap,
            )
            for i, (day, minutes, cap) in enumerate(days)
        ]
        cap = inst.homework_cap(name)
        charts.append(Chart(name, bars, CHART_HEIGHT - CHART_HEIGHT * cap / top if cap else None, cap))
    return charts


def _heat(publication: Publication) -> tuple[list[str], list[tuple[str, str, list[tuple[int, float]], int]]]:
    """The load table as (header, rows of (teacher, page, [(count, shade 0..1)], week total))."""
    days = len(publication.class_grids[0].days) if publication.class_grids else 0
    busiest = max([1] + [int(c) for row in publication.loads.rows for c in row[1 : days + 1]])
    rows = [
        (str(row[0]), f"{grid.slug}.html", [(int(c), int(c) / busiest) for c in row[1 : days + 1]], int(row[days + 1]))
        for row, grid in zip(publication.loads.rows, publication.teacher_grids, strict=True)
    ]
    return publication.loads.header[: days + 2], rows


def environment() -> Environment:
    """The pages' Jinja2 environment: the templates folder, values escaped, undefined names refused."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["lines"] = lambda text: str(text).split("\n") if text else []
    return env


def write_site(inst: Instance, publication: Publication, folder: Path) -> None:
    """Write the site's pages and style sheet into `folder`."""
    lang = publication.lang
    env = environment()
    folder.mkdir(parents=True)
    (folder / "style.css").write_text((TEMPLATES / "style.css").read_text(encoding="utf-8"), encoding="utf-8")
    summary = publication.solution.summary
    common = {
        "L": LABELS[lang],
        "lang": lang,
        "school": publication.school,
        "days": day_labels(lang, inst.days),
        "pub": publication,
        "summary": summary,
    }

    def page(template: str, name: str, **values: object) -> None:
        html = env.get_template(template).render(**common, **values)
        (folder / name).write_text(html, encoding="utf-8")

    homework = publication.solution.homework
    common["matrix"] = homework_matrix(inst, homework, lang)
    for grid in publication.class_grids + publication.teacher_grids + publication.venue_grids:
        plan = class_homework_table(inst, grid.owner, homework, lang) if grid.kind == "class" and homework else None
        page("grid.html", f"{grid.slug}.html", grid=grid, homework=plan)
    page("index.html", "index.html")
    page(
        "homework.html",
        "homework.html",
        charts=_charts(inst, publication),
        chart_width=CHART_WIDTH,
        chart_height=CHART_HEIGHT,
    )
    header, rows = _heat(publication)
    page("loads.html", "loads.html", heat_header=header, heat_rows=rows)
    page("compliance.html", "compliance.html", table=publication.compliance_table)
    page("publication.html", "publication.html")
    if publication.term is not None:
        page("calendar.html", "calendar.html", term=publication.term)


def write_table_pages(
    folder: Path,
    school: str,
    heading: str,
    sections: list[tuple[str | None, str, Table]],
    pages: tuple[str, dict[str, tuple[str, str, Table]]],
    lang: Lang,
) -> None:
    """Offline pages of tables: index.html (its `sections`, each (title, css class, table), then under
    `pages`' title a link per page) and a page per owner (its title, css class and table), with the
    site's style."""
    env = environment()
    folder.mkdir(parents=True)
    (folder / "style.css").write_text((TEMPLATES / "style.css").read_text(encoding="utf-8"), encoding="utf-8")
    common = {"L": LABELS[lang], "lang": lang, "school": school, "heading": heading}
    links_title, pages = pages
    links = [(owner, f"page-{number:03d}") for number, owner in enumerate(pages, start=1)]
    index = env.get_template("tables_index.html").render(
        **common,
        sections=sections,
        links=links,
        links_title=links_title,
    )
    (folder / "index.html").write_text(index, encoding="utf-8")
    for owner, slug in links:
        title, kind, table = pages[owner]
        html = env.get_template("table_page.html").render(**common, owner=owner, title=title, kind=kind, table=table)
        (folder / f"{slug}.html").write_text(html, encoding="utf-8")
