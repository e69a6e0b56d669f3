"""The ingest pipeline: read -> clean -> analyse -> extract -> resolve -> merge -> write.

Each stage is a module of this package taking and returning the plain dataclasses of
`ingest.model`; `ingest.pipeline` runs them in order.
"""
