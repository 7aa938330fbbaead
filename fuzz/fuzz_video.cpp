// ds::VideoDecoder: the quick check the window makes (check), open (the demuxer allow-list, the
// stream and size checks) and a few frames decoded and converted to RGB, then a rewind; FFmpeg's
// demuxers and decoders behind them. Seeds: tiny clips of each container and codec
// (fuzz/make_video_seeds.sh). A hang (-timeout) or a frame loop that never ends is a finding as
// much as a crash: VideoDecoder promises neither happens.
#include "fuzz_support.h"
#include "video_decoder.h"

namespace {
constexpr int kMaxFrames = 24;  // enough to reach a stream's second GOP in the seeds
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static ds::fuzz::InputFile file;
    const QString path = QString::fromStdString(file.write(data, size));
    return ds::fuzz::run([&] {
        try {
            ds::VideoDecoder::check(path);
        } catch (const ds::Error&) {
            // open() decides too: a file the check refuses must be refused by open() as well,
            // which runs next.
        }
        ds::VideoDecoder decoder;
        decoder.open(path);
        ds::VideoFrame frame;
        for (int i = 0; i < kMaxFrames && decoder.next(frame, /*convert=*/i % 3 == 0); ++i) {
        }
        decoder.rewind();
        decoder.next(frame);
    });
}
