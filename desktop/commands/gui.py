"""``gui [FILE...]``: the main window (the default command).

A project file given (``ReviewDesk round.rdproj``, as the file manager passes
it on double-click) is opened; report files are imported into the open project.
``--self-test`` and ``--screenshot`` drive the real window once without a
person (desktop/ui/self_test.py); they force the offscreen platform unless
QT_QPA_PLATFORM says otherwise, so they run on a server without a display.
"""

from __future__ import annotations

import argparse
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="*", help="启动后打开的报告或项目文件")
    parser.add_argument("--project", metavar="PROJECT", help="要打开的项目文件")
    parser.add_argument("--self-test", action="store_true",
                        help="自检：在后台打开主窗口，在临时项目中标注一处并核对，成功则退出码为 0")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="打开报告（FILE 或内置示例）并标注几处，把主窗口截图存为 PNG 后退出")
    parser.add_argument("--language", choices=("zh_CN", "en"),
                        help="界面语言（仅用于 --screenshot；平时在“设置”中选择）")


def run(args: argparse.Namespace) -> int:
    if args.self_test or args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.ui import self_test

        if args.self_test:
            return self_test.self_test()
        files = list(args.files or [])
        return self_test.screenshot(args.screenshot, files[0] if files else None, args.language)
    from desktop.ui.app import make_application, run_gui

    if os.environ.get("REVIEWDESK_STARTUP_PROBE") == "1":
        from desktop.ui import startup_probe

        startup_probe.install(make_application())
    if os.environ.get("REVIEWDESK_IME_PROBE") == "1":  # scripts/ime_check.sh (issue 16)
        from desktop.ui import ime_probe

        ime_probe.install(make_application())
    return run_gui(args)
