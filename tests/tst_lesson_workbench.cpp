// Lessons on the workbench (issue 20, section 1; ui/window/lesson_controller.h): the Lesson
// menu's Add this view recording what the window shows, F11 and F5 presenting the lesson (or the
// view, or the built-in one), E editing it in lesson mode, a bad file keeping the lesson, the
// handout from the menu, and the step editor's reorder, delete and edits. The files, the
// built-in lesson's numbers and the CLI are in tst_lesson_files.
#include <QAction>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include "lesson.h"
#include "lesson_controller.h"
#include "lesson_editor.h"
#include "lesson_mode.h"
#include "lesson_test_support.h"
#include "main_window.h"
#include "ui_test_support.h"

using namespace ds::ui;
using namespace lessontest;

class TestLessonWorkbench : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        uitest::isolateFrom(m_tmp);
    }

    void addViewRecordsTheWorkbench() {
        auto w = uitest::started(uitest::tinyOptions());
        QVERIFY(w);
        QVERIFY(uitest::settle(*w, [&] { w->selectLayer(QStringLiteral("features.denseblock2")); }));
        LessonController* lessons = w->lessons();
        QVERIFY(!lessons->lesson());
        QVERIFY(!lessons->editAction()->isEnabled());
        w->raisePanel(QStringLiteral("featureMaps"));
        lessons->addCurrentView();
        w->raisePanel(QStringLiteral("reuse"));
        lessons->addCurrentView();
        w->raisePanel(QStringLiteral("cam"));
        lessons->addCurrentView();
        QVERIFY(lessons->lesson());
        const Lesson& l = *lessons->lesson();
        QCOMPARE(l.steps.size(), 3);
        QVERIFY(l.variant.isEmpty());  // the tiny layout is not a --variant name
        QCOMPARE(l.weights, uitest::fixture(QStringLiteral("tiny.pth")));
        QCOMPARE(l.image, uitest::fixture(QStringLiteral("input256.png")));
        QCOMPARE(l.steps[0].kind, LessonStepKind::FeatureMaps);
        QCOMPARE(l.steps[0].layer, QStringLiteral("features.denseblock2"));
        QVERIFY(l.steps[0].image.isEmpty());  // the lesson's image
        QCOMPARE(l.steps[1].kind, LessonStepKind::Reuse);
        QCOMPARE(l.steps[1].block, 2);
        QCOMPARE(l.steps[2].kind, LessonStepKind::Cam);
        QCOMPARE(l.steps[2].method, QStringLiteral("gradcam"));
        QCOMPARE(l.steps[2].classIndex, -1);
        for (const LessonStep& s : l.steps) QVERIFY(!s.title.isEmpty());
        QVERIFY(lessons->editAction()->isEnabled() && lessons->exportAction()->isEnabled());
        // Saved and opened again: the same lesson.
        const QString path = m_tmp.filePath(QStringLiteral("workbench.json"));
        QString error;
        QVERIFY2(lessons->saveLesson(path, &error), qPrintable(error));
        compareLessons(readLessonFile(path), l);

        // F11 and F5 are the Lesson menu's; there is no presentation mode any more.
        QVERIFY(!w->findChild<QAction*>(QStringLiteral("actionPresentation")));
        QCOMPARE(lessons->presentAction()->shortcut(), QKeySequence(Qt::Key_F11));
        QCOMPARE(lessons->startAction()->shortcut(), QKeySequence(Qt::Key_F5));
        QVERIFY(w->actions().contains(lessons->presentAction()));
        bool inMenuBar = false;
        for (QAction* a : w->menuBar()->actions()) inMenuBar |= a->menu() == lessons->menu();
        QVERIFY(inMenuBar);
        for (QAction* a : {lessons->startAction(), lessons->builtinAction(), lessons->openAction(),
                           lessons->saveAction(), lessons->addStepAction(), lessons->editAction(),
                           lessons->exportAction()})
            QVERIFY(lessons->menu()->actions().contains(a));
        // F11 on the workbench: lesson mode on the current lesson; Esc back.
        w->setLessonWindowSize(QSize(640, 360));
        QTest::keyClick(w.get(), Qt::Key_F11);
        QTRY_VERIFY(w->lessonMode() && w->lessonMode()->isVisible());
        QCOMPARE(w->lessonMode()->lesson().steps.size(), 3);
        QCOMPARE(w->lessonMode()->currentStep(), 0);
        // E in lesson mode: the step editor on that lesson; OK continues with the edited one.
        QTest::keyClick(w->lessonMode(), Qt::Key_E);
        LessonEditor* editor = w->lessonMode()->findChild<LessonEditor*>();
        QVERIFY(editor && editor->isVisible());
        editor->select(1);
        editor->removeCurrent();
        editor->accept();
        QCOMPARE(lessons->lesson()->steps.size(), 2);
        QCOMPARE(w->lessonMode()->lesson().steps.size(), 2);
        QVERIFY(w->lessonMode()->isVisible());
        QTest::keyClick(w->lessonMode(), Qt::Key_Escape);
        QTRY_VERIFY(!w->lessonMode()->isVisible());
    }

    void f11OpensLessonMode() {
        QMainWindow window;
        QVector<QPair<Lesson, int>> presented;
        WorkbenchView view;
        view.panel = QStringLiteral("featureMaps");
        view.layer = QStringLiteral("features.denseblock1");
        view.channel = 5;
        view.image = QStringLiteral("/photos/cat.png");
        view.weights = QStringLiteral("imagenet");
        LessonController::Hooks hooks;
        hooks.view = [&] { return view; };
        hooks.present = [&](const Lesson& l, int step) { presented.append({l, step}); };
        LessonController lessons(&window, hooks);
        window.menuBar()->addMenu(lessons.menu());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // No lesson: F11 is lesson mode on what the workbench shows.
        QTest::keyClick(&window, Qt::Key_F11);
        QCOMPARE(presented.size(), 1);
        QCOMPARE(presented[0].second, 0);
        QCOMPARE(presented[0].first.steps.size(), 1);
        QCOMPARE(presented[0].first.steps[0].kind, LessonStepKind::Channel);
        QCOMPARE(presented[0].first.steps[0].channel, 5);
        QCOMPARE(presented[0].first.image, QStringLiteral("/photos/cat.png"));
        QCOMPARE(presented[0].first.variant, QStringLiteral("densenet121"));
        QVERIFY(!lessons.lesson());  // a one-step lesson for F11 is not the lesson
        // With a lesson: F11 and F5 show it, from the first step.
        Lesson three = sampleLesson(m_tmp.path());
        three.steps.resize(3);
        lessons.setLesson(three);
        QTest::keyClick(&window, Qt::Key_F11);
        QCOMPARE(presented.size(), 2);
        QCOMPARE(presented[1].first.steps.size(), 3);
        QTest::keyClick(&window, Qt::Key_F5);
        QCOMPARE(presented.size(), 3);
        QCOMPARE(presented[2].first.title, three.title);
        // F5 with no lesson: the built-in one.
        LessonController fresh(&window, hooks);
        fresh.start();
        QCOMPARE(presented.size(), 4);
        QVERIFY(presented[3].first.steps.size() >= 12);
    }

    void badFileKeepsTheLesson() {
        QMainWindow window;
        LessonController lessons(&window, {});
        const Lesson good = sampleLesson(m_tmp.path());
        lessons.setLesson(good);
        const QString bad = m_tmp.filePath(QStringLiteral("bad-lesson.json"));
        writeBytes(bad, "{\"version\": 1, \"steps\": [{\"kind\": \"warp\"}]}");
        QString error;
        QVERIFY(!lessons.openLesson(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("“warp”")), qPrintable(error));
        compareLessons(*lessons.lesson(), good);
        QVERIFY(!lessons.openLesson(m_tmp.filePath(QStringLiteral("absent.json")), &error));
        compareLessons(*lessons.lesson(), good);
        // A lesson whose files are missing opens, with its problems.
        const QString path = m_tmp.filePath(QStringLiteral("away.json"));
        writeLessonFile(good, path);
        QVERIFY2(lessons.openLesson(path, &error), qPrintable(error));
        QVERIFY(lessons.lesson()->steps[0].problem.contains(QStringLiteral("dog.jpg")));
        // The handout from the menu's function: text pages without a renderer.
        const QString pdf = m_tmp.filePath(QStringLiteral("menu-handout.pdf"));
        QVERIFY2(lessons.exportHandout(pdf, &error), qPrintable(error));
        QCOMPARE(pdfPages(readAll(pdf)), int(good.steps.size()) + 1);
        QVERIFY(!lessons.exportHandout(m_tmp.path(), &error));  // a folder: refused
        QVERIFY(!error.isEmpty());
    }

    void editorReordersDeletesEdits() {
        Lesson l;
        for (const char* t : {"one", "two", "three", "four"}) {
            LessonStep s;
            s.kind = LessonStepKind::Growth;
            s.title = QLatin1String(t);
            l.steps << s;
        }
        const auto titles = [](const Lesson& x) {
            QStringList t;
            for (const LessonStep& s : x.steps) t << s.title;
            return t.join(QLatin1Char(','));
        };
        LessonEditor editor(l);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.select(2);
        editor.findChild<QPushButton*>(QStringLiteral("moveUp"))->click();
        QCOMPARE(titles(editor.lesson()), QStringLiteral("one,three,two,four"));
        QCOMPARE(editor.current(), 1);
        editor.select(0);
        editor.findChild<QPushButton*>(QStringLiteral("moveDown"))->click();
        QCOMPARE(titles(editor.lesson()), QStringLiteral("three,one,two,four"));
        editor.select(3);
        editor.findChild<QPushButton*>(QStringLiteral("deleteStep"))->click();
        QCOMPARE(titles(editor.lesson()), QStringLiteral("three,one,two"));
        QCOMPARE(editor.current(), 2);
        // The title and note as typed.
        auto* title = editor.findChild<QLineEdit*>(QStringLiteral("stepTitle"));
        title->selectAll();
        QTest::keyClicks(title, QStringLiteral("Two, retitled"));
        auto* note = editor.findChild<QPlainTextEdit*>(QStringLiteral("stepNote"));
        note->setFocus();
        QTest::keyClicks(note, QStringLiteral("Say this."));
        QCOMPARE(editor.lesson().steps[2].title, QStringLiteral("Two, retitled"));
        QCOMPARE(editor.lesson().steps[2].note, QStringLiteral("Say this."));
        QCOMPARE(l.steps[1].title, QStringLiteral("two"));  // a copy until OK
        // The controller takes the edited lesson on OK (Cancel changes nothing).
        QMainWindow window;
        LessonController lessons(&window, {});
        lessons.setLesson(l);
        LessonEditor* cancelled = lessons.editSteps();
        QVERIFY(cancelled && cancelled->isVisible());
        cancelled->removeCurrent();
        cancelled->reject();
        QCOMPARE(titles(*lessons.lesson()), QStringLiteral("one,two,three,four"));
        bool accepted = false;
        LessonEditor* open = lessons.editSteps(nullptr, [&] { accepted = true; });
        QVERIFY(open);
        QCOMPARE(open->windowModality(), Qt::WindowModal);
        open->select(0);
        open->removeCurrent();
        open->accept();
        QVERIFY(accepted);
        QCOMPARE(titles(*lessons.lesson()), QStringLiteral("two,three,four"));
    }
};

QTEST_MAIN(TestLessonWorkbench)
#include "tst_lesson_workbench.moc"
