// loadImage: the checks DenseScope makes before and after Qt decodes (JPEG end-marker walk,
// declared and decoded pixel counts, format detection and its messages), with Qt's decoders
// behind them. A small pixel limit keeps a lying header from making the fuzzer decode 100 MP.
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
