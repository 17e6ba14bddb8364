"""The report's place settings (DOMAIN.md §13) as form rows: 行政级别, 本级党委政府, 党委/党组,
法制机构. Shared by the first-run dialog and 设置 so both ask the same way.

行政级别 and 本级党委政府 start as "自动": taken from the unit's name (福田区… → 区) and from the
level, shown live as the unit name is typed, and stored empty until the user picks otherwise.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from ...domain.settings import ADMIN_LEVELS, LOCAL_AUTHORITY, PARTY_BODIES, SETTINGS, report_place
from ...storage import Database

AUTO = ""


class PlaceFields:
    """Adds the rows to `form`; `unit_name` is the line edit of the unit's name (for the
    automatic level)."""

    def __init__(self, db: Database, form: QFormLayout, parent: QWidget,
                 unit_name: QLineEdit) -> None:
        self.db = db
        self.unit_name = unit_name
        self.level = QComboBox(parent)
        self.level.setObjectName("adminLevel")
        self.level.addItem("", AUTO)
        for level in ADMIN_LEVELS:
            self.level.addItem(level, level)
        self.level.setToolTip("用于报告中“在县委、县人民政府的领导下”等称谓；"
                              "“自动”按单位名称推断，推断不出时为县")
        self.authority = QLineEdit(parent)
        self.authority.setObjectName("localAuthority")
        self.authority.setToolTip("报告中本级党委政府的称谓；留空按行政级别")
        self.party = QComboBox(parent)
        self.party.setObjectName("partyBody")
        for body in PARTY_BODIES:
            self.party.addItem(body, body)
        self.party.setToolTip("本单位设党委还是党组：报告写“党委理论学习中心组”或“党组理论学习中心组”")
        self.section = QLineEdit(parent)
        self.section.setObjectName("sectionName")
        self.section.setPlaceholderText("如：政策法规科")
        form.addRow("行政级别", self.level)
        form.addRow("本级党委政府", self.authority)
        form.addRow("党委或党组", self.party)
        form.addRow(SETTINGS["section_name"].label, self.section)
        stored_level = db.get_setting("admin_level")
        self.level.setCurrentIndex(max(0, self.level.findData(stored_level)))
        self.authority.setText(db.get_setting("local_authority"))
        self.party.setCurrentIndex(max(0, self.party.findData(db.get_setting("party_body"))))
        self.section.setText(db.get_setting("section_name"))
        unit_name.textChanged.connect(self._update_auto)
        self.level.currentIndexChanged.connect(self._update_auto)
        self._update_auto()

    def _resolved(self) -> tuple[str, str]:
        values = {"unit_name": self.unit_name.text(), "admin_level": self.level.currentData(),
                  "local_authority": ""}
        place = report_place(lambda k: values.get(k, ""))
        return place.admin_level, LOCAL_AUTHORITY[place.admin_level]

    def _update_auto(self) -> None:
        level, authority = self._resolved()
        self.level.setItemText(0, f"自动（{level}）")
        self.authority.setPlaceholderText(f"留空为“{authority}”")

    def values(self) -> dict[str, str]:
        return {"admin_level": self.level.currentData(),
                "local_authority": self.authority.text().strip(),
                "party_body": self.party.currentData(),
                "section_name": self.section.text().strip() or SETTINGS["section_name"].default}
