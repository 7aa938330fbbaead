#include "decoder_messages.h"

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

}  // namespace ds::detail
