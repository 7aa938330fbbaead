// densescope-cli attribute: its JSON, its NPY against torchvision
// (tests/oracle/make_attributions.py), its PNG, Integrated Gradients' completeness gap and its
// usage errors and exit codes.
#include <QImage>
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
QJsonObject index() { return fixtures::json("attributions.json").object().value("tiny").toObject(); }

double relativeDiff(const ds::NpyArray& got, const ds::NpyArray& ref) {
    if (got.shape != ref.shape) return 1e9;
    double peak = 0;
    for (int64_t i = 0; i < ref.numel(); ++i) peak = std::max(peak, std::abs(double(ref.f32()[i])));
    return fixtures::maxAbsDiff(got.f32(), ref.f32(), size_t(ref.numel())) / std::max(peak, 1e-30);
}

ds::NpyArray oracle(const QString& method, int cls) {
    return ds::readNpy(fixtures::path(QStringLiteral("tiny.attr.%1.%2.npy").arg(method).arg(cls)));
}

}  // namespace

class TestCliAttribute : public QObject {
    Q_OBJECT
private slots:
    void jsonAndNpy_data();
    void jsonAndNpy();
    void integratedGradients();
    void png();
    void exitCodes_data();
    void exitCodes();
};

void TestCliAttribute::jsonAndNpy_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<bool>("top1");
    QTest::newRow("saliency 281") << "saliency" << QStringList{} << false;
    QTest::newRow("guidedbackprop top-1") << "guidedbackprop" << QStringList{} << true;
    // SmoothGrad's --samples and --seed, the CLI's only path to them (the core test checks the
    // other methods' numbers).
    QTest::newRow("smoothgrad") << "smoothgrad" << QStringList{"--samples", "6", "--seed", "7"} << true;
}

void TestCliAttribute::jsonAndNpy() {
    QFETCH(QString, method);
    QFETCH(QStringList, extra);
    QFETCH(bool, top1);
    QTemporaryDir dir;
    const QString out = dir.filePath("a.npy");
    QStringList args = QStringList{"attribute"} << tinyModel() << "--method" << method << extra << "--out"
                                                << out << "--json" << input();
    const int cls = top1 ? index().value("top1").toInt() : 281;
    if (!top1) args << "--class" << "tabby";
    const auto r = clitest::run(args);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto got = ds::readNpy(out.toStdString());
    QCOMPARE(got.dtype, std::string("<f4"));
    QCOMPARE(got.shape, (std::vector<int64_t>{3, 224, 224}));
    const double diff = relativeDiff(got, oracle(method, cls));
    QVERIFY2(diff < 1e-3, qPrintable(QString::number(diff)));
    QCOMPARE(r.json.value("method").toString(), method);
    QCOMPARE(r.json.value("class").toObject().value("index").toInt(), cls);
    QVERIFY(!r.json.value("class").toObject().value("label").toString().isEmpty());
    QCOMPARE(r.json.value("top").toArray().size(), 5);
    QCOMPARE(r.json.value("top").toArray().first().toObject().value("index").toInt(), index().value("top1").toInt());
    QCOMPARE(r.json.value("shape").toArray(), (QJsonArray{3, 224, 224}));
    QCOMPARE(r.json.value("out").toString(), out);
    double sum = 0;
    for (int64_t i = 0; i < got.numel(); ++i) sum += got.f32()[i];
    QVERIFY(std::abs(r.json.value("sum").toDouble() - sum) <= 1e-6 * std::max(1.0, std::abs(sum)));
    QVERIFY(!r.json.contains("completeness_gap"));
}

void TestCliAttribute::integratedGradients() {
    QTemporaryDir dir;
    const QString out = dir.filePath("ig.npy");
    const auto ig = index().value("ig").toObject();
    const auto r = clitest::run(QStringList{"attribute"} << tinyModel() << "--method" << "integratedgradients"
                                                         << "--steps" << QString::number(ig.value("steps").toInt())
                                                         << "--out" << out << "--json" << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const int top1 = index().value("top1").toInt();
    QVERIFY(relativeDiff(ds::readNpy(out.toStdString()), oracle("integratedgradients", top1)) < 1e-3);
    QCOMPARE(r.json.value("steps").toInt(), ig.value("steps").toInt());
    const double delta = r.json.value("logit_input").toDouble() - r.json.value("logit_baseline").toDouble();
    QVERIFY(std::abs(r.json.value("logit_input").toDouble() - ig.value("y_input").toDouble()) < 1e-3);
    const double gap = r.json.value("completeness_gap").toDouble();
    QVERIFY(std::abs(gap - std::abs(r.json.value("sum").toDouble() - delta)) < 1e-6);
    QVERIFY2(std::abs(gap - ig.value("gap").toDouble()) < 1e-3 * std::abs(delta) + 1e-5, qPrintable(QString::number(gap)));
}

void TestCliAttribute::png() {
    QTemporaryDir dir;
    const QString out = dir.filePath("a.png");
    const auto r = clitest::run(QStringList{"attribute"} << tinyModel() << "--method" << "inputxgradient"
                                                         << "--out" << out << input());
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("inputxgradient"), qPrintable(r.out));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(224, 224));
    // A heat map over grey: some pixels are coloured (the strongest ones), many stay grey.
    int grey = 0, coloured = 0;
    for (int y = 0; y < 224; ++y)
        for (int x = 0; x < 224; ++x) {
            const QRgb p = image.pixel(x, y);
            (qRed(p) == qGreen(p) && qGreen(p) == qBlue(p) ? grey : coloured)++;
        }
    QVERIFY2(coloured > 224 * 224 / 100 && grey > 0, qPrintable(QStringLiteral("%1 %2").arg(coloured).arg(grey)));
}

void TestCliAttribute::exitCodes_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString img = input();
    QTest::newRow("no --method") << QStringList{"--out", "x.npy", img} << 2 << "--method";
    QTest::newRow("bad method") << QStringList{"--method", "lime", "--out", "x.npy", img} << 2 << "lime";
    QTest::newRow("--steps on saliency") << QStringList{"--method", "saliency", "--steps", "8", "--out", "x.npy", img}
                                         << 2 << "--steps is for integratedgradients only";
    QTest::newRow("--seed on occlusion") << QStringList{"--method", "occlusion", "--seed", "8", "--out", "x.npy", img}
                                         << 2 << "--seed is for smoothgrad only";
    QTest::newRow("--layer on saliency") << QStringList{"--method", "saliency", "--layer", "features.norm5", "--out",
                                                        "x.npy", img}
                                         << 2 << "--layer is for guidedgradcam only";
    QTest::newRow("steps 0") << QStringList{"--method", "integratedgradients", "--steps", "0", "--out", "x.npy", img}
                             << 2 << "--steps";
    QTest::newRow("unknown layer") << QStringList{"--method", "guidedgradcam", "--layer", "features.nope", "--out",
                                                  "x.npy", img}
                                   << 2 << "features.nope";
    QTest::newRow("class too large") << QStringList{"--method", "saliency", "--class", "1000", "--out", "x.npy", img}
                                     << 2 << "1000";
    QTest::newRow("no --out") << QStringList{"--method", "saliency", img} << 2 << "--out";
    QTest::newRow("bad extension") << QStringList{"--method", "saliency", "--out", "x.jpg", img} << 2 << ".npy";
    QTest::newRow("two images") << QStringList{"--method", "saliency", "--out", "x.npy", img, img} << 2 << "IMAGE";
    QTest::newRow("missing image") << QStringList{"--method", "saliency", "--out", "x.npy", "/nonexistent/cat.png"}
                                   << 1 << "cat.png";
}

void TestCliAttribute::exitCodes() {
    QFETCH(QStringList, extra);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir dir;
    for (auto& a : extra)
        if (a.startsWith("x.")) a = dir.filePath(a);
    const auto r = clitest::run(QStringList{"attribute"} << tinyModel() << extra);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

QTEST_MAIN(TestCliAttribute)
#include "tst_cli_attribute.moc"
