// The inference worker's taught head (Engine::setHead): requests to predict taught classes or
// the model's own, and keeping a head across engines.
#include <QCoreApplication>

#include "densescope/errors.h"
#include "densescope/teach.h"
#include "error_text.h"
#include "inference_worker.h"

namespace ds::ui {

quint64 InferenceWorker::requestHead(std::shared_ptr<const LinearHead> head, const QString& source) {
    return enqueue([&](Pending& p, quint64 id) {
        p.head = std::make_pair(id, Pending::Head{std::move(head), source});
    });
}

bool InferenceWorker::applyHead(quint64 id, const Pending::Head& request) {
    QString error;
    if (request.head && (!m_engine || !m_engine->loaded())) {
        error = tr("No model is loaded yet; wait for the model to load, then try again.");
    } else if (m_engine) {
        try {
            if (request.head)
                checkHeadBackbone(*request.head, backboneIdentity(*m_engine),
                                  request.source.toStdString());
            m_engine->setHead(request.head);
        } catch (const std::exception& e) {
            error = errorText(e);
        }
    }
    if (!error.isEmpty()) {
        emit failed(id, RequestKind::Head, error);
        return false;
    }
    m_headId = request.head ? id : 0;
    emit headApplied(id, request.head != nullptr);
    // The predictions change: the next pass computes them (the kept layers stay valid).
    m_logits.clear();
    return m_engine && m_engine->loaded() && m_image.valid();
}

void InferenceWorker::keepHeadOn(Engine& fresh) {
    // Made for another backbone: not kept, and loadModel reports it as dropped.
    if (m_engine && m_engine->head()) keepHeadIfFits(fresh, m_engine->head());
}

std::vector<Prediction> InferenceWorker::rank(int topk) const {
    if (!m_engine) return topPredictions(m_logits, topk);
    // With a head m_logits are its logits (Engine::classify): its class names label them.
    return topPredictions(m_logits, topk,
                          m_engine->head() ? m_engine->head()->classNames : m_engine->labels());
}

}  // namespace ds::ui
