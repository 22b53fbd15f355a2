"""The site's settings, configured from the environment with safe laptop defaults.

One module per concern: the core (the key, apps, middleware, templates, files), security
(HTTPS, the policy, lockouts), storage (the database, the shared cache and the rates it
counts) and operations (data, monitoring, retention, batch files). Each part takes what it
needs from core by name; none sets a name another sets.
"""

from .core import *  # noqa: F403
from .operations import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403
