// Training checkpoints as training code writes them (tests/oracle/make_checkpoints.py, made
// by torchvision at test time): legacy files with optimizer state, wrappers, key prefixes,
// metadata objects outside the state dict, a fine-tuned classifier with a labels file. Each
// must give torchvision's logits; refusals must say what is wrong.
#include <torch/torch.h>

#include <QtTest>
#include <QTemporaryDir>

#include "cli_test_util.h"
#include "densenet.h"
#include "densescope/analysis.h"
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/labels.h"
#include "densescope/npy.h"
#include "fixtures.h"
#include "parity.h"
#include "weights.h"

namespace {

constexpr double kTolerance = 1e-4;  // as tst_model: logits, absolute

// The tiny fixture layout as densescope-cli flags.
const QStringList kTinyFlags{"--growth-rate", "8", "--blocks", "2,3,2", "--init-features", "16",
                             "--bn-size", "2"};

QString checkpoint(const QString& name) { return fixtures::dir() + "/checkpoints/" + name; }

ds::DenseNetConfig configFor(const QString& model) {
    return model == "densenet121" ? ds::DenseNetConfig::variant("densenet121")
                                  : fixtures::config("tiny");
}

std::unique_ptr<ds::Engine> plainEngine() {
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    options.optimize = false;  // torchvision's arithmetic: logits within 1e-4
    return std::make_unique<ds::Engine>(options);
}

QString joined(const std::vector<std::string>& lines) {
    QStringList out;
    for (const auto& l : lines) out << QString::fromStdString(l);
    return out.join('\n');
}

template <typename E>
QString errorOf(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const E& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return "wrong exception type: " + QString::fromStdString(e.what());
    }
    return "no exception";
}

}  // namespace

class TestCheckpoints : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loads_data();
    void loads();
    void refusals_data();
    void refusals();
    void truncatedSkippedStorage();
    void fineTunedNeedsFileSpec();
    void labels();
    void labelFiles_data();
    void labelFiles();
    void cliLabels();
    void cliLabelErrors_data();
    void cliLabelErrors();
};

void TestCheckpoints::initTestCase() {
    QVERIFY2(QFileInfo::exists(checkpoint("lightning.ckpt")),
             "run through ctest: checkpoint fixtures missing");
    torch::set_num_threads(2);
}

void TestCheckpoints::loads_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QStringList>("notes");  // each must appear in the engine's notes
    const QStringList none;
    QTest::newRow("legacy, SGD momentum before the state dict")
        << "legacy_sgd.pth.tar" << "tiny" << 1000 << none;
    QTest::newRow("legacy, Adam") << "legacy_adam.pth.tar" << "tiny" << 1000 << none;
    QTest::newRow("densenet121 legacy, DataParallel, SGD")
        << "d121_legacy_sgd.pth.tar" << "densenet121" << 1000
        << QStringList{"starts with 'module.' (a model saved from DataParallel)"};
    QTest::newRow("zip, Adam, model_state_dict") << "zip_adam.pth" << "tiny" << 1000 << none;
    QTest::newRow("{'state_dict': ...}") << "wrap_state_dict.pth" << "tiny" << 1000 << none;
    QTest::newRow("{'model': ...}") << "wrap_model.pth" << "tiny" << 1000 << none;
    QTest::newRow("{'model_state_dict': ...}")
        << "wrap_model_state_dict.pth" << "tiny" << 1000 << none;
    QTest::newRow("DataParallel") << "module.pth" << "tiny" << 1000
                                  << QStringList{"starts with 'module.'", "stripped that prefix"};
    QTest::newRow("Lightning") << "lightning.ckpt" << "tiny" << 1000
                               << QStringList{"starts with 'model.' (a PyTorch Lightning"};
    QTest::newRow("shared prefix") << "prefix.pth" << "tiny" << 1000
                                   << QStringList{"starts with 'backbone.model.':"};
    QTest::newRow("metadata, zip") << "metadata.pth" << "tiny" << 1000 << none;
    QTest::newRow("metadata, legacy") << "metadata_legacy.pth.tar" << "tiny" << 1000 << none;
    QTest::newRow("fine-tuned, 10 classes")
        << "finetuned10.pth" << "tiny" << 10
        << QStringList{"the file's classifier has 10 classes: the model now has 10 (it was set "
                       "to 1000)"};
}

void TestCheckpoints::loads() {
    QFETCH(QString, file);
    QFETCH(QString, model);
    QFETCH(int, classes);
    QFETCH(QStringList, notes);
    auto engine = plainEngine();
    engine->load(configFor(model), checkpoint(file).toStdString());
    QCOMPARE(engine->config().numClasses, classes);
    const auto result = engine->classifyTensor(fixtures::loadInput(), 224, 224, 5);
    const auto reference = ds::readNpy(checkpoint(file + ".logits.npy").toStdString());
    QCOMPARE(int64_t(result.logits.size()), reference.numel());
    const double diff =
        fixtures::maxAbsDiff(result.logits.data(), reference.f32(), result.logits.size());
    QVERIFY2(diff < kTolerance, qPrintable(QString("logits differ by %1").arg(diff)));
    const QString said = joined(engine->notes());
    for (const QString& note : notes) QVERIFY2(said.contains(note), qPrintable(said));
    if (notes.isEmpty()) QVERIFY2(!said.contains("prefix"), qPrintable(said));
    // The analyses' plain module is built from the same file (and number of classes).
    const auto cam = ds::computeCamsTensor(*engine, fixtures::loadInput(), 224, 224,
                                           {"features.denseblock2"}, ds::CamMethod::GradCam);
    QCOMPARE(cam.top.front().index, result.top.front().index);
}

void TestCheckpoints::refusals_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("facts");
    QTest::newRow("a Namespace inside the state dict")
        << "bad_nontensor.pth"
        << QStringList{"entry 'args' is an object built by 'argparse.Namespace', not a tensor",
                       "refuses to run code"};
    QTest::newRow("two dicts of tensors")
        << "bad_two_dicts.pth" << QStringList{"several dicts of tensors ('student', 'teacher')"};
    QTest::newRow("no state dict")
        << "bad_no_state_dict.pth"
        << QStringList{"the keys 'epoch', 'args'", "none of them is a state dict"};
    QTest::newRow("a whole pickled model")
        << "bad_whole_model.pth"
        << QStringList{"'model' (an object built by 'torchvision.models.densenet.DenseNet')"};
}

void TestCheckpoints::refusals() {
    QFETCH(QString, file);
    QFETCH(QStringList, facts);
    auto engine = plainEngine();
    const QString msg = errorOf<ds::WeightsError>(
        [&] { engine->load(configFor("tiny"), checkpoint(file).toStdString()); });
    for (const QString& fact : facts) QVERIFY2(msg.contains(fact), qPrintable(msg));
    QVERIFY2(msg.contains(file), qPrintable(msg));
    QVERIFY2(msg.contains("torch.save(model.state_dict(), path)"), qPrintable(msg));
}

// A skipped (optimizer) storage is still checked against the file's size.
void TestCheckpoints::truncatedSkippedStorage() {
    QFile in(checkpoint("legacy_sgd.pth.tar"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    QTemporaryDir dir;
    for (const int keep : {int(bytes.size()) - 5, int(bytes.size()) / 2}) {
        const QString path = dir.filePath(QString("cut%1.pth.tar").arg(keep));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(keep));
        out.close();
        const QString msg = errorOf<ds::WeightsError>([&] { ds::readStateDict(path.toStdString()); });
        QVERIFY2(msg.contains("truncated"), qPrintable(msg));
    }
}

// loadStateDict itself never adapts: it reports the classes, and only a file spec adapts.
void TestCheckpoints::fineTunedNeedsFileSpec() {
    ds::DenseNet net(configFor("tiny"));
    try {
        ds::loadStateDict(*net, ds::readStateDict(checkpoint("finetuned10.pth").toStdString()),
                          "finetuned10.pth");
        QFAIL("no error");
    } catch (const ds::WeightsClassesError& e) {
        QCOMPARE(e.fileClasses, 10);
    }
    // Another layout and another number of classes: not a fine-tuned classifier, no adapting.
    auto engine = plainEngine();
    ds::DenseNetConfig other = configFor("tiny");
    other.growthRate = 12;
    const QString msg = errorOf<ds::WeightsError>(
        [&] { engine->load(other, checkpoint("finetuned10.pth").toStdString()); });
    QVERIFY2(msg.contains("These weights are"), qPrintable(msg));
}

void TestCheckpoints::labels() {
    auto engine = plainEngine();
    engine->load(configFor("tiny"), checkpoint("finetuned10.pth").toStdString());
    const auto names = ds::readLabels(checkpoint("labels10.txt").toStdString());
    QCOMPARE(int(names.size()), 10);  // the trailing blank lines are not labels
    QCOMPARE(QString::fromStdString(names[3]), QString::fromUtf8("cat (猫)"));
    engine->setLabels(names);
    const auto result = engine->classifyTensor(fixtures::loadInput(), 224, 224, 10);
    for (const auto& p : result.top)
        QCOMPARE(p.label, names[size_t(p.index)]);
    QCOMPARE(ds::parseClass("CAT", 10, engine->labels()), 3);
    QCOMPARE(ds::parseClass("truck", 10, engine->labels()), 9);
    const auto cam = ds::computeCamsTensor(*engine, fixtures::loadInput(), 224, 224,
                                           {"features.denseblock2"}, ds::CamMethod::GradCam, 3);
    QCOMPARE(QString::fromStdString(cam.target.label), QString::fromUtf8("cat (猫)"));

    const QString msg = errorOf<ds::ConfigError>([&] {
        engine->setLabels(ds::readLabels(checkpoint("labels9.txt").toStdString()), "labels9.txt");
    });
    QVERIFY2(msg.contains("labels9.txt name 9 classes, but the model has 10"), qPrintable(msg));
    QCOMPARE(engine->labels().size(), size_t(10));  // unchanged by the refusal
    engine->load(configFor("tiny"), checkpoint("wrap_model.pth").toStdString());
    QVERIFY(engine->labels().empty());  // a new model forgets them
    const auto imagenet = engine->classifyTensor(fixtures::loadInput(), 224, 224, 1);
    QCOMPARE(imagenet.top[0].label, ds::imagenetLabels()[size_t(imagenet.top[0].index)]);
}

void TestCheckpoints::labelFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("labels");  // empty: refused
    QTest::addColumn<QString>("fact");
    QTest::newRow("CRLF, BOM") << QByteArray("\xEF\xBB\xBF" "a\r\nb c\r\n\r\n") << QStringList{"a", "b c"}
                               << "";
    QTest::newRow("no final newline") << QByteArray("x\ny") << QStringList{"x", "y"} << "";
    QTest::newRow("blank line inside") << QByteArray("a\n\nb\n") << QStringList{} << "Line 2";
    QTest::newRow("empty") << QByteArray("\n \n") << QStringList{} << "has no labels";
    QTest::newRow("not UTF-8") << QByteArray("caf\xE9\n") << QStringList{} << "not UTF-8";
}

void TestCheckpoints::labelFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, labels);
    QFETCH(QString, fact);
    QTemporaryDir dir;
    const QString path = dir.filePath("labels.txt");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    if (labels.isEmpty()) {
        const QString msg =
            errorOf<ds::ConfigError>([&] { ds::readLabels(path.toStdString()); });
        QVERIFY2(msg.contains(fact) && msg.contains(path), qPrintable(msg));
        return;
    }
    QStringList got;
    for (const auto& l : ds::readLabels(path.toStdString())) got << QString::fromStdString(l);
    QCOMPARE(got, labels);
    QVERIFY(errorOf<ds::ConfigError>([&] { ds::readLabels((path + ".none").toStdString()); })
                .contains("Cannot open the labels file"));
}

void TestCheckpoints::cliLabels() {
    const auto r = clitest::run(QStringList{"classify", "--weights", checkpoint("finetuned10.pth"),
                                            "--labels", checkpoint("labels10.txt"), "--json",
                                            "--topk", "10", fixtures::dir() + "/input256.png"} +
                                kTinyFlags);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("the file's classifier has 10 classes: the model now has 10"),
             qPrintable(r.err));
    QCOMPARE(r.json["num_classes"].toInt(), 10);
    QCOMPARE(r.json["labels"].toString(), checkpoint("labels10.txt"));
    const auto top = r.json["results"].toArray()[0].toObject()["top"].toArray();
    QCOMPARE(top.size(), 10);
    const auto names = ds::readLabels(checkpoint("labels10.txt").toStdString());
    for (const auto& p : top)
        QCOMPARE(p.toObject()["label"].toString(),
                 QString::fromStdString(names[size_t(p.toObject()["index"].toInt())]));
    const auto prefix = clitest::run(QStringList{"classify", "--weights", checkpoint("lightning.ckpt"),
                                                 fixtures::dir() + "/input256.png"} +
                                     kTinyFlags);
    QVERIFY2(prefix.code == 0, qPrintable(prefix.err));
    QVERIFY2(prefix.err.contains("starts with 'model.'"), qPrintable(prefix.err));
    // cam --class takes the labels file's names.
    QTemporaryDir dir;
    const auto cam = clitest::run(QStringList{"cam", "--weights", checkpoint("finetuned10.pth"),
                                              "--labels", checkpoint("labels10.txt"), "--class",
                                              "truck", "--layer", "features.denseblock2", "--out",
                                              dir.filePath("cam.npy"), "--json",
                                              fixtures::dir() + "/input256.png"} +
                                  kTinyFlags);
    QVERIFY2(cam.code == 0, qPrintable(cam.err));
    QCOMPARE(cam.json["class"].toObject()["index"].toInt(), 9);
    QCOMPARE(cam.json["class"].toObject()["label"].toString(), QString("truck"));
}

void TestCheckpoints::cliLabelErrors_data() {
    QTest::addColumn<QString>("labels");
    QTest::addColumn<QString>("fact");
    QTest::newRow("count") << checkpoint("labels9.txt") << "name 9 classes, but the model has 10";
    QTest::newRow("missing") << checkpoint("no_such_labels.txt") << "Cannot open the labels file";
}

void TestCheckpoints::cliLabelErrors() {
    QFETCH(QString, labels);
    QFETCH(QString, fact);
    const auto r = clitest::run(QStringList{"classify", "--weights", checkpoint("finetuned10.pth"),
                                            "--labels", labels, fixtures::dir() + "/input256.png"} +
                                kTinyFlags);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(fact) && r.err.contains(labels), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCheckpoints)
#include "tst_checkpoints.moc"
