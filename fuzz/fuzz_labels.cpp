// readLabels: a labels file (--labels, the window's Labels…): byte order mark, UTF-8 check,
// line breaks, blank lines, the line count.
#include "densescope/engine.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile file;
    return ds::fuzz::run([&] { ds::readLabels(file.write(data, size)); });
}
