"""diplo-kg: a knowledge graph of diplomatic contacts built from news articles."""

__version__ = "0.1.0"
