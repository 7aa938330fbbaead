// readNpy: the .npy header (magic, version, header length, dict text, shape) and the data.
#include "fuzz_support.h"
#include "densescope/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile file;
    return ds::fuzz::run([&] { ds::readNpy(file.write(data, size)); });
}
