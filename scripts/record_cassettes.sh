#!/usr/bin/env bash
# Re-record every cassette test (those marked @pytest.mark.vcr) against llama_cpp.server serving the packaged
# SmolLM2, regenerate the committed gate reports (evals/reports/smollm2-oneshot-dev*.json), check that everything
# replays offline, and stop the server. Run it after any change to the prompts, the schema, the candidates
# or the request parameters:    scripts/record_cassettes.sh  [pytest paths, default: tests/]
# Needs the [local], [server] and [test] extras; PYTHON picks the interpreter. Slow on a small CPU
# (tens of seconds per article): it is meant to run unattended.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
[ $# -gt 0 ] || set -- tests/

MODEL=$("$PY" -c 'from extractor.engines.local import default_model_path; print(default_model_path())')
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG=$(mktemp -t llama-server.XXXXXX.log)
"$PY" -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$PORT" --n_ctx 8192 \
    --model_alias smollm2 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
export EXTRACTOR_RECORD_BASE_URL="http://127.0.0.1:$PORT/v1"

ready() { "$PY" -c "import urllib.request as u; u.urlopen('$EXTRACTOR_RECORD_BASE_URL/models', timeout=2)" 2>/dev/null; }
for _ in $(seq 300); do
    ready && break
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 1
done
ready || { echo "llama_cpp.server did not come up (log: $LOG):" >&2; tail -20 "$LOG" >&2; exit 1; }

# rewrite: each test's old cassette is dropped and recorded afresh; the gate test also rewrites its reports.
"$PY" -m pytest -q -p no:cacheprovider -m vcr --record-mode=rewrite "$@"
# The test split's figures for BENCHMARKS.md (reported numbers only; never used to tune anything).
if [ "${REPORT_TEST:-1}" = 1 ]; then
    "$PY" -m extractor eval run --split test --backend openai --base-url "$EXTRACTOR_RECORD_BASE_URL" --model smollm2 \
        --structured-output json_object_schema --candidates --out evals/reports/smollm2-oneshot-test
    rm -f evals/reports/smollm2-oneshot-test/report.html evals/reports/smollm2-oneshot-test/predictions.jsonl
fi
# The real-structure test split (issue 17), one call per passage: about 70 s an article on two loaded cores, so
# only on request (REPORT_REAL_TEST=1); BENCHMARKS.md reports it beside the embedded default.
if [ "${REPORT_REAL_TEST:-0}" = 1 ]; then
    "$PY" -m extractor eval run --split test --evals-dir evals/real --backend openai --base-url "$EXTRACTOR_RECORD_BASE_URL" \
        --model smollm2 --structured-output json_object_schema --candidates --out evals/reports/smollm2-oneshot-real-test
    rm -f evals/reports/smollm2-oneshot-real-test/report.html evals/reports/smollm2-oneshot-real-test/predictions.jsonl
fi
# Then run the suite offline, as CI does: the new cassettes must replay and the new reports must match.
"$PY" -m pytest -q -p no:cacheprovider --record-mode=none -m "not embedded" "$@"
echo "re-recorded; server log: $LOG"
