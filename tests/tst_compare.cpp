// Every CAM method side by side (densescope/compare.h), on the tiny model: each map and its
// metrics are exactly what computeCams and faithfulness give alone (whose oracles are
// tests/oracle/make_cam_methods.py and make_road.py), in the order asked for, for one class;
// progress counts every step and a stop cancels; the cost order and the time estimates rank
// the methods as their forward passes do.
#include <QtTest>

#include <algorithm>
#include <set>

#include "densescope/compare.h"
#include "densescope/errors.h"
#include "densescope/preprocess.h"
#include "fixtures.h"

class TestCompare : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sameAsEachMethodAlone();
    void progressAndCancel();
    void costOrderAndEstimates();

private:
    std::unique_ptr<ds::Engine> m_engine;
    ds::RgbImage m_image;
};

void TestCompare::initTestCase() {
    m_engine = std::make_unique<ds::Engine>();
    m_engine->load(fixtures::config("tiny"), fixtures::path("tiny.pth"));
    // A synthetic picture with structure (the comparison's consistency does not depend on it).
    m_image.width = 240;
    m_image.height = 260;
    m_image.pixels.resize(size_t(240) * 260 * 3);
    for (int y = 0; y < 260; ++y)
        for (int x = 0; x < 240; ++x)
            for (int c = 0; c < 3; ++c)
                m_image.pixels[(size_t(y) * 240 + x) * 3 + c] =
                    uint8_t((x * (c + 1) + y * (3 - c) + ((x / 30 + y / 40) % 2) * 90) % 256);
    QVERIFY(m_image.valid());
}

void TestCompare::sameAsEachMethodAlone() {
    const std::string layer = "features.denseblock2";
    const std::vector<ds::CamMethod> methods = ds::camMethodsByCost();
    const ds::CompareResult r = ds::compareCams(*m_engine, m_image, layer, methods);
    QCOMPARE(r.layer, layer);
    QCOMPARE(r.methods.size(), methods.size());
    QVERIFY(r.totalMs > 0);
    const std::vector<float> x = ds::preprocess(m_image);
    for (size_t i = 0; i < methods.size(); ++i) {
        const auto& m = r.methods[i];
        QCOMPARE(m.method, methods[i]);
        const auto alone = ds::computeCamsTensor(*m_engine, x, 224, 224, {layer}, m.method, r.target.index);
        QCOMPARE(alone.target.index, r.target.index);  // every method explains the same class
        QCOMPARE(m.map.values, alone.maps.front().values);
        if (!m.hasMetrics) {
            QVERIFY2(!m.metricsNote.empty(), ds::camMethodName(m.method));
            continue;
        }
        const auto metrics = ds::faithfulness(*m_engine, x, 224, 224, alone.maps.front(), r.target.index);
        QCOMPARE(m.metrics.roadCombined, metrics.roadCombined);
        QCOMPARE(m.metrics.confidenceChange, metrics.confidenceChange);
        QCOMPARE(m.metrics.roadCombined, (m.metrics.roadLerf - m.metrics.roadMorf) / 2);
    }
    // Another class: every method follows it.
    const int other = r.top.size() > 1 ? r.top[1].index : 0;
    const auto r2 = ds::compareCams(*m_engine, m_image, layer, {ds::CamMethod::GradCam, ds::CamMethod::Fem}, other);
    QCOMPARE(r2.target.index, other);
    QCOMPARE(r2.methods.front().metrics.classIndex, other);
}

void TestCompare::progressAndCancel() {
    std::vector<std::pair<int, int>> calls;
    ds::compareCams(*m_engine, m_image, "features.transition1", {ds::CamMethod::GradCam, ds::CamMethod::EigenCam},
                    -1, 5, [&](int done, int total) {
                        calls.emplace_back(done, total);
                        return true;
                    });
    QVERIFY(!calls.empty());
    QCOMPARE(calls.front(), std::make_pair(0, 4));
    QCOMPARE(calls.back(), std::make_pair(4, 4));
    int seen = 0;
    QVERIFY_THROWS_EXCEPTION(ds::Cancelled,
                             ds::compareCams(*m_engine, m_image, "features.transition1",
                                             ds::camMethodsByCost(), -1, 5, [&](int, int) { return ++seen < 3; }));
    QVERIFY_THROWS_EXCEPTION(ds::LayerError, ds::compareCams(*m_engine, m_image, "features.nope", {ds::CamMethod::GradCam}));
}

void TestCompare::costOrderAndEstimates() {
    const auto order = ds::camMethodsByCost();
    const auto& all = ds::allCamMethods();
    QCOMPARE(std::set<ds::CamMethod>(order.begin(), order.end()), std::set<ds::CamMethod>(all.begin(), all.end()));
    QCOMPARE(order.size(), all.size());
    QCOMPARE(order.back(), ds::CamMethod::ScoreCam);
    QVERIFY(!ds::camMethodUsesGradient(order.front()));
    const auto config = ds::DenseNetConfig::variant("densenet121");
    const double fwd = 30;
    const auto est = [&](const char* layer, ds::CamMethod m) { return ds::estimateCamSeconds(config, layer, m, fwd); };
    // Score-CAM: a whole forward per channel (256 at transition2, 1024 at denseblock3).
    QVERIFY(std::abs(est("features.transition2", ds::CamMethod::ScoreCam) - (2.5 + 256) * 0.03) < 1e-9);
    // Ablation-CAM reruns only what lies behind the module: less than Score-CAM, more for an earlier module.
    QVERIFY(est("features.denseblock3", ds::CamMethod::AblationCam) < est("features.denseblock3", ds::CamMethod::ScoreCam));
    QVERIFY(est("features.denseblock2", ds::CamMethod::AblationCam) / 512 >
            est("features.denseblock3", ds::CamMethod::AblationCam) / 1024);
    QCOMPARE(est("features.denseblock3", ds::CamMethod::GradCam), 2.5 * 0.03);
    QCOMPARE(est("features.denseblock3", ds::CamMethod::EigenCam), 0.03);
}

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
