// The CAM methods of issue 21 (HiResCAM, Grad-CAM element-wise, XGrad-CAM, Eigen-CAM,
// EigenGrad-CAM, Score-CAM, Ablation-CAM, FEM, eigen-smooth) against torchvision with hooks
// (tests/oracle/make_cam_methods.py, written from the definitions): each map within
// 1e-3 of the reference's maximum. Also: progress and Cancel of the perturbation methods,
// the method names and their error.
#include <QtTest>

#include <map>
#include <memory>

#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "fixtures.h"

namespace {
constexpr double kRelative = 1e-3;

std::vector<float> inputTensor() {
    const auto npy = ds::readNpy(fixtures::path("input256.npy"));
    return {npy.f32(), npy.f32() + npy.numel()};
}

QJsonObject index(const QString& model) {
    return fixtures::json("cam_methods.json").object().value(model).toObject();
}

double relativeDiff(const std::vector<float>& got, const float* ref, size_t n) {
    double peak = 0;
    for (size_t i = 0; i < n; ++i) peak = std::max(peak, double(ref[i]));
    const double diff = fixtures::maxAbsDiff(got.data(), ref, n);
    return peak > 0 ? diff / peak : diff;
}

}  // namespace

class TestCamMethods : public QObject {
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
    void severalLayersEachInTurn();
    void progressAndCancel();
    void eigenSmoothIgnoredByEigenMethods();
    void names();
};

void TestCamMethods::matchesTorchvision_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("layer");
    for (const QString model : {"tiny", "densenet121"})
        for (const auto& c : index(model).value("cases").toArray()) {
            const auto pair = c.toArray();
            QTest::addRow("%s %s %s", qPrintable(model), qPrintable(pair[0].toString()),
                          qPrintable(pair[1].toString()))
                << model << pair[0].toString() << pair[1].toString();
        }
}

void TestCamMethods::matchesTorchvision() {
    QFETCH(QString, model);
    if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
    QFETCH(QString, method);
    QFETCH(QString, layer);
    const int cls = index(model).value("class").toInt();
    ds::CamOptions options;
    options.eigenSmooth = method.endsWith("+eigensmooth");
    const auto m = ds::parseCamMethod(method.section('+', 0, 0).toStdString());
    const auto result = ds::computeCamsTensor(engine(model), inputTensor(), 224, 224, {layer.toStdString()},
                                              m, cls, 5, nullptr, options);
    QCOMPARE(result.target.index, cls);
    QCOMPARE(result.method, m);
    QCOMPARE(result.eigenSmooth, options.eigenSmooth);
    const auto& map = result.maps.at(0);
    const auto ref = ds::readNpy(fixtures::path(
        QStringLiteral("%1.cammethod.%2.%3.%4.npy").arg(model, method, layer).arg(cls)));
    QCOMPARE(ref.shape, (std::vector<int64_t>{map.height, map.width}));
    const double diff = relativeDiff(map.values, ref.f32(), map.values.size());
    if (!(diff < kRelative)) QFAIL(qPrintable(QStringLiteral("%1 relative to the maximum").arg(diff)));
    QVERIFY(std::all_of(map.values.begin(), map.values.end(), [](float v) { return v >= 0; }));
    const auto peak = std::max_element(map.values.begin(), map.values.end());
    QCOMPARE(map.max, *peak);
}

void TestCamMethods::severalLayersEachInTurn() {
    // Several layers in one call equal each layer alone, for a perturbation method and a
    // gradient one; progress counts every layer's channels.
    auto& e = engine("tiny");
    const std::vector<std::string> layers{"features.norm5", "features.transition2",
                                          "features.denseblock3.denselayer1"};
    for (auto method : {ds::CamMethod::AblationCam, ds::CamMethod::ScoreCam, ds::CamMethod::XGradCam}) {
        int last = -1, total = -1;
        ds::CamOptions options;
        options.progress = [&](int done, int all) {
            last = done;
            total = all;
            return true;
        };
        const auto all = ds::computeCamsTensor(e, inputTensor(), 224, 224, layers, method, -1, 5, nullptr, options);
        QCOMPARE(last, total);
        if (ds::camMethodIsPerturbation(method)) {
            int channels = 0;
            for (const auto& l : layers) channels += int(e.classifyTensor(inputTensor(), 224, 224, 1, {l}).maps[0].channels);
            QCOMPARE(total, channels);
        }
        for (size_t i = 0; i < layers.size(); ++i) {
            const auto one = ds::computeCamsTensor(e, inputTensor(), 224, 224, {layers[i]}, method);
            QCOMPARE(all.maps[i].layer, layers[i]);
            QVERIFY(relativeDiff(all.maps[i].values, one.maps[0].values.data(), one.maps[0].values.size()) < 1e-5);
        }
    }
}

void TestCamMethods::progressAndCancel() {
    // The callback's false stops a perturbation method with ds::Cancelled after that batch; the
    // engine works on afterwards.
    auto& e = engine("tiny");
    for (auto method : {ds::CamMethod::ScoreCam, ds::CamMethod::AblationCam}) {
        int calls = 0;
        ds::CamOptions options;
        options.batch = 4;
        options.progress = [&](int done, int total) {
            ++calls;
            return done < total / 2;
        };
        QVERIFY_THROWS_EXCEPTION(ds::Cancelled,
                                 ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.transition2"},
                                                       method, -1, 5, nullptr, options));
        QVERIFY(calls >= 2);
        // A batch size of its own gives the same map as the automatic one.
        options.progress = {};
        const auto a = ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.transition2"}, method,
                                             -1, 5, nullptr, options);
        const auto b = ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.transition2"}, method);
        QVERIFY(relativeDiff(a.maps[0].values, b.maps[0].values.data(), b.maps[0].values.size()) < 1e-5);
    }
    ds::CamOptions bad;
    bad.batch = -1;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.norm5"},
                                                                   ds::CamMethod::ScoreCam, -1, 5, nullptr, bad));
    // Gradient methods report start and end; false stops them too.
    ds::CamOptions stop;
    stop.progress = [](int, int) { return false; };
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled, ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.norm5"},
                                                                 ds::CamMethod::HiResCam, -1, 5, nullptr, stop));
}

void TestCamMethods::eigenSmoothIgnoredByEigenMethods() {
    auto& e = engine("tiny");
    ds::CamOptions smooth;
    smooth.eigenSmooth = true;
    for (auto method : {ds::CamMethod::EigenCam, ds::CamMethod::EigenGradCam}) {
        const auto a = ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.transition2"}, method,
                                             -1, 5, nullptr, smooth);
        const auto b = ds::computeCamsTensor(e, inputTensor(), 224, 224, {"features.transition2"}, method);
        QVERIFY(!a.eigenSmooth);
        QCOMPARE(a.maps[0].values, b.maps[0].values);
    }
}

void TestCamMethods::names() {
    const std::vector<std::string> expected{"gradcam",  "gradcampp",    "layercam", "hirescam",
                                            "gradcamelementwise", "xgradcam", "eigencam",
                                            "eigengradcam", "scorecam", "ablationcam", "fem"};
    QCOMPARE(ds::allCamMethods().size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(std::string(ds::camMethodName(ds::allCamMethods()[i])), expected[i]);
        QCOMPARE(ds::parseCamMethod(expected[i]), ds::allCamMethods()[i]);
    }
    QCOMPARE(ds::parseCamMethod(" ScoreCAM "), ds::CamMethod::ScoreCam);
    QVERIFY(ds::camMethodIsClassIndependent(ds::CamMethod::Fem));
    QVERIFY(!ds::camMethodUsesGradient(ds::CamMethod::EigenCam));
    QVERIFY(ds::camMethodUsesGradient(ds::CamMethod::EigenGradCam));
    try {
        ds::parseCamMethod("gradcam2");
        QFAIL("no error");
    } catch (const ds::ConfigError& e) {
        const std::string what = e.what();
        QVERIFY2(what.find("'gradcam2'") != std::string::npos, e.what());
        for (const auto& name : expected) QVERIFY2(what.find(name) != std::string::npos, e.what());
    }
}

QTEST_GUILESS_MAIN(TestCamMethods)
#include "tst_cam_methods.moc"
