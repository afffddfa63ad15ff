import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Third-party evaluation data and the shared contract live outside the repository and are never
# copied in (docs/architecture.md). The Makefile names the folder; tests that need it skip without it.
SHARED = Path(os.environ["COCKPIT_SIM_SHARED"]) if os.environ.get("COCKPIT_SIM_SHARED") else None
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
