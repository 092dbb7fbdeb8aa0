"""Scoring rules (考评细则) as data: a rubric file of criteria with maximum points.

Rules differ from county to county, so a rubric is a plain JSON or TOML file
the office can edit (README documents the format). The project keeps its own
copy (see desktop.store.scoring), so scores stay readable when the file changes.
TOML needs Python 3.11's tomllib (or the tomli package); JSON always works.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop.errors import ReviewDeskError
from desktop.resources import resource_path

try:  # Python >= 3.11
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    try:
        import tomli as _toml  # type: ignore[no-redef]
    except ModuleNotFoundError:
        _toml = None  # type: ignore[assignment]

_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_CRITERION_KEYS = {"id", "title", "max_points", "description", "group", "deduction"}
_TOP_KEYS = {"name", "total", "criteria", "version", "description"}


class RubricError(ReviewDeskError):
    """A rubric file that cannot be used; the message says what to fix."""

    kind = "rubric"


@dataclass(frozen=True)
class Criterion:
    """One line of the scoring rules."""

    id: str
    title: str
    max_points: float
    description: str = ""
    group: str = ""
    deduction: str = ""


@dataclass(frozen=True)
class Rubric:
    name: str
    criteria: tuple[Criterion, ...]

    @property
    def total_max(self) -> float:
        return float(sum(c.max_points for c in self.criteria))

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the same shape a .json rubric file has)."""
        return {
            "name": self.name,
            "criteria": [
                {k: v for k, v in asdict(c).items() if v != "" or k in ("id", "title")}
                for c in self.criteria
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def rubric_from_data(data: Any, *, source: str = "") -> Rubric:
    """Validates parsed JSON/TOML data; every problem is reported in Chinese."""
    where = f"{source}：" if source else ""

    def bad(msg: str) -> RubricError:
        return RubricError(where + msg)

    if not isinstance(data, dict):
        raise bad("细则文件的顶层必须是一个对象（含 name 和 criteria）。")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise bad(f"不认识的字段：{'、'.join(sorted(unknown))}（可用字段：name、total、criteria）。")
    name = data.get("name", "")
    if not isinstance(name, str) or not name.strip():
        raise bad("缺少细则名称（name）。")
    items = data.get("criteria")
    if not isinstance(items, list) or not items:
        raise bad("细则中没有任何评分项（criteria）。")
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise bad(f"第 {n} 个评分项不是对象。")
        unknown = set(item) - _CRITERION_KEYS
        if unknown:
            raise bad(f"第 {n} 个评分项有不认识的字段：{'、'.join(sorted(unknown))}"
                      "（可用字段：id、title、max_points、description、group、deduction）。")
        cid = item.get("id")
        if not isinstance(cid, str) or not _ID.match(cid):
            raise bad(f"第 {n} 个评分项的编号（id）缺失或不合法：只能用字母、数字、下划线、点和连字符。")
        if cid in seen:
            raise bad(f"评分项编号重复：{cid}。")
        seen.add(cid)
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise bad(f"评分项 {cid} 缺少标题（title）。")
        points = item.get("max_points")
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points) \
                or points <= 0:
            raise bad(f"评分项 {cid} 的满分（max_points）必须是大于 0 的数。")
        texts = {}
        for key in ("description", "group", "deduction"):
            value = item.get(key, "")
            if not isinstance(value, str):
                raise bad(f"评分项 {cid} 的 {key} 必须是文字。")
            texts[key] = value.strip()
        criteria.append(Criterion(cid, title.strip(), float(points), **texts))
    rubric = Rubric(name.strip(), tuple(criteria))
    total = data.get("total")
    if total is not None:
        if isinstance(total, bool) or not isinstance(total, (int, float)):
            raise bad("总分（total）必须是数字。")
        if abs(float(total) - rubric.total_max) > 1e-6:
            raise bad(f"各评分项满分合计 {rubric.total_max:g} 分，与细则声明的总分 {float(total):g} 分不符。")
    return rubric


def load_rubric(path: str | Path) -> Rubric:
    """Reads a .json or .toml rubric file; raises RubricError (kind "rubric")."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RubricError(f"找不到评分细则文件：{path}") from None
    except OSError as exc:
        raise RubricError(f"无法读取评分细则文件：{path}（{exc.strerror}）") from None
    suffix = path.suffix.lower()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RubricError(f"{path.name}：评分细则文件必须是 UTF-8 编码。") from None
    if suffix == ".toml":
        if _toml is None:
            raise RubricError("读取 TOML 细则需要 Python 3.11 或 tomli 包；请改用 JSON 格式。")
        try:
            data = _toml.loads(text)
        except _toml.TOMLDecodeError as exc:
            raise RubricError(f"{path.name}：TOML 格式错误（{exc}）。") from None
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RubricError(f"{path.name}：JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）。") from None
    else:
        raise RubricError(f"{path.name}：评分细则只能是 .json 或 .toml 文件。")
    return rubric_from_data(data, source=path.name)


def rubric_from_json(text: str) -> Rubric:
    """The rubric a project stored (Rubric.to_json)."""
    return rubric_from_data(json.loads(text))


def default_rubric() -> Rubric:
    """The rubric shipped in resources/rubrics (TOML, or its JSON twin on 3.10)."""
    folder = resource_path("rubrics")
    toml_file = folder / "default.toml"
    if _toml is not None and toml_file.exists():
        return load_rubric(toml_file)
    return load_rubric(folder / "default.json")
