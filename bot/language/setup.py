"""Set-up step for the Dutch pipeline (`make setup` runs it; idempotent).

1. If `nl_core_news_sm` is not installed, try to install the release that matches the
   installed spaCy: from a wheel file named in HECHTBOT_NL_MODEL_WHEEL, else from
   spaCy's release page. A failure is expected on offline machines and is not an
   error; HECHTBOT_OFFLINE=1 skips the attempt.
2. Always build the local pipeline (about a second), so a fallback exists.
3. Report which pipeline the bot will use.
"""

from __future__ import annotations

import os
import subprocess
import sys

from bot.language.pipeline import (
    OFFICIAL_MODEL,
    build_local_pipeline,
    official_pipeline,
    resolve_pipeline,
)

RELEASE_URL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    "{name}-{version}/{name}-{version}-py3-none-any.whl"
)


def matching_official_version() -> str:
    """spaCy models follow spaCy's minor version: spaCy 3.4.x takes model 3.4.0."""
    import spacy

    major, minor = spacy.about.__version__.split(".")[:2]
    return f"{major}.{minor}.0"


def try_install_official() -> bool:
    wheel = os.environ.get("HECHTBOT_NL_MODEL_WHEEL") or RELEASE_URL.format(
        name=OFFICIAL_MODEL, version=matching_official_version()
    )
    print(f"Trying to install {OFFICIAL_MODEL} from {wheel} ...", flush=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--timeout",
            "15",
            "--retries",
            "0",
            wheel,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        print(f"  not reachable here ({last[:160]}); the local pipeline will be used.")
        return False
    return True


def main() -> int:
    if official_pipeline() is None and os.environ.get("HECHTBOT_OFFLINE") != "1":
        try_install_official()
    path = build_local_pipeline()
    print(f"Local Dutch pipeline built at {path}")
    print(f"Hechtbot will use: {resolve_pipeline().describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
