import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Third-party evaluation data and the shared contract live outside the repository and are never
# copied in (docs/architecture.md). The Makefile names the folder; tests that need it skip without it.
SHARED = Path(os.environ["COCKPIT_SIM_SHARED"]) if os.environ.get("COCKPIT_SIM_SHARED") else None
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def free_port() -> int:
    """A free TCP port on 127.0.0.1, for a server a test (or a bench) starts and stops."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
