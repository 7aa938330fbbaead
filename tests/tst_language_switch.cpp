// View → Language changes the language at once, in the same window (issue 20): every text is
// set again on QEvent::LanguageChange, and the model, image, layer and Teach classes stay.
// Core errors carry their kind and values, and the app words them whole in Japanese. The CAM
// strip's captions fit, and the Japanese UI has one CJK font family with Latin glyphs.
//
// DENSESCOPE_LANGUAGE_SCREENSHOTS=DIR: pictures of several panels at 1280×720 after each
// switch, for a person to look at (nothing is compared).
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFontDatabase>
#include <QMenuBar>
#include <QRawFont>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "analysis_router.h"
#include "cam_panel.h"
#include "densescope/engine.h"
#include "densescope/errors.h"
#include "densescope/memory_estimate.h"
#include "densescope/module_names.h"
#include "error_text.h"
#include "explanation_panel.h"
#include "feature_map_panel.h"
#include "i18n.h"
#include "i18n_test_support.h"
#include "image_view.h"
#include "language_menu.h"
#include "model_panel.h"
#include "predictions_chart.h"
#include "teach_panel.h"
#include "ui_test_support.h"

namespace {

// Lets the translator's QEvent::LanguageChange reach every widget (the application posts it
// to the windows, which pass it on), and the texts' relayouts and replots run.
void deliver() {
    for (int i = 0; i < 4; ++i) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
}

QString menuTitles(QMainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles.join(QLatin1Char('|'));
}

QString dockTitle(QMainWindow& w, const char* name) {
    auto* dock = w.findChild<QDockWidget*>(QLatin1String(name));
    return dock ? dock->windowTitle() : QString();
}

int mainWindows() {
    int n = 0;
    for (QWidget* top : QApplication::topLevelWidgets())
        if (qobject_cast<ds::ui::MainWindow*>(top)) ++n;
    return n;
}

// Core's error for `f`, as the app words it now.
template <typename F>
QString wordedError(F f) {
    try {
        f();
    } catch (const std::exception& e) {
        return ds::ui::errorText(e);
    }
    return {};
}

// English sentences left in a Japanese message: words that are not names, file paths or the
// layouts' parameters ("k=48 blocks=6-12-36-24 init=96").
QStringList englishIn(const QString& message) {
    QString t = message;
    static const QRegularExpression parameters(QStringLiteral("\\b[a-z_]+=\\S+"));
    t.remove(parameters);
    return i18ntest::englishWords({t});
}

// The tiny model's window, without the settings (each case starts from the same layout).
ds::ui::WindowOptions options() {
    ds::ui::WindowOptions o = uitest::tinyOptions();
    o.useSettings = false;
    return o;
}

bool hasJapanese(const QString& s) {
    for (const QChar c : s)
        if (c.unicode() >= 0x3040 && c.unicode() <= 0x9FFF) return true;
    return false;
}

}  // namespace

class TestLanguageSwitch : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_englishFamily;

    void screenshots(ds::ui::MainWindow& w, const QString& language) {
        const QString dir = qEnvironmentVariable("DENSESCOPE_LANGUAGE_SCREENSHOTS");
        if (dir.isEmpty()) return;
        QDir().mkpath(dir);
        for (const char* panel : {"featureMaps", "cam", "reuse", "statistics", "teach"}) {
            w.raisePanel(QLatin1String(panel));
            QVERIFY(uitest::settle(w, [] {}));
            QTest::qWait(300);
            w.grab().save(QStringLiteral("%1/%2-%3.png").arg(dir, language, QLatin1String(panel)));
        }
        w.raisePanel(QStringLiteral("featureMaps"));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        uitest::isolateFrom(m_dir);
        m_englishFamily = QApplication::font().family();
        QVERIFY(ds::ui::LanguageMenu::apply(QStringLiteral("en")));
    }

    void switchesInPlaceAndKeepsEverything() {
        auto w = uitest::started(options());
        QVERIFY(w);
        w->resize(1280, 720);
        const QString layer = QStringLiteral("features.denseblock1.denselayer2");
        QVERIFY(uitest::settle(*w, [&] { w->selectLayer(layer); }));
        const quint64 modelId = w->loadedModel()->id;
        const QString image = w->imageView()->source();
        // Teach classes, one of them with frames the way a capture adds them (PNGs the panel
        // keeps in its session folder), the other with the image shown.
        auto* teach = w->analyses()->find<ds::ui::TeachPanel>();
        QVERIFY(teach);
        const int frames = teach->addClass(QStringLiteral("mug"));
        QImage frame(64, 48, QImage::Format_RGB32);
        for (int i = 0; i < 3; ++i) {
            frame.fill(QColor(40 * i, 120, 200));
            QVERIFY(teach->addImage(frames, frame));
        }
        const int current = teach->addClass(QStringLiteral("猫"));
        QVERIFY(teach->addCurrentImage(current));
        const QStringList frameFiles = teach->examples(frames);
        QCOMPARE(frameFiles.size(), 3);

        QCOMPARE(dockTitle(*w, "modelDock"), QStringLiteral("Model"));
        QVERIFY(menuTitles(*w).contains(QStringLiteral("&File")));
        screenshots(*w, QStringLiteral("en"));

        // View → Language → 日本語, as a person chooses it.
        auto* japanese = w->findChild<QAction*>(QStringLiteral("actionLanguage_ja"));
        QVERIFY(japanese);
        japanese->trigger();
        deliver();
        QCOMPARE(ds::i18n::currentLanguage(), QStringLiteral("ja"));
        QCOMPARE(ds::i18n::savedChoice(), QStringLiteral("ja"));
        QCOMPARE(mainWindows(), 1);  // no second window, and this one is still there
        QVERIFY(w->isVisible());
        // Menus, docks, panels, charts: Japanese now.
        QVERIFY2(menuTitles(*w).contains(QStringLiteral("ファイル(&F)")),
                 qPrintable(menuTitles(*w)));
        QCOMPARE(dockTitle(*w, "modelDock"), QStringLiteral("モデル"));
        QVERIFY(hasJapanese(dockTitle(*w, "featureMapsDock")));
        QVERIFY(hasJapanese(dockTitle(*w, "camDock")));
        QVERIFY(hasJapanese(dockTitle(*w, "teachDock")));
        QVERIFY(hasJapanese(w->findChild<QLabel*>(QStringLiteral("mapInfo"))->text()) ||
                w->findChild<QLabel*>(QStringLiteral("mapInfo"))->text().contains(layer));
        QVERIFY(hasJapanese(w->explanation()->text()));
        // Nothing English is left anywhere in the window (names aside): every text was set
        // again, including what depends on the state (status lines, the explanation).
        const QStringList english = i18ntest::englishWords(i18ntest::visibleTexts(w.get()));
        QVERIFY2(english.isEmpty(), qPrintable(english.join(QStringLiteral(", "))));
        // Everything else as it was.
        QCOMPARE(w->loadedModel()->id, modelId);
        QCOMPARE(w->currentLayer(), layer);
        QCOMPARE(w->imageView()->source(), image);
        QCOMPARE(teach->classCount(), 2);
        QCOMPARE(teach->className(frames), QStringLiteral("mug"));
        QCOMPARE(teach->examples(frames), frameFiles);
        for (const QString& file : frameFiles) QVERIFY2(QFile::exists(file), qPrintable(file));
        QCOMPARE(teach->examples(current).size(), 1);

        // One CJK family with Latin glyphs for the whole Japanese UI.
        const QFont font = QApplication::font();
        QCOMPARE(font.family(), ds::ui::LanguageMenu::fontFamily(QStringLiteral("ja")));
        QVERIFY(!font.family().isEmpty());
        const auto systems = QFontDatabase::writingSystems(font.family());
        QVERIFY(systems.contains(QFontDatabase::Japanese));
        QVERIFY(systems.contains(QFontDatabase::Latin));
        const QRawFont raw = QRawFont::fromFont(font, QFontDatabase::Japanese);
        QVERIFY(raw.supportsCharacter(QChar(u'層')));
        QVERIFY(raw.supportsCharacter(QChar(u'7')));
        QVERIFY(raw.supportsCharacter(QChar(u'k')));
        // The panels use it (the window's own font sets only the size).
        QCOMPARE(w->featureMaps()->font().family(), font.family());
        screenshots(*w, QStringLiteral("ja"));

        // And back: English again in the same window.
        w->findChild<QAction*>(QStringLiteral("actionLanguage_en"))->trigger();
        deliver();
        QCOMPARE(ds::i18n::currentLanguage(), QStringLiteral("en"));
        QCOMPARE(mainWindows(), 1);
        QVERIFY(menuTitles(*w).contains(QStringLiteral("&File")));
        QCOMPARE(dockTitle(*w, "modelDock"), QStringLiteral("Model"));
        QCOMPARE(dockTitle(*w, "camDock"), QStringLiteral("Where it looks"));
        QVERIFY(!hasJapanese(w->explanation()->text()));
        QCOMPARE(QApplication::font().family(), m_englishFamily);
        QCOMPARE(w->loadedModel()->id, modelId);
        QCOMPARE(teach->examples(frames), frameFiles);
        screenshots(*w, QStringLiteral("en-again"));
    }

    void camStripFitsInJapanese() {
        QVERIFY(ds::ui::LanguageMenu::apply(QStringLiteral("ja")));
        deliver();
        auto w = uitest::started(options());
        QVERIFY(w);
        w->resize(1280, 720);
        auto* cam = w->analyses()->find<ds::ui::CamPanel>();
        QVERIFY(cam);
        QSignalSpy shown(cam, &ds::ui::CamPanel::camShown);
        QVERIFY(w->raisePanel(QStringLiteral("cam")));
        QVERIFY(cam->result() || shown.count() > 0 || shown.wait(uitest::kWaitMs));
        deliver();
        const auto check = [&] {
            const QStringList captions = cam->stripCaptions();
            QVERIFY(captions.size() >= 4);
            for (const QString& c : captions) QVERIFY2(!c.contains(QChar(0x2026)), qPrintable(c));
            QVERIFY2(captions.join(' ').contains(QStringLiteral("ブロック 1")),
                     qPrintable(captions.join(' ')));
        };
        check();
        // At a larger zoom too.
        w->setScale(1.5);
        deliver();
        check();
        w->setScale(1.0);
        QVERIFY(ds::ui::LanguageMenu::apply(QStringLiteral("en")));
        deliver();
    }

    void errorsInJapaneseCarryTheirValues() {
        QVERIFY(ds::ui::LanguageMenu::apply(QStringLiteral("ja")));
        const auto restore = qScopeGuard([] { ds::ui::LanguageMenu::apply(QStringLiteral("en")); });
        const std::string d121 = fixtures::path(QStringLiteral("densenet121.pth"));

        // densenet121's weights loaded into densenet161, in the window: the model panel says
        // which variant the file is and which the model is, in Japanese only.
        {
            auto w = uitest::started(options());
            QVERIFY(w);
            QSignalSpy errors(w.get(), &ds::ui::MainWindow::errorShown);
            ds::ui::ModelRequest r{ds::DenseNetConfig::variant("densenet161"),
                                   QString::fromStdString(d121),
                                   ds::DeviceKind::Cpu,
                                   {}};
            w->requestModel(r);
            QVERIFY(errors.count() > 0 || errors.wait(uitest::kWaitMs));
            const QString message = errors.first().at(1).toString();
            QVERIFY2(message.contains(QStringLiteral("densenet121")) &&
                         message.contains(QStringLiteral("densenet161")),
                     qPrintable(message));
            QVERIFY2(hasJapanese(message), qPrintable(message));
            QVERIFY2(englishIn(message).isEmpty(), qPrintable(message));
            QVERIFY(!message.contains(QStringLiteral("These weights")));
            // An image that does not decode: worded where it is made, in the language shown.
            const QString bad = m_dir.filePath(QStringLiteral("broken.png"));
            {
                QFile f(bad);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("\x89PNG\r\n\x1a\n not really a picture");
            }
            errors.clear();
            w->openImage(bad);
            QVERIFY(errors.count() > 0 || errors.wait(uitest::kWaitMs));
            const QString image = errors.first().at(1).toString();
            QVERIFY2(image.contains(QStringLiteral("broken.png")) && hasJapanese(image),
                     qPrintable(image));
            qInfo("%s", qPrintable(image));
        }

        // Each kind through errorText, the app's wording of core's errors.
        QStringList messages;
        const auto expect = [&](const QString& message, const QStringList& values) {
            QVERIFY2(!message.isEmpty(), "no error");
            QVERIFY2(hasJapanese(message), qPrintable(message));
            QString words = message;
            for (const QString& v : values) words.remove(v);  // the values as given
            QVERIFY2(englishIn(words).isEmpty(), qPrintable(message));
            for (const QString& v : values)
                QVERIFY2(message.contains(v),
                         qPrintable(v + QStringLiteral(" not in: ") + message));
            messages << message;
        };
        const QString dir = m_dir.path();
        const auto write = [&](const char* name, const QByteArray& bytes) {
            QFile f(dir + QLatin1Char('/') + QLatin1String(name));
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return f.fileName();
        };
        QFile tiny(fixtures::dir() + QStringLiteral("/tiny.pth"));
        QVERIFY(tiny.open(QIODevice::ReadOnly));
        const QByteArray tinyBytes = tiny.readAll();
        const QString truncated = write("truncated.pth", tinyBytes.left(tinyBytes.size() / 2));
        const QString text = write("notes.pth", "these are not weights\n");
        const QString empty = write("empty.pth", {});
        const QString missing = dir + QStringLiteral("/nowhere.pth");
        const ds::DenseNetConfig tinyConfig = fixtures::config(QStringLiteral("tiny"));
        const auto load = [&](const ds::DenseNetConfig& c, const QString& weights) {
            return wordedError([&] {
                ds::EngineOptions o;
                o.device = ds::DeviceKind::Cpu;
                ds::Engine(o).load(c, weights.toStdString());
            });
        };
        // Another variant's weights: both named.
        expect(load(ds::DenseNetConfig::variant("densenet161"), QString::fromStdString(d121)),
               {QStringLiteral("densenet121"), QStringLiteral("densenet161")});
        // Keys that are missing or unexpected (tiny's file in densenet121: another layout, and
        // a custom one is named with its parameters).
        expect(load(ds::DenseNetConfig::variant("densenet121"),
                    fixtures::dir() + QStringLiteral("/tiny.pth")),
               {QStringLiteral("densenet121"), QStringLiteral("k=")});
        // A truncated, an empty, a foreign and a missing file.
        expect(load(tinyConfig, truncated), {QStringLiteral("truncated.pth")});
        expect(load(tinyConfig, empty), {QStringLiteral("empty.pth")});
        expect(load(tinyConfig, text), {QStringLiteral("notes.pth")});
        expect(load(tinyConfig, missing), {QStringLiteral("nowhere.pth")});
        // A bad layer name, a bad custom layout, an out-of-range value, an unknown variant.
        expect(wordedError([] {
                   ds::names::checkLayerNames({"features.denseblock9"}, {"features.conv0"});
               }),
               {QStringLiteral("features.denseblock9")});
        expect(wordedError([] { ds::DenseNetConfig::parseBlocks("6,x,24"); }),
               {QStringLiteral("6,x,24")});
        expect(wordedError([] {
                   ds::DenseNetConfig c = ds::DenseNetConfig::variant("densenet121");
                   c.growthRate = 5000;
                   c.validate();
               }),
               {QStringLiteral("5000"), QStringLiteral("1024")});
        expect(wordedError([] { ds::DenseNetConfig::variant("resnet50"); }),
               {QStringLiteral("resnet50")});
        // Out of memory: a layout far larger than any machine's memory.
        expect(wordedError([] {
                   ds::DenseNetConfig c = ds::DenseNetConfig::variant("densenet121");
                   c.blockConfig = {1000, 1000, 1000, 1000};
                   c.growthRate = 32;
                   ds::checkMemoryFits(c);
               }),
               {QStringLiteral("GiB")});
        // No GPU (where there is none).
        if (!ds::Engine::cudaAvailable())
            expect(wordedError([] {
                       ds::EngineOptions o;
                       o.device = ds::DeviceKind::Cuda;
                       ds::Engine e(o);
                   }),
                   {QStringLiteral("CUDA")});
        for (const QString& m : messages) qInfo("%s", qPrintable(m));
        // The CLI's words stay English: what() is core's English sentence.
        try {
            ds::DenseNetConfig::variant("resnet50");
            QFAIL("no error");
        } catch (const ds::Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).startsWith(QStringLiteral("Unknown variant")));
            QCOMPARE(e.kind(), ds::ErrorKind::UnknownVariant);
            QCOMPARE(e.value("name"), std::string("resnet50"));
        }
    }
};

QTEST_MAIN(TestLanguageSwitch)
#include "tst_language_switch.moc"
