"""Shared test set-up: Qt runs offscreen, seeds and the shared corpus are located here."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Reviewers are a name plus this installation's id (issue 14): tests never make
# one in the user's configuration folder.
os.environ.setdefault("REVIEWDESK_INSTALLATION_ID", "test-installation")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


@pytest.fixture
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, "seeds/ must hold the five seed reports"
    return paths


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Refuses and records every internet socket and name look-up made from Python."""
    attempts: list[str] = []
    real_socket = socket.socket

    class GuardedSocket(real_socket):
        def __init__(self, family=socket.AF_INET, *args, **kwargs):
            if family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(f"socket({family!r})")
                raise OSError("network disabled in this test")
            super().__init__(family, *args, **kwargs)

    def refuse(name):
        def _refused(*args, **kwargs):
            attempts.append(f"{name}{args[:2]}")
            raise OSError("network disabled in this test")
        return _refused

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts
