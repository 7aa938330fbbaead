// Loading weights into the model by name, mismatches explained, weights specs and the
// ImageNet file lookup. Fixtures as for tst_weights.
#include "weights_test_util.h"
#include "env_guard.h"

using namespace weights_test;

class TestWeightsLoading : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loadsIntoModel_data();
    void loadsIntoModel();
    void mismatches_data();
    void mismatches();
    void variantHint();
    void specParsing_data();
    void specParsing();
    void hubDir();
    void imagenetLookup();
};

void TestWeightsLoading::initTestCase() {
    QVERIFY2(QFileInfo::exists(fixture("tiny.pth")), "run through ctest: fixtures missing");
    QVERIFY2(QFileInfo::exists(fixture("weights/py2.legacy.pth")),
             "run through ctest: weight fixtures missing");
    torch::set_num_threads(2);
}

void TestWeightsLoading::loadsIntoModel_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("plain") << "tiny.f32.safetensors";
    QTest::newRow("module. prefix (DataParallel)") << "tiny.module.pth";
    QTest::newRow("training checkpoint dict") << "tiny.checkpoint.pth";
    QTest::newRow("float64 legacy") << "tiny.f64.pth";
}

void TestWeightsLoading::loadsIntoModel() {
    QFETCH(QString, file);
    ds::DenseNet net(tinyConfig());
    ds::loadStateDict(*net, ds::readStateDict(weightFile(file)), file.toStdString());
    QString why;
    const auto expected = byName(ds::readStateDict(weightFile("tiny.f32.safetensors")));
    QVERIFY2(sameTensors(expected, modelState(*net), &why), qPrintable(why));
}

void TestWeightsLoading::mismatches_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("facts");
    QTest::newRow("growth rate 12")
        << "tiny.k12.pth"
        << QStringList{"These weights are a custom DenseNet (k=12 blocks=2-3-2 init=24 bn_size=2)",
                       "not a custom DenseNet (k=8 blocks=2-3-2 init=16 bn_size=2)",
                       "features.conv0.weight (file [24, 3, 7, 7], model [16, 3, 7, 7])",
                       "shape mismatches", "more"};
    QTest::newRow("10 classes") << "tiny.classes10.pth"
                                << QStringList{
                                       "2 shape mismatches",
                                       "classifier.weight (file [10, 36], model [1000, 36])",
                                       "classifier.bias (file [10], model [1000])",
                                       "has 10 classes"};
    QTest::newRow("missing and extra key")
        << "tiny.extra_missing.pth"
        << QStringList{"1 missing key: features.norm5.running_var",
                       "1 unexpected key: features.extra.weight"};
}

void TestWeightsLoading::mismatches() {
    QFETCH(QString, file);
    QFETCH(QStringList, facts);
    ds::DenseNet net(tinyConfig());
    net->initRandom(3);
    const auto before = modelState(*net);
    const QString msg = errorOf(
        [&] { ds::loadStateDict(*net, ds::readStateDict(weightFile(file)), file.toStdString()); });
    for (const QString& fact : facts)
        QVERIFY2(msg.contains(fact), qPrintable("no '" + fact + "' in: " + msg));
    QVERIFY2(msg.contains(file), qPrintable(msg));
    QString why;
    QVERIFY2(sameTensors(before, modelState(*net), &why), qPrintable("model changed: " + why));
}

void TestWeightsLoading::variantHint() {
    ds::DenseNet net(ds::DenseNetConfig::variant("densenet161"));
    QElapsedTimer timer;
    timer.start();
    QString msg;
    try {
        ds::loadStateDict(*net, ds::readStateDict(fixture("densenet121.pth").toStdString()),
                          "densenet121.pth");
        QFAIL("densenet121's weights loaded into densenet161");
    } catch (const ds::WeightsLayoutError& e) {
        msg = QString::fromStdString(e.what());
        // The detected layout as data, for the app's "switch to densenet121" button.
        QCOMPARE(e.fileLayout, ds::DenseNetConfig::variant("densenet121"));
        QCOMPARE(e.fileLayout.name, std::string("densenet121"));
    }
    // The hint leads: the key lists after it are long and get cut off in narrow places.
    QVERIFY2(msg.startsWith("These weights are densenet121 (k=32 blocks=6-12-24-16 init=64), "
                            "not densenet161"),
             qPrintable(msg));
    QVERIFY2(msg.contains("features.conv0.weight (file [64, 3, 7, 7], model [96, 3, 7, 7])"),
             qPrintable(msg));
    QVERIFY2(msg.contains("missing keys"), qPrintable(msg));  // densenet161 has more layers
    QVERIFY2(msg.contains("and "), qPrintable(msg));          // long lists are cut
    QVERIFY2(msg.size() < 4000, qPrintable(QString("message of %1 characters").arg(msg.size())));
}

void TestWeightsLoading::specParsing_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("path");
    using K = ds::WeightsSpec::Kind;
    QTest::newRow("random") << "random" << true << int(K::Random) << quint64(0) << "";
    QTest::newRow("random:42") << "random:42" << true << int(K::Random) << quint64(42) << "";
    QTest::newRow("largest seed") << "random:18446744073709551615" << true << int(K::Random)
                                  << quint64(18446744073709551615ull) << "";
    QTest::newRow("imagenet") << "imagenet" << true << int(K::ImageNet) << quint64(0) << "";
    QTest::newRow("path") << "/data/w.pth" << true << int(K::File) << quint64(0) << "/data/w.pth";
    QTest::newRow("relative path")
        << "w.safetensors" << true << int(K::File) << quint64(0) << "w.safetensors";
    QTest::newRow("no seed") << "random:" << false << 0 << quint64(0) << "";
    QTest::newRow("letters") << "random:abc" << false << 0 << quint64(0) << "";
    QTest::newRow("negative") << "random:-1" << false << 0 << quint64(0) << "";
    QTest::newRow("too large") << "random:18446744073709551616" << false << 0 << quint64(0) << "";
    QTest::newRow("empty") << "" << false << 0 << quint64(0) << "";
}

void TestWeightsLoading::specParsing() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, kind);
    QFETCH(quint64, seed);
    QFETCH(QString, path);
    if (!valid) {
        const QString msg = errorOf([&] { ds::WeightsSpec::parse(text.toStdString()); });
        QVERIFY2(!msg.isEmpty() && !msg.startsWith("not a WeightsError"), qPrintable(msg));
        if (!text.isEmpty()) QVERIFY2(msg.contains("'" + text + "'"), qPrintable(msg));
        return;
    }
    const auto spec = ds::WeightsSpec::parse(text.toStdString());
    QCOMPARE(int(spec.kind), kind);
    QCOMPARE(quint64(spec.seed), seed);
    QCOMPARE(QString::fromStdString(spec.path), path);
}

void TestWeightsLoading::hubDir() {
    fixtures::ScopedEnv home("HOME", "/c/home");
    {
        fixtures::ScopedEnv torchHome("TORCH_HOME", "/a/torch");
        fixtures::ScopedEnv xdg("XDG_CACHE_HOME", "/b/cache");
        QCOMPARE(QString::fromStdString(ds::torchHubCheckpointDir()),
                 QString("/a/torch/hub/checkpoints"));
    }
    {
        fixtures::ScopedEnv torchHome("TORCH_HOME", std::nullopt);
        fixtures::ScopedEnv xdg("XDG_CACHE_HOME", "/b/cache");
        QCOMPARE(QString::fromStdString(ds::torchHubCheckpointDir()),
                 QString("/b/cache/torch/hub/checkpoints"));
    }
    fixtures::ScopedEnv torchHome("TORCH_HOME", std::nullopt);
    fixtures::ScopedEnv xdg("XDG_CACHE_HOME", std::nullopt);
    QCOMPARE(QString::fromStdString(ds::torchHubCheckpointDir()),
             QString("/c/home/.cache/torch/hub/checkpoints"));
}

void TestWeightsLoading::imagenetLookup() {
    // File names as torchvision's weight enums give them (tests/oracle/make_fixtures.py).
    const QJsonObject hub = fixtures::json("hub_weights.json").object();
    QCOMPARE(hub.size(), 4);
    for (auto it = hub.begin(); it != hub.end(); ++it) {
        const QString url = it.value().toString();
        QCOMPARE(QString::fromStdString(ds::imagenetFileName(it.key().toStdString())),
                 url.mid(url.lastIndexOf('/') + 1));
    }
    QVERIFY(ds::imagenetFileName("densenet264").empty());

    QTemporaryDir torchHome;
    QVERIFY(torchHome.isValid());
    const fixtures::ScopedEnv env("TORCH_HOME", torchHome.path().toUtf8());
    const QString dir = torchHome.path() + "/hub/checkpoints";
    const auto d121 = ds::DenseNetConfig::variant("densenet121");

    const QString absent = errorOf([&] { ds::findImagenetWeights(d121); });
    QVERIFY2(absent.contains("https://download.pytorch.org/models/densenet121-a639ec97.pth"),
             qPrintable(absent));
    // DenseScope's own downloader is named first (issue 22), before the manual ways.
    const int own = absent.indexOf("`densescope-cli weights download densenet121`");
    QVERIFY2(own >= 0 && own < absent.indexOf("https://download.pytorch.org"), qPrintable(absent));
    QVERIFY2(absent.contains(dir + "/densenet121-a639ec97.pth"), qPrintable(absent));
    QVERIFY2(
        absent.contains(
            "python3 -c \"import torchvision; torchvision.models.densenet121(weights='DEFAULT')\""),
        qPrintable(absent));
    for (const auto& config : {ds::DenseNetConfig::variant("densenet264"), tinyConfig()}) {
        const QString none = errorOf([&] { ds::findImagenetWeights(config); });
        QVERIFY2(none.contains("no official ImageNet weights"), qPrintable(none));
    }
    auto edited = d121;
    edited.numClasses = 10;
    QVERIFY(
        errorOf([&] { ds::findImagenetWeights(edited); }).contains("no official ImageNet weights"));

    // Present: the official files are legacy pickles with 2017 key names, like this fixture.
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(QFile::copy(fixture("densenet121.legacy.pth"), dir + "/densenet121-a639ec97.pth"));
    const std::string found = ds::findImagenetWeights(d121);
    QCOMPARE(QString::fromStdString(found), dir + "/densenet121-a639ec97.pth");
    ds::DenseNet net(d121);
    ds::loadStateDict(*net, ds::readStateDict(found), found);
    const auto zip = byName(ds::readStateDict(fixture("densenet121.pth").toStdString()));
    QVERIFY(torch::equal(net->features->conv0->weight, zip.at("features.conv0.weight")));
    QVERIFY(torch::equal(net->classifier->weight, zip.at("classifier.weight")));
}

QTEST_GUILESS_MAIN(TestWeightsLoading)
#include "tst_weights_loading.moc"
