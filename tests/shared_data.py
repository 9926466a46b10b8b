"""Where the real data files are: ``../shared/data`` beside the repository (as in CI), or the folder
``SHARED_DATA_DIR`` names. They are never copied into the project; a test that needs one is skipped,
saying which file, when it is absent."""

import os
from pathlib import Path

import pytest

BESIDE_THE_REPOSITORY = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SHARED_DATA = Path(os.environ.get("SHARED_DATA_DIR") or BESIDE_THE_REPOSITORY)
UPR_INFO = SHARED_DATA / "upr-info"


def shared_file(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"{path} is missing: this test needs the shared data files (see SHARED_DATA_DIR)")
    return path
