"""``gui [FILE...]``: the main window (the default command)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="*", help="启动后打开的报告或项目文件")
    parser.add_argument("--project", metavar="PROJECT", help="要打开的项目文件")


def run(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(args)
