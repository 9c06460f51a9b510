"""tipq: self-assessment questionnaires for the Trafficking in Persons Protocol.

The library is importable on its own: nothing here prints or exits. The command line
(``tipq.cli``) is a thin layer over the public functions re-exported below.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
