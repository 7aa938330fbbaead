// densescope-cli, run as a real process: the JSON contracts and exit codes of
// docs/architecture.md, with reference values from torchvision (tests/oracle/make_fixtures.py).
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <numeric>

#include "cli_test_util.h"
#include "densescope/engine.h"
#include "densescope/labels.h"
#include "fixtures.h"

namespace {

using clitest::Result;
using clitest::run;

// The tiny fixture model's layout as CLI flags (from configs.json).
QStringList tinyFlags() { return fixtures::configFlags(fixtures::config("tiny")); }

QString fixture(const QString& name) { return fixtures::dir() + "/" + name; }

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    // Top-5 of a classify result equal torchvision's logits' top-5, probabilities = softmax.
    void checkTop(const QJsonObject& entry, const QString& logitsFile, int k) {
        const ds::NpyArray logits = ds::readNpy(fixtures::path(logitsFile));
        const int n = int(logits.numel());
        std::vector<int> order(static_cast<size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        const float* z = logits.f32();
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return z[a] > z[b]; });
        const double zmax = z[order[0]];
        double sum = 0;
        for (int i = 0; i < n; ++i) sum += std::exp(double(z[i]) - zmax);
        const QJsonArray top = entry.value("top").toArray();
        QCOMPARE(top.size(), k);
        for (int i = 0; i < k; ++i) {
            const QJsonObject p = top[i].toObject();
            QCOMPARE(p.value("index").toInt(), order[size_t(i)]);
            QCOMPARE(p.value("label").toString(),
                     QString::fromStdString(ds::imagenetLabels()[size_t(order[size_t(i)])]));
            const double expected = std::exp(double(z[order[size_t(i)]]) - zmax) / sum;
            QVERIFY2(std::fabs(p.value("probability").toDouble() - expected) < 1e-5,
                     qPrintable(QString("rank %1: %2 vs %3")
                                    .arg(i)
                                    .arg(p.value("probability").toDouble())
                                    .arg(expected)));
        }
    }

    QString brokenImage() {
        const QString path = m_tmp.filePath("broken.png");
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write("this is not a PNG\n");
        return path;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("DENSESCOPE_BIN_DIR") + "/densescope-cli"),
                 "DENSESCOPE_BIN_DIR must hold densescope-cli: run through ctest");
        QVERIFY2(QFile::exists(fixture("tiny.pth")), "fixtures missing: run through ctest");
    }

    void classifyTiny() {
        const Result r = run(QStringList{"classify"} + tinyFlags() +
                             QStringList{"--weights", fixture("tiny.pth"), "--device", "cpu",
                                         "--json", fixture("input256.png")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json.value("variant").toString(), QString("custom"));
        QCOMPARE(r.json.value("device").toString(), QString("cpu"));
        QCOMPARE(r.json.value("weights").toString(), fixture("tiny.pth"));
        const QJsonArray results = r.json.value("results").toArray();
        QCOMPARE(results.size(), 1);
        const QJsonObject entry = results[0].toObject();
        QCOMPARE(entry.value("image").toString(), fixture("input256.png"));
        QVERIFY(!entry.contains("error"));
        QVERIFY(!entry.contains("timings"));
        checkTop(entry, "tiny.logits.npy", 5);
    }

    void classifyDensenet121() {
        const Result r =
            run({"classify", "--variant", "densenet121", "--weights", fixture("densenet121.pth"),
                 "--device", "cpu", "--topk", "7", "--json", "--timings", fixture("input256.png")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json.value("variant").toString(), QString("densenet121"));
        const QJsonObject entry = r.json.value("results").toArray()[0].toObject();
        checkTop(entry, "densenet121.logits.npy", 7);
        const QJsonObject t = entry.value("timings").toObject();
        for (const char* key : {"decode_ms", "preprocess_ms", "forward_ms"})
            QVERIFY2(t.value(key).isDouble() && t.value(key).toDouble() >= 0, key);
        QVERIFY(t.value("forward_ms").toDouble() > 0);
    }

    // An unreadable image gets its own error entry; the others are still classified; exit 1.
    void classifyPartialFailure() {
        const QString good = fixture("input256.png"), missing = m_tmp.filePath("missing.png");
        const QString broken = brokenImage();
        const Result r = run(QStringList{"classify"} + tinyFlags() +
                             QStringList{"--weights", fixture("tiny.pth"), "--json", "--topk", "3",
                                         good, broken, missing, fixture("resized.png")});
        QCOMPARE(r.code, 1);
        const QJsonArray results = r.json.value("results").toArray();
        QCOMPARE(results.size(), 4);
        const QStringList order{good, broken, missing, fixture("resized.png")};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject e = results[i].toObject();
            QCOMPARE(e.value("image").toString(), order[i]);
            const bool bad = i == 1 || i == 2;
            QCOMPARE(e.contains("error"), bad);
            QCOMPARE(e.contains("top"), !bad);
            if (bad)
                QVERIFY2(e.value("error").toString().contains(order[i]),
                         qPrintable(e.value("error").toString()));
            else
                QCOMPARE(e.value("top").toArray().size(), 3);
        }
        checkTop(results[0].toObject(), "tiny.logits.npy", 3);
    }

    void classifyText() {
        const Result r =
            run(QStringList{"classify"} + tinyFlags() +
                QStringList{"--weights", fixture("tiny.pth"), fixture("input256.png")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject ref =
            run(QStringList{"classify", "--json"} + tinyFlags() +
                QStringList{"--weights", fixture("tiny.pth"), fixture("input256.png")})
                .json;
        const QString label = ref["results"]
                                  .toArray()[0]
                                  .toObject()["top"]
                                  .toArray()[0]
                                  .toObject()["label"]
                                  .toString();
        QVERIFY2(r.out.contains(label) && r.out.contains("%"), qPrintable(r.out));
    }

    // Without --weights a custom layout (no ImageNet file exists for it) uses random weights
    // and says so on stderr.
    void defaultWeightsRandom() {
        const Result r = run(
            QStringList{"classify", "--json"} + tinyFlags() + QStringList{fixture("input256.png")},
            {"TORCH_HOME=" + m_tmp.filePath("empty-torch-home")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json.value("weights").toString(), QString("random"));
        QVERIFY2(r.err.contains("random"), qPrintable(r.err));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("needle");  // must appear on stderr
        const QString img = fixture("input256.png");
        const QString noWeights = m_tmp.filePath("no-such-weights.pth");
        QTest::newRow("unknown variant")
            << QStringList{"classify", "--variant", "densenet122", img} << "densenet121";
        QTest::newRow("missing weights")
            << QStringList{"classify", "--weights", noWeights, img} << noWeights;
        QTest::newRow("wrong model weights")
            << (QStringList{"classify"} + tinyFlags() +
                QStringList{"--weights", fixture("densenet121.pth"), img})
            << "densenet121.pth";
        QTest::newRow("no image") << QStringList{"classify", "--weights", "random"} << "IMAGE";
        QTest::newRow("bad topk") << QStringList{"classify", "--topk", "0", img} << "--topk";
        QTest::newRow("bad device")
            << QStringList{"classify", "--device", "quantum", img} << "quantum";
        QTest::newRow("unknown option")
            << QStringList{"classify", "--frobnicate", img} << "frobnicate";
        QTest::newRow("unknown command") << QStringList{"paint", img} << "paint";
        QTest::newRow("bad blocks")
            << QStringList{"inspect", "--growth-rate", "12", "--blocks", "6,x"} << "6,x";
        // Every field is in range, but it needs terabytes: refused before allocating.
        QTest::newRow("layout too large")
            << QStringList{"classify",  "--blocks", "1000,1000,1000,1000",
                           "--weights", "random",   img}
            << "needs about";
        QTest::newRow("too many blocks")
            << QStringList{"inspect", "--blocks", "1,1,1,1,1,1,1", "--compression", "1"}
            << "only 6 dense blocks fit";
        QTest::newRow("features without layer")
            << QStringList{"features", "--out", m_tmp.filePath("x.npy"), img} << "--layer";
        // explain: a name the model lacks says how to see the valid ones.
        QTest::newRow("explain unknown layer")
            << QStringList{"explain", "--variant", "densenet121", "--layer",
                           "features.denseblock4.denselayer17"}
            << "'features.denseblock4.denselayer17' is not a layer of densenet121";
        QTest::newRow("explain unknown layer, hint")
            << QStringList{"explain", "--layer", "features.denseblock9"} << "--list-layers";
        QTest::newRow("explain without layer") << QStringList{"explain"} << "--layer NAME";
        QTest::newRow("explain bad language")
            << QStringList{"explain", "--layer", "classifier", "--language", "fr"}
            << "use en (English) or ja (Japanese)";
        QTest::newRow("explain bad layout")
            << QStringList{"explain", "--growth-rate", "0", "--layer", "classifier"} << "growth";
    }

    // `-` reads the image from standard input (a pipe here); --threads above the core count
    // is capped with a note on stderr; the results equal torchvision's as for a file.
    void classifyStdinAndThreadCap() {
        QFile png(fixture("input256.png"));
        QVERIFY(png.open(QIODevice::ReadOnly));
        const QByteArray bytes = png.readAll();
        const Result r = run(QStringList{"classify"} + tinyFlags() +
                                 QStringList{"--weights", fixture("tiny.pth"), "--device", "cpu",
                                             "--threads", "1000", "--json", "-"},
                             {}, &bytes);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject entry = r.json.value("results").toArray()[0].toObject();
        QCOMPARE(entry.value("image").toString(), QString("-"));
        checkTop(entry, "tiny.logits.npy", 5);
        QVERIFY2(r.err.contains("note: 1000 threads were asked for"), qPrintable(r.err));
        QVERIFY2(r.err.contains(QString("using %1").arg(QThread::idealThreadCount())),
                 qPrintable(r.err));

        // Empty standard input: an error entry that says so, not "the file is empty".
        const QByteArray none;
        const Result e = run(QStringList{"classify"} + tinyFlags() +
                                 QStringList{"--weights", "random", "--json", "-"},
                             {}, &none);
        QCOMPARE(e.code, 1);
        const QString error =
            e.json.value("results").toArray()[0].toObject().value("error").toString();
        QVERIFY2(error.contains("standard input") && error.contains("without any data"),
                 qPrintable(error));
    }

    // Decoder warnings (libpng's "libpng error: IDAT: CRC error") never reach stderr raw.
    void noRawDecoderOutput() {
        QImage img(64, 64, QImage::Format_RGB888);
        img.fill(Qt::darkCyan);
        QByteArray png;
        QBuffer buf(&png);
        buf.open(QIODevice::WriteOnly);
        QVERIFY(img.save(&buf, "PNG"));
        png[png.indexOf("IDAT") + 20] = char(png[png.indexOf("IDAT") + 20] ^ 0x01);
        const QString path = m_tmp.filePath("crc.png");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(png);
        f.close();
        const Result r =
            run(QStringList{"classify"} + tinyFlags() + QStringList{"--weights", "random", path});
        QCOMPARE(r.code, 1);
        for (const QString& line : r.err.split('\n'))  // libpng prints "libpng error: ..." lines
            QVERIFY2(!line.startsWith("libpng"), qPrintable(r.err));
        QVERIFY2(r.out.contains("libpng error: IDAT"), qPrintable(r.out));  // in the error instead
    }

    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, needle);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(needle), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void inspectParameters_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QJsonObject>("expected");
        const QJsonObject all = fixtures::json("summaries.json").object();
        for (auto it = all.begin(); it != all.end(); ++it) {
            const QJsonObject s = it.value().toObject();
            QStringList blocks;
            for (const auto& b : s["block_config"].toArray()) blocks << QString::number(b.toInt());
            const QStringList custom{"--growth-rate",   QString::number(s["growth_rate"].toInt()),
                                     "--blocks",        blocks.join(','),
                                     "--init-features", QString::number(s["init_features"].toInt()),
                                     "--bn-size",       QString::number(s["bn_size"].toInt()),
                                     "--num-classes",   QString::number(s["num_classes"].toInt())};
            const QByteArray name = it.key().toUtf8();
            QTest::newRow((name + " custom").constData())
                << (QStringList{"inspect", "--json"} + custom) << s;
            if (ds::DenseNetConfig::variantNames().end() !=
                std::find(ds::DenseNetConfig::variantNames().begin(),
                          ds::DenseNetConfig::variantNames().end(), it.key().toStdString()))
                QTest::newRow((name + " variant").constData())
                    << QStringList{"inspect", "--json", "--variant", it.key()} << s;
        }
    }

    void inspectParameters() {
        QFETCH(QStringList, args);
        QFETCH(QJsonObject, expected);
        const Result r = run(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject& j = r.json;
        QCOMPARE(j["parameters"].toVariant().toLongLong(),
                 expected["parameters"].toVariant().toLongLong());
        QCOMPARE(j["growth_rate"].toInt(), expected["growth_rate"].toInt());
        QCOMPARE(j["block_config"].toArray(), expected["block_config"].toArray());
        QCOMPARE(j["init_features"].toInt(), expected["init_features"].toInt());
        QVERIFY(j["macs"].toDouble() > 0);
        QVERIFY(j["variant"].isString());

        // Layers: torchvision names in forward order, one dense_layer entry per dense layer,
        // each producing growth_rate channels; every entry has the contract's keys.
        const QJsonArray layers = j["layers"].toArray();
        QVERIFY(!layers.isEmpty());
        QCOMPARE(layers.first().toObject()["name"].toString(), QString("features.conv0"));
        int denseLayers = 0;
        for (const auto& v : layers) {
            const QJsonObject l = v.toObject();
            for (const char* key : {"name", "type", "in_channels", "out_channels", "height",
                                    "width", "parameters", "macs"})
                QVERIFY2(l.contains(key), qPrintable(l["name"].toString() + ": no " + key));
            if (l["type"].toString() == "dense_layer") {
                ++denseLayers;
                QCOMPARE(l["out_channels"].toInt(), expected["growth_rate"].toInt());
            }
        }
        int total = 0;
        for (const auto& b : expected["block_config"].toArray()) total += b.toInt();
        QCOMPARE(denseLayers, total);
        QJsonObject first;
        for (const auto& v : layers)
            if (v.toObject()["name"].toString() == "features.denseblock1.denselayer1")
                first = v.toObject();
        QCOMPARE(first["type"].toString(), QString("dense_layer"));
        QCOMPARE(first["in_channels"].toInt(), expected["init_features"].toInt());
        QCOMPARE(first["height"].toInt(), 56);
    }

    void inspectDensenet121Text() {
        const Result r = run({"inspect", "--variant", "densenet121"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("7,978,856") && r.out.contains("features.denseblock4.denselayer16"),
                 qPrintable(r.out.left(400)));
        const double gmacs =
            run({"inspect", "--variant", "densenet121", "--json"}).json["macs"].toDouble() / 1e9;
        QVERIFY2(std::fabs(gmacs - 2.834) < 0.015,
                 qPrintable(QString::number(gmacs)));  // docs/model.md
    }

    // explain: the handout text, with the configuration's numbers, and no weights needed
    // (TORCH_HOME points nowhere).
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
