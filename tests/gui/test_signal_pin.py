"""Regression test for the PySide6 pin (6.11.3).

PySide6 6.12.0 on Python 3.11 aborts the interpreter ("Fatal Python error:
bool_dealloc") after a few thousand signal emissions. The board emits a signal on
every clock tick, so a desk left open for a shift would crash.
"""

import os
import subprocess
import sys

import PySide6

EMISSIONS = 20_000

SCRIPT = f"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot


class Emitter(QObject):
    fired = Signal(int)


class Sink(QObject):
    def __init__(self):
        super().__init__()
        self.total = 0

    @Slot(int)
    def take(self, value):
        self.total += value


app = QCoreApplication(sys.argv[:1])
emitter = Emitter()
sink = Sink()
emitter.fired.connect(sink.take)
for i in range({EMISSIONS}):
    emitter.fired.emit(i)
assert sink.total == sum(range({EMISSIONS})), sink.total
print("ok")
"""


def test_many_signal_emissions_do_not_abort_the_interpreter() -> None:
    """The board must not crash the app after a few thousand clock-tick signals."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"interpreter died (rc={result.returncode}) after signal emissions:\n{result.stderr}"
    )
    assert "ok" in result.stdout


def test_pyside6_is_the_pinned_version() -> None:
    """Lifting the pin to 6.12.0 brings back the bool_dealloc crash on Python 3.11."""
    assert PySide6.__version__ == "6.11.3", (
        f"PySide6 {PySide6.__version__} is installed, but the pin is 6.11.3: PySide6 6.12.0 "
        "on Python 3.11 aborts the interpreter ('Fatal Python error: bool_dealloc') after a "
        "few thousand signal emissions. Do not lift the pin until a release is shown to "
        "survive test_many_signal_emissions_do_not_abort_the_interpreter."
    )
