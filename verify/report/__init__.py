"""Renderings of one :class:`~verify.run.RunResult`: terminal, JSON, JUnit XML."""
from .json_report import to_json, write_json
from .junit import write_junit
from .terminal import render_table

__all__ = ["to_json", "write_json", "write_junit", "render_table"]
