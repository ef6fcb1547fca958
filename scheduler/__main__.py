"""`python -m scheduler` runs the jianfu command line."""

from scheduler.cli import app

app(prog_name="jianfu")
