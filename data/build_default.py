"""Regenerate the committed default dataset: a thin wrapper around the data.build package.

Usage: python data/build_default.py [SOURCE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from data.build import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main())
