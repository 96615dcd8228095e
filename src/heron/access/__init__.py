"""Access control: who is acting, and (in a later issue) what each role and agency may see.

Owns the ``Actor`` passed to every service function. Must not touch storage directly.
"""

from heron.access.actors import Actor, system_actor

__all__ = ["Actor", "system_actor"]
