#include "builtin_lesson.h"

#include <QCoreApplication>
#include <QTranslator>

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>

#include "densescope/errors.h"
#include "i18n.h"

namespace ds::ui {
namespace {

// The words of the built-in lesson, in the language asked for.
class Words {
public:
    explicit Words(const QString& language) : m_language(language) {}
    QString operator()(const char* source) const {
        return translatedFor(m_language, "ds::ui::BuiltinLesson", source);
    }

private:
    QString m_language;
};

QString grouped(int64_t n) { return QString::fromStdString(ds::groupedDigits(n)); }

QString blockName(int b) { return QStringLiteral("features.denseblock%1").arg(b); }

// The numbers the notes quote, from the config's summary (as torchvision counts them).
struct Numbers {
    ds::DenseNetConfig config;
    ds::ModelSummary summary;
    int blocks = 0;
    int k = 0;
    QVector<int> blockIn, blockOut, blockSize, transitionOut, layers;
    int stemSize = 0;
    int finalChannels = 0;
    int weightedLayers = 0;  // convolutions and the classifier: the "121" of DenseNet-121

    explicit Numbers(const ds::DenseNetConfig& c) : config(c), summary(ds::summarize(c, 224)) {
        blocks = int(c.blockConfig.size());
        k = c.growthRate;
        for (int b = 1; b <= blocks; ++b) {
            const ds::LayerInfo* block = summary.find(blockName(b).toStdString());
            blockIn << (block ? block->inChannels : 0);
            blockOut << (block ? block->outChannels : 0);
            blockSize << (block ? block->height : 0);
            layers << c.blockConfig[size_t(b - 1)];
            const ds::LayerInfo* t =
                summary.find(QStringLiteral("features.transition%1").arg(b).toStdString());
            transitionOut << (t ? t->outChannels : 0);
        }
        if (const ds::LayerInfo* pool = summary.find("features.pool0")) stemSize = pool->height;
        finalChannels = blockOut.isEmpty() ? 0 : blockOut.last();
        const int denseLayers = std::accumulate(layers.begin(), layers.end(), 0);
        weightedLayers = 1 + 2 * denseLayers + (blocks - 1) + 1;
    }
    int bottleneck() const { return config.bnSize * k; }
    QString theta() const { return QString::number(config.compression); }
};

QString joined(const QVector<int>& values, const QString& separator = QStringLiteral(", ")) {
    QStringList parts;
    for (int v : values) parts << QString::number(v);
    return parts.join(separator);
}

LessonStep step(LessonStepKind kind, const QString& title, const QString& note) {
    LessonStep s;
    s.kind = kind;
    s.title = title;
    s.note = note;
    return s;
}

}  // namespace

QString translatedFor(const QString& language, const char* context, const char* source) {
    // One translator per language, kept: installing one would retranslate every open window.
    static std::map<QString, std::unique_ptr<QTranslator>> translators;
    const QString lang = language.isEmpty() ? ds::i18n::currentLanguage() : language;
    if (lang != QLatin1String("en")) {
        auto it = translators.find(lang);
        if (it == translators.end()) {
            auto translator = std::make_unique<QTranslator>();
            if (!translator->load(QStringLiteral(":/i18n/densescope_%1.qm").arg(lang)))
                translator.reset();
            it = translators.emplace(lang, std::move(translator)).first;
        }
        if (it->second) {
            const QString t = it->second->translate(context, source);
            if (!t.isEmpty()) return t;
        }
    }
    return QString::fromUtf8(source);
}

Lesson builtinLesson(const ds::DenseNetConfig& config, const QString& language) {
    config.validate();
    const Words say(language);
    const Numbers n(config);
    const auto& variants = ds::DenseNetConfig::variantNames();
    const bool named = std::find(variants.begin(), variants.end(), config.name) != variants.end() &&
                       ds::DenseNetConfig::variant(config.name) == config;
    const QString model = named ? QString::fromStdString(config.name) : say(QT_TRANSLATE_NOOP(
                                                                            "ds::ui::BuiltinLesson",
                                                                            "this DenseNet"));
    Lesson lesson;
    lesson.language = language.isEmpty() ? ds::i18n::currentLanguage() : language;
    lesson.variant = named ? QString::fromStdString(config.name) : QString();
    lesson.title = say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "DenseNet, step by step (%1)"))
                       .arg(model);

    const int last = n.blocks;
    const int mid = std::min(3, n.blocks);  // the block whose late layers are wide
    const int l1 = std::min(3, n.layers[0]);

    lesson.steps << step(
        LessonStepKind::Image,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "A picture and its guess")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "This is %1: %2 layers with weights and %3 parameters. It reads a "
                             "224 × 224 image and gives a probability for each of its %4 "
                             "classes. Today we look inside, one step at a time."))
            .arg(model)
            .arg(n.weightedLayers)
            .arg(grouped(n.summary.parameters))
            .arg(config.numClasses));

    LessonStep why = step(
        LessonStepKind::Node,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Why connect every layer?")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "In a plain network each layer reads only the layer before it. In a "
                             "Dense Block each layer reads the feature maps of every earlier "
                             "layer, concatenated along the channel axis. Features are reused "
                             "instead of learned again and the gradient reaches early layers "
                             "directly, so each layer can stay narrow: it adds only k = %1 "
                             "channels."))
            .arg(n.k));
    why.layer = blockName(1);
    lesson.steps << why;

    LessonStep layer = step(
        LessonStepKind::Node, say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "The Dense Layer")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "Dense Layer %1 of Dense Block 1 reads k0 + k(l − 1) = %2 + %3 × %4 "
                             "= %5 channels: the block's input and the outputs of the %4 Dense "
                             "Layers before it. It applies BN → ReLU → Conv twice and makes k = "
                             "%3 new feature maps, which are concatenated to everything before "
                             "them."))
            .arg(l1)
            .arg(n.blockIn[0])
            .arg(n.k)
            .arg(l1 - 1)
            .arg(n.blockIn[0] + n.k * (l1 - 1)));
    layer.layer = QStringLiteral("%1.denselayer%2").arg(blockName(1)).arg(l1);
    lesson.steps << layer;

    lesson.steps << step(
        LessonStepKind::Growth,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Dense Block and growth rate")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "The growth rate k = %1 is how many channels each Dense Layer adds. "
                             "Dense Block 1 starts with %2 channels and its %3 layers grow them "
                             "to %2 + %3 × %1 = %4. The chart shows the channel count climb in "
                             "each block and drop at each Transition Layer."))
            .arg(n.k)
            .arg(n.blockIn[0])
            .arg(n.layers[0])
            .arg(n.blockOut[0]));

    const int lastLayer = n.layers[mid - 1];
    LessonStep bottleneck = step(
        LessonStepKind::Node,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Bottleneck: 1×1 first")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "Late in a block the input is wide: Dense Layer %1 of Dense Block %2 "
                             "reads %3 channels. A 1×1 convolution first reduces them to %4k = "
                             "%5 (the bottleneck), and only then does the 3×3 convolution make "
                             "k = %6 new channels. So each layer stays cheap, however many "
                             "layers came before it."))
            .arg(lastLayer)
            .arg(mid)
            .arg(n.blockIn[mid - 1] + n.k * (lastLayer - 1))
            .arg(config.bnSize)
            .arg(n.bottleneck())
            .arg(n.k));
    bottleneck.layer = QStringLiteral("%1.denselayer%2").arg(blockName(mid)).arg(lastLayer);
    lesson.steps << bottleneck;

    if (n.blocks > 1) {
        LessonStep transition = step(
            LessonStepKind::Node,
            say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Transition Layer and compression")),
            say(QT_TRANSLATE_NOOP(
                   "ds::ui::BuiltinLesson",
                   "Between blocks a Transition Layer (BN → ReLU → 1×1 Conv → 2×2 average "
                   "pooling) halves the size of the maps, %1 × %1 to %2 × %2. Compression θ = %3 "
                   "reduces the channels too: %4 → %5. Bottleneck and compression together "
                   "make this a DenseNet-BC."))
                .arg(n.blockSize[0])
                .arg(n.blockSize[1])
                .arg(n.theta())
                .arg(n.blockOut[0])
                .arg(n.transitionOut[0]));
        transition.layer = QStringLiteral("features.transition1");
        lesson.steps << transition;
    }

    lesson.steps << step(
        LessonStepKind::Architecture,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "The whole network")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "The stem makes k0 = %1 channels at %2 × %2. Then come %3 Dense "
                             "Blocks of %4 layers; the channels leaving them are %5. Global "
                             "Average Pooling and one fully connected layer turn the last %6 "
                             "channels into %7 classes: %8 parameters in all."))
            .arg(config.initFeatures)
            .arg(n.stemSize)
            .arg(n.blocks)
            .arg(joined(n.layers))
            .arg(joined(n.blockOut))
            .arg(n.finalChannels)
            .arg(config.numClasses)
            .arg(grouped(n.summary.parameters)));

    LessonStep first = step(
        LessonStepKind::FeatureMaps,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "What the first block sees")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "These are the feature maps of Dense Block 1: %1 channels at %2 × "
                             "%2. The first %3 come from the stem, then each Dense Layer adds %4; "
                             "the colour under a map says which layer made it. Early maps answer "
                             "to edges, colours and simple textures."))
            .arg(n.blockOut[0])
            .arg(n.blockSize[0])
            .arg(n.blockIn[0])
            .arg(n.k));
    first.layer = blockName(1);
    lesson.steps << first;

    LessonStep deep = step(
        LessonStepKind::FeatureMaps,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "What the last block sees")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "Dense Block %1 works at %2 × %2 and leaves %3 channels. Each "
                             "position now sees a large part of the image, and the maps answer "
                             "to parts of objects rather than edges. Many channels are the ones "
                             "earlier layers made: passed on, not computed again."))
            .arg(last)
            .arg(n.blockSize[last - 1])
            .arg(n.blockOut[last - 1]));
    deep.layer = blockName(last);
    lesson.steps << deep;

    const int cell = n.blockSize[mid - 1] > 0 ? 224 / n.blockSize[mid - 1] : 0;
    LessonStep channel = step(
        LessonStepKind::Channel,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "One channel on the image")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "One channel of Dense Block %1, laid over the image: bright where it "
                             "responds. Its map is %2 × %2, so each cell covers about %3 × %3 "
                             "pixels of the 224 × 224 input."))
            .arg(mid)
            .arg(n.blockSize[mid - 1])
            .arg(cell));
    channel.layer = blockName(mid);
    lesson.steps << channel;

    LessonStep cam = step(
        LessonStepKind::Cam, say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Where it looks")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "Grad-CAM weights each of the %1 channels at the end of the network "
                             "by how much it raises the top class, adds them up and lays the "
                             "result over the image, in %2 × %2 cells. Red marks where the "
                             "network found its evidence. Red on the background means a right "
                             "answer for a wrong reason."))
            .arg(n.finalChannels)
            .arg(n.blockSize[last - 1]));
    cam.layer = QStringLiteral("features.norm5");
    cam.method = QStringLiteral("gradcam");
    lesson.steps << cam;

    QStringList sizes;
    for (int s : n.blockSize) sizes << QStringLiteral("%1 × %1").arg(s);
    lesson.steps << step(
        LessonStepKind::CamStrip,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Where it looks, block by block")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "The same map after each Dense Block, at %1. Early blocks react to "
                             "edges all over the image; the last ones gather on the object. The "
                             "deeper the block, the coarser and the surer the map."))
            .arg(sizes.join(QStringLiteral(", "))));
    lesson.steps.last().method = QStringLiteral("gradcam");

    lesson.steps << step(
        LessonStepKind::Reuse, say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Feature reuse")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "Each square shows how strongly a Dense Layer uses the output of an "
                             "earlier one: the mean absolute weight its 1×1 convolution gives "
                             "those channels. In Dense Block %1 each of the %2 Dense Layers can "
                             "read every earlier output. Bright squares far from the diagonal "
                             "are old features still in use."))
            .arg(mid)
            .arg(n.layers[mid - 1]));

    LessonStep visualize = step(
        LessonStepKind::Visualize,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "What a channel wants to see")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "Starting from noise, the image is changed step by step to excite "
                             "one of the %1 channels of Dense Block %2 as much as possible. The "
                             "result is the pattern that channel looks for: stripes and colours "
                             "early in the network, parts of objects deep in it."))
            .arg(n.blockOut[mid - 1])
            .arg(mid));
    visualize.layer = blockName(mid);
    lesson.steps << visualize;

    lesson.steps << step(
        LessonStepKind::Teach,
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson", "Teaching it new classes")),
        say(QT_TRANSLATE_NOOP("ds::ui::BuiltinLesson",
                             "The %1 numbers that Global Average Pooling makes describe an image "
                             "well enough to learn new classes from a few examples. Teach keeps "
                             "the network as it is and trains only a new classifier, %1 × n "
                             "weights for n classes, on pictures from the camera. A few dozen "
                             "frames per class are often enough."))
            .arg(n.finalChannels));
    return lesson;
}

}  // namespace ds::ui
