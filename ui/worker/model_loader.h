#pragma once
// The engine the inference worker owns and what loads into it: a model (a new engine when the
// device changes), its labels file and a taught head. Worker thread only; no Qt signals, no
// scheduling: the worker decides when, this decides how.
#include <QString>

#include <functional>
#include <memory>
#include <vector>

#include "densescope/engine.h"
#include "worker_types.h"

namespace ds {
struct LinearHead;
}

namespace ds::ui {

class ModelLoader {
public:
    ModelLoader();  // threads: the process's (ds::configureProcess in main())
    ~ModelLoader();
    ModelLoader(const ModelLoader&) = delete;
    ModelLoader& operator=(const ModelLoader&) = delete;

    // Loads `request`. A different device needs a new engine; the old one (and its model) stays
    // until the new one has loaded, so a failure keeps everything as it was. Throws like
    // Engine::load: ds::Cancelled once `cancelled` returns true, WeightsLayoutError, ... A labels
    // file that cannot be used does not stop the load (labelsError() says why: predictions show
    // ImageNet's names or "class N"). A taught head that fits the new model is kept.
    void load(const ModelRequest& request, const std::function<bool()>& cancelled = {});
    // Why the last load's labels file is not used (empty: it is, or none was asked for).
    const QString& labelsError() const { return m_labelsError; }
    // The loaded model for the UI, as `request` loaded it: everything but id, loadMs and
    // headDropped, which the caller knows.
    ModelInfo describe(const ModelRequest& request) const;

    // Makes `head` the engine's (null: the model's own classes again), after checking it was
    // made for the loaded backbone (`source` names it in the message). Throws ds::Error when it
    // does not fit; nothing changes then. Needs a loaded model for a head.
    void setHead(std::shared_ptr<const LinearHead> head, const QString& source);

    // The top `topk` of `logits` (from Engine::classify), labelled as the engine labels them:
    // the head's class names while a head is set, else the labels file's or ImageNet's.
    std::vector<Prediction> rank(const std::vector<float>& logits, int topk) const;

    Engine* engine() const { return m_engine.get(); }  // null before the first load
    bool loaded() const;
    bool hasLayer(const QString& layer) const;  // a capturable layer of the loaded model
    DeviceKind device() const { return m_device; }  // as the last successful load asked

private:
    std::unique_ptr<Engine> m_engine;
    DeviceKind m_device = DeviceKind::Auto;
    QString m_labelsError;
};

}  // namespace ds::ui
