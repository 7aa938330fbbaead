// The restricted unpickler and the state-dict interpreter, both ways a pickle reaches them:
// from memory (a zip .pth's data.pkl, as readZip reads it) and as a legacy torch.save file
// (five pickles back to back, then the raw storages), through readStateDict.
#include <torch/torch.h>

#include "fuzz_support.h"
#include "pickle_reader.h"
#include "state_dict_internal.h"
#include "weights.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    at::set_num_threads(1);  // dtype conversions stay on this thread: reproducible, fast
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile file;
    ds::fuzz::run([&] {
        const std::string source = "'fuzz.pth' (archive/data.pkl)";
        ds::MemoryReader reader(reinterpret_cast<const char*>(data), size, source);
        ds::pickle::Unpickler unpickler(reader, source);
        ds::detail::interpretStateDict(unpickler.load(), source);
    });
    return ds::fuzz::run([&] { ds::readStateDict(file.write(data, size)); });
}
