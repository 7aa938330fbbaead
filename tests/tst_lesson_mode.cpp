// Lesson mode, the full-screen presenter (ui/lesson/lesson_mode.h), in the real window on the
// tiny fixture model: every key of the issue (clickers' PgUp/PgDn/Esc/F5/B included), black
// and white screens, jumping by number, Esc back to the workbench exactly as it was, the text
// sizes from the screen height (nothing under height/40, nothing that does not fit) at
// 1024x768 and 1280x720, a prepared step shown at once, an unprepared one showing its
// progress with the keys still working; and renderLessonStep's picture size.
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QtTest>

#include "densescope/engine.h"
#include "lesson.h"
#include "lesson_mode.h"
#include "lesson_paint.h"
#include "step_render.h"
#include "ui_test_support.h"

using namespace ds::ui;

namespace {

// A lesson with one step of every kind (the built-in lesson is B's; this one is the test's).
Lesson everyKind(const QString& folder) {
    Lesson l;
    l.title = QStringLiteral("Test lesson");
    auto add = [&](LessonStepKind kind, const QString& title, auto&&... set) {
        LessonStep s;
        s.kind = kind;
        s.title = title;
        s.note = QStringLiteral("A note for %1 with a few words, as the teacher reads it.").arg(title);
        (set(s), ...);
        l.steps << s;
    };
    add(LessonStepKind::Image, QStringLiteral("What it sees"));
    add(LessonStepKind::Architecture, QStringLiteral("The whole network"));
    add(LessonStepKind::Node, QStringLiteral("One dense layer"),
        [](LessonStep& s) { s.layer = QStringLiteral("features.denseblock2.denselayer3"); });
    add(LessonStepKind::Growth, QStringLiteral("Channels grow by k"));
    add(LessonStepKind::FeatureMaps, QStringLiteral("Feature maps of block 1"),
        [](LessonStep& s) { s.layer = QStringLiteral("features.denseblock1"); });
    add(LessonStepKind::Channel, QStringLiteral("One channel"), [](LessonStep& s) {
        s.layer = QStringLiteral("features.denseblock1");
        s.channel = 3;
    });
    add(LessonStepKind::Cam, QStringLiteral("Where it looks"));
    add(LessonStepKind::CamStrip, QStringLiteral("Where it looks, block by block"));
    add(LessonStepKind::Reuse, QStringLiteral("Feature reuse"));
    add(LessonStepKind::TopImages, QStringLiteral("Top images"), [&](LessonStep& s) {
        s.layer = QStringLiteral("features.denseblock2");
        s.channel = 1;
        s.folder = folder;
    });
    add(LessonStepKind::Visualize, QStringLiteral("A visualised channel"), [](LessonStep& s) {
        s.layer = QStringLiteral("features.denseblock1");
        s.channel = 2;
    });
    add(LessonStepKind::Teach, QStringLiteral("Teach it new classes"));
    return l;
}

// What Esc must leave as it was: every dock's geometry and visibility, every tab bar's tab.
QStringList workbenchShape(MainWindow& w) {
    QStringList shape;
    shape << QStringLiteral("window %1").arg(QString::number(w.geometry().width()) + "x" +
                                             QString::number(w.geometry().height()));
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
        shape << QStringLiteral("%1 %2,%3 %4x%5 %6")
                     .arg(d->objectName())
                     .arg(d->geometry().x()).arg(d->geometry().y())
                     .arg(d->geometry().width()).arg(d->geometry().height())
                     .arg(d->isVisible());
    for (QTabBar* t : w.findChildren<QTabBar*>())
        if (t->isVisible()) shape << QStringLiteral("tab %1").arg(t->tabText(t->currentIndex()));
    return shape;
}

}  // namespace

class TestLessonMode : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase() { m_window.reset(); }
    void keys();
    void blankAndJump();
    void textSizes_data();
    void textSizes();
    void preparedStepAtOnce();
    void unpreparedStepShowsProgress();
    void escapeKeepsWorkbench();
    void clicksInsideSteps();
    void renderedPictureSize();

private:
    LessonMode* present(const QSize& size, int step = 0);
    void press(int key, const QString& text = {});

    QTemporaryDir m_tmp;
    QString m_folder;
    std::unique_ptr<MainWindow> m_window;
    Lesson m_lesson;
};

void TestLessonMode::initTestCase() {
    uitest::isolateFrom(m_tmp);
    m_folder = m_tmp.filePath(QStringLiteral("images"));
    QVERIFY(QDir().mkpath(m_folder));
    for (int i = 0; i < 3; ++i)
        QVERIFY(QFile::copy(uitest::fixture(QStringLiteral("input256.png")),
                            m_folder + QStringLiteral("/img%1.png").arg(i)));
    m_lesson = everyKind(m_folder);
    m_window = uitest::started(uitest::tinyOptions());
    QVERIFY(m_window);
    // Lesson mode exists once presented; fewer visualisation steps keep the test cheap.
    Lesson one;
    one.steps = {m_lesson.steps[1]};
    m_window->setLessonWindowSize(QSize(640, 480));
    m_window->presentLesson(one, 0);
    QVERIFY(m_window->lessonMode());
    m_window->lessonMode()->setVisualizeSteps(8);
    m_window->lessonMode()->close();
}

LessonMode* TestLessonMode::present(const QSize& size, int step) {
    m_window->setLessonWindowSize(size);
    m_window->presentLesson(m_lesson, step);
    LessonMode* mode = m_window->lessonMode();
    if (!mode) return nullptr;
    if (!mode->allReady()) {
        QElapsedTimer t;
        t.start();
        auto c = connect(mode, &LessonMode::stepReadyChanged, this, [&t](int s) { qInfo() << "ready" << s << t.elapsed(); });
        QSignalSpy ready(mode, &LessonMode::allStepsReady);
        auto guard = qScopeGuard([c] { disconnect(c); });
        if (!ready.wait(uitest::kWaitMs)) return nullptr;
    }
    if (!QTest::qWaitForWindowExposed(mode)) return nullptr;
    return mode;
}

void TestLessonMode::press(int key, const QString& text) {
    QKeyEvent down(QEvent::KeyPress, key, Qt::NoModifier, text);
    QCoreApplication::sendEvent(m_window->lessonMode(), &down);
}

void TestLessonMode::keys() {
    LessonMode* mode = present(QSize(1024, 768));
    QVERIFY(mode);
    QCOMPARE(mode->currentStep(), 0);
    const int last = mode->stepCount() - 1;
    struct Case { int key; QString text; int expect; };
    const Case cases[] = {
        {Qt::Key_Right, {}, 1},     {Qt::Key_Down, {}, 2},     {Qt::Key_PageDown, {}, 3},
        {Qt::Key_Space, " ", 4},    {Qt::Key_Return, "\r", 5}, {Qt::Key_Enter, "\r", 6},
        {Qt::Key_Left, {}, 5},      {Qt::Key_Up, {}, 4},       {Qt::Key_PageUp, {}, 3},
        {Qt::Key_Backspace, {}, 2}, {Qt::Key_End, {}, last},   {Qt::Key_PageDown, {}, last},
        {Qt::Key_Home, {}, 0},      {Qt::Key_PageUp, {}, 0},   {Qt::Key_F5, {}, 0},
    };
    for (const Case& c : cases) {
        press(c.key, c.text);
        QVERIFY2(mode->currentStep() == c.expect,
                 qPrintable(QStringLiteral("key %1: step %2, expected %3").arg(c.key).arg(mode->currentStep()).arg(c.expect)));
        QVERIFY(mode->isVisible());  // F5 does nothing harmful
    }
    // A left click outside anything clickable: next.
    QTest::mouseClick(mode, Qt::LeftButton, {}, QPoint(5, 5));
    QCOMPARE(mode->currentStep(), 1);
    // ? and F1: the help; any key hides it.
    press(Qt::Key_Question, "?");
    QVERIFY(mode->helpShown());
    QVERIFY(mode->lastReport().overflows.isEmpty() || true);
    mode->repaint();
    QVERIFY2(mode->lastReport().overflows.isEmpty(), qPrintable(mode->lastReport().overflows.join('|')));
    press(Qt::Key_F1);
    QVERIFY(!mode->helpShown());
    press(Qt::Key_F1);
    QVERIFY(mode->helpShown());
    press(Qt::Key_Right);
    QVERIFY(!mode->helpShown());
    // H: the notes strip.
    const bool notes = mode->notesShown();
    const QRect withStrip = mode->pageRect();
    press(Qt::Key_H, "h");
    QCOMPARE(mode->notesShown(), !notes);
    QVERIFY(mode->pageRect() != withStrip);
    press(Qt::Key_H, "h");
    QCOMPARE(mode->notesShown(), notes);
    // E: the editor (B's controller listens).
    QSignalSpy edit(mode, &LessonMode::editRequested);
    press(Qt::Key_E, "e");
    QCOMPARE(edit.size(), 1);
    // Esc leaves.
    QSignalSpy left(mode, &LessonMode::left);
    press(Qt::Key_Escape);
    QCOMPARE(left.size(), 1);
    QVERIFY(!mode->isVisible());
}

void TestLessonMode::blankAndJump() {
    LessonMode* mode = present(QSize(1024, 768), 2);
    QVERIFY(mode);
    QCOMPARE(mode->currentStep(), 2);
    for (auto [key, text, blank] : {std::tuple{int(Qt::Key_B), QString("b"), LessonMode::Blank::Black},
                                    std::tuple{int(Qt::Key_Period), QString("."), LessonMode::Blank::Black},
                                    std::tuple{int(Qt::Key_W), QString("w"), LessonMode::Blank::White},
                                    std::tuple{int(Qt::Key_Comma), QString(","), LessonMode::Blank::White}}) {
        press(key, text);
        QCOMPARE(mode->blank(), blank);
        const QImage shot = mode->grabPage();
        const QColor expect = blank == LessonMode::Blank::Black ? Qt::black : Qt::white;
        QCOMPARE(shot.pixelColor(shot.width() / 2, shot.height() / 2), expect);
        QCOMPARE(shot.pixelColor(3, 3), expect);
        press(Qt::Key_Right);  // any key back, without moving
        QCOMPARE(mode->blank(), LessonMode::Blank::None);
        QCOMPARE(mode->currentStep(), 2);
    }
    // A clicker's B then Esc: back to the step, still in lesson mode.
    press(Qt::Key_B, "b");
    press(Qt::Key_Escape);
    QVERIFY(mode->isVisible());
    QCOMPARE(mode->blank(), LessonMode::Blank::None);
    // Digits then Enter: that step (1-based); an out-of-range number goes to the last.
    press(Qt::Key_1, "1");
    press(Qt::Key_0, "0");
    QCOMPARE(mode->typedNumber(), QString("10"));
    QCOMPARE(mode->currentStep(), 2);
    press(Qt::Key_Return, "\r");
    QCOMPARE(mode->currentStep(), 9);
    press(Qt::Key_4, "4");
    press(Qt::Key_Enter, "\r");
    QCOMPARE(mode->currentStep(), 3);
    press(Qt::Key_9, "9");
    press(Qt::Key_9, "9");
    press(Qt::Key_Return, "\r");
    QCOMPARE(mode->currentStep(), mode->stepCount() - 1);
    // Esc drops a typed number first.
    press(Qt::Key_2, "2");
    press(Qt::Key_Escape);
    QVERIFY(mode->typedNumber().isEmpty());
    QVERIFY(mode->isVisible());
    press(Qt::Key_Escape);
    QVERIFY(!mode->isVisible());
}

void TestLessonMode::textSizes_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("1024x768") << QSize(1024, 768);
    QTest::newRow("1280x720") << QSize(1280, 720);
}

// Every step, with the notes strip and without: no text under height/40 (tick labels
// included), nothing that did not fit its room.
void TestLessonMode::textSizes() {
    QFETCH(QSize, size);
    LessonMode* mode = present(size);
    QVERIFY(mode);
    QCOMPARE(mode->size(), size);
    const int least = LessonPainter::smallestPx(size.height());
    QVERIFY(least * 40 >= size.height());
    for (int notes = 0; notes < 2; ++notes) {
        for (int i = 0; i < mode->stepCount(); ++i) {
            mode->goTo(i);
            mode->repaint();
            QVERIFY(mode->stepReady(i));
            const LessonPaintReport& r = mode->lastReport();
            QVERIFY2(r.smallestTextPx >= least,
                     qPrintable(QStringLiteral("step %1: text of %2 px, least %3").arg(i + 1).arg(r.smallestTextPx).arg(least)));
            QVERIFY2(r.overflows.isEmpty(),
                     qPrintable(QStringLiteral("step %1: %2").arg(i + 1).arg(r.overflows.join(QStringLiteral(" | ")))));
            // DS_LESSON_DUMP=DIR: the pages as PNGs, to look at.
            if (qEnvironmentVariableIsSet("DS_LESSON_DUMP"))
                mode->grabPage().save(QStringLiteral("%1/step%2-%3x%4-%5.png")
                                          .arg(qEnvironmentVariable("DS_LESSON_DUMP"))
                                          .arg(i + 1, 2, 10, QChar('0'))
                                          .arg(size.width()).arg(size.height())
                                          .arg(notes ? "nonotes" : "notes"));
        }
        QTest::keyClick(mode, Qt::Key_H);
    }
    QTest::keyClick(mode, Qt::Key_Escape);
}

// A prepared step is painted at once after the key (the benchmark has the real figures; this
// bound is generous for a loaded CI machine).
void TestLessonMode::preparedStepAtOnce() {
    LessonMode* mode = present(QSize(1280, 720));
    QVERIFY(mode);
    QVERIFY(mode->allReady());
    QList<qint64> times;
    for (int i = 1; i < mode->stepCount(); ++i) {
        QSignalSpy painted(mode, &LessonMode::stepPainted);
        QElapsedTimer t;
        t.start();
        QTest::keyClick(mode, Qt::Key_PageDown);
        QVERIFY(!painted.isEmpty());  // painted before the key returned
        times << t.elapsed();
        QCOMPARE(painted.first().at(0).toInt(), i);
        QVERIFY(painted.first().at(1).toBool());
    }
    std::sort(times.begin(), times.end());
    qInfo() << "step changes (ms), sorted:" << times;
    QVERIFY2(times.last() < 1000, qPrintable(QString::number(times.last())));
    QTest::keyClick(mode, Qt::Key_Escape);
}

// A step whose preparation runs shows its progress in place, and the keys still work.
void TestLessonMode::unpreparedStepShowsProgress() {
    Lesson slow;
    LessonStep vis;
    vis.kind = LessonStepKind::Visualize;
    vis.title = QStringLiteral("Slow");
    vis.layer = QStringLiteral("features.denseblock3");
    vis.channel = 0;
    LessonStep image;
    image.kind = LessonStepKind::Architecture;
    image.title = QStringLiteral("Quick");
    slow.steps = {image, vis, image};
    m_window->setLessonWindowSize(QSize(1024, 768));
    m_window->presentLesson(slow, 1);
    LessonMode* mode = m_window->lessonMode();
    QVERIFY(QTest::qWaitForWindowExposed(mode));
    QVERIFY(!mode->stepReady(1));
    mode->repaint();
    QVERIFY(!mode->stepReady(1));
    QVERIFY(mode->lastReport().smallestTextPx >= LessonPainter::smallestPx(768));
    // The keys work while it prepares.
    QTest::keyClick(mode, Qt::Key_PageDown);
    QCOMPARE(mode->currentStep(), 2);
    QTest::keyClick(mode, Qt::Key_PageUp);
    QCOMPARE(mode->currentStep(), 1);
    QSignalSpy ready(mode, &LessonMode::stepReadyChanged);
    QTRY_VERIFY_WITH_TIMEOUT(mode->stepProgress(1) > 0 || mode->stepReady(1), uitest::kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(mode->stepReady(1), uitest::kWaitMs);
    QTest::keyClick(mode, Qt::Key_Escape);
}

void TestLessonMode::escapeKeepsWorkbench() {
    QVERIFY(m_window->raisePanel(QStringLiteral("cam")));
    QTest::qWait(50);
    const QStringList before = workbenchShape(*m_window);
    const QImage shotBefore = m_window->grab().toImage();
    LessonMode* mode = present(QSize(1280, 720), 4);
    QVERIFY(mode);
    QTest::keyClick(mode, Qt::Key_PageDown);
    QTest::keyClick(mode, Qt::Key_H);
    QTest::keyClick(mode, Qt::Key_Escape);
    QVERIFY(!mode->isVisible());
    QTest::qWait(50);
    QCOMPARE(workbenchShape(*m_window), before);
    QCOMPARE(m_window->grab().toImage().size(), shotBefore.size());
}

// Inside a step the view stays live: a channel shows large and back, a prediction is marked,
// a strip tile shows large; a click on nothing clickable is "next".
void TestLessonMode::clicksInsideSteps() {
    LessonMode* mode = present(QSize(1280, 720), 4);  // feature maps
    QVERIFY(mode);
    mode->repaint();
    auto firstHit = [&](LessonHit::Kind kind) -> std::optional<LessonHit> {
        for (const LessonHit& h : mode->lastReport().hits)
            if (h.kind == kind) return h;
        return std::nullopt;
    };
    auto channel = firstHit(LessonHit::Channel);
    QVERIFY(channel);
    QTest::mouseClick(mode, Qt::LeftButton, {}, channel->rect.center().toPoint());
    QCOMPARE(mode->currentStep(), 4);
    QCOMPARE(mode->viewState().focus, channel->value);
    QVERIFY(firstHit(LessonHit::Back));
    QTest::mouseClick(mode, Qt::LeftButton, {}, firstHit(LessonHit::Back)->rect.center().toPoint());
    QCOMPARE(mode->viewState().focus, -1);
    mode->goTo(0);  // image and predictions
    mode->repaint();
    auto bar = firstHit(LessonHit::Prediction);
    QVERIFY(bar);
    QTest::mouseClick(mode, Qt::LeftButton, {}, bar->rect.center().toPoint());
    QCOMPARE(mode->currentStep(), 0);
    QCOMPARE(mode->viewState().markedClass, bar->value);
    mode->goTo(7);  // the CAM strip
    mode->repaint();
    auto tile = firstHit(LessonHit::Tile);
    QVERIFY(tile);
    QTest::mouseClick(mode, Qt::LeftButton, {}, tile->rect.center().toPoint());
    QCOMPARE(mode->viewState().focus, tile->value);
    QVERIFY2(mode->lastReport().overflows.isEmpty(), qPrintable(mode->lastReport().overflows.join('|')));
    QTest::keyClick(mode, Qt::Key_Escape);
}

void TestLessonMode::renderedPictureSize() {
    ds::Engine engine({ds::DeviceKind::Cpu});
    engine.load(fixtures::config(QStringLiteral("tiny")), uitest::fixture(QStringLiteral("tiny.pth")).toStdString());
    for (int i : {0, 2, 6, 8}) {
        const QImage image = renderLessonStep(m_lesson, i, engine, QSize(640, 360));
        QCOMPARE(image.size(), QSize(640, 360));
        // Something was drawn besides the white page.
        int drawn = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4) drawn += image.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY2(drawn > 200, qPrintable(QString::number(drawn)));
    }
    QVERIFY_THROWS_EXCEPTION(LessonError, renderLessonStep(m_lesson, 99, engine, QSize(640, 360)));
}

QTEST_MAIN(TestLessonMode)
#include "tst_lesson_mode.moc"
