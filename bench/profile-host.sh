#!/bin/bash
# Profiles the bench's host process with perf during the 64-client decisions level and the 64-client deploy-check level.
# usage: bench/profile-host.sh OUTDIR [bench options, e.g. --decision-items 6000 --large-items 20000]
# Needs /usr/bin/perf and a Release build (dotnet build -c Release bench/SignOffBot.Bench). The runtime writes
# /tmp/perf-<pid>.map (DOTNET_PerfMapEnabled) and maps JIT code plainly (DOTNET_EnableWriteXorExecute=0) so that perf
# can name JIT-compiled frames; the latter makes the tiering thread busier, so the rates of a profiled run are not results.
set -eu
out=$1; shift
mkdir -p "$out"
cd "$(dirname "$0")/.."
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet run -c Release --no-build --project bench/SignOffBot.Bench -- "$@" > "$out/bench.txt" 2>&1 &
bench=$!
record() { # the level's line printed just before the one to profile; a name for the files
  for _ in $(seq 1 3000); do grep -qE "$1" "$out/bench.txt" && break; sleep 0.1; done
  local pid
  pid=$(pgrep -f "signoffbot.dll --config" | head -1)
  sleep 0.5
  perf record -F 499 -g -p "$pid" -o "$out/$2.data" -- sleep 6 > /dev/null 2>&1
  cp "/tmp/perf-$pid.map" "$out/" 2>/dev/null || true
  perf report -i "$out/$2.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -E "^ +[0-9]" > "$out/$2.children.txt"
  perf report -i "$out/$2.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -E "^ +[0-9]" > "$out/$2.threads.txt"
}
record "decisions \(acks\) +clients +16" decisions64
record "deploy-check +clients +16" deploy64
wait $bench
echo "profiles in $out: decisions64.children.txt, deploy64.children.txt (inclusive shares of the host's samples), *.threads.txt"
