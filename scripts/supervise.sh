#!/usr/bin/env bash
# Keep one process of `make run` running: `scripts/supervise.sh NAME COMMAND...` (Procfile).
#
# honcho stops every process when one exits, so a worker killed by the kernel or a beat that
# lost Redis would take the web server down with it. Here a process that exits is started
# again after 1 s, then 2, 4, 8, 16, 30 s (capped) while it keeps failing; a run that lasted
# a minute counts as healthy and the next restart waits 1 s again. Each restart is logged.
# A TERM, INT or HUP (honcho stopping, Ctrl-C) stops the process and this loop for good.
set -uo pipefail

name=$1
shift
child=""
stopping=""
stop() {
  stopping=1
  if [[ -n $child ]]; then kill -TERM "$child" 2>/dev/null; fi
}
trap stop TERM INT HUP

# Run "$@" in the background and wait for it: a signal then reaches the trap at once (bash
# runs traps only between commands). Sets $status to how it ended.
run_and_wait() {
  "$@" &
  child=$!
  wait "$child"
  status=$?
  while kill -0 "$child" 2>/dev/null; do # wait was interrupted by a signal: wait for the end
    wait "$child"
    status=$?
  done
  child=""
}

delay=1
while true; do
  started=$SECONDS
  run_and_wait "$@"
  [[ -n $stopping ]] && exit 0
  if ((SECONDS - started >= 60)); then delay=1; fi
  echo "run: $name exited with $status, restarting in $delay s" >&2
  run_and_wait sleep "$delay"
  [[ -n $stopping ]] && exit 0
  delay=$((delay * 2 > 30 ? 30 : delay * 2))
done
