"""Named points where a test can stop a real process, to prove a crash loses nothing.

With CLEARSIGHT_FAULT_AT set to a point's name, the process reaching that point writes its pid to
the file named by CLEARSIGHT_FAULT_MARKER and then waits to be killed (the test sends SIGKILL once
it sees the marker, so nothing depends on guessing with sleep). Unset, a point costs one lookup
in os.environ. Production never sets these variables.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def fault_point(name: str) -> None:
    if os.environ.get("CLEARSIGHT_FAULT_AT") != name:
        return
    marker = os.environ.get("CLEARSIGHT_FAULT_MARKER")
    if marker:
        Path(marker).write_text(str(os.getpid()))
    deadline = time.monotonic() + float(os.environ.get("CLEARSIGHT_FAULT_WAIT", "120"))
    while time.monotonic() < deadline:  # waiting to be killed; carries on if nobody does
        time.sleep(0.05)
