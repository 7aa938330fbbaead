// Feature visualisation (densescope/analysis.h: visualizeChannel, channelObjective) and
// `densescope-cli visualize`: determinism under a seed, the ascent, cancellation, errors, and
// the objective of the saved PNG against torchvision with a forward hook
// (tests/oracle/visualize_objective.py, run here on the PNG the CLI wrote). The models are
// make_fixtures.py's with BatchNorm statistics recalibrated by make_visualize_fixtures.py (its
// docstring says why: with the white-noise statistics a nearly grey image switches off every
// ReLU of the first dense layers, so the gradient is exactly zero and no ascent can start).
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "cli_test_util.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "fixtures.h"
#include "image_io.h"

namespace {

// "tiny.viz.pth": the visualisation weights; "tiny.pth": make_fixtures.py's.
QString weightsFile(const QString& model, bool viz = true) {
    return QString::fromStdString(fixtures::path(model + (viz ? ".viz.pth" : ".pth")));
}

std::unique_ptr<ds::Engine> loaded(const QString& model, bool viz = true) {
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    auto engine = std::make_unique<ds::Engine>(options);
    engine->load(fixtures::config(model), weightsFile(model, viz).toStdString());
    return engine;
}

QStringList modelFlags(const QString& model) {
    return fixtures::configFlags(fixtures::config(model)) +
           QStringList{"--weights", weightsFile(model), "--device", "cpu", "--threads", "2"};
}

// torchvision's objective for a saved PNG: the channel's mean from a forward hook.
double oracleObjective(const QString& model, const QString& layer, int channel, const QString& png,
                       int* channels = nullptr, bool viz = true) {
    QProcess p;
    p.start(DS_PYTHON, {qEnvironmentVariable("DENSESCOPE_SOURCE_DIR") +
                            "/tests/oracle/visualize_objective.py",
                        weightsFile(model, viz), model, layer, QString::number(channel), png});
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        qFatal("oracle failed: %s", p.readAllStandardError().constData());
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    if (channels) *channels = o.value("channels").toInt();
    return o.value("objective").toDouble(std::nan(""));
}

bool closeRelative(double a, double b, double rel) {
    return std::abs(a - b) <= rel * std::max(std::abs(b), 1e-3);
}

}  // namespace

class TestVisualize : public QObject {
    Q_OBJECT

    std::unique_ptr<ds::Engine> m_tiny;
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_tiny = loaded("tiny");
    }

    // The same seed gives the same image and the same per-step objectives; another seed does not.
    void deterministicUnderSeed() {
        ds::VisualizeOptions o;
        o.steps = 6;
        o.seed = 7;
        const auto a = ds::visualizeChannel(*m_tiny, "features.denseblock2", 20, o);
        const auto b = ds::visualizeChannel(*m_tiny, "features.denseblock2", 20, o);
        QCOMPARE(a.image.width, 224);
        QCOMPARE(a.image.height, 224);
        QVERIFY(a.image.valid());
        QVERIFY(a.image.pixels == b.image.pixels);
        QVERIFY(a.objective == b.objective);
        QCOMPARE(int(a.objective.size()), o.steps);
        QCOMPARE(a.objectiveEnd, b.objectiveEnd);
        // In steps (as the app's worker runs it): the same result.
        ds::ChannelVisualizer stepwise(*m_tiny, "features.denseblock2", 20, o);
        QCOMPARE(stepwise.objectiveStart(), a.objectiveStart);
        QCOMPARE(stepwise.run(4), 4);
        QVERIFY(!stepwise.finished());
        QCOMPARE(stepwise.run(4), 6);  // only two were left
        QVERIFY(stepwise.finished());
        const auto s = stepwise.result();
        QVERIFY(s.image.pixels == a.image.pixels);
        QVERIFY(s.objective == a.objective);
        QCOMPARE(s.objectiveEnd, a.objectiveEnd);
        o.seed = 8;
        const auto c = ds::visualizeChannel(*m_tiny, "features.denseblock2", 20, o);
        QVERIFY(c.image.pixels != a.image.pixels);
        QVERIFY(c.objectiveStart != a.objectiveStart);
    }

    // Ascent works: the saved image excites the channel far more than the start, at several
    // kinds of module (a dense layer, a block's channel from a dense layer and from its input,
    // a transition, norm5).
    void ascends_data() {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<int>("channel");
        QTest::newRow("dense layer") << "features.denseblock1.denselayer2" << 3;
        QTest::newRow("block, layer channel") << "features.denseblock2" << 37;
        QTest::newRow("block, input channel") << "features.denseblock2" << 5;
        QTest::newRow("transition") << "features.transition1" << 9;
        QTest::newRow("norm5") << "features.norm5" << 11;
    }
    void ascends() {
        QFETCH(QString, layer);
        QFETCH(int, channel);
        ds::VisualizeOptions o;
        o.steps = 48;
        const auto r = ds::visualizeChannel(*m_tiny, layer.toStdString(), channel, o);
        qInfo("%s %d: %.4f -> %.4f", qPrintable(layer), channel, r.objectiveStart, r.objectiveEnd);
        QVERIFY2(r.objectiveEnd > r.objectiveStart + 1.0,
                 qPrintable(QString("%1 -> %2").arg(r.objectiveStart).arg(r.objectiveEnd)));
        // The stored objective is the saved image's, fed back as the CLI's PNG would be.
        QCOMPARE(ds::channelObjective(*m_tiny, r.image, layer.toStdString(), channel),
                 r.objectiveEnd);
    }

    void ascendsDensenet121() {
        DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
        auto engine = loaded("densenet121");
        ds::VisualizeOptions o;
        o.steps = 12;
        const auto r = ds::visualizeChannel(*engine, "features.denseblock3", 300, o);
        qInfo("densenet121 denseblock3 300: %.4f -> %.4f", r.objectiveStart, r.objectiveEnd);
        QVERIFY2(r.objectiveEnd > r.objectiveStart + 1.0,
                 qPrintable(QString("%1 -> %2").arg(r.objectiveStart).arg(r.objectiveEnd)));
    }

    void progressAndCancel() {
        ds::VisualizeOptions o;
        o.steps = 10;
        std::vector<std::pair<int, int>> calls;
        const auto r = ds::visualizeChannel(*m_tiny, "features.denseblock1", 0, o,
                                            [&](int done, int total) {
                                                calls.emplace_back(done, total);
                                                return true;
                                            });
        QCOMPARE(int(calls.size()), 10);
        QCOMPARE(calls.front(), std::make_pair(1, 10));
        QCOMPARE(calls.back(), std::make_pair(10, 10));
        calls.clear();
        QVERIFY_THROWS_EXCEPTION(ds::Cancelled,
                                 ds::visualizeChannel(*m_tiny, "features.denseblock1", 0, o,
                                                      [&](int done, int total) {
                                                          calls.emplace_back(done, total);
                                                          return done < 3;
                                                      }));
        QCOMPARE(int(calls.size()), 3);
        // The engine is still usable afterwards.
        QCOMPARE(ds::visualizeChannel(*m_tiny, "features.denseblock1", 0, o).image.pixels,
                 r.image.pixels);
    }

    void errors() {
        // tiny's denseblock1: 16 + 2 * 8 = 32 channels.
        try {
            ds::visualizeChannel(*m_tiny, "features.denseblock1", 32);
            QFAIL("no error for channel 32");
        } catch (const ds::ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("0..31"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(ds::ConfigError,
                                 ds::visualizeChannel(*m_tiny, "features.denseblock1", -1));
        QVERIFY_THROWS_EXCEPTION(ds::LayerError, ds::visualizeChannel(*m_tiny, "features.nope", 0));
        ds::VisualizeOptions zero;
        zero.steps = 0;
        QVERIFY_THROWS_EXCEPTION(ds::ConfigError,
                                 ds::visualizeChannel(*m_tiny, "features.denseblock1", 0, zero));
        ds::RgbImage small;
        small.width = small.height = 100;
        small.pixels.assign(100 * 100 * 3, 128);
        QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::channelObjective(*m_tiny, small,
                                                                      "features.denseblock1", 0));
        ds::Engine empty;
        QVERIFY_THROWS_EXCEPTION(std::logic_error,
                                 ds::visualizeChannel(empty, "features.denseblock1", 0));
    }

    // channelObjective against torchvision on an image that is not a visualisation.
    void objectiveMatchesTorchvision() {
        QImage noise(224, 224, QImage::Format_RGB888);
        for (int y = 0; y < 224; ++y)
            for (int x = 0; x < 224; ++x)
                noise.setPixel(x, y, qRgb((x * 7 + y * 13) % 256, (x * y) % 256, (255 - x + y) % 256));
        const QString png = m_tmp.filePath("pattern.png");
        QVERIFY(noise.save(png));
        const ds::RgbImage image = ds::loadImage(png);
        const auto plain = loaded("tiny", /*viz=*/false);
        for (const auto& [layer, channel] :
             std::vector<std::pair<QString, int>>{{"features.denseblock2", 37},
                                                  {"features.denseblock2", 5},
                                                  {"features.norm5", 11},
                                                  {"features.denseblock1.denselayer2", 3}}) {
            for (const bool viz : {true, false}) {
                const double mine = ds::channelObjective(viz ? *m_tiny : *plain, image,
                                                         layer.toStdString(), channel);
                const double ref = oracleObjective("tiny", layer, channel, png, nullptr, viz);
                QVERIFY2(closeRelative(mine, ref, 1e-4), qPrintable(QString("%1 %2: %3 vs %4")
                                                                        .arg(layer)
                                                                        .arg(channel)
                                                                        .arg(mine)
                                                                        .arg(ref)));
            }
        }
    }

    // The CLI: JSON, the PNG (same bytes for the same seed), and objective_end = torchvision's
    // objective of that PNG.
    void cli_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("layer");
        QTest::addColumn<int>("channel");
        QTest::addColumn<int>("steps");
        QTest::newRow("tiny block") << "tiny" << "features.denseblock2" << 37 << 24;
        QTest::newRow("tiny norm5") << "tiny" << "features.norm5" << 4 << 24;
        QTest::newRow("121 denseblock3") << "densenet121" << "features.denseblock3" << 300 << 6;
    }
    void cli() {
        QFETCH(QString, model);
        if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
        QFETCH(QString, layer);
        QFETCH(int, channel);
        QFETCH(int, steps);
        const QString out = m_tmp.filePath(model + "." + layer + ".png");
        const QStringList args = QStringList{"visualize", "--layer", layer, "--channel",
                                             QString::number(channel), "--steps",
                                             QString::number(steps), "--seed", "3", "--json"} +
                                 modelFlags(model);
        const clitest::Result r = clitest::run(args + QStringList{"--out", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json.value("layer").toString(), layer);
        QCOMPARE(r.json.value("channel").toInt(), channel);
        QCOMPARE(r.json.value("steps").toInt(), steps);
        QCOMPARE(r.json.value("seed").toInt(), 3);
        QCOMPARE(r.json.value("out").toString(), out);
        const double start = r.json.value("objective_start").toDouble(std::nan(""));
        const double end = r.json.value("objective_end").toDouble(std::nan(""));
        QVERIFY2(end > start, qPrintable(r.out));
        QCOMPARE(QImage(out).size(), QSize(224, 224));
        int channels = 0;
        const double ref = oracleObjective(model, layer, channel, out, &channels);
        QVERIFY(channels > channel);
        QVERIFY2(closeRelative(end, ref, 1e-4),
                 qPrintable(QString("objective_end %1, torchvision %2").arg(end).arg(ref)));
        // The same seed: the same bytes.
        const QString again = m_tmp.filePath(model + "." + layer + ".again.png");
        QCOMPARE(clitest::run(args + QStringList{"--out", again}).code, 0);
        QFile a(out), b(again);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
    }

    void cliErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("channel too big")
            << QStringList{"--layer", "features.denseblock1", "--channel", "32"} << "0..31";
        QTest::newRow("channel negative")
            << QStringList{"--layer", "features.denseblock1", "--channel", "-1"} << "--channel";
        QTest::newRow("unknown layer")
            << QStringList{"--layer", "features.denseblock9", "--channel", "0"} << "features.denseblock9";
        QTest::newRow("no layer") << QStringList{"--channel", "0"} << "--layer";
        QTest::newRow("no channel") << QStringList{"--layer", "features.denseblock1"} << "--channel";
        QTest::newRow("zero steps")
            << QStringList{"--layer", "features.denseblock1", "--channel", "0", "--steps", "0"}
            << "--steps";
    }
    void cliErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const QString out = m_tmp.filePath("error.png");
        const clitest::Result r =
            clitest::run(QStringList{"visualize", "--out", out} + args + modelFlags("tiny"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(says), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestVisualize)
#include "tst_visualize.moc"
