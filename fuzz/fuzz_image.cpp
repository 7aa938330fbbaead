// loadImage: the checks DenseScope makes before and after decoding (JPEG end-marker walk,
// declared and decoded pixel counts, format detection and its messages), with the PNG decoder
// (lib/imageio/png_decoder.cpp on the installed libpng: its callbacks, setjmp/longjmp, limits)
// and Qt's decoders for the other formats behind them. A small pixel limit keeps a lying header
// from making the fuzzer decode 100 MP.
#include <QCoreApplication>

#include "fuzz_support.h"
#include "image_io.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    // Qt's JPEG, GIF and ICO readers are plugins, found through the application.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile file;
    ds::ImageLoadOptions options;
    options.maxPixels = 1 << 20;
    return ds::fuzz::run(
        [&] { ds::loadImage(QString::fromStdString(file.write(data, size)), options); });
}
