// densescope-cli train-head and classify --head (docs/architecture.md) on the generated
// shapes-and-colours data set (teach_data.h), with the tiny layout on random:0 weights.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include <sys/stat.h>
#include <unistd.h>

#include "cli_test_util.h"
#include "densescope/teach.h"
#include "image_io.h"
#include "teach_data.h"

#include <memory>

namespace {

// The tiny layout, on one thread (OpenMP's spinning threads slow a shared machine down).
const QStringList kTinyFlags{"--growth-rate", "8", "--blocks",  "2,3,2", "--init-features", "16",
                             "--bn-size",     "2", "--threads", "1"};

// The model kTinyFlags and "--weights random:0" select, in this process.
std::unique_ptr<ds::Engine> tinyRandomEngine() {
    ds::DenseNetConfig tiny;
    tiny.name = "custom";
    tiny.growthRate = 8;
    tiny.blockConfig = {2, 3, 2};
    tiny.initFeatures = 16;
    tiny.bnSize = 2;
    ds::EngineOptions options;
    options.device = ds::DeviceKind::Cpu;
    auto engine = std::make_unique<ds::Engine>(options);
    engine->load(tiny, "random:0");
    return engine;
}
}  // namespace

class TestTeachCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_data = m_tmp.filePath("shapes");
        QVERIFY(teachdata::write(m_data, 40, 12345));
    }

    void cliTrainHeadAndClassify() {
        const QString head = m_tmp.filePath("cli_head.safetensors");
        const auto r = clitest::run(
            QStringList{"train-head"} + kTinyFlags +
            QStringList{"--weights", "random:0", "--data", m_data, "--out", head, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject& j = r.json;
        QCOMPARE(j["classes"].toArray(), QJsonArray({"circle", "square", "stripes", "triangle"}));
        QCOMPARE(j["counts"].toArray(), QJsonArray({40, 40, 40, 40}));
        QCOMPARE(j["train_size"].toInt() + j["holdout_size"].toInt(), 160);
        // The same features and trainer as the core's (the class folders sort otherwise, so
        // the accuracy is compared, not the weights).
        QVERIFY2(j["accuracy"].toDouble() >= 0.8, qPrintable(r.out));
        QCOMPARE(j["confusion"].toArray().size(), 4);
        QCOMPARE(j["loss_curve"].toArray().size(), 200);
        QVERIFY(j["timings"]["extract_ms"].toDouble() > 0 &&
                j["timings"]["train_ms"].toDouble() > 0);
        QCOMPARE(j["out"].toString(), head);
        qInfo("train-head: %.1f ms per image, training %.0f ms",
              j["timings"]["extract_ms"].toDouble(), j["timings"]["train_ms"].toDouble());

        const auto c =
            clitest::run(QStringList{"classify"} + kTinyFlags +
                         QStringList{"--weights", "random:0", "--head", head, "--json",
                                     m_data + "/circle/000.png", m_data + "/stripes/001.png"});
        QVERIFY2(c.code == 0, qPrintable(c.err));
        QCOMPARE(c.json["head"].toString(), head);
        const QJsonArray results = c.json["results"].toArray();
        QCOMPARE(results.size(), 2);
        const QJsonArray top = results[0]["top"].toArray();
        QCOMPARE(top.size(), 4);  // --topk 5 clamped to the head's classes
        // The head's own predictions on the same image's features, computed here.
        const auto engine = tinyRandomEngine();
        const auto features = ds::pooledFeatures(*engine, ds::loadImage(m_data + "/circle/000.png"));
        const auto expected = ds::loadHead(head.toStdString()).predict(features, 5);
        for (int k = 0; k < 4; ++k) {
            QCOMPARE(top[k]["label"].toString(), QString::fromStdString(expected[size_t(k)].label));
            QCOMPARE(top[k]["index"].toInt(), expected[size_t(k)].index);
            // Another process's forward: equal up to float rounding.
            QVERIFY(std::abs(top[k]["probability"].toDouble() -
                             double(expected[size_t(k)].probability)) < 1e-5);
        }

        // Another backbone: exit 2 and what the head needs.
        const auto refused = clitest::run(
            QStringList{"classify"} + kTinyFlags +
            QStringList{"--weights", "random:1", "--head", head, m_data + "/circle/000.png"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains("--weights random:0"), qPrintable(refused.err));
    }

    void cliErrors() {
        const QString head = m_tmp.filePath("x.safetensors");
        const QStringList model = kTinyFlags + QStringList{"--weights", "random:0", "--out", head};
        QCOMPARE(clitest::run(QStringList{"train-head"} + model).code, 2);  // no --data
        QCOMPARE(clitest::run(QStringList{"train-head", "--data", "/no/such"} + model).code, 2);
        QCOMPARE(clitest::run(QStringList{"train-head", "--data", m_data, "--holdout", "2"} + model)
                     .code,
                 2);
        QCOMPARE(clitest::run(QStringList{"train-head", "--data", m_data + "/circle"} + model).code,
                 2);
        QCOMPARE(clitest::run(QStringList{"classify", "--head", "/no/such.safetensors"} +
                              kTinyFlags + QStringList{m_data + "/circle/000.png"})
                     .code,
                 2);
        // An unreadable image: the others still train, exit 1, an error entry.
        const QString small = m_tmp.filePath("small");
        QVERIFY(teachdata::write(small, 4, 7));
        QFile broken(small + "/circle/broken.png");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("not a png");
        broken.close();
        const auto r = clitest::run(
            QStringList{"train-head", "--data", small, "--epochs", "20", "--json"} + model);
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json["errors"].toArray().size(), 1);
        QVERIFY(QFile::exists(head));
    }

    // Images that cannot be read are errors, not silently left out (QDir::Readable hid them):
    // a link to nothing (and, when not root, a file without read permission).
    void cliUnreadableImagesListed() {
        const QString data = m_tmp.filePath("unreadable");
        QVERIFY(teachdata::write(data, 3, 11));
        QStringList bad{data + "/square/gone.png"};
        QVERIFY(QFile::link(data + "/square/nowhere.png", bad[0]));
        if (::geteuid() != 0) {  // root reads everything
            bad << data + "/circle/locked.png";
            QVERIFY(QFile::copy(data + "/circle/000.png", bad[1]));
            QVERIFY(QFile::setPermissions(bad[1], QFileDevice::WriteOwner));
        }
        const QString head = m_tmp.filePath("unreadable.safetensors");
        const auto r = clitest::run(QStringList{"train-head"} + kTinyFlags +
                                    QStringList{"--weights", "random:0", "--data", data, "--out",
                                                head, "--epochs", "5", "--json"});
        QCOMPARE(r.code, 1);
        const QJsonArray errors = r.json["errors"].toArray();
        QCOMPARE(errors.size(), bad.size());
        for (const QString& path : bad) {
            bool found = false;
            for (const auto& e : errors) {
                const QJsonObject o = e.toObject();
                found |= o["image"].toString() == path && o["error"].toString().contains(path);
            }
            QVERIFY2(found, qPrintable(path + " not in " + r.out));
        }
        QCOMPARE(r.json["out"].toString(), head);  // the rest was trained and saved
    }

    // Class names from a labels file and a head, and a head's backbone.variant, are printed
    // through one helper (cli::terminalSafe): escape sequences show as \x1b, bidi overrides
    // as \u202e, and a 1 MB name is cut; JSON keeps the data whole.
    void cliPrintsUntrustedTextSafely() {
        const std::string huge(1 << 20, 'n');
        const std::vector<std::string> names{"\x1b[2J\x1b[31mred", huge, "ok\u202Eevil",
                                             "bell\x07\x1b]0;pwned\x07", "\xC2\x9B" "6n c1"};
        const QString labels = m_tmp.filePath("hostile.txt");
        {
            QFile f(labels);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (const auto& n : names) f.write(QByteArray::fromStdString(n + "\n"));
        }
        // The tiny layout with 5 classes: all of them are in the top 5.
        const QStringList model =
            kTinyFlags + QStringList{"--num-classes", "5", "--weights", "random:0"};
        const QString image = m_data + "/circle/000.png";
        const auto text = clitest::run(QStringList{"classify", "--labels", labels} + model + QStringList{image});
        QVERIFY2(text.code == 0, qPrintable(text.err.left(2000)));
        checkTerminalSafe(text.out);
        checkTerminalSafe(text.err);
        QVERIFY2(text.out.contains("\\x1b[31mred") && text.out.contains("more characters)") &&
                     text.out.contains("\\u202e") && text.out.contains("\\x9b"),
                 qPrintable(text.out.left(3000)));
        const auto json =
            clitest::run(QStringList{"classify", "--json", "--labels", labels} + model + QStringList{image});
        QVERIFY2(json.code == 0, qPrintable(json.err.left(2000)));
        checkTerminalSafe(json.out, /*capLines=*/false);
        QSet<QString> shown;
        const QJsonArray top = json.json["results"].toArray()[0].toObject()["top"].toArray();
        for (const auto& t : top) shown << t.toObject()["label"].toString();
        QVERIFY(shown.contains(QString::fromStdString(huge)));  // whole, in JSON
        QVERIFY(shown.contains(QString::fromStdString(names[0])));

        // A head with the same names and an escape sequence as its backbone's variant, made
        // for other weights: the refusal quotes the variant.
        const auto engine = tinyRandomEngine();
        ds::LinearHead head;
        // A head's names are read with a 64 KiB limit each (the safetensors reader's budget):
        // the long one here is under it, and still far over what a line prints.
        head.classNames = names;
        head.classNames[1] = std::string(60000, 'n');
        head.featureCount = int(ds::pooledFeatures(*engine, ds::loadImage(image)).size());
        head.weight.assign(names.size() * size_t(head.featureCount), 0.01f);
        head.bias.assign(names.size(), 0.f);
        head.backbone = ds::backboneIdentity(*engine);
        head.backbone.config.name = "\x1b]0;pwned\x07" "densenet\x1b[0m";
        const QString headFile = m_tmp.filePath("hostile.safetensors");
        ds::saveHead(head, headFile.toStdString());
        const auto used = clitest::run(QStringList{"classify", "--head", headFile} + kTinyFlags +
                                       QStringList{"--weights", "random:0", image});
        checkTerminalSafe(used.out);
        checkTerminalSafe(used.err);
        head.backbone.weights = "random:7";
        ds::saveHead(head, headFile.toStdString());
        const auto refused = clitest::run(QStringList{"classify", "--head", headFile} + kTinyFlags +
                                          QStringList{"--weights", "random:0", image});
        QCOMPARE(refused.code, 2);
        checkTerminalSafe(refused.err);
        QVERIFY2(refused.err.contains("\\x1b]0;pwned\\x07densenet"), qPrintable(refused.err));
    }

    // --labels naming a FIFO was opened and waited on for a writer forever: refused at once
    // (weight loading's rule), exit 2 with what it is.
    void cliLabelsFifoRefused() {
        const QString fifo = m_tmp.filePath("labels.fifo");
        QVERIFY(::mkfifo(fifo.toLocal8Bit().constData(), 0644) == 0);
        QElapsedTimer timer;
        timer.start();
        const auto r = clitest::run(QStringList{"classify", "--labels", fifo} + kTinyFlags +
                                    QStringList{"--weights", "random:0", m_data + "/circle/000.png"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("a pipe (FIFO)") && r.err.contains(fifo), qPrintable(r.err));
        QVERIFY(timer.elapsed() < 60'000);
    }

private:
    // No control character but newline (and tab), no C1 control, no bidi override; every
    // line at most cli::kMaxLineChars (2000) plus the "... (N more characters)" note.
    static void checkTerminalSafe(const QString& text, bool capLines = true) {
        for (const QChar ch : text) {
            const char16_t c = ch.unicode();
            const bool control = (c < 0x20 && c != u'\n' && c != u'\t') || (c >= 0x7f && c <= 0x9f) ||
                                 (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            QVERIFY2(!control, qPrintable(QStringLiteral("U+%1 printed raw").arg(unsigned(c), 4, 16, QLatin1Char('0'))));
        }
        if (capLines)
            for (const QString& line : text.split('\n'))
                QVERIFY2(line.size() <= 2000 + 40, qPrintable(QString::number(line.size())));
    }
};

QTEST_MAIN(TestTeachCli)
#include "tst_teach_cli.moc"
