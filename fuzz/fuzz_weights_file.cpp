// readStateDict on a weights file: the call the app and the CLI make. Built twice, as fuzz_zip
// (seeds: zip torch.save archives: central directory, zip64, local headers, data.pkl, data/N
// entries) and fuzz_safetensors (seeds: header length, JSON header, dtype/shape/data_offsets);
// the seeds steer the fuzzer to a format, and readStateDict detects the format from the content
// as it does for a real file.
#include <torch/torch.h>

#include "fuzz_support.h"
#include "weights.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    at::set_num_threads(1);  // dtype conversions stay on this thread: reproducible, fast
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile file;
    return ds::fuzz::run([&] { ds::readStateDict(file.write(data, size)); });
}
