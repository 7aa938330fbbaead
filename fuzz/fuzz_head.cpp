// A head file's reading (loadHead, --head, the window's Teach panel) up to its metadata: the
// .safetensors header read with its budgets keeping "__metadata__", then the class list, JSON
// inside a metadata string, read as loadHead reads it (at most 100,000 names). The rest of
// loadHead checks numbers against a layout; it needs the model code, which this build leaves out.
#include <torch/torch.h>

#include "binary_file.h"
#include "fuzz_support.h"
#include "state_dict_internal.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    at::set_num_threads(1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile input;
    return ds::fuzz::run([&] {
        ds::BinaryFile file(input.write(data, size));
        std::vector<std::pair<std::string, std::string>> metadata;
        ds::detail::readSafetensors(file, &metadata);
        for (const auto& [key, value] : metadata)
            if (key == "classes") ds::detail::parseJsonStringArray(value, "classes", 100'000);
    });
}
