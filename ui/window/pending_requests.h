#pragma once
// Which of the window's requests the worker has not answered yet, by kind, so the panels that
// show their answers can be marked as out of date (stale_marks.h) until they are current.
//
// Request ids grow; a newer request of a kind supersedes an older one (inference_worker.h),
// so one id per kind is enough: an answer clears its kind only when it is at least as new as
// the pending request. A view answers every request up to its id (ViewResult::id).
#include <QtGlobal>

namespace ds::ui {

struct PendingRequests {
    quint64 model = 0;  // 0: none pending
    quint64 image = 0;
    quint64 layer = 0;
    quint64 forward = 0;  // a model was shown: its predictions and maps are still coming

    bool any() const { return model || image || layer || forward; }
    quint64 newest() const { return qMax(qMax(model, forward), qMax(image, layer)); }
    bool viewStale() const { return model || image || forward; }  // predictions and maps
    // A view with this id leaves newer requests unanswered: showing it would mix old and new.
    bool supersedes(quint64 viewId) const { return newest() > viewId; }
    void answeredUpTo(quint64 id) {
        if (model && model <= id) model = 0;
        if (image && image <= id) image = 0;
        if (layer && layer <= id) layer = 0;
        if (forward && forward <= id) forward = 0;
    }
    void clear() { *this = {}; }
};

}  // namespace ds::ui
