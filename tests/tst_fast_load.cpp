// What an interactive window needs from the engine: random weights with torchvision's
// distributions and a seed that reproduces them on any thread count, cancellable loads that
// keep the previous model, and every layer of the last forward kept so that showing another
// layer needs no forward pass.
// LibTorch before Qt: Qt's `slots` macro breaks torch headers included after it.
#include <torch/torch.h>

#include "densenet.h"
#include "densescope/engine.h"
#include "densescope/errors.h"

#include <QtTest>

#include <cmath>

#include "fixtures.h"
#include "parity.h"

class TestFastLoad : public QObject {
    Q_OBJECT
private slots:
    void initMatchesTorchvisionDistributions();
    void initIsReproducibleAcrossThreadCounts();
    void cancelledLoadKeepsPreviousModel();
    void keptLayersEqualCapturedMaps();
};

namespace {
struct Moments {
    double mean = 0, stddev = 0, maxAbs = 0;
};
Moments moments(const torch::Tensor& t) {
    const auto d = t.to(torch::kDouble);
    return {d.mean().item<double>(), d.std().item<double>(), d.abs().max().item<double>()};
}
}  // namespace

void TestFastLoad::initMatchesTorchvisionDistributions() {
    ds::DenseNet net(ds::DenseNetConfig::variant("densenet121"));
    net->initRandom(0);
    // A big conv: kaiming normal, std sqrt(2 / fan_in); conv0 [64, 3, 7, 7]: fan_in 147.
    const auto& conv = net->features->blocks[2]->layers[20]->conv1->weight;  // [128, 896, 1, 1]
    const double want = std::sqrt(2.0 / 896.0);
    const auto m = moments(conv);
    QVERIFY2(std::abs(m.mean) < 0.01 * want, qPrintable(QString::number(m.mean)));
    QVERIFY2(std::abs(m.stddev / want - 1) < 0.01, qPrintable(QString::number(m.stddev / want)));
    // Normal, not uniform: the tails reach beyond sqrt(3) std (114688 values: ~4 std).
    QVERIFY(m.maxAbs > 3.5 * want);
    // Fourth moment of a normal: 3 sigma^4 (a uniform has 1.8).
    const auto d = conv.to(torch::kDouble);
    const double kurtosis = (d.pow(4).mean() / d.pow(2).mean().pow(2)).item<double>();
    QVERIFY2(std::abs(kurtosis - 3.0) < 0.1, qPrintable(QString::number(kurtosis)));
    // BatchNorm: weight 1, bias 0, running statistics reset; classifier bias 0 and its weight
    // PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    const auto& bn = net->features->norm5;
    QVERIFY(torch::equal(bn->weight, torch::ones_like(bn->weight)));
    QVERIFY(torch::equal(bn->bias, torch::zeros_like(bn->bias)));
    QVERIFY(torch::equal(bn->running_var, torch::ones_like(bn->running_var)));
    QVERIFY(torch::equal(net->classifier->bias, torch::zeros_like(net->classifier->bias)));
    const double bound = 1.0 / std::sqrt(1024.0);
    const auto fc = moments(net->classifier->weight);
    QVERIFY(fc.maxAbs <= bound);
    QVERIFY2(std::abs(fc.stddev / (bound / std::sqrt(3.0)) - 1) < 0.01,
             qPrintable(QString::number(fc.stddev)));
}

void TestFastLoad::initIsReproducibleAcrossThreadCounts() {
    const auto config = fixtures::config("tiny");
    const int threads = torch::get_num_threads();
    ds::DenseNet a(config), b(config), c(config);
    torch::set_num_threads(1);
    a->initRandom(5);
    torch::set_num_threads(std::max(2, threads));
    b->initRandom(5);
    c->initRandom(6);
    torch::set_num_threads(threads);
    const auto pa = a->parameters(), pb = b->parameters(), pc = c->parameters();
    bool anyDifferent = false;
    for (size_t i = 0; i < pa.size(); ++i) {
        QVERIFY(torch::equal(pa[i], pb[i]));
        if (pa[i].dim() == 4) anyDifferent |= !torch::equal(pa[i], pc[i]);
    }
    QVERIFY(anyDifferent);  // another seed, other weights
    // One stream through the model: two convs of the same shape differ.
    const auto& l = a->features->blocks[0]->layers;
    QVERIFY(!torch::equal(l[0]->conv2->weight, l[1]->conv2->weight));
}

void TestFastLoad::cancelledLoadKeepsPreviousModel() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config("tiny"), "random:1");
    const auto input = fixtures::loadInput();
    const auto before = engine.classifyTensor(input, 224, 224, 3).logits;
    int polls = 0;
    try {
        // Cancelled after a few dense layers have been prepared.
        engine.load(ds::DenseNetConfig::variant("densenet121"), "random",
                    [&polls] { return ++polls > 3; });
        QFAIL("the load was not cancelled");
    } catch (const ds::Cancelled&) {
    }
    QVERIFY(polls > 3);
    QCOMPARE(engine.config().name, fixtures::config("tiny").name);
    QCOMPARE(engine.classifyTensor(input, 224, 224, 3).logits, before);
    // A check that never fires changes nothing.
    engine.load(fixtures::config("tiny"), "random:2", [] { return false; });
    QVERIFY(engine.classifyTensor(input, 224, 224, 3).logits != before);
}

void TestFastLoad::keptLayersEqualCapturedMaps() {
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    options.mapBytes = true;
    options.keepLayers = true;
    ds::Engine keeping(options);
    options.keepLayers = false;
    ds::Engine plain(options);
    const auto config = fixtures::config("tiny");
    keeping.load(config, "random:4");
    plain.load(config, "random:4");
    const auto input = fixtures::loadInput();
    ds::FeatureMap map;
    QVERIFY(!keeping.keptMap("features.norm5", &map));  // nothing before the first pass
    const auto first = keeping.classifyTensor(input, 224, 224, 3);
    QVERIFY(keeping.keptBytes() > 0);
    QCOMPARE(plain.keptBytes(), uint64_t(0));
    for (const auto& layer : keeping.capturableLayers()) {
        QVERIFY2(keeping.keptMap(layer, &map), layer.c_str());
        const auto want = plain.classifyTensor(input, 224, 224, 3, {layer}).maps.at(0);
        QCOMPARE(map.layer, layer);
        QCOMPARE(map.channels, want.channels);
        QCOMPARE(map.height, want.height);
        // The stem is computed unfused when kept (as when features.conv0 is asked for), so
        // later layers may differ by float rounding.
        QVERIFY2(fixtures::maxAbsDiff(map.data.data(), want.data.data(), want.data.size()) < 1e-4,
                 layer.c_str());
        QCOMPARE(map.bytes.size(), want.bytes.size());
    }
    QCOMPARE(first.logits.size(), size_t(config.numClasses));
    QVERIFY_THROWS_EXCEPTION(ds::LayerError, keeping.keptMap("features.nothing", &map));
    keeping.releaseKept();
    QVERIFY(!keeping.keptMap("features.norm5", &map));
    QCOMPARE(keeping.keptBytes(), uint64_t(0));
}

QTEST_GUILESS_MAIN(TestFastLoad)
#include "tst_fast_load.moc"
