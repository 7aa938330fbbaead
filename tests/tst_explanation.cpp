// The layer explanations (lib/present/explanation.h): every number they state is checked
// against torchvision's own DenseNet, measured with forward hooks by
// tests/oracle/make_explanations.py (channels, spatial sizes, parameters, and MACs counted
// from the convolution and linear shapes), and the sentences carry those numbers.
#include <QtTest>

#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "explanation.h"
#include "fixtures.h"

namespace {

ds::DenseNetConfig configOf(const QString& model) {
    if (model.startsWith("densenet")) return ds::DenseNetConfig::variant(model.toStdString());
    return fixtures::layoutFromJson(
        fixtures::json("explanations.json").object().value(model).toObject());
}

QJsonObject oracle(const QString& model) {
    return fixtures::json("explanations.json")
        .object()
        .value(model)
        .toObject()["modules"]
        .toObject();
}

const QStringList kModels{"densenet121", "densenet161", "custom-k12"};

}  // namespace

class TestExplanation : public QObject {
    Q_OBJECT
private slots:
    void numbersMatchTorchvision_data() {
        QTest::addColumn<QString>("model");
        for (const QString& m : kModels) QTest::newRow(qPrintable(m)) << m;
    }

    // Every explainable module of each model: what enters, what leaves, its cost.
    void numbersMatchTorchvision() {
        QFETCH(QString, model);
        const ds::DenseNetConfig config = configOf(model);
        const ds::ModelSummary summary = ds::summarize(config, 224);
        const QJsonObject modules = oracle(model);
        QCOMPARE(int(summary.layers.size()), modules.size());
        for (const ds::LayerInfo& info : summary.layers) {
            const QString name = QString::fromStdString(info.name);
            QVERIFY2(modules.contains(name), qPrintable(name));
            const QJsonObject o = modules[name].toObject();
            const ds::ui::Explanation e = ds::ui::explain(config, summary, name);
            const QByteArray where = name.toUtf8();
            QVERIFY2(e.inChannels == o["in_channels"].toInt(), where);
            QVERIFY2(e.outChannels == o["out_channels"].toInt(), where);
            QVERIFY2(e.outHeight == o["height"].toInt() && e.outWidth == o["width"].toInt(), where);
            QVERIFY2(e.parameters == o["parameters"].toInteger(), where);
            QVERIFY2(e.macs == o["macs"].toInteger(), where);
            if (info.type == ds::LayerType::Classifier) {
                // Its input is the pooled vector; the explanation states the maps it pools.
                const QJsonObject norm5 = modules["features.norm5"].toObject();
                QVERIFY2(e.inHeight == norm5["height"].toInt(), where);
                QCOMPARE(e.numClasses, o["out_channels"].toInt());
            } else {
                QVERIFY2(e.inHeight == o["in_height"].toInt() && e.inWidth == o["in_width"].toInt(),
                         where);
            }
            if (info.type == ds::LayerType::DenseLayer) {
                QVERIFY2(e.bottleneck == o["bottleneck"].toInt(), where);
                QVERIFY2(e.growthRate == o["growth_rate"].toInt(), where);
                const QJsonObject block =
                    modules[QString::fromStdString(ds::names::denseBlock(e.block))].toObject();
                QVERIFY2(e.blockInput == block["in_channels"].toInt(), where);
                QVERIFY2(e.blockOutput == block["out_channels"].toInt(), where);
                // The growth formula k0 + k(l − 1), with torchvision's own numbers.
                QVERIFY2(e.blockInput + e.growthRate * (e.layer - 1) == o["in_channels"].toInt(),
                         where);
            }
            if (info.type == ds::LayerType::Transition)
                QVERIFY2(e.outChannels == o["conv_out_channels"].toInt(), where);
            // Every explanation states its own cost and says what the module is.
            const QString cost = e.paragraphs.last();
            QVERIFY2(e.parameters == 0
                         ? cost.contains("no parameters")
                         : cost.contains(QString::fromStdString(ds::groupedDigits(e.parameters)) +
                                         " parameters"),
                     where);
            if (e.macs > 0)
                QVERIFY2(cost.contains(QString::fromStdString(ds::groupedDigits(e.macs))), where);
            QVERIFY2(e.title.contains(name), where);
        }
    }

    // The sentences of several kinds of node carry the numbers of their configuration.
    void sentences_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QStringList>("needles");
        // DenseNet-121: k = 32, k0 of block 3 = 256.
        QTest::newRow("121 stem") << "densenet121"
                                  << "features.pool0"
                                  << QStringList{"conv0 (7×7 convolution, stride 2)",
                                                 "from 112 × 112 to 56 × 56", "64 channels"};
        QTest::newRow("121 conv0") << "densenet121"
                                   << "features.conv0"
                                   << QStringList{"3 colour channels of the 224 × 224",
                                                  "makes 64 channels", "9,408 parameters"};
        QTest::newRow("121 block1 layer1")
            << "densenet121"
            << "features.denseblock1.denselayer1"
            << QStringList{"block input alone, 64 channels at 56 × 56",
                           "1×1 convolution to 128 channels", "channels 65 to 96",
                           "k0 + k(l − 1) = 64 + 32 × (1 − 1) = 64"};
        QTest::newRow("121 block3 layer5")
            << "densenet121"
            << "features.denseblock3.denselayer5"
            << QStringList{"block input (256 channels)",
                           "dense layers 1 to 4 (4 × 32 = 128",
                           "384 channels at 14 × 14",
                           "BN → ReLU → 1×1 convolution to 128 channels",
                           "bn_size × k = 4 × 32",
                           "3×3 convolution (padding 1) to 32 channels",
                           "its 32 new channels are appended",
                           "channels 385 to 416",
                           "(1024 channels)",
                           "87,040 parameters",
                           "k0 + k(l − 1) = 256 + 32 × (5 − 1) = 384"};
        QTest::newRow("121 block3")
            << "densenet121"
            << "features.denseblock3"
            << QStringList{"L = 24 dense layers", "growth rate k = 32",
                           "k0 = 256 channels at 14 × 14", "k0 + L·k = 256 + 24 × 32 = 1024"};
        QTest::newRow("121 transition1")
            << "densenet121"
            << "features.transition1"
            << QStringList{"between dense block 1 and dense block 2", "from 256 to 128 channels",
                           "θ = 0.5", "from 56 × 56 to 28 × 28", "⌊0.5 × 256⌋ = 128"};
        QTest::newRow("121 norm5")
            << "densenet121"
            << "features.norm5" << QStringList{"1024 channels", "7 × 7", "2,048 parameters"};
        QTest::newRow("121 classifier")
            << "densenet121"
            << "classifier"
            << QStringList{"global average pooling", "1024 channels (7 × 7 maps)",
                           "1000 class scores", "1024 × 1000 weights + 1000 biases = 1,025,000"};
        // DenseNet-161: k = 48, k0 = 96, bottleneck 192.
        QTest::newRow("161 block1 layer3")
            << "densenet161"
            << "features.denseblock1.denselayer3"
            << QStringList{
                   "block input (96 channels)",       "2 × 48 = 96", "192 channels at 56 × 56",
                   "1×1 convolution to 192 channels", "4 × 48",      "96 + 48 × (3 − 1) = 192"};
        QTest::newRow("161 block3 layer2")
            << "densenet161"
            << "features.denseblock3.denselayer2"
            << QStringList{
                   "block input (384 channels) and the output of dense layer 1 (48 "
                   "channels)",
                   "432 channels at 14 × 14", "(2112 channels)"};
        QTest::newRow("161 transition3")
            << "densenet161"
            << "features.transition3"
            << QStringList{"from 2112 to 1056 channels", "from 14 × 14 to 7 × 7"};
        QTest::newRow("161 classifier") << "densenet161"
                                        << "classifier" << QStringList{"2208 × 1000 weights"};
        // Custom: k = 12, blocks 2-3, init 24, bn_size 4.
        QTest::newRow("k12 block2")
            << "custom-k12"
            << "features.denseblock2"
            << QStringList{"L = 3 dense layers", "k0 = 24 channels", "24 + 3 × 12 = 60"};
        QTest::newRow("k12 layer")
            << "custom-k12"
            << "features.denseblock1.denselayer2"
            << QStringList{"1×1 convolution to 48 channels", "24 + 12 × (2 − 1) = 36"};
        QTest::newRow("k12 transition")
            << "custom-k12"
            << "features.transition1" << QStringList{"from 48 to 24 channels"};
    }

    void sentences() {
        QFETCH(QString, model);
        QFETCH(QString, layer);
        QFETCH(QStringList, needles);
        const ds::DenseNetConfig config = configOf(model);
        const ds::ui::Explanation e = ds::ui::explain(config, ds::summarize(config, 224), layer);
        const QString text = e.plainText();
        for (const QString& needle : needles) QVERIFY2(text.contains(needle), qPrintable(text));
        // The rich form says the same (escaped), for the panel and the tooltips.
        QVERIFY(e.html().contains(e.title.toHtmlEscaped()));
        // Pre-activation order, as in the paper and torchvision: never ReLU before BN.
        QVERIFY(!text.contains("ReLU → BN"));
    }

    void unknownLayer() {
        const ds::DenseNetConfig config = ds::DenseNetConfig::variant("densenet121");
        const ds::ModelSummary summary = ds::summarize(config, 224);
        try {
            ds::ui::explain(config, summary, "features.denseblock5");
            QFAIL("no error");
        } catch (const ds::LayerError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("features.denseblock5"));
        }
    }
};

QTEST_GUILESS_MAIN(TestExplanation)
#include "tst_explanation.moc"
