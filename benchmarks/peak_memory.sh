#!/usr/bin/env bash
# Peak memory of a command summed over its whole process tree (the flow, its Prefect server and
# its worker processes): /usr/bin/time reports only the largest single process.
#
#   bash benchmarks/peak_memory.sh newsflow run --raw data/raw --out /tmp/mem-out --workers 2 --chunk-size 1
#
# Samples every 0.5 s, so a spike shorter than that can be missed; prints the peak in MB.
set -u
setsid "$@" &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  group=$(ps -o pgid= -p "$pid" | tr -d ' ')
  [ -z "$group" ] && break
  total=$(ps -e -o pgid=,rss= | awk -v g="$group" '$1 == g { s += $2 } END { print int(s / 1024) }')
  [ "$total" -gt "$peak" ] && peak=$total
  sleep 0.5
done
wait "$pid"
status=$?
echo "peak memory of the process tree: ${peak} MB (exit ${status})"
exit "$status"
