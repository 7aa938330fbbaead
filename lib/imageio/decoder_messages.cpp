#include "decoder_messages.h"

#include <QByteArray>

#include <unistd.h>

namespace ds::detail {
namespace {

thread_local QStringList* t_decoderMessages = nullptr;
QtMessageHandler g_previousHandler = nullptr;

void collectDecoderMessages(QtMsgType type, const QMessageLogContext& context,
                            const QString& message) {
    if (t_decoderMessages && type != QtFatalMsg) {
        t_decoderMessages->append(message);
        return;
    }
    if (g_previousHandler) g_previousHandler(type, context, message);
}

}  // namespace

void installDecoderMessageHandler() {
    g_previousHandler = qInstallMessageHandler(collectDecoderMessages);
}

DecoderMessages::DecoderMessages() { t_decoderMessages = &m_messages; }
DecoderMessages::~DecoderMessages() { t_decoderMessages = nullptr; }

StderrCapture::StderrCapture() : m_lock(mutex()) {
    std::fflush(stderr);
    m_file = std::tmpfile();
    if (!m_file) return;
    m_saved = ::dup(STDERR_FILENO);
    if (m_saved < 0 || ::dup2(fileno(m_file), STDERR_FILENO) < 0) restore();
}

std::mutex& StderrCapture::mutex() {
    static std::mutex m;
    return m;
}

void StderrCapture::restore() {
    if (m_saved >= 0) {
        std::fflush(stderr);
        ::dup2(m_saved, STDERR_FILENO);
        ::close(m_saved);
        m_saved = -1;
        std::rewind(m_file);
        QByteArray others;
        char line[1024];
        while (std::fgets(line, sizeof line, m_file)) {
            const QByteArray text(line);
            if (text.startsWith("libpng "))
                m_libpng << QString::fromLocal8Bit(text.trimmed());
            else
                others += text;
        }
        if (!others.isEmpty()) {
            std::fwrite(others.constData(), 1, size_t(others.size()), stderr);
            std::fflush(stderr);
        }
    }
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
}

}  // namespace ds::detail
