// The engine's fast inference forms against the plain module (which tst_model checks against
// torchvision), and the 8-bit feature-map conversion (feature_maps.h).
#include "cpu_kernels.h"  // LibTorch before Qt (its `slots` macro)
#include "device_maps.h"
#include "packed_conv.h"

#include <ATen/core/dispatch/Dispatcher.h>

#include <QtTest>

#include <cmath>
#include <limits>

#include "densescope/engine.h"
#include "densescope/feature_maps.h"
#include "parity.h"

namespace {
constexpr double kTolerance = 1e-4;

// 1e-4 absolute up to magnitude 10, then 1e-5 relative to the map's largest value (see
// parityWithTorchvision for why).
double mapTolerance(const float* ref, size_t n) {
    double magnitude = 0;
    for (size_t i = 0; i < n; ++i) magnitude = std::max(magnitude, double(std::abs(ref[i])));
    return kTolerance * std::max(1.0, magnitude / 10);
}

ds::Engine makeEngine(bool optimize, bool mapBytes = false) {
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    options.optimize = optimize;
    options.mapBytes = mapBytes;
    return ds::Engine(options);
}

ds::FeatureMap constantMap(float value) {
    ds::FeatureMap m;
    m.channels = 2;
    m.height = 2;
    m.width = 2;
    m.data = {value, value, value, value, -1.f, 0.f, 1.f, std::numeric_limits<float>::quiet_NaN()};
    return m;
}
}  // namespace

class TestFastPath : public QObject {
    Q_OBJECT
private slots:
    void parityWithTorchvision_data();
    void parityWithTorchvision();
    void parityCheckFailsOnNaN();
    void sameOutputsAsModule_data();
    void sameOutputsAsModule();
    void batchesAgree();
    void engineBytesMatchMapToBytes();
    void statsMatchEngine();
    void quantizeEdgeCases();
    void prepackedWhereAvailable();
    void linearHeadMatchesTorch();
    void packedTransferMatchesHostPath();
    void fusedHostCopy_data();
    void fusedHostCopy();
};

void TestFastPath::parityWithTorchvision_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("densenet121") << "densenet121";
}

void TestFastPath::parityWithTorchvision() {
    // The fast path (default options) against torchvision's fixtures. Logits: 1e-4 absolute.
    // Maps: 1e-4 absolute up to magnitude 10, then 1e-5 relative to the map's largest value:
    // float32 itself is ~1.3e-4 off the exact (float64) result on features.norm5 (|x| ~ 90),
    // so no summation order but torchvision's own gets within 1e-4 absolute there.
    QFETCH(QString, model);
    auto engine = makeEngine(true);
    engine.load(fixtures::config(model), fixtures::path(model + ".pth"));
    fixtures::checkParity(engine, model, kTolerance, mapTolerance);
}

void TestFastPath::parityCheckFailsOnNaN() {
    // The comparison itself: NaN anywhere is a difference, never dropped.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const float ones[3] = {1.f, 1.f, 1.f}, nans[3] = {nan, nan, nan}, mixed[3] = {1.f, nan, 1.f};
    const float infs[3] = {inf, 1.f, 1.f};
    QVERIFY(!(fixtures::maxAbsDiff(nans, ones, 3) < 1e30));
    QVERIFY(!(fixtures::maxAbsDiff(ones, nans, 3) < 1e30));
    QVERIFY(!(fixtures::maxAbsDiff(mixed, ones, 3) < 1e30));
    QVERIFY(!(fixtures::maxAbsDiff(infs, ones, 3) < 1e30));
    QCOMPARE(fixtures::maxAbsDiff(infs, infs, 3), 0.0);
    // And the whole parity check: an all-NaN input gives all-NaN logits and maps, which the
    // check must refuse (it passed every parity check while maxAbsDiff used std::max).
    auto engine = makeEngine(true);
    engine.load(fixtures::config("tiny"), fixtures::path("tiny.pth"));
    QVERIFY(fixtures::parityError(engine, "tiny", kTolerance, mapTolerance).isEmpty());
    const std::vector<float> allNaN(size_t(3) * 224 * 224, nan);
    const QString error = fixtures::parityError(engine, "tiny", kTolerance, mapTolerance, allNaN);
    QVERIFY2(error.startsWith("logits differ by inf"), qPrintable(error));
}

void TestFastPath::sameOutputsAsModule_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("everything");  // all layers (unfused stem) or a few (fused stem)
    for (const char* model : {"tiny", "densenet121"}) {
        QTest::newRow(qPrintable(QString(model) + " all layers")) << model << true;
        QTest::newRow(qPrintable(QString(model) + " few layers")) << model << false;
    }
}

void TestFastPath::sameOutputsAsModule() {
    QFETCH(QString, model);
    QFETCH(bool, everything);
    auto fast = makeEngine(true), plain = makeEngine(false);
    fast.load(fixtures::config(model), "random:11");
    plain.load(fixtures::config(model), "random:11");
    std::vector<std::string> layers = fast.capturableLayers();
    if (!everything) layers = {"features.relu0", "features.denseblock2", "features.transition1"};
    const auto input = fixtures::loadInput();
    const auto a = fast.classifyTensor(input, 224, 224, 5, layers);
    const auto b = plain.classifyTensor(input, 224, 224, 5, layers);
    const double logitDiff =
        fixtures::maxAbsDiff(a.logits.data(), b.logits.data(), a.logits.size());
    QVERIFY2(logitDiff < kTolerance, qPrintable(QString("logits differ by %1").arg(logitDiff)));
    QCOMPARE(a.maps.size(), b.maps.size());
    for (size_t i = 0; i < a.maps.size(); ++i) {
        QCOMPARE(a.maps[i].layer, b.maps[i].layer);
        QCOMPARE(a.maps[i].data.size(), b.maps[i].data.size());
        const auto& ref = b.maps[i].data;
        const double diff = fixtures::maxAbsDiff(a.maps[i].data.data(), ref.data(), ref.size());
        QVERIFY2(diff < mapTolerance(ref.data(), ref.size()),
                 qPrintable(QString("%1 differs by %2").arg(a.maps[i].layer.c_str()).arg(diff)));
    }
}

void TestFastPath::batchesAgree() {
    // forwardBatch (the benchmark's entry point) gives every image of the batch the logits
    // classifyTensor gives the single image, with and without captures.
    auto engine = makeEngine(true);
    engine.load(fixtures::config("tiny"), "random:2");
    const auto input = fixtures::loadInput();
    const auto single = engine.classifyTensor(input, 224, 224, 1);
    double ms = -1;
    const auto logits = engine.forwardBatch(input, 224, 224, 3, engine.capturableLayers(), &ms);
    QVERIFY(ms >= 0);
    const size_t n = single.logits.size();
    QCOMPARE(logits.size(), 3 * n);
    for (size_t i = 0; i < 3; ++i)
        QVERIFY(fixtures::maxAbsDiff(logits.data() + i * n, single.logits.data(), n) < kTolerance);
}

void TestFastPath::engineBytesMatchMapToBytes() {
    auto engine = makeEngine(true, /*mapBytes=*/true);
    engine.load(fixtures::config("tiny"), "random:4");
    const auto r = engine.classifyTensor(fixtures::loadInput(), 224, 224, 1,
                                         {"features.norm0", "features.denseblock2"});
    for (const auto& map : r.maps) {
        QCOMPARE(map.bytes.size(), map.data.size());
        const auto expected = ds::mapToBytes(map, ds::MapScaling::PerChannel);
        int worst = 0;
        for (size_t i = 0; i < expected.size(); ++i)
            worst = std::max(worst, std::abs(int(expected[i]) - map.bytes[i]));
        QVERIFY2(worst == 0,
                 qPrintable(QString("%1: bytes differ by %2").arg(map.layer.c_str()).arg(worst)));
    }
}

void TestFastPath::statsMatchEngine() {
    auto engine = makeEngine(true);
    engine.load(fixtures::config("tiny"), "random:4");
    const auto r =
        engine.classifyTensor(fixtures::loadInput(), 224, 224, 1, {"features.transition1"});
    ds::FeatureMap map = r.maps[0];
    ds::computeChannelStats(map);
    for (int c = 0; c < map.channels; ++c) {
        QCOMPARE(map.channelMin[size_t(c)], r.maps[0].channelMin[size_t(c)]);
        QCOMPARE(map.channelMax[size_t(c)], r.maps[0].channelMax[size_t(c)]);
        QVERIFY(std::abs(map.channelMean[size_t(c)] - r.maps[0].channelMean[size_t(c)]) < 1e-5);
    }
}

// Where this LibTorch has oneDNN's prepacked convolution ops, the load-time self-check
// (a small strided, padded, fused-ReLU case against a direct convolution) accepts them.
void TestFastPath::prepackedWhereAvailable() {
    auto& dispatcher = c10::Dispatcher::singleton();
    if (!dispatcher.findSchema({"mkldnn_prepacked::conv2d_prepack", ""}))
        QSKIP("this LibTorch has no mkldnn_prepacked ops");
    QVERIFY(ds::PackedConv::prepackAvailable());
}

void TestFastPath::linearHeadMatchesTorch() {
    auto gen = at::detail::createCPUGenerator(/*seed_val=*/3);
    const auto x = torch::randn({3, 1027}, gen), w = torch::randn({10, 1027}, gen),
               b = torch::randn({10}, gen);
    const auto got = ds::linearHead(x, w, b), want = torch::linear(x, w, b);
    QCOMPARE(got.sizes(), want.sizes());
    QVERIFY((got - want).abs().max().item<float>() < 1e-4f);
}

// The GPU path's map transfer (ATen statistics and quantisation, packed into one tensor) run
// on the CPU: the same values, statistics and bytes as the host path and mapToBytes. This is
// the part of the CUDA path that can be checked without a GPU. (No NaN here: ATen's amin/amax
// propagate it, computeChannelStats skips it.)
void TestFastPath::packedTransferMatchesHostPath() {
    auto gen = at::detail::createCPUGenerator(/*seed_val=*/5);
    auto x = (torch::randn({2, 24, 7, 11}, gen) * 4).contiguous(torch::MemoryFormat::ChannelsLast);
    x[0][3].fill_(-2.f);  // a constant channel
    for (const bool bytes : {false, true}) {
        const auto got = ds::packedMapToHost("layer", x, bytes);
        QCOMPARE(got.channels, 24);
        QCOMPARE(got.height, 7);
        QCOMPARE(got.width, 11);
        const auto chw = x[0].contiguous();
        QVERIFY(std::memcmp(got.data.data(), chw.data_ptr<float>(), got.data.size() * 4) == 0);
        ds::FeatureMap ref = got;
        ds::computeChannelStats(ref);
        for (size_t c = 0; c < 24; ++c) {
            QCOMPARE(got.channelMin[c], ref.channelMin[c]);
            QCOMPARE(got.channelMax[c], ref.channelMax[c]);
            QVERIFY(std::abs(got.channelMean[c] - ref.channelMean[c]) < 1e-5);
        }
        if (bytes)
            QVERIFY(got.bytes == ds::mapToBytes(ref, ds::MapScaling::PerChannel));
        else
            QVERIFY(got.bytes.empty());
    }
}

void TestFastPath::fusedHostCopy_data() {
    QTest::addColumn<int>("first");  // channel range [first, first + count) of a wider buffer
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("threads");
    QTest::newRow("whole buffer") << 0 << 40 << 2;
    QTest::newRow("dense-layer slot") << 8 << 20 << 2;
    QTest::newRow("one thread, odd plane") << 3 << 5 << 1;
}

// channelsLastToHost (the engine's CPU map copy) against the plain per-channel references:
// the CHW copy is exact, statistics match computeChannelStats, bytes match mapToBytes, also
// with a NaN, a constant channel, a 9x13 plane (not a whole number of 16-pixel tiles) and
// channel views with a pixel stride wider than their channel count.
void TestFastPath::fusedHostCopy() {
    QFETCH(int, first);
    QFETCH(int, count);
    QFETCH(int, threads);
    torch::set_num_threads(threads);
    auto gen = at::detail::createCPUGenerator(/*seed_val=*/11);
    auto buffer = (torch::randn({2, 40, 9, 13}, gen) * 3)
                      .contiguous(torch::MemoryFormat::ChannelsLast);
    buffer[0][first].fill_(1.5f);  // constant channel
    buffer[0][first + count - 1][4][7] = std::numeric_limits<float>::quiet_NaN();
    const auto view = buffer.narrow(1, first, count);

    ds::FeatureMap got;
    QVERIFY(ds::channelsLastToHost(view, /*bytes=*/true, &got));
    QCOMPARE(got.channels, count);
    QCOMPARE(got.height, 9);
    QCOMPARE(got.width, 13);
    const auto& mins = got.channelMin;
    const auto& maxs = got.channelMax;
    const auto& means = got.channelMean;
    const auto& bytes = got.bytes;
    ds::FeatureMap map = got;  // the reference statistics are recomputed from its data below

    const auto chw = view[0].contiguous();
    QVERIFY(std::memcmp(map.data.data(), chw.data_ptr<float>(), map.data.size() * 4) == 0 ||
            torch::equal(torch::from_blob(map.data.data(), {count, 9, 13}).nan_to_num(7.f),
                         chw.nan_to_num(7.f)));
    ds::computeChannelStats(map);
    for (int c = 0; c < count; ++c) {
        QCOMPARE(mins[size_t(c)], map.channelMin[size_t(c)]);
        QCOMPARE(maxs[size_t(c)], map.channelMax[size_t(c)]);
        if (c != count - 1)  // the NaN channel's mean is NaN in both
            QVERIFY(std::abs(means[size_t(c)] - map.channelMean[size_t(c)]) < 1e-5);
        else
            QVERIFY(std::isnan(means[size_t(c)]));
    }
    QVERIFY(bytes == ds::mapToBytes(map, ds::MapScaling::PerChannel));
    QCOMPARE(int(bytes[0]), 0);  // the constant channel

    // Layouts it does not handle are refused, not misread.
    ds::FeatureMap untouched;
    QVERIFY(!ds::channelsLastToHost(buffer.contiguous(), false, &untouched));
    QVERIFY(untouched.data.empty() && untouched.channels == 0);
}

void TestFastPath::quantizeEdgeCases() {
    auto map = constantMap(3.f);
    ds::computeChannelStats(map);
    // Channel 0 is constant -> 0; channel 1 is {-1, 0, 1, NaN}: its statistics skip the NaN
    // (not first), so it spans [-1, 1], and the NaN itself maps to 0.
    const auto bytes = ds::mapToBytes(map, ds::MapScaling::PerChannel);
    QCOMPARE(int(bytes[0]), 0);
    QCOMPARE(int(bytes[4]), 0);
    QCOMPARE(int(bytes[5]), 128);
    QCOMPARE(int(bytes[6]), 255);
    QCOMPARE(int(bytes[7]), 0);
    const auto symmetric = ds::mapToBytes(map, ds::MapScaling::PerChannel, /*symmetric=*/true);
    QCOMPARE(int(symmetric[5]), 128);  // 0 is the middle
    QCOMPARE(int(ds::quantizeValue(1.f, {0.f, 0.f}, true)), 128);
    QCOMPARE(int(ds::quantizeValue(0.25f, {0.f, 1.f}, false)), 64);
    // Shared scaling: [-1, 3] over the whole map.
    const auto shared = ds::mapToBytes(map, ds::MapScaling::Shared);
    QCOMPARE(int(shared[0]), 255);
    QCOMPARE(int(shared[4]), 0);
}

QTEST_GUILESS_MAIN(TestFastPath)
#include "tst_fast_path.moc"
