// The inference worker's taught head (Engine::setHead, through ModelLoader::setHead): requests
// to predict taught classes or the model's own.
#include "densescope/teach.h"
#include "error_text.h"
#include "inference_worker.h"

namespace ds::ui {

bool InferenceWorker::applyHead(quint64 id, const std::shared_ptr<const LinearHead>& head,
                                const QString& source) {
    QString error;
    if (head && !m_loader.loaded()) {
        error = tr("No model is loaded yet; wait for the model to load, then try again.");
    } else if (m_loader.engine()) {
        try {
            m_loader.setHead(head, source);
        } catch (const std::exception& e) {
            error = errorText(e);
        }
    }
    if (!error.isEmpty()) {
        emit failed(id, RequestKind::Head, error);
        return false;
    }
    m_headId = head ? id : 0;
    emit headApplied(id, head != nullptr);
    // The predictions change: the next pass computes them (the kept layers stay valid).
    m_logits.clear();
    return m_loader.loaded() && m_image.valid();
}

}  // namespace ds::ui
