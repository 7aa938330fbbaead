// densescope-cli explain: the text, the JSON against torchvision (tests/oracle/
// make_explanations.py), Japanese, and the layer list. Usage errors are in tst_cli.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_util.h"
#include "fixtures.h"

namespace {

using clitest::Result;
using clitest::run;

}  // namespace

class TestCliExplain : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/densescope-cli"),
                 "DENSESCOPE_BIN_DIR must hold densescope-cli: run through ctest");
    }

    void explainText() {
        const Result r = run(
            {"explain", "--variant", "densenet121", "--layer", "features.denseblock3.denselayer5"},
            {"TORCH_HOME=" + m_tmp.filePath("no-torch-home")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const char* needle :
             {"Dense layer 5 of dense block 3 (features.denseblock3.denselayer5)",
              "block input (256 channels)", "384 channels at 14 × 14",
              "1×1 convolution to 128 channels", "to 32 channels (= k, the growth rate)",
              "87,040 parameters", "k0 + k(l − 1) = 256 + 32 × (5 − 1) = 384"})
            QVERIFY2(r.out.contains(QString::fromUtf8(needle)), qPrintable(r.out));
        // Japanese (once translated) keeps the numbers, the module name and the formula.
        const Result ja = run({"explain", "--variant", "densenet121", "--layer",
                               "features.denseblock3.denselayer5", "--language", "ja"});
        QVERIFY2(ja.code == 0, qPrintable(ja.err));
        for (const char* needle :
             {"features.denseblock3.denselayer5", "384", "87,040", "256 + 32 × (5 − 1) = 384"})
            QVERIFY2(ja.out.contains(QString::fromUtf8(needle)), qPrintable(ja.out));
        // --language en is the default; the text is the same.
        QCOMPARE(run({"explain", "--variant", "densenet121", "--layer",
                      "features.denseblock3.denselayer5", "--language", "en"})
                     .out,
                 r.out);
    }

    void explainJson_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("layer");
        const QStringList k12{"--growth-rate",   "12", "--blocks",  "2,3",
                              "--init-features", "24", "--bn-size", "4"};
        QTest::newRow("161 dense layer") << "densenet161" << QStringList{"--variant", "densenet161"}
                                         << "features.denseblock3.denselayer7";
        QTest::newRow("161 block")
            << "densenet161" << QStringList{"--variant", "densenet161"} << "features.denseblock4";
        QTest::newRow("161 transition")
            << "densenet161" << QStringList{"--variant", "densenet161"} << "features.transition2";
        QTest::newRow("161 classifier")
            << "densenet161" << QStringList{"--variant", "densenet161"} << "classifier";
        QTest::newRow("121 stem") << "densenet121" << QStringList{} << "features.pool0";
        QTest::newRow("k12 layer") << "custom-k12" << k12 << "features.denseblock2.denselayer3";
        QTest::newRow("k12 norm5") << "custom-k12" << k12 << "features.norm5";
    }

    // The JSON fields against torchvision's module, measured by make_explanations.py.
    void explainJson() {
        QFETCH(QString, model);
        QFETCH(QStringList, flags);
        QFETCH(QString, layer);
        const Result r = run(QStringList{"explain", "--json", "--layer", layer} + flags);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject& j = r.json;
        const QJsonObject o = fixtures::json("explanations.json")
                                  .object()[model]
                                  .toObject()["modules"]
                                  .toObject()[layer]
                                  .toObject();
        QVERIFY(!o.isEmpty());
        QCOMPARE(j["layer"].toString(), layer);
        for (const char* key : {"in_channels", "out_channels", "height", "width"})
            QVERIFY2(j[key].toInt() == o[key].toInt(), key);
        QCOMPARE(j["parameters"].toInteger(), o["parameters"].toInteger());
        QCOMPARE(j["macs"].toInteger(), o["macs"].toInteger());
        QCOMPARE(j["input_size"].toInt(), 224);
        QVERIFY(j["title"].toString().contains(layer));
        QVERIFY(!j["paragraphs"].toArray().isEmpty());
        QVERIFY(j["text"].toString().contains(j["paragraphs"].toArray().first().toString()));
        const QString type = j["type"].toString();
        if (type == "dense_layer") {
            QCOMPARE(j["bottleneck_channels"].toInt(), o["bottleneck"].toInt());
            QCOMPARE(j["growth_rate"].toInt(), o["growth_rate"].toInt());
            // k0 + k(l − 1): the formula's numbers give torchvision's input channels.
            QCOMPARE(j["block_in_channels"].toInt() +
                         j["growth_rate"].toInt() * (j["layer_index"].toInt() - 1),
                     o["in_channels"].toInt());
            QVERIFY(j["formula"].toString().contains("k0 + k(l − 1)"));
        } else if (type == "dense_block") {
            QCOMPARE(j["block_in_channels"].toInt(), o["in_channels"].toInt());
            QCOMPARE(j["block_in_channels"].toInt() +
                         j["layers_in_block"].toInt() * j["growth_rate"].toInt(),
                     o["out_channels"].toInt());
        } else if (type == "transition") {
            QCOMPARE(j["compression"].toDouble(), 0.5);
            QCOMPARE(j["in_height"].toInt(), o["in_height"].toInt());
        } else if (type == "linear") {  // the classifier
            QCOMPARE(j["num_classes"].toInt(), 1000);
        } else {
            QCOMPARE(j["in_height"].toInt(), o["in_height"].toInt());
        }
    }

    void explainListLayers() {
        const Result r = run({"explain", "--variant", "densenet161", "--list-layers"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList names = r.out.split('\n', Qt::SkipEmptyParts);
        const QJsonObject modules = fixtures::json("explanations.json")
                                        .object()["densenet161"]
                                        .toObject()["modules"]
                                        .toObject();
        QCOMPARE(names.size(), modules.size());
        for (const QString& n : names) QVERIFY2(modules.contains(n), qPrintable(n));
    }
};

QTEST_GUILESS_MAIN(TestCliExplain)
#include "tst_cli_explain.moc"
