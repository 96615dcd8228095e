"""Child-centred language: flag victim-blaming and adultifying wording about children.

The public surface is small: ``check(text)`` returns ``Flag``s (offsets, matched text, a
child-centred suggestion, the reason with its source, and the rule id); ``Checker`` checks
against a chosen rule file; ``load_rules`` loads one. Reports over many records are in
``heron.language.report``. Everything else in this package is private.
"""

from __future__ import annotations

from heron.language.checker import Checker, Flag, check
from heron.language.rules import RuleFileError, RuleSet, load_rules

__all__ = ["Checker", "Flag", "RuleFileError", "RuleSet", "check", "load_rules"]
