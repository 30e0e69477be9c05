"""Baimi (百米): plan and run the 100-metre community service circles of Altay prefecture."""

__version__ = "0.1.0"
