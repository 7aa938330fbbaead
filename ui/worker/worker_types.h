#pragma once
// The inference worker's value types: what the UI asks for (ModelRequest) and what comes back
// (ModelInfo, ViewResult), without the worker. No tensors: plain values that queued signals copy.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "densescope/config.h"
#include "densescope/engine.h"

namespace ds::ui {

enum class RequestKind { Model, Image, Layer, TopK, MapBytes, Analysis, Head };

struct ModelRequest {
    DenseNetConfig config;
    QString weights =
        QStringLiteral("random");  // weights spec: random, random:SEED, imagenet, a path
    DeviceKind device = DeviceKind::Auto;
    // A labels file naming the classes (ds::readLabels); empty: ImageNet's names or "class N".
    QString labels;
};

// Everything the UI needs to show the loaded model (no tensors).
struct ModelInfo {
    quint64 id = 0;
    DenseNetConfig config;
    ModelSummary summary;
    QString weightsSpec;                   // as requested
    QString weightsDescription;            // weightsText(): in the UI's language
    bool randomWeights = false;            // untrained: predictions are meaningless
    DeviceKind device = DeviceKind::Auto;  // as requested
    QString deviceName;                    // "cpu" | "cuda"
    QString deviceDescription;             // deviceText(): "CPU, 2 threads"
    QStringList layers;                    // Engine::capturableLayers()
    double loadMs = 0;
    QStringList weightsNotes;  // weightsNotes(): a stripped key prefix, classes from the file
    QString labels;            // the labels file in use (empty: none)
    QString labelsError;       // why the requested labels file is not used (the model loaded)
    // The taught classes in use (requestHead) were made for another backbone: this load
    // dropped them, predictions are the model's own classes again.
    bool headDropped = false;
    // What the descriptions above are made from, so that the window words them again when
    // the language changes (engine_text.h: describeAgain).
    Engine::WeightsSource weightsSource;
    QString engineDeviceDescription;  // Engine::deviceDescription() (a GPU's name)
    int threads = 0;
};

// The state the UI shows: current image, its predictions and the selected layer's map.
struct ViewResult {
    quint64 id = 0;       // the newest request this view reflects
    quint64 modelId = 0;  // ModelInfo::id of the model that computed it
    quint64 imageId = 0;  // id of the image request that produced the current image
    QString source;       // file path, resource path or "clipboard"
    QImage original;      // as decoded
    QImage networkInput;  // the exact 224 x 224 crop the network sees (ds::networkInputImage)
    std::vector<Prediction> top;
    // The requestHead() whose taught classes `top` ranks; 0: the model's own classes.
    quint64 headId = 0;
    // null when no layer was requested. Its statistics and 8-bit form (bytes) come from the
    // engine's fused pass, in the scaling of the last requestMapBytes().
    std::shared_ptr<const FeatureMap> map;
    Timings timings;
    double decodeMs = 0;
};

}  // namespace ds::ui

Q_DECLARE_METATYPE(ds::ui::RequestKind)
Q_DECLARE_METATYPE(ds::ui::ModelInfo)
Q_DECLARE_METATYPE(ds::ui::ModelRequest)
Q_DECLARE_METATYPE(ds::ui::ViewResult)
