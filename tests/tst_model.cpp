// The LibTorch model against torchvision: state-dict names, logits and intermediate feature
// maps (fixtures made by tests/oracle/make_fixtures.py with randomised weights and BN stats),
// loaded from each of the three file formats.
// LibTorch before Qt: Qt's `slots` macro breaks torch's IValue::slots().
#include "densenet.h"

#include <QtTest>

#include <limits>
#include <set>

#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/labels.h"
#include "parity.h"

namespace {
constexpr double kTolerance = 1e-4;
}  // namespace

class TestModel : public QObject {
    Q_OBJECT
private slots:
    void stateDictNamesMatchTorchvision_data();
    void stateDictNamesMatchTorchvision();
    void parityWithTorchvision_data();
    void parityWithTorchvision();
    void denseLayerIsSliceOfBlock();
    void capturableLayersInForwardOrder();
    void unknownLayerIsRejected();
    void randomWeightsAreSeeded();
    void failedLoadKeepsPreviousModel();
    void cudaRequestWithoutGpu();
    void topPredictionsMatchTorch();
};

void TestModel::stateDictNamesMatchTorchvision_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("densenet121") << "densenet121";
}

void TestModel::stateDictNamesMatchTorchvision() {
    QFETCH(QString, model);
    ds::DenseNet net(fixtures::config(model));
    std::set<std::string> ours;
    for (const auto& p : net->named_parameters()) ours.insert(p.key());
    for (const auto& b : net->named_buffers()) ours.insert(b.key());
    std::set<std::string> theirs;
    for (const auto& k : fixtures::json(model + ".keys.json").array())
        theirs.insert(k.toString().toStdString());
    for (const auto& k : theirs) QVERIFY2(ours.count(k), ("missing " + k).c_str());
    for (const auto& k : ours) QVERIFY2(theirs.count(k), ("unexpected " + k).c_str());
    // Parameters alone equal torchvision's count and the count computed from the config.
    int64_t count = 0;
    for (const auto& p : net->parameters()) count += p.numel();
    QCOMPARE(count, ds::summarize(fixtures::config(model)).parameters);
}

void TestModel::parityWithTorchvision_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("file");
    for (const char* model : {"tiny", "densenet121"})
        for (const char* ext : {".pth", ".legacy.pth", ".safetensors"})
            QTest::newRow(qPrintable(QString(model) + ext)) << model << (QString(model) + ext);
}

void TestModel::parityWithTorchvision() {
    QFETCH(QString, model);
    QFETCH(QString, file);
    // The plain module (optimize = false) repeats torchvision's arithmetic exactly, which a 1e-4
    // absolute check on maps of magnitude ~90 needs: any other summation order, even PyTorch's
    // own channels_last, differs by ~1.5e-4 on features.norm5. tst_fast_path checks the fast
    // path against these same fixtures.
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    options.optimize = false;
    ds::Engine engine(options);
    engine.load(fixtures::config(model), fixtures::path(file));
    fixtures::checkParity(engine, model, kTolerance,
                          [](const float*, size_t) { return kTolerance; });
}

void TestModel::denseLayerIsSliceOfBlock() {
    // Dense layer l's output is channels [k0 + (l-1)k, k0 + lk) of its block's output.
    ds::Engine engine({ds::DeviceKind::Cpu});
    const auto config = fixtures::config("tiny");
    engine.load(config, "random:3");
    const auto r =
        engine.classifyTensor(fixtures::loadInput(), 224, 224, 1,
                              {"features.denseblock2", "features.denseblock2.denselayer2"});
    const auto& block = r.maps[0];
    const auto& layer = r.maps[1];
    const int k0 = ds::summarize(config).find("features.denseblock2")->inChannels;
    QCOMPARE(layer.channels, config.growthRate);
    const size_t plane = size_t(block.height) * block.width;
    QCOMPARE(fixtures::maxAbsDiff(layer.data.data(), block.channel(k0 + config.growthRate),
                                  plane * layer.channels),
             0.0);
}

void TestModel::capturableLayersInForwardOrder() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(ds::DenseNetConfig::variant("densenet121"), "random");
    const auto layers = engine.capturableLayers();
    QCOMPARE(layers.front(), std::string("features.conv0"));
    QCOMPARE(layers.back(), std::string("features.norm5"));
    // 4 stem outputs + 58 dense layers + 4 blocks + 3 transitions + norm5.
    QCOMPARE(int(layers.size()), 4 + 58 + 4 + 3 + 1);
    // Every capturable layer is in the summary, so the UI can show its shape.
    const auto& summary = engine.summary();
    for (const auto& l : layers) QVERIFY2(summary.find(l), l.c_str());
}

void TestModel::unknownLayerIsRejected() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config("tiny"), "random");
    try {
        engine.classifyTensor(fixtures::loadInput(), 224, 224, 1, {"features.denseblock9"});
        QFAIL("unknown layer accepted");
    } catch (const ds::LayerError& e) {
        QVERIFY(QString(e.what()).contains("features.denseblock9"));
    }
}

void TestModel::randomWeightsAreSeeded() {
    ds::Engine a({ds::DeviceKind::Cpu}), b({ds::DeviceKind::Cpu});
    a.load(fixtures::config("tiny"), "random:7");
    b.load(fixtures::config("tiny"), "random:7");
    const auto input = fixtures::loadInput();
    const auto ra = a.classifyTensor(input, 224, 224, 3), rb = b.classifyTensor(input, 224, 224, 3);
    QCOMPARE(ra.logits, rb.logits);
    b.load(fixtures::config("tiny"), "random:8");
    QVERIFY(b.classifyTensor(input, 224, 224, 3).logits != ra.logits);
    QCOMPARE(a.weightsDescription(), std::string("random (seed 7)"));
}

void TestModel::failedLoadKeepsPreviousModel() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config("tiny"), fixtures::path("tiny.pth"));
    // densenet121 weights offered to the tiny model: refused, the tiny model stays usable.
    QVERIFY_THROWS_EXCEPTION(
        ds::WeightsError, engine.load(fixtures::config("tiny"), fixtures::path("densenet121.pth")));
    const auto r = engine.classifyTensor(fixtures::loadInput(), 224, 224, 5);
    const auto logits = ds::readNpy(fixtures::path("tiny.logits.npy"));
    QVERIFY(fixtures::maxAbsDiff(r.logits.data(), logits.f32(), r.logits.size()) < kTolerance);
}

void TestModel::cudaRequestWithoutGpu() {
    if (ds::Engine::cudaAvailable()) QSKIP("this machine has a GPU");
    try {
        ds::Engine engine({ds::DeviceKind::Cuda});
        QFAIL("CUDA engine created without a GPU");
    } catch (const ds::DeviceError& e) {
        QVERIFY(QString(e.what()).contains("CUDA"));
        QVERIFY(QString(e.what()).contains("cpu"));
    }
}

void TestModel::topPredictionsMatchTorch() {
    // ds::topPredictions (the one ranking of the program) against torch.softmax and a stable
    // descending sort: ties go to the lower index, labels are ImageNet's.
    std::vector<float> logits(1000);
    for (size_t i = 0; i < logits.size(); ++i) logits[i] = float((i * 37) % 101) / 7.f;
    logits[3] = logits[900] = 30.f;  // a tie at the top
    const auto top = ds::topPredictions(logits, 6);
    QCOMPARE(top.size(), size_t(6));
    const auto t = torch::tensor(logits);
    const auto probs = torch::softmax(t, 0);
    const auto order = std::get<1>(torch::sort(t, /*stable=*/true, /*dim=*/0, /*descending=*/true));
    for (size_t i = 0; i < top.size(); ++i) {
        const int64_t want = order[int64_t(i)].item<int64_t>();
        QCOMPARE(int64_t(top[i].index), want);
        QVERIFY(std::abs(top[i].probability - probs[want].item<float>()) < 1e-6);
        QCOMPARE(top[i].label, ds::imagenetLabels()[size_t(want)]);
    }
    QCOMPARE(top[0].index, 3);
    QCOMPARE(top[1].index, 900);
    // k is clamped; other class counts get "class N".
    const auto three = ds::topPredictions({1.f, 3.f, 2.f}, 99);
    QCOMPARE(three.size(), size_t(3));
    QCOMPARE(three[0].index, 1);
    QCOMPARE(three[0].label, std::string("class 1"));
    QVERIFY(ds::topPredictions({}, 5).empty());
    // A NaN logit makes every probability NaN, as torch.softmax does; the ranking stays a
    // strict weak order (no undefined behaviour) and is deterministic: by index.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const auto broken = ds::topPredictions({1.f, nan, 2.f}, 3);
    QVERIFY(torch::softmax(torch::tensor({1.f, nan, 2.f}), 0).isnan().all().item<bool>());
    QCOMPARE(broken.size(), size_t(3));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(broken[size_t(i)].index, i);
        QVERIFY(std::isnan(broken[size_t(i)].probability));
    }
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
