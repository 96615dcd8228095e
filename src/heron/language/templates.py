"""Phrase templates: the small pattern language the rule file is written in.

Owns the translation of one template string (e.g. ``"{put} {reflexive} at risk"``) into a
regular expression. Knows nothing of rules, context or flags, and must not: a template is
only a description of which words, in which order, count as the phrase.

Syntax (all matching is case-insensitive and bounded by word edges):

- a space matches any run of whitespace;
- a hyphen matches a hyphen, a space or nothing (``street-wise`` = streetwise, street wise);
- an apostrophe matches ``'`` or ``’``;
- ``(a|b c)`` is a choice, ``(…)?`` or ``x?`` makes it optional (put the space inside);
- ``{name}`` expands to the list ``forms[name]`` of the rule file (each itself a template);
- ``*`` after letters matches any further letters (``prostitut*``);
- ``#`` matches a number of one or two digits (an age);
- ``_`` matches any one word (``pressured _ to`` = pressured Maisie to);
- letters, digits, ``.``, ``/`` and ``&`` stand for themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_LITERAL = frozenset("./&")
_HYPHEN = r"[-‐–\s]?"


class TemplateError(ValueError):
    """A template that cannot be compiled (unknown form, bad character, unbalanced group)."""


def template_regex(template: str, forms: Mapping[str, Sequence[str]]) -> str:
    """Translate one template into a regular-expression source string (no word edges)."""
    return _translate(template, forms, depth=0)


def compile_templates(
    templates: Sequence[str], forms: Mapping[str, Sequence[str]]
) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``templates`` as whole words."""
    if not templates:
        raise TemplateError("no templates given")
    body = "|".join(f"(?:{template_regex(t, forms)})" for t in templates)
    try:
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise TemplateError(f"{templates!r}: {exc}") from exc


def _translate(template: str, forms: Mapping[str, Sequence[str]], depth: int) -> str:
    if depth > 3:
        raise TemplateError(f"forms nested too deeply in {template!r}")
    out: list[str] = []
    i = 0
    while i < len(template):
        char = template[i]
        if char == "{":
            end = template.find("}", i)
            if end < 0:
                raise TemplateError(f"unclosed '{{' in {template!r}")
            name = template[i + 1 : end]
            if name not in forms:
                raise TemplateError(f"unknown form {{{name}}} in {template!r}")
            alts = (_translate(alt, forms, depth + 1) for alt in forms[name])
            out.append("(?:" + "|".join(alts) + ")")
            i = end + 1
            continue
        if char == " ":
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif char == "-":
            out.append(_HYPHEN)
        elif char in "'’":
            out.append("['’]")
        elif char == "(":
            out.append("(?:")
        elif char in ")|?":
            out.append(char)
        elif char == "*":
            out.append(r"\w*")
        elif char == "#":
            out.append(r"\d{1,2}")
        elif char == "_":
            out.append(r"\w+(?:['’]\w+)?")
        elif char.isalnum() or char in _LITERAL:
            out.append(re.escape(char))
        else:
            raise TemplateError(f"character {char!r} not allowed in template {template!r}")
        i += 1
    return "".join(out)
