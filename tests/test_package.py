"""sockstate as an installed distribution: its version, read from the
metadata only when asked for, and what ``import sockstate`` costs."""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import typing
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest

import sockstate
import sockstate.__main__
import sockstate._typing
import sockstate.aio
from _private import aio_state_classes, state_classes


def _run(*command: str, unmeasured: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``command``; ``unmeasured``, without coverage's variables (a
    measured interpreter imports more)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not (unmeasured and name.startswith("COVERAGE_"))
    }
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False, env=environment
    )


def test_the_version_is_the_installed_distributions() -> None:
    assert sockstate.__version__ == version("sockstate")
    assert "__version__" not in sockstate.__all__


def test_a_name_the_package_lacks_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'sockstate' has no attribute 'tpc'$"):
        getattr(sockstate, "tpc")  # noqa: B009 - a name the type checkers must not see
    assert not hasattr(sockstate, "version")


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "-W", "error", "-m", "sockstate", "--version"),
        (str(Path(sys.executable).with_name("sockstate")), "--version"),
    ],
    ids=["python -m sockstate", "sockstate"],
)
def test_the_command_line_prints_its_version_and_exits_zero(command: tuple[str, ...]) -> None:
    result = _run(*command)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"sockstate {version('sockstate')}\n",
        "",
    )


def test_the_console_script_is_main_which_returns_the_exit_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    (script,) = entry_points(group="console_scripts", name="sockstate")
    main = script.load()
    assert main is sockstate.__main__.main
    assert main(["states"]) == 0
    assert capsys.readouterr().out.startswith("| state |")


def _imported_names(tree: ast.AST) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_the_typing_stub_names_what_the_modules_checker_branch_imports() -> None:
    """Editors read ``_typing.pyi``, the checkers the module's
    ``TYPE_CHECKING`` branch: the two give the same names (the stub adds
    ``TYPE_CHECKING`` itself, which it takes from ``typing``)."""
    source = Path(sockstate._typing.__file__)
    module = ast.parse(source.read_text())
    (branch,) = [
        node
        for node in module.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    stub = ast.parse(source.with_suffix(".pyi").read_text())
    assert _imported_names(stub) == _imported_names(ast.Module(branch.body, [])) | {"TYPE_CHECKING"}


def test_the_typevar_stand_in_reads_as_typings_does() -> None:
    """``import sockstate`` makes type variables without ``typing``."""
    assert repr(sockstate._typing.TypeVar("A")) == repr(typing.TypeVar("A")) == "~A"


@pytest.mark.parametrize(
    ("alias", "registry", "name"),
    [
        (sockstate.AnySocket, state_classes(), "sockstate.AnySocket"),
        (sockstate.aio.AnySocket, aio_state_classes(), "sockstate.aio.AnySocket"),
    ],
)
def test_any_socket_subscripted_is_the_union_of_the_faces_classes(
    alias: object, registry: dict[sockstate.State, type], name: str
) -> None:
    """At runtime ``AnySocket[IPv4Address]`` is a ``types.UnionType`` of
    every state class of the face, each generic one subscripted alike."""
    classes = list(registry.values())
    union = typing.cast("typing.Any", alias)[sockstate.IPv4Address]
    members = typing.get_args(union)
    assert len(members) == len(sockstate.State) == len(classes)
    assert {typing.get_origin(member) or member for member in members} == set(classes)
    fresh = typing.cast("typing.Any", registry[sockstate.State.FRESH])
    assert fresh[sockstate.IPv4Address] in members
    assert registry[sockstate.State.CLOSED] in members
    assert repr(alias) == name


def test_any_socket_joins_another_type_with_either_operand_first() -> None:
    """``AnySocket | None`` and ``None | AnySocket`` are unions of the bare classes."""
    either = typing.cast("typing.Any", sockstate.AnySocket)
    for union in (either | None, None | either):
        members = typing.get_args(union)
        assert type(None) in members
        assert sockstate.ListeningSocket in members
        assert len(members) == len(sockstate.State) + 1


def test_import_sockstate_imports_neither_typing_nor_importlib_metadata() -> None:
    """Both cost more than sockstate's import budget (see ``_typing``)."""
    code = (
        "import sys; import sockstate; "
        "print(*[name for name in ('typing', 'importlib.metadata') if name in sys.modules])"
    )
    result = _run(sys.executable, "-W", "error", "-c", code, unmeasured=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "\n", "")


def test_import_sockstate_leaves_the_ip_options_views_until_a_socket_uses_options() -> None:
    """A class per state and family, each held to the table as it is
    defined: more than the import budget has to spare (``_later``)."""
    code = (
        "import sys; import sockstate; "
        "print('sockstate._family_options' in sys.modules); "
        "sock = sockstate.tcp(); "
        "print(type(sock.options).__name__, 'sockstate._family_options' in sys.modules); "
        "sock.close()"
    )
    result = _run(sys.executable, "-W", "error", "-c", code)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "False\nFreshIPv4Options True\n",
        "",
    )


def test_an_options_view_not_loaded_yet_is_listed_and_found_by_name() -> None:
    code = (
        "import sockstate; "
        "print('BoundIPv6Options' in dir(sockstate), sockstate.BoundIPv6Options.__name__)"
    )
    result = _run(sys.executable, "-W", "error", "-c", code, unmeasured=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "True BoundIPv6Options\n", "")


def test_dir_lists_every_public_name_of_the_package() -> None:
    assert set(sockstate.__all__) <= set(dir(sockstate))


def test_dir_lists_what_the_package_holds_beside_its_public_names() -> None:
    assert {"aio", "__name__", "__all__"} <= set(dir(sockstate))


_FILE_PROTOCOLS = [
    sockstate.SocketFile,
    sockstate.BinaryReader,
    sockstate.BinaryWriter,
    sockstate.BinaryReadWriter,
    sockstate.TextReader,
    sockstate.TextWriter,
    sockstate.TextReadWriter,
]


@pytest.mark.parametrize("protocol", _FILE_PROTOCOLS, ids=lambda cls: cls.__name__)
def test_a_file_protocol_refuses_isinstance_as_typing_does(protocol: object) -> None:
    """``makefile()``'s file types are protocols for the checkers: an
    ``isinstance()`` that could only answer ``False`` raises instead."""
    stand_in = typing.cast("typing.Any", protocol)
    with pytest.raises(TypeError, match="protocol for type checkers only"):
        isinstance(io.BytesIO(), stand_in)


@pytest.mark.parametrize("protocol", _FILE_PROTOCOLS, ids=lambda cls: cls.__name__)
def test_a_file_protocol_refuses_issubclass_as_typing_does(protocol: object) -> None:
    stand_in = typing.cast("typing.Any", protocol)
    with pytest.raises(TypeError, match="not runtime-checkable"):
        issubclass(io.BufferedReader, stand_in)


@pytest.mark.parametrize("protocol", _FILE_PROTOCOLS, ids=lambda cls: cls.__name__)
def test_a_file_protocol_cannot_be_instantiated(protocol: object) -> None:
    stand_in = typing.cast("typing.Any", protocol)
    with pytest.raises(TypeError, match=stand_in.__name__):
        stand_in()


def test_typing_refuses_isinstance_with_a_protocol_alike() -> None:
    """What the stand-in mirrors: ``typing``'s own protocol, not marked
    ``runtime_checkable``."""

    class Reader(typing.Protocol):
        def read(self) -> bytes: ...

    with pytest.raises(TypeError, match="runtime_checkable"):
        isinstance(io.BytesIO(), typing.cast("typing.Any", Reader))
