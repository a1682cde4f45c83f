"""sockstate's version, read from the installed distribution's metadata.

Rules of this module: importing sockstate must not import
``importlib.metadata`` (with what it pulls in, several times sockstate's
own import budget), so the version is read only when it is asked for:
``sockstate.__version__`` is looked up through the package's module
``__getattr__`` (``_later``), and ``sockstate --version`` calls
``version()``.  pyproject.toml is the one place the version is written;
the metadata that an install records is read back here.
"""

from __future__ import annotations


def version() -> str:
    """The version of the installed ``sockstate`` distribution."""
    from importlib.metadata import version as distribution_version

    return distribution_version("sockstate")
