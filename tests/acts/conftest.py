"""What the acts tests share: files under a temporary media root, the hromada's secretary and their client."""

from __future__ import annotations

import pytest

from tests.acts.builders import secretary


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sec(hromada_a):
    return secretary(hromada_a)


@pytest.fixture
def sec_client(client_a, sec):
    client_a.force_login(sec)
    return client_a
