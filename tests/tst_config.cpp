// Config validation and the structure / parameter / MAC counts computed without a model,
// against torchvision's DenseNet(...) parameter counts (fixtures/summaries.json).
#include <QtTest>

#include <sys/resource.h>

#include <set>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/memory_estimate.h"
#include "densescope/errors.h"
#include "densescope/module_names.h"
#include "fixtures.h"

class TestConfig : public QObject {
    Q_OBJECT
private slots:
    void parametersMatchTorchvision_data();
    void parametersMatchTorchvision();
    void variantsMatchDesignTable_data();
    void variantsMatchDesignTable();
    void layerShapesOfDenseNet121();
    void channelGrowth();
    void invalidConfigs_data();
    void invalidConfigs();
    void parseBlocks();
    void moduleNamesParseTorchvisionKeys_data();
    void moduleNamesParseTorchvisionKeys();
    void moduleNamesRefuseMalformed();
    void unknownVariant();
    void tooManyBlocksForInput();
    void memoryEstimate();
    void allocationFailureIsFriendly();
};

void TestConfig::parametersMatchTorchvision_data() {
    QTest::addColumn<QString>("name");
    const auto all = fixtures::json("summaries.json").object();
    for (auto it = all.begin(); it != all.end(); ++it) QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestConfig::parametersMatchTorchvision() {
    QFETCH(QString, name);
    const auto o = fixtures::json("summaries.json").object().value(name).toObject();
    const ds::DenseNetConfig c = fixtures::layoutFromJson(o);
    QCOMPARE(ds::summarize(c).parameters, qint64(o.value("parameters").toDouble()));
    // Conv + linear multiply-accumulates at 224x224, counted by forward hooks in torchvision.
    QCOMPARE(ds::summarize(c).macs, qint64(o.value("macs").toDouble()));
}

void TestConfig::variantsMatchDesignTable_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<qint64>("parameters");
    QTest::addColumn<int>("lastChannels");
    QTest::newRow("121") << "densenet121" << qint64(7978856) << 1024;
    QTest::newRow("161") << "densenet161" << qint64(28681000) << 2208;
    QTest::newRow("169") << "densenet169" << qint64(14149480) << 1664;
    QTest::newRow("201") << "densenet201" << qint64(20013928) << 1920;
    QTest::newRow("264") << "densenet264" << qint64(33337704) << 2688;
}

void TestConfig::variantsMatchDesignTable() {
    QFETCH(QString, name);
    QFETCH(qint64, parameters);
    QFETCH(int, lastChannels);
    const auto s = ds::summarize(ds::DenseNetConfig::variant(name.toStdString()));
    QCOMPARE(s.parameters, parameters);
    QCOMPARE(s.find("features.norm5")->outChannels, lastChannels);
}

void TestConfig::layerShapesOfDenseNet121() {
    const auto s = ds::summarize(ds::DenseNetConfig::variant("densenet121"));
    const auto* l = s.find("features.denseblock1.denselayer1");
    QVERIFY(l);
    QCOMPARE(l->inChannels, 64);
    QCOMPARE(l->outChannels, 32);
    QCOMPARE(l->height, 56);
    QCOMPARE(s.find("features.denseblock2")->outChannels, 512);
    QCOMPARE(s.find("features.transition3")->outChannels, 512);
    QCOMPARE(s.find("features.transition3")->height, 7);
    QCOMPARE(s.find("features.pool0")->width, 56);
    QCOMPARE(s.find("features.conv0")->height, 112);
    QVERIFY(!s.find("features.denseblock5"));
}

void TestConfig::channelGrowth() {
    // Inside a block layer l sees k0 + k(l-1) channels; transitions halve (floor).
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = 12;
    c.blockConfig = {3, 5};
    c.initFeatures = 24;
    c.compression = 0.5;
    const auto s = ds::summarize(c);
    QCOMPARE(s.find("features.denseblock1.denselayer3")->inChannels, 24 + 2 * 12);
    QCOMPARE(s.find("features.denseblock1")->outChannels, 60);
    QCOMPARE(s.find("features.transition1")->outChannels, 30);
    QCOMPARE(s.find("features.denseblock2")->outChannels, 30 + 5 * 12);
}

void TestConfig::invalidConfigs_data() {
    QTest::addColumn<int>("growth");
    QTest::addColumn<QString>("blocks");
    QTest::addColumn<int>("init");
    QTest::addColumn<double>("compression");
    QTest::addColumn<QString>("needle");
    QTest::newRow("zero growth") << 0 << "6,12" << 64 << 0.5 << "Growth rate";
    QTest::newRow("zero layers") << 32 << "6,0" << 64 << 0.5 << "'0'";
    QTest::newRow("no init features") << 32 << "6" << 0 << 0.5 << "Initial features";
    QTest::newRow("compression > 1") << 32 << "6,6" << 64 << 1.5 << "Compression";
    QTest::newRow("compression 0") << 32 << "6,6" << 64 << 0.0 << "Compression";
    QTest::newRow("too many channels") << 1000 << "900,900" << 64 << 0.5 << "channels";
    // Numbers as a person writes them, not std::to_string's "0.000000".
    QTest::newRow("compression 1e-7") << 32 << "6,6" << 64 << 1e-7 << "Compression 1e-07 leaves";
    QTest::newRow("compression -0.25") << 32 << "6,6" << 64 << -0.25 << "theta = -0.25 is";
}

void TestConfig::invalidConfigs() {
    QFETCH(int, growth);
    QFETCH(QString, blocks);
    QFETCH(int, init);
    QFETCH(double, compression);
    QFETCH(QString, needle);
    ds::DenseNetConfig c;
    c.growthRate = growth;
    c.initFeatures = init;
    c.compression = compression;
    try {
        // Either the parser or validate() must refuse it, naming what is wrong.
        c.blockConfig = ds::DenseNetConfig::parseBlocks(blocks.toStdString());
        c.validate();
        QFAIL("validate() accepted an invalid config");
    } catch (const ds::ConfigError& e) {
        QVERIFY2(QString(e.what()).contains(needle), e.what());
        QVERIFY2(!QString(e.what()).contains("0.000000"), e.what());
    }
}

// Too many blocks for the default 224 x 224 input: the CLI has no input-size option, so the
// message says how many blocks fit (224 -> 56 after the stem, halved by each transition:
// 56, 28, 14, 7, 3, 1) instead of "use a larger input".
void TestConfig::tooManyBlocksForInput() {
    ds::DenseNetConfig c;
    c.blockConfig = {1, 1, 1, 1, 1, 1, 1};
    c.compression = 1.0;
    try {
        ds::summarize(c);
        QFAIL("summarize() accepted 7 blocks at 224 x 224");
    } catch (const ds::ConfigError& e) {
        const QString msg = e.what();
        QVERIFY2(msg.contains("only 6 dense blocks fit"), e.what());
        QVERIFY2(!msg.contains("larger input"), e.what());
    }
    c.blockConfig.pop_back();
    QCOMPARE(ds::summarize(c).layers.back().name, std::string("classifier"));
}

// A layout that passes every per-field check but needs terabytes is refused before anything
// is allocated, with the estimate in the message.
void TestConfig::memoryEstimate() {
    ds::DenseNetConfig huge;
    huge.name = "custom";
    huge.blockConfig = {1000, 1000, 1000, 1000};
    huge.validate();  // every field is in range
    const auto e = ds::estimateMemory(huge);
    QVERIFY2(e.parameters > 20'000'000'000LL && e.parameters < 21'000'000'000LL,
             qPrintable(QString::number(e.parameters)));   // 20.6 G (the count)
    QVERIFY(e.weightBytes >= 8 * uint64_t(e.parameters));  // float32, module + fast form
    try {
        ds::checkMemoryFits(e, /*available=*/uint64_t(8) << 30, "The layout");
        QFAIL("a 20 G-parameter layout fits in 8 GiB?");
    } catch (const ds::ConfigError& err) {
        const QString msg = err.what();
        QVERIFY2(msg.contains("needs about " + QString::fromStdString(ds::formatBytes(e.total()))),
                 err.what());
        QVERIFY2(msg.contains("20.6 G parameters"), err.what());
        QVERIFY2(msg.contains("8.0 GiB available"), err.what());
    }
    // densenet121 needs well under 1 GiB at batch 1; unknown availability refuses nothing.
    const auto small = ds::estimateMemory(ds::DenseNetConfig::variant("densenet121"));
    QVERIFY(small.total() < (uint64_t(1) << 30));
    QVERIFY(small.weightBytes >= 8 * uint64_t(7978856));
    ds::checkMemoryFits(small, uint64_t(1) << 30, "densenet121");
    ds::checkMemoryFits(e, 0, "unknown");
    QCOMPARE(ds::formatBytes(1536), std::string("1.5 KiB"));
    QCOMPARE(ds::formatBytes(uint64_t(165) << 30), std::string("165 GiB"));

    // The engine refuses it the same way, before allocating (when the machine lacks the memory).
    if (ds::availableMemoryBytes() > e.total())
        QSKIP("this machine has the memory: not loading it");
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    ds::Engine engine(options);
    try {
        engine.load(huge, "random");
        QFAIL("Engine::load accepted a layout that needs more memory than is available");
    } catch (const ds::ConfigError& err) {
        QVERIFY2(QString(err.what()).contains("needs about"), err.what());
        QVERIFY2(QString(err.what()).contains("available"), err.what());
    }
    QVERIFY(!engine.loaded());
}

void TestConfig::parseBlocks() {
    QCOMPARE(ds::DenseNetConfig::parseBlocks("6,12,24,16"), (std::vector<int>{6, 12, 24, 16}));
    QCOMPARE(ds::DenseNetConfig::parseBlocks("6-12 - 24"), (std::vector<int>{6, 12, 24}));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::DenseNetConfig::parseBlocks("6,x"));
    QVERIFY_THROWS_EXCEPTION(ds::ConfigError, ds::DenseNetConfig::parseBlocks(""));
}

void TestConfig::moduleNamesParseTorchvisionKeys_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << QStringLiteral("tiny");
    QTest::newRow("densenet121") << QStringLiteral("densenet121");
}

// Every module of torchvision's state dict (NAME.keys.json, written by torchvision) parses to
// the block and layer that names:: builds its name from again, and the dense layers and
// transitions found are exactly the configuration's.
void TestConfig::moduleNamesParseTorchvisionKeys() {
    QFETCH(QString, model);
    using Kind = ds::names::ModulePath::Kind;
    const auto config = fixtures::config(model);
    std::set<std::pair<int, int>> layers;
    std::set<int> transitions;
    for (const auto& key : fixtures::json(model + ".keys.json").array()) {
        const std::string param = key.toString().toStdString();
        const std::string module = param.substr(0, param.rfind('.'));
        const auto m = ds::names::parseModule(module);
        std::string rebuilt;
        switch (m.kind) {
        case Kind::DenseLayer: rebuilt = ds::names::denseLayer(m.block, m.layer); layers.insert({m.block, m.layer}); break;
        case Kind::Transition: rebuilt = ds::names::transition(m.block); transitions.insert(m.block); break;
        case Kind::DenseBlock: rebuilt = ds::names::denseBlock(m.block); break;
        case Kind::Other: QVERIFY2(module.find("dense") == std::string::npos &&
                                       module.find("transition") == std::string::npos, module.c_str());
                          continue;
        }
        QCOMPARE(QString::fromStdString(m.rest.empty() ? rebuilt : rebuilt + "." + m.rest),
                 QString::fromStdString(module));
        QCOMPARE(QString::fromStdString(ds::names::withoutFeatures(module)),
                 QString::fromStdString(module.substr(9)));
    }
    size_t expected = 0;
    for (int n : config.blockConfig) expected += size_t(n);
    QCOMPARE(layers.size(), expected);
    QCOMPARE(transitions.size(), config.blockConfig.size() - 1);
    QCOMPARE(int(ds::names::parseChild("transition2").kind), int(Kind::Transition));
    QCOMPARE(ds::names::parseChild("denselayer12").layer, 12);
}

void TestConfig::moduleNamesRefuseMalformed() {
    using Kind = ds::names::ModulePath::Kind;
    for (const char* bad : {"features.denseblock", "features.denseblock0", "features.denseblock01",
                            "features.denseblock1x", "features.transition-1", "denseblock1",
                            "features.denseblock99999999", "features.norm5", "classifier", ""}) {
        const auto m = ds::names::parseModule(bad);
        QVERIFY2(m.kind == Kind::Other && m.block == 0 && m.layer == 0, bad);
    }
    // Unknown names: the one message, with this model's examples.
    try {
        ds::names::checkLayerNames({"features.conv0", "features.nowhere"},
                                   {"features.conv0", "features.pool0", "features.norm5"});
        QFAIL("an unknown layer was accepted");
    } catch (const ds::LayerError& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains("'features.nowhere'") && text.contains("features.pool0") &&
                     text.contains("3 in this model"), e.what());
    }
}

void TestConfig::unknownVariant() {
    try {
        ds::DenseNetConfig::variant("densenet122");
        QFAIL("unknown variant accepted");
    } catch (const ds::ConfigError& e) {
        QVERIFY(QString(e.what()).contains("densenet122"));
        QVERIFY(QString(e.what()).contains("densenet264"));
    }
}

// An allocation that fails although the estimate fitted (here: an address-space limit just
// above what the process uses) gives the same friendly error with the estimate, never
// LibTorch's raw "[enforce fail at alloc_cpu.cpp]" text, and leaves the engine usable.
void TestConfig::allocationFailureIsFriendly() {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer maps terabytes of shadow memory and aborts (then deadlocks printing the
    // report) when an address-space limit makes its own mmap fail: this check needs a plain
    // build, which ./dev test runs first.
    QSKIP("RLIMIT_AS cannot be combined with AddressSanitizer");
#endif
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    ds::Engine engine(options);
    ds::DenseNetConfig small;
    small.name = "custom";
    small.growthRate = 8;
    small.blockConfig = {2, 2};
    small.initFeatures = 16;
    engine.load(small, "random:1");  // starts LibTorch's threads before the limit
    const std::vector<float> input(3 * 64 * 64, 0.5f);
    engine.classifyTensor(input, 64, 64, 1);

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_AS, &saved), 0);
    long vmKb = 0;
    {
        QFile status("/proc/self/status");
        QVERIFY(status.open(QIODevice::ReadOnly));
        for (const QByteArray& line : status.readAll().split('\n'))
            if (line.startsWith("VmSize:"))
                vmKb = line.mid(7).trimmed().split(' ').value(0).toLong();
    }
    QVERIFY(vmKb > 0);
    rlimit limited = saved;
    limited.rlim_cur = rlim_t(vmKb + 64 * 1024) * 1024;  // 64 MiB more than in use now
    QCOMPARE(setrlimit(RLIMIT_AS, &limited), 0);
    QString message;
    try {
        engine.load(ds::DenseNetConfig::variant("densenet201"), "random:2");  // ~160 MB of weights
    } catch (const std::exception& e) {
        message = e.what();
    }
    setrlimit(RLIMIT_AS, &saved);
    QVERIFY2(message.contains("Out of memory while loading the model"), qPrintable(message));
    QVERIFY2(message.contains("needs about"), qPrintable(message));
    QVERIFY2(!message.contains("alloc_cpu") && !message.contains("enforce fail"),
             qPrintable(message));
    QCOMPARE(engine.config(), small);  // the previous model is still loaded
    QCOMPARE(int(engine.classifyTensor(input, 64, 64, 1).logits.size()), small.numClasses);
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
