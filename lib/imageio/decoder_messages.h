#pragma once
// Keeping image decoders quiet (internal to densescope_imageio). Qt's image plugins report
// trouble through qWarning (libjpeg's "Premature end of JPEG file"); loadImage collects those
// while it decodes and names them in its error message instead of letting them reach the
// terminal. PNGs are decoded with libpng directly (png_decoder.h), whose callbacks collect
// libpng's own errors and warnings the same way.
#include <QString>
#include <QStringList>

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

}  // namespace ds::detail
