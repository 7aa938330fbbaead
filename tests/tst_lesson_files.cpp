// Lessons as data (issue 20, section 1): lesson files (round trip, hostile files refused with
// the reason, unknown fields ignored, missing files named per step), the built-in lesson in
// English and Japanese with torchvision's numbers (tests/oracle/make_lesson_numbers.py), the
// handout and `densescope-cli lesson show|export`. The workbench's Lesson menu is in
// tst_lesson_workbench.
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include "builtin_lesson.h"
#include "cli_test_util.h"
#include "densescope/config.h"
#include "densescope/errors.h"
#include "fixtures.h"
#include "handout.h"
#include "lesson.h"
#include "lesson_test_support.h"
#include "small_disk.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace lessontest;

namespace {

bool isLetter(const QByteArray& pdf) {
    return QString::fromLatin1(pdf).contains(
        QRegularExpression(QStringLiteral("/MediaBox \\[0 0 612(\\.0+)? 792(\\.0+)?\\]")));
}
bool isA4(const QByteArray& pdf) {  // 595.3 x 841.9 points, rounded
    return QString::fromLatin1(pdf).contains(QRegularExpression(
        QStringLiteral("/MediaBox \\[0 0 59[56](\\.\\d+)? 84[12](\\.\\d+)?\\]")));
}

QString refusal(const QString& path) {
    try {
        readLessonFile(path);
    } catch (const LessonError& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

QByteArray oneStep(const QByteArray& stepFields) {
    return "{\"version\": 1, \"title\": \"t\", \"steps\": [{\"kind\": \"image\", \"title\": \"s\"" +
           stepFields + "}]}";
}

QString grouped(qint64 n) { return QString::fromStdString(ds::groupedDigits(n)); }

QString joined(const QJsonArray& values) {
    QStringList parts;
    for (const auto& v : values) parts << QString::number(v.toInt());
    return parts.join(QStringLiteral(", "));
}

// Sentences of a note: ". " / "? " / end in English, "。" in Japanese.
int sentences(const QString& note, bool japanese) {
    if (japanese) return int(note.count(QChar(0x3002)));
    static const QRegularExpression end(QStringLiteral("[.?!](\\s|$)"));
    int n = 0;
    auto it = end.globalMatch(note);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

}  // namespace

class TestLessonFiles : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        uitest::isolateFrom(m_tmp);
    }

    void kindNamesRoundTrip() {
        QCOMPARE(stepKindNames().size(), 12);
        for (const QString& name : stepKindNames())
            QCOMPARE(stepKindName(*stepKindFromName(name)), name);
        QVERIFY(!stepKindFromName(QStringLiteral("slides")));
    }

    void fileRoundTrip() {
        const QString dir = m_tmp.filePath(QStringLiteral("trip"));
        QVERIFY(QDir().mkpath(dir));
        const Lesson lesson = sampleLesson(dir);
        const QString path = dir + QStringLiteral("/lesson.json");
        writeLessonFile(lesson, path);
        compareLessons(readLessonFile(path), lesson);
        // Paths inside the lesson's folder are written relative to it: the folder can move.
        const QJsonObject json = QJsonDocument::fromJson(readAll(path)).object();
        QCOMPARE(json["version"].toInt(), kLessonVersion);
        QCOMPARE(json["image"].toString(), QStringLiteral("pics/cat.png"));
        QCOMPARE(json["steps"].toArray()[1].toObject()["folder"].toString(),
                 QStringLiteral("photos"));
        QCOMPARE(json["steps"].toArray()[0].toObject()["image"].toString(),
                 QStringLiteral("/elsewhere/dog.jpg"));
        const QString moved = m_tmp.filePath(QStringLiteral("moved"));
        QVERIFY(QDir().rename(dir, moved));
        const Lesson again = readLessonFile(moved + QStringLiteral("/lesson.json"));
        QCOMPARE(again.image, moved + QStringLiteral("/pics/cat.png"));
        QCOMPARE(again.steps[1].folder, moved + QStringLiteral("/photos"));
        // The JSON form alone, too.
        compareLessons(lessonFromJson(lessonToJson(lesson)), lesson);
    }

    void unknownFieldsIgnored() {
        const QString path = m_tmp.filePath(QStringLiteral("future.json"));
        writeBytes(path,
                   "{\"version\": 1, \"title\": \"Later\", \"theme\": {\"dark\": [1, 2, {}]},"
                   " \"steps\": [{\"kind\": \"growth\", \"title\": \"G\", \"zoom\": 2.5,"
                   " \"transition\": \"fade\"}], \"author\": \"someone\"}");
        const Lesson l = readLessonFile(path);
        QCOMPARE(l.title, QStringLiteral("Later"));
        QCOMPARE(l.steps.size(), 1);
        QCOMPARE(l.steps[0].kind, LessonStepKind::Growth);
        QCOMPARE(l.steps[0].channel, -1);
    }

    void hostileFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("blank") << QByteArray(" \n\t ") << "empty";
        QTest::newRow("not JSON") << QByteArray("title: my lesson\n") << "not JSON";
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << "not JSON";
        QTest::newRow("truncated") << oneStep("").left(40) << "not JSON";
        QTest::newRow("array") << QByteArray("[1, 2, 3]") << "not a lesson";
        QTest::newRow("no version") << QByteArray("{\"steps\": []}") << "no “version”";
        QTest::newRow("version text") << QByteArray("{\"version\": \"1\", \"steps\": []}")
                                       << "must be a whole number";
        QTest::newRow("version 0") << QByteArray("{\"version\": 0, \"steps\": []}")
                                   << "must be from 1";
        QTest::newRow("newer") << QByteArray("{\"version\": 7, \"steps\": []}")
                               << "made by a newer DenseScope";
        QTest::newRow("no steps") << QByteArray("{\"version\": 1}") << "no “steps”";
        QTest::newRow("steps object") << QByteArray("{\"version\": 1, \"steps\": {}}")
                                      << "must be a list";
        QTest::newRow("step number") << QByteArray("{\"version\": 1, \"steps\": [3]}")
                                     << "Step 1: each step must be an object";
        QTest::newRow("no kind") << QByteArray("{\"version\": 1, \"steps\": [{\"title\": \"x\"}]}")
                                 << "no “kind”";
        QTest::newRow("unknown kind")
            << QByteArray("{\"version\": 1, \"steps\": [{\"kind\": \"hologram\"}]}")
            << "“hologram”, which this DenseScope does not know";
        QTest::newRow("channel text") << oneStep(", \"channel\": \"3\"")
                                      << "“channel” must be a whole number";
        QTest::newRow("channel fraction") << oneStep(", \"channel\": 2.5")
                                          << "“channel” must be a whole number";
        QTest::newRow("channel huge") << oneStep(", \"channel\": 1e300") << "must be from -1";
        QTest::newRow("class negative") << oneStep(", \"class\": -5") << "must be from -1";
        QTest::newRow("block huge") << oneStep(", \"block\": 65") << "must be from -1 to 64";
        QTest::newRow("title number") << oneStep(", \"note\": 42") << "“note” must be text";
        QTest::newRow("title list") << QByteArray("{\"version\": 1, \"title\": [], \"steps\": []}")
                                    << "“title” must be text";
        QTest::newRow("absurd title")
            << oneStep(", \"title\": \"" + QByteArray(100000, 'x') + "\"")
            << "100000 characters long";
        QTest::newRow("absurd note")
            << oneStep(", \"note\": \"" + QByteArray(kMaxLessonNoteChars + 1, 'n') + "\"")
            << "at most 10000";
        QTest::newRow("control character") << oneStep(", \"note\": \"bell\\u0007\"")
                                           << "control character";
        QTest::newRow("deep nesting")
            << QByteArray("{\"version\": 1, \"steps\": [], \"x\": ") + QByteArray(5000, '[') +
                   QByteArray(5000, ']') + "}"
            << "nested too deeply";
        QByteArray many = "{\"version\": 1, \"steps\": [";
        for (int i = 0; i <= kMaxLessonSteps; ++i)
            many += QByteArray(i ? "," : "") + "{\"kind\": \"growth\"}";
        QTest::newRow("too many steps") << many + "]}" << "at most 500";
        QTest::newRow("too large") << QByteArray("{\"version\": 1, \"steps\": []}") +
                                          QByteArray(int(kMaxLessonFileBytes), ' ')
                                   << "at most 4 MiB";
    }
    void hostileFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const QString path = m_tmp.filePath(QStringLiteral("hostile.json"));
        writeBytes(path, bytes);
        const QString why = refusal(path);
        QVERIFY2(why.contains(reason), qPrintable(why.left(300)));
        QVERIFY2(why.contains(QStringLiteral("hostile.json")), qPrintable(why.left(300)));
        QVERIFY2(why.size() < 1000, "the reason is for a person: short");
    }

    void notFiles() {
        QVERIFY(refusal(m_tmp.filePath(QStringLiteral("nowhere.json")))
                    .contains(QStringLiteral("no such file")));
        QVERIFY(refusal(m_tmp.path()).contains(QStringLiteral("folder")));
        const QString fifo = m_tmp.filePath(QStringLiteral("pipe.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(refusal(fifo).contains(QStringLiteral("pipe")));  // refused, not waited on
        QVERIFY(refusal(QString()).contains(QStringLiteral("no file name")));
        if (::geteuid() != 0) {  // root reads anything
            const QString locked = m_tmp.filePath(QStringLiteral("locked.json"));
            writeBytes(locked, oneStep(""));
            QFile::setPermissions(locked, QFileDevice::WriteOwner);
            QVERIFY(refusal(locked).contains(QStringLiteral("permission denied")));
        }
    }

    void saveFailuresKeepTheOldFile() {
        Lesson lesson = sampleLesson(m_tmp.path());
        QVERIFY_THROWS_EXCEPTION(LessonError, writeLessonFile(lesson, m_tmp.path()));
        QVERIFY_THROWS_EXCEPTION(LessonError,
                                 writeLessonFile(lesson, m_tmp.filePath("no/such/dir/x.json")));
        try {
            writeLessonFile(lesson, m_tmp.filePath("no/such/dir/x.json"));
        } catch (const LessonError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("does not exist"), e.what());
        }
        SmallDisk disk;
        if (!disk.mounted()) QSKIP(qPrintable(disk.why()));
        const QString path = disk.path(QStringLiteral("lesson.json"));
        writeLessonFile(lesson, path);
        const QByteArray before = readAll(path);
        lesson.steps[0].note = QString(9000, QLatin1Char('n'));
        QVERIFY(disk.fill());
        try {
            writeLessonFile(lesson, path);
            QFAIL("a full disk must be reported");
        } catch (const LessonError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("disk is full"), e.what());
        }
        QCOMPARE(readAll(path), before);
    }

    void missingFilesAreProblems() {
        const QString dir = m_tmp.filePath(QStringLiteral("missing"));
        QVERIFY(QDir().mkpath(dir + "/photos"));
        writeBytes(dir + "/here.png", "not really a png");
        Lesson l;
        l.image = dir + "/gone.png";  // the default image is missing
        LessonStep image, own, arch, top, topGone;
        image.kind = LessonStepKind::Image;
        own.kind = LessonStepKind::Cam;
        own.image = dir + "/here.png";  // its own image is here
        arch.kind = LessonStepKind::Architecture;
        top.kind = LessonStepKind::TopImages;
        top.folder = dir + "/photos";
        topGone.kind = LessonStepKind::TopImages;
        topGone.folder = dir + "/old-photos";
        l.steps << image << own << arch << top << topGone;
        writeLessonFile(l, dir + "/lesson.json");
        Lesson read = readLessonFile(dir + "/lesson.json");  // opens anyway
        checkLessonFiles(read);
        QVERIFY2(read.steps[0].problem.contains("gone.png"), qPrintable(read.steps[0].problem));
        QVERIFY(read.steps[1].problem.isEmpty());
        QVERIFY(read.steps[2].problem.isEmpty());
        QVERIFY(read.steps[3].problem.isEmpty());
        QVERIFY2(read.steps[4].problem.contains("old-photos"), qPrintable(read.steps[4].problem));
        // Missing weights: every step that uses them, not the ones drawn from the layout.
        read.weights = dir + "/weights.safetensors";
        checkLessonFiles(read);
        QVERIFY(read.steps[2].problem.isEmpty());
        QVERIFY(read.steps[3].problem.contains("weights.safetensors"));
        QVERIFY(read.steps[1].problem.contains("weights.safetensors"));
        read.weights = QStringLiteral("random:3");  // a spec, not a file
        checkLessonFiles(read);
        QVERIFY(read.steps[1].problem.isEmpty());
        // Problems are not saved.
        writeLessonFile(read, dir + "/again.json");
        QVERIFY(!readAll(dir + "/again.json").contains("problem"));
    }

    void builtinLessonNumbers_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("language");
        for (const char* v : {"densenet121", "densenet169"})
            for (const char* lang : {"en", "ja"})
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(v, lang))) << v << lang;
    }
    void builtinLessonNumbers() {
        QFETCH(QString, variant);
        QFETCH(QString, language);
        const QJsonObject oracle =
            fixtures::json(QStringLiteral("lesson_numbers.json")).object()[variant].toObject();
        QVERIFY2(!oracle.isEmpty(), "lesson_numbers.json: run through ctest (oracle_lesson)");
        const ds::DenseNetConfig config = ds::DenseNetConfig::variant(variant.toStdString());
        const Lesson l = builtinLesson(config, language);
        const Lesson en = builtinLesson(config, QStringLiteral("en"));
        QVERIFY(l.steps.size() >= 12 && l.steps.size() <= 15);
        QCOMPARE(l.steps.size(), en.steps.size());
        QCOMPARE(l.variant, variant);
        QCOMPARE(l.language, language);
        const bool ja = language == QLatin1String("ja");
        for (int i = 0; i < l.steps.size(); ++i) {
            const LessonStep& s = l.steps[i];
            QVERIFY2(!s.title.isEmpty() && !s.note.isEmpty(), qPrintable(s.title));
            QVERIFY2(s.title.size() <= (ja ? 30 : 40), qPrintable(s.title));  // one line
            const int n = sentences(s.note, ja);
            QVERIFY2(n >= 2 && n <= 4, qPrintable(QStringLiteral("%1 sentences: %2").arg(n).arg(s.note)));
            if (ja) {  // translated, every one
                QVERIFY2(s.title != en.steps[i].title, qPrintable(s.title));
                QVERIFY2(s.note != en.steps[i].note, qPrintable(s.note));
                QVERIFY2(s.note.contains(QChar(0x306E)), qPrintable(s.note));  // "の"
            }
            QCOMPARE(s.kind, en.steps[i].kind);
            QCOMPARE(s.layer, en.steps[i].layer);
        }
        // The order of the tutorial: why, layer, block, bottleneck, transition, network, ...
        QCOMPARE(l.steps.first().kind, LessonStepKind::Image);
        QCOMPARE(l.steps.last().kind, LessonStepKind::Teach);
        const auto noteOf = [&](LessonStepKind kind, int nth = 0) {
            for (const LessonStep& s : l.steps)
                if (s.kind == kind && nth-- == 0) return s.note;
            return QString();
        };
        const auto has = [&](const QString& note, const QString& needle) {
            if (!note.contains(needle))
                qWarning().noquote() << "missing" << needle << "in" << note;
            return note.contains(needle);
        };
        const int k = oracle["growth_rate"].toInt();
        const QJsonArray in = oracle["block_in"].toArray(), out = oracle["block_out"].toArray(),
                         size = oracle["block_size"].toArray(),
                         layers = oracle["layers_per_block"].toArray(),
                         trans = oracle["transition_out"].toArray();
        const QString params = grouped(qint64(oracle["parameters"].toDouble()));
        const QString times = QStringLiteral(" × ");
        // The picture: layers with weights, parameters, classes.
        const QString first = noteOf(LessonStepKind::Image);
        QVERIFY(has(first, QString::number(oracle["weighted_layers"].toInt())));
        QVERIFY(has(first, params));
        QVERIFY(has(first, QString::number(oracle["classes"].toInt())));
        // Why: k. The dense layer: k0 + k(l − 1) with block 1's input.
        QVERIFY(has(noteOf(LessonStepKind::Node, 0), QStringLiteral("k = %1").arg(k)));
        QVERIFY(has(noteOf(LessonStepKind::Node, 1),
                    QStringLiteral("%1 + %2 × 2 = %3").arg(in[0].toInt()).arg(k).arg(in[0].toInt() + 2 * k)));
        // Growth: block 1 from k0 to its output.
        QVERIFY(has(noteOf(LessonStepKind::Growth),
                    QStringLiteral("%1 + %2 × %3 = %4")
                        .arg(in[0].toInt())
                        .arg(layers[0].toInt())
                        .arg(k)
                        .arg(out[0].toInt())));
        // Bottleneck: the last layer of block 3 reads block 3's output less k; 4k.
        const QString bottleneck = noteOf(LessonStepKind::Node, 2);
        QVERIFY(has(bottleneck, QString::number(out[2].toInt() - k)));
        QVERIFY(has(bottleneck, QStringLiteral("4k = %1").arg(oracle["bottleneck"].toInt())));
        // Transition: the sizes and the channels, compression 0.5.
        const QString transition = noteOf(LessonStepKind::Node, 3);
        QVERIFY(has(transition, QStringLiteral("%1 → %2").arg(out[0].toInt()).arg(trans[0].toInt())));
        QVERIFY(has(transition, QStringLiteral("θ = %1").arg(oracle["compression"].toDouble())));
        QVERIFY(has(transition, QString::number(size[1].toInt())));
        // The whole network: k0, blocks, every block's output, parameters.
        const QString whole = noteOf(LessonStepKind::Architecture);
        QVERIFY(has(whole, QStringLiteral("k0 = %1").arg(oracle["stem_channels"].toInt())));
        QVERIFY(has(whole, joined(layers)));
        QVERIFY(has(whole, joined(out)));
        QVERIFY(has(whole, params));
        QVERIFY(has(whole, QString::number(oracle["final_channels"].toInt())));
        // The feature maps, Grad-CAM and Teach: channels and sizes of the blocks.
        QVERIFY(has(noteOf(LessonStepKind::FeatureMaps, 0), QString::number(out[0].toInt())));
        QVERIFY(has(noteOf(LessonStepKind::FeatureMaps, 1), QString::number(out[3].toInt())));
        QVERIFY(has(noteOf(LessonStepKind::Cam), QString::number(oracle["final_channels"].toInt())));
        QVERIFY(has(noteOf(LessonStepKind::CamStrip),
                    QStringLiteral("%1 × %1").arg(size[0].toInt())));
        QVERIFY(has(noteOf(LessonStepKind::Teach), QString::number(oracle["final_channels"].toInt())));
        // A step's layers exist in the model.
        const ds::ModelSummary summary = ds::summarize(config);
        for (const LessonStep& s : l.steps)
            if (!s.layer.isEmpty()) QVERIFY2(summary.find(s.layer.toStdString()), qPrintable(s.layer));
    }

    void builtinLessonCustomLayouts() {
        ds::DenseNetConfig tiny;
        tiny.name = "custom";
        tiny.growthRate = 8;
        tiny.blockConfig = {2, 3, 2};
        tiny.initFeatures = 16;
        tiny.bnSize = 2;
        const Lesson l = builtinLesson(tiny, QStringLiteral("en"));
        QVERIFY(l.steps.size() >= 12);
        QVERIFY(l.variant.isEmpty());  // the current model
        const ds::ModelSummary summary = ds::summarize(tiny);
        for (const LessonStep& s : l.steps)
            if (!s.layer.isEmpty()) QVERIFY2(summary.find(s.layer.toStdString()), qPrintable(s.layer));
        tiny.blockConfig = {4};  // one block: no transition
        QVERIFY(builtinLesson(tiny, QStringLiteral("ja")).steps.size() >= 12);
    }

    void handoutPages() {
        Lesson l = builtinLesson(ds::DenseNetConfig::variant("densenet121"), QStringLiteral("en"));
        l.steps[2].problem = QStringLiteral("the image /x.png is not on this computer.");
        int drawn = 0;
        const StepRenderer render = [&](int index, QSize size) {
            ++drawn;
            if (index == 3) throw std::runtime_error("no model");
            QImage image(size, QImage::Format_RGB32);
            image.fill(QColor::fromHsv(index * 20, 200, 200));
            return image;
        };
        HandoutOptions options;
        options.viewSize = QSize(320, 180);
        const QByteArray pdf = handoutPdf(l, render, options);
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdfPages(pdf), int(l.steps.size()) + 1);
        QCOMPARE(drawn, int(l.steps.size()) - 1);  // not the step that cannot be shown
        options.page = QPageSize::Letter;
        QVERIFY(isA4(pdf));
        QVERIFY(isLetter(handoutPdf(l, render, options)));
        QCOMPARE(*handoutPageFromName(QStringLiteral("LETTER")), QPageSize::Letter);
        QVERIFY(!handoutPageFromName(QStringLiteral("a5")));
    }

    // --- densescope-cli lesson -------------------------------------------------------------

    void cliShow_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << "en";
        QTest::newRow("ja") << "ja";
    }
    void cliShow() {
        QFETCH(QString, language);
        const clitest::Result r = clitest::run(
            {"lesson", "show", "builtin", "--variant", "densenet169", "--language", language, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Lesson expected =
            builtinLesson(ds::DenseNetConfig::variant("densenet169"), language);
        const QJsonArray steps = r.json["steps"].toArray();
        QCOMPARE(steps.size(), expected.steps.size());
        QCOMPARE(r.json["variant"].toString(), QStringLiteral("densenet169"));
        for (int i = 0; i < steps.size(); ++i) {
            const QJsonObject s = steps[i].toObject();
            QCOMPARE(s["index"].toInt(), i + 1);
            QCOMPARE(s["kind"].toString(), stepKindName(expected.steps[i].kind));
            QCOMPARE(s["title"].toString(), expected.steps[i].title);
            QCOMPARE(s["note"].toString(), expected.steps[i].note);
            QCOMPARE(s["layer"].toString(), expected.steps[i].layer);
            for (const char* key : {"image", "channel", "class", "method", "folder", "block", "problem"})
                QVERIFY2(s.contains(key), key);
        }
        QVERIFY(r.json["steps"].toArray()[0].toObject()["note"].toString().contains("14,149,480"));
    }

    void cliShowFile() {
        const QString dir = m_tmp.filePath(QStringLiteral("cli"));
        QVERIFY(QDir().mkpath(dir));
        Lesson l = sampleLesson(dir);  // its image and folder are not there
        writeLessonFile(l, dir + "/lesson.json");
        const clitest::Result r = clitest::run({"lesson", "show", dir + "/lesson.json", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray steps = r.json["steps"].toArray();
        QCOMPARE(steps.size(), l.steps.size());
        QCOMPARE(steps[0].toObject()["method"].toString(), QStringLiteral("gradcampp"));
        QCOMPARE(steps[0].toObject()["class"].toInt(), 281);
        QVERIFY(steps[0].toObject()["problem"].toString().contains("dog.jpg"));
        QVERIFY(steps[1].toObject()["problem"].toString().contains("photos"));
        QCOMPARE(steps[1].toObject()["channel"].toInt(), 17);
        QCOMPARE(steps[2].toObject()["block"].toInt(), 2);
        QCOMPARE(r.json["variant"].toString(), QStringLiteral("densenet169"));
        // Model flags replace the file's model.
        const clitest::Result flags = clitest::run(
            {"lesson", "show", dir + "/lesson.json", "--variant", "densenet201", "--json"});
        QCOMPARE(flags.json["variant"].toString(), QStringLiteral("densenet201"));
        QCOMPARE(flags.json["steps"].toArray().size(), l.steps.size());
        // A bad file: exit 2 with the reason.
        writeBytes(dir + "/bad.json", "{\"version\": 9, \"steps\": []}");
        const clitest::Result bad = clitest::run({"lesson", "show", dir + "/bad.json"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("newer DenseScope"), qPrintable(bad.err));
        QCOMPARE(clitest::run({"lesson", "show"}).code, 2);
        QCOMPARE(clitest::run({"lesson", "slides"}).code, 2);
    }

    void cliExport_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("page");
        QTest::newRow("en a4") << "en" << "a4";
        QTest::newRow("ja letter") << "ja" << "letter";
    }
    void cliExport() {
        QFETCH(QString, language);
        QFETCH(QString, page);
        const QString out = m_tmp.filePath(QStringLiteral("handout-%1.pdf").arg(language));
        const clitest::Result r = clitest::run(
            {"lesson", "export", "builtin", "--growth-rate", "8", "--blocks", "2,3,2",
             "--init-features", "16", "--bn-size", "2", "--weights", "random:0",
             "--visualize-steps", "2", "--out", out,
             "--language", language, "--page", page},
            {"QT_QPA_PLATFORM=", "DISPLAY=", "WAYLAND_DISPLAY="});  // no display at all
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QByteArray pdf = readAll(out);
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        ds::DenseNetConfig tiny;
        tiny.growthRate = 8;
        tiny.blockConfig = {2, 3, 2};
        tiny.initFeatures = 16;
        tiny.bnSize = 2;
        QCOMPARE(pdfPages(pdf), int(builtinLesson(tiny, language).steps.size()) + 1);
        QVERIFY(page == "letter" ? isLetter(pdf) : isA4(pdf));
        // Bad options: exit 2, nothing written.
        QCOMPARE(clitest::run({"lesson", "export", "builtin", "--out", out + ".x", "--page", "a5"}).code, 2);
        QVERIFY(!QFile::exists(out + ".x"));
        QCOMPARE(clitest::run({"lesson", "export", "builtin"}).code, 2);
    }

    void cliHelp() {
        for (const QStringList& args :
             {QStringList{"lesson", "show", "--help"}, QStringList{"lesson", "export", "--help"},
              QStringList{"lesson", "--help"}}) {
            const clitest::Result r = clitest::run(args);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("lesson") || r.out.contains("Lesson"), qPrintable(r.out));
        }
        QVERIFY(clitest::run({"--help"}).out.contains("lesson    show"));
    }
};

QTEST_MAIN(TestLessonFiles)
#include "tst_lesson_files.moc"
