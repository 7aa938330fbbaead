// Top images per channel: each channel's peak (channelPeaks), the receptive field of a map
// position (receptiveField / receptiveBox) and densescope-cli top-images, against torchvision
// with forward hooks (tests/oracle/make_top_images.py: the peaks of the real model, and boxes
// found from the nonzero input gradient of a positive linear copy of it).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cmath>
#include <map>
#include <memory>

#include <unistd.h>

#include "cli_test_util.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "fixtures.h"
#include "image_io.h"

namespace {

QJsonObject oracle() {
    static const QJsonObject o = fixtures::json("top_images.json").object();
    return o;
}
QStringList imageNames() {
    QStringList out;
    for (const auto& v : oracle().value("images").toArray()) out << v.toString();
    return out;
}
QString imageDir() { return fixtures::dir() + "/top_images"; }

// A peak within 1e-4 of the reference, relative to it (or to a hundredth of the module's
// largest peak, for peaks near zero: the fast path's folded BatchNorms and other summation
// order move every value of a map by about 1e-6 of its scale).
double tolerance(double ref, double scale) { return 1e-4 * std::max(std::fabs(ref), 1e-2 * scale); }

std::array<int, 4> boxOf(const QJsonArray& a) {
    return {a[0].toInt(), a[1].toInt(), a[2].toInt(), a[3].toInt()};
}
QString str(const std::array<int, 4>& b) {
    return QStringLiteral("[%1, %2, %3, %4]").arg(b[0]).arg(b[1]).arg(b[2]).arg(b[3]);
}
QStringList modelFlags(const QString& model) {
    const QString weights = fixtures::dir() + "/" + model + ".pth";
    if (model == "densenet121") return {"--variant", "densenet121", "--weights", weights};
    return fixtures::configFlags(fixtures::config(model)) + QStringList{"--weights", weights};
}

}  // namespace

class TestTopImages : public QObject {
    Q_OBJECT

    std::map<QString, std::unique_ptr<ds::Engine>> m_engines;
    QTemporaryDir m_tmp;

    ds::Engine& engine(const QString& model) {
        auto& e = m_engines[model];
        if (!e) {
            ds::EngineOptions options;
            options.device = ds::DeviceKind::Cpu;  // the fast CPU form, as the app and CLI use
            e = std::make_unique<ds::Engine>(options);
            e->load(fixtures::config(model), fixtures::path(model + ".pth"));
        }
        return *e;
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void receptiveFieldArithmetic() {
        const auto c = ds::DenseNetConfig::variant("densenet121");
        const auto conv0 = ds::receptiveField(c, "features.conv0");
        QCOMPARE(conv0.size, 7);
        QCOMPARE(conv0.jump, 2);
        QCOMPARE(conv0.start, 0.5);
        const auto pool0 = ds::receptiveField(c, "features.pool0");
        QCOMPARE(pool0.size, 11);
        QCOMPARE(pool0.jump, 4);
        // Dense layer l grows the block input's field by 2 * l * jump.
        QCOMPARE(ds::receptiveField(c, "features.denseblock1.denselayer6").size, 11 + 2 * 6 * 4);
        QCOMPARE(ds::receptiveField(c, "features.denseblock1").size, 11 + 2 * 6 * 4);
        // The transition's 2x2 average pool: one more jump, start half a jump further.
        const auto t1 = ds::receptiveField(c, "features.transition1");
        QCOMPARE(t1.size, 59 + 4);
        QCOMPARE(t1.jump, 8);
        QCOMPARE(t1.start, 2.5);
        QCOMPARE(ds::receptiveField(c, "features.norm5").size,
                 ds::receptiveField(c, "features.denseblock4").size);
        // Position 0 of conv0 sees pixels -3..3: clipped to [0, 4).
        QCOMPARE(ds::receptiveBox(conv0, 0, 0), (std::array<int, 4>{0, 0, 4, 4}));
        QCOMPARE(ds::receptiveBox(conv0, 2, 10), (std::array<int, 4>{17, 1, 24, 8}));
        for (const char* bad : {"classifier", "features.denseblock5", "features.transition4", ""}) {
            try {
                ds::receptiveField(c, bad);
                QFAIL(qPrintable(QString("accepted '%1'").arg(bad)));
            } catch (const ds::LayerError&) {
            }
        }
    }

    void boxesEqualTorchvision_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("module");
        QTest::addColumn<int>("y");
        QTest::addColumn<int>("x");
        QTest::addColumn<bool>("deepest");
        QTest::addColumn<QJsonArray>("box");
        const QJsonObject models = oracle().value("models").toObject();
        for (const QString& model : models.keys()) {
            const QJsonObject modules = models.value(model).toObject().value("modules").toObject();
            for (const QString& module : modules.keys())
                for (const auto& v : modules.value(module).toObject().value("boxes").toArray()) {
                    const QJsonObject b = v.toObject();
                    QTest::addRow("%s %s c%d (%d, %d)", qPrintable(model), qPrintable(module),
                                  b.value("channel").toInt(), b.value("y").toInt(),
                                  b.value("x").toInt())
                        << model << module << b.value("y").toInt() << b.value("x").toInt()
                        << b.value("deepest").toBool() << b.value("box").toArray();
                }
        }
    }

    // The deepest channels' gradient box is exactly our field; any other channel's lies inside.
    void boxesEqualTorchvision() {
        QFETCH(QString, model);
        if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
        QFETCH(QString, module);
        QFETCH(int, y);
        QFETCH(int, x);
        QFETCH(bool, deepest);
        QFETCH(QJsonArray, box);
        const auto rf = ds::receptiveField(fixtures::config(model), module.toStdString());
        const auto ours = ds::receptiveBox(rf, y, x);
        const auto ref = boxOf(box);
        if (deepest) {
            QCOMPARE(str(ours), str(ref));
        } else {
            QVERIFY2(ours[0] <= ref[0] && ours[1] <= ref[1] && ours[2] >= ref[2] && ours[3] >= ref[3],
                     qPrintable(str(ours) + " does not contain " + str(ref)));
            // Clipping can hide the difference (densenet121's norm5 sees all of the input).
            if (model == "tiny") QVERIFY2(ours != ref, "a pass-through channel should see less");
        }
    }

    void peaksFromMap() {
        ds::FeatureMap map;
        map.layer = "features.pool0";
        map.channels = 3;
        map.height = 2;
        map.width = 3;
        const float nan = std::nanf("");
        map.data = {1, 5, 5, 5, 0, 2,     // first maximum in row-major order: (0, 1)
                    -3, -1, -2, -1, -7, -9,  // all negative: -1 at (0, 1)
                    nan, nan, 4, nan, 4, 0};  // NaN passed over: 4 at (0, 2)
        const ds::ChannelPeaks p = ds::channelPeaks(map);
        QCOMPARE(p.layer, std::string("features.pool0"));
        QCOMPARE(p.channels, 3);
        QCOMPARE(p.width, 3);
        QCOMPARE(p.max, (std::vector<float>{5, -1, 4}));
        QCOMPARE(p.argmax, (std::vector<int>{1, 1, 2}));
    }

    void peaksEqualTorchvision_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("module");
        const QJsonObject models = oracle().value("models").toObject();
        for (const QString& model : models.keys())
            for (const QString& module :
                 models.value(model).toObject().value("modules").toObject().keys())
                QTest::addRow("%s %s", qPrintable(model), qPrintable(module)) << model << module;
    }

    void peaksEqualTorchvision() {
        QFETCH(QString, model);
        if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
        QFETCH(QString, module);
        const QJsonObject ref = oracle()
                                    .value("models").toObject()
                                    .value(model).toObject()
                                    .value("modules").toObject()
                                    .value(module).toObject();
        const QStringList names = imageNames();
        double scale = 0;
        for (const auto& row : ref.value("max").toArray())
            for (const auto& v : row.toArray()) scale = std::max(scale, std::fabs(v.toDouble()));
        int checkedArgmax = 0;
        for (int i = 0; i < names.size(); ++i) {
            const ds::RgbImage image = ds::loadImage(imageDir() + "/" + names[i]);
            const ds::ChannelPeaks p = ds::channelPeaks(engine(model), image, module.toStdString());
            QCOMPARE(p.channels, ref.value("channels").toInt());
            QCOMPARE(p.height, ref.value("height").toInt());
            QCOMPARE(p.width, ref.value("width").toInt());
            const QJsonArray mx = ref.value("max").toArray()[i].toArray();
            const QJsonArray am = ref.value("argmax").toArray()[i].toArray();
            const QJsonArray gap = ref.value("gap").toArray()[i].toArray();
            for (int c = 0; c < p.channels; ++c) {
                const double want = mx[c].toDouble(), tol = tolerance(want, scale);
                QVERIFY2(std::fabs(p.max[size_t(c)] - want) <= tol,
                         qPrintable(QString("%1 channel %2: %3 vs %4")
                                        .arg(names[i]).arg(c).arg(p.max[size_t(c)]).arg(want)));
                // Exact position unless another one is within the tolerance (a tie).
                if (gap[c].toDouble() <= 2 * tol) continue;
                const QJsonArray yx = am[c].toArray();
                QCOMPARE(p.argmax[size_t(c)], yx[0].toInt() * p.width + yx[1].toInt());
                ++checkedArgmax;
            }
        }
        QVERIFY2(checkedArgmax > 0, "every position was a tie: the test checks nothing");
    }

    void cliRanking_data() {
        QTest::addColumn<QJsonObject>("ref");
        QTest::addColumn<int>("top");
        for (const auto& v : oracle().value("cli").toArray()) {
            const QJsonObject c = v.toObject();
            for (int top : {10, 2})
                QTest::addRow("%s %s c%d top %d", qPrintable(c.value("model").toString()),
                              qPrintable(c.value("layer").toString()), c.value("channel").toInt(),
                              top)
                    << c << top;
        }
    }

    // Ranked by the maximum (ties by path), each with torchvision's value, position and box.
    void cliRanking() {
        QFETCH(QJsonObject, ref);
        QFETCH(int, top);
        const QString layer = ref.value("layer").toString();
        const int channel = ref.value("channel").toInt();
        const auto r = clitest::run(QStringList{"top-images"} + modelFlags(ref.value("model").toString()) +
                                    QStringList{"--device", "cpu", "--layer", layer, "--channel",
                                                QString::number(channel), "--top",
                                                QString::number(top), "--json", imageDir()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json.value("layer").toString(), layer);
        QCOMPARE(r.json.value("channel").toInt(), channel);
        QStringList want = imageNames();
        const QJsonObject mx = ref.value("max").toObject();
        std::stable_sort(want.begin(), want.end(), [&](const QString& a, const QString& b) {
            return mx.value(a).toDouble() > mx.value(b).toDouble();
        });
        const QJsonArray results = r.json.value("results").toArray();
        QCOMPARE(results.size(), std::min<qsizetype>(top, want.size()));
        double scale = 0;
        for (const QString& n : want) scale = std::max(scale, std::fabs(mx.value(n).toDouble()));
        for (int i = 0; i < results.size(); ++i) {
            const QJsonObject e = results[i].toObject();
            const QString name = want[i];
            QCOMPARE(e.value("image").toString(), QDir(imageDir()).filePath(name));
            const double tol = tolerance(mx.value(name).toDouble(), scale);
            QVERIFY(std::fabs(e.value("max").toDouble() - mx.value(name).toDouble()) <= tol);
            if (ref.value("gap").toObject().value(name).toDouble() > 2 * tol)
                QCOMPARE(e.value("argmax").toArray(), ref.value("argmax").toObject().value(name).toArray());
            QCOMPARE(e.value("box").toArray(), ref.value("boxes").toObject().value(name).toArray());
        }
    }

    // A broken image gets an error entry after the ranking; the others are ranked; exit 1.
    void cliBrokenImage() {
        const QString broken = m_tmp.filePath("broken.png");
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a PNG\n");
        f.close();
        const auto r = clitest::run(QStringList{"top-images"} + modelFlags("tiny") +
                                    QStringList{"--layer", "features.pool0", "--channel", "3", "--json",
                                                broken, imageDir()});
        QCOMPARE(r.code, 1);
        const QJsonArray results = r.json.value("results").toArray();
        QCOMPARE(results.size(), imageNames().size() + 1);
        const QJsonObject last = results.last().toObject();
        QCOMPARE(last.value("image").toString(), broken);
        QVERIFY(last.value("error").toString().contains(broken));
        QVERIFY(!last.contains("max"));
        for (int i = 0; i + 1 < results.size(); ++i) QVERIFY(results[i].toObject().contains("box"));
        QVERIFY(r.err.contains(broken));
    }

    // A folder is scanned for image files; the others are skipped, and counted on stderr.
    void cliScansFolder() {
        const QString dir = m_tmp.filePath("folder");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(imageDir() + "/a_shapes.png", dir + "/img10.png"));
        QVERIFY(QFile::copy(imageDir() + "/b_wide.png", dir + "/img2.png"));
        QFile notes(dir + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not an image\n");
        notes.close();
        const auto r = clitest::run(QStringList{"top-images"} + modelFlags("tiny") +
                                    QStringList{"--layer", "features.norm5", "--channel", "0", dir});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("skipped 1 file"), qPrintable(r.err));
        QVERIFY(r.out.contains("top 2 of 2 images"));
        QVERIFY(r.out.contains("img10.png") && r.out.contains("img2.png"));
    }

    // A folder's images that cannot be read get error entries and exit 1, rather than
    // vanishing from the ranking (QDir::Readable hid them): a link to nothing (and, when not
    // root, a file without read permission).
    void cliFolderWithUnreadableImages() {
        const QString dir = m_tmp.filePath("unreadable");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(imageDir() + "/a_shapes.png", dir + "/good.png"));
        QStringList bad{dir + "/gone.png"};
        QVERIFY(QFile::link(dir + "/nowhere.png", bad[0]));
        if (::geteuid() != 0) {  // root reads everything
            bad << dir + "/locked.png";
            QVERIFY(QFile::copy(imageDir() + "/b_wide.png", bad[1]));
            QVERIFY(QFile::setPermissions(bad[1], QFileDevice::WriteOwner));
        }
        const auto r = clitest::run(QStringList{"top-images"} + modelFlags("tiny") +
                                    QStringList{"--layer", "features.norm5", "--channel", "0", "--json", dir});
        QCOMPARE(r.code, 1);
        const QJsonArray results = r.json.value("results").toArray();
        QCOMPARE(results.size(), 1 + bad.size());
        QCOMPARE(results[0].toObject().value("image").toString(), dir + "/good.png");
        for (int i = 1; i < results.size(); ++i) {
            const QJsonObject e = results[i].toObject();
            QVERIFY2(bad.contains(e.value("image").toString()), qPrintable(r.out));
            QVERIFY(e.value("error").toString().contains(e.value("image").toString()));
        }
    }

    void cliRejectsBadArguments_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString l = "features.denseblock1.denselayer1";  // 8 channels in tiny
        QTest::newRow("channel too large") << QStringList{"--layer", l, "--channel", "8"} << "0 to 7";
        QTest::newRow("negative channel") << QStringList{"--layer", l, "--channel", "-1"} << "out of range";
        QTest::newRow("channel not a number") << QStringList{"--layer", l, "--channel", "x"} << "whole number";
        QTest::newRow("unknown layer") << QStringList{"--layer", "features.nope", "--channel", "0"} << "features.nope";
        QTest::newRow("classifier") << QStringList{"--layer", "classifier", "--channel", "0"} << "unknown layer";
        QTest::newRow("no layer") << QStringList{"--channel", "0"} << "--layer";
        QTest::newRow("no channel") << QStringList{"--layer", l} << "--channel";
        QTest::newRow("bad top") << QStringList{"--layer", l, "--channel", "0", "--top", "0"} << "top";
    }

    void cliRejectsBadArguments() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = clitest::run(QStringList{"top-images"} + modelFlags("tiny") + args + QStringList{imageDir()});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTopImages)
#include "tst_top_images.moc"
