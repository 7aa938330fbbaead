// Pixel attributions (densescope/attribution.h) against torchvision with hooks and custom
// autograd functions (tests/oracle/make_attributions.py, written from issue 21's definitions):
// every method on tiny (occlusion's 729 forwards included), the cheap gradient methods on
// densenet121, each within 1e-3 of the reference map's max |value|. Also: Integrated
// Gradients' completeness gap, progress and cancel, the display map, and the errors.
#include <QtTest>

#include <map>
#include <memory>

#include "densescope/attribution.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "densescope/teach.h"
#include "fixtures.h"

namespace {
constexpr double kRelative = 1e-3;

std::vector<float> inputTensor() {
    const auto npy = ds::readNpy(fixtures::path("input256.npy"));
    return {npy.f32(), npy.f32() + npy.numel()};
}

QJsonObject index(const QString& model) {
    return fixtures::json("attributions.json").object().value(model).toObject();
}

double relativeDiff(const std::vector<float>& got, const float* ref, size_t n) {
    double peak = 0;
    for (size_t i = 0; i < n; ++i) peak = std::max(peak, std::abs(double(ref[i])));
    const double diff = fixtures::maxAbsDiff(got.data(), ref, n);
    return peak > 0 ? diff / peak : diff;
}

}  // namespace

class TestAttribution : public QObject {
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
    void completenessGap();
    void progressAndCancel();
    void smoothGradSeed();
    void displayMap();
    void methodNames();
    void taughtHead();
    void errors();
};

void TestAttribution::matchesTorchvision_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QJsonObject>("item");
    for (const QString model : {"tiny", "densenet121"})
        for (const auto& c : index(model).value("cases").toArray()) {
            const auto o = c.toObject();
            QTest::addRow("%s %s %d", qPrintable(model), qPrintable(o.value("method").toString()),
                          o.value("class").toInt())
                << model << o;
        }
}

void TestAttribution::matchesTorchvision() {
    QFETCH(QString, model);
    QFETCH(QJsonObject, item);
    if (model == "densenet121") DS_SKIP_FULL_SIZE_WHEN_SANITIZED();
    const QString method = item.value("method").toString();
    const int cls = item.value("class").toInt();
    ds::AttributionOptions options;
    options.steps = item.value("steps").toInt(32);
    options.samples = item.value("samples").toInt(32);
    options.seed = uint64_t(item.value("seed").toInt(0));
    options.layer = item.value("layer").toString().toStdString();
    int calls = 0;
    const auto m = ds::parseAttributionMethod(method.toStdString());
    const auto result = ds::computeAttributionTensor(
        engine(model), inputTensor(), 224, 224, m, cls, options, 3,
        [&](int, int) { return ++calls > 0; });
    QCOMPARE(result.target.index, cls);
    QCOMPARE(int(result.top.size()), 3);
    QCOMPARE(result.top.front().index, index(model).value("top1").toInt());
    QCOMPARE(result.height, 224);
    QCOMPARE(result.width, 224);
    QCOMPARE(calls > 0, ds::attributionIsSlow(m));
    const auto ref = ds::readNpy(fixtures::path(
        QStringLiteral("%1.attr.%2.%3.npy").arg(model, method).arg(cls)));
    QCOMPARE(ref.shape, (std::vector<int64_t>{3, 224, 224}));
    QCOMPARE(result.values.size(), size_t(ref.numel()));
    const double diff = relativeDiff(result.values, ref.f32(), result.values.size());
    if (!(diff < kRelative)) QFAIL(qPrintable(QStringLiteral("%1 of the maximum").arg(diff)));
    double sum = 0;
    float peak = 0;
    for (float v : result.values) {
        sum += v;
        peak = std::max(peak, std::abs(v));
    }
    QVERIFY(std::abs(sum - result.sum) <= 1e-6 * std::max(1.0, std::abs(sum)));
    QCOMPARE(result.maxAbs, peak);
    if (m == ds::AttributionMethod::Occlusion) QCOMPARE(result.forwards, 730);
}

void TestAttribution::completenessGap() {
    // The gap is reported, equals the oracle's (both from the same definition), and shrinks
    // well below |y(x) - y(0)| with enough steps.
    auto& e = engine("tiny");
    const auto ig = index("tiny").value("ig").toObject();
    const int top1 = index("tiny").value("top1").toInt();
    ds::AttributionOptions options;
    options.steps = ig.value("steps").toInt();
    const auto r = ds::computeAttributionTensor(e, inputTensor(), 224, 224,
                                                ds::AttributionMethod::IntegratedGradients, top1,
                                                options);
    QVERIFY(r.completenessGap && r.logitInput && r.logitBaseline);
    const double delta = *r.logitInput - *r.logitBaseline;
    QVERIFY(std::abs(*r.logitInput - ig.value("y_input").toDouble()) < 1e-4);
    QVERIFY(std::abs(*r.logitBaseline - ig.value("y_baseline").toDouble()) < 1e-4);
    QVERIFY(std::abs(*r.completenessGap - std::abs(r.sum - delta)) < 1e-9);
    QVERIFY2(std::abs(*r.completenessGap - ig.value("gap").toDouble()) < 1e-3 * std::abs(delta) + 1e-5,
             qPrintable(QStringLiteral("%1 vs %2").arg(*r.completenessGap).arg(ig.value("gap").toDouble())));
    options.steps = 32;
    const auto fine = ds::computeAttributionTensor(e, inputTensor(), 224, 224,
                                                   ds::AttributionMethod::IntegratedGradients, top1,
                                                   options);
    QVERIFY2(*fine.completenessGap < 0.05 * std::abs(delta),
             qPrintable(QStringLiteral("gap %1, y(x) - y(0) = %2").arg(*fine.completenessGap).arg(delta)));
    options.steps = 1;  // one node: a far cruder integral, but still reported
    const auto crude = ds::computeAttributionTensor(e, inputTensor(), 224, 224,
                                                    ds::AttributionMethod::IntegratedGradients, top1,
                                                    options);
    QVERIFY(crude.completenessGap.has_value());
    QCOMPARE(crude.forwards, 3);
}

void TestAttribution::progressAndCancel() {
    // On a 64 x 64 crop of the input (7 x 7 occlusion windows), to keep the test short.
    auto& e = engine("tiny");
    const auto full = inputTensor();
    std::vector<float> input;
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) input.push_back(full[size_t(c * 224 * 224 + (80 + y) * 224 + 80 + x)]);
    for (auto m : {ds::AttributionMethod::IntegratedGradients, ds::AttributionMethod::SmoothGrad,
                   ds::AttributionMethod::Occlusion}) {
        std::vector<std::pair<int, int>> seen;
        ds::AttributionOptions options;
        options.steps = 20;
        options.samples = 20;
        const auto r = ds::computeAttributionTensor(e, input, 64, 64, m, -1, options, 1, [&](int d, int t) {
            seen.emplace_back(d, t);
            return true;
        });
        QCOMPARE(r.values.size(), size_t(3 * 64 * 64));
        const int total = m == ds::AttributionMethod::Occlusion ? 49 : 20;
        QVERIFY(seen.size() >= 2);
        QCOMPARE(seen.front(), std::make_pair(0, total));
        QCOMPARE(seen.back(), std::make_pair(total, total));
        for (size_t i = 1; i < seen.size(); ++i) QVERIFY(seen[i].first > seen[i - 1].first);
        // Cancel after the first batch: ds::Cancelled, and the engine still works.
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(ds::Cancelled,
                                 ds::computeAttributionTensor(e, input, 64, 64, m, -1, options, 1,
                                                              [&](int, int) { return ++calls < 2; }));
        QCOMPARE(calls, 2);
    }
    QCOMPARE(e.classifyTensor(full, 224, 224, 1).top.front().index, index("tiny").value("top1").toInt());
    QCOMPARE(ds::occlusionWindows(224, 224), 729);
    QCOMPARE(ds::occlusionWindows(32, 40), 3 * 4);
}

void TestAttribution::smoothGradSeed() {
    // The same seed gives the same map; another seed another one.
    auto& e = engine("tiny");
    ds::AttributionOptions options;
    options.samples = 2;
    options.seed = 11;
    const auto a = ds::computeAttributionTensor(e, inputTensor(), 224, 224, ds::AttributionMethod::SmoothGrad, -1, options);
    const auto b = ds::computeAttributionTensor(e, inputTensor(), 224, 224, ds::AttributionMethod::SmoothGrad, -1, options);
    options.seed = 12;
    const auto c = ds::computeAttributionTensor(e, inputTensor(), 224, 224, ds::AttributionMethod::SmoothGrad, -1, options);
    QCOMPARE(a.values, b.values);
    QVERIFY(a.values != c.values);
}

void TestAttribution::displayMap() {
    ds::AttributionResult r;
    r.height = 10;
    r.width = 10;
    r.values.assign(300, 0.f);
    QCOMPARE(ds::attributionDisplay(r), std::vector<float>(100, 0.f));  // all zero: no division
    for (int i = 0; i < 100; ++i) {
        r.values[size_t(i)] = float(i);          // channel 0: i
        r.values[size_t(200 + i)] = -float(i);   // channel 2: -i -> |.| summed: 2i
    }
    const auto d = ds::attributionDisplay(r);
    // numpy.percentile(2 * arange(100), 99) = 2 * 98.01 = 196.02
    const double p99 = 196.02;
    for (int i = 0; i < 100; ++i) QVERIFY(std::abs(d[size_t(i)] - std::min(1.0, 2.0 * i / p99)) < 1e-6);
    r.values.resize(5);
    QCOMPARE(ds::attributionDisplay(r), std::vector<float>(100, 0.f));  // malformed: zeros
}

void TestAttribution::methodNames() {
    QCOMPARE(ds::attributionMethods().size(), size_t(8));
    for (auto m : ds::attributionMethods()) QCOMPARE(ds::parseAttributionMethod(ds::attributionMethodName(m)), m);
    QCOMPARE(ds::parseAttributionMethod(" IntegratedGradients "), ds::AttributionMethod::IntegratedGradients);
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::parseAttributionMethod("lime"));
    try {
        ds::parseAttributionMethod("lime");
    } catch (const ds::ConfigError& e) {
        QVERIFY2(std::string(e.what()).find("occlusion") != std::string::npos, e.what());
    }
    QVERIFY(ds::attributionUsesSteps(ds::AttributionMethod::IntegratedGradients));
    QVERIFY(!ds::attributionUsesSteps(ds::AttributionMethod::SmoothGrad));
    QVERIFY(ds::attributionUsesSamples(ds::AttributionMethod::SmoothGrad));
    QVERIFY(ds::attributionUsesLayer(ds::AttributionMethod::GuidedGradCam));
    QVERIFY(!ds::attributionIsSlow(ds::AttributionMethod::Saliency));
}

void TestAttribution::taughtHead() {
    // With a taught head the class is the head's: its logit is linear in the pooled features,
    // so occlusion (fast forward) and Integrated Gradients (plain walk) must both explain the
    // same y; IG's y(x) equals the head's logit from the engine's own classification.
    auto& e = engine("tiny");
    const auto full = inputTensor();
    ds::LinearHead head;
    head.classNames = {"a", "b", "c"};
    head.featureCount = e.summary().find(ds::names::kNorm5)->outChannels;
    for (int i = 0; i < 3 * head.featureCount; ++i) head.weight.push_back(float((i * 37 % 11) - 5) * 0.1f);
    head.bias = {0.1f, -0.2f, 0.3f};
    ds::AttributionOptions options;
    options.steps = 4;
    const auto ig = ds::computeAttributionTensor(e, full, 224, 224, ds::AttributionMethod::IntegratedGradients,
                                                 1, options, 3, {}, &head);
    QCOMPARE(ig.target.index, 1);
    QCOMPARE(ig.target.label, std::string("b"));
    QCOMPARE(int(ig.top.size()), 3);
    e.setHead(std::make_shared<const ds::LinearHead>(head));
    const auto fast = e.classifyTensor(full, 224, 224, 3);
    e.clearHead();
    QVERIFY(std::abs(*ig.logitInput - double(fast.logits[1])) < 1e-3 * std::max(1.0, std::abs(*ig.logitInput)));
    const auto occ = ds::computeAttributionTensor(e, full, 224, 224, ds::AttributionMethod::Occlusion, 1,
                                                  options, 3, {}, &head);
    QCOMPARE(occ.target.index, 1);
    QVERIFY(std::all_of(occ.values.begin(), occ.values.end(), [](float v) { return std::isfinite(v); }));
    QVERIFY(occ.maxAbs > 0);
    ds::LinearHead wrong = head;
    wrong.featureCount += 1;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::computeAttributionTensor(e, full, 224, 224,
                                                                           ds::AttributionMethod::Saliency, -1, {}, 5, {}, &wrong));
}

void TestAttribution::errors() {
    auto& e = engine("tiny");
    const auto input = inputTensor();
    const auto sal = ds::AttributionMethod::Saliency;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::computeAttributionTensor(e, input, 224, 224, sal, 1000));
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::computeAttributionTensor(e, input, 225, 224, sal));
    QVERIFY_THROWS_EXCEPTION(ds::ImageError, ds::computeAttribution(e, ds::RgbImage{}, sal));
    ds::AttributionOptions bad;
    bad.steps = 0;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::computeAttributionTensor(e, input, 224, 224,
                                                                           ds::AttributionMethod::IntegratedGradients, -1, bad));
    bad = {};
    bad.samples = 5000;
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::computeAttributionTensor(e, input, 224, 224,
                                                                           ds::AttributionMethod::SmoothGrad, -1, bad));
    bad = {};
    bad.layer = "features.nope";
    QVERIFY_THROWS_EXCEPTION(ds::LayerError, ds::computeAttributionTensor(e, input, 224, 224,
                                                                          ds::AttributionMethod::GuidedGradCam, -1, bad));
    ds::Engine empty;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, ds::computeAttributionTensor(empty, input, 224, 224, sal));
    // guidedgradcam's default module: the last dense block
    const auto r = ds::computeAttributionTensor(e, input, 224, 224, ds::AttributionMethod::GuidedGradCam);
    QCOMPARE(r.layer, std::string("features.denseblock3"));
    QCOMPARE(e.classifyTensor(input, 224, 224, 1).top.front().index, index("tiny").value("top1").toInt());
}

QTEST_GUILESS_MAIN(TestAttribution)
#include "tst_attribution.moc"
