"""One run of the desktop program on one ledger: the data folder's lock, the open Database, the
background quick check, the damaged-ledger dialog, restores, drafts left by a crash, and the
daily backup at exit.

    session = Session(window, data_dir, quit=app.exit)
    session.start()        # lock, open, attach the window's pages, check in the background
    ...                    # app.exec()
    session.shutdown()     # auto_backup, close, release the lock

Only one Database is open on the GUI thread (the window's); jobs open their own. A restore
detaches the window's pages and closes that Database before the file is replaced, then opens
the restored ledger and attaches the pages again.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from . import prompts

# The dialogs of a damaged ledger, the drafts and the background jobs are imported where
# they are used: start-up draws 概览 first.
if TYPE_CHECKING:
    from ...storage import Database, LedgerLock
    from ...storage.backup import RestoreResult
    from .main_window import MainWindow

PROGRAM = "lawgov-desktop"
BACKUP_ERROR_KEY = "safety/backup_error"
EXIT_CANNOT_OPEN = 2
EXIT_IN_USE = 3


class Session(QObject):
    opened = Signal()  # a ledger is open and the window shows it (after start or a restore)

    def __init__(self, window: MainWindow, data_dir: Path | str | None,
                 quit: Callable[[int], None], quick_check: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.folder: Path | None = Path(data_dir) if data_dir else None
        self.quit = quit
        self.quick_check_enabled = quick_check
        self.db: Database | None = None
        self.lock: LedgerLock | None = None
        self.generation = 0  # bumped whenever the ledger is closed: stale job results are dropped
        self._create_confirmed = False  # the user already agreed to a new ledger in `folder`
        window.restore_requested.connect(self.restore)

    @property
    def ledger_path(self) -> Path:
        from ...storage import LEDGER_FILENAME

        assert self.folder is not None
        return self.folder / LEDGER_FILENAME

    # -- start ----------------------------------------------------------------------------

    def start(self) -> bool:
        """Lock the folder and open its ledger; False when it is not (yet) open: refused
        (quit was called) or waiting on the damaged-ledger dialog's choice."""
        from ...storage import LedgerError, LedgerInUseError, LedgerLock, default_data_dir
        from ...storage.database import user_data_dir

        if self.folder is None:
            self.folder = default_data_dir()
        # Only the per-user folder is "default": LAWGOV_DATA_DIR and --data-dir name a folder
        # by hand, and a mistyped name must not silently get an empty ledger.
        default = self.folder.absolute() == user_data_dir().absolute()
        if not (default or self._create_confirmed or self._may_create(self.folder)):
            self.quit(EXIT_CANNOT_OPEN)
            return False
        self._create_confirmed = False
        try:
            self.lock = LedgerLock(self.folder, program=PROGRAM).acquire()
        except LedgerInUseError as exc:
            prompts.error(self.window, "台账正在使用中", str(exc))
            self.quit(EXIT_IN_USE)
            return False
        except LedgerError as exc:
            prompts.error(self.window, "无法打开台账", str(exc))
            self.quit(EXIT_CANNOT_OPEN)
            return False
        from ...storage.leftovers import clean_stale

        clean_stale(self.folder)  # temporary files of a killed backup/restore/merge
        return self._open()

    def _may_create(self, folder: Path) -> bool:
        """A folder without a ledger gets a new one only when the user says so, except the
        per-user folder at its first start: a mistyped --data-dir or LAWGOV_DATA_DIR must
        not silently get an empty ledger."""
        from ...storage import LEDGER_FILENAME

        if (folder / LEDGER_FILENAME).exists():
            return True
        return prompts.confirm(
            self.window, "新建台账",
            f"文件夹“{folder}”中没有台账（{LEDGER_FILENAME}）。\n\n"
            "要在这个文件夹中新建一个空台账吗？如果台账在别处，请选择“取消”。",
            yes="新建台账", no="取消")

    def _open(self) -> bool:
        from ...storage import Database, LedgerDamagedError, LedgerError
        from ...storage.errors import classify

        try:
            db = Database.open(self.folder)
        except LedgerDamagedError as exc:
            self.damaged(str(exc), during_run=False)
            return False
        except LedgerError as exc:
            prompts.error(self.window, "无法打开台账", str(exc))
            self.quit(EXIT_CANNOT_OPEN)
            return False
        self.db = db
        try:
            # The window's first reads (years, settings, the first page) may be the first to
            # touch a damaged page: classified like any read, so the dialog is offered.
            self.window.attach(db)
        except (LedgerError, sqlite3.Error, UnicodeDecodeError) as exc:
            error = classify(exc, self.ledger_path)
            if error is None:
                raise
            self.window.db = None  # type: ignore[assignment] # never shown: no state to save
            self._close_db()
            if isinstance(error, LedgerDamagedError):
                self.damaged(str(error), during_run=False)
            else:
                prompts.error(self.window, "无法打开台账", str(error))
                self.quit(EXIT_CANNOT_OPEN)
            return False
        self._report_backup_error()
        if self.quick_check_enabled:
            QTimer.singleShot(0, self.run_quick_check)
        QTimer.singleShot(0, self.offer_drafts)
        self.opened.emit()
        return True

    def run_quick_check(self) -> None:
        """SQLite's quick check on a connection of its own, off the GUI thread."""
        from ...storage import Database, LedgerError
        from .jobs import run_job

        folder, generation = self.folder, self.generation

        def work(_none: None, progress: Any) -> list[str]:
            from ...storage import LedgerDamagedError

            try:
                with Database.open(folder) as db:
                    return db.quick_check()
            except LedgerDamagedError as exc:
                return [str(exc)]
            except (LedgerError, sqlite3.Error):
                return []  # busy, I/O: not damage; the next start checks again

        def done(problems: list[str]) -> None:
            if problems and generation == self.generation and self.db is not None:
                self.damaged("；".join(problems[:3]), during_run=True)

        run_job(self.window, "正在检查台账", work, None, done, lambda _message: None, quiet=True)

    # -- a damaged ledger -----------------------------------------------------------------

    def damaged(self, problem: str, during_run: bool) -> None:
        """The dialog, and what the user chose: restore, another folder, quit or carry on."""
        from ...storage.backup import newest_good_backup
        from ..safety import damaged_dialog

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            backup = newest_good_backup(self.folder)
        except Exception:  # listing must not turn a damaged ledger into a crash
            backup = None
        finally:
            QApplication.restoreOverrideCursor()
        choice = damaged_dialog.ask(self.window, problem, self.ledger_path, backup, during_run)
        if choice == damaged_dialog.RESTORE and backup is not None:
            self.restore(str(backup.path))
        elif choice == damaged_dialog.OTHER:
            folder = prompts.choose_folder(self.window, "选择台账所在的文件夹",
                                           str(self.folder))
            # Asked before anything is closed: declining brings the dialog back.
            if folder and self._may_create(Path(folder)):
                self._create_confirmed = True
                self.switch(folder)
            else:
                self.damaged(problem, during_run)
        elif choice == damaged_dialog.QUIT:
            self.quit(EXIT_CANNOT_OPEN)
        else:
            self.window.statusBar().showMessage(
                "台账文件有损坏：建议尽快在“设置 → 备份与恢复”中从备份恢复。")

    def switch(self, folder: Path | str) -> bool:
        """Use another data folder for the rest of this run."""
        self.close()
        self.folder = Path(folder)
        return self.start()

    # -- restore --------------------------------------------------------------------------

    def restore(self, file: str) -> None:
        """Replace the ledger by `file` (restore_from: checked, the current one kept aside)
        with every connection closed, then reopen it and show 设置 → 备份与恢复."""
        from ...storage.backup import restore_from
        from .jobs import run_job, wait_for_jobs

        self._close_db("正在恢复台账…")
        wait_for_jobs(10000)  # a job's own connection must be gone too
        folder = self.folder

        def work(_none: None, progress: Any) -> RestoreResult:
            return restore_from(folder, file)

        run_job(self.window, "正在恢复台账", work, None, self._restored, self._restore_failed,
                cancellable=False)

    def _restored(self, result: RestoreResult) -> None:
        if not self._open():
            return
        self._show_backups()
        if result.previous_damaged:
            before = f"原来的台账已损坏，已改名保存为：\n{result.previous}"
        elif result.previous:
            before = f"恢复前的台账已备份为：\n{result.previous}"
        else:
            before = ""
        prompts.info(self.window, "已恢复",
                     f"台账已恢复为这份备份：\n{result.restored.describe()}\n\n{before}".strip())

    def _restore_failed(self, message: str) -> None:
        prompts.error(self.window, "未能恢复", f"{message}\n\n台账保持原样。")
        if self._open():
            self._show_backups()

    def _show_backups(self) -> None:
        from .main_window import PAGES

        self.window.show_page(PAGES.index("settings"))
        page = self.window.pages.get("settings")
        if page is not None:
            page.show_backups()  # type: ignore[attr-defined]

    # -- drafts a crash left --------------------------------------------------------------

    def offer_drafts(self) -> None:
        from ...domain.ledgers import get_ledger, ledger_keys
        from ..safety import drafts

        if self.db is None or self.folder is None:
            return
        pending = [d for d in drafts.pending_drafts(self.folder) if d.ledger in ledger_keys()]
        if not pending:
            return
        lines = []
        for d in pending:
            ledger = get_ledger(d.ledger)
            what = f"“{d.title}”" if d.title else "（未填写标题）"
            kind = "新建" if d.record_id is None else "修改"
            lines.append(f"· {ledger.label}：{kind}{ledger.record_label}{what}，"
                         f"{d.when()} 自动保存")
        if not prompts.confirm(
                self.window, "恢复未保存的内容",
                "发现上次未保存的内容（程序上次可能没有正常关闭）：\n" + "\n".join(lines)
                + "\n\n现在打开这些表单继续编辑吗？选择“稍后”时，下次打开对应的表单会再次提示。",
                yes="恢复", no="稍后"):
            return
        for d in pending:
            if self.window.actions is None:
                return
            self.window.actions.open(d.ledger, d.record_id, restore_draft=True)

    # -- exit -----------------------------------------------------------------------------

    def _close_db(self, message: str = "正在打开台账…") -> None:
        self.generation += 1
        if self.db is not None:
            self.window.detach(message)
            self.db.close()
            self.db = None

    def close(self) -> None:
        self._close_db()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def shutdown(self, backup: bool = True) -> None:
        """At exit: today's backup (at most one a day; a failure is noted for the next start,
        never an obstacle to quitting), then close the ledger and free the folder."""
        from ...storage import LedgerError
        from ...storage.backup import auto_backup
        from .jobs import wait_for_jobs

        wait_for_jobs(10000)
        if self.db is not None and backup:
            try:
                auto_backup(self.db)
            except (LedgerError, sqlite3.Error) as exc:
                self._remember_backup_error(str(exc))
        self.close()

    def _remember_backup_error(self, message: str) -> None:
        print(f"自动备份未完成：{message}", file=sys.stderr)
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        self.window.settings.setValue(BACKUP_ERROR_KEY, f"{stamp}：{message}")
        self.window.settings.sync()

    def _report_backup_error(self) -> None:
        settings = self.window.settings
        note = settings.value(BACKUP_ERROR_KEY)
        if note:
            settings.remove(BACKUP_ERROR_KEY)
            self.window.statusBar().showMessage(
                f"上次退出时未能自动备份（{note}）。可在“设置 → 备份与恢复”中立即备份。", 30000)

