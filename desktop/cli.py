"""Command line: ``python -m desktop [command]``; with no command the GUI starts.

Each command lives in ``desktop/commands/<name>.py`` with ``add_arguments(parser)``
and ``run(args) -> int``. Exit codes: 0 success, 2 bad input (with one
``error: <kind>: <message>`` line on stderr), 1 anything unexpected.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import sys
import warnings
from typing import Callable

from desktop import __version__


def _export_help() -> str:
    from desktop.export import choices

    return f"导出评阅汇总（{'、'.join(choices())}）"


#: command name -> (module under desktop.commands, one-line help in Chinese, or a
#: function making it from a registry when the command is listed)
COMMANDS: dict[str, tuple[str, str | Callable[[], str]]] = {
    "gui": ("gui", "启动图形界面（默认）"),
    "extract": ("extract", "输出文件的规范文本（UTF-8）"),
    "import": ("import_files", "把文件或文件夹导入项目（项目不存在则新建）"),
    "check": ("check", "检查报告是否包含法定的五个部分"),
    "export": ("export", _export_help),
    "import-annotations": ("import_annotations", "从 W3C Web Annotation JSON 文件导入标注"),
    "replace": ("replace", "用新文件替换项目中的一份报告（保留旧版本，重新定位标注）"),
    "backups": ("backups", "列出项目的自动备份"),
    "restore": ("restore", "从备份恢复项目（先备份当前文件）"),
    # issue 13; each is listed only once its module exists (see _available)
    "suggest": ("suggest", "列出报告中建议标注的语句（举措、数据、不足）"),
    "flags": ("flags", "列出报告的质量问题（模板占位符、文件名称有误、雷同段落等）"),
    # issue 14
    "merge": ("merge", "把其他评阅人的项目合并进本项目（按内容匹配报告，按标识匹配标注）"),
    "agreement": ("agreement", "计算评阅人之间的标注一致性（Cohen κ、Krippendorff α）"),
    "search": ("search", "在项目的全部报告中搜索文字"),
    "compare": ("compare", "比较同一单位两份报告，列出沿用、修改和新增的段落"),
}


def _available() -> dict[str, tuple[str, str | Callable[[], str]]]:
    out = {}
    for name, (module, help_text) in COMMANDS.items():
        if importlib.util.find_spec(f"desktop.commands.{module}") is not None:
            out[name] = (module, help_text)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewdesk",
        description="评阅台：法治政府建设年度报告评阅工具",
    )
    parser.add_argument("--version", action="version", version=f"ReviewDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module, help_text) in _available().items():
        if callable(help_text):
            help_text = help_text()
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(f"desktop.commands.{module}").add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_stdio()
    commands = _available()
    # No command, or only paths/options: the GUI (``reviewdesk report.docx`` opens it).
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help", "--version")):
        argv = ["gui", *argv]
    args = build_parser().parse_args(argv)
    if args._module != "gui":
        _quiet_libraries()
    module = importlib.import_module(f"desktop.commands.{args._module}")
    try:
        status = int(module.run(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``… | head``): what it wanted was printed. Point
        # stdout at the null device so the interpreter's final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return status


def _quiet_libraries() -> None:
    """Library warnings (pdfminer's "Cannot set gray non-stroke color", Python
    warnings) go to a log file, never to stderr: stderr holds our own one
    ``error:`` line per failure and nothing on a successful run."""
    handler: logging.Handler
    try:
        from desktop.store.backups import user_data_dir

        folder = user_data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(folder / "cli.log", encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    warnings.simplefilter("default")


def _utf8_stdio() -> None:
    """Chinese output must not depend on the console's code page (Windows cp936)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
