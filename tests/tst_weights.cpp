// Weight files: the three formats against torchvision's tensors, Python 2 legacy files, dtype
// conversion, loading by name, mismatches explained, hostile and damaged files refused quickly,
// weights specs and the ImageNet file lookup. Fixtures: tests/oracle/make_fixtures.py and
// tests/oracle/make_weight_files.py (run by CTest before this test).
// LibTorch before Qt: Qt's `slots` macro breaks torch headers included after it.
#include <torch/torch.h>

#include "densenet.h"
#include "errors.h"
#include "weights.h"

#include <sys/resource.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <map>
#include <regex>

namespace {

QString fixture(const QString& name) {
    return qEnvironmentVariable("DENSESCOPE_FIXTURES") + "/" + name;
}
std::string weightFile(const QString& name) { return fixture("weights/" + name).toStdString(); }

ds::DenseNetConfig tinyConfig() {
    ds::DenseNetConfig c;
    c.name = "custom";
    c.growthRate = 8;
    c.blockConfig = {2, 3, 2};
    c.initFeatures = 16;
    c.bnSize = 2;
    return c;
}

// The WeightsError message `fn` throws, or "" (and a failed check) when it does not throw.
QString errorOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ds::WeightsError& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return "not a WeightsError: " + QString::fromStdString(e.what());
    }
    return {};
}

long maxRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// torchvision's rename of its 2017 key names (the test's own copy of the rule).
std::string modernKey(const std::string& key) {
    static const std::regex re(
        R"(^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$)");
    std::smatch m;
    return std::regex_match(key, m, re) ? m[1].str() + m[2].str() : key;
}

std::vector<std::string> keysJson(const QString& model) {
    QFile f(fixture(model + ".keys.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    std::vector<std::string> keys;
    for (const auto& v : QJsonDocument::fromJson(f.readAll()).array())
        keys.push_back(v.toString().toStdString());
    return keys;
}

std::vector<std::string> namesOf(const ds::StateDict& d, bool modernise = false) {
    std::vector<std::string> names;
    for (const auto& [k, t] : d) names.push_back(modernise ? modernKey(k) : k);
    return names;
}

std::map<std::string, torch::Tensor> byName(const ds::StateDict& d, bool modernise = false) {
    std::map<std::string, torch::Tensor> m;
    for (const auto& [k, t] : d) m[modernise ? modernKey(k) : k] = t;
    return m;
}

std::map<std::string, torch::Tensor> modelState(torch::nn::Module& m) {
    std::map<std::string, torch::Tensor> s;
    for (const auto& p : m.named_parameters()) s[p.key()] = p.value().detach().clone();
    for (const auto& b : m.named_buffers()) s[b.key()] = b.value().clone();
    return s;
}

// Every tensor of `expected` equals the one of the same name in `actual` (exactly, same dtype).
bool sameTensors(const std::map<std::string, torch::Tensor>& expected,
                 const std::map<std::string, torch::Tensor>& actual, QString* why) {
    for (const auto& [k, t] : expected) {
        auto it = actual.find(k);
        if (it == actual.end()) return *why = "missing " + QString::fromStdString(k), false;
        if (t.scalar_type() != it->second.scalar_type() || !t.sizes().equals(it->second.sizes()) ||
            !torch::equal(t, it->second))
            return *why = "differs: " + QString::fromStdString(k), false;
    }
    return true;
}

}  // namespace

class TestWeights : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    // First, so that the peak-RSS check is not masked by later full-size loads.
    void badFiles_data();
    void badFiles();
    void hostilePickles_data();
    void hostilePickles();
    void corruptedBytes_data();
    void corruptedBytes();
    void formatsAgree_data();
    void formatsAgree();
    void python2Legacy();
    void dtypesConverted_data();
    void dtypesConverted();
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

void TestWeights::initTestCase() {
    QVERIFY2(QFileInfo::exists(fixture("tiny.pth")), "run through ctest: fixtures missing");
    QVERIFY2(QFileInfo::exists(fixture("weights/py2.legacy.pth")),
             "run through ctest: weight fixtures missing");
    torch::set_num_threads(2);
}

void TestWeights::badFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("fact");
    QTest::newRow("zip cut in half") << "bad_zip_half.pth"
                                     << "truncated";
    QTest::newRow("zip without its end") << "bad_zip_tail.pth"
                                         << "truncated";
    QTest::newRow("legacy data cut") << "bad_legacy_data.pth"
                                     << "truncated";
    QTest::newRow("legacy pickle cut") << "bad_legacy_pickle.pth"
                                       << "truncated";
    QTest::newRow("safetensors data cut") << "bad_st_data.safetensors"
                                          << "truncated";
    QTest::newRow("safetensors header cut") << "bad_st_header.safetensors"
                                            << "truncated";
    QTest::newRow("deflated zip") << "bad_deflated.pth"
                                  << "compressed";
    QTest::newRow("garbage") << "bad_garbage.bin"
                             << "not a weights file";
    QTest::newRow("garbage pickle") << "bad_garbage_pickle.pth"
                                    << "";
    QTest::newRow("empty") << "bad_empty.pth"
                           << "is empty";
    QTest::newRow("list, not a dict") << "bad_not_a_dict.pth"
                                      << "not a state dict";
    QTest::newRow("plain pickle") << "bad_plain_pickle.pkl"
                                  << "not a torch.save file";
    QTest::newRow("st header 2^60") << "bad_st_huge_header.safetensors"
                                    << "claims 1152921504606846976 bytes";
    QTest::newRow("st offsets outside") << "bad_st_offsets.safetensors"
                                        << "outside the file";
    QTest::newRow("st span vs shape") << "bad_st_span.safetensors"
                                      << "needs 16";
    QTest::newRow("st huge shape") << "bad_st_huge_shape.safetensors"
                                   << "[1099511627776, 1099511627776]";
    QTest::newRow("st dtype") << "bad_st_dtype.safetensors"
                              << "'C64'";
    QTest::newRow("st json nesting") << "bad_st_json.safetensors"
                                     << "nesting too deep";
    QTest::newRow("string of 4 GiB") << "bad_huge_string.pth"
                                     << "claims 4294967280 bytes";
    QTest::newRow("string of 2^60") << "bad_huge_string8.pth"
                                    << "claims 1152921504606846976 bytes";
    QTest::newRow("frame of 2^62") << "bad_huge_frame.pth"
                                   << "frame longer";
    QTest::newRow("memo index") << "bad_memo.pth"
                                << "memo index 77";
    QTest::newRow("deep nesting") << "bad_deep.pth"
                                  << "nesting deeper";
    QTest::newRow("stack underflow") << "bad_underflow.pth"
                                     << "stack underflow";
    QTest::newRow("storage of 2^60") << "bad_huge_storage.pth"
                                     << "truncated";
    QTest::newRow("view outside storage") << "bad_view.pth"
                                          << "does not fit in its storage of 50";
    QTest::newRow("storage count") << "bad_count.pth"
                                   << "holds 49 elements";
    QTest::newRow("no such file") << "no_such_file.pth"
                                  << "Cannot open";
}

void TestWeights::badFiles() {
    QFETCH(QString, file);
    QFETCH(QString, fact);
    const long rssBefore = maxRssKb();
    QElapsedTimer timer;
    timer.start();
    const QString msg = errorOf([&] { ds::readStateDict(weightFile(file)); });
    const qint64 ms = timer.elapsed();
    QVERIFY2(!msg.isEmpty() && !msg.startsWith("not a WeightsError"),
             qPrintable("no WeightsError: " + msg));
    QVERIFY2(msg.contains(fact), qPrintable(msg));
    QVERIFY2(msg.contains(file), qPrintable("message does not name the file: " + msg));
    QVERIFY2(ms < 1000, qPrintable(QString("took %1 ms").arg(ms)));
    QVERIFY2(maxRssKb() - rssBefore < 100 * 1024,
             qPrintable(QString("peak RSS grew by %1 kB").arg(maxRssKb() - rssBefore)));
}

void TestWeights::hostilePickles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("global");
    QTest::newRow("pickle protocol 2") << "evil_protocol2.pkl"
                                       << "'posix.system'";
    QTest::newRow("pickle protocol 4 (STACK_GLOBAL)") << "evil_protocol4.pkl"
                                                      << "'posix.system'";
    QTest::newRow("torch.save zip") << "evil_zip.pth"
                                    << "'posix.system'";
    QTest::newRow("torch.save legacy") << "evil_legacy.pth"
                                       << "'posix.system'";
    // torch.save pickles at protocol 2, where Python 3 writes builtins as __builtin__.
    QTest::newRow("eval, protocol 2") << "evil_eval.pth"
                                      << "'__builtin__.eval'";
    QTest::newRow("eval, protocol 4") << "evil_eval4.pkl"
                                      << "'builtins.eval'";
    QTest::newRow("inside a state dict") << "evil_in_state_dict.pth"
                                         << "'posix.system'";
}

void TestWeights::hostilePickles() {
    QFETCH(QString, file);
    QFETCH(QString, global);
    const QString marker = fixture("weights/pwned.marker");
    QVERIFY(!QFileInfo::exists(marker));
    const QString msg = errorOf([&] { ds::readStateDict(weightFile(file)); });
    QVERIFY2(msg.contains(global), qPrintable(msg));
    QVERIFY2(msg.contains("refuses to run code"), qPrintable(msg));
    QVERIFY2(msg.contains(file), qPrintable(msg));
    QVERIFY2(!QFileInfo::exists(marker), "a command from the pickle ran");
}

void TestWeights::corruptedBytes_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("zip") << "tiny.fp16.pth";
    QTest::newRow("legacy") << "tiny.f64.pth";
    QTest::newRow("python 2 legacy") << "py2.legacy.pth";
    QTest::newRow("safetensors") << "tiny.fp16.safetensors";
}

// Random byte damage in the parts that describe the data (pickles, headers, zip directory):
// every result is either a state dict or a WeightsError, quickly, never a crash or a hang.
void TestWeights::corruptedBytes() {
    QFETCH(QString, file);
    QFile in(fixture("weights/" + file));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray original = in.readAll();
    QTemporaryDir dir;
    const QString path = dir.filePath(file);
    QRandomGenerator rng(1234);
    int failures = 0;
    for (int round = 0; round < 150; ++round) {
        QByteArray bytes = original;
        const int flips = 1 + rng.bounded(4);
        for (int i = 0; i < flips; ++i) {
            const bool head = rng.bounded(2) == 0;
            const int span = std::min<int>(head ? 4096 : 1024, bytes.size());
            const int at = head ? rng.bounded(span) : bytes.size() - 1 - rng.bounded(span);
            bytes[at] = char(rng.bounded(256));
        }
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
        out.close();
        QElapsedTimer timer;
        timer.start();
        try {
            ds::readStateDict(path.toStdString());
        } catch (const ds::WeightsError& e) {
            ++failures;
            QVERIFY2(QString(e.what()).contains(file), e.what());
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("round %1: not a WeightsError: %2").arg(round).arg(e.what())));
        }
        QVERIFY2(timer.elapsed() < 1000,
                 qPrintable(QString("round %1 took %2 ms").arg(round).arg(timer.elapsed())));
    }
    QVERIFY(failures > 0);
}

void TestWeights::formatsAgree_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny") << "tiny";
    QTest::newRow("densenet121") << "densenet121";
}

void TestWeights::formatsAgree() {
    QFETCH(QString, model);
    const ds::StateDict zip = ds::readStateDict(fixture(model + ".pth").toStdString());
    const ds::StateDict legacy = ds::readStateDict(fixture(model + ".legacy.pth").toStdString());
    const ds::StateDict st = ds::readStateDict(fixture(model + ".safetensors").toStdString());
    const std::vector<std::string> keys = keysJson(model);
    QVERIFY(!keys.empty());
    QVERIFY(namesOf(zip) == keys);
    QVERIFY(namesOf(st) == keys);
    std::vector<std::string> withoutCounters;
    for (const auto& k : keys)
        if (k.find("num_batches_tracked") == std::string::npos) withoutCounters.push_back(k);
    QVERIFY(namesOf(legacy, /*modernise=*/true) == withoutCounters);

    const auto zipMap = byName(zip);
    QString why;
    QVERIFY2(sameTensors(zipMap, byName(st), &why), qPrintable(why));
    QVERIFY2(sameTensors(byName(legacy, true), zipMap, &why), qPrintable(why));
    for (const auto& [k, t] : zip)
        QVERIFY(
            t.scalar_type() ==
            (k.find("num_batches_tracked") != std::string::npos ? torch::kLong : torch::kFloat));

    // Each loads into our model and gives it exactly these tensors (BN running stats included).
    const ds::DenseNetConfig config =
        model == "tiny" ? tinyConfig() : ds::DenseNetConfig::preset("densenet121");
    for (const auto* dict : {&zip, &legacy, &st}) {
        ds::DenseNet net(config);
        ds::loadStateDict(*net, *dict, "test");
        auto state = modelState(*net);
        for (auto it = state.begin(); it != state.end();)
            it = it->first.find("num_batches_tracked") != std::string::npos && dict == &legacy
                     ? state.erase(it)
                     : ++it;
        auto expected = zipMap;
        if (dict == &legacy)
            for (auto it = expected.begin(); it != expected.end();)
                it = it->first.find("num_batches_tracked") != std::string::npos ? expected.erase(it)
                                                                                : ++it;
        QVERIFY2(sameTensors(expected, state, &why), qPrintable(why));
        QCOMPARE(state.size(), expected.size());
    }
}

void TestWeights::python2Legacy() {
    const ds::StateDict dict = ds::readStateDict(weightFile("py2.legacy.pth"));
    QFile f(fixture("weights/py2.expected.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(int(dict.size()), expected.size());
    for (const auto& [key, t] : dict) {
        const QJsonObject e = expected.value(QString::fromStdString(key)).toObject();
        QVERIFY2(!e.isEmpty(), key.c_str());
        std::vector<int64_t> shape;
        for (const auto& s : e["shape"].toArray()) shape.push_back(s.toInteger());
        QVERIFY2(t.sizes().vec() == shape, key.c_str());
        QVERIFY(t.scalar_type() == torch::kFloat);
        const torch::Tensor flat = t.contiguous().reshape(-1);
        const QJsonArray values = e["values"].toArray();
        QCOMPARE(flat.numel(), int64_t(values.size()));
        const float* p = flat.data_ptr<float>();
        for (int i = 0; i < values.size(); ++i)
            QVERIFY2(p[i] == float(values[i].toDouble()),
                     qPrintable(QString("%1[%2]").arg(key.c_str()).arg(i)));
    }
    // Old key names, no num_batches_tracked: loads by torchvision's renaming rule.
    ds::DenseNet net(tinyConfig());
    ds::loadStateDict(*net, dict, "py2.legacy.pth");
    const auto state = modelState(*net);
    QString why;
    QVERIFY2(sameTensors(byName(dict, /*modernise=*/true), state, &why), qPrintable(why));
}

void TestWeights::dtypesConverted_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reference");  // float32 values of the same weights
    QTest::newRow("fp16 safetensors") << "tiny.fp16.safetensors"
                                      << "tiny.fp16.ref.safetensors";
    QTest::newRow("fp16 zip") << "tiny.fp16.pth"
                              << "tiny.fp16.ref.safetensors";
    QTest::newRow("bf16 safetensors") << "tiny.bf16.safetensors"
                                      << "tiny.bf16.ref.safetensors";
    QTest::newRow("float64 legacy") << "tiny.f64.pth"
                                    << "tiny.f32.safetensors";
}

void TestWeights::dtypesConverted() {
    QFETCH(QString, file);
    QFETCH(QString, reference);
    const ds::StateDict dict = ds::readStateDict(weightFile(file));
    const ds::StateDict ref = ds::readStateDict(weightFile(reference));
    QVERIFY(namesOf(dict) == namesOf(ref));
    QString why;
    QVERIFY2(sameTensors(byName(ref), byName(dict), &why), qPrintable(why));
}

void TestWeights::loadsIntoModel_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("plain") << "tiny.f32.safetensors";
    QTest::newRow("module. prefix (DataParallel)") << "tiny.module.pth";
    QTest::newRow("training checkpoint dict") << "tiny.checkpoint.pth";
    QTest::newRow("float64 legacy") << "tiny.f64.pth";
}

void TestWeights::loadsIntoModel() {
    QFETCH(QString, file);
    ds::DenseNet net(tinyConfig());
    ds::loadStateDict(*net, ds::readStateDict(weightFile(file)), file.toStdString());
    QString why;
    const auto expected = byName(ds::readStateDict(weightFile("tiny.f32.safetensors")));
    QVERIFY2(sameTensors(expected, modelState(*net), &why), qPrintable(why));
}

void TestWeights::mismatches_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("facts");
    QTest::newRow("growth rate 12")
        << "tiny.k12.pth"
        << QStringList{"look like a custom DenseNet (k=12 blocks=2-3-2 init=24 bn_size=2)",
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

void TestWeights::mismatches() {
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

void TestWeights::variantHint() {
    ds::DenseNet net(ds::DenseNetConfig::preset("densenet161"));
    QElapsedTimer timer;
    timer.start();
    const QString msg = errorOf([&] {
        ds::loadStateDict(*net, ds::readStateDict(fixture("densenet121.pth").toStdString()),
                          "densenet121.pth");
    });
    QVERIFY2(
        msg.contains("look like densenet121 (k=32 blocks=6-12-24-16 init=64), not densenet161"),
        qPrintable(msg));
    QVERIFY2(msg.contains("features.conv0.weight (file [64, 3, 7, 7], model [96, 3, 7, 7])"),
             qPrintable(msg));
    QVERIFY2(msg.contains("missing keys"), qPrintable(msg));  // densenet161 has more layers
    QVERIFY2(msg.contains("and "), qPrintable(msg));          // long lists are cut
    QVERIFY2(msg.size() < 4000, qPrintable(QString("message of %1 characters").arg(msg.size())));
}

void TestWeights::specParsing_data() {
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

void TestWeights::specParsing() {
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

void TestWeights::hubDir() {
    const QByteArray torchHome = qgetenv("TORCH_HOME"), xdg = qgetenv("XDG_CACHE_HOME"),
                     home = qgetenv("HOME");
    qputenv("TORCH_HOME", "/a/torch");
    qputenv("XDG_CACHE_HOME", "/b/cache");
    QCOMPARE(QString::fromStdString(ds::torchHubCheckpointDir()),
             QString("/a/torch/hub/checkpoints"));
    qunsetenv("TORCH_HOME");
    QCOMPARE(QString::fromStdString(ds::torchHubCheckpointDir()),
             QString("/b/cache/torch/hub/checkpoints"));
    qunsetenv("XDG_CACHE_HOME");
    qputenv("HOME", "/c/home");
    QCOMPARE(QString::fromStdString(ds::torchHubCheckpointDir()),
             QString("/c/home/.cache/torch/hub/checkpoints"));
    auto restore = [](const char* name, const QByteArray& v) {
        v.isNull() ? qunsetenv(name) : qputenv(name, v);
    };
    restore("TORCH_HOME", torchHome);
    restore("XDG_CACHE_HOME", xdg);
    restore("HOME", home);
}

void TestWeights::imagenetLookup() {
    QCOMPARE(QString::fromStdString(ds::imagenetFileName("densenet121")),
             QString("densenet121-a639ec97.pth"));
    QCOMPARE(QString::fromStdString(ds::imagenetFileName("densenet161")),
             QString("densenet161-8d451a50.pth"));
    QCOMPARE(QString::fromStdString(ds::imagenetFileName("densenet169")),
             QString("densenet169-b2777c0a.pth"));
    QCOMPARE(QString::fromStdString(ds::imagenetFileName("densenet201")),
             QString("densenet201-c1103571.pth"));
    QVERIFY(ds::imagenetFileName("densenet264").empty());

    QTemporaryDir torchHome;
    QVERIFY(torchHome.isValid());
    const QByteArray saved = qgetenv("TORCH_HOME");
    qputenv("TORCH_HOME", torchHome.path().toUtf8());
    const QString dir = torchHome.path() + "/hub/checkpoints";
    const auto d121 = ds::DenseNetConfig::preset("densenet121");

    const QString absent = errorOf([&] { ds::findImagenetWeights(d121); });
    QVERIFY2(absent.contains("https://download.pytorch.org/models/densenet121-a639ec97.pth"),
             qPrintable(absent));
    QVERIFY2(absent.contains(dir + "/densenet121-a639ec97.pth"), qPrintable(absent));
    QVERIFY2(
        absent.contains(
            "python3 -c \"import torchvision; torchvision.models.densenet121(weights='DEFAULT')\""),
        qPrintable(absent));
    for (const auto& config : {ds::DenseNetConfig::preset("densenet264"), tinyConfig()}) {
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
    saved.isNull() ? qunsetenv("TORCH_HOME") : qputenv("TORCH_HOME", saved);
}

QTEST_GUILESS_MAIN(TestWeights)
#include "tst_weights.moc"
