"""Build sockstate's sdist and wheel and try them as a stranger would.

Run from the project root (``tools/check`` runs it once, on its first
Python)::

    python tools/package_check.py

It builds both artifacts with ``python -m build`` (the wheel from the
sdist, so the sdist must hold all the wheel needs), checks that each carries
the LICENSE and the wheel's metadata declares it, then installs the wheel
into a new virtual environment outside the project and, from a directory
where the source cannot be imported, runs the README's first example (the
package index's), ``sockstate demo`` and ``sockstate --version``.  Prints
what it checked; exits non-zero at the first thing that is wrong.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str | Path, cwd: Path) -> str:
    """Run ``command`` in ``cwd``; its standard output, or exit on failure."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(
            f"package_check: {' '.join(map(str, command))} exited {result.returncode}\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout


def _expect(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"package_check: {what}")
    print(f"ok  {what}")


def main() -> None:
    """Build, inspect, install and run; see the module's docstring."""
    name = "sockstate"
    license_text = (ROOT / "LICENSE").read_text()
    example = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)[0]

    with tempfile.TemporaryDirectory(prefix="sockstate-package-") as temporary:
        scratch = Path(temporary)
        dist = scratch / "dist"
        _run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=scratch)
        (wheel,) = dist.glob(f"{name}-*-py3-none-any.whl")
        version = wheel.name.split("-")[1]
        (sdist,) = dist.glob(f"{name}-{version}.tar.gz")
        print(f"built {sdist.name} and {wheel.name}")

        with tarfile.open(sdist) as archive:
            member = archive.extractfile(f"{name}-{version}/LICENSE")
            _expect(
                member is not None and member.read().decode() == license_text,
                "the sdist carries LICENSE",
            )
        with zipfile.ZipFile(wheel) as archive:
            info = f"{name}-{version}.dist-info"
            _expect(
                archive.read(f"{info}/licenses/LICENSE").decode() == license_text,
                "the wheel carries LICENSE",
            )
            _expect(f"{name}/py.typed" in archive.namelist(), "the wheel carries py.typed")
            metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        _expect(
            (metadata["License-Expression"], metadata["License-File"]) == ("MIT", "LICENSE"),
            "the wheel's metadata declares the MIT license and its file",
        )
        _expect(
            "testing" in metadata.get_all("Provides-Extra", []),
            "the wheel offers the testing extra",
        )

        environment = scratch / "venv"
        venv.create(environment, with_pip=True)
        python = environment / "bin" / "python"
        _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=scratch)
        elsewhere = scratch / "elsewhere"
        elsewhere.mkdir()
        _run(python, "-W", "error", "-c", example, cwd=elsewhere)
        print("ok  the README's first example runs from the installed wheel")
        demo = _run(environment / "bin" / "sockstate", "demo", cwd=elsewhere)
        _expect("fresh -> connected" in demo, "sockstate demo runs from the installed wheel")
        printed = _run(environment / "bin" / "sockstate", "--version", cwd=elsewhere)
        _expect(printed == f"sockstate {version}\n", f"sockstate --version prints {version}")


if __name__ == "__main__":
    main()
