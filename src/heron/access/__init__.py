"""Access control: who is acting, and (in a later issue) what each role and agency may see.

Owns the ``Actor`` passed to every service function. Must not touch storage directly.
"""

from heron.access.actors import Actor, person_actor, system_actor

__all__ = ["Actor", "person_actor", "system_actor"]
