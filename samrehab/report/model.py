"""The report as data: sections made of blocks (text, tables, tiles, figures), all text already formatted.

The section builders fill these from the marts; ``samrehab.report.render`` turns them into HTML. Nothing
here knows about HTML or about the warehouse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import plotly.graph_objects as go

from samrehab.read.formatting import SUPPRESSED

QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter such as ``2025Q3``."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2025Q3`` (case-insensitive) → ``Quarter(2025, 3)``; ``ValueError`` otherwise."""
        match = QUARTER_PATTERN.match(text.strip().upper())
        if not match:
            raise ValueError(f"not a quarter: {text!r} (expected e.g. 2025Q3)")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def label(self) -> str:
        """The period label used by the marts (``2025Q3``)."""
        return f"{self.year}Q{self.number}"

    @property
    def start(self) -> date:
        """First day of the quarter."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def months(self) -> tuple[str, ...]:
        """Month labels of the quarter as in the marts (``2025-07``, ``2025-08``, ``2025-09``)."""
        first = 3 * self.number - 2
        return tuple(f"{self.year}-{month:02d}" for month in range(first, first + 3))

    @property
    def previous(self) -> Quarter:
        """The quarter before."""
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


@dataclass
class Cell:
    """One table cell: its text and an optional style class (``better``, ``worse``, ``num`` …)."""

    text: str
    css: str = ""


@dataclass
class Table:
    """A table of formatted cells. ``kinds`` names each column's content (``text``, ``value``, ``count``)
    so tests can find counts of persons and suppressed cells in the HTML."""

    columns: list[str]
    rows: list[list[Cell]]
    kinds: list[str]
    css: str = ""

    @property
    def has_suppressed(self) -> bool:
        """Whether a cell shows the suppression marker."""
        return any(cell.text == SUPPRESSED for row in self.rows for cell in row)


@dataclass
class Figure:
    """A plotly figure with a stable name (the HTML element id) and an optional caption."""

    name: str
    figure: go.Figure
    caption: str = ""
    css: str = ""


@dataclass
class Tile:
    """One effect-goal tile, as on the dashboard's overview."""

    goal: str
    goal_name: str
    metric_id: str | None
    metric_name: str
    period: str
    value: str
    unit: str
    interval: str
    change: str
    change_colour: str
    status: str
    status_colour: str
    status_text_colour: str
    status_note: str
    details: list[str]
    flagged: bool = False
    sparkline: Figure | None = None
    icons: str = ""  # Making Data Count icons as HTML (samrehab.read.icons.icons_html)

    @property
    def has_suppressed(self) -> bool:
        """Whether the tile shows the suppression marker."""
        return self.value == SUPPRESSED or SUPPRESSED in self.change


@dataclass
class Block:
    """One element of a section: ``heading``, ``paragraph``, ``note``, ``list``, ``table``, ``figure``, ``tiles``."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None
    figure: Figure | None = None
    tiles: list[Tile] = field(default_factory=list)
    keep_with_next: bool = False


@dataclass
class Section:
    """A numbered section of the report (each starts a new page in print)."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    suppressed: bool = False  # the section shows `..` somewhere: it gets the footnote

    def add(self, block: Block) -> Block:
        """Append a block and note whether it shows a suppressed cell."""
        self.blocks.append(block)
        if block.table is not None and block.table.has_suppressed:
            self.suppressed = True
        if any(tile.has_suppressed for tile in block.tiles):
            self.suppressed = True
        return block

    def figures(self) -> list[Figure]:
        """Every figure of the section, tiles' sparklines included."""
        found = []
        for block in self.blocks:
            if block.figure is not None:
                found.append(block.figure)
            found += [tile.sparkline for tile in block.tiles if tile.sparkline is not None]
        return found


@dataclass
class FrontPage:
    """Title page facts."""

    title: str
    subtitle: str
    region_code: str
    region_name: str
    quarter: str
    extract_date: str
    created: str
    quality_sentence: str
    # which metrics are provisional for the quarter and how much of each is observed (empty: none)
    provisional_sentence: str = ""


@dataclass
class Report:
    """The whole report in one language."""

    lang: str
    front: FrontPage
    sections: list[Section]
    suppressed_footnote: str
    footer: str
    shown_metrics: list[str] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        """Every figure in document order."""
        return [figure for section in self.sections for figure in section.figures()]
