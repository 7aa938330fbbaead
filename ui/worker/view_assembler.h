#pragma once
// The view the inference worker shows (ViewResult), assembled from what the engine returns: a
// decoded image, a forward pass's predictions and captured map, a map taken from the layers
// the engine kept, re-ranked predictions, a map in another 8-bit scaling. No engine and no
// signals here: the worker runs the engine and sends the view; this keeps it consistent and
// says whether it changed since it was last taken.
#include <QImage>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "densescope/engine.h"
#include "worker_types.h"

namespace ds::ui {

// The 8-bit form the maps should have (feature_maps.h); symmetric nullopt: automatic.
struct MapBytes {
    MapScaling scaling = MapScaling::PerChannel;
    std::optional<bool> symmetric;
};

class ViewAssembler {
public:
    const ViewResult& view() const { return m_view; }
    bool hasView() const { return m_view.id != 0; }
    bool unsent() const { return m_unsent && m_view.id != 0; }
    // The view to send (marks it sent), or nullopt when nothing changed since.
    std::optional<ViewResult> take();

    // Image request `id` gave a new image: a new view without predictions or map yet.
    void setImage(quint64 id, const QString& source, const QImage& original,
                  const QImage& networkInput, double decodeMs);
    // A forward pass for request `id` by model `modelId` (ranking head `headId`'s classes, 0:
    // the model's): its predictions, timings and first captured map (given the 8-bit form of
    // mapBytes(), its time added to timings.mapsMs). `result.logits` is not used.
    void setClassified(quint64 id, quint64 modelId, quint64 headId, ClassifyResult result);
    // Request `id` shows `map` (null: no layer), taken from the engine's kept layers in `ms`.
    void setMap(quint64 id, std::shared_ptr<const FeatureMap> map, double ms);
    // The same pass's predictions ranked again (another top-k).
    void setTop(std::vector<Prediction> top);
    // Another 8-bit form for the maps from now on (applyMapBytes, setClassified).
    void setMapBytes(const MapBytes& bytes) { m_bytes = bytes; }
    // Request `id` shows the current map in that form: a copy (the UI may be painting the
    // current one). False: no map to show.
    bool rescaleMap(quint64 id);
    const MapBytes& mapBytes() const { return m_bytes; }
    void applyMapBytes(FeatureMap& map) const;  // in the scaling of the last setMapBytes()
    // The round whose newest request is `id` is answered by the view (when there is one).
    void answer(quint64 id);

private:
    ViewResult m_view;  // m_view.id == 0: none yet
    bool m_unsent = false;
    MapBytes m_bytes;
};

}  // namespace ds::ui
