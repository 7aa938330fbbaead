// Class activation maps (densescope/analysis.h) against torchvision with hooks
// (tests/oracle/make_cams.py): every method at several modules of tiny and densenet121, for the
// top-1 class and class 281, within 1e-4 relative to the CAM's maximum. Also: several modules in
// one pass equal one module at a time, classes by label, and the errors.
#include <QtTest>

#include <map>
#include <memory>
#include <random>

#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/preprocess.h"
#include "fixtures.h"

namespace {
constexpr double kRelative = 1e-4;

std::vector<float> inputTensor() {
    const auto npy = ds::readNpy(fixtures::path("input256.npy"));
    return {npy.f32(), npy.f32() + npy.numel()};
}

QJsonObject index(const QString& model) { return fixtures::json("cams.json").object().value(model).toObject(); }

std::vector<std::string> oracleLayers(const QString& model) {
    std::vector<std::string> out;
    for (const auto& v : index(model).value("layers").toArray()) out.push_back(v.toString().toStdString());
    return out;
}

// Largest difference relative to the reference's maximum (or absolute when that is 0).
double relativeDiff(const ds::CamMap& got, const float* ref, size_t n) {
    double peak = 0;
    for (size_t i = 0; i < n; ++i) peak = std::max(peak, double(ref[i]));
    const double diff = fixtures::maxAbsDiff(got.values.data(), ref, n);
    return peak > 0 ? diff / peak : diff;
}

}  // namespace

class TestCam : public QObject {
    Q_OBJECT
private:
    std::map<QString, std::unique_ptr<ds::Engine>> engines_;
    ds::Engine& engine(const QString& model) {
        auto& e = engines_[model];
        if (!e) {
            ds::EngineOptions options;
            options.device = ds::DeviceKind::Cpu;
            e = std::make_unique<ds::Engine>(options);
            e->load(fixtures::config(model), fixtures::path(model + ".pth"));
        }
        return *e;
    }

private slots:
    void matchesTorchvision_data();
    void matchesTorchvision();
    void oneModuleAtATimeEqualsOnePass_data();
    void oneModuleAtATimeEqualsOnePass();
    void imageEntryPoint();
    void classByLabel();
    void parseClassRules();
    void methodNames();
    void stripLayers();
    void errors();
};

void TestCam::matchesTorchvision_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("cls");
    QTest::addColumn<QString>("method");
    for (const QString model : {"tiny", "densenet121"})
        for (const auto& c : index(model).value("classes").toArray())
            for (const QString method : {"gradcam", "gradcampp", "layercam"})
                QTest::addRow("%s %d %s", qPrintable(model), c.toInt(), qPrintable(method))
                    << model << c.toInt() << method;
}

void TestCam::matchesTorchvision() {
    // All of the oracle's modules in one pass (the way the app's strip runs), each compared
    // with torchvision's CAM of that module alone.
    QFETCH(QString, model);
    if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
    QFETCH(int, cls);
    QFETCH(QString, method);
    const auto layers = oracleLayers(model);
    const auto input = inputTensor();
    const auto result = ds::computeCamsTensor(engine(model), input, 224, 224, layers,
                                              ds::parseCamMethod(method.toStdString()), cls, 5);
    QCOMPARE(result.target.index, cls);
    QCOMPARE(int(result.top.size()), 5);
    QCOMPARE(result.top.front().index, index(model).value("top1").toInt());
    QVERIFY(std::abs(result.target.probability -
                     index(model).value("probabilities").toObject().value(QString::number(cls)).toDouble()) < 1e-5);
    QCOMPARE(result.maps.size(), layers.size());
    for (size_t i = 0; i < layers.size(); ++i) {
        const auto& map = result.maps[i];
        QCOMPARE(map.layer, layers[i]);
        const auto ref = ds::readNpy(fixtures::path(QStringLiteral("%1.cam.%2.%3.%4.npy")
                                                        .arg(model, method, QString::fromStdString(layers[i]))
                                                        .arg(cls)));
        QCOMPARE(ref.shape, (std::vector<int64_t>{map.height, map.width}));
        QCOMPARE(map.values.size(), size_t(ref.numel()));
        const double diff = relativeDiff(map, ref.f32(), map.values.size());
        if (!(diff < kRelative))
            QFAIL(qPrintable(QStringLiteral("%1: %2 relative to the maximum").arg(layers[i].c_str()).arg(diff)));
        // max and argmax describe the values
        const auto peak = std::max_element(map.values.begin(), map.values.end());
        QCOMPARE(map.max, *peak);
        QCOMPARE(map.argmaxY * map.width + map.argmaxX, int(peak - map.values.begin()));
        QVERIFY(std::all_of(map.values.begin(), map.values.end(), [](float v) { return v >= 0; }));
    }
}

void TestCam::oneModuleAtATimeEqualsOnePass_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("densenet121") << "densenet121";
}

void TestCam::oneModuleAtATimeEqualsOnePass() {
    // The strip (and a dense layer with its own block, in reverse order) in one pass equals each
    // module on its own, where the backward stops at that module.
    QFETCH(QString, model);
    if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
    auto& e = engine(model);
    const auto input = inputTensor();
    auto layers = ds::camStripLayers(fixtures::config(model));
    layers.push_back(ds::names::kNorm5);
    layers.insert(layers.begin(), ds::names::denseLayer(2, 2));
    for (auto method : {ds::CamMethod::GradCam, ds::CamMethod::GradCamPlusPlus, ds::CamMethod::LayerCam}) {
        const auto all = ds::computeCamsTensor(e, input, 224, 224, layers, method);
        QCOMPARE(all.maps.size(), layers.size());
        for (size_t i = 0; i < layers.size(); ++i) {
            const auto one = ds::computeCamsTensor(e, input, 224, 224, {layers[i]}, method);
            QCOMPARE(one.target.index, all.target.index);
            QCOMPARE(all.maps[i].layer, layers[i]);
            QCOMPARE(one.maps[0].values.size(), all.maps[i].values.size());
            const double diff = relativeDiff(all.maps[i], one.maps[0].values.data(), one.maps[0].values.size());
            if (!(diff < 1e-5)) QFAIL(qPrintable(QStringLiteral("%1: %2").arg(layers[i].c_str()).arg(diff)));
        }
    }
}

void TestCam::imageEntryPoint() {
    // computeCams(image) preprocesses as classify does: the same as the tensor entry point on
    // ds::preprocess's output.
    ds::RgbImage image;
    image.width = 300;
    image.height = 260;
    image.pixels.resize(size_t(image.width) * image.height * 3);
    std::mt19937 rng(7);
    for (auto& p : image.pixels) p = uint8_t(rng() & 0xff);
    auto& e = engine("tiny");
    const auto a = ds::computeCams(e, image, {"features.transition1"}, ds::CamMethod::LayerCam, -1, 3);
    const auto b = ds::computeCamsTensor(e, ds::preprocess(image), 224, 224, {"features.transition1"},
                                         ds::CamMethod::LayerCam, -1, 3);
    QCOMPARE(a.top.size(), size_t(3));
    QCOMPARE(a.target.index, b.target.index);
    QVERIFY(relativeDiff(a.maps[0], b.maps[0].values.data(), b.maps[0].values.size()) < 1e-5);
}

void TestCam::classByLabel() {
    // "tabby" is class 281; its CAM is the oracle's CAM for 281.
    const int cls = ds::parseClass("tabby", 1000);
    QCOMPARE(cls, 281);
    const auto result = ds::computeCamsTensor(engine("tiny"), inputTensor(), 224, 224, {ds::names::kNorm5},
                                              ds::CamMethod::GradCam, cls);
    QCOMPARE(result.target.index, 281);
    QCOMPARE(result.target.label, std::string("tabby"));
    const auto ref = ds::readNpy(fixtures::path("tiny.cam.gradcam.features.norm5.281.npy"));
    QVERIFY(relativeDiff(result.maps[0], ref.f32(), size_t(ref.numel())) < kRelative);
}

void TestCam::parseClassRules() {
    QCOMPARE(ds::parseClass("281", 1000), 281);
    QCOMPARE(ds::parseClass(" 0 ", 1000), 0);
    QCOMPARE(ds::parseClass("TABBY", 1000), 281);
    QCOMPARE(ds::parseClass("tabby cat", 1000), 281);      // starts with the label "tabby"
    QCOMPARE(ds::parseClass("persian", 1000), 283);        // a label starting so: "Persian cat"
    QCOMPARE(ds::parseClass("tiger", 1000), 292);          // exact beats "tiger cat", "tiger shark"
    QCOMPARE(ds::parseClass("class 3", 10), 3);            // custom heads: "class N"
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseClass("1000", 1000));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseClass("12", 10));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseClass("-1", 1000));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseClass("no such thing", 1000));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseClass("grey", 1000));  // grey fox, grey whale
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseClass("", 1000));
    try {
        ds::parseClass("grey", 1000);
    } catch (const ds::ConfigError& e) {
        QVERIFY2(std::string(e.what()).find("grey fox (280)") != std::string::npos, e.what());
    }
}

void TestCam::methodNames() {
    for (auto m : {ds::CamMethod::GradCam, ds::CamMethod::GradCamPlusPlus, ds::CamMethod::LayerCam})
        QCOMPARE(ds::parseCamMethod(ds::camMethodName(m)), m);
    QCOMPARE(std::string(ds::camMethodName(ds::CamMethod::GradCamPlusPlus)), std::string("gradcampp"));
    QCOMPARE(ds::parseCamMethod("LayerCAM"), ds::CamMethod::LayerCam);
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseCamMethod("nocam"));  // tst_cam_methods: the rest
}

void TestCam::stripLayers() {
    const std::vector<std::string> expected{
        "features.pool0",       "features.denseblock1", "features.transition1", "features.denseblock2",
        "features.transition2", "features.denseblock3", "features.transition3", "features.denseblock4"};
    QCOMPARE(ds::camStripLayers(ds::DenseNetConfig::variant("densenet121")), expected);
    QCOMPARE(ds::camStripLayers(fixtures::config("tiny")).size(), size_t(6));
}

void TestCam::errors() {
    auto& e = engine("tiny");
    const auto input = inputTensor();
    const auto gc = ds::CamMethod::GradCam;
    QVERIFY_THROWS_EXCEPTION(ds::LayerError, ds::computeCamsTensor(e, input, 224, 224, {"features.nope"}, gc));
    QVERIFY_THROWS_EXCEPTION(ds::LayerError, ds::computeCamsTensor(e, input, 224, 224, {"classifier"}, gc));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::computeCamsTensor(e, input, 224, 224, {}, gc));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError,
                             ds::computeCamsTensor(e, input, 224, 224, {ds::names::kNorm5}, gc, 1000));
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::computeCamsTensor(e, input, 225, 224, {ds::names::kNorm5}, gc));
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::computeCams(e, ds::RgbImage{}, {ds::names::kNorm5}, gc));
    ds::Engine empty;
    QVERIFY_THROWS_EXCEPTION(std::logic_error,
                             ds::computeCamsTensor(empty, input, 224, 224, {ds::names::kNorm5}, gc));
    // The engine still classifies after all that.
    QCOMPARE(e.classifyTensor(input, 224, 224, 1).top.front().index, index("tiny").value("top1").toInt());
}

QTEST_GUILESS_MAIN(TestCam)
#include "tst_cam.moc"
