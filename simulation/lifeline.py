"""Child processes that end with their parent, however the parent ends.

A batch scheduler stops a job with SIGTERM and then SIGKILL; neither gives Python a chance to stop
its pool workers or the dashboard's server, which then run on (hundreds of MB each, holding a
port). On Linux a child asks the kernel for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); everywhere, a worker also watches its parent's process id from a
thread and exits when it is gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

from simulation.preflight import alive

PR_SET_PDEATHSIG = 1
PR_GET_PDEATHSIG = 2


def kill_on_parent_death() -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux); True if it will."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def parent_death_signal() -> int:
    """The signal this process gets when its parent ends (0: none, or not Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    value = ctypes.c_int(0)
    libc.prctl(PR_GET_PDEATHSIG, ctypes.byref(value), 0, 0, 0)
    return value.value


def _watch(pid: int, interval: float) -> None:
    while alive(pid):
        time.sleep(interval)
    os._exit(1)


def die_with(pid: int, interval: float = 1.0) -> None:
    """In a child: end when process ``pid`` (the command's main process) ends.

    The kernel's signal covers the direct parent (for a forkserver's workers, the fork server,
    which itself ends with the main process); the thread covers the main process itself."""
    kill_on_parent_death()
    if not alive(pid):
        os._exit(1)
    threading.Thread(target=_watch, args=(pid, interval), daemon=True, name="lifeline").start()


def pool_worker(pid: int) -> None:
    """Initializer of pool workers: end with process ``pid``; leave Ctrl-C to the parent, which
    cancels what is queued and stops the workers itself (a terminal sends SIGINT to all)."""
    die_with(pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
