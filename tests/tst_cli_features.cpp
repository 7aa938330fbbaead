// densescope-cli features, run as a real process: the module's output as NPY equal to
// torchvision's hooked maps, the channel grid as the app's figure, and its errors
// (docs/architecture.md; reference values from tests/oracle/make_fixtures.py). The other
// commands: tst_cli.cpp.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

#include "cli_test_util.h"
#include "densescope/engine.h"
#include "densescope/npy.h"
#include "fixtures.h"
#include "grid_figure.h"

namespace {

using clitest::Result;
using clitest::run;

QStringList tinyFlags() { return fixtures::configFlags(fixtures::config("tiny")); }
QString fixture(const QString& name) { return fixtures::dir() + "/" + name; }

}  // namespace

class TestCliFeatures : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

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

    void featuresNpy_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("layer");
        for (const QString& layer : fixtures::mapLayers("tiny"))
            QTest::newRow(qPrintable(layer)) << "tiny" << layer;
        QTest::newRow("densenet121 transition2") << "densenet121"
                                                 << "features.transition2";
    }

    void featuresNpy() {
        QFETCH(QString, model);
        QFETCH(QString, layer);
        const QString out = m_tmp.filePath(model + "." + layer + ".npy");
        const QStringList flags = model == "tiny" ? tinyFlags() : QStringList{"--variant", model};
        const Result r = run(QStringList{"features"} + flags +
                             QStringList{"--weights", fixture(model + ".pth"), "--layer", layer,
                                         "--out", out, fixture("input256.png")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const ds::NpyArray got = ds::readNpy(out.toStdString());
        const ds::NpyArray want = ds::readNpy(fixtures::path(model + ".maps." + layer + ".npy"));
        QCOMPARE(got.dtype, std::string("<f4"));
        QCOMPARE(got.shape, want.shape);
        QCOMPARE(got.shape.size(), size_t(3));
        const double diff = fixtures::maxAbsDiff(got.f32(), want.f32(), size_t(want.numel()));
        QVERIFY2(diff < 1e-4, qPrintable(QString("max abs diff %1").arg(diff)));
    }

    void featuresPng() {
        const QString dir = m_tmp.filePath("grid");
        for (const char* colormap : {"viridis", "gray"}) {
            const Result r = run(QStringList{"features", "--json"} + tinyFlags() +
                                 QStringList{"--weights", fixture("tiny.pth"), "--layer",
                                             "features.denseblock1", "--out", dir, "--png",
                                             "--colormap", colormap, fixture("input256.png")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const QString written = r.json["out"].toString();
            QVERIFY2(written.startsWith(dir) && written.endsWith(".png"), qPrintable(written));
            const QImage img(written);
            QVERIFY(!img.isNull());
            // denseblock1 of tiny: 16 + 2*8 = 32 channels of 56x56 -> a 6 x 6 grid of tiles, in
            // the app's figure: at least 1600 pixels wide, a titled header above the tiles.
            QCOMPARE(r.json["shape"].toArray(), (QJsonArray{32, 56, 56}));
            ds::FeatureMap dims;
            dims.channels = 32;
            dims.height = dims.width = 56;
            const ds::ui::GridFigureLayout layout = ds::ui::gridFigureLayout(dims, {});
            QCOMPARE(layout.columns, 6);
            QCOMPARE(img.size(), layout.size);
            QVERIFY2(img.width() >= 1600, qPrintable(QString::number(img.width())));
            int inked = 0;  // the title's text
            for (int y = layout.titleArea.top(); y <= layout.titleArea.bottom(); ++y)
                for (int x = layout.titleArea.left(); x < layout.colorBar.left(); ++x)
                    inked += qGray(img.pixel(x, y)) < 128;
            QVERIFY2(inked > 500, qPrintable(QString("%1 dark pixels in the title").arg(inked)));
            if (QByteArray(colormap) != "gray") continue;
            // Each tile is its channel of torchvision's map, scaled to its own min..max.
            const ds::NpyArray ref =
                ds::readNpy(fixtures::path("tiny.maps.features.denseblock1.npy"));
            for (int c : {0, 5, 31}) {
                const float* v = ref.f32() + size_t(c) * 56 * 56;
                const auto [lo, hi] = std::minmax_element(v, v + 56 * 56);
                for (int i : {0, 57, 56 * 56 - 1}) {
                    const double want = 255.0 * (v[i] - *lo) / (*hi - *lo);
                    const QPoint at = layout.pixelAt(c, i % 56, i / 56);
                    const int x = at.x(), y = at.y();
                    QVERIFY2(std::abs(qGray(img.pixel(x, y)) - want) <= 1.0,
                             qPrintable(QString("channel %1 value %2: %3, expected %4")
                                            .arg(c)
                                            .arg(i)
                                            .arg(qGray(img.pixel(x, y)))
                                            .arg(want)));
                }
            }
        }
    }

    void featuresUnknownLayer() {
        const Result r = run(QStringList{"features"} + tinyFlags() +
                             QStringList{"--layer", "features.denseblock9", "--out",
                                         m_tmp.filePath("u.npy"), fixture("input256.png")});
        QCOMPARE(r.code, 2);
        for (const QString& valid : fixtures::mapLayers("tiny"))
            QVERIFY2(r.err.contains(valid), qPrintable(r.err));
        QVERIFY(r.err.contains("features.denseblock9"));
    }

    void featuresListLayers() {
        const Result r = run(QStringList{"features", "--list-layers"} + tinyFlags());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        for (const QString& valid : fixtures::mapLayers("tiny"))
            QVERIFY2(lines.contains(valid), qPrintable(valid));
    }

    void featuresBrokenImage() {
        const Result r = run(QStringList{"features"} + tinyFlags() +
                             QStringList{"--layer", "features.norm5", "--out",
                                         m_tmp.filePath("b.npy"), brokenImage()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("broken.png"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliFeatures)
#include "tst_cli_features.moc"
