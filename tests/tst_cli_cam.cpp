// densescope-cli cam: its JSON, its NPY against torchvision's CAMs (tests/oracle/make_cams.py),
// its PNG figure, the strip in one run, and its exit codes. The methods of issue 21 and
// --eigen-smooth against tests/oracle/make_cam_methods.py.
#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "cam_figure.h"
#include "cli_test_util.h"
#include "densescope/npy.h"
#include "fixtures.h"

namespace {

QStringList tinyModel() {
    return fixtures::configFlags(fixtures::config("tiny"))
           << "--weights" << QString::fromStdString(fixtures::path("tiny.pth")) << "--threads" << "2";
}
QString input() { return QString::fromStdString(fixtures::path("input256.png")); }
QJsonObject index() { return fixtures::json("cams.json").object().value("tiny").toObject(); }

// Largest difference relative to the reference's maximum.
double relativeDiff(const ds::NpyArray& got, const ds::NpyArray& ref) {
    if (got.shape != ref.shape) return 1e9;
    double peak = 0;
    for (int64_t i = 0; i < ref.numel(); ++i) peak = std::max(peak, double(ref.f32()[i]));
    return fixtures::maxAbsDiff(got.f32(), ref.f32(), size_t(ref.numel())) / std::max(peak, 1e-30);
}

ds::NpyArray oracle(const QString& method, const QString& layer, int cls) {
    return ds::readNpy(fixtures::path(QStringLiteral("tiny.cam.%1.%2.%3.npy").arg(method, layer).arg(cls)));
}

}  // namespace

class TestCliCam : public QObject {
    Q_OBJECT
private slots:
    void jsonAndNpy_data();
    void jsonAndNpy();
    void classByLabel();
    void strip();
    void png();
    void exitCodes_data();
    void exitCodes();
    void moreMethods_data();
    void moreMethods();
    void helpListsMethods();
};

void TestCliCam::jsonAndNpy_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<bool>("top1");
    QTest::newRow("gradcam norm5 top-1") << "gradcam" << "features.norm5" << true;
    QTest::newRow("gradcampp dense layer 281") << "gradcampp" << "features.denseblock1.denselayer2" << false;
    QTest::newRow("layercam transition 281") << "layercam" << "features.transition1" << false;
    QTest::newRow("gradcam pool0 281") << "gradcam" << "features.pool0" << false;
}

void TestCliCam::jsonAndNpy() {
    QFETCH(QString, method);
    QFETCH(QString, layer);
    QFETCH(bool, top1);
    QTemporaryDir dir;
    const QString out = dir.filePath("cam.npy");
    QStringList args = QStringList{"cam"} << tinyModel() << "--layer" << layer << "--method" << method
                                          << "--out" << out << "--json" << input();
    const int cls = top1 ? index().value("top1").toInt() : 281;
    if (!top1) args << "--class" << "281";
    const auto r = clitest::run(args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto ref = oracle(method, layer, cls);
    const auto got = ds::readNpy(out.toStdString());
    QCOMPARE(got.dtype, std::string("<f4"));
    QCOMPARE(got.shape, ref.shape);
    const double diff = relativeDiff(got, ref);
    QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
    QCOMPARE(r.json.value("layer").toString(), layer);
    QCOMPARE(r.json.value("method").toString(), method);
    QCOMPARE(r.json.value("height").toInt(), int(ref.shape[0]));
    QCOMPARE(r.json.value("width").toInt(), int(ref.shape[1]));
    const auto c = r.json.value("class").toObject();
    QCOMPARE(c.value("index").toInt(), cls);
    QVERIFY(!c.value("label").toString().isEmpty());
    QVERIFY(std::abs(c.value("probability").toDouble() -
                     index().value("probabilities").toObject().value(QString::number(cls)).toDouble()) < 1e-5);
    // max and argmax: the NPY's largest value and its first position
    const float* v = got.f32();
    const auto peak = std::max_element(v, v + got.numel()) - v;
    QCOMPARE(r.json.value("max").toDouble(), double(v[peak]));
    const auto argmax = r.json.value("argmax").toArray();
    QCOMPARE(argmax.size(), 2);
    QCOMPARE(argmax[0].toInt() * int(ref.shape[1]) + argmax[1].toInt(), int(peak));
}

void TestCliCam::classByLabel() {
    QTemporaryDir dir;
    const auto r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "features.norm5" << "--class"
                                                   << "Tabby" << "--out" << dir.filePath("c.npy") << "--json"
                                                   << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.json.value("class").toObject().value("index").toInt(), 281);
    QCOMPARE(r.json.value("class").toObject().value("label").toString(), QString("tabby"));
    QVERIFY(relativeDiff(ds::readNpy(dir.filePath("c.npy").toStdString()),
                         oracle("gradcam", "features.norm5", 281)) < 1e-4);
}

void TestCliCam::strip() {
    // --layer strip: pool0, each block and transition in one pass, one file per module.
    QTemporaryDir dir;
    const auto r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "strip" << "--class" << "281"
                                                   << "--method" << "layercam" << "--out"
                                                   << dir.filePath("s.npy") << "--json" << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList expected{"features.pool0",       "features.denseblock1", "features.transition1",
                               "features.denseblock2", "features.transition2", "features.denseblock3"};
    const auto layers = r.json.value("layers").toArray();
    QCOMPARE(layers.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        const auto o = layers[i].toObject();
        QCOMPARE(o.value("layer").toString(), expected[i]);
        QCOMPARE(o.value("out").toString(), dir.filePath("s." + expected[i] + ".npy"));
        const double diff = relativeDiff(ds::readNpy(o.value("out").toString().toStdString()),
                                         oracle("layercam", expected[i], 281));
        QVERIFY2(diff < 1e-4, qPrintable(expected[i] + ": " + QString::number(diff)));
    }
}

void TestCliCam::png() {
    QTemporaryDir dir;
    const QString out = dir.filePath("cam.png");
    auto r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "features.transition1" << "--out" << out
                                             << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QImage image(out);
    QCOMPARE(image.size(), ds::ui::CamFigureLayout::size());
    // Opacity 0: the overlay area is exactly the network input (the 224x224 centre of the
    // 256x256 fixture); opacity 1: nothing of it shows.
    r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "features.transition1" << "--opacity"
                                        << "0" << "--out" << out << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QImage plain = QImage(out).convertToFormat(QImage::Format_RGB32);
    const QImage source = QImage(input()).convertToFormat(QImage::Format_RGB32);
    auto samePixels = [](const QImage& a, QPoint at, const QImage& b, QPoint bt) {
        for (int y = 0; y < 224; ++y)
            for (int x = 0; x < 224; ++x)
                if (qRgb(qRed(a.pixel(at.x() + x, at.y() + y)), qGreen(a.pixel(at.x() + x, at.y() + y)),
                         qBlue(a.pixel(at.x() + x, at.y() + y))) !=
                    qRgb(qRed(b.pixel(bt.x() + x, bt.y() + y)), qGreen(b.pixel(bt.x() + x, bt.y() + y)),
                         qBlue(b.pixel(bt.x() + x, bt.y() + y))))
                    return false;
        return true;
    };
    QVERIFY(samePixels(plain, {0, 0}, source, {16, 16}));
    r = clitest::run(QStringList{"cam"} << tinyModel() << "--layer" << "features.transition1" << "--opacity"
                                        << "1" << "--out" << out << input());
    QVERIFY(!samePixels(QImage(out).convertToFormat(QImage::Format_RGB32), {0, 0}, source, {16, 16}));
}

void TestCliCam::exitCodes_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString img = input();
    QTest::newRow("no --layer") << QStringList{"--out", "x.npy", img} << 2 << "--layer";
    QTest::newRow("unknown layer") << QStringList{"--layer", "features.nope", "--out", "x.npy", img} << 2
                                   << "features.nope";
    QTest::newRow("classifier") << QStringList{"--layer", "classifier", "--out", "x.npy", img} << 2 << "classifier";
    QTest::newRow("bad method") << QStringList{"--layer", "features.norm5", "--method", "scorecam2", "--out",
                                               "x.npy", img}
                                << 2 << "scorecam2";
    // The error names every method.
    QTest::newRow("bad method lists all") << QStringList{"--layer", "features.norm5", "--method", "cam",
                                                         "--out", "x.npy", img}
                                          << 2 << "gradcamelementwise, xgradcam, eigencam, eigengradcam, scorecam, ablationcam, fem";
    QTest::newRow("class too large") << QStringList{"--layer", "features.norm5", "--class", "1000", "--out",
                                                    "x.npy", img}
                                     << 2 << "1000";
    QTest::newRow("unknown label") << QStringList{"--layer", "features.norm5", "--class", "unicorn", "--out",
                                                  "x.npy", img}
                                   << 2 << "unicorn";
    QTest::newRow("no --out") << QStringList{"--layer", "features.norm5", img} << 2 << "--out";
    QTest::newRow("bad extension") << QStringList{"--layer", "features.norm5", "--out", "x.jpg", img} << 2
                                   << ".npy";
    QTest::newRow("two images") << QStringList{"--layer", "features.norm5", "--out", "x.npy", img, img} << 2
                                << "IMAGE";
    QTest::newRow("bad opacity") << QStringList{"--layer", "features.norm5", "--opacity", "2", "--out", "x.png",
                                                img}
                                 << 2 << "--opacity";
    QTest::newRow("strip and more") << QStringList{"--layer", "strip", "--layer", "features.norm5", "--out",
                                                   "x.npy", img}
                                    << 2 << "strip";
    QTest::newRow("missing image") << QStringList{"--layer", "features.norm5", "--out", "x.npy",
                                                  "/nonexistent/cat.png"}
                                   << 1 << "cat.png";
}

void TestCliCam::exitCodes() {
    QFETCH(QStringList, extra);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir dir;
    for (auto& a : extra)
        if (a.startsWith("x.")) a = dir.filePath(a);
    const auto r = clitest::run(QStringList{"cam"} << tinyModel() << extra);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

void TestCliCam::moreMethods_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("layer");
    QTest::newRow("hirescam") << "hirescam" << "features.transition2";
    QTest::newRow("eigencam") << "eigencam" << "features.norm5";
    QTest::newRow("scorecam") << "scorecam" << "features.denseblock3.denselayer1";
    QTest::newRow("ablationcam eigen-smooth") << "ablationcam+eigensmooth" << "features.denseblock2";
    QTest::newRow("gradcam eigen-smooth") << "gradcam+eigensmooth" << "features.denseblock2";
}

void TestCliCam::moreMethods() {
    QFETCH(QString, method);
    QFETCH(QString, layer);
    const auto methods = fixtures::json("cam_methods.json").object().value("tiny").toObject();
    const int cls = methods.value("class").toInt();
    QTemporaryDir dir;
    const QString out = dir.filePath("cam.npy");
    QStringList args = QStringList{"cam"} << tinyModel() << "--layer" << layer << "--method"
                                          << method.section('+', 0, 0) << "--class" << QString::number(cls)
                                          << "--out" << out << "--json" << input();
    const bool smooth = method.endsWith("+eigensmooth");
    if (smooth) args << "--eigen-smooth";
    const auto r = clitest::run(args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    // Progress goes to a terminal only: the test's pipe gets none.
    QVERIFY2(!r.err.contains("channels"), qPrintable(r.err));
    QCOMPARE(r.json.value("method").toString(), method.section('+', 0, 0));
    QCOMPARE(r.json.value("eigen_smooth").toBool(), smooth);
    const auto ref = ds::readNpy(
        fixtures::path(QStringLiteral("tiny.cammethod.%1.%2.%3.npy").arg(method, layer).arg(cls)));
    const double diff = relativeDiff(ds::readNpy(out.toStdString()), ref);
    QVERIFY2(diff < 1e-3, qPrintable(QString::number(diff)));
}

void TestCliCam::helpListsMethods() {
    const auto r = clitest::run(QStringList{"cam"} << "--help");
    QCOMPARE(r.code, 0);
    for (const char* m : {"gradcam", "gradcampp", "layercam", "hirescam", "gradcamelementwise", "xgradcam",
                          "eigencam", "eigengradcam", "scorecam", "ablationcam", "fem", "--eigen-smooth"})
        QVERIFY2(r.out.contains(m), m);
}

QTEST_MAIN(TestCliCam)
#include "tst_cli_cam.moc"
