// densescope-cli classify --video: the sampled frames of a video file, decoded with the app's
// own decoder (lib/media/video_decoder.h), so the CLI and live mode see the same frames.
#include <QElapsedTimer>
#include <QJsonArray>

#include "cli_classify.h"
#include "cli_common.h"
#include "image_io.h"
#include "video_decoder.h"

namespace cli {
namespace {

// Unknown numbers (0 in ds::VideoInfo) are null in JSON.
QJsonValue orNull(double v) { return v > 0 ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

QJsonObject videoJson(const ds::VideoInfo& info) {
    return QJsonObject{{"path", info.path},
                       {"width", info.width},
                       {"height", info.height},
                       {"fps", orNull(info.fps)},
                       {"duration_s", orNull(info.durationS)},
                       {"frame_count", info.frameCount > 0 ? QJsonValue(double(info.frameCount))
                                                           : QJsonValue(QJsonValue::Null)},
                       {"codec", info.codec},
                       {"container", info.container}};
}

QString videoText(const ds::VideoInfo& info, int every) {
    QString text = QStringLiteral("video: %1, %2 x %3, %4")
                       .arg(info.path)
                       .arg(info.width)
                       .arg(info.height)
                       .arg(info.codec);
    if (info.fps > 0) text += QStringLiteral(", %1 fps").arg(info.fps, 0, 'g', 4);
    if (info.durationS > 0) text += QStringLiteral(", %1").arg(ds::formatVideoTime(info.durationS));
    if (info.frameCount > 0) text += QStringLiteral(", %1 frames").arg(info.frameCount);
    if (every > 1) text += QStringLiteral("; classifying frames 0, %1, %2, ...").arg(every).arg(2 * every);
    return text + QLatin1Char('\n');
}

}  // namespace

int classifyVideo(ds::Engine& engine, const VideoRequest& request, QJsonObject out) {
    ds::VideoDecoder decoder;
    QJsonArray results;
    qint64 classified = 0;
    QString error;
    std::vector<std::string> capture;
    if (!request.layer.empty()) capture.push_back(request.layer);
    out.insert("video", QJsonObject{{"path", request.path}});
    out.insert("every", request.every);
    try {
        decoder.open(request.path);
        out.insert("video", videoJson(decoder.info()));
        if (!request.json) printOut(videoText(decoder.info(), request.every));
        ds::VideoFrame frame;
        QElapsedTimer timer;
        for (;;) {
            // Frames are numbered in decoding order from 0: the next one is decodedFrames().
            const bool sampled = decoder.decodedFrames() % request.every == 0;
            timer.start();
            if (!decoder.next(frame, /*convert=*/sampled)) break;
            if (!sampled) continue;
            Timings t;
            const ds::RgbImage image = ds::fromQImage(frame.image);
            t.decodeMs = double(timer.nsecsElapsed()) / 1e6;  // decoding and RGB conversion
            ds::ClassifyResult result = engine.classify(image, request.topk, capture);
            t.preprocessMs = result.timings.preprocessMs;
            t.forwardMs = result.timings.forwardMs;
            if (!result.maps.empty()) t.mapsMs = result.timings.mapsMs;
            if (!request.timings) t = Timings{};
            ++classified;
            if (request.json) {
                QJsonObject entry{{"frame", double(frame.index)}, {"time_s", frame.timeS}};
                addTopJson(entry, result.top, t);
                results.append(entry);
            } else {
                printOut(QStringLiteral("frame %1 at %2\n")
                             .arg(frame.index)
                             .arg(ds::formatVideoTime(frame.timeS)) +
                         topText(result.top, t));
            }
        }
    } catch (const std::bad_alloc&) {
        error = QStringLiteral("Out of memory while classifying the frames of '%1'.").arg(request.path);
    } catch (const std::exception& e) {
        // VideoError names the file and says what to do; others (inference) get it prepended.
        error = qs(e.what());
        if (!error.contains(request.path))
            error = QStringLiteral("'%1', frame %2: %3").arg(request.path).arg(decoder.decodedFrames() - 1).arg(error);
    }
    if (decoder.skippedPackets() > 0)
        printErr(QStringLiteral("note: %1 damaged packet%2 of '%3' could not be decoded and %4 skipped.")
                     .arg(decoder.skippedPackets())
                     .arg(decoder.skippedPackets() == 1 ? "" : "s")
                     .arg(request.path)
                     .arg(decoder.skippedPackets() == 1 ? "was" : "were"));
    // A file cut short ends early without an error (as players do): say so when the container
    // promised clearly more frames (its count may be an estimate from duration x fps).
    const qint64 promised = decoder.isOpen() ? decoder.info().frameCount : 0;
    if (error.isEmpty() && promised > 0 && decoder.decodedFrames() + 2 <= promised * 9 / 10)
        printErr(QStringLiteral("note: '%1' ended after %2 of the %3 frames it announces; the file "
                                "may be truncated.")
                     .arg(request.path)
                     .arg(decoder.decodedFrames())
                     .arg(promised));
    if (request.json) {
        out.insert("frames_decoded", double(decoder.decodedFrames()));
        out.insert("skipped_packets", double(decoder.skippedPackets()));
        out.insert("results", results);
        if (!error.isEmpty()) out.insert("error", error);
        printJson(out);
    } else if (error.isEmpty()) {
        printOut(QStringLiteral("%1 frame%2 decoded, %3 classified\n")
                     .arg(decoder.decodedFrames())
                     .arg(decoder.decodedFrames() == 1 ? "" : "s")
                     .arg(classified));
    }
    if (!error.isEmpty()) printErr(error);
    return error.isEmpty() ? kExitOk : kExitSomeFailed;
}

}  // namespace cli
