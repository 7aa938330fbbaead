// densescope-cli cam --metrics: each map's faithfulness (confidence change, ROAD) in the JSON
// and the text output, against numpy/scipy/torchvision (tests/oracle/make_road.py).
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_util.h"
#include "fixtures.h"

namespace {

QStringList tinyModel() {
    return fixtures::configFlags(fixtures::config("tiny"))
           << "--weights" << QString::fromStdString(fixtures::path("tiny.pth")) << "--threads" << "2";
}
QString input() { return QString::fromStdString(fixtures::path("input256.png")); }

// make_road.py's tiny case (Grad-CAM at features.denseblock3.denselayer1, the class that is not
// the top-1).
QJsonObject tinyCase() {
    for (const auto& c : fixtures::json("road.json").object().value("cases").toArray())
        if (c.toObject().value("model").toString() == "tiny") return c.toObject();
    qFatal("road.json has no tiny case");
}

// Within 1e-3 relative to the larger of the value and the class's logit (as tst_faithfulness).
void checkMetrics(const QJsonObject& got, const QJsonObject& ref) {
    const double scale = std::max(std::abs(ref.value("logit").toDouble()), 1.0);
    QVERIFY(std::abs(got.value("logit").toDouble() - ref.value("logit").toDouble()) < 1e-3 * scale);
    for (const char* key : {"confidence_change", "road_morf", "road_lerf", "road_combined"}) {
        const double a = got.value(key).toDouble(), b = ref.value(key).toDouble();
        QVERIFY2(got.value(key).isDouble(), key);
        QVERIFY2(std::abs(a - b) < 1e-3 * std::max(scale, std::abs(b)),
                 qPrintable(QStringLiteral("%1: %2, oracle %3").arg(key).arg(a).arg(b)));
    }
    QCOMPARE(got.value("morf").toArray().size(), 9);
    QCOMPARE(got.value("lerf").toArray().size(), 9);
}

}  // namespace

class TestCliCamMetrics : public QObject {
    Q_OBJECT
private slots:
    void oneLayerJson();
    void severalLayersAndText();
};

void TestCliCamMetrics::oneLayerJson() {
    const auto ref = tinyCase();
    QTemporaryDir dir;
    const auto r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << ref.value("layer").toString()
                                                   << "--class" << QString::number(ref.value("class").toInt())
                                                   << "--out" << dir.filePath("c.npy") << "--metrics"
                                                   << "--json" << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.json.value("metrics").isObject());
    checkMetrics(r.json.value("metrics").toObject(), ref);
}

void TestCliCamMetrics::severalLayersAndText() {
    const auto ref = tinyCase();
    QTemporaryDir dir;
    const QStringList args = QStringList{"cam"} << tinyModel() << "--layer" << "features.transition2"
                                                << "--layer" << ref.value("layer").toString() << "--class"
                                                << QString::number(ref.value("class").toInt()) << "--out"
                                                << dir.filePath("c.npy") << "--metrics";
    auto r = clitest::run(QStringList(args) << "--json" << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto layers = r.json.value("layers").toArray();
    QCOMPARE(layers.size(), 2);
    QVERIFY(layers[0].toObject().value("metrics").isObject());
    checkMetrics(layers[1].toObject().value("metrics").toObject(), ref);
    // Without --metrics: no "metrics" key.
    r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "features.transition2" << "--out"
                                        << dir.filePath("d.npy") << "--json" << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(!r.json.contains("metrics"));
    // The text output: one line per map.
    r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "features.transition2" << "--out"
                                        << dir.filePath("e.npy") << "--metrics" << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("features.transition2: ROAD combined") && r.out.contains("confidence change"),
             qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestCliCamMetrics)
#include "tst_cli_cam_metrics.moc"
