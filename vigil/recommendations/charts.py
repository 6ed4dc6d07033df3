"""The follow-up dashboard's charts: the shared stacked bars (`vigil.core.bars`)."""

from vigil.core.bars import BarChart, Part, percent, percent_text, stacked_bars

__all__ = ["BarChart", "Part", "percent", "percent_text", "stacked_bars"]
