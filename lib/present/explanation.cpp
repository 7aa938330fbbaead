#include "explanation.h"

#include <cmath>

#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "human_format.h"

namespace ds::ui {

namespace {

QString size(int h, int w) { return QStringLiteral("%1 × %2").arg(h).arg(w); }

// "45,440" and "8,945,664 (8.95 M)": exact for a handout, rounded for reading aloud.
QString exact(int64_t n) { return QString::fromStdString(ds::groupedDigits(n)); }
QString withHuman(int64_t n) {
    return n < 10000 ? exact(n) : QStringLiteral("%1 (%2)").arg(exact(n), humanCount(n));
}

QString costParagraph(const Explanation& e) {
    if (e.parameters == 0 && e.macs == 0)
        return Explanation::tr("Cost: no parameters and no multiply-accumulates.");
    if (e.macs == 0)
        return Explanation::tr(
                   "Cost: %1 parameters and no multiply-accumulates (it only scales and "
                   "shifts each channel).")
            .arg(exact(e.parameters));
    return Explanation::tr(
               "Cost: %1 parameters and %2 multiply-accumulates (MACs) for a %3 × %3 input "
               "image.")
        .arg(exact(e.parameters), withHuman(e.macs))
        .arg(e.inputSize);
}

// The entry before `index` in forward order gives a module's input size (dense layers and
// their block keep the size of what enters the block).
void setInput(Explanation& e, const ds::ModelSummary& s, size_t index) {
    if (index == 0) {
        e.inHeight = e.inWidth = s.inputSize;
        return;
    }
    e.inHeight = s.layers[index - 1].height;
    e.inWidth = s.layers[index - 1].width;
}

void explainStem(Explanation& e, const ds::DenseNetConfig& c) {
    const QString stem = Explanation::tr(
        "The stem turns the image into the first feature maps: "
        "conv0 (7×7 convolution, stride 2) → norm0 (BN) → relu0 (ReLU) → "
        "pool0 (3×3 max pooling, stride 2).");
    if (e.name == QLatin1String(ds::names::kConv0)) {
        e.title = Explanation::tr("Stem convolution conv0 (%1)").arg(e.name);
        e.paragraphs << stem
                     << Explanation::tr(
                            "conv0 is a 7×7 convolution with stride 2 and padding 3. It reads "
                            "the 3 colour channels of the %1 network input and makes %2 "
                            "channels (the initial features) at %3: each output pixel sees a "
                            "7 × 7 patch of the image.")
                            .arg(size(e.inHeight, e.inWidth))
                            .arg(e.outChannels)
                            .arg(size(e.outHeight, e.outWidth));
    } else if (e.name == QLatin1String(ds::names::kNorm0)) {
        e.title = Explanation::tr("Stem batch normalization norm0 (%1)").arg(e.name);
        e.paragraphs << stem
                     << Explanation::tr(
                            "norm0 is batch normalization (BN) of conv0's %1 channels: each "
                            "channel is normalized with statistics learned in training, then "
                            "scaled and shifted by two learned numbers. The shape stays %1 × %2.")
                            .arg(e.outChannels)
                            .arg(size(e.outHeight, e.outWidth));
    } else if (e.name == QLatin1String(ds::names::kRelu0)) {
        e.title = Explanation::tr("Stem ReLU relu0 (%1)").arg(e.name);
        e.paragraphs << stem
                     << Explanation::tr(
                            "relu0 sets every negative value to zero and keeps the positive "
                            "ones. The shape stays %1 × %2.")
                            .arg(e.outChannels)
                            .arg(size(e.outHeight, e.outWidth));
    } else {
        e.title = Explanation::tr("Stem output pool0 (%1)").arg(e.name);
        e.paragraphs << stem
                     << Explanation::tr(
                            "pool0 is 3×3 max pooling with stride 2 and padding 1: it keeps "
                            "the largest value of each 3 × 3 window and halves the maps from "
                            "%1 to %2. Its %3 channels (init features, k0 of dense block 1) "
                            "are the stem's output and the input of dense block 1.")
                            .arg(size(e.inHeight, e.inWidth), size(e.outHeight, e.outWidth))
                            .arg(c.initFeatures);
    }
}

void explainDenseLayer(Explanation& e, const ds::DenseNetConfig& c) {
    const int k = e.growthRate, l = e.layer, k0 = e.blockInput;
    e.title =
        Explanation::tr("Dense layer %1 of dense block %2 (%3)").arg(l).arg(e.block).arg(e.name);
    const QString at = size(e.inHeight, e.inWidth);
    if (l == 1)
        e.paragraphs << Explanation::tr(
                            "Input: the block input alone, %1 channels at %2. This is the "
                            "first dense layer of the block, so nothing has been appended yet.")
                            .arg(k0)
                            .arg(at);
    else if (l == 2)
        e.paragraphs << Explanation::tr(
                            "Input: the block input (%1 channels) and the output of dense "
                            "layer 1 (%2 channels), concatenated along the channel axis: %3 "
                            "channels at %4.")
                            .arg(k0)
                            .arg(k)
                            .arg(e.inChannels)
                            .arg(at);
    else
        e.paragraphs << Explanation::tr(
                            "Input: the block input (%1 channels) and the outputs of dense "
                            "layers 1 to %2 (%2 × %3 = %4 channels), concatenated along the "
                            "channel axis: %5 channels at %6.")
                            .arg(k0)
                            .arg(l - 1)
                            .arg(k)
                            .arg((l - 1) * k)
                            .arg(e.inChannels)
                            .arg(at);
    e.paragraphs << Explanation::tr(
                        "Inside, in this order: BN → ReLU → 1×1 convolution to %1 channels "
                        "(the bottleneck, bn_size × k = %2 × %3) → BN → ReLU → 3×3 convolution "
                        "(padding 1) to %3 channels (= k, the growth rate). The spatial size "
                        "stays %4.")
                        .arg(e.bottleneck)
                        .arg(c.bnSize)
                        .arg(k)
                        .arg(at);
    e.paragraphs << Explanation::tr(
                        "Output: its %1 new channels are appended to the block's "
                        "concatenation, as channels %2 to %3 of the block output (%4 "
                        "channels). Every later dense layer of the block reads them.")
                        .arg(k)
                        .arg(k0 + (l - 1) * k + 1)
                        .arg(k0 + l * k)
                        .arg(e.blockOutput);
    e.formula =
        Explanation::tr("Input channels of dense layer l: k0 + k(l − 1) = %1 + %2 × (%3 − 1) = %4")
            .arg(k0)
            .arg(k)
            .arg(l)
            .arg(e.inChannels);
}

void explainDenseBlock(Explanation& e) {
    const int k = e.growthRate, k0 = e.blockInput, L = e.layersInBlock;
    e.title = Explanation::tr("Dense block %1 (%2)").arg(e.block).arg(e.name);
    e.paragraphs << Explanation::tr(
                        "Dense block %1 has L = %2 dense layers with growth rate k = %3. It "
                        "starts from k0 = %4 channels at %5. Each dense layer reads the "
                        "concatenation of everything before it in the block and appends k = %3 "
                        "new channels, so dense layer l reads k0 + k(l − 1) channels.")
                        .arg(e.block)
                        .arg(L)
                        .arg(k)
                        .arg(k0)
                        .arg(size(e.inHeight, e.inWidth));
    e.paragraphs << Explanation::tr(
                        "Output: the block input followed by the %1 × %2 new channels, "
                        "k0 + L·k = %3 channels at %4. The spatial size does not change inside "
                        "a block; the channel count does.")
                        .arg(L)
                        .arg(k)
                        .arg(e.outChannels)
                        .arg(size(e.outHeight, e.outWidth));
    e.formula = Explanation::tr("Output channels of the block: k0 + L·k = %1 + %2 × %3 = %4")
                    .arg(k0)
                    .arg(L)
                    .arg(k)
                    .arg(e.outChannels);
}

void explainTransition(Explanation& e) {
    e.title = Explanation::tr("Transition %1 (%2)").arg(e.block).arg(e.name);
    e.paragraphs << Explanation::tr(
                        "A transition sits between dense block %1 and dense block %2 and "
                        "makes the maps smaller: BN → ReLU → 1×1 convolution from %3 to %4 "
                        "channels (compression θ = %5) → 2×2 average pooling with stride 2, "
                        "from %6 to %7.")
                        .arg(e.block)
                        .arg(e.block + 1)
                        .arg(e.inChannels)
                        .arg(e.outChannels)
                        .arg(e.compression)
                        .arg(size(e.inHeight, e.inWidth), size(e.outHeight, e.outWidth));
    e.paragraphs << Explanation::tr(
                        "Its %1 channels enter dense block %2: they are that block's k0.")
                        .arg(e.outChannels)
                        .arg(e.block + 1);
    e.formula = Explanation::tr("Output channels: ⌊θ · C⌋ = ⌊%1 × %2⌋ = %3")
                    .arg(e.compression)
                    .arg(e.inChannels)
                    .arg(e.outChannels);
}

void explainHead(Explanation& e) {
    if (e.type == ds::LayerType::Classifier) {
        e.title = Explanation::tr("Classifier (%1)").arg(e.name);
        e.paragraphs << Explanation::tr(
                            "After norm5, a ReLU and global average pooling turn each of the "
                            "%1 channels (%2 maps) into one number, their average. The "
                            "classifier is a fully connected layer from these %1 numbers to "
                            "%3 class scores; softmax makes them the probabilities shown under "
                            "Predictions.")
                            .arg(e.inChannels)
                            .arg(size(e.inHeight, e.inWidth))
                            .arg(e.numClasses);
        e.formula = Explanation::tr("Parameters: %1 × %2 weights + %2 biases = %3")
                        .arg(e.inChannels)
                        .arg(e.numClasses)
                        .arg(exact(e.parameters));
        return;
    }
    e.title = Explanation::tr("Final batch normalization norm5 (%1)").arg(e.name);
    e.paragraphs << Explanation::tr(
                        "norm5 is the batch normalization (BN) of the %1 channels leaving the "
                        "last dense block, at %2. The classifier follows: ReLU, global average "
                        "pooling, and a fully connected layer to the classes.")
                        .arg(e.outChannels)
                        .arg(size(e.outHeight, e.outWidth));
}

}  // namespace

Explanation explain(const ds::DenseNetConfig& c, const ds::ModelSummary& s, const QString& layer) {
    const std::string wanted = layer.toStdString();
    size_t index = 0;
    while (index < s.layers.size() && s.layers[index].name != wanted) ++index;
    if (index == s.layers.size())
        throw ds::LayerError("This model has no layer named '" + wanted + "'.");
    const ds::LayerInfo& info = s.layers[index];

    Explanation e;
    e.name = layer;
    e.type = info.type;
    e.inputSize = s.inputSize;
    e.inChannels = info.inChannels;
    e.outChannels = info.outChannels;
    e.outHeight = info.height;
    e.outWidth = info.width;
    e.parameters = info.parameters;
    e.macs = info.macs;
    setInput(e, s, index);
    switch (info.type) {
        case ds::LayerType::DenseLayer:
        case ds::LayerType::DenseBlock: {
            const ds::LayerInfo* block = s.find(ds::names::denseBlock(info.block));
            e.block = info.block;
            e.layer = info.layerIndex;
            e.layersInBlock = c.blockConfig[size_t(info.block - 1)];
            e.growthRate = c.growthRate;
            e.blockInput = block->inChannels;
            e.blockOutput = block->outChannels;
            e.bnSize = c.bnSize;
            e.bottleneck = c.bnSize * c.growthRate;
            if (info.type == ds::LayerType::DenseLayer)
                explainDenseLayer(e, c);
            else
                explainDenseBlock(e);
            break;
        }
        case ds::LayerType::Transition:
            e.block = info.block;
            e.compression = c.compression;
            explainTransition(e);
            break;
        case ds::LayerType::Classifier:
            e.numClasses = c.numClasses;
            explainHead(e);
            break;
        case ds::LayerType::Norm:
            if (e.name == QLatin1String(ds::names::kNorm5)) {
                explainHead(e);
                break;
            }
            [[fallthrough]];
        default:
            explainStem(e, c);
            break;
    }
    e.paragraphs << costParagraph(e);
    return e;
}

QString Explanation::plainText() const {
    QString out = title + QLatin1Char('\n');
    for (const QString& p : paragraphs) out += QLatin1Char('\n') + p + QLatin1Char('\n');
    if (!formula.isEmpty()) out += QLatin1Char('\n') + formula + QLatin1Char('\n');
    return out;
}

QString Explanation::html() const {
    // "14 × 14" and "4 × 32" stay on one line when the text wraps.
    const auto escaped = [](const QString& s) {
        return s.toHtmlEscaped().replace(QStringLiteral(" × "), QStringLiteral("&nbsp;×&nbsp;"));
    };
    QString out = QStringLiteral("<p><b>%1</b></p>").arg(escaped(title));
    for (const QString& p : paragraphs) out += QStringLiteral("<p>%1</p>").arg(escaped(p));
    if (!formula.isEmpty()) out += QStringLiteral("<p><i>%1</i></p>").arg(escaped(formula));
    return out;
}

}  // namespace ds::ui
