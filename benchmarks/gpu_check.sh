#!/usr/bin/env bash
# GPU check on a machine that has only a CUDA PyTorch (no Qt, no Debian LibTorch): builds core,
# tst_gpu and densescope-bench with -DDENSESCOPE_CORE_ONLY=ON against that PyTorch's LibTorch,
# makes the torchvision fixtures, runs the GPU parity test, then the GPU benchmark at fp32, fp16
# and bf16 beside PyTorch's own CUDA timing of torchvision's densenet121. Every step has a
# timeout; the whole run stays under 8 minutes. On a machine without a GPU it still builds and
# runs the test (which reports the skip) and says that there is no GPU; exit 0 then.
#
#   benchmarks/gpu_check.sh [BUILD_DIR]      (default: build-gpu)
#   PYTHON=/path/to/python3 benchmarks/gpu_check.sh   (the python whose torch to use)
#   BUILD_TIMEOUT=900 benchmarks/gpu_check.sh         (the build step's limit, default 300 s)
#
# Needs: cmake >= 3.21, a C++17 compiler, python3 with torch, torchvision, numpy and Pillow,
# and for a CUDA PyTorch the CUDA toolkit (nvcc, cuda_runtime_api.h) matching torch.version.cuda:
# LibTorch's CMake files look for it, and DenseScope's CUDA graphs need its headers.
# Output: build log in BUILD_DIR/gpu_check.log, results on stdout and in BUILD_DIR/gpu_check.json.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-build-gpu}
case $build in /*) ;; *) build=$here/$build ;; esac
py=${PYTHON:-python3}
start=$(date +%s)
mkdir -p "$build"
log=$build/gpu_check.log
: >"$log"

step() { printf '\n== %s (%ds)\n' "$*" $(($(date +%s) - start)); }
die() { echo "gpu_check: $*" >&2; exit 2; }

step "PyTorch"
"$py" - <<'EOF' || die "$py cannot import torch (set PYTHON=...)"
import torch
cuda = torch.cuda.is_available()
print(f"torch {torch.__version__}, CUDA build {torch.version.cuda}, GPU: "
      + (torch.cuda.get_device_name(0) if cuda else "none"))
EOF
gpu=$("$py" -c 'import torch; print(int(torch.cuda.is_available()))')
prefix=$("$py" -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')
cmake_args=(-S "$here" -B "$build" -DDENSESCOPE_CORE_ONLY=ON -DCMAKE_BUILD_TYPE=Release
            -DDS_PYTHON="$(command -v "$py")")
# Debian's python3-torch has no CMake files there: its LibTorch is found without a prefix.
[ -d "$prefix" ] && cmake_args+=(-DCMAKE_PREFIX_PATH="$prefix")
command -v ninja >/dev/null && cmake_args+=(-G Ninja)
cuda_root=${CUDA_HOME:-${CUDA_PATH:-}}
[ -z "$cuda_root" ] && [ -d /usr/local/cuda ] && cuda_root=/usr/local/cuda
[ -n "$cuda_root" ] && cmake_args+=(-DCUDAToolkit_ROOT="$cuda_root" -DCUDA_TOOLKIT_ROOT_DIR="$cuda_root")

step "configure (core only)"
timeout 120 cmake "${cmake_args[@]}" >>"$log" 2>&1 || { tail -30 "$log"; die "configure failed (log: $log)"; }
grep 'DenseScope:' "$log" | tail -1

step "build core, tst_gpu, densescope-bench (-j$(nproc))"
timeout "${BUILD_TIMEOUT:-300}" cmake --build "$build" -j"$(nproc)" --target tst_gpu densescope-bench >>"$log" 2>&1 ||
    { tail -30 "$log"; die "build failed (log: $log)"; }

step "GPU parity test (fixtures from torchvision first)"
timeout 240 ctest --test-dir "$build" -R 'oracle_models|tst_gpu' --output-on-failure >>"$log" 2>&1
test_rc=$?
# tst_gpu's own report (ctest keeps it only on failure): run it again, it is quick.
timeout 120 "$build/tests/tst_gpu" "$build/tests/fixtures" | tee "$build/tst_gpu.txt"
gpu_rc=${PIPESTATUS[0]}
case $gpu_rc in
    0) echo "tst_gpu: passed" ;;
    77) echo "tst_gpu: skipped (no GPU)" ;;
    *) echo "tst_gpu: FAILED (exit $gpu_rc; ctest exit $test_rc, log: $log)" ;;
esac

if [ "$gpu" != 1 ]; then
    step "done"
    echo "No CUDA GPU on this machine: built and ran the tests (GPU checks skipped); no GPU benchmark."
    echo '{"gpu": false}' >"$build/gpu_check.json"
    exit 0
fi

step "densescope-bench on the GPU"
bench=$build/app/densescope-bench
results=()
for precision in fp32 fp16 bf16; do
    for capture in none layers; do
        out=$(timeout 120 "$bench" --device cuda --precision "$precision" --capture "$capture" \
              --warmup 10 --iterations 50 --json 2>>"$log") && results+=("$out") &&
            echo "$out" || echo "densescope-bench $precision $capture failed (log: $log)"
    done
done

step "PyTorch's own timing (torchvision densenet121, batch 1, random weights)"
torch_json=$(timeout 120 "$py" - <<'EOF' 2>>"$log"
import json, time, torch, torchvision
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.allow_tf32 = False  # fp32 as densescope-bench runs it
out = []
for name, dtype in (("fp32", torch.float32), ("fp16", torch.float16), ("bf16", torch.bfloat16)):
    m = torchvision.models.densenet121().eval().cuda().to(memory_format=torch.channels_last)
    x = torch.randn(1, 3, 224, 224, device="cuda").to(memory_format=torch.channels_last)
    with torch.inference_mode(), torch.autocast("cuda", dtype=dtype, enabled=dtype != torch.float32):
        for _ in range(10):
            m(x)
        torch.cuda.synchronize()
        ms = []
        for _ in range(50):
            t = time.perf_counter()
            m(x)
            torch.cuda.synchronize()
            ms.append((time.perf_counter() - t) * 1e3)
    ms.sort()
    out.append({"pytorch": name, "eager_median_ms": round(ms[len(ms) // 2], 3)})
print(json.dumps(out))
EOF
) && echo "$torch_json" || echo "PyTorch timing failed (log: $log)"

{
    printf '{"gpu": true, "tst_gpu_exit": %d, "bench": [' "$gpu_rc"
    (IFS=,; printf '%s' "${results[*]}")
    printf '], "pytorch": %s}\n' "${torch_json:-null}"
} >"$build/gpu_check.json"
step "done: $build/gpu_check.json"
[ "$gpu_rc" = 0 ] || exit 1
