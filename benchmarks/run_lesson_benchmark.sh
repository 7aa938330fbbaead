#!/bin/sh
# Lesson mode's figures (issue #20): the built-in lesson on densenet121 with random weights (the
# times do not depend on the weights), offscreen at 1280x720: seconds until every step is
# prepared, and p50/p95 of step changes (a key press to the step painted).
#   benchmarks/run_lesson_benchmark.sh [BUILD_DIR] [extra densescope-lesson-bench flags]
set -e
build=${1:-build}
[ $# -gt 0 ] && shift
cmake --build "$build" --target densescope-lesson-bench >/dev/null
QT_QPA_PLATFORM=offscreen "$build/benchmarks/lesson/densescope-lesson-bench" --variant densenet121 \
    --weights random --size 1280x720 --rounds 3 "$@"
