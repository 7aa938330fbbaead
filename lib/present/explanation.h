#pragma once
// What one layer of a DenseNet does, in plain language and with the real numbers of the
// loaded configuration: the explanation panel, the tree and table tooltips and
// `densescope-cli explain` all show this. Qt Core only; computed from the configuration and
// its ModelSummary (no model, no weights). Sentences go through tr() with the context
// "ds::ui::Explanation"; numbers and module names are inserted as they are.
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>

#include "densescope/config.h"

namespace ds::ui {

struct Explanation {
    QString name;  // torchvision module name, e.g. "features.denseblock3.denselayer5"
    ds::LayerType type = ds::LayerType::Stem;
    int inputSize = 224;  // network input side the sizes and MACs are for
    int inChannels = 0;
    int inHeight = 0;
    int inWidth = 0;
    int outChannels = 0;
    int outHeight = 0;
    int outWidth = 0;
    int64_t parameters = 0;  // learnable parameters of the module (as torchvision counts them)
    int64_t macs = 0;        // multiply-accumulates of its convolutions / linear layer
    // Dense layers and dense blocks (0 elsewhere):
    int block = 0;          // 1-based dense block index; for a transition: the block before it
    int layer = 0;          // l, 1-based dense layer index within its block
    int layersInBlock = 0;  // L
    int growthRate = 0;     // k: channels each dense layer adds
    int blockInput = 0;     // k0: channels entering the block
    int blockOutput = 0;    // k0 + L·k
    int bnSize = 0;         // bottleneck factor of the dense layers
    int bottleneck = 0;     // bn_size·k: the 1×1 convolution's output channels
    // Transitions (0 elsewhere):
    double compression = 0;  // θ
    // Classifier (0 elsewhere):
    int numClasses = 0;

    QString title;           // one line, names the module
    QStringList paragraphs;  // plain text, numbers filled in
    QString formula;         // e.g. "k0 + k(l − 1) = 256 + 32 × (5 − 1) = 384"; may be empty

    QString plainText() const;  // title, paragraphs and formula, for the CLI
    QString html() const;       // the same as rich text, for the panel and tooltips

    Q_DECLARE_TR_FUNCTIONS(ds::ui::Explanation)
};

// The explanation of `layer` (a name of summary.layers). Throws ds::LayerError naming the
// layer when the model has no such module. `summary` must be summarize(config, ...).
Explanation explain(const ds::DenseNetConfig& config, const ds::ModelSummary& summary,
                    const QString& layer);

}  // namespace ds::ui
