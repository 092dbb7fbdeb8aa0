#!/usr/bin/env bash
# Issue 9's fault-injection suite at full size (the normal test run has the reduced one):
#   bash scripts/fault_suite.sh [PYTEST_ARGS...]
# 100 kill -9 trials during a real window's tagging storm, 30 s of two windows plus the
# command line on one project, 46 exports while a window tags, full disk and read-only
# disk/file/folder (as root: tmpfs mounts, otherwise skipped with the reason), foreign
# and crash journals, zero-byte project, ids and uuids. Sizes can be overridden:
#   RD_FAULT_TRIALS=N RD_FAULT_SECONDS=S RD_FAULT_EXPORTS=N bash scripts/fault_suite.sh
# To see which scenarios fail on an older commit:
#   git worktree add /tmp/old <commit> && RD_FAULT_PYTHONPATH=/tmp/old bash scripts/fault_suite.sh
# The figures (one JSON line per scenario) are written to $TMPDIR/reviewdesk-fault-figures.jsonl (or $RD_FAULT_REPORT).
set -uo pipefail
cd "$(dirname "$0")/.."
export RD_FAULT_FULL=1
export RD_FAULT_REPORT="${RD_FAULT_REPORT:-${TMPDIR:-/tmp}/reviewdesk-fault-figures.jsonl}"
: > "$RD_FAULT_REPORT"
start=$(date +%s)
python3 -m pytest -q -p no:cacheprovider -rsx tests/fault "$@"
status=$?
echo "fault suite: exit $status in $(( $(date +%s) - start )) s; figures:"
cat "$RD_FAULT_REPORT"
exit $status
