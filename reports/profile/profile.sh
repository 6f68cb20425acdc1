#!/bin/bash
# usage: reports/profile/profile.sh <tag> [record]   (CLOSED=1,5 for other levels; PYSPY=path/to/py-spy)
# Drives closed-loop chats (default 5) through `make load`'s harness, reports in /tmp/prof/<tag>-load;
# with "record": py-spy, 100 Hz, 25 s flame graph (svg) then 25 s collapsed stacks of Rasa and the action server.
set -u
mkdir -p /tmp/prof
TAG=$1; RECORD=${2:-}
cd "$(dirname "$0")/../.."
export PYTHONPATH=$PWD TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore
DUR=30; [ -n "$RECORD" ] && DUR=62
.venv/bin/python -m tools.load.harness --closed ${CLOSED:-5} --open '' --duration $DUR --out /tmp/prof/$TAG-load > /tmp/prof/$TAG-harness.log 2>&1 &
H=$!
echo "harness $H"
[ -z "$RECORD" ] && { wait $H; tail -3 /tmp/prof/$TAG-harness.log; exit; }
R=; A=
until [ -n "$R" ] && [ -n "$A" ]; do sleep 1; R=$(pgrep -P $H -f "bot.rasa_server run"); A=$(pgrep -P $H -f "bot.action_server"); done
PORT=$(tr '\0' ' ' < /proc/$R/cmdline | sed 's/.*--port \([0-9]*\).*/\1/')
echo "rasa $R port $PORT actions $A"
until curl -sf http://127.0.0.1:$PORT/webhooks/rest/health >/dev/null; do sleep 1; done
sleep 6
S=${PYSPY:-py-spy}
$S record -r 100 -d 25 -o /tmp/prof/$TAG-rasa.svg --pid $R > /tmp/prof/$TAG-spy1.log 2>&1 &
$S record -r 100 -d 25 -o /tmp/prof/$TAG-actions.svg --pid $A > /tmp/prof/$TAG-spy2.log 2>&1 &
wait %2 %3
$S record -r 100 -d 25 --format raw -o /tmp/prof/$TAG-rasa.txt --pid $R > /tmp/prof/$TAG-spy3.log 2>&1 &
$S record -r 100 -d 25 --format raw -o /tmp/prof/$TAG-actions.txt --pid $A > /tmp/prof/$TAG-spy4.log 2>&1 &
wait %4 %5
wait $H
tail -3 /tmp/prof/$TAG-harness.log
