// densescope-cli compare: every CAM method with its faithfulness in one run. Its numbers are
// the CLI twins' own: each method's map is `cam --method M`'s NPY and its metrics are
// `cam --method M --metrics --json`'s; sorting, --methods, --skip, --out and the exit codes.
#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_util.h"
#include "densescope/npy.h"
#include "fixtures.h"

namespace {
QStringList tinyModel() {
    return fixtures::configFlags(fixtures::config("tiny"))
           << "--weights" << QString::fromStdString(fixtures::path("tiny.pth")) << "--threads" << "2";
}
QString input() { return QString::fromStdString(fixtures::path("input256.png")); }
const char* const kLayer = "features.denseblock2";
}  // namespace

class TestCliCompare : public QObject {
    Q_OBJECT
private slots:
    void sameNumbersAsCam();
    void sortAndSelect();
    void usageErrors();
};

void TestCliCompare::sameNumbersAsCam() {
    QTemporaryDir dir;
    // Four methods keep the run short (each is measured with 18 imputations); the default of
    // all eleven, cheapest first, is tst_compare's and tst_compare_panel's.
    const auto r = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << kLayer << "--json"
                                                       << "--methods" << "fem,gradcam,hirescam,ablationcam"
                                                       << "--out" << dir.path() << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject o = r.json;
    QCOMPARE(o.value("layer").toString(), QString(kLayer));
    const QJsonArray methods = o.value("methods").toArray();
    QCOMPARE(methods.size(), 4);
    const int cls = o.value("class").toObject().value("index").toInt();
    // Two methods checked against `cam` run on its own: a gradient one and a perturbation one.
    for (const QString& name : {QStringLiteral("gradcam"), QStringLiteral("ablationcam")}) {
        QJsonObject row;
        for (const auto& m : methods)
            if (m.toObject().value("method").toString() == name) row = m.toObject();
        QVERIFY2(!row.isEmpty(), qPrintable(name));
        const QString npy = dir.filePath("cam-" + name + ".npy");
        const auto cam = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << kLayer << "--method" << name
                                                         << "--class" << QString::number(cls) << "--metrics"
                                                         << "--json" << "--out" << npy << input());
        QVERIFY2(cam.code == 0, qPrintable(cam.err));
        const QJsonObject metrics = cam.json.value("metrics").toObject();
        const QJsonObject mine = row.value("metrics").toObject();
        for (const char* key : {"confidence_change", "road_morf", "road_lerf", "road_combined"})
            QVERIFY2(std::abs(mine.value(key).toDouble() - metrics.value(key).toDouble()) <=
                         1e-6 * std::max(1.0, std::abs(metrics.value(key).toDouble())),
                     key);
        const auto a = ds::readNpy(dir.filePath(name + ".npy").toStdString());
        const auto b = ds::readNpy(npy.toStdString());
        QCOMPARE(a.shape, b.shape);
        QCOMPARE(fixtures::maxAbsDiff(a.f32(), b.f32(), size_t(a.numel())), 0.0);
    }
    // Sorted by ROAD, most faithful first (the default).
    double last = 1e300;
    for (const auto& m : methods) {
        const QJsonObject metrics = m.toObject().value("metrics").toObject();
        if (!metrics.contains("road_combined")) continue;
        QVERIFY(metrics.value("road_combined").toDouble() <= last);
        last = metrics.value("road_combined").toDouble();
    }
}

void TestCliCompare::sortAndSelect() {
    const auto r = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << "features.transition1"
                                                       << "--methods" << "gradcam,fem,layercam,scorecam"
                                                       << "--skip" << "scorecam" << "--sort" << "cost" << "--json"
                                                       << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QStringList names;
    for (const auto& m : r.json.value("methods").toArray()) names << m.toObject().value("method").toString();
    QCOMPARE(names, (QStringList{"gradcam", "fem", "layercam"}));
    // The table says what it prints; the estimate of a slow method comes before it runs.
    const auto text = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << "features.transition1"
                                                          << "--methods" << "scorecam,eigencam" << input());
    QVERIFY2(text.code == 0, qPrintable(text.err));
    QVERIFY2(text.err.contains("scorecam at features.transition1: about"), qPrintable(text.err));
    QVERIFY(text.out.contains("ROAD") && text.out.contains("eigencam") && text.out.contains("scorecam"));
}

void TestCliCompare::usageErrors() {
    const auto bad = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << kLayer << "--methods"
                                                         << "gradcam,magic" << input());
    QCOMPARE(bad.code, 2);
    QVERIFY2(bad.err.contains("magic") && bad.err.contains("hirescam"), qPrintable(bad.err));
    const auto none = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << kLayer << "--methods"
                                                          << "fem" << "--skip" << "fem" << input());
    QCOMPARE(none.code, 2);
    const auto layer = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << "features.nope" << input());
    QCOMPARE(layer.code, 2);
    QVERIFY2(layer.err.contains("--list-layers"), qPrintable(layer.err));
    const auto sort = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << kLayer << "--sort" << "x" << input());
    QCOMPARE(sort.code, 2);
    const auto missing = clitest::run(QStringList{"compare"} << tinyModel() << "--layer" << kLayer << "/no/such.png");
    QCOMPARE(missing.code, 1);
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
