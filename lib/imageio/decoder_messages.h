#pragma once
// Keeping image decoders quiet (internal to densescope_imageio). Qt's image plugins report
// trouble through qWarning (libpng's "libpng error: IDAT: CRC error", libjpeg's "Premature end
// of JPEG file") and libpng prints its errors straight to stderr; loadImage collects both while
// it decodes and names them in its error message instead of letting them reach the terminal.
#include <QString>
#include <QStringList>

#include <cstdio>
#include <mutex>

namespace ds::detail {

// Installs (once, from loadImage's set-up) the message handler that hands this thread's
// messages to the active DecoderMessages; everything else goes to the previous handler.
void installDecoderMessageHandler();

// While alive, Qt messages from this thread are collected here instead of printed.
class DecoderMessages {
public:
    DecoderMessages();
    ~DecoderMessages();
    DecoderMessages(const DecoderMessages&) = delete;
    DecoderMessages& operator=(const DecoderMessages&) = delete;
    void add(const QStringList& more) { m_messages << more; }
    // " (libpng error: IDAT: CRC error)", or "" when the decoder said nothing.
    QString detail() const {
        return m_messages.isEmpty()
                   ? QString()
                   : QStringLiteral(" (%1)").arg(m_messages.join(QLatin1String("; ")));
    }

private:
    QStringList m_messages;
};

// While alive, file descriptor 2 points to a temporary file: Qt's PNG reader installs a
// warning handler but no error handler, so libpng prints its errors to stderr itself. finish()
// returns libpng's lines; anything else written meanwhile (another thread) is passed on to
// stderr. Captures are serialised (the app decodes on one worker thread anyway).
class StderrCapture {
public:
    StderrCapture();
    ~StderrCapture() { restore(); }
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;

    // Restores stderr; returns libpng's lines (others are written to stderr).
    QStringList finish() {
        restore();
        return m_libpng;
    }

private:
    static std::mutex& mutex();
    void restore();

    std::lock_guard<std::mutex> m_lock;
    std::FILE* m_file = nullptr;
    int m_saved = -1;
    QStringList m_libpng;
};

}  // namespace ds::detail
