#!/usr/bin/env bash
# Issue #8: pipeline latency on the embedded target, and the fixed costs a suite run pays around its scenarios.
#
#   bash bench/pipeline.sh            # from the repository root or anywhere in it
#
# Starts the embedded emulator on port 4641 (never 4566, which the suite and other developers use), deploys a stack
# named bench1 with the trimmed zip, uploads the 800x600 diagram 50 times in sequence, times upload to
# thumbnail-visible, destroys the stack and stops the emulator, even when a step fails. Prints `figure` and `ratio`
# lines. Settings (environment): PIPELINESPECS_BENCH_PORT, PIPELINESPECS_BENCH_PREFIX, PIPELINESPECS_BENCH_UPLOADS,
# PIPELINESPECS_PYTHON (the interpreter with moto and boto3, default python3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${PIPELINESPECS_BENCH_PORT:-4641}"
prefix="${PIPELINESPECS_BENCH_PREFIX:-bench1}"
uploads="${PIPELINESPECS_BENCH_UPLOADS:-50}"
python="${PIPELINESPECS_PYTHON:-python3}"
endpoint="http://127.0.0.1:${port}"
work="build/bench"
zip="$work/publish/trimmed.zip"
exe="Function/Benchmarks/bin/Release/net10.0/Benchmarks"
image="$work/inputs/diagram-800x600.png"
mkdir -p "$work"

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

emulator_pid=""
deployed=""
cleanup() {
    local status=$?
    if [[ -n "$deployed" ]]; then
        local t; t=$(now)
        "$python" infra/stack.py destroy --prefix "$prefix" --endpoint "$endpoint" >"$work/destroy.log" 2>&1 \
            && echo "figure phase_teardown $(seconds_since "$t") s" \
            || echo "destroy failed; see $work/destroy.log" >&2
    fi
    if [[ -n "$emulator_pid" ]]; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    exit "$status"
}
trap cleanup EXIT

if curl -s -o /dev/null "$endpoint"; then
    echo "something already answers at $endpoint; stop it or set PIPELINESPECS_BENCH_PORT" >&2
    exit 2
fi

t=$(now)
dotnet build -c Release Function/Benchmarks -nologo -v q >"$work/build.log" 2>&1 \
    || { echo "building Function/Benchmarks failed; see $work/build.log" >&2; exit 1; }
"$exe" inputs >/dev/null
if [[ ! -f "$zip" ]]; then
    # Its own artifacts path, so a build of Function/ by someone else is not disturbed (as the startup step does).
    dotnet publish Function/Function.csproj -c Release -p:LambdaPublishMode=Trimmed -p:LambdaZipPath="$root/$zip" \
        --artifacts-path "$work/publish/artifacts-trimmed" -nologo >"$work/publish.log" 2>&1 \
        || { echo "publishing the function failed; see $work/publish.log" >&2; exit 1; }
fi
echo "figure phase_build $(seconds_since "$t") s"

# The handler's own time for the same image, warm, in-process: what the pipeline is compared with.
inproc_ms=$("$exe" inproc "$image" 50 | awk '$1 == "figure" && $2 == "inproc_median" { print $3 }')
echo "figure handler_inproc_median $inproc_ms ms"

t=$(now)
"$python" infra/local/emulator.py --port "$port" --log-file "$work/emulator.log" >"$work/emulator.out" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 600); do
    grep -q "ready at" "$work/emulator.out" 2>/dev/null && break
    kill -0 "$emulator_pid" 2>/dev/null || { echo "the emulator exited; see $work/emulator.log" >&2; exit 1; }
    sleep 0.1
done
grep -q "ready at" "$work/emulator.out" || { echo "the emulator did not start in 60 s" >&2; exit 1; }
echo "figure phase_emulator $(seconds_since "$t") s"

t=$(now)
deployed=yes
outputs=$("$python" infra/stack.py apply --prefix "$prefix" --endpoint "$endpoint" --zip "$zip" 2>"$work/apply.log" \
    | tail -n 1) || { echo "apply failed; see $work/apply.log" >&2; exit 1; }
echo "figure phase_deploy $(seconds_since "$t") s"

t=$(now)
"$python" bench/pipeline_latency.py --endpoint "$endpoint" --outputs "$outputs" --image "$image" \
    --count "$uploads" --inproc-ms "$inproc_ms"
echo "figure phase_uploads $(seconds_since "$t") s"
