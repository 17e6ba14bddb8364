"""Long jobs off the GUI thread: each opens its own Database and reports back by signal.

`run_job(parent, title, work, data_dir, done)` runs `work(db, progress)` on the global
QThreadPool. A progress dialog appears only if the job takes longer than half a second, and
its 取消 button makes the next `progress(...)` call raise `Cancelled`. No processEvents loops.
With `data_dir=None` the job opens no Database and `work` gets None (a restore, which must
run with every connection to the ledger closed); `quiet=True` shows no progress dialog at all
(the start-up quick check).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...storage import Database, LedgerError

SHOW_AFTER_MS = 500
Work = Callable[[Any, Callable[[str], None]], Any]  # (Database or None, progress)


class Cancelled(Exception):
    """Raised inside a job when the user pressed 取消."""


class _Signals(QObject):
    progress = Signal(str)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    def __init__(self, work: Work, data_dir: Path | None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Python side keeps it until its signals are delivered
        self.work = work
        self.data_dir = data_dir
        self.signals = _Signals()
        self.cancel_event = threading.Event()

    def progress(self, text: str) -> None:
        if self.cancel_event.is_set():
            raise Cancelled
        self.signals.progress.emit(text)

    def run(self) -> None:
        try:
            if self.data_dir is None:
                result = self.work(None, self.progress)
            else:
                with Database.open(self.data_dir) as db:
                    result = self.work(db, self.progress)
        except Cancelled:
            self.signals.failed.emit("")
        except LedgerError as exc:  # the user can act on it: no bug
            self.signals.failed.emit(str(exc))
        except OSError as exc:
            self.signals.failed.emit(f"无法写入文件：{exc.strerror or exc}")
        except Exception as exc:
            # Imported here: only an import job raises it, and start-up (the quick check is a
            # job) need not load the importer.
            from ...importing import WorkbookError

            if isinstance(exc, WorkbookError):  # an unreadable workbook: no bug either
                self.signals.failed.emit(str(exc))
                return
            traceback.print_exc()  # a bug: say so rather than dying silently in a thread
            self.signals.failed.emit(f"程序内部错误：{exc!r}")
        else:
            self.signals.finished.emit(result)


_running: set[Job] = set()


def run_job(parent: QWidget, title: str, work: Work, data_dir: Path | None,
            done: Callable[[Any], None], failed: Callable[[str], None] | None = None,
            quiet: bool = False, cancellable: bool = True) -> Job:
    """Start `work` in the background; `done(result)` or `failed(message)` runs on the GUI
    thread ("" as the message when cancelled)."""
    job = Job(work, data_dir)
    dialog: QProgressDialog | None = None
    timer: QTimer | None = None
    if not quiet:
        dialog = QProgressDialog(title, "取消", 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            dialog.canceled.connect(job.cancel_event.set)
        else:
            dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setValue(0)  # starts the minimum-duration timer
        timer = QTimer(dialog)
        timer.setSingleShot(True)
        timer.timeout.connect(dialog.show)
        timer.start(SHOW_AFTER_MS)
        job.signals.progress.connect(dialog.setLabelText)

    def finish() -> None:
        if dialog is not None and timer is not None:
            timer.stop()
            if cancellable:
                dialog.canceled.disconnect(job.cancel_event.set)
            dialog.close()
            dialog.deleteLater()
        _running.discard(job)

    def on_done(result: Any) -> None:
        finish()
        done(result)

    def on_failed(message: str) -> None:
        finish()
        if failed:
            failed(message)

    job.signals.finished.connect(on_done)
    job.signals.failed.connect(on_failed)
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return job


def wait_for_jobs(timeout_ms: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
