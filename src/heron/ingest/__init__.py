"""Ingest: every agency's records into the store, with provenance; bad input quarantined.

Owns reading files, validating records-v1, versioning and quarantine. Must not link,
score or interpret records: it stores what agencies wrote, exactly.
"""

from heron.ingest.service import IngestError, IngestSummary, ingest_paths

__all__ = ["IngestError", "IngestSummary", "ingest_paths"]
